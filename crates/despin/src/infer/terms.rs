//! Term matching: short stretches that read as a standard term of the lists once some of their
//! words are put back ("device learning" -> "machine learning").
//!
//! Each word has readings ([`Opt`]): as written, or as one of its likely originals (the
//! dictionary's, the thesaurus's either way round, with inflections). A depth-first search
//! follows the prefixes of standard terms through the readings; overlapping matches are
//! resolved longest first.

use std::collections::HashMap;
use std::rc::Rc;

use super::inflect::{inflect, stems};
use super::params::{
    ESTABLISHED_TERM, FUNCTION_WORD, INFLECTED, LISTED_BY, MAX_SYNONYMS, MAX_TERM, ORDINARY_PAIR, SYNONYM, TERM_CHANGE,
    TERM_COUNT, TERM_FLOOR, TERM_GAIN, TERM_LENGTH, WORD_CACHE,
};
use super::tokens::{tok_text, Tok};
use super::{Inferred, Inferrer, Suggestion};
use crate::text::hash::{pair_hash, word_hash, HashedMap};

/// A reading of a word for term matching.
#[derive(Debug, Clone)]
struct Opt {
    text: Box<str>,
    /// The hashes of the words of `text`, for following terms without hashing again.
    words: Box<[u64]>,
    /// The phrase hash of `text` alone, and whether a term starts with it.
    alone: u64,
    starts: bool,
    cost: f32,
    why: Why,
}

impl Opt {
    fn new(text: &str, cost: f32, why: Why, prefixes: &HashedMap<()>) -> Opt {
        let words: Box<[u64]> = text.split(' ').map(|w| word_hash(w.as_bytes())).collect();
        let alone = words[1..].iter().fold(words[0], |x, &w| pair_hash(x, w));
        Opt { text: Box::from(text), words, alone, starts: prefixes.contains_key(&alone), cost, why }
    }
}

/// Where a reading of a word comes from (word forms by hash, strings by id).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Why {
    Keep,
    Dict { form: u64, original: u32, count: u32, total: u32 },
    Synonym { form: u64 },
    ListedBy { form: u64, head: u32 },
}

/// A stretch of text that reads as a standard term.
#[derive(Debug, Clone)]
struct TermMatch {
    start: usize,
    end: usize,
    /// First and last word changed.
    changed: (usize, usize),
    score: f32,
    count: u32,
    choice: Vec<usize>,
}

thread_local! {
    /// The readings of words ([`Inferrer::options`]) a thread has worked out, with the id of the
    /// model they are of: a word's readings depend only on the model, and working them out is
    /// most of the cost of term matching in short documents.
    static READINGS: std::cell::RefCell<(u64, HashedMap<Rc<Vec<Opt>>>)> =
        std::cell::RefCell::new((0, HashedMap::default()));
}

/// Phrase hash of words as written (option 0 of each position), word by word: a merged phrase
/// of the dictionary counts as its words, as in the hashes of terms.
fn text_hash(window: &[&[Opt]]) -> u64 {
    let mut words = window.iter().flat_map(|opts| opts[0].words.iter().copied());
    let first = words.next().unwrap_or(0);
    words.fold(first, pair_hash)
}

impl Inferrer {
    /// The ways to read a word for term matching: as written, or as one of its likely
    /// originals (the dictionary's, the thesaurus's either way round, and the same for the
    /// word without its inflection, inflected back), each with a log10 channel cost. The most
    /// frequent words (function words) are read only through the dictionary.
    fn options(&self, word: &str, hash: u64) -> Vec<Opt> {
        let mut out = vec![Opt::new(word, 0.0, Why::Keep, &self.prefixes)];
        let mut index: HashedMap<usize> = HashedMap::default();
        index.insert(word_hash(word.as_bytes()), 0);
        // Only readings made of words of standard terms can complete one.
        let mut add = |out: &mut Vec<Opt>, text: &str, cost: f32, why: Why| {
            if !text.split(' ').all(|w| self.standard_words.contains_key(&word_hash(w.as_bytes()))) {
                return;
            }
            let h = word_hash(text.as_bytes());
            match index.get(&h) {
                Some(&i) => {
                    let o = &mut out[i];
                    if cost > o.cost && o.why != Why::Keep {
                        (o.cost, o.why) = (cost, why);
                    }
                }
                None => {
                    index.insert(h, out.len());
                    out.push(Opt::new(text, cost, why, &self.prefixes));
                }
            }
        };
        let common = self.lex.unigram(hash) >= FUNCTION_WORD;
        let mut forms: Vec<(String, &'static str)> = vec![(word.to_string(), "")];
        forms.extend(stems(word));
        for (form, suffix) in &forms {
            let extra = if suffix.is_empty() { 0.0 } else { INFLECTED };
            let h = word_hash(form.as_bytes());
            if let Some(v) = self.inverse.get(&h) {
                let total = self.inverse_total.get(&h).copied().unwrap_or(1).max(1);
                for &(id, c) in v {
                    let o = &*self.strings[id as usize];
                    let cost = (f64::from(c) / f64::from(total)).log10() as f32 + extra;
                    for t in inflect(o, suffix) {
                        add(&mut out, &t, cost, Why::Dict { form: h, original: id, count: c, total });
                    }
                }
            }
            if common {
                continue;
            }
            for syn in self.lex.synonyms(form).take(MAX_SYNONYMS) {
                for t in inflect(syn, suffix) {
                    add(&mut out, &t, SYNONYM + extra, Why::Synonym { form: h });
                }
            }
            for &id in self.listed_by.get(&h).into_iter().flatten().take(MAX_SYNONYMS) {
                let o = &*self.strings[id as usize];
                for t in inflect(o, suffix) {
                    add(&mut out, &t, LISTED_BY + extra, Why::ListedBy { form: h, head: id });
                }
            }
        }
        out
    }

    /// The evidence for reading `word` as `opt`, in words.
    fn explain(&self, word: &str, opt: &Opt) -> String {
        let form = |h: u64| {
            if word_hash(word.as_bytes()) == h {
                word.to_string()
            } else {
                stems(word).into_iter().find(|(f, _)| word_hash(f.as_bytes()) == h).map_or(word.to_string(), |x| x.0)
            }
        };
        match opt.why {
            Why::Keep => String::new(),
            Why::Dict { form: f, original, count, total } => format!(
                "dictionary: \"{}\" for \"{}\" {count} of {total} times",
                form(f),
                self.strings[original as usize]
            ),
            Why::Synonym { form: f } => format!("synonym of \"{}\"", form(f)),
            Why::ListedBy { form: f, head } => {
                format!("\"{}\" is a synonym of \"{}\"", form(f), self.strings[head as usize])
            }
        }
    }

    /// Finds stretches of two to [`MAX_TERM`] words, around a spinner output, that read as a
    /// standard term once some of their words are put back ("device learning" -> "machine
    /// learning"), and marks their words as covered.
    pub(super) fn match_terms(
        &self,
        text: &[u8],
        toks: &[Tok],
        want: bool,
        hits: &mut Vec<Inferred>,
        covered: &mut [bool],
    ) {
        // The dictionary's phrases of several words are read as one word: "getting to know" is
        // a reading of "learning". `spans` maps the words matched on back to `toks`.
        let (merged, spans) = self.merge_units(toks);
        let toks = &merged[..];
        // Readings of the words near the current one, by position; and the matches not yet
        // resolved. Both are flushed as the walk moves on, so memory stays small.
        let mut cache: HashMap<usize, Rc<Vec<Opt>>> = HashMap::new();
        // Readings by word, for words that come back (bounded), kept by the thread from one
        // document to the next.
        let mut by_word = READINGS.with(|r| {
            let mut r = r.borrow_mut();
            if r.0 != self.id {
                *r = (self.id, HashedMap::default());
            }
            std::mem::take(&mut r.1)
        });
        let mut found: Vec<TermMatch> = Vec::new();
        for s in 0..toks.len() {
            if found.iter().all(|m| m.end <= s) {
                if !found.is_empty() {
                    self.resolve_terms(text, toks, &spans, want, &cache, &mut found, hits, covered);
                }
                cache.retain(|&k, _| k >= s);
            }
            let reach = (s + MAX_TERM).min(toks.len());
            let mut e = s + 1;
            while e < reach && !toks[e].brk {
                e += 1;
            }
            // toks[s..e] is unbroken; a trigger must be among them.
            if e - s < 2 || !toks[s..e].iter().any(|t| t.trig) {
                continue;
            }
            for (k, t) in toks.iter().enumerate().take(e).skip(s) {
                cache.entry(k).or_insert_with(|| {
                    if by_word.len() > WORD_CACHE {
                        by_word.clear();
                    }
                    by_word.entry(t.hash).or_insert_with(|| Rc::new(self.options(&tok_text(text, t), t.hash))).clone()
                });
            }
            let mut window: [&[Opt]; MAX_TERM] = [&[]; MAX_TERM];
            for (w, k) in window.iter_mut().zip(s..e) {
                *w = &cache[&k][..];
            }
            let mut choice = Vec::with_capacity(e - s);
            self.extend_term(&window[..e - s], toks, s, 0, 0.0, &mut choice, &mut found);
        }
        if !found.is_empty() {
            self.resolve_terms(text, toks, &spans, want, &cache, &mut found, hits, covered);
        }
        READINGS.with(|r| *r.borrow_mut() = (self.id, by_word));
    }

    /// Chooses among overlapping term matches (longest first) and turns them into hits.
    #[allow(clippy::too_many_arguments)]
    fn resolve_terms(
        &self,
        text: &[u8],
        toks: &[Tok],
        spans: &[(usize, usize)],
        want: bool,
        cache: &HashMap<usize, Rc<Vec<Opt>>>,
        found: &mut Vec<TermMatch>,
        hits: &mut Vec<Inferred>,
        covered: &mut [bool],
    ) {
        // Longer terms first, then fewer changes, then the better channel.
        let rank = |m: &TermMatch| m.score + TERM_LENGTH * (m.end - m.start) as f32;
        found.sort_by(|x, y| rank(y).total_cmp(&rank(x)));
        let mut taken: Vec<(usize, usize)> = Vec::new();
        for m in found.iter() {
            if taken.iter().any(|&(a, b)| m.start < b && a < m.end) {
                continue;
            }
            taken.push((m.start, m.end));
            let (a, b) = (m.changed.0, m.changed.1);
            let original = (a..=b).map(|k| &*cache[&k][m.choice[k - m.start]].text).collect::<Vec<_>>().join(" ");
            let suggestions = if want {
                let mut alts: Vec<&TermMatch> =
                    found.iter().filter(|x| (x.start, x.end) == (m.start, m.end) || (x.changed == m.changed)).collect();
                alts.sort_by(|x, y| y.score.total_cmp(&x.score));
                let top = alts.first().map_or(0.0, |x| x.score);
                let total: f64 = alts.iter().map(|x| 10f64.powf(f64::from(x.score - top))).sum();
                let mut seen: Vec<String> = Vec::new();
                let mut out = Vec::new();
                for x in alts {
                    let reading = (a..=b)
                        .map(|k| {
                            if k >= x.start && k < x.end {
                                cache[&k][x.choice[k - x.start]].text.to_string()
                            } else {
                                tok_text(text, &toks[k])
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    if seen.contains(&reading) || out.len() == 5 {
                        continue;
                    }
                    seen.push(reading.clone());
                    let term =
                        (x.start..x.end).map(|k| &*cache[&k][x.choice[k - x.start]].text).collect::<Vec<_>>().join(" ");
                    let mut why = vec![format!("standard term \"{term}\" ({} in the lists' originals)", x.count)];
                    for k in x.start..x.end {
                        let o = &cache[&k][x.choice[k - x.start]];
                        if o.why != Why::Keep {
                            why.push(self.explain(&tok_text(text, &toks[k]), o));
                        }
                    }
                    out.push(Suggestion {
                        text: reading,
                        score: 10f64.powf(f64::from(x.score - top)) / total,
                        evidence: why.join("; "),
                    });
                }
                out
            } else {
                Vec::new()
            };
            for c in &mut covered[spans[m.start].0..spans[m.end - 1].1] {
                *c = true;
            }
            hits.push(Inferred {
                start: toks[a].start,
                end: toks[b].end,
                original,
                gain: TERM_GAIN + m.score.max(-2.0),
                suggestions,
            });
        }
        found.clear();
    }

    /// Depth-first search of readings of the words `toks[s..]` whose options `window` holds,
    /// from the position after those already chosen, following the prefixes of standard terms.
    #[allow(clippy::too_many_arguments)]
    fn extend_term(
        &self,
        window: &[&[Opt]],
        toks: &[Tok],
        s: usize,
        h: u64,
        cost: f32,
        choice: &mut Vec<usize>,
        found: &mut Vec<TermMatch>,
    ) {
        let at = choice.len();
        let Some(opts) = window.get(at) else { return };
        let k = s + at;
        for (i, o) in opts.iter().enumerate() {
            // A first word that starts no term is no start.
            if at == 0 && !o.starts {
                continue;
            }
            let cost = cost + o.cost;
            if cost < TERM_FLOOR {
                continue;
            }
            let hh = if at == 0 { o.alone } else { o.words.iter().fold(h, |x, &w| pair_hash(x, w)) };
            choice.push(i);
            if choice.len() >= 2 {
                if let Some(&count) = self.terms.get(&hh) {
                    let changed: Vec<usize> = (0..choice.len()).filter(|&q| choice[q] != 0).collect();
                    // At least one change from the dictionary, and every changed word a known
                    // spinner output: a word the spinner never wrote stays as written.
                    // (An established term, seen often among the originals, may also be reached
                    // through the thesaurus alone, from words the dictionary has not seen.)
                    let established = count >= ESTABLISHED_TERM;
                    let by_dict = (established
                        || changed
                            .iter()
                            .any(|&q| toks[s + q].trig && matches!(window[q][choice[q]].why, Why::Dict { .. })))
                        && changed.iter().all(|&q| {
                            (toks[s + q].trig || established)
                                && (matches!(window[q][choice[q]].why, Why::Dict { .. })
                                    || !self.standard_words.contains_key(&toks[s + q].hash))
                        });
                    let text_hash = text_hash(&window[..=at]);
                    // Text whose every pair is common English is left alone.
                    let ordinary = toks[s..=k]
                        .windows(2)
                        .all(|p| self.lex.bigram(pair_hash(p[0].hash, p[1].hash)) >= ORDINARY_PAIR);
                    // (A reading that changes nothing is the text itself.)
                    if !changed.is_empty() && by_dict && !ordinary && !self.terms.contains_key(&text_hash) {
                        found.push(TermMatch {
                            start: s,
                            end: k + 1,
                            changed: (s + changed[0], s + changed[changed.len() - 1]),
                            score: cost + TERM_COUNT * (count as f32).log10() + TERM_CHANGE * changed.len() as f32,
                            count,
                            choice: choice.clone(),
                        });
                    }
                }
            }
            if (at == 0 || self.prefixes.contains_key(&hh)) && at + 1 < window.len() {
                self.extend_term(window, toks, s, hh, cost, choice, found);
            }
            choice.pop();
        }
    }
}
