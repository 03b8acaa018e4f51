//! Document views: everything a document's page shows (its body with content links resolved
//! and topic mentions linked, its topics, related documents, references and events).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{DateView, EventView, FormatView, TopicLinkView, Views};
use crate::parse::body::Heading;
use crate::parse::{DocKind, Document};
use crate::render::autolink::autolink;
use crate::render::reads::reading_minutes;

/// One entry of a document's table of contents.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TocEntryView<'a> {
    pub level: u8,
    pub id: &'a str,
    pub text: &'a str,
}

/// `doc` on a document page: everything about one document.
#[derive(Debug, Serialize)]
pub(crate) struct DocView<'a> {
    pub slug: &'a str,
    /// The folders the document sits in that have a section page (`content/<folder>/index.md`),
    /// outermost first, for the breadcrumbs.
    pub sections: Vec<super::LinkView<'a>>,
    pub url: String,
    pub permalink: String,
    pub title: &'a str,
    pub date: Option<DateView>,
    pub updated: Option<DateView>,
    pub authors: &'a [String],
    pub publisher: Option<&'a str>,
    /// The original's URL.
    pub source: Option<&'a str>,
    pub description: Option<&'a str>,
    pub summary: &'a str,
    pub topics: Vec<TopicLinkView<'a>>,
    pub toc: Vec<TocEntryView<'a>>,
    /// The rendered body: HTML produced by dossier's parser, all document text escaped, with
    /// topic mentions linked.
    pub body_html: Cow<'a, str>,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub passage_count: usize,
    pub image: Option<&'a str>,
    /// `markdown` or `text`.
    pub format: FormatView,
    /// Front-matter keys dossier does not know.
    pub extra: &'a BTreeMap<String, serde_json::Value>,
    /// Related documents, best first, with the reason.
    pub related: Vec<RelatedDocView<'a>>,
    /// Documents that link to this one.
    pub referenced_by: Vec<ReferenceView<'a>>,
    /// "Dates in this document": the events it tells, oldest first, with its own sentences.
    pub events: Vec<EventView<'a>>,
}

/// A related document and why it is related.
#[derive(Debug, Serialize)]
pub(crate) struct RelatedDocView<'a> {
    pub url: String,
    pub title: &'a str,
    pub date: Option<DateView>,
    /// `shares: Taiwan, AUKUS`, or `similar wording`.
    pub reason: String,
    pub shared_topics: Vec<TopicLinkView<'a>>,
}

/// A document that links to this one, with the linking sentence.
#[derive(Debug, Serialize)]
pub(crate) struct ReferenceView<'a> {
    /// The linking passage: `/other/#p-4`.
    pub url: String,
    pub title: &'a str,
    pub sentence: &'a str,
}

impl<'a> Views<'a> {
    /// The body as pages show it: content-file links resolved, topic mentions linked.
    pub(super) fn body_html(&self, doc: &'a Document, index: Option<usize>) -> Cow<'a, str> {
        let url = |slug: &str| self.url(slug);
        let slug_of = |rel: &str| self.read.content_path(rel);
        let html =
            crate::render::content_links::rewrite(&doc.body.html, &doc.rel_path, &slug_of, &url);
        match self.autolink_targets(index) {
            Some(targets) => Cow::Owned(autolink(
                &html,
                self.read.matcher(),
                &targets,
                self.config.topics.autolink,
            )),
            None => html,
        }
    }

    /// Topic index -> topic URL for the topics a listed document is filed under.
    pub(super) fn autolink_targets(&self, index: Option<usize>) -> Option<HashMap<usize, String>> {
        let list = self.read.doc_topics(index?);
        let targets: HashMap<usize, String> = list
            .iter()
            .filter_map(|&(t, _)| Some((t, self.topic_url(self.read.topic_head(t)?.slug))))
            .collect();
        (!targets.is_empty() && self.config.topics.autolink != crate::config::AutolinkMode::None)
            .then_some(targets)
    }

    /// The full view of a document; `index` is its position among the listed documents.
    pub(crate) fn document(&self, doc: &'a Document, index: Option<usize>) -> DocView<'a> {
        let url = self.url(&doc.slug);
        DocView {
            sections: self.sections_above(&doc.slug),
            slug: &doc.slug,
            permalink: self.permalink(&url),
            url,
            title: &doc.title,
            date: doc.date.as_ref().map(DateView::new),
            updated: doc.updated.as_ref().map(DateView::new),
            authors: &doc.authors,
            publisher: doc.publisher.as_deref(),
            source: doc.source.as_deref(),
            description: doc.description.as_deref(),
            summary: &doc.summary,
            topics: self.topics_of(index),
            toc: toc(&doc.body.headings, self.config.markdown.toc_depth),
            body_html: self.body_html(doc, index),
            word_count: doc.body.word_count,
            reading_minutes: reading_minutes(doc.body.word_count),
            passage_count: doc.body.passages.len(),
            image: doc.image.as_deref(),
            format: match doc.kind {
                DocKind::Markdown => FormatView::Markdown,
                DocKind::PlainText => FormatView::Text,
            },
            extra: &doc.extra,
            related: self.related_of(index),
            referenced_by: self.references_of(index),
            events: index.map_or_else(Vec::new, |i| self.document_events(i)),
        }
    }

    /// The section pages of the folders above a page at URL path `slug`, outermost first.
    fn sections_above(&self, slug: &str) -> Vec<super::LinkView<'a>> {
        (0..self.read.section_count())
            .filter_map(|i| self.read.section_head(i))
            .filter(|s| !s.slug.is_empty() && slug.starts_with(&format!("{}/", s.slug)))
            .map(|s| super::LinkView {
                title: s.title,
                url: self.url(s.slug),
            })
            .collect()
    }

    pub(crate) fn related_of(&self, index: Option<usize>) -> Vec<RelatedDocView<'a>> {
        let Some(i) = index else {
            return Vec::new();
        };
        self.read
            .related(i)
            .iter()
            .filter_map(|r| {
                let doc = self.read.listed_head(r.doc)?;
                let shared: Vec<TopicLinkView<'a>> = r
                    .shared_topics
                    .iter()
                    .filter_map(|&t| self.topic_link(t))
                    .collect();
                let reason = if shared.is_empty() {
                    "similar wording".to_string()
                } else {
                    let names: Vec<&str> = shared.iter().take(3).map(|t| t.name).collect();
                    format!("shares: {}", names.join(", "))
                };
                Some(RelatedDocView {
                    url: self.url(doc.slug),
                    title: doc.title,
                    date: self.listed_date(r.doc, doc.date),
                    reason,
                    shared_topics: shared,
                })
            })
            .collect()
    }

    pub(crate) fn references_of(&self, index: Option<usize>) -> Vec<ReferenceView<'a>> {
        let Some(i) = index else {
            return Vec::new();
        };
        self.read
            .references(i)
            .iter()
            .filter_map(|r| {
                let doc = self.read.listed_head(r.from)?;
                let anchor = r
                    .passage
                    .map(|p| format!("#p-{}", p + 1))
                    .unwrap_or_default();
                Some(ReferenceView {
                    url: format!("{}{anchor}", self.url(doc.slug)),
                    title: doc.title,
                    sentence: &r.sentence,
                })
            })
            .collect()
    }
}

fn toc(headings: &[Heading], depth: u8) -> Vec<TocEntryView<'_>> {
    headings
        .iter()
        .filter(|h| h.level <= depth)
        .map(|h| TocEntryView {
            level: h.level,
            id: &h.id,
            text: &h.text,
        })
        .collect()
}
