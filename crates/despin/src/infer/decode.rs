//! The decoder: a short stretch of candidate words read as a noisy channel, by Viterbi over a
//! word-pair model, and the ranking of the readings of its changed words.

use super::params::{PAIR_FLOOR, SETTLED};
use super::tokens::{lower, Tok};
use super::{unigram_log, Cand, Inferred, Inferrer, Suggestion};
use crate::text::hash::pair_hash;

impl Inferrer {
    /// log10 count of a pair of words: the web table's, else an estimate from the words'
    /// counts as if independent (below the table's floor); a pair of standard terms counts at
    /// least [`Params::term`].
    #[inline]
    pub(super) fn pair(&self, a: u64, b: u64) -> f32 {
        let h = pair_hash(a, b);
        let q = self.lex.bigram(h);
        let mut s = if q > 0 {
            f32::from(q) / 10.0
        } else {
            let related = if self.params.relate == 0.0 {
                0.0
            } else {
                self.lex.cosine(a, b).map_or(0.0, |c| self.params.relate * (c - self.params.relate_at))
            };
            (unigram_log(self.lex, a) + unigram_log(self.lex, b) - 12.0 + related).min(PAIR_FLOOR)
        };
        if self.term_pairs.contains_key(&h) {
            s = s.max(self.params.term);
        }
        s
    }

    /// Decodes the stretch of candidate words `first..=last` with a word of context on each
    /// side, and pushes the hits it yields.
    pub(super) fn decode(
        &self,
        text: &[u8],
        toks: &[Tok],
        first: usize,
        last: usize,
        want: bool,
        hits: &mut Vec<Inferred>,
    ) {
        let p = self.params;
        let prev = (first > 0 && !toks[first].brk).then(|| toks[first - 1].hash);
        let next = (last + 1 < toks.len() && !toks[last + 1].brk).then(|| toks[last + 1].hash);
        let len = last - first + 1;
        // A word that forms a common pair on both sides is in its place: skip the decoding.
        if len == 1 {
            if let (Some(ph), Some(nh)) = (prev, next) {
                let h = toks[first].hash;
                if self.lex.bigram(pair_hash(ph, h)) >= SETTLED && self.lex.bigram(pair_hash(h, nh)) >= SETTLED {
                    return;
                }
            }
        }
        // Option 0 at each position keeps the word; option j > 0 is candidate j - 1.
        let opts = |pos: usize| -> &[Cand] { &self.keys[toks[first + pos].key as usize].cands };
        let first_hash = |pos: usize, o: usize| if o == 0 { toks[first + pos].hash } else { opts(pos)[o - 1].first };
        let last_hash = |pos: usize, o: usize| if o == 0 { toks[first + pos].hash } else { opts(pos)[o - 1].last };
        // The bigram language model: log P(w1) + sum of log c(a b) - log c(a). Positions with a
        // word after them pay their own count; the first pays its count as P(w1) only when no
        // word comes before it. The channel adds log P(spun | original).
        let node = |pos: usize, o: usize| -> f32 {
            let (channel, uq_first, uq_last) = if o == 0 {
                let u = unigram_log(self.lex, toks[first + pos].hash);
                (0.0, u, u)
            } else {
                let c = &opts(pos)[o - 1];
                (c.prior + p.strong * self.keys[toks[first + pos].key as usize].strength, c.uq_first, c.uq_last)
            };
            let mut s = channel;
            if pos + 1 < len || next.is_some() {
                s -= uq_last;
            }
            if pos == 0 && prev.is_none() {
                s += uq_first;
            }
            s
        };
        let left = |pos: usize, o: usize| -> f32 {
            if pos == 0 {
                prev.map_or(0.0, |h| self.pair(h, first_hash(0, o)))
            } else {
                0.0
            }
        };
        let right = |pos: usize, o: usize| -> f32 {
            if pos == len - 1 {
                next.map_or(0.0, |h| self.pair(last_hash(pos, o), h))
            } else {
                0.0
            }
        };
        // Viterbi.
        let mut score: Vec<Vec<(f32, usize)>> = Vec::with_capacity(len);
        for pos in 0..len {
            let n_opts = opts(pos).len() + 1;
            let mut row = Vec::with_capacity(n_opts);
            for o in 0..n_opts {
                let base = node(pos, o) + left(pos, o) + right(pos, o);
                if pos == 0 {
                    row.push((base, 0));
                } else {
                    let fh = first_hash(pos, o);
                    let (best, arg) = score[pos - 1]
                        .iter()
                        .enumerate()
                        .map(|(po, &(s, _))| (s + self.pair(last_hash(pos - 1, po), fh), po))
                        .fold((f32::NEG_INFINITY, 0), |a, b| if b.0 > a.0 { b } else { a });
                    row.push((base + best, arg));
                }
            }
            score.push(row);
        }
        let (mut best_o, best) = score[len - 1]
            .iter()
            .enumerate()
            .map(|(o, &(s, _))| (o, s))
            .fold((0, f32::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
        let mut path = vec![0; len];
        for pos in (0..len).rev() {
            path[pos] = best_o;
            best_o = score[pos][best_o].1;
        }
        let mut identity = left(0, 0) + right(len - 1, 0);
        for pos in 0..len {
            identity += node(pos, 0);
            if pos > 0 {
                identity += self.pair(toks[first + pos - 1].hash, toks[first + pos].hash);
            }
        }
        let gain = best - identity;
        if path.iter().all(|&o| o == 0) || gain < p.gain {
            return;
        }
        // Each run of changed words is a hit.
        let mut pos = 0;
        while pos < len {
            if path[pos] == 0 {
                pos += 1;
                continue;
            }
            let a = pos;
            while pos + 1 < len && path[pos + 1] != 0 {
                pos += 1;
            }
            let b = pos;
            pos += 1;
            let original = (a..=b).map(|q| opts(q)[path[q] - 1].word.as_ref()).collect::<Vec<&str>>().join(" ");
            let suggestions =
                if want { self.rank(text, toks, first, &path, a, b, prev, next, &node) } else { Vec::new() };
            hits.push(Inferred { start: toks[first + a].start, end: toks[first + b].end, original, gain, suggestions });
        }
    }

    /// Ranks the readings of the changed words `a..=b` of a decoded stretch: the best path, and
    /// every reading that changes one of its words, scored with the context around them.
    #[allow(clippy::too_many_arguments)]
    fn rank(
        &self,
        text: &[u8],
        toks: &[Tok],
        first: usize,
        path: &[usize],
        a: usize,
        b: usize,
        prev: Option<u64>,
        next: Option<u64>,
        node: &dyn Fn(usize, usize) -> f32,
    ) -> Vec<Suggestion> {
        let len = path.len();
        let cand = |pos: usize, o: usize| -> Option<&Cand> {
            (o > 0).then(|| &self.keys[toks[first + pos].key as usize].cands[o - 1])
        };
        let hashes = |pos: usize, o: usize| match cand(pos, o) {
            Some(c) => (c.first, c.last),
            None => (toks[first + pos].hash, toks[first + pos].hash),
        };
        // Score a full path and describe it.
        let eval = |path: &[usize]| -> (f32, String) {
            let mut s = 0.0;
            let mut why: Vec<String> = Vec::new();
            for (pos, &o) in path.iter().enumerate() {
                s += node(pos, o);
                if let Some(c) = cand(pos, o) {
                    let key = &self.keys[toks[first + pos].key as usize];
                    why.push(if c.count > 0 {
                        format!("dictionary: \"{}\" for \"{}\" {} of {} times", key.spun, c.word, c.count, key.total)
                    } else {
                        format!("synonym of \"{}\"", key.spun)
                    });
                }
            }
            let mut prev_h = prev;
            let mut pairs = Vec::new();
            for (pos, &o) in path.iter().enumerate() {
                let (f, l) = hashes(pos, o);
                if let Some(ph) = prev_h {
                    pairs.push((ph, f));
                }
                prev_h = Some(l);
                if pos == len - 1 {
                    if let Some(nh) = next {
                        pairs.push((l, nh));
                    }
                }
            }
            let (mut web, mut terms) = (Vec::new(), 0);
            for (x, y) in pairs {
                s += self.pair(x, y);
                let h = pair_hash(x, y);
                let q = self.lex.bigram(h);
                if q > 0 {
                    web.push(format!("10^{:.1}", f32::from(q) / 10.0));
                }
                terms += usize::from(self.term_pairs.contains_key(&h));
            }
            if !web.is_empty() {
                why.push(format!("web pair counts {}", web.join(", ")));
            }
            if terms > 0 {
                why.push(format!("{terms} pair{} of standard terms", if terms == 1 { "" } else { "s" }));
            }
            (s, why.join("; "))
        };
        let mut seen: Vec<Vec<usize>> = vec![path.to_vec()];
        for pos in a..=b {
            let n = self.keys[toks[first + pos].key as usize].cands.len();
            for o in 1..=n {
                if o != path[pos] {
                    let mut alt = path.to_vec();
                    alt[pos] = o;
                    seen.push(alt);
                }
            }
        }
        let mut scored: Vec<(f32, String, String)> = seen
            .iter()
            .map(|p| {
                let (s, why) = eval(p);
                let text = (a..=b)
                    .map(|q| cand(q, p[q]).map_or_else(|| lower(text, &toks[first + q]), |c| c.word.to_string()))
                    .collect::<Vec<_>>()
                    .join(" ");
                (s, text, why)
            })
            .collect();
        scored.sort_by(|x, y| y.0.total_cmp(&x.0));
        let top = scored.first().map_or(0.0, |x| x.0);
        let total: f64 = scored.iter().map(|x| 10f64.powf(f64::from(x.0 - top))).sum();
        scored
            .into_iter()
            .take(5)
            .map(|(s, text, evidence)| Suggestion { text, score: 10f64.powf(f64::from(s - top)) / total, evidence })
            .collect()
    }
}
