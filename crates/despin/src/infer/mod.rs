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
use std::rc::Rc;
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
    /// log10 odds added to reading a telling spinner output back, per unit of its strength
    /// (see `Key::strength`): a word the spinner writes often, and English seldom, needs less
    /// context to be read back.
    pub strong: f32,
    /// The web's log10 count below which a spinner output is the more telling for being rare;
    /// above it, the less (down to half its strength).
    pub rare: f32,
    /// How much more telling per log10 of the web's count below [`Params::rare`].
    pub rare_slope: f32,
    /// log10 odds a word next to a hit needs, read back against as written, to be a hit too
    /// (infinite: never).
    pub neighbour: f32,
    /// For a pair the web table lacks: log10 of count added per unit of the words' vector
    /// cosine above [`Params::relate_at`] (0: the estimate ignores the vectors).
    pub relate: f32,
    /// The cosine at which a pair the table lacks counts as two unrelated words.
    pub relate_at: f32,
}

impl Params {
    pub const DEFAULT: Params = Params {
        rho: -1.0,
        term: 6.0,
        synonym: 1.0,
        gain: 1.0,
        skip_top: 300,
        strong: 2.0,
        rare: 6.5,
        rare_slope: 1.0,
        neighbour: 1.5,
        relate: 4.0,
        relate_at: 0.3,
    };
}

impl Params {
    /// Tuned for recall, for screening short texts and phrases where a reader checks every hit:
    /// a spun word is read back on less evidence (`rho`, `strong`, `gain`). Chosen with
    /// `despin eval holdout --dev --sensitive` as the setting that flags at least 70% of the
    /// development phrases with the best precision against clean stretches of Brown; it costs
    /// about ten times the hits on clean prose of [`Params::DEFAULT`].
    pub const SENSITIVE: Params = Params { rho: 0.3, strong: 4.0, gain: 0.0, ..Params::DEFAULT };
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
    /// How telling a sighting of this word is of the spinner: log10 of the times the lists
    /// show the spinner writing it per use of it among the lists' originals (plus one), more
    /// for a word rare on the web and less for a common one (see [`Params::rare`]).
    strength: f32,
    total: u32,
    cands: Vec<Cand>,
}

#[derive(Debug, Clone, Copy)]
struct TokInfo {
    key: u32,
    watched: u16,
    /// A spinner output of the dictionary (beyond the most frequent words): term matching
    /// starts from it.
    trig: bool,
    /// The first word of one of the dictionary's phrases of several words.
    unit: bool,
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
    trig: bool,
}

/// The compiled model: the dictionary inverted, the term pairs of the lists, the watched words.
pub struct Inferrer {
    tokens: HashedMap<TokInfo>,
    keys: Vec<Key>,
    /// Watched common words and their expected rate per word of text.
    watched: Vec<(Box<str>, f64)>,
    term_pairs: HashedMap<()>,
    /// Standard terms (phrase hash -> times seen among the lists' originals), and every proper
    /// prefix of one, for matching whole phrases.
    terms: HashedMap<u32>,
    prefixes: HashedMap<()>,
    /// The words of the lists' originals: a word used there is not changed through the
    /// thesaurus alone.
    standard_words: HashedMap<()>,
    /// The whole dictionary inverted, for term matching: spun word -> (original, count).
    inverse: HashedMap<Vec<(u32, u32)>>,
    /// Total count of each spun word in the dictionary.
    inverse_total: HashedMap<u32>,
    /// The dictionary's spun phrases of several words ("getting to know", "covered up"), by the
    /// phrase hash of their words, with their length; and every proper prefix of one.
    units: HashedMap<u8>,
    unit_prefixes: HashedMap<()>,
    /// The thesaurus read backwards: word -> the words that list it as a synonym.
    listed_by: HashedMap<Vec<u32>>,
    strings: Vec<Box<str>>,
    lex: &'static Lexicon,
    pub params: Params,
    /// Tells this model's readings apart from another's in [`READINGS`].
    id: u64,
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
        let mut terms: HashedMap<u32> = HashedMap::default();
        let mut prefixes = HashedMap::default();
        // Each word of the originals, with the times it is used there.
        let mut standard_count: HashMap<String, u32> = HashMap::new();
        for original in originals {
            let w = dictionary::words(original);
            for x in &w {
                *standard_count.entry(x.clone()).or_insert(0) += 1;
            }
            for p in w.windows(2) {
                term_pairs.insert(pair_hash(word_hash(p[0].as_bytes()), word_hash(p[1].as_bytes())), ());
            }
            // The term and the stretches of it that neither start nor end with a function word
            // ("raw image" of "raw image data").
            let function = |x: &str| lex.unigram(word_hash(x.as_bytes())) >= FUNCTION_WORD;
            for a in 0..w.len() {
                for b in a + 2..=w.len().min(a + MAX_TERM) {
                    let whole = a == 0 && b == w.len();
                    if !whole && (function(&w[a]) || function(&w[b - 1])) {
                        continue;
                    }
                    let mut h = word_hash(w[a].as_bytes());
                    for x in &w[a + 1..b] {
                        prefixes.insert(h, ());
                        h = pair_hash(h, word_hash(x.as_bytes()));
                    }
                    *terms.entry(h).or_insert(0) += 1;
                }
            }
        }
        let mut strings: Vec<Box<str>> = Vec::new();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut intern = |w: &str| -> u32 {
            *ids.entry(w.to_string()).or_insert_with(|| {
                strings.push(Box::from(w));
                (strings.len() - 1) as u32
            })
        };
        let mut inverse: HashedMap<Vec<(u32, u32)>> = HashedMap::default();
        let mut inverse_total: HashedMap<u32> = HashedMap::default();
        let mut units: HashedMap<u8> = HashedMap::default();
        let mut unit_prefixes: HashedMap<()> = HashedMap::default();
        let mut unit_starts: Vec<u64> = Vec::new();
        for m in dict {
            if m.spun.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
                continue;
            }
            let spun = dictionary::words(&m.spun);
            let o = dictionary::words(&m.original);
            if spun.len() > 1 {
                // A phrase the spinner writes for other words ("distinguishing proof" for
                // "identification"); not a word it merely added ("coronary heart" for "heart"),
                // which shares words with the original: reading that back would delete a word.
                if m.count < MIN_UNIT_COUNT
                    || spun.len() > MAX_UNIT
                    || o.is_empty()
                    || spun.iter().any(|w| o.contains(w))
                {
                    continue;
                }
                let mut h = word_hash(spun[0].as_bytes());
                for w in &spun[1..] {
                    unit_prefixes.insert(h, ());
                    h = pair_hash(h, word_hash(w.as_bytes()));
                }
                units.insert(h, spun.len() as u8);
                unit_starts.push(word_hash(spun[0].as_bytes()));
            }
            let h = word_hash(spun.join(" ").as_bytes());
            inverse.entry(h).or_default().push((intern(&o.join(" ")), m.count));
            *inverse_total.entry(h).or_insert(0) += m.count;
        }
        let mut listed_by: HashedMap<Vec<u32>> = HashedMap::default();
        for line in crate::lexicon::SYNONYMS.lines().filter(|l| !l.starts_with('#')) {
            let Some((head, list)) = line.split_once('\t') else { continue };
            let id = intern(head);
            for syn in list.split(' ').filter(|x| !x.is_empty()) {
                listed_by.entry(word_hash(syn.as_bytes())).or_default().push(id);
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
            // A substitution seen once that puts back a function word or adds words is more
            // likely a loose alignment ("whatever" / "the") than the spinner's habit.
            let loose = |m: &Mapping| {
                let w = dictionary::words(&m.original);
                m.count < 2 && (w.len() > 1 || w.iter().any(|x| lex.unigram(word_hash(x.as_bytes())) >= FUNCTION_WORD))
            };
            for m in maps.iter().filter(|m| !loose(m)).take(MAX_DICT_CANDIDATES) {
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
            tokens.insert(h, TokInfo { key: keys.len() as u32, watched: NONE16, trig: true, unit: false });
            let in_originals = standard_count.get(spun).copied().unwrap_or(0);
            let strength = if total < 2 {
                0.0
            } else {
                // Each use among the lists' originals says the word is also ordinary; a word
                // common on the web is less telling, down to half.
                let seen = (total as f32 / (1 + in_originals) as f32).log10().max(0.0);
                (seen + params.rare_slope * (params.rare - uq(spun))).max(seen / 2.0)
            };
            keys.push(Key { spun: Box::from(spun), strength, total, cands });
        }
        // Term matching starts from any spinner output of the dictionary but function words.
        for &h in inverse.keys() {
            if lex.unigram(h) < FUNCTION_WORD {
                tokens.entry(h).or_insert(TokInfo { key: NONE32, watched: NONE16, trig: false, unit: false }).trig =
                    true;
            }
        }
        for h in unit_starts {
            tokens.entry(h).or_insert(TokInfo { key: NONE32, watched: NONE16, trig: false, unit: false }).unit = true;
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
            let info = tokens.entry(h).or_insert(TokInfo { key: NONE32, watched: NONE16, trig: false, unit: false });
            info.watched = watched.len() as u16;
            watched.push((w.clone(), 10f64.powf(f64::from(*q) / 10.0) / WEB_TOKENS));
        }
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Inferrer {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            tokens,
            keys,
            watched,
            term_pairs,
            terms,
            prefixes,
            standard_words: standard_count.keys().map(|w| (word_hash(w.as_bytes()), ())).collect(),
            inverse,
            inverse_total,
            units,
            unit_prefixes,
            listed_by,
            strings,
            lex,
            params,
        }
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

    /// Finds spun words in `text` (any bytes; words are runs of ASCII letters, digits and
    /// non-ASCII bytes) and measures missing common words. With `suggestions`, each hit
    /// carries its ranked originals.
    pub fn analyse(&self, text: &[u8], suggestions: bool) -> Analysis {
        let mut counts = vec![0u32; self.watched.len()];
        let mut toks: Vec<Tok> = Vec::new();
        let mut triggers = 0;
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
            let brk = toks.is_empty() || text[gap_start..start].iter().any(|&c| !matches!(c, b' ' | b'\'' | b'-'));
            gap_start = i;
            let (mut key, mut trig) = (NONE32, false);
            if let Some(info) = self.tokens.get(&hash) {
                if info.watched != NONE16 {
                    counts[info.watched as usize] += 1;
                }
                key = info.key;
                trig = info.trig;
                triggers += usize::from(trig || info.unit);
            }
            toks.push(Tok { start, end: i, hash, brk, key, trig });
        }
        let words = toks.len();
        let mut hits = Vec::new();
        let mut covered = vec![false; if triggers > 0 { toks.len() } else { 0 }];
        if triggers > 0 {
            self.match_terms(text, &toks, suggestions, &mut hits, &mut covered);
        }
        // Runs of adjacent candidates (at most three), with a word of context on each side.
        let free = |i: usize| toks[i].key != NONE32 && !covered.get(i).copied().unwrap_or(false);
        let mut i = 0;
        while i < toks.len() {
            if !free(i) {
                i += 1;
                continue;
            }
            let a = i;
            let mut b = i;
            while b + 1 < toks.len() && b + 1 - a < 3 && free(b + 1) && !toks[b + 1].brk {
                b += 1;
            }
            let lo = a.saturating_sub(1);
            let hi = (b + 1).min(toks.len() - 1);
            self.decode(text, &toks[lo..=hi], a - lo, b - lo, suggestions, &mut hits);
            i = b + 1;
        }
        hits.sort_by_key(|h| h.start);
        if !hits.is_empty() && self.params.neighbour < f32::INFINITY {
            self.expand_neighbours(text, &toks, &mut hits, suggestions);
            hits.sort_by_key(|h| h.start);
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

    /// Words next to a hit: the spinner rewrites most of the words it knows, so a word beside
    /// one it rewrote is read back more readily: when an original of it (from the dictionary,
    /// or the thesaurus either way round) makes a pair with the restored neighbour that is
    /// enough more common than the pair as written ("mobile clients" -> "mobile users").
    fn expand_neighbours(&self, text: &[u8], toks: &[Tok], hits: &mut Vec<Inferred>, want: bool) {
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
    fn match_terms(&self, text: &[u8], toks: &[Tok], want: bool, hits: &mut Vec<Inferred>, covered: &mut [bool]) {
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

    /// The words of `toks` with each run that is one of the dictionary's phrases of several
    /// words made into one word (the longest run first), and the range of `toks` each covers.
    fn merge_units(&self, toks: &[Tok]) -> (Vec<Tok>, Vec<(usize, usize)>) {
        let mut out = Vec::with_capacity(toks.len());
        let mut spans = Vec::with_capacity(toks.len());
        let mut i = 0;
        while i < toks.len() {
            let mut len = 1;
            if !self.units.is_empty() {
                let mut h = toks[i].hash;
                let mut j = i + 1;
                while self.unit_prefixes.contains_key(&h) && j < toks.len() && !toks[j].brk {
                    h = pair_hash(h, toks[j].hash);
                    j += 1;
                    if self.units.get(&h).is_some_and(|&n| usize::from(n) == j - i) {
                        len = j - i;
                    }
                }
            }
            if len == 1 {
                out.push(toks[i]);
            } else {
                let t = &toks[i..i + len];
                let hash = t[1..].iter().fold(t[0].hash, |h, x| pair_hash(h, x.hash));
                out.push(Tok { start: t[0].start, end: t[len - 1].end, hash, brk: t[0].brk, key: NONE32, trig: true });
            }
            spans.push((i, i + len));
            i += len;
        }
        (out, spans)
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

/// Words whose readings a thread keeps for reuse ([`READINGS`]), at most: past it, they are
/// forgotten and worked out again as needed.
const WORD_CACHE: usize = 20_000;

thread_local! {
    /// The readings of words ([`Inferrer::options`]) a thread has worked out, with the id of the
    /// model they are of: a word's readings depend only on the model, and working them out is
    /// most of the cost of term matching in short documents.
    static READINGS: std::cell::RefCell<(u64, HashedMap<Rc<Vec<Opt>>>)> =
        std::cell::RefCell::new((0, HashedMap::default()));
}

/// Longest phrase of the dictionary read as one word, in words.
const MAX_UNIT: usize = 5;
/// Times the dictionary must have seen such a phrase.
const MIN_UNIT_COUNT: u32 = 1;
/// Times a term must be among the lists' originals to be read back through the thesaurus
/// alone (chosen with --dev).
const ESTABLISHED_TERM: u32 = 3;
/// Longest standard term matched, in words.
const MAX_TERM: usize = 4;
/// log10 channel costs of term matching: an original from the thesaurus, a word that lists the
/// spun word as its synonym, and the extra cost of going through an inflection.
const SYNONYM: f32 = -1.5;
const LISTED_BY: f32 = -1.8;
const INFLECTED: f32 = -0.3;
/// Readings that cost more than this are not followed.
const TERM_FLOOR: f32 = -4.5;
/// Synonyms tried per word form, each way.
const MAX_SYNONYMS: usize = 40;
/// Web `q` from which a word is a function word, read only through the dictionary.
const FUNCTION_WORD: u8 = 92;
/// Web `q` from which a pair of words as written is ordinary English, not a spun term.
const ORDINARY_PAIR: u8 = 50;
/// Bonus of a term match per word it covers (length comes first: chosen with --dev), and cost
/// per word it changes.
const TERM_LENGTH: f32 = 10.0;
const TERM_CHANGE: f32 = 0.0;
/// Weight of how often a term was seen.
const TERM_COUNT: f32 = 0.5;
/// Gain reported for a term match (plus its channel score).
const TERM_GAIN: f32 = 4.0;

/// A word without its inflection: (stem, suffix) pairs to try.
fn stems(w: &str) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let n = w.len();
    if n < 4 || !w.is_ascii() {
        return out;
    }
    if let Some(b) = w.strip_suffix("ies") {
        out.push((format!("{b}y"), "s"));
    }
    if let Some(b) = w.strip_suffix("es") {
        out.push((b.to_string(), "s"));
    }
    if let Some(b) = w.strip_suffix('s').filter(|b| !b.ends_with('s')) {
        out.push((b.to_string(), "s"));
    }
    for suf in ["ed", "ing"] {
        if let Some(b) = w.strip_suffix(suf).filter(|b| b.len() >= 3) {
            out.push((b.to_string(), suf));
            out.push((format!("{b}e"), suf));
            let bb = b.as_bytes();
            if bb.len() >= 2 && bb[bb.len() - 1] == bb[bb.len() - 2] {
                out.push((b[..b.len() - 1].to_string(), suf));
            }
        }
    }
    out
}

/// Phrase hash of words as written (option 0 of each position), word by word: a merged phrase
/// of the dictionary counts as its words, as in the hashes of terms.
fn text_hash(window: &[&[Opt]]) -> u64 {
    let mut words = window.iter().flat_map(|opts| opts[0].words.iter().copied());
    let first = words.next().unwrap_or(0);
    words.fold(first, pair_hash)
}

/// A phrase with its last word given `suffix` (all plausible spellings).
fn inflect(phrase: &str, suffix: &str) -> Vec<String> {
    if suffix.is_empty() {
        return vec![phrase.to_string()];
    }
    let (head, last) = match phrase.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l),
        None => (String::new(), phrase),
    };
    let mut out = Vec::new();
    match suffix {
        "s" => {
            out.push(format!("{head}{last}s"));
            if let Some(b) = last.strip_suffix('y') {
                out.push(format!("{head}{b}ies"));
            } else if last.ends_with(['s', 'x', 'z', 'h']) {
                out.push(format!("{head}{last}es"));
            }
        }
        _ => {
            let base = last.strip_suffix('e').unwrap_or(last);
            out.push(format!("{head}{base}{suffix}"));
            if let Some(c) = base.chars().last().filter(|c| !"aeiouwy".contains(*c)) {
                out.push(format!("{head}{base}{c}{suffix}"));
            }
        }
    }
    out
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

/// The lower-cased words of a token, one space between them (a merged phrase may have been
/// written with hyphens or several spaces).
fn tok_text(text: &[u8], t: &Tok) -> String {
    let s = lower(text, t);
    if s.bytes().all(is_token_byte) {
        return s;
    }
    s.split(|c: char| c.is_ascii() && !is_token_byte(c as u8)).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn map(spun: &str, original: &str, count: u32) -> Mapping {
        Mapping { spun: spun.into(), original: original.into(), count }
    }

    fn found(inferrer: &Inferrer, text: &str) -> Vec<(String, String)> {
        let a = inferrer.analyse(text.as_bytes(), true);
        a.hits.iter().map(|h| (text[h.start..h.end].to_string(), h.original.clone())).collect()
    }

    #[test]
    fn a_phrase_of_the_dictionary_is_read_as_one_word() {
        let dict = [map("getting to know", "learning", 3), map("price", "rate", 2)];
        let inferrer = Inferrer::from_originals(&dict, ["learning rate", "deep learning"], Params::DEFAULT);
        for text in ["the getting to know rate was set", "the getting  to-know rate was set"] {
            let hits = found(&inferrer, text);
            assert!(
                hits.iter().any(|(t, o)| t.starts_with("getting") && t.ends_with("know") && o == "learning"),
                "{hits:?}"
            );
        }
        // Not a phrase of the dictionary once broken by punctuation.
        assert!(found(&inferrer, "we were getting. To know rate").is_empty());
    }

    #[test]
    fn a_term_written_as_it_is_over_a_phrase_of_the_dictionary_is_no_hit() {
        // "the board" is one of the dictionary's phrases, read as one word; "chairman of the
        // board", an established term of the lists (three times), was once taken for a reading
        // of itself with no word changed, and panicked.
        let dict = [map("the board", "management", 2), map("chair", "chairman", 2)];
        let terms = ["chairman of the board"; 3];
        let inferrer = Inferrer::from_originals(&dict, terms, Params::DEFAULT);
        assert!(found(&inferrer, "she is chairman of the board now").is_empty());
        assert_eq!(found(&inferrer, "she is chair of the board now"), vec![("chair".into(), "chairman".into())]);
    }

    #[test]
    fn a_phrase_that_only_adds_a_word_is_no_reading() {
        // "coronary heart" for "heart" is the spinner adding a word: reading it back would
        // delete "coronary" from "coronary heart disease", which is English.
        let dict = [map("coronary heart", "heart", 5), map("illness", "disease", 4)];
        let inferrer = Inferrer::from_originals(&dict, ["heart disease"], Params::DEFAULT);
        let hits = found(&inferrer, "coronary heart illness");
        assert!(hits.iter().all(|(t, _)| !t.contains("coronary")), "{hits:?}");
    }

    #[test]
    fn a_word_next_to_a_hit_is_read_back_on_the_pair_it_makes() {
        // "answer" is among the 2,000 most frequent words, which the decoder leaves alone
        // (skip_top), so only the neighbour rule can read it back.
        let dict = [map("watery", "aqueous", 3), map("answer", "solution", 1), map("answer", "reply", 2)];
        let params = Params { skip_top: 2_000, ..Params::DEFAULT };
        let inferrer = Inferrer::from_originals(&dict, ["aqueous humor"], params);
        let a = inferrer.analyse(b"watery answer", true);
        let got: Vec<(&str, &str)> =
            a.hits.iter().map(|h| (&"watery answer"[h.start..h.end], h.original.as_str())).collect();
        assert_eq!(got, vec![("watery", "aqueous"), ("answer", "solution")]);
        assert!(a.hits[1].suggestions[0].evidence.contains("next to spun words read as \"aqueous\""), "{a:?}");
        // Without a hit beside it, the same word stays as written; and the rule can be turned off.
        assert!(inferrer.analyse(b"a neat answer", false).hits.is_empty());
        let off = Inferrer::from_originals(&dict, ["aqueous humor"], Params { neighbour: f32::INFINITY, ..params });
        assert_eq!(off.analyse(b"watery answer", false).hits.len(), 1);
    }

    #[test]
    fn a_rare_spinner_output_needs_less_context_than_a_common_word() {
        // The same count in the dictionary: "relapse" is rare on the web, "organization" is not.
        let dict = [map("relapse", "regression", 25), map("organization", "network", 25)];
        let inferrer = Inferrer::from_originals(&dict, ["linear regression", "neural network"], Params::DEFAULT);
        assert_eq!(found(&inferrer, "relapse strategies"), vec![("relapse".into(), "regression".into())]);
        assert!(found(&inferrer, "organization strategies").is_empty());
    }

    #[test]
    fn words_used_alike_stand_in_for_a_pair_the_web_table_lacks() {
        // Neither "ecg flag" nor "ecg signal" is in the pair table; the vectors say "signal"
        // goes with "ecg" and "flag" does not.
        let dict = [map("flag", "signal", 3), map("flag", "banner", 1)];
        let inferrer = Inferrer::from_originals(&dict, ["signal processing"], Params::DEFAULT);
        assert_eq!(found(&inferrer, "the ecg flag"), vec![("flag".into(), "signal".into())]);
        let blind = Inferrer::from_originals(&dict, ["signal processing"], Params { relate: 0.0, ..Params::DEFAULT });
        assert!(found(&blind, "the ecg flag").is_empty());
        // A flag on a ship is left alone.
        assert!(found(&inferrer, "the ship flew a flag").is_empty());
    }
}
