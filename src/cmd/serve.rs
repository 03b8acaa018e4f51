//! `dossier serve`: build into memory, serve, watch, rebuild what changed, tell the browsers.
//!
//! Glue only: [`LiveSite`] rebuilds, [`classify`] decides what is stale, [`ServeState`] holds
//! what is served, `serve::server` answers HTTP. The rebuild loop runs on this thread; the
//! server on a small tokio runtime; the watcher (notify, debounced) on its own threads.

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use notify::RecursiveMode;
use notify_debouncer_full::DebounceEventResult;

use crate::cmd::progress::Spinner;
use crate::cmd::warnings::{self, Verbosity};
use crate::serve::live::{LiveSite, Rebuilt};
use crate::serve::reload::ReloadEvent;
use crate::serve::search::{IndexRequest, Reindexer};
use crate::serve::state::{ServeState, Served};
use crate::serve::watch::{classify, FsEvent, Layout};
use crate::serve::watcher::{is_watch_limit, SiteWatcher};
use crate::site::{site_config, site_paths, BuildOptions, SitePaths};

/// A path's events are passed on once it has been quiet this long (editors' saves settle).
const DEBOUNCE: Duration = Duration::from_millis(5);
/// Batches that follow each other closer than this are one rebuild (a `git checkout`).
const QUIET: Duration = Duration::from_millis(12);
/// The default port, and how many after it are tried when the user did not choose one.
const DEFAULT_PORT: u16 = 1111;
const PORT_TRIES: u16 = 20;

/// What the user asked for on the command line.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// `--content DIR` (default: `content_dir` under the root).
    pub content: Option<PathBuf>,
    /// `--base-url URL`, instead of the config's.
    pub base_url: Option<String>,
    /// Build with the default settings (a folder without `site-config.toml`).
    pub default_config: bool,
    /// How warnings are printed (grouped, every one, none).
    pub verbosity: Verbosity,
    /// `None`: 1111, or the next free port.
    pub port: Option<u16>,
    pub bind: IpAddr,
    pub open: bool,
    pub drafts: bool,
    /// Print how long each step of every rebuild took.
    pub timings: bool,
    /// After every rebuild, render every page from scratch and report those served differently.
    pub verify: bool,
}

pub fn run(options: &ServeOptions) -> anyhow::Result<()> {
    // The spinner shows during the first build only (its hook does nothing once finished).
    let (progress, spinner) = Spinner::start(options.verbosity);
    let build = BuildOptions {
        root: options.root.clone(),
        content: options.content.clone(),
        base_url: options.base_url.clone(),
        drafts: options.drafts,
        default_config: options.default_config,
        progress,
        ..BuildOptions::default()
    };
    let config = site_config(&build)?;
    let mut served = Served {
        base_path: config.base_path(),
        version: start_version(),
        ..Served::default()
    };
    let mut paths = site_paths(&build, &config);
    // A site that does not build yet is still served: the overlay says why.
    let loaded = LiveSite::load(&build);
    drop(spinner);
    let mut site = match loaded {
        Ok((site, mut rebuilt)) => {
            print_warnings(&rebuilt, options.verbosity);
            if options.verbosity != Verbosity::Quiet {
                println!(
                    "Built {} documents into {} pages in {} ms",
                    rebuilt.documents, rebuilt.pages_rendered, rebuilt.millis
                );
            }
            served.apply(&mut rebuilt);
            Some(site)
        }
        Err(e) => {
            eprintln!("error: {e}\n(serving anyway; the page shows the error until it is fixed)");
            served.error = Some(e.to_string());
            None
        }
    };
    served.static_roots = static_roots(&paths);
    let listener = bind(options)?;
    let addr = listener.local_addr()?;
    let url = site_url(addr, &served.base_path);
    let state = Arc::new(ServeState::new(served, options.bind));
    let mut reindexer = Reindexer::start(state.clone());
    if let Some(site) = &site {
        request_index(&mut reindexer, &state, site);
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let server_state = state.clone();
    let server = runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        crate::serve::server::run(listener, server_state).await
    });

    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut watcher = SiteWatcher::start(DEBOUNCE, tx).context("starting the file watcher")?;
    let mut watched = Vec::new();
    watch_site(&mut watcher, &paths, &mut watched);
    println!("Serving at {url} (Ctrl+C to stop)");
    if options.open {
        open_browser(&url);
    }

    while let Ok(first) = rx.recv() {
        let round = {
            let mut rewatch = |paths: &SitePaths| watch_site(&mut watcher, paths, &mut watched);
            rebuild_round(first, &rx, &mut site, &build, &mut paths, &mut rewatch)
        };
        if let Some(limit) = &round.watch_limit {
            if let Err(e) = watcher.fall_back_to_polling(limit) {
                eprintln!("warning: cannot watch the site: {e}");
            }
            watch_site(&mut watcher, &paths, &mut watched);
        }
        if let Some(mut rebuilt) = round.rebuilt {
            print_warnings(&rebuilt, options.verbosity);
            if options.verbosity != Verbosity::Quiet {
                println!("{} {}", clock(), rebuilt.summary_line());
            }
            if options.timings {
                println!("  timings: {}", rebuilt.timings_line());
            }
            if rebuilt.replace_all {
                watch_site(&mut watcher, &paths, &mut watched);
            }
            let base_path = site
                .as_ref()
                .map(|s| s.config().base_path())
                .unwrap_or_default();
            let roots = static_roots(&paths);
            state.update(|served| publish(served, &mut rebuilt, base_path, roots));
            if let Some(site) = site.as_mut() {
                finish_deferred(site, &state, &rebuilt, options.timings);
                if options.verify && round.error.is_none() {
                    verify(site, &state);
                }
                site.clean_up();
                if round.error.is_none() {
                    request_index(&mut reindexer, &state, site);
                }
            }
        }
        if let Some(e) = round.error {
            println!("{} error: {e}", clock());
            println!("  (the last good site is still served)");
            let message = e.to_string();
            state.update(|served| {
                served.error = Some(message.clone());
                Some(ReloadEvent::Overlay {
                    version: served.version,
                    message,
                })
            });
        }
        if server.is_finished() {
            break;
        }
    }
    let result = runtime.block_on(server);
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e).context("the server stopped"),
        Err(e) => Err(e).context("the server stopped"),
    }
}

/// What one round of rebuilding gave: the rebuilds to publish as one, and the last error (a
/// rebuild that failed after others succeeded: those are published, then the error shown).
#[derive(Default)]
struct Round {
    rebuilt: Option<Rebuilt>,
    error: Option<crate::error::Error>,
    /// The watcher reported the system's watch limit: it now polls, and watches again.
    watch_limit: Option<notify::Error>,
}

impl Round {
    fn add(&mut self, result: crate::error::Result<Rebuilt>) {
        match result {
            Ok(next) => {
                self.rebuilt = Some(match self.rebuilt.take() {
                    Some(rebuilt) => rebuilt.then(next),
                    None => next,
                });
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Before another rebuild of the same round: renders the pages the last one left for
    /// after the reload (they are published with the round).
    fn render_deferred(&mut self, site: &mut LiveSite) {
        let Some(rebuilt) = self.rebuilt.as_mut().filter(|r| !r.deferred.is_empty()) else {
            return;
        };
        rebuilt.deferred.clear();
        match site.render_deferred() {
            Ok(files) => rebuilt.files.extend(files),
            Err(e) => self.error = Some(e),
        }
    }
}

/// Rebuilds from the first batch of changes at once, then from each batch that follows within
/// [`QUIET`] of the last (a `git checkout`, an editor's several writes), for at most a second;
/// the round is published only once the changes have been quiet that long. A rebuild that
/// takes longer than the quiet window (a large site) is published as soon as it is done if
/// nothing else came meanwhile: waiting and rebuilding overlap. Before a full rebuild (a
/// watched folder came or went, the config changed) the folders are watched again, whether or
/// not the rebuild then succeeds: a new `themes/` whose first template is broken must still
/// be watched for the fix.
fn rebuild_round(
    first: DebounceEventResult,
    rx: &mpsc::Receiver<DebounceEventResult>,
    site: &mut Option<LiveSite>,
    build: &BuildOptions,
    paths: &mut SitePaths,
    rewatch: &mut dyn FnMut(&SitePaths),
) -> Round {
    let mut round = Round::default();
    let deadline = Instant::now() + Duration::from_secs(1);
    let mut batch = Some(first);
    let mut last_change = Instant::now();
    while let Some(result) = batch {
        let arrived = Instant::now();
        let mut events = Vec::new();
        let mut errors = false;
        match result {
            Ok(list) => events.extend(list.iter().map(|e| FsEvent::from_notify(e))),
            Err(list) => {
                errors = true;
                for e in list {
                    match is_watch_limit(&e) {
                        true => round.watch_limit = Some(e),
                        false => eprintln!("watch error: {e}"),
                    }
                }
            }
        }
        let mut plan = classify(&events, &Layout::new(paths));
        plan.full |= errors;
        if plan.full {
            rewatch(paths);
        }
        if !plan.is_empty() {
            let result = match site.as_mut() {
                Some(live) => {
                    round.render_deferred(live);
                    live.apply(plan)
                }
                None => LiveSite::load(build).map(|(live, rebuilt)| {
                    *site = Some(live);
                    rebuilt
                }),
            };
            if let Some(live) = site.as_ref() {
                *paths = live.paths().clone();
            }
            round.add(result);
            // Only changes that matter keep the round open: reading the files again makes
            // access events of its own.
            last_change = arrived;
        }
        // What is left of the quiet window (nothing, once a rebuild outlasted it).
        let wait = QUIET.saturating_sub(last_change.elapsed());
        batch = if Instant::now() < deadline {
            rx.recv_timeout(wait).ok()
        } else {
            None
        };
    }
    round
}

/// Renders the pages a rebuild left for after its reload (requests for them wait meanwhile).
fn finish_deferred(site: &mut LiveSite, state: &ServeState, rebuilt: &Rebuilt, timings: bool) {
    if rebuilt.deferred.is_empty() {
        return;
    }
    let started = Instant::now();
    match site.render_deferred() {
        Ok(files) => {
            state.update(|served| {
                served.apply_deferred(files);
                None
            });
            if timings {
                println!(
                    "  after the reload: {} pages in {} ms",
                    rebuilt.deferred.len(),
                    started.elapsed().as_millis()
                );
            }
        }
        Err(e) => {
            println!("{} error: {e}", clock());
            let message = e.to_string();
            state.update(|served| {
                served.stale.clear();
                served.error = Some(message.clone());
                Some(ReloadEvent::Overlay {
                    version: served.version,
                    message,
                })
            });
        }
    }
}

/// `--verify`: a warning per generated file served differently from a render from scratch,
/// then the count.
fn verify(site: &LiveSite, state: &ServeState) {
    let started = Instant::now();
    match site.verify(&state.read()) {
        Ok(paths) => {
            for path in &paths {
                eprintln!("warning: --verify: {path} is served stale (a render from scratch differs); restart `dossier serve` to serve it right, and please report it");
            }
            println!(
                "  verify: {} file{} differ{} from a render from scratch ({} ms)",
                paths.len(),
                if paths.len() == 1 { "" } else { "s" },
                if paths.len() == 1 { "s" } else { "" },
                started.elapsed().as_millis()
            );
        }
        Err(e) => eprintln!("warning: --verify could not render every page: {e}"),
    }
}

/// Asks for a new search index of the pages now served (built in the background).
fn request_index(reindexer: &mut Reindexer, state: &ServeState, site: &LiveSite) {
    let paths = site.search_paths();
    let request = IndexRequest::from_served(&state.read(), &site.config().language, &paths);
    reindexer.request(request);
}

/// Puts a rebuild in place and says what the browsers should do.
fn publish(
    served: &mut Served,
    rebuilt: &mut Rebuilt,
    base_path: String,
    roots: Vec<PathBuf>,
) -> Option<ReloadEvent> {
    let changed: Vec<String> = rebuilt.changed_paths().map(String::from).collect();
    let had_error = served.error.is_some();
    let base_changed = served.base_path != base_path;
    served.apply(rebuilt);
    served.static_roots = roots;
    served.base_path = base_path;
    let all = rebuilt.all_pages || had_error || base_changed;
    if changed.is_empty() && !all {
        return None;
    }
    if rebuilt.css_only && !all {
        let paths = changed
            .iter()
            .map(|p| format!("{}{p}", served.base_path))
            .collect();
        return Some(ReloadEvent::Css {
            version: served.version,
            paths,
        });
    }
    let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
    Some(ReloadEvent::reload(
        served.version,
        all,
        &served.base_path,
        &changed,
    ))
}

fn bind(options: &ServeOptions) -> anyhow::Result<TcpListener> {
    let ports: Vec<u16> = match options.port {
        Some(port) => vec![port],
        None => (DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES).collect(),
    };
    for &port in &ports {
        match TcpListener::bind(SocketAddr::new(options.bind, port)) {
            Ok(listener) => {
                if options.port.is_none() && port != DEFAULT_PORT {
                    println!("Port {DEFAULT_PORT} is in use; using {port}");
                }
                listener.set_nonblocking(true)?;
                return Ok(listener);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && options.port.is_none() => {}
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => bail!(
                "port {port} on {} is already in use; choose another with --port N (or --port 0 for any free port)",
                options.bind
            ),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot listen on {}:{port}", options.bind))
            }
        }
    }
    bail!(
        "ports {DEFAULT_PORT} to {} are all in use; choose one with --port N",
        DEFAULT_PORT + PORT_TRIES - 1
    )
}

/// The URL to open: a loopback address for a server bound to every interface.
fn site_url(addr: SocketAddr, base_path: &str) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => "127.0.0.1".to_string(),
        ip if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!("http://{host}:{}{base_path}", addr.port())
}

/// Watches the site root (not recursively: the config, `CNAME`, folders coming and going) and
/// each of content/, themes/, static/ that exists. Never the output.
fn watch_site(watcher: &mut SiteWatcher, paths: &SitePaths, watched: &mut Vec<PathBuf>) {
    let l = Layout::new(paths);
    let root = std::path::absolute(&paths.root).unwrap_or_else(|_| paths.root.clone());
    let dirs = [
        (root, RecursiveMode::NonRecursive),
        (l.content, RecursiveMode::Recursive),
        (l.themes, RecursiveMode::Recursive),
        (l.static_dir, RecursiveMode::Recursive),
    ];
    // A folder that was removed and created again needs a new watch: start over.
    for dir in watched.drain(..) {
        watcher.unwatch(&dir);
    }
    for (dir, mode) in dirs {
        if dir.is_dir() {
            match watcher.watch(&dir, mode) {
                Ok(()) => watched.push(dir),
                Err(e) if is_watch_limit(&e) && !watcher.is_polling() => {
                    // Out of inotify watches: poll instead, and watch every folder again.
                    if let Err(e) = watcher.fall_back_to_polling(&e) {
                        eprintln!("warning: cannot watch the site: {e}");
                        return;
                    }
                    return watch_site(watcher, paths, watched);
                }
                Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
            }
        }
    }
}

/// Folders a copied file must stay inside, symlinks resolved.
fn static_roots(paths: &SitePaths) -> Vec<PathBuf> {
    [
        paths.static_dir.clone(),
        paths.theme.join("static"),
        paths.root.join("CNAME"),
    ]
    .iter()
    .filter_map(|p| p.canonicalize().ok())
    .collect()
}

fn print_warnings(rebuilt: &Rebuilt, verbosity: Verbosity) {
    warnings::print(&rebuilt.warnings, verbosity);
}

fn clock() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// Versions start from the clock, so a page from an earlier run reloads when it reconnects.
fn start_version() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_millis() as u64)
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({opener}: {e}); open {url} yourself");
    }
}
