//! The lab: the spinner, the split, the fitter and the metrics. (The reports themselves run in
//! the CLI's tests of `despin eval`.)

#[path = "../../../tests/common/mod.rs"]
mod common;

use std::collections::{HashMap, HashSet};

use despin::infer::profile::Substitution;
use despin::rules::Wordlist;
use despin::score::{Features, Model};
use despin::text::case::match_case as with_case;
use despin_lab::calibrate::FitOptions;
use despin_lab::fit::fit;
use despin_lab::holdout::{holdout_part, read_rows, split_key, without, Part};
use despin_lab::metrics::{auc, metrics};
use despin_lab::rng::Rng;
use despin_lab::run::calibration::{model_source, shipped_model, CalibrateOptions};
use despin_lab::samples::{chunks, excerpts, halves, Half, CALIBRATION_SEED};
use despin_lab::spinner::Spinner;

/// A long text of ordinary English (the clean fixtures, repeated).
fn long_text() -> String {
    let one: String = common::clean_fixtures().iter().map(|p| std::fs::read_to_string(p).unwrap() + "\n").collect();
    one.repeat(20)
}

#[test]
fn the_thesaurus_spinner_is_deterministic_and_keeps_to_its_share() {
    let spinner = Spinner::thesaurus("wordnet", despin_lab::spinner::WORDNET);
    let text = long_text();
    for share in [0.05, 0.1, 0.2] {
        let a = spinner.spin(&text, share, 42);
        let b = spinner.spin(&text, share, 42);
        assert_eq!(a, b, "same seed, same output");
        assert!(a.eligible > 2000, "{} eligible words", a.eligible);
        let changed = a.changed as f64 / a.words as f64;
        assert!((changed - share).abs() < 0.01 + share * 0.1, "share {share}: {changed}");
        assert_ne!(a.text, spinner.spin(&text, share, 43).text, "another seed, another output");
    }
    let none = spinner.spin(&text, 0.0, 1);
    assert_eq!((none.text.as_str(), none.changed), (text.as_str(), 0));
}

#[test]
fn the_spinner_swaps_words_only_and_keeps_their_case() {
    let spinner = Spinner::thesaurus("t", "round\tspherical\nwar\tconflict\n");
    let out = spinner.spin("Round 3: the WAR, round-up; don't round2 war's.\n", 1.0, 9);
    assert_eq!(out.text, "Spherical 3: the CONFLICT, spherical-up; don't round2 war's.\n");
    assert_eq!((out.changed, out.eligible), (3, 3));
    assert_eq!(with_case("May", "would possibly"), "Would possibly");
    assert_eq!(with_case("US", "usa"), "USA");
    assert_eq!(with_case("a", "one"), "one");
}

#[test]
fn the_dictionary_spinner_always_writes_the_same_replacement() {
    // "system" was spun as "framework" 45 times, "scheme" twice; a substitution seen once is noise.
    let subs = [
        sub("system", "framework", 45),
        sub("system", "scheme", 2),
        sub("data", "information", 34),
        sub("war", "battle", 1),
    ];
    let spinner = Spinner::dictionary("d", &subs);
    assert_eq!(spinner.len(), 2);
    let text = "The system and the data. A system, a System, data and SYSTEM in war.";
    let out = spinner.spin(text, 1.0, 5);
    // Within a document a word is always rewritten the same way.
    let first = if out.text.contains("framework") { "framework" } else { "scheme" };
    let title = format!("{}{}", first[..1].to_uppercase(), &first[1..]);
    let want = format!(
        "The {first} and the information. A {first}, a {title}, information and {} in war.",
        first.to_uppercase()
    );
    assert_eq!(out.text, want);
    // At a lower strength, a word is either always rewritten or never, within a document.
    let text = "system data ".repeat(50);
    for seed in 0..20 {
        let out = spinner.spin(&text, 0.5, seed);
        let words: HashSet<&str> = out.text.split_whitespace().collect();
        assert_eq!(words.len(), 2, "{words:?}");
    }
    // The lab's spinners, each with tables that hold something.
    let all = Spinner::all();
    assert_eq!(all.iter().map(|s| s.name()).collect::<Vec<_>>(), ["wordnet", "moby", "dictionary", "real"]);
    assert!(all.iter().all(|s| s.len() > 150), "{:?}", all.iter().map(|s| s.len()).collect::<Vec<_>>());
}

fn sub(original: &str, spun: &str, count: u32) -> Substitution {
    Substitution { original: original.into(), spun: spun.into(), count }
}

#[test]
fn chunks_keep_lines_whole_and_lengths_in_bounds() {
    let text: String = (0..400).map(|i| format!("Line {i} has exactly seven words here.\n")).collect();
    let mut rng = Rng::new(3);
    let parts = chunks(&text, &mut rng, 300, 800);
    assert_eq!(parts.concat(), text);
    for p in &parts {
        let n = p.split_whitespace().count();
        assert!((300..=807 + 300).contains(&n), "{n}");
    }
    assert!(parts.len() >= 3);
    assert_eq!(parts, chunks(&text, &mut Rng::new(3), 300, 800));
    assert_eq!(chunks("a few words\n", &mut Rng::new(3), 300, 800), vec!["a few words\n".to_string()]);
}

#[test]
fn the_split_is_by_document_deterministic_disjoint_and_balanced() {
    let names: Vec<String> =
        ["ca", "cb", "cj", "cr"].iter().flat_map(|g| (1..=21).map(move |i| format!("{g}{i:02}"))).collect();
    let h = halves(&names, CALIBRATION_SEED);
    assert_eq!(h, halves(&names, CALIBRATION_SEED));
    // Independent of the order of the names.
    let mut rev = names.clone();
    rev.reverse();
    let hr = halves(&rev, CALIBRATION_SEED);
    let by_name: HashMap<&String, Half> = rev.iter().zip(hr).collect();
    assert!(names.iter().zip(&h).all(|(n, x)| by_name[n] == *x));
    // Balanced within a document per genre.
    for g in ["ca", "cb", "cj", "cr"] {
        let tune = names.iter().zip(&h).filter(|(n, x)| n.starts_with(g) && **x == Half::Tune).count();
        assert!(tune == 10 || tune == 11, "{g}: {tune}");
    }
    assert_ne!(h, halves(&names, "another seed"));

    // Every excerpt of a document is on its document's side.
    let sources: Vec<(String, String, String)> = names
        .iter()
        .take(6)
        .map(|n| {
            (
                "brown".to_string(),
                n.clone(),
                (0..300).map(|i| format!("The war of {n} went on for round {i}.\n")).collect(),
            )
        })
        .collect();
    let data = excerpts(&sources, (280, 320), "s");
    let mut side: HashMap<&str, Half> = HashMap::new();
    for c in &data {
        assert_eq!(*side.entry(&c.source).or_insert(c.half), c.half, "{}", c.id);
    }
    let tune: HashSet<&str> = data.iter().filter(|c| c.half == Half::Tune).map(|c| c.source.as_str()).collect();
    let test: HashSet<&str> = data.iter().filter(|c| c.half == Half::Test).map(|c| c.source.as_str()).collect();
    assert!(tune.is_disjoint(&test) && !tune.is_empty() && !test.is_empty());
    assert_eq!(data, excerpts(&sources, (280, 320), "s"));
}

#[test]
fn the_fitter_recovers_known_coefficients() {
    let truth = [-1.0, 2.0, -0.5];
    let mut rng = Rng::new(11);
    let n = 40_000;
    let x: Vec<Vec<f64>> = (0..n).map(|_| vec![rng.unit() * 4.0 - 2.0, rng.unit() * 6.0 - 3.0]).collect();
    let y: Vec<bool> = x
        .iter()
        .map(|r| {
            let z = truth[0] + truth[1] * r[0] + truth[2] * r[1];
            rng.unit() < 1.0 / (1.0 + (-z).exp())
        })
        .collect();
    let w = vec![1.0; n];
    let b = fit(&x, &y, &w, 1e-6, &[None, None, None]);
    for (got, want) in b.iter().zip(truth) {
        assert!((got - want).abs() < 0.1, "{b:?}");
    }
    // A coefficient held stays put, and the others adjust.
    let b = fit(&x, &y, &w, 1e-6, &[None, Some(2.0), None]);
    assert_eq!(b[1], 2.0);
    assert!((b[0] + 1.0).abs() < 0.1 && (b[2] + 0.5).abs() < 0.1, "{b:?}");
    // Weights act as repeated rows: doubling the weight of the positives moves the intercept
    // by ln 2 and leaves the slopes.
    let w2: Vec<f64> = y.iter().map(|&l| if l { 2.0 } else { 1.0 }).collect();
    let b2 = fit(&x, &y, &w2, 1e-6, &[None, None, None]);
    let b1 = fit(&x, &y, &w, 1e-6, &[None, None, None]);
    assert!((b2[0] - b1[0] - 2f64.ln()).abs() < 0.02, "{b1:?} {b2:?}");
    assert!((b2[1] - b1[1]).abs() < 0.02);
}

#[test]
fn auc_and_metrics_on_a_small_example() {
    // Positives 0.9, 0.6, 0.4; negatives 0.7, 0.4, 0.1: of 9 pairs, 6 won, 1 tie, 2 lost.
    let scores = [0.9, 0.6, 0.4, 0.7, 0.4, 0.1];
    let labels = [true, true, true, false, false, false];
    assert!((auc(&scores, &labels) - 6.5 / 9.0).abs() < 1e-12);
    assert_eq!(auc(&[0.2, 0.8], &[false, true]), 1.0);
    assert_eq!(auc(&[0.2, 0.8], &[true, false]), 0.0);
    assert_eq!(auc(&[0.5, 0.5], &[true, false]), 0.5);
    assert_eq!(auc(&[0.5, 0.6], &[true, true]), 0.5);
    let m = metrics(&scores, &labels, 0.5);
    assert_eq!((m.true_positives, m.false_positives, m.positives, m.negatives), (2, 1, 3, 3));
    assert!((m.precision - 2.0 / 3.0).abs() < 1e-12);
    assert!((m.recall - 2.0 / 3.0).abs() < 1e-12);
    assert!((m.f1 - 2.0 / 3.0).abs() < 1e-12);
    assert!((m.false_positive_rate - 1.0 / 3.0).abs() < 1e-12);
    let none = metrics(&scores, &labels, 0.95);
    assert_eq!((none.precision, none.recall, none.f1), (1.0, 0.0, 0.0));
}

#[test]
fn the_model_is_its_coefficients() {
    let m = Model::DEFAULT;
    assert_eq!(Model::new(m.coefficients(), m.knots, m.threshold), m);
    let f = Features {
        words: 900,
        hits: 12,
        weighted: 20.0,
        distinct: 9,
        missing: 3.5,
        profile: 40.0,
        profile_words: 5,
        ..Features::default()
    };
    let c = m.coefficients();
    // Each input counts above its knot.
    let hinged: Vec<f64> = Model::inputs(&f).iter().zip(&m.knots).map(|(x, k)| (x - k).max(0.0)).collect();
    assert_eq!(hinged, m.hinged(&f).to_vec());
    let z: f64 = c[0] + hinged.iter().zip(&c[1..]).map(|(x, b)| x * b).sum::<f64>();
    assert!((m.probability(&f) - 1.0 / (1.0 + (-z).exp())).abs() < 1e-12);
    // Without inference the inputs of inference are 0.
    let lists = Features { missing: 0.0, profile: 0.0, profile_words: 0, ..f };
    assert!(Model::inputs(&lists)[2..].iter().all(|&x| x == 0.0), "{:?}", Model::inputs(&lists));
}

#[test]
fn holdout_split_is_deterministic_and_kept_out_of_the_detector() {
    // The rows of the science list, which is made from the tortured-phrase list (so its split is
    // the split of that list's rows).
    let rows = read_rows(despin::rules::wordlist::DEFAULT_LISTS[1].1);
    assert!(rows.len() > 5000, "{}", rows.len());
    let split = || -> HashSet<String> {
        rows.iter().filter(|r| holdout_part(&r.tortured, false) == Part::Test).map(|r| split_key(&r.tortured)).collect()
    };
    let held = split();
    assert_eq!(held, split());
    let share = held.len() as f64 / rows.len() as f64;
    assert!((0.17..0.23).contains(&share), "{share}");
    let lists = without(&Wordlist::defaults(), &held);
    for l in &lists {
        assert!(l.entries.iter().all(|e| !held.contains(&split_key(&e.spun))));
    }
    // The dictionary of the evaluated detector is learned from those lists only.
    let dict = despin::rules::dictionary::learn(&lists);
    let full = despin::rules::dictionary::learn(&Wordlist::defaults());
    assert!(dict.len() < full.len());
}

#[test]
fn the_shipped_model_is_what_the_calibration_fits() {
    // Model::DEFAULT is pasted from `despin eval calibrate`; fit it again on the same data and
    // compare, so that a change to the detector, the lists or the lab cannot leave it stale.
    let opts = CalibrateOptions {
        command: "test".into(),
        brown: common::brown_dir().to_path_buf(),
        nlp: Some(common::nlp_dir().to_path_buf()),
        config: despin::Config::default(),
        fit: FitOptions::default(),
        seeds: common::root().join("../shared/seeds"),
        fixtures: common::fixture(""),
        svg: None,
        features: None,
    };
    let fitted = shipped_model(&opts).unwrap();
    let shipped = Model::DEFAULT;
    let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.0015);
    assert!(
        close(&fitted.coefficients, &shipped.coefficients) && close(&fitted.knots, &shipped.knots),
        "Model::DEFAULT is stale; the calibration now fits\n{}",
        model_source(&fitted, "despin eval calibrate")
    );
    assert_eq!(fitted.threshold, shipped.threshold);
}

/// The held-out spinner of `eval calibrate` ("moby-unseen") must be one the detector has never
/// seen: none of its swaps is a pair of the thesaurus the detector loads, either way round, nor
/// a substitution of its dictionary or of the real spinners'. If the detector came to load that
/// spinner's pairs (tuned on it), its rows would stop measuring generalisation, and this fails.
#[test]
fn the_held_out_spinner_writes_no_swap_the_detector_knows() {
    let known: HashSet<(String, String)> = despin::lang::lexicon::SYNONYMS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .flat_map(|(w, syns)| {
            syns.split_whitespace()
                .flat_map(move |x| [(w.to_lowercase(), x.to_lowercase()), (x.to_lowercase(), w.to_lowercase())])
        })
        .collect();
    let dictionary: HashSet<(String, String)> = despin_lab::calibrate::known_substitutions()
        .into_iter()
        .map(|s| (s.original.to_lowercase(), s.spun.to_lowercase()))
        .collect();
    let unseen = Spinner::unseen(
        despin_lab::spinner::UNSEEN,
        despin_lab::spinner::MOBY,
        despin::lang::lexicon::SYNONYMS,
        &despin_lab::calibrate::known_substitutions(),
    );
    let text = long_text();
    let spun = unseen.spin(&text, 0.2, 7);
    assert!(spun.changed > 500, "the held-out spinner rewrote {} words", spun.changed);
    assert_eq!(spun.subs.len(), spun.changed);
    let mut seen = Vec::new();
    for (start, end, original) in &spun.subs {
        let pair = (original.to_lowercase(), spun.text[*start..*end].to_lowercase());
        if known.contains(&pair) || dictionary.contains(&pair) {
            seen.push(pair);
        }
    }
    assert!(seen.is_empty(), "{} swaps the detector knows: {:?}", seen.len(), &seen[..seen.len().min(10)]);
}
