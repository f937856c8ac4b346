//! Detection figures: precision, recall, F1, false-positive rate and the area under the ROC
//! curve.

/// The area under the ROC curve: the chance that a positive scores above a negative, ties
/// counting half. 0.5 when either class is empty.
///
/// ```
/// use despin_lab::metrics::auc;
///
/// assert_eq!(auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]), 0.75);
/// ```
pub fn auc(scores: &[f64], labels: &[bool]) -> f64 {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&i, &j| scores[i].total_cmp(&scores[j]));
    // Sum of the ranks of the positives, ties at their mean rank.
    let (mut rank_sum, mut pos) = (0.0, 0usize);
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && scores[idx[j + 1]] == scores[idx[i]] {
            j += 1;
        }
        let mean_rank = (i + j) as f64 / 2.0 + 1.0;
        for &t in &idx[i..=j] {
            if labels[t] {
                rank_sum += mean_rank;
                pos += 1;
            }
        }
        i = j + 1;
    }
    let neg = scores.len() - pos;
    if pos == 0 || neg == 0 {
        return 0.5;
    }
    (rank_sum - (pos * (pos + 1)) as f64 / 2.0) / (pos as f64 * neg as f64)
}

/// Detection figures at a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Metrics {
    pub positives: usize,
    pub negatives: usize,
    pub true_positives: usize,
    pub false_positives: usize,
    /// Of the flagged, the share that is spun (1 when nothing is flagged).
    pub precision: f64,
    /// Of the spun, the share flagged.
    pub recall: f64,
    pub f1: f64,
    /// Of the clean, the share flagged.
    pub false_positive_rate: f64,
    pub auc: f64,
}

/// Precision, recall, F1, false-positive rate and AUC of `scores` against `labels` (true:
/// spun), flagging at `score >= threshold`.
pub fn metrics(scores: &[f64], labels: &[bool], threshold: f64) -> Metrics {
    let mut m = Metrics::default();
    for (&s, &l) in scores.iter().zip(labels) {
        let flagged = s >= threshold;
        if l {
            m.positives += 1;
            m.true_positives += usize::from(flagged);
        } else {
            m.negatives += 1;
            m.false_positives += usize::from(flagged);
        }
    }
    let flagged = m.true_positives + m.false_positives;
    m.precision = if flagged == 0 { 1.0 } else { m.true_positives as f64 / flagged as f64 };
    m.recall = m.true_positives as f64 / m.positives.max(1) as f64;
    m.f1 = if m.precision + m.recall > 0.0 { 2.0 * m.precision * m.recall / (m.precision + m.recall) } else { 0.0 };
    m.false_positive_rate = m.false_positives as f64 / m.negatives.max(1) as f64;
    m.auc = auc(scores, labels);
    m
}
