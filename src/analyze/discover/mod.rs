//! Discovery: topics nobody curated, found in what the documents share.
//!
//! Two steps. [`extract::extract`] reads one document's prose and lists its central candidates
//! (concepts and names, see there); it is a pure function of the document, so [`DiscoverCache`]
//! keeps each result until the document's text changes. [`DiscoverCache::discover`] is the cheap
//! corpus step: it adds the lists up (updating last run's sum under `serve`), keeps what at least two documents centre on and no more than
//! half do, drops generic words, common English (the background table in `lexicon`), the
//! site's and publishers' own names and names the known topics cover, merges variants
//! (`merge`: stems, case, acronym and expansion, person names), drops a candidate that is
//! (nearly) always part of a longer one, and ranks the rest: documents first, then how
//! specific the kind is, then mentions.

pub(crate) mod extract;
mod lexicon;
mod merge;
mod slug;
mod words;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

pub(crate) use extract::{DocTerms, Kind};

use super::matching::Matcher;
use super::memo::{PerDocument, WholeDocument};
use super::topics::{known_names, Declared, SuggestedTopic};
use crate::config::TopicsConfig;
use crate::parse::slug::slugify;
use crate::parse::Document;

/// One discovered topic.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovered {
    pub name: String,
    pub slug: String,
    pub kind: Kind,
    /// Every spelling it is detected by, its name first.
    pub aliases: Vec<String>,
    /// Documents that centre on it (indices into the documents), in corpus order: the ones
    /// filing files under it.
    pub documents: Vec<usize>,
    /// Documents that use it at all.
    pub seen: usize,
    pub mentions: usize,
    /// Up to three places where it occurs, from different documents: (document, passage
    /// index, byte range in the passage text).
    pub examples: Vec<(usize, usize, Range<usize>)>,
    pub score: f64,
    /// Among those a build publishes (set by `dossier topics`).
    pub published: bool,
}

/// What the corpus step needs besides the documents' candidates.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DiscoverOptions {
    /// The site's title: never a topic.
    pub site_title: String,
    /// The site's `base_url`: its host is never a topic ("digital.gov": "DigitalGov").
    pub base_url: String,
    /// Names, aliases or slugs that are never discovered (`[topics] exclude`).
    pub exclude: Vec<String>,
    /// The curated and declared topics' names: a surname alone is not discovered next to a
    /// known topic with the full name ("Biden" next to a declared "Joe Biden").
    pub known: Vec<String>,
}

/// The published count when `[topics] discover` is not set: grows with the corpus' size.
pub(crate) fn default_cap(documents: usize) -> usize {
    ((documents as f64).sqrt() * 8.0).clamp(25.0, 200.0) as usize
}

/// Each document's candidates from the last run, for `dossier serve` (a build uses a new one):
/// extraction is a per-document step of the generic memo, keyed by the document alone.
#[derive(Default)]
pub(crate) struct DiscoverCache {
    terms: PerDocument<Arc<DocTerms>>,
    /// The last run's candidates added up, with each document's candidates.
    last: Option<Extracted>,
    /// How many documents' candidates were added up again (for tests).
    pub(crate) added: usize,
    /// The known topics' matcher and names, with the print of the declarations and the
    /// config they were made from.
    known: Option<(u64, TopicsConfig, Arc<Matcher>, Vec<String>)>,
    /// Which `known` this is (counted up each time it is made again), for `found`'s key.
    known_generation: u64,
    /// Whether the known topics cover an alias, for the known topics above.
    covered: foldhash::HashMap<String, bool>,
    /// The last corpus step's result and what it was made from besides the aggregate: made
    /// again only when the aggregate changed or the key did (shared with the caller, not
    /// copied: at 10,000 documents the list with its documents is megabytes).
    found: Option<(FoundKey, Arc<Vec<Discovered>>)>,
    /// How many times the corpus step ran (for tests).
    pub(crate) corpus_steps: usize,
}

/// What the corpus step reads besides the aggregate: the known topics' matcher (by
/// generation), the number of documents and the options.
#[derive(Debug, Clone, PartialEq)]
struct FoundKey {
    known: u64,
    documents: usize,
    options: DiscoverOptions,
}

impl DiscoverCache {
    /// [`known_names`] of these documents, made again only when some document's declared
    /// topics or the config changed.
    pub(crate) fn known_names(
        &mut self,
        declared: &Declared,
        config: &TopicsConfig,
    ) -> (Arc<Matcher>, Vec<String>) {
        let (documents, print) = (declared.documents, declared.print);
        match &self.known {
            Some((p, c, matcher, names)) if *p == print && c == config => {
                (matcher.clone(), names.clone())
            }
            _ => {
                let (matcher, names) = known_names(documents, config);
                let matcher = Arc::new(matcher);
                self.covered.clear();
                self.known_generation += 1;
                self.known = Some((print, config.clone(), matcher.clone(), names.clone()));
                (matcher, names)
            }
        }
    }

    /// Every document's candidates, extracted anew only where the document changed.
    pub(crate) fn terms(&mut self, documents: &[Document]) -> Vec<Arc<DocTerms>> {
        let inputs: Vec<WholeDocument> = documents.iter().map(WholeDocument).collect();
        self.terms
            .refresh(&inputs, |input| Arc::new(extract::extract(input.0)));
        self.terms.all().cloned().collect()
    }

    /// Discovered topics over `documents`, best first, leaving out what `existing` (the known
    /// topics' matcher) names. Updates the last run's aggregate where the documents are those
    /// it was made from, in the same order (only the changed documents' candidates are taken
    /// out and added again); a new cache (a build) adds every document up.
    pub(crate) fn discover(
        &mut self,
        documents: &[Document],
        existing: &Matcher,
        options: &DiscoverOptions,
    ) -> Vec<Discovered> {
        let declared = Declared::of(documents);
        Arc::unwrap_or_clone(self.discover_shared(&declared, existing, options))
    }

    /// [`DiscoverCache::discover`], shared with the cache (what the analysis reads after each
    /// edit: when nothing added up differently, the kept list itself).
    pub(crate) fn discover_shared(
        &mut self,
        declared: &Declared,
        existing: &Matcher,
        options: &DiscoverOptions,
    ) -> Arc<Vec<Discovered>> {
        let documents = declared.documents;
        let terms = self.terms(documents);
        // The same content paths in the same order (by their print, made once per analysis).
        let paths = declared.paths;
        let same_order = self
            .last
            .as_ref()
            .is_some_and(|last| last.paths == paths && last.terms.len() == documents.len());
        let mut aggregate_changed = true;
        let (mut aggregate, kept) = match self.last.take() {
            Some(Extracted {
                mut aggregate,
                terms: mut last,
                ..
            }) if same_order => {
                let read_again = (0..terms.len()).filter(|&d| !Arc::ptr_eq(&last[d], &terms[d]));
                // A document read again with the same candidates (its title or a date edited,
                // a word typed outside any candidate) changes no tally.
                let (same, changed): (Vec<usize>, Vec<usize>) =
                    read_again.partition(|&d| *last[d] == *terms[d]);
                for d in same {
                    last[d] = terms[d].clone();
                }
                aggregate_changed = !changed.is_empty();
                for &d in &changed {
                    aggregate.remove(d, &last[d], &terms);
                }
                for &d in &changed {
                    aggregate.add(d, &terms[d]);
                    last[d] = terms[d].clone();
                }
                self.added += changed.len();
                (aggregate, last)
            }
            _ => {
                let mut aggregate = Aggregate::default();
                for (d, doc_terms) in terms.iter().enumerate() {
                    aggregate.add(d, doc_terms);
                }
                self.added += terms.len();
                (aggregate, terms)
            }
        };
        let ours = self
            .known
            .as_ref()
            .is_some_and(|k| std::ptr::eq(&*k.2, existing));
        let key = ours.then(|| FoundKey {
            known: self.known_generation,
            documents: documents.len(),
            options: options.clone(),
        });
        let found = match (&self.found, &key) {
            (Some((last_key, found)), Some(key)) if !aggregate_changed && last_key == key => {
                found.clone()
            }
            _ => {
                Arc::new(self.corpus_step(documents.len(), &mut aggregate, existing, ours, options))
            }
        };
        self.found = key.map(|key| (key, found.clone()));
        self.last = Some(Extracted {
            aggregate,
            paths,
            terms: kept,
        });
        found
    }

    /// [`discover_from`] with the kept memo of which aliases the known topics cover (`ours`:
    /// `existing` is the matcher made here; otherwise nothing kept applies).
    fn corpus_step(
        &mut self,
        documents: usize,
        aggregate: &mut Aggregate,
        existing: &Matcher,
        ours: bool,
        options: &DiscoverOptions,
    ) -> Vec<Discovered> {
        self.corpus_steps += 1;
        let mut covered = std::mem::take(&mut self.covered);
        if !ours || covered.len() > 100_000 {
            covered.clear();
        }
        let found = discover_from(documents, aggregate, existing, &mut covered, options);
        self.covered = covered;
        found
    }
}

/// The last run's candidates added up, with each document's candidates in corpus order and a
/// print of the documents' content paths in that order.
struct Extracted {
    aggregate: Aggregate,
    paths: u64,
    terms: Vec<Arc<DocTerms>>,
}

/// One candidate added up over the corpus.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tally {
    pub count: u32,
    /// Documents that centre on it, ascending.
    pub docs: Vec<usize>,
    /// Documents that use it at all (names only; concepts are kept where central), ascending.
    pub seen: Vec<usize>,
    /// Documents where it is written after a title ("President Joe Biden").
    pub person: u32,
    /// Uses as the head of a noun phrase (see `extract::DocTerm::head_uses`).
    pub head_uses: u32,
    /// Uses as a verb (see `extract::DocTerm::verb_uses`).
    pub verb_uses: u32,
    pub surfaces: foldhash::HashMap<String, u32>,
    pub examples: Vec<(usize, usize, Range<usize>)>,
}

impl Tally {
    /// Two tallies of one candidate as one.
    fn joined(mut self, other: Tally) -> Tally {
        self.count += other.count;
        self.person += other.person;
        self.head_uses += other.head_uses;
        self.verb_uses += other.verb_uses;
        for (list, more) in [(&mut self.docs, other.docs), (&mut self.seen, other.seen)] {
            list.extend(more);
            list.sort_unstable();
            list.dedup();
        }
        for (surface, n) in other.surfaces {
            *self.surfaces.entry(surface).or_default() += n;
        }
        self.examples.extend(other.examples);
        self.examples.sort_by_key(|e| e.0);
        self.examples.dedup_by_key(|e| e.0);
        self.examples.truncate(3);
        self
    }

    /// The most used spelling (ties: the shorter, then the first in order).
    pub(crate) fn best_surface(&self) -> String {
        self.surfaces
            .iter()
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then(b.0.len().cmp(&a.0.len()))
                    .then(b.0.cmp(a.0))
            })
            .map(|(s, _)| s.clone())
            .unwrap_or_default()
    }
}

pub(crate) type Key = (Kind, String);
/// Every candidate's tally, by key.
pub(crate) type Tallies = foldhash::HashMap<Key, Tally>;

/// The corpus step over the candidates added up.
fn discover_from(
    documents: usize,
    aggregate: &mut Aggregate,
    existing: &Matcher,
    covered_memo: &mut foldhash::HashMap<String, bool>,
    options: &DiscoverOptions,
) -> Vec<Discovered> {
    let twins = fold_acronym_twins(&mut aggregate.tallies);
    let tallies = &aggregate.tallies;
    let rejected = RejectedNames::new(aggregate, documents, options);
    let enclosing = enclosing_uses(tallies);
    let qualified: Vec<Key> = {
        let mut keys: Vec<Key> = tallies
            .iter()
            .filter(|(key, tally)| qualifies(key, tally, tallies, documents, &rejected, &enclosing))
            .map(|(key, _)| key.clone())
            .collect();
        keys.sort();
        keys
    };
    let groups = merge::group(&qualified, tallies, &aggregate.expansions);
    unfold_acronym_twins(&mut aggregate.tallies, twins);
    let mut found: Vec<Discovered> = groups
        .into_iter()
        .filter(|d| {
            !covered(d, existing, covered_memo)
                && !excluded(d, &options.exclude)
                && !rejected.names_topic(d)
        })
        .collect();
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.slug.cmp(&b.slug)));
    let mut seen = std::collections::HashSet::new();
    found.retain(|d| !d.slug.is_empty() && seen.insert(d.slug.clone()));
    found
}

/// Every candidate of every document added up, and every acronym's expansions with counts;
/// kept by [`DiscoverCache`] and updated by taking an edited document's old candidates out
/// and putting its new ones in.
#[derive(Default)]
struct Aggregate {
    tallies: Tallies,
    expansions: HashMap<String, HashMap<String, u32>>,
    /// Every publisher and author, with how many documents credit them.
    credits: HashMap<String, u32>,
    /// Every linked host, with how many documents link to it.
    hosts: HashMap<String, u32>,
}

/// Adds one to each name's count.
fn count_in(counts: &mut HashMap<String, u32>, names: &[String]) {
    for name in names {
        *counts.entry(name.clone()).or_default() += 1;
    }
}

/// Takes one off each name's count (a name counted by no document goes).
fn count_out(counts: &mut HashMap<String, u32>, names: &[String]) {
    for name in names {
        if let Some(n) = counts.get_mut(name) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                counts.remove(name);
            }
        }
    }
}

impl Aggregate {
    /// Adds document `d`'s candidates.
    fn add(&mut self, d: usize, doc_terms: &DocTerms) {
        count_in(&mut self.credits, &doc_terms.credits);
        count_in(&mut self.hosts, &doc_terms.hosts);
        for term in &doc_terms.terms {
            if !self.tallies.contains_key(&term.key) {
                self.tallies.insert(term.key.clone(), Tally::default());
            }
            let Some(tally) = self.tallies.get_mut(&term.key) else {
                continue;
            };
            tally.count += term.count;
            insert_sorted(&mut tally.seen, d);
            tally.person += u32::from(term.person);
            tally.head_uses += term.head_uses;
            tally.verb_uses += term.verb_uses;
            if term.central {
                insert_sorted(&mut tally.docs, d);
            }
            for (surface, n) in &term.surfaces {
                match tally.surfaces.get_mut(surface) {
                    Some(count) => *count += n,
                    None => {
                        tally.surfaces.insert(surface.clone(), *n);
                    }
                }
            }
            if let Some((p, range)) = &term.example {
                let at = tally.examples.partition_point(|e| e.0 < d);
                if at < 3 {
                    tally.examples.insert(at, (d, *p, range.clone()));
                    tally.examples.truncate(3);
                }
            }
        }
        for e in &doc_terms.expansions {
            *self
                .expansions
                .entry(e.acronym.clone())
                .or_default()
                .entry(e.surface.clone())
                .or_default() += 1;
        }
    }

    /// Takes document `d`'s candidates out again (`all`: every document's, as they are now,
    /// to find the examples that take the place of `d`'s).
    fn remove(&mut self, d: usize, doc_terms: &DocTerms, all: &[Arc<DocTerms>]) {
        count_out(&mut self.credits, &doc_terms.credits);
        count_out(&mut self.hosts, &doc_terms.hosts);
        for term in &doc_terms.terms {
            let Some(tally) = self.tallies.get_mut(&term.key) else {
                continue;
            };
            remove_sorted(&mut tally.seen, d);
            if tally.seen.is_empty() {
                self.tallies.remove(&term.key);
                continue;
            }
            tally.count = tally.count.saturating_sub(term.count);
            tally.person = tally.person.saturating_sub(u32::from(term.person));
            tally.head_uses = tally.head_uses.saturating_sub(term.head_uses);
            tally.verb_uses = tally.verb_uses.saturating_sub(term.verb_uses);
            if term.central {
                remove_sorted(&mut tally.docs, d);
            }
            for (surface, n) in &term.surfaces {
                if let Some(count) = tally.surfaces.get_mut(surface) {
                    *count = count.saturating_sub(*n);
                    if *count == 0 {
                        tally.surfaces.remove(surface);
                    }
                }
            }
            if tally.examples.iter().any(|e| e.0 == d) {
                tally.examples = examples_of(&term.key, &tally.seen, all, d);
            }
        }
        for e in &doc_terms.expansions {
            let Some(surfaces) = self.expansions.get_mut(&e.acronym) else {
                continue;
            };
            if let Some(count) = surfaces.get_mut(&e.surface) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    surfaces.remove(&e.surface);
                }
            }
            if surfaces.is_empty() {
                self.expansions.remove(&e.acronym);
            }
        }
    }
}

/// The first three examples of a candidate among the documents that use it, leaving out
/// document `skip`.
fn examples_of(
    key: &Key,
    seen: &[usize],
    all: &[Arc<DocTerms>],
    skip: usize,
) -> Vec<(usize, usize, Range<usize>)> {
    seen.iter()
        .filter(|&&d| d != skip)
        .filter_map(|&d| {
            let term = all.get(d)?.terms.iter().find(|t| t.key == *key)?;
            let (p, range) = term.example.as_ref()?;
            Some((d, *p, range.clone()))
        })
        .take(3)
        .collect()
}

fn insert_sorted(list: &mut Vec<usize>, d: usize) {
    // A build adds the documents in order: most go at the end.
    if list.last().map_or(true, |&last| last < d) {
        list.push(d);
    } else if let Err(at) = list.binary_search(&d) {
        list.insert(at, d);
    }
}

fn remove_sorted(list: &mut Vec<usize>, d: usize) {
    if let Ok(at) = list.binary_search(&d) {
        list.remove(at);
    }
}

/// "QUAD" and "Quad" are one candidate: an acronym's tally goes into the capitalised name's
/// of the same letters (or the other way round when the acronym is used more). Returns the
/// tallies joined, for [`unfold_acronym_twins`] to put back.
fn fold_acronym_twins(tallies: &mut Tallies) -> Vec<(String, Tally, Tally)> {
    let mut twins: Vec<String> = tallies
        .keys()
        .filter(|(kind, key)| {
            *kind == Kind::Acronym && tallies.contains_key(&(Kind::Name, key.clone()))
        })
        .map(|(_, key)| key.clone())
        .collect();
    twins.sort();
    let mut joined = Vec::new();
    for key in twins {
        let (Some(acronym), Some(name)) = (
            tallies.remove(&(Kind::Acronym, key.clone())),
            tallies.remove(&(Kind::Name, key.clone())),
        ) else {
            continue;
        };
        let kind = if acronym.count > name.count {
            Kind::Acronym
        } else {
            Kind::Name
        };
        tallies.insert((kind, key.clone()), acronym.clone().joined(name.clone()));
        joined.push((key, acronym, name));
    }
    joined
}

/// The twins' own tallies back in place of the joined ones.
fn unfold_acronym_twins(tallies: &mut Tallies, twins: Vec<(String, Tally, Tally)>) {
    for (key, acronym, name) in twins {
        tallies.remove(&(Kind::Acronym, key.clone()));
        tallies.remove(&(Kind::Name, key.clone()));
        tallies.insert((Kind::Acronym, key.clone()), acronym);
        tallies.insert((Kind::Name, key), name);
    }
}

/// Whether a candidate can be a topic on its own evidence.
fn qualifies(
    key: &Key,
    tally: &Tally,
    tallies: &Tallies,
    total: usize,
    rejected: &RejectedNames,
    enclosing: &HashMap<String, u32>,
) -> bool {
    let (central, seen) = (tally.docs.len(), tally.seen.len());
    // Shared: concepts central to two documents; names central to one and used in another.
    let shared = match key.0 {
        Kind::Concept => central >= 2,
        _ => central >= 1 && seen >= 2,
    };
    // Boilerplate: in more than half of the documents; in a small corpus (where half is a
    // weak signal), names and single words central to more than half, and anything in every
    // document.
    let narrow = key.0 != Kind::Concept || !key.1.contains(' ');
    let everywhere = if total >= 10 {
        seen * 2 > total || central * 2 > total
    } else {
        (total >= 3 && seen == total) || (total >= 5 && narrow && central * 2 > total)
    };
    if !shared || everywhere || rejected.names(&key.1) {
        return false;
    }
    let words: Vec<&str> = key.1.split(' ').collect();
    // A genre: as a concept, or as a name the documents also write in lower case ("Case
    // Study" in headings, "case study" in prose; "Washington Post" stays a name).
    let genre = match key.0 {
        Kind::Concept => names_a_genre(&tally.best_surface()),
        Kind::Name => {
            names_a_genre(&key.1)
                && tallies.contains_key(&merge::concept_key(&key.1, &lexicon::stemmer()))
        }
        Kind::Acronym => false,
    };
    if genre {
        return false;
    }
    match key.0 {
        Kind::Acronym => true,
        // A single word (or hyphenated compound) must be a noun often enough: a third of its
        // uses head a noun phrase ("short-term" modifies) ...
        Kind::Concept if one_word(tally) && !heads_often_enough(tally) => false,
        Kind::Concept if one_word(tally) && !bursty(tally) => false,
        // ... and used after "to" or a modal less often than that ("to allocate").
        Kind::Concept if one_word(tally) && tally.verb_uses > tally.head_uses => false,
        // ... and a phrase ending in a verb ("users interact") is a clause, not a subject.
        Kind::Concept if tally.verb_uses * 2 > tally.count => false,
        Kind::Concept if all_generic(&tally.best_surface()) => false,
        Kind::Concept => concept_is_specific(&tally.best_surface().to_lowercase()),
        Kind::Name if words.len() == 1 => {
            let stem = extract::inflection_key(&lexicon::stemmer(), words[0]);
            let lower = tallies.get(&(Kind::Concept, stem)).map_or(0, |t| t.count);
            !lexicon::is_generic(words[0]) && lower * 4 <= tally.count
        }
        Kind::Name => {
            let within = enclosing.get(&key.1).copied().unwrap_or(0);
            whole_name_is_used(&words, tally.count + within, tallies)
        }
    }
}

/// A single word heads a noun phrase in a third of its uses; a word rarer than common
/// English ("governance") in a sixth, or in any share when a noun's suffix shows it is one
/// ("usability"), when it heads three times as often as it is used as a verb: such a noun is
/// often a compound's modifier ("usability testing"), and an adjective or verb that rare
/// still seldom heads ("data-driven", "analyze").
fn heads_often_enough(tally: &Tally) -> bool {
    if tally.head_uses * 3 >= tally.count {
        return true;
    }
    let word = tally.best_surface().to_lowercase();
    let rare = lexicon::lemma_rank(&word).is_none();
    let heads = tally.head_uses * 6 >= tally.count || lexicon::has_noun_suffix(&word);
    rare && heads && tally.verb_uses * 3 <= tally.head_uses
}

/// A subject is used again and again where it is used at all: a single word central to ten
/// documents or more but used there hardly more than twice each (fewer than 2.2 uses a
/// document) is mentioned in passing or in a heading ("Colleagues", "Anytime", "Define").
/// Below ten documents the average says little, and every word passes.
fn bursty(tally: &Tally) -> bool {
    let documents = tally.docs.len() as u64;
    documents < 10 || u64::from(tally.count) * 5 >= documents * 11
}

/// A single word or a hyphenated compound ("data-driven"), however written: a phrase also
/// spelt with a hyphen ("defense industry", "defense-industrial") is a phrase.
fn one_word(tally: &Tally) -> bool {
    tally
        .surfaces
        .keys()
        .all(|surface| !surface.contains(char::is_whitespace))
}

/// "Joint statement", "case study", "Agency stories": a phrase headed by a kind of document
/// (`lexicon::is_document_genre`) whose other words are all common English or generic names
/// the form the documents take, not what they are about ("usability study" keeps its rare
/// word and stays a subject; a single word is judged as a word, see [`concept_is_specific`]).
fn names_a_genre(surface: &str) -> bool {
    let words: Vec<String> = surface
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !lexicon::INNER_CONNECTORS.contains(&w.as_str()))
        .collect();
    let Some((head, modifiers)) = words.split_last() else {
        return false;
    };
    !modifiers.is_empty()
        && lexicon::is_document_genre(&extract::singular(head))
        && modifiers.iter().all(|w| {
            lexicon::is_generic(w)
                || lexicon::lemma_rank(w).is_some_and(|r| r < lexicon::COMMON_SINGLE)
        })
}

/// "prime minister", "the article": a phrase of generic words only.
fn all_generic(surface: &str) -> bool {
    surface
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .all(|w| {
            let w = w.to_lowercase();
            lexicon::is_generic(&w) || lexicon::INNER_CONNECTORS.contains(&w.as_str())
        })
}

/// A concept specific enough: a single word rarer than common English (its singular too:
/// "technologies" is as common as "technology") and no noun of a common verb
/// ("implementation", "usage", "providers": see `lexicon::common_verb_noun`) or adjective
/// ("capabilities": `lexicon::common_adjective_noun`), or a phrase not made only of very common
/// words.
fn concept_is_specific(surface: &str) -> bool {
    let words: Vec<&str> = surface
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && !lexicon::INNER_CONNECTORS.contains(w))
        .collect();
    match words.as_slice() {
        [] => false,
        [word] => {
            word.chars().count() >= 4
                && !lexicon::is_generic(word)
                && (!lexicon::is_modifier_form(word) || rare_gerund(word))
                && lexicon::common_verb_noun(word).is_none()
                && lexicon::common_adjective_noun(word).is_none()
                && lexicon::lemma_rank(word).map_or(true, |r| r >= lexicon::COMMON_SINGLE)
        }
        // "rules-based", "most widely": a modifier is no subject.
        [.., last] if last.ends_with("ed") || last.ends_with("ly") => false,
        _ => words.iter().any(|w| {
            lexicon::background_rank(w).map_or(true, |r| r >= lexicon::COMMON_PHRASE_WORD)
        }),
    }
}

/// "crowdsourcing", "onboarding": an "-ing" word rarer than common English, which (heading
/// noun phrases often enough, see [`heads_often_enough`]) names an activity; a common one
/// ("emerging", "increasing") is a modifier or a verb.
pub(crate) fn rare_gerund(word: &str) -> bool {
    word.ends_with("ing") && lexicon::background_rank(word).is_none()
}

/// A name joined by "and"/"to"/"on"/"in" is one name only when one of its parts is (nearly,
/// as [`merge`] drops nested names: 70% of its uses) never used outside it ("Ministry of
/// Electronics and Information Technology", "National Oceanic and Atmospheric Administration"
/// though a longer name holds "Atmospheric Administration" too); "Kishida and Biden" is two,
/// and so is "US and Japanese" (a part that is no name on its own). `count`: the name's uses,
/// with those inside longer names ("Health and Human Services" in "Department of Health and
/// Human Services", where its part "Human Services" is counted too).
fn whole_name_is_used(words: &[&str], count: u32, tallies: &Tallies) -> bool {
    if !words.iter().any(|w| lexicon::WEAK_CONNECTORS.contains(w)) {
        return true;
    }
    let parts: Vec<&[&str]> = words
        .split(|w| lexicon::WEAK_CONNECTORS.contains(w))
        .filter(|part| !part.is_empty())
        .collect();
    let generic_part = parts.iter().any(|part| {
        matches!(part, [word] if lexicon::is_generic(word) || lexicon::GENERIC_ACRONYMS.contains(word))
    });
    !generic_part
        && parts.iter().any(|part| {
            let key = part.join(" ");
            let uses = [Kind::Name, Kind::Acronym]
                .iter()
                .filter_map(|kind| tallies.get(&(*kind, key.clone())))
                .map(|t| t.count)
                .max()
                .unwrap_or(0);
            uses * 7 <= count * 10
        })
}

/// For each name joined by "and"/"to"/"on"/"in", the uses of the longer such names that hold
/// it ("Department of Health and Human Services" holds "Health and Human Services"): a run of
/// words is counted as its longest name only (and its parts at those connectors).
fn enclosing_uses(tallies: &Tallies) -> HashMap<String, u32> {
    let joined = |key: &str| {
        key.split(' ')
            .any(|w| lexicon::WEAK_CONNECTORS.contains(&w))
    };
    let names: HashMap<&str, u32> = tallies
        .iter()
        .filter(|((kind, key), _)| *kind == Kind::Name && joined(key))
        .map(|((_, key), tally)| (key.as_str(), tally.count))
        .collect();
    let mut within: HashMap<String, u32> = HashMap::new();
    for (&key, &count) in &names {
        let words: Vec<&str> = key.split(' ').collect();
        for start in 0..words.len() {
            for end in start + 1..=words.len() {
                if end - start == words.len() {
                    continue;
                }
                let sub = words[start..end].join(" ");
                if names.contains_key(sub.as_str()) {
                    *within.entry(sub).or_default() += count;
                }
            }
        }
    }
    within
}

/// The site's own name, its publishers' and authors' names (credits, not subjects), and the
/// surnames of known people, which are never discovered.
struct RejectedNames {
    keys: std::collections::HashSet<String>,
    /// The site's own hosts, letters and digits only ("digitalgov").
    hosts: Vec<String>,
}

impl RejectedNames {
    fn new(aggregate: &Aggregate, total: usize, options: &DiscoverOptions) -> RejectedNames {
        let mut keys = std::collections::HashSet::new();
        let mut names: Vec<&str> = aggregate.credits.keys().map(String::as_str).collect();
        names.push(&options.site_title);
        let mut people: Vec<&str> = names.clone();
        people.extend(options.known.iter().map(String::as_str));
        for person in people {
            let words: Vec<&str> = person.split_whitespace().collect();
            let capitalised = words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
            if (2..=4).contains(&words.len()) && capitalised {
                if let Some(surname) = words.last() {
                    keys.insert(surname.to_lowercase());
                }
            }
        }
        names.extend(options.known.iter().map(String::as_str));
        for name in names {
            let words: Vec<String> = crate::analyze::matching::tokenize(name)
                .into_iter()
                .map(|t| t.norm.into_owned())
                .collect();
            if words.is_empty() {
                continue;
            }
            let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
            if words.len() >= 2 {
                keys.insert(initials);
            }
            keys.insert(words.join(" "));
        }
        let mut hosts: Vec<String> = host(&options.base_url).into_iter().collect();
        hosts.extend(linked_homes(&aggregate.hosts, total));
        hosts.retain(|h| h != "exampleorg" && h != "examplecom" && !h.is_empty());
        RejectedNames { keys, hosts }
    }

    /// Whether a candidate's key (words joined by spaces) is a rejected name.
    fn names(&self, key: &str) -> bool {
        self.keys.contains(key)
            || self
                .hosts
                .iter()
                .any(|h| h.chars().eq(key.chars().filter(|c| c.is_alphanumeric())))
    }

    fn names_topic(&self, d: &Discovered) -> bool {
        let key = |s: &str| {
            crate::analyze::matching::tokenize(s)
                .into_iter()
                .map(|t| t.norm.into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        };
        self.names(&key(&d.name))
    }
}

/// A URL's host without `www.`, letters and digits only: "https://www.digital.gov/x" gives
/// "digitalgov".
fn host(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', ':', '?', '#']).next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    Some(host.chars().filter(|c| c.is_alphanumeric()).collect())
}

/// The site's own brand when its title does not name it: the hosts a tenth of the documents
/// (and two) link to (a site links to its own pages by absolute URL: "https://digital.gov/
/// guides/"; a file host such as s3.amazonaws.com may be as common, and names no topic).
fn linked_homes(hosts: &HashMap<String, u32>, total: usize) -> Vec<String> {
    let mut homes: Vec<String> = hosts
        .iter()
        .filter(|(_, &n)| n >= 2 && n as usize * 10 >= total)
        .map(|(h, _)| h.clone())
        .collect();
    homes.sort();
    homes
}

/// A known topic already names it (its name or an alias, all of it).
/// (`memo`: what was found for each alias with this matcher before.)
fn covered(d: &Discovered, existing: &Matcher, memo: &mut foldhash::HashMap<String, bool>) -> bool {
    d.aliases.iter().any(|alias| {
        if let Some(&found) = memo.get(alias) {
            return found;
        }
        let found = existing
            .find(alias)
            .iter()
            .any(|m| m.range.end - m.range.start >= alias.len().saturating_sub(1));
        memo.insert(alias.clone(), found);
        found
    })
}

/// `[topics] exclude` names it, by slug, name or alias (case ignored).
fn excluded(d: &Discovered, exclude: &[String]) -> bool {
    exclude.iter().any(|x| {
        let x = x.trim();
        slugify(x) == d.slug || d.aliases.iter().any(|a| a.eq_ignore_ascii_case(x))
    })
}

/// The top `count` discoveries as topics to publish.
pub(crate) fn suggestions(found: &[Discovered], count: usize) -> Vec<SuggestedTopic> {
    found
        .iter()
        .take(count)
        .map(|d| SuggestedTopic {
            slug: d.slug.clone(),
            name: d.name.clone(),
            aliases: d.aliases.clone(),
            capitalised: d.kind == Kind::Name,
        })
        .collect()
}

#[cfg(test)]
mod tests;
