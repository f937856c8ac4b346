//! Score: from the hits of a document to the probability that it was spun ([`model`]), through
//! the features they give ([`features`]).

pub mod features;
pub mod model;

pub use features::{Features, MIN_WORDS};
pub use model::Model;
