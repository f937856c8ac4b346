//! Corpus-scale commands: compressed input, `filter`, dolma attributes, `sources`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;

use common::{despin, run, stderr};

const SPUN: &str =
    "The 3rd spherical of talks came about in Would possibly, and our bodies of squaddies were returned.";
const CLEAN: &str = "The third round of talks took place in May, and the bodies of soldiers were returned.";

/// A JSONL corpus of spun and clean documents with sources.
fn corpus(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let (text, site) =
            if i % 3 == 0 { (SPUN, "https://www.spin.example/a") } else { (CLEAN, "http://news.example/b") };
        s += &serde_json::json!({"id": format!("d{i}"), "text": format!("{text} Number {i}."), "meta": {"url": site}})
            .to_string();
        s.push('\n');
    }
    s
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(bytes, 3).unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(bytes), &mut out).unwrap();
    out
}

#[test]
fn compressed_and_plain_input_give_identical_results() {
    let dir = tempfile::tempdir().unwrap();
    let plain = corpus(60);
    std::fs::write(dir.path().join("c.jsonl"), &plain).unwrap();
    std::fs::write(dir.path().join("c.jsonl.gz"), gzip(plain.as_bytes())).unwrap();
    std::fs::write(dir.path().join("c.jsonl.zst"), zstd(plain.as_bytes())).unwrap();
    // No telling extension: recognised by the magic bytes.
    std::fs::write(dir.path().join("c.gz.data"), gzip(plain.as_bytes())).unwrap();
    let reference = run(&["scan", "-f", "jsonl", "c.jsonl"], dir.path());
    assert!(reference.status.success(), "{}", stderr(&reference));
    assert_eq!(String::from_utf8_lossy(&reference.stdout).lines().count(), 60);
    for (file, extra) in [("c.jsonl.gz", None), ("c.jsonl.zst", None), ("c.gz.data", Some("--jsonl"))] {
        let mut args = vec!["scan", "-f", "jsonl", file];
        args.extend(extra);
        let out = run(&args, dir.path());
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        assert_eq!(out.stdout, reference.stdout, "{file}");
    }
    // Compressed standard input, and --compression forcing the decoder.
    for (bytes, how) in [(gzip(plain.as_bytes()), "auto"), (zstd(plain.as_bytes()), "zstd")] {
        let mut child = despin()
            .args(["scan", "-f", "jsonl", "--jsonl", "--compression", how, "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&bytes).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{how}: {}", stderr(&out));
        assert_eq!(out.stdout, reference.stdout, "stdin {how}");
    }
    // filter gives the same outputs from every form.
    let mut outputs = Vec::new();
    for file in ["c.jsonl", "c.jsonl.gz", "c.jsonl.zst"] {
        let out = run(&["filter", file, "--kept", "k.jsonl", "--flagged", "f.jsonl"], dir.path());
        assert!(out.status.success(), "{}", stderr(&out));
        outputs.push((
            std::fs::read(dir.path().join("k.jsonl")).unwrap(),
            std::fs::read(dir.path().join("f.jsonl")).unwrap(),
        ));
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
}

/// Lines of every kind, each distinct, with the reason some of them are rejected.
fn mixed_lines() -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = vec![
        format!("\u{feff}{{\"id\": \"bom\", \"text\": \"{CLEAN} bom\"}}").into_bytes(),
        format!("{{\"id\": \"s1\", \"text\": \"{SPUN}\"}}").into_bytes(),
        b"this is not json".to_vec(),
        format!("{{\"id\": \"c1\", \"text\": \"{CLEAN}\", \"extra\": [1, 2, {{\"x\": null}}]}}").into_bytes(),
        b"{\"id\": \"notext\", \"body\": \"no text field\"}".to_vec(),
        b"{\"id\": \"numtext\", \"text\": 42}".to_vec(),
        b"".to_vec(),
        b"   ".to_vec(),
        format!("{{\"id\": \"crlf\", \"text\": \"{SPUN} crlf\"}}\r").into_bytes(),
        b"[\"an\", \"array\"]".to_vec(),
        b"{\"id\": \"truncated\", \"text\": \"abc".to_vec(),
        [b"{\"id\": \"latin1\", \"text\": \"caf\xe9 ".as_slice(), SPUN.as_bytes(), b"\"}"].concat(),
        b"{\"id\": \"dup\", \"text\": \"one\"}".to_vec(),
        b"{\"id\": \"dup\", \"text\": \"two\"}".to_vec(),
    ];
    for i in 0..40 {
        lines.push(
            format!("{{\"id\": \"n{i}\", \"text\": \"{}\"}}", if i % 4 == 0 { SPUN } else { CLEAN }).into_bytes(),
        );
    }
    // The last line has no newline at the end.
    lines.push(format!("{{\"id\": \"last\", \"text\": \"{SPUN} last\"}}").into_bytes());
    lines
}

fn split_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    if lines.last().is_some_and(Vec::is_empty) {
        lines.pop();
    }
    lines
}

#[test]
fn filter_conserves_every_line_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let lines = mixed_lines();
    let mut input = lines.join(&b'\n');
    std::fs::write(dir.path().join("in.jsonl"), &input).unwrap();
    input.clear();
    let out = run(
        &["filter", "in.jsonl", "--kept", "kept.jsonl", "--flagged", "out/flagged.jsonl.gz", "--rejected", "rej.jsonl"],
        dir.path(),
    );
    // The folder of an output must exist: nothing is written, nothing is left behind.
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("out/flagged.jsonl.gz"), "{}", stderr(&out));
    assert!(!dir.path().join("kept.jsonl").exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "only the input is there");

    std::fs::create_dir(dir.path().join("out")).unwrap();
    let out = run(
        &["filter", "in.jsonl", "--kept", "kept.jsonl", "--flagged", "out/flagged.jsonl.gz", "--rejected", "rej.jsonl"],
        dir.path(),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "rejected lines caught by --rejected are handled: {err}");
    let kept = split_lines(&std::fs::read(dir.path().join("kept.jsonl")).unwrap());
    let flagged = split_lines(&gunzip(&std::fs::read(dir.path().join("out/flagged.jsonl.gz")).unwrap()));
    let rejected: Vec<serde_json::Value> = split_lines(&std::fs::read(dir.path().join("rej.jsonl")).unwrap())
        .iter()
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    // Every input line is in exactly one output, byte for byte (rejected lines as their raw
    // field, decoded from JSON), and the outputs hold nothing else.
    let mut landed: Vec<(usize, &str)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let in_kept = kept.iter().filter(|l| *l == line).count();
        let in_flagged = flagged.iter().filter(|l| *l == line).count();
        let in_rejected = rejected.iter().filter(|r| r["raw"].as_str().map(str::as_bytes) == Some(line)).count();
        let lossy_rejected = rejected.iter().filter(|r| r["line"] == i + 1 && r["lossy"] == true).count();
        assert_eq!(
            in_kept + in_flagged + in_rejected + lossy_rejected,
            1,
            "line {}: {:?}",
            i + 1,
            String::from_utf8_lossy(line)
        );
        landed.push((
            i + 1,
            if in_kept == 1 {
                "kept"
            } else if in_flagged == 1 {
                "flagged"
            } else {
                "rejected"
            },
        ));
    }
    assert_eq!(kept.len() + flagged.len() + rejected.len(), lines.len());
    let line_of = |n: usize| landed[n - 1].1;
    assert_eq!(line_of(1), "kept", "a BOM before the first record is fine");
    assert_eq!(line_of(2), "flagged");
    assert_eq!(line_of(9), "flagged", "CRLF line");
    assert_eq!(line_of(12), "flagged", "invalid UTF-8 is decoded lossily and scored");
    // The rejected lines carry their place and reason.
    let reasons: Vec<(u64, &str)> =
        rejected.iter().map(|r| (r["line"].as_u64().unwrap(), r["reason"].as_str().unwrap())).collect();
    let expect = [
        (3, "not valid JSON: expected ident at line 1 column 2"),
        (5, "no field \"text\""),
        (6, "field \"text\" is not a string but a number"),
        (7, "blank line"),
        (8, "blank line"),
        (10, "not a JSON object but an array"),
        (11, "not valid JSON: EOF while parsing a string at line 1 column 32"),
    ];
    assert_eq!(reasons, expect);
    assert!(rejected.iter().all(|r| r["path"] == "in.jsonl"));
    // Counts: read = kept + flagged + rejected, and the messages name file and line.
    let counts = format!(
        "read {} lines = kept {} + flagged {} + rejected {}",
        lines.len(),
        kept.len(),
        flagged.len(),
        rejected.len()
    );
    assert!(err.contains(&counts), "{err}");
    assert!(err.contains("in.jsonl:3: not valid JSON"), "{err}");
    assert!(
        err.contains("in.jsonl:12 (id \"latin1\"): invalid UTF-8 at byte 29 of the line; decoded lossily"),
        "{err}"
    );
    assert!(err.contains("in.jsonl:14: duplicate id \"dup\" (first at in.jsonl:13)"), "{err}");
    // Without --rejected, or with --strict, rejected lines are errors.
    let out = run(&["filter", "in.jsonl", "--kept", "k2.jsonl", "--flagged", "f2.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("(rejected lines not written: no --rejected)"), "{}", stderr(&out));
    let strict = ["filter", "in.jsonl", "--kept", "k2.jsonl", "--flagged", "f2.jsonl", "--rejected", "r2.jsonl"];
    let out = run(&[&strict[..], &["--strict"]].concat(), dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // No temporary file is left anywhere.
    for entry in std::fs::read_dir(dir.path()).unwrap().chain(std::fs::read_dir(dir.path().join("out")).unwrap()) {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.contains(".despin-"), "left behind: {name}");
    }
}

#[test]
fn annotate_adds_the_report_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let line = format!("{{\"id\": \"a\", \"text\": \"{SPUN}\", \"n\": 1}}");
    std::fs::write(dir.path().join("in.jsonl"), format!("{line}\n")).unwrap();
    let out = run(&["filter", "in.jsonl", "--annotate", "--kept", "k.jsonl", "--flagged", "-"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.starts_with(&line[..line.len() - 1]), "{printed}");
    let v: serde_json::Value = serde_json::from_str(printed.trim_end()).unwrap();
    assert_eq!(v["n"], 1);
    assert_eq!(v["despin"]["spun"], true);
    assert_eq!(v["despin"]["hits"][0]["text"], "3rd spherical");
    assert_eq!(std::fs::read(dir.path().join("k.jsonl")).unwrap(), b"");
}

#[test]
fn restore_adds_the_restored_text_to_flagged_records() {
    let dir = tempfile::tempdir().unwrap();
    // A spun text with escapes, non-ASCII letters and curly quotes, nested under a dotted key;
    // and a clean one.
    let spun = format!("Caf\u{e9} \u{201c}news\u{201d}:\n\t{SPUN}");
    let lines = [
        serde_json::json!({"id": "s", "doc": {"body": spun}, "n": 1}).to_string(),
        serde_json::json!({"id": "c", "doc": {"body": CLEAN}}).to_string(),
    ];
    std::fs::write(dir.path().join("in.jsonl"), lines.join("\n") + "\n").unwrap();
    let args = ["filter", "in.jsonl", "--text-key", "doc.body", "--kept", "k.jsonl", "--flagged", "f.jsonl"];
    let out = run(&[&args[..], &["--restore"]].concat(), dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let flagged = std::fs::read_to_string(dir.path().join("f.jsonl")).unwrap();
    // The line as read, with one field added at the end.
    assert!(flagged.starts_with(&lines[0][..lines[0].len() - 1]), "{flagged}");
    let v: serde_json::Value = serde_json::from_str(flagged.trim_end()).unwrap();
    assert_eq!(v["doc"]["body"], spun);
    assert_eq!(
        v["despin_restored"],
        "Caf\u{e9} \u{201c}news\u{201d}:\n\tThe third round of talks came about in May, and bodies of soldiers were returned."
    );
    // The clean record is copied byte for byte, with nothing added.
    assert_eq!(std::fs::read_to_string(dir.path().join("k.jsonl")).unwrap(), format!("{}\n", lines[1]));
    // With --annotate too, the report comes first and the restored text last.
    let out = run(&[&args[..], &["--restore", "--annotate"]].concat(), dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let flagged = std::fs::read_to_string(dir.path().join("f.jsonl")).unwrap();
    let v: serde_json::Value = serde_json::from_str(flagged.trim_end()).unwrap();
    assert_eq!(v["despin"]["spun"], true);
    assert!(v["despin_restored"].as_str().unwrap().contains("third round"));
    assert!(flagged.find("\"despin\":").unwrap() < flagged.find("\"despin_restored\":").unwrap());
}

#[test]
fn attribute_offsets_are_characters() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs/sub")).unwrap();
    let text = "Київ — «Переговори»: the 3rd spherical of talks 😀 came about.";
    let records = [
        serde_json::json!({"id": "uk", "text": text}).to_string(),
        "not json".to_string(),
        serde_json::json!({"id": "plain", "text": CLEAN}).to_string(),
    ];
    std::fs::write(dir.path().join("docs/sub/a.jsonl.gz"), gzip(records.join("\n").as_bytes())).unwrap();
    let out = run(&["scan", "-f", "jsonl", "--attributes", "attrs", "docs"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(out.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    // The per-document JSON keeps byte offsets...
    let start_byte = text.find("3rd spherical").unwrap();
    assert_eq!(report["hits"][0]["start"], start_byte);
    // ...the attributes, in a file of the same name and compression, count characters.
    let rows = split_lines(&gunzip(&std::fs::read(dir.path().join("attrs/sub/a.jsonl.gz")).unwrap()));
    assert_eq!(rows.len(), 3, "one row per input row");
    let row: serde_json::Value = serde_json::from_slice(&rows[0]).unwrap();
    assert_eq!(row["id"], "uk");
    let start_char = text[..start_byte].chars().count();
    let end_char = start_char + "3rd spherical".chars().count();
    assert_ne!(start_char, start_byte);
    let spans = &row["attributes"]["despin_v2__spans"];
    assert_eq!(spans[0][0], start_char);
    assert_eq!(spans[0][1], end_char);
    assert_eq!(spans[0][2], 3.0);
    let doc = &row["attributes"]["despin_v2__doc_score"][0];
    assert_eq!(doc[0], 0);
    assert_eq!(doc[1], text.chars().count());
    assert_eq!(doc[2], report["score"]);
    let bad: serde_json::Value = serde_json::from_slice(&rows[1]).unwrap();
    assert_eq!(bad["id"], serde_json::Value::Null);
    assert_eq!(bad["attributes"]["despin_v2__spans"], serde_json::json!([]));
    // Other wordlists give another rule-set name.
    std::fs::write(dir.path().join("mine.tsv"), "came about\ttook place\n").unwrap();
    let out = run(&["scan", "--wordlist", "mine.tsv", "--attributes", "attrs2", "docs"], dir.path());
    let row = String::from_utf8(
        split_lines(&gunzip(&std::fs::read(dir.path().join("attrs2/sub/a.jsonl.gz")).unwrap()))[0].clone(),
    )
    .unwrap();
    assert!(row.contains("\"despin_v2_") && !row.contains("despin_v2__"), "{row} {}", stderr(&out));
}

#[test]
fn sources_rank_the_worst_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.jsonl"), corpus(30)).unwrap();
    let out = run(&["sources", "--by", "meta.url", "-f", "csv", "c.jsonl"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "source,documents,flagged,share_flagged,mean_score,top_artifacts");
    assert!(rows[1].starts_with("spin.example,10,10,1.0000,"), "{csv}");
    assert!(rows[1].contains("3rd spherical -> third round (10)"), "{csv}");
    assert!(rows[2].starts_with("news.example,20,0,0.0000,"), "{csv}");
    let out = run(&["sources", "--by", "meta.url", "-f", "json", "--top", "1", "c.jsonl"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["source"], "spin.example");
    assert_eq!(v[0]["artifacts"][0]["count"], 10);
    let out = run(&["sources", "--by", "@file", "-f", "table", "c.jsonl"], dir.path());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.lines().nth(1).unwrap().contains("33.3%"), "{table}");
}

#[test]
fn no_progress_bar_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.jsonl"), corpus(3000)).unwrap();
    let out = run(&["scan", "-f", "jsonl", "c.jsonl"], dir.path());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "only the summary: {err:?}");
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    let out = run(&["scan", "-q", "-f", "jsonl", "c.jsonl"], dir.path());
    assert_eq!(stderr(&out), "");
}

/// Ctrl-C in the middle of a filter leaves no output under a final name, and no temporary.
#[test]
fn interrupted_filter_leaves_no_half_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = despin()
        .args(["filter", "-", "--kept", "kept.jsonl", "--flagged", "flagged.jsonl.zst", "--rejected", "rej.jsonl"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Enough lines to be past the first batch; standard input stays open, as a slow producer.
    stdin.write_all(corpus(20_000).as_bytes()).unwrap();
    stdin.flush().unwrap();
    let temporaries = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(".despin-"))
            .collect()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while temporaries(dir.path()).len() < 3 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(temporaries(dir.path()).len(), 3, "the outputs are being written under temporary names");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
