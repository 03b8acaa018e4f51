//! One memo for the per-document steps of analysis, keyed by the step's whole input.
//!
//! A per-document step (the events a document tells, the evidence it gives for each topic) is a
//! function of one input value: the document and whatever else the step reads, bundled in a
//! type that implements `Hash` over all of it. [`PerDocument::refresh`] hashes each document's
//! input and runs the step again only where the hash differs from the one its kept output was
//! made from. The step receives nothing but that input, so the key cannot miss something the
//! step reads: there is no second, hand-written list of "what this step depends on" to drift.
//!
//! A document is hashed by its `source_digest` (its path and text): its parse is a pure function
//! of those and the configuration, and a memo lives no longer than one configuration (`serve`
//! starts over when `site-config.toml` changes).

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::parse::Document;
use crate::stable_hash::stable_hasher;

/// The last output of a per-document step, by content path, with its input's hash.
pub(crate) struct PerDocument<O> {
    entries: foldhash::HashMap<String, (u64, O)>,
}

impl<O> Default for PerDocument<O> {
    fn default() -> Self {
        PerDocument {
            entries: Default::default(),
        }
    }
}

impl<O: Send + Sync + PartialEq> PerDocument<O> {
    /// Brings the memo up to date with `inputs` (one per document; `owner` gives its content
    /// path): runs `step` (in parallel) for each input whose hash changed, and forgets the
    /// documents that are gone. True if any output differs from the last one, or a document
    /// came or went.
    pub(crate) fn refresh<I: Hash + Sync>(
        &mut self,
        inputs: &[I],
        owner: impl Fn(&I) -> &str + Sync,
        step: impl Fn(&I) -> O + Sync,
    ) -> bool {
        let fresh: Vec<Option<(u64, O)>> = inputs
            .par_iter()
            .map(|input| {
                let print = print(input);
                match self.entries.get(owner(input)) {
                    Some((kept, _)) if *kept == print => None,
                    _ => Some((print, step(input))),
                }
            })
            .collect();
        let mut changed = false;
        for (input, fresh) in inputs.iter().zip(fresh) {
            let Some((print, output)) = fresh else {
                continue;
            };
            let old = self
                .entries
                .insert(owner(input).to_string(), (print, output));
            let new = self.entries.get(owner(input)).map(|(_, o)| o);
            changed |= old.as_ref().map(|(_, o)| o) != new;
        }
        if self.entries.len() != inputs.len() {
            let present: foldhash::HashSet<&str> = inputs.iter().map(&owner).collect();
            self.entries
                .retain(|path, _| present.contains(path.as_str()));
            changed = true;
        }
        changed
    }

    /// The output kept for the document at `rel_path`.
    pub(crate) fn get(&self, rel_path: &str) -> Option<&O> {
        self.entries.get(rel_path).map(|(_, output)| output)
    }
}

/// A step whose only input is one document (hashed by its source digest).
pub(crate) struct WholeDocument<'a>(pub &'a Document);

impl Hash for WholeDocument<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.source_digest.hash(h);
    }
}

fn print<I: Hash>(input: &I) -> u64 {
    let mut hasher = stable_hasher();
    input.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Hash)]
    struct Input {
        path: &'static str,
        text: &'static str,
        shared: u32,
    }

    fn owner(input: &Input) -> &str {
        input.path
    }

    #[test]
    fn runs_the_step_only_for_changed_inputs() {
        let runs = AtomicUsize::new(0);
        let step = |i: &Input| {
            runs.fetch_add(1, Ordering::Relaxed);
            format!("{}+{}", i.text, i.shared)
        };
        let mut memo = PerDocument::default();
        let inputs = [
            Input {
                path: "a",
                text: "x",
                shared: 1,
            },
            Input {
                path: "b",
                text: "y",
                shared: 1,
            },
        ];
        assert!(memo.refresh(&inputs, owner, step));
        assert_eq!(runs.load(Ordering::Relaxed), 2);
        assert!(!memo.refresh(&inputs, owner, step), "nothing changed");
        assert_eq!(runs.load(Ordering::Relaxed), 2);
        let inputs = [
            Input {
                path: "a",
                text: "x",
                shared: 2,
            },
            Input {
                path: "b",
                text: "y",
                shared: 1,
            },
        ];
        assert!(
            memo.refresh(&inputs, owner, step),
            "a shared input is an input"
        );
        assert_eq!(runs.load(Ordering::Relaxed), 3);
        assert_eq!(memo.get("a").map(String::as_str), Some("x+2"));
        assert!(memo.refresh(&inputs[..1], owner, step), "b went");
        assert_eq!(memo.get("b"), None);
    }

    #[test]
    fn an_input_that_changes_but_gives_the_same_output_is_no_change() {
        let mut memo = PerDocument::default();
        let step = |i: &Input| i.text.len();
        memo.refresh(
            &[Input {
                path: "a",
                text: "xy",
                shared: 0,
            }],
            owner,
            step,
        );
        let same_length = [Input {
            path: "a",
            text: "zz",
            shared: 0,
        }];
        assert!(!memo.refresh(&same_length, owner, step));
    }
}
