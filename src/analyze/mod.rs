//! Analyze: parsed documents in, the [`Corpus`] out. Pure: no disk, no HTML for templates.
//!
//! This step decides what the site contains and in which order: which documents are published
//! (drafts only with `--drafts`), their order (newest first), the standalone pages, the sections,
//! the topics, the archive by year and the timeline of events. It also catches what only shows across documents: two
//! documents claiming one URL, or a document claiming a URL the site needs for itself.

pub mod dates_in_prose;
pub(crate) mod discover;
pub(crate) mod events;
pub(crate) mod links;
pub(crate) mod matching;
pub(crate) mod memo;
mod order;
pub(crate) mod related;
pub(crate) mod sentences;
pub(crate) mod topics;
pub(crate) mod urls;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use crate::config::SiteConfig;
use crate::error::Diagnostic;
use crate::parse::Document;
use crate::timings::Timings;
pub use events::Event;
use matching::Matcher;
pub use topics::Topic;

/// URL paths that belong to the site itself; a document slug may not take them.
pub const RESERVED_SLUGS: &[&str] = &[
    "topics",
    "archive",
    "timeline",
    "search",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "highlight.css",
    "style.css",
    "topics.json",
    "timeline.json",
];

/// Options of the analysis that come from the command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnalyzeOptions {
    pub include_drafts: bool,
}

/// Everything the site is made from, in the order it is shown. Its fields are set by the
/// analysis only; everything else reads them through the accessors below.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Listed documents (the briefings), newest first; undated ones last, by title.
    documents: Vec<Document>,
    /// Standalone pages (`listed: false`), by title: linked from the navigation.
    pages: Vec<Document>,
    /// Section descriptions (`index.md`), by slug; the one with slug `` introduces the home page.
    sections: Vec<Document>,
    /// Every topic (curated, declared, detected, suggested), by slug.
    topics: Vec<Topic>,
    /// For each listed document: its topics (index into `topics`) with how many of its passages
    /// mention each, most mentioned first.
    doc_topics: Vec<Vec<(usize, usize)>>,
    /// Finds every topic's names in text (for autolinks).
    matcher: Matcher,
    /// For each listed document: related documents, best first.
    related: related::Related,
    /// For each listed document: the documents that link to it (shared with `dossier serve`'s
    /// cache, which hands the same lists to the next analysis when no link changed).
    references: std::sync::Arc<Vec<Vec<links::Reference>>>,
    /// Content path (`notes/a.md`) -> URL path (`notes/a`) of every document, page and section.
    slugs: Arc<BTreeMap<String, String>>,
    /// A print of every document's (content path, URL path), listed documents first, then
    /// pages and sections: what `slugs` and the listed documents' paths are made of.
    paths_print: u64,
    /// How long each analysis phase took.
    timings: Timings,
    /// Indices into `documents` grouped by year, newest year first; undated last (`None`).
    years: Vec<(Option<i32>, Vec<usize>)>,
    /// Dated happenings of the listed documents, merged across sources, oldest first.
    events: Vec<Event>,
    /// Pages at old URLs that send readers on (front matter `aliases`, `redirect_from`), by
    /// old URL.
    redirects: Vec<urls::Redirect>,
}

impl Corpus {
    /// Listed documents (the briefings), newest first; undated ones last, by title.
    pub(crate) fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// Standalone pages (`listed: false`), by title.
    pub(crate) fn pages(&self) -> &[Document] {
        &self.pages
    }

    /// Section descriptions (`index.md`), by slug.
    pub(crate) fn sections(&self) -> &[Document] {
        &self.sections
    }

    /// Every topic, by slug.
    pub(crate) fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// For each listed document: its topics (index into [`Corpus::topics`]) with how many of
    /// its passages mention each, most mentioned first.
    pub(crate) fn doc_topics(&self) -> &[Vec<(usize, usize)>] {
        &self.doc_topics
    }

    /// Finds every topic's names in text.
    pub(crate) fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// For each listed document: related documents, best first.
    pub(crate) fn related(&self) -> &[Vec<related::RelatedDocument>] {
        &self.related
    }

    /// For each listed document: the documents that link to it.
    pub(crate) fn references(&self) -> &[Vec<links::Reference>] {
        &self.references
    }

    /// Content path -> URL path of every document, page and section.
    pub(crate) fn slugs(&self) -> &BTreeMap<String, String> {
        &self.slugs
    }

    /// How long each analysis phase took.
    pub(crate) fn timings(&self) -> &Timings {
        &self.timings
    }

    /// Indices into [`Corpus::documents`] by year, newest year first; undated last.
    pub(crate) fn years(&self) -> &[(Option<i32>, Vec<usize>)] {
        &self.years
    }

    /// Dated happenings of the listed documents, oldest first.
    pub(crate) fn events(&self) -> &[Event] {
        &self.events
    }

    /// Pages at old URLs that send readers on, by old URL.
    pub(crate) fn redirects(&self) -> &[urls::Redirect] {
        &self.redirects
    }

    /// Takes the corpus apart for the next analysis (`dossier serve`): every document (listed,
    /// then pages, then sections; the listed ones, most of them, stay in place), and the rest
    /// of the corpus, to be dropped off the reload's path.
    pub(crate) fn into_documents(mut self) -> (Vec<Document>, Corpus) {
        let mut documents = std::mem::take(&mut self.documents);
        documents.append(&mut self.pages);
        documents.append(&mut self.sections);
        (documents, self)
    }

    /// The listed documents, to change in unit tests of later steps.
    #[cfg(test)]
    pub(crate) fn documents_mut(&mut self) -> &mut [Document] {
        &mut self.documents
    }

    /// A corpus of these listed documents (in this order) and events, nothing else analysed:
    /// for unit tests of later steps.
    #[cfg(test)]
    pub(crate) fn for_tests(documents: Vec<Document>, events: Vec<Event>) -> Corpus {
        Corpus {
            documents,
            events,
            ..Corpus::default()
        }
    }

    /// Total number of documents of every kind (briefings, pages, sections).
    pub fn len(&self) -> usize {
        self.documents.len() + self.pages.len() + self.sections.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every document of every kind: briefings, then standalone pages, then sections.
    pub fn all_documents(&self) -> impl Iterator<Item = &Document> {
        self.documents
            .iter()
            .chain(&self.pages)
            .chain(&self.sections)
    }

    /// The home page's introduction (`content/index.md`), if any.
    pub fn home_section(&self) -> Option<&Document> {
        self.sections.iter().find(|s| s.slug.is_empty())
    }
}

/// What `dossier serve` keeps of one analysis for the next, so that an edit redoes only the
/// edited documents' share of each phase (topic mentions, term counts, told events, resolved
/// links) and the steps across documents only when their input changed. A build passes a new,
/// empty one. Each per-document step is memoized by `memo::PerDocument` and each step across
/// documents by `memo::WholeCorpus`, keyed by a hash of the step's whole input (the step reads
/// nothing else), so an analysis with a cache gives exactly what one without gives.
#[derive(Default)]
pub struct AnalysisCache {
    /// Content path -> URL path of every document, from every document's pair of them.
    slugs: memo::WholeCorpus<Arc<BTreeMap<String, String>>>,
    topics: topics::TopicsCache,
    /// Each document's share of the declarations' print (`topics::Declared`).
    declared: memo::PerDocument<topics::DeclaredShare>,
    discover: discover::DiscoverCache,
    /// The last corpus' `doc_topics`, once recycled (valid with the recycled topics).
    doc_topics: Vec<Vec<(usize, usize)>>,
    related: related::RelatedCache,
    events: events::EventsCache,
    links: links::LinksCache,
    /// A one-off run (`dossier build`): each step's memo is dropped as soon as the step is done,
    /// since no later run reads it (at 10,000 documents discovery's candidates and the topics'
    /// evidence are several hundred MB that would otherwise live through the events step).
    one_shot: bool,
}

pub use crate::stable_hash::{stable_hasher, StableHasher};

/// How many items two ascending lists share (a merge walk, no allocation).
pub(crate) fn shared_count<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Each item of a sorted list once, with how many times it comes in a row: `[a, a, b]` ->
/// `[(a, 2), (b, 1)]` (a count without a map).
pub(crate) fn run_lengths<T: PartialEq>(sorted: impl IntoIterator<Item = T>) -> Vec<(T, u32)> {
    let mut runs: Vec<(T, u32)> = Vec::new();
    for item in sorted {
        match runs.last_mut() {
            Some((last, n)) if *last == item => *n += 1,
            _ => runs.push((item, 1)),
        }
    }
    runs
}

/// Content path -> URL path of every document, page and section, from (content path, URL
/// path) pairs.
fn slug_map(pairs: &[(&str, &str)]) -> Arc<BTreeMap<String, String>> {
    Arc::new(
        pairs
            .iter()
            .map(|&(rel, slug)| (rel.to_string(), slug.to_string()))
            .collect(),
    )
}

impl AnalysisCache {
    /// A cache for one analysis only: what each step keeps for the next run is freed as soon as
    /// the step is done (the result is the same as with [`AnalysisCache::default`]).
    pub fn one_shot() -> Self {
        AnalysisCache {
            one_shot: true,
            events: events::EventsCache::one_shot(),
            ..Default::default()
        }
    }

    /// Frees what a one-shot cache kept of a finished step (`take` empties one field).
    fn done_with(&mut self, take: impl FnOnce(&mut Self)) {
        if self.one_shot {
            take(self);
            crate::memory::release_freed();
        }
    }

    /// Takes back the last corpus' topics and events (when it is being replaced), so that the
    /// next analysis files only the changed documents again instead of building every topic
    /// anew, and replaces only the changed publications on the timeline.
    pub fn recycle(&mut self, corpus: &mut Corpus) {
        self.topics.recycle(std::mem::take(&mut corpus.topics));
        self.doc_topics = std::mem::take(&mut corpus.doc_topics);
        self.events.recycle(std::mem::take(&mut corpus.events));
        // The cache holds the other copy: dropping this one lets the next run update it.
        corpus.related = Default::default();
    }
}

/// Builds the corpus; errors are returned all at once, warnings beside the corpus. `cache`
/// holds the last analysis' work (a build passes a new one; `dossier serve` keeps one, and the
/// documents must come from `parse`, which sets their digests).
pub fn analyze(
    documents: Vec<Document>,
    config: &SiteConfig,
    options: AnalyzeOptions,
    cache: &mut AnalysisCache,
) -> Result<(Corpus, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut timings = Timings::default();
    let (mut corpus, mut warnings) = order::sort_out(documents, options)?;
    timings.lap("order");
    let declared = topics::Declared::memoized(&corpus.documents, &mut cache.declared);
    let suggested = discover_topics(&declared, config, &mut cache.discover);
    cache.done_with(|c| c.discover = Default::default());
    timings.lap("discover");
    let set = build_topics(&declared, config, &suggested, &mut cache.topics)?;
    warnings.extend(set.warnings);
    corpus.topics = set.topics;
    corpus.matcher = set.matcher;
    let last_doc_topics = std::mem::take(&mut cache.doc_topics);
    corpus.doc_topics = match set.refiled {
        Some(changed) if last_doc_topics.len() == corpus.documents.len() => {
            refresh_doc_topics(last_doc_topics, &corpus.topics, &changed)
        }
        _ => doc_topics(&corpus.topics, corpus.documents.len()),
    };
    cache.done_with(|c| c.topics = Default::default());
    timings.lap("topics");
    let pairs: Vec<(&str, &str)> = corpus
        .all_documents()
        .map(|d| (d.rel_path.as_str(), d.slug.as_str()))
        .collect();
    let pairs = memo::Printed::new(pairs);
    let slugs = cache
        .slugs
        .get(&pairs, |pairs, _| slug_map(&pairs.value))
        .clone();
    let paths_print = pairs.print;
    corpus.slugs = slugs;
    corpus.paths_print = paths_print;
    let (related, (references, link_warnings), (events, event_warnings)) =
        related_links_events(&corpus, config, cache, &mut timings);
    corpus.related = related;
    corpus.references = references;
    warnings.extend(link_warnings);
    corpus.events = events;
    warnings.extend(event_warnings);
    corpus.timings = timings;
    Ok((corpus, warnings))
}

/// What the events step gives: the events, and warnings.
type EventsFound = (Vec<events::Event>, Vec<Diagnostic>);

/// The three steps that read the filed topics and nothing of each other: related documents,
/// links between documents, events. After an edit (`dossier serve`) each is mostly passes over
/// every document's memo, so they run side by side; a one-off build runs them one after the
/// other, each step parallel inside, and drops each memo when done (peak memory).
fn related_links_events(
    corpus: &Corpus,
    config: &SiteConfig,
    cache: &mut AnalysisCache,
    timings: &mut Timings,
) -> (related::Related, links::Found, EventsFound) {
    let one_shot = cache.one_shot;
    let AnalysisCache {
        related: related_cache,
        links: links_cache,
        events: events_cache,
        ..
    } = cache;
    let mut related = move || {
        let started = Instant::now();
        let out = related::related(
            &corpus.documents,
            &corpus.topics,
            config.topics.related,
            related_cache,
        );
        if one_shot {
            *related_cache = Default::default();
            crate::memory::release_freed();
        }
        (out, started.elapsed())
    };
    let mut links = move || {
        let started = Instant::now();
        let out = links::references(corpus, &config.base_url, &config.base_path(), links_cache);
        (out, started.elapsed())
    };
    let mut events = move || {
        let started = Instant::now();
        let out = events::timeline(
            &corpus.documents,
            &corpus.topics,
            &corpus.matcher,
            &corpus.doc_topics,
            events_cache,
        );
        if one_shot {
            *events_cache = events::EventsCache::one_shot();
            crate::memory::release_freed();
        }
        (out, started.elapsed())
    };
    let ((related, r), ((links, l), (events, e))) = if one_shot {
        (related(), (links(), events()))
    } else {
        rayon::join(related, || rayon::join(links, events))
    };
    timings.add("related", r);
    timings.add("links", l);
    timings.add("events", e);
    (related, links, events)
}

/// The discovered topics to publish (none with `[topics] discover = 0`): candidates that no
/// curated or declared topic names, the best `discover_cap` of them.
fn discover_topics(
    declared: &topics::Declared,
    config: &SiteConfig,
    cache: &mut discover::DiscoverCache,
) -> Vec<topics::SuggestedTopic> {
    let documents = declared.documents;
    let cap = config.topics.discover_cap(documents.len());
    if cap == 0 {
        return Vec::new();
    }
    let (existing, known) = cache.known_names(declared, &config.topics);
    let options = discover::DiscoverOptions {
        site_title: config.title.clone(),
        base_url: config.base_url.clone(),
        exclude: config.topics.exclude.clone(),
        known,
    };
    let found = cache.discover_shared(declared, &existing, &options);
    discover::suggestions(&found, cap)
}

/// Curated, declared, detected and discovered topics.
fn build_topics(
    declared: &topics::Declared,
    config: &SiteConfig,
    suggested: &[topics::SuggestedTopic],
    cache: &mut topics::TopicsCache,
) -> Result<topics::TopicSet, Vec<Diagnostic>> {
    let config_path = std::path::Path::new("site-config.toml");
    topics::build(declared, &config.topics, config_path, suggested, cache)
}

/// Inverts topic -> documents into document -> topics, most-mentioned first.
fn doc_topics(topics: &[Topic], count: usize) -> Vec<Vec<(usize, usize)>> {
    let mut out = vec![Vec::new(); count];
    for (t, topic) in topics.iter().enumerate() {
        for d in &topic.documents {
            if let Some(list) = out.get_mut(d.doc) {
                list.push((t, d.passage_count()));
            }
        }
    }
    for list in &mut out {
        rank_doc_topics(list, topics);
    }
    out
}

/// [`doc_topics`] of the last corpus with the lists of the refiled documents made again.
fn refresh_doc_topics(
    mut lists: Vec<Vec<(usize, usize)>>,
    topics: &[Topic],
    refiled: &[usize],
) -> Vec<Vec<(usize, usize)>> {
    for &doc in refiled {
        let mut list: Vec<(usize, usize)> = topics
            .iter()
            .enumerate()
            .filter_map(|(t, topic)| {
                let at = topic.documents.binary_search_by_key(&doc, |d| d.doc).ok()?;
                Some((t, topic.documents[at].passage_count()))
            })
            .collect();
        rank_doc_topics(&mut list, topics);
        lists[doc] = list;
    }
    lists
}

/// Most-mentioned first, then by name.
fn rank_doc_topics(list: &mut [(usize, usize)], topics: &[Topic]) {
    list.sort_by(|a, b| b.1.cmp(&a.1).then(topics[a.0].name.cmp(&topics[b.0].name)));
}

#[cfg(test)]
mod cache_tests;

#[cfg(test)]
mod tests {
    use super::*;

    use crate::parse::parsed_for_tests as doc;

    #[test]
    fn run_lengths_counts_each_run_of_a_sorted_list() {
        assert_eq!(
            run_lengths([1, 1, 2, 5, 5, 5]),
            vec![(1, 2), (2, 1), (5, 3)]
        );
        assert_eq!(run_lengths(Vec::<u8>::new()), vec![]);
    }

    #[test]
    fn orders_newest_first_and_groups_years() {
        let docs = vec![
            doc("a.md", "---\ntitle: A\ndate: 2023-01-01\n---\n"),
            doc("b.md", "---\ntitle: B\ndate: 2024-05-01\n---\n"),
            doc("c.md", "---\ntitle: C\n---\n"),
            doc("d.md", "---\ntitle: D\ndate: 2024-01-01\n---\n"),
        ];
        let (corpus, warnings) = analyze(
            docs,
            &SiteConfig::default(),
            AnalyzeOptions::default(),
            &mut AnalysisCache::default(),
        )
        .unwrap();
        let titles: Vec<&str> = corpus.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["B", "D", "A", "C"]);
        assert_eq!(
            corpus.years,
            vec![
                (Some(2024), vec![0, 1]),
                (Some(2023), vec![2]),
                (None, vec![3])
            ]
        );
        assert_eq!(warnings.len(), 1, "the undated document warns");
    }

    #[test]
    fn drafts_pages_and_sections_are_sorted_out() {
        let docs = vec![
            doc("draft.md", "---\ndraft: true\ndate: 2024-01-01\n---\n"),
            doc("about.md", "---\ntitle: About\nlisted: false\n---\n"),
            doc("index.md", "# Welcome\n"),
        ];
        let (corpus, warnings) = analyze(
            docs.clone(),
            &SiteConfig::default(),
            AnalyzeOptions::default(),
            &mut AnalysisCache::default(),
        )
        .unwrap();
        assert!(corpus.documents.is_empty());
        assert_eq!(corpus.pages.len(), 1);
        assert!(corpus.home_section().is_some());
        assert!(warnings.is_empty());
        let (with_drafts, _) = analyze(
            docs,
            &SiteConfig::default(),
            AnalyzeOptions {
                include_drafts: true,
            },
            &mut AnalysisCache::default(),
        )
        .unwrap();
        assert_eq!(with_drafts.documents.len(), 1);
    }

    #[test]
    fn duplicate_and_reserved_slugs_are_errors() {
        let docs = vec![
            doc("a.md", "---\nslug: same\n---\n"),
            doc("b.md", "---\nslug: Same\n---\n"),
            doc("topics.md", "text"),
        ];
        let errors = analyze(
            docs,
            &SiteConfig::default(),
            AnalyzeOptions::default(),
            &mut AnalysisCache::default(),
        )
        .unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors.iter().any(|e| e.message.contains("a.md")));
        assert!(errors.iter().any(|e| e.message.contains("reserved")));
    }
}
