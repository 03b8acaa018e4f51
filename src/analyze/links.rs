//! Links between documents: which document links to which, and with what sentence.
//!
//! A link in a document's body may name another document by its file (`other.md`,
//! `../notes/other.md#x`) or by its URL (`/other/`, `../other/`, `/briefs/other/`, or the
//! absolute URL under `base_url`). [`resolve`] maps each to a document index; the result feeds
//! "Referenced by" on the target's page, quoting the sentence that holds the link.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::error::Diagnostic;
use crate::parse::Document;

/// What [`references_with`] kept from the last run, for `dossier serve`. While the documents'
/// paths and slugs (and the base URL and path) are the same, each document's outgoing
/// references and broken-link warnings are reused when its body digest and index are; the
/// whole result is reused when nothing at all changed.
#[derive(Default)]
pub(crate) struct LinksCache {
    /// Hash of every document's `rel_path` and slug, in corpus order, and the base URL and path.
    names: u64,
    /// By `rel_path`: (index, body digest) and what the document links to.
    outgoing: foldhash::HashMap<String, ((usize, u64), Outgoing)>,
    /// By `rel_path` (any kind of document): body digest and its broken-link warnings.
    broken: foldhash::HashMap<String, (u64, Vec<Diagnostic>)>,
    /// Hash of `names` and every body digest, and the result it gave.
    last: Option<(u64, Found)>,
}

/// Every document's references, and the broken-link warnings.
type Found = (Arc<Vec<Vec<Reference>>>, Vec<Diagnostic>);

/// A document's references to others: (target index, reference), first link to each target.
type Outgoing = Vec<(usize, Reference)>;

/// [`references`] and [`broken_file_links`] of a corpus whose `documents`, `pages`, `sections`
/// and `slugs` are set, reusing what `cache` holds for unchanged documents.
pub(crate) fn references_with(
    corpus: &super::Corpus,
    base_url: &str,
    base_path: &str,
    cache: &mut LinksCache,
) -> Found {
    let mut hasher = super::stable_hasher();
    (base_url, base_path).hash(&mut hasher);
    for list in [&corpus.documents, &corpus.pages, &corpus.sections] {
        list.len().hash(&mut hasher);
        for doc in list {
            (&doc.rel_path, &doc.slug).hash(&mut hasher);
        }
    }
    let names = hasher.finish();
    corpus
        .all_documents()
        .for_each(|d| d.body.digest.hash(&mut hasher));
    let everything = hasher.finish();
    if let Some((key, last)) = &cache.last {
        if *key == everything {
            return last.clone();
        }
    }
    if cache.names != names {
        cache.outgoing.clear();
        cache.broken.clear();
        cache.names = names;
    }
    let maps = Maps::new(&corpus.documents);
    // Whether some document links elsewhere than last time (a body edit that keeps its links
    // leaves every reference as it was).
    let mut relinked = cache.outgoing.len() != corpus.documents.len();
    for (from, doc) in corpus.documents.iter().enumerate() {
        let key = (from, doc.body.digest);
        match cache.outgoing.get_mut(&doc.rel_path) {
            Some((k, _)) if *k == key => {}
            Some((k, list)) => {
                let new = maps.outgoing(from, doc, base_url, base_path);
                relinked |= k.0 != from || *list != new;
                *k = key;
                *list = new;
            }
            None => {
                relinked = true;
                let new = maps.outgoing(from, doc, base_url, base_path);
                cache.outgoing.insert(doc.rel_path.clone(), (key, new));
            }
        }
    }
    let mut warnings = Vec::new();
    for doc in corpus.all_documents() {
        match cache.broken.get(&doc.rel_path) {
            Some((digest, found)) if *digest == doc.body.digest => {
                warnings.extend_from_slice(found)
            }
            _ => {
                let found = broken_links_of(doc, &corpus.slugs);
                warnings.extend_from_slice(&found);
                cache
                    .broken
                    .insert(doc.rel_path.clone(), (doc.body.digest, found));
            }
        }
    }
    let references = match &cache.last {
        Some((_, (references, _))) if !relinked => references.clone(),
        _ => {
            let lists = corpus
                .documents
                .iter()
                .filter_map(|doc| cache.outgoing.get(&doc.rel_path).map(|(_, list)| list));
            Arc::new(assemble(corpus.documents.len(), lists))
        }
    };
    let found = (references, warnings);
    cache.last = Some((everything, found.clone()));
    found
}

/// One resolved link from one document to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The linking document (index into `Corpus::documents`).
    pub from: usize,
    /// The passage index in the linking document, when the link sits in one.
    pub passage: Option<usize>,
    /// The sentence around the link.
    pub sentence: String,
}

/// Each document's outgoing references (in corpus order) turned into each target's list.
fn assemble<'o>(count: usize, lists: impl Iterator<Item = &'o Outgoing>) -> Vec<Vec<Reference>> {
    let mut out = vec![Vec::new(); count];
    for (to, reference) in lists.flatten() {
        if let Some(list) = out.get_mut(*to) {
            list.push(reference.clone());
        }
    }
    out
}

/// Documents by content path and by URL path, to look link targets up.
struct Maps<'d> {
    by_rel: foldhash::HashMap<&'d str, usize>,
    by_slug: foldhash::HashMap<&'d str, usize>,
}

impl<'d> Maps<'d> {
    fn new(documents: &'d [Document]) -> Maps<'d> {
        Maps {
            by_rel: documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.rel_path.as_str(), i))
                .collect(),
            by_slug: documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.slug.as_str(), i))
                .collect(),
        }
    }

    /// The documents `doc` (at index `from`) links to, by its first link to each.
    fn outgoing(&self, from: usize, doc: &Document, base_url: &str, base_path: &str) -> Outgoing {
        let mut out: Outgoing = Vec::new();
        for link in &doc.body.links {
            let target =
                resolve(&link.dest, &doc.rel_path, base_url, base_path).and_then(|t| match t {
                    Target::File(rel) => self.by_rel.get(rel.as_str()).copied(),
                    Target::Slug(slug) => self.by_slug.get(slug.as_str()).copied(),
                });
            let Some(to) = target.filter(|&to| to != from) else {
                continue;
            };
            if out.iter().any(|(t, _)| *t == to) {
                continue;
            }
            let passage = link.passage.map(|n| n - 1);
            let sentence = passage
                .and_then(|p| doc.body.passages.get(p))
                .map(|p| sentence_around(&p.text, link.text.clone()))
                .unwrap_or_default();
            out.push((
                to,
                Reference {
                    from,
                    passage,
                    sentence,
                },
            ));
        }
        out
    }
}

/// The warnings for one document's links to content files that are not documents (`slugs`
/// has every document's content path as a key).
fn broken_links_of(
    doc: &Document,
    slugs: &std::collections::BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for link in &doc.body.links {
        let Some(Target::File(rel)) = resolve(&link.dest, &doc.rel_path, "", "/") else {
            continue;
        };
        if !slugs.contains_key(&rel) {
            warnings.push(
                Diagnostic::new(
                    &doc.path,
                    format!("link to {:?}: no such document in content/", link.dest),
                )
                .hint("fix the path (it is relative to this file), or link to a page URL"),
            );
        }
    }
    warnings
}

/// Where a link points, before looking it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A content file, relative to `content/` (`notes/other.md`).
    File(String),
    /// A document URL path without slashes around it (`notes/other`).
    Slug(String),
}

/// Resolves a link written in the document at `from_rel` (a path under `content/`).
pub(crate) fn resolve(
    dest: &str,
    from_rel: &str,
    base_url: &str,
    base_path: &str,
) -> Option<Target> {
    let dest = dest.split(['#', '?']).next().unwrap_or("");
    if dest.is_empty() {
        return None;
    }
    // Zola's internal links name a content file from the content folder: `@/blog/post.md`.
    if let Some(rest) = dest.strip_prefix("@/") {
        return normalize(rest).map(Target::File);
    }
    let path = if let Some(rest) = dest
        .strip_prefix(base_url)
        .filter(|_| base_url.contains("://"))
    {
        format!("/{rest}")
    } else if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("//") {
        return None;
    } else {
        dest.to_string()
    };
    let lower = path.to_ascii_lowercase();
    if [".md", ".markdown", ".txt"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        let joined = if path.starts_with('/') {
            path.trim_start_matches('/').to_string()
        } else {
            join(dir_of(from_rel), &path)
        };
        return normalize(&joined).map(Target::File);
    }
    let absolute = match path.strip_prefix(base_path) {
        Some(rest) if path.starts_with('/') => rest.to_string(),
        _ if path.starts_with('/') => path.trim_start_matches('/').to_string(),
        // A relative URL is relative to the linking page's URL, one folder below its slug's parent.
        _ => join(&page_dir(from_rel), &path),
    };
    normalize(&absolute).map(|p| Target::Slug(p.trim_matches('/').to_string()))
}

fn dir_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The URL folder of a document's page: `notes/a.md` is served at `/notes/a/`.
fn page_dir(rel: &str) -> String {
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    stem.to_string()
}

fn join(dir: &str, path: &str) -> String {
    if dir.is_empty() {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    }
}

/// Resolves `.` and `..`; `None` when the path climbs above the root.
pub(crate) use crate::parse::url::normalize_path as normalize;

/// The sentence of `text` that holds `range` (whole text when it has no sentence breaks).
pub(crate) fn sentence_around(text: &str, range: std::ops::Range<usize>) -> String {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    let begin = text[..start].rfind(". ").map_or(0, |i| i + 2);
    let finish = text[end..].find(". ").map_or(text.len(), |i| end + i + 1);
    text[begin..finish].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(dest: &str, from: &str) -> Option<Target> {
        resolve(dest, from, "https://org.github.io/briefs/", "/briefs/")
    }

    #[test]
    fn resolution_table() {
        let file = |s: &str| Some(Target::File(s.into()));
        let slug = |s: &str| Some(Target::Slug(s.into()));
        assert_eq!(target("other.md", "a.md"), file("other.md"));
        assert_eq!(
            target("../notes/other.md#x", "memos/a.md"),
            file("notes/other.md")
        );
        assert_eq!(target("./b.txt", "notes/a.md"), file("notes/b.txt"));
        assert_eq!(target("/briefs/other/", "a.md"), slug("other"));
        assert_eq!(target("/other/", "a.md"), slug("other"));
        assert_eq!(target("../other/", "a.md"), slug("other"));
        assert_eq!(
            target("https://org.github.io/briefs/notes/x/", "a.md"),
            slug("notes/x")
        );
        assert_eq!(target("https://example.org/x/", "a.md"), None);
        assert_eq!(target("#p-3", "a.md"), None);
        assert_eq!(target("../../../../etc.md", "a.md"), None);
    }

    #[test]
    fn sentences() {
        let text = "First one. The link is here in two. Last.";
        let at = text.find("link").unwrap();
        assert_eq!(
            sentence_around(text, at..at + 4),
            "The link is here in two."
        );
        assert_eq!(sentence_around("No breaks", 3..5), "No breaks");
    }
}
