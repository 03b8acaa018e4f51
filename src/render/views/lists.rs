//! List views: a document as a list entry (home, archive, sections, topic pages, neighbours)
//! and the archive by year.

use serde::Serialize;

use super::{DateView, TopicLinkView, Views};
use crate::render::reads::DocHead;

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

impl<'a> Views<'a> {
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
}
