//! The progress display of long builds: a spinner on stderr naming the pipeline's step and
//! counting the files written, shown only once a build has run for a second, only on a terminal,
//! never in CI (`CI` set) or with `--quiet`, and cleared before the summary line.

use std::io::IsTerminal as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::progress::{Progress, Step};
use crate::warnings::Verbosity;

/// A build shorter than this shows no progress at all.
const DELAY: Duration = Duration::from_secs(1);

/// Whether to show progress: on a terminal, outside CI, unless quiet.
pub fn wanted(stderr_is_terminal: bool, ci: Option<&str>, verbosity: Verbosity) -> bool {
    let in_ci = ci.is_some_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"));
    stderr_is_terminal && !in_ci && verbosity != Verbosity::Quiet
}

/// A spinner that appears after [`DELAY`]; [`Spinner::finish`] clears it.
pub struct Spinner {
    bar: ProgressBar,
    /// Cleared when the spinner finishes: a hook kept after that (serve keeps its first build's
    /// options) draws nothing.
    active: Arc<AtomicBool>,
    stop: Option<mpsc::Sender<()>>,
    shower: Option<JoinHandle<()>>,
}

impl Spinner {
    /// The hook for the pipeline and the spinner it drives (nothing when not [`wanted`]).
    pub fn start(verbosity: Verbosity) -> (Progress, Option<Spinner>) {
        let ci = std::env::var("CI").ok();
        if !wanted(std::io::stderr().is_terminal(), ci.as_deref(), verbosity) {
            return (Progress::default(), None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let (stop, stopped) = mpsc::channel::<()>();
        let shown = bar.clone();
        let shower = std::thread::spawn(move || {
            if stopped.recv_timeout(DELAY) == Err(mpsc::RecvTimeoutError::Timeout) {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        let hooked = bar.clone();
        let active = Arc::new(AtomicBool::new(true));
        let still_active = active.clone();
        let progress = Progress::new(move |step| {
            if !still_active.load(Ordering::Relaxed) {
                return;
            }
            match step {
                Step::Phase { name, counted } => {
                    hooked.set_style(style(counted));
                    hooked.set_position(0);
                    hooked.set_message(name);
                }
                Step::Advance => hooked.inc(1),
            }
        });
        let spinner = Spinner {
            bar,
            active,
            stop: Some(stop),
            shower: Some(shower),
        };
        (progress, Some(spinner))
    }

    /// Stops and clears the spinner (before the warnings and the summary are printed).
    pub fn finish(self) {
        drop(self);
    }

    fn stop_showing(&mut self) {
        self.active.store(false, Ordering::Relaxed);
        drop(self.stop.take());
        if let Some(shower) = self.shower.take() {
            let _ = shower.join();
        }
    }
}

impl Drop for Spinner {
    /// An error ends the build early: the spinner goes before the error is printed.
    fn drop(&mut self) {
        self.stop_showing();
        self.bar.finish_and_clear();
    }
}

fn style(counted: bool) -> ProgressStyle {
    ProgressStyle::with_template(template(counted))
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn template(counted: bool) -> &'static str {
    if counted {
        "{spinner} {msg}: {human_pos} files ({elapsed})"
    } else {
        "{spinner} {msg} ({elapsed})"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_only_on_a_terminal_outside_ci_and_not_quiet() {
        assert!(wanted(true, None, Verbosity::Normal));
        assert!(wanted(true, None, Verbosity::Verbose));
        assert!(!wanted(false, None, Verbosity::Normal));
        assert!(!wanted(true, Some("true"), Verbosity::Normal));
        assert!(!wanted(true, Some("1"), Verbosity::Normal));
        assert!(wanted(true, Some(""), Verbosity::Normal));
        assert!(wanted(true, Some("false"), Verbosity::Normal));
        assert!(!wanted(true, None, Verbosity::Quiet));
    }

    #[test]
    fn both_templates_parse() {
        for counted in [false, true] {
            assert!(ProgressStyle::with_template(template(counted)).is_ok());
        }
    }
}
