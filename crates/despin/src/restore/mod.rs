//! Restoring: the likely original of each hit, and the text with the originals put back.
//!
//! [`restore`] puts the best original of every hit of a report back into the text; everything
//! else is copied byte for byte, so text without hits comes out unchanged. [`diff`] shows what
//! changed, line by line, with each hit's ranked suggestions.
//!
//! ```
//! use despin::restore::restore;
//! use despin::scanner::Scanner;
//! use despin::wordlist::Wordlist;
//!
//! let scanner = Scanner::new(Wordlist::defaults()).unwrap().with_inference();
//! let text = b"Talks resumed in Would possibly for a 3rd spherical of talks.";
//! let report = scanner.scan("doc", text);
//! assert_eq!(restore(text, &report), b"Talks resumed in May for a third round of talks.");
//! let clean = "Caf\u{e9} talks, \r\n  unchanged \u{2014} byte for byte.".as_bytes();
//! assert_eq!(restore(clean, &scanner.scan("clean", clean)), clean);
//! ```
//!
//! ```
//! use despin::restore::{match_case, match_quotes, rewrite};
//!
//! assert_eq!(match_case("Would possibly", "may"), "May");
//! assert_eq!(match_case("3RD SPHERICAL", "third round"), "THIRD ROUND");
//! assert_eq!(match_case("3rd spherical", "third round"), "third round");
//! assert_eq!(match_quotes("the rustic\u{2019}s", "the country's"), "the country\u{2019}s");
//!
//! let text = "the 3rd spherical of talks";
//! let out = rewrite(text.as_bytes(), &[(4, 17, "third round".to_string())]);
//! assert_eq!(out, b"the third round of talks");
//! ```

/// Gives `replacement` the letter case of `matched`: all capitals stay all capitals, a capital
/// first letter stays a capital first letter, anything else keeps the replacement as written.
pub fn match_case(matched: &str, replacement: &str) -> String {
    let letters: Vec<char> = matched.chars().filter(|c| c.is_alphabetic()).collect();
    let all_upper = letters.len() > 1 && letters.iter().all(|c| c.is_uppercase());
    if all_upper {
        return replacement.to_uppercase();
    }
    let first_upper = matched.chars().next().is_some_and(char::is_uppercase);
    if first_upper {
        let mut chars = replacement.chars();
        return match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    replacement.to_string()
}

/// Gives `replacement` the quotation marks of `matched`. Lists and the inferrer write straight
/// quotes (documents are matched with curly ones folded to straight), so where the text used
/// typographic ones the original is given them too: `the rustic’s` restores to `the country’s`,
/// not `the country's`. A double quote opens after a space or at the start, and closes otherwise.
pub fn match_quotes(matched: &str, replacement: &str) -> String {
    let curly_single = matched.contains(['\u{2018}', '\u{2019}']);
    let curly_double = matched.contains(['\u{201c}', '\u{201d}']);
    if !(curly_single && replacement.contains('\'') || curly_double && replacement.contains('"')) {
        return replacement.to_string();
    }
    let mut out = String::with_capacity(replacement.len() + 4);
    let mut prev: Option<char> = None;
    for c in replacement.chars() {
        let opens = prev.is_none_or(char::is_whitespace);
        out.push(match c {
            '\'' if curly_single => {
                if opens {
                    '\u{2018}'
                } else {
                    '\u{2019}'
                }
            }
            '"' if curly_double => {
                if opens {
                    '\u{201c}'
                } else {
                    '\u{201d}'
                }
            }
            c => c,
        });
        prev = Some(c);
    }
    out
}

/// `replacement` in the form of `matched`: its letter case ([`match_case`]) and its quotation
/// marks ([`match_quotes`]). What a hit's original is given, unless its entry fixes the case.
pub fn match_form(matched: &str, replacement: &str) -> String {
    match_quotes(matched, &match_case(matched, replacement))
}

/// Rewrites `text`, replacing each `(start, end, replacement)` span. Spans must be in order and
/// must not overlap; everything outside them is copied byte for byte.
pub fn rewrite(text: &[u8], replacements: &[(usize, usize, String)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut pos = 0;
    for (start, end, replacement) in replacements {
        if *start < pos || *end > text.len() || start > end {
            continue;
        }
        out.extend_from_slice(&text[pos..*start]);
        out.extend_from_slice(replacement.as_bytes());
        pos = *end;
    }
    out.extend_from_slice(&text[pos..]);
    out
}

/// The text with each hit of `report` replaced by its best original.
pub fn restore(text: &[u8], report: &crate::scanner::Report) -> Vec<u8> {
    let reps: Vec<(usize, usize, String)> = report.hits.iter().map(|h| (h.start, h.end, h.original.clone())).collect();
    rewrite(text, &reps)
}

/// A line-by-line account of what [`restore`] changes: for each changed line, the line as
/// read (`-`), the line restored (`+`), and each hit with its ranked suggestions.
pub fn diff(text: &[u8], report: &crate::scanner::Report) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "--- {}\n+++ {} (restored)", report.id, report.id);
    let mut i = 0;
    let hits = &report.hits;
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
