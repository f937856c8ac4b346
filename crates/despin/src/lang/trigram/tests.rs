//! Tests on a tiny table that the tests write themselves.

use super::parse::{bits_for, mask};
use super::*;

/// A model in plain form, as an ARPA file would give it (log10 values).
struct Arpa {
    words: Vec<&'static str>,
    /// (prob, backoff) by word.
    unigrams: Vec<(f32, f32)>,
    /// (w1, w2, prob, backoff), any order.
    bigrams: Vec<(&'static str, &'static str, f32, f32)>,
    /// (w1, w2, w3, prob), any order.
    trigrams: Vec<(&'static str, &'static str, &'static str, f32)>,
}

fn varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Codebook of the distinct values (exact, so expected values need no tolerance) and codes.
fn book(values: &[f32]) -> (Vec<f32>, Vec<u16>) {
    let mut book: Vec<f32> = values.to_vec();
    book.sort_by(f32::total_cmp);
    book.dedup();
    let codes = values.iter().map(|v| book.iter().position(|b| b == v).unwrap() as u16).collect();
    (book, codes)
}

fn planes(codes: &[u16]) -> Vec<u8> {
    codes.iter().map(|&c| c as u8).chain(codes.iter().map(|&c| (c >> 8) as u8)).collect()
}

/// Writes the table layout of `scripts/build_lm.py` (ids in the order of `words`).
fn write_table(m: &Arpa) -> Vec<u8> {
    let id = |w: &str| m.words.iter().position(|x| *x == w).unwrap() as u32;
    let mut bi: Vec<(u32, u32, f32, f32)> = m.bigrams.iter().map(|&(a, b, p, o)| (id(a), id(b), p, o)).collect();
    bi.sort_by_key(|&(a, b, ..)| (a, b));
    let mut tri: Vec<(u32, u32, u32, f32)> = m.trigrams.iter().map(|&(a, b, c, p)| (id(a), id(b), id(c), p)).collect();
    tri.sort_by_key(|&(a, b, c, _)| (a, b, c));
    let (bp_book, bp_codes) = book(&bi.iter().map(|b| b.2).collect::<Vec<_>>());
    let (bo_book, bo_codes) = book(&bi.iter().map(|b| b.3).collect::<Vec<_>>());
    let (tp_book, tp_codes) = book(&tri.iter().map(|t| t.3).collect::<Vec<_>>());

    let n = m.words.len();
    let mut bi_fan = vec![0u32; n];
    let mut bi_words = Vec::new();
    let mut last: Option<(u32, u32)> = None;
    for &(a, b, ..) in &bi {
        bi_fan[a as usize] += 1;
        let gap = match last {
            Some((la, lb)) if la == a => b - lb - 1,
            _ => b,
        };
        varint(&mut bi_words, gap);
        last = Some((a, b));
    }
    let mut tri_fan = vec![0u32; bi.len()];
    let mut tri_words = Vec::new();
    let mut last: Option<(u32, u32, u32)> = None;
    for &(a, b, c, _) in &tri {
        let i = bi.iter().position(|x| x.0 == a && x.1 == b).expect("trigram without its bigram");
        tri_fan[i] += 1;
        let gap = match last {
            Some((la, lb, lc)) if (la, lb) == (a, b) => c - lc - 1,
            _ => c,
        };
        varint(&mut tri_words, gap);
        last = Some((a, b, c));
    }
    let fan = |v: &[u32]| {
        let mut out = Vec::new();
        v.iter().for_each(|&x| varint(&mut out, x));
        out
    };
    let f32s = |v: &[f32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    let mut out = MAGIC.to_vec();
    for x in [
        VERSION,
        n as u32,
        bi.len() as u32,
        tri.len() as u32,
        id("<s>"),
        id("</s>"),
        NO_WORD,
        bp_book.len() as u32,
        bo_book.len() as u32,
        tp_book.len() as u32,
    ] {
        out.extend(x.to_le_bytes());
    }
    let sections: Vec<Vec<u8>> = vec![
        m.words.iter().flat_map(|w| w.bytes().chain([0])).collect(),
        f32s(&m.unigrams.iter().map(|u| u.0).collect::<Vec<_>>()),
        f32s(&m.unigrams.iter().map(|u| u.1).collect::<Vec<_>>()),
        f32s(&bp_book),
        f32s(&bo_book),
        f32s(&tp_book),
        fan(&bi_fan),
        bi_words,
        planes(&bp_codes),
        planes(&bo_codes),
        fan(&tri_fan),
        tri_words,
        planes(&tp_codes),
    ];
    for s in sections {
        out.extend((s.len() as u32).to_le_bytes());
        out.extend(s);
    }
    out
}

/// A small model: "police shot dead two suspects", with a spun variant it never saw.
fn tiny() -> Arpa {
    Arpa {
        words: vec!["</s>", "the", "police", "shot", "dead", "two", "suspects", "drained", "don't", "<s>"],
        unigrams: vec![
            (-1.0, 0.0),
            (-1.2, -0.5),
            (-2.5, -0.3),
            (-3.0, -0.4),
            (-3.1, -0.2),
            (-2.8, -0.25),
            (-3.9, -0.1),
            (-4.6, 0.0),
            (-2.9, -0.35),
            (-99.0, -0.7),
        ],
        bigrams: vec![
            ("<s>", "the", -0.6, -0.2),
            ("<s>", "police", -2.0, 0.0),
            ("the", "police", -1.5, -0.15),
            ("police", "shot", -1.8, -0.3),
            ("shot", "dead", -1.1, -0.05),
            ("shot", "two", -1.9, 0.0),
            ("dead", "two", -1.6, 0.0),
            ("two", "suspects", -1.4, 0.0),
            ("suspects", "</s>", -0.4, 0.0),
            ("don't", "shot", -2.2, 0.0),
        ],
        trigrams: vec![
            ("<s>", "the", "police", -0.9),
            ("the", "police", "shot", -1.2),
            ("police", "shot", "dead", -0.5),
            ("police", "shot", "two", -1.3),
            ("shot", "dead", "two", -0.7),
        ],
    }
}

fn model() -> (TrigramModel, impl Fn(&str) -> WordId) {
    let lm = TrigramModel::parse(&write_table(&tiny())).unwrap();
    let ids: Vec<(u64, WordId)> =
        tiny().words.iter().map(|w| (word_hash(w.as_bytes()), lm.word(word_hash(w.as_bytes())).unwrap())).collect();
    (lm, move |w: &str| ids.iter().find(|(h, _)| *h == word_hash(w.as_bytes())).unwrap().1)
}

#[test]
fn words_by_hash_ignore_case() {
    let (lm, id) = model();
    assert_eq!(lm.len(), 10);
    assert_eq!(lm.bigram_count(), 10);
    assert_eq!(lm.trigram_count(), 5);
    assert_eq!(lm.word(word_hash(b"POLICE")), Some(id("police")));
    assert_eq!(lm.word(word_hash(b"Don't")), Some(id("don't")));
    assert_eq!(lm.word(word_hash(b"spherical")), None);
    assert_eq!(lm.word_str(id("suspects")), Some("suspects"));
    assert_eq!(lm.word_str(99), None);
    assert_eq!(lm.word_str(lm.sentence_start()), Some("<s>"));
    assert_eq!(lm.word_str(lm.sentence_end()), Some("</s>"));
    assert_eq!(lm.unknown(), None);
}

#[test]
fn katz_backoff() {
    let (lm, id) = model();
    let p = |a: Option<&str>, b: Option<&str>, c: &str| lm.log10_prob(a.map(&id), b.map(&id), id(c));
    // The trigram itself.
    assert_eq!(p(Some("police"), Some("shot"), "dead"), -0.5);
    // No trigram "dead shot two": bigram "shot two", plus the backoff of "dead shot", a
    // bigram the model lacks (so 0).
    assert_eq!(p(Some("dead"), Some("shot"), "two"), -1.9);
    // No trigram "the police police"; no bigram "police police": unigram + bo(police) + bo(the police).
    assert_eq!(p(Some("the"), Some("police"), "police"), -2.5 + -0.3 + -0.15);
    // No trigram, bigram "shot dead" exists, context "don't shot" has backoff 0.
    assert_eq!(p(Some("don't"), Some("shot"), "dead"), -1.1);
    // Trigram missing but bigram present, context "police shot" has backoff -0.3.
    assert_eq!(p(Some("police"), Some("shot"), "suspects"), -3.9 + -0.4 + -0.3);
    assert_eq!(p(Some("police"), Some("shot"), "drained"), -4.6 + -0.4 + -0.3);
    // Unknown or missing first word: bigram estimate.
    assert_eq!(p(None, Some("shot"), "dead"), -1.1);
    assert_eq!(p(None, Some("shot"), "drained"), -4.6 + -0.4);
    // Unknown second word: the unigram, whatever the first.
    assert_eq!(p(Some("police"), None, "dead"), -3.1);
    assert_eq!(p(None, None, "dead"), lm.unigram(id("dead")));
    assert_eq!(lm.unigram(id("<s>")), -99.0);
    // Sentence boundaries.
    assert_eq!(p(Some("<s>"), Some("the"), "police"), -0.9);
    assert_eq!(p(Some("two"), Some("suspects"), "</s>"), -0.4);
    // Ids not of this model.
    assert_eq!(lm.log10_prob(None, None, 1000), f32::NEG_INFINITY);
    assert_eq!(lm.log10_prob(Some(1000), Some(id("shot")), id("dead")), -1.1);
    assert_eq!(lm.log10_prob(Some(id("police")), Some(1000), id("dead")), -3.1);
}

#[test]
fn context_agrees_with_direct_queries() {
    let (lm, _) = model();
    let n = lm.len() as WordId;
    let history = (0..n).map(Some).chain([None]);
    for w1 in history.clone() {
        for w2 in history.clone() {
            let ctx = lm.context(w1, w2);
            for w3 in 0..n {
                assert_eq!(ctx.log10_prob(w3), lm.log10_prob(w1, w2, w3), "{w1:?} {w2:?} {w3}");
            }
        }
    }
    // The batched form answers the same, ids out of range included, across batch boundaries.
    let mut queries = Vec::new();
    for w1 in history.clone().chain([Some(n + 5)]) {
        for w2 in history.clone().chain([Some(n + 5)]) {
            for w3 in 0..n + 2 {
                queries.push((w1, w2, w3));
            }
        }
    }
    let single: Vec<f32> = queries.iter().map(|&(a, b, c)| lm.log10_prob(a, b, c)).collect();
    assert_eq!(lm.log10_probs(&queries), single);
    assert_eq!(lm.log10_probs(&queries[..BATCH + 3]), single[..BATCH + 3]);
    assert!(lm.log10_probs(&[]).is_empty());
    let (id_police, id_shot) = (lm.word(word_hash(b"police")), lm.word(word_hash(b"shot")));
    let ctx = lm.context(id_police, id_shot);
    assert!(ctx.has_trigram(lm.word(word_hash(b"dead")).unwrap()));
    assert!(!ctx.has_trigram(lm.word(word_hash(b"drained")).unwrap()));
    assert!(
        ctx.log10_prob(lm.word(word_hash(b"dead")).unwrap())
            > ctx.log10_prob(lm.word(word_hash(b"drained")).unwrap()) + 2.0
    );
}

#[test]
fn compressed_table_reads_the_same() {
    let raw = write_table(&tiny());
    let packed = zstd::bulk::compress(&raw, 3).unwrap();
    let (a, b) = (TrigramModel::parse(&raw).unwrap(), TrigramModel::parse(&packed).unwrap());
    for w1 in 0..10 {
        for w2 in 0..10 {
            for w3 in 0..10 {
                assert_eq!(a.log10_prob(Some(w1), Some(w2), w3), b.log10_prob(Some(w1), Some(w2), w3));
            }
        }
    }
    assert!(a.memory_usage() > 0);
    assert!(format!("{a:?}").contains("trigrams: 5"));
}

#[test]
fn truncated_table_is_an_error() {
    let raw = write_table(&tiny());
    for len in 0..raw.len() {
        assert!(TrigramModel::parse(&raw[..len]).is_err(), "prefix of {len} bytes accepted");
    }
    let packed = zstd::bulk::compress(&raw, 3).unwrap();
    for len in 4..packed.len() {
        assert!(TrigramModel::parse(&packed[..len]).is_err(), "compressed prefix of {len} bytes accepted");
    }
    let mut longer = raw.clone();
    longer.push(0);
    assert!(TrigramModel::parse(&longer).unwrap_err().contains("unexpected bytes"));
}

#[test]
fn corrupt_table_never_panics() {
    let raw = write_table(&tiny());
    // Every byte changed in a few ways: an error or a model, never a panic; and a model
    // that parses answers queries without panicking.
    for i in 0..raw.len() {
        for x in [0x01, 0x80, 0xff] {
            let mut bad = raw.clone();
            bad[i] ^= x;
            if let Ok(lm) = TrigramModel::parse(&bad) {
                let n = lm.len() as WordId;
                for w3 in 0..n {
                    lm.log10_prob(Some(0), Some(1), w3);
                    lm.log10_prob(Some(w3), Some(w3), w3);
                }
                let queries: Vec<Query> = (0..n).map(|w| (Some(w), Some((w + 1) % n), w)).collect();
                lm.log10_probs(&queries);
            }
        }
    }
}

#[test]
fn specific_corruptions_say_what_is_wrong() {
    let raw = write_table(&tiny());
    let mut bad = raw.clone();
    bad[0] = b'X';
    assert!(TrigramModel::parse(&bad).unwrap_err().contains("magic"));
    let mut bad = raw.clone();
    bad[8] = 2;
    assert!(TrigramModel::parse(&bad).unwrap_err().contains("version 2"));
    let mut bad = raw.clone();
    bad[12..16].copy_from_slice(&u32::MAX.to_le_bytes()); // word count
    assert!(TrigramModel::parse(&bad).is_err());
    // Two words with the same spelling collide.
    let mut m = tiny();
    m.words[7] = "DEAD";
    assert!(TrigramModel::parse(&write_table(&m)).unwrap_err().contains("same hash"));
    assert!(TrigramModel::parse(b"").unwrap_err().contains("truncated"));
    assert!(TrigramModel::parse(&ZSTD_MAGIC).unwrap_err().contains("zstd"));
}

#[test]
fn layout_limits() {
    assert!(Layout::new(72_547, 1_669_625, [7346, 2974, 6024]).is_ok());
    assert!(Layout::new(1 << 20, 1 << 30, [1 << 16, 1 << 16, 1 << 16]).is_err());
    assert!(Layout::new(1 << 20, 10, [2, 2, 1 << 16]).is_err());
    assert!(Layout::new(1, 0, [1, 1, 1]).is_ok());
    assert_eq!(bits_for(0), 0);
    assert_eq!(bits_for(72_546), 17);
    assert_eq!(mask(64), u64::MAX);
}

#[test]
fn hash_matches_the_crate() {
    // The crate's word_hash (crates/despin/src/text/hash.rs) and build_lm.py's agree on these.
    assert_eq!(word_hash(b"Round"), 0xad16_61a1_7e6c_aab1);
    assert_eq!(word_hash(b"DON'T"), 0xbf35_bc88_8193_8d02);
}
