//! Tells the tests what the machine has:
//!
//! - where the seed articles are: `../shared/seeds` beside the repository, or `$DESPIN_SEEDS`.
//!   Tests that need them are compiled with `cfg(seeds)` where they exist and marked ignored,
//!   with the reason, where they do not (a fresh clone elsewhere); CI has them.
//! - whether there is a `python3` of 3.9 or later (`$DESPIN_PYTHON` names another), which the
//!   tests of the Python package need (`cfg(python)`, tests/python.rs); CI has one.
use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(seeds)");
    println!("cargo::rustc-check-cfg=cfg(python)");
    println!("cargo::rerun-if-env-changed=DESPIN_SEEDS");
    println!("cargo::rerun-if-env-changed=DESPIN_PYTHON");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir =
        std::env::var_os("DESPIN_SEEDS").map(PathBuf::from).unwrap_or_else(|| manifest.join("../../../shared/seeds"));
    println!("cargo::rerun-if-changed={}", dir.display());
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    println!("cargo::rustc-env=DESPIN_SEEDS_DIR={}", dir.display());
    if dir.is_dir() {
        println!("cargo::rustc-cfg=seeds");
    }
    let python = std::env::var("DESPIN_PYTHON").unwrap_or_else(|_| "python3".into());
    let recent = Command::new(&python)
        .args(["-c", "import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))"])
        .status()
        .is_ok_and(|s| s.success());
    println!("cargo::rustc-env=DESPIN_PYTHON={python}");
    if recent {
        println!("cargo::rustc-cfg=python");
    }
}
