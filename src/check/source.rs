//! From a broken link in a generated page back to the line of the document that wrote it.
//!
//! A document's page holds its body HTML, where each link is the one the editor wrote (a missing
//! `other.md` stays as written; an existing one became the target's URL; a root-relative `/x/`
//! got the base path). [`locate`] finds the body link that produced the broken `href`, then its
//! line: the passage's byte range in the body source narrows the search for the link's
//! destination, and the body's first line (after the front matter) turns the offset into a line
//! of the file.

use std::collections::BTreeMap;

use super::links::{Base, LinkProblem};
use crate::analyze::links::{resolve, Target};
use crate::analyze::Corpus;
use crate::parse::body::LinkRef;
use crate::parse::Document;

/// A document's body source and the 1-based line of the file where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    pub body: String,
    pub body_line: usize,
}

/// Body sources by content path (`notes/a.md`).
pub(crate) type Sources = BTreeMap<String, SourceText>;

/// Where a broken link was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    pub file: String,
    pub line: usize,
    /// For a link to a missing content file: the closest existing one, as the link would write it.
    pub file_suggestion: Option<String>,
}

/// The document line that wrote the broken link, when the link came from a document's body.
pub(crate) fn locate(
    problem: &LinkProblem,
    corpus: &Corpus,
    sources: &Sources,
    base: Base,
) -> Option<Located> {
    let doc = corpus
        .all_documents()
        .find(|d| page_of(d) == problem.page)?;
    let source = sources.get(&doc.rel_path);
    let Some(link) = doc
        .body
        .links
        .iter()
        .find(|l| dest_matches(l, &problem.href, doc, corpus, base))
    else {
        // Images and other `src`s are not recorded as links: find what was written instead
        // (a file next to the document was written relative to the document's folder).
        let written = relative_asset(&problem.href, &doc.rel_path, base);
        let line = source.and_then(|s| {
            line_of_text(s, &problem.href).or_else(|| line_of_text(s, written.as_deref()?))
        })?;
        return Some(Located {
            file: doc.path.display().to_string(),
            line,
            file_suggestion: None,
        });
    };
    let line = source.map_or(1, |s| line_of_link(s, doc, link));
    Some(Located {
        file: doc.path.display().to_string(),
        line,
        file_suggestion: file_suggestion(&link.dest, doc, corpus),
    })
}

/// How a file next to the document was written in its body, from the URL it became:
/// `/briefs/guide/img/a.png` from `guide/chapter.md` -> `img/a.png`.
fn relative_asset(href: &str, from_rel: &str, base: Base) -> Option<String> {
    let path = href.strip_prefix(base.path)?;
    let dir = from_rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let rel = if dir.is_empty() {
        path
    } else {
        path.strip_prefix(dir)?.strip_prefix('/')?
    };
    Some(rel.to_string())
}

/// The line where `(dest` is written in the body (a markdown link or image), if it is.
fn line_of_text(source: &SourceText, dest: &str) -> Option<usize> {
    let offset = source.body.find(&format!("({dest}"))?;
    Some(source.body_line + line_offset(&source.body, offset))
}

/// The output path of a document's page.
pub(crate) fn page_of(doc: &Document) -> String {
    if doc.slug.is_empty() {
        "index.html".into()
    } else {
        format!("{}/index.html", doc.slug)
    }
}

/// Whether the body link written as `link.dest` became `href` in the page.
fn dest_matches(link: &LinkRef, href: &str, doc: &Document, corpus: &Corpus, base: Base) -> bool {
    let dest = link.dest.as_str();
    if dest == href {
        return true;
    }
    if let Some(rest) = dest.strip_prefix('/') {
        if href == format!("{}{rest}", base.path) {
            return true;
        }
    }
    let page_url = |p: &str| format!("{}{p}", base.path);
    if crate::render::content_links::asset_url(dest, &doc.rel_path, &page_url).as_deref()
        == Some(href)
    {
        return true;
    }
    let (path, fragment) = dest.split_once('#').map_or((dest, ""), |(p, f)| (p, f));
    let Some(Target::File(rel)) = resolve(path, &doc.rel_path, "", "/") else {
        return false;
    };
    corpus.slugs().get(&rel).is_some_and(|slug| {
        let url = if slug.is_empty() {
            base.path.to_string()
        } else {
            format!("{}{slug}/", base.path)
        };
        let written = if fragment.is_empty() {
            url
        } else {
            format!("{url}#{fragment}")
        };
        written == href
    })
}

/// The line of the file where `link` is written.
fn line_of_link(source: &SourceText, doc: &Document, link: &LinkRef) -> usize {
    let body = &source.body;
    let range = link
        .passage
        .and_then(|n| doc.body.passages.get(n.checked_sub(1)?))
        .map(|p| p.source_range.clone())
        .filter(|r| body.get(r.clone()).is_some())
        .unwrap_or(0..body.len());
    let needle = format!("({}", link.dest);
    let offset = find_in(body, range.clone(), &needle)
        .map(|i| i + 1)
        .or_else(|| find_in(body, range.clone(), &link.dest))
        .unwrap_or(range.start);
    source.body_line + line_offset(body, offset)
}

fn find_in(body: &str, range: std::ops::Range<usize>, needle: &str) -> Option<usize> {
    body.get(range.clone())?
        .find(needle)
        .map(|i| range.start + i)
}

/// How many lines below the start of `text` the byte `offset` is.
pub(crate) fn line_offset(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// For a link to a content file that does not exist: the closest content file, written relative
/// to the linking document as the editor would write it.
fn file_suggestion(dest: &str, doc: &Document, corpus: &Corpus) -> Option<String> {
    let path = dest.split('#').next().unwrap_or("");
    let Some(Target::File(missing)) = resolve(path, &doc.rel_path, "", "/") else {
        return None;
    };
    let best = super::links::closest(&missing, corpus.slugs().keys().map(String::as_str), 0.7)?;
    Some(relative_to(&doc.rel_path, &best))
}

/// `to` written relative to the folder of `from` (`notes/a.md`, `b.md` -> `../b.md`).
pub(crate) fn relative_to(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dirs.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::body::{Passage, PassageKind};

    #[test]
    fn relative_paths() {
        assert_eq!(relative_to("a.md", "b.md"), "b.md");
        assert_eq!(relative_to("notes/a.md", "b.md"), "../b.md");
        assert_eq!(relative_to("notes/a.md", "notes/c/d.md"), "c/d.md");
    }

    #[test]
    fn link_lines_count_from_the_body_start() {
        let body = "Intro.\n\nSee [x](other.md) and\n[y](gone.md).\n".to_string();
        let mut doc = Document::empty_for_tests("a");
        doc.body.passages = vec![
            Passage {
                number: 1,
                kind: PassageKind::Paragraph,
                text: "Intro.".into(),
                source_range: 0..6,
                masked: vec![],
                code: vec![],
            },
            Passage {
                number: 2,
                kind: PassageKind::Paragraph,
                text: "See x and y.".into(),
                source_range: 8..body.len(),
                masked: vec![],
                code: vec![],
            },
        ];
        let link = LinkRef {
            dest: "gone.md".into(),
            passage: Some(2),
            text: 0..1,
        };
        let source = SourceText { body, body_line: 5 };
        assert_eq!(line_of_link(&source, &doc, &link), 8);
        let outside = LinkRef {
            passage: None,
            ..link
        };
        assert_eq!(line_of_link(&source, &doc, &outside), 8);
        assert_eq!(line_of_text(&source, "other.md"), Some(7));
        assert_eq!(line_of_text(&source, "nowhere.png"), None);
    }
}
