//! Ctrl-C and `kill` during a run that writes files: the temporary files of outputs not yet
//! complete are deleted before the process ends, so no half-written file is left under a final
//! name.

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

/// Installs a handler for SIGINT, SIGTERM and SIGHUP that deletes the temporary files of
/// uncommitted outputs and ends the process with status 128 + the signal's number, as a shell
/// reports a process killed by that signal. Call it once, before creating files.
pub fn remove_temporaries_on_signal() {
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return; // no handler: the default action still stops the run, temporaries stay hidden
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // The guard keeps a commit from renaming a file while the process exits.
            let _guard = despin_corpus::output::files::remove_temporaries();
            eprintln!("despin: interrupted; no output file was completed by this run");
            std::process::exit(128 + signal);
        }
    });
}
