//! `despin scan` and `despin explain`.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use despin::Detector;
use despin_corpus::input::Inputs;
use despin_corpus::output::attributes::{ruleset_name, AttributeWriter, DocAttributes};
use despin_corpus::output::{self, Colors, Format, Printer};
use despin_corpus::run::{Driver, Flow, Outcome};

use super::{fail, is_broken_pipe, monitor, start, summary};
use crate::args::{
    parse_probability, ColorChoice, CorpusOpts, InputOpts, WordlistOpts, EXIT_ERROR, EXIT_FLAGGED, EXIT_OK,
};
use crate::signals::remove_temporaries_on_signal;

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
    corpus: CorpusOpts,
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

/// Opens the attribute writer of `--attributes`, if given.
pub(crate) fn attribute_writer(
    dir: Option<&PathBuf>,
    paths: &[PathBuf],
    detector: &Detector,
) -> Result<Option<AttributeWriter>, String> {
    let Some(dir) = dir else { return Ok(None) };
    AttributeWriter::new(dir, paths, ruleset_name(detector))
        .map(Some)
        .map_err(|e| format!("cannot write attributes: {e}"))
}

pub fn scan(args: ScanArgs) -> i32 {
    let Some(detector) = start(&args.corpus.run, &args.corpus.wordlists) else {
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
    let mut attributes = match attribute_writer(args.attributes.as_ref(), &args.paths, &detector) {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    if attributes.is_some() {
        remove_temporaries_on_signal();
    }
    let options = args.corpus.input.options();
    let stdout = io::stdout().lock();
    let mut printer = Printer::new(format, io::BufWriter::with_capacity(256 * 1024, stdout));
    // A table on the terminal shows the progress itself, and a bar would garble it.
    let monitor = monitor(&args.corpus.run, &args.paths, !io::stdout().is_terminal());
    let driver = Driver {
        detector: &detector,
        options: &options,
        keep_raw: false,
        quiet: args.corpus.run.quiet,
        monitor: &*monitor,
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
    drop(monitor);
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
    if !args.corpus.run.quiet {
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
    let detector = match args.wordlists.detector(args.threshold) {
        Ok(d) => d,
        Err(e) => return fail(e),
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
                let report = detector.score(&doc.id, &doc.text);
                let reasons = detector.model().reasons(&report.features);
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
