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

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use super::dates_in_prose::{find_prose_dates, period_end, resolve, DateExpr, EventDate};
use super::matching::Matcher;
use super::sentences::split_sentences;
use super::topics::Topic;
use crate::error::Diagnostic;
use crate::parse::dates::DocDate;
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
                .flat_map(|(t, _)| t.iter());
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

/// One document being read for events.
struct DocContext<'a> {
    index: usize,
    doc: &'a Document,
    topics: &'a [Topic],
    matcher: &'a Matcher,
    fallback: &'a [usize],
}

impl DocContext<'_> {
    /// The document's events but its publication: declared ones and those told in its prose,
    /// a happening its prose tells several times once.
    fn told(&self) -> (Vec<Told>, Vec<Diagnostic>) {
        let mut told: Vec<Told> = self
            .declared()
            .into_iter()
            .map(|e| Told::new(e, ""))
            .collect();
        let mut warnings = Vec::new();
        let mut mentions = Vec::new();
        for passage in &self.doc.body.passages {
            let mut previous = "";
            for range in split_sentences(&passage.text) {
                let code = code_in(&passage.code, &range);
                let sentence = &passage.text[range];
                let events = self.extracted(passage.number, sentence, &code, &mut warnings);
                mentions.extend(events.into_iter().map(|(event, named, deictic)| Mention {
                    told: Told::new(event, previous),
                    named,
                    deictic,
                }));
                previous = sentence;
            }
        }
        told.extend(fold_repeated(mentions, self.fallback));
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

    /// The events of one sentence, each with the topics the sentence names and whether its
    /// date is written relative to the document's; a relative date the document cannot place
    /// is a warning.
    fn extracted(
        &self,
        passage: usize,
        sentence: &str,
        code: &[std::ops::Range<usize>],
        warnings: &mut Vec<Diagnostic>,
    ) -> Vec<(Event, Vec<usize>, bool)> {
        let mut events: Vec<(Event, Vec<usize>, bool)> = Vec::new();
        let mut unplaced = false;
        for mention in find_prose_dates(sentence, code) {
            let Some(date) = resolve(mention.expr, self.doc.date.as_ref()) else {
                unplaced |= matches!(mention.expr, DateExpr::Relative(_));
                continue;
            };
            if events.iter().any(|(e, ..)| e.date == date) {
                continue;
            }
            let snippet = snippet(sentence);
            let named = topics_in_sentence(&snippet, self.matcher);
            let event = Event {
                date,
                kind: self.kind(&date, mention.deadline, EventKind::Extracted),
                deadline: mention.deadline,
                topics: self.or_fallback(&named),
                sources: vec![self.source(Some(passage), &snippet)],
                snippet,
            };
            events.push((event, named, mention.expr.is_deictic()));
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
        self.or_fallback(&topics_in_sentence(text, self.matcher))
    }

    /// The named topics, or the document's when none is named.
    fn or_fallback(&self, named: &[usize]) -> Vec<usize> {
        if named.is_empty() {
            self.fallback
        } else {
            named
        }
        .to_vec()
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

/// A date told in a sentence, with the topics the sentence names.
struct Mention {
    told: Told,
    named: Vec<usize>,
    /// Written relative to the document's date ("this week", "yesterday").
    deictic: bool,
}

impl Mention {
    /// How well the sentence tells its happening: the topics it names, then its key terms.
    fn score(&self) -> (usize, usize) {
        (self.named.len(), self.told.own_terms.len())
    }
}

/// Mentions in one document taken to tell one happening: the first one's words decide which
/// others join; the best one tells it.
struct Retelling {
    first: Mention,
    best: Option<Mention>,
    named: Vec<usize>,
    deadline: bool,
}

impl Retelling {
    fn accepts(&self, mention: &Mention) -> bool {
        (self.first.deictic && mention.deictic) || same_words(&self.first.told, &mention.told)
    }

    fn add(&mut self, mention: Mention) {
        self.named.extend(mention.named.iter().copied());
        self.deadline &= mention.told.event.deadline;
        let best = self.best.as_ref().unwrap_or(&self.first);
        if mention.score() > best.score() {
            self.best = Some(mention);
        }
    }

    fn into_told(self, fallback: &[usize]) -> Told {
        let mut told = self.best.unwrap_or(self.first).told;
        let named = sorted(self.named);
        told.event.topics = if named.is_empty() {
            fallback.to_vec()
        } else {
            named
        };
        told.event.deadline = self.deadline;
        told
    }
}

/// One event per happening a document's prose tells: mentions of one date (and kind) are one
/// when both are written relative to the document's date ("this week" in six sentences of
/// one article) or share the words that merging across documents asks for. It is told by the
/// sentence that names most topics (then has most key terms, then comes first), with every
/// topic the mentions name (or the document's own when none names one), and is a deadline
/// only if every mention is one.
fn fold_repeated(mentions: Vec<Mention>, fallback: &[usize]) -> Vec<Told> {
    let mut retellings: Vec<Retelling> = Vec::new();
    let mut of_date: foldhash::HashMap<(EventDate, EventKind), Vec<usize>> =
        foldhash::HashMap::default();
    for mention in mentions {
        let key = (mention.told.event.date, mention.told.event.kind);
        let same_date = of_date.entry(key).or_default();
        match same_date.iter().find(|&&r| retellings[r].accepts(&mention)) {
            Some(&r) => retellings[r].add(mention),
            None => {
                same_date.push(retellings.len());
                retellings.push(Retelling {
                    named: mention.named.clone(),
                    deadline: mention.told.event.deadline,
                    first: mention,
                    best: None,
                });
            }
        }
    }
    retellings
        .into_iter()
        .map(|r| r.into_told(fallback))
        .collect()
}

fn sorted(mut list: Vec<usize>) -> Vec<usize> {
    list.sort_unstable();
    list.dedup();
    list
}

/// The sentence, cut at a word boundary when it is very long.
/// The inline-code ranges of a passage that fall in `sentence` (a range of the passage's
/// text), as ranges of the sentence.
fn code_in(
    code: &[std::ops::Range<usize>],
    sentence: &std::ops::Range<usize>,
) -> Vec<std::ops::Range<usize>> {
    code.iter()
        .filter(|c| c.start < sentence.end && sentence.start < c.end)
        .map(|c| {
            c.start.max(sentence.start) - sentence.start..c.end.min(sentence.end) - sentence.start
        })
        .collect()
}

fn snippet(sentence: &str) -> String {
    let sentence = sentence.trim();
    if sentence.chars().count() <= SNIPPET_CHARS {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(SNIPPET_CHARS).collect();
    let at_word = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

mod merge;
use merge::same_words;
pub use merge::{merge, Told};

#[cfg(test)]
mod tests;
