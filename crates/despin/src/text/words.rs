//! What a word is: the one rule, and the few ways of reading it that the pipeline needs.
//!
//! A *word character* is a letter or digit of any script, or `_` ([`is_word_char`]); a word is
//! a run of them. Everything in despin that splits text into words follows this rule, read at
//! the cost each stage can afford:
//!
//! - [`is_boundary`]: the matcher's word boundaries, exact, from the two characters on either
//!   side of a position (so "Київ" does not hit inside "Київська");
//! - [`is_word_byte`]: the ASCII part of the rule, where one byte must decide (the words that
//!   context flags look at);
//! - [`is_token_byte`]: the rule read byte by byte, every non-ASCII byte taken for a letter
//!   (inference walks millions of words and the English tables hold ASCII words only);
//! - [`words`]: the lower-cased words of a phrase, for aligning spun phrases with originals;
//! - [`count_words`]: the length of a document: runs of non-space bytes that hold a word
//!   character, so "—" standing alone is not a word while "3rd", "it's" and "Київ" are one.
//!
//! ```
//! use despin::text::words::{count_words, is_boundary, words};
//!
//! assert_eq!(words("Our bodies of squaddies’"), ["our", "bodies", "of", "squaddies"]);
//! assert_eq!(count_words(b"the 3rd  spherical -- of talks"), 5);
//! let text = "Київська".as_bytes();
//! assert!(!is_boundary(text, 8)); // between "Київ" and "ська"
//! assert!(is_boundary(b"a round.", 7));
//! ```

/// True for a word character: a letter or digit of any script, or `_`.
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True for the ASCII bytes that make up words: letters, digits and `_`.
#[inline]
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// True for the bytes of words read byte by byte: ASCII letters and digits, `_`, and every
/// non-ASCII byte (so "café" is one word, just not one the English tables know).
#[inline]
pub fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The lower-cased words of a phrase, split at every character that is not a word character.
pub fn words(phrase: &str) -> Vec<String> {
    phrase.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// The length of a UTF-8 sequence from its lead byte (1 for anything unexpected).
pub fn utf8_width(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// The character that ends just before `pos`, if the bytes there are valid UTF-8.
pub fn char_before(hay: &[u8], pos: usize) -> Option<char> {
    let &last = hay[..pos].last()?;
    if last < 0x80 {
        return Some(char::from(last));
    }
    let from = pos.saturating_sub(4);
    let start = (from..pos).rev().find(|&i| hay[i] & 0xC0 != 0x80)?;
    let mut chars = std::str::from_utf8(&hay[start..pos]).ok()?.chars();
    let c = chars.next();
    chars.next().is_none().then_some(c?)
}

/// The character that starts at `pos`, if the bytes there are valid UTF-8.
pub fn char_after(hay: &[u8], pos: usize) -> Option<char> {
    let &first = hay.get(pos)?;
    if first < 0x80 {
        return Some(char::from(first));
    }
    let width = match first {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return None,
    };
    std::str::from_utf8(hay.get(pos..pos + width)?).ok()?.chars().next()
}

/// Whether `pos` is a word boundary: not between two word characters. Bytes that are not valid
/// UTF-8 count as non-word characters.
#[inline]
pub fn is_boundary(hay: &[u8], pos: usize) -> bool {
    // The common case, ASCII on either side, without decoding.
    if let Some(&b) = hay.get(pos) {
        if b < 0x80 && !is_word_byte(b) {
            return true;
        }
    }
    if pos > 0 && hay[pos - 1] < 0x80 && !is_word_byte(hay[pos - 1]) {
        return true;
    }
    !(char_before(hay, pos).is_some_and(is_word_char) && char_after(hay, pos).is_some_and(is_word_char))
}

/// Counts the words of a text: runs of non-space bytes that hold at least one letter or digit
/// (so "—" or "*" standing alone is not a word, while "3rd", "it's" and "Київ" are).
pub fn count_words(text: &[u8]) -> usize {
    // 0: white space, 1: letter or digit (bytes of non-ASCII characters count as letters: most
    // of them are), 2: anything else.
    static CLASS: [u8; 256] = {
        let mut t = [2u8; 256];
        let mut i = 0;
        while i < 256 {
            let b = i as u8;
            t[i] = if b.is_ascii_whitespace() {
                0
            } else if b.is_ascii_alphanumeric() || b >= 0x80 {
                1
            } else {
                2
            };
            i += 1;
        }
        t
    };
    // Branch-free: a word ends where white space follows a token that held a letter or digit.
    let mut words = 0usize;
    let mut has_word = 0usize;
    for &b in text {
        let class = CLASS[b as usize];
        let space = usize::from(class == 0);
        words += has_word & space;
        has_word = (has_word | usize::from(class == 1)) & (space ^ 1);
    }
    words + has_word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words() {
        assert_eq!(count_words(b"the 3rd  spherical -- of talks"), 5);
        assert_eq!(count_words("Київ і Львів".as_bytes()), 3);
        assert_eq!(count_words(b"  * - "), 0);
        assert_eq!(count_words(b"it's"), 1);
    }

    #[test]
    fn boundaries_outside_ascii() {
        let text = "Київ, Київська".as_bytes();
        assert!(is_boundary(text, 0) && is_boundary(text, 8));
        assert!(!is_boundary(text, 18));
        // Invalid UTF-8 is no word character.
        assert!(is_boundary(b"\xffround", 1));
    }

    #[test]
    fn phrase_words() {
        assert_eq!(words("get right of entry to"), ["get", "right", "of", "entry", "to"]);
        assert_eq!(words("a-b  C_d"), ["a", "b", "c_d"]);
    }
}
