//! The spinner's dictionary: what it writes instead of a word, learned from the wordlists.
//!
//! Every wordlist entry pairs a spun phrase with its original. Aligning the two word by word
//! (a longest-common-subsequence diff) shows what the spinner did to each word: "3rd spherical"
//! / "third round" gives `3rd <- third` and `spherical <- round`; "our bodies of squaddies" /
//! "bodies of soldiers" gives `our bodies <- bodies` and `squaddies <- soldiers`; "device
//! studying" / "machine learning" gives `device <- machine` and `studying <- learning`. Counted
//! over thousands of entries, these pairs are the spinner's dictionary, and inverted they say,
//! for a spun word, which originals are likely and how likely.
//!
//! The dictionary is kept as data, `wordlists/spinner.tsv` (`spun<TAB>original<TAB>count`),
//! generated with `despin wordlist learn > wordlists/spinner.tsv` and embedded in the binary.
//!
//! ```
//! use despin::rules::dictionary::{learn, align};
//! use despin::rules::wordlist::Wordlist;
//!
//! assert_eq!(align("our bodies of squaddies", "bodies of soldiers"),
//!            vec![("our bodies".to_string(), "bodies".to_string()),
//!                 ("squaddies".to_string(), "soldiers".to_string())]);
//! let list = Wordlist::parse("t", "t.tsv", "3rd spherical\tthird round\nspherical of talks\tround of talks\n").unwrap();
//! let dict = learn(&[list]);
//! let spherical = dict.iter().find(|m| m.spun == "spherical").unwrap();
//! assert_eq!((spherical.original.as_str(), spherical.count), ("round", 2));
//! ```

use std::collections::BTreeMap;

use super::wordlist::Wordlist;
use crate::error::Error;
use crate::text::words::words;

/// The embedded dictionary, learned from the embedded wordlists.
pub const DEFAULT_DICTIONARY: &str = include_str!("../../../../wordlists/spinner.tsv");

/// One learned substitution: the spinner wrote `spun` for `original`, `count` times over the
/// lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub spun: String,
    pub original: String,
    pub count: u32,
}

/// Aligns a spun phrase with its original and returns the substitutions, spun side first.
/// Chunks of equal length pair up word by word; a spun word added next to a kept word
/// ("our" in "our bodies") is joined to it; other chunks pair up whole when they are short.
pub fn align(spun: &str, original: &str) -> Vec<(String, String)> {
    let a = words(spun);
    let b = words(original);
    // LCS table.
    let (n, m) = (a.len(), b.len());
    let mut l = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            l[i][j] = if a[i] == b[j] { l[i + 1][j + 1] + 1 } else { l[i + 1][j].max(l[i][j + 1]) };
        }
    }
    // Walk it: a list of (spun chunk, original chunk, kept word after the chunk).
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut prev_kept: Option<String> = None;
    loop {
        let (si, sj) = (i, j);
        while i < n && j < m && a[i] != b[j] {
            if l[i + 1][j] >= l[i][j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
        if i == n || j == m {
            i = n;
            j = m;
        }
        let (x, y) = (&a[si..i], &b[sj..j]);
        let next_kept = (i < n).then(|| a[i].clone());
        if !x.is_empty() {
            if x.len() == y.len() {
                for (s, o) in x.iter().zip(y) {
                    if s != o {
                        out.push((s.clone(), o.clone()));
                    }
                }
            } else if y.is_empty() {
                // Words the spinner added: attach to the kept word after them, else before.
                if let Some(k) = &next_kept {
                    out.push((format!("{} {k}", x.join(" ")), k.clone()));
                } else if let Some(k) = &prev_kept {
                    out.push((format!("{k} {}", x.join(" ")), k.clone()));
                }
            } else if x.len() <= 5 && y.len() <= 3 {
                out.push((x.join(" "), y.join(" ")));
            }
        }
        if i >= n || j >= m {
            break;
        }
        prev_kept = Some(a[i].clone());
        i += 1;
        j += 1;
    }
    out
}

/// Learns the dictionary from wordlists: every substitution of every phrase entry (pattern
/// entries are not pairs of phrases), counted, sorted by spun phrase and then by count (most
/// frequent first) and original.
pub fn learn(lists: &[Wordlist]) -> Vec<Mapping> {
    let mut counts: BTreeMap<(String, String), u32> = BTreeMap::new();
    for list in lists {
        for e in list.entries.iter().filter(|e| e.pattern.is_none()) {
            for pair in align(&e.spun, &e.original) {
                *counts.entry(pair).or_insert(0) += 1;
            }
        }
    }
    let mut out: Vec<Mapping> =
        counts.into_iter().map(|((spun, original), count)| Mapping { spun, original, count }).collect();
    out.sort_by(|a, b| a.spun.cmp(&b.spun).then(b.count.cmp(&a.count)).then(a.original.cmp(&b.original)));
    out
}

/// Writes a dictionary in the format of `wordlists/spinner.tsv`, with its header.
pub fn to_tsv(dict: &[Mapping], sources: &[String]) -> String {
    let mut out = String::new();
    out.push_str("# The spinner's dictionary: spun<TAB>original<TAB>count\n");
    out.push_str("#\n# Learned by aligning each entry of the wordlists word by word with its original.\n");
    out.push_str(&format!("# Lists: {}.\n", sources.join(", ")));
    out.push_str("# Generated, do not edit by hand; rebuild with\n");
    out.push_str("#   cargo run --release -- wordlist learn > wordlists/spinner.tsv\n");
    for m in dict {
        out.push_str(&format!("{}\t{}\t{}\n", m.spun, m.original, m.count));
    }
    out
}

/// Reads a dictionary in the format of `wordlists/spinner.tsv`. Malformed lines are errors that
/// name `source` and the line.
pub fn parse(source: &str, text: &str) -> Result<Vec<Mapping>, Error> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let count = cols.get(2).and_then(|c| c.trim().parse::<u32>().ok());
        match (cols.len(), count) {
            (3, Some(count)) if !cols[0].is_empty() && !cols[1].is_empty() => {
                out.push(Mapping { spun: cols[0].to_string(), original: cols[1].to_string(), count })
            }
            _ => return Err(Error::wordlist(source, Some(i + 1), "expected spun<TAB>original<TAB>count")),
        }
    }
    Ok(out)
}

/// The embedded dictionary.
pub fn defaults() -> Vec<Mapping> {
    parse("(embedded) wordlists/spinner.tsv", DEFAULT_DICTIONARY)
        .expect("the embedded dictionary is checked by the test suite")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn alignments() {
        assert_eq!(align("3rd spherical", "third round"), pairs(&[("3rd", "third"), ("spherical", "round")]));
        assert_eq!(align("was once", "was"), pairs(&[("was once", "was")]));
        assert_eq!(align("get right of entry to", "access"), pairs(&[("get right of entry to", "access")]));
        assert_eq!(align("image acknowledgment", "image recognition"), pairs(&[("acknowledgment", "recognition")]));
        assert_eq!(align("a ways aside", "far apart"), pairs(&[("a ways aside", "far apart")]));
        assert_eq!(align("same", "same"), pairs(&[]));
    }

    #[test]
    fn embedded_dictionary_is_learned_from_embedded_lists() {
        let learned = learn(&Wordlist::defaults());
        assert!(
            defaults() == learned,
            "wordlists/spinner.tsv is stale: cargo run --release -- wordlist learn > wordlists/spinner.tsv"
        );
    }

    #[test]
    fn tsv_roundtrip() {
        let d = vec![Mapping { spun: "spherical".into(), original: "round".into(), count: 3 }];
        assert_eq!(parse("d", &to_tsv(&d, &["news".into()])).unwrap(), d);
        assert_eq!(parse("d.tsv", "a\tb\n").unwrap_err().to_string(), "d.tsv:1: expected spun<TAB>original<TAB>count");
    }
}
