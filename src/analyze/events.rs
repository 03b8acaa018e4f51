//! Events: the corpus's dated happenings, merged across sources, in time order.
//!
//! Every dated document contributes its publication; its front matter contributes its declared
//! `events:`; its prose contributes one event per date in a sentence (found by
//! [`dates_in_prose`](super::dates_in_prose), resolved against the document's date). An event
//! after its document's date, or a deadline not yet passed ("by March 2025"), is *planned*.
//! The same happening told by several documents (compatible dates and shared key terms) becomes
//! one event that lists every source, so readers see the corroboration.
//!
//! Topic assignment goes through one function, [`topics_in_sentence`], with a fallback to the
//! document's own topics. Everything here is pure: documents in, events and warnings out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use super::dates_in_prose::{find_dates, is_month_name, period_end, resolve, DateExpr, EventDate};
use super::matching::Matcher;
use super::sentences::split_sentences;
use super::topics::Topic;
use crate::error::Diagnostic;
use crate::parse::dates::{DocDate, Precision};
use crate::parse::front_matter::DeclaredEvent;
use crate::parse::slug::slugify;
use crate::parse::Document;

/// How an event came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// A document's publication.
    Published,
    /// An entry of a document's front-matter `events:`.
    Declared,
    /// A date found in a document's prose.
    Extracted,
    /// A declared or extracted event after its document's date: an intention, not a fact.
    Planned,
}

/// Where an event is told: a document and, for prose, the passage and sentence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventSource {
    /// Index into `Corpus::documents`.
    pub document: usize,
    /// The passage number (`#p-N`) for prose; `None` for publication and front-matter events.
    pub passage: Option<usize>,
    /// The sentence (or the declared title) as this source words it.
    pub snippet: String,
}

impl EventSource {
    /// `p-7` when the event comes from a passage.
    pub fn anchor(&self) -> Option<String> {
        self.passage.map(|n| format!("p-{n}"))
    }
}

/// A dated happening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub date: EventDate,
    pub kind: EventKind,
    /// Written as a deadline ("by March 2025").
    pub deadline: bool,
    /// The sentence or title that tells it (from its first source).
    pub snippet: String,
    /// Every source, by document and passage.
    pub sources: Vec<EventSource>,
    /// Indices into `Corpus::topics`, ascending.
    pub topics: Vec<usize>,
}

/// The longest snippet kept, in characters; longer sentences (scraped text) are cut at a word.
const SNIPPET_CHARS: usize = 400;
/// How many of a document's topics an event falls back to when its sentence names none.
const FALLBACK_TOPICS: usize = 3;

/// Every event of the (ordered) documents, merged and sorted oldest first, and the warnings
/// about relative dates in undated documents.
pub fn timeline(
    documents: &[Document],
    topics: &[Topic],
    matcher: &Matcher,
    doc_topics: &[Vec<(usize, usize)>],
) -> (Vec<Event>, Vec<Diagnostic>) {
    let mut cache = EventsCache::default();
    timeline_with(documents, topics, matcher, doc_topics, &mut cache)
}

/// What [`timeline_with`] kept from the last run, for `dossier serve`: each document's told
/// events (all but its publication), by `rel_path`, with the inputs they were read with, and
/// the last merge of them. Valid while the topics (slugs and aliases) stay the same.
#[derive(Default)]
pub struct EventsCache {
    topics: Vec<(String, Vec<String>)>,
    docs: foldhash::HashMap<String, (ToldKey, DocTold)>,
    /// The merged told events of the last run (publications apart).
    merged: Option<Vec<Event>>,
    /// What each document's publication was made from in the last run, by corpus index.
    published: Vec<PublishedKey>,
    /// The last run's events, once handed back by [`EventsCache::recycle`].
    last: Option<Vec<Event>>,
    /// How many runs only replaced publications (for tests).
    pub(super) republished: usize,
}

/// What a document's publication event is made from, besides its corpus index.
#[derive(Clone, PartialEq)]
struct PublishedKey {
    date: Option<DocDate>,
    title: String,
    fallback: Vec<usize>,
}

impl PublishedKey {
    fn of(ctx: &DocContext) -> PublishedKey {
        PublishedKey {
            date: ctx.doc.date,
            title: ctx.doc.title.clone(),
            fallback: ctx.fallback.to_vec(),
        }
    }

    fn matches(&self, ctx: &DocContext) -> bool {
        self.date == ctx.doc.date && self.title == ctx.doc.title && self.fallback == ctx.fallback
    }
}

impl EventsCache {
    /// Takes back the last corpus' events, so that when no told event changed (a title or date
    /// edit) the next run only replaces the publications that changed.
    pub fn recycle(&mut self, events: Vec<Event>) {
        self.last = Some(events);
    }
}

/// A document's told events and the warnings met reading them.
type DocTold = (Vec<Told>, Vec<Diagnostic>);

/// What a document's told events are read from, besides the topics and the matcher.
#[derive(Clone, PartialEq)]
struct ToldKey {
    index: usize,
    path: PathBuf,
    digest: u64,
    date: Option<DocDate>,
    declared: Vec<DeclaredEvent>,
    fallback: Vec<usize>,
}

impl ToldKey {
    fn of(ctx: &DocContext) -> ToldKey {
        ToldKey {
            index: ctx.index,
            path: ctx.doc.path.clone(),
            digest: ctx.doc.body.digest,
            date: ctx.doc.date,
            declared: ctx.doc.declared_events.clone(),
            fallback: ctx.fallback.to_vec(),
        }
    }

    fn matches(&self, ctx: &DocContext) -> bool {
        self.index == ctx.index
            && self.digest == ctx.doc.body.digest
            && self.date == ctx.doc.date
            && self.fallback == ctx.fallback
            && self.declared == ctx.doc.declared_events
            // As bytes: `Path` equality compares component by component.
            && self.path.as_os_str() == ctx.doc.path.as_os_str()
    }
}

/// [`timeline`], reading again only the documents whose inputs changed and merging again
/// only when some document's told events changed (a title edit changes only a publication).
pub fn timeline_with(
    documents: &[Document],
    topics: &[Topic],
    matcher: &Matcher,
    doc_topics: &[Vec<(usize, usize)>],
    cache: &mut EventsCache,
) -> (Vec<Event>, Vec<Diagnostic>) {
    let generation: Vec<(String, Vec<String>)> = topics
        .iter()
        .map(|t| (t.slug.clone(), t.aliases.clone()))
        .collect();
    if cache.topics != generation {
        cache.docs.clear();
        cache.merged = None;
        cache.topics = generation;
    }
    let fallbacks: Vec<Vec<usize>> = (0..documents.len())
        .map(|d| {
            doc_topics
                .get(d)
                .map(|list| list.iter().take(FALLBACK_TOPICS).map(|&(t, _)| t).collect())
                .unwrap_or_default()
        })
        .collect();
    let contexts: Vec<DocContext> = documents
        .iter()
        .enumerate()
        .map(|(index, doc)| DocContext {
            index,
            doc,
            topics,
            matcher,
            fallback: &fallbacks[index],
        })
        .collect();
    let read: Vec<Option<DocTold>> = contexts
        .par_iter()
        .map(|ctx| match cache.docs.get(&ctx.doc.rel_path) {
            Some((key, _)) if key.matches(ctx) => None,
            _ => Some(ctx.told()),
        })
        .collect();
    // Unchanged: every document read again tells what it told before (a body edit away from
    // any date), and no document came or went.
    let mut unchanged = cache.docs.len() == documents.len();
    for (ctx, told) in contexts.iter().zip(read) {
        if let Some(told) = told {
            let entry = (ToldKey::of(ctx), told);
            let old = cache.docs.insert(ctx.doc.rel_path.clone(), entry);
            let new = cache.docs.get(&ctx.doc.rel_path).map(|(_, told)| told);
            unchanged &= old.as_ref().map(|(_, told)| told) == new;
        }
    }
    if cache.docs.len() > documents.len() {
        let present: foldhash::HashSet<&str> =
            documents.iter().map(|d| d.rel_path.as_str()).collect();
        cache.docs.retain(|rel, _| present.contains(rel.as_str()));
    }
    let told_of = |doc: &Document| cache.docs.get(&doc.rel_path).map(|(_, told)| told);
    let warnings = documents
        .iter()
        .filter_map(told_of)
        .flat_map(|(_, w)| w.iter().cloned())
        .collect();
    let last = cache.last.take();
    let merged = match cache.merged.take() {
        Some(merged) if unchanged => {
            cache.merged = Some(merged);
            if let Some(events) = last.filter(|_| cache.published.len() == contexts.len()) {
                cache.republished += 1;
                return (republish(events, &contexts, &mut cache.published), warnings);
            }
            cache.merged.clone().unwrap_or_default()
        }
        _ => {
            let told = documents
                .iter()
                .filter_map(told_of)
                .flat_map(|(t, _)| t.iter().cloned())
                .collect();
            let merged = merge(told);
            cache.merged = Some(merged.clone());
            merged
        }
    };
    cache.published = contexts.iter().map(PublishedKey::of).collect();
    let mut events: Vec<Event> = contexts.iter().filter_map(DocContext::published).collect();
    events.extend(merged);
    events.sort_by(chronological);
    (events, warnings)
}

/// The last run's events with the publications of documents whose title, date or topics
/// changed replaced (told events and the documents' order are as in the last run).
fn republish(
    mut events: Vec<Event>,
    contexts: &[DocContext],
    published: &mut [PublishedKey],
) -> Vec<Event> {
    for (ctx, key) in contexts.iter().zip(published.iter_mut()) {
        if key.matches(ctx) {
            continue;
        }
        let old = events.iter().position(|e| {
            e.kind == EventKind::Published
                && e.sources.first().map(|s| s.document) == Some(ctx.index)
        });
        if let Some(at) = old {
            events.remove(at);
        }
        if let Some(event) = ctx.published() {
            let at = events.partition_point(|e| chronological(e, &event).is_lt());
            events.insert(at, event);
        }
        *key = PublishedKey::of(ctx);
    }
    events
}

/// Oldest first; within a day, publication before what is told, then by words and sources.
pub fn chronological(a: &Event, b: &Event) -> std::cmp::Ordering {
    a.date
        .cmp(&b.date)
        .then_with(|| a.kind.cmp(&b.kind))
        .then_with(|| a.snippet.cmp(&b.snippet))
        .then_with(|| a.sources.cmp(&b.sources))
}

/// The topics a sentence names, through the corpus' alias matcher (titles and aliases, the
/// same rules as topic detection). The one place events get their topics.
pub fn topics_in_sentence(sentence: &str, matcher: &Matcher) -> Vec<usize> {
    let mut found: Vec<usize> = matcher
        .find(sentence)
        .into_iter()
        .map(|m| m.topic)
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// An event with the key terms that identify its happening: those of its sentence and of the
/// sentence before it in the passage ("establishing *it* by March 2025" names the command in
/// the sentence before).
#[derive(Clone, PartialEq)]
pub struct Told {
    pub event: Event,
    /// Terms of the sentence and its context, less those common to most documents.
    pub terms: BTreeSet<String>,
    /// Terms of the sentence alone, common ones kept.
    pub own_terms: BTreeSet<String>,
}

impl Told {
    fn new(event: Event, context: &str) -> Told {
        let own_terms = key_terms(&event.snippet);
        let mut terms = own_terms.clone();
        terms.extend(key_terms(context));
        Told {
            event,
            terms,
            own_terms,
        }
    }
}

/// One document being read for events.
struct DocContext<'a> {
    index: usize,
    doc: &'a Document,
    topics: &'a [Topic],
    matcher: &'a Matcher,
    fallback: &'a [usize],
}

impl DocContext<'_> {
    /// The document's events but its publication: declared ones and those told in its prose.
    fn told(&self) -> (Vec<Told>, Vec<Diagnostic>) {
        let mut told: Vec<Told> = self
            .declared()
            .into_iter()
            .map(|e| Told::new(e, ""))
            .collect();
        let mut warnings = Vec::new();
        for passage in &self.doc.body.passages {
            let mut previous = "";
            for range in split_sentences(&passage.text) {
                let sentence = &passage.text[range];
                let events = self.extracted(passage.number, sentence, &mut warnings);
                told.extend(events.into_iter().map(|e| Told::new(e, previous)));
                previous = sentence;
            }
        }
        (told, warnings)
    }

    fn published(&self) -> Option<Event> {
        let date = self.doc.date?;
        Some(Event {
            date: EventDate::single(DocDate {
                instant: None,
                ..date
            }),
            kind: EventKind::Published,
            deadline: false,
            snippet: self.doc.title.clone(),
            sources: vec![self.source(None, &self.doc.title)],
            topics: self.fallback.to_vec(),
        })
    }

    fn declared(&self) -> Vec<Event> {
        self.doc
            .declared_events
            .iter()
            .map(|declared| {
                let date = EventDate::single(declared.date);
                let named: Vec<usize> = declared
                    .topics
                    .iter()
                    .filter_map(|name| {
                        let slug = slugify(name);
                        self.topics.iter().position(|t| t.slug == slug)
                    })
                    .collect();
                Event {
                    date,
                    kind: self.kind(&date, false, EventKind::Declared),
                    deadline: false,
                    snippet: declared.title.clone(),
                    sources: vec![self.source(None, &declared.title)],
                    topics: if named.is_empty() {
                        self.topics_of(&declared.title)
                    } else {
                        sorted(named)
                    },
                }
            })
            .collect()
    }

    /// The events of one sentence; a relative date the document cannot place is a warning.
    fn extracted(
        &self,
        passage: usize,
        sentence: &str,
        warnings: &mut Vec<Diagnostic>,
    ) -> Vec<Event> {
        let mut events: Vec<Event> = Vec::new();
        let mut unplaced = false;
        for mention in find_dates(sentence) {
            let Some(date) = resolve(mention.expr, self.doc.date.as_ref()) else {
                unplaced |= matches!(mention.expr, DateExpr::Relative(_));
                continue;
            };
            if events.iter().any(|e| e.date == date) {
                continue;
            }
            let snippet = snippet(sentence);
            events.push(Event {
                date,
                kind: self.kind(&date, mention.deadline, EventKind::Extracted),
                deadline: mention.deadline,
                topics: self.topics_of(&snippet),
                sources: vec![self.source(Some(passage), &snippet)],
                snippet,
            });
        }
        if unplaced {
            warnings.push(self.unplaced_warning(passage, sentence));
        }
        events
    }

    /// Planned when the date lies after the document's, or is a deadline not yet passed.
    fn kind(&self, date: &EventDate, deadline: bool, otherwise: EventKind) -> EventKind {
        let Some(doc_date) = &self.doc.date else {
            return otherwise;
        };
        let after = date.first_day() > period_end(doc_date);
        let open_deadline = deadline && date.last_day() > doc_date.date;
        if after || open_deadline {
            EventKind::Planned
        } else {
            otherwise
        }
    }

    fn topics_of(&self, text: &str) -> Vec<usize> {
        let named = topics_in_sentence(text, self.matcher);
        if named.is_empty() {
            self.fallback.to_vec()
        } else {
            named
        }
    }

    fn source(&self, passage: Option<usize>, snippet: &str) -> EventSource {
        EventSource {
            document: self.index,
            passage,
            snippet: snippet.to_string(),
        }
    }

    fn unplaced_warning(&self, passage: usize, sentence: &str) -> Diagnostic {
        let short: String = sentence.chars().take(80).collect();
        let ellipsis = if short.len() < sentence.len() {
            "…"
        } else {
            ""
        };
        Diagnostic::new(
            &self.doc.path,
            format!(
                "passage p-{passage}: the relative date in “{short}{ellipsis}” is left off the timeline: the document has no date"
            ),
        )
        .hint("add `date: YYYY-MM-DD` to its front matter so relative dates can be placed")
    }
}

fn sorted(mut list: Vec<usize>) -> Vec<usize> {
    list.sort_unstable();
    list.dedup();
    list
}

/// The sentence, cut at a word boundary when it is very long.
fn snippet(sentence: &str) -> String {
    let sentence = sentence.trim();
    if sentence.chars().count() <= SNIPPET_CHARS {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(SNIPPET_CHARS).collect();
    let at_word = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

// ---------------------------------------------------------------------------------------------
// Merging

/// Words that say nothing about which happening a sentence tells.
const STOPWORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "that",
    "this",
    "with",
    "from",
    "was",
    "were",
    "are",
    "its",
    "his",
    "her",
    "their",
    "they",
    "them",
    "has",
    "have",
    "had",
    "been",
    "will",
    "would",
    "could",
    "should",
    "which",
    "who",
    "whom",
    "what",
    "when",
    "where",
    "while",
    "than",
    "then",
    "there",
    "these",
    "those",
    "also",
    "into",
    "onto",
    "over",
    "under",
    "about",
    "after",
    "before",
    "since",
    "until",
    "during",
    "between",
    "both",
    "each",
    "more",
    "most",
    "other",
    "such",
    "only",
    "very",
    "just",
    "first",
    "last",
    "next",
    "new",
    "year",
    "month",
    "week",
    "day",
    "today",
    "yesterday",
    "earlier",
    "later",
    "early",
    "late",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "not",
    "but",
    "can",
    "one",
    "two",
    "our",
    "said",
    "say",
    "says",
    "did",
    "does",
    "being",
    "some",
    "all",
    "any",
    "because",
    "through",
    "against",
    "among",
    "within",
    "without",
    "upon",
    "per",
    "well",
    "even",
    "much",
    "many",
];

/// The key terms of a snippet: lowercase, crudely stemmed content words of 3+ letters.
fn key_terms(text: &str) -> BTreeSet<String> {
    // "G-7" and "G7" are one term.
    let text = text.replace("-7", "7").replace("-20", "20");
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| {
            let w = w.trim_end_matches("'s").trim_end_matches("’s");
            stem(&w.trim_end_matches(['\'', '’']).to_lowercase())
        })
        .filter(|w| w.chars().count() >= 3 && w.chars().any(char::is_alphabetic))
        .filter(|w| !STOPWORDS.contains(&w.as_str()) && !is_month_name(w))
        .collect()
}

fn stem(word: &str) -> String {
    for (suffix, min, replacement) in [
        ("ies", 5, "y"),
        ("ing", 6, ""),
        ("ed", 5, ""),
        ("es", 5, ""),
        ("s", 4, ""),
    ] {
        if word.len() >= min && word.ends_with(suffix) && !word.ends_with("ss") {
            return format!("{}{replacement}", &word[..word.len() - suffix.len()]);
        }
    }
    word.to_string()
}

/// Shared key terms two events need to be one happening; more when only the year is known.
const MIN_SHARED_TERMS: usize = 3;
const MIN_SHARED_TERMS_YEAR: usize = 4;

/// Whether two dates can name the same happening: they overlap, and a year-only date is only
/// matched with another year-only date.
fn compatible(a: &EventDate, b: &EventDate) -> bool {
    let year_only = |d: &EventDate| d.start.precision == Precision::Year;
    a.overlaps(b) && year_only(a) == year_only(b)
}

/// A group of events taken to be one happening; its terms are its first event's, so a cluster
/// never drifts away from the happening it started with.
struct Cluster {
    events: Vec<Event>,
    terms: BTreeSet<String>,
    own_terms: BTreeSet<String>,
    documents: BTreeSet<usize>,
}

impl Cluster {
    fn accepts(&self, told: &Told) -> Option<usize> {
        let (event, first) = (&told.event, &self.events[0]);
        let documents_differ = event
            .sources
            .iter()
            .all(|s| !self.documents.contains(&s.document));
        if !documents_differ || !compatible(&first.date, &event.date) {
            return None;
        }
        let shared = self.terms.intersection(&told.terms).count();
        let needed = if event.date.start.precision == Precision::Year {
            MIN_SHARED_TERMS_YEAR
        } else {
            MIN_SHARED_TERMS
        };
        // The very same month or day, told in the same words: common words count too.
        let same_date = first.date == event.date && event.date.start.precision > Precision::Year;
        let shared_own = self.own_terms.intersection(&told.own_terms).count();
        if shared >= needed {
            Some(shared)
        } else if same_date && shared_own >= MIN_SHARED_TERMS {
            Some(shared_own)
        } else {
            None
        }
    }
}

/// Merges events that tell the same happening from different documents. Publications stay as
/// they are. Deterministic: events are considered in a fixed order and join the best cluster.
pub fn merge(events: Vec<Told>) -> Vec<Event> {
    let (published, mut told): (Vec<Told>, Vec<Told>) = events
        .into_iter()
        .partition(|t| t.event.kind == EventKind::Published);
    drop_common_terms(&mut told);
    told.sort_by(|a, b| {
        let (a, b) = (&a.event, &b.event);
        b.date
            .start
            .precision
            .cmp(&a.date.start.precision)
            .then_with(|| chronological(a, b))
    });
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for t in told {
        let year = t.event.date.start.year();
        let best = by_year
            .get(&year)
            .into_iter()
            .flatten()
            .filter_map(|&c| clusters[c].accepts(&t).map(|n| (n, c)))
            .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
        match best {
            Some((_, c)) => {
                let cluster = &mut clusters[c];
                cluster
                    .documents
                    .extend(t.event.sources.iter().map(|s| s.document));
                cluster.events.push(t.event);
            }
            None => {
                by_year.entry(year).or_default().push(clusters.len());
                clusters.push(Cluster {
                    documents: t.event.sources.iter().map(|s| s.document).collect(),
                    terms: t.terms,
                    own_terms: t.own_terms,
                    events: vec![t.event],
                });
            }
        }
    }
    let mut out: Vec<Event> = published.into_iter().map(|t| t.event).collect();
    out.extend(clusters.into_iter().map(|c| combine(c.events)));
    out
}

/// Removes the terms that most documents use ("Japan" in a corpus about Japan): they say
/// which corpus an event is from, not which happening. Only where there are enough documents
/// to tell (a term must be in more than two thirds of them, and in more than three).
fn drop_common_terms(told: &mut [Told]) {
    let mut documents_of: foldhash::HashMap<&str, Vec<usize>> = foldhash::HashMap::default();
    let mut all_documents = Vec::new();
    for t in told.iter() {
        for source in &t.event.sources {
            all_documents.push(source.document);
            for term in &t.terms {
                documents_of.entry(term).or_default().push(source.document);
            }
        }
    }
    let distinct = |docs: &mut Vec<usize>| {
        docs.sort_unstable();
        docs.dedup();
        docs.len()
    };
    let limit = (distinct(&mut all_documents) * 2 / 3).max(3);
    let common: foldhash::HashSet<String> = documents_of
        .into_iter()
        .filter_map(|(term, mut docs)| (distinct(&mut docs) > limit).then(|| term.to_string()))
        .collect();
    if common.is_empty() {
        return;
    }
    for t in told.iter_mut() {
        t.terms.retain(|term| !common.contains(term));
    }
}

/// One event from a cluster: the most precise date (the first, by the merge order), the most
/// factual kind, every source and every topic.
fn combine(mut events: Vec<Event>) -> Event {
    let mut first = events.remove(0);
    for other in events {
        first.kind = first.kind.min(other.kind);
        first.deadline &= other.deadline;
        first.sources.extend(other.sources);
        first.topics.extend(other.topics);
    }
    first.sources.sort();
    first.topics = sorted(first.topics);
    first
}

#[cfg(test)]
mod tests;
