//! Links to content files (`[x](other.md)`, `[x](../notes/other.md#p-3)`) become the target
//! document's URL in the rendered HTML.
//!
//! Editors link files the way their editor and GitHub show them; readers need page URLs. The
//! rewrite runs over HTML that dossier's parser wrote, touching only `href` values that name a
//! `.md`, `.markdown` or `.txt` file; a link to a file that is not a document stays as it is
//! (and `analyze` has already warned about it).

use std::borrow::Cow;

use crate::analyze::links::{resolve, Target};

/// Rewrites content-file links in `html` of the document at `from_rel`.
/// `slugs` maps content paths (`notes/a.md`) to URL paths (`notes/a`); `url` makes a page URL.
pub fn rewrite<'h, 's>(
    html: &'h str,
    from_rel: &str,
    slugs: &dyn Fn(&str) -> Option<&'s str>,
    url: &dyn Fn(&str) -> String,
) -> Cow<'h, str> {
    if !html.contains(".md") && !html.contains(".markdown") && !html.contains(".txt") {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("href=\"") {
        let value_start = at + "href=\"".len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        out.push_str(&rest[..value_start]);
        out.push_str(&target_url(value, from_rel, slugs, url).unwrap_or_else(|| value.to_string()));
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    Cow::Owned(out)
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
    fn file_links_become_page_urls() {
        let slugs: BTreeMap<String, String> = [
            ("a.md".to_string(), "a".to_string()),
            ("notes/b.md".to_string(), "notes/custom".to_string()),
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
        // Zola's `@/` links name the file from the content folder.
        let zola = rewrite(r#"<a href="@/notes/b.md#x">b</a>"#, "c/d.md", &slugs, &url);
        assert_eq!(zola, r#"<a href="/briefs/notes/custom/#x">b</a>"#);
    }
}
