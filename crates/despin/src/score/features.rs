//! The evidence a score is computed from, gathered from a document's hits.

use serde::Serialize;

use crate::hits::Hit;

/// Documents shorter than this count as this long when computing densities.
pub const MIN_WORDS: usize = 150;

/// The evidence the score is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Features {
    /// Words in the document.
    pub words: usize,
    /// Hits.
    pub hits: usize,
    /// Sum of the hits' weights.
    pub weighted: f64,
    /// Different entries among the hits.
    pub distinct: usize,
    /// Hits found beyond the lists (not counted in `hits`).
    pub inferred: usize,
    /// Sum of their weights.
    pub inferred_weighted: f64,
    /// Evidence of missing common words (see [`crate::infer::Analysis::missing`]).
    pub missing: f64,
}

impl Features {
    /// Weighted hits per 1,000 words, with short documents counted as [`MIN_WORDS`] long.
    pub fn density(&self) -> f64 {
        self.weighted * 1000.0 / self.words.max(MIN_WORDS) as f64
    }

    /// Weighted inferred hits per 1,000 words, counted like [`Features::density`].
    pub fn inferred_density(&self) -> f64 {
        self.inferred_weighted * 1000.0 / self.words.max(MIN_WORDS) as f64
    }
}

impl Features {
    /// The features of a document of `words` words with these hits, and `missing` evidence of
    /// missing common words (0 without inference).
    pub fn from_hits(words: usize, hits: &[Hit], missing: f64) -> Features {
        let mut f = Features { words, missing, ..Features::default() };
        let mut distinct: Vec<usize> = Vec::with_capacity(hits.len());
        for h in hits {
            match h.entry {
                Some(entry) => {
                    f.hits += 1;
                    f.weighted += f64::from(h.evidence);
                    distinct.push(entry);
                }
                None => {
                    f.inferred += 1;
                    f.inferred_weighted += f64::from(h.evidence);
                }
            }
        }
        distinct.sort_unstable();
        distinct.dedup();
        f.distinct = distinct.len();
        f
    }
}
