//! Atom feeds (the site's and one per topic) and the sitemap.
//!
//! Both are tera templates (`atom.xml`, `sitemap.xml`) fed typed contexts, so a theme can change
//! them like any page. Dates come from the documents, never from the clock, so the same input
//! gives the same bytes; every link in them is absolute, as the Atom and sitemap specs require.

use serde::Serialize;

use super::reads::DocHead;
use super::templates::Templates;
use super::views::{SiteView, Views};
use super::OutputFile;
use crate::error::Diagnostic;

/// The feed itself, for `atom.xml`.
#[derive(Debug, Serialize)]
pub(crate) struct FeedView<'a> {
    pub title: String,
    /// The feed's own absolute URL (`rel="self"`), also its Atom id.
    pub self_url: String,
    /// The page the feed mirrors (`rel="alternate"`).
    pub alternate_url: String,
    /// RFC 3339: the newest entry's date, or 1970 for an empty feed.
    pub updated: String,
    pub entries: Vec<FeedEntryView<'a>>,
}

/// One entry of a feed.
#[derive(Debug, Serialize)]
pub(crate) struct FeedEntryView<'a> {
    pub title: &'a str,
    pub permalink: String,
    pub published: String,
    pub updated: String,
    pub authors: &'a [String],
    pub summary: &'a str,
}

#[derive(Serialize)]
struct FeedContext<'a> {
    site: &'a SiteView<'a>,
    feed: FeedView<'a>,
}

/// One `<url>` of the sitemap.
#[derive(Debug, Serialize)]
pub(crate) struct SitemapEntry {
    pub loc: String,
    /// `2024-04-04`, only for dates known to the day (see [`sitemap_lastmod`]).
    pub lastmod: Option<String>,
}

#[derive(Serialize)]
struct SitemapContext {
    entries: Vec<SitemapEntry>,
}

#[derive(Serialize)]
struct SitemapIndexContext {
    /// Absolute URLs of the parts.
    sitemaps: Vec<String>,
}

/// URLs per sitemap file. The protocol allows 50,000; fewer keep each file near 3 MB.
pub(crate) const SITEMAP_PART: usize = 20_000;

/// How many sitemap files the site needs beside `/sitemap.xml` (none while one holds every
/// page; then `/sitemap.xml` is an index of `/sitemap-N.xml`).
pub(crate) fn sitemap_parts(views: &Views) -> usize {
    let read = &views.read;
    let entries = 4
        + read.listed_count()
        + read.standalone_count()
        + read.section_count()
        + read.topic_count();
    if entries <= SITEMAP_PART {
        0
    } else {
        entries.div_ceil(SITEMAP_PART)
    }
}

/// `/sitemap.xml` as an index of its `parts` parts.
pub(crate) fn sitemap_index(
    views: &Views,
    parts: usize,
    templates: &Templates,
) -> Result<OutputFile, Diagnostic> {
    let sitemaps = (1..=parts)
        .map(|n| views.permalink(&views.file_url(&format!("sitemap-{n}.xml"))))
        .collect();
    let xml = templates.render("sitemap-index.xml", &SitemapIndexContext { sitemaps })?;
    Ok(OutputFile::new("sitemap.xml".into(), xml))
}

const EPOCH: &str = "1970-01-01T00:00:00+00:00";

/// `/atom.xml`: the newest listed documents.
pub(crate) fn site_feed(
    views: &Views,
    site: &SiteView,
    templates: &Templates,
) -> Result<OutputFile, Diagnostic> {
    let limit = views.config.feed_count.min(views.read.listed_count());
    let documents = (0..limit).filter_map(|i| views.read.listed_head(i));
    let feed = feed_view(views, views.config.title.clone(), "atom.xml", "", documents);
    let xml = templates.render("atom.xml", &FeedContext { site, feed })?;
    Ok(OutputFile::new("atom.xml".into(), xml))
}

/// `/topics/<slug>/atom.xml`: the topic's newest documents.
pub(crate) fn topic_feed(
    t: usize,
    path: String,
    views: &Views,
    site: &SiteView,
    templates: &Templates,
) -> Result<OutputFile, Diagnostic> {
    let Some(topic) = views.read.topic(t) else {
        return Err(Diagnostic::new(&path, "no such topic"));
    };
    let limit = views.config.feed_count;
    let documents = topic
        .documents
        .iter()
        .take(limit)
        .filter_map(|d| views.read.listed_head(d.doc));
    let page = format!("topics/{}", topic.slug);
    let title = format!("{} – {}", views.config.title, topic.name);
    let feed = feed_view(views, title, &path, &page, documents);
    let xml = templates.render("atom.xml", &FeedContext { site, feed })?;
    Ok(OutputFile::new(path, xml))
}

fn feed_view<'a>(
    views: &Views,
    title: String,
    path: &str,
    page: &str,
    documents: impl Iterator<Item = DocHead<'a>>,
) -> FeedView<'a> {
    let entries: Vec<FeedEntryView> = documents
        .map(|doc| {
            let published = doc.date.map_or_else(|| EPOCH.to_string(), |d| d.rfc3339());
            FeedEntryView {
                title: doc.title,
                permalink: views.permalink(&views.url(doc.slug)),
                updated: doc
                    .updated
                    .map_or_else(|| published.clone(), |d| d.rfc3339()),
                published,
                authors: doc.authors,
                summary: doc.summary,
            }
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| EPOCH.to_string());
    FeedView {
        title,
        self_url: views.permalink(&views.file_url(path)),
        alternate_url: views.permalink(&views.url(page)),
        updated,
        entries,
    }
}

/// A sitemap `lastmod`: the sitemaps.org schema takes a full date (or date-time) only, so a date
/// known to the month or year has none rather than a made-up day.
pub(crate) fn sitemap_lastmod(date: &crate::parse::dates::DocDate) -> Option<String> {
    (date.precision == crate::parse::dates::Precision::Day).then(|| date.iso())
}

/// A sitemap of every HTML page but 404 and the further pages of split lists: all of them
/// (`part` is `None`), or the entries of part `n` (1-based) of a split sitemap.
pub(crate) fn sitemap(
    views: &Views,
    part: Option<usize>,
    path: String,
    templates: &Templates,
) -> Result<OutputFile, Diagnostic> {
    let read = &views.read;
    let entry = |path: &str, doc: Option<DocHead>| SitemapEntry {
        loc: views.permalink(&views.url(path)),
        lastmod: doc
            .and_then(|d| d.updated.or(d.date))
            .and_then(sitemap_lastmod),
    };
    let mut entries = vec![
        entry("", read.listed_head(0)),
        entry("archive", None),
        entry("topics", None),
        entry("timeline", None),
    ];
    let documents = (0..read.listed_count())
        .filter_map(|i| read.listed_head(i))
        .chain((0..read.standalone_count()).filter_map(|i| read.standalone_head(i)))
        .chain((0..read.section_count()).filter_map(|i| read.section_head(i)));
    entries.extend(
        documents
            .filter(|d| !d.slug.is_empty())
            .map(|d| entry(d.slug, Some(d))),
    );
    entries.extend((0..read.topic_count()).filter_map(|t| {
        let topic = read.topic(t)?;
        let newest = topic
            .documents
            .first()
            .and_then(|d| read.listed_head(d.doc));
        Some(entry(&format!("topics/{}", topic.slug), newest))
    }));
    if let Some(n) = part {
        let start = n.saturating_sub(1) * SITEMAP_PART;
        entries = entries.into_iter().skip(start).take(SITEMAP_PART).collect();
    }
    let xml = templates.render("sitemap.xml", &SitemapContext { entries })?;
    Ok(OutputFile::new(path, xml))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::dates::parse_date;

    #[test]
    fn sitemap_lastmod_only_for_full_dates() {
        let day = parse_date("2024-04-04").expect("date");
        let month = parse_date("2024-04").expect("date");
        assert_eq!(sitemap_lastmod(&day).as_deref(), Some("2024-04-04"));
        assert_eq!(sitemap_lastmod(&month), None);
    }
}
