//! A deterministic corpus of news-like and science-like JSONL documents, clean and spun.
//!
//! Everything here is of the project's own making: sentences are composed from the templates
//! and word lists below with a seeded generator, and the spun documents are made by applying
//! the wordlists' `original -> spun` map, as a spinner would, to documents composed the same
//! way. The same seed and size always give the same bytes.

use std::collections::HashMap;
use std::io::{self, Write};

/// The project's seeded generator (`despin::text::hash::SplitMix64`, SplitMix64) with the draws the
/// corpus uses. `below` takes a remainder, not calibrate's multiply-shift, so that a seed still
/// gives the corpus it always gave.
pub struct Rng(despin::text::hash::SplitMix64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(despin::text::hash::SplitMix64::new(seed))
    }
    pub fn next(&mut self) -> u64 {
        self.0.next_u64()
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.0.unit() <= p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SUBJECTS: &[&str] = &[
    "The government",
    "The city council",
    "Local officials",
    "The ministry",
    "A spokesperson for the agency",
    "The negotiating team",
    "Residents of the region",
    "The central bank",
    "Several lawmakers",
    "The company",
    "Union leaders",
    "The prime minister",
    "Two senior diplomats",
    "The mayor",
    "Farmers in the north",
    "The regional court",
    "Hospital staff",
    "The national railway",
    "Opposition parties",
    "Independent observers",
];
const VERBS: &[&str] = &[
    "announced",
    "rejected",
    "welcomed",
    "postponed",
    "approved",
    "questioned",
    "defended",
    "criticised",
    "confirmed",
    "reviewed",
    "discussed",
    "delayed",
    "supported",
    "opposed",
    "outlined",
    "completed",
];
const OBJECTS: &[&str] = &[
    "a new budget",
    "the proposed agreement",
    "plans for a second bridge",
    "the results of the inquiry",
    "an increase in fuel prices",
    "the schedule for the elections",
    "a programme of repairs",
    "the decision to close the factory",
    "a report on water quality",
    "measures to reduce traffic",
    "the terms of the ceasefire",
    "a loan from the development bank",
    "the new school year",
    "changes to the pension system",
    "a plan to expand the port",
    "the sale of state land",
];
const PLACES: &[&str] = &[
    "in the capital",
    "near the border",
    "at the harbour",
    "in the old town",
    "across the province",
    "in three districts",
    "along the river",
    "at the main station",
    "in the southern valley",
    "on the coast",
    "in the industrial zone",
    "outside the parliament",
];
const TIMES: &[&str] = &[
    "on Monday",
    "on Tuesday",
    "last week",
    "earlier this month",
    "in March",
    "in the spring",
    "after a long meeting",
    "late on Friday",
    "before the holiday",
    "at the end of the year",
];
const CONNECTORS: &[&str] = &[
    "although critics said",
    "while analysts noted that",
    "and officials added that",
    "but residents said",
    "after reports that",
    "even though",
    "because",
    "as a result of which",
];
const CLAUSES: &[&str] = &[
    "the costs would rise",
    "the talks had made little progress",
    "the plan was too vague",
    "more money was needed",
    "the deadline could not be met",
    "the roads would stay closed",
    "prices had fallen for the first time",
    "the vote would go ahead",
    "the figures were incomplete",
    "the work should start soon",
    "nobody had been consulted",
    "the agreement was a good start",
];
const NEWS_TEMPLATES: &[&str] = &[
    "{S} {V} {O} {P} {T}.",
    "{S} {V} {O} {T}, {C} {L}.",
    "{T}, {s} {V} {O} {P}.",
    "According to a statement, {s} {V} the {X} {T}.",
    "The {X} was discussed {P} {T}, {C} {L}.",
    "\u{201C}We have {V} {O},\u{201D} the spokesperson said {T}.",
    "{S} said the {X} would be {V} {P} \u{2014} {C} {L}.",
    "It was the {X} since {O} was {V} {T}.",
];
const SCIENCE_SUBJECTS: &[&str] = &[
    "The proposed method",
    "Our model",
    "The experimental setup",
    "This study",
    "The baseline approach",
    "The trained network",
    "The simulation",
    "The survey of previous work",
    "The second experiment",
];
const SCIENCE_VERBS: &[&str] =
    &["improves", "relies on", "combines", "evaluates", "extends", "outperforms", "depends on", "replaces"];
const SCIENCE_TEMPLATES: &[&str] = &[
    "{S} {V} {X} to reduce the error rate on the test data.",
    "In this section we describe how {X} is used together with {Y}.",
    "Results show that {X} {V} {Y} in most of the settings we tried.",
    "{S} {V} {X}, which has been studied widely in recent years.",
    "We compare {X} and {Y} on four public benchmarks.",
    "Unlike earlier work, {s} does not require {X}.",
    "Table 2 reports the accuracy obtained with {X} for each configuration.",
];

/// The map a spinner applies: original phrase -> spun phrase, split by list.
pub struct SpinMap {
    pub news: Vec<(String, String)>,
    pub science: Vec<(String, String)>,
    /// Single lower-case words -> spun, applied to every word of a spun document.
    pub words: HashMap<String, String>,
}

impl SpinMap {
    /// Builds the map from `despin wordlist list` output: entries in the wordlist format under
    /// `## list: group` headings.
    pub fn from_listing(listing: &str) -> SpinMap {
        let mut map = SpinMap { news: Vec::new(), science: Vec::new(), words: HashMap::new() };
        // `## list: group` headings name the list of the entries below them.
        let mut list = "";
        for line in listing.lines() {
            if let Some(heading) = line.strip_prefix("## ") {
                list = heading.split(':').next().unwrap_or("").trim();
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if line.starts_with('#') || cols.len() < 2 || cols[0].starts_with('/') {
                continue;
            }
            let (spun, original) = (cols[0].to_string(), cols[1].to_string());
            if original.contains(['|', '/', '(']) || original.is_empty() {
                continue;
            }
            if !original.contains(' ') {
                map.words.entry(original.to_lowercase()).or_insert_with(|| spun.clone());
            }
            if list == "science" {
                map.science.push((original, spun));
            } else {
                map.news.push((original, spun));
            }
        }
        if map.news.is_empty() {
            map.news.push(("third round".into(), "3rd spherical".into()));
        }
        if map.science.is_empty() {
            map.science.push(("artificial intelligence".into(), "counterfeit consciousness".into()));
        }
        map
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Composes one sentence. `term` picks an original phrase and says whether to spin it.
fn sentence(rng: &mut Rng, science: bool, spun: bool, map: &SpinMap) -> String {
    let templates = if science { SCIENCE_TEMPLATES } else { NEWS_TEMPLATES };
    let template = *rng.pick(templates);
    let terms = if science { &map.science } else { &map.news };
    let mut out = String::with_capacity(160);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + 2;
        let slot = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let fill: String = match slot {
            "S" if science => rng.pick(SCIENCE_SUBJECTS).to_string(),
            "s" if science => lower_first(rng.pick::<&str>(SCIENCE_SUBJECTS)),
            "V" if science => rng.pick(SCIENCE_VERBS).to_string(),
            "S" => rng.pick(SUBJECTS).to_string(),
            "s" => lower_first(rng.pick::<&str>(SUBJECTS)),
            "V" => rng.pick(VERBS).to_string(),
            "O" => rng.pick(OBJECTS).to_string(),
            "P" => rng.pick(PLACES).to_string(),
            "T" => rng.pick(TIMES).to_string(),
            "C" => rng.pick(CONNECTORS).to_string(),
            "L" => rng.pick(CLAUSES).to_string(),
            _ => {
                let (original, spun_form) = rng.pick(terms);
                if spun && rng.chance(0.9) {
                    spun_form.clone()
                } else {
                    original.clone()
                }
            }
        };
        out.push_str(&fill);
    }
    out.push_str(rest);
    let mut s = capitalise(&out);
    if spun {
        // A spinner rewrites every word it has a synonym for.
        s = s
            .split(' ')
            .map(|w| {
                let core = w.trim_end_matches([',', '.']);
                match map.words.get(&core.to_lowercase()) {
                    Some(r) if core.chars().all(|c| c.is_ascii_lowercase()) => format!("{r}{}", &w[core.len()..]),
                    _ => w.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    s
}

/// One document's text: paragraphs of sentences.
pub fn document(rng: &mut Rng, science: bool, spun: bool, map: &SpinMap) -> String {
    let paragraphs = 2 + rng.below(8);
    let mut text = String::new();
    for p in 0..paragraphs {
        if p > 0 {
            text.push_str("\n\n");
        }
        for s in 0..3 + rng.below(6) {
            if s > 0 {
                text.push(' ');
            }
            text.push_str(&sentence(rng, science, spun, map));
        }
    }
    text
}

const SITES: &[&str] = &[
    "dailyherald.example",
    "cityreport.example",
    "northernpost.example",
    "valleytimes.example",
    "journal-of-methods.example",
    "openproceedings.example",
    "newsdigest.example",
    "harbourgazette.example",
];
const SPIN_SITES: &[&str] = &["fresh-articles-now.example", "contentfarm.example", "paper-mill.example"];

/// Writes documents until `bytes` bytes are written; returns (documents, spun documents).
pub fn write_corpus(out: &mut impl Write, seed: u64, bytes: u64, map: &SpinMap) -> io::Result<(u64, u64)> {
    let mut rng = Rng::new(seed);
    let (mut written, mut docs, mut spun_docs) = (0u64, 0u64, 0u64);
    let mut line = Vec::with_capacity(64 * 1024);
    while written < bytes {
        let spun = rng.chance(0.2);
        let science = rng.chance(0.3);
        let text = document(&mut rng, science, spun, map);
        let site = if spun { rng.pick(SPIN_SITES) } else { rng.pick(SITES) };
        let record = serde_json::json!({
            "id": format!("doc-{docs:08}"),
            "text": text,
            "source": "despin-bench",
            "metadata": {"url": format!("https://www.{site}/{}/{:06}", if science { "papers" } else { "news" }, rng.below(1_000_000)), "lang": "en"},
        });
        line.clear();
        serde_json::to_writer(&mut line, &record)?;
        line.push(b'\n');
        out.write_all(&line)?;
        written += line.len() as u64;
        docs += 1;
        spun_docs += u64::from(spun);
    }
    Ok((docs, spun_docs))
}
