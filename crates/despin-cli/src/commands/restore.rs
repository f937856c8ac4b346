//! `despin restore`: the text with every spun phrase replaced by its best original.
//!
//! Only a document that scores as spun is rewritten: a clean document passes through byte for
//! byte even where inference has a guess about a word in it ("warfare" for "war" is the
//! spinner's habit, and also English). `--all` rewrites every hit regardless.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use clap::Args;

use despin::{restore::diff, Rewrite};

use super::{fail, is_broken_pipe};
use crate::args::{WordlistOpts, EXIT_ERROR, EXIT_OK};

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// The document (a text file, or `-` for standard input).
    #[arg(value_name = "FILE")]
    path: PathBuf,
    /// Show what changed, line by line, with each hit's ranked suggestions and their evidence,
    /// instead of the restored text.
    #[arg(long)]
    diff: bool,
    /// Rewrite every hit even when the document does not score as spun (by default such a
    /// document passes through unchanged, with a note on stderr).
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    wordlists: WordlistOpts,
}

pub fn run(args: RestoreArgs) -> i32 {
    let detector = match args.wordlists.detector(None, args.diff) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let (id, text) = if args.path.as_os_str() == "-" {
        let mut buf = Vec::new();
        if let Err(e) = io::stdin().lock().read_to_end(&mut buf) {
            eprintln!("despin: -: cannot read: {e}");
            return EXIT_ERROR;
        }
        ("-".to_string(), buf)
    } else {
        match std::fs::read(&args.path) {
            Ok(t) => (args.path.display().to_string(), t),
            Err(e) => {
                eprintln!("despin: {}: cannot read: {e}", args.path.display());
                return EXIT_ERROR;
            }
        }
    };
    let restored = detector.restore(&id, &text, if args.all { Rewrite::Always } else { Rewrite::IfSpun });
    let report = &restored.report;
    if !restored.rewritten && !report.hits.is_empty() {
        eprintln!(
            "despin: {id}: not flagged as spun (score {:.3}), left unchanged; --all rewrites its {} hit{}",
            report.score,
            report.hits.len(),
            if report.hits.len() == 1 { "" } else { "s" }
        );
    }
    let out = if args.diff {
        diff(&id, &text, if restored.rewritten { &report.hits } else { &[] }).into_bytes()
    } else {
        restored.text
    };
    let mut stdout = io::stdout().lock();
    match stdout.write_all(&out).and_then(|()| stdout.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if is_broken_pipe(&e) => EXIT_OK,
        Err(e) => {
            eprintln!("despin: cannot write output: {e}");
            EXIT_ERROR
        }
    }
}
