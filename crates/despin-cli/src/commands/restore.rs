//! `despin restore`: documents with every spun phrase replaced by its best original (the step
//! itself is [`despin_corpus::restore`]).
//!
//! It reads what `scan` reads: text files, JSONL (each record written back with its text
//! restored, every other byte of the line as it was), folders, standard input, gzip and zstd.
//! One input goes to standard output; a folder or several inputs go to `--out DIR`, mirroring
//! their names and compression.
//!
//! Only a document that scores as spun is rewritten: a clean document passes through byte for
//! byte even where inference has a guess about a word in it ("warfare" for "war" is the
//! spinner's habit, and also English). `--all` rewrites every hit regardless.

use std::io;
use std::path::PathBuf;

use clap::Args;

use despin::Rewrite;
use despin_corpus::output::mirror::Mirror;
use despin_corpus::restore::{self, Destination, Settings};
use despin_corpus::run::Driver;

use super::{fail, is_broken_pipe, monitor, start};
use crate::args::{InputOpts, JsonlOpt, RunOpts, WordlistOpts, EXIT_ERROR, EXIT_OK};
use crate::signals::remove_temporaries_on_signal;

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// The documents: text files, JSONL files (also .gz, .zst), folders, or `-` for standard
    /// input. One input goes to standard output; a folder or several need --out (or --diff).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write the restored files under DIR, each with the name it has under the input path it was
    /// found in, compressed as it was (standard input is DIR/stdin.txt or stdin.jsonl). Files
    /// appear whole or not at all.
    #[arg(long, value_name = "DIR", conflicts_with = "diff")]
    out: Option<PathBuf>,
    /// Show what changed, line by line, with each hit's ranked suggestions and their evidence,
    /// instead of the restored text.
    #[arg(long)]
    diff: bool,
    /// Rewrite every hit even when the document does not score as spun (by default such a
    /// document passes through unchanged, with a note on stderr).
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    run: RunOpts,
    #[command(flatten)]
    wordlists: WordlistOpts,
    #[command(flatten)]
    jsonl: JsonlOpt,
    #[command(flatten)]
    input: InputOpts,
}

pub fn run(args: RestoreArgs) -> i32 {
    let many = args.paths.len() > 1 || args.paths.iter().any(|p| p.is_dir());
    if many && args.out.is_none() && !args.diff {
        return fail("a folder or several inputs are restored into files: give --out DIR (or show --diff)");
    }
    let mirror = args.out.as_deref().map(|dir| Mirror::new(dir, &args.paths));
    if let Some(m) = &mirror {
        if let Err(e) = restore::check_folder(m, &args.paths) {
            return fail(e);
        }
        if let Err(e) = std::fs::create_dir_all(m.dir()) {
            return fail(format!("cannot write {}: {e}", m.dir().display()));
        }
        remove_temporaries_on_signal();
    }
    let Some(detector) = start(&args.run, &args.wordlists, args.diff) else {
        return EXIT_ERROR;
    };
    let mut options = args.input.options(args.jsonl.jsonl);
    // Every document is restored, even one with a NUL byte: what is not text has no hits and
    // comes out as it went in.
    options.binary = true;
    let monitor = monitor(&args.run, &args.paths, mirror.is_some());
    let driver =
        Driver { detector: &detector, options: &options, keep_raw: true, quiet: args.run.quiet, monitor: &*monitor };
    let settings = Settings { when: if args.all { Rewrite::Always } else { Rewrite::IfSpun }, diff: args.diff };
    let stdout = io::stdout();
    let mut writer = io::BufWriter::with_capacity(256 * 1024, stdout.lock());
    let destination = match mirror {
        Some(m) => Destination::Folder(m),
        None => Destination::Writer(&mut writer),
    };
    let result = restore::run(&driver, args.paths, settings, destination);
    drop(monitor);
    let counts = match result {
        Ok(c) => c,
        Err(e) if is_broken_pipe(&e) => return EXIT_OK,
        Err(e) => return fail(format!("cannot write output: {e}")),
    };
    let tally = &counts.tally;
    if !args.run.quiet && (counts.documents != 1 || args.out.is_some() || tally.errors() > 0) {
        let mut line = format!(
            "despin: {} document{} read, {} rewritten",
            counts.documents,
            if counts.documents == 1 { "" } else { "s" },
            counts.rewritten
        );
        if counts.held > 0 {
            line += &format!(", {} left unchanged with hits (not flagged; --all rewrites them)", counts.held);
        }
        if let Some(dir) = &args.out {
            line +=
                &format!("; {} file{} under {}", counts.files, if counts.files == 1 { "" } else { "s" }, dir.display());
        }
        if tally.errors() > 0 {
            line += &format!(", {} error(s)", tally.errors());
        }
        eprintln!("{line}");
    }
    if tally.errors() > 0 {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}
