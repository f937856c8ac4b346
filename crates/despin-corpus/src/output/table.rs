//! The table of `scan`, for people: score, verdict, words and hits in fixed columns, then the
//! document and its most frequent hits. On a terminal it fits the width: an id too long for its
//! column keeps its end (the file name), and the hits are cut with `…`.

use despin::Report;

/// Columns before the document: score, spun, words, hits, each with two spaces after it.
const FIXED: usize = 6 + 2 + 4 + 2 + 6 + 2 + 5 + 2;
/// The document column when there is room.
const DOC: usize = 40;
/// The narrowest document column.
const MIN_DOC: usize = 12;
/// What the hits keep at least before the document column narrows.
const MIN_HITS: usize = 24;

/// The widths of the table's two free columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Layout {
    doc: usize,
    /// None: no limit (not a terminal).
    hits: Option<usize>,
}

impl Layout {
    /// The layout for a terminal `width` columns wide, or without a limit.
    pub(super) fn new(width: Option<usize>) -> Layout {
        match width {
            None => Layout { doc: DOC, hits: None },
            Some(w) => {
                let room = w.saturating_sub(FIXED + 2);
                let doc = room.saturating_sub(MIN_HITS).clamp(MIN_DOC, DOC);
                Layout { doc, hits: Some(room.saturating_sub(doc)) }
            }
        }
    }

    pub(super) fn header(&self) -> String {
        self.line("score", "spun", "words", "hits", "document", "top hits")
    }

    pub(super) fn row(&self, report: &Report, top: &str) -> String {
        let score = format!("{:.3}", report.score);
        let spun = if report.spun { "yes" } else { "no" };
        self.line(&score, spun, &report.words.to_string(), &report.hits.len().to_string(), &report.id, top)
    }

    fn line(&self, score: &str, spun: &str, words: &str, hits: &str, doc: &str, top: &str) -> String {
        let doc = match self.hits {
            Some(_) => keep_end(doc, self.doc),
            None => doc.to_string(),
        };
        let top = match self.hits {
            Some(w) => keep_start(top, w),
            None => top.to_string(),
        };
        let line = format!("{score:>6}  {spun:<4}  {words:>6}  {hits:>5}  {doc:<width$}  {top}", width = self.doc);
        line.trim_end().to_string()
    }
}

/// `s` in at most `width` characters: its end, after `…`, when it is longer.
fn keep_end(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        return s.to_string();
    }
    let tail: String = s.chars().skip(n - width.saturating_sub(1)).collect();
    format!("…{tail}")
}

/// `s` in at most `width` characters: its start, then `…`, when it is longer.
fn keep_start(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let head: String = s.chars().take(width.saturating_sub(1)).collect();
    if width == 0 {
        String::new()
    } else {
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_fit_the_width() {
        let detector = despin::Detector::new(despin::Config::default().lists_only()).unwrap();
        let text = b"The 3rd spherical of talks came about in Would possibly, and our bodies of squaddies came about.";
        let report = detector.score("a/very/long/path/to/a/folder/of/documents/port-strike.txt", text);
        let top = "3rd spherical -> third round; Would possibly -> May; came about -> took place (2)";
        for width in [60, 80, 100, 200] {
            let layout = Layout::new(Some(width));
            let row = layout.row(&report, top);
            assert!(row.chars().count() <= width, "{width}: {row}");
            assert!(layout.header().chars().count() <= width);
            assert!(row.contains("strike.txt"), "{row}");
        }
        let row = Layout::new(Some(80)).row(&report, top);
        assert!(row.contains("  …ocuments/port-strike.txt  ") && row.ends_with('…'), "{row}");
        // Off a terminal, nothing is cut.
        let row = Layout::new(None).row(&report, top);
        assert!(row.contains("a/very/long") && row.ends_with("(2)"), "{row}");
    }
}
