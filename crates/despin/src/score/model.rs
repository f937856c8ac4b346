//! Scoring: from the evidence in a document to a probability that it was spun.
//!
//! One sign proves little: a clean article can hold an odd phrase that happens to be on a list,
//! favour one word a spinner also writes, or use a rare word where the model of English expects
//! a common one. A spinner, though, leaves many signs of one kind. The score weighs:
//!
//! - `density`: weighted list hits per 1,000 words (documents shorter than [`MIN_WORDS`] count
//!   as that long, so that one stray hit in a three-line note does not look dense);
//! - `distinct`: how many different list entries hit (a clean text that repeats one unlucky
//!   phrase still shows only one);
//! - `missing`: evidence that common words were rewritten away, per 1,000 words;
//! - `profile density` and `profile words`: evidence that a known spinner's dictionary was
//!   applied, and the words it looks applied to, per 1,000 words ([`crate::infer::profile`]);
//! - `swap evidence` and `expected`: words for which a synonym fits their context far better
//!   under the model of English, per 100 words ([`crate::infer::fluency`]).
//!
//! Each input counts only above a knot, `max(0, x - knot)`: the value that 95% of clean
//! excerpts stay under (0 for the lists, which clean prose never hits). What clean text shows
//! anyway is thus no evidence, and signs of different spinners do not add up their clean noise.
//! The probability is a logistic model over these, `p = 1 / (1 + e^-(b0 + Σ bi max(0, xi - ki)))`.
//! All coefficients, knots and the threshold live in [`Model::DEFAULT`].
//!
//! ## Calibration
//!
//! `despin eval calibrate` (the `despin-lab` crate) fits the model on labelled data of the
//! project's own making: excerpts of about 300 words of Brown, nlp-corpus and the clean fixtures,
//! clean and spun by four spinners at a few strengths, the tuning half of the documents only.
//! Three choices are not the data's:
//!
//! - the list coefficients (`density`, `distinct`) are held at hand-set values: the lists are
//!   pruned on Brown, so no clean excerpt carries a listed phrase, and the data cannot say what
//!   one stray hit is worth;
//! - the probability is for a population where [`PRIOR`] of the documents are spun: the slopes
//!   are fitted with the classes weighing the same, and the intercept is then moved by
//!   ln(prior / (1 - prior));
//! - slopes may not be negative (every input is evidence of spinning).
//!
//! With `--lists-only` the inputs of inference are 0: the score rests on the lists.
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

use super::features::{Features, MIN_WORDS};

/// Documents with fewer scored words count as this many when computing shares per 100 words,
/// so that a few words of a short note do not make a rate.
pub const MIN_SCORED: usize = 100;

/// The share of spun documents the shipped probability is for.
pub const PRIOR: f64 = 0.01;

/// Number of model inputs (see [`Model::inputs`]).
pub const INPUTS: usize = 7;

/// Names of the model inputs, in the order of [`Model::inputs`].
pub const INPUT_NAMES: [&str; INPUTS] = [
    "ln(1 + density)",
    "ln(1 + distinct)",
    "ln(1 + missing per 1,000)",
    "ln(1 + profile density)",
    "ln(1 + profile words per 1,000)",
    "ln(1 + expected per 100)",
    "ln(1 + swap evidence per 100)",
];

/// The coefficients of the logistic model, its knots and the decision threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Model {
    /// The intercept, then one coefficient for each input of [`Model::inputs`], in order.
    pub coefficients: [f64; INPUTS + 1],
    /// The value of each input from which it counts (see the module documentation).
    pub knots: [f64; INPUTS],
    /// Documents whose probability reaches this are flagged as spun.
    pub threshold: f64,
}

impl Model {
    /// The model despin ships with, fitted by `despin eval calibrate` (see the module
    /// documentation; a test fits it again and compares).
    pub const DEFAULT: Model = Model::new(
        [
            -6.229, // intercept
            1.600,  // ln(1 + density)
            2.200,  // ln(1 + distinct)
            1.269,  // ln(1 + missing per 1,000)
            7.657,  // ln(1 + profile density)
            3.869,  // ln(1 + profile words per 1,000)
            6.494,  // ln(1 + expected per 100)
            13.085, // ln(1 + swap evidence per 100)
        ],
        [0.000, 0.000, 2.152, 3.954, 2.063, 0.806, 1.659],
        0.5,
    );

    /// A model from coefficients (the intercept, then one for each input), knots and a threshold.
    pub const fn new(coefficients: [f64; INPUTS + 1], knots: [f64; INPUTS], threshold: f64) -> Model {
        Model { coefficients, knots, threshold }
    }

    /// The raw inputs of a document, before the knots.
    pub fn inputs(f: &Features) -> [f64; INPUTS] {
        let per_100 = |x: f64| 100.0 * x / f.fluency.scored.max(MIN_SCORED) as f64;
        let per_1000 = |x: f64| 1000.0 * x / f.words.max(MIN_WORDS) as f64;
        [
            f.density().ln_1p(),
            (f.distinct as f64).ln_1p(),
            per_1000(f.missing.max(0.0)).ln_1p(),
            f.profile_density().ln_1p(),
            per_1000(f.profile_words as f64).ln_1p(),
            per_100(f.fluency.expected as f64).ln_1p(),
            per_100(f.fluency.llr).ln_1p(),
        ]
    }

    /// The inputs above their knots: what the coefficients multiply.
    pub fn hinged(&self, f: &Features) -> [f64; INPUTS] {
        let mut x = Model::inputs(f);
        for (v, k) in x.iter_mut().zip(&self.knots) {
            *v = (*v - k).max(0.0);
        }
        x
    }

    /// The coefficients, intercept first, in the order of [`Model::inputs`].
    pub fn coefficients(&self) -> [f64; INPUTS + 1] {
        self.coefficients
    }

    /// The log-odds of a document with these features.
    pub fn log_odds(&self, f: &Features) -> f64 {
        let c = &self.coefficients;
        c[0] + self.hinged(f).iter().zip(&c[1..]).map(|(x, b)| x * b).sum::<f64>()
    }

    /// The probability that a document with these features was spun.
    pub fn probability(&self, f: &Features) -> f64 {
        1.0 / (1.0 + (-self.log_odds(f)).exp())
    }

    /// Whether a probability is high enough to flag.
    pub fn is_spun(&self, probability: f64) -> bool {
        probability >= self.threshold
    }

    /// Plain-words reasons for a score, for `explain`: each input that counts, with what it
    /// adds to the log-odds.
    pub fn reasons(&self, f: &Features) -> Vec<String> {
        let x = self.hinged(f);
        let add = |i: usize| self.coefficients[i + 1] * x[i];
        let mut out = Vec::new();
        if f.hits == 0 {
            out.push("no listed phrase found".to_string());
        } else {
            out.push(format!(
                "{} hit{} of {} different entr{} in {} words ({:.1} weighted per 1,000 words; +{:.1} log-odds)",
                f.hits,
                if f.hits == 1 { "" } else { "s" },
                f.distinct,
                if f.distinct == 1 { "y" } else { "ies" },
                f.words,
                f.density(),
                add(0) + add(1)
            ));
            if f.distinct == 1 {
                out.push("a single kind of artifact is weak evidence: clean text can hold one odd phrase".to_string());
            }
        }
        if f.profile_words > 0 || add(3) + add(4) > 0.0 {
            out.push(format!(
                "{} word{} a spinner is known to rewrite look rewritten ({:.1} evidence per 1,000 words; +{:.1} log-odds)",
                f.profile_words,
                if f.profile_words == 1 { "" } else { "s" },
                f.profile_density(),
                add(3) + add(4)
            ));
        }
        if f.fluency.expected > 0 || add(5) + add(6) > 0.0 {
            out.push(format!(
                "{} word{} of {} a synonym would fit far better, under the model of English (+{:.1} log-odds)",
                f.fluency.expected,
                if f.fluency.expected == 1 { "" } else { "s" },
                f.fluency.scored,
                add(5) + add(6)
            ));
        }
        if add(2) > 0.0 {
            out.push(format!(
                "common words missing: {:.1} expected occurrences of words that do not occur at all, beyond what clean \
                 text of this length misses (+{:.1} log-odds)",
                f.missing,
                add(2)
            ));
        }
        if f.inferred > 0 {
            out.push(format!(
                "{} spun word{} found beyond the lists, with likely originals",
                f.inferred,
                if f.inferred == 1 { "" } else { "s" }
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
