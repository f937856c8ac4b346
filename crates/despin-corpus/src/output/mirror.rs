//! Names under an output folder that mirror the inputs: each input file keeps its path relative
//! to the input path it was found in (`data/a/b.jsonl.zst`, found in `data`, is `a/b.jsonl.zst`
//! under the folder). The attribute files of `--attributes` and the files of `restore --out`
//! are named so.

use std::path::{Path, PathBuf};

/// An output folder and the input paths whose files it mirrors.
#[derive(Debug, Clone)]
pub struct Mirror {
    dir: PathBuf,
    /// The input paths as given, without a trailing slash.
    roots: Vec<String>,
}

impl Mirror {
    /// Files under `dir` named after the inputs `roots` (the paths given on the command line).
    pub fn new(dir: &Path, roots: &[PathBuf]) -> Mirror {
        let roots = roots.iter().map(|r| r.display().to_string().trim_end_matches('/').to_string()).collect();
        Mirror { dir: dir.to_path_buf(), roots }
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file under the folder for the input file `input`: its path relative to the input
    /// path it was found in (the deepest), or its file name when it was named itself. Standard
    /// input (`-`) is `stdin` followed by `stdin_suffix`.
    ///
    /// ```
    /// use std::path::{Path, PathBuf};
    /// use despin_corpus::output::mirror::Mirror;
    ///
    /// let m = Mirror::new(Path::new("/out"), &["data".into(), "one/x.jsonl.gz".into(), "-".into()]);
    /// assert_eq!(m.target("data/a/b.jsonl.zst", ""), PathBuf::from("/out/a/b.jsonl.zst"));
    /// assert_eq!(m.target("one/x.jsonl.gz", ""), PathBuf::from("/out/x.jsonl.gz"));
    /// assert_eq!(m.target("-", ".jsonl"), PathBuf::from("/out/stdin.jsonl"));
    /// ```
    pub fn target(&self, input: &str, stdin_suffix: &str) -> PathBuf {
        if input == "-" {
            return self.dir.join(format!("stdin{stdin_suffix}"));
        }
        let mut relative: Option<&str> = None;
        for root in &self.roots {
            let rest = if input == root {
                Path::new(input).file_name().and_then(|n| n.to_str())
            } else {
                input.strip_prefix(root.as_str()).and_then(|r| r.strip_prefix('/'))
            };
            if let Some(rest) = rest {
                if relative.is_none_or(|r| rest.len() < r.len()) {
                    relative = Some(rest);
                }
            }
        }
        let relative = match relative {
            Some(r) if !r.is_empty() => r.to_string(),
            _ => Path::new(input).file_name().map_or_else(|| "input".into(), |n| n.to_string_lossy().into_owned()),
        };
        self.dir.join(relative.trim_start_matches("../").trim_start_matches('/'))
    }
}
