//! Missing common words: a spinner that always rewrites "by" leaves a long article with none.
//!
//! The counts of the most frequent English words that have synonyms are compared with what
//! clean text of the document's length holds. The evidence is the expected occurrences of the
//! watched words that do not occur at all, minus what clean text of that length would miss
//! (each count taken as Poisson): about 0 for clean text, large for text whose common words
//! were rewritten.

/// The evidence of missing words, from the counts of the watched words in a text of `words`
/// words and their rates per word in English.
pub(super) fn missing(watched: &[(Box<str>, f64)], counts: &[u32], words: usize) -> f64 {
    let mut missing = 0.0;
    for ((_, rate), &c) in watched.iter().zip(counts) {
        let lambda = rate * words as f64;
        if lambda < 1.0 {
            continue;
        }
        let lambda = lambda.min(20.0);
        missing += if c == 0 { lambda } else { 0.0 } - lambda * (-lambda).exp();
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_expected_often_and_never_seen_is_missing() {
        let watched = vec![(Box::from("by"), 0.005), (Box::from("rare"), 0.00001)];
        // 1,000 words: "by" expected 5 times.
        let absent = missing(&watched, &[0, 0], 1000);
        let present = missing(&watched, &[4, 0], 1000);
        assert!(absent > 4.9 && absent < 5.0, "{absent}");
        assert!(present < 0.0, "{present}");
        // A short text expects too little to tell.
        assert_eq!(missing(&watched, &[0, 0], 100), 0.0);
    }
}
