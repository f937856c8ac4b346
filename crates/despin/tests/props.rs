//! Property tests: the normaliser, matcher, detector, scorer and restorer on arbitrary input
//! (the JSONL reader's are in the corpus crate).
//!
//! The invariants themselves live in `tests/invariants/mod.rs`, shared with the cargo-fuzz
//! targets in `fuzz/`. This file makes the inputs: raw bytes, "typographic soup" (curly quotes,
//! dashes, odd spaces, soft hyphens, cut UTF-8 sequences, words of the lists) and documents
//! built around phrases of a wordlist, rendered with random typography and letter case, so that
//! hits actually occur and where they must occur is known.
//!
//! Each property runs 256 cases by default (a few seconds in a debug build); set
//! `PROPTEST_CASES` to run more, e.g. `PROPTEST_CASES=10000 cargo test --release --test props`.

#[path = "../../../tests/invariants/mod.rs"]
mod invariants;

use std::sync::LazyLock;

use despin::rules::{Entry, Matcher, Wordlist};
use despin::score::{Features, Model};
use despin::text::case::{match_form, match_quotes};
use despin::text::Normalized;
use despin::{Config, Detector};
use proptest::prelude::*;
use proptest::sample::select;

/// Cases per property: `PROPTEST_CASES` if set, else `default`.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

static DEFAULTS: LazyLock<Detector> = LazyLock::new(|| Detector::new(Config::default().lists_only()).unwrap());

static WITH_EXTRA: LazyLock<Detector> = LazyLock::new(invariants::detector_with_extra);

static INFERRING: LazyLock<Detector> = LazyLock::new(invariants::inferring_detector);

/// Spinner outputs the inferrer knows (single words and phrases of the dictionary), the words
/// around them in standard terms, and what may come between words.
const INFER_SNIPPETS: &[&str] = &[
    "getting",
    "to",
    "know",
    "getting to know",
    "covered up",
    "distinguishing proof",
    "the executives",
    "relapse",
    "spherical",
    "squaddies",
    "profound",
    "rate",
    "markov",
    "model",
    "learning",
    "energy",
    "vitality",
    "organization",
    "the",
    "of",
    " ",
    "  ",
    "-",
    ". ",
    ", ",
    "\n",
    "\u{a0}",
    "É",
    "'",
];

/// Pieces of text that stress the normaliser and matcher.
const SNIPPETS: &[&str] = &[
    " ",
    "  ",
    "\t",
    "\r\n",
    "\n",
    "\r",
    "\u{a0}",
    "\u{2009}",
    "\u{202f}",
    "\u{3000}",
    "\u{2028}",
    "\u{85}",
    "\u{ad}",
    "\u{200b}",
    "\u{200d}",
    "\u{2060}",
    "\u{feff}",
    "’",
    "‘",
    "‛",
    "′",
    "´",
    "“",
    "”",
    "„",
    "«",
    "»",
    "″",
    "‐",
    "‑",
    "–",
    "—",
    "―",
    "−",
    "'",
    "\"",
    "-",
    ".",
    ",",
    ";",
    "!",
    "?",
    "(",
    ")",
    "[",
    "]",
    "+",
    "*",
    "é",
    "ß",
    "ї",
    "Київ",
    "naïve",
    "…",
    "€",
    "😀",
    "3rd",
    "spherical",
    "Spherical",
    "of",
    "talks",
    "Would",
    "possibly",
    "via",
    "2024",
    "12",
    "Eu",
    "EU",
    "c++",
    "code",
    "a.b",
    "rr",
    "it",
    "s",
    "well",
    "known",
    "approach",
    "straße",
    "rock",
    "n",
    "so-called",
    "artificial",
    "counterfeit",
    "consciousness",
    "bodies",
    "squaddies",
    "our",
];

/// Byte fragments that are not valid UTF-8 on their own.
const BAD_BYTES: &[&[u8]] =
    &[b"\xe2", b"\xe2\x80", b"\xc2", b"\xef\xbb", b"\xff", b"\x80", b"\xf0\x9f", b"\xed\xa0\x80"];

fn concat(parts: Vec<Vec<u8>>) -> Vec<u8> {
    parts.concat()
}

/// Valid UTF-8 built from the snippets.
fn soup_str() -> impl Strategy<Value = String> {
    proptest::collection::vec(select(SNIPPETS), 0..60).prop_map(|parts| parts.concat())
}

/// Bytes built from the snippets, broken UTF-8 fragments and random bytes.
fn soup_bytes() -> impl Strategy<Value = Vec<u8>> {
    let part = prop_oneof![
        6 => select(SNIPPETS).prop_map(|s| s.as_bytes().to_vec()),
        1 => select(BAD_BYTES).prop_map(<[u8]>::to_vec),
        1 => proptest::collection::vec(any::<u8>(), 1..4),
    ];
    proptest::collection::vec(part, 0..60).prop_map(concat)
}

/// Any input: raw bytes, any string, or soup.
fn any_text() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        any::<String>().prop_map(String::into_bytes),
        soup_str().prop_map(String::into_bytes),
        soup_bytes(),
    ]
}

// ---------------------------------------------------------------------------------------------
// Documents with planted phrases.

/// What a space between words of a phrase may be in a document.
const SPACES: &[&str] = &[" ", " ", "  ", "\u{a0}", "\r\n", "\t", "\u{2009}", "\n \t", "\u{3000}", " \u{ad}"];
/// What an apostrophe may be.
const APOSTROPHES: &[&str] = &["'", "’", "‘", "‛", "′", "´"];
/// What a hyphen may be.
const HYPHENS: &[&str] = &["-", "‐", "‑", "‒", "–", "—", "―", "−"];
/// Invisible characters that may sit inside a word.
const INVISIBLE: &[&str] = &["\u{ad}", "\u{200b}", "\u{200c}", "\u{2060}"];
/// What separates a planted phrase from the filler around it. None ends in a word character or
/// starts with one, and none holds a letter of the phrase alphabet.
const SEPARATORS: &[&str] = &[" ", ", ", "; ", "! ", " — ", "\u{a0}", "\r\n", ".\n\n", " “", "” ", " (", ") "];

/// A random choice, from bytes drawn by proptest.
struct Dice<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Dice<'_> {
    fn roll(&mut self, n: usize) -> usize {
        let b = self.bytes.get(self.at % self.bytes.len().max(1)).copied().unwrap_or(0);
        self.at += 1;
        (b as usize).wrapping_add(self.at / self.bytes.len().max(1)) % n
    }
    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[self.roll(from.len())]
    }
}

/// Renders a normalised phrase the way a web page might hold it: random spaces, apostrophes,
/// hyphens, invisible characters inside words, and (when the entry ignores case) random ASCII
/// letter case.
fn render(phrase: &str, ignore_case: bool, dice: &mut Dice<'_>) -> String {
    let mut out = String::new();
    let chars: Vec<char> = phrase.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            ' ' => out.push_str(dice.pick(SPACES)),
            '\'' => out.push_str(dice.pick(APOSTROPHES)),
            '-' => out.push_str(dice.pick(HYPHENS)),
            c if ignore_case && c.is_ascii_alphabetic() => {
                out.push(if dice.roll(2) == 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
            }
            c => out.push(c),
        }
        // Inside a word only: between two characters that are neither spaces nor the ends.
        let next = chars.get(i + 1);
        if c != ' ' && next.is_some_and(|&n| n != ' ') && dice.roll(8) == 0 {
            out.push_str(dice.pick(INVISIBLE));
        }
    }
    out
}

/// A planted phrase: its byte span in the document, its entry, and whether a word character
/// was glued to it (so that it must not hit there).
#[derive(Debug, Clone, Copy)]
struct Planted {
    start: usize,
    end: usize,
    entry: usize,
    glued: bool,
}

/// A document: filler words of letters no phrase holds (`z`, `q`, `x`), separators, and the
/// phrases of `planted` (indices into `entries`) rendered by [`render`], some with a word
/// character glued before or after.
fn plant(entries: &[&Entry], planted: &[usize], dice: &mut Dice<'_>) -> (String, Vec<Planted>) {
    const FILLER: &[&str] = &["zq", "Zzx", "qqx", "xz", "ZQX", "zxq"];
    const GLUE: &[&str] = &["a", "é", "Ж", "7", "_", "ß"];
    let mut doc = String::new();
    let mut spans = Vec::new();
    for &k in planted {
        if dice.roll(2) == 0 {
            doc.push_str(dice.pick(FILLER));
            doc.push_str(dice.pick(SEPARATORS));
        }
        let entry = entries[k];
        let glue = dice.roll(6);
        let region = doc.len();
        if glue == 0 {
            doc.push_str(dice.pick(GLUE));
        }
        let start = doc.len();
        doc.push_str(&render(&entry.spun, !entry.case_sensitive, dice));
        let end = doc.len();
        if glue == 1 {
            doc.push_str(dice.pick(GLUE));
        }
        if glue <= 1 {
            spans.push(Planted { start: region, end: doc.len(), entry: k, glued: true });
        } else {
            spans.push(Planted { start, end, entry: k, glued: false });
        }
        doc.push_str(dice.pick(SEPARATORS));
        // Always a filler word after a phrase, so that no phrase runs on into the next.
        doc.push_str(dice.pick(FILLER));
        doc.push_str(dice.pick(SEPARATORS));
    }
    (doc, spans)
}

/// Checks the hits of a planted document: each phrase planted on its own is hit exactly where
/// it was planted, by its entry; any other hit lies inside a glued region (where a shorter entry
/// may hit on boundaries of its own: `check_hits` checks that every hit is on word boundaries).
fn check_planted(matcher: &Matcher, entries: &[&Entry], doc: &str, spans: &[Planted]) -> Result<(), TestCaseError> {
    let hits = invariants::check_hits(matcher, doc.as_bytes());
    let mut hits = hits.iter().peekable();
    for p in spans {
        if p.glued {
            while let Some(h) = hits.next_if(|h| h.start < p.end) {
                prop_assert!(h.start >= p.start && h.end <= p.end, "hit {:?} outside {:?} in {:?}", h, p, doc);
            }
        } else {
            let h = hits.next();
            prop_assert!(
                h.is_some_and(|h| (h.start, h.end) == (p.start, p.end)),
                "{:?} is not {:?} in {:?}",
                h,
                p,
                doc
            );
            let spun = &matcher.entry(h.unwrap().entry).spun;
            prop_assert!(
                spun.eq_ignore_ascii_case(&entries[p.entry].spun),
                "hit {:?}, planted {:?}",
                spun,
                entries[p.entry].spun
            );
        }
    }
    prop_assert!(hits.next().is_none(), "hits after the last planted phrase in {:?}", doc);
    Ok(())
}

/// The entries that a document can plant for an exact-hit check: no context conditions.
fn plantable(matcher: &Matcher) -> Vec<&Entry> {
    matcher.entries().iter().filter(|e| e.context.is_empty() && e.pattern.is_none()).collect()
}

/// The words of [`inference_from_generated_lists`]: English words the web tables know (so that
/// pairs and vectors come into play), a function word, and a word they do not know.
const SMALL_WORDS: &[&str] =
    &["the", "board", "chairman", "of", "round", "spherical", "learning", "studying", "deep", "zqxv"];

/// A phrase of `n` words of [`SMALL_WORDS`].
fn small_phrase(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    proptest::collection::vec(select(SMALL_WORDS), n).prop_map(|w| w.join(" "))
}

/// A word of a generated phrase: letters and digits with apostrophes, hyphens, dots and pluses
/// inside, and maybe an apostrophe before and an apostrophe or hyphen after (rendered as curly
/// quotes and dashes, so the span of a hit must take in all their bytes); no `z`, `q` or `x`
/// (those are the filler's).
fn gen_word() -> impl Strategy<Value = String> {
    "'?[a-pA-P0-9éßїЖ]([a-pA-P0-9éßї'.+-]{0,4}[a-p0-9éßїЖ])?['-]?"
}

/// A generated wordlist as TSV text: phrases of one to three words, some case-sensitive, some
/// with context flags, no two alike up to ASCII case.
fn gen_list() -> impl Strategy<Value = String> {
    let entry = (proptest::collection::vec(gen_word(), 1..4), 0..8u8);
    proptest::collection::vec(entry, 1..25).prop_map(|entries| {
        let mut seen = std::collections::HashSet::new();
        let mut tsv = String::from("# generated\n");
        for (words, kind) in entries {
            let phrase = words.join(" ");
            if !seen.insert(phrase.to_ascii_lowercase()) {
                continue;
            }
            let flags = match kind {
                0 => "case",
                1 => "mid",
                2 => "next=of|#num",
                3 => "!prev=the",
                _ => "",
            };
            tsv.push_str(&format!("{phrase}\torig {}\t1\tnote\t{flags}\n", seen.len()));
        }
        tsv
    })
}

// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    /// The normaliser on any input: see `check_normalized`.
    #[test]
    fn normaliser_invariants(text in any_text()) {
        invariants::check_normalized(&text);
    }

    /// Arbitrary spans of the normalised text map back to original bytes that normalise to them.
    #[test]
    fn normaliser_span_roundtrip(text in soup_bytes(), cuts in proptest::collection::vec(any::<prop::sample::Index>(), 2..8)) {
        let n = Normalized::new(&text);
        let len = n.as_bytes().len();
        for pair in cuts.chunks(2) {
            if let [a, b] = pair {
                let (a, b) = (a.index(len + 1), b.index(len + 1));
                let (a, b) = (a.min(b), a.max(b));
                if a < b {
                    invariants::check_span_roundtrip(&n, a, b);
                }
            }
        }
    }

    /// The whole scan on any input, with the embedded lists and a list of awkward phrases.
    #[test]
    fn scan_invariants(text in any_text()) {
        let report = invariants::check_report(&WITH_EXTRA, &text);
        invariants::check_restore(&text, &report);
    }

    /// Generated lists, planted in documents with random typography and case: every planted
    /// phrase is hit exactly where it was planted, and nothing else is; all invariants hold;
    /// every context-free entry hits its own phrase.
    #[test]
    fn generated_lists_hit_where_planted(
        tsv in gen_list(),
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..12),
        dice in proptest::collection::vec(any::<u8>(), 1..64),
    ) {
        let list = Wordlist::parse("gen", "gen.tsv", &tsv).unwrap();
        let scanner = invariants::detector_of(vec![list]);
        let matcher = scanner.matcher();
        let entries = plantable(matcher);
        for e in &entries {
            let own = matcher.find(e.spun.as_bytes());
            prop_assert_eq!(own.iter().map(|h| (h.start, h.end)).collect::<Vec<_>>(), vec![(0, e.spun.len())], "{:?}", e);
        }
        prop_assume!(!entries.is_empty());
        let planted: Vec<usize> = picks.iter().map(|i| i.index(entries.len())).collect();
        let (doc, spans) = plant(&entries, &planted, &mut Dice { bytes: &dice, at: 0 });
        check_planted(matcher, &entries, &doc, &spans)?;
        let report = invariants::check_report(&scanner, doc.as_bytes());
        invariants::check_restore(doc.as_bytes(), &report);
    }

    /// The embedded lists, planted the same way: each planted phrase is hit exactly, and
    /// restoring puts each original back (in the letter case and quotation marks of the text) and changes nothing
    /// else.
    #[test]
    fn embedded_lists_hit_where_planted(
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..12),
        dice in proptest::collection::vec(any::<u8>(), 1..64),
    ) {
        let matcher = DEFAULTS.matcher();
        let entries = plantable(matcher);
        let planted: Vec<usize> = picks.iter().map(|i| i.index(entries.len())).collect();
        let (doc, spans) = plant(&entries, &planted, &mut Dice { bytes: &dice, at: 0 });
        check_planted(matcher, &entries, &doc, &spans)?;
        let report = invariants::check_report(&DEFAULTS, doc.as_bytes());
        invariants::check_restore(doc.as_bytes(), &report);
        // Restoring: the document with each hit replaced by its entry's original in the letter
        // case of the text (where a phrase was planted alone, that is the planted rendering).
        let mut expected = String::new();
        let mut pos = 0;
        for h in &report.hits {
            expected.push_str(&doc[pos..h.start]);
            let written = &doc[h.start..h.end];
            let entry = matcher.entries().iter().find(|e| {
                match_quotes(written, &e.original) == h.original
                    || match_form(written, &e.original) == h.original
            });
            prop_assert!(entry.is_some(), "no entry gives {:?}", h.original);
            expected.push_str(&h.original);
            pos = h.end;
        }
        expected.push_str(&doc[pos..]);
        for p in spans.iter().filter(|p| !p.glued) {
            let e = entries[p.entry];
            let written = &doc[p.start..p.end];
            let want = if e.case_sensitive { match_quotes(written, &e.original) } else { match_form(written, &e.original) };
            let h = report.hits.iter().find(|h| h.start == p.start).unwrap();
            prop_assert_eq!(&h.original, &want);
        }
        prop_assert_eq!(String::from_utf8(invariants::restore(doc.as_bytes(), &report)).unwrap(), expected);
    }

    /// The whole scan with inference and suggestions, on any input and on soups of spinner
    /// outputs: no panic; hits in order, apart, inside the text and on character boundaries,
    /// each with its text, line and column and an original; suggestions ranked, each a share of
    /// the evidence; restoring rewrites only the hits.
    #[test]
    fn inference_invariants(text in prop_oneof![
        any_text(),
        proptest::collection::vec(select(INFER_SNIPPETS), 0..60).prop_map(|p| p.concat().into_bytes()),
    ]) {
        let report = invariants::check_inference(&INFERRING, &text);
        invariants::check_restore(&text, &report);
    }

    /// Inference built from a generated list (its dictionary learned from it, its originals the
    /// standard terms) over text of the same few words: all invariants hold. With so few words,
    /// spun phrases, originals and terms overlap in every way a user's list could make them.
    #[test]
    fn inference_from_generated_lists(
        originals in proptest::collection::vec(small_phrase(1..5), 1..5),
        entries in proptest::collection::vec((small_phrase(1..4), any::<prop::sample::Index>()), 1..30),
        words in proptest::collection::vec((select(SMALL_WORDS), select(SEPARATORS)), 0..80),
        sensitive in any::<bool>(),
    ) {
        let mut tsv = String::new();
        let mut seen = std::collections::HashSet::new();
        for (spun, pick) in &entries {
            // Few originals, each of them the original of several entries: established terms.
            let original = &originals[pick.index(originals.len())];
            if spun != original && seen.insert(spun.clone()) {
                tsv.push_str(&format!("{spun}\t{original}\n"));
            }
        }
        prop_assume!(!tsv.is_empty());
        let lists = vec![Wordlist::parse("gen", "gen.tsv", &tsv).unwrap()];
        let dict = despin::rules::dictionary::learn(&lists);
        let params = if sensitive { despin::infer::Params::SENSITIVE } else { despin::infer::Params::DEFAULT };
        let mut config = Config::default().no_default_lists().dictionary(dict).suggestions(true);
        config.mode = despin::Mode::Infer(params);
        config.lists = lists;
        let scanner = Detector::new(config).unwrap();
        let text: String = words.iter().map(|(w, sep)| format!("{w}{sep}")).collect();
        let report = invariants::check_inference(&scanner, text.as_bytes());
        invariants::check_restore(text.as_bytes(), &report);
    }

    /// Text made of words no list holds has no hits, and restoring it changes nothing.
    #[test]
    fn no_hits_restore_unchanged(words in proptest::collection::vec("[zqxZQX]{1,6}", 0..40), dice in proptest::collection::vec(any::<u8>(), 1..32)) {
        let mut dice = Dice { bytes: &dice, at: 0 };
        let mut doc = String::new();
        for w in words {
            doc.push_str(&w);
            doc.push_str(dice.pick(SEPARATORS));
        }
        let report = invariants::check_report(&WITH_EXTRA, doc.as_bytes());
        prop_assert!(report.hits.is_empty());
        prop_assert_eq!(invariants::restore(doc.as_bytes(), &report), doc.as_bytes());
    }

    /// Any wordlist text: parsing never panics; an error names the source and a line that
    /// exists; a list that parses compiles, and the matcher's invariants hold on its own text.
    #[test]
    fn wordlist_parse_never_panics(text in prop_oneof![
        any::<String>(),
        soup_str(),
        proptest::collection::vec(prop_oneof![select(SNIPPETS), Just("\t"), Just("\n"), Just("#"), Just("1.5"), Just("case"), Just("next=of"), Just("!prev=#num|a"), Just("mid")], 0..40).prop_map(|p| p.concat()),
    ]) {
        let lines = text.split('\n').count();
        match Wordlist::parse("w", "w.tsv", &text) {
            Err(e) => {
                prop_assert!(e.to_string().starts_with("w.tsv:"), "{}", e);
                prop_assert!(e.line().is_some_and(|l| l >= 1 && l <= lines), "{}", e);
            }
            Ok(list) => {
                let matcher = Matcher::new(vec![list]).unwrap();
                invariants::check_hits(&matcher, text.as_bytes());
            }
        }
    }

    /// The scorer: any features give a probability in [0, 1], never lower for more distinct
    /// entries or more weight; the reasons never panic.
    #[test]
    fn score_is_a_probability(words in any::<usize>(), hits in 0usize..1_000_000, weighted in 0.0f64..1e9, distinct in 0usize..1_000_000, inferred in 0usize..1_000_000, inferred_weighted in 0.0f64..1e9, missing in 0.0f64..1e6) {
        let m = Model::DEFAULT;
        let f = Features { words, hits, weighted, distinct, inferred, inferred_weighted, missing, ..Features::default() };
        let p = m.probability(&f);
        prop_assert!(p.is_finite() && (0.0..=1.0).contains(&p), "{}", p);
        let more_distinct = m.probability(&Features { distinct: distinct + 1, ..f });
        let more_weight = m.probability(&Features { weighted: weighted * 2.0 + 1.0, ..f });
        prop_assert!(more_distinct >= p, "{} < {}", more_distinct, p);
        prop_assert!(more_weight >= p, "{} < {}", more_weight, p);
        let _ = m.reasons(&f);
    }
}
