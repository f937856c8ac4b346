//! The filter step: JSONL split into kept and flagged records, nothing lost.
//!
//! Every input line ends in exactly one output: a record scored below the threshold in the
//! kept output, one at or above it in the flagged output, and a line that is not a usable
//! record (not JSON, no text, blank) in the rejected output, as a JSON object with its place and
//! the reason. Kept and flagged lines are copied byte for byte; with `annotate`, the report is
//! added as a last field `"despin"`, and with `restore` each flagged record gets its text with
//! the likely originals put back as a last field `"despin_restored"` (the rest of the line is
//! still as it was). Outputs appear whole or not at all ([`crate::output::files`]).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use despin::Report;

use crate::output::add_field;
use crate::output::attributes::{AttributeWriter, DocAttributes};
use crate::output::files::Output;
use crate::run::{Driver, Flow, Outcome, Tally};

/// Where the records go.
#[derive(Debug, Clone)]
pub struct Targets {
    pub kept: PathBuf,
    pub flagged: PathBuf,
    /// Without it, rejected lines are only reported.
    pub rejected: Option<PathBuf>,
}

/// What is added to the records written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Additions {
    /// The report, as a field `"despin"`.
    pub annotate: bool,
    /// The restored text of flagged records, as a field `"despin_restored"`.
    pub restore: bool,
}

/// How many lines went where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub kept: u64,
    pub flagged: u64,
    pub rejected: u64,
    pub tally: Tally,
}

impl Counts {
    /// Lines read: every one ends in one output.
    pub fn read(&self) -> u64 {
        self.kept + self.flagged + self.rejected
    }
}

impl Targets {
    /// Checks that no two outputs name the same file and that no output is an input. A
    /// character device (`/dev/null`) may take several outputs: nothing of it is replaced, and
    /// what is written into it is not read back.
    pub fn check(&self, inputs: &[PathBuf]) -> Result<(), String> {
        let mut targets: Vec<(&str, &Path)> = vec![("--kept", &self.kept), ("--flagged", &self.flagged)];
        if let Some(r) = &self.rejected {
            targets.push(("--rejected", r));
        }
        for (i, (a, pa)) in targets.iter().enumerate() {
            for (b, pb) in &targets[i + 1..] {
                if same_file(pa, pb) && !is_char_device(pa) {
                    return Err(format!("{a} and {b} name the same output {}", pa.display()));
                }
            }
            if inputs.iter().any(|p| p.as_os_str() != "-" && pa.as_os_str() != "-" && same_file(p, pa)) {
                return Err(format!("{a} {} is also an input", pa.display()));
            }
        }
        Ok(())
    }
}

/// Why a filter run stopped.
#[derive(Debug)]
pub enum FilterError {
    /// An output could not be opened (nothing was read).
    Open(String),
    /// Writing failed; outputs were left unfinished (no final name appears for files).
    Write(io::Error),
}

/// Runs the filter over `paths` with `driver` (whose options must read JSONL, blank lines
/// included, keeping the raw lines). On success every output is complete.
pub fn run(
    driver: &Driver<'_>,
    paths: Vec<PathBuf>,
    targets: &Targets,
    additions: Additions,
    mut attributes: Option<AttributeWriter>,
) -> Result<Counts, FilterError> {
    let open =
        |p: &Path| Output::create(p).map_err(|e| FilterError::Open(format!("cannot write {}: {e}", p.display())));
    let mut kept = open(&targets.kept)?;
    let mut flagged = open(&targets.flagged)?;
    let mut rejected = targets.rejected.as_deref().map(open).transpose()?;
    let with_attributes = attributes.is_some();
    let mut counts = Counts::default();
    let mut buf = Vec::new();
    let (tally, result) = driver.run(
        paths,
        |record, report| {
            let attributes = with_attributes.then(|| DocAttributes::new(&record.doc.text, report));
            // (Only a flagged record is restored, as `despin restore` rewrites only a document
            // that scores as spun.)
            let restored = (additions.restore && report.spun).then(|| {
                String::from_utf8_lossy(&despin::restore::restore(&record.doc.text, &report.hits)).into_owned()
            });
            (attributes, restored)
        },
        |outcome| {
            match outcome {
                Outcome::Scanned(s) => {
                    let raw = s.raw.as_deref().unwrap_or_default();
                    let out = if s.report.spun {
                        counts.flagged += 1;
                        &mut flagged
                    } else {
                        counts.kept += 1;
                        &mut kept
                    };
                    buf.clear();
                    output_line(raw, additions.annotate.then_some(&s.report), s.extra.1.as_deref(), &mut buf);
                    buf.push(b'\n');
                    out.write_all(&buf)?;
                    if let Some(a) = &mut attributes {
                        a.row(&s.place, Some(&s.report.id), s.extra.0.as_ref())?;
                    }
                }
                Outcome::Rejected { place, raw, message, .. } => {
                    counts.rejected += 1;
                    if let Some(out) = &mut rejected {
                        let raw = raw.unwrap_or_default();
                        let text = String::from_utf8_lossy(&raw);
                        let line = RejectedLine {
                            path: &place.path,
                            line: place.line,
                            reason: &message,
                            raw: &text,
                            lossy: matches!(text, std::borrow::Cow::Owned(_)),
                        };
                        buf.clear();
                        serde_json::to_writer(&mut buf, &line)?;
                        buf.push(b'\n');
                        out.write_all(&buf)?;
                    }
                    if let Some(a) = &mut attributes {
                        a.row(&place, None, None)?;
                    }
                }
                Outcome::Skipped { .. } | Outcome::Failed(_) => {}
            }
            Ok(Flow::Continue)
        },
    );
    // On an error the outputs are dropped unfinished: their temporary files go.
    result.map_err(FilterError::Write)?;
    kept.commit().map_err(FilterError::Write)?;
    flagged.commit().map_err(FilterError::Write)?;
    if let Some(r) = rejected {
        r.commit().map_err(FilterError::Write)?;
    }
    if let Some(a) = attributes {
        a.finish().map_err(FilterError::Write)?;
    }
    counts.tally = tally;
    Ok(counts)
}

/// A line of the rejected output.
#[derive(Serialize)]
struct RejectedLine<'a> {
    path: &'a str,
    line: Option<u64>,
    reason: &'a str,
    /// The line as read (decoded lossily when it is not UTF-8, which `lossy` then says).
    raw: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    lossy: bool,
}

/// Writes the line for a scanned record to `out`: `raw` as read, with the report added
/// (`report`) and then the restored text (`restored`), each as a last field. (A record is a
/// JSON object, so a field can always be added; were one not, `raw` would go out unchanged.)
fn output_line(raw: &[u8], report: Option<&Report>, restored: Option<&str>, out: &mut Vec<u8>) {
    // (No copy of the line when nothing is added, the common case.)
    let mut line = std::borrow::Cow::Borrowed(raw);
    if let Some(r) = report {
        let mut next = Vec::new();
        if add_field(&line, "despin", r, &mut next).is_some() {
            line = next.into();
        }
    }
    if let Some(t) = restored {
        let mut next = Vec::new();
        if add_field(&line, "despin_restored", &t, &mut next).is_some() {
            line = next.into();
        }
    }
    out.extend_from_slice(&line);
}

/// Whether two paths name the same output: both `-`, the same file (device and inode, through
/// links), or, for names that do not exist yet, the same absolute path.
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    if a.as_os_str() == "-" || b.as_os_str() == "-" {
        return a == b;
    }
    if let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) {
        return (ma.dev(), ma.ino()) == (mb.dev(), mb.ino());
    }
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    abs(a) == abs(b)
}

fn is_char_device(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(p).is_ok_and(|m| m.file_type().is_char_device())
}

#[cfg(test)]
mod tests {
    use super::*;
    use despin::{Config, Detector};

    #[test]
    fn fields_are_added_last_and_the_rest_is_kept() {
        let detector = Detector::new(Config::default()).unwrap();
        let report = detector.score("x", b"a 3rd spherical");
        let mut out = Vec::new();
        output_line(
            b"{\"id\":\"x\", \"text\":\"a 3rd spherical\"}\r",
            Some(&report),
            Some("a \"third\" round"),
            &mut out,
        );
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("{\"id\":\"x\", \"text\":\"a 3rd spherical\",\"despin\":{\"id\":\"x\""), "{s}");
        assert!(s.ends_with("},\"despin_restored\":\"a \\\"third\\\" round\"}\r"), "{s}");
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["despin"]["hits"][0]["text"], "3rd spherical");
        assert_eq!(v["despin_restored"], "a \"third\" round");
        // An empty object; and what is not an object passes unchanged.
        let mut out = Vec::new();
        output_line(b"{ }", None, Some("t"), &mut out);
        assert_eq!(out, b"{ \"despin_restored\":\"t\"}");
        let mut out = Vec::new();
        output_line(b"[1]", Some(&report), Some("t"), &mut out);
        assert_eq!(out, b"[1]");
    }
}
