//! A trigram language model of general US English: how probable a word is after the two words
//! before it, so that "police shot dead two suspects" can be told from "police shot drained two
//! suspects".
//!
//! The model is the US-English trigram model of CMU Sphinx (`en-us.lm.bin`, BSD-2, Carnegie
//! Mellon University and Alpha Cephei Inc.; 72,547 words, 2.0 M bigrams, 1.67 M trigrams, Katz
//! backoff), turned by `scripts/build_lm.py` into the table `tables/english-3gram.bin.zst`
//! (format: `tables/english-3gram.md`). Log probabilities are base 10; those of bigrams and
//! trigrams and the bigrams' backoff weights are rounded to a grid of 0.001, so that a query is
//! within about 0.001 of the original model.
//!
//! Words are lower case; contractions and possessives are single words ("don't", "it's",
//! "john's"), as are hyphenated compounds the model knows ("brother-in-law"); numbers are
//! spelled out ("twenty"); letters spelled out are "a." .. "z.". `<s>` and `</s>` mark the
//! start and end of a sentence; there is no `<unk>`: a word the model lacks has no id.
//!
//! ```
//! use despin::lang::trigram::TrigramModel;
//! use despin::text::hash::word_hash;
//!
//! let lm = TrigramModel::get();
//! let id = |w: &str| lm.word(word_hash(w.as_bytes())).unwrap();
//! let (shot, dead, drained) = (id("shot"), id("dead"), id("drained"));
//! let ctx = lm.context(Some(id("police")), Some(shot));
//! assert!(ctx.log10_prob(dead) > ctx.log10_prob(drained) + 2.0);
//! ```

/// A word of the model: 0 is the most probable word, `len() - 1` the least.
pub type WordId = u32;

/// A query of [`TrigramModel::log10_probs`]: `(w1, w2, w3)` for log10 P(w3 | w1 w2).
pub type Query = (Option<WordId>, Option<WordId>, WordId);

/// Queries that [`TrigramModel::log10_probs`] runs side by side.
pub const BATCH: usize = 32;

/// The first bytes of an uncompressed table.
pub const MAGIC: &[u8; 8] = b"despinLM";
/// The table version this module reads.
const VERSION: u32 = 1;
/// "No such word" in the header's `<s>`, `</s>` and `<unk>` fields.
const NO_WORD: u32 = u32::MAX;
/// The first bytes of a zstd frame.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];
/// The largest decompressed table accepted (the real one is 19 MB).
const MAX_TABLE_BYTES: u64 = 1 << 28;
/// Sections of a version-1 table, in order.
const SECTIONS: usize = 13;
/// Log probability of a word id that is not in the model (an id from elsewhere).
const NOT_A_WORD: f32 = f32::NEG_INFINITY;

mod batch;
mod fences;
mod parse;
#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use fences::Fences;
use parse::{decompress, Layout};

#[cfg(test)]
use crate::text::hash::word_hash;

/// The embedded table.
pub const TABLE: &[u8] = include_bytes!("../../../../../tables/english-3gram.bin.zst");

static MODEL: LazyLock<TrigramModel> =
    LazyLock::new(|| TrigramModel::parse(TABLE).expect("the embedded table is checked by the test suite"));

/// The trigram model, parsed into flat arrays (about 28 MB for the English table).
pub struct TrigramModel {
    /// Spellings, concatenated; word `i` is `spellings[starts[i]..starts[i + 1]]`.
    spellings: String,
    starts: Vec<u32>,
    /// Open-addressing table from word hash to id: `(hash, id)`, `id == NO_WORD` if empty.
    slots: Vec<(u64, u32)>,
    slot_mask: usize,
    /// Unigram log10 probability and backoff weight, by id.
    uni_prob: Vec<f32>,
    uni_bo: Vec<f32>,
    /// Bigrams starting with word `w` are `bigrams[bigram_start[w]..bigram_start[w + 1]]`.
    bigram_start: Vec<u32>,
    /// Bigram records (see [`Layout`]), plus one last record holding only the trigram count.
    bigrams: Vec<u64>,
    /// Trigram records; those continuing bigram `i` run from its trigram index to that of `i + 1`.
    trigrams: Vec<u32>,
    /// Indexes into the bigram and trigram records, to narrow searches (see [`Fences`]).
    bi_fences: Fences,
    tri_fences: Fences,
    /// Codebooks: log10 values by code.
    bi_prob_book: Vec<f32>,
    bi_bo_book: Vec<f32>,
    tri_prob_book: Vec<f32>,
    layout: Layout,
    sentence_start: WordId,
    sentence_end: WordId,
    unknown: Option<WordId>,
}

impl std::fmt::Debug for TrigramModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrigramModel")
            .field("words", &self.len())
            .field("bigrams", &self.bigram_count())
            .field("trigrams", &self.trigram_count())
            .finish_non_exhaustive()
    }
}

/// A history of two words, with the lookups that do not depend on the next word done once.
///
/// Made by [`TrigramModel::context`]; scoring many candidate next words in one context costs one
/// or two searches in short lists each.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    model: &'a TrigramModel,
    /// The word before the predicted one, if known: without it only unigrams apply.
    w2: Option<WordId>,
    /// Backoff weight of `w2` (unigram) and of the bigram `w1 w2` (0 where there is none).
    bo2: f32,
    bo12: f32,
    /// Bigrams starting with `w2`, as a range of `model.bigrams` (where `w3` is looked for).
    bigrams: (u32, u32),
    /// Trigrams continuing `w1 w2`, as a range of `model.trigrams` (empty where none).
    trigrams: (u32, u32),
}

impl Context<'_> {
    /// log10 P(w3 | w1 w2) with Katz backoff: the trigram if the model has it; else the bigram
    /// `w2 w3` times the backoff weight of `w1 w2`; else the unigram times the backoff weights
    /// of `w2` and of `w1 w2`. Without `w2`, the unigram alone (as pocketsphinx does).
    #[inline]
    pub fn log10_prob(&self, w3: WordId) -> f32 {
        let m = self.model;
        let Some(&p3) = m.uni_prob.get(w3 as usize) else { return NOT_A_WORD };
        if self.w2.is_none() {
            return p3;
        }
        if let Some(code) = m.find_trigram(self.trigrams, w3) {
            return m.tri_prob_book[code as usize];
        }
        match m.find_bigram(self.bigrams, w3) {
            Some(record) => m.bigram_prob(record) + self.bo12,
            None => p3 + self.bo2 + self.bo12,
        }
    }

    /// Whether the model has the trigram `w1 w2 w3` itself (no backoff needed).
    pub fn has_trigram(&self, w3: WordId) -> bool {
        (w3 as usize) < self.model.len() && self.model.find_trigram(self.trigrams, w3).is_some()
    }
}

impl TrigramModel {
    /// The embedded model, parsed on first use (about 0.1 s).
    pub fn get() -> &'static TrigramModel {
        &MODEL
    }

    /// Parses a table as written by `scripts/build_lm.py`: zstd-compressed (as committed) or not.
    ///
    /// Every count, length, word id and code is checked: a truncated or corrupt table gives an
    /// error that says what is wrong, never a panic.
    pub fn parse(bytes: &[u8]) -> Result<TrigramModel, String> {
        if bytes.starts_with(&ZSTD_MAGIC) {
            let raw = decompress(bytes)?;
            return Self::parse_raw(&raw);
        }
        Self::parse_raw(bytes)
    }

    /// The id of the word whose [`word_hash`] is `hash`, if the model has it.
    #[inline]
    pub fn word(&self, hash: u64) -> Option<WordId> {
        let mut at = hash as usize & self.slot_mask;
        loop {
            let (h, id) = self.slots[at];
            if id == NO_WORD {
                return None;
            }
            if h == hash {
                return Some(id);
            }
            at = (at + 1) & self.slot_mask;
        }
    }

    /// The spelling of a word (lower case).
    pub fn word_str(&self, id: WordId) -> Option<&str> {
        let i = id as usize;
        let (start, end) = (*self.starts.get(i)?, *self.starts.get(i + 1)?);
        self.spellings.get(start as usize..end as usize)
    }

    /// `<s>`, the start of a sentence: a history word, never predicted (its probability is 10^-99).
    pub fn sentence_start(&self) -> WordId {
        self.sentence_start
    }

    /// `</s>`, the end of a sentence: predicted after the last word.
    pub fn sentence_end(&self) -> WordId {
        self.sentence_end
    }

    /// `<unk>`, if the model has it (the English one has not).
    pub fn unknown(&self) -> Option<WordId> {
        self.unknown
    }

    /// log10 P(w3 | w1 w2), Katz backoff. `None` is a history word that is missing (the start of
    /// the text) or unknown to the model: without `w1` the bigram estimate is used, without `w2`
    /// the unigram (whatever `w1`). Pass [`sentence_start`](Self::sentence_start) at the start of
    /// a sentence. An id that is not of this model gives `-inf` as `w3` and counts as `None` in
    /// the history.
    #[inline]
    pub fn log10_prob(&self, w1: Option<WordId>, w2: Option<WordId>, w3: WordId) -> f32 {
        self.context(w1, w2).log10_prob(w3)
    }

    /// log10 P(w), the unigram probability (`-inf` for an id not of this model).
    #[inline]
    pub fn unigram(&self, w: WordId) -> f32 {
        self.uni_prob.get(w as usize).copied().unwrap_or(NOT_A_WORD)
    }

    /// The history `w1 w2` for scoring many next words (see [`Context::log10_prob`]).
    pub fn context(&self, w1: Option<WordId>, w2: Option<WordId>) -> Context<'_> {
        let n = self.len() as u32;
        let w1 = w1.filter(|&w| w < n);
        let w2 = w2.filter(|&w| w < n);
        let mut ctx = Context { model: self, w2, bo2: 0.0, bo12: 0.0, bigrams: (0, 0), trigrams: (0, 0) };
        let Some(w2) = w2 else { return ctx };
        ctx.bo2 = self.uni_bo[w2 as usize];
        ctx.bigrams = self.bigram_range(w2);
        if let Some(w1) = w1 {
            if let Some(i) = self.find_bigram_index(self.bigram_range(w1), w2) {
                let record = self.bigrams[i];
                ctx.bo12 = self.bi_bo_book[((record >> self.layout.bi_bo_shift) & self.layout.bi_bo_mask) as usize];
                let next = self.bigrams[i + 1];
                ctx.trigrams = ((record & self.layout.bi_next_mask) as u32, (next & self.layout.bi_next_mask) as u32);
            }
        }
        ctx
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.uni_prob.len()
    }

    /// Whether the model has no words (a parsed model always has some).
    pub fn is_empty(&self) -> bool {
        self.uni_prob.is_empty()
    }

    /// Number of bigrams.
    pub fn bigram_count(&self) -> usize {
        self.bigrams.len() - 1
    }

    /// Number of trigrams.
    pub fn trigram_count(&self) -> usize {
        self.trigrams.len()
    }

    /// Bytes of memory held by the model (heap, by capacity).
    pub fn memory_usage(&self) -> usize {
        use std::mem::size_of;
        std::mem::size_of::<Self>()
            + self.spellings.capacity()
            + self.starts.capacity() * size_of::<u32>()
            + self.slots.capacity() * size_of::<(u64, u32)>()
            + (self.uni_prob.capacity() + self.uni_bo.capacity()) * size_of::<f32>()
            + self.bigram_start.capacity() * size_of::<u32>()
            + self.bigrams.capacity() * size_of::<u64>()
            + self.trigrams.capacity() * size_of::<u32>()
            + (self.bi_fences.capacity() + self.tri_fences.capacity()) * size_of::<u32>()
            + (self.bi_prob_book.capacity() + self.bi_bo_book.capacity() + self.tri_prob_book.capacity())
                * size_of::<f32>()
    }

    /// Range of the bigrams starting with `w` (which must be in range).
    #[inline]
    fn bigram_range(&self, w: WordId) -> (u32, u32) {
        (self.bigram_start[w as usize], self.bigram_start[w as usize + 1])
    }

    /// Global index of the bigram record for second word `w` within `range`.
    #[inline]
    fn find_bigram_index(&self, (start, end): (u32, u32), w: WordId) -> Option<usize> {
        self.search_bigrams(self.bi_fences.narrow(start as usize, end as usize, w), w)
    }

    /// Global index of the bigram record for second word `w` within records `lo..hi`.
    #[inline]
    fn search_bigrams(&self, (lo, hi): (usize, usize), w: WordId) -> Option<usize> {
        let shift = self.layout.bi_word_shift;
        let records = &self.bigrams[lo..hi];
        let i = records.partition_point(|&r| r >> shift < u64::from(w));
        (i < records.len() && records[i] >> shift == u64::from(w)).then_some(lo + i)
    }

    /// The bigram record for second word `w` within `range`.
    #[inline]
    fn find_bigram(&self, range: (u32, u32), w: WordId) -> Option<u64> {
        self.find_bigram_index(range, w).map(|i| self.bigrams[i])
    }

    #[inline]
    fn bigram_prob(&self, record: u64) -> f32 {
        self.bi_prob_book[((record >> self.layout.bi_prob_shift) & self.layout.bi_prob_mask) as usize]
    }

    /// The probability code of the trigram with third word `w` within `range`.
    #[inline]
    fn find_trigram(&self, (start, end): (u32, u32), w: WordId) -> Option<u32> {
        if start == end {
            return None;
        }
        self.search_trigrams(self.tri_fences.narrow(start as usize, end as usize, w), w)
    }

    /// The probability code of the trigram with third word `w` within records `lo..hi`.
    #[inline]
    fn search_trigrams(&self, (lo, hi): (usize, usize), w: WordId) -> Option<u32> {
        let shift = self.layout.tri_word_shift;
        let records = &self.trigrams[lo..hi];
        let i = records.partition_point(|&r| r >> shift < w);
        (i < records.len() && records[i] >> shift == w).then(|| records[i] & self.layout.tri_prob_mask)
    }
}
