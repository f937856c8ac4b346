//! Seeded randomness for the lab: every draw is reproducible from a seed.

use despin::text::hash::seeded;

/// The lab's generator: SplitMix64 from the library's hash module.
pub use despin::text::hash::SplitMix64 as Rng;

/// A hash of a seed and some parts, for seeding [`Rng`] and ordering documents.
pub fn hash(seed: &str, parts: &[&str]) -> u64 {
    seeded(seed, parts)
}
