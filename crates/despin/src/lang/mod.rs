//! Language tables: what detection beyond the lists knows of English. Word and word-pair
//! counts of web text, synonyms, and word vectors ([`lexicon`]), and a trigram model of
//! English ([`trigram`]).

pub mod lexicon;
pub mod trigram;

pub use lexicon::Lexicon;
