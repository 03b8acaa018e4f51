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
    assert!(run.stdout.contains("draft"), "{}", run.stdout);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains("\ndraft: true\n"), "{text}");
    site.run(&["build"]).expect_code(0);
    assert!(!site.out().join("a-title/index.html").exists());
    site.run(&["build", "--drafts"]).expect_code(0);
    site.check_file_contains("a-title/index.html", &["<h1>A Title</h1>"]);
    let published = text.replace("draft: true\n", "");
    fs::write(&path, published).expect("write");
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
    let install = format!(
        "cargo install --locked {} --version {}",
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION")
    );
    assert!(workflow.contains(&install), "{workflow}");
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

/// Five undated documents: one grouped "no date" warning (plus a located one that stays whole).
fn undated_site() -> crate::site::Site {
    let mut site = SiteTest::new();
    for i in 0..5 {
        site = site.file(
            &format!("content/d{i}.md"),
            &format!("# Doc {i}\n\nText {i}.\n"),
        );
    }
    site.create()
}

#[test]
fn build_groups_identical_warnings_with_a_count_and_the_first_files() {
    let site = undated_site();
    let run = site.run(&["build"]);
    run.expect_code(0);
    let no_date: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("document has no date"))
        .collect();
    assert_eq!(no_date.len(), 1, "{}", run.stderr);
    assert!(
        no_date[0].contains("(5 files): content/d0.md, content/d1.md, content/d2.md and 2 more"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.starts_with("Built 5 documents into "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(": 5 warnings"), "{}", run.stdout);

    let verbose = site.run(&["build", "--verbose"]);
    let lines = verbose.stderr.lines();
    assert_eq!(
        lines.filter(|l| l.contains("document has no date")).count(),
        5,
        "{}",
        verbose.stderr
    );
    assert!(verbose
        .stderr
        .contains("warning: content/d4.md: document has no date"));

    let quiet = site.run(&["build", "--quiet"]);
    quiet.expect_code(0);
    assert_eq!(quiet.stderr, "");
    assert_eq!(quiet.stdout, "");
}

#[test]
fn quiet_still_prints_errors() {
    let site = SiteTest::new()
        .config("title = \"T\"\nstrict = true\n")
        .file("content/a.md", "---\ntitle: [unclosed\n---\nx\n")
        .create();
    let run = site.run(&["-q", "build"]);
    run.expect_code(1);
    assert!(run.stderr.contains("error:"), "{}", run.stderr);
}

#[test]
fn check_groups_identical_warnings_too() {
    let mut site = SiteTest::new();
    for i in 0..4 {
        site = site.file(
            &format!("content/d{i}.md"),
            &format!(
                "---\ntitle: D{i}\ndate: 2024-01-0{}\n---\n[x](#nowhere)\n",
                i + 1
            ),
        );
    }
    let site = site.create();
    let grouped = site.run(&["check"]);
    let verbose = site.run(&["check", "--verbose"]);
    let warning_lines = |text: &str| text.lines().filter(|l| l.starts_with("warning:")).count();
    assert!(
        warning_lines(&grouped.stdout) < warning_lines(&verbose.stdout),
        "grouped:\n{}\nverbose:\n{}",
        grouped.stdout,
        verbose.stdout
    );
    assert!(grouped.stdout.contains("Checked "), "{}", grouped.stdout);
    let quiet = site.run(&["check", "--quiet"]);
    assert_eq!(warning_lines(&quiet.stdout), 0, "{}", quiet.stdout);
}

#[test]
fn build_in_a_folder_of_markdown_without_a_config_uses_the_defaults_with_a_note() {
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::write(
        tmp.path().join("notes.md"),
        "---\ntitle: Notes\ndate: 2024-02-03\n---\nSome notes.\n",
    )
    .expect("write");
    let run = run_in(tmp.path(), &["build"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("note: no site-config.toml in"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.starts_with("Built 1 documents into "),
        "{}",
        run.stdout
    );
    let page = fs::read_to_string(tmp.path().join("public/notes/index.html")).expect("page");
    assert!(page.contains("Some notes."), "{page}");
    // Nothing of the user's was moved.
    assert!(tmp.path().join("notes.md").is_file());
    assert!(!tmp.path().join("site-config.toml").exists());
}

#[test]
fn init_here_keeps_the_markdown_where_it_is_and_builds_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let post = "---\ntitle: A post\ndate: 2023-05-08\n---\nBody of the post.\n";
    fs::create_dir(tmp.path().join("posts")).expect("mkdir");
    fs::write(tmp.path().join("posts/a-post.md"), post).expect("write");
    fs::write(tmp.path().join(".gitignore"), "mine\n").expect("write");
    let run = run_in(tmp.path(), &["init", "--here"]);
    run.expect_code(0);
    assert!(run.stdout.contains("content_dir = \".\""), "{}", run.stdout);
    assert!(run.stdout.contains(".gitignore"), "{}", run.stdout);
    let config = fs::read_to_string(tmp.path().join("site-config.toml")).expect("config");
    assert!(config.contains("content_dir = \".\""), "{config}");
    assert_eq!(
        fs::read_to_string(tmp.path().join("posts/a-post.md")).expect("post"),
        post
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join(".gitignore")).expect("ignore"),
        "mine\n"
    );
    assert!(!tmp.path().join("content").exists());
    let built = run_in(tmp.path(), &["build"]);
    built.expect_code(0);
    assert!(built.stdout.starts_with("Built 1 documents"), "{built:#?}");
    let page = fs::read_to_string(tmp.path().join("public/posts/a-post/index.html")).expect("page");
    assert!(page.contains("Body of the post."), "{page}");
    // A second init refuses: it is a site already.
    let again = run_in(tmp.path(), &["init", "--here"]);
    again.expect_code(1);
    assert!(
        again.stderr.contains("a dossier site already"),
        "{}",
        again.stderr
    );
}

#[test]
fn init_here_in_an_empty_folder_writes_the_sample_site() {
    let tmp = tempfile::tempdir().expect("temp dir");
    run_in(tmp.path(), &["init", "--here"]).expect_code(0);
    assert!(tmp.path().join("content/first-briefing.md").is_file());
    run_in(tmp.path(), &["build"]).expect_code(0);
    assert!(tmp.path().join("public/index.html").is_file());
}

#[test]
fn a_path_error_shows_the_absolute_path() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let run = run_in(tmp.path(), &["build", "--root", "no-such-site"]);
    run.expect_code(1);
    let absolute = tmp.path().join("no-such-site").join("site-config.toml");
    let absolute = absolute.to_string_lossy();
    assert!(run.stderr.contains(absolute.as_ref()), "{}", run.stderr);
}

#[test]
fn the_build_tells_its_progress_hook_each_step_and_every_file_it_renders() {
    use dossier::progress::{Progress, Step};
    use std::sync::{Arc, Mutex};

    let site = crate::site::fixture().create();
    let steps: Arc<Mutex<Vec<Step>>> = Arc::default();
    let seen = steps.clone();
    let mut options = site.options();
    options.progress = Progress::new(move |step| seen.lock().expect("lock").push(step));
    let report = dossier::cmd::build::build(&options).expect("build");
    let steps = steps.lock().expect("lock");
    let phases: Vec<&str> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Phase { name, .. } => Some(*name),
            Step::Advance => None,
        })
        .collect();
    assert_eq!(
        phases,
        ["reading", "parsing", "analysing", "rendering", "writing"]
    );
    let advanced = steps.iter().filter(|s| **s == Step::Advance).count();
    assert!(advanced >= report.pages, "{advanced} < {}", report.pages);
}

#[test]
fn a_content_folder_not_found_shows_its_absolute_path_and_a_bad_file_does_not() {
    let site = SiteTest::new()
        .config("title = \"T\"\nstrict = true\n")
        .file("content/a.md", "---\ntitle: [unclosed\n---\nx\n")
        .create();
    let missing = site.run(&["build", "--content", "notes"]);
    missing.expect_code(1);
    let absolute = site.root().join("notes");
    assert!(
        missing
            .stderr
            .contains(&format!("note: notes is {}", absolute.display())),
        "{}",
        missing.stderr
    );
    let bad = site.run(&["build"]);
    bad.expect_code(1);
    assert!(!bad.stderr.contains(" is /"), "{}", bad.stderr);
}
