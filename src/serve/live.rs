//! The build pipeline kept alive between edits: what `dossier serve` rebuilds incrementally.
//!
//! [`LiveSite`] holds what a full build computes and throws away: the config, the theme and its
//! compiled templates, the parsed documents (inside the analysed corpus) and the list of pages
//! written. [`LiveSite::apply`] takes a [`Plan`] from the classifier and does the least work
//! that gives the same output as a full `dossier build`:
//!
//! - documents: re-read and re-parse only the planned paths, re-run `analyze` over the kept
//!   documents with the kept [`AnalysisCache`] (so only the re-read documents' share of each
//!   phase and the merges across documents are redone), and re-render only the pages whose
//!   recorded reads changed (`serve::rendered`; when the edited documents keep their URLs, their
//!   own pages first and the others after the reload, [`LiveSite::render_deferred`]);
//! - templates: recompile them and re-render every page from the kept corpus (no parsing);
//! - static files: list them again (a handful of paths), nothing rendered;
//! - config, or anything after a failed rebuild that lost the corpus: a full rebuild.
//!
//! A failed rebuild changes nothing that is served: the plan stays pending and is retried, with
//! whatever comes next, until it succeeds. The result is a [`Rebuilt`]: the files to put in
//! place and the paths to drop, for [`super::state::Served`] to apply.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use super::rendered::RenderedPages;
use super::watch::{folders_above, Plan};
use crate::analyze::{AnalysisCache, Corpus};
use crate::config::SiteConfig;
use crate::error::{Diagnostic, Error, Result};
use crate::load::{self, SourceFile, ThemeFiles};
use crate::parse::foreign::Includes;
use crate::parse::highlight::{self, Highlighter};
use crate::parse::{self, parse_document, Document, ParseContext};
use crate::render::pages::{render_page, site_pages, Page};
use crate::render::templates::Templates;
use crate::render::views::RenderSource;
use crate::render::{self, OutputFile};
use crate::site::{
    analyze_documents, analyze_site, list_statics, AnalyzedSite, BuildOptions, SitePaths,
};
use crate::timings::Timings;

/// The site as the last successful (re)build left it, ready for the next edit.
pub struct LiveSite {
    options: BuildOptions,
    config: SiteConfig,
    paths: SitePaths,
    theme: ThemeFiles,
    templates: Templates,
    highlight_css: String,
    highlighter: Option<Highlighter>,
    /// `None` when a failed rebuild consumed it: the next rebuild is a full one.
    corpus: Option<Corpus>,
    /// The site's pages and what each read of the corpus, for the next edit.
    rendered: RenderedPages,
    /// Each document's share of the analysis, for the next edit's (see `analyze::analyze`).
    cache: AnalysisCache,
    /// Drafts left out of the corpus (kept so that `--drafts` toggling needs no re-read).
    excluded: Vec<Document>,
    fixed: Vec<OutputFile>,
    /// Copied files by output path: their source on disk (later sources win, as in the build).
    statics: BTreeMap<String, PathBuf>,
    /// Work that failed and is retried with the next change.
    pending: Plan,
    /// A page failed to render after the corpus changed: render every page next time.
    render_all_next: bool,
    /// Affected pages left for [`LiveSite::render_deferred`], after the reload is announced.
    deferred: Vec<Page>,
    /// Set when the last rebuild rendered only the edited documents' own pages (these paths)
    /// and left finding the other affected pages to [`LiveSite::render_deferred`].
    settling: Option<HashSet<String>>,
    /// What the last rebuild replaced, dropped by [`LiveSite::clean_up`] after the reload (on
    /// a large site, freeing the old corpus' lists takes milliseconds).
    trash: Vec<Box<dyn std::any::Any + Send>>,
}

/// What a rebuild changed, for the server to apply and the terminal to report.
#[derive(Debug, Default)]
pub struct Rebuilt {
    /// What changed, in a few words (`a.md changed`).
    pub what: String,
    /// Drop every served file first (a full rebuild).
    pub replace_all: bool,
    /// Every page may have changed (template or config change, full rebuild).
    pub all_pages: bool,
    /// Generated files to put in place (pages and fixed files).
    pub files: Vec<OutputFile>,
    /// Generated files to drop.
    pub removed: Vec<String>,
    /// Output paths of changed pages not rendered yet ([`LiveSite::render_deferred`] renders
    /// them next; until then a request for one waits).
    pub deferred: Vec<String>,
    /// Only the edited documents' own pages (in `files`) were rendered; which other pages
    /// changed is found by [`LiveSite::render_deferred`], and until then a request for any
    /// other page waits.
    pub settling: bool,
    /// The copied files, when they were listed again.
    pub statics: Option<BTreeMap<String, PathBuf>>,
    /// Output paths of static files that changed.
    pub changed_statics: Vec<String>,
    /// Only stylesheets changed: the browser swaps them without a reload.
    pub css_only: bool,
    pub pages_rendered: usize,
    pub documents: usize,
    pub warnings: Vec<Diagnostic>,
    pub millis: u128,
    /// How long each step of an incremental rebuild took (`dossier serve --timings`).
    pub timings: Timings,
    /// The analysis' own phases, within `timings`' `analyze`.
    pub analyze_timings: Timings,
}

impl Rebuilt {
    /// Output paths whose bytes changed (written, dropped, or static).
    pub fn changed_paths(&self) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .map(|f| f.path.as_str())
            .chain(self.removed.iter().map(String::as_str))
            .chain(self.deferred.iter().map(String::as_str))
            .chain(self.changed_statics.iter().map(String::as_str))
    }

    /// Whether pages are left for after the reload (known ones, or ones still to be found).
    pub fn has_deferred(&self) -> bool {
        self.settling || !self.deferred.is_empty()
    }

    /// `a.md changed: 7 pages re-rendered in 12 ms` (the time until the reload; pages rendered
    /// after it are counted: `7 pages re-rendered (5 after the reload)`).
    pub fn summary_line(&self) -> String {
        let what = if self.what.is_empty() {
            "no change"
        } else {
            &self.what
        };
        format!(
            "{what}: {} page{} re-rendered{}{} in {} ms",
            self.pages_rendered,
            if self.pages_rendered == 1 { "" } else { "s" },
            if self.settling {
                " (the rest after the reload)".to_string()
            } else if self.deferred.is_empty() {
                String::new()
            } else {
                format!(" ({} after the reload)", self.deferred.len())
            },
            if self.changed_statics.is_empty() {
                String::new()
            } else {
                format!(", {} static file(s) updated", self.changed_statics.len())
            },
            self.millis
        )
    }

    /// This rebuild followed by `next` as one (rebuilds made while a burst of changes was still
    /// arriving, published together). This one's deferred pages must have been rendered into
    /// its files (see [`LiveSite::render_deferred`]).
    pub fn then(mut self, next: Rebuilt) -> Rebuilt {
        let what = combined_what(&self.what, &next.what);
        if next.replace_all {
            return Rebuilt {
                what,
                millis: self.millis + next.millis,
                ..next
            };
        }
        let written: HashSet<&str> = next.files.iter().map(|f| f.path.as_str()).collect();
        let dropped: HashSet<&str> = next.removed.iter().map(String::as_str).collect();
        self.files
            .retain(|f| !written.contains(f.path.as_str()) && !dropped.contains(f.path.as_str()));
        let mut removed: BTreeSet<String> = self.removed.drain(..).collect();
        removed.extend(next.removed);
        for path in next.files.iter().map(|f| &f.path).chain(&next.deferred) {
            removed.remove(path);
        }
        self.files.extend(next.files);
        let mut changed_statics: BTreeSet<String> = self.changed_statics.drain(..).collect();
        changed_statics.extend(next.changed_statics);
        self.warnings.extend(next.warnings);
        Rebuilt {
            what,
            replace_all: self.replace_all,
            all_pages: self.all_pages || next.all_pages,
            files: self.files,
            removed: removed.into_iter().collect(),
            deferred: next.deferred,
            settling: next.settling,
            statics: next.statics.or(self.statics),
            changed_statics: changed_statics.into_iter().collect(),
            css_only: self.css_only && next.css_only,
            pages_rendered: self.pages_rendered + next.pages_rendered,
            documents: next.documents,
            warnings: self.warnings,
            millis: self.millis + next.millis,
            timings: next.timings,
            analyze_timings: next.analyze_timings,
        }
    }

    /// `read 1 ms (0%) · … (analyze: order 3 ms · …)`, for `dossier serve --timings`.
    pub fn timings_line(&self) -> String {
        format!(
            "{} (analyze: {})",
            self.timings.summary(),
            self.analyze_timings.summary()
        )
    }
}

impl LiveSite {
    /// The first build: everything, as `dossier build` does, kept in memory.
    pub fn load(options: &BuildOptions) -> Result<(LiveSite, Rebuilt)> {
        let started = Instant::now();
        let mut cache = AnalysisCache::default();
        let AnalyzedSite {
            config,
            paths,
            theme,
            statics,
            corpus,
            drafts: excluded,
            warnings,
            ..
        } = analyze_site(options, &mut cache)?;
        options.progress.phase("rendering");
        let templates = Templates::new(&theme)?;
        let highlight_css = highlight::site_css(&config.highlight, &paths.config)?;
        let fixed = render::fixed_files(&config, &highlight_css, &theme);
        let mut site = LiveSite {
            options: options.clone(),
            config,
            paths,
            theme,
            templates,
            highlight_css,
            highlighter: None,
            corpus: None,
            rendered: RenderedPages::default(),
            cache,
            excluded,
            fixed: fixed.clone(),
            statics: statics_map(&statics),
            pending: Plan::default(),
            render_all_next: false,
            deferred: Vec::new(),
            settling: None,
            trash: Vec::new(),
        };
        let source = RenderSource::new(&site.config, &corpus);
        let pages = site.rendered.every_page(&source);
        let mut files = site.rendered.render(&pages, &source, &site.templates)?;
        files.extend(fixed);
        let documents = corpus.len();
        drop(source);
        site.corpus = Some(corpus);
        let rebuilt = Rebuilt {
            what: "site built".into(),
            replace_all: true,
            all_pages: true,
            pages_rendered: pages.len(),
            files,
            statics: Some(site.statics.clone()),
            documents,
            warnings,
            millis: started.elapsed().as_millis(),
            ..Rebuilt::default()
        };
        Ok((site, rebuilt))
    }

    /// Renders the pages the last rebuild left for after the reload (the lists, the timeline,
    /// the exports), first finding them when it rendered only the edited documents' pages. An
    /// error makes the next rebuild render every page.
    pub fn render_deferred(&mut self) -> Result<Settled> {
        let mut pages = std::mem::take(&mut self.deferred);
        let fresh = self.settling.take();
        let Some(corpus) = self.corpus.as_ref() else {
            return Ok(Settled::default());
        };
        let source = RenderSource::new(&self.config, corpus);
        let mut settled = Settled::default();
        if let Some(fresh) = fresh {
            let mut found = Rebuilt::default();
            pages.extend(
                self.rendered
                    .changed_since(false, &source, &fresh, &mut found),
            );
            settled.removed = found.removed;
        }
        match self.rendered.render(&pages, &source, &self.templates) {
            Ok(files) => settled.files = files,
            Err(e) => {
                self.render_all_next = true;
                return Err(e);
            }
        }
        Ok(settled)
    }

    /// Renders every page and fixed file from scratch from the corpus in memory and names the
    /// generated files whose served bytes differ (`dossier serve --verify`; see
    /// [`super::verify`]). Nothing is compared while no corpus is kept (after a failed rebuild).
    pub fn verify(&self, served: &super::state::Served) -> Result<Vec<String>> {
        let Some(corpus) = &self.corpus else {
            return Ok(Vec::new());
        };
        let source = RenderSource::new(&self.config, corpus);
        let templates = &self.templates;
        let pages = site_pages(&source.views());
        let mut fresh: Vec<OutputFile> = pages
            .par_iter()
            .map(|&page| render_page(page, &source.views(), templates).map_err(Error::from))
            .collect::<Result<_>>()?;
        fresh.extend(render::fixed_files(
            &self.config,
            &self.highlight_css,
            &self.theme,
        ));
        Ok(super::verify::differing_paths(&fresh, served))
    }

    /// The output paths of the pages the search index is made from, in build order.
    pub fn search_paths(&self) -> Vec<String> {
        match &self.corpus {
            Some(corpus) => super::search::searchable_paths(&self.config, corpus),
            None => Vec::new(),
        }
    }

    pub fn config(&self) -> &SiteConfig {
        &self.config
    }

    pub fn paths(&self) -> &SitePaths {
        &self.paths
    }

    /// Rebuilds what `plan` (and any earlier failed plan) makes stale.
    pub fn apply(&mut self, plan: Plan) -> Result<Rebuilt> {
        let started = Instant::now();
        self.pending.merge(plan);
        let plan = self.pending.clone();
        let result = if plan.full || self.corpus.is_none() {
            LiveSite::load(&self.options).map(|(site, mut rebuilt)| {
                rebuilt.what = plan.describe();
                *self = site;
                rebuilt
            })
        } else {
            self.incremental(&plan)
        };
        let mut rebuilt = result?;
        self.pending = Plan::default();
        rebuilt.millis = started.elapsed().as_millis();
        Ok(rebuilt)
    }

    fn incremental(&mut self, plan: &Plan) -> Result<Rebuilt> {
        if !self.deferred.is_empty() || self.settling.take().is_some() {
            // The last rebuild's deferred pages were never rendered (or never found): render
            // everything.
            self.deferred.clear();
            self.render_all_next = true;
        }
        let mut rebuilt = Rebuilt {
            what: plan.describe(),
            css_only: plan.css_only(),
            ..Rebuilt::default()
        };
        // Everything that can fail without touching the kept state comes first.
        let new_theme = if plan.templates {
            let theme = load::load_theme(&self.paths.theme, &self.paths.root)?;
            Some((Templates::new(&theme)?, theme))
        } else {
            None
        };
        let (parsed, removed_rels, warnings) = self.read_documents(plan)?;
        rebuilt.warnings = warnings;
        rebuilt.timings.lap("read");
        let statics_changed = !plan.statics.is_empty() || new_theme.is_some();
        if statics_changed {
            let theme = new_theme.as_ref().map_or(&self.theme, |(_, t)| t);
            let (statics, warnings) = list_statics(&self.paths, theme)?;
            rebuilt.warnings.extend(warnings);
            let statics = statics_map(&statics);
            rebuilt.changed_statics = changed_statics(&self.statics, &statics, &plan.statics);
            rebuilt.statics = Some(statics.clone());
            self.statics = statics;
        }
        if let Some((templates, theme)) = new_theme {
            self.templates = templates;
            self.theme = theme;
            self.render_all_next = true;
        }
        if statics_changed {
            let fixed = render::fixed_files(&self.config, &self.highlight_css, &self.theme);
            for file in &fixed {
                if !self.fixed.contains(file) {
                    rebuilt.files.push(file.clone());
                }
            }
            self.fixed = fixed;
        }

        let rels: BTreeSet<String> = parsed
            .iter()
            .map(|d| d.rel_path.clone())
            .chain(removed_rels)
            .collect();
        if rels.is_empty() && !self.render_all_next {
            return Ok(rebuilt);
        }
        let Some(mut old) = self.corpus.take() else {
            return Err(Diagnostic::new(&self.paths.content, "no corpus to update").into());
        };
        rebuilt.timings.lap("snapshot");
        self.cache.recycle(&mut old);
        let (mut documents, rest) = old.into_documents();
        self.trash.push(Box::new(rest));
        // In place: the documents (most of them) are not moved to a new vector, and a re-read
        // one takes its old place (the order usually stays as it was).
        let mut fresh: BTreeMap<String, Document> = parsed
            .into_iter()
            .map(|d| (d.rel_path.clone(), d))
            .collect();
        let mut update = |d: &mut Document| {
            if !rels.contains(&d.rel_path) {
                return true;
            }
            let Some(new) = fresh.remove(&d.rel_path) else {
                return false;
            };
            *d = new;
            true
        };
        documents.retain_mut(&mut update);
        let mut excluded = std::mem::take(&mut self.excluded);
        excluded.retain_mut(&mut update);
        documents.extend(excluded);
        documents.extend(fresh.into_values());
        // On an error the documents are gone; `corpus` stays `None` and the next rebuild is full.
        let (corpus, excluded, _) = analyze_documents(
            documents,
            &self.config,
            self.options.drafts,
            &mut self.cache,
        )?;
        self.excluded = excluded;
        rebuilt.timings.lap("analyze");
        rebuilt.analyze_timings = corpus.timings().clone();
        let source = RenderSource::new(&self.config, &corpus);
        if let Some((edited, paths)) = self.edited_pages(&source, &rels) {
            let rendered = self.rendered.render(&edited, &source, &self.templates);
            drop(source);
            self.settling = Some(paths);
            return self.finish_edited(rebuilt, rendered, corpus);
        }
        let to_render = self
            .rendered
            .changed_by_edit(self.render_all_next, &source, &mut rebuilt);
        rebuilt.timings.lap("affected");
        let (now, later) = if rebuilt.all_pages {
            (to_render, Vec::new())
        } else {
            let views = source.views();
            to_render.into_iter().partition(|page| {
                page.document_path(&views)
                    .is_some_and(|rel| rels.contains(rel))
            })
        };
        let rendered = self.rendered.render(&now, &source, &self.templates);
        let views = source.views();
        rebuilt.deferred = later.iter().filter_map(|p| p.path(&views)).collect();
        drop(views);
        drop(source);
        rebuilt.timings.lap("render");
        let rendered = match rendered {
            Ok(files) => files,
            Err(e) => {
                self.corpus = Some(corpus);
                self.render_all_next = true;
                return Err(e);
            }
        };
        self.render_all_next = false;
        rebuilt.pages_rendered = rendered.len() + later.len();
        rebuilt.files.extend(rendered);
        self.deferred = later;
        rebuilt.documents = corpus.len();
        self.corpus = Some(corpus);
        Ok(rebuilt)
    }

    /// The edited documents' own pages, when they can be rendered before the other affected
    /// pages are found (see [`RenderedPages::edited_pages`]), to be marked for
    /// [`LiveSite::render_deferred`], with their paths.
    fn edited_pages(
        &self,
        source: &RenderSource,
        rels: &BTreeSet<String>,
    ) -> Option<(Vec<Page>, HashSet<String>)> {
        if self.render_all_next {
            return None;
        }
        Some(
            self.rendered
                .edited_pages(source, rels)?
                .into_iter()
                .unzip(),
        )
    }

    /// Ends a rebuild that rendered only the edited documents' pages.
    fn finish_edited(
        &mut self,
        mut rebuilt: Rebuilt,
        rendered: Result<Vec<OutputFile>>,
        corpus: Corpus,
    ) -> Result<Rebuilt> {
        rebuilt.timings.lap("render");
        self.corpus = Some(corpus);
        let files = rendered.inspect_err(|_| {
            self.settling = None;
            self.render_all_next = true;
        })?;
        rebuilt.settling = true;
        rebuilt.pages_rendered = files.len();
        rebuilt.files.extend(files);
        rebuilt.documents = self.corpus.as_ref().map_or(0, Corpus::len);
        Ok(rebuilt)
    }

    /// Frees what the last rebuild replaced; call it once the reload is announced.
    pub fn clean_up(&mut self) {
        self.trash.clear();
    }

    /// Re-reads and parses the planned content paths; also returns the `rel_path`s of known
    /// documents that are gone (removed files, and documents under a removed folder).
    fn read_documents(
        &mut self,
        plan: &Plan,
    ) -> Result<(Vec<Document>, Vec<String>, Vec<Diagnostic>)> {
        let planned = &plan.documents;
        if planned.is_empty() {
            return Ok((Vec::new(), Vec::new(), Vec::new()));
        }
        let mut sources = Vec::new();
        let mut load_warnings = Vec::new();
        // A document inside a planned folder is read with the folder, once.
        for rel in plan.document_roots() {
            let (read, warnings) =
                load::load_content_at(&self.paths.content, &self.paths.root, rel)?;
            sources.extend(read);
            load_warnings.extend(warnings);
        }
        let read: HashSet<&str> = sources.iter().map(|s| s.rel_path.as_str()).collect();
        let mut removed = Vec::new();
        let known = self
            .corpus
            .iter()
            .flat_map(Corpus::all_documents)
            .chain(&self.excluded);
        for doc in known {
            let rel = doc.rel_path.as_str();
            // The path itself or a folder above it was planned.
            let planned_here =
                planned.contains(rel) || folders_above(rel).any(|dir| planned.contains(dir));
            if planned_here && !read.contains(rel) {
                removed.push(rel.to_string());
            }
        }
        if self.highlighter.is_none()
            && highlight::needed(
                &self.config.markdown,
                sources.iter().map(|s| s.text.as_str()),
            )
        {
            self.highlighter = Some(Highlighter::new());
        }
        let all = self.sources_for_includes(&mut sources)?;
        let includes = all
            .as_ref()
            .map(|all| Includes::new(all.iter().map(|s| (s.rel_path.as_str(), s.text.as_str()))));
        let ctx = ParseContext {
            config: &self.config,
            highlighter: self.highlighter.as_ref(),
            includes: includes.as_ref(),
        };
        let results: Vec<_> = sources
            .par_iter()
            .map(|s| parse_document(s, &ctx))
            .collect();
        let (documents, warnings) = parse::collect(results).map_err(Error::from_diagnostics)?;
        load_warnings.extend(warnings);
        Ok((documents, removed, load_warnings))
    }
}

impl LiveSite {
    /// When a re-read document includes or names others, or a kept one does (whose included
    /// text may be what changed), every content source, as a build parses with; the kept
    /// documents that read others are added to `sources`, to be parsed again. `None` when no
    /// document reads another (most sites: nothing more is read).
    fn sources_for_includes(
        &self,
        sources: &mut Vec<SourceFile>,
    ) -> Result<Option<Vec<SourceFile>>> {
        let kept_readers = self
            .corpus
            .iter()
            .flat_map(Corpus::all_documents)
            .chain(&self.excluded)
            .any(|d| d.reads_other_documents);
        if !kept_readers && !Includes::needed(sources.iter().map(|s| s.text.as_str())) {
            return Ok(None);
        }
        let all = load::load_content(&self.paths.content, &self.paths.root)?.sources;
        let read: HashSet<String> = sources.iter().map(|s| s.rel_path.clone()).collect();
        sources.extend(
            all.iter()
                .filter(|s| !read.contains(&s.rel_path))
                .filter(|s| Includes::needed(std::iter::once(s.text.as_str())))
                .cloned(),
        );
        Ok(Some(all))
    }
}

/// What [`LiveSite::render_deferred`] rendered after the reload.
#[derive(Debug, Default)]
pub struct Settled {
    /// The pages rendered.
    pub files: Vec<OutputFile>,
    /// Pages gone from the site (found only now, when the rebuild was settling).
    pub removed: Vec<String>,
}

/// `a.md changed; b.md changed`, shortened to the first and last with `…` between beyond
/// three (a burst can make dozens of rebuilds).
fn combined_what(first: &str, next: &str) -> String {
    if first.is_empty() || first == next {
        return next.to_string();
    }
    let mut parts: Vec<&str> = first.split("; ").collect();
    if parts.len() >= 3 {
        parts.truncate(1);
        parts.push("…");
    }
    parts.push(next);
    parts.join("; ")
}

fn statics_map(statics: &[load::StaticFile]) -> BTreeMap<String, PathBuf> {
    statics
        .iter()
        .map(|s| (s.rel_path.clone(), s.source.clone()))
        .collect()
}

/// Output paths whose copied file came or went, moved to another source, or was written.
fn changed_statics(
    old: &BTreeMap<String, PathBuf>,
    new: &BTreeMap<String, PathBuf>,
    written: &BTreeSet<PathBuf>,
) -> Vec<String> {
    let written: HashSet<PathBuf> = written.iter().map(|p| absolute(p)).collect();
    let mut out: BTreeSet<String> = BTreeSet::new();
    for (rel, source) in new {
        if old.get(rel) != Some(source) || written.contains(&absolute(source)) {
            out.insert(rel.clone());
        }
    }
    out.extend(old.keys().filter(|k| !new.contains_key(*k)).cloned());
    out.into_iter().collect()
}

fn absolute(path: &std::path::Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path.to_string(), text.to_string())
    }

    fn rebuilt(what: &str, files: &[(&str, &str)], removed: &[&str]) -> Rebuilt {
        Rebuilt {
            what: what.to_string(),
            files: files.iter().map(|(p, t)| file(p, t)).collect(),
            removed: removed.iter().map(|p| p.to_string()).collect(),
            pages_rendered: files.len(),
            ..Rebuilt::default()
        }
    }

    #[test]
    fn rebuilds_of_one_round_combine_with_the_later_one_winning() {
        let first = rebuilt(
            "a.md changed",
            &[("a/index.html", "a1"), ("index.html", "home1")],
            &["b/index.html"],
        );
        let mut second = rebuilt(
            "b.md changed",
            &[("b/index.html", "b2"), ("index.html", "home2")],
            &["a/index.html"],
        );
        second.deferred = vec!["archive/index.html".into()];
        let both = first.then(second);
        let files: Vec<(&str, &[u8])> = both
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        assert_eq!(
            files,
            [("b/index.html", &b"b2"[..]), ("index.html", b"home2")]
        );
        assert_eq!(both.removed, ["a/index.html"]);
        assert_eq!(both.deferred, ["archive/index.html"]);
        assert_eq!(both.what, "a.md changed; b.md changed");
        assert_eq!(
            combined_what("a.md changed; b.md changed; c.md changed", "d.md changed"),
            "a.md changed; …; d.md changed"
        );
        assert_eq!(both.pages_rendered, 4);
    }

    #[test]
    fn a_full_rebuild_in_a_round_replaces_what_came_before() {
        let first = rebuilt("a.md changed", &[("a/index.html", "a1")], &[]);
        let mut full = rebuilt("site-config.toml changed", &[("index.html", "home")], &[]);
        full.replace_all = true;
        let both = first.then(full);
        assert!(both.replace_all);
        assert_eq!(both.files.len(), 1);
        assert_eq!(both.what, "a.md changed; site-config.toml changed");
    }

    #[test]
    fn css_only_only_while_every_rebuild_is() {
        let mut css = rebuilt("style.css changed", &[], &[]);
        css.css_only = true;
        css.changed_statics = vec!["style.css".into()];
        let mut more_css = rebuilt("style.css changed", &[], &[]);
        more_css.css_only = true;
        more_css.changed_statics = vec!["extra.css".into()];
        let both = css.then(more_css);
        assert!(both.css_only);
        assert_eq!(both.changed_statics, ["extra.css", "style.css"]);
        let page = rebuilt("a.md changed", &[("a/index.html", "a")], &[]);
        assert!(!both.then(page).css_only);
    }
}
