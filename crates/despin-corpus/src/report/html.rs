//! The page: one self-contained HTML file. Style and script are inline, and a
//! Content-Security-Policy allows no request at all and no script but the page's own (by its
//! hash), so that even text that escaped its escaping could fetch or run nothing.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use sha2::{Digest, Sha256};

use super::collect::Shown;
use super::doc::open_article;
use super::escape::{escape, escape_into};
use super::histogram::{Histogram, BINS};
use super::svg::{histogram_svg, sources_svg};
use super::Page;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// How many sources the chart of the page shows.
pub const CHART_SOURCES: usize = 20;

/// Standard base64 of bytes (for the hash of the script in the policy).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() { A[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// The Content-Security-Policy of the page.
pub fn policy() -> String {
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{}'; base-uri 'none'; form-action 'none'",
        base64(&Sha256::digest(JS.as_bytes()))
    )
}

/// A count with thousands separated.
fn num(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "0%".into()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", num(n), if n == 1 { one } else { many })
}

fn head(s: &mut String, page: &Page) {
    let title = escape(&page.settings.title);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"despin {}\">\n<title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
<a class=\"skip\" href=\"#documents\">Skip to the documents</a>\n<header class=\"top\">\n<h1>{title}</h1>\n",
        policy(),
        env!("CARGO_PKG_VERSION")
    );
    for line in &page.settings.about {
        s.push_str("<p class=\"about\">");
        escape_into(s, line);
        s.push_str("</p>\n");
    }
    s.push_str(
        "<nav aria-label=\"Sections\"><a href=\"#overview\">Overview</a> <a href=\"#sources\">Sources</a> \
<a href=\"#documents\">Documents</a></nav>\n</header>\n<main>\n",
    );
}

fn overview(s: &mut String, page: &Page) {
    let t = &page.tally;
    let _ = write!(
        s,
        "<section id=\"overview\" aria-labelledby=\"overview-h\">\n<h2 id=\"overview-h\">Overview</h2>\n<dl class=\"stats\">\n\
<div><dt>Documents</dt><dd id=\"stat-documents\">{}</dd></div>\n<div><dt>Words</dt><dd>{}</dd></div>\n\
<div><dt>Flagged as spun</dt><dd id=\"stat-flagged\">{} ({})</dd></div>\n\
<div><dt>Hits</dt><dd>{} listed, {} inferred</dd></div>\n<div><dt>Threshold</dt><dd>{}</dd></div>\n",
        num(page.documents),
        num(page.words),
        num(page.flagged),
        percent(page.flagged, page.documents),
        num(page.listed_hits),
        num(page.inferred_hits),
        page.settings.threshold
    );
    if t.errors() + t.skipped + t.warnings > 0 {
        let _ = writeln!(
            s,
            "<div><dt>Problems</dt><dd>{} error{}, {} warning{}, {} skipped</dd></div>",
            num(t.errors()),
            if t.errors() == 1 { "" } else { "s" },
            num(t.warnings),
            if t.warnings == 1 { "" } else { "s" },
            num(t.skipped)
        );
    }
    s.push_str("</dl>\n<figure>\n");
    s.push_str(&histogram_svg(&page.histogram, page.settings.threshold));
    let _ = writeln!(
        s,
        "<figcaption>How the scores spread: documents per bin of score, {BINS} bins of equal width on the log-odds \
scale (most scores are near 0 or near 1), counts on a log scale. The dashed line is the threshold.</figcaption>\n</figure>"
    );
    s.push_str(
        "<details class=\"bins\"><summary>The histogram as a table</summary>\n<table>\n<thead><tr><th scope=\"col\">Scores from</th>\
<th scope=\"col\">to</th><th scope=\"col\">Documents</th></tr></thead>\n<tbody>\n",
    );
    for (i, n) in page.histogram.counts().iter().enumerate() {
        let (lo, hi) = Histogram::range(i);
        let _ = writeln!(
            s,
            "<tr><td class=\"num\">{lo:.6}</td><td class=\"num\">{hi:.6}</td><td class=\"num\">{}</td></tr>",
            num(*n)
        );
    }
    s.push_str("</tbody>\n</table>\n</details>\n</section>\n");
}

fn sources(s: &mut String, page: &Page) {
    s.push_str("<section id=\"sources\" aria-labelledby=\"sources-h\">\n<h2 id=\"sources-h\">Sources</h2>\n<p>");
    let _ = write!(s, "{} grouped by ", plural(page.sources_total as u64, "source", "sources"));
    escape_into(s, &page.settings.by);
    s.push_str(", worst first (by share flagged, then mean score).");
    if page.sources.len() < page.sources_total {
        let _ = write!(
            s,
            " The table shows the worst {}; {} more are left out.",
            num(page.sources.len() as u64),
            num((page.sources_total - page.sources.len()) as u64)
        );
    }
    s.push_str(" Sort by a column with its heading; a source's link shows its documents among those below.</p>\n");
    s.push_str(
        "<table class=\"sortable\" id=\"sources-table\">\n<thead><tr>\
<th scope=\"col\" aria-sort=\"none\"><button type=\"button\">Source</button></th>\
<th scope=\"col\" aria-sort=\"none\" data-numeric><button type=\"button\">Documents</button></th>\
<th scope=\"col\" aria-sort=\"none\" data-numeric><button type=\"button\">Flagged</button></th>\
<th scope=\"col\" aria-sort=\"descending\" data-numeric><button type=\"button\">Share flagged</button></th>\
<th scope=\"col\" aria-sort=\"none\" data-numeric><button type=\"button\">Mean score</button></th>\
<th scope=\"col\">Top artifacts</th><th scope=\"col\" aria-sort=\"none\" data-numeric><button type=\"button\">Shown below</button></th>\
</tr></thead>\n<tbody>\n",
    );
    let shown = |source: &str| page.worst.iter().chain(&page.sample).filter(|d| d.source == source).count();
    for r in &page.sources {
        s.push_str("<tr><th scope=\"row\"><bdi>");
        escape_into(s, &r.source);
        let _ = write!(
            s,
            "</bdi></th><td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td>\
<td class=\"num\" data-v=\"{:.6}\">{:.1}%</td><td class=\"num\" data-v=\"{:.6}\">{:.4}</td><td class=\"artifacts\">",
            r.documents,
            num(r.documents),
            r.flagged,
            num(r.flagged),
            r.share_flagged,
            100.0 * r.share_flagged,
            r.mean_score,
            r.mean_score
        );
        for (i, a) in r.artifacts.iter().enumerate() {
            if i > 0 {
                s.push_str("; ");
            }
            s.push_str("<bdi>");
            escape_into(s, &a.text);
            s.push_str("</bdi> → <bdi>");
            escape_into(s, &a.original);
            let _ = write!(s, "</bdi> ({})", num(a.count));
        }
        let n = shown(&r.source);
        let _ = write!(s, "</td><td class=\"num\" data-v=\"{n}\">");
        if n == 0 {
            s.push_str("none");
        } else {
            s.push_str("<a class=\"src-link\" href=\"#documents\" data-source=\"");
            escape_into(s, &r.source);
            let _ = write!(s, "\">{} shown</a>", num(n as u64));
        }
        s.push_str("</td></tr>\n");
    }
    s.push_str("</tbody>\n</table>\n<figure>\n");
    s.push_str(&sources_svg(&page.sources, CHART_SOURCES));
    s.push_str("<figcaption>The share of documents flagged, for the worst sources of the table.</figcaption>\n</figure>\n</section>\n");
}

fn group(out: &mut impl Write, s: &mut String, page: &Page, heading: &str, docs: &[Shown]) -> io::Result<()> {
    if docs.is_empty() {
        return Ok(());
    }
    let stats: HashMap<&str, (u64, f64)> =
        page.sources.iter().map(|r| (r.source.as_str(), (r.documents, r.share_flagged))).collect();
    let _ = writeln!(s, "<div class=\"group\">\n<h3>{heading}</h3>");
    for d in docs {
        open_article(s, d.key, d.spun, &d.source, stats.get(d.source.as_str()).copied());
        out.write_all(s.as_bytes())?;
        out.write_all(d.html.as_bytes())?;
        s.clear();
    }
    s.push_str("</div>\n");
    Ok(())
}

fn documents(out: &mut impl Write, s: &mut String, page: &Page) -> io::Result<()> {
    let unflagged = page.documents - page.flagged;
    let shown = page.worst.len() + page.sample.len();
    let _ = write!(
        s,
        "<section id=\"documents\" aria-labelledby=\"documents-h\">\n<h2 id=\"documents-h\">Documents</h2>\n\
<p class=\"legend\">In each text, <span class=\"hit listed\">a listed phrase</span> is one a wordlist holds (solid underline, ▸), \
<span class=\"hit inferred\">an inferred one</span> was found beyond the lists (dashed underline, italic, ?). \
Hover over a phrase, or focus it with Tab, to see its likely original; “Show restored text” puts the originals back \
(<ins>underlined in green</ins>). Printed, each phrase is followed by its original.</p>\n<p id=\"shown\">Shown: {} of {}: ",
        num(shown as u64),
        plural(page.documents, "document", "documents")
    );
    if page.flagged > 0 {
        let _ = write!(s, "the {} of the {} flagged", num(page.worst.len() as u64), num(page.flagged));
        if (page.worst.len() as u64) < page.flagged {
            let _ = write!(s, " with the highest scores ({} left out)", num(page.flagged - page.worst.len() as u64));
        }
    } else {
        s.push_str("none flagged");
    }
    let _ = write!(s, ", and a sample of {} of the {} not flagged", num(page.sample.len() as u64), num(unflagged));
    if (page.sample.len() as u64) < unflagged {
        let _ = write!(s, " ({} left out; --sample sets how many)", num(unflagged - page.sample.len() as u64));
    }
    let _ = writeln!(
        s,
        ". At most {} are shown (--max-docs), and at most {} KiB of each text.</p>",
        num(page.settings.max_docs as u64),
        super::doc::MAX_SHOWN_BYTES / 1024
    );
    s.push_str(
        "<div id=\"filter\" role=\"status\" hidden>Showing only the documents of <bdi id=\"filter-name\"></bdi>. \
<button type=\"button\" id=\"show-all\">Show all documents</button></div>\n",
    );
    // The documents are written one at a time, not gathered into one string.
    group(out, s, page, "Flagged, worst first", &page.worst)?;
    group(out, s, page, "A sample of the documents not flagged", &page.sample)?;
    s.push_str("</section>\n");
    Ok(())
}

/// Writes the page.
pub fn write(out: &mut impl Write, page: &Page) -> io::Result<()> {
    let mut s = String::with_capacity(1 << 16);
    head(&mut s, page);
    overview(&mut s, page);
    sources(&mut s, page);
    documents(out, &mut s, page)?;
    let _ =
        write!(s, "</main>\n<div id=\"tip\" role=\"tooltip\" hidden></div>\n<script>{JS}</script>\n</body>\n</html>\n");
    out.write_all(s.as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_specified() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(num(0), "0");
        assert_eq!(num(999), "999");
        assert_eq!(num(1000), "1,000");
        assert_eq!(num(1234567), "1,234,567");
    }

    #[test]
    fn the_script_has_no_end_tag() {
        assert!(!JS.contains("</"), "the script must not hold '</'");
    }
}
