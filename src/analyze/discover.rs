//! Discovery: topics nobody curated, found as names that recur across documents.
//!
//! Candidates are acronyms ("CPTPP", "AUKUS"), runs of capitalised words ("Joint Operations
//! Command", "Nippon Steel", "Camp David", with "of"/"and"/"for"/"the" allowed inside) and single
//! capitalised words that are (almost) never written in lower case ("Hiroshima"). A sentence's
//! first word is not evidence of a name. A candidate qualifies when at least two documents use
//! it, when it is not a name of an existing topic, and when it is not everywhere (a phrase in
//! every document of a corpus of four or more, like "United States" here, is boilerplate).
//! Ranking: documents sharing it first, then how specific it is (acronym, phrase, single
//! word), then mentions. Shorter candidates inside a longer one with as many documents go.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::matching::{tokenize, Matcher, Token};
use super::topics::SuggestedTopic;
use crate::parse::slug::slugify;
use crate::parse::Document;

/// One discovered topic candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovered {
    pub name: String,
    pub slug: String,
    pub kind: CandidateKind,
    /// Documents that use it (indices into the corpus' documents), in corpus order.
    pub documents: Vec<usize>,
    pub mentions: usize,
    /// Up to three places where it occurs, from different documents: (document, passage
    /// index, byte range in the passage text).
    pub examples: Vec<(usize, usize, std::ops::Range<usize>)>,
    pub score: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CandidateKind {
    Acronym,
    Phrase,
    Name,
}

impl CandidateKind {
    fn specificity(self) -> f64 {
        match self {
            CandidateKind::Acronym => 0.9,
            CandidateKind::Phrase => 0.8,
            CandidateKind::Name => 0.5,
        }
    }
}

/// Lower-case words allowed inside a name ("Ministry of Defense"); "and" is not one, or "the
/// United States and Nippon Steel" would read as one name.
const CONNECTORS: &[&str] = &["of", "for", "the", "de", "du", "von"];
/// Capitalised words that start sentences or name roles and weekdays: never names alone (months
/// come from `dates_in_prose::is_month_name`).
const GENERIC: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "for",
    "but",
    "and",
    "as",
    "with",
    "by",
    "while",
    "after",
    "although",
    "under",
    "if",
    "it",
    "its",
    "we",
    "our",
    "they",
    "their",
    "he",
    "she",
    "his",
    "her",
    "there",
    "such",
    "both",
    "many",
    "most",
    "some",
    "one",
    "two",
    "three",
    "first",
    "second",
    "new",
    "president",
    "prime",
    "minister",
    "ministers",
    "secretary",
    "general",
    "chairman",
    "director",
    "senior",
    "fellow",
    "mr",
    "ms",
    "dr",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "caption",
    "svg",
    "author",
    "sections",
    "commentary",
    "share",
    "read",
    "more",
    "however",
    "meanwhile",
    "still",
    "yet",
    "also",
    "since",
    "during",
    "despite",
    "through",
    "to",
    "from",
    "japanese",
    "american",
    "americans",
    "chinese",
    "korean",
    "european",
    "british",
    "australian",
    "russian",
    "asian",
    "african",
    "western",
    "eastern",
    "when",
    "where",
    "what",
    "why",
    "how",
    "who",
    "not",
    "no",
    "so",
    "or",
    "all",
    "each",
    "every",
    "other",
];
/// A capitalised word that is no name on its own: a generic word or a month.
fn is_generic(word: &str) -> bool {
    GENERIC.contains(&word) || super::dates_in_prose::is_month_name(word)
}

/// Acronyms too general to be a topic.
const GENERIC_ACRONYMS: &[&str] = &[
    "us", "usa", "uk", "am", "pm", "ok", "tv", "ii", "iii", "iv", "ceo", "gdp",
];

#[derive(Default)]
struct Tally {
    surface: BTreeMap<String, usize>,
    kind: Option<CandidateKind>,
    documents: BTreeSet<usize>,
    mentions: usize,
    examples: Vec<(usize, usize, std::ops::Range<usize>)>,
}

/// Finds candidates in `documents` that `existing` (the known topics' matcher) does not name.
pub fn discover(documents: &[Document], existing: &Matcher) -> Vec<Discovered> {
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    let mut lowercase_uses: HashMap<String, usize> = HashMap::new();
    for (d, doc) in documents.iter().enumerate() {
        for (p, passage) in doc.body.passages.iter().enumerate() {
            let tokens = tokenize(&passage.text);
            for t in &tokens {
                if !starts_upper(&passage.text, t) {
                    *lowercase_uses.entry(t.norm.to_string()).or_default() += 1;
                }
            }
            for (key, surface, kind, range) in candidates_in(&passage.text, &tokens) {
                let tally = tallies.entry(key).or_default();
                *tally.surface.entry(surface).or_default() += 1;
                tally.kind = Some(tally.kind.map_or(kind, |k| k.min(kind)));
                tally.mentions += 1;
                if tally.documents.insert(d) && tally.examples.len() < 3 {
                    tally.examples.push((d, p, range));
                }
            }
        }
    }
    let total = documents.len();
    let mut found: Vec<Discovered> = tallies
        .into_iter()
        .filter_map(|(key, tally)| qualify(key, tally, total, &lowercase_uses, existing))
        .collect();
    drop_contained(&mut found);
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.slug.cmp(&b.slug)));
    found
}

fn starts_upper(text: &str, t: &Token) -> bool {
    text[t.range.clone()]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// True when the token opens a sentence (or the passage).
fn sentence_initial(text: &str, t: &Token) -> bool {
    let before =
        text[..t.range.start].trim_end_matches(|c: char| c.is_whitespace() || "\"'“‘(".contains(c));
    before.is_empty() || before.ends_with(['.', '!', '?', ':', ';'])
}

/// A candidate in a passage: key, surface form, kind and where it is.
type Candidate = (String, String, CandidateKind, std::ops::Range<usize>);

/// Every candidate in one passage.
fn candidates_in(text: &str, tokens: &[Token]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !starts_upper(text, &tokens[i]) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < tokens.len() {
            let t = &tokens[end];
            let gap = &text[tokens[end - 1].range.end..t.range.start];
            // `U.S. Forces`, `U.S.-Japan`: the dot closing an abbreviation joins too.
            let gap = if tokens[end - 1].norm.len() <= 3 && tokens[end - 1].upper {
                gap.strip_prefix('.').unwrap_or(gap)
            } else {
                gap
            };
            let joinable = gap.chars().all(|c| c == ' ' || c == '-' || c == '\u{2011}');
            if !joinable {
                break;
            }
            if starts_upper(text, t) {
                end += 1;
            } else if CONNECTORS.contains(&t.norm.as_ref())
                && tokens.get(end + 1).is_some_and(|n| starts_upper(text, n))
            {
                end += 2;
            } else {
                break;
            }
        }
        let mut run: Vec<&Token> = tokens[i..end].iter().collect();
        // A sentence's first word is capitalised anyway: drop it when it is generic, alone, or
        // followed by a connector ("Elsewhere the United States").
        while run.first().is_some_and(|t| {
            is_generic(&t.norm)
                || CONNECTORS.contains(&t.norm.as_ref())
                || (GENERIC_ACRONYMS.contains(&t.norm.as_ref())
                    && run.get(1).is_some_and(|n| is_generic(&n.norm)))
                || (sentence_initial(text, t)
                    && (run.len() == 1
                        || run
                            .get(1)
                            .is_some_and(|n| CONNECTORS.contains(&n.norm.as_ref()))))
        }) {
            run.remove(0);
        }
        while run
            .last()
            .is_some_and(|t| CONNECTORS.contains(&t.norm.as_ref()))
        {
            run.pop();
        }
        // "U.S.-Japan", "US-China": adjectives built on a generic acronym, not names.
        let generic_compound = run
            .first()
            .is_some_and(|t| GENERIC_ACRONYMS.contains(&t.norm.as_ref()))
            && is_hyphen_compound(text, &run);
        if generic_compound {
            i = end;
            continue;
        }
        if let Some(candidate) = candidate(text, &run) {
            out.push(candidate);
        }
        i = end;
    }
    out
}

/// True when the run's words are joined by hyphens or dashes only (`U.S.-Japan`).
fn is_hyphen_compound(text: &str, run: &[&Token]) -> bool {
    run.len() > 1
        && run.windows(2).all(|w| {
            let gap = text[w[0].range.end..w[1].range.start].trim_start_matches('.');
            !gap.is_empty()
                && gap
                    .chars()
                    .all(|c| matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2013}'))
        })
}

fn candidate(text: &str, run: &[&Token]) -> Option<Candidate> {
    let (first, last) = (run.first()?, run.last()?);
    let surface = text[first.range.start..last.range.end].to_string();
    let key = run
        .iter()
        .map(|t| t.norm.as_ref())
        .collect::<Vec<_>>()
        .join(" ");
    let kind = match run.len() {
        1 if first.upper && (2..=7).contains(&first.norm.len()) => {
            if GENERIC_ACRONYMS.contains(&first.norm.as_ref()) {
                return None;
            }
            CandidateKind::Acronym
        }
        1 if first.norm.chars().count() >= 4
            && !sentence_initial(text, first)
            && !is_generic(&first.norm) =>
        {
            CandidateKind::Name
        }
        1 => return None,
        2..=5 => CandidateKind::Phrase,
        _ => return None,
    };
    Some((key, surface, kind, first.range.start..last.range.end))
}

fn qualify(
    key: String,
    tally: Tally,
    total: usize,
    lowercase_uses: &HashMap<String, usize>,
    existing: &Matcher,
) -> Option<Discovered> {
    let df = tally.documents.len();
    let kind = tally.kind?;
    let everywhere = total >= 4 && df == total;
    if df < 2 || everywhere {
        return None;
    }
    if kind == CandidateKind::Name
        && lowercase_uses.get(&key).copied().unwrap_or(0) * 10 > tally.mentions
    {
        return None;
    }
    let name = tally
        .surface
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(s, _)| s.clone())?;
    let covered = existing
        .find(&name)
        .iter()
        .any(|m| m.range.end - m.range.start >= name.len().saturating_sub(1));
    if covered {
        return None;
    }
    let score = df as f64 + kind.specificity() + (tally.mentions as f64).ln() / 10.0;
    Some(Discovered {
        slug: slugify(&name),
        name,
        kind,
        documents: tally.documents.into_iter().collect(),
        mentions: tally.mentions,
        examples: tally.examples,
        score,
    })
}

/// Drops a candidate contained in a longer one that has at least as many documents.
fn drop_contained(found: &mut Vec<Discovered>) {
    let keys: Vec<String> = found
        .iter()
        .map(|d| format!(" {} ", slugify(&d.name).replace('-', " ")))
        .collect();
    let doc_counts: Vec<usize> = found.iter().map(|d| d.documents.len()).collect();
    let keep: Vec<bool> = (0..found.len())
        .map(|i| {
            !(0..found.len()).any(|j| {
                j != i
                    && keys[j].len() > keys[i].len()
                    && keys[j].contains(&keys[i])
                    && doc_counts[j] >= doc_counts[i]
            })
        })
        .collect();
    let mut index = 0;
    found.retain(|_| {
        index += 1;
        keep[index - 1]
    });
}

/// The top `count` discoveries as topics to publish.
pub fn suggestions(found: &[Discovered], count: usize) -> Vec<SuggestedTopic> {
    found
        .iter()
        .take(count)
        .map(|d| SuggestedTopic {
            name: d.name.clone(),
            aliases: vec![d.name.clone()],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        crate::parse::parsed_for_tests("a.md", text)
    }

    fn names(found: &[Discovered]) -> Vec<&str> {
        found.iter().map(|d| d.name.as_str()).collect()
    }

    #[test]
    fn finds_shared_names_and_acronyms() {
        let docs = vec![
            doc("Japan set up a Joint Operations Command in Tokyo. Talks on CPTPP went on. The United States agreed."),
            doc("The new Joint Operations Command opens soon. Nobody left CPTPP. The United States and Nippon Steel."),
            doc("Nippon Steel bid again; the United States paused."),
            doc("Elsewhere the United States said little."),
        ];
        let found = discover(&docs, &Matcher::default());
        let n = names(&found);
        assert!(n.len() >= 3, "{n:?}");
        assert_eq!(
            &n[..3],
            ["CPTPP", "Joint Operations Command", "Nippon Steel"],
            "{n:?}"
        );
        assert!(
            !n.contains(&"United States"),
            "in every document: boilerplate"
        );
        assert!(!n.iter().any(|x| x.starts_with("The ")), "{n:?}");
        assert!(
            !n.contains(&"Operations Command"),
            "contained in a longer candidate"
        );
    }

    #[test]
    fn existing_topics_and_one_document_names_are_left_out() {
        let docs = vec![
            doc("AUKUS grew. Camp David mattered."),
            doc("AUKUS again. Camp David again. Only Here once."),
        ];
        let existing = Matcher::new(&[vec!["AUKUS".into()]]);
        let n: Vec<String> = discover(&docs, &existing)
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(n, ["Camp David"]);
    }

    #[test]
    fn sentence_initial_words_are_not_names() {
        let docs = vec![
            doc("Tensions rose. Hiroshima hosted, in Hiroshima."),
            doc("Tensions fell. In Hiroshima, leaders met."),
        ];
        let n: Vec<String> = discover(&docs, &Matcher::default())
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(n, ["Hiroshima"]);
    }
}
