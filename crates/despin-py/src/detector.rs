//! The `Detector` class: one compiled [`despin::Detector`], shared by every call and thread.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use despin::{Config, Rewrite, Wordlist};
use pyo3::exceptions::{PyFileNotFoundError, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use rayon::prelude::*;

use crate::args;
use crate::dict;
use crate::error::from_despin;

/// Finds text mangled by synonym spinners and suggests what it said before.
///
/// Building one loads the wordlists and compiles them (under a second; about 110 MB with
/// inference, 15 MB with ``lists_only``); build it once and reuse it: every method may be called
/// from many threads at once.
///
/// Args:
///     wordlists: paths of more wordlists (TSV, as ``despin scan --wordlist``), after the
///         embedded ones.
///     lists_only: match the lists alone, as ``despin scan --lists-only``: faster, and finds only
///         what someone wrote into a list. By default despin also infers spun words that no
///         list holds.
///     threshold: the probability from which a document counts as spun.
///     default_wordlists: use the embedded lists (news and science); False is
///         ``--no-default-wordlists`` and needs ``wordlists``.
///
/// Raises:
///     FileNotFoundError: a wordlist file is missing.
///     WordlistError: a wordlist cannot be used (the message names the file and line).
///     ValueError: a threshold outside 0..1, or no list at all.
///
/// >>> from despin import Detector
/// >>> detector = Detector()
/// >>> report = detector.score("The 3rd spherical of talks began in Would possibly, after our bodies of squaddies were found.")
/// >>> report["spun"], [(h["text"], h["original"]) for h in report["hits"]]
/// (True, [('3rd spherical', 'third round'), ('Would possibly', 'May'), ('our bodies of squaddies', 'bodies of soldiers')])
#[pyclass(module = "despin", frozen)]
pub struct Detector {
    inner: despin::Detector,
    wordlists: Vec<String>,
    lists_only: bool,
    threshold: f64,
    default_wordlists: bool,
    /// Thread pools of the sizes asked for in `score_batch(threads=N)`, made once each.
    pools: Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>,
}

#[pymethods]
impl Detector {
    #[new]
    #[pyo3(signature = (wordlists=None, lists_only=false, threshold=0.5, default_wordlists=true))]
    fn new(
        py: Python<'_>,
        wordlists: Option<Vec<PathBuf>>,
        lists_only: bool,
        threshold: f64,
        default_wordlists: bool,
    ) -> PyResult<Detector> {
        let threshold = args::threshold(threshold)?;
        let paths = wordlists.unwrap_or_default();
        let mut config = Config::default().threshold(threshold);
        config.default_lists = default_wordlists;
        if lists_only {
            config = config.lists_only();
        }
        for path in &paths {
            if !path.is_file() {
                return Err(PyFileNotFoundError::new_err(format!("no such wordlist file: {}", path.display())));
            }
            config = config.wordlist(Wordlist::load(path).map_err(from_despin)?);
        }
        let wordlists = paths.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        let inner = py.detach(|| despin::Detector::new(config)).map_err(from_despin)?;
        Ok(Detector { inner, wordlists, lists_only, threshold, default_wordlists, pools: Mutex::default() })
    }

    /// Scores one document and returns its report: the dict that ``despin scan --format jsonl``
    /// prints for it, ``{"id", "score", "spun", "words", "hits"}``.
    ///
    /// ``text`` is a str, or bytes as read from a file (bytes that are not UTF-8 are handled as
    /// the command line handles them: matched as they stand, reported lossily). Each hit has
    /// ``start`` and ``end``, byte offsets in the UTF-8 of the text (so
    /// ``text.encode()[h["start"]:h["end"]].decode() == h["text"]``), ``line`` and ``col``
    /// (from 1, the column in characters), ``text``, ``original``, ``list`` and ``weight``.
    /// ``id`` (a str or an int) names the document in the report; it defaults to ``""``.
    ///
    /// >>> d = Detector(lists_only=True)
    /// >>> r = d.score("The 3rd spherical of talks began in Would possibly, after our bodies of squaddies were found.", id="doc-1")
    /// >>> r["id"], r["spun"], r["words"], round(r["score"], 2)
    /// ('doc-1', True, 16, 0.96)
    /// >>> h = r["hits"][0]
    /// >>> h["text"], h["original"], h["start"], h["end"], h["line"], h["col"], h["list"]
    /// ('3rd spherical', 'third round', 4, 17, 1, 5, 'news')
    /// >>> d.score("A quiet day at the port.")["spun"]
    /// False
    #[pyo3(signature = (text, id=None))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let bytes = args::text(text, &|| "text".into())?;
        let id = match id {
            Some(id) => args::id(id, &|| "id".into())?,
            None => String::new(),
        };
        let bytes = bytes.as_bytes();
        let report = py.detach(|| self.inner.score(&id, bytes));
        dict::report(py, &report)
    }

    /// Scores many documents in parallel and returns their reports in order, each as
    /// :meth:`score` gives it.
    ///
    /// The GIL is released while scoring, which runs on ``threads`` threads (None: one a core).
    /// ``texts`` is any iterable of str or bytes; ``ids``, if given, one id (str or int) for each,
    /// else each report's id is the text's position, ``"0"``, ``"1"``, ...
    ///
    /// >>> d = Detector(lists_only=True)
    /// >>> reports = d.score_batch(["The 3rd spherical of talks.", b"A quiet day."], threads=2)
    /// >>> [(r["id"], len(r["hits"])) for r in reports]
    /// [('0', 1), ('1', 0)]
    /// >>> d.score_batch(["a", "b"], ids=["doc-1", 2])[1]["id"]
    /// '2'
    #[pyo3(signature = (texts, threads=None, *, ids=None))]
    fn score_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<i64>,
        ids: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let threads = args::threads(threads)?;
        let items = args::sequence(texts, "texts")?;
        let (held, names) = args::batch(&items, ids)?;
        let docs: Vec<&[u8]> = held.iter().map(|b| b.as_bytes()).collect();
        let pool = self.pool(threads)?;
        let reports = py.detach(|| self.batch(pool.as_deref(), &docs, &names));
        let out = PyList::empty(py);
        for r in &reports {
            out.append(dict::report(py, r)?)?;
        }
        Ok(out)
    }

    /// The text with each spun phrase replaced by its likely original, as ``despin restore``
    /// does: only when the document scores as spun (else it comes back as it was), or always
    /// with ``all=True`` (``restore --all``). Bytes that are not UTF-8 come back with U+FFFD
    /// in their place.
    ///
    /// >>> d = Detector(lists_only=True)
    /// >>> d.restore("The 3rd spherical of talks began in Would possibly, after our bodies of squaddies were found.")
    /// 'The third round of talks began in May, after bodies of soldiers were found.'
    /// >>> strict = Detector(lists_only=True, threshold=0.9)
    /// >>> round(strict.score("The 3rd spherical.")["score"], 2)  # one phrase: not spun at 0.9
    /// 0.54
    /// >>> strict.restore("The 3rd spherical.")  # so left as it is
    /// 'The 3rd spherical.'
    /// >>> strict.restore("The 3rd spherical.", all=True)
    /// 'The third round.'
    #[pyo3(signature = (text, *, all=false))]
    fn restore(&self, py: Python<'_>, text: &Bound<'_, PyAny>, all: bool) -> PyResult<String> {
        let bytes = args::text(text, &|| "text".into())?;
        let when = if all { Rewrite::Always } else { Rewrite::IfSpun };
        let bytes = bytes.as_bytes();
        let restored = py.detach(|| self.inner.restore("", bytes, when));
        Ok(match String::from_utf8(restored.text) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }

    /// The extra wordlists, as given.
    #[getter]
    fn wordlists(&self) -> Vec<String> {
        self.wordlists.clone()
    }

    /// Whether the lists alone are matched.
    #[getter]
    fn lists_only(&self) -> bool {
        self.lists_only
    }

    /// The probability from which a document counts as spun.
    #[getter]
    fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Whether the embedded lists are used.
    #[getter]
    fn default_wordlists(&self) -> bool {
        self.default_wordlists
    }

    fn __repr__(&self) -> String {
        let lists: Vec<String> = self.wordlists.iter().map(|p| format!("{p:?}")).collect();
        let mut s = format!(
            "Detector(wordlists=[{}], lists_only={}, threshold={}",
            lists.join(", "),
            py_bool(self.lists_only),
            self.threshold
        );
        if !self.default_wordlists {
            s.push_str(", default_wordlists=False");
        }
        s.push(')');
        s
    }

    /// Pickles as its arguments, so a detector can be sent to another process (Spark, datatrove,
    /// multiprocessing), where it is built again.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let me = slf.get();
        let args = (me.wordlists.clone(), me.lists_only, me.threshold, me.default_wordlists);
        PyTuple::new(py, [slf.get_type().into_any(), args.into_pyobject(py)?.into_any()])
    }
}

impl Detector {
    /// The pool for `threads` threads (None: rayon's global pool, one thread a core).
    fn pool(&self, threads: Option<usize>) -> PyResult<Option<Arc<rayon::ThreadPool>>> {
        let Some(n) = threads else { return Ok(None) };
        let mut pools = self.pools.lock().map_err(|_| PyRuntimeError::new_err("thread pool cache poisoned"))?;
        if let Some(pool) = pools.get(&n) {
            return Ok(Some(pool.clone()));
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .thread_name(|i| format!("despin-{i}"))
            .build()
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start {n} threads: {e}")))?;
        let pool = Arc::new(pool);
        pools.insert(n, pool.clone());
        Ok(Some(pool))
    }

    /// Scores the documents in parallel on `pool` (or the global pool), in order.
    fn batch(&self, pool: Option<&rayon::ThreadPool>, docs: &[&[u8]], ids: &[String]) -> Vec<despin::Report> {
        let run = || docs.par_iter().zip(ids).map(|(text, id)| self.inner.score(id, text)).collect();
        match pool {
            Some(pool) => pool.install(run),
            None => run(),
        }
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}
