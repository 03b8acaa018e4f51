//! A small scanner for the HTML dossier generates: the `id`s a page defines and the URLs its
//! `href` and `src` attributes point to, each with its line.
//!
//! `dossier check` needs only these two facts per page, so a full HTML5 parser would be dead
//! weight. The scanner walks start tags, reads their attributes (quoted or not), decodes the few
//! character references dossier writes, and skips comments, end tags and the contents of
//! `<script>` and `<style>`. It never fails: malformed markup just yields fewer attributes.

use std::collections::BTreeSet;

/// One `href` or `src` value of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageLink {
    pub value: String,
    /// 1-based line of the attribute in the page.
    pub line: usize,
}

/// What a page defines and what it links to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageScan {
    pub ids: BTreeSet<String>,
    pub links: Vec<PageLink>,
}

/// Scans one page.
pub(crate) fn scan(html: &str) -> PageScan {
    let mut scan = PageScan::default();
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        at = match skip_markup(html, start) {
            Some(next) => next,
            None => read_tag(html, start, &mut scan),
        };
    }
    scan
}

/// Comments, doctype, end tags: where scanning resumes, or `None` for a start tag.
fn skip_markup(html: &str, start: usize) -> Option<usize> {
    let rest = &html[start..];
    if rest.starts_with("<!--") {
        return Some(rest.find("-->").map_or(html.len(), |i| start + i + 3));
    }
    if rest.starts_with("<!") || rest.starts_with("</") || rest.starts_with("<?") {
        return Some(rest.find('>').map_or(html.len(), |i| start + i + 1));
    }
    let is_name = rest[1..].starts_with(|c: char| c.is_ascii_alphabetic());
    (!is_name).then_some(start + 1)
}

/// Reads the start tag at `start`, records its attributes; returns where scanning resumes.
fn read_tag(html: &str, start: usize, scan: &mut PageScan) -> usize {
    let bytes = html.as_bytes();
    let name_end = scan_while(bytes, start + 1, |b| {
        b.is_ascii_alphanumeric() || b == b'-' || b == b':'
    });
    let name = html[start + 1..name_end].to_ascii_lowercase();
    let mut i = name_end;
    loop {
        i = scan_while(bytes, i, |b| b.is_ascii_whitespace() || b == b'/');
        if i >= bytes.len() || bytes[i] == b'>' {
            break;
        }
        let (attr, value, next) = read_attribute(html, i);
        if let Some((value, offset)) = value {
            record(scan, &attr, value, line_at(html, offset));
        }
        i = next;
    }
    let after = (i + 1).min(html.len());
    if name == "script" || name == "style" {
        let close = format!("</{name}");
        return find_ascii_ci(html, after, &close).unwrap_or(html.len());
    }
    after
}

/// One attribute at `i`: its lowercased name, its value with the value's offset, and the end.
fn read_attribute(html: &str, i: usize) -> (String, Option<(String, usize)>, usize) {
    let bytes = html.as_bytes();
    let name_end = scan_while(bytes, i, |b| {
        !b.is_ascii_whitespace() && b != b'=' && b != b'>' && b != b'/'
    })
    .max(i + 1)
    .min(bytes.len());
    let name = html[i..name_end].to_ascii_lowercase();
    let j = scan_while(bytes, name_end, |b| b.is_ascii_whitespace());
    if bytes.get(j) != Some(&b'=') {
        return (name, None, name_end);
    }
    let v = scan_while(bytes, j + 1, |b| b.is_ascii_whitespace());
    match bytes.get(v) {
        Some(&q) if q == b'"' || q == b'\'' => {
            let end = html[v + 1..]
                .find(q as char)
                .map_or(html.len(), |e| v + 1 + e);
            let value = decode_entities(&html[v + 1..end]);
            (name, Some((value, v)), (end + 1).min(html.len()))
        }
        _ => {
            let end = scan_while(bytes, v, |b| !b.is_ascii_whitespace() && b != b'>');
            (name, Some((decode_entities(&html[v..end]), v)), end)
        }
    }
}

fn record(scan: &mut PageScan, attr: &str, value: String, line: usize) {
    match attr {
        "id" => {
            scan.ids.insert(value);
        }
        "href" | "src" => scan.links.push(PageLink { value, line }),
        _ => {}
    }
}

fn scan_while(bytes: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while i < bytes.len() && keep(bytes[i]) {
        i += 1;
    }
    i
}

fn find_ascii_ci(html: &str, from: usize, needle: &str) -> Option<usize> {
    let hay = html.as_bytes();
    let needle = needle.as_bytes();
    (from..hay.len().saturating_sub(needle.len() - 1))
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// 1-based line of a byte offset.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Decodes the character references dossier (and tera's escaping) writes in attributes.
pub(crate) fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        match decode_one(&rest[1..semi]) {
            Some(c) => out.push(c),
            None => out.push_str(&rest[..=semi]),
        }
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    out
}

fn decode_one(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "lt" => Some('<'),
        "gt" => Some('>'),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_links_with_lines() {
        let html = "<!doctype html>\n<html><!-- <a href=\"no\"> -->\n<a class=x href=\"/a/?q=1&amp;b=2#p-1\" id='top'>x</a>\n<img src=/i.png alt=\"\">\n<script>var s = '<a href=\"js\">';</script><h2 id=\"h\">";
        let scan = scan(html);
        assert_eq!(
            scan.ids.iter().map(String::as_str).collect::<Vec<_>>(),
            ["h", "top"]
        );
        let links: Vec<(&str, usize)> = scan
            .links
            .iter()
            .map(|l| (l.value.as_str(), l.line))
            .collect();
        assert_eq!(links, [("/a/?q=1&b=2#p-1", 3), ("/i.png", 4)]);
    }

    #[test]
    fn survives_broken_markup() {
        let scan = scan("<a href=\"unclosed <p id=x");
        assert!(scan.ids.is_empty());
        assert_eq!(scan.links.len(), 1);
        assert_eq!(super::scan("< 3 <").links.len(), 0);
    }

    #[test]
    fn decodes_references() {
        assert_eq!(
            decode_entities("a&amp;b&#39;&#x41;&bogus;&"),
            "a&b'A&bogus;&"
        );
        assert_eq!(line_at("a\nb\nc", 4), 3);
    }
}
