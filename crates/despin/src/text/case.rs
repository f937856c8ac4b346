//! Letter case and quotation marks: an original put back takes the form of the text it replaces.
//!
//! ```
//! use despin::text::case::{match_case, match_quotes};
//!
//! assert_eq!(match_case("Would possibly", "may"), "May");
//! assert_eq!(match_case("3RD SPHERICAL", "third round"), "THIRD ROUND");
//! assert_eq!(match_case("3rd spherical", "third round"), "third round");
//! assert_eq!(match_quotes("the rustic\u{2019}s", "the country's"), "the country\u{2019}s");
//! ```

/// Gives `replacement` the letter case of `matched`: all capitals stay all capitals, a capital
/// first letter stays a capital first letter, anything else keeps the replacement as written.
pub fn match_case(matched: &str, replacement: &str) -> String {
    if matched.is_ascii() {
        // The same rules, with no decoding and no list of letters: most hits are ASCII.
        let (mut letters, mut upper) = (0usize, 0usize);
        for b in matched.bytes() {
            letters += usize::from(b.is_ascii_alphabetic());
            upper += usize::from(b.is_ascii_uppercase());
        }
        if letters > 1 && upper == letters {
            return replacement.to_uppercase();
        }
        if matched.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
            if replacement.as_bytes().first().is_some_and(u8::is_ascii) {
                let mut out = replacement.to_string();
                out[..1].make_ascii_uppercase();
                return out;
            }
            let mut chars = replacement.chars();
            return match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => String::new(),
            };
        }
        return replacement.to_string();
    }
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
    let cased = match_case(matched, replacement);
    if matched.is_ascii() {
        // No typographic quotes to carry over.
        return cased;
    }
    match_quotes(matched, &cased)
}
