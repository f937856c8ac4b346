//! `despin eval restore`: how well restoring puts back what spinners changed, and what it does
//! to clean text. Markdown on standard output.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use despin::restore::RestoreParams;
use despin::{Config, Detector, Rewrite, Wordlist};

use crate::calibrate::read_texts;
use crate::restoring::{real_spins_cv, score_key, score_spun};
use crate::rng::Rng;
use crate::samples::chunks;
use crate::spinner::{Spin, Spinner};

/// What `despin eval restore` was asked.
#[derive(Debug, Clone)]
pub struct RestoreOptions {
    /// The spun seed article and its hand key, when there.
    pub seed: Option<PathBuf>,
    pub key: PathBuf,
    /// Clean *.txt documents: checked unchanged, and spun by the lab's spinners.
    pub brown: Option<PathBuf>,
    /// `NAME=VALUE` overrides of [`RestoreParams`].
    pub params: Vec<String>,
    /// Print the misses.
    pub misses: bool,
}

/// The restoring parameters, with `NAME=VALUE` overrides.
pub fn parse_restore_params(specs: &[String]) -> Result<RestoreParams, String> {
    let mut p = RestoreParams::DEFAULT;
    for spec in specs {
        let (k, v) = spec.split_once('=').ok_or_else(|| format!("--param {spec:?}: expected NAME=VALUE"))?;
        let f: f32 = v.parse().map_err(|_| format!("--param {spec:?}: not a number"))?;
        match k {
            "rho" => p.rho = f,
            "corpus_words" => p.corpus_words = f,
            "kept" => p.kept = f,
            "thesaurus" => p.thesaurus = f,
            "decoder" => p.decoder = f,
            "vector" => p.vector = f,
            "max_vectors" => p.max_vectors = f as usize,
            "min_cosine" => p.min_cosine = f,
            "as_written" => p.as_written = f,
            "posterior" => p.posterior = f,
            "unknown" => p.unknown = f,
            "common" => p.common = f,
            "max_synonyms" => p.max_synonyms = f as usize,
            "term" => p.term = f,
            "passes" => p.passes = f as usize,
            _ => return Err(format!("--param {spec:?}: unknown parameter")),
        }
    }
    Ok(p)
}

fn pct(a: usize, b: usize) -> String {
    format!("{:.1}% ({a}/{b})", 100.0 * a as f64 / b.max(1) as f64)
}

/// Runs the evaluation and prints its report.
pub fn restore(a: &RestoreOptions) -> Result<(), String> {
    let params = parse_restore_params(&a.params)?;
    let config = Config { restore: params, ..Config::default() };
    let detector = Detector::new(config).map_err(|e| e.to_string())?;
    println!("## despin eval restore\n");
    if !a.params.is_empty() {
        println!("Parameters: {}\n", a.params.join(" "));
    }
    println!("| measure | value |\n|---|---|");
    if let Some(seed) = &a.seed {
        let text = std::fs::read_to_string(seed).map_err(|e| format!("{}: {e}", seed.display()))?;
        let key_text = std::fs::read_to_string(&a.key).map_err(|e| format!("{}: {e}", a.key.display()))?;
        let key: Vec<(String, String)> = key_text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t').map(|(s, o)| (s.to_string(), o.to_string())))
            .collect();
        let k = score_key(&detector, &text, &key);
        println!("| seed 002: hand-identified spun phrases restored | {} |", pct(k.restored, k.phrases));
        println!("| seed 002: changes that are right | {} |", pct(k.right, k.changes));
        if a.misses {
            eprintln!("wrong changes: {}", k.wrong.join("; "));
            eprintln!("missed: {}", k.missed.join("; "));
        }
    }
    let lists = Wordlist::defaults();
    for by_site in [true, false] {
        let cv = real_spins_cv(&lists, params, 5, by_site);
        let how = if by_site { "held out as by site" } else { "held out strictly" };
        println!("| real spinners' substitutions, {how}: top-1 | {} |", pct(cv.top1, cv.rows));
        println!("| real spinners' substitutions, {how}: left as written | {} |", pct(cv.unchanged, cv.rows));
        println!(
            "| real spinners' substitutions, {how}: best original ranked first (known spun) | {} |",
            pct(cv.ranked, cv.rows)
        );
        if a.misses && by_site {
            for (s, o, got) in cv.misses.iter().take(300) {
                eprintln!("cv miss: {s} -> {o}: {got}");
            }
        }
    }
    if let Some(dir) = &a.brown {
        let docs = read_texts(dir)?;
        clean(&detector, &docs, a.misses);
        spun(&detector, &docs, a.misses);
    }
    Ok(())
}

/// Clean documents restored by default and with `--all`.
fn clean(detector: &Detector, docs: &[(String, String)], misses: bool) {
    let rows: Vec<(bool, usize, usize, usize, Vec<String>)> = docs
        .par_iter()
        .map(|(id, text)| {
            let default = detector.restore(id, text.as_bytes(), Rewrite::IfSpun);
            let all = detector.restore(id, text.as_bytes(), Rewrite::Always);
            let capitalised: Vec<String> = all
                .report
                .hits
                .iter()
                .filter(|h| inside_sentence(text, h.start) && starts_upper(&h.text))
                .map(|h| format!("{id}:{}:{}: {} -> {}", h.line, h.col, h.text, h.original))
                .collect();
            let changes =
                all.report.hits.iter().map(|h| format!("{} -> {}", h.text.to_lowercase(), h.original.to_lowercase()));
            let mut listed: Vec<String> = capitalised.clone();
            if misses {
                listed.extend(changes);
            }
            (default.text != text.as_bytes(), all.report.hits.len(), capitalised.len(), all.report.words, listed)
        })
        .collect();
    if misses {
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for r in &rows {
            for c in &r.4 {
                *counts.entry(c.as_str()).or_insert(0) += 1;
            }
        }
        let mut top: Vec<(&str, usize)> = counts.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        for (c, n) in top.iter().take(60) {
            eprintln!("clean --all: {n} x {c}");
        }
    }
    let changed = rows.iter().filter(|r| r.0).count();
    let hits: usize = rows.iter().map(|r| r.1).sum();
    let caps: usize = rows.iter().map(|r| r.2).sum();
    let words: usize = rows.iter().map(|r| r.3).sum();
    println!("| clean documents changed by `restore` | {} |", pct(changed, rows.len()));
    println!(
        "| clean text, `restore --all`: changes per 10,000 words | {:.1} ({hits} in {words} words) |",
        1e4 * hits as f64 / words.max(1) as f64
    );
    println!("| clean text, `restore --all`: capitalised words inside a sentence changed | {caps} |");
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Whether the word at `at` is inside a sentence: not after `.`, `!`, `?`, `:` or `;`, and
/// not the first word of its line (after list marks such as "--" or "(1)").
fn inside_sentence(text: &str, at: usize) -> bool {
    let line = &text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at];
    if !line.chars().any(char::is_alphabetic) {
        return false;
    }
    let before = text[..at].trim_end_matches([' ', '"', '\'', '(']);
    !(before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':', ';']))
}

/// The lab's spinners on excerpts of the clean documents.
fn spun(detector: &Detector, docs: &[(String, String)], misses: bool) {
    let mut rng = Rng::new(2025);
    let texts: Vec<String> =
        docs.iter().filter_map(|(_, t)| chunks(t, &mut rng, 250, 350).into_iter().next()).take(300).collect();
    let all = Spinner::all();
    let by = |name: &str| all.iter().find(|s| s.name() == name).map(Arc::clone);
    for (name, strength) in [("real", 1.0), ("dictionary", 0.5), ("wordnet", 0.1), ("moby", 0.1)] {
        let Some(spinner) = by(name) else { continue };
        let spin = Spin { spinner, strength };
        let s = score_spun(detector, &texts, &spin, 7);
        println!(
            "| lab, {} ({} excerpts, {} flagged): replacements put back | {} |",
            spin.label(),
            s.documents,
            s.flagged,
            pct(s.restored, s.subs)
        );
        println!("| lab, {}: changes that are right | {} |", spin.label(), pct(s.right, s.changes));
        if misses {
            let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for w in &s.wrong {
                *counts.entry(w.as_str()).or_insert(0) += 1;
            }
            let mut top: Vec<(&str, usize)> = counts.into_iter().collect();
            top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            for (c, n) in top.iter().take(40) {
                eprintln!("lab {}: {n} x {c}", spin.label());
            }
        }
    }
}
