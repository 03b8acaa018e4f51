//! `dossier serve`'s engine driven in memory, for the tests that compare it with full builds.
//!
//! No server and no watcher: a test writes files, replays the events a watcher would report
//! ([`event`]), and [`rebuild`] does what the rebuild loop does (classify, `LiveSite::apply`,
//! `Served::apply`, then [`settle`]: the deferred pages and the search index). [`full_build`]
//! builds the same tree the way `dossier build` does, and [`differences`]/[`excerpt`] say
//! which served files differ from it and how.

use std::collections::BTreeMap;
use std::path::Path;

use dossier::cmd::build::{build, BuildOptions};
use dossier::error::Error;
use dossier::serve::live::{LiveSite, Rebuilt};
use dossier::serve::search::{replace_index, IndexRequest};
use dossier::serve::state::Served;
use dossier::serve::watch::{classify, FsEvent, FsEventKind, Layout};

use crate::site::{tree, Site};

/// `dossier serve`'s first build of `site`, kept in memory and settled, with its options.
pub fn serve_in_memory(site: &Site) -> (BuildOptions, LiveSite, Served) {
    let options = BuildOptions {
        root: site.root().to_path_buf(),
        ..BuildOptions::default()
    };
    let (mut live, mut first) = LiveSite::load(&options).expect("first build");
    let mut served = Served::default();
    served.apply(&mut first);
    settle(&mut served, &mut live);
    (options, live, served)
}

/// What `dossier serve` does right after each rebuild's reload (render the deferred pages) and
/// in the background (the search index), done at once; returns how many pages were rendered
/// after the reload.
pub fn settle(served: &mut Served, live: &mut LiveSite) -> usize {
    let settled = live.render_deferred().expect("deferred pages");
    let pages = settled.files.len();
    served.apply_deferred(settled);
    assert!(served.stale.is_empty() && !served.settling);
    let request = IndexRequest::from_served(served, live.config(), &live.search_paths());
    replace_index(served, request.index().expect("search index"));
    pages
}

/// One watcher event of `kind` for paths relative to the site `root` (made absolute, as the
/// watcher reports them).
pub fn event(root: &Path, kind: FsEventKind, rels: &[&str]) -> FsEvent {
    let paths: Vec<_> = rels
        .iter()
        .map(|r| std::path::absolute(root.join(r)).expect("absolute path"))
        .collect();
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    FsEvent::new(kind, &refs)
}

/// The rebuild loop's work for one batch of events: classify, rebuild, put in place, settle.
/// A failed rebuild leaves `served` as it was (the rebuild loop shows an overlay).
pub fn rebuild(
    live: &mut LiveSite,
    served: &mut Served,
    events: &[FsEvent],
) -> Result<Rebuilt, Error> {
    let plan = classify(events, &Layout::new(live.paths()));
    let mut rebuilt = live.apply(plan)?;
    served.apply(&mut rebuilt);
    let settling = rebuilt.settling;
    let later = settle(served, live);
    if settling {
        // The pages found after the reload count as this edit's, as deferred ones do.
        rebuilt.pages_rendered += later;
    }
    Ok(rebuilt)
}

/// A full `dossier build` of the site `options` name, into a temporary folder: its files (the
/// output marker left out).
pub fn full_build(options: &BuildOptions) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    // In memory where the machine offers it: the random test builds hundreds of sites, and
    // creating their files on a busy disk took a third of its time.
    let shm = Path::new("/dev/shm");
    let out = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("temp dir");
    build(&BuildOptions {
        output: Some(out.path().join("public")),
        ..options.clone()
    })?;
    let mut files = tree(&out.path().join("public"));
    files.remove(".dossier-output");
    Ok(files)
}

/// The paths whose bytes differ between a full build and the served files (missing on
/// either side included), sorted.
pub fn differences(
    full: &BTreeMap<String, Vec<u8>>,
    served: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut paths: Vec<String> = full
        .iter()
        .filter(|(path, bytes)| served.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .chain(served.keys().filter(|p| !full.contains_key(*p)).cloned())
        .collect();
    paths.sort();
    paths
}

/// Where `path` differs between the two: a window around the first differing byte of each
/// side, or which side lacks it.
pub fn excerpt(
    path: &str,
    full: &BTreeMap<String, Vec<u8>>,
    served: &BTreeMap<String, Vec<u8>>,
) -> String {
    let (left, right) = match (full.get(path), served.get(path)) {
        (Some(l), Some(r)) => (l, r),
        (Some(_), None) => return format!("{path}: in the full build, not served"),
        (None, Some(_)) => return format!("{path}: served, not in the full build"),
        (None, None) => return format!("{path}: in neither"),
    };
    let at = left
        .iter()
        .zip(right.iter())
        .position(|(a, b)| a != b)
        .unwrap_or(left.len().min(right.len()));
    let window = |bytes: &[u8]| {
        let from = at.saturating_sub(240);
        let to = (at + 240).min(bytes.len());
        String::from_utf8_lossy(&bytes[from..to]).into_owned()
    };
    format!(
        "{path} differs from byte {at}:\n--- full build\n…{}…\n--- served\n…{}…",
        window(left),
        window(right)
    )
}
