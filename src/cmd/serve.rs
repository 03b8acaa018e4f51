//! `dossier serve`: build into memory, serve, watch, rebuild what changed, tell the browsers.
//!
//! Glue only: the first build ([`LiveSite`]), the port, the server on a small tokio runtime,
//! the watcher (notify, debounced) on its own threads, and the rebuild loop
//! (`serve::session`) on this thread.

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use anyhow::{bail, Context};
use notify_debouncer_full::DebounceEventResult;

use crate::cmd::progress::Spinner;
use crate::serve::live::LiveSite;
use crate::serve::search::Reindexer;
use crate::serve::session::{print_warnings, static_roots, Session, SiteState};
use crate::serve::state::{ServeState, Served};
use crate::serve::watcher::SiteWatcher;
use crate::site::{site_config, site_paths, BuildOptions};
use crate::warnings::Verbosity;

/// A path's events are passed on once it has been quiet this long (editors' saves settle).
const DEBOUNCE: Duration = Duration::from_millis(5);
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
    let paths = site_paths(&build, &config);
    // A site that does not build yet is still served: the overlay says why.
    let loaded = LiveSite::load(&build);
    drop(spinner);
    let site = match loaded {
        Ok((site, mut rebuilt)) => {
            print_warnings(&rebuilt, options.verbosity);
            if options.verbosity != Verbosity::Quiet {
                println!(
                    "Built {} documents into {} pages in {} ms",
                    rebuilt.documents, rebuilt.pages_rendered, rebuilt.millis
                );
            }
            served.apply(&mut rebuilt);
            SiteState::Ready(site)
        }
        Err(e) => {
            eprintln!("error: {e}\n(serving anyway; the page shows the error until it is fixed)");
            served.error = Some(e.to_string());
            SiteState::Broken(None)
        }
    };
    served.static_roots = static_roots(&paths);
    let listener = bind(options)?;
    let addr = listener.local_addr()?;
    let url = site_url(addr, &served.base_path);
    let state = Arc::new(ServeState::new(served, options.bind));
    let reindexer = Reindexer::start(state.clone());

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
    let watcher = SiteWatcher::start(DEBOUNCE, tx).context("starting the file watcher")?;
    let mut session = Session {
        site,
        build,
        paths,
        state,
        watcher,
        watched: Vec::new(),
        reindexer,
        timings: options.timings,
        verify: options.verify,
        verbosity: options.verbosity,
    };
    session.start();
    println!("Serving at {url} (Ctrl+C to stop)");
    if options.open {
        open_browser(&url);
    }
    session.run(&rx, &|| server.is_finished());
    match runtime.block_on(server) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e).context("the server stopped"),
        Err(e) => Err(e).context("the server stopped"),
    }
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
