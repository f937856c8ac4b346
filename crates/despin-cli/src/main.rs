//! The `despin` command. It only wires: arguments ([`args`]) into a detector and the corpus
//! crate's steps ([`commands`]), with a progress bar ([`progress`]) and signal handling
//! ([`signals`]) on top.

mod args;
mod commands;
mod progress;
mod signals;

fn main() {
    std::process::exit(commands::main());
}
