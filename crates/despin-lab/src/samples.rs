//! The labelled data of calibration: clean documents cut into excerpts of web-page size, and a
//! seeded split of the documents into a tuning half and a test half. (The spun copies of each
//! excerpt are made by the calibration as it scores them.)

use crate::rng::{hash, Rng};

/// The seed of everything random in calibration: chunk lengths, the split, the spinner.
/// Changing it changes every published figure.
pub const CALIBRATION_SEED: &str = "despin-calibrate-2025";

/// Shortest and longest excerpt, in words: web pages of about 300 words.
pub const CHUNK_WORDS: (usize, usize) = (280, 320);

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
/// for `brown/ca01`; `nlp/nlp-` for the nlp-corpus chunks).
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

/// A clean excerpt of a source document, on its side of the split.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    /// `ca01#2`: the source's name and the excerpt's number.
    pub id: String,
    /// The source document.
    pub source: String,
    /// The corpus it comes from (`brown`, `nlp`, `fixtures`).
    pub corpus: String,
    pub half: Half,
    pub text: String,
}

/// Cuts every source into excerpts of `words` (at line ends) and puts each on the side of its
/// source. `sources` are (corpus, name, text); names decide the split, within each corpus.
pub fn excerpts(sources: &[(String, String, String)], words: (usize, usize), seed: &str) -> Vec<Chunk> {
    let names: Vec<String> = sources.iter().map(|(c, n, _)| format!("{c}/{n}")).collect();
    let halves = halves(&names, seed);
    let mut out = Vec::new();
    for ((corpus, name, text), half) in sources.iter().zip(halves) {
        let mut rng = Rng::new(hash(seed, &["chunks", name]));
        for (k, text) in chunks(text, &mut rng, words.0, words.1).into_iter().enumerate() {
            out.push(Chunk { id: format!("{name}#{k}"), source: name.clone(), corpus: corpus.clone(), half, text });
        }
    }
    out
}
