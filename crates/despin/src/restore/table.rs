//! Where the originals of a spun word come from, and how likely the spinner is to have written
//! that word for each of them (the channel of the noisy-channel model):
//!
//! - substitutions seen: the spinner's dictionary learned from the lists
//!   ([`crate::rules::dictionary`]), and the substitutions of real news spinners aligned from
//!   spun web pages and their originals (`tables/real_spins.tsv`). For a spun phrase `s` and an
//!   original `o`, the channel is the share of the times `o` was seen rewritten that it became
//!   `s`: a spinner with a fixed dictionary writes "spherical" for "round" nearly every time;
//! - synonyms, either way round (`tables/synonyms.tsv`, WordNet and Moby), with inflections put
//!   back ("towns" -> "town" -> "city" -> "cities"): what a thesaurus spinner draws from;
//! - words near the spun word in vector space, for words the rest does not cover (see
//!   [`super::vectors`]).

use std::collections::HashMap;

use crate::infer::inflect::{inflect, stems};
use crate::lang::lexicon::{Lexicon, SYNONYMS};
use crate::lang::trigram::{TrigramModel, WordId};
use crate::rules::dictionary::{align, Mapping};
use crate::text::hash::{pair_hash, word_hash, HashedMap};
use crate::text::words::words;

/// The substitutions of real news spinners, with their sources beside them in `tables/`.
pub const REAL_SPINS: &str = include_str!("../../../../tables/real_spins.tsv");

/// Where an original comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Seen: the spinner's dictionary or the substitutions of real spinners.
    Seen,
    /// A synonym of the spun word (either way round), perhaps inflected.
    Thesaurus,
    /// Near the spun word in vector space.
    Vector,
    /// Proposed by the inference decoder (a standard term of the lists, a pair of words).
    Decoder,
}

/// One original of a spun phrase.
#[derive(Debug, Clone)]
pub struct Original {
    /// Lower case, words separated by single spaces.
    pub text: Box<str>,
    /// Its phrase hash.
    pub hash: u64,
    /// The language model's ids of its words.
    pub ids: Box<[Option<WordId>]>,
    pub source: Source,
    /// Times seen written as this spun phrase, and times seen rewritten at all (Seen only).
    pub count: u32,
    pub of: u32,
    /// log10 P(spun | original, rewritten), before the source's weight.
    pub channel: f32,
    /// log10 of the chance that the spinner rewrites this original at all (see [`Table::rate`]).
    pub rate: f32,
}

/// One row of `tables/real_spins.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RealSpin {
    pub spun: String,
    pub original: String,
    pub count: u32,
    pub sites: u32,
}

/// The rows of `tables/real_spins.tsv` that are not marked as alignment noise.
pub fn real_spins() -> Vec<RealSpin> {
    let mut out = Vec::new();
    for line in REAL_SPINS.lines().filter(|l| !l.starts_with('#') && !l.starts_with("spun\t")) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 6 || f[5] != "0" {
            continue;
        }
        let n = |s: &str| s.parse::<u32>().unwrap_or(1);
        out.push(RealSpin { spun: f[0].to_string(), original: f[1].to_string(), count: n(f[2]), sites: n(f[4]) });
    }
    out
}

/// Words never read as spun on their own: articles (the spinner does not adjust "a" and "an"
/// to the word after them, so an alignment pairs them without the spinner having chosen them).
pub const NEVER: &[&str] = &["a", "an", "the"];

/// Whether two words differ by an inflection alone ("action", "actions"): an alignment's
/// artefact, not a spinner's choice.
fn inflected(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short).is_some_and(|rest| matches!(rest, "s" | "es" | "d" | "ed" | "ing" | "ly"))
}

/// Longest spun phrase looked up, in words.
pub const MAX_WORDS: usize = 4;

/// How sure the rewrite rate of a word is from its counts alone: the rate is shrunk towards
/// the prior as if this many occurrences had been seen at the prior rate.
const RATE_PRIOR_WEIGHT: f64 = 2.0;

/// The table of originals by spun phrase.
pub struct Table {
    seen: HashedMap<Vec<Original>>,
    /// Times each original (phrase hash) was seen rewritten on the real spinners' pages.
    real_rewritten: HashedMap<u32>,
    /// The rewrite rate of a word seen nowhere, and the words of the real spinners' originals.
    prior: f64,
    corpus_words: f64,
    /// Proper prefixes of the spun phrases of several words.
    prefixes: HashedMap<()>,
    /// The thesaurus read backwards: word -> the words that list it as a synonym.
    listed_by: HashedMap<Vec<Box<str>>>,
    lex: &'static Lexicon,
    lm: &'static TrigramModel,
}

/// The phrase hash of words (as [`crate::text::hash::phrase_hash`]).
pub(super) fn hash_words<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut it = words.into_iter().map(|w| word_hash(w.as_bytes()));
    let first = it.next().unwrap_or(0);
    it.fold(first, pair_hash)
}

impl Table {
    /// Builds the table from the dictionary and real spinners' substitutions (`real`, from
    /// pages of about `corpus_words` words in all); `prior` is the rewrite rate of a word that
    /// no count says more of.
    pub fn new(dict: &[Mapping], real: &[RealSpin], prior: f32, corpus_words: f32) -> Table {
        let lm = TrigramModel::get();
        let mut real_rewritten: HashedMap<u32> = HashedMap::default();
        for r in real {
            let o = words(&r.original);
            if !o.is_empty() && words(&r.spun) != o {
                *real_rewritten.entry(hash_words(o.iter().map(String::as_str))).or_insert(0) += r.count;
            }
            for (s, o) in align(&r.spun, &r.original) {
                let o = words(&o);
                if !o.is_empty() && words(&s) != o && o.len() == 1 {
                    *real_rewritten.entry(hash_words(o.iter().map(String::as_str))).or_insert(0) += r.count;
                }
            }
        }
        // (spun, original) -> count, all sources together.
        let mut pairs: HashMap<(String, String), u32> = HashMap::new();
        let mut add = |spun: &str, original: &str, count: u32| {
            let (s, o) = (words(spun), words(original));
            if s.is_empty()
                || o.is_empty()
                || s == o
                || s.len() > MAX_WORDS
                || s.iter().all(|w| w.bytes().all(|b| b.is_ascii_digit()))
                || (s.len() == 1 && o.len() == 1 && (NEVER.contains(&s[0].as_str()) || inflected(&s[0], &o[0])))
            {
                return;
            }
            *pairs.entry((s.join(" "), o.join(" "))).or_insert(0) += count;
        };
        for m in dict {
            add(&m.spun, &m.original, m.count);
        }
        for r in real {
            add(&r.spun, &r.original, r.count);
            let subs = align(&r.spun, &r.original);
            if subs.len() > 1
                || subs.first().is_some_and(|(s, o)| words(s) != words(&r.spun) || words(o) != words(&r.original))
            {
                for (s, o) in subs {
                    add(&s, &o, r.count);
                }
            }
        }
        let mut rewritten: HashMap<&str, u32> = HashMap::new();
        for ((_, o), c) in &pairs {
            *rewritten.entry(o.as_str()).or_insert(0) += c;
        }
        let mut table = Table {
            seen: HashedMap::default(),
            real_rewritten,
            prior: f64::from(prior),
            corpus_words: f64::from(corpus_words),
            prefixes: HashedMap::default(),
            listed_by: HashedMap::default(),
            lex: Lexicon::get(),
            lm,
        };
        let mut seen: HashedMap<Vec<Original>> = HashedMap::default();
        let mut prefixes = HashedMap::default();
        for ((s, o), &count) in &pairs {
            let of = rewritten[o.as_str()];
            let ws: Vec<&str> = s.split(' ').collect();
            for k in 1..ws.len() {
                prefixes.insert(hash_words(ws[..k].iter().copied()), ());
            }
            let ids = ids(lm, o);
            seen.entry(hash_words(ws.iter().copied())).or_default().push(Original {
                hash: hash_words(o.split(' ')),
                text: Box::from(o.as_str()),
                rate: table.rate(o, &ids),
                ids,
                source: Source::Seen,
                count,
                of,
                channel: (f64::from(count) / f64::from(of.max(1))).log10() as f32,
            });
        }
        for v in seen.values_mut() {
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
        }
        let mut listed_by: HashedMap<Vec<Box<str>>> = HashedMap::default();
        for line in SYNONYMS.lines().filter(|l| !l.starts_with('#')) {
            let Some((head, list)) = line.split_once('\t') else { continue };
            for syn in list.split(' ').filter(|x| !x.is_empty()) {
                listed_by.entry(word_hash(syn.as_bytes())).or_default().push(Box::from(head));
            }
        }
        table.seen = seen;
        table.prefixes = prefixes;
        table.listed_by = listed_by;
        table
    }

    /// log10 of the chance that the spinner rewrites `phrase` (with the model's `ids` of its
    /// words) where it occurs: the times the real spinners were seen rewriting it, against
    /// the times it should occur in pages of their length (from the language model), shrunk
    /// towards the prior. A common word seldom seen rewritten ("the", "a") has a small rate;
    /// "said", rewritten nearly every time, a large one; a rare word has the prior.
    pub fn rate(&self, phrase: &str, ids: &[Option<WordId>]) -> f32 {
        let n = f64::from(self.real_rewritten.get(&hash_words(phrase.split(' '))).copied().unwrap_or(0));
        let mut logp = 0.0f32;
        let mut prev: Option<WordId> = None;
        for &id in ids {
            logp += match id {
                Some(w) => self.lm.log10_prob(None, prev, w),
                None => -7.0,
            };
            prev = id;
        }
        let expected = self.corpus_words * 10f64.powf(f64::from(logp));
        let rate = (n + RATE_PRIOR_WEIGHT * self.prior) / (expected + RATE_PRIOR_WEIGHT);
        rate.clamp(1e-4, 0.95).log10() as f32
    }

    /// An original that no count backs (a synonym, a neighbour in vector space).
    pub fn original(&self, text: &str, source: Source, channel: f32) -> Original {
        let ids = ids(self.lm, text);
        Original {
            hash: hash_words(text.split(' ')),
            rate: self.rate(text, &ids),
            ids,
            text: text.into(),
            source,
            count: 0,
            of: 0,
            channel,
        }
    }

    /// Words near `word` in vector space (see [`super::vectors`]), as originals.
    pub fn neighbours(&self, word: &str, k: usize, min: f32) -> Vec<Original> {
        super::vectors::neighbours(word_hash(word.as_bytes()), k, min)
            .iter()
            .filter(|(w, _)| !inflected(word, w))
            .map(|(w, _)| self.original(w, Source::Vector, -(k as f32).log10()))
            .collect()
    }

    /// [`Table::rate`] of a word of the text.
    pub fn word_rate(&self, word: &str, id: Option<WordId>) -> f32 {
        self.rate(word, &[id])
    }

    /// The originals seen for the spun phrase of this hash.
    pub fn seen(&self, hash: u64) -> &[Original] {
        self.seen.get(&hash).map_or(&[], |v| &v[..])
    }

    /// Whether some spun phrase of several words starts with the words of this hash.
    pub fn is_prefix(&self, hash: u64) -> bool {
        self.prefixes.contains_key(&hash)
    }

    /// Synonyms of a word either way round, with inflections put back, each at most once and
    /// never the word itself; `channel` is log10 of one in as many synonyms as the original has.
    pub fn thesaurus(&self, word: &str, max: usize) -> Vec<Original> {
        let mut out: Vec<Original> = Vec::new();
        let mut forms: Vec<(String, &'static str)> = vec![(word.to_string(), "")];
        forms.extend(stems(word));
        for (form, suffix) in &forms {
            // Only a stem that is itself a word.
            if !suffix.is_empty() && self.lm.word(word_hash(form.as_bytes())).is_none() {
                continue;
            }
            let fwd = self.lex.synonyms(form).take(max);
            let back = self.listed_by.get(&word_hash(form.as_bytes())).into_iter().flatten().map(|b| &**b).take(max);
            for syn in fwd.chain(back) {
                let n = self.lex.synonyms(syn).count().max(1);
                for t in inflect(syn, suffix) {
                    if t == word || out.iter().any(|o| *o.text == *t) || self.lm.word(word_hash(t.as_bytes())).is_none()
                    {
                        continue;
                    }
                    out.push(self.original(&t, Source::Thesaurus, -(n as f32 + 1.0).log10()));
                }
            }
        }
        out
    }
}

/// The language model's ids of the words of a phrase.
pub(super) fn ids(lm: &TrigramModel, phrase: &str) -> Box<[Option<WordId>]> {
    phrase.split(' ').map(|w| lm.word(word_hash(w.as_bytes()))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(spun: &str, original: &str, count: u32) -> Mapping {
        Mapping { spun: spun.into(), original: original.into(), count }
    }

    #[test]
    fn the_channel_is_the_share_of_an_originals_rewrites() {
        let dict = [map("spherical", "round", 3), map("circular", "round", 1), map("via", "by", 4)];
        let table = Table::new(&dict, &[], 0.5, 20_000.0);
        let got = table.seen(hash_words(["spherical"]));
        assert_eq!(&*got[0].text, "round");
        assert!((got[0].channel - 0.75f32.log10()).abs() < 1e-6);
        assert!(table.seen(hash_words(["round"])).is_empty());
    }

    #[test]
    fn real_spins_give_phrases_and_their_words() {
        let real = [RealSpin { spun: "newest assembly".into(), original: "latest meeting".into(), count: 2, sites: 1 }];
        let table = Table::new(&[], &real, 0.5, 20_000.0);
        assert_eq!(&*table.seen(hash_words(["newest", "assembly"]))[0].text, "latest meeting");
        assert_eq!(&*table.seen(hash_words(["assembly"]))[0].text, "meeting");
        assert!(table.is_prefix(hash_words(["newest"])));
    }

    #[test]
    fn synonyms_are_inflected_back() {
        let table = Table::new(&[], &[], 0.5, 20_000.0);
        let towns: Vec<String> = table.thesaurus("towns", 12).iter().map(|o| o.text.to_string()).collect();
        assert!(towns.contains(&"cities".to_string()), "{towns:?}");
        assert!(!towns.contains(&"towns".to_string()));
    }

    #[test]
    fn the_embedded_real_spins_are_read() {
        let rows = real_spins();
        assert!(rows.len() > 900, "{}", rows.len());
        assert!(rows.iter().any(|r| r.spun == "mentioned" && r.original == "said"));
    }
}
