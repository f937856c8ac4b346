//! Text: the first stage. Normalisation with offsets back into the bytes as read, the one rule
//! of what a word is, the one hash, letter case, and line and column.

mod block;
pub mod case;
pub mod hash;
pub mod lines;
pub mod normalize;
pub mod words;

pub use normalize::Normalized;
