//! The words of a text as inference sees them: hashed once, marked where the model knows them,
//! and with the dictionary's phrases of several words read as one.

use super::profile::{Counts, Profile};
use super::{missing, segments, Inferrer, NONE16, NONE32, SEGMENT};
use crate::text::hash::{pair_hash, Fnv1a};
use crate::text::words::is_token_byte;

/// A word of the text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) hash: u64,
    /// Punctuation between the previous word and this one: they are not a pair.
    pub(super) brk: bool,
    pub(super) key: u32,
    pub(super) trig: bool,
}

/// The words of a text, and how often each watched common word occurs in it.
pub(super) struct Words {
    pub(super) toks: Vec<Tok>,
    /// Occurrences of each watched word (see [`super::missing`]).
    pub(super) counts: Vec<u32>,
    /// Words that can start a term match or a phrase of the dictionary.
    pub(super) triggers: usize,
}

impl Inferrer {
    /// Splits `text` into words (runs of [`is_token_byte`]), hashing each as it goes.
    pub(super) fn tokenize(&self, text: &[u8]) -> Words {
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
            let mut h = Fnv1a::new();
            while i < n && is_token_byte(text[i]) {
                h.byte(text[i].to_ascii_lowercase());
                i += 1;
            }
            let hash = h.finish_word();
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
        Words { toks, counts, triggers }
    }

    /// Evidence of missing common words ([`Inferrer::missing`]) and the counts of the spinner's
    /// profile ([`Profile::counts`]) of `text`, in one walk over its words, a segment at a time,
    /// each word hashed once and no list of words made: the same figures as the two apart.
    pub fn missing_and_profile(&self, text: &[u8], profile: &Profile) -> (f64, Counts) {
        let mut watched = vec![0u32; self.watched.len()];
        let mut counts = Counts::new(profile);
        let mut words = 0;
        for (_, part) in segments(text, SEGMENT) {
            let mut prev: Option<u64> = None;
            let mut i = 0;
            while i < part.len() {
                if !is_token_byte(part[i]) {
                    // Punctuation breaks a phrase of the profile; spaces and apostrophes do not.
                    if !matches!(part[i], b' ' | b'\'' | b'-' | b'\n' | b'\r' | b'\t') {
                        prev = None;
                    }
                    i += 1;
                    continue;
                }
                let mut h = Fnv1a::new();
                while i < part.len() && is_token_byte(part[i]) {
                    h.byte(part[i].to_ascii_lowercase());
                    i += 1;
                }
                let hash = h.finish_word();
                words += 1;
                if let Some(info) = self.tokens.get(&hash) {
                    if info.watched != NONE16 {
                        watched[info.watched as usize] += 1;
                    }
                }
                counts.word(profile, prev, hash);
                prev = Some(hash);
            }
        }
        (missing::missing(&self.watched, &watched, words), counts)
    }

    /// The words of `toks` with each run that is one of the dictionary's phrases of several
    /// words made into one word (the longest run first), and the range of `toks` each covers.
    pub(super) fn merge_units(&self, toks: &[Tok]) -> (Vec<Tok>, Vec<(usize, usize)>) {
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
}

/// The lower-cased words of a token, one space between them (a merged phrase may have been
/// written with hyphens or several spaces).
pub(super) fn tok_text(text: &[u8], t: &Tok) -> String {
    let s = lower(text, t);
    if s.bytes().all(is_token_byte) {
        return s;
    }
    s.split(|c: char| c.is_ascii() && !is_token_byte(c as u8)).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The lower-cased text of a word.
pub(super) fn lower(text: &[u8], t: &Tok) -> String {
    String::from_utf8_lossy(&text[t.start..t.end]).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::super::profile::Profile;
    use super::super::{segments, Inferrer, SEGMENT};

    #[test]
    fn one_walk_gives_the_figures_of_missing_and_the_profile_apart() {
        let spun = include_str!("../../../../fixtures/spun/port-strike.txt");
        // Longer than a segment, so that the walk crosses the cut the way the two apart do.
        let long = format!("{spun}\n\n").repeat(SEGMENT / spun.len() + 2);
        let inf = Inferrer::default_model();
        let model = Profile::default_model();
        for text in [spun, long.as_str(), "", "by, the way - it's \"x\"."] {
            let (missing, counts) = inf.missing_and_profile(text.as_bytes(), model);
            let mut apart = super::Counts::new(model);
            for (_, part) in segments(text.as_bytes(), SEGMENT) {
                apart.add(&model.counts(part));
            }
            assert_eq!(missing.to_bits(), inf.missing(text.as_bytes()).to_bits());
            assert_eq!(counts.evidence(model), apart.evidence(model));
        }
        assert!(inf.missing_and_profile(spun.as_bytes(), model).1.evidence(model).sum > 0.0);
    }
}
