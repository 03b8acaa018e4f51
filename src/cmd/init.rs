//! `dossier init DIR` / `dossier init --here`: a new site that builds at once (it needs no theme
//! folder), or a site started in an existing folder around the markdown already there.
//!
//! `--here` never moves, overwrites or deletes a file: it writes only the files that do not
//! exist yet. A folder with a `content/` folder keeps it as the content; a folder with markdown
//! elsewhere (a Jekyll blog, notes) gets `content_dir = "."` so the documents stay where they
//! are; a folder without markdown gets the same sample documents as a new site.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cmd::build::{absolute, has_markdown};
use crate::error::{Diagnostic, Error, Result};

/// The GitHub Pages workflow of a new site, before [`pages_workflow`] fills in the package and
/// version (the file is linted as it is by `.ci/run`).
const PAGES_TEMPLATE: &str = include_str!("init/pages.yml");

/// The GitHub Pages workflow a new site gets: it installs exactly this version of dossier from
/// crates.io (`cargo install --locked dossier-site --version X`); nothing to edit.
pub fn pages_workflow() -> String {
    PAGES_TEMPLATE
        .replace("@PACKAGE@", env!("CARGO_PKG_NAME"))
        .replace("@VERSION@", env!("CARGO_PKG_VERSION"))
}

/// Where a new site's documents are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// `content/`, with the sample documents (a new site, or a folder without markdown).
    Samples,
    /// The existing `content/` folder.
    Existing,
    /// The folder itself (`content_dir = "."`): its markdown stays where it is.
    InPlace,
}

/// The files of a new site, as (relative path, text).
pub fn site_files(title: &str, date: NaiveDate, content: Content) -> Vec<(&'static str, String)> {
    let mut files = vec![("site-config.toml", config_text(title, content))];
    if content == Content::Samples {
        files.extend(sample_documents(date));
    }
    files.extend([
        ("static/.gitkeep", String::new()),
        (".gitignore", "public/\n".to_string()),
        (".github/workflows/pages.yml", pages_workflow()),
    ]);
    files
}

fn config_text(title: &str, content: Content) -> String {
    let title_toml = title.replace('\\', "\\\\").replace('"', "\\\"");
    let content_dir = match content {
        Content::InPlace => "# The documents are in this folder itself (dossier init --here found them).\ncontent_dir = \".\"\n",
        Content::Samples | Content::Existing => "",
    };
    format!(
        "# dossier site configuration; see the README's \"Configuration\" section.\ntitle = \"{title_toml}\"\ndescription = \"Briefings\"\n# Where the site is published; a path (https://org.github.io/briefs/) prefixes every link.\nbase_url = \"https://example.org/\"\nlanguage = \"en\"\ntheme = \"default\"\noutput_dir = \"public\"\n{content_dir}\n[markdown]\nsmart_punctuation = true\n\n[highlight]\nlight_theme = \"InspiredGitHub\"\ndark_theme = \"base16-ocean.dark\"\n"
    )
}

fn sample_documents(date: NaiveDate) -> [(&'static str, String); 2] {
    let date = date.format("%Y-%m-%d");
    [
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
    ]
}

/// What `init` did.
#[derive(Debug)]
pub struct Created {
    pub dir: PathBuf,
    pub content: Content,
    /// Files that existed already and were left as they are (`--here`).
    pub kept: Vec<&'static str>,
}

/// Creates the site in `dir`, which must not exist or be empty.
pub fn run(dir: &Path, date: NaiveDate) -> Result<Created> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Diagnostic::new(
                absolute(dir),
                "folder exists and is not empty",
            )
            .hint("choose a new folder name, e.g. `dossier init my-briefings`, or start a site in this folder around its files with `cd` into it and `dossier init --here`")
            .into());
        }
    }
    write_site(dir, &title_of(dir), date, Content::Samples)
}

/// Starts a site in the existing folder `dir` (`--here`), around the markdown already there.
pub fn here(dir: &Path, date: NaiveDate) -> Result<Created> {
    let config = dir.join("site-config.toml");
    if config.exists() {
        return Err(
            Diagnostic::new(absolute(&config), "this folder is a dossier site already")
                .hint("build it with `dossier build`, or preview it with `dossier serve`")
                .into(),
        );
    }
    let content = if dir.join("content").is_dir() {
        Content::Existing
    } else if has_markdown(dir) {
        Content::InPlace
    } else {
        Content::Samples
    };
    write_site(dir, &title_of(dir), date, content)
}

/// The site's title from its folder name (`my-briefs` -> `my briefs`).
fn title_of(dir: &Path) -> String {
    absolute(dir)
        .file_name()
        .map(|n| n.to_string_lossy().replace(['-', '_'], " "))
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Briefings".into())
}

/// Writes the files that do not exist yet; never overwrites one.
fn write_site(dir: &Path, title: &str, date: NaiveDate, content: Content) -> Result<Created> {
    let mut kept = Vec::new();
    for (rel, text) in site_files(title, date, content) {
        let path = dir.join(rel);
        if path.exists() {
            kept.push(rel);
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(&absolute(parent), e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&absolute(&path), e))?;
    }
    Ok(Created {
        dir: dir.to_path_buf(),
        content,
        kept,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_installs_exactly_this_version_with_nothing_to_edit() {
        let workflow = pages_workflow();
        let install = format!(
            "cargo install --locked {} --version {}",
            env!("CARGO_PKG_NAME"),
            env!("CARGO_PKG_VERSION")
        );
        assert!(workflow.contains(&install), "{workflow}");
        for placeholder in ["@PACKAGE@", "@VERSION@"] {
            assert!(
                !workflow.contains(placeholder),
                "{placeholder} left: {workflow}"
            );
        }
        assert!(!workflow.contains("EDIT"), "{workflow}");
    }

    #[test]
    fn in_place_content_sets_content_dir_and_writes_no_samples() {
        let date = NaiveDate::from_ymd_opt(2026, 1, 2).expect("date");
        let files = site_files("t", date, Content::InPlace);
        let config = &files[0].1;
        let parsed = crate::config::SiteConfig::parse(config, Path::new("site-config.toml"))
            .expect("config parses");
        assert_eq!(parsed.content_dir, ".");
        assert!(files.iter().all(|(rel, _)| !rel.starts_with("content/")));
        let samples = site_files("t", date, Content::Samples);
        assert!(samples.iter().any(|(rel, _)| *rel == "content/about.md"));
    }
}
