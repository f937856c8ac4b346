//! Outputs that are not regular files: the tool never harms the machine. A regular file is
//! written under a temporary name and renamed into place; anything else (a device, a named pipe,
//! the `/dev/fd/N` of a process substitution) is written straight into, as the shell's `>`
//! would. Renaming over them would replace a device with a regular file, leave the reader of a
//! pipe waiting forever, and fail on `/dev/fd/N`.
//!
//! The device is a private node made in a temporary folder, never the machine's `/dev/null`.

use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

mod common;

use common::{run, stderr};

const SPUN: &str =
    "The 3rd spherical of talks came about in Would possibly, and our bodies of squaddies were returned.";
const CLEAN: &str = "The third round of talks took place in May, and the bodies of soldiers were returned.";

/// Ten records, every third one spun: 6 kept, 4 flagged.
fn records(dir: &Path) -> (usize, usize) {
    let mut s = String::new();
    for i in 0..10 {
        let text = if i % 3 == 0 { SPUN } else { CLEAN };
        s += &format!("{}\n", serde_json::json!({"id": format!("d{i}"), "text": text}));
    }
    std::fs::write(dir.join("in.jsonl"), s).unwrap();
    (6, 4)
}

/// No temporary file of an output is left in `dir`.
fn no_temporaries(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.contains(".despin-"), "left behind: {name}");
    }
}

#[test]
#[cfg_attr(not(mknod), ignore = "needs the right to make a device node (root or CAP_MKNOD) for a private null device")]
fn a_device_given_as_output_stays_a_device() {
    let dir = tempfile::tempdir().unwrap();
    records(dir.path());
    let null = dir.path().join("null");
    let made = Command::new("mknod").arg(&null).args(["c", "1", "3"]).status().unwrap();
    assert!(made.success(), "mknod failed although the build's probe could");
    let device = std::fs::metadata(&null).unwrap().rdev();
    // The same device for every output, as `--kept /dev/null --flagged /dev/null` would be.
    let out = run(&["filter", "in.jsonl", "--kept", "null", "--flagged", "null", "--rejected", "null"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("read 10 lines = kept 6 + flagged 4 + rejected 0"), "{}", stderr(&out));
    let meta = std::fs::symlink_metadata(&null).unwrap();
    assert!(meta.file_type().is_char_device(), "the device was replaced: {:?}", meta.file_type());
    assert_eq!(meta.rdev(), device);
    // One output to the device, another to standard output.
    let out = run(&["filter", "in.jsonl", "--kept", "null", "--flagged", "-"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 4);
    assert!(std::fs::symlink_metadata(&null).unwrap().file_type().is_char_device());
    no_temporaries(dir.path());
}

#[test]
fn a_named_pipe_given_as_output_feeds_its_reader() {
    let dir = tempfile::tempdir().unwrap();
    let (kept, _) = records(dir.path());
    let fifo = dir.path().join("kept.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // The reader opens the pipe and reads to its end, as `wc -l < kept.fifo` would.
    let (tx, rx) = mpsc::channel();
    let reader = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::read(&reader));
    });
    let out = run(&["filter", "in.jsonl", "--kept", "kept.fifo", "--flagged", "flagged.jsonl"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let got = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the reader of the pipe got no end of file: the pipe was not written into")
        .unwrap();
    assert_eq!(String::from_utf8(got).unwrap().lines().count(), kept);
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe was replaced");
    assert_eq!(std::fs::read_to_string(dir.path().join("flagged.jsonl")).unwrap().lines().count(), 4);
    no_temporaries(dir.path());
}

#[test]
fn a_process_substitution_given_as_output_gets_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let (kept, flagged) = records(dir.path());
    // `--kept >(wc -l)`: bash passes /dev/fd/N, a pipe to wc, whose count ends on our stdout.
    let script = r#""$0" filter in.jsonl --kept >(wc -l) --flagged >(wc -l >flagged.count); wait"#;
    let out = Command::new("bash")
        .args(["-c", script, env!("CARGO_BIN_EXE_despin")])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("No such file"), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), kept.to_string());
    // The second substitution writes its count to a file; wait for it a little.
    let count = dir.path().join("flagged.count");
    for _ in 0..100 {
        if std::fs::read_to_string(&count).is_ok_and(|c| c.ends_with('\n')) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(std::fs::read_to_string(&count).unwrap().trim(), flagged.to_string());
    no_temporaries(dir.path());
}
