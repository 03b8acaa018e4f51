//! Per-document candidate extraction: a pure function of one document's parsed text, so
//! `dossier serve` keeps each document's result until its text changes.
//!
//! Only prose is read: passages (never code blocks), with inline code and link text (the
//! passage's `masked` ranges) left out, and any word inside something that looks like a URL,
//! a file path, an identifier or template syntax (`/`, `_`, `=`, `{`, `@`, a dot inside a
//! word) left out too. Between punctuation, two kinds of candidate are taken:
//!
//! - concepts: runs of lower-case content words between stopwords (RAKE's candidates), with
//!   every sub-phrase of up to three words (C-value's nested terms), "of"/"and" allowed inside
//!   ("command and control"); keyed by their Snowball stems, so plurals meet;
//! - names: runs of capitalised words, kept whole across "of", "and", "to" ("Ministry of
//!   Electronics and Information Technology"); a run joined by "and"/"to"/"on"/"in" is also
//!   given as its parts, and the corpus step keeps whichever the corpus supports. A sentence's
//!   first word alone is no name, and titles ("Prime Minister") are taken off the front.
//!
//! "Words (ACR)" pairs an acronym with its expansion when the initials fit. A document keeps
//! only its central candidates: used at least twice, or in its title, summary or a heading.

type Map<K, V> = foldhash::HashMap<K, V>;
use std::borrow::Cow;
use std::ops::Range;

use rust_stemmers::Stemmer;

use super::lexicon::{
    background_rank, is_generic, COMMON_PHRASE_WORD, COMMON_SINGLE, GENERIC_ACRONYMS,
    INNER_CONNECTORS, NAME_CONNECTORS, NAME_OPENERS, WEAK_CONNECTORS,
};
use super::words::{self, Lexeme, PhraseKey, WordTable};
use crate::analyze::matching::{lowercase_in_place, scan, Token};
use crate::parse::{Document, SummarySource};
use std::collections::hash_map::Entry;

/// What a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An all-capitals word ("RTI", "CPTPP").
    Acronym,
    /// Capitalised words ("Fumio Kishida", "Taiwan").
    Name,
    /// Lower-case subject words ("economic security", "semiconductors").
    Concept,
}

/// One candidate as one document uses it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DocTerm {
    /// Kind, then the normalised words: stems for concepts, lower-case words for names.
    pub key: (Kind, String),
    /// Uses in passages.
    pub count: u32,
    /// Named in the title, summary or a heading.
    pub prominent: bool,
    /// Used twice or more, or prominent: what files a document under a topic.
    pub central: bool,
    /// Written after a title once at least ("President Joe Biden"): a person's name.
    pub person: bool,
    /// Uses as the head of a noun phrase: the last word of a phrase ("economic coercion"), or
    /// alone after a determiner or preposition ("of deterrence"). A single word never used so
    /// is a verb or a modifier ("to uphold", "a robust defense").
    pub head_uses: u32,
    /// Uses as a verb: first in its run right after "to" or a modal ("to allocate funds",
    /// "would coordinate"), or last in a run that a verb's object follows ("users interact
    /// with", see `ends_a_clause`; the phrases ending there count too). A single word used so
    /// as often as it heads a noun phrase is a verb, and so is a phrase mostly used so.
    pub verb_uses: u32,
    /// Spellings as written, with their counts.
    pub surfaces: Vec<(String, u32)>,
    /// The first use: passage index and byte range in its text.
    pub example: Option<(usize, Range<usize>)>,
}

/// An acronym and the words it stands for, as one document pairs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expansion {
    pub acronym: String,
    pub surface: String,
}

/// A document's central candidates (sorted by key) and its acronym expansions; and its
/// credits and linked hosts, which the corpus step reads to reject the site's and publishers'
/// own names (kept here so that an edit reads them again for the edited document only).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DocTerms {
    pub terms: Vec<DocTerm>,
    pub expansions: Vec<Expansion>,
    /// Its publisher and each author ("A and B" is two).
    pub credits: Vec<String>,
    /// The hosts it links to (see `discover::host`), sorted, each once.
    pub hosts: Vec<String>,
}

/// Words after which a lone word is a noun ("the", "of", "on").
const NOUN_INTRODUCERS: &[&str] = &[
    "the", "a", "an", "of", "on", "for", "in", "about", "against", "with", "without", "from", "by",
    "our", "their", "its", "his", "her", "this", "that", "these", "those", "any", "no", "more",
    "less", "and", "or", "between", "among", "into", "through", "over", "under",
];

/// Words after which a word is a verb ("to allocate", "would coordinate").
const VERB_INTRODUCERS: &[&str] = &[
    "to", "will", "would", "can", "could", "should", "must", "may", "might", "shall", "cannot",
];

/// Most concepts, and most names, one document keeps (its most used first).
const MAX_TERMS_PER_DOCUMENT: usize = 300;
/// A sentence's first word this common in English may open a sentence rather than a name.
const COMMON_OPENER: u32 = 8000;
/// Longest concept phrase, in content words.
const MAX_CONCEPT_WORDS: usize = 3;
/// Longest name, in words.
const MAX_NAME_WORDS: usize = 8;

/// The candidates of one document.
pub(crate) fn extract(doc: &Document) -> DocTerms {
    let stemmer = super::lexicon::stemmer();
    // Sized from the text: growing the maps from empty, rehash after rehash, was a tenth of
    // the extraction.
    let words: usize = doc
        .body
        .passages
        .iter()
        .map(|p| p.text.len())
        .sum::<usize>()
        / 6;
    let mut table = WordTable::take();
    let mut acc = Accumulator::new(&stemmer, words);
    for (index, passage) in doc.body.passages.iter().enumerate() {
        acc.read(&mut table, &passage.text, &passage.masked, Some(index));
    }
    let summary = match doc.summary_source {
        SummarySource::FirstParagraph | SummarySource::None => "",
        _ => doc.summary.as_str(),
    };
    let prominent_texts: Vec<&str> = std::iter::once(doc.title.as_str())
        .chain(std::iter::once(summary))
        .chain(doc.body.headings.iter().map(|h| h.text.as_str()))
        .collect();
    // Headlines are often in title case: read them in lower case for concepts too.
    let lowered_texts: Vec<String> = prominent_texts.iter().map(|t| t.to_lowercase()).collect();
    let mut prominent = Accumulator::new(&stemmer, 0);
    for (text, lowered) in prominent_texts.iter().zip(&lowered_texts) {
        prominent.read(&mut table, text, &[], None);
        prominent.read(&mut table, lowered, &[], None);
    }
    // A capitalised single word the document also writes in lower case is a common word.
    let lower_words = std::mem::take(&mut acc.lower_words);
    acc.names[Kind::Name as usize].retain(|key, term| {
        key.contains(' ')
            || table
                .known(key)
                .and_then(|n| lower_words.get(&n))
                .map_or(true, |&n| n * 4 <= term.count)
    });
    for (named, kept) in prominent.names.iter().zip(acc.names.iter_mut()) {
        for key in named.keys() {
            if let Some(term) = kept.get_mut(key) {
                term.prominent = true;
            }
        }
    }
    for key in prominent.concepts.keys() {
        if let Some(term) = acc.concepts.get_mut(key) {
            term.prominent = true;
        }
    }
    // Concepts only where central (they are many); names wherever used (they are few, and a
    // surname's documents are compared with a full name's).
    let names = acc.names.into_iter().flat_map(|map| {
        map.into_iter().map(|(key, mut t)| {
            t.central = t.count >= 2 || t.prominent;
            t.key.1 = key;
            t
        })
    });
    let concepts = acc.concepts.into_iter().filter_map(|(key, mut t)| {
        t.central = t.count >= 2 || t.prominent;
        t.central.then(|| {
            t.key.1 = table.phrase(key);
            t
        })
    });
    let mut terms: Vec<Draft> = names.chain(concepts).collect();
    table.put_back();
    terms.sort_by(|a, b| {
        (b.central, b.prominent, b.count)
            .cmp(&(a.central, a.prominent, a.count))
            .then_with(|| a.key.cmp(&b.key))
    });
    let mut kept = [0usize; 2];
    terms.retain(|t| {
        let n = &mut kept[usize::from(t.key.0 == Kind::Concept)];
        *n += 1;
        *n <= MAX_TERMS_PER_DOCUMENT
    });
    terms.sort_by(|a, b| a.key.cmp(&b.key));
    // Kept until the corpus step is done, for every document at once: no spare capacity (at
    // 10,000 documents the vectors' growth room was a third of discovery's memory).
    let mut finished = Vec::with_capacity(terms.len());
    finished.extend(terms.into_iter().map(Draft::finish));
    let terms = finished;
    let mut expansions = acc.expansions;
    expansions.sort_by(|a, b| (&a.acronym, &a.surface).cmp(&(&b.acronym, &b.surface)));
    expansions.dedup();
    DocTerms {
        terms,
        expansions,
        credits: credits(doc),
        hosts: hosts(doc),
    }
}

/// The document's publisher and authors (an "A and B" credit is two).
fn credits(doc: &Document) -> Vec<String> {
    let mut names: Vec<String> = doc.publisher.iter().cloned().collect();
    for author in &doc.authors {
        names.extend(author.split(" and ").map(|a| a.trim().to_string()));
    }
    names
}

/// The hosts the document links to, sorted, each once.
fn hosts(doc: &Document) -> Vec<String> {
    let mut hosts: Vec<String> = doc
        .body
        .links
        .iter()
        .filter_map(|l| super::host(&l.dest))
        .collect();
    hosts.sort_unstable();
    hosts.dedup();
    hosts
}

struct Accumulator<'s, 'd> {
    stemmer: &'s Stemmer,
    /// Acronyms and names by kind (`Kind as usize`), then key.
    names: [Map<String, Draft<'d>>; 2],
    /// Concepts by their words' numbers in the thread's [`WordTable`] (no string per use: a
    /// key's string is made only for the concepts a document keeps).
    concepts: Map<PhraseKey, Draft<'d>>,
    /// Lower-case uses of each content word (by its number), for telling "Data" in a heading
    /// (a common word) from "China" (a name).
    lower_words: Map<u32, u32>,
    expansions: Vec<Expansion>,
}

/// A candidate while its document is read: a [`DocTerm`] whose spellings borrow the text
/// (most candidates are used once and dropped at the end: no owned copy of their spelling).
struct Draft<'d> {
    key: (Kind, String),
    count: u32,
    prominent: bool,
    central: bool,
    person: bool,
    head_uses: u32,
    verb_uses: u32,
    /// The first spelling, then the others (most candidates have one: no vector for it).
    first: (Cow<'d, str>, u32),
    more: Vec<(Cow<'d, str>, u32)>,
    example: Option<(usize, Range<usize>)>,
}

impl<'d> Draft<'d> {
    /// A candidate used first as `surface`; its key's words are filled in from the map it is
    /// kept in (one copy of the key while a document is read).
    fn new(kind: Kind, surface: Cow<'d, str>) -> Draft<'d> {
        Draft {
            key: (kind, String::new()),
            count: 0,
            prominent: false,
            central: false,
            person: false,
            head_uses: 0,
            verb_uses: 0,
            first: (surface, 1),
            more: Vec::new(),
            example: None,
        }
    }

    /// One more use (in a passage, or in the title, summary or a heading).
    fn used(&mut self, range: Range<usize>, passage: Option<usize>, person: bool) {
        if passage.is_some() {
            self.count += 1;
        }
        if self.example.is_none() {
            self.example = passage.map(|p| (p, range));
        }
        self.person |= person;
    }

    fn spell(&mut self, surface: Cow<'d, str>) {
        if self.first.0 == surface {
            self.first.1 += 1;
            return;
        }
        match self.more.iter_mut().find(|(s, _)| *s == surface) {
            Some((_, n)) => *n += 1,
            None => self.more.push((surface, 1)),
        }
    }

    /// The owned result: spellings most used first (ties by spelling), without spare capacity.
    fn finish(self) -> DocTerm {
        let mut surfaces = Vec::with_capacity(1 + self.more.len());
        surfaces.push((self.first.0.into_owned(), self.first.1));
        surfaces.extend(self.more.into_iter().map(|(s, n)| (s.into_owned(), n)));
        surfaces.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        DocTerm {
            key: self.key,
            count: self.count,
            prominent: self.prominent,
            central: self.central,
            person: self.person,
            head_uses: self.head_uses,
            verb_uses: self.verb_uses,
            surfaces,
            example: self.example,
        }
    }
}

/// A token with what the extractor needs to know about it.
struct Word<'t> {
    token: Token<'t>,
    /// What the thread's [`WordTable`] knows about its lower-case form.
    lex: Lexeme,
    /// Inside code, a link's text, a URL, a path or template syntax.
    excluded: bool,
    capitalised: bool,
    /// Joined to the previous word by a space or hyphen only.
    joined: bool,
    /// Joined to the previous word by a hyphen.
    hyphen_before: bool,
    /// The text between it and the previous word holds no whitespace but single spaces (a
    /// spelling across it needs no tidying, see [`spelling`]).
    tidy_gap: bool,
    sentence_initial: bool,
}

impl<'s, 'd> Accumulator<'s, 'd> {
    /// An empty accumulator, its maps sized for a text of about `words` words.
    fn new(stemmer: &'s Stemmer, words: usize) -> Self {
        let sized = |n: usize| Map::with_capacity_and_hasher(n, Default::default());
        Accumulator {
            stemmer,
            names: [sized(words / 16), sized(words / 4)],
            concepts: Map::with_capacity_and_hasher(words, Default::default()),
            lower_words: Map::with_capacity_and_hasher(words / 2, Default::default()),
            expansions: Vec::new(),
        }
    }

    fn read(
        &mut self,
        table: &mut WordTable,
        text: &'d str,
        masked: &[Range<usize>],
        passage: Option<usize>,
    ) {
        // Tokens borrow their lower-case form from one lowered copy of the text (no
        // allocation per word).
        let lowered = lowercase_in_place(text);
        let mut words = words_of(text, &lowered, masked, |norm| {
            table.lexeme(self.stemmer, norm)
        });
        lower_sentence_starts(&mut words);
        let headline = is_headline(&words);
        let mut start = 0;
        for end in 1..=words.len() {
            if end == words.len() || !words[end].joined {
                let chunk = &words[start..end];
                self.concepts(text, chunk, passage);
                if !headline {
                    self.names(text, chunk, passage);
                }
                start = end;
            }
        }
        self.expansions(text, &words);
    }

    /// One use of a name or an acronym (`person`: written after a title).
    fn add_name(
        &mut self,
        kind: Kind,
        key: &str,
        surface: Cow<'d, str>,
        range: Range<usize>,
        passage: Option<usize>,
        person: bool,
    ) {
        // Looked up by a borrowed key, once: the owned one is made only for a new candidate.
        let map = &mut self.names[kind as usize];
        let term = match map.get_mut(key) {
            Some(term) => {
                term.spell(surface);
                term
            }
            None => map
                .entry(key.to_string())
                .or_insert_with(|| Draft::new(kind, surface)),
        };
        term.used(range, passage, person);
    }

    /// One use of a concept phrase.
    fn add_concept(
        &mut self,
        key: PhraseKey,
        surface: Cow<'d, str>,
        range: Range<usize>,
        passage: Option<usize>,
    ) {
        let term = match self.concepts.entry(key) {
            Entry::Occupied(entry) => {
                let term = entry.into_mut();
                term.spell(surface);
                term
            }
            Entry::Vacant(entry) => entry.insert(Draft::new(Kind::Concept, surface)),
        };
        term.used(range, passage, false);
    }

    /// Runs of lower-case content words in a chunk, and their sub-phrases.
    fn concepts(&mut self, text: &'d str, chunk: &[Word], passage: Option<usize>) {
        let mut run: Vec<&Word> = Vec::new();
        let mut before: Option<&Word> = None;
        for (i, w) in chunk.iter().enumerate() {
            let norm = w.token.norm.as_ref();
            let inner = INNER_CONNECTORS.contains(&norm)
                && run.last().is_some_and(|p| !is_connector(p))
                && chunk.get(i + 1).is_some_and(is_concept_word);
            if is_concept_word(w) || inner {
                run.push(w);
            } else {
                self.concept_run(text, &run, (before, Some(w)), passage);
                run.clear();
                before = Some(w);
            }
        }
        self.concept_run(text, &run, (before, None), passage);
    }

    /// One run of concept words (`around`: the words before and after it, if any).
    fn concept_run(
        &mut self,
        text: &'d str,
        run: &[&Word],
        around: (Option<&Word>, Option<&Word>),
        passage: Option<usize>,
    ) {
        if run.is_empty() {
            return;
        }
        let (before, after) = around;
        self.count_concepts(text, run, passage);
        // The head is the run's last word, or its last hyphenated compound ("short-term" in
        // "the short-term" heads; in "short-term plans" it modifies).
        let head = (1..run.len())
            .rev()
            .take_while(|&i| hyphenated(run[i]))
            .last()
            .map_or(run.len() - 1, |i| i - 1);
        let introduced = before.is_some_and(|b| NOUN_INTRODUCERS.contains(&b.token.norm.as_ref()));
        if (head > 0 || introduced) && passage.is_some() {
            let verbal = head + 1 == run.len() && ends_a_clause(run, after);
            if verbal {
                self.verbal_ending(run, head);
            } else if let Some(term) =
                phrase_key(&run[head..]).and_then(|k| self.concepts.get_mut(&k))
            {
                term.head_uses += 1;
            }
        }
        let verb = before.is_some_and(|b| VERB_INTRODUCERS.contains(&b.token.norm.as_ref()));
        if verb && passage.is_some() {
            if let Some(term) = phrase_key(&run[..1]).and_then(|k| self.concepts.get_mut(&k)) {
                term.verb_uses += 1;
            }
        }
    }

    /// A run whose last word (at `last`) is a verb: a verb use of that word and of each
    /// phrase ending with it ("interact", "users interact").
    fn verbal_ending(&mut self, run: &[&Word], last: usize) {
        for start in 0..=last {
            if let Some(term) = phrase_key(&run[start..]).and_then(|k| self.concepts.get_mut(&k)) {
                term.verb_uses += 1;
            }
        }
    }

    /// Counts a run's lower-case words and its sub-phrases.
    fn count_concepts(&mut self, text: &'d str, run: &[&Word], passage: Option<usize>) {
        if passage.is_some() {
            for w in run {
                if w.lex.rank < COMMON_SINGLE {
                    *self.lower_words.entry(w.lex.id).or_default() += 1;
                }
            }
        }
        for start in 0..run.len() {
            // A phrase never starts or ends inside a hyphenated compound: "centered design"
            // is no phrase of "user-centered design".
            if is_connector(run[start]) || hyphenated(run[start]) {
                continue;
            }
            let mut content = 0;
            let mut connectors = 0;
            let mut specific = false;
            // At most three content words and one connector: within a key's four words.
            let mut key: PhraseKey = 0;
            let mut tidy = true;
            for end in start..run.len() {
                tidy &= end == start || run[end].tidy_gap;
                if is_connector(run[end]) {
                    connectors += 1;
                    if connectors > 1 {
                        break;
                    }
                } else {
                    content += 1;
                    if content > MAX_CONCEPT_WORDS {
                        break;
                    }
                }
                key = words::extend(key, run[end].lex.part);
                if is_connector(run[end]) {
                    continue;
                }
                let rank = run[end].lex.rank;
                specific |= rank >= COMMON_PHRASE_WORD;
                if run.get(end + 1).is_some_and(|next| hyphenated(next)) {
                    continue;
                }
                let countable = if content == 1 {
                    rank >= COMMON_SINGLE
                } else {
                    specific
                };
                if !countable {
                    continue;
                }
                let range = run[start].token.range.start..run[end].token.range.end;
                let surface = spelling(&text[range.clone()], tidy);
                self.add_concept(key, surface, range, passage);
            }
        }
    }

    /// Runs of capitalised words in a chunk, whole and (when joined by "and", "to", "on",
    /// "in") in parts.
    fn names(&mut self, text: &'d str, chunk: &[Word], passage: Option<usize>) {
        let mut i = 0;
        while i < chunk.len() {
            if !is_name_word(&chunk[i]) {
                i += 1;
                continue;
            }
            let mut end = i + 1;
            while end < chunk.len() {
                if is_name_word(&chunk[end]) {
                    end += 1;
                } else if let Some(connectors) = name_connectors_at(chunk, end) {
                    end += connectors + 1;
                } else {
                    break;
                }
            }
            let run: Vec<&Word> = chunk[i..end].iter().collect();
            let (run, titled) = trim_name(&run);
            let weak = run
                .iter()
                .any(|w| WEAK_CONNECTORS.contains(&w.token.norm.as_ref()) && !w.capitalised);
            if weak {
                for part in run
                    .split(|w| WEAK_CONNECTORS.contains(&w.token.norm.as_ref()) && !w.capitalised)
                {
                    let (part, _) = trim_name(part);
                    self.name(text, part, passage, false);
                }
            }
            self.name(text, run, passage, titled);
            // "Then Kishida", "Filing RTIs": a common word opening a sentence may not belong
            // to the name; the rest is given too (the corpus step keeps what it supports).
            if run.len() > 1
                && run[0].sentence_initial
                && !run[0].token.upper
                && background_rank(&run[0].token.norm).is_some_and(|r| r < COMMON_OPENER)
            {
                let (rest, _) = trim_name(&run[1..]);
                self.name(text, rest, passage, titled);
            }
            i = end;
        }
    }

    fn name(&mut self, text: &'d str, run: &[&Word], passage: Option<usize>, person: bool) {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            return;
        };
        if run.len() > MAX_NAME_WORDS {
            return;
        }
        let range = first.token.range.start..last.token.range.end;
        let surface = &text[range.clone()];
        let kind = if run.len() == 1 {
            match single_name(text, first) {
                Some(kind) => kind,
                None => return,
            }
        } else {
            Kind::Name
        };
        let key = if kind == Kind::Acronym {
            acronym_key(&text[first.token.range.clone()], &first.token.norm)
        } else {
            run.iter()
                .map(|w| w.token.norm.as_ref())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let tidy = run[1..].iter().all(|w| w.tidy_gap);
        self.add_name(kind, &key, spelling(surface, tidy), range, passage, person);
    }

    /// "Right to Information (RTI)": the words before a parenthesised acronym whose initials
    /// spell it.
    fn expansions(&mut self, text: &str, words: &[Word]) {
        for (i, w) in words.iter().enumerate() {
            let before = &text[..w.token.range.start];
            let after = &text[w.token.range.end..];
            // The cheap tests first: only a word in parentheses has its letters looked at.
            if !after.starts_with(')') || !before.trim_end().ends_with('(') {
                continue;
            }
            let surface = &text[w.token.range.clone()];
            if !(w.token.upper || surface.ends_with('s') || mixed_case_acronym(surface)) {
                continue;
            }
            let letters = acronym_key(&text[w.token.range.clone()], &w.token.norm);
            if !(2..=8).contains(&letters.len())
                || !letters.chars().all(|c| c.is_ascii_alphabetic())
            {
                continue;
            }
            if let Some(start) = expansion_start(&words[..i], &letters) {
                let range = words[start].token.range.start..words[i - 1].token.range.end;
                let surface = text[range].split_whitespace().collect::<Vec<_>>().join(" ");
                self.expansions.push(Expansion {
                    acronym: letters,
                    surface,
                });
            }
        }
    }
}

/// The key of a word that its inflections share: the Snowball stem of its singular when that
/// only takes an inflection (or an adjective's "-al") off ("industries", "industry" and
/// "industrial" give `industri`, "consumed" and "consume" give `consum`), else the singular ("negotiations" and "negotiation" give
/// `negotiation`, not `negoti`, which "negotiate" shares). Derivations stay apart
/// ("developer" is not "develop", "authority" not "authors").
pub(crate) fn inflection_key(stemmer: &Stemmer, word: &str) -> String {
    let singular = singular(word);
    let stem = stemmer.stem(&singular);
    let ending = singular.get(stem.len()..).unwrap_or("x");
    let inflection = singular.starts_with(stem.as_ref())
        && ["", "e", "y", "ed", "ing", "d", "al"].contains(&ending);
    let y_to_i = stem.ends_with('i') && singular.ends_with('y') && singular.len() == stem.len();
    if inflection || y_to_i {
        stem.into_owned()
    } else {
        singular
    }
}

/// A plural's singular ("industries": "industry"), else the word.
pub(crate) fn singular(word: &str) -> String {
    if let Some(base) = word.strip_suffix("ies").filter(|b| b.len() >= 3) {
        return format!("{base}y");
    }
    for ending in ["sses", "shes", "ches", "xes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_string();
        }
    }
    match word.strip_suffix('s') {
        Some(base) if base.len() >= 3 && !base.ends_with(['s', 'u', 'i']) => base.to_string(),
        _ => word.to_string(),
    }
}

/// "Data protection is ...": a sentence's capitalised first word reads as lower case when the
/// same text also uses it in lower case and the next word is lower case.
fn lower_sentence_starts(words: &mut [Word]) {
    // The few candidates first; each is then looked for among the lower-case words (a set of
    // every lower-case word of the text, built for nearly every passage, cost more).
    let candidates: Vec<usize> = (0..words.len())
        .filter(|&i| {
            let next_lower = words.get(i + 1).is_some_and(|n| n.joined && !n.capitalised);
            let w = &words[i];
            w.sentence_initial && w.capitalised && !w.token.upper && next_lower
        })
        .collect();
    if candidates.is_empty() {
        return;
    }
    let lowered: Vec<usize> = candidates
        .into_iter()
        .filter(|&i| {
            // The same lower-case form is the same number in the word table.
            let id = words[i].lex.id;
            words.iter().any(|w| !w.capitalised && w.lex.id == id)
        })
        .collect();
    for i in lowered {
        words[i].capitalised = false;
    }
}

/// Where the expansion of `letters` starts among the words before it, if their initials
/// (connectors skipped or used) spell it exactly; it never starts with a connector ("Office of
/// Management and Budget (OMB)", not "of Management and Budget").
fn expansion_start(words: &[Word], letters: &str) -> Option<usize> {
    let wanted: Vec<char> = letters.chars().collect();
    let start = spelled_from(words, words.len(), &wanted)?;
    (words.len() - start >= 2).then_some(start)
}

/// The first of the words before `end` whose initials end with `wanted`, trying a connector
/// both as a letter ("Department of Defense (DoD)") and as skipped.
fn spelled_from(words: &[Word], end: usize, wanted: &[char]) -> Option<usize> {
    let Some((&letter, rest)) = wanted.split_last() else {
        return Some(end);
    };
    let i = end.checked_sub(1)?;
    let w = &words[i];
    if w.excluded {
        return None;
    }
    let norm = w.token.norm.as_ref();
    let connector = NAME_CONNECTORS.contains(&norm) || norm == "the";
    // "X" also stands for a word opening with "ex" ("user experience (UX)").
    let spells = norm.starts_with(letter) || (letter == 'x' && norm.starts_with("ex"));
    if spells && !(rest.is_empty() && connector) {
        if let Some(start) = spelled_from(words, i, rest) {
            return Some(start);
        }
    }
    if connector {
        return spelled_from(words, i, wanted);
    }
    None
}

/// "RTIs" and "RTI" share the key `rti`; "U.S." is `us`.
fn acronym_key(surface: &str, norm: &str) -> String {
    match surface.strip_suffix('s') {
        Some(rest) if rest.len() >= 2 && rest.chars().all(|c| c.is_uppercase()) => {
            rest.to_lowercase()
        }
        _ => norm.to_string(),
    }
}

/// "DoD", "DoE", "FedRAMP": a short word of letters, opening with a capital, more of them
/// capitals than not ("McCain", "GitHub" and "YouTube" are names).
fn mixed_case_acronym(surface: &str) -> bool {
    if !(2..=8).contains(&surface.len()) || !surface.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    let upper = surface.chars().filter(char::is_ascii_uppercase).count();
    let lower = surface.chars().filter(char::is_ascii_lowercase).count();
    upper + lower == surface.len() && upper >= 2 && upper > lower
}

/// A single capitalised word as a candidate: an acronym, or a name not at a sentence's start.
fn single_name(text: &str, w: &Word) -> Option<Kind> {
    let surface = &text[w.token.range.clone()];
    let norm = w.token.norm.as_ref();
    let acronym_plural = surface.len() >= 3
        && surface.ends_with('s')
        && surface[..surface.len() - 1].chars().all(char::is_uppercase);
    let acronym = w.token.upper || acronym_plural || mixed_case_acronym(surface);
    if acronym && (2..=8).contains(&norm.len()) {
        let key = acronym_key(surface, norm);
        let generic = GENERIC_ACRONYMS.contains(&key.as_str());
        return (!generic && key.chars().any(char::is_alphabetic)).then_some(Kind::Acronym);
    }
    let plain = norm.chars().count() >= 3 && norm.chars().all(char::is_alphabetic);
    (plain && !w.sentence_initial && !is_generic(norm)).then_some(Kind::Name)
}

/// Takes leading sentence words, titles and connectors, and trailing connectors, off a run;
/// says whether a title came off (the rest names a person).
fn trim_name<'a, 'w>(run: &'a [&'w Word<'w>]) -> (&'a [&'w Word<'w>], bool) {
    let mut run = run;
    let mut titled = false;
    // "Prime Minister Fumio Kishida", "Foreign Minister Hayashi": off up to the last title.
    if let Some(last_title) = run.iter().rposition(|w| is_title(&w.token.norm)) {
        let all_roles = run[..last_title].iter().all(|w| {
            let norm = w.token.norm.as_ref();
            is_title(norm) || is_generic(norm) || GENERIC_ACRONYMS.contains(&norm)
        });
        let followed = run
            .get(last_title + 1)
            .is_some_and(|n| n.capitalised && !NAME_CONNECTORS.contains(&n.token.norm.as_ref()));
        if all_roles && followed {
            run = &run[last_title + 1..];
            titled = true;
        }
    }
    while let Some(first) = run.first() {
        let norm = first.token.norm.as_ref();
        let next_is_connector = run
            .get(1)
            .is_some_and(|n| NAME_CONNECTORS.contains(&n.token.norm.as_ref()) && !n.capitalised);
        let opens_a_name = NAME_OPENERS.contains(&norm) && run.len() > 1;
        let drop = (is_generic(norm) && !leads_a_name(run) && !opens_a_name)
            || (NAME_CONNECTORS.contains(&norm) && !first.capitalised)
            || (GENERIC_ACRONYMS.contains(&norm) && run.get(1).is_some_and(|n| hyphenated(n)))
            || (first.sentence_initial && next_is_connector);
        if !drop {
            break;
        }
        run = &run[1..];
    }
    while let Some(last) = run.last() {
        if NAME_CONNECTORS.contains(&last.token.norm.as_ref()) && !last.capitalised {
            run = &run[..run.len() - 1];
        } else {
            break;
        }
    }
    (run, titled)
}

/// Words a verb is followed by and a noun phrase's head seldom is: its object's determiner
/// or pronoun, or a preposition a verb takes ("interact with", "redesigned the").
const VERB_FOLLOWERS: &[&str] = &[
    "with", "the", "a", "an", "their", "our", "your", "its", "this", "these", "those", "them",
    "it", "us", "to", "about",
];

/// "users interact with", "the agency redesigned its": a run's last word is a verb, not the
/// head of "users interact", when the word after it opens an object (see [`VERB_FOLLOWERS`])
/// and it is a past form ("-ed"), or follows a plural noun without agreeing with it as a noun
/// would (no plural itself).
fn ends_a_clause(run: &[&Word], after: Option<&Word>) -> bool {
    let Some(last) = run.last() else {
        return false;
    };
    if !after.is_some_and(|a| VERB_FOLLOWERS.contains(&a.token.norm.as_ref())) || hyphenated(last) {
        return false;
    }
    let word = last.token.norm.as_ref();
    let past = word.len() >= 5 && word.ends_with("ed") && !word.ends_with("eed");
    let plural_subject = run.len() >= 2 && {
        let subject = run[run.len() - 2].token.norm.as_ref();
        !INNER_CONNECTORS.contains(&subject) && singular(subject) != subject
    };
    past || (plural_subject && !word.ends_with('s'))
}

/// "U.S. Forces Japan": an acronym such as "U.S." before two or more capitalised words (no
/// connector) is part of the name, or "Forces Japan" would be a name of its own.
fn leads_a_name(run: &[&Word]) -> bool {
    let [first, rest @ ..] = run else {
        return false;
    };
    first.token.upper
        && GENERIC_ACRONYMS.contains(&first.token.norm.as_ref())
        && rest.len() >= 2
        && !hyphenated(rest[0])
        && rest.iter().all(|w| w.capitalised && !is_connector(w))
}

/// "U.S.-Japan": two words joined by a hyphen (a generic acronym so joined is an adjective).
fn hyphenated(b: &Word) -> bool {
    b.joined && b.hyphen_before
}

/// Words that title a person ("Prime Minister", "Senator").
fn is_title(norm: &str) -> bool {
    const TITLES: &[&str] = &[
        "president",
        "minister",
        "secretary",
        "ambassador",
        "chancellor",
        "premier",
        "governor",
        "mayor",
        "senator",
        "sen",
        "rep",
        "mr",
        "mrs",
        "ms",
        "dr",
        "professor",
        "prof",
        "chairman",
        "chairwoman",
        "director",
        "king",
        "queen",
        "emperor",
        "speaker",
    ];
    TITLES.contains(&norm)
}

fn is_connector(w: &Word) -> bool {
    w.lex.connector
}

fn is_concept_word(w: &Word) -> bool {
    !w.excluded && !w.capitalised && w.lex.concept
}

/// The key of a run of concept words, `None` when it is longer than any counted phrase.
fn phrase_key(run: &[&Word]) -> Option<PhraseKey> {
    words::key_of(run.iter().map(|w| w.lex.part))
}

/// A spelling as a candidate keeps it: with single spaces between its words (`tidy`: the
/// spaces between its words are single spaces already, see `Word::tidy_gap`).
fn spelling(surface: &str, tidy: bool) -> Cow<'_, str> {
    if tidy
        || !(surface.contains(|c: char| c.is_whitespace() && c != ' ') || surface.contains("  "))
    {
        Cow::Borrowed(surface)
    } else {
        Cow::Owned(surface.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

fn is_name_word(w: &Word) -> bool {
    !w.excluded && w.capitalised
}

/// A headline-like text (short, most words capitalised) tells nothing about names.
fn is_headline(words: &[Word]) -> bool {
    if words.len() > 14 {
        return false;
    }
    let lettered: Vec<&Word> = words
        .iter()
        .filter(|w| w.token.norm.len() > 3 && background_rank(&w.token.norm).is_some())
        .collect();
    lettered.len() >= 3
        && lettered.iter().filter(|w| w.capitalised).count() * 10 >= lettered.len() * 7
}

/// The words of a text, each marked with where it stands.
fn words_of<'l>(
    text: &str,
    lowered: &'l str,
    masked: &[Range<usize>],
    mut lexeme: impl FnMut(&str) -> Lexeme,
) -> Vec<Word<'l>> {
    let tokens = scan(text, lowered);
    let templates = template_spans(text);
    let mut words: Vec<Word<'l>> = Vec::with_capacity(tokens.len());
    let mut previous_end = 0;
    // The last whitespace-delimited word looked at, and whether it is code-like: its tokens
    // share it ("U.S.-Japan").
    let mut code_like: Option<(Range<usize>, bool)> = None;
    for token in tokens {
        let gap = &text[previous_end..token.range.start];
        let first_word = words.is_empty();
        // `U.S. Forces`: the dot closing a short abbreviation joins.
        let gap_joins = words.last().is_some_and(|p: &Word| {
            let gap = if p.token.upper && p.token.norm.len() <= 3 {
                gap.strip_prefix('.').unwrap_or(gap)
            } else {
                gap
            };
            !gap.is_empty()
                && gap
                    .chars()
                    .all(|c| matches!(c, ' ' | '-' | '\u{2010}' | '\u{2011}'))
        });
        let before = text[..token.range.start]
            .trim_end_matches(|c: char| c.is_whitespace() || "\"'“‘([".contains(c));
        let sentence_initial = first_word
            || before.is_empty()
            || before.ends_with(['.', '!', '?', ':', ';', '•', '—']);
        let excluded = masked
            .iter()
            .chain(&templates)
            .any(|m| m.start < token.range.end && token.range.start < m.end)
            || in_code_like_word(text, &token.range, &mut code_like)
            || is_contracted(&text[token.range.end..]);
        let capitalised = text[token.range.clone()]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() && token.upper);
        previous_end = token.range.end;
        let hyphen_before = gap.contains(['-', '\u{2010}', '\u{2011}', '\u{2013}']);
        let tidy_gap = gap == " "
            || !(gap.contains(|c: char| c.is_whitespace() && c != ' ') || gap.contains("  "));
        words.push(Word {
            tidy_gap,
            lex: lexeme(&token.norm),
            token,
            excluded,
            capitalised,
            joined: gap_joins,
            hyphen_before,
            sentence_initial,
        });
    }
    words
}

/// How many lower-case connectors at `at` join the name before to a name word after: one
/// ("Ministry of Electronics"), or one and "the" ("Department of the Interior").
fn name_connectors_at(chunk: &[Word], at: usize) -> Option<usize> {
    let connector = |i: usize| {
        chunk
            .get(i)
            .is_some_and(|w| NAME_CONNECTORS.contains(&w.token.norm.as_ref()) && !w.capitalised)
    };
    if !connector(at) {
        return None;
    }
    if chunk.get(at + 1).is_some_and(is_name_word) {
        return Some(1);
    }
    let the = chunk
        .get(at + 1)
        .is_some_and(|w| w.token.norm == "the" && !w.capitalised);
    (the && chunk[at].token.norm != "the" && chunk.get(at + 2).is_some_and(is_name_word))
        .then_some(2)
}

/// Whether a word is the first part of a contraction ("doesn’t", "they're", "we’ll"): a
/// function word, never a candidate. `after` is the text right after the word; a possessive
/// ("Japan’s") is no contraction.
fn is_contracted(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(['\'', '’']) else {
        return false;
    };
    let letters = rest.len() - rest.trim_start_matches(char::is_alphabetic).len();
    let ending = rest[..letters].to_ascii_lowercase();
    ["t", "re", "ve", "ll", "d", "m"].contains(&ending.as_str())
}

/// Where template syntax of other generators sits in a text (`{{< figure ... >}}`,
/// `{% include ... %}`): never read for candidates.
fn template_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    // Both open with a brace: most texts have none (one fast scan instead of two searches).
    if !text.contains('{') {
        return spans;
    }
    for (open, close) in [("{{", "}}"), ("{%", "%}")] {
        let mut from = 0;
        while let Some(start) = text[from..].find(open).map(|i| from + i) {
            let end = text[start..]
                .find(close)
                .map_or(text.len(), |i| start + i + close.len());
            spans.push(start..end);
            from = end;
        }
    }
    spans
}

/// Characters that make a word code, a URL, a path or template syntax (all ASCII).
const CODE_BYTES: [bool; 128] = {
    let mut table = [false; 128];
    let chars = b"/\\_@={}<>|#$%`~^*[]";
    let mut i = 0;
    while i < chars.len() {
        table[chars[i] as usize] = true;
        i += 1;
    }
    table
};

/// True when the whitespace-delimited word around `range` looks like code, a URL, a path or
/// template syntax rather than prose (`last`: the word this was last asked for, and the
/// answer, kept for the next token).
fn in_code_like_word(
    text: &str,
    range: &Range<usize>,
    last: &mut Option<(Range<usize>, bool)>,
) -> bool {
    if let Some((word, code)) = last {
        if word.start <= range.start && range.end <= word.end {
            return *code;
        }
    }
    let start = text[..range.start]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[range.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| range.end + i);
    let code = code_like(&text[start..end]);
    *last = Some((start..end, code));
    code
}

/// A whitespace-delimited word that looks like code, a URL, a path or template syntax.
fn code_like(word: &str) -> bool {
    if word
        .bytes()
        .any(|b| CODE_BYTES.get(usize::from(b)).copied().unwrap_or(false))
    {
        return true;
    }
    // A dot between letters inside a word (`example.com`, `config.toml`), but not `U.S.`.
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    core.contains('.') && core.split('.').any(|part| part.chars().count() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        let doc = crate::parse::parsed_for_tests("a.md", text);
        let mut out: Vec<String> = extract(&doc)
            .terms
            .iter()
            .map(|t| format!("{:?}:{}", t.key.0, t.surfaces[0].0.to_lowercase()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_word_is_stemmed_once_per_thread_not_once_per_document() {
        let text = "---\ntitle: Chips\n---\nSupply chains and semiconductor export controls.\n\nSupply chains shifted.";
        let first = crate::parse::parsed_for_tests("a.md", text);
        let second = crate::parse::parsed_for_tests("b.md", text);
        let stemmed_so_far = || super::super::words::STEMMED.with(std::cell::Cell::get);
        let before = stemmed_so_far();
        let terms = extract(&first);
        let stemmed = stemmed_so_far() - before;
        assert!(stemmed > 0);
        assert_eq!(extract(&second), terms);
        assert_eq!(stemmed_so_far() - before, stemmed);
    }

    #[test]
    fn lower_case_concepts_and_their_sub_phrases() {
        let k = keys("Japan's economic security strategy matters. The economic security strategy grew.\n\nData protection and internet shutdowns: internet shutdowns hurt data protection.");
        for want in [
            "Concept:economic security",
            "Concept:economic security strategy",
            "Concept:data protection",
            "Concept:internet shutdowns",
        ] {
            assert!(k.contains(&want.to_string()), "{want} in {k:?}");
        }
        assert!(!k.iter().any(|k| k.contains("matters")), "{k:?}");
    }

    #[test]
    fn a_sentence_start_used_in_lower_case_elsewhere_is_a_concept() {
        let k = keys("Semiconductor exports grew. Officials said semiconductor exports matter.\n\nTaiwan exports chips. Taiwan Semiconductor grew.");
        assert!(
            k.contains(&"Concept:semiconductor exports".to_string()),
            "{k:?}"
        );
        assert!(
            !k.iter().any(|k| k == "Name:semiconductor exports"),
            "{k:?}"
        );
        assert!(!k.iter().any(|k| k.starts_with("Concept:taiwan")), "{k:?}");
    }

    #[test]
    fn names_stay_whole_across_and_and_of() {
        let k = keys("The Ministry of Electronics and Information Technology said so. Later the Ministry of Electronics and Information Technology agreed.");
        assert!(
            k.contains(&"Name:ministry of electronics and information technology".to_string()),
            "{k:?}"
        );
    }

    #[test]
    fn nothing_from_code_urls_or_paths() {
        let k = keys("Run `Zion National Park` twice: `Zion National Park`.\n\nSee https://example.com/Zion_Park and src/Zion/Park.rs or {{ .Site.Title }} and {{ .Site.Title }}; example.com again example.com.");
        assert!(
            !k.iter()
                .any(|k| k.contains("Zion") || k.contains("Site") || k.contains("example")),
            "{k:?}"
        );
    }

    #[test]
    fn wide_spaces_before_a_word_are_fine() {
        let k = keys(
            "Yesterday the\u{a0}Central Violations Bureau ruled on many parking cases in the city, and later the\u{a0}Central Violations Bureau published what it found.",
        );
        assert!(
            k.contains(&"Name:central violations bureau".to_string()),
            "{k:?}"
        );
    }

    #[test]
    fn spellings_across_double_spaces_are_tidied_and_code_words_left_out() {
        let doc = crate::parse::parsed_for_tests(
            "a.md",
            "The Central  Violations Bureau met on supply  chains. The Central Violations Bureau and supply chains again, not example.com/Supply_Chains or U.S.-Japan/Supply.",
        );
        let terms = extract(&doc);
        let surfaces: Vec<&str> = terms
            .terms
            .iter()
            .flat_map(|t| t.surfaces.iter().map(|(s, _)| s.as_str()))
            .collect();
        assert!(
            surfaces.contains(&"Central Violations Bureau"),
            "{surfaces:?}"
        );
        assert!(surfaces.contains(&"supply chains"), "{surfaces:?}");
        assert!(!surfaces.iter().any(|s| s.contains("  ")), "{surfaces:?}");
        assert!(
            !surfaces
                .iter()
                .any(|s| s.contains("Supply") || s.contains("Japan")),
            "{surfaces:?}"
        );
    }

    #[test]
    fn titles_come_off_names_and_acronyms_pair_with_expansions() {
        let doc = crate::parse::parsed_for_tests(
            "a.md",
            "Prime Minister Fumio Kishida spoke. Then Fumio Kishida left.\n\nThe Right to Information (RTI) law and RTIs filed. Good user experience (UX) helps.",
        );
        let terms = extract(&doc);
        let names: Vec<&str> = terms.terms.iter().map(|t| t.key.1.as_str()).collect();
        assert!(names.contains(&"fumio kishida"), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("minister")), "{names:?}");
        assert_eq!(
            terms.expansions,
            [
                Expansion {
                    acronym: "rti".into(),
                    surface: "Right to Information".into()
                },
                Expansion {
                    acronym: "ux".into(),
                    surface: "user experience".into()
                }
            ]
        );
    }

    #[test]
    fn what_a_document_keeps_has_no_spare_capacity() {
        // Every document's candidates live together until the corpus step is done.
        let doc = crate::parse::parsed_for_tests(
            "a.md",
            "Economic security matters. Economic security grew, and Fumio Kishida spoke twice.\n\nThe Trade Ministry and Fumio Kishida met; economic security again.",
        );
        let terms = extract(&doc);
        assert!(!terms.terms.is_empty());
        assert_eq!(terms.terms.capacity(), terms.terms.len());
        for term in &terms.terms {
            assert_eq!(term.surfaces.capacity(), term.surfaces.len(), "{term:?}");
        }
    }
}
