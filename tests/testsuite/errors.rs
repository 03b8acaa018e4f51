//! Errors name `file:line` and exit with 1; warnings go to stderr and the build still succeeds.

use std::ops::RangeInclusive;

use crate::site::{line_after, Run, SiteTest};

/// Runs `dossier build` on a site and checks the failure's exit code and `file:line`.
fn build_fails_at(site: SiteTest, file: &str, lines: RangeInclusive<usize>) -> Run {
    let run = site.create().run(&["build"]);
    run.expect_code(1);
    let line = line_after(&run.stderr, file);
    assert!(
        line.is_some_and(|l| lines.contains(&l)),
        "expected {file}:{lines:?} in stderr:\n{}",
        run.stderr
    );
    assert!(!run.stdout.contains("Built"), "{run:#?}");
    run
}

/// Runs `dossier build` on a site and checks that it succeeds with a warning at `file:line`.
fn build_warns_at(site: SiteTest, file: &str, lines: RangeInclusive<usize>) -> Run {
    let run = site.create().run(&["build"]);
    run.expect_code(0);
    let line = line_after(&run.stderr, file);
    assert!(
        line.is_some_and(|l| lines.contains(&l)),
        "expected {file}:{lines:?} in stderr:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("warning: "), "{run:#?}");
    assert!(run.stdout.contains("Built"), "{run:#?}");
    run
}

fn with_document(rel: &str, text: &str) -> SiteTest {
    SiteTest::new()
        .file(
            "content/fine.md",
            "---\ntitle: Fine\ndate: 2024-01-01\n---\nFine.\n",
        )
        .file(rel, text)
}

#[test]
fn broken_yaml_front_matter_names_file_and_line() {
    let site = with_document(
        "content/bad.md",
        "---\ntitle: Bad\ndate: [2024\nauthor: B\n---\nBody.\n",
    );
    // One bad file never stops a site that could otherwise build: it is skipped, with a warning.
    let run = build_warns_at(site, "content/bad.md", 3..=4);
    assert!(run.stderr.contains("YAML"), "{}", run.stderr);
    assert!(
        run.stderr.contains("this document was skipped"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("Built 1 documents"), "{}", run.stdout);
}

#[test]
fn broken_front_matter_stops_a_strict_build() {
    let site = with_document(
        "content/bad.md",
        "---\ntitle: Bad\ndate: [2024\nauthor: B\n---\nBody.\n",
    )
    .config("strict = true\n");
    let run = build_fails_at(site, "content/bad.md", 3..=4);
    assert!(run.stderr.contains("YAML"), "{}", run.stderr);
}

#[test]
fn broken_toml_front_matter_names_file_and_line() {
    let site = with_document(
        "content/bad.md",
        "+++\ntitle = \"Bad\"\ndate = \n+++\nBody.\n",
    );
    let run = build_warns_at(site, "content/bad.md", 3..=3);
    assert!(run.stderr.contains("TOML"), "{}", run.stderr);
}

#[test]
fn an_unreadable_date_is_a_warning_at_its_line() {
    let site = with_document(
        "content/bad.md",
        "---\ntitle: Bad\nauthor: B\ndate: next Tuesday\n---\nBody.\n",
    );
    let run = build_warns_at(site, "content/bad.md", 4..=4);
    assert!(run.stdout.contains("Built 2 documents"), "{}", run.stdout);
}

#[test]
fn unknown_config_key_names_its_line() {
    let site = SiteTest::new().config("title = \"T\"\ntittle = \"x\"\n");
    let run = build_fails_at(site, "site-config.toml", 2..=2);
    assert!(run.stderr.contains("tittle"), "{}", run.stderr);
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let site = with_document(
        "themes/default/templates/document.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n",
    );
    build_fails_at(site, "themes/default/templates/document.html", 3..=3);
}

#[test]
fn every_broken_document_is_reported_at_once() {
    let site = with_document("content/one.md", "---\ndate: [\n---\n")
        .file("content/two.md", "+++\ntitle = \n+++\n")
        .config("strict = true\n");
    let run = site.create().run(&["build"]);
    run.expect_code(1);
    for file in ["content/one.md:", "content/two.md:"] {
        assert!(run.stderr.contains(file), "{file} in:\n{}", run.stderr);
    }
}

#[test]
fn invalid_utf8_is_skipped_with_file_line_and_column_and_stops_a_strict_build() {
    let site = SiteTest::new()
        .bytes("content/latin.txt", b"Line one is fine\nCaf\xe9 here\n")
        .file(
            "content/good.md",
            "---\ntitle: Good\ndate: 2024-01-01\n---\nFine.\n",
        );
    let built = site.create();
    let run = built.run(&["build"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("content/latin.txt:2:4")
            && run.stderr.contains("not valid UTF-8: skipped"),
        "{}",
        run.stderr
    );
    assert!(
        built.out().join("good/index.html").is_file(),
        "the rest of the site builds"
    );
    let strict = SiteTest::new()
        .config("strict = true\n")
        .bytes("content/latin.txt", b"Line one is fine\nCaf\xe9 here\n");
    let run = build_fails_at(strict, "content/latin.txt", 2..=2);
    assert!(
        run.stderr.contains("content/latin.txt:2:4"),
        "{}",
        run.stderr
    );
}

#[test]
fn clashing_and_reserved_urls_are_errors() {
    let run = with_document("content/a.md", "# A\n")
        .file("content/A.markdown", "# Also A\n")
        .file("content/topics.md", "# Topics\n")
        .create()
        .run(&["build"]);
    run.expect_code(1);
    for needle in [
        "content/a.md",
        "content/A.markdown",
        "/a/",
        "content/topics.md",
        "reserved",
    ] {
        assert!(
            run.stderr.contains(needle),
            "{needle:?} in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn warnings_go_to_stderr_and_the_build_succeeds() {
    let run = SiteTest::new()
        .file("content/undated.md", "# No Date Here\n\nText.\n")
        .file(
            "content/typo.md",
            "---\ntitel: Typo\ndate: 2024-01-01\n---\nText.\n",
        )
        .create()
        .run(&["build"]);
    run.expect_code(0);
    for needle in [
        "warning:",
        "undated.md",
        "no date",
        "typo.md:2",
        "`titel`",
        "did you mean `title`",
    ] {
        assert!(
            run.stderr.contains(needle),
            "{needle:?} in stderr:\n{}",
            run.stderr
        );
    }
    let summary = run.stdout.lines().next().unwrap_or_default();
    assert!(summary.starts_with("Built 2 documents into "), "{summary}");
    assert!(summary.contains(" pages"), "{summary}");
    assert!(!run.stdout.contains("warning:"), "{}", run.stdout);
}
