//! The timeline: `/timeline/`, topic timelines, "Dates in this document" and `/timeline.json`
//! on a fixture site; the events a reader expects from the real seeds; and precision and recall
//! of the date grammar on a labelled set of sentences (`tests/fixtures/date_sentences.tsv`).

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use dossier::analyze::dates_in_prose::{find_dates, resolve};
use dossier::parse::dates::parse_date;
use serde_json::Value;

use crate::site::{assert_in_order, Site, SiteTest};

const SUMMIT: &str = "---
title: Summit notes
date: 2024-04-11
topics: [Command and control, Taiwan]
events:
  - date: 2024-04-10
    title: State visit to Washington
    topics: [Taiwan]
---

Japan and its partners held a freedom of navigation exercise on April 7.

Japan will set up a joint operations command by March 2025, a step toward command and control integration.

Talks began in \\<b\\>January 2023 & went on.
";

const COMMAND: &str = "---
title: Command memo
date: 2024-08-02
topics: [Command and control]
---

The planning cell for the new joint operations command will be set up in Japan by March 2025, officials said.

This week, the ministers met in Tokyo.
";

const UNDATED: &str = "An undated memo

It was agreed last month, as in the 1951 treaty.
";

fn timeline_site() -> Site {
    SiteTest::new()
        .config("title = \"Timeline test\"\nbase_url = \"https://org.github.io/briefs/\"\n")
        .file("content/summit.md", SUMMIT)
        .file("content/command.md", COMMAND)
        .file("content/undated.txt", UNDATED)
        .build()
}

fn timeline_json(site: &Site) -> Value {
    serde_json::from_str(&site.html("timeline.json")).expect("timeline.json is JSON")
}

#[test]
fn timeline_page_lists_events_by_year_and_month_oldest_first() {
    let site = timeline_site();
    let html = site.html("timeline/index.html");
    assert_in_order(
        &html,
        &[
            "<svg",
            "<title id=\"strip-title\">Events per year</title>",
            "href=\"#y-1951\"",
            "href=\"#y-2024\"",
            "</svg>",
            "<h2 id=\"y-1951\">1951</h2>",
            "<h2 id=\"y-2023\">2023</h2>",
            "<h3 id=\"y-2023-01\">January 2023</h3>",
            "<h2 id=\"y-2024\">2024</h2>",
            "<h3 id=\"y-2024-04\">April 2024</h3>",
            "7 April 2024",
            "freedom of navigation exercise",
            "State visit to Washington",
            "Published: ",
            "<h2 id=\"y-2025\">2025</h2>",
            "by March 2025",
            "Planned",
        ],
    );
    // The merged event lists both sources, each linked to its passage.
    site.check_file_contains(
        "timeline/index.html",
        &[
            "Told by 2 sources",
            "href=\"/briefs/summit/#p-2\"",
            "href=\"/briefs/command/#p-1\"",
            "href=\"/briefs/timeline.json\"",
            "Talks began in &lt;b&gt;January 2023 &amp; went on.",
        ],
    );
    site.check_file_lacks("timeline/index.html", &["<b>January"]);
    site.check_file_contains(
        "index.html",
        &["<a href=\"/briefs/timeline/\">Timeline</a>"],
    );
}

#[test]
fn topic_pages_have_their_own_timeline() {
    let site = timeline_site();
    let html = site.html("topics/taiwan/index.html");
    assert_in_order(
        &html,
        &[
            "<h2 id=\"topic-timeline\">Timeline</h2>",
            "State visit to Washington",
        ],
    );
    site.check_file_lacks(
        "topics/taiwan/index.html",
        &["This week, the ministers met"],
    );
    site.check_file_contains(
        "topics/command-and-control/index.html",
        &["joint operations command", "This week, the ministers met"],
    );
}

#[test]
fn document_pages_list_their_dates_with_links_to_the_passage() {
    let site = timeline_site();
    let html = site.html("summit/index.html");
    assert_in_order(
        &html,
        &[
            "<h2 id=\"doc-dates\">Dates in this document</h2>",
            "7 April 2024",
            "<a href=\"#p-1\">In context</a>",
            "by March 2025",
            "Planned",
            "Also told by: <a href=\"/briefs/command/#p-1\">Command memo</a>",
        ],
    );
    // Its own publication is in the byline, not in the list.
    let section = &html[html.find("doc-dates").expect("section")..];
    assert!(!section.contains("Published: "));
}

/// Sixteen documents telling one happening: pages list ten other sources and count the rest,
/// `timeline.json` lists all sixteen.
#[test]
fn pages_list_a_bounded_number_of_sources_and_the_export_all_of_them() {
    let mut test = SiteTest::new().config("title = \"Sources\"\n");
    for n in 0..16 {
        test = test.file(
            &format!("content/n{n:02}.md"),
            &format!(
                "---\ntitle: Note {n:02}\ndate: 2024-05-{:02}\n---\n\n\
                 On 12 March 2024 the defence ministers signed the Kanazawa logistics accord.\n",
                n + 1
            ),
        );
    }
    let site = test.build();
    let json = timeline_json(&site);
    let accord = json["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| {
            e["snippet"]
                .as_str()
                .is_some_and(|s| s.contains("Kanazawa"))
        })
        .expect("the accord is an event");
    assert_eq!(accord["sources"].as_array().map(Vec::len), Some(16));
    assert_eq!(accord["source_count"], 16);
    assert_eq!(accord["more_sources"], 0);

    let page = site.html("n00/index.html");
    let told = &page[page.find("Also told by").expect("other sources")..];
    let told = &told[..told.find("</p>").expect("end")];
    assert_eq!(told.matches("<a href=").count(), 10, "{told}");
    assert!(told.contains("and 5 more"), "{told}");
    let timeline = site.html("timeline/index.html");
    assert!(timeline.contains("Told by 16 sources"), "{timeline}");
    assert!(timeline.contains("; and 6 more"), "{timeline}");
}

#[test]
fn timeline_json_has_every_event_with_all_its_fields() {
    let site = timeline_site();
    let json = timeline_json(&site);
    let events = json["events"].as_array().expect("events");
    let dates: Vec<&str> = events
        .iter()
        .map(|e| e["date"]["interval"].as_str().unwrap_or(""))
        .collect();
    let mut sorted = events
        .iter()
        .map(|e| e["date"]["first_day"].as_str().unwrap_or("").to_string())
        .collect::<Vec<_>>();
    sorted.sort();
    let firsts: Vec<String> = events
        .iter()
        .map(|e| e["date"]["first_day"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(firsts, sorted, "oldest first: {dates:?}");
    assert!(
        dates.contains(&"1951"),
        "the undated memo's absolute date: {dates:?}"
    );
    assert!(
        dates.contains(&"2024-07-27/2024-08-02"),
        "this week: {dates:?}"
    );
    let command = events
        .iter()
        .find(|e| e["date"]["interval"] == "2025-03")
        .expect("the joint command");
    assert_eq!(command["kind"], "planned");
    assert_eq!(command["planned"], true);
    assert_eq!(command["deadline"], true);
    assert_eq!(command["date"]["display"], "March 2025");
    assert_eq!(command["date"]["precision"], "month");
    let sources = command["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 2, "merged across documents: {sources:#?}");
    let summit = sources
        .iter()
        .find(|s| s["document_slug"] == "summit")
        .expect("the summit notes are a source");
    assert_eq!(summit["anchor"], "p-2");
    assert_eq!(
        summit["permalink"],
        "https://org.github.io/briefs/summit/#p-2"
    );
    let topics: Vec<&str> = command["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .filter_map(|t| t["slug"].as_str())
        .collect();
    assert_eq!(topics, ["command-and-control"]);
    let kinds: BTreeSet<&str> = events.iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["declared", "extracted", "planned", "published"])
    );
    // HTML-significant characters are escaped even in JSON.
    let text = site.html("timeline.json");
    assert!(!text.contains("<b>") && text.contains("\\u003cb\\u003e"));
}

#[test]
fn relative_dates_in_undated_documents_are_dropped_with_a_warning() {
    let site = SiteTest::new()
        .file("content/undated.txt", UNDATED)
        .create();
    let report = site.build();
    let warning = report
        .warnings
        .iter()
        .find(|w| w.message.contains("relative date"))
        .unwrap_or_else(|| panic!("no warning about the relative date: {:#?}", report.warnings));
    assert!(
        warning.message.contains("It was agreed last month"),
        "{}",
        warning.message
    );
    let json = timeline_json(&site);
    let dates: Vec<&str> = json["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["date"]["interval"].as_str())
        .collect();
    assert_eq!(dates, ["1951"]);
}

// ---------------------------------------------------------------------------------------------
// The seeds, with dates given to the scraped pages

fn seeds_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    dir.is_dir().then_some(dir)
}

/// The seed pages and the dates a reader can tell from them (the Jekyll post has its own).
const SEED_DATES: &[(&str, &str)] = &[
    ("000_5a0bf3e773aad79f.txt", "2023-06-15"),
    ("001_1868acd07bccdf36.txt", "2024-04-11"),
    ("002_282a0848d124d2e3.txt", "2023-01-13"),
    ("003_1a0b729c3550bd00.txt", ""),
    ("004_44e258013fd64c5d.txt", "2024-08-02"),
];

fn seeds_site() -> Option<Site> {
    let Some(dir) = seeds_dir() else {
        eprintln!("note: ../shared/seeds is missing; the seed timeline test is skipped");
        return None;
    };
    let mut site = SiteTest::new();
    for (file, date) in SEED_DATES {
        let text = fs::read_to_string(dir.join(file)).expect("read seed");
        let text = if date.is_empty() {
            text
        } else {
            format!("---\ndate: {date}\n---\n{text}")
        };
        site = site.file(&format!("content/{file}"), &text);
    }
    Some(site.build())
}

#[test]
fn seeds_give_the_events_a_reader_expects() {
    let Some(site) = seeds_site() else {
        return;
    };
    let json = timeline_json(&site);
    let events = json["events"].as_array().expect("events");
    // (date interval, words of the snippet, planned)
    let expected: &[(&str, &[&str], bool)] = &[
        ("2023-01-13", &["first visit to Washington"], false),
        ("2023-05-18", &["G7", "Hiroshima"], false),
        ("2023-05", &["G7 summit in Hiroshima"], false),
        ("2023-08", &["Camp David"], false),
        ("2024-04-07", &["freedom of navigation exercise"], false),
        ("2024-06", &["inaugural Defense Industrial"], false),
        ("2025-03", &["Joint Operational Command"], true),
    ];
    for (date, words, planned) in expected {
        let found = events.iter().any(|e| {
            e["date"]["interval"] == *date
                && e["planned"] == *planned
                && e["sources"].as_array().is_some_and(|sources| {
                    sources.iter().any(|s| {
                        let snippet = s["snippet"].as_str().unwrap_or("");
                        words.iter().all(|w| snippet.contains(w))
                    })
                })
        });
        assert!(found, "no event {date} {words:?} (planned: {planned})");
    }
    let command = events
        .iter()
        .find(|e| e["date"]["interval"] == "2025-03")
        .expect("joint command");
    assert_eq!(
        command["sources"].as_array().map(Vec::len),
        Some(2),
        "the joint command is told by two documents: {command:#}"
    );
    site.check_file_contains("timeline/index.html", &["7 April 2024", "March 2025"]);
}

// ---------------------------------------------------------------------------------------------
// Precision and recall on the labelled set

struct Labelled {
    doc_date: String,
    expected: BTreeSet<String>,
    sentence: String,
}

fn labelled_set() -> Vec<Labelled> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/date_sentences.tsv");
    let text = fs::read_to_string(&path).expect("read the labelled set");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "three columns: {line:?}");
            Labelled {
                doc_date: cols[0].to_string(),
                expected: cols[1]
                    .split(';')
                    .filter(|d| *d != "-")
                    .map(str::to_string)
                    .collect(),
                sentence: cols[2].to_string(),
            }
        })
        .collect()
}

fn predicted(row: &Labelled) -> BTreeSet<String> {
    let doc = parse_date(&row.doc_date).expect("document date");
    find_dates(&row.sentence)
        .into_iter()
        .filter_map(|m| resolve(m.expr, Some(&doc)))
        .map(|d| d.iso())
        .collect()
}

#[test]
fn date_grammar_precision_and_recall_on_the_labelled_set() {
    let rows = labelled_set();
    let traps = rows.iter().filter(|r| r.expected.is_empty()).count();
    assert!(
        rows.len() >= 60 && traps * 2 >= rows.len(),
        "{} rows, {traps} traps",
        rows.len()
    );
    let (mut true_positives, mut predicted_total, mut expected_total) = (0, 0, 0);
    for row in &rows {
        let got = predicted(row);
        let hits = got.intersection(&row.expected).count();
        if got != row.expected {
            eprintln!(
                "mismatch: {:?}\n  expected {:?}\n  got      {:?}",
                row.sentence, row.expected, got
            );
        }
        true_positives += hits;
        predicted_total += got.len();
        expected_total += row.expected.len();
    }
    let precision = true_positives as f64 / predicted_total.max(1) as f64;
    let recall = true_positives as f64 / expected_total.max(1) as f64;
    eprintln!(
        "labelled set: {} sentences ({traps} traps), {expected_total} dates; precision {precision:.3} ({true_positives}/{predicted_total}), recall {recall:.3} ({true_positives}/{expected_total})",
        rows.len()
    );
    assert!(precision >= 0.9, "precision {precision:.3}");
    assert!(recall >= 0.9, "recall {recall:.3}");
}
