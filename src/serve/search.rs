//! Search while serving: the Pagefind index of the served pages, rebuilt on a background thread
//! after every change, so a reload never waits for it.
//!
//! The index is made from the served pages, in the order `dossier build` feeds them, so once it
//! is done the served `pagefind/` equals the built one. Until then the previous index stays
//! served (results may be a change behind for a moment). Indexing waits for a quiet moment, and
//! requests that arrive meanwhile or while an index is being built are merged: only the newest
//! is indexed next.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;

use super::state::{ServeState, Served};
use crate::analyze::Corpus;
use crate::config::SiteConfig;
use crate::error::Diagnostic;
use crate::render::affected::page_path;
use crate::render::pages::site_pages;
use crate::render::search::{self, SearchIndexer, BUNDLE_DIR};
use crate::render::views::Views;
use crate::render::OutputFile;

/// The output paths of the pages that go into the index, in build order.
pub fn searchable_paths(config: &SiteConfig, corpus: &Corpus) -> Vec<String> {
    if !config.search.enabled {
        return Vec::new();
    }
    let views = Views::new(config, corpus);
    site_pages(&views)
        .into_iter()
        .filter(search::indexes)
        .map(|page| page_path(page, corpus))
        .collect()
}

/// What one index is made from: the language and the pages' bytes, in order.
#[derive(Debug, Clone, Default)]
pub struct IndexRequest {
    pub language: String,
    pub pages: Vec<(String, Bytes)>,
}

impl IndexRequest {
    /// Takes the current bytes of `paths` from the served site (cheap: `Bytes` are shared).
    pub fn from_served(served: &Served, language: &str, paths: &[String]) -> IndexRequest {
        let pages = paths
            .iter()
            .filter_map(|p| served.files.get(p).map(|b| (p.clone(), b.clone())))
            .collect();
        IndexRequest {
            language: language.to_string(),
            pages,
        }
    }

    /// Builds the index (blocking). No pages means no search: an empty list of files.
    pub fn index(self) -> Result<Vec<OutputFile>, Diagnostic> {
        if self.pages.is_empty() {
            return Ok(Vec::new());
        }
        let indexer = SearchIndexer::start(&self.language)?;
        for (path, bytes) in self.pages {
            let html = String::from_utf8_lossy(&bytes).into_owned();
            indexer.add(search::page_url(&path), html)?;
        }
        indexer.finish()
    }
}

/// Puts a new index in place of the served one.
pub fn replace_index(served: &mut Served, files: Vec<OutputFile>) {
    let prefix = format!("{BUNDLE_DIR}/");
    served.files.retain(|path, _| !path.starts_with(&prefix));
    for file in files {
        served.files.insert(file.path, Bytes::from(file.bytes));
    }
}

/// The background indexer: [`Reindexer::request`] queues an index of the served pages.
pub struct Reindexer {
    requests: Sender<IndexRequest>,
}

impl Reindexer {
    /// Starts the thread that indexes and swaps the result into `state`.
    pub fn start(state: Arc<ServeState>) -> Reindexer {
        let (requests, receiver) = channel();
        // If the thread cannot start, search stays as it is; serving goes on.
        let started = std::thread::Builder::new()
            .name("search-reindex".into())
            .spawn(move || reindex_loop(&state, &receiver));
        if let Err(e) = started {
            eprintln!("search: could not start the indexer: {e}");
        }
        Reindexer { requests }
    }

    pub fn request(&self, request: IndexRequest) {
        // A stopped indexer thread only means search is not refreshed.
        let _ = self.requests.send(request);
    }
}

/// How long the site must stay unchanged before it is indexed (an editor typing and saving
/// does not start an index on every save; on large sites one takes seconds of CPU).
const QUIET: Duration = Duration::from_millis(750);

fn reindex_loop(state: &ServeState, requests: &Receiver<IndexRequest>) {
    while let Ok(mut request) = requests.recv() {
        while let Ok(newer) = requests.recv_timeout(QUIET) {
            request = newer;
        }
        match request.index() {
            Ok(files) => state.update(|served| {
                replace_index(served, files);
                None
            }),
            Err(e) => eprintln!("search: {e}"),
        }
    }
}
