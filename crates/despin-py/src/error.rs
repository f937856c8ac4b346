//! The exceptions of the Python package, and how a library error becomes one.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::PyErr;

create_exception!(
    despin,
    WordlistError,
    PyValueError,
    "A wordlist that cannot be used: the message names its file, the line and what is wrong there."
);

/// A library error as a Python exception: a bad wordlist is a [`WordlistError`], anything else
/// about the configuration a `ValueError`.
pub fn from_despin(e: despin::Error) -> PyErr {
    match e {
        despin::Error::Wordlist { .. } | despin::Error::Build(_) => WordlistError::new_err(e.to_string()),
        despin::Error::Config(_) => PyValueError::new_err(e.to_string()),
    }
}
