//! Fences: every `FINE`-th word of a run of sorted records, and every `COARSE`-th, to narrow a
//! binary search to a short stretch before it reads the records themselves.

use super::WordId;

/// Fences: the word of every `FINE`-th record, and of every `COARSE`-th. A search narrows its
/// run of records to at most `COARSE` with the coarse fences (a few kilobytes, always in
/// cache), then to at most `FINE` with the fine ones (one cache line of them), and searches
/// those records alone: a static two-level index over the sorted arrays.
const FINE: usize = 16;
const COARSE: usize = FINE * FINE;

/// Fine and coarse fences of the same records.
#[derive(Debug, Default)]
pub(super) struct Fences {
    pub(super) fine: Vec<u32>,
    pub(super) coarse: Vec<u32>,
}

impl Fences {
    pub(super) fn new<R: Copy>(records: &[R], word: impl Fn(R) -> u32) -> Fences {
        let fine: Vec<u32> = records.iter().step_by(FINE).map(|&r| word(r)).collect();
        let coarse = fine.iter().step_by(COARSE / FINE).copied().collect();
        Fences { fine, coarse }
    }

    /// The part of the sorted run `start..end` of records that holds word `w` if any does.
    #[inline]
    pub(super) fn narrow(&self, start: usize, end: usize, w: WordId) -> (usize, usize) {
        let (start, end) = narrow(&self.coarse, COARSE, start, end, w);
        narrow(&self.fine, FINE, start, end, w)
    }

    pub(super) fn capacity(&self) -> usize {
        self.fine.capacity() + self.coarse.capacity()
    }
}

/// Narrows the sorted run `start..end` of records to the block between two fences that holds
/// word `w` if any record does. `fences[k]` is the word of record `k * stride` of the whole
/// array, which the run may start or end inside of.
#[inline]
pub(super) fn narrow(fences: &[u32], stride: usize, start: usize, end: usize, w: WordId) -> (usize, usize) {
    if end - start <= 2 * stride {
        return (start, end);
    }
    // The fences inside the run: those of records first * stride ..= last * stride.
    let (first, last) = (start.div_ceil(stride), (end - 1) / stride);
    let inside = &fences[first..=last];
    match inside.partition_point(|&f| f <= w) {
        0 => (start, first * stride),
        k => {
            let block = first + k - 1;
            (block * stride, end.min((block + 1) * stride))
        }
    }
}
