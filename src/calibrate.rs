//! Calibration of the article score on labelled data of the project's own making.
//!
//! Clean documents (the Brown corpus, cut into web-article-sized chunks) are run through a
//! spinner of our own, and the scanner's features on the clean and spun chunks are the labelled
//! data the score's logistic model ([`crate::score::Model`]) is fitted on. The pieces:
//!
//! - [`Rng`]: a small seeded generator (splitmix64), so that every step is deterministic;
//! - [`chunks`]: a document cut at line ends into pieces of 300 to 800 words;
//! - [`halves`]: the split of source documents into a tuning half and a test half, by document
//!   (every chunk and every spun copy of a document is on the side of its document), stratified
//!   by Brown genre and seeded;
//! - [`Spinner`]: the thesaurus spinner: sense-blind swaps from `wordlists/synonyms.tsv` (WordNet
//!   and Moby) at a rate, and the fixed-dictionary spinner (`wordlists/spinner.tsv` inverted: a
//!   word always becomes the same replacement, every time it occurs), which is how the real
//!   spinner behaves;
//! - [`fit`]: L2-regularised, weighted logistic regression by Newton's method (IRLS), with
//!   optional fixed coefficients;
//! - [`metrics`] and [`auc`]: precision, recall, F1, false-positive rate and the area under the
//!   ROC curve.
//!
//! `despin eval calibrate --brown target/corpora/brown` runs the whole pipeline.
//!
//! ```
//! use despin::calibrate::{Mode, Spinner};
//!
//! let spinner = Spinner::from_tables("round\tspherical circular\n", "");
//! let out = spinner.spin("The Round table met for a round of talks.", Mode::Thesaurus(1.0), 7);
//! assert_eq!(out.changed, 2);
//! assert!(out.text.starts_with("The Spherical table") || out.text.starts_with("The Circular table"));
//! ```

use std::collections::HashMap;

use crate::dictionary;
use crate::lexicon;

/// The seed of everything random in calibration: chunk lengths, the split, the spinner.
/// Changing it changes every published figure.
pub const CALIBRATION_SEED: &str = "despin-calibrate-2025";

/// The spin rates of the thesaurus spinner: the share of eligible words it swaps.
pub const THESAURUS_RATES: &[f64] = &[0.05, 0.1, 0.2, 0.35];
/// The rates of the fixed-dictionary spinner: the share of its dictionary's words it uses in a
/// document (each used word is rewritten at every occurrence).
pub const DICTIONARY_RATES: &[f64] = &[0.5, 1.0];

/// Fewest times the spinner's dictionary must have seen a substitution for the dictionary
/// spinner to use it.
pub const MIN_DICTIONARY_COUNT: u32 = 2;

/// Shortest and longest chunk, in words.
pub const CHUNK_WORDS: (usize, usize) = (300, 800);

/// FNV-1a of a seed and some parts, for seeding [`Rng`] and ordering documents.
pub fn hash(seed: &str, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes().chain(parts.iter().flat_map(|p| std::iter::once(0).chain(p.bytes()))) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    // Mix the high bits down: FNV's low bits are weak.
    let mut z = h;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A small deterministic random generator (splitmix64). Not for cryptography.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
}

/// Cuts a text at line ends into chunks of `min..=max` words (each chunk's target length drawn
/// by `rng`). A tail shorter than `min` joins the last chunk; a text shorter than `min` is one
/// chunk. Lines are kept whole, so a chunk may run past its target by one line.
pub fn chunks(text: &str, rng: &mut Rng, min: usize, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut words = 0;
    let mut target = min + rng.below(max - min + 1);
    let mut last_words = 0;
    for line in text.lines() {
        let n = line.split_whitespace().count();
        if n == 0 {
            continue;
        }
        cur.push_str(line);
        cur.push('\n');
        words += n;
        if words >= target {
            out.push(std::mem::take(&mut cur));
            last_words = words;
            words = 0;
            target = min + rng.below(max - min + 1);
        }
    }
    if !cur.is_empty() {
        match out.last_mut() {
            Some(last) if words < min && last_words + words <= max + min => last.push_str(&cur),
            _ => out.push(cur),
        }
    }
    out
}

/// Which half of the labelled data a source document is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Half {
    /// Fitted on.
    Tune,
    /// Measured on.
    Test,
}

/// The stratum of a document name: the name without its trailing digits (Brown's genre, `ca`
/// for `ca01`).
fn stratum(name: &str) -> &str {
    name.trim_end_matches(|c: char| c.is_ascii_digit())
}

/// Splits source documents into halves: within each stratum (see above), the documents are
/// ordered by a seeded hash of their name and dealt alternately to the tuning and the test half,
/// starting with a side chosen by the hash of the stratum. Deterministic, independent of the
/// order of `names`, and exactly balanced within one document per stratum.
pub fn halves(names: &[String], seed: &str) -> Vec<Half> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| (stratum(&names[i]), hash(seed, &[&names[i]]), &names[i]));
    let mut out = vec![Half::Tune; names.len()];
    let mut k = 0;
    for (j, &i) in order.iter().enumerate() {
        if j == 0 || stratum(&names[order[j - 1]]) != stratum(&names[i]) {
            k = (hash(seed, &["stratum", stratum(&names[i])]) & 1) as usize;
        }
        out[i] = if k % 2 == 0 { Half::Tune } else { Half::Test };
        k += 1;
    }
    out
}

/// How to spin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    /// Each word that has a synonym is swapped, with this probability, for one of its synonyms
    /// drawn at random: blind to sense and part of speech.
    Thesaurus(f64),
    /// Each word of the dictionary is used in this document with this probability; a used word
    /// becomes its one fixed replacement at every occurrence.
    Dictionary(f64),
}

impl Mode {
    pub fn rate(&self) -> f64 {
        match *self {
            Mode::Thesaurus(r) | Mode::Dictionary(r) => r,
        }
    }

    /// A short label: `thesaurus 0.10`, `dictionary 1.00`.
    pub fn label(&self) -> String {
        match *self {
            Mode::Thesaurus(r) => format!("thesaurus {r:.2}"),
            Mode::Dictionary(r) => format!("dictionary {r:.2}"),
        }
    }
}

/// A spun text and what was done to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Spun {
    pub text: String,
    /// Words (runs of ASCII letters) in the text.
    pub words: usize,
    /// Words the spinner could have rewritten.
    pub eligible: usize,
    /// Words it rewrote.
    pub changed: usize,
}

/// The spinner: a thesaurus for sense-blind swaps and a fixed dictionary.
#[derive(Debug, Clone, Default)]
pub struct Spinner {
    synonyms: HashMap<String, Vec<String>>,
    fixed: HashMap<String, String>,
}

impl Spinner {
    /// The spinner of the shipped tables: `wordlists/synonyms.tsv` and `wordlists/spinner.tsv`.
    pub fn defaults() -> Spinner {
        Spinner::from_tables(lexicon::SYNONYMS, dictionary::DEFAULT_DICTIONARY)
    }

    /// A spinner from a synonym table (`word<TAB>syn syn ...`) and a spinner's dictionary
    /// (`spun<TAB>original<TAB>count`). The dictionary is inverted: each single-word original
    /// gets the replacement the spinner wrote most often for it (ties: the first in byte order).
    /// Substitutions seen fewer than [`MIN_DICTIONARY_COUNT`] times are left out: most of them
    /// are noise of the alignment the dictionary was learned by ("a" for "the").
    pub fn from_tables(synonyms: &str, dict: &str) -> Spinner {
        let mut s = Spinner::default();
        for line in synonyms.lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some((w, syns)) = line.split_once('\t') else { continue };
            let w = w.trim().to_lowercase();
            let syns: Vec<String> = syns
                .split_whitespace()
                .filter(|x| x.bytes().all(|b| b.is_ascii_alphabetic()) && **x != *w)
                .map(str::to_lowercase)
                .collect();
            if !syns.is_empty() && w.bytes().all(|b| b.is_ascii_alphabetic()) {
                s.synonyms.insert(w, syns);
            }
        }
        let mut best: HashMap<String, (u32, String)> = HashMap::new();
        for m in dictionary::parse(dict).unwrap_or_default() {
            let (spun, orig) = (m.spun.to_lowercase(), m.original.to_lowercase());
            let letters = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ');
            if m.count < MIN_DICTIONARY_COUNT
                || orig.contains(' ')
                || !letters(&orig)
                || !letters(&spun)
                || spun == orig
            {
                continue;
            }
            let e = best.entry(orig).or_insert((0, String::new()));
            if m.count > e.0 || (m.count == e.0 && spun < e.1) {
                *e = (m.count, spun);
            }
        }
        s.fixed = best.into_iter().map(|(k, (_, v))| (k, v)).collect();
        s
    }

    /// Number of words with synonyms, and of words in the fixed dictionary.
    pub fn sizes(&self) -> (usize, usize) {
        (self.synonyms.len(), self.fixed.len())
    }

    /// Spins a text. Words are runs of ASCII letters not joined to a digit or an apostrophe
    /// ("don't" is left alone); everything else is copied as it is. A replacement takes the
    /// letter case of the word: `The` -> `A`, `US` -> `USA`-style all capitals, `round` -> `spherical`.
    /// The same text, mode and seed give the same output.
    pub fn spin(&self, text: &str, mode: Mode, seed: u64) -> Spun {
        let mut rng = Rng::new(seed);
        let b = text.as_bytes();
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let (mut words, mut eligible, mut changed) = (0, 0, 0);
        // Dictionary mode: which words are used in this document, decided once per word.
        let mut used: HashMap<&str, bool> = HashMap::new();
        let mut i = 0;
        let mut copied = 0;
        while i < b.len() {
            if !b[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            words += 1;
            let joined = |c: u8| c.is_ascii_digit() || c == b'\'' || c == b'_' || c >= 0x80;
            if (start > 0 && joined(b[start - 1])) || (i < b.len() && joined(b[i])) {
                continue;
            }
            let word = &text[start..i];
            let lower = word.to_ascii_lowercase();
            let replacement: Option<&str> = match mode {
                Mode::Thesaurus(rate) => match self.synonyms.get(&lower) {
                    Some(syns) => {
                        eligible += 1;
                        if rng.unit() < rate {
                            Some(&syns[rng.below(syns.len())])
                        } else {
                            None
                        }
                    }
                    None => None,
                },
                Mode::Dictionary(rate) => match self.fixed.get_key_value(&lower) {
                    Some((k, v)) => {
                        eligible += 1;
                        let on = *used.entry(k.as_str()).or_insert_with(|| rng.unit() < rate);
                        on.then_some(v.as_str())
                    }
                    None => None,
                },
            };
            if let Some(r) = replacement {
                changed += 1;
                out.push_str(&text[copied..start]);
                out.push_str(&with_case(word, r));
                copied = i;
            }
        }
        out.push_str(&text[copied..]);
        Spun { text: out, words, eligible, changed }
    }
}

/// `replacement` in the letter case of `word`: all capitals (for words of two letters or more),
/// a capital first letter, or as it is.
pub fn with_case(word: &str, replacement: &str) -> String {
    let upper = |c: char| c.is_ascii_uppercase();
    if word.len() > 1 && word.chars().all(upper) {
        replacement.to_ascii_uppercase()
    } else if word.chars().next().is_some_and(upper) {
        let mut c = replacement.chars();
        c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
    } else {
        replacement.to_string()
    }
}

/// One labelled document of the calibration data.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// `ca01#2` (clean) or `ca01#2 thesaurus 0.10`.
    pub id: String,
    /// The source document.
    pub source: String,
    pub half: Half,
    /// The spin applied, if any.
    pub mode: Option<Mode>,
    pub text: String,
    /// Share of words the spinner rewrote (0 for clean text).
    pub changed: f64,
}

/// The labelled data: every chunk of every source document, clean and spun in every mode.
/// `sources` are (name, text) pairs; names decide the split.
pub fn samples(sources: &[(String, String)], spinner: &Spinner, modes: &[Mode], seed: &str) -> Vec<Sample> {
    let names: Vec<String> = sources.iter().map(|(n, _)| n.clone()).collect();
    let halves = halves(&names, seed);
    let mut out = Vec::new();
    for ((name, text), half) in sources.iter().zip(halves) {
        let mut rng = Rng::new(hash(seed, &["chunks", name]));
        for (k, chunk) in chunks(text, &mut rng, CHUNK_WORDS.0, CHUNK_WORDS.1).into_iter().enumerate() {
            let id = format!("{name}#{k}");
            for &mode in modes {
                let s = spinner.spin(&chunk, mode, hash(seed, &["spin", &id, &mode.label()]));
                out.push(Sample {
                    id: format!("{id} {}", mode.label()),
                    source: name.clone(),
                    half,
                    mode: Some(mode),
                    text: s.text,
                    changed: s.changed as f64 / s.words.max(1) as f64,
                });
            }
            out.push(Sample { id, source: name.clone(), half, mode: None, text: chunk, changed: 0.0 });
        }
    }
    out
}

/// Fits `p = 1 / (1 + e^-(b0 + b·x))` by Newton's method (iteratively reweighted least squares)
/// on rows `x` with labels `y` and sample weights `w`, with an L2 penalty `l2` on the
/// coefficients (not the intercept). `fixed[j]`, when set, holds coefficient `j` (0 is the
/// intercept) at that value. Returns `[b0, b1, ...]`.
///
/// ```
/// use despin::calibrate::fit;
///
/// let x: Vec<Vec<f64>> = (0..200).map(|i| vec![i as f64 / 100.0 - 1.0]).collect();
/// let y: Vec<bool> = x.iter().map(|r| r[0] > 0.0).collect();
/// let b = fit(&x, &y, &vec![1.0; 200], 1.0, &[None, None]);
/// assert!(b[1] > 5.0 && b[0].abs() < 1.0);
/// ```
pub fn fit(x: &[Vec<f64>], y: &[bool], w: &[f64], l2: f64, fixed: &[Option<f64>]) -> Vec<f64> {
    let k = x.first().map_or(0, Vec::len) + 1;
    assert!(fixed.len() == k && y.len() == x.len() && w.len() == x.len(), "fit: mismatched lengths");
    let mut b: Vec<f64> = fixed.iter().map(|f| f.unwrap_or(0.0)).collect();
    let free: Vec<usize> = (0..k).filter(|&j| fixed[j].is_none()).collect();
    let row = |r: &Vec<f64>, j: usize| if j == 0 { 1.0 } else { r[j - 1] };
    for _ in 0..100 {
        let n = free.len();
        let mut grad = vec![0.0; n];
        let mut hess = vec![vec![0.0; n]; n];
        for ((r, &yi), &wi) in x.iter().zip(y).zip(w) {
            let z: f64 = b[0] + r.iter().zip(&b[1..]).map(|(a, c)| a * c).sum::<f64>();
            let p = 1.0 / (1.0 + (-z).exp());
            let e = f64::from(u8::from(yi)) - p;
            let v = (p * (1.0 - p)).max(1e-12) * wi;
            for (a, &ja) in free.iter().enumerate() {
                let xa = row(r, ja);
                grad[a] += wi * e * xa;
                for (c, &jc) in free.iter().enumerate() {
                    hess[a][c] += v * xa * row(r, jc);
                }
            }
        }
        for a in 0..n {
            if free[a] != 0 {
                grad[a] -= l2 * b[free[a]];
                hess[a][a] += l2;
            }
            hess[a][a] += 1e-9;
        }
        let step = solve(hess, grad);
        let mut size: f64 = 0.0;
        for (a, &j) in free.iter().enumerate() {
            b[j] += step[a];
            size = size.max(step[a].abs());
        }
        if size < 1e-9 {
            break;
        }
    }
    b
}

/// Solves `a x = v` by Gaussian elimination with partial pivoting (a small dense system).
fn solve(mut a: Vec<Vec<f64>>, mut v: Vec<f64>) -> Vec<f64> {
    let n = v.len();
    for col in 0..n {
        let piv = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs())).unwrap_or(col);
        a.swap(col, piv);
        v.swap(col, piv);
        let d = a[col][col];
        if d.abs() < 1e-300 {
            continue;
        }
        for r in col + 1..n {
            let f = a[r][col] / d;
            if f != 0.0 {
                let (top, rest) = a.split_at_mut(r);
                for (x, p) in rest[0][col..].iter_mut().zip(&top[col][col..]) {
                    *x -= f * p;
                }
                v[r] -= f * v[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for r in (0..n).rev() {
        let s: f64 = v[r] - (r + 1..n).map(|c| a[r][c] * x[c]).sum::<f64>();
        x[r] = if a[r][r].abs() < 1e-300 { 0.0 } else { s / a[r][r] };
    }
    x
}

/// The area under the ROC curve: the chance that a positive scores above a negative, ties
/// counting half. 0.5 when either class is empty.
///
/// ```
/// use despin::calibrate::auc;
///
/// assert_eq!(auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]), 0.75);
/// ```
pub fn auc(scores: &[f64], labels: &[bool]) -> f64 {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&i, &j| scores[i].total_cmp(&scores[j]));
    // Sum of the ranks of the positives, ties at their mean rank.
    let (mut rank_sum, mut pos) = (0.0, 0usize);
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && scores[idx[j + 1]] == scores[idx[i]] {
            j += 1;
        }
        let mean_rank = (i + j) as f64 / 2.0 + 1.0;
        for &t in &idx[i..=j] {
            if labels[t] {
                rank_sum += mean_rank;
                pos += 1;
            }
        }
        i = j + 1;
    }
    let neg = scores.len() - pos;
    if pos == 0 || neg == 0 {
        return 0.5;
    }
    (rank_sum - (pos * (pos + 1)) as f64 / 2.0) / (pos as f64 * neg as f64)
}

/// Detection figures at a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Metrics {
    pub positives: usize,
    pub negatives: usize,
    pub true_positives: usize,
    pub false_positives: usize,
    /// Of the flagged, the share that is spun (1 when nothing is flagged).
    pub precision: f64,
    /// Of the spun, the share flagged.
    pub recall: f64,
    pub f1: f64,
    /// Of the clean, the share flagged.
    pub false_positive_rate: f64,
    pub auc: f64,
}

/// Precision, recall, F1, false-positive rate and AUC of `scores` against `labels` (true:
/// spun), flagging at `score >= threshold`.
pub fn metrics(scores: &[f64], labels: &[bool], threshold: f64) -> Metrics {
    let mut m = Metrics::default();
    for (&s, &l) in scores.iter().zip(labels) {
        let flagged = s >= threshold;
        if l {
            m.positives += 1;
            m.true_positives += usize::from(flagged);
        } else {
            m.negatives += 1;
            m.false_positives += usize::from(flagged);
        }
    }
    let flagged = m.true_positives + m.false_positives;
    m.precision = if flagged == 0 { 1.0 } else { m.true_positives as f64 / flagged as f64 };
    m.recall = m.true_positives as f64 / m.positives.max(1) as f64;
    m.f1 = if m.precision + m.recall > 0.0 { 2.0 * m.precision * m.recall / (m.precision + m.recall) } else { 0.0 };
    m.false_positive_rate = m.false_positives as f64 / m.negatives.max(1) as f64;
    m.auc = auc(scores, labels);
    m
}
