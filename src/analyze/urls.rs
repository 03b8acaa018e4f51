//! Keeping apart the URLs of dated file names that differ only by their date.
//!
//! Jekyll keeps `2023-05-08-award.md` and `2024-01-12-award.md` apart by putting the date in
//! the URL; dossier's URLs leave the date out, so a yearly series would collide on `/award/`.
//! When documents share a URL and at least one took it from a dated file name (no `slug`,
//! `permalink`, `url` or `path` in its front matter), the oldest keeps the URL and each later
//! one gets its year added (`/award-2024/`; the whole date when the year is taken too), with a
//! warning. A clash between URLs the user set explicitly stays an error (`check_slugs`).
//!
//! The change is undone at the start of every run (`Document::parsed_slug`), so `dossier
//! serve`, which analyses the same documents again after an edit, gets what a fresh build gets.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use super::order::folded;
use crate::error::Diagnostic;
use crate::parse::slug::strip_date_prefix;
use crate::parse::Document;

/// Gives later dated documents that share a URL their own; returns a warning for each.
pub(crate) fn separate_dated(documents: &mut [Document]) -> Vec<Diagnostic> {
    for doc in documents.iter_mut() {
        if let Some(parsed) = doc.parsed_slug.take() {
            doc.slug = parsed;
        }
    }
    let groups = shared_urls(documents);
    if groups.is_empty() {
        return Vec::new();
    }
    let mut taken: HashSet<String> = documents.iter().map(|d| d.slug.to_lowercase()).collect();
    let mut warnings = Vec::new();
    for mut group in groups {
        // Oldest first; the order never depends on the file system.
        group.sort_by(|&a, &b| {
            let (a, b) = (&documents[a], &documents[b]);
            a.date
                .cmp(&b.date)
                .then_with(|| a.rel_path.cmp(&b.rel_path))
        });
        // A URL the user chose stays; else the oldest document keeps it.
        let first = group
            .iter()
            .copied()
            .find(|&i| documents[i].explicit_slug)
            .unwrap_or(group[0]);
        for &i in group.iter().filter(|&&i| i != first) {
            if !from_dated_file_name(&documents[i]) {
                continue;
            }
            let Some(slug) = separated_slug(&documents[i], &taken) else {
                continue;
            };
            taken.insert(slug.to_lowercase());
            let warning = Diagnostic::new(
                &documents[i].path,
                format!(
                    "{} is also at /{}/: this document is at /{slug}/",
                    documents[first].path.display(),
                    documents[i].slug
                ),
            )
            .hint("set a `slug:` in the front matter to choose the URL");
            warnings.push(warning);
            let doc = &mut documents[i];
            doc.parsed_slug = Some(std::mem::replace(&mut doc.slug, slug));
        }
    }
    warnings
}

/// The positions of the documents that share a URL (compared case-insensitively), one group
/// per URL, in the order of the URLs (never of the input, which differs between a build and
/// `dossier serve`); nothing is copied for the slugs that are lower-case already (most).
fn shared_urls(documents: &[Document]) -> Vec<Vec<usize>> {
    let mut first: foldhash::HashMap<Cow<str>, usize> =
        foldhash::HashMap::with_capacity_and_hasher(documents.len(), Default::default());
    let mut groups: BTreeMap<Cow<str>, Vec<usize>> = BTreeMap::new();
    for (i, doc) in documents.iter().enumerate() {
        let key = folded(&doc.slug);
        match first.get(&key) {
            Some(&at) => groups.entry(key).or_insert_with(|| vec![at]).push(i),
            None => {
                first.insert(key, i);
            }
        }
    }
    groups.into_values().collect()
}

fn from_dated_file_name(doc: &Document) -> bool {
    let name = doc.rel_path.rsplit('/').next().unwrap_or(&doc.rel_path);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    !doc.explicit_slug && !doc.is_section_index && strip_date_prefix(stem).1.is_some()
}

/// `award-2024`, else `award-2024-01-12`, whichever is free.
fn separated_slug(doc: &Document, taken: &HashSet<String>) -> Option<String> {
    let date = doc.date?;
    [
        format!("{}-{}", doc.slug, date.year()),
        format!("{}-{}", doc.slug, date.iso()),
    ]
    .into_iter()
    .find(|s| !taken.contains(&s.to_lowercase()))
}

/// Leaves out what Hugo never shows: a headless bundle (`headless: true`), a page with
/// `build: {render: never, list: never}` (or `_build`), and every document below a section
/// whose `cascade` says so (Hugo's docs keep include-only snippets in `_common/`).
pub(crate) fn drop_headless(documents: &mut Vec<Document>) {
    use serde_json::Value;
    // Neither rendered nor listed: a page only rendered in lists (`list: local`, Hugo's
    // glossary terms) is kept as a page of its own, so its text still reaches readers.
    let no = |v: Option<&Value>| {
        matches!(v, Some(Value::Bool(false)))
            || matches!(v.and_then(Value::as_str), Some("never" | "false"))
    };
    let never = |build: Option<&Value>| {
        no(build.and_then(|b| b.get("render"))) && no(build.and_then(|b| b.get("list")))
    };
    let own = |d: &Document| {
        d.extra.get("headless").and_then(Value::as_bool) == Some(true)
            || never(d.extra.get("build").or_else(|| d.extra.get("_build")))
    };
    let folders: Vec<String> = documents
        .iter()
        .filter(|d| d.is_section_index)
        .filter(|d| {
            let cascade = d.extra.get("cascade");
            never(cascade.and_then(|c| c.get("build").or_else(|| c.get("_build"))))
        })
        .map(|d| format!("{}/", parent(&d.rel_path)))
        .collect();
    documents.retain(|d| !own(d) && !folders.iter().any(|f| d.rel_path.starts_with(f.as_str())));
}

/// Positions of the leaf bundles among `documents`: an `index.md` (not `_index.md`, not the
/// site's root) whose folder holds no other document is the page of its folder's bundle, an
/// ordinary document at `/<folder>/` (Hugo's leaf bundle), not a section listing nothing.
pub(crate) fn leaf_bundles(documents: &[Document]) -> HashSet<usize> {
    // The folders of the candidates; a folder with a document below it is not a bundle.
    let mut folders: foldhash::HashMap<&str, Vec<usize>> = Default::default();
    for (i, d) in documents.iter().enumerate() {
        if !d.is_section_index || d.slug.is_empty() {
            continue;
        }
        let name = d.rel_path.rsplit('/').next().unwrap_or("");
        if !name.starts_with('_') {
            folders.entry(parent(&d.rel_path)).or_default().push(i);
        }
    }
    for doc in documents {
        if folders.is_empty() {
            break;
        }
        let mut dir = doc.rel_path.as_str();
        // A section's own folder does not count: only what is below it.
        if doc.is_section_index {
            dir = parent(dir);
        }
        while !dir.is_empty() {
            dir = parent(dir);
            folders.remove(dir);
        }
    }
    folders.into_values().flatten().collect()
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// A page at an old URL that sends readers to a document's page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Redirect {
    /// The old URL path, without slashes around it (`old/path`).
    pub from: String,
    /// The document's URL path (its slug).
    pub to: String,
    /// The document's title, for the link text.
    pub title: String,
}

/// The redirects the documents ask for, by old URL; an alias that is another page's URL, a
/// reserved URL or another document's alias too is left out with a warning.
pub(crate) fn redirects(corpus: &super::Corpus) -> (Vec<Redirect>, Vec<Diagnostic>) {
    if corpus.all_documents().all(|d| d.aliases.is_empty()) {
        return (Vec::new(), Vec::new());
    }
    let taken: HashSet<Cow<str>> = corpus.all_documents().map(|d| folded(&d.slug)).collect();
    let mut out: BTreeMap<String, Redirect> = Default::default();
    let mut warnings = Vec::new();
    for doc in corpus.all_documents() {
        for alias in &doc.aliases {
            let key = alias.to_lowercase();
            let first = key.split('/').next().unwrap_or("");
            let problem = if taken.contains(key.as_str()) {
                Some("a page is already there")
            } else if super::RESERVED_SLUGS.contains(&first) {
                Some("the URL is reserved for the site's own pages")
            } else if out.contains_key(&key) {
                Some("another document has the same alias")
            } else {
                None
            };
            if let Some(problem) = problem {
                warnings.push(
                    Diagnostic::new(
                        &doc.path,
                        format!("alias /{alias}/ is not written: {problem}"),
                    )
                    .hint("remove the alias or change it"),
                );
                continue;
            }
            out.insert(
                key,
                Redirect {
                    from: alias.clone(),
                    to: doc.slug.clone(),
                    title: doc.title.clone(),
                },
            );
        }
    }
    (out.into_values().collect(), warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parsed_for_tests;

    #[test]
    fn a_yearly_series_gets_the_year_added() {
        let mut docs = vec![
            parsed_for_tests("_posts/2024-01-12-award.md", "# Award 2024\n"),
            parsed_for_tests("_posts/2023-05-08-award.md", "# Award 2023\n"),
            parsed_for_tests("_posts/2025-01-12-award.md", "# Award 2025\n"),
        ];
        let warnings = separate_dated(&mut docs);
        let slugs: Vec<&str> = docs.iter().map(|d| d.slug.as_str()).collect();
        assert_eq!(slugs, ["award-2024", "award", "award-2025"]);
        assert_eq!(warnings.len(), 2);
        assert!(
            warnings[0].message.contains("/award-2024/"),
            "{}",
            warnings[0]
        );
        // A second run (serve) starts from the parsed slugs and gives the same.
        docs.remove(1);
        separate_dated(&mut docs);
        let slugs: Vec<&str> = docs.iter().map(|d| d.slug.as_str()).collect();
        assert_eq!(slugs, ["award", "award-2025"]);
    }

    #[test]
    fn an_index_alone_in_its_folder_is_a_leaf_bundle() {
        let docs = vec![
            parsed_for_tests("index.md", "# Home\n"),
            parsed_for_tests("post/x/index.md", "# X\n"),
            parsed_for_tests("notes/index.md", "# Notes\n"),
            parsed_for_tests("notes/a.md", "# A\n"),
            parsed_for_tests("guide/index.md", "# Guide\n"),
            parsed_for_tests("guide/deep/index.md", "# Deep\n"),
            parsed_for_tests("empty/_index.md", "# Empty section\n"),
        ];
        let mut leaves: Vec<&str> = leaf_bundles(&docs)
            .into_iter()
            .map(|i| docs[i].rel_path.as_str())
            .collect();
        leaves.sort();
        assert_eq!(leaves, ["guide/deep/index.md", "post/x/index.md"]);
    }

    #[test]
    fn what_hugo_never_renders_is_left_out() {
        let mut docs = vec![
            parsed_for_tests(
                "_common/_index.md",
                "---\ncascade:\n  build:\n    render: never\n    list: never\n---\n",
            ),
            parsed_for_tests("_common/snippet.md", "A snippet.\n"),
            parsed_for_tests(
                "glossary/_index.md",
                "---\ncascade:\n  build:\n    render: never\n    list: local\n---\n",
            ),
            parsed_for_tests("glossary/term.md", "A term.\n"),
            parsed_for_tests("bundle/index.md", "---\nheadless: true\n---\n"),
            parsed_for_tests("kept.md", "---\nbuild:\n  render: always\n---\n"),
        ];
        drop_headless(&mut docs);
        let rels: Vec<&str> = docs.iter().map(|d| d.rel_path.as_str()).collect();
        assert_eq!(rels, ["glossary/_index.md", "glossary/term.md", "kept.md"]);
    }

    #[test]
    fn explicit_slugs_are_left_to_clash() {
        let mut docs = vec![
            parsed_for_tests("a.md", "---\nslug: same\ndate: 2023-01-01\n---\n"),
            parsed_for_tests("b.md", "---\nslug: same\ndate: 2024-01-01\n---\n"),
        ];
        assert!(separate_dated(&mut docs).is_empty());
        assert_eq!(docs[1].slug, "same");
        // A dated file name gives way to a URL the user chose, even when older.
        let mut docs = vec![
            parsed_for_tests("2020-01-01-same.md", "# Old\n"),
            parsed_for_tests("b.md", "---\nslug: same\ndate: 2024-01-01\n---\n"),
        ];
        assert_eq!(separate_dated(&mut docs).len(), 1);
        assert_eq!(
            (docs[0].slug.as_str(), docs[1].slug.as_str()),
            ("same-2020", "same")
        );
    }
}
