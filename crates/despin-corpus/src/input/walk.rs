//! Walking the inputs: files, folders (in name order, hidden files skipped), standard input,
//! and the lines of JSONL files, one item at a time.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::compression::{decompress, is_json_name, is_jsonl_name, looks_binary};
use super::record::{self, Field};
use super::{Document, InputError, InputOptions, Item, Place};

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
    /// An item to hand out next, before reading on (the document after its warning).
    queued: Option<Item>,
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
        Inputs {
            options,
            pending,
            current: None,
            visited: HashSet::new(),
            read: Arc::new(AtomicU64::new(0)),
            queued: None,
        }
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
        let error = |message: String| Some(Item::Error(InputError::new(place.clone(), message)));
        if path.as_os_str() == "-" {
            let stdin = self.counted(io::stdin());
            let reader = match decompress(stdin, self.options.compression, Path::new("")) {
                Ok(r) => r,
                Err(e) => return error(describe_read(&e)),
            };
            let jsonl = self.options.jsonl || self.options.records;
            return self.start(reader, place, jsonl, false);
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
            Err(e) => return error(describe_read(&e)),
        };
        let jsonl = self.options.jsonl || is_jsonl_name(&path) || (self.options.records && explicit);
        self.start(reader, place, jsonl, is_json_name(&path))
    }

    /// Starts reading an opened input: as JSONL when `jsonl` says so or its first line is a
    /// record (a JSON object with the text key), else as one plain-text document (or, when only
    /// records are read, skipped). An input that looks like JSON but is not read as JSONL gets
    /// a warning first.
    fn start(
        &mut self,
        mut reader: Box<dyn BufRead + Send>,
        place: Place,
        jsonl: bool,
        json_name: bool,
    ) -> Option<Item> {
        if jsonl {
            self.current = Some(JsonLines { path: place.path, reader, line: 0 });
            return None;
        }
        let opens_json = match reader.fill_buf() {
            Ok(head) => {
                let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
                matches!(head.iter().find(|b| !b.is_ascii_whitespace()), Some(b'{' | b'['))
            }
            Err(e) => return Some(Item::Error(InputError::new(place, format!("read error: {e}")))),
        };
        let mut first = Vec::new();
        if opens_json || json_name {
            if let Err(e) = reader.read_until(b'\n', &mut first) {
                return Some(Item::Error(InputError::new(place, format!("read error: {e}"))));
            }
        }
        let sniffed = sniff(&first, &self.options.text_key);
        let reader: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(first).chain(reader));
        match sniffed {
            Sniff::Records => {
                self.current = Some(JsonLines { path: place.path, reader, line: 0 });
                None
            }
            _ if self.options.records => Some(Item::Skipped {
                place,
                reason: format!(
                    "not JSONL (neither its name nor its first line, a JSON object with {:?}); skipped",
                    self.options.text_key
                ),
            }),
            Sniff::Json(why) => {
                self.queued = Some(read_whole(reader, place.clone(), &self.options));
                let message = format!(
                    "{why}: read as one plain-text document (--jsonl reads it as JSONL, --text-key names the text)"
                );
                Some(Item::Warning { place, message })
            }
            Sniff::Plain if json_name => {
                self.queued = Some(read_whole(reader, place.clone(), &self.options));
                let message = "named .json, but its first line is not JSON: read as one plain-text document \
                               (--jsonl reads it as JSONL)"
                    .to_string();
                Some(Item::Warning { place, message })
            }
            Sniff::Plain => Some(read_whole(reader, place, &self.options)),
        }
    }
}

/// What the first line of an input says it is.
enum Sniff {
    /// A JSON object with the text key: the input is JSONL.
    Records,
    /// JSON, but not a record: why not.
    Json(String),
    /// Not JSON.
    Plain,
}

fn sniff(first: &[u8], text_key: &str) -> Sniff {
    let line = first.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(first);
    if line.iter().all(u8::is_ascii_whitespace) {
        return Sniff::Plain;
    }
    match record::parse(line, text_key, "", None) {
        Ok(f) if f.text != Field::Missing => Sniff::Records,
        Ok(_) => {
            let has = record::miss_hint(line, text_key).map(|h| format!(" ({h})")).unwrap_or_default();
            Sniff::Json(format!("the first line is a JSON object without {text_key:?}{has}"))
        }
        Err(_) if serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok() => {
            Sniff::Json("the first line is JSON, but not an object".into())
        }
        Err(_) => Sniff::Plain,
    }
}

fn read_whole(mut reader: impl Read, place: Place, options: &InputOptions) -> Item {
    let mut text = Vec::new();
    if let Err(e) = reader.read_to_end(&mut text) {
        return Item::Error(InputError::new(place, format!("read error: {e}")));
    }
    if !options.binary && looks_binary(&text[..text.len().min(8192)]) {
        return Item::Skipped { place, reason: "looks binary (NUL byte); skipped (scan it with --binary)".into() };
    }
    Item::Text(Document { id: place.path.to_string(), text })
}

/// A readable message for an error opening the decompressor: a compression despin does not
/// read says so on its own.
fn describe_read(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::Unsupported {
        e.to_string()
    } else {
        format!("read error: {e}")
    }
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
        if let Some(item) = self.queued.take() {
            return Some(item);
        }
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
                        return Some(Item::Error(InputError::new(place, format!("read error: {e}"))));
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
