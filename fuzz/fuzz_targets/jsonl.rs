//! One JSONL record on arbitrary bytes, with plain and dotted keys: parsing never panics, an
//! error names the file and line, and a parsed document scans cleanly.
#![no_main]

use std::sync::{Arc, LazyLock};

use despin_corpus::input::{InputOptions, Item, Place};
use despin::{Config, Detector};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

static SCANNER: LazyLock<Detector> = LazyLock::new(|| Detector::new(Config::default().lists_only()).unwrap());

fuzz_target!(|data: &[u8]| {
    let dotted = InputOptions { text_key: "meta.text".into(), id_key: "meta.id".into(), ..InputOptions::default() };
    for options in [InputOptions::default(), dotted] {
        let item = Item::JsonLine { place: Place { path: Arc::from("f.jsonl"), line: Some(7) }, bytes: data.to_vec() };
        match item.into_document(&options) {
            Ok(doc) => {
                assert!(std::str::from_utf8(&doc.text).is_ok());
                let report = invariants::check_report(&SCANNER, &doc.text);
                invariants::check_restore(&doc.text, &report);
            }
            Err(e) => assert!(e.to_string().starts_with("f.jsonl:7: "), "{e}"),
        }
    }
});
