//! The detector: one document in, one [`Report`] out, through every stage of the pipeline.
//!
//! ```text
//! text -> rules (matcher) -> inference -> hits -> score -> restore -> report
//! ```
//!
//! A [`Detector`] is built once from a [`Config`] (the lists compile into one automaton, the
//! inferrer into its tables) and shared by all threads: every method takes `&self`.
//!
//! ```
//! use despin::{Config, Detector};
//!
//! let detector = Detector::new(Config::default()).unwrap();
//! let report = detector.score("doc", b"Talks resumed in Would possibly for a 3rd spherical of talks.");
//! assert_eq!(report.hits[0].text, "Would possibly");
//! assert_eq!(report.hits[0].original, "May");
//! assert_eq!((report.hits[0].line, report.hits[0].col), (1, 18));
//! ```

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::hits::{self, Hit};
use crate::infer::fluency::fluency;
use crate::infer::profile::Profile;
use crate::infer::{segments, SEGMENT};
use crate::infer::{Inferrer, Params};
use crate::report::Report;
use crate::restore::{self, table::real_spins, RestoreParams, Restorer};
use crate::rules::dictionary::{self, Mapping};
use crate::rules::{Matcher, Wordlist};
use crate::score::{Features, Model};
use crate::text::words::count_words;
use crate::text::Normalized;

/// How far detection goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    /// The lists alone: fastest, and finds only what someone wrote into a list.
    ListsOnly,
    /// The lists, and spun words that no list holds, found by inference with these parameters
    /// ([`Params::DEFAULT`], or [`Params::SENSITIVE`] for recall).
    Infer(Params),
}

/// What a [`Detector`] is built from. Start from [`Config::default`] (the embedded lists, with
/// inference) and change what you need.
///
/// ```
/// use despin::{Config, Mode, Wordlist};
///
/// let mine = Wordlist::parse("mine", "mine.tsv", "source of revenue\tincome\n").unwrap();
/// let config = Config::default().wordlist(mine).infer().threshold(0.7);
/// assert_eq!(config.lists.len(), 1);
/// assert!(matches!(config.mode, Mode::Infer(_)));
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    /// Use the embedded lists (news and science).
    pub default_lists: bool,
    /// More lists, after the embedded ones; a later list's entry replaces an earlier one's for
    /// the same phrase and flags.
    pub lists: Vec<Wordlist>,
    pub mode: Mode,
    /// The spinner's dictionary inference reads with: None for the embedded one.
    pub dictionary: Option<Vec<Mapping>>,
    /// The score model, with the threshold from which a document is flagged.
    pub model: Model,
    /// Give every hit its ranked likely originals with their evidence.
    pub suggestions: bool,
    /// Report the hits found beyond the lists in every document, not only in those that score
    /// as spun (the score is the same either way).
    pub all_hits: bool,
    /// How originals are chosen beyond the lists.
    pub restore: RestoreParams,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            default_lists: true,
            lists: Vec::new(),
            mode: Mode::Infer(Params::DEFAULT),
            dictionary: None,
            model: Model::DEFAULT,
            suggestions: false,
            all_hits: false,
            restore: RestoreParams::DEFAULT,
        }
    }
}

impl Config {
    /// Adds a list after those already there.
    pub fn wordlist(mut self, list: Wordlist) -> Config {
        self.lists.push(list);
        self
    }

    /// Leaves out the embedded lists.
    pub fn no_default_lists(mut self) -> Config {
        self.default_lists = false;
        self
    }

    /// The lists alone.
    pub fn lists_only(mut self) -> Config {
        self.mode = Mode::ListsOnly;
        self
    }

    /// Inference beyond the lists, with the default parameters.
    pub fn infer(mut self) -> Config {
        self.mode = Mode::Infer(Params::DEFAULT);
        self
    }

    /// Inference tuned for recall: more spun words found, more false alarms, and reported in
    /// every document, whatever its score. For screening phrases and short texts whose every hit
    /// a reader checks.
    pub fn sensitive(mut self) -> Config {
        self.mode = Mode::Infer(Params::SENSITIVE);
        self.all_hits = true;
        self
    }

    /// The probability from which a document is flagged.
    pub fn threshold(mut self, p: f64) -> Config {
        self.model.threshold = p;
        self
    }

    /// Whether hits carry their ranked suggestions.
    pub fn suggestions(mut self, on: bool) -> Config {
        self.suggestions = on;
        self
    }

    /// Infer with this dictionary instead of the embedded one (the lab learns one from the
    /// lists under test).
    pub fn dictionary(mut self, dictionary: Vec<Mapping>) -> Config {
        self.dictionary = Some(dictionary);
        self
    }

    /// Score with this model.
    pub fn model(mut self, model: Model) -> Config {
        self.model = model;
        self
    }

    /// Whether only the embedded lists are in use (for naming rule sets).
    pub fn embedded_lists_only(&self) -> bool {
        self.default_lists && self.lists.is_empty()
    }
}

/// When [`Detector::restore`] rewrites a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rewrite {
    /// Only a document that scores as spun: a clean document passes through byte for byte even
    /// where inference has a guess about a word in it ("warfare" for "war" is the spinner's
    /// habit, and also English).
    IfSpun,
    /// Every hit, whatever the score.
    Always,
}

/// A document with its originals put back (or not), and the report that decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    pub report: Report,
    /// The text, rewritten or as it was.
    pub text: Vec<u8>,
    /// Whether any hit was rewritten.
    pub rewritten: bool,
}

/// Compiled lists, the inferrer and the score model. See the module documentation.
#[derive(Debug)]
pub struct Detector {
    matcher: Matcher,
    model: Model,
    inferrer: Option<Inferrer>,
    restorer: Option<Restorer>,
    suggestions: bool,
    all_hits: bool,
    embedded_lists_only: bool,
}

impl Detector {
    /// Builds a detector: loads the lists, compiles them and, when inferring, the inferrer.
    pub fn new(config: Config) -> Result<Detector> {
        let embedded_lists_only = config.embedded_lists_only();
        let mut lists = if config.default_lists { Wordlist::defaults() } else { Vec::new() };
        lists.extend(config.lists);
        if lists.is_empty() {
            return Err(Error::Config("no wordlists: without the embedded lists, give at least one list".into()));
        }
        let matcher = Matcher::new(lists)?;
        let (inferrer, restorer) = match config.mode {
            Mode::ListsOnly => (None, None),
            Mode::Infer(params) => {
                let originals = || matcher.entries().iter().map(|e| e.original.as_str());
                let dict = match &config.dictionary {
                    Some(d) => std::borrow::Cow::Borrowed(d),
                    None => std::borrow::Cow::Owned(dictionary::defaults()),
                };
                let restorer = Restorer::new(&dict, &real_spins(), originals(), config.restore);
                (Some(Inferrer::from_originals(&dict, originals(), params)), Some(restorer))
            }
        };
        Ok(Detector {
            matcher,
            model: config.model,
            inferrer,
            restorer,
            suggestions: config.suggestions,
            all_hits: config.all_hits,
            embedded_lists_only,
        })
    }

    /// Scores one document: `text` is its bytes as read (any bytes; invalid UTF-8 is matched
    /// as it is and reported lossily). When the detector infers, a document that scores as spun
    /// also gets the hits found beyond the lists, with their originals; the score itself does
    /// not depend on them, so a document scores the same in every command.
    pub fn score(&self, id: &str, text: &[u8]) -> Report {
        self.score_with(id, text, self.all_hits)
    }

    /// [`Detector::score`], with the hits beyond the lists found whatever the score (`all`).
    fn score_with(&self, id: &str, text: &[u8], all: bool) -> Report {
        let norm = Normalized::new(text);
        let listed = self.matcher.find_normalized(&norm);
        let words = count_words(norm.as_bytes());
        let mut evidence = Features { words, ..Features::default() };
        if let Some(inf) = &self.inferrer {
            let hay = norm.as_bytes();
            let model = Profile::default_model();
            let (missing, counts) = inf.missing_and_profile(hay, model);
            evidence.missing = missing;
            for (_, part) in segments(hay, SEGMENT) {
                evidence.fluency.add(&fluency(part));
            }
            let profile = counts.evidence(model);
            evidence.profile = profile.sum;
            evidence.profile_words = profile.strong;
        }
        let mut hits = hits::collect(text, &norm, &self.matcher, listed.clone(), None, self.suggestions);
        let score = self.model.probability(&Features::from_hits(&evidence, &hits));
        let spun = self.model.is_spun(score);
        if let (Some(inf), Some(restorer)) = (self.inferrer.as_ref(), self.restorer.as_ref()) {
            if spun || all {
                // The decoder's hits (standard terms, pairs of words), then every other word
                // read in context, with the list hits and the decoder's as given context.
                let mut analysis = inf.analyse(norm.as_bytes(), self.suggestions);
                let fixed: Vec<(usize, usize, &str)> =
                    hits.iter().map(|h| (h.start, h.end, h.original.as_str())).collect();
                let decoded = std::mem::take(&mut analysis.hits);
                analysis.hits = restorer.restore(&norm, &fixed, decoded, self.suggestions);
                hits = hits::collect(text, &norm, &self.matcher, listed, Some(analysis), self.suggestions);
            }
        }
        let features = Features::from_hits(&evidence, &hits);
        Report { id: id.to_string(), score, spun, words, hits, features }
    }

    /// Scores many documents in parallel (on the current rayon pool), in order.
    pub fn score_batch<I, T>(&self, docs: &[(I, T)]) -> Vec<Report>
    where
        I: AsRef<str> + Sync,
        T: AsRef<[u8]> + Sync,
    {
        docs.par_iter().map(|(id, text)| self.score(id.as_ref(), text.as_ref())).collect()
    }

    /// The document with its hits replaced by their likely originals, as `when` says.
    pub fn restore(&self, id: &str, text: &[u8], when: Rewrite) -> Restored {
        let report = self.score_with(id, text, when == Rewrite::Always);
        let rewrite = !report.hits.is_empty() && (report.spun || when == Rewrite::Always);
        let text = if rewrite { restore::restore(text, &report.hits) } else { text.to_vec() };
        Restored { report, text, rewritten: rewrite }
    }

    /// What [`Detector::restore`] changes, word by word, each changed line once (see
    /// [`restore::diff`]). The evidence lists each change's ranked readings when the detector
    /// was built with `suggestions`.
    pub fn diff(&self, id: &str, text: &[u8], when: Rewrite, style: restore::DiffStyle) -> String {
        let r = self.restore(id, text, when);
        let hits: &[Hit] = if r.rewritten { &r.report.hits } else { &[] };
        restore::diff(id, text, hits, style)
    }

    /// The compiled lists.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The score model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The inferrer, when the detector infers.
    pub fn inferrer(&self) -> Option<&Inferrer> {
        self.inferrer.as_ref()
    }

    /// Whether the detector uses the embedded lists and nothing else.
    pub fn embedded_lists_only(&self) -> bool {
        self.embedded_lists_only
    }
}
