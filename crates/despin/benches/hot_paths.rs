//! Micro-benchmarks of the library's hot paths, on 1 MB of generated text: the normaliser, the
//! matcher alone, the whole detector (lists only), inference (the text as one document, and as
//! the documents it is made of), and locating hits (line and column) on one long line.
//!
//!     cargo bench -p despin --bench hot_paths

#[path = "../../despin-cli/benches/corpus/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::sync::LazyLock;

use despin::infer::Inferrer;
use despin::text::lines::LineCounter;
use despin::text::Normalized;
use despin::{Config, Detector};
use divan::counter::BytesCount;
use divan::{black_box, Bencher};

static SCANNER: LazyLock<Detector> =
    LazyLock::new(|| Detector::new(Config::default().lists_only()).expect("defaults compile"));

/// About 1 MB of documents, clean or spun, joined by blank lines.
fn text(spun: bool) -> String {
    let mut listing = String::new();
    for list in despin::Wordlist::defaults() {
        listing += &format!("## {}\n", list.name);
        for e in &list.entries {
            listing += &(e.to_tsv() + "\n");
        }
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
fn detector_score(bencher: Bencher, kind: &str) {
    let text = if kind == "clean" { &*CLEAN } else { &*SPUN };
    bencher.counter(BytesCount::new(text.len())).bench(|| SCANNER.score("doc", black_box(text.as_bytes())).hits.len());
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

/// Line and column of a hit every 30 bytes of one 1 MB line: each is counted from the last,
/// so the cost is one pass over the text, however many hits share the line.
#[divan::bench]
fn locate_on_one_long_line(bencher: Bencher) {
    let text = "ab ".repeat(1 << 18);
    bencher.counter(BytesCount::new(text.len())).bench(|| {
        let mut lines = LineCounter::new(black_box(text.as_bytes()));
        (0..text.len()).step_by(30).map(|i| lines.locate(i).1).sum::<usize>()
    });
}
