//! Which pages an edit can change: the dependency rules behind `dossier serve`'s incremental
//! rebuilds. Pure: two corpora (the one before as a [`Snapshot`], the one after as [`Views`]) and
//! the documents that were re-read go in; the pages to re-render come out.
//!
//! A page is re-rendered when something it shows may have changed, judged on the values templates
//! see, never on the file that changed: the site view (on every page) differs → every page; a
//! document differs → its page, its topics' pages (old and new), the feeds and sitemap that list
//! it; its list entry (summary view) differs → every list that shows it (home, archive, topic
//! pages, section pages, its neighbours' pages); a topic's name or document count differs → the
//! topics index and every page that links the topic; the order of documents differs → the pages
//! whose neighbours, lists or feeds moved. A body-only edit of one document therefore re-renders
//! its page, its topics' pages and feeds, and nothing else. The serve tests check after every edit
//! that the result equals a full build, file for file.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::pages::{index_path, Page};
pub use super::prints::Fingerprints;
use super::prints::TopicPrint;
use super::views::Views;
use crate::analyze::Corpus;
use crate::parse::Document;

/// What a page's dependencies looked like before an edit (cheap: whole-corpus parts are slugs
/// and counts; documents are kept only for the ones being re-read).
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    site: String,
    order: Vec<String>,
    /// The re-read documents as they were, by `rel_path`.
    docs: BTreeMap<String, DocPrint>,
    prints: Fingerprints,
}

#[derive(Debug, Clone)]
struct DocPrint {
    slug: String,
    document: Document,
    /// The list entry (`DocSummaryView`) as JSON; `None` for pages and sections.
    summary: Option<String>,
    topics: Vec<String>,
}

/// The pages to re-render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Affected {
    All,
    Pages(Vec<Page>),
}

impl Snapshot {
    /// Records what [`affected_pages`] compares against; `rels` are the documents about to be
    /// re-read (`rel_path`s, existing or not).
    pub fn take(views: &Views, rels: &BTreeSet<String>) -> Snapshot {
        Snapshot::take_with(views, rels, Fingerprints::take(views))
    }

    /// Like [`Snapshot::take`], with fingerprints already taken of the same corpus.
    pub fn take_with(views: &Views, rels: &BTreeSet<String>, prints: Fingerprints) -> Snapshot {
        let corpus = views.corpus;
        let mut docs = BTreeMap::new();
        for_each_doc(corpus, |doc, listed| {
            if rels.contains(&doc.rel_path) {
                docs.insert(doc.rel_path.clone(), print_doc(views, doc, listed));
            }
        });
        Snapshot {
            site: site_print(views),
            order: corpus.documents.iter().map(|d| d.slug.clone()).collect(),
            docs,
            prints,
        }
    }
}

/// The pages of `views`' (new) corpus whose output may differ from the corpus of `before`, when
/// the documents in `rels` were re-read (changed, added or removed) and nothing else changed.
pub fn affected_pages(before: &Snapshot, views: &Views, rels: &BTreeSet<String>) -> Affected {
    affected_pages_and_prints(before, views, rels).0
}

/// [`affected_pages`], also returning the new corpus' fingerprints for the next edit.
pub fn affected_pages_and_prints(
    before: &Snapshot,
    views: &Views,
    rels: &BTreeSet<String>,
) -> (Affected, Fingerprints) {
    let now = Fingerprints::take(views);
    let affected = pages_to_render(before, views, rels, &now);
    (affected, now)
}

fn pages_to_render(
    before: &Snapshot,
    views: &Views,
    rels: &BTreeSet<String>,
    now: &Fingerprints,
) -> Affected {
    if site_print(views) != before.site {
        return Affected::All;
    }
    let corpus = views.corpus;
    let config = views.config;

    // The re-read documents after the edit.
    let mut after: BTreeMap<String, DocPrint> = BTreeMap::new();
    for_each_doc(corpus, |doc, listed| {
        if rels.contains(&doc.rel_path) {
            after.insert(doc.rel_path.clone(), print_doc(views, doc, listed));
        }
    });

    // Documents that differ (by slug, old and new), list entries that differ, topics they touch.
    let mut changed: foldhash::HashSet<&str> = Default::default();
    let mut summaries: foldhash::HashSet<&str> = Default::default();
    let mut touched_topics: BTreeSet<&str> = BTreeSet::new();
    let mut home_section = false;
    for rel in rels {
        let (old, new) = (before.docs.get(rel), after.get(rel));
        let same = match (old, new) {
            (Some(o), Some(n)) => o.document == n.document,
            (None, None) => true,
            _ => false,
        };
        if same {
            continue;
        }
        for print in old.into_iter().chain(new) {
            changed.insert(&print.slug);
            home_section |= print.document.is_section_index && print.slug.is_empty();
            touched_topics.extend(print.topics.iter().map(String::as_str));
        }
        if old.and_then(|o| o.summary.as_ref()) != new.and_then(|n| n.summary.as_ref()) {
            summaries.extend(old.into_iter().chain(new).map(|p| p.slug.as_str()));
        }
    }

    // Topics whose page content or link (name, count) differs.
    let (topics_before, topics_now) = (&before.prints.topic_lists, &now.topic_lists);
    let mut topics_changed: BTreeSet<&str> = BTreeSet::new();
    let mut links_changed: BTreeSet<&str> = BTreeSet::new();
    for slug in topics_before.keys().chain(topics_now.keys()) {
        let (old, new) = (topics_before.get(slug), topics_now.get(slug));
        if old != new {
            topics_changed.insert(slug);
        }
        if old.map(TopicPrint::link) != new.map(TopicPrint::link) {
            links_changed.insert(slug);
        }
    }
    let topic_set_changed = !topics_before.keys().eq(topics_now.keys());

    // A document whose topic links changed shows them on its page and in its list entry.
    let mut links_dirty: foldhash::HashSet<&str> = Default::default();
    for topic in &corpus.topics {
        if links_changed.contains(topic.slug.as_str()) {
            for filed in &topic.documents {
                let slug = corpus.documents[filed.doc].slug.as_str();
                links_dirty.insert(slug);
                summaries.insert(slug);
            }
        }
    }

    let order: Vec<&str> = corpus.documents.iter().map(|d| d.slug.as_str()).collect();
    let order_changed = !order
        .iter()
        .copied()
        .eq(before.order.iter().map(String::as_str));
    let old_index: HashMap<&str, usize> = if order_changed {
        before
            .order
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect()
    } else {
        HashMap::new()
    };
    let old_neighbours = |slug: &str| -> (Option<&str>, Option<&str>) {
        match old_index.get(slug) {
            Some(&i) => (
                i.checked_sub(1).map(|n| before.order[n].as_str()),
                before.order.get(i + 1).map(String::as_str),
            ),
            None => (None, None),
        }
    };
    let old_order: Vec<&str> = before.order.iter().map(String::as_str).collect();
    let listed_changed = |n: usize| -> bool {
        let (new, old) = (head(&order, n), head(&old_order, n));
        new != old || new.iter().any(|s| changed.contains(s))
    };

    let mut pages = Vec::new();
    let home_docs = head(&order, config.home_count);
    if home_section
        || home_docs != head(&old_order, config.home_count)
        || (order.len() > config.home_count) != (old_order.len() > config.home_count)
        || home_docs.iter().any(|s| summaries.contains(s))
    {
        pages.push(Page::Home);
    }
    if order_changed || order.iter().any(|s| summaries.contains(s)) {
        pages.push(Page::Archive);
    }
    if topic_set_changed || !links_changed.is_empty() {
        pages.push(Page::Topics);
    }
    if listed_changed(config.feed_count) {
        pages.push(Page::Feed);
    }
    let sitemap_moved = rels.iter().any(|rel| {
        let old = before.docs.get(rel).map(|p| sitemap_key(&p.document));
        let new = after.get(rel).map(|p| sitemap_key(&p.document));
        old != new
    });
    if order_changed || topic_set_changed || !topics_changed.is_empty() || sitemap_moved {
        pages.push(Page::Sitemap);
    }
    for (i, slug) in order.iter().enumerate() {
        let newer = i.checked_sub(1).map(|n| order[n]);
        let older = order.get(i + 1).copied();
        let moved = order_changed && old_neighbours(slug) != (newer, older);
        let neighbour_changed = newer
            .into_iter()
            .chain(older)
            .any(|s| summaries.contains(s));
        if changed.contains(slug) || links_dirty.contains(slug) || moved || neighbour_changed {
            pages.push(Page::Document(i));
        }
    }
    for (i, page) in corpus.pages.iter().enumerate() {
        if changed.contains(page.slug.as_str()) {
            pages.push(Page::StandalonePage(i));
        }
    }
    for (i, section) in corpus.sections.iter().enumerate() {
        if section.slug.is_empty() {
            continue;
        }
        let prefix = format!("{}/", section.slug);
        let members = |list: &[&str]| -> Vec<String> {
            list.iter()
                .filter(|s| s.starts_with(&prefix))
                .map(|s| s.to_string())
                .collect()
        };
        if changed.contains(section.slug.as_str())
            || (order_changed && members(&order) != members(&old_order))
            || summaries.iter().any(|s| s.starts_with(&prefix))
        {
            pages.push(Page::Section(i));
        }
    }
    // The same sets by (new) document index, for the lists of every topic.
    let summary_docs: Vec<bool> = order.iter().map(|s| summaries.contains(s)).collect();
    let changed_docs: Vec<bool> = order.iter().map(|s| changed.contains(s)).collect();
    for (i, topic) in corpus.topics.iter().enumerate() {
        let slug = topic.slug.as_str();
        let dirty = topics_changed.contains(slug) || touched_topics.contains(slug);
        if dirty || topic.documents.iter().any(|d| summary_docs[d.doc]) {
            pages.push(Page::Topic(i));
        }
        let feed_docs = &topic.documents[..config.feed_count.min(topic.documents.len())];
        if dirty || feed_docs.iter().any(|d| changed_docs[d.doc]) {
            pages.push(Page::TopicFeed(i));
        }
    }
    pages.extend(before.prints.changed_pages(now, corpus));
    pages.sort_by_key(|p| format!("{p:?}"));
    pages.dedup();
    Affected::Pages(pages)
}

/// Where a page is written, without rendering it (the same path [`super::pages::render_page`]
/// gives its file).
pub fn page_path(page: Page, corpus: &Corpus) -> String {
    match page {
        Page::Home => index_path(""),
        Page::Document(i) => index_path(&corpus.documents[i].slug),
        Page::StandalonePage(i) => index_path(&corpus.pages[i].slug),
        Page::Section(i) => index_path(&corpus.sections[i].slug),
        Page::Archive => index_path("archive"),
        Page::Topics => index_path("topics"),
        Page::Topic(i) => index_path(&format!("topics/{}", corpus.topics[i].slug)),
        Page::TopicFeed(i) => format!("topics/{}/atom.xml", corpus.topics[i].slug),
        Page::Feed => "atom.xml".to_string(),
        Page::Sitemap => "sitemap.xml".to_string(),
        Page::NotFound => "404.html".to_string(),
        Page::TopicsJson => "topics.json".to_string(),
        Page::Timeline => index_path("timeline"),
        Page::TimelineJson => "timeline.json".to_string(),
        Page::Search => index_path("search"),
    }
}

/// Every document of the corpus, with whether it is a listed one (and its index if so).
fn for_each_doc<'c>(corpus: &'c Corpus, mut f: impl FnMut(&'c Document, Option<usize>)) {
    for (i, doc) in corpus.documents.iter().enumerate() {
        f(doc, Some(i));
    }
    for doc in corpus.pages.iter().chain(&corpus.sections) {
        f(doc, None);
    }
}

fn print_doc(views: &Views, doc: &Document, listed: Option<usize>) -> DocPrint {
    let corpus = views.corpus;
    DocPrint {
        slug: doc.slug.clone(),
        document: doc.clone(),
        summary: listed
            .map(|i| serde_json::to_string(&views.summary_of(doc, Some(i))).unwrap_or_default()),
        topics: listed
            .map(|i| {
                let mut slugs: Vec<String> = corpus.doc_topics[i]
                    .iter()
                    .map(|&(t, _)| corpus.topics[t].slug.clone())
                    .collect();
                slugs.sort();
                slugs
            })
            .unwrap_or_default(),
    }
}

fn site_print(views: &Views) -> String {
    serde_json::to_string(&views.site()).unwrap_or_default()
}

/// What the sitemap shows of a document: its URL and last change.
fn head<'a>(list: &[&'a str], n: usize) -> Vec<&'a str> {
    list[..n.min(list.len())].to_vec()
}

fn sitemap_key(doc: &Document) -> (&str, Option<String>) {
    (&doc.slug, doc.updated.or(doc.date).map(|d| d.iso()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{analyze, AnalyzeOptions};
    use crate::config::SiteConfig;
    use crate::render::pages::site_pages;

    use crate::parse::parsed_for_tests as doc;

    fn corpus(docs: &[(&str, &str)]) -> Corpus {
        let docs = docs.iter().map(|(rel, text)| doc(rel, text)).collect();
        analyze(docs, &SiteConfig::default(), AnalyzeOptions::default())
            .unwrap()
            .0
    }

    const A: &str = "---\ntitle: A\ndate: 2024-03-01\ntopics: [Taiwan]\n---\nA body.\n";
    const B: &str =
        "---\ntitle: B\ndate: 2024-02-01\ntopics: [Taiwan, Trade]\n---\nB body.\n\nMore.\n";
    const C: &str = "---\ntitle: C\ndate: 2024-01-01\ntopics: [Trade]\n---\nC body.\n";
    const D: &str = "---\ntitle: D\ndate: 2023-01-01\n---\nD body.\n";

    /// The output paths of the pages affected by replacing `before` with `after`.
    fn affected(before: &[(&str, &str)], after: &[(&str, &str)], rels: &[&str]) -> Vec<String> {
        let config = SiteConfig::default();
        let rels: BTreeSet<String> = rels.iter().map(|s| s.to_string()).collect();
        let old = corpus(before);
        let snapshot = Snapshot::take(&Views::new(&config, &old), &rels);
        let new = corpus(after);
        let views = Views::new(&config, &new);
        match affected_pages(&snapshot, &views, &rels) {
            Affected::All => vec!["*".into()],
            Affected::Pages(pages) => {
                let mut paths: Vec<String> = pages.iter().map(|&p| page_path(p, &new)).collect();
                paths.sort();
                paths
            }
        }
    }

    fn site(b: &str) -> Vec<(&'static str, String)> {
        vec![
            ("a.md", A.to_string()),
            ("b.md", b.to_string()),
            ("c.md", C.to_string()),
            ("d.md", D.to_string()),
        ]
    }

    fn refs<'a>(docs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
        docs.iter().map(|(r, t)| (*r, t.as_str())).collect()
    }

    #[test]
    fn body_edit_renders_the_document_and_its_topics_only() {
        let before = site(B);
        let after = site(&B.replace("More.", "More, edited."));
        let paths = affected(&refs(&before), &refs(&after), &["b.md"]);
        assert_eq!(
            paths,
            [
                "atom.xml",
                "b/index.html",
                "topics/taiwan/atom.xml",
                "topics/taiwan/index.html",
                "topics/trade/atom.xml",
                "topics/trade/index.html"
            ]
        );
    }

    #[test]
    fn title_edit_renders_lists_and_neighbours() {
        let before = site(B);
        let after = site(&B.replace("title: B", "title: B2"));
        let paths = affected(&refs(&before), &refs(&after), &["b.md"]);
        for p in [
            "index.html",
            "archive/index.html",
            "a/index.html",
            "b/index.html",
            "c/index.html",
            "topics/taiwan/index.html",
            "topics/trade/index.html",
        ] {
            assert!(paths.contains(&p.to_string()), "{p} missing from {paths:?}");
        }
        assert!(!paths.contains(&"d/index.html".to_string()), "{paths:?}");
        assert!(
            !paths.contains(&"topics/index.html".to_string()),
            "{paths:?}"
        );
    }

    #[test]
    fn topic_change_renders_old_and_new_topics_and_every_link_to_them() {
        let before = site(B);
        let after = site(&B.replace("[Taiwan, Trade]", "[Trade]"));
        let paths = affected(&refs(&before), &refs(&after), &["b.md"]);
        for p in [
            "topics/index.html",
            "topics/taiwan/index.html",
            "topics/trade/index.html",
            "a/index.html", // Taiwan's count changed and A links it
            "c/index.html", // B, C's neighbour, shows other topics in its list entry
            "sitemap.xml",  // Taiwan's newest document
        ] {
            assert!(paths.contains(&p.to_string()), "{p} missing from {paths:?}");
        }
    }

    #[test]
    fn unchanged_save_renders_nothing() {
        let before = site(B);
        assert!(affected(&refs(&before), &refs(&before), &["b.md"]).is_empty());
    }

    #[test]
    fn removal_and_date_change_reorder() {
        let before = site(B);
        let without_b: Vec<_> = before
            .iter()
            .filter(|(r, _)| *r != "b.md")
            .cloned()
            .collect();
        let paths = affected(&refs(&before), &refs(&without_b), &["b.md"]);
        // One document fewer: the site view's document count changes, so every page.
        assert_eq!(paths, ["*"]);
        let moved = site(&B.replace("2024-02-01", "2022-02-01"));
        let paths = affected(&refs(&before), &refs(&moved), &["b.md"]);
        for p in [
            "a/index.html",
            "c/index.html",
            "d/index.html",
            "sitemap.xml",
        ] {
            assert!(paths.contains(&p.to_string()), "{p} missing from {paths:?}");
        }
    }

    #[test]
    fn page_path_matches_every_page() {
        let c = corpus(&refs(&site(B)));
        let config = SiteConfig::default();
        let views = Views::new(&config, &c);
        let paths: BTreeSet<String> = site_pages(&views)
            .into_iter()
            .map(|p| page_path(p, &c))
            .collect();
        assert_eq!(paths.len(), site_pages(&views).len(), "paths are unique");
        assert!(paths.contains("topics/trade/atom.xml"));
    }
}
