//! The template API: typed, borrowed views of the corpus, one context struct per template.
//!
//! Templates never see domain structs or hand-built maps; they see these structs, serialized by
//! serde. Each field is documented here and in `themes/default/README.md`. Every string that
//! comes from a document is plain text that tera escapes on output; the one exception is
//! `DocView::body_html`, which dossier's own parser produced with all text escaped.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::autolink::autolink;
use super::reads::{reading_minutes, CorpusIndex, DocHead, Reader, TopicHead};
use crate::analyze::events::EventKind;
use crate::analyze::topics::TopicDocument;
use crate::analyze::Corpus;
use crate::config::{SiteConfig, TopicKind};
use crate::parse::body::Heading;
use crate::parse::dates::{DocDate, Precision};
use crate::parse::{DocKind, Document};

/// `site`: available in every template.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// Absolute, with a trailing slash: `https://org.github.io/briefs/`.
    pub base_url: &'a str,
    /// Path prefix of every internal link: `/briefs/` (or `/`).
    pub base_path: String,
    pub language: &'a str,
    pub author: Option<&'a str>,
    /// Standalone pages (`listed: false`) for the navigation, by title.
    pub nav: Vec<LinkView<'a>>,
    pub document_count: usize,
    pub topic_count: usize,
    /// Whether the site has `/search/` (`[search] enabled`).
    pub search: bool,
    /// `[extra]` of site-config.toml.
    pub extra: &'a toml::Table,
    /// `dossier <version>`.
    pub generator: String,
}

/// A titled link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub url: String,
}

/// What every HTML page says about itself (for `<title>`, canonical link, breadcrumbs).
#[derive(Debug, Serialize)]
pub struct PageMeta<'a> {
    pub title: &'a str,
    /// Root-relative URL with the base path: `/briefs/topics/`.
    pub url: String,
    /// Absolute URL: `https://org.github.io/briefs/topics/`.
    pub permalink: String,
    pub description: &'a str,
    /// `home`, `document`, `archive`, `topics`, `topic`, `section`, `timeline`, `search` or
    /// `404` (a string in templates).
    pub kind: PageKind,
}

/// What kind of page a template renders; templates see it as a lowercase string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    Home,
    Document,
    Section,
    Archive,
    Topics,
    Topic,
    Timeline,
    Search,
    #[serde(rename = "404")]
    NotFound,
}

/// The source format of a document; templates see `markdown` or `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FormatView {
    Markdown,
    Text,
}

/// A date at its precision.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2024-04-04`, `2024-04` or `2024`: for `<time datetime>`.
    pub iso: String,
    /// `4 April 2024`, `April 2024` or `2024`.
    pub display: String,
    /// RFC 3339, for feeds.
    pub rfc3339: String,
    pub year: i32,
    pub precision: Precision,
}

impl DateView {
    pub fn new(date: &DocDate) -> DateView {
        DateView {
            iso: date.iso(),
            display: date.display(),
            rfc3339: date.rfc3339(),
            year: date.year(),
            precision: date.precision,
        }
    }
}

/// A link to a topic, with a count: documents on `/topics/` and in lists, passages that mention
/// it on a document page.
#[derive(Debug, Clone, Serialize)]
pub struct TopicLinkView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub count: usize,
    pub kind: TopicKind,
    /// Discovered from the corpus rather than curated or declared.
    pub suggested: bool,
}

/// A piece of a quoted passage; `mark` pieces are the topic's mentions.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteSegment<'a> {
    pub text: &'a str,
    pub mark: bool,
}

/// A key passage quoted on a topic page, linking to its place in the document.
#[derive(Debug, Clone, Serialize)]
pub struct PassageQuoteView<'a> {
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
pub struct TopicDocView<'a> {
    pub doc: DocSummaryView<'a>,
    /// The document declares the topic in its front matter.
    pub declared: bool,
    pub mention_count: usize,
    pub passages: Vec<PassageQuoteView<'a>>,
}

/// A topic that travels with another.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedTopicView<'a> {
    pub topic: TopicLinkView<'a>,
    /// Documents the two share.
    pub shared: usize,
    /// How strongly they go together, 0–100.
    pub strength: u32,
}

/// Topics of one kind on `/topics/`.
#[derive(Debug, Serialize)]
pub struct TopicGroupView<'a> {
    /// `Themes`, `People`, `Organizations`, `Places`, `Agreements`, `Suggested`.
    pub label: &'static str,
    pub topics: Vec<TopicLinkView<'a>>,
}

/// One entry of a document's table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntryView<'a> {
    pub level: u8,
    pub id: &'a str,
    pub text: &'a str,
}

/// `doc` on a document page: everything about one document.
#[derive(Debug, Serialize)]
pub struct DocView<'a> {
    pub slug: &'a str,
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
pub struct RelatedDocView<'a> {
    pub url: String,
    pub title: &'a str,
    pub date: Option<DateView>,
    /// `shares: Taiwan, AUKUS`, or `similar wording`.
    pub reason: String,
    pub shared_topics: Vec<TopicLinkView<'a>>,
}

/// A document that links to this one, with the linking sentence.
#[derive(Debug, Serialize)]
pub struct ReferenceView<'a> {
    /// The linking passage: `/other/#p-4`.
    pub url: String,
    pub title: &'a str,
    pub sentence: &'a str,
}

/// A document in a list (home, archive, topic, section): no body.
#[derive(Debug, Serialize)]
pub struct DocSummaryView<'a> {
    pub url: String,
    pub title: &'a str,
    pub date: Option<DateView>,
    pub authors: &'a [String],
    pub publisher: Option<&'a str>,
    pub summary: &'a str,
    pub topics: Vec<TopicLinkView<'a>>,
    pub reading_minutes: usize,
}

/// A year of the archive.
#[derive(Debug, Serialize)]
pub struct YearView<'a> {
    /// `2024`, or `Undated`.
    pub label: String,
    /// Anchor id: `y-2024` or `undated`.
    pub id: String,
    pub documents: Vec<DocSummaryView<'a>>,
}

/// A topic with its documents and passages, for `topic.html`.
#[derive(Debug, Serialize)]
pub struct TopicView<'a> {
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
    /// The newest `[topics] quoted_documents`, each with its key passages, best first.
    pub documents: Vec<TopicDocView<'a>>,
    /// The older documents, by title only (newest first).
    pub older_documents: Vec<LinkView<'a>>,
    /// How many documents the topic has in all.
    pub document_count: usize,
    /// The newest date among its documents (for the cite line), if any is dated.
    pub updated: Option<DateView>,
    pub related: Vec<RelatedTopicView<'a>>,
    /// The topic's timeline: its events, oldest first.
    pub events: Vec<EventView<'a>>,
}

/// What every page of one corpus is rendered from, built once and shared by the pages' views.
pub struct RenderSource<'a> {
    pub config: &'a SiteConfig,
    corpus: &'a Corpus,
    base_path: String,
    index: CorpusIndex,
}

impl<'a> RenderSource<'a> {
    pub fn new(config: &'a SiteConfig, corpus: &'a Corpus) -> Self {
        RenderSource {
            config,
            corpus,
            base_path: config.base_path(),
            index: CorpusIndex::new(corpus),
        }
    }

    /// Views that read without noting it (`dossier build`, `check`).
    pub fn views(&self) -> Views<'_> {
        self.make_views(false)
    }

    /// Views that note what they read ([`Views::read`]), for `dossier serve`'s dependencies.
    pub fn recording_views(&self) -> Views<'_> {
        self.make_views(true)
    }

    fn make_views(&self, recording: bool) -> Views<'_> {
        Views {
            config: self.config,
            base_path: &self.base_path,
            read: Reader::new(self.corpus, &self.index, recording),
        }
    }
}

/// Builds the views of one page. Holds the config, the base path and the [`Reader`], the only
/// way to the corpus (so that what a page read is known: see `render::reads`).
pub struct Views<'a> {
    pub config: &'a SiteConfig,
    pub base_path: &'a str,
    pub read: Reader<'a>,
}

impl<'a> Views<'a> {
    /// A page's URL: `notes/memo` -> `/briefs/notes/memo/`; `` -> `/briefs/`.
    pub fn url(&self, path: &str) -> String {
        let path = path.trim_matches('/');
        if path.is_empty() {
            self.base_path.to_string()
        } else {
            format!("{}{}/", self.base_path, path)
        }
    }

    /// A file's URL: `topics/taiwan/atom.xml` -> `/briefs/topics/taiwan/atom.xml`.
    pub fn file_url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// Absolute URL of a root-relative one from [`Views::url`].
    pub fn permalink(&self, url: &str) -> String {
        let rest = url.strip_prefix(self.base_path).unwrap_or(url);
        format!("{}{}", self.config.base_url, rest)
    }

    pub fn site(&self) -> SiteView<'a> {
        let c = self.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            base_path: self.base_path.to_string(),
            language: &c.language,
            author: c.author.as_deref(),
            nav: (0..self.read.standalone_count())
                .filter_map(|i| self.read.standalone_head(i))
                .map(|p| LinkView {
                    title: p.title,
                    url: self.url(p.slug),
                })
                .collect(),
            document_count: self.read.listed_count(),
            topic_count: self.read.topic_count(),
            search: c.search.enabled,
            extra: &c.extra,
            generator: format!("dossier {}", env!("CARGO_PKG_VERSION")),
        }
    }

    pub fn page(
        &self,
        title: &'a str,
        path: &str,
        description: &'a str,
        kind: PageKind,
    ) -> PageMeta<'a> {
        let url = if path.ends_with(".html") {
            self.file_url(path)
        } else {
            self.url(path)
        };
        PageMeta {
            title,
            permalink: self.permalink(&url),
            url,
            description,
            kind,
        }
    }

    fn topic_url(&self, slug: &str) -> String {
        self.url(&format!("topics/{slug}"))
    }

    /// A link to the topic at position `t`, counting its documents.
    pub fn topic_link(&self, t: usize) -> Option<TopicLinkView<'a>> {
        let head = self.read.topic_head(t)?;
        Some(self.topic_link_counting(head, head.document_count))
    }

    fn topic_link_counting(&self, head: TopicHead<'a>, count: usize) -> TopicLinkView<'a> {
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

    /// The body as pages show it: content-file links resolved, topic mentions linked.
    fn body_html(&self, doc: &'a Document, index: Option<usize>) -> Cow<'a, str> {
        let url = |slug: &str| self.url(slug);
        let slug_of = |rel: &str| self.read.content_path(rel);
        let html = super::content_links::rewrite(&doc.body.html, &doc.rel_path, &slug_of, &url);
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
    fn autolink_targets(&self, index: Option<usize>) -> Option<HashMap<usize, String>> {
        let list = self.read.doc_topics(index?);
        let targets: HashMap<usize, String> = list
            .iter()
            .filter_map(|&(t, _)| Some((t, self.topic_url(self.read.topic_head(t)?.slug))))
            .collect();
        (!targets.is_empty() && self.config.topics.autolink != crate::config::AutolinkMode::None)
            .then_some(targets)
    }

    /// The full view of a document; `index` is its position among the listed documents.
    pub fn document(&self, doc: &'a Document, index: Option<usize>) -> DocView<'a> {
        let url = self.url(&doc.slug);
        DocView {
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
                    date: doc.date.map(DateView::new),
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

    /// A listed document in a list, by its position among the listed documents.
    pub fn summary(&self, index: usize) -> Option<DocSummaryView<'a>> {
        let doc = self.read.listed_head(index)?;
        Some(self.summary_of(doc, Some(index)))
    }

    pub fn summary_of(&self, doc: DocHead<'a>, index: Option<usize>) -> DocSummaryView<'a> {
        DocSummaryView {
            url: self.url(doc.slug),
            title: doc.title,
            date: doc.date.map(DateView::new),
            authors: doc.authors,
            publisher: doc.publisher,
            summary: doc.summary,
            topics: self.topics_of(index),
            reading_minutes: doc.reading_minutes,
        }
    }

    pub fn summaries(&self, indices: impl IntoIterator<Item = usize>) -> Vec<DocSummaryView<'a>> {
        indices
            .into_iter()
            .filter_map(|i| self.summary(i))
            .collect()
    }

    pub fn years(&self) -> Vec<YearView<'a>> {
        self.read
            .years()
            .iter()
            .map(|(year, docs)| YearView {
                label: year.map_or_else(|| "Undated".to_string(), |y| y.to_string()),
                id: year.map_or_else(|| "undated".to_string(), |y| format!("y-{y}")),
                documents: self.summaries(docs.iter().copied()),
            })
            .collect()
    }

    /// The view of the topic at position `t`.
    pub fn topic(&self, t: usize) -> Option<TopicView<'a>> {
        let topic = self.read.topic(t)?;
        Some(TopicView {
            name: &topic.name,
            slug: &topic.slug,
            url: self.topic_url(&topic.slug),
            feed_url: self.file_url(&format!("topics/{}/atom.xml", topic.slug)),
            description: topic.description.as_deref(),
            kind: topic.kind,
            suggested: topic.suggested,
            aliases: &topic.aliases,
            document_count: topic.documents.len(),
            updated: topic
                .documents
                .iter()
                .filter_map(|d| self.read.listed_head(d.doc)?.date)
                .max()
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
                .take(self.config.topics.quoted_documents)
                .filter_map(|d| self.topic_doc(d))
                .collect(),
            older_documents: topic
                .documents
                .iter()
                .skip(self.config.topics.quoted_documents)
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
            events: self.topic_events(t),
        })
    }

    fn topic_doc(&self, filed: &'a TopicDocument) -> Option<TopicDocView<'a>> {
        let doc = self.read.listed(filed.doc)?;
        let doc_url = self.url(&doc.slug);
        let passages = filed
            .key_passages
            .iter()
            .filter_map(|&p| {
                let passage = doc.body.passages.get(p)?;
                let ranges: Vec<std::ops::Range<usize>> = filed
                    .mentions
                    .iter()
                    .filter(|m| m.passage == p)
                    .map(|m| m.range.clone())
                    .collect();
                Some(quote(&passage.text, &ranges, passage.anchor(), &doc_url))
            })
            .collect();
        Some(TopicDocView {
            doc: self.summary(filed.doc)?,
            declared: filed.declared,
            mention_count: filed.mentions.len(),
            passages,
        })
    }

    pub fn topic_groups(&self) -> Vec<TopicGroupView<'a>> {
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
            ("Suggested", |t| t.suggested),
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

/// Cuts a passage into plain and marked segments, keeping a window around the first mention.
fn quote<'t>(
    text: &'t str,
    ranges: &[std::ops::Range<usize>],
    anchor: String,
    doc_url: &str,
) -> PassageQuoteView<'t> {
    let first = ranges.first().map_or(0, |r| r.start);
    let (start, end) = quote_window(text, first);
    let mut segments = Vec::new();
    let mut at = start;
    for r in ranges.iter().filter(|r| r.start >= start && r.end <= end) {
        if r.start < at {
            continue;
        }
        if r.start > at {
            segments.push(QuoteSegment {
                text: &text[at..r.start],
                mark: false,
            });
        }
        segments.push(QuoteSegment {
            text: &text[r.clone()],
            mark: true,
        });
        at = r.end;
    }
    if at < end {
        segments.push(QuoteSegment {
            text: &text[at..end],
            mark: false,
        });
    }
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

// ---------------------------------------------------------------------------------------------
// Timeline views (built in `views/timeline.rs`)

mod timeline;

/// An event's date at its precision; a range has an end.
#[derive(Debug, Clone, Serialize)]
pub struct EventDateView {
    /// The start at its precision (`2024-04-07`, `2025-03`, `2024`): for `<time datetime>`.
    pub iso: String,
    /// ISO 8601, with `/` between start and end for a range: `2022/2024`.
    pub interval: String,
    /// `7 April 2024`, `March 2025`, `2024`, `March – May 2024`.
    pub display: String,
    pub precision: Precision,
    pub year: i32,
    /// The first and last day the date covers (`2025-03-01`, `2025-03-31`).
    pub first_day: String,
    pub last_day: String,
    pub is_range: bool,
}

/// One source of an event: a document and, for prose, the passage that tells it.
#[derive(Debug, Clone, Serialize)]
pub struct EventSourceView<'a> {
    pub title: &'a str,
    /// The document's URL, with `#p-N` when the event comes from a passage.
    pub url: String,
    /// The same, absolute.
    pub permalink: String,
    pub document_url: String,
    pub document_slug: &'a str,
    /// `p-7`, or none for a publication or a front-matter event.
    pub anchor: Option<String>,
    /// The sentence as this source words it.
    pub snippet: &'a str,
    /// The document's own date.
    pub date: Option<DateView>,
}

/// An event on a timeline.
#[derive(Debug, Clone, Serialize)]
pub struct EventView<'a> {
    pub date: EventDateView,
    /// `published`, `declared`, `extracted` or `planned`.
    pub kind: EventKind,
    pub planned: bool,
    /// Written as a deadline ("by March 2025"): show "by" before the date.
    pub deadline: bool,
    /// The sentence that tells it (on a document page: that document's sentence).
    pub snippet: &'a str,
    pub sources: Vec<EventSourceView<'a>>,
    pub topics: Vec<TopicLinkView<'a>>,
}

/// Events of one month of a year (or those known only to the year), for `timeline.html`.
#[derive(Debug, Serialize)]
pub struct TimelineGroupView<'a> {
    /// `March 2024`, or `2024, month not given`.
    pub label: String,
    /// `y-2024-03` or `y-2024-year`.
    pub id: String,
    pub events: Vec<EventView<'a>>,
}

/// A year of the timeline.
#[derive(Debug, Serialize)]
pub struct TimelineYearView<'a> {
    pub year: i32,
    /// Anchor id: `y-2024`.
    pub id: String,
    pub count: usize,
    pub groups: Vec<TimelineGroupView<'a>>,
}

/// One bar of the overview strip: a year, its number of events and the bar's geometry.
#[derive(Debug, Serialize)]
pub struct StripBarView {
    pub year: i32,
    pub count: usize,
    /// `#y-2024`, or none for a year without events.
    pub url: Option<String>,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// The year written under the bar, for some bars, centred on `label_x`.
    pub label: Option<String>,
    pub label_x: f64,
}

/// The overview strip: event density per year, as an inline SVG with a text alternative.
#[derive(Debug, Serialize)]
pub struct StripView {
    pub width: f64,
    pub height: f64,
    /// The y of the year labels.
    pub label_y: f64,
    pub bars: Vec<StripBarView>,
    /// Text alternative: `Events per year: 2019: 2, 2020: 5`.
    pub summary: String,
}

/// `timeline` in `timeline.html`.
#[derive(Debug, Serialize)]
pub struct TimelineView<'a> {
    /// Years oldest first, each with its month groups.
    pub years: Vec<TimelineYearView<'a>>,
    pub strip: StripView,
    pub count: usize,
    pub planned_count: usize,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_the_base_path() {
        let config = SiteConfig {
            base_url: "https://org.github.io/briefs/".into(),
            ..SiteConfig::default()
        };
        let corpus = Corpus::default();
        let source = RenderSource::new(&config, &corpus);
        let v = source.views();
        assert_eq!(v.url(""), "/briefs/");
        assert_eq!(v.url("notes/memo"), "/briefs/notes/memo/");
        assert_eq!(v.file_url("atom.xml"), "/briefs/atom.xml");
        assert_eq!(
            v.file_url("topics/taiwan/atom.xml"),
            "/briefs/topics/taiwan/atom.xml"
        );
        assert_eq!(
            v.permalink("/briefs/topics/"),
            "https://org.github.io/briefs/topics/"
        );
    }

    #[test]
    fn quotes_mark_mentions_and_cut_long_passages() {
        let q = quote("Taiwan and AUKUS.", &[0..6, 11..16], "p-1".into(), "/a/");
        let parts: Vec<(&str, bool)> = q.segments.iter().map(|s| (s.text, s.mark)).collect();
        assert_eq!(
            parts,
            [
                ("Taiwan", true),
                (" and ", false),
                ("AUKUS", true),
                (".", false)
            ]
        );
        assert_eq!(q.url, "/a/#p-1");
        let long = format!("{}Taiwan{}", "word ".repeat(100), " word".repeat(100));
        let mention = 500..506;
        let q = quote(&long, std::slice::from_ref(&mention), "p-2".into(), "/a/");
        assert!(q.cut_before && q.cut_after);
        assert!(q.segments.iter().any(|s| s.mark && s.text == "Taiwan"));
    }

    #[test]
    fn reading_time_is_at_least_a_minute() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(221), 2);
    }
}
