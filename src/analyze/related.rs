//! Related documents: shared topics and similar wording, with the reason shown.
//!
//! Each document gets a TF-IDF vector of its 16 strongest terms. Candidates come from an
//! inverted index over those terms (only the 64 strongest documents per term are kept, so the
//! pass stays linear in the corpus, never pairwise) and from small topics the document shares.
//! A candidate's score is half the cosine of the two vectors and half the share of the
//! document's topics (weighted by rarity) that the candidate also has.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::matching::tokenize;
use super::Topic;
use crate::parse::Document;

const TERMS_PER_DOC: usize = 16;
const POSTINGS_PER_TERM: usize = 64;
/// Topics with more documents than this do not propose candidates (they still score).
const TOPIC_CANDIDATE_LIMIT: usize = 200;
const MIN_SCORE: f64 = 0.05;

/// A document related to another.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedDocument {
    pub doc: usize,
    pub score: f64,
    /// Topics both documents are filed under, rarest first.
    pub shared_topics: Vec<usize>,
}

/// For each document, up to `limit` related documents, best first.
pub fn related(
    documents: &[Document],
    topics: &[Topic],
    limit: usize,
) -> Vec<Vec<RelatedDocument>> {
    if limit == 0 || documents.len() < 2 {
        return vec![Vec::new(); documents.len()];
    }
    let vectors = tfidf_vectors(documents);
    let postings = postings(&vectors);
    let doc_topics = topics_by_doc(topics, documents.len());
    let topic_weight: Vec<f64> = topics
        .iter()
        .map(|t| ((documents.len() as f64 + 1.0) / (t.documents.len() as f64 + 1.0)).ln() + 0.1)
        .collect();
    (0..documents.len())
        .into_par_iter()
        .map(|d| {
            let candidates = candidates(d, &vectors, &postings, &doc_topics, topics);
            let mut scored: Vec<RelatedDocument> = candidates
                .into_iter()
                .filter_map(|c| score(d, c, &vectors, &doc_topics, &topic_weight))
                .filter(|r| r.score >= MIN_SCORE)
                .collect();
            scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
            scored.truncate(limit);
            scored
        })
        .collect()
}

type Vector = Vec<(u32, f64)>;

/// Sparse, L2-normalised TF-IDF vectors of each document's strongest terms (term ids sorted).
fn tfidf_vectors(documents: &[Document]) -> Vec<Vector> {
    let counts: Vec<HashMap<String, u32>> = documents.par_iter().map(term_counts).collect();
    let mut ids: BTreeMap<&str, u32> = BTreeMap::new();
    let mut df: Vec<u32> = Vec::new();
    for c in &counts {
        for term in c.keys() {
            let next = ids.len() as u32;
            let id = *ids.entry(term.as_str()).or_insert(next);
            if id as usize == df.len() {
                df.push(0);
            }
            df[id as usize] += 1;
        }
    }
    let n = documents.len() as f64;
    counts
        .iter()
        .map(|c| {
            let mut v: Vector = c
                .iter()
                .filter_map(|(term, &tf)| {
                    let id = *ids.get(term.as_str())?;
                    let idf = (n / df[id as usize] as f64).ln();
                    Some((id, (1.0 + f64::from(tf).ln()) * idf))
                })
                .filter(|(_, w)| *w > 0.0)
                .collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(TERMS_PER_DOC);
            let norm = v
                .iter()
                .map(|(_, w)| w * w)
                .sum::<f64>()
                .sqrt()
                .max(f64::EPSILON);
            v.iter_mut().for_each(|(_, w)| *w /= norm);
            v.sort_by_key(|(id, _)| *id);
            v
        })
        .collect()
}

fn term_counts(doc: &Document) -> HashMap<String, u32> {
    let mut counts = HashMap::new();
    for passage in &doc.body.passages {
        for token in tokenize(&passage.text) {
            if token.norm.len() >= 3
                && !token.norm.bytes().all(|b| b.is_ascii_digit())
                && !is_stopword(&token.norm)
            {
                *counts.entry(token.norm).or_insert(0) += 1;
            }
        }
    }
    counts
}

fn is_stopword(word: &str) -> bool {
    const STOP: &[&str] = &[
        "the", "and", "for", "that", "with", "this", "from", "are", "was", "were", "has", "have",
        "had", "its", "their", "they", "them", "will", "would", "could", "should", "not", "but",
        "also", "more", "than", "which", "who", "whom", "what", "when", "where", "while", "into",
        "over", "such", "these", "those", "been", "being", "can", "may", "might", "must", "our",
        "his", "her", "she", "him", "you", "your", "all", "any", "each", "other", "some", "most",
        "very", "about", "after", "before", "between", "both", "through", "under", "only", "own",
        "same", "there", "then", "once", "here", "why", "how", "because", "does", "did", "doing",
        "just", "now", "out", "off", "too", "one", "two", "new", "said", "says",
    ];
    STOP.contains(&word)
}

/// term id -> the documents where it weighs most.
fn postings(vectors: &[Vector]) -> HashMap<u32, Vec<(usize, f64)>> {
    let mut postings: HashMap<u32, Vec<(usize, f64)>> = HashMap::new();
    for (d, v) in vectors.iter().enumerate() {
        for &(id, w) in v {
            postings.entry(id).or_default().push((d, w));
        }
    }
    for list in postings.values_mut() {
        list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(POSTINGS_PER_TERM);
    }
    postings
}

fn topics_by_doc(topics: &[Topic], count: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); count];
    for (t, topic) in topics.iter().enumerate() {
        for d in &topic.documents {
            if let Some(list) = out.get_mut(d.doc) {
                list.push(t);
            }
        }
    }
    out
}

fn candidates(
    d: usize,
    vectors: &[Vector],
    postings: &HashMap<u32, Vec<(usize, f64)>>,
    doc_topics: &[Vec<usize>],
    topics: &[Topic],
) -> Vec<usize> {
    let mut out: Vec<usize> = vectors[d]
        .iter()
        .filter_map(|(id, _)| postings.get(id))
        .flat_map(|list| list.iter().map(|(doc, _)| *doc))
        .collect();
    for &t in &doc_topics[d] {
        if topics[t].documents.len() <= TOPIC_CANDIDATE_LIMIT {
            out.extend(topics[t].documents.iter().map(|x| x.doc));
        }
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|&c| c != d);
    out
}

fn score(
    d: usize,
    c: usize,
    vectors: &[Vector],
    doc_topics: &[Vec<usize>],
    weight: &[f64],
) -> Option<RelatedDocument> {
    let cosine = dot(&vectors[d], &vectors[c]);
    let mine = &doc_topics[d];
    let mut shared: Vec<usize> = mine
        .iter()
        .copied()
        .filter(|t| doc_topics[c].contains(t))
        .collect();
    let total: f64 = mine.iter().map(|&t| weight[t]).sum();
    let overlap = if total > 0.0 {
        shared.iter().map(|&t| weight[t]).sum::<f64>() / total
    } else {
        0.0
    };
    shared.sort_by(|&a, &b| weight[b].total_cmp(&weight[a]).then(a.cmp(&b)));
    Some(RelatedDocument {
        doc: c,
        score: 0.5 * cosine + 0.5 * overlap,
        shared_topics: shared,
    })
}

/// Dot product of two sparse vectors sorted by term id.
fn dot(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::load::SourceFile;
    use crate::parse::{parse_document, ParseContext};

    fn doc(rel: &str, text: &str) -> Document {
        let config = SiteConfig::default();
        let source = SourceFile {
            path: rel.into(),
            rel_path: rel.into(),
            text: text.into(),
        };
        parse_document(
            &source,
            &ParseContext {
                config: &config,
                highlighter: None,
            },
        )
        .unwrap()
        .document
    }

    #[test]
    fn shared_topics_and_wording_rank_neighbours() {
        let docs = vec![
            doc("a.md", "---\ntopics: [Taiwan, AUKUS]\n---\nSubmarines and shipyards for the alliance navy."),
            doc("b.md", "---\ntopics: [Taiwan, AUKUS]\n---\nShipyards build submarines for the navy."),
            doc("c.md", "---\ntopics: [Taiwan]\n---\nElections and voters in spring."),
            doc("d.md", "---\ntopics: [G7]\n---\nBananas, apples, oranges."),
        ];
        let set = crate::analyze::topics::build(
            &docs,
            &Default::default(),
            std::path::Path::new("x"),
            &[],
        )
        .unwrap();
        let related = related(&docs, &set.topics, 3);
        let first = &related[0][0];
        assert_eq!(first.doc, 1);
        assert_eq!(first.shared_topics.len(), 2);
        assert!(
            related[0].iter().all(|r| r.doc != 3),
            "nothing in common with d"
        );
        assert!(related[0].iter().any(|r| r.doc == 2), "c shares Taiwan");
    }

    #[test]
    fn dot_product_of_sparse_vectors() {
        assert_eq!(
            dot(&vec![(1, 0.5), (3, 0.5)], &vec![(3, 1.0), (4, 1.0)]),
            0.5
        );
    }
}
