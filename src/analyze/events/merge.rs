//! Merging: the same happening told by several documents becomes one event listing every
//! source, so readers see the corroboration.
//!
//! Two told events are one happening when their dates are compatible (they overlap, and a
//! year-only date meets only year-only dates) and they share enough key terms (content words,
//! crudely stemmed, hashed). Events are taken in a fixed order (most precise date first) and
//! each joins the cluster that shares most terms with it, or starts one.
//!
//! Near-linear, never pairwise: a cluster is found through postings keyed by a period its
//! date covers (a year for year-only dates, else a month) and one of its terms, so an event is
//! compared only with clusters of its period that share a term with it. A term that more than
//! [`POSTINGS_PER_TERM`] clusters of one period share identifies no happening there ("budget"
//! in a year of a corpus on budgets): its posting is dropped and no longer looked up, which
//! bounds each event's comparisons by a constant. A cluster listed under too few of an
//! event's terms is compared only if a Bloom mask of its terms may hold enough of the event's
//! dropped ones, so few clusters are compared that do not share enough terms.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

use chrono::Datelike;

use super::{chronological, sorted, Event, EventKind};
use crate::analyze::dates_in_prose::{is_month_name, EventDate};
use crate::analyze::stable_hasher;
use crate::parse::dates::Precision;

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

/// Shared key terms two events need to be one happening; more when only the year is known.
const MIN_SHARED_TERMS: usize = 3;
const MIN_SHARED_TERMS_YEAR: usize = 4;

/// How many clusters of one period a term may index before it says nothing about which
/// happening an event tells there. Bounds an event's comparisons (terms x periods x this).
pub(crate) const POSTINGS_PER_TERM: usize = 32;

/// How many months of a range index it; a longer range is matched within its first ones only.
const PERIODS_PER_DATE: usize = 12;

/// A key term, hashed (foldhash, fixed seed): equal words give equal ids in every run.
pub(crate) type TermId = u64;

/// The key terms of a snippet: lowercase, crudely stemmed content words of 3+ letters.
#[cfg(test)]
pub(crate) fn key_terms(text: &str) -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    for_each_key_term(text, |term| {
        terms.insert(term.to_string());
    });
    terms
}

/// Calls `found` with each key term of `text`, in order, repeats included, through one
/// reusable buffer (a told event's terms are hashed, never kept as strings).
fn for_each_key_term(text: &str, mut found: impl FnMut(&str)) {
    // "G-7" and "G7" are one term.
    let joined;
    let text = if text.contains('-') {
        joined = text.replace("-7", "7").replace("-20", "20");
        joined.as_str()
    } else {
        text
    };
    let mut word = String::new();
    for w in text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’') {
        let w = trim_suffix(trim_suffix(w, "'s"), "’s");
        let w = w.trim_end_matches(['\'', '’']);
        lowercase_into(w, &mut word);
        stem_in_place(&mut word);
        let long_enough = word.len() >= 3 && word.chars().nth(2).is_some();
        if long_enough
            && word.chars().any(char::is_alphabetic)
            && !STOPWORDS.contains(&word.as_str())
            && !is_month_name(&word)
        {
            found(&word);
        }
    }
}

/// `word` without every repeat of `suffix` at its end (`str::trim_end_matches`, without
/// building a searcher for each word).
fn trim_suffix<'w>(mut word: &'w str, suffix: &str) -> &'w str {
    while let Some(rest) = word.strip_suffix(suffix) {
        word = rest;
    }
    word
}

/// `word` lowercased into `out` (as `str::to_lowercase`, without allocating for ASCII).
fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// [`key_terms`] as sorted ids.
pub(crate) fn term_ids(text: &str) -> Vec<TermId> {
    let mut ids: Vec<TermId> = Vec::new();
    for_each_key_term(text, |term| {
        let mut hasher = stable_hasher();
        term.hash(&mut hasher);
        ids.push(hasher.finish());
    });
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Strips the first suffix of the crude stemmer that applies (and adds its replacement).
fn stem_in_place(word: &mut String) {
    for (suffix, min, replacement) in [
        ("ies", 5, "y"),
        ("ing", 6, ""),
        ("ed", 5, ""),
        ("es", 5, ""),
        ("s", 4, ""),
    ] {
        if word.len() >= min && word.ends_with(suffix) && !word.ends_with("ss") {
            word.truncate(word.len() - suffix.len());
            word.push_str(replacement);
            return;
        }
    }
}

/// An event with the key terms that identify its happening: those of its sentence and of the
/// sentence before it in the passage ("establishing *it* by March 2025" names the command in
/// the sentence before).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Told {
    pub event: Event,
    /// Terms of the sentence and its context (sorted ids); the merge leaves out those common
    /// to most documents.
    pub terms: Vec<TermId>,
    /// Terms of the sentence alone, common ones kept (sorted ids).
    pub own_terms: Vec<TermId>,
}

impl Told {
    pub(crate) fn new(event: Event, context: &str) -> Told {
        let own_terms = term_ids(&event.snippet);
        let mut terms = own_terms.clone();
        terms.extend(term_ids(context));
        terms.sort_unstable();
        terms.dedup();
        Told {
            event,
            terms,
            own_terms,
        }
    }
}

/// Whether two told events tell one happening in their own sentences' words (common ones
/// kept, context left out): as many shared key terms as merging across documents asks for.
/// For mentions within one document, where the sentence before is often the same one.
pub(crate) fn same_words(a: &Told, b: &Told) -> bool {
    let needed = if year_only(&a.event.date) {
        MIN_SHARED_TERMS_YEAR
    } else {
        MIN_SHARED_TERMS
    };
    crate::analyze::shared_count(&a.own_terms, &b.own_terms) >= needed
}

/// Whether two dates can name the same happening: they overlap, and a year-only date is only
/// matched with another year-only date; a range only with the same range ("between 2009 and
/// 2012" and "2009–2011" overlap but tell of different stretches, and a cluster shows one date
/// for all its sources).
fn compatible(a: &EventDate, b: &EventDate) -> bool {
    if a.end.is_some() || b.end.is_some() {
        return a == b;
    }
    a.overlaps(b) && year_only(a) == year_only(b)
}

fn year_only(date: &EventDate) -> bool {
    date.start.precision == Precision::Year
}

/// A stretch of time that indexes clusters: a year for year-only dates, a month for others
/// (the two never meet, as [`compatible`] wants).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Period {
    Year(i32),
    Month(i32, u32),
}

/// The periods that index a date: its first year for a year-only date (a range of years
/// meets the dates starting the same year, as one year-only date meets another), else the
/// months it covers, at most [`PERIODS_PER_DATE`].
fn periods(date: &EventDate) -> Vec<Period> {
    let (first, last) = (date.first_day(), date.last_day());
    if year_only(date) {
        return vec![Period::Year(first.year())];
    }
    let index = |d: chrono::NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    (index(first)..=index(last))
        .take(PERIODS_PER_DATE)
        .filter_map(|m| {
            let year = i32::try_from(m.div_euclid(12)).ok()?;
            let month = u32::try_from(m.rem_euclid(12)).ok()? + 1;
            Some(Period::Month(year, month))
        })
        .collect()
}

/// A group of told events (indices) taken to be one happening; its terms are its first
/// event's, so a cluster never drifts away from the happening it started with.
struct Cluster {
    events: Vec<usize>,
    documents: BTreeSet<usize>,
}

/// What the search for a told event's cluster reads of every candidate, kept side by side
/// (one cache line each, where the clusters and their first events lie all over the heap):
/// the first event, its date, and a Bloom mask of its terms.
struct Head {
    first: usize,
    date: EventDate,
    terms: TermMask,
}

/// A 256-bit Bloom mask of a set of terms: a term of the set always tests as held, a term
/// outside it only sometimes (a few percent, for a sentence's terms).
#[derive(Default)]
struct TermMask([u64; 4]);

impl TermMask {
    fn of<'t>(terms: impl IntoIterator<Item = &'t TermId>) -> TermMask {
        let mut mask = TermMask::default();
        for &term in terms {
            let (word, bit) = TermMask::bit(term);
            mask.0[word] |= bit;
        }
        mask
    }

    fn may_hold(&self, term: TermId) -> bool {
        let (word, bit) = TermMask::bit(term);
        self.0[word] & bit != 0
    }

    /// Term ids are hashes: their low bits are as good as any.
    fn bit(term: TermId) -> (usize, u64) {
        ((term >> 6) as usize & 3, 1 << (term & 63))
    }
}

/// The told events being merged, with the terms that identify their happenings.
struct Merging<'a> {
    told: Vec<&'a Told>,
    /// Each told event's terms, common ones left out.
    terms: Vec<Vec<TermId>>,
}

impl Merging<'_> {
    /// How strongly cluster `c` (with its head) takes told event `t` (shared terms), or
    /// `None`. The date first, then the terms: the documents are read last, for the few
    /// candidates that share the words.
    fn accepts(&self, head: &Head, cluster: &Cluster, t: usize) -> Option<usize> {
        let (first, event) = (head.first, &self.told[t].event);
        if !compatible(&head.date, &event.date) {
            return None;
        }
        let shared_terms = crate::analyze::shared_count(&self.terms[first], &self.terms[t]);
        let needed = if year_only(&event.date) {
            MIN_SHARED_TERMS_YEAR
        } else {
            MIN_SHARED_TERMS
        };
        let shared = if shared_terms >= needed {
            shared_terms
        } else {
            // The very same month or day, told in the same words: common words count too.
            let same_date = head.date == event.date && !year_only(&event.date);
            if !same_date {
                return None;
            }
            let shared_own =
                crate::analyze::shared_count(&self.told[first].own_terms, &self.told[t].own_terms);
            if shared_own < MIN_SHARED_TERMS {
                return None;
            }
            shared_own
        };
        let documents_differ = event
            .sources
            .iter()
            .all(|s| !cluster.documents.contains(&s.document));
        documents_differ.then_some(shared)
    }
}

/// Clusters listed under a key, or nothing once more than [`POSTINGS_PER_TERM`] shared it.
#[derive(Default)]
struct Posting {
    clusters: Vec<usize>,
    saturated: bool,
}

impl Posting {
    fn add(&mut self, cluster: usize) {
        if self.saturated {
            return;
        }
        self.clusters.push(cluster);
        if self.clusters.len() > POSTINGS_PER_TERM {
            self.saturated = true;
            self.clusters = Vec::new();
        }
    }
}

/// The postings that find a told event's candidate clusters: by period and term, and (for
/// the same-words rule) by exact date and own term.
#[derive(Default)]
struct Index {
    by_term: foldhash::HashMap<(Period, TermId), Posting>,
    by_own_term: foldhash::HashMap<(EventDate, TermId), Posting>,
}

impl Index {
    /// Lists cluster `c`, started by told event `t`, under its first event's date and terms.
    fn add(&mut self, c: usize, t: usize, merging: &Merging) {
        let date = &merging.told[t].event.date;
        for period in periods(date) {
            for &term in &merging.terms[t] {
                self.by_term.entry((period, term)).or_default().add(c);
            }
        }
        if !year_only(date) {
            for &term in &merging.told[t].own_terms {
                self.by_own_term.entry((*date, term)).or_default().add(c);
            }
        }
    }

    /// The clusters that may take told event `t`, ascending, each once. Only a cluster listed
    /// under one of its (not too common) terms in a period of its date, or under one of its
    /// own terms on its exact date, can; and only if it can share enough terms with it
    /// ([`MIN_SHARED_TERMS`], [`MIN_SHARED_TERMS_YEAR`] for a year-only date). A shared term is
    /// either listed for the cluster or too common there to be listed (saturated) and then in
    /// the cluster's [`TermMask`], so a cluster whose listings and mask-held saturated terms
    /// fall short cannot pass [`Merging::accepts`], and is not asked. Returns how many
    /// listings it read (the merge's work).
    fn candidates(
        &self,
        t: usize,
        merging: &Merging,
        heads: &[Head],
        scratch: &mut Scratch,
    ) -> usize {
        let Scratch {
            listings,
            saturated,
            out,
        } = scratch;
        out.clear();
        let date = &merging.told[t].event.date;
        let periods = periods(date);
        listings.clear();
        saturated.clear();
        for &term in &merging.terms[t] {
            let mut term_saturated = false;
            for &period in &periods {
                let posting = self.by_term.get(&(period, term));
                term_saturated |= posting.is_some_and(|p| p.saturated);
                listings.extend(listed(posting).iter().map(|&c| (c, term)));
            }
            if term_saturated {
                saturated.push(term);
            }
        }
        let mut work = listings.len();
        // A cluster listed under one term in two months of a range counts that term once.
        listings.sort_unstable();
        listings.dedup();
        let needed = if year_only(date) {
            MIN_SHARED_TERMS_YEAR
        } else {
            MIN_SHARED_TERMS
        };
        push_sharing_enough(listings, saturated, needed, heads, out);
        if !year_only(date) {
            listings.clear();
            saturated.clear();
            for &term in &merging.told[t].own_terms {
                let posting = self.by_own_term.get(&(*date, term));
                if posting.is_some_and(|p| p.saturated) {
                    saturated.push(term);
                }
                listings.extend(listed(posting).iter().map(|&c| (c, term)));
            }
            work += listings.len();
            listings.sort_unstable();
            push_sharing_enough(listings, saturated, MIN_SHARED_TERMS, heads, out);
        }
        out.sort_unstable();
        out.dedup();
        work
    }
}

/// Reusable buffers of [`Index::candidates`].
#[derive(Default)]
struct Scratch {
    /// (cluster, term) listings found for one event, sorted.
    listings: Vec<(usize, TermId)>,
    /// The event's terms too common to be listed.
    saturated: Vec<TermId>,
    /// The candidate clusters.
    out: Vec<usize>,
}

/// Appends each cluster that sorted, distinct `listings` name, if the terms they list it
/// under and the `saturated` terms its mask may hold are at least `needed`.
fn push_sharing_enough(
    listings: &[(usize, TermId)],
    saturated: &[TermId],
    needed: usize,
    heads: &[Head],
    out: &mut Vec<usize>,
) {
    out.extend(
        listings
            .chunk_by(|a, b| a.0 == b.0)
            .map(|run| (run[0].0, run.len()))
            .filter(|&(c, listed)| {
                listed >= needed
                    || listed
                        + saturated
                            .iter()
                            .filter(|&&s| heads[c].terms.may_hold(s))
                            .count()
                        >= needed
            })
            .map(|(c, _)| c),
    );
}

/// The clusters of a posting, none when there is none.
fn listed(posting: Option<&Posting>) -> &[usize] {
    posting.map_or(&[], |p| &p.clusters)
}

/// Merges events that tell the same happening from different documents. Publications stay as
/// they are. Deterministic: events are considered in a fixed order and join the best cluster.
pub(crate) fn merge<'a>(events: impl IntoIterator<Item = &'a Told>) -> Vec<Event> {
    merge_counted(events).0
}

/// [`merge`], and its work: the postings' listings it read and the event-to-cluster
/// comparisons it made (for the linearity test).
pub(crate) fn merge_counted<'a>(events: impl IntoIterator<Item = &'a Told>) -> (Vec<Event>, usize) {
    let (published, told): (Vec<&Told>, Vec<&Told>) = events
        .into_iter()
        .partition(|t| t.event.kind == EventKind::Published);
    let merging = Merging {
        terms: without_common_terms(&told),
        told,
    };
    let mut order: Vec<usize> = (0..merging.told.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&merging.told[a].event, &merging.told[b].event);
        b.date
            .start
            .precision
            .cmp(&a.date.start.precision)
            .then_with(|| chronological(a, b))
    });
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut heads: Vec<Head> = Vec::new();
    let mut index = Index::default();
    let mut scratch = Scratch::default();
    let mut comparisons = 0;
    for t in order {
        comparisons += index.candidates(t, &merging, &heads, &mut scratch);
        comparisons += scratch.out.len();
        // Most shared terms; on a tie, the older cluster.
        let best = scratch
            .out
            .iter()
            .filter_map(|&c| merging.accepts(&heads[c], &clusters[c], t).map(|n| (n, c)))
            .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
        let sources = merging.told[t].event.sources.iter().map(|s| s.document);
        match best {
            Some((_, c)) => {
                clusters[c].documents.extend(sources);
                clusters[c].events.push(t);
            }
            None => {
                index.add(clusters.len(), t, &merging);
                let told = merging.told[t];
                heads.push(Head {
                    first: t,
                    date: told.event.date,
                    terms: TermMask::of(merging.terms[t].iter().chain(&told.own_terms)),
                });
                clusters.push(Cluster {
                    documents: sources.collect(),
                    events: vec![t],
                });
            }
        }
    }
    let mut out: Vec<Event> = published.into_iter().map(|t| t.event.clone()).collect();
    let event = |t: &usize| &merging.told[*t].event;
    out.extend(clusters.iter().filter_map(|c| {
        let (first, others) = c.events.split_first()?;
        Some(combine(event(first), others.iter().map(event)))
    }));
    (out, comparisons)
}

/// Each event's terms less those that most documents use ("Japan" in a corpus about Japan):
/// they say which corpus an event is from, not which happening. Only where there are enough
/// documents to tell (a term must be in more than two thirds of them, and in more than three).
fn without_common_terms(told: &[&Told]) -> Vec<Vec<TermId>> {
    // Each (document, term) once: sorted, so repeats sit together.
    let mut pairs: Vec<(usize, TermId)> = Vec::new();
    let mut documents: Vec<usize> = Vec::new();
    for t in told {
        for source in &t.event.sources {
            documents.push(source.document);
            pairs.extend(t.terms.iter().map(|&term| (source.document, term)));
        }
    }
    documents.sort_unstable();
    documents.dedup();
    pairs.sort_unstable();
    pairs.dedup();
    let mut documents_of: foldhash::HashMap<TermId, usize> = foldhash::HashMap::default();
    for (_, term) in pairs {
        *documents_of.entry(term).or_default() += 1;
    }
    let limit = (documents.len() * 2 / 3).max(3);
    let common: foldhash::HashSet<TermId> = documents_of
        .into_iter()
        .filter_map(|(term, n)| (n > limit).then_some(term))
        .collect();
    told.iter()
        .map(|t| {
            t.terms
                .iter()
                .copied()
                .filter(|term| !common.contains(term))
                .collect()
        })
        .collect()
}

/// One event from a cluster: the most precise date (the first, by the merge order), the most
/// factual kind, every source and every topic.
fn combine<'a>(first: &Event, others: impl Iterator<Item = &'a Event>) -> Event {
    let mut first = first.clone();
    for other in others {
        first.kind = first.kind.min(other.kind);
        first.deadline &= other.deadline;
        first.sources.extend(other.sources.iter().cloned());
        first.topics.extend(other.topics.iter().copied());
    }
    first.sources.sort();
    first.topics = sorted(first.topics);
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_mask_holds_every_term_it_is_made_of() {
        let terms: Vec<TermId> = term_ids("Ministers met in Geneva to sign the trade accord");
        let mask = TermMask::of(&terms);
        assert!(terms.iter().all(|&t| mask.may_hold(t)));
        // Few of a thousand other ids test as held.
        let others = (0..1000u64)
            .map(|k| k.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .filter(|&t| mask.may_hold(t))
            .count();
        assert!(others < 100, "{others} of 1000 outside ids test as held");
    }

    #[test]
    fn suffixes_are_trimmed_as_trim_end_matches_does() {
        for word in ["Kishida's", "it's's", "'s", "s's", "plain", "’s"] {
            assert_eq!(
                trim_suffix(word, "'s"),
                word.trim_end_matches("'s"),
                "{word}"
            );
        }
    }
}
