//! What restoring changes, for people: each changed line once, with the words taken out and
//! put in marked where they stand, and on demand each change's ranked readings and evidence.

use crate::hits::Hit;

/// How [`diff`] marks its changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiffStyle {
    /// Colour for a terminal: the words taken out red and struck through, the words put in
    /// green and underlined (told apart by more than colour). Without it, the plain marks
    /// `[-taken out-]{+put in+}`, for pipes and files.
    pub color: bool,
    /// After each changed line, each change with its list, its ranked readings and their
    /// evidence.
    pub evidence: bool,
}

const OUT_ON: &str = "\x1b[31;9m";
const IN_ON: &str = "\x1b[32;4m";
const OFF: &str = "\x1b[0m";
const DIM_ON: &str = "\x1b[2m";

/// A word-level account of what [`super::restore`] changes in `text` with `hits` (those of a
/// rewritten document, in order): a header, then for each changed line its number and the
/// line with each change marked. Only the words that change are marked: "second spherical"
/// restored as "second round" shows `second [-spherical-]{+round+}`.
///
/// ```
/// use despin::{Config, Detector, Rewrite};
/// use despin::restore::DiffStyle;
///
/// let detector = Detector::new(Config::default()).unwrap();
/// let text = b"The 3rd spherical of talks came about in Would possibly.\nNothing else.\n";
/// let diff = detector.diff("talks", text, Rewrite::Always, DiffStyle::default());
/// assert!(diff.contains("The [-3rd spherical-]{+third round+} of talks"), "{diff}");
/// assert!(!diff.contains("Nothing else"));
/// ```
pub fn diff(id: &str, text: &[u8], hits: &[Hit], style: DiffStyle) -> String {
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
        let _ = writeln!(out, "@@ line {} @@", hits[i].line);
        let mut at = line_start;
        for h in &hits[i..j] {
            if h.start < at {
                continue;
            }
            out.push_str(&String::from_utf8_lossy(&text[at..h.start]));
            let written = String::from_utf8_lossy(&text[h.start..h.end]);
            mark(&mut out, &written, &h.original, style.color);
            at = h.end;
        }
        let end = line_end.max(at);
        out.push_str(String::from_utf8_lossy(&text[at..end]).trim_end_matches('\r'));
        out.push('\n');
        if style.evidence {
            for h in &hits[i..j] {
                let (on, off) = if style.color { (DIM_ON, OFF) } else { ("", "") };
                let _ = writeln!(
                    out,
                    "{on}  {}:{}: {} -> {}  [{} {}]{off}",
                    h.line, h.col, h.text, h.original, h.list, h.weight
                );
                for s in &h.suggestions {
                    let _ = writeln!(out, "{on}      {:.3}  {}  ({}){off}", s.score, s.text, s.evidence);
                }
            }
        }
        i = j;
    }
    out
}

/// Writes `written` replaced by `original`, marking only the words between the ones both
/// share at either end.
fn mark(out: &mut String, written: &str, original: &str, color: bool) {
    let w: Vec<&str> = written.split(' ').collect();
    let o: Vec<&str> = original.split(' ').collect();
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let mut lo = 0;
    while lo + 1 < w.len() && lo + 1 < o.len() && same(w[lo], o[lo]) {
        lo += 1;
    }
    let mut hi = 0;
    while hi + 1 < w.len() - lo && hi + 1 < o.len() - lo && same(w[w.len() - 1 - hi], o[o.len() - 1 - hi]) {
        hi += 1;
    }
    let head = w[..lo].join(" ");
    let tail = w[w.len() - hi..].join(" ");
    let taken = w[lo..w.len() - hi].join(" ");
    let put = o[lo..o.len() - hi].join(" ");
    if !head.is_empty() {
        out.push_str(&head);
        out.push(' ');
    }
    if color {
        out.push_str(&format!("{OUT_ON}{taken}{OFF}{IN_ON}{put}{OFF}"));
    } else {
        out.push_str(&format!("[-{taken}-]{{+{put}+}}"));
    }
    if !tail.is_empty() {
        out.push(' ');
        out.push_str(&tail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(written: &str, original: &str, color: bool) -> String {
        let mut s = String::new();
        mark(&mut s, written, original, color);
        s
    }

    #[test]
    fn only_the_words_that_change_are_marked() {
        assert_eq!(marked("second spherical", "second round", false), "second [-spherical-]{+round+}");
        assert_eq!(
            marked("our bodies of squaddies", "bodies of soldiers", false),
            "[-our bodies of squaddies-]{+bodies of soldiers+}"
        );
        assert_eq!(marked("Would possibly", "May", false), "[-Would possibly-]{+May+}");
        assert_eq!(marked("the rustic's", "the country's", false), "the [-rustic's-]{+country's+}");
    }

    #[test]
    fn colour_strikes_out_and_underlines() {
        assert_eq!(marked("spherical", "round", true), "\x1b[31;9mspherical\x1b[0m\x1b[32;4mround\x1b[0m");
    }
}
