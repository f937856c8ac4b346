//! Output files that appear whole or not at all.
//!
//! An [`AtomicFile`] is written under a temporary name beside its target (`.name.despin-PID.tmp`)
//! and renamed to the target only by [`AtomicFile::commit`], after everything was written and
//! flushed to disk. Dropped without a commit (an error, a panic) it removes its temporary file.
//! Temporary files are also listed in a process-wide register, so that the handler that
//! [`remove_temporaries_on_signal`] installs can delete them when the run is interrupted
//! (Ctrl-C, `kill`): whatever happens, no half-written file is left under a final name.
//!
//! Files whose name ends in `.gz` or `.zst` are compressed accordingly.
//!
//! ```
//! use std::io::Write;
//! use despin::output::files::AtomicFile;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let target = dir.path().join("out.jsonl");
//! let mut f = AtomicFile::create(&target).unwrap();
//! f.write_all(b"{}\n").unwrap();
//! assert!(!target.exists());
//! f.commit().unwrap();
//! assert_eq!(std::fs::read(&target).unwrap(), b"{}\n");
//! ```

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::input::{compression_of, Compression};

/// Temporary files not yet committed, to delete when the process is interrupted.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn register(path: &Path) {
    TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner()).push(path.to_path_buf());
}

fn unregister(path: &Path) {
    TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner()).retain(|p| p != path);
}

/// Installs a handler for SIGINT, SIGTERM and SIGHUP that deletes the temporary files of
/// uncommitted [`AtomicFile`]s and ends the process with status 128 + the signal's number, as
/// a shell reports a process killed by that signal. Call it once, before creating files.
pub fn remove_temporaries_on_signal() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return; // no handler: the default action still stops the run, temporaries stay hidden
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // Holding the lock while exiting keeps a commit from renaming a file meanwhile.
            let temporaries = TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner());
            for path in temporaries.iter() {
                let _ = std::fs::remove_file(path);
            }
            eprintln!("despin: interrupted; no output file was completed by this run");
            std::process::exit(128 + signal);
        }
    });
}

/// The encoder in front of the file.
enum Encoder {
    Plain(BufWriter<File>),
    Gzip(flate2::write::GzEncoder<BufWriter<File>>),
    Zstd(zstd::stream::write::Encoder<'static, BufWriter<File>>),
}

/// A file written under a temporary name and renamed to its target when complete.
pub struct AtomicFile {
    temp: PathBuf,
    target: PathBuf,
    encoder: Option<Encoder>,
}

impl AtomicFile {
    /// Starts writing `target`, compressed when its name ends in `.gz` or `.zst`. The folder
    /// must exist.
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let name = target.file_name().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, format!("{}: not a file name", target.display()))
        })?;
        let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let temp = dir.join(format!(".{}.despin-{}.tmp", name.to_string_lossy(), std::process::id()));
        register(&temp);
        let file = match File::options().write(true).create(true).truncate(true).open(&temp) {
            Ok(f) => f,
            Err(e) => {
                unregister(&temp);
                return Err(io::Error::new(e.kind(), format!("{}: {e}", target.display())));
            }
        };
        let buffered = BufWriter::with_capacity(256 * 1024, file);
        let encoder = match compression_of(target) {
            Some(Compression::Gzip) => {
                Encoder::Gzip(flate2::write::GzEncoder::new(buffered, flate2::Compression::new(6)))
            }
            Some(Compression::Zstd) => Encoder::Zstd(zstd::stream::write::Encoder::new(buffered, 3)?),
            _ => Encoder::Plain(buffered),
        };
        Ok(AtomicFile { temp, target: target.to_path_buf(), encoder: Some(encoder) })
    }

    /// The final name.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Finishes the compression, flushes everything to disk and gives the file its name.
    pub fn commit(mut self) -> io::Result<()> {
        let file = match self.encoder.take() {
            Some(Encoder::Plain(w)) => w.into_inner().map_err(|e| e.into_error())?,
            Some(Encoder::Gzip(w)) => w.finish()?.into_inner().map_err(|e| e.into_error())?,
            Some(Encoder::Zstd(w)) => w.finish()?.into_inner().map_err(|e| e.into_error())?,
            None => return Ok(()),
        };
        file.sync_all()?;
        drop(file);
        let _guard = TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner());
        std::fs::rename(&self.temp, &self.target)?;
        drop(_guard);
        unregister(&self.temp);
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.encoder {
            Some(Encoder::Plain(w)) => w.write(buf),
            Some(Encoder::Gzip(w)) => w.write(buf),
            Some(Encoder::Zstd(w)) => w.write(buf),
            None => Err(io::Error::other("file already committed")),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.encoder {
            Some(Encoder::Plain(w)) => w.write_all(buf),
            Some(Encoder::Gzip(w)) => w.write_all(buf),
            Some(Encoder::Zstd(w)) => w.write_all(buf),
            None => Err(io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.encoder {
            Some(Encoder::Plain(w)) => w.flush(),
            Some(Encoder::Gzip(w)) => w.flush(),
            Some(Encoder::Zstd(w)) => w.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.encoder.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
            unregister(&self.temp);
        }
    }
}

/// An output that is a file (written atomically) or standard output (`-`).
pub enum Output {
    File(AtomicFile),
    Stdout(BufWriter<io::Stdout>),
}

impl Output {
    /// Opens `path`, or standard output for `-`.
    pub fn create(path: &Path) -> io::Result<Output> {
        if path.as_os_str() == "-" {
            Ok(Output::Stdout(BufWriter::with_capacity(256 * 1024, io::stdout())))
        } else {
            AtomicFile::create(path).map(Output::File)
        }
    }

    /// Completes the output: renames a file into place, flushes standard output.
    pub fn commit(self) -> io::Result<()> {
        match self {
            Output::File(f) => f.commit(),
            Output::Stdout(mut w) => w.flush(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::File(f) => f.write(buf),
            Output::Stdout(w) => w.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::File(f) => f.write_all(buf),
            Output::Stdout(w) => w.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::File(f) => f.flush(),
            Output::Stdout(w) => w.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn dropped_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x.jsonl");
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn compressed_by_name() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["x.jsonl.gz", "x.jsonl.zst"] {
            let target = dir.path().join(name);
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"line\n").unwrap();
            f.commit().unwrap();
            let raw = File::open(&target).unwrap();
            let mut out = String::new();
            if name.ends_with("gz") {
                flate2::read::MultiGzDecoder::new(raw).read_to_string(&mut out).unwrap();
            } else {
                zstd::stream::read::Decoder::new(raw).unwrap().read_to_string(&mut out).unwrap();
            }
            assert_eq!(out, "line\n");
        }
    }
}
