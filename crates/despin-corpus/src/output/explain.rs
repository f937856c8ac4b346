//! The `explain` listing: a line a hit, `file:line:col: text -> original  [list weight]`, then
//! the score and its reasons.

use std::io::{self, Write};

use despin::Report;

/// ANSI colours for terminal output, or none.
#[derive(Debug, Clone, Copy)]
pub struct Colors {
    on: bool,
}

impl Colors {
    pub fn new(on: bool) -> Colors {
        Colors { on }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    pub fn red(&self, s: &str) -> String {
        self.paint("1;31", s)
    }
    pub fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
}

/// Writes the `explain` listing of one report: a line a hit, then the score and its reasons.
pub fn explain(out: &mut impl Write, report: &Report, reasons: &[String], colors: Colors) -> io::Result<()> {
    for h in &report.hits {
        writeln!(
            out,
            "{}:{}:{}: {} -> {}  {}",
            report.id,
            h.line,
            h.col,
            colors.red(&h.text),
            colors.green(&h.original),
            colors.dim(&format!("[{} {}]", h.list, h.weight))
        )?;
    }
    let verdict = if report.spun { colors.red("spun") } else { colors.green("not spun") };
    writeln!(out, "{}: score {:.3}: {}", colors.bold(&report.id), report.score, verdict)?;
    for r in reasons {
        writeln!(out, "  - {r}")?;
    }
    Ok(())
}
