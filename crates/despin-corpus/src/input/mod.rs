//! Input: turns paths (files, folders, `-` for standard input) into a stream of documents.
//!
//! A plain text file is one document, whose id is its path. A JSONL file (by the `.jsonl` or
//! `.ndjson` extension, by its first line being a JSON object with the text key, or any input
//! when [`InputOptions::jsonl`] is set) holds one document a line; the text and id are taken
//! from configurable keys, which may be dotted paths (`metadata.url`). An input that looks like
//! JSON (a `.json` name, a first line of JSON) but is not read as JSONL gets a warning. Files
//! ending in `.gz` or `.zst` (or starting with the gzip or zstd magic bytes) are decompressed on
//! the fly: `corpus.jsonl.zst` and dolma's `part-0000.json.gz` are JSONL. bzip2, xz and other
//! compressions are recognised and refused with an error that says how to read them.
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
//! use despin_corpus::input::{InputOptions, Item, Inputs};
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

pub mod compression;
pub mod record;
mod walk;

use std::fmt;
use std::sync::Arc;

pub use compression::{compression_of, is_json_name, is_jsonl_name, looks_binary};
use record::Field;
pub use record::{kind_of, lookup};
pub use walk::{total_size, Inputs};

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
    /// Read records only (`filter`, `sources`): inputs named on the command line and standard
    /// input are JSONL whatever their name; a file found in a folder is JSONL when its name or
    /// its first line says so, and is skipped with a note otherwise.
    pub records: bool,
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
            records: false,
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
    /// More about it, worth saying the first time an error of its kind is reported: the keys a
    /// record has when it lacks the one asked for.
    pub detail: Option<String>,
}

impl InputError {
    pub fn new(place: Place, message: String) -> InputError {
        InputError { place, message, detail: None }
    }
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
    /// Something odd about the input that comes next, which is read all the same (JSON read as
    /// plain text).
    Warning { place: Place, message: String },
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
            Item::Skipped { place, reason: message } | Item::Warning { place, message } => {
                Err(InputError::new(place, message))
            }
            Item::Error(e) => Err(e),
        }
    }

    /// Where the item was read.
    pub fn place(&self) -> Place {
        match self {
            Item::Text(doc) => Place { path: Arc::from(doc.id.as_str()), line: None },
            Item::JsonLine { place, .. } | Item::Skipped { place, .. } | Item::Warning { place, .. } => place.clone(),
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
    let err = |message: String| InputError::new(place.clone(), message);
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
        Field::Missing => {
            let detail = record::miss_hint(&line, &options.text_key);
            return Err(InputError { detail, ..err(format!("no field {:?}", options.text_key)) });
        }
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
