//! The seed articles beside the repository (`../shared/seeds`): 002 is a real spun article, the
//! other four are clean news on the same event (000 and 004 are clumsy translations, and must not
//! be flagged either). Where the seeds are not there, these tests are ignored, with the reason;
//! in CI (`CI=true`) their absence fails `the_seeds_are_there_in_ci`.

mod common;

use assert_cmd::Command;
use serde_json::Value;

const NO_SEEDS: &str = "needs the seed articles at ../shared/seeds (or $DESPIN_SEEDS)";

#[test]
fn the_seeds_are_there_in_ci() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(!ci || cfg!(seeds), "CI must have the seed articles: {NO_SEEDS}");
}

#[test]
#[cfg_attr(not(seeds), ignore = "needs the seed articles at ../shared/seeds (or $DESPIN_SEEDS)")]
fn no_default_entry_matches_the_clean_seeds() {
    let detector = despin::Detector::new(despin::Config::default()).unwrap();
    let clean: Vec<_> = common::seeds().into_iter().filter(|(_, spun)| !spun).map(|(p, _)| p).collect();
    assert_eq!(clean.len(), 4);
    let mut found = Vec::new();
    for path in clean {
        let report = detector.score(&path.display().to_string(), &std::fs::read(&path).unwrap());
        found.extend(report.hits.iter().map(|h| format!("{}:{}:{}: {:?}", report.id, h.line, h.col, h.text)));
    }
    assert!(found.is_empty(), "false positives in the clean seeds:\n{}", found.join("\n"));
}

#[test]
#[cfg_attr(not(seeds), ignore = "needs the seed articles at ../shared/seeds (or $DESPIN_SEEDS)")]
fn the_spun_seed_scores_high_and_the_clean_ones_low() {
    let seeds = common::seeds();
    let out = Command::cargo_bin("despin")
        .unwrap()
        .args(["scan", "-q", "--format", "jsonl"])
        .args(seeds.iter().map(|(p, _)| p))
        .output()
        .unwrap();
    assert!(out.status.success());
    let docs: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(docs.len(), 5);
    for ((path, spun), doc) in seeds.iter().zip(&docs) {
        let score = doc["score"].as_f64().unwrap();
        if *spun {
            assert!(score >= 0.9, "{} scores {score}, expected at least 0.9", path.display());
            // The three phrases the project started from, each with its original.
            let hits: Vec<(&str, &str)> = doc["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| (h["text"].as_str().unwrap(), h["original"].as_str().unwrap()))
                .collect();
            for (phrase, original) in [
                ("3rd spherical", "third round"),
                ("Would possibly", "May"),
                ("our bodies of squaddies", "bodies of soldiers"),
            ] {
                assert!(
                    hits.iter().any(|(t, o)| t.contains(phrase) && o.contains(original)),
                    "{phrase:?} -> {original:?} not found in {}: {hits:?}",
                    path.display()
                );
            }
        } else {
            assert!(score <= 0.1, "{} scores {score}, expected at most 0.1", path.display());
            assert_eq!(doc["spun"], false);
        }
    }
}

/// Whether `phrase` occurs in `text` as whole words, in the same letter case ("Would possibly"
/// opens a sentence; "would possibly" elsewhere is another phrase of the key).
fn has(text: &str, phrase: &str) -> bool {
    common::has_words(text, phrase)
}

#[test]
#[cfg_attr(not(seeds), ignore = "needs the seed articles at ../shared/seeds (or $DESPIN_SEEDS)")]
fn restore_puts_back_the_hand_identified_phrases_of_the_spun_seed() {
    let (path, _) = common::seeds().into_iter().find(|(_, spun)| *spun).expect("seed 002");
    let key = std::fs::read_to_string(common::data("restore/seed002.tsv")).unwrap();
    let pairs: Vec<(&str, &str)> = key
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once('\t').unwrap())
        .collect();
    let text = std::fs::read_to_string(&path).unwrap();
    let restored_with = |extra: &[&str]| -> Vec<&str> {
        let out = Command::cargo_bin("despin").unwrap().arg("restore").args(extra).arg(&path).output().unwrap();
        assert!(out.status.success());
        let restored = String::from_utf8(out.stdout).unwrap();
        let mut ok = Vec::new();
        for (spun, original) in &pairs {
            assert!(has(&text, spun), "the key's {spun:?} is not in the seed");
            if !has(&restored, spun) && has(&restored, original) {
                ok.push(*spun);
            }
        }
        ok
    };
    let sensitive = restored_with(&["--sensitive"]);
    eprintln!("seed 002, restore --sensitive: {} of {} restored", sensitive.len(), pairs.len());
    let ok = restored_with(&[]);
    eprintln!("seed 002: {} of {} hand-identified spun phrases restored", ok.len(), pairs.len());
    for must in ["3rd spherical", "Would possibly", "our bodies of squaddies"] {
        assert!(ok.contains(&must), "{must} not restored");
    }
    // The issue asks for 80%; README says where it stands and why. This floor guards what works.
    assert!(ok.len() >= 84, "restored {} of {}: {ok:?}", ok.len(), pairs.len());
    assert!(sensitive.len() >= ok.len(), "--sensitive restored fewer: {sensitive:?}");
}

#[test]
#[cfg_attr(not(seeds), ignore = "needs the seed articles at ../shared/seeds (or $DESPIN_SEEDS)")]
fn restore_never_rewrites_a_name_or_a_headline_of_the_seeds() {
    let restore = |path: &std::path::Path, args: &[&str]| -> String {
        let out = Command::cargo_bin("despin").unwrap().arg("restore").args(args).arg(path).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    for (path, spun) in common::seeds() {
        let text = std::fs::read_to_string(&path).unwrap();
        let out = restore(&path, &["--all", "--sensitive"]);
        // "Trump -> Best" on seed 001 and "LATEST -> IN" on seed 003, once.
        for name in ["Trump", "LATEST", "Putin", "Zelensky", "Istanbul"] {
            assert_eq!(out.matches(name).count(), text.matches(name).count(), "{}: {name}", path.display());
        }
        if spun {
            let out = restore(&path, &[]);
            assert!(out.contains("taking Trump ") && !out.contains("Action home"), "taking Trump severely");
            assert!(out.contains("secondary sanctions"), "secondary sanctions");
        } else {
            assert_eq!(restore(&path, &[]), text, "{}: a clean seed passes byte for byte", path.display());
        }
    }
}
