//! The normaliser on arbitrary bytes: see `check_normalized` in tests/invariants, plus word
//! counts and the incremental line counter against a count from scratch.
#![no_main]

use despin::text::lines::LineCounter;
use despin::text::words::count_words;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    invariants::check_normalized(data);
    assert!(count_words(data) <= data.len());
    let mut lines = LineCounter::new(data);
    let step = (data.len() / 16).max(1);
    for offset in (0..=data.len()).step_by(step) {
        assert_eq!(lines.locate(offset), invariants::line_col(data, offset), "offset {offset}");
    }
});
