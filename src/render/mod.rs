//! Render: the corpus in, output files out. Pure: tera templates over typed views, no disk.
//!
//! [`pages`] says which pages exist and renders each one; [`views`] is the template API;
//! [`feeds`] writes Atom and the sitemap; [`templates`] compiles the theme. Files that are not
//! templated (robots.txt, .nojekyll, the highlight CSS, the theme's built-in static files) come
//! from [`fixed_files`].

pub(crate) mod autolink;
pub(crate) mod content_links;
pub(crate) mod export;
pub(crate) mod feeds;
pub(crate) mod pages;
pub(crate) mod reads;
pub(crate) mod search;
pub(crate) mod templates;
pub(crate) mod topic_map;
pub(crate) mod views;

use crate::config::SiteConfig;
use crate::load::ThemeFiles;

/// One file of the built site: its path under the output directory and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path with `/` separators: `topics/taiwan/index.html`.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: String, text: String) -> OutputFile {
        OutputFile {
            path,
            bytes: text.into_bytes(),
        }
    }
}

/// Files that do not come from templates: robots.txt, .nojekyll, code CSS, built-in theme assets
/// (those the site's theme provides itself in its `static/` win).
pub(crate) fn fixed_files(
    config: &SiteConfig,
    highlight_css: &str,
    theme: &ThemeFiles,
) -> Vec<OutputFile> {
    let robots = format!(
        "User-agent: *\nAllow: {}\n\nSitemap: {}sitemap.xml\n",
        config.base_path(),
        config.base_url
    );
    let mut files = vec![
        OutputFile::new("robots.txt".into(), robots),
        OutputFile::new(".nojekyll".into(), String::new()),
        OutputFile::new("highlight.css".into(), highlight_css.to_string()),
    ];
    for (name, text) in templates::DEFAULT_STATIC {
        if *name == "search.js" && !config.search.enabled {
            continue;
        }
        if !theme.statics.iter().any(|s| s.rel_path == *name) {
            files.push(OutputFile::new(name.to_string(), text.to_string()));
        }
    }
    files
}
