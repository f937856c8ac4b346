//! The restore step: documents written back with their likely originals put back.
//!
//! A plain-text document is written back as its text, restored. A JSONL record is written back
//! as its line with the value of the text field replaced by the restored text, every other byte
//! as it was; a record that is not rewritten, and a line that is not a usable record (reported
//! as an error all the same), are copied byte for byte, so that no line is lost. Blank lines are
//! left out. Whether a document is rewritten is the detector's call ([`despin::Rewrite`]): by
//! default only one that scores as spun.
//!
//! Output goes to one writer (standard output), or to files under a folder that mirror the
//! inputs' names and compression ([`Mirror`]), each written whole or not at all
//! ([`Output`]). With `diff`, what changed in each document is written instead of its text.

use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use despin::{Detector, Rewrite};

use crate::input::record::Pairs;
use crate::input::Place;
use crate::output::files::Output;
use crate::output::mirror::Mirror;
use crate::run::{Driver, Flow, Outcome, Tally, WARNINGS_SHOWN};

/// Where restored documents go.
pub enum Destination<'w> {
    /// One writer, every document in turn (standard output).
    Writer(&'w mut dyn Write),
    /// A file under the folder for each input file.
    Folder(Mirror),
}

/// How to restore.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Which documents are rewritten.
    pub when: Rewrite,
    /// Write what changed (with each hit's suggestions) instead of the text.
    pub diff: bool,
}

/// What a restore run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Documents read (plain texts and records).
    pub documents: u64,
    /// Of which rewritten.
    pub rewritten: u64,
    /// Left unchanged although they had hits, since they do not score as spun.
    pub held: u64,
    /// Files written under the folder.
    pub files: u64,
    pub tally: Tally,
}

/// Checks, before anything is read, that no restored file would replace an input: the folder is
/// not an input folder nor inside one, and no input file is its own target.
pub fn check_folder(mirror: &Mirror, inputs: &[PathBuf]) -> Result<(), String> {
    let abs = |p: &Path| std::fs::canonicalize(p).or_else(|_| std::path::absolute(p)).unwrap_or(p.to_path_buf());
    let out = abs(mirror.dir());
    for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
        let path = abs(input);
        if input.is_dir() && out.starts_with(&path) {
            return Err(format!(
                "--out {} is inside the input folder {}: restored files would replace or join the inputs",
                mirror.dir().display(),
                input.display()
            ));
        }
        if input.is_file() && abs(&mirror.target(&input.display().to_string(), "")) == path {
            return Err(format!(
                "--out {}: the restored {} would replace itself",
                mirror.dir().display(),
                input.display()
            ));
        }
    }
    Ok(())
}

/// What the workers make of one document: the bytes to write (None: the line as read), and
/// whether a record that was to be rewritten could not be (its line is not valid UTF-8).
struct Restoring {
    bytes: Option<Vec<u8>>,
    rewritten: bool,
    not_utf8: bool,
}

/// Restores every document under `paths` with `driver`, whose options must keep the lines as
/// read ([`Driver::keep_raw`]), and writes them to `destination`. Returns the counts, or the
/// first error writing (the files not complete are removed).
pub fn run(
    driver: &Driver<'_>,
    paths: Vec<PathBuf>,
    settings: Settings,
    mut destination: Destination<'_>,
) -> io::Result<Counts> {
    let detector: &Detector = driver.detector;
    let text_key = driver.options.text_key.clone();
    let mut counts = Counts::default();
    let mut current: Option<(Arc<str>, Output)> = None;
    let mut unchanged_notes = 0u64;
    let work = |record: &crate::input::Record, raw: Option<&[u8]>| {
        let r = detector.restore(&record.doc.id, &record.doc.text, settings.when);
        let mut restoring = Restoring { bytes: None, rewritten: r.rewritten, not_utf8: false };
        if settings.diff {
            let hits: &[despin::Hit] = if r.rewritten { &r.report.hits } else { &[] };
            restoring.bytes = Some(despin::restore::diff(&record.doc.id, &record.doc.text, hits).into_bytes());
        } else {
            match raw {
                None => restoring.bytes = Some(r.text),
                Some(line) if r.rewritten => {
                    let text = String::from_utf8_lossy(&r.text);
                    match replace_value(line, &text_key, &record.doc.text, &text) {
                        Some(edited) => restoring.bytes = Some(edited),
                        None => {
                            restoring.rewritten = false;
                            restoring.not_utf8 = true;
                        }
                    }
                }
                Some(_) => {}
            }
        }
        (r.report, restoring)
    };
    let (tally, result) = driver.run_with(paths, work, |outcome| {
        let (place, bytes, line) = match outcome {
            Outcome::Scanned(s) => {
                counts.documents += 1;
                let restoring = s.extra;
                if restoring.rewritten {
                    counts.rewritten += 1;
                } else if !s.report.hits.is_empty() || restoring.not_utf8 {
                    counts.held += 1;
                    unchanged_notes += 1;
                    if unchanged_notes <= WARNINGS_SHOWN {
                        driver.monitor.message(&unchanged_note(&s.place, &s.report, restoring.not_utf8));
                    }
                    if unchanged_notes == WARNINGS_SHOWN {
                        driver
                            .monitor
                            .message("note: further documents left unchanged are not named (the summary counts them)");
                    }
                }
                let line = s.place.line.is_some();
                let bytes = match restoring.bytes {
                    Some(b) => b,
                    None => s.raw.unwrap_or_default(),
                };
                (s.place, bytes, line && !settings.diff)
            }
            // A line that is not a record is copied as it was (the error is reported).
            Outcome::Rejected { place, raw, .. } if !settings.diff => {
                let raw = raw.unwrap_or_default();
                (place, raw, true)
            }
            Outcome::Rejected { .. } | Outcome::Skipped { .. } | Outcome::Failed(_) => return Ok(Flow::Continue),
        };
        let out: &mut dyn Write = match &mut destination {
            Destination::Writer(w) => &mut **w,
            Destination::Folder(mirror) => {
                if current.as_ref().is_none_or(|(p, _)| *p != place.path) {
                    if let Some((_, file)) = current.take() {
                        file.commit()?;
                    }
                    let target = mirror.target(&place.path, if line { ".jsonl" } else { ".txt" });
                    if let Some(parent) = target.parent() {
                        std::fs::create_dir_all(parent)
                            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", parent.display())))?;
                    }
                    counts.files += 1;
                    current = Some((place.path.clone(), Output::create(&target)?));
                }
                &mut current.as_mut().expect("opened above").1
            }
        };
        out.write_all(&bytes)?;
        if line {
            out.write_all(b"\n")?;
        }
        Ok(Flow::Continue)
    });
    result?;
    if let Some((_, file)) = current.take() {
        file.commit()?;
    }
    if let Destination::Writer(w) = destination {
        w.flush()?;
    }
    counts.tally = tally;
    Ok(counts)
}

/// The note for a document left unchanged although it had hits.
fn unchanged_note(place: &Place, report: &despin::Report, not_utf8: bool) -> String {
    let doc = if place.line.is_some() { format!("{place} (id {:?})", report.id) } else { place.to_string() };
    if not_utf8 {
        return format!("warning: {doc}: left unchanged: the line is not valid UTF-8, and only its text may change");
    }
    let n = report.hits.len();
    format!(
        "note: {doc}: not flagged as spun (score {:.3}), left unchanged; --all rewrites its {n} hit{}",
        report.score,
        if n == 1 { "" } else { "s" }
    )
}

/// The line with the JSON string under `path` (which holds `old`) replaced by `new`, every
/// other byte as it was. None when the line is not valid UTF-8, or the value is not found.
///
/// ```
/// use despin_corpus::restore::replace_value;
///
/// let line = br#"{"id": 1, "doc": {"body": "a 3rd spherical", "n": 2}}"#;
/// let out = replace_value(line, "doc.body", b"a 3rd spherical", "a third round").unwrap();
/// assert_eq!(out, br#"{"id": 1, "doc": {"body": "a third round", "n": 2}}"#);
/// ```
pub fn replace_value(line: &[u8], path: &str, old: &[u8], new: &str) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(line).ok()?;
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let span = span_of(&text[bom..], path).map(|r| r.start + bom..r.end + bom)?;
    // The span must hold the text that was restored, or nothing is changed.
    if serde_json::from_str::<String>(&text[span.clone()]).ok()?.as_bytes() != old {
        return None;
    }
    let mut out = Vec::with_capacity(line.len() + 16);
    out.extend_from_slice(&line[..span.start]);
    serde_json::to_writer(&mut out, new).ok()?;
    out.extend_from_slice(&line[span.end..]);
    Some(out)
}

/// Where the value under `path` is in the JSON object `text`: the key as it is first (the last
/// of equal keys, as the parser takes it), else its dotted parts, one object into the next.
fn span_of(text: &str, path: &str) -> Option<Range<usize>> {
    let pairs: Pairs = serde_json::from_str(text).ok()?;
    let offset = |raw: &serde_json::value::RawValue| raw.get().as_ptr() as usize - text.as_ptr() as usize;
    if let Some((_, v)) = pairs.0.iter().rev().find(|(k, _)| k == path) {
        let start = offset(v);
        return Some(start..start + v.get().len());
    }
    let (head, rest) = path.split_once('.')?;
    let (_, v) = pairs.0.iter().rev().find(|(k, _)| k == head)?;
    let start = offset(v);
    span_of(v.get(), rest).map(|r| r.start + start..r.end + start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_value_changes() {
        let line = "\u{feff}{\"text\" : \"caf\\u00e9 3rd\" , \"text2\": \"3rd\", \"meta\": {\"x\": [1, {\"y\": 2}]}}\r";
        let out = replace_value(line.as_bytes(), "text", "café 3rd".as_bytes(), "café \"third\"").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}{\"text\" : \"café \\\"third\\\"\" , \"text2\": \"3rd\", \"meta\": {\"x\": [1, {\"y\": 2}]}}\r"
        );
        // A flat key with a dot wins over the nested path, as the parser reads it.
        let line = br#"{"a.b": "flat", "a": {"b": "nested"}}"#;
        assert_eq!(replace_value(line, "a.b", b"flat", "F").unwrap(), br#"{"a.b": "F", "a": {"b": "nested"}}"#);
        // The last of two equal keys, as the parser takes it.
        let line = br#"{"text": "one", "text": "two"}"#;
        assert_eq!(replace_value(line, "text", b"two", "2").unwrap(), br#"{"text": "one", "text": "2"}"#);
        // Not the text that was read: nothing changes.
        assert_eq!(replace_value(line, "text", b"one", "1"), None);
        assert_eq!(replace_value(b"{\"text\": \"caf\xe9\"}", "text", b"caf", "x"), None);
    }
}
