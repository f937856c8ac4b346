//! How well restoring works, measured three ways, none of which the restorer was built from:
//!
//! - [`score_key`]: a spun article against a key of its spun phrases identified by hand
//!   (`tests/data/restore/seed002.tsv`): the share of the key's phrases put back, and the share
//!   of all changes that are right (a change outside the key counts as wrong);
//! - [`real_spins_cv`]: the substitutions of real spinners (`tables/real_spins.tsv`), each
//!   restored by a restorer built without it, in five folds. The file cannot tell which site a
//!   row came from, so two ways of holding out: `strict` leaves every held-out row out of the
//!   tables entirely (harder than holding out its site, since a row seen on several sites would
//!   stay known from the others), and `by_site` leaves out a held-out row seen on one site only,
//!   and keeps one seen on several with the count of the other sites, as holding out the site of
//!   the row would;
//! - [`score_spun`]: text of our own spinners, whose every replacement is recorded.

use std::collections::HashSet;

use despin::restore::table::{real_spins, RealSpin};
use despin::restore::{rewrite, RestoreParams, Restorer};
use despin::rules::dictionary::{self, align, Mapping};
use despin::rules::Wordlist;
use despin::text::Normalized;
use despin::{Detector, Rewrite};

use crate::holdout::comparable;
use crate::rng::hash;
use crate::spinner::Spin;

/// Results on a hand key.
#[derive(Debug, Clone, Default)]
pub struct KeyScore {
    pub phrases: usize,
    pub restored: usize,
    pub changes: usize,
    pub right: usize,
    /// The wrong changes and the missed phrases, for looking at.
    pub wrong: Vec<String>,
    pub missed: Vec<String>,
}

/// Whether `phrase` occurs in `text` at `at` as whole words.
fn whole(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    let after = text[at + len..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before && after
}

/// The byte spans where `phrase` occurs in `text` as whole words, letter case as given.
pub fn occurrences(text: &str, phrase: &str) -> Vec<(usize, usize)> {
    text.match_indices(phrase)
        .filter(|(at, _)| whole(text, *at, phrase.len()))
        .map(|(at, p)| (at, at + p.len()))
        .collect()
}

/// Word spans of a text: (start, end, lower-case word), words being runs of letters, digits and
/// apostrophes.
fn word_spans(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let inside = c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i, text[s..i].to_lowercase().replace('\u{2019}', "'")));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Scores the restoring of `text` (a spun article) against `key` (spun phrase, original).
pub fn score_key(detector: &Detector, text: &str, key: &[(String, String)]) -> KeyScore {
    let r = detector.restore("key", text.as_bytes(), Rewrite::IfSpun);
    let restored = String::from_utf8_lossy(&r.text).into_owned();
    let mut s = KeyScore { phrases: key.len(), ..KeyScore::default() };
    for (spun, original) in key {
        if occurrences(&restored, spun).is_empty() && !occurrences(&restored, original).is_empty() {
            s.restored += 1;
        } else {
            s.missed.push(format!("{spun} -> {original}"));
        }
    }
    let occ: Vec<(usize, usize, &str)> = key
        .iter()
        .flat_map(|(sp, o)| occurrences(text, sp).into_iter().map(move |(a, b)| (a, b, o.as_str())))
        .collect();
    if !r.rewritten {
        return s;
    }
    for h in &r.report.hits {
        s.changes += 1;
        // Only what the hit changes must lie in the key: the words it keeps on either side
        // are trimmed.
        let tw = word_spans(&h.text);
        let ow: Vec<String> = word_spans(&h.original).into_iter().map(|w| w.2).collect();
        let (mut lo, mut hi) = (0, 0);
        while lo < tw.len() && lo < ow.len() && tw[lo].2 == ow[lo] {
            lo += 1;
        }
        while hi < tw.len() - lo && hi < ow.len() - lo && tw[tw.len() - 1 - hi].2 == ow[ow.len() - 1 - hi] {
            hi += 1;
        }
        let changed = &ow[lo..ow.len() - hi];
        let (cs, ce) = match (tw.get(lo), tw.len().checked_sub(hi + 1).and_then(|k| tw.get(k))) {
            (Some(a), Some(b)) if lo + hi < tw.len() => (h.start + a.0, h.start + b.1),
            _ => (h.start, h.end),
        };
        let right = occ.iter().any(|&(a, b, original)| {
            let kw: Vec<String> = word_spans(original).into_iter().map(|w| w.2).collect();
            a <= cs && ce <= b && (changed.is_empty() || kw.windows(changed.len()).any(|w| w == changed))
        });
        if right {
            s.right += 1;
        } else {
            s.wrong.push(format!("{} -> {} [{}]", h.text, h.original, h.list));
        }
    }
    s
}

/// Results of restoring real spinners' substitutions held out.
#[derive(Debug, Clone, Default)]
pub struct CvScore {
    pub rows: usize,
    /// Restored exactly (case and punctuation ignored).
    pub top1: usize,
    /// Left as written.
    pub unchanged: usize,
    /// The best reading other than as written is the original (ranking alone, as for a
    /// phrase known to be spun).
    pub ranked: usize,
    pub misses: Vec<(String, String, String)>,
}

/// The fold of a row of real spins (of `folds`).
fn fold_of(r: &RealSpin, folds: usize) -> usize {
    (hash("despin-real-spins-cv", &[&r.spun, &r.original]) % folds as u64) as usize
}

/// Restores each row of real spins with a restorer built without it (see the module
/// documentation for `by_site`), the spun phrase read alone.
pub fn real_spins_cv(lists: &[Wordlist], params: RestoreParams, folds: usize, by_site: bool) -> CvScore {
    let rows = real_spins();
    let dict = dictionary::defaults();
    let originals: Vec<String> = lists.iter().flat_map(|l| l.entries.iter().map(|e| e.original.clone())).collect();
    let mut s = CvScore::default();
    for f in 0..folds {
        let held: Vec<&RealSpin> = rows.iter().filter(|r| fold_of(r, folds) == f).collect();
        let gone = |r: &RealSpin| !by_site || r.sites <= 1;
        // What the held-out rows say, word by word, leaves the dictionary too.
        let mut drop: HashSet<(String, String)> = HashSet::new();
        for r in held.iter().filter(|r| gone(r)) {
            drop.insert((comparable(&r.spun), comparable(&r.original)));
            for (a, b) in align(&r.spun, &r.original) {
                drop.insert((comparable(&a), comparable(&b)));
            }
        }
        let dict_f: Vec<Mapping> =
            dict.iter().filter(|m| !drop.contains(&(comparable(&m.spun), comparable(&m.original)))).cloned().collect();
        let real_f: Vec<RealSpin> = rows
            .iter()
            .filter_map(|r| {
                if fold_of(r, folds) != f {
                    return Some(r.clone());
                }
                if gone(r) {
                    return None;
                }
                let count = (r.count * (r.sites - 1)).div_ceil(r.sites).max(1);
                Some(RealSpin { count, sites: r.sites - 1, ..r.clone() })
            })
            .collect();
        let restorer = Restorer::new(&dict_f, &real_f, originals.iter().map(String::as_str), params);
        let forced = Restorer::new(
            &dict_f,
            &real_f,
            originals.iter().map(String::as_str),
            RestoreParams { as_written: -30.0, posterior: 0.0, ..params },
        );
        let apply = |r: &Restorer, text: &str| -> String {
            let norm = Normalized::new(text.as_bytes());
            let found = r.restore(&norm, &[], Vec::new(), false);
            let reps: Vec<(usize, usize, String)> = found.into_iter().map(|h| (h.start, h.end, h.original)).collect();
            String::from_utf8_lossy(&rewrite(norm.as_bytes(), &reps)).into_owned()
        };
        for r in held {
            if comparable(&r.spun) == comparable(&r.original) {
                continue;
            }
            s.rows += 1;
            let out = apply(&restorer, &r.spun);
            s.ranked += usize::from(comparable(&apply(&forced, &r.spun)) == comparable(&r.original));
            if comparable(&out) == comparable(&r.original) {
                s.top1 += 1;
            } else {
                s.unchanged += usize::from(comparable(&out) == comparable(&r.spun));
                s.misses.push((r.spun.clone(), r.original.clone(), out));
            }
        }
    }
    s
}

/// Results of restoring the lab's spun text.
#[derive(Debug, Clone, Default)]
pub struct SpunScore {
    pub documents: usize,
    pub flagged: usize,
    /// Replacements the spinner made, and those put back exactly.
    pub subs: usize,
    pub restored: usize,
    /// Changes restoring made, and those that put back the spinner's word.
    pub changes: usize,
    pub right: usize,
    /// The wrong changes ("spun -> restored, expected ..."), for looking at.
    pub wrong: Vec<String>,
}

/// Spins each text with `spin`, restores it (as `despin restore` does: only a document that
/// scores as spun), and compares the changes with the spinner's record.
pub fn score_spun(detector: &Detector, texts: &[String], spin: &Spin, seed: u64) -> SpunScore {
    use rayon::prelude::*;
    let each: Vec<SpunScore> = texts
        .par_iter()
        .enumerate()
        .map(|(i, text)| {
            let spun = spin.spin(text, seed.wrapping_add(i as u64));
            let r = detector.restore("lab", spun.text.as_bytes(), Rewrite::IfSpun);
            let mut s = SpunScore {
                documents: 1,
                flagged: usize::from(r.report.spun),
                subs: spun.subs.len(),
                ..SpunScore::default()
            };
            if !r.rewritten {
                return s;
            }
            for h in &r.report.hits {
                s.changes += 1;
                // Right: the hit's span, with the replacements inside it put back, reads as the
                // hit's original (a list hit may take words of context along).
                let inside: Vec<&(usize, usize, String)> =
                    spun.subs.iter().filter(|(a, b, _)| h.start <= *a && *b <= h.end).collect();
                let local: Vec<(usize, usize, String)> =
                    inside.iter().map(|(a, b, w)| (a - h.start, b - h.start, w.clone())).collect();
                let expected = rewrite(&spun.text.as_bytes()[h.start..h.end], &local);
                let expected = String::from_utf8_lossy(&expected);
                if !inside.is_empty() && comparable(&expected) == comparable(&h.original) {
                    s.right += 1;
                    s.restored += inside.len();
                } else {
                    s.wrong.push(format!(
                        "{} -> {} (was {})",
                        h.text.to_lowercase(),
                        h.original.to_lowercase(),
                        expected.to_lowercase()
                    ));
                }
            }
            s
        })
        .collect();
    each.into_iter().fold(SpunScore::default(), |mut a, b| {
        a.documents += b.documents;
        a.flagged += b.flagged;
        a.subs += b.subs;
        a.restored += b.restored;
        a.changes += b.changes;
        a.right += b.right;
        a.wrong.extend(b.wrong);
        a
    })
}
