//! Topics declared in front matter, merged by slug.
//!
//! This is the foundation the topics issue builds on (curated, detected and discovered topics
//! join here). For now a topic is what documents declare in `topics`/`tags`/`categories`/`themes`;
//! names that slugify alike ("Command and Control", "command-and-control") are one topic, shown
//! under the spelling met first in document order.

use std::collections::BTreeMap;

use crate::parse::slug::slugify;
use crate::parse::Document;

/// A shared theme across documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub slug: String,
    pub name: String,
    /// Indices into `Corpus::documents`, in corpus order (newest first).
    pub documents: Vec<usize>,
}

/// Topics declared by the (already ordered) documents, sorted by slug.
pub fn declared_topics(documents: &[Document]) -> Vec<Topic> {
    let mut by_slug: BTreeMap<String, Topic> = BTreeMap::new();
    for (index, doc) in documents.iter().enumerate() {
        for name in &doc.declared_topics {
            let slug = slugify(name);
            let topic = by_slug.entry(slug.clone()).or_insert_with(|| Topic {
                slug,
                name: name.clone(),
                documents: Vec::new(),
            });
            if topic.documents.last() != Some(&index) {
                topic.documents.push(index);
            }
        }
    }
    by_slug.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_merge_by_slug() {
        let mut a = Document::empty_for_tests("a");
        a.declared_topics = vec!["Command and Control".into(), "Taiwan".into()];
        let mut b = Document::empty_for_tests("b");
        b.declared_topics = vec!["command-and-control".into()];
        let topics = declared_topics(&[a, b]);
        assert_eq!(topics.len(), 2);
        assert_eq!(topics[0].slug, "command-and-control");
        assert_eq!(topics[0].name, "Command and Control");
        assert_eq!(topics[0].documents, vec![0, 1]);
    }
}
