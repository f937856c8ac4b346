//! `despin sources`: which sources feed a corpus spun text.
//!
//! Documents are grouped by a key: a field of the record (dotted paths allowed), reduced to
//! the host when it holds a URL (`https://www.Example.com:8080/a` groups under `example.com`),
//! or `@file`, the input file. For each source the report gives the documents, the share
//! flagged, the mean score and the most frequent artifacts, worst sources first.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::scan::show_progress;
use super::{is_broken_pipe, InputOpts, RunOpts, WordlistOpts, EXIT_ERROR, EXIT_OK};
use crate::output::csv_field;
use crate::run::{Driver, Flow, Outcome};

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourcesFormat {
    Table,
    Csv,
    Json,
}

#[derive(Args, Debug)]
pub struct SourcesArgs {
    /// JSONL files (also .jsonl.gz, .jsonl.zst), folders of them, or `-` for standard input.
    /// Every input is read as JSONL.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The field that names the source (dotted paths allowed); a URL counts as its host
    /// (without `www.`). `@file` groups by input file.
    #[arg(long, value_name = "KEY", default_value = "url")]
    by: String,
    /// Output format. Default: table on a terminal, CSV otherwise.
    #[arg(long, short = 'f', value_enum)]
    format: Option<SourcesFormat>,
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
    run: RunOpts,
    #[command(flatten)]
    wordlists: WordlistOpts,
    #[command(flatten)]
    input: InputOpts,
}

/// The host of a URL, lower-cased, without user, port or a leading `www.`; None when `s` is
/// not a URL with a host.
///
/// ```
/// use despin::cli::host_of;
/// assert_eq!(host_of("https://user@WWW.Example.com:8080/a?b#c").as_deref(), Some("example.com"));
/// assert_eq!(host_of("http://[::1]:80/").as_deref(), Some("[::1]"));
/// assert_eq!(host_of("example.com/a"), None);
/// ```
pub fn host_of(s: &str) -> Option<String> {
    let (scheme, rest) = s.trim().split_once("://")?;
    if scheme.is_empty() || !scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split_once(']').map_or(host_port, |(h, _)| &host_port[..h.len() + 1])
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.').to_lowercase();
    let host = host.strip_prefix("www.").map(str::to_string).unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

/// What is known of one source.
#[derive(Debug, Default)]
struct Stats {
    documents: u64,
    flagged: u64,
    score_sum: f64,
    /// Lower-cased hit text -> (count, original).
    artifacts: HashMap<String, (u64, String)>,
}

/// Most different artifacts counted per source, to keep memory bounded on huge corpora.
const MAX_ARTIFACTS: usize = 256;

/// One line of the report.
#[derive(Debug, Serialize)]
struct SourceRow {
    source: String,
    documents: u64,
    flagged: u64,
    share_flagged: f64,
    mean_score: f64,
    artifacts: Vec<Artifact>,
}

#[derive(Debug, Serialize)]
struct Artifact {
    text: String,
    original: String,
    count: u64,
}

const NO_SOURCE: &str = "(no source)";

pub fn sources(args: SourcesArgs) -> i32 {
    let Some(scanner) = args.run.start(&args.wordlists) else {
        return EXIT_ERROR;
    };
    let by_file = args.by == "@file";
    let mut options = args.input.options();
    options.jsonl = true;
    if !by_file {
        options.extra_key = Some(args.by.clone());
    }
    let driver = Driver {
        scanner: &scanner,
        options: &options,
        keep_raw: false,
        quiet: args.run.quiet,
        progress: show_progress(args.run.quiet),
    };
    let mut stats: HashMap<String, Stats> = HashMap::new();
    let (tally, result) = driver.run(
        args.paths,
        |_, _| (),
        |outcome| {
            if let Outcome::Scanned(s) = outcome {
                let key = if by_file {
                    s.place.path.to_string()
                } else {
                    match s.extra_key {
                        Some(v) => host_of(&v).unwrap_or(v),
                        None => NO_SOURCE.to_string(),
                    }
                };
                let st = stats.entry(key).or_default();
                st.documents += 1;
                st.flagged += u64::from(s.report.spun);
                st.score_sum += s.report.score;
                for h in &s.report.hits {
                    let text = h.text.to_lowercase();
                    if let Some(a) = st.artifacts.get_mut(&text) {
                        a.0 += 1;
                    } else if st.artifacts.len() < MAX_ARTIFACTS {
                        st.artifacts.insert(text, (1, h.original.to_lowercase()));
                    }
                }
            }
            Ok(Flow::Continue)
        },
    );
    if let Err(e) = result {
        eprintln!("despin: {e}");
        return EXIT_ERROR;
    }
    let mut rows: Vec<SourceRow> = stats
        .into_iter()
        .filter(|(_, st)| st.documents >= args.min_docs)
        .map(|(source, st)| {
            let mut artifacts: Vec<Artifact> =
                st.artifacts.into_iter().map(|(text, (count, original))| Artifact { text, original, count }).collect();
            artifacts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
            artifacts.truncate(args.artifacts);
            SourceRow {
                source,
                documents: st.documents,
                flagged: st.flagged,
                share_flagged: st.flagged as f64 / st.documents as f64,
                mean_score: st.score_sum / st.documents as f64,
                artifacts,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.share_flagged
            .total_cmp(&a.share_flagged)
            .then(b.mean_score.total_cmp(&a.mean_score))
            .then(b.documents.cmp(&a.documents))
            .then_with(|| a.source.cmp(&b.source))
    });
    if args.top > 0 {
        rows.truncate(args.top);
    }
    let format =
        args.format.unwrap_or(if io::stdout().is_terminal() { SourcesFormat::Table } else { SourcesFormat::Csv });
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = write_rows(&mut out, &rows, format).and_then(|()| out.flush());
    if let Err(e) = written {
        if !is_broken_pipe(&e) {
            eprintln!("despin: cannot write output: {e}");
            return EXIT_ERROR;
        }
    }
    if !args.run.quiet {
        eprintln!(
            "despin: {} document{} from {} source{}, {} flagged as spun{}",
            tally.documents,
            if tally.documents == 1 { "" } else { "s" },
            rows.len(),
            if rows.len() == 1 { "" } else { "s" },
            tally.flagged,
            if tally.errors() > 0 { format!(", {} error(s)", tally.errors()) } else { String::new() }
        );
    }
    if tally.errors() > 0 {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}

fn artifacts_text(row: &SourceRow) -> String {
    row.artifacts.iter().map(|a| format!("{} -> {} ({})", a.text, a.original, a.count)).collect::<Vec<_>>().join("; ")
}

fn write_rows(out: &mut impl Write, rows: &[SourceRow], format: SourcesFormat) -> io::Result<()> {
    match format {
        SourcesFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            writeln!(out)
        }
        SourcesFormat::Csv => {
            writeln!(out, "source,documents,flagged,share_flagged,mean_score,top_artifacts")?;
            for r in rows {
                writeln!(
                    out,
                    "{},{},{},{:.4},{:.4},{}",
                    csv_field(&r.source),
                    r.documents,
                    r.flagged,
                    r.share_flagged,
                    r.mean_score,
                    csv_field(&artifacts_text(r))
                )?;
            }
            Ok(())
        }
        SourcesFormat::Table => {
            let width = rows.iter().map(|r| r.source.chars().count()).max().unwrap_or(6).clamp(6, 40);
            writeln!(out, "{:>7}  {:>8}  {:>5}  {:<width$}  top artifacts", "flagged", "docs", "mean", "source")?;
            for r in rows {
                writeln!(
                    out,
                    "{:>6.1}%  {:>8}  {:>5.3}  {:<width$}  {}",
                    r.share_flagged * 100.0,
                    r.documents,
                    r.mean_score,
                    r.source,
                    artifacts_text(r)
                )?;
            }
            Ok(())
        }
    }
}
