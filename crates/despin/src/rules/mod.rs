//! Rules: the wordlists (their format, named classes, pattern entries and examples), the
//! matcher that finds their phrases in one pass, and the spinner's dictionary learned from them.

pub mod context;
pub mod dfa;
pub mod dictionary;
pub mod examples;
pub mod matcher;
pub mod pattern;
pub mod wordlist;

pub use matcher::{Hit, Matcher};
pub use wordlist::{Entry, Group, Wordlist};
