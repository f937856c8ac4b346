//! Detection beyond the lists: spun words that no list holds, found by what the spinner does.
//!
//! A list knows only the phrases someone wrote into it. The spinner, though, has a dictionary
//! ([`crate::dictionary`]), and what it did to one text it does to the next: "studying" for
//! "learning", "spherical" for "round". The inferrer walks once over the words of a document,
//! hashing each; a word that the dictionary knows as a spinner output is a *candidate*, and the
//! short stretch of text around a run of candidates is decoded as a noisy channel:
//!
//! - the channel: for each candidate word, keep it, or put back one of its likely originals:
//!   the dictionary's (prior from how often the spinner wrote this word for that original), or
//!   a synonym from WordNet and Moby (a fixed, lower prior);
//! - the language: each adjacent pair of words scores by how common it is: in English web text
//!   (`tables/bigrams.tsv`) and among the originals of the lists (standard terms such as
//!   "image recognition");
//! - the best reading (Viterbi over the stretch) is compared with the text as written. When
//!   putting originals back gains enough (more for common words, which are seldom spun), the
//!   changed words are a hit, with their originals ranked and the evidence for the ranking.
//!
//! This is signal 4 of DESIGN.md, collocation oddity: "spherical of negotiations" is rare while
//! "round of negotiations" is common. Signal 3, missing common words, is measured in the same
//! walk: the counts of frequent words are compared with what English text of that length holds
//! (a spinner that always rewrites "by" leaves none).
//!
//! ```
//! use despin::infer::Inferrer;
//!
//! let inferrer = Inferrer::default_model();
//! let text = b"The second spherical of negotiations ended.";
//! let found = inferrer.analyse(text, true);
//! let hit = &found.hits[0];
//! assert_eq!(&text[hit.start..hit.end], b"spherical");
//! assert_eq!(hit.original, "round");
//! assert_eq!(hit.suggestions[0].text, "round");
//! ```

use std::sync::LazyLock;

use serde::Serialize;

mod build;
mod decode;
pub mod fluency;
pub(crate) mod inflect;
mod missing;
mod neighbours;
pub mod params;
pub mod profile;
mod terms;
mod tokens;

pub use params::Params;
use params::UNKNOWN_WORD;
use tokens::Words;

use crate::lang::lexicon::Lexicon;
use crate::rules::dictionary::{self, Mapping};
use crate::rules::wordlist::Wordlist;
use crate::text::hash::HashedMap;

/// A ranked suggestion for a hit, with the evidence for its rank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The original, in lower case (the scanner gives it the letter case of the text).
    pub text: String,
    /// Share of the evidence, 0 to 1, among the suggestions considered.
    pub score: f64,
    /// Why: which dictionary entry or synonym, which word pairs.
    pub evidence: String,
}

/// A hit found beyond the lists, in byte offsets of the text analysed.
#[derive(Debug, Clone, PartialEq)]
pub struct Inferred {
    pub start: usize,
    pub end: usize,
    /// The best original, lower case.
    pub original: String,
    /// How much better the restored reading is than the text, in log10 odds.
    pub gain: f32,
    /// Ranked originals, best first (filled when asked for).
    pub suggestions: Vec<Suggestion>,
}

/// What the inferrer saw in a text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    pub hits: Vec<Inferred>,
    /// Evidence of missing common words: expected occurrences of the watched words that do
    /// not occur at all, minus what clean text of that length would miss. Around 0 for clean
    /// text, large for text whose common words were rewritten.
    pub missing: f64,
    /// Words seen.
    pub words: usize,
}

#[derive(Debug, Clone)]
struct Cand {
    word: Box<str>,
    first: u64,
    last: u64,
    /// log10 P(spun | this original) of the channel, ρ included.
    prior: f32,
    /// log10 counts of the first and last word.
    uq_first: f32,
    uq_last: f32,
    /// Times the dictionary saw this substitution (0: a synonym).
    count: u32,
}

#[derive(Debug, Clone)]
struct Key {
    spun: Box<str>,
    /// How telling a sighting of this word is of the spinner: log10 of the times the lists
    /// show the spinner writing it per use of it among the lists' originals (plus one), more
    /// for a word rare on the web and less for a common one (see [`Params::rare`]).
    strength: f32,
    total: u32,
    cands: Vec<Cand>,
}

#[derive(Debug, Clone, Copy)]
struct TokInfo {
    key: u32,
    watched: u16,
    /// A spinner output of the dictionary (beyond the most frequent words): term matching
    /// starts from it.
    trig: bool,
    /// The first word of one of the dictionary's phrases of several words.
    unit: bool,
}

const NONE32: u32 = u32::MAX;
const NONE16: u16 = u16::MAX;

/// The compiled model: the dictionary inverted, the term pairs of the lists, the watched words.
pub struct Inferrer {
    tokens: HashedMap<TokInfo>,
    keys: Vec<Key>,
    /// Watched common words and their expected rate per word of text.
    watched: Vec<(Box<str>, f64)>,
    term_pairs: HashedMap<()>,
    /// Standard terms (phrase hash -> times seen among the lists' originals), and every proper
    /// prefix of one, for matching whole phrases.
    terms: HashedMap<u32>,
    prefixes: HashedMap<()>,
    /// The words of the lists' originals: a word used there is not changed through the
    /// thesaurus alone.
    standard_words: HashedMap<()>,
    /// The whole dictionary inverted, for term matching: spun word -> (original, count).
    inverse: HashedMap<Vec<(u32, u32)>>,
    /// Total count of each spun word in the dictionary.
    inverse_total: HashedMap<u32>,
    /// The dictionary's spun phrases of several words ("getting to know", "covered up"), by the
    /// phrase hash of their words, with their length; and every proper prefix of one.
    units: HashedMap<u8>,
    unit_prefixes: HashedMap<()>,
    /// The thesaurus read backwards: word -> the words that list it as a synonym.
    listed_by: HashedMap<Vec<u32>>,
    strings: Vec<Box<str>>,
    lex: &'static Lexicon,
    pub params: Params,
    /// Tells this model's readings apart from another's in [`READINGS`].
    id: u64,
}

impl std::fmt::Debug for Inferrer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inferrer").field("keys", &self.keys.len()).field("watched", &self.watched.len()).finish()
    }
}

static DEFAULT_MODEL: LazyLock<Inferrer> =
    LazyLock::new(|| Inferrer::new(&dictionary::defaults(), &Wordlist::defaults(), Params::DEFAULT));

impl Inferrer {
    /// The model built from the embedded dictionary and lists (compiled once).
    pub fn default_model() -> &'static Inferrer {
        &DEFAULT_MODEL
    }

    /// Builds a model from a dictionary and the lists whose originals show what standard text
    /// looks like.
    pub fn new(dict: &[Mapping], lists: &[Wordlist], params: Params) -> Inferrer {
        let originals = lists.iter().flat_map(|l| l.entries.iter().map(|e| e.original.as_str()));
        Inferrer::from_originals(dict, originals, params)
    }

    /// Number of spun words the model knows.
    pub fn keys(&self) -> usize {
        self.keys.len()
    }

    /// Evidence of missing common words in `text` (see [`missing`]), without the search for
    /// spun words. Long texts are read a segment at a time.
    pub fn missing(&self, text: &[u8]) -> f64 {
        let mut counts = vec![0u32; self.watched.len()];
        let mut words = 0;
        for (_, part) in segments(text, SEGMENT) {
            let w = self.tokenize(part);
            words += w.toks.len();
            for (a, b) in counts.iter_mut().zip(&w.counts) {
                *a += b;
            }
        }
        missing::missing(&self.watched, &counts, words)
    }

    /// Finds spun words in `text` (any bytes; words are runs of ASCII letters, digits and
    /// non-ASCII bytes) and measures missing common words. With `suggestions`, each hit
    /// carries its ranked originals.
    pub fn analyse(&self, text: &[u8], suggestions: bool) -> Analysis {
        if text.len() <= SEGMENT {
            return self.analyse_segment(text, suggestions);
        }
        // A long text a segment at a time, so that memory stays bounded: the words, the counts
        // of the watched words and the hits of each, shifted to the text's offsets.
        let mut all = Analysis::default();
        let mut counts = vec![0u32; self.watched.len()];
        for (offset, part) in segments(text, SEGMENT) {
            let w = self.tokenize(part);
            for (a, b) in counts.iter_mut().zip(&w.counts) {
                *a += b;
            }
            let a = self.analyse_segment(part, suggestions);
            all.words += a.words;
            all.hits.extend(a.hits.into_iter().map(|h| Inferred { start: h.start + offset, end: h.end + offset, ..h }));
        }
        all.missing = missing::missing(&self.watched, &counts, all.words);
        all
    }

    fn analyse_segment(&self, text: &[u8], suggestions: bool) -> Analysis {
        let Words { toks, counts, triggers } = self.tokenize(text);
        let words = toks.len();
        let mut hits = Vec::new();
        let mut covered = vec![false; if triggers > 0 { toks.len() } else { 0 }];
        if triggers > 0 {
            self.match_terms(text, &toks, suggestions, &mut hits, &mut covered);
        }
        // Runs of adjacent candidates (at most three), with a word of context on each side.
        let free = |i: usize| toks[i].key != NONE32 && !covered.get(i).copied().unwrap_or(false);
        let mut i = 0;
        while i < toks.len() {
            if !free(i) {
                i += 1;
                continue;
            }
            let a = i;
            let mut b = i;
            while b + 1 < toks.len() && b + 1 - a < 3 && free(b + 1) && !toks[b + 1].brk {
                b += 1;
            }
            let lo = a.saturating_sub(1);
            let hi = (b + 1).min(toks.len() - 1);
            self.decode(text, &toks[lo..=hi], a - lo, b - lo, suggestions, &mut hits);
            i = b + 1;
        }
        hits.sort_by_key(|h| h.start);
        if !hits.is_empty() && self.params.neighbour < f32::INFINITY {
            self.expand_neighbours(text, &toks, &mut hits, suggestions);
            hits.sort_by_key(|h| h.start);
        }
        let missing = missing::missing(&self.watched, &counts, words);
        Analysis { hits, missing, words }
    }
}

/// Longest stretch of text inference reads at once, in bytes: longer texts are cut at white
/// space into segments of about this size, so that memory stays bounded whatever the length.
pub const SEGMENT: usize = 1 << 20;

/// Cuts `text` at white space into segments of at most about `max` bytes (a run of `max` bytes
/// without white space is cut where it ends), with the offset of each.
pub fn segments(text: &[u8], max: usize) -> impl Iterator<Item = (usize, &[u8])> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let mut end = (start + max).min(text.len());
        if end < text.len() {
            // Back to the last white space, else on to the next.
            match text[start..end].iter().rposition(|b| b.is_ascii_whitespace()) {
                Some(p) if p > 0 => end = start + p + 1,
                _ => end = text[end..].iter().position(|b| b.is_ascii_whitespace()).map_or(text.len(), |p| end + p + 1),
            }
        }
        let part = (start, &text[start..end]);
        start = end;
        Some(part)
    })
}

/// log10 count of a word.
#[inline]
fn unigram_log(lex: &Lexicon, h: u64) -> f32 {
    match lex.unigram(h) {
        0 => UNKNOWN_WORD,
        q => f32::from(q) / 10.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(spun: &str, original: &str, count: u32) -> Mapping {
        Mapping { spun: spun.into(), original: original.into(), count }
    }

    fn found(inferrer: &Inferrer, text: &str) -> Vec<(String, String)> {
        let a = inferrer.analyse(text.as_bytes(), true);
        a.hits.iter().map(|h| (text[h.start..h.end].to_string(), h.original.clone())).collect()
    }

    #[test]
    fn segments_cut_at_white_space_and_cover_the_text() {
        let text = b"one two three four five six";
        let parts: Vec<(usize, &[u8])> = segments(text, 8).collect();
        assert_eq!(parts.iter().map(|p| p.1).collect::<Vec<_>>().concat(), text);
        assert!(parts.iter().all(|(o, p)| &text[*o..*o + p.len()] == *p));
        assert_eq!(parts[0].1, b"one two ");
        // A run without white space longer than the limit stays whole.
        let long: Vec<(usize, &[u8])> = segments(b"abcdefghij klm", 4).collect();
        assert_eq!(long[0].1, b"abcdefghij ");
        assert_eq!(segments(b"", 4).count(), 0);
    }

    #[test]
    fn a_phrase_of_the_dictionary_is_read_as_one_word() {
        let dict = [map("getting to know", "learning", 3), map("price", "rate", 2)];
        let inferrer = Inferrer::from_originals(&dict, ["learning rate", "deep learning"], Params::DEFAULT);
        for text in ["the getting to know rate was set", "the getting  to-know rate was set"] {
            let hits = found(&inferrer, text);
            assert!(
                hits.iter().any(|(t, o)| t.starts_with("getting") && t.ends_with("know") && o == "learning"),
                "{hits:?}"
            );
        }
        // Not a phrase of the dictionary once broken by punctuation.
        assert!(found(&inferrer, "we were getting. To know rate").is_empty());
    }

    #[test]
    fn a_term_written_as_it_is_over_a_phrase_of_the_dictionary_is_no_hit() {
        // "the board" is one of the dictionary's phrases, read as one word; "chairman of the
        // board", an established term of the lists (three times), was once taken for a reading
        // of itself with no word changed, and panicked.
        let dict = [map("the board", "management", 2), map("chair", "chairman", 2)];
        let terms = ["chairman of the board"; 3];
        let inferrer = Inferrer::from_originals(&dict, terms, Params::DEFAULT);
        assert!(found(&inferrer, "she is chairman of the board now").is_empty());
        assert_eq!(found(&inferrer, "she is chair of the board now"), vec![("chair".into(), "chairman".into())]);
    }

    #[test]
    fn a_phrase_that_only_adds_a_word_is_no_reading() {
        // "coronary heart" for "heart" is the spinner adding a word: reading it back would
        // delete "coronary" from "coronary heart disease", which is English.
        let dict = [map("coronary heart", "heart", 5), map("illness", "disease", 4)];
        let inferrer = Inferrer::from_originals(&dict, ["heart disease"], Params::DEFAULT);
        let hits = found(&inferrer, "coronary heart illness");
        assert!(hits.iter().all(|(t, _)| !t.contains("coronary")), "{hits:?}");
    }

    #[test]
    fn a_word_next_to_a_hit_is_read_back_on_the_pair_it_makes() {
        // "answer" is among the 2,000 most frequent words, which the decoder leaves alone
        // (skip_top), so only the neighbour rule can read it back.
        let dict = [map("watery", "aqueous", 3), map("answer", "solution", 1), map("answer", "reply", 2)];
        let params = Params { skip_top: 2_000, ..Params::DEFAULT };
        let inferrer = Inferrer::from_originals(&dict, ["aqueous humor"], params);
        let a = inferrer.analyse(b"watery answer", true);
        let got: Vec<(&str, &str)> =
            a.hits.iter().map(|h| (&"watery answer"[h.start..h.end], h.original.as_str())).collect();
        assert_eq!(got, vec![("watery", "aqueous"), ("answer", "solution")]);
        assert!(a.hits[1].suggestions[0].evidence.contains("next to spun words read as \"aqueous\""), "{a:?}");
        // Without a hit beside it, the same word stays as written; and the rule can be turned off.
        assert!(inferrer.analyse(b"a neat answer", false).hits.is_empty());
        let off = Inferrer::from_originals(&dict, ["aqueous humor"], Params { neighbour: f32::INFINITY, ..params });
        assert_eq!(off.analyse(b"watery answer", false).hits.len(), 1);
    }

    #[test]
    fn a_rare_spinner_output_needs_less_context_than_a_common_word() {
        // The same count in the dictionary: "relapse" is rare on the web, "organization" is not.
        let dict = [map("relapse", "regression", 25), map("organization", "network", 25)];
        let inferrer = Inferrer::from_originals(&dict, ["linear regression", "neural network"], Params::DEFAULT);
        assert_eq!(found(&inferrer, "relapse strategies"), vec![("relapse".into(), "regression".into())]);
        assert!(found(&inferrer, "organization strategies").is_empty());
    }

    #[test]
    fn words_used_alike_stand_in_for_a_pair_the_web_table_lacks() {
        // Neither "ecg flag" nor "ecg signal" is in the pair table; the vectors say "signal"
        // goes with "ecg" and "flag" does not.
        let dict = [map("flag", "signal", 3), map("flag", "banner", 1)];
        let inferrer = Inferrer::from_originals(&dict, ["signal processing"], Params::DEFAULT);
        assert_eq!(found(&inferrer, "the ecg flag"), vec![("flag".into(), "signal".into())]);
        let blind = Inferrer::from_originals(&dict, ["signal processing"], Params { relate: 0.0, ..Params::DEFAULT });
        assert!(found(&blind, "the ecg flag").is_empty());
        // A flag on a ship is left alone.
        assert!(found(&inferrer, "the ship flew a flag").is_empty());
    }
}
