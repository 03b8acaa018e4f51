//! Write: output files to disk, atomically. The only module that writes the built site.
//!
//! A build goes into a staging directory beside the output (`.public.staging-<pid>`); only when
//! every file is there does [`Staging::commit`] swap it into place, so a failed build leaves the
//! previous site untouched. Before anything is written, [`check_output_dir`] refuses outputs
//! that would destroy user files: the content or site folder, `/`, the home directory, or a
//! non-empty folder that dossier did not create (it marks its own with [`MARKER`]).

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};
use crate::load::StaticFile;
use crate::render::OutputFile;

/// Marks a directory as dossier's output, so a later build may replace it.
pub const MARKER: &str = ".dossier-output";
const MARKER_TEXT: &str =
    "This folder is written by `dossier build` and replaced on every build.\n";

/// Folders the output directory must not be or contain.
pub struct Protected<'a> {
    pub root: &'a Path,
    pub content: &'a Path,
}

/// Refuses an output directory that a build would damage; see the module docs.
pub fn check_output_dir(output: &Path, protected: &Protected) -> Result<()> {
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
    if out.is_dir() && !out.join(MARKER).exists() && !is_empty_dir(&out)? {
        return Err(Diagnostic::new(
            output,
            "refusing to replace a non-empty folder that dossier did not create",
        )
        .hint("empty or delete the folder, or choose another with --output DIR")
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

fn is_empty_dir(dir: &Path) -> Result<bool> {
    Ok(fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .next()
        .is_none())
}

/// A staging directory being filled; dropped without `commit`, it is removed.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging directory beside `output`.
    pub fn create(output: &Path) -> Result<Staging> {
        let output = absolute(output);
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = output.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        fs::write(dir.join(MARKER), MARKER_TEXT).map_err(|e| Error::io(&dir, e))?;
        Ok(Staging {
            dir,
            output,
            committed: false,
        })
    }

    /// Writes one output file (safe to call from several threads).
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        let path = self.target(&file.path)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, &file.bytes).map_err(|e| Error::io(&path, e))
    }

    /// Copies static files; a generated file of the same path is overwritten by the static one.
    pub fn copy_static(&self, files: &[StaticFile]) -> Result<()> {
        for file in files {
            let path = self.target(&file.rel_path)?;
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            fs::copy(&file.source, &path).map_err(|e| Error::io(&file.source, e))?;
        }
        Ok(())
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

    /// Swaps the staging directory into place of the output directory.
    pub fn commit(mut self) -> Result<()> {
        let backup = self.output.with_file_name(format!(
            ".{}.old-{}",
            self.output
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_output = self.output.exists();
        if had_output {
            fs::rename(&self.output, &backup).map_err(|e| Error::io(&self.output, e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.output) {
            if had_output {
                let _ = fs::rename(&backup, &self.output);
            }
            return Err(Error::io(&self.output, e));
        }
        self.committed = true;
        if had_output {
            fs::remove_dir_all(&backup).map_err(|e| Error::io(&backup, e))?;
        }
        Ok(())
    }
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
