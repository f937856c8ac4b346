//! `despin filter`: splits JSONL into kept and flagged outputs, nothing lost (the step itself is
//! [`despin_corpus::filter`]).
//!
//! Every input line ends in exactly one output: a record scored below the threshold in
//! `--kept`, one at or above it in `--flagged`, and a line that is not a usable record (not
//! JSON, no text, blank) in `--rejected`, as a JSON object with its place and the reason. Kept
//! and flagged lines are copied byte for byte (with `--annotate`, the score and hits are added
//! as a last field, `"despin"`, and with `--restore` each flagged record gets its text with the
//! likely originals put back as a last field, `"despin_restored"`; the rest of the line is
//! still as it was). Regular output files are written under temporary names and renamed when
//! complete, so an interrupted or failed run leaves no half file under a final name; devices
//! and pipes are written straight into.
//!
//! Exit status: 2 when an input could not be read, or a line was rejected without --rejected
//! to catch it (or with --strict); 0 otherwise.

use std::path::PathBuf;

use clap::Args;

use despin_corpus::filter::{self, Additions, FilterError, Targets};
use despin_corpus::run::Driver;

use super::scan::attribute_writer;
use super::{fail, is_broken_pipe, monitor, start};
use crate::args::{CorpusOpts, EXIT_ERROR, EXIT_OK};
use crate::signals::remove_temporaries_on_signal;

#[derive(Args, Debug)]
pub struct FilterArgs {
    /// JSONL files (also compressed: .gz, .zst), folders of them, or `-` for standard input.
    /// Files and standard input named here are read as JSONL whatever their name; in folders,
    /// files whose name (*.jsonl, *.ndjson) or first line (a JSON object with the text key, as
    /// in dolma's *.json.gz) says JSONL, and the others are skipped with a note.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Where the records not flagged go (`-`: standard output). Written compressed when the
    /// name ends in .gz or .zst.
    #[arg(long, value_name = "PATH")]
    kept: PathBuf,
    /// Where the records flagged as spun go (`-`: standard output).
    #[arg(long, value_name = "PATH")]
    flagged: PathBuf,
    /// Where the lines that are not usable records go, one JSON object each:
    /// {"path", "line", "reason", "raw"}. Lines caught here are handled: they do not make the
    /// exit status 2 (see --strict). Without it they are only reported on stderr, and are errors.
    #[arg(long, value_name = "PATH")]
    rejected: Option<PathBuf>,
    /// Exit with status 2 when any line is rejected, even with --rejected.
    #[arg(long)]
    strict: bool,
    /// Add the report (score, spun, words, hits) to each kept and flagged record as a field
    /// "despin", instead of copying the line unchanged.
    #[arg(long)]
    annotate: bool,
    /// With --annotate: give every hit in "despin" its ranked likely originals with their
    /// evidence ("suggestions").
    #[arg(long, requires = "annotate")]
    suggestions: bool,
    /// Add to each flagged record its text with every spun phrase replaced by its likely
    /// original, as a field "despin_restored" (the record's own text is left as it was).
    #[arg(long)]
    restore: bool,
    /// Also write dolma-style attribute files under DIR, one for each input file.
    #[arg(long, value_name = "DIR")]
    attributes: Option<PathBuf>,
    #[command(flatten)]
    corpus: CorpusOpts,
}

pub fn filter(args: FilterArgs) -> i32 {
    let targets = Targets { kept: args.kept.clone(), flagged: args.flagged.clone(), rejected: args.rejected.clone() };
    if let Err(e) = targets.check(&args.paths) {
        return fail(e);
    }
    let Some(detector) = start(&args.corpus.run, &args.corpus.wordlists, args.suggestions) else {
        return EXIT_ERROR;
    };
    remove_temporaries_on_signal();
    let attributes = match attribute_writer(args.attributes.as_ref(), &args.paths, &detector) {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let mut options = args.corpus.input.options(false);
    options.records = true;
    options.blank_lines = true;
    let monitor = monitor(&args.corpus.run, &args.paths, true);
    let driver = Driver {
        detector: &detector,
        options: &options,
        keep_raw: true,
        quiet: args.corpus.run.quiet,
        monitor: &*monitor,
    };
    let additions = Additions { annotate: args.annotate, restore: args.restore };
    let result = filter::run(&driver, args.paths.clone(), &targets, additions, attributes);
    drop(monitor);
    let counts = match result {
        Ok(c) => c,
        Err(FilterError::Open(e)) => return fail(e),
        Err(FilterError::Write(e)) if is_broken_pipe(&e) => return EXIT_OK,
        Err(FilterError::Write(e)) => return fail(format!("cannot write output: {e}")),
    };
    let tally = &counts.tally;
    if !args.corpus.run.quiet {
        let mut line = format!(
            "despin: read {} lines = kept {} + flagged {} + rejected {}",
            counts.read(),
            counts.kept,
            counts.flagged,
            counts.rejected
        );
        if args.rejected.is_none() && counts.rejected > 0 {
            line += " (rejected lines not written: no --rejected)";
        }
        if tally.failed > 0 {
            line += &format!("; {} input(s) could not be read", tally.failed);
        }
        if tally.warnings > 0 {
            line += &format!("; {} warning(s)", tally.warnings);
        }
        eprintln!("{line}");
    }
    // Rejected lines written to --rejected are handled, unless --strict; unreadable inputs are
    // errors whatever the options.
    let handled = if args.rejected.is_some() && !args.strict { counts.rejected } else { 0 };
    if tally.errors() > handled {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}
