//! Bad text input on real builds (issue 15): front matter that is not quite fenced, YAML scalars
//! that look like numbers, memo-like `.txt` files, control characters, names too long for a file
//! system, and errors that name the document they come from.

use crate::site::{line_after, SiteTest};

#[test]
fn front_matter_with_odd_fences_is_never_printed_as_the_body() {
    let site = SiteTest::new()
        .file(
            "content/a.md",
            " ---\ntitle: Leading Space\n---\nBody one.\n",
        )
        .file(
            "content/b.md",
            "\n+++\ntitle = \"Blank First Line\"\n+++\nBody two.\n",
        )
        .file(
            "content/c.md",
            "----\ntitle: Four Dashes\n----\nBody three.\n",
        )
        .file(
            "content/d.md",
            "\u{feff}\r\n---\r\ntitle: Bom And Crlf\r\n---\r\nBody four.\r\n",
        )
        .create();
    let report = site.build();
    for (page, title) in [
        ("a", "Leading Space"),
        ("b", "Blank First Line"),
        ("c", "Four Dashes"),
        ("d", "Bom And Crlf"),
    ] {
        let page = format!("{page}/index.html");
        site.check_file_contains(&page, &[&format!("<h1>{title}</h1>")]);
        site.check_file_lacks(&page, &["title:", "title =", "---", "+++"]);
    }
    let warning = report
        .warnings
        .iter()
        .find(|w| w.message.contains("`----`"))
        .expect("a warning for the `----` fence");
    assert!(warning.path.ends_with("content/c.md"), "{warning}");
    assert_eq!(warning.line, Some(1));
}

#[test]
fn yaml_scalars_in_text_fields_keep_their_spelling() {
    let site = SiteTest::new()
        .file(
            "content/v.md",
            "---\ntitle: 1.10\ndescription: 1e3\ntopics: [0x1F, 2.50]\n---\nRelease notes.\n",
        )
        .build();
    site.check_file_contains("v/index.html", &["<h1>1.10</h1>", "1e3", "0x1F", "2.50"]);
    site.check_file_lacks("v/index.html", &["<h1>1.1</h1>", "1000"]);
}

#[test]
fn a_memo_in_a_txt_file_keeps_every_line() {
    let memo = "Memo\nBudget update\nThe meeting moved to Friday.\nApproved.\nSee attached.\nThanks, Anna\n";
    let site = SiteTest::new()
        .file("content/memo.txt", memo)
        .file("content/two.txt", "Line one\nLine two\n\nPara two.\n")
        .build();
    site.check_file_contains("memo/index.html", &memo.lines().collect::<Vec<_>>());
    site.check_file_contains("two/index.html", &["Line one", "Line two", "Para two."]);
}

#[test]
fn control_characters_reach_neither_the_feed_nor_the_pages() {
    let site = SiteTest::new()
        .file(
            "content/c.md",
            "---\ntitle: \"Nul\\0 and escape\\e in a title\"\ndate: 2024-01-01\n---\nBody\u{0} with a bell\u{7} and\u{1b}[31m colour.\n",
        )
        .create();
    let report = site.build();
    for file in ["atom.xml", "c/index.html", "index.html"] {
        let bytes = std::fs::read(site.out().join(file)).expect(file);
        let bad: Vec<u8> = bytes
            .iter()
            .copied()
            .filter(|b| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            .collect();
        assert!(bad.is_empty(), "{file} has control bytes {bad:?}");
    }
    site.check_file_contains("atom.xml", &["Nul and escape in a title"]);
    let warning = report
        .warnings
        .iter()
        .find(|w| w.message.contains("control character"))
        .expect("a warning");
    assert!(warning.path.ends_with("content/c.md"), "{warning}");
    assert_eq!(warning.line, Some(5), "{warning}");
}

#[test]
fn names_too_long_for_a_file_system_are_cut_with_a_warning() {
    let long_slug = "s".repeat(256);
    let long_topic = "Topic ".repeat(50);
    let site = SiteTest::new()
        .file(
            "content/long.md",
            &format!("---\ntitle: Long\nslug: {long_slug}\ntopics: [{long_topic}]\n---\nBody.\n"),
        )
        .create();
    let report = site.build();
    let about_long: Vec<String> = report
        .warnings
        .iter()
        .filter(|w| w.path.ends_with("content/long.md") && w.message.contains("200 bytes"))
        .map(|w| w.to_string())
        .collect();
    assert_eq!(about_long.len(), 2, "{about_long:#?}");
    assert!(site
        .files()
        .iter()
        .any(|f| f == &format!("{}/index.html", "s".repeat(200))));
    for file in site.files() {
        assert!(file.split('/').all(|part| part.len() <= 200), "{file}");
    }
}

#[test]
fn a_bad_event_date_is_reported_at_its_own_line() {
    let site = SiteTest::new()
        .file(
            "content/e.md",
            "---\ntitle: E\ndate: 2024-01-01\nevents:\n  - date: 2024-02-01\n    title: One\n  - title: Two\n    date: sometime soon\n---\nBody.\n",
        )
        .create();
    // The event is left out with a warning at its line; the build goes on.
    let run = site.run(&["build"]);
    run.expect_code(0);
    assert!(run.stderr.contains("event 2 is left out"), "{}", run.stderr);
    assert_eq!(
        line_after(&run.stderr, "content/e.md"),
        Some(8),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_template_variable_names_the_document_too() {
    let site = SiteTest::new()
        .file("content/a.md", "---\ntitle: A\n---\nBody.\n")
        .file(
            "themes/default/templates/document.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ doc.nope }}\n{% endblock content %}\n",
        )
        .create();
    let run = site.run(&["build"]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("themes/default/templates/document.html"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/a.md"), "{}", run.stderr);
}

#[test]
fn dated_file_names_read_as_jekyll_does_and_disagreements_warn() {
    let site = SiteTest::new()
        .file("content/2014-3-3-budget.md", "# Budget\n\nThe numbers.\n")
        .file(
            "content/2015-01-02-review.md",
            "---\ntitle: Review\ndate: 2015-02-01\n---\nText.\n",
        )
        .file(
            "content/2016-05-07-agree.md",
            "---\ntitle: Agree\ndate: 2016-05\n---\nText.\n",
        )
        .file("content/2014-13-45-odd.md", "# Odd\n\nText.\n")
        .create();
    let report = site.build();
    // A one-digit month and day are a date, as in Jekyll, and leave the URL.
    site.check_file_contains(
        "budget/index.html",
        &["<time datetime=\"2014-03-03\">3 March 2014</time>"],
    );
    let about = |name: &str| -> Vec<String> {
        report
            .warnings
            .iter()
            .filter(|w| w.path.ends_with(name))
            .map(|w| w.message.clone())
            .collect()
    };
    assert!(about("2014-3-3-budget.md").is_empty());
    assert!(about("2016-05-07-agree.md").is_empty(), "same month");
    let review = about("2015-01-02-review.md");
    assert!(
        review.iter().any(|m| m.contains("2015-02-01")
            && m.contains("2015-01-02")
            && m.contains("front matter's is used")),
        "{review:?}"
    );
    let odd = about("2014-13-45-odd.md");
    assert!(
        odd.iter()
            .any(|m| m.contains("2014-13-45") && m.contains("not a date")),
        "{odd:?}"
    );
    assert!(site
        .files()
        .iter()
        .any(|f| f == "2014-13-45-odd/index.html"));
}
