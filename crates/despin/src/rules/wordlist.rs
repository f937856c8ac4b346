//! Wordlists: the phrases a spinner leaves behind, with what they replaced.
//!
//! A wordlist is a UTF-8 text file, one entry a line, tab-separated:
//!
//! ```text
//! spun<TAB>original[<TAB>weight][<TAB>note][<TAB>flags]
//! ```
//!
//! Blank lines and lines starting with `#` are comments; a byte order mark and CRLF line ends
//! are accepted. `weight` defaults to 1 and must lie in (0, 10]. `flags` is a space-separated
//! list of conditions that must all hold for the entry to match:
//!
//! | flag | meaning |
//! |---|---|
//! | `case` | match the letter case exactly as written (default: ignore ASCII case) |
//! | `mid` | not at the start of a sentence: the text before it ends in a lower-case letter, a digit, `,` or `;` |
//! | `prev=a\|b` | the word before is one of these (case-insensitive) |
//! | `next=a\|b` | the word after is one of these |
//! | `!prev=…`, `!next=…` | the word before / after is none of these |
//!
//! In `prev=` and `next=` lists, `#num` stands for any number and `#year` for a number from 1000
//! to 2999; `#cap` for a word with a capital first letter; and a list names classes of its own
//! with `@class #name word|word|…` ([`super::context`]). A spun column written `/…/` is a
//! pattern ([`super::pattern`]).
//!
//! Rules carry their own examples. A line `## name` starts a group of entries; in a group,
//! `#+ sentence` is a sentence an entry of the group must flag, and `#- sentence` one that no
//! entry of the group may flag. [`super::examples`] checks them, and so does `despin wordlist
//! check`. `wordlists/README.md` has the full reference.
//!
//! ```
//! use despin::rules::wordlist::Wordlist;
//!
//! let list = Wordlist::parse("demo", "demo.tsv",
//!     "## months\n\
//!      #+ Talks resumed in Would possibly.\n\
//!      #- Would possibly it rain?\n\
//!      3rd spherical\tthird round\t2\n\
//!      Would possibly\tMay\t1.5\tthe month\tcase mid\n").unwrap();
//! assert_eq!(list.entries.len(), 2);
//! assert_eq!(list.entries[0].original, "third round");
//! assert!(list.entries[1].case_sensitive);
//! assert_eq!(list.groups[1].flag, ["Talks resumed in Would possibly."]);
//!
//! let err = Wordlist::parse("demo", "demo.tsv", "3rd spherical\tthird round\tlots\n").unwrap_err();
//! assert_eq!(err.to_string(), "demo.tsv:1: bad weight \"lots\": expected a number above 0 and at most 10");
//! ```

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::context::{Classes, Context, WordSet};
use super::pattern::{is_pattern, Pattern};
use crate::error::Error;
use crate::text::Normalized;

/// The embedded default lists: name and contents.
pub const DEFAULT_LISTS: &[(&str, &str)] = &[
    ("news", include_str!("../../../../wordlists/news.tsv")),
    ("science", include_str!("../../../../wordlists/science.tsv")),
];

/// The longest phrase an entry may have, in bytes.
pub const MAX_PHRASE_BYTES: usize = 512;

/// The largest weight an entry may have.
pub const MAX_WEIGHT: f32 = 10.0;

/// One entry of a wordlist.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The spun phrase, normalised (typographic quotes and dashes made plain, one space between
    /// words).
    pub spun: String,
    /// What the spinner replaced.
    pub original: String,
    /// How much a hit counts, in (0, 10].
    pub weight: f32,
    /// Free text.
    pub note: String,
    /// Match letter case exactly.
    pub case_sensitive: bool,
    /// Conditions on the surrounding text; all must hold.
    pub context: Vec<Context>,
    /// A pattern entry (`/…/`), compiled; None for a phrase.
    pub pattern: Option<Pattern>,
    /// The list it comes from.
    pub list: Arc<str>,
    /// Its group in that list (an index into [`Wordlist::groups`]).
    pub group: usize,
    /// Its line in that list, from 1.
    pub line: usize,
}

/// A parsed wordlist.
#[derive(Debug, Clone)]
pub struct Wordlist {
    /// Its name, as hits report it (`news`, or a file's stem).
    pub name: Arc<str>,
    /// Where it came from, for messages.
    pub source: String,
    pub entries: Vec<Entry>,
    /// The groups of entries (`## name` lines), with their examples; entries before the first
    /// heading form a group without a name.
    pub groups: Vec<Group>,
}

/// A group of entries and the examples that show what it must flag and must allow.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Group {
    /// The heading, without `## ` (empty for entries before any heading).
    pub name: String,
    /// The line of the heading (0 for the group without one).
    pub line: usize,
    /// Sentences an entry of the group must flag (`#+` lines).
    pub flag: Vec<String>,
    /// Sentences no entry of the group may flag (`#-` lines).
    pub allow: Vec<String>,
}

impl Wordlist {
    /// Reads and validates a wordlist file. The list is named after the file's stem.
    pub fn load(path: &Path) -> Result<Wordlist, Error> {
        let source = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| Error::wordlist(&source, None, format!("cannot read: {e}")))?;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                return Err(Error::wordlist(&source, Some(line), format!("not valid UTF-8 (bad byte at offset {at})")));
            }
        };
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| source.clone());
        Wordlist::parse(&name, &source, &text)
    }

    /// The lists built into the binary.
    pub fn defaults() -> Vec<Wordlist> {
        DEFAULT_LISTS
            .iter()
            .map(|(name, text)| {
                Wordlist::parse(name, &format!("(embedded) wordlists/{name}.tsv"), text)
                    .expect("embedded wordlists are checked by the test suite")
            })
            .collect()
    }

    /// Parses a wordlist from text. `source` names it in errors.
    pub fn parse(name: &str, source: &str, text: &str) -> Result<Wordlist, Error> {
        let name: Arc<str> = Arc::from(name);
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut entries = Vec::new();
        let mut groups = vec![Group::default()];
        let mut classes = Classes::default();
        let mut seen: HashMap<(String, Vec<String>), usize> = HashMap::new();
        for (idx, raw) in text.split('\n').enumerate() {
            let line_no = idx + 1;
            let err = |message: String| Error::wordlist(source, Some(line_no), message);
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            if let Some(heading) = trimmed.strip_prefix("## ") {
                groups.push(Group { name: heading.trim().to_string(), line: line_no, ..Group::default() });
                continue;
            }
            if let Some(example) = trimmed.strip_prefix("#+ ") {
                groups.last_mut().expect("one group at least").flag.push(example.trim().to_string());
                continue;
            }
            if let Some(example) = trimmed.strip_prefix("#- ") {
                groups.last_mut().expect("one group at least").allow.push(example.trim().to_string());
                continue;
            }
            if trimmed.starts_with('#') {
                continue;
            }
            if let Some(rest) = trimmed.strip_prefix("@class") {
                let mut parts = rest.split_whitespace();
                let (Some(class), Some(spec), None) = (parts.next(), parts.next(), parts.next()) else {
                    return Err(err("expected '@class #name word|word|…'".into()));
                };
                classes.define(class, spec).map_err(err)?;
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 2 || cols.len() > 5 {
                let hint = if cols.len() == 1 && line.contains("  ") {
                    " (columns must be separated by tabs, not spaces)"
                } else {
                    ""
                };
                return Err(err(format!(
                    "expected 2 to 5 tab-separated columns (spun, original, weight, note, flags), found {}{hint}",
                    cols.len()
                )));
            }
            let written = cols[0].trim();
            let spun = if is_pattern(written) { written.to_string() } else { normalise_phrase(written) };
            if spun.is_empty() {
                return Err(err("empty spun phrase".into()));
            }
            if spun.len() > MAX_PHRASE_BYTES {
                return Err(err(format!(
                    "spun phrase is {} bytes long, more than the {MAX_PHRASE_BYTES} allowed",
                    spun.len()
                )));
            }
            if !is_pattern(&spun) && !spun.chars().any(char::is_alphanumeric) {
                return Err(err(format!("spun phrase {spun:?} has no letter or digit")));
            }
            let original = cols[1].trim().to_string();
            if original.is_empty() {
                return Err(err(format!("entry {spun:?} has no original")));
            }
            let weight = match cols.get(2).map(|w| w.trim()) {
                None | Some("") => 1.0,
                Some(w) => match w.parse::<f32>() {
                    Ok(v) if v.is_finite() && v > 0.0 && v <= MAX_WEIGHT => v,
                    _ => return Err(err(format!("bad weight {w:?}: expected a number above 0 and at most 10"))),
                },
            };
            let note = cols.get(3).map(|n| n.trim().to_string()).unwrap_or_default();
            let mut case_sensitive = false;
            let mut context = Vec::new();
            let mut flag_keys = Vec::new();
            for flag in cols.get(4).map(|f| f.split_whitespace().collect::<Vec<_>>()).unwrap_or_default() {
                flag_keys.push(flag.to_string());
                let (negated, body) = match flag.strip_prefix('!') {
                    Some(rest) => (true, rest),
                    None => (false, flag),
                };
                let words = |spec: &str| WordSet::parse(spec, &classes).map_err(|m| err(format!("flag {flag:?}: {m}")));
                match body.split_once('=') {
                    None if body == "case" && !negated => case_sensitive = true,
                    None if body == "mid" && !negated => context.push(Context::MidSentence),
                    Some(("prev", spec)) => context.push(Context::Prev { words: words(spec)?, negated }),
                    Some(("next", spec)) => context.push(Context::Next { words: words(spec)?, negated }),
                    _ => {
                        return Err(err(format!(
                            "unknown flag {flag:?} (known: case, mid, prev=…, next=…, !prev=…, !next=…)"
                        )))
                    }
                }
            }
            let pattern =
                if is_pattern(&spun) { Some(Pattern::new(&spun, case_sensitive).map_err(err)?) } else { None };
            flag_keys.sort();
            let key = (if case_sensitive { spun.clone() } else { spun.to_ascii_lowercase() }, flag_keys);
            if let Some(first) = seen.get(&key) {
                return Err(err(format!("duplicate entry {spun:?} (first at line {first})")));
            }
            seen.insert(key, line_no);
            entries.push(Entry {
                spun,
                original,
                weight,
                note,
                case_sensitive,
                context,
                pattern,
                list: name.clone(),
                group: groups.len() - 1,
                line: line_no,
            });
        }
        Ok(Wordlist { name, source: source.to_string(), entries, groups })
    }

    /// The list in its own format, as it loads back: groups with their examples, then each
    /// entry with its flags spelled out (named classes written as their words).
    pub fn to_tsv(&self) -> String {
        let mut out = String::new();
        let mut group = usize::MAX;
        for e in &self.entries {
            if e.group != group {
                group = e.group;
                let g = &self.groups[group];
                if !g.name.is_empty() {
                    out += &format!("## {}\n", g.name);
                }
                for s in &g.flag {
                    out += &format!("#+ {s}\n");
                }
                for s in &g.allow {
                    out += &format!("#- {s}\n");
                }
            }
            out += &e.to_tsv();
            out.push('\n');
        }
        out
    }
}

impl Entry {
    /// The entry as a line of the wordlist format (without the line end).
    pub fn to_tsv(&self) -> String {
        let mut flags: Vec<String> = Vec::new();
        if self.case_sensitive {
            flags.push("case".into());
        }
        flags.extend(self.context.iter().map(|c| c.to_string()));
        let mut line = format!("{}\t{}\t{}\t{}", self.spun, self.original, self.weight, self.note);
        if !flags.is_empty() {
            line += "\t";
            line += &flags.join(" ");
        }
        line
    }
}

/// Normalises a phrase the way documents are normalised, and trims it.
pub fn normalise_phrase(phrase: &str) -> String {
    let n = Normalized::new(phrase.trim().as_bytes());
    String::from_utf8_lossy(n.as_bytes()).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Wordlist, Error> {
        Wordlist::parse("t", "t.tsv", text)
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            ("a b\tc\n\nonly one column\n", 3, "expected 2 to 5"),
            ("\tthird round\n", 1, "empty spun phrase"),
            ("x y\t\n", 1, "has no original"),
            ("x y\tz\t-1\n", 1, "bad weight"),
            ("x y\tz\tNaN\n", 1, "bad weight"),
            ("x y\tz\t11\n", 1, "bad weight"),
            ("# c\nx y\tz\nX  Y\tw\n", 3, "duplicate entry \"X Y\" (first at line 2)"),
            ("x y\tz\t1\t\tshout\n", 1, "unknown flag"),
            ("x y\tz\t1\t\tnext=#month\n", 1, "unknown word class"),
            ("a\tb\t1\tn\tcase\textra\n", 1, "found 6"),
            ("--\tdash\n", 1, "no letter or digit"),
            ("@class #a x|y\n@class #a z\n", 2, "defined twice"),
            ("@class #a\n", 1, "expected '@class"),
            ("/.+/\tx\n", 1, "fixed string"),
            ("/(ab/\tx\n", 1, "not a valid regular expression"),
        ];
        for (text, line, msg) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e.line(), Some(line), "{text:?}: {e}");
            assert!(e.to_string().contains(msg), "{text:?}: {e}");
        }
    }

    #[test]
    fn accepts_bom_crlf_and_flags() {
        let l = parse("\u{feff}# head\r\nWould  possibly\tMay\t2\tmonth\tcase mid next=#year|to\r\nx\u{2019}y\tz\r\n")
            .unwrap();
        assert_eq!(l.entries.len(), 2);
        let e = &l.entries[0];
        assert_eq!(e.spun, "Would possibly");
        assert_eq!(e.weight, 2.0);
        assert!(e.case_sensitive);
        assert_eq!(e.context.len(), 2);
        assert_eq!(l.entries[1].spun, "x'y");
        // Case-sensitive and case-insensitive spellings of one phrase are different entries.
        assert!(parse("Eu\tEuropean\t1\t\tcase\neu\tEuropean\n").is_ok());
    }

    #[test]
    fn groups_examples_and_classes() {
        let l = parse(
            "spherical tank\tround tank\n## rounds\n#+ A 3rd spherical ended.\n#- A spherical shell.\n\
             @class #geo shell|lens\nspherical\tround\t1\t\t!next=#geo|tank\n",
        )
        .unwrap();
        assert_eq!(l.groups.len(), 2);
        assert_eq!((l.entries[0].group, l.entries[1].group), (0, 1));
        assert_eq!(l.groups[1].name, "rounds");
        assert_eq!(l.groups[1].flag, ["A 3rd spherical ended."]);
        assert_eq!(l.groups[1].allow, ["A spherical shell."]);
        assert_eq!(l.entries[1].to_tsv(), "spherical\tround\t1\t\t!next=lens|shell|tank");
    }

    #[test]
    fn the_tsv_written_loads_back_the_same() {
        for list in Wordlist::defaults() {
            let again = Wordlist::parse(&list.name, "again", &list.to_tsv()).unwrap();
            assert_eq!(again.entries.len(), list.entries.len());
            for (a, b) in again.entries.iter().zip(&list.entries) {
                assert_eq!(
                    (&a.spun, &a.original, a.weight, &a.note, a.case_sensitive),
                    (&b.spun, &b.original, b.weight, &b.note, b.case_sensitive)
                );
                assert_eq!(a.context, b.context);
                let (ga, gb) = (&again.groups[a.group], &list.groups[b.group]);
                assert_eq!((&ga.name, &ga.flag, &ga.allow), (&gb.name, &gb.flag, &gb.allow));
            }
        }
    }

    #[test]
    fn defaults_load() {
        let lists = Wordlist::defaults();
        assert_eq!(lists.len(), 2);
        assert!(lists.iter().all(|l| !l.entries.is_empty()));
    }
}
