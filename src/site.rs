//! The site pipeline every command drives: load → parse → analyze → render → write.
//!
//! `dossier build` runs it once into a staging folder ([`build`]); `dossier serve` keeps its
//! results between edits (`serve::live`) and re-runs the steps it needs through these same
//! functions; `dossier check` renders into memory ([`render_all`] with its own sink) and
//! `dossier topics` stops after the analysis. No command assembles the steps its own way.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::analyze::{self, AnalysisCache, AnalyzeOptions, Corpus};
use crate::config::{normalize_base_url, SiteConfig};
use crate::error::{Diagnostic, Error, Result};
use crate::load::{self, SourceFile, StaticFile, ThemeFiles};
use crate::parse::foreign::Includes;
use crate::parse::highlight::{self, Highlighter};
use crate::parse::{self, parse_document, Document, ParseContext};
use crate::progress::Progress;
use crate::render::pages::{render_page, site_pages, Page};
use crate::render::search::{self, IndexPage, SearchIndexer};
use crate::render::templates::Templates;
use crate::render::views::RenderSource;
use crate::render::{self, OutputFile};
use crate::timings::Timings;
use crate::write::{self, Protected, Staging};

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub content: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Told each step and each file written (a terminal spinner; nothing by default).
    pub progress: Progress,
    /// Build with the default settings: the folder has no `site-config.toml` (a folder of
    /// markdown given to `dossier build`; see `cmd::build::implicit_site`).
    pub default_config: bool,
}

/// The folders of a site, resolved from the options and the config.
#[derive(Debug, Clone)]
pub struct SitePaths {
    pub root: PathBuf,
    pub config: PathBuf,
    pub content: PathBuf,
    pub output: PathBuf,
    pub theme: PathBuf,
    pub static_dir: PathBuf,
}

/// What a finished build reports.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub documents: usize,
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub millis: u128,
    pub output: PathBuf,
    /// Other generators' machinery folders the loader skipped (`_layouts`, `_site`).
    pub skipped: Vec<load::SkippedFolder>,
    /// Time per phase (load, parse, analysis phases, render and write).
    pub timings: Timings,
}

impl BuildReport {
    /// `Built 6 documents into 27 pages (31 files) in public/: 1 warning, 84 ms`.
    pub fn summary_line(&self) -> String {
        format!(
            "Built {} documents into {} pages ({} files) in {}: {} warning{}, {} ms",
            self.documents,
            self.pages,
            self.files,
            self.output.display(),
            self.warnings.len(),
            if self.warnings.len() == 1 { "" } else { "s" },
            self.millis
        )
    }

    /// `skipped 3 folders (_layouts, _includes, _site): Jekyll templates and output`, or `None`.
    pub fn skipped_line(&self) -> Option<String> {
        load::conventions::summary(&self.skipped)
    }
}

/// The loaded site, everything read from disk that the pipeline needs.
pub(crate) struct LoadedSite {
    pub config: SiteConfig,
    pub paths: SitePaths,
    pub sources: Vec<SourceFile>,
    pub theme: ThemeFiles,
    pub statics: Vec<StaticFile>,
    /// What loading skipped: symlinks out of the site, unreadable files, non-UTF-8 names.
    pub warnings: Vec<Diagnostic>,
    /// Other generators' machinery folders under `content/`, skipped (`_layouts`, `_site`).
    pub skipped: Vec<load::SkippedFolder>,
}

/// Where the parts of the site are, from the options and the config.
pub(crate) fn site_paths(options: &BuildOptions, config: &SiteConfig) -> SitePaths {
    SitePaths {
        content: options
            .content
            .clone()
            .unwrap_or_else(|| under(&options.root, &config.content_dir)),
        output: options
            .output
            .clone()
            .unwrap_or_else(|| under(&options.root, &config.output_dir)),
        theme: under(&options.root, "themes").join(&config.theme),
        static_dir: under(&options.root, "static"),
        config: under(&options.root, "site-config.toml"),
        root: options.root.clone(),
    }
}

/// The site's config: `site-config.toml` (or the defaults, with `default_config`, while there
/// is none: a config written later, as by `dossier init --here` while `serve` runs, is read),
/// with `--base-url` applied.
pub(crate) fn site_config(options: &BuildOptions) -> Result<SiteConfig> {
    let path = under(&options.root, "site-config.toml");
    let mut config = if options.default_config && !path.exists() {
        SiteConfig::default()
    } else {
        load::load_config(&path)?
    };
    if let Some(url) = &options.base_url {
        config.base_url =
            normalize_base_url(url).map_err(|msg| Diagnostic::new("--base-url", msg))?;
    }
    Ok(config)
}

/// Reads config, content, theme and static files.
pub(crate) fn load_site(options: &BuildOptions) -> Result<LoadedSite> {
    let config = site_config(options)?;
    let paths = site_paths(options, &config);
    if config.theme != "default" && !paths.theme.is_dir() {
        let d = Diagnostic::new(
            &paths.config,
            format!(
                "theme {:?} not found at {}",
                config.theme,
                paths.theme.display()
            ),
        )
        .hint("create the folder, or set theme = \"default\" to use the built-in theme");
        return Err(d.into());
    }
    let load::LoadedContent {
        sources,
        mut warnings,
        skipped,
        rejected,
    } = load::load_content(&paths.content, &paths.root)?;
    if config.strict && !rejected.is_empty() {
        return Err(Error::from_diagnostics(rejected));
    }
    warnings.extend(rejected);
    let theme = load::load_theme(&paths.theme, &paths.root)?;
    let (statics, static_warnings) = list_statics(&paths, &theme)?;
    warnings.extend(static_warnings);
    Ok(LoadedSite {
        config,
        paths,
        sources,
        theme,
        statics,
        warnings,
        skipped,
    })
}

/// The files copied as they are, in copy order (a later one with the same path wins): the
/// theme's `static/`, the images and files next to documents in `content/`, the site's
/// `static/`, then a `CNAME` at the site root. The warnings are the theme's and those of
/// listing `content/` assets and `static/`.
pub(crate) fn list_statics(
    paths: &SitePaths,
    theme: &ThemeFiles,
) -> Result<(Vec<StaticFile>, Vec<Diagnostic>)> {
    let mut statics = theme.statics.clone();
    let (assets, asset_warnings) = load::list_content_assets(&paths.content, &paths.root)?;
    statics.extend(assets);
    let (site_statics, mut warnings) = load::list_static(&paths.static_dir, &paths.root)?;
    warnings.splice(0..0, asset_warnings);
    statics.extend(site_statics);
    warnings.splice(0..0, theme.warnings.iter().cloned());
    let cname = under(&paths.root, "CNAME");
    let outside = load::outside_site(&cname, &paths.root);
    warnings.extend(outside.clone());
    if cname.is_file() && outside.is_none() && !statics.iter().any(|s| s.rel_path == "CNAME") {
        statics.push(StaticFile {
            source: cname,
            rel_path: "CNAME".into(),
        });
    }
    Ok((statics, warnings))
}

/// Parses every source in parallel; all errors are reported together.
pub(crate) fn parse_all(
    sources: Vec<SourceFile>,
    config: &SiteConfig,
) -> Result<(Vec<Document>, Vec<Diagnostic>)> {
    let texts = sources.iter().map(|s| s.text.as_str());
    let highlighter = highlight::needed(&config.markdown, texts).then(Highlighter::new);
    let includes = Includes::needed(sources.iter().map(|s| s.text.as_str())).then(|| {
        Includes::new(
            sources
                .iter()
                .map(|s| (s.rel_path.as_str(), s.text.as_str())),
        )
    });
    let ctx = ParseContext {
        config,
        highlighter: highlighter.as_ref(),
        includes: includes.as_ref(),
    };
    let results: Vec<_> = sources
        .par_iter()
        .map(|s| parse_document(s, &ctx))
        .collect();
    parse::collect_lenient(results, config.strict).map_err(Error::from_diagnostics)
}

/// Renders every page and fixed file, in parallel, handing each file to `sink` as it is done.
/// With search on, the pages with searchable content also go, in page order, to the index,
/// whose files follow.
pub(crate) fn render_all(
    config: &SiteConfig,
    corpus: &Corpus,
    theme: &ThemeFiles,
    sink: &(dyn Fn(OutputFile) -> Result<()> + Sync),
) -> Result<(usize, usize)> {
    let templates = Templates::new(theme)?;
    let css = highlight::site_css(&config.highlight, Path::new("site-config.toml"))?;
    let source = RenderSource::new(config, corpus);
    let pages = site_pages(&source.views());
    let render = |page: Page| render_page(page, &source.views(), &templates);
    let mut files = 0;
    if config.search.enabled {
        let (searchable, other): (Vec<Page>, Vec<Page>) =
            pages.iter().partition(|p| p.searchable());
        other.par_iter().try_for_each(|&page| sink(render(page)?))?;
        files += render_indexed(&searchable, config, &render, sink)?;
    } else {
        pages.par_iter().try_for_each(|&page| sink(render(page)?))?;
    }
    let fixed = render::fixed_files(config, &css, theme);
    files += pages.len() + fixed.len();
    for file in fixed {
        sink(file)?;
    }
    Ok((pages.len(), files))
}

/// Pages rendered at once before their batch goes to the search index.
const BATCH: usize = 64;

/// Renders `pages` in parallel batches, each page written and trimmed for the search index by
/// the thread that rendered it, and feeds each batch to the index in its feed order (the same
/// every build, so the index is too), writing each shard of the index as it is done. Returns
/// the index's file count.
fn render_indexed(
    pages: &[Page],
    config: &SiteConfig,
    render: &(dyn Fn(Page) -> std::result::Result<OutputFile, Diagnostic> + Sync),
    sink: &(dyn Fn(OutputFile) -> Result<()> + Sync),
) -> Result<usize> {
    let indexer = SearchIndexer::start(&config.language, pages.len(), config.search.shard_pages)?;
    let order = search::feed_order(pages.len(), config.search.shard_pages);
    let mut count = 0;
    for batch in order.chunks(BATCH) {
        let rendered: Vec<(usize, IndexPage)> = batch
            .par_iter()
            .map(|&position| {
                let file = render(pages[position])?;
                let page = IndexPage::new(&file.path, &file.bytes);
                sink(file)?;
                Ok((position, page))
            })
            .collect::<Result<_>>()?;
        for (position, page) in rendered {
            indexer.add_page(position, page)?;
        }
        for file in indexer.ready()? {
            count += 1;
            sink(file)?;
        }
    }
    Ok(count + indexer.finish(&mut |file| sink(file))?)
}

/// A site read, parsed and analysed: what `build` renders and `serve` keeps.
pub(crate) struct AnalyzedSite {
    pub config: SiteConfig,
    pub paths: SitePaths,
    pub theme: ThemeFiles,
    pub statics: Vec<StaticFile>,
    pub corpus: Corpus,
    /// Drafts left out of the corpus (without `--drafts`), for `dossier serve` to keep.
    pub drafts: Vec<Document>,
    /// What loading, parsing and analysis noticed.
    pub warnings: Vec<Diagnostic>,
    /// Other generators' machinery folders skipped by the loader.
    pub skipped: Vec<load::SkippedFolder>,
    /// Load, parse and the analysis phases.
    pub timings: Timings,
}

/// Loads, parses and analyses the site, reusing `cache` (a fresh one for a one-off run).
pub(crate) fn analyze_site(
    options: &BuildOptions,
    cache: &mut AnalysisCache,
) -> Result<AnalyzedSite> {
    let mut timings = Timings::default();
    options.progress.phase("reading");
    let LoadedSite {
        config,
        paths,
        sources,
        theme,
        statics,
        mut warnings,
        skipped,
    } = load_site(options)?;
    timings.lap("load");
    options.progress.phase("parsing");
    let (documents, parse_warnings) = parse_all(sources, &config)?;
    warnings.extend(parse_warnings);
    crate::memory::release_freed();
    timings.lap("parse");
    options.progress.phase("analysing");
    let (corpus, drafts, analyze_warnings) =
        analyze_documents(documents, &config, options.drafts, cache)?;
    warnings.extend(analyze_warnings);
    timings.extend(corpus.timings());
    Ok(AnalyzedSite {
        config,
        paths,
        theme,
        statics,
        corpus,
        drafts,
        warnings,
        skipped,
        timings,
    })
}

/// The whole build: the previous output stays untouched unless every step succeeds.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let AnalyzedSite {
        config,
        paths,
        theme,
        statics,
        corpus,
        mut warnings,
        skipped,
        mut timings,
        ..
    } = analyze_site(options, &mut AnalysisCache::one_shot())?;
    let protected = Protected {
        root: &paths.root,
        content: &paths.content,
    };
    write::check_output_dir(&paths.output, &protected)?;
    let staging = Staging::create(&paths.output)?;
    options.progress.counting("rendering");
    let (pages, files) = render_all(&config, &corpus, &theme, &|file| {
        options.progress.advance();
        staging.write(&file)
    })?;
    options.progress.phase("writing");
    let label = display_path(&paths.output);
    warnings.extend(staging.copy_static(&statics, &label.to_string_lossy())?);
    warnings.extend(staging.commit()?);
    timings.lap("render+write");
    Ok(BuildReport {
        documents: corpus.len(),
        pages,
        files: files + statics.len(),
        warnings,
        millis: started.elapsed().as_millis(),
        output: display_path(&paths.output),
        skipped,
        timings,
    })
}

/// `root/rel`, without a leading `./` when the root is the working directory (nicer messages).
fn under(root: &Path, rel: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::from(rel)
    } else {
        root.join(rel)
    }
}

fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Analyses the documents, reusing `cache` (a fresh one for a one-off run); drafts left out
/// (without `drafts`) are returned beside the corpus, for `dossier serve` to keep.
pub(crate) fn analyze_documents(
    documents: Vec<Document>,
    config: &SiteConfig,
    drafts: bool,
    cache: &mut AnalysisCache,
) -> Result<(Corpus, Vec<Document>, Vec<Diagnostic>)> {
    let (included, excluded): (Vec<Document>, Vec<Document>) =
        if drafts || !documents.iter().any(|d| d.draft) {
            (documents, Vec::new())
        } else {
            documents.into_iter().partition(|d| !d.draft)
        };
    let options = AnalyzeOptions {
        include_drafts: drafts,
    };
    let (corpus, warnings) =
        analyze::analyze(included, config, options, cache).map_err(Error::from_diagnostics)?;
    Ok((corpus, excluded, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_settings_give_way_to_a_config_written_later() {
        let dir = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            default_config: true,
            ..Default::default()
        };
        assert_eq!(site_config(&options).unwrap().title, "Briefings");
        std::fs::write(dir.path().join("site-config.toml"), "title = \"Later\"\n").unwrap();
        assert_eq!(site_config(&options).unwrap().title, "Later");
    }
}
