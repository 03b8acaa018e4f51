//! The change classifier: file-system events in, a [`Plan`] of what is stale out. Pure.
//!
//! The watcher (notify, debounced) hands over batches of events; [`classify`] looks only at
//! their paths and kinds, never at the disk, so editors' ways of saving can be replayed in unit
//! tests. Every touched path is a *candidate*: the rebuild re-reads it and finds out whether it
//! was written, replaced or removed (a file gone by the time it is read is a removal). That
//! makes the kind of save irrelevant: in place, write-temp-then-rename (vim, nvim, JetBrains,
//! Helix), or delete-and-recreate all end as "re-read `content/a.md`". Editors' scratch files
//! (swap, backup, lock and write-test files) are ignored by name.
//!
//! What a path means: `site-config.toml` → rebuild everything; the active theme's templates →
//! re-render every page from the parsed documents; a content file or folder → re-read just it;
//! a static file (site or theme) → re-copy it (a CSS-only change swaps stylesheets in the browser
//! without a reload); the output folder → nothing (serve never writes it). A watcher overflow or
//! rescan → rebuild everything once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use notify::event::{EventKind, ModifyKind};

/// One event from the watcher, reduced to what classification needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsEvent {
    pub kind: FsEventKind,
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsEventKind {
    Create,
    Modify,
    Remove,
    /// A rename; `paths` holds the old and/or the new name.
    Rename,
    /// Only metadata (permissions, times) changed: nothing to rebuild.
    Metadata,
    /// A file was opened, read or closed: nothing to rebuild.
    Access,
    /// The watcher lost events (queue overflow) or asks for a rescan: rebuild everything.
    Rescan,
    Other,
}

impl FsEvent {
    pub fn new(kind: FsEventKind, paths: &[&Path]) -> FsEvent {
        FsEvent {
            kind,
            paths: paths.iter().map(|p| p.to_path_buf()).collect(),
        }
    }

    /// From notify's event (the debouncer's events deref to it).
    pub fn from_notify(event: &notify::Event) -> FsEvent {
        let kind = if event.need_rescan() {
            FsEventKind::Rescan
        } else {
            match event.kind {
                EventKind::Create(_) => FsEventKind::Create,
                EventKind::Remove(_) => FsEventKind::Remove,
                EventKind::Modify(ModifyKind::Name(_)) => FsEventKind::Rename,
                EventKind::Modify(ModifyKind::Metadata(_)) => FsEventKind::Metadata,
                EventKind::Modify(_) => FsEventKind::Modify,
                EventKind::Access(_) => FsEventKind::Access,
                EventKind::Any | EventKind::Other => FsEventKind::Other,
            }
        };
        FsEvent {
            kind,
            paths: event.paths.clone(),
        }
    }
}

/// Where the parts of a site are (absolute paths, as the watcher reports them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub config: PathBuf,
    pub content: PathBuf,
    /// `themes/`, holding every theme.
    pub themes: PathBuf,
    /// `themes/<name>/`, the active theme (it need not exist: the default theme is built in).
    pub theme: PathBuf,
    pub static_dir: PathBuf,
    pub output: PathBuf,
    /// `CNAME` at the site root, copied like a static file.
    pub cname: PathBuf,
}

impl Layout {
    /// The layout of a site's folders, made absolute (the watcher reports absolute paths).
    pub fn new(paths: &crate::site::SitePaths) -> Layout {
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        Layout {
            config: abs(&paths.config),
            content: abs(&paths.content),
            themes: abs(&paths.root.join("themes")),
            theme: abs(&paths.theme),
            static_dir: abs(&paths.static_dir),
            output: abs(&paths.output),
            cname: abs(&paths.root.join("CNAME")),
        }
    }
}

/// What a batch of events makes stale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Reload and rebuild everything (config, watcher overflow, a watched folder came or went).
    pub full: bool,
    /// The active theme's templates changed: recompile them and re-render every page.
    pub templates: bool,
    /// Content paths to re-read, relative to the content folder with `/` separators: files, or
    /// folders whose documents are all re-read (a renamed or removed folder).
    pub documents: BTreeSet<String>,
    /// Static files (site, theme, `CNAME`) that changed.
    pub statics: BTreeSet<PathBuf>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        !self.full && !self.templates && self.documents.is_empty() && self.statics.is_empty()
    }

    /// Only stylesheets changed: the browser can swap them without reloading the page.
    pub fn css_only(&self) -> bool {
        !self.full
            && !self.templates
            && self.documents.is_empty()
            && !self.statics.is_empty()
            && self
                .statics
                .iter()
                .all(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css")))
    }

    /// The planned content paths that no other planned path lies in: a folder's documents are
    /// read with the folder, never a second time for their own events (`mkdir` plus a write,
    /// or a `git checkout`, reports the new folder and the files in it).
    pub fn document_roots(&self) -> Vec<&str> {
        self.documents
            .iter()
            .map(String::as_str)
            .filter(|rel| !folders_above(rel).any(|dir| self.documents.contains(dir)))
            .collect()
    }

    /// Adds another plan's work to this one (batches merged into one rebuild).
    pub fn merge(&mut self, other: Plan) {
        self.full |= other.full;
        self.templates |= other.templates;
        self.documents.extend(other.documents);
        self.statics.extend(other.statics);
    }

    /// One short phrase for the terminal: `content/a.md changed`, `3 files changed`.
    pub fn describe(&self) -> String {
        if self.full {
            return "site rebuilt".into();
        }
        let mut parts = Vec::new();
        match self.documents.len() {
            0 => {}
            1 => parts.push(format!(
                "{} changed",
                self.documents.iter().next().map_or("", |s| s)
            )),
            n => parts.push(format!("{n} documents changed")),
        }
        if self.templates {
            parts.push("templates changed".into());
        }
        match self.statics.len() {
            0 => {}
            1 => parts.push("1 static file changed".into()),
            n => parts.push(format!("{n} static files changed")),
        }
        parts.join(", ")
    }
}

/// The folders a content path lies in, nearest last: `a/b/c.md` gives `a`, `a/b`.
pub fn folders_above(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(move |(at, _)| &rel[..at])
}

/// Classifies a batch of events.
pub fn classify(events: &[FsEvent], layout: &Layout) -> Plan {
    let mut plan = Plan::default();
    for event in events {
        match event.kind {
            FsEventKind::Access | FsEventKind::Metadata => continue,
            FsEventKind::Rescan => plan.full = true,
            _ => {}
        }
        for path in &event.paths {
            classify_path(path, layout, &mut plan);
        }
    }
    plan
}

fn classify_path(path: &Path, layout: &Layout, plan: &mut Plan) {
    let name = path.file_name().map(|n| n.to_string_lossy());
    if name.as_deref().is_some_and(is_editor_scratch) {
        return;
    }
    if path == layout.config {
        plan.full = true;
        return;
    }
    if path == layout.cname {
        plan.statics.insert(path.to_path_buf());
        return;
    }
    // The output is never read back; it is checked first because it may sit inside another folder.
    if path.starts_with(&layout.output) {
        return;
    }
    // A watched folder itself came or went: its watch must be set up again.
    if [
        &layout.content,
        &layout.themes,
        &layout.theme,
        &layout.static_dir,
    ]
    .iter()
    .any(|dir| path == dir.as_path())
    {
        plan.full = true;
        return;
    }
    if let Ok(rel) = path.strip_prefix(&layout.content) {
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if !parts.iter().any(|p| crate::load::is_skipped_name(p)) {
            // Images and files next to documents are copied like static files.
            let last = parts.last().map_or("", String::as_str);
            if crate::load::conventions::is_asset(last) {
                plan.statics.insert(path.to_path_buf());
            }
            plan.documents.insert(parts.join("/"));
        }
        return;
    }
    if let Ok(rel) = path.strip_prefix(&layout.theme) {
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
        match parts.next().as_deref() {
            Some("templates") => plan.templates = true,
            Some("static") if !parts.any(|p| p.starts_with('.')) => {
                plan.statics.insert(path.to_path_buf());
            }
            _ => {}
        }
        return;
    }
    if let Ok(rel) = path.strip_prefix(&layout.static_dir) {
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        if !hidden {
            plan.statics.insert(path.to_path_buf());
        }
    }
}

/// Files editors write beside the real one while saving or editing, never content:
/// vim/nvim swap files (`.a.md.swp`, `.swo`, `.swx`, `.swpx`) and backups (`a.md~`), vim's
/// write test (`4913`, then 5036, 5159, ...), Emacs lock and auto-save files (`.#a.md`,
/// `#a.md#`), JetBrains safe-write files (`a.md___jb_tmp___`, `a.md___jb_old___`), Helix's
/// backup (`a.md.bck`), Kate's swap (`.a.md.kate-swp`), and `.tmp`/`.crswap` temporaries.
pub fn is_editor_scratch(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".swpx",
        ".bck",
        ".tmp",
        ".kate-swp",
        ".crswap",
    ];
    let lower = name.to_ascii_lowercase();
    SUFFIXES.iter().any(|s| lower.ends_with(s))
        || name.starts_with(".#")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.contains("__jb_tmp__")
        || name.contains("__jb_old__")
        || is_vim_write_test(name)
}

/// vim checks that it may create files in a folder by creating `4913` (then 4913 + 123k).
fn is_vim_write_test(name: &str) -> bool {
    name.parse::<u32>()
        .is_ok_and(|n| n >= 4913 && (n - 4913) % 123 == 0)
}

#[cfg(test)]
mod tests {
    use super::FsEventKind::*;
    use super::*;

    fn layout() -> Layout {
        Layout {
            config: "/site/site-config.toml".into(),
            content: "/site/content".into(),
            themes: "/site/themes".into(),
            theme: "/site/themes/plain".into(),
            static_dir: "/site/static".into(),
            output: "/site/public".into(),
            cname: "/site/CNAME".into(),
        }
    }

    fn ev(kind: FsEventKind, paths: &[&str]) -> FsEvent {
        FsEvent {
            kind,
            paths: paths.iter().map(PathBuf::from).collect(),
        }
    }

    fn docs(plan: &Plan) -> Vec<&str> {
        plan.documents.iter().map(String::as_str).collect()
    }

    fn only_documents(events: &[FsEvent], expected: &[&str]) {
        let plan = classify(events, &layout());
        assert_eq!(docs(&plan), expected, "{plan:?}");
        assert!(
            !plan.full && !plan.templates && plan.statics.is_empty(),
            "{plan:?}"
        );
    }

    #[test]
    fn write_in_place() {
        only_documents(
            &[
                ev(Modify, &["/site/content/a.md"]),
                ev(Access, &["/site/content/a.md"]),
            ],
            &["a.md"],
        );
    }

    #[test]
    fn vim_and_nvim_save_with_backup_and_write_test() {
        // `:w` with backupcopy=auto: write test, rename the original to a backup, write anew.
        only_documents(
            &[
                ev(Create, &["/site/content/4913"]),
                ev(Remove, &["/site/content/4913"]),
                ev(Rename, &["/site/content/a.md", "/site/content/a.md~"]),
                ev(Create, &["/site/content/a.md"]),
                ev(Modify, &["/site/content/a.md"]),
                ev(Remove, &["/site/content/a.md~"]),
                ev(Modify, &["/site/content/.a.md.swp"]),
                ev(Create, &["/site/content/.a.md.swx"]),
            ],
            &["a.md"],
        );
    }

    #[test]
    fn jetbrains_safe_write() {
        only_documents(
            &[
                ev(Create, &["/site/content/notes/a.md___jb_tmp___"]),
                ev(Modify, &["/site/content/notes/a.md___jb_tmp___"]),
                ev(
                    Rename,
                    &[
                        "/site/content/notes/a.md",
                        "/site/content/notes/a.md___jb_old___",
                    ],
                ),
                ev(
                    Rename,
                    &[
                        "/site/content/notes/a.md___jb_tmp___",
                        "/site/content/notes/a.md",
                    ],
                ),
                ev(Remove, &["/site/content/notes/a.md___jb_old___"]),
            ],
            &["notes/a.md"],
        );
    }

    #[test]
    fn helix_backup_and_write() {
        only_documents(
            &[
                ev(Create, &["/site/content/a.md.bck"]),
                ev(Modify, &["/site/content/a.md"]),
                ev(Remove, &["/site/content/a.md.bck"]),
            ],
            &["a.md"],
        );
    }

    #[test]
    fn temp_file_renamed_over_the_document() {
        // Editors and tools that write `x.tmp` (or a hidden temp) and rename it over the file.
        only_documents(
            &[
                ev(Create, &["/site/content/.a.md.tmp123"]),
                ev(
                    Rename,
                    &["/site/content/.a.md.tmp123", "/site/content/a.md"],
                ),
            ],
            &["a.md"],
        );
        only_documents(
            &[ev(
                Rename,
                &["/site/content/a.md.tmp", "/site/content/a.md"],
            )],
            &["a.md"],
        );
    }

    #[test]
    fn delete_and_recreate() {
        only_documents(
            &[
                ev(Remove, &["/site/content/a.md"]),
                ev(Create, &["/site/content/a.md"]),
                ev(Modify, &["/site/content/a.md"]),
            ],
            &["a.md"],
        );
    }

    #[test]
    fn emacs_lock_and_autosave_files() {
        only_documents(
            &[
                ev(Create, &["/site/content/.#a.md"]),
                ev(Create, &["/site/content/#a.md#"]),
                ev(Modify, &["/site/content/a.md"]),
                ev(Remove, &["/site/content/.#a.md"]),
            ],
            &["a.md"],
        );
    }

    #[test]
    fn emacs_lock_files_beside_templates_and_static_files_are_ignored() {
        let plan = classify(
            &[
                ev(Create, &["/site/themes/plain/templates/.#document.html"]),
                ev(Create, &["/site/themes/plain/static/.#style.css"]),
                ev(Create, &["/site/static/.#extra.css"]),
                ev(Create, &["/site/static/#extra.css#"]),
                ev(Create, &["/site/content/notes/.#a.md"]),
            ],
            &layout(),
        );
        assert!(plan.is_empty(), "{plan:?}");
    }

    #[test]
    fn removal_and_folder_rename_are_candidates() {
        only_documents(
            &[
                ev(Remove, &["/site/content/old.md"]),
                ev(Rename, &["/site/content/notes", "/site/content/memos"]),
            ],
            &["memos", "notes", "old.md"],
        );
    }

    #[test]
    fn a_new_folder_and_its_files_are_read_once() {
        // `mkdir reports` and a write, or a `git checkout` adding a folder.
        let mut plan = classify(
            &[
                ev(Create, &["/site/content/reports"]),
                ev(Create, &["/site/content/reports/r1.md"]),
                ev(Modify, &["/site/content/reports/sub/r2.md"]),
                ev(Modify, &["/site/content/reports-old.md"]),
            ],
            &layout(),
        );
        assert_eq!(plan.document_roots(), ["reports", "reports-old.md"]);
        // The folder in one batch, a file in it in the next (merged after a failed rebuild).
        plan.merge(classify(
            &[ev(Create, &["/site/content/notes/a.md"])],
            &layout(),
        ));
        plan.merge(classify(&[ev(Create, &["/site/content/notes"])], &layout()));
        assert_eq!(
            plan.document_roots(),
            ["notes", "reports", "reports-old.md"]
        );
    }

    #[test]
    fn skipped_and_hidden_content_is_ignored() {
        let plan = classify(
            &[
                ev(Modify, &["/site/content/_layouts/a.md"]),
                ev(Modify, &["/site/content/.git/index"]),
                ev(Modify, &["/site/content/_partial.md"]),
            ],
            &layout(),
        );
        assert!(plan.is_empty(), "{plan:?}");
        // Jekyll drafts and Hugo/Zola section pages are content.
        let plan = classify(
            &[
                ev(Modify, &["/site/content/_drafts/a.md"]),
                ev(Modify, &["/site/content/_index.md"]),
            ],
            &layout(),
        );
        assert_eq!(plan.document_roots(), ["_drafts/a.md", "_index.md"]);
    }

    #[test]
    fn files_next_to_documents_are_copied_statics() {
        let plan = classify(
            &[ev(Create, &["/site/content/post/x/cover.jpg"])],
            &layout(),
        );
        assert!(plan
            .statics
            .contains(std::path::Path::new("/site/content/post/x/cover.jpg")));
        let plan = classify(&[ev(Modify, &["/site/content/post/x/index.md"])], &layout());
        assert!(plan.statics.is_empty(), "{plan:?}");
    }

    #[test]
    fn burst_is_one_plan() {
        // `git checkout` of another branch: many files in one batch give one rebuild.
        let mut events: Vec<FsEvent> = (0..500)
            .map(|i| ev(Modify, &[&format!("/site/content/doc-{i:03}.md")]))
            .collect();
        events.push(ev(Remove, &["/site/content/gone.md"]));
        let plan = classify(&events, &layout());
        assert_eq!(plan.documents.len(), 501);
        assert!(!plan.full);
    }

    #[test]
    fn config_change_rebuilds_all() {
        let plan = classify(&[ev(Modify, &["/site/site-config.toml"])], &layout());
        assert!(plan.full);
        // Saved by rename over it, as most editors do.
        let plan = classify(
            &[ev(
                Rename,
                &["/site/site-config.toml.tmp", "/site/site-config.toml"],
            )],
            &layout(),
        );
        assert!(plan.full);
        assert_eq!(plan.describe(), "site rebuilt");
    }

    #[test]
    fn overflow_and_rescan_rebuild_all() {
        let plan = classify(&[ev(Rescan, &[])], &layout());
        assert!(plan.full);
    }

    #[test]
    fn templates_of_the_active_theme_only() {
        let plan = classify(
            &[ev(Modify, &["/site/themes/plain/templates/document.html"])],
            &layout(),
        );
        assert!(plan.templates && !plan.full && plan.documents.is_empty());
        let other = classify(
            &[ev(Modify, &["/site/themes/other/templates/document.html"])],
            &layout(),
        );
        assert!(other.is_empty());
        let readme = classify(&[ev(Modify, &["/site/themes/plain/README.md"])], &layout());
        assert!(readme.is_empty());
    }

    #[test]
    fn static_files_and_css_only() {
        let css = classify(
            &[
                ev(Modify, &["/site/static/extra.css"]),
                ev(Modify, &["/site/themes/plain/static/style.css"]),
            ],
            &layout(),
        );
        assert_eq!(css.statics.len(), 2);
        assert!(css.css_only());
        let mixed = classify(
            &[
                ev(Modify, &["/site/static/extra.css"]),
                ev(Create, &["/site/static/img/logo.png"]),
            ],
            &layout(),
        );
        assert!(!mixed.css_only());
        let cname = classify(&[ev(Modify, &["/site/CNAME"])], &layout());
        assert_eq!(cname.statics.len(), 1);
        let hidden = classify(&[ev(Modify, &["/site/static/.DS_Store"])], &layout());
        assert!(hidden.is_empty());
    }

    #[test]
    fn output_folder_is_ignored() {
        let plan = classify(
            &[
                ev(Create, &["/site/public/index.html"]),
                ev(Create, &["/site/.public.staging-42/index.html"]),
            ],
            &layout(),
        );
        assert!(plan.is_empty(), "{plan:?}");
    }

    #[test]
    fn output_inside_content_is_ignored() {
        let mut l = layout();
        l.output = "/site/content/public".into();
        let plan = classify(&[ev(Create, &["/site/content/public/index.html"])], &l);
        assert!(plan.is_empty(), "{plan:?}");
    }

    #[test]
    fn access_and_metadata_only_are_ignored() {
        let plan = classify(
            &[
                ev(Access, &["/site/content/a.md"]),
                ev(Metadata, &["/site/content/a.md"]),
            ],
            &layout(),
        );
        assert!(plan.is_empty());
    }

    #[test]
    fn a_watched_folder_appearing_rebuilds_all() {
        let plan = classify(&[ev(Create, &["/site/static"])], &layout());
        assert!(plan.full);
    }

    #[test]
    fn scratch_names() {
        for name in [
            ".a.md.swp",
            "a.md~",
            ".#a.md",
            "#a.md#",
            "4913",
            "5036",
            "a.md___jb_tmp___",
            "a.md___jb_old___",
            "a.md.bck",
            "a.md.kate-swp",
        ] {
            assert!(is_editor_scratch(name), "{name}");
        }
        for name in ["a.md", "4914", "2024-report.md", "#tag.md", "a.swp.md"] {
            assert!(!is_editor_scratch(name), "{name}");
        }
    }

    #[test]
    fn plans_merge_and_describe() {
        let mut a = classify(&[ev(Modify, &["/site/content/a.md"])], &layout());
        assert_eq!(a.describe(), "a.md changed");
        a.merge(classify(&[ev(Modify, &["/site/content/b.md"])], &layout()));
        assert_eq!(a.describe(), "2 documents changed");
    }
}
