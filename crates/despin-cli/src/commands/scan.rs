//! `despin scan` and `despin explain`.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use despin::Detector;
use despin_corpus::input::{record, Inputs, Item};
use despin_corpus::output::attributes::{ruleset_name, AttributeWriter, DocAttributes};
use despin_corpus::output::{self, Colors, Format, Printer};
use despin_corpus::run::{Driver, Flow, Outcome};

use super::{fail, is_broken_pipe, monitor, start, summary};
use crate::args::{
    parse_probability, ColorChoice, CorpusOpts, InputOpts, JsonlOpt, WordlistOpts, EXIT_ERROR, EXIT_FLAGGED, EXIT_OK,
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
    /// Carry a field of each JSONL record into its row, to join the results back (dotted paths
    /// allowed; repeatable): `"fields": {"KEY": value}` in JSON, a column in CSV; null where the
    /// record has none. Not in the table.
    #[arg(long, value_name = "KEY")]
    keep: Vec<String>,
    /// Give every hit its ranked likely originals with their evidence ("suggestions" in the
    /// JSON output; the table and CSV have no room for them).
    #[arg(long)]
    suggestions: bool,
    /// Scan files that look binary (a NUL byte near the start) instead of skipping them.
    #[arg(long)]
    binary: bool,
    #[command(flatten)]
    jsonl: JsonlOpt,
    #[command(flatten)]
    corpus: CorpusOpts,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The documents: files, folders, JSONL records, or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Colour the output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Probability from which a document is flagged (default: the model's, 0.5).
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    threshold: Option<f64>,
    #[command(flatten)]
    wordlists: WordlistOpts,
    #[command(flatten)]
    jsonl: JsonlOpt,
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

/// The output format asked for, or the default (a table on a terminal, JSONL otherwise); an
/// error when an option asks for what the format does not show.
fn format_of(args: &ScanArgs) -> Result<Format, String> {
    let format = match args.format {
        Some(FormatArg::Table) => Format::Table,
        Some(FormatArg::Json) => Format::Json,
        Some(FormatArg::Jsonl) => Format::Jsonl,
        Some(FormatArg::Csv) => Format::Csv,
        None if io::stdout().is_terminal() => Format::Table,
        None => Format::Jsonl,
    };
    let named = if args.format.is_some() { "" } else { " (the default on a terminal)" };
    if args.suggestions && matches!(format, Format::Table | Format::Csv) {
        return Err(format!(
            "--suggestions shows in JSON only, not in the {}{named}: add --format json or jsonl",
            if format == Format::Table { "table" } else { "CSV" }
        ));
    }
    if !args.keep.is_empty() && format == Format::Table {
        return Err(format!("--keep shows in JSON and CSV, not in the table{named}: add --format jsonl, json or csv"));
    }
    Ok(format)
}

pub fn scan(args: ScanArgs) -> i32 {
    let format = match format_of(&args) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let Some(detector) = start(&args.corpus.run, &args.corpus.wordlists, args.suggestions) else {
        return EXIT_ERROR;
    };
    let mut attributes = match attribute_writer(args.attributes.as_ref(), &args.paths, &detector) {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    if attributes.is_some() {
        remove_temporaries_on_signal();
    }
    let mut options = args.corpus.input.options(args.jsonl.jsonl);
    options.binary = args.binary;
    let stdout = io::stdout().lock();
    let width =
        if io::stdout().is_terminal() { terminal_size::terminal_size().map(|(w, _)| w.0 as usize) } else { None };
    let mut printer =
        Printer::new(format, io::BufWriter::with_capacity(256 * 1024, stdout)).keep(args.keep.clone()).width(width);
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
    let keep = &args.keep;
    // JSONL is rendered on the worker threads: the writing thread only copies bytes.
    let render = format == Format::Jsonl;
    let (tally, result) = driver.run_with(
        args.paths.clone(),
        |record, raw| {
            let report = detector.score(&record.doc.id, &record.doc.text);
            let attributes = with_attributes.then(|| DocAttributes::new(&record.doc.text, &report));
            let kept = match raw {
                Some(line) if !keep.is_empty() => record::values(line, keep),
                _ => vec![serde_json::Value::Null; keep.len()],
            };
            let rendered = render.then(|| output::render_jsonl(&report, keep, &kept));
            (report, (attributes, rendered, kept))
        },
        |outcome| {
            match outcome {
                Outcome::Scanned(s) => {
                    match &s.extra.1 {
                        Some(line) => printer.write_rendered(line)?,
                        None => printer.write_row(&s.report, &s.extra.2)?,
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
    let detector = match args.wordlists.detector(args.threshold, false) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let mut options = args.input.options(args.jsonl.jsonl);
    // A document named to be explained is explained as text, even when it holds a NUL byte.
    options.binary = true;
    let colors = Colors::new(args.color.enabled());
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut status = EXIT_OK;
    for item in Inputs::new(args.paths, options.clone()) {
        if let Item::Warning { place, message } = &item {
            eprintln!("despin: warning: {place}: {message}");
            continue;
        }
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
