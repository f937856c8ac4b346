//! `despin wordlist`: check, list and export wordlists.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{is_broken_pipe, WordlistOpts, EXIT_ERROR, EXIT_OK};
use crate::output::csv_field;
use crate::wordlist::Wordlist;

#[derive(Args, Debug)]
pub struct WordlistArgs {
    #[command(subcommand)]
    command: WordlistCommand,
}

#[derive(Subcommand, Debug)]
enum WordlistCommand {
    /// Validate wordlist files; report every file's first error with file and line.
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print the entries in use as TSV (list, spun, original, weight, flags).
    List {
        #[command(flatten)]
        wordlists: WordlistOpts,
    },
    /// Print the spun phrases in use, one a line: a pattern file for `grep -F -f` and `rg -F -f`.
    Export {
        #[command(flatten)]
        wordlists: WordlistOpts,
    },
    /// Learn the spinner's dictionary from the lists in use (align each entry word by word with
    /// its original) and print it in the format of wordlists/spinner.tsv.
    Learn {
        #[command(flatten)]
        wordlists: WordlistOpts,
    },
}

pub fn run(args: WordlistArgs) -> i32 {
    let result = match args.command {
        WordlistCommand::Check { files } => {
            let mut status = EXIT_OK;
            for f in files {
                match Wordlist::load(&f) {
                    Ok(list) => println!("{}: {} entries, ok", f.display(), list.entries.len()),
                    Err(e) => {
                        eprintln!("despin: {e}");
                        status = EXIT_ERROR;
                    }
                }
            }
            return status;
        }
        WordlistCommand::List { wordlists } => print_entries(&wordlists, false),
        WordlistCommand::Export { wordlists } => print_entries(&wordlists, true),
        WordlistCommand::Learn { wordlists } => learn(&wordlists),
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("despin: {e}");
            EXIT_ERROR
        }
    }
}

fn print_entries(opts: &WordlistOpts, phrases_only: bool) -> Result<(), String> {
    let scanner = opts.scanner(None)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut write = || -> io::Result<()> {
        let mut seen = std::collections::HashSet::new();
        for e in scanner.matcher().entries() {
            if phrases_only {
                // Case and context are lost in a plain pattern file; print each phrase once.
                if seen.insert(e.spun.to_lowercase()) {
                    writeln!(out, "{}", e.spun)?;
                }
            } else {
                let flags: Vec<String> = std::iter::once(e.case_sensitive.then(|| "case".to_string()))
                    .flatten()
                    .chain(e.context.iter().map(|c| format!("{c:?}")))
                    .collect();
                writeln!(out, "{}\t{}\t{}\t{}\t{}", e.list, e.spun, csv_field(&e.original), e.weight, flags.join(" "))?;
            }
        }
        out.flush()
    };
    match write() {
        Ok(()) => Ok(()),
        Err(e) if is_broken_pipe(&e) => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

fn learn(opts: &WordlistOpts) -> Result<(), String> {
    let lists = opts.load()?;
    let dict = crate::dictionary::learn(&lists);
    let names: Vec<String> = lists.iter().map(|l| format!("{} ({} entries)", l.name, l.entries.len())).collect();
    let mut out = io::stdout().lock();
    match out.write_all(crate::dictionary::to_tsv(&dict, &names).as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if is_broken_pipe(&e) => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}
