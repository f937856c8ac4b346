//! Every knob of inference in one place: [`Params`], the values tuned with `despin eval holdout
//! --dev`, and the constants of the decoder and of term matching, with what each does.

use serde::Serialize;

/// The knobs of the decoder, in units of log10. [`Params::DEFAULT`] holds the values in use;
/// they were chosen with `despin eval holdout --dev`, on a development slice of the training
/// part of the tortured-phrase list, and on the Brown corpus for false alarms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Params {
    /// log10 of the chance that the spinner rewrote a given word it has a replacement for.
    pub rho: f32,
    /// log10 count given to a pair of words that is among the lists' originals (a standard
    /// term such as "image recognition") when the web table has it rarer.
    pub term: f32,
    /// Extra penalty of an original that only a synonym table proposes.
    pub synonym: f32,
    /// log10 odds that a stretch needs, restored against as written, to be a hit.
    pub gain: f32,
    /// Candidate words among this many most frequent words are not considered.
    pub skip_top: usize,
    /// log10 odds added to reading a telling spinner output back, per unit of its strength
    /// (see `Key::strength`): a word the spinner writes often, and English seldom, needs less
    /// context to be read back.
    pub strong: f32,
    /// The web's log10 count below which a spinner output is the more telling for being rare;
    /// above it, the less (down to half its strength).
    pub rare: f32,
    /// How much more telling per log10 of the web's count below [`Params::rare`].
    pub rare_slope: f32,
    /// log10 odds a word next to a hit needs, read back against as written, to be a hit too
    /// (infinite: never).
    pub neighbour: f32,
    /// For a pair the web table lacks: log10 of count added per unit of the words' vector
    /// cosine above [`Params::relate_at`] (0: the estimate ignores the vectors).
    pub relate: f32,
    /// The cosine at which a pair the table lacks counts as two unrelated words.
    pub relate_at: f32,
}

impl Params {
    pub const DEFAULT: Params = Params {
        rho: -1.0,
        term: 6.0,
        synonym: 1.0,
        gain: 1.0,
        skip_top: 300,
        strong: 2.0,
        rare: 6.5,
        rare_slope: 1.0,
        neighbour: 1.5,
        relate: 4.0,
        relate_at: 0.3,
    };
}

impl Params {
    /// Tuned for recall, for screening short texts and phrases where a reader checks every hit:
    /// a spun word is read back on less evidence (`rho`, `strong`, `gain`). Chosen with
    /// `despin eval holdout --dev --sensitive` as the setting that flags at least 70% of the
    /// development phrases with the best precision against clean stretches of Brown; it costs
    /// about ten times the hits on clean prose of [`Params::DEFAULT`].
    pub const SENSITIVE: Params = Params { rho: 0.3, strong: 4.0, gain: 0.0, ..Params::DEFAULT };
}

impl Default for Params {
    fn default() -> Self {
        Params::DEFAULT
    }
}

/// Number of web tokens the counts of `unigrams.tsv` are out of (the Web 1T corpus).
pub const WEB_TOKENS: f64 = 1.0e12;

/// How many of the most frequent words are watched for going missing.
pub const WATCHED: usize = 150;

/// Words whose readings a thread keeps for reuse ([`READINGS`]), at most: past it, they are
/// forgotten and worked out again as needed.
pub const WORD_CACHE: usize = 20_000;

/// Longest phrase of the dictionary read as one word, in words.
pub const MAX_UNIT: usize = 5;
/// Times the dictionary must have seen such a phrase.
pub const MIN_UNIT_COUNT: u32 = 1;
/// Times a term must be among the lists' originals to be read back through the thesaurus
/// alone (chosen with --dev).
pub const ESTABLISHED_TERM: u32 = 3;
/// Longest standard term matched, in words.
pub const MAX_TERM: usize = 4;
/// log10 channel costs of term matching: an original from the thesaurus, a word that lists the
/// spun word as its synonym, and the extra cost of going through an inflection.
pub const SYNONYM: f32 = -1.5;
pub const LISTED_BY: f32 = -1.8;
pub const INFLECTED: f32 = -0.3;
/// Readings that cost more than this are not followed.
pub const TERM_FLOOR: f32 = -4.5;
/// Synonyms tried per word form, each way.
pub const MAX_SYNONYMS: usize = 40;
/// Web `q` from which a word is a function word, read only through the dictionary.
pub const FUNCTION_WORD: u8 = 92;
/// Web `q` from which a pair of words as written is ordinary English, not a spun term.
pub const ORDINARY_PAIR: u8 = 50;
/// Bonus of a term match per word it covers (length comes first: chosen with --dev), and cost
/// per word it changes.
pub const TERM_LENGTH: f32 = 10.0;
pub const TERM_CHANGE: f32 = 0.0;
/// Weight of how often a term was seen.
pub const TERM_COUNT: f32 = 0.5;
/// Gain reported for a term match (plus its channel score).
pub const TERM_GAIN: f32 = 4.0;

/// Web `q` from which a pair of words is common enough that a word with such pairs on both
/// sides is taken to be in its place.
pub const SETTLED: u8 = 55;

/// Originals considered for a spun word: from the dictionary, and in all.
pub const MAX_DICT_CANDIDATES: usize = 5;
pub const MAX_CANDIDATES: usize = 8;

/// log10 count assumed for a pair of words that the web table lacks, at most.
pub const PAIR_FLOOR: f32 = 4.9;
/// log10 count assumed for a word that the unigram table lacks.
pub const UNKNOWN_WORD: f32 = 3.5;
