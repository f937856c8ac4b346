//! The lab's reports: `despin eval calibrate` ([`calibration`]), `despin eval holdout`
//! ([`holdout`]) and `despin eval restore` ([`restoring`]), printed as Markdown on standard output.

pub mod calibration;
pub mod holdout;
pub mod restoring;
