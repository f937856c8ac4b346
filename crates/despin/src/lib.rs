//! despin finds text mangled by synonym spinners ("article spinners") and suggests what it
//! said before: "3rd spherical" for "third round", "Would possibly" for "May".
//!
//! The front door is one type, [`Detector`], built from a [`Config`]:
//!
//! ```
//! use despin::{Config, Detector, Rewrite};
//!
//! let detector = Detector::new(Config::default().infer()).unwrap();
//! let text = b"The 3rd spherical of talks came about in Would possibly.";
//! let report = detector.score("a.txt", text);
//! let found: Vec<(&str, &str)> = report.hits.iter().map(|h| (h.text.as_str(), h.original.as_str())).collect();
//! assert_eq!(found[0], ("3rd spherical", "third round"));
//! let restored = detector.restore("a.txt", text, Rewrite::Always);
//! assert_eq!(restored.text, b"The third round of talks came about in May.");
//! ```
//!
//! The stages are modules, in the order the data flows through them; each uses only those
//! before it (a test checks):
//!
//! ```text
//! text -> rules -> lang -> infer -> hits -> score -> restore -> report -> detector
//! ```
//!
//! - [`text`]: normalisation with offsets back to the bytes as read, what a word is, the hash;
//! - [`rules`]: the wordlists, their matcher (one Aho-Corasick automaton), the dictionary;
//! - [`lang`]: tables of English (word and pair counts, synonyms, vectors);
//! - [`infer`]: spun words that no list holds;
//! - [`hits`]: what was found, merged and located;
//! - [`score`]: the probability that a document was spun;
//! - [`restore`]: the text with the originals put back;
//! - [`report`]: the per-document JSON.
//!
//! Reading corpora (files, JSONL, compression) and writing outputs is the `despin-corpus`
//! crate's job; calibration and evaluation, `despin-lab`'s; the command line, `despin-cli`'s.
//! Tables are parsed on first use and kept for the life of the process (`std::sync::LazyLock`,
//! which does the job the `once_cell` crate used to).

pub mod detector;
pub mod error;
pub mod hits;
pub mod infer;
pub mod lang;
pub mod report;
pub mod restore;
pub mod rules;
pub mod score;
pub mod text;

pub use detector::{Config, Detector, Mode, Restored, Rewrite};
pub use error::{Error, Result};
pub use hits::Hit;
pub use infer::{Params, Suggestion};
pub use report::Report;
pub use rules::Wordlist;
pub use score::Model;
