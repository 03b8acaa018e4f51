//! What each page read of the corpus: the one record of what a page depends on.
//!
//! Views never hold the [`Corpus`]: they reach it only through a [`Reader`], and every accessor
//! of the reader notes a [`Read`] (what was read, by stable id) before it returns the value.
//! [`fingerprint`] evaluates a read again, against any corpus, by calling that same accessor and
//! hashing what it returns. `dossier serve` keeps each page's reads ([`Dependencies`]) and,
//! after an edit, renders again exactly the pages one of whose reads now gives another value.
//! Nothing lists by hand what a page shows: a view field or template added later reads the
//! corpus through these accessors, so it is covered the moment it exists.
//!
//! Positions (`usize` indices into the corpus' lists) change when a document is added or its
//! date moves it; reads are therefore keyed by [`DocId`] and [`TopicId`], which stay the same
//! across edits, and the prints of lists hash ids, never positions. A value found through a
//! position that came from another read (a related document, a topic's documents) is noted as
//! its own read, so a page that lists a document depends on that document's data too.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::analyze::events::{Event, EventSource};
use crate::analyze::links::Reference;
use crate::analyze::matching::Matcher;
use crate::analyze::related::RelatedDocument;
use crate::analyze::topics::{Mention, RelatedTopic, TopicDocument};
use crate::analyze::{Corpus, Topic};
use crate::config::TopicKind;
use crate::parse::dates::DocDate;
use crate::parse::Document;
use crate::stable_hash::{stable_hash, stable_hasher};

/// A document's identity across edits: its content path (`notes/a.md`), hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct DocId(u64);

impl DocId {
    pub(crate) fn of(doc: &Document) -> DocId {
        DocId::of_path(&doc.rel_path)
    }

    /// The id of the document at content path `rel` (`notes/a.md`).
    pub(crate) fn of_path(rel: &str) -> DocId {
        DocId(stable_hash(rel))
    }
}

/// A topic's identity across edits: its slug, hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct TopicId(u64);

impl TopicId {
    pub(crate) fn of(topic: &Topic) -> TopicId {
        TopicId(stable_hash(topic.slug.as_str()))
    }
}

/// One thing a page read of the corpus. Each variant is answered by one [`Reader`] accessor.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Read {
    /// Everything parsing made of a document ([`Reader::listed`], `standalone`, `section`).
    Document(DocId),
    /// What a list entry or a link shows of a document ([`Reader::listed_head`] and the like).
    DocHead(DocId),
    /// A document's URL path ([`Reader::listed_slug`] and the like).
    DocSlug(DocId),
    /// A listed document's topics with their passage counts ([`Reader::doc_topics`]).
    DocTopics(DocId),
    /// A listed document's related documents ([`Reader::related`]).
    Related(DocId),
    /// The documents linking to a listed document ([`Reader::references`]).
    References(DocId),
    /// The listed documents before and after one ([`Reader::neighbours`]).
    Neighbours(DocId),
    /// The events a listed document is a source of ([`Reader::document_events`]).
    DocEvents(DocId),
    /// A topic's name, slug, kind and count ([`Reader::topic_head`]).
    TopicHead(TopicId),
    /// All of a topic ([`Reader::topic`]).
    Topic(TopicId),
    /// A topic's narrower topics ([`Reader::children`]).
    Children(TopicId),
    /// A topic's newest N events ([`Reader::topic_events`]).
    TopicEvents(TopicId, usize),
    /// How many events a topic has ([`Reader::topic_event_count`]).
    TopicEventCount(TopicId),
    /// The listed documents, in order ([`Reader::listed_count`], [`Reader::years`]).
    Order,
    /// The standalone pages, in order ([`Reader::standalone_count`]).
    Standalone,
    /// The sections, in order ([`Reader::section_count`], [`Reader::home_section`]).
    Sections,
    /// The topics, in order ([`Reader::topic_count`], [`Reader::topic_by_slug`]).
    Topics,
    /// The names every topic is found by ([`Reader::matcher`]).
    Matcher,
    /// Every event, in order ([`Reader::events`]).
    Events,
    /// The `n` events told by the most sources ([`Reader::most_covered`]).
    MostCovered(usize),
    /// The years that have events, with their counts ([`Reader::event_years`]).
    EventYears,
    /// A run of one year's events: the year, the first and the end position within it
    /// ([`Reader::year_events`]).
    YearEvents(i32, usize, usize),
    /// The URL path of a content file ([`Reader::content_path`]).
    ContentPath(Arc<str>),
    /// The pages at old URLs ([`Reader::redirect_count`], [`Reader::redirect`]).
    Redirects,
}

/// Where a document sits in the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Listed(usize),
    Standalone(usize),
    Section(usize),
}

/// Ids of the corpus' documents and topics by position, and positions by id, computed once per
/// corpus; also the events by document and topic, and each event's print, on first use.
#[derive(Debug, Default)]
pub(crate) struct CorpusIndex {
    listed: Vec<DocId>,
    places: foldhash::HashMap<DocId, Place>,
    topics: Vec<TopicId>,
    topic_places: foldhash::HashMap<TopicId, usize>,
    events: OnceLock<EventIndex>,
    event_prints: OnceLock<Vec<u64>>,
}

/// Which events each listed document and each topic has, as indices into the corpus' events,
/// in order.
#[derive(Debug, Default)]
struct EventIndex {
    by_document: Lists,
    by_topic: Lists,
    /// Years oldest first, each with its events in order.
    by_year: Vec<(i32, Vec<usize>)>,
}

impl CorpusIndex {
    pub(crate) fn new(corpus: &Corpus) -> CorpusIndex {
        let listed: Vec<DocId> = corpus.documents().iter().map(DocId::of).collect();
        let mut places =
            foldhash::HashMap::with_capacity_and_hasher(corpus.len(), Default::default());
        places.extend(
            listed
                .iter()
                .enumerate()
                .map(|(i, id)| (*id, Place::Listed(i))),
        );
        for (i, doc) in corpus.pages().iter().enumerate() {
            places.insert(DocId::of(doc), Place::Standalone(i));
        }
        for (i, doc) in corpus.sections().iter().enumerate() {
            places.insert(DocId::of(doc), Place::Section(i));
        }
        let topics: Vec<TopicId> = corpus.topics().iter().map(TopicId::of).collect();
        let topic_places = topics.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        CorpusIndex {
            listed,
            places,
            topics,
            topic_places,
            events: OnceLock::new(),
            event_prints: OnceLock::new(),
        }
    }

    fn events(&self, corpus: &Corpus) -> &EventIndex {
        self.events.get_or_init(|| EventIndex::new(corpus))
    }
}

impl EventIndex {
    /// One pass over the events (rebuilt on every `serve` rebuild, so without a vector per
    /// document or topic): each event's sources and topics sit in their own allocations, so
    /// they are visited once, into flat (key, event) pairs the lists are then made from.
    fn new(corpus: &Corpus) -> EventIndex {
        let events = corpus.events();
        let mut of_documents: Vec<(usize, usize)> = Vec::with_capacity(events.len());
        let mut of_topics: Vec<(usize, usize)> = Vec::with_capacity(events.len() * 2);
        for (e, event) in events.iter().enumerate() {
            of_documents.extend(source_documents(&event.sources).map(|d| (d, e)));
            of_topics.extend(event.topics.iter().map(|&t| (t, e)));
        }
        let by_document = Lists::from_pairs(corpus.documents().len(), &of_documents);
        let by_topic = Lists::from_pairs(corpus.topics().len(), &of_topics);
        let mut by_year: Vec<(i32, Vec<usize>)> = Vec::new();
        for (e, event) in events.iter().enumerate() {
            let year = event.date.start.year();
            match by_year.binary_search_by_key(&year, |(y, _)| *y) {
                Ok(at) => by_year[at].1.push(e),
                Err(at) => by_year.insert(at, (year, vec![e])),
            }
        }
        EventIndex {
            by_document,
            by_topic,
            by_year,
        }
    }
}

/// The documents an event's sources name, each once, in the order of `sources`. Sources come
/// sorted (by document first), so a repeat sits next to its first: linear, where checking
/// every earlier source was quadratic in an event many documents tell.
fn source_documents(sources: &[EventSource]) -> impl Iterator<Item = usize> + '_ {
    let sorted = sources.windows(2).all(|w| w[0].document <= w[1].document);
    sources.iter().enumerate().filter_map(move |(k, source)| {
        let seen = if sorted {
            k > 0 && sources[k - 1].document == source.document
        } else {
            sources[..k].iter().any(|s| s.document == source.document)
        };
        (!seen).then_some(source.document)
    })
}

/// For each of `n` keys, a list of event positions in the order added, in two flat vectors.
#[derive(Debug, Default)]
struct Lists {
    /// Key `k`'s items are `items[starts[k]..starts[k + 1]]`.
    starts: Vec<usize>,
    items: Vec<usize>,
}

impl Lists {
    /// Lists of `n` keys from `fill`, which calls `add(key, item)` for each entry, the same
    /// entries in the same order each time it is called (twice: to count, then to place);
    /// keys `n` and above are ignored.
    fn new(n: usize, fill: impl Fn(&mut dyn FnMut(usize, usize))) -> Lists {
        let mut counts = vec![0usize; n + 1];
        fill(&mut |key, _| {
            if key < n {
                counts[key + 1] += 1;
            }
        });
        for k in 0..n {
            counts[k + 1] += counts[k];
        }
        let mut next = counts.clone();
        let mut items = vec![0; counts[n]];
        fill(&mut |key, item| {
            if key < n {
                items[next[key]] = item;
                next[key] += 1;
            }
        });
        Lists {
            starts: counts,
            items,
        }
    }

    /// Lists of `n` keys from (key, item) pairs, in their order.
    fn from_pairs(n: usize, pairs: &[(usize, usize)]) -> Lists {
        Lists::new(n, |add| {
            for &(key, item) in pairs {
                add(key, item);
            }
        })
    }

    /// Key `k`'s list (empty for an unknown key).
    fn get(&self, k: usize) -> &[usize] {
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.items[a..b],
            _ => &[],
        }
    }
}

/// A document as a list entry or a link shows it.
#[derive(Debug, Clone, Copy, Hash)]
pub(crate) struct DocHead<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub date: Option<&'a DocDate>,
    pub updated: Option<&'a DocDate>,
    pub authors: &'a [String],
    pub publisher: Option<&'a str>,
    pub summary: &'a str,
    /// The estimated reading time, in whole minutes.
    pub reading_minutes: usize,
}

/// Words per minute for the reading-time estimate.
const READING_WPM: usize = 220;

/// Minutes to read `words` words, at least one.
pub(crate) fn reading_minutes(words: usize) -> usize {
    words.div_ceil(READING_WPM).max(1)
}

impl<'a> DocHead<'a> {
    fn of(doc: &'a Document) -> DocHead<'a> {
        DocHead {
            slug: &doc.slug,
            title: &doc.title,
            date: doc.date.as_ref(),
            updated: doc.updated.as_ref(),
            authors: &doc.authors,
            publisher: doc.publisher.as_deref(),
            summary: &doc.summary,
            reading_minutes: reading_minutes(doc.body.word_count),
        }
    }
}

/// A topic as a link shows it.
#[derive(Debug, Clone, Copy, Hash)]
pub(crate) struct TopicHead<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub kind: TopicKind,
    pub suggested: bool,
    /// How many documents are filed under it.
    pub document_count: usize,
}

/// The only way views read the corpus; notes each read when recording.
pub(crate) struct Reader<'a> {
    corpus: &'a Corpus,
    index: &'a CorpusIndex,
    log: Option<RefCell<Vec<Read>>>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(corpus: &'a Corpus, index: &'a CorpusIndex, recording: bool) -> Reader<'a> {
        Reader {
            corpus,
            index,
            log: recording.then(|| RefCell::new(Vec::new())),
        }
    }

    /// What was read so far, sorted, without repeats.
    pub(crate) fn take_reads(&self) -> Vec<Read> {
        let mut reads = self
            .log
            .as_ref()
            .map(|log| std::mem::take(&mut *log.borrow_mut()))
            .unwrap_or_default();
        reads.sort_unstable_by_key(read_order);
        reads.dedup();
        reads
    }

    fn note(&self, read: Read) {
        if let Some(log) = &self.log {
            log.borrow_mut().push(read);
        }
    }

    fn listed_id(&self, i: usize) -> Option<DocId> {
        self.index.listed.get(i).copied()
    }

    /// How many listed documents there are; positions `0..n` are in the corpus order.
    pub(crate) fn listed_count(&self) -> usize {
        self.note(Read::Order);
        self.corpus.documents().len()
    }

    /// The listed documents by year, newest year first (positions).
    pub(crate) fn years(&self) -> &'a [(Option<i32>, Vec<usize>)] {
        self.note(Read::Order);
        self.corpus.years()
    }

    /// A listed document by position.
    pub(crate) fn listed(&self, i: usize) -> Option<&'a Document> {
        let doc = self.corpus.documents().get(i)?;
        self.note(Read::Document(self.index.listed[i]));
        Some(doc)
    }

    /// The positions of the newer and the older listed document next to `i`.
    /// What a list shows of the listed document at position `i`.
    pub(crate) fn listed_head(&self, i: usize) -> Option<DocHead<'a>> {
        let doc = self.corpus.documents().get(i)?;
        self.note(Read::DocHead(self.index.listed[i]));
        Some(DocHead::of(doc))
    }

    pub(crate) fn standalone_head(&self, i: usize) -> Option<DocHead<'a>> {
        let doc = self.corpus.pages().get(i)?;
        self.note(Read::DocHead(DocId::of(doc)));
        Some(DocHead::of(doc))
    }

    pub(crate) fn section_head(&self, i: usize) -> Option<DocHead<'a>> {
        let doc = self.corpus.sections().get(i)?;
        self.note(Read::DocHead(DocId::of(doc)));
        Some(DocHead::of(doc))
    }

    /// The URL path of the listed document at position `i`.
    pub(crate) fn listed_slug(&self, i: usize) -> Option<&'a str> {
        let doc = self.corpus.documents().get(i)?;
        self.note(Read::DocSlug(self.index.listed[i]));
        Some(&doc.slug)
    }

    pub(crate) fn standalone_slug(&self, i: usize) -> Option<&'a str> {
        let doc = self.corpus.pages().get(i)?;
        self.note(Read::DocSlug(DocId::of(doc)));
        Some(&doc.slug)
    }

    pub(crate) fn section_slug(&self, i: usize) -> Option<&'a str> {
        let doc = self.corpus.sections().get(i)?;
        self.note(Read::DocSlug(DocId::of(doc)));
        Some(&doc.slug)
    }

    pub(crate) fn neighbours(&self, i: usize) -> (Option<usize>, Option<usize>) {
        if let Some(id) = self.listed_id(i) {
            self.note(Read::Neighbours(id));
        }
        let newer = i
            .checked_sub(1)
            .filter(|&n| n < self.corpus.documents().len());
        let older = Some(i + 1).filter(|&n| n < self.corpus.documents().len());
        (newer, older)
    }

    pub(crate) fn standalone_count(&self) -> usize {
        self.note(Read::Standalone);
        self.corpus.pages().len()
    }

    pub(crate) fn standalone(&self, i: usize) -> Option<&'a Document> {
        let doc = self.corpus.pages().get(i)?;
        self.note(Read::Document(DocId::of(doc)));
        Some(doc)
    }

    pub(crate) fn redirect_count(&self) -> usize {
        self.note(Read::Redirects);
        self.corpus.redirects().len()
    }

    pub(crate) fn redirect(&self, i: usize) -> Option<&'a crate::analyze::urls::Redirect> {
        self.note(Read::Redirects);
        self.corpus.redirects().get(i)
    }

    pub(crate) fn section_count(&self) -> usize {
        self.note(Read::Sections);
        self.corpus.sections().len()
    }

    pub(crate) fn section(&self, i: usize) -> Option<&'a Document> {
        let doc = self.corpus.sections().get(i)?;
        self.note(Read::Document(DocId::of(doc)));
        Some(doc)
    }

    /// The home page's introduction (`content/index.md`), if any.
    pub(crate) fn home_section(&self) -> Option<&'a Document> {
        self.note(Read::Sections);
        let doc = self.corpus.home_section()?;
        self.note(Read::Document(DocId::of(doc)));
        Some(doc)
    }

    /// A listed document's topics (positions) with how many passages mention each.
    pub(crate) fn doc_topics(&self, i: usize) -> &'a [(usize, usize)] {
        let Some(id) = self.listed_id(i) else {
            return &[];
        };
        self.note(Read::DocTopics(id));
        self.corpus.doc_topics().get(i).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn related(&self, i: usize) -> &'a [RelatedDocument] {
        let Some(id) = self.listed_id(i) else {
            return &[];
        };
        self.note(Read::Related(id));
        self.corpus.related().get(i).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn references(&self, i: usize) -> &'a [Reference] {
        let Some(id) = self.listed_id(i) else {
            return &[];
        };
        self.note(Read::References(id));
        self.corpus.references().get(i).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn topic_count(&self) -> usize {
        self.note(Read::Topics);
        self.corpus.topics().len()
    }

    /// A topic's position by its slug.
    pub(crate) fn topic_by_slug(&self, slug: &str) -> Option<usize> {
        self.note(Read::Topics);
        self.corpus.topics().iter().position(|t| t.slug == slug)
    }

    /// What a link to the topic at position `t` shows.
    pub(crate) fn topic_head(&self, t: usize) -> Option<TopicHead<'a>> {
        let topic = self.corpus.topics().get(t)?;
        self.note(Read::TopicHead(self.index.topics[t]));
        Some(TopicHead {
            name: &topic.name,
            slug: &topic.slug,
            kind: topic.kind,
            suggested: topic.suggested,
            document_count: topic.documents.len(),
        })
    }

    /// All of the topic at position `t`: its documents, passages and related topics.
    pub(crate) fn topic(&self, t: usize) -> Option<&'a Topic> {
        let topic = self.corpus.topics().get(t)?;
        self.note(Read::Topic(self.index.topics[t]));
        Some(topic)
    }

    /// Positions of the topics whose parent is the topic at `t`.
    pub(crate) fn children(&self, t: usize) -> Vec<usize> {
        let Some(topic) = self.corpus.topics().get(t) else {
            return Vec::new();
        };
        self.note(Read::Children(self.index.topics[t]));
        let slug = topic.slug.as_str();
        (0..self.corpus.topics().len())
            .filter(|&c| self.corpus.topics()[c].parent.as_deref() == Some(slug))
            .collect()
    }

    /// Finds every topic's names in text.
    pub(crate) fn matcher(&self) -> &'a Matcher {
        self.note(Read::Matcher);
        self.corpus.matcher()
    }

    /// The URL path of the document at a content path (`notes/a.md` -> `notes/a`).
    pub(crate) fn content_path(&self, rel: &str) -> Option<&'a str> {
        self.note(Read::ContentPath(Arc::from(rel)));
        self.corpus.slugs().get(rel).map(String::as_str)
    }

    /// Every event, oldest first.
    pub(crate) fn events(&self) -> &'a [Event] {
        self.note(Read::Events);
        self.corpus.events()
    }

    /// The `n` events told by the most sources (two at least), most first, then oldest first:
    /// a page showing them depends on those events only, not on every event.
    pub(crate) fn most_covered(&self, n: usize) -> Vec<&'a Event> {
        self.note(Read::MostCovered(n));
        let events = self.corpus.events();
        self.most_covered_list(n)
            .into_iter()
            .filter_map(|e| events.get(e))
            .collect()
    }

    /// Positions of [`Reader::most_covered`]'s events.
    fn most_covered_list(&self, n: usize) -> Vec<usize> {
        let events = self.corpus.events();
        let mut list: Vec<usize> = (0..events.len())
            .filter(|&e| events[e].sources.len() >= 2)
            .collect();
        // Stable: among events told equally often, the oldest first.
        list.sort_by_key(|&e| std::cmp::Reverse(events[e].sources.len()));
        list.truncate(n);
        list
    }

    /// The years that have events, oldest first, with how many each has.
    pub(crate) fn event_years(&self) -> Vec<(i32, usize)> {
        self.note(Read::EventYears);
        let index = self.index.events(self.corpus);
        index
            .by_year
            .iter()
            .map(|(year, list)| (*year, list.len()))
            .collect()
    }

    /// The events of `year` at positions `within` of that year's list, oldest first (a page of
    /// a year reads only its own run, so an edit re-renders only the pages it reaches).
    pub(crate) fn year_events(&self, year: i32, within: std::ops::Range<usize>) -> Vec<&'a Event> {
        self.note(Read::YearEvents(year, within.start, within.end));
        let list = self.year_list(year);
        let end = within.end.min(list.len());
        let start = within.start.min(end);
        list[start..end]
            .iter()
            .filter_map(|&e| self.corpus.events().get(e))
            .collect()
    }

    fn year_list(&self, year: i32) -> &'a [usize] {
        let index = self.index.events(self.corpus);
        index
            .by_year
            .binary_search_by_key(&year, |(y, _)| *y)
            .map_or(&[][..], |at| index.by_year[at].1.as_slice())
    }

    /// The events the listed document at `i` is a source of, oldest first.
    pub(crate) fn document_events(&self, i: usize) -> Vec<&'a Event> {
        let Some(id) = self.listed_id(i) else {
            return Vec::new();
        };
        self.note(Read::DocEvents(id));
        match self.index.events.get() {
            Some(index) => self.events_at(index.by_document.get(i)),
            // Before anything needed the whole index (a rebuild renders the edited document's
            // page first): one pass over the events is cheaper than making it.
            None => self
                .corpus
                .events()
                .iter()
                .filter(|event| event.sources.iter().any(|s| s.document == i))
                .collect(),
        }
    }

    /// The newest `newest` events of the topic at `t` (`usize::MAX`: all), oldest first.
    pub(crate) fn topic_events(&self, t: usize, newest: usize) -> Vec<&'a Event> {
        let Some(&id) = self.index.topics.get(t) else {
            return Vec::new();
        };
        self.note(Read::TopicEvents(id, newest));
        self.topic_list(t, newest)
            .iter()
            .filter_map(|&e| self.corpus.events().get(e))
            .collect()
    }

    /// How many events the topic at `t` has.
    pub(crate) fn topic_event_count(&self, t: usize) -> usize {
        let Some(&id) = self.index.topics.get(t) else {
            return 0;
        };
        self.note(Read::TopicEventCount(id));
        self.topic_list(t, usize::MAX).len()
    }

    /// The last `newest` entries of the topic's event list.
    fn topic_list(&self, t: usize, newest: usize) -> &'a [usize] {
        let index = self.index.events(self.corpus);
        let list = index.by_topic.get(t);
        &list[list.len().saturating_sub(newest)..]
    }

    fn events_at(&self, list: &[usize]) -> Vec<&'a Event> {
        // (documents' events; topics and years read runs of their lists)
        list.iter()
            .filter_map(|&e| self.corpus.events().get(e))
            .collect()
    }
}

/// A total order on reads, to sort a page's reads before removing repeats.
fn read_order(read: &Read) -> (u8, u64, Option<Arc<str>>) {
    use Read::*;
    match read {
        Document(d) => (0, d.0, None),
        DocHead(d) => (17, d.0, None),
        DocSlug(d) => (21, d.0, None),
        DocTopics(d) => (1, d.0, None),
        Related(d) => (2, d.0, None),
        References(d) => (3, d.0, None),
        Neighbours(d) => (4, d.0, None),
        DocEvents(d) => (5, d.0, None),
        TopicHead(t) => (6, t.0, None),
        Topic(t) => (7, t.0, None),
        Children(t) => (8, t.0, None),
        TopicEvents(t, _) => (9, t.0, None),
        TopicEventCount(t) => (20, t.0, None),
        Order => (10, 0, None),
        Standalone => (11, 0, None),
        Sections => (12, 0, None),
        Topics => (13, 0, None),
        Matcher => (14, 0, None),
        Events => (15, 0, None),
        MostCovered(n) => (23, *n as u64, None),
        ContentPath(p) => (16, 0, Some(p.clone())),
        Redirects => (22, 0, None),
        EventYears => (18, 0, None),
        YearEvents(y, start, _) => (19, ((*y as i64 as u64) << 32) ^ *start as u64, None),
    }
}

/// What `read` gives in the corpus behind `reader`, as a hash: the same accessor the views call,
/// its result hashed with positions replaced by ids.
pub(crate) fn fingerprint(read: &Read, reader: &Reader) -> u64 {
    let reader = &Reader::new(reader.corpus, reader.index, false);
    let ids = Ids(reader);
    let mut h = stable_hasher();
    match read {
        Read::Document(id) => reader
            .document_by_id(*id)
            .map(|d| d.source_digest)
            .hash(&mut h),
        Read::DocTopics(id) => {
            for &(t, count) in ids.listed_at(*id, Reader::doc_topics) {
                (ids.topic(t), count).hash(&mut h);
            }
        }
        Read::Related(id) => {
            for r in ids.listed_at(*id, Reader::related) {
                ids.hash_related(r, &mut h);
            }
        }
        Read::References(id) => {
            for r in ids.listed_at(*id, Reader::references) {
                let Reference {
                    from,
                    passage,
                    sentence,
                } = r;
                (ids.doc(*from), passage, sentence).hash(&mut h);
            }
        }
        Read::Neighbours(id) => {
            if let Some(Place::Listed(i)) = reader.place(*id) {
                let (newer, older) = reader.neighbours(i);
                (newer.map(|n| ids.doc(n)), older.map(|n| ids.doc(n))).hash(&mut h);
            }
        }
        Read::DocEvents(id) => {
            if let Some(Place::Listed(i)) = reader.place(*id) {
                let prints = reader.event_prints();
                let index = reader.index.events(reader.corpus);
                for &e in index.by_document.get(i) {
                    prints[e].hash(&mut h);
                }
            }
        }
        Read::DocHead(id) => reader.head_by_id(*id).hash(&mut h),
        Read::DocSlug(id) => reader.slug_by_id(*id).hash(&mut h),
        Read::TopicHead(id) => reader
            .topic_place(*id)
            .and_then(|t| reader.topic_head(t))
            .hash(&mut h),
        Read::Topic(id) => {
            if let Some(topic) = reader.topic_place(*id).and_then(|t| reader.topic(t)) {
                ids.hash_topic(topic, &mut h);
            }
        }
        Read::Children(id) => {
            if let Some(t) = reader.topic_place(*id) {
                for c in reader.children(t) {
                    ids.topic(c).hash(&mut h);
                }
            }
        }
        Read::TopicEvents(id, newest) => {
            if let Some(t) = reader.topic_place(*id) {
                let prints = reader.event_prints();
                for &e in reader.topic_list(t, *newest) {
                    prints[e].hash(&mut h);
                }
            }
        }
        Read::TopicEventCount(id) => reader
            .topic_place(*id)
            .map(|t| reader.topic_event_count(t))
            .hash(&mut h),
        Read::Order => {
            reader.listed_count();
            reader.index.listed.hash(&mut h);
            // The archive groups by year: a date change within a year reorders nothing.
            for (year, docs) in reader.years() {
                (year, docs.len()).hash(&mut h);
            }
        }
        Read::Standalone => {
            for i in 0..reader.standalone_count() {
                reader.standalone(i).map(DocId::of).hash(&mut h);
            }
        }
        Read::Redirects => {
            reader.redirect_count();
            reader.corpus.redirects().hash(&mut h);
        }
        Read::Sections => {
            for i in 0..reader.section_count() {
                reader.section(i).map(DocId::of).hash(&mut h);
            }
        }
        Read::Topics => {
            reader.topic_count();
            reader.index.topics.hash(&mut h);
        }
        // The matcher is `Matcher::new` of the topics' aliases, in topic order.
        Read::Matcher => {
            reader.matcher();
            for topic in reader.corpus.topics() {
                topic.aliases.hash(&mut h);
            }
        }
        Read::Events => {
            reader.events();
            reader.event_prints().hash(&mut h);
        }
        Read::MostCovered(n) => {
            let prints = reader.event_prints();
            for e in reader.most_covered_list(*n) {
                prints[e].hash(&mut h);
            }
        }
        Read::ContentPath(rel) => reader.content_path(rel).hash(&mut h),
        Read::EventYears => reader.event_years().hash(&mut h),
        Read::YearEvents(year, start, end) => {
            let prints = reader.event_prints();
            let list = reader.year_list(*year);
            let end = (*end).min(list.len());
            for &e in &list[(*start).min(end)..end] {
                prints[e].hash(&mut h);
            }
        }
    }
    h.finish()
}

impl<'a> Reader<'a> {
    fn place(&self, id: DocId) -> Option<Place> {
        self.index.places.get(&id).copied()
    }

    /// Where the document at content path `rel` sits, if it is in the corpus. Not a read: for
    /// finding an edited document's own page, never for what a page shows.
    pub(crate) fn place_of(&self, rel: &str) -> Option<Place> {
        self.place(DocId::of_path(rel))
    }

    fn topic_place(&self, id: TopicId) -> Option<usize> {
        self.index.topic_places.get(&id).copied()
    }

    fn document_by_id(&self, id: DocId) -> Option<&'a Document> {
        match self.place(id)? {
            Place::Listed(i) => self.listed(i),
            Place::Standalone(i) => self.standalone(i),
            Place::Section(i) => self.section(i),
        }
    }

    fn slug_by_id(&self, id: DocId) -> Option<&'a str> {
        match self.place(id)? {
            Place::Listed(i) => self.listed_slug(i),
            Place::Standalone(i) => self.standalone_slug(i),
            Place::Section(i) => self.section_slug(i),
        }
    }

    fn head_by_id(&self, id: DocId) -> Option<DocHead<'a>> {
        match self.place(id)? {
            Place::Listed(i) => self.listed_head(i),
            Place::Standalone(i) => self.standalone_head(i),
            Place::Section(i) => self.section_head(i),
        }
    }

    /// Each event's print (ids for positions), computed once per corpus.
    fn event_prints(&self) -> &'a [u64] {
        let (corpus, index) = (self.corpus, self.index);
        index.event_prints.get_or_init(|| {
            corpus
                .events()
                .par_iter()
                .map(|event| {
                    let quiet = Reader::new(corpus, index, false);
                    let mut h = stable_hasher();
                    Ids(&quiet).hash_event(event, &mut h);
                    h.finish()
                })
                .collect()
        })
    }
}

/// Positions to ids, for prints that must not change when positions do.
#[derive(Clone, Copy)]
struct Ids<'r, 'a>(&'r Reader<'a>);

impl<'a> Ids<'_, 'a> {
    fn doc(&self, i: usize) -> Option<DocId> {
        self.0.index.listed.get(i).copied()
    }

    fn topic(&self, t: usize) -> Option<TopicId> {
        self.0.index.topics.get(t).copied()
    }

    /// The list `get` gives for the listed document `id`, if it is a listed one.
    fn listed_at<T>(&self, id: DocId, get: fn(&Reader<'a>, usize) -> &'a [T]) -> &'a [T] {
        match self.0.place(id) {
            Some(Place::Listed(i)) => get(self.0, i),
            _ => &[],
        }
    }

    fn hash_related(&self, related: &RelatedDocument, h: &mut impl Hasher) {
        let RelatedDocument {
            doc,
            score,
            shared_topics,
        } = related;
        (self.doc(*doc), score.to_bits()).hash(h);
        for &t in shared_topics {
            self.topic(t).hash(h);
        }
    }

    fn hash_topic(&self, topic: &Topic, h: &mut impl Hasher) {
        let Topic {
            slug,
            name,
            description,
            kind,
            parent,
            aliases,
            curated,
            declared,
            suggested,
            documents,
            related,
        } = topic;
        (slug, name, description, kind, parent, aliases).hash(h);
        (curated, declared, suggested).hash(h);
        // The filings as one run of numbers, hashed in one go (a topic files thousands of
        // mentions; hashing each field alone was most of the time of a topic's print). Each
        // list is preceded by its length, so two different filings never give one run.
        let mut words: Vec<u64> = Vec::new();
        for filed in documents {
            let TopicDocument {
                doc,
                declared,
                mentions,
                key_passages,
            } = filed;
            let id = self.doc(*doc);
            words.extend([u64::from(id.is_some()), id.map_or(0, |d| d.0)]);
            words.extend([u64::from(*declared), key_passages.len() as u64]);
            words.extend(key_passages.iter().map(|&p| p as u64));
            words.push(mentions.len() as u64);
            for Mention { passage, range } in mentions {
                words.extend([*passage as u64, range.start as u64, range.end as u64]);
            }
        }
        words.hash(h);
        for RelatedTopic {
            topic,
            shared,
            strength,
        } in related
        {
            (self.topic(*topic), shared, strength.to_bits()).hash(h);
        }
    }

    fn hash_event(&self, event: &Event, h: &mut impl Hasher) {
        let Event {
            date,
            kind,
            deadline,
            snippet,
            sources,
            topics,
        } = event;
        (date, kind, deadline, snippet, sources.len(), topics.len()).hash(h);
        for EventSource {
            document,
            passage,
            snippet: own,
        } in sources
        {
            (self.doc(*document), passage).hash(h);
            // A source usually words the event as the event does: one flag, not the sentence
            // again.
            if own == snippet {
                true.hash(h);
            } else {
                (false, own).hash(h);
            }
        }
        for &t in topics {
            self.topic(t).hash(h);
        }
    }
}

/// What every rendered page read, with the prints those reads had when it was rendered: what
/// `dossier serve` keeps between rebuilds to know which pages an edit changes.
#[derive(Debug, Default)]
pub(crate) struct Dependencies {
    /// Every read some page made, by number.
    reads: Vec<Read>,
    numbers: foldhash::HashMap<Read, u32>,
    /// The print of each read in the corpus the pages were last rendered from.
    prints: Vec<u64>,
    /// Output path -> the numbers of the reads its page made.
    pages: foldhash::HashMap<String, Vec<u32>>,
}

impl Dependencies {
    /// Records what the page at `path` read while it was rendered from `reader`'s corpus.
    pub(crate) fn record(&mut self, path: &str, reads: Vec<Read>, reader: &Reader) {
        let numbers = reads
            .into_iter()
            .map(|read| match self.numbers.get(&read) {
                Some(&n) => n,
                None => {
                    let n = self.reads.len() as u32;
                    self.prints.push(fingerprint(&read, reader));
                    self.numbers.insert(read.clone(), n);
                    self.reads.push(read);
                    n
                }
            })
            .collect();
        self.pages.insert(path.to_string(), numbers);
    }

    /// Forgets a page that is no longer part of the site.
    pub(crate) fn forget(&mut self, path: &str) {
        self.pages.remove(path);
    }

    /// Whether a page at `path` was recorded.
    pub(crate) fn knows(&self, path: &str) -> bool {
        self.pages.contains_key(path)
    }

    /// The output paths of every recorded page.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &str> {
        self.pages.keys().map(String::as_str)
    }

    /// Evaluates every recorded read against `reader`'s corpus and returns the pages one of whose
    /// reads changed; the new prints are kept, so a page returned here must be rendered again
    /// (and recorded) from that corpus.
    pub(crate) fn changed_pages(&mut self, reader: &Reader) -> Vec<String> {
        let (corpus, index) = (reader.corpus, reader.index);
        // The events' index and prints are made on first use, each on one thread: made side by
        // side here, before the reads that need them wait for them.
        rayon::join(
            || index.events(corpus),
            || Reader::new(corpus, index, false).event_prints(),
        );
        let prints: Vec<u64> = self
            .reads
            .par_iter()
            .map(|read| fingerprint(read, &Reader::new(corpus, index, false)))
            .collect();
        let changed: Vec<bool> = prints
            .iter()
            .zip(&self.prints)
            .map(|(a, b)| a != b)
            .collect();
        self.prints = prints;
        let mut pages: Vec<String> = self
            .pages
            .iter()
            .filter(|(_, reads)| reads.iter().any(|&n| changed[n as usize]))
            .map(|(path, _)| path.clone())
            .collect();
        pages.sort();
        pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::Document;

    fn corpus(slugs: &[&str]) -> Corpus {
        let documents = slugs
            .iter()
            .map(|slug| {
                let mut doc = Document::empty_for_tests(slug);
                doc.source_digest = stable_hash(*slug);
                doc
            })
            .collect();
        Corpus::for_tests(documents, Vec::new())
    }

    #[test]
    fn a_page_changes_when_what_it_read_changes_and_only_then() {
        let before = corpus(&["a", "b", "c"]);
        let index = CorpusIndex::new(&before);
        let reader = Reader::new(&before, &index, true);
        reader.listed(1);
        let mut deps = Dependencies::default();
        deps.record("b/index.html", reader.take_reads(), &reader);
        reader.neighbours(0);
        deps.record("a/index.html", reader.take_reads(), &reader);

        // `c` moves before `a`: b's own data is unchanged, a's neighbours are not.
        let mut after = corpus(&["c", "a", "b"]);
        after.documents_mut()[2].source_digest = stable_hash("b");
        let index = CorpusIndex::new(&after);
        let reader = Reader::new(&after, &index, false);
        assert_eq!(deps.changed_pages(&reader), ["a/index.html"]);
        // Nothing changed since: nothing to render.
        assert!(deps.changed_pages(&reader).is_empty());

        after.documents_mut()[2].source_digest = 7;
        let index = CorpusIndex::new(&after);
        let reader = Reader::new(&after, &index, false);
        assert_eq!(deps.changed_pages(&reader), ["b/index.html"]);
    }

    fn source(document: usize, passage: usize) -> EventSource {
        EventSource {
            document,
            passage: Some(passage),
            snippet: String::new(),
        }
    }

    #[test]
    fn an_event_is_listed_once_per_document_sorted_or_not() {
        let sorted = [
            source(1, 0),
            source(1, 4),
            source(2, 0),
            source(5, 1),
            source(5, 2),
        ];
        assert_eq!(source_documents(&sorted).collect::<Vec<_>>(), [1, 2, 5]);
        let unsorted = [source(5, 0), source(1, 4), source(5, 2), source(1, 0)];
        assert_eq!(source_documents(&unsorted).collect::<Vec<_>>(), [5, 1]);
        assert_eq!(source_documents(&[]).count(), 0);
    }

    fn told(snippet: &str, own: &[(usize, &str)]) -> Event {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).expect("a date");
        Event {
            date: crate::analyze::dates_in_prose::EventDate::single(DocDate::day(day)),
            kind: crate::analyze::events::EventKind::Extracted,
            deadline: false,
            snippet: snippet.into(),
            sources: own
                .iter()
                .map(|&(document, words)| EventSource {
                    document,
                    passage: Some(1),
                    snippet: words.into(),
                })
                .collect(),
            topics: Vec::new(),
        }
    }

    #[test]
    fn a_documents_events_are_the_same_with_or_without_the_whole_index() {
        let documents = corpus(&["a", "b", "c"]).documents().to_vec();
        let events = vec![
            told("One.", &[(0, "One."), (2, "One.")]),
            told("Two.", &[(1, "Two.")]),
            told("Three.", &[(2, "Three."), (2, "Three, again.")]),
            told("Four.", &[(0, "Four.")]),
        ];
        let corpus = Corpus::for_tests(documents, events);
        let snippets = |index: &CorpusIndex, i: usize| -> Vec<String> {
            let reader = Reader::new(&corpus, index, false);
            let events = reader.document_events(i);
            events.iter().map(|e| e.snippet.clone()).collect()
        };
        let scanned = CorpusIndex::new(&corpus);
        let indexed = CorpusIndex::new(&corpus);
        indexed.events(&corpus);
        for i in 0..3 {
            assert_eq!(snippets(&scanned, i), snippets(&indexed, i), "document {i}");
        }
        assert_eq!(snippets(&scanned, 2), ["One.", "Three."]);
        assert!(
            scanned.events.get().is_none(),
            "no index made for one document"
        );
    }

    #[test]
    fn the_most_covered_events_change_only_with_those_events() {
        let documents = corpus(&["a", "b", "c"]).documents().to_vec();
        let events = |third: &str, top: &str| {
            vec![
                told("Once.", &[(0, "Once.")]),
                told(top, &[(0, top), (1, top), (2, top)]),
                told("Twice.", &[(0, "Twice."), (1, "Twice.")]),
                told(third, &[(1, third), (2, third)]),
            ]
        };
        let before = Corpus::for_tests(documents.clone(), events("Also twice.", "Thrice."));
        let index = CorpusIndex::new(&before);
        let reader = Reader::new(&before, &index, true);
        let shown: Vec<&str> = reader
            .most_covered(2)
            .iter()
            .map(|e| e.snippet.as_str())
            .collect();
        assert_eq!(shown, ["Thrice.", "Twice."], "most told first, then oldest");
        let mut deps = Dependencies::default();
        deps.record("timeline/index.html", reader.take_reads(), &reader);
        let changed = |third: &str, top: &str, deps: &mut Dependencies| {
            let after = Corpus::for_tests(documents.clone(), events(third, top));
            let index = CorpusIndex::new(&after);
            deps.changed_pages(&Reader::new(&after, &index, false))
        };
        // An event that is not among the two shown: the page stays.
        assert!(changed("Also twice, reworded.", "Thrice.", &mut deps).is_empty());
        assert_eq!(
            changed("Also twice, reworded.", "Thrice, reworded.", &mut deps),
            ["timeline/index.html"]
        );
    }

    #[test]
    fn an_events_print_tells_each_sources_own_words_apart() {
        let corpus = corpus(&["a", "b"]);
        let index = CorpusIndex::new(&corpus);
        let reader = Reader::new(&corpus, &index, false);
        let print = |event: &Event| {
            let mut h = stable_hasher();
            Ids(&reader).hash_event(event, &mut h);
            h.finish()
        };
        let base = print(&told("Talks in March.", &[(0, "Talks in March.")]));
        assert_eq!(
            base,
            print(&told("Talks in March.", &[(0, "Talks in March.")]))
        );
        for other in [
            told("Talks in March.", &[(0, "Talks held in March.")]),
            told("Talks in March.", &[(1, "Talks in March.")]),
            told("Talks in March", &[(0, "Talks in March")]),
            told(
                "Talks in March.",
                &[(0, "Talks in March."), (1, "Talks in March.")],
            ),
        ] {
            assert_ne!(base, print(&other), "{other:?}");
        }
    }

    fn topic_filing(mentions: Vec<Mention>, key_passages: Vec<usize>) -> Topic {
        Topic {
            slug: "t".into(),
            name: "T".into(),
            description: None,
            kind: TopicKind::Theme,
            parent: None,
            aliases: vec!["T".into()],
            curated: false,
            declared: false,
            suggested: false,
            documents: vec![TopicDocument {
                doc: 0,
                declared: false,
                mentions,
                key_passages,
            }],
            related: Vec::new(),
        }
    }

    #[test]
    fn a_topics_print_tells_every_mention_and_key_passage_apart() {
        let corpus = corpus(&["a"]);
        let index = CorpusIndex::new(&corpus);
        let reader = Reader::new(&corpus, &index, false);
        let print = |topic: &Topic| {
            let mut h = stable_hasher();
            Ids(&reader).hash_topic(topic, &mut h);
            h.finish()
        };
        let mention = |passage, start, end| Mention {
            passage,
            range: start..end,
        };
        let base = print(&topic_filing(vec![mention(1, 0, 4)], vec![1]));
        assert_eq!(base, print(&topic_filing(vec![mention(1, 0, 4)], vec![1])));
        for other in [
            topic_filing(vec![mention(2, 0, 4)], vec![1]),
            topic_filing(vec![mention(1, 1, 4)], vec![1]),
            topic_filing(vec![mention(1, 0, 5)], vec![1]),
            topic_filing(vec![mention(1, 0, 4)], vec![2]),
            topic_filing(vec![mention(1, 0, 4), mention(1, 5, 9)], vec![1]),
            // The same numbers, split differently between key passages and mentions.
            topic_filing(vec![], vec![1, 1, 1, 0, 4]),
        ] {
            assert_ne!(base, print(&other), "{other:?}");
        }
    }

    #[test]
    fn lists_keep_each_keys_items_in_order() {
        let entries = [(2, 10), (0, 11), (2, 12), (5, 13), (0, 14)];
        let lists = Lists::new(3, |add| {
            for &(k, item) in &entries {
                add(k, item);
            }
        });
        assert_eq!(lists.get(0), [11, 14]);
        assert_eq!(lists.get(1), [] as [usize; 0]);
        assert_eq!(lists.get(2), [10, 12]);
        assert_eq!(lists.get(3), [] as [usize; 0]);
        assert_eq!(lists.get(9), [] as [usize; 0]);
    }

    #[test]
    fn reads_are_noted_only_when_recording() {
        let corpus = corpus(&["a"]);
        let index = CorpusIndex::new(&corpus);
        let quiet = Reader::new(&corpus, &index, false);
        quiet.listed(0);
        assert!(quiet.take_reads().is_empty());
        let recording = Reader::new(&corpus, &index, true);
        recording.listed(0);
        recording.listed(0);
        recording.listed_count();
        assert_eq!(
            recording.take_reads(),
            [
                Read::Document(DocId::of(&corpus.documents()[0])),
                Read::Order
            ]
        );
    }
}
