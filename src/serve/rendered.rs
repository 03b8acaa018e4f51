//! What `dossier serve` has rendered: every page of the site with its output path, and what
//! each page read of the corpus (`render::reads`), so that after an edit exactly the pages whose
//! reads changed are rendered again. The page list is recorded the same way, under a key no
//! output path has, and is listed again only when something it read changed.

use std::collections::HashSet;

use rayon::prelude::*;

use super::live::Rebuilt;
use crate::error::Result;
use crate::render::pages::{render_page, site_pages, Page};
use crate::render::reads::{Dependencies, Read};
use crate::render::templates::Templates;
use crate::render::views::RenderSource;
use crate::render::OutputFile;

/// The key under which the page list's own reads are kept (no output path looks like it).
const PAGE_LIST: &str = "\0the site's pages";

/// The site's pages and their recorded reads.
#[derive(Default)]
pub(crate) struct RenderedPages {
    deps: Dependencies,
    /// Every page with its output path, in build order.
    list: Vec<(Page, String)>,
}

impl RenderedPages {
    /// Lists every page of `source`'s corpus afresh (the first build) and returns them.
    pub(crate) fn every_page(&mut self, source: &RenderSource) -> Vec<Page> {
        self.list_pages(source);
        self.list.iter().map(|(page, _)| *page).collect()
    }

    /// The pages of `source`'s corpus to render again: those one of whose reads gives another
    /// value than when it was rendered, and those new to the site (every page with
    /// `render_all`, after a template change or a failed render). Pages gone from the site are
    /// forgotten and listed in `rebuilt.removed`.
    pub(crate) fn changed_by_edit(
        &mut self,
        render_all: bool,
        source: &RenderSource,
        rebuilt: &mut Rebuilt,
    ) -> Vec<Page> {
        self.changed_since(render_all, source, &HashSet::new(), rebuilt)
    }

    /// The edited documents' own pages (the page the editor is looking at), when each is at
    /// the output path it had: the pages that can be rendered before any other page's reads
    /// are evaluated. `None` when a document is new, gone, moved or a folder's page: then the
    /// page list itself may change, and every read is evaluated first.
    pub(crate) fn edited_pages<'r>(
        &self,
        source: &RenderSource,
        rels: impl IntoIterator<Item = &'r String>,
    ) -> Option<Vec<(Page, String)>> {
        let views = source.views();
        rels.into_iter()
            .map(|rel| {
                let page = Page::of_document(&views, rel)?;
                let path = page.path(&views)?;
                self.deps.knows(&path).then_some((page, path))
            })
            .collect()
    }

    /// [`RenderedPages::changed_by_edit`], less the pages at the paths in `fresh` (rendered
    /// from this corpus already).
    pub(crate) fn changed_since(
        &mut self,
        render_all: bool,
        source: &RenderSource,
        fresh: &HashSet<String>,
        rebuilt: &mut Rebuilt,
    ) -> Vec<Page> {
        let changed: HashSet<String> = self
            .deps
            .changed_pages(&source.views().read)
            .into_iter()
            .collect();
        rebuilt.all_pages = render_all;
        if render_all || changed.contains(PAGE_LIST) || self.list.is_empty() {
            self.list_pages(source);
            rebuilt.removed = self.forget_removed();
        }
        self.list
            .iter()
            .filter(|(_, path)| !fresh.contains(path))
            .filter(|(_, path)| render_all || changed.contains(path) || !self.deps.knows(path))
            .map(|(page, _)| *page)
            .collect()
    }

    /// Renders `pages` in parallel, each through views that note what it reads, and records
    /// those reads.
    pub(crate) fn render(
        &mut self,
        pages: &[Page],
        source: &RenderSource,
        templates: &Templates,
    ) -> Result<Vec<OutputFile>> {
        let rendered: Vec<(OutputFile, Vec<Read>)> = pages
            .par_iter()
            .map(|&page| {
                let views = source.recording_views();
                let file = render_page(page, &views, templates)?;
                Ok((file, views.read.take_reads()))
            })
            .collect::<Result<_>>()?;
        let quiet = source.views();
        Ok(rendered
            .into_iter()
            .map(|(file, reads)| {
                self.deps.record(&file.path, reads, &quiet.read);
                file
            })
            .collect())
    }

    /// Lists every page through views that note what the list read.
    fn list_pages(&mut self, source: &RenderSource) {
        let views = source.recording_views();
        self.list = site_pages(&views)
            .into_iter()
            .filter_map(|page| Some((page, page.path(&views)?)))
            .collect();
        let quiet = source.views();
        self.deps
            .record(PAGE_LIST, views.read.take_reads(), &quiet.read);
    }

    /// Forgets the recorded pages the list no longer has; returns their paths, sorted.
    fn forget_removed(&mut self) -> Vec<String> {
        let current: HashSet<&str> = self.list.iter().map(|(_, path)| path.as_str()).collect();
        let mut removed: Vec<String> = self
            .deps
            .paths()
            .filter(|path| *path != PAGE_LIST && !current.contains(path))
            .map(str::to_string)
            .collect();
        removed.sort();
        for path in &removed {
            self.deps.forget(path);
        }
        removed
    }
}
