//! Markdown to HTML with pulldown-cmark, adding what a briefing site needs.
//!
//! On top of CommonMark (+ tables, footnotes, strikethrough, task lists, heading attributes,
//! smart punctuation) this pass: gives every passage (paragraph, list item, blockquote paragraph)
//! a stable `id="p-N"`, gives headings unique ids and a `#` anchor, highlights fenced code with
//! syntect, prefixes root-relative links with the site's base path, cuts the excerpt at the
//! separator, takes a leading H1 as the title, and leaves raw HTML out unless allowed.
//! It is one linear pass over the event stream; all state lives in [`Pass`].

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::body::{count_words, push_collapsed, Body, Heading, LinkRef, Passage, PassageKind};
use super::highlight::Highlighter;
use super::slug::{slugify, UniqueIds};
use crate::config::MarkdownConfig;
use crate::escape;

/// Everything the markdown pass needs besides the text.
pub(crate) struct MarkdownOptions<'a> {
    pub config: &'a MarkdownConfig,
    pub highlighter: Option<&'a Highlighter>,
    /// The site's base path (`/` or `/briefs/`), prefixed to root-relative links.
    pub base_path: &'a str,
    /// `<!-- more -->` or the front matter's `excerpt_separator`.
    pub excerpt_separator: &'a str,
    /// Take a leading H1 as the document's title (when the front matter has none).
    pub take_title: bool,
}

/// Renders a markdown body.
pub(crate) fn render(source: &str, options: &MarkdownOptions) -> Body {
    let (text, separator_at) = blank_out_separator(source, options.excerpt_separator);
    let parser = Parser::new_ext(&text, parser_options(options.config)).into_offset_iter();
    let mut pass = Pass::new(options);
    let mut nesting = Nesting::default();
    for (event, range) in parser {
        if let Some(event) = nesting.filter(event) {
            pass.event(event, range);
        }
    }
    let mut body = pass.finish(separator_at);
    body.flattened_blocks = nesting.flattened;
    body
}

/// How deep lists, block quotes and emphasis may nest; deeper ones are flattened into their
/// parent. No real document comes near it, and every step after parsing (passages, HTML, the
/// search index) costs more per byte the deeper the HTML is.
pub(crate) const MAX_NESTING: usize = 32;

/// Drops the start and end events of containers nested deeper than [`MAX_NESTING`], keeping
/// what is inside them. A list is dropped one level earlier than an item, so no kept list is
/// ever left without its items, and a dropped item leaves a line break between its words.
#[derive(Default)]
struct Nesting {
    /// For each open container: whether it was dropped.
    open: Vec<bool>,
    flattened: usize,
}

impl Nesting {
    fn filter<'e>(&mut self, event: Event<'e>) -> Option<Event<'e>> {
        match &event {
            Event::Start(tag) if is_nesting(tag) => {
                let depth = self.open.len() + 1;
                let limit = if matches!(tag, Tag::List(_)) {
                    MAX_NESTING - 1
                } else {
                    MAX_NESTING
                };
                let drop = depth > limit;
                self.open.push(drop);
                if !drop {
                    return Some(event);
                }
                self.flattened += 1;
                matches!(tag, Tag::Item).then_some(Event::SoftBreak)
            }
            Event::End(end) if is_nesting_end(end) => {
                let dropped = self.open.pop().unwrap_or(false);
                (!dropped).then_some(event)
            }
            _ => Some(event),
        }
    }
}

fn is_nesting(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::List(_)
            | Tag::Item
            | Tag::BlockQuote(_)
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
    )
}

fn is_nesting_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
    )
}

fn parser_options(config: &MarkdownConfig) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        // GitHub's alerts (`> [!NOTE]`): a classed blockquote instead of a literal "[!NOTE]".
        | Options::ENABLE_GFM;
    if config.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// Replaces the first excerpt separator by spaces (keeping byte offsets) and returns its offset.
fn blank_out_separator(source: &str, separator: &str) -> (String, Option<usize>) {
    if separator.is_empty() {
        return (source.to_string(), None);
    }
    match source.find(separator) {
        Some(at) => {
            let mut text = source.to_string();
            text.replace_range(at..at + separator.len(), &" ".repeat(separator.len()));
            (text, Some(at))
        }
        None => (source.to_string(), None),
    }
}

/// A block that is open while events stream by.
enum Frame {
    /// A passage collecting its text.
    Passage(usize),
    /// A list nested in a list item: its text belongs to its own items, not the parent.
    NestedList,
    /// A table or footnote definition: no passages inside.
    Quiet,
}

struct OpenHeading {
    level: HeadingLevel,
    given_id: Option<String>,
    classes: Vec<String>,
    placeholder: usize,
    text: String,
    is_title: bool,
}

struct Pass<'o, 'e> {
    options: &'o MarkdownOptions<'o>,
    out: Vec<Event<'e>>,
    passages: Vec<Passage>,
    headings: Vec<Heading>,
    ids: UniqueIds,
    frames: Vec<Frame>,
    /// For each open paragraph / list: whether it pushed a frame.
    paragraph_opened_passage: Vec<bool>,
    list_pushed_frame: Vec<bool>,
    heading: Option<OpenHeading>,
    code: Option<(Option<String>, String)>,
    title: Option<String>,
    words: usize,
    raw_html_omitted: usize,
    links: Vec<LinkRef>,
    /// Open links (text inside them is masked from topic detection).
    link_depth: usize,
}

impl<'o, 'e> Pass<'o, 'e> {
    fn new(options: &'o MarkdownOptions<'o>) -> Self {
        Pass {
            options,
            out: Vec::new(),
            passages: Vec::new(),
            headings: Vec::new(),
            ids: UniqueIds::default(),
            frames: Vec::new(),
            paragraph_opened_passage: Vec::new(),
            list_pushed_frame: Vec::new(),
            heading: None,
            code: None,
            title: None,
            words: 0,
            raw_html_omitted: 0,
            links: Vec::new(),
            link_depth: 0,
        }
    }

    fn event(&mut self, event: Event<'e>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(text),
            Event::Code(code) => {
                if let Some(range) = self.collect_masked(&code) {
                    self.mark_code(range);
                }
                self.push(Event::Code(code));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.collect(" ");
                self.push(event);
            }
            Event::Html(html) | Event::InlineHtml(html) => self.raw_html(html),
            other => self.push(other),
        }
    }

    fn start(&mut self, tag: Tag<'e>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => self.start_paragraph(range),
            Tag::Item => self.start_item(range),
            Tag::List(start) => {
                let nested = matches!(self.frames.last(), Some(Frame::Passage(_)));
                if nested {
                    self.frames.push(Frame::NestedList);
                }
                self.list_pushed_frame.push(nested);
                self.push(Event::Start(Tag::List(start)));
            }
            Tag::Table(_) | Tag::FootnoteDefinition(_) => {
                self.frames.push(Frame::Quiet);
                self.push(Event::Start(tag));
            }
            Tag::Heading {
                level, id, classes, ..
            } => self.start_heading(level, id, classes),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((lang, String::new()));
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let at = self.current_passage_len();
                self.links.push(LinkRef {
                    dest: dest_url.to_string(),
                    passage: self.current_passage_number(),
                    text: at..at,
                });
                self.link_depth += 1;
                let dest_url = self.rebase(dest_url);
                self.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                // Alt text is masked like link text: it describes a picture, it is not prose.
                self.link_depth += 1;
                let dest_url = self.rebase(dest_url);
                self.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => self.push(Event::Start(other)),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                if self.paragraph_opened_passage.pop().unwrap_or(false) {
                    self.frames.pop();
                    self.push(Event::Html("</p>\n".into()));
                } else {
                    self.push(Event::End(TagEnd::Paragraph));
                }
            }
            TagEnd::Item => {
                if matches!(self.frames.last(), Some(Frame::Passage(_))) {
                    self.frames.pop();
                    self.push(Event::Html("</li>\n".into()));
                } else {
                    self.push(Event::End(TagEnd::Item));
                }
            }
            TagEnd::List(ordered) => {
                if self.list_pushed_frame.pop().unwrap_or(false) {
                    self.frames.pop();
                }
                self.push(Event::End(TagEnd::List(ordered)));
            }
            TagEnd::Table | TagEnd::FootnoteDefinition => {
                self.frames.pop();
                self.push(Event::End(tag));
            }
            TagEnd::Image => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.push(Event::End(TagEnd::Image));
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::CodeBlock => self.end_code_block(),
            TagEnd::Link => {
                self.link_depth = self.link_depth.saturating_sub(1);
                let end = self.current_passage_len();
                if let Some(link) = self.links.last_mut() {
                    link.text.end = end.max(link.text.start);
                }
                self.push(Event::End(TagEnd::Link));
            }
            other => self.push(Event::End(other)),
        }
    }

    fn in_quiet(&self) -> bool {
        self.frames.iter().any(|f| matches!(f, Frame::Quiet))
    }

    fn start_paragraph(&mut self, range: Range<usize>) {
        let opens = !self.in_quiet() && !matches!(self.frames.last(), Some(Frame::Passage(_)));
        self.paragraph_opened_passage.push(opens);
        self.collect(" ");
        if opens {
            let n = self.open_passage(PassageKind::Paragraph, range);
            self.push(Event::Html(format!("<p id=\"p-{n}\">").into()));
        } else {
            self.push(Event::Start(Tag::Paragraph));
        }
    }

    fn start_item(&mut self, range: Range<usize>) {
        if self.in_quiet() {
            self.frames.push(Frame::Quiet);
            self.push(Event::Start(Tag::Item));
            return;
        }
        let n = self.open_passage(PassageKind::ListItem, range);
        self.push(Event::Html(format!("<li id=\"p-{n}\">").into()));
    }

    fn open_passage(&mut self, kind: PassageKind, range: Range<usize>) -> usize {
        let number = self.passages.len() + 1;
        self.passages.push(Passage {
            number,
            kind,
            text: String::new(),
            source_range: range,
            masked: Vec::new(),
            code: Vec::new(),
        });
        self.frames.push(Frame::Passage(number - 1));
        number
    }

    fn start_heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'e>>,
        classes: Vec<CowStr<'e>>,
    ) {
        let is_title = self.options.take_title
            && self.title.is_none()
            && level == HeadingLevel::H1
            && self.out.is_empty();
        self.heading = Some(OpenHeading {
            level,
            given_id: id.map(|s| s.to_string()),
            classes: classes.iter().map(|c| c.to_string()).collect(),
            placeholder: self.out.len(),
            text: String::new(),
            is_title,
        });
        if !is_title {
            self.out.push(Event::Html("".into()));
        }
    }

    fn end_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let text = h.text.trim().to_string();
        if h.is_title {
            self.title = Some(text);
            return;
        }
        let id = self
            .ids
            .unique(&h.given_id.unwrap_or_else(|| slugify(&text)));
        let level = h.level as u8;
        let class = if h.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape::html(&h.classes.join(" ")))
        };
        let id_attr = escape::html(&id);
        self.out[h.placeholder] = Event::Html(format!("<h{level} id=\"{id_attr}\"{class}>").into());
        self.out.push(Event::Html(
            format!("<a class=\"anchor\" href=\"#{id_attr}\" aria-label=\"Link to this section\">#</a></h{level}>\n").into(),
        ));
        self.headings.push(Heading { level, id, text });
    }

    fn end_code_block(&mut self) {
        let Some((lang, code)) = self.code.take() else {
            return;
        };
        self.words += count_words(&code);
        let highlighted = match (&lang, self.options.highlighter) {
            (Some(lang), Some(h)) if self.options.config.highlight_code => h.highlight(lang, &code),
            _ => None,
        };
        let html = highlighted.unwrap_or_else(|| {
            let class = lang
                .map(|l| format!(" class=\"language-{}\"", escape::html(&l)))
                .unwrap_or_default();
            format!("<pre><code{class}>{}</code></pre>\n", escape::html(&code))
        });
        self.out.push(Event::Html(html.into()));
    }

    fn text(&mut self, text: CowStr<'e>) {
        if let Some((_, code)) = &mut self.code {
            code.push_str(&text);
            return;
        }
        self.words += count_words(&text);
        if self.link_depth > 0 {
            self.collect_masked(&text);
        } else {
            self.collect(&text);
        }
        self.push(Event::Text(text));
    }

    fn raw_html(&mut self, html: CowStr<'e>) {
        if self.options.config.unsafe_html {
            self.push(Event::Html(html));
        } else if !html.trim().is_empty() && !html.trim_start().starts_with("<!--") {
            self.raw_html_omitted += 1;
            self.push(Event::Html("<!-- raw HTML omitted -->".into()));
        }
    }

    /// Appends text to the innermost open passage, if text there belongs to one.
    /// Heading text goes to the open heading instead.
    fn collect(&mut self, text: &str) {
        if let Some(h) = &mut self.heading {
            h.text.push_str(text);
            return;
        }
        if let Some(Frame::Passage(i)) = self.frames.last() {
            if let Some(p) = self.passages.get_mut(*i) {
                push_collapsed(&mut p.text, text);
            }
        }
    }

    /// Like `collect`, and marks the text as masked (inline code, link text); returns where
    /// it went in the passage's text.
    fn collect_masked(&mut self, text: &str) -> Option<Range<usize>> {
        if self.heading.is_some() {
            self.collect(text);
            return None;
        }
        if let Some(Frame::Passage(i)) = self.frames.last() {
            if let Some(p) = self.passages.get_mut(*i) {
                let start = p.text.len();
                push_collapsed(&mut p.text, text);
                p.masked.push(start..p.text.len());
                return Some(start..p.text.len());
            }
        }
        None
    }

    /// Marks a range of the innermost passage's text as inline code.
    fn mark_code(&mut self, range: Range<usize>) {
        if let Some(Frame::Passage(i)) = self.frames.last() {
            if let Some(p) = self.passages.get_mut(*i) {
                p.code.push(range);
            }
        }
    }

    fn current_passage_len(&self) -> usize {
        self.current_passage_number()
            .and_then(|n| self.passages.get(n - 1))
            .map_or(0, |p| p.text.len())
    }

    fn current_passage_number(&self) -> Option<usize> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::Passage(i) => Some(i + 1),
            _ => None,
        })
    }

    fn push(&mut self, event: Event<'e>) {
        if self.heading.as_ref().is_some_and(|h| h.is_title) {
            return;
        }
        self.out.push(event);
    }

    /// `/topics/` -> `/briefs/topics/` under a base path; other URLs unchanged, except
    /// `javascript:`-like URLs, which become `#` unless raw HTML is allowed.
    fn rebase(&self, url: CowStr<'e>) -> CowStr<'e> {
        if !self.options.config.unsafe_html && escape::is_script_url(&url) {
            return "#".into();
        }
        let base = self.options.base_path;
        if base != "/" && url.starts_with('/') && !url.starts_with("//") && !url.starts_with(base) {
            format!("{}{}", base, &url[1..]).into()
        } else {
            url
        }
    }

    fn finish(mut self, separator_at: Option<usize>) -> Body {
        let mut html = String::with_capacity(self.out.len() * 16);
        pulldown_cmark::html::push_html(&mut html, std::mem::take(&mut self.out).into_iter());
        // Documents live until the end of the build: keep only the bytes they use.
        html.shrink_to_fit();
        self.passages.shrink_to_fit();
        for p in &mut self.passages {
            let trimmed = p.text.trim_end().len();
            p.text.truncate(trimmed);
            p.text.shrink_to_fit();
            p.masked.shrink_to_fit();
            for range in p.masked.iter_mut().chain(p.code.iter_mut()) {
                range.end = range.end.min(trimmed);
                range.start = range.start.min(range.end);
            }
        }
        let excerpt = separator_at.map(|at| {
            self.passages
                .iter()
                .filter(|p| p.source_range.start < at)
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        });
        Body {
            html,
            passages: self.passages,
            headings: self.headings,
            title: self.title,
            excerpt: excerpt.filter(|e| !e.is_empty()),
            word_count: self.words,
            raw_html_omitted: self.raw_html_omitted,
            flattened_blocks: 0,
            links: self.links,
            digest: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Body {
        md_with(text, "/", false)
    }

    fn md_with(text: &str, base_path: &str, unsafe_html: bool) -> Body {
        let config = MarkdownConfig {
            unsafe_html,
            ..MarkdownConfig::default()
        };
        let highlighter = Highlighter::new();
        render(
            text,
            &MarkdownOptions {
                config: &config,
                highlighter: Some(&highlighter),
                base_path,
                excerpt_separator: "<!-- more -->",
                take_title: true,
            },
        )
    }

    #[test]
    fn passages_are_numbered_in_order() {
        let b = md("First para.\n\n- one\n- two\n\n> quoted\n\nLast.");
        let anchors: Vec<String> = b.passages.iter().map(Passage::anchor).collect();
        assert_eq!(anchors, ["p-1", "p-2", "p-3", "p-4", "p-5"]);
        assert!(b.html.contains("<p id=\"p-1\">First para.</p>"));
        assert!(b.html.contains("<li id=\"p-2\">one</li>"));
        assert!(
            b.html.contains("<blockquote>\n<p id=\"p-4\">quoted</p>"),
            "{}",
            b.html
        );
        assert_eq!(b.passages[2].text, "two");
        assert_eq!(b.passages[1].kind, PassageKind::ListItem);
    }

    #[test]
    fn loose_and_nested_list_items_are_one_passage_each() {
        let b = md("- outer one\n\n  more of it\n  - inner\n- outer two\n");
        let texts: Vec<&str> = b.passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["outer one more of it", "inner", "outer two"]);
        assert!(!b.html.contains("<p id"), "{}", b.html);
    }

    #[test]
    fn table_cells_and_footnotes_are_not_passages() {
        let b = md("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: A note.\n");
        assert_eq!(b.passages.len(), 1);
        assert!(b.html.contains("<table>"));
        assert!(b.html.contains("footnote-definition"));
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let b = md("## Intro\n\ntext\n\n## Intro\n\n### Custom {#mine}\n");
        let ids: Vec<&str> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-1", "mine"]);
        assert!(b
            .html
            .contains("<h2 id=\"intro\">Intro<a class=\"anchor\" href=\"#intro\""));
        assert!(b.passages.iter().all(|p| !p.text.contains("Intro")));
    }

    #[test]
    fn github_alerts_are_classed_blockquotes() {
        let b = md("Intro.\n\n> [!WARNING]\n> Check the date.\n");
        assert!(!b.html.contains("[!WARNING]"), "{}", b.html);
        assert!(b.html.contains("markdown-alert-warning"), "{}", b.html);
        assert!(b
            .passages
            .iter()
            .any(|p| p.text.contains("Check the date.")));
    }

    #[test]
    fn leading_h1_becomes_the_title() {
        let b = md("# The Title\n\nBody text.");
        assert_eq!(b.title.as_deref(), Some("The Title"));
        assert!(!b.html.contains("<h1"));
        let later = md("Intro.\n\n# Not a title\n");
        assert_eq!(later.title, None);
        assert!(later.html.contains("<h1"));
    }

    #[test]
    fn code_is_highlighted_or_plain() {
        let b = md("```rust\nfn main() {}\n```\n\n```nosuchlang\n<x>\n```\n");
        assert!(b.html.contains("data-lang=\"rust\""));
        assert!(
            b.html
                .contains("<pre><code class=\"language-nosuchlang\">&lt;x&gt;\n</code></pre>"),
            "{}",
            b.html
        );
        assert!(b.passages.is_empty());
    }

    #[test]
    fn raw_html_is_left_out_unless_allowed() {
        let b = md("<script>alert(1)</script>\n\nA <b>bold</b> move.");
        assert!(!b.html.contains("<script>"));
        assert!(!b.html.contains("<b>"));
        assert_eq!(b.raw_html_omitted, 3);
        let allowed = md_with("A <b>bold</b> move.", "/", true);
        assert!(allowed.html.contains("<b>bold</b>"));
    }

    #[test]
    fn text_is_escaped() {
        let b = md("Tom & Jerry say 1 < 2");
        assert!(b.html.contains("Tom &amp; Jerry say 1 &lt; 2"));
    }

    #[test]
    fn root_relative_links_carry_the_base_path() {
        let b = md_with(
            "[t](/topics/) [e](https://x.org/) [r](other/) ![i](/img/a.png)",
            "/briefs/",
            false,
        );
        assert!(b.html.contains("href=\"/briefs/topics/\""));
        assert!(b.html.contains("href=\"https://x.org/\""));
        assert!(b.html.contains("href=\"other/\""));
        assert!(b.html.contains("src=\"/briefs/img/a.png\""));
    }

    #[test]
    fn inline_code_stays_in_headings() {
        let b = md("# The `x` title\n\n## Use `foo()` now\n");
        assert_eq!(b.title.as_deref(), Some("The x title"));
        assert_eq!(b.headings[0].id, "use-foo-now");
        assert_eq!(b.headings[0].text, "Use foo() now");
    }

    #[test]
    fn script_urls_are_neutralised() {
        let b = md("[a](javascript:alert(1)) ![b](JavaScript:x)");
        assert!(!b.html.to_lowercase().contains("javascript:"), "{}", b.html);
    }

    #[test]
    fn deep_nesting_is_flattened_and_keeps_its_text() {
        let text = format!(
            "{}deepest\n\n{}quoted\n",
            "- ".repeat(1000),
            "> ".repeat(1000)
        );
        let b = md(&text);
        // A list and its item are two levels.
        assert_eq!(
            b.html.matches("<ul>").count(),
            MAX_NESTING / 2,
            "{}",
            b.html
        );
        assert_eq!(b.html.matches("<blockquote>").count(), MAX_NESTING);
        assert!(b.html.contains("deepest") && b.html.contains("quoted"));
        assert_eq!(
            b.flattened_blocks,
            2 * 1000 - MAX_NESTING + 1000 - MAX_NESTING
        );
        let shallow = md("- a\n  - b\n    - c\n");
        assert_eq!(
            (
                shallow.html.matches("<ul>").count(),
                shallow.flattened_blocks
            ),
            (3, 0)
        );
    }

    #[test]
    fn code_and_link_text_are_masked_and_links_recorded() {
        let b = md("See `AUKUS` and [the Quad](/topics/quad/) today.\n\n[x](other.md)");
        let p = &b.passages[0];
        assert_eq!(p.text, "See AUKUS and the Quad today.");
        let masked: Vec<&str> = p.masked.iter().map(|r| &p.text[r.clone()]).collect();
        assert_eq!(masked, ["AUKUS", "the Quad"]);
        let links: Vec<(&str, Option<usize>)> = b
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.passage))
            .collect();
        assert_eq!(links, [("/topics/quad/", Some(1)), ("other.md", Some(2))]);
    }

    #[test]
    fn image_alt_text_is_masked() {
        let b = md("A photo ![Zion National Park](/z.jpg) of the canyon.");
        let p = &b.passages[0];
        let masked: Vec<&str> = p.masked.iter().map(|r| &p.text[r.clone()]).collect();
        assert_eq!(masked, ["Zion National Park"]);
        assert!(b.links.is_empty());
    }

    #[test]
    fn excerpt_stops_at_the_separator() {
        let b = md("Lead one.\n\n<!-- more -->\n\nRest.");
        assert_eq!(b.excerpt.as_deref(), Some("Lead one."));
        assert!(!b.html.contains("more"));
        assert_eq!(md("No separator.").excerpt, None);
    }

    #[test]
    fn gfm_extensions() {
        let b = md("~~gone~~ and \"quoted\"\n\n- [x] done\n");
        assert!(b.html.contains("<del>gone</del>"));
        assert!(b.html.contains("\u{201c}quoted\u{201d}"));
        assert!(b.html.contains("checkbox"));
    }
}
