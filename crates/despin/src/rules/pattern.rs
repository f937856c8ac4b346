//! Pattern entries: rules that are patterns rather than phrases.
//!
//! An entry whose spun column is written between slashes, `/…/`, is a regular expression
//! (Rust `regex` syntax), matched against the normalised text (straight quotes, one space
//! between words), ignoring case unless the entry has the `case` flag. Its original may refer
//! to groups of the match: `$1`, `${name}`.
//!
//! The automaton stays the only pass over all the text: every pattern must start (or else end)
//! with one of a few fixed strings of at least [`MIN_ANCHOR`] characters, which the pattern's
//! own syntax tree yields. Those strings join the phrases in the automaton, and the regular
//! expression runs only where one of them is found, on a short window at that place.
//!
//! ```
//! use despin::rules::pattern::Pattern;
//!
//! let p = Pattern::new(r"/(\d+)(st|nd|rd|th) spherical/", false).unwrap();
//! assert_eq!(p.anchors(), ["nd spherical", "rd spherical", "st spherical", "th spherical"]);
//! let hay = b"the 21st spherical of talks";
//! // The automaton found "spherical" at 9..18; the pattern's match ends there.
//! assert_eq!(p.find_at(hay, 9, 18), Some((4, 18)));
//! assert_eq!(p.expand(hay, (4, 18), "$1$2 round"), "21st round");
//! assert!(Pattern::new("/[a-z]+ed/", false).unwrap_err().contains("fixed"));
//! ```

use regex::bytes::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// Fewest characters of a fixed string that every match of a pattern starts or ends with.
pub const MIN_ANCHOR: usize = 3;
/// Most fixed strings a pattern may have as anchors.
pub const MAX_ANCHORS: usize = 64;
/// How far from its anchor a pattern's match may reach, in bytes.
pub const WINDOW: usize = 256;

/// Which end of its matches a pattern's anchors are at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Start,
    End,
}

/// A compiled pattern entry.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    /// The pattern, anchored at the end of its anchors: `^(?:…)` or `(?:…)$`.
    anchored: Regex,
    /// The pattern as written, for expanding groups in the original.
    plain: Regex,
    anchors: Vec<String>,
    end: End,
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.source == other.source && self.anchored.as_str() == other.anchored.as_str()
    }
}

/// True when a spun column is written as a pattern, `/…/`.
pub fn is_pattern(spun: &str) -> bool {
    spun.len() > 2 && spun.starts_with('/') && spun.ends_with('/')
}

impl Pattern {
    /// Compiles `/…/`. Errors say what is wrong: not a valid regular expression, or no fixed
    /// string to anchor it by.
    pub fn new(spun: &str, case_sensitive: bool) -> Result<Pattern, String> {
        if !is_pattern(spun) {
            return Err(format!("{spun:?} is not a pattern: write it between slashes, /…/"));
        }
        let body = &spun[1..spun.len() - 1];
        let hir = regex_syntax::ParserBuilder::new()
            .utf8(false)
            .build()
            .parse(body)
            .map_err(|e| format!("pattern {spun}: not a valid regular expression: {e}"))?;
        let mut found = None;
        for (kind, end) in [(ExtractKind::Prefix, End::Start), (ExtractKind::Suffix, End::End)] {
            // Classes are not spelled out (`[0-9]` ends a fixed string rather than making ten).
            let seq = Extractor::new().kind(kind).limit_class(1).extract(&hir);
            let Some(lits) = seq.literals() else { continue };
            let mut anchors: Vec<String> =
                lits.iter().map(|l| String::from_utf8_lossy(l.as_bytes()).to_lowercase()).collect();
            anchors.sort();
            anchors.dedup();
            let chars = |s: &String| s.chars().count();
            if !anchors.is_empty() && anchors.len() <= MAX_ANCHORS && anchors.iter().all(|a| chars(a) >= MIN_ANCHOR) {
                found = Some((anchors, end));
                break;
            }
        }
        let Some((anchors, end)) = found else {
            return Err(format!(
                "pattern {spun}: every match must start or end with a fixed string of at least {MIN_ANCHOR} \
                 characters (at most {MAX_ANCHORS} of them), so that one pass of the automaton finds it"
            ));
        };
        let build = |re: &str| {
            RegexBuilder::new(re)
                .case_insensitive(!case_sensitive)
                .unicode(true)
                .build()
                .map_err(|e| format!("pattern {spun}: {e}"))
        };
        let anchored = match end {
            End::Start => build(&format!("^(?:{body})"))?,
            End::End => build(&format!("(?:{body})$"))?,
        };
        Ok(Pattern { source: spun.to_string(), anchored, plain: build(body)?, anchors, end })
    }

    /// The fixed strings, lower case, that the automaton looks for on the pattern's behalf.
    pub fn anchors(&self) -> &[String] {
        &self.anchors
    }

    /// The pattern as written, slashes included.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The match that an anchor found at `start..end` of `hay` belongs to: one starting at
    /// `start` (anchors at the start) or ending at `end` (anchors at the end), within
    /// [`WINDOW`] bytes.
    pub fn find_at(&self, hay: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
        match self.end {
            End::Start => {
                let mut stop = (start + WINDOW).min(hay.len());
                while stop < hay.len() && hay[stop] & 0xC0 == 0x80 {
                    stop += 1;
                }
                let m = self.anchored.find(&hay[start..stop])?;
                (m.end() >= end - start).then_some((start, start + m.end()))
            }
            End::End => {
                let mut from = end.saturating_sub(WINDOW);
                while from > 0 && hay[from] & 0xC0 == 0x80 {
                    from -= 1;
                }
                let m = self.anchored.find(&hay[from..end])?;
                (from + m.start() <= start).then_some((from + m.start(), end))
            }
        }
    }

    /// The original of a match: `template` with `$1`, `${name}` replaced by its groups.
    pub fn expand(&self, hay: &[u8], span: (usize, usize), template: &str) -> String {
        let Some(caps) = self.plain.captures(&hay[span.0..span.1]) else { return template.to_string() };
        let mut out = Vec::new();
        caps.expand(template.as_bytes(), &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Whether `template` refers to groups (else it is the original as it is).
    pub fn has_groups(template: &str) -> bool {
        template.contains('$')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_from_either_end() {
        let p = Pattern::new("/(Would|Might) possibly [0-9]{4}/", true).unwrap();
        assert_eq!(p.anchors(), ["might possibly ", "would possibly "]);
        assert_eq!(p.find_at(b"in Would possibly 2024.", 3, 18), Some((3, 22)));
        // Case-sensitive: "would possibly" in lower case is another thing.
        assert_eq!(p.find_at(b"in would possibly 2024.", 3, 18), None);
        let q = Pattern::new(r"/\d+ p\.c\./", false).unwrap();
        assert_eq!(q.anchors(), [" p.c."]);
    }

    #[test]
    fn errors_say_why() {
        assert!(Pattern::new("/(unclosed/", false).unwrap_err().contains("not a valid regular expression"));
        assert!(Pattern::new("/.+/", false).unwrap_err().contains("fixed string"));
        assert!(Pattern::new("/ab/", false).unwrap_err().contains("fixed string"));
        assert!(Pattern::new("plain", false).unwrap_err().contains("between slashes"));
    }

    #[test]
    fn windows_stay_on_character_boundaries() {
        let p = Pattern::new("/.{0,300}spherical/", false).unwrap();
        let hay = format!("{}spherical", "é".repeat(200));
        let end = hay.len();
        assert!(p.find_at(hay.as_bytes(), end - 9, end).is_some());
    }
}
