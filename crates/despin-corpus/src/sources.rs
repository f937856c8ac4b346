//! Sources: which sources feed a corpus spun text.
//!
//! Documents are grouped by a key: a field of the record (dotted paths allowed), reduced to the
//! host when it holds a URL (`https://www.Example.com:8080/a` groups under `example.com`), or
//! the input file. For each source: the documents, the share flagged, the mean score and the
//! most frequent artifacts; worst sources first.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use despin::Report;

use crate::output::csv_field;

/// How the table of sources is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourcesFormat {
    Table,
    Csv,
    Json,
}

/// The host of a URL, lower-cased, without user, port or a leading `www.`; None when `s` is
/// not a URL with a host.
///
/// ```
/// use despin_corpus::sources::host_of;
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

/// The name a source is counted under: the host of a URL, the value itself otherwise, and
/// `(no source)` for a record without one.
///
/// ```
/// use despin_corpus::sources::source_name;
/// assert_eq!(source_name(Some("https://www.example.com/a".into())), "example.com");
/// assert_eq!(source_name(None), "(no source)");
/// ```
pub fn source_name(source: Option<String>) -> String {
    match source {
        Some(v) => host_of(&v).unwrap_or(v),
        None => NO_SOURCE.to_string(),
    }
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
pub struct SourceRow {
    pub source: String,
    pub documents: u64,
    pub flagged: u64,
    pub share_flagged: f64,
    pub mean_score: f64,
    pub artifacts: Vec<Artifact>,
}

#[derive(Debug, Serialize)]
pub struct Artifact {
    pub text: String,
    pub original: String,
    pub count: u64,
}

const NO_SOURCE: &str = "(no source)";

/// The documents of a run, gathered by source.
#[derive(Debug, Default)]
pub struct Sources {
    stats: HashMap<String, Stats>,
}

impl Sources {
    /// Counts one document of `source` (None: the record has no such field).
    pub fn add(&mut self, source: Option<String>, report: &Report) {
        let key = source_name(source);
        let st = self.stats.entry(key).or_default();
        st.documents += 1;
        st.flagged += u64::from(report.spun);
        st.score_sum += report.score;
        for h in &report.hits {
            let text = h.text.to_lowercase();
            if let Some(a) = st.artifacts.get_mut(&text) {
                a.0 += 1;
            } else if st.artifacts.len() < MAX_ARTIFACTS {
                st.artifacts.insert(text, (1, h.original.to_lowercase()));
            }
        }
    }

    /// How many sources were seen.
    pub fn len(&self) -> usize {
        self.stats.len()
    }

    /// Whether no document was counted.
    pub fn is_empty(&self) -> bool {
        self.stats.is_empty()
    }

    /// The rows of the report, worst first: sources with at least `min_docs` documents, each
    /// with its `artifacts` most frequent artifacts.
    pub fn rows(self, min_docs: u64, artifacts: usize) -> Vec<SourceRow> {
        let mut rows: Vec<SourceRow> = self
            .stats
            .into_iter()
            .filter(|(_, st)| st.documents >= min_docs)
            .map(|(source, st)| {
                let mut list: Vec<Artifact> = st
                    .artifacts
                    .into_iter()
                    .map(|(text, (count, original))| Artifact { text, original, count })
                    .collect();
                list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
                list.truncate(artifacts);
                SourceRow {
                    source,
                    documents: st.documents,
                    flagged: st.flagged,
                    share_flagged: st.flagged as f64 / st.documents as f64,
                    mean_score: st.score_sum / st.documents as f64,
                    artifacts: list,
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
        rows
    }
}

fn artifacts_text(row: &SourceRow) -> String {
    row.artifacts.iter().map(|a| format!("{} -> {} ({})", a.text, a.original, a.count)).collect::<Vec<_>>().join("; ")
}

/// Writes the rows in a format.
pub fn write_rows(out: &mut impl Write, rows: &[SourceRow], format: SourcesFormat) -> io::Result<()> {
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
