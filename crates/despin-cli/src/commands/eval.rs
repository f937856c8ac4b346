//! `despin eval`: the figures README reports, made reproducibly (the work is the lab's,
//! [`despin_lab::run`]).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use despin_lab::calibrate::FitOptions;
use despin_lab::run::calibration::{self, CalibrateOptions, PRIOR};
use despin_lab::run::holdout::{self, HoldoutOptions};
use despin_lab::run::restoring::{self, RestoreOptions};

use super::fail;
use crate::args::{WordlistOpts, EXIT_OK};

#[derive(Args, Debug)]
pub struct EvalArgs {
    #[command(subcommand)]
    command: EvalCommand,
}

#[derive(Subcommand, Debug)]
enum EvalCommand {
    /// Hold out a fixed, seeded 20% of the tortured-phrase list, build the detector without it
    /// (lists and dictionary), and report flagging and top-1 restoration on it; with --brown,
    /// also hits per 10,000 words and documents flagged on clean text.
    Holdout(HoldoutArgs),
    /// Fit the article score on clean and spun Brown chunks (tuning half of the documents) and
    /// report precision, recall, F1 and AUC on the test half, per spin rate and overall.
    Calibrate(CalibrateArgs),
    /// Measure restoring: the spun seed article against its hand key, real spinners'
    /// substitutions held out five ways, the lab's spinners on Brown excerpts, and clean Brown
    /// text left unchanged.
    Restore(RestoreArgs),
}

#[derive(Args, Debug)]
struct RestoreArgs {
    /// The spun seed article (skipped when missing).
    #[arg(long, default_value = "../shared/seeds", value_name = "DIR")]
    seeds: PathBuf,
    /// Its hand key of spun phrases (spun<TAB>original).
    #[arg(long, default_value = "tests/data/restore/seed002.tsv", value_name = "FILE")]
    key: PathBuf,
    /// A folder of clean *.txt documents (scripts/fetch-brown.sh writes target/corpora/brown);
    /// skipped when missing.
    #[arg(long, default_value = "target/corpora/brown", value_name = "DIR")]
    brown: PathBuf,
    /// Override a restoring parameter, e.g. `--param thesaurus=-1.5` (see restore::RestoreParams).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Print the wrong changes and the misses on standard error.
    #[arg(long)]
    misses: bool,
}

#[derive(Args, Debug)]
struct HoldoutArgs {
    /// The tortured-phrase list (tortured<TAB>expected).
    #[arg(long, default_value = "../shared/data/tortured_phrases.tsv", value_name = "FILE")]
    data: PathBuf,
    /// A folder of clean *.txt documents (scripts/fetch-brown.sh writes target/corpora/brown).
    #[arg(long, value_name = "DIR")]
    brown: Option<PathBuf>,
    /// Evaluate on a development slice of the training part instead (for tuning), building the
    /// detector from the rest of the training part. The held-out part is left out either way.
    #[arg(long)]
    dev: bool,
    /// Print the misses (up to 2,000) and the most frequent hits on clean text.
    #[arg(long)]
    misses: bool,
    /// Instead of the figures, show what the detector under test makes of these phrases.
    #[arg(long = "phrase", value_name = "TEXT")]
    phrases: Vec<String>,
    /// Override a decoder parameter, e.g. `--param gain=1.5` (see infer::Params).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Start from the recall-tuned parameters (`scan --sensitive`) instead of the default ones.
    #[arg(long)]
    sensitive: bool,
}

#[derive(Args, Debug)]
pub struct CalibrateArgs {
    /// A folder of clean *.txt documents (scripts/fetch-brown.sh writes target/corpora/brown).
    #[arg(long, default_value = "target/corpora/brown", value_name = "DIR")]
    brown: PathBuf,
    /// The lists to scan with, as for `scan`. With --lists-only the inputs of inference are 0,
    /// and so are their coefficients.
    #[command(flatten)]
    lists: WordlistOpts,
    /// Decision threshold of the fitted model.
    #[arg(long, default_value_t = 0.5, value_name = "P")]
    threshold: f64,
    /// L2 penalty on the coefficients (not the intercept).
    #[arg(long, default_value_t = 1.0, value_name = "LAMBDA")]
    l2: f64,
    /// Share of spun documents among those scanned, which the probability is for. The fit is
    /// made with the classes weighing the same (the spun copies of a chunk together weigh as
    /// much as the clean chunk, evenly over the spin modes), and the intercept is then moved by
    /// ln(prior / (1 - prior)) (prior correction).
    #[arg(long, default_value_t = PRIOR, value_name = "P")]
    prior: f64,
    /// Fit the list coefficients (density, distinct) too, instead of holding them at the shipped
    /// model's values. The clean chunks carry no listed phrase (the lists are pruned on Brown),
    /// so the data cannot say what one stray hit is worth, and the fit then follows the L2 penalty.
    #[arg(long)]
    fit_lists: bool,
    /// Folder of seed articles to check the fitted model on (002 is spun, the others clean);
    /// skipped when missing.
    #[arg(long, default_value = "../shared/seeds", value_name = "DIR")]
    seeds: PathBuf,
    /// Folder with spun/ and clean/ fixtures to check the fitted model on.
    #[arg(long, default_value = "fixtures", value_name = "DIR")]
    fixtures: PathBuf,
    /// A folder of nlp-corpus chunks (scripts/fetch-nlp-corpus.sh writes target/corpora/nlp),
    /// fitted on and checked as clean text; left out when missing.
    #[arg(long, default_value = "target/corpora/nlp", value_name = "DIR")]
    nlp: PathBuf,
    /// Write the picture of the calibration (score histograms, ROC curves) as SVG here.
    #[arg(long, default_value = "docs/calibration.svg", value_name = "FILE")]
    svg: PathBuf,
    /// Also write each sample's features as TSV to this file.
    #[arg(long, value_name = "FILE")]
    features: Option<PathBuf>,
}

pub fn run(args: EvalArgs) -> i32 {
    let result = match args.command {
        EvalCommand::Holdout(a) => holdout::holdout(&HoldoutOptions {
            data: a.data,
            brown: a.brown,
            dev: a.dev,
            misses: a.misses,
            phrases: a.phrases,
            params: a.params,
            sensitive: a.sensitive,
        }),
        EvalCommand::Calibrate(a) => calibrate_options(a).and_then(|o| calibration::calibrate(&o)),
        EvalCommand::Restore(a) => restoring::restore(&RestoreOptions {
            seed: spun_seed(&a.seeds),
            key: a.key,
            brown: a.brown.is_dir().then_some(a.brown),
            params: a.params,
            misses: a.misses,
        }),
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => fail(e),
    }
}

/// The spun seed article (`002_*.txt`) of a folder of seeds, if there.
fn spun_seed(dir: &std::path::Path) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("002_")))
        .collect();
    found.sort();
    found.into_iter().next()
}

/// The lab's options for `eval calibrate`, and the command line that reproduces the run.
fn calibrate_options(a: CalibrateArgs) -> Result<CalibrateOptions, String> {
    let mut command = format!("despin eval calibrate --brown {}", a.brown.display());
    for w in &a.lists.lists.wordlists {
        command.push_str(&format!(" --wordlist {}", w.display()));
    }
    if a.lists.lists.no_default_wordlists {
        command.push_str(" --no-default-wordlists");
    }
    if a.lists.lists_only {
        command.push_str(" --lists-only");
    }
    if a.fit_lists {
        command.push_str(" --fit-lists");
    }
    if a.prior != PRIOR {
        command.push_str(&format!(" --prior {}", a.prior));
    }
    if a.l2 != 1.0 {
        command.push_str(&format!(" --l2 {}", a.l2));
    }
    let nlp = a.nlp.is_dir().then_some(a.nlp);
    if let Some(n) = &nlp {
        command.push_str(&format!(" --nlp {}", n.display()));
    }
    Ok(CalibrateOptions {
        command,
        brown: a.brown,
        nlp,
        config: a.lists.config(None)?,
        fit: FitOptions { l2: a.l2, prior: a.prior, threshold: a.threshold, fit_lists: a.fit_lists },
        seeds: a.seeds,
        fixtures: a.fixtures,
        svg: Some(a.svg),
        features: a.features,
    })
}
