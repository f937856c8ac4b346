//! A report as one line of JSONL, written field by field.
//!
//! The bytes are those serde_json writes for the derived `Serialize` of [`Report`]: numbers go
//! through serde_json, strings that need no escape are copied between quotes. What this saves
//! is serde_json's per-field machinery and a vector that grows by doubling: one allocation of
//! about the right size. A report with suggestions goes through serde_json itself.

use despin::Report;

/// `report` as one line of JSON, with its line end: what `Report::to_json_line` writes.
pub(super) fn report_line(report: &Report) -> Vec<u8> {
    if report.hits.iter().any(|h| !h.suggestions.is_empty()) {
        return report.to_json_line();
    }
    let strings: usize = report.hits.iter().map(|h| h.text.len() + h.original.len() + h.list.len()).sum();
    let mut out = Vec::with_capacity(80 + report.id.len() + report.hits.len() * 96 + strings);
    out.extend_from_slice(b"{\"id\":");
    json_str(&mut out, &report.id);
    out.extend_from_slice(b",\"score\":");
    json_value(&mut out, &report.score);
    out.extend_from_slice(if report.spun { b",\"spun\":true" } else { b",\"spun\":false" });
    out.extend_from_slice(b",\"words\":");
    json_uint(&mut out, report.words);
    out.extend_from_slice(b",\"hits\":[");
    for (i, h) in report.hits.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"{\"start\":" } else { b",{\"start\":" });
        json_uint(&mut out, h.start);
        out.extend_from_slice(b",\"end\":");
        json_uint(&mut out, h.end);
        out.extend_from_slice(b",\"line\":");
        json_uint(&mut out, h.line);
        out.extend_from_slice(b",\"col\":");
        json_uint(&mut out, h.col);
        out.extend_from_slice(b",\"text\":");
        json_str(&mut out, &h.text);
        out.extend_from_slice(b",\"original\":");
        json_str(&mut out, &h.original);
        out.extend_from_slice(b",\"list\":");
        json_str(&mut out, &h.list);
        out.extend_from_slice(b",\"weight\":");
        json_value(&mut out, &h.weight);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}\n");
    out
}

/// A JSON string: as it is between quotes when nothing in it needs escaping (JSON escapes only
/// `"`, `\` and control characters), else as serde_json escapes it.
fn json_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        json_value(out, s);
    }
}

/// An unsigned integer in decimal.
fn json_uint(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// Any value, as serde_json writes it (floats, strings to escape).
fn json_value<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    serde_json::to_writer(&mut *out, value).expect("a value always serialises");
}

#[cfg(test)]
mod tests {
    use despin::{Config, Detector, Hit, Suggestion};

    use super::*;

    #[test]
    fn written_as_serde_json_writes_it() {
        let detector = Detector::new(Config::default().lists_only()).unwrap();
        let mut report =
            detector.score("a \"quoted\"\\ id\u{1}", "The 3rd spherical of talks in Would possibly.\n\tx".as_bytes());
        assert!(!report.hits.is_empty());
        assert_eq!(report_line(&report), report.to_json_line());
        let mut odd = report.hits[0].clone();
        odd.start = usize::MAX;
        odd.line = 10;
        odd.col = 1234567;
        odd.text = "tab\there \u{7f} \u{2019} \"q\"".into();
        odd.original = "line\nend".into();
        odd.list = "l\\st".into();
        odd.weight = 0.1;
        report.hits.push(odd);
        report.score = 1e-300;
        report.words = 0;
        assert_eq!(report_line(&report), report.to_json_line());
        report.hits[0].weight = f32::NAN;
        report.score = f64::INFINITY;
        assert_eq!(report_line(&report), report.to_json_line());
        report.hits[1].suggestions.push(Suggestion { text: "x".into(), score: 0.5, evidence: "e".into() });
        assert_eq!(report_line(&report), report.to_json_line());
        report.hits.clear();
        assert_eq!(report_line(&report), report.to_json_line());
        // A field added to Hit or Report must be added here too: this fails until it is.
        let _: fn(Hit) -> _ = |h: Hit| (h.start, h.end, h.line, h.col, h.text, h.original, h.list, h.weight);
    }
}
