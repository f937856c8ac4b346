//! Bad and hostile input: each gives a clear message naming the file (and line), and the other
//! documents are still scored.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;

use common::{despin, run, stderr};

/// The reports printed, by id.
fn reports(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout).lines().map(|l| serde_json::from_str(l).expect("a JSON report")).collect()
}

fn ids(o: &Output) -> Vec<String> {
    reports(o).iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
}

const SPUN: &str = "The 3rd spherical of talks came about in Would possibly.";

fn good(dir: &Path) {
    std::fs::write(dir.join("good.txt"), SPUN).unwrap();
}

#[test]
fn invalid_utf8_is_scored_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    good(dir.path());
    let mut text = b"caf\xe9 and \xff\xfe then ".to_vec();
    text.extend_from_slice(SPUN.as_bytes());
    std::fs::write(dir.path().join("latin1.txt"), &text).unwrap();
    let mut line = b"{\"id\": \"L\", \"text\": \"na\xefve ".to_vec();
    line.extend_from_slice(SPUN.as_bytes());
    line.extend_from_slice(b"\"}\n{\"id\": \"ok\", \"text\": \"fine\"}\n");
    std::fs::write(dir.path().join("bad.jsonl"), &line).unwrap();
    let out = run(&["scan", "-f", "jsonl", "latin1.txt", "bad.jsonl", "good.txt"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "warnings do not fail the run: {err}");
    assert!(err.contains("warning: latin1.txt: invalid UTF-8 at byte 3; decoded lossily"), "{err}");
    assert!(
        err.contains("warning: bad.jsonl:1 (id \"L\"): invalid UTF-8 at byte 23 of the line; decoded lossily"),
        "{err}"
    );
    let r = reports(&out);
    assert_eq!(ids(&out), ["latin1.txt", "L", "ok", "good.txt"]);
    // Scored all the same, offsets in the bytes as read.
    let hit = &r[0]["hits"][0];
    assert_eq!(hit["text"], "3rd spherical");
    assert_eq!(&text[hit["start"].as_u64().unwrap() as usize..hit["end"].as_u64().unwrap() as usize], b"3rd spherical");
    assert_eq!(r[1]["hits"][0]["text"], "3rd spherical");
}

#[test]
fn bom_and_crlf_in_texts_and_wordlists() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bom.txt"), format!("\u{feff}Intro line.\r\n{SPUN}\r\n")).unwrap();
    std::fs::write(
        dir.path().join("bom.jsonl"),
        format!(
            "\u{feff}{{\"id\": \"a\", \"text\": \"{SPUN}\"}}\r\n{{\"id\": \"b\", \"text\": \"x\\r\\ncame about\"}}\r\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("list.tsv"), "\u{feff}# a list\r\ncame about\ttook place\t2\r\n").unwrap();
    let out = run(&["scan", "-f", "jsonl", "--wordlist", "list.tsv", "bom.txt", "bom.jsonl"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let r = reports(&out);
    assert_eq!(ids(&out), ["bom.txt", "a", "b"]);
    let hit = &r[0]["hits"][0];
    assert_eq!(
        (hit["line"].as_u64(), hit["col"].as_u64(), hit["text"].as_str()),
        (Some(2), Some(5), Some("3rd spherical"))
    );
    assert_eq!(hit["start"], 3 + 13 + 4, "byte offsets count the BOM and the CR");
    assert_eq!(r[2]["hits"][0]["original"], "took place", "the CRLF wordlist entry matches");
    assert_eq!(r[2]["hits"][0]["line"], 2);
}

#[test]
fn binary_files_in_a_folder_are_skipped_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("d")).unwrap();
    std::fs::write(dir.path().join("d/a.txt"), SPUN).unwrap();
    std::fs::write(dir.path().join("d/image.bin"), [b"\x89PNG\0\0\0".as_slice(), SPUN.as_bytes()].concat()).unwrap();
    let out = run(&["scan", "-f", "jsonl", "d"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("d/image.bin: looks binary (NUL byte); skipped (scan it with --binary)"), "{err}");
    assert!(err.contains("1 skipped"), "{err}");
    assert_eq!(ids(&out), ["d/a.txt"]);
    let out = run(&["scan", "-f", "jsonl", "--binary", "d"], dir.path());
    assert_eq!(ids(&out), ["d/a.txt", "d/image.bin"]);
    assert_eq!(reports(&out)[1]["hits"][0]["text"], "3rd spherical");
    // --quiet drops the note, not the count of what was scanned.
    let out = run(&["scan", "-q", "-f", "jsonl", "d"], dir.path());
    assert_eq!(stderr(&out), "");
}

#[test]
fn empty_inputs() {
    let dir = tempfile::tempdir().unwrap();
    good(dir.path());
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("empty.jsonl"), "").unwrap();
    std::fs::write(dir.path().join("empty.jsonl.gz"), "").unwrap();
    let out = run(&["scan", "-f", "jsonl", "empty.txt", "empty.jsonl", "good.txt"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let r = reports(&out);
    assert_eq!(ids(&out), ["empty.txt", "good.txt"]);
    assert_eq!((r[0]["words"].as_u64(), r[0]["score"].as_f64().unwrap() < 0.5), (Some(0), true));
    // An empty file named .gz is not gzip: a clear read error, and the rest goes on.
    let out = run(&["scan", "-f", "jsonl", "empty.jsonl.gz", "good.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("empty.jsonl.gz"), "{}", stderr(&out));
    assert_eq!(ids(&out), ["good.txt"]);
}

#[test]
fn malformed_records_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "a", "text": "3rd spherical"}"#,
        r#"{"id": "b", "text": "unterminated"#,
        r#"{"id": "c"}"#,
        r#"{"id": "d", "text": ["not", "a", "string"]}"#,
        r#"{"id": "e", "text": null}"#,
        r#"{"id": "a", "text": "the same id again"}"#,
        r#"{"id": "f", "text": "came about"}"#,
    ];
    std::fs::write(dir.path().join("m.jsonl"), lines.join("\n")).unwrap();
    let out = run(&["scan", "-f", "jsonl", "m.jsonl"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "errors happened: {err}");
    for want in [
        "despin: m.jsonl:2: not valid JSON: EOF while parsing a string at line 1 column 33",
        "despin: m.jsonl:3: no field \"text\"",
        "despin: m.jsonl:4: field \"text\" is not a string but an array",
        "despin: m.jsonl:5: field \"text\" is not a string but null",
        "despin: warning: m.jsonl:6: duplicate id \"a\" (first at m.jsonl:1)",
        "despin: 3 documents scanned, ",
        " flagged as spun, 4 error(s), 1 warning(s)",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    assert_eq!(ids(&out), ["a", "a", "f"]);
    // Nested and custom keys.
    std::fs::write(dir.path().join("n.jsonl"), "{\"doc\": {\"body\": \"3rd spherical\", \"url\": 7}}\n").unwrap();
    let out = run(&["scan", "-f", "jsonl", "--text-key", "doc.body", "--id-key", "doc.url", "n.jsonl"], dir.path());
    assert_eq!(ids(&out), ["7"]);
    let out = run(&["scan", "-f", "jsonl", "--text-key", "doc.title", "n.jsonl"], dir.path());
    assert!(stderr(&out).contains("n.jsonl:1: no field \"doc.title\""), "{}", stderr(&out));
}

#[test]
fn unreadable_paths() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    good(d);
    std::fs::create_dir(d.join("loop")).unwrap();
    std::fs::write(d.join("loop/inner.txt"), SPUN).unwrap();
    std::os::unix::fs::symlink(".", d.join("loop/self")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", d.join("dangling.txt")).unwrap();
    std::fs::write(d.join("secret.txt"), SPUN).unwrap();
    std::fs::set_permissions(d.join("secret.txt"), std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    let root = std::fs::read(d.join("secret.txt")).is_ok();
    let out = run(&["scan", "-f", "jsonl", "missing.txt", "dangling.txt", "loop", "secret.txt", "good.txt"], d);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("despin: missing.txt: no such file or folder"), "{err}");
    assert!(err.contains("despin: dangling.txt: dangling link"), "{err}");
    assert!(
        err.contains("despin: loop/self: folder already visited (named twice, or a link leads back to it); skipped"),
        "{err}"
    );
    if root {
        println!("running as root: secret.txt is readable despite mode 000; checking another unreadable path");
        assert!(ids(&out).contains(&"secret.txt".to_string()));
    } else {
        assert!(err.contains("despin: secret.txt: permission denied"), "{err}");
    }
    assert!(ids(&out).contains(&"loop/inner.txt".to_string()) && ids(&out).contains(&"good.txt".to_string()));
    // A file that opens but cannot be read (even by root): /proc/self/mem at offset 0.
    let out = run(&["scan", "-f", "jsonl", "/proc/self/mem", "good.txt"], d);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("despin: /proc/self/mem: read error"), "{err}");
    assert_eq!(ids(&out), ["good.txt"]);
    // A folder given where a file is expected inside a path: not a folder.
    let out = run(&["scan", "-f", "jsonl", "good.txt/x", "good.txt"], d);
    assert!(stderr(&out).contains("despin: good.txt/x: "), "{}", stderr(&out));
    assert_eq!(ids(&out), ["good.txt"]);
}

#[test]
fn help_says_keep_going_is_the_default() {
    let out = despin().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("keep-going is the default"), "{help}");
    assert!(help.contains("2 when errors happened"), "{help}");
}

#[test]
fn broken_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for i in 0..20_000 {
        lines += &format!("{{\"id\": \"{i}\", \"text\": \"{SPUN} {i}\"}}\n");
    }
    std::fs::write(dir.path().join("many.jsonl"), lines).unwrap();
    // `despin scan many.jsonl | head -1`, by hand: read one line, close the pipe.
    let mut child = despin()
        .args(["scan", "-f", "jsonl", "many.jsonl"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "nothing said about the broken pipe");
    assert!(first.starts_with(b"{\"id\":\"0\""));
    // Through a real shell pipeline too.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' scan -f jsonl many.jsonl | head -1; exit ${{PIPESTATUS:-0}}", env!("CARGO_BIN_EXE_despin")))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

/// Peak memory of a command, in KB, with GNU time; None where it is not installed.
fn peak_kb(args: &[&str], dir: &Path) -> Option<(Output, u64)> {
    if !Path::new("/usr/bin/time").exists() {
        println!("/usr/bin/time is not installed: memory not measured");
        return None;
    }
    let out = Command::new("/usr/bin/time")
        .args(["-f", "PEAK %M"])
        .arg(env!("CARGO_BIN_EXE_despin"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let err = stderr(&out);
    let kb = err.lines().find_map(|l| l.strip_prefix("PEAK ")).and_then(|v| v.trim().parse().ok())?;
    Some((out, kb))
}

/// A long text with two hits every ~10 KB, without a newline, and the number of hits.
fn long_text(bytes: usize) -> (Vec<u8>, usize) {
    let filler = "Officials met again on Tuesday to discuss the schedule for the elections in the capital. ";
    let mut chunk = String::new();
    while chunk.len() < 10_000 {
        chunk += filler;
    }
    chunk += SPUN;
    chunk.push(' ');
    let mut out = Vec::with_capacity(bytes + chunk.len());
    let mut hits = 0;
    while out.len() < bytes {
        out.extend_from_slice(chunk.as_bytes());
        hits += 2;
    }
    (out, hits)
}

#[test]
fn one_200_mb_line() {
    let dir = tempfile::tempdir().unwrap();
    let size = 200 << 20;
    let (text, hits) = long_text(size);
    let n = text.len();
    std::fs::write(dir.path().join("long.txt"), &text).unwrap();
    drop(text);
    good(dir.path());
    let args = ["scan", "-f", "jsonl", "-j", "2", "long.txt", "good.txt"];
    let (out, kb) = match peak_kb(&args, dir.path()) {
        Some((out, kb)) => (out, Some(kb)),
        None => (run(&args, dir.path()), None),
    };
    assert!(out.status.success(), "{}", stderr(&out));
    let r = reports(&out);
    assert_eq!(ids(&out), ["long.txt", "good.txt"]);
    let found = r[0]["hits"].as_array().unwrap().len();
    assert_eq!(found, hits);
    assert_eq!(r[0]["hits"][found - 1]["line"], 1);
    if let Some(kb) = kb {
        let mb = kb / 1024;
        println!("peak memory for a {} MB line: {mb} MB", n >> 20);
        assert!(mb < 4 * (n as u64 >> 20) + 100, "peak {mb} MB for a {} MB line", n >> 20);
    }
}

#[test]
fn a_50_mb_record() {
    let dir = tempfile::tempdir().unwrap();
    let text = String::from_utf8(long_text(50 << 20).0).unwrap();
    let mut file = std::fs::File::create(dir.path().join("big.jsonl")).unwrap();
    writeln!(file, "{{\"id\": \"small\", \"text\": \"{SPUN}\"}}").unwrap();
    serde_json::to_writer(&mut file, &serde_json::json!({"id": "big", "text": text})).unwrap();
    writeln!(file, "\n{{\"id\": \"after\", \"text\": \"{SPUN}\"}}").unwrap();
    drop(file);
    let args = ["scan", "-f", "jsonl", "big.jsonl"];
    let (out, kb) = match peak_kb(&args, dir.path()) {
        Some((out, kb)) => (out, Some(kb)),
        None => (run(&args, dir.path()), None),
    };
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(ids(&out), ["small", "big", "after"]);
    assert!(reports(&out)[1]["hits"].as_array().unwrap().len() > 5000);
    if let Some(kb) = kb {
        let mb = kb / 1024;
        println!("peak memory for a 50 MB record: {mb} MB");
        assert!(mb < 4 * 50 + 100, "peak {mb} MB for a 50 MB record");
    }
}
