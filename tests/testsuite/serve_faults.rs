//! Serve faults found by using `dossier serve` as an editor would (issue 11), each replayed on
//! the in-memory engine (see [`crate::serve_harness`]) and compared with a full build; and
//! `LiveSite::verify`, the check behind `dossier serve --verify`.

use std::fs;

use dossier::serve::watch::FsEventKind;

use crate::serve_harness::{differences, event, excerpt, full_build, rebuild, serve_in_memory};
use crate::site::{Site, SiteTest};

/// Asserts that every served file equals a full build of the site.
fn assert_serves_a_full_build(
    site: &Site,
    options: &dossier::cmd::build::BuildOptions,
    served: &dossier::serve::state::Served,
) {
    let full = full_build(options).unwrap_or_else(|e| panic!("full build: {e}"));
    let snapshot = served.snapshot();
    let paths = differences(&full, &snapshot);
    assert!(
        paths.is_empty(),
        "served files differ from a full build of {}: {paths:?}\n{}",
        site.root().display(),
        excerpt(&paths[0], &full, &snapshot)
    );
}

/// Ten notes; `alpha.md` links `[the beta note](beta.md)`.
fn ten_notes() -> SiteTest {
    let mut site = SiteTest::new()
        .config("title = \"Notes\"\nbase_url = \"https://example.org/\"\n\n[search]\nenabled = false\n")
        .file(
            "content/alpha.md",
            "---\ntitle: Alpha\ndate: 2024-01-01\n---\nShipyards and submarine hulls. Read [the beta note](beta.md).\n",
        )
        .file(
            "content/beta.md",
            "---\ntitle: Beta\ndate: 2025-01-02\n---\nRainfall in April.\n",
        );
    // Notes that share words with alpha and not with beta: alpha's related documents are
    // these, so nothing but the body link ties alpha's page to beta.
    for n in 3..=10 {
        site = site.file(
            &format!("content/note-{n}.md"),
            &format!("---\ntitle: Note {n}\ndate: 2024-02-{n:02}\n---\nNote {n} on shipyards and submarine hulls.\n"),
        );
    }
    site
}

#[test]
fn a_new_slug_relinks_the_pages_that_link_to_the_document() {
    let site = ten_notes().create();
    let (options, mut live, mut served) = serve_in_memory(&site);
    let alpha = String::from_utf8_lossy(&served.files["alpha/index.html"]).into_owned();
    assert_eq!(alpha.matches("href=\"/beta/\"").count(), 1, "{alpha}");
    site.write(
        "content/beta.md",
        "---\ntitle: Beta\nslug: gamma\ndate: 2025-01-02\n---\nRainfall in April.\n",
    );
    let events = [event(
        site.root(),
        FsEventKind::Modify,
        &["content/beta.md"],
    )];
    rebuild(&mut live, &mut served, &events).expect("rebuild");
    let alpha = String::from_utf8_lossy(&served.files["alpha/index.html"]).into_owned();
    assert!(
        alpha.contains("href=\"/gamma/\"") && !alpha.contains("href=\"/beta/\""),
        "/alpha/ should link /gamma/:\n{alpha}"
    );
    assert_serves_a_full_build(&site, &options, &served);
}

/// A folder added while serving (`mkdir` and a write, or a `git checkout`): the watcher
/// reports the folder and the files in it, and each document must be read once.
#[test]
fn a_folder_added_while_serving_is_read_once() {
    let site = ten_notes().create();
    let (options, mut live, mut served) = serve_in_memory(&site);
    site.write(
        "content/reports/r1.md",
        "---\ntitle: Report one\ndate: 2024-03-01\n---\nSee [alpha](../alpha.md).\n",
    );
    site.write(
        "content/reports/r2.md",
        "---\ntitle: Report two\ndate: 2024-03-02\n---\nTwo.\n",
    );
    let root = site.root();
    let events = [
        event(root, FsEventKind::Create, &["content/reports"]),
        event(root, FsEventKind::Create, &["content/reports/r1.md"]),
        event(root, FsEventKind::Modify, &["content/reports/r1.md"]),
        event(root, FsEventKind::Create, &["content/reports/r2.md"]),
    ];
    rebuild(&mut live, &mut served, &events).unwrap_or_else(|e| panic!("rebuild failed: {e}"));
    assert!(served.files.contains_key("reports/r1/index.html"));
    assert!(served.files.contains_key("reports/r2/index.html"));
    assert_serves_a_full_build(&site, &options, &served);
    // The same folder reported in one batch and its file in the next (a slow checkout).
    site.write(
        "content/more/m1.md",
        "---\ntitle: More\ndate: 2024-03-03\n---\nMore.\n",
    );
    let folder = [event(root, FsEventKind::Create, &["content/more"])];
    let file = [event(root, FsEventKind::Create, &["content/more/m1.md"])];
    let plan = |events: &[_]| {
        dossier::serve::watch::classify(events, &dossier::serve::watch::Layout::new(live.paths()))
    };
    let mut both = plan(&folder);
    both.merge(plan(&file));
    let mut rebuilt = live
        .apply(both)
        .unwrap_or_else(|e| panic!("rebuild failed: {e}"));
    served.apply(&mut rebuilt);
    crate::serve_harness::settle(&mut served, &mut live);
    assert_serves_a_full_build(&site, &options, &served);
}

/// An Emacs lock file (`.#alpha.md`, a symlink to nowhere) beside a document being edited:
/// ignored by the classifier, and no rebuild fails for it, full ones (config, templates) included.
#[cfg(unix)]
#[test]
fn an_emacs_lock_file_never_fails_a_rebuild() {
    let site = ten_notes().create();
    let (options, mut live, mut served) = serve_in_memory(&site);
    let root = site.root();
    std::os::unix::fs::symlink(
        "editor@host.4242:1700000000",
        root.join("content/.#alpha.md"),
    )
    .expect("lock file");
    let lock = [event(root, FsEventKind::Create, &["content/.#alpha.md"])];
    let rebuilt = rebuild(&mut live, &mut served, &lock).expect("the lock file alone");
    assert_eq!(rebuilt.pages_rendered, 0, "{}", rebuilt.summary_line());
    site.write(
        "content/alpha.md",
        "---\ntitle: Alpha edited\ndate: 2024-01-01\n---\nRead [the beta note](beta.md).\n",
    );
    let edit = [event(root, FsEventKind::Modify, &["content/alpha.md"])];
    rebuild(&mut live, &mut served, &edit).unwrap_or_else(|e| panic!("document edit: {e}"));
    let config = fs::read_to_string(root.join("site-config.toml")).unwrap();
    site.write(
        "site-config.toml",
        &config.replace("title = \"Notes\"", "title = \"Renamed notes\""),
    );
    let full = [event(root, FsEventKind::Modify, &["site-config.toml"])];
    rebuild(&mut live, &mut served, &full).unwrap_or_else(|e| panic!("config edit: {e}"));
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Lost</h1>{% endblock content %}",
    );
    let template = [event(
        root,
        FsEventKind::Create,
        &["themes/default/templates/404.html"],
    )];
    rebuild(&mut live, &mut served, &template).unwrap_or_else(|e| panic!("template edit: {e}"));
    assert_serves_a_full_build(&site, &options, &served);
}

#[test]
fn verify_finds_nothing_after_a_correct_rebuild_and_names_a_tampered_page() {
    let site = ten_notes().create();
    let (_, mut live, mut served) = serve_in_memory(&site);
    site.write(
        "content/note-3.md",
        "---\ntitle: Note three, renamed\ndate: 2024-02-03\n---\nNote 3.\n",
    );
    let events = [event(
        site.root(),
        FsEventKind::Modify,
        &["content/note-3.md"],
    )];
    rebuild(&mut live, &mut served, &events).expect("rebuild");
    assert_eq!(live.verify(&served).expect("verify"), Vec::<String>::new());
    served.files.insert(
        "note-3/index.html".into(),
        bytes::Bytes::from_static(b"<p>stale</p>"),
    );
    served.files.remove("archive/index.html");
    served
        .files
        .insert("gone/index.html".into(), bytes::Bytes::from_static(b"old"));
    assert_eq!(
        live.verify(&served).expect("verify"),
        ["archive/index.html", "gone/index.html", "note-3/index.html"]
    );
}

/// An mdBook chapter includes another document and a Jekyll post names one with `post_url`:
/// editing the included document, or adding the named one, changes the pages that read them,
/// as a full build does (serve once re-parsed an edited document without the others).
#[test]
fn pages_that_include_other_documents_follow_their_edits() {
    let site = SiteTest::new()
        .config("title = \"Book\"\nbase_url = \"https://example.org/\"\n\n[search]\nenabled = false\n")
        .file(
            "content/book/chapter.md",
            "---\ntitle: Chapter\ndate: 2024-01-01\n---\nBefore.\n\n{{#include part.md}}\n\nSee {% post_url 2024-02-02-news %}.\n",
        )
        .file("content/book/part.md", "Harbour text, first version.\n")
        .create();
    let (options, mut live, mut served) = serve_in_memory(&site);
    site.write("content/book/part.md", "Harbour text, second version.\n");
    let events = [event(
        site.root(),
        FsEventKind::Modify,
        &["content/book/part.md"],
    )];
    rebuild(&mut live, &mut served, &events).expect("rebuild");
    let chapter = String::from_utf8_lossy(&served.files["book/chapter/index.html"]).into_owned();
    assert!(chapter.contains("second version"), "{chapter}");
    assert_serves_a_full_build(&site, &options, &served);

    site.write(
        "content/_posts/2024-02-02-news.markdown",
        "---\ntitle: News\n---\nNews.\n",
    );
    let events = [event(
        site.root(),
        FsEventKind::Create,
        &["content/_posts/2024-02-02-news.markdown"],
    )];
    rebuild(&mut live, &mut served, &events).expect("rebuild");
    assert_serves_a_full_build(&site, &options, &served);
}
