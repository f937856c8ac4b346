//! `despin eval calibrate`: fit the article score on clean and spun Brown chunks, and measure it
//! on the half of the documents the fit never saw.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use despin::score::model::{INPUTS, INPUT_NAMES};
use despin::score::{Features, Model};
use despin::{Config, Detector};

use crate::fit::fit;
use crate::metrics::{metrics, Metrics};
use crate::samples::{samples, Half, Sample, CALIBRATION_SEED};
use crate::spinner::{Mode, Spinner, DICTIONARY_RATES, THESAURUS_RATES};

/// What `despin eval calibrate` was asked.
#[derive(Debug, Clone)]
pub struct CalibrateOptions {
    /// The command line, for the report's heading.
    pub command: String,
    /// A folder of clean *.txt documents.
    pub brown: PathBuf,
    /// The detector under calibration (its model is the shipped one; the fit replaces it).
    pub config: Config,
    /// Decision threshold of the fitted model.
    pub threshold: f64,
    /// L2 penalty on the coefficients.
    pub l2: f64,
    /// Share of spun documents the probability is for.
    pub prior: f64,
    /// Fit the list coefficients too.
    pub fit_lists: bool,
    /// Seed articles to check the fitted model on.
    pub seeds: PathBuf,
    /// Folder with spun/ and clean/ fixtures to check the fitted model on.
    pub fixtures: PathBuf,
    /// Write every sample as a file under this folder.
    pub write: Option<PathBuf>,
    /// Write each sample's features as TSV to this file.
    pub features: Option<PathBuf>,
}

/// The labelled samples scanned: features and label.
struct Scanned {
    sample: Sample,
    features: Features,
}

fn read_dir_txt(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e} (scripts/fetch-brown.sh fetches the Brown corpus)", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            std::fs::read(&p)
                .map(|b| (name, String::from_utf8_lossy(&b).into_owned()))
                .map_err(|e| format!("{}: {e}", p.display()))
        })
        .collect()
}

fn row(m: &Metrics) -> String {
    // Precision is undefined when nothing is flagged.
    let precision =
        if m.true_positives + m.false_positives == 0 { "–".to_string() } else { format!("{:.3}", m.precision) };
    format!(
        "{} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
        m.positives, m.negatives, precision, m.recall, m.f1, m.false_positive_rate, m.auc
    )
}

/// The default prior: one document in a thousand spun.
pub const PRIOR: f64 = 0.001;

/// Runs the calibration and prints its report (Markdown) on standard output.
pub fn calibrate(a: &CalibrateOptions) -> Result<(), String> {
    let sources = read_dir_txt(&a.brown)?;
    if sources.is_empty() {
        return Err(format!("{}: no *.txt documents", a.brown.display()));
    }
    let spinner = Spinner::defaults();
    let modes: Vec<Mode> = THESAURUS_RATES
        .iter()
        .map(|&r| Mode::Thesaurus(r))
        .chain(DICTIONARY_RATES.iter().map(|&r| Mode::Dictionary(r)))
        .collect();
    let data = samples(&sources, &spinner, &modes, CALIBRATION_SEED);
    if let Some(dir) = &a.write {
        write_samples(dir, &data).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let detector = Detector::new(a.config.clone().suggestions(false)).map_err(|e| e.to_string())?;
    let infer = detector.inferrer().is_some();
    let scanned: Vec<Scanned> = data
        .into_par_iter()
        .map(|sample| {
            let features = detector.score(&sample.id, sample.text.as_bytes()).features;
            Scanned { sample, features }
        })
        .collect();
    if let Some(path) = &a.features {
        write_features(path, &scanned).map_err(|e| format!("{}: {e}", path.display()))?;
    }

    // Fit on the tuning half with even class weights: a clean chunk weighs 1, a spun copy
    // 1 / (number of modes). The slopes are then fitted where the L2 penalty is small against
    // both classes; the prior only moves the intercept.
    if !(a.prior > 0.0 && a.prior < 1.0) {
        return Err(format!("--prior {}: expected a share between 0 and 1", a.prior));
    }
    let tune: Vec<&Scanned> = scanned.iter().filter(|s| s.sample.half == Half::Tune).collect();
    let x: Vec<Vec<f64>> = tune.iter().map(|s| Model::inputs(&s.features).to_vec()).collect();
    let y: Vec<bool> = tune.iter().map(|s| s.sample.mode.is_some()).collect();
    let spun_weight = 1.0 / modes.len() as f64;
    let w: Vec<f64> = y.iter().map(|&spun| if spun { spun_weight } else { 1.0 }).collect();
    let shipped = Model::DEFAULT.coefficients();
    let mut fixed: Vec<Option<f64>> = vec![None; INPUTS + 1];
    if !a.fit_lists {
        fixed[1] = Some(shipped[1]);
        fixed[2] = Some(shipped[2]);
    }
    if !infer {
        fixed[3] = Some(0.0);
        fixed[4] = Some(0.0);
    }
    // Every input is evidence of spinning: a slope that comes out negative (collinear inputs)
    // is held at 0 and the rest refitted.
    let mut b = fit(&x, &y, &w, a.l2, &fixed);
    while let Some(j) = (1..=INPUTS).find(|&j| fixed[j].is_none() && b[j] < 0.0) {
        fixed[j] = Some(0.0);
        b = fit(&x, &y, &w, a.l2, &fixed);
    }
    let mut c = [0.0; INPUTS + 1];
    c.copy_from_slice(&b);
    let even_intercept = c[0];
    c[0] += (a.prior / (1.0 - a.prior)).ln();
    let model = Model::from_coefficients(c, a.threshold);

    let command = &a.command;
    let test: Vec<&Scanned> = scanned.iter().filter(|s| s.sample.half == Half::Test).collect();
    let n_sources = |h: Half| {
        let mut v: Vec<&str> =
            scanned.iter().filter(|s| s.sample.half == h).map(|s| s.sample.source.as_str()).collect();
        v.dedup();
        v.len()
    };
    let clean_chunks = |h: &[&Scanned]| h.iter().filter(|s| s.sample.mode.is_none()).count();
    println!("## {command}");
    println!();
    println!(
        "{} source documents, {} clean chunks of {}-{} words; tuning half: {} documents, {} chunks; test half: {} \
         documents, {} chunks. Each chunk also spun {} ways; seed {CALIBRATION_SEED:?}. Scanner: lists{}.",
        sources.len(),
        scanned.iter().filter(|s| s.sample.mode.is_none()).count(),
        crate::samples::CHUNK_WORDS.0,
        crate::samples::CHUNK_WORDS.1,
        n_sources(Half::Tune),
        clean_chunks(&tune),
        n_sources(Half::Test),
        clean_chunks(&test),
        modes.len(),
        if infer { " and inference" } else { " only" }
    );
    println!();
    println!(
        "Fitted on the tuning half with even class weights (intercept {:.3}), then moved to a prior of {} \
         spun (L2 {}{}):",
        even_intercept,
        a.prior,
        a.l2,
        if a.fit_lists { "" } else { "; list coefficients held at the shipped model's" }
    );
    println!();
    println!("```rust");
    println!("    /// The model despin ships with, fitted by");
    println!("    /// `{command}`");
    println!(
        "    /// ({}prior {}, threshold {}; see the module documentation).",
        if a.fit_lists { "" } else { "list coefficients held, " },
        a.prior,
        fmt_threshold(a.threshold)
    );
    println!(
        "    pub const DEFAULT: Model = Model {{\n        intercept: {:.3},\n        density: {:.3},\n        \
         distinct: {:.3},\n        inferred: {:.3},\n        missing: {:.3},\n        threshold: {},\n    }};",
        c[0],
        c[1],
        c[2],
        c[3],
        c[4],
        fmt_threshold(a.threshold)
    );
    println!("```");
    println!();
    for (name, coef) in INPUT_NAMES.iter().zip(&c[1..]) {
        println!("- {name}: {coef:.3}");
    }
    println!();
    let mut tables = vec![("fitted model", model, false)];
    if infer {
        tables.push(("fitted model, scanned without inference (`scan` without --infer)", model, true));
    }
    tables.push(("shipped model (Model::DEFAULT)", Model::DEFAULT, false));
    for (title, m, lists_only) in tables {
        // Without inference the listed hits are the same and the inference inputs are 0.
        let f = |s: &Scanned| {
            if lists_only {
                Features { inferred: 0, inferred_weighted: 0.0, missing: 0.0, ..s.features }
            } else {
                s.features
            }
        };
        println!("Test half, {title}, flagged at p >= {}:", fmt_threshold(m.threshold));
        println!();
        println!(
            "| spin | words changed | spun docs | clean docs | precision | recall | F1 | false-positive rate | AUC |"
        );
        println!("|---|---|---|---|---|---|---|---|---|");
        let clean: Vec<&&Scanned> = test.iter().filter(|s| s.sample.mode.is_none()).collect();
        let clean_scores: Vec<f64> = clean.iter().map(|s| m.probability(&f(s))).collect();
        for mode in &modes {
            let spun: Vec<&&Scanned> = test.iter().filter(|s| s.sample.mode == Some(*mode)).collect();
            let changed = spun.iter().map(|s| s.sample.changed).sum::<f64>() / spun.len().max(1) as f64;
            let mut scores = clean_scores.clone();
            scores.extend(spun.iter().map(|s| m.probability(&f(s))));
            let labels: Vec<bool> = (0..scores.len()).map(|i| i >= clean_scores.len()).collect();
            println!("| {} | {:.1}% | {}", mode.label(), 100.0 * changed, row(&metrics(&scores, &labels, m.threshold)));
        }
        let scores: Vec<f64> = test.iter().map(|s| m.probability(&f(s))).collect();
        let labels: Vec<bool> = test.iter().map(|s| s.sample.mode.is_some()).collect();
        let changed = test.iter().map(|s| s.sample.changed).sum::<f64>() / labels.iter().filter(|&&l| l).count() as f64;
        println!(
            "| all (spun : clean = {} : 1) | {:.1}% | {}",
            modes.len(),
            100.0 * changed,
            row(&metrics(&scores, &labels, m.threshold))
        );
        println!();
    }
    println!("Per spin rate, the spun test chunks of that rate against all clean test chunks (one to one).");
    println!();
    checks(a, &detector, &model)
}

fn fmt_threshold(t: f64) -> String {
    let s = format!("{t}");
    if s.contains('.') {
        s
    } else {
        format!("{s}.0")
    }
}

/// Scores the seeds and fixtures with the fitted model (lists only, the way `scan` runs by
/// default, and with inference when --infer) and says whether the project's bounds hold.
fn checks(a: &CalibrateOptions, detector: &Detector, model: &Model) -> Result<(), String> {
    let mut docs: Vec<(PathBuf, bool)> = Vec::new();
    if let Ok(seeds) = read_dir_txt(&a.seeds) {
        for (name, _) in seeds {
            docs.push((a.seeds.join(format!("{name}.txt")), name.starts_with("002")));
        }
    }
    for (sub, spun) in [("spun", true), ("clean", false)] {
        if let Ok(f) = read_dir_txt(&a.fixtures.join(sub)) {
            docs.extend(f.into_iter().map(|(n, _)| (a.fixtures.join(sub).join(format!("{n}.txt")), spun)));
        }
    }
    if docs.is_empty() {
        return Ok(());
    }
    let lists =
        Detector::new(a.config.clone().lists_only().suggestions(false).model(*model)).map_err(|e| e.to_string())?;
    let infer = if detector.inferrer().is_some() {
        Some(Detector::new(a.config.clone().suggestions(false).model(*model)).map_err(|e| e.to_string())?)
    } else {
        None
    };
    println!("Checks with the fitted model (spun: at least 0.9; clean: at most 0.1):");
    println!();
    println!("| document | expected | lists only | {}", if infer.is_some() { "with inference |" } else { "" });
    println!("|---|---|---|{}", if infer.is_some() { "---|" } else { "" });
    let mut failed = 0;
    for (path, spun) in docs {
        let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut cells = Vec::new();
        for s in std::iter::once(&lists).chain(infer.as_ref()) {
            let p = s.score("", &text).score;
            let ok = if spun { p >= 0.9 } else { p <= 0.1 };
            failed += usize::from(!ok);
            cells.push(format!("{p:.3}{}", if ok { "" } else { " FAIL" }));
        }
        println!("| {} | {} | {} |", path.display(), if spun { "spun" } else { "clean" }, cells.join(" | "));
    }
    println!();
    println!("{}", if failed == 0 { "All checks pass.".to_string() } else { format!("{failed} check(s) fail.") });
    Ok(())
}

fn write_samples(dir: &Path, data: &[Sample]) -> std::io::Result<()> {
    for s in data {
        let half = if s.half == Half::Tune { "tune" } else { "test" };
        let kind = s.mode.map_or("clean".to_string(), |m| m.label().replace(' ', "-"));
        let sub = dir.join(half).join(kind);
        std::fs::create_dir_all(&sub)?;
        let name = s.id.split(' ').next().unwrap_or(&s.id).replace('#', "-");
        std::fs::write(sub.join(format!("{name}.txt")), &s.text)?;
    }
    Ok(())
}

fn write_features(path: &Path, scanned: &[Scanned]) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "id\thalf\tspin\tchanged\twords\thits\tweighted\tdistinct\tinferred\tinferred_weighted\tmissing")?;
    for s in scanned {
        let f = &s.features;
        writeln!(
            out,
            "{}\t{}\t{}\t{:.4}\t{}\t{}\t{}\t{}\t{}\t{:.3}\t{:.3}",
            s.sample.id,
            if s.sample.half == Half::Tune { "tune" } else { "test" },
            s.sample.mode.map_or("clean".to_string(), |m| m.label()),
            s.sample.changed,
            f.words,
            f.hits,
            f.weighted,
            f.distinct,
            f.inferred,
            f.inferred_weighted,
            f.missing
        )?;
    }
    out.flush()
}
