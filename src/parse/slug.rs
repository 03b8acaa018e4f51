//! Slugs: the URL-safe names of documents, topics and heading anchors.
//!
//! Pure functions over strings, so the same name always gives the same URL.

use std::collections::HashMap;

/// The longest slug, in bytes: a slug is a folder name in the output, and file systems refuse
/// names over 255 bytes (`File name too long`). Longer ones are cut (parse warns).
pub(crate) const MAX_SLUG_BYTES: usize = 200;

/// `"U.S.–Japan Alliance: 2024"` -> `"u-s-japan-alliance-2024"`; never empty, at most
/// [`MAX_SLUG_BYTES`] long.
pub(crate) fn slugify(text: &str) -> String {
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
pub(crate) fn slug_is_cut(text: &str) -> bool {
    slug::slugify(text).len() > MAX_SLUG_BYTES
}

/// A file stem without a Jekyll date prefix: `2024-04-04-my-post` -> (`my-post`, `2024-04-04`).
pub(crate) fn strip_date_prefix(stem: &str) -> (&str, Option<&str>) {
    // As Jekyll reads post names: a four-digit year, then a month and a day of one or two
    // digits (`2024-04-04-title`, `2014-3-3-title`), then the title.
    let mut parts = stem.splitn(4, '-');
    let (Some(year), Some(month), Some(day), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return (stem, None);
    };
    let digits = |s: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if digits(year, 4..=4) && digits(month, 1..=2) && digits(day, 1..=2) && !rest.is_empty() {
        let prefix_len = year.len() + month.len() + day.len() + 2;
        (rest, Some(&stem[..prefix_len]))
    } else {
        (stem, None)
    }
}

/// The date of a file-name prefix from [`strip_date_prefix`], zero-padded (`2014-3-3` ->
/// `2014-03-03`); `None` when it is not a calendar date (`2014-13-45`).
pub(crate) fn file_name_date(prefix: &str) -> Option<super::dates::DocDate> {
    let mut parts = prefix.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    super::dates::parse_date(&format!("{year}-{month:0>2}-{day:0>2}")).ok()
}

/// Ids the default theme's templates use on document pages; headings never take them.
pub(crate) const TEMPLATE_IDS: &[&str] = &[
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
pub(crate) struct UniqueIds {
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
    pub(crate) fn unique(&mut self, base: &str) -> String {
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
        assert_eq!(
            strip_date_prefix("2014-3-3-budget"),
            ("budget", Some("2014-3-3"))
        );
        assert_eq!(
            file_name_date("2014-3-3").map(|d| d.iso()),
            Some("2014-03-03".to_string())
        );
        assert!(file_name_date("2014-13-45").is_none());
        assert_eq!(strip_date_prefix("2024-04-04"), ("2024-04-04", None));
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
