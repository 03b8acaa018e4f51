//! Entry points for the fuzz targets in `fuzz/` and the randomized tests (`tests/testsuite/
//! randomized.rs`): each runs one parsing step on arbitrary input and panics if one of the step's
//! promises breaks (no panic inside, nothing of the user's text lost, slugs that are safe folder
//! names, passages numbered in order with ranges inside the source). Not an API: hidden from the
//! docs, and nothing else in dossier calls it.

use std::path::{Path, PathBuf};

use crate::analyze::dates_in_prose::{find_dates, resolve};
use crate::config::SiteConfig;
use crate::load::SourceFile;
use crate::parse::dates::parse_date;
use crate::parse::foreign::{self, ForeignContext, Includes};
use crate::parse::markdown::{self, MarkdownOptions};
use crate::parse::{front_matter, normalise_text, parse_document, plain_text, slug, ParseContext};

fn path() -> &'static Path {
    Path::new("content/fuzz.md")
}

/// Splits and parses front matter; the body is always the text's tail, and a document that
/// splits parses to fields or a located error.
pub fn front_matter(text: &str) {
    let text = normalise_text(text);
    let Ok(split) = front_matter::split(&text, path()) else {
        return;
    };
    assert!(text.ends_with(split.body), "the body is the text's tail");
    assert!(split.body_line >= 1 && split.front_matter_line >= 1);
    if let Some((format, raw)) = split.front_matter {
        if let Err(e) = front_matter::parse(format, raw, split.front_matter_line, path()) {
            assert!(e.line.is_some(), "front-matter errors carry a line: {e}");
        }
    }
}

/// Parses a front-matter date; a parsed date prints as ISO text that parses back the same.
pub fn front_matter_date(raw: &str) {
    if let Ok(date) = parse_date(raw) {
        let again = parse_date(&date.iso()).expect("an ISO date parses");
        assert_eq!(again.iso(), date.iso());
    }
}

/// Finds the dates in a sentence and resolves them against a document date: spans lie on
/// character boundaries inside the sentence, ranges end after they start.
pub fn prose_dates(sentence: &str) {
    let doc = parse_date("2024-04-04").ok();
    for mention in find_dates(sentence) {
        assert!(
            sentence.get(mention.span.clone()).is_some(),
            "span on char boundaries"
        );
        if let Some(date) = resolve(mention.expr, doc.as_ref()) {
            assert!(date.first_day() <= date.last_day(), "{}", date.iso());
        }
    }
}

/// Slugs a name and parses a document under it: slugs are non-empty, short enough for a file
/// name, and never climb out of the output folder.
pub fn slug_and_path(name: &str) {
    let s = slug::slugify(name);
    assert!(!s.is_empty() && s.len() <= slug::MAX_SLUG_BYTES, "{s:?}");
    assert!(
        !s.contains(['/', '\\', '\0']) && s != "." && s != "..",
        "{s:?}"
    );
    let rel = format!("{}.md", name.replace(['\\', '\0'], "_"));
    let config = SiteConfig::default();
    let source = SourceFile {
        path: PathBuf::from("content").join(&rel),
        rel_path: rel,
        text: format!("---\nslug: {}\n---\nBody.\n", name.replace('\n', " ")),
    };
    let ctx = ParseContext {
        config: &config,
        highlighter: None,
        includes: None,
    };
    if let Ok(parsed) = parse_document(&source, &ctx) {
        for part in parsed.document.slug.split('/') {
            assert!(part.len() <= slug::MAX_SLUG_BYTES, "{part:?}");
            assert!(part != "." && part != "..", "{:?}", parsed.document.slug);
        }
    }
}

/// Reads a `.txt` body: every word that is not named boilerplate is on the page (title or body).
pub fn plain_text(text: &str) {
    let text = normalise_text(text);
    let body = plain_text::render(&text, true);
    let shown = format!(
        "{} {}",
        crate::escape::html(body.title.as_deref().unwrap_or("")),
        body.html
    );
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if plain_text::is_boilerplate(&line) {
            continue;
        }
        for word in line.split_whitespace() {
            let escaped = crate::escape::html(word);
            assert!(shown.contains(&*escaped), "{word:?} lost: {shown}");
        }
    }
}

/// Renders markdown to passages: numbered 1, 2, 3..., each range inside the source and each
/// masked range inside its passage's text, on character boundaries.
pub fn markdown_passages(text: &str) {
    let text = &normalise_text(text);
    let config = SiteConfig::default();
    let options = MarkdownOptions {
        config: &config.markdown,
        highlighter: None,
        base_path: "/",
        excerpt_separator: "<!-- more -->",
        take_title: true,
    };
    let body = markdown::render(text, &options);
    for (i, passage) in body.passages.iter().enumerate() {
        assert_eq!(passage.number, i + 1);
        assert!(passage.source_range.end <= text.len(), "{passage:?}");
        for range in &passage.masked {
            assert!(passage.text.get(range.clone()).is_some(), "{passage:?}");
        }
    }
    assert!(!body.html.contains('\0'));
}

/// Rewrites other generators' template syntax: never panics; every code span and block is in
/// the output byte for byte, unless a tag pair around it took it (`{% comment %}`, a
/// `{% highlight %}` body) or it shows Hugo's `{{</* */>}}` escape; the passages of the result
/// map back inside the source.
pub fn foreign_syntax(text: &str) {
    let text = normalise_text(text);
    let includes = Includes::new([
        ("dir/fuzz.md", text.as_str()),
        ("dir/part.md", "Part {{< x >}} {{#include fuzz.md}}"),
    ]);
    let ctx = ForeignContext {
        rel_path: "dir/fuzz.md",
        site_title: "T",
        includes: Some(&includes),
    };
    let rewritten = foreign::rewrite(&text, &ctx);
    for range in foreign::code_ranges(&text) {
        let code = &text[range.clone()];
        match rewritten.fate(&text, &range) {
            Ok(()) => {}
            Err(Some(taken)) => {
                let escaped = taken == range && (code.contains("{{</*") || code.contains("{{%/*"));
                let around = taken.start < range.start || taken.end > range.end;
                assert!(
                    escaped || around,
                    "code {code:?} was rewritten by {taken:?}"
                );
            }
            Err(None) => panic!("code {code:?} is missing"),
        }
    }
    let config = SiteConfig::default();
    let options = MarkdownOptions {
        config: &config.markdown,
        highlighter: None,
        base_path: "/",
        excerpt_separator: "<!-- more -->",
        take_title: true,
    };
    let body = markdown::render(&rewritten.text, &options);
    for passage in &body.passages {
        let range = rewritten.source_range(passage.source_range.clone());
        assert!(
            range.start <= range.end && range.end <= text.len(),
            "{range:?}"
        );
    }
}
