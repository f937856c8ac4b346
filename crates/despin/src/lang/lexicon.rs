//! The language tables that detection beyond the lists leans on: how common a word is, how
//! common a pair of words is, and which words can stand for which.
//!
//! All are embedded TSV files of `tables/`, made by `scripts/build_tables.py` and
//! `scripts/build_vectors.py` from openly licensed resources (credits in the files' headers
//! and in `wordlists/CREDITS.md`):
//!
//! - `unigrams.tsv`: the 60,000 most frequent words of English web text, with a log count;
//! - `bigrams.tsv`: about 250,000 frequent word pairs among them, with a log count;
//! - `synonyms.tsv`: single-word synonyms from WordNet 3.0 and the Moby Thesaurus;
//! - `vectors.tsv`: GloVe word vectors of the words of `unigrams.tsv`, for how related two
//!   words are where the pair table is silent.
//!
//! Counts are kept as `q = round(10 log10 count)`; a pair that is not in the table was seen
//! fewer than about 10^5 times in 10^12 words of text (`q` < 50).
//!
//! The tables are parsed once, on first use, into hash maps keyed by [`word_hash`], so that a
//! lookup needs no allocation: inference hashes words as it walks over them ([`crate::text::hash`]).
//!
//! ```
//! use despin::lang::lexicon::Lexicon;
//! use despin::text::hash::{pair_hash, word_hash};
//!
//! let lex = Lexicon::get();
//! assert!(lex.unigram(word_hash(b"round")) > lex.unigram(word_hash(b"spherical")));
//! assert!(lex.bigram(pair_hash(word_hash(b"third"), word_hash(b"round"))) >= 50);
//! assert_eq!(lex.bigram(pair_hash(word_hash(b"third"), word_hash(b"spherical"))), 0);
//! assert!(lex.synonyms("spherical").any(|s| s == "round"));
//! let (line, command, summon) = (word_hash(b"line"), word_hash(b"command"), word_hash(b"summon"));
//! assert!(lex.cosine(command, line).unwrap() > lex.cosine(summon, line).unwrap() + 0.3);
//! ```

use std::sync::LazyLock;

use crate::text::hash::{phrase_hash, word_hash, HashedMap};

/// The embedded tables.
pub const UNIGRAMS: &str = include_str!("../../../../tables/unigrams.tsv");
pub const BIGRAMS: &str = include_str!("../../../../tables/bigrams.tsv");
pub const SYNONYMS: &str = include_str!("../../../../tables/synonyms.tsv");
pub const VECTORS: &str = include_str!("../../../../tables/vectors.tsv");

/// Dimensions of a word vector of `vectors.tsv`.
pub const DIMENSIONS: usize = 50;

/// Word and pair frequencies and synonyms.
pub struct Lexicon {
    unigrams: HashedMap<u8>,
    bigrams: HashedMap<u8>,
    /// Word hash -> its synonyms, as indices into `words`.
    synonyms: HashedMap<Vec<u32>>,
    words: Vec<Box<str>>,
    /// The most frequent words, most frequent first, with their `q`.
    top: Vec<(Box<str>, u8)>,
    /// Word hash -> index into `vectors`.
    vector_of: HashedMap<u32>,
    /// Unit word vectors, each component times 127.
    vectors: Vec<[i8; DIMENSIONS]>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("unigrams", &self.unigrams.len())
            .field("bigrams", &self.bigrams.len())
            .field("synonyms", &self.synonyms.len())
            .field("vectors", &self.vectors.len())
            .finish()
    }
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(UNIGRAMS, BIGRAMS, SYNONYMS, VECTORS));

/// Rows of a table: lines that are neither blank nor comments, split at the first tab.
fn rows(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).filter_map(|l| l.split_once('\t'))
}

impl Lexicon {
    /// The embedded tables, parsed on first use.
    pub fn get() -> &'static Lexicon {
        &LEXICON
    }

    /// Parses tables in the formats of `wordlists/{unigrams,bigrams,synonyms,vectors}.tsv`.
    /// Malformed rows are skipped: the embedded tables are checked by the test suite.
    pub fn parse(unigrams: &str, bigrams: &str, synonyms: &str, vectors: &str) -> Lexicon {
        let mut uni = HashedMap::default();
        let mut top = Vec::new();
        for (w, q) in rows(unigrams) {
            if let Ok(q) = q.trim().parse::<u8>() {
                uni.insert(word_hash(w.as_bytes()), q);
                if top.len() < 2000 {
                    top.push((Box::from(w), q));
                }
            }
        }
        let mut bi = HashedMap::default();
        bi.reserve(bigrams.len() / 16);
        for (pair, q) in rows(bigrams) {
            if let Ok(q) = q.trim().parse::<u8>() {
                bi.insert(phrase_hash(pair.as_bytes()), q);
            }
        }
        let mut words: Vec<Box<str>> = Vec::new();
        let mut ids: HashedMap<u32> = HashedMap::default();
        let mut syn = HashedMap::default();
        for (w, list) in rows(synonyms) {
            let list: Vec<u32> = list
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(|s| {
                    *ids.entry(word_hash(s.as_bytes())).or_insert_with(|| {
                        words.push(Box::from(s));
                        (words.len() - 1) as u32
                    })
                })
                .collect();
            syn.insert(word_hash(w.as_bytes()), list);
        }
        let mut vector_of = HashedMap::default();
        let mut vecs = Vec::new();
        for (w, hex) in rows(vectors) {
            if let Some(v) = parse_vector(hex.trim()) {
                vector_of.insert(word_hash(w.as_bytes()), vecs.len() as u32);
                vecs.push(v);
            }
        }
        Lexicon { unigrams: uni, bigrams: bi, synonyms: syn, words, top, vector_of, vectors: vecs }
    }

    /// The cosine of two words' vectors, -1 to 1 (None when either word has none): how alike
    /// the contexts the words are used in are.
    #[inline]
    pub fn cosine(&self, a: u64, b: u64) -> Option<f32> {
        let x = &self.vectors[*self.vector_of.get(&a)? as usize];
        let y = &self.vectors[*self.vector_of.get(&b)? as usize];
        let dot: i32 = x.iter().zip(y).map(|(&p, &q)| i32::from(p) * i32::from(q)).sum();
        Some(dot as f32 / (127.0 * 127.0))
    }

    /// `q` of a word (0 when it is not among the frequent words).
    #[inline]
    pub fn unigram(&self, word: u64) -> u8 {
        self.unigrams.get(&word).copied().unwrap_or(0)
    }

    /// `q` of a pair of words (0 when the pair is not frequent).
    #[inline]
    pub fn bigram(&self, pair: u64) -> u8 {
        self.bigrams.get(&pair).copied().unwrap_or(0)
    }

    /// Synonyms of a word, most trusted first.
    pub fn synonyms(&self, word: &str) -> impl Iterator<Item = &str> + '_ {
        self.synonyms
            .get(&word_hash(word.as_bytes()))
            .into_iter()
            .flat_map(|ids| ids.iter().map(|&i| &*self.words[i as usize]))
    }

    /// The most frequent words (at most 2,000), most frequent first, with their `q`.
    pub fn top_words(&self) -> &[(Box<str>, u8)] {
        &self.top
    }
}

/// 50 signed bytes from 100 hexadecimal digits.
pub(crate) fn parse_vector(hex: &str) -> Option<[i8; DIMENSIONS]> {
    let b = hex.as_bytes();
    if b.len() != 2 * DIMENSIONS {
        return None;
    }
    let mut v = [0i8; DIMENSIONS];
    for (i, x) in v.iter_mut().enumerate() {
        let s = std::str::from_utf8(&b[2 * i..2 * i + 2]).ok()?;
        *x = u8::from_str_radix(s, 16).ok()? as i8;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_parse_whole() {
        let lex = Lexicon::get();
        let rows_of = |t: &str| t.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).count();
        assert_eq!(lex.unigrams.len(), rows_of(UNIGRAMS));
        assert_eq!(lex.bigrams.len(), rows_of(BIGRAMS));
        assert_eq!(lex.synonyms.len(), rows_of(SYNONYMS));
        assert_eq!(lex.vectors.len(), rows_of(VECTORS));
        let the = word_hash(b"the");
        assert!((lex.cosine(the, the).unwrap() - 1.0).abs() < 0.02);
        assert_eq!(&*lex.top_words()[0].0, "the");
    }

    #[test]
    fn malformed_vector_rows_are_skipped() {
        let good = "7f".repeat(DIMENSIONS);
        let vectors = format!(
            "# header\nword\t{good}\nshort\t7f7f\nbad\t{}\nwide\t{}\n",
            "zz".repeat(DIMENSIONS),
            "\u{e9}".repeat(DIMENSIONS)
        );
        let lex = Lexicon::parse("word\t50\n", "", "", &vectors);
        assert_eq!(lex.vectors.len(), 1);
        let w = word_hash(b"word");
        assert!((lex.cosine(w, w).unwrap() - f32::from(DIMENSIONS as u16)).abs() < 1.0);
        assert_eq!(lex.cosine(w, word_hash(b"short")), None);
    }
}
