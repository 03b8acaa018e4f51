//! Render: the corpus in, output files out. Pure: tera templates over typed views, no disk.
//!
//! [`pages`] says which pages exist and renders each one; [`views`] is the template API;
//! [`feeds`] writes Atom and the sitemap; [`templates`] compiles the theme. Files that are not
//! templated (robots.txt, .nojekyll, the highlight CSS, the theme's built-in static files) come
//! from [`fixed_files`].

pub mod affected;
pub mod autolink;
pub mod content_links;
pub mod export;
pub mod feeds;
pub mod pages;
pub mod templates;
pub mod topic_map;
pub mod views;

use crate::analyze::Corpus;
use crate::config::SiteConfig;

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

/// Files that do not come from templates: robots.txt, .nojekyll, code CSS, built-in theme assets.
/// `theme_statics` names the static files the site's theme provides itself (they win).
pub fn fixed_files(
    config: &SiteConfig,
    highlight_css: String,
    theme_statics: &[String],
) -> Vec<OutputFile> {
    let base_path = config.base_path();
    let robots = format!(
        "User-agent: *\nAllow: {base_path}\n\nSitemap: {}sitemap.xml\n",
        absolute_base(config)
    );
    let mut files = vec![
        OutputFile::new("robots.txt".into(), robots),
        OutputFile::new(".nojekyll".into(), String::new()),
        OutputFile::new("highlight.css".into(), highlight_css),
    ];
    for (name, text) in templates::DEFAULT_STATIC {
        if !theme_statics.iter().any(|s| s == name) {
            files.push(OutputFile::new(name.to_string(), text.to_string()));
        }
    }
    files
}

/// The base URL for absolute links; a bare `/` base gives root-relative ones.
fn absolute_base(config: &SiteConfig) -> &str {
    &config.base_url
}

/// The number of pages a corpus renders to (for the build summary).
pub fn page_count(config: &SiteConfig, corpus: &Corpus) -> usize {
    pages::site_pages(&views::Views::new(config, corpus)).len()
}
