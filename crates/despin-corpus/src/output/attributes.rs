//! dolma-style attribute files: for each input file, a file of the same name under a folder,
//! with one row per input row, in the same order.
//!
//! ```text
//! {"id": "doc-1", "attributes": {"despin_v2__doc_score": [[0, 5234, 0.97]],
//!                                "despin_v2__spans": [[1043, 1056, 3.0], ...]}}
//! ```
//!
//! Offsets are in Unicode characters (code points), as dolma counts them in the decoded text,
//! not in bytes as despin's own per-document JSON. `doc_score` spans the whole text:
//! `[0, characters, probability]`; each span is `[start, end, weight]` of one hit. Rows of lines
//! that are not usable records keep their place with `"id": null` and empty attribute lists.
//!
//! The attribute names start with the rule-set name ([`ruleset_name`]): `despin_v2` for the
//! embedded wordlists and model of this version, with a hash of the lists appended when other
//! lists are used, so that attributes made with different rules never share a name.
//!
//! ```
//! use despin::text::lines::char_offsets;
//!
//! let text = "Київ: 3rd spherical".as_bytes();
//! // "3rd" starts at byte 10, character 6.
//! assert_eq!(char_offsets(text, &[10, text.len()]), (vec![6, 19], 19));
//! ```

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use despin::text::hash::Fnv1a;
use despin::text::lines::char_offsets;
use despin::{Detector, Report};

use super::files::AtomicFile;
use super::mirror::Mirror;
use crate::input::Place;

/// The version of the rule set: bump it whenever the embedded wordlists or the model change
/// what despin reports, so that new attributes do not mix with old ones under one name.
pub const RULESET_VERSION: u32 = 2;

/// The prefix of the attribute names: `despin_v2`, or `despin_v2_<hash>` when the wordlists
/// are not exactly the embedded ones; `_lists` is added when the detector matches the lists
/// alone (`--lists-only`), since it then scores differently.
pub fn ruleset_name(detector: &Detector) -> String {
    let mut name = if detector.embedded_lists_only() {
        format!("despin_v{RULESET_VERSION}")
    } else {
        // FNV-1a over every entry, stable across runs and platforms.
        let mut hash = Fnv1a::new();
        let mut eat = |bytes: &[u8]| {
            hash.write(bytes);
            hash.byte(0xff);
        };
        for e in detector.matcher().entries() {
            eat(e.spun.as_bytes());
            eat(e.original.as_bytes());
            eat(&e.weight.to_le_bytes());
            eat(&[u8::from(e.case_sensitive)]);
            eat(format!("{:?}", e.context).as_bytes());
        }
        format!("despin_v{RULESET_VERSION}_{:08x}", hash.raw() as u32)
    };
    if detector.inferrer().is_none() {
        name += "_lists";
    }
    name
}

/// What the attribute row of one document says.
#[derive(Debug, Clone, PartialEq)]
pub struct DocAttributes {
    /// Length of the text in characters.
    pub chars: usize,
    pub score: f64,
    /// `(start, end, weight)` of each hit, in characters.
    pub spans: Vec<(usize, usize, f32)>,
}

impl DocAttributes {
    /// The attributes of a scanned document; `text` is the text the report was made from.
    pub fn new(text: &[u8], report: &Report) -> DocAttributes {
        let bytes: Vec<usize> = report.hits.iter().flat_map(|h| [h.start, h.end]).collect();
        let (offsets, chars) = char_offsets(text, &bytes);
        let spans = report.hits.iter().zip(offsets.chunks(2)).map(|(h, o)| (o[0], o[1], h.weight)).collect();
        DocAttributes { chars, score: report.score, spans }
    }
}

/// Writes attribute files under a folder, one for each input file, as rows come in order.
pub struct AttributeWriter {
    /// The folder, naming each input file relative to the input path it was found in.
    mirror: Mirror,
    prefix: String,
    current: Option<(Arc<str>, AtomicFile)>,
    written: HashSet<PathBuf>,
    buf: Vec<u8>,
}

#[derive(Serialize)]
struct Row<'a> {
    id: Option<&'a str>,
    attributes: serde_json::Map<String, serde_json::Value>,
}

impl AttributeWriter {
    /// Writes under `dir` (created if need be), naming files after `roots` (the input paths
    /// given on the command line), with attribute names starting with `prefix`.
    pub fn new(dir: &Path, roots: &[PathBuf], prefix: String) -> io::Result<AttributeWriter> {
        std::fs::create_dir_all(dir).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
        Ok(AttributeWriter {
            mirror: Mirror::new(dir, roots),
            prefix,
            current: None,
            written: HashSet::new(),
            buf: Vec::new(),
        })
    }

    /// The attribute file of an input file: its path under the input path it was found in,
    /// below `dir`. A JSONL input's name is kept as it is, compression included
    /// (`part-0000.json.gz`); a plain-text input gets `.jsonl` appended; standard input is
    /// `stdin.jsonl`.
    pub fn target(&self, input: &str, jsonl: bool) -> PathBuf {
        let mut path = self.mirror.target(input, ".jsonl");
        if input != "-" && !jsonl {
            path.as_mut_os_string().push(".jsonl");
        }
        path
    }

    /// Writes the row of one input row: `attributes` is None for a line that is not a record.
    pub fn row(&mut self, place: &Place, id: Option<&str>, attributes: Option<&DocAttributes>) -> io::Result<()> {
        if self.current.as_ref().is_none_or(|(p, _)| *p != place.path) {
            self.finish_file()?;
            let target = self.target(&place.path, place.line.is_some());
            if !self.written.insert(target.clone()) {
                return Err(io::Error::other(format!(
                    "{}: attribute file {} would be written twice (two inputs with the same name)",
                    place.path,
                    target.display()
                )));
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            self.current = Some((place.path.clone(), AtomicFile::create(&target)?));
        }
        let (score, spans) = match attributes {
            Some(a) => (
                serde_json::json!([[0, a.chars, a.score]]),
                serde_json::Value::Array(
                    a.spans.iter().map(|&(s, e, w)| serde_json::json!([s, e, f64::from(w)])).collect(),
                ),
            ),
            None => (serde_json::json!([]), serde_json::json!([])),
        };
        let mut map = serde_json::Map::new();
        map.insert(format!("{}__doc_score", self.prefix), score);
        map.insert(format!("{}__spans", self.prefix), spans);
        self.buf.clear();
        serde_json::to_writer(&mut self.buf, &Row { id, attributes: map })?;
        self.buf.push(b'\n');
        let (_, file) = self.current.as_mut().expect("opened above");
        file.write_all(&self.buf)
    }

    fn finish_file(&mut self) -> io::Result<()> {
        match self.current.take() {
            Some((_, file)) => file.commit(),
            None => Ok(()),
        }
    }

    /// Completes the last file.
    pub fn finish(mut self) -> io::Result<()> {
        self.finish_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_mirror_inputs() {
        let roots = ["data".into(), "one/x.jsonl.gz".into(), "-".into()];
        let w = AttributeWriter {
            mirror: Mirror::new(Path::new("/out"), &roots),
            prefix: "p".into(),
            current: None,
            written: HashSet::new(),
            buf: Vec::new(),
        };
        assert_eq!(w.target("data/a/b.jsonl.zst", true), PathBuf::from("/out/a/b.jsonl.zst"));
        assert_eq!(w.target("one/x.jsonl.gz", true), PathBuf::from("/out/x.jsonl.gz"));
        assert_eq!(w.target("data/part-0000.json.gz", true), PathBuf::from("/out/part-0000.json.gz"));
        assert_eq!(w.target("data/notes.txt", false), PathBuf::from("/out/notes.txt.jsonl"));
        assert_eq!(w.target("-", true), PathBuf::from("/out/stdin.jsonl"));
    }
}
