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
    let out = common::despin()
        .current_dir(common::root())
        .args(["eval", "calibrate", "--seeds", "/nonexistent", "--brown"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("pub const DEFAULT: Model = Model {"), "{text}");
    assert!(text.contains("| thesaurus 0.35 |") && text.contains("| dictionary 1.00 |") && text.contains("| all "));
    assert!(text.contains("fixtures/clean/spinner-note.txt"), "{text}");
}
