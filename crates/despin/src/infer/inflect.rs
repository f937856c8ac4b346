//! Word endings for term matching: a word without its inflection, and a phrase given one.
//!
//! Spinners inflect what they write ("studying" for "learning"), so an original is looked up
//! for the stem and inflected back.

/// A word without its inflection: (stem, suffix) pairs to try.
pub(crate) fn stems(w: &str) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let n = w.len();
    if n < 4 || !w.is_ascii() {
        return out;
    }
    if let Some(b) = w.strip_suffix("ies") {
        out.push((format!("{b}y"), "s"));
    }
    if let Some(b) = w.strip_suffix("es") {
        out.push((b.to_string(), "s"));
    }
    if let Some(b) = w.strip_suffix('s').filter(|b| !b.ends_with('s')) {
        out.push((b.to_string(), "s"));
    }
    for suf in ["ed", "ing"] {
        if let Some(b) = w.strip_suffix(suf).filter(|b| b.len() >= 3) {
            out.push((b.to_string(), suf));
            out.push((format!("{b}e"), suf));
            let bb = b.as_bytes();
            if bb.len() >= 2 && bb[bb.len() - 1] == bb[bb.len() - 2] {
                out.push((b[..b.len() - 1].to_string(), suf));
            }
        }
    }
    out
}

/// A phrase with its last word given `suffix` (all plausible spellings).
pub(crate) fn inflect(phrase: &str, suffix: &str) -> Vec<String> {
    if suffix.is_empty() {
        return vec![phrase.to_string()];
    }
    let (head, last) = match phrase.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l),
        None => (String::new(), phrase),
    };
    let mut out = Vec::new();
    match suffix {
        "s" => {
            out.push(format!("{head}{last}s"));
            if let Some(b) = last.strip_suffix('y') {
                out.push(format!("{head}{b}ies"));
            } else if last.ends_with(['s', 'x', 'z', 'h']) {
                out.push(format!("{head}{last}es"));
            }
        }
        _ => {
            let base = last.strip_suffix('e').unwrap_or(last);
            out.push(format!("{head}{base}{suffix}"));
            if let Some(c) = base.chars().last().filter(|c| !"aeiouwy".contains(*c)) {
                out.push(format!("{head}{base}{c}{suffix}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_inflections() {
        assert!(stems("studies").contains(&("study".to_string(), "s")));
        assert!(stems("learning").contains(&("learn".to_string(), "ing")));
        assert!(stems("running").contains(&("run".to_string(), "ing")));
        assert_eq!(inflect("machine study", "s"), vec!["machine studys".to_string(), "machine studies".to_string()]);
        assert_eq!(inflect("learn", ""), vec!["learn".to_string()]);
    }
}
