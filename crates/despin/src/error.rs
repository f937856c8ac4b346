//! The one error type of the library.

use std::fmt;

/// What can go wrong building or using a [`crate::Detector`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A wordlist that cannot be used: its file (or embedded name), the line when there is
    /// one, and what is wrong there.
    #[error("{}: {message}", Place { file, line: *line })]
    Wordlist { file: String, line: Option<usize>, message: String },
    /// The lists compile to no automaton (a pattern that is not a valid regular expression is
    /// reported as a wordlist error instead).
    #[error("cannot compile the wordlists: {0}")]
    Build(String),
    /// A configuration that cannot work, e.g. no list at all.
    #[error("{0}")]
    Config(String),
}

impl Error {
    /// A wordlist error at a line of a file.
    pub fn wordlist(file: &str, line: Option<usize>, message: impl Into<String>) -> Error {
        Error::Wordlist { file: file.to_string(), line, message: message.into() }
    }

    /// The line a wordlist error names, if any.
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::Wordlist { line, .. } => *line,
            _ => None,
        }
    }
}

/// `file:line`, or `file` alone.
struct Place<'a> {
    file: &'a str,
    line: Option<usize>,
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.file, line),
            None => f.write_str(self.file),
        }
    }
}

/// Results of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
