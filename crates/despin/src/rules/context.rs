//! Context conditions of wordlist entries: what must hold around a match for it to count.
//!
//! A condition looks at the normalised text around a candidate: the character before it
//! (`mid`), or the word just before or after it (`prev=`, `next=`, and their negations), which
//! must be in a [`WordSet`]. A word set lists words, built-in classes (`#num`, `#year`, `#cap`)
//! and classes a list names itself with an `@class` line, so that a long set is written once:
//!
//! ```text
//! @class #geometry harmonic|harmonics|shell|lens|mirror
//! spherical<TAB>round<TAB>1<TAB>"spherical of talks"<TAB>!next=#geometry
//! ```
//!
//! ```
//! use despin::rules::context::{Classes, WordSet};
//!
//! let mut classes = Classes::default();
//! classes.define("#shape", "sphere|cube|#num").unwrap();
//! let set = WordSet::parse("round|#shape", &classes).unwrap();
//! assert!(set.contains(b"Cube") && set.contains(b"42") && set.contains(b"round"));
//! assert!(!set.contains(b"square"));
//! assert_eq!(set.to_string(), "#num|cube|round|sphere");
//! ```

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use crate::text::words::is_word_byte;

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

impl fmt::Display for Context {
    /// The condition as a flag of the wordlist format, with every class spelled out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bang = |negated: bool| if negated { "!" } else { "" };
        match self {
            Context::MidSentence => f.write_str("mid"),
            Context::Prev { words, negated } => write!(f, "{}prev={words}", bang(*negated)),
            Context::Next { words, negated } => write!(f, "{}next={words}", bang(*negated)),
        }
    }
}

/// A set of words for a context condition, with the built-in classes `#num`, `#year` and
/// `#cap`. Named classes of a list are merged in when the set is parsed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WordSet {
    /// Lower-cased words, sorted, without repeats.
    pub words: Vec<String>,
    pub any_number: bool,
    pub any_year: bool,
    pub any_capitalised: bool,
}

/// The classes a wordlist names with `@class` lines, by name (`#geometry`).
#[derive(Debug, Clone, Default)]
pub struct Classes {
    named: HashMap<String, WordSet>,
}

impl Classes {
    /// Defines `name` (`#` and letters, digits or `-`) as the words and classes of `spec`.
    pub fn define(&mut self, name: &str, spec: &str) -> Result<(), String> {
        let body = name.strip_prefix('#').unwrap_or("");
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(format!("class name {name:?} must be '#' followed by letters, digits or '-'"));
        }
        if matches!(body, "num" | "year" | "cap") {
            return Err(format!("{name} is a built-in class"));
        }
        if self.named.contains_key(name) {
            return Err(format!("class {name} is defined twice"));
        }
        let set = WordSet::parse(spec, self)?;
        self.named.insert(name.to_string(), set);
        Ok(())
    }

    /// The class of this name.
    pub fn get(&self, name: &str) -> Option<&WordSet> {
        self.named.get(name)
    }
}

impl WordSet {
    /// Parses `word|word|#class|…`; named classes must be defined in `classes` already.
    pub fn parse(spec: &str, classes: &Classes) -> Result<WordSet, String> {
        let mut set = WordSet::default();
        let mut words = BTreeSet::new();
        for w in spec.split('|') {
            match w {
                "" => return Err(format!("empty word in {spec:?}")),
                "#num" => set.any_number = true,
                "#year" => set.any_year = true,
                "#cap" => set.any_capitalised = true,
                w if w.starts_with('#') => match classes.get(w) {
                    Some(c) => {
                        words.extend(c.words.iter().cloned());
                        set.any_number |= c.any_number;
                        set.any_year |= c.any_year;
                        set.any_capitalised |= c.any_capitalised;
                    }
                    None => {
                        return Err(format!(
                            "unknown word class {w:?} (built in: #num, #year, #cap; others need an @class line above)"
                        ))
                    }
                },
                w if !w.bytes().all(is_word_byte) => {
                    return Err(format!("{w:?} is not a single word of letters and digits"))
                }
                w => {
                    words.insert(w.to_ascii_lowercase());
                }
            }
        }
        set.words = words.into_iter().collect();
        Ok(set)
    }

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
        self.words
            .binary_search_by(|w| {
                w.bytes().map(|b| b.to_ascii_lowercase()).cmp(word.iter().map(|b| b.to_ascii_lowercase()))
            })
            .is_ok()
    }
}

impl fmt::Display for WordSet {
    /// `#num|#year|#cap|words…`: the set as a flag value, named classes spelled out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let classes = [(self.any_number, "#num"), (self.any_year, "#year"), (self.any_capitalised, "#cap")];
        let parts: Vec<&str> = classes
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| *name)
            .chain(self.words.iter().map(String::as_str))
            .collect();
        f.write_str(&parts.join("|"))
    }
}

/// The word (run of word bytes) that ends just before `pos`, skipping spaces, or None when
/// something else (punctuation) comes first.
fn word_before(hay: &[u8], pos: usize) -> Option<&[u8]> {
    let mut end = pos;
    while end > 0 && hay[end - 1] == b' ' {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && is_word_byte(hay[start - 1]) {
        start -= 1;
    }
    (start < end).then(|| &hay[start..end])
}

/// The word that starts just after `pos`, skipping spaces.
fn word_after(hay: &[u8], pos: usize) -> Option<&[u8]> {
    let mut start = pos;
    while start < hay.len() && hay[start] == b' ' {
        start += 1;
    }
    let mut end = start;
    while end < hay.len() && is_word_byte(hay[end]) {
        end += 1;
    }
    (start < end).then(|| &hay[start..end])
}

impl Context {
    /// Whether the condition holds for a match at `start..end` of the normalised text `hay`.
    pub fn holds(&self, hay: &[u8], start: usize, end: usize) -> bool {
        match self {
            Context::MidSentence => {
                let before = hay[..start].iter().rev().find(|&&b| b != b' ');
                matches!(before, Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b',' || *b == b';')
            }
            Context::Prev { words, negated } => word_before(hay, start).is_some_and(|w| words.contains(w)) != *negated,
            Context::Next { words, negated } => word_after(hay, end).is_some_and(|w| words.contains(w)) != *negated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_named_once_and_used_anywhere() {
        let mut classes = Classes::default();
        classes.define("#geo", "shell|lens").unwrap();
        assert!(classes.define("#geo", "x").unwrap_err().contains("twice"));
        assert!(classes.define("#num", "x").unwrap_err().contains("built-in"));
        assert!(classes.define("geo2", "x").unwrap_err().contains("must be"));
        classes.define("#more", "#geo|dome").unwrap();
        let set = WordSet::parse("#more", &classes).unwrap();
        assert_eq!(set.words, ["dome", "lens", "shell"]);
        assert!(WordSet::parse("#nope", &classes).unwrap_err().contains("unknown word class"));
    }

    #[test]
    fn conditions() {
        let none = Classes::default();
        let next = Context::Next { words: WordSet::parse("of", &none).unwrap(), negated: false };
        assert!(next.holds(b"a spherical of talks", 2, 11));
        assert!(!next.holds(b"a spherical, of talks", 2, 11));
        let mid = Context::MidSentence;
        assert!(mid.holds(b"in May", 3, 6));
        assert!(!mid.holds(b"Done. May", 6, 9));
        assert_eq!(
            Context::Prev { words: WordSet::parse("#year|a", &none).unwrap(), negated: true }.to_string(),
            "!prev=#year|a"
        );
    }
}
