//! `dossier init DIR`: a new site that builds at once (it needs no theme folder).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Diagnostic, Error, Result};

/// The GitHub Pages workflow of a new site (its `DOSSIER_GIT` placeholder is to be edited).
pub const PAGES_WORKFLOW: &str = include_str!("init/pages.yml");

/// The files of a new site, as (relative path, text).
pub fn site_files(title: &str, date: NaiveDate) -> Vec<(&'static str, String)> {
    let date = date.format("%Y-%m-%d");
    let title_toml = title.replace('\\', "\\\\").replace('"', "\\\"");
    vec![
        (
            "site-config.toml",
            format!(
                "# dossier site configuration; see the README's \"Configuration\" section.\ntitle = \"{title_toml}\"\ndescription = \"Briefings\"\n# Where the site is published; a path (https://org.github.io/briefs/) prefixes every link.\nbase_url = \"https://example.org/\"\nlanguage = \"en\"\ntheme = \"default\"\noutput_dir = \"public\"\n\n[markdown]\nsmart_punctuation = true\n\n[highlight]\nlight_theme = \"InspiredGitHub\"\ndark_theme = \"base16-ocean.dark\"\n"
            ),
        ),
        (
            "content/first-briefing.md",
            format!(
                "---\ntitle: \"First briefing\"\ndate: {date}\nauthor: \"Your name\"\npublisher: \"Your organisation\"\nsummary: \"What this briefing is about, in one sentence.\"\ntopics: [Example topic]\n---\n\nThe body of the briefing, in markdown.\n\n## Key points\n\n- One point.\n- Another point.\n"
            ),
        ),
        (
            "content/about.md",
            "---\ntitle: About\nlisted: false\n---\n\nWhat this site is and who writes it.\n".to_string(),
        ),
        ("static/.gitkeep", String::new()),
        (".gitignore", "public/\n".to_string()),
        (".github/workflows/pages.yml", PAGES_WORKFLOW.to_string()),
    ]
}

/// Creates the site in `dir`, which must not exist or be empty.
pub fn run(dir: &Path, date: NaiveDate) -> Result<PathBuf> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Diagnostic::new(dir, "folder exists and is not empty")
                .hint("choose a new folder name, e.g. `dossier init my-briefings`")
                .into());
        }
    }
    let title = dir
        .file_name()
        .map(|n| n.to_string_lossy().replace(['-', '_'], " "))
        .unwrap_or_else(|| "Briefings".into());
    for (rel, text) in site_files(&title, date) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    }
    Ok(dir.to_path_buf())
}
