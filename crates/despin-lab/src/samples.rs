//! The labelled data of calibration: clean documents cut into chunks of web-article size, a
//! seeded split of the documents into a tuning half and a test half, and every chunk spun in
//! every mode.

use crate::rng::{hash, Rng};
use crate::spinner::{Mode, Spinner};

/// The seed of everything random in calibration: chunk lengths, the split, the spinner.
/// Changing it changes every published figure.
pub const CALIBRATION_SEED: &str = "despin-calibrate-2025";

/// Shortest and longest chunk, in words.
pub const CHUNK_WORDS: (usize, usize) = (300, 800);

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
