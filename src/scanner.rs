//! The scanner: one document in, one [`Report`] out, through normaliser, matcher, scorer and
//! restorer. It holds the compiled wordlists and the model and is shared by all threads.
//!
//! ```
//! use despin::scanner::Scanner;
//! use despin::wordlist::Wordlist;
//!
//! let scanner = Scanner::new(Wordlist::defaults()).unwrap();
//! let report = scanner.scan("doc", b"Talks resumed in Would possibly for a 3rd spherical of talks.");
//! assert_eq!(report.hits[0].text, "Would possibly");
//! assert_eq!(report.hits[0].original, "May");
//! assert_eq!((report.hits[0].line, report.hits[0].col), (1, 18));
//! ```

use serde::Serialize;

use crate::matcher::{BuildError, Matcher};
use crate::restore::match_case;
use crate::score::{Features, Model};
use crate::text::{count_words, LineCounter, Normalized};
use crate::wordlist::Wordlist;

/// Everything despin says about one document. Serialises to the per-document JSON of DESIGN.md.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub id: String,
    /// Probability that the document was spun, 0 to 1.
    pub score: f64,
    /// Whether the score reaches the threshold.
    pub spun: bool,
    pub words: usize,
    pub hits: Vec<HitReport>,
    /// The evidence behind the score (not part of the per-document JSON).
    #[serde(skip)]
    pub features: Features,
}

/// One hit, with where it is and what it likely was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HitReport {
    /// Byte offset in the document as read.
    pub start: usize,
    /// Byte offset after the hit.
    pub end: usize,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
    /// The text as it stands in the document.
    pub text: String,
    /// The suggested original, in the letter case of the text.
    pub original: String,
    /// The wordlist of the entry.
    pub list: String,
    pub weight: f32,
}

/// Compiled wordlists and a scoring model.
#[derive(Debug)]
pub struct Scanner {
    matcher: Matcher,
    model: Model,
}

impl Scanner {
    /// A scanner over these lists, with the default model.
    pub fn new(lists: Vec<Wordlist>) -> Result<Scanner, BuildError> {
        Ok(Scanner { matcher: Matcher::new(lists)?, model: Model::DEFAULT })
    }

    /// The same scanner with another model (another threshold, say).
    pub fn with_model(mut self, model: Model) -> Scanner {
        self.model = model;
        self
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Scans one document.
    pub fn scan(&self, id: &str, text: &[u8]) -> Report {
        let norm = Normalized::new(text);
        let hits = self.matcher.find_normalized(&norm);
        let words = count_words(norm.as_bytes());
        let mut lines = LineCounter::new(text);
        let mut distinct: Vec<usize> = Vec::with_capacity(hits.len());
        let mut weighted = 0.0;
        let reports: Vec<HitReport> = hits
            .iter()
            .map(|h| {
                let entry = self.matcher.entry(h.entry);
                distinct.push(h.entry);
                weighted += f64::from(entry.weight);
                let (line, col) = lines.locate(h.start);
                let text = String::from_utf8_lossy(&text[h.start..h.end]).into_owned();
                let original =
                    if entry.case_sensitive { entry.original.clone() } else { match_case(&text, &entry.original) };
                HitReport {
                    start: h.start,
                    end: h.end,
                    line,
                    col,
                    text,
                    original,
                    list: entry.list.to_string(),
                    weight: entry.weight,
                }
            })
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        let features = Features { words, hits: reports.len(), weighted, distinct: distinct.len() };
        let score = self.model.probability(&features);
        Report { id: id.to_string(), score, spun: self.model.is_spun(score), words, hits: reports, features }
    }
}
