//! Escaping for HTML and SVG: every piece of document text, id, source name and original goes
//! through [`escape_into`] before it reaches the page.
//!
//! One function serves text and (double- or single-quoted) attribute contexts alike: it escapes
//! `&`, `<`, `>`, `"` and `'`, so neither a tag (`<script>`, `</textarea>`) nor a quote that
//! ends an attribute can come out of the text. NUL, which HTML turns into U+FFFD anyway (and
//! which XML forbids), is written as U+FFFD; other control characters but tab, line feed and
//! carriage return, which XML forbids too, are written as U+FFFD in SVG only.
//!
//! ```
//! use despin_corpus::report::escape::escape;
//!
//! assert_eq!(escape("<script>\"a\" & 'b'</textarea>"),
//!            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/textarea&gt;");
//! ```

/// Appends `s` to `out`, escaped for HTML text and attributes.
pub fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            0 => "\u{fffd}",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// `s` escaped for HTML text and attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// `s` escaped for SVG (XML 1.0): as [`escape`], and the control characters XML does not allow
/// written as U+FFFD.
pub fn escape_xml(s: &str) -> String {
    let clean: String =
        s.chars().map(|c| if c.is_control() && !matches!(c, '\t' | '\n' | '\r') { '\u{fffd}' } else { c }).collect();
    escape(&clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_that_opens_a_tag_or_closes_an_attribute_survives() {
        let hostile = "\"><script>alert('x')</script><img src=x onerror=alert(1)></textarea>\u{202e}\0";
        let e = escape(hostile);
        for bad in ['<', '>', '"', '\'', '\0'] {
            assert!(!e.contains(bad), "{bad:?} in {e}");
        }
        assert!(e.contains('\u{202e}'), "the mark is text, kept for the isolation around it");
        assert_eq!(escape("plain café"), "plain café");
    }

    #[test]
    fn svg_text_has_no_control_characters() {
        assert_eq!(escape_xml("a\u{1}b\tc"), "a\u{fffd}b\tc");
    }
}
