//! `despin report`: one self-contained HTML page about a run (the step itself is
//! [`despin_corpus::report`]), and its charts as SVG with `--svg`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use despin_corpus::output::files::Output;
use despin_corpus::report::{Collector, Settings};
use despin_corpus::run::{Driver, Flow, Outcome};

use super::{fail, monitor, start, summary};
use crate::args::{CorpusOpts, EXIT_ERROR, EXIT_OK};
use crate::signals::remove_temporaries_on_signal;

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Files, folders (walked recursively; hidden and binary files skipped) or `-` for
    /// standard input, as for `scan`.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The HTML file to write (`-`: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,
    /// Also write the charts as SVG files (scores.svg, sources.svg) into DIR.
    #[arg(long, value_name = "DIR")]
    svg: Option<PathBuf>,
    /// The most documents shown: the flagged ones with the highest scores first, then a
    /// sample of the rest.
    #[arg(long, value_name = "N", default_value_t = 300)]
    max_docs: usize,
    /// How many of the documents not flagged are shown, as a sample (within --max-docs).
    #[arg(long, value_name = "N", default_value_t = 30)]
    sample: usize,
    /// The field that names a document's source (dotted paths allowed; a URL counts as its
    /// host). `@file` groups by input file. A plain-text file without it counts under its folder.
    #[arg(long, value_name = "KEY", default_value = "url")]
    by: String,
    /// The most sources in the table (the worst first).
    #[arg(long, value_name = "N", default_value_t = 200)]
    max_sources: usize,
    /// The title of the page.
    #[arg(long, value_name = "TEXT", default_value = "despin report")]
    title: String,
    #[command(flatten)]
    corpus: CorpusOpts,
}

pub fn report(args: ReportArgs) -> i32 {
    let Some(detector) = start(&args.corpus.run, &args.corpus.wordlists, false) else {
        return EXIT_ERROR;
    };
    let by_file = args.by == "@file";
    let mut options = args.corpus.input.options(false);
    if !by_file {
        options.extra_key = Some(args.by.clone());
    }
    let detection = if args.corpus.wordlists.lists_only {
        "the lists alone (--lists-only)"
    } else if args.corpus.wordlists.sensitive {
        "the lists and inference tuned for recall (--sensitive)"
    } else {
        "the lists and inference"
    };
    let inputs: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let mut settings = Settings::new(detector.model().threshold);
    settings.title = args.title.clone();
    settings.about = vec![
        format!("Inputs: {}", inputs.join(", ")),
        format!("Detection: {detection}; flagged from a score of {}.", detector.model().threshold),
        format!("Made by despin {}.", env!("CARGO_PKG_VERSION")),
    ];
    settings.max_docs = args.max_docs;
    settings.sample = args.sample;
    settings.max_sources = args.max_sources;
    settings.by = if by_file { "input file".into() } else { format!("the field {:?}", args.by) };
    settings.by_file = by_file;
    remove_temporaries_on_signal();
    let mut out = match Output::create(&args.output) {
        Ok(o) => o,
        Err(e) => return fail(format!("cannot write {}: {e}", args.output.display())),
    };
    let monitor = monitor(&args.corpus.run, &args.paths, true);
    let driver = Driver {
        detector: &detector,
        options: &options,
        keep_raw: false,
        quiet: args.corpus.run.quiet,
        monitor: &*monitor,
    };
    let mut collector = Collector::new(settings);
    let gate = collector.gate();
    let (tally, result) = driver.run(
        args.paths,
        |record, report| gate.prepare(record, report),
        |outcome| {
            if let Outcome::Scanned(s) = outcome {
                collector.add(*s);
            }
            Ok(Flow::Continue)
        },
    );
    drop(monitor);
    if let Err(e) = result {
        return fail(e);
    }
    let page = collector.finish(&tally);
    if let Err(e) = page.write_html(&mut out).and_then(|()| out.flush()).and_then(|()| out.commit()) {
        return fail(format!("cannot write {}: {e}", args.output.display()));
    }
    if let Some(dir) = &args.svg {
        if let Err(e) = page.write_svgs(dir) {
            return fail(format!("cannot write the charts into {}: {e}", dir.display()));
        }
    }
    if !args.corpus.run.quiet {
        eprintln!(
            "{}; the report shows {} and is in {}",
            summary(&tally, "scanned"),
            page.shown(),
            args.output.display()
        );
    }
    if tally.errors() > 0 {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}
