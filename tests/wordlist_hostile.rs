//! Hostile wordlists: phrases full of regex metacharacters, phrases at and over the length
//! limit, tens of thousands of entries, non-ASCII phrases, broken encodings, tabs, CRs, byte
//! order marks and duplicates. Each loads and matches as written, or fails with a message that
//! names the file and line.

use std::path::PathBuf;
use std::time::Instant;

use despin::matcher::Matcher;
use despin::scanner::Scanner;
use despin::wordlist::{Wordlist, WordlistError, MAX_PHRASE_BYTES};

/// Writes `bytes` to a file in a fresh folder and loads it as a wordlist.
fn load(name: &str, bytes: &[u8]) -> (Result<Wordlist, WordlistError>, PathBuf, tempfile::TempDir) {
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

fn matcher(tsv: &str) -> Matcher {
    Matcher::new(vec![Wordlist::parse("t", "t.tsv", tsv).unwrap()]).unwrap()
}

fn found<'t>(m: &Matcher, text: &'t str) -> Vec<&'t str> {
    m.find(text.as_bytes()).iter().map(|h| &text[h.start..h.end]).collect()
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
    let t = Instant::now();
    let (list, _, _dir) = load("big.tsv", tsv.as_bytes());
    let list = list.unwrap();
    let parsed = t.elapsed();
    assert_eq!(list.entries.len(), N);
    let t = Instant::now();
    let scanner = Scanner::new(vec![list]).unwrap();
    let built = t.elapsed();
    eprintln!("50,000 entries: parsed in {parsed:?}, matcher built in {built:?} (debug builds are far slower)");

    // A document with every 997th phrase, in mixed case and typography, between filler.
    let picks: Vec<usize> = (0..N).step_by(997).collect();
    let mut doc = String::new();
    for &i in &picks {
        doc.push_str("some filler, ");
        doc.push_str(&phrase(i).to_uppercase().replacen(' ', "\u{a0}\r\n", 1));
        doc.push_str(". ");
    }
    let t = Instant::now();
    let report = scanner.scan("big", doc.as_bytes());
    eprintln!("scanned {} bytes in {:?}", doc.len(), t.elapsed());
    let got: Vec<String> = report.hits.iter().map(|h| h.original.clone()).collect();
    let want: Vec<String> = picks.iter().map(|i| format!("ORIG {i}")).collect();
    assert_eq!(got, want);
    // Nor inside longer words.
    assert!(scanner.scan("x", b"w1 spun7 phrases, xw1 spun7 phrase, w1 spun7 phrase_").hits.is_empty());
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
