//! Which pages the site has, where each is written, and the typed context each template gets.
//!
//! [`site_pages`] lists every page as a [`Page`]; [`render_page`] renders one of them. Pages are
//! independent of each other, so the build renders them in parallel.

use serde::Serialize;

use super::feeds;
use super::templates::Templates;
use super::topic_map::{topic_map, TopicMapView};
use super::views::{
    DocSummaryView, DocView, EventView, PageMeta, SiteView, TimelineView, TopicGroupView,
    TopicView, Views, YearView,
};
use super::OutputFile;
use crate::error::Diagnostic;
use crate::parse::Document;

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    /// A listed document, by index into `corpus.documents`.
    Document(usize),
    /// A standalone page, by index into `corpus.pages`.
    StandalonePage(usize),
    /// A folder's page, by index into `corpus.sections` (not the home section).
    Section(usize),
    Archive,
    Topics,
    Topic(usize),
    TopicFeed(usize),
    Feed,
    Sitemap,
    NotFound,
    TopicsJson,
    /// `/timeline/`: every event by year and month.
    Timeline,
    /// `/timeline.json`: every event with all its fields.
    TimelineJson,
    /// `/search/`: the search box and results (only with `[search] enabled`).
    Search,
}

/// Every page of the site, in a fixed order.
pub fn site_pages(views: &Views) -> Vec<Page> {
    let corpus = views.corpus;
    let mut pages = vec![
        Page::Home,
        Page::Archive,
        Page::Topics,
        Page::Feed,
        Page::Sitemap,
        Page::NotFound,
        Page::TopicsJson,
        Page::Timeline,
        Page::TimelineJson,
    ];
    if views.config.search.enabled {
        pages.push(Page::Search);
    }
    pages.extend((0..corpus.documents.len()).map(Page::Document));
    pages.extend((0..corpus.pages.len()).map(Page::StandalonePage));
    pages.extend(
        corpus
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.slug.is_empty())
            .map(|(i, _)| Page::Section(i)),
    );
    for i in 0..corpus.topics.len() {
        pages.push(Page::Topic(i));
        pages.push(Page::TopicFeed(i));
    }
    pages
}

/// The output path of a page's URL path: `notes/memo` -> `notes/memo/index.html`.
pub fn index_path(path: &str) -> String {
    if path.is_empty() {
        "index.html".to_string()
    } else {
        format!("{path}/index.html")
    }
}

#[derive(Serialize)]
struct HomeContext<'a> {
    site: &'a SiteView<'a>,
    page: PageMeta<'a>,
    /// `content/index.md` rendered, if the site has one.
    intro_html: Option<&'a str>,
    documents: Vec<DocSummaryView<'a>>,
    /// True when there are more documents than the home page shows.
    has_more: bool,
}

#[derive(Serialize)]
struct DocumentContext<'a> {
    site: &'a SiteView<'a>,
    page: PageMeta<'a>,
    doc: DocView<'a>,
    /// Neighbours in the corpus order (newer and older briefing).
    newer: Option<DocSummaryView<'a>>,
    older: Option<DocSummaryView<'a>>,
}

#[derive(Serialize)]
struct SectionContext<'a> {
    site: &'a SiteView<'a>,
    page: PageMeta<'a>,
    section: DocView<'a>,
    documents: Vec<DocSummaryView<'a>>,
}

#[derive(Serialize)]
struct ArchiveContext<'a> {
    site: &'a SiteView<'a>,
    page: PageMeta<'a>,
    years: Vec<YearView<'a>>,
}

#[derive(Serialize)]
struct TopicsContext<'a> {
    site: &'a SiteView<'a>,
    page: PageMeta<'a>,
    /// Topics grouped by kind.
    groups: Vec<TopicGroupView<'a>>,
    /// Which topics travel together (absent when too few topics share documents).
    map: Option<TopicMapView<'a>>,
}

#[derive(Serialize)]
struct TopicContext<'a> {
    site: &'a SiteView<'a>,
    page: PageMeta<'a>,
    topic: TopicView<'a>,
}

#[derive(Serialize)]
struct TimelineContext<'a> {
    site: &'a SiteView<'a>,
    page: PageMeta<'a>,
    timeline: TimelineView<'a>,
}

/// `/timeline.json`: the events and what produced them.
#[derive(Serialize)]
struct TimelineJson<'a> {
    generator: &'a str,
    /// Oldest first, as on `/timeline/`.
    events: Vec<EventView<'a>>,
}

/// `/search/`: the page only frames the search; results come from the index in the browser.
#[derive(Serialize)]
struct SearchContext<'a> {
    site: &'a SiteView<'a>,
    page: PageMeta<'a>,
    /// Where Pagefind's files are: `/briefs/pagefind/`.
    bundle_url: String,
}

#[derive(Serialize)]
struct NotFoundContext<'a> {
    site: &'a SiteView<'a>,
    page: PageMeta<'a>,
}

/// A template error on a document's page also names the document being rendered.
fn rendering(error: Diagnostic, doc: &Document) -> Diagnostic {
    Diagnostic {
        message: format!("{} (rendering {})", error.message, doc.path.display()),
        ..error
    }
}

/// Renders one page to its output file.
pub fn render_page(
    page: Page,
    views: &Views,
    site: &SiteView,
    templates: &Templates,
) -> Result<OutputFile, Diagnostic> {
    let corpus = views.corpus;
    let html = |path: String,
                template: &str,
                ctx: &dyn erased::Context|
     -> Result<OutputFile, Diagnostic> {
        Ok(OutputFile::new(path, ctx.render(templates, template)?))
    };
    match page {
        Page::Home => {
            let count = views.config.home_count;
            let ctx = HomeContext {
                site,
                page: views.page(&views.config.title, "", &views.config.description, "home"),
                intro_html: corpus.home_section().map(|s| s.body.html.as_str()),
                documents: views.summaries(0..count.min(corpus.documents.len())),
                has_more: corpus.documents.len() > count,
            };
            html(index_path(""), "index.html", &ctx)
        }
        Page::Document(i) => {
            let doc = &corpus.documents[i];
            let ctx = DocumentContext {
                site,
                page: views.page(&doc.title, &doc.slug, &doc.summary, "document"),
                doc: views.document(doc, Some(i)),
                newer: i.checked_sub(1).and_then(|n| views.summary(n)),
                older: views.summary(i + 1),
            };
            html(index_path(&doc.slug), "document.html", &ctx).map_err(|e| rendering(e, doc))
        }
        Page::StandalonePage(i) => {
            let doc = &corpus.pages[i];
            let ctx = DocumentContext {
                site,
                page: views.page(&doc.title, &doc.slug, &doc.summary, "document"),
                doc: views.document(doc, None),
                newer: None,
                older: None,
            };
            html(index_path(&doc.slug), "document.html", &ctx).map_err(|e| rendering(e, doc))
        }
        Page::Section(i) => {
            let section = &corpus.sections[i];
            let ctx = SectionContext {
                site,
                page: views.page(&section.title, &section.slug, &section.summary, "section"),
                section: views.document(section, None),
                documents: views.summaries(documents_in_section(&corpus.documents, &section.slug)),
            };
            html(index_path(&section.slug), "section.html", &ctx).map_err(|e| rendering(e, section))
        }
        Page::Archive => {
            let ctx = ArchiveContext {
                site,
                page: views.page("Archive", "archive", "Every briefing by year", "archive"),
                years: views.years(),
            };
            html(index_path("archive"), "archive.html", &ctx)
        }
        Page::Topics => {
            let ctx = TopicsContext {
                site,
                page: views.page(
                    "Topics",
                    "topics",
                    "Every topic with its documents",
                    "topics",
                ),
                groups: views.topic_groups(),
                map: topic_map(views),
            };
            html(index_path("topics"), "topics.html", &ctx)
        }
        Page::Topic(i) => {
            let topic = &corpus.topics[i];
            let path = format!("topics/{}", topic.slug);
            let ctx = TopicContext {
                site,
                page: views.page(&topic.name, &path, "", "topic"),
                topic: views.topic(topic),
            };
            html(index_path(&path), "topic.html", &ctx)
        }
        Page::TopicFeed(i) => feeds::topic_feed(&corpus.topics[i], views, site, templates),
        Page::Feed => feeds::site_feed(views, site, templates),
        Page::Sitemap => feeds::sitemap(views, templates),
        Page::TopicsJson => super::export::topics_json(views),
        Page::Timeline => {
            let ctx = TimelineContext {
                site,
                page: views.page(
                    "Timeline",
                    "timeline",
                    "Every dated event in the briefings, by year and month",
                    "timeline",
                ),
                timeline: views.timeline(),
            };
            html(index_path("timeline"), "timeline.html", &ctx)
        }
        Page::TimelineJson => {
            let json = TimelineJson {
                generator: &site.generator,
                events: views.all_events(),
            };
            let text = serde_json::to_string_pretty(&json).map_err(|e| {
                Diagnostic::new("timeline.json", format!("cannot write the timeline: {e}"))
            })?;
            Ok(OutputFile::new(
                "timeline.json".into(),
                super::export::html_safe_json(&text),
            ))
        }
        Page::Search => {
            let ctx = SearchContext {
                site,
                page: views.page(
                    "Search",
                    "search",
                    "Search the briefings and topics",
                    "search",
                ),
                bundle_url: format!("{}{}/", site.base_path, super::search::BUNDLE_DIR),
            };
            html(index_path("search"), "search.html", &ctx)
        }
        Page::NotFound => {
            let ctx = NotFoundContext {
                site,
                page: views.page("Page not found", "404.html", "", "404"),
            };
            html("404.html".to_string(), "404.html", &ctx)
        }
    }
}

/// Listed documents under a folder, by index (in corpus order).
fn documents_in_section(documents: &[Document], slug: &str) -> Vec<usize> {
    let prefix = format!("{slug}/");
    documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.slug.starts_with(&prefix))
        .map(|(i, _)| i)
        .collect()
}

/// Lets `render_page` hand differently-typed contexts to one helper closure.
mod erased {
    use super::*;

    pub trait Context {
        fn render(&self, templates: &Templates, name: &str) -> Result<String, Diagnostic>;
    }

    impl<T: Serialize> Context for T {
        fn render(&self, templates: &Templates, name: &str) -> Result<String, Diagnostic> {
            templates.render(name, self)
        }
    }
}
