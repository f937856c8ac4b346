//! Where a byte offset is, for people and for tools that count characters: line and column
//! ([`LineCounter`]) and character offsets ([`char_offsets`]).
//!
//! ```
//! use despin::text::lines::{char_offsets, LineCounter};
//!
//! let text = "one\ntwo \u{2019}three\n".as_bytes();
//! let mut lines = LineCounter::new(text);
//! assert_eq!(lines.locate(4), (2, 1));
//! assert_eq!(lines.locate(12), (2, 7));
//! let text = "Київ: 3rd spherical".as_bytes();
//! // "3rd" starts at byte 10, character 6.
//! assert_eq!(char_offsets(text, &[10, text.len()]), (vec![6, 19], 19));
//! ```

/// Line (1-based) and column (1-based, in characters) of byte offsets into a text, computed
/// incrementally for offsets given in increasing order: locating every hit of a document costs
/// one pass over it, however long its lines.
#[derive(Debug)]
pub struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
    /// Column of `pos`.
    col: usize,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a [u8]) -> Self {
        LineCounter { text, pos: 0, line: 1, col: 1 }
    }

    /// Line and column of `offset`. Offsets must not decrease between calls; a smaller one
    /// starts counting again from the top.
    pub fn locate(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.pos {
            *self = LineCounter::new(self.text);
        }
        let chunk = &self.text[self.pos..offset];
        // Columns count characters: every byte that does not continue a UTF-8 sequence.
        let chars = |bytes: &[u8]| bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        match memchr::memrchr(b'\n', chunk) {
            Some(last_nl) => {
                self.line += memchr::memchr_iter(b'\n', chunk).count();
                self.col = chars(&chunk[last_nl + 1..]) + 1;
            }
            None => self.col += chars(chunk),
        }
        self.pos = offset;
        (self.line, self.col)
    }
}

/// Character offsets of byte offsets (given in increasing order) in a UTF-8 text, and the
/// length of the text in characters. Bytes that continue a UTF-8 sequence do not count.
pub fn char_offsets(text: &[u8], bytes: &[usize]) -> (Vec<usize>, usize) {
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    let mut chars = 0;
    let count = |s: &[u8]| s.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
    for &b in bytes {
        let b = b.min(text.len()).max(pos);
        chars += count(&text[pos..b]);
        pos = b;
        out.push(chars);
    }
    chars += count(&text[pos..]);
    (out, chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let text = "one\ntwo \u{2019}three\n".as_bytes();
        let mut lc = LineCounter::new(text);
        assert_eq!(lc.locate(0), (1, 1));
        assert_eq!(lc.locate(4), (2, 1));
        assert_eq!(lc.locate(11), (2, 6));
        assert_eq!(lc.locate(12), (2, 7));
        assert_eq!(lc.locate(17), (3, 1));
        // A smaller offset starts again from the top.
        assert_eq!(lc.locate(4), (2, 1));
    }

    #[test]
    fn columns_on_one_long_line() {
        // Many hits on one long line: each column is counted from the last hit, not from the
        // start of the line (the cost is measured by the `locate` benchmark).
        let text = "ab ".repeat(30_000);
        let mut lc = LineCounter::new(text.as_bytes());
        for i in (0..text.len()).step_by(30) {
            assert_eq!(lc.locate(i), (1, i + 1));
        }
    }
}
