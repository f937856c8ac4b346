//! `despin sources`: which sources feed a corpus spun text (the step itself is
//! [`despin_corpus::sources`]).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use despin_corpus::input::record;
use despin_corpus::run::{Driver, Flow, Outcome};
use despin_corpus::sources::{write_rows, Sources, SourcesFormat};

use super::{fail, is_broken_pipe, monitor, start};
use crate::args::{CorpusOpts, EXIT_ERROR, EXIT_OK};

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatArg {
    Table,
    Csv,
    Json,
}

#[derive(Args, Debug)]
pub struct SourcesArgs {
    /// JSONL files (also compressed: .gz, .zst), folders of them, or `-` for standard input.
    /// Files and standard input named here are read as JSONL whatever their name; in folders,
    /// files whose name (*.jsonl, *.ndjson) or first line (a JSON object with the text key, as
    /// in dolma's *.json.gz) says JSONL, and the others are skipped with a note.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The field that names the source (dotted paths allowed); a URL counts as its host
    /// (without `www.`). `@file` groups by input file. Records without it count under
    /// "(no source)", with a warning the first time.
    #[arg(long, value_name = "KEY", default_value = "url")]
    by: String,
    /// Output format. Default: table on a terminal, CSV otherwise.
    #[arg(long, short = 'f', value_enum)]
    format: Option<FormatArg>,
    /// Show only the N worst sources (0: all).
    #[arg(long, value_name = "N", default_value_t = 0)]
    top: usize,
    /// Leave out sources with fewer documents than this.
    #[arg(long, value_name = "N", default_value_t = 1)]
    min_docs: u64,
    /// How many artifacts to list for each source.
    #[arg(long, value_name = "N", default_value_t = 3)]
    artifacts: usize,
    #[command(flatten)]
    corpus: CorpusOpts,
}

pub fn sources(args: SourcesArgs) -> i32 {
    let Some(detector) = start(&args.corpus.run, &args.corpus.wordlists, false) else {
        return EXIT_ERROR;
    };
    let by_file = args.by == "@file";
    let mut options = args.corpus.input.options(false);
    options.records = true;
    if !by_file {
        options.extra_key = Some(args.by.clone());
    }
    let monitor = monitor(&args.corpus.run, &args.paths, true);
    let driver = Driver {
        detector: &detector,
        options: &options,
        // (For the keys of the first record without the field to group by.)
        keep_raw: !by_file,
        quiet: args.corpus.run.quiet,
        monitor: &*monitor,
    };
    let mut sources = Sources::default();
    let mut missed = 0u64;
    let (tally, result) = driver.run(
        args.paths,
        |_, _| (),
        |outcome| {
            if let Outcome::Scanned(s) = outcome {
                let key = if by_file { Some(s.place.path.to_string()) } else { s.extra_key };
                if key.is_none() {
                    missed += 1;
                    if missed == 1 {
                        let hint = s.raw.as_deref().and_then(|l| record::miss_hint(l, &args.by));
                        monitor.message(&format!(
                            "warning: {}: no {:?} to group by (missing, or not a string or number){}; records \
                             without it count under \"(no source)\" (said once)",
                            s.place,
                            args.by,
                            hint.map(|h| format!(": {h}")).unwrap_or_default()
                        ));
                    }
                }
                sources.add(key, &s.report);
            }
            Ok(Flow::Continue)
        },
    );
    drop(monitor);
    if let Err(e) = result {
        return fail(e);
    }
    let total = sources.len();
    let mut rows = sources.rows(args.min_docs, args.artifacts);
    let all = rows.len();
    if args.top > 0 {
        rows.truncate(args.top);
    }
    let format = match args.format {
        Some(FormatArg::Table) => SourcesFormat::Table,
        Some(FormatArg::Csv) => SourcesFormat::Csv,
        Some(FormatArg::Json) => SourcesFormat::Json,
        None if io::stdout().is_terminal() => SourcesFormat::Table,
        None => SourcesFormat::Csv,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = write_rows(&mut out, &rows, format).and_then(|()| out.flush());
    if let Err(e) = written {
        if !is_broken_pipe(&e) {
            return fail(format!("cannot write output: {e}"));
        }
    }
    if !args.corpus.run.quiet {
        let shown = if rows.len() < all { format!(" ({} shown)", rows.len()) } else { String::new() };
        let small = total - all;
        let left_out = if small > 0 {
            format!(", {small} with fewer than {} documents left out", args.min_docs)
        } else {
            String::new()
        };
        eprintln!(
            "despin: {} document{} from {} source{}{shown}{left_out}, {} flagged as spun{}{}",
            tally.documents,
            if tally.documents == 1 { "" } else { "s" },
            total,
            if total == 1 { "" } else { "s" },
            tally.flagged,
            if tally.errors() > 0 { format!(", {} error(s)", tally.errors()) } else { String::new() },
            if missed > 0 { format!(", {missed} without {:?}", args.by) } else { String::new() }
        );
    }
    if tally.errors() > 0 {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}
