//! Phase timings for `dossier build --timings`: how long each step of the pipeline took.
//!
//! A plain value passed along and filled in by the steps; benchmarks read it to report the
//! share of each phase (topic analysis, say) in the build time.

use std::time::{Duration, Instant};

/// Named phases in the order they ran.
#[derive(Debug, Clone)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
    last: Instant,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            phases: Vec::new(),
            last: Instant::now(),
        }
    }
}

impl Timings {
    /// Records the time since the previous lap under `name`.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.phases.push((name, now - self.last));
        self.last = now;
    }

    /// Records `took` under `name` for a step that ran beside others (the steps' times overlap);
    /// the next lap starts now.
    pub fn add(&mut self, name: &'static str, took: Duration) {
        self.phases.push((name, took));
        self.last = Instant::now();
    }

    /// Appends another set of phases (a step's own breakdown).
    pub fn extend(&mut self, other: &Timings) {
        self.phases.extend(other.phases.iter().cloned());
        self.last = Instant::now();
    }

    /// `load 12 ms (1%) · parse 950 ms (60%) · ...`.
    pub fn summary(&self) -> String {
        let total: Duration = self.phases.iter().map(|(_, d)| *d).sum();
        let total_ms = total.as_secs_f64() * 1000.0;
        self.phases
            .iter()
            .map(|(name, d)| {
                let ms = d.as_secs_f64() * 1000.0;
                let share = if total_ms > 0.0 {
                    100.0 * ms / total_ms
                } else {
                    0.0
                };
                format!("{name} {ms:.0} ms ({share:.0}%)")
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn laps_are_named_in_order() {
        let mut t = super::Timings::default();
        t.lap("one");
        t.lap("two");
        let names: Vec<&str> = t.phases.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["one", "two"]);
        assert!(t.summary().starts_with("one "));
    }
}
