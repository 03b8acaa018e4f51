//! Reading the site from disk: the config file, the content sources and the theme.
//!
//! This module and `write` are the only ones that touch the disk. `load` walks `content/` with
//! walkdir, skips what the content model says to skip (`_`-prefixed files and folders, hidden
//! files, unknown extensions) and returns plain [`SourceFile`]s, sorted by path so that every
//! later step sees the same order on every machine.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Error, Result};

/// One content file as read from disk, before any parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as shown to users in messages (relative to the working directory when possible).
    pub path: PathBuf,
    /// The path relative to the content directory, with `/` separators (`notes/a.md`).
    pub rel_path: String,
    pub text: String,
}

/// A file in a theme's or the site's `static/` folder, copied verbatim to the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    pub source: PathBuf,
    /// Destination relative to the output root, with `/` separators.
    pub rel_path: String,
}

/// Templates of the site's theme folder (those missing fall back to the built-in default theme).
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    /// `(template name, path on disk, text)`, e.g. `("document.html", themes/x/templates/document.html, ..)`.
    pub templates: Vec<(String, PathBuf, String)>,
    pub statics: Vec<StaticFile>,
}

/// The extensions dossier reads as documents.
pub const CONTENT_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// Reads and validates `site-config.toml`; a missing file means all defaults.
pub fn load_config(path: &Path) -> Result<SiteConfig> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(SiteConfig::parse(&text, path)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Diagnostic::new(
            path,
            "not found: this folder is not a dossier site",
        )
        .hint(
            "run dossier in a site folder, pass --root DIR, or create one with `dossier init DIR`",
        )
        .into()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Reads every document under `content_dir`, in path order.
pub fn load_content(content_dir: &Path) -> Result<Vec<SourceFile>> {
    if !content_dir.is_dir() {
        return Err(Diagnostic::new(content_dir, "content directory not found")
            .hint("create it and add .md or .txt files, or pass --content DIR")
            .into());
    }
    let paths = content_paths(content_dir)?;
    let read: Vec<Result<SourceFile>> = paths
        .par_iter()
        .map(|(path, rel)| read_source(path, rel))
        .collect();
    read.into_iter().collect()
}

/// Reads the documents at `rel` under `content_dir` (a file, or every document of a folder), for
/// `dossier serve`'s incremental rebuilds. A path that no longer exists (an editor's
/// delete-and-recreate, a file removed between the watcher's event and this read) gives no
/// documents: a removal, not an error. Paths the content model skips give none either.
pub fn load_content_at(content_dir: &Path, rel: &str) -> Result<Vec<SourceFile>> {
    if rel
        .split('/')
        .any(|c| c.is_empty() || is_skipped_name(c) || c == "..")
    {
        return Ok(Vec::new());
    }
    let path = content_dir.join(rel);
    let paths = match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&path, e)),
        Ok(meta) if meta.is_dir() => {
            if path.join(crate::write::MARKER).exists() {
                return Ok(Vec::new());
            }
            content_paths(&path)?
                .into_iter()
                .map(|(p, _)| {
                    let rel = relative_slash_path(content_dir, &p);
                    (p, rel)
                })
                .collect()
        }
        Ok(_) if has_content_extension(&path) => vec![(path, rel.to_string())],
        Ok(_) => Vec::new(),
    };
    let mut out = Vec::with_capacity(paths.len());
    for (path, rel) in paths {
        match read_source(&path, &rel) {
            Ok(source) => out.push(source),
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

fn content_paths(content_dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(is_skipped_name(&e.file_name().to_string_lossy()) || is_build_output(e))
        });
    for entry in walker {
        let entry = entry.map_err(|e| walk_error(content_dir, e))?;
        if !entry.file_type().is_file() || !has_content_extension(entry.path()) {
            continue;
        }
        let rel = relative_slash_path(content_dir, entry.path());
        out.push((entry.into_path(), rel));
    }
    Ok(out)
}

/// A folder dossier built (it holds the output marker): never read back as content.
fn is_build_output(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir() && entry.path().join(crate::write::MARKER).exists()
}

/// `_drafts`, `_index.md`, `.git`, `.DS_Store`: skipped by the content model.
pub fn is_skipped_name(name: &str) -> bool {
    name.starts_with('_') || name.starts_with('.')
}

pub fn has_content_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| CONTENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn read_source(path: &Path, rel: &str) -> Result<SourceFile> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, col) = {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = String::from_utf8_lossy(valid);
            crate::error::line_col(&valid, valid.len())
        };
        Diagnostic::new(path, "file is not valid UTF-8")
            .at(line, col)
            .hint("save the file as UTF-8 (most editors offer this under \"Save with encoding\")")
    })?;
    Ok(SourceFile {
        path: path.to_path_buf(),
        rel_path: rel.to_string(),
        text,
    })
}

/// Reads `<theme_dir>/templates/**` and lists `<theme_dir>/static/**`; a missing folder is empty.
pub fn load_theme(theme_dir: &Path) -> Result<ThemeFiles> {
    let mut theme = ThemeFiles::default();
    let templates_dir = theme_dir.join("templates");
    for (path, rel) in files_under(&templates_dir)? {
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        theme.templates.push((rel, path, text));
    }
    theme.statics = list_static(&theme_dir.join("static"))?;
    Ok(theme)
}

/// Every file under a `static/` folder (hidden files skipped), to be copied as is.
pub fn list_static(dir: &Path) -> Result<Vec<StaticFile>> {
    Ok(files_under(dir)?
        .into_iter()
        .map(|(source, rel_path)| StaticFile { source, rel_path })
        .collect())
}

fn files_under(dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| walk_error(dir, e))?;
        if entry.file_type().is_file() {
            let rel = relative_slash_path(dir, entry.path());
            out.push((entry.into_path(), rel));
        }
    }
    Ok(out)
}

fn relative_slash_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn walk_error(dir: &Path, e: walkdir::Error) -> Error {
    let path = e.path().unwrap_or(dir).to_path_buf();
    match e.into_io_error() {
        Some(io) => Error::io(&path, io),
        None => Diagnostic::new(
            path,
            "filesystem loop (a symlink points to its own ancestor)",
        )
        .hint("remove the symlink or move the linked folder out of content/")
        .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_names() {
        assert!(is_skipped_name("_drafts"));
        assert!(is_skipped_name(".git"));
        assert!(!is_skipped_name("notes"));
    }

    #[test]
    fn content_extensions() {
        assert!(has_content_extension(Path::new("a.md")));
        assert!(has_content_extension(Path::new("a.MARKDOWN")));
        assert!(has_content_extension(Path::new("a.txt")));
        assert!(!has_content_extension(Path::new("a.html")));
        assert!(!has_content_extension(Path::new("README")));
    }
}
