//! Slugs: the URL-safe names of documents, topics and heading anchors.
//!
//! Pure functions over strings, so the same name always gives the same URL.

use std::collections::HashMap;

/// The longest slug, in bytes: a slug is a folder name in the output, and file systems refuse
/// names over 255 bytes (`File name too long`). Longer ones are cut (parse warns).
pub const MAX_SLUG_BYTES: usize = 200;

/// `"U.S.–Japan Alliance: 2024"` -> `"u-s-japan-alliance-2024"`; never empty, at most
/// [`MAX_SLUG_BYTES`] long.
pub fn slugify(text: &str) -> String {
    let mut s = slug::slugify(text);
    if s.len() > MAX_SLUG_BYTES {
        let mut end = MAX_SLUG_BYTES;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        let kept = s.trim_end_matches('-').len();
        s.truncate(kept);
    }
    if s.is_empty() {
        "untitled".to_string()
    } else {
        s
    }
}

/// True when `slugify(text)` had to cut the slug to [`MAX_SLUG_BYTES`].
pub fn slug_is_cut(text: &str) -> bool {
    slug::slugify(text).len() > MAX_SLUG_BYTES
}

/// A file stem without a Jekyll date prefix: `2024-04-04-my-post` -> (`my-post`, `2024-04-04`).
pub fn strip_date_prefix(stem: &str) -> (&str, Option<&str>) {
    let bytes = stem.as_bytes();
    let is_dated = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    if is_dated {
        (&stem[11..], Some(&stem[..10]))
    } else {
        (stem, None)
    }
}

/// Ids the default theme's templates use on document pages; headings never take them.
pub const TEMPLATE_IDS: &[&str] = &[
    "main",
    "toc-title",
    "latest",
    "summary-box",
    "cite",
    "referenced-by",
    "related-docs",
    "related-topics",
    "doc-dates",
    "topic-timeline",
    "older-docs",
];

/// Hands out unique heading ids within one document: `intro`, `intro-1`, `intro-2`.
#[derive(Debug)]
pub struct UniqueIds {
    seen: HashMap<String, usize>,
}

impl Default for UniqueIds {
    fn default() -> Self {
        UniqueIds {
            seen: TEMPLATE_IDS.iter().map(|id| (id.to_string(), 1)).collect(),
        }
    }
}

impl UniqueIds {
    /// Reserves ids that are taken already (passage anchors use `p-N`).
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let base = if is_passage_anchor(base) {
            format!("h-{base}")
        } else {
            base.to_string()
        };
        let count = self.seen.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            base
        } else {
            let id = format!("{base}-{}", *count - 1);
            self.seen.insert(id.clone(), 1);
            id
        }
    }
}

/// `p-12` is reserved for passages.
fn is_passage_anchor(id: &str) -> bool {
    id.strip_prefix("p-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_slugs_are_cut() {
        let long = "word ".repeat(100);
        let s = slugify(&long);
        assert!(s.len() <= MAX_SLUG_BYTES && s.len() > 190, "{}", s.len());
        assert!(!s.ends_with('-'));
        assert!(slug_is_cut(&long));
        assert!(!slug_is_cut("short title"));
        assert_eq!(slugify(&"x".repeat(256)).len(), MAX_SLUG_BYTES);
    }

    #[test]
    fn slug_table() {
        let cases = [
            ("U.S.–Japan Alliance: 2024", "u-s-japan-alliance-2024"),
            ("Command and Control", "command-and-control"),
            ("command-and-control", "command-and-control"),
            ("  Émigré Café  ", "emigre-cafe"),
            ("!!!", "untitled"),
            ("CPTPP", "cptpp"),
        ];
        for (input, expected) in cases {
            assert_eq!(slugify(input), expected, "{input}");
        }
    }

    #[test]
    fn jekyll_date_prefix() {
        assert_eq!(
            strip_date_prefix("2024-04-04-us-japan"),
            ("us-japan", Some("2024-04-04"))
        );
        assert_eq!(strip_date_prefix("2024-notes"), ("2024-notes", None));
        assert_eq!(strip_date_prefix("about"), ("about", None));
    }

    #[test]
    fn unique_ids() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.unique("intro"), "intro");
        assert_eq!(ids.unique("intro"), "intro-1");
        assert_eq!(ids.unique("intro"), "intro-2");
        assert_eq!(ids.unique("p-3"), "h-p-3");
        assert_eq!(ids.unique(""), "section");
        assert_eq!(ids.unique("main"), "main-1");
    }
}
