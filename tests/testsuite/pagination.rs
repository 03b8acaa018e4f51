//! Split lists: with a small `per_page`, the archive, topic pages and the timeline are split
//! over pages, every page can be reached from the home page by links, and the per-year JSON
//! files hold every event exactly once.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::Value;

use crate::site::{attr_values, tree, SiteTest};

const DOCUMENTS: usize = 240;

/// A site of `DOCUMENTS` dated notes over ten years, each tagged with two of five topics and
/// telling two dated events in its prose; every tenth is in the `reports/` section.
fn generated() -> SiteTest {
    generated_with(7)
}

fn generated_with(per_page: usize) -> SiteTest {
    let mut site = SiteTest::new().config(&format!(
        "title = \"Paged\"\nbase_url = \"https://org.github.io/briefs/\"\nper_page = {per_page}\n\n[search]\nenabled = false\n",
    ));
    let topics = [
        "Taiwan",
        "Semiconductors",
        "Shipbuilding",
        "Missile defense",
        "Trade",
    ];
    for i in 0..DOCUMENTS {
        let year = 2010 + i % 10;
        let month = 1 + i % 12;
        let text = format!(
            "---\ntitle: Note {i:03}\ndate: {year}-{month:02}-{day:02}\ntopics: [{a}, {b}]\n---\nThe ministry met the shipyards on {d} March {y2}.\n\nA second round followed in June {y3}, as note {i} records.\n",
            day = 1 + i % 27,
            a = topics[i % 5],
            b = topics[(i + 2) % 5],
            d = 1 + i % 28,
            y2 = 2000 + i % 9,
            y3 = 2001 + i % 7,
        );
        let folder = if i % 10 == 0 { "reports/" } else { "" };
        site = site.file(&format!("content/{folder}note-{i:03}.md"), &text);
    }
    site.file(
        "content/reports/index.md",
        "# Reports\n\nThe longer reports.\n",
    )
}

fn html_pages(files: &BTreeMap<String, Vec<u8>>) -> BTreeSet<String> {
    files
        .keys()
        .filter(|p| p.ends_with(".html") && p.as_str() != "404.html")
        .cloned()
        .collect()
}

/// The output path a link under `/briefs/` points at: `/briefs/a/#x` -> `a/index.html`.
fn target(href: &str) -> Option<String> {
    let path = href.strip_prefix("/briefs/")?;
    let path = path.split(['#', '?']).next().unwrap_or("");
    Some(if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    })
}

#[test]
fn every_list_is_split_and_every_page_is_reachable_from_home() {
    let site = generated().build();
    let files = tree(&site.out());
    for split in [
        "archive/page/2/index.html",
        "topics/taiwan/page/2/index.html",
        "timeline/2010/index.html",
        "timeline/2010/page/2/index.html",
        "reports/page/2/index.html",
    ] {
        assert!(files.contains_key(split), "{split} missing");
    }
    let archive_pages = files.keys().filter(|p| p.starts_with("archive/")).count();
    assert_eq!(archive_pages, DOCUMENTS.div_ceil(7));
    let timeline = String::from_utf8_lossy(&files["timeline/index.html"]).to_string();
    assert!(timeline.contains("href=\"/briefs/timeline/2010/\""));
    assert!(
        !timeline.contains("class=\"timeline-year\""),
        "a split timeline lists no year's events on its overview"
    );

    let mut seen = BTreeSet::from(["index.html".to_string()]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(page) = queue.pop_front() {
        let html = String::from_utf8_lossy(&files[&page]).to_string();
        for link in attr_values(&html, "href").iter().filter_map(|h| target(h)) {
            if link.ends_with(".html") && files.contains_key(&link) && seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    let pages = html_pages(&files);
    let unreachable: Vec<&String> = pages.difference(&seen).collect();
    assert!(unreachable.is_empty(), "not linked from /: {unreachable:?}");
    // Small pages: 7 entries each, so nothing comes near the size of the whole list.
    for page in html_pages(&files) {
        let size = files[&page].len();
        assert!(size < 120_000, "{page} is {size} bytes");
    }
}

#[test]
fn the_year_files_hold_every_event_exactly_once() {
    // Ten pages of 2 events per file: the 24 publications of 2010 need two files.
    let site = generated_with(2).build();
    let index: Value = serde_json::from_str(&site.html("timeline.json")).expect("JSON");
    let count = index["count"].as_u64().expect("count") as usize;
    assert!(
        index["events"].as_array().is_some_and(Vec::is_empty),
        "a split timeline keeps its events in the year files"
    );
    let mut events = Vec::new();
    for year in index["years"].as_array().expect("years") {
        let mut in_year = 0;
        for url in year["files"].as_array().expect("files") {
            let rel = url
                .as_str()
                .and_then(|u| u.strip_prefix("https://org.github.io/briefs/"))
                .expect("absolute URL under the base");
            let file: Value = serde_json::from_str(&site.html(rel)).expect("year JSON");
            let list = file["events"].as_array().expect("events");
            in_year += list.len() as u64;
            for event in list {
                assert_eq!(event["date"]["year"], year["year"], "{event}");
                events.push(event.to_string());
            }
        }
        assert_eq!(in_year, year["count"].as_u64().unwrap());
    }
    assert!(
        site.files().iter().any(|f| f == "timeline/2010-2.json"),
        "a year of more events than a file holds is split over files"
    );
    assert_eq!(events.len(), count);
    let distinct: BTreeSet<&String> = events.iter().collect();
    assert_eq!(distinct.len(), count, "an event appears in two year files");
    // Publications alone are one event per document.
    assert!(count >= DOCUMENTS, "{count} events");
}

#[test]
fn the_topic_files_hold_every_filing_exactly_once() {
    let site = generated().build();
    let index: Value = serde_json::from_str(&site.html("topics.json")).expect("JSON");
    let mut filings = BTreeSet::new();
    let mut expected = 0;
    for topic in index["topics"].as_array().expect("topics") {
        assert!(
            topic["documents"].as_array().is_some_and(Vec::is_empty),
            "a large site keeps each topic's documents in its own file"
        );
        expected += topic["document_count"].as_u64().expect("count") as usize;
        let rel = topic["documents_url"]
            .as_str()
            .and_then(|u| u.strip_prefix("https://org.github.io/briefs/"))
            .expect("documents_url under the base");
        let file: Value = serde_json::from_str(&site.html(rel)).expect("topic JSON");
        for doc in file["documents"].as_array().expect("documents") {
            let filing = (topic["slug"].to_string(), doc["slug"].to_string());
            assert!(filings.insert(filing), "{} twice in {rel}", doc["slug"]);
        }
    }
    assert_eq!(filings.len(), expected);
    // Every note is filed under the two topics it declares.
    assert_eq!(expected, DOCUMENTS * 2);
}
