//! Topic views: links to topics, a topic's page (its documents with their key passages quoted,
//! narrower and related topics, its events) and `/topics/` grouped by kind.

use serde::Serialize;
use std::ops::Range;

use super::{DateView, DocSummaryView, EventView, LinkView, Views};
use crate::analyze::topics::TopicDocument;
use crate::config::TopicKind;
use crate::render::reads::TopicHead;

/// A link to a topic, with a count: documents on `/topics/` and in lists, passages that mention
/// it on a document page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TopicLinkView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub count: usize,
    pub kind: TopicKind,
    /// Discovered from the corpus rather than curated or declared.
    pub suggested: bool,
}

/// A piece of a quoted passage; `mark` pieces are the topic's mentions, `code` pieces the
/// passage's inline code (shown as code, as in the document).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct QuoteSegment<'a> {
    pub text: &'a str,
    pub mark: bool,
    pub code: bool,
}

/// A key passage quoted on a topic page, linking to its place in the document.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PassageQuoteView<'a> {
    /// `p-7`.
    pub anchor: String,
    /// The document's URL with `#p-7`.
    pub url: String,
    /// Text before the first segment was cut (show an ellipsis).
    pub cut_before: bool,
    pub cut_after: bool,
    pub segments: Vec<QuoteSegment<'a>>,
}

/// A document on a topic page, with the passages that discuss the topic.
#[derive(Debug, Serialize)]
pub(crate) struct TopicDocView<'a> {
    pub doc: DocSummaryView<'a>,
    /// The document declares the topic in its front matter.
    pub declared: bool,
    pub mention_count: usize,
    pub passages: Vec<PassageQuoteView<'a>>,
}

/// A topic that travels with another.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RelatedTopicView<'a> {
    pub topic: TopicLinkView<'a>,
    /// Documents the two share.
    pub shared: usize,
    /// How strongly they go together, 0–100.
    pub strength: u32,
}

/// Topics of one kind on `/topics/`.
#[derive(Debug, Serialize)]
pub(crate) struct TopicGroupView<'a> {
    /// `Themes`, `People`, `Organizations`, `Places`, `Agreements`, `Suggested`.
    pub label: &'static str,
    pub topics: Vec<TopicLinkView<'a>>,
}

/// A topic with its documents and passages, for `topic.html`.
#[derive(Debug, Serialize)]
pub(crate) struct TopicView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub feed_url: String,
    pub description: Option<&'a str>,
    pub kind: TopicKind,
    pub suggested: bool,
    pub aliases: &'a [String],
    pub parent: Option<TopicLinkView<'a>>,
    pub children: Vec<TopicLinkView<'a>>,
    /// The newest `[topics] quoted_documents`, each with its key passages, best first (on the
    /// first page only).
    pub documents: Vec<TopicDocView<'a>>,
    /// The older documents on this page, by title only (newest first).
    pub older_documents: Vec<LinkView<'a>>,
    /// Links to the other pages of older documents, when there are more than `per_page`.
    pub pager: Option<super::PagerView>,
    /// How many documents the topic has in all.
    pub document_count: usize,
    /// The newest date among its documents (for the cite line), if any is dated.
    pub updated: Option<DateView>,
    pub related: Vec<RelatedTopicView<'a>>,
    /// The topic's timeline: its newest `per_page` events, oldest first (on the first page).
    pub events: Vec<EventView<'a>>,
    /// How many events the topic has in all.
    pub event_count: usize,
}

impl<'a> Views<'a> {
    pub(super) fn topic_url(&self, slug: &str) -> String {
        let slug = slug.trim_end_matches('/');
        if slug.is_empty() {
            self.url("topics")
        } else {
            super::concat(&[self.base_path, "topics/", slug, "/"])
        }
    }

    /// A link to the topic at position `t`, counting its documents.
    pub(crate) fn topic_link(&self, t: usize) -> Option<TopicLinkView<'a>> {
        let head = self.read.topic_head(t)?;
        Some(self.topic_link_counting(head, head.document_count))
    }

    pub(super) fn topic_link_counting(
        &self,
        head: TopicHead<'a>,
        count: usize,
    ) -> TopicLinkView<'a> {
        TopicLinkView {
            name: head.name,
            slug: head.slug,
            url: self.topic_url(head.slug),
            count,
            kind: head.kind,
            suggested: head.suggested,
        }
    }

    /// Topics of a listed document (by index into the listed documents), counting the passages
    /// that mention each.
    pub(crate) fn topics_of(&self, index: Option<usize>) -> Vec<TopicLinkView<'a>> {
        let Some(i) = index else {
            return Vec::new();
        };
        self.read
            .doc_topics(i)
            .iter()
            .filter_map(|&(t, passages)| {
                Some(self.topic_link_counting(self.read.topic_head(t)?, passages))
            })
            .collect()
    }

    /// How many pages the topic at position `t` has: the first quotes the newest documents and
    /// lists `per_page` older ones by title; each further page lists `per_page` more.
    pub(crate) fn topic_pages(&self, t: usize) -> usize {
        let count = self.read.topic_head(t).map_or(0, |h| h.document_count);
        let older = count.saturating_sub(self.config.topics.quoted_documents);
        older.div_ceil(self.config.page_size()).max(1)
    }

    /// Page `page` (1-based) of the topic at position `t`.
    pub(crate) fn topic(&self, t: usize, page: usize) -> Option<TopicView<'a>> {
        let topic = self.read.topic(t)?;
        let first = page <= 1;
        let size = self.config.page_size();
        let quoted = self.config.topics.quoted_documents;
        // Page 1 shows the topic's newest events; the further pages only list documents.
        let (events, event_count) = if first {
            (self.topic_events(t, size), self.read.topic_event_count(t))
        } else {
            (Vec::new(), 0)
        };
        Some(TopicView {
            pager: self.pager(&format!("topics/{}", topic.slug), page, self.topic_pages(t)),
            event_count,
            name: &topic.name,
            slug: &topic.slug,
            url: self.topic_url(&topic.slug),
            feed_url: self.file_url(&format!("topics/{}/atom.xml", topic.slug)),
            description: topic.description.as_deref(),
            kind: topic.kind,
            suggested: topic.suggested,
            aliases: &topic.aliases,
            document_count: topic.documents.len(),
            // Filed documents are in corpus order, newest first (undated last).
            updated: topic
                .documents
                .first()
                .and_then(|d| self.read.listed_head(d.doc)?.date)
                .map(DateView::new),
            parent: topic
                .parent
                .as_deref()
                .and_then(|p| self.read.topic_by_slug(p))
                .and_then(|p| self.topic_link(p)),
            children: self
                .read
                .children(t)
                .into_iter()
                .filter_map(|c| self.topic_link(c))
                .collect(),
            documents: topic
                .documents
                .iter()
                .take(if first { quoted } else { 0 })
                .filter_map(|d| self.topic_doc(d))
                .collect(),
            older_documents: topic
                .documents
                .iter()
                .skip(quoted + page.saturating_sub(1) * size)
                .take(size)
                .filter_map(|d| {
                    let doc = self.read.listed_head(d.doc)?;
                    Some(LinkView {
                        title: doc.title,
                        url: self.url(doc.slug),
                    })
                })
                .collect(),
            related: topic
                .related
                .iter()
                .filter_map(|r| {
                    Some(RelatedTopicView {
                        topic: self.topic_link(r.topic)?,
                        shared: r.shared,
                        strength: (r.strength * 100.0).round() as u32,
                    })
                })
                .collect(),
            events,
        })
    }

    pub(super) fn topic_doc(&self, filed: &'a TopicDocument) -> Option<TopicDocView<'a>> {
        let doc = self.read.listed(filed.doc)?;
        let doc_url = self.url(&doc.slug);
        let passages = filed
            .key_passages
            .iter()
            .filter_map(|&p| {
                let passage = doc.body.passages.get(p)?;
                let ranges: Vec<Range<usize>> = filed
                    .mentions
                    .iter()
                    .filter(|m| m.passage == p)
                    .map(|m| m.range.clone())
                    .collect();
                Some(quote(
                    &passage.text,
                    &ranges,
                    &passage.code,
                    passage.anchor(),
                    &doc_url,
                ))
            })
            .collect();
        Some(TopicDocView {
            doc: self.summary(filed.doc)?,
            declared: filed.declared,
            mention_count: filed.mentions.len(),
            passages,
        })
    }

    pub(crate) fn topic_groups(&self) -> Vec<TopicGroupView<'a>> {
        let groups: [(&'static str, TopicFilter); 6] = [
            ("Themes", |t| !t.suggested && t.kind == TopicKind::Theme),
            ("People", |t| !t.suggested && t.kind == TopicKind::Person),
            ("Organizations", |t| {
                !t.suggested && t.kind == TopicKind::Organization
            }),
            ("Places", |t| !t.suggested && t.kind == TopicKind::Place),
            ("Agreements", |t| {
                !t.suggested && t.kind == TopicKind::Agreement
            }),
            ("Found automatically", |t| t.suggested),
        ];
        let heads: Vec<(usize, TopicHead<'a>)> = (0..self.read.topic_count())
            .filter_map(|t| Some((t, self.read.topic_head(t)?)))
            .collect();
        groups
            .iter()
            .map(|(label, keep)| {
                let mut topics: Vec<&(usize, TopicHead<'a>)> =
                    heads.iter().filter(|(_, h)| keep(h)).collect();
                topics.sort_by(|(_, a), (_, b)| {
                    b.document_count
                        .cmp(&a.document_count)
                        .then(a.name.cmp(b.name))
                });
                TopicGroupView {
                    label,
                    topics: topics
                        .into_iter()
                        .map(|(_, h)| self.topic_link_counting(*h, h.document_count))
                        .collect(),
                }
            })
            .filter(|g| !g.topics.is_empty())
            .collect()
    }
}

type TopicFilter = fn(&TopicHead) -> bool;

/// Characters of context kept around the first mention when a passage is long.
const QUOTE_BEFORE: usize = 200;
const QUOTE_LENGTH: usize = 480;

/// Cuts a passage into plain, marked (`marks`: the mentions) and code (`code`: inline code)
/// segments, keeping a window around the first mention. Mentions are never inside code (topics
/// are not detected there); a code span cut by the window keeps its visible part.
pub(super) fn quote<'t>(
    text: &'t str,
    marks: &[Range<usize>],
    code: &[Range<usize>],
    anchor: String,
    doc_url: &str,
) -> PassageQuoteView<'t> {
    let first = marks.first().map_or(0, |r| r.start);
    let (start, end) = quote_window(text, first);
    let in_window = |r: &Range<usize>| r.start.max(start)..r.end.min(end);
    let mut spans: Vec<(Range<usize>, bool)> = marks
        .iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| (r.clone(), true))
        .chain(code.iter().map(|r| (in_window(r), false)))
        .filter(|(r, _)| r.start < r.end && text.get(r.clone()).is_some())
        .collect();
    spans.sort_by_key(|(r, _)| r.start);
    let mut segments = Vec::new();
    let mut at = start;
    let plain = |segments: &mut Vec<QuoteSegment<'t>>, to: usize, at: usize| {
        if to > at {
            segments.push(QuoteSegment {
                text: &text[at..to],
                mark: false,
                code: false,
            });
        }
    };
    for (r, mark) in spans {
        if r.start < at {
            continue;
        }
        plain(&mut segments, r.start, at);
        segments.push(QuoteSegment {
            text: &text[r.clone()],
            mark,
            code: !mark,
        });
        at = r.end;
    }
    plain(&mut segments, end, at);
    PassageQuoteView {
        url: format!("{doc_url}#{anchor}"),
        anchor,
        cut_before: start > 0,
        cut_after: end < text.len(),
        segments,
    }
}

/// A window of about `QUOTE_LENGTH` bytes around `focus`, on word boundaries.
fn quote_window(text: &str, focus: usize) -> (usize, usize) {
    if text.len() <= QUOTE_LENGTH {
        return (0, text.len());
    }
    let mut start = focus.saturating_sub(QUOTE_BEFORE);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    if start > 0 {
        start = text[start..].find(' ').map_or(start, |i| start + i + 1);
    }
    let mut end = (start + QUOTE_LENGTH).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() {
        end = text[..end].rfind(' ').filter(|&i| i > start).unwrap_or(end);
    }
    (start, end)
}
