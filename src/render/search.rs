//! Search: a Pagefind index of the rendered document, page and topic HTML, behind `/search/`.
//!
//! Pagefind's Rust API (`pagefind::api::PagefindIndex`) reads each rendered page as a browser
//! would: only the element the theme marks `data-pagefind-body` is indexed, `data-pagefind-meta`
//! and `data-pagefind-filter` attributes give the result's date and topics and the topic and
//! year filters. Its output is a chunked index under `pagefind/`: a first query downloads the
//! entry file, the WebAssembly search, one index chunk per word and the fragments of the results
//! shown, never the whole index. The index is built on its own thread while the pages render;
//! pages reach it in page order, so two builds of the same input write the same bytes.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::OutputFile;
use crate::error::Diagnostic;

/// The folder of the built site that holds the index and Pagefind's scripts.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

/// How many rendered pages may wait for the indexer (bounds memory while it catches up).
const QUEUE: usize = 64;

/// A page's URL in the index, from its output path: `topics/taiwan/index.html` ->
/// `/topics/taiwan/`. Pagefind's script puts the base path in front in the browser (it is where
/// `pagefind/` was loaded from), so the index does not depend on where the site is published.
pub(crate) fn page_url(output_path: &str) -> String {
    format!("/{}", output_path.trim_end_matches("index.html"))
}

/// One rendered page on its way to the index.
struct Entry {
    url: String,
    html: String,
}

/// A search index being built on its own thread; [`SearchIndexer::finish`] returns its files.
pub(crate) struct SearchIndexer {
    sender: SyncSender<Entry>,
    worker: JoinHandle<Result<Vec<OutputFile>, String>>,
}

impl SearchIndexer {
    /// Starts an empty index for a site written in `language` (an ISO 639-1 code such as `en`).
    pub(crate) fn start(language: &str) -> Result<SearchIndexer, Diagnostic> {
        let (sender, receiver) = sync_channel(QUEUE);
        let language = language.to_string();
        let worker = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || index_pages(&language, receiver))
            .map_err(|e| search_error(format!("could not start the indexer: {e}")))?;
        Ok(SearchIndexer { sender, worker })
    }

    /// Hands one rendered page to the index. Pages must come in the same order every build.
    pub(crate) fn add(&self, url: String, html: String) -> Result<(), Diagnostic> {
        self.sender
            .send(Entry { url, html })
            .map_err(|_| self_stopped())
    }

    /// Waits for the index and returns its files, with paths under [`BUNDLE_DIR`].
    pub(crate) fn finish(self) -> Result<Vec<OutputFile>, Diagnostic> {
        drop(self.sender);
        match self.worker.join() {
            Ok(result) => result.map_err(search_error),
            Err(_) => Err(self_stopped()),
        }
    }
}

/// The indexer thread: adds pages as they arrive, then builds the index.
fn index_pages(language: &str, pages: Receiver<Entry>) -> Result<Vec<OutputFile>, String> {
    // Pagefind runs each page on the runtime's blocking pool; one thread is enough (pages come
    // one at a time) and keeps its allocations in one heap.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .max_blocking_threads(1)
        .enable_all()
        .build()
        .map_err(|e| format!("could not start the indexer: {e}"))?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        while let Ok(entry) = pages.recv() {
            index
                .add_html_file(None, Some(entry.url.clone()), entry.html)
                .await
                .map_err(|e| format!("{}: {e}", entry.url))?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files.into_iter().map(bundle_file).collect())
    })
}

/// A file of Pagefind's output, placed under [`BUNDLE_DIR`].
fn bundle_file(file: pagefind::api::SyntheticFile) -> OutputFile {
    let name = file.filename.to_string_lossy().replace('\\', "/");
    OutputFile {
        path: format!("{BUNDLE_DIR}/{name}"),
        bytes: file.contents,
    }
}

fn search_error(message: String) -> Diagnostic {
    Diagnostic::new("search index", message)
        .hint("set `enabled = false` under [search] in site-config.toml to build without search")
}

fn self_stopped() -> Diagnostic {
    search_error("the indexer stopped unexpectedly".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pages::Page;

    #[test]
    fn urls_drop_index_html() {
        assert_eq!(page_url("topics/taiwan/index.html"), "/topics/taiwan/");
        assert_eq!(page_url("index.html"), "/");
    }

    #[test]
    fn only_content_pages_are_indexed() {
        assert!(Page::Document(0).searchable());
        assert!(Page::Topic(3, 1).searchable());
        assert!(!Page::Topic(3, 2).searchable());
        assert!(!Page::Home.searchable());
        assert!(!Page::Archive(1).searchable());
        assert!(!Page::TopicFeed(0).searchable());
    }

    fn page(body: &str) -> String {
        format!("<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body>{body}</body></html>")
    }

    #[test]
    fn indexes_marked_bodies_with_filters() {
        let indexer = SearchIndexer::start("en").unwrap();
        indexer
            .add(
                "/a/".into(),
                page("<nav>Menu</nav><main data-pagefind-body><h1>Kishida in Washington</h1><p>The state visit <span data-pagefind-filter=\"topic\">Japan</span>.</p></main>"),
            )
            .unwrap();
        indexer
            .add("/b/".into(), page("<p>Unmarked page</p>"))
            .unwrap();
        let files = indexer.finish().unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/pagefind-entry.json"));
        assert!(names.iter().any(|n| n.starts_with("pagefind/index/")));
        assert!(names.iter().any(|n| n.starts_with("pagefind/fragment/")));
        assert!(names.iter().any(|n| n.starts_with("pagefind/filter/")));
        let entry = files
            .iter()
            .find(|f| f.path == "pagefind/pagefind-entry.json")
            .unwrap();
        let entry = String::from_utf8_lossy(&entry.bytes);
        assert!(entry.contains("\"page_count\":1"), "{entry}");
    }
}
