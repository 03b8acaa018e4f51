//! `dossier check`: load → parse → analyze → render into memory, then the checks of
//! [`crate::check`]; nothing is written. Build errors become findings, so a broken site still
//! gets one report.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::analyze::AnalysisCache;
use crate::check::external::{self, FetchLimits};
use crate::check::links::Base;
use crate::check::source::{SourceText, Sources};
use crate::check::{self, documents, Finding, FindingKind, Report, Severity};
use crate::error::{Diagnostic, Error, Result};
use crate::load::SourceFile;
use crate::parse::{front_matter, normalise_text};
use crate::site::{analyze_documents, load_site, parse_all, render_all, BuildOptions, LoadedSite};
use crate::write;

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub build: BuildOptions,
    /// Fetch external links (`--external`).
    pub external: bool,
}

/// Builds the site in memory and checks it. `Err` only when the site cannot be loaded at all
/// (no config, unreadable files); content, config and template errors are findings.
pub fn run(options: &CheckOptions) -> Result<Report> {
    let progress = &options.build.progress;
    progress.phase("reading");
    let site = load_site(&options.build)?;
    let sources = body_sources(&site.sources);
    let output_label = site.config.output_dir.trim_end_matches('/').to_string();
    let LoadedSite {
        config,
        sources: files,
        theme,
        statics,
        warnings: load_warnings,
        ..
    } = site;
    progress.phase("parsing");
    let (documents, parse_warnings) = match parse_all(files, &config) {
        Ok(parsed) => parsed,
        Err(e) => return Ok(build_failure(e)),
    };
    let mut findings = as_findings(Severity::Warning, &load_warnings);
    findings.extend(as_findings(Severity::Warning, &parse_warnings));
    let (documents, clashes) = documents::split_duplicates(documents);
    findings.extend(clashes);
    progress.phase("analysing");
    let analyzed = analyze_documents(documents, &config, false, &mut AnalysisCache::one_shot());
    let (corpus, _drafts, analyze_warnings) = match analyzed {
        Ok(done) => done,
        Err(error) => {
            let mut report = build_failure(error);
            findings.append(&mut report.findings);
            return Ok(Report::new(findings, 0, Default::default()));
        }
    };
    findings.extend(as_findings(
        Severity::Warning,
        &without_repeats(analyze_warnings),
    ));
    let rendered = Mutex::new(BTreeMap::new());
    progress.counting("rendering");
    let sink = |file: crate::render::OutputFile| {
        progress.advance();
        if let Ok(mut map) = rendered.lock() {
            map.insert(file.path, file.bytes);
        }
        Ok(())
    };
    let (pages, _) = match render_all(&config, &corpus, &theme, &sink) {
        Ok(counts) => counts,
        Err(e) => return Ok(build_failure(e)),
    };
    let mut files = rendered.into_inner().unwrap_or_default();
    for file in &statics {
        if files.contains_key(&file.rel_path) && write::replaces_page(&file.rel_path) {
            findings.push(static_overwrites(file, &output_label));
        }
        files.entry(file.rel_path.clone()).or_default();
    }
    progress.phase("checking");
    let base_path = config.base_path();
    let site = check::Site {
        corpus: &corpus,
        files: &files,
        sources: &sources,
        base: Base {
            url: &config.base_url,
            path: &base_path,
        },
        output_label: &output_label,
    };
    let (more, mut external) = check::check_site(&site);
    findings.extend(more);
    if options.external {
        findings.extend(fetch_external(&site));
        external.fetched = true;
    }
    Ok(Report::new(findings, pages, external))
}

/// Each source's body and the line it starts on, for locating links.
fn body_sources(sources: &[SourceFile]) -> Sources {
    sources
        .iter()
        .filter_map(|s| {
            let text = normalise_text(&s.text);
            let split = front_matter::split(&text, &s.path).ok()?;
            let source = SourceText {
                body: split.body.to_string(),
                body_line: split.body_line,
            };
            Some((s.rel_path.clone(), source))
        })
        .collect()
}

fn build_failure(error: Error) -> Report {
    let diagnostics = match error {
        Error::Diagnostic(d) => vec![d],
        Error::Many(list) => list,
        other => vec![Diagnostic::new("", other.to_string())],
    };
    Report::new(
        as_findings(Severity::Error, &diagnostics),
        0,
        Default::default(),
    )
}

fn as_findings(severity: Severity, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    diagnostics
        .iter()
        .map(|d| Finding::from_diagnostic(severity, d))
        .collect()
}

/// The build's own warnings about missing link targets and dates: `check` reports those itself,
/// with lines and suggestions.
fn without_repeats(warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    warnings
        .into_iter()
        .filter(|d| {
            !d.message.contains("no such document in content/")
                && !d.message.starts_with("document has no date")
        })
        .collect()
}

fn static_overwrites(file: &crate::load::StaticFile, output_label: &str) -> Finding {
    let d = write::static_replaces_page(file, output_label);
    Finding::error(
        FindingKind::DuplicateOutput,
        d.path.display().to_string(),
        d.message,
    )
    .hint(d.hint)
}

fn fetch_external(site: &check::Site) -> Vec<Finding> {
    let pages = site
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            let scan = check::html::scan(&String::from_utf8_lossy(bytes));
            (path.clone(), scan)
        })
        .collect();
    let uses = external::first_uses(&pages, site.base);
    external::fetch_all(&uses, FetchLimits::default(), site.output_label)
}
