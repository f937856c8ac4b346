//! The matcher: every entry of every wordlist in one Aho-Corasick automaton.
//!
//! The automaton is built once over the lower-cased, normalised phrases and run over the
//! normalised text with ASCII case folding: a dense DFA of our own ([`super::dfa`]), or, for a
//! set of phrases whose table would be too large, the `aho-corasick` crate's NFA. Each candidate is then checked for word boundaries
//! at both ends, for exact letter case where the entry asks for it, and for its context
//! conditions. A boundary holds unless the characters on both sides of it are word characters:
//! letters and digits of any script, and `_` (so "Київ" does not hit inside "Київська", nor
//! "round" inside "éround"). The check looks at the two characters at each end of a candidate
//! only, so it costs nothing on the scan itself. Of the candidates that pass, the leftmost
//! longest ones win, so hits never overlap. Pattern entries ([`super::pattern`]) put their
//! fixed strings in the same automaton and are confirmed by their regular expression where one
//! is found.
//!
//! ```
//! use despin::rules::matcher::Matcher;
//! use despin::rules::wordlist::Wordlist;
//!
//! let list = Wordlist::parse("news", "news.tsv", "3rd spherical\tthird round\t3\n").unwrap();
//! let matcher = Matcher::new(vec![list]).unwrap();
//! let text = "A 3rd  Spherical of talks, not a 3rd sphericals.";
//! let hits = matcher.find(text.as_bytes());
//! assert_eq!(hits.len(), 1);
//! assert_eq!(&text[hits[0].start..hits[0].end], "3rd  Spherical");
//! assert_eq!(matcher.entry(hits[0].entry).original, "third round");
//! ```

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::dfa::PhraseDfa;
use super::pattern::Pattern;
use super::wordlist::{Entry, Wordlist};
use crate::error::Error;
use crate::text::words::is_boundary;
use crate::text::Normalized;

/// A match of a wordlist entry, in byte offsets of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset of the first byte in the text as read.
    pub start: usize,
    /// Byte offset after the last byte in the text as read.
    pub end: usize,
    /// Index of the entry, for [`Matcher::entry`].
    pub entry: usize,
    /// The original, when a pattern entry's original refers to groups of its match (else the
    /// entry's original stands).
    pub original: Option<Box<str>>,
}

/// All entries of a set of wordlists, compiled for matching.
#[derive(Debug)]
pub struct Matcher {
    automaton: Automaton,
    /// The entries that share each automaton pattern (a phrase can have a case-sensitive and a
    /// case-insensitive entry, or entries with different contexts).
    by_pattern: Vec<Vec<usize>>,
    entries: Vec<Entry>,
    lists: Vec<String>,
}

/// The compiled phrases: the dense DFA of [`super::dfa`] when its table is not too large (the
/// default lists take about 17 MB), else the crate's contiguous NFA, smaller and slower.
#[derive(Debug)]
enum Automaton {
    Dfa(Box<PhraseDfa>),
    Nfa(AhoCorasick),
}

/// A candidate hit, in normalised offsets: its span, its entry, the original of a pattern
/// entry, and where the automaton found it (the end, then the start of the phrase matched), so
/// that candidates with the same span keep the order the automaton reports them in.
type Candidate = (usize, usize, usize, Option<Box<str>>, usize, usize);

impl Matcher {
    /// Compiles the lists into one automaton. When two lists hold the same phrase with the same
    /// flags, the later list's entry replaces the earlier one, so that a list given with
    /// `--wordlist` can correct or re-weight an entry of the defaults.
    pub fn new(lists: Vec<Wordlist>) -> Result<Matcher, Error> {
        let mut entries: Vec<Entry> = Vec::new();
        if let Some(e) = lists.iter().flat_map(|l| &l.entries).find(|e| e.spun.is_empty()) {
            // `Wordlist::parse` never makes one, but entries are public and an empty pattern
            // would match everywhere (and index past the end of the text).
            return Err(Error::wordlist(&e.list, Some(e.line), "empty spun phrase"));
        }
        let mut by_key: HashMap<(String, bool, String), usize> = HashMap::new();
        let mut names = Vec::new();
        for list in lists {
            names.push(list.name.to_string());
            for entry in list.entries {
                let phrase = if entry.case_sensitive { entry.spun.clone() } else { entry.spun.to_ascii_lowercase() };
                let key = (phrase, entry.case_sensitive, format!("{:?}", entry.context));
                match by_key.get(&key) {
                    Some(&i) => entries[i] = entry,
                    None => {
                        by_key.insert(key, entries.len());
                        entries.push(entry);
                    }
                }
            }
        }
        let mut patterns: Vec<String> = Vec::new();
        let mut by_pattern: Vec<Vec<usize>> = Vec::new();
        let mut pattern_ids: HashMap<String, usize> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            // A phrase is looked for as it is; a pattern, by the fixed strings it starts or ends with.
            let keys = match &entry.pattern {
                Some(p) => p.anchors().to_vec(),
                None => vec![entry.spun.to_ascii_lowercase()],
            };
            for key in keys {
                let id = *pattern_ids.entry(key.clone()).or_insert_with(|| {
                    patterns.push(key);
                    by_pattern.push(Vec::new());
                    by_pattern.len() - 1
                });
                by_pattern[id].push(i);
            }
        }
        let automaton = match PhraseDfa::new(&patterns) {
            Some(dfa) => Automaton::Dfa(Box::new(dfa)),
            None => Automaton::Nfa(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(&patterns)
                    .or_else(|_| {
                        // A very large list may not fit a contiguous NFA; the noncontiguous one
                        // has no such limit.
                        AhoCorasickBuilder::new()
                            .ascii_case_insensitive(true)
                            .match_kind(MatchKind::Standard)
                            .build(&patterns)
                    })
                    .map_err(|e| Error::Build(e.to_string()))?,
            ),
        };
        Ok(Matcher { automaton, by_pattern, entries, lists: names })
    }

    /// Heap bytes the compiled automaton takes.
    ///
    /// ```
    /// use despin::rules::matcher::Matcher;
    /// use despin::rules::wordlist::Wordlist;
    ///
    /// let matcher = Matcher::new(Wordlist::defaults()).unwrap();
    /// let bytes = matcher.memory_usage();
    /// assert!(bytes > 0 && bytes < despin::rules::dfa::MAX_TABLE_BYTES + (4 << 20), "{bytes}");
    /// ```
    pub fn memory_usage(&self) -> usize {
        match &self.automaton {
            Automaton::Dfa(dfa) => dfa.memory_usage(),
            Automaton::Nfa(nfa) => nfa.memory_usage(),
        }
    }

    /// The entries, after replacements between lists.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// One entry, by the index a [`Hit`] carries.
    pub fn entry(&self, index: usize) -> &Entry {
        &self.entries[index]
    }

    /// The names of the compiled lists, in the order given.
    pub fn lists(&self) -> &[String] {
        &self.lists
    }

    /// Finds the hits in `text`, in order, none overlapping.
    pub fn find(&self, text: &[u8]) -> Vec<Hit> {
        let norm = Normalized::new(text);
        self.find_normalized(&norm)
    }

    /// Finds the hits in an already normalised text.
    pub fn find_normalized(&self, norm: &Normalized<'_>) -> Vec<Hit> {
        thread_local! {
            // The candidates of the last text, for their room: a text is matched with no
            // allocation here once the list has grown to the most candidates a text had.
            static CANDIDATES: std::cell::Cell<Vec<Candidate>> = const { std::cell::Cell::new(Vec::new()) };
        }
        let hay = norm.as_bytes();
        let mut candidates = CANDIDATES.take();
        candidates.clear();
        let mut candidate = |ms: usize, me: usize, pattern: usize| {
            for &i in &self.by_pattern[pattern] {
                let entry = &self.entries[i];
                let (s, e) = match &entry.pattern {
                    None => (ms, me),
                    Some(p) => match p.find_at(hay, ms, me) {
                        Some(span) => span,
                        None => continue,
                    },
                };
                // Word boundaries, where the phrase itself begins or ends with a word character.
                if !is_boundary(hay, s) || !is_boundary(hay, e) {
                    continue;
                }
                if entry.pattern.is_none() && entry.case_sensitive && &hay[s..e] != entry.spun.as_bytes() {
                    continue;
                }
                if entry.context.iter().all(|c| c.holds(hay, s, e)) {
                    let original = entry
                        .pattern
                        .as_ref()
                        .filter(|_| Pattern::has_groups(&entry.original))
                        .map(|p| Box::from(p.expand(hay, (s, e), &entry.original)));
                    candidates.push((s, e, i, original, me, ms));
                    break;
                }
            }
        };
        match &self.automaton {
            Automaton::Dfa(dfa) => dfa.for_each_match(hay, &mut candidate),
            Automaton::Nfa(nfa) => {
                for m in nfa.find_overlapping_iter(hay) {
                    candidate(m.start(), m.end(), m.pattern().as_usize());
                }
            }
        }
        // Leftmost-longest among the candidates that passed. Two candidates can share a span (a
        // pattern entry's match is not its anchor's); they are then ordered as the crate's
        // overlapping search reports them, by the end of the phrase matched and longest phrase
        // first. The phrases are distinct, so at most one candidate has a given (end, start),
        // and the order is total: an unstable sort gives what a stable one would.
        candidates.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.4.cmp(&b.4)).then(a.5.cmp(&b.5)));
        let mut hits = Vec::with_capacity(candidates.len());
        let mut covered = 0;
        for (s, e, i, original, _, _) in candidates.drain(..) {
            if s < covered {
                continue;
            }
            covered = e;
            let (start, end) = norm.span_to_original(s, e);
            hits.push(Hit { start, end, entry: i, original });
        }
        CANDIDATES.set(candidates);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(list: &str) -> Matcher {
        Matcher::new(vec![Wordlist::parse("t", "t.tsv", list).unwrap()]).unwrap()
    }

    fn found<'t>(m: &Matcher, text: &'t str) -> Vec<&'t str> {
        m.find(text.as_bytes()).iter().map(|h| &text[h.start..h.end]).collect()
    }

    #[test]
    fn boundaries_case_and_longest() {
        let m = matcher("spherical of talks\tround of talks\n3rd spherical\tthird round\nspherical\tround\t1\t\tnext=of\nEu\tEuropean\t1\t\tcase\n");
        assert_eq!(found(&m, "the 3rd spherical of talks"), ["3rd spherical"]);
        assert_eq!(found(&m, "a Spherical of talks"), ["Spherical of talks"]);
        assert_eq!(found(&m, "hemispherical of talks"), Vec::<&str>::new());
        assert_eq!(found(&m, "Eu safety and EU safety and eu"), ["Eu"]);
        assert_eq!(found(&m, "spherical of it, spherical shape"), ["spherical"]);
    }

    #[test]
    fn boundaries_outside_ascii() {
        let m = matcher("Київ\tKyiv\nround\tx\nïve\ty\nnaïve approach\tz\n");
        assert_eq!(found(&m, "Київ, Київська область"), ["Київ"]);
        assert_eq!(found(&m, "éround round\u{e9} (round)"), ["round"]);
        assert_eq!(found(&m, "naïve ïve"), ["ïve"]);
        assert_eq!(found(&m, "a Naïve\u{a0}approach…"), ["Naïve\u{a0}approach"]);
        // Invalid UTF-8 around a phrase is no word character.
        assert_eq!(m.find(b"\xffround\xd0").len(), 1);
    }

    #[test]
    fn empty_phrase_is_an_error_not_a_panic() {
        let mut list = Wordlist::parse("t", "t.tsv", "round\tx\n").unwrap();
        list.entries[0].spun.clear();
        let err = Matcher::new(vec![list]).unwrap_err();
        assert!(err.to_string().contains("t:1: empty spun phrase"), "{err}");
    }

    #[test]
    fn context_rules() {
        let m = matcher("Would possibly\tMay\t1\t\tcase mid\n");
        assert_eq!(found(&m, "talks resumed in Would possibly."), ["Would possibly"]);
        assert_eq!(found(&m, "Resumed. Would possibly it rain?"), Vec::<&str>::new());
        assert_eq!(found(&m, "it would possibly rain"), Vec::<&str>::new());
        let m = matcher("Would possibly\tMay\t1\t\tcase next=#year\n");
        assert_eq!(found(&m, "Would possibly 2024 was wet"), ["Would possibly"]);
        assert_eq!(found(&m, "Would possibly 12 be"), Vec::<&str>::new());
    }

    #[test]
    fn offsets_through_typography() {
        let m = matcher("they're going to\tthey will\n");
        let text = "so they\u{2019}re\u{a0}going  to win";
        assert_eq!(found(&m, text), ["they\u{2019}re\u{a0}going  to"]);
    }

    #[test]
    fn later_list_replaces_earlier() {
        let a = Wordlist::parse("a", "a.tsv", "x y\tz\t1\n").unwrap();
        let b = Wordlist::parse("b", "b.tsv", "X Y\tw\t2\n").unwrap();
        let m = Matcher::new(vec![a, b]).unwrap();
        assert_eq!(m.entries().len(), 1);
        assert_eq!(m.entries()[0].original, "w");
        assert_eq!(&*m.entries()[0].list, "b");
    }
}
