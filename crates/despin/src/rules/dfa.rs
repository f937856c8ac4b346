//! A dense Aho-Corasick DFA for the matcher, with ASCII case folded into its byte classes, and
//! a scan that runs several parts of a text at once.
//!
//! Scanning text with an automaton of a few thousand phrases is bound by the latency of one
//! table look-up a byte: each next state depends on the one before, and the table (tens of
//! thousands of states) does not fit the first-level cache. The contiguous NFA of the
//! `aho-corasick` crate adds failure transitions and a search through sparse transitions to
//! that. Here every transition is one load from a dense table (`next = trans[state + class]`,
//! state ids premultiplied by the stride), and a text of more than a few hundred bytes is cut
//! into [`STREAMS`] parts that are scanned in the same loop, so that the processor overlaps
//! their independent chains of loads: two to three times the throughput of one stream (eight parts, a few
//! per cent to a quarter faster than four on the bench corpus).
//!
//! A part after the first starts in the start state at its first byte; the part before it runs
//! on past its end until its state is no deeper than the bytes the next part has seen (from
//! then on both are in the same state), reporting only the matches that start before the next
//! part. So every match is reported exactly once, as a scan of the whole text would report it.
//!
//! The byte classes map each byte that occurs in a phrase (after folding ASCII upper case to
//! lower case) to a class of its own and every other byte to class 0; upper-case ASCII letters
//! share the class of their lower-case letter, so the scan folds case at no cost and the table
//! needs no columns for upper case.
//!
//! Matches are reported for every phrase that ends at every position (overlapping, like
//! `AhoCorasick::find_overlapping_iter` with `MatchKind::Standard`), in no particular order.

/// How many parts of a text are scanned together.
pub const STREAMS: usize = 8;

/// A text is cut into parts of at least this many bytes (and more than the longest phrase):
/// into [`STREAMS`] parts when it is long enough, else into 4, else 2, else not at all.
const MIN_PART: usize = 128;

/// The flag on a transition whose target state is a match state.
const MATCH: u32 = 1 << 31;

/// The largest table built, in bytes; a larger set of phrases is left to the crate's NFA.
pub const MAX_TABLE_BYTES: usize = 64 << 20;

/// A dense DFA over a set of phrases.
#[derive(Debug, Clone)]
pub struct PhraseDfa {
    /// Byte -> class, ASCII case folded.
    classes: [u8; 256],
    /// Number of classes: the width of a row of `trans`.
    stride: usize,
    /// `trans[sid + class]` is the next state's id (its row's offset), with [`MATCH`] set when
    /// that state is a match state. The start state is 0.
    trans: Vec<u32>,
    /// For state index `i` (its id divided by the stride), the phrases that end there are
    /// `matches[match_start[i]..match_start[i + 1]]`.
    match_start: Vec<u32>,
    matches: Vec<u32>,
    /// Depth of each state (the length of the text it stands for), by state index.
    depth: Vec<u16>,
    /// Length of each phrase.
    lens: Vec<u32>,
    max_len: usize,
}

impl PhraseDfa {
    /// Builds the DFA for `patterns` (matched with ASCII case folded), or None when a pattern
    /// is empty or too long, or when the table would exceed [`MAX_TABLE_BYTES`].
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Option<PhraseDfa> {
        let mut used = [false; 256];
        for p in patterns {
            let p = p.as_ref();
            if p.is_empty() || p.len() > usize::from(u16::MAX) {
                return None;
            }
            for &b in p {
                used[usize::from(b.to_ascii_lowercase())] = true;
            }
        }
        let mut classes = [0u8; 256];
        let mut stride = 1usize;
        for b in 0..256usize {
            if used[b] {
                if stride > 255 {
                    return None;
                }
                classes[b] = stride as u8;
                stride += 1;
            }
        }
        for b in b'A'..=b'Z' {
            classes[usize::from(b)] = classes[usize::from(b.to_ascii_lowercase())];
        }
        let total: usize = patterns.iter().map(|p| p.as_ref().len()).sum();
        if (total + 1).saturating_mul(stride).saturating_mul(4) > MAX_TABLE_BYTES {
            return None;
        }
        if (total + 1).saturating_mul(stride) >= MATCH as usize {
            return None;
        }
        // The trie, from the phrases in the order of their classes: each phrase shares with
        // the one before it the states of their common prefix, and makes the rest, so no look-up
        // is needed. Its edges are (parent, class, child), states numbered as they are made.
        let mapped = |p: &P| p.as_ref().iter().map(|&b| classes[usize::from(b)]).collect::<Vec<u8>>();
        let mut order: Vec<(Vec<u8>, u32)> = patterns.iter().enumerate().map(|(i, p)| (mapped(p), i as u32)).collect();
        order.sort_unstable();
        let mut edges: Vec<(u32, u8, u32)> = Vec::with_capacity(total);
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        let mut path: Vec<u32> = vec![0];
        let mut previous: &[u8] = &[];
        for (phrase, pid) in &order {
            let common = phrase.iter().zip(previous).take_while(|(a, b)| a == b).count();
            path.truncate(common + 1);
            for &class in &phrase[common..] {
                let child = own.len() as u32;
                edges.push((*path.last().expect("the root"), class, child));
                own.push(Vec::new());
                path.push(child);
            }
            own[*path.last().expect("the root") as usize].push(*pid);
            previous = phrase;
        }
        let states = own.len();
        // The children of each state, grouped by parent (a counting sort of the edges).
        let mut first = vec![0u32; states + 1];
        for &(parent, _, _) in &edges {
            first[parent as usize + 1] += 1;
        }
        for i in 0..states {
            first[i + 1] += first[i];
        }
        let mut fill = first.clone();
        let mut kids = vec![(0u8, 0u32); edges.len()];
        for &(parent, class, child) in &edges {
            kids[fill[parent as usize] as usize] = (class, child);
            fill[parent as usize] += 1;
        }
        drop((edges, fill, order));
        // States are renumbered breadth first, so that the shallow states, where a scan of
        // text spends most of its steps, have their rows together at the start of the table.
        let mut bfs: Vec<u32> = Vec::with_capacity(states);
        bfs.push(0);
        let mut at = 0;
        while at < bfs.len() {
            let s = bfs[at] as usize;
            at += 1;
            bfs.extend(kids[first[s] as usize..first[s + 1] as usize].iter().map(|&(_, child)| child));
        }
        let mut rank = vec![0u32; states];
        for (i, &s) in bfs.iter().enumerate() {
            rank[s as usize] = i as u32;
        }
        // The table, a row per state in breadth-first order: a state's failure state is
        // shallower, so its row and its matches are final when the state's row is made, as a
        // copy of the failure state's row with the state's own children put in.
        let mut trans = vec![0u32; states * stride];
        let mut fail = vec![0u32; states];
        let mut out: Vec<Vec<u32>> = vec![Vec::new(); states];
        let mut depth = vec![0u16; states];
        for (i, &s) in bfs.iter().enumerate() {
            let row = i * stride;
            if i > 0 {
                let f = fail[i] as usize;
                trans.copy_within(f..f + stride, row);
            }
            for &(class, child) in &kids[first[s as usize] as usize..first[s as usize + 1] as usize] {
                let c = usize::from(class);
                let ci = rank[child as usize] as usize;
                let cf = if i == 0 { 0 } else { (trans[row + c] & !MATCH) as usize };
                fail[ci] = cf as u32;
                depth[ci] = depth[i] + 1;
                let mut list = std::mem::take(&mut own[child as usize]);
                list.extend_from_slice(&out[cf / stride]);
                trans[row + c] = if list.is_empty() { (ci * stride) as u32 } else { (ci * stride) as u32 | MATCH };
                out[ci] = list;
            }
        }
        let mut match_start = Vec::with_capacity(states + 1);
        let mut matches = Vec::new();
        for list in &out {
            match_start.push(matches.len() as u32);
            matches.extend_from_slice(list);
        }
        match_start.push(matches.len() as u32);
        let lens: Vec<u32> = patterns.iter().map(|p| p.as_ref().len() as u32).collect();
        let max_len = lens.iter().copied().max().unwrap_or(0) as usize;
        Some(PhraseDfa { classes, stride, trans, match_start, matches, depth, lens, max_len })
    }

    /// Heap bytes the DFA takes.
    pub fn memory_usage(&self) -> usize {
        self.trans.len() * 4
            + self.match_start.len() * 4
            + self.matches.len() * 4
            + self.depth.len() * 2
            + self.lens.len() * 4
    }

    /// The phrases that end in state `sid`.
    #[inline]
    fn matches_of(&self, sid: u32) -> &[u32] {
        let i = (sid & !MATCH) as usize / self.stride;
        &self.matches[self.match_start[i] as usize..self.match_start[i + 1] as usize]
    }

    #[inline(always)]
    fn step(&self, sid: u32, byte: u8) -> u32 {
        let slot = (sid & !MATCH) as usize + usize::from(self.classes[usize::from(byte)]);
        debug_assert!(slot < self.trans.len());
        // SAFETY: every entry of `trans` is the offset of a row (flags masked off), and a class
        // is less than the stride, so `slot` is within the table.
        unsafe { *self.trans.get_unchecked(slot) }
    }

    /// Calls `f(start, end, pattern)` for every match of every pattern in `hay`.
    pub fn for_each_match(&self, hay: &[u8], mut f: impl FnMut(usize, usize, usize)) {
        thread_local! {
            // The matches of a scan, kept from one text to the next: a text is scanned with no
            // allocation once the list has grown to the most matches a text had on the thread.
            static FOUND: std::cell::Cell<Vec<(usize, u32, usize)>> = const { std::cell::Cell::new(Vec::new()) };
        }
        let part = MIN_PART.max(self.max_len + 1);
        let mut found = FOUND.take();
        found.clear();
        // Every part longer than the longest phrase, so that a stream is in the state a scan of
        // the whole text would be in by the time it reaches the next part.
        let parts = if hay.len() >= STREAMS * part {
            self.scan_parts::<STREAMS>(hay, &mut found)
        } else if hay.len() >= 4 * part {
            self.scan_parts::<4>(hay, &mut found)
        } else if hay.len() >= 2 * part {
            self.scan_parts::<2>(hay, &mut found)
        } else {
            self.scan_parts::<1>(hay, &mut found)
        };
        for &(end, sid, before) in &found {
            for &pid in self.matches_of(sid) {
                let start = end - self.lens[pid as usize] as usize;
                if start < before {
                    f(start, end, pid as usize);
                }
            }
        }
        debug_assert!(parts <= STREAMS);
        FOUND.set(found);
    }

    /// Scans `hay` in `K` parts in step, and pushes `(end, state, before)` for each match state
    /// reached: its phrases that start before `before` are matches. Returns `K`.
    #[inline(always)]
    fn scan_parts<const K: usize>(&self, hay: &[u8], found: &mut Vec<(usize, u32, usize)>) -> usize {
        const ALL: usize = usize::MAX;
        let len = hay.len();
        let bounds: [usize; K] = std::array::from_fn(|p| len * p / K);
        let ends: [usize; K] = std::array::from_fn(|p| len * (p + 1) / K);
        let shortest = (0..K).map(|p| ends[p] - bounds[p]).min().unwrap_or(0);
        let mut sid = [0u32; K];
        // All parts in step, as long as the shortest.
        for k in 0..shortest {
            for p in 0..K {
                // SAFETY: bounds[p] + k < ends[p] <= len, since k < shortest.
                let b = unsafe { *hay.get_unchecked(bounds[p] + k) };
                sid[p] = self.step(sid[p], b);
                if sid[p] & MATCH != 0 {
                    found.push((bounds[p] + k + 1, sid[p], ALL));
                }
            }
        }
        for p in 0..K {
            // The rest of the part.
            let mut s = sid[p];
            let from = bounds[p] + shortest;
            for (i, &b) in hay[from..ends[p]].iter().enumerate() {
                s = self.step(s, b);
                if s & MATCH != 0 {
                    found.push((from + i + 1, s, ALL));
                }
            }
            // On into the next part, until the next part's stream is in the same state.
            if p + 1 < K {
                let next = ends[p];
                let mut at = next;
                while usize::from(self.depth[(s & !MATCH) as usize / self.stride]) > at - next && at < len {
                    s = self.step(s, hay[at]);
                    at += 1;
                    if s & MATCH != 0 {
                        found.push((at, s, next));
                    }
                }
            }
        }
        K
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, MatchKind};

    fn all(dfa: &PhraseDfa, hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        dfa.for_each_match(hay, |s, e, p| v.push((s, e, p)));
        v.sort_unstable();
        v
    }

    fn reference(patterns: &[&str], hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .unwrap();
        let mut v: Vec<_> =
            ac.find_overlapping_iter(hay).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn same_matches_as_the_crate() {
        let patterns = ["he", "she", "his", "hers", "a b", "b c d", "3rd spherical", "spherical of talks", "x"];
        let mut text = String::new();
        let words = ["she", "HERS", "his", "a", "b", "c", "d", "3rd", "Spherical", "of", "talks", "hex", "é"];
        let mut seed = 7u64;
        for _ in 0..3000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            text.push_str(words[(seed >> 33) as usize % words.len()]);
            text.push(if seed & 1 == 0 { ' ' } else { '-' });
        }
        let dfa = PhraseDfa::new(&patterns).unwrap();
        // Every length, so that the parts fall everywhere.
        for cut in (0..text.len()).step_by(97).chain([text.len()]) {
            let hay = &text.as_bytes()[..cut];
            assert_eq!(all(&dfa, hay), reference(&patterns, hay), "cut {cut}");
        }
    }

    #[test]
    fn long_phrase_across_parts() {
        let long = "a ".repeat(150) + "z";
        let patterns = [long.as_str(), "a a", "z"];
        let dfa = PhraseDfa::new(&patterns).unwrap();
        let hay = "a ".repeat(1000) + "z " + &"a ".repeat(700);
        assert_eq!(all(&dfa, hay.as_bytes()), reference(&patterns, hay.as_bytes()));
    }

    #[test]
    fn empty_pattern_is_refused() {
        assert!(PhraseDfa::new(&["a", ""]).is_none());
    }
}
