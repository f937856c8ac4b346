//! Hits: what the matcher and inference found in a document, merged into one list in the
//! document's own bytes, each with its place (line and column), the text as it stands, its
//! likely original in the form of that text, and the evidence for it.
//!
//! A listed phrase says more than an inferred one: an inferred hit that overlaps a listed one
//! is dropped. Hits are in document order and never overlap.

use serde::Serialize;

use crate::infer::{Analysis, Suggestion};
use crate::rules::{self, Matcher};
use crate::text::case::{match_form, match_quotes};
use crate::text::lines::LineCounter;
use crate::text::Normalized;

/// The list name of hits found beyond the lists.
pub const INFERRED: &str = "inferred";

/// One hit, with where it is and what it likely was: an element of `hits` in the
/// per-document JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
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
    /// The wordlist of the entry, or [`INFERRED`].
    pub list: String,
    /// How much the hit counts, as reported (inferred weights rounded to 2 decimals).
    pub weight: f32,
    /// Ranked originals with their evidence, best first. Filled only when suggestions are
    /// asked for, and left out of the JSON when empty, so that the per-document JSON keeps its
    /// schema by default.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
    /// The matcher's entry of a list hit (None for a hit found beyond the lists).
    #[serde(skip)]
    pub entry: Option<usize>,
    /// What the hit weighs in the score (an inferred hit's weight before rounding).
    #[serde(skip)]
    pub evidence: f32,
}

impl Hit {
    /// Whether a list entry found it (rather than inference).
    pub fn is_listed(&self) -> bool {
        self.entry.is_some()
    }
}

/// Merges the list hits and the inferred ones of a document (`text` as read, `norm` its
/// normalised copy, which inference read) and locates them.
pub fn collect(
    text: &[u8],
    norm: &Normalized<'_>,
    matcher: &Matcher,
    listed: Vec<rules::Hit>,
    inferred: Option<Analysis>,
    suggestions: bool,
) -> Vec<Hit> {
    let mut hits: Vec<Hit> = listed
        .into_iter()
        .map(|h| {
            let entry = matcher.entry(h.entry);
            let text = String::from_utf8_lossy(&text[h.start..h.end]).into_owned();
            let written = h.original.as_deref().unwrap_or(&entry.original);
            let original = if entry.case_sensitive { match_quotes(&text, written) } else { match_form(&text, written) };
            let suggestions = if suggestions {
                vec![Suggestion {
                    text: original.clone(),
                    score: 1.0,
                    evidence: format!("listed: {}.tsv line {}", entry.list, entry.line),
                }]
            } else {
                Vec::new()
            };
            Hit {
                start: h.start,
                end: h.end,
                line: 0,
                col: 0,
                text,
                original,
                list: entry.list.to_string(),
                weight: entry.weight,
                suggestions,
                entry: Some(h.entry),
                evidence: entry.weight,
            }
        })
        .collect();
    if let Some(analysis) = inferred {
        let listed = Spans::new(hits.iter().map(|h| (h.start, h.end)));
        for inf in analysis.hits {
            let (start, end) = norm.span_to_original(inf.start, inf.end);
            if listed.overlaps(start, end) {
                continue;
            }
            let text = String::from_utf8_lossy(&text[start..end]).into_owned();
            let weight = (inf.gain / 2.0).clamp(0.5, 3.0);
            let original = match_form(&text, &inf.original);
            let suggestions =
                inf.suggestions.into_iter().map(|s| Suggestion { text: match_form(&text, &s.text), ..s }).collect();
            hits.push(Hit {
                start,
                end,
                line: 0,
                col: 0,
                text,
                original,
                list: INFERRED.to_string(),
                weight: (weight * 100.0).round() / 100.0,
                suggestions,
                entry: None,
                evidence: weight,
            });
        }
        hits.sort_by_key(|h| h.start);
    }
    let mut lines = LineCounter::new(text);
    for h in &mut hits {
        (h.line, h.col) = lines.locate(h.start);
    }
    hits
}

/// Spans, ready to be asked whether any overlaps a given one in logarithmic time (a text of
/// 50 MB has a million listed hits, and as many inferred ones to check against them).
struct Spans {
    /// Starts, sorted.
    starts: Vec<usize>,
    /// The largest end among the spans up to each one, in the order of `starts`.
    reach: Vec<usize>,
}

impl Spans {
    fn new(spans: impl Iterator<Item = (usize, usize)>) -> Spans {
        let mut spans: Vec<(usize, usize)> = spans.collect();
        spans.sort_unstable();
        let starts = spans.iter().map(|&(s, _)| s).collect();
        let reach = spans
            .iter()
            .scan(0, |max, &(_, e)| {
                *max = e.max(*max);
                Some(*max)
            })
            .collect();
        Spans { starts, reach }
    }

    /// Whether a span starts before `end` and ends after `start`.
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let before = self.starts.partition_point(|&s| s < end);
        before > 0 && self.reach[before - 1] > start
    }
}

#[cfg(test)]
mod tests {
    use super::Spans;

    #[test]
    fn spans_overlap_as_the_pairwise_check_says() {
        let list = [(10, 20), (0, 3), (15, 40), (50, 51)];
        let spans = Spans::new(list.iter().copied());
        for start in 0..60 {
            for end in start + 1..62 {
                let naive = list.iter().any(|&(s, e)| s < end && start < e);
                assert_eq!(spans.overlaps(start, end), naive, "{start}..{end}");
            }
        }
        assert!(!Spans::new(std::iter::empty()).overlaps(0, 10));
    }
}
