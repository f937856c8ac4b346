//! despin finds text mangled by synonym spinners ("article spinners") and suggests what it
//! said before.
//!
//! The pipeline runs one way, a module a stage:
//!
//! ```text
//! input -> text -> matcher -> score -> restore -> output
//! ```
//!
//! - [`input`] turns paths, folders, standard input and JSONL into documents;
//! - [`text`] normalises typography and keeps offsets into the original bytes;
//! - [`wordlist`] reads the lists of spun phrases, [`matcher`] compiles them into one automaton;
//! - [`score`] turns the hits into a probability;
//! - [`restore`] suggests originals and rewrites text;
//! - [`output`] prints reports;
//! - [`scanner`] wires text, matcher, score and restore for one document, and [`run`] drives
//!   a whole stream of documents in parallel, in order.
//!
//! ```
//! use despin::scanner::Scanner;
//! use despin::wordlist::Wordlist;
//!
//! let scanner = Scanner::new(Wordlist::defaults()).unwrap();
//! let report = scanner.scan("example", "The 3rd spherical of talks came about in Would possibly.".as_bytes());
//! let found: Vec<(&str, &str)> = report.hits.iter().map(|h| (h.text.as_str(), h.original.as_str())).collect();
//! assert_eq!(found[0], ("3rd spherical", "third round"));
//! ```

pub mod calibrate;
pub mod cli;
pub mod dictionary;
pub mod eval;
pub mod infer;
pub mod input;
pub mod lexicon;
pub mod matcher;
pub mod output;
pub mod restore;
pub mod run;
pub mod scanner;
pub mod score;
pub mod text;
pub mod wordlist;
