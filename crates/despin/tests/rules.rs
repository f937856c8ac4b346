//! The rules: the wordlists and their matcher.
//!
//! - Every entry of the default wordlists must earn its place: no hit in clean prose (the Brown
//!   corpus, 500 documents, a million words of 1961 American English, fetched by
//!   `scripts/fetch-brown.sh`; the project's clean fixtures; the clean seeds, in the CLI's seed
//!   tests). Any hit fails and is listed with its place, so that the entry can be fixed or dropped.
//! - Every group of every default list carries examples it must flag and must allow, and they
//!   hold (one table-driven test over all of them).
//! - Hostile wordlists (regex metacharacters, phrases at and over the length limit, tens of
//!   thousands of entries, non-ASCII, broken encodings, tabs, CRs, byte order marks, duplicates)
//!   load and match as written, or fail with a message that names the file and line.

#[path = "../../../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;

use despin::rules::examples;
use despin::rules::wordlist::MAX_PHRASE_BYTES;
use despin::rules::Matcher;
use despin::{Config, Detector, Error, Wordlist};

/// A detector over these lists alone.
fn detector(lists: Vec<Wordlist>) -> Detector {
    let mut config = Config::default().no_default_lists();
    config.lists = lists;
    Detector::new(config).unwrap()
}

fn false_positives(files: &[PathBuf]) -> Vec<String> {
    let detector = Detector::new(Config::default().lists_only()).unwrap();
    let mut found = Vec::new();
    for path in files {
        let text = std::fs::read(path).unwrap();
        let report = detector.score(&path.display().to_string(), &text);
        for h in &report.hits {
            found.push(format!("{}:{}:{}: {:?} [{}] -> {:?}", report.id, h.line, h.col, h.text, h.list, h.original));
        }
    }
    found
}

#[test]
fn no_default_entry_matches_the_brown_corpus() {
    let files = common::files_in(common::brown_dir());
    assert_eq!(files.len(), 500, "the Brown corpus has 500 documents");
    let found = false_positives(&files);
    assert!(found.is_empty(), "{} false positives in the Brown corpus:\n{}", found.len(), found.join("\n"));
}

#[test]
fn no_default_entry_matches_the_clean_fixtures() {
    let files = common::clean_fixtures();
    assert!(files.len() >= 4, "{files:?}");
    let found = false_positives(&files);
    assert!(found.is_empty(), "false positives in fixtures/clean:\n{}", found.join("\n"));
}

#[test]
fn every_group_of_the_default_lists_has_examples_and_they_hold() {
    let lists = Wordlist::defaults();
    let missing = examples::unexampled(&lists);
    assert!(missing.is_empty(), "groups without a #+ or a #- example: {missing:?}");
    let matcher = Matcher::new(lists.clone()).unwrap();
    let failures: Vec<String> = examples::check(&matcher, &lists).iter().map(ToString::to_string).collect();
    assert!(failures.is_empty(), "{} example(s) do not hold:\n{}", failures.len(), failures.join("\n"));
    let count: usize = lists.iter().flat_map(|l| &l.groups).map(|g| g.flag.len() + g.allow.len()).sum();
    assert!(count >= 20, "only {count} examples");
}

/// Writes `bytes` to a file in a fresh folder and loads it as a wordlist.
fn load(name: &str, bytes: &[u8]) -> (Result<Wordlist, Error>, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (Wordlist::load(&path), path, dir)
}

/// Loads a list that must fail, and checks that the message starts with `path:line: `.
fn load_err(bytes: &[u8], line: usize, needle: &str) -> String {
    let (result, path, _dir) = load("hostile.tsv", bytes);
    let err = result.expect_err("the list must be refused").to_string();
    let prefix = format!("{}:{line}: ", path.display());
    assert!(err.starts_with(&prefix), "{err:?} does not start with {prefix:?}");
    assert!(err.contains(needle), "{err:?} does not say {needle:?}");
    err
}

/// The matcher of one list, written as TSV.
fn matcher(tsv: &str) -> Matcher {
    let list = Wordlist::parse("t", "t.tsv", tsv).expect("a list that parses");
    Matcher::new(vec![list]).expect("a list that compiles")
}

/// The stretches of `text` that `m` hits, in order.
fn found<'t>(m: &Matcher, text: &'t str) -> Vec<&'t str> {
    let hits = m.find(text.as_bytes());
    hits.into_iter().map(|h| &text[h.start..h.end]).collect()
}

#[test]
fn regex_metacharacters_match_literally() {
    let m = matcher(
        "a.b\tdot\n\
         a*b\tstar\n\
         c++ code\tplus\n\
         what?\tquestion\n\
         (x)\tparens\n\
         [citation needed]\tbrackets\n\
         {curly}\tbraces\n\
         a|b\tbar\n\
         back\\slash\tbackslash\n\
         ^caret\tcaret\n\
         $100 bill\tdollar\n\
         .*+?()[]{}|\\^$ all\tall of them\n",
    );
    // Each phrase finds itself, as written.
    let text =
        "a.b a*b c++ code what? (x) [citation needed] {curly} a|b back\\slash ^caret $100 bill .*+?()[]{}|\\^$ all";
    assert_eq!(
        found(&m, text),
        [
            "a.b",
            "a*b",
            "c++ code",
            "what?",
            "(x)",
            "[citation needed]",
            "{curly}",
            "a|b",
            "back\\slash",
            "^caret",
            "$100 bill",
            ".*+?()[]{}|\\^$ all"
        ]
    );
    // And nothing a regex would have made of it.
    for text in [
        "axb",
        "aab",
        "aaab",
        "c code",
        "cc code",
        "wha",
        "what",
        "x",
        "citation needed",
        "curly",
        "a",
        "b",
        "backslash",
        "caret",
        "100 bill",
        "$1000 bill",
        "all",
        "xa.b",
        "a.bx",
    ] {
        assert_eq!(found(&m, text), Vec::<&str>::new(), "in {text:?}");
    }
    // Typography is normalised around them as in any phrase.
    assert_eq!(found(&m, "C++\u{a0}Code"), ["C++\u{a0}Code"]);
}

#[test]
fn phrase_length_limit() {
    // 512 bytes, in two-byte letters and one-byte ones, with runs of spaces that normalise away.
    let word = "é".repeat(50); // 100 bytes
    let longest = format!("{word} {word} {word} {word} {}", "a".repeat(MAX_PHRASE_BYTES - 404));
    assert_eq!(longest.len(), MAX_PHRASE_BYTES);
    let written = longest.replace(' ', "   ");
    let tsv = format!("# long\n{written}\tlong one\n");
    let (list, _, _dir) = load("long.tsv", tsv.as_bytes());
    let list = list.unwrap();
    assert_eq!(list.entries[0].spun, longest);
    let m = Matcher::new(vec![list]).unwrap();
    let spaces = ["\r\n", "\u{a0}", "  ", "\t"];
    let mut rendered = String::new();
    for (i, part) in longest.split(' ').enumerate() {
        if i > 0 {
            rendered.push_str(spaces[i % spaces.len()]);
        }
        rendered.push_str(part);
    }
    let text = format!("before {rendered}. after");
    let hits = m.find(text.as_bytes());
    assert_eq!(hits.len(), 1, "{text:?}");
    assert_eq!(&text[hits[0].start..hits[0].end], rendered);

    // One byte more is an error naming file and line, counted after normalising.
    let over = format!("{longest}b");
    let err = load_err(format!("# c\n\nok\tfine\n{over}\ttoo long\n").as_bytes(), 4, "513 bytes");
    assert!(err.contains("more than the 512 allowed"), "{err}");
    // A huge line (a megabyte) is refused the same way, not matched slowly or truncated.
    load_err(format!("{}\tx\n", "word ".repeat(200_000)).as_bytes(), 1, "more than the 512 allowed");
}

#[test]
fn fifty_thousand_entries_load_and_match() {
    const N: usize = 50_000;
    let mut tsv = String::from("# generated\tlist\n");
    let phrase = |i: usize| format!("w{i} spun{} phrase", i * 7 % 1000);
    for i in 0..N {
        tsv.push_str(&format!("{}\torig {i}\t{}\n", phrase(i), 1 + i % 9));
    }
    let (list, _, _dir) = load("big.tsv", tsv.as_bytes());
    let list = list.unwrap();
    assert_eq!(list.entries.len(), N);
    let detector = detector(vec![list]);

    // A document with every 997th phrase, in mixed case and typography, between filler.
    let picks: Vec<usize> = (0..N).step_by(997).collect();
    let mut doc = String::new();
    for &i in &picks {
        doc.push_str("some filler, ");
        doc.push_str(&phrase(i).to_uppercase().replacen(' ', "\u{a0}\r\n", 1));
        doc.push_str(". ");
    }
    let report = detector.score("big", doc.as_bytes());
    let got: Vec<String> = report.hits.iter().map(|h| h.original.clone()).collect();
    let want: Vec<String> = picks.iter().map(|i| format!("ORIG {i}")).collect();
    assert_eq!(got, want);
    // Nor inside longer words.
    assert!(detector.score("x", b"w1 spun7 phrases, xw1 spun7 phrase, w1 spun7 phrase_").hits.is_empty());
}

#[test]
fn non_ascii_phrases() {
    let m = matcher("Київ\tKyiv\nnaïve approach\tsimple approach\nstraße\troad\n東京 タワー\tTokyo Tower\n");
    let text = "Київ, не Київська. A naïve approach, a Naïve\u{a0}Approach; die Straße, die straße. 東京　タワー";
    assert_eq!(found(&m, text), ["Київ", "naïve approach", "Naïve\u{a0}Approach", "Straße", "straße", "東京　タワー"]);
    // Case folding is ASCII only: non-ASCII capitals must be listed as they are.
    assert_eq!(found(&m, "КИЇВ NAÏVE APPROACH STRASSE"), Vec::<&str>::new());
    // Inside longer words, in any script, nothing hits.
    assert_eq!(found(&m, "Київщина unnaïve approach straßen"), Vec::<&str>::new());
    // Decomposed accents are other bytes: not normalised, not matched.
    assert_eq!(found(&m, "nai\u{308}ve approach"), Vec::<&str>::new());
}

#[test]
fn invalid_utf8_names_the_line() {
    let err = load_err(b"# head\nok\tfine\nbad \xff phrase\tx\nmore\tok\n", 3, "not valid UTF-8");
    assert!(err.contains("offset 19"), "{err}");
    // A sequence cut at the end of the file, after a last line without a line end.
    load_err(b"ok\tfine\nlast\t\xe2\x80", 2, "not valid UTF-8");
    // Latin-1 in the first line.
    load_err(b"caf\xe9\tcoffee\n", 1, "not valid UTF-8");
}

#[test]
fn tabs_crs_and_byte_order_marks() {
    // BOM at the start, CRLF and LF mixed, a trailing tab (empty weight), empty note and flags,
    // blank lines of tabs and spaces, indented comments.
    let bytes = "\u{feff}# head\r\none two\torig\t\r\n\t\t\r\n   \n  # indented comment\nthree\tx\t2\t\t\r\nfour\ty\t1\tnote\tcase\n";
    let (list, _, _dir) = load("crlf.tsv", bytes.as_bytes());
    let list = list.unwrap();
    let got: Vec<(&str, &str, f32, usize)> =
        list.entries.iter().map(|e| (e.spun.as_str(), e.original.as_str(), e.weight, e.line)).collect();
    assert_eq!(got, [("one two", "orig", 1.0, 2), ("three", "x", 2.0, 6), ("four", "y", 1.0, 7)]);
    assert!(list.entries[2].case_sensitive);
    // A lone CR inside a phrase is white space; a BOM or soft hyphen inside is dropped.
    let (list, _, _dir) = load("cr.tsv", "one\rtwo\tx\nthr\u{feff}ee fo\u{ad}ur\ty\n".as_bytes());
    let spun: Vec<String> = list.unwrap().entries.into_iter().map(|e| e.spun).collect();
    assert_eq!(spun, ["one two", "three four"]);
    // Too many columns, and spaces where tabs should be.
    load_err(b"ok\tfine\na\tb\t1\tnote\tcase\textra\n", 2, "found 6");
    load_err(b"spun  original\n", 1, "separated by tabs, not spaces");
    // A BOM that is not at the start of the file is not a BOM but part of a line.
    load_err("ok\tfine\n\u{feff}\tx\n".as_bytes(), 2, "empty spun phrase");
    // CR-only line ends (old Mac files) make one long line, refused at line 1.
    load_err(b"a\tb\rc\td\re\tf\r", 1, "bad weight");
}

#[test]
fn duplicates_name_both_lines() {
    load_err(b"# c\nx y\tz\n\nX  Y\tw\n", 4, "duplicate entry \"X Y\" (first at line 2)");
    // The same phrase in other typography is the same entry.
    load_err("it\u{2019}s done\ta\nok\tb\nit's\u{a0}done\tc\n".as_bytes(), 3, "(first at line 1)");
    // Same flags in another order are the same entry too.
    load_err(b"Eu\ta\t1\t\tcase mid\nEu\tb\t1\t\tmid case\n", 2, "(first at line 1)");
    // Case-sensitive and case-insensitive spellings are different entries, not duplicates.
    let (list, _, _dir) = load("ok.tsv", b"Eu\tEuropean\t1\t\tcase\neu\tEuropean\n");
    assert_eq!(list.unwrap().entries.len(), 2);
}

#[test]
fn empty_and_comment_only_lists() {
    for bytes in [&b""[..], b"\n\n", b"# only a comment\n", "\u{feff}".as_bytes()] {
        let (list, _, _dir) = load("empty.tsv", bytes);
        let m = Matcher::new(vec![list.unwrap()]).unwrap();
        assert!(m.find(b"anything at all").is_empty());
    }
    // A phrase cannot start with `#`: the line is a comment.
    let (list, _, _dir) = load("hash.tsv", b"#1 hit\tnumber one hit\n");
    assert!(list.unwrap().entries.is_empty());
}
