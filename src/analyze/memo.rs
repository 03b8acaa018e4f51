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

/// The last output of a per-document step for each input, in the order of the last inputs,
/// with its input's hash. Outputs are kept by position: after an edit the documents are where
/// they were (`dossier serve` puts a re-read document in its old place), so each input is
/// compared with the print kept at its own position, with no lookup by content path; when the
/// documents came, went or moved, kept outputs are found by their input's print.
pub(crate) struct PerDocument<O> {
    entries: Vec<(u64, O)>,
    /// How many times the step ran (for tests: an edit runs it for the edited documents only).
    runs: usize,
}

impl<O> Default for PerDocument<O> {
    fn default() -> Self {
        PerDocument {
            entries: Vec::new(),
            runs: 0,
        }
    }
}

impl<O> PerDocument<O> {
    /// How many times the step has run.
    #[cfg(test)]
    pub(crate) fn runs(&self) -> usize {
        self.runs
    }

    /// The outputs of the last inputs, in their order.
    pub(crate) fn all(&self) -> impl ExactSizeIterator<Item = &O> {
        self.entries.iter().map(|(_, output)| output)
    }
}

/// Beyond this many inputs whose print differs from the one kept at their position, kept
/// outputs are looked for by print (the documents moved) without looking among those
/// positions first.
const MOVED: usize = 32;

impl<O: Send + Sync + PartialEq> PerDocument<O> {
    /// Brings the memo up to date with `inputs` (one per document, in corpus order): runs
    /// `step` (in parallel) for each input whose hash is not one of a kept output. True if
    /// any output differs from the one kept at its position, or a document came or went.
    pub(crate) fn refresh<I: Hash + Sync>(
        &mut self,
        inputs: &[I],
        step: impl Fn(&I) -> O + Sync,
    ) -> bool {
        // Hashing is cheap and done in order; only the steps that must run again run in
        // parallel (after one edit that is one document, and a thread pool only costs).
        let prints: Vec<u64> = inputs.iter().map(print).collect();
        let stale: Vec<usize> = (0..inputs.len())
            .filter(|&i| {
                self.entries
                    .get(i)
                    .map_or(true, |(kept, _)| *kept != prints[i])
            })
            .collect();
        if stale.is_empty() && self.entries.len() == inputs.len() {
            return false;
        }
        let moved = |&i: &usize| {
            stale.iter().any(|&j| {
                j != i
                    && self
                        .entries
                        .get(j)
                        .is_some_and(|(kept, _)| *kept == prints[i])
            })
        };
        if self.entries.len() == inputs.len() && stale.len() <= MOVED && !stale.iter().any(moved) {
            let fresh = self.run(&stale, inputs, &step);
            let mut changed = false;
            for (i, output) in stale.into_iter().zip(fresh) {
                changed |= self.entries[i].1 != output;
                self.entries[i] = (prints[i], output);
            }
            return changed;
        }
        self.rearrange(inputs, &prints, step);
        true
    }

    /// Runs `step` for the inputs at `which`, in parallel when there are several.
    fn run<I: Sync>(
        &mut self,
        which: &[usize],
        inputs: &[I],
        step: impl Fn(&I) -> O + Sync,
    ) -> Vec<O> {
        self.runs += which.len();
        if which.len() > 1 {
            which.par_iter().map(|&i| step(&inputs[i])).collect()
        } else {
            which.iter().map(|&i| step(&inputs[i])).collect()
        }
    }

    /// The outputs for inputs that came, went or moved: each kept output goes to the input
    /// with its print (once), the step runs for the others.
    fn rearrange<I: Hash + Sync>(
        &mut self,
        inputs: &[I],
        prints: &[u64],
        step: impl Fn(&I) -> O + Sync,
    ) {
        let mut kept: Vec<Option<(u64, O)>> = std::mem::take(&mut self.entries)
            .into_iter()
            .map(Some)
            .collect();
        let by_print: foldhash::HashMap<u64, usize> = kept
            .iter()
            .enumerate()
            .filter_map(|(at, entry)| Some((entry.as_ref()?.0, at)))
            .collect();
        let mut slots: Vec<Option<(u64, O)>> = prints
            .iter()
            .map(|p| by_print.get(p).and_then(|&at| kept[at].take()))
            .collect();
        let missing: Vec<usize> = (0..inputs.len()).filter(|&i| slots[i].is_none()).collect();
        let fresh = self.run(&missing, inputs, step);
        for (i, output) in missing.into_iter().zip(fresh) {
            slots[i] = Some((prints[i], output));
        }
        self.entries = slots.into_iter().flatten().collect();
        debug_assert_eq!(
            self.entries.len(),
            inputs.len(),
            "every input has its output"
        );
    }

    /// [`PerDocument::refresh`], then each input's output with the print of the input it was
    /// made from (the value a whole-corpus step hashes it by), in the order of `inputs`.
    pub(crate) fn outputs<I: Hash + Sync>(
        &mut self,
        inputs: &[I],
        step: impl Fn(&I) -> O + Sync,
    ) -> Vec<(u64, O)>
    where
        O: Clone,
    {
        self.refresh(inputs, step);
        self.entries.clone()
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

/// A value with its print, hashed by the print: an input that several steps read (each
/// document's content and URL paths) is hashed once per run, whichever steps hash it.
pub(crate) struct Printed<T> {
    pub(crate) value: T,
    pub(crate) print: u64,
}

impl<T: Hash> Printed<T> {
    pub(crate) fn new(value: T) -> Printed<T> {
        Printed {
            print: print(&value),
            value,
        }
    }
}

impl<T> Hash for Printed<T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.print.hash(h);
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

    fn input(path: &'static str, text: &'static str, shared: u32) -> Input {
        Input { path, text, shared }
    }

    fn outputs<O: Clone>(memo: &PerDocument<O>) -> Vec<O> {
        memo.all().cloned().collect()
    }

    #[test]
    fn runs_the_step_only_for_changed_inputs() {
        let runs = AtomicUsize::new(0);
        let step = |i: &Input| {
            runs.fetch_add(1, Ordering::Relaxed);
            format!("{}+{}", i.text, i.shared)
        };
        let mut memo = PerDocument::default();
        let inputs = [input("a", "x", 1), input("b", "y", 1)];
        assert!(memo.refresh(&inputs, step));
        assert_eq!(runs.load(Ordering::Relaxed), 2);
        assert!(!memo.refresh(&inputs, step), "nothing changed");
        assert_eq!(runs.load(Ordering::Relaxed), 2);
        let inputs = [input("a", "x", 2), input("b", "y", 1)];
        assert!(memo.refresh(&inputs, step), "a shared input is an input");
        assert_eq!(runs.load(Ordering::Relaxed), 3);
        assert_eq!(outputs(&memo), ["x+2", "y+1"]);
        assert!(memo.refresh(&inputs[..1], step), "b went");
        assert_eq!(outputs(&memo), ["x+2"]);
        assert_eq!(runs.load(Ordering::Relaxed), 3, "a is kept when b goes");
    }

    #[test]
    fn outputs_follow_documents_that_move_come_and_go() {
        let runs = AtomicUsize::new(0);
        let step = |i: &Input| {
            runs.fetch_add(1, Ordering::Relaxed);
            format!("{}{}", i.path, i.text)
        };
        let mut memo = PerDocument::default();
        let paths = ["a", "b", "c", "d"];
        let first: Vec<Input> = paths.iter().map(|&p| input(p, "1", 0)).collect();
        memo.refresh(&first, step);
        assert_eq!(runs.load(Ordering::Relaxed), 4);
        // d moves to the front, c is edited, e comes, b goes: the kept outputs follow their
        // inputs, only the new and edited inputs are stepped.
        let second = [
            input("d", "1", 0),
            input("a", "1", 0),
            input("c", "2", 0),
            input("e", "1", 0),
        ];
        assert!(memo.refresh(&second, step));
        assert_eq!(outputs(&memo), ["d1", "a1", "c2", "e1"]);
        assert_eq!(runs.load(Ordering::Relaxed), 6);
        // Many documents moved at once (over the positional limit): found by print.
        let many: Vec<Input> = (0..100)
            .map(|i| {
                input(
                    ["p", "q"][i % 2],
                    ["1", "2", "3", "4", "5"][i % 5],
                    i as u32,
                )
            })
            .collect();
        memo.refresh(&many, step);
        let runs_before = runs.load(Ordering::Relaxed);
        let reversed: Vec<Input> = many
            .iter()
            .rev()
            .map(|i| input(i.path, i.text, i.shared))
            .collect();
        assert!(memo.refresh(&reversed, step), "every position changed");
        assert_eq!(runs.load(Ordering::Relaxed), runs_before, "nothing stepped");
        let expected: Vec<String> = reversed
            .iter()
            .map(|i| format!("{}{}", i.path, i.text))
            .collect();
        assert_eq!(outputs(&memo), expected);
    }

    #[test]
    fn outputs_come_in_input_order_with_their_input_print() {
        let mut memo = PerDocument::default();
        let inputs = [input("b", "y", 0), input("a", "x", 0)];
        let outputs = memo.outputs(&inputs, |i: &Input| i.text);
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
        memo.refresh(&[input("a", "xy", 0)], step);
        assert!(!memo.refresh(&[input("a", "zz", 0)], step));
    }
}
