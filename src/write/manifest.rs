//! What dossier wrote into an output folder, so the next build replaces only that.
//!
//! The marker file (`.dossier-output`) that marks a folder as dossier's output also lists, one
//! per line after its header, every file the build wrote there. When the next build swaps its
//! new output in, [`retire_listed`] removes from the old output exactly the listed files (and
//! the folders they leave empty); whatever else is there is the user's (a `CNAME` file, a
//! `downloads/` folder added by hand) and is moved into the new output. A user's file on a path
//! the new build writes too stays in the old folder, which then loses its marker so no later
//! build removes it, and the build says so. A marker without a list (written by an older
//! dossier) keeps the old rule: the whole folder is dossier's.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Diagnostic;

/// The marker's first line; the list follows the second.
pub(super) const HEADER: &str =
    "This folder is written by `dossier build` and replaced on every build.\n";
const LIST_HEADER: &str =
    "Files dossier wrote here (a build replaces these and keeps every other file):\n";

/// The marker's text for a build that wrote `paths` (relative, `/`-separated).
pub(super) fn marker_text(paths: &[String]) -> String {
    let mut text = String::with_capacity(HEADER.len() + LIST_HEADER.len() + paths.len() * 32);
    text.push_str(HEADER);
    text.push_str(LIST_HEADER);
    let mut sorted: Vec<&String> = paths.iter().collect();
    sorted.sort();
    sorted.dedup();
    for path in sorted {
        text.push_str(&escape(path));
        text.push('\n');
    }
    text
}

/// The files a marker lists, or `None` for a marker without a list (the whole folder is ours).
pub(super) fn listed(marker: &str) -> Option<HashSet<String>> {
    let (_, list) = marker.split_once(LIST_HEADER)?;
    Some(list.lines().map(unescape).collect())
}

/// A path on one line: backslashes and line breaks escaped.
fn escape(path: &str) -> String {
    path.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Removes the listed files from the old output `old`, moves every other file (except the
/// top-level entries `skip` accepts, handled by the caller) into `new`, and removes `old` when
/// nothing of the user's is left in it. Returns the warnings.
pub(super) fn retire_listed(
    old: &Path,
    new: &Path,
    ours: &HashSet<String>,
    skip: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut left = Vec::new();
    let mut not_removed = None;
    for (rel, path) in files_of(old, skip) {
        if rel.as_deref().is_some_and(|r| ours.contains(r)) {
            if let Err(e) = fs::remove_file(&path) {
                not_removed.get_or_insert(e);
            }
            continue;
        }
        if let Err(why) = carry(&path, old, new) {
            left.push((path, why));
        }
    }
    remove_empty_dirs(old);
    if let Some(e) = not_removed {
        warnings.push(
            Diagnostic::new(old, format!("could not remove the previous output: {e}")).hint(
                format!(
                    "the new site is in place in {}; a later build removes this folder, or delete it by hand",
                    new.display()
                ),
            ),
        );
    }
    if left.is_empty() {
        if warnings.is_empty() {
            let _ = fs::remove_file(old.join(super::MARKER));
            let _ = fs::remove_dir(old);
        }
        return warnings;
    }
    // What is left holds the user's files: without the marker, no later build removes it.
    let _ = fs::remove_file(old.join(super::MARKER));
    for (path, why) in left {
        warnings.push(
            Diagnostic::new(&path, format!("your file was not carried into the new output: {why}"))
                .hint(format!(
                    "the new site is in {}; this file stays in {} (dossier did not write it, so it never deletes it): move it by hand",
                    new.display(),
                    old.display()
                )),
        );
    }
    warnings
}

/// Every file and symlink under `dir` (links not followed), with its `/`-separated relative
/// path (`None` when the name is not UTF-8: never one dossier wrote), except the marker and the
/// top-level entries `skip` accepts.
fn files_of(dir: &Path, skip: &dyn Fn(&str) -> bool) -> Vec<(Option<String>, PathBuf)> {
    WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() != 1 || !(skip(&name) || name == super::MARKER)
        })
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).ok().and_then(|r| {
                let parts: Option<Vec<&str>> =
                    r.components().map(|c| c.as_os_str().to_str()).collect();
                parts.map(|p| p.join("/"))
            });
            (rel, e.path().to_path_buf())
        })
        .collect()
}

/// Moves the user's file `path` (inside `old`) to the same place in `new`.
fn carry(path: &Path, old: &Path, new: &Path) -> Result<(), String> {
    let rel = path.strip_prefix(old).map_err(|e| e.to_string())?;
    let to = new.join(rel);
    if to.symlink_metadata().is_ok() {
        return Err(format!(
            "the new build writes the same path ({})",
            to.display()
        ));
    }
    if let Some(parent) = to.parent() {
        if parent.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
            return Err(format!(
                "the new build writes a file where its folder was ({})",
                parent.display()
            ));
        }
        fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    fs::rename(path, &to).map_err(|e| e.to_string())
}

/// Removes the empty folders under `dir` (deepest first); `dir` itself stays.
fn remove_empty_dirs(dir: &Path) {
    let dirs: Vec<PathBuf> = WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .contents_first(true)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    for d in dirs {
        let _ = fs::remove_dir(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_lists_round_trip() {
        let paths = vec![
            "index.html".to_string(),
            "a\\b\nc.txt".to_string(),
            "topics/x/index.html".to_string(),
            "index.html".to_string(),
        ];
        let text = marker_text(&paths);
        assert!(text.starts_with(HEADER));
        let back = listed(&text).unwrap();
        assert_eq!(back.len(), 3);
        for p in &paths {
            assert!(back.contains(p), "{p:?}");
        }
        assert_eq!(listed(HEADER), None, "an older marker lists nothing");
    }

    #[test]
    fn keeps_the_users_files_and_removes_ours() {
        let tmp = tempfile::tempdir().unwrap();
        let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
        for (rel, text) in [
            ("index.html", "ours"),
            ("a/index.html", "ours"),
            ("CNAME", "example.org"),
            ("downloads/report.pdf", "pdf"),
            ("a/notes.txt", "mine"),
            ("taken.html", "mine too"),
        ] {
            fs::create_dir_all(old.join(rel).parent().unwrap()).unwrap();
            fs::write(old.join(rel), text).unwrap();
        }
        fs::write(old.join(super::super::MARKER), "").unwrap();
        fs::create_dir_all(&new).unwrap();
        fs::write(new.join("taken.html"), "new page").unwrap();
        let ours: HashSet<String> = ["index.html", "a/index.html"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let warnings = retire_listed(&old, &new, &ours, &|_| false);
        assert_eq!(
            fs::read_to_string(new.join("CNAME")).unwrap(),
            "example.org"
        );
        assert_eq!(
            fs::read_to_string(new.join("downloads/report.pdf")).unwrap(),
            "pdf"
        );
        assert_eq!(fs::read_to_string(new.join("a/notes.txt")).unwrap(), "mine");
        assert_eq!(
            fs::read_to_string(new.join("taken.html")).unwrap(),
            "new page"
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].to_string().contains("taken.html"));
        assert_eq!(
            fs::read_to_string(old.join("taken.html")).unwrap(),
            "mine too",
            "a user's file on a generated path stays where it was"
        );
        assert!(!old.join("index.html").exists() && !old.join("a").exists());
        assert!(
            !old.join(super::super::MARKER).exists(),
            "what is left is the user's: no marker, so no later build removes it"
        );
    }

    #[test]
    fn an_old_output_with_only_our_files_goes() {
        let tmp = tempfile::tempdir().unwrap();
        let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
        fs::create_dir_all(old.join("a")).unwrap();
        fs::create_dir_all(&new).unwrap();
        fs::write(old.join("a/index.html"), "").unwrap();
        fs::write(old.join(super::super::MARKER), "").unwrap();
        let ours: HashSet<String> = ["a/index.html".to_string()].into();
        assert!(retire_listed(&old, &new, &ours, &|_| false).is_empty());
        assert!(!old.exists());
    }
}
