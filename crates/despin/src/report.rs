//! The report of one document: the per-document JSON that `despin scan --format jsonl` prints,
//! one line a document.
//!
//! ```text
//! {"id": "...", "score": 0.0-1.0, "spun": true|false, "words": N,
//!  "hits": [{"start": byte, "end": byte, "line": L, "col": C, "text": "3rd spherical",
//!            "original": "third round", "list": "news", "weight": 1.0}]}
//! ```
//!
//! Offsets are bytes of the document as read, so `text == document[start..end]`; `line` and
//! `col` count from 1, `col` in characters. Scripts depend on these names: keep them stable.

use serde::Serialize;

use crate::hits::Hit;
use crate::score::Features;

/// Everything despin says about one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub id: String,
    /// Probability that the document was spun, 0 to 1.
    pub score: f64,
    /// Whether the score reaches the threshold.
    pub spun: bool,
    pub words: usize,
    pub hits: Vec<Hit>,
    /// The evidence behind the score (not part of the per-document JSON).
    #[serde(skip)]
    pub features: Features,
}

impl Report {
    /// The report as one line of JSONL, with its line end.
    pub fn to_json_line(&self) -> Vec<u8> {
        let mut line = serde_json::to_vec(self).expect("a report always serialises");
        line.push(b'\n');
        line
    }
}
