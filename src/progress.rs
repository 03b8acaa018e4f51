//! The progress hook of the site pipeline: [`crate::site`] tells it which step it is in and
//! counts the files it writes; the command line decides whether and how to show that
//! (`cmd::progress`, a terminal spinner). No hook (the default) costs nothing.

use std::fmt;
use std::sync::Arc;

/// What the pipeline reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A step begins (`reading`, `parsing 7000 documents`, ...); `counted` when [`Step::Advance`]
    /// follows for each file it writes.
    Phase { name: &'static str, counted: bool },
    /// One more file done.
    Advance,
}

/// A callback for [`Step`]s, cheap to clone into the pipeline's options.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<dyn Fn(Step) + Send + Sync>>);

impl Progress {
    pub fn new(callback: impl Fn(Step) + Send + Sync + 'static) -> Progress {
        Progress(Some(Arc::new(callback)))
    }

    /// A step begins.
    pub fn phase(&self, name: &'static str) {
        self.report(Step::Phase {
            name,
            counted: false,
        });
    }

    /// A step that writes files begins; call [`Progress::advance`] for each.
    pub fn counting(&self, name: &'static str) {
        self.report(Step::Phase {
            name,
            counted: true,
        });
    }

    pub fn advance(&self) {
        self.report(Step::Advance);
    }

    fn report(&self, step: Step) {
        if let Some(callback) = &self.0 {
            callback(step);
        }
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(hook)"
        } else {
            "Progress(none)"
        })
    }
}
