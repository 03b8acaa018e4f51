//! `dossier check`: what would break the published site for readers, found in the in-memory
//! build. Pure: the corpus, the generated files and the source texts in, a [`Report`] out.
//!
//! [`html`] scans the generated pages for ids and links, [`links`] checks every internal link
//! and anchor against the generated files (with "did you mean" suggestions), [`source`] maps a
//! broken link in a document's body back to its file and line, [`documents`] has the
//! per-document warnings and the duplicate and case-clash checks, and [`external`] lists (and,
//! on request, fetches) links that leave the site. The report is typed for `--format json`.

pub(crate) mod documents;
pub(crate) mod external;
pub(crate) mod html;
pub(crate) mod links;
pub(crate) mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::analyze::Corpus;
use crate::error::Diagnostic;
use crate::warnings::{self, Verbosity, Warning};
use links::{Base, LinkProblem, ProblemKind};
use source::Sources;

/// How bad a finding is: errors fail `dossier check`, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// What kind of problem a finding is (stable names for `--format json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The build itself failed (front matter, config, templates).
    Build,
    MissingContentFile,
    MissingPage,
    MissingFile,
    MissingAnchor,
    OutsideBasePath,
    DuplicateOutput,
    CaseClash,
    NoDate,
    TitleFromFileName,
    NoTopics,
    ExternalLink,
}

/// One problem, located in a source file or a generated page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    pub file: String,
    pub line: Option<usize>,
    pub kind: FindingKind,
    pub message: String,
    pub hint: Option<String>,
}

impl Finding {
    pub fn error(kind: FindingKind, file: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            kind,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(kind: FindingKind, file: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(kind, file, message)
        }
    }

    pub fn at(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// A build error or warning as a finding.
    pub fn from_diagnostic(severity: Severity, d: &Diagnostic) -> Finding {
        Finding {
            severity,
            file: d.path.display().to_string(),
            line: d.line,
            kind: FindingKind::Build,
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }

    /// The finding as the warning printer groups it (`content/a.md:7`, message, hint).
    fn as_warning(&self) -> Warning {
        let file = self.file.strip_prefix("./").unwrap_or(&self.file);
        Warning {
            place: match self.line {
                Some(line) => format!("{file}:{line}"),
                None => file.to_string(),
            },
            message: self.message.clone(),
            hint: self.hint.clone(),
        }
    }

    /// `error: content/a.md:7: message`, then `  hint: ...` on a line of its own.
    pub fn to_text(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{severity}: {}", self.file);
        if let Some(line) = self.line {
            let _ = write!(out, ":{line}");
        }
        let _ = write!(out, ": {}", self.message);
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n  hint: {hint}");
        }
        out
    }
}

/// Links that leave the site: how many, to which hosts, and what fetching them found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalSummary {
    /// Distinct external URLs.
    pub links: usize,
    /// Their hosts, sorted.
    pub hosts: Vec<String>,
    /// Every distinct external URL, sorted (what `--external` fetches).
    pub urls: Vec<String>,
    /// Whether they were fetched (`--external`).
    pub fetched: bool,
}

/// Everything `dossier check` found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub errors: usize,
    pub warnings: usize,
    pub pages: usize,
    pub findings: Vec<Finding>,
    pub external: ExternalSummary,
}

impl Report {
    /// Sorts (errors first, then by file and line), drops exact repeats, and counts.
    pub fn new(mut findings: Vec<Finding>, pages: usize, external: ExternalSummary) -> Report {
        findings.sort();
        findings.dedup();
        Report {
            errors: count(&findings, Severity::Error),
            warnings: count(&findings, Severity::Warning),
            pages,
            findings,
            external,
        }
    }

    /// One line per error, the warnings grouped by kind, then the external links and a
    /// summary line.
    pub fn to_text(&self) -> String {
        self.to_text_at(Verbosity::Normal)
    }

    /// [`Report::to_text`] at a verbosity: `--verbose` lists every warning, `--quiet` prints
    /// only the errors (no warnings, no summary).
    pub fn to_text_at(&self, verbosity: Verbosity) -> String {
        let mut out = String::new();
        let (errors, warnings): (Vec<&Finding>, Vec<&Finding>) = self
            .findings
            .iter()
            .partition(|f| f.severity == Severity::Error);
        for finding in errors {
            let _ = writeln!(out, "{}", finding.to_text());
        }
        if verbosity == Verbosity::Quiet {
            return out;
        }
        out.push_str(&warnings::render(
            warnings.into_iter().map(Finding::as_warning),
            verbosity,
        ));
        let ext = &self.external;
        if ext.links > 0 {
            let _ = writeln!(
                out,
                "external links: {} to {} host{} ({}){}",
                ext.links,
                ext.hosts.len(),
                plural(ext.hosts.len()),
                ext.hosts.join(", "),
                if ext.fetched {
                    ""
                } else {
                    "; not fetched (--external fetches them)"
                }
            );
        }
        let _ = writeln!(
            out,
            "Checked {} pages: {} error{}, {} warning{}",
            self.pages,
            self.errors,
            plural(self.errors),
            self.warnings,
            plural(self.warnings)
        );
        out
    }
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// What the checks read: the corpus, every generated file, the sources, and where it is published.
pub struct Site<'a> {
    pub corpus: &'a Corpus,
    /// Every output path (generated and static) with its bytes (statics may be left empty).
    pub files: &'a BTreeMap<String, Vec<u8>>,
    pub sources: &'a Sources,
    pub base: Base<'a>,
    /// How to name the output folder in messages about generated pages (`public`).
    pub output_label: &'a str,
}

/// Runs the link, anchor, document and case checks over a built site.
pub fn check_site(site: &Site) -> (Vec<Finding>, ExternalSummary) {
    let pages: BTreeMap<String, html::PageScan> = site
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path.clone(), html::scan(&String::from_utf8_lossy(bytes))))
        .collect();
    let names: BTreeSet<String> = site.files.keys().cloned().collect();
    let mut findings: Vec<Finding> = links::check_links(&pages, &names, site.base)
        .iter()
        .map(|p| link_finding(p, site))
        .collect();
    findings.extend(documents::warnings(site.corpus));
    findings.extend(documents::case_clashes(
        names.iter().map(String::as_str),
        site.output_label,
    ));
    let external = external::summary(&pages, site.base);
    (findings, external)
}

/// A broken link as a finding, located in its source document where it came from one.
fn link_finding(problem: &LinkProblem, site: &Site) -> Finding {
    let located = source::locate(problem, site.corpus, site.sources, site.base);
    let (file, line, from_body) = match &located {
        Some(loc) => (loc.file.clone(), loc.line, true),
        None => (
            format!("{}/{}", site.output_label, problem.page),
            problem.line,
            false,
        ),
    };
    let (kind, message, hint) = describe(problem, site, from_body.then_some(&located));
    Finding::error(kind, file, message).at(line).hint(hint)
}

fn describe(
    problem: &LinkProblem,
    site: &Site,
    located: Option<&Option<source::Located>>,
) -> (FindingKind, String, Option<String>) {
    let href = &problem.href;
    let base_path = site.base.path;
    match &problem.kind {
        ProblemKind::MissingTarget { .. } if is_content_file(href) && located.is_some() => {
            let suggestion = located
                .and_then(|l| l.as_ref())
                .and_then(|l| l.file_suggestion.clone());
            (
                FindingKind::MissingContentFile,
                format!("link to {href:?}: no such file in content/"),
                Some(match suggestion {
                    Some(s) => format!("did you mean {s:?}? (the path is relative to this file)"),
                    None => "fix the path (it is relative to this file), or link to a page URL"
                        .to_string(),
                }),
            )
        }
        ProblemKind::MissingTarget { path, suggestion } => {
            let is_page = path.is_empty() || path.ends_with('/') || !last_has_extension(path);
            let (kind, what) = if is_page {
                (FindingKind::MissingPage, "no such page")
            } else {
                (FindingKind::MissingFile, "no such file in the site")
            };
            let hint = Some(match suggestion {
                Some(s) => format!("did you mean {s}? (renamed or misspelt slug)"),
                None if is_page => format!(
                    "documents are at {base_path}<slug>/ and topics at {base_path}topics/<slug>/"
                ),
                None => "fix the path, or add the file to static/".to_string(),
            });
            (kind, format!("link to {href:?}: {what}"), hint)
        }
        ProblemKind::MissingAnchor {
            target,
            fragment,
            suggestion,
        } => {
            let url = format!("{base_path}{}", target.trim_end_matches("index.html"));
            let hint = match suggestion {
                Some(s) => format!("did you mean #{s}?"),
                None => "link to a heading id or a passage anchor (#p-N) that exists".into(),
            };
            (
                FindingKind::MissingAnchor,
                format!("link to {href:?}: no id {fragment:?} on {url}"),
                Some(hint),
            )
        }
        ProblemKind::OutsideBase => (
            FindingKind::OutsideBasePath,
            format!("link to {href:?} is outside the site's base path {base_path}"),
            Some(format!(
                "start site links with {base_path} (or write them relative)"
            )),
        ),
    }
}

fn is_content_file(href: &str) -> bool {
    let path = href
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    [".md", ".markdown", ".txt"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

fn last_has_extension(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_name_file_line_and_hint() {
        let f = Finding::error(
            FindingKind::MissingPage,
            "content/a.md",
            "link to \"/x/\": no such page",
        )
        .at(7)
        .hint(Some("did you mean /y/?".into()));
        assert_eq!(
            f.to_text(),
            "error: content/a.md:7: link to \"/x/\": no such page\n  hint: did you mean /y/?"
        );
        let w = Finding::warning(FindingKind::NoDate, "content/b.md", "no date");
        assert_eq!(w.to_text(), "warning: content/b.md: no date");
    }

    #[test]
    fn report_sorts_dedups_and_counts() {
        let w = Finding::warning(FindingKind::NoDate, "a.md", "w");
        let e = Finding::error(FindingKind::MissingPage, "b.md", "e").at(2);
        let report = Report::new(vec![w.clone(), e.clone(), e.clone()], 3, Default::default());
        assert_eq!(report.findings, [e, w]);
        assert_eq!((report.errors, report.warnings), (1, 1));
        assert!(report
            .to_text()
            .ends_with("Checked 3 pages: 1 error, 1 warning\n"));
    }

    #[test]
    fn content_file_links() {
        assert!(is_content_file("../notes/a.MD#x"));
        assert!(!is_content_file("/a/"));
        assert!(last_has_extension("x/logo.png"));
        assert!(!last_has_extension("x/page"));
    }
}
