//! Topics end to end: curated, declared and detected topics on a fixture site; topic pages with
//! quoted passages that link to real anchors; autolinks; related documents and references;
//! feeds and `topics.json`; discovery and `dossier topics --add`; discovery on the real seeds.

use std::path::PathBuf;

use dossier::cmd::build::BuildOptions;
use dossier::cmd::topics::suggestions;

use crate::site::{element, run_in, Site, SiteTest};

const CONFIG: &str = r#"title = "Topic fixture"
base_url = "https://org.github.io/briefs/"

[topics]
threshold = 2
autolink = "first"

[topics.command-and-control]
title = "Command and control"
description = "Who commands whom."
aliases = ["C2", "Joint Operations Command", "J-JOC"]

[topics.taiwan]
title = "Taiwan"
aliases = ["Taipei"]
kind = "place"
"#;

fn site() -> Site {
    SiteTest::new()
        .config(CONFIG)
        .file(
            "content/alpha.md",
            "---\ntitle: Alpha\ndate: 2024-05-01\ntopics: [AUKUS]\n---\n\n## Command and control\n\nThe new Joint Operations Command opens in 2025; C2 is the core of it.\n\nSubmarines under AUKUS need shipyards.\n\nCode like `Taiwan` and a [Taiwan link](https://example.org/) do not count.\n",
        )
        .file(
            "content/beta.md",
            "---\ntitle: Beta\ndate: 2024-06-01\ntopics: [AUKUS]\n---\n\nTaiwan matters. Taipei agrees about Taiwan.\n\nSee [the alpha note](alpha.md) on command and control, and J-JOC.\n",
        )
        .file(
            "content/gamma.md",
            "---\ntitle: Gamma\ndate: 2024-07-01\n---\n\nOne mention of Taiwan only.\n",
        )
        .build()
}

#[test]
fn curated_declared_and_detected_topics_get_pages() {
    let site = site();
    for page in ["command-and-control", "taiwan", "aukus"] {
        site.check_file_contains(&format!("topics/{page}/index.html"), &["<h1>"]);
    }
    site.check_file_contains(
        "topics/command-and-control/index.html",
        &["Who commands whom.", ">Alpha</a>", ">Beta</a>"],
    );
    site.check_file_lacks("topics/taiwan/index.html", &[">Gamma</a>", ">Alpha</a>"]);
    site.check_file_contains("topics/index.html", &["Themes", "Places", "2 documents"]);
}

#[test]
fn topic_pages_quote_passages_that_link_to_real_anchors() {
    let site = site();
    let page = site.html("topics/command-and-control/index.html");
    assert!(
        page.contains("<mark>Joint Operations Command</mark>"),
        "{page}"
    );
    assert!(page.contains("href=\"/briefs/alpha/#p-1\""), "{page}");
    assert!(site.html("alpha/index.html").contains("id=\"p-1\""));
    let taiwan = site.html("topics/taiwan/index.html");
    assert!(
        !taiwan.contains("Code like"),
        "mentions in code and link text do not count"
    );
}

#[test]
fn first_mention_is_autolinked_outside_headings_and_code() {
    let site = site();
    let alpha = site.html("alpha/index.html");
    let body = element(&alpha, "<div class=\"body\">", "div");
    assert!(
        body.contains("<h2 id=\"command-and-control\">Command and control<a class=\"anchor\""),
        "{body}"
    );
    assert_eq!(
        body.matches("href=\"/briefs/topics/command-and-control/\"")
            .count(),
        1,
        "{body}"
    );
    assert!(body.contains("The new <a class=\"topic-link\" href=\"/briefs/topics/command-and-control/\">Joint Operations Command</a>"), "{body}");
    assert!(body.contains("<code>Taiwan</code>"));
}

#[test]
fn document_pages_show_topic_counts_related_documents_and_references() {
    let site = site();
    let alpha = site.html("alpha/index.html");
    assert!(alpha.contains("Referenced by"), "{alpha}");
    assert!(alpha.contains("href=\"/briefs/beta/#p-2\""), "{alpha}");
    assert!(
        alpha.contains("See the alpha note on command and control, and J-JOC."),
        "{alpha}"
    );
    let related = element(&alpha, "<section class=\"related\"", "section");
    assert!(
        related.contains(">Beta</a>") && related.contains("shares: "),
        "{related}"
    );
    let beta = site.html("beta/index.html");
    let header = element(&beta, "<header>", "header");
    assert!(header.contains("Taiwan <span class=\"count\""), "{header}");
}

#[test]
fn topic_feeds_and_json_export() {
    let site = site();
    site.check_file_contains(
        "topics/taiwan/atom.xml",
        &["https://org.github.io/briefs/beta/"],
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.html("topics.json")).expect("valid JSON");
    let topics = json["topics"].as_array().expect("topics");
    let c2 = topics
        .iter()
        .find(|t| t["slug"] == "command-and-control")
        .expect("c2");
    assert_eq!(c2["kind"], "theme");
    assert_eq!(c2["aliases"][1], "C2");
    let docs = c2["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 2);
    assert!(docs
        .iter()
        .any(|d| d["url"] == "https://org.github.io/briefs/alpha/" && d["passages"][0] == "p-1"));
}

#[test]
fn two_names_that_would_share_a_slug_are_an_error() {
    let site = SiteTest::new()
        .file("content/a.md", "---\ntopics: [\"Émigré\"]\n---\n")
        .file("content/b.md", "---\ntopics: [Emigre]\n---\n")
        .create();
    let error = site.build_error();
    assert!(
        error.contains("/topics/emigre/") && error.contains("a.md"),
        "{error}"
    );
}

fn discovery_site(extra_config: &str) -> Site {
    SiteTest::new()
        .config(&format!("title = \"D\"\nbase_url = \"https://example.org/\"\n{extra_config}"))
        .file("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n\nThe bid by Nippon Steel stalled; Nippon Steel waited. Talks on CPTPP went on.\n\nCPTPP grew.\n")
        .file("content/b.md", "---\ntitle: B\ndate: 2024-02-01\n---\n\nA ruling on Nippon Steel came, and Nippon Steel appealed. Members of CPTPP met.\n\nCPTPP again.\n")
        .file("content/c.md", "---\ntitle: C\ndate: 2024-03-01\n---\n\nNothing shared here at all.\n")
        .create()
}

#[test]
fn discovered_topics_are_published_and_marked_by_default() {
    let site = discovery_site("");
    site.build();
    site.check_file_contains(
        "topics/nippon-steel/index.html",
        &["found automatically", ">A</a>", ">B</a>"],
    );
    site.check_file_contains("topics/cptpp/index.html", &["found automatically"]);
    site.check_file_contains("topics/index.html", &["Found automatically"]);
    site.check_file_contains("topics.json", &["\"found_automatically\":true"]);
}

#[test]
fn discovery_is_off_with_zero_capped_with_n_and_hides_excluded_topics() {
    let off = discovery_site("[topics]\ndiscover = 0\n");
    off.build();
    assert!(!off.out().join("topics/nippon-steel").exists());
    let one = discovery_site("[topics]\ndiscover = 1\n");
    one.build();
    let published = ["topics/nippon-steel", "topics/cptpp"]
        .iter()
        .filter(|p| one.out().join(p).exists())
        .count();
    assert_eq!(published, 1);
    let excluded = discovery_site("[topics]\nexclude = [\"Nippon Steel\"]\n");
    excluded.build();
    assert!(!excluded.out().join("topics/nippon-steel").exists());
    assert!(excluded.out().join("topics/cptpp/index.html").exists());
}

/// The name and slug of the discovered topic that has `alias` among its aliases.
fn discovered_with_alias(site: &Site, alias: &str) -> (String, String) {
    let json: serde_json::Value =
        serde_json::from_str(&site.html("topics.json")).expect("topics.json parses");
    let topic = json["topics"]
        .as_array()
        .expect("a topic list")
        .iter()
        .find(|t| {
            t["aliases"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x == alias))
        })
        .unwrap_or_else(|| panic!("no topic with the alias {alias}: {json}"));
    let text = |field: &str| topic[field].as_str().expect("a string").to_string();
    (text("name"), text("slug"))
}

#[test]
fn a_discovered_topic_keeps_its_slug_when_added_documents_change_its_title() {
    // Three documents spell FEMA out; once FEMA alone is written in three times as many
    // documents, it titles the topic instead (the expansion stays an alias).
    let spelt_out = "The Federal Emergency Management Agency (FEMA) set new rules for flood \
        maps. FEMA grants rose, and FEMA staff met with the towns.";
    let mut test = SiteTest::new().config("title = \"D\"\nbase_url = \"https://example.org/\"\n");
    for doc in ["a", "b", "c"] {
        test = test.file(
            &format!("content/{doc}.md"),
            &format!("---\ntitle: {doc}\n---\n\n{spelt_out}\n"),
        );
    }
    for n in 1..=12 {
        let other = format!("The harbour board met about dredging number {n}. Boats waited.");
        test = test.file(
            &format!("content/note-{n}.md"),
            &format!("---\ntitle: Note {n}\n---\n\n{other}\n"),
        );
    }
    let site = test.build();
    let (first_name, first_slug) = discovered_with_alias(&site, "FEMA");
    for doc in ["d", "e", "f", "g", "h", "i", "j"] {
        let text = format!(
            "---\ntitle: {doc}\n---\n\nFEMA funds went out to the towns. FEMA said so again.\n"
        );
        site.write(&format!("content/{doc}.md"), &text);
    }
    site.build();
    let (then_name, then_slug) = discovered_with_alias(&site, "FEMA");
    assert_eq!(
        (first_name.as_str(), then_name.as_str()),
        ("Federal Emergency Management Agency", "FEMA"),
        "the added documents change the title"
    );
    assert_eq!(first_slug, then_slug, "{first_name} became {then_name}");
    assert!(site
        .out()
        .join(format!("topics/{then_slug}/index.html"))
        .exists());
}

#[test]
fn topics_command_lists_and_adds_suggestions() {
    let site = discovery_site("");
    let run = site.run(&[
        "topics",
        "--root",
        site.root().to_str().expect("utf-8 path"),
    ]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("Nippon Steel  [nippon-steel]  Name, 2 documents"),
        "{}",
        run.stdout
    );
    let add = site.run(&[
        "topics",
        "--root",
        site.root().to_str().expect("utf-8 path"),
        "--add",
        "nippon-steel",
    ]);
    add.expect_code(0);
    let config = std::fs::read_to_string(site.root().join("site-config.toml")).expect("config");
    assert!(
        config.contains("[topics.nippon-steel]\ntitle = \"Nippon Steel\""),
        "{config}"
    );
    site.build();
    site.check_file_lacks("topics/nippon-steel/index.html", &["found automatically"]);
    let unknown = site.run(&[
        "topics",
        "--root",
        site.root().to_str().expect("utf-8 path"),
        "--add",
        "nope",
    ]);
    unknown.expect_code(1);
}

#[test]
fn discovery_on_the_seeds_finds_names_no_curated_alias_covers() {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("note: {} is missing; skipped", seeds.display());
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let options = BuildOptions {
        root,
        content: Some(seeds),
        ..BuildOptions::default()
    };
    let (_, found, _) = suggestions(&options).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = found.iter().map(|d| d.name.as_str()).collect();
    // Nippon Steel and NATO are passing mentions in the seeds (once per document): central to
    // none, so not topics; Indo-Pacific and Joe Biden are central to more than half of them.
    for expected in [
        "South China Sea",
        "Fumio Kishida",
        "Free and Open Indo-Pacific",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} not discovered: {names:?}"
        );
    }
    for boilerplate in ["United States", "U.S.-Japan", "The United States", "This"] {
        assert!(
            !names.contains(&boilerplate),
            "{boilerplate} should not qualify: {names:?}"
        );
    }
}

/// The five seeds in a fresh `dossier init` site: topics with no configuration.
#[test]
fn seeds_in_a_fresh_init_site_get_their_shared_topics() {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("note: {} is missing; skipped", seeds.display());
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    run_in(tmp.path(), &["init", "briefs"]).expect_code(0);
    let root = tmp.path().join("briefs");
    for entry in std::fs::read_dir(&seeds).expect("seeds").flatten() {
        std::fs::copy(entry.path(), root.join("content").join(entry.file_name())).expect("copy");
    }
    run_in(&root, &["build"]).expect_code(0);
    let json = std::fs::read_to_string(root.join("public/topics.json")).expect("topics.json");
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    let topics = value["topics"].as_array().expect("topics");
    let named = |name: &str| {
        topics.iter().find(|t| {
            t["found_automatically"] == true
                && t["aliases"].as_array().is_some_and(|a| {
                    a.iter()
                        .any(|x| x.as_str().is_some_and(|x| x.eq_ignore_ascii_case(name)))
                })
        })
    };
    for expected in [
        "Taiwan",
        "Quad",
        "command and control",
        "defense industry",
        "economic security",
    ] {
        let topic = named(expected).unwrap_or_else(|| panic!("no topic for {expected}"));
        let slug = topic["slug"].as_str().expect("slug");
        assert!(
            root.join(format!("public/topics/{slug}/index.html"))
                .is_file(),
            "{slug}"
        );
        assert!(
            topic["document_count"].as_u64() >= Some(1),
            "{expected} files documents"
        );
    }
    let titles: Vec<&str> = topics.iter().filter_map(|t| t["name"].as_str()).collect();
    assert!(titles.contains(&"Fumio Kishida"), "{titles:?}");
    for name in &titles {
        let words: Vec<&str> = name.split(' ').collect();
        if words.len() == 2 && words.iter().all(|w| w.starts_with(char::is_uppercase)) {
            for part in &words {
                assert!(!titles.contains(part), "{part} next to {name}: {titles:?}");
            }
        }
    }
    assert!(!titles.contains(&"Kishida Fumio"), "{titles:?}");
}
