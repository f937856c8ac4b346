//! Language tables: what detection beyond the lists knows of English. Word and word-pair
//! counts of web text, synonyms, and word vectors ([`lexicon`]).

pub mod lexicon;

pub use lexicon::Lexicon;
