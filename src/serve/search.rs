//! Search while serving: the Pagefind index of the served pages, rebuilt on a background thread
//! after every change, so a reload never waits for it.
//!
//! The index is made from the served pages, in the order `dossier build` feeds them, so once it
//! is done the served `pagefind/` equals the built one. Until then the previous index stays
//! served (results may be a change behind for a moment). Indexing waits for a quiet moment, and
//! requests that arrive meanwhile or while an index is being built are merged: only the newest
//! is indexed next. The indexing threads run at the lowest scheduling priority
//! ([`spawn_background`]): an index of a large site takes seconds of CPU, and a rebuild after an
//! edit must not wait for it (on two cores it doubled the edit-to-reload median at 10,000
//! documents).

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;

use super::state::{is_index_file, ServeState, Served};
use crate::analyze::Corpus;
use crate::config::SiteConfig;
use crate::error::Diagnostic;
use crate::render::pages::site_pages;
use crate::render::search::{self, IndexPage, SearchIndexer};
use crate::render::views::RenderSource;
use crate::render::OutputFile;

/// The output paths of the pages that go into the index, in build order.
pub fn searchable_paths(config: &SiteConfig, corpus: &Corpus) -> Vec<String> {
    if !config.search.enabled {
        return Vec::new();
    }
    let source = RenderSource::new(config, corpus);
    let views = source.views();
    site_pages(&views)
        .into_iter()
        .filter(|page| page.searchable())
        .filter_map(|page| page.path(&views))
        .collect()
}

/// What one index is made from: the language, the shard size and the pages' bytes, in order.
#[derive(Debug, Clone)]
pub struct IndexRequest {
    pub language: String,
    pub shard_pages: usize,
    pub pages: Vec<(String, Bytes)>,
}

impl Default for IndexRequest {
    fn default() -> Self {
        IndexRequest {
            language: "en".into(),
            shard_pages: crate::config::SearchConfig::default().shard_pages,
            pages: Vec::new(),
        }
    }
}

impl IndexRequest {
    /// Takes the current bytes of `paths` from the served site (cheap: `Bytes` are shared).
    pub fn from_served(served: &Served, config: &SiteConfig, paths: &[String]) -> IndexRequest {
        let pages = paths
            .iter()
            .filter_map(|p| served.files.get(p).map(|b| (p.clone(), b.clone())))
            .collect();
        IndexRequest {
            language: config.language.clone(),
            shard_pages: config.search.shard_pages,
            pages,
        }
    }

    /// Builds the index (blocking). No pages means no search: an empty list of files.
    pub fn index(self) -> Result<Vec<OutputFile>, Diagnostic> {
        if self.pages.is_empty() {
            return Ok(Vec::new());
        }
        let indexer = SearchIndexer::start(&self.language, self.pages.len(), self.shard_pages)?;
        for position in search::feed_order(self.pages.len(), self.shard_pages) {
            let (path, bytes) = &self.pages[position];
            indexer.add_page(position, IndexPage::new(path, bytes))?;
        }
        let mut files = indexer.ready()?;
        indexer.finish(&mut |file| {
            files.push(file);
            Ok::<_, Diagnostic>(())
        })?;
        Ok(files)
    }
}

/// Puts a new index in place of the served one. The old one's files stay reachable (see
/// [`Served::retired_index`]) until the next swap, unless search is off (no files).
pub fn replace_index(served: &mut Served, files: Vec<OutputFile>) {
    let old: Vec<String> = served
        .files
        .keys()
        .filter(|path| is_index_file(path))
        .cloned()
        .collect();
    served.retired_index = old
        .into_iter()
        .filter_map(|path| served.files.remove_entry(&path))
        .filter(|_| !files.is_empty())
        .collect();
    for file in files {
        served.files.insert(file.path, Bytes::from(file.bytes));
    }
    served.index_pending = false;
}

/// The background indexer: [`Reindexer::request`] queues an index of the served pages.
pub struct Reindexer {
    requests: Sender<IndexRequest>,
    state: Arc<ServeState>,
    /// Whether an index with pages has been asked for yet (the first one is awaited).
    asked: bool,
}

impl Reindexer {
    /// Starts the thread that indexes and swaps the result into `state`.
    pub fn start(state: Arc<ServeState>) -> Reindexer {
        let (requests, receiver) = channel();
        // If the thread cannot start, search stays as it is; serving goes on.
        let loop_state = state.clone();
        let started = spawn_background("search-reindex", move || {
            reindex_loop(&loop_state, &receiver)
        });
        if let Err(e) = started {
            eprintln!("search: could not start the indexer: {e}");
        }
        Reindexer {
            requests,
            state,
            asked: false,
        }
    }

    pub fn request(&mut self, request: IndexRequest) {
        if !self.asked && !request.pages.is_empty() {
            // No index is served yet: requests for one wait until it is built.
            self.asked = true;
            self.state.update(|served| {
                served.index_pending = true;
                None
            });
        }
        if self.requests.send(request).is_err() {
            // The indexer thread stopped: search is not refreshed, and nobody waits for it.
            self.state.update(|served| {
                served.index_pending = false;
                None
            });
        }
    }
}

/// Starts a thread that runs, with every thread it starts, at the lowest scheduling priority
/// (Linux: nice 19 for that thread; threads inherit it), so that the rebuild loop and the server
/// get the cores first. Where that cannot be set it runs at the normal priority.
fn spawn_background(
    name: &str,
    work: impl FnOnce() + Send + 'static,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            lower_own_priority();
            work();
        })
}

/// Lowers the calling thread's priority to the lowest (on Linux a thread's nice value is its
/// own: the rest of the process keeps its priority). A failure leaves it as it was.
#[cfg(target_os = "linux")]
fn lower_own_priority() {
    // SAFETY: both calls take and return plain integers and touch no memory of ours.
    unsafe {
        let thread = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, thread, 19);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_own_priority() {}

/// How long the site must stay unchanged before it is indexed (an editor typing and saving
/// does not start an index on every save; on large sites one takes seconds of CPU).
const QUIET: Duration = Duration::from_millis(750);

/// The longest a change waits for a quiet moment: saving every half second for a minute still
/// refreshes search every few seconds.
const MAX_DELAY: Duration = Duration::from_secs(4);

fn reindex_loop(state: &ServeState, requests: &Receiver<IndexRequest>) {
    let mut first = true;
    while let Ok(request) = requests.recv() {
        // The first index is built at once: until it exists, search has nothing to serve.
        let request = if first {
            newest(request, requests)
        } else {
            settle(request, requests)
        };
        first = false;
        match request.index() {
            Ok(files) => state.update(|served| {
                replace_index(served, files);
                None
            }),
            Err(e) => {
                eprintln!("search: {e}");
                state.update(|served| {
                    served.index_pending = false;
                    None
                });
            }
        }
    }
}

/// The newest request queued so far.
fn newest(mut request: IndexRequest, requests: &Receiver<IndexRequest>) -> IndexRequest {
    while let Ok(newer) = requests.try_recv() {
        request = newer;
    }
    request
}

/// The newest request once the site has been quiet for [`QUIET`] (or [`MAX_DELAY`] passed).
fn settle(mut request: IndexRequest, requests: &Receiver<IndexRequest>) -> IndexRequest {
    let deadline = Instant::now() + MAX_DELAY;
    loop {
        let wait = QUIET.min(deadline.saturating_duration_since(Instant::now()));
        match requests.recv_timeout(wait) {
            Ok(newer) if !wait.is_zero() => request = newer,
            Ok(newer) => return newer,
            Err(_) => return request,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path.to_string(), text.to_string())
    }

    fn served_with(paths: &[&str]) -> Served {
        let mut served = Served::default();
        for path in paths {
            served.files.insert(path.to_string(), Bytes::from("old"));
        }
        served
    }

    #[test]
    fn a_new_index_replaces_the_old_one_which_stays_reachable_until_the_next() {
        let mut served = served_with(&["index.html", "pagefind/pagefind.js", "pagefind/index/a"]);
        served.index_pending = true;
        replace_index(
            &mut served,
            vec![
                file("pagefind/pagefind.js", "new"),
                file("pagefind/index/b", "new"),
            ],
        );
        assert!(!served.index_pending);
        assert_eq!(served.files["pagefind/pagefind.js"], Bytes::from("new"));
        assert!(!served.files.contains_key("pagefind/index/a"));
        assert_eq!(served.file("pagefind/index/a"), Some(&Bytes::from("old")));
        assert!(served.files.contains_key("index.html"));

        replace_index(&mut served, vec![file("pagefind/index/c", "newer")]);
        assert_eq!(served.file("pagefind/index/a"), None);
        assert_eq!(served.file("pagefind/index/b"), Some(&Bytes::from("new")));
    }

    #[test]
    fn turning_search_off_leaves_no_index_file_reachable() {
        let mut served = served_with(&["pagefind/pagefind.js"]);
        replace_index(&mut served, Vec::new());
        assert_eq!(served.file("pagefind/pagefind.js"), None);
    }

    #[test]
    fn index_files_are_waited_for_only_while_the_first_index_is_pending() {
        let mut served = served_with(&[]);
        assert!(!served.is_stale("pagefind/pagefind.js"));
        served.index_pending = true;
        assert!(served.is_stale("pagefind/pagefind.js"));
        assert!(!served.is_stale("pagefindx/a.js"));
        assert!(!served.is_stale("index.html"));
        served.stale.insert("index.html".into());
        assert!(served.is_stale("index.html"));
    }

    fn request(n: usize) -> IndexRequest {
        IndexRequest {
            language: "en".into(),
            shard_pages: 2000,
            pages: vec![(String::from("a.html"), Bytes::new()); n],
        }
    }

    /// The calling thread's nice value.
    #[cfg(target_os = "linux")]
    fn own_priority() -> i32 {
        // SAFETY: plain integers in and out.
        unsafe {
            let thread = libc::syscall(libc::SYS_gettid) as libc::id_t;
            libc::getpriority(libc::PRIO_PROCESS, thread)
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn indexing_threads_run_at_the_lowest_priority_and_the_rest_does_not() {
        let before = own_priority();
        let (tx, rx) = channel();
        spawn_background("test-background", move || {
            let own = own_priority();
            // Pagefind's threads are started by the indexing thread: they inherit it.
            let child = std::thread::spawn(own_priority).join().unwrap_or(0);
            tx.send((own, child)).ok();
        })
        .expect("thread")
        .join()
        .ok();
        assert_eq!(rx.recv().ok(), Some((19, 19)));
        assert_eq!(own_priority(), before, "the caller keeps its priority");
    }

    #[test]
    fn queued_requests_merge_into_the_newest() {
        let (tx, rx) = channel();
        for n in [2, 3] {
            tx.send(request(n)).ok();
        }
        assert_eq!(newest(request(1), &rx).pages.len(), 3);
        tx.send(request(4)).ok();
        assert_eq!(settle(request(1), &rx).pages.len(), 4);
    }

    #[test]
    fn a_steady_stream_of_changes_is_indexed_after_the_longest_delay() {
        let (tx, rx) = channel();
        let sender = std::thread::spawn(move || {
            // Never quiet for QUIET: one request every 100 ms for longer than MAX_DELAY.
            for n in 0..(MAX_DELAY.as_millis() / 100 + 20) {
                if tx.send(request(n as usize)).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let started = Instant::now();
        settle(request(0), &rx);
        let waited = started.elapsed();
        drop(rx);
        sender.join().ok();
        assert!(waited >= MAX_DELAY, "{waited:?}");
        assert!(waited < MAX_DELAY + QUIET, "{waited:?}");
    }
}
