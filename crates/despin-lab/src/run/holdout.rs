//! `despin eval holdout`: flagging and restoring tortured phrases that the detector never saw,
//! and false alarms on clean text.

use std::collections::HashSet;
use std::path::PathBuf;

use despin::rules::Wordlist;
use despin::{Config, Detector, Params};

use crate::holdout::{self, detector_from, holdout_part, read_rows, split_key, without, Part};

/// What `despin eval holdout` was asked.
#[derive(Debug, Clone)]
pub struct HoldoutOptions {
    /// The tortured-phrase list (tortured<TAB>expected).
    pub data: PathBuf,
    /// A folder of clean *.txt documents.
    pub brown: Option<PathBuf>,
    /// Evaluate on the development slice of the training part instead.
    pub dev: bool,
    /// Print the misses and the most frequent hits on clean text.
    pub misses: bool,
    /// Instead of the figures, show what the detector under test makes of these phrases.
    pub phrases: Vec<String>,
    /// Decoder parameters overridden, `NAME=VALUE`.
    pub params: Vec<String>,
    /// Start from the recall-tuned parameters.
    pub sensitive: bool,
}

/// The decoder parameters: the default or sensitive ones, with `NAME=VALUE` overrides.
pub fn parse_params(specs: &[String], sensitive: bool) -> Result<Params, String> {
    let mut p = if sensitive { Params::SENSITIVE } else { Params::DEFAULT };
    for spec in specs {
        let (k, v) = spec.split_once('=').ok_or_else(|| format!("--param {spec:?}: expected NAME=VALUE"))?;
        let f: f32 = v.parse().map_err(|_| format!("--param {spec:?}: not a number"))?;
        match k {
            "rho" => p.rho = f,
            "term" => p.term = f,
            "synonym" => p.synonym = f,
            "gain" => p.gain = f,
            "skip_top" => p.skip_top = f as usize,
            "strong" => p.strong = f,
            "rare" => p.rare = f,
            "rare_slope" => p.rare_slope = f,
            "neighbour" => p.neighbour = f,
            "relate" => p.relate = f,
            "relate_at" => p.relate_at = f,
            _ => return Err(format!("--param {spec:?}: unknown parameter")),
        }
    }
    Ok(p)
}

fn pct(a: usize, b: usize) -> String {
    format!("{:.1}%", 100.0 * a as f64 / b.max(1) as f64)
}

/// Runs the held-out evaluation and prints its report (Markdown) on standard output.
pub fn holdout(a: &HoldoutOptions) -> Result<(), String> {
    let params = parse_params(&a.params, a.sensitive)?;
    let text = std::fs::read_to_string(&a.data).map_err(|e| format!("{}: {e}", a.data.display()))?;
    let rows = read_rows(&text);
    let mut drop: HashSet<String> = HashSet::new();
    let mut test = Vec::new();
    for r in &rows {
        let held = holdout_part(&r.tortured, false) == Part::Test;
        let in_test = if a.dev { !held && holdout_part(&r.tortured, true) == Part::Test } else { held };
        if held || in_test {
            drop.insert(split_key(&r.tortured));
        }
        if in_test {
            test.push(r.clone());
        }
    }
    let lists = without(&Wordlist::defaults(), &drop);
    let kept: usize = lists.iter().map(|l| l.entries.len()).sum();
    let (detector, dict) = detector_from(lists, params);
    if !a.phrases.is_empty() {
        let mut config = Config::default().no_default_lists().dictionary(dict).suggestions(true);
        config.mode = despin::Mode::Infer(params);
        config.lists = without(&Wordlist::defaults(), &drop);
        let detector = Detector::new(config).map_err(|e| e.to_string())?;
        for p in &a.phrases {
            let r = detector.score("phrase", p.as_bytes());
            println!("{p}: {} hit(s)", r.hits.len());
            for h in &r.hits {
                println!("  {} -> {} [{} {}]", h.text, h.original, h.list, h.weight);
                for s in &h.suggestions {
                    println!("    {:.3} {}  ({})", s.score, s.text, s.evidence);
                }
            }
        }
        return Ok(());
    }
    let s = holdout::score_phrases(&detector, &test);
    println!(
        "## despin eval holdout{}{}",
        if a.dev { " --dev" } else { "" },
        if a.sensitive { " --sensitive" } else { "" }
    );
    println!();
    println!(
        "{} rows with a known expected phrase in {}; {} {} phrases; detector built from {} list entries \
         without them ({} spun words in the learned dictionary).",
        rows.len(),
        a.data.display(),
        test.len(),
        if a.dev { "development" } else { "held-out" },
        kept,
        detector.inferrer().map_or(0, |i| i.keys())
    );
    println!();
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| {} phrases flagged as spun | {} ({}/{}) |",
        if a.dev { "dev" } else { "held-out" },
        pct(s.flagged, s.phrases),
        s.flagged,
        s.phrases
    );
    println!("| top suggestion = expected phrase | {} ({}/{}) |", pct(s.restored, s.phrases), s.restored, s.phrases);
    println!("| flagged by a list entry (not held out) | {} |", pct(s.by_list, s.phrases));
    for (what, reach) in [
        (
            "expected phrase reachable word for word (learned dictionary, synonyms.tsv)",
            holdout::reachable(&dict, &test),
        ),
        ("reachable by the dictionary's phrases of several words too", holdout::reachable_by_phrases(&dict, &test)),
    ] {
        println!("| ceiling: {what} | {} ({reach}/{}) |", pct(reach, s.phrases), s.phrases);
    }
    if let Some(dir) = &a.brown {
        let c = holdout::score_clean(&detector, dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        println!(
            "| clean: hits per 10,000 words ({} docs, {} words) | {:.2} ({} inferred of {}) |",
            c.documents,
            c.words,
            1e4 * c.hits as f64 / c.words.max(1) as f64,
            c.inferred,
            c.hits
        );
        println!(
            "| clean: documents flagged as spun | {} ({}/{}) |",
            pct(c.flagged, c.documents),
            c.flagged,
            c.documents
        );
        // The clean side of phrases scanned alone: stretches of Brown as long as the test phrases.
        let lengths: Vec<usize> = test.iter().map(|r| r.tortured.split_whitespace().count()).collect();
        let clean = holdout::clean_phrases(dir, &lengths, holdout::CLEAN_PHRASE_SEED)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        let fp = holdout::flagged_alone(&detector, &clean);
        println!(
            "| clean: stretches of it as long as the test phrases, scanned alone, flagged | {} ({fp}/{}) |",
            pct(fp, clean.len()),
            clean.len()
        );
        println!(
            "| precision of flagging, test phrases and clean stretches one to one | {:.3} |",
            s.flagged as f64 / (s.flagged + fp).max(1) as f64
        );
        if a.misses {
            println!();
            println!("Most frequent hits on clean text:");
            for (h, n) in &c.top {
                println!("  {n:>4}  {h}");
            }
        }
    }
    if a.misses {
        println!();
        println!("Misses (tortured | expected | restored), * where the expected phrase is within the ceiling:");
        let reach = holdout::Reach::new(&dict);
        for (t, e, r) in &s.misses {
            let mark =
                if reach.by_phrases(&holdout::Row { tortured: t.clone(), expected: e.clone() }) { '*' } else { ' ' };
            println!("{mark} {t} | {e} | {r}");
        }
    }
    Ok(())
}
