//! Write: output files to disk, atomically. The only module that writes the built site.
//!
//! A build goes into a staging directory beside the output (`.public.staging-<pid>`); only when
//! every file is there does [`Staging::commit`] swap it into place, so a failed build leaves the
//! previous site untouched. Before anything is written, [`check_output_dir`] refuses outputs
//! that would destroy user files: the content or site folder, `/`, the home directory, or a
//! non-empty folder that dossier did not create (it marks its own with [`MARKER`]; a folder
//! holding only hidden entries, such as a git checkout of the deploy branch, is accepted).
//!
//! The writer deletes only what dossier created: the marker lists every file a build wrote
//! (`manifest.rs`), and when the next build replaces the output, the user's hidden entries
//! (`.git`) and every file the list does not name (`CNAME`, a folder added by hand) are moved
//! into the new output before the listed files are removed. Symlinks are removed as links
//! (never followed), and leftovers of interrupted builds go only when they hold the marker and
//! their process is gone (`stale.rs`).

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};
use crate::load::StaticFile;
use crate::render::OutputFile;

mod manifest;
mod stale;

/// Marks a directory as dossier's output, so a later build may replace it.
pub(crate) const MARKER: &str = ".dossier-output";
const MARKER_TEXT: &str = manifest::HEADER;

/// Folders the output directory must not be or contain.
pub(crate) struct Protected<'a> {
    pub root: &'a Path,
    pub content: &'a Path,
}

/// Refuses an output directory that a build would damage; see the module docs.
pub(crate) fn check_output_dir(output: &Path, protected: &Protected) -> Result<()> {
    let out = absolute(output);
    let refuse =
        |why: &str| -> Result<()> {
            Err(Diagnostic::new(output, format!("refusing to write the site here: {why}"))
            .hint("choose another folder with --output DIR or `output_dir` in site-config.toml")
            .into())
        };
    if out.parent().is_none() {
        return refuse("it is the file-system root");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home) == out {
            return refuse("it is your home directory");
        }
    }
    for (name, dir) in [
        ("site folder", protected.root),
        ("content folder", protected.content),
    ] {
        let dir = absolute(dir);
        if dir == out {
            return refuse(&format!("it is the {name}"));
        }
        if dir.starts_with(&out) {
            return refuse(&format!("it contains the {name}"));
        }
    }
    if out.is_dir() && !out.join(MARKER).exists() && !only_hidden_entries(&out)? {
        return Err(Diagnostic::new(
            output,
            "refusing to replace a non-empty folder that dossier did not create",
        )
        .hint("empty or delete the folder (hidden entries such as .git may stay: they are kept), or choose another with --output DIR")
        .into());
    }
    if out.exists() && !out.is_dir() {
        return refuse("it is a file");
    }
    Ok(())
}

/// An absolute, normalised path (symlinks resolved where the path exists).
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    // Normalise `..` and `.` lexically for paths that do not exist yet.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) => parent.canonicalize().map(|p| p.join(name)).unwrap_or(out),
        _ => out,
    }
}

/// True for an empty folder, or one holding only hidden entries (`.git`, `.gitignore`), which
/// a build keeps ([`carry_over`]).
fn only_hidden_entries(dir: &Path) -> Result<bool> {
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        if !is_carried(&entry.file_name().to_string_lossy()) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Hidden names dossier itself writes at the top of the output; every other hidden entry there
/// (`.git`, `.gitignore`, `.github`) is the user's and is carried into the next output.
const OWN_HIDDEN: &[&str] = &[MARKER, ".nojekyll"];

/// A hidden top-level entry of the output that dossier did not write, kept across builds.
fn is_carried(name: &str) -> bool {
    name.starts_with('.') && !OWN_HIDDEN.contains(&name)
}

/// A staging directory being filled; dropped without `commit`, it is removed.
pub(crate) struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
    /// Problems that did not stop the build (stale folders that could not be removed).
    warnings: Vec<Diagnostic>,
    /// Every file written, relative to the output: the marker lists them (`manifest.rs`).
    written: std::sync::Mutex<Vec<String>>,
}

impl Staging {
    /// Creates an empty staging directory beside `output`, after removing the staging and
    /// backup folders that interrupted builds (dead processes) left there.
    pub(crate) fn create(output: &Path) -> Result<Staging> {
        let output = absolute(output);
        let name = output_name(&output);
        let parent = output.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let warnings = stale::remove_stale(parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            if !dir.join(MARKER).exists() {
                return Err(Diagnostic::new(
                    &dir,
                    "refusing to replace a folder that dossier did not create",
                )
                .hint("move or delete it, then build again")
                .into());
            }
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        fs::write(dir.join(MARKER), MARKER_TEXT).map_err(|e| Error::io(&dir, e))?;
        Ok(Staging {
            dir,
            output,
            committed: false,
            warnings,
            written: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// Writes one output file (safe to call from several threads).
    pub(crate) fn write(&self, file: &OutputFile) -> Result<()> {
        let path = self.target(&file.path)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, &file.bytes).map_err(|e| Error::io(&path, e))?;
        self.note_written(&file.path);
        Ok(())
    }

    fn note_written(&self, rel: &str) {
        if let Ok(mut written) = self.written.lock() {
            written.push(rel.to_string());
        }
    }

    /// Copies static files; a generated file of the same path is overwritten by the static one.
    /// Returns a warning for each static file that replaced a generated page, feed or export
    /// ([`replaces_page`]); call it after every generated file is written.
    pub(crate) fn copy_static(
        &self,
        files: &[StaticFile],
        output_label: &str,
    ) -> Result<Vec<Diagnostic>> {
        let mut copied = std::collections::HashSet::new();
        let mut warnings = Vec::new();
        for file in files {
            let path = self.target(&file.rel_path)?;
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            let generated = !copied.contains(&file.rel_path) && path.exists();
            if generated && replaces_page(&file.rel_path) {
                warnings.push(static_replaces_page(file, output_label));
            }
            fs::copy(&file.source, &path).map_err(|e| Error::io(&file.source, e))?;
            self.note_written(&file.rel_path);
            copied.insert(file.rel_path.clone());
        }
        Ok(warnings)
    }

    /// The staging path for a relative output path; refuses paths that would leave the folder.
    fn target(&self, rel: &str) -> Result<PathBuf> {
        let escapes =
            rel.starts_with('/') || rel.contains('\\') || rel.split('/').any(|part| part == "..");
        if escapes || Path::new(rel).is_absolute() {
            return Err(Diagnostic::new(rel, "output path leaves the output folder").into());
        }
        Ok(self.dir.join(rel))
    }

    /// Swaps the staging directory into place of the output directory, carries the user's hidden
    /// entries (`.git`) of the old output over, and removes the old output. Once the new output
    /// is in place nothing fails the build: what could not be carried or removed is a warning.
    pub(crate) fn commit(mut self) -> Result<Vec<Diagnostic>> {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        let marker = self.dir.join(MARKER);
        fs::write(&marker, manifest::marker_text(&written)).map_err(|e| Error::io(&marker, e))?;
        let backup = backup_path(&self.output);
        let had_output = self.output.exists();
        if had_output {
            fs::rename(&self.output, &backup).map_err(|e| Error::io(&self.output, e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.output) {
            if had_output && fs::rename(&backup, &self.output).is_err() {
                return Err(Diagnostic::new(
                    &self.output,
                    format!(
                        "could not move the new site into place ({e}), nor the previous one back"
                    ),
                )
                .hint(format!(
                    "the previous site is in {}; rename it back",
                    backup.display()
                ))
                .into());
            }
            return Err(Error::io(&self.output, e));
        }
        self.committed = true;
        let mut warnings = std::mem::take(&mut self.warnings);
        if had_output {
            warnings.extend(retire(&backup, &self.output));
        }
        Ok(warnings)
    }
}

/// `.public.old-<pid>` beside the output, or `.public.old-<pid>.<n>` when a folder of the user's
/// files left by an earlier build of this process holds that name.
fn backup_path(output: &Path) -> PathBuf {
    let base = format!(".{}.old-{}", output_name(output), std::process::id());
    let mut path = output.with_file_name(&base);
    let mut n = 1;
    while path.symlink_metadata().is_ok() {
        n += 1;
        path = output.with_file_name(format!("{base}.{n}"));
    }
    path
}

/// `public` for `/site/public`.
fn output_name(output: &Path) -> String {
    output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into())
}

/// Moves the user's hidden entries from the replaced output `old` into the new `output`, then
/// the rest of the user's files and removes what dossier wrote (the marker's list); an old
/// marker without a list means all of `old` is dossier's. A folder without the marker goes only
/// if nothing is left in it. What fails is a warning that says the new site is in place and what is left where.
fn retire(old: &Path, output: &Path) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut kept = false;
    for name in carried_names(old) {
        let (from, to) = (old.join(&name), output.join(&name));
        let moved = !to.exists() && fs::rename(&from, &to).is_ok();
        if !moved {
            kept = true;
            warnings.push(
                Diagnostic::new(&from, "could not carry this over into the new output").hint(
                    format!(
                        "the new site is in {}; move the file by hand",
                        output.display()
                    ),
                ),
            );
        }
    }
    if kept {
        // What is left holds the user's entries: without the marker no later build removes it.
        let _ = fs::remove_file(old.join(MARKER));
        return warnings;
    }
    let listed = fs::read_to_string(old.join(MARKER))
        .ok()
        .and_then(|text| manifest::listed(&text));
    if let Some(ours) = listed {
        warnings.extend(manifest::retire_listed(old, output, &ours, &is_carried));
        return warnings;
    }
    let removed = if old.join(MARKER).exists() {
        fs::remove_dir_all(old)
    } else {
        fs::remove_dir(old)
    };
    if let Err(e) = removed {
        // Mark what is left as dossier's, so that a later build removes it.
        let _ = fs::write(old.join(MARKER), MARKER_TEXT);
        warnings.push(
            Diagnostic::new(old, format!("could not remove the previous output: {e}")).hint(
                format!(
                    "the new site is in place in {}; delete this folder by hand",
                    output.display()
                ),
            ),
        );
    }
    warnings
}

fn carried_names(dir: &Path) -> Vec<std::ffi::OsString> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .filter(|n| is_carried(&n.to_string_lossy()))
        .collect()
}

/// Pages, feeds and exports: a static file at one of their paths replaces them (fixed files such
/// as `robots.txt` are meant to be replaced). Shared by `build` and `dossier check`.
pub(crate) fn replaces_page(path: &str) -> bool {
    [".html", ".xml", ".json"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// The warning for a static file that replaces a generated page: the static file wins.
pub(crate) fn static_replaces_page(file: &StaticFile, output_label: &str) -> Diagnostic {
    Diagnostic::new(
        &file.source,
        format!(
            "duplicate output path {output_label}/{}: this static file replaces the generated page (the static file wins)",
            file.rel_path
        ),
    )
    .hint("rename or move the static file to keep the generated page")
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let content = root.join("content");
        fs::create_dir_all(&content).unwrap();
        let protected = Protected {
            root,
            content: &content,
        };
        assert!(check_output_dir(root, &protected).is_err());
        assert!(check_output_dir(&content, &protected).is_err());
        assert!(check_output_dir(Path::new("/"), &protected).is_err());
        assert!(check_output_dir(&root.join("public"), &protected).is_ok());
        let full = root.join("full");
        fs::create_dir_all(&full).unwrap();
        fs::write(full.join("keep.txt"), "mine").unwrap();
        let e = check_output_dir(&full, &protected).unwrap_err();
        assert!(e.to_string().contains("did not create"), "{e}");
        fs::write(full.join(MARKER), "").unwrap();
        assert!(check_output_dir(&full, &protected).is_ok());
    }

    #[test]
    fn staging_swaps_and_cleans_up() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::create(&out).unwrap();
        s.write(&OutputFile::new("a/index.html".into(), "one".into()))
            .unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "one");
        let s = Staging::create(&out).unwrap();
        s.write(&OutputFile::new("b.html".into(), "two".into()))
            .unwrap();
        drop(s);
        assert!(
            out.join("a/index.html").exists(),
            "a dropped staging leaves the output alone"
        );
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging removed");
        let s = Staging::create(&out).unwrap();
        assert!(s
            .write(&OutputFile::new("../evil".into(), String::new()))
            .is_err());
    }
}
