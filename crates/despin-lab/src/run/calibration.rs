//! `despin eval calibrate`: fit the score on clean and spun excerpts, measure it on the half of
//! the documents the fit never saw, with each thesaurus spinner also held out of the fit
//! entirely, and check the bounds the project keeps (README's figures come from here).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use despin::score::model::INPUT_NAMES;
use despin::{Config, Detector, Model};

use crate::calibrate::{self, fit_model, read_texts, recall_at, score_all, FitOptions, Scored};
use crate::metrics::{auc, metrics};
use crate::plot::{calibration_svg, roc, Curve};
use crate::samples::{excerpts, Chunk, Half, CALIBRATION_SEED, CHUNK_WORDS};
use crate::spinner::{Spin, Spinner, UNSEEN};

/// What `despin eval calibrate` was asked.
#[derive(Debug, Clone)]
pub struct CalibrateOptions {
    /// The command line, for the report's heading.
    pub command: String,
    /// A folder of clean *.txt documents (Brown).
    pub brown: PathBuf,
    /// A folder of nlp-corpus chunks, if there is one.
    pub nlp: Option<PathBuf>,
    /// The detector under calibration (its model is the shipped one; the fit replaces it).
    pub config: Config,
    pub fit: FitOptions,
    /// Seed articles to check the fitted model on.
    pub seeds: PathBuf,
    /// Folder with spun/ and clean/ fixtures to fit on (clean) and check the model on.
    pub fixtures: PathBuf,
    /// Where to write the picture (SVG).
    pub svg: Option<PathBuf>,
    /// Write each sample's features as TSV to this file.
    pub features: Option<PathBuf>,
}

/// The default prior: the shipped model's.
pub const PRIOR: f64 = despin::score::model::PRIOR;

/// Everything the calibration scored.
pub struct Data {
    pub chunks: Vec<Chunk>,
    pub spins: Vec<Spin>,
    pub scored: Vec<Scored>,
}

/// Reads the sources, cuts them into excerpts, spins and scores them all.
pub fn data(a: &CalibrateOptions, detector: &Detector) -> Result<Data, String> {
    let mut sources: Vec<(String, String, String)> =
        read_texts(&a.brown)?.into_iter().map(|(n, t)| ("brown".into(), n, t)).collect();
    if sources.is_empty() {
        return Err(format!(
            "{}: no *.txt documents (scripts/fetch-brown.sh fetches the Brown corpus)",
            a.brown.display()
        ));
    }
    if let Some(nlp) = &a.nlp {
        sources.extend(read_texts(nlp)?.into_iter().map(|(n, t)| ("nlp".into(), n, t)));
    }
    let mut chunks = excerpts(&sources, CHUNK_WORDS, CALIBRATION_SEED);
    // The clean fixtures (translated and native news of our own writing) are fitted on whole.
    for (name, text) in read_texts(&a.fixtures.join("clean"))? {
        if !name.ends_with("spinner-note") {
            chunks.push(Chunk { id: name.clone(), source: name, corpus: "fixtures".into(), half: Half::Tune, text });
        }
    }
    let spins = calibrate::spins();
    let scored = score_all(detector, &chunks, &spins, CALIBRATION_SEED);
    Ok(Data { chunks, spins, scored })
}

/// The shipped model as the calibration fits it: every spinner, the tuning half.
pub fn shipped_model(a: &CalibrateOptions) -> Result<Model, String> {
    let detector = Detector::new(a.config.clone().suggestions(false)).map_err(|e| e.to_string())?;
    let d = data(a, &detector)?;
    Ok(fit_model(&d.scored, &d.chunks, &d.spins, |_| true, a.fit).model)
}

/// Runs the calibration and prints its report (Markdown) on standard output.
pub fn calibrate(a: &CalibrateOptions) -> Result<(), String> {
    if !(a.fit.prior > 0.0 && a.fit.prior < 1.0) {
        return Err(format!("--prior {}: expected a share between 0 and 1", a.fit.prior));
    }
    let detector = Detector::new(a.config.clone().suggestions(false)).map_err(|e| e.to_string())?;
    let d = data(a, &detector)?;
    if let Some(path) = &a.features {
        write_features(path, &d).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let shipped = fit_model(&d.scored, &d.chunks, &d.spins, |_| true, a.fit);
    let model = shipped.model;
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", a.command);
    let count = |corpus: &str, half: Half| d.chunks.iter().filter(|c| c.corpus == corpus && c.half == half).count();
    let _ = writeln!(
        out,
        "Clean excerpts of {}-{} words: Brown {} tuning + {} test, nlp-corpus {} + {}, fixtures {} (fitted on). \
         Each also spun {} ways; seed {CALIBRATION_SEED:?}.\n",
        CHUNK_WORDS.0,
        CHUNK_WORDS.1,
        count("brown", Half::Tune),
        count("brown", Half::Test),
        count("nlp", Half::Tune),
        count("nlp", Half::Test),
        count("fixtures", Half::Tune),
        d.spins.len()
    );
    let _ = writeln!(
        out,
        "Fitted on the tuning half with even class weights (intercept {:.3}), then moved to a prior of {} spun \
         (L2 {}{}):\n",
        shipped.even_intercept,
        a.fit.prior,
        a.fit.l2,
        if a.fit.fit_lists { "" } else { "; list coefficients held at their hand-set values" }
    );
    let _ = writeln!(out, "```rust\n{}```\n", model_source(&model, &a.command));
    // The held-out spinners: each thesaurus left out of the fit entirely.
    let _ = writeln!(out, "### Spinners held out of the fit\n");
    let _ = writeln!(out, "{}", table_header());
    for held in ["moby", "wordnet"] {
        let fold = fit_model(&d.scored, &d.chunks, &d.spins, |s| s.spinner.name() != held, a.fit).model;
        for (k, spin) in d.spins.iter().enumerate().filter(|(_, s)| s.spinner.name() == held) {
            let _ = writeln!(out, "{}", row(&d, k, spin, &fold, &format!("{} (fit without {held})", spin.label())));
        }
        if held == "moby" {
            // Moby's swaps that the detector's thesaurus lacks: a spinner it has never seen.
            for (k, spin) in d.spins.iter().enumerate().filter(|(_, s)| s.spinner.name() == UNSEEN) {
                let label = format!("{} (swaps the detector never loads; fit without moby)", spin.label());
                let _ = writeln!(out, "{}", row(&d, k, spin, &fold, &label));
            }
        }
    }
    let _ = writeln!(out, "\n### The shipped model on the test half\n");
    let _ = writeln!(out, "{}", table_header());
    for (k, spin) in d.spins.iter().enumerate() {
        let _ = writeln!(out, "{}", row(&d, k, spin, &model, &spin.label()));
    }
    let _ = writeln!(
        out,
        "\nEach row: the spun test excerpts of that spin against all clean test excerpts. Recall at FPR 1%: the \
         threshold set where at most 1% of clean test excerpts score above it. Precision, recall and FPR: at the \
         model's threshold {}, one spun excerpt per clean one.\n",
        model.threshold
    );
    for corpus in ["brown", "nlp"] {
        let scores: Vec<f64> = clean_scores(&d, &model, Some(corpus));
        let flagged = scores.iter().filter(|&&p| model.is_spun(p)).count();
        let _ = writeln!(
            out,
            "- clean {corpus} test excerpts flagged: {flagged} of {} ({:.2}%)",
            scores.len(),
            100.0 * flagged as f64 / scores.len().max(1) as f64
        );
    }
    if let Some(svg) = &a.svg {
        let clean = clean_scores(&d, &model, None);
        let spun: Vec<f64> = test(&d).filter(|s| s.spin.is_some()).map(|s| model.probability(&s.features)).collect();
        let mut curves = Vec::new();
        for name in Spinner::all().iter().map(|s| s.name().to_string()) {
            let s: Vec<f64> = test(&d)
                .filter(|x| x.spin.is_some_and(|k| d.spins[k].spinner.name() == name))
                .map(|x| model.probability(&x.features))
                .collect();
            curves.push(Curve { label: name, points: roc(&clean, &s) });
        }
        let title = "despin: clean and spun 300-word excerpts (test half), shipped model";
        std::fs::write(svg, calibration_svg(title, &clean, &spun, model.threshold, &curves))
            .map_err(|e| format!("{}: {e}", svg.display()))?;
        let _ = writeln!(out, "\nPicture: {}", svg.display());
    }
    print!("{out}");
    checks(a, &model)
}

fn test(d: &Data) -> impl Iterator<Item = &Scored> {
    d.scored.iter().filter(|s| d.chunks[s.chunk].half == Half::Test)
}

fn clean_scores(d: &Data, model: &Model, corpus: Option<&str>) -> Vec<f64> {
    test(d)
        .filter(|s| s.spin.is_none() && corpus.is_none_or(|c| d.chunks[s.chunk].corpus == c))
        .map(|s| model.probability(&s.features))
        .collect()
}

fn table_header() -> &'static str {
    "| spin | words changed | spun | clean | recall at FPR 1% | AUC | precision | recall | FPR |\n|---|---|---|---|---|---|---|---|---|"
}

fn row(d: &Data, k: usize, _spin: &Spin, model: &Model, label: &str) -> String {
    let clean = clean_scores(d, model, None);
    let spun: Vec<&Scored> = test(d).filter(|s| s.spin == Some(k)).collect();
    let changed = spun.iter().map(|s| s.changed).sum::<f64>() / spun.len().max(1) as f64;
    let spun_scores: Vec<f64> = spun.iter().map(|s| model.probability(&s.features)).collect();
    let (r1, _) = recall_at(&clean, &spun_scores, 0.01);
    let mut scores = clean.clone();
    scores.extend(&spun_scores);
    let labels: Vec<bool> = (0..scores.len()).map(|i| i >= clean.len()).collect();
    let m = metrics(&scores, &labels, model.threshold);
    let precision =
        if m.true_positives + m.false_positives == 0 { "–".into() } else { format!("{:.3}", m.precision) };
    format!(
        "| {label} | {:.1}% | {} | {} | {r1:.3} | {:.3} | {precision} | {:.3} | {:.4} |",
        100.0 * changed,
        spun.len(),
        clean.len(),
        auc(&scores, &labels),
        m.recall,
        m.false_positive_rate
    )
}

/// The shipped model as Rust source, for `score::Model::DEFAULT`.
pub fn model_source(m: &Model, command: &str) -> String {
    let c = m.coefficients();
    let mut s = format!("    /// The model despin ships with, fitted by\n    /// `{command}`.\n");
    s += "    pub const DEFAULT: Model = Model::new(\n        [\n";
    s += &format!("            {:.3}, // intercept\n", c[0]);
    for (name, v) in INPUT_NAMES.iter().zip(&c[1..]) {
        s += &format!("            {v:.3}, // {name}\n");
    }
    s += "        ],\n        [";
    s += &m.knots.iter().map(|k| format!("{k:.3}")).collect::<Vec<_>>().join(", ");
    s += &format!("],\n        {},\n    );\n", m.threshold);
    s
}

/// Scores the seeds, the fixtures, whole Brown documents and every nlp-corpus chunk with the
/// fitted model and says whether the project's bounds hold.
fn checks(a: &CalibrateOptions, model: &Model) -> Result<(), String> {
    let detector = Detector::new(a.config.clone().suggestions(false).model(*model)).map_err(|e| e.to_string())?;
    let mut lines = Vec::new();
    let mut failed = 0;
    let mut check = |what: String, ok: bool| {
        failed += usize::from(!ok);
        lines.push(format!("| {what} | {} |", if ok { "ok" } else { "FAIL" }));
    };
    let score =
        |p: &Path| std::fs::read(p).map(|t| detector.score("", &t).score).map_err(|e| format!("{}: {e}", p.display()));
    if let Ok(seeds) = read_texts(&a.seeds) {
        for (name, text) in seeds {
            let p = detector.score(&name, text.as_bytes()).score;
            let spun = name.starts_with("002");
            check(
                format!("seed {name}: {p:.4} ({})", if spun { "at least 0.99" } else { "at most 0.1" }),
                if spun { p >= 0.99 } else { p <= 0.1 },
            );
        }
    }
    for (sub, spun) in [("spun", true), ("clean", false)] {
        for (name, _) in read_texts(&a.fixtures.join(sub)).unwrap_or_default() {
            if name.ends_with("spinner-note") {
                continue;
            }
            let p = score(&a.fixtures.join(sub).join(format!("{name}.txt")))?;
            check(format!("fixtures/{sub}/{name}: {p:.4}"), if spun { p >= 0.5 } else { p < model.threshold });
        }
    }
    let brown = read_texts(&a.brown)?;
    let flagged = brown.iter().filter(|(n, t)| model.is_spun(detector.score(n, t.as_bytes()).score)).count();
    check(format!("Brown documents flagged: {flagged} of {} (0)", brown.len()), flagged == 0);
    if let Some(nlp) = &a.nlp {
        let chunks = read_texts(nlp)?;
        let flagged = chunks.iter().filter(|(n, t)| model.is_spun(detector.score(n, t.as_bytes()).score)).count();
        let share = flagged as f64 / chunks.len().max(1) as f64;
        check(
            format!("nlp-corpus chunks flagged: {flagged} of {} ({:.2}%; at most 0.5%)", chunks.len(), 100.0 * share),
            share <= 0.005,
        );
    }
    println!("\n### Checks with the fitted model\n\n| check | |\n|---|---|");
    for l in &lines {
        println!("{l}");
    }
    println!("\n{}", if failed == 0 { "All checks pass.".to_string() } else { format!("{failed} check(s) fail.") });
    Ok(())
}

fn write_features(path: &Path, d: &Data) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "id\tcorpus\thalf\tspin\tchanged\t{}", INPUT_NAMES.join("\t"))?;
    for s in &d.scored {
        let c = &d.chunks[s.chunk];
        let x = Model::inputs(&s.features);
        let xs: Vec<String> = x.iter().map(|v| format!("{v:.4}")).collect();
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{:.4}\t{}",
            c.id,
            c.corpus,
            if c.half == Half::Tune { "tune" } else { "test" },
            s.spin.map_or("clean".to_string(), |k| d.spins[k].label()),
            s.changed,
            xs.join("\t")
        )?;
    }
    out.flush()
}
