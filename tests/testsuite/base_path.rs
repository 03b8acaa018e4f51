//! With `base_url = "https://org.github.io/briefs/"`, every internal link, asset, feed entry and
//! sitemap entry carries `/briefs/`, including root-relative links written in markdown.

use dossier::cmd::build::BuildOptions;

use crate::site::{attr_values, element_texts, fixture, tree, BASE_PATH, BASE_URL};

fn is_external(url: &str) -> bool {
    ["http://", "https://", "mailto:", "data:", "#"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

#[test]
fn every_internal_href_and_src_in_every_html_file_carries_the_base_path() {
    let site = fixture().build();
    let mut checked = 0;
    for (path, bytes) in tree(&site.out()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("UTF-8 HTML");
        for attr in ["href", "src"] {
            for url in attr_values(&html, attr) {
                if url.starts_with("https://org.github.io/") {
                    assert!(url.starts_with(BASE_URL), "{path}: {attr}=\"{url}\"");
                }
                if !is_external(&url) {
                    assert!(url.starts_with(BASE_PATH), "{path}: {attr}=\"{url}\"");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} internal links checked");
}

#[test]
fn root_relative_markdown_links_and_images_are_rebased() {
    let site = fixture().build();
    site.check_file_contains(
        "alpha/index.html",
        &[
            "<a href=\"/briefs/topics/\">all topics</a>",
            "src=\"/briefs/img/logo.svg\"",
            "href=\"https://example.com/x\"",
        ],
    );
}

#[test]
fn feeds_sitemap_and_robots_use_absolute_urls_under_the_base() {
    let site = fixture().build();
    let files = tree(&site.out());
    let feeds: Vec<&String> = files.keys().filter(|f| f.ends_with("atom.xml")).collect();
    assert!(feeds.len() > 1, "site and topic feeds: {feeds:?}");
    for feed in feeds {
        let xml = site.html(feed);
        let urls = [attr_values(&xml, "href"), element_texts(&xml, "id")].concat();
        assert!(urls.len() > 3, "{feed}: {urls:?}");
        for url in urls {
            assert!(url.starts_with(BASE_URL), "{feed}: {url}");
        }
    }
    let locs = element_texts(&site.html("sitemap.xml"), "loc");
    assert!(locs.len() >= 8, "{locs:?}");
    assert!(locs.iter().all(|l| l.starts_with(BASE_URL)), "{locs:?}");
    site.check_file_contains(
        "robots.txt",
        &[
            "Allow: /briefs/",
            "Sitemap: https://org.github.io/briefs/sitemap.xml",
        ],
    );
}

#[test]
fn base_url_option_overrides_the_config() {
    let site = fixture().create();
    let options = BuildOptions {
        base_url: Some("https://other.example/deep/path".into()),
        ..site.options()
    };
    site.try_build(options).expect("build");
    site.check_file_contains(
        "index.html",
        &[
            "href=\"/deep/path/alpha/\"",
            "href=\"/deep/path/style.css\"",
        ],
    );
    site.check_file_contains("alpha/index.html", &["href=\"/deep/path/topics/\""]);
    site.check_file_contains("atom.xml", &["https://other.example/deep/path/atom.xml"]);
    site.check_file_lacks("index.html", &["/briefs/"]);
}
