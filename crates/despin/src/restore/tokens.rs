//! The words of a document as restoring reads them: split into sentences, each word with its
//! place, its letter case, its id in the language model, and whether it may be rewritten.

use crate::lang::trigram::{TrigramModel, WordId};
use crate::text::hash::word_hash;

/// The letter case of a word as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Case {
    /// No capital letter ("round"), or no letter at all ("40").
    Lower,
    /// A capital first letter and no other ("Round").
    Initial,
    /// Two or more letters, all capitals ("LATEST", "EU").
    Upper,
    /// Capitals elsewhere ("iPhone", "McDonald").
    Mixed,
}

/// A word of the text (byte offsets of the normalised text).
#[derive(Debug, Clone, Copy)]
pub(super) struct Word {
    pub(super) start: usize,
    pub(super) end: usize,
    /// [`word_hash`] of the word (case ignored).
    pub(super) hash: u64,
    /// The language model's id of the word in lower case.
    pub(super) lm: Option<WordId>,
    pub(super) case: Case,
    /// Punctuation (other than an apostrophe or a hyphen) between the previous word and this
    /// one: no phrase runs across it.
    pub(super) brk: bool,
    /// Joined to a neighbour by a hyphen or a digit ("anti-corruption", "3rd"): a part of a
    /// compound, left as written.
    pub(super) joined: bool,
    /// Opens a sentence, where a capital letter says nothing of a name: the first word of the
    /// text or of a line, or one after `.`, `!` or `?` that do not end an abbreviation ("Mr.",
    /// "U.S.", "Reps.", "V."). Not after `:`, `;`, a bracket or a quote inside a sentence.
    pub(super) first: bool,
}

impl Word {
    /// Whether the word has a digit.
    pub(super) fn has_digit(&self, text: &[u8]) -> bool {
        text[self.start..self.end].iter().any(u8::is_ascii_digit)
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn case_of(w: &[u8]) -> Case {
    let upper = w.iter().filter(|b| b.is_ascii_uppercase()).count();
    let letters = w.iter().filter(|b| b.is_ascii_alphabetic()).count();
    match upper {
        0 => Case::Lower,
        1 if w[0].is_ascii_uppercase() => Case::Initial,
        n if n == letters && letters >= 2 => Case::Upper,
        _ if w[0].is_ascii_uppercase() && letters == 1 => Case::Initial,
        _ => Case::Mixed,
    }
}

/// Titles and other abbreviations that a capitalised name follows.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "rep", "reps", "sen", "gov", "prof",
    "rev", "gens", "adm", "maj", "cmdr", "pres", "supt", "messrs", "mt", "ft", "vs", "no", "co", "inc", "corp", "ltd",
    "dept", "univ",
];

/// Whether the word after `gap` opens a sentence (see [`Word::first`]); `prev_end` is the end
/// of the word before the gap, `usize::MAX` if none.
fn opens(text: &[u8], prev_end: usize, gap: &[u8]) -> bool {
    if prev_end == usize::MAX || gap.contains(&b'\n') {
        return true;
    }
    let Some(stop) = gap.iter().position(|&c| matches!(c, b'.' | b'!' | b'?')) else { return false };
    if gap[stop] != b'.' {
        return true;
    }
    // The word before the full stop: an initial ("V.", "U.S.") or a title is an abbreviation.
    let mut a = prev_end;
    while a > 0 && is_word_byte(text[a - 1]) {
        a -= 1;
    }
    let before = &text[a..prev_end];
    let initial = before.len() == 1 || (a > 0 && text[a - 1] == b'.');
    !(initial || ABBREVIATIONS.iter().any(|t| before.eq_ignore_ascii_case(t.as_bytes())))
}

/// Splits a normalised text into sentences of words. A word is a run of ASCII letters and
/// digits and non-ASCII bytes, with apostrophes inside it ("don't", "country's"); a sentence
/// ends at `.`, `!`, `?`, `;` or `:`.
pub(super) fn sentences(text: &[u8], lm: &TrigramModel) -> Vec<Vec<Word>> {
    let mut out = Vec::new();
    let mut current: Vec<Word> = Vec::new();
    let mut i = 0;
    let n = text.len();
    let mut gap_start = 0;
    // End of the previous word (none before the first).
    let mut prev_end = usize::MAX;
    while i < n {
        if !is_word_byte(text[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && (is_word_byte(text[i]) || (text[i] == b'\'' && i + 1 < n && text[i + 1].is_ascii_alphabetic())) {
            i += 1;
        }
        let gap = &text[gap_start..start];
        gap_start = i;
        let ends = gap.iter().any(|&c| matches!(c, b'.' | b'!' | b'?' | b';' | b':'));
        if ends && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        let word = &text[start..i];
        let lower: Vec<u8> = word.to_ascii_lowercase();
        let hash = word_hash(&lower);
        let hyphen_before = gap.last() == Some(&b'-') && gap.len() == 1;
        // "it 's", "don 't": the rest of a word cut at an apostrophe.
        let after_apostrophe = gap.last() == Some(&b'\'');
        let hyphen_after = i < n && text[i] == b'-' && i + 1 < n && is_word_byte(text[i + 1]);
        if hyphen_before {
            if let Some(prev) = current.last_mut() {
                prev.joined = true;
            }
        }
        current.push(Word {
            start,
            end: i,
            hash,
            lm: lm.word(hash),
            case: case_of(word),
            brk: current.is_empty() || gap.iter().any(|&c| !matches!(c, b' ' | b'\'' | b'-')),
            joined: hyphen_before || hyphen_after || after_apostrophe,
            first: opens(text, prev_end, gap),
        });
        prev_end = i;
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<Vec<String>> {
        sentences(text.as_bytes(), TrigramModel::get())
            .iter()
            .map(|s| s.iter().map(|w| text[w.start..w.end].to_string()).collect())
            .collect()
    }

    #[test]
    fn sentences_end_at_stops_and_keep_apostrophes_inside_words() {
        assert_eq!(
            split("They don't agree. The country's plan: talks!"),
            vec![vec!["They", "don't", "agree"], vec!["The", "country's", "plan"], vec!["talks"]]
        );
    }

    #[test]
    fn case_and_compounds_are_marked() {
        let text = "the EU and anti-corruption Trump";
        let s = &sentences(text.as_bytes(), TrigramModel::get())[0];
        let cases: Vec<Case> = s.iter().map(|w| w.case).collect();
        assert_eq!(cases, vec![Case::Lower, Case::Upper, Case::Lower, Case::Lower, Case::Lower, Case::Initial]);
        let joined: Vec<bool> = s.iter().map(|w| w.joined).collect();
        assert_eq!(joined, vec![false, false, false, true, true, false]);
        assert!(s[0].first && !s[1].first);
    }

    #[test]
    fn a_capital_after_an_abbreviation_bracket_or_colon_does_not_open_a_sentence() {
        let text = "Reps. V. E. (Red) Berry spoke. The U.S. Army came: Signal Corps left.\nNew line";
        let firsts: Vec<String> = sentences(text.as_bytes(), TrigramModel::get())
            .iter()
            .flatten()
            .filter(|w| w.first)
            .map(|w| text[w.start..w.end].to_string())
            .collect();
        assert_eq!(firsts, vec!["Reps", "The", "New"]);
    }
}
