//! The whole scan of one document on arbitrary bytes: the embedded lists plus a small list with
//! context flags, non-ASCII and punctuation-laden phrases; and the scan with inference and
//! suggestions. See `check_report`, `check_inference` and `check_restore` in tests/invariants.
#![no_main]

use std::sync::LazyLock;

use despin::Detector;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

static SCANNER: LazyLock<Detector> = LazyLock::new(invariants::detector_with_extra);

static INFERRING: LazyLock<Detector> = LazyLock::new(invariants::inferring_detector);

fuzz_target!(|data: &[u8]| {
    let report = invariants::check_report(&SCANNER, data);
    invariants::check_restore(data, &report);
    let report = invariants::check_inference(&INFERRING, data);
    invariants::check_restore(data, &report);
});
