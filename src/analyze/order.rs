//! The first step of the analysis: which documents are published and in which order.
//!
//! [`sort_out`] leaves drafts and what Hugo never renders out, keeps dated file names that share
//! a URL apart (`urls::separate_dated`), stops on URL clashes, sorts the documents into
//! briefings (newest first), standalone pages and sections, groups the briefings by year and
//! lists the redirects. `dossier serve` runs it on every edit over ten thousands of documents,
//! so it never moves a document it does not have to: a `Document` is several hundred bytes,
//! and copying every one into new vectors and through a sort's scratch buffer cost tens of
//! milliseconds per edit. The briefings stay in the vector they came in (the others are split
//! off its tail), the order is found on positions and applied by swaps, and the checks over
//! every slug borrow them instead of lower-casing copies.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::{urls, AnalyzeOptions, Corpus, RESERVED_SLUGS};
use crate::error::Diagnostic;
use crate::parse::Document;

/// Drafts out; briefings, standalone pages and sections apart; newest first; years.
pub(crate) fn sort_out(
    mut documents: Vec<Document>,
    options: AnalyzeOptions,
) -> Result<(Corpus, Vec<Diagnostic>), Vec<Diagnostic>> {
    documents.retain(|d| options.include_drafts || !d.draft);
    urls::drop_headless(&mut documents);
    let dated_warnings = urls::separate_dated(&mut documents);
    check_slugs(&documents)?;
    let leaves = urls::leaf_bundles(&documents);
    let kinds: Vec<Kind> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| match d.is_section_index && !leaves.contains(&i) {
            true => Kind::Section,
            false if d.unlisted => Kind::Standalone,
            false => Kind::Listed,
        })
        .collect();
    let mut warnings: Vec<Diagnostic> = documents
        .iter()
        .zip(&kinds)
        .filter(|(d, &kind)| kind != Kind::Section && !d.unlisted && d.date.is_none())
        .map(|(d, _)| undated_warning(d))
        .collect();
    warnings.extend(dated_warnings);
    let others = split_off_where(&mut documents, |i| kinds[i] != Kind::Listed);
    let mut corpus = Corpus {
        documents,
        ..Corpus::default()
    };
    for (at, doc) in others {
        match kinds[at] {
            Kind::Section => corpus.sections.push(doc),
            _ => corpus.pages.push(doc),
        }
    }
    // Every order is total (slugs are unique), so the input order does not matter.
    sort_in_place(&mut corpus.documents, newest_first);
    corpus
        .pages
        .sort_by(|a, b| a.title.cmp(&b.title).then_with(|| a.slug.cmp(&b.slug)));
    corpus.sections.sort_by(|a, b| a.slug.cmp(&b.slug));
    corpus.years = group_by_year(&corpus.documents);
    let (redirects, redirect_warnings) = urls::redirects(&corpus);
    corpus.redirects = redirects;
    warnings.extend(redirect_warnings);
    Ok((corpus, warnings))
}

/// What a document is on the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A briefing: on the home page, the archive and the feeds.
    Listed,
    /// `listed: false`: a page of its own, linked from the navigation.
    Standalone,
    /// An `index.md` that describes its folder.
    Section,
}

/// Takes the items whose original position `take` selects out of `items`, with those
/// positions, keeping the order of both. Only the items from the first one taken on are moved
/// (in `dossier serve` the pages and sections come last: the briefings stay where they are).
fn split_off_where<T>(items: &mut Vec<T>, take: impl Fn(usize) -> bool) -> Vec<(usize, T)> {
    let first = (0..items.len()).find(|&i| take(i)).unwrap_or(items.len());
    let tail = items.split_off(first);
    let mut taken = Vec::new();
    for (at, item) in (first..).zip(tail) {
        if take(at) {
            taken.push((at, item));
        } else {
            items.push(item);
        }
    }
    taken
}

/// Sorts `items` by `compare` (stable) without a scratch copy of the items: the order is found
/// on positions, and applied by swaps along its cycles (none when it is already in order).
pub(crate) fn sort_in_place<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| compare(&items[a], &items[b]));
    apply_order(items, &order);
}

/// Puts the item at `order[k]` at position `k`, for every `k` (`order` is a permutation).
fn apply_order<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        if placed[start] {
            continue;
        }
        // Along the cycle through `start`: each position takes its item from the next.
        let mut k = start;
        while order[k] != start {
            items.swap(k, order[k]);
            placed[k] = true;
            k = order[k];
        }
        placed[k] = true;
    }
}

/// Newest first by date, then by title and slug so the order never depends on the file system.
fn newest_first(a: &Document, b: &Document) -> Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.slug.cmp(&b.slug))
}

fn undated_warning(doc: &Document) -> Diagnostic {
    Diagnostic::new(
        &doc.path,
        "document has no date; it is listed after the dated ones",
    )
    .hint("add `date: YYYY-MM-DD` to its front matter, or `listed: false` for a standalone page")
}

/// The slug as URLs compare it (case-insensitively), borrowed when it is lower-case already.
pub(crate) fn folded(slug: &str) -> Cow<'_, str> {
    if slug
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(slug)
    } else {
        Cow::Owned(slug.to_lowercase())
    }
}

fn check_slugs(documents: &[Document]) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut seen: foldhash::HashMap<Cow<str>, &Document> =
        foldhash::HashMap::with_capacity_and_hasher(documents.len(), Default::default());
    for doc in documents {
        let first_segment = doc.slug.split('/').next().unwrap_or("");
        if !doc.is_section_index && RESERVED_SLUGS.contains(&first_segment) {
            errors.push(
                Diagnostic::new(
                    &doc.path,
                    format!(
                        "the URL /{}/ is reserved for the site's own pages",
                        doc.slug
                    ),
                )
                .hint("give the document another `slug:` in its front matter, or rename the file"),
            );
        }
        let key = folded(&doc.slug);
        if let Some(other) = seen.get(&key) {
            errors.push(
                Diagnostic::new(
                    &doc.path,
                    format!(
                        "this document and {} would both be written to /{}/",
                        other.path.display(),
                        doc.slug
                    ),
                )
                .hint("rename one of the files or set a different `slug:` in its front matter"),
            );
        } else {
            seen.insert(key, doc);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn group_by_year(documents: &[Document]) -> Vec<(Option<i32>, Vec<usize>)> {
    let mut years: Vec<(Option<i32>, Vec<usize>)> = Vec::new();
    for (index, doc) in documents.iter().enumerate() {
        let year = doc.date.map(|d| d.year());
        match years.last_mut() {
            Some((y, list)) if *y == year => list.push(index),
            _ => years.push((year, vec![index])),
        }
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_in_place_gives_what_a_stable_sort_gives() {
        // Keys with repeats (stability shows) in many arrangements, sorted or not.
        let mut seed = 7u64;
        for len in [0, 1, 2, 3, 10, 100] {
            for _ in 0..20 {
                let items: Vec<(u8, usize)> = (0..len)
                    .map(|i| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                        ((seed >> 60) as u8, i)
                    })
                    .collect();
                let mut expected = items.clone();
                expected.sort_by_key(|a| a.0);
                let mut got = items;
                sort_in_place(&mut got, |a, b| a.0.cmp(&b.0));
                assert_eq!(got, expected);
            }
        }
        // One item out of place at the end, as `dossier serve` hands them over.
        let mut got = vec![1, 2, 4, 5, 6, 3];
        sort_in_place(&mut got, |a: &i32, b: &i32| a.cmp(b));
        assert_eq!(got, [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn splitting_off_keeps_both_orders_and_the_positions() {
        let kinds = [
            Kind::Listed,
            Kind::Section,
            Kind::Listed,
            Kind::Standalone,
            Kind::Listed,
        ];
        let mut items = vec!["a", "s", "b", "p", "c"];
        let taken = split_off_where(&mut items, |i| kinds[i] != Kind::Listed);
        assert_eq!(items, ["a", "b", "c"]);
        assert_eq!(taken, [(1, "s"), (3, "p")]);
    }
}
