//! Tells the tests where the seed articles are: `../shared/seeds` beside the repository, or
//! `$DESPIN_SEEDS`. Tests that need them are compiled with `cfg(seeds)` where they exist and
//! marked ignored, with the reason, where they do not (a fresh clone elsewhere); CI has them.
use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(seeds)");
    println!("cargo::rerun-if-env-changed=DESPIN_SEEDS");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir =
        std::env::var_os("DESPIN_SEEDS").map(PathBuf::from).unwrap_or_else(|| manifest.join("../../../shared/seeds"));
    println!("cargo::rerun-if-changed={}", dir.display());
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    println!("cargo::rustc-env=DESPIN_SEEDS_DIR={}", dir.display());
    if dir.is_dir() {
        println!("cargo::rustc-cfg=seeds");
    }
}
