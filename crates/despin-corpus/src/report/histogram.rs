//! The spread of scores: counts of documents in bins of equal width on the log-odds scale,
//! where scores near 0 and near 1 (most of them) are told apart.
//!
//! ```
//! use despin_corpus::report::histogram::{Histogram, BINS};
//!
//! let mut h = Histogram::default();
//! for p in [0.0002, 0.0003, 0.5, 0.999, 1.0] {
//!     h.add(p);
//! }
//! assert_eq!(h.counts().len(), BINS);
//! assert_eq!(h.total(), 5);
//! assert_eq!(h.counts()[Histogram::bin_of(0.5)], 1);
//! ```

/// How many bins.
pub const BINS: usize = 24;

/// The log-odds range the bins cover; scores beyond it count in the first or last bin.
pub const LOGIT_MIN: f64 = -12.0;
pub const LOGIT_MAX: f64 = 12.0;

/// The log-odds of a probability, clamped to the range of the bins.
pub fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    (p / (1.0 - p)).ln().clamp(LOGIT_MIN, LOGIT_MAX)
}

/// The probability of a log-odds value.
pub fn probability(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Document counts per bin.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Histogram {
    counts: [u64; BINS],
}

impl Histogram {
    /// The bin of a score.
    pub fn bin_of(p: f64) -> usize {
        let width = (LOGIT_MAX - LOGIT_MIN) / BINS as f64;
        (((logit(p) - LOGIT_MIN) / width).floor().max(0.0) as usize).min(BINS - 1)
    }

    /// The scores a bin covers, from and to (probabilities).
    pub fn range(bin: usize) -> (f64, f64) {
        let width = (LOGIT_MAX - LOGIT_MIN) / BINS as f64;
        let lo = if bin == 0 { 0.0 } else { probability(LOGIT_MIN + bin as f64 * width) };
        let hi = if bin + 1 == BINS { 1.0 } else { probability(LOGIT_MIN + (bin + 1) as f64 * width) };
        (lo, hi)
    }

    /// Counts one score.
    pub fn add(&mut self, p: f64) {
        self.counts[Self::bin_of(p)] += 1;
    }

    pub fn counts(&self) -> &[u64; BINS] {
        &self.counts
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_cover_zero_to_one_in_order() {
        assert_eq!(Histogram::bin_of(0.0), 0);
        assert_eq!(Histogram::bin_of(1.0), BINS - 1);
        assert_eq!(Histogram::bin_of(0.5), BINS / 2);
        assert_eq!(Histogram::range(0).0, 0.0);
        assert_eq!(Histogram::range(BINS - 1).1, 1.0);
        for b in 1..BINS {
            assert!((Histogram::range(b).0 - Histogram::range(b - 1).1).abs() < 1e-12);
            let mid = probability(LOGIT_MIN + (b as f64 + 0.5));
            assert_eq!(Histogram::bin_of(mid), b);
        }
    }
}
