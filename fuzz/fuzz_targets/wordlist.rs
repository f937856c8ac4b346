//! A wordlist on arbitrary bytes: parsing never panics; an error names the file and a line
//! that exists; a list that parses compiles, its entries are normalised and in bounds, every
//! entry without context conditions hits its own phrase, and the matcher's invariants hold on
//! the list's own text.
#![no_main]

use despin::rules::Matcher;
use despin::rules::wordlist::{normalise_phrase, Wordlist, MAX_PHRASE_BYTES, MAX_WEIGHT};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lines = text.split('\n').count();
    let list = match Wordlist::parse("f", "f.tsv", text) {
        Ok(list) => list,
        Err(e) => {
            assert!(e.to_string().starts_with("f.tsv:"), "{e}");
            assert!(e.line().is_some_and(|l| l >= 1 && l <= lines), "{e}");
            return;
        }
    };
    for e in &list.entries {
        assert!(!e.spun.is_empty() && e.spun.len() <= MAX_PHRASE_BYTES, "{e:?}");
        // A phrase is stored normalised; a pattern (`/…/`) as written.
        assert!(e.pattern.is_some() || normalise_phrase(&e.spun) == e.spun, "{e:?}");
        assert!(e.weight > 0.0 && e.weight <= MAX_WEIGHT, "{e:?}");
        assert!(e.line >= 1 && e.line <= lines, "{e:?}");
    }
    let matcher = Matcher::new(vec![list.clone()]).expect("a parsed list compiles");
    for e in list.entries.iter().filter(|e| e.context.is_empty() && e.pattern.is_none()) {
        let hits = matcher.find(e.spun.as_bytes());
        assert!(hits.first().is_some_and(|h| (h.start, h.end) == (0, e.spun.len())), "{e:?}: {hits:?}");
    }
    invariants::check_hits(&matcher, data);
});
