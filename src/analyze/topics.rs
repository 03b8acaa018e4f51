//! Topics: curated in the config, declared in front matter, detected in passages, merged by slug.
//!
//! [`build`] first gathers every topic that exists (curated `[topics.<slug>]` tables, names
//! declared in front matter, and any discovered topics the caller adds), merging names that
//! slugify alike. Then one [`Matcher`] over all titles and aliases scans every passage of every
//! document (in parallel), skipping inline code and link text, and records each mention. A
//! document is filed under a topic when it declares it, when the topic is mentioned at least
//! `threshold` times, or once in its title, summary or a heading. Finally each topic gets its
//! documents' key passages (most mentions first) and the topics that travel with it.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::matching::{Match, Matcher};
use super::memo::{PerDocument, WholeDocument};
use crate::config::{TopicKind, TopicsConfig};
use crate::error::Diagnostic;
use crate::parse::body::Passage;
use crate::parse::slug::slugify;
use crate::parse::{Document, SummarySource};

/// A shared theme across documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub kind: TopicKind,
    /// The slug of a broader topic.
    pub parent: Option<String>,
    /// Every name the topic is detected by, its name first.
    pub aliases: Vec<String>,
    pub curated: bool,
    pub declared: bool,
    /// Found automatically by discovery (`analyze::discover`), not curated or declared.
    pub suggested: bool,
    /// The documents filed under the topic, in corpus order (newest first).
    pub documents: Vec<TopicDocument>,
    /// Topics that share documents with this one, strongest first.
    pub related: Vec<RelatedTopic>,
}

/// One document filed under a topic.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicDocument {
    /// Index into `Corpus::documents`.
    pub doc: usize,
    pub declared: bool,
    pub mentions: Vec<Mention>,
    /// Passage indices, best first (most mentions, then document order).
    pub key_passages: Vec<usize>,
}

impl TopicDocument {
    /// How many passages mention the topic.
    pub fn passage_count(&self) -> usize {
        let mut passages: Vec<usize> = self.mentions.iter().map(|m| m.passage).collect();
        passages.dedup();
        passages.len()
    }
}

/// One place a topic occurs: a passage (index into `body.passages`) and a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub passage: usize,
    pub range: Range<usize>,
}

/// A topic that travels with another: how many documents they share and how strongly they go
/// together (shared / √(docs of one × docs of the other), from 0 to 1).
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedTopic {
    pub topic: usize,
    pub shared: usize,
    pub strength: f64,
}

/// A topic found by discovery, to be published (marked as found automatically).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SuggestedTopic {
    /// Made by discovery, which keeps it while documents are added (`discover::slug`).
    pub slug: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// A name: its one-word aliases match capitalised words only ("Web", not "web pages").
    pub capitalised: bool,
}

/// All topics, the matcher that finds them, and what was noticed on the way.
pub(crate) struct TopicSet {
    pub topics: Vec<Topic>,
    pub matcher: Matcher,
    pub warnings: Vec<Diagnostic>,
    /// When the set was updated from the last one (see [`TopicsCache::recycle`]): the
    /// documents filed again; every other document is filed as before. `None`: built anew.
    pub refiled: Option<Vec<usize>>,
}

/// [`build`] with a new cache, as a build runs it (tests compare the cached runs with it).
#[cfg(test)]
pub(crate) fn build_fresh(
    documents: &[Document],
    config: &TopicsConfig,
    config_path: &std::path::Path,
    suggested: &[SuggestedTopic],
) -> Result<TopicSet, Vec<Diagnostic>> {
    build(
        &Declared::of(documents),
        config,
        config_path,
        suggested,
        &mut TopicsCache::default(),
    )
}

/// Builds every topic over the (already ordered) documents, reusing what `cache` kept of each
/// unchanged document's evidence (a build passes a new cache).
///
/// A discovered topic that files no document (every document it is central to reached its
/// cap of discovered topics) is not published: the set is built once more without it.
pub(crate) fn build(
    declared: &Declared,
    config: &TopicsConfig,
    config_path: &std::path::Path,
    suggested: &[SuggestedTopic],
    cache: &mut TopicsCache,
) -> Result<TopicSet, Vec<Diagnostic>> {
    let documents = declared.documents;
    let updates = cache.updates;
    cache.declared_print = declared.print;
    let set = build_passes(documents, config, config_path, suggested, cache)?;
    if cache.updates > updates {
        cache.refiled += 1;
    }
    Ok(set)
}

/// [`build`]: the set as asked for, then once more without the discovered topics that
/// file no document.
fn build_passes(
    documents: &[Document],
    config: &TopicsConfig,
    config_path: &std::path::Path,
    suggested: &[SuggestedTopic],
    cache: &mut TopicsCache,
) -> Result<TopicSet, Vec<Diagnostic>> {
    // The documents filed again by an update tried first (`Some(vec![])`: none tried).
    let tried = match cache.build_as_last(documents, config, config_path, suggested)? {
        Ok(set) => return Ok(set),
        Err(refiled) => refiled,
    };
    let mut set = build_once(documents, config, config_path, suggested, cache)?;
    set.refiled = union(tried, set.refiled);
    cache.record_first_pass(documents, &set.topics);
    let empty: Vec<&str> = set
        .topics
        .iter()
        .filter(|t| t.suggested && t.documents.is_empty())
        .map(|t| t.name.as_str())
        .collect();
    let kept: Vec<SuggestedTopic> = suggested
        .iter()
        .filter(|s| !empty.contains(&s.name.as_str()))
        .cloned()
        .collect();
    cache.request = Some((suggested.to_vec(), kept.clone()));
    if empty.is_empty() {
        return Ok(set);
    }
    let first = set.refiled;
    cache.recycle(set.topics);
    let mut second = build_once(documents, config, config_path, &kept, cache)?;
    second.refiled = union(first, second.refiled);
    Ok(second)
}

/// The documents two updates in a row filed again (`None`: every document).
fn union(first: Option<Vec<usize>>, second: Option<Vec<usize>>) -> Option<Vec<usize>> {
    let (mut a, b) = (first?, second?);
    a.extend(b);
    a.sort_unstable();
    a.dedup();
    Some(a)
}

/// One topic set for exactly these inputs: the recycled one updated, or built anew.
fn build_once(
    documents: &[Document],
    config: &TopicsConfig,
    config_path: &std::path::Path,
    suggested: &[SuggestedTopic],
    cache: &mut TopicsCache,
) -> Result<TopicSet, Vec<Diagnostic>> {
    let inputs = SetInputs {
        config: config.clone(),
        config_path: config_path.to_path_buf(),
        suggested: suggested.to_vec(),
    };
    if let Some(set) = cache.refile(documents, &inputs) {
        return Ok(set);
    }
    let (mut topics, warnings) = cache.registered(documents, &inputs)?;
    let slugs = DeclaredSlugs::new(documents);
    let capital = capital_flags(&topics, suggested);
    let matcher = Matcher::with_capitalised(&aliases_of(&topics), &capital);
    cache.gather(documents, names_of(&topics, &capital), &matcher);
    file_documents(&mut topics, documents, &cache.docs, config, &slugs);
    relate(&mut topics);
    cache.remember(documents, inputs, &warnings);
    Ok(TopicSet {
        topics,
        matcher,
        warnings,
        refiled: None,
    })
}

/// Every topic the inputs name (curated, declared, suggested), sorted by slug and filed under
/// no document yet, and the warnings on the way.
fn registered(
    documents: &[Document],
    inputs: &SetInputs,
    slugs: &DeclaredSlugs,
) -> Result<(Vec<Topic>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut registry = Registry::default();
    registry.add_curated(&inputs.config);
    registry.add_declared(documents, slugs)?;
    registry.add_suggested(&inputs.suggested);
    let mut warnings = std::mem::take(&mut registry.warnings);
    warnings.extend(registry.check_parents(&inputs.config_path));
    let mut topics = registry.topics;
    topics.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok((topics, warnings))
}

fn aliases_of(topics: &[Topic]) -> Vec<Vec<String>> {
    topics.iter().map(|t| t.aliases.clone()).collect()
}

/// Each topic's slug and aliases (those matching capitalised words only marked with
/// [`CAPITAL_ONLY`]): what the evidence's topic indices stand for.
fn names_of(topics: &[Topic], capital: &[bool]) -> Vec<(String, Vec<String>)> {
    topics
        .iter()
        .zip(capital)
        .map(|(t, &capital)| {
            let aliases = t
                .aliases
                .iter()
                .map(|a| match capital {
                    true => format!("{CAPITAL_ONLY}{a}"),
                    false => a.clone(),
                })
                .collect();
            (t.slug.clone(), aliases)
        })
        .collect()
}

/// Marks, in [`names_of`], an alias that matches capitalised words only.
const CAPITAL_ONLY: char = '\u{1}';

/// Which topics are discovered names (see [`SuggestedTopic::capitalised`]).
fn capital_flags(topics: &[Topic], suggested: &[SuggestedTopic]) -> Vec<bool> {
    let names: std::collections::HashSet<&str> = suggested
        .iter()
        .filter(|s| s.capitalised)
        .map(|s| s.name.as_str())
        .collect();
    topics
        .iter()
        .map(|t| t.suggested && names.contains(t.name.as_str()))
        .collect()
}

/// A matcher of every curated and declared topic's names (no filing): what discovery must
/// not find again; and the names themselves.
pub(crate) fn known_names(documents: &[Document], config: &TopicsConfig) -> (Matcher, Vec<String>) {
    let mut aliases: Vec<Vec<String>> = config
        .curated
        .iter()
        .map(|(key, curated)| {
            let mut names = vec![key.replace('-', " "), curated.title.clone()];
            names.extend(curated.aliases.iter().cloned());
            names
        })
        .collect();
    let mut declared: Vec<&String> = documents.iter().flat_map(|d| &d.declared_topics).collect();
    declared.sort_unstable();
    declared.dedup();
    aliases.extend(declared.into_iter().map(|name| vec![name.clone()]));
    let names = aliases.iter().flatten().cloned().collect();
    (Matcher::new(&aliases), names)
}

/// Most discovered topics one document is filed under (those with the most mentions, then
/// named in its title, summary or a heading): 8, and one more per 150 words of a long
/// document, up to 30. Curated and declared topics are not capped.
pub(crate) fn max_discovered_per_document(words: usize) -> usize {
    (words / 150).clamp(8, 30)
}

/// The variant key of a name: lowercase letters and digits only. Names with one slug and one
/// key are spellings of one topic; one slug with two keys is a collision.
fn variant_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Topics being gathered, with where each name came from.
#[derive(Default)]
struct Registry {
    topics: Vec<Topic>,
    by_slug: HashMap<String, usize>,
    /// Lowercased alias -> topic, so "C2" declared in front matter joins the curated topic.
    by_alias: HashMap<String, usize>,
    /// slug -> (variant key, spelling, where it came from)
    spellings: HashMap<String, (String, String, String)>,
    /// topic -> the first declared spelling and its file, to warn about other spellings.
    declared_as: HashMap<usize, (String, String)>,
    warnings: Vec<Diagnostic>,
}

impl Registry {
    fn insert(&mut self, topic: Topic) -> usize {
        let index = self.topics.len();
        self.by_slug.insert(topic.slug.clone(), index);
        for alias in &topic.aliases {
            self.by_alias.entry(alias.to_lowercase()).or_insert(index);
        }
        self.topics.push(topic);
        index
    }

    fn add_curated(&mut self, config: &TopicsConfig) {
        for (key, curated) in &config.curated {
            let slug = slugify(key);
            let name = if curated.title.trim().is_empty() {
                title_from_slug(key)
            } else {
                curated.title.trim().to_string()
            };
            let mut aliases = vec![name.clone()];
            for alias in &curated.aliases {
                if !alias.trim().is_empty()
                    && !aliases.iter().any(|a| a.eq_ignore_ascii_case(alias.trim()))
                {
                    aliases.push(alias.trim().to_string());
                }
            }
            self.spellings.insert(
                slug.clone(),
                (variant_key(&name), name.clone(), "site-config.toml".into()),
            );
            self.insert(Topic {
                slug,
                name,
                description: curated.description.clone(),
                kind: curated.kind,
                parent: curated.parent.as_deref().map(slugify),
                aliases,
                curated: true,
                ..Topic::empty()
            });
        }
    }

    fn add_declared(
        &mut self,
        documents: &[Document],
        slugs: &DeclaredSlugs,
    ) -> Result<(), Vec<Diagnostic>> {
        let mut errors = Vec::new();
        for doc in documents {
            for name in &doc.declared_topics {
                if let Err(e) = self.declare(name, slugs.of(name).into_owned(), doc) {
                    errors.push(e);
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Files a declared name under an existing topic (by alias or slug) or creates one.
    fn declare(&mut self, name: &str, slug: String, doc: &Document) -> Result<(), Diagnostic> {
        let index = match self.by_alias.get(&name.to_lowercase()) {
            Some(&index) => index,
            None => {
                self.check_collision(name, &slug, doc)?;
                match self.by_slug.get(&slug) {
                    Some(&index) => index,
                    None => self.insert(Topic {
                        slug,
                        name: name.to_string(),
                        aliases: vec![name.to_string()],
                        ..Topic::empty()
                    }),
                }
            }
        };
        self.note_spelling(index, name, doc);
        let topic = &mut self.topics[index];
        topic.declared = true;
        if !topic.aliases.iter().any(|a| a.eq_ignore_ascii_case(name)) {
            topic.aliases.push(name.to_string());
        }
        self.by_alias.entry(name.to_lowercase()).or_insert(index);
        Ok(())
    }

    /// Two different names (not mere case or punctuation variants) that slugify alike.
    fn check_collision(
        &mut self,
        name: &str,
        slug: &str,
        doc: &Document,
    ) -> Result<(), Diagnostic> {
        let key = variant_key(name);
        match self.spellings.get(slug) {
            Some((other_key, other_name, other_source)) if *other_key != key => Err(Diagnostic::new(
                &doc.path,
                format!("topic {name:?} and topic {other_name:?} (from {other_source}) would both be written to /topics/{slug}/"),
            )
            .hint("rename one of them, or make one an alias of the other in site-config.toml")),
            Some(_) => Ok(()),
            None => {
                self.spellings.insert(slug.to_string(), (key, name.to_string(), doc.path.display().to_string()));
                Ok(())
            }
        }
    }

    /// Warns when documents declare one topic under different spellings; curated names are
    /// the canonical list and never warn.
    fn note_spelling(&mut self, index: usize, name: &str, doc: &Document) {
        let topic = &self.topics[index];
        if topic.curated && topic.aliases.iter().any(|a| a == name) {
            return;
        }
        match self.declared_as.get(&index) {
            None => {
                self.declared_as
                    .insert(index, (name.to_string(), doc.path.display().to_string()));
            }
            Some((first, source)) if first != name => {
                let warning = Diagnostic::new(&doc.path, format!("topic {name:?} is filed under {first:?} (as spelt in {source}): same topic, other spelling"))
                    .hint(format!("spell it {first:?} everywhere, or add {name:?} to the topic's aliases in site-config.toml"));
                self.warnings.push(warning);
            }
            Some(_) => {}
        }
    }

    fn add_suggested(&mut self, suggested: &[SuggestedTopic]) {
        for s in suggested {
            let slug = s.slug.clone();
            if self.by_slug.contains_key(&slug)
                || self.by_alias.contains_key(&s.name.to_lowercase())
            {
                continue;
            }
            self.insert(Topic {
                slug,
                name: s.name.clone(),
                aliases: s.aliases.clone(),
                suggested: true,
                ..Topic::empty()
            });
        }
    }

    fn check_parents(&self, config_path: &std::path::Path) -> Vec<Diagnostic> {
        self.topics
            .iter()
            .filter_map(|t| {
                let parent = t.parent.as_ref()?;
                (!self.by_slug.contains_key(parent)).then(|| {
                    Diagnostic::new(
                        config_path,
                        format!(
                            "topic {:?} names parent {parent:?}, which is not a topic",
                            t.slug
                        ),
                    )
                    .hint("use the slug of a [topics.<slug>] table as `parent`")
                })
            })
            .collect()
    }
}

impl Topic {
    /// A declared topic filed under the given documents, for unit tests of later steps.
    #[cfg(test)]
    pub fn named_for_tests(name: &str, documents: &[usize]) -> Topic {
        Topic {
            slug: slugify(name),
            name: name.to_string(),
            aliases: vec![name.to_string()],
            declared: true,
            documents: documents
                .iter()
                .map(|&doc| TopicDocument {
                    doc,
                    declared: true,
                    mentions: Vec::new(),
                    key_passages: Vec::new(),
                })
                .collect(),
            ..Topic::empty()
        }
    }

    fn empty() -> Topic {
        Topic {
            slug: String::new(),
            name: String::new(),
            description: None,
            kind: TopicKind::Theme,
            parent: None,
            aliases: Vec::new(),
            curated: false,
            declared: false,
            suggested: false,
            documents: Vec::new(),
            related: Vec::new(),
        }
    }
}

fn title_from_slug(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What one document says about every topic: mentions in passages, and topics named in its
/// title, summary or headings.
#[derive(Clone)]
struct DocEvidence {
    /// topic -> mentions, in passage order (shared with the cache).
    mentions: Arc<Mentions>,
    prominent: Arc<[usize]>,
    /// How many words the document has (the cap on its discovered topics grows with it).
    words: usize,
    /// The hash of every token of its passages, title, summary and headings, ascending: an
    /// alias some of whose tokens are not here does not occur in the document.
    vocabulary: Arc<[u32]>,
    /// Every topic the matcher found in it, masked places included, with where: a passage
    /// index, or [`PROMINENT`] for its title, summary and headings (ascending). A topic not
    /// found in a text can go without changing what is found there. Topic indices are `u32`s
    /// (half the memory: a 10,000-document corpus has over a million pairs).
    matched: Arc<[(u32, u32)]>,
}

/// A document's mentions of each topic, in one flat list (a map of lists took a heap block
/// per topic and document, most holding one or two mentions: at 10,000 documents about
/// 890,000 lists at the topics step's peak).
struct Mentions {
    /// The topics mentioned, ascending.
    topics: Box<[usize]>,
    /// Where each topic's mentions start in `all` (they end where the next topic's start).
    starts: Box<[u32]>,
    /// Every topic's mentions, topic by topic, each topic's in passage order.
    all: Box<[Mention]>,
}

impl Mentions {
    /// The topics mentioned, ascending.
    fn keys(&self) -> impl Iterator<Item = usize> + '_ {
        self.topics.iter().copied()
    }

    /// The mentions of `topic` (`None` when it is not mentioned).
    fn get(&self, topic: usize) -> Option<&[Mention]> {
        let i = self.topics.binary_search(&topic).ok()?;
        Some(self.list(i))
    }

    /// Each topic mentioned, ascending, with its mentions.
    fn iter(&self) -> impl Iterator<Item = (usize, &[Mention])> + '_ {
        (0..self.topics.len()).map(|i| (self.topics[i], self.list(i)))
    }

    fn list(&self, i: usize) -> &[Mention] {
        let start = self.starts[i] as usize;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.all.len(), |&e| e as usize);
        &self.all[start..end]
    }
}

impl From<BTreeMap<usize, Vec<Mention>>> for Mentions {
    fn from(map: BTreeMap<usize, Vec<Mention>>) -> Mentions {
        let mut topics = Vec::with_capacity(map.len());
        let mut starts = Vec::with_capacity(map.len());
        let mut all = Vec::with_capacity(map.values().map(Vec::len).sum());
        for (topic, list) in map {
            topics.push(topic);
            starts.push(all.len() as u32);
            all.extend(list);
        }
        Mentions {
            topics: topics.into(),
            starts: starts.into(),
            all: all.into(),
        }
    }
}

/// [`DocEvidence::matched`] from (topic, text) pairs, sorted and without repeats.
fn packed_matches(mut matched: Vec<(usize, u32)>) -> Arc<[(u32, u32)]> {
    matched.sort_unstable();
    matched.dedup();
    matched
        .into_iter()
        .map(|(t, text)| (t as u32, text))
        .collect()
}

/// Where [`DocEvidence::matched`] notes a topic found in the title, summary or a heading.
const PROMINENT: u32 = u32::MAX;

/// Which of a document's texts a change of topics touches ([`Renumbering::touches`]).
enum Touched {
    /// None: its evidence is renumbered.
    Nothing,
    /// Only these passages (ascending), where a topic that went was found: they are searched
    /// again, the rest of the evidence renumbered.
    Passages(Vec<u32>),
    /// It is searched again.
    Whole,
}

/// One document's evidence, with what it was gathered from (`None`: nothing gathered yet).
#[derive(Default)]
struct Kept {
    rel_path: String,
    found: Option<(EvidenceKey, DocEvidence)>,
}

impl Kept {
    /// Whether this is the entry of `doc`: its path, or evidence gathered from the same inputs.
    fn is_of(&self, doc: &Document) -> bool {
        self.found.as_ref().is_some_and(|(key, _)| key.matches(doc))
            || self.rel_path == doc.rel_path
    }

    fn evidence(&self) -> Option<&DocEvidence> {
        self.found.as_ref().map(|(_, evidence)| evidence)
    }

    /// The evidence of `doc` under the topics `matcher` finds (`renumbering`: how they differ
    /// from the ones the kept evidence numbers): kept (renumbered), patched or gathered anew.
    /// True unless kept.
    fn refresh(
        &mut self,
        doc: &Document,
        renumbering: Option<&Renumbering>,
        matcher: &Matcher,
    ) -> bool {
        let (key, evidence) = match self.found.take() {
            Some((key, evidence)) if key.matches(doc) => match renumbering {
                None => {
                    self.found = Some((key, evidence));
                    return false;
                }
                Some(r) => match r.touches(doc, &evidence) {
                    Touched::Nothing => {
                        let renumbered = evidence.renumbered(&r.remap);
                        drop(evidence);
                        self.found = Some((key, renumbered));
                        return false;
                    }
                    Touched::Passages(passages) => {
                        (key, evidence.patched(doc, &r.remap, &passages, matcher))
                    }
                    Touched::Whole => (key, DocEvidence::gather(doc, matcher)),
                },
            },
            _ => (EvidenceKey::of(doc), DocEvidence::gather(doc, matcher)),
        };
        let key = if key.source == doc.source_digest && key.source != 0 {
            key
        } else {
            EvidenceKey::of(doc)
        };
        self.found = Some((key, evidence));
        true
    }
}

/// Each document's evidence from the last run, for `dossier serve`, reused for a document
/// whose passages and headings (its body digest), title and summary are unchanged. When the
/// topics change (a discovered one comes, goes or is spelt otherwise; also within one build,
/// when the discovered topics that file nothing are left out), only the passages where a
/// topic that went was found, and the documents that contain every token of an alias of a
/// topic that came, are searched again (see [`Renumbering::touches`]); the others' evidence is
/// renumbered to the new topic list.
///
/// It also keeps what the last topic set was built from and, once [`TopicsCache::recycle`]
/// hands it back, the set itself: when the next run has the same documents in the same order
/// declaring the same topics, only the documents whose evidence changed are filed again (and
/// related topics recomputed only if one of them moved to other topics).
#[derive(Default)]
pub(crate) struct TopicsCache {
    /// Each topic's slug and aliases, as the evidence's topic indices number them.
    topics: Vec<(String, Vec<String>)>,
    /// Each document's evidence, in the order of the documents of the last run.
    docs: Vec<Kept>,
    last: Option<LastSet>,
    /// How many topic sets were updated rather than built anew (for tests).
    pub(super) refiled: usize,
    /// How many updates (one topic set may take several steps).
    updates: usize,
    /// How many documents were searched for topics again (for tests).
    pub(super) searched: usize,
    /// The discovered topics last asked for, and those kept (the others filed no document).
    request: Option<(Vec<SuggestedTopic>, Vec<SuggestedTopic>)>,
    /// The first pass of the last set: the documents filed under each discovered topic
    /// asked for, before those that file none are left out.
    first_pass: Option<FirstPass>,
    /// The print of every document's path and declared topics in this run (set by [`build`]).
    declared_print: u64,
    /// The last [`registered`] topic lists (at most two: the discovered topics asked for and
    /// those kept), by the declarations' print and the other inputs: an edit that declares
    /// nothing new reads no document's declarations again.
    registered: Vec<(u64, SetInputs, Registered)>,
    /// How many times the topic lists were registered anew (for tests).
    pub(super) registered_runs: usize,
}

/// What [`registered`] returns.
type Registered = Result<(Vec<Topic>, Vec<Diagnostic>), Vec<Diagnostic>>;

/// The documents with a print of their declarations ([`Declared::from_shares`]), made once per analysis for the two steps
/// that key on it (discovery's known names and [`build`]): the print is only made here, from
/// the very documents it is handed out with, so it cannot describe other ones.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Declared<'a> {
    pub(crate) documents: &'a [Document],
    pub(crate) print: u64,
    /// A print of the documents' content paths, in order.
    pub(crate) paths: u64,
}

impl<'a> Declared<'a> {
    pub(crate) fn of(documents: &'a [Document]) -> Declared<'a> {
        let shares: Vec<DeclaredShare> = documents.iter().map(declared_share).collect();
        Declared::from_shares(documents, &shares)
    }

    /// [`Declared::of`], each document's share kept in `memo` (by the document's source
    /// digest, which its path and declared topics are parsed from): after an edit only the
    /// edited documents' paths and declarations are hashed again.
    pub(crate) fn memoized(
        documents: &'a [Document],
        memo: &mut PerDocument<DeclaredShare>,
    ) -> Declared<'a> {
        let inputs: Vec<WholeDocument> = documents.iter().map(WholeDocument).collect();
        memo.refresh(&inputs, |input| declared_share(input.0));
        let shares: Vec<DeclaredShare> = memo.all().copied().collect();
        Declared::from_shares(documents, &shares)
    }

    /// A print of every document's path and declared topics, in order: all that
    /// [`registered`] reads of the documents (its warnings name `path`, the site folder
    /// joined to `rel_path`; a cache lives within one site folder). Also a print of the paths
    /// alone.
    fn from_shares(documents: &'a [Document], shares: &[DeclaredShare]) -> Declared<'a> {
        use std::hash::{Hash, Hasher};
        let mut print = crate::stable_hash::stable_hasher();
        let mut paths = crate::stable_hash::stable_hasher();
        for (path, declared) in shares {
            (path, declared).hash(&mut print);
            path.hash(&mut paths);
        }
        Declared {
            documents,
            print: print.finish(),
            paths: paths.finish(),
        }
    }
}

/// One document's share of [`Declared`]'s prints: a hash of its content path and one of its
/// declared topics.
pub(crate) type DeclaredShare = (u64, u64);

fn declared_share(doc: &Document) -> DeclaredShare {
    use crate::stable_hash::stable_hash;
    (
        stable_hash(&doc.rel_path),
        stable_hash(&doc.declared_topics),
    )
}

/// Each document's discovered topics (slugs) in a first pass, and each topic's count.
#[derive(Default)]
struct FirstPass {
    by_doc: foldhash::HashMap<String, Vec<String>>,
    counts: foldhash::HashMap<String, usize>,
}

impl FirstPass {
    fn replace(&mut self, rel_path: &str, filed: Vec<String>) {
        for slug in self.by_doc.remove(rel_path).unwrap_or_default() {
            if let Some(n) = self.counts.get_mut(&slug) {
                *n = n.saturating_sub(1);
            }
        }
        for slug in &filed {
            *self.counts.entry(slug.clone()).or_default() += 1;
        }
        if !filed.is_empty() {
            self.by_doc.insert(rel_path.to_string(), filed);
        }
    }

    fn count(&self, slug: &str) -> usize {
        self.counts.get(slug).copied().unwrap_or(0)
    }
}

/// `asked` without the topics named in `empty`.
fn without(asked: &[SuggestedTopic], empty: &[String]) -> Vec<SuggestedTopic> {
    asked
        .iter()
        .filter(|s| !empty.contains(&s.name))
        .cloned()
        .collect()
}

/// What a topic set is built from besides the documents.
#[derive(Clone, PartialEq)]
struct SetInputs {
    config: TopicsConfig,
    config_path: std::path::PathBuf,
    suggested: Vec<SuggestedTopic>,
}

/// The inputs and warnings of the last topic set, and the set once recycled.
struct LastSet {
    inputs: SetInputs,
    /// The print of the documents' paths and declared topics, in corpus order
    /// ([`Declared`]), and how many documents there were.
    declared: (u64, usize),
    warnings: Vec<Diagnostic>,
    topics: Option<Vec<Topic>>,
}

/// The inputs of [`DocEvidence::gather`] besides the matcher.
#[derive(Clone, PartialEq, Eq)]
struct EvidenceKey {
    digest: u64,
    title: String,
    summary: String,
    /// The document's source digest: the same source gives the same title and summary, so
    /// those are compared only when it differs (an unchanged document costs one comparison).
    source: u64,
}

impl EvidenceKey {
    fn of(doc: &Document) -> EvidenceKey {
        EvidenceKey {
            digest: doc.body.digest,
            title: doc.title.clone(),
            summary: prominent_summary(doc).to_string(),
            source: doc.source_digest,
        }
    }

    fn matches(&self, doc: &Document) -> bool {
        self.digest == doc.body.digest
            && ((self.source != 0 && self.source == doc.source_digest)
                || (self.title == doc.title && self.summary == prominent_summary(doc)))
    }
}

/// How a topic list differs from the one the kept evidence numbers.
struct Renumbering {
    /// Old index -> new index of each topic with the same slug and aliases; `None`: changed.
    remap: Vec<Option<usize>>,
    /// The token hashes of each alias of a topic that came or changed (as it is now): a
    /// document holding all of one's tokens may mention it.
    changed_aliases: Vec<Vec<u32>>,
    /// The aliases of every topic that came, went or changed, ASCII-lowercased: a document
    /// declaring one may be filed otherwise.
    changed_names: foldhash::HashSet<String>,
}

impl Renumbering {
    fn new(old: &[(String, Vec<String>)], new: &[(String, Vec<String>)]) -> Renumbering {
        let by_slug: HashMap<&str, usize> = new
            .iter()
            .enumerate()
            .map(|(i, (slug, _))| (slug.as_str(), i))
            .collect();
        let remap: Vec<Option<usize>> = old
            .iter()
            .map(|(slug, aliases)| {
                by_slug
                    .get(slug.as_str())
                    .copied()
                    .filter(|&i| new[i].1 == *aliases)
            })
            .collect();
        let mut kept = vec![false; new.len()];
        for &i in remap.iter().flatten() {
            kept[i] = true;
        }
        let gone = old.iter().zip(&remap).filter(|(_, to)| to.is_none());
        let came = new.iter().zip(&kept).filter(|(_, k)| !**k);
        let mut renumbering = Renumbering {
            remap: Vec::new(),
            changed_aliases: Vec::new(),
            changed_names: Default::default(),
        };
        for ((_, aliases), _) in gone {
            for alias in aliases.iter().map(|a| a.trim_start_matches(CAPITAL_ONLY)) {
                renumbering.changed_names.insert(alias.to_ascii_lowercase());
            }
        }
        for ((_, aliases), _) in came {
            for alias in aliases.iter().map(|a| a.trim_start_matches(CAPITAL_ONLY)) {
                let hashes = super::matching::alias_token_hashes(alias);
                if !hashes.is_empty() {
                    renumbering.changed_aliases.push(hashes);
                }
                renumbering.changed_names.insert(alias.to_ascii_lowercase());
            }
        }
        renumbering.remap = remap;
        renumbering
    }

    /// Whether the document may mention or declare a changed topic (then it is searched and
    /// filed again): a topic that went (or changed) was found in it, whether it counted or
    /// was masked (finding it may have kept a shorter alias from matching there); or it has
    /// every token of an alias of a topic that came (or changed). A topic that went and was
    /// not found anywhere in the document changes nothing there: the matcher goes through a
    /// text the same way with or without an alias that never matched.
    fn touches(&self, doc: &Document, ev: &DocEvidence) -> Touched {
        let whole = self
            .changed_aliases
            .iter()
            .any(|alias| ev.may_contain(alias))
            || doc
                .declared_topics
                .iter()
                .any(|name| self.changed_names.contains(&name.to_ascii_lowercase()));
        if whole {
            return Touched::Whole;
        }
        let mut passages: Vec<u32> = ev
            .matched
            .iter()
            .filter(|&&(t, _)| self.remap.get(t as usize).copied().flatten().is_none())
            .map(|&(_, text)| text)
            .collect();
        passages.sort_unstable();
        passages.dedup();
        match passages.last() {
            None => Touched::Nothing,
            Some(&PROMINENT) => Touched::Whole,
            Some(_) => Touched::Passages(passages),
        }
    }
}

impl TopicsCache {
    /// [`registered`], from the memo when the declarations and inputs are those of a kept
    /// list.
    fn registered(&mut self, documents: &[Document], inputs: &SetInputs) -> Registered {
        let print = self.declared_print;
        let kept = self
            .registered
            .iter()
            .find(|(p, i, _)| *p == print && i == inputs);
        if let Some((_, _, found)) = kept {
            return found.clone();
        }
        let found = registered(documents, inputs, &DeclaredSlugs::new(documents));
        self.registered_runs += 1;
        if self.registered.len() >= 2 {
            self.registered = self.registered.split_off(1);
        }
        self.registered.push((print, inputs.clone(), found.clone()));
        found
    }

    /// Brings every document's evidence up to date (in [`TopicsCache::docs`], one entry per
    /// document, in corpus order): gathered anew only where the cache has none for its inputs
    /// or it may mention a topic that changed. Returns the documents gathered anew.
    fn gather(
        &mut self,
        documents: &[Document],
        topics: Vec<(String, Vec<String>)>,
        matcher: &Matcher,
    ) -> Vec<usize> {
        let renumbering = (self.topics != topics).then(|| Renumbering::new(&self.topics, &topics));
        self.topics = topics;
        self.align(documents);
        // Each entry is updated in place: a renumbered evidence replaces the kept one, so the
        // two copies never live side by side for every document (at 10,000 documents that
        // was 200 MB at the build's peak).
        let changed: Vec<usize> = self
            .docs
            .par_iter_mut()
            .zip(documents)
            .enumerate()
            .filter_map(|(index, (kept, doc))| {
                kept.refresh(doc, renumbering.as_ref(), matcher)
                    .then_some(index)
            })
            .collect();
        self.searched += changed.len();
        changed
    }

    /// Puts the kept evidence in the order of `documents`, one entry each: kept by position
    /// (after an edit the documents are where they were: no lookup by path), else by content
    /// path; an entry with nothing kept for a new document.
    fn align(&mut self, documents: &[Document]) {
        let in_place = self.docs.len() == documents.len()
            && self
                .docs
                .iter()
                .zip(documents)
                .all(|(kept, doc)| kept.is_of(doc));
        if in_place {
            return;
        }
        let mut old: Vec<Option<Kept>> = std::mem::take(&mut self.docs)
            .into_iter()
            .map(Some)
            .collect();
        let picks: Vec<Option<usize>> = {
            let by_path: foldhash::HashMap<&str, usize> = old
                .iter()
                .enumerate()
                .filter_map(|(at, kept)| Some((kept.as_ref()?.rel_path.as_str(), at)))
                .collect();
            documents
                .iter()
                .enumerate()
                .map(|(at, doc)| match old.get(at) {
                    Some(Some(kept)) if kept.is_of(doc) => Some(at),
                    _ => by_path.get(doc.rel_path.as_str()).copied(),
                })
                .collect()
        };
        self.docs = documents
            .iter()
            .zip(picks)
            .map(|(doc, pick)| {
                let kept = pick.and_then(|at| old.get_mut(at)?.take());
                let mut kept = kept.unwrap_or_default();
                if kept.rel_path != doc.rel_path {
                    kept.rel_path.clone_from(&doc.rel_path);
                }
                kept
            })
            .collect();
    }

    /// When the same discovered topics are asked for as last time: the last set (without
    /// those that filed no document then) with the changed documents filed again, if filing
    /// those documents under every topic asked for (the first pass of a build) leaves out
    /// the same topics as before.
    fn build_as_last(
        &mut self,
        documents: &[Document],
        config: &TopicsConfig,
        config_path: &std::path::Path,
        suggested: &[SuggestedTopic],
    ) -> Result<Result<TopicSet, Option<Vec<usize>>>, Vec<Diagnostic>> {
        let Some((asked, kept)) = self.request.take() else {
            return Ok(Err(Some(Vec::new())));
        };
        let same_kept = self
            .last
            .as_ref()
            .is_some_and(|l| l.inputs.suggested == kept);
        if asked != suggested || !same_kept || self.first_pass.is_none() {
            return Ok(Err(Some(Vec::new())));
        }
        let set = build_once(documents, config, config_path, &kept, self)?;
        let Some(changed) = set.refiled.clone() else {
            return Ok(Err(None));
        };
        let inputs = SetInputs {
            config: config.clone(),
            config_path: config_path.to_path_buf(),
            suggested: asked.clone(),
        };
        let kept_now = self
            .registered(documents, &inputs)
            .ok()
            .and_then(|(topics, _)| {
                self.first_pass_again(documents, &changed, &topics, &asked, config)
            })
            .map(|empty| without(&asked, &empty));
        if kept_now.as_ref() == Some(&kept) {
            self.request = Some((asked, kept));
            return Ok(Ok(set));
        }
        self.recycle(set.topics);
        Ok(Err(Some(changed)))
    }

    /// Files the `changed` documents under every topic of `topics` (the first pass: every
    /// discovered topic asked for) and returns the names of the discovered topics that no
    /// document is then filed under.
    fn first_pass_again(
        &mut self,
        documents: &[Document],
        changed: &[usize],
        topics: &[Topic],
        asked: &[SuggestedTopic],
        config: &TopicsConfig,
    ) -> Option<Vec<String>> {
        let matcher = Matcher::with_capitalised(&aliases_of(topics), &capital_flags(topics, asked));
        let lookup = DeclaredLookup::new(topics);
        let slugs = DeclaredSlugs::default();
        let pass = self.first_pass.as_mut()?;
        for &d in changed {
            let doc = &documents[d];
            let evidence = DocEvidence::gather(doc, &matcher);
            let declared = lookup.indices(doc, &slugs);
            let filed: Vec<String> = filings(d, &evidence, &declared, topics, config)
                .into_iter()
                .filter(|(t, _)| topics[*t].suggested)
                .map(|(t, _)| topics[t].slug.clone())
                .collect();
            pass.replace(&doc.rel_path, filed);
        }
        Some(
            topics
                .iter()
                .filter(|t| t.suggested && pass.count(&t.slug) == 0)
                .map(|t| t.name.clone())
                .collect(),
        )
    }

    /// Notes which documents the first pass filed under each discovered topic.
    fn record_first_pass(&mut self, documents: &[Document], topics: &[Topic]) {
        let mut pass = FirstPass::default();
        for topic in topics.iter().filter(|t| t.suggested) {
            for filed in &topic.documents {
                let rel = documents[filed.doc].rel_path.clone();
                pass.by_doc.entry(rel).or_default().push(topic.slug.clone());
            }
            pass.counts
                .insert(topic.slug.clone(), topic.documents.len());
        }
        self.first_pass = Some(pass);
    }

    /// Hands back the topic set the last run returned (its `Corpus::topics`), for the next
    /// run to update instead of building anew.
    pub(crate) fn recycle(&mut self, topics: Vec<Topic>) {
        if let Some(last) = &mut self.last {
            last.topics = Some(topics);
        }
    }

    fn remember(&mut self, documents: &[Document], inputs: SetInputs, warnings: &[Diagnostic]) {
        self.last = Some(LastSet {
            inputs,
            declared: (self.declared_print, documents.len()),
            warnings: warnings.to_vec(),
            topics: None,
        });
    }

    /// The recycled topic set updated to these inputs: the discovered topics that came, went
    /// or changed put in place, and the documents whose evidence changed filed again; if the
    /// documents, their order, their declarations and the config are those it was built
    /// from (else `None`: build it anew).
    fn refile(&mut self, documents: &[Document], inputs: &SetInputs) -> Option<TopicSet> {
        let last = self.last.as_mut()?;
        let same_documents = last.declared == (self.declared_print, documents.len());
        if last.inputs.config != inputs.config
            || last.inputs.config_path != inputs.config_path
            || !same_documents
        {
            return None;
        }
        let old = last.topics.take()?;
        let same_topics = last.inputs.suggested == inputs.suggested;
        let (mut topics, warnings) = if same_topics {
            (old, last.warnings.clone())
        } else {
            let (mut topics, warnings) = self.registered(documents, inputs).ok()?;
            carry_documents(&mut topics, old);
            (topics, warnings)
        };
        let last = self.last.as_mut()?;
        last.inputs = inputs.clone();
        last.warnings = warnings.clone();
        let same_slugs = same_topics
            || (self.topics.len() == topics.len()
                && self.topics.iter().zip(&topics).all(|(a, b)| a.0 == b.slug));
        let capital = capital_flags(&topics, &inputs.suggested);
        let matcher = Matcher::with_capitalised(&aliases_of(&topics), &capital);
        let changed = self.gather(documents, names_of(&topics, &capital), &matcher);
        let evidence = &self.docs;
        let lookup = DeclaredLookup::new(&topics);
        let slugs = DeclaredSlugs::default();
        // Worked out in parallel (filing reads the topics, not their documents), then put in
        // place one document after the other.
        let filed: Vec<Vec<(usize, TopicDocument)>> = changed
            .par_iter()
            .map(|&d| {
                let declared = lookup.indices(&documents[d], &slugs);
                match evidence.get(d).and_then(Kept::evidence) {
                    Some(ev) => filings(d, ev, &declared, &topics, &inputs.config),
                    None => Vec::new(),
                }
            })
            .collect();
        drop(lookup);
        let mut moved = false;
        for (&d, filed) in changed.iter().zip(filed) {
            moved |= replace_filings(&mut topics, d, filed);
        }
        if moved || !same_topics {
            relate(&mut topics);
        }
        self.updates += 1;
        Some(TopicSet {
            topics,
            matcher,
            warnings,
            // Topic indices moved: every document's list of topics is made again.
            refiled: same_slugs.then_some(changed),
        })
    }
}

/// Gives each topic the filings its namesake (by slug) in `old` had: a document is filed
/// under a topic that changed only if it may mention it, and such documents are filed again.
fn carry_documents(topics: &mut [Topic], old: Vec<Topic>) {
    let mut by_slug: HashMap<String, Vec<TopicDocument>> =
        old.into_iter().map(|t| (t.slug, t.documents)).collect();
    for topic in topics {
        if let Some(documents) = by_slug.remove(&topic.slug) {
            topic.documents = documents;
        }
    }
}

/// The summary as evidence: one taken from the first paragraph is that passage again.
fn prominent_summary(doc: &Document) -> &str {
    match doc.summary_source {
        SummarySource::FirstParagraph | SummarySource::None => "",
        _ => doc.summary.as_str(),
    }
}

impl DocEvidence {
    fn gather(doc: &Document, matcher: &Matcher) -> DocEvidence {
        let mut vocabulary: Vec<u32> = Vec::new();
        let mut mentions: BTreeMap<usize, Vec<Mention>> = BTreeMap::new();
        let mut matched: Vec<(usize, u32)> = Vec::new();
        for (index, passage) in doc.body.passages.iter().enumerate() {
            for found in matcher.find_noting(&passage.text, &mut vocabulary) {
                note_match(passage, index, found, &mut matched, &mut mentions);
            }
        }
        let summary = prominent_summary(doc);
        let mut prominent: Vec<usize> = Vec::new();
        let texts = std::iter::once(doc.title.as_str())
            .chain(std::iter::once(summary))
            .chain(doc.body.headings.iter().map(|h| h.text.as_str()));
        for text in texts {
            let found = matcher.find_noting(text, &mut vocabulary);
            prominent.extend(found.into_iter().map(|m| m.topic));
        }
        prominent.sort_unstable();
        prominent.dedup();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        matched.extend(prominent.iter().map(|&t| (t, PROMINENT)));
        DocEvidence {
            mentions: Arc::new(mentions.into()),
            prominent: prominent.into(),
            words: doc.body.word_count,
            vocabulary: vocabulary.into(),
            matched: packed_matches(matched),
        }
    }

    /// The evidence renumbered (see [`DocEvidence::renumbered`]) with the `passages` searched
    /// again by `matcher`: where only those passages may find otherwise than before, this is
    /// what [`DocEvidence::gather`] would give, without reading the rest again.
    fn patched(
        &self,
        doc: &Document,
        remap: &[Option<usize>],
        passages: &[u32],
        matcher: &Matcher,
    ) -> DocEvidence {
        let mut ev = self.renumbered(remap);
        let redone = |p: usize| passages.binary_search(&(p as u32)).is_ok();
        let mut mentions: BTreeMap<usize, Vec<Mention>> = BTreeMap::new();
        for (t, list) in ev.mentions.iter() {
            let kept: Vec<Mention> = list
                .iter()
                .filter(|m| !redone(m.passage))
                .cloned()
                .collect();
            if !kept.is_empty() {
                mentions.insert(t, kept);
            }
        }
        let mut matched: Vec<(usize, u32)> = ev
            .matched
            .iter()
            .filter(|(_, text)| *text == PROMINENT || !redone(*text as usize))
            .map(|&(t, text)| (t as usize, text))
            .collect();
        for &p in passages {
            let Some(passage) = doc.body.passages.get(p as usize) else {
                continue;
            };
            for found in matcher.find(&passage.text) {
                note_match(passage, p as usize, found, &mut matched, &mut mentions);
            }
        }
        // Each passage's mentions come from one search, left to right: a stable sort by
        // passage puts them in document order.
        for list in mentions.values_mut() {
            list.sort_by_key(|m| m.passage);
        }
        ev.mentions = Arc::new(mentions.into());
        ev.matched = packed_matches(matched);
        ev
    }

    /// Whether every token of an alias (its [`super::matching::alias_token_hashes`]) occurs.
    fn may_contain(&self, alias: &[u32]) -> bool {
        alias
            .iter()
            .all(|h| self.vocabulary.binary_search(h).is_ok())
    }

    /// The evidence with topic `i` numbered `remap[i]`, for a topic list whose changes the
    /// document does not mention.
    fn renumbered(&self, remap: &[Option<usize>]) -> DocEvidence {
        let to = |t: &usize| remap.get(*t).copied().flatten();
        let mentions: BTreeMap<usize, Vec<Mention>> = self
            .mentions
            .iter()
            .filter_map(|(t, list)| Some((to(&t)?, list.to_vec())))
            .collect();
        let mut prominent: Vec<usize> = self.prominent.iter().filter_map(to).collect();
        prominent.sort_unstable();
        let matched: Vec<(usize, u32)> = self
            .matched
            .iter()
            .filter_map(|&(t, text)| Some((to(&(t as usize))?, text)))
            .collect();
        DocEvidence {
            mentions: Arc::new(mentions.into()),
            prominent: prominent.into(),
            words: self.words,
            vocabulary: self.vocabulary.clone(),
            matched: packed_matches(matched),
        }
    }
}

/// Files each document under its topics, with key passages (each document's filings are
/// worked out in parallel, then put in place in corpus order).
fn file_documents(
    topics: &mut [Topic],
    documents: &[Document],
    evidence: &[Kept],
    config: &TopicsConfig,
    slugs: &DeclaredSlugs,
) {
    let lookup = DeclaredLookup::new(topics);
    let filed: Vec<Vec<(usize, TopicDocument)>> = documents
        .par_iter()
        .zip(evidence)
        .enumerate()
        .map(|(doc_index, (doc, kept))| {
            let declared = lookup.indices(doc, slugs);
            match kept.evidence() {
                Some(ev) => filings(doc_index, ev, &declared, topics, config),
                None => Vec::new(),
            }
        })
        .collect();
    drop(lookup);
    for (topic_index, entry) in filed.into_iter().flatten() {
        topics[topic_index].documents.push(entry);
    }
}

/// The topics one document is filed under (ascending), with its mentions and key passages.
fn filings(
    doc_index: usize,
    ev: &DocEvidence,
    declared: &[usize],
    topics: &[Topic],
    config: &TopicsConfig,
) -> Vec<(usize, TopicDocument)> {
    let mut candidates: Vec<usize> = ev
        .mentions
        .keys()
        .chain(ev.prominent.iter().copied())
        .chain(declared.iter().copied())
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    let filed: Vec<(usize, TopicDocument)> = candidates
        .into_iter()
        .filter_map(|topic_index| {
            let mentions = ev.mentions.get(topic_index).unwrap_or(&[]);
            let is_declared = declared.contains(&topic_index);
            let filed = is_declared
                || mentions.len() >= config.threshold.max(1)
                || ev.prominent.contains(&topic_index);
            filed.then(|| {
                let entry = TopicDocument {
                    doc: doc_index,
                    declared: is_declared,
                    key_passages: key_passages(mentions, config.passages),
                    mentions: mentions.to_vec(),
                };
                (topic_index, entry)
            })
        })
        .collect();
    cap_discovered(filed, ev, topics, max_discovered_per_document(ev.words))
}

/// Keeps the `cap` discovered topics with the most evidence (and every other filing), in
/// topic order.
fn cap_discovered(
    mut filed: Vec<(usize, TopicDocument)>,
    ev: &DocEvidence,
    topics: &[Topic],
    cap: usize,
) -> Vec<(usize, TopicDocument)> {
    let capped = |(t, entry): &(usize, TopicDocument)| topics[*t].suggested && !entry.declared;
    if filed.iter().filter(|f| capped(f)).count() <= cap {
        return filed;
    }
    let mut ranked: Vec<(usize, bool, usize)> = filed
        .iter()
        .filter(|f| capped(f))
        .map(|(t, entry)| (entry.mentions.len(), ev.prominent.contains(t), *t))
        .collect();
    ranked.sort_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)).then(a.2.cmp(&b.2)));
    let dropped: Vec<usize> = ranked[cap..].iter().map(|r| r.2).collect();
    filed.retain(|(t, _)| !dropped.contains(t));
    filed
}

/// Puts document `doc`'s new filings in place of its old ones (each topic's documents stay in
/// corpus order); says whether it is now filed under other topics than before.
fn replace_filings(topics: &mut [Topic], doc: usize, filed: Vec<(usize, TopicDocument)>) -> bool {
    let mut filed = filed.into_iter().peekable();
    let mut moved = false;
    for (t, topic) in topics.iter_mut().enumerate() {
        let new = filed
            .next_if(|(index, _)| *index == t)
            .map(|(_, entry)| entry);
        let old = topic.documents.binary_search_by_key(&doc, |d| d.doc);
        match (old, new) {
            (Ok(at), Some(entry)) => topic.documents[at] = entry,
            (Ok(at), None) => {
                topic.documents.remove(at);
                moved = true;
            }
            (Err(at), Some(entry)) => {
                topic.documents.insert(at, entry);
                moved = true;
            }
            (Err(_), None) => {}
        }
    }
    moved
}

/// The slug of every name declared in front matter, computed once per distinct name (a corpus
/// declares a small vocabulary many times over).
#[derive(Default)]
struct DeclaredSlugs<'d> {
    slugs: HashMap<&'d str, String>,
}

impl<'d> DeclaredSlugs<'d> {
    fn new(documents: &'d [Document]) -> DeclaredSlugs<'d> {
        let mut slugs = HashMap::new();
        for name in documents.iter().flat_map(|d| &d.declared_topics) {
            slugs.entry(name.as_str()).or_insert_with(|| slugify(name));
        }
        DeclaredSlugs { slugs }
    }

    fn of(&self, name: &str) -> Cow<'_, str> {
        match self.slugs.get(name) {
            Some(slug) => Cow::Borrowed(slug.as_str()),
            None => Cow::Owned(slugify(name)),
        }
    }
}

/// Finds the topic a declared name files a document under: the first topic (by slug order)
/// whose slug is the name's slug or that has the name as an alias (ASCII case ignored).
struct DeclaredLookup<'t> {
    by_slug: HashMap<&'t str, usize>,
    by_alias: HashMap<String, usize>,
}

impl<'t> DeclaredLookup<'t> {
    fn new(topics: &'t [Topic]) -> DeclaredLookup<'t> {
        let mut lookup = DeclaredLookup {
            by_slug: HashMap::new(),
            by_alias: HashMap::new(),
        };
        for (t, topic) in topics.iter().enumerate() {
            lookup.by_slug.entry(topic.slug.as_str()).or_insert(t);
            for alias in &topic.aliases {
                lookup
                    .by_alias
                    .entry(alias.to_ascii_lowercase())
                    .or_insert(t);
            }
        }
        lookup
    }

    fn indices(&self, doc: &Document, slugs: &DeclaredSlugs) -> Vec<usize> {
        doc.declared_topics
            .iter()
            .filter_map(|name| {
                let by_slug = self.by_slug.get(slugs.of(name).as_ref()).copied();
                let by_alias = self.by_alias.get(&name.to_ascii_lowercase()).copied();
                by_slug.into_iter().chain(by_alias).min()
            })
            .collect()
    }
}

/// Notes a topic found in passage `index`: always where it was found (`matched`), and as a
/// mention unless it falls in a masked span of the passage.
fn note_match(
    passage: &Passage,
    index: usize,
    Match { topic, range }: Match,
    matched: &mut Vec<(usize, u32)>,
    mentions: &mut BTreeMap<usize, Vec<Mention>>,
) {
    matched.push((topic, index as u32));
    let masked = passage
        .masked
        .iter()
        .any(|m| m.start < range.end && range.start < m.end);
    if !masked {
        mentions.entry(topic).or_default().push(Mention {
            passage: index,
            range,
        });
    }
}

/// Passages with the most mentions first, then in document order.
fn key_passages(mentions: &[Mention], limit: usize) -> Vec<usize> {
    let mut passages: Vec<usize> = mentions.iter().map(|m| m.passage).collect();
    // Already in passage order as gathered: the sort only checks that.
    passages.sort_unstable();
    let mut ranked = super::run_lengths(passages);
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().take(limit).map(|(p, _)| p).collect()
}

/// Related topics by shared documents (Ochiai coefficient), strongest first, at most 8.
fn relate(topics: &mut [Topic]) {
    let mut by_doc: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (t, topic) in topics.iter().enumerate() {
        for d in &topic.documents {
            by_doc.entry(d.doc).or_default().push(t);
        }
    }
    let mut shared: foldhash::HashMap<(usize, usize), usize> = Default::default();
    for list in by_doc.values() {
        for (i, &a) in list.iter().enumerate() {
            for &b in &list[i + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    let sizes: Vec<usize> = topics.iter().map(|t| t.documents.len()).collect();
    let mut related: Vec<Vec<RelatedTopic>> = vec![Vec::new(); topics.len()];
    for (&(a, b), &count) in &shared {
        let strength = count as f64 / ((sizes[a] * sizes[b]) as f64).sqrt();
        related[a].push(RelatedTopic {
            topic: b,
            shared: count,
            strength,
        });
        related[b].push(RelatedTopic {
            topic: a,
            shared: count,
            strength,
        });
    }
    for (topic, mut list) in topics.iter_mut().zip(related) {
        list.sort_by(|x, y| {
            y.strength
                .total_cmp(&x.strength)
                .then(y.shared.cmp(&x.shared))
                .then(x.topic.cmp(&y.topic))
        });
        list.truncate(8);
        topic.related = list;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_mentions_give_each_topics_list_as_the_map_had_it() {
        let at = |passage: usize, start: usize| Mention {
            passage,
            range: start..start + 3,
        };
        let mut map: BTreeMap<usize, Vec<Mention>> = BTreeMap::new();
        map.insert(7, vec![at(0, 4), at(2, 1)]);
        map.insert(2, vec![at(1, 0)]);
        map.insert(40, vec![at(3, 9), at(3, 20), at(5, 2)]);
        let flat = Mentions::from(map.clone());
        assert_eq!(flat.keys().collect::<Vec<_>>(), vec![2, 7, 40]);
        for (topic, list) in &map {
            assert_eq!(flat.get(*topic), Some(list.as_slice()));
        }
        assert_eq!(flat.get(3), None);
        let listed: Vec<(usize, Vec<Mention>)> =
            flat.iter().map(|(t, list)| (t, list.to_vec())).collect();
        assert_eq!(listed, map.into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn packed_matches_are_sorted_without_repeats() {
        let packed = packed_matches(vec![(3, 1), (1, PROMINENT), (3, 1), (1, 0)]);
        assert_eq!(&packed[..], &[(1, 0), (1, PROMINENT), (3, 1)]);
    }
    use crate::config::CuratedTopic;
    use std::path::Path;

    use crate::parse::parsed_for_tests as doc;

    fn config_with(curated: &[(&str, &str, &[&str])]) -> TopicsConfig {
        let mut config = TopicsConfig::default();
        for (slug, title, aliases) in curated {
            config.curated.insert(
                slug.to_string(),
                CuratedTopic {
                    title: title.to_string(),
                    aliases: aliases.iter().map(|a| a.to_string()).collect(),
                    ..CuratedTopic::default()
                },
            );
        }
        config
    }

    fn build_topics(docs: &[Document], config: &TopicsConfig) -> Vec<Topic> {
        build_fresh(docs, config, Path::new("site-config.toml"), &[])
            .unwrap()
            .topics
    }

    fn topic<'a>(topics: &'a [Topic], slug: &str) -> &'a Topic {
        topics
            .iter()
            .find(|t| t.slug == slug)
            .unwrap_or_else(|| panic!("no topic {slug}"))
    }

    #[test]
    fn detected_topics_need_enough_evidence() {
        let docs = vec![
            doc(
                "a.md",
                "---\ntitle: A\n---\nCommand and control matters.\n\nThe C2 plan is new.",
            ),
            doc("b.md", "---\ntitle: B\n---\nOnly one mention of C2 here."),
            doc(
                "c.md",
                "---\ntitle: Command and control in focus\n---\nNothing else.",
            ),
        ];
        let config = config_with(&[("command-and-control", "Command and control", &["C2"])]);
        let topics = build_topics(&docs, &config);
        let t = topic(&topics, "command-and-control");
        let filed: Vec<usize> = t.documents.iter().map(|d| d.doc).collect();
        assert_eq!(filed, [0, 2], "two mentions, or one in the title");
        assert_eq!(t.documents[0].mentions.len(), 2);
    }

    #[test]
    fn declared_names_join_curated_topics_by_alias_and_slug() {
        let docs = vec![
            doc("a.md", "---\ntopics: [C2, Taiwan]\n---\nText."),
            doc("b.md", "---\ntopics: [taiwan]\n---\nText."),
        ];
        let config = config_with(&[("command-and-control", "Command and control", &["C2"])]);
        let set = build_fresh(&docs, &config, Path::new("site-config.toml"), &[]).unwrap();
        assert_eq!(set.topics.len(), 2);
        assert!(topic(&set.topics, "command-and-control").declared);
        assert_eq!(topic(&set.topics, "taiwan").documents.len(), 2);
        assert_eq!(
            set.warnings.len(),
            1,
            "taiwan vs Taiwan is one topic, with a warning"
        );
    }

    #[test]
    fn spelling_variants_merge_and_collisions_fail() {
        let variants = vec![
            doc("a.md", "---\ntopics: [Command and Control]\n---\n"),
            doc("b.md", "---\ntopics: [command-and-control]\n---\n"),
        ];
        let set = build_fresh(&variants, &TopicsConfig::default(), Path::new("x"), &[]).unwrap();
        assert_eq!(set.topics.len(), 1);
        assert_eq!(set.topics[0].name, "Command and Control");
        assert_eq!(set.warnings.len(), 1);
        let clash = vec![
            doc("a.md", "---\ntopics: [Émigré]\n---\n"),
            doc("b.md", "---\ntopics: [Emigre]\n---\n"),
        ];
        let errors = build_fresh(&clash, &TopicsConfig::default(), Path::new("x"), &[])
            .err()
            .unwrap();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("a.md"), "{}", errors[0].message);
    }

    #[test]
    fn mentions_in_code_and_links_do_not_count() {
        let docs = vec![doc(
            "a.md",
            "`AUKUS` and [AUKUS](https://x.org) but AUKUS here.\n\nAUKUS again.",
        )];
        let topics = build_topics(&docs, &config_with(&[("aukus", "AUKUS", &[])]));
        assert_eq!(topic(&topics, "aukus").documents[0].mentions.len(), 2);
    }

    #[test]
    fn discovered_topics_file_central_documents_only_and_are_capped() {
        let docs = vec![
            doc(
                "a.md",
                "---\ntitle: A\n---\nDeterrence here. More deterrence.",
            ),
            doc(
                "b.md",
                "---\ntitle: B\n---\nOne passing deterrence mention.",
            ),
            doc("c.md", "---\ntitle: On deterrence\n---\nNothing more."),
        ];
        let suggested = [SuggestedTopic {
            slug: "deterrence".into(),
            name: "Deterrence".into(),
            aliases: vec!["Deterrence".into()],
            capitalised: false,
        }];
        let config = TopicsConfig::default();
        let set = build_fresh(&docs, &config, Path::new("x"), &suggested).unwrap();
        let filed: Vec<usize> = topic(&set.topics, "deterrence")
            .documents
            .iter()
            .map(|d| d.doc)
            .collect();
        assert_eq!(
            filed,
            [0, 2],
            "two mentions, or the title; not one passing mention"
        );
        let many: Vec<SuggestedTopic> = (0..12)
            .map(|i| SuggestedTopic {
                slug: format!("term{i}"),
                name: format!("Term{i}"),
                aliases: vec![format!("Term{i}")],
                capitalised: false,
            })
            .collect();
        let text: String = (0..12).map(|i| format!("Term{i} and Term{i}. ")).collect();
        let docs = vec![doc("a.md", &format!("---\ntitle: A\n---\n{text}"))];
        let set = build_fresh(&docs, &config, Path::new("x"), &many).unwrap();
        let filed = set
            .topics
            .iter()
            .filter(|t| !t.documents.is_empty())
            .count();
        assert_eq!(filed, max_discovered_per_document(docs[0].body.word_count));
        assert!(filed < 12);
    }

    fn suggest(names: &[&[&str]]) -> Vec<SuggestedTopic> {
        names
            .iter()
            .map(|aliases| SuggestedTopic {
                slug: slugify(aliases[0]),
                name: aliases[0].to_string(),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                capitalised: false,
            })
            .collect()
    }

    #[test]
    fn changed_discovered_topics_are_searched_for_only_where_they_may_occur() {
        let docs = vec![
            doc(
                "a.md",
                "---\ntitle: A\n---\nDeterrence and deterrence. Joint Operations and Joint drills.",
            ),
            doc(
                "b.md",
                "---\ntitle: B\n---\nSemiconductors, semiconductors. Joint Operations Command.",
            ),
            doc(
                "c.md",
                "---\ntitle: Shipyards\n---\nShipyards expand. Deterrence too.",
            ),
            doc("d.md", "---\ntitle: D\n---\nNothing shared here at all."),
        ];
        let config = config_with(&[("joint", "Joint", &[])]);
        let path = Path::new("site-config.toml");
        let steps = [
            suggest(&[&["Deterrence"], &["Shipyards"]]),
            // One comes (and shadows "Joint" in b), one goes, one is spelt otherwise.
            suggest(&[
                &["Deterrence", "deterrent"],
                &["Joint Operations Command"],
                &["Semiconductors"],
            ]),
            suggest(&[
                &["Deterrence", "deterrent"],
                &["Joint Operations Command"],
                &["Semiconductors"],
            ]),
            suggest(&[&["Shipyards"]]),
        ];
        let mut cache = TopicsCache::default();
        let mut searched = Vec::new();
        for (step, suggested) in steps.iter().enumerate() {
            let before = cache.searched;
            let set = build(&Declared::of(&docs), &config, path, suggested, &mut cache).unwrap();
            let fresh = build_fresh(&docs, &config, path, suggested).unwrap();
            assert!(set.topics == fresh.topics, "step {step}");
            assert_eq!(
                set.matcher.find("Shipyards"),
                fresh.matcher.find("Shipyards")
            );
            searched.push(cache.searched - before);
            cache.recycle(set.topics);
        }
        // Step 1: a, b and c may mention a changed topic, then b the one that filed nothing
        // (Joint Operations Command, one mention), which is left out; d is never searched.
        // Step 2: as asked before, nothing to search; step 3: a, b, c again.
        assert_eq!(searched, [4, 4, 0, 3]);
        // An edit of a document that mentions a topic left out (it still files nothing):
        // only that document is searched again, with the same topics kept.
        let asked = &steps[1];
        let set = build(&Declared::of(&docs), &config, path, asked, &mut cache).unwrap();
        cache.recycle(set.topics);
        let mut edited = docs.clone();
        edited[1] = doc(
            "b.md",
            "---\ntitle: B\n---\nSemiconductors, semiconductors. Joint Operations Command again.",
        );
        let (before, registered) = (cache.searched, cache.registered_runs);
        let set = build(&Declared::of(&edited), &config, path, asked, &mut cache).unwrap();
        assert!(set.topics == build_fresh(&edited, &config, path, asked).unwrap().topics);
        assert_eq!(cache.searched - before, 1);
        // Nothing declared changed: the topic lists are not registered again.
        assert_eq!(cache.registered_runs, registered);
        cache.recycle(set.topics);
        // A new declaration registers them again.
        edited[3] = doc("d.md", "---\ntitle: D\ntopics: [Shipyards]\n---\nNothing.");
        let set = build(&Declared::of(&edited), &config, path, asked, &mut cache).unwrap();
        assert!(set.topics == build_fresh(&edited, &config, path, asked).unwrap().topics);
        assert!(cache.registered_runs > registered);
    }

    #[test]
    fn a_topic_that_goes_is_searched_for_again_only_where_it_was_found() {
        let docs = vec![
            // Its first passage is searched again (where "Command" now matches), not the second.
            doc(
                "a.md",
                "---\ntitle: A\n---\nThe Naval Command met. Naval Command again.\n\nThe command, deterrence.",
            ),
            // Every word of "Naval Command", never the name: not searched again.
            doc(
                "b.md",
                "---\ntitle: B\n---\nThe command of naval forces. Deterrence, deterrence.",
            ),
            // Masked: found, not counted; still searched again.
            doc("c.md", "---\ntitle: C\n---\n`Naval Command` here."),
        ];
        let (config, path) = (config_with(&[("command", "Command", &[])]), Path::new("x"));
        let mut cache = TopicsCache::default();
        let both = suggest(&[&["Naval Command"], &["Deterrence"]]);
        let set = build(&Declared::of(&docs), &config, path, &both, &mut cache).unwrap();
        cache.recycle(set.topics);
        let before = cache.searched;
        let one = suggest(&[&["Deterrence"]]);
        let set = build(&Declared::of(&docs), &config, path, &one, &mut cache).unwrap();
        let fresh = build_fresh(&docs, &config, path, &one).unwrap().topics;
        assert!(set.topics == fresh);
        let command = topic(&fresh, "command");
        assert_eq!(
            command.documents[0].mentions.len(),
            3,
            "a: two uncovered, one kept"
        );
        assert_eq!(cache.searched - before, 2, "a and c, not b");
    }

    #[test]
    fn a_discovered_one_word_name_files_capitalised_uses_only() {
        let docs = vec![
            doc(
                "a.md",
                "---\ntitle: A\n---\nThe Web grew. Then the Web changed.",
            ),
            doc("b.md", "---\ntitle: B\n---\nOur web pages and web design."),
        ];
        let name = |capitalised| SuggestedTopic {
            slug: "web".into(),
            name: "Web".into(),
            aliases: vec!["Web".into()],
            capitalised,
        };
        let filed = |capitalised| {
            let set = build_fresh(
                &docs,
                &TopicsConfig::default(),
                Path::new("x"),
                &[name(capitalised)],
            );
            let topics = set.unwrap().topics;
            topic(&topics, "web")
                .documents
                .iter()
                .map(|d| d.doc)
                .collect::<Vec<_>>()
        };
        assert_eq!(filed(true), [0], "a name: not the word in lower case");
        assert_eq!(filed(false), [0, 1], "a concept: any case");
    }

    #[test]
    fn key_passages_rank_by_mentions() {
        let m = |p| Mention {
            passage: p,
            range: 0..1,
        };
        assert_eq!(key_passages(&[m(0), m(3), m(3), m(5)], 2), [3, 0]);
    }

    #[test]
    fn related_topics_by_shared_documents() {
        let docs = vec![
            doc("a.md", "---\ntopics: [Taiwan, AUKUS]\n---\n"),
            doc("b.md", "---\ntopics: [Taiwan, AUKUS]\n---\n"),
            doc("c.md", "---\ntopics: [Taiwan, G7]\n---\n"),
        ];
        let topics = build_topics(&docs, &TopicsConfig::default());
        let taiwan = topic(&topics, "taiwan");
        let first = &topics[taiwan.related[0].topic];
        assert_eq!(first.slug, "aukus");
        assert_eq!(taiwan.related[0].shared, 2);
        assert!((taiwan.related[0].strength - 2.0 / 6f64.sqrt()).abs() < 1e-9);
    }
}
