//! The file watcher of `dossier serve`: the operating system's (inotify, FSEvents, ...) while it
//! can, notify's polling watcher once the system's limits are reached.
//!
//! On Linux every watched folder costs an inotify watch (`fs.inotify.max_user_watches`) and every
//! watcher an inotify instance (`fs.inotify.max_user_instances`). When either runs out, the native
//! watcher fails to start ("Too many open files") or silently stops seeing folders; serve then
//! polls instead (slower, but every edit is seen) and says how to raise the limits.

use std::path::Path;
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{ErrorKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};

/// How often the polling watcher looks at the site's files.
const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// What to do about the limits, printed with the fallback.
pub(crate) const LIMIT_HINT: &str = "raise the limits, e.g. `sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512` (add them to /etc/sysctl.d/ to keep them), then restart `dossier serve`";

/// A debounced watcher, native or polling.
pub(crate) struct SiteWatcher {
    inner: Inner,
    events: Sender<DebounceEventResult>,
    debounce: Duration,
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Polling(Debouncer<PollWatcher, RecommendedCache>),
}

impl SiteWatcher {
    /// The native watcher, or the polling one (with a warning) when the system has no watcher
    /// left to give.
    pub(crate) fn start(
        debounce: Duration,
        events: Sender<DebounceEventResult>,
    ) -> notify::Result<SiteWatcher> {
        let native = new_debouncer_opt(
            debounce,
            None,
            events.clone(),
            RecommendedCache::new(),
            notify::Config::default(),
        );
        match native {
            Ok(watcher) => Ok(SiteWatcher {
                inner: Inner::Native(watcher),
                events,
                debounce,
            }),
            Err(e) if is_watch_limit(&e) => {
                warn_polling(&e);
                SiteWatcher::polling(debounce, events)
            }
            Err(e) => Err(e),
        }
    }

    /// The polling watcher.
    pub(crate) fn polling(
        debounce: Duration,
        events: Sender<DebounceEventResult>,
    ) -> notify::Result<SiteWatcher> {
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
        let watcher = new_debouncer_opt(
            debounce,
            None,
            events.clone(),
            RecommendedCache::new(),
            config,
        )?;
        Ok(SiteWatcher {
            inner: Inner::Polling(watcher),
            events,
            debounce,
        })
    }

    pub(crate) fn is_polling(&self) -> bool {
        matches!(self.inner, Inner::Polling(_))
    }

    /// Replaces a native watcher that hit a limit (`why`) by a polling one; the caller watches
    /// the site's folders again.
    pub(crate) fn fall_back_to_polling(&mut self, why: &notify::Error) -> notify::Result<()> {
        if self.is_polling() {
            return Ok(());
        }
        warn_polling(why);
        *self = SiteWatcher::polling(self.debounce, self.events.clone())?;
        Ok(())
    }

    pub(crate) fn watch(&mut self, dir: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.inner {
            Inner::Native(w) => w.watch(dir, mode),
            Inner::Polling(w) => w.watch(dir, mode),
        }
    }

    pub(crate) fn unwatch(&mut self, dir: &Path) {
        let _ = match &mut self.inner {
            Inner::Native(w) => w.unwatch(dir),
            Inner::Polling(w) => w.unwatch(dir),
        };
    }
}

/// Whether `e` means the system's watch limits are reached: inotify's watch limit (ENOSPC,
/// notify's `MaxFilesWatch`), or no inotify instance or descriptor left (EMFILE, ENFILE).
pub(crate) fn is_watch_limit(e: &notify::Error) -> bool {
    const ENFILE: i32 = 23;
    const EMFILE: i32 = 24;
    const ENOSPC: i32 = 28;
    match &e.kind {
        ErrorKind::MaxFilesWatch => true,
        ErrorKind::Io(io) => matches!(io.raw_os_error(), Some(ENFILE | EMFILE | ENOSPC)),
        _ => false,
    }
}

fn warn_polling(why: &notify::Error) {
    eprintln!(
        "warning: the system's file-watch limit is reached ({why}); watching the site by polling every {} s instead (slower)\n  hint: {LIMIT_HINT}",
        POLL_INTERVAL.as_secs()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn recognises_the_watch_limits() {
        let io = |code| notify::Error::io(std::io::Error::from_raw_os_error(code));
        assert!(is_watch_limit(&notify::Error::new(
            ErrorKind::MaxFilesWatch
        )));
        assert!(is_watch_limit(&io(24)), "EMFILE: no inotify instance left");
        assert!(is_watch_limit(&io(23)), "ENFILE");
        assert!(is_watch_limit(&io(28)), "ENOSPC from inotify_add_watch");
        assert!(!is_watch_limit(&io(2)));
        assert!(!is_watch_limit(&notify::Error::path_not_found()));
        assert!(!is_watch_limit(&notify::Error::generic("other")));
    }

    #[test]
    fn falls_back_to_polling_and_sees_edits() {
        let tmp = tempfile::tempdir().unwrap();
        let (tx, rx) = mpsc::channel();
        let mut watcher = SiteWatcher::start(Duration::from_millis(5), tx).unwrap();
        watcher
            .fall_back_to_polling(&notify::Error::new(ErrorKind::MaxFilesWatch))
            .unwrap();
        assert!(watcher.is_polling());
        watcher.watch(tmp.path(), RecursiveMode::Recursive).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        std::fs::write(tmp.path().join("a.md"), "# A\n").unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(Ok(events))
                    if events
                        .iter()
                        .any(|e| e.paths.iter().any(|p| p.ends_with("a.md"))) =>
                {
                    break
                }
                Ok(_) => {}
                Err(e) => panic!("the polling watcher saw no edit: {e}"),
            }
        }
    }
}
