//! Micro-benchmarks of the hot path, on 1 MB of generated text: the matcher alone, the whole
//! scanner, inference (the text as one document, and as the documents it is made of), and the
//! JSONL record parser.
//!
//!     cargo bench --bench matcher

#[path = "corpus/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::sync::LazyLock;

use despin::infer::Inferrer;
use despin::input::record;
use despin::scanner::Scanner;
use despin::text::Normalized;
use despin::wordlist::Wordlist;
use divan::counter::BytesCount;
use divan::{black_box, Bencher};

static SCANNER: LazyLock<Scanner> = LazyLock::new(|| Scanner::new(Wordlist::defaults()).expect("defaults compile"));

/// About 1 MB of documents, clean or spun, joined by blank lines.
fn text(spun: bool) -> String {
    let mut listing = String::new();
    for e in SCANNER.matcher().entries() {
        listing += &format!("{}\t{}\t{}\n", e.list, e.spun, e.original);
    }
    let map = generate::SpinMap::from_listing(&listing);
    let mut rng = generate::Rng::new(7);
    let mut out = String::new();
    while out.len() < 1 << 20 {
        let science = rng.chance(0.3);
        out += &generate::document(&mut rng, science, spun, &map);
        out += "\n\n";
    }
    out
}

static CLEAN: LazyLock<String> = LazyLock::new(|| text(false));
static SPUN: LazyLock<String> = LazyLock::new(|| text(true));

fn main() {
    divan::main();
}

#[divan::bench(args = ["clean", "spun"])]
fn matcher_find(bencher: Bencher, kind: &str) {
    let text = if kind == "clean" { &*CLEAN } else { &*SPUN };
    let norm = Normalized::new(text.as_bytes());
    bencher.counter(BytesCount::new(text.len())).bench(|| SCANNER.matcher().find_normalized(black_box(&norm)).len());
}

#[divan::bench(args = ["clean", "spun"])]
fn normalise(bencher: Bencher, kind: &str) {
    let text = if kind == "clean" { &*CLEAN } else { &*SPUN };
    bencher.counter(BytesCount::new(text.len())).bench(|| Normalized::new(black_box(text.as_bytes())).as_bytes().len());
}

#[divan::bench(args = ["clean", "spun"])]
fn scanner_scan(bencher: Bencher, kind: &str) {
    let text = if kind == "clean" { &*CLEAN } else { &*SPUN };
    bencher.counter(BytesCount::new(text.len())).bench(|| SCANNER.scan("doc", black_box(text.as_bytes())).hits.len());
}

/// Inference on the whole text at once.
#[divan::bench(args = ["clean", "spun"])]
fn infer_text(bencher: Bencher, kind: &str) {
    let text = if kind == "clean" { &*CLEAN } else { &*SPUN };
    let inferrer = Inferrer::default_model();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| inferrer.analyse(black_box(text.as_bytes()), false).hits.len());
}

/// Inference document by document (a few kilobytes each), as a scan of many files or JSONL
/// records runs it.
#[divan::bench(args = ["clean", "spun"])]
fn infer_documents(bencher: Bencher, kind: &str) {
    let text = if kind == "clean" { &*CLEAN } else { &*SPUN };
    let docs: Vec<&str> = text.split("\n\n").filter(|d| !d.is_empty()).collect();
    let inferrer = Inferrer::default_model();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| docs.iter().map(|d| inferrer.analyse(black_box(d.as_bytes()), false).hits.len()).sum::<usize>());
}

#[divan::bench]
fn record_parse(bencher: Bencher) {
    let line =
        serde_json::json!({"id": "doc-1", "text": &*CLEAN, "metadata": {"url": "https://a.example/x"}}).to_string();
    bencher
        .counter(BytesCount::new(line.len()))
        .bench(|| record::parse(black_box(line.as_bytes()), "text", "id", None).map(|f| f.text.kind()).ok());
}
