//! The spinner's profile: evidence, over a whole document, that a spinner's dictionary was
//! applied.
//!
//! A spinner rewrites every occurrence (or nearly) of the words it knows. A news page that says
//! "stated" and "mentioned" fifteen times and "said" never, or "within" far more often than "in",
//! shows it even where each word alone is English. For each original word `o` that spinners are
//! known to rewrite, into outputs `s_k` with shares `w_k` (from the lists' learned dictionary
//! and from real spinners' pages, `tables/real_spins.tsv`), the counts of `o` and of its outputs
//! in a document are compared under two hypotheses, each count Poisson at the rates of clean
//! English (`r`, per word, from the web counts of the language tables):
//!
//! - clean: `c(o) ~ Pois(N r(o))`, `c(s_k) ~ Pois(N r(s_k))`;
//! - spun: all but a share `ε` of the occurrences of `o` became outputs:
//!   `c(o) ~ Pois(ε N r(o))`, `c(s_k) ~ Pois(N r(s_k) + (1 - ε) w_k N r(o))`.
//!
//! The likelihood ratio of the two is `ε^c(o) · Π_k (1 + (1 - ε) w_k r(o) / r(s_k))^c(s_k)`: each
//! output seen multiplies it by how much likelier the output is once the original's share is
//! added, each original seen divides it by `1/ε`; the length of the document cancels. Since a
//! spinner touches only some of the words it knows, the ratio of a word is mixed with the prior
//! `π` that it was touched, `(1 - π) + π LR`, and its logarithm is capped (words come in bursts
//! that Poisson counts do not foresee). The document's evidence is the sum over words, and the
//! number of words with strong evidence: a spinner rewrites many different words, while a clean
//! text that happens to favour one unusual word shows one.
//!
//! ```
//! use despin::infer::profile::{Profile, Substitution};
//!
//! let subs = [Substitution { original: "said".into(), spun: "stated".into(), count: 18 }];
//! let profile = Profile::new(&subs);
//! let spun = "Officials stated on Monday that the plan stated its aims. The mayor stated it again.";
//! let clean = "Officials said on Monday that the plan stated its aims. The mayor said it again.";
//! assert!(profile.evidence(spun.as_bytes()).sum > 3.0);
//! assert!(profile.evidence(clean.as_bytes()).sum < 0.5);
//! ```

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::lang::Lexicon;
use crate::rules::dictionary::DEFAULT_DICTIONARY;
use crate::text::hash::{pair_hash, phrase_hash, word_hash, Fnv1a, HashedMap};
use crate::text::words::{is_token_byte, words};

/// Substitutions of real news spinners, aligned from spun pages and their originals (sources and
/// dialect families in `tables/real_spins_sources.tsv`).
pub const REAL_SPINS: &str = include_str!("../../../../tables/real_spins.tsv");

static DEFAULT_PROFILE: LazyLock<Profile> = LazyLock::new(|| {
    let mut subs = read(DEFAULT_DICTIONARY, true);
    subs.extend(read(REAL_SPINS, true));
    Profile::new(&subs)
});

/// Share of an original's occurrences a spinner leaves as they were.
pub const LEFT: f64 = 0.2;
/// Prior that a spinner touched a given word it knows.
pub const TOUCHED: f64 = 0.3;
/// Most evidence one word can give, in natural log units.
pub const CAP: f64 = 4.0;
/// Evidence from which a word counts as strongly rewritten (ln 10).
pub const STRONG: f64 = std::f64::consts::LN_10;
/// Fewest times a substitution must have been seen to count.
pub const MIN_COUNT: u32 = 2;
/// Rate of a word or phrase the tables lack (per word of text).
const UNKNOWN_RATE: f64 = 1e-8;

/// One substitution a spinner was seen making.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    pub original: String,
    pub spun: String,
    pub count: u32,
}

/// What the profile found in a document.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Evidence {
    /// Sum over the spinner's words of the capped log likelihood ratio (natural log).
    pub sum: f64,
    /// Words with at least [`STRONG`] evidence.
    pub strong: usize,
}

/// An original word with the outputs a spinner writes for it.
#[derive(Debug, Clone)]
struct Word {
    /// The original.
    name: Box<str>,
    /// `ln (1 + (1 - ε) w_k r(o) / r(s_k))` for each output, by output index.
    gains: Vec<(u32, f64)>,
}

/// The compiled profile: the originals and outputs to count, and what each occurrence weighs.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Word hash of an original -> index into `words`.
    originals: HashedMap<u32>,
    words: Vec<Word>,
    /// Word or phrase hash of an output -> index into the counts of outputs.
    outputs: HashedMap<u32>,
    n_outputs: usize,
    /// Hashes of the first words of outputs of two words.
    phrase_starts: HashedMap<()>,
}

impl Profile {
    /// The profile of the embedded dictionary (learned from the lists) and of the real
    /// spinners' substitutions, built once.
    pub fn default_model() -> &'static Profile {
        &DEFAULT_PROFILE
    }

    /// Builds the profile from substitutions: single-word originals of letters only, outputs
    /// of one or two words, each seen at least [`MIN_COUNT`] times.
    pub fn new(subs: &[Substitution]) -> Profile {
        let lex = Lexicon::get();
        let rate = |h: u64, phrase: bool| {
            let q = if phrase { lex.bigram(h) } else { lex.unigram(h) };
            if q == 0 {
                UNKNOWN_RATE
            } else {
                10f64.powf(f64::from(q) / 10.0) / 1e12
            }
        };
        // original -> spun -> count
        let mut by_original: HashMap<String, HashMap<String, u32>> = HashMap::new();
        for s in subs.iter().filter(|s| s.count >= MIN_COUNT) {
            let o = words(&s.original);
            let w = words(&s.spun);
            // Numbers written as digits ("2" for "two") are everywhere in clean text too.
            let digits = w.iter().any(|x| x.bytes().any(|b| b.is_ascii_digit()));
            if o.len() != 1 || !o[0].bytes().all(|b| b.is_ascii_lowercase()) || w.is_empty() || w.len() > 2 || digits {
                continue;
            }
            let spun = w.join(" ");
            if spun == o[0] || w.contains(&o[0]) {
                continue;
            }
            *by_original.entry(o[0].clone()).or_default().entry(spun).or_insert(0) += s.count;
        }
        let mut originals: Vec<(String, HashMap<String, u32>)> = by_original.into_iter().collect();
        originals.sort_by(|a, b| a.0.cmp(&b.0));
        let mut p = Profile::default();
        for (original, outs) in originals {
            let total: u32 = outs.values().sum();
            let r_o = rate(word_hash(original.as_bytes()), false);
            let mut outs: Vec<(String, u32)> = outs.into_iter().collect();
            outs.sort();
            let mut gains = Vec::new();
            for (spun, count) in outs {
                let phrase = spun.contains(' ');
                let h = phrase_hash(spun.as_bytes());
                let idx = *p.outputs.entry(h).or_insert_with(|| {
                    p.n_outputs += 1;
                    (p.n_outputs - 1) as u32
                });
                if phrase {
                    let first = spun.split(' ').next().unwrap_or("");
                    p.phrase_starts.insert(word_hash(first.as_bytes()), ());
                }
                let w = f64::from(count) / f64::from(total);
                let gain = (1.0 + (1.0 - LEFT) * w * r_o / rate(h, phrase)).ln();
                gains.push((idx, gain));
            }
            p.originals.insert(word_hash(original.as_bytes()), p.words.len() as u32);
            p.words.push(Word { name: Box::from(original.as_str()), gains });
        }
        p
    }

    /// Number of original words the profile watches.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the profile watches no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The original word of an index of [`Counts::per_word`].
    pub fn original(&self, i: usize) -> &str {
        &self.words[i].name
    }

    /// Counts the originals and outputs in `text` and weighs them.
    pub fn evidence(&self, text: &[u8]) -> Evidence {
        self.counts(text).evidence(self)
    }

    /// Counts the originals and outputs in `text`.
    pub fn counts(&self, text: &[u8]) -> Counts {
        let mut counts = Counts::new(self);
        let mut prev: Option<u64> = None;
        let mut i = 0;
        while i < text.len() {
            if !is_token_byte(text[i]) {
                // Punctuation breaks a phrase; spaces and apostrophes do not.
                if !matches!(text[i], b' ' | b'\'' | b'-' | b'\n' | b'\r' | b'\t') {
                    prev = None;
                }
                i += 1;
                continue;
            }
            let mut h = Fnv1a::new();
            while i < text.len() && is_token_byte(text[i]) {
                h.byte(text[i].to_ascii_lowercase());
                i += 1;
            }
            let hash = h.finish_word();
            counts.word(self, prev, hash);
            prev = Some(hash);
        }
        counts
    }
}

/// The counts of one document, for [`Profile::evidence`] or for a tokenizer that walks the
/// words itself.
#[derive(Debug, Clone)]
pub struct Counts {
    originals: Vec<u32>,
    outputs: Vec<u32>,
}

impl Counts {
    pub fn new(profile: &Profile) -> Counts {
        Counts { originals: vec![0; profile.words.len()], outputs: vec![0; profile.n_outputs] }
    }

    /// Adds the counts of another part of the same document.
    pub fn add(&mut self, other: &Counts) {
        for (a, b) in self.originals.iter_mut().zip(&other.originals) {
            *a += b;
        }
        for (a, b) in self.outputs.iter_mut().zip(&other.outputs) {
            *a += b;
        }
    }

    /// Counts one word (its hash), with the word before it when no punctuation came between.
    #[inline]
    pub fn word(&mut self, profile: &Profile, prev: Option<u64>, hash: u64) {
        if let Some(&i) = profile.originals.get(&hash) {
            self.originals[i as usize] += 1;
        }
        if let Some(&i) = profile.outputs.get(&hash) {
            self.outputs[i as usize] += 1;
        }
        if let Some(p) = prev.filter(|p| profile.phrase_starts.contains_key(p)) {
            if let Some(&i) = profile.outputs.get(&pair_hash(p, hash)) {
                self.outputs[i as usize] += 1;
            }
        }
    }

    /// Each word's evidence, with the index of the word: for looking at what drives a score.
    pub fn per_word(&self, profile: &Profile) -> Vec<(usize, f64)> {
        let left = LEFT.ln();
        let mut out = Vec::new();
        for (i, (word, &c_o)) in profile.words.iter().zip(&self.originals).enumerate() {
            let seen: f64 = word.gains.iter().map(|&(k, g)| g * f64::from(self.outputs[k as usize])).sum();
            if seen > 0.0 {
                out.push((i, f64::from(c_o) * left + seen));
            }
        }
        out
    }

    /// The evidence of the counts.
    pub fn evidence(&self, profile: &Profile) -> Evidence {
        let mut e = Evidence::default();
        let left = LEFT.ln();
        for (word, &c_o) in profile.words.iter().zip(&self.originals) {
            let seen: f64 = word.gains.iter().map(|&(k, g)| g * f64::from(self.outputs[k as usize])).sum();
            if seen == 0.0 {
                continue;
            }
            let log_lr = f64::from(c_o) * left + seen;
            // ln((1 - π) + π e^log_lr), without overflow.
            let mixed =
                if log_lr > 30.0 { TOUCHED.ln() + log_lr } else { ((1.0 - TOUCHED) + TOUCHED * log_lr.exp()).ln() };
            let capped = mixed.min(CAP);
            e.sum += capped.max(0.0);
            e.strong += usize::from(capped >= STRONG);
        }
        e
    }
}

/// Reads substitutions from `spun<TAB>original<TAB>count[<TAB>…]` rows (the learned dictionary
/// has original and spun the other way round: pass `spun_first`). A header row, comments and
/// rows marked as noise (a sixth column `1`) are skipped.
pub fn read(text: &str, spun_first: bool) -> Vec<Substitution> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let Some(count) = cols.get(2).and_then(|c| c.trim().parse::<u32>().ok()) else { continue };
        if cols.get(5).is_some_and(|n| n.trim() == "1") {
            continue;
        }
        let (spun, original) = if spun_first { (cols[0], cols[1]) } else { (cols[1], cols[0]) };
        out.push(Substitution { original: original.to_string(), spun: spun.to_string(), count });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(original: &str, spun: &str, count: u32) -> Substitution {
        Substitution { original: original.into(), spun: spun.into(), count }
    }

    #[test]
    fn outputs_without_originals_are_evidence_and_originals_cancel_it() {
        let p = Profile::new(&[sub("said", "stated", 10), sub("said", "mentioned", 10), sub("by", "via", 5)]);
        assert_eq!(p.len(), 2);
        let spun = p.evidence(b"He stated it. She mentioned it. They stated it via email, via post.");
        assert!(spun.sum > 6.0 && spun.strong == 2, "{spun:?}");
        let mixed = p.evidence(b"He said it. She said it. They said it. He stated it.");
        assert!(mixed.sum < 0.2, "{mixed:?}");
        assert_eq!(p.evidence(b"Nothing of the kind here.").sum, 0.0);
    }

    #[test]
    fn phrases_of_two_words_are_counted_unless_punctuation_splits_them() {
        let p = Profile::new(&[sub("were", "have been", 10)]);
        assert!(p.evidence(b"they have been told; they have been warned").sum > 0.0);
        assert_eq!(p.evidence(b"they have. Been there").sum, 0.0);
    }

    #[test]
    fn rare_and_noisy_substitutions_are_left_out() {
        let p = Profile::new(&[sub("said", "stated", 1), sub("New York", "New Yor", 9), sub("the", "the", 5)]);
        assert!(p.is_empty());
        let rows =
            read("spun\toriginal\tcount\tarticles\tsites\tnoise\nstated\tsaid\t4\t1\t1\t0\nx\ty\t3\t1\t1\t1\n", true);
        assert_eq!(rows, vec![sub("said", "stated", 4)]);
    }
}
