//! despin over corpora: the steps that stream documents through a [`despin::Detector`].
//!
//! ```text
//! input -> run -> output
//! ```
//!
//! - [`input`]: paths, folders, standard input and JSONL (plain, gzip, zstd; by name or first
//!   line) into a lazy stream of documents, with every problem an item that names its place;
//! - [`run`]: the stream scored in parallel, handed on in input order, with bounded memory;
//! - [`output`]: reports as a table, JSON, JSONL or CSV, explanations, dolma attributes, and
//!   output files that appear whole or not at all;
//! - [`filter`], [`sources`] and [`restore`]: the corpus steps built on them;
//! - [`report`]: one HTML page about a run (its sources, its documents with the hits marked,
//!   the spread of its scores), built on `sources`.

pub mod filter;
pub mod input;
pub mod output;
pub mod report;
pub mod restore;
pub mod run;
pub mod sources;
