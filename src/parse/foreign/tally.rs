//! What the template-syntax pass left out, counted across the site into one warning per kind.
//!
//! A Hugo site can hold the same unknown shortcode in hundreds of pages; one warning line per
//! occurrence would bury everything else. Each document reports its [`LeftOut`] occurrences;
//! [`Tally`] groups them by kind over the documents, in the order they come (the load order,
//! so the same site gives the same lines), and [`Tally::warnings`] writes one [`Diagnostic`]
//! per kind: how many documents, the first few of them, the first one's line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// One thing the pass did not render: `kind` names it for the reader of the warning
/// (`Hugo shortcode `code-toggle``), `what` says what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LeftOut {
    pub kind: String,
    pub what: &'static str,
    /// Byte offset in the body where it was written.
    pub offset: usize,
}

/// How many files a grouped warning names.
const FIRST_FILES: usize = 3;

/// The left-out kinds of a site, each with its documents (in order) and first location.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    kinds: Vec<Kind>,
    index: BTreeMap<(String, &'static str), usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Kind {
    kind: String,
    what: &'static str,
    files: Vec<PathBuf>,
    first_line: usize,
}

impl Tally {
    /// Adds one document's left-out occurrences (`line` gives a file line for a body offset).
    pub(crate) fn add(&mut self, path: &Path, left_out: &[LeftOut], line: &dyn Fn(usize) -> usize) {
        for item in left_out {
            let key = (item.kind.clone(), item.what);
            let i = *self.index.entry(key).or_insert_with(|| {
                self.kinds.push(Kind {
                    kind: item.kind.clone(),
                    what: item.what,
                    files: Vec::new(),
                    first_line: line(item.offset),
                });
                self.kinds.len() - 1
            });
            let kind = &mut self.kinds[i];
            if kind.files.last().map(PathBuf::as_path) != Some(path) {
                kind.files.push(path.to_path_buf());
            }
        }
    }

    /// Adds another tally's kinds after this one's (documents in the order they come).
    pub fn merge(&mut self, other: Tally) {
        for kind in other.kinds {
            let key = (kind.kind.clone(), kind.what);
            match self.index.get(&key) {
                Some(&i) => {
                    // Tallies merged are of different documents.
                    self.kinds[i].files.extend(kind.files);
                }
                None => {
                    self.index.insert(key, self.kinds.len());
                    self.kinds.push(kind);
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// One warning per kind: `Hugo shortcode `x` in 40 documents: left out; a.md, b.md, c.md, …`.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.kinds.iter().map(Kind::warning).collect()
    }
}

impl Kind {
    fn warning(&self) -> Diagnostic {
        let count = self.files.len();
        let documents = if count == 1 {
            "1 document".to_string()
        } else {
            format!("{count} documents")
        };
        let mut names: Vec<String> = self
            .files
            .iter()
            .take(FIRST_FILES)
            .map(|f| f.display().to_string())
            .collect();
        if count > FIRST_FILES {
            names.push("…".into());
        }
        let first = self.files.first().cloned().unwrap_or_default();
        Diagnostic::new(
            first,
            format!(
                "{} in {documents}: {}; {}",
                self.kind,
                self.what,
                names.join(", ")
            ),
        )
        .at_line(self.first_line)
        .hint("dossier renders the common tags of Jekyll, Hugo, Zola and mdBook; write this one as markdown to show it")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_warning_per_kind_with_a_count_and_the_first_files() {
        let mut tally = Tally::default();
        let item = |kind: &str, offset| LeftOut {
            kind: kind.into(),
            what: "left out",
            offset,
        };
        for n in 0..5 {
            let path = PathBuf::from(format!("content/{n}.md"));
            tally.add(
                &path,
                &[
                    item("Hugo shortcode `x`", 10),
                    item("Hugo shortcode `x`", 20),
                ],
                &|o| o / 10,
            );
        }
        tally.add(
            Path::new("content/z.md"),
            &[item("Liquid tag `if`", 0)],
            &|_| 7,
        );
        let warnings = tally.warnings();
        assert_eq!(warnings.len(), 2);
        assert_eq!(
            warnings[0].message,
            "Hugo shortcode `x` in 5 documents: left out; content/0.md, content/1.md, content/2.md, …"
        );
        assert_eq!(warnings[0].line, Some(1));
        assert_eq!(
            warnings[1].to_string().lines().next(),
            Some("content/z.md:7: Liquid tag `if` in 1 document: left out; content/z.md")
        );
    }
}
