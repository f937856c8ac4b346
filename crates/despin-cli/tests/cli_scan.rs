//! The `scan`, `explain` and `wordlist` commands, run as a user runs them: the real binary on the
//! project's fixtures (articles written for this project, spun and clean).

mod common;

use std::collections::BTreeSet;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn despin() -> Command {
    Command::cargo_bin("despin").unwrap()
}

/// Runs `despin scan --format jsonl ARGS` and returns the parsed lines.
fn scan_jsonl(args: &[&str]) -> Vec<Value> {
    let out = despin().args(["scan", "--format", "jsonl", "-q"]).args(args).output().unwrap();
    assert!(out.status.success(), "despin scan {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {e}: {l}")))
        .collect()
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn hit_texts(doc: &Value) -> Vec<(String, String)> {
    doc["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["text"].as_str().unwrap().to_string(), h["original"].as_str().unwrap().to_string()))
        .collect()
}

fn path_str(rel: &str) -> String {
    common::fixture(rel).display().to_string()
}

#[test]
fn jsonl_follows_the_schema_and_offsets_slice_the_document() {
    let docs = scan_jsonl(&[&path_str("spun"), &path_str("clean")]);
    // 2 spun fixtures, 5 clean ones and the 22 clean ones of translated/ and news/.
    assert_eq!(docs.len(), 29);
    let mut total_hits = 0;
    for doc in &docs {
        assert_eq!(keys(doc), BTreeSet::from(["id", "score", "spun", "words", "hits"]), "{doc}");
        let score = doc["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
        assert!(doc["spun"].is_boolean() && doc["words"].is_u64());
        let path = doc["id"].as_str().unwrap();
        let bytes = std::fs::read(path).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        for h in doc["hits"].as_array().unwrap() {
            total_hits += 1;
            assert_eq!(
                keys(h),
                BTreeSet::from(["start", "end", "line", "col", "text", "original", "list", "weight"]),
                "{h}"
            );
            let (start, end) = (h["start"].as_u64().unwrap() as usize, h["end"].as_u64().unwrap() as usize);
            assert_eq!(&text[start..end], h["text"].as_str().unwrap(), "{path}: {h}");
            // line and col (in characters, from 1) point at the same place as start.
            let before = &text[..start];
            let line = before.matches('\n').count() + 1;
            let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
            assert_eq!((h["line"].as_u64().unwrap() as usize, h["col"].as_u64().unwrap() as usize), (line, col));
        }
    }
    assert!(total_hits >= 25, "only {total_hits} hits over the fixtures");
}

#[test]
fn spun_fixtures_score_high_and_clean_ones_low() {
    for doc in scan_jsonl(&[&path_str("spun")]) {
        assert!(doc["score"].as_f64().unwrap() >= 0.9, "{}", doc["id"]);
        assert_eq!(doc["spun"], true);
    }
    // Clean news, native and translated, is not flagged; most of it scores near 0 (short texts
    // in the style of translation can show a few words the model of English finds odd).
    let clean = scan_jsonl(&[&path_str("clean")]);
    for doc in &clean {
        let id = doc["id"].as_str().unwrap();
        assert!(doc["score"].as_f64().unwrap() < 0.3, "{id} scores {}", doc["score"]);
        assert_eq!(doc["spun"], false, "{id}");
    }
    let low = clean.iter().filter(|d| d["score"].as_f64().unwrap() <= 0.01).count();
    assert!(low * 10 >= clean.len() * 9, "{low} of {} clean fixtures at most 0.01", clean.len());
}

#[test]
fn a_short_clean_article_with_one_stray_match_is_not_flagged() {
    let docs = scan_jsonl(&[&path_str("clean/spinner-note.txt")]);
    assert_eq!(hit_texts(&docs[0]), [("counterfeit consciousness".to_string(), "artificial intelligence".to_string())]);
    assert_eq!(docs[0]["spun"], false);
}

#[test]
fn finds_the_dialect_with_positions() {
    let doc = &scan_jsonl(&[&path_str("spun/port-strike.txt")])[0];
    let hits = doc["hits"].as_array().unwrap();
    let find = |text: &str| {
        hits.iter().find(|h| h["text"] == text).unwrap_or_else(|| panic!("no hit {text:?} in {:?}", hit_texts(doc)))
    };
    // (text, original, start byte, line, col)
    let expected = [
        ("3rd spherical", "third round", 54, 1, 55),
        ("Would possibly", "May", 143, 1, 144),
        ("a ways aside", "far apart", 393, 3, 106),
        ("let by myself", "let alone", 416, 3, 129),
        ("moderately than", "rather than", 497, 3, 210),
    ];
    for (text, original, start, line, col) in expected {
        let h = find(text);
        assert_eq!(h["original"], original, "{h}");
        assert_eq!(
            (h["start"].as_u64().unwrap(), h["line"].as_u64().unwrap(), h["col"].as_u64().unwrap()),
            (start, line, col)
        );
        assert_eq!(h["end"].as_u64().unwrap(), start + text.len() as u64);
        assert_eq!(h["list"], "news");
    }
}

#[test]
fn columns_count_characters_and_offsets_count_bytes() {
    // "don’t" (with a 3-byte apostrophe) stands before the hit on its line.
    let doc = &scan_jsonl(&[&path_str("spun/crop-disease.txt")])[0];
    let hits = doc["hits"].as_array().unwrap();
    let h = hits.iter().find(|h| h["text"] == "paintings neatly").expect("paintings neatly");
    assert_eq!((h["start"].as_u64().unwrap(), h["line"].as_u64().unwrap(), h["col"].as_u64().unwrap()), (756, 5, 99));
}

#[test]
fn jsonl_input_with_keys_and_order() {
    let docs = scan_jsonl(&[&path_str("corpus.jsonl")]);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["web-001", "web-002", "web-003", "web-004", "web-005", "web-006"]);
    let flagged: Vec<bool> = docs.iter().map(|d| d["spun"].as_bool().unwrap()).collect();
    assert_eq!(flagged, [false, true, false, true, false, true]);
    // Another id key, a dotted path; stdin with --jsonl.
    let input = std::fs::read(common::fixture("corpus.jsonl")).unwrap();
    let out = despin()
        .args(["scan", "-q", "--format", "jsonl", "--jsonl", "--id-key", "metadata.url", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let first: Value = serde_json::from_str(String::from_utf8(out.stdout).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], "https://dailyharbour.example/news/ferry");
}

#[test]
fn text_key_selects_the_field() {
    let out = despin()
        .args(["scan", "-q", "--format", "jsonl", "--jsonl", "--text-key", "body", "-"])
        .write_stdin("{\"id\": \"a\", \"body\": \"held a 3rd spherical of talks\", \"text\": \"nothing\"}\n")
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hit_texts(&doc)[0].0, "3rd spherical");
}

#[test]
fn plain_stdin_is_one_document() {
    let out = despin()
        .args(["scan", "-q", "--format", "jsonl", "-"])
        .write_stdin(std::fs::read(common::fixture("spun/port-strike.txt")).unwrap())
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["id"], "-");
    assert_eq!(doc["spun"], true);
}

#[test]
fn threads_do_not_change_the_output() {
    let run = |j: &str| {
        despin().args(["scan", "-q", "--format", "jsonl", "-j", j]).arg(common::fixture("")).output().unwrap().stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
}

#[test]
fn exit_codes() {
    // 0 whatever was found.
    despin().args(["scan", "-q", "--format", "jsonl"]).arg(common::fixture("spun")).assert().code(0);
    // 1 with --check when something is flagged, 0 when nothing is.
    despin().args(["scan", "-q", "--check", "--format", "jsonl"]).arg(common::fixture("spun")).assert().code(1);
    despin()
        .args(["scan", "-q", "--check", "--format", "jsonl"])
        .arg(common::fixture("clean/county-fair.txt"))
        .assert()
        .code(0);
    // 2 on errors; the error names the file, and the other documents are still scored.
    let missing = common::fixture("no-such-file.txt");
    despin()
        .args(["scan", "--check", "--format", "jsonl"])
        .arg(&missing)
        .arg(common::fixture("spun/port-strike.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{}: no such file or folder", missing.display())))
        .stdout(predicate::str::contains("port-strike.txt"));
}

#[test]
fn bad_wordlist_is_an_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("mine.tsv");
    std::fs::write(&list, "# mine\nfirst entry\tok\nsecond entry\toriginal\theavy\n").unwrap();
    despin()
        .args(["scan", "--wordlist"])
        .arg(&list)
        .arg(common::fixture("clean"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:3: bad weight \"heavy\": expected a number above 0 and at most 10",
            list.display()
        )))
        .stdout("");
    despin().args(["wordlist", "check"]).arg(&list).assert().code(2).stderr(predicate::str::contains(":3: bad weight"));
}

#[test]
fn own_wordlist_alone_or_added() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("fair.tsv");
    std::fs::write(&list, "shuttle bus\tcoach\t2\tnot spun, a test entry\n").unwrap();
    let fair = path_str("clean/county-fair.txt");
    let only = scan_jsonl(&["--no-default-wordlists", "--wordlist", list.to_str().unwrap(), &fair]);
    assert_eq!(hit_texts(&only[0]), [("shuttle bus".to_string(), "coach".to_string())]);
    assert_eq!(only[0]["hits"][0]["list"], "fair");
    // Without the defaults, the spun fixture has no list hit (inference may still find words).
    let spun = scan_jsonl(&["--no-default-wordlists", "--wordlist", list.to_str().unwrap(), &path_str("spun")]);
    assert!(spun.iter().all(|d| d["hits"].as_array().unwrap().iter().all(|h| h["list"] == "inferred")));
    // Added to the defaults, both kinds of hit are found.
    let both = scan_jsonl(&["--wordlist", list.to_str().unwrap(), &fair, &path_str("spun/port-strike.txt")]);
    assert_eq!(both[0]["hits"].as_array().unwrap().len(), 1);
    assert!(both[1]["hits"].as_array().unwrap().len() > 10);
    // No list at all is an error.
    despin().args(["scan", "--no-default-wordlists", &fair]).assert().code(2);
}

#[test]
fn other_formats() {
    let spun = path_str("spun");
    let out = despin().args(["scan", "-q", "--format", "json", &spun]).output().unwrap();
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2);
    let out = despin().args(["scan", "-q", "--format", "csv", &spun]).output().unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("id,score,spun,words,hits,distinct,top_hits"));
    assert_eq!(lines.clone().count(), 2);
    assert!(lines.all(|l| l.contains(",true,")));
    let out = despin().args(["scan", "-q", "--format", "table", &spun]).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.starts_with(" score  spun"));
    // The top hits of each document, the most frequent first (inferred ones included).
    assert!(table.contains("synthetic intelligence -> artificial intelligence"), "{table}");
    // Empty input: an empty JSON array.
    let out = despin().args(["scan", "-q", "--format", "json", "--jsonl", "-"]).write_stdin("").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "[]\n");
}

#[test]
fn explain_lists_hits_with_places_and_reasons() {
    let path = common::fixture("spun/port-strike.txt");
    let out = despin().args(["explain", "--color", "never"]).arg(&path).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let p = path.display();
    assert!(text.contains(&format!("{p}:1:55: 3rd spherical -> third round  [news ")), "{text}");
    assert!(text.contains(&format!("{p}:3:129: let by myself -> let alone")), "{text}");
    assert!(text.contains("score ") && text.contains(": spun\n"), "{text}");
    assert!(text.contains("weighted per 1,000 words"), "{text}");
    // Colour on request.
    let out = despin().args(["explain", "--color", "always"]).arg(&path).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("\x1b[1;31m3rd spherical\x1b[0m"));
    // A clean document.
    let out =
        despin().args(["explain", "--color", "never"]).arg(common::fixture("clean/county-fair.txt")).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("not spun") && text.contains("no listed phrase found"), "{text}");
}

#[test]
fn wordlist_export_is_a_pattern_file() {
    let out = despin().args(["wordlist", "export"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let phrases: Vec<&str> = text.lines().collect();
    assert!(phrases.len() > 4000, "{} phrases", phrases.len());
    assert!(phrases.contains(&"3rd spherical"));
    assert!(phrases.iter().all(|p| !p.is_empty() && !p.contains('\t')));
}

#[test]
fn sensitive_inference_finds_more_and_implies_infer() {
    let stdin_scan = |args: &[&str]| -> Value {
        let out = despin()
            .args(["scan", "--format", "jsonl", "-q"])
            .args(args)
            .arg("-")
            .write_stdin("They reported the abnormality discovery results.\n")
            .output()
            .unwrap();
        serde_json::from_str(String::from_utf8(out.stdout).unwrap().lines().next().unwrap()).unwrap()
    };
    // Lists alone and default inference leave the word; the recall-tuned inference reads it back.
    assert!(hit_texts(&stdin_scan(&[])).is_empty());
    assert!(hit_texts(&stdin_scan(&["--lists-only"])).is_empty());
    let doc = stdin_scan(&["--sensitive"]);
    assert_eq!(hit_texts(&doc), vec![("abnormality discovery".to_string(), "anomaly detection".to_string())]);
    assert_eq!(doc["hits"][0]["list"], "inferred");
    // The article score is the same model: one guess does not flag a document.
    assert_eq!(doc["spun"], false);
}

/// `wordlist list` prints the lists in use in the wordlist format: `wordlist check` accepts what
/// it printed, and the printed file alone finds what the embedded lists find.
#[test]
fn wordlist_list_round_trips_through_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = despin().args(["wordlist", "list"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed = String::from_utf8(out.stdout).unwrap();
    // Flags in the TSV format, never Rust's debug output; notes kept.
    assert!(!listed.contains("WordSet") && !listed.contains("Next {"), "debug output in the flags column");
    assert!(listed.contains("3rd spherical\tthird round\t3\tseen in seed 002\n"), "the note is dropped");
    assert!(listed.contains("\t!next=aberration|"), "flags missing");
    let file = dir.path().join("listed.tsv");
    std::fs::write(&file, &listed).unwrap();
    let out = despin().args(["wordlist", "check"]).arg(&file).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}{}", String::from_utf8_lossy(&out.stderr));
    let entries = listed.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).count();
    assert!(said.contains(&format!("{entries} entries")), "{said}");
    // Listed again from the file alone: the same entries, in the same order.
    let again =
        despin().args(["wordlist", "list", "--no-default-wordlists", "--wordlist"]).arg(&file).output().unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    let body = |s: &str| s.lines().filter(|l| !l.starts_with("## ")).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(body(&String::from_utf8(again.stdout).unwrap()), body(&listed));
    // And it finds what the embedded lists find, at the same places.
    let hits = |args: &[&str]| -> Vec<(u64, String, String)> {
        let mut all = Vec::new();
        for doc in scan_jsonl(&[args, &["--lists-only", &path_str("spun")]].concat()) {
            for h in doc["hits"].as_array().unwrap() {
                let text = h["text"].as_str().unwrap().to_string();
                all.push((h["start"].as_u64().unwrap(), text, h["original"].as_str().unwrap().to_string()));
            }
        }
        all
    };
    let file = file.display().to_string();
    let embedded = hits(&[]);
    assert!(embedded.len() > 20);
    assert_eq!(hits(&["--no-default-wordlists", "--wordlist", &file]), embedded);
}
