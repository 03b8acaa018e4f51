//! The parsed body of a document, whatever its source format.
//!
//! Markdown and plain text both turn into a [`Body`]: rendered HTML in which every passage
//! carries its stable anchor, the passages' plain text (for topics, events and search later),
//! the headings (for the table of contents) and what the title and summary fallbacks need.

use std::ops::Range;

use serde::Serialize;

/// Which kind of block a passage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    Paragraph,
    ListItem,
}

/// One paragraph or list item of a document, anchored as `#p-N` (N from 1, in document order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub number: usize,
    pub kind: PassageKind,
    /// The passage's text without markup (link text kept, code kept, footnote marks dropped).
    pub text: String,
    /// Byte range of the passage in the body source.
    pub source_range: Range<usize>,
    /// Ranges of `text` that are inline code or link text: topics are not detected there.
    pub masked: Vec<Range<usize>>,
    /// Ranges of `text` that are inline code (masked too): no dates are read there.
    pub code: Vec<Range<usize>>,
}

impl Passage {
    /// The passage's anchor id, `p-7`.
    pub fn anchor(&self) -> String {
        format!("p-{}", self.number)
    }
}

/// A heading of the body, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link found in the body: where it points (as written) and the passage it sits in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    /// The passage number (`p-N`), when the link is in a passage.
    pub passage: Option<usize>,
    /// Where the link's text sits in the passage's text.
    pub text: Range<usize>,
}

/// Appends text with whitespace runs collapsed to one space (and none at the very start), so
/// that offsets taken while appending stay valid in the final text.
pub(crate) fn push_collapsed(buf: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !buf.is_empty() && !buf.ends_with(' ') {
                buf.push(' ');
            }
        } else {
            buf.push(c);
        }
    }
}

/// What parsing a document's body produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    pub html: String,
    pub passages: Vec<Passage>,
    pub headings: Vec<Heading>,
    /// The text of a leading H1 (markdown) or title line (plain text), removed from `html`.
    pub title: Option<String>,
    /// Plain text before the excerpt separator, when the body has one.
    pub excerpt: Option<String>,
    pub word_count: usize,
    /// How many raw HTML fragments were left out (`[markdown] unsafe_html = false`).
    pub raw_html_omitted: usize,
    /// Lists, quotes and emphasis nested deeper than `markdown::MAX_NESTING`, flattened into
    /// their parent (their text stays): deep nesting makes every later step cost more per byte.
    pub flattened_blocks: usize,
    /// Links in the body, in document order.
    pub links: Vec<LinkRef>,
    /// A hash of what analysis reads of the body (passages, headings, links), set by
    /// [`Body::seal`]; `dossier serve`'s analysis cache keys a document's work on it.
    pub digest: u64,
}

impl Body {
    /// Sets [`Body::digest`] from the passages (number, kind, text, masked and code ranges), headings
    /// and links.
    pub fn seal(mut self) -> Body {
        use std::hash::{Hash, Hasher};
        let mut hasher = crate::stable_hash::stable_hasher();
        for p in &self.passages {
            (p.number, p.kind as u8, &p.text, &p.masked, &p.code).hash(&mut hasher);
        }
        for h in &self.headings {
            (h.level, &h.id, &h.text).hash(&mut hasher);
        }
        for l in &self.links {
            (&l.dest, l.passage, &l.text).hash(&mut hasher);
        }
        self.digest = hasher.finish();
        self
    }

    /// The first passage's text: the last summary fallback.
    pub fn first_paragraph(&self) -> Option<&str> {
        self.passages
            .iter()
            .find(|p| p.kind == PassageKind::Paragraph && !p.text.trim().is_empty())
            .map(|p| p.text.as_str())
    }
}

/// Words in a piece of text (whitespace-separated runs with at least one alphanumeric).
pub(crate) fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}
