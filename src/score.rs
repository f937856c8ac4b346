//! Scoring: from the hits in a document to a probability that it was spun.
//!
//! One hit proves little: a clean article can contain an odd phrase that happens to be on a
//! list. A spinner, though, rewrites *every* occurrence of the words in its dictionary, so a spun
//! article carries many different artifacts, spread through the text. The score combines:
//!
//! - `density`: weighted hits per 1,000 words (documents shorter than [`MIN_WORDS`] count as
//!   that long, so that one stray hit in a three-line note does not look dense);
//! - `distinct`: how many different entries hit: the strongest single sign, since a clean text
//!   that repeats one unlucky phrase still shows only one;
//!
//! in a logistic model `p = 1 / (1 + e^-(b0 + b1 ln(1 + density) + b2 ln(1 + distinct)))`. All
//! coefficients and the threshold live in [`Model::DEFAULT`]; README explains how they were set.
//!
//! ```
//! use despin::score::{Features, Model};
//!
//! let clean = Features { words: 800, ..Features::default() };
//! let stray = Features { words: 300, hits: 1, weighted: 1.0, distinct: 1, ..Features::default() };
//! let spun = Features { words: 1100, hits: 60, weighted: 70.0, distinct: 45, ..Features::default() };
//! let m = Model::DEFAULT;
//! assert!(m.probability(&clean) < 0.1);
//! assert!(!m.is_spun(m.probability(&stray)));
//! assert!(m.probability(&spun) > 0.9);
//! ```

use serde::Serialize;

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
}

/// The coefficients of the logistic model and the decision threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Model {
    pub intercept: f64,
    /// Coefficient of `ln(1 + density)`.
    pub density: f64,
    /// Coefficient of `ln(1 + distinct)`.
    pub distinct: f64,
    /// Documents whose probability reaches this are flagged as spun.
    pub threshold: f64,
}

impl Model {
    /// The model despin ships with.
    pub const DEFAULT: Model = Model { intercept: -6.0, density: 1.6, distinct: 2.2, threshold: 0.5 };

    /// The probability that a document with these features was spun.
    pub fn probability(&self, f: &Features) -> f64 {
        let z = self.intercept + self.density * f.density().ln_1p() + self.distinct * (f.distinct as f64).ln_1p();
        1.0 / (1.0 + (-z).exp())
    }

    /// Whether a probability is high enough to flag.
    pub fn is_spun(&self, probability: f64) -> bool {
        probability >= self.threshold
    }

    /// Plain-words reasons for a score, for `explain`.
    pub fn reasons(&self, f: &Features) -> Vec<String> {
        let mut out = Vec::new();
        if f.hits == 0 {
            out.push("no listed phrase found".to_string());
            return out;
        }
        out.push(format!(
            "{} hit{} of {} different entr{} in {} words",
            f.hits,
            if f.hits == 1 { "" } else { "s" },
            f.distinct,
            if f.distinct == 1 { "y" } else { "ies" },
            f.words
        ));
        out.push(format!("{:.1} weighted hits per 1,000 words", f.density()));
        if f.distinct == 1 {
            out.push("a single kind of artifact is weak evidence: clean text can hold one odd phrase".to_string());
        }
        out
    }
}

impl Default for Model {
    fn default() -> Self {
        Model::DEFAULT
    }
}
