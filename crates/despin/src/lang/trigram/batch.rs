//! Many queries at once: [`BATCH`] of them side by side, so that their waits for memory
//! overlap.

use super::{Query, TrigramModel, WordId, BATCH, NOT_A_WORD};

/// What a history "w1 w2" found among the bigrams: its backoff weight and its run of trigrams.
type History = (f32, u64, u64);

impl TrigramModel {
    /// log10 P(w3 | w1 w2) for many queries at once, each answered as by
    /// [`log10_prob`](Self::log10_prob), in order.
    ///
    /// Faster than one query at a time when the queries are spread over the model (the words of
    /// a text): most of a single query's time is spent waiting for memory, and this runs
    /// [`BATCH`] queries side by side so that their waits overlap.
    pub fn log10_probs(&self, queries: &[Query]) -> Vec<f32> {
        let mut out = Vec::with_capacity(queries.len());
        for batch in queries.chunks(BATCH) {
            self.log10_probs_batch(batch, &mut out);
        }
        out
    }

    /// Up to [`BATCH`] queries in three passes: find where each query's records lie and read
    /// one word from each place (the reads of all queries wait for memory together), then search
    /// the bigram records for the histories and read from each trigram run likewise, then answer
    /// from what is now in cache.
    fn log10_probs_batch(&self, batch: &[Query], out: &mut Vec<f32>) {
        let n = self.len() as u32;
        let empty = (0usize, 0usize);
        // Per query: the histories that apply, and the bigram records where "w1 w2" and "w2 w3"
        // can be (narrowed by the fences).
        let mut words = [(None, None, 0u32); BATCH];
        let mut at12 = [empty; BATCH];
        let mut at23 = [empty; BATCH];
        for (k, &(w1, w2, w3)) in batch.iter().enumerate() {
            let w2 = w2.filter(|&w| w < n && w3 < n);
            let w1 = w1.filter(|&w| w < n && w2.is_some());
            words[k] = (w1, w2, w3);
            if let Some(w2) = w2 {
                let (start, end) = self.bigram_range(w2);
                at23[k] = self.bi_fences.narrow(start as usize, end as usize, w3);
                if let Some(w1) = w1 {
                    // The history is often the one before (synonyms scored in one context), or
                    // the pair the query before predicted (the words of a text in turn): then
                    // its records are where they were found then.
                    let before = k.checked_sub(1).map(|j| words[j]);
                    at12[k] = match before {
                        Some((b1, b2, _)) if b1 == Some(w1) && b2 == Some(w2) => at12[k - 1],
                        Some((_, b2, b3)) if b2 == Some(w1) && b3 == w2 => at23[k - 1],
                        _ => {
                            let (start, end) = self.bigram_range(w1);
                            self.bi_fences.narrow(start as usize, end as usize, w2)
                        }
                    };
                }
            }
        }
        let mut touch = 0u64;
        for k in 0..batch.len() {
            for (lo, hi) in [at12[k], at23[k]] {
                if lo < hi {
                    touch ^= self.bigrams[lo] ^ self.bigrams[hi - 1];
                }
            }
        }
        std::hint::black_box(touch);

        // The histories "w1 w2": backoff weight and the run of trigrams to search.
        let mut bo12 = [0f32; BATCH];
        let mut at3 = [empty; BATCH];
        // The history of the query before, and what was found for it: its backoff weight and
        // its run of trigrams.
        let mut last: Option<((WordId, WordId), Option<History>)> = None;
        for k in 0..batch.len() {
            let (w1, w2, w3) = words[k];
            if let (Some(w1), Some(w2)) = (w1, w2) {
                let found = match last {
                    Some((pair, found)) if pair == (w1, w2) => found,
                    _ => self.search_bigrams(at12[k], w2).map(|i| {
                        let record = self.bigrams[i];
                        let bo =
                            self.bi_bo_book[((record >> self.layout.bi_bo_shift) & self.layout.bi_bo_mask) as usize];
                        (bo, record & self.layout.bi_next_mask, self.bigrams[i + 1] & self.layout.bi_next_mask)
                    }),
                };
                last = Some(((w1, w2), found));
                if let Some((bo, start, end)) = found {
                    bo12[k] = bo;
                    if start < end {
                        at3[k] = self.tri_fences.narrow(start as usize, end as usize, w3);
                    }
                }
            }
        }
        let mut touch = 0u32;
        for &(lo, hi) in &at3[..batch.len()] {
            if lo < hi {
                touch ^= self.trigrams[lo] ^ self.trigrams[hi - 1];
            }
        }
        std::hint::black_box(touch);

        for k in 0..batch.len() {
            let (_, w2, w3) = words[k];
            let Some(&p3) = self.uni_prob.get(w3 as usize) else {
                out.push(NOT_A_WORD);
                continue;
            };
            let Some(w2) = w2 else {
                out.push(p3);
                continue;
            };
            if let Some(code) = self.search_trigrams(at3[k], w3) {
                out.push(self.tri_prob_book[code as usize]);
                continue;
            }
            out.push(match self.search_bigrams(at23[k], w3) {
                Some(i) => self.bigram_prob(self.bigrams[i]) + bo12[k],
                None => p3 + self.uni_bo[w2 as usize] + bo12[k],
            });
        }
    }
}
