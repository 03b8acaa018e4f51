//! How warnings reach the terminal: grouped by kind, so a site with 869 undated documents gets
//! one line about it, not 869.
//!
//! Warnings whose message AND hint are identical form one group, printed once with a count and
//! the first few places (`file` or `file:line:col`), then the hint once. `--verbose` prints every
//! warning on its own `file:line:col: message` line (the groups kept together, the hint once
//! after each); `--quiet` prints none. [`group`] and [`render`] are pure; `build`, `check` and
//! `serve` print through them.

use std::fmt::Write as _;

use crate::error::Diagnostic;

/// How much the commands print (`--quiet`, default, `--verbose`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Verbosity {
    /// Only errors: no warnings, no summary line, no progress (as `cargo -q`, `hugo --quiet`).
    Quiet,
    /// Warnings grouped by kind.
    #[default]
    Normal,
    /// Every warning on its own line.
    Verbose,
}

/// How many places a group lists before "and N more".
pub const SHOWN: usize = 3;

/// One warning: where (`content/a.md:3:7`), what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub place: String,
    pub message: String,
    pub hint: Option<String>,
}

impl From<&Diagnostic> for Warning {
    fn from(d: &Diagnostic) -> Self {
        // `./posts/a.md` (content in the site folder itself) reads as `posts/a.md`.
        let path = d.path.strip_prefix(".").unwrap_or(&d.path);
        let mut place = path.display().to_string();
        if let Some(line) = d.line {
            let _ = write!(place, ":{line}");
            if let Some(column) = d.column {
                let _ = write!(place, ":{column}");
            }
        }
        Warning {
            place,
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

/// Warnings with the same message and hint, in the order they were first seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub message: String,
    pub hint: Option<String>,
    /// Every place, in the order given (`content/a.md` or `content/a.md:3:7`).
    pub places: Vec<String>,
}

/// Groups warnings whose message and hint are identical; groups keep the order of their first
/// warning, places the order they came in. Linear (one map lookup per warning).
pub fn group(warnings: impl IntoIterator<Item = Warning>) -> Vec<Group> {
    let mut index: std::collections::HashMap<(String, Option<String>), usize> =
        std::collections::HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for w in warnings {
        let key = (w.message, w.hint);
        match index.get(&key) {
            Some(&i) => groups[i].places.push(w.place),
            None => {
                index.insert(key.clone(), groups.len());
                groups.push(Group {
                    message: key.0,
                    hint: key.1,
                    places: vec![w.place],
                });
            }
        }
    }
    groups
}

/// The text to print for `warnings` at `verbosity` (empty when quiet), one `warning:` line per
/// group (per warning when verbose), each hint once after its group.
pub fn render(warnings: impl IntoIterator<Item = Warning>, verbosity: Verbosity) -> String {
    let mut out = String::new();
    if verbosity == Verbosity::Quiet {
        return out;
    }
    for g in group(warnings) {
        if verbosity == Verbosity::Verbose || g.places.len() == 1 {
            for place in &g.places {
                let _ = writeln!(out, "warning: {place}: {}", g.message);
            }
        } else {
            let _ = writeln!(out, "warning: {}", summary(&g));
        }
        if let Some(hint) = &g.hint {
            let _ = writeln!(out, "  hint: {hint}");
        }
    }
    out
}

/// `no date (869 files): a.md, b.md, c.md and 866 more`; places with a line make it
/// `(12 places in 5 files)`.
fn summary(g: &Group) -> String {
    let files = distinct_files(&g.places);
    let count = if files == g.places.len() {
        format!("{} files", files)
    } else {
        format!(
            "{} places in {} file{}",
            g.places.len(),
            files,
            if files == 1 { "" } else { "s" }
        )
    };
    let shown = g.places[..g.places.len().min(SHOWN)].join(", ");
    let more = g.places.len().saturating_sub(SHOWN);
    let rest = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("{} ({count}): {shown}{rest}", g.message)
}

/// How many different files the places name (a place is `file` or `file:line[:col]`).
fn distinct_files(places: &[String]) -> usize {
    let mut files: Vec<&str> = places.iter().map(|p| file_of(p)).collect();
    files.sort_unstable();
    files.dedup();
    files.len()
}

/// `content/a.md:3:7` -> `content/a.md` (only trailing `:digits` parts are cut).
fn file_of(place: &str) -> &str {
    let mut file = place;
    for _ in 0..2 {
        match file.rsplit_once(':') {
            Some((head, tail)) if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) => {
                file = head
            }
            _ => break,
        }
    }
    file
}

/// Prints `diagnostics` to stderr at `verbosity` (see [`render`]).
pub fn print(diagnostics: &[Diagnostic], verbosity: Verbosity) {
    use std::io::Write as _;
    let text = render(diagnostics.iter().map(Warning::from), verbosity);
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(place: &str, message: &str, hint: Option<&str>) -> Warning {
        Warning {
            place: place.into(),
            message: message.into(),
            hint: hint.map(Into::into),
        }
    }

    #[test]
    fn identical_messages_and_hints_are_one_group_in_first_seen_order() {
        let groups = group([
            w("a.md", "no date", Some("add date:")),
            w("b.md", "other", None),
            w("c.md", "no date", Some("add date:")),
            w("d.md", "no date", Some("another hint")),
        ]);
        assert_eq!(groups.len(), 3);
        assert_eq!(groups[0].places, ["a.md", "c.md"]);
        assert_eq!(groups[1].message, "other");
        assert_eq!(groups[2].places, ["d.md"]);
    }

    #[test]
    fn a_large_group_prints_once_with_count_first_files_and_hint_once() {
        let many = (0..869).map(|i| w(&format!("d{i}.md"), "no date", Some("add one")));
        let text = render(many, Verbosity::Normal);
        assert_eq!(
            text,
            "warning: no date (869 files): d0.md, d1.md, d2.md and 866 more\n  hint: add one\n"
        );
    }

    #[test]
    fn a_single_warning_keeps_its_place_first() {
        let text = render(
            [w("a.md:3:7", "bad date", Some("use YYYY-MM-DD"))],
            Verbosity::Normal,
        );
        assert_eq!(
            text,
            "warning: a.md:3:7: bad date\n  hint: use YYYY-MM-DD\n"
        );
    }

    #[test]
    fn places_with_lines_are_listed_and_counted_per_file() {
        let text = render(
            [
                w("a.md:3:1", "x", None),
                w("a.md:9:2", "x", None),
                w("b.md:1", "x", None),
            ],
            Verbosity::Normal,
        );
        assert_eq!(
            text,
            "warning: x (3 places in 2 files): a.md:3:1, a.md:9:2, b.md:1\n"
        );
    }

    #[test]
    fn verbose_lists_every_warning_and_quiet_none() {
        let warnings = || (0..5).map(|i| w(&format!("d{i}.md"), "m", Some("h")));
        let verbose = render(warnings(), Verbosity::Verbose);
        assert_eq!(
            verbose
                .lines()
                .filter(|l| l.starts_with("warning:"))
                .count(),
            5
        );
        assert_eq!(verbose.matches("hint: h").count(), 1);
        assert!(verbose.starts_with("warning: d0.md: m\n"));
        assert_eq!(render(warnings(), Verbosity::Quiet), "");
    }

    #[test]
    fn file_of_cuts_only_line_and_column() {
        assert_eq!(file_of("content/a.md:3:7"), "content/a.md");
        assert_eq!(file_of("content/a.md:3"), "content/a.md");
        assert_eq!(file_of("C:/x/a.md"), "C:/x/a.md");
        assert_eq!(file_of("a:b.md"), "a:b.md");
    }

    #[test]
    fn diagnostics_become_places_with_line_and_column() {
        let d = Diagnostic::new("content/a.md", "m").at(3, 7).hint("h");
        assert_eq!(Warning::from(&d).place, "content/a.md:3:7");
        let here = Diagnostic::new("./posts/a.md", "m");
        assert_eq!(Warning::from(&here).place, "posts/a.md");
    }
}
