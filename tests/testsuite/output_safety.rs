//! The build refuses output folders it would damage, and replaces only its own output.

use std::path::PathBuf;

use dossier::cmd::build::BuildOptions;

use crate::site::{assert_same_tree, entries_starting_with, fixture, tree, Site};

fn build_into(site: &Site, output: PathBuf) -> Result<(), String> {
    let options = BuildOptions {
        output: Some(output),
        ..site.options()
    };
    site.try_build(options)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[test]
fn refuses_the_content_folder() {
    let site = fixture().create();
    let content = site.root().join("content");
    let before = tree(&content);
    let error = build_into(&site, content.clone()).unwrap_err();
    assert!(error.contains("refusing"), "{error}");
    assert_same_tree(&before, &tree(&content));
}

#[test]
fn refuses_the_site_root() {
    let site = fixture().create();
    let before = tree(site.root());
    let error = build_into(&site, site.root().to_path_buf()).unwrap_err();
    assert!(error.contains("refusing"), "{error}");
    assert_same_tree(&before, &tree(site.root()));
}

#[test]
fn refuses_a_non_empty_folder_it_did_not_create() {
    let site = fixture().create();
    site.write("mine/keep.txt", "my own file");
    let error = build_into(&site, site.root().join("mine")).unwrap_err();
    assert!(error.contains("did not create"), "{error}");
    let left = tree(&site.root().join("mine"));
    assert_eq!(left.keys().collect::<Vec<_>>(), ["keep.txt"]);
    assert_eq!(left["keep.txt"], b"my own file");
}

#[test]
fn rebuilds_into_its_own_previous_output() {
    let site = fixture().create();
    let output = site.root().join("site-out");
    build_into(&site, output.clone()).expect("first build");
    site.write("content/epsilon.md", "# Epsilon\n\nNew.\n");
    build_into(&site, output.clone()).expect("second build");
    assert!(output.join("epsilon/index.html").is_file());
    site.build();
    site.build();
    assert!(site.out().join("alpha/index.html").is_file());
}

#[test]
fn accepts_an_empty_existing_folder() {
    let site = fixture().create();
    let output = site.root().join("empty");
    std::fs::create_dir(&output).expect("mkdir");
    build_into(&site, output.clone()).expect("build");
    assert!(output.join("index.html").is_file());
}

#[test]
fn a_git_repository_in_the_output_is_kept() {
    let site = fixture().build();
    site.write("public/.git/HEAD", "ref: refs/heads/gh-pages\n");
    site.write("public/.gitignore", "*.tmp\n");
    site.write("content/epsilon.md", "# Epsilon\n\nNew.\n");
    site.build();
    assert!(site.out().join("epsilon/index.html").is_file());
    assert_eq!(site.html(".git/HEAD"), "ref: refs/heads/gh-pages\n");
    assert_eq!(site.html(".gitignore"), "*.tmp\n");
    let leftovers = entries_starting_with(site.root(), ".public");
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn files_a_user_adds_to_the_output_are_kept_and_removed_pages_go() {
    let site = fixture().build();
    site.write("public/CNAME", "briefs.example.org\n");
    site.write("public/downloads/report.pdf", "%PDF-1.4\n");
    site.write("public/epsilon/notes.txt", "mine\n");
    site.write("content/epsilon.md", "# Epsilon\n\nNew.\n");
    site.build();
    assert!(site.out().join("epsilon/index.html").is_file());
    std::fs::remove_file(site.root().join("content/epsilon.md")).expect("rm");
    site.build();
    assert_eq!(site.html("CNAME"), "briefs.example.org\n");
    assert_eq!(site.html("downloads/report.pdf"), "%PDF-1.4\n");
    assert_eq!(site.html("epsilon/notes.txt"), "mine\n");
    assert!(
        !site.out().join("epsilon/index.html").exists(),
        "a page of a removed document goes"
    );
    let leftovers = entries_starting_with(site.root(), ".public");
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn a_users_file_on_a_generated_path_is_never_deleted() {
    let site = fixture().build();
    site.write("content/epsilon.md", "# Epsilon\n\nNew.\n");
    std::fs::create_dir_all(site.out().join("epsilon")).expect("mkdir");
    site.write("public/epsilon/index.html", "my own page\n");
    let warnings: Vec<String> = site
        .build()
        .warnings
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("epsilon/index.html") && w.contains("not carried")),
        "{warnings:?}"
    );
    let kept = entries_starting_with(site.root(), ".public");
    assert_eq!(kept.len(), 1, "{kept:?}");
    let old = site.root().join(&kept[0]);
    assert_eq!(
        std::fs::read_to_string(old.join("epsilon/index.html")).expect("kept"),
        "my own page\n"
    );
    site.build();
    assert!(
        old.join("epsilon/index.html").exists(),
        "a later build leaves it too"
    );
}

#[test]
fn builds_into_a_checkout_that_holds_only_git_files() {
    // `git worktree add public gh-pages` on an empty branch, then the first build.
    let site = fixture().create();
    site.write("public/.git", "gitdir: ../.git/worktrees/public\n");
    site.build();
    assert!(site.out().join("index.html").is_file());
    assert_eq!(site.html(".git"), "gitdir: ../.git/worktrees/public\n");
}

#[cfg(unix)]
#[test]
fn replacing_the_output_never_follows_a_symlink_out_of_it() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("precious.txt"), "keep me").expect("write");
    let site = fixture().build();
    std::os::unix::fs::symlink(outside.path(), site.out().join("linked")).expect("symlink");
    std::os::unix::fs::symlink(outside.path(), site.out().join(".deploy")).expect("symlink");
    site.build();
    site.build();
    let left = tree(outside.path());
    assert_eq!(left.keys().collect::<Vec<_>>(), ["precious.txt"]);
    assert_eq!(left["precious.txt"], b"keep me");
    let deploy = site.out().join(".deploy");
    assert!(deploy.symlink_metadata().expect("kept").is_symlink());
    let linked = site.out().join("linked");
    assert!(
        linked.symlink_metadata().expect("kept").is_symlink(),
        "a link the user added is the user's: carried over as a link"
    );
}

#[test]
fn an_output_inside_static_is_not_copied_into_the_next_build() {
    let site = fixture().create();
    let output = site.root().join("static/gen");
    let mut counts = Vec::new();
    for _ in 0..3 {
        build_into(&site, output.clone()).expect("build");
        counts.push(tree(&output).len());
    }
    assert_eq!(counts[0], counts[2], "files per build: {counts:?}");
    assert!(!output.join("gen").exists());
}

#[test]
fn an_output_inside_content_is_not_read_back() {
    let site = fixture().create();
    let output = site.root().join("content/out");
    let first = build_into_report(&site, output.clone());
    let second = build_into_report(&site, output.clone());
    assert_eq!(first, second, "documents per build");
    assert!(!output.join("out").exists());
}

fn build_into_report(site: &Site, output: PathBuf) -> usize {
    let options = BuildOptions {
        output: Some(output),
        ..site.options()
    };
    site.try_build(options).expect("build").documents
}

#[test]
fn leftovers_of_interrupted_builds_are_removed() {
    let site = fixture().build();
    // Pid 4194304 is above Linux's largest, so its process is gone.
    site.write(".public.staging-4194304/.dossier-output", "");
    site.write(".public.staging-4194304/alpha/index.html", "half");
    site.write(".public.old-4194304/.dossier-output", "");
    site.write(
        ".public.staging-4194305/mine.txt",
        "not dossier's: no marker",
    );
    site.build();
    let left = entries_starting_with(site.root(), ".public");
    if std::path::Path::new("/proc/self").exists() {
        assert_eq!(left, [".public.staging-4194305"]);
    }
}

#[test]
fn a_static_file_on_a_page_path_warns_and_wins() {
    let site = fixture()
        .file("static/index.html", "<p>my own home page</p>")
        .file("static/atom.xml", "<feed/>")
        .file("static/robots.txt", "User-agent: *\n")
        .create();
    let report = site.build();
    assert_eq!(site.html("index.html"), "<p>my own home page</p>");
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    for (source, page) in [
        ("static/index.html", "/index.html"),
        ("static/atom.xml", "/atom.xml"),
    ] {
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(source) && w.contains(page) && w.contains("static file wins")),
            "{warnings:#?}"
        );
    }
    assert!(
        !warnings.iter().any(|w| w.contains("robots.txt")),
        "{warnings:#?}"
    );
}

/// Removing the old output fails after the new one is in place (here: `nobody` cannot delete
/// root's files). The build succeeds with a warning, never claims the old output is untouched,
/// and a later build removes the leftover.
#[cfg(unix)]
#[test]
fn a_permission_error_after_the_swap_is_a_warning_and_the_leftover_goes_later() {
    use std::os::unix::fs::PermissionsExt;
    let site = fixture().build();
    let is_root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    if !is_root {
        eprintln!("skipped: needs root to build once as root and once as nobody");
        return;
    }
    std::fs::set_permissions(site.root(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let Some(output) = site.build_as_nobody() else {
        eprintln!("skipped: no setpriv");
        return;
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("untouched"), "{stderr}");
    assert!(
        stderr.contains("could not remove the previous output"),
        "{stderr}"
    );
    assert!(stderr.contains("new site is in place"), "{stderr}");
    assert!(site.out().join("index.html").is_file());
    let left = entries_starting_with(site.root(), ".public.old-");
    assert_eq!(left.len(), 1, "{left:?}");
    site.build();
    let left = entries_starting_with(site.root(), ".public");
    assert!(left.is_empty(), "left behind: {left:?}");
}
