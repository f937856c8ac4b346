//! Restoring on clean prose: the Brown corpus (500 documents, fetched by
//! `scripts/fetch-brown.sh`) rewritten with every guess (`restore --all`) keeps every
//! capitalised word inside a sentence as written: a name, a title or an acronym is never
//! rewritten unless a list entry names it.

#[path = "../../../tests/common/mod.rs"]
mod common;

use despin::{Config, Detector, Rewrite};

/// Whether the word at byte `at` is inside a sentence: its line has letters before it, and
/// it does not follow `.`, `!`, `?`, `:` or `;` (quotes and brackets aside).
fn inside_sentence(text: &str, at: usize) -> bool {
    let line = &text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at];
    if !line.chars().any(char::is_alphabetic) {
        return false;
    }
    let before = text[..at].trim_end_matches([' ', '"', '\'', '(']);
    !before.ends_with(['.', '!', '?', ':', ';'])
}

#[test]
fn restore_all_on_brown_rewrites_no_capitalised_word_inside_a_sentence() {
    let files = common::files_in(common::brown_dir());
    assert_eq!(files.len(), 500, "the Brown corpus has 500 documents");
    let detector = Detector::new(Config::default()).unwrap();
    let found: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = files
            .chunks(files.len().div_ceil(4))
            .map(|chunk| {
                let detector = &detector;
                s.spawn(move || {
                    let mut found = Vec::new();
                    for path in chunk {
                        let text = std::fs::read_to_string(path).unwrap();
                        let r = detector.restore(&path.display().to_string(), text.as_bytes(), Rewrite::Always);
                        for h in &r.report.hits {
                            if h.text.starts_with(char::is_uppercase) && inside_sentence(&text, h.start) {
                                found.push(format!(
                                    "{}:{}:{}: {} -> {}",
                                    r.report.id, h.line, h.col, h.text, h.original
                                ));
                            }
                        }
                    }
                    found
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    assert!(found.is_empty(), "capitalised words rewritten inside a sentence:\n{}", found.join("\n"));
}
