//! Typed errors and warnings of the library.
//!
//! Every problem a user can cause is a [`Diagnostic`]: the file it comes from, the line and column
//! where there is one, a message and a hint the user can act on. Errors stop the build; warnings
//! are collected and printed, and never fail it. `anyhow` is used only by the command layer.

use std::fmt;
use std::path::{Path, PathBuf};

/// One located problem in a user's file (content, config or template).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why a build (or another command) could not finish.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Diagnostic(Diagnostic),
    #[error("{}", list_diagnostics(.0))]
    Many(Vec<Diagnostic>),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// One error from several diagnostics (one when there is only one).
    pub fn from_diagnostics(mut diagnostics: Vec<Diagnostic>) -> Self {
        if diagnostics.len() == 1 {
            Error::Diagnostic(diagnostics.remove(0))
        } else {
            Error::Many(diagnostics)
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Diagnostic(d)
    }
}

fn list_diagnostics(list: &[Diagnostic]) -> String {
    let mut out = format!("{} errors:", list.len());
    for d in list {
        out.push_str("\n\n");
        out.push_str(&d.to_string());
    }
    out
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// 1-based line and column of a byte offset in `text` (column counted in characters).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostic_display_has_location_and_hint() {
        let d = Diagnostic::new("content/a.md", "bad date")
            .at(3, 7)
            .hint("use YYYY-MM-DD");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:7: bad date\n  hint: use YYYY-MM-DD"
        );
    }

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("é\nx", 3), (2, 1));
    }
}
