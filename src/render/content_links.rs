//! Links to content files (`[x](other.md)`, `[x](../notes/other.md#p-3)`) become the target
//! document's URL in the rendered HTML.
//!
//! Editors link files the way their editor and GitHub show them; readers need page URLs. The
//! rewrite runs over HTML that dossier's parser wrote, touching only `href` values that name a
//! `.md`, `.markdown` or `.txt` file; a link to a file that is not a document stays as it is
//! (and `analyze` has already warned about it).
//!
//! Relative links to files next to the document (`![](img/a.png)` in `chapter.md`,
//! `![](cover.jpg)` in a bundle's `index.md`) are resolved from the document's folder, as the
//! editor's preview and mdBook do, and become site URLs of those files (copied there by the
//! build: `load::list_content_assets`), since the page itself is one folder deeper
//! (`/chapter/`).

use std::borrow::Cow;

use crate::analyze::links::{resolve, Target};

/// Rewrites content-file links in `html` of the document at `from_rel`.
/// `slugs` maps content paths (`notes/a.md`) to URL paths (`notes/a`); `url` makes a page URL.
pub(crate) fn rewrite<'h, 's>(
    html: &'h str,
    from_rel: &str,
    slugs: &dyn Fn(&str) -> Option<&'s str>,
    url: &dyn Fn(&str) -> String,
) -> Cow<'h, str> {
    if !html.contains("href=\"") && !html.contains("src=\"") {
        return Cow::Borrowed(html);
    }
    let mut out = String::new();
    let mut attributes = Attributes::new(html);
    // `html[..done]` is in `out`.
    let mut done = 0;
    let mut changed = false;
    while let Some((at, attr)) = attributes.next_from(done) {
        let value_start = at + attr.len();
        let Some(len) = html[value_start..].find('"') else {
            break;
        };
        let value = &html[value_start..value_start + len];
        let new = target_url(value, from_rel, slugs, url)
            .or_else(|| built_page_url(value, from_rel, slugs, url))
            .or_else(|| asset_url(value, from_rel, url));
        out.push_str(&html[done..value_start]);
        match new {
            Some(new) => {
                out.push_str(&new);
                changed = true;
            }
            None => out.push_str(value),
        }
        done = value_start + len;
    }
    if !changed {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[done..]);
    Cow::Owned(out)
}

/// mdBook writes links to other chapters as the HTML files it builds (`../cli/index.html` for
/// `cli/index.md`, `format/theme.html` for `format/theme.md`): a relative `.html` link whose
/// `.md` file is a document becomes that document's page URL.
fn built_page_url<'s>(
    href: &str,
    from_rel: &str,
    slugs: &dyn Fn(&str) -> Option<&'s str>,
    url: &dyn Fn(&str) -> String,
) -> Option<String> {
    let (path, fragment) = href.split_once('#').map_or((href, ""), |(p, f)| (p, f));
    let stem = path.strip_suffix(".html")?;
    if stem.is_empty() || stem.starts_with('/') || href.contains(':') {
        return None;
    }
    // mdBook builds a folder's `README.md` into its `index.html`.
    let readme = stem
        .strip_suffix("index")
        .filter(|dir| dir.is_empty() || dir.ends_with('/'))
        .map(|dir| format!("{dir}README.md"));
    let target = target_url(&format!("{stem}.md"), from_rel, slugs, url)
        .or_else(|| target_url(readme.as_deref()?, from_rel, slugs, url))?;
    Some(if fragment.is_empty() {
        target
    } else {
        format!("{target}#{fragment}")
    })
}

const HREF: &str = "href=\"";
const SRC: &str = "src=\"";

/// The ` href="` and ` src="` of `html` in order. Each kind's next offset is kept until the
/// caller has passed it, so the HTML is searched once per kind, not again from every link to
/// the end (a body with many links and no image searched the rest for `src="` at each link).
struct Attributes<'h> {
    html: &'h str,
    href: Option<usize>,
    src: Option<usize>,
}

impl<'h> Attributes<'h> {
    fn new(html: &'h str) -> Self {
        Attributes {
            html,
            href: html.find(HREF),
            src: html.find(SRC),
        }
    }

    /// The first attribute at or after offset `from`: its offset and which.
    fn next_from(&mut self, from: usize) -> Option<(usize, &'static str)> {
        let html = self.html;
        let after = |pattern: &str| html.get(from..)?.find(pattern).map(|at| from + at);
        if self.href.is_some_and(|at| at < from) {
            self.href = after(HREF);
        }
        if self.src.is_some_and(|at| at < from) {
            self.src = after(SRC);
        }
        match (self.href, self.src) {
            (Some(h), Some(s)) => Some(if h < s { (h, HREF) } else { (s, SRC) }),
            (Some(h), None) => Some((h, HREF)),
            (None, Some(s)) => Some((s, SRC)),
            (None, None) => None,
        }
    }
}

/// The site URL of a relative link to a file next to the document (`img/a.png` from
/// `guide/chapter.md` -> `/briefs/guide/img/a.png`).
pub(crate) fn asset_url(
    href: &str,
    from_rel: &str,
    url: &dyn Fn(&str) -> String,
) -> Option<String> {
    let is_relative =
        !href.starts_with(['/', '#', '?']) && !href.contains("://") && !href.contains(':');
    let path = href.split(['#', '?']).next().unwrap_or("");
    let name = path.rsplit('/').next().unwrap_or(path);
    if !is_relative || !crate::load::conventions::is_asset(name) {
        return None;
    }
    let dir = from_rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let joined = if dir.is_empty() {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    };
    let resolved = crate::analyze::links::normalize(&joined)?;
    let base = url("");
    let base = base.trim_end_matches('/');
    Some(format!("{base}/{resolved}{}", &href[path.len()..]))
}

fn target_url<'s>(
    href: &str,
    from_rel: &str,
    slugs: &dyn Fn(&str) -> Option<&'s str>,
    url: &dyn Fn(&str) -> String,
) -> Option<String> {
    let (path, fragment) = href.split_once('#').map_or((href, ""), |(p, f)| (p, f));
    let Target::File(rel) = resolve(path, from_rel, "", "/")? else {
        return None;
    };
    let slug = slugs(&rel)?;
    let anchor = if fragment.is_empty() {
        String::new()
    } else {
        format!("#{fragment}")
    };
    Some(format!("{}{anchor}", url(slug)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn links_and_images_in_any_order_are_each_seen_once() {
        let slugs: BTreeMap<String, String> = [("a.md".to_string(), "a".to_string())].into();
        let slugs = |rel: &str| slugs.get(rel).map(String::as_str);
        let url = |slug: &str| format!("/{slug}/");
        let html = r#"<a href="https://e.org/?src=">1</a><img src="i.png"><a href="a.md">2</a><a href="a.md">3</a><img src="j.png"><img src="k.png"><a href="a.md#x">4</a>"#;
        let out = rewrite(html, "d.md", &slugs, &url);
        assert_eq!(
            out,
            r#"<a href="https://e.org/?src=">1</a><img src="/i.png"><a href="/a/">2</a><a href="/a/">3</a><img src="/j.png"><img src="/k.png"><a href="/a/#x">4</a>"#
        );
    }

    #[test]
    fn file_links_become_page_urls() {
        let slugs: BTreeMap<String, String> = [
            ("a.md".to_string(), "a".to_string()),
            ("notes/b.md".to_string(), "notes/custom".to_string()),
            ("README.md".to_string(), "readme".to_string()),
        ]
        .into();
        let slugs = |rel: &str| slugs.get(rel).map(String::as_str);
        let url = |slug: &str| format!("/briefs/{slug}/");
        let html = r##"<a href="notes/b.md#p-3">b</a> <a href="missing.md">m</a> <a href="https://x.org/a.md">x</a> <a href="#p-1">s</a>"##;
        let out = rewrite(html, "a.md", &slugs, &url);
        assert_eq!(
            out,
            r##"<a href="/briefs/notes/custom/#p-3">b</a> <a href="missing.md">m</a> <a href="https://x.org/a.md">x</a> <a href="#p-1">s</a>"##
        );
        let up = rewrite(r#"<a href="../a.md">a</a>"#, "notes/b.md", &slugs, &url);
        assert_eq!(up, r#"<a href="/briefs/a/">a</a>"#);
        // Files next to the document resolve from its folder.
        let img = rewrite(
            r#"<img src="img/a.png" alt="a"> <a href="../files/r.pdf#page=2">r</a> <img src="https://x.org/b.png"> <img src="/c.png">"#,
            "guide/chapter.md",
            &slugs,
            &url,
        );
        assert_eq!(
            img,
            r#"<img src="/briefs/guide/img/a.png" alt="a"> <a href="/briefs/files/r.pdf#page=2">r</a> <img src="https://x.org/b.png"> <img src="/c.png">"#
        );
        let outside = rewrite(r#"<img src="../../x.png">"#, "a.md", &slugs, &url);
        assert_eq!(outside, r#"<img src="../../x.png">"#);
        // mdBook's links to the chapters' HTML files.
        let built = rewrite(
            r#"<a href="b.html#x">b</a> <a href="nowhere.html">n</a> <a href="../index.html">i</a>"#,
            "notes/a.md",
            &slugs,
            &url,
        );
        assert_eq!(
            built,
            r#"<a href="/briefs/notes/custom/#x">b</a> <a href="nowhere.html">n</a> <a href="/briefs/readme/">i</a>"#
        );
        // Zola's `@/` links name the file from the content folder.
        let zola = rewrite(r#"<a href="@/notes/b.md#x">b</a>"#, "c/d.md", &slugs, &url);
        assert_eq!(zola, r#"<a href="/briefs/notes/custom/#x">b</a>"#);
    }
}
