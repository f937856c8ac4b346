//! The neighbour rule: a word next to a spun word is read back more readily.
//!
//! The spinner rewrites most of the words it knows, so a word beside one it rewrote is read
//! back when an original of it makes a pair with the restored neighbour that is enough more
//! common than the pair as written ("mobile clients" -> "mobile users").

use super::params::{FUNCTION_WORD, LISTED_BY, MAX_SYNONYMS, SYNONYM};
use super::tokens::{lower, Tok};
use super::{unigram_log, Inferred, Inferrer, Suggestion};
use crate::text::hash::word_hash;

impl Inferrer {
    /// Words next to a hit: the spinner rewrites most of the words it knows, so a word beside
    /// one it rewrote is read back more readily: when an original of it (from the dictionary,
    /// or the thesaurus either way round) makes a pair with the restored neighbour that is
    /// enough more common than the pair as written ("mobile clients" -> "mobile users").
    pub(super) fn expand_neighbours(&self, text: &[u8], toks: &[Tok], hits: &mut Vec<Inferred>, want: bool) {
        let at = |offset: usize| toks.binary_search_by_key(&offset, |t| t.start).ok();
        let mut taken = vec![false; toks.len()];
        let mut spans = Vec::with_capacity(hits.len());
        for h in hits.iter() {
            let b = toks.binary_search_by_key(&h.end, |t| t.end).ok();
            let (Some(a), Some(b)) = (at(h.start), b) else { continue };
            for t in &mut taken[a..=b] {
                *t = true;
            }
            spans.push((a, b, h.original.clone()));
        }
        let mut found = Vec::new();
        for (a, b, original) in spans {
            let words: Vec<&str> = original.split(' ').collect();
            let (Some(first), Some(last)) = (words.first(), words.last()) else { continue };
            let (first, last) = (word_hash(first.as_bytes()), word_hash(last.as_bytes()));
            // Left: toks[a - 1] before the restored first word; right: toks[b + 1] after the last.
            let sides = [
                (a > 0 && !toks[a].brk).then(|| (a - 1, None, Some(first))),
                (b + 1 < toks.len() && !toks[b + 1].brk).then(|| (b + 1, Some(last), None)),
            ];
            for (n, before, after) in sides.into_iter().flatten() {
                if taken[n] || self.lex.unigram(toks[n].hash) >= FUNCTION_WORD {
                    continue;
                }
                let word = lower(text, &toks[n]);
                if !word.bytes().all(|c| c.is_ascii_alphabetic()) {
                    continue;
                }
                // The other side of the neighbour, as written.
                let outer = if before.is_none() {
                    (n > 0 && !toks[n].brk).then(|| toks[n - 1].hash)
                } else {
                    (n + 1 < toks.len() && !toks[n + 1].brk).then(|| toks[n + 1].hash)
                };
                let score = |h: u64| -> f32 {
                    let inner = match (before, after) {
                        (Some(x), _) => self.pair(x, h),
                        (_, Some(y)) => self.pair(h, y),
                        _ => 0.0,
                    };
                    // With a word on the outer side too, the neighbour pays its own count once
                    // (a bigram model: c(o h) / c(o) * c(h x) / c(h)).
                    let out = outer.map_or(0.0, |o| {
                        (if before.is_none() { self.pair(o, h) } else { self.pair(h, o) }) - unigram_log(self.lex, h)
                    });
                    inner + out
                };
                let as_written = score(toks[n].hash);
                let mut cands: Vec<(f32, String, String)> = Vec::new();
                // (The evidence is written out only when suggestions are wanted.)
                let mut push = |c: &str, cost: f32, why: &dyn Fn() -> String| {
                    if c.contains(' ') || c == word || cands.iter().any(|x| x.1 == c) {
                        return;
                    }
                    let s = score(word_hash(c.as_bytes())) + cost - as_written;
                    cands.push((s, c.to_string(), if want { why() } else { String::new() }));
                };
                if let Some(v) = self.inverse.get(&toks[n].hash) {
                    let total = self.inverse_total.get(&toks[n].hash).copied().unwrap_or(1).max(1);
                    for &(id, c) in v {
                        let o = &*self.strings[id as usize];
                        let cost = (f64::from(c) / f64::from(total)).log10() as f32;
                        push(o, cost, &|| format!("dictionary: \"{word}\" for \"{o}\" {c} of {total} times"));
                    }
                }
                for syn in self.lex.synonyms(&word).take(MAX_SYNONYMS) {
                    push(syn, SYNONYM, &|| format!("synonym of \"{word}\""));
                }
                for &id in self.listed_by.get(&toks[n].hash).into_iter().flatten().take(MAX_SYNONYMS) {
                    let o = &*self.strings[id as usize];
                    push(o, LISTED_BY, &|| format!("\"{word}\" is a synonym of \"{o}\""));
                }
                cands.sort_by(|x, y| y.0.total_cmp(&x.0));
                let Some(best) = cands.first() else { continue };
                if best.0 < self.params.neighbour {
                    continue;
                }
                taken[n] = true;
                let suggestions = if want {
                    let top = best.0;
                    let kept: Vec<_> = cands.iter().take(5).collect();
                    let total: f64 = kept.iter().map(|x| 10f64.powf(f64::from(x.0 - top))).sum();
                    kept.iter()
                        .map(|(s, c, why)| Suggestion {
                            text: c.clone(),
                            score: 10f64.powf(f64::from(s - top)) / total,
                            evidence: format!(
                                "next to spun words read as \"{original}\"; {why}; {s:+.1} log10 against as written"
                            ),
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                found.push(Inferred {
                    start: toks[n].start,
                    end: toks[n].end,
                    original: best.1.clone(),
                    gain: best.0,
                    suggestions,
                });
            }
        }
        hits.extend(found);
    }
}
