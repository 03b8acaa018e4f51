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

use std::hash::{Hash, Hasher};

use serde::Serialize;

use super::dates_in_prose::{
    find_prose_dates, may_contain_date, period_end, resolve, DateExpr, EventDate,
};
use super::matching::Matcher;
use super::memo::PerDocument;
use super::sentences::split_sentences;
use super::topics::Topic;
use crate::error::Diagnostic;
use crate::parse::dates::DocDate;
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
/// about relative dates in undated documents. `cache` keeps each document's told events
/// between runs (`dossier serve`; a build passes a new one): only documents whose input changed
/// are read again, and the events are merged again only when some document's told events
/// changed (a title edit changes only a publication).
pub(crate) fn timeline(
    documents: &[Document],
    topics: &[Topic],
    matcher: &Matcher,
    doc_topics: &[Vec<(usize, usize)>],
    cache: &mut EventsCache,
) -> (Vec<Event>, Vec<Diagnostic>) {
    let names = TopicNames::new(topics, matcher);
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
            names: &names,
            fallback: &fallbacks[index],
        })
        .collect();
    let told_changed = cache.told.refresh(&contexts, DocContext::told);
    // In the order of `documents`.
    let warnings = cache
        .told
        .all()
        .flat_map(|(_, w)| w.iter().cloned())
        .collect();
    let (published, changes) = publish(&contexts, std::mem::take(&mut cache.published));
    let last = cache.last.take();
    let events = match cache.merged.take() {
        Some(merged) if !told_changed => {
            let events = match last.zip(changes) {
                Some((events, changes)) => {
                    cache.republished += 1;
                    republish(events, changes, &published)
                }
                None => assemble(merged.clone(), &published),
            };
            cache.merged = Some(merged);
            events
        }
        _ => {
            let told = cache.told.all().flat_map(|(t, _)| t.iter());
            let merged = merge(told);
            if !cache.one_shot {
                cache.merged = Some(merged.clone());
            }
            assemble(merged, &published)
        }
    };
    cache.published = published;
    (events, warnings)
}

/// What [`timeline`] keeps between runs, for `dossier serve`: each document's told events
/// (all but its publication) and the warnings met reading them, the last merge of them, the
/// publications, and the last run's events once handed back.
#[derive(Default)]
pub(crate) struct EventsCache {
    told: PerDocument<DocTold>,
    /// The merged told events of the last run (publications apart).
    merged: Option<Vec<Event>>,
    /// Each document's publication in the last run, by corpus index.
    published: Vec<Option<Event>>,
    /// The last run's events, once handed back by [`EventsCache::recycle`].
    last: Option<Vec<Event>>,
    /// A one-off run (`dossier build`): no later run reads the merge, so it is not copied.
    one_shot: bool,
    /// How many runs only replaced publications (for tests).
    pub(super) republished: usize,
}

impl EventsCache {
    /// A cache for one run only (`dossier build`): the merged events are handed out, not kept.
    pub(crate) fn one_shot() -> Self {
        EventsCache {
            one_shot: true,
            ..Default::default()
        }
    }

    /// Whether the last run's merge is kept for the next run (a test reads it).
    #[cfg(test)]
    pub(crate) fn holds_merge(&self) -> bool {
        self.merged.is_some()
    }

    /// Takes back the last corpus' events, so that when no told event changed (a title or date
    /// edit) the next run only replaces the publications that changed.
    pub(crate) fn recycle(&mut self, events: Vec<Event>) {
        self.last = Some(events);
    }
}

/// A document's told events and the warnings met reading them.
type DocTold = (Vec<Told>, Vec<Diagnostic>);

/// The publications that changed: each document's position with its old publication.
type Changes = Vec<(usize, Option<Event>)>;

/// Every document's publication, the last run's kept where the document still publishes it
/// (a title edit makes one anew, not ten thousand), with the changes from the last run; no
/// changes when the last run had another number of documents (nothing to compare with).
fn publish(
    contexts: &[DocContext],
    mut last: Vec<Option<Event>>,
) -> (Vec<Option<Event>>, Option<Changes>) {
    if last.len() != contexts.len() {
        return (contexts.iter().map(DocContext::published).collect(), None);
    }
    let mut changes = Vec::new();
    for (context, kept) in contexts.iter().zip(last.iter_mut()) {
        if !context.publishes(kept.as_ref()) {
            let old = std::mem::replace(kept, context.published());
            changes.push((context.index, old));
        }
    }
    (last, Some(changes))
}

/// The publications and the merged told events, in time order.
fn assemble(merged: Vec<Event>, published: &[Option<Event>]) -> Vec<Event> {
    let mut events: Vec<Event> = published.iter().flatten().cloned().collect();
    events.extend(merged);
    events.sort_by(chronological);
    events
}

/// The last run's events with the publications that changed replaced (told events and the
/// documents' order are as in the last run). The events are in [`chronological`] order, so an
/// old publication is found by binary search, and a changed one is moved to its new place by
/// rotating only the events between (a title edit moves it by a few places, where removing
/// and inserting shifted every later event twice).
fn republish(mut events: Vec<Event>, changes: Changes, new: &[Option<Event>]) -> Vec<Event> {
    for (d, old) in changes {
        let Some(new) = new.get(d) else { continue };
        if old == *new {
            continue;
        }
        let from = old.as_ref().and_then(|o| position_of(&events, o));
        match (from, new) {
            (Some(from), Some(event)) => move_to(&mut events, from, event.clone()),
            (Some(from), None) => {
                events.remove(from);
            }
            (None, Some(event)) => {
                let at = events.partition_point(|e| chronological(e, event).is_lt());
                events.insert(at, event.clone());
            }
            (None, None) => {}
        }
    }
    events
}

/// The position of an event equal to `event` in `events` ([`chronological`] order).
fn position_of(events: &[Event], event: &Event) -> Option<usize> {
    let start = events.partition_point(|e| chronological(e, event).is_lt());
    events[start..]
        .iter()
        .take_while(|e| chronological(e, event).is_eq())
        .position(|e| e == event)
        .map(|k| start + k)
}

/// Replaces the event at `from` with `event`, put where inserting it would put it once the
/// old one is out (before the events it does not follow).
fn move_to(events: &mut [Event], from: usize, event: Event) {
    let before = events[..from].partition_point(|e| chronological(e, &event).is_lt());
    events[from] = event;
    if before < from {
        events[before..=from].rotate_right(1);
        return;
    }
    let event = &events[from];
    let after = from + 1 + events[from + 1..].partition_point(|e| chronological(e, event).is_lt());
    events[from..after].rotate_left(1);
}

/// Oldest first; within a day, publication before what is told, then by words and sources.
pub(crate) fn chronological(a: &Event, b: &Event) -> std::cmp::Ordering {
    a.date
        .cmp(&b.date)
        .then_with(|| a.kind.cmp(&b.kind))
        .then_with(|| a.snippet.cmp(&b.snippet))
        .then_with(|| a.sources.cmp(&b.sources))
}

/// The topics a sentence names, through the corpus' alias matcher (titles and aliases, the
/// same rules as topic detection). The one place events get their topics.
pub(crate) fn topics_in_sentence(sentence: &str, matcher: &Matcher) -> Vec<usize> {
    let mut found: Vec<usize> = matcher
        .find(sentence)
        .into_iter()
        .map(|m| m.topic)
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// One document being read for events: the whole input of [`DocContext::told`], hashed by
/// the memo (`memo.rs`), so every field is part of the key.
struct DocContext<'a> {
    index: usize,
    doc: &'a Document,
    names: &'a TopicNames<'a>,
    fallback: &'a [usize],
}

impl Hash for DocContext<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // Destructured: a new field does not compile until it is hashed.
        let DocContext {
            index,
            doc,
            names,
            fallback,
        } = self;
        (index, doc.source_digest, names, fallback).hash(h);
    }
}

/// What events read of the topics: their slugs (declared events name topics) and the alias
/// matcher (sentences name topics), printed once per run.
struct TopicNames<'a> {
    slugs: Vec<&'a str>,
    matcher: &'a Matcher,
    print: u64,
}

impl<'a> TopicNames<'a> {
    fn new(topics: &'a [Topic], matcher: &'a Matcher) -> TopicNames<'a> {
        let slugs: Vec<&str> = topics.iter().map(|t| t.slug.as_str()).collect();
        let mut h = crate::stable_hash::stable_hasher();
        (&slugs, matcher).hash(&mut h);
        TopicNames {
            slugs,
            matcher,
            print: h.finish(),
        }
    }
}

impl Hash for TopicNames<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.print.hash(h);
    }
}

impl<'a> DocContext<'a> {
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
            if !may_contain_date(&passage.text) {
                continue;
            }
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

    /// What the document's publication is made of: its date (the day), title and fallback
    /// topics; `None` for an undated document.
    fn publication(&self) -> Option<(EventDate, &'a str, &'a [usize])> {
        let date = self.doc.date?;
        let date = EventDate::single(DocDate {
            instant: None,
            ..date
        });
        Some((date, self.doc.title.as_str(), self.fallback))
    }

    fn published(&self) -> Option<Event> {
        let (date, title, topics) = self.publication()?;
        Some(Event {
            date,
            kind: EventKind::Published,
            deadline: false,
            snippet: title.to_string(),
            sources: vec![self.source(None, title)],
            topics: topics.to_vec(),
        })
    }

    /// Whether `event` is what [`DocContext::published`] gives, checked without making it (on
    /// each `serve` rebuild, for every document).
    fn publishes(&self, event: Option<&Event>) -> bool {
        let (Some((date, title, topics)), Some(event)) = (self.publication(), event) else {
            return self.doc.date.is_none() && event.is_none();
        };
        let Event {
            date: d,
            kind,
            deadline,
            snippet,
            sources,
            topics: t,
        } = event;
        let source = |s: &EventSource| {
            let EventSource {
                document,
                passage,
                snippet,
            } = s;
            *document == self.index && passage.is_none() && snippet == title
        };
        *d == date
            && *kind == EventKind::Published
            && !deadline
            && snippet == title
            && t == topics
            && matches!(sources.as_slice(), [s] if source(s))
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
                        self.names.slugs.iter().position(|t| *t == slug)
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
            let named = topics_in_sentence(&snippet, self.names.matcher);
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
        self.or_fallback(&topics_in_sentence(text, self.names.matcher))
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
pub(crate) use merge::{merge, Told};

#[cfg(test)]
mod tests;
