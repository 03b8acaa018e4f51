//! The real seed documents in `../shared/seeds` (scraped pages and a Jekyll post saved as .txt)
//! build into sensible pages. Skipped, with a note, where the folder is missing.

use std::path::PathBuf;

use dossier::cmd::build::BuildOptions;

use crate::site::{element, Site, SiteTest};

fn seeds() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} is missing; the seed tests are skipped",
            dir.display()
        );
        None
    }
}

/// (page path, h1 text) of every document page.
fn document_titles(site: &Site) -> Vec<(String, String)> {
    site.files()
        .into_iter()
        .filter(|f| f.ends_with("/index.html"))
        .filter_map(|f| {
            let html = site.html(&f);
            let article = html.find("<article class=\"document\"")?;
            let h1 = element(&html[article..], "<h1>", "h1");
            Some((f, h1["<h1>".len()..h1.len() - "</h1>".len()].to_string()))
        })
        .collect()
}

fn build_seeds() -> Option<(Site, usize)> {
    let content = seeds()?;
    let site = SiteTest::new().create();
    let options = BuildOptions {
        content: Some(content),
        ..site.options()
    };
    let report = site.try_build(options).unwrap_or_else(|e| panic!("{e}"));
    Some((site, report.documents))
}

#[test]
fn seeds_build_into_five_documents() {
    let Some((site, documents)) = build_seeds() else {
        return;
    };
    assert_eq!(documents, 5);
    assert_eq!(document_titles(&site).len(), 5, "{:#?}", site.files());
}

#[test]
fn jekyll_post_saved_as_txt_keeps_its_front_matter() {
    let Some((site, _)) = build_seeds() else {
        return;
    };
    let titles = document_titles(&site);
    let (page, _) = titles
        .iter()
        .find(|(_, title)| title == "U.S.-Japan Alliance In 2024")
        .unwrap_or_else(|| panic!("no page titled U.S.-Japan Alliance In 2024: {titles:#?}"));
    site.check_file_contains(
        page,
        &[
            "Richard L. Armitage and Joseph S. Nye",
            "<time datetime=\"2024-04-04\">",
            "Toward an Integrated Alliance",
            "id=\"p-1\"",
        ],
    );
    site.check_file_lacks(
        page,
        &["layout: post", "excerpt_separator", "&lt;excerpt/&gt;"],
    );
    // Its body is markdown, as Jekyll reads it: emphasis and headings, not literal marks.
    site.check_file_contains(page, &["<em>", "<nav class=\"toc\""]);
    site.check_file_lacks(page, &["### "]);
}

#[test]
fn scraped_text_pages_get_sensible_titles() {
    let Some((site, _)) = build_seeds() else {
        return;
    };
    let leftovers = [
        "SVG",
        "Sections",
        "Commentary",
        "The Hill",
        "Caption",
        "Untitled",
    ];
    for (page, title) in document_titles(&site) {
        assert!(!leftovers.contains(&title.as_str()), "{page}: {title}");
        assert!(title.split_whitespace().count() >= 3, "{page}: {title}");
        assert!(
            !title.starts_with(|c: char| c.is_ascii_digit()),
            "{page}: {title} (a file name)"
        );
        site.check_file_contains(&page, &["id=\"p-1\""]);
    }
}
