//! The command line: argument definitions and the commands that wire the pipeline together.
//! `main.rs` only calls [`main`]. Each command lives in a module of its own.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::input::{Compression, InputOptions};
use crate::scanner::Scanner;
use crate::score::Model;
use crate::wordlist::Wordlist;

mod calibrate;
mod eval;
mod filter;
mod restore;
mod scan;
mod sources;
mod wordlists;

pub use sources::host_of;

/// Exit status: success, whatever was found.
pub const EXIT_OK: i32 = 0;
/// Exit status: `--check` was given and a document was flagged.
pub const EXIT_FLAGGED: i32 = 1;
/// Exit status: errors happened (bad input, bad wordlist, a file that could not be read).
pub const EXIT_ERROR: i32 = 2;

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
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Score documents: how likely each is to be spun, and why.
    Scan(scan::ScanArgs),
    /// List each hit of one document with line:col and its suggested original.
    Explain(scan::ExplainArgs),
    /// Print the text with each spun phrase replaced by its likely original, if the document
    /// scores as spun (--diff: what changed; --all: whatever the score).
    Restore(restore::RestoreArgs),
    /// Check, list, export or learn from wordlists.
    Wordlist(wordlists::WordlistArgs),
    /// Measure detection and restoration (held-out phrases, clean text).
    Eval(eval::EvalArgs),
    /// Split JSONL into kept and flagged records (and rejected lines), copying each line.
    Filter(filter::FilterArgs),
    /// Report per source (site, or any field): documents, share flagged, mean score, artifacts.
    Sources(sources::SourcesArgs),
}

/// Which wordlists to use; shared by the commands that match.
#[derive(Args, Debug, Clone)]
pub struct WordlistOpts {
    /// Add a wordlist (TSV: spun, original, weight, note, flags). May be repeated; a later list's
    /// entry replaces an earlier one's for the same phrase.
    #[arg(long = "wordlist", value_name = "FILE")]
    pub wordlists: Vec<PathBuf>,
    /// Do not use the embedded news and science lists.
    #[arg(long)]
    pub no_default_wordlists: bool,
    /// Also find spun words that no list holds, from the spinner's dictionary and the
    /// frequencies of English word pairs (hits with list "inferred"; about eight times as slow).
    #[arg(long)]
    pub infer: bool,
    /// Inference tuned for recall (implies --infer): finds more spun words that no list holds,
    /// at about ten times the false alarms on clean prose. For screening phrases and short
    /// texts whose every hit a reader checks.
    #[arg(long)]
    pub sensitive: bool,
    /// Give every hit its ranked likely originals with their evidence ("suggestions" in JSON).
    #[arg(long)]
    pub suggestions: bool,
}

impl WordlistOpts {
    /// Loads the lists: the embedded defaults unless dropped, then the given files in order.
    pub fn load(&self) -> Result<Vec<Wordlist>, String> {
        let mut lists = if self.no_default_wordlists { Vec::new() } else { Wordlist::defaults() };
        for path in &self.wordlists {
            lists.push(Wordlist::load(path).map_err(|e| e.to_string())?);
        }
        if lists.is_empty() {
            return Err("no wordlists: --no-default-wordlists needs at least one --wordlist FILE".into());
        }
        Ok(lists)
    }

    /// A scanner over the lists, with the given threshold.
    pub fn scanner(&self, threshold: Option<f64>) -> Result<Scanner, String> {
        let mut scanner = Scanner::new(self.load()?).map_err(|e| e.to_string())?;
        if self.sensitive {
            scanner = scanner.with_inference_params(crate::infer::Params::SENSITIVE);
        } else if self.infer {
            scanner = scanner.with_inference();
        }
        scanner = scanner.with_suggestions(self.suggestions);
        let mut model = Model::DEFAULT;
        if let Some(t) = threshold {
            model.threshold = t;
        }
        Ok(scanner.with_model(model))
    }
}

/// How a run over many documents goes; shared by `scan`, `filter` and `sources`.
#[derive(Args, Debug, Clone)]
pub struct RunOpts {
    /// Probability from which a document is flagged (default: the model's, 0.5).
    #[arg(long, value_name = "P", value_parser = scan::parse_probability)]
    pub threshold: Option<f64>,
    /// Worker threads (default: one a core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Print no summary, progress bar or notes on stderr (errors and warnings are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

impl RunOpts {
    /// Sizes the thread pool and compiles the wordlists into a scanner with this threshold. On a
    /// bad wordlist, prints the error and returns `None`: the command then exits with
    /// [`EXIT_ERROR`].
    pub fn start(&self, wordlists: &WordlistOpts) -> Option<Scanner> {
        set_threads(self.threads);
        wordlists.scanner(self.threshold).map_err(|e| eprintln!("despin: {e}")).ok()
    }
}

/// How to read documents; shared by the commands that read them.
#[derive(Args, Debug, Clone)]
pub struct InputOpts {
    /// Read every input as JSONL (one JSON object a line), whatever its name. Files named
    /// *.jsonl are read as JSONL anyway.
    #[arg(long)]
    pub jsonl: bool,
    /// Key of the text in JSONL records; a dotted path (`doc.body`) reaches into objects.
    #[arg(long, default_value = "text", value_name = "KEY")]
    pub text_key: String,
    /// Key of the id in JSONL records (dotted paths allowed). Records without one are named by
    /// file and line.
    #[arg(long, default_value = "id", value_name = "KEY")]
    pub id_key: String,
    /// Scan files that look binary (a NUL byte near the start) instead of skipping them.
    #[arg(long)]
    pub binary: bool,
    /// How to decompress inputs: `auto` goes by the extension (.gz, .zst) and else by the first
    /// bytes, so `corpus.jsonl.zst` and compressed standard input just work.
    #[arg(long, value_enum, default_value = "auto", value_name = "HOW")]
    pub compression: CompressionArg,
}

/// The values of `--compression`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompressionArg {
    Auto,
    None,
    Gzip,
    Zstd,
}

impl InputOpts {
    pub fn options(&self) -> InputOptions {
        InputOptions {
            jsonl: self.jsonl,
            text_key: self.text_key.clone(),
            id_key: self.id_key.clone(),
            binary: self.binary,
            compression: match self.compression {
                CompressionArg::Auto => Compression::Auto,
                CompressionArg::None => Compression::None,
                CompressionArg::Gzip => Compression::Gzip,
                CompressionArg::Zstd => Compression::Zstd,
            },
            ..InputOptions::default()
        }
    }
}

/// When to colour output.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour standard output: `auto` colours a terminal unless NO_COLOR is set.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// Sets the size of the global rayon pool (0: one thread a core).
pub fn set_threads(threads: usize) {
    if threads > 0 {
        // Fails only when the pool was built already, which leaves the earlier size in force.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(threads).build_global();
    }
}

/// True for an error that means the reader of our output went away (`despin ... | head`).
pub fn is_broken_pipe(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe
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
    }
}
