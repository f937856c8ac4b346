//! The corpus benchmark: despin against its honest peers, on the same phrases and bytes, in one
//! run, on two corpora.
//!
//!     cargo bench --bench corpus
//!
//! The corpora, written once and then reused, under `target/bench/`:
//!
//! - the generated corpus (`generate.rs`): `DESPIN_BENCH_MB` (default 512) MiB of JSONL with raw
//!   UTF-8 in most lines, one document in five spun (`DESPIN_BENCH_SEED`, default 1);
//! - the seeds corpus (`seeds.rs`): `DESPIN_BENCH_SEEDS_MB` (default 86) MB of records cut from
//!   the seed articles beside the repository (`../shared/seeds`, or `$DESPIN_SEEDS`), ASCII JSON
//!   with every non-ASCII character escaped. Left out when the seeds are not there.
//!
//! `DESPIN_BENCH_CORPUS=corpus` or `=seeds` runs one of them. On each, with the phrases of
//! `despin wordlist export`:
//!
//! - `despin scan -f jsonl`, the default (with inference) and `--lists-only`, with 2 threads and
//!   with 1, output to /dev/null;
//! - ripgrep `--no-unicode -j1 -c -i -w -F -f phrases.txt`: ASCII word boundaries, as despin's on
//!   ASCII text; the like-for-like peer (installed with `cargo install ripgrep` under
//!   target/bench if not on the PATH);
//! - `benches/corpus/aho.py`: `json.loads` and one pyahocorasick automaton with a word-boundary
//!   check, the fast filter a Python pipeline would write (`DESPIN_BENCH_PYTHON`, else python3
//!   when it has the module, else a venv made under target/bench);
//! - `cat > /dev/null` and `wc -l`: the floor of what reading the bytes costs;
//! - ripgrep's Unicode `-w`, on the first `DESPIN_BENCH_SLOW_MB` MB (default 1) only: on text
//!   that is not ASCII its word boundaries leave the fast path (a Unicode look-around for every
//!   candidate), and it runs at a fraction of a MB/s on the generated corpus. It is kept to show
//!   that, not as a peer.
//!
//! Each command runs `DESPIN_BENCH_RUNS` times (default 1) and the median counts, under GNU time
//! for CPU time and peak memory. MB are 10^6 bytes. One table a corpus: wall time, CPU time,
//! MB/s, peak memory, and the speed of each row over ripgrep's and over pyahocorasick's.
//! `cargo bench --bench corpus -- --generate` only writes the corpora.

mod generate;
mod seeds;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn despin() -> &'static str {
    env!("CARGO_BIN_EXE_despin")
}

fn output(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Writes the corpus unless a file made with the same seed, size and wordlists is there.
fn corpus(dir: &Path, mb: u64, seed: u64) -> PathBuf {
    let listing = output(Command::new(despin()).args(["wordlist", "list"]));
    let stamp = format!("seed {seed} size {mb} MB lists {:016x}\n", fnv(listing.as_bytes()));
    let path = dir.join("corpus.jsonl");
    let stamp_path = dir.join("corpus.stamp");
    if path.exists() && std::fs::read_to_string(&stamp_path).ok().as_deref() == Some(stamp.as_str()) {
        return path;
    }
    eprintln!("bench: writing {mb} MB of JSONL to {} (seed {seed}) ...", path.display());
    let map = generate::SpinMap::from_listing(&listing);
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&path).expect("create corpus"));
    let (docs, spun) = generate::write_corpus(&mut out, seed, mb << 20, &map).expect("write corpus");
    out.flush().expect("write corpus");
    std::fs::write(&stamp_path, stamp).expect("write stamp");
    eprintln!("bench: {docs} documents, {spun} of them spun");
    path
}

/// Writes the seeds corpus (records cut from the seed articles, ASCII JSON; see `seeds.rs`)
/// unless a file made from the same texts, seed and size is there. None without the seeds.
fn seeds_corpus(dir: &Path, bytes: u64, seed: u64) -> Option<PathBuf> {
    let seeds_dir = PathBuf::from(env!("DESPIN_SEEDS_DIR"));
    let texts = match seeds::read_seeds(&seeds_dir) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("bench: no seeds corpus: cannot read the seed texts in {} ({e})", seeds_dir.display());
            return None;
        }
    };
    let all: String = texts.iter().flat_map(|(n, p)| std::iter::once(n).chain(p)).map(|s| s.as_str()).collect();
    let stamp = format!("seed {seed} size {bytes} bytes texts {:016x}\n", fnv(all.as_bytes()));
    let path = dir.join("seeds.jsonl");
    let stamp_path = dir.join("seeds.stamp");
    if path.exists() && std::fs::read_to_string(&stamp_path).ok().as_deref() == Some(stamp.as_str()) {
        return Some(path);
    }
    eprintln!("bench: writing {bytes} bytes of JSONL from the seeds in {} ...", seeds_dir.display());
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&path).expect("create seeds corpus"));
    let (docs, spun) = seeds::write_corpus(&mut out, &texts, seed, bytes).expect("write seeds corpus");
    out.flush().expect("write seeds corpus");
    std::fs::write(&stamp_path, stamp).expect("write stamp");
    eprintln!("bench: {docs} records, {spun} of them from the spun seed");
    Some(path)
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// ripgrep from the PATH, or installed under target/bench/tools with cargo.
fn ripgrep(dir: &Path) -> PathBuf {
    if Command::new("rg").arg("--version").stdout(Stdio::null()).status().is_ok_and(|s| s.success()) {
        return PathBuf::from("rg");
    }
    let tools = dir.join("tools");
    let rg = tools.join("bin/rg");
    if !rg.exists() {
        eprintln!("bench: rg not found; cargo install ripgrep --root {}", tools.display());
        let status = Command::new("cargo")
            .args(["install", "--locked", "ripgrep", "--root"])
            .arg(&tools)
            .status()
            .expect("run cargo install");
        assert!(status.success(), "cargo install ripgrep failed");
    }
    rg
}

/// `/usr/bin/time`, installed with apt-get (Debian package `time`) when missing and possible.
fn gnu_time() -> Option<PathBuf> {
    let time = PathBuf::from("/usr/bin/time");
    if !time.exists() {
        eprintln!("bench: /usr/bin/time not found; trying apt-get install time");
        let _ = Command::new("apt-get").args(["install", "-y", "-qq", "time"]).status();
    }
    time.exists().then_some(time)
}

/// A Python with pyahocorasick for `aho.py`: `DESPIN_BENCH_PYTHON`, else python3 when it has
/// the module, else a venv under target/bench/venv with it installed by pip (None if that fails).
fn python_aho(dir: &Path) -> Option<PathBuf> {
    let has = |py: &Path| Command::new(py).args(["-c", "import ahocorasick"]).status().is_ok_and(|s| s.success());
    if let Some(py) = std::env::var_os("DESPIN_BENCH_PYTHON") {
        return Some(PathBuf::from(py));
    }
    if has(Path::new("python3")) {
        return Some(PathBuf::from("python3"));
    }
    let venv = dir.join("venv");
    let py = venv.join("bin/python");
    if !py.exists() {
        eprintln!("bench: pyahocorasick not found; making {} with it", venv.display());
        let _ = Command::new("python3").arg("-m").arg("venv").arg(&venv).status();
        let _ = Command::new(&py).args(["-m", "pip", "install", "-q", "pyahocorasick"]).status();
    }
    has(&py).then_some(py).or_else(|| {
        eprintln!("bench: no Python with pyahocorasick; its row is left out");
        None
    })
}

struct Timing {
    seconds: f64,
    /// User and system CPU time, when GNU time measured it.
    cpu: Option<f64>,
    peak_kb: Option<u64>,
    stdout: String,
}

/// Runs a command `runs` times and keeps the run of median wall time; its standard output is
/// kept when `capture`, else sent to /dev/null.
fn time(argv: &[String], runs: u64, time_bin: Option<&Path>, capture: bool) -> Timing {
    let mut all: Vec<Timing> = Vec::new();
    for _ in 0..runs.max(1) {
        let mut cmd = match time_bin {
            Some(t) => {
                let mut c = Command::new(t);
                c.arg("-v").args(argv);
                c
            }
            None => {
                let mut c = Command::new(&argv[0]);
                c.args(&argv[1..]);
                c
            }
        };
        let stdout = if capture { Stdio::piped() } else { Stdio::null() };
        let start = Instant::now();
        let out = cmd.stderr(Stdio::piped()).stdout(stdout).output().expect("run benchmark command");
        let seconds = start.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&out.stderr);
        // rg exits 1 when nothing matched; anything else above 1 is a failure.
        assert!(out.status.code().is_some_and(|c| c <= 1), "{argv:?} failed: {stderr}");
        let peak_kb = stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
            .and_then(|v| v.trim().parse().ok());
        let field = |name: &str| -> Option<f64> {
            stderr.lines().find_map(|l| l.trim().strip_prefix(name)).and_then(|v| v.trim().parse().ok())
        };
        let cpu = field("User time (seconds): ").zip(field("System time (seconds): ")).map(|(u, s)| u + s);
        all.push(Timing { seconds, cpu, peak_kb, stdout: String::from_utf8_lossy(&out.stdout).into_owned() });
    }
    all.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    all.swap_remove(all.len() / 2)
}

/// Copies the first `bytes` bytes of `corpus`, up to the end of a line, to `prefix`.
fn write_prefix(corpus: &Path, prefix: &Path, bytes: u64) -> u64 {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::new(File::open(corpus).expect("corpus"));
    let mut out = BufWriter::new(File::create(prefix).expect("create prefix"));
    let (mut written, mut line) = (0u64, Vec::new());
    while written < bytes {
        line.clear();
        if reader.read_until(b'\n', &mut line).expect("read corpus") == 0 {
            break;
        }
        out.write_all(&line).expect("write prefix");
        written += line.len() as u64;
    }
    out.flush().expect("write prefix");
    written
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).expect("create target/bench");
    let mb = env_u64("DESPIN_BENCH_MB", 512);
    let seed = env_u64("DESPIN_BENCH_SEED", 1);
    let only = std::env::var("DESPIN_BENCH_CORPUS").unwrap_or_default();
    let corpus = (only.is_empty() || only == "corpus").then(|| corpus(&dir, mb, seed));
    let seeds = (only.is_empty() || only == "seeds")
        .then(|| seeds_corpus(&dir, env_u64("DESPIN_BENCH_SEEDS_MB", 86) * 1_000_000, seed))
        .flatten();
    if args.iter().any(|a| a == "--generate") {
        return;
    }
    let patterns = dir.join("phrases.txt");
    std::fs::write(&patterns, output(Command::new(despin()).args(["wordlist", "export"]))).expect("write phrases");
    let tools = Tools { rg: ripgrep(&dir), time_bin: gnu_time(), python_aho: python_aho(&dir) };
    if let Some(corpus) = corpus {
        bench(&dir, &corpus, &format!("generated, seed {seed}, raw UTF-8"), &patterns, &tools);
    }
    if let Some(seeds) = seeds {
        bench(&dir, &seeds, "seeds corpus, ASCII JSON", &patterns, &tools);
    }
}

/// The other programs the benchmark runs.
struct Tools {
    rg: PathBuf,
    time_bin: Option<PathBuf>,
    /// A Python that has pyahocorasick, if one could be found or made.
    python_aho: Option<PathBuf>,
}

/// Times every tool on one corpus and prints its table.
fn bench(dir: &Path, corpus: &Path, what: &str, patterns: &Path, tools: &Tools) {
    let runs = env_u64("DESPIN_BENCH_RUNS", 1);
    let size = std::fs::metadata(corpus).expect("corpus").len();
    let n_phrases = std::fs::read_to_string(patterns).expect("phrases").lines().count();
    let time_bin = tools.time_bin.as_deref();
    // Read the corpus once so that every tool finds it in the page cache.
    std::io::copy(&mut File::open(corpus).expect("corpus"), &mut std::io::sink()).expect("read corpus");
    let s = |x: &str| x.to_string();
    let p = |x: &Path| x.display().to_string();
    let name = corpus.file_name().expect("a file").to_string_lossy().into_owned();
    // Other jobs on the machine change wall-clock times, and the thread speed-up most: say how
    // busy it was.
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().next().unwrap_or("?").to_string())
        .unwrap_or_else(|_| "?".into());
    eprintln!("bench: {name}, {:.0} MB, {n_phrases} phrases, median of {runs}, load average {load}", size as f64 / 1e6);
    struct Row {
        name: String,
        command: String,
        t: Timing,
        bytes: u64,
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut run = |label: &str, command: String, argv: Vec<String>, capture: bool, bytes: u64, runs: u64| {
        eprintln!("bench: {label}");
        let t = time(&argv, runs, time_bin, capture);
        rows.push(Row { name: label.to_string(), command, t, bytes });
    };
    let scan = |mode: Option<&str>, threads: &str, file: &Path| {
        let mut a = vec![s(despin()), s("scan"), s("-f"), s("jsonl"), s("--quiet"), s("-j"), s(threads)];
        a.extend(mode.map(s));
        a.push(p(file));
        a
    };
    for (mode, label) in [(None, "despin (default, with inference)"), (Some("--lists-only"), "despin --lists-only")] {
        for threads in ["2", "1"] {
            let flag = mode.map_or(String::new(), |m| format!("{m} "));
            run(
                &format!("{label}, {threads} thread{}", if threads == "1" { "" } else { "s" }),
                format!("despin scan -f jsonl -j{threads} {flag}{name} > /dev/null"),
                scan(mode, threads, corpus),
                false,
                size,
                runs,
            );
        }
    }
    let rg = |unicode: bool, file: &Path| {
        let mut a = vec![p(&tools.rg)];
        if !unicode {
            a.push(s("--no-unicode"));
        }
        a.extend([s("-j1"), s("-c"), s("-i"), s("-w"), s("-F"), s("-f"), p(patterns), p(file)]);
        a
    };
    run(
        "ripgrep, ASCII word boundaries (1 thread)",
        format!("rg --no-unicode -j1 -c -i -w -F -f phrases.txt {name}"),
        rg(false, corpus),
        true,
        size,
        runs,
    );
    let aho_script = root().join("benches/corpus/aho.py");
    if let Some(python) = &tools.python_aho {
        run(
            "pyahocorasick (aho.py)",
            format!("python3 benches/corpus/aho.py phrases.txt {name}"),
            vec![p(python), p(&aho_script), p(patterns), p(corpus)],
            true,
            size,
            runs,
        );
    }
    run("cat", format!("cat {name} > /dev/null"), vec![s("cat"), p(corpus)], false, size, runs);
    run("wc -l", format!("wc -l {name}"), vec![s("wc"), s("-l"), p(corpus)], true, size, runs);
    let slow_mb = env_u64("DESPIN_BENCH_SLOW_MB", 1);
    let prefix = dir.join(format!("prefix-{name}"));
    let prefix_size = write_prefix(corpus, &prefix, slow_mb * 1_000_000);
    run(
        &format!("ripgrep, Unicode word boundaries (first {slow_mb} MB only)"),
        format!("rg -j1 -c -i -w -F -f phrases.txt {name}"),
        rg(true, &prefix),
        true,
        prefix_size,
        1,
    );

    let docs: u64 = rows
        .iter()
        .find(|r| r.name == "wc -l")
        .map_or(0, |r| r.t.stdout.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0));
    let speed = |r: &Row| r.bytes as f64 / 1e6 / r.t.seconds;
    let by = |prefix: &str| rows.iter().find(|r| r.name.starts_with(prefix)).map(speed);
    let (rg_speed, aho_speed) = (by("ripgrep, ASCII"), by("pyahocorasick"));
    println!();
    println!(
        "{name}: {:.0} MB of JSONL, {docs} documents ({what}); {n_phrases} phrases from `despin wordlist export`; \
         median of {runs} run{}; {} cores; load average {load} before the run.",
        size as f64 / 1e6,
        if runs == 1 { "" } else { "s" },
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!();
    println!(
        "| tool | command | wall (s) | CPU (s) | MB/s | peak memory (MB) | speed / ripgrep | speed / pyahocorasick |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    let ratio = |v: f64, of: Option<f64>| of.map_or("?".to_string(), |o| format!("{:.2}x", v / o));
    for r in &rows {
        let v = speed(r);
        let cpu = r.t.cpu.map_or("?".to_string(), |c| format!("{c:.2}"));
        let mbs = if v < 10.0 { format!("{v:.2}") } else { format!("{v:.0}") };
        let peak = r.t.peak_kb.map_or("?".to_string(), |k| format!("{:.1}", k as f64 * 1024.0 / 1e6));
        let floor = r.name == "cat" || r.name == "wc -l";
        let (vs_rg, vs_aho) = if floor { ("".into(), "".into()) } else { (ratio(v, rg_speed), ratio(v, aho_speed)) };
        println!("| {} | `{}` | {:.2} | {cpu} | {mbs} | {peak} | {vs_rg} | {vs_aho} |", r.name, r.command, r.t.seconds);
    }
    let seconds = |prefix: &str| rows.iter().find(|r| r.name.starts_with(prefix)).map(|r| r.t.seconds);
    let speedup = |label: &str| {
        seconds(&format!("{label}, 1 thread"))
            .zip(seconds(&format!("{label}, 2 threads")))
            .map_or("?".to_string(), |(one, two)| format!("{:.2}", one / two))
    };
    println!();
    println!(
        "Speed-up from 1 to 2 threads: default {}, --lists-only {}. ripgrep with Unicode word boundaries \
         ran on the first {:.1} MB only: on text that is not ASCII its `-w` leaves the fast path, so it is \
         no like-for-like peer (`--no-unicode` is).",
        speedup("despin (default, with inference)"),
        speedup("despin --lists-only"),
        prefix_size as f64 / 1e6,
    );
    let out = |prefix: &str| rows.iter().find(|r| r.name.starts_with(prefix)).map(|r| r.t.stdout.trim().to_string());
    println!(
        "Lines matched: ripgrep --no-unicode -w {}; pyahocorasick documents matched, documents, bytes: {}. \
         despin flags a document by its score, not by one match.",
        out("ripgrep, ASCII").unwrap_or_default(),
        out("pyahocorasick").unwrap_or_else(|| "not run".into()),
    );
}
