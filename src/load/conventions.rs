//! Which names in `content/` are content, following the other generators' conventions.
//!
//! Editors bring Jekyll, Hugo, Zola and mdBook folders as they are. Jekyll keeps posts in
//! `_posts`, drafts in `_drafts` and collections in `_docs`, `_tutorials` and the like: those
//! `_`-prefixed folders are content. Its templates, data and output (`_layouts`, `_includes`,
//! `_data`, `_sass`, `_site`, `_plugins`), dependency and cache folders (`node_modules`,
//! `.jekyll-cache`, `.sass-cache`) are not: they are skipped and named in the build summary with
//! the reason ([`SkippedFolder`]). Hugo's and Zola's `_index.md` is a section page. Other
//! `_`-prefixed files (Jekyll partials) and hidden names stay skipped without a word.

/// Files next to documents that are published beside them (images, media, PDFs, data a page
/// links to): Hugo's page bundles, Zola's co-located assets, mdBook's `img/` folders.
const ASSET_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "bmp", "tif", "tiff", "pdf", "mp4",
    "webm", "mov", "mp3", "ogg", "wav", "m4a", "csv", "zip", "gz", "xlsx", "docx", "pptx", "odt",
    "ods",
];

/// True for a file under `content/` that is copied to the same place in the output.
pub(crate) fn is_asset(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && ASSET_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
    })
}

/// A folder of `content/` skipped because it is another generator's machinery, not content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFolder {
    /// Path under `content/`, with `/` separators (`_layouts`, `docs/_site`).
    pub rel_path: String,
    /// Why, in a few words (`Jekyll templates and output`).
    pub reason: &'static str,
}

/// Folders that hold another generator's templates, data, output or caches.
const MACHINERY: &[(&str, &str)] = &[
    ("_layouts", JEKYLL),
    ("_includes", JEKYLL),
    ("_sass", JEKYLL),
    ("_data", JEKYLL),
    ("_site", JEKYLL),
    ("_plugins", JEKYLL),
    ("_config", JEKYLL),
    ("node_modules", "dependencies and caches"),
    (".jekyll-cache", "dependencies and caches"),
    (".sass-cache", "dependencies and caches"),
    (".bundle", "dependencies and caches"),
];

const JEKYLL: &str = "Jekyll templates and output";

/// Folder names whose segment is left out of URLs (`_posts/2024-01-02-a.md` is `/a/`).
pub(crate) const URL_TRANSPARENT: &[&str] = &["_posts", "_drafts"];

/// The reason a folder of this name is skipped as machinery, if it is.
pub(crate) fn machinery(name: &str) -> Option<&'static str> {
    MACHINERY
        .iter()
        .find(|(folder, _)| *folder == name)
        .map(|(_, reason)| *reason)
}

/// Hugo's and Zola's section page: `_index.md` (or `.markdown`).
pub(crate) fn is_underscore_index(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "_index.md" || lower == "_index.markdown"
}

/// True when a path segment (a file or folder name) is skipped by the content model: hidden
/// names, machinery folders, and `_`-prefixed files (`_partial.md`) other than `_index.md`.
/// `_`-prefixed folders (`_posts`, `_drafts`, `_docs`) are content.
pub(crate) fn is_skipped_name(name: &str) -> bool {
    if name.starts_with('.') || machinery(name).is_some() {
        return true;
    }
    name.starts_with('_') && has_extension(name) && !is_underscore_index(name)
}

/// `_drafts` anywhere in the path: a Jekyll draft.
pub(crate) fn is_in_drafts_folder(rel_path: &str) -> bool {
    rel_path.split('/').rev().skip(1).any(|p| p == "_drafts")
}

fn has_extension(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
}

/// `skipped 3 folders (_layouts, _includes, _site): Jekyll templates and output`, one clause
/// per reason; `None` when nothing was skipped.
pub(crate) fn summary(skipped: &[SkippedFolder]) -> Option<String> {
    if skipped.is_empty() {
        return None;
    }
    let mut reasons: Vec<&str> = Vec::new();
    for s in skipped {
        if !reasons.contains(&s.reason) {
            reasons.push(s.reason);
        }
    }
    let clauses: Vec<String> = reasons
        .iter()
        .map(|reason| {
            let names: Vec<&str> = skipped
                .iter()
                .filter(|s| s.reason == *reason)
                .map(|s| s.rel_path.as_str())
                .collect();
            let shown: Vec<&str> = names.iter().take(5).copied().collect();
            let more = if names.len() > shown.len() {
                format!(", {} more", names.len() - shown.len())
            } else {
                String::new()
            };
            format!(
                "{} folder{} ({}{more}): {reason}",
                names.len(),
                if names.len() == 1 { "" } else { "s" },
                shown.join(", ")
            )
        })
        .collect();
    Some(format!("skipped {}", clauses.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for skipped in [
            "_layouts",
            "_site",
            ".git",
            "node_modules",
            "_partial.md",
            ".a.md",
        ] {
            assert!(is_skipped_name(skipped), "{skipped}");
        }
        for read in ["_posts", "_drafts", "_docs", "_index.md", "notes", "a.md"] {
            assert!(!is_skipped_name(read), "{read}");
        }
    }

    #[test]
    fn assets() {
        for name in ["cover.jpg", "a.PNG", "report.pdf", "data.csv"] {
            assert!(is_asset(name), "{name}");
        }
        for name in [
            "a.md",
            "page.html",
            "_config.yml",
            "Gemfile",
            ".png",
            "x.scss",
        ] {
            assert!(!is_asset(name), "{name}");
        }
    }

    #[test]
    fn drafts_folder() {
        assert!(is_in_drafts_folder("_drafts/a.md"));
        assert!(is_in_drafts_folder("blog/_drafts/a.md"));
        assert!(!is_in_drafts_folder("_posts/a.md"));
        assert!(!is_in_drafts_folder("_drafts.md"));
    }

    #[test]
    fn summary_groups_by_reason() {
        let s = |rel: &str, reason| SkippedFolder {
            rel_path: rel.into(),
            reason,
        };
        assert_eq!(summary(&[]), None);
        let line = summary(&[
            s("_layouts", JEKYLL),
            s("_includes", JEKYLL),
            s("_site", JEKYLL),
        ]);
        assert_eq!(
            line.as_deref(),
            Some("skipped 3 folders (_layouts, _includes, _site): Jekyll templates and output")
        );
        let two = summary(&[
            s("node_modules", "dependencies and caches"),
            s("_data", JEKYLL),
        ]);
        assert_eq!(
            two.as_deref(),
            Some("skipped 1 folder (node_modules): dependencies and caches; 1 folder (_data): Jekyll templates and output")
        );
    }
}
