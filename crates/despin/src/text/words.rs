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

use super::block::{Block, BLOCK};

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
    // A word is counted at its first letter or digit (bytes of non-ASCII characters count as
    // letters: most of them are): a word byte whose nearest byte before it that is white space
    // or a word byte is white space, or that has no such byte before it. Other bytes
    // (punctuation) are passed over. 64 bytes at a time, on the masks of a block.
    let mut words = 0usize;
    // Whether the last byte seen that is white space or a word byte is white space (or none).
    let mut armed = true;
    let mut blocks = text.chunks_exact(BLOCK);
    let mut count = |m: Block, armed: &mut bool| {
        let other = !(m.white | m.word);
        // Where a word byte would count: right after white space, or after white space and a
        // run of other bytes (the carry of the addition runs through the run).
        let after = (m.white << 1) | u64::from(*armed);
        let reach = (after | other.wrapping_add(after & other)) & !other;
        words += (m.word & reach).count_ones() as usize;
        let seen = m.white | m.word;
        if seen != 0 {
            *armed = m.white >> (63 - seen.leading_zeros()) & 1 == 1;
        }
    };
    for block in &mut blocks {
        count(Block::classify(block.try_into().expect("a block")), &mut armed);
    }
    let rest = blocks.remainder();
    if !rest.is_empty() {
        // White space after the end adds no word.
        let mut last = [b' '; BLOCK];
        last[..rest.len()].copy_from_slice(rest);
        count(Block::classify(&last), &mut armed);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-at-a-time definition the block code must agree with.
    fn count_words_bytewise(text: &[u8]) -> usize {
        text.split(|b| b.is_ascii_whitespace())
            .filter(|token| token.iter().any(|&b| b.is_ascii_alphanumeric() || b >= 0x80))
            .count()
    }

    #[test]
    fn word_counts_by_blocks_agree_with_bytes() {
        let alphabet: &[u8] =
            b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  \t\n\r\x0b\x0c-*.,'aZ09_\xc2\xa0\xe2\x80\x99\xd0\x80\x7f\x00";
        let mut seed = 13u64;
        for len in 0..300 {
            for _ in 0..20 {
                let text: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        alphabet[(seed >> 33) as usize % alphabet.len()]
                    })
                    .collect();
                assert_eq!(count_words(&text), count_words_bytewise(&text), "{text:?}");
            }
        }
        assert_eq!(count_words("word ".repeat(100).as_bytes()), 100);
    }

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
