//! The lab's spinners: a sense-blind thesaurus spinner that swaps words at a rate, and a
//! fixed-dictionary spinner that always writes the same replacement for a word, as the real
//! spinner does.
//!
//! ```
//! use despin_lab::spinner::{Mode, Spinner};
//!
//! let spinner = Spinner::from_tables("round\tspherical circular\n", "");
//! let out = spinner.spin("The Round table met for a round of talks.", Mode::Thesaurus(1.0), 7);
//! assert_eq!(out.changed, 2);
//! assert!(out.text.starts_with("The Spherical table") || out.text.starts_with("The Circular table"));
//! ```

use std::collections::HashMap;

use despin::lang::lexicon;
use despin::rules::dictionary;
use despin::text::case::match_case;

use crate::rng::Rng;

/// The spin rates of the thesaurus spinner: the share of eligible words it swaps.
pub const THESAURUS_RATES: &[f64] = &[0.05, 0.1, 0.2, 0.35];
/// The rates of the fixed-dictionary spinner: the share of its dictionary's words it uses in a
/// document (each used word is rewritten at every occurrence).
pub const DICTIONARY_RATES: &[f64] = &[0.5, 1.0];

/// Fewest times the spinner's dictionary must have seen a substitution for the dictionary
/// spinner to use it.
pub const MIN_DICTIONARY_COUNT: u32 = 2;

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
    /// The spinner of the shipped tables: `tables/synonyms.tsv` and `wordlists/spinner.tsv`.
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
        for m in dictionary::parse("dictionary", dict).unwrap_or_default() {
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
                out.push_str(&match_case(word, r));
                copied = i;
            }
        }
        out.push_str(&text[copied..]);
        Spun { text: out, words, eligible, changed }
    }
}
