//! Wordlists: the phrases a spinner leaves behind, with what they replaced.
//!
//! A wordlist is a UTF-8 text file, one entry a line, tab-separated:
//!
//! ```text
//! spun<TAB>original[<TAB>weight][<TAB>note][<TAB>flags]
//! ```
//!
//! Blank lines and lines starting with `#` are skipped; a byte order mark and CRLF line ends are
//! accepted. `weight` defaults to 1 and must lie in (0, 10]. `flags` is a space-separated list of
//! conditions that must all hold for the entry to match:
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
//! to 2999; `#cap` for a word with a capital first letter. `wordlists/README.md` has the full
//! reference with examples.
//!
//! ```
//! use despin::wordlist::Wordlist;
//!
//! let list = Wordlist::parse("demo", "demo.tsv",
//!     "# spun\toriginal\tweight\tnote\tflags\n\
//!      3rd spherical\tthird round\t2\n\
//!      Would possibly\tMay\t1.5\tthe month\tcase mid\n").unwrap();
//! assert_eq!(list.entries.len(), 2);
//! assert_eq!(list.entries[0].original, "third round");
//! assert!(list.entries[1].case_sensitive);
//!
//! let err = Wordlist::parse("demo", "demo.tsv", "3rd spherical\tthird round\tlots\n").unwrap_err();
//! assert_eq!(err.to_string(), "demo.tsv:1: bad weight \"lots\": expected a number above 0 and at most 10");
//! ```

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use crate::text::Normalized;

/// The embedded default lists: name and contents.
pub const DEFAULT_LISTS: &[(&str, &str)] =
    &[("news", include_str!("../wordlists/news.tsv")), ("science", include_str!("../wordlists/science.tsv"))];

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
    /// The list it comes from.
    pub list: Arc<str>,
    /// Its line in that list, from 1.
    pub line: usize,
}

/// A condition on the text around a match.
#[derive(Debug, Clone, PartialEq)]
pub enum Context {
    /// Not at the start of a sentence.
    MidSentence,
    /// The word before the match is (or, negated, is not) one of these.
    Prev { words: WordSet, negated: bool },
    /// The word after the match is (or, negated, is not) one of these.
    Next { words: WordSet, negated: bool },
}

/// A set of words for a context condition, with the classes `#num`, `#year` and `#cap`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WordSet {
    /// Lower-cased words.
    pub words: Vec<String>,
    pub any_number: bool,
    pub any_year: bool,
    pub any_capitalised: bool,
}

impl WordSet {
    /// Whether `word` (a run of word bytes) belongs to the set.
    pub fn contains(&self, word: &[u8]) -> bool {
        if word.is_empty() {
            return false;
        }
        if self.any_number && word.iter().all(u8::is_ascii_digit) {
            return true;
        }
        if self.any_year && word.len() == 4 && word.iter().all(u8::is_ascii_digit) && matches!(word[0], b'1' | b'2') {
            return true;
        }
        if self.any_capitalised && word[0].is_ascii_uppercase() {
            return true;
        }
        self.words.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(word))
    }

    fn parse(spec: &str) -> Result<WordSet, String> {
        let mut set = WordSet::default();
        for w in spec.split('|') {
            match w {
                "" => return Err(format!("empty word in {spec:?}")),
                "#num" => set.any_number = true,
                "#year" => set.any_year = true,
                "#cap" => set.any_capitalised = true,
                w if w.starts_with('#') => return Err(format!("unknown word class {w:?} (known: #num, #year, #cap)")),
                w if !w.bytes().all(crate::text::is_word_byte) => {
                    return Err(format!("{w:?} is not a single word of letters and digits"))
                }
                w => set.words.push(w.to_ascii_lowercase()),
            }
        }
        Ok(set)
    }
}

/// A parsed wordlist.
#[derive(Debug, Clone)]
pub struct Wordlist {
    /// Its name, as hits report it (`news`, or a file's stem).
    pub name: Arc<str>,
    /// Where it came from, for messages.
    pub source: String,
    pub entries: Vec<Entry>,
}

/// A problem with a wordlist, naming the file and, where there is one, the line.
#[derive(Debug, Clone, PartialEq)]
pub struct WordlistError {
    pub source: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for WordlistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source, line, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

impl std::error::Error for WordlistError {}

impl Wordlist {
    /// Reads and validates a wordlist file. The list is named after the file's stem.
    pub fn load(path: &Path) -> Result<Wordlist, WordlistError> {
        let source = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| WordlistError {
            source: source.clone(),
            line: None,
            message: format!("cannot read: {e}"),
        })?;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                return Err(WordlistError {
                    source,
                    line: Some(line),
                    message: format!("not valid UTF-8 (bad byte at offset {at})"),
                });
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
    pub fn parse(name: &str, source: &str, text: &str) -> Result<Wordlist, WordlistError> {
        let name: Arc<str> = Arc::from(name);
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut entries = Vec::new();
        let mut seen: HashMap<(String, Vec<String>), usize> = HashMap::new();
        for (idx, raw) in text.split('\n').enumerate() {
            let line_no = idx + 1;
            let err = |message: String| WordlistError { source: source.to_string(), line: Some(line_no), message };
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
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
            let spun = normalise_phrase(cols[0]);
            if spun.is_empty() {
                return Err(err("empty spun phrase".into()));
            }
            if spun.len() > MAX_PHRASE_BYTES {
                return Err(err(format!(
                    "spun phrase is {} bytes long, more than the {MAX_PHRASE_BYTES} allowed",
                    spun.len()
                )));
            }
            if !spun.chars().any(char::is_alphanumeric) {
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
                match body.split_once('=') {
                    None if body == "case" && !negated => case_sensitive = true,
                    None if body == "mid" && !negated => context.push(Context::MidSentence),
                    Some(("prev", spec)) => {
                        let words = WordSet::parse(spec).map_err(|m| err(format!("flag {flag:?}: {m}")))?;
                        context.push(Context::Prev { words, negated });
                    }
                    Some(("next", spec)) => {
                        let words = WordSet::parse(spec).map_err(|m| err(format!("flag {flag:?}: {m}")))?;
                        context.push(Context::Next { words, negated });
                    }
                    _ => {
                        return Err(err(format!(
                            "unknown flag {flag:?} (known: case, mid, prev=…, next=…, !prev=…, !next=…)"
                        )))
                    }
                }
            }
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
                list: name.clone(),
                line: line_no,
            });
        }
        Ok(Wordlist { name, source: source.to_string(), entries })
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

    fn parse(text: &str) -> Result<Wordlist, WordlistError> {
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
        ];
        for (text, line, msg) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e.line, Some(line), "{text:?}: {e}");
            assert!(e.message.contains(msg), "{text:?}: {e}");
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
    fn defaults_load() {
        let lists = Wordlist::defaults();
        assert_eq!(lists.len(), 2);
        assert!(lists.iter().all(|l| !l.entries.is_empty()));
    }
}
