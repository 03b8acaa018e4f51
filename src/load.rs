//! Reading the site from disk: the config file, the content sources and the theme.
//!
//! This module and `write` are the only ones that touch the disk. `load` walks `content/` with
//! walkdir, skips what the content model says to skip (`_`-prefixed files and folders, hidden
//! files, editors' lock and backup files, unknown extensions) and returns plain [`SourceFile`]s,
//! sorted by path so that every later step sees the same order on every machine. `walk.rs` keeps
//! symlinks inside the site and turns a file it cannot use into a warning (one bad file never
//! stops the build); `decode.rs` reads UTF-16 text that would otherwise become NUL bytes.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Error, Result};

pub(crate) mod conventions;
mod decode;
mod walk;

pub use conventions::SkippedFolder;

use walk::{is_editor_file, relative_slash_path, Fence, Rules, Walked};

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
    /// What reading the theme skipped (symlinks out of the site, unreadable files).
    pub warnings: Vec<Diagnostic>,
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

/// What [`load_content`] read, warned about and skipped.
#[derive(Debug, Default)]
pub struct LoadedContent {
    pub sources: Vec<SourceFile>,
    pub warnings: Vec<Diagnostic>,
    /// Other generators' template, output and cache folders, skipped (for the build summary).
    pub skipped: Vec<SkippedFolder>,
    /// Documents that are not text (invalid UTF-8), skipped: warnings, or errors for a site
    /// with `strict = true`.
    pub rejected: Vec<Diagnostic>,
}

/// Reads every document under `content_dir`, in path order, with warnings for what it skipped
/// (see [`walk`]: symlinks out of the site, dangling links, unreadable files, non-UTF-8 names)
/// and the machinery folders it left out ([`conventions`]).
/// Symlinks may point anywhere inside `site_root`.
pub fn load_content(content_dir: &Path, site_root: &Path) -> Result<LoadedContent> {
    if !content_dir.is_dir() {
        return Err(Diagnostic::new(content_dir, "content directory not found")
            .hint("create it and add .md or .txt files, or pass --content DIR")
            .into());
    }
    let fence = Fence::new(site_root, content_dir);
    let walked = content_paths(content_dir, &fence)?;
    let read: Vec<Result<Read>> = walked
        .files
        .par_iter()
        .map(|(path, rel)| read_source(path, rel))
        .collect();
    let mut warnings = walked.warnings;
    let mut rejected = Vec::new();
    let mut sources = Vec::with_capacity(read.len());
    for result in read {
        match result? {
            Read::Source(source) => sources.push(source),
            Read::Skipped(warning) => warnings.push(warning),
            Read::Rejected(problem) => rejected.push(problem),
        }
    }
    Ok(LoadedContent {
        sources,
        warnings,
        skipped: walked.skipped,
        rejected,
    })
}

/// Reads the documents at `rel` under `content_dir` (a file, or every document of a folder), for
/// `dossier serve`'s incremental rebuilds. A path that no longer exists (an editor's
/// delete-and-recreate, a file removed between the watcher's event and this read) gives no
/// documents: a removal, not an error. Paths the content model skips give none either, and a
/// path that resolves outside the site is skipped with a warning, as in [`load_content`].
pub fn load_content_at(
    content_dir: &Path,
    site_root: &Path,
    rel: &str,
) -> Result<(Vec<SourceFile>, Vec<Diagnostic>)> {
    let skipped = |c: &str| c.is_empty() || is_skipped_name(c) || is_editor_file(c) || c == "..";
    if rel.split('/').any(skipped) {
        return Ok((Vec::new(), Vec::new()));
    }
    let fence = Fence::new(site_root, content_dir);
    let path = content_dir.join(rel);
    if rel.contains(char::REPLACEMENT_CHARACTER) && !path.exists() {
        // The watcher's path was not UTF-8 (made lossy on the way): name the file, as a build does.
        return Ok((Vec::new(), not_utf8_names(content_dir, rel, &fence)));
    }
    let walked = match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Ok((Vec::new(), vec![walk::unreadable(&path)]))
        }
        Err(e) => return Err(Error::io(&path, e)),
        Ok(_) if fence.check(&path).is_some() => {
            return Ok((Vec::new(), fence.check(&path).into_iter().collect()))
        }
        Ok(meta) if meta.is_dir() => {
            if walk::is_build_output(&path) {
                return Ok((Vec::new(), Vec::new()));
            }
            let mut walked = content_paths(&path, &fence)?;
            for (p, rel) in &mut walked.files {
                *rel = relative_slash_path(content_dir, p);
            }
            walked
        }
        Ok(_) if has_content_extension(&path) => Walked {
            files: vec![(path, rel.to_string())],
            ..Walked::default()
        },
        Ok(_) => Walked::default(),
    };
    let mut warnings = walked.warnings;
    let mut out = Vec::with_capacity(walked.files.len());
    for (path, rel) in walked.files {
        match read_source(&path, &rel) {
            Ok(Read::Source(source)) => out.push(source),
            Ok(Read::Skipped(warning)) => warnings.push(warning),
            // An edit that made a document unreadable is shown (serve's overlay), as a broken
            // front matter is; a build skips it.
            Ok(Read::Rejected(problem)) => return Err(problem.into()),
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok((out, warnings))
}

/// The warnings about non-UTF-8 names in the folder of `rel`.
fn not_utf8_names(content_dir: &Path, rel: &str, fence: &Fence) -> Vec<Diagnostic> {
    let dir = match rel.rsplit_once('/') {
        Some((folder, _)) if !folder.contains(char::REPLACEMENT_CHARACTER) => {
            content_dir.join(folder)
        }
        _ => content_dir.to_path_buf(),
    };
    let Ok(walked) = content_paths(&dir, fence) else {
        return Vec::new();
    };
    walked
        .warnings
        .into_iter()
        .filter(|w| w.message.contains("not valid UTF-8"))
        .collect()
}

fn content_paths(content_dir: &Path, fence: &Fence) -> Result<Walked> {
    let rules = Rules {
        skip_name: &is_skipped_name,
        wanted: &has_content_extension,
        report_machinery: true,
    };
    walk::walk(content_dir, fence, &rules)
}

/// `_layouts`, `_partial.md`, `.git`, `.DS_Store`: skipped by the content model (see
/// [`conventions`]; `_posts`, `_drafts`, `_docs` and `_index.md` are content).
pub fn is_skipped_name(name: &str) -> bool {
    conventions::is_skipped_name(name)
}

pub fn has_content_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| CONTENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// A source read, skipped with a warning (unreadable, undecodable UTF-16), or rejected (not
/// UTF-8: skipped with a warning unless the site is strict).
enum Read {
    Source(SourceFile),
    Skipped(Diagnostic),
    Rejected(Diagnostic),
}

fn read_source(path: &Path, rel: &str) -> Result<Read> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Ok(Read::Skipped(walk::unreadable(path)))
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    let text = match decode::sniff_utf16(&bytes) {
        Some((order, bom)) => match decode::decode_utf16(&bytes[bom..], order) {
            Some(text) => text,
            None => return Ok(Read::Skipped(not_utf16(path))),
        },
        None => match utf8(path, bytes) {
            Ok(text) => text,
            Err(problem) => return Ok(Read::Rejected(problem)),
        },
    };
    Ok(Read::Source(SourceFile {
        path: path.to_path_buf(),
        rel_path: rel.to_string(),
        text,
    }))
}

fn utf8(path: &Path, bytes: Vec<u8>) -> std::result::Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let (line, col) = {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = String::from_utf8_lossy(valid);
            crate::error::line_col(&valid, valid.len())
        };
        Diagnostic::new(path, "file is not valid UTF-8: skipped")
            .at(line, col)
            .hint("save the file as UTF-8 (most editors offer this under \"Save with encoding\"); with `strict = true` in site-config.toml this stops the build")
    })
}

fn not_utf16(path: &Path) -> Diagnostic {
    Diagnostic::new(
        path,
        "file looks like UTF-16 text but does not decode as UTF-16: skipped",
    )
    .hint("save the file as UTF-8 (most editors offer this under \"Save with encoding\")")
}

/// A warning when `path` resolves outside `site_root` (a symlink leaving the site), for single
/// files read outside a walk (`CNAME`).
pub fn outside_site(path: &Path, site_root: &Path) -> Option<Diagnostic> {
    Fence::new(site_root, site_root).check(path)
}

/// The images, media and other files next to documents under `content_dir` (see
/// [`conventions::is_asset`]), to be copied to the same path in the output: a page bundle's
/// `content/post/x/cover.jpg` is served at `/post/x/cover.jpg`, beside the page.
pub fn list_content_assets(
    content_dir: &Path,
    site_root: &Path,
) -> Result<(Vec<StaticFile>, Vec<Diagnostic>)> {
    if !content_dir.is_dir() {
        return Ok((Vec::new(), Vec::new()));
    }
    let is_asset = |path: &Path| {
        path.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(conventions::is_asset)
    };
    let rules = Rules {
        skip_name: &is_skipped_name,
        wanted: &is_asset,
        report_machinery: false,
    };
    let walked = walk::walk(content_dir, &Fence::new(site_root, content_dir), &rules)?;
    let files = walked
        .files
        .into_iter()
        .map(|(source, rel_path)| StaticFile { source, rel_path })
        .collect();
    Ok((files, walked.warnings))
}

/// Reads `<theme_dir>/templates/**` and lists `<theme_dir>/static/**`; a missing folder is empty.
/// What the walks skipped is in [`ThemeFiles::warnings`].
pub fn load_theme(theme_dir: &Path, site_root: &Path) -> Result<ThemeFiles> {
    let mut theme = ThemeFiles::default();
    let templates_dir = theme_dir.join("templates");
    let walked = files_under(&templates_dir, site_root)?;
    theme.warnings = walked.warnings;
    for (path, rel) in walked.files {
        match std::fs::read_to_string(&path) {
            Ok(text) => theme.templates.push((rel, path, text)),
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                theme.warnings.push(walk::unreadable(&path))
            }
            Err(e) => return Err(Error::io(&path, e)),
        }
    }
    let (statics, warnings) = list_static(&theme_dir.join("static"), site_root)?;
    theme.statics = statics;
    theme.warnings.extend(warnings);
    Ok(theme)
}

/// Every file under a `static/` folder (hidden and editor files skipped, and any output folder
/// of dossier's inside it), to be copied as is; with warnings for what was skipped.
pub fn list_static(dir: &Path, site_root: &Path) -> Result<(Vec<StaticFile>, Vec<Diagnostic>)> {
    let walked = files_under(dir, site_root)?;
    let files = walked
        .files
        .into_iter()
        .map(|(source, rel_path)| StaticFile { source, rel_path })
        .collect();
    Ok((files, walked.warnings))
}

fn files_under(dir: &Path, site_root: &Path) -> Result<Walked> {
    if !dir.is_dir() {
        return Ok(Walked::default());
    }
    let rules = Rules {
        skip_name: &|name: &str| name.starts_with('.'),
        wanted: &|_: &Path| true,
        report_machinery: false,
    };
    walk::walk(dir, &Fence::new(site_root, dir), &rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_names() {
        assert!(is_skipped_name("_layouts"));
        assert!(!is_skipped_name("_drafts"));
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

    #[cfg(unix)]
    #[test]
    fn serve_reads_no_symlink_out_of_the_site() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let content = site.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(outside.path().join("secret"), "secret").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), content.join("p.txt")).unwrap();
        std::fs::write(site.path().join("memo.md"), "# Memo\n").unwrap();
        std::os::unix::fs::symlink("../memo.md", content.join("memo.md")).unwrap();
        let (read, warnings) = load_content_at(&content, site.path(), "p.txt").unwrap();
        assert!(read.is_empty());
        assert!(
            warnings[0].message.contains("outside the site"),
            "{warnings:?}"
        );
        let (read, warnings) = load_content_at(&content, site.path(), "memo.md").unwrap();
        assert_eq!(read.len(), 1);
        assert!(warnings.is_empty());
        let (read, _) = load_content_at(&content, site.path(), ".#memo.md").unwrap();
        assert!(read.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn serve_names_a_file_whose_name_is_not_utf8() {
        use std::os::unix::ffi::OsStrExt;
        let site = tempfile::tempdir().unwrap();
        let content = site.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let name = std::ffi::OsStr::from_bytes(b"st\xff.txt");
        if std::fs::write(content.join(name), "text").is_err() {
            return; // a file system that refuses such names
        }
        let lossy = name.to_string_lossy();
        let (read, warnings) = load_content_at(&content, site.path(), &lossy).unwrap();
        assert!(read.is_empty());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].message.contains("\"st\\xFF.txt\""),
            "{warnings:?}"
        );
    }
}
