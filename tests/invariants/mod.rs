//! Invariants of the normaliser, matcher, detector and restorer, checked on any input.
//!
//! Shared by the property tests (`tests/props.rs`) and the cargo-fuzz targets (`fuzz/`), which
//! include this file by path, so that both check exactly the same things. Every function
//! panics (with the input in the message where it helps) when an invariant does not hold.

#![allow(dead_code)]

use despin::restore::rewrite;
use despin::rules::{Hit, Matcher, Wordlist};
use despin::text::words::count_words;
use despin::text::Normalized;
use despin::{Config, Detector, Report};

/// Length of a UTF-8 sequence from its lead byte, or 0 for a byte that cannot lead one.
fn utf8_width(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 0,
    }
}

/// True when `pos` falls strictly inside a character that is valid UTF-8 in `text`, that is,
/// when a slice starting or ending there would cut a character in two.
pub fn inside_valid_char(text: &[u8], pos: usize) -> bool {
    if pos == 0 || pos >= text.len() || text[pos] & 0xC0 != 0x80 {
        return false;
    }
    for back in 1..=3.min(pos) {
        let i = pos - back;
        if text[i] & 0xC0 != 0x80 {
            let width = utf8_width(text[i]);
            return width > back && text.get(i..i + width).is_some_and(|seq| std::str::from_utf8(seq).is_ok());
        }
    }
    false
}

/// Line (from 1) and column (from 1, in characters) of `offset`, counted from scratch: lines
/// end at `\n`; a column counts the bytes that do not continue a UTF-8 sequence, which for
/// valid UTF-8 is the number of characters.
pub fn line_col(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let col = match std::str::from_utf8(&before[line_start..]) {
        Ok(s) => s.chars().count() + 1,
        Err(_) => before[line_start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1,
    };
    (line, col)
}

/// The normaliser: shorter or equal, no runs of spaces or line ends left, valid UTF-8 in gives
/// valid UTF-8 out (and normalising again changes nothing), offsets map back strictly
/// increasing, and normalising the original of any token or run of tokens gives it back.
pub fn check_normalized(text: &[u8]) {
    let n = Normalized::new(text);
    let hay = n.as_bytes();
    assert_eq!(n.original(), text);
    assert!(hay.len() <= text.len(), "normalising grew {text:?}");
    assert!(!hay.windows(2).any(|w| w == b"  "), "two spaces in {hay:?} from {text:?}");
    assert!(!hay.iter().any(|b| matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)), "line end or tab left in {hay:?}");
    if std::str::from_utf8(text).is_ok() {
        assert!(std::str::from_utf8(hay).is_ok(), "valid UTF-8 {text:?} normalised to invalid {hay:?}");
        assert_eq!(Normalized::new(hay).as_bytes(), hay, "normalising {text:?} twice changed it");
    }
    // Every normalised byte comes from a distinct original byte, in order.
    let mut prev: Option<usize> = None;
    for (p, &byte) in hay.iter().enumerate() {
        let o = n.to_original(p);
        assert!(o < text.len(), "byte {p} of the copy maps to {o}, past the end of {text:?}");
        if let Some(q) = prev {
            assert!(o > q, "to_original not increasing at {p} in {text:?}");
        }
        // A byte is copied as it is, or is what a typographic character or white space became.
        assert!(byte == text[o] || matches!(byte, b' ' | b'\'' | b'"' | b'-'), "byte {p} of {text:?}");
        prev = Some(o);
    }
    // Spans: each token, each token with the space after it and the next token, the whole text.
    let mut starts = vec![0];
    starts.extend(hay.iter().enumerate().filter(|&(_, &b)| b == b' ').map(|(i, _)| i + 1));
    let mut spans = vec![(0, hay.len())];
    for (k, &a) in starts.iter().enumerate() {
        let end = |j: usize| starts.get(j + 1).map_or(hay.len(), |&s| s - 1);
        spans.push((a, end(k)));
        if k + 1 < starts.len() {
            spans.push((a, end(k + 1)));
        }
        if a > 0 {
            spans.push((a - 1, end(k))); // starting on the space
        }
    }
    for (a, b) in spans {
        if a >= b {
            continue;
        }
        check_span_roundtrip(&n, a, b);
    }
}

/// Normalising the original bytes of a span of the normalised text gives that span back.
pub fn check_span_roundtrip(n: &Normalized<'_>, a: usize, b: usize) {
    let (s, e) = n.span_to_original(a, b);
    let original = n.original();
    assert!(s <= e && e <= original.len());
    let back = Normalized::new(&original[s..e]);
    assert_eq!(
        back.as_bytes(),
        &n.as_bytes()[a..b],
        "span {a}..{b} of the copy maps to {s}..{e} of {original:?}, which normalises differently"
    );
}

/// Whether a character is a word character for word boundaries: a letter or digit of any
/// script, or `_`. Bytes that are not valid UTF-8 decode to U+FFFD, which is none.
fn word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Whether `pos` of the normalised text is a word boundary: not between two word characters.
pub fn is_boundary(hay: &[u8], pos: usize) -> bool {
    let before = String::from_utf8_lossy(&hay[pos.saturating_sub(4)..pos]).chars().next_back();
    let after = String::from_utf8_lossy(&hay[pos..(pos + 4).min(hay.len())]).chars().next();
    !(word_char(before) && word_char(after))
}

/// The matcher's hits: in order, not overlapping, inside the text, on character boundaries
/// wherever the text is valid UTF-8 around them, on word boundaries of the normalised text, and
/// normalising the original bytes of a hit gives its entry's phrase (exactly for case-sensitive
/// entries, up to ASCII case otherwise).
pub fn check_hits(matcher: &Matcher, text: &[u8]) -> Vec<Hit> {
    let hits = matcher.find(text);
    let norm = Normalized::new(text);
    let hay = norm.as_bytes();
    // Normalised offsets, from the original ones: the first normalised byte that comes from at or
    // after `orig` (to_original is strictly increasing, checked by check_normalized).
    let to_norm = |orig: usize| {
        let (mut lo, mut hi) = (0, hay.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if norm.to_original(mid) >= orig {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    };
    let mut prev_end = 0;
    for h in &hits {
        assert!(h.start < h.end && h.end <= text.len(), "hit {h:?} out of {} bytes", text.len());
        assert!(h.start >= prev_end, "hits overlap or are out of order: {hits:?}");
        prev_end = h.end;
        assert!(!inside_valid_char(text, h.start), "hit {h:?} starts inside a character of {text:?}");
        assert!(!inside_valid_char(text, h.end), "hit {h:?} ends inside a character of {text:?}");
        let (a, b) = (to_norm(h.start), to_norm(h.end));
        assert!(is_boundary(hay, a) && is_boundary(hay, b), "hit {h:?} is not on word boundaries in {text:?}");
        let entry = matcher.entry(h.entry);
        let slice = &text[h.start..h.end];
        let norm = Normalized::new(slice);
        if entry.pattern.is_some() {
            // A pattern's match is its regular expression's business; its span is checked above.
        } else if entry.case_sensitive {
            assert_eq!(norm.as_bytes(), entry.spun.as_bytes(), "hit {h:?} in {text:?}");
        } else {
            assert!(
                norm.as_bytes().eq_ignore_ascii_case(entry.spun.as_bytes()),
                "hit {h:?} {:?} normalises to {:?}, not to the phrase {:?}",
                String::from_utf8_lossy(slice),
                String::from_utf8_lossy(norm.as_bytes()),
                entry.spun
            );
        }
    }
    hits
}

/// The detector's report: the matcher's hits with their text, line and column right, a score
/// that is a probability, the word count of the normalised text.
pub fn check_report(detector: &Detector, text: &[u8]) -> Report {
    let report = detector.score("doc", text);
    let hits = check_hits(detector.matcher(), text);
    let spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
    let reported: Vec<(usize, usize)> = report.hits.iter().map(|h| (h.start, h.end)).collect();
    assert_eq!(reported, spans, "report and matcher disagree on {text:?}");
    assert!(report.score.is_finite() && (0.0..=1.0).contains(&report.score), "score {}", report.score);
    assert_eq!(report.spun, detector.model().is_spun(report.score));
    assert_eq!(report.words, count_words(Normalized::new(text).as_bytes()));
    check_reported_hits(text, &report);
    report
}

/// Each reported hit: on character boundaries (for valid UTF-8), with its text, line and
/// column, and an original.
fn check_reported_hits(text: &[u8], report: &Report) {
    let valid = std::str::from_utf8(text).ok();
    for h in &report.hits {
        match valid {
            Some(s) => {
                assert!(s.is_char_boundary(h.start) && s.is_char_boundary(h.end), "{h:?} in {s:?}");
                assert_eq!(&s[h.start..h.end], h.text, "hit text in {s:?}");
            }
            None => assert_eq!(String::from_utf8_lossy(&text[h.start..h.end]), h.text, "hit text in {text:?}"),
        }
        assert_eq!((h.line, h.col), line_col(text, h.start), "line:col of {h:?} in {text:?}");
        assert!(!h.original.is_empty(), "{h:?}");
    }
}

/// The detector's report with inference (and suggestions, if the detector gives them): hits in
/// order, apart, inside the text and on character boundaries, each with its text, line and
/// column and an original; suggestions ranked, each a share of the evidence.
pub fn check_inference(detector: &Detector, text: &[u8]) -> Report {
    let report = detector.score("doc", text);
    assert!(report.score.is_finite() && (0.0..=1.0).contains(&report.score), "score {}", report.score);
    let mut end = 0;
    for h in &report.hits {
        assert!(end <= h.start && h.start < h.end && h.end <= text.len(), "{h:?} after {end} in {text:?}");
        end = h.end;
        let mut last = f64::INFINITY;
        for s in &h.suggestions {
            assert!((0.0..=1.0).contains(&s.score) && s.score <= last + 1e-9, "{:?}", h.suggestions);
            last = s.score;
        }
    }
    check_reported_hits(text, &report);
    report
}

/// The embedded lists plus [`EXTRA`]: the detector of the soup tests and the scan fuzz target.
pub fn detector_with_extra() -> Detector {
    Detector::new(Config::default().lists_only().wordlist(Wordlist::parse("extra", "extra.tsv", EXTRA).unwrap()))
        .unwrap()
}

/// The embedded lists with inference and suggestions.
pub fn inferring_detector() -> Detector {
    Detector::new(Config::default().infer().suggestions(true)).unwrap()
}

/// A detector over these lists alone, lists only.
pub fn detector_of(lists: Vec<Wordlist>) -> Detector {
    let mut config = Config::default().no_default_lists().lists_only();
    config.lists = lists;
    Detector::new(config).unwrap()
}

/// The text restored from a report, through the library's restore: each hit by its original.
/// The one place the property tests and fuzz targets call the restore API.
pub fn restore(text: &[u8], report: &Report) -> Vec<u8> {
    despin::restore::restore(text, &report.hits)
}

/// Restoring: a text without hits comes back unchanged, and so does any text when each hit is
/// "restored" to its own text (for valid UTF-8, where the hit text is the exact bytes).
pub fn check_restore(text: &[u8], report: &Report) {
    if report.hits.is_empty() {
        assert_eq!(restore(text, report), text, "restoring a text without hits changed it");
    }
    assert_eq!(rewrite(text, &[]), text);
    if std::str::from_utf8(text).is_ok() {
        let same: Vec<(usize, usize, String)> = report.hits.iter().map(|h| (h.start, h.end, h.text.clone())).collect();
        assert_eq!(rewrite(text, &same), text, "replacing each hit by itself changed the text");
    }
}

/// A small list with context flags, case-sensitive, non-ASCII and punctuation-laden phrases,
/// added to the embedded lists for the soup tests.
pub const EXTRA: &str = "\
spherical\tround\t1\t\tnext=of|talks
via\tby\t1\t\t!prev=#num
2\ttwo\t1\t\tprev=#cap next=#year
Eu\tEuropean\t1\t\tcase
Київ\tKyiv
naïve approach\tsimple approach
c++ code\tC++ code
(rr)\t(hr)
a.b\tab
straße\troad
it’s\tit is
well–known\tknown
rock ’n’\trock and roll
so-called —\tso-called
";
