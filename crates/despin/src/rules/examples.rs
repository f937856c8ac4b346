//! Rules carry their own examples: every group of a wordlist says what it must flag (`#+`) and
//! what it must allow (`#-`), and [`check`] runs them, the way Vale and Harper test their rules.
//!
//! A `#+` sentence passes when an entry of its group hits in it; a `#-` sentence passes when no
//! entry of its group does (entries of other groups may). Sentences are matched with all the
//! lists in use, so an example fails too when a longer entry of another list takes its place.
//!
//! ```
//! use despin::rules::{examples, Matcher, Wordlist};
//!
//! let list = Wordlist::parse("demo", "demo.tsv",
//!     "## rounds\n#+ A 3rd spherical of talks.\n#- A spherical tank.\nspherical of talks\tround of talks\n").unwrap();
//! let matcher = Matcher::new(vec![list.clone()]).unwrap();
//! assert!(examples::check(&matcher, &[list.clone()]).is_empty());
//! assert!(examples::unexampled(&[list]).is_empty());
//! ```

use std::fmt;

use super::matcher::Matcher;
use super::wordlist::Wordlist;

/// An example that does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The list's source (file), group name and the group's heading line.
    pub source: String,
    pub group: String,
    pub line: usize,
    pub sentence: String,
    /// Whether the sentence should have been flagged (`#+`) or allowed (`#-`).
    pub should_flag: bool,
    /// The group's hits in the sentence, as `text -> original`.
    pub hits: Vec<String>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let group = if self.group.is_empty() { "(no group)".to_string() } else { format!("group {:?}", self.group) };
        if self.should_flag {
            write!(
                f,
                "{}:{}: {group}: should flag {:?}, but no entry of the group hits",
                self.source, self.line, self.sentence
            )
        } else {
            write!(
                f,
                "{}:{}: {group}: should allow {:?}, but it hits: {}",
                self.source,
                self.line,
                self.sentence,
                self.hits.join("; ")
            )
        }
    }
}

/// Runs the examples of `lists` with `matcher` (built from the lists in use) and returns the
/// ones that do not hold.
pub fn check(matcher: &Matcher, lists: &[Wordlist]) -> Vec<Failure> {
    let mut failures = Vec::new();
    for list in lists {
        for (g, group) in list.groups.iter().enumerate() {
            let examples = group.flag.iter().map(|s| (s, true)).chain(group.allow.iter().map(|s| (s, false)));
            for (sentence, should_flag) in examples {
                let hits: Vec<String> = matcher
                    .find(sentence.as_bytes())
                    .into_iter()
                    .filter(|h| {
                        let e = matcher.entry(h.entry);
                        *e.list == *list.name && e.group == g
                    })
                    .map(|h| format!("{} -> {}", &sentence[h.start..h.end], matcher.entry(h.entry).original))
                    .collect();
                if hits.is_empty() == should_flag {
                    failures.push(Failure {
                        source: list.source.clone(),
                        group: group.name.clone(),
                        line: group.line,
                        sentence: sentence.clone(),
                        should_flag,
                        hits,
                    });
                }
            }
        }
    }
    failures
}

/// The groups that hold entries but lack a `#+` or a `#-` example: `(source, group, line)`.
pub fn unexampled(lists: &[Wordlist]) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    for list in lists {
        for (g, group) in list.groups.iter().enumerate() {
            let used = list.entries.iter().any(|e| e.group == g);
            if used && (group.flag.is_empty() || group.allow.is_empty()) {
                out.push((list.source.clone(), group.name.clone(), group.line));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_say_which_example_and_why() {
        let list = Wordlist::parse(
            "t",
            "t.tsv",
            "## g\n#+ nothing here\n#- a 3rd spherical\n3rd spherical\tthird round\n## empty\n#+ x\n",
        )
        .unwrap();
        let matcher = Matcher::new(vec![list.clone()]).unwrap();
        let f = check(&matcher, std::slice::from_ref(&list));
        assert_eq!(f.len(), 3);
        assert!(f[0].to_string().starts_with("t.tsv:1: group \"g\": should flag \"nothing here\""), "{}", f[0]);
        assert!(f[1].to_string().ends_with("but it hits: 3rd spherical -> third round"), "{}", f[1]);
        // Examples of a group without entries cannot hold.
        assert!(f[2].to_string().contains("group \"empty\": should flag \"x\""), "{}", f[2]);
        // The group without entries needs no examples; one without `#-` does.
        let l = Wordlist::parse("t", "t.tsv", "## g\n#+ a 3rd spherical\n3rd spherical\tthird round\n").unwrap();
        assert_eq!(unexampled(&[l]), vec![("t.tsv".to_string(), "g".to_string(), 1)]);
    }
}
