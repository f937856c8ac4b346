//! `despin filter`: splits JSONL into kept and flagged outputs, nothing lost.
//!
//! Every input line ends in exactly one output: a record scored below the threshold in
//! `--kept`, one at or above it in `--flagged`, and a line that is not a usable record (not
//! JSON, no text, blank) in `--rejected`, as a JSON object with its place and the reason. Kept
//! and flagged lines are copied byte for byte (with `--annotate`, the score and hits are added
//! as a last field, `"despin"`, and with `--restore` each flagged record gets its text with the
//! likely originals put back as a last field, `"despin_restored"`; the rest of the line is
//! still as it was). Outputs are written
//! under temporary names and renamed when complete, so an interrupted or failed run leaves no
//! half file under a final name.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;

use super::scan::{attribute_writer, show_progress};
use super::{is_broken_pipe, set_threads, InputOpts, RunOpts, WordlistOpts, EXIT_ERROR, EXIT_OK};
use crate::output::attributes::DocAttributes;
use crate::output::files::{remove_temporaries_on_signal, Output};
use crate::run::{Driver, Flow, Outcome};
use crate::scanner::Report;

#[derive(Args, Debug)]
pub struct FilterArgs {
    /// JSONL files (also .jsonl.gz, .jsonl.zst), folders of them, or `-` for standard input.
    /// Every input is read as JSONL.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Where the records not flagged go (`-`: standard output). Written compressed when the
    /// name ends in .gz or .zst.
    #[arg(long, value_name = "PATH")]
    kept: PathBuf,
    /// Where the records flagged as spun go (`-`: standard output).
    #[arg(long, value_name = "PATH")]
    flagged: PathBuf,
    /// Where the lines that are not usable records go, one JSON object each:
    /// {"path", "line", "reason", "raw"}. Without it they are only reported on stderr.
    #[arg(long, value_name = "PATH")]
    rejected: Option<PathBuf>,
    /// Add the report (score, spun, words, hits) to each kept and flagged record as a field
    /// "despin", instead of copying the line unchanged.
    #[arg(long)]
    annotate: bool,
    /// Add to each flagged record its text with every spun phrase replaced by its likely
    /// original, as a field "despin_restored" (the record's own text is left as it was). From
    /// the lists alone, unlike `despin restore`, unless --infer is given.
    #[arg(long)]
    restore: bool,
    /// Also write dolma-style attribute files under DIR, one for each input file.
    #[arg(long, value_name = "DIR")]
    attributes: Option<PathBuf>,
    #[command(flatten)]
    run: RunOpts,
    #[command(flatten)]
    wordlists: WordlistOpts,
    #[command(flatten)]
    input: InputOpts,
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

/// Adds `"key": value` as the last field of a JSON object written in `raw`, leaving every
/// other byte as it was. Returns None when `raw` does not end in `}`.
fn add_field(raw: &[u8], key: &str, value: &impl Serialize, out: &mut Vec<u8>) -> Option<()> {
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

fn same_file(a: &Path, b: &Path) -> bool {
    if a.as_os_str() == "-" || b.as_os_str() == "-" {
        return a == b;
    }
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    abs(a) == abs(b)
}

pub fn filter(args: FilterArgs) -> i32 {
    set_threads(args.run.threads);
    let fail = |message: String| {
        eprintln!("despin: {message}");
        EXIT_ERROR
    };
    let mut targets: Vec<(&str, &Path)> = vec![("--kept", &args.kept), ("--flagged", &args.flagged)];
    if let Some(r) = &args.rejected {
        targets.push(("--rejected", r));
    }
    for (i, (a, pa)) in targets.iter().enumerate() {
        for (b, pb) in &targets[i + 1..] {
            if same_file(pa, pb) {
                return fail(format!("{a} and {b} name the same output {}", pa.display()));
            }
        }
        if args.paths.iter().any(|p| same_file(p, pa)) {
            return fail(format!("{a} {} is also an input", pa.display()));
        }
    }
    let scanner = match args.wordlists.scanner(args.run.threshold) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    remove_temporaries_on_signal();
    let mut attributes = match attribute_writer(args.attributes.as_ref(), &args.paths, &scanner, &args.wordlists) {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let open = |p: &Path| Output::create(p).map_err(|e| format!("cannot write {}: {e}", p.display()));
    let (mut kept, mut flagged) = match (open(&args.kept), open(&args.flagged)) {
        (Ok(k), Ok(f)) => (k, f),
        (Err(e), _) | (_, Err(e)) => return fail(e),
    };
    let mut rejected = match args.rejected.as_deref().map(open).transpose() {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let mut options = args.input.options();
    options.jsonl = true;
    options.blank_lines = true;
    let driver = Driver {
        scanner: &scanner,
        options: &options,
        keep_raw: true,
        quiet: args.run.quiet,
        progress: show_progress(args.run.quiet),
    };
    let with_attributes = attributes.is_some();
    let restore = args.restore;
    let (mut n_kept, mut n_flagged, mut n_rejected) = (0u64, 0u64, 0u64);
    let mut buf = Vec::new();
    let (tally, result) = driver.run(
        args.paths.clone(),
        |record, report| {
            let attributes = with_attributes.then(|| DocAttributes::new(&record.doc.text, report));
            // (Only a flagged record is restored, as `despin restore` rewrites only a document
            // that scores as spun.)
            let restored = (restore && report.spun)
                .then(|| String::from_utf8_lossy(&crate::restore::restore(&record.doc.text, report)).into_owned());
            (attributes, restored)
        },
        |outcome| {
            match outcome {
                Outcome::Scanned(s) => {
                    let raw = s.raw.as_deref().unwrap_or_default();
                    let out = if s.report.spun {
                        n_flagged += 1;
                        &mut flagged
                    } else {
                        n_kept += 1;
                        &mut kept
                    };
                    buf.clear();
                    output_line(raw, args.annotate.then_some(&s.report), s.extra.1.as_deref(), &mut buf);
                    buf.push(b'\n');
                    out.write_all(&buf)?;
                    if let Some(a) = &mut attributes {
                        a.row(&s.place, Some(&s.report.id), s.extra.0.as_ref())?;
                    }
                }
                Outcome::Rejected { place, raw, message } => {
                    n_rejected += 1;
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
    if let Err(e) = result {
        // The outputs are dropped unfinished: their temporary files go, no final name appears.
        if is_broken_pipe(&e) {
            return EXIT_OK;
        }
        return fail(format!("cannot write output: {e}"));
    }
    let mut commits = vec![kept.commit(), flagged.commit()];
    if let Some(r) = rejected {
        commits.push(r.commit());
    }
    if let Some(a) = attributes {
        commits.push(a.finish());
    }
    for c in commits {
        if let Err(e) = c {
            if !is_broken_pipe(&e) {
                return fail(format!("cannot write output: {e}"));
            }
        }
    }
    let read = n_kept + n_flagged + n_rejected;
    if !args.run.quiet {
        let mut line =
            format!("despin: read {read} lines = kept {n_kept} + flagged {n_flagged} + rejected {n_rejected}");
        if args.rejected.is_none() && n_rejected > 0 {
            line += " (rejected lines not written: no --rejected)";
        }
        if tally.failed > 0 {
            line += &format!("; {} input(s) could not be read", tally.failed);
        }
        if tally.warnings > 0 {
            line += &format!("; {} warning(s)", tally.warnings);
        }
        eprintln!("{line}");
    }
    if tally.errors() > 0 {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scanner::Scanner;
    use crate::wordlist::Wordlist;

    #[test]
    fn fields_are_added_last_and_the_rest_is_kept() {
        let scanner = Scanner::new(Wordlist::defaults()).unwrap();
        let report = scanner.scan("x", b"a 3rd spherical");
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
