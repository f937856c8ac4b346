//! The evidence a score is computed from, gathered from a document's hits.

use serde::Serialize;

use crate::hits::Hit;
use crate::infer::fluency::Fluency;

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
    /// Evidence that a spinner's dictionary was applied (see [`crate::infer::profile`]).
    pub profile: f64,
    /// Words that look strongly rewritten by it.
    pub profile_words: usize,
    /// How well the words fit their context under the trigram model.
    #[serde(skip)]
    pub fluency: Fluency,
}

impl Features {
    /// Weighted hits per 1,000 words, with short documents counted as [`MIN_WORDS`] long.
    pub fn density(&self) -> f64 {
        self.weighted * 1000.0 / self.words.max(MIN_WORDS) as f64
    }

    /// The profile's evidence per 1,000 words, counted like [`Features::density`].
    pub fn profile_density(&self) -> f64 {
        self.profile * 1000.0 / self.words.max(MIN_WORDS) as f64
    }

    /// Weighted inferred hits per 1,000 words, counted like [`Features::density`].
    pub fn inferred_density(&self) -> f64 {
        self.inferred_weighted * 1000.0 / self.words.max(MIN_WORDS) as f64
    }
}

impl Features {
    /// The features of a document: `evidence` beyond the hits (words, missing words, profile,
    /// fluency), with the counts of these hits.
    pub fn from_hits(evidence: &Features, hits: &[Hit]) -> Features {
        let mut f = Features { hits: 0, weighted: 0.0, distinct: 0, inferred: 0, inferred_weighted: 0.0, ..*evidence };
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
