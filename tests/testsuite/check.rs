//! `dossier check`: one fixture site with one of each mistake, the exact messages and exit code;
//! the bundled site checks clean; `--format json` parses into the report's types.

use crate::site::{run_in, SiteTest};
use dossier::check::{FindingKind, Report};

const CONFIG: &str = "title = \"Check site\"\nbase_url = \"https://example.org/\"\n\n[topics.defense]\ntitle = \"Defense\"\n";

const ALPHA: &str = "---\ntitle: Alpha\ndate: 2024-01-02\ntopics: [Defense]\n---\n\nAlpha talks about defense.\n\nSee [the missing memo](missing.md) for more.\n\nA [bad anchor](notes/b.md#nowhere) and a [renamed topic](/topics/defence/).\n\nA [gone page](/betta/) here.\n";

fn broken_site() -> SiteTest {
    let doc = |title: &str, extra: &str| {
        format!("---\ntitle: {title}\ndate: 2024-01-03\n{extra}topics: [Defense]\n---\n\n{title}, on defense.\n")
    };
    SiteTest::new()
        .config(CONFIG)
        .file("content/a.md", ALPHA)
        .file("content/notes/b.md", &doc("Beta", ""))
        .file("content/c.md", &doc("Gamma", "slug: a\n"))
        .file(
            "content/untitled-note.md",
            "Just text, nothing to file it under.\n",
        )
        .file("static/Logo.png", "x")
        .file("static/logo.png", "y")
}

#[test]
fn one_of_each_mistake_gives_its_exact_message_and_exit_1() {
    let site = broken_site().create();
    let run = site.run(&["check"]);
    run.expect_code(1);
    let expected = "\
error: content/a.md:9: link to \"missing.md\": no such file in content/
  hint: fix the path (it is relative to this file), or link to a page URL
error: content/a.md:11: link to \"/topics/defence/\": no such page
  hint: did you mean /topics/defense/? (renamed or misspelt slug)
error: content/a.md:11: link to \"/notes/b/#nowhere\": no id \"nowhere\" on /notes/b/
  hint: link to a heading id or a passage anchor (#p-N) that exists
error: content/a.md:13: link to \"/betta/\": no such page
  hint: documents are at /<slug>/ and topics at /topics/<slug>/
error: content/c.md: duplicate output path /a/: content/a.md is written there too
  hint: rename one of the files or set a different `slug:` in its front matter
error: public/Logo.png: output files differ only by case: Logo.png and logo.png
  hint: rename one of them (they collide on case-insensitive file systems)
warning: content/untitled-note.md: document has no date
  hint: add `date: YYYY-MM-DD` to its front matter
warning: content/untitled-note.md: title \"Untitled note\" falls back to the file name
  hint: add `title:` to its front matter or a `# Heading` first
warning: content/untitled-note.md: document has no topics
  hint: add `topics: [...]` to its front matter, or curate topics it mentions in site-config.toml
";
    assert!(run.stdout.starts_with(expected), "{}", run.stdout);
    assert!(
        run.stdout.ends_with("6 errors, 3 warnings\n"),
        "{}",
        run.stdout
    );
    assert!(!site.out().exists(), "check must not write public/");
}

#[test]
fn json_report_parses_into_typed_findings() {
    let site = broken_site().create();
    let run = site.run(&["check", "--format", "json"]);
    run.expect_code(1);
    let report: Report = serde_json::from_str(&run.stdout).expect("JSON report");
    assert_eq!((report.errors, report.warnings), (6, 3));
    let kinds: Vec<FindingKind> = report.findings.iter().map(|f| f.kind).collect();
    for kind in [
        FindingKind::MissingContentFile,
        FindingKind::MissingPage,
        FindingKind::MissingAnchor,
        FindingKind::DuplicateOutput,
        FindingKind::CaseClash,
        FindingKind::NoTopics,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} in {kinds:?}");
    }
    assert_eq!(report.findings[0].line, Some(9));
}

#[test]
fn a_clean_site_exits_0_and_lists_external_links_without_fetching() {
    let site = SiteTest::new()
        .config(CONFIG)
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntopics: [Defense]\n---\n\nOn defense, see [b](b.md#p-1), [the source](https://example.com/x) and [more](https://example.com/y).\n",
        )
        .file(
            "content/b.md",
            "---\ntitle: B\ndate: 2024-01-02\ntopics: [Defense]\n---\n\nDefense [here](#p-1).\n",
        )
        .create();
    let run = site.run(&["check"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains(
            "external links: 2 to 1 host (example.com); not fetched (--external fetches them)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("0 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_bundled_site_checks_clean() {
    let repo = env!("CARGO_MANIFEST_DIR");
    let run = run_in(std::path::Path::new(repo), &["check", "--root", repo]);
    run.expect_code(0);
    assert!(run.stdout.contains(" 0 errors"), "{}", run.stdout);
}

#[test]
fn a_missing_image_names_the_line_that_embeds_it() {
    let site = SiteTest::new()
        .config(CONFIG)
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntopics: [Defense]\n---\n\nOn defense.\n\n![chart](chart.png)\n",
        )
        .create();
    let run = site.run(&["check"]);
    run.expect_code(1);
    assert!(
        run.stdout.starts_with(
            // A file next to the document is linked from the site root, as the build writes it.
            "error: content/a.md:9: link to \"/chart.png\": no such file in the site\n"
        ),
        "{}",
        run.stdout
    );
}
