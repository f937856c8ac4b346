//! `despin report`: one self-contained HTML page about a run, and its charts as SVG.
//!
//! ```text
//! run -> collect (bounded) -> Page -> html (page) / svg (charts)
//! ```
//!
//! - [`collect`]: counts, the [`histogram`] of scores, the [`Sources`](crate::sources::Sources)
//!   aggregation, and the documents to show, each rendered by `doc` on a worker thread and kept
//!   in one of two bounded heaps (the worst flagged documents; a sample of the others). Memory
//!   is at most a few hundred rendered documents, whatever the size of the corpus.
//! - `html`: the page, with inline style and script only; [`svg`]: the charts, the same in the
//!   page and in the files of `--svg`. Every piece of text from the corpus goes through
//!   [`escape`].
//!
//! ```
//! use despin::{Config, Detector};
//! use despin_corpus::input::InputOptions;
//! use despin_corpus::report::{Collector, Settings};
//! use despin_corpus::run::{Driver, Outcome, Stderr, Flow};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("a.txt");
//! std::fs::write(&path, "Talks resumed in Would possibly for a 3rd spherical of talks.").unwrap();
//! let detector = Detector::new(Config::default()).unwrap();
//! let options = InputOptions::default();
//! let driver = Driver { detector: &detector, options: &options, keep_raw: false, quiet: true, monitor: &Stderr };
//! let mut collector = Collector::new(Settings::new(0.5));
//! let gate = collector.gate();
//! let (tally, result) = driver.run(vec![path], |record, report| gate.prepare(record, report), |outcome| {
//!     if let Outcome::Scanned(s) = outcome {
//!         collector.add(*s);
//!     }
//!     Ok(Flow::Continue)
//! });
//! result.unwrap();
//! let page = collector.finish(&tally);
//! let mut html = Vec::new();
//! page.write_html(&mut html).unwrap();
//! let html = String::from_utf8(html).unwrap();
//! assert_eq!(html.matches("<mark class=\"hit").count(), 2);
//! assert!(html.contains("data-o=\"third round\""));
//! ```

mod collect;
mod doc;
pub mod escape;
pub mod histogram;
mod html;
pub mod svg;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use collect::{Collector, Gate, Shown};
pub use doc::MAX_SHOWN_BYTES;
pub use html::policy;

use crate::output::files::AtomicFile;
use crate::run::Tally;
use crate::sources::SourceRow;
use histogram::Histogram;

/// What the report shows, and how much of it.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The page's title.
    pub title: String,
    /// Lines under the title: the inputs, the detection, anything a reader should know.
    pub about: Vec<String>,
    /// The threshold from which a document is flagged (marked on the histogram).
    pub threshold: f64,
    /// The most documents shown: the worst flagged first, then the sample.
    pub max_docs: usize,
    /// How many documents that are not flagged are shown, as a sample.
    pub sample: usize,
    /// The most sources in the table (worst first).
    pub max_sources: usize,
    /// Artifacts listed per source.
    pub artifacts: usize,
    /// What the sources are grouped by, as the page says it.
    pub by: String,
    /// Group by input file instead of a field.
    pub by_file: bool,
}

impl Settings {
    /// The defaults, for a detector that flags from `threshold`.
    pub fn new(threshold: f64) -> Settings {
        Settings {
            title: "despin report".into(),
            about: Vec::new(),
            threshold,
            max_docs: 300,
            sample: 30,
            max_sources: 200,
            artifacts: 3,
            by: "url".into(),
            by_file: false,
        }
    }
}

/// Everything the page shows, gathered by a [`Collector`].
#[derive(Debug)]
pub struct Page {
    pub settings: Settings,
    pub documents: u64,
    pub words: u64,
    pub flagged: u64,
    pub listed_hits: u64,
    pub inferred_hits: u64,
    pub histogram: Histogram,
    /// The table of sources, worst first, at most `max_sources`.
    pub sources: Vec<SourceRow>,
    /// How many sources there were in all.
    pub sources_total: usize,
    /// The flagged documents shown, worst first.
    pub worst: Vec<Shown>,
    /// The sample of the others, highest score first.
    pub sample: Vec<Shown>,
    /// What the run saw (errors, warnings, skipped files).
    pub tally: Tally,
}

impl Page {
    /// Writes the HTML page.
    pub fn write_html(&self, out: &mut impl Write) -> io::Result<()> {
        html::write(out, self)
    }

    /// Writes the charts into `dir` (created if needed) as `scores.svg` and `sources.svg`,
    /// each whole or not at all; returns their paths.
    pub fn write_svgs(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir)?;
        let charts = [
            ("scores.svg", svg::histogram_svg(&self.histogram, self.settings.threshold)),
            ("sources.svg", svg::sources_svg(&self.sources, html::CHART_SOURCES)),
        ];
        let mut paths = Vec::new();
        for (name, svg) in charts {
            let path = dir.join(name);
            let mut f = AtomicFile::create(&path)?;
            f.write_all(svg.as_bytes())?;
            f.commit()?;
            paths.push(path);
        }
        Ok(paths)
    }

    /// How many documents the page shows.
    pub fn shown(&self) -> usize {
        self.worst.len() + self.sample.len()
    }
}
