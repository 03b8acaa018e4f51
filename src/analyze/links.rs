//! Links between documents: which document links to which, and with what sentence.
//!
//! A link in a document's body may name another document by its file (`other.md`,
//! `../notes/other.md#x`) or by its URL (`/other/`, `../other/`, `/briefs/other/`, or the
//! absolute URL under `base_url`). [`resolve`] maps each to a document index; the result feeds
//! "Referenced by" on the target's page, quoting the sentence that holds the link. A link to a
//! content file that is not a document is a warning.
//!
//! Resolving one document's links is a per-document step of the generic memo (`memo.rs`): its
//! input is the document's body, its place among the listed documents and the names links
//! resolve against ([`Names`], printed once per run), so `dossier serve` resolves again only
//! the edited documents' links, and every document's when a path or slug changes.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use super::memo::PerDocument;
use crate::error::Diagnostic;
use crate::parse::body::Body;
use crate::parse::Document;

/// What [`references`] keeps from the last run (`dossier serve`; a build passes a new one):
/// each document's resolved links, and the references assembled from them (assembled again
/// only when some document's resolved links changed, or a document came or went).
#[derive(Default)]
pub(crate) struct LinksCache {
    resolved: PerDocument<Resolved>,
    references: Option<Arc<Vec<Vec<Reference>>>>,
}

#[cfg(test)]
impl LinksCache {
    /// How many documents' links were resolved so far.
    pub(super) fn resolutions(&self) -> usize {
        self.resolved.runs()
    }

    /// The references of the last run.
    pub(super) fn last_references(&self) -> Option<Arc<Vec<Vec<Reference>>>> {
        self.references.clone()
    }
}

/// Every document's references, and the broken-link warnings.
pub(crate) type Found = (Arc<Vec<Vec<Reference>>>, Vec<Diagnostic>);

/// A document's references to others: (target index, reference), first link to each target.
type Outgoing = Vec<(usize, Reference)>;

/// One document's links, resolved: the listed documents it references, and its links to
/// content files that are not documents.
#[derive(PartialEq)]
struct Resolved {
    outgoing: Outgoing,
    broken: Vec<Diagnostic>,
}

/// For every listed document, the references to it (in corpus order of the linking
/// documents), and a warning for every link to a content file that is not a document, of a
/// corpus whose `documents`, `pages`, `sections` and `slugs` are set.
pub(crate) fn references(
    corpus: &super::Corpus,
    base_url: &str,
    base_path: &str,
    cache: &mut LinksCache,
) -> Found {
    let names = Names::new(corpus, base_url, base_path);
    let listed = corpus
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (Some(i), d));
    let others = corpus
        .pages
        .iter()
        .chain(&corpus.sections)
        .map(|d| (None, d));
    let sources: Vec<LinkSource> = listed
        .chain(others)
        .map(|(index, doc)| LinkSource {
            index,
            path: &doc.path,
            rel_path: &doc.rel_path,
            body: &doc.body,
            names: &names,
        })
        .collect();
    let changed = cache.resolved.refresh(&sources, LinkSource::resolve);
    // In the order of `sources`: the listed documents first.
    let warnings = cache
        .resolved
        .all()
        .flat_map(|r| r.broken.iter().cloned())
        .collect();
    let references = match cache.references.take() {
        Some(references) if !changed => references,
        _ => {
            let lists = cache
                .resolved
                .all()
                .take(corpus.documents.len())
                .map(|r| &r.outgoing);
            Arc::new(assemble(corpus.documents.len(), lists))
        }
    };
    cache.references = Some(references.clone());
    (references, warnings)
}

/// One resolved link from one document to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
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

/// What links resolve against: the listed documents by content path and by URL path, every
/// document's content path, and the base URL and path, with a print of all of it. The maps by
/// content and URL path are made on first use: after an edit that changes no path, only the
/// edited documents' links are resolved, and a document whose links are kept never asks.
struct Names<'c> {
    documents: &'c [Document],
    lookup: OnceLock<Lookup<'c>>,
    /// Content path -> URL path of every document, page and section.
    known: &'c BTreeMap<String, String>,
    base_url: &'c str,
    base_path: &'c str,
    print: u64,
}

/// The listed documents' indices by content path and by URL path.
struct Lookup<'c> {
    by_rel: foldhash::HashMap<&'c str, usize>,
    by_slug: foldhash::HashMap<&'c str, usize>,
}

impl<'c> Names<'c> {
    fn new(corpus: &'c super::Corpus, base_url: &'c str, base_path: &'c str) -> Names<'c> {
        let documents = &corpus.documents;
        let mut hasher = crate::stable_hash::stable_hasher();
        // The maps are printed through what they are made of: every document's content and
        // URL paths, the listed ones first (`Corpus::paths_print`; `slugs` is made of them),
        // and how many are listed.
        (corpus.paths_print, documents.len(), base_url, base_path).hash(&mut hasher);
        Names {
            documents,
            lookup: OnceLock::new(),
            known: &corpus.slugs,
            base_url,
            base_path,
            print: hasher.finish(),
        }
    }

    /// The listed document a link target names.
    fn find(&self, target: &Target) -> Option<usize> {
        let lookup = self.lookup.get_or_init(|| Lookup {
            by_rel: indexed(self.documents, |d| &d.rel_path),
            by_slug: indexed(self.documents, |d| &d.slug),
        });
        match target {
            Target::File(rel) => lookup.by_rel.get(rel.as_str()).copied(),
            Target::Slug(slug) => lookup.by_slug.get(slug.as_str()).copied(),
        }
    }
}

/// Each document's index by `key` (of documents sharing a key, the last).
fn indexed<'c>(
    documents: &'c [Document],
    key: impl Fn(&'c Document) -> &'c String,
) -> foldhash::HashMap<&'c str, usize> {
    documents
        .iter()
        .enumerate()
        .map(|(i, d)| (key(d).as_str(), i))
        .collect()
}

/// One document's links and everything they resolve against: the whole input of
/// [`LinkSource::resolve`], hashed by the memo, so every field is part of the key.
struct LinkSource<'a> {
    /// Its index among the listed documents (`None` for a standalone page or a section, whose
    /// links are checked but not listed under "Referenced by").
    index: Option<usize>,
    path: &'a Path,
    rel_path: &'a str,
    body: &'a Body,
    names: &'a Names<'a>,
}

impl Hash for LinkSource<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // Destructured: a new field does not compile until it is hashed.
        let LinkSource {
            index,
            path,
            rel_path,
            body,
            names,
        } = self;
        // The path's bytes (hashing a `Path` walks its components).
        (index, path.as_os_str(), rel_path, body.digest, names.print).hash(h);
    }
}

impl LinkSource<'_> {
    fn resolve(&self) -> Resolved {
        Resolved {
            outgoing: self
                .index
                .map(|from| self.outgoing(from))
                .unwrap_or_default(),
            broken: self.broken(),
        }
    }

    /// The documents this one (at index `from`) links to, by its first link to each.
    fn outgoing(&self, from: usize) -> Outgoing {
        let names = self.names;
        let mut out: Outgoing = Vec::new();
        for link in &self.body.links {
            let target = resolve(&link.dest, self.rel_path, names.base_url, names.base_path)
                .and_then(|t| names.find(&t));
            let Some(to) = target.filter(|&to| to != from) else {
                continue;
            };
            if out.iter().any(|(t, _)| *t == to) {
                continue;
            }
            let passage = link.passage.map(|n| n - 1);
            let sentence = passage
                .and_then(|p| self.body.passages.get(p))
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

    /// The warnings for this document's links to content files that are not documents.
    fn broken(&self) -> Vec<Diagnostic> {
        let mut warnings = Vec::new();
        for link in &self.body.links {
            let Some(Target::File(rel)) = resolve(&link.dest, self.rel_path, "", "/") else {
                continue;
            };
            if !self.names.known.contains_key(&rel) {
                warnings.push(
                    Diagnostic::new(
                        self.path,
                        format!("link to {:?}: no such document in content/", link.dest),
                    )
                    .hint("fix the path (it is relative to this file), or link to a page URL"),
                );
            }
        }
        warnings
    }
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
