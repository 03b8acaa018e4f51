//! Internal links and anchors of the generated site: every `href`/`src` that points inside the
//! site must name a generated file, and every `#fragment` an `id` of its target page.
//!
//! Works on output paths (`topics/alliance/index.html`) and the scans of the HTML pages, so it is
//! pure and knows nothing about documents; `check::mod` maps each problem back to the source line
//! that caused it. A missing page gets the closest existing page in the same folder as a
//! suggestion, which is what a renamed topic or document slug needs.

use std::collections::{BTreeMap, BTreeSet};

use super::html::PageScan;

/// Where the site is published: absolute links under `base_url` are internal too.
#[derive(Debug, Clone, Copy)]
pub struct Base<'a> {
    pub url: &'a str,
    pub path: &'a str,
}

/// Where one link value points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkTarget {
    /// A path under the output folder (no leading slash) and a fragment without `#`.
    Internal {
        path: String,
        fragment: Option<String>,
    },
    /// A root-relative link outside the base path (`/x/` on a site under `/briefs/`).
    OutsideBase,
    /// `http(s)://` elsewhere, with its host.
    External { url: String, host: String },
    /// `mailto:`, `data:`, `tel:` and other schemes: not checked.
    Other,
}

/// One broken internal link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkProblem {
    /// The page holding the link (output path).
    pub page: String,
    pub line: usize,
    pub href: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ProblemKind {
    /// No generated file at the link's path; the closest existing page, if any is close.
    MissingTarget {
        path: String,
        suggestion: Option<String>,
    },
    /// The target exists but has no such id.
    MissingAnchor {
        target: String,
        fragment: String,
        suggestion: Option<String>,
    },
    OutsideBase,
}

/// Classifies a link value written in the page at `page` (an output path).
pub(crate) fn classify(value: &str, page: &str, base: Base) -> LinkTarget {
    let value = value.trim();
    if value.is_empty() {
        return LinkTarget::Other;
    }
    if let Some(rest) = value
        .strip_prefix(base.url)
        .filter(|_| base.url.contains("://"))
    {
        return internal(&format!("{}{rest}", base.path), page, base);
    }
    if value.starts_with("//") || has_scheme(value) {
        return match host_of(value) {
            Some(host) if value.starts_with("http") || value.starts_with("//") => {
                LinkTarget::External {
                    url: value.to_string(),
                    host,
                }
            }
            _ => LinkTarget::Other,
        };
    }
    internal(value, page, base)
}

fn has_scheme(value: &str) -> bool {
    let head = value.split(['/', '?', '#']).next().unwrap_or("");
    head.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

fn host_of(url: &str) -> Option<String> {
    let after = url.split_once("//")?.1;
    let host = after.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

fn internal(value: &str, page: &str, base: Base) -> LinkTarget {
    let (rest, fragment) = match value.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (value, None),
    };
    let rest = rest.split('?').next().unwrap_or("");
    let joined = if rest.is_empty() {
        page.to_string()
    } else if let Some(abs) = rest.strip_prefix('/') {
        match format!("/{abs}").strip_prefix(base.path) {
            Some(under) => under.to_string(),
            None if format!("/{abs}/") == base.path => String::new(),
            None => return LinkTarget::OutsideBase,
        }
    } else {
        format!("{}{rest}", dir_of(page))
    };
    match normalize(&percent_decode(&joined)) {
        Some(path) => LinkTarget::Internal { path, fragment },
        None => LinkTarget::OutsideBase,
    }
}

/// `a/b/index.html` -> `a/b/`; `index.html` -> ``.
fn dir_of(page: &str) -> &str {
    page.rfind('/').map_or("", |i| &page[..=i])
}

/// Resolves `.` and `..` (see `analyze::links::normalize`), keeping a trailing slash;
/// `None` above the root.
fn normalize(path: &str) -> Option<String> {
    let mut out = crate::analyze::links::normalize(path)?;
    if (path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..")) && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// The generated file a path names: itself, or its `index.html` for a folder.
pub(crate) fn resolve_file<'f>(path: &str, files: &'f BTreeSet<String>) -> Option<&'f String> {
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates.iter().find_map(|c| files.get(c))
}

/// Checks every link of every scanned page against the generated files.
pub(crate) fn check_links(
    pages: &BTreeMap<String, PageScan>,
    files: &BTreeSet<String>,
    base: Base,
) -> Vec<LinkProblem> {
    let mut problems = Vec::new();
    for (page, scan) in pages {
        for link in &scan.links {
            let kind = match classify(&link.value, page, base) {
                LinkTarget::Internal { path, fragment } => {
                    internal_problem(&path, fragment.as_deref(), pages, files, base)
                }
                LinkTarget::OutsideBase => Some(ProblemKind::OutsideBase),
                _ => None,
            };
            if let Some(kind) = kind {
                problems.push(LinkProblem {
                    page: page.clone(),
                    line: link.line,
                    href: link.value.clone(),
                    kind,
                });
            }
        }
    }
    problems
}

fn internal_problem(
    path: &str,
    fragment: Option<&str>,
    pages: &BTreeMap<String, PageScan>,
    files: &BTreeSet<String>,
    base: Base,
) -> Option<ProblemKind> {
    let Some(target) = resolve_file(path, files) else {
        return Some(ProblemKind::MissingTarget {
            path: path.to_string(),
            suggestion: closest_page(path, files).map(|p| format!("{}{p}", base.path)),
        });
    };
    let fragment = fragment.filter(|f| !f.is_empty() && !f.eq_ignore_ascii_case("top"))?;
    let ids = &pages.get(target)?.ids;
    if ids.contains(fragment) {
        return None;
    }
    Some(ProblemKind::MissingAnchor {
        target: target.clone(),
        fragment: fragment.to_string(),
        suggestion: closest(fragment, ids.iter().map(String::as_str), 0.85),
    })
}

/// The page URL path (`topics/alliance/`) closest to a missing one, among pages in its folder.
pub(crate) fn closest_page(missing: &str, files: &BTreeSet<String>) -> Option<String> {
    let trimmed = missing.trim_end_matches('/');
    let (parent, name) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
    let siblings = files.iter().filter_map(|f| {
        let dir = f.strip_suffix("index.html")?.trim_end_matches('/');
        let (p, n) = dir.rsplit_once('/').unwrap_or(("", dir));
        (p == parent && !n.is_empty()).then_some(n)
    });
    let best = closest(name, siblings, 0.7)?;
    Some(if parent.is_empty() {
        format!("{best}/")
    } else {
        format!("{parent}/{best}/")
    })
}

/// The candidate most like `name` (Jaro-Winkler), if it scores at least `threshold`.
pub(crate) fn closest<'c>(
    name: &str,
    candidates: impl Iterator<Item = &'c str>,
    threshold: f64,
) -> Option<String> {
    candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score >= threshold)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: Base = Base {
        url: "https://org.github.io/briefs/",
        path: "/briefs/",
    };

    fn internal(path: &str, fragment: Option<&str>) -> LinkTarget {
        LinkTarget::Internal {
            path: path.into(),
            fragment: fragment.map(Into::into),
        }
    }

    #[test]
    fn classification_table() {
        let page = "notes/a/index.html";
        assert_eq!(classify("/briefs/x/", page, BASE), internal("x/", None));
        assert_eq!(classify("/briefs/", page, BASE), internal("", None));
        assert_eq!(classify("/briefs", page, BASE), internal("", None));
        assert_eq!(classify("/x/", page, BASE), LinkTarget::OutsideBase);
        assert_eq!(
            classify("https://org.github.io/briefs/atom.xml", page, BASE),
            internal("atom.xml", None)
        );
        assert_eq!(
            classify("../b/#p-2", page, BASE),
            internal("notes/b/", Some("p-2"))
        );
        assert_eq!(classify("#h", page, BASE), internal(page, Some("h")));
        assert_eq!(
            classify("caf%C3%A9.md", page, BASE),
            internal("notes/a/café.md", None)
        );
        assert_eq!(
            classify("https://Example.org/x", page, BASE),
            LinkTarget::External {
                url: "https://Example.org/x".into(),
                host: "example.org".into()
            }
        );
        assert_eq!(classify("mailto:a@b.c", page, BASE), LinkTarget::Other);
        assert_eq!(classify("../../../..", page, BASE), LinkTarget::OutsideBase);
    }

    fn files(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn suggests_the_closest_sibling_page() {
        let files = files(&[
            "index.html",
            "topics/alliance/index.html",
            "topics/taiwan/index.html",
            "memo/index.html",
        ]);
        assert_eq!(
            closest_page("topics/aliance/", &files).as_deref(),
            Some("topics/alliance/")
        );
        assert_eq!(closest_page("memos/", &files).as_deref(), Some("memo/"));
        assert_eq!(closest_page("topics/zzz/", &files), None);
    }

    #[test]
    fn finds_missing_pages_and_anchors() {
        let files = files(&["index.html", "a/index.html", "style.css"]);
        let mut pages = BTreeMap::new();
        let mut scan = super::super::html::scan(
            "<a href=\"/briefs/a/#p-1\"></a>\n<a href=\"/briefs/a/#p-9\"></a>\n<a href=\"/briefs/b/\"></a><link href=\"/briefs/style.css\">",
        );
        scan.ids.insert("top".into());
        pages.insert("index.html".to_string(), scan);
        pages.insert(
            "a/index.html".to_string(),
            super::super::html::scan("<p id=\"p-1\">"),
        );
        let problems = check_links(&pages, &files, BASE);
        let kinds: Vec<(usize, &ProblemKind)> =
            problems.iter().map(|p| (p.line, &p.kind)).collect();
        assert_eq!(
            kinds,
            [
                (
                    2,
                    &ProblemKind::MissingAnchor {
                        target: "a/index.html".into(),
                        fragment: "p-9".into(),
                        suggestion: None
                    }
                ),
                (
                    3,
                    &ProblemKind::MissingTarget {
                        path: "b/".into(),
                        suggestion: None
                    }
                )
            ]
        );
    }
}
