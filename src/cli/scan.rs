//! `despin scan` and `despin explain`.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{is_broken_pipe, set_threads, ColorChoice, InputOpts, WordlistOpts, EXIT_ERROR, EXIT_FLAGGED, EXIT_OK};
use crate::input::{Inputs, Item};
use crate::output::{self, Colors, Format, Printer};
use crate::run::{ordered_parallel, Flow};

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatArg {
    Table,
    Json,
    Jsonl,
    Csv,
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Files, folders (walked recursively; hidden and binary files skipped) or `-` for
    /// standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format. Default: table on a terminal, jsonl otherwise.
    #[arg(long, short = 'f', value_enum)]
    format: Option<FormatArg>,
    /// Exit with status 1 when any document is flagged as spun.
    #[arg(long)]
    check: bool,
    /// Probability from which a document is flagged (default: the model's, 0.5).
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    threshold: Option<f64>,
    /// Worker threads (default: one a core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    threads: usize,
    /// Print no summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
    #[command(flatten)]
    wordlists: WordlistOpts,
    #[command(flatten)]
    input: InputOpts,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The document (a text file, or `-` for standard input).
    #[arg(value_name = "FILE")]
    path: PathBuf,
    /// Colour the output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Probability from which a document is flagged (default: the model's, 0.5).
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    threshold: Option<f64>,
    #[command(flatten)]
    wordlists: WordlistOpts,
    #[command(flatten)]
    input: InputOpts,
}

pub fn parse_probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("{s:?} is not a probability between 0 and 1")),
    }
}

/// Counts of what a run saw.
#[derive(Debug, Default)]
struct Tally {
    documents: u64,
    flagged: u64,
    errors: u64,
    skipped: u64,
}

pub fn scan(args: ScanArgs) -> i32 {
    set_threads(args.threads);
    let scanner = match args.wordlists.scanner(args.threshold) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("despin: {e}");
            return EXIT_ERROR;
        }
    };
    let format = match args.format {
        Some(FormatArg::Table) => Format::Table,
        Some(FormatArg::Json) => Format::Json,
        Some(FormatArg::Jsonl) => Format::Jsonl,
        Some(FormatArg::Csv) => Format::Csv,
        None if io::stdout().is_terminal() => Format::Table,
        None => Format::Jsonl,
    };
    let options = args.input.options();
    let stdout = io::stdout().lock();
    let mut printer = Printer::new(format, io::BufWriter::with_capacity(64 * 1024, stdout));
    let mut tally = Tally::default();
    let inputs = Inputs::new(args.paths, options.clone());
    let result = ordered_parallel(
        inputs,
        |item: &Item| match item {
            Item::Text(d) => d.text.len(),
            Item::JsonLine { bytes, .. } => bytes.len(),
            _ => 0,
        },
        |item| match item {
            Item::Skipped { place, reason } => Err((place.to_string(), reason, true)),
            other => match other.into_document(&options) {
                Ok(doc) => Ok(scanner.scan(&doc.id, &doc.text)),
                Err(e) => Err((e.place.to_string(), e.message, false)),
            },
        },
        |outcome| {
            match outcome {
                Ok(report) => {
                    tally.documents += 1;
                    tally.flagged += u64::from(report.spun);
                    printer.write(&report)?;
                }
                Err((place, message, skipped)) => {
                    if skipped {
                        tally.skipped += 1;
                        if !args.quiet {
                            eprintln!("despin: {place}: {message}");
                        }
                    } else {
                        tally.errors += 1;
                        eprintln!("despin: {place}: {message}");
                    }
                }
            }
            Ok(Flow::Continue)
        },
    )
    .and_then(|()| printer.finish());
    if let Err(e) = result {
        if is_broken_pipe(&e) {
            return EXIT_OK;
        }
        eprintln!("despin: cannot write output: {e}");
        return EXIT_ERROR;
    }
    if !args.quiet {
        eprintln!(
            "despin: {} document{} scanned, {} flagged as spun{}{}",
            tally.documents,
            if tally.documents == 1 { "" } else { "s" },
            tally.flagged,
            if tally.errors > 0 { format!(", {} error(s)", tally.errors) } else { String::new() },
            if tally.skipped > 0 { format!(", {} skipped", tally.skipped) } else { String::new() },
        );
    }
    if tally.errors > 0 {
        EXIT_ERROR
    } else if args.check && tally.flagged > 0 {
        EXIT_FLAGGED
    } else {
        EXIT_OK
    }
}

pub fn explain(args: ExplainArgs) -> i32 {
    let scanner = match args.wordlists.scanner(args.threshold) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("despin: {e}");
            return EXIT_ERROR;
        }
    };
    let mut options = args.input.options();
    // One document is explained as text, even when it holds a NUL byte.
    options.binary = true;
    let colors = Colors::new(args.color.enabled());
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut status = EXIT_OK;
    for item in Inputs::new(vec![args.path], options.clone()) {
        match item.into_document(&options) {
            Ok(doc) => {
                let report = scanner.scan(&doc.id, &doc.text);
                let reasons = scanner.model().reasons(&report.features);
                if let Err(e) = output::explain(&mut out, &report, &reasons, colors) {
                    if is_broken_pipe(&e) {
                        return status;
                    }
                    eprintln!("despin: cannot write output: {e}");
                    return EXIT_ERROR;
                }
            }
            Err(e) => {
                eprintln!("despin: {e}");
                status = EXIT_ERROR;
            }
        }
    }
    if let Err(e) = out.flush() {
        if !is_broken_pipe(&e) {
            eprintln!("despin: cannot write output: {e}");
            return EXIT_ERROR;
        }
    }
    status
}
