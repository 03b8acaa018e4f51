//! The fixture site builds into every page and file the README promises.

use crate::site::{assert_in_order, fixture, tree};

#[test]
fn home_lists_documents_newest_first_with_summaries() {
    let site = fixture().build();
    let home = site.html("index.html");
    assert_in_order(
        &home,
        &[
            "Alpha briefing",
            "Alpha in one sentence.",
            "Gamma briefing",
            "Gamma opens with this paragraph.",
            "Beta briefing",
            "Beta opens with this paragraph.",
            "Delta Memo on Shipbuilding",
            "first paragraph is plain text",
        ],
    );
    site.check_file_contains("index.html", &["href=\"/briefs/alpha/\""]);
    site.check_file_lacks("index.html", &["What the site is."]);
}

#[test]
fn document_page_has_metadata_summary_and_source() {
    let site = fixture().build();
    site.check_file_contains(
        "alpha/index.html",
        &[
            "<h1>Alpha briefing</h1>",
            "<time datetime=\"2024-04-04\">",
            "Jane Doe",
            "Example Institute",
            "href=\"https://example.com/alpha\"",
            "Alpha in one sentence.",
            "href=\"/briefs/topics/taiwan/\"",
        ],
    );
    site.check_file_contains("beta/index.html", &["John Roe, Ann Poe"]);
}

#[test]
fn document_page_has_toc_passage_ids_and_heading_anchors() {
    let site = fixture().build();
    let page = site.html("alpha/index.html");
    let toc = crate::site::element(&page, "<nav class=\"toc\"", "nav");
    assert_in_order(toc, &["href=\"#background\"", "href=\"#outlook\""]);
    assert_in_order(
        &page,
        &[
            "<p id=\"p-1\">Alpha opens",
            "id=\"background\"",
            "href=\"#background\"",
            "id=\"p-2\"",
            "id=\"outlook\"",
            "<li id=\"p-4\">A first point.",
        ],
    );
}

#[test]
fn plain_text_document_gets_title_date_and_passages() {
    let site = fixture().build();
    site.check_file_contains(
        "delta-memo/index.html",
        &[
            "<h1>Delta Memo on Shipbuilding</h1>",
            "<time datetime=\"2022-09-30\">",
            "<p id=\"p-1\">Delta&#39;s first paragraph",
            "<p id=\"p-2\">Delta&#39;s second paragraph",
        ],
    );
}

#[test]
fn archive_groups_documents_by_year() {
    let site = fixture().build();
    assert_in_order(
        &site.html("archive/index.html"),
        &[
            "id=\"y-2024\"",
            "Alpha briefing",
            "Gamma briefing",
            "id=\"y-2023\"",
            "Beta briefing",
            "id=\"y-2022\"",
            "Delta Memo on Shipbuilding",
        ],
    );
}

#[test]
fn standalone_page_is_built_and_in_the_navigation() {
    let site = fixture().build();
    site.check_file_contains("about/index.html", &["What the site is."]);
    site.check_file_contains("index.html", &["href=\"/briefs/about/\""]);
    site.check_file_lacks("archive/index.html", &["About these briefings</a></h3>"]);
    site.check_file_lacks("atom.xml", &["/briefs/about/"]);
}

#[test]
fn feeds_sitemap_robots_404_and_nojekyll() {
    let site = fixture().build();
    site.check_file_contains(
        "atom.xml",
        &[
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"",
            "href=\"https://org.github.io/briefs/atom.xml\"",
            "<link rel=\"alternate\" type=\"text/html\" href=\"https://org.github.io/briefs/alpha/\"/>",
            "<published>2024-04-04T00:00:00+00:00</published>",
        ],
    );
    site.check_file_contains(
        "sitemap.xml",
        &[
            "<loc>https://org.github.io/briefs/alpha/</loc>",
            "<loc>https://org.github.io/briefs/notes/gamma/</loc>",
            "<lastmod>2024-04-04</lastmod>",
        ],
    );
    site.check_file_contains(
        "robots.txt",
        &["Sitemap: https://org.github.io/briefs/sitemap.xml"],
    );
    site.check_file_contains("404.html", &["Page not found"]);
    assert!(site.files().contains(&".nojekyll".to_string()));
}

#[test]
fn static_files_and_cname_are_copied_as_they_are() {
    let site = fixture().build();
    let out = tree(&site.out());
    assert_eq!(out["files/data.bin"], [0, 159, 146, 150, 255]);
    assert_eq!(
        out["img/logo.svg"],
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"
    );
    assert_eq!(out["CNAME"], b"briefs.example.org\n");
    assert!(out.contains_key("style.css"), "the theme's stylesheet");
}

#[test]
fn topic_pages_come_from_topics_tags_and_categories() {
    let site = fixture().build();
    site.check_file_contains(
        "topics/index.html",
        &["Command and control", "Economic security", "Taiwan"],
    );
    assert_in_order(
        &site.html("topics/taiwan/index.html"),
        &["<h1>Taiwan</h1>", "Alpha briefing", "Beta briefing"],
    );
    site.check_file_lacks("topics/taiwan/index.html", &["Gamma briefing"]);
    site.check_file_contains("topics/economic-security/index.html", &["Gamma briefing"]);
    site.check_file_contains(
        "topics/command-and-control/atom.xml",
        &["https://org.github.io/briefs/alpha/"],
    );
}

#[test]
fn summary_line_counts_documents() {
    let site = fixture().create();
    let report = site.build();
    assert_eq!(
        report.documents, 7,
        "four briefings, the about page and two sections"
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let html_pages = site.files().iter().filter(|f| f.ends_with(".html")).count();
    assert!(
        report.pages >= html_pages,
        "{} < {html_pages}",
        report.pages
    );
}

#[test]
fn home_introduction_and_section_page_come_from_index_files() {
    let site = fixture().build();
    site.check_file_contains("index.html", &["Welcome to the fixture briefings."]);
    let section = site.html("notes/index.html");
    assert_in_order(
        &section,
        &[
            "<h1>Field notes</h1>",
            "href=\"/briefs/archive/\"",
            "href=\"/briefs/notes/gamma/\"",
        ],
    );
    assert!(!section.contains("Alpha briefing"), "{section}");
}

#[test]
fn site_without_documents_builds() {
    let site = crate::site::SiteTest::new()
        .file("content/.keep", "")
        .build();
    site.check_file_contains("index.html", &["No briefings yet"]);
    for file in [
        "atom.xml",
        "sitemap.xml",
        "404.html",
        "archive/index.html",
        "topics/index.html",
    ] {
        assert!(site.files().contains(&file.to_string()), "{file}");
    }
}

#[test]
fn every_id_is_unique_within_its_page() {
    let site = fixture().build();
    for (path, bytes) in tree(&site.out())
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let html = String::from_utf8(bytes).expect("UTF-8");
        let duplicates = crate::site::duplicate_ids(&html);
        assert!(duplicates.is_empty(), "{path}: {duplicates:?}");
    }
}
