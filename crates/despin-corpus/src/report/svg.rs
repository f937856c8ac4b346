//! The report's charts as SVG written by hand, the same in the page and in the files of
//! `--svg`: the histogram of scores with the threshold marked, and the share flagged of the
//! worst sources. Each bin is one `<rect class="bar">`, empty ones too (height 0), with its
//! range and count in `data-` attributes and a `<title>`.
//!
//! ```
//! use despin_corpus::report::histogram::{Histogram, BINS};
//! use despin_corpus::report::svg::histogram_svg;
//!
//! let mut h = Histogram::default();
//! h.add(0.001);
//! let svg = histogram_svg(&h, 0.5);
//! assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
//! assert_eq!(svg.matches("<rect class=\"bar").count(), BINS);
//! ```

use std::fmt::Write;

use super::escape::escape_xml;
use super::histogram::{logit, Histogram, BINS, LOGIT_MAX, LOGIT_MIN};
use crate::sources::SourceRow;

const BELOW: &str = "#1b6ca8";
const ABOVE: &str = "#c0392b";
const FONT: &str = r#"font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12""#;

/// A probability as the axis writes it.
fn tick_label(p: f64) -> String {
    let s = format!("{p:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The histogram of scores on a log-odds axis, document counts on a log axis.
pub fn histogram_svg(h: &Histogram, threshold: f64) -> String {
    let (w, ht) = (720.0, 300.0);
    let (x0, y0, pw, ph) = (64.0, 36.0, 620.0, 200.0);
    let x_of = |l: f64| x0 + (l - LOGIT_MIN) / (LOGIT_MAX - LOGIT_MIN) * pw;
    let top = h.counts().iter().copied().max().unwrap_or(0).max(1) as f64;
    let y_of = |n: f64| y0 + ph - (1.0 + n).log10() / (1.0 + top).log10() * ph;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart histogram" width="{w}" height="{ht}" viewBox="0 0 {w} {ht}" {FONT} role="img" aria-labelledby="hist-title hist-desc" data-bins="{BINS}">"##
    );
    let _ = writeln!(s, r##"<title id="hist-title">Scores of {} documents</title>"##, h.total());
    let _ = writeln!(
        s,
        r##"<desc id="hist-desc">Documents per score bin, {BINS} bins on a log-odds scale; the dashed line is the threshold {}; bins right of it are flagged.</desc>"##,
        tick_label(threshold)
    );
    let _ = writeln!(s, r##"<rect width="{w}" height="{ht}" fill="white"/>"##);
    // Grid: powers of ten of the counts.
    let mut t = 1.0;
    while t <= top {
        let y = y_of(t);
        let _ = writeln!(
            s,
            r##"<line x1="{x0}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="#ddd"/><text x="{}" y="{:.1}" text-anchor="end">{t}</text>"##,
            x0 + pw,
            x0 - 6.0,
            y + 4.0
        );
        t *= 10.0;
    }
    let _ = writeln!(s, r##"<text x="{x0}" y="{}" text-anchor="start">documents (log scale)</text>"##, y0 - 14.0);
    let cut = logit(threshold);
    let bw = pw / BINS as f64;
    for (i, &n) in h.counts().iter().enumerate() {
        let (lo, hi) = Histogram::range(i);
        let flagged = lo >= threshold;
        let y = if n == 0 { y0 + ph } else { y_of(n as f64) };
        let _ = writeln!(
            s,
            r##"<rect class="bar{}" data-bin="{i}" data-count="{n}" x="{:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>scores {} to {}: {n} document{}</title></rect>"##,
            if flagged { " flagged" } else { "" },
            x0 + i as f64 * bw + 0.5,
            bw - 1.0,
            y0 + ph - y,
            if flagged { ABOVE } else { BELOW },
            tick_label(lo),
            tick_label(hi),
            if n == 1 { "" } else { "s" }
        );
    }
    let _ = writeln!(s, r##"<line x1="{x0}" y1="{}" x2="{}" y2="{}" stroke="#333"/>"##, y0 + ph, x0 + pw, y0 + ph);
    for p in [0.0001, 0.01, 0.5, 0.99, 0.9999] {
        let x = x_of(logit(p));
        let _ = writeln!(
            s,
            r##"<line x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{}" stroke="#333"/><text x="{x:.1}" y="{}" text-anchor="middle">{}</text>"##,
            y0 + ph,
            y0 + ph + 5.0,
            y0 + ph + 18.0,
            tick_label(p)
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{}" y="{}" text-anchor="middle">score (log-odds scale)</text>"##,
        x0 + pw / 2.0,
        y0 + ph + 36.0
    );
    let tx = x_of(cut);
    let _ = writeln!(
        s,
        r##"<line class="threshold" x1="{tx:.1}" y1="{}" x2="{tx:.1}" y2="{}" stroke="black" stroke-width="1.5" stroke-dasharray="5 3"/>"##,
        y0 - 6.0,
        y0 + ph
    );
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{}" text-anchor="end">← not flagged</text><text x="{:.1}" y="{}">threshold {} · flagged →</text>"##,
        tx - 6.0,
        y0 + 8.0,
        tx + 6.0,
        y0 + 8.0,
        tick_label(threshold)
    );
    s.push_str("</svg>\n");
    s
}

/// The share flagged of the first `n` sources (the worst, in the table's order).
pub fn sources_svg(rows: &[SourceRow], n: usize) -> String {
    let rows = &rows[..rows.len().min(n)];
    let (w, x0, bar) = (720.0, 250.0, 360.0);
    let ht = 56.0 + 22.0 * rows.len().max(1) as f64;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart sources" width="{w}" height="{ht}" viewBox="0 0 {w} {ht}" {FONT} role="img" aria-labelledby="src-title">"##
    );
    let _ = writeln!(s, r##"<title id="src-title">Share flagged of the {} worst sources</title>"##, rows.len());
    let _ = writeln!(s, r##"<rect width="{w}" height="{ht}" fill="white"/>"##);
    let _ = writeln!(s, r##"<text x="{x0}" y="20">share of documents flagged</text>"##);
    for k in 0..=4 {
        let x = x0 + bar * k as f64 / 4.0;
        let _ = writeln!(
            s,
            r##"<line x1="{x}" y1="28" x2="{x}" y2="{}" stroke="#ddd"/><text x="{x}" y="{}" text-anchor="middle">{}%</text>"##,
            ht - 22.0,
            ht - 8.0,
            k * 25
        );
    }
    if rows.is_empty() {
        let _ = writeln!(s, r##"<text x="{x0}" y="48">no sources</text>"##);
    }
    for (i, r) in rows.iter().enumerate() {
        let y = 34.0 + 22.0 * i as f64;
        let name: String = r.source.chars().take(36).collect();
        let name = if name.len() < r.source.len() { format!("{name}…") } else { name };
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{:.1}" text-anchor="end" unicode-bidi="isolate" direction="ltr">{}</text>"##,
            x0 - 8.0,
            y + 12.0,
            escape_xml(&name)
        );
        let _ = writeln!(
            s,
            r##"<rect class="share" x="{x0}" y="{y:.1}" width="{:.1}" height="16" fill="{ABOVE}"><title>{}: {} of {} flagged</title></rect><text x="{:.1}" y="{:.1}">{:.1}% of {}</text>"##,
            bar * r.share_flagged,
            escape_xml(&r.source),
            r.flagged,
            r.documents,
            x0 + bar * r.share_flagged + 6.0,
            y + 12.0,
            100.0 * r.share_flagged,
            r.documents
        );
    }
    s.push_str("</svg>\n");
    s
}
