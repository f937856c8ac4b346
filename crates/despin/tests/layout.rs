//! The shape of the code, checked: modules follow the data and never reach downstream, each
//! file has one job and stays short, and the library has no command-line dependencies.
//!
//! Each crate's modules are listed in the order the data flows through them; a module may use
//! the ones before it (and the crate's error type), never one after it. A change that needs to
//! reach downstream is a sign the design needs a look: move the piece upstream instead, or
//! change this order on purpose, with DESIGN.md.

#[path = "../../../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

/// The modules of each crate, upstream first. Modules on one line may not use each other.
const ORDER: &[(&str, &[&[&str]])] = &[
    (
        "despin",
        &[
            &["error"],
            &["text"],
            &["rules"],
            &["lang"],
            &["infer"],
            &["hits"],
            &["score"],
            &["restore"],
            &["report"],
            &["detector"],
        ],
    ),
    ("despin-corpus", &[&["input"], &["run"], &["output"], &["filter", "sources", "restore"], &["report"]]),
    (
        "despin-lab",
        &[
            &["rng", "fit", "metrics", "plot"],
            &["spinner"],
            &["samples", "holdout"],
            &["calibrate", "restoring"],
            &["run"],
        ],
    ),
    ("despin-cli", &[&["args", "progress", "signals"], &["commands"]]),
    ("despin-py", &[&["error"], &["args", "dict"], &["detector"]]),
];

/// The longest a source file may be, in lines.
const MAX_LINES: usize = 500;

fn sources(dir: &Path) -> Vec<PathBuf> {
    common::files_under(dir).into_iter().filter(|p| p.extension().is_some_and(|e| e == "rs")).collect()
}

/// The top-level module a file of `src/` belongs to (None for lib.rs and main.rs).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy().into_owned();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// The top-level modules of the crate that a file names, as `crate::x` or `super::x` from a
/// top-level file.
fn uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim_start).filter(|l| !l.starts_with("//")) {
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.push(name);
            }
            rest = after;
        }
    }
    out
}

#[test]
fn no_module_uses_one_downstream_of_it() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (krate, layers) in ORDER {
        let src = common::root().join("crates").join(krate).join("src");
        let rank = |m: &str| layers.iter().position(|layer| layer.contains(&m));
        for file in sources(&src) {
            let Some(module) = module_of(&src, &file) else { continue };
            let own = rank(&module).unwrap_or_else(|| panic!("{}: module {module} is not in ORDER", file.display()));
            let text = std::fs::read_to_string(&file).unwrap();
            for used in uses(&text) {
                checked += 1;
                let Some(theirs) = rank(&used) else { continue };
                if used != module && theirs >= own {
                    wrong.push(format!("{}: {module} uses {used}, which is not upstream of it", file.display()));
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} uses found: is the parsing right?");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_source_file_is_short() {
    let long: Vec<String> = sources(&common::root().join("crates"))
        .into_iter()
        .filter(|p| p.components().any(|c| c.as_os_str() == "src"))
        .filter_map(|p| {
            let lines = std::fs::read_to_string(&p).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{}: {lines} lines", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines (one job a file?):\n{}", long.join("\n"));
}

#[test]
fn the_library_has_no_command_line_dependencies() {
    let manifest = std::fs::read_to_string(common::root().join("crates/despin/Cargo.toml")).unwrap();
    let deps = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    for cli in ["clap", "indicatif", "signal-hook"] {
        assert!(!deps.lines().any(|l| l.trim_start().starts_with(cli)), "the library depends on {cli}");
    }
    let corpus = std::fs::read_to_string(common::root().join("crates/despin-corpus/Cargo.toml")).unwrap();
    for cli in ["clap", "indicatif", "signal-hook"] {
        assert!(!corpus.contains(cli), "the corpus crate depends on {cli}");
    }
}
