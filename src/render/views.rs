//! The template API: typed, borrowed views of the corpus, one context struct per template.
//!
//! Templates never see domain structs or hand-built maps; they see these structs, serialized by
//! serde. Each field is documented here and in `themes/default/README.md`. Every string that
//! comes from a document is plain text that tera escapes on output; the one exception is
//! `DocView::body_html`, which dossier's own parser produced with all text escaped.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analyze::events::EventKind;
use crate::analyze::{Corpus, Topic};
use crate::config::SiteConfig;
use crate::parse::body::Heading;
use crate::parse::dates::{DocDate, Precision};
use crate::parse::{DocKind, Document};

/// Words per minute for the reading-time estimate.
const READING_WPM: usize = 220;

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
    /// `home`, `document`, `archive`, `topics`, `topic`, `section`, `timeline` or `404`.
    pub kind: &'static str,
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

/// A link to a topic, with how many documents (or passages) it counts.
#[derive(Debug, Clone, Serialize)]
pub struct TopicLinkView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub count: usize,
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
    /// The rendered body: HTML produced by dossier's parser, all document text escaped.
    pub body_html: &'a str,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub passage_count: usize,
    pub image: Option<&'a str>,
    /// `markdown` or `text`.
    pub format: &'static str,
    /// Front-matter keys dossier does not know.
    pub extra: &'a BTreeMap<String, serde_json::Value>,
    /// "Dates in this document": the events it tells, oldest first, with its own sentences.
    pub events: Vec<EventView<'a>>,
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

/// A topic with its documents, for `topic.html`.
#[derive(Debug, Serialize)]
pub struct TopicView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub feed_url: String,
    pub documents: Vec<DocSummaryView<'a>>,
    /// The topic's timeline: its events, oldest first.
    pub events: Vec<EventView<'a>>,
}

/// Builds views; holds what every view needs (the config, the corpus, the base path).
pub struct Views<'a> {
    pub config: &'a SiteConfig,
    pub corpus: &'a Corpus,
    pub base_path: String,
    /// For each document index, the topics it declares (as indices into `corpus.topics`).
    doc_topics: Vec<Vec<usize>>,
    /// Which events each document and topic has (indices into `corpus.events`).
    events: EventIndex,
}

impl<'a> Views<'a> {
    pub fn new(config: &'a SiteConfig, corpus: &'a Corpus) -> Self {
        let mut doc_topics = vec![Vec::new(); corpus.documents.len()];
        for (t, topic) in corpus.topics.iter().enumerate() {
            for &d in &topic.documents {
                if let Some(list) = doc_topics.get_mut(d) {
                    list.push(t);
                }
            }
        }
        Views {
            config,
            corpus,
            base_path: config.base_path(),
            doc_topics,
            events: EventIndex::new(corpus),
        }
    }

    /// A page's URL: `notes/memo` -> `/briefs/notes/memo/`; `` -> `/briefs/`.
    pub fn url(&self, path: &str) -> String {
        let path = path.trim_matches('/');
        if path.is_empty() {
            self.base_path.clone()
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
        let rest = url.strip_prefix(&self.base_path).unwrap_or(url);
        format!("{}{}", self.config.base_url, rest)
    }

    pub fn site(&self) -> SiteView<'a> {
        let c = self.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            base_path: self.base_path.clone(),
            language: &c.language,
            author: c.author.as_deref(),
            nav: self
                .corpus
                .pages
                .iter()
                .map(|p| LinkView {
                    title: &p.title,
                    url: self.url(&p.slug),
                })
                .collect(),
            document_count: self.corpus.documents.len(),
            topic_count: self.corpus.topics.len(),
            extra: &c.extra,
            generator: format!("dossier {}", env!("CARGO_PKG_VERSION")),
        }
    }

    pub fn page(
        &self,
        title: &'a str,
        path: &str,
        description: &'a str,
        kind: &'static str,
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

    fn topic_link(&self, topic: &'a Topic) -> TopicLinkView<'a> {
        TopicLinkView {
            name: &topic.name,
            slug: &topic.slug,
            url: self.url(&format!("topics/{}", topic.slug)),
            count: topic.documents.len(),
        }
    }

    /// Topics of a listed document (by index into `corpus.documents`).
    fn topics_of(&self, index: Option<usize>) -> Vec<TopicLinkView<'a>> {
        let Some(list) = index.and_then(|i| self.doc_topics.get(i)) else {
            return Vec::new();
        };
        list.iter()
            .filter_map(|&t| self.corpus.topics.get(t))
            .map(|t| self.topic_link(t))
            .collect()
    }

    /// The full view of a document; `index` is its position in `corpus.documents` when listed.
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
            body_html: &doc.body.html,
            word_count: doc.body.word_count,
            reading_minutes: reading_minutes(doc.body.word_count),
            passage_count: doc.body.passages.len(),
            image: doc.image.as_deref(),
            format: match doc.kind {
                DocKind::Markdown => "markdown",
                DocKind::PlainText => "text",
            },
            extra: &doc.extra,
            events: index.map_or_else(Vec::new, |i| self.document_events(i)),
        }
    }

    /// A listed document in a list, by its index in `corpus.documents`.
    pub fn summary(&self, index: usize) -> Option<DocSummaryView<'a>> {
        let doc = self.corpus.documents.get(index)?;
        Some(self.summary_of(doc, Some(index)))
    }

    pub fn summary_of(&self, doc: &'a Document, index: Option<usize>) -> DocSummaryView<'a> {
        DocSummaryView {
            url: self.url(&doc.slug),
            title: &doc.title,
            date: doc.date.as_ref().map(DateView::new),
            authors: &doc.authors,
            publisher: doc.publisher.as_deref(),
            summary: &doc.summary,
            topics: self.topics_of(index),
            reading_minutes: reading_minutes(doc.body.word_count),
        }
    }

    pub fn summaries(&self, indices: impl IntoIterator<Item = usize>) -> Vec<DocSummaryView<'a>> {
        indices
            .into_iter()
            .filter_map(|i| self.summary(i))
            .collect()
    }

    pub fn years(&self) -> Vec<YearView<'a>> {
        self.corpus
            .years
            .iter()
            .map(|(year, docs)| YearView {
                label: year.map_or_else(|| "Undated".to_string(), |y| y.to_string()),
                id: year.map_or_else(|| "undated".to_string(), |y| format!("y-{y}")),
                documents: self.summaries(docs.iter().copied()),
            })
            .collect()
    }

    pub fn topic_links(&self) -> Vec<TopicLinkView<'a>> {
        self.corpus
            .topics
            .iter()
            .map(|t| self.topic_link(t))
            .collect()
    }

    pub fn topic(&self, topic: &'a Topic) -> TopicView<'a> {
        TopicView {
            name: &topic.name,
            slug: &topic.slug,
            url: self.url(&format!("topics/{}", topic.slug)),
            feed_url: self.file_url(&format!("topics/{}/atom.xml", topic.slug)),
            documents: self.summaries(topic.documents.iter().copied()),
            events: self.topic_events(topic),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Timeline views (built in `views/timeline.rs`)

mod timeline;
pub use timeline::EventIndex;

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

fn reading_minutes(words: usize) -> usize {
    words.div_ceil(READING_WPM).max(1)
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
        let v = Views::new(&config, &corpus);
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
    fn reading_time_is_at_least_a_minute() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(221), 2);
    }
}
