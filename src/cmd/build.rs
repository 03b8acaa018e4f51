//! `dossier build`: the site pipeline ([`crate::site`]) run once into the output folder; the
//! command line prints the report's summary line. [`implicit_site`] lets a folder of markdown
//! without `site-config.toml` build with the default settings.

use std::path::{Path, PathBuf};

pub use crate::site::{build, BuildOptions, BuildReport, SitePaths};

/// Folders never looked into for markdown (output, dependencies, version control).
const NOT_CONTENT: &[&str] = &["node_modules", "target", "public", "_site", "vendor"];

/// For a folder without `site-config.toml`: sets `options` to build it with the default
/// settings and returns the note to print, when there is something to build: `--content` was
/// given, or the folder has a `content/` folder, or markdown files of its own (then the folder
/// itself is the content, and nothing is moved). `None` when the folder has a config, or nothing
/// to build (the build then fails with the usual "not a dossier site" error).
pub fn implicit_site(options: &mut BuildOptions) -> Option<String> {
    if options.root.join("site-config.toml").exists() {
        return None;
    }
    let content = match &options.content {
        Some(content) => content.clone(),
        None => implicit_content(&options.root)?,
    };
    options.default_config = true;
    options.content = Some(content.clone());
    Some(format!(
        "no site-config.toml in {}: building {} with the default settings (`dossier init --here` writes one to edit)",
        absolute(&options.root).display(),
        absolute(&content).display()
    ))
}

/// Where the documents of a folder without a config are: its `content/` folder, or the folder
/// itself when it holds markdown (`.md`, `.markdown`) outside hidden and output folders.
pub fn implicit_content(root: &Path) -> Option<PathBuf> {
    // `content`, not `./content`: the paths in warnings start from it.
    let content = if root == Path::new(".") {
        PathBuf::from("content")
    } else {
        root.join("content")
    };
    if content.is_dir() {
        return Some(content);
    }
    has_markdown(root).then(|| root.to_path_buf())
}

/// Whether `dir` holds a markdown file (a few levels deep, skipping hidden and output folders).
pub fn has_markdown(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .max_depth(4)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped(&e.file_name().to_string_lossy()))
        .filter_map(|e| e.ok())
        .any(|e| e.file_type().is_file() && is_markdown(e.path()))
}

fn skipped(name: &str) -> bool {
    name.starts_with('.') || NOT_CONTENT.contains(&name)
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// `path` made absolute against the working directory (for messages; never fails).
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_found_outside_hidden_and_output_folders_only() {
        let tmp = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(tmp.path().join(".git")).expect("mkdir");
        std::fs::write(tmp.path().join(".git/x.md"), "").expect("write");
        std::fs::create_dir_all(tmp.path().join("node_modules/a")).expect("mkdir");
        std::fs::write(tmp.path().join("node_modules/a/README.md"), "").expect("write");
        assert!(!has_markdown(tmp.path()));
        assert_eq!(implicit_content(tmp.path()), None);
        std::fs::create_dir_all(tmp.path().join("_posts")).expect("mkdir");
        std::fs::write(tmp.path().join("_posts/2024-01-01-a.MD"), "").expect("write");
        assert!(has_markdown(tmp.path()));
        assert_eq!(implicit_content(tmp.path()), Some(tmp.path().to_path_buf()));
        std::fs::create_dir_all(tmp.path().join("content")).expect("mkdir");
        assert_eq!(
            implicit_content(tmp.path()),
            Some(tmp.path().join("content"))
        );
    }

    #[test]
    fn a_folder_with_a_config_is_not_implicit() {
        let tmp = tempfile::tempdir().expect("temp dir");
        std::fs::write(tmp.path().join("a.md"), "").expect("write");
        let mut options = BuildOptions {
            root: tmp.path().to_path_buf(),
            ..Default::default()
        };
        assert!(implicit_site(&mut options.clone()).is_some());
        std::fs::write(tmp.path().join("site-config.toml"), "").expect("write");
        assert!(implicit_site(&mut options).is_none());
        assert!(!options.default_config);
    }
}
