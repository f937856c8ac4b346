//! Input: turns paths (files, folders, `-` for standard input) into a stream of documents.
//!
//! A plain text file is one document, whose id is its path. A JSONL file (by the `.jsonl` or
//! `.ndjson` extension, or any input when [`InputOptions::jsonl`] is set) holds one document a
//! line; the text and id are taken from configurable keys, which may be dotted paths
//! (`metadata.url`). Files ending in `.gz` or `.zst` (or starting with the gzip or zstd magic
//! bytes) are decompressed on the fly: `corpus.jsonl.zst` is JSONL.
//!
//! Reading is lazy and in order: [`Inputs`] yields one [`Item`] at a time, so memory does not
//! grow with the corpus. JSON lines are handed out raw, exactly as read (less the `\n`), and
//! parsed by [`Item::into_record`], which the caller runs on its worker threads; see [`record`]
//! for the parser, which builds only the fields asked for. Problems (a missing file, a line that
//! is not JSON) are items too, [`Item::Error`], or errors of `into_record`, carrying the place
//! they concern, so that the caller reports them in input order and goes on.
//!
//! Text that is not valid UTF-8 is scored as it is (the scanner works on bytes), and the record
//! carries a warning naming the first bad byte; a JSON line that is not valid UTF-8 is decoded
//! lossily first, since JSON must be UTF-8.
//!
//! ```
//! use despin::input::{InputOptions, Item, Inputs};
//!
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("a.txt"), "plain text").unwrap();
//! std::fs::write(dir.path().join("b.jsonl"), "{\"id\": \"x\", \"text\": \"one\"}\nnot json\n").unwrap();
//! let items: Vec<Item> = Inputs::new(vec![dir.path().into()], InputOptions::default()).collect();
//! let docs: Vec<_> = items.into_iter().map(|i| i.into_document(&InputOptions::default())).collect();
//! assert_eq!(docs.len(), 3);
//! assert_eq!(docs[1].as_ref().unwrap().id, "x");
//! let err = docs[2].as_ref().unwrap_err();
//! assert!(err.to_string().ends_with("b.jsonl:2: not valid JSON: expected ident at line 1 column 2"), "{err}");
//! ```

pub mod record;

use std::collections::HashSet;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use record::Field;
pub use record::{kind_of, lookup};

/// How compressed inputs are recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// By extension (`.gz`, `.zst`), else by the first bytes of the file.
    #[default]
    Auto,
    /// Read every input as it is.
    None,
    /// Every input is gzip.
    Gzip,
    /// Every input is zstd.
    Zstd,
}

/// How to read the inputs.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// Read every input as JSONL, whatever its name.
    pub jsonl: bool,
    /// Key (or dotted path) of the text in a JSONL record.
    pub text_key: String,
    /// Key (or dotted path) of the id in a JSONL record.
    pub id_key: String,
    /// Scan files that look binary instead of skipping them.
    pub binary: bool,
    /// How to recognise compressed inputs.
    pub compression: Compression,
    /// Another key (or dotted path) to take from each record, into [`Record::extra`].
    pub extra_key: Option<String>,
    /// Hand out blank JSONL lines as items too (they become errors of `into_record`), so that
    /// every line of the input is accounted for; by default they are passed over.
    pub blank_lines: bool,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            jsonl: false,
            text_key: "text".into(),
            id_key: "id".into(),
            binary: false,
            compression: Compression::Auto,
            extra_key: None,
            blank_lines: false,
        }
    }
}

/// A document ready for scanning.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub id: String,
    pub text: Vec<u8>,
}

/// A document with what else was read along with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub doc: Document,
    /// Whether the id was taken from the record (rather than made up from the place).
    pub has_id: bool,
    /// The value under [`InputOptions::extra_key`], when there is one and it is a string or
    /// a number.
    pub extra: Option<String>,
    /// Something odd but not fatal about the record (invalid UTF-8, decoded lossily).
    pub warning: Option<String>,
}

/// Where something was read: a path (or `-`), and a line for JSONL records.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub path: Arc<str>,
    pub line: Option<u64>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path, line),
            None => write!(f, "{}", self.path),
        }
    }
}

/// A problem with one input, naming where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub place: Place,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

impl std::error::Error for InputError {}

/// One thing read from the inputs.
#[derive(Debug)]
pub enum Item {
    /// A whole plain-text document.
    Text(Document),
    /// One line of a JSONL file, not yet parsed: the bytes as read, without the `\n` (a `\r`
    /// before it stays).
    JsonLine { place: Place, bytes: Vec<u8> },
    /// A file that was skipped on purpose (binary), with the reason.
    Skipped { place: Place, reason: String },
    /// Something that could not be read.
    Error(InputError),
}

impl Item {
    /// Turns the item into a document: parses a JSON line and takes its text and id.
    /// `Skipped` items are errors here too; callers that treat them differently match first.
    pub fn into_document(self, options: &InputOptions) -> Result<Document, InputError> {
        self.into_record(options).map(|r| r.doc)
    }

    /// Like [`Item::into_document`], with the extra field and warnings.
    pub fn into_record(self, options: &InputOptions) -> Result<Record, InputError> {
        match self {
            Item::Text(doc) => {
                let warning = utf8_warning(&doc.text, "");
                Ok(Record { doc, has_id: false, extra: None, warning })
            }
            Item::JsonLine { place, bytes } => parse_line(&place, &bytes, options),
            Item::Skipped { place, reason } => Err(InputError { place, message: reason }),
            Item::Error(e) => Err(e),
        }
    }

    /// Where the item was read.
    pub fn place(&self) -> Place {
        match self {
            Item::Text(doc) => Place { path: Arc::from(doc.id.as_str()), line: None },
            Item::JsonLine { place, .. } | Item::Skipped { place, .. } => place.clone(),
            Item::Error(e) => e.place.clone(),
        }
    }

    /// How many bytes of input the item holds.
    pub fn size(&self) -> usize {
        match self {
            Item::Text(d) => d.text.len(),
            Item::JsonLine { bytes, .. } => bytes.len(),
            _ => 0,
        }
    }
}

/// The warning for text that is not valid UTF-8, naming the first bad byte.
fn utf8_warning(bytes: &[u8], what: &str) -> Option<String> {
    let e = std::str::from_utf8(bytes).err()?;
    Some(format!("invalid UTF-8 at byte {}{what}; decoded lossily", e.valid_up_to()))
}

/// Parses one JSONL line into a record.
pub fn parse_line(place: &Place, bytes: &[u8], options: &InputOptions) -> Result<Record, InputError> {
    let err = |message: String| InputError { place: place.clone(), message };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(err("blank line".into()));
    }
    // JSON is UTF-8: a line that is not is decoded lossily, and the record says so.
    let (line, warning) = match std::str::from_utf8(bytes) {
        Ok(_) => (std::borrow::Cow::Borrowed(bytes), None),
        Err(_) => {
            let warning = utf8_warning(bytes, " of the line");
            (std::borrow::Cow::Owned(String::from_utf8_lossy(bytes).into_owned().into_bytes()), warning)
        }
    };
    let fields =
        record::parse(&line, &options.text_key, &options.id_key, options.extra_key.as_deref()).map_err(|e| err(e.0))?;
    let text = match fields.text {
        Field::Str(s) => s.into_owned(),
        Field::Missing => return Err(err(format!("no field {:?}", options.text_key))),
        other => return Err(err(format!("field {:?} is not a string but {}", options.text_key, other.kind()))),
    };
    let (id, has_id) = match fields.id {
        Field::Str(s) => (s.into_owned(), true),
        // No id: the place stands in for it, so every document can still be found again.
        _ => (place.to_string(), false),
    };
    let extra = match fields.extra {
        Field::Str(s) => Some(s.into_owned()),
        _ => None,
    };
    Ok(Record { doc: Document { id, text: text.into_bytes() }, has_id, extra, warning })
}

/// The name of a file without a compression extension: `a.jsonl` for `a.jsonl.gz`.
fn strip_compression(path: &Path) -> &Path {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if compression_of_extension(e).is_some() => path.file_stem().map(Path::new).unwrap_or(path),
        _ => path,
    }
}

fn compression_of_extension(ext: &str) -> Option<Compression> {
    match ext.to_ascii_lowercase().as_str() {
        "gz" | "gzip" => Some(Compression::Gzip),
        "zst" | "zstd" => Some(Compression::Zstd),
        _ => None,
    }
}

/// True when a file's name says it is JSONL (`x.jsonl`, `x.ndjson`, also when compressed:
/// `x.jsonl.gz`, `x.jsonl.zst`).
pub fn is_jsonl_name(path: &Path) -> bool {
    strip_compression(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// The compression a path's extension names, if any.
pub fn compression_of(path: &Path) -> Option<Compression> {
    path.extension().and_then(|e| e.to_str()).and_then(compression_of_extension)
}

/// True when the first bytes of a file look binary: a NUL byte, as git, grep and ripgrep judge.
pub fn looks_binary(head: &[u8]) -> bool {
    memchr::memchr(0, head).is_some()
}

/// The total size in bytes of the files under `paths` (folders walked as [`Inputs`] walks
/// them), or None when standard input is among them. Used to show an ETA.
pub fn total_size(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    let mut stack: Vec<PathBuf> = paths.to_vec();
    let mut seen = HashSet::new();
    while let Some(p) = stack.pop() {
        if p.as_os_str() == "-" {
            return None;
        }
        let Ok(meta) = std::fs::metadata(&p) else { continue };
        if meta.is_dir() {
            if !seen.insert(std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone())) {
                continue;
            }
            if let Ok(rd) = std::fs::read_dir(&p) {
                for entry in rd.flatten() {
                    if !entry.file_name().to_string_lossy().starts_with('.') {
                        stack.push(entry.path());
                    }
                }
            }
        } else {
            total += meta.len();
        }
    }
    Some(total)
}

/// A reader that counts the bytes it reads, for progress reports.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Size of the read buffers.
const BUFFER: usize = 256 * 1024;

/// Wraps a raw reader in the decompressor it needs. With `Auto`, the extension decides, and
/// failing that the magic bytes at the start.
fn decompress(raw: Box<dyn Read + Send>, compression: Compression, path: &Path) -> io::Result<Box<dyn BufRead + Send>> {
    let mut buffered = BufReader::with_capacity(BUFFER, raw);
    let kind = match compression {
        Compression::Auto => match compression_of(path) {
            Some(c) => c,
            None => {
                let head = buffered.fill_buf()?;
                if head.starts_with(&[0x1f, 0x8b]) {
                    Compression::Gzip
                } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
                    Compression::Zstd
                } else {
                    Compression::None
                }
            }
        },
        other => other,
    };
    Ok(match kind {
        Compression::Auto | Compression::None => Box::new(buffered),
        Compression::Gzip => Box::new(BufReader::with_capacity(BUFFER, flate2::bufread::MultiGzDecoder::new(buffered))),
        Compression::Zstd => {
            Box::new(BufReader::with_capacity(BUFFER, zstd::stream::read::Decoder::with_buffer(buffered)?))
        }
    })
}

/// A lazy, ordered stream of the documents under a list of paths.
pub struct Inputs {
    options: InputOptions,
    /// Paths still to visit, in reverse order (the next is at the end), and whether the user
    /// named them (rather than a folder walk finding them).
    pending: Vec<(PathBuf, bool)>,
    /// The JSONL file being read, if any.
    current: Option<JsonLines>,
    /// Folders visited, to stop at links that loop.
    visited: HashSet<PathBuf>,
    /// Bytes read so far from files and standard input (before decompression).
    read: Arc<AtomicU64>,
}

struct JsonLines {
    path: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    line: u64,
}

impl Inputs {
    /// The documents under `paths`, in the order given; folders are walked in name order. The
    /// path `-` is standard input.
    pub fn new(paths: Vec<PathBuf>, options: InputOptions) -> Inputs {
        let pending = paths.into_iter().rev().map(|p| (p, true)).collect();
        Inputs { options, pending, current: None, visited: HashSet::new(), read: Arc::new(AtomicU64::new(0)) }
    }

    /// A counter of the bytes read so far (compressed bytes for compressed files), which
    /// another thread may watch.
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        self.read.clone()
    }

    fn counted(&self, raw: impl Read + Send + 'static) -> Box<dyn Read + Send> {
        Box::new(Counting { inner: raw, count: self.read.clone() })
    }

    fn open(&mut self, path: PathBuf, explicit: bool) -> Option<Item> {
        let name: Arc<str> = Arc::from(path.display().to_string());
        let place = Place { path: name.clone(), line: None };
        let error = |message: String| Some(Item::Error(InputError { place: place.clone(), message }));
        if path.as_os_str() == "-" {
            let stdin = self.counted(io::stdin());
            let reader = match decompress(stdin, self.options.compression, Path::new("")) {
                Ok(r) => r,
                Err(e) => return error(format!("read error: {e}")),
            };
            if self.options.jsonl {
                self.current = Some(JsonLines { path: name, reader, line: 0 });
                return None;
            }
            return Some(read_whole(reader, place, &self.options));
        }
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => return error(describe_io(&e, &path)),
        };
        if meta.is_dir() {
            let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if !self.visited.insert(canonical) {
                return error("folder already visited (named twice, or a link leads back to it); skipped".into());
            }
            let entries = match std::fs::read_dir(&path) {
                Ok(rd) => rd,
                Err(e) => return error(describe_io(&e, &path)),
            };
            let mut children: Vec<PathBuf> = Vec::new();
            for entry in entries {
                match entry {
                    Ok(entry) => {
                        let hidden = entry.file_name().to_string_lossy().starts_with('.');
                        if !hidden {
                            children.push(entry.path());
                        }
                    }
                    Err(e) => return error(describe_io(&e, &path)),
                }
            }
            children.sort();
            self.pending.extend(children.into_iter().rev().map(|p| (p, false)));
            return None;
        }
        if !meta.is_file() && !explicit {
            return None; // sockets, fifos found while walking
        }
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) => return error(describe_io(&e, &path)),
        };
        let raw = self.counted(file);
        let reader = match decompress(raw, self.options.compression, &path) {
            Ok(r) => r,
            Err(e) => return error(format!("read error: {e}")),
        };
        if self.options.jsonl || is_jsonl_name(&path) {
            self.current = Some(JsonLines { path: name, reader, line: 0 });
            return None;
        }
        Some(read_whole(reader, place, &self.options))
    }
}

fn read_whole(mut reader: impl Read, place: Place, options: &InputOptions) -> Item {
    let mut text = Vec::new();
    if let Err(e) = reader.read_to_end(&mut text) {
        return Item::Error(InputError { place, message: format!("read error: {e}") });
    }
    if !options.binary && looks_binary(&text[..text.len().min(8192)]) {
        return Item::Skipped { place, reason: "looks binary (NUL byte); skipped (scan it with --binary)".into() };
    }
    Item::Text(Document { id: place.path.to_string(), text })
}

/// A readable message for an I/O error on a path.
fn describe_io(e: &io::Error, path: &Path) -> String {
    match e.kind() {
        io::ErrorKind::NotFound if path.symlink_metadata().is_ok() => "dangling link".to_string(),
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if e.raw_os_error() == Some(40) => "too many levels of links (a link loops)".to_string(),
        _ => e.to_string(),
    }
}

impl Iterator for Inputs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(current) = &mut self.current {
                let mut line = Vec::new();
                match current.reader.read_until(b'\n', &mut line) {
                    Ok(0) => self.current = None,
                    Ok(_) => {
                        current.line += 1;
                        if line.last() == Some(&b'\n') {
                            line.pop();
                        }
                        if !self.options.blank_lines && line.iter().all(u8::is_ascii_whitespace) {
                            continue; // blank lines are not records
                        }
                        let place = Place { path: current.path.clone(), line: Some(current.line) };
                        return Some(Item::JsonLine { place, bytes: line });
                    }
                    Err(e) => {
                        let place = Place { path: current.path.clone(), line: Some(current.line + 1) };
                        self.current = None;
                        return Some(Item::Error(InputError { place, message: format!("read error: {e}") }));
                    }
                }
                continue;
            }
            let (path, explicit) = self.pending.pop()?;
            if let Some(item) = self.open(path, explicit) {
                return Some(item);
            }
        }
    }
}
