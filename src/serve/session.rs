//! The rebuild loop of `dossier serve`: one small state machine over rounds of file changes.
//!
//! The site is [`SiteState::Ready`] (the last rebuild succeeded) or [`SiteState::Broken`] (it
//! failed: the overlay says why, and the last good site, if a build ever succeeded, is still
//! served and is what the next change is applied to). Each batch of watcher events starts a
//! [`Round`]: the changes that follow within [`QUIET`] join it, each is classified into a plan
//! and applied, and the round ends with one publication (new files, one reload message), then
//! the pages left for after the reload, `--verify`, and a new search index in the background.
//! A round's error moves the state to `Broken`; a round without one, to `Ready`.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::DebounceEventResult;

use super::live::{LiveSite, Rebuilt, Settled};
use super::reload::ReloadEvent;
use super::search::{IndexRequest, Reindexer};
use super::state::{ServeState, Served};
use super::watch::{classify, FsEvent, Layout};
use super::watcher::{is_watch_limit, SiteWatcher};
use crate::error::Error;
use crate::site::{BuildOptions, SitePaths};
use crate::warnings::Verbosity;

/// Batches that follow each other closer than this are one rebuild (a `git checkout`).
pub(crate) const QUIET: Duration = Duration::from_millis(12);
/// A round of changes is published after at most this long, even if changes keep coming.
const ROUND_LIMIT: Duration = Duration::from_secs(1);

/// The site between rounds.
pub(crate) enum SiteState {
    /// The last build or rebuild succeeded; this site is served.
    Ready(LiveSite),
    /// The last build or rebuild failed (the overlay shows why). The last good site, if one
    /// was ever built, is still served, and the next change is applied to it.
    Broken(Option<LiveSite>),
}

impl SiteState {
    fn live(&mut self) -> Option<&mut LiveSite> {
        match self {
            SiteState::Ready(site) | SiteState::Broken(Some(site)) => Some(site),
            SiteState::Broken(None) => None,
        }
    }

    /// The state after a round: `Broken` if it ended with an error, else `Ready`.
    fn after(self, failed: bool) -> SiteState {
        match (self, failed) {
            (SiteState::Ready(site) | SiteState::Broken(Some(site)), false) => {
                SiteState::Ready(site)
            }
            (SiteState::Ready(site), true) => SiteState::Broken(Some(site)),
            (broken, _) => broken,
        }
    }
}

/// What the loop needs besides the site: how to build, what is served, the watcher.
pub(crate) struct Session {
    pub(crate) site: SiteState,
    pub(crate) build: BuildOptions,
    pub(crate) paths: SitePaths,
    pub(crate) state: Arc<ServeState>,
    pub(crate) watcher: SiteWatcher,
    pub(crate) watched: Vec<PathBuf>,
    pub(crate) reindexer: Reindexer,
    /// Print each rebuild's steps (`--timings`).
    pub(crate) timings: bool,
    /// Render everything after each rebuild and report stale pages (`--verify`).
    pub(crate) verify: bool,
    /// How warnings and summary lines are printed (`--quiet`, `--verbose`).
    pub(crate) verbosity: Verbosity,
}

impl Session {
    /// Watches the site and asks for the first search index; call before telling the user
    /// the site is served, so that no edit made from then on is missed.
    pub(crate) fn start(&mut self) {
        self.watch_site();
        if let Some(site) = self.site.live() {
            request_index(&mut self.reindexer, &self.state, site);
        }
    }

    /// Runs rounds until the watcher's channel closes or `stop()` says so.
    pub(crate) fn run(mut self, rx: &mpsc::Receiver<DebounceEventResult>, stop: &dyn Fn() -> bool) {
        while let Ok(first) = rx.recv() {
            let round = self.rebuild_round(first, rx);
            self.finish(round);
            if stop() {
                break;
            }
        }
    }

    /// Rebuilds from the first batch of changes at once, then from each batch that follows
    /// within [`QUIET`] of the last (a `git checkout`, an editor's several writes), for at most
    /// [`ROUND_LIMIT`]; the round is published only once the changes have been quiet that long.
    /// A rebuild that takes longer than the quiet window (a large site) is published as soon as
    /// it is done if nothing else came meanwhile: waiting and rebuilding overlap.
    fn rebuild_round(
        &mut self,
        first: DebounceEventResult,
        rx: &mpsc::Receiver<DebounceEventResult>,
    ) -> Round {
        let mut round = Round::default();
        let deadline = Instant::now() + ROUND_LIMIT;
        let mut batch = Some(first);
        let mut last_change = Instant::now();
        while let Some(result) = batch {
            let arrived = Instant::now();
            if self.apply_batch(result, &mut round) {
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

    /// Classifies one batch of events and applies its plan; false if nothing needed doing.
    /// Before a full rebuild (a watched folder came or went, the config changed) the folders
    /// are watched again, whether or not the rebuild then succeeds: a new `themes/` whose
    /// first template is broken must still be watched for the fix.
    fn apply_batch(&mut self, result: DebounceEventResult, round: &mut Round) -> bool {
        let (events, errors) = round.take_events(result);
        let mut plan = classify(&events, &Layout::new(&self.paths));
        plan.full |= errors;
        if plan.full {
            self.watch_site();
        }
        if plan.is_empty() {
            return false;
        }
        let result = match self.site.live() {
            Some(live) => {
                round.render_deferred(live);
                live.apply(plan)
            }
            None => LiveSite::load(&self.build).map(|(live, rebuilt)| {
                self.site = SiteState::Broken(Some(live));
                rebuilt
            }),
        };
        if let Some(live) = self.site.live() {
            self.paths = live.paths().clone();
        }
        round.add(result);
        true
    }

    /// Ends a round: polls if the watch limit was met, publishes what was rebuilt, shows the
    /// error if the round ended with one, and moves the state.
    fn finish(&mut self, round: Round) {
        if let Some(limit) = &round.watch_limit {
            if let Err(e) = self.watcher.fall_back_to_polling(limit) {
                eprintln!("warning: cannot watch the site: {e}");
            }
            self.watch_site();
        }
        let failed = round.error.is_some();
        if let Some(rebuilt) = round.rebuilt {
            self.publish_rebuilt(rebuilt, failed);
        }
        if let Some(e) = round.error {
            self.show_error(&e);
        }
        let site = std::mem::replace(&mut self.site, SiteState::Broken(None));
        self.site = site.after(failed);
    }

    /// Serves a round's rebuild, then renders what it left for after the reload.
    fn publish_rebuilt(&mut self, mut rebuilt: Rebuilt, failed: bool) {
        print_warnings(&rebuilt, self.verbosity);
        if self.verbosity != Verbosity::Quiet {
            println!("{} {}", clock(), rebuilt.summary_line());
        }
        if self.timings {
            println!("  timings: {}", rebuilt.timings_line());
        }
        if rebuilt.replace_all {
            self.watch_site();
        }
        let roots = static_roots(&self.paths);
        let base_path = self
            .site
            .live()
            .map(|s| s.config().base_path())
            .unwrap_or_default();
        self.state
            .update(|served| publish(served, &mut rebuilt, base_path, roots));
        let Some(site) = self.site.live() else {
            return;
        };
        finish_deferred(site, &self.state, &rebuilt, self.timings);
        if self.verify && !failed {
            verify(site, &self.state);
        }
        site.clean_up();
        if !failed {
            request_index(&mut self.reindexer, &self.state, site);
        }
    }

    /// Prints a round's error and shows it in every open page (the last good site stays).
    fn show_error(&self, e: &Error) {
        println!("{} error: {e}", clock());
        println!("  (the last good site is still served)");
        let message = e.to_string();
        self.state.update(|served| {
            served.error = Some(message.clone());
            Some(ReloadEvent::Overlay {
                version: served.version,
                message,
            })
        });
    }

    fn watch_site(&mut self) {
        watch_site(&mut self.watcher, &self.paths, &mut self.watched);
    }
}

/// What one round of rebuilding gave: the rebuilds to publish as one, and the last error (a
/// rebuild that failed after others succeeded: those are published, then the error shown).
#[derive(Default)]
struct Round {
    rebuilt: Option<Rebuilt>,
    error: Option<Error>,
    /// The watcher reported the system's watch limit: it now polls, and watches again.
    watch_limit: Option<notify::Error>,
}

impl Round {
    /// A batch's events, and whether the watcher reported errors (then all is rebuilt).
    fn take_events(&mut self, result: DebounceEventResult) -> (Vec<FsEvent>, bool) {
        match result {
            Ok(list) => (
                list.iter().map(|e| FsEvent::from_notify(e)).collect(),
                false,
            ),
            Err(list) => {
                for e in list {
                    match is_watch_limit(&e) {
                        true => self.watch_limit = Some(e),
                        false => eprintln!("watch error: {e}"),
                    }
                }
                (Vec::new(), true)
            }
        }
    }

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
        let Some(rebuilt) = self.rebuilt.as_mut().filter(|r| r.has_deferred()) else {
            return;
        };
        rebuilt.deferred.clear();
        rebuilt.settling = false;
        match site.render_deferred() {
            Ok(settled) => {
                let written: HashSet<&str> =
                    settled.files.iter().map(|f| f.path.as_str()).collect();
                rebuilt
                    .removed
                    .retain(|path| !written.contains(path.as_str()));
                rebuilt.files.retain(|f| !settled.removed.contains(&f.path));
                rebuilt.removed.extend(settled.removed);
                rebuilt.files.extend(settled.files);
            }
            Err(e) => self.error = Some(e),
        }
    }
}

/// Renders the pages a rebuild left for after its reload (requests for them wait meanwhile).
fn finish_deferred(site: &mut LiveSite, state: &ServeState, rebuilt: &Rebuilt, timings: bool) {
    if !rebuilt.has_deferred() {
        return;
    }
    let started = Instant::now();
    match site.render_deferred() {
        Ok(settled) => {
            let pages = settled.files.len();
            state.update(|served| settled_event(served, settled));
            if timings {
                println!(
                    "  after the reload: {pages} pages in {} ms",
                    started.elapsed().as_millis()
                );
            }
        }
        Err(e) => {
            println!("{} error: {e}", clock());
            let message = e.to_string();
            state.update(|served| {
                served.stop_waiting();
                served.error = Some(message.clone());
                Some(ReloadEvent::Overlay {
                    version: served.version,
                    message,
                })
            });
        }
    }
}

/// Puts the pages rendered after a reload in place. When the rebuild was settling, the pages
/// found changed only now are announced in a second reload (a browser showing one reloads).
fn settled_event(served: &mut Served, settled: Settled) -> Option<ReloadEvent> {
    let told = served.apply_deferred(settled);
    if told.is_empty() {
        return None;
    }
    served.version += 1;
    let told: Vec<&str> = told.iter().map(String::as_str).collect();
    Some(ReloadEvent::reload(
        served.version,
        false,
        &served.base_path,
        &told,
    ))
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
    let request = IndexRequest::from_served(&state.read(), site.config(), &paths);
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
pub(crate) fn static_roots(paths: &SitePaths) -> Vec<PathBuf> {
    [
        paths.static_dir.clone(),
        paths.theme.join("static"),
        paths.root.join("CNAME"),
    ]
    .iter()
    .filter_map(|p| p.canonicalize().ok())
    .collect()
}

pub(crate) fn print_warnings(rebuilt: &Rebuilt, verbosity: Verbosity) {
    crate::warnings::print(&rebuilt.warnings, verbosity);
}

fn clock() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live_site() -> (tempfile::TempDir, LiveSite) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site-config.toml"), "title = \"T\"\n").unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "# A\n\nText.\n").unwrap();
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        };
        let (site, _) = LiveSite::load(&options).unwrap();
        (dir, site)
    }

    #[test]
    fn a_failed_round_breaks_and_a_good_one_mends() {
        let (_dir, site) = live_site();
        let broken = SiteState::Ready(site).after(true);
        assert!(
            matches!(broken, SiteState::Broken(Some(_))),
            "keeps the last good site"
        );
        assert!(matches!(broken.after(false), SiteState::Ready(_)));
        // Never built: nothing to serve until a build succeeds (it then holds the site).
        assert!(matches!(
            SiteState::Broken(None).after(false),
            SiteState::Broken(None)
        ));
        assert!(matches!(
            SiteState::Broken(None).after(true),
            SiteState::Broken(None)
        ));
        let (_dir, site) = live_site();
        assert!(matches!(
            SiteState::Ready(site).after(false),
            SiteState::Ready(_)
        ));
    }
}
