//! The corpus benchmark: despin against ripgrep, GNU grep and a Python `re` filter, on the
//! same bytes, in one run.
//!
//!     cargo bench --bench corpus
//!
//! Generates (once, then reuses) a deterministic corpus of JSONL under `target/bench/`
//! (`DESPIN_BENCH_MB`, default 512 MB; `DESPIN_BENCH_SEED`, default 1), exports the phrases of
//! the default wordlists with `despin wordlist export`, and times on that file:
//!
//! - `despin scan --format jsonl` with 2 threads and with 1 (output to /dev/null), under
//!   `/usr/bin/time -v` for the peak memory;
//! - `rg -c -i -w -F -f phrases` (installed with `cargo install ripgrep` under target/bench if
//!   not on the PATH), and the same without `-w`, which ripgrep runs much faster;
//! - `grep -c -i -w -F -f phrases` (GNU grep, LC_ALL=C);
//! - `benches/corpus/filter.py`: `json.loads` and one `re` alternation of the phrases.
//!
//! Each tool runs `DESPIN_BENCH_RUNS` times (default 3) and the best time counts. The others
//! run first once on the first `DESPIN_BENCH_SLOW_MB` MB (default 8) of the same file, cut at
//! a line end; a tool that would take more than `DESPIN_BENCH_SLOW_SECONDS` (default 120) on the
//! whole file at that speed keeps that one measure (ripgrep with `-w` and Python run at about
//! 0.05 MB/s on these phrases), the others run on the whole file.
//! Prints a Markdown table: MB/s, time, and the ratio of despin's speed to each.
//! `cargo bench --bench corpus -- --generate` only writes the corpus.

mod generate;

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

struct Timing {
    seconds: f64,
    /// User and system CPU time, when GNU time measured it.
    cpu: Option<f64>,
    peak_kb: Option<u64>,
    stdout: String,
}

/// Runs a command `runs` times and keeps the fastest run.
fn time(argv: &[String], runs: u64, time_bin: Option<&Path>, env: &[(&str, &str)]) -> Timing {
    let mut best: Option<Timing> = None;
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
        cmd.envs(env.iter().copied());
        let start = Instant::now();
        let out = cmd.stderr(Stdio::piped()).stdout(Stdio::piped()).output().expect("run benchmark command");
        let seconds = start.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&out.stderr);
        // grep and rg exit 1 when nothing matched; anything else above 1 is a failure.
        assert!(out.status.code().is_some_and(|c| c <= 1), "{argv:?} failed: {stderr}");
        let peak_kb = stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
            .and_then(|v| v.trim().parse().ok());
        let field = |name: &str| -> Option<f64> {
            stderr.lines().find_map(|l| l.trim().strip_prefix(name)).and_then(|v| v.trim().parse().ok())
        };
        let cpu = field("User time (seconds): ").zip(field("System time (seconds): ")).map(|(u, s)| u + s);
        let t = Timing { seconds, cpu, peak_kb, stdout: String::from_utf8_lossy(&out.stdout).into_owned() };
        if best.as_ref().is_none_or(|b| t.seconds < b.seconds) {
            best = Some(t);
        }
    }
    best.expect("at least one run")
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
    let runs = env_u64("DESPIN_BENCH_RUNS", 3);
    let corpus = corpus(&dir, mb, seed);
    if args.iter().any(|a| a == "--generate") {
        return;
    }
    let size = std::fs::metadata(&corpus).expect("corpus").len();
    let size_mb = size as f64 / (1 << 20) as f64;
    let patterns = dir.join("phrases.txt");
    std::fs::write(&patterns, output(Command::new(despin()).args(["wordlist", "export"]))).expect("write phrases");
    let n_phrases = std::fs::read_to_string(&patterns).expect("phrases").lines().count();
    let rg = ripgrep(&dir);
    let time_bin = gnu_time();
    // Read the corpus once so that every tool finds it in the page cache.
    std::io::copy(&mut File::open(&corpus).expect("corpus"), &mut std::io::sink()).expect("read corpus");

    let s = |x: &str| x.to_string();
    let p = |x: &Path| x.display().to_string();
    let despin_cmd = |threads: &str, file: &Path| {
        vec![s(despin()), s("scan"), s("--format"), s("jsonl"), s("--quiet"), s("-j"), s(threads), p(file)]
    };
    // Other jobs on the machine change wall-clock times, and the thread speed-up most: say how
    // busy it was.
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().next().unwrap_or("?").to_string())
        .unwrap_or_else(|_| "?".into());
    eprintln!("bench: {size_mb:.0} MB, {n_phrases} phrases, best of {runs} runs, load average {load}");
    eprintln!("bench: despin, 2 threads");
    let d2 = time(&despin_cmd("2", &corpus), runs, time_bin.as_deref(), &[]);
    eprintln!("bench: despin, 1 thread");
    let d1 = time(&despin_cmd("1", &corpus), runs, time_bin.as_deref(), &[]);
    // With -j 1, reading and writing still run on threads of their own, on the other core: pinned
    // to one core, despin shows what a second core adds.
    let taskset = Command::new("taskset").arg("-V").output().is_ok_and(|o| o.status.success());
    let d1_core = taskset.then(|| {
        eprintln!("bench: despin, 1 thread on 1 core (taskset -c 0)");
        let mut argv = vec![s("taskset"), s("-c"), s("0")];
        argv.extend(despin_cmd("1", &corpus));
        time(&argv, runs, time_bin.as_deref(), &[])
    });
    let grep_args = |bin: String, word: bool, file: &Path| {
        let mut a = vec![bin, s("-c"), s("-i")];
        if word {
            a.push(s("-w"));
        }
        a.extend([s("-F"), s("-f"), p(&patterns), p(file)]);
        a
    };
    // Each other tool runs first on the first DESPIN_BENCH_SLOW_MB MB (whole lines); when that
    // predicts more than DESPIN_BENCH_SLOW_SECONDS on the whole corpus, that one run is its
    // result, else it runs on the whole corpus like despin.
    let slow_mb = env_u64("DESPIN_BENCH_SLOW_MB", 8);
    let limit = env_u64("DESPIN_BENCH_SLOW_SECONDS", 120) as f64;
    let prefix = dir.join("prefix.jsonl");
    let prefix_size = write_prefix(&corpus, &prefix, slow_mb << 20);
    let measure = |name: &str, argv: &dyn Fn(&Path) -> Vec<String>, env: &[(&str, &str)]| -> (Timing, f64) {
        eprintln!("bench: {name}, first {slow_mb} MB");
        let first = time(&argv(&prefix), 1, time_bin.as_deref(), env);
        let predicted = first.seconds * size as f64 / prefix_size as f64;
        if predicted > limit {
            eprintln!("bench: {name}: about {predicted:.0} s for the whole corpus; the first {slow_mb} MB stand");
            return (first, prefix_size as f64);
        }
        eprintln!("bench: {name}, whole corpus");
        (time(&argv(&corpus), runs, time_bin.as_deref(), env), size as f64)
    };
    eprintln!("bench: despin, 2 threads, first {slow_mb} MB");
    let d2_prefix = time(&despin_cmd("2", &prefix), runs, time_bin.as_deref(), &[]);
    let (rg_w, rg_w_bytes) = measure("ripgrep -w", &|f| grep_args(p(&rg), true, f), &[]);
    let (rg_t, rg_bytes) = measure("ripgrep without -w", &|f| grep_args(p(&rg), false, f), &[]);
    let (grep_t, grep_bytes) = measure("GNU grep", &|f| grep_args(s("grep"), true, f), &[("LC_ALL", "C")]);
    let script = root().join("benches/corpus/filter.py");
    let (py, py_bytes) = measure("Python re filter", &|f| vec![s("python3"), p(&script), p(&patterns), p(f)], &[]);

    let docs: u64 =
        output(Command::new("wc").arg("-l").arg(&corpus)).split_whitespace().next().unwrap().parse().unwrap();
    let speed = |t: &Timing, bytes: f64| bytes / (1 << 20) as f64 / t.seconds;
    // Each tool is compared with despin on the same bytes: the whole file or its first part.
    let despin_speed = |bytes: f64| {
        if bytes < size as f64 {
            speed(&d2_prefix, bytes)
        } else {
            speed(&d2, size as f64)
        }
    };
    println!();
    println!(
        "Corpus: {size_mb:.0} MB of JSONL, {docs} documents (seed {seed}); {n_phrases} phrases from `despin wordlist export`; best of {runs} runs; {} cores.",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!();
    println!("| tool | command | time (s) | CPU (s) | MB/s | despin (2 threads, same bytes) is faster by |");
    println!("|---|---|---:|---:|---:|---:|");
    let row = |name: &str, cmd: &str, t: &Timing, bytes: f64| {
        let v = speed(t, bytes);
        let cpu = t.cpu.map_or("?".to_string(), |c| format!("{c:.2}"));
        let mbs = if v < 10.0 { format!("{v:.2}") } else { format!("{v:.0}") };
        let ratio = despin_speed(bytes) / v;
        let ratio = if std::ptr::eq(t, &d2) || std::ptr::eq(t, &d2_prefix) {
            "-".to_string()
        } else if ratio < 100.0 {
            format!("{ratio:.2}x")
        } else {
            format!("{ratio:.0}x")
        };
        println!("| {name} | `{cmd}` | {:.2} | {cpu} | {mbs} | {ratio} |", t.seconds);
    };
    row("despin, 2 threads", "despin scan -f jsonl -j 2 corpus.jsonl > /dev/null", &d2, size as f64);
    row("despin, 1 thread", "despin scan -f jsonl -j 1 corpus.jsonl > /dev/null", &d1, size as f64);
    if let Some(t) = &d1_core {
        row(
            "despin, 1 thread, 1 core",
            "taskset -c 0 despin scan -f jsonl -j 1 corpus.jsonl > /dev/null",
            t,
            size as f64,
        );
    }
    let part = |bytes: f64| {
        if bytes < size as f64 {
            format!(" (first {:.0} MB)", bytes / (1 << 20) as f64)
        } else {
            String::new()
        }
    };
    row(
        &format!("despin, 2 threads{}", part(prefix_size as f64)),
        "despin scan -f jsonl -j 2 corpus.jsonl > /dev/null",
        &d2_prefix,
        prefix_size as f64,
    );
    row(&format!("ripgrep{}", part(rg_w_bytes)), "rg -c -i -w -F -f phrases.txt corpus.jsonl", &rg_w, rg_w_bytes);
    row(&format!("ripgrep, no -w{}", part(rg_bytes)), "rg -c -i -F -f phrases.txt corpus.jsonl", &rg_t, rg_bytes);
    row(
        &format!("GNU grep{}", part(grep_bytes)),
        "LC_ALL=C grep -c -i -w -F -f phrases.txt corpus.jsonl",
        &grep_t,
        grep_bytes,
    );
    row(
        &format!("Python re{}", part(py_bytes)),
        "python3 benches/corpus/filter.py phrases.txt corpus.jsonl",
        &py,
        py_bytes,
    );
    println!();
    println!(
        "Tools marked \"first N MB\" ran once on that part of the same file (cut at a line end): \
         on the whole file they would take more than {limit:.0} s."
    );
    let cores = |t: &Timing| t.cpu.map_or("?".to_string(), |c| format!("{:.2}", c / t.seconds));
    let core_speedup = d1_core.as_ref().map_or("?".to_string(), |t| format!("{:.2}", t.seconds / d2.seconds));
    println!(
        "despin: speed-up from 1 to 2 threads {:.2}, from 1 core to 2 {core_speedup} (cores busy on average: \
         {} with 2 threads, {} with 1; load average before the run {load}); peak memory {} (2 threads), {} (1 thread).",
        d1.seconds / d2.seconds,
        cores(&d2),
        cores(&d1),
        d2.peak_kb.map_or("unknown".into(), |k| format!("{:.1} MB", k as f64 / 1024.0)),
        d1.peak_kb.map_or("unknown".into(), |k| format!("{:.1} MB", k as f64 / 1024.0)),
    );
    println!(
        "Lines matched: ripgrep -w {}, ripgrep without -w {}, GNU grep {}, Python {}. \
         despin flags a document by its score, not by one match.",
        rg_w.stdout.trim(),
        rg_t.stdout.trim(),
        grep_t.stdout.trim(),
        py.stdout.split_whitespace().next().unwrap_or("?"),
    );
}
