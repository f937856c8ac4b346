//! The one hash: FNV-1a, and what is built on it.
//!
//! - [`word_hash`], [`pair_hash`] and [`phrase_hash`] key the language tables and the
//!   inferrer's maps: a word is hashed once, ignoring ASCII case, and pairs and phrases are
//!   chained from word hashes, so that no lookup allocates;
//! - [`Fnv1a`] is the streaming hasher under them, also used where a stable hash of some bytes
//!   is wanted (seeded splits in the lab, the name of a rule set);
//! - [`HashedMap`] is a hash map keyed by such hashes, which passes them through unhashed.
//!
//! FNV-1a is not a cryptographic hash; it is stable across runs, platforms and versions,
//! which is what seeded splits and attribute names need.
//!
//! ```
//! use despin::text::hash::{pair_hash, phrase_hash, word_hash, Fnv1a};
//!
//! assert_eq!(word_hash(b"Round"), word_hash(b"round"));
//! assert_eq!(phrase_hash(b"third  round"), pair_hash(word_hash(b"third"), word_hash(b"round")));
//! let mut h = Fnv1a::new();
//! h.write(b"a");
//! assert_eq!(h.raw(), 0xaf63_dc4c_8601_ec8c);
//! ```

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over bytes, streamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a::new()
    }
}

impl Fnv1a {
    pub const fn new() -> Fnv1a {
        Fnv1a(OFFSET)
    }

    /// Adds one byte.
    #[inline]
    pub fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME);
    }

    /// Adds bytes.
    #[inline]
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }

    /// The hash so far, as FNV-1a defines it.
    #[inline]
    pub fn raw(self) -> u64 {
        self.0
    }

    /// The hash so far, finished as [`word_hash`] finishes it (low bits well mixed).
    #[inline]
    pub fn finish_word(self) -> u64 {
        finish(self.0)
    }
}

/// The splitmix64 finaliser: spreads every bit of `z` over the whole word.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A small deterministic random generator, SplitMix64: the stream of [`mix64`] over a counter.
/// Reproducible from its seed on every platform; not for cryptography. The lab draws its
/// samples with it, the benchmarks their corpora.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix64(self.0)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
}

/// A hash of a seed and some parts, each part after a 0 byte, finished with [`mix64`]: the
/// seeded draws of the lab (chunk lengths, which half a document is in, the spinner's dice).
pub fn seeded(seed: &str, parts: &[&str]) -> u64 {
    let mut h = Fnv1a::new();
    h.write(seed.as_bytes());
    for p in parts {
        h.byte(0);
        h.write(p.as_bytes());
    }
    mix64(h.raw())
}

/// Hash of a word, ignoring ASCII case (FNV-1a over the lower-cased bytes, finished with a
/// multiply-shift so that the low bits are well mixed for the hash table).
#[inline]
pub fn word_hash(word: &[u8]) -> u64 {
    let mut h = Fnv1a::new();
    for &b in word {
        h.byte(b.to_ascii_lowercase());
    }
    h.finish_word()
}

/// Hash of a phrase of words separated by single spaces, ignoring case: the [`pair_hash`]
/// chain of its words' hashes, so that `phrase_hash(b"third round")` equals
/// `pair_hash(word_hash(b"third"), word_hash(b"round"))`.
pub fn phrase_hash(phrase: &[u8]) -> u64 {
    let mut words = phrase.split(|&b| b == b' ').filter(|w| !w.is_empty());
    let first = words.next().map_or(0, word_hash);
    words.fold(first, |h, w| pair_hash(h, word_hash(w)))
}

#[inline]
fn finish(h: u64) -> u64 {
    (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
}

/// Hash of an ordered pair of word hashes.
#[inline]
pub fn pair_hash(a: u64, b: u64) -> u64 {
    finish(a.rotate_left(23) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// A hasher for keys that are hashes already: it passes the `u64` through.
#[derive(Default, Clone, Copy)]
pub struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A hash map keyed by [`word_hash`] or [`pair_hash`] values.
pub type HashedMap<V> = HashMap<u64, V, BuildHasherDefault<PreHashed>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_ignore_case_and_chain() {
        assert_eq!(word_hash(b"Round"), word_hash(b"round"));
        assert_ne!(word_hash(b"round"), word_hash(b"rounds"));
        assert_eq!(phrase_hash(b"third  round"), pair_hash(word_hash(b"third"), word_hash(b"round")));
        assert_ne!(pair_hash(word_hash(b"a"), word_hash(b"b")), pair_hash(word_hash(b"b"), word_hash(b"a")));
    }

    #[test]
    fn fnv_is_the_published_one() {
        // FNV-1a 64 of "" and "foobar", from the reference test vectors.
        assert_eq!(Fnv1a::new().raw(), 0xcbf2_9ce4_8422_2325);
        let mut h = Fnv1a::new();
        h.write(b"foobar");
        assert_eq!(h.raw(), 0x8594_4171_f739_67e8);
    }
}
