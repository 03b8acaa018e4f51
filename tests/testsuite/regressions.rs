//! Regression tests for bugs found while writing this suite (all fixed): output folders read
//! back as content, script URLs in links, inline code lost from headings, clashing ids.

use crate::site::{duplicate_ids, SiteTest};

#[test]

fn output_inside_the_content_folder_is_not_read_as_content() {
    let site = SiteTest::new()
        .config("title = \"T\"\ncontent_dir = \".\"\n")
        .file("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n")
        .create();
    assert_eq!(site.build().documents, 1);
    let second = site.build();
    assert_eq!(second.documents, 1, "{:?}", second.warnings);
}

#[test]

fn script_urls_never_reach_a_link() {
    let site = SiteTest::new()
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\nsource: \"javascript:alert(1)\"\n---\n\n[click](javascript:alert(2)) ![i](JavaScript:alert(3))\n",
        )
        .build();
    site.check_file_lacks("a/index.html", &["href=\"javascript:", "src=\"JavaScript:"]);
}

#[test]

fn inline_code_in_headings_is_kept() {
    let site = SiteTest::new()
        .file(
            "content/a.md",
            "# The `x` title\n\ntext\n\n## Use `foo()` now\n\ntext\n\n## Other\n",
        )
        .build();
    site.check_file_contains(
        "a/index.html",
        &[
            "<h1>The x title</h1>",
            ">Use foo() now</a>",
            "id=\"use-foo-now\"",
        ],
    );
}

#[test]

fn heading_ids_do_not_clash_with_template_ids() {
    let site = SiteTest::new()
        .file("content/a.md", "## Main\n\ntext\n\n## TOC title\n\ntext\n")
        .build();
    let duplicates = duplicate_ids(&site.html("a/index.html"));
    assert!(duplicates.is_empty(), "{duplicates:?}");
}
