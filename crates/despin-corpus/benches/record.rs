//! Micro-benchmark of the JSONL record parser: taking the text and id out of a record of 1 MB.
//!
//!     cargo bench -p despin-corpus --bench record

use despin_corpus::input::record;
use divan::counter::BytesCount;
use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

#[divan::bench]
fn record_parse(bencher: Bencher) {
    let text =
        "The 3rd spherical of talks came about in Would possibly. \"Quotes\" and caf\u{e9} too.\n".repeat(12_000);
    let line = serde_json::json!({"id": "doc-1", "text": text, "metadata": {"url": "https://a.example/x"}}).to_string();
    bencher
        .counter(BytesCount::new(line.len()))
        .bench(|| record::parse(black_box(line.as_bytes()), "text", "id", None).map(|f| f.text.kind()).ok());
}
