//! Detection beyond the lists: spun words that no list holds, found by what the spinner does.
//!
//! A list knows only the phrases someone wrote into it. The spinner, though, has a dictionary
//! ([`crate::dictionary`]), and what it did to one text it does to the next: "studying" for
//! "learning", "spherical" for "round". The inferrer walks once over the words of a document,
//! hashing each; a word that the dictionary knows as a spinner output is a *candidate*, and the
//! short stretch of text around a run of candidates is decoded as a noisy channel:
//!
//! - the channel: for each candidate word, keep it, or put back one of its likely originals:
//!   the dictionary's (prior from how often the spinner wrote this word for that original), or
//!   a synonym from WordNet and Moby (a fixed, lower prior);
//! - the language: each adjacent pair of words scores by how common it is: in English web text
//!   (`wordlists/bigrams.tsv`) and among the originals of the lists (standard terms such as
//!   "image recognition");
//! - the best reading (Viterbi over the stretch) is compared with the text as written. When
//!   putting originals back gains enough (more for common words, which are seldom spun), the
//!   changed words are a hit, with their originals ranked and the evidence for the ranking.
//!
//! This is signal 4 of DESIGN.md, collocation oddity: "spherical of negotiations" is rare while
//! "round of negotiations" is common. Signal 3, missing common words, is measured in the same
//! walk: the counts of frequent words are compared with what English text of that length holds
//! (a spinner that always rewrites "by" leaves none).
//!
//! ```
//! use despin::infer::Inferrer;
//!
//! let inferrer = Inferrer::default_model();
//! let text = b"The second spherical of negotiations ended.";
//! let found = inferrer.analyse(text, true);
//! let hit = &found.hits[0];
//! assert_eq!(&text[hit.start..hit.end], b"spherical");
//! assert_eq!(hit.original, "round");
//! assert_eq!(hit.suggestions[0].text, "round");
//! ```

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

use crate::dictionary::{self, Mapping};
use crate::lexicon::{finish_hash, pair_hash, word_hash, HashedMap, Lexicon};
use crate::wordlist::Wordlist;

/// The knobs of the decoder, in units of log10. [`Params::DEFAULT`] holds the values in use;
/// they were chosen with `despin eval holdout --dev`, on a development slice of the training
/// part of the tortured-phrase list, and on the Brown corpus for false alarms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Params {
    /// log10 of the chance that the spinner rewrote a given word it has a replacement for.
    pub rho: f32,
    /// log10 count given to a pair of words that is among the lists' originals (a standard
    /// term such as "image recognition") when the web table has it rarer.
    pub term: f32,
    /// Extra penalty of an original that only a synonym table proposes.
    pub synonym: f32,
    /// log10 odds that a stretch needs, restored against as written, to be a hit.
    pub gain: f32,
    /// Candidate words among this many most frequent words are not considered.
    pub skip_top: usize,
}

impl Params {
    pub const DEFAULT: Params = Params { rho: -1.0, term: 6.0, synonym: 1.0, gain: 1.0, skip_top: 300 };
}

impl Default for Params {
    fn default() -> Self {
        Params::DEFAULT
    }
}

/// A ranked suggestion for a hit, with the evidence for its rank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The original, in lower case (the scanner gives it the letter case of the text).
    pub text: String,
    /// Share of the evidence, 0 to 1, among the suggestions considered.
    pub score: f64,
    /// Why: which dictionary entry or synonym, which word pairs.
    pub evidence: String,
}

/// A hit found beyond the lists, in byte offsets of the text analysed.
#[derive(Debug, Clone, PartialEq)]
pub struct Inferred {
    pub start: usize,
    pub end: usize,
    /// The best original, lower case.
    pub original: String,
    /// How much better the restored reading is than the text, in log10 odds.
    pub gain: f32,
    /// Ranked originals, best first (filled when asked for).
    pub suggestions: Vec<Suggestion>,
}

/// What the inferrer saw in a text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    pub hits: Vec<Inferred>,
    /// Evidence of missing common words: expected occurrences of the watched words that do
    /// not occur at all, minus what clean text of that length would miss. Around 0 for clean
    /// text, large for text whose common words were rewritten.
    pub missing: f64,
    /// Words seen.
    pub words: usize,
}

#[derive(Debug, Clone)]
struct Cand {
    word: Box<str>,
    first: u64,
    last: u64,
    /// log10 P(spun | this original) of the channel, ρ included.
    prior: f32,
    /// log10 counts of the first and last word.
    uq_first: f32,
    uq_last: f32,
    /// Times the dictionary saw this substitution (0: a synonym).
    count: u32,
}

#[derive(Debug, Clone)]
struct Key {
    spun: Box<str>,

    total: u32,
    cands: Vec<Cand>,
}

#[derive(Debug, Clone, Copy)]
struct TokInfo {
    key: u32,
    watched: u16,
}

const NONE32: u32 = u32::MAX;
const NONE16: u16 = u16::MAX;

/// A word of the text.
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    hash: u64,
    /// Punctuation between the previous word and this one: they are not a pair.
    brk: bool,
    key: u32,
}

/// The compiled model: the dictionary inverted, the term pairs of the lists, the watched words.
pub struct Inferrer {
    tokens: HashedMap<TokInfo>,
    keys: Vec<Key>,
    /// Watched common words and their expected rate per word of text.
    watched: Vec<(Box<str>, f64)>,
    term_pairs: HashedMap<()>,
    lex: &'static Lexicon,
    pub params: Params,
}

impl std::fmt::Debug for Inferrer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inferrer").field("keys", &self.keys.len()).field("watched", &self.watched.len()).finish()
    }
}

static DEFAULT_MODEL: LazyLock<Inferrer> =
    LazyLock::new(|| Inferrer::new(&dictionary::defaults(), &Wordlist::defaults(), Params::DEFAULT));

/// Number of web tokens the counts of `unigrams.tsv` are out of (the Web 1T corpus).
const WEB_TOKENS: f64 = 1.0e12;

/// How many of the most frequent words are watched for going missing.
const WATCHED: usize = 150;

impl Inferrer {
    /// The model built from the embedded dictionary and lists (compiled once).
    pub fn default_model() -> &'static Inferrer {
        &DEFAULT_MODEL
    }

    /// Builds a model from a dictionary and the lists whose originals show what standard text
    /// looks like.
    pub fn new(dict: &[Mapping], lists: &[Wordlist], params: Params) -> Inferrer {
        let originals = lists.iter().flat_map(|l| l.entries.iter().map(|e| e.original.as_str()));
        Inferrer::from_originals(dict, originals, params)
    }

    /// Builds a model from a dictionary and the originals of wordlist entries.
    pub fn from_originals<'a>(
        dict: &[Mapping],
        originals: impl IntoIterator<Item = &'a str>,
        params: Params,
    ) -> Inferrer {
        let lex = Lexicon::get();
        let top = lex.top_words();
        let rank: HashMap<&str, usize> = top.iter().enumerate().map(|(i, (w, _))| (&**w, i)).collect();
        let mut term_pairs = HashedMap::default();
        for original in originals {
            let w = dictionary::words(original);
            for p in w.windows(2) {
                term_pairs.insert(pair_hash(word_hash(p[0].as_bytes()), word_hash(p[1].as_bytes())), ());
            }
        }
        // How often each original was rewritten at all, for P(spun | original).
        let mut by_original: HashMap<&str, u32> = HashMap::new();
        for m in dict {
            *by_original.entry(&m.original).or_insert(0) += m.count;
        }
        let uq = |w: &str| unigram_log(lex, word_hash(w.as_bytes()));
        // Group the dictionary by spun word (single words only).
        let mut by_spun: HashMap<&str, Vec<&Mapping>> = HashMap::new();
        for m in dict {
            if m.spun.contains(' ') || m.spun.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            if rank.get(m.spun.as_str()).is_some_and(|&r| r < params.skip_top) {
                continue;
            }
            by_spun.entry(&m.spun).or_default().push(m);
        }
        let mut spuns: Vec<&str> = by_spun.keys().copied().collect();
        spuns.sort_unstable();
        let mut keys = Vec::new();
        let mut tokens: HashedMap<TokInfo> = HashedMap::default();
        for spun in spuns {
            let maps = &by_spun[spun];
            let total: u32 = maps.iter().map(|m| m.count).sum();
            let mut cands: Vec<Cand> = Vec::new();
            for m in maps.iter().take(MAX_DICT_CANDIDATES) {
                let w = dictionary::words(&m.original);
                let (Some(first), Some(last)) = (w.first(), w.last()) else { continue };
                let out_of = by_original.get(m.original.as_str()).copied().unwrap_or(m.count).max(1);
                cands.push(Cand {
                    word: Box::from(w.join(" ").as_str()),
                    first: word_hash(first.as_bytes()),
                    last: word_hash(last.as_bytes()),
                    prior: params.rho + (f64::from(m.count) / f64::from(out_of)).log10() as f32,
                    uq_first: uq(first),
                    uq_last: uq(last),
                    count: m.count,
                });
            }
            for s in lex.synonyms(spun) {
                if cands.len() >= MAX_CANDIDATES {
                    break;
                }
                if cands.iter().any(|c| &*c.word == s) {
                    continue;
                }
                let h = word_hash(s.as_bytes());
                let n_syn = lex.synonyms(s).count().max(1) as f32;
                cands.push(Cand {
                    word: Box::from(s),
                    first: h,
                    last: h,
                    prior: params.rho - n_syn.log10() - params.synonym,
                    uq_first: uq(s),
                    uq_last: uq(s),
                    count: 0,
                });
            }
            let h = word_hash(spun.as_bytes());
            tokens.insert(h, TokInfo { key: keys.len() as u32, watched: NONE16 });
            keys.push(Key { spun: Box::from(spun), total, cands });
        }
        let mut watched = Vec::new();
        for (w, q) in top.iter().filter(|(w, _)| w.bytes().all(|b| b.is_ascii_alphabetic())) {
            if watched.len() == WATCHED {
                break;
            }
            if lex.synonyms(w).next().is_none() {
                continue;
            }
            let h = word_hash(w.as_bytes());
            let info = tokens.entry(h).or_insert(TokInfo { key: NONE32, watched: NONE16 });
            info.watched = watched.len() as u16;
            watched.push((w.clone(), 10f64.powf(f64::from(*q) / 10.0) / WEB_TOKENS));
        }
        Inferrer { tokens, keys, watched, term_pairs, lex, params }
    }

    /// Number of spun words the model knows.
    pub fn keys(&self) -> usize {
        self.keys.len()
    }

    /// log10 count of a pair of words: the web table's, else an estimate from the words'
    /// counts as if independent (below the table's floor); a pair of standard terms counts at
    /// least [`Params::term`].
    #[inline]
    fn pair(&self, a: u64, b: u64) -> f32 {
        let h = pair_hash(a, b);
        let q = self.lex.bigram(h);
        let mut s = if q > 0 {
            f32::from(q) / 10.0
        } else {
            (unigram_log(self.lex, a) + unigram_log(self.lex, b) - 12.0).min(PAIR_FLOOR)
        };
        if self.term_pairs.contains_key(&h) {
            s = s.max(self.params.term);
        }
        s
    }

    /// Finds spun words in `text` (any bytes; words are runs of ASCII letters, digits and
    /// non-ASCII bytes) and measures missing common words. With `suggestions`, each hit
    /// carries its ranked originals.
    pub fn analyse(&self, text: &[u8], suggestions: bool) -> Analysis {
        let mut counts = vec![0u32; self.watched.len()];
        let mut hits = Vec::new();
        let mut words = 0;
        // The words around a run of adjacent candidates: the word before, the run (at most
        // three), and the word after, which closes the run.
        let mut window: Vec<Tok> = Vec::with_capacity(5);
        let mut run = 0;
        let mut prev: Option<Tok> = None;
        let mut i = 0;
        let n = text.len();
        let mut gap_start = 0;
        while i < n {
            if !is_token_byte(text[i]) {
                i += 1;
                continue;
            }
            let start = i;
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            while i < n && is_token_byte(text[i]) {
                h = (h ^ u64::from(text[i].to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01b3);
                i += 1;
            }
            let hash = finish_hash(h);
            let brk = words == 0 || text[gap_start..start].iter().any(|&c| !matches!(c, b' ' | b'\'' | b'-'));
            gap_start = i;
            words += 1;
            let mut key = NONE32;
            if let Some(info) = self.tokens.get(&hash) {
                if info.watched != NONE16 {
                    counts[info.watched as usize] += 1;
                }
                key = info.key;
            }
            let tok = Tok { start, end: i, hash, brk, key };
            if run > 0 {
                if key != NONE32 && !brk && run < 3 {
                    window.push(tok);
                    run += 1;
                    prev = Some(tok);
                    continue;
                }
                window.push(tok);
                let first = window.len() - 1 - run;
                self.decode(text, &window, first, first + run - 1, suggestions, &mut hits);
                run = 0;
            }
            if key != NONE32 {
                window.clear();
                window.extend(prev);
                window.push(tok);
                run = 1;
            }
            prev = Some(tok);
        }
        if run > 0 {
            let first = window.len() - run;
            self.decode(text, &window, first, first + run - 1, suggestions, &mut hits);
        }
        let mut missing = 0.0;
        for ((_, rate), &c) in self.watched.iter().zip(&counts) {
            let lambda = rate * words as f64;
            if lambda < 1.0 {
                continue;
            }
            let lambda = lambda.min(20.0);
            missing += if c == 0 { lambda } else { 0.0 } - lambda * (-lambda).exp();
        }
        Analysis { hits, missing, words }
    }

    /// Decodes the stretch of candidate words `first..=last` with a word of context on each
    /// side, and pushes the hits it yields.
    fn decode(&self, text: &[u8], toks: &[Tok], first: usize, last: usize, want: bool, hits: &mut Vec<Inferred>) {
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
                (c.prior, c.uq_first, c.uq_last)
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

/// Web `q` from which a pair of words is common enough that a word with such pairs on both
/// sides is taken to be in its place.
const SETTLED: u8 = 55;

/// Originals considered for a spun word: from the dictionary, and in all.
const MAX_DICT_CANDIDATES: usize = 5;
const MAX_CANDIDATES: usize = 8;

/// log10 count assumed for a pair of words that the web table lacks, at most.
const PAIR_FLOOR: f32 = 4.9;
/// log10 count assumed for a word that the unigram table lacks.
const UNKNOWN_WORD: f32 = 3.5;

/// log10 count of a word.
#[inline]
fn unigram_log(lex: &Lexicon, h: u64) -> f32 {
    match lex.unigram(h) {
        0 => UNKNOWN_WORD,
        q => f32::from(q) / 10.0,
    }
}

/// The lower-cased text of a word.
fn lower(text: &[u8], t: &Tok) -> String {
    String::from_utf8_lossy(&text[t.start..t.end]).to_lowercase()
}

/// Bytes that make up words for the inferrer: ASCII letters and digits, `_`, and every
/// non-ASCII byte (so "café" is one word, just not one the tables know).
#[inline]
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}
