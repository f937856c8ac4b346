//! Property tests of the JSONL reader: any line, any record, any file of good and bad lines.
//! Each property runs 256 cases by default; set `PROPTEST_CASES` to run more.

#[path = "../../../tests/invariants/mod.rs"]
mod invariants;

use std::io::Write;
use std::sync::{Arc, LazyLock};

use despin::{Config, Detector};
use despin_corpus::input::{InputOptions, Inputs, Item, Place};
use proptest::prelude::*;
use proptest::sample::select;

/// Cases per property: `PROPTEST_CASES` if set, else `default`.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

static DEFAULTS: LazyLock<Detector> = LazyLock::new(|| Detector::new(Config::default().lists_only()).unwrap());

proptest! {
    #![proptest_config(config(256))]

    /// One JSONL line of any bytes: never a panic, and an error names the file and line.
    #[test]
    fn jsonl_line_never_panics(bytes in prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..200),
        any::<String>().prop_map(String::into_bytes),
        json_like(),
    ]) {
        let dotted = InputOptions { text_key: "meta.text".into(), id_key: "meta.id".into(), ..InputOptions::default() };
        for options in [InputOptions::default(), dotted] {
            let item = Item::JsonLine { place: Place { path: Arc::from("f.jsonl"), line: Some(3) }, bytes: bytes.clone() };
            match item.into_document(&options) {
                Ok(doc) => { invariants::check_report(&DEFAULTS, &doc.text); }
                Err(e) => prop_assert!(e.to_string().starts_with("f.jsonl:3: "), "{}", e),
            }
        }
    }

    /// A record written by serde_json, with any text and id, reads back as it was, by plain and
    /// by dotted keys.
    #[test]
    fn jsonl_record_roundtrip(text in any::<String>(), id in any::<String>()) {
        let place = || Place { path: Arc::from("r.jsonl"), line: Some(1) };
        let flat = serde_json::to_vec(&serde_json::json!({"id": id, "text": text})).unwrap();
        let doc = Item::JsonLine { place: place(), bytes: flat }.into_document(&InputOptions::default()).unwrap();
        prop_assert_eq!(&doc.text, text.as_bytes());
        prop_assert_eq!(&doc.id, &id);
        let nested = serde_json::to_vec(&serde_json::json!({"meta": {"id": id, "text": text}})).unwrap();
        let options = InputOptions { text_key: "meta.text".into(), id_key: "meta.id".into(), ..InputOptions::default() };
        let doc = Item::JsonLine { place: place(), bytes: nested }.into_document(&options).unwrap();
        prop_assert_eq!(&doc.text, text.as_bytes());
        prop_assert_eq!(&doc.id, &id);
    }

    /// A whole JSONL file of good records, garbage and blank lines, read through `Inputs`:
    /// never a panic; one item per non-blank line, in order, each good record read back and
    /// each bad line an error naming its line.
    #[test]
    fn jsonl_file_through_inputs(lines in proptest::collection::vec(prop_oneof![
        any::<String>().prop_map(|t| (serde_json::to_string(&serde_json::json!({"text": t})).unwrap().into_bytes(), Some(t))),
        proptest::collection::vec(any::<u8>(), 0..60).prop_map(|b| (b, None)),
        Just((b"".to_vec(), None)),
        Just((b" \t\r".to_vec(), None)),
    ], 0..20), crlf in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.jsonl");
        let mut file = std::fs::File::create(&path).unwrap();
        for (bytes, _) in &lines {
            file.write_all(bytes).unwrap();
            file.write_all(if crlf { b"\r\n" } else { b"\n" }).unwrap();
        }
        drop(file);
        let options = InputOptions::default();
        let items: Vec<Item> = Inputs::new(vec![path], options.clone()).collect();
        // A garbage line may itself hold line ends; count records the way the reader does.
        let mut content = Vec::new();
        for (bytes, _) in &lines {
            content.extend_from_slice(bytes);
            content.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
        }
        let expected: Vec<(usize, &[u8])> = content
            .split(|&b| b == b'\n')
            .enumerate()
            .map(|(i, l)| (i + 1, l.strip_suffix(b"\r").unwrap_or(l)))
            .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
            .collect();
        prop_assert_eq!(items.len(), expected.len());
        for (item, (line, raw)) in items.into_iter().zip(expected) {
            match item.into_document(&options) {
                Ok(doc) => {
                    let value: serde_json::Value = serde_json::from_slice(raw).unwrap();
                    prop_assert_eq!(value["text"].as_str().unwrap().as_bytes(), &doc.text[..]);
                }
                Err(e) => prop_assert!(e.to_string().contains(&format!("f.jsonl:{line}: ")), "{} (line {})", e, line),
            }
        }
    }
}

/// Bytes that look like JSON objects: braces, keys, strings with escapes, nesting.
fn json_like() -> impl Strategy<Value = Vec<u8>> {
    const PARTS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"text\"",
        "\"id\"",
        "\"meta\"",
        "\"meta.text\"",
        "\"",
        "\\u00e9",
        "\\ud800",
        "\\n",
        "\\\"",
        "null",
        "true",
        "1e999",
        "-0",
        "12",
        "\"3rd spherical\"",
        " ",
        "\u{2019}",
    ];
    proptest::collection::vec(select(PARTS), 0..40).prop_map(|p| p.concat().into_bytes())
}
