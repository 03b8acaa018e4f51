//! Plain-text documents (`.txt`): paragraphs, no markup interpretation.
//!
//! Editors paste scraped pages, so this reader also tidies what scraping leaves behind, without
//! ever dropping the user's words: only boilerplate it can name is removed (a line that is just
//! "SVG", "Caption", "Sections"..., see [`SCRAPE_BOILERPLATE`], or only punctuation, like "."). Short
//! lines before the title ("Commentary", "The Hill") and lone one-word lines in the body (an
//! image's alt text) stay on the page as small `fragment` paragraphs that are not passages (so
//! they never become a summary). The title is the first line that reads like one, else the first
//! line. Short lines that stand alone between paragraphs become headings (for the table of
//! contents). Paragraphs are blank-line separated; a block of long lines without blank lines (one
//! paragraph per line, as scrapers write) gives one paragraph per line. Every character of text is
//! HTML-escaped.

use super::body::{count_words, Body, Heading, Passage, PassageKind};
use super::slug::{slugify, UniqueIds};
use crate::escape;

/// Lines at most this long that end without sentence punctuation may be headings.
const HEADING_MAX_CHARS: usize = 90;
/// A block whose lines are all shorter than this is hard-wrapped prose (lines joined)...
const WRAP_WIDTH: usize = 100;
/// ...as long as every line but the last fills most of the width (short lines stand alone).
const MIN_WRAPPED_LINE: usize = 40;

/// Whole lines that web pages carry around an article, and scrapers keep: the only text the
/// reader removes (compared without case). Seen in the seeds: an icon's "SVG", a figure's
/// "Caption", a navigation "Sections".
pub(crate) const SCRAPE_BOILERPLATE: &[&str] = &[
    "svg",
    "caption",
    "sections",
    "advertisement",
    "menu",
    "share",
    "share this",
    "skip to content",
    "skip to main content",
    "toggle navigation",
];

/// Renders a plain-text body. `take_title` uses the first title-like line as the title.
pub(crate) fn render(text: &str, take_title: bool) -> Body {
    let blocks: Vec<(String, usize)> = blocks(text)
        .into_iter()
        .filter(|(line, _)| !is_boilerplate(line))
        .collect();
    let mut body = Body {
        word_count: blocks.iter().map(|(line, _)| count_words(line)).sum(),
        ..Body::default()
    };
    let mut ids = UniqueIds::default();
    let title = if take_title {
        title_index(&blocks)
    } else {
        None
    };
    let mut offset_seen = false;
    for (index, (line_text, range_start)) in blocks.iter().enumerate() {
        if Some(index) == title {
            body.title = Some(line_text.clone());
            continue;
        }
        if title.is_some_and(|t| index < t) || is_fragment(line_text) {
            push_fragment(&mut body, line_text);
            continue;
        }
        let next_is_paragraph = blocks
            .get(index + 1)
            .is_some_and(|(t, _)| !is_heading_like(t));
        if is_heading_like(line_text) && next_is_paragraph && offset_seen {
            push_heading(&mut body, &mut ids, line_text);
        } else {
            push_paragraph(&mut body, line_text, *range_start);
            offset_seen = true;
        }
    }
    body
}

/// The block that is the title: the first title-like one after short lines ("Commentary", "The
/// Hill"); else, when the text opens with short lines, the first of them (a memo's "Memo").
fn title_index(blocks: &[(String, usize)]) -> Option<usize> {
    for (index, (line, _)) in blocks.iter().enumerate() {
        if is_title_like(line) {
            return Some(index);
        }
        if !is_kicker(line) {
            return (index > 0).then_some(0);
        }
    }
    (!blocks.is_empty()).then_some(0)
}

/// A short line before the title: one or two words, not a sentence.
fn is_kicker(line: &str) -> bool {
    count_words(line) <= 2 && !ends_like_sentence(line) && !line.ends_with('?')
}

/// A whole line that is named boilerplate ([`SCRAPE_BOILERPLATE`]) or has no letter or digit.
pub(crate) fn is_boilerplate(line: &str) -> bool {
    !line.chars().any(char::is_alphanumeric)
        || SCRAPE_BOILERPLATE
            .iter()
            .any(|b| b.eq_ignore_ascii_case(line.trim_end_matches(':')))
}

/// Paragraph texts with their byte offsets, whitespace-normalised.
fn blocks(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut block: Vec<(&str, usize)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut block, &mut out);
        } else {
            block.push((trimmed, offset));
        }
        offset += line.len();
    }
    flush(&mut block, &mut out);
    out
}

fn flush(block: &mut Vec<(&str, usize)>, out: &mut Vec<(String, usize)>) {
    if block.is_empty() {
        return;
    }
    let hard_wrapped = block.len() > 1
        && block.iter().all(|(l, _)| l.chars().count() < WRAP_WIDTH)
        && block[..block.len() - 1]
            .iter()
            .all(|(l, _)| l.chars().count() >= MIN_WRAPPED_LINE);
    if hard_wrapped {
        let text = block.iter().map(|(l, _)| *l).collect::<Vec<_>>().join(" ");
        out.push((normalise(&text), block[0].1));
    } else {
        out.extend(block.iter().map(|(l, at)| (normalise(l), *at)));
    }
    block.clear();
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A lone word that is not a sentence ("BidenandFumio", an image's alt text): kept, not a passage.
fn is_fragment(line: &str) -> bool {
    count_words(line) <= 1 && line.chars().count() < 30 && !line.ends_with(['.', '!', '?'])
}

fn ends_like_sentence(line: &str) -> bool {
    line.ends_with(['.', '!', ',', ';', ':', '"', '\u{201d}'])
}

fn is_title_like(line: &str) -> bool {
    let words = count_words(line);
    (3..=20).contains(&words)
        && line.chars().count() <= 200
        && !line.ends_with(['.', ',', ';', ':'])
}

fn is_heading_like(line: &str) -> bool {
    let words = count_words(line);
    (2..=12).contains(&words)
        && line.chars().count() <= HEADING_MAX_CHARS
        && !ends_like_sentence(line)
        && !line.ends_with('?')
}

fn push_heading(body: &mut Body, ids: &mut UniqueIds, text: &str) {
    let id = ids.unique(&slugify(text));
    let safe_id = escape::html(&id);
    body.html.push_str(&format!(
        "<h2 id=\"{safe_id}\">{}<a class=\"anchor\" href=\"#{safe_id}\" aria-label=\"Link to this section\">#</a></h2>\n",
        escape::html(text)
    ));
    body.headings.push(Heading {
        level: 2,
        id,
        text: text.to_string(),
    });
}

fn push_fragment(body: &mut Body, text: &str) {
    body.html.push_str(&format!(
        "<p class=\"fragment\">{}</p>\n",
        escape::html(text)
    ));
}

fn push_paragraph(body: &mut Body, text: &str, at: usize) {
    let number = body.passages.len() + 1;
    body.html.push_str(&format!(
        "<p id=\"p-{number}\">{}</p>\n",
        escape::html(text)
    ));
    body.passages.push(Passage {
        number,
        kind: PassageKind::Paragraph,
        text: text.to_string(),
        source_range: at..at + text.len(),
        masked: Vec::new(),
        code: Vec::new(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_the_first_title_like_line_after_leftovers() {
        let b = render("SVG\nCommentary\nThe Hill\n\nHow to Enhance US-Japan Security Cooperation\n\nFirst paragraph here, a sentence.\n", true);
        assert_eq!(
            b.title.as_deref(),
            Some("How to Enhance US-Japan Security Cooperation")
        );
        assert_eq!(b.passages.len(), 1);
        assert_eq!(b.passages[0].text, "First paragraph here, a sentence.");
        // The kicker lines stay on the page, as fragments; the icon's "SVG" goes.
        assert!(b.html.contains("<p class=\"fragment\">Commentary</p>"));
        assert!(b.html.contains("<p class=\"fragment\">The Hill</p>"));
        assert!(!b.html.contains("SVG"));
    }

    /// Every word of `text` is on the page: in the title or the body's HTML.
    fn assert_nothing_lost(text: &str, b: &Body) {
        let shown = format!("{} {}", b.title.as_deref().unwrap_or(""), b.html);
        for word in text.split_whitespace() {
            assert!(
                shown.contains(&*escape::html(word)),
                "{word:?} lost from {text:?}: {shown}"
            );
        }
    }

    #[test]
    fn a_memo_keeps_every_line() {
        let memo = "Memo\nBudget update\nThe meeting moved to Friday.\nApproved.\nSee attached.\nThanks, Anna\n";
        for text in [memo.to_string(), memo.replace('\n', "\n\n")] {
            let b = render(&text, true);
            assert_nothing_lost(&text, &b);
            assert_eq!(b.title.as_deref(), Some("Memo"));
            let passages: Vec<&str> = b.passages.iter().map(|p| p.text.as_str()).collect();
            assert_eq!(
                passages,
                [
                    "Budget update",
                    "The meeting moved to Friday.",
                    "Approved.",
                    "See attached.",
                    "Thanks, Anna"
                ]
            );
        }
    }

    #[test]
    fn short_lines_are_not_dropped() {
        let b = render("Line one\nLine two\n\nPara two.\n", true);
        assert_eq!(b.title.as_deref(), Some("Line one"));
        assert_eq!(b.passages.len(), 2);
        assert_nothing_lost("Line one\nLine two\n\nPara two.\n", &b);
        let text = "Minutes of the Board Meeting\n\nPresent: Anna, Ben.\n\nYes.\n\nOk\n\nAgreed\n\nNext meeting in May.\n";
        let b = render(text, true);
        assert_nothing_lost(text, &b);
        let b = render(text, false);
        assert_nothing_lost(text, &b);
        assert!(b.passages.iter().any(|p| p.text == "Yes."));
    }

    #[test]
    fn lone_words_are_fragments_not_summaries() {
        let b = render(
            "A Title for the Piece\n\nBidenandFumio\n\nThe first real paragraph.\n",
            true,
        );
        assert_eq!(b.first_paragraph(), Some("The first real paragraph."));
        assert!(b.html.contains("<p class=\"fragment\">BidenandFumio</p>"));
    }

    #[test]
    fn one_paragraph_per_long_line() {
        let long = "word ".repeat(30);
        let text = format!("Title of the Piece\n{long}\n{long}\n");
        let b = render(&text, true);
        assert_eq!(b.passages.len(), 2);
    }

    #[test]
    fn hard_wrapped_lines_join() {
        let b = render(
            "A hard-wrapped paragraph of prose that goes on\nto the next line.\n\nNext one here.\n",
            false,
        );
        assert_eq!(
            b.passages[0].text,
            "A hard-wrapped paragraph of prose that goes on to the next line."
        );
        assert_eq!(b.passages.len(), 2);
    }

    #[test]
    fn markup_is_escaped_not_interpreted() {
        let b = render("Some *stars* and <script>x</script> & more.\n", false);
        assert!(b
            .html
            .contains("Some *stars* and &lt;script&gt;x&lt;/script&gt; &amp; more."));
    }

    #[test]
    fn standalone_short_lines_become_headings() {
        let b = render("Opening paragraph, long enough.\n\nUpgrading Alliance Command and Control\n\nThe next paragraph follows.\n", false);
        assert_eq!(b.headings.len(), 1);
        assert_eq!(b.headings[0].id, "upgrading-alliance-command-and-control");
        assert_eq!(b.passages.len(), 2);
    }

    #[test]
    fn leftover_lines_in_the_body_are_dropped() {
        let b = render(
            "First paragraph, a sentence.\n\nCaption\n\nSecond paragraph, a sentence.\n",
            false,
        );
        assert_eq!(b.passages.len(), 2);
        assert!(!b.html.contains("Caption"));
    }
}
