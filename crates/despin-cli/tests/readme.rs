//! The commands README.md gives work as written, or say what they need (issue 16, item 5):
//! every option of a `despin` command exists in that command's `--help`, every `--test NAME`
//! names a test file, and a command that reads `../shared/` (the seed articles and the
//! tortured-phrase list beside the repository, absent from a fresh clone) says it needs it.

mod common;

use common::despin;

/// The README files whose commands a user copies.
fn readmes() -> Vec<(String, String)> {
    ["README.md", "wordlists/README.md"]
        .iter()
        .map(|name| (name.to_string(), std::fs::read_to_string(common::root().join(name)).unwrap()))
        .collect()
}

/// The commands in a README: indented code lines, and code spans, that start with `despin ` or
/// `cargo ...`, with the line they are on.
fn commands(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut candidates: Vec<&str> = Vec::new();
        if let Some(code) = line.strip_prefix("    ") {
            candidates.push(code.trim());
        }
        candidates.extend(line.split('`').skip(1).step_by(2));
        for c in candidates {
            let c = c.split(" #").next().unwrap_or(c).trim();
            if c.starts_with("despin ") || c.starts_with("cargo ") {
                out.push((i + 1, c.to_string()));
            }
        }
    }
    out
}

/// The despin arguments of a command: after `despin` or `cargo run --release --`.
fn despin_args(command: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let start = if words.first() == Some(&"despin") {
        1
    } else if command.starts_with("cargo run") {
        words.iter().position(|w| *w == "--")? + 1
    } else {
        return None;
    };
    Some(words[start..].iter().map(|w| w.to_string()).collect())
}

#[test]
fn readme_options_exist_in_the_commands_help() {
    let mut helps = std::collections::HashMap::new();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (name, text) in readmes() {
        for (line, command) in commands(&text) {
            let Some(args) = despin_args(&command) else { continue };
            let Some(sub) = args.first() else { continue };
            // The subcommand, and the second word for those that have their own (`eval holdout`).
            let mut path = vec![sub.clone()];
            if matches!(sub.as_str(), "eval" | "wordlist") {
                path.extend(args.get(1).cloned());
            }
            let help = helps.entry(path.clone()).or_insert_with(|| {
                let out = despin().args(&path).arg("--help").output().unwrap();
                String::from_utf8_lossy(&out.stdout).into_owned()
            });
            if help.is_empty() {
                wrong.push(format!("{name}:{line}: no command {path:?}: {command}"));
                continue;
            }
            for arg in &args {
                let option = arg.trim_start_matches('[').trim_end_matches([']', ',', ')']);
                let option = option.split('=').next().unwrap();
                if option.starts_with("--") && option.len() > 2 {
                    checked += 1;
                    if !help.contains(&format!("{option} ")) && !help.contains(&format!("{option}\n")) {
                        wrong.push(format!("{name}:{line}: {option} is not an option of {path:?}: {command}"));
                    }
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} options checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn readme_test_targets_exist() {
    let mut wrong = Vec::new();
    for (name, text) in readmes() {
        for (line, command) in commands(&text) {
            let words: Vec<&str> = command.split_whitespace().collect();
            for pair in words.windows(2).filter(|p| p[0] == "--test" || p[0] == "--bench") {
                let dir = if pair[0] == "--test" { "tests" } else { "benches" };
                let found = ["despin", "despin-corpus", "despin-lab", "despin-cli"].iter().any(|c| {
                    let base = common::root().join("crates").join(c).join(dir);
                    base.join(format!("{}.rs", pair[1])).is_file() || base.join(pair[1]).is_dir()
                });
                if !found {
                    wrong.push(format!("{name}:{line}: no {dir} target {:?}: {command}", pair[1]));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn readme_commands_that_read_the_shared_folder_say_so() {
    let mut wrong = Vec::new();
    for (name, text) in readmes() {
        let lines: Vec<&str> = text.lines().collect();
        for (line, command) in commands(&text) {
            if !command.contains("../shared/") && !command.contains("eval holdout") {
                continue;
            }
            // The paragraph of the command, or the one before it, says what it needs.
            let around = lines[line.saturating_sub(8)..(line + 4).min(lines.len())].join(" ");
            if !(around.contains("needs") && around.contains("`../shared")) {
                wrong.push(format!("{name}:{line}: {command}"));
            }
        }
    }
    assert!(wrong.is_empty(), "commands that read ../shared/ without saying they need it:\n{}", wrong.join("\n"));
}
