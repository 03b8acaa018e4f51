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
        .file(
            "content/_common/_index.md",
            "---\ncascade:\n  build:\n    render: never\n    list: never\n---\nSnippets.\n",
        )
        .file("content/_common/snippet.md", "---\n---\nAn included snippet.\n")
        .build();
    assert!(
        !site.files().iter().any(|f| f.contains("common")),
        "{:#?}",
        site.files()
    );
    site.check_file_contains(
        "functions/index.html",
        &["Functions", "Use them in templates.", "functions/len/"],
    );
}

#[test]
fn every_date_jekyll_hugo_and_zola_accept_reads() {
    let site = SiteTest::new()
        .file(
            "content/_posts/2015-03-17-offset.md",
            "---\nlayout: post\ntitle: Offset\ndate: 2015-03-17 14:00:00 -4\n---\nText.\n",
        )
        .file(
            "content/_posts/2023-01-29-doubled.md",
            "---\nlayout: post\ntitle: Doubled\ndate: 2023-01-29 18:30:22 2023 -0800\n---\nText.\n",
        )
        .file(
            "content/words.md",
            "---\ntitle: Words\ndate: 2 February 2024\n---\nText.\n",
        )
        .file(
            "content/slashes.md",
            "---\ntitle: Slashes\ndate: 2024/02/03\n---\nText.\n",
        )
        .file(
            "content/zola.md",
            "+++\ntitle = \"Zola\"\ndate = 2024-02-04T10:00:00.250+01:00\n+++\nText.\n",
        )
        .file(
            "content/_posts/2019-05-06-unreadable.md",
            "---\nlayout: post\ntitle: Unreadable\ndate: the day after\n---\nText.\n",
        )
        .create();
    let report = site.build();
    assert_eq!(report.documents, 6);
    for (page, day) in [
        ("offset", "2015-03-17"),
        ("doubled", "2023-01-29"),
        ("words", "2024-02-02"),
        ("slashes", "2024-02-03"),
        ("zola", "2024-02-04"),
        ("unreadable", "2019-05-06"),
    ] {
        site.check_file_contains(
            &format!("{page}/index.html"),
            &[&format!("<time datetime=\"{day}\">")],
        );
    }
    let messages: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("2023-01-29-doubled.md:4:")
                && m.contains("`2023 -0800` was left aside")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("2019-05-06-unreadable.md:4:") && m.contains("file name's date")),
        "{messages:#?}"
    );
}

#[test]
fn a_yearly_series_of_dated_posts_gets_distinct_urls() {
    let site = SiteTest::new()
        .file(
            "content/_posts/2023-05-08-andrew-hyder-award.md",
            "---\nlayout: post\ntitle: Award 2023\n---\nThe 2023 award.\n",
        )
        .file(
            "content/_posts/2024-01-12-andrew-hyder-award.md",
            "---\nlayout: post\ntitle: Award 2024\n---\nThe 2024 award.\n",
        )
        .create();
    let report = site.build();
    site.check_file_contains("andrew-hyder-award/index.html", &["The 2023 award."]);
    site.check_file_contains("andrew-hyder-award-2024/index.html", &["The 2024 award."]);
    assert!(
        report.warnings.iter().any(|w| w
            .message
            .contains("this document is at /andrew-hyder-award-2024/")),
        "{:?}",
        report.warnings
    );
    site.run(&["check"]).expect_code(0);
}

#[test]
fn explicit_slugs_that_clash_stop_the_build() {
    let site = SiteTest::new()
        .file(
            "content/_posts/2023-05-08-a.md",
            "---\nslug: same\n---\nOne.\n",
        )
        .file(
            "content/_posts/2024-01-12-b.md",
            "---\nslug: same\n---\nTwo.\n",
        )
        .create();
    assert!(site
        .build_error()
        .contains("would both be written to /same/"));
}

#[test]
fn front_matter_urls_are_kept_as_written() {
    let site = SiteTest::new()
        .file(
            "content/commands/hugo_mod_tidy.md",
            "---\ntitle: hugo mod tidy\nslug: hugo_mod_tidy\ndate: 2024-01-01\n---\nTidy.\n",
        )
        .file(
            "content/_docs/home.md",
            "---\ntitle: Home\npermalink: /docs/home/\ndate: 2024-01-02\n---\nDocs home.\n",
        )
        .file(
            "content/about.md",
            "+++\ntitle = \"About\"\npath = \"about-us\"\ndate = 2024-01-03\n+++\nAbout.\n",
        )
        .create();
    site.build();
    site.check_file_contains("commands/hugo_mod_tidy/index.html", &["Tidy."]);
    site.check_file_contains("docs/home/index.html", &["Docs home."]);
    site.check_file_contains("about-us/index.html", &["About."]);
}

#[test]
fn aliases_write_redirect_pages_under_the_base_path() {
    let site = SiteTest::new()
        .config("title = \"T\"\nbase_url = \"https://org.github.io/briefs/\"\n")
        .file(
            "content/docs/new.md",
            "---\ntitle: New <home>\ndate: 2024-01-01\naliases: [/old/path/, /older.html]\n---\nHere now.\n",
        )
        .file(
            "content/post.md",
            "---\ntitle: Post\ndate: 2024-01-02\nredirect_from:\n  - /2019/01/post/\n  - /docs/new/\n---\nSee [the new page](@/docs/new.md#p-1).\n",
        )
        .create();
    let report = site.build();
    for old in ["old/path", "older", "2019/01/post"] {
        let html = site.html(&format!("{old}/index.html"));
        assert!(
            html.contains("<meta http-equiv=\"refresh\" content=\"0; url=/briefs/"),
            "{html}"
        );
        assert!(
            html.contains("<link rel=\"canonical\" href=\"https://org.github.io/briefs/"),
            "{html}"
        );
    }
    site.check_file_contains(
        "old/path/index.html",
        &["href=\"/briefs/docs/new/\">New &lt;home&gt;</a>"],
    );
    // An alias onto another page's URL is not written over it.
    site.check_file_contains("docs/new/index.html", &["Here now."]);
    assert!(report
        .warnings
        .iter()
        .any(|w| w.message.contains("alias /docs/new/ is not written")));
    // Zola's `@/` link reaches the page.
    site.check_file_contains("post/index.html", &["href=\"/briefs/docs/new/#p-1\""]);
    site.run(&["check"]).expect_code(0);
}

#[test]
fn bundles_and_files_next_to_pages_are_published_beside_them() {
    let site = SiteTest::new()
        .config("title = \"T\"\nbase_url = \"https://org.github.io/briefs/\"\n")
        .file(
            "content/post/x/index.md",
            "---\ntitle: Bundle\ndate: 2024-01-01\n---\n![Cover](cover.jpg)\n\nText.\n",
        )
        .bytes("content/post/x/cover.jpg", b"\xff\xd8\xff jpeg")
        .file(
            "content/guide/chapter.md",
            "---\ntitle: Chapter\ndate: 2024-01-02\n---\n![A](img/a.png) and [next](other.md), [as mdBook writes it](other.html#top).\n",
        )
        .file(
            "content/guide/other.md",
            "---\ntitle: Other\ndate: 2024-01-03\n---\nOther.\n",
        )
        .bytes("content/guide/img/a.png", b"\x89PNG png")
        .file("content/guide/notes.html", "<p>not published</p>")
        .create();
    site.build();
    let files = site.files();
    for file in ["post/x/index.html", "post/x/cover.jpg", "guide/img/a.png"] {
        assert!(files.contains(&file.to_string()), "{file}: {files:#?}");
    }
    assert!(
        !files.iter().any(|f| f.ends_with("notes.html")),
        "{files:#?}"
    );
    // The bundle is an ordinary, listed document.
    site.check_file_contains("index.html", &["/briefs/post/x/"]);
    site.check_file_contains("post/x/index.html", &["src=\"/briefs/post/x/cover.jpg\""]);
    site.check_file_contains(
        "guide/chapter/index.html",
        &[
            "src=\"/briefs/guide/img/a.png\"",
            "href=\"/briefs/guide/other/\"",
        ],
    );
    site.run(&["check"]).expect_code(0);
}

#[test]
fn serve_copies_a_file_added_next_to_a_document() {
    use crate::serve_harness::{differences, event, full_build, rebuild, serve_in_memory};
    use dossier::serve::watch::FsEventKind;
    let site = SiteTest::new()
        .file(
            "content/post/x/index.md",
            "---\ntitle: Bundle\ndate: 2024-01-01\n---\n![Cover](cover.jpg)\n",
        )
        .create();
    let (options, mut live, mut served) = serve_in_memory(&site);
    site.write("content/post/x/cover.jpg", "jpeg bytes");
    let events = [event(
        site.root(),
        FsEventKind::Create,
        &["content/post/x/cover.jpg"],
    )];
    rebuild(&mut live, &mut served, &events).expect("rebuild");
    let snapshot = served.snapshot();
    assert_eq!(
        snapshot.get("post/x/cover.jpg").map(Vec::as_slice),
        Some(&b"jpeg bytes"[..])
    );
    let full = full_build(&options).expect("full build");
    assert!(differences(&full, &snapshot).is_empty());
}
