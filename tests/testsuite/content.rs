//! The content model: file kinds, front-matter formats, Jekyll posts, skipping, drafts, titles.

use crate::site::{element, SiteTest};

#[test]
fn md_markdown_and_txt_files_are_documents_and_others_are_not() {
    let site = SiteTest::new()
        .file("content/one.md", "# One from md\n\nText one.\n")
        .file("content/two.markdown", "# Two from markdown\n\nText two.\n")
        .file(
            "content/three.txt",
            "Three from plain text\n\nText three, a sentence.\n",
        )
        .file("content/four.html", "<h1>Not a document</h1>\n")
        .file("content/five.rst", "Not a document either\n")
        .build();
    site.check_file_contains("one/index.html", &["<h1>One from md</h1>"]);
    site.check_file_contains("two/index.html", &["<h1>Two from markdown</h1>"]);
    site.check_file_contains("three/index.html", &["<h1>Three from plain text</h1>"]);
    let files = site.files();
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("four") || f.starts_with("five")),
        "{files:#?}"
    );
}

#[test]
fn yaml_and_toml_front_matter_give_the_same_page() {
    // Related documents are off: the two pages would list each other.
    let site = SiteTest::new()
        .config("title = \"T\"\nbase_url = \"https://example.org/\"\n[topics]\nrelated = 0\n")
        .file(
            "content/yaml.md",
            "---\ntitle: Same title\ndate: 2024-02-03\nauthor: Jane Doe\ntopics: [Taiwan]\n---\n\nSame body.\n",
        )
        .file(
            "content/toml.md",
            "+++\ntitle = \"Same title\"\ndate = 2024-02-03\nauthor = \"Jane Doe\"\ntopics = [\"Taiwan\"]\n+++\n\nSame body.\n",
        )
        .build();
    let article = |slug: &str| {
        element(
            &site.html(&format!("{slug}/index.html")),
            "<article",
            "article",
        )
        .replace(&format!("/{slug}/"), "/SLUG/")
    };
    let yaml = article("yaml");
    assert_eq!(yaml, article("toml"));
    for needle in [
        "<h1>Same title</h1>",
        "datetime=\"2024-02-03\"",
        "Jane Doe",
        "Taiwan",
    ] {
        assert!(yaml.contains(needle), "{needle:?} in {yaml}");
    }
}

#[test]
fn document_without_front_matter_builds() {
    let site = SiteTest::new()
        .file(
            "content/bare.md",
            "Just a paragraph, no front matter.\n\n---\n\nAfter a rule.\n",
        )
        .build();
    site.check_file_contains(
        "bare/index.html",
        &[
            "<h1>Bare</h1>",
            "Just a paragraph, no front matter.",
            "<hr />",
            "After a rule.",
        ],
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let site = SiteTest::new()
        .file(
            "content/windows.md",
            "\u{feff}---\r\ntitle: Windows file\r\ndate: 2024-05-06\r\n---\r\n\r\nFirst line\r\nsecond line.\r\n\r\n## Part two\r\n\r\nMore.\r\n",
        )
        .file("content/windows-text.txt", "\u{feff}Title Line Of Text\r\n\r\nBody, a sentence.\r\n")
        .build();
    site.check_file_contains(
        "windows/index.html",
        &[
            "<h1>Windows file</h1>",
            "datetime=\"2024-05-06\"",
            "id=\"part-two\"",
            "First line\nsecond line.",
        ],
    );
    site.check_file_contains("windows-text/index.html", &["<h1>Title Line Of Text</h1>"]);
    for page in [
        "windows/index.html",
        "windows-text/index.html",
        "index.html",
    ] {
        site.check_file_lacks(page, &["\r", "\u{feff}"]);
    }
}

const JEKYLL_POST: &str = "---
layout: post
title : A Jekyll Alliance Post
author: Pat Doe and Sam Roe
date  : 2024-04-04 12:00:00 +0800
image : https://example.com/picture.jpeg
#image_caption: \"\"
description: \"Toward Something Integrated\"
excerpt_separator: <excerpt/>
---

_The lead paragraph, in italics._

<excerpt/>

### Introduction

The body goes on here.
";

#[test]
fn jekyll_post_builds_as_it_is() {
    let site = SiteTest::new()
        .file("content/2024-04-04-alliance-post.md", JEKYLL_POST)
        .create();
    let report = site.build();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    site.check_file_contains(
        "alliance-post/index.html",
        &[
            "<h1>A Jekyll Alliance Post</h1>",
            "Pat Doe and Sam Roe",
            "Toward Something Integrated",
            "<time datetime=\"2024-04-04\">",
            "<em>The lead paragraph, in italics.</em>",
            "id=\"introduction\"",
        ],
    );
    site.check_file_lacks("alliance-post/index.html", &["excerpt", "layout"]);
    site.check_file_contains(
        "index.html",
        &["<p class=\"summary\">The lead paragraph, in italics.</p>"],
    );
    site.check_file_contains(
        "atom.xml",
        &["<published>2024-04-04T12:00:00+08:00</published>"],
    );
}

#[test]
fn date_keeps_the_calendar_day_the_editor_wrote() {
    let site = SiteTest::new()
        .file(
            "content/early.md",
            "---\ntitle: Early\ndate: 2024-04-04 00:30:00 +0800\n---\nText.\n",
        )
        .file(
            "content/late.md",
            "---\ntitle: Late\ndate: 2024-04-04T23:30:00-05:00\n---\nText.\n",
        )
        .build();
    site.check_file_contains("early/index.html", &["<time datetime=\"2024-04-04\">"]);
    site.check_file_contains("late/index.html", &["<time datetime=\"2024-04-04\">"]);
}

#[test]
fn underscore_and_hidden_files_and_folders_are_skipped() {
    let site = SiteTest::new()
        .file("content/visible.md", "# Visible\n\nShown.\n")
        .file("content/_partial.md", "# Partial\n\nNot shown.\n")
        .file(
            "content/_drafts/drafted.md",
            "# Drafted\n\nA draft: not shown.\n",
        )
        .file("content/.hidden.md", "# Hidden\n\nNot shown.\n")
        .file(
            "content/notes/_includes/deep.txt",
            "Deep Down Skipped Text\n",
        )
        .create();
    assert_eq!(site.build().documents, 1);
    let files = site.files();
    assert!(files.contains(&"visible/index.html".to_string()));
    for name in ["partial", "drafted", "hidden", "deep", "notes"] {
        assert!(
            !files.iter().any(|f| f.contains(name)),
            "{name}: {files:#?}"
        );
    }
}

#[test]
fn drafts_are_skipped_unless_asked_for() {
    let files = [
        (
            "content/wip.md",
            "---\ntitle: Work in progress\ndraft: true\ndate: 2024-01-01\n---\nDraft text.\n",
        ),
        (
            "content/done.md",
            "---\ntitle: Finished\ndate: 2024-01-02\n---\nDone.\n",
        ),
    ];
    let site = files
        .iter()
        .fold(SiteTest::new(), |s, (p, t)| s.file(p, t))
        .build();
    assert!(!site.files().iter().any(|f| f.starts_with("wip/")));
    for page in [
        "index.html",
        "atom.xml",
        "sitemap.xml",
        "archive/index.html",
    ] {
        site.check_file_lacks(page, &["Work in progress", "/wip/"]);
    }
    let with_drafts = files
        .iter()
        .fold(SiteTest::new(), |s, (p, t)| s.file(p, t))
        .drafts()
        .build();
    with_drafts.check_file_contains("wip/index.html", &["<h1>Work in progress</h1>"]);
}

#[test]
fn title_falls_back_to_h1_then_first_line_then_file_name() {
    let site = SiteTest::new()
        .file("content/from-heading.md", "# Title From Heading\n\nText.\n")
        .file(
            "content/from-line.txt",
            "Title From The First Line\n\nText, a sentence.\n",
        )
        .file("content/my-field_notes.md", "Only a paragraph.\n")
        .file(
            "content/given.md",
            "---\ntitle: Title From Front Matter\n---\n# Heading Stays\n",
        )
        .build();
    site.check_file_contains("from-heading/index.html", &["<h1>Title From Heading</h1>"]);
    site.check_file_contains(
        "from-line/index.html",
        &["<h1>Title From The First Line</h1>"],
    );
    site.check_file_contains("my-field-notes/index.html", &["<h1>My field notes</h1>"]);
    site.check_file_contains(
        "given/index.html",
        &["<h1>Title From Front Matter</h1>", ">Heading Stays<"],
    );
    site.check_file_lacks("from-heading/index.html", &["<h1 id="]);
}

#[test]
fn plain_text_is_escaped_not_interpreted() {
    let site = SiteTest::new()
        .file(
            "content/memo.txt",
            "A Memo About Markup\n\nIt says <script>alert(1)</script> & *stars* and [a](link) here.\n",
        )
        .build();
    site.check_file_contains(
        "memo/index.html",
        &["It says &lt;script&gt;alert(1)&lt;/script&gt; &amp; *stars* and [a](link) here."],
    );
    site.check_file_lacks(
        "memo/index.html",
        &["<script>alert", "<em>", "href=\"link\""],
    );
}

#[test]
fn raw_html_in_markdown_is_left_out_by_default() {
    let text = "# Raw\n\n<div class=\"evil\">block</div>\n\nInline <b>bold</b> and <script>alert(1)</script> here.\n";
    let site = SiteTest::new().file("content/raw.md", text).create();
    let report = site.build();
    site.check_file_lacks(
        "raw/index.html",
        &["<div class=\"evil\">", "<b>bold</b>", "<script>alert"],
    );
    site.check_file_contains("raw/index.html", &["bold", "here."]);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("raw HTML")),
        "{:?}",
        report.warnings
    );
    let allowed = SiteTest::new()
        .config("title = \"T\"\n[markdown]\nunsafe_html = true\n")
        .file("content/raw.md", text)
        .build();
    allowed.check_file_contains("raw/index.html", &["<div class=\"evil\">", "<b>bold</b>"]);
}

#[test]
fn links_to_content_files_become_page_urls_and_missing_ones_warn() {
    let site = SiteTest::new()
        .config("title = \"T\"\nbase_url = \"https://org.github.io/briefs/\"\n")
        .file("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n\nSee [b](notes/b.md#p-1) and [gone](gone.md).\n")
        .file("content/notes/b.md", "---\ntitle: B\ndate: 2024-01-02\nslug: custom\n---\n\nBack to [a](../a.md).\n")
        .create();
    let report = site.build();
    site.check_file_contains(
        "a/index.html",
        &["href=\"/briefs/notes/custom/#p-1\"", "href=\"gone.md\""],
    );
    site.check_file_contains("notes/custom/index.html", &["href=\"/briefs/a/\""]);
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("a.md") && w.contains("gone.md")),
        "{warnings:?}"
    );
}
