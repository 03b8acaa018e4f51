//! What of a rendered page Pagefind needs to read: the page without the elements the theme
//! marks `data-pagefind-ignore` that hold nothing Pagefind would still take from them.
//!
//! Pagefind parses every byte of a page (lol_html) even where it indexes nothing. On the
//! default theme most of a document page is ignored (its dates, related documents, references,
//! cite line: about two thirds of its bytes) and nearly all of a topic page (the quoted
//! passages), so cutting those elements out before Pagefind parses the page saves most of its
//! parsing. The cut is conservative: an element is left in unless Pagefind would take nothing
//! from it. Pagefind still reads filters, metadata, a first `<h1>` (the title) and `<title>`
//! inside ignored elements, so an element holding any `data-pagefind-` attribute besides its
//! own ignore mark, an `<h1>`, `<title>` or `<img>` stays; so does one whose end cannot be
//! found by plain tag counting (comments, scripts and other raw-text elements inside it or
//! around its start, unbalanced tags). The record Pagefind makes is the same either way.
//!
//! Pagefind also makes an anchor of every element with an `id` inside the indexed part, and
//! stores its whole text again in the page's fragment. Pagefind's search only uses the anchors
//! of headings and of elements with a `data-pagefind-title` (its sub-results); the default
//! theme gives every paragraph an `id` (for links to a quoted passage), which doubled each
//! fragment and its parsing and compression. [`without_unused_ids`] drops the other ids, so
//! the record is the same but for those anchors. It also drops the `#` permalink dossier ends
//! each heading with, whose `#` Pagefind would otherwise put in the page's text, its excerpts
//! and the heading's sub-result title ("The visit#").

use std::borrow::Cow;

/// The attribute that marks an element whose text Pagefind leaves out.
const IGNORE_MARK: &str = "data-pagefind-ignore";

/// Tags that Pagefind reads inside an ignored element (the first `<h1>` is the title, `<title>`
/// the fallback, an `<img>` after the title the result's image), or whose text plain tag
/// counting cannot see through: an element holding one is left for Pagefind.
const KEEP_IF_INSIDE: &[&str] = &[
    "<h1",
    "<title",
    "<img",
    "<!--",
    "<![cdata[",
    "<script",
    "<style",
    "<textarea",
    "<template",
    "<noscript",
    "<iframe",
    "<noembed",
    "<noframes",
    "<xmp",
    "<plaintext",
    "<svg",
    "<math",
];

/// Where a comment or a raw-text element starts, and what ends it (a mark inside one is text).
const RAW_TEXT: &[(&str, &str)] = &[
    ("<!--", "-->"),
    ("<script", "</script"),
    ("<style", "</style"),
    ("<textarea", "</textarea"),
    ("<template", "</template"),
    ("<noscript", "</noscript"),
    ("<xmp", "</xmp"),
    ("<title", "</title"),
];

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The page as Pagefind is given it: without the ignored elements it would parse for nothing,
/// nor the ids it would make unused anchors of, nor the headings' permalinks.
pub(crate) fn for_pagefind(html: &str) -> Cow<'_, str> {
    match without_ignored(html) {
        Cow::Borrowed(html) => without_unused_ids(html),
        Cow::Owned(trimmed) => match without_unused_ids(&trimmed) {
            Cow::Borrowed(_) => Cow::Owned(trimmed),
            Cow::Owned(both) => Cow::Owned(both),
        },
    }
}

/// `html` without the ignored elements Pagefind would take nothing from (each replaced by a
/// space, so the words around it stay apart).
pub(crate) fn without_ignored(html: &str) -> Cow<'_, str> {
    let lower = html.to_ascii_lowercase();
    if !lower.contains(IGNORE_MARK) {
        return Cow::Borrowed(html);
    }
    let raw = raw_text_ranges(&lower);
    let mut out = String::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = lower[from..].find(IGNORE_MARK) {
        let mark = from + found;
        from = mark + IGNORE_MARK.len();
        if mark < copied {
            continue;
        }
        let Some((start, end)) = ignored_element(&lower, mark, copied, &raw) else {
            continue;
        };
        if out.is_empty() {
            out.reserve(html.len());
        }
        out.push_str(&html[copied..start]);
        out.push(' ');
        copied = end;
        from = end;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// The attribute that names a sub-result of a page (kept with its element's `id`).
const TITLE_MARK: &str = "data-pagefind-title";

/// The start of the permalink dossier puts at the end of each heading (`parse/markdown.rs`,
/// `parse/plain_text.rs`), up to its target, and what follows the target.
const PERMALINK: (&str, &str) = (
    "<a class=\"anchor\" href=\"#",
    "\" aria-label=\"Link to this section\">#</a></h",
);

/// The end (just after `</a>`) of the heading permalink that starts at `start`, if one does.
fn permalink_end(html: &str, start: usize) -> Option<usize> {
    let target = start + PERMALINK.0.len();
    let rest = html.get(target..)?;
    if !html[start..].starts_with(PERMALINK.0) {
        return None;
    }
    let close = target + rest.find('"')?;
    html[close..]
        .starts_with(PERMALINK.1)
        .then_some(close + PERMALINK.1.len() - "</h".len())
}

/// `html` without the `id` attributes from which Pagefind would make anchors its search never
/// uses: every `id` but those of headings (`h1`...`h6`, tested as Pagefind's script tests an
/// anchor's element) and of elements carrying a `data-pagefind-title`. Comments and raw-text
/// elements are left alone, and so is any start tag this cannot read to its end.
///
/// Also without the `#` link dossier ends each heading with: Pagefind would take the `#` into
/// the page's text and the heading's sub-result title ("The visit#").
pub(crate) fn without_unused_ids(html: &str) -> Cow<'_, str> {
    let lower = html.to_ascii_lowercase();
    if !lower.contains("id") && !html.contains(PERMALINK.0) {
        return Cow::Borrowed(html);
    }
    let raw = raw_text_ranges(&lower);
    let mut cuts = Vec::new();
    let mut raw_at = 0;
    let mut at = 0;
    while let Some(found) = lower[at..].find('<') {
        let start = at + found;
        at = start + 1;
        while raw.get(raw_at).is_some_and(|&(_, end)| end <= start) {
            raw_at += 1;
        }
        if raw.get(raw_at).is_some_and(|&(from, _)| from <= start) {
            at = raw[raw_at].1;
            continue;
        }
        if let Some(end) = permalink_end(html, start) {
            cuts.push((start, end, false));
            at = end;
            continue;
        }
        let Some(tag) = StartTag::read(&lower, start) else {
            continue;
        };
        at = tag.end;
        if !tag.keeps_its_id(&lower) {
            cuts.extend(tag.ids(&lower).map(|(from, to)| (from, to, true)));
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for (from, to, attribute) in cuts {
        out.push_str(&html[copied..from]);
        if attribute
            && !html
                .as_bytes()
                .get(to)
                .is_some_and(|&b| is_space(b) || b == b'>' || b == b'/')
        {
            out.push(' '); // `<p id="a"class="b">`: the next attribute keeps a space before it
        }
        copied = to;
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// A start tag read from a page in ASCII lower case: its name and its attributes, each as the
/// byte range of its name and the range from the space before it to the end of its value.
struct StartTag {
    name: (usize, usize),
    attributes: Vec<((usize, usize), (usize, usize))>,
    /// Just after the tag's `>`.
    end: usize,
}

impl StartTag {
    /// The start tag opening at `start` (a `<`), if it is one and ends.
    fn read(lower: &str, start: usize) -> Option<StartTag> {
        let bytes = lower.as_bytes();
        if !bytes.get(start + 1)?.is_ascii_alphabetic() {
            return None;
        }
        let name_end = (start + 1..bytes.len())
            .find(|&i| is_space(bytes[i]) || bytes[i] == b'/' || bytes[i] == b'>')?;
        let mut attributes = Vec::new();
        let mut at = name_end;
        loop {
            let before = at;
            while at < bytes.len() && (is_space(bytes[at]) || bytes[at] == b'/') {
                at += 1;
            }
            match bytes.get(at)? {
                b'>' => break,
                b'"' | b'\'' | b'<' | b'=' => return None,
                _ => {}
            }
            let name_from = at;
            while at < bytes.len()
                && !matches!(bytes[at], b'=' | b'>' | b'/')
                && !is_space(bytes[at])
            {
                at += 1;
            }
            let name = (name_from, at);
            at = value_end(bytes, at)?;
            attributes.push((name, (before, at)));
        }
        Some(StartTag {
            name: (start + 1, name_end),
            attributes,
            end: at + 1,
        })
    }

    /// Whether Pagefind's search could use an anchor made of this element.
    fn keeps_its_id(&self, lower: &str) -> bool {
        let name = &lower.as_bytes()[self.name.0..self.name.1];
        let heading = name
            .windows(2)
            .any(|pair| pair[0] == b'h' && pair[1].is_ascii_digit());
        heading || self.attribute(lower, TITLE_MARK)
    }

    fn attribute(&self, lower: &str, wanted: &str) -> bool {
        self.attributes
            .iter()
            .any(|&((from, to), _)| &lower[from..to] == wanted)
    }

    /// The byte ranges of the tag's `id` attributes, each with the space before it.
    fn ids<'a>(&'a self, lower: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.attributes
            .iter()
            .filter(|&&((from, to), _)| &lower[from..to] == "id")
            .map(|&(_, whole)| whole)
    }
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Where the value of the attribute whose name ends at `at` ends (`at` itself without one);
/// `None` if the page ends first.
fn value_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    let mut after = at;
    while after < bytes.len() && is_space(bytes[after]) {
        after += 1;
    }
    if bytes.get(after) != Some(&b'=') {
        return Some(at);
    }
    at = after + 1;
    while at < bytes.len() && is_space(bytes[at]) {
        at += 1;
    }
    match *bytes.get(at)? {
        quote @ (b'"' | b'\'') => {
            let close = bytes[at + 1..].iter().position(|&b| b == quote)?;
            Some(at + 1 + close + 1)
        }
        b'>' => None,
        _ => {
            while at < bytes.len() && !is_space(bytes[at]) && bytes[at] != b'>' {
                at += 1;
            }
            Some(at)
        }
    }
}

/// The byte range of the element whose start tag carries the ignore mark at `mark`, if it may
/// be cut out (see the module's rules). `lower` is the page in ASCII lower case; nothing
/// before `floor` is looked at for the start tag; `raw` are the page's comments and raw-text
/// elements.
fn ignored_element(
    lower: &str,
    mark: usize,
    floor: usize,
    raw: &[(usize, usize)],
) -> Option<(usize, usize)> {
    let start = floor + lower[floor..mark].rfind('<')?;
    let name = start_tag_name(lower, start, mark)?;
    if raw.iter().any(|&(from, to)| from <= start && start < to) {
        return None;
    }
    let after = lower[mark + IGNORE_MARK.len()..].chars().next()?;
    if !(after == '=' || after == '>' || after == '/' || after.is_ascii_whitespace()) {
        return None;
    }
    let tag_end = mark + lower[mark..].find('>')? + 1;
    let end = if VOID.contains(&name) {
        tag_end
    } else {
        element_end(lower, name, tag_end)?
    };
    let element = &lower[start..end];
    let only_its_mark = element.matches("data-pagefind-").count() == 1;
    (only_its_mark && !holds_what_pagefind_reads(element)).then_some((start, end))
}

/// The name of the start tag that opens at `start` and reaches `mark` as one of its attributes
/// (not inside an attribute's value, not in text).
fn start_tag_name(lower: &str, start: usize, mark: usize) -> Option<&str> {
    let tag = &lower[start + 1..mark];
    let name_len = tag
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(tag.len());
    let name = &tag[..name_len];
    let attributes = &tag[name_len..];
    let fits = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && attributes.starts_with(|c: char| c.is_ascii_whitespace())
        && attributes.ends_with(|c: char| c.is_ascii_whitespace())
        && !attributes.contains(['>', '<'])
        && attributes.matches('"').count() % 2 == 0
        && attributes.matches('\'').count() % 2 == 0;
    fits.then_some(name)
}

/// Whether `element` holds one of the tags of [`KEEP_IF_INSIDE`].
fn holds_what_pagefind_reads(element: &str) -> bool {
    element.match_indices('<').any(|(at, _)| {
        KEEP_IF_INSIDE
            .iter()
            .any(|tag| element[at..].starts_with(tag))
    })
}

/// The byte ranges of the page's comments and raw-text elements, in order (one unclosed runs
/// to the end of the page).
fn raw_text_ranges(lower: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find('<') {
        let start = at + found;
        at = start + 1;
        let Some((open, close)) = RAW_TEXT
            .iter()
            .find(|(open, _)| lower[start..].starts_with(open))
        else {
            continue;
        };
        let body = start + open.len();
        let end = lower[body..]
            .find(close)
            .map_or(lower.len(), |e| body + e + close.len());
        ranges.push((start, end));
        at = end;
    }
    ranges
}

/// Where the element `name` opened before `from` ends (after its end tag), counting the same
/// name's start and end tags; `None` if it does not end.
fn element_end(lower: &str, name: &str, from: usize) -> Option<usize> {
    let bytes = lower.as_bytes();
    let mut depth = 1usize;
    let mut at = from;
    while let Some(found) = lower[at..].find('<') {
        let tag = at + found;
        let closing = bytes.get(tag + 1) == Some(&b'/');
        let name_at = tag + 1 + usize::from(closing);
        at = tag + 1;
        if !lower[name_at..].starts_with(name) {
            continue;
        }
        let next = bytes.get(name_at + name.len()).copied();
        let boundary = matches!(
            next,
            Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
        );
        if !boundary {
            continue;
        }
        if !closing {
            depth += 1;
            continue;
        }
        depth -= 1;
        if depth == 0 {
            return Some(name_at + lower[name_at..].find('>')? + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignored_sections_are_cut_out_and_the_rest_kept() {
        let html = "<article data-pagefind-body><h1>T</h1><p>Body</p>\
            <section class=\"d\" data-pagefind-ignore aria-label=\"x\"><h2>Dates</h2><section><p>in</p></section><p>more</p></section>\
            <p>After</p><footer data-pagefind-ignore><p>Cite</p></footer></article>";
        assert_eq!(
            without_ignored(html),
            "<article data-pagefind-body><h1>T</h1><p>Body</p> <p>After</p> </article>"
        );
    }

    #[test]
    fn what_pagefind_reads_inside_an_ignored_element_keeps_it() {
        for html in [
            // Filters and metadata are read inside ignored elements.
            "<p data-pagefind-ignore>Topics: <a data-pagefind-filter=\"topic:X\">X</a></p>",
            "<p data-pagefind-meta=\"date:1\" data-pagefind-ignore>x</p>",
            // The first h1 is the title, ignored or not.
            "<div data-pagefind-ignore><h1>Title</h1></div>",
            // Tag counting cannot see through comments and scripts.
            "<div data-pagefind-ignore><!-- </div> --><p>x</p></div>",
            "<div data-pagefind-ignore><script>let a = '</div>';</script></div>",
            "<!-- <div data-pagefind-ignore> --><p>Kept</p></div>",
            // Not the end tag it would need.
            "<div data-pagefind-ignore><p>never closed",
            // The mark in text or inside an attribute's value is not a mark.
            "<p>Use data-pagefind-ignore on a section.</p>",
            "<p title=\"see data-pagefind-ignore \">x</p>",
            "<p data-pagefind-ignored>x</p>",
        ] {
            assert_eq!(without_ignored(html), html, "{html}");
        }
    }

    #[test]
    fn upper_case_tags_are_counted_too() {
        let html = "<div data-pagefind-ignore><DIV>a</DIV></div><p>b</p>";
        assert_eq!(without_ignored(html), " <p>b</p>");
        let html = "<DIV DATA-PAGEFIND-IGNORE>a</Div>b";
        assert_eq!(without_ignored(html), " b");
    }

    /// A document and a topic page shaped as the default theme renders them.
    fn theme_pages() -> Vec<(String, String)> {
        let head = "<!DOCTYPE html><html lang=\"en\"><head><title>T · Site</title><script>const s = '<div data-pagefind-ignore>';</script></head><body><nav>Menu</nav>";
        let document = format!("{head}<article class=\"document\" data-pagefind-body data-pagefind-meta=\"kind:Document\"><header><h1>Kishida in Washington</h1>\
            <p class=\"byline\" data-pagefind-weight=\"5\" data-pagefind-filter=\"year:2024\" data-pagefind-meta=\"date:4 April 2024\">A. Author · 3 min read</p>\
            <p class=\"topics\" data-pagefind-ignore>Topics: <a data-pagefind-filter=\"topic:Japan\">Japan</a> <a data-pagefind-filter=\"topic:Alliances\">Alliances</a></p></header>\
            <section class=\"summary-box\" data-pagefind-ignore aria-label=\"Summary\"><p>Summary words</p></section>\
            <nav class=\"toc\" data-pagefind-ignore><h2 id=\"toc-title\">Contents</h2><ul><li><a href=\"#a\">A</a></li></ul></nav>\
            <div class=\"body\"><h2 id=\"a\">The visit<a class=\"anchor\" href=\"#a\" aria-label=\"Link to this section\">#</a></h2><p id=\"p1\">The state visit <em>deepened</em> ties.</p><!-- a comment --><p>Second paragraph.</p></div>\
            <section class=\"doc-dates\" data-pagefind-ignore aria-labelledby=\"doc-dates\"><h2 id=\"doc-dates\">Dates in this document</h2><ol><li><time>2024</time> A date sentence.</li></ol></section>\
            <section class=\"related\" data-pagefind-ignore><h2 id=\"related\">Related</h2><ul><li><a href=\"/b/\">Other</a></li></ul></section>\
            <footer class=\"cite\" data-pagefind-ignore><p>Cite: “Kishida”.</p></footer></article></body></html>");
        let topic = format!("{head}<article class=\"topic\" data-pagefind-body data-pagefind-meta=\"kind:Topic\" data-pagefind-filter=\"topic:Japan\"><header><h1>Japan</h1><p class=\"byline\">2 documents · also: Nippon</p></header>\
            <section class=\"topic-doc\" data-pagefind-ignore><h2 id=\"doc-1\"><a href=\"/a/\">Kishida</a></h2><blockquote><p>… a <mark>Japan</mark> quote …</p></blockquote></section>\
            <section class=\"topic-doc\" data-pagefind-ignore><h2 id=\"doc-2\"><a href=\"/b/\">Other</a></h2></section></article></body></html>");
        vec![("/a/".into(), document), ("/topics/japan/".into(), topic)]
    }

    #[test]
    fn pagefind_makes_the_same_records_of_trimmed_pages() {
        let pages = theme_pages();
        for (_, html) in &pages {
            let trimmed = without_ignored(html);
            assert!(trimmed.len() < html.len() * 2 / 3, "{trimmed}");
            assert!(trimmed.contains("data-pagefind-filter=\"topic:Japan\""));
            assert!(!trimmed.contains("Cite:") && !trimmed.contains("quote"));
        }
        equivalence::assert_same_records(&pages);
        let records = equivalence::records(&pages);
        // Pagefind makes an anchor of the paragraph's id, which the trimmed page no longer has;
        // the heading's anchor stays.
        let trimmed: Vec<(String, String)> = pages
            .iter()
            .map(|(u, h)| (u.clone(), for_pagefind(h).into_owned()))
            .collect();
        let (whole, trimmed) = (
            records[0]["anchors"].to_string(),
            equivalence::records(&trimmed)[0]["anchors"].to_string(),
        );
        assert!(
            whole.contains("\"p1\"") && whole.contains("\"id\":\"a\""),
            "{whole}"
        );
        assert!(
            !trimmed.contains("\"p1\"") && trimmed.contains("\"id\":\"a\""),
            "{trimmed}"
        );
        assert_eq!(
            records[0]["filters"]["topic"].as_array().map(Vec::len),
            Some(2)
        );
    }

    #[test]
    fn ids_pagefind_would_not_use_are_dropped() {
        let html = "<main id=\"main\"><article data-pagefind-body><h2 id=\"a\">A</h2>\
            <p id=\"p-1\" class=\"x\">One</p><p class=y id=p-2>Two</p><li ID='e'>3</li>\
            <section id=\"s\" data-pagefind-title=\"Part\">S</section><br id=b/><H3 Id=c>C</H3></article></main>";
        // (An unquoted value takes the slash after it, as a browser reads `<br id=b/>`.)
        assert_eq!(
            without_unused_ids(html),
            "<main><article data-pagefind-body><h2 id=\"a\">A</h2>\
            <p class=\"x\">One</p><p class=y>Two</p><li>3</li>\
            <section id=\"s\" data-pagefind-title=\"Part\">S</section><br><H3 Id=c>C</H3></article></main>"
        );
        // An attribute written right after the id's value keeps a space before it.
        assert_eq!(
            without_unused_ids("<p id=\"a\"class=\"b\">x</p>"),
            "<p class=\"b\">x</p>"
        );
    }

    #[test]
    fn ids_in_text_comments_scripts_and_unreadable_tags_stay() {
        for html in [
            "<p>Use id=\"x\" on a heading.</p>",
            "<!-- <p id=\"x\"> --><p>y</p>",
            "<script>let s = '<p id=\"x\">';</script>",
            "<p title=\"a id=b\">x</p>",
            "<p data-id=\"x\" idx=\"y\">z</p>",
            "<p id=\"never closed",
            "<p \"odd id=\"x\">y</p>",
        ] {
            assert_eq!(without_unused_ids(html), html, "{html}");
        }
    }

    #[test]
    fn heading_permalinks_are_dropped_and_their_headings_read_without_the_hash() {
        let link = |id: &str| {
            format!("<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>")
        };
        let html = format!(
            "<article data-pagefind-body><h2 id=\"a-b\">A b{}</h2><p>x</p><h3 id=\"c\">C{}</h3></article>",
            link("a-b"),
            link("c")
        );
        assert_eq!(
            without_unused_ids(&html),
            "<article data-pagefind-body><h2 id=\"a-b\">A b</h2><p>x</p><h3 id=\"c\">C</h3></article>"
        );
        // Not dossier's permalink markup, or not at a heading's end: left as it is.
        for html in [
            "<p><a class=\"anchor\" href=\"#a\" aria-label=\"Link to this section\">#</a></p>",
            "<h2><a class=\"anchor\" href=\"#a\">#</a></h2>",
            "<!-- <a class=\"anchor\" href=\"#a\" aria-label=\"Link to this section\">#</a></h2> -->",
        ] {
            assert_eq!(without_unused_ids(html), html, "{html}");
        }
        let page = format!("<!DOCTYPE html><html lang=\"en\"><head><title>T</title></head><body>{html}</body></html>");
        let record = &equivalence::records(&[("/a/".into(), for_pagefind(&page).into_owned())])[0];
        let content = record["content"].as_str().unwrap_or_default();
        assert!(!content.contains('#'), "{content}");
        assert_eq!(record["anchors"][0]["text"], "A b", "{record}");
    }

    #[test]
    fn text_around_a_cut_keeps_its_characters() {
        let html = "<p>é<span data-pagefind-ignore>ü</span>ß</p>";
        assert_eq!(without_ignored(html), "<p>é ß</p>");
    }
}

/// Pagefind's record of each page, made from the pages as they are and from them trimmed.
#[cfg(test)]
pub(crate) mod equivalence {
    use std::io::Read;

    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    /// The JSON record (fragment) Pagefind makes of each page of `pages` (url, html).
    pub(crate) fn records(pages: &[(String, String)]) -> Vec<serde_json::Value> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let options = PagefindServiceConfig::builder()
                .force_language("en".into())
                .build();
            let mut index = PagefindIndex::new(Some(options)).expect("index");
            for (url, html) in pages {
                index
                    .add_html_file(None, Some(url.clone()), html.clone())
                    .await
                    .expect("page");
            }
            let files = index.get_files().await.expect("files");
            let mut records: Vec<serde_json::Value> = files
                .iter()
                .filter(|f| f.filename.starts_with("fragment"))
                .map(|f| {
                    let mut text = String::new();
                    flate2::read::GzDecoder::new(f.contents.as_slice())
                        .read_to_string(&mut text)
                        .expect("gzip");
                    serde_json::from_str(text.trim_start_matches("pagefind_dcd")).expect("json")
                })
                .collect();
            records.sort_by_key(|r| r["url"].to_string());
            records
        })
    }

    /// Asserts that Pagefind makes the same records of the pages as given to it without their
    /// headings' `#` permalinks, but for the anchors its search does not use (neither a
    /// heading's nor titled).
    pub(crate) fn assert_same_records(pages: &[(String, String)]) {
        let trimmed: Vec<(String, String)> = pages
            .iter()
            .map(|(u, h)| (u.clone(), super::for_pagefind(h).into_owned()))
            .collect();
        let unlinked: Vec<(String, String)> = pages
            .iter()
            .map(|(u, h)| (u.clone(), without_permalinks(h)))
            .collect();
        let (mut whole, trimmed) = (records(&unlinked), records(&trimmed));
        assert_eq!(whole.len(), pages.len());
        for record in &mut whole {
            if let Some(anchors) = record["anchors"].as_array_mut() {
                anchors.retain(used_anchor);
            }
        }
        for (a, b) in whole.iter().zip(&trimmed) {
            assert_eq!(a, b);
        }
    }

    /// `html` without dossier's heading permalinks, cut by plain string search.
    fn without_permalinks(html: &str) -> String {
        let mut out = html.to_string();
        while let Some(start) = out.find("<a class=\"anchor\"") {
            let end = start + out[start..].find("</a>").expect("end") + "</a>".len();
            out.replace_range(start..end, "");
        }
        out
    }

    /// Whether Pagefind's search reads this anchor (its `calculate_sub_results`).
    fn used_anchor(anchor: &serde_json::Value) -> bool {
        let element = anchor["element"].as_str().unwrap_or_default();
        let heading = element
            .as_bytes()
            .windows(2)
            .any(|p| p[0] == b'h' && p[1].is_ascii_digit());
        heading || anchor.get("title").is_some_and(|t| !t.is_null())
    }
}
