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
//! - `inferred density`: weighted hits beyond the lists per 1,000 words (`scan --infer`);
//! - `missing`: evidence that common words were rewritten away (`scan --infer`);
//!
//! in a logistic model `p = 1 / (1 + e^-(b0 + b1 x1 + b2 x2 + b3 x3 + b4 x4))` whose inputs
//! `x` are the logarithms [`Model::inputs`] makes of these. Without inference the last two are 0.
//! All coefficients and the threshold live in [`Model::DEFAULT`].
//!
//! ## Calibration
//!
//! `despin eval calibrate --brown target/corpora/brown --infer` (the `despin-lab` crate) fits the
//! model on labelled data of the project's own making: Brown chunks, clean and spun (a
//! sense-blind thesaurus spinner at four rates, the spinner's fixed dictionary at two), the
//! tuning half of the documents only. Three choices are not the data's:
//!
//! - the list coefficients (`density`, `distinct`) are held at hand-set values: the lists are
//!   pruned on Brown, so no clean chunk carries a listed phrase, and the data cannot say what
//!   one stray hit is worth (fitted freely they follow the L2 penalty and the news dialect of
//!   the seed articles drops below 0.1);
//! - the probability is for a population where one document in 1,000 is spun: the slopes are
//!   fitted with the classes weighing the same, and the intercept is then moved by
//!   ln(0.001 / 0.999). At that prior a document with no evidence scores about 0.0003 and the
//!   one-stray-match note of the fixtures 0.03;
//! - slopes may not be negative (every input is evidence of spinning).
//!
//! The same model serves with and without inference: without it, the inference inputs are 0,
//! the value of a document where inference found nothing, and the score rests on the lists.
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

use super::features::Features;

/// Documents with fewer scored words count as this many when computing shares per 100 words,
/// so that a few words of a short note do not make a rate.
pub const MIN_SCORED: usize = 100;

/// Number of model inputs (see [`Model::inputs`]).
pub const INPUTS: usize = 9;

/// Names of the model inputs, in the order of [`Model::inputs`].
pub const INPUT_NAMES: [&str; INPUTS] = [
    "ln(1 + density)",
    "ln(1 + distinct)",
    "ln(1 + missing)",
    "ln(1 + profile density)",
    "ln(1 + profile words)",
    "-(mean context information)",
    "poor share",
    "ln(1 + expected per 100)",
    "ln(1 + swap evidence per 100)",
];

/// The coefficients of the logistic model and the decision threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Model {
    /// The intercept, then one coefficient for each input of [`Model::inputs`], in order.
    pub coefficients: [f64; INPUTS + 1],
    /// Documents whose probability reaches this are flagged as spun.
    pub threshold: f64,
}

impl Model {
    /// The model despin ships with, fitted by `despin eval calibrate` (see the module
    /// documentation; a test fits it again and compares).
    pub const DEFAULT: Model = Model::from_coefficients(
        [
            -8.406, // intercept
            1.600,  // ln(1 + density)
            2.200,  // ln(1 + distinct)
            0.102,  // ln(1 + missing)
            0.000,  // ln(1 + profile density)
            0.000,  // ln(1 + profile words)
            0.000,  // -(mean context information)
            0.000,  // poor share
            0.000,  // ln(1 + expected per 100)
            0.000,  // ln(1 + swap evidence per 100)
        ],
        0.5,
    );

    /// A model from coefficients: the intercept, then one for each input.
    pub const fn from_coefficients(coefficients: [f64; INPUTS + 1], threshold: f64) -> Model {
        Model { coefficients, threshold }
    }

    /// The inputs of the model for a document: what the coefficients multiply.
    pub fn inputs(f: &Features) -> [f64; INPUTS] {
        let per_100 = |x: f64| 100.0 * x / f.fluency.scored.max(MIN_SCORED) as f64;
        [
            f.density().ln_1p(),
            (f.distinct as f64).ln_1p(),
            f.missing.max(0.0).ln_1p(),
            f.profile_density().ln_1p(),
            (f.profile_words as f64).ln_1p(),
            -f.fluency.mean_pmi(),
            f.fluency.poor_share(),
            per_100(f.fluency.expected as f64).ln_1p(),
            per_100(f.fluency.llr).ln_1p(),
        ]
    }

    /// The coefficients, intercept first, in the order of [`Model::inputs`].
    pub fn coefficients(&self) -> [f64; INPUTS + 1] {
        self.coefficients
    }

    /// The probability that a document with these features was spun.
    pub fn probability(&self, f: &Features) -> f64 {
        let c = self.coefficients();
        let z = c[0] + Model::inputs(f).iter().zip(&c[1..]).map(|(x, b)| x * b).sum::<f64>();
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
        } else {
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
        }
        if f.inferred > 0 {
            out.push(format!(
                "{} spun word{} found beyond the lists ({:.1} weighted per 1,000 words{})",
                f.inferred,
                if f.inferred == 1 { "" } else { "s" },
                f.inferred_density(),
                if f.inferred_density() < 3.0 { ", about what clean text shows" } else { "" }
            ));
        }
        if f.profile_words > 0 {
            out.push(format!(
                "{} word{} a spinner is known to rewrite look rewritten ({:.1} evidence per 1,000 words)",
                f.profile_words,
                if f.profile_words == 1 { "" } else { "s" },
                f.profile_density()
            ));
        }
        if f.missing >= 1.0 && self.coefficients[3] > 0.0 {
            out.push(format!(
                "common words missing: {:.1} expected occurrences of words that do not occur at all, beyond what clean \
                 text of this length misses",
                f.missing
            ));
        }
        out
    }
}

impl Default for Model {
    fn default() -> Self {
        Model::DEFAULT
    }
}
