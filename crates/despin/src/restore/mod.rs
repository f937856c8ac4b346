//! Restoring: the likely original of each hit, and the text with the originals put back.
//!
//! [`restore`] puts the best original of every hit back into the text; everything else is
//! copied byte for byte, so text without hits comes out unchanged. [`diff`] shows what changed,
//! line by line, with each hit's ranked suggestions. Whether a document is rewritten at all is
//! the detector's choice ([`crate::Detector::restore`]).
//!
//! ```
//! use despin::restore::restore;
//! use despin::{Config, Detector};
//!
//! let detector = Detector::new(Config::default().infer()).unwrap();
//! let text = b"Talks resumed in Would possibly for a 3rd spherical of talks.";
//! let report = detector.score("doc", text);
//! assert_eq!(restore(text, &report.hits), b"Talks resumed in May for a third round of talks.");
//! let clean = "Caf\u{e9} talks, \r\n  unchanged \u{2014} byte for byte.".as_bytes();
//! assert_eq!(restore(clean, &detector.score("clean", clean).hits), clean);
//! ```
//!
//! ```
//! use despin::restore::rewrite;
//!
//! let text = "the 3rd spherical of talks";
//! let out = rewrite(text.as_bytes(), &[(4, 17, "third round".to_string())]);
//! assert_eq!(out, b"the third round of talks");
//! ```

mod decode;
mod diff;
mod evidence;
mod params;
pub mod table;
mod tokens;
mod vectors;

pub use decode::Restorer;
pub use diff::{diff, DiffStyle};
pub use params::RestoreParams;

use crate::hits::Hit;

/// Rewrites `text`, replacing each `(start, end, replacement)` span. Spans must be in order and
/// must not overlap; everything outside them is copied byte for byte.
pub fn rewrite(text: &[u8], replacements: &[(usize, usize, String)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut pos = 0;
    for (start, end, replacement) in replacements {
        if *start < pos || *end > text.len() || start > end {
            continue;
        }
        out.extend_from_slice(&text[pos..*start]);
        out.extend_from_slice(replacement.as_bytes());
        pos = *end;
    }
    out.extend_from_slice(&text[pos..]);
    out
}

/// The text with each hit replaced by its best original.
pub fn restore(text: &[u8], hits: &[Hit]) -> Vec<u8> {
    let reps: Vec<(usize, usize, String)> = hits.iter().map(|h| (h.start, h.end, h.original.clone())).collect();
    rewrite(text, &reps)
}
