//! The command line: version, help, `new`, `init`, exit codes.

use std::fs;

use crate::site::{run_in, SiteTest};

#[test]
fn version_prints_the_package_version() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let run = run_in(tmp.path(), &["--version"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout.trim(),
        format!("dossier {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn build_help_lists_every_option() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let run = run_in(tmp.path(), &["build", "--help"]);
    run.expect_code(0);
    for option in ["--root", "--content", "--output", "--base-url", "--drafts"] {
        assert!(run.stdout.contains(option), "{option} in:\n{}", run.stdout);
    }
}

#[test]
fn usage_errors_exit_with_2() {
    let tmp = tempfile::tempdir().expect("temp dir");
    run_in(tmp.path(), &["no-such-command"]).expect_code(2);
    run_in(tmp.path(), &["build", "--no-such-flag"]).expect_code(2);
}

#[test]
fn build_outside_a_site_says_what_to_do() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let run = run_in(tmp.path(), &["build"]);
    run.expect_code(1);
    assert!(run.stderr.contains("site-config.toml"), "{}", run.stderr);
}

#[test]
fn new_creates_a_document_that_builds() {
    let site = SiteTest::new().create();
    let run = site.run(&["new", "A Title"]);
    run.expect_code(0);
    let path = site.root().join("content/a-title.md");
    assert!(path.is_file(), "{run:#?}");
    site.run(&["build"]).expect_code(0);
    site.check_file_contains("a-title/index.html", &["<h1>A Title</h1>"]);
}

#[test]
fn new_never_overwrites_a_document() {
    let site = SiteTest::new()
        .file("content/a-title.md", "mine\n")
        .create();
    let run = site.run(&["new", "A Title"]);
    run.expect_code(1);
    let text = fs::read_to_string(site.root().join("content/a-title.md")).expect("read");
    assert_eq!(text, "mine\n");
}

#[test]
fn init_creates_a_site_that_builds_at_once_without_a_theme_folder() {
    let tmp = tempfile::tempdir().expect("temp dir");
    run_in(tmp.path(), &["init", "my-briefs"]).expect_code(0);
    let root = tmp.path().join("my-briefs");
    assert!(root.join("site-config.toml").is_file());
    assert!(!root.join("themes").exists());
    let workflow = fs::read_to_string(root.join(".github/workflows/pages.yml")).expect("workflow");
    assert!(workflow.contains("actions/deploy-pages@v4"), "{workflow}");
    assert!(
        workflow.contains("steps.pages.outputs.base_url"),
        "{workflow}"
    );
    let run = run_in(tmp.path(), &["build", "--root", "my-briefs"]);
    run.expect_code(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let home = fs::read_to_string(root.join("public/index.html")).expect("home page");
    assert!(home.contains("First briefing"), "{home}");
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("full");
    fs::create_dir(&dir).expect("mkdir");
    fs::write(dir.join("keep.txt"), "mine").expect("write");
    let run = run_in(tmp.path(), &["init", "full"]);
    run.expect_code(1);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    let names: Vec<_> = fs::read_dir(&dir)
        .expect("read")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["keep.txt"]);
}

#[test]
fn build_refuses_the_content_folder_as_output() {
    let site = SiteTest::new().file("content/a.md", "# A\n").create();
    let run = site.run(&["build", "--output", "content"]);
    run.expect_code(1);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    assert!(site.root().join("content/a.md").is_file());
}
