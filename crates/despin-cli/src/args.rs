//! The command line's arguments: the commands, and the blocks of options they share. Each
//! block turns into what the library and the corpus crate take: a [`despin::Config`], input
//! options.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use despin::{Config, Wordlist};
use despin_corpus::input::{Compression, InputOptions};

/// Exit status: success, whatever was found.
pub const EXIT_OK: i32 = 0;
/// Exit status: `--check` was given and a document was flagged.
pub const EXIT_FLAGGED: i32 = 1;
/// Exit status: errors happened (bad input, bad wordlist, a file that could not be read).
pub const EXIT_ERROR: i32 = 2;

/// Which wordlists to use.
#[derive(Args, Debug, Clone)]
pub struct ListOpts {
    /// Add a wordlist (TSV: spun, original, weight, note, flags). May be repeated; a later list's
    /// entry replaces an earlier one's for the same phrase.
    #[arg(long = "wordlist", value_name = "FILE")]
    pub wordlists: Vec<PathBuf>,
    /// Do not use the embedded news and science lists.
    #[arg(long)]
    pub no_default_wordlists: bool,
}

impl ListOpts {
    /// The lists in use: the embedded ones unless left out, then the files in order.
    pub fn load(&self) -> Result<Vec<Wordlist>, String> {
        let mut lists = if self.no_default_wordlists { Vec::new() } else { Wordlist::defaults() };
        for p in &self.wordlists {
            lists.push(Wordlist::load(p).map_err(|e| e.to_string())?);
        }
        if lists.is_empty() {
            return Err("no wordlists: --no-default-wordlists needs at least one --wordlist FILE".into());
        }
        Ok(lists)
    }
}

/// Which wordlists to use and how far to detect; shared by the commands that score.
#[derive(Args, Debug, Clone)]
pub struct WordlistOpts {
    #[command(flatten)]
    pub lists: ListOpts,
    /// Match the lists alone: no language model, no spinner's profile, no hits beyond the
    /// lists. Faster, and finds only what someone wrote into a list.
    #[arg(long, conflicts_with = "sensitive")]
    pub lists_only: bool,
    /// Inference tuned for recall: reports every guess beyond the lists in every document, at
    /// about ten times the false alarms on clean prose (the score is not affected). For screening
    /// phrases and short texts whose every hit a reader checks.
    #[arg(long)]
    pub sensitive: bool,
}

impl WordlistOpts {
    /// The detector's configuration: these lists, inference as asked, and the threshold.
    pub fn config(&self, threshold: Option<f64>) -> Result<Config, String> {
        let lists = self
            .lists
            .wordlists
            .iter()
            .map(|p| Wordlist::load(p).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?;
        let mut config = Config { default_lists: !self.lists.no_default_wordlists, lists, ..Config::default() };
        if !config.default_lists && config.lists.is_empty() {
            return Err("no wordlists: --no-default-wordlists needs at least one --wordlist FILE".into());
        }
        if self.sensitive {
            config = config.sensitive();
        } else if self.lists_only {
            config = config.lists_only();
        } else {
            config = config.infer();
        }
        if let Some(t) = threshold {
            config = config.threshold(t);
        }
        Ok(config)
    }

    /// The detector itself; `suggestions` gives every hit its ranked likely originals.
    pub fn detector(&self, threshold: Option<f64>, suggestions: bool) -> Result<despin::Detector, String> {
        despin::Detector::new(self.config(threshold)?.suggestions(suggestions)).map_err(|e| e.to_string())
    }
}

/// How a run over many documents goes; shared by `scan`, `filter` and `sources`.
#[derive(Args, Debug, Clone)]
pub struct RunOpts {
    /// Probability from which a document is flagged (default: the model's, 0.5).
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    pub threshold: Option<f64>,
    /// Worker threads (default: one a core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Print no summary, progress bar or notes on stderr (errors and warnings are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The options of every command that runs over a corpus (`scan`, `filter`, `sources`): how to
/// run, which lists, how to read.
#[derive(Args, Debug, Clone)]
pub struct CorpusOpts {
    #[command(flatten)]
    pub run: RunOpts,
    #[command(flatten)]
    pub wordlists: WordlistOpts,
    #[command(flatten)]
    pub input: InputOpts,
}

/// Whether to read every input as JSONL; for the commands that also read plain text (`filter`
/// and `sources` read records only).
#[derive(Args, Debug, Clone)]
pub struct JsonlOpt {
    /// Read every input as JSONL (one JSON object a line), whatever its name. Without it, files
    /// named *.jsonl or *.ndjson (also .gz, .zst) are JSONL, and so is any input whose first line
    /// is a JSON object with the text key (dolma's *.json.gz, JSONL on standard input).
    #[arg(long)]
    pub jsonl: bool,
}

/// How to read documents; shared by the commands that read them.
#[derive(Args, Debug, Clone)]
pub struct InputOpts {
    /// Key of the text in JSONL records; a dotted path (`doc.body`) reaches into objects.
    #[arg(long, default_value = "text", value_name = "KEY")]
    pub text_key: String,
    /// Key of the id in JSONL records (dotted paths allowed). Records without one are named by
    /// file and line.
    #[arg(long, default_value = "id", value_name = "KEY")]
    pub id_key: String,
    /// How to decompress inputs: `auto` goes by the extension (.gz, .zst) and else by the first
    /// bytes, so `corpus.jsonl.zst` and compressed standard input just work. bzip2, xz, lz4, zip
    /// and 7z are not read: such an input is an error that says how to decompress it.
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
    /// The corpus crate's input options; `jsonl`: read every input as JSONL.
    pub fn options(&self, jsonl: bool) -> InputOptions {
        InputOptions {
            jsonl,
            text_key: self.text_key.clone(),
            id_key: self.id_key.clone(),
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

/// A probability, for --threshold.
pub fn parse_probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("{s:?} is not a probability between 0 and 1")),
    }
}
