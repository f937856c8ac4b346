//! The lab's two reports: `despin eval calibrate` ([`calibration`]) and `despin eval holdout`
//! ([`holdout`]), printed as Markdown on standard output.

pub mod calibration;
pub mod holdout;
