//! Folders that interrupted builds leave beside the output: `.public.staging-<pid>` (Ctrl-C or
//! SIGTERM while rendering) and `.public.old-<pid>` (a previous output that could not be removed).
//!
//! A later build removes one only when all of these hold: its name is one dossier gives for this
//! output, the process of that pid is gone (a build running in parallel keeps its folder), and it
//! holds dossier's marker file (so a folder that merely looks like one is never deleted). Where
//! this system cannot tell whether a process lives (no `/proc`), nothing is removed.

use std::fs;
use std::path::Path;

use crate::error::Diagnostic;

use super::MARKER;

/// Removes stale staging and backup folders of `output_name` in `parent`; a folder that cannot
/// be removed is a warning, never an error.
pub(super) fn remove_stale(parent: &Path, output_name: &str) -> Vec<Diagnostic> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| left_by(n, output_name)) else {
            continue;
        };
        let dir = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if pid == std::process::id() || !is_dir || !dir.join(MARKER).exists() || alive(pid) {
            continue;
        }
        if let Err(e) = fs::remove_dir_all(&dir) {
            let _ = fs::write(dir.join(MARKER), "");
            warnings.push(
                Diagnostic::new(
                    &dir,
                    format!("could not remove this leftover of an interrupted build: {e}"),
                )
                .hint("delete the folder by hand"),
            );
        }
    }
    warnings
}

/// The pid in `.<output>.staging-<pid>` or `.<output>.old-<pid>`.
fn left_by(name: &str, output_name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_prefix(output_name)?;
    let pid = rest
        .strip_prefix(".staging-")
        .or_else(|| rest.strip_prefix(".old-"))?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` may still run (true where this cannot be told).
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_interrupted_builds() {
        assert_eq!(left_by(".public.staging-123", "public"), Some(123));
        assert_eq!(left_by(".public.old-9", "public"), Some(9));
        assert_eq!(left_by(".public.staging-", "public"), None);
        assert_eq!(left_by(".public.staging-12x", "public"), None);
        assert_eq!(left_by(".other.staging-12", "public"), None);
        assert_eq!(left_by("public", "public"), None);
    }

    #[test]
    fn removes_only_marked_folders_of_dead_processes() {
        let tmp = tempfile::tempdir().unwrap();
        // Pid 4194304 is above Linux's largest (pid_max is at most 2^22), so never alive.
        let dead = tmp.path().join(".public.staging-4194304");
        let unmarked = tmp.path().join(".public.old-4194304");
        let running = tmp
            .path()
            .join(format!(".public.staging-{}", std::process::id()));
        let parent_pid = tmp.path().join(".public.staging-1");
        for dir in [&dead, &unmarked, &running, &parent_pid] {
            fs::create_dir_all(dir.join("sub")).unwrap();
        }
        for dir in [&dead, &running, &parent_pid] {
            fs::write(dir.join(MARKER), "").unwrap();
        }
        let warnings = remove_stale(tmp.path(), "public");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(!dead.exists(), "a dead build's marked folder is removed");
        assert!(unmarked.exists(), "a folder without the marker stays");
        assert!(running.exists(), "this process' folder stays");
        if Path::new("/proc/1").exists() {
            assert!(parent_pid.exists(), "a living process' folder stays");
        }
    }
}
