//! Related documents: shared topics and similar wording, with the reason shown.
//!
//! Each document gets a TF-IDF vector of its 16 strongest terms. Scores accumulate through an
//! inverted index over those terms (only the 64 strongest documents per term are kept) and
//! through the documents of the small topics it is filed under, so the pass stays linear in
//! the corpus, never pairwise. A document's score is half the cosine of the two vectors and half
//! the share of this document's topics (weighted by rarity) that it also has.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use super::memo::{BodyOf, PerDocument, WholeCorpus};
use super::Topic;
use crate::parse::body::Body;
use crate::parse::Document;

const TERMS_PER_DOC: usize = 16;
const POSTINGS_PER_TERM: usize = 64;
/// Topics with more documents than this do not propose candidates (they still score).
const TOPIC_CANDIDATE_LIMIT: usize = 200;
const MIN_SCORE: f64 = 0.05;

/// Every document's related documents, shared between the corpus and `dossier serve`'s cache.
pub(crate) type Related = Arc<Vec<Vec<RelatedDocument>>>;

/// A document related to another.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RelatedDocument {
    pub doc: usize,
    pub score: f64,
    /// Topics both documents are filed under, rarest first.
    pub shared_topics: Vec<usize>,
}

/// For each document, up to `limit` related documents, best first. `cache` keeps the last run
/// for the next (`dossier serve`; a build passes a new one): each document's term counts are a
/// per-document step of the generic memo (keyed by its body), and the scoring is a whole-corpus
/// step keyed by those counts, the topics' filings and the limit, which rescores only what an
/// edit touches when it can.
pub(crate) fn related(
    documents: &[Document],
    topics: &[Topic],
    limit: usize,
    cache: &mut RelatedCache,
) -> Related {
    let words: Vec<BodyOf> = documents.iter().map(BodyOf::new).collect();
    let counts = cache
        .counts
        .outputs(&words, |w| Arc::new(term_counts(w.body)));
    let input = ScoringInput {
        counts,
        filed: topics
            .iter()
            .map(|t| t.documents.iter().map(|f| f.doc).collect())
            .collect(),
        limit,
    };
    let rescored = &mut cache.rescored;
    let scored = cache
        .scored
        .get(&input, |input, last| Scored::of(input, last, rescored));
    scored.related.clone()
}

#[cfg(test)]
impl RelatedCache {
    /// How many documents' terms were counted so far.
    pub(super) fn countings(&self) -> usize {
        self.counts.runs()
    }
}

/// What [`related`] keeps from the last run.
#[derive(Default)]
pub(crate) struct RelatedCache {
    counts: PerDocument<Counts>,
    scored: WholeCorpus<Scored>,
    /// How many runs rescored only some documents (for tests).
    pub(super) rescored: usize,
}

/// Everything related documents are scored from: the whole input of the scoring step.
struct ScoringInput {
    /// Each document's term counts, in corpus order, with the print of the body they were
    /// counted from (what the memo hashes them by).
    counts: Vec<(u64, Counts)>,
    /// The documents filed under each topic (ascending indices).
    filed: Vec<Vec<usize>>,
    limit: usize,
}

impl Hash for ScoringInput {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // Destructured: a new field does not compile until it is hashed.
        let ScoringInput {
            counts,
            filed,
            limit,
        } = self;
        for (print, _) in counts {
            print.hash(h);
        }
        (filed, limit).hash(h);
    }
}

/// The scoring step's output: the related documents, and what they were scored with, so the
/// next run can rescore only what its input changed.
struct Scored {
    related: Related,
    /// The input's term counts, filings and limit.
    counts: Vec<Counts>,
    filed: Vec<Vec<usize>>,
    limit: usize,
    /// Document frequencies over `counts`.
    df: TermMap<u32>,
    /// The vectors and postings (`None` when nothing was scored: a limit of 0, one document).
    scoring: Option<Scoring>,
}

impl Scored {
    /// The related documents of `input`: `last` rescored where it can be, else from scratch.
    fn of(input: &ScoringInput, last: Option<Scored>, rescored: &mut usize) -> Scored {
        let counts: Vec<Counts> = input.counts.iter().map(|(_, c)| c.clone()).collect();
        if input.limit == 0 || counts.len() < 2 {
            return Scored {
                related: Arc::new(vec![Vec::new(); counts.len()]),
                counts,
                filed: input.filed.clone(),
                limit: input.limit,
                df: TermMap::default(),
                scoring: None,
            };
        }
        if let Some(last) = last.filter(|l| l.comparable(input)) {
            if let Some(scored) = last.rescore(counts.clone(), input) {
                *rescored += 1;
                return scored;
            }
        }
        Scored::fresh(counts, input)
    }

    fn fresh(counts: Vec<Counts>, input: &ScoringInput) -> Scored {
        let df = document_frequencies(&counts);
        let vectors = tfidf_vectors(&counts, &df);
        let scoring = Scoring::new(vectors, &input.filed);
        let related = scoring.score(&input.filed, input.limit, (0..counts.len()).into_par_iter());
        Scored {
            related: Arc::new(related),
            counts,
            filed: input.filed.clone(),
            limit: input.limit,
            df,
            scoring: Some(scoring),
        }
    }

    /// Whether the last result can be rescored for `input`: as many documents, the same
    /// filings and limit, and something scored.
    fn comparable(&self, input: &ScoringInput) -> bool {
        self.scoring.is_some()
            && self.counts.len() == input.counts.len()
            && self.filed == input.filed
            && self.limit == input.limit
    }

    /// The last result with only what the changed counts touch scored again: documents whose
    /// counts changed, or that have a term whose document frequency changed, get new vectors;
    /// postings of the terms those touch are cut again; documents with a term whose cut
    /// postings changed (and those with new vectors) are scored again. `None`: too many terms
    /// changed, score all.
    fn rescore(mut self, counts: Vec<Counts>, input: &ScoringInput) -> Option<Scored> {
        let changed_docs: Vec<usize> = (0..counts.len())
            .filter(|&d| !Arc::ptr_eq(&counts[d], &self.counts[d]) && counts[d] != self.counts[d])
            .collect();
        if changed_docs.is_empty() {
            // Bodies read again to the same counts (a word typed outside every term): the
            // vectors, postings and scores are those of the last run.
            self.counts = counts;
            return Some(self);
        }
        let mut changed_terms = Vec::new();
        for &d in &changed_docs {
            let (added, removed) = term_difference(&counts[d], &self.counts[d]);
            add_terms(&mut self.df, &added, 1, &mut changed_terms);
            add_terms(&mut self.df, &removed, -1, &mut changed_terms);
        }
        changed_terms.sort_unstable();
        changed_terms.dedup();
        if changed_terms.len() > RESCORE_TERM_LIMIT {
            return None;
        }
        let mut scoring = self.scoring.take()?;
        let has_changed_term = |d: usize| {
            changed_terms
                .iter()
                .any(|t| counts[d].binary_search_by_key(t, |&(term, _)| term).is_ok())
        };
        let stale: Vec<usize> = (0..counts.len())
            .into_par_iter()
            .filter(|&d| changed_docs.binary_search(&d).is_ok() || has_changed_term(d))
            .collect();
        let new_vectors: Vec<(usize, Vector)> = stale
            .par_iter()
            .map(|&d| (d, tfidf_vector(&counts[d], &self.df, counts.len())))
            .filter(|(d, v)| *v != scoring.vectors[*d])
            .collect();
        let mut rescore: Vec<usize> = new_vectors.iter().map(|(d, _)| *d).collect();
        let mut touched = Vec::new();
        for (d, vector) in new_vectors {
            touched.extend(scoring.replace_vector(d, vector));
        }
        touched.sort_unstable();
        touched.dedup();
        // The documents whose vector has a term whose cut list changed: that term's whole
        // posting list (every document with it in its vector), not a pass over every vector.
        for term in scoring.recut(&touched) {
            let holders = scoring
                .all_postings
                .get(&term)
                .map_or(&[][..], Vec::as_slice);
            rescore.extend(holders.iter().map(|&(d, _)| d));
        }
        rescore.sort_unstable();
        rescore.dedup();
        // Unique once the last corpus handed its copy back (`AnalysisCache::recycle`).
        let lists = Arc::make_mut(&mut self.related);
        let scored = scoring.score(&input.filed, input.limit, rescore.par_iter().copied());
        for (d, list) in rescore.into_iter().zip(scored) {
            lists[d] = list;
        }
        self.scoring = Some(scoring);
        self.counts = counts;
        Some(self)
    }
}

/// What the last result was scored with.
struct Scoring {
    vectors: Vec<Vector>,
    /// Term -> every document whose vector has it, with its weight (in no particular order).
    all_postings: TermMap<Vec<(usize, f64)>>,
    /// The same, cut to the strongest (what scoring reads).
    postings: TermMap<Vec<(usize, f64)>>,
    /// Each document's topics (ascending) and each topic's weight, from the filings scored
    /// with (a rescore has the same filings: [`Scored::comparable`]).
    doc_topics: Vec<Vec<usize>>,
    topic_weight: Vec<f64>,
}

impl Scoring {
    fn new(vectors: Vec<Vector>, filed: &[Vec<usize>]) -> Scoring {
        let mut all_postings: TermMap<Vec<(usize, f64)>> = TermMap::default();
        for (d, v) in vectors.iter().enumerate() {
            for &(id, w) in v {
                all_postings.entry(id).or_default().push((d, w));
            }
        }
        let mut postings = all_postings.clone();
        for list in postings.values_mut() {
            keep_strongest(list);
        }
        let count = vectors.len();
        Scoring {
            vectors,
            all_postings,
            postings,
            doc_topics: topics_by_doc(filed, count),
            topic_weight: filed
                .iter()
                .map(|docs| ((count as f64 + 1.0) / (docs.len() as f64 + 1.0)).ln() + 0.1)
                .collect(),
        }
    }

    /// Related documents of the documents in `which`, in that order (`filed`: the documents
    /// filed under each topic, those the scoring was made with).
    fn score(
        &self,
        filed: &[Vec<usize>],
        limit: usize,
        which: impl IndexedParallelIterator<Item = usize>,
    ) -> Vec<Vec<RelatedDocument>> {
        let inputs = Inputs {
            vectors: &self.vectors,
            postings: &self.postings,
            doc_topics: &self.doc_topics,
            filed,
            topic_weight: &self.topic_weight,
        };
        let count = self.vectors.len();
        which
            .with_min_len(256)
            .map_init(
                || Scratch::new(count),
                |scratch, d| inputs.related_to(d, limit, scratch),
            )
            .collect()
    }

    /// Puts document `d`'s new vector in place; returns the terms whose postings it touched.
    fn replace_vector(&mut self, d: usize, vector: Vector) -> Vec<TermId> {
        let old = std::mem::replace(&mut self.vectors[d], vector);
        for &(term, _) in &old {
            if let Some(list) = self.all_postings.get_mut(&term) {
                list.retain(|&(doc, _)| doc != d);
            }
        }
        for &(term, w) in &self.vectors[d] {
            self.all_postings.entry(term).or_default().push((d, w));
        }
        old.iter()
            .chain(&self.vectors[d])
            .map(|&(t, _)| t)
            .collect()
    }

    /// Cuts the touched terms' postings again; returns the terms whose cut list changed.
    fn recut(&mut self, terms: &[TermId]) -> Vec<TermId> {
        let mut changed = Vec::new();
        for &term in terms {
            let mut list = self.all_postings.get(&term).cloned().unwrap_or_default();
            if list.is_empty() {
                self.all_postings.remove(&term);
            }
            keep_strongest(&mut list);
            let old = if list.is_empty() {
                self.postings.remove(&term)
            } else {
                self.postings.insert(term, list.clone())
            };
            if old.unwrap_or_default() != list {
                changed.push(term);
            }
        }
        changed
    }
}

/// Beyond this many terms with a new document frequency, scoring starts over.
const RESCORE_TERM_LIMIT: usize = 256;

/// Counts each of a document's terms once more (`by` = 1) or once less (-1) in `df`; a term
/// no document has any more leaves it.
fn add_terms(df: &mut TermMap<u32>, counts: &[(TermId, u32)], by: i32, changed: &mut Vec<TermId>) {
    changed.extend(counts.iter().map(|&(term, _)| term));
    for &(term, _) in counts {
        let n = df.entry(term).or_insert(0);
        *n = n.saturating_add_signed(by);
        if *n == 0 {
            df.remove(&term);
        }
    }
}

/// The terms of `new` that `old` lacks, and those of `old` that `new` lacks (both sorted).
fn term_difference(new: &[(TermId, u32)], old: &[(TermId, u32)]) -> (TermList, TermList) {
    let has = |list: &[(TermId, u32)], term: TermId| {
        list.binary_search_by_key(&term, |&(t, _)| t).is_ok()
    };
    let added = new
        .iter()
        .filter(|&&(t, _)| !has(old, t))
        .copied()
        .collect();
    let removed = old
        .iter()
        .filter(|&&(t, _)| !has(new, t))
        .copied()
        .collect();
    (added, removed)
}

/// What scoring needs, computed once for the corpus.
struct Inputs<'a> {
    vectors: &'a [Vector],
    postings: &'a TermMap<Vec<(usize, f64)>>,
    doc_topics: &'a [Vec<usize>],
    filed: &'a [Vec<usize>],
    topic_weight: &'a [f64],
}

/// Per-thread accumulators, one slot per document, reset after each use.
struct Scratch {
    cosine: Vec<f64>,
    overlap: Vec<f64>,
    touched: Vec<usize>,
}

impl Scratch {
    fn new(n: usize) -> Scratch {
        Scratch {
            cosine: vec![0.0; n],
            overlap: vec![0.0; n],
            touched: Vec::new(),
        }
    }

    fn touch(&mut self, c: usize) {
        if self.cosine[c] == 0.0 && self.overlap[c] == 0.0 {
            self.touched.push(c);
        }
    }
}

impl Inputs<'_> {
    /// Accumulates cosine contributions through the postings of `d`'s terms and topic overlap
    /// through its small topics, then ranks the touched documents.
    fn related_to(&self, d: usize, limit: usize, scratch: &mut Scratch) -> Vec<RelatedDocument> {
        for &(term, weight) in &self.vectors[d] {
            for &(c, other) in self.postings.get(&term).map_or(&[][..], Vec::as_slice) {
                if c != d {
                    scratch.touch(c);
                    scratch.cosine[c] += weight * other;
                }
            }
        }
        let mine = &self.doc_topics[d];
        let total: f64 = mine.iter().map(|&t| self.topic_weight[t]).sum();
        for &t in mine {
            if self.filed[t].len() > TOPIC_CANDIDATE_LIMIT {
                continue;
            }
            for &other in &self.filed[t] {
                if other != d {
                    scratch.touch(other);
                    scratch.overlap[other] += self.topic_weight[t];
                }
            }
        }
        let mut scored: Vec<RelatedDocument> = Vec::new();
        for &c in &scratch.touched {
            let overlap = if total > 0.0 {
                scratch.overlap[c] / total
            } else {
                0.0
            };
            let score = 0.5 * scratch.cosine[c] + 0.5 * overlap;
            if score >= MIN_SCORE {
                scored.push(RelatedDocument {
                    doc: c,
                    score,
                    shared_topics: Vec::new(),
                });
            }
            scratch.cosine[c] = 0.0;
            scratch.overlap[c] = 0.0;
        }
        scratch.touched.clear();
        let best = |a: &RelatedDocument, b: &RelatedDocument| {
            b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc))
        };
        // The order is total (documents are distinct), so the best few are found without
        // sorting every candidate.
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, best);
            scored.truncate(limit);
        }
        scored.sort_by(best);
        // The candidate list can be long; keep only what is returned.
        scored.shrink_to_fit();
        for r in &mut scored {
            r.shared_topics = shared_topics(mine, &self.doc_topics[r.doc], self.topic_weight);
        }
        scored
    }
}

/// A term, as a 64-bit hash of its lowercased text (collisions are negligible at corpus sizes,
/// and hashing keeps millions of term strings out of memory).
type TermId = u64;
type Vector = Vec<(TermId, f64)>;
/// A map keyed by term id. Term ids are already hashes, so they are only mixed, not hashed
/// again (maps of them are the inner loops of this module).
type TermMap<V> = HashMap<TermId, V, BuildHasherDefault<TermHasher>>;

/// Mixes a term id's bits (a multiply and a fold) for hash tables that use high and low bits.
#[derive(Default)]
struct TermHasher(u64);

impl Hasher for TermHasher {
    fn finish(&self) -> u64 {
        let h = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^ (h >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Terms with their counts in a document, sorted by term.
type TermList = Vec<(TermId, u32)>;
/// A document's term frequencies (see [`term_counts`]), shared with the cache.
type Counts = Arc<TermList>;

/// In how many documents each term occurs.
fn document_frequencies(counts: &[Counts]) -> TermMap<u32> {
    counts
        .par_iter()
        .fold(TermMap::default, |mut df: TermMap<u32>, counts| {
            for &(term, _) in counts.iter() {
                *df.entry(term).or_insert(0) += 1;
            }
            df
        })
        .reduce(TermMap::default, |mut a, b| {
            let (small, mut large) = if a.len() < b.len() {
                (a, b)
            } else {
                (b, std::mem::take(&mut a))
            };
            for (term, n) in small {
                *large.entry(term).or_insert(0) += n;
            }
            large
        })
}

/// Sparse, L2-normalised TF-IDF vectors of each document's strongest terms (sorted by term),
/// from its term counts and the document frequencies `df` over all of them.
fn tfidf_vectors(counts: &[Counts], df: &TermMap<u32>) -> Vec<Vector> {
    counts
        .par_iter()
        .map(|c| tfidf_vector(c, df, counts.len()))
        .collect()
}

/// One document's vector (see [`tfidf_vectors`]).
fn tfidf_vector(counts: &[(TermId, u32)], df: &TermMap<u32>, count: usize) -> Vector {
    let n = count as f64;
    let strongest = |a: &(TermId, f64), b: &(TermId, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let mut v: Vector = counts
        .iter()
        .filter_map(|&(term, tf)| {
            let idf = (n / f64::from(*df.get(&term)?)).ln();
            Some((term, (1.0 + f64::from(tf).ln()) * idf))
        })
        .filter(|(_, w)| *w > 0.0)
        .collect();
    // The order is total (terms are distinct), so the strongest few are found without
    // sorting them all.
    if v.len() > TERMS_PER_DOC {
        v.select_nth_unstable_by(TERMS_PER_DOC - 1, strongest);
        v.truncate(TERMS_PER_DOC);
    }
    v.sort_by(strongest);
    v.shrink_to_fit();
    let norm = v
        .iter()
        .map(|(_, w)| w * w)
        .sum::<f64>()
        .sqrt()
        .max(f64::EPSILON);
    v.iter_mut().for_each(|(_, w)| *w /= norm);
    v.sort_by_key(|(id, _)| *id);
    v
}

/// Term frequencies of a document: lowercased words of 3+ letters, stopwords and numbers out;
/// sorted by term.
fn term_counts(body: &Body) -> Vec<(TermId, u32)> {
    // Every term's id once per occurrence, then sorted and counted (no map per document).
    let mut ids: Vec<TermId> = Vec::new();
    for passage in &body.passages {
        passage_terms(&passage.text, &mut ids);
    }
    ids.sort_unstable();
    super::run_lengths(ids)
}

/// Adds the id of each term of `text` (a word: a run of alphanumeric characters) to `ids`.
/// An ASCII word is lowered and hashed as it is read, byte by byte; another is lowered
/// character by character.
fn passage_terms(text: &str, ids: &mut Vec<TermId>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (start, b) = (i, bytes[i]);
        if b.is_ascii() && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        // A word starts here (or a non-ASCII character that is not a word's, skipped).
        let mut word = AsciiWord::new();
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                word.push(b);
                i += 1;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                return;
            };
            if !c.is_alphanumeric() {
                break;
            }
            word.ascii = false;
            word.digits = false;
            i += c.len_utf8();
        }
        if i == start {
            // A non-ASCII character that is no word's.
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let len = i - start;
        if len < 3 || word.digits {
            continue;
        }
        if word.ascii {
            if !is_stopword_bytes(&word.short[..len.min(STOPWORD_MAX + 1)]) {
                ids.push(word.hash);
            }
            continue;
        }
        let lower: String = text[start..i]
            .chars()
            .flat_map(char::to_lowercase)
            .collect();
        if !is_stopword(&lower) {
            ids.push(term_id(&lower));
        }
    }
}

/// An ASCII word being read: its lowered bytes' FNV-1a hash ([`term_id`]), its first bytes
/// lowered (enough to tell a stopword), whether it is all digits.
struct AsciiWord {
    hash: TermId,
    short: [u8; STOPWORD_MAX + 1],
    len: usize,
    digits: bool,
    ascii: bool,
}

impl AsciiWord {
    fn new() -> AsciiWord {
        AsciiWord {
            hash: FNV_OFFSET,
            short: [0; STOPWORD_MAX + 1],
            len: 0,
            digits: true,
            ascii: true,
        }
    }

    #[inline]
    fn push(&mut self, b: u8) {
        let lower = b.to_ascii_lowercase();
        self.hash = (self.hash ^ u64::from(lower)).wrapping_mul(FNV_PRIME);
        if let Some(slot) = self.short.get_mut(self.len) {
            *slot = lower;
        }
        self.len += 1;
        self.digits &= b.is_ascii_digit();
    }
}

/// The length of the longest stopword ([`is_stopword`]).
const STOPWORD_MAX: usize = 7;
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a: a fixed, fast hash, so term ids are the same on every run and machine.
fn term_id(word: &str) -> TermId {
    word.bytes().fold(FNV_OFFSET, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(FNV_PRIME)
    })
}

fn is_stopword(word: &str) -> bool {
    is_stopword_bytes(word.as_bytes())
}

/// [`is_stopword`] of a word's bytes.
fn is_stopword_bytes(word: &[u8]) -> bool {
    // A `match` on byte-string literals compiles to a length switch, then a few comparisons.
    matches!(
        word,
        b"the"
            | b"and"
            | b"for"
            | b"that"
            | b"with"
            | b"this"
            | b"from"
            | b"are"
            | b"was"
            | b"were"
            | b"has"
            | b"have"
            | b"had"
            | b"its"
            | b"their"
            | b"they"
            | b"them"
            | b"will"
            | b"would"
            | b"could"
            | b"should"
            | b"not"
            | b"but"
            | b"also"
            | b"more"
            | b"than"
            | b"which"
            | b"who"
            | b"whom"
            | b"what"
            | b"when"
            | b"where"
            | b"while"
            | b"into"
            | b"over"
            | b"such"
            | b"these"
            | b"those"
            | b"been"
            | b"being"
            | b"can"
            | b"may"
            | b"might"
            | b"must"
            | b"our"
            | b"his"
            | b"her"
            | b"she"
            | b"him"
            | b"you"
            | b"your"
            | b"all"
            | b"any"
            | b"each"
            | b"other"
            | b"some"
            | b"most"
            | b"very"
            | b"about"
            | b"after"
            | b"before"
            | b"between"
            | b"both"
            | b"through"
            | b"under"
            | b"only"
            | b"own"
            | b"same"
            | b"there"
            | b"then"
            | b"once"
            | b"here"
            | b"why"
            | b"how"
            | b"because"
            | b"does"
            | b"did"
            | b"doing"
            | b"just"
            | b"now"
            | b"out"
            | b"off"
            | b"too"
            | b"one"
            | b"two"
            | b"new"
            | b"said"
            | b"says"
    )
}

/// Keeps a posting list's [`POSTINGS_PER_TERM`] strongest entries, strongest first. The order
/// is total, so the result does not depend on the list's order, and the few are picked without
/// sorting a common term's whole list.
fn keep_strongest(list: &mut Vec<(usize, f64)>) {
    let strongest = |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if list.len() > POSTINGS_PER_TERM {
        list.select_nth_unstable_by(POSTINGS_PER_TERM - 1, strongest);
        list.truncate(POSTINGS_PER_TERM);
    }
    list.sort_by(strongest);
}

/// For each document, the topics it is filed under (ascending).
fn topics_by_doc(filed: &[Vec<usize>], count: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); count];
    for (t, docs) in filed.iter().enumerate() {
        for &d in docs {
            if let Some(list) = out.get_mut(d) {
                list.push(t);
            }
        }
    }
    out
}

/// The topics both documents have, rarest (heaviest) first.
fn shared_topics(a: &[usize], b: &[usize], weight: &[f64]) -> Vec<usize> {
    let mut shared: Vec<usize> = a
        .iter()
        .copied()
        .filter(|t| b.binary_search(t).is_ok())
        .collect();
    shared.sort_by(|&x, &y| weight[y].total_cmp(&weight[x]).then(x.cmp(&y)));
    shared
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::parse::parsed_for_tests as doc;

    /// Related documents of `docs` (topics as declared), through `cache`.
    fn related_of(docs: &[Document], limit: usize, cache: &mut RelatedCache) -> Related {
        let set = crate::analyze::topics::build_fresh(
            docs,
            &Default::default(),
            std::path::Path::new("x"),
            &[],
        )
        .unwrap();
        related(docs, &set.topics, limit, cache)
    }

    #[test]
    fn the_memo_follows_every_input_scoring_reads() {
        let site = |c_body: &str, d_topics: &str| {
            vec![
                doc(
                    "a.md",
                    "---\ntopics: [Navy]\n---\nSubmarines and shipyards for the alliance navy.",
                ),
                doc(
                    "b.md",
                    "---\ntopics: [Navy]\n---\nShipyards build submarines for the navy.",
                ),
                doc("c.md", &format!("---\ntopics: [Votes]\n---\n{c_body}")),
                doc(
                    "d.md",
                    &format!("---\ntopics: [{d_topics}]\n---\nBananas, apples, oranges."),
                ),
            ]
        };
        let mut cache = RelatedCache::default();
        let mut last: Option<Related> = None;
        let steps = [
            (site("Elections and voters in spring.", "Fruit"), 3),
            // Same input: the kept result, not a new one.
            (site("Elections and voters in spring.", "Fruit"), 3),
            // A body edit (c's words like a's): rescored, not scored anew.
            (site("Submarines, shipyards and the navy vote.", "Fruit"), 3),
            // Filings change, bodies do not.
            (site("Submarines, shipyards and the navy vote.", "Votes"), 3),
            // The limit.
            (site("Submarines, shipyards and the navy vote.", "Votes"), 1),
        ];
        for (i, (docs, limit)) in steps.iter().enumerate() {
            let cached = related_of(docs, *limit, &mut cache);
            let fresh = related_of(docs, *limit, &mut RelatedCache::default());
            assert_eq!(cached, fresh, "step {i}");
            if let Some(last) = &last {
                assert_eq!(Arc::ptr_eq(last, &cached), i == 1, "step {i}");
                assert_eq!(*last == cached, i == 1, "step {i} changes the result");
            }
            last = Some(cached);
        }
        assert_eq!(cache.rescored, 1, "the body edit rescored in place");
    }

    #[test]
    fn term_counts_lower_and_drop_stopwords_in_every_script() {
        let text = "The BETWEEN Because through Whom WHOM whom Shipyards shipyards SHIPYARDS \
                    2024 x2y Émigré ÉMIGRÉ İstanbul straße STRASSE ab Abc abc_def theirs \
                    ٣٤٥ ΣΟΦΙΑ—Betweens…the";
        let body = doc("a.md", text).body;
        // As first written: lowercase each word char by char, then a map of counts.
        let mut want: HashMap<TermId, u32> = HashMap::new();
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if word.len() < 3 || word.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            if !is_stopword(&lower) {
                *want.entry(term_id(&lower)).or_insert(0) += 1;
            }
        }
        let mut want: Vec<(TermId, u32)> = want.into_iter().collect();
        want.sort_unstable();
        assert_eq!(term_counts(&body), want);
        assert_eq!(want.len(), 12, "{want:?}");
    }

    #[test]
    fn shared_topics_and_wording_rank_neighbours() {
        let docs = vec![
            doc("a.md", "---\ntopics: [Taiwan, AUKUS]\n---\nSubmarines and shipyards for the alliance navy."),
            doc("b.md", "---\ntopics: [Taiwan, AUKUS]\n---\nShipyards build submarines for the navy."),
            doc("c.md", "---\ntopics: [Taiwan]\n---\nElections and voters in spring."),
            doc("d.md", "---\ntopics: [G7]\n---\nBananas, apples, oranges."),
        ];
        let set = crate::analyze::topics::build_fresh(
            &docs,
            &Default::default(),
            std::path::Path::new("x"),
            &[],
        )
        .unwrap();
        let related = related(&docs, &set.topics, 3, &mut RelatedCache::default());
        let first = &related[0][0];
        assert_eq!(first.doc, 1);
        assert_eq!(first.shared_topics.len(), 2);
        assert!(
            related[0].iter().all(|r| r.doc != 3),
            "nothing in common with d"
        );
        assert!(related[0].iter().any(|r| r.doc == 2), "c shares Taiwan");
    }
}
