//! `despin report`: the HTML page and its charts. The page's own checks run without a browser;
//! the checks of the rendered page open it in headless Chromium (`tests/browser/check.mjs`,
//! playwright-core over Debian's `chromium`), and take the screenshot `target/report/report.png`.
//! Where Chromium, node or playwright-core are missing, those tests are ignored with what is
//! missing; in CI (`CI=true`) their absence fails `the_browser_is_there_in_ci`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Where the report tests write: `target/report/` (kept by CI with the screenshot).
fn out_dir(name: &str) -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| common::root().join("target"));
    let dir = if target.is_absolute() { target } else { common::root().join(target) }.join("report").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `despin report` on `inputs` with `extra` options into `dir/report.html`, and returns
/// the page.
fn report(inputs: &[PathBuf], extra: &[&str], dir: &Path) -> String {
    let html = dir.join("report.html");
    let out = common::despin()
        .args(["report", "-q", "-o"])
        .arg(&html)
        .args(extra)
        .args(inputs)
        .current_dir(common::root())
        .output()
        .unwrap();
    assert!(out.status.success(), "despin report failed: {}", common::stderr(&out));
    std::fs::read_to_string(&html).unwrap()
}

/// The reports of `despin scan --format jsonl` on the same inputs.
fn scan(inputs: &[PathBuf], extra: &[&str]) -> Vec<Value> {
    let out = common::despin()
        .args(["scan", "-q", "--format", "jsonl"])
        .args(extra)
        .args(inputs)
        .current_dir(common::root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn hits(docs: &[Value]) -> usize {
    docs.iter().map(|d| d["hits"].as_array().unwrap().len()).sum()
}

/// The fixtures, and the seeds where they are, named from the repository's root as a user
/// would name them (the page shows them).
fn inputs() -> Vec<PathBuf> {
    let mut inputs = vec![PathBuf::from("fixtures")];
    if cfg!(seeds) {
        let seeds = PathBuf::from(env!("DESPIN_SEEDS_DIR"));
        let beside = common::root().join("../shared/seeds");
        let same = std::fs::canonicalize(&beside).is_ok_and(|b| b == seeds);
        inputs.push(if same { PathBuf::from("../shared/seeds") } else { seeds });
    }
    inputs
}

/// A JSONL corpus of hostile records: markup, quotes, `</textarea>`, right-to-left marks.
fn hostile(dir: &Path) -> (PathBuf, Vec<(String, String)>) {
    let spun = "Talks resumed in Would possibly for a 3rd spherical of talks.";
    let docs = vec![
        (
            "\"><script>window.__pwned='id'</script><img src=x onerror=\"window.__pwned='img'\">".to_string(),
            format!("<script>window.__pwned='text'</script> {spun} </textarea><textarea> \" ' &amp; &lt;b&gt;"),
        ),
        (
            "rtl \u{202e}evil\u{202b} id".to_string(),
            format!("\u{202e}reversed {spun} \u{200f}mark\u{2067}isolate <b onmouseover=\"window.__pwned='b'\">x</b>"),
        ),
        ("' onfocus='window.__pwned=1".to_string(), format!("</div></article></main><script>alert(1)</script> {spun}")),
    ];
    let sources = ["\"><script>window.__pwned='src'</script>", "evil\u{202e}.site", "</bdi>\u{202e}tail"];
    let mut jsonl = String::new();
    for ((id, text), url) in docs.iter().zip(sources) {
        jsonl += &serde_json::json!({"id": id, "text": text, "url": url}).to_string();
        jsonl.push('\n');
    }
    let path = dir.join("hostile.jsonl");
    std::fs::write(&path, jsonl).unwrap();
    (path, docs)
}

#[test]
fn the_page_marks_every_hit_of_scan_and_fetches_nothing() {
    let dir = out_dir("fixtures");
    let inputs = [PathBuf::from("fixtures")];
    let svg = dir.join("svg");
    let html = report(&inputs, &["--by", "metadata.url", "--sample", "100", "--svg", svg.to_str().unwrap()], &dir);
    let docs = scan(&inputs, &[]);
    assert_eq!(html.matches("<mark class=\"hit ").count(), hits(&docs));
    assert_eq!(html.matches("<article ").count(), docs.len());
    // Self-contained: one inline script, inline style, nothing that loads anything.
    assert_eq!(html.matches("<script").count(), 1);
    for loads in ["<link", " src=", "url(", "@import", "href=\"http", "href=\"//", "<iframe", "<object"] {
        assert!(!html.contains(loads), "the page holds {loads:?}");
    }
    assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
    // The charts, as files too.
    for name in ["scores.svg", "sources.svg"] {
        let svg = std::fs::read_to_string(dir.join("svg").join(name)).unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.ends_with("</svg>\n"));
        assert!(html.contains(&svg), "{name} differs from the page's chart");
    }
    let scores = std::fs::read_to_string(dir.join("svg/scores.svg")).unwrap();
    assert_eq!(scores.matches("<rect class=\"bar").count(), 24);
}

#[test]
fn max_docs_caps_the_documents_and_says_what_was_left_out() {
    let dir = out_dir("capped");
    let inputs = [PathBuf::from("fixtures")];
    let docs = scan(&inputs, &[]);
    let flagged = docs.iter().filter(|d| d["spun"] == true).count();
    assert!(flagged >= 2, "the fixtures hold {flagged} flagged documents");
    let html = report(&inputs, &["--max-docs", "2", "--sample", "1"], &dir);
    assert_eq!(html.matches("<article ").count(), 2);
    // The worst flagged one is shown, and the page counts what it left out.
    let worst = docs
        .iter()
        .filter(|d| d["spun"] == true)
        .max_by(|a, b| a["score"].as_f64().partial_cmp(&b["score"].as_f64()).unwrap())
        .unwrap();
    assert!(html.contains(worst["id"].as_str().unwrap()));
    assert!(
        html.contains(&format!("the 1 of the {flagged} flagged with the highest scores ({} left out)", flagged - 1)),
        "{html}"
    );
    assert!(html.contains(&format!("a sample of 1 of the {} not flagged", docs.len() - flagged)));
}

#[test]
fn hostile_text_is_escaped() {
    let dir = out_dir("hostile-page");
    let (path, docs) = hostile(&dir);
    let html = report(&[path], &[], &dir);
    assert_eq!(html.matches("<script").count(), 1, "only the page's own script");
    assert!(!html.contains("</textarea>") && !html.contains("<textarea>") && !html.contains("<b "));
    assert!(!html.contains("onerror=\"") && !html.contains("onfocus='") && !html.contains("<img"));
    assert!(html.contains("&lt;/textarea&gt;&lt;textarea&gt;"));
    assert!(html.contains("&quot;&gt;&lt;script&gt;"));
    // Every right-to-left mark stands inside an isolating element.
    for (id, _) in &docs {
        assert!(html.contains(&format!("<bdi>{}</bdi>", despin_corpus::report::escape::escape(id))), "{id:?}");
    }
    // Each text, as found and restored, is isolated from the page around it.
    assert_eq!(html.matches("<div class=\"text spun\"").count(), 3);
    assert_eq!(html.matches(" dir=\"auto\">").count(), 3);
    assert_eq!(html.matches(" dir=\"auto\" hidden>").count(), 3);
}

#[test]
fn the_browser_is_there_in_ci() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(!ci || cfg!(browser), "CI must have the browser tests' tools; missing: {}", env!("DESPIN_BROWSER_MISSING"));
}

/// Runs the browser script on a page; the facts it printed.
/// The screenshot, when asked for, shows the documents of `source` (the seeds' text stays out
/// of the picture that README shows).
fn check_in_chromium(html: &Path, screenshot: Option<&Path>, source: Option<&str>) -> Value {
    let mut cmd = Command::new("node");
    cmd.arg(common::root().join("tests/browser/check.mjs")).arg(html);
    if let Some(png) = screenshot {
        cmd.arg("--screenshot").arg(png);
    }
    if let Some(source) = source {
        cmd.arg("--screenshot-source").arg(source);
    }
    cmd.env("DESPIN_CHROMIUM", env!("DESPIN_CHROMIUM_PATH"));
    let out = cmd.output().expect("run node");
    assert!(out.status.success(), "check.mjs failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("check.mjs prints JSON")
}

fn quiet_page(facts: &Value) {
    assert_eq!(facts["consoleErrors"], serde_json::json!([]), "console errors");
    assert_eq!(facts["pageErrors"], serde_json::json!([]), "script errors");
    assert_eq!(facts["requests"], serde_json::json!([]), "requests that left the page");
    assert_eq!(facts["dialogs"], serde_json::json!([]), "dialogs");
}

#[test]
#[cfg_attr(not(browser), ignore = "needs Chromium, node and playwright-core (see crates/despin-cli/build.rs)")]
fn the_report_in_chromium() {
    let dir = out_dir("chromium");
    let inputs = inputs();
    let html = dir.join("report.html");
    report(&inputs, &["--by", "metadata.url", "--max-docs", "1000", "--sample", "1000"], &dir);
    let png = dir.parent().unwrap().join("report.png");
    let facts = check_in_chromium(&html, Some(&png), Some("fixtures/spun"));
    let docs = scan(&inputs, &[]);
    eprintln!("{} documents, {} hits; the page: {facts}", docs.len(), hits(&docs));
    quiet_page(&facts);
    // Every hit of scan is one highlighted span, listed and inferred told apart by more than colour.
    assert_eq!(facts["marks"], hits(&docs));
    assert_eq!(facts["articles"], docs.len());
    assert_eq!(facts["documents"], docs.len());
    let inferred: usize =
        docs.iter().flat_map(|d| d["hits"].as_array().unwrap()).filter(|h| h["list"] == "inferred").count();
    assert_eq!(facts["inferred"], inferred);
    assert!(inferred > 0 && facts["listed"].as_u64().unwrap() > 0, "both kinds of hit in the page");
    let styles: Vec<&str> = facts["underlines"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(styles.contains(&"solid hit listed") && styles.contains(&"dashed hit inferred"), "{styles:?}");
    // One bar per bin, and every document in a bin.
    assert_eq!(facts["bars"], facts["bins"]);
    assert_eq!(facts["bars"], 24);
    assert_eq!(facts["barTotal"], docs.len());
    // Hover and keyboard focus show the original.
    for how in ["hover", "focus"] {
        let f = &facts[how];
        let expected = f["expected"].as_str().unwrap_or_else(|| panic!("no mark got the {how}: {f}"));
        assert_eq!(f["visible"], true, "{how}: {f}");
        assert!(f["tip"].as_str().unwrap().ends_with(expected), "{how}: {f}");
    }
    assert_eq!(facts["hover"]["hiddenAfter"], true);
    assert_eq!(facts["focus"]["describedBy"], "tip");
    // The toggle shows the restored text, with each mark's original in its place.
    let t = &facts["toggle"];
    assert!(t["pressed"] == "true" && t["restoredShown"] == true && t["spunHidden"] == true, "{t}");
    assert_eq!(t["originalsRestored"], true);
    // The sources table sorts, and a source's link shows its documents.
    assert!(facts["sort"]["ascending"] == true && facts["sort"]["descending"] == true, "{}", facts["sort"]);
    let link = &facts["sourceLink"];
    assert!(link["allOfSource"] == true && link["visible"] == link["says"], "{link}");
    // Printed: each phrase is followed by its original, the buttons are gone.
    let first = facts["hover"]["expected"].as_str().unwrap();
    assert!(facts["print"]["after"].as_str().unwrap().contains(&format!("→ {first}]")), "{}", facts["print"]);
    assert_eq!(facts["print"]["toggleHidden"], true);
    assert!(png.is_file(), "no screenshot at {}", png.display());
}

#[test]
#[cfg_attr(not(browser), ignore = "needs Chromium, node and playwright-core (see crates/despin-cli/build.rs)")]
fn hostile_text_in_chromium_stays_text() {
    let dir = out_dir("hostile-chromium");
    let (path, docs) = hostile(&dir);
    report(std::slice::from_ref(&path), &[], &dir);
    let facts = check_in_chromium(&dir.join("report.html"), None, None);
    quiet_page(&facts);
    assert_eq!(facts["pwned"], Value::Null, "hostile text ran as script");
    assert_eq!(facts["scripts"], 1);
    let shown = facts["docs"].as_array().unwrap();
    assert_eq!(shown.len(), docs.len());
    let scanned = scan(&[path], &[]);
    for (id, text) in &docs {
        let doc =
            shown.iter().find(|d| d["id"] == id.as_str()).unwrap_or_else(|| panic!("{id:?} is not shown as text"));
        assert_eq!(doc["text"], text.as_str(), "the text shown is not the text");
        let report = scanned.iter().find(|r| r["id"] == id.as_str()).unwrap();
        assert_eq!(doc["marks"], report["hits"].as_array().unwrap().len());
    }
    // A right-to-left mark in a source's name does not reorder what follows it.
    let bidi = facts["bidi"].as_array().unwrap();
    assert_eq!(bidi.len(), docs.len());
    for b in bidi {
        assert!(b["open"].as_f64().unwrap() < b["close"].as_f64().unwrap(), "reordered: {b}");
    }
}
