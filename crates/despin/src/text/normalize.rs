//! Text normalisation with offsets that point back into the original bytes.
//!
//! Spun articles come from the web: curly quotes, non-breaking spaces, en and em dashes, soft
//! hyphens and CRLF line ends are everywhere. The matcher wants one spelling of each, so that
//! "they’re" and "they're" hit the same wordlist entry. [`Normalized`] is a copy of the text
//! with:
//!
//! - typographic single quotes and primes (`‘ ’ ‚ ‛ ′ ´`) turned into `'`,
//! - typographic double quotes and guillemets (`“ ” „ ‟ ″ « »`) turned into `"`,
//! - hyphens and dashes (`‐ ‑ ‒ – — ― −`) turned into `-`,
//! - every run of white space (ASCII and Unicode spaces, line ends) turned into one space,
//! - invisible characters (soft hyphen, zero-width space and joiners, byte order mark) removed.
//!
//! Everything else is copied byte for byte, including bytes that are not valid UTF-8: the
//! normaliser never decodes more than the few sequences above, so it cannot fail.
//!
//! Normalisation only ever shortens the text, and the few places where it does are kept as
//! anchors; [`Normalized::to_original`] maps a position in the copy back to the original in
//! `O(log anchors)`. Text with nothing to change is borrowed, not copied.
//!
//! ```
//! use despin::text::Normalized;
//!
//! let original = "they\u{2019}re\r\n  here".as_bytes();
//! let norm = Normalized::new(original);
//! assert_eq!(norm.as_bytes(), b"they're here");
//! // "here" starts at byte 8 of the copy and at byte 13 of the original.
//! assert_eq!(norm.to_original(8), 13);
//! assert_eq!(norm.span_to_original(0, 7), (0, 9));
//! ```

use std::borrow::Cow;

use super::block::{Block, BLOCK, SPECIAL};
use super::words::utf8_width;

/// A normalised copy of a text, with the means to map its offsets back.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    original: &'a [u8],
    text: Cow<'a, [u8]>,
    /// `(normalised offset, original offset)` at every point where the distance between the two
    /// changes, sorted by both. Before the first anchor the two offsets are equal.
    anchors: Vec<(usize, usize)>,
}

/// What one source character becomes.
enum Edit {
    /// Replaced by this ASCII byte.
    Byte(u8),
    /// White space: joins the surrounding run of white space.
    Space,
    /// Removed altogether.
    Drop,
}

/// Recognises a character that normalisation changes, at the start of `b`, and returns what it
/// becomes and how many bytes it spans.
#[inline]
fn edit_at(b: &[u8]) -> Option<(Edit, usize)> {
    match b[0] {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => Some((Edit::Space, 1)),
        0xC2 if b.len() >= 2 => match b[1] {
            0xA0 => Some((Edit::Space, 2)),             // no-break space
            0xAB | 0xBB => Some((Edit::Byte(b'"'), 2)), // « »
            0xAD => Some((Edit::Drop, 2)),              // soft hyphen
            0xB4 => Some((Edit::Byte(b'\''), 2)),       // acute accent used as apostrophe
            0x85 => Some((Edit::Space, 2)),             // next line
            _ => None,
        },
        0xE2 if b.len() >= 3 => match (b[1], b[2]) {
            (0x80, 0x80..=0x8A) => Some((Edit::Space, 3)), // en quad .. hair space
            (0x80, 0x8B..=0x8D) => Some((Edit::Drop, 3)),  // zero-width space, (non-)joiner
            (0x80, 0x90..=0x95) => Some((Edit::Byte(b'-'), 3)), // hyphen .. horizontal bar
            (0x80, 0x98..=0x9B) => Some((Edit::Byte(b'\''), 3)), // ‘ ’ ‚ ‛
            (0x80, 0x9C..=0x9F) => Some((Edit::Byte(b'"'), 3)), // “ ” „ ‟
            (0x80, 0xA8 | 0xA9) => Some((Edit::Space, 3)), // line and paragraph separators
            (0x80, 0xAF) => Some((Edit::Space, 3)),        // narrow no-break space
            (0x80, 0xB2) => Some((Edit::Byte(b'\''), 3)),  // prime
            (0x80, 0xB3) => Some((Edit::Byte(b'"'), 3)),   // double prime
            (0x81, 0x9F) => Some((Edit::Space, 3)),        // medium mathematical space
            (0x81, 0xA0) => Some((Edit::Drop, 3)),         // word joiner
            (0x88, 0x92) => Some((Edit::Byte(b'-'), 3)),   // minus sign
            _ => None,
        },
        0xE3 if b.len() >= 3 && b[1] == 0x80 && b[2] == 0x80 => Some((Edit::Space, 3)), // ideographic space
        0xEF if b.len() >= 3 && b[1] == 0xBB && b[2] == 0xBF => Some((Edit::Drop, 3)),  // BOM, ZWNBSP
        _ => None,
    }
}

/// The end of the run of bytes from `start` that normalisation copies unchanged: up to a byte
/// that may start a change ([`SPECIAL`]), or a space before a space or such a byte (a space
/// needs looking at only when more white space follows it).
#[inline]
fn plain_run(b: &[u8], start: usize) -> usize {
    let mut i = start;
    // Whole blocks first, on their masks.
    while i + BLOCK <= b.len() {
        let m = Block::classify(b[i..i + BLOCK].try_into().expect("a block"));
        let mut stop = m.special | (m.space & ((m.space | m.special) >> 1));
        if m.space >> (BLOCK - 1) != 0 {
            if let Some(&next) = b.get(i + BLOCK) {
                if next == b' ' || SPECIAL[next as usize] {
                    stop |= 1 << (BLOCK - 1);
                }
            }
        }
        if stop != 0 {
            return i + stop.trailing_zeros() as usize;
        }
        i += BLOCK;
    }
    while i < b.len() {
        let c = b[i];
        if SPECIAL[c as usize] {
            return i;
        }
        if c == b' ' {
            if let Some(&next) = b.get(i + 1) {
                if next == b' ' || SPECIAL[next as usize] {
                    return i;
                }
            }
        }
        i += 1;
    }
    i
}

impl<'a> Normalized<'a> {
    /// Normalises `original`. Never fails: bytes that are not valid UTF-8 are copied unchanged.
    pub fn new(original: &'a [u8]) -> Normalized<'a> {
        // Fast path: nothing but single ASCII spaces between words, nothing to rewrite.
        let first = plain_run(original, 0);
        if first == original.len() {
            return Normalized { original, text: Cow::Borrowed(original), anchors: Vec::new() };
        }
        let mut out = Vec::with_capacity(original.len());
        out.extend_from_slice(&original[..first]);
        let mut anchors: Vec<(usize, usize)> = Vec::new();
        let mut i = first;
        // Whether the last byte written is a space that stands for white space.
        let mut in_space = false;
        while i < original.len() {
            // Copy the run of bytes that need nothing done, in one go. A space right after
            // white space is not plain: it joins the run.
            let end = if in_space && original[i] == b' ' { i } else { plain_run(original, i) };
            if end > i {
                out.extend_from_slice(&original[i..end]);
                in_space = false;
                i = end;
                if i == original.len() {
                    break;
                }
            }
            match edit_at(&original[i..]) {
                None => {
                    // A lead byte of a character we leave alone (é, €, …).
                    out.push(original[i]);
                    in_space = false;
                    i += 1;
                }
                Some((Edit::Byte(r), len)) => {
                    out.push(r);
                    in_space = false;
                    i += len;
                }
                Some((Edit::Space, len)) => {
                    if !in_space {
                        out.push(b' ');
                        in_space = true;
                    }
                    i += len;
                }
                Some((Edit::Drop, len)) => i += len,
            }
            // Keep an anchor wherever the shift between the two texts has changed.
            let shift = i - out.len();
            let last_shift = anchors.last().map_or(0, |&(n, o)| o - n);
            if shift != last_shift {
                match anchors.last_mut() {
                    // A run of dropped or collapsed characters: move the anchor along.
                    Some(last) if last.0 == out.len() => last.1 = i,
                    _ => anchors.push((out.len(), i)),
                }
            }
        }
        Normalized { original, text: Cow::Owned(out), anchors }
    }

    /// The normalised text.
    pub fn as_bytes(&self) -> &[u8] {
        &self.text
    }

    /// The text as it was read.
    pub fn original(&self) -> &'a [u8] {
        self.original
    }

    /// Maps the start of a character in the normalised text to the start of the character it
    /// came from in the original. Offsets past the end map to the end of the original.
    pub fn to_original(&self, pos: usize) -> usize {
        let idx = self.anchors.partition_point(|&(n, _)| n <= pos);
        let orig = if idx == 0 {
            pos
        } else {
            let (n, o) = self.anchors[idx - 1];
            o + (pos - n)
        };
        // An anchor records where the *next* source character starts; when `pos` lands on a
        // byte that stands for a run of white space or a replaced character, that is where the
        // run or character starts, which is what we want. Clamp for positions past the end.
        orig.min(self.original.len())
    }

    /// Maps a half-open span of the normalised text to the span of the original that produced
    /// it. The end maps to the byte after the last source character of the span, so a span that
    /// ends in a replaced character (a curly quote, a dash) covers all of its bytes.
    pub fn span_to_original(&self, start: usize, end: usize) -> (usize, usize) {
        if end <= start {
            let s = self.to_original(start);
            return (s, s);
        }
        let s = self.to_original(start);
        let last = self.to_original(end - 1);
        let width = match self.original.get(last) {
            // A lead byte in the original behind a normalised byte means the byte was a
            // replacement for the whole character.
            Some(&b) if b >= 0xC0 && self.text[end - 1] < 0x80 => utf8_width(b),
            // A run of white space collapsed into the last byte: cover only its first byte.
            _ => 1,
        };
        (s, (last + width).min(self.original.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(original: &str, expect: &str) {
        let n = Normalized::new(original.as_bytes());
        assert_eq!(String::from_utf8_lossy(n.as_bytes()), expect, "normalising {original:?}");
    }

    #[test]
    fn rewrites_typography() {
        roundtrip("it\u{2019}s \u{201C}done\u{201D}", "it's \"done\"");
        roundtrip("a\u{2013}b \u{2014} c", "a-b - c");
        roundtrip("no\u{a0}break", "no break");
        roundtrip("soft\u{ad}hyphen", "softhyphen");
        roundtrip("\u{feff}BOM", "BOM");
        roundtrip("a \r\n\t b", "a b");
        roundtrip("plain text", "plain text");
    }

    #[test]
    fn offsets_map_back() {
        let original = "\u{feff}x  \u{2018}Would\u{2019}\r\nround";
        let n = Normalized::new(original.as_bytes());
        let norm = std::str::from_utf8(n.as_bytes()).unwrap();
        assert_eq!(norm, "x 'Would' round");
        for word in ["x", "'Would'", "Would", "round"] {
            let s = norm.find(word).unwrap();
            let (os, oe) = n.span_to_original(s, s + word.len());
            let slice = &original[os..oe];
            let back = Normalized::new(slice.as_bytes());
            assert_eq!(back.as_bytes(), word.as_bytes(), "{word} -> {slice:?}");
        }
    }

    #[test]
    fn invalid_utf8_is_copied() {
        let original = b"ab\xff\xe2\x80 c\xc2";
        let n = Normalized::new(original);
        assert_eq!(n.as_bytes(), b"ab\xff\xe2\x80 c\xc2");
    }

    fn plain_run_bytewise(b: &[u8], start: usize) -> usize {
        (start..b.len())
            .find(|&i| {
                SPECIAL[b[i] as usize]
                    || b[i] == b' ' && b.get(i + 1).is_some_and(|&n| n == b' ' || SPECIAL[n as usize])
            })
            .unwrap_or(b.len())
    }

    #[test]
    fn plain_runs_by_blocks_agree_with_bytes() {
        let alphabet: &[u8] = b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  \t\n\r\x0b\x0c-*.,'aZ09_\xc2\xa0\xe2\x80\x99\xe3\xef\xd0\x80\x7f\x00";
        let mut seed = 11u64;
        for len in 0..300 {
            for _ in 0..20 {
                let text: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        alphabet[(seed >> 33) as usize % alphabet.len()]
                    })
                    .collect();
                for start in [0, len / 3, len / 2] {
                    assert_eq!(plain_run(&text, start), plain_run_bytewise(&text, start), "{text:?} from {start}");
                }
            }
        }
        let plain = "word ".repeat(100);
        assert_eq!(plain_run(plain.as_bytes(), 0), plain.len());
    }
}
