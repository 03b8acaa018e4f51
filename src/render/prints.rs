//! Fingerprints of what analysis computes across documents, for [`super::affected`]: a hash per
//! page of every corpus value its cross-document parts are rendered from, never of the rendered
//! views themselves.
//!
//! A page view is a pure function of the corpus and the config (which `dossier serve` keeps
//! unchanged between incremental rebuilds), so two equal input hashes mean two equal views.
//! Hashing the inputs skips what made view hashes slow (URLs, formatted dates, JSON escaping):
//! a document's link data (slug, title, date), a topic's link data (name, slug, kind, count),
//! each event and each list entry are hashed once, and pages combine those hashes. What each
//! page hashes mirrors what its view reads (`render/views.rs`, `views/timeline.rs`,
//! `export.rs`, `topic_map.rs`); reading more than the view shows only re-renders more.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::pages::Page;
use super::views::Views;
use crate::analyze::events::{Event, EventKind};
use crate::analyze::{stable_hasher, Corpus, StableHasher, Topic};
use crate::parse::Document;

/// Hashes of the cross-document inputs of every page that shows any: document pages (topics,
/// related documents, references, events), topic pages, the topics index and export, and the
/// timeline page and export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprints {
    /// Each listed document's slug and hash of its topics (with counts), related documents,
    /// references and events, in corpus order.
    docs: Vec<(String, u64)>,
    /// Topic slug -> hash of its whole page view's inputs.
    topics: HashMap<String, u64>,
    /// Topic slug -> its name, document count and the slugs of its documents (hashed), for the
    /// dependency rules of `render::affected`.
    pub(crate) topic_lists: BTreeMap<String, TopicPrint>,
    topics_index: u64,
    topics_json: u64,
    timeline: u64,
    timeline_json: u64,
}

fn hash_with(write: impl FnOnce(&mut StableHasher)) -> u64 {
    let mut hasher = stable_hasher();
    write(&mut hasher);
    hasher.finish()
}

/// The hashes pages combine: one per document, topic and event.
struct Keys {
    /// What links and lists show of a document elsewhere: slug, title, date.
    doc_links: Vec<u64>,
    /// A document's list entry: its link, authors, publisher, summary, length and topics.
    summaries: Vec<u64>,
    /// A topic link: name, slug, kind, suggested, document count.
    topic_links: Vec<u64>,
    /// An event as every view shows it (date, kind, words, sources, topics).
    events: Vec<u64>,
}

impl Keys {
    fn new(corpus: &Corpus) -> Keys {
        let doc_links: Vec<u64> = corpus.documents.par_iter().map(doc_link).collect();
        let topic_links: Vec<u64> = corpus.topics.iter().map(topic_link).collect();
        let mut keys = Keys {
            doc_links,
            summaries: Vec::new(),
            topic_links,
            events: Vec::new(),
        };
        keys.summaries = (0..corpus.documents.len())
            .into_par_iter()
            .map(|d| keys.summary(corpus, d))
            .collect();
        keys.events = corpus.events.par_iter().map(|e| keys.event(e)).collect();
        keys
    }

    fn doc(&self, d: usize) -> u64 {
        self.doc_links.get(d).copied().unwrap_or_default()
    }

    fn topic(&self, t: usize) -> u64 {
        self.topic_links.get(t).copied().unwrap_or_default()
    }

    /// A document's topics with the passage count each shows.
    fn doc_topics(&self, corpus: &Corpus, d: usize, h: &mut StableHasher) {
        for &(t, passages) in corpus.doc_topics.get(d).map_or(&[][..], Vec::as_slice) {
            (self.topic(t), passages).hash(h);
        }
    }

    fn summary(&self, corpus: &Corpus, d: usize) -> u64 {
        let doc = &corpus.documents[d];
        hash_with(|h| {
            (self.doc(d), &doc.authors, &doc.publisher, &doc.summary).hash(h);
            doc.body.word_count.hash(h);
            self.doc_topics(corpus, d, h);
        })
    }

    fn event(&self, event: &Event) -> u64 {
        hash_with(|h| {
            (event.date, event.kind, event.deadline, &event.snippet).hash(h);
            for s in &event.sources {
                (self.doc(s.document), s.passage, &s.snippet).hash(h);
            }
            for &t in &event.topics {
                self.topic(t).hash(h);
            }
        })
    }
}

fn doc_link(doc: &Document) -> u64 {
    hash_with(|h| (&doc.slug, &doc.title, doc.date).hash(h))
}

fn topic_link(topic: &Topic) -> u64 {
    hash_with(|h| {
        (&topic.name, &topic.slug, topic.kind, topic.suggested).hash(h);
        topic.documents.len().hash(h);
    })
}

impl Fingerprints {
    /// Hashes the inputs of every page's cross-document parts.
    pub fn take(views: &Views) -> Fingerprints {
        let corpus = views.corpus;
        let keys = Keys::new(corpus);
        let docs = corpus
            .documents
            .par_iter()
            .enumerate()
            .map(|(i, doc)| (doc.slug.clone(), doc_print(views, &keys, i)))
            .collect();
        let topics = corpus
            .topics
            .par_iter()
            .enumerate()
            .map(|(t, topic)| (topic.slug.clone(), topic_print(views, &keys, t)))
            .collect();
        let events = hash_with(|h| keys.events.hash(h));
        Fingerprints {
            docs,
            topics,
            topic_lists: topic_lists(corpus),
            topics_index: topics_index_print(corpus, &keys),
            topics_json: topics_json_print(corpus, &keys),
            timeline: events,
            timeline_json: events,
        }
    }

    /// Pages whose fingerprint differs between `self` (before) and `now`.
    pub(crate) fn changed_pages(&self, now: &Fingerprints, corpus: &Corpus) -> Vec<Page> {
        let mut pages = Vec::new();
        if self.topics_index != now.topics_index {
            pages.push(Page::Topics);
        }
        if self.topics_json != now.topics_json {
            pages.push(Page::TopicsJson);
        }
        if self.timeline != now.timeline {
            pages.push(Page::Timeline);
        }
        if self.timeline_json != now.timeline_json {
            pages.push(Page::TimelineJson);
        }
        let same_order = self.docs.len() == now.docs.len()
            && self.docs.iter().zip(&now.docs).all(|(a, b)| a.0 == b.0);
        if same_order {
            for (i, (before, after)) in self.docs.iter().zip(&now.docs).enumerate() {
                if before.1 != after.1 {
                    pages.push(Page::Document(i));
                }
            }
        } else {
            let before: HashMap<&str, u64> =
                self.docs.iter().map(|(s, h)| (s.as_str(), *h)).collect();
            for (i, (slug, print)) in now.docs.iter().enumerate() {
                if before.get(slug.as_str()) != Some(print) {
                    pages.push(Page::Document(i));
                }
            }
        }
        for (i, topic) in corpus.topics.iter().enumerate() {
            if self.topics.get(&topic.slug) != now.topics.get(&topic.slug) {
                pages.push(Page::Topic(i));
            }
        }
        pages
    }
}

/// What `render::affected` compares of a topic before and after an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TopicPrint {
    name: String,
    /// How many documents it has.
    count: usize,
    /// A hash of its documents' slugs, in corpus order (cheaper to keep than the slugs).
    documents: u64,
}

impl TopicPrint {
    /// What a link to the topic shows: its name and document count.
    pub(crate) fn link(&self) -> (&str, usize) {
        (&self.name, self.count)
    }
}

fn topic_lists(corpus: &Corpus) -> BTreeMap<String, TopicPrint> {
    corpus
        .topics
        .iter()
        .map(|t| {
            let documents = hash_with(|h| {
                for filed in &t.documents {
                    corpus.documents[filed.doc].slug.hash(h);
                }
            });
            let print = TopicPrint {
                name: t.name.clone(),
                count: t.documents.len(),
                documents,
            };
            (t.slug.clone(), print)
        })
        .collect()
}

/// A document page's topics, related documents, references and told events.
fn doc_print(views: &Views, keys: &Keys, i: usize) -> u64 {
    let corpus = views.corpus;
    hash_with(|h| {
        keys.doc_topics(corpus, i, h);
        for r in corpus.related.get(i).map_or(&[][..], Vec::as_slice) {
            keys.doc(r.doc).hash(h);
            for &t in &r.shared_topics {
                keys.topic(t).hash(h);
            }
        }
        for r in corpus.references.get(i).map_or(&[][..], Vec::as_slice) {
            // The quoted sentence comes from the linking document's body: its digest stands in
            // for the sentence (no string to hash).
            let body = corpus.documents.get(r.from).map(|d| d.body.digest);
            (keys.doc(r.from), r.passage, body).hash(h);
        }
        for &e in views.document_event_indices(i) {
            if corpus
                .events
                .get(e)
                .is_some_and(|e| e.kind != EventKind::Published)
            {
                keys.events.get(e).hash(h);
            }
        }
    })
}

/// A topic page: the topic, its family, its documents (entries and quoted passages), related
/// topics and events.
fn topic_print(views: &Views, keys: &Keys, t: usize) -> u64 {
    let corpus = views.corpus;
    let topic = &corpus.topics[t];
    hash_with(|h| {
        (
            keys.topic(t),
            &topic.description,
            &topic.aliases,
            &topic.parent,
        )
            .hash(h);
        for (other, candidate) in corpus.topics.iter().enumerate() {
            let family = topic.parent.as_deref() == Some(candidate.slug.as_str())
                || candidate.parent.as_deref() == Some(topic.slug.as_str());
            if family {
                (other, keys.topic(other)).hash(h);
            }
        }
        let quoted = views.config.topics.quoted_documents;
        for (n, filed) in topic.documents.iter().enumerate() {
            if n >= quoted {
                keys.doc(filed.doc).hash(h);
                continue;
            }
            let summary = keys.summaries.get(filed.doc);
            (summary, filed.declared, &filed.key_passages).hash(h);
            filed.mentions.len().hash(h);
            let Some(doc) = corpus.documents.get(filed.doc) else {
                continue;
            };
            for &p in &filed.key_passages {
                if let Some(passage) = doc.body.passages.get(p) {
                    (&passage.text, passage.number).hash(h);
                }
                for m in filed.mentions.iter().filter(|m| m.passage == p) {
                    m.range.hash(h);
                }
            }
        }
        for r in &topic.related {
            (keys.topic(r.topic), r.shared, r.strength.to_bits()).hash(h);
        }
        for &e in views.topic_event_indices(t) {
            keys.events.get(e).hash(h);
        }
    })
}

/// `/topics/`: the groups (kind, suggested, name, count) and the map (related topics).
fn topics_index_print(corpus: &Corpus, keys: &Keys) -> u64 {
    hash_with(|h| {
        for (t, topic) in corpus.topics.iter().enumerate() {
            keys.topic(t).hash(h);
            for r in &topic.related {
                (r.topic, r.shared, r.strength.to_bits()).hash(h);
            }
        }
    })
}

/// `/topics.json`: every field of every topic, its documents' links and its related topics.
fn topics_json_print(corpus: &Corpus, keys: &Keys) -> u64 {
    hash_with(|h| {
        for topic in &corpus.topics {
            (&topic.slug, &topic.name, topic.kind, &topic.description).hash(h);
            (
                &topic.aliases,
                topic.curated,
                topic.declared,
                topic.suggested,
            )
                .hash(h);
            topic.parent.hash(h);
            for filed in &topic.documents {
                (keys.doc(filed.doc), filed.declared, &filed.key_passages).hash(h);
                for m in &filed.mentions {
                    m.passage.hash(h);
                }
            }
            for r in &topic.related {
                (r.topic, r.shared, r.strength.to_bits()).hash(h);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{analyze, AnalyzeOptions};
    use crate::config::SiteConfig;
    use crate::parse::parsed_for_tests as doc;

    const A: &str = "---\ntitle: Shipyards\ndate: 2024-03-01\ntopics: [Taiwan]\n---\nSubmarine shipyards expand. The navy signed a contract on 4 March 2024 for submarine hulls.\n";
    const B: &str = "---\ntitle: Hulls\ndate: 2024-02-01\ntopics: [Taiwan]\n---\nSubmarine hulls from [the shipyards](a.md) arrive on 4 March 2024 for the navy.\n";

    fn prints(a: &str, b: &str) -> (Fingerprints, Corpus) {
        let docs = vec![doc("a.md", a), doc("b.md", b)];
        let config = SiteConfig::default();
        let (corpus, _) = analyze(docs, &config, AnalyzeOptions::default()).unwrap();
        (Fingerprints::take(&Views::new(&config, &corpus)), corpus)
    }

    fn changed(before: &Fingerprints, after: &Fingerprints, corpus: &Corpus) -> Vec<Page> {
        let mut pages = before.changed_pages(after, corpus);
        pages.sort_by_key(|p| format!("{p:?}"));
        pages
    }

    #[test]
    fn a_title_shown_elsewhere_changes_those_pages() {
        let (before, _) = prints(A, B);
        let (after, corpus) = prints(&A.replace("title: Shipyards", "title: Yards"), B);
        let pages = changed(&before, &after, &corpus);
        let b = corpus.documents.iter().position(|d| d.slug == "b").unwrap();
        assert!(
            pages.contains(&Page::Document(b)),
            "b relates to a: {pages:?}"
        );
        assert!(pages.contains(&Page::Timeline), "{pages:?}");
        assert!(pages.contains(&Page::TopicsJson), "{pages:?}");
        assert!(pages.contains(&Page::Topic(0)), "{pages:?}");
    }

    #[test]
    fn same_corpus_same_prints_and_a_quoted_passage_counts() {
        let (before, _) = prints(A, B);
        let (again, corpus) = prints(A, B);
        assert!(changed(&before, &again, &corpus).is_empty());
        let (after, corpus) = prints(A, &B.replace("for the navy", "for the Taiwan navy"));
        assert!(changed(&before, &after, &corpus).contains(&Page::Topic(0)));
    }
}
