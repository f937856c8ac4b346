//! `despin wordlist`: check, list and export wordlists.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};

use despin::rules::{dictionary, examples, Matcher};
use despin::Wordlist;

use super::{fail, is_broken_pipe};
use crate::args::{ListOpts, EXIT_OK};

#[derive(Args, Debug)]
pub struct WordlistArgs {
    #[command(subcommand)]
    command: WordlistCommand,
}

#[derive(Subcommand, Debug)]
enum WordlistCommand {
    /// Validate wordlist files: report every file's first error with file and line, and run
    /// the examples of its groups (`#+` must flag, `#-` must allow).
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print the entries in use in the wordlist format (it loads back), grouped by list and
    /// group, each group with its examples.
    List {
        #[command(flatten)]
        lists: ListOpts,
    },
    /// Print the spun phrases in use, one a line: a pattern file for `grep -F -f` and `rg -F -f`
    /// (pattern entries are left out).
    Export {
        #[command(flatten)]
        lists: ListOpts,
    },
    /// Learn the spinner's dictionary from the lists in use (align each entry word by word with
    /// its original) and print it in the format of wordlists/spinner.tsv.
    Learn {
        #[command(flatten)]
        lists: ListOpts,
    },
}

pub fn run(args: WordlistArgs) -> i32 {
    let result = match args.command {
        WordlistCommand::Check { files } => return check(&files),
        WordlistCommand::List { lists } => lists.load().and_then(|l| list(&l)),
        WordlistCommand::Export { lists } => lists.load().and_then(|l| export(&l)),
        WordlistCommand::Learn { lists } => lists.load().and_then(|l| learn(&l)),
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => fail(e),
    }
}

/// Loads each file and runs its examples with its own entries.
fn check(files: &[PathBuf]) -> i32 {
    let mut status = EXIT_OK;
    for f in files {
        let list = match Wordlist::load(f) {
            Ok(list) => list,
            Err(e) => {
                status = fail(e);
                continue;
            }
        };
        let failures = match Matcher::new(vec![list.clone()]) {
            Ok(matcher) => examples::check(&matcher, std::slice::from_ref(&list)),
            Err(e) => {
                status = fail(e);
                continue;
            }
        };
        for failure in &failures {
            status = fail(failure);
        }
        let tried: usize = list.groups.iter().map(|g| g.flag.len() + g.allow.len()).sum();
        for (_, group, line) in examples::unexampled(std::slice::from_ref(&list)) {
            let name =
                if group.is_empty() { "entries before any group".to_string() } else { format!("group {group:?}") };
            eprintln!("despin: note: {}:{line}: {name} has no #+ or no #- example", f.display());
        }
        if failures.is_empty() {
            println!("{}: {} entries, {tried} examples, ok", f.display(), list.entries.len());
        }
    }
    status
}

/// Writes to standard output, quietly when the reader went away.
fn write_out(text: &str) -> Result<(), String> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if is_broken_pipe(&e) => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

/// The entries in use (a later list's entry replacing an earlier one's), in the wordlist
/// format, grouped by list and group, each group once with its examples.
fn list(lists: &[Wordlist]) -> Result<(), String> {
    let matcher = Matcher::new(lists.to_vec()).map_err(|e| e.to_string())?;
    let mut out = String::from("# The entries in use, as `despin wordlist list` printed them; this file loads back.\n");
    for l in lists {
        for (g, group) in l.groups.iter().enumerate() {
            let mut entries = matcher.entries().iter().filter(|e| *e.list == *l.name && e.group == g).peekable();
            if entries.peek().is_none() {
                continue;
            }
            let sep = if group.name.is_empty() { "" } else { ": " };
            out += &format!("## {}{sep}{}\n", l.name, group.name);
            for s in &group.flag {
                out += &format!("#+ {s}\n");
            }
            for s in &group.allow {
                out += &format!("#- {s}\n");
            }
            for e in entries {
                out += &e.to_tsv();
                out.push('\n');
            }
        }
    }
    write_out(&out)
}

/// The spun phrases in use, each once: a pattern file for grep and ripgrep.
fn export(lists: &[Wordlist]) -> Result<(), String> {
    let matcher = Matcher::new(lists.to_vec()).map_err(|e| e.to_string())?;
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    // Case and context are lost in a plain pattern file; print each phrase once.
    for e in matcher.entries().iter().filter(|e| e.pattern.is_none()) {
        if seen.insert(e.spun.to_lowercase()) {
            out += &e.spun;
            out.push('\n');
        }
    }
    write_out(&out)
}

fn learn(lists: &[Wordlist]) -> Result<(), String> {
    let dict = dictionary::learn(lists);
    let names: Vec<String> = lists.iter().map(|l| format!("{} ({} entries)", l.name, l.entries.len())).collect();
    write_out(&dictionary::to_tsv(&dict, &names))
}
