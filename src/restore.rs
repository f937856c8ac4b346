//! Restoring: the likely original of each hit, and the text with the originals put back.
//!
//! ```
//! use despin::restore::{match_case, rewrite};
//!
//! assert_eq!(match_case("Would possibly", "may"), "May");
//! assert_eq!(match_case("3RD SPHERICAL", "third round"), "THIRD ROUND");
//! assert_eq!(match_case("3rd spherical", "third round"), "third round");
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
