//! despin for Python: the native module `despin._despin` of the Python package `despin`
//! (python/despin), built by maturin from pyproject.toml at the root of the repository.
//!
//! The binding is thin. It maps Python arguments to a [`despin::Config`], hands the texts to
//! [`despin::Detector`] with the GIL released, and turns each [`despin::Report`] into the dict
//! that is one line of `despin scan --format jsonl`. It holds no detection logic.
//!
//! - [`error`]: the exceptions;
//! - [`args`]: texts, ids and options as Python gives them, checked;
//! - [`dict`]: a report as a Python dict;
//! - [`detector`]: the `Detector` class.

use pyo3::prelude::*;

pub mod args;
pub mod detector;
pub mod dict;
pub mod error;

/// The native part of the despin package; import `despin`, not this.
#[pymodule]
fn _despin(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<detector::Detector>()?;
    m.add("WordlistError", m.py().get_type::<error::WordlistError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
