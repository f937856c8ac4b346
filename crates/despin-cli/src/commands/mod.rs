//! The commands. Each parses nothing itself (clap did) and holds no detection logic: it builds
//! a [`despin::Detector`] from its options and wires the corpus crate's steps to the terminal.

pub mod eval;
pub mod filter;
pub mod report;
pub mod restore;
pub mod scan;
pub mod sources;
pub mod wordlists;

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use despin::Detector;
use despin_corpus::input;
use despin_corpus::run::{Monitor, Stderr, Tally};

use crate::args::{RunOpts, WordlistOpts, EXIT_ERROR, EXIT_OK};
use crate::progress::ProgressBar;

/// The command line.
#[derive(Parser, Debug)]
#[command(
    name = "despin",
    version,
    about = "Find text mangled by synonym spinners and suggest what it said before",
    long_about = "Find text mangled by synonym spinners (\"3rd spherical\" for \"third round\") and \
suggest what it said before.\n\nExit status: 0 on success whatever was found; 1 when --check is given and a \
document is flagged; 2 when errors happened. Errors about single inputs (a missing file, a bad JSONL line) are \
reported on stderr with the file and line, and the run goes on with the rest (keep-going is the default); the \
exit status is then 2."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Score documents: how likely each is to be spun, and why.
    Scan(scan::ScanArgs),
    /// List each hit of documents with line:col and its suggested original.
    Explain(scan::ExplainArgs),
    /// Write documents with each spun phrase replaced by its likely original, if the document
    /// scores as spun (--diff: what changed; --all: whatever the score; --out: a folder).
    Restore(restore::RestoreArgs),
    /// Check, list, export or learn from wordlists.
    Wordlist(wordlists::WordlistArgs),
    /// Measure detection and restoration (held-out phrases, clean text).
    Eval(eval::EvalArgs),
    /// Split JSONL into kept and flagged records (and rejected lines), copying each line.
    Filter(filter::FilterArgs),
    /// Report per source (site, or any field): documents, share flagged, mean score, artifacts.
    Sources(sources::SourcesArgs),
    /// Write one self-contained HTML page about a run: the spread of scores, the sources, and
    /// the worst documents with every hit marked (--svg: the charts as SVG too).
    Report(report::ReportArgs),
}

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Scan(args) => scan::scan(args),
        Command::Explain(args) => scan::explain(args),
        Command::Wordlist(args) => wordlists::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Restore(args) => restore::run(args),
        Command::Filter(args) => filter::filter(args),
        Command::Sources(args) => sources::sources(args),
        Command::Report(args) => report::report(args),
    }
}

/// Sets the size of the global rayon pool (None or 0: one thread a core).
pub fn set_threads(threads: Option<usize>) {
    if let Some(threads) = threads.filter(|&n| n > 0) {
        // Fails only when the pool was built already, which leaves the earlier size in force.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(threads).build_global();
    }
}

/// True for an error that means the reader of our output went away (`despin ... | head`).
pub fn is_broken_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// Prints an error and returns the error status.
pub fn fail(message: impl std::fmt::Display) -> i32 {
    eprintln!("despin: {message}");
    EXIT_ERROR
}

/// Sizes the thread pool and builds the detector of a run over many documents (`suggestions`:
/// every hit with its ranked originals); on a bad wordlist, prints the error and returns None.
pub fn start(run: &RunOpts, lists: &WordlistOpts, suggestions: bool) -> Option<Detector> {
    set_threads(run.threads);
    lists.detector(run.threshold, suggestions).map_err(|e| eprintln!("despin: {e}")).ok()
}

/// Where a run's messages go: a progress bar on a terminal (unless quiet, or `bar` is false),
/// else plain lines on stderr.
pub fn monitor(run: &RunOpts, paths: &[PathBuf], bar: bool) -> Box<dyn Monitor> {
    if bar && !run.quiet && io::stderr().is_terminal() {
        Box::new(ProgressBar::new(input::total_size(paths)))
    } else {
        Box::new(Stderr)
    }
}

/// The closing line of a run, on stderr.
pub fn summary(tally: &Tally, what: &str) -> String {
    let mut s = format!(
        "despin: {} document{} {what}, {} flagged as spun",
        tally.documents,
        if tally.documents == 1 { "" } else { "s" },
        tally.flagged
    );
    if tally.errors() > 0 {
        s += &format!(", {} error(s)", tally.errors());
    }
    if tally.warnings > 0 {
        s += &format!(", {} warning(s)", tally.warnings);
    }
    if tally.skipped > 0 {
        s += &format!(", {} skipped", tally.skipped);
    }
    s
}
