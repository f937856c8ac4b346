//! The seeds corpus: JSONL records cut from the five seed articles of `shared/seeds`, written
//! as ASCII JSON (every non-ASCII character escaped as `\uXXXX`), as many crawls store text.
//!
//! The seed texts are not part of the repository; they are read at bench time from the folder
//! given (`../shared/seeds` beside the repository by default, `$DESPIN_SEEDS` to override).
//!
//! Record shape: each record takes one seed article, drawn uniformly (so one record in five
//! comes from the spun article, 002, as one in five of the generated corpus is spun), and a run
//! of consecutive paragraphs of it (lines that are not blank), from one paragraph to the whole
//! article, joined by blank lines. Consecutive paragraphs keep each document a piece of real
//! prose, so hit density, context rules and word counts behave as on real articles; the random
//! cut gives records of many lengths (40 bytes to 7 kB of text), so that no two neighbouring
//! records are the same bytes and per-document costs weigh as they do on a crawl of short pages.
//! The same seed texts, seed and size always give the same bytes.

use std::io::{self, Write};
use std::path::Path;

use crate::generate::Rng;

/// The paragraphs of each seed article, in file-name order.
pub fn read_seeds(dir: &Path) -> io::Result<Vec<(String, Vec<String>)>> {
    let mut names: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    let mut seeds = Vec::new();
    for path in names {
        let text = std::fs::read_to_string(&path)?;
        let paragraphs: Vec<String> =
            text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
        if !paragraphs.is_empty() {
            let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            seeds.push((name, paragraphs));
        }
    }
    if seeds.is_empty() {
        return Err(io::Error::new(io::ErrorKind::NotFound, format!("no seed texts (*.txt) in {}", dir.display())));
    }
    Ok(seeds)
}

/// Appends `s` as a JSON string in ASCII: `"`, `\` and control characters escaped as JSON
/// requires, every non-ASCII character as `\uXXXX` (a surrogate pair above U+FFFF), hex digits
/// in lower case, as Python's `json.dumps` writes them.
pub fn push_ascii_json_string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let unit = |out: &mut Vec<u8>, u: u16| {
        out.extend_from_slice(b"\\u");
        for shift in [12, 8, 4, 0] {
            out.push(HEX[usize::from((u >> shift) & 0xF)]);
        }
    };
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => unit(out, c as u16),
            c if c.is_ascii() => out.push(c as u8),
            c => {
                let mut buf = [0u16; 2];
                for &u in c.encode_utf16(&mut buf).iter() {
                    unit(out, u);
                }
            }
        }
    }
    out.push(b'"');
}

/// Writes records until `bytes` bytes are written; returns (records, records from the spun
/// seed, 002).
pub fn write_corpus(
    out: &mut impl Write,
    seeds: &[(String, Vec<String>)],
    seed: u64,
    bytes: u64,
) -> io::Result<(u64, u64)> {
    let mut rng = Rng::new(seed);
    let (mut written, mut docs, mut spun) = (0u64, 0u64, 0u64);
    let mut line = Vec::with_capacity(16 * 1024);
    while written < bytes {
        let (name, paragraphs) = &seeds[rng.below(seeds.len())];
        let len = 1 + rng.below(paragraphs.len());
        let start = rng.below(paragraphs.len() - len + 1);
        let text = paragraphs[start..start + len].join("\n\n");
        line.clear();
        line.extend_from_slice(format!("{{\"id\": \"seeds-{docs:08}\", \"text\": ").as_bytes());
        push_ascii_json_string(&mut line, &text);
        line.extend_from_slice(
            format!(
                ", \"source\": \"despin-seeds\", \"metadata\": {{\"seed\": \"{name}\", \"paragraphs\": [{start}, {}], \"lang\": \"en\"}}}}\n",
                start + len
            )
            .as_bytes(),
        );
        out.write_all(&line)?;
        written += line.len() as u64;
        docs += 1;
        spun += u64::from(name.starts_with("002_"));
    }
    Ok((docs, spun))
}
