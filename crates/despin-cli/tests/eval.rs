//! `despin eval`: the lab's reports, run as a user runs them.

mod common;

/// A long text of ordinary English (the clean fixtures, repeated).
fn long_text() -> String {
    let one: String = common::clean_fixtures().iter().map(|p| std::fs::read_to_string(p).unwrap() + "\n").collect();
    one.repeat(20)
}

#[test]
fn the_command_fits_and_reports() {
    // A tiny corpus: the clean fixtures, a few times over, as eight "documents" of two genres.
    let dir = tempfile::tempdir().unwrap();
    let text = long_text();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    for (i, part) in lines.chunks(lines.len() / 8 + 1).enumerate() {
        let name = format!("c{}{:02}.txt", if i % 2 == 0 { "a" } else { "b" }, i);
        std::fs::write(dir.path().join(name), part.join("\n")).unwrap();
    }
    let svg = dir.path().join("calibration.svg");
    let out = common::despin()
        .current_dir(common::root())
        .args(["eval", "calibrate", "--seeds", "/nonexistent", "--nlp", "/nonexistent", "--brown"])
        .arg(dir.path())
        .arg("--svg")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("pub const DEFAULT: Model = Model::new("), "{text}");
    assert!(text.contains("Spinners held out of the fit"), "{text}");
    assert!(text.contains("| moby 10% (fit without moby) |") && text.contains("| wordnet 10% |"), "{text}");
    assert!(text.contains("| dictionary 100% |") && text.contains("| real 50% |"), "{text}");
    assert!(text.contains("fixtures/clean/translated/"), "{text}");
    let picture = std::fs::read_to_string(&svg).unwrap();
    assert!(picture.starts_with("<svg") && picture.contains("polyline") && picture.trim_end().ends_with("</svg>"));
}
