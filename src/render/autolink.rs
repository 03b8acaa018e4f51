//! Autolinks: a topic's mentions in a document's HTML become links to the topic page.
//!
//! This scans HTML that dossier's own parser wrote (well-formed, attributes escaped), never
//! markdown. Text inside `<a>`, `<code>`, `<pre>`, headings, `<script>` and `<style>` is left
//! alone, and so are character references (`&amp;`). With [`AutolinkMode::First`] only each
//! topic's first eligible mention is linked; with `All`, every one.

use std::collections::{HashMap, HashSet};

use crate::analyze::matching::Matcher;
use crate::config::AutolinkMode;
use crate::escape;

const SKIPPED: &[&str] = &[
    "a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style",
];

/// Links mentions of the `targets` topics (topic index -> URL) in `html`.
pub(crate) fn autolink(
    html: &str,
    matcher: &Matcher,
    targets: &HashMap<usize, String>,
    mode: AutolinkMode,
) -> String {
    if mode == AutolinkMode::None || targets.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut linked: HashSet<usize> = HashSet::new();
    let mut skip_depth = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        if mode == AutolinkMode::First && linked.len() == targets.len() {
            // Every topic has its link: the rest of the page is copied as it is.
            out.push_str(rest);
            break;
        }
        match rest.find('<') {
            Some(0) => {
                let end = rest.find('>').map_or(rest.len(), |i| i + 1);
                let tag = &rest[..end];
                skip_depth = track_skipped(tag, skip_depth);
                out.push_str(tag);
                rest = &rest[end..];
            }
            found => {
                let end = found.unwrap_or(rest.len());
                let text = &rest[..end];
                if skip_depth == 0 {
                    link_text(text, matcher, targets, mode, &mut linked, &mut out);
                } else {
                    out.push_str(text);
                }
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Updates the depth of skipped elements for one tag (`<code>`, `</a>`, `<br/>`).
fn track_skipped(tag: &str, depth: usize) -> usize {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let closing = inner.starts_with('/');
    let name = inner.trim_start_matches('/');
    let name = &name[..name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len())];
    if !SKIPPED.iter().any(|s| s.eq_ignore_ascii_case(name)) || inner.ends_with('/') {
        return depth;
    }
    if closing {
        depth.saturating_sub(1)
    } else {
        depth + 1
    }
}

fn link_text(
    text: &str,
    matcher: &Matcher,
    targets: &HashMap<usize, String>,
    mode: AutolinkMode,
    linked: &mut HashSet<usize>,
    out: &mut String,
) {
    // The matcher's words are runs of alphanumeric characters: text without any (the line
    // breaks between tags) holds no mention.
    if text
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
    {
        out.push_str(text);
        return;
    }
    let mut last = 0;
    for m in matcher.find(text) {
        let Some(url) = targets.get(&m.topic) else {
            continue;
        };
        let fragment = &text[m.range.clone()];
        let already = mode == AutolinkMode::First && linked.contains(&m.topic);
        if already
            || m.range.start < last
            || fragment.contains('&')
            || in_entity(text, m.range.start)
        {
            continue;
        }
        linked.insert(m.topic);
        out.push_str(&text[last..m.range.start]);
        out.push_str("<a class=\"topic-link\" href=\"");
        out.push_str(&escape::html(url));
        out.push_str("\">");
        out.push_str(fragment);
        out.push_str("</a>");
        last = m.range.end;
    }
    out.push_str(&text[last..]);
}

/// True when `at` sits inside a character reference such as `&amp;` or `&#39;`.
fn in_entity(text: &str, at: usize) -> bool {
    let before = &text[..at];
    match before.rfind('&') {
        Some(amp) => !before[amp..].contains(';') && !before[amp..].contains(char::is_whitespace),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(html: &str, mode: AutolinkMode) -> String {
        let matcher = Matcher::new(&[vec!["Taiwan".into()], vec!["AUKUS".into()]]);
        let targets: HashMap<usize, String> = [
            (0, "/topics/taiwan/".to_string()),
            (1, "/topics/aukus/".to_string()),
        ]
        .into();
        autolink(html, &matcher, &targets, mode)
    }

    #[test]
    fn first_mention_only() {
        let html = "<p id=\"p-1\">Taiwan and Taiwan.</p>\n<p id=\"p-2\">Taiwan.</p>";
        assert_eq!(
            link(html, AutolinkMode::First),
            "<p id=\"p-1\"><a class=\"topic-link\" href=\"/topics/taiwan/\">Taiwan</a> and Taiwan.</p>\n<p id=\"p-2\">Taiwan.</p>"
        );
        assert_eq!(
            link(html, AutolinkMode::All).matches("topic-link").count(),
            3
        );
        assert_eq!(link(html, AutolinkMode::None), html);
    }

    #[test]
    fn never_inside_code_links_or_headings() {
        let html = "<h2 id=\"taiwan\">Taiwan<a class=\"anchor\" href=\"#taiwan\">#</a></h2><p><code>Taiwan</code> <a href=\"/x/\">Taiwan</a> <em>Taiwan</em></p>";
        let out = link(html, AutolinkMode::First);
        assert!(out.starts_with("<h2 id=\"taiwan\">Taiwan<a"), "{out}");
        assert!(
            out.contains(
                "<code>Taiwan</code> <a href=\"/x/\">Taiwan</a> <em><a class=\"topic-link\""
            ),
            "{out}"
        );
    }

    #[test]
    fn attributes_and_entities_are_untouched() {
        let html = "<p title=\"Taiwan\">AUKUS &amp; more</p><pre><code>AUKUS</code></pre>";
        let out = link(html, AutolinkMode::All);
        assert!(out.starts_with("<p title=\"Taiwan\"><a class=\"topic-link\" href=\"/topics/aukus/\">AUKUS</a> &amp; more"), "{out}");
        assert!(out.ends_with("<pre><code>AUKUS</code></pre>"));
    }
}
