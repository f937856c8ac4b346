//! What restoring changes, for people: the changed lines before and after, each hit with its
//! ranked suggestions and their evidence.

use super::rewrite;
use crate::hits::Hit;

/// A line-by-line account of what [`restore`] changes: for each changed line, the line as
/// read (`-`), the line restored (`+`), and each hit with its ranked suggestions.
pub fn diff(id: &str, text: &[u8], hits: &[Hit]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "--- {id}\n+++ {id} (restored)");
    let mut i = 0;
    while i < hits.len() {
        // The line of this hit, and every hit on it.
        let line_start = text[..hits[i].start].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let line_end = text[hits[i].start..].iter().position(|&b| b == b'\n').map_or(text.len(), |p| hits[i].start + p);
        let mut j = i;
        while j < hits.len() && hits[j].start < line_end {
            j += 1;
        }
        let line = &text[line_start..line_end];
        let reps: Vec<(usize, usize, String)> = hits[i..j]
            .iter()
            .map(|h| (h.start - line_start, h.end.min(line_end) - line_start, h.original.clone()))
            .collect();
        let _ = writeln!(out, "@@ line {} @@", hits[i].line);
        let _ = writeln!(out, "-{}", String::from_utf8_lossy(line).trim_end_matches('\r'));
        let _ = writeln!(out, "+{}", String::from_utf8_lossy(&rewrite(line, &reps)).trim_end_matches('\r'));
        for h in &hits[i..j] {
            let _ = writeln!(out, "  {}:{}: {} -> {}  [{} {}]", h.line, h.col, h.text, h.original, h.list, h.weight);
            for s in &h.suggestions {
                let _ = writeln!(out, "      {:.3}  {}  ({})", s.score, s.text, s.evidence);
            }
        }
        i = j;
    }
    out
}
