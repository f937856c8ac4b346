//! Collecting a run for the report with bounded memory, whatever the size of the corpus:
//! counts, the [`Histogram`] of scores, the [`Sources`] aggregation, and two bounded heaps of
//! rendered documents: the worst flagged ones, and a sample of the others.
//!
//! The sample keeps the documents with the smallest hash of their id and text (a bottom-k
//! sample), so it is the same whatever the number of threads, and a document that is shown in
//! one run is shown in the next. A [`Gate`] shared with the worker threads tells them which
//! documents could still enter a heap, so that only those are rendered.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering as Atomic};
use std::sync::Arc;

use despin::text::hash::{mix64, Fnv1a};
use despin::Report;

use super::histogram::Histogram;
use super::{doc, Page, Settings};
use crate::input::Record;
use crate::run::{Scanned, Tally};
use crate::sources::{source_name, Sources};

/// A document the report may show, rendered on a worker thread.
#[derive(Debug, Clone)]
pub struct Shown {
    /// The hash of its id and text: its place in the sample, and its element id.
    pub key: u64,
    pub score: f64,
    pub spun: bool,
    /// Its place in the input (set in input order).
    pub seq: u64,
    /// The source it is counted under (set in input order).
    pub source: String,
    /// Everything of its `<article>` but the start tag.
    pub html: String,
}

/// How much of a text its key reads: enough to tell documents apart, little enough that
/// hashing (byte by byte) costs nothing next to scoring.
const KEY_BYTES: usize = 4096;

/// The hash that orders the sample: of the id, the length and the start of the text.
fn key_of(record: &Record) -> u64 {
    let text = &record.doc.text;
    let mut h = Fnv1a::new();
    h.write(record.doc.id.as_bytes());
    h.byte(0xff);
    h.write(&(text.len() as u64).to_le_bytes());
    h.write(&text[..text.len().min(KEY_BYTES)]);
    mix64(h.raw())
}

/// What the worker threads need to know to render only documents that may be shown.
#[derive(Debug)]
pub struct Gate {
    max_docs: usize,
    sample: usize,
    /// The lowest score among the worst flagged documents once they are as many as may be
    /// shown (bits of an f64): a flagged document at or below it is not rendered (at the same
    /// score the earlier document is kept, and every document still to come is later).
    floor: AtomicU64,
    /// The highest key in the sample once it is full: an unflagged document above it is not
    /// rendered.
    ceiling: AtomicU64,
}

impl Gate {
    fn new(settings: &Settings) -> Gate {
        Gate {
            max_docs: settings.max_docs,
            sample: settings.sample.min(settings.max_docs),
            floor: AtomicU64::new(f64::NEG_INFINITY.to_bits()),
            ceiling: AtomicU64::new(u64::MAX),
        }
    }

    /// The document rendered, when it may be shown (runs on the worker threads). A stale
    /// floor or ceiling only lets more documents through, which the heaps then drop.
    pub fn prepare(&self, record: &Record, report: &Report) -> Option<Shown> {
        let key = key_of(record);
        let admit = if report.spun {
            self.max_docs > 0 && report.score > f64::from_bits(self.floor.load(Atomic::Relaxed))
        } else {
            self.sample > 0 && key <= self.ceiling.load(Atomic::Relaxed)
        };
        admit.then(|| Shown {
            key,
            score: report.score,
            spun: report.spun,
            seq: 0,
            source: String::new(),
            html: doc::render(key, &record.doc.text, report),
        })
    }
}

/// Worst flagged first: the heap's top is the one to drop (lowest score, then latest).
struct Worst(Shown);

impl Ord for Worst {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.score.total_cmp(&self.0.score).then(self.0.seq.cmp(&other.0.seq))
    }
}
impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Worst {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Worst {}

/// The sample: the heap's top is the one to drop (highest key, then latest).
struct Sampled(Shown);

impl Ord for Sampled {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.key.cmp(&other.0.key).then(self.0.seq.cmp(&other.0.seq))
    }
}
impl PartialOrd for Sampled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Sampled {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Sampled {}

/// Everything the report needs from a run, gathered in input order.
pub struct Collector {
    settings: Settings,
    gate: Arc<Gate>,
    seq: u64,
    documents: u64,
    words: u64,
    flagged: u64,
    listed_hits: u64,
    inferred_hits: u64,
    histogram: Histogram,
    sources: Sources,
    worst: BinaryHeap<Worst>,
    sample: BinaryHeap<Sampled>,
}

impl Collector {
    pub fn new(settings: Settings) -> Collector {
        let gate = Arc::new(Gate::new(&settings));
        Collector {
            settings,
            gate,
            seq: 0,
            documents: 0,
            words: 0,
            flagged: 0,
            listed_hits: 0,
            inferred_hits: 0,
            histogram: Histogram::default(),
            sources: Sources::default(),
            worst: BinaryHeap::new(),
            sample: BinaryHeap::new(),
        }
    }

    /// The gate for the worker threads: `Driver::run`'s `extra` is `gate.prepare`.
    pub fn gate(&self) -> Arc<Gate> {
        Arc::clone(&self.gate)
    }

    /// The source of a document: the input file with `by_file`, else the field asked for,
    /// else, for a plain-text file, its folder; None for a record without the field.
    fn source_of<E>(&self, s: &Scanned<E>) -> Option<String> {
        if self.settings.by_file {
            return Some(s.place.path.to_string());
        }
        if let Some(v) = &s.extra_key {
            return Some(v.clone());
        }
        if s.place.line.is_none() {
            let folder = Path::new(&*s.place.path).parent().map(|p| p.display().to_string()).unwrap_or_default();
            return Some(if folder.is_empty() { ".".into() } else { folder });
        }
        None
    }

    /// Counts one scanned document, and keeps it if it may be shown.
    pub fn add(&mut self, s: Scanned<Option<Shown>>) {
        let source = source_name(self.source_of(&s));
        let report = &s.report;
        self.seq += 1;
        self.documents += 1;
        self.words += report.words as u64;
        self.flagged += u64::from(report.spun);
        let listed = report.hits.iter().filter(|h| h.is_listed()).count() as u64;
        self.listed_hits += listed;
        self.inferred_hits += report.hits.len() as u64 - listed;
        self.histogram.add(report.score);
        self.sources.add(Some(source.clone()), report);
        let Some(mut shown) = s.extra else { return };
        shown.seq = self.seq;
        shown.source = source;
        if shown.spun {
            self.worst.push(Worst(shown));
            if self.worst.len() > self.gate.max_docs {
                self.worst.pop();
            }
            if self.worst.len() == self.gate.max_docs {
                if let Some(top) = self.worst.peek() {
                    self.gate.floor.store(top.0.score.to_bits(), Atomic::Relaxed);
                }
            }
        } else {
            self.sample.push(Sampled(shown));
            if self.sample.len() > self.gate.sample {
                self.sample.pop();
            }
            if self.sample.len() == self.gate.sample {
                if let Some(top) = self.sample.peek() {
                    self.gate.ceiling.store(top.0.key, Atomic::Relaxed);
                }
            }
        }
    }

    /// The page: what was counted, and the documents to show (worst first, then the sample),
    /// no more than `max_docs` in all.
    pub fn finish(self, tally: &Tally) -> Page {
        let mut sample: Vec<Shown> = self.sample.into_iter().map(|s| s.0).collect();
        let mut worst: Vec<Shown> = self.worst.into_iter().map(|w| w.0).collect();
        worst.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.seq.cmp(&b.seq)));
        sample.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.seq.cmp(&b.seq)));
        worst.truncate(self.settings.max_docs - sample.len());
        let sources_total = self.sources.len();
        let mut sources = self.sources.rows(1, self.settings.artifacts);
        sources.truncate(self.settings.max_sources);
        Page {
            documents: self.documents,
            words: self.words,
            flagged: self.flagged,
            listed_hits: self.listed_hits,
            inferred_hits: self.inferred_hits,
            histogram: self.histogram,
            sources,
            sources_total,
            worst,
            sample,
            tally: tally.clone(),
            settings: self.settings,
        }
    }
}
