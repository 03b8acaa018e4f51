//! The served site: one [`ServeState`], shared by the HTTP handlers and the rebuild loop.
//!
//! No globals: the state is created once by `cmd::serve`, handed to the server as an `Arc`, and
//! updated by the rebuild loop. The served files live in memory ([`Served::files`], the exact
//! bytes `dossier build` would write) except copied static files, which are read from their
//! source on request. A rebuild swaps its changes in under the write lock and only then
//! announces them, so a browser that reloads always gets the complete new output. A failed
//! rebuild changes no file; it sets [`Served::error`], which the overlay shows.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{RwLock, RwLockReadGuard};
use std::time::Duration;

use axum::body::Bytes;
use tokio::sync::{broadcast, Notify};

use super::live::{Rebuilt, Settled};
use super::reload::ReloadEvent;

/// What is being served right now.
#[derive(Debug, Default)]
pub struct Served {
    /// The path prefix of the site (`/briefs/`), from `base_url`.
    pub base_path: String,
    /// Generated files by output path (`topics/taiwan/index.html`).
    pub files: HashMap<String, Bytes>,
    /// Copied files by output path: their source on disk (read on request).
    pub statics: BTreeMap<String, PathBuf>,
    /// Folders a static source must lie in once symlinks are resolved.
    pub static_roots: Vec<PathBuf>,
    /// The last rebuild's error (`file:line:col: message`), shown as an overlay until fixed.
    pub error: Option<String>,
    /// Bumped on every change; pages carry the version they were served at.
    pub version: u64,
    /// Pages whose new bytes are still being rendered (announced with the reload, rendered right
    /// after it): a request for one waits until [`Served::apply_deferred`].
    pub stale: HashSet<String>,
    /// Set while the other pages a rebuild changed are still being found (it rendered only the
    /// edited documents' own pages, in `fresh`): a request for any other page waits.
    pub settling: bool,
    /// The files the last rebuild wrote, while `settling`.
    pub fresh: HashSet<String>,
    /// Set while the first search index is being built: requests under `pagefind/` wait for it
    /// instead of getting a 404 (a search page opened right after `dossier serve` starts works).
    pub index_pending: bool,
    /// The files of the search index replaced last, served for paths the new one lacks: a search
    /// page that loaded the old `pagefind-entry.json` can still fetch the chunks it names.
    pub retired_index: HashMap<String, Bytes>,
}

impl Served {
    /// Puts a rebuild's output in place (its files are moved out of it).
    pub fn apply(&mut self, rebuilt: &mut Rebuilt) {
        if rebuilt.replace_all {
            // The search index is rebuilt in the background; until then the old one is served.
            self.files.retain(|path, _| is_index_file(path));
        }
        for path in &rebuilt.removed {
            self.files.remove(path);
        }
        self.settling = rebuilt.settling;
        self.fresh = match rebuilt.settling {
            true => rebuilt.files.iter().map(|f| f.path.clone()).collect(),
            false => HashSet::new(),
        };
        for file in rebuilt.files.drain(..) {
            self.files.insert(file.path, Bytes::from(file.bytes));
        }
        if let Some(statics) = &rebuilt.statics {
            self.statics = statics.clone();
        }
        self.stale = rebuilt.deferred.iter().cloned().collect();
        self.error = None;
        self.version += 1;
    }

    /// Whether a request for `key` must wait: its page is being rendered after a reload, it is
    /// part of the first search index, which is being built, or the rebuild is settling and
    /// `key` may be one of the pages still being found.
    pub fn is_stale(&self, key: &str) -> bool {
        self.stale.contains(key)
            || (self.index_pending && is_index_file(key))
            || (self.settling && self.may_be_settling(key))
    }

    /// Whether `key` may be a page still being found while settling: a generated page other
    /// than the fresh ones (static files, the search index and the theme's fixed files never
    /// change with a document).
    fn may_be_settling(&self, key: &str) -> bool {
        !self.fresh.contains(key)
            && !self.statics.contains_key(key)
            && !is_index_file(key)
            && crate::render::pages::may_be_page(key)
    }

    /// Whether `key` names a file that is (or, once the first search index is built, may be)
    /// served.
    pub fn may_serve(&self, key: &str) -> bool {
        self.file(key).is_some()
            || self.statics.contains_key(key)
            || (self.index_pending && is_index_file(key))
    }

    /// The bytes served for `key`: the current file, else a file of the previous search index.
    pub fn file(&self, key: &str) -> Option<&Bytes> {
        self.files.get(key).or_else(|| self.retired_index.get(key))
    }

    /// After the pages left for after the reload failed to render: no request waits for them
    /// any more (the previous bytes are served, with the error shown over them).
    pub fn stop_waiting(&mut self) {
        self.stale.clear();
        self.settling = false;
        self.fresh.clear();
    }

    /// Puts the pages rendered after the reload in place; nothing is stale any more. Returns
    /// the paths that changed while the rebuild was settling (the browsers showing them have
    /// not been told yet), else none.
    pub fn apply_deferred(&mut self, settled: Settled) -> Vec<String> {
        let mut told = Vec::new();
        for path in settled.removed {
            self.files.remove(&path);
            told.push(path);
        }
        for file in settled.files {
            told.push(file.path.clone());
            self.files.insert(file.path, Bytes::from(file.bytes));
        }
        self.stale.clear();
        self.fresh.clear();
        if !std::mem::take(&mut self.settling) {
            told.clear();
        }
        told
    }

    /// Every served file with its bytes, static files read from disk: what `dossier build`
    /// would write (used by the tests that compare the two).
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let mut out: BTreeMap<String, Vec<u8>> = self
            .files
            .iter()
            .map(|(k, v)| (k.clone(), v.to_vec()))
            .collect();
        for (rel, source) in &self.statics {
            if let Ok(bytes) = std::fs::read(source) {
                out.insert(rel.clone(), bytes);
            }
        }
        out
    }
}

/// Whether `path` is a file of the search index (`pagefind/…`).
pub fn is_index_file(path: &str) -> bool {
    path.strip_prefix(crate::render::search::BUNDLE_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// The state shared by the server and the rebuild loop.
pub struct ServeState {
    served: RwLock<Served>,
    events: broadcast::Sender<ReloadEvent>,
    /// The address the server listens on (a `Host` header naming it is accepted).
    pub bind: IpAddr,
    /// Woken after every change, for requests waiting for a stale page.
    changed: Notify,
}

impl ServeState {
    pub fn new(served: Served, bind: IpAddr) -> ServeState {
        let (events, _) = broadcast::channel(64);
        ServeState {
            served: RwLock::new(served),
            events,
            bind,
            changed: Notify::new(),
        }
    }

    pub fn read(&self) -> RwLockReadGuard<'_, Served> {
        self.served.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Changes the served site, then tells the browsers what `announce` says.
    pub fn update(&self, change: impl FnOnce(&mut Served) -> Option<ReloadEvent>) {
        let event = {
            let mut served = self.served.write().unwrap_or_else(|e| e.into_inner());
            change(&mut served)
        };
        self.changed.notify_waiters();
        if let Some(event) = event {
            // No receiver (no browser open) is fine.
            let _ = self.events.send(event);
        }
    }

    /// Waits while `key` is being rendered after a reload was announced (at most `limit`, so a
    /// request never hangs: after that the previous bytes are served).
    pub async fn wait_until_fresh(&self, key: &str, limit: Duration) {
        self.wait_while(limit, |served| served.is_stale(key)).await;
    }

    /// Waits while a rebuild is settling (at most `limit`).
    pub async fn wait_until_settled(&self, limit: Duration) {
        self.wait_while(limit, |served| served.settling).await;
    }

    /// Waits until `waiting` is false of the served site, or `limit` passed.
    async fn wait_while(&self, limit: Duration, waiting: impl Fn(&Served) -> bool) {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            // Registered before the check, so a change in between is not missed.
            let changed = self.changed.notified();
            if !waiting(&self.read()) {
                return;
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                return;
            }
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<ReloadEvent> {
        self.events.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;

    fn settling_after_editing_a() -> Served {
        let mut served = Served::default();
        let mut rebuilt = Rebuilt {
            settling: true,
            files: vec![OutputFile::new("a/index.html".into(), "a".into())],
            ..Rebuilt::default()
        };
        served.apply(&mut rebuilt);
        served
    }

    #[test]
    fn while_settling_only_the_fresh_pages_and_fixed_files_are_served_at_once() {
        let served = settling_after_editing_a();
        assert!(!served.is_stale("a/index.html"));
        assert!(!served.is_stale("style.css"));
        assert!(!served.is_stale("pagefind/pagefind-entry.json"));
        for page in ["index.html", "b/index.html", "atom.xml", "topics.json"] {
            assert!(served.is_stale(page), "{page}");
        }
    }

    #[test]
    fn a_failed_settle_leaves_no_request_waiting() {
        let mut served = settling_after_editing_a();
        served.stop_waiting();
        assert!(!served.is_stale("b/index.html"));
        assert!(!served.settling);
    }
}
