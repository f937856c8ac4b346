//! Input: turns paths (files, folders, `-` for standard input) into a stream of documents.
//!
//! A plain text file is one document, whose id is its path. A JSONL file (by the `.jsonl`
//! extension, or any input when [`InputOptions::jsonl`] is set) holds one document a line; the
//! text and id are taken from configurable keys, which may be dotted paths (`metadata.url`).
//!
//! Reading is lazy and in order: [`Inputs`] yields one [`Item`] at a time, so memory does not
//! grow with the corpus. JSON lines are handed out raw and parsed by [`Item::into_document`],
//! which the caller runs on its worker threads. Problems (a missing file, a line that is not
//! JSON) are items too, [`Item::Error`], carrying the place they concern, so that the caller
//! reports them in input order and goes on.
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
//! assert!(err.to_string().ends_with("b.jsonl:2: not a JSON object: expected ident at line 1 column 2"), "{err}");
//! ```

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

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
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions { jsonl: false, text_key: "text".into(), id_key: "id".into(), binary: false }
    }
}

/// A document ready for scanning.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub id: String,
    pub text: Vec<u8>,
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
    /// One line of a JSONL file, not yet parsed.
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
        match self {
            Item::Text(doc) => Ok(doc),
            Item::JsonLine { place, bytes } => parse_record(&place, &bytes, options),
            Item::Skipped { place, reason } => Err(InputError { place, message: reason }),
            Item::Error(e) => Err(e),
        }
    }
}

/// Looks a dotted path up in a JSON value: `metadata.url` is `value["metadata"]["url"]`. A key
/// that itself contains dots is found too, when it is present as it is.
pub fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    if let Some(v) = value.get(path) {
        return Some(v);
    }
    let mut current = value;
    for part in path.split('.') {
        current = current.get(part)?;
    }
    Some(current)
}

fn parse_record(place: &Place, bytes: &[u8], options: &InputOptions) -> Result<Document, InputError> {
    let err = |message: String| InputError { place: place.clone(), message };
    let value: Value = serde_json::from_slice(bytes).map_err(|e| err(format!("not a JSON object: {e}")))?;
    if !value.is_object() {
        return Err(err("not a JSON object".into()));
    }
    let text = match lookup(&value, &options.text_key) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => return Err(err(format!("field {:?} is not a string but {}", options.text_key, kind_of(other)))),
        None => return Err(err(format!("no field {:?}", options.text_key))),
    };
    let id = match lookup(&value, &options.id_key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        // No id: the place stands in for it, so every document can still be found again.
        _ => place.to_string(),
    };
    Ok(Document { id, text: text.into_bytes() })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// True when a file's name says it is JSONL.
pub fn is_jsonl_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// True when the first bytes of a file look binary: a NUL byte, as git, grep and ripgrep judge.
pub fn looks_binary(head: &[u8]) -> bool {
    memchr::memchr(0, head).is_some()
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
    visited: Vec<PathBuf>,
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
        Inputs { options, pending, current: None, visited: Vec::new() }
    }

    fn open(&mut self, path: PathBuf, explicit: bool) -> Option<Item> {
        let name: Arc<str> = Arc::from(path.display().to_string());
        let place = Place { path: name.clone(), line: None };
        let error = |message: String| Some(Item::Error(InputError { place: place.clone(), message }));
        if path.as_os_str() == "-" {
            let stdin: Box<dyn BufRead + Send> = Box::new(BufReader::new(io::stdin()));
            if self.options.jsonl {
                self.current = Some(JsonLines { path: name, reader: stdin, line: 0 });
                return None;
            }
            return Some(read_whole(stdin, place, &self.options));
        }
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => return error(describe_io(&e, &path)),
        };
        if meta.is_dir() {
            let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if self.visited.contains(&canonical) {
                return error("folder already visited (a link loops back to it); skipped".into());
            }
            self.visited.push(canonical);
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
        let reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(256 * 1024, file));
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
                        if line.last() == Some(&b'\r') {
                            line.pop();
                        }
                        if line.iter().all(u8::is_ascii_whitespace) {
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
