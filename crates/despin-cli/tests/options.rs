//! Each command offers only options that do something there, says what its defaults are without
//! contradicting itself, and words its errors like the others (issue 16).

mod common;

use common::{despin, run, stderr};

/// The `--help` of a command, its whitespace collapsed.
fn help(args: &[&str]) -> String {
    let out = despin().args(args).arg("--help").output().unwrap();
    assert!(out.status.success(), "{args:?}");
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The long options a help text offers.
fn options(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| w.starts_with("--"))
        .map(|w| w.trim_end_matches([',', '.', ')', ';', ':']).to_string())
        .filter(|w| w.len() > 2 && w[2..].chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .collect()
}

#[test]
fn help_offers_only_options_that_do_something() {
    let detection = ["--infer", "--no-infer", "--sensitive", "--suggestions", "--lists-only", "--threshold"];
    for command in ["list", "export", "learn"] {
        let text = help(&["wordlist", command]);
        for o in detection {
            assert!(!options(&text).iter().any(|x| x == o), "wordlist {command} offers {o}: {text}");
        }
        assert!(text.contains("--wordlist") && text.contains("--no-default-wordlists"), "{text}");
    }
    let restore = help(&["restore"]);
    for o in ["--infer", "--no-infer", "--binary", "--suggestions"] {
        assert!(!options(&restore).iter().any(|x| x == o), "restore offers {o}: {restore}");
    }
    for o in ["--lists-only", "--out", "--jsonl", "--threshold", "--text-key"] {
        assert!(options(&restore).iter().any(|x| x == o), "restore lacks {o}: {restore}");
    }
    for command in ["filter", "sources"] {
        let text = help(&[command]);
        for o in ["--jsonl", "--binary", "--infer"] {
            assert!(!options(&text).iter().any(|x| x == o), "{command} offers {o}: {text}");
        }
    }
    assert!(!options(&help(&["sources"])).iter().any(|x| x == "--suggestions"));
    assert!(!options(&help(&["explain"])).iter().any(|x| x == "--binary" || x == "--suggestions"));
    // One default for -j, said once.
    let scan = help(&["scan"]);
    assert!(scan.contains("Worker threads (default: one a core)"), "{scan}");
    assert!(!scan.contains("[default: 0]"), "{scan}");
    // Every wordlist command says what it does.
    let wordlist = help(&["wordlist"]);
    assert!(wordlist.contains("check Validate wordlist files"), "{wordlist}");
}

#[test]
fn options_that_would_do_nothing_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "The 3rd spherical of talks came about in Would possibly.").unwrap();
    for format in ["table", "csv"] {
        let out = run(&["scan", "-f", format, "--suggestions", "a.txt"], dir.path());
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(stderr(&out).contains("--suggestions shows in JSON only"), "{}", stderr(&out));
    }
    let out = run(&["scan", "-f", "jsonl", "--suggestions", "a.txt"], dir.path());
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"suggestions\""));
    std::fs::write(dir.path().join("in.jsonl"), "{\"text\": \"x\"}\n").unwrap();
    let out = run(&["filter", "in.jsonl", "--kept", "k", "--flagged", "f", "--suggestions"], dir.path());
    assert_eq!(out.status.code(), Some(2), "filter --suggestions needs --annotate");
    assert!(stderr(&out).contains("--annotate"), "{}", stderr(&out));
}

#[test]
fn explain_takes_several_documents() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "The 3rd spherical of talks.").unwrap();
    std::fs::write(dir.path().join("b.txt"), "It came about in Would possibly.").unwrap();
    let out = run(&["explain", "--color", "never", "a.txt", "b.txt"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("a.txt:1:5: 3rd spherical -> third round"), "{text}");
    assert!(text.contains("b.txt:1:18: Would possibly -> May"), "{text}");
}

#[test]
fn a_missing_input_is_worded_alike_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["scan", "missing.txt"],
        vec!["explain", "missing.txt"],
        vec!["restore", "missing.txt"],
        vec!["filter", "missing.txt", "--kept", "k", "--flagged", "f"],
        vec!["sources", "missing.txt"],
    ] {
        let out = run(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("despin: missing.txt: no such file or folder"), "{args:?}: {}", stderr(&out));
    }
}
