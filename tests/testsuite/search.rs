//! Search: the `/search/` page, the header's search box and the Pagefind index behind them,
//! read back from the built files (fragments are gzip-compressed JSON).

use std::collections::BTreeMap;
use std::io::Read;

use crate::site::{fixture, tree, SiteTest};

/// Every page record of the index (`pagefind/fragment/*.pf_fragment`, and the same in every
/// shard's folder), decompressed.
fn fragments(files: &BTreeMap<String, Vec<u8>>) -> Vec<serde_json::Value> {
    files
        .iter()
        .filter(|(path, _)| path.starts_with("pagefind/") && path.contains("/fragment/"))
        .map(|(path, bytes)| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(bytes.as_slice())
                .read_to_string(&mut text)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            let json = text
                .strip_prefix("pagefind_dcd")
                .expect("fragment signature");
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{path}: {e}"))
        })
        .collect()
}

fn record<'a>(records: &'a [serde_json::Value], url: &str) -> &'a serde_json::Value {
    records
        .iter()
        .find(|r| r["url"] == url)
        .unwrap_or_else(|| panic!("no record for {url} in {records:#?}"))
}

#[test]
fn documents_and_topics_are_indexed_with_dates_topics_and_years() {
    let site = fixture().build();
    let files = tree(&site.out());
    for name in ["pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"] {
        assert!(files.contains_key(&format!("pagefind/{name}")), "{name}");
    }
    let records = fragments(&files);
    // Four listed documents, About, the notes section and the topic pages; never lists.
    let urls: Vec<&str> = records.iter().filter_map(|r| r["url"].as_str()).collect();
    assert!(
        !urls.contains(&"/") && !urls.contains(&"/archive/"),
        "{urls:?}"
    );
    assert!(!urls.iter().any(|u| u.starts_with("/briefs/")), "{urls:?}");
    let alpha = record(&records, "/alpha/");
    assert_eq!(alpha["meta"]["title"], "Alpha briefing");
    assert_eq!(alpha["meta"]["date"], "4 April 2024");
    assert_eq!(alpha["meta"]["kind"], "Document");
    assert_eq!(alpha["filters"]["year"][0], "2024");
    let topics = alpha["filters"]["topic"].as_array().unwrap();
    assert!(topics.iter().any(|t| t == "Taiwan"), "{topics:?}");
    let content = alpha["content"].as_str().unwrap();
    assert!(
        content.contains("Alpha opens with this paragraph"),
        "{content}"
    );
    // What the theme leaves out: the cite line and the contents list.
    assert!(!content.contains("Cite:"), "{content}");
    assert!(!content.contains("Contents"), "{content}");
    let taiwan = record(&records, "/topics/taiwan/");
    assert_eq!(taiwan["meta"]["kind"], "Topic");
    assert_eq!(taiwan["filters"]["topic"][0], "Taiwan");
    let entry = String::from_utf8_lossy(&files["pagefind/pagefind-entry.json"]).into_owned();
    assert!(
        entry.contains(&format!("\"page_count\":{}", records.len())),
        "{entry}"
    );
}

#[test]
fn a_sharded_index_holds_every_page_once_with_its_filters() {
    let whole = tree(&fixture().build().out());
    let sharded = fixture()
        .config(&format!(
            "title = \"Fixture Briefings\"\nbase_url = \"{}\"\n[search]\nshard_pages = 2\n",
            crate::site::BASE_URL
        ))
        .build();
    let files = tree(&sharded.out());
    let shards: Vec<String> =
        serde_json::from_slice(&files["pagefind/shards.json"]).expect("shards.json");
    assert!(shards.len() >= 2, "{shards:?}");
    for dir in &shards {
        let entry = String::from_utf8_lossy(&files[&format!("pagefind/{dir}pagefind-entry.json")]);
        assert!(entry.contains("\"page_count\":"), "{entry}");
        assert!(
            !files.contains_key(&format!("pagefind/{dir}pagefind.js")),
            "{dir}"
        );
    }
    // The same records as one index, each once, with their filters.
    let urls = |records: &[serde_json::Value]| {
        let mut urls: Vec<String> = records.iter().map(|r| r["url"].to_string()).collect();
        urls.sort();
        urls
    };
    let records = fragments(&files);
    assert_eq!(urls(&records), urls(&fragments(&whole)));
    assert_eq!(record(&records, "/alpha/")["filters"]["year"][0], "2024");
    assert_eq!(
        record(&records, "/topics/taiwan/")["filters"]["topic"][0],
        "Taiwan"
    );
    // A second build writes the same bytes.
    sharded.build();
    assert!(files == tree(&sharded.out()), "a rebuild changed the index");
}

#[test]
fn search_page_and_header_box_work_under_the_sub_path() {
    let site = fixture().build();
    site.check_file_contains(
        "search/index.html",
        &[
            "<form id=\"search-form\" class=\"search-form\" role=\"search\" aria-label=\"Search the briefings\" action=\"/briefs/search/\"",
            "data-bundle=\"/briefs/pagefind/\"",
            "<script type=\"module\" src=\"/briefs/search.js\"></script>",
            "<noscript>",
        ],
    );
    for page in ["index.html", "alpha/index.html", "topics/taiwan/index.html"] {
        site.check_file_contains(
            page,
            &["<form class=\"site-search\" role=\"search\" aria-label=\"Site search\" action=\"/briefs/search/\" method=\"get\">"],
        );
    }
    assert!(site.out().join("search.js").is_file());
}

#[test]
fn search_can_be_turned_off() {
    let site = SiteTest::new()
        .config("title = \"No search\"\n[search]\nenabled = false\n")
        .file("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n")
        .build();
    let files = tree(&site.out());
    assert!(
        !files.keys().any(|p| p.starts_with("pagefind/")),
        "{:?}",
        files.keys()
    );
    assert!(!files.contains_key("search/index.html"));
    assert!(!files.contains_key("search.js"));
    site.check_file_lacks("a/index.html", &["site-search"]);
}

#[test]
fn unknown_search_key_names_its_line() {
    let site = SiteTest::new()
        .config("title = \"x\"\n\n[search]\nenable = true\n")
        .create();
    let error = site.build_error();
    assert!(error.contains("site-config.toml:4"), "{error}");
    assert!(error.contains("enable"), "{error}");
}
