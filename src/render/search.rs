//! Search: a Pagefind index of the rendered document, page and topic HTML, behind `/search/`.
//!
//! Pagefind's Rust API (`pagefind::api::PagefindIndex`) reads each rendered page as a browser
//! would: only the element the theme marks `data-pagefind-body` is indexed, `data-pagefind-meta`
//! and `data-pagefind-filter` attributes give the result's date and topics and the topic and
//! year filters. Its output is a chunked index: a first query downloads the entry file, the
//! WebAssembly search, one index chunk per word and the fragments of the results shown, never
//! the whole index.
//!
//! One Pagefind index holds every page it was given until it writes its files, and its memory
//! grows with the site (gigabytes at tens of thousands of pages). So the site's index is built
//! in shards of at most `[search] shard_pages` pages, each written and dropped as soon as it is
//! full, on [`WORKERS`] threads at once while the pages render. The first shard is
//! `pagefind/` itself (Pagefind's scripts and WebAssembly with its own index); shard `n` is
//! `pagefind/shard-n/` (index files only); `pagefind/shards.json` lists those, and the theme's
//! `search.js` merges them into one search with Pagefind's `mergeIndex`, which also merges the
//! filters' counts. Each page is handed over without the ignored elements Pagefind would parse
//! for nothing ([`trim`]), trimmed by the thread that rendered it ([`IndexPage::new`]). Pages
//! are dealt to shards by their position in page order (every [`WORKERS`]-th page to the same
//! shard), so two builds of the same input write the same bytes. They are handed over in
//! [`feed_order`]: the second thread's shards half a shard behind the first's, so that one
//! thread builds a full shard's files (which takes about twice the shard's memory again) while
//! the other's shard is half full, never two full shards at once.
//!
//! Where the index's time goes (2,000 documents of the benchmark corpus, `perf`): Pagefind's
//! reading of each page (HTML parsing, word splitting and stemming, copying its records) about
//! half, building the shards' files a quarter, and gzip a quarter: Pagefind 1.6 compresses every
//! file at the best level, which the API cannot change (level 6 would take about a third of the
//! time for files 0.5% larger). Memory grows with `shard_pages` (about one and a half shards
//! are held at once).

use std::cell::Cell;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::thread::JoinHandle;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::OutputFile;
use crate::error::Diagnostic;

mod trim;

/// The folder of the built site that holds the index and Pagefind's scripts.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

/// The list of the shards after the first, for `search.js` (inside [`BUNDLE_DIR`]).
pub(crate) const SHARDS_FILE: &str = "shards.json";

/// Shards built at once: one per core of a small machine. Rendering keeps running beside them.
pub(crate) const WORKERS: usize = 2;

/// The attribute that marks the part of a page Pagefind indexes.
const BODY_MARK: &str = "data-pagefind-body";

/// How many rendered pages may wait for each indexing thread (bounds memory while it catches up).
const QUEUE: usize = 32;

/// A page's URL in the index, from its output path: `topics/taiwan/index.html` ->
/// `/topics/taiwan/`. Pagefind's script puts the base path in front in the browser (it is where
/// `pagefind/` was loaded from), so the index does not depend on where the site is published.
pub(crate) fn page_url(output_path: &str) -> String {
    format!("/{}", output_path.trim_end_matches("index.html"))
}

/// Which shard the `position`-th of `total` pages (in page order) goes to, with at most
/// `shard_pages` per shard. Pages come in rounds of [`WORKERS`] shards; within a round,
/// consecutive pages go to different shards (and threads), so the round's shards fill at once.
/// A round with pages for one shard only (a small site, the last pages) makes one shard.
pub(crate) fn shard_of(position: usize, total: usize, shard_pages: usize) -> usize {
    let round_pages = shard_pages.max(1) * WORKERS;
    let round = position / round_pages;
    let start = round * round_pages;
    let in_round = total
        .max(position + 1)
        .saturating_sub(start)
        .min(round_pages);
    let shards = in_round.div_ceil(shard_pages.max(1));
    round * WORKERS + (position - start) % shards.max(1)
}

/// The order in which the `total` pages (their positions in page order) go to the index: each
/// thread's pages, as [`shard_of`] deals them, in turn, thread `w` starting `w` [`WORKERS`]-ths
/// of a shard behind the first. A thread's shard is then full (and built) while the others' are
/// part full. Each shard still gets the same pages in the same order, so the index is the same.
pub(crate) fn feed_order(total: usize, shard_pages: usize) -> Vec<usize> {
    let lag = shard_pages.max(1) / WORKERS;
    let mut taken = [0usize; WORKERS];
    let mut keyed: Vec<(usize, usize)> = (0..total)
        .map(|position| {
            let worker = shard_of(position, total, shard_pages) % WORKERS;
            let turn = taken[worker] + worker * lag;
            taken[worker] += 1;
            (turn * WORKERS + worker, position)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, position)| position).collect()
}

/// A rendered page as the index takes it: its URL, and its HTML trimmed for Pagefind.
pub(crate) struct IndexPage {
    url: String,
    html: String,
    /// Whether the page marks its searchable part (see [`SearchIndexer::add_page`]).
    marked: bool,
}

impl IndexPage {
    /// The page written at `path`, trimmed (on the caller's thread: rendering threads trim in
    /// parallel) without a copy of the whole page.
    pub(crate) fn new(path: &str, bytes: &[u8]) -> IndexPage {
        IndexPage::at_url(page_url(path), &String::from_utf8_lossy(bytes))
    }

    fn at_url(url: String, html: &str) -> IndexPage {
        IndexPage {
            url,
            marked: html.contains(BODY_MARK),
            html: trim::for_pagefind(html).into_owned(),
        }
    }
}

/// The folder of shard `number` inside the site.
pub(crate) fn shard_dir(number: usize) -> String {
    if number == 0 {
        format!("{BUNDLE_DIR}/")
    } else {
        format!("{BUNDLE_DIR}/shard-{number}/")
    }
}

/// One rendered page on its way to a shard (`page` is `None` to open an empty shard).
struct Entry {
    shard: usize,
    page: Option<(String, String)>,
}

/// What the indexing threads hand back: files of finished shards, and the shards themselves.
enum Done {
    File(OutputFile),
    /// A shard is written; `indexed` is false when none of its pages had text to index.
    Shard {
        number: usize,
        indexed: bool,
    },
}

/// A search index being built on its own threads; its files come out of [`SearchIndexer::ready`]
/// while pages are still added, and the rest out of [`SearchIndexer::finish`].
pub(crate) struct SearchIndexer {
    workers: Vec<(SyncSender<Entry>, JoinHandle<()>)>,
    done: Receiver<Result<Done, String>>,
    total: usize,
    shard_pages: usize,
    added: Cell<usize>,
    /// Whether the first page marks its searchable part (see [`SearchIndexer::add_page`]).
    marked_site: Cell<bool>,
    /// The shards after the first that hold pages, as they finish.
    shards: std::cell::RefCell<Vec<usize>>,
}

impl SearchIndexer {
    /// Starts an empty index of `total` pages for a site written in `language` (an ISO 639-1
    /// code such as `en`), cut into shards of at most `shard_pages` pages.
    pub(crate) fn start(
        language: &str,
        total: usize,
        shard_pages: usize,
    ) -> Result<SearchIndexer, Diagnostic> {
        let (report, done) = channel();
        let workers = (0..WORKERS)
            .map(|n| start_worker(n, language, report.clone()))
            .collect::<Result<_, _>>()?;
        Ok(SearchIndexer {
            workers,
            done,
            total,
            shard_pages: shard_pages.max(1),
            added: Cell::new(0),
            marked_site: Cell::new(false),
            shards: Default::default(),
        })
    }

    /// Hands the page at `position` in page order to the index. Pages must come in
    /// [`feed_order`] (the first page first), the same every build.
    ///
    /// Pagefind indexes only the `data-pagefind-body` element of a page once any page of its
    /// index has one, and skips pages without it. Shards are separate indexes, so that rule is
    /// kept here for the whole site: when the first page is marked, unmarked pages are left out.
    pub(crate) fn add_page(&self, position: usize, page: IndexPage) -> Result<(), Diagnostic> {
        if self.added.get() == 0 {
            self.marked_site.set(page.marked);
        } else if self.marked_site.get() && !page.marked {
            return Ok(());
        }
        self.added.set(self.added.get() + 1);
        self.send(Entry {
            shard: shard_of(position, self.total, self.shard_pages),
            page: Some((page.url, page.html)),
        })
    }

    fn send(&self, entry: Entry) -> Result<(), Diagnostic> {
        let (sender, _) = &self.workers[entry.shard % WORKERS];
        sender.send(entry).map_err(|_| self.failure())
    }

    /// The files of the shards finished so far (written by the caller as they come, so a
    /// finished shard does not stay in memory).
    pub(crate) fn ready(&self) -> Result<Vec<OutputFile>, Diagnostic> {
        let mut files = Vec::new();
        while let Ok(done) = self.done.try_recv() {
            self.take(done, &mut files)?;
        }
        Ok(files)
    }

    fn take(
        &self,
        done: Result<Done, String>,
        files: &mut Vec<OutputFile>,
    ) -> Result<(), Diagnostic> {
        match done.map_err(search_error)? {
            Done::File(file) => files.push(file),
            Done::Shard { number, indexed } => {
                if indexed && number > 0 {
                    self.shards.borrow_mut().push(number);
                }
            }
        }
        Ok(())
    }

    /// An error a thread reported, or that it stopped.
    fn failure(&self) -> Diagnostic {
        let mut ignored = Vec::new();
        while let Ok(done) = self.done.try_recv() {
            if let Err(e) = self.take(done, &mut ignored) {
                return e;
            }
        }
        self_stopped()
    }

    /// Waits for the last shards, handing every file not yet taken to `sink`, then the list of
    /// shards. Returns how many files it handed over.
    pub(crate) fn finish<E: From<Diagnostic>>(
        self,
        sink: &mut dyn FnMut(OutputFile) -> Result<(), E>,
    ) -> Result<usize, E> {
        if self.added.get() == 0 {
            // No page: the first shard is still written, so the search page finds its script.
            self.send(Entry {
                shard: 0,
                page: None,
            })?;
        }
        self.wait(sink)
    }

    fn wait<E: From<Diagnostic>>(
        self,
        sink: &mut dyn FnMut(OutputFile) -> Result<(), E>,
    ) -> Result<usize, E> {
        let SearchIndexer {
            workers,
            done,
            shards,
            ..
        } = self;
        let (senders, handles): (Vec<_>, Vec<_>) = workers.into_iter().unzip();
        drop(senders);
        let mut count = 0;
        let mut shards = shards.into_inner();
        for message in done.iter() {
            match message.map_err(search_error)? {
                Done::File(file) => {
                    count += 1;
                    sink(file)?;
                }
                Done::Shard { number, indexed } => {
                    if indexed && number > 0 {
                        shards.push(number);
                    }
                }
            }
        }
        for handle in handles {
            handle.join().map_err(|_| self_stopped())?;
        }
        sink(shard_list(shards))?;
        Ok(count + 1)
    }
}

/// `pagefind/shards.json`: the folders of the shards after the first, relative to
/// `pagefind/`, in shard order (`["shard-1/","shard-2/"]`).
fn shard_list(mut shards: Vec<usize>) -> OutputFile {
    shards.sort_unstable();
    let dirs: Vec<String> = shards.iter().map(|n| format!("shard-{n}/")).collect();
    OutputFile {
        path: format!("{BUNDLE_DIR}/{SHARDS_FILE}"),
        bytes: serde_json::to_vec(&dirs).unwrap_or_default(),
    }
}

fn start_worker(
    number: usize,
    language: &str,
    report: Sender<Result<Done, String>>,
) -> Result<(SyncSender<Entry>, JoinHandle<()>), Diagnostic> {
    let (sender, receiver) = sync_channel(QUEUE);
    let language = language.to_string();
    let handle = std::thread::Builder::new()
        .name(format!("search-index-{number}"))
        .spawn(move || {
            if let Err(e) = index_shards(&language, &receiver, &report) {
                let _ = report.send(Err(e));
            }
        })
        .map_err(|e| search_error(format!("could not start the indexer: {e}")))?;
    Ok((sender, handle))
}

/// One indexing thread: adds the pages of a shard as they arrive and writes the shard when the
/// next one starts (or the pages end).
fn index_shards(
    language: &str,
    pages: &Receiver<Entry>,
    report: &Sender<Result<Done, String>>,
) -> Result<(), String> {
    // Pagefind runs each page on the runtime's blocking pool; one thread is enough (pages come
    // one at a time) and keeps its allocations in one heap.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .max_blocking_threads(1)
        .enable_all()
        .build()
        .map_err(|e| format!("could not start the indexer: {e}"))?;
    runtime.block_on(async {
        let mut current: Option<(usize, PagefindIndex)> = None;
        while let Ok(entry) = pages.recv() {
            if current.as_ref().map(|(n, _)| *n) != Some(entry.shard) {
                if let Some((number, index)) = current.take() {
                    write_shard(number, index, report).await?;
                }
                current = Some((entry.shard, new_index(language)?));
            }
            if let (Some((_, index)), Some((url, html))) = (current.as_mut(), entry.page) {
                index
                    .add_html_file(None, Some(url.clone()), html)
                    .await
                    .map_err(|e| format!("{url}: {e}"))?;
            }
        }
        if let Some((number, index)) = current {
            write_shard(number, index, report).await?;
        }
        Ok(())
    })
}

fn new_index(language: &str) -> Result<PagefindIndex, String> {
    let options = PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .build();
    PagefindIndex::new(Some(options)).map_err(|e| e.to_string())
}

/// Builds a full shard's files and hands them back; the shard's memory goes with `index`.
async fn write_shard(
    number: usize,
    mut index: PagefindIndex,
    report: &Sender<Result<Done, String>>,
) -> Result<(), String> {
    let files = index.get_files().await.map_err(|e| e.to_string())?;
    drop(index);
    crate::memory::release_own();
    let mut indexed = false;
    for file in files {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        indexed |= name.ends_with(".pf_meta");
        if number > 0 && !is_index_data(&name) {
            continue; // Pagefind's scripts and WebAssembly are the first shard's.
        }
        let path = format!("{}{name}", shard_dir(number));
        let done = Done::File(OutputFile {
            path,
            bytes: file.contents,
        });
        report
            .send(Ok(done))
            .map_err(|_| "the build stopped".to_string())?;
    }
    report
        .send(Ok(Done::Shard { number, indexed }))
        .map_err(|_| "the build stopped".to_string())
}

/// Whether a file of Pagefind's output is part of the index itself (rather than its scripts,
/// styles and WebAssembly, which only the first shard needs).
fn is_index_data(name: &str) -> bool {
    name == "pagefind-entry.json"
        || name.ends_with(".pf_meta")
        || ["index/", "fragment/", "filter/"]
            .iter()
            .any(|dir| name.starts_with(dir))
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

    /// Every file an index of `pages` writes with `shard_pages` pages per shard.
    fn index(pages: &[(&str, String)], shard_pages: usize) -> Vec<OutputFile> {
        let indexer = SearchIndexer::start("en", pages.len(), shard_pages).unwrap();
        for position in feed_order(pages.len(), shard_pages) {
            let (url, html) = &pages[position];
            let page = IndexPage::at_url(url.to_string(), html);
            indexer.add_page(position, page).unwrap();
        }
        let mut files = indexer.ready().unwrap();
        indexer
            .finish(&mut |f| {
                files.push(f);
                Ok::<_, Diagnostic>(())
            })
            .unwrap();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    fn text(files: &[OutputFile], path: &str) -> String {
        let file = files.iter().find(|f| f.path == path);
        String::from_utf8_lossy(&file.unwrap_or_else(|| panic!("no {path}")).bytes).into_owned()
    }

    #[test]
    fn indexes_marked_bodies_with_filters() {
        let files = index(
            &[
                ("/a/", page("<nav>Menu</nav><main data-pagefind-body><h1>Kishida in Washington</h1><p>The state visit <span data-pagefind-filter=\"topic\">Japan</span>.</p></main>")),
                ("/b/", page("<p>Unmarked page</p>")),
            ],
            100,
        );
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/pagefind-entry.json"));
        assert!(names.iter().any(|n| n.starts_with("pagefind/index/")));
        assert!(names.iter().any(|n| n.starts_with("pagefind/fragment/")));
        assert!(names.iter().any(|n| n.starts_with("pagefind/filter/")));
        let entry = text(&files, "pagefind/pagefind-entry.json");
        assert!(entry.contains("\"page_count\":1"), "{entry}");
        assert_eq!(text(&files, "pagefind/shards.json"), "[]");
    }

    #[test]
    fn pages_are_dealt_to_shards_in_turn_and_each_shard_fills_up() {
        let shards: Vec<usize> = (0..11).map(|i| shard_of(i, 11, 2)).collect();
        assert_eq!(shards, [0, 1, 0, 1, 2, 3, 2, 3, 4, 5, 4]);
        // The last round has pages for one shard only.
        let shards: Vec<usize> = (0..6).map(|i| shard_of(i, 6, 2)).collect();
        assert_eq!(shards, [0, 1, 0, 1, 2, 2]);
        // A small site is one shard.
        assert!((0..5).all(|i| shard_of(i, 5, 2000) == 0));
        assert_eq!(shard_of(7, 9, 0), shard_of(7, 9, 1));
    }

    #[test]
    fn the_second_thread_is_fed_half_a_shard_behind_the_first() {
        let (total, shard_pages) = (4_550, 1_000);
        let order = feed_order(total, shard_pages);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..total).collect::<Vec<_>>());
        assert_eq!(order[0], 0);
        // Each shard still gets its pages in page order.
        let shard = |p: usize| shard_of(p, total, shard_pages);
        for n in 0..5 {
            let pages: Vec<usize> = order.iter().copied().filter(|&p| shard(p) == n).collect();
            assert!(pages.windows(2).all(|w| w[0] < w[1]), "shard {n}");
        }
        // When a shard of the first thread is full, the second thread's is half full.
        let mut held = [0usize; 5];
        for &p in &order {
            held[shard(p)] += 1;
            let half = |n: usize| n.abs_diff(shard_pages / 2) <= 1;
            if shard(p) == 0 && held[0] == shard_pages {
                assert!(half(held[1]), "{held:?}");
            }
            if shard(p) == 2 && held[2] == shard_pages {
                assert!(held[1] == shard_pages && half(held[3]), "{held:?}");
            }
        }
        // A site of one shard is fed in page order.
        assert_eq!(feed_order(5, 10), [0, 1, 2, 3, 4]);
    }

    fn doc(n: usize) -> (String, String) {
        let body = format!("<main data-pagefind-body><h1>Briefing {n}</h1><p>Alliance note number{n} <span data-pagefind-filter=\"topic\">Japan</span>.</p></main>");
        (format!("/d{n}/"), page(&body))
    }

    #[test]
    fn a_large_index_is_written_in_shards_that_the_first_one_lists() {
        let docs: Vec<(String, String)> = (0..5).map(doc).collect();
        let pages: Vec<(&str, String)> =
            docs.iter().map(|(u, h)| (u.as_str(), h.clone())).collect();
        let files = index(&pages, 1);
        // Five pages, one per shard: shard 0 is pagefind/ itself, with the scripts.
        assert_eq!(
            text(&files, "pagefind/shards.json"),
            r#"["shard-1/","shard-2/","shard-3/","shard-4/"]"#
        );
        for n in 1..5 {
            let entry = text(&files, &format!("pagefind/shard-{n}/pagefind-entry.json"));
            assert!(entry.contains("\"page_count\":1"), "{entry}");
            let dir = format!("pagefind/shard-{n}/");
            assert!(files
                .iter()
                .any(|f| f.path.starts_with(&format!("{dir}fragment/"))));
            assert!(files
                .iter()
                .any(|f| f.path.starts_with(&format!("{dir}filter/"))));
            assert!(!files
                .iter()
                .any(|f| f.path.starts_with(&dir) && f.path.ends_with(".js")));
        }
        assert!(text(&files, "pagefind/pagefind-entry.json").contains("\"page_count\":1"));
        // The same pages give the same bytes.
        let again = index(&pages, 1);
        assert_eq!(files.len(), again.len());
        for (a, b) in files.iter().zip(&again) {
            assert_eq!((&a.path, &a.bytes), (&b.path, &b.bytes));
        }
    }

    #[test]
    fn no_pages_still_give_the_script_and_no_shards() {
        let files = index(&[], 10);
        assert!(files.iter().any(|f| f.path == "pagefind/pagefind.js"));
        assert_eq!(text(&files, "pagefind/shards.json"), "[]");
    }
}
