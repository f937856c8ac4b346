//! Why the restorer reads a word as it does: each reading's share of the probability and where
//! it came from, for `restore --diff --why` and the hits' suggestions.

use super::decode::{Decision, Reading};
use super::table::Source;
use crate::infer::Suggestion;

/// The ranked readings of a word with their evidence (at most five).
pub(super) fn suggestions(spun: &str, readings: &[Reading], d: &Decision) -> Vec<Suggestion> {
    let top = d.scores[0].1;
    let total: f32 = d.scores.iter().map(|x| 10f32.powf(x.1 - top)).sum();
    let keep = d.scores.iter().find(|x| x.0.is_none()).map_or(f32::NEG_INFINITY, |x| x.1);
    d.scores
        .iter()
        .take(5)
        .map(|&(k, score)| {
            let share = f64::from(10f32.powf(score - top) / total);
            match k {
                None => Suggestion { text: spun.to_string(), score: share, evidence: "as written".into() },
                Some(k) => {
                    let o = &readings[k].original;
                    let source = match o.source {
                        Source::Seen => {
                            format!("spinners seen writing \"{spun}\" for \"{}\" {} of {} times", o.text, o.count, o.of)
                        }
                        Source::Thesaurus => format!("synonym of \"{spun}\""),
                        Source::Vector => format!("near \"{spun}\" in vector space"),
                        Source::Decoder => match &readings[k].evidence {
                            Some(e) => e.to_string(),
                            None => "the decoder's reading".to_string(),
                        },
                    };
                    Suggestion {
                        text: o.text.to_string(),
                        score: share,
                        evidence: format!("{source}; {:+.1} log10 against as written, in context", score - keep),
                    }
                }
            }
        })
        .collect()
}
