//! Evaluation: how well despin finds and restores spun phrases it was never shown, and how
//! often it cries wolf on clean text.
//!
//! The held-out split is a fixed 20% of the tortured-phrase list, chosen by a seeded hash of
//! the normalised tortured phrase (so it does not depend on the order of the file, and a phrase
//! is held out or not wherever it appears). The detector under test is built without the
//! held-out phrases: they are taken out of every wordlist before the lists are compiled and
//! before the spinner's dictionary is learned from them.
//!
//! ```
//! use despin_lab::holdout::{holdout_part, Part};
//!
//! assert_eq!(holdout_part("counterfeit consciousness", false), holdout_part("Counterfeit  Consciousness", false));
//! let held = ["a b", "c d", "e f", "g h", "i j", "k l", "m n", "o p", "q r", "s t"]
//!     .iter().filter(|p| holdout_part(p, false) == Part::Test).count();
//! assert!(held < 10);
//! ```

use std::collections::HashSet;
use std::path::Path;

use despin::hits::INFERRED;
use despin::lang::Lexicon;
use despin::restore::rewrite;
use despin::rules::dictionary;
use despin::rules::wordlist::{normalise_phrase, Wordlist};
use despin::text::hash::Fnv1a;
use despin::text::words::words;
use despin::{Config, Detector, Params};

/// The seed of the held-out split. Changing it changes every published figure.
pub const HOLDOUT_SEED: &str = "despin-holdout-2025";
/// The seed of the development split inside the training part (`--dev`).
pub const DEV_SEED: &str = "despin-dev-2025";

/// Which part of the split a phrase belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Train,
    Test,
}

fn fnv(seed: &str, text: &str) -> u64 {
    let mut h = Fnv1a::new();
    h.write(seed.as_bytes());
    h.byte(0);
    h.write(text.as_bytes());
    let h = h.raw();
    h ^ (h >> 31)
}

/// The key a phrase is split by: normalised, lower case.
pub fn split_key(phrase: &str) -> String {
    normalise_phrase(phrase).to_lowercase()
}

/// The part of a tortured phrase: one in five is held out. With `dev`, the split is the one
/// inside the training part: a training phrase is `Test` when it falls in the development
/// slice (and held-out phrases are `Train`, so that callers still leave them out separately).
pub fn holdout_part(phrase: &str, dev: bool) -> Part {
    let key = split_key(phrase);
    let seed = if dev { DEV_SEED } else { HOLDOUT_SEED };
    if fnv(seed, &key).is_multiple_of(5) {
        Part::Test
    } else {
        Part::Train
    }
}

/// One row of the tortured-phrase list.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub tortured: String,
    pub expected: String,
}

/// Reads `tortured<TAB>expected` rows. The expected phrase is cleaned lightly: escapes undone,
/// trailing parenthesised notes and acronyms dropped; rows whose expected phrase is unknown
/// (`?`) or equal to the tortured one are skipped.
pub fn read_rows(text: &str) -> Vec<Row> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((t, e)) = line.split_once('\t') else { continue };
        let t = t.trim().replace("\\\"", "\"");
        let mut e = e.split('\t').next().unwrap_or("").trim().replace("\\\"", "\"").replace("\\&", "&");
        while e.ends_with(')') {
            match e.rfind(" (") {
                Some(i) => e = e[..i].trim().to_string(),
                None => break,
            }
        }
        if e.contains('?') || e.is_empty() || t.is_empty() || comparable(&t) == comparable(&e) {
            continue;
        }
        out.push(Row { tortured: t, expected: e });
    }
    out
}

/// A phrase reduced for comparison: lower case, letters and digits only, single spaces.
pub fn comparable(s: &str) -> String {
    words(s).join(" ")
}

/// The wordlists without the phrases of `drop` (split keys).
pub fn without(lists: &[Wordlist], drop: &HashSet<String>) -> Vec<Wordlist> {
    lists
        .iter()
        .map(|l| {
            let mut l = l.clone();
            l.entries.retain(|e| !drop.contains(&split_key(&e.spun)));
            l
        })
        .collect()
}

/// A detector built from `lists` alone: its dictionary is learned from them, not embedded.
/// Returns the learned dictionary too.
pub fn detector_from(lists: Vec<Wordlist>, params: Params) -> (Detector, Vec<dictionary::Mapping>) {
    let dict = dictionary::learn(&lists);
    let mut config = Config::default().no_default_lists().dictionary(dict.clone());
    config.mode = despin::Mode::Infer(params);
    // Phrases are scanned alone, as `restore --all` reads them: every hit, whatever the score.
    config.all_hits = true;
    config.lists = lists;
    (Detector::new(config).expect("wordlists compile"), dict)
}

/// Results on the held-out phrases.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhraseScore {
    pub phrases: usize,
    pub flagged: usize,
    pub restored: usize,
    pub by_list: usize,
    /// Up to a few misses, for looking at.
    pub misses: Vec<(String, String, String)>,
}

/// Scans each test row's tortured phrase on its own and checks the restoration.
pub fn score_phrases(detector: &Detector, rows: &[Row]) -> PhraseScore {
    let mut s = PhraseScore::default();
    for r in rows {
        s.phrases += 1;
        let report = detector.score("phrase", r.tortured.as_bytes());
        if report.hits.is_empty() {
            if s.misses.len() < 2000 {
                s.misses.push((r.tortured.clone(), r.expected.clone(), "(not flagged)".into()));
            }
            continue;
        }
        s.flagged += 1;
        s.by_list += usize::from(report.hits.iter().any(|h| h.list != INFERRED));
        let reps: Vec<(usize, usize, String)> =
            report.hits.iter().map(|h| (h.start, h.end, h.original.clone())).collect();
        let restored = String::from_utf8_lossy(&rewrite(r.tortured.as_bytes(), &reps)).into_owned();
        if comparable(&restored) == comparable(&r.expected) {
            s.restored += 1;
        } else if s.misses.len() < 2000 {
            s.misses.push((r.tortured.clone(), r.expected.clone(), restored));
        }
    }
    s
}

/// How many rows could be put back at all, word by word: the tortured and expected phrases
/// have as many words, and every word that differs has the expected one among its originals in
/// `dict` or among its synonyms (either way round) in `tables/synonyms.tsv`. A ceiling of
/// top-1 restoration for a decoder that reads one word for one word from these resources.
pub fn reachable(dict: &[dictionary::Mapping], rows: &[Row]) -> usize {
    let reach = Reach::new(dict);
    rows.iter().filter(|r| reach.word_for_word(r)).count()
}

/// How many rows could be put back by substitutions the resources hold, phrases of several
/// words included: every substitution of the row, aligned as [`dictionary::align`] aligns the
/// lists ("getting to know" / "learning"), is in `dict`, or is a pair of synonyms. The ceiling
/// of top-1 restoration for the decoder, which also reads the dictionary's phrases.
pub fn reachable_by_phrases(dict: &[dictionary::Mapping], rows: &[Row]) -> usize {
    let reach = Reach::new(dict);
    rows.iter().filter(|r| reach.by_phrases(r)).count()
}

/// The tests of [`reachable`] and [`reachable_by_phrases`], one row at a time.
pub struct Reach<'a> {
    known: HashSet<(&'a str, &'a str)>,
    lex: &'static Lexicon,
}

impl<'a> Reach<'a> {
    pub fn new(dict: &'a [dictionary::Mapping]) -> Reach<'a> {
        let known = dict.iter().map(|m| (m.spun.as_str(), m.original.as_str())).collect();
        Reach { known, lex: Lexicon::get() }
    }

    /// Whether the resources hold the substitution of `original` by `spun`.
    fn holds(&self, spun: &str, original: &str) -> bool {
        self.known.contains(&(spun, original))
            || self.lex.synonyms(spun).any(|x| x == original)
            || self.lex.synonyms(original).any(|x| x == spun)
    }

    /// See [`reachable`].
    pub fn word_for_word(&self, r: &Row) -> bool {
        let (t, e) = (words(&r.tortured), words(&r.expected));
        t.len() == e.len() && t.iter().zip(&e).all(|(a, b)| a == b || self.holds(a, b))
    }

    /// See [`reachable_by_phrases`].
    pub fn by_phrases(&self, r: &Row) -> bool {
        if self.word_for_word(r) {
            return true;
        }
        let subs = dictionary::align(&r.tortured, &r.expected);
        // The words left unchanged, counted on either side, must agree: the alignment leaves
        // out chunks too long to pair, and a row it says nothing of is not reachable. (A word
        // kept between two added ones is counted in both substitutions: hence signed counts.)
        let kept = |phrase: &str, sub_words: usize| words(phrase).len() as isize - sub_words as isize;
        !subs.is_empty()
            && subs.iter().all(|(a, b)| self.holds(a, b))
            && kept(&r.tortured, subs.iter().map(|(a, _)| a.split(' ').count()).sum())
                == kept(&r.expected, subs.iter().map(|(_, b)| b.split(' ').count()).sum())
    }
}

/// Results on clean documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CleanScore {
    pub documents: usize,
    pub words: usize,
    pub hits: usize,
    pub inferred: usize,
    pub flagged: usize,
    /// The most frequent hits, for looking at.
    pub top: Vec<(String, usize)>,
}

/// The `*.txt` files of a folder, sorted by name.
fn txt_files(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    Ok(files)
}

/// The seed of the draw of clean stretches in [`clean_phrases`].
pub const CLEAN_PHRASE_SEED: u64 = 2025;

/// Stretches of clean text, one as long (in words) as each of `lengths`, drawn with `seed` from
/// the clauses (text between punctuation) of the `*.txt` files of `dir`: the clean side of
/// flagging phrases scanned alone. A length that no clause reaches is skipped.
pub fn clean_phrases(dir: &Path, lengths: &[usize], seed: u64) -> std::io::Result<Vec<String>> {
    let mut clauses: Vec<Vec<String>> = Vec::new();
    for f in txt_files(dir)? {
        let text = String::from_utf8_lossy(&std::fs::read(&f)?).into_owned();
        for clause in text.split(|c: char| ".,;:!?()[]{}\"`\n".contains(c)) {
            let words: Vec<String> = clause.split_whitespace().map(str::to_string).collect();
            if !words.is_empty() {
                clauses.push(words);
            }
        }
    }
    let mut rng = crate::rng::Rng::new(seed);
    let mut out = Vec::with_capacity(lengths.len());
    if clauses.is_empty() {
        return Ok(out);
    }
    for &len in lengths {
        let len = len.max(1);
        for _ in 0..10_000 {
            let c = &clauses[rng.below(clauses.len())];
            if c.len() >= len {
                let at = rng.below(c.len() - len + 1);
                out.push(c[at..at + len].join(" "));
                break;
            }
        }
    }
    Ok(out)
}

/// How many of `phrases`, each scanned alone, have a hit.
pub fn flagged_alone(detector: &Detector, phrases: &[String]) -> usize {
    phrases.iter().filter(|p| !detector.score("phrase", p.as_bytes()).hits.is_empty()).count()
}

/// Scans every `*.txt` file of a folder (sorted by name).
pub fn score_clean(detector: &Detector, dir: &Path) -> std::io::Result<CleanScore> {
    let files = txt_files(dir)?;
    let mut s = CleanScore::default();
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for f in files {
        let text = std::fs::read(&f)?;
        let r = detector.score(&f.display().to_string(), &text);
        s.documents += 1;
        s.words += r.words;
        s.hits += r.hits.len();
        s.inferred += r.features.inferred;
        s.flagged += usize::from(r.spun);
        for h in &r.hits {
            *counts.entry(format!("{} -> {}", h.text.to_lowercase(), h.original.to_lowercase())).or_insert(0) += 1;
        }
    }
    let mut top: Vec<(String, usize)> = counts.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(30);
    s.top = top;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_about_a_fifth_and_stable() {
        let rows = read_rows(despin::rules::wordlist::DEFAULT_LISTS[1].1);
        let test = rows.iter().filter(|r| holdout_part(&r.tortured, false) == Part::Test).count();
        let share = test as f64 / rows.len().max(1) as f64;
        assert!(rows.is_empty() || (0.15..0.25).contains(&share), "{share}");
        assert_eq!(holdout_part("image acknowledgment", false), holdout_part(" Image  acknowledgment ", false));
    }

    #[test]
    fn reachable_counts_rows_that_can_be_put_back_word_for_word() {
        let dict = [dictionary::Mapping { spun: "relapse".into(), original: "regression".into(), count: 3 }];
        let row = |t: &str, e: &str| Row { tortured: t.into(), expected: e.into() };
        // By the dictionary; by the synonyms table ("picture" and "image" are WordNet synonyms);
        // a word neither knows; a different number of words.
        assert_eq!(reachable(&dict, &[row("relapse strategies", "regression strategies")]), 1);
        assert_eq!(reachable(&dict, &[row("picture processing", "image processing")]), 1);
        assert_eq!(reachable(&dict, &[row("force lattice", "power qwxz")]), 0);
        assert_eq!(reachable(&dict, &[row("getting to know rate", "learning rate")]), 0);
        // The dictionary's phrases of several words count in the looser ceiling, and only they.
        let dict = [
            dictionary::Mapping { spun: "getting to know".into(), original: "learning".into(), count: 2 },
            dictionary::Mapping { spun: "relapse".into(), original: "regression".into(), count: 3 },
        ];
        let rows = [
            row("getting to know rate", "learning rate"),
            row("relapse strategies", "regression strategies"),
            row("getting to know qwxz", "learning power"),
            row("beginning to know rate", "learning rate"),
        ];
        assert_eq!(reachable(&dict, &rows), 1);
        assert_eq!(reachable_by_phrases(&dict, &rows), 2);
        // Words added on both sides of a kept one, which both substitutions count.
        let added = |spun: &str| dictionary::Mapping { spun: spun.into(), original: "bodies".into(), count: 1 };
        let dict = [added("our bodies"), added("bodies our")];
        assert_eq!(reachable_by_phrases(&dict, &[row("our bodies our", "bodies")]), 1);
    }

    #[test]
    fn clean_phrases_are_seeded_stretches_of_clauses_of_the_asked_lengths() {
        let dir = std::env::temp_dir().join(format!("despin-eval-clean-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.txt"), "One two three four, five six.\nSeven eight nine ten eleven; twelve")
            .unwrap();
        std::fs::write(dir.join("b.md"), "not read at all because of its name").unwrap();
        let lengths = [2, 3, 1, 5, 9];
        let got = clean_phrases(&dir, &lengths, 7).unwrap();
        assert_eq!(got, clean_phrases(&dir, &lengths, 7).unwrap());
        // No clause has nine words: that length is skipped.
        assert_eq!(got.iter().map(|p| p.split(' ').count()).collect::<Vec<_>>(), vec![2, 3, 1, 5]);
        let clauses = ["One two three four", "five six", "Seven eight nine ten eleven", "twelve"];
        assert!(got.iter().all(|p| clauses.iter().any(|c| c.contains(p.as_str()))), "{got:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn rows_are_cleaned() {
        let rows = read_rows("# c\nbrain organization\tneural network (nn)\nx y\t???\nsame\tsame\n");
        assert_eq!(rows, vec![Row { tortured: "brain organization".into(), expected: "neural network".into() }]);
    }
}
