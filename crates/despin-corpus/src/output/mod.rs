//! Output: reports as a table, JSON, JSONL or CSV, and the `explain` listing.
//!
//! Printers write in the order they are given reports, one at a time, so that output streams.
//!
//! ```
//! use despin::{Config, Detector};
//! use despin_corpus::output::{Format, Printer};
//!
//! let detector = Detector::new(Config::default()).unwrap();
//! let report = detector.score("a.txt", b"The 3rd spherical of talks came about in Would possibly.");
//! let mut out = Vec::new();
//! let mut printer = Printer::new(Format::Jsonl, &mut out);
//! printer.write(&report).unwrap();
//! printer.finish().unwrap();
//! let line: serde_json::Value = serde_json::from_slice(&out).unwrap();
//! assert_eq!(line["id"], "a.txt");
//! assert_eq!(line["hits"][0]["text"], "3rd spherical");
//! ```

pub mod attributes;
mod explain;
pub mod files;

use std::io::{self, Write};

use despin::Report;

pub use explain::{explain, Colors};

/// The output formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// One JSON array of reports.
    Json,
    /// One report a line (the per-document JSON of DESIGN.md).
    Jsonl,
    /// Comma-separated values with a header.
    Csv,
}

/// Writes reports in one format.
pub struct Printer<W: Write> {
    format: Format,
    out: W,
    count: usize,
}

impl<W: Write> Printer<W> {
    pub fn new(format: Format, out: W) -> Printer<W> {
        Printer { format, out, count: 0 }
    }

    /// Writes one report.
    pub fn write(&mut self, report: &Report) -> io::Result<()> {
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, report)?;
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                self.out.write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
                serde_json::to_writer(&mut self.out, report)?;
            }
            Format::Csv => {
                if self.count == 0 {
                    writeln!(self.out, "id,score,spun,words,hits,distinct,top_hits")?;
                }
                writeln!(
                    self.out,
                    "{},{:.4},{},{},{},{},{}",
                    csv_field(&report.id),
                    report.score,
                    report.spun,
                    report.words,
                    report.hits.len(),
                    report.features.distinct,
                    csv_field(&top_hits(report, 5))
                )?;
            }
            Format::Table => {
                if self.count == 0 {
                    writeln!(
                        self.out,
                        "{:>6}  {:<4}  {:>6}  {:>5}  {:<40}  top hits",
                        "score", "spun", "words", "hits", "document"
                    )?;
                }
                writeln!(
                    self.out,
                    "{:>6.3}  {:<4}  {:>6}  {:>5}  {:<40}  {}",
                    report.score,
                    if report.spun { "yes" } else { "no" },
                    report.words,
                    report.hits.len(),
                    report.id,
                    top_hits(report, 3)
                )?;
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Writes a report that [`render_jsonl`] rendered already (on a worker thread, so that
    /// the thread that writes in order does not serialise). Only for [`Format::Jsonl`].
    pub fn write_rendered(&mut self, line: &[u8]) -> io::Result<()> {
        debug_assert_eq!(self.format, Format::Jsonl);
        self.out.write_all(line)?;
        self.count += 1;
        Ok(())
    }

    /// Closes the output (the JSON array) and flushes it.
    pub fn finish(&mut self) -> io::Result<()> {
        if self.format == Format::Json {
            self.out.write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

/// A report as one line of JSONL, with its line end: what [`Format::Jsonl`] prints.
pub fn render_jsonl(report: &Report) -> Vec<u8> {
    report.to_json_line()
}

/// The most frequent hits of a report, as `text -> original (count)`, most frequent first.
pub fn top_hits(report: &Report, n: usize) -> String {
    let mut counts: Vec<(String, String, usize)> = Vec::new();
    for h in &report.hits {
        let key = h.text.to_lowercase();
        match counts.iter_mut().find(|(t, _, _)| *t == key) {
            Some(c) => c.2 += 1,
            None => counts.push((key, h.original.clone(), 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.2));
    counts
        .iter()
        .take(n)
        .map(|(t, o, c)| if *c > 1 { format!("{t} -> {o} ({c})") } else { format!("{t} -> {o}") })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
