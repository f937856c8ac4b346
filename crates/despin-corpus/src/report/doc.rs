//! One document of the report as HTML: its text with every hit marked (the original in
//! `data-o`, the list in `data-list`, listed and inferred hits told apart by class), the
//! restored text beside it for the toggle, and a header with the verdict. Rendered on the
//! worker threads, only for the documents the report may show.
//!
//! Document text is escaped and isolated (`dir="auto"`, and `<bdi>` around ids and sources), so
//! markup in it stays text and right-to-left marks in it cannot reorder the page around it.

use std::fmt::Write;

use despin::{Hit, Report};

use super::escape::escape_into;

/// The most bytes of one document the report shows; the rest is left out, and said so.
pub const MAX_SHOWN_BYTES: usize = 64 * 1024;

/// Where the text shown ends: at most [`MAX_SHOWN_BYTES`], on a character boundary, and
/// before any hit that would be cut.
fn cut_point(text: &[u8], hits: &[Hit]) -> usize {
    if text.len() <= MAX_SHOWN_BYTES {
        return text.len();
    }
    let mut cut = MAX_SHOWN_BYTES;
    while cut > 0 && text[cut] & 0xC0 == 0x80 {
        cut -= 1;
    }
    if let Some(h) = hits.iter().find(|h| h.start < cut && h.end > cut) {
        cut = h.start;
    }
    cut
}

fn text_into(out: &mut String, bytes: &[u8]) {
    escape_into(out, &String::from_utf8_lossy(bytes));
}

/// The text with each hit marked (`restored`: false) or replaced by its original.
fn body(out: &mut String, text: &[u8], hits: &[Hit], restored: bool) {
    let mut pos = 0;
    for h in hits {
        if h.start < pos || h.end > text.len() {
            continue;
        }
        text_into(out, &text[pos..h.start]);
        let kind = if h.is_listed() { "listed" } else { "inferred" };
        if restored {
            out.push_str("<ins class=\"");
            out.push_str(kind);
            out.push_str("\" data-was=\"");
            text_into(out, &text[h.start..h.end]);
            out.push_str("\">");
            escape_into(out, &h.original);
            out.push_str("</ins>");
        } else {
            out.push_str("<mark class=\"hit ");
            out.push_str(kind);
            out.push_str("\" tabindex=\"0\" data-o=\"");
            escape_into(out, &h.original);
            out.push_str("\" data-list=\"");
            escape_into(out, &h.list);
            out.push_str("\">");
            text_into(out, &text[h.start..h.end]);
            out.push_str("</mark>");
        }
        pos = h.end;
    }
    text_into(out, &text[pos..]);
}

/// The start of a document's `<article>`, with its source (what the sources table calls it,
/// known only in input order, after [`render`] ran on a worker) and, when the table has the
/// source, its documents and share flagged.
pub fn open_article(out: &mut String, key: u64, flagged: bool, source: &str, stats: Option<(u64, f64)>) {
    let _ = write!(out, "<article class=\"doc\" id=\"doc-{key:016x}\" data-flagged=\"{flagged}\" data-source=\"");
    escape_into(out, source);
    out.push_str("\">\n<p class=\"source\">From <bdi>");
    escape_into(out, source);
    out.push_str("</bdi>");
    if let Some((documents, share)) = stats {
        let _ = write!(
            out,
            " ({documents} document{}, {:.1}% flagged)",
            if documents == 1 { "" } else { "s" },
            100.0 * share
        );
    }
    out.push_str("</p>\n");
}

/// The document inside its `<article>`, to the closing tag: `key` makes its element ids
/// unique.
pub fn render(key: u64, text: &[u8], report: &Report) -> String {
    let cut = cut_point(text, &report.hits);
    let shown: Vec<Hit> = report.hits.iter().filter(|h| h.end <= cut).cloned().collect();
    let listed = report.hits.iter().filter(|h| h.is_listed()).count();
    let inferred = report.hits.len() - listed;
    let mut out = String::with_capacity(cut * 2 + 1024);
    let seq = format!("{key:016x}");
    out.push_str("<header><h4><bdi>");
    escape_into(&mut out, &report.id);
    let verdict = if report.spun {
        "<span class=\"verdict flagged\">Flagged</span>"
    } else {
        "<span class=\"verdict\">Not flagged</span>"
    };
    let _ = write!(
        out,
        "</bdi></h4>\n<p class=\"meta\">{verdict} score <b>{:.4}</b> · {} words · {} hit{} ({listed} listed, {inferred} inferred)</p>",
        report.score,
        report.words,
        report.hits.len(),
        if report.hits.len() == 1 { "" } else { "s" },
    );
    let _ = write!(
        out,
        "\n<button type=\"button\" class=\"toggle\" aria-pressed=\"false\" aria-controls=\"doc-{seq}-t doc-{seq}-r\">Show restored text</button></header>\n<div class=\"text spun\" id=\"doc-{seq}-t\" dir=\"auto\">"
    );
    body(&mut out, &text[..cut], &shown, false);
    let _ = write!(out, "</div>\n<div class=\"text restored\" id=\"doc-{seq}-r\" dir=\"auto\" hidden>");
    body(&mut out, &text[..cut], &shown, true);
    out.push_str("</div>\n");
    if cut < text.len() {
        let left = report.hits.len() - shown.len();
        let _ = writeln!(
            out,
            "<p class=\"note\">Only the first {} of {} bytes are shown; {left} hit{} beyond them {} not marked.</p>",
            cut,
            text.len(),
            if left == 1 { "" } else { "s" },
            if left == 1 { "is" } else { "are" }
        );
    }
    out.push_str("</article>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use despin::{Config, Detector};

    /// The text of an element of `html` whose start tag begins with `open`, tags dropped and
    /// the five escapes undone.
    fn text_of(html: &str, open: &str) -> String {
        let start = html.find(open).unwrap();
        let from = start + html[start..].find('>').unwrap() + 1;
        let to = from + html[from..].find("</div>").unwrap();
        let mut plain = String::new();
        let mut in_tag = false;
        for c in html[from..to].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        plain
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn marks_every_hit_and_restores_as_the_library_does() {
        let detector = Detector::new(Config::default().infer()).unwrap();
        let text = "Talks resumed in Would possibly for a 3rd spherical of talks <b>&amp;</b> \"more\".".as_bytes();
        let report = detector.score("a<b>", text);
        assert!(report.hits.len() >= 2);
        let html = render(7, text, &report);
        assert_eq!(html.matches("<mark ").count(), report.hits.len());
        assert_eq!(text_of(&html, "<div class=\"text spun\""), String::from_utf8_lossy(text));
        let restored = despin::restore::restore(text, &report.hits);
        assert_eq!(text_of(&html, "<div class=\"text restored\""), String::from_utf8_lossy(&restored));
        assert!(html.contains("<bdi>a&lt;b&gt;</bdi>"));
        assert!(!html.contains("<b>&amp;"));
    }

    #[test]
    fn a_long_text_is_cut_before_a_hit_and_says_so() {
        let detector = Detector::new(Config::default().lists_only()).unwrap();
        let mut text = "word ".repeat(MAX_SHOWN_BYTES / 5 - 1).into_bytes();
        text.extend_from_slice("a 3rd spherical of talks, é".repeat(50).as_bytes());
        let report = detector.score("long", &text);
        let html = render(1, &text, &report);
        let marked = html.matches("<mark ").count();
        assert!(marked < report.hits.len());
        assert!(html.contains(&format!("{} hits beyond them are not marked", report.hits.len() - marked)));
    }
}
