//! Tells the tests what this machine lets them do:
//!
//! - the seed articles: `../shared/seeds` beside the repository, or `$DESPIN_SEEDS`. Tests that
//!   need them are compiled with `cfg(seeds)` where they exist and marked ignored, with the
//!   reason, where they do not (a fresh clone elsewhere); CI has them.
//! - a device node of the tests' own: the tests of outputs that are not regular files make a
//!   private `null` device in a temporary folder (never touching the machine's `/dev/null`),
//!   which needs `mknod` and the right to make devices (root, or CAP_MKNOD). `cfg(mknod)` says
//!   that a probe here could.
//! - a browser for the report: Chromium (`$DESPIN_CHROMIUM`, else `/usr/bin/chromium`), node,
//!   and playwright-core under `tests/browser/node_modules` (`npm ci --prefix tests/browser`).
//!   With all three, `cfg(browser)`; without, the browser tests are ignored with what is
//!   missing. `.ci/run` installs them, and in CI (`CI=true`) their absence fails.
//! - whether there is a `python3` of 3.9 or later with venv (`$DESPIN_PYTHON` names another),
//!   which the tests of the Python package need (`cfg(python)`, tests/python.rs); CI has one.
use std::path::{Path, PathBuf};
use std::process::Command;

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

fn main() {
    println!("cargo::rustc-check-cfg=cfg(seeds)");
    println!("cargo::rustc-check-cfg=cfg(mknod)");
    println!("cargo::rustc-check-cfg=cfg(browser)");
    println!("cargo::rustc-check-cfg=cfg(python)");
    println!("cargo::rerun-if-env-changed=DESPIN_SEEDS");
    println!("cargo::rerun-if-env-changed=DESPIN_CHROMIUM");
    println!("cargo::rerun-if-env-changed=DESPIN_PYTHON");
    println!("cargo::rerun-if-changed=build.rs");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir =
        std::env::var_os("DESPIN_SEEDS").map(PathBuf::from).unwrap_or_else(|| manifest.join("../../../shared/seeds"));
    println!("cargo::rerun-if-changed={}", dir.display());
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    println!("cargo::rustc-env=DESPIN_SEEDS_DIR={}", dir.display());
    if dir.is_dir() {
        println!("cargo::rustc-cfg=seeds");
    }
    if can_make_devices() {
        println!("cargo::rustc-cfg=mknod");
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

    let chromium = std::env::var_os("DESPIN_CHROMIUM").map(PathBuf::from).unwrap_or_else(|| "/usr/bin/chromium".into());
    let playwright = manifest.join("../../tests/browser/node_modules/playwright-core/package.json");
    for watched in [chromium.as_path(), playwright.as_path()] {
        println!("cargo::rerun-if-changed={}", watched.display());
    }
    let mut missing = Vec::new();
    if !chromium.is_file() {
        missing.push(format!("Chromium at {} (apt-get install chromium)", chromium.display()));
    }
    if !on_path("node") {
        missing.push("node".to_string());
    }
    if !Path::new(&playwright).is_file() {
        missing.push("playwright-core (npm ci --prefix tests/browser)".to_string());
    }
    println!("cargo::rustc-env=DESPIN_CHROMIUM_PATH={}", chromium.display());
    println!("cargo::rustc-env=DESPIN_BROWSER_MISSING={}", missing.join(", "));
    if missing.is_empty() {
        println!("cargo::rustc-cfg=browser");
    }
}

/// Whether `mknod` makes a character device (the null device's numbers, 1 3) in OUT_DIR.
fn can_make_devices() -> bool {
    let Some(out) = std::env::var_os("OUT_DIR") else { return false };
    let node = PathBuf::from(out).join("probe-null");
    let _ = std::fs::remove_file(&node);
    let made = Command::new("mknod").arg(&node).args(["c", "1", "3"]).output().is_ok_and(|o| o.status.success());
    let _ = std::fs::remove_file(&node);
    made
}
