//! Compressed inputs: recognised by extension, else by their first bytes, and read through
//! the decompressor they need.

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
