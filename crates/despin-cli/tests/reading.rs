//! How inputs are read and what is said about them: JSONL known by its first line (on standard
//! input, in dolma's `*.json.gz`), compressions that are not read refused, errors capped with the
//! keys a record has, keys that fall back warned about once, and `filter` and `sources` reading
//! records only. What a new user ran into in the first hour (issue 16).

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

mod common;

use common::{despin, run, stderr};

const SPUN: &str =
    "The 3rd spherical of talks came about in Would possibly, and our bodies of squaddies were returned.";
const CLEAN: &str = "The third round of talks took place in May, and the bodies of soldiers were returned.";

/// `n` JSONL records, every third spun, each with a nested url.
fn records(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let text = if i % 3 == 0 { SPUN } else { CLEAN };
        let url = format!("https://www.site{}.example/{i}", i % 2);
        s += &format!("{}\n", serde_json::json!({"id": format!("d{i}"), "text": text, "metadata": {"url": url}}));
    }
    s
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(bytes), &mut out).unwrap();
    out
}

/// Runs despin with `input` on standard input.
fn with_stdin(args: &[&str], dir: &Path, input: &[u8]) -> Output {
    let mut child = despin()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn ids(o: &Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn jsonl_is_known_by_its_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = records(30);
    // Piped to `scan -` without --jsonl: 30 records, not one document of 30 lines.
    let out = with_stdin(&["scan", "-f", "jsonl", "-"], dir.path(), jsonl.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(ids(&out).len(), 30);
    assert_eq!(ids(&out)[0], "d0");
    assert_eq!(stderr(&out).lines().count(), 1, "no warning: {}", stderr(&out));
    // Compressed on standard input, and a *.json file.
    let out = with_stdin(&["scan", "-f", "jsonl", "-"], dir.path(), &gzip(jsonl.as_bytes()));
    assert_eq!(ids(&out).len(), 30, "{}", stderr(&out));
    std::fs::write(dir.path().join("docs.json"), &jsonl).unwrap();
    let out = run(&["scan", "-f", "jsonl", "docs.json"], dir.path());
    assert_eq!(ids(&out).len(), 30, "{}", stderr(&out));
    // JSON that is not JSONL with the text key is read as one text, with a warning that says
    // what it has.
    let other = "{\"body\": \"a\", \"id\": 1}\n{\"body\": \"b\"}\n";
    let out = with_stdin(&["scan", "-f", "jsonl", "-"], dir.path(), other.as_bytes());
    assert_eq!(ids(&out), ["-"]);
    let err = stderr(&out);
    assert!(
        err.contains("warning: -: the first line is a JSON object without \"text\" (the record has \"body\", \"id\")"),
        "{err}"
    );
    assert!(err.contains("--text-key"), "{err}");
    assert_eq!(out.status.code(), Some(0), "a warning does not fail the run");
    std::fs::write(dir.path().join("pretty.json"), "[\n  {\"text\": \"x\"}\n]\n").unwrap();
    let out = run(&["scan", "-f", "jsonl", "pretty.json"], dir.path());
    assert!(
        stderr(&out).contains("warning: pretty.json: named .json, but its first line is not JSON"),
        "{}",
        stderr(&out)
    );
    // A plain text is a plain text, without a word said.
    let out = with_stdin(&["scan", "-f", "jsonl", "-"], dir.path(), SPUN.as_bytes());
    assert_eq!(ids(&out), ["-"]);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn dolma_json_gz_attributes_keep_the_name_and_compression() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("documents");
    std::fs::create_dir_all(docs.join("cc")).unwrap();
    let jsonl = records(9);
    std::fs::write(docs.join("cc/part-0000.json.gz"), gzip(jsonl.as_bytes())).unwrap();
    std::fs::write(docs.join("cc/part-0001.jsonl.gz"), gzip(jsonl.as_bytes())).unwrap();
    std::fs::write(docs.join("cc/part-0002.jsonl.zst"), zstd::stream::encode_all(jsonl.as_bytes(), 3).unwrap())
        .unwrap();
    for command in [
        vec!["scan", "-f", "jsonl", "documents", "--attributes", "attributes/despin"],
        vec!["filter", "documents", "--kept", "k.jsonl", "--flagged", "f.jsonl", "--attributes", "attributes/despin"],
    ] {
        let _ = std::fs::remove_dir_all(dir.path().join("attributes"));
        let out = run(&command, dir.path());
        assert!(out.status.success(), "{command:?}: {}", stderr(&out));
        let attrs = dir.path().join("attributes/despin/cc");
        let mut names: Vec<String> =
            std::fs::read_dir(&attrs).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["part-0000.json.gz", "part-0001.jsonl.gz", "part-0002.jsonl.zst"], "{command:?}");
        let rows = gunzip(&std::fs::read(attrs.join("part-0000.json.gz")).unwrap());
        let zst = zstd::stream::decode_all(&std::fs::read(attrs.join("part-0002.jsonl.zst")).unwrap()[..]).unwrap();
        assert_eq!(rows, zst, "{command:?}");
        let rows = String::from_utf8(rows).unwrap();
        assert_eq!(rows.lines().count(), 9, "one row per record");
        let first: serde_json::Value = serde_json::from_str(rows.lines().next().unwrap()).unwrap();
        assert_eq!(first["id"], "d0");
        assert_eq!(first["attributes"]["despin_v2__spans"][0][2], 3.0);
    }
}

#[test]
fn compressions_that_are_not_read_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), SPUN).unwrap();
    // bzip2 and xz streams of "x\n" (Python's bz2 and lzma): known by name and by first bytes.
    let bz2: &[u8] = b"\x42\x5a\x68\x39\x31\x41\x59\x26\x53\x59\x2b\x3e\xcf\x7f\x00\x00\x00\xc0\x80\x00\x10\x00\x40\x20\x00\x21\x00\x82\xb1\x77\x24\x53\x85\x09\x02\xb3\xec\xf7\xf0";
    let xz: &[u8] = b"\xfd\x37\x7a\x58\x5a\x00\x00\x04\xe6\xd6\xb4\x46\x02\x00\x21\x01\x16\x00\x00\x00\x74\x2f\xe5\xa3\x01\x00\x01\x78\x0a\x00\x00\x00\x37\x4a\x51\xdc\x33\xa2\xca\xb0\x00\x01\x1a\x02\xdc\x2e\xa5\x7e\x1f\xb6\xf3\x7d\x01\x00\x00\x00\x00\x04\x59\x5a";
    std::fs::write(dir.path().join("c.jsonl.bz2"), bz2).unwrap();
    std::fs::write(dir.path().join("c.data"), bz2).unwrap();
    std::fs::write(dir.path().join("c.jsonl.xz"), xz).unwrap();
    std::fs::write(dir.path().join("x.data"), xz).unwrap();
    let out = run(&["scan", "-f", "jsonl", "c.jsonl.bz2", "c.data", "c.jsonl.xz", "x.data", "good.txt"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for (file, how) in [("c.jsonl.bz2", "bzip2"), ("c.data", "bzip2"), ("c.jsonl.xz", "xz"), ("x.data", "xz")] {
        assert!(err.contains(&format!("{file}: compressed with {how}, which despin does not read")), "{err}");
    }
    assert!(!err.contains("binary"), "{err}");
    assert_eq!(ids(&out), ["good.txt"]);
    let out = with_stdin(&["restore", "-"], dir.path(), bz2);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "compressed bytes passed through");
    // Nor are they written: an output named .bz2 would not be bzip2.
    std::fs::write(dir.path().join("in.jsonl"), records(3)).unwrap();
    let out = run(&["filter", "in.jsonl", "--kept", "k.jsonl.bz2", "--flagged", "f.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("despin does not write bzip2"), "{}", stderr(&out));
    assert!(!dir.path().join("k.jsonl.bz2").exists());
}

#[test]
fn errors_are_capped_and_the_first_miss_names_the_keys() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.jsonl"), records(1000)).unwrap();
    let out = run(&["scan", "-f", "jsonl", "--text-key", "body", "c.jsonl"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("c.jsonl:1: no field \"body\" (the record has \"id\", \"metadata\", \"text\")"), "{err}");
    assert!(err.contains("c.jsonl:20: no field \"body\"\n"), "{err}");
    assert!(!err.contains("c.jsonl:21:"), "{err}");
    assert!(err.contains("further errors like \"no field \\\"body\\\"\" are not shown"), "{err}");
    assert!(err.contains("1000 error(s)"), "{err}");
    assert!(err.lines().count() <= 23, "{err}");
    // A dotted path names the keys where it stopped.
    let out = run(&["scan", "-f", "jsonl", "--text-key", "metadata.body", "c.jsonl"], dir.path());
    assert!(stderr(&out).contains("no field \"metadata.body\" (\"metadata\" has \"url\")"), "{}", stderr(&out));
}

#[test]
fn keys_that_fall_back_are_warned_about_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.jsonl"), records(30)).unwrap();
    let out = run(&["scan", "-f", "jsonl", "--id-key", "nope", "c.jsonl"], dir.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(err.matches("no id under \"nope\"").count(), 1, "{err}");
    assert!(err.contains("warning: c.jsonl:1: no id under \"nope\""), "{err}");
    assert_eq!(ids(&out)[1], "c.jsonl:2", "named by file and line");
    // sources groups by "url" by default; these records have metadata.url.
    let out = run(&["sources", "-f", "csv", "c.jsonl"], dir.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(err.matches("to group by").count(), 1, "{err}");
    assert!(err.contains("c.jsonl:1: no \"url\" to group by"), "{err}");
    assert!(err.contains("did you mean \"metadata.url\"?"), "{err}");
    let out = run(&["sources", "-f", "csv", "--by", "metadata.url", "c.jsonl"], dir.path());
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("site0.example,15,"));
}

#[test]
fn filter_and_sources_read_only_records_in_folders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("crawl");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("a.jsonl"), records(6)).unwrap();
    std::fs::write(d.join("b.json.gz"), gzip(records(3).as_bytes())).unwrap();
    std::fs::write(d.join("notes.txt"), "Notes about the crawl.\nNot records.\n").unwrap();
    std::fs::write(d.join("README.md"), "# crawl\n").unwrap();
    let out = run(&["filter", "crawl", "--kept", "k.jsonl", "--flagged", "f.jsonl"], dir.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("read 9 lines = kept 6 + flagged 3 + rejected 0"), "{err}");
    assert!(err.contains("crawl/notes.txt: not JSONL"), "{err}");
    assert!(err.contains("crawl/README.md: not JSONL"), "{err}");
    let out = run(&["sources", "--by", "metadata.url", "-f", "csv", "crawl"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("9 documents from 2 sources"), "{}", stderr(&out));
    // A file named on the command line is read as JSONL whatever its name.
    let out = run(&["filter", "crawl/notes.txt", "--kept", "k.jsonl", "--flagged", "f.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("crawl/notes.txt:1: not valid JSON"), "{}", stderr(&out));
}

#[test]
fn sources_top_says_how_many_sources_there_were() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.jsonl"), records(30)).unwrap();
    let out = run(&["sources", "--by", "metadata.url", "--top", "1", "-f", "csv", "c.jsonl"], dir.path());
    assert!(stderr(&out).contains("30 documents from 2 sources (1 shown)"), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
}

#[test]
fn scan_keep_carries_fields_into_rows() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.jsonl"), records(3)).unwrap();
    std::fs::write(dir.path().join("t.txt"), SPUN).unwrap();
    let out = run(&["scan", "-f", "jsonl", "--keep", "metadata.url", "--keep", "nope", "c.jsonl", "t.txt"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows[1]["fields"], serde_json::json!({"metadata.url": "https://www.site1.example/1", "nope": null}));
    assert_eq!(rows[3]["fields"], serde_json::json!({"metadata.url": null, "nope": null}), "a plain text has none");
    let out = run(&["scan", "-f", "csv", "--keep", "metadata.url", "c.jsonl"], dir.path());
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("id,score,spun,words,hits,distinct,top_hits,metadata.url\n"), "{csv}");
    assert!(csv.lines().nth(1).unwrap().ends_with(",https://www.site0.example/0"), "{csv}");
    // In the CSV, a spun phrase keeps its case, as its original does.
    assert!(csv.contains("Would possibly -> May"), "{csv}");
    let out = run(&["scan", "-f", "table", "--keep", "metadata.url", "c.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--keep shows in JSON and CSV, not in the table"), "{}", stderr(&out));
}
