//! JSON exports for other tools: `/topics.json` (topics, kinds, aliases) and `/topics/<slug>/documents.json`
//! (a topic's documents and the passage anchors where each discusses it).
//!
//! Typed structs serialized with serde_json, compact (a third smaller than pretty-printed;
//! the timeline's exports run to megabytes), in corpus order, so the same input gives the same
//! bytes. URLs are absolute.

use serde::Serialize;

use super::views::Views;
use super::OutputFile;
use crate::config::TopicKind;
use crate::error::Diagnostic;

#[derive(Debug, Serialize)]
struct TopicsExport<'a> {
    generator: String,
    base_url: &'a str,
    topics: Vec<TopicExport<'a>>,
}

#[derive(Debug, Serialize)]
struct TopicExport<'a> {
    slug: &'a str,
    name: &'a str,
    kind: TopicKind,
    description: Option<&'a str>,
    aliases: &'a [String],
    url: String,
    /// Where the topic's documents are (`/topics/<slug>/documents.json`).
    documents_url: String,
    curated: bool,
    declared: bool,
    suggested: bool,
    /// Found by discovery rather than curated or declared (the same as `suggested`).
    found_automatically: bool,
    parent: Option<&'a str>,
    document_count: usize,
    /// The topic's documents, while the site is small enough to list them all here (empty
    /// once it is not: read `documents_url`).
    documents: Vec<TopicDocumentExport<'a>>,
    related: Vec<RelatedExport<'a>>,
}

/// `/topics/<slug>/documents.json`.
#[derive(Debug, Serialize)]
struct TopicDocumentsExport<'a> {
    generator: String,
    slug: &'a str,
    name: &'a str,
    documents: Vec<TopicDocumentExport<'a>>,
}

#[derive(Debug, Serialize)]
struct TopicDocumentExport<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    date: Option<String>,
    declared: bool,
    mentions: usize,
    /// Every passage that mentions the topic, in document order.
    passages: Vec<String>,
    /// The passages quoted on the topic page, best first.
    key_passages: Vec<String>,
}

#[derive(Debug, Serialize)]
struct RelatedExport<'a> {
    slug: &'a str,
    shared: usize,
    strength: f64,
}

/// `/topics.json`: every topic; each topic's documents inline while the site files few
/// documents under topics (at most `per_page` filings in all), else only in its own file.
pub(crate) fn topics_json(views: &Views) -> Result<OutputFile, Diagnostic> {
    let read = &views.read;
    let topics: Vec<&crate::analyze::Topic> = (0..read.topic_count())
        .filter_map(|t| read.topic(t))
        .collect();
    let filings: usize = topics.iter().map(|t| t.documents.len()).sum();
    let inline = filings <= views.config.page_size();
    let topics = topics
        .into_iter()
        .map(|t| TopicExport {
            slug: &t.slug,
            name: &t.name,
            kind: t.kind,
            description: t.description.as_deref(),
            aliases: &t.aliases,
            url: views.permalink(&views.url(&format!("topics/{}", t.slug))),
            documents_url: views.permalink(&views.file_url(&topic_json_path(&t.slug))),
            curated: t.curated,
            declared: t.declared,
            suggested: t.suggested,
            found_automatically: t.suggested,
            parent: t.parent.as_deref(),
            document_count: t.documents.len(),
            documents: if inline {
                topic_documents(views, t)
            } else {
                Vec::new()
            },
            related: t
                .related
                .iter()
                .filter_map(|r| {
                    Some(RelatedExport {
                        slug: read.topic_head(r.topic)?.slug,
                        shared: r.shared,
                        strength: (r.strength * 1000.0).round() / 1000.0,
                    })
                })
                .collect(),
        })
        .collect();
    let export = TopicsExport {
        generator: format!("dossier {}", env!("CARGO_PKG_VERSION")),
        base_url: &views.config.base_url,
        topics,
    };
    json_file("topics.json".into(), &export)
}

/// Where a topic's own export is: `topics/taiwan/documents.json`.
pub(crate) fn topic_json_path(slug: &str) -> String {
    format!("topics/{slug}/documents.json")
}

/// `/topics/<slug>/documents.json`: the documents filed under the topic at position `t`.
pub(crate) fn topic_json(views: &Views, t: usize) -> Result<OutputFile, Diagnostic> {
    let Some(topic) = views.read.topic(t) else {
        return Err(Diagnostic::new("topics.json", "no such topic"));
    };
    let export = TopicDocumentsExport {
        generator: format!("dossier {}", env!("CARGO_PKG_VERSION")),
        slug: &topic.slug,
        name: &topic.name,
        documents: topic_documents(views, topic),
    };
    json_file(topic_json_path(&topic.slug), &export)
}

fn topic_documents<'a>(
    views: &Views<'a>,
    topic: &'a crate::analyze::Topic,
) -> Vec<TopicDocumentExport<'a>> {
    topic
        .documents
        .iter()
        .filter_map(|d| {
            let doc = views.read.listed_head(d.doc)?;
            let mut passages: Vec<usize> = d.mentions.iter().map(|m| m.passage).collect();
            passages.dedup();
            let anchor = |p: &usize| format!("p-{}", p + 1);
            Some(TopicDocumentExport {
                slug: doc.slug,
                title: doc.title,
                url: views.permalink(&views.url(doc.slug)),
                date: doc.date.map(|x| x.iso()),
                declared: d.declared,
                mentions: d.mentions.len(),
                passages: passages.iter().map(anchor).collect(),
                key_passages: d.key_passages.iter().map(anchor).collect(),
            })
        })
        .collect()
}

/// A JSON export, compact, with a final newline, safe to inline into HTML.
pub(crate) fn json_file(path: String, value: &impl Serialize) -> Result<OutputFile, Diagnostic> {
    let mut text = serde_json::to_string(value)
        .map_err(|e| Diagnostic::new(&path, format!("cannot write the export: {e}")))?;
    text.push('\n');
    Ok(OutputFile::new(path, html_safe_json(&text)))
}

/// Escapes `<`, `>` and `&` (only ever inside JSON strings) as `\u003c` etc., so the export
/// stays inert even if a tool inlines it into an HTML page.
pub(crate) fn html_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 64);
    let mut copied = 0;
    for (i, byte) in json.bytes().enumerate() {
        let escaped = match byte {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            _ => continue,
        };
        // ASCII bytes never sit inside a multi-byte character, so `i` is a char boundary.
        out.push_str(&json[copied..i]);
        out.push_str(escaped);
        copied = i + 1;
    }
    out.push_str(&json[copied..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_safe_json_escapes_only_the_three_characters() {
        let json = r#"{"a": "<b>x & y</b> — ünïcode"}"#;
        let expected = json
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026");
        assert_eq!(super::html_safe_json(json), expected);
        assert_eq!(super::html_safe_json(""), "");
    }
}
