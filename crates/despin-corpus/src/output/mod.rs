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
pub mod mirror;
mod table;

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

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
    /// The keys of `scan --keep`, whose values each row carries.
    keep: Vec<String>,
    /// The width of the terminal a table is shown on, to fit it; None: no limit.
    width: Option<usize>,
}

impl<W: Write> Printer<W> {
    pub fn new(format: Format, out: W) -> Printer<W> {
        Printer { format, out, count: 0, keep: Vec::new(), width: None }
    }

    /// Rows carry the values of these keys of their record (`scan --keep`): a field `"fields"`
    /// in JSON, a column each in CSV. The table has no room for them.
    pub fn keep(mut self, keys: Vec<String>) -> Printer<W> {
        self.keep = keys;
        self
    }

    /// A table fits this many columns: long ids keep their end, and the top hits are cut.
    pub fn width(mut self, width: Option<usize>) -> Printer<W> {
        self.width = width;
        self
    }

    /// Writes one report.
    pub fn write(&mut self, report: &Report) -> io::Result<()> {
        self.write_row(report, &[])
    }

    /// Writes one report with the values of the kept keys (in the order of [`Printer::keep`];
    /// missing ones are null).
    pub fn write_row(&mut self, report: &Report, kept: &[Value]) -> io::Result<()> {
        match self.format {
            Format::Jsonl => {
                let line = render_jsonl(report, &self.keep, kept);
                self.out.write_all(&line)?;
            }
            Format::Json => {
                self.out.write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
                let line = render_jsonl(report, &self.keep, kept);
                self.out.write_all(&line[..line.len() - 1])?;
            }
            Format::Csv => {
                if self.count == 0 {
                    write!(self.out, "id,score,spun,words,hits,distinct,top_hits")?;
                    for k in &self.keep {
                        write!(self.out, ",{}", csv_field(k))?;
                    }
                    writeln!(self.out)?;
                }
                write!(
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
                for i in 0..self.keep.len() {
                    let cell = match kept.get(i) {
                        None | Some(Value::Null) => String::new(),
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => other.to_string(),
                    };
                    write!(self.out, ",{}", csv_field(&cell))?;
                }
                writeln!(self.out)?;
            }
            Format::Table => {
                let layout = table::Layout::new(self.width);
                if self.count == 0 {
                    writeln!(self.out, "{}", layout.header())?;
                }
                writeln!(self.out, "{}", layout.row(report, &top_hits(report, 3)))?;
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

/// A report as one line of JSONL, with its line end: what [`Format::Jsonl`] prints. With kept
/// keys, their values come last, as `"fields": {"key": value, ...}`.
pub fn render_jsonl(report: &Report, keys: &[String], values: &[Value]) -> Vec<u8> {
    let line = report.to_json_line();
    if keys.is_empty() {
        return line;
    }
    let fields: serde_json::Map<String, Value> =
        keys.iter().enumerate().map(|(i, k)| (k.clone(), values.get(i).cloned().unwrap_or(Value::Null))).collect();
    let mut out = Vec::with_capacity(line.len() + 64);
    match add_field(&line[..line.len() - 1], "fields", &fields, &mut out) {
        Some(()) => {
            out.push(b'\n');
            out
        }
        None => line,
    }
}

/// Adds `"key": value` as the last field of a JSON object written in `raw`, leaving every
/// other byte as it was. Returns None when `raw` does not end in `}`.
///
/// ```
/// use despin_corpus::output::add_field;
///
/// let mut out = Vec::new();
/// add_field(b"{\"a\": 1 }\r", "b", &[2], &mut out).unwrap();
/// assert_eq!(out, b"{\"a\": 1 ,\"b\":[2]}\r");
/// ```
pub fn add_field(raw: &[u8], key: &str, value: &impl Serialize, out: &mut Vec<u8>) -> Option<()> {
    let end = raw.iter().rposition(|b| !b.is_ascii_whitespace())?;
    if raw[end] != b'}' {
        return None;
    }
    let before = raw[..end].iter().rposition(|b| !b.is_ascii_whitespace())?;
    out.extend_from_slice(&raw[..end]);
    if raw[before] != b'{' {
        out.push(b',');
    }
    serde_json::to_writer(&mut *out, key).ok()?;
    out.push(b':');
    serde_json::to_writer(&mut *out, value).ok()?;
    out.extend_from_slice(&raw[end..]);
    Some(())
}

/// The most frequent hits of a report, as `text -> original (count)`, most frequent first.
/// Hits that differ only in case count together, shown as the first was written (its
/// original, too, as given for it).
pub fn top_hits(report: &Report, n: usize) -> String {
    let mut counts: Vec<(String, &str, &str, usize)> = Vec::new();
    for h in &report.hits {
        let key = h.text.to_lowercase();
        match counts.iter_mut().find(|(k, ..)| *k == key) {
            Some(c) => c.3 += 1,
            None => counts.push((key, &h.text, &h.original, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.3));
    counts
        .iter()
        .take(n)
        .map(|(_, t, o, c)| if *c > 1 { format!("{t} -> {o} ({c})") } else { format!("{t} -> {o}") })
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
