//! Which pages the site has, where each is written, and the typed context each template gets.
//!
//! [`site_pages`] lists every page as a [`Page`]; a page kind's output path, searchability and
//! view are declared here and nowhere else; [`render_page`] renders one of them. Pages are
//! independent of each other, so the build renders them in parallel.

use serde::Serialize;

use super::feeds;
use super::reads::Place;
use super::templates::Templates;
use super::topic_map::{topic_map, TopicMapView};
use super::views::{
    DocSummaryView, DocView, EventView, PageKind, PageMeta, PagerView, SiteView, TimelineView,
    TimelineYearView, TopicGroupView, TopicView, Views, YearLinkView, YearView,
};
use super::OutputFile;
use crate::error::Diagnostic;
use crate::parse::Document;

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Page {
    Home,
    /// A listed document, by position among the listed documents.
    Document(usize),
    /// A standalone page, by position among them.
    Standalone(usize),
    /// A folder's page, by position among the sections (not the home section).
    Section(usize, usize),
    /// A page of the archive (1-based).
    Archive(usize),
    Topics,
    /// Page N (1-based) of a topic.
    Topic(usize, usize),
    TopicFeed(usize),
    /// `/topics/<slug>/documents.json`: a topic's documents.
    TopicJson(usize),
    Feed,
    /// `/sitemap.xml`: every page, or the index of the parts once the site is larger.
    Sitemap,
    /// `/sitemap-N.xml` (1-based), the parts of a large site's sitemap.
    SitemapPart(usize),
    NotFound,
    TopicsJson,
    /// `/timeline/`: every event by year and month.
    Timeline,
    /// `/timeline.json`: the years with their event files (and every event while the timeline
    /// is not split).
    TimelineJson,
    /// `/timeline/<year>/`, page N (1-based), when the timeline is split by year.
    TimelineYear(i32, usize),
    /// `/timeline/<year>.json`: the year's events with all their fields.
    TimelineYearJson(i32, usize),
    /// `/search/`: the search box and results (only with `[search] enabled`).
    Search,
    /// A page at an old URL (front matter `aliases`) sending readers to its document.
    Redirect(usize),
}

/// Every page of the site, in a fixed order.
pub(crate) fn site_pages(views: &Views) -> Vec<Page> {
    let read = &views.read;
    let mut pages = vec![
        Page::Home,
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
    let size = views.config.page_size();
    pages.extend((1..=read.listed_count().div_ceil(size).max(1)).map(Page::Archive));
    pages.extend((0..read.listed_count()).map(Page::Document));
    pages.extend((0..read.standalone_count()).map(Page::Standalone));
    pages.extend(
        (0..read.section_count())
            .filter(|&i| read.section_slug(i).is_some_and(|s| !s.is_empty()))
            .flat_map(|i| {
                let pages = section_pages(views, i);
                (1..=pages).map(move |n| Page::Section(i, n))
            }),
    );
    pages.extend((1..=feeds::sitemap_parts(views)).map(Page::SitemapPart));
    let split = views.timeline_split();
    for (year, count) in read.event_years() {
        pages.extend((1..=year_json_parts(views, count)).map(|n| Page::TimelineYearJson(year, n)));
        if split {
            pages.extend((1..=count.div_ceil(size)).map(|n| Page::TimelineYear(year, n)));
        }
    }
    pages.extend((0..read.redirect_count()).map(Page::Redirect));
    for t in 0..read.topic_count() {
        pages.extend((1..=views.topic_pages(t)).map(|n| Page::Topic(t, n)));
        pages.push(Page::TopicFeed(t));
        pages.push(Page::TopicJson(t));
    }
    pages
}

impl Page {
    /// The output path of the page (`notes/memo/index.html`, `topics/taiwan/atom.xml`); `None`
    /// for a position the corpus does not have.
    pub(crate) fn path(self, views: &Views) -> Option<String> {
        let read = &views.read;
        let topic_slug = |t: usize| read.topic_head(t).map(|h| h.slug);
        Some(match self {
            Page::Home => index_path(""),
            Page::Document(i) => index_path(read.listed_slug(i)?),
            Page::Standalone(i) => index_path(read.standalone_slug(i)?),
            Page::Section(i, n) => paged_path(read.section_slug(i)?, n),
            Page::Archive(n) => paged_path("archive", n),
            Page::Topics => index_path("topics"),
            Page::Topic(t, n) => paged_path(&format!("topics/{}", topic_slug(t)?), n),
            Page::TopicFeed(t) => format!("topics/{}/atom.xml", topic_slug(t)?),
            Page::TopicJson(t) => super::export::topic_json_path(topic_slug(t)?),
            Page::Feed => "atom.xml".to_string(),
            Page::Sitemap => "sitemap.xml".to_string(),
            Page::SitemapPart(n) => format!("sitemap-{n}.xml"),
            Page::NotFound => "404.html".to_string(),
            Page::TopicsJson => "topics.json".to_string(),
            Page::Timeline => index_path("timeline"),
            Page::TimelineJson => "timeline.json".to_string(),
            Page::TimelineYear(year, n) => paged_path(&format!("timeline/{year}"), n),
            Page::TimelineYearJson(year, n) => year_json_path(year, n),
            Page::Search => index_path("search"),
            Page::Redirect(i) => index_path(&read.redirect(i)?.from),
        })
    }

    /// Whether the page's HTML goes to the search index (the theme decides which part of it).
    pub(crate) fn searchable(self) -> bool {
        matches!(
            self,
            Page::Document(_) | Page::Standalone(_) | Page::Section(_, 1) | Page::Topic(_, 1)
        )
    }

    /// The page of the listed or standalone document at content path `rel` (a folder's page
    /// can have several: `None`, as for a document not in the corpus).
    pub(crate) fn of_document(views: &Views, rel: &str) -> Option<Page> {
        match views.read.place_of(rel)? {
            Place::Listed(i) => Some(Page::Document(i)),
            Place::Standalone(i) => Some(Page::Standalone(i)),
            Place::Section(..) => None,
        }
    }

    /// The content path of the document the page shows, if it shows one (`dossier serve`
    /// renders the pages of the edited documents, which an editor has open, before announcing
    /// a reload, and every other page after it).
    pub(crate) fn document_path<'a>(self, views: &Views<'a>) -> Option<&'a str> {
        let doc = match self {
            Page::Document(i) => views.read.listed(i),
            Page::Standalone(i) => views.read.standalone(i),
            Page::Section(i, _) => views.read.section(i),
            _ => None,
        };
        doc.map(|d| d.rel_path.as_str())
    }
}

/// Whether `path` can be a page's output path ([`Page::path`]: HTML pages, feeds and sitemaps,
/// JSON exports); a copied or fixed file at such a path is told apart by the caller.
pub(crate) fn may_be_page(path: &str) -> bool {
    [".html", ".xml", ".json"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// The output path of page `number` of the list at URL path `path`: `archive/index.html`,
/// `archive/page/2/index.html`.
pub(crate) fn paged_path(path: &str, number: usize) -> String {
    if number <= 1 {
        index_path(path)
    } else {
        index_path(&format!("{path}/page/{number}"))
    }
}

/// The output path of a page's URL path: `notes/memo` -> `notes/memo/index.html`.
pub(crate) fn index_path(path: &str) -> String {
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
    /// The folder's documents on this page.
    documents: Vec<DocSummaryView<'a>>,
    /// Links to the other pages, when the folder has more than `per_page` documents.
    pager: Option<PagerView>,
}

#[derive(Serialize)]
struct ArchiveContext<'a> {
    site: &'a SiteView<'a>,
    page: PageMeta<'a>,
    /// The years on this page, with their documents on this page.
    years: Vec<YearView<'a>>,
    /// Every year, linking to where it starts.
    year_index: Vec<YearLinkView>,
    /// Links to the other pages, when the archive has more than one.
    pager: Option<PagerView>,
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

/// `/timeline.json`: the years and where their events are.
#[derive(Serialize)]
struct TimelineJson<'a> {
    generator: &'a str,
    /// How many events there are in all.
    count: usize,
    /// Each year's events are in its `files`.
    years: Vec<TimelineYearFiles>,
    /// Every event, oldest first, as on `/timeline/`, while the timeline is not split by year
    /// (empty once it is: read the years' files).
    events: Vec<EventView<'a>>,
}

/// A year in `/timeline.json`: its event count and the files that hold its events.
#[derive(Serialize)]
struct TimelineYearFiles {
    year: i32,
    count: usize,
    /// `/timeline/2024.json`, then `/timeline/2024-2.json`, ... (at most ten pages' worth of
    /// events each).
    files: Vec<String>,
}

/// Events per timeline JSON file: ten pages' worth (1,000 by default, about 2.5 MB), so no
/// export grows with the site.
fn events_per_json(views: &Views) -> usize {
    views.config.page_size() * 10
}

fn year_json_parts(views: &Views, events: usize) -> usize {
    events.div_ceil(events_per_json(views)).max(1)
}

/// `timeline/2024.json` for the first part of a year's events, `timeline/2024-2.json` after.
fn year_json_path(year: i32, part: usize) -> String {
    if part <= 1 {
        format!("timeline/{year}.json")
    } else {
        format!("timeline/{year}-{part}.json")
    }
}

/// `/timeline/<year>.json` (and `-N.json`): a run of one year's events.
#[derive(Serialize)]
struct TimelineYearJson<'a> {
    generator: &'a str,
    year: i32,
    events: Vec<EventView<'a>>,
}

/// `/timeline/<year>/`: one page of a year's events, when the timeline is split.
#[derive(Serialize)]
struct TimelineYearContext<'a> {
    site: &'a SiteView<'a>,
    page: PageMeta<'a>,
    year: TimelineYearView<'a>,
    /// How many events the year has in all.
    count: usize,
    pager: Option<PagerView>,
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

/// Renders one page to its output file; `views` are the page's own (see `RenderSource`).
pub(crate) fn render_page(
    page: Page,
    views: &Views,
    templates: &Templates,
) -> Result<OutputFile, Diagnostic> {
    let read = &views.read;
    let site = &views.site();
    let missing = || Diagnostic::new("content", format!("{page:?} is not in the corpus"));
    let path = page.path(views).ok_or_else(missing)?;
    let html = |template: &str, ctx: &dyn erased::Context| -> Result<OutputFile, Diagnostic> {
        Ok(OutputFile::new(
            path.clone(),
            ctx.render(templates, template)?,
        ))
    };
    match page {
        Page::Home => {
            let count = views.config.home_count;
            let listed = read.listed_count();
            let ctx = HomeContext {
                site,
                page: views.page(
                    &views.config.title,
                    "",
                    &views.config.description,
                    PageKind::Home,
                ),
                intro_html: read.home_section().map(|s| s.body.html.as_str()),
                documents: views.summaries(0..count.min(listed)),
                has_more: listed > count,
            };
            html("index.html", &ctx)
        }
        Page::Document(i) => {
            let doc = read.listed(i).ok_or_else(missing)?;
            let (newer, older) = read.neighbours(i);
            let ctx = DocumentContext {
                site,
                page: views.page(&doc.title, &doc.slug, &doc.summary, PageKind::Document),
                doc: views.document(doc, Some(i)),
                newer: newer.and_then(|n| views.summary(n)),
                older: older.and_then(|n| views.summary(n)),
            };
            html("document.html", &ctx).map_err(|e| rendering(e, doc))
        }
        Page::Standalone(i) => {
            let doc = read.standalone(i).ok_or_else(missing)?;
            let ctx = DocumentContext {
                site,
                page: views.page(&doc.title, &doc.slug, &doc.summary, PageKind::Document),
                doc: views.document(doc, None),
                newer: None,
                older: None,
            };
            html("document.html", &ctx).map_err(|e| rendering(e, doc))
        }
        Page::Section(i, n) => {
            let section = read.section(i).ok_or_else(missing)?;
            let all = documents_in_section(views, &section.slug);
            let size = views.config.page_size();
            let total = all.len().div_ceil(size).max(1);
            let on_page = all.into_iter().skip(n.saturating_sub(1) * size).take(size);
            let ctx = SectionContext {
                site,
                page: views.page(
                    &section.title,
                    &url_path_of(&path),
                    &section.summary,
                    PageKind::Section,
                ),
                section: views.document(section, None),
                documents: views.summaries(on_page),
                pager: views.pager(&section.slug, n, total),
            };
            html("section.html", &ctx).map_err(|e| rendering(e, section))
        }
        Page::Archive(n) => {
            let total = read
                .listed_count()
                .div_ceil(views.config.page_size())
                .max(1);
            let ctx = ArchiveContext {
                site,
                page: views.page(
                    "Archive",
                    &url_path_of(&path),
                    "Every briefing by year",
                    PageKind::Archive,
                ),
                years: views.archive_page(n),
                year_index: views.archive_years(),
                pager: views.pager("archive", n, total),
            };
            html("archive.html", &ctx)
        }
        Page::Topics => {
            let ctx = TopicsContext {
                site,
                page: views.page(
                    "Topics",
                    "topics",
                    "Every topic with its documents",
                    PageKind::Topics,
                ),
                groups: views.topic_groups(),
                map: topic_map(views),
            };
            html("topics.html", &ctx)
        }
        Page::Topic(t, n) => {
            let topic = views.topic(t, n).ok_or_else(missing)?;
            let ctx = TopicContext {
                site,
                page: views.page(topic.name, &url_path_of(&path), "", PageKind::Topic),
                topic,
            };
            html("topic.html", &ctx)
        }
        Page::TopicFeed(t) => feeds::topic_feed(t, path, views, site, templates),
        Page::Feed => feeds::site_feed(views, site, templates),
        Page::Sitemap => match feeds::sitemap_parts(views) {
            0 => feeds::sitemap(views, None, path, templates),
            parts => feeds::sitemap_index(views, parts, templates),
        },
        Page::SitemapPart(n) => feeds::sitemap(views, Some(n), path, templates),
        Page::TopicsJson => super::export::topics_json(views),
        Page::TopicJson(t) => super::export::topic_json(views, t),
        Page::Timeline => {
            let ctx = TimelineContext {
                site,
                page: views.page(
                    "Timeline",
                    "timeline",
                    "Every dated event in the briefings, by year and month",
                    PageKind::Timeline,
                ),
                timeline: views.timeline(),
            };
            html("timeline.html", &ctx)
        }
        Page::TimelineJson => {
            let split = views.timeline_split();
            let years = read.event_years();
            let json = TimelineJson {
                generator: &site.generator,
                count: years.iter().map(|(_, n)| n).sum(),
                years: years
                    .into_iter()
                    .map(|(year, count)| TimelineYearFiles {
                        year,
                        count,
                        files: (1..=year_json_parts(views, count))
                            .map(|n| views.permalink(&views.file_url(&year_json_path(year, n))))
                            .collect(),
                    })
                    .collect(),
                events: if split {
                    Vec::new()
                } else {
                    views.all_events()
                },
            };
            super::export::json_file(path, &json)
        }
        Page::TimelineYearJson(year, n) => {
            let size = events_per_json(views);
            let start = n.saturating_sub(1) * size;
            let json = TimelineYearJson {
                generator: &site.generator,
                year,
                events: views.year_events(year, start..start + size),
            };
            super::export::json_file(path, &json)
        }
        Page::TimelineYear(year, n) => {
            let count = read
                .event_years()
                .into_iter()
                .find(|(y, _)| *y == year)
                .map_or(0, |(_, count)| count);
            let title = format!("Timeline: {year}");
            let ctx = TimelineYearContext {
                site,
                page: views.page(
                    &title,
                    &url_path_of(&path),
                    "The dated events of one year, by month",
                    PageKind::Timeline,
                ),
                year: views.timeline_year(year, n).ok_or_else(missing)?,
                count,
                pager: views.pager(
                    &format!("timeline/{year}"),
                    n,
                    count.div_ceil(views.config.page_size()),
                ),
            };
            html("timeline-year.html", &ctx)
        }
        Page::Search => {
            let ctx = SearchContext {
                site,
                page: views.page(
                    "Search",
                    "search",
                    "Search the briefings and topics",
                    PageKind::Search,
                ),
                bundle_url: format!("{}{}/", site.base_path, super::search::BUNDLE_DIR),
            };
            html("search.html", &ctx)
        }
        Page::Redirect(i) => {
            let redirect = read.redirect(i).ok_or_else(missing)?;
            let target = views.url(&redirect.to);
            let html = redirect_html(
                &views.permalink(&target),
                &target,
                &redirect.title,
                &views.config.language,
            );
            Ok(OutputFile::new(path, html))
        }
        Page::NotFound => {
            let ctx = NotFoundContext {
                site,
                page: views.page("Page not found", "404.html", "", PageKind::NotFound),
            };
            html("404.html", &ctx)
        }
    }
}

/// The page at an old URL: a refresh to the new one, its canonical link and a link for
/// readers whose browser does not follow the refresh. Built in (no template): it shows nothing
/// of the site, and search engines take the canonical link.
fn redirect_html(canonical: &str, target: &str, title: &str, language: &str) -> String {
    use crate::escape::html as e;
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
        lang = e(language),
        title = e(title),
        canonical = e(canonical),
        target = e(target),
    )
}

/// The URL path of an output path: `archive/page/2/index.html` -> `archive/page/2`.
fn url_path_of(output_path: &str) -> String {
    output_path
        .trim_end_matches("index.html")
        .trim_end_matches('/')
        .to_string()
}

/// How many pages the section at position `i` has (at least one).
fn section_pages(views: &Views, i: usize) -> usize {
    let Some(slug) = views.read.section_slug(i) else {
        return 1;
    };
    let count = documents_in_section(views, slug).len();
    count.div_ceil(views.config.page_size()).max(1)
}

/// Listed documents under a folder, by position (in corpus order).
fn documents_in_section(views: &Views, slug: &str) -> Vec<usize> {
    let prefix = format!("{slug}/");
    (0..views.read.listed_count())
        .filter(|&i| {
            views
                .read
                .listed_slug(i)
                .is_some_and(|s| s.starts_with(&prefix))
        })
        .collect()
}

/// Lets `render_page` hand differently-typed contexts to one helper closure.
mod erased {
    use super::*;

    pub(super) trait Context {
        fn render(&self, templates: &Templates, name: &str) -> Result<String, Diagnostic>;
    }

    impl<T: Serialize> Context for T {
        fn render(&self, templates: &Templates, name: &str) -> Result<String, Diagnostic> {
            templates.render(name, self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Corpus;
    use crate::config::SiteConfig;

    use crate::render::views::RenderSource;

    /// One page of each kind that a corpus of one listed document has a path for. The match
    /// fails to compile when a kind is added, so that it is added here too.
    fn one_of_each_kind() -> Vec<Page> {
        let all = vec![
            Page::Home,
            Page::Document(0),
            Page::Archive(1),
            Page::Archive(2),
            Page::Topics,
            Page::Feed,
            Page::Sitemap,
            Page::SitemapPart(2),
            Page::NotFound,
            Page::TopicsJson,
            Page::Timeline,
            Page::TimelineJson,
            Page::TimelineYear(2024, 1),
            Page::TimelineYear(2024, 2),
            Page::TimelineYearJson(2024, 2),
            Page::Search,
        ];
        for page in &all {
            match page {
                Page::Home | Page::Document(_) | Page::Archive(_) | Page::Topics | Page::Feed => {}
                Page::Sitemap | Page::SitemapPart(_) | Page::NotFound | Page::TopicsJson => {}
                Page::Timeline | Page::TimelineJson | Page::TimelineYear(..) => {}
                Page::TimelineYearJson(..) | Page::Search => {}
                // Paths made by the same `index_path`, `paged_path` and file names as above.
                Page::Standalone(_) | Page::Section(..) | Page::Redirect(_) => {}
                Page::Topic(..) | Page::TopicFeed(_) | Page::TopicJson(_) => {}
            }
        }
        all
    }

    #[test]
    fn every_page_path_is_one_serve_holds_while_settling() {
        let corpus = Corpus::for_tests(vec![Document::empty_for_tests("a")], Vec::new());
        let config = SiteConfig::default();
        let source = RenderSource::new(&config, &corpus);
        for page in one_of_each_kind() {
            let path = page.path(&source.views()).expect("a path");
            assert!(may_be_page(&path), "{page:?}: {path}");
        }
        for fixed in [
            "robots.txt",
            ".nojekyll",
            "highlight.css",
            "style.css",
            "search.js",
        ] {
            assert!(!may_be_page(fixed), "{fixed}");
        }
        let topic_json = super::super::export::topic_json_path("x");
        for path in [
            "topics/x/page/2/index.html",
            "topics/x/atom.xml",
            &topic_json,
        ] {
            assert!(may_be_page(path), "{path}");
        }
    }

    #[test]
    fn a_large_sitemap_becomes_an_index_of_parts() {
        let count = super::feeds::SITEMAP_PART + 10;
        let documents = (0..count)
            .map(|i| Document::empty_for_tests(&format!("d{i}")))
            .collect();
        let corpus = Corpus::for_tests(documents, Vec::new());
        let config = SiteConfig::default();
        let source = RenderSource::new(&config, &corpus);
        let templates = Templates::new(&Default::default()).unwrap();
        let pages = site_pages(&source.views());
        assert!(pages.contains(&Page::SitemapPart(2)));
        assert!(!pages.contains(&Page::SitemapPart(3)));
        // Each page once (the parts were listed twice, so rendered and written twice).
        let mut unique = pages.clone();
        unique.sort_by_key(|p| format!("{p:?}"));
        unique.dedup();
        assert_eq!(unique.len(), pages.len());
        let render = |page| render_page(page, &source.views(), &templates).unwrap();
        let index = String::from_utf8(render(Page::Sitemap).bytes).unwrap();
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(index.contains("<loc>/sitemap-2.xml</loc>"), "{index}");
        let urls: usize = [1, 2]
            .into_iter()
            .map(|n| {
                let part = String::from_utf8(render(Page::SitemapPart(n)).bytes).unwrap();
                part.matches("<url>").count()
            })
            .sum();
        // Every document, the home page, archive, topics and timeline: each once.
        assert_eq!(urls, count + 4);
    }
}
