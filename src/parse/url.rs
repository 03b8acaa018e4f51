//! A document's URL as its front matter sets it: `slug` (kept exactly as written when it is
//! safe in a URL and as a folder name), Jekyll's `permalink`, Hugo's `url`, Zola's `path`, and
//! the old URLs of `aliases` (Hugo, Zola) and `redirect_from` (Jekyll's plugin).
//!
//! Pure functions over strings. A value that is not safe (a `..` segment, a control character,
//! a character that means something else in a URL or a file name, Jekyll placeholders such as
//! `/:year/:title/`) is refused with a reason, and the caller warns and falls back.

use super::slug::MAX_SLUG_BYTES;

/// A `/`-separated path with `.` and `..` resolved; `None` when it climbs above its root (a
/// content path, an output path). Shared by content links, includes and `dossier check`.
pub(crate) fn normalize_path(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The slug as written, when it is one safe URL segment (`hugo_mod_tidy`, `Release-1.2`).
pub(crate) fn explicit_slug(given: &str) -> Result<String, String> {
    let given = given.trim();
    segment_problem(given).map_or_else(|| Ok(given.to_string()), Err)
}

/// A URL path from `permalink`, `url`, `path` or an alias: `/docs/installation/` ->
/// `docs/installation`; `/about.html` and `/about/index.html` -> `about`. `Ok("")` is the
/// site's root.
pub(crate) fn explicit_path(given: &str) -> Result<String, String> {
    let trimmed = given.trim();
    if trimmed.contains("://") || trimmed.starts_with("//") {
        return Err("it is a full URL, not a path on this site".into());
    }
    let path = trimmed.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_matches('/');
    let path = path
        .strip_suffix("index.html")
        .or_else(|| path.strip_suffix(".html"))
        .unwrap_or(path)
        .trim_end_matches('/');
    if path.is_empty() {
        return Ok(String::new());
    }
    for segment in path.split('/') {
        if let Some(problem) = segment_problem(segment) {
            return Err(problem);
        }
    }
    Ok(path.to_string())
}

/// Why `segment` cannot be a URL segment and folder name as it is, if it cannot.
fn segment_problem(segment: &str) -> Option<String> {
    if segment.is_empty() {
        return Some("it is empty".into());
    }
    if segment == "." || segment == ".." {
        return Some(format!("`{segment}` would leave its folder"));
    }
    if segment.starts_with('.') {
        return Some("it starts with `.` (a hidden file name)".into());
    }
    if segment.starts_with(':') || segment.contains('{') {
        return Some("it uses placeholders, which dossier does not expand".into());
    }
    if segment.len() > MAX_SLUG_BYTES {
        return Some(format!("it is longer than {MAX_SLUG_BYTES} bytes"));
    }
    let bad = segment
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || "\\/?#%\"<>|*:'`^[]{}".contains(*c));
    bad.map(|c| format!("it contains {c:?}, which is not safe in a URL or a file name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_slugs_are_kept_exactly() {
        for slug in ["hugo_mod_tidy", "Release-1.2", "café", "a.b"] {
            assert_eq!(explicit_slug(slug).as_deref(), Ok(slug), "{slug}");
        }
        for slug in [
            "..", "a/../b", "a b", "x\u{7}", ".hidden", ":title", "a?b", "", "a%2f",
        ] {
            assert!(explicit_slug(slug).is_err(), "{slug:?}");
        }
    }

    #[test]
    fn paths_from_permalinks_urls_and_aliases() {
        for (given, path) in [
            ("/docs/installation/", "docs/installation"),
            ("docs/home", "docs/home"),
            ("/about.html", "about"),
            ("/old/page/index.html", "old/page"),
            ("/", ""),
            ("/news/2024/#top", "news/2024"),
        ] {
            assert_eq!(explicit_path(given).as_deref(), Ok(path), "{given}");
        }
        for given in [
            "/:categories/:title/",
            "/a/../../etc",
            "https://x.org/a/",
            "/a b/",
        ] {
            assert!(explicit_path(given).is_err(), "{given}");
        }
    }
}
