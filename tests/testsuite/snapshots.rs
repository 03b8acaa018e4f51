//! Snapshots of small documents' `<article>` elements: the whole rendering of one page, kept
//! small and free of anything that changes between runs. Regenerate with
//! `INSTA_UPDATE=always cargo test` and review the diff.

use crate::site::{element, SiteTest};

fn article(rel: &str, text: &str) -> String {
    let slug = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
    let site = SiteTest::new()
        .file(&format!("content/{rel}"), text)
        .build();
    element(
        &site.html(&format!("{slug}/index.html")),
        "<article",
        "article",
    )
    .to_string()
}

#[test]
fn markdown_document_article() {
    let text = "---
title: A small note
date: 2024-04-04
author: Jane Doe
publisher: Example Institute
source: https://example.com/note
topics: [Taiwan, Command and control]
---

The first paragraph, with *emphasis*, a [link](/topics/) and \"quotes\".

## First part

- One point.
- Another point.

## Second part

A closing paragraph.
";
    insta::assert_snapshot!("markdown_document_article", article("note.md", text));
}

#[test]
fn plain_text_document_article() {
    let text = "Caption
A Plain Text Memo Title

The first paragraph of the memo, a sentence.

Standalone Heading Line

The paragraph after the heading, a sentence.
";
    insta::assert_snapshot!("plain_text_document_article", article("memo.txt", text));
}
