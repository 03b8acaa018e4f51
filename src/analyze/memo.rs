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
//! starts over when `site-config.toml` changes). A step that reads only a document's body takes
//! the body as its input, hashed by `Body::digest` (a hash of everything analysis reads of it).
//!
//! A step that reads every document at once (scoring related documents across the corpus,
//! the content-path map) is memoized by [`WholeCorpus`] the same way: its input is one `Hash`
//! value (per-document outputs enter it by the print of the input they were made from), and
//! the step runs again only when that hash changes. It is handed its last output, so that it
//! can update it rather than start over; it must give what it gives from scratch (each such
//! step has a test that says so). A build uses new, empty memos.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::parse::Document;
use crate::stable_hash::stable_hasher;

/// The last output of a per-document step, by content path, with its input's hash.
pub(crate) struct PerDocument<O> {
    entries: foldhash::HashMap<String, (u64, O)>,
    /// How many times the step ran (for tests: an edit runs it for the edited documents only).
    runs: usize,
}

impl<O> Default for PerDocument<O> {
    fn default() -> Self {
        PerDocument {
            entries: Default::default(),
            runs: 0,
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
        // Hashing is cheap and done in order; only the steps that must run again run in
        // parallel (after one edit that is one document, and a thread pool only costs).
        let stale: Vec<(usize, u64)> = inputs
            .iter()
            .enumerate()
            .filter_map(|(i, input)| {
                let print = print(input);
                match self.entries.get(owner(input)) {
                    Some((kept, _)) if *kept == print => None,
                    _ => Some((i, print)),
                }
            })
            .collect();
        let fresh: Vec<O> = if stale.len() > 1 {
            stale.par_iter().map(|&(i, _)| step(&inputs[i])).collect()
        } else {
            stale.iter().map(|&(i, _)| step(&inputs[i])).collect()
        };
        self.runs += stale.len();
        let mut changed = false;
        for ((i, print), output) in stale.into_iter().zip(fresh) {
            let owner = owner(&inputs[i]);
            let old = self.entries.insert(owner.to_string(), (print, output));
            let new = self.entries.get(owner).map(|(_, o)| o);
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

    /// How many times the step has run.
    #[cfg(test)]
    pub(crate) fn runs(&self) -> usize {
        self.runs
    }

    /// The output kept for the document at `rel_path`.
    pub(crate) fn get(&self, rel_path: &str) -> Option<&O> {
        self.entries.get(rel_path).map(|(_, output)| output)
    }

    /// [`PerDocument::refresh`], then each input's output with the print of the input it was
    /// made from (the value a whole-corpus step hashes it by), in the order of `inputs`.
    pub(crate) fn outputs<I: Hash + Sync>(
        &mut self,
        inputs: &[I],
        owner: impl Fn(&I) -> &str + Sync,
        step: impl Fn(&I) -> O + Sync,
    ) -> Vec<(u64, O)>
    where
        O: Clone,
    {
        self.refresh(inputs, &owner, step);
        // Every input has its entry now (content paths are unique).
        let outputs: Vec<(u64, O)> = inputs
            .iter()
            .filter_map(|input| self.entries.get(owner(input)).cloned())
            .collect();
        debug_assert_eq!(outputs.len(), inputs.len(), "owners are unique");
        outputs
    }
}

/// The last output of a step that reads the whole corpus, with its input's hash.
pub(crate) struct WholeCorpus<O> {
    last: Option<(u64, O)>,
}

impl<O> Default for WholeCorpus<O> {
    fn default() -> Self {
        WholeCorpus { last: None }
    }
}

impl<O> WholeCorpus<O> {
    /// The step's output for `input`: the kept one when `input` hashes as the last did, else
    /// `step(input, last output)` (the step may update its last output instead of starting
    /// over, but must give what it gives without one).
    pub(crate) fn get<I: Hash>(&mut self, input: &I, step: impl FnOnce(&I, Option<O>) -> O) -> &O {
        let print = print(input);
        let output = match self.last.take() {
            Some((kept, output)) if kept == print => output,
            last => step(input, last.map(|(_, output)| output)),
        };
        &self.last.insert((print, output)).1
    }
}

/// A step whose only input is one document's body (hashed by its digest, which covers every
/// passage, heading and link), owned by the document at `rel_path`.
pub(crate) struct BodyOf<'a> {
    pub(crate) rel_path: &'a str,
    pub(crate) body: &'a crate::parse::body::Body,
}

impl<'a> BodyOf<'a> {
    pub(crate) fn new(doc: &'a Document) -> BodyOf<'a> {
        BodyOf {
            rel_path: &doc.rel_path,
            body: &doc.body,
        }
    }
}

impl Hash for BodyOf<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let BodyOf { rel_path, body } = self;
        (rel_path, body.digest).hash(h);
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
    fn outputs_come_in_input_order_with_their_input_print() {
        let mut memo = PerDocument::default();
        let inputs = [
            Input {
                path: "b",
                text: "y",
                shared: 0,
            },
            Input {
                path: "a",
                text: "x",
                shared: 0,
            },
        ];
        let outputs = memo.outputs(&inputs, owner, |i: &Input| i.text);
        assert_eq!(outputs[0], (print(&inputs[0]), "y"));
        assert_eq!(outputs[1], (print(&inputs[1]), "x"));
    }

    #[test]
    fn a_whole_corpus_step_runs_again_only_when_its_input_changes() {
        let runs = AtomicUsize::new(0);
        let step = |input: &Vec<u32>, last: Option<u32>| {
            runs.fetch_add(1, Ordering::Relaxed);
            assert_eq!(last.is_some(), runs.load(Ordering::Relaxed) > 1);
            input.iter().sum::<u32>()
        };
        let mut memo = WholeCorpus::default();
        assert_eq!(*memo.get(&vec![1, 2], step), 3);
        assert_eq!(*memo.get(&vec![1, 2], step), 3);
        assert_eq!(runs.load(Ordering::Relaxed), 1);
        assert_eq!(
            *memo.get(&vec![2, 2], step),
            4,
            "the last output is handed over"
        );
        assert_eq!(runs.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn a_body_input_changes_with_the_body_only() {
        use crate::parse::parsed_for_tests as doc;
        let a = doc("a.md", "---\ntitle: A\n---\nSome words.\n");
        let retitled = doc("a.md", "---\ntitle: B\n---\nSome words.\n");
        let reworded = doc("a.md", "---\ntitle: A\n---\nOther words.\n");
        let of = |d: &Document| print(&BodyOf::new(d));
        assert_eq!(of(&a), of(&retitled));
        assert_ne!(of(&a), of(&reworded));
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
