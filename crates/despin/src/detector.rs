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

use crate::dictionary;
use crate::infer::{Inferrer, Params, Suggestion};
use crate::matcher::{BuildError, Matcher};
use crate::restore::{match_form, match_quotes};
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
    /// Ranked originals with their evidence, best first. Filled only when the scanner is asked
    /// for them ([`Scanner::with_suggestions`]), and left out of the JSON when empty, so that
    /// the per-document JSON keeps DESIGN.md's schema by default.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
}

/// The list name of hits found beyond the lists.
pub const INFERRED: &str = "inferred";

/// Compiled wordlists and a scoring model.
#[derive(Debug)]
pub struct Scanner {
    matcher: Matcher,
    model: Model,
    inferrer: Option<Inferrer>,
    suggestions: bool,
}

impl Scanner {
    /// A scanner over these lists, with the default model. It finds listed phrases only; see
    /// [`Scanner::with_inference`] for detection beyond the lists.
    pub fn new(lists: Vec<Wordlist>) -> Result<Scanner, BuildError> {
        Ok(Scanner { matcher: Matcher::new(lists)?, model: Model::DEFAULT, inferrer: None, suggestions: false })
    }

    /// The same scanner, also finding spun words that no list holds, with the embedded spinner's
    /// dictionary (`wordlists/spinner.tsv`); the originals of the scanner's lists serve as
    /// standard terms. Costs time: about eight times the scan time of the lists alone (the Brown
    /// corpus, 500 files, 6 MB, one thread: 0.9 s against 0.12 s).
    ///
    /// ```
    /// use despin::scanner::Scanner;
    /// use despin::wordlist::Wordlist;
    ///
    /// let scanner = Scanner::new(Wordlist::defaults()).unwrap().with_inference();
    /// let report = scanner.scan("doc", b"The second spherical ended.");
    /// assert_eq!((report.hits[0].text.as_str(), report.hits[0].list.as_str()), ("spherical", "inferred"));
    /// assert_eq!(report.hits[0].original, "round");
    /// ```
    pub fn with_inference(self) -> Scanner {
        self.with_inference_params(Params::DEFAULT)
    }

    /// The same scanner with inference tuned by `params` ([`Params::SENSITIVE`], say).
    pub fn with_inference_params(mut self, params: Params) -> Scanner {
        let originals = self.matcher.entries().iter().map(|e| e.original.as_str());
        self.inferrer = Some(Inferrer::from_originals(&dictionary::defaults(), originals, params));
        self
    }

    /// The same scanner with another inferrer, or none (lists only).
    pub fn with_inferrer(mut self, inferrer: Option<Inferrer>) -> Scanner {
        self.inferrer = inferrer;
        self
    }

    /// The same scanner, filling [`HitReport::suggestions`] (or not).
    pub fn with_suggestions(mut self, on: bool) -> Scanner {
        self.suggestions = on;
        self
    }

    pub fn inferrer(&self) -> Option<&Inferrer> {
        self.inferrer.as_ref()
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
        let analysis = self.inferrer.as_ref().map(|inf| inf.analyse(norm.as_bytes(), self.suggestions));
        let words = count_words(norm.as_bytes());
        let mut lines = LineCounter::new(text);
        let mut distinct: Vec<usize> = Vec::with_capacity(hits.len());
        let mut weighted = 0.0;
        let mut reports: Vec<HitReport> = hits
            .iter()
            .map(|h| {
                let entry = self.matcher.entry(h.entry);
                distinct.push(h.entry);
                weighted += f64::from(entry.weight);
                let text = String::from_utf8_lossy(&text[h.start..h.end]).into_owned();
                let original = if entry.case_sensitive {
                    match_quotes(&text, &entry.original)
                } else {
                    match_form(&text, &entry.original)
                };
                let suggestions = if self.suggestions {
                    vec![Suggestion {
                        text: original.clone(),
                        score: 1.0,
                        evidence: format!("listed: {}.tsv line {}", entry.list, entry.line),
                    }]
                } else {
                    Vec::new()
                };
                HitReport {
                    start: h.start,
                    end: h.end,
                    line: 0,
                    col: 0,
                    text,
                    original,
                    list: entry.list.to_string(),
                    weight: entry.weight,
                    suggestions,
                }
            })
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut features =
            Features { words, hits: reports.len(), weighted, distinct: distinct.len(), ..Features::default() };
        if let Some(analysis) = analysis {
            let listed: Vec<(usize, usize)> = reports.iter().map(|h| (h.start, h.end)).collect();
            for inf in analysis.hits {
                let (start, end) = norm.span_to_original(inf.start, inf.end);
                // A listed hit says more than an inferred one.
                if listed.iter().any(|&(s, e)| s < end && start < e) {
                    continue;
                }
                let text = String::from_utf8_lossy(&text[start..end]).into_owned();
                let weight = (inf.gain / 2.0).clamp(0.5, 3.0);
                features.inferred += 1;
                features.inferred_weighted += f64::from(weight);
                let original = match_form(&text, &inf.original);
                let suggestions =
                    inf.suggestions.into_iter().map(|s| Suggestion { text: match_form(&text, &s.text), ..s }).collect();
                reports.push(HitReport {
                    start,
                    end,
                    line: 0,
                    col: 0,
                    text,
                    original,
                    list: INFERRED.to_string(),
                    weight: (weight * 100.0).round() / 100.0,
                    suggestions,
                });
            }
            features.missing = analysis.missing;
            reports.sort_by_key(|h| h.start);
        }
        for h in &mut reports {
            (h.line, h.col) = lines.locate(h.start);
        }
        let score = self.model.probability(&features);
        Report { id: id.to_string(), score, spun: self.model.is_spun(score), words, hits: reports, features }
    }
}
