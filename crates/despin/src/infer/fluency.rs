//! Fluency: how well each word of a text fits the words before it, under a trigram model of
//! English ([`crate::lang::trigram`]).
//!
//! A sense-blind swap breaks the collocations around the word it changes: "police shot dead two
//! suspects" is English, "police shot drained two suspects" is not, and the model says so
//! without knowing which thesaurus did it. For each word the model knows, with a known word
//! before it, the text's words are scored by their pointwise mutual information with their
//! context, `log P(w | w1 w2) - log P(w)`: how much likelier the context makes the word. Clean
//! prose is mostly positive; a swapped word, and often the word after it, falls back on the
//! unigram and comes out negative. The document's evidence:
//!
//! - the mean of that information over the scored words (the text's cohesion);
//! - the share of scored words that their context makes less likely than alone ("poor");
//! - the share of those whose next word is poor too ("isolated": a word that fits neither its
//!   left nor its right);
//! - the words for which a synonym fits both sides far better ("expected elsewhere"): each poor
//!   word is compared with its most frequent synonyms (WordNet and Moby, either way round:
//!   `tables/synonyms.tsv`); the one that fits the left best is scored over the three trigrams
//!   the word takes part in, and a synonym that makes them [`FluencyParams::expected`] orders of
//!   magnitude likelier says the word is likely not the writer's. The evidence of every poor
//!   word, graded, is summed as a likelihood ratio ([`Fluency::llr`]).
//!
//! Words are read as the model spells them: lower case, ASCII letters with inner apostrophes
//! ("don't", "john's"); a hyphen or other punctuation inside a sentence is passed over; a full
//! stop, question or exclamation mark, a line break twice, a number or a word of other letters
//! ends the context. A word with a capital first letter after the start of a sentence is likely
//! a name: it serves as context but is not scored.
//!
//! ```
//! use despin::infer::fluency::fluency;
//!
//! let clean = fluency(b"The police shot dead two suspects after a chase through the city.");
//! let spun = fluency(b"The police shot drained two suspects after a pursuit via the metropolis.");
//! assert!(clean.mean_pmi() > spun.mean_pmi() + 0.3, "{clean:?} {spun:?}");
//! ```

use std::sync::LazyLock;

use crate::lang::lexicon::SYNONYMS;
use crate::lang::trigram::{Query, TrigramModel, WordId};
use crate::text::hash::{word_hash, Fnv1a};

/// The knobs of the comparison with synonyms (chosen on the lab's data, `despin eval calibrate`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FluencyParams {
    /// log10 odds by which a synonym must fit a word's three trigrams better for the word to
    /// count as expected elsewhere.
    pub expected: f32,
    /// The share of words a spinner is taken to swap, for [`Fluency::llr`].
    pub rate: f32,
    /// Synonyms of a word looked at, at most: the most frequent ones (the spinner's originals
    /// are mostly common words; rare synonyms mostly fit the model's taste, not the writer's).
    pub max_synonyms: usize,
}

impl FluencyParams {
    pub const DEFAULT: FluencyParams = FluencyParams { expected: 4.0, rate: 0.01, max_synonyms: 6 };
}

impl Default for FluencyParams {
    fn default() -> Self {
        FluencyParams::DEFAULT
    }
}

/// The synonyms of each word of the model (by id), either way round: what the thesaurus lists
/// for it, and the words that list it.
static SYNONYMS_BY_ID: LazyLock<Vec<Vec<WordId>>> = LazyLock::new(|| synonyms_by_id(TrigramModel::get(), SYNONYMS));

/// Reads a thesaurus (`word<TAB>syn syn ...`) into the model's ids, both ways.
pub fn synonyms_by_id(lm: &TrigramModel, table: &str) -> Vec<Vec<WordId>> {
    let mut out: Vec<Vec<WordId>> = vec![Vec::new(); lm.len()];
    let id = |w: &str| lm.word(word_hash(w.as_bytes()));
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let Some((head, list)) = line.split_once('\t') else { continue };
        let Some(h) = id(head) else { continue };
        for s in list.split(' ').filter_map(id) {
            if s != h {
                out[h as usize].push(s);
                out[s as usize].push(h);
            }
        }
    }
    for v in &mut out {
        v.sort_unstable();
        v.dedup();
    }
    out
}

/// What the trigram model makes of a text.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Fluency {
    /// Words scored.
    pub scored: usize,
    /// Sum of log10 P(w | context) over them.
    pub logprob: f64,
    /// Sum of log10 P(w | context) - log10 P(w).
    pub pmi: f64,
    /// Words their context makes less likely than alone.
    pub poor: usize,
    /// Poor words followed by a poor word.
    pub isolated: usize,
    /// Words for which a synonym fits far better ([`FluencyParams::expected`]).
    pub expected: usize,
    /// Sum of those gains, log10.
    pub gain: f64,
    /// Evidence that words were swapped for synonyms, summed over the words compared: log10 of
    /// `(1 - r) + r 10^gain / n` for a word whose best synonym fits `gain` better, `n` the
    /// synonyms it has and `r` [`FluencyParams::rate`], where that is positive.
    pub llr: f64,
}

impl Fluency {
    /// Adds the figures of another part of the same document.
    pub fn add(&mut self, o: &Fluency) {
        self.scored += o.scored;
        self.logprob += o.logprob;
        self.pmi += o.pmi;
        self.poor += o.poor;
        self.isolated += o.isolated;
        self.expected += o.expected;
        self.gain += o.gain;
        self.llr += o.llr;
    }

    /// Mean information of a scored word with its context (0 when none was scored).
    pub fn mean_pmi(&self) -> f64 {
        if self.scored == 0 {
            0.0
        } else {
            self.pmi / self.scored as f64
        }
    }

    /// Share of scored words that are poor.
    pub fn poor_share(&self) -> f64 {
        self.poor as f64 / self.scored.max(1) as f64
    }

    /// Share of scored words that are isolated.
    pub fn isolated_share(&self) -> f64 {
        self.isolated as f64 / self.scored.max(1) as f64
    }

    /// Share of scored words expected elsewhere.
    pub fn expected_share(&self) -> f64 {
        self.expected as f64 / self.scored.max(1) as f64
    }
}

/// A word a synonym fits far better, in byte offsets of the text scored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expected {
    pub start: usize,
    pub end: usize,
    /// The synonym that fits best.
    pub synonym: WordId,
    /// How much better, log10.
    pub gain: f32,
}

/// One word as the model reads it.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    id: Option<WordId>,
    /// Scored: known, not a likely name.
    scored: bool,
    /// A break before it: the context restarts.
    restart: bool,
}

/// Splits a (normalised) text into the model's words.
fn words(lm: &TrigramModel, text: &[u8]) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    let mut restart = true;
    let mut sentence_start = true;
    while i < text.len() {
        let b = text[i];
        if b.is_ascii_alphabetic() {
            let start = i;
            let mut h = Fnv1a::new();
            while i < text.len() {
                let c = text[i];
                if c.is_ascii_alphabetic()
                    || (c == b'\'' && i + 1 < text.len() && text[i + 1].is_ascii_alphabetic() && i > start)
                {
                    h.byte(c.to_ascii_lowercase());
                    i += 1;
                } else {
                    break;
                }
            }
            // A word joined to digits or other letters is not one the model knows.
            let joined = i < text.len() && (text[i].is_ascii_digit() || text[i] >= 0x80 || text[i] == b'_');
            let id = if joined { None } else { lm.word(h.finish_word()) };
            let capital = text[start].is_ascii_uppercase() && !sentence_start;
            out.push(Word { start, end: i, id, scored: id.is_some() && !capital, restart: restart || id.is_none() });
            restart = id.is_none();
            sentence_start = false;
            continue;
        }
        match b {
            b'.' | b'!' | b'?' => {
                restart = true;
                sentence_start = true;
            }
            b'0'..=b'9' | 0x80..=0xff | b'_' => {
                // A number or a word in other letters: the context cannot go through it.
                while i < text.len() && (text[i].is_ascii_alphanumeric() || text[i] >= 0x80 || text[i] == b'_') {
                    i += 1;
                }
                restart = true;
                sentence_start = false;
                continue;
            }
            b'\n' if text.get(i + 1) == Some(&b'\n') => {
                restart = true;
                sentence_start = true;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Scores a text with the embedded model and thesaurus.
pub fn fluency(text: &[u8]) -> Fluency {
    fluency_with(TrigramModel::get(), &SYNONYMS_BY_ID, FluencyParams::DEFAULT, text, None)
}

/// Scores a text with the embedded model and thesaurus, and lists the words expected elsewhere.
pub fn fluency_detail(text: &[u8]) -> (Fluency, Vec<Expected>) {
    let mut found = Vec::new();
    let f = fluency_with(TrigramModel::get(), &SYNONYMS_BY_ID, FluencyParams::DEFAULT, text, Some(&mut found));
    (f, found)
}

/// Scores a text with a model and the synonyms of its words (by id, see [`synonyms_by_id`]);
/// with `found`, lists the words expected elsewhere there.
pub fn fluency_with(
    lm: &TrigramModel,
    synonyms: &[Vec<WordId>],
    params: FluencyParams,
    text: &[u8],
    mut found: Option<&mut Vec<Expected>>,
) -> Fluency {
    let words = words(lm, text);
    let start = lm.sentence_start();
    // One query for each scored word with a known word (or a sentence start) before it.
    let mut queries: Vec<Query> = Vec::with_capacity(words.len());
    let mut at: Vec<usize> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let Some(id) = w.id else { continue };
        if !w.scored {
            continue;
        }
        let (w1, w2) = if w.restart {
            (None, Some(start))
        } else {
            let prev = &words[i - 1];
            let before = if i >= 2 && !prev.restart {
                words[i - 2].id
            } else if prev.restart {
                Some(start)
            } else {
                None
            };
            (before, prev.id)
        };
        queries.push((w1, w2, id));
        at.push(i);
    }
    let probs = lm.log10_probs(&queries);
    let mut f = Fluency::default();
    let mut poor_at: Vec<bool> = vec![false; words.len()];
    for ((&(_, _, id), &p), &i) in queries.iter().zip(&probs).zip(&at) {
        let pmi = f64::from(p - lm.unigram(id));
        f.scored += 1;
        f.logprob += f64::from(p);
        f.pmi += pmi;
        if pmi < 0.0 {
            f.poor += 1;
            poor_at[i] = true;
        }
    }
    for i in 0..words.len().saturating_sub(1) {
        if poor_at[i] && poor_at[i + 1] && !words[i + 1].restart {
            f.isolated += 1;
        }
    }
    // The poor words: does a synonym fit both sides far better? The synonym that fits the left
    // best is scored on the trigrams to the right too, all such queries of the text in one batch.
    let mut compared: Vec<Compared> = Vec::new();
    for ((&(w1, w2, id), &i), &p) in queries.iter().zip(&at).zip(&probs) {
        if !poor_at[i] {
            continue;
        }
        let Some(cands) = synonyms.get(id as usize).filter(|c| !c.is_empty()) else { continue };
        let cands = &cands[..cands.len().min(params.max_synonyms)];
        let ctx = lm.context(w1, w2);
        let (best_left, best) =
            cands
                .iter()
                .map(|&x| (ctx.log10_prob(x), x))
                .fold((f32::NEG_INFINITY, id), |a, b| if b.0 > a.0 { b } else { a });
        let n1 = words.get(i + 1).filter(|w| !w.restart).and_then(|w| w.id);
        let n2 = n1.and_then(|_| words.get(i + 2)).filter(|w| !w.restart).and_then(|w| w.id);
        compared.push(Compared { i, w2, own: id, best, gain: best_left - p, n1, n2, synonyms: cands.len() });
    }
    let mut right: Vec<Query> = Vec::with_capacity(compared.len() * 4);
    for c in &compared {
        if let Some(a) = c.n1 {
            right.push((c.w2, Some(c.best), a));
            right.push((c.w2, Some(c.own), a));
            if let Some(b) = c.n2 {
                right.push((Some(c.best), Some(a), b));
                right.push((Some(c.own), Some(a), b));
            }
        }
    }
    let right = lm.log10_probs(&right);
    let mut r = right.iter();
    for c in &mut compared {
        for _ in 0..usize::from(c.n1.is_some()) + usize::from(c.n2.is_some()) {
            if let (Some(best), Some(own)) = (r.next(), r.next()) {
                c.gain += best - own;
            }
        }
        let lr = ((1.0 - params.rate) + params.rate * 10f32.powf(c.gain.min(30.0)) / c.synonyms as f32).log10();
        f.llr += f64::from(lr.max(0.0));
        if c.gain >= params.expected {
            f.expected += 1;
            f.gain += f64::from(c.gain);
            if let Some(found) = found.as_deref_mut() {
                found.push(Expected { start: words[c.i].start, end: words[c.i].end, synonym: c.best, gain: c.gain });
            }
        }
    }
    f
}

/// A poor word compared with its synonym that fits the left best.
struct Compared {
    i: usize,
    w2: Option<WordId>,
    own: WordId,
    best: WordId,
    /// How much better the synonym fits, log10, so far.
    gain: f32,
    n1: Option<WordId>,
    n2: Option<WordId>,
    synonyms: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_numbers_and_stops_restart_or_skip() {
        let lm = TrigramModel::get();
        let w = words(lm, b"He met Smith in 2020. Then don't go");
        let scored: Vec<bool> = w.iter().map(|x| x.scored).collect();
        // "Smith" mid-sentence is a likely name; "2020" is no word; "Then" opens a sentence.
        assert_eq!(scored, vec![true, true, false, true, true, true, true]);
        assert!(w[4].restart, "the word after a full stop starts again");
        assert!(w[5].id.is_some(), "don't is one word of the model");
    }

    #[test]
    fn a_swap_that_breaks_collocations_is_poor_on_both_sides() {
        let clean = fluency(b"the prime minister said on monday that the government would act");
        let spun = fluency(b"the prime clergyman said on monday that the authorities would act");
        assert!(spun.poor > clean.poor, "{clean:?} {spun:?}");
        assert!(clean.mean_pmi() > spun.mean_pmi());
    }
}
