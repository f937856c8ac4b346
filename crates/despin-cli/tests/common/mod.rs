//! Helpers of the command-line tests: the repository's shared ones, and the binary under test.
#![allow(dead_code)]

#[path = "../../../../tests/common/mod.rs"]
mod shared;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use shared::*;

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

/// The seed articles beside the repository (`../shared/seeds`, or `$DESPIN_SEEDS`): (path, is it
/// the spun one). The build script looked for them: the tests that need them are compiled with
/// `cfg(seeds)` only where they are, and marked ignored elsewhere.
pub fn seeds() -> Vec<(PathBuf, bool)> {
    let dir = PathBuf::from(env!("DESPIN_SEEDS_DIR"));
    let seeds: Vec<(PathBuf, bool)> = files_in(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let spun = p.file_name().unwrap().to_string_lossy().starts_with("002_");
            (p, spun)
        })
        .collect();
    assert_eq!(seeds.len(), 5, "expected the five seed articles in {}", dir.display());
    seeds
}
