//! The restorer: every word of a spun document read as a noisy channel, sentence by sentence.
//!
//! For each word (or phrase of up to [`MAX_WORDS`] words) the readings are: as written, or one
//! of its originals ([`super::table`]). A reading's score is
//!
//! ```text
//! log10 P(reading in its context) + log10 P(spun as written | reading)
//! ```
//!
//! the first from the trigram model of English over the reading and the two words after it,
//! with the two words before it as history (both sides count), the second from the channel:
//! `1 - rho` for the word as written, `rho` times the table's channel for an original, less a
//! penalty for an original the spinner was never seen making. The scores make a probability
//! over the readings; a word is rewritten only when an original is the most probable reading
//! and at least [`RestoreParams::posterior`] probable: more likely right than wrong.
//!
//! Words are read left to right, each with the words before it as already restored; a second
//! pass reads each again with both sides restored. Never rewritten: a capitalised word inside
//! a sentence, an acronym, a name (a word capitalised inside a sentence anywhere in the
//! document, or one the model does not know), a word with a digit, a part of a hyphenated
//! compound, and the span of a list hit (whose original is given, and read as context).
//! Synonyms and neighbours in vector space are weighed only for a word in lower case that no
//! spinner was seen writing: where spinners were seen, their originals are the candidates.

use std::rc::Rc;

use super::params::RestoreParams;
use super::table::{Original, RealSpin, Source, Table, MAX_WORDS};
use super::tokens::{sentences, Case, Word};
use crate::infer::{segments, Inferred, SEGMENT};
use crate::lang::trigram::{TrigramModel, WordId};
use crate::rules::dictionary::Mapping;
use crate::text::hash::{word_hash, HashedMap};
use crate::text::words::words;
use crate::text::Normalized;

type Item = Option<WordId>;

/// A reading of a word or phrase.
#[derive(Debug, Clone)]
pub(super) struct Reading {
    /// Words of the text it covers.
    pub(super) len: usize,
    pub(super) original: Rc<Original>,
    /// The decoder's evidence, for its proposals.
    pub(super) evidence: Option<Rc<str>>,
}

#[derive(Debug, Clone)]
enum Choice {
    Keep,
    /// A list hit's original, read as context (the other words of the hit are `Covered`).
    Fixed(Rc<[Item]>),
    /// Reading `.0` of the word's readings.
    Take(usize),
    /// Inside a phrase read from an earlier word.
    Covered,
}

/// Why a word was rewritten, for the suggestions.
#[derive(Debug, Clone, Default)]
pub(super) struct Decision {
    /// (reading index or None for as written, score) of every reading.
    pub(super) scores: Vec<(Option<usize>, f32)>,
}

/// What the restorer knows of a whole document (a segment of a long one).
struct Doc {
    /// Words capitalised inside a sentence somewhere: names everywhere.
    names: HashedMap<()>,
    /// Occurrences of each word, case ignored.
    counts: HashedMap<u32>,
    /// The synonyms and neighbours of each word looked up (a word recurs in a document).
    related: std::cell::RefCell<HashedMap<Rc<[Rc<Original>]>>>,
}

/// The compiled restorer. See the module documentation.
pub struct Restorer {
    table: Table,
    /// Pairs of words (model ids) of the lists' originals.
    term_pairs: HashedMap<()>,
    lm: &'static TrigramModel,
    pub params: RestoreParams,
}

impl std::fmt::Debug for Restorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Restorer").field("params", &self.params).finish_non_exhaustive()
    }
}

fn pair_key(a: WordId, b: WordId) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

impl Restorer {
    /// Builds a restorer from the spinner's dictionary, real spinners' substitutions, and the
    /// originals of the lists (standard terms such as "machine learning").
    pub fn new<'a>(
        dict: &[Mapping],
        real: &[RealSpin],
        originals: impl IntoIterator<Item = &'a str>,
        params: RestoreParams,
    ) -> Restorer {
        let lm = TrigramModel::get();
        let mut term_pairs = HashedMap::default();
        for o in originals {
            let ids: Vec<Item> = words(o).iter().map(|w| lm.word(word_hash(w.as_bytes()))).collect();
            for p in ids.windows(2) {
                if let (Some(a), Some(b)) = (p[0], p[1]) {
                    term_pairs.insert(pair_key(a, b), ());
                }
            }
        }
        Restorer { table: Table::new(dict, real, params.rho, params.corpus_words), term_pairs, lm, params }
    }

    /// The table of originals.
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The rewrites of a document: `norm` is its normalised text, `fixed` the spans of list
    /// hits in the original's offsets with their originals (read as context), `decoded` the
    /// inference decoder's hits (standard terms, pairs of words) in the normalised text's
    /// offsets. A decoded hit is one more reading of its words, weighed in context against the
    /// word as written like the others ([`RestoreParams::decoder`]); one that covers a word
    /// which may never be rewritten (a name, a capitalised word inside a sentence, an acronym,
    /// a number) is dropped. Returns the rewrites in the normalised text's offsets, in order;
    /// with `want`, each with its ranked readings and their evidence.
    pub fn restore(
        &self,
        norm: &Normalized<'_>,
        fixed: &[(usize, usize, &str)],
        decoded: Vec<Inferred>,
        want: bool,
    ) -> Vec<Inferred> {
        let mut out = Vec::new();
        let mut decoded = decoded.into_iter().peekable();
        for (offset, part) in segments(norm.as_bytes(), SEGMENT) {
            let sents = sentences(part, self.lm);
            // A word capitalised inside a sentence anywhere is a name everywhere.
            let mut doc =
                Doc { names: HashedMap::default(), counts: HashedMap::default(), related: Default::default() };
            for w in sents.iter().flatten() {
                *doc.counts.entry(w.hash).or_insert(0) += 1;
                if !w.first && w.case != Case::Lower {
                    doc.names.insert(w.hash, ());
                }
            }
            let end = offset + part.len();
            // The words in order, to find those under a hit by binary search.
            let all: Vec<&Word> = sents.iter().flatten().collect();
            let mut proposed = Vec::new();
            while let Some(h) = decoded.next_if(|h| h.start < end) {
                let (a, b) = (h.start.saturating_sub(offset), h.end.saturating_sub(offset));
                let from = all.partition_point(|w| w.end <= a);
                let protected = all[from..].iter().take_while(|w| w.start < b).any(|w| !self.may_change(part, w, &doc));
                if !protected {
                    proposed.push((a, b, h));
                }
            }
            for s in &sents {
                let choice = self.fixed_choices(norm, offset, s, fixed);
                let (Some(first), Some(last)) = (s.first(), s.last()) else { continue };
                let from = proposed.partition_point(|p| p.0 < first.start);
                let here: Vec<&(usize, usize, Inferred)> =
                    proposed[from..].iter().take_while(|p| p.0 < last.end).filter(|p| p.1 <= last.end).collect();
                self.sentence(part, offset, s, choice, &here, &doc, want, &mut out);
            }
        }
        out.sort_by_key(|h| h.start);
        out
    }

    /// The choices of a sentence with the list hits in it fixed.
    fn fixed_choices(
        &self,
        norm: &Normalized<'_>,
        offset: usize,
        s: &[Word],
        fixed: &[(usize, usize, &str)],
    ) -> Vec<Choice> {
        let mut choice = vec![Choice::Keep; s.len()];
        if fixed.is_empty() {
            return choice;
        }
        let spans: Vec<(usize, usize)> =
            s.iter().map(|w| norm.span_to_original(w.start + offset, w.end + offset)).collect();
        // The list hits are in order and do not overlap: only those within the sentence.
        let (Some(lo), Some(hi)) = (spans.first().map(|x| x.0), spans.last().map(|x| x.1)) else { return choice };
        let from = fixed.partition_point(|f| f.1 <= lo);
        for &(a, b, original) in fixed[from..].iter().take_while(|f| f.0 < hi) {
            let inside: Vec<usize> = (0..s.len()).filter(|&i| spans[i].0 < b && a < spans[i].1).collect();
            let Some(&first) = inside.first() else { continue };
            let ids: Rc<[Item]> = words(original).iter().map(|w| self.lm.word(word_hash(w.as_bytes()))).collect();
            choice[first] = Choice::Fixed(ids);
            for &i in &inside[1..] {
                choice[i] = Choice::Covered;
            }
        }
        choice
    }

    /// Whether a word may be rewritten by the restorer's own readings.
    fn free(&self, text: &[u8], w: &Word, doc: &Doc) -> bool {
        !w.joined && w.lm.is_some() && w.end - w.start >= 2 && self.may_change(text, w, doc)
    }

    /// Whether a word may be rewritten by anything beyond a list entry: not a number, not a
    /// capitalised word inside a sentence, an acronym or a name.
    fn may_change(&self, text: &[u8], w: &Word, doc: &Doc) -> bool {
        if w.has_digit(text) {
            return false;
        }
        match w.case {
            Case::Lower => true,
            Case::Initial => w.first && !doc.names.contains_key(&w.hash),
            Case::Upper | Case::Mixed => false,
        }
    }

    /// The readings of each word of a sentence (empty where it may not be rewritten).
    fn readings(&self, text: &[u8], s: &[Word], choice: &[Choice], doc: &Doc) -> Vec<Vec<Reading>> {
        let free: Vec<bool> =
            s.iter().zip(choice).map(|(w, c)| matches!(c, Choice::Keep) && self.free(text, w, doc)).collect();
        let mut out = vec![Vec::new(); s.len()];
        for i in 0..s.len() {
            if !free[i] {
                continue;
            }
            let mut h = s[i].hash;
            let mut len = 1;
            loop {
                for o in self.table.seen(h) {
                    out[i].push(Reading { len, original: Rc::new(o.clone()), evidence: None });
                }
                let j = i + len;
                if len == MAX_WORDS || j >= s.len() || !free[j] || s[j].brk || !self.table.is_prefix(h) {
                    break;
                }
                h = crate::text::hash::pair_hash(h, s[j].hash);
                len += 1;
            }
            let word = String::from_utf8_lossy(&text[s[i].start..s[i].end]).to_ascii_lowercase();
            let common = s[i].lm.is_some_and(|id| self.lm.unigram(id) > self.params.common);
            // Synonyms and neighbours in vector space only for a word in lower case: a name
            // opening a sentence has names for neighbours ("Melvin" -> "Jeff").
            // Nor for a word that spinners were seen writing for something: their dictionary
            // is known there, and a synonym that reads better in context is no original
            // ("taking Trump severely" is not "taking Trump home").
            let seen = out[i].iter().any(|r| r.len == 1);
            if !common && !seen && s[i].case == Case::Lower && word.bytes().all(|b| b.is_ascii_alphabetic()) {
                let related = doc.related.borrow().get(&s[i].hash).cloned();
                let related = related.unwrap_or_else(|| {
                    let p = &self.params;
                    let near = if p.max_vectors > 0 {
                        self.table.neighbours(&word, p.max_vectors, p.min_cosine)
                    } else {
                        Vec::new()
                    };
                    let found: Rc<[Rc<Original>]> =
                        self.table.thesaurus(&word, p.max_synonyms).into_iter().chain(near).map(Rc::new).collect();
                    doc.related.borrow_mut().insert(s[i].hash, Rc::clone(&found));
                    found
                });
                for o in related.iter() {
                    if !out[i].iter().any(|r| r.len == 1 && r.original.text == o.text) {
                        out[i].push(Reading { len: 1, original: Rc::clone(o), evidence: None });
                    }
                }
            }
        }
        out
    }

    /// Adds the decoder's proposals that cover whole words outside the list hits to the
    /// readings of their first word.
    fn propose(
        &self,
        s: &[Word],
        choice: &[Choice],
        proposed: &[&(usize, usize, Inferred)],
        readings: &mut [Vec<Reading>],
    ) {
        for &&(a, b, ref h) in proposed {
            let Some(i) = s.iter().position(|w| w.start == a) else { continue };
            let Some(j) = s.iter().position(|w| w.end == b) else { continue };
            if j < i || choice[i..=j].iter().any(|c| !matches!(c, Choice::Keep)) {
                continue;
            }
            // One word that spinners were seen writing keeps their originals (see `readings`).
            let len = j + 1 - i;
            if len == 1 && readings[i].iter().any(|r| r.len == 1 && r.original.source == Source::Seen) {
                continue;
            }
            let original = self.table.original(&h.original, Source::Decoder, 0.0);
            let evidence = h.suggestions.first().map(|x| Rc::from(x.evidence.as_str()));
            readings[i].retain(|r| !(r.len == j + 1 - i && r.original.text == original.text));
            readings[i].push(Reading { len: j + 1 - i, original: Rc::new(original), evidence });
        }
    }

    /// The model's items for word `t` as currently read.
    fn emit(&self, s: &[Word], choice: &[Choice], readings: &[Vec<Reading>], t: usize, out: &mut Vec<Item>) {
        match &choice[t] {
            Choice::Keep => out.push(s[t].lm),
            Choice::Fixed(ids) => out.extend(ids.iter().copied()),
            Choice::Take(k) => out.extend(readings[t][*k].original.ids.iter().copied()),
            Choice::Covered => {}
        }
    }

    /// log10 probability of `seq[from..]`, each item after the ones before it.
    fn logprob(&self, seq: &[Item], from: usize) -> f32 {
        let mut total = 0.0;
        for k in from..seq.len() {
            let Some(w3) = seq[k] else {
                total += self.params.unknown;
                continue;
            };
            let w2 = if k >= 1 { seq[k - 1] } else { None };
            let w1 = if k >= 2 { seq[k - 2] } else { None };
            let mut p = self.lm.log10_prob(w1.filter(|_| w2.is_some()), w2, w3);
            if let Some(a) = w2 {
                if self.term_pairs.contains_key(&pair_key(a, w3)) {
                    p = p.max(self.params.term);
                }
            }
            total += p;
        }
        total
    }

    /// Scores every reading of word `i` in the current context, best first.
    #[allow(clippy::too_many_arguments)]
    fn decide(
        &self,
        s: &[Word],
        choice: &[Choice],
        readings: &[Vec<Reading>],
        i: usize,
        word: &str,
        doc: &Doc,
    ) -> Decision {
        let n = s.len();
        // History: the two items before word i, as read.
        let mut left: Vec<Item> = Vec::new();
        let mut t = i;
        while left.len() < 2 {
            if t == 0 {
                left.push(Some(self.lm.sentence_start()));
                break;
            }
            t -= 1;
            let mut items = Vec::new();
            self.emit(s, choice, readings, t, &mut items);
            for it in items.into_iter().rev() {
                if left.len() < 2 {
                    left.push(it);
                }
            }
        }
        left.reverse();
        let reach = i + readings[i].iter().map(|r| r.len).max().unwrap_or(1);
        let score = |len: usize, ids: &[Item]| -> f32 {
            let mut seq = left.clone();
            seq.extend_from_slice(ids);
            let mut t = i + len;
            while t < reach.min(n) {
                self.emit(s, choice, readings, t, &mut seq);
                t += 1;
            }
            let mut extra = 0;
            while t < n && extra < 2 {
                let before = seq.len();
                self.emit(s, choice, readings, t, &mut seq);
                extra += seq.len() - before;
                t += 1;
            }
            if t >= n {
                seq.push(Some(self.lm.sentence_end()));
            }
            self.logprob(&seq, left.len())
        };
        let p = &self.params;
        let rate = 10f32.powf(self.table.word_rate(word, s[i].lm));
        let mut scores = vec![(None, score(1, &[s[i].lm]) + (1.0 - rate).log10() + p.as_written)];
        // The reading's weight outside the language model.
        let prior = |r: &Reading| {
            let penalty = match r.original.source {
                Source::Seen => 0.0,
                Source::Thesaurus => p.thesaurus,
                Source::Vector => p.vector,
                Source::Decoder => p.decoder,
            };
            // An original left as written elsewhere in the document is less likely rewritten here.
            let kept = doc.counts.get(&r.original.hash).map_or(0.0, |&c| (1.0 + p.kept * c as f32).log10());
            r.original.rate - kept + r.original.channel + penalty
        };
        for (k, r) in readings[i].iter().enumerate() {
            scores.push((Some(k), score(r.len, &r.original.ids) + prior(r)));
        }
        scores.sort_by(|a, b| b.1.total_cmp(&a.1));
        Decision { scores }
    }

    /// Restores one sentence, pushing its rewrites.
    #[allow(clippy::too_many_arguments)]
    fn sentence(
        &self,
        text: &[u8],
        offset: usize,
        s: &[Word],
        mut choice: Vec<Choice>,
        proposed: &[&(usize, usize, Inferred)],
        doc: &Doc,
        want: bool,
        out: &mut Vec<Inferred>,
    ) {
        let mut readings = self.readings(text, s, &choice, doc);
        self.propose(s, &choice, proposed, &mut readings);
        if readings.iter().all(Vec::is_empty) {
            return;
        }
        let mut decisions: Vec<Option<Decision>> = vec![None; s.len()];
        // Words whose reading changed in the pass before: a later pass reads again only the
        // words near one of them, since nothing else in their context moved.
        let mut moved: Vec<usize> = Vec::new();
        for pass in 0..self.params.passes.max(1) {
            if pass > 0 && moved.is_empty() {
                break;
            }
            let near: Vec<bool> = (0..s.len())
                .map(|i| pass == 0 || moved.iter().any(|&j| j != i && j.abs_diff(i) <= MAX_WORDS + 2))
                .collect();
            let before: Vec<Option<usize>> =
                choice.iter().map(|c| if let Choice::Take(k) = c { Some(*k) } else { None }).collect();
            let mut i = 0;
            while i < s.len() {
                if readings[i].is_empty() || matches!(choice[i], Choice::Fixed(..) | Choice::Covered) {
                    i += 1;
                    continue;
                }
                if !near[i] {
                    i += match choice[i] {
                        Choice::Take(k) => readings[i][k].len,
                        _ => 1,
                    };
                    continue;
                }
                if let Choice::Take(k) = choice[i] {
                    for c in &mut choice[i..i + readings[i][k].len] {
                        *c = Choice::Keep;
                    }
                }
                let word = String::from_utf8_lossy(&text[s[i].start..s[i].end]).to_ascii_lowercase();
                let d = self.decide(s, &choice, &readings, i, &word, doc);
                let (best, best_score) = d.scores[0];
                let total: f32 = d.scores.iter().map(|x| 10f32.powf(x.1 - best_score)).sum();
                let posterior = 1.0 / total;
                let mut step = 1;
                if let Some(k) = best.filter(|_| posterior >= self.params.posterior) {
                    let len = readings[i][k].len;
                    choice[i] = Choice::Take(k);
                    for c in &mut choice[i + 1..i + len] {
                        *c = Choice::Covered;
                    }
                    step = len;
                }
                decisions[i] = Some(d);
                i += step;
            }
            moved = (0..s.len())
                .filter(|&i| {
                    let now = if let Choice::Take(k) = choice[i] { Some(k) } else { None };
                    now != before[i]
                })
                .collect();
        }
        for i in 0..s.len() {
            let Choice::Take(k) = choice[i] else { continue };
            let r = &readings[i][k];
            let d = decisions[i].as_ref().expect("a word read has a decision");
            let keep = d.scores.iter().find(|x| x.0.is_none()).map_or(f32::NEG_INFINITY, |x| x.1);
            let best = d.scores[0].1;
            let spun = String::from_utf8_lossy(&text[s[i].start..s[i + r.len - 1].end]).to_ascii_lowercase();
            let suggestions = if want { super::evidence::suggestions(&spun, &readings[i], d) } else { Vec::new() };
            out.push(Inferred {
                start: offset + s[i].start,
                end: offset + s[i + r.len - 1].end,
                original: r.original.text.to_string(),
                gain: best - keep,
                suggestions,
            });
        }
    }
}
