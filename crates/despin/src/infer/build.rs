//! Building the inferrer: the dictionary inverted into candidates for each spun word, the
//! standard terms of the lists' originals, the watched common words.

use std::collections::HashMap;

use super::params::{
    Params, FUNCTION_WORD, MAX_CANDIDATES, MAX_DICT_CANDIDATES, MAX_TERM, MAX_UNIT, MIN_UNIT_COUNT, WATCHED, WEB_TOKENS,
};
use super::{unigram_log, Cand, Inferrer, Key, TokInfo, NONE16, NONE32};
use crate::lang::lexicon::{Lexicon, SYNONYMS};
use crate::rules::dictionary::Mapping;
use crate::text::hash::{pair_hash, word_hash, HashedMap};
use crate::text::words::words;

impl Inferrer {
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
            let w = words(original);
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
            let spun = words(&m.spun);
            let o = words(&m.original);
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
        for line in SYNONYMS.lines().filter(|l| !l.starts_with('#')) {
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
                let w = words(&m.original);
                m.count < 2 && (w.len() > 1 || w.iter().any(|x| lex.unigram(word_hash(x.as_bytes())) >= FUNCTION_WORD))
            };
            for m in maps.iter().filter(|m| !loose(m)).take(MAX_DICT_CANDIDATES) {
                let w = words(&m.original);
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
}
