//! Arguments as Python gives them, checked, with a clear message for each mistake.
//!
//! A text is a `str` or a bytes-like object (`bytes`, `bytearray`, `memoryview`). Bytes are
//! scored as they are: bytes that are not UTF-8 are matched as they stand and reported lossily,
//! as `despin scan` does with a file. A `str` is scored as its UTF-8. One that holds lone
//! surrogates has none: it is scored as the bytes it was decoded from when it was decoded with
//! `errors="surrogateescape"` (as `os.fsdecode` and `sys.stdin` do), else as its surrogates
//! written out (`surrogatepass`), and so with the lossy handling of bytes that are not UTF-8.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

/// One text to score, as a Python `bytes` object: the argument itself when it is one, else its
/// UTF-8 (a `str`) or a copy. Its bytes may be read without the GIL: a `bytes` object does not
/// change, and the caller holds it for the whole call.
pub type Text<'py> = Bound<'py, PyBytes>;

/// The bytes of one text. `what` names the argument in messages (`text`, `texts[3]`).
pub fn text<'py>(obj: &Bound<'py, PyAny>, what: &dyn Fn() -> String) -> PyResult<Text<'py>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return s.encode_utf8().or_else(|_| {
            let encoded = s
                .call_method1("encode", ("utf-8", "surrogateescape"))
                .or_else(|_| s.call_method1("encode", ("utf-8", "surrogatepass")))?;
            Ok(encoded.cast_into::<PyBytes>()?)
        });
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.clone());
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(PyBytes::new(obj.py(), &b.to_vec()));
    }
    if obj.is_none() {
        return Err(PyTypeError::new_err(format!("{} is None: expected a str or bytes", what())));
    }
    // Anything else with the buffer protocol (memoryview, array of bytes) as its bytes.
    if let Ok(view) = obj.py().import("builtins")?.getattr("memoryview")?.call1((obj,)) {
        if let Ok(bytes) = view.call_method0("tobytes") {
            if let Ok(b) = bytes.cast_into::<PyBytes>() {
                return Ok(b);
            }
        }
    }
    Err(PyTypeError::new_err(format!("{} must be a str or bytes, not {}", what(), type_name(obj))))
}

/// A document id: a str, or an int spelled out (as `despin scan` spells a number id).
pub fn id(obj: &Bound<'_, PyAny>, what: &dyn Fn() -> String) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s.to_string_lossy().into_owned());
    }
    if obj.is_instance_of::<pyo3::types::PyInt>() && !obj.is_instance_of::<pyo3::types::PyBool>() {
        return Ok(obj.str()?.to_string_lossy().into_owned());
    }
    Err(PyTypeError::new_err(format!("{} must be a str or an int, not {}", what(), type_name(obj))))
}

/// The texts of a batch, with the ids they are reported under (`ids`, or their positions).
pub fn batch<'py>(
    texts: &[Bound<'py, PyAny>],
    ids: Option<&Bound<'py, PyAny>>,
) -> PyResult<(Vec<Text<'py>>, Vec<String>)> {
    let docs =
        texts.iter().enumerate().map(|(i, t)| text(t, &|| format!("texts[{i}]"))).collect::<PyResult<Vec<_>>>()?;
    let names = match ids {
        None => (0..texts.len()).map(|i| i.to_string()).collect(),
        Some(ids) => {
            let ids = sequence(ids, "ids")?;
            if ids.len() != texts.len() {
                return Err(PyValueError::new_err(format!(
                    "ids has {} items and texts {}: give one id a text",
                    ids.len(),
                    texts.len()
                )));
            }
            ids.iter().enumerate().map(|(i, x)| id(x, &|| format!("ids[{i}]"))).collect::<PyResult<_>>()?
        }
    };
    Ok((docs, names))
}

/// The items of an iterable of texts or ids. A lone `str` or `bytes` is refused: iterating it
/// would score its characters one by one.
pub fn sequence<'py>(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a list (or other iterable) of texts, not a single {}; use score() for one text",
            type_name(obj)
        )));
    }
    if obj.is_none() {
        return Err(PyTypeError::new_err(format!("{what} is None: expected a list of texts")));
    }
    let iter = obj
        .try_iter()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be an iterable of texts, not {}", type_name(obj))))?;
    iter.collect()
}

/// The most threads a batch may ask for: more would only exhaust the machine.
pub const MAX_THREADS: i64 = 1024;

/// The number of threads asked for: None for all cores, else 1 to [`MAX_THREADS`].
pub fn threads(n: Option<i64>) -> PyResult<Option<usize>> {
    match n {
        None => Ok(None),
        Some(n @ 1..=MAX_THREADS) => Ok(Some(n as usize)),
        Some(n) => Err(PyValueError::new_err(format!(
            "threads must be from 1 to {MAX_THREADS} (or None for one a core), not {n}"
        ))),
    }
}

/// A threshold: a probability.
pub fn threshold(p: f64) -> PyResult<f64> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(PyValueError::new_err(format!("threshold must be a probability between 0 and 1, not {p}")))
    }
}

/// The name of an object's type, for messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
}
