//! The knobs of restoring, in one place. Log probabilities are base 10.

/// How the restorer weighs its evidence. [`RestoreParams::DEFAULT`] holds the values in use,
/// chosen with `despin eval restore` on the lab's spun excerpts and the tortured-phrase list's
/// development slice (never on the seed article, which is the test).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RestoreParams {
    /// The chance that the spinner rewrote a word it has an original for, in a document that
    /// scores as spun, where no count says more (see [`crate::restore::table::Table::rate`]).
    pub rho: f32,
    /// Words of the original pages the real spinners' substitutions were aligned from (about
    /// 34 news articles): the scale of their counts.
    pub corpus_words: f32,
    /// How much each occurrence of an original left as written elsewhere in the document
    /// lowers the chance that the spinner rewrote it here: the rate is divided by
    /// `1 + kept * occurrences` (a spinner with a fixed dictionary rewrites a word everywhere).
    pub kept: f32,
    /// log10 penalty of an original that only the thesaurus proposes (the spinner was never
    /// seen making the substitution).
    pub thesaurus: f32,
    /// log10 penalty of an original that only the word vectors propose.
    pub vector: f32,
    /// log10 weight of an original that the inference decoder proposes (a standard term, a
    /// pair of words), weighed in context against the word as written like every other.
    pub decoder: f32,
    /// Words near a spun word in vector space looked up, at most, and the least cosine.
    pub max_vectors: usize,
    pub min_cosine: f32,
    /// log10 weight of reading a word as written (0; very negative to rank the originals
    /// alone, as when a word is known to be spun).
    pub as_written: f32,
    /// The least probability, among the readings of a word, that a rewrite needs: 0.5 is "more
    /// likely right than wrong".
    pub posterior: f32,
    /// log10 probability of a word the language model does not know.
    pub unknown: f32,
    /// Words whose log10 unigram probability is above this (the most common words: "the",
    /// "at", "will") are rewritten only through substitutions seen, never through synonyms.
    pub common: f32,
    /// Synonyms looked up, at most, each way round.
    pub max_synonyms: usize,
    /// log10 probability given to a pair of words of a standard term of the lists' originals
    /// ("machine learning") when the language model has it rarer.
    pub term: f32,
    /// Passes over a sentence: the first reads each word with the words before it already
    /// restored, the next ones with both sides restored.
    pub passes: usize,
}

impl RestoreParams {
    pub const DEFAULT: RestoreParams = RestoreParams {
        rho: 0.5,
        corpus_words: 20_000.0,
        kept: 1.0,
        thesaurus: -2.0,
        vector: -2.0,
        decoder: 1.0,
        max_vectors: 10,
        min_cosine: 0.6,
        as_written: 0.0,
        posterior: 0.9,
        unknown: -6.0,
        common: -2.6,
        max_synonyms: 12,
        term: -1.5,
        passes: 2,
    };
}

impl Default for RestoreParams {
    fn default() -> RestoreParams {
        RestoreParams::DEFAULT
    }
}
