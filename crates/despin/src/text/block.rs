//! 64 bytes of text classified at once into bit masks, for the passes that look at every byte
//! of every document: the normaliser's search for what it must change, and the word count.
//!
//! With SSE2 on x86-64 (part of its baseline: no detection at run time), a byte at a time
//! elsewhere; a test checks that the two agree.

/// Bytes a [`Block`] covers.
pub(super) const BLOCK: usize = 64;

/// The bytes that may start a change of the normaliser: ASCII white space other than the
/// space, and the lead bytes of the multi-byte characters it knows.
pub(super) static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(i as u8, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0xC2 | 0xE2 | 0xE3 | 0xEF);
        i += 1;
    }
    t
};

/// What the bytes of a 64-byte block are, one bit a byte (bit `i` for byte `i`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Block {
    /// The space, `b' '`.
    pub(super) space: u64,
    /// ASCII white space, as [`u8::is_ascii_whitespace`] has it: space, tab, line feed, form
    /// feed, carriage return.
    pub(super) white: u64,
    /// Bytes that make words for the word count: ASCII letters and digits, and every byte of a
    /// non-ASCII character.
    pub(super) word: u64,
    /// The bytes of [`SPECIAL`].
    pub(super) special: u64,
}

impl Block {
    /// Classifies 64 bytes.
    #[inline]
    pub(super) fn classify(bytes: &[u8; BLOCK]) -> Block {
        #[cfg(target_arch = "x86_64")]
        {
            Block::classify_sse2(bytes)
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            Block::classify_scalar(bytes)
        }
    }

    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    pub(super) fn classify_scalar(bytes: &[u8; BLOCK]) -> Block {
        let mut m = Block { space: 0, white: 0, word: 0, special: 0 };
        for (i, &b) in bytes.iter().enumerate() {
            let bit = 1u64 << i;
            if b == b' ' {
                m.space |= bit;
            }
            if b.is_ascii_whitespace() {
                m.white |= bit;
            }
            if b.is_ascii_alphanumeric() || b >= 0x80 {
                m.word |= bit;
            }
            if SPECIAL[b as usize] {
                m.special |= bit;
            }
        }
        m
    }

    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn classify_sse2(bytes: &[u8; BLOCK]) -> Block {
        use std::arch::x86_64::*;
        let mut m = Block { space: 0, white: 0, word: 0, special: 0 };
        for part in 0..BLOCK / 16 {
            // SAFETY: SSE2 is part of the x86-64 baseline; the load reads 16 bytes inside
            // `bytes`, unaligned. (Measured by the earlier study: the word count 103M -> 18M
            // and the normaliser 115M -> 35M instructions on 8 MB, against a table a byte.)
            unsafe {
                let v = _mm_loadu_si128(bytes.as_ptr().add(part * 16).cast());
                let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
                let space = eq(b' ');
                let controls = _mm_or_si128(_mm_or_si128(eq(b'\t'), eq(b'\n')), _mm_or_si128(eq(0x0c), eq(b'\r')));
                let white = _mm_or_si128(space, controls);
                let leads = _mm_or_si128(_mm_or_si128(eq(0xC2), eq(0xE2)), _mm_or_si128(eq(0xE3), eq(0xEF)));
                let special = _mm_or_si128(_mm_or_si128(controls, eq(0x0b)), leads);
                // Unsigned x <= n as min(x, n) == x.
                let le = |x: __m128i, n: u8| _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(n as i8)), x);
                let digit = le(_mm_sub_epi8(v, _mm_set1_epi8(b'0' as i8)), 9);
                let letter = le(_mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(b'a' as i8)), 25);
                let shift = part * 16;
                let mask = |x: __m128i| u64::from(_mm_movemask_epi8(x) as u16) << shift;
                m.space |= mask(space);
                m.white |= mask(white);
                // The high bit of every byte of a non-ASCII character.
                m.word |= mask(_mm_or_si128(_mm_or_si128(digit, letter), v));
                m.special |= mask(special);
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sse2_and_bytes_agree() {
        let mut seed = 5u64;
        for _ in 0..2000 {
            let block: [u8; BLOCK] = std::array::from_fn(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (seed >> 56) as u8
            });
            assert_eq!(Block::classify(&block), Block::classify_scalar(&block));
        }
    }
}
