//! Walking a site folder without publishing what is not the site's, and without one odd file
//! stopping the build.
//!
//! Symlinks are followed only while they stay inside the site: a link whose target resolves
//! inside the site folder (or inside the folder being walked, which the user named) is read like
//! any file, as Zola and Hugo do for links within a project; one that leaves it
//! (`content/passwd.txt -> /etc/passwd`) is skipped with a warning naming the link and its
//! target. Dangling links, unreadable files and folders, file names that are not UTF-8 (which
//! cannot become a URL without guessing, and would collapse into one page if converted lossily)
//! and filesystem loops are skipped with a warning that names them. Editors' lock, swap and
//! backup files (`.#a.md`, `#a.md#`, `a.md~`, `.a.md.swp`) are skipped silently: they come and
//! go while a person types, and a warning on every rebuild of `dossier serve` would be noise.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Diagnostic, Error, Result};

/// The folders a symlink may point into: the site folder and the folder being walked.
pub(crate) struct Fence {
    roots: Vec<PathBuf>,
}

impl Fence {
    pub(crate) fn new(site_root: &Path, dir: &Path) -> Fence {
        let roots = [site_root, dir]
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        Fence { roots }
    }

    /// `None` when `path` resolves inside the site; else a warning naming it and its target.
    pub(crate) fn check(&self, path: &Path) -> Option<Diagnostic> {
        let target = path.canonicalize().ok()?;
        if self.roots.iter().any(|root| target.starts_with(root)) {
            return None;
        }
        Some(
            Diagnostic::new(
                path,
                format!(
                    "symlink points outside the site (to {}): skipped, it is not published",
                    target.display()
                ),
            )
            .hint("copy the file into the site folder if it should be published"),
        )
    }
}

/// What a walk keeps: names it skips and files it wants.
pub(crate) struct Rules<'a> {
    /// Names skipped without a word (hidden, `_`-prefixed, editor files); files and folders.
    pub skip_name: &'a dyn Fn(&str) -> bool,
    /// Files to return (by path); others are ignored without a word.
    pub wanted: &'a dyn Fn(&Path) -> bool,
    /// Folders skipped as another generator's machinery are listed in [`Walked::skipped`].
    pub report_machinery: bool,
}

/// The files a walk found, `(path, relative path with / separators)`, and what it skipped.
#[derive(Default)]
pub(crate) struct Walked {
    pub files: Vec<(PathBuf, String)>,
    pub warnings: Vec<Diagnostic>,
    /// Folders skipped as another generator's templates, output or caches (content walks).
    pub skipped: Vec<super::conventions::SkippedFolder>,
}

/// Walks `dir` in file-name order; see the module docs for what it skips.
pub(crate) fn walk(dir: &Path, fence: &Fence, rules: &Rules) -> Result<Walked> {
    let mut out = Walked::default();
    let mut it = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(next) = it.next() {
        let entry = match next {
            Ok(entry) => entry,
            Err(e) => {
                out.warnings.extend(walk_error(dir, e, rules)?);
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let is_dir = entry.file_type().is_dir();
        match keep(&entry, is_dir, fence, rules) {
            Keep::Yes => {
                if !is_dir && entry.file_type().is_file() {
                    let rel = relative_slash_path(dir, entry.path());
                    out.files.push((entry.into_path(), rel));
                }
            }
            Keep::No(warning) => {
                out.warnings.extend(warning);
                if is_dir && rules.report_machinery {
                    out.skipped.extend(machinery_folder(dir, entry.path()));
                }
                if is_dir {
                    it.skip_current_dir();
                }
            }
        }
    }
    Ok(out)
}

fn machinery_folder(dir: &Path, path: &Path) -> Option<super::conventions::SkippedFolder> {
    let reason = super::conventions::machinery(path.file_name()?.to_str()?)?;
    Some(super::conventions::SkippedFolder {
        rel_path: relative_slash_path(dir, path),
        reason,
    })
}

enum Keep {
    Yes,
    No(Option<Diagnostic>),
}

fn keep(entry: &walkdir::DirEntry, is_dir: bool, fence: &Fence, rules: &Rules) -> Keep {
    let path = entry.path();
    let relevant = is_dir || (rules.wanted)(path);
    let Some(name) = entry.file_name().to_str() else {
        return Keep::No(relevant.then(|| not_utf8_name(path)));
    };
    if (rules.skip_name)(name) || is_editor_file(name) || (is_dir && is_build_output(path)) {
        return Keep::No(None);
    }
    if !relevant {
        return Keep::No(None);
    }
    if entry.path_is_symlink() {
        if let Some(warning) = fence.check(path) {
            return Keep::No(Some(warning));
        }
    }
    Keep::Yes
}

/// A folder dossier built (it holds the output marker): never read back as content or copied
/// as a static file (an output inside `static/` would otherwise copy every build into the next).
pub(crate) fn is_build_output(dir: &Path) -> bool {
    dir.join(crate::write::MARKER).exists()
}

/// Lock, swap and backup files of Emacs, Vim and others; never site content.
pub(crate) fn is_editor_file(name: &str) -> bool {
    name.starts_with(".#")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.ends_with('~')
        || (name.starts_with('.')
            && [".swp", ".swo", ".swx"]
                .iter()
                .any(|ext| name.ends_with(ext)))
}

fn not_utf8_name(path: &Path) -> Diagnostic {
    let name = path.file_name().unwrap_or(path.as_os_str());
    Diagnostic::new(
        path,
        format!("the file name {name:?} is not valid UTF-8: skipped, it has no URL"),
    )
    .hint("rename it with UTF-8 characters (e.g. `convmv -f latin1 -t utf8 --notest FILE`)")
}

/// A walk error as a warning (the entry is skipped), or `Err` for what dossier cannot go on from.
fn walk_error(dir: &Path, e: walkdir::Error, rules: &Rules) -> Result<Option<Diagnostic>> {
    let path = e.path().unwrap_or(dir).to_path_buf();
    let name = path.file_name().and_then(|n| n.to_str());
    let silent = name.is_some_and(|n| (rules.skip_name)(n) || is_editor_file(n));
    if let Some(ancestor) = e.loop_ancestor() {
        let message = format!(
            "symlink loops back to its own ancestor {}: skipped",
            ancestor.display()
        );
        let hint = "remove the symlink or point it elsewhere";
        return Ok((!silent).then(|| Diagnostic::new(&path, message).hint(hint)));
    }
    if let Ok(target) = std::fs::read_link(&path) {
        if !path.exists() {
            return Ok((!silent).then(|| dangling(&path, &target)));
        }
    }
    let Some(io) = e.into_io_error() else {
        return Err(Diagnostic::new(path, "cannot read this folder").into());
    };
    if io.kind() == ErrorKind::PermissionDenied {
        return Ok((!silent).then(|| unreadable(&path)));
    }
    Err(Error::io(&path, io))
}

fn dangling(path: &Path, target: &Path) -> Diagnostic {
    Diagnostic::new(
        path,
        format!(
            "symlink points to {}, which does not exist: skipped",
            target.display()
        ),
    )
    .hint("remove the symlink or restore its target")
}

/// A file or folder dossier may not read, as a warning.
pub(crate) fn unreadable(path: &Path) -> Diagnostic {
    Diagnostic::new(path, "permission denied: skipped")
        .hint("make it readable (`chmod a+r`, for a folder `a+rx`) or move it out of the site")
}

pub(crate) fn relative_slash_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files() {
        for name in [".#a.md", "#a.md#", "a.md~", ".a.md.swp", ".a.md.swo"] {
            assert!(is_editor_file(name), "{name}");
        }
        for name in ["a.md", "#", "notes", "a.swp"] {
            assert!(!is_editor_file(name), "{name}");
        }
    }
}
