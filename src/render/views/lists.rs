//! List views: a document as a list entry (home, archive, sections, topic pages, neighbours)
//! and the archive by year, split over pages of `per_page` documents.

use serde::Serialize;

use super::{DateView, TopicLinkView, Views};
use crate::render::reads::DocHead;

/// A document in a list (home, archive, topic, section): no body.
#[derive(Debug, Serialize)]
pub(crate) struct DocSummaryView<'a> {
    pub url: String,
    pub title: &'a str,
    pub date: Option<DateView>,
    pub authors: &'a [String],
    pub publisher: Option<&'a str>,
    pub summary: &'a str,
    pub topics: Vec<TopicLinkView<'a>>,
    pub reading_minutes: usize,
}

/// A year in the archive's index of years, linking to the page where it starts.
#[derive(Debug, Serialize)]
pub(crate) struct YearLinkView {
    pub label: String,
    pub url: String,
    pub count: usize,
}

/// A year of the archive.
#[derive(Debug, Serialize)]
pub(crate) struct YearView<'a> {
    /// `2024`, or `Undated`.
    pub label: String,
    /// Anchor id: `y-2024` or `undated`.
    pub id: String,
    pub documents: Vec<DocSummaryView<'a>>,
}

impl<'a> Views<'a> {
    /// A listed document in a list, by its position among the listed documents.
    pub(crate) fn summary(&self, index: usize) -> Option<DocSummaryView<'a>> {
        let doc = self.read.listed_head(index)?;
        Some(self.summary_of(doc, Some(index)))
    }

    pub(crate) fn summary_of(&self, doc: DocHead<'a>, index: Option<usize>) -> DocSummaryView<'a> {
        DocSummaryView {
            url: self.url(doc.slug),
            title: doc.title,
            date: match index {
                Some(i) => self.listed_date(i, doc.date),
                None => doc.date.map(DateView::new),
            },
            authors: doc.authors,
            publisher: doc.publisher,
            summary: doc.summary,
            topics: self.topics_of(index),
            reading_minutes: doc.reading_minutes,
        }
    }

    pub(crate) fn summaries(
        &self,
        indices: impl IntoIterator<Item = usize>,
    ) -> Vec<DocSummaryView<'a>> {
        indices
            .into_iter()
            .filter_map(|i| self.summary(i))
            .collect()
    }

    /// The years of page `page` (1-based) of the archive, with the documents of each that fall
    /// on that page.
    pub(crate) fn archive_page(&self, page: usize) -> Vec<YearView<'a>> {
        let size = self.config.page_size();
        let on_page = page.saturating_sub(1) * size..page * size;
        self.read
            .years()
            .iter()
            .filter_map(|(year, docs)| {
                let here: Vec<usize> = docs
                    .iter()
                    .copied()
                    .filter(|i| on_page.contains(i))
                    .collect();
                (!here.is_empty()).then(|| YearView {
                    label: year_label(*year),
                    id: year_id(*year),
                    documents: self.summaries(here),
                })
            })
            .collect()
    }

    /// Every year of the archive, linking to the page and anchor where it starts.
    pub(crate) fn archive_years(&self) -> Vec<YearLinkView> {
        let size = self.config.page_size();
        self.read
            .years()
            .iter()
            .filter_map(|(year, docs)| {
                let first = *docs.first()?;
                let page = first / size + 1;
                Some(YearLinkView {
                    label: year_label(*year),
                    url: format!("{}#{}", self.paged_url("archive", page), year_id(*year)),
                    count: docs.len(),
                })
            })
            .collect()
    }
}

fn year_label(year: Option<i32>) -> String {
    year.map_or_else(|| "Undated".to_string(), |y| y.to_string())
}

fn year_id(year: Option<i32>) -> String {
    year.map_or_else(|| "undated".to_string(), |y| format!("y-{y}"))
}
