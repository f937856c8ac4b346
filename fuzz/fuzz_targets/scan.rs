//! The whole scan of one document on arbitrary bytes: the embedded lists plus a small list with
//! context flags, non-ASCII and punctuation-laden phrases. See `check_report` and
//! `check_restore` in tests/invariants.
#![no_main]

use std::sync::LazyLock;

use despin::scanner::Scanner;
use despin::wordlist::Wordlist;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

const EXTRA: &str = "\
spherical\tround\t1\t\tnext=of|talks
via\tby\t1\t\t!prev=#num
2\ttwo\t1\t\tprev=#cap next=#year
Eu\tEuropean\t1\t\tcase
Київ\tKyiv
naïve approach\tsimple approach
c++ code\tC++ code
(rr)\t(hr)
a.b\tab
straße\troad
it’s\tit is
well–known\tknown
rock ’n’\trock and roll
so-called —\tso-called
";

static SCANNER: LazyLock<Scanner> = LazyLock::new(|| {
    let mut lists = Wordlist::defaults();
    lists.push(Wordlist::parse("extra", "extra.tsv", EXTRA).unwrap());
    Scanner::new(lists).unwrap()
});

fuzz_target!(|data: &[u8]| {
    let report = invariants::check_report(&SCANNER, data);
    invariants::check_restore(data, &report);
});
