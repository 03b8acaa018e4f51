//! Content brought from other generators as it is: Jekyll's `_posts`, `_drafts`, collections
//! and machinery folders; Hugo's and Zola's `_index.md` sections, bundles and co-located files;
//! their dates, slugs, URLs and links.

use crate::site::SiteTest;

/// A Jekyll site's shape: posts, drafts, a collection, layouts, includes, data and output.
fn jekyll() -> SiteTest {
    SiteTest::new()
        .file(
            "content/_posts/2024-01-12-alliance.md",
            "---\nlayout: post\ntitle: Alliance\n---\nA post.\n",
        )
        .file(
            "content/_drafts/unfinished.md",
            "---\nlayout: post\ntitle: Unfinished\n---\nA draft.\n",
        )
        .file(
            "content/_docs/installation.md",
            "---\ntitle: Installation\ndate: 2024-02-01\n---\nInstall it.\n",
        )
        .file(
            "content/_layouts/post.md",
            "---\ntitle: Layout\n---\n{{ content }}\n",
        )
        .file("content/_includes/footer.md", "Footer.\n")
        .file("content/_data/people.md", "Data.\n")
        .file("content/_site/alliance.md", "Old output.\n")
        .file("content/node_modules/pkg/README.md", "A dependency.\n")
        .file("content/_partial.md", "# Partial\n")
}

#[test]
fn jekyll_posts_drafts_and_collections_are_content() {
    let site = jekyll().create();
    let report = site.build();
    assert_eq!(report.documents, 2, "{:?}", site.files());
    let files = site.files();
    assert!(
        files.contains(&"alliance/index.html".to_string()),
        "{files:#?}"
    );
    assert!(files.contains(&"docs/installation/index.html".to_string()));
    for name in [
        "unfinished",
        "layout",
        "footer",
        "people",
        "site/",
        "pkg",
        "partial",
    ] {
        assert!(
            !files.iter().any(|f| f.contains(name)),
            "{name}: {files:#?}"
        );
    }
    site.check_file_contains("alliance/index.html", &["<time datetime=\"2024-01-12\">"]);
    let line = report.skipped_line().expect("a skipped line");
    assert!(
        line.starts_with("skipped 4 folders (_data, _includes, _layouts, _site): Jekyll templates and output; 1 folder (node_modules): dependencies and caches"),
        "{line}"
    );
}

#[test]
fn jekyll_drafts_build_with_drafts() {
    let site = jekyll().drafts().build();
    assert!(site.files().contains(&"unfinished/index.html".to_string()));
}

#[test]
fn the_build_line_names_what_was_skipped() {
    let site = jekyll().file("site-config.toml", "").create();
    let run = site.run(&["build"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains(
            "skipped 4 folders (_data, _includes, _layouts, _site): Jekyll templates and output"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn hugo_section_pages_describe_their_folder() {
    let site = SiteTest::new()
        .file(
            "content/functions/_index.md",
            "---\ntitle: Functions\ndescription: Every template function.\n---\nUse them in templates.\n",
        )
        .file(
            "content/functions/len.md",
            "---\ntitle: len\ndate: 2024-01-01\n---\nLength.\n",
        )
        .build();
    site.check_file_contains(
        "functions/index.html",
        &["Functions", "Use them in templates.", "functions/len/"],
    );
}
