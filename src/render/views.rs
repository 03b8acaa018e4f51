//! The template API: typed, borrowed views of the corpus, one context struct per template.
//!
//! Templates never see domain structs or hand-built maps; they see these structs, serialized by
//! serde. Each field is documented here and in `themes/default/README.md`. Every string that
//! comes from a document is plain text that tera escapes on output; the one exception is
//! `DocView::body_html`, which dossier's own parser produced with all text escaped.
//!
//! This file has what every page shares (the site, the page's own metadata, dates) and the
//! [`Views`] builder; the views of each kind of page are in `views/`: `document.rs`, `lists.rs`,
//! `topic.rs` and `timeline.rs`.

use std::sync::OnceLock;

use serde::Serialize;

use super::reads::{CorpusIndex, Reader};
use crate::analyze::Corpus;
use crate::config::SiteConfig;
use crate::parse::dates::{DocDate, Precision};

/// `site`: available in every template.
#[derive(Debug, Serialize)]
pub(crate) struct SiteView<'a> {
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
pub(crate) struct LinkView<'a> {
    pub title: &'a str,
    pub url: String,
}

/// What every HTML page says about itself (for `<title>`, canonical link, breadcrumbs).
#[derive(Debug, Serialize)]
pub(crate) struct PageMeta<'a> {
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

/// Links between the numbered pages of a split list (`/archive/`, `/archive/page/2/`, ...):
/// the first and last page and a few around the current one, so it stays short.
#[derive(Debug, Serialize)]
pub(crate) struct PagerView {
    /// 1-based.
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// Page links in order; `gap_before` marks a skipped run of pages before a link.
    pub pages: Vec<PagerLinkView>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PagerLinkView {
    pub number: usize,
    pub url: String,
    pub current: bool,
    pub gap_before: bool,
}

/// Pages shown on each side of the current one in a pager.
const PAGER_AROUND: usize = 2;

/// What kind of page a template renders; templates see it as a lowercase string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum PageKind {
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
pub(crate) enum FormatView {
    Markdown,
    Text,
}

/// A date at its precision.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DateView {
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
    pub(crate) fn new(date: &DocDate) -> DateView {
        DateView {
            iso: date.iso(),
            display: date.display(),
            rfc3339: date.rfc3339(),
            year: date.year(),
            precision: date.precision,
        }
    }
}

/// What every page of one corpus is rendered from, built once and shared by the pages' views.
pub(crate) struct RenderSource<'a> {
    pub config: &'a SiteConfig,
    corpus: &'a Corpus,
    base_path: String,
    index: CorpusIndex,
    /// Each listed document's date view, made on first use: every event source and list entry
    /// shows one, so a document's is shown on many pages.
    listed_dates: Vec<OnceLock<Option<DateView>>>,
}

impl<'a> RenderSource<'a> {
    pub(crate) fn new(config: &'a SiteConfig, corpus: &'a Corpus) -> Self {
        RenderSource {
            config,
            corpus,
            base_path: config.base_path(),
            index: CorpusIndex::new(corpus),
            listed_dates: (0..corpus.documents().len())
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// Views that read without noting it (`dossier build`, `check`).
    pub(crate) fn views(&self) -> Views<'_> {
        self.make_views(false)
    }

    /// Views that note what they read ([`Views::read`]), for `dossier serve`'s dependencies.
    pub(crate) fn recording_views(&self) -> Views<'_> {
        self.make_views(true)
    }

    fn make_views(&self, recording: bool) -> Views<'_> {
        Views {
            config: self.config,
            base_path: &self.base_path,
            read: Reader::new(self.corpus, &self.index, recording),
            listed_dates: &self.listed_dates,
        }
    }
}

/// Builds the views of one page. Holds the config, the base path and the [`Reader`], the only
/// way to the corpus (so that what a page read is known: see `render::reads`).
pub(crate) struct Views<'a> {
    pub config: &'a SiteConfig,
    pub base_path: &'a str,
    pub read: Reader<'a>,
    listed_dates: &'a [OnceLock<Option<DateView>>],
}

impl<'a> Views<'a> {
    /// A page's URL: `notes/memo` -> `/briefs/notes/memo/`; `` -> `/briefs/`.
    pub(crate) fn url(&self, path: &str) -> String {
        let path = path.trim_matches('/');
        if path.is_empty() {
            self.base_path.to_string()
        } else {
            concat(&[self.base_path, path, "/"])
        }
    }

    /// The date view of the listed document at position `i`, whose date (read through the
    /// reader, which notes the read) is `date`.
    pub(crate) fn listed_date(&self, i: usize, date: Option<&DocDate>) -> Option<DateView> {
        match self.listed_dates.get(i) {
            Some(cell) => cell.get_or_init(|| date.map(DateView::new)).clone(),
            None => date.map(DateView::new),
        }
    }

    /// A file's URL: `topics/taiwan/atom.xml` -> `/briefs/topics/taiwan/atom.xml`.
    pub(crate) fn file_url(&self, path: &str) -> String {
        concat(&[self.base_path, path.trim_start_matches('/')])
    }

    /// Absolute URL of a root-relative one from [`Views::url`].
    pub(crate) fn permalink(&self, url: &str) -> String {
        let rest = url.strip_prefix(self.base_path).unwrap_or(url);
        concat(&[&self.config.base_url, rest])
    }

    pub(crate) fn site(&self) -> SiteView<'a> {
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

    /// The URL of page `number` of the list at `path`: `archive` -> `/archive/`,
    /// `/archive/page/2/`.
    pub(crate) fn paged_url(&self, path: &str, number: usize) -> String {
        if number <= 1 {
            self.url(path)
        } else {
            self.url(&format!("{}/page/{number}", path.trim_matches('/')))
        }
    }

    /// The pager of page `current` of `total` pages of the list at `path`; `None` for one page.
    pub(crate) fn pager(&self, path: &str, current: usize, total: usize) -> Option<PagerView> {
        if total <= 1 {
            return None;
        }
        let near = |n: usize| n == 1 || n == total || n.abs_diff(current) <= PAGER_AROUND;
        let mut pages = Vec::new();
        let mut last = 0;
        for number in (1..=total).filter(|&n| near(n)) {
            pages.push(PagerLinkView {
                number,
                url: self.paged_url(path, number),
                current: number == current,
                gap_before: number > last + 1,
            });
            last = number;
        }
        Some(PagerView {
            current,
            total,
            prev_url: (current > 1).then(|| self.paged_url(path, current - 1)),
            next_url: (current < total).then(|| self.paged_url(path, current + 1)),
            pages,
        })
    }

    pub(crate) fn page(
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
}

/// The parts joined into one string, allocated once (URLs are built for every link of every
/// page; `format!` costs several times as much).
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

mod document;
mod lists;
mod timeline;
mod topic;

pub(crate) use document::*;
pub(crate) use lists::*;
pub(crate) use timeline::*;
pub(crate) use topic::*;

#[cfg(test)]
mod tests {
    use super::topic::quote;
    use super::*;
    use crate::render::reads::reading_minutes;

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
        let q = quote(
            "Taiwan and AUKUS.",
            &[0..6, 11..16],
            &[],
            "p-1".into(),
            "/a/",
        );
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
        let q = quote(
            &long,
            std::slice::from_ref(&mention),
            &[],
            "p-2".into(),
            "/a/",
        );
        assert!(q.cut_before && q.cut_after);
        assert!(q.segments.iter().any(|s| s.mark && s.text == "Taiwan"));
    }

    #[test]
    fn quotes_keep_inline_code_as_code() {
        let text = "Taiwan ran make build before the vote.";
        let (mention, code) = (0..6, 11..21);
        let q = quote(
            text,
            std::slice::from_ref(&mention),
            std::slice::from_ref(&code),
            "p-1".into(),
            "/a/",
        );
        let parts: Vec<(&str, bool, bool)> = q
            .segments
            .iter()
            .map(|s| (s.text, s.mark, s.code))
            .collect();
        assert_eq!(
            parts,
            [
                ("Taiwan", true, false),
                (" ran ", false, false),
                ("make build", false, true),
                (" before the vote.", false, false)
            ]
        );
        // A code span cut by the window keeps its visible part.
        let long = format!("{}Taiwan {}", "word ".repeat(10), "x ".repeat(300));
        let code = 57..656;
        let q = quote(
            &long,
            std::slice::from_ref(&(50..56)),
            std::slice::from_ref(&code),
            "p-2".into(),
            "/a/",
        );
        let last = q.segments.last().unwrap();
        assert!(last.code && last.text.starts_with('x') && q.cut_after);
    }

    #[test]
    fn reading_time_is_at_least_a_minute() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(221), 2);
    }
}
