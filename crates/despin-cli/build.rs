//! Tells the tests what the machine lets them do.
//!
//! - The seed articles: `../shared/seeds` beside the repository, or `$DESPIN_SEEDS`. Tests that
//!   need them are compiled with `cfg(seeds)` where they exist and marked ignored, with the
//!   reason, where they do not (a fresh clone elsewhere); CI has them.
//! - A device node of the tests' own: the tests of outputs that are not regular files make a
//!   private `null` device in a temporary folder (never touching the machine's `/dev/null`),
//!   which needs `mknod` and the right to make devices (root, or CAP_MKNOD). `cfg(mknod)` says
//!   that a probe here could.
use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(seeds)");
    println!("cargo::rustc-check-cfg=cfg(mknod)");
    println!("cargo::rerun-if-env-changed=DESPIN_SEEDS");
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
