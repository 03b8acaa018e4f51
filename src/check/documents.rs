//! Per-document warnings (no date, a title taken from the file name, no topics) and the output
//! collisions: two documents written to one URL, and names that differ only by case.
//!
//! A build stops at a slug clash; `check` wants to report it and keep checking, so
//! [`split_duplicates`] takes the clashing documents out before analysis and says why.

use std::collections::BTreeMap;

use super::{Finding, FindingKind};
use crate::analyze::Corpus;
use crate::parse::{Document, TitleSource};

/// Warnings about the listed documents and standalone pages.
pub(crate) fn warnings(corpus: &Corpus) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, doc) in corpus.documents().iter().enumerate() {
        let file = doc.path.display().to_string();
        if doc.date.is_none() {
            out.push(
                Finding::warning(FindingKind::NoDate, &file, "document has no date")
                    .hint(Some("add `date: YYYY-MM-DD` to its front matter".into())),
            );
        }
        if corpus.doc_topics().get(i).map_or(true, |t| t.is_empty()) {
            out.push(
                Finding::warning(FindingKind::NoTopics, &file, "document has no topics").hint(
                    Some("add `topics: [...]` to its front matter, or curate topics it mentions in site-config.toml".into()),
                ),
            );
        }
    }
    for doc in corpus.documents().iter().chain(corpus.pages()) {
        if doc.title_source == TitleSource::FileName {
            out.push(
                Finding::warning(
                    FindingKind::TitleFromFileName,
                    doc.path.display().to_string(),
                    format!("title {:?} falls back to the file name", doc.title),
                )
                .hint(Some(
                    "add `title:` to its front matter or a `# Heading` first".into(),
                )),
            );
        }
    }
    out
}

/// Keeps the first document of each URL (in content-path order) and reports the others: the
/// same URL is a duplicate output path, URLs that differ only by case are a case clash.
pub(crate) fn split_duplicates(mut documents: Vec<Document>) -> (Vec<Document>, Vec<Finding>) {
    documents.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    // Dated file names that differ only by date are kept apart, as the build does (analysis
    // does it again and warns).
    crate::analyze::urls::separate_dated(&mut documents);
    let mut first: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut kept = Vec::with_capacity(documents.len());
    let mut findings = Vec::new();
    for doc in documents {
        let key = doc.slug.to_lowercase();
        match first.get(&key) {
            Some((slug, path)) => findings.push(clash(&doc, slug, path)),
            None => {
                first.insert(key, (doc.slug.clone(), doc.path.display().to_string()));
                kept.push(doc);
            }
        }
    }
    (kept, findings)
}

fn clash(doc: &Document, first_slug: &str, first_path: &str) -> Finding {
    let file = doc.path.display().to_string();
    let hint =
        Some("rename one of the files or set a different `slug:` in its front matter".into());
    if doc.slug == first_slug {
        Finding::error(
            FindingKind::DuplicateOutput,
            file,
            format!(
                "duplicate output path /{}/: {first_path} is written there too",
                doc.slug
            ),
        )
        .hint(hint)
    } else {
        Finding::error(
            FindingKind::CaseClash,
            file,
            format!(
                "/{}/ and /{first_slug}/ (from {first_path}) differ only by case",
                doc.slug
            ),
        )
        .hint(hint)
    }
}

/// Output files whose paths differ only by case: one overwrites the other on macOS and Windows.
pub(crate) fn case_clashes<'p>(
    paths: impl Iterator<Item = &'p str>,
    output_label: &str,
) -> Vec<Finding> {
    let mut by_lower: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for path in paths {
        by_lower.entry(path.to_lowercase()).or_default().push(path);
    }
    by_lower
        .into_values()
        .filter(|group| group.len() > 1)
        .map(|mut group| {
            group.sort_unstable();
            let others = group[1..].join(", ");
            Finding::error(
                FindingKind::CaseClash,
                format!("{output_label}/{}", group[0]),
                format!(
                    "output files differ only by case: {} and {others}",
                    group[0]
                ),
            )
            .hint(Some(
                "rename one of them (they collide on case-insensitive file systems)".into(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_and_case_clashes_are_reported_and_taken_out() {
        let mut a = Document::empty_for_tests("shared");
        a.rel_path = "a.md".into();
        let mut b = Document::empty_for_tests("shared");
        b.rel_path = "b.md".into();
        b.path = "content/b.md".into();
        let mut c = Document::empty_for_tests("Shared");
        c.rel_path = "c.md".into();
        c.path = "content/c.md".into();
        let (kept, findings) = split_duplicates(vec![c, b, a]);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].rel_path, "a.md");
        let kinds: Vec<FindingKind> = findings.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [FindingKind::DuplicateOutput, FindingKind::CaseClash]
        );
        assert_eq!(
            findings[0].message,
            "duplicate output path /shared/: content/shared.md is written there too"
        );
    }

    #[test]
    fn case_only_output_names() {
        let found = case_clashes(["a.png", "A.png", "b.png"].into_iter(), "public");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "output files differ only by case: A.png and a.png"
        );
        assert_eq!(found[0].file, "public/A.png");
    }
}
