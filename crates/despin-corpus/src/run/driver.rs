//! The common loop of `scan`, `filter` and `sources`: read, score in parallel, report every
//! outcome in input order. Errors, warnings and notes go to a [`Monitor`] (stderr, or a
//! progress display that keeps them clear of its bar), capped per kind.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use despin::{Detector, Report};

use super::{ordered_parallel, Flow};
use crate::input::{self, InputError, InputOptions, Inputs, Item, Place, Record};

/// Where a run's messages and progress go.
pub trait Monitor: Sync {
    /// A line for the user (an error, a warning, a note), without the `despin: ` prefix.
    fn message(&self, line: &str);
    /// How far the run is: bytes read so far, documents scored.
    fn progress(&self, _bytes: u64, _documents: u64) {}
}

/// Messages on standard error, `despin: ` first; no progress display.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stderr;

impl Monitor for Stderr {
    fn message(&self, line: &str) {
        eprintln!("despin: {line}");
    }
}

/// What became of one item of the input, handed to the sink of [`Driver::run`] in input order.
#[derive(Debug)]
pub enum Outcome<E> {
    /// A document, scanned.
    Scanned(Box<Scanned<E>>),
    /// A JSONL line that is not a usable record (not JSON, no text), with the reason (and more
    /// about it, such as the keys the record has instead).
    Rejected { place: Place, raw: Option<Vec<u8>>, message: String, detail: Option<String> },
    /// A file skipped on purpose (binary), with the reason.
    Skipped { place: Place, reason: String },
    /// Something that could not be read at all (a missing file, a read error).
    Failed(InputError),
}

/// A scanned document and what came with it.
#[derive(Debug)]
pub struct Scanned<E> {
    pub place: Place,
    /// The line as read, when the driver was asked to keep it.
    pub raw: Option<Vec<u8>>,
    pub report: Report,
    /// Whether the id came from the record rather than its place.
    pub has_id: bool,
    /// The value of the extra key asked for in the input options.
    pub extra_key: Option<String>,
    /// What the driver's `extra` function made of the document.
    pub extra: E,
    /// A warning about the record (invalid UTF-8), which the driver has printed.
    pub warning: Option<String>,
}

/// Counts of what a run saw.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Documents scanned.
    pub documents: u64,
    /// Of which flagged as spun.
    pub flagged: u64,
    /// JSONL lines that were not usable records.
    pub rejected: u64,
    /// Paths or files that could not be read.
    pub failed: u64,
    /// Files skipped on purpose (binary).
    pub skipped: u64,
    /// Warnings (invalid UTF-8, duplicate ids).
    pub warnings: u64,
}

impl Tally {
    /// Errors: rejected lines and unreadable inputs.
    pub fn errors(&self) -> u64 {
        self.rejected + self.failed
    }
}

/// How many ids the duplicate check remembers; past this it stops, so that memory stays flat
/// (about 20 bytes an id, 32 MB at most).
pub const DUPLICATE_CHECK_LIMIT: usize = 1 << 20;

/// How many warnings (and errors) of one kind are printed; the rest are only counted.
pub const WARNINGS_SHOWN: u64 = 20;

/// Reads, scans and reports a stream of inputs: the common loop of `scan`, `filter` and
/// `sources`. It prints errors, warnings and notes on stderr in input order (warnings of one
/// kind at most [`WARNINGS_SHOWN`] times), checks ids for duplicates, shows a progress bar when
/// asked, and hands every outcome to the sink.
pub struct Driver<'a> {
    pub detector: &'a Detector,
    pub options: &'a InputOptions,
    /// Keep each JSONL line as read in the outcome (for `filter`).
    pub keep_raw: bool,
    /// Print no notes about skipped files.
    pub quiet: bool,
    /// Where messages and progress go.
    pub monitor: &'a dyn Monitor,
}

impl Driver<'_> {
    /// Runs over `paths`. `extra` runs on the worker threads for each scanned document, with
    /// the record and its report; the sink gets the outcomes in input order. Returns the tally,
    /// and the first error of the sink, after which reading stopped.
    pub fn run<E: Send>(
        &self,
        paths: Vec<PathBuf>,
        extra: impl Fn(&Record, &Report) -> E + Sync + Send,
        sink: impl FnMut(Outcome<E>) -> io::Result<Flow>,
    ) -> (Tally, io::Result<()>) {
        let detector = self.detector;
        let work = |record: &Record, _: Option<&[u8]>| {
            let report = detector.score(&record.doc.id, &record.doc.text);
            let e = extra(record, &report);
            (report, e)
        };
        self.run_with(paths, work, sink)
    }

    /// [`Driver::run`] with the scoring itself given: `work` runs on the worker threads for
    /// each record (with its line as read, for JSONL) and returns the report and whatever else
    /// it made (`restore` scores and rewrites in one call).
    pub fn run_with<E: Send>(
        &self,
        paths: Vec<PathBuf>,
        work: impl Fn(&Record, Option<&[u8]>) -> (Report, E) + Sync + Send,
        mut sink: impl FnMut(Outcome<E>) -> io::Result<Flow>,
    ) -> (Tally, io::Result<()>) {
        let inputs = Inputs::new(paths, self.options.clone());
        let read = inputs.bytes_read();
        let mut tally = Tally::default();
        let mut notes = Notes { monitor: self.monitor, utf8: 0, duplicates: 0, errors: HashMap::new(), no_id: false };
        let mut ids = IdCheck::default();
        let keep_raw = self.keep_raw;
        let result = ordered_parallel(
            inputs,
            Item::size,
            |item| match item {
                Item::Warning { place, message } => Step::Warn(place, message),
                Item::Skipped { place, reason } => Step::Out(Outcome::Skipped { place, reason }),
                Item::Error(e) => Step::Out(Outcome::Failed(e)),
                Item::Text(doc) => {
                    let place = Place { path: Arc::from(doc.id.as_str()), line: None };
                    Step::Out(match Item::Text(doc).into_record(self.options) {
                        Ok(record) => scanned(place, None, record, &work),
                        Err(e) => Outcome::Failed(e),
                    })
                }
                Item::JsonLine { place, bytes } => Step::Out(match input::parse_line(&place, &bytes, self.options) {
                    Ok(record) => {
                        let (report, e) = work(&record, Some(&bytes));
                        let raw = keep_raw.then_some(bytes);
                        Outcome::Scanned(Box::new(Scanned::new(place, raw, report, record, e)))
                    }
                    Err(e) => Outcome::Rejected {
                        place,
                        raw: keep_raw.then_some(bytes),
                        message: e.message,
                        detail: e.detail,
                    },
                }),
            },
            |step| {
                let outcome = match step {
                    Step::Warn(place, message) => {
                        tally.warnings += 1;
                        notes.capped_warning(&message, format!("{place}: {message}"));
                        return Ok(Flow::Continue);
                    }
                    Step::Out(outcome) => outcome,
                };
                match &outcome {
                    Outcome::Scanned(s) => {
                        tally.documents += 1;
                        tally.flagged += u64::from(s.report.spun);
                        if s.has_id {
                            if let Some(first) = ids.check(&s.report.id, &s.place) {
                                tally.warnings += 1;
                                notes.duplicate(&s.place, &s.report.id, &first);
                            }
                        } else if s.place.line.is_some() && !notes.no_id {
                            tally.warnings += 1;
                            notes.no_id(&s.place, &self.options.id_key);
                        }
                    }
                    Outcome::Rejected { place, message, detail, .. } => {
                        tally.rejected += 1;
                        notes.capped_error(message, format!("{place}: {message}"), detail.as_deref());
                    }
                    Outcome::Skipped { place, reason } => {
                        tally.skipped += 1;
                        if !self.quiet {
                            notes.capped_error(reason, format!("{place}: {reason}"), None);
                        }
                    }
                    Outcome::Failed(e) => {
                        tally.failed += 1;
                        notes.capped_error(&e.message, e.to_string(), e.detail.as_deref());
                    }
                }
                if let Outcome::Scanned(s) = &outcome {
                    if let Some(w) = &s.warning {
                        tally.warnings += 1;
                        notes.utf8(&s.place, &s.report.id, s.has_id, w);
                    }
                }
                self.monitor.progress(read.load(std::sync::atomic::Ordering::Relaxed), tally.documents);
                sink(outcome)
            },
        );
        if ids.stopped && !self.quiet {
            notes.error(&format!("note: the duplicate-id check stopped after {DUPLICATE_CHECK_LIMIT} ids"));
        }
        (tally, result)
    }
}

/// What the workers hand the writing thread: an outcome for the sink, or a warning about an
/// input that the driver reports itself.
enum Step<E> {
    Out(Outcome<E>),
    Warn(Place, String),
}

fn scanned<E>(
    place: Place,
    raw: Option<Vec<u8>>,
    record: Record,
    work: &impl Fn(&Record, Option<&[u8]>) -> (Report, E),
) -> Outcome<E> {
    let (report, e) = work(&record, raw.as_deref());
    Outcome::Scanned(Box::new(Scanned::new(place, raw, report, record, e)))
}

impl<E> Scanned<E> {
    fn new(place: Place, raw: Option<Vec<u8>>, report: Report, record: Record, extra: E) -> Scanned<E> {
        Scanned { place, raw, report, has_id: record.has_id, extra_key: record.extra, extra, warning: record.warning }
    }
}

/// Messages for the monitor, with repeated warnings and errors capped.
struct Notes<'m> {
    monitor: &'m dyn Monitor,
    utf8: u64,
    duplicates: u64,
    /// Errors (and skip notes) shown so far, by kind: the message up to its first colon.
    errors: HashMap<String, u64>,
    /// Whether a record without an id was reported (once a run).
    no_id: bool,
}

impl Notes<'_> {
    fn error(&self, message: &str) {
        self.monitor.message(message);
    }

    fn capped(&self, count: u64, kind: &str, message: String) {
        if count <= WARNINGS_SHOWN {
            self.error(&format!("warning: {message}"));
        }
        if count == WARNINGS_SHOWN {
            self.error(&format!("note: further {kind} warnings are not shown (the summary counts them)"));
        }
    }

    /// An error (or a note about a skipped file), shown [`WARNINGS_SHOWN`] times a kind; the
    /// first of its kind with its `detail`.
    fn capped_error(&mut self, message: &str, full: String, detail: Option<&str>) {
        let kind = message.split(':').next().unwrap_or(message).to_string();
        let count = self.errors.entry(kind.clone()).or_insert(0);
        *count += 1;
        let count = *count;
        match (count, detail) {
            (1, Some(d)) => self.error(&format!("{full} ({d})")),
            (n, _) if n <= WARNINGS_SHOWN => self.error(&full),
            _ => {}
        }
        if count == WARNINGS_SHOWN {
            self.error(&format!("note: further errors like {kind:?} are not shown (the summary counts them)"));
        }
    }

    fn capped_warning(&mut self, message: &str, full: String) {
        let kind = format!("warning: {}", message.split(':').next().unwrap_or(message));
        let count = self.errors.entry(kind.clone()).or_insert(0);
        *count += 1;
        let count = *count;
        self.capped(count, "such", full);
    }

    fn no_id(&mut self, place: &Place, key: &str) {
        self.no_id = true;
        self.error(&format!(
            "warning: {place}: no id under {key:?} (missing, or not a string or number); records without one \
             are named by file and line (said once)"
        ));
    }

    fn utf8(&mut self, place: &Place, id: &str, has_id: bool, warning: &str) {
        self.utf8 += 1;
        let doc = if has_id { format!(" (id {id:?})") } else { String::new() };
        self.capped(self.utf8, "UTF-8", format!("{place}{doc}: {warning}"));
    }

    fn duplicate(&mut self, place: &Place, id: &str, first: &str) {
        self.duplicates += 1;
        self.capped(self.duplicates, "duplicate-id", format!("{place}: duplicate id {id:?} (first at {first})"));
    }
}

/// Remembers the ids seen, to report duplicates with the place of the first.
#[derive(Default)]
struct IdCheck {
    /// Hash of the id -> (index of the path, line).
    seen: HashMap<u64, (u32, u32)>,
    paths: Vec<Arc<str>>,
    stopped: bool,
}

impl IdCheck {
    /// Returns where the id was first seen, if it was.
    fn check(&mut self, id: &str, place: &Place) -> Option<String> {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        id.hash(&mut h);
        let key = h.finish();
        if let Some(&(path, line)) = self.seen.get(&key) {
            return Some(format!("{}:{line}", self.paths[path as usize]));
        }
        if self.seen.len() >= DUPLICATE_CHECK_LIMIT {
            self.stopped = true;
            return None;
        }
        if self.paths.last() != Some(&place.path) {
            self.paths.push(place.path.clone());
        }
        let line = place.line.unwrap_or(0).min(u64::from(u32::MAX)) as u32;
        self.seen.insert(key, ((self.paths.len() - 1) as u32, line));
        None
    }
}
