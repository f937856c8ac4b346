//! Reading the table: the header, the sections, their checks.

use std::io::Read;

use crate::text::hash::word_hash;

use super::fences::Fences;
use super::{TrigramModel, MAGIC, MAX_TABLE_BYTES, NO_WORD, SECTIONS, VERSION};

/// How the fields of a bigram record (`u64`) and a trigram record (`u32`) are packed.
///
/// A bigram record is, from the high bits down: the second word, the code of its log
/// probability, the code of its backoff, and the index of its first trigram. The word is on
/// top so that the records of one first word, sorted by second word, are sorted as integers,
/// and a search compares whole records. A trigram record is the third word over its code.
#[derive(Debug, Clone, Copy)]
pub(super) struct Layout {
    /// Shift of the word in a bigram record.
    pub(super) bi_word_shift: u32,
    /// Shift and mask of the probability code in a bigram record.
    pub(super) bi_prob_shift: u32,
    pub(super) bi_prob_mask: u64,
    /// Shift and mask of the backoff code in a bigram record (the trigram index is below it).
    pub(super) bi_bo_shift: u32,
    pub(super) bi_bo_mask: u64,
    /// Mask of the trigram index in a bigram record (shift 0).
    pub(super) bi_next_mask: u64,
    /// Shift of the word in a trigram record; the code is below it.
    pub(super) tri_word_shift: u32,
    pub(super) tri_prob_mask: u32,
}

/// Bits needed to hold every value up to `max` (0 for 0).
pub(super) fn bits_for(max: u64) -> u32 {
    u64::BITS - max.leading_zeros()
}

/// The low `bits` bits set.
pub(super) fn mask(bits: u32) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

impl Layout {
    pub(super) fn new(n_words: usize, n_trigrams: usize, books: [usize; 3]) -> Result<Layout, String> {
        // At least one bit for the word, so that its shift stays below 64.
        let word = bits_for(n_words.saturating_sub(1) as u64).max(1);
        let [bi_prob, bi_bo, tri_prob] = books.map(|n| bits_for(n.saturating_sub(1) as u64));
        let next = bits_for(n_trigrams as u64);
        if word + bi_prob + bi_bo + next > 64 {
            return Err(format!(
                "bigram records need {} bits (word {word}, prob {bi_prob}, backoff {bi_bo}, trigram index {next}); \
                 at most 64 are supported",
                word + bi_prob + bi_bo + next
            ));
        }
        if word + tri_prob > 32 {
            return Err(format!(
                "trigram records need {} bits (word {word}, prob {tri_prob}); at most 32 are supported",
                word + tri_prob
            ));
        }
        Ok(Layout {
            bi_word_shift: next + bi_bo + bi_prob,
            bi_prob_shift: next + bi_bo,
            bi_prob_mask: mask(bi_prob),
            bi_bo_shift: next,
            bi_bo_mask: mask(bi_bo),
            bi_next_mask: mask(next),
            tri_word_shift: tri_prob,
            tri_prob_mask: mask(tri_prob) as u32,
        })
    }
}

impl TrigramModel {
    /// Parses an uncompressed table.
    pub(super) fn parse_raw(bytes: &[u8]) -> Result<TrigramModel, String> {
        let mut cur = Cursor { bytes, pos: 0 };
        if cur.take(MAGIC.len(), "magic")? != MAGIC {
            return Err("not a despin trigram table (bad magic)".into());
        }
        let version = cur.u32("version")?;
        if version != VERSION {
            return Err(format!("trigram table version {version}; this reader knows version {VERSION}"));
        }
        let n_words = cur.u32("word count")? as usize;
        let n_bigrams = cur.u32("bigram count")? as usize;
        let n_trigrams = cur.u32("trigram count")? as usize;
        let [bos, eos, unk] = [cur.u32("<s> id")?, cur.u32("</s> id")?, cur.u32("<unk> id")?];
        let books = [
            cur.u32("codebook size")? as usize,
            cur.u32("codebook size")? as usize,
            cur.u32("codebook size")? as usize,
        ];
        let mut sections = [&[][..]; SECTIONS];
        for (i, section) in sections.iter_mut().enumerate() {
            let len = cur.u32("section length")? as usize;
            *section = cur.take(len, &format!("section {}", i + 1))?;
        }
        if cur.pos != bytes.len() {
            return Err(format!("{} unexpected bytes after the last section", bytes.len() - cur.pos));
        }
        let [words, uni_prob, uni_bo, bp_book, bo_book, tp_book, bi_fan, bi_words, bi_prob, bi_bo, tri_fan, tri_words, tri_prob] =
            sections;

        // Counts cannot exceed what their sections can hold: checked before allocating.
        if n_words == 0 || n_words > words.len() {
            return Err(format!("{n_words} words in a {}-byte word section", words.len()));
        }
        if n_bigrams > bi_words.len() || n_trigrams > tri_words.len() {
            return Err("n-gram counts larger than their sections".into());
        }
        for (id, what) in [(bos, "<s>"), (eos, "</s>")] {
            if id as usize >= n_words {
                return Err(format!("{what} id {id} out of range (the table needs {what})"));
            }
        }
        if unk != NO_WORD && unk as usize >= n_words {
            return Err(format!("<unk> id {unk} out of range"));
        }
        let layout = Layout::new(n_words, n_trigrams, books)?;

        // Words.
        let spellings = std::str::from_utf8(words).map_err(|e| format!("word section is not UTF-8: {e}"))?;
        let Some(spellings) = spellings.strip_suffix('\0') else {
            return Err("word section does not end with NUL".into());
        };
        let mut starts = Vec::with_capacity(n_words + 1);
        starts.push(0u32);
        let mut packed = String::with_capacity(spellings.len() + 1 - n_words);
        for word in spellings.split('\0') {
            packed.push_str(word);
            starts.push(packed.len() as u32);
        }
        if starts.len() != n_words + 1 {
            return Err(format!("{} words in the word section, header says {n_words}", starts.len() - 1));
        }

        // Unigrams and codebooks.
        let uni_prob = f32s(uni_prob, n_words, "unigram probabilities")?;
        let uni_bo = f32s(uni_bo, n_words, "unigram backoffs")?;
        let bi_prob_book = f32s(bp_book, books[0], "bigram-prob codebook")?;
        let bi_bo_book = f32s(bo_book, books[1], "bigram-backoff codebook")?;
        let tri_prob_book = f32s(tp_book, books[2], "trigram-prob codebook")?;

        // Bigrams: fan-out per first word, gap-coded second words, two code planes.
        let bigram_start = prefix_sums(bi_fan, n_words, n_bigrams, "bigram fan-out")?;
        let bi_prob = Planes::new(bi_prob, n_bigrams, books[0], "bigram prob codes")?;
        let bi_bo = Planes::new(bi_bo, n_bigrams, books[1], "bigram backoff codes")?;
        let tri_fan_sums = prefix_sums(tri_fan, n_bigrams, n_trigrams, "trigram fan-out")?;
        let mut bigrams = Vec::with_capacity(n_bigrams + 1);
        let mut gaps = Varints { bytes: bi_words, pos: 0, what: "bigram words" };
        // Second words restart from 0 at each first word's list.
        let mut list_end = bigram_start.iter().skip(1).map(|&end| end as usize).peekable();
        let mut next_min = 0u64;
        for (i, &first_trigram) in tri_fan_sums[..n_bigrams].iter().enumerate() {
            while list_end.next_if(|&end| end <= i).is_some() {
                next_min = 0;
            }
            let w2 = next_min + u64::from(gaps.next()?);
            if w2 >= n_words as u64 {
                return Err(format!("bigram {i}: word id {w2} out of range"));
            }
            next_min = w2 + 1;
            bigrams.push(
                (w2 << layout.bi_word_shift)
                    | (u64::from(bi_prob.get(i)) << layout.bi_prob_shift)
                    | (u64::from(bi_bo.get(i)) << layout.bi_bo_shift)
                    | u64::from(first_trigram),
            );
        }
        gaps.finish()?;
        bigrams.push(n_trigrams as u64); // closes the trigram range of the last bigram

        // Trigrams: gap-coded third words under each bigram, one code plane pair.
        let tri_prob = Planes::new(tri_prob, n_trigrams, books[2], "trigram prob codes")?;
        let mut trigrams = Vec::with_capacity(n_trigrams);
        let mut gaps = Varints { bytes: tri_words, pos: 0, what: "trigram words" };
        for run in tri_fan_sums.windows(2) {
            let mut next_min = 0u64;
            for j in run[0] as usize..run[1] as usize {
                let w3 = next_min + u64::from(gaps.next()?);
                if w3 >= n_words as u64 {
                    return Err(format!("trigram {j}: word id {w3} out of range"));
                }
                next_min = w3 + 1;
                trigrams.push(((w3 as u32) << layout.tri_word_shift) | u32::from(tri_prob.get(j)));
            }
        }
        gaps.finish()?;

        let bi_fences = Fences::new(&bigrams, |r| (r >> layout.bi_word_shift) as u32);
        let tri_fences = Fences::new(&trigrams, |r| r >> layout.tri_word_shift);
        let mut model = TrigramModel {
            spellings: packed,
            starts,
            slots: Vec::new(),
            slot_mask: 0,
            uni_prob,
            uni_bo,
            bigram_start,
            bigrams,
            trigrams,
            bi_fences,
            tri_fences,
            bi_prob_book,
            bi_bo_book,
            tri_prob_book,
            layout,
            sentence_start: bos,
            sentence_end: eos,
            unknown: (unk != NO_WORD).then_some(unk),
        };
        model.index_words()?;
        Ok(model)
    }

    /// Fills the hash table from word hash to id; two words with one hash are an error.
    pub(super) fn index_words(&mut self) -> Result<(), String> {
        let n = self.len();
        let size = (n + n / 2).next_power_of_two();
        self.slots = vec![(0, NO_WORD); size];
        self.slot_mask = size - 1;
        for id in 0..n as u32 {
            let spelling = self.word_str(id).unwrap_or_default();
            let hash = word_hash(spelling.as_bytes());
            let mut at = hash as usize & self.slot_mask;
            loop {
                let (h, other) = self.slots[at];
                if other == NO_WORD {
                    self.slots[at] = (hash, id);
                    break;
                }
                if h == hash {
                    let other = self.word_str(other).unwrap_or_default();
                    return Err(format!("words {other:?} and {spelling:?} have the same hash"));
                }
                at = (at + 1) & self.slot_mask;
            }
        }
        Ok(())
    }
}

/// Decompresses a zstd table, refusing more than [`MAX_TABLE_BYTES`].
pub(super) fn decompress(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let hint = zstd::zstd_safe::get_frame_content_size(bytes).ok().flatten().unwrap_or(0).min(MAX_TABLE_BYTES);
    let mut out = Vec::with_capacity(hint as usize);
    let decoder = zstd::stream::read::Decoder::with_buffer(bytes).map_err(|e| format!("zstd: {e}"))?;
    decoder.take(MAX_TABLE_BYTES + 1).read_to_end(&mut out).map_err(|e| format!("zstd: {e}"))?;
    if out.len() as u64 > MAX_TABLE_BYTES {
        return Err(format!("decompressed table larger than {MAX_TABLE_BYTES} bytes"));
    }
    Ok(out)
}

/// Reads the fixed-size parts of a table.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&end| end <= self.bytes.len());
        let Some(end) = end else {
            return Err(format!(
                "table truncated in {what}: {n} bytes needed at offset {}, {} left",
                self.pos,
                self.bytes.len() - self.pos
            ));
        };
        let chunk = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(chunk)
    }

    fn u32(&mut self, what: &str) -> Result<u32, String> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Reads LEB128 varints of one section.
struct Varints<'a> {
    bytes: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl Varints<'_> {
    /// The next varint; most are one byte.
    #[inline(always)]
    fn next(&mut self) -> Result<u32, String> {
        match self.bytes.get(self.pos) {
            Some(&b) if b < 0x80 => {
                self.pos += 1;
                Ok(u32::from(b))
            }
            _ => self.next_long(),
        }
    }

    #[cold]
    fn next_long(&mut self) -> Result<u32, String> {
        let mut value: u32 = 0;
        for shift in [0, 7, 14, 21, 28] {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(format!("{}: truncated at byte {}", self.what, self.pos));
            };
            self.pos += 1;
            if shift == 28 && b > 0x0f {
                return Err(format!("{}: varint overflows 32 bits at byte {}", self.what, self.pos - 1));
            }
            value |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(value);
            }
        }
        Err(format!("{}: varint longer than 5 bytes at byte {}", self.what, self.pos - 1))
    }

    /// Checks that the section was read to its end.
    fn finish(&self) -> Result<(), String> {
        match self.bytes.len() - self.pos {
            0 => Ok(()),
            left => Err(format!("{}: {left} bytes left over", self.what)),
        }
    }
}

/// `count` varint fan-outs -> `count + 1` running totals, which must end at `total`.
fn prefix_sums(bytes: &[u8], count: usize, total: usize, what: &'static str) -> Result<Vec<u32>, String> {
    if count > bytes.len() {
        return Err(format!("{what}: {count} entries in {} bytes", bytes.len()));
    }
    let mut sums = Vec::with_capacity(count + 1);
    let mut sum = 0u64;
    sums.push(0);
    let mut v = Varints { bytes, pos: 0, what };
    for _ in 0..count {
        sum += u64::from(v.next()?);
        if sum > total as u64 {
            return Err(format!("{what}: adds up to more than {total}"));
        }
        sums.push(sum as u32);
    }
    v.finish()?;
    if sum != total as u64 {
        return Err(format!("{what}: adds up to {sum}, expected {total}"));
    }
    Ok(sums)
}

/// `count` little-endian f32 values, all finite.
fn f32s(bytes: &[u8], count: usize, what: &str) -> Result<Vec<f32>, String> {
    if bytes.len() != count.saturating_mul(4) {
        return Err(format!("{what}: {} bytes for {count} values", bytes.len()));
    }
    let values: Vec<f32> = bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    match values.iter().position(|v| !v.is_finite()) {
        Some(i) => Err(format!("{what}: value {i} is not finite")),
        None => Ok(values),
    }
}

/// u16 codes stored as two byte planes (low bytes, then high bytes), checked against the size
/// of their codebook.
struct Planes<'a> {
    low: &'a [u8],
    high: &'a [u8],
}

impl<'a> Planes<'a> {
    fn new(bytes: &'a [u8], count: usize, book: usize, what: &str) -> Result<Planes<'a>, String> {
        if bytes.len() != count.saturating_mul(2) {
            return Err(format!("{what}: {} bytes for {count} codes", bytes.len()));
        }
        let (low, high) = bytes.split_at(count);
        let planes = Planes { low, high };
        let largest = low.iter().zip(high).map(|(&l, &h)| u16::from(l) | (u16::from(h) << 8)).max();
        if let Some(code) = largest.filter(|&c| usize::from(c) >= book) {
            return Err(format!("{what}: code {code} beyond the codebook's {book} entries"));
        }
        Ok(planes)
    }

    #[inline(always)]
    fn get(&self, i: usize) -> u16 {
        u16::from(self.low[i]) | (u16::from(self.high[i]) << 8)
    }
}
