//! Output files that appear whole or not at all, and never harm what is not a file.
//!
//! An [`Output`] goes to one of three places:
//!
//! - a regular file (or a name that does not exist yet): an [`AtomicFile`], written under a
//!   temporary name beside its target (`.name.despin-PID.tmp`) and renamed to the target only by
//!   [`AtomicFile::commit`], after everything was written and flushed to disk. Dropped without
//!   a commit (an error, a panic) it removes its temporary file. A target that is a symbolic
//!   link is written through: the file the link points to is replaced, the link stays;
//! - anything else that exists (a device such as `/dev/null`, a named pipe, the `/dev/fd/N` of a
//!   process substitution): written straight into, as the shell's `>` would. Renaming a
//!   temporary file over it would replace a device with a regular file, and leave the reader
//!   of a pipe waiting forever;
//! - `-`: standard output.
//!
//! Temporary files are listed in a process-wide register: [`remove_temporaries`] deletes
//! those not yet committed, for a handler of Ctrl-C or `kill` to call (the `despin` binary
//! installs one), so that no half-written file is left under a final name.
//!
//! Outputs whose name ends in `.gz` or `.zst` are compressed accordingly.
//!
//! ```
//! use std::io::Write;
//! use despin_corpus::output::files::AtomicFile;
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
use std::sync::{Mutex, MutexGuard};

use crate::input::compression::unsupported_of;
use crate::input::{compression_of, Compression};

/// Temporary files not yet committed, to delete when the process is interrupted.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temporaries() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner())
}

fn register(path: &Path) {
    temporaries().push(path.to_path_buf());
}

fn unregister(path: &Path) {
    temporaries().retain(|p| p != path);
}

/// Deletes the temporary files of every uncommitted [`AtomicFile`], and returns a guard that
/// keeps any commit from renaming a file while it is held: a signal handler calls this, then
/// exits with the guard alive.
pub fn remove_temporaries() -> MutexGuard<'static, Vec<PathBuf>> {
    let guard = temporaries();
    for path in guard.iter() {
        let _ = std::fs::remove_file(path);
    }
    guard
}

/// The compressor (or none) in front of an output file.
pub enum Encoder {
    Plain(BufWriter<File>),
    Gzip(flate2::write::GzEncoder<BufWriter<File>>),
    Zstd(zstd::stream::write::Encoder<'static, BufWriter<File>>),
}

impl Encoder {
    /// An encoder over `file` for the compression `name` asks for.
    fn new(file: File, name: &Path) -> io::Result<Encoder> {
        if let Some(u) = unsupported_of(name) {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                format!("{}: despin does not write {} (name it .gz or .zst, or plain)", name.display(), u.name),
            ));
        }
        let buffered = BufWriter::with_capacity(256 * 1024, file);
        Ok(match compression_of(name) {
            Some(Compression::Gzip) => {
                Encoder::Gzip(flate2::write::GzEncoder::new(buffered, flate2::Compression::new(6)))
            }
            Some(Compression::Zstd) => Encoder::Zstd(zstd::stream::write::Encoder::new(buffered, 3)?),
            _ => Encoder::Plain(buffered),
        })
    }

    /// Finishes the compression and flushes, and hands back the file.
    fn finish(self) -> io::Result<File> {
        match self {
            Encoder::Plain(w) => w.into_inner().map_err(|e| e.into_error()),
            Encoder::Gzip(w) => w.finish()?.into_inner().map_err(|e| e.into_error()),
            Encoder::Zstd(w) => w.finish()?.into_inner().map_err(|e| e.into_error()),
        }
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Encoder::Plain(w) => w,
            Encoder::Gzip(w) => w,
            Encoder::Zstd(w) => w,
        }
    }
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
        let encoder = match Encoder::new(file, target) {
            Ok(e) => e,
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                unregister(&temp);
                return Err(e);
            }
        };
        Ok(AtomicFile { temp, target: target.to_path_buf(), encoder: Some(encoder) })
    }

    /// The final name.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Finishes the compression, flushes everything to disk and gives the file its name.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(encoder) = self.encoder.take() else { return Ok(()) };
        let file = encoder.finish()?;
        file.sync_all()?;
        drop(file);
        let guard = temporaries();
        std::fs::rename(&self.temp, &self.target)?;
        drop(guard);
        unregister(&self.temp);
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.encoder {
            Some(e) => e.writer().write(buf),
            None => Err(io::Error::other("file already committed")),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.encoder {
            Some(e) => e.writer().write_all(buf),
            None => Err(io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.encoder {
            Some(e) => e.writer().flush(),
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

/// An output: a regular file (written atomically), anything else that exists (written
/// straight into), or standard output (`-`). See the module documentation.
pub enum Output {
    File(AtomicFile),
    Direct(Box<Encoder>),
    Stdout(BufWriter<io::Stdout>),
}

impl Output {
    /// Opens `path`, or standard output for `-`.
    pub fn create(path: &Path) -> io::Result<Output> {
        if path.as_os_str() == "-" {
            return Ok(Output::Stdout(BufWriter::with_capacity(256 * 1024, io::stdout())));
        }
        let named = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()));
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{}: is a folder", path.display())))
            }
            Ok(meta) if !meta.is_file() => {
                // A device, a pipe, a socket: write into it as it is.
                let file = File::options().write(true).open(path).map_err(named)?;
                Ok(Output::Direct(Box::new(Encoder::new(file, path)?)))
            }
            Ok(_) if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) => {
                // Replace the file the link points to, not the link.
                let real = std::fs::canonicalize(path).map_err(named)?;
                AtomicFile::create(&real).map(Output::File)
            }
            _ => AtomicFile::create(path).map(Output::File),
        }
    }

    /// Completes the output: renames a file into place, finishes and flushes the others.
    pub fn commit(self) -> io::Result<()> {
        match self {
            Output::File(f) => f.commit(),
            Output::Direct(e) => e.finish().map(drop),
            Output::Stdout(mut w) => w.flush(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::File(f) => f.write(buf),
            Output::Direct(e) => e.writer().write(buf),
            Output::Stdout(w) => w.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::File(f) => f.write_all(buf),
            Output::Direct(e) => e.writer().write_all(buf),
            Output::Stdout(w) => w.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::File(f) => f.flush(),
            Output::Direct(e) => e.writer().flush(),
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

    #[test]
    fn a_link_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.jsonl");
        std::fs::write(&real, "old\n").unwrap();
        let link = dir.path().join("link.jsonl");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut out = Output::create(&link).unwrap();
        out.write_all(b"new\n").unwrap();
        out.commit().unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new\n");
    }

    #[test]
    fn a_folder_is_no_output() {
        let dir = tempfile::tempdir().unwrap();
        let err = Output::create(dir.path()).err().unwrap();
        assert!(err.to_string().ends_with("is a folder"), "{err}");
    }
}
