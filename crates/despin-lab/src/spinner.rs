//! The lab's spinners. Two kinds, each with tables of its own:
//!
//! - a sense-blind thesaurus spinner that swaps words for synonyms drawn at random, blind to
//!   sense and part of speech, until a share of the words of the text has changed: fed the
//!   WordNet-only or the Moby-only thesaurus (`tables/lab/`), it is two different spinners;
//! - a fixed-dictionary spinner, as the real ones behave: each word it knows becomes the same
//!   replacement at every occurrence in a document. Fed the dictionary learned from the lists
//!   (`wordlists/spinner.tsv`) or the substitutions of real spinners (`tables/real_spins.tsv`).
//!
//! ```
//! use despin_lab::spinner::{Spin, Spinner};
//!
//! let spinner = Spinner::thesaurus("demo", "round\tspherical circular\n");
//! let out = spinner.spin("The Round table met for a round of talks.", 1.0, 7);
//! assert_eq!(out.changed, 2);
//! assert!(out.text.starts_with("The Spherical table") || out.text.starts_with("The Circular table"));
//! ```

use std::collections::HashMap;
use std::sync::Arc;

use despin::infer::profile::{self, Substitution};
use despin::text::case::match_case;

use crate::rng::Rng;

/// The name of the spinner whose swaps the detector's thesaurus lacks ([`Spinner::unseen`]):
/// never fitted on, only measured.
pub const UNSEEN: &str = "moby-unseen";

/// Fewest times a substitution must have been seen for the dictionary spinners to use it.
pub const MIN_DICTIONARY_COUNT: u32 = 2;

/// The WordNet-only thesaurus of the lab.
pub const WORDNET: &str = include_str!("../../../tables/lab/thesaurus-wordnet.tsv");
/// The Moby-only thesaurus of the lab.
pub const MOBY: &str = include_str!("../../../tables/lab/thesaurus-moby.tsv");

/// A spinner with its tables.
#[derive(Debug, Clone)]
pub enum Spinner {
    /// Swaps words for synonyms at random.
    Thesaurus { name: String, synonyms: HashMap<String, Vec<String>> },
    /// Always writes one replacement for a word within a document, chosen among those the
    /// spinner was seen writing (weighted by how often).
    Dictionary { name: String, outputs: HashMap<String, Vec<(String, u32)>> },
}

/// A spinner at a strength: the share of words a thesaurus spinner changes, or the share of its
/// dictionary a dictionary spinner uses in a document.
#[derive(Debug, Clone)]
pub struct Spin {
    pub spinner: Arc<Spinner>,
    pub strength: f64,
}

impl Spin {
    /// `wordnet 10%`, `dictionary 50%`.
    pub fn label(&self) -> String {
        format!("{} {:.0}%", self.spinner.name(), 100.0 * self.strength)
    }

    /// Spins a text with this spinner at this strength.
    pub fn spin(&self, text: &str, seed: u64) -> Spun {
        self.spinner.spin(text, self.strength, seed)
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
    /// What it rewrote: the byte span of each replacement in `text`, with the word it replaced
    /// (lower case). The key that restoring is measured against.
    pub subs: Vec<(usize, usize, String)>,
}

impl Spinner {
    /// A thesaurus spinner from a table `word<TAB>syn syn ...`.
    pub fn thesaurus(name: &str, table: &str) -> Spinner {
        let mut synonyms = HashMap::new();
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let Some((w, syns)) = line.split_once('\t') else { continue };
            let w = w.trim().to_lowercase();
            let syns: Vec<String> = syns
                .split_whitespace()
                .filter(|x| x.bytes().all(|b| b.is_ascii_alphabetic()) && **x != *w)
                .map(str::to_lowercase)
                .collect();
            if !syns.is_empty() && w.bytes().all(|b| b.is_ascii_alphabetic()) {
                synonyms.insert(w, syns);
            }
        }
        Spinner::Thesaurus { name: name.to_string(), synonyms }
    }

    /// A dictionary spinner from substitutions: single-word originals of letters, replacements
    /// of letters and spaces, each seen at least [`MIN_DICTIONARY_COUNT`] times.
    pub fn dictionary(name: &str, subs: &[Substitution]) -> Spinner {
        let mut outputs: HashMap<String, Vec<(String, u32)>> = HashMap::new();
        let letters = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ');
        for s in subs {
            let (spun, orig) = (s.spun.to_lowercase(), s.original.to_lowercase());
            if s.count < MIN_DICTIONARY_COUNT
                || orig.contains(' ')
                || !letters(&orig)
                || !letters(&spun)
                || spun == orig
            {
                continue;
            }
            let outs = outputs.entry(orig).or_default();
            match outs.iter_mut().find(|(o, _)| *o == spun) {
                Some(o) => o.1 += s.count,
                None => outs.push((spun, s.count)),
            }
        }
        for outs in outputs.values_mut() {
            outs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        Spinner::Dictionary { name: name.to_string(), outputs }
    }

    /// A thesaurus spinner from the pairs of `table` that `known` (a thesaurus the detector
    /// loads) and `subs` (the substitutions it loads: its dictionary, real spinners') lack,
    /// either way round: a spinner whose every swap the detector has never seen.
    pub fn unseen(name: &str, table: &str, known: &str, subs: &[Substitution]) -> Spinner {
        let mut pairs = std::collections::HashSet::new();
        for s in subs {
            let (a, b) = (s.original.to_lowercase(), s.spun.to_lowercase());
            pairs.insert((b.clone(), a.clone()));
            pairs.insert((a, b));
        }
        for line in known.lines().filter(|l| !l.starts_with('#')) {
            let Some((w, syns)) = line.split_once('\t') else { continue };
            for x in syns.split_whitespace() {
                pairs.insert((w.to_lowercase(), x.to_lowercase()));
                pairs.insert((x.to_lowercase(), w.to_lowercase()));
            }
        }
        let Spinner::Thesaurus { synonyms, .. } = Spinner::thesaurus(name, table) else { unreachable!() };
        let synonyms = synonyms
            .into_iter()
            .filter_map(|(w, syns)| {
                let syns: Vec<String> = syns.into_iter().filter(|x| !pairs.contains(&(w.clone(), x.clone()))).collect();
                (!syns.is_empty()).then_some((w, syns))
            })
            .collect();
        Spinner::Thesaurus { name: name.to_string(), synonyms }
    }

    /// The lab's spinners: WordNet and Moby thesauri, the learned dictionary, the real
    /// spinners' substitutions.
    pub fn all() -> Vec<Arc<Spinner>> {
        vec![
            Arc::new(Spinner::thesaurus("wordnet", WORDNET)),
            Arc::new(Spinner::thesaurus("moby", MOBY)),
            Arc::new(Spinner::dictionary(
                "dictionary",
                &profile::read(despin::rules::dictionary::DEFAULT_DICTIONARY, true),
            )),
            Arc::new(Spinner::dictionary("real", &profile::read(profile::REAL_SPINS, true))),
        ]
    }

    pub fn name(&self) -> &str {
        match self {
            Spinner::Thesaurus { name, .. } | Spinner::Dictionary { name, .. } => name,
        }
    }

    /// Words the spinner knows.
    pub fn len(&self) -> usize {
        match self {
            Spinner::Thesaurus { synonyms, .. } => synonyms.len(),
            Spinner::Dictionary { outputs, .. } => outputs.len(),
        }
    }

    /// Whether the spinner knows no word.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Spins a text. Words are runs of ASCII letters not joined to a digit or an apostrophe
    /// ("don't" is left alone); everything else is copied as it is. A replacement takes the
    /// letter case of the word. A thesaurus spinner changes `strength` of all the words (as
    /// far as it knows enough of them); a dictionary spinner uses each word it knows with
    /// probability `strength`, at every occurrence. The same text, strength and seed give the
    /// same output.
    pub fn spin(&self, text: &str, strength: f64, seed: u64) -> Spun {
        let mut rng = Rng::new(seed);
        let b = text.as_bytes();
        // The words, first: a thesaurus spinner needs their number to aim at its share.
        let mut spans = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            let joined = |c: u8| c.is_ascii_digit() || c == b'\'' || c == b'_' || c >= 0x80;
            let free = !((start > 0 && joined(b[start - 1])) || (i < b.len() && joined(b[i])));
            spans.push((start, i, free));
        }
        let words = spans.len();
        let known = |w: &str| match self {
            Spinner::Thesaurus { synonyms, .. } => synonyms.contains_key(w),
            Spinner::Dictionary { outputs, .. } => outputs.contains_key(w),
        };
        let eligible = spans.iter().filter(|&&(s, e, free)| free && known(&text[s..e].to_ascii_lowercase())).count();
        let p = match self {
            Spinner::Thesaurus { .. } => (strength * words as f64 / eligible.max(1) as f64).min(1.0),
            Spinner::Dictionary { .. } => strength,
        };
        // Dictionary: which words are used in this document, and their one replacement.
        let mut used: HashMap<String, Option<String>> = HashMap::new();
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut copied = 0;
        let mut changed = 0;
        let mut subs = Vec::new();
        for (start, end, free) in spans {
            if !free {
                continue;
            }
            let word = &text[start..end];
            let lower = word.to_ascii_lowercase();
            let replacement: Option<String> = match self {
                Spinner::Thesaurus { synonyms, .. } => {
                    synonyms.get(&lower).and_then(|syns| (rng.unit() < p).then(|| syns[rng.below(syns.len())].clone()))
                }
                Spinner::Dictionary { outputs, .. } => match outputs.get(&lower) {
                    Some(outs) => {
                        used.entry(lower).or_insert_with(|| (rng.unit() < p).then(|| pick(outs, &mut rng))).clone()
                    }
                    None => None,
                },
            };
            if let Some(r) = replacement {
                changed += 1;
                out.push_str(&text[copied..start]);
                let at = out.len();
                out.push_str(&match_case(word, &r));
                subs.push((at, out.len(), word.to_ascii_lowercase()));
                copied = end;
            }
        }
        out.push_str(&text[copied..]);
        Spun { text: out, words, eligible, changed, subs }
    }
}

/// One of the outputs, drawn in proportion to its count.
fn pick(outs: &[(String, u32)], rng: &mut Rng) -> String {
    let total: u32 = outs.iter().map(|o| o.1).sum();
    let mut x = rng.below(total.max(1) as usize) as u32;
    for (o, c) in outs {
        if x < *c {
            return o.clone();
        }
        x -= c;
    }
    outs[0].0.clone()
}
