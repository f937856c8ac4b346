//! The Python package (python/despin, built from crates/despin-py), its Spark helper and its
//! datatrove filter, tested by pytest (python/tests) against this crate's `despin` binary.
//!
//! `cargo test` runs it like any other test: it makes the virtual environment
//! `target/python/venv` (scripts/python-env.sh: maturin, pytest, pyspark, pandas, pyarrow,
//! datatrove, from PyPI; nothing to do once made), builds the wheel with maturin (the dev
//! profile: a test needs no optimised build, and `pip install .` makes the release one),
//! installs it there, and runs pytest, whose output is the test's. Where there is no python3 of
//! 3.9 or later, it is ignored, with the reason (build.rs); the Spark tests skip themselves where
//! there is no Java. In CI (`CI=true`) nothing may be missing: a missing python3 fails
//! `python_is_there_in_ci`, and a missing Java or seed fails pytest.
//!
//! To run pytest alone once the package is installed:
//! `DESPIN_BIN=target/debug/despin target/python/venv/bin/python -m pytest -k spark`.

use std::path::{Path, PathBuf};
use std::process::Command;

const NO_PYTHON: &str = "needs python3 (3.9 or later, with venv) to build and test the Python package";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

#[test]
fn python_is_there_in_ci() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(!ci || cfg!(python), "CI must have Python: {NO_PYTHON}");
}

#[test]
#[cfg_attr(not(python), ignore = "needs python3 (3.9 or later, with venv) to build and test the Python package")]
fn the_python_package_passes_its_tests() {
    let root = root();
    let env = Command::new(root.join("scripts/python-env.sh")).output().expect("scripts/python-env.sh runs");
    assert!(env.status.success(), "scripts/python-env.sh failed:\n{}", String::from_utf8_lossy(&env.stderr));
    let venv = PathBuf::from(String::from_utf8(env.stdout).unwrap().trim());
    let bin = venv.join("bin");
    let wheels = root.join("target/python/wheels-dev");
    let _ = std::fs::remove_dir_all(&wheels);

    let built = Command::new(bin.join("maturin"))
        .args(["build", "--profile", "dev", "--strip", "--quiet", "-o"])
        .arg(&wheels)
        .current_dir(&root)
        .status()
        .expect("maturin runs");
    assert!(built.success(), "maturin build failed");
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"));
    let wheel = wheel.expect("maturin wrote a wheel");
    let installed = Command::new(bin.join("python"))
        .args(["-m", "pip", "install", "-q", "--disable-pip-version-check", "--force-reinstall", "--no-deps"])
        .arg(&wheel)
        .status()
        .expect("pip runs");
    assert!(installed.success(), "pip could not install {}", wheel.display());

    let tests = Command::new(bin.join("python"))
        .args(["-m", "pytest", "-ra", "-p", "no:cacheprovider"])
        .current_dir(&root)
        .env("DESPIN_BIN", env!("CARGO_BIN_EXE_despin"))
        .env("PYSPARK_PYTHON", bin.join("python"))
        .env("PYSPARK_DRIVER_PYTHON", bin.join("python"))
        .status()
        .expect("pytest runs");
    assert!(tests.success(), "pytest failed (its output is above)");
}
