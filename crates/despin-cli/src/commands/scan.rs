//! `despin scan` and `despin explain`.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{is_broken_pipe, ColorChoice, InputOpts, RunOpts, WordlistOpts, EXIT_ERROR, EXIT_FLAGGED, EXIT_OK};
use crate::input::Inputs;
use crate::output::attributes::{ruleset_name, AttributeWriter, DocAttributes};
use crate::output::files::remove_temporaries_on_signal;
use crate::output::{self, Colors, Format, Printer};
use crate::run::{Driver, Flow, Outcome, Tally};
use crate::scanner::Scanner;

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
    /// Also write dolma-style attribute files under DIR: one for each input file, same name,
    /// same rows, with the score and the spans of the hits in character offsets.
    #[arg(long, value_name = "DIR")]
    attributes: Option<PathBuf>,
    #[command(flatten)]
    run: RunOpts,
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

/// Whether to show a progress bar: on a terminal, unless quiet.
pub(crate) fn show_progress(quiet: bool) -> bool {
    !quiet && io::stderr().is_terminal()
}

/// The closing line of a run, on stderr.
pub(crate) fn summary(tally: &Tally, what: &str) -> String {
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

/// Opens the attribute writer of `--attributes`, if given.
pub(crate) fn attribute_writer(
    dir: Option<&PathBuf>,
    paths: &[PathBuf],
    scanner: &Scanner,
    wordlists: &WordlistOpts,
) -> Result<Option<AttributeWriter>, String> {
    let Some(dir) = dir else { return Ok(None) };
    let defaults_only = wordlists.wordlists.is_empty() && !wordlists.no_default_wordlists;
    let mut prefix = ruleset_name(scanner.matcher(), defaults_only);
    if wordlists.infer {
        // Inference finds more than the lists: its attributes get a name of their own.
        prefix += "_infer";
    }
    AttributeWriter::new(dir, paths, prefix).map(Some).map_err(|e| format!("cannot write attributes: {e}"))
}

pub fn scan(args: ScanArgs) -> i32 {
    let Some(scanner) = args.run.start(&args.wordlists) else {
        return EXIT_ERROR;
    };
    let format = match args.format {
        Some(FormatArg::Table) => Format::Table,
        Some(FormatArg::Json) => Format::Json,
        Some(FormatArg::Jsonl) => Format::Jsonl,
        Some(FormatArg::Csv) => Format::Csv,
        None if io::stdout().is_terminal() => Format::Table,
        None => Format::Jsonl,
    };
    let mut attributes = match attribute_writer(args.attributes.as_ref(), &args.paths, &scanner, &args.wordlists) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("despin: {e}");
            return EXIT_ERROR;
        }
    };
    if attributes.is_some() {
        remove_temporaries_on_signal();
    }
    let options = args.input.options();
    let stdout = io::stdout().lock();
    let mut printer = Printer::new(format, io::BufWriter::with_capacity(256 * 1024, stdout));
    let driver = Driver {
        scanner: &scanner,
        options: &options,
        keep_raw: false,
        quiet: args.run.quiet,
        // A table on the terminal shows the progress itself, and a bar would garble it.
        progress: show_progress(args.run.quiet) && !io::stdout().is_terminal(),
    };
    let with_attributes = attributes.is_some();
    // JSONL is rendered on the worker threads: the writing thread only copies bytes.
    let render = format == Format::Jsonl;
    let (tally, result) = driver.run(
        args.paths,
        |record, report| {
            let attributes = with_attributes.then(|| DocAttributes::new(&record.doc.text, report));
            (attributes, render.then(|| output::render_jsonl(report)))
        },
        |outcome| {
            match outcome {
                Outcome::Scanned(s) => {
                    match &s.extra.1 {
                        Some(line) => printer.write_rendered(line)?,
                        None => printer.write(&s.report)?,
                    }
                    if let Some(a) = &mut attributes {
                        a.row(&s.place, Some(&s.report.id), s.extra.0.as_ref())?;
                    }
                }
                Outcome::Rejected { place, .. } => {
                    if let Some(a) = &mut attributes {
                        a.row(&place, None, None)?;
                    }
                }
                Outcome::Skipped { .. } | Outcome::Failed(_) => {}
            }
            Ok(Flow::Continue)
        },
    );
    let result = result.and_then(|()| printer.finish());
    if let Err(e) = result {
        if is_broken_pipe(&e) {
            return EXIT_OK;
        }
        eprintln!("despin: cannot write output: {e}");
        return EXIT_ERROR;
    }
    if let Some(a) = attributes {
        if let Err(e) = a.finish() {
            eprintln!("despin: cannot write attributes: {e}");
            return EXIT_ERROR;
        }
    }
    if !args.run.quiet {
        eprintln!("{}", summary(&tally, "scanned"));
    }
    if tally.errors() > 0 {
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
