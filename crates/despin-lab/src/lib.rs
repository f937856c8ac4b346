//! despin's lab: how well the detector works, measured on data it was not tuned on, and the
//! fit of its score.
//!
//! - [`samples`], [`spinner`], [`rng`]: labelled data of the project's own making: clean text
//!   cut into chunks, seeded, and spun by spinners of our own;
//! - [`fit`] and [`metrics`]: the logistic fit of the score and the figures that judge it;
//! - [`holdout`]: the held-out split of the tortured-phrase list, and the scores of flagging and
//!   restoring phrases the detector never saw;
//! - [`restoring`]: how well restoring puts back what spinners changed;
//! - [`run`]: the reports that README's figures come from.

pub mod calibrate;
pub mod fit;
pub mod holdout;
pub mod metrics;
pub mod plot;
pub mod restoring;
pub mod rng;
pub mod run;
pub mod samples;
pub mod spinner;
