//! Compressed inputs: recognised by extension, else by their first bytes, and read through
//! the decompressor they need. gzip and zstd are read; bzip2, xz, lz4, zip and 7z are
//! recognised too (by name or first bytes) and refused with a message that says how to read
//! them, rather than scanned as binary or passed through as they are.

use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use super::Compression;

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

/// A compression despin recognises but does not read: its name, and the command that
/// decompresses it to standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported {
    pub name: &'static str,
    pub tool: &'static str,
}

const UNSUPPORTED: &[(&[&str], &[u8], Unsupported)] = &[
    (&["bz2", "bzip2", "tbz2"], b"BZh", Unsupported { name: "bzip2", tool: "bzcat" }),
    (&["xz", "txz", "lzma"], b"\xFD7zXZ\x00", Unsupported { name: "xz", tool: "xzcat" }),
    (&["lz4"], b"\x04\x22\x4D\x18", Unsupported { name: "lz4", tool: "lz4cat" }),
    (&["zip"], b"PK\x03\x04", Unsupported { name: "zip", tool: "unzip -p" }),
    (&["7z"], b"7z\xBC\xAF\x27\x1C", Unsupported { name: "7z", tool: "7z x -so" }),
];

/// The unsupported compression a path's extension names, if any (`x.jsonl.bz2`: bzip2).
pub fn unsupported_of(path: &Path) -> Option<Unsupported> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    UNSUPPORTED.iter().find(|(exts, _, _)| exts.contains(&ext.as_str())).map(|(_, _, u)| *u)
}

/// The unsupported compression the first bytes of a file show, if any. bzip2's magic is taken
/// with the level digit and the block magic after it (`BZh9` then `1AY&SY`), so that no text
/// that happens to start with "BZh" is refused.
fn unsupported_magic(head: &[u8]) -> Option<Unsupported> {
    UNSUPPORTED
        .iter()
        .find(|(_, magic, u)| {
            head.starts_with(magic)
                && (u.name != "bzip2"
                    || (head.len() >= 10 && head[3].is_ascii_digit() && head[4..10] == *b"1AY&SY")
                    || (head.len() >= 10
                        && head[3].is_ascii_digit()
                        && head[4..10] == [0x17, 0x72, 0x45, 0x38, 0x50, 0x90]))
        })
        .map(|(_, _, u)| *u)
}

/// The error for an input in a compression despin does not read.
fn unsupported_error(u: Unsupported) -> io::Error {
    io::Error::new(
        io::ErrorKind::Unsupported,
        format!(
            "compressed with {}, which despin does not read; decompress it first: {} FILE | despin ... -",
            u.name, u.tool
        ),
    )
}

/// True when a file's name says it is JSONL (`x.jsonl`, `x.ndjson`, also when compressed:
/// `x.jsonl.gz`, `x.jsonl.zst`). A `.json` file may be JSONL (dolma's documents are
/// `*.json.gz`) or one JSON document; its first line tells ([`is_json_name`]).
pub fn is_jsonl_name(path: &Path) -> bool {
    strip_compression(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// True when a file's name ends in `.json` (also when compressed: `x.json.gz`).
pub fn is_json_name(path: &Path) -> bool {
    strip_compression(path).extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The compression a path's extension names, if any.
pub fn compression_of(path: &Path) -> Option<Compression> {
    path.extension().and_then(|e| e.to_str()).and_then(compression_of_extension)
}

/// True when the first bytes of a file look binary: a NUL byte, as git, grep and ripgrep judge.
pub fn looks_binary(head: &[u8]) -> bool {
    memchr::memchr(0, head).is_some()
}

/// Size of the read buffers.
pub(super) const BUFFER: usize = 256 * 1024;

/// Wraps a raw reader in the decompressor it needs. With `Auto`, the extension decides, and
/// failing that the magic bytes at the start.
pub(super) fn decompress(
    raw: Box<dyn Read + Send>,
    compression: Compression,
    path: &Path,
) -> io::Result<Box<dyn BufRead + Send>> {
    let mut buffered = BufReader::with_capacity(BUFFER, raw);
    let kind = match compression {
        Compression::Auto => match compression_of(path) {
            Some(c) => c,
            None => {
                if let Some(u) = unsupported_of(path) {
                    return Err(unsupported_error(u));
                }
                let head = buffered.fill_buf()?;
                if let Some(u) = unsupported_magic(head) {
                    return Err(unsupported_error(u));
                }
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
