//! Calibration: labelled data of the project's own making, scored by the detector, and the fit
//! of the score's logistic model on it.
//!
//! - Clean text: Brown documents, chunks of nlp-corpus and the project's clean fixtures, cut into
//!   excerpts of about 300 words (web pages), split by source document into a tuning half and a
//!   test half (the fixtures are all fitted on).
//! - Spun text: every excerpt spun by each of the lab's spinners ([`crate::spinner`]) at a few
//!   strengths.
//! - The fit ([`fit_model`]): weighted, L2-regularised logistic regression on the tuning half,
//!   the classes weighing the same, slopes held non-negative, the intercept then moved to the
//!   prior (one spun document in 1,000). A spinner can be left out of the fit entirely, to
//!   measure the detector on a spinner it was not tuned on.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use despin::score::model::INPUTS;
use despin::score::{Features, Model};
use despin::Detector;

use crate::fit::fit;
use crate::rng::hash;
use crate::samples::{Chunk, Half};
use crate::spinner::{Spin, Spinner, UNSEEN};

/// The strengths of the thesaurus spinners: the share of the words they change.
pub const THESAURUS_SHARES: &[f64] = &[0.05, 0.1, 0.2];
/// The strengths of the dictionary spinners: the share of their dictionary used in a document.
pub const DICTIONARY_STRENGTHS: &[f64] = &[0.5, 1.0];

/// Coefficients held at hand-set values unless asked otherwise (by index, the intercept being
/// 0): those of the list inputs, density and distinct entries, which clean data cannot fit
/// since it carries no list hit. With them, a spun article of a thousand words needs about
/// eight different listed phrases to be flagged on the lists alone, and one stray phrase in a
/// clean note is not enough.
pub const HELD: &[(usize, f64)] = &[(1, 1.6), (2, 2.2)];

/// The share of clean tuning excerpts each input's knot leaves below it.
pub const KNOT_QUANTILE: f64 = 0.99;

/// Every substitution the detector loads: its dictionary and the real spinners'.
pub fn known_substitutions() -> Vec<despin::infer::profile::Substitution> {
    use despin::infer::profile::{read, REAL_SPINS};
    let mut subs = read(despin::rules::dictionary::DEFAULT_DICTIONARY, true);
    subs.extend(read(REAL_SPINS, true));
    subs
}

/// The spins of the calibration: each spinner at each of its strengths, and the spinner of
/// swaps the detector has never seen ([`Spinner::unseen`]) at 10% and 20%, which no fit uses.
pub fn spins() -> Vec<Spin> {
    let unseen = Spinner::unseen(UNSEEN, crate::spinner::MOBY, despin::lang::lexicon::SYNONYMS, &known_substitutions());
    let unseen = Arc::new(unseen);
    let mut out = vec![Spin { spinner: Arc::clone(&unseen), strength: 0.1 }, Spin { spinner: unseen, strength: 0.2 }];
    for spinner in Spinner::all() {
        let strengths =
            if matches!(*spinner, Spinner::Thesaurus { .. }) { THESAURUS_SHARES } else { DICTIONARY_STRENGTHS };
        for &strength in strengths {
            out.push(Spin { spinner: Arc::clone(&spinner), strength });
        }
    }
    out
}

/// The `*.txt` files under a folder (recursively), sorted, as (name, text); the name is the path
/// below the folder without `.txt`.
pub fn read_texts(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let rd = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for entry in rd {
            let p = entry.map_err(|e| format!("{}: {e}", d.display()))?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(dir).unwrap_or(&p).with_extension("").display().to_string();
            std::fs::read(&p)
                .map(|b| (name, String::from_utf8_lossy(&b).into_owned()))
                .map_err(|e| format!("{}: {e}", p.display()))
        })
        .collect()
}

/// One excerpt, clean or spun, as the detector saw it.
#[derive(Debug, Clone)]
pub struct Scored {
    /// Index into the excerpts.
    pub chunk: usize,
    /// Index into the spins, or None for the clean excerpt.
    pub spin: Option<usize>,
    /// Share of words the spinner rewrote.
    pub changed: f64,
    pub features: Features,
}

/// Scores every excerpt, clean and spun by every spin, in parallel.
pub fn score_all(detector: &Detector, chunks: &[Chunk], spins: &[Spin], seed: &str) -> Vec<Scored> {
    chunks
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, c)| {
            let clean = Scored {
                chunk: i,
                spin: None,
                changed: 0.0,
                features: detector.score(&c.id, c.text.as_bytes()).features,
            };
            let spun = spins.iter().enumerate().map(move |(k, spin)| {
                let s = spin.spin(&c.text, hash(seed, &["spin", &c.id, &spin.label()]));
                let features = detector.score(&c.id, s.text.as_bytes()).features;
                Scored { chunk: i, spin: Some(k), changed: s.changed as f64 / s.words.max(1) as f64, features }
            });
            std::iter::once(clean).chain(spun).collect::<Vec<_>>()
        })
        .collect()
}

/// How to fit.
#[derive(Debug, Clone, Copy)]
pub struct FitOptions {
    pub l2: f64,
    /// Share of spun documents the probability is for.
    pub prior: f64,
    pub threshold: f64,
    /// Fit the list inputs too, instead of holding them at the shipped model's values.
    pub fit_lists: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions { l2: 1.0, prior: despin::score::model::PRIOR, threshold: 0.5, fit_lists: false }
    }
}

/// A fitted model, with the intercept before the prior moved it.
#[derive(Debug, Clone, Copy)]
pub struct Fitted {
    pub model: Model,
    pub even_intercept: f64,
}

/// Fits the model on the tuning half: clean excerpts weigh 1 each, the spun copies of the spins
/// that `include` keeps (never those of [`UNSEEN`]) share the same total weight.
pub fn fit_model(
    scored: &[Scored],
    chunks: &[Chunk],
    spins: &[Spin],
    include: impl Fn(&Spin) -> bool,
    opts: FitOptions,
) -> Fitted {
    let kept: Vec<bool> = spins.iter().map(|s| s.spinner.name() != UNSEEN && include(s)).collect();
    let n_spins = kept.iter().filter(|&&k| k).count().max(1);
    let rows: Vec<&Scored> =
        scored.iter().filter(|s| chunks[s.chunk].half == Half::Tune && s.spin.is_none_or(|k| kept[k])).collect();
    // Each input's knot: what clean excerpts of the tuning half show anyway.
    let mut knots = [0.0; INPUTS];
    for (j, k) in knots.iter_mut().enumerate() {
        let mut clean: Vec<f64> =
            rows.iter().filter(|s| s.spin.is_none()).map(|s| Model::inputs(&s.features)[j]).collect();
        clean.sort_by(f64::total_cmp);
        if !clean.is_empty() {
            *k = (clean[((clean.len() - 1) as f64 * KNOT_QUANTILE) as usize] * 1000.0).round() / 1000.0;
        }
    }
    let hinge = Model::new([0.0; INPUTS + 1], knots, opts.threshold);
    let x: Vec<Vec<f64>> = rows.iter().map(|s| hinge.hinged(&s.features).to_vec()).collect();
    let y: Vec<bool> = rows.iter().map(|s| s.spin.is_some()).collect();
    let w: Vec<f64> = y.iter().map(|&spun| if spun { 1.0 / n_spins as f64 } else { 1.0 }).collect();
    let mut fixed: Vec<Option<f64>> = vec![None; INPUTS + 1];
    if !opts.fit_lists {
        for &(j, v) in HELD {
            fixed[j] = Some(v);
        }
    }
    // Every input is evidence of spinning: a slope that comes out negative (collinear inputs)
    // is held at 0 and the rest refitted.
    let mut b = fit(&x, &y, &w, opts.l2, &fixed);
    while let Some(j) = (1..=INPUTS).find(|&j| fixed[j].is_none() && b[j] < 0.0) {
        fixed[j] = Some(0.0);
        b = fit(&x, &y, &w, opts.l2, &fixed);
    }
    let mut c = [0.0; INPUTS + 1];
    c.copy_from_slice(&b);
    let even_intercept = c[0];
    c[0] += (opts.prior / (1.0 - opts.prior)).ln();
    // Rounded as the report prints them, so that the shipped constant is the fit itself.
    for v in &mut c {
        *v = (*v * 1000.0).round() / 1000.0;
    }
    Fitted { model: Model::new(c, knots, opts.threshold), even_intercept }
}

/// The recall at a false-positive rate of at most `fpr`: the threshold is the score that no more
/// than that share of the clean scores exceed. Returns (recall, false-positive rate reached).
pub fn recall_at(clean: &[f64], spun: &[f64], fpr: f64) -> (f64, f64) {
    if clean.is_empty() || spun.is_empty() {
        return (0.0, 0.0);
    }
    let mut c: Vec<f64> = clean.to_vec();
    c.sort_by(|a, b| b.total_cmp(a));
    let allowed = (fpr * c.len() as f64).floor() as usize;
    let t = c[allowed.min(c.len() - 1)];
    let fp = c.iter().filter(|&&s| s > t).count();
    let tp = spun.iter().filter(|&&s| s > t).count();
    (tp as f64 / spun.len() as f64, fp as f64 / c.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recall_at_a_false_positive_rate() {
        let clean: Vec<f64> = (0..100).map(|i| i as f64 / 100.0).collect();
        // 1% of 100 clean scores may be above the threshold: 0.98 is the threshold, 0.99 above.
        let (r, f) = recall_at(&clean, &[0.985, 0.995, 0.5], 0.01);
        assert_eq!((r, f), (2.0 / 3.0, 0.01));
    }
}
