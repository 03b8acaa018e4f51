//! `dossier serve`: the real binary on an ephemeral port in a temp site, spoken to over raw TCP
//! (so request paths reach it exactly as written), and the incremental engine against full builds.
//!
//! Every wait polls with a generous deadline; nothing sleeps a fixed time and hopes.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dossier::cmd::build::{build, BuildOptions};
use dossier::serve::state::{ServeState, Served};
use dossier::serve::watch::{classify, FsEvent, FsEventKind, Layout};

use crate::serve_harness::{event, full_build, rebuild, serve_in_memory, settle};
use crate::site::{assert_same_tree, fixture, tree, Site, SiteTest};

const WAIT: Duration = Duration::from_secs(60);

/// A running `dossier serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    /// Every line the server printed so far.
    lines: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(site: &Site) -> Server {
        Server::start_with(site, &[])
    }

    fn start_with(site: &Site, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dossier serve");
        let lines = crate::site::collect_lines(&mut child);
        let mut server = Server {
            child,
            port: 0,
            lines,
        };
        let line = server.wait_line(|l| l.starts_with("Serving at "));
        let url = line.split_whitespace().nth(2).expect("url").to_string();
        let port = url
            .trim_start_matches("http://127.0.0.1:")
            .split('/')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        server.port = port;
        server
    }

    fn output(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// Waits for a printed line matching `f`; returns it.
    fn wait_line(&mut self, f: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(line) = self.output().into_iter().find(|l| f(l)) {
                return line;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("dossier serve exited ({status}):\n{:#?}", self.output());
            }
            assert!(
                Instant::now() < deadline,
                "timed out; output:\n{:#?}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A raw HTTP/1.1 GET of `path` exactly as given.
    fn get(&self, path: &str) -> Response {
        self.request(path, &format!("127.0.0.1:{}", self.port))
    }

    fn request(&self, path: &str, host: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read response");
        Response::parse(&raw)
    }

    /// Polls `path` until its body satisfies `f`.
    fn wait_for(&self, path: &str, what: &str, f: impl Fn(&Response) -> bool) -> Response {
        let deadline = Instant::now() + WAIT;
        loop {
            let response = self.get(path);
            if f(&response) {
                return response;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {path} to {what}; last response: {} {}\noutput: {:#?}",
                response.status,
                response.body,
                self.output()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Opens the event stream and waits for its `hello`.
    fn events(&self, base: &str) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET {base}__dossier/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
            self.port
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    if tx.send((name.clone(), data.to_string())).is_err() {
                        break;
                    }
                }
            }
        });
        let events = Events { rx };
        events.wait("hello", |_| true);
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    rx: Receiver<(String, String)>,
}

impl Events {
    /// Waits for an event called `name` whose data satisfies `f`; returns its data.
    fn wait(&self, name: &str, f: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((n, data)) if n == name && f(&data) => return data,
                Ok(_) => {}
                Err(e) => panic!("no {name} event: {e}"),
            }
        }
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: String,
    body: String,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let text = String::from_utf8_lossy(raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {head:?}"));
        Response {
            status,
            headers: head.to_ascii_lowercase(),
            body: body.to_string(),
        }
    }
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).expect("write");
}

#[test]
fn edit_changes_the_served_page_and_sends_a_reload() {
    let site = fixture().create();
    let mut server = Server::start(&site);
    let events = server.events("/briefs/");
    let page = server.get("/briefs/alpha/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Alpha briefing"));
    assert!(
        page.body.contains("/briefs/__dossier/reload.js"),
        "script injected"
    );
    let alpha = site.root().join("content/alpha.md");
    let text = fs::read_to_string(&alpha).unwrap();
    write(
        &alpha,
        &text.replace("title: Alpha briefing", "title: Alpha revised"),
    );
    let data = events.wait("reload", |d| d.contains("/briefs/alpha/index.html"));
    // The event comes after the new output is in place.
    let page = server.get("/briefs/alpha/");
    assert!(page.body.contains("Alpha revised"), "{data}\n{}", page.body);
    assert!(server.get("/briefs/").body.contains("Alpha revised"));
    assert!(server
        .get("/briefs/topics/taiwan/")
        .body
        .contains("Alpha revised"));
    // The output is read on another thread: wait for the line rather than race it.
    let line = server.wait_line(|l| l.contains("alpha.md changed:"));
    assert!(
        line.contains("re-rendered (the rest after the reload) in "),
        "{line}"
    );
}

#[test]
fn editor_saves_by_rename_and_by_backup() {
    let site = fixture().create();
    let server = Server::start(&site);
    let content = site.root().join("content");
    let alpha = content.join("alpha.md");
    let text = fs::read_to_string(&alpha).unwrap();
    // Write a temp file and rename it over the document (many editors, JetBrains-style).
    let tmp = content.join("alpha.md___jb_tmp___");
    write(&tmp, &text.replace("Alpha opens", "Renamed-over opens"));
    fs::rename(&tmp, &alpha).unwrap();
    server.wait_for("/briefs/alpha/", "show the renamed-over save", |r| {
        r.body.contains("Renamed-over opens")
    });
    // vim: write test file, rename the original to a backup, write anew, delete the backup.
    write(&content.join("4913"), "");
    fs::remove_file(content.join("4913")).unwrap();
    fs::rename(&alpha, content.join("alpha.md~")).unwrap();
    write(&alpha, &text.replace("Alpha opens", "Vim-saved opens"));
    fs::remove_file(content.join("alpha.md~")).unwrap();
    server.wait_for("/briefs/alpha/", "show the vim save", |r| {
        r.body.contains("Vim-saved opens")
    });
    // Delete and recreate.
    fs::remove_file(&alpha).unwrap();
    write(&alpha, &text.replace("Alpha opens", "Recreated opens"));
    server.wait_for("/briefs/alpha/", "show the recreated file", |r| {
        r.status == 200 && r.body.contains("Recreated opens")
    });
    let out = server.output().join("\n");
    assert!(!out.contains("error"), "{out}");
}

#[test]
fn deleted_document_404s_and_leaves_its_topics() {
    let site = fixture().create();
    let server = Server::start(&site);
    assert!(server
        .get("/briefs/topics/taiwan/")
        .body
        .contains("Beta briefing"));
    fs::remove_file(site.root().join("content/beta.md")).unwrap();
    server.wait_for("/briefs/beta/", "404", |r| r.status == 404);
    let topic = server.get("/briefs/topics/taiwan/");
    assert!(!topic.body.contains("Beta briefing"), "{}", topic.body);
    assert!(topic.body.contains("Alpha briefing"));
    assert!(!server.get("/briefs/").body.contains("Beta briefing"));
}

#[test]
fn broken_front_matter_shows_an_overlay_until_fixed() {
    let site = fixture().create();
    let server = Server::start(&site);
    let events = server.events("/briefs/");
    let alpha = site.root().join("content/alpha.md");
    let good = fs::read_to_string(&alpha).unwrap();
    let broken = good.replace("title: Alpha briefing", "title: [<b>unclosed");
    write(&alpha, &broken);
    let data = events.wait("overlay", |_| true);
    assert!(
        data.contains("alpha.md:3:"),
        "file:line in the overlay: {data}"
    );
    let page = server.get("/briefs/alpha/");
    assert_eq!(page.status, 200, "the last good site is still served");
    assert!(page.body.contains("Alpha briefing"));
    assert!(
        page.body.contains("id=\"dossier-overlay\""),
        "{}",
        page.body
    );
    let overlay = &page.body[page.body.find("id=\"dossier-overlay\"").unwrap()..];
    assert!(overlay.contains("alpha.md:3:"), "{overlay}");
    assert!(!overlay.contains("<b>unclosed"), "the message is escaped");
    // The terminal says the same.
    let mut server = server;
    server.wait_line(|l| l.contains("error:") && l.contains("alpha.md:3:"));
    write(&alpha, &good.replace("Alpha briefing", "Alpha fixed"));
    events.wait("reload", |_| true);
    let page = server.get("/briefs/alpha/");
    assert!(page.body.contains("Alpha fixed"));
    assert!(!page.body.contains("dossier-overlay"), "overlay gone");
}

#[test]
fn a_broken_document_at_start_is_skipped_then_served_once_fixed() {
    let site = fixture().create();
    let alpha = site.root().join("content/alpha.md");
    let good = fs::read_to_string(&alpha).unwrap();
    write(
        &alpha,
        &good.replace("title: Alpha briefing", "title: [unclosed"),
    );
    // One bad file does not stop serve from starting: the rest of the site is served, and the
    // terminal names the file and line.
    let mut server = Server::start(&site);
    server.wait_line(|l| l.contains("warning:") && l.contains("alpha.md:3:"));
    assert_eq!(server.get("/briefs/alpha/").status, 404);
    assert_eq!(server.get("/briefs/").status, 200);
    let events = server.events("/briefs/");
    write(&alpha, &good.replace("Alpha briefing", "Alpha fixed"));
    events.wait("reload", |_| true);
    let page = server.get("/briefs/alpha/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Alpha fixed"));
}

#[test]
fn a_broken_template_keeps_the_site_and_a_fix_rerenders_all() {
    let site = fixture()
        .config(&format!(
            "title = \"T\"\nbase_url = \"{}\"\ntheme = \"plain\"\n",
            crate::site::BASE_URL
        ))
        .file(
            "themes/plain/templates/404.html",
            "{% extends \"base.html\" %}",
        )
        .create();
    let server = Server::start(&site);
    let events = server.events("/briefs/");
    let template = site.root().join("themes/plain/templates/document.html");
    write(
        &template,
        "{% extends \"base.html\" %}{% block content %}{{ doc.title ",
    );
    let data = events.wait("overlay", |_| true);
    assert!(data.contains("document.html"), "{data}");
    assert!(server.get("/briefs/alpha/").body.contains("Alpha briefing"));
    write(
        &template,
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">{{ doc.title }}</h1>{% endblock content %}",
    );
    events.wait("reload", |d| d.contains("\"all\":true"));
    let page = server.get("/briefs/beta/");
    assert!(page
        .body
        .contains("<h1 class=\"custom\">Beta briefing</h1>"));
    assert!(!page.body.contains("dossier-overlay"));
}

/// A `themes/` folder that appears while serving (moved in whole, as a `git checkout` or an
/// unpacked theme does) with a broken first template: the overlay shows the error, and the fix
/// is seen, so the new folder is watched although its first rebuild failed.
#[test]
fn a_new_theme_folder_with_a_broken_template_sees_the_fix() {
    let site = fixture().create();
    let server = Server::start(&site);
    let events = server.events("/briefs/");
    let unpacked = site.root().join("unpacked");
    fs::create_dir_all(unpacked.join("default/templates")).unwrap();
    write(
        &unpacked.join("default/templates/document.html"),
        "{% extends \"base.html\" %}{% block content %}{{ doc.title ",
    );
    fs::rename(&unpacked, site.root().join("themes")).unwrap();
    let data = events.wait("overlay", |_| true);
    assert!(data.contains("document.html"), "{data}");
    write(
        &site.root().join("themes/default/templates/document.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">{{ doc.title }}</h1>{% endblock content %}",
    );
    server.wait_for("/briefs/beta/", "use the fixed template", |r| {
        r.body.contains("<h1 class=\"custom\">Beta briefing</h1>")
            && !r.body.contains("dossier-overlay")
    });
}

/// `--verify` renders every page from scratch after each rebuild and finds nothing to report
/// when the rebuild was right.
#[test]
fn verify_reports_after_every_rebuild() {
    let site = fixture().create();
    let mut server = Server::start_with(&site, &["--verify"]);
    let alpha = site.root().join("content/alpha.md");
    let text = fs::read_to_string(&alpha).unwrap();
    write(&alpha, &text.replace("Alpha opens", "Alpha, edited, opens"));
    let line = server.wait_line(|l| l.contains("verify:"));
    assert!(line.contains("verify: 0 files differ"), "{line}");
    assert!(
        !server.output().iter().any(|l| l.contains("--verify")),
        "{:#?}",
        server.output()
    );
}

#[test]
fn css_change_swaps_stylesheets_without_a_reload() {
    let site = fixture()
        .file("static/extra.css", "p { color: red }\n")
        .create();
    let server = Server::start(&site);
    let events = server.events("/briefs/");
    write(&site.root().join("static/extra.css"), "p { color: blue }\n");
    let data = events.wait("css", |_| true);
    assert!(data.contains("/briefs/extra.css"), "{data}");
    assert!(server.get("/briefs/extra.css").body.contains("blue"));
}

#[test]
fn traversal_and_odd_paths_are_404() {
    let site = fixture().create();
    fs::write(site.root().join("secret.txt"), "secret").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.root().join("secret.txt"),
        site.root().join("static/img/leak.txt"),
    )
    .unwrap();
    let server = Server::start(&site);
    for path in [
        "/briefs/../site-config.toml",
        "/briefs/../../../../etc/passwd",
        "/../secret.txt",
        "/briefs/%2e%2e/site-config.toml",
        "/briefs/%2E%2E/%2e%2e/etc/passwd",
        "/briefs/img%2f..%2f..%2fsite-config.toml",
        "/briefs/..%2fsecret.txt",
        "/briefs/..%5csecret.txt",
        "/briefs/%5c..%5csecret.txt",
        "/briefs//etc/passwd",
        "/briefs/%2fetc%2fpasswd",
        "/etc/passwd",
        "//etc/passwd",
        "/briefs/img/%00",
        "/briefs/%",
        "/briefs/%c0%ae%c0%ae/secret.txt",
        "/briefs/content/alpha.md",
        "/briefs/site-config.toml",
        "/briefs/img/leak.txt", // a symlink out of static/
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}: {} {}", r.status, r.body);
        assert!(!r.body.contains("secret") || r.body.contains("Page not found"));
        assert!(!r.body.contains("base_url"), "{path} leaked the config");
    }
    // The server survived all of that.
    assert_eq!(server.get("/briefs/").status, 200);
    assert_eq!(server.get("/briefs/img/logo.svg").status, 200);
}

#[test]
fn sub_path_redirects_and_host_checks() {
    let site = fixture().create();
    let server = Server::start(&site);
    let root = server.get("/");
    assert_eq!(root.status, 302);
    assert!(
        root.headers.contains("location: /briefs/"),
        "{}",
        root.headers
    );
    let dir = server.get("/briefs/alpha");
    assert_eq!(dir.status, 302);
    assert!(dir.headers.contains("location: /briefs/alpha/"));
    assert_eq!(server.get("/briefs/__dossier/reload.js").status, 200);
    let missing = server.get("/briefs/nope/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("/briefs/__dossier/reload.js"));
    for host in ["evil.example", "evil.example:80", "localhost.evil.example"] {
        let r = server.request("/briefs/", host);
        assert_eq!(r.status, 403, "{host}");
    }
    for host in ["localhost", "127.0.0.1", "[::1]:1"] {
        assert_eq!(server.request("/briefs/", host).status, 200, "{host}");
    }
    let page = server.get("/briefs/");
    assert!(!page.headers.contains("access-control-allow-origin"));
    assert!(page.headers.contains("cache-control: no-store"));
}

#[test]
fn port_in_use_is_an_error_when_chosen() {
    let site = fixture().create();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    run.expect_code(1);
    assert!(run.stderr.contains("already in use"), "{}", run.stderr);
}

#[test]
fn burst_of_changes_is_one_consistent_rebuild() {
    let site = fixture().create();
    let mut server = Server::start(&site);
    let content = site.root().join("content");
    // The server waits for a quiet moment (12 ms) before it rebuilds; a loaded machine may
    // pause this loop longer than that, and each such pause may start a rebuild: count them.
    let mut pauses = 0;
    let mut last = std::time::Instant::now();
    for i in 0..40 {
        write(
            &content.join(format!("burst-{i:02}.md")),
            &format!("---\ntitle: Burst {i}\ndate: 2021-01-01\ntopics: [Burst]\n---\nBody {i}.\n"),
        );
        if last.elapsed() > std::time::Duration::from_millis(6) {
            pauses += 1;
        }
        last = std::time::Instant::now();
    }
    server.wait_for("/briefs/topics/burst/", "list all 40", |r| {
        (0..40).all(|i| r.body.contains(&format!(">Burst {i}<")))
    });
    server.wait_line(|l| l.contains("re-rendered"));
    let rebuilds = server
        .output()
        .iter()
        .filter(|l| l.contains("re-rendered"))
        .count();
    // One batch (two if a stall came between the write and its event), plus one per pause.
    assert!(
        rebuilds <= 2 + pauses,
        "{rebuilds} rebuilds, {pauses} pauses: {:#?}",
        server.output()
    );
}

#[test]
fn served_site_equals_a_full_build_after_edits() {
    let site = fixture().create();
    let server = Server::start(&site);
    let alpha = site.root().join("content/alpha.md");
    let text = fs::read_to_string(&alpha).unwrap();
    write(
        &alpha,
        &text.replace("date: 2024-04-04", "date: 2021-04-04"),
    );
    fs::remove_file(site.root().join("content/beta.md")).unwrap();
    write(
        &site.root().join("content/notes/new.md"),
        "---\ntitle: New note\ndate: 2024-09-09\ntopics: [Taiwan]\n---\nNew.\n",
    );
    server.wait_for("/briefs/notes/new/", "exist", |r| r.status == 200);
    server.wait_for("/briefs/beta/", "404", |r| r.status == 404);
    let out = tempfile::tempdir().unwrap();
    build(&BuildOptions {
        root: site.root().to_path_buf(),
        output: Some(out.path().join("public")),
        ..BuildOptions::default()
    })
    .unwrap();
    for (path, bytes) in tree(&out.path().join("public")) {
        if path == ".dossier-output" {
            continue;
        }
        let url = if path == "index.html" {
            "/briefs/".to_string()
        } else if let Some(dir) = path.strip_suffix("/index.html") {
            format!("/briefs/{dir}/")
        } else {
            format!("/briefs/{path}")
        };
        let r = server.wait_for(&url, "match the full build", |r| {
            r.status == 200 && strip_injection(&r.body) == String::from_utf8_lossy(&bytes)
        });
        assert_eq!(r.status, 200);
    }
}

fn strip_injection(body: &str) -> String {
    match body.find("<script src=\"/briefs/__dossier/reload.js\"") {
        Some(start) => {
            let end = body[start..].find("</script>").unwrap() + start + "</script>".len();
            format!("{}{}", &body[..start], &body[end..])
        }
        None => body.to_string(),
    }
}

/// The incremental engine, driven through the classifier with the events editors produce,
/// compared file for file with a full `dossier build` after every step.
#[test]
fn incremental_rebuilds_equal_full_builds() {
    let site = fixture()
        .file("static/extra.css", "p { color: red }\n")
        .file(
            "content/epsilon.md",
            "---\ntitle: Epsilon\ndate: 2024-02-02\ntopics: [Taiwan, Economic security]\n---\nEpsilon.\n\nMore epsilon.\n",
        )
        .create();
    let (options, mut live, mut served) = serve_in_memory(&site);
    let root = site.root().to_path_buf();
    let check = |served: &Served, step: &str| {
        let full =
            full_build(&options).unwrap_or_else(|e| panic!("{step}: full build failed: {e}"));
        let incremental = served.snapshot();
        if full != incremental {
            eprintln!("after step: {step}");
            assert_same_tree(&full, &incremental);
        }
    };
    let mut step =
        |served: &mut Served, name: &str, events: Vec<FsEvent>, expect_pages: Option<usize>| {
            let rebuilt =
                rebuild(&mut live, served, &events).unwrap_or_else(|e| panic!("{name}: {e}"));
            if let Some(n) = expect_pages {
                let pages: Vec<&str> = rebuilt
                    .files
                    .iter()
                    .map(|f| f.path.as_str())
                    .chain(rebuilt.deferred.iter().map(String::as_str))
                    .collect();
                assert_eq!(
                    rebuilt.pages_rendered,
                    n,
                    "{name}: {}: {pages:?}",
                    rebuilt.summary_line()
                );
            }
            check(served, name);
        };
    let ev = |kind: FsEventKind, rels: &[&str]| event(&root, kind, rels);
    let edit = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} lacks {from:?}");
        fs::write(&path, text.replace(from, to)).unwrap();
    };

    check(&served, "first build");
    // Body-only edit (not of the summary): the document and its two topics' pages, which quote
    // its passages; lists and feeds show only its title, date and summary.
    edit(
        "content/epsilon.md",
        "More epsilon.",
        "More epsilon, edited.",
    );
    step(
        &mut served,
        "body edit",
        vec![ev(FsEventKind::Modify, &["content/epsilon.md"])],
        Some(3),
    );
    // Body edits that reach other documents through the analysis (and its serve cache): a
    // dated sentence told by two documents merges into one event, shared wording changes
    // related documents, and a new link adds "Referenced by" to the target's page.
    edit(
        "content/notes/gamma.markdown",
        "Gamma opens with this paragraph.",
        "Gamma opens with this paragraph. The navy ordered submarine hulls from the shipyards on 4 March 2024.",
    );
    step(
        &mut served,
        "body edit with a dated sentence",
        vec![ev(FsEventKind::Modify, &["content/notes/gamma.markdown"])],
        None,
    );
    edit(
        "content/epsilon.md",
        "More epsilon, edited.",
        "More epsilon: the shipyards delivered submarine hulls to the navy on 4 March 2024, as [gamma](notes/gamma.markdown) says.",
    );
    step(
        &mut served,
        "body edit telling the same event and linking",
        vec![ev(FsEventKind::Modify, &["content/epsilon.md"])],
        None,
    );
    edit(
        "content/epsilon.md",
        "title: Epsilon",
        "title: Epsilon renamed",
    );
    step(
        &mut served,
        "title edit",
        vec![ev(FsEventKind::Modify, &["content/epsilon.md"])],
        None,
    );
    edit("content/epsilon.md", "date: 2024-02-02", "date: 2019-02-02");
    step(
        &mut served,
        "date edit reorders",
        vec![ev(FsEventKind::Modify, &["content/epsilon.md"])],
        None,
    );
    edit(
        "content/epsilon.md",
        "[Taiwan, Economic security]",
        "[Economic security]",
    );
    step(
        &mut served,
        "topic removed",
        vec![ev(FsEventKind::Modify, &["content/epsilon.md"])],
        None,
    );
    edit(
        "content/epsilon.md",
        "[Economic security]",
        "[Economic security, Brand new]",
    );
    step(
        &mut served,
        "topic added",
        vec![ev(FsEventKind::Modify, &["content/epsilon.md"])],
        None,
    );
    fs::write(
        root.join("content/zeta.md"),
        "---\ntitle: Zeta\ndate: 2025-01-01\ntags: [Taiwan]\n---\nZeta.\n",
    )
    .unwrap();
    step(
        &mut served,
        "document added",
        vec![ev(FsEventKind::Create, &["content/zeta.md"])],
        None,
    );
    fs::remove_file(root.join("content/beta.md")).unwrap();
    step(
        &mut served,
        "document removed",
        vec![ev(FsEventKind::Remove, &["content/beta.md"])],
        None,
    );
    edit("content/zeta.md", "title: Zeta", "title: Zeta\ndraft: true");
    step(
        &mut served,
        "document made a draft",
        vec![ev(FsEventKind::Modify, &["content/zeta.md"])],
        None,
    );
    fs::rename(root.join("content/notes"), root.join("content/memos")).unwrap();
    step(
        &mut served,
        "folder renamed",
        vec![ev(FsEventKind::Rename, &["content/notes", "content/memos"])],
        None,
    );
    edit(
        "content/about.md",
        "title: About these briefings",
        "title: About us",
    );
    step(
        &mut served,
        "standalone page title (navigation)",
        vec![ev(FsEventKind::Modify, &["content/about.md"])],
        None,
    );
    edit("content/index.md", "Welcome", "Hello");
    step(
        &mut served,
        "home introduction",
        vec![ev(FsEventKind::Modify, &["content/index.md"])],
        None,
    );
    // vim's save of one document, replayed as its events.
    fs::rename(
        root.join("content/alpha.md"),
        root.join("content/alpha.md~"),
    )
    .unwrap();
    fs::write(
        root.join("content/alpha.md"),
        fs::read_to_string(root.join("content/alpha.md~"))
            .unwrap()
            .replace("Alpha opens", "Alpha, vim"),
    )
    .unwrap();
    fs::remove_file(root.join("content/alpha.md~")).unwrap();
    step(
        &mut served,
        "vim save",
        vec![
            ev(
                FsEventKind::Rename,
                &["content/alpha.md", "content/alpha.md~"],
            ),
            ev(FsEventKind::Create, &["content/alpha.md"]),
            ev(FsEventKind::Remove, &["content/alpha.md~"]),
        ],
        None,
    );
    fs::create_dir_all(root.join("themes/default/templates")).unwrap();
    fs::write(root.join("themes/default/templates/topic.html"), "{% extends \"base.html\" %}{% block content %}<h1>Topic: {{ topic.name }}</h1>{% endblock content %}").unwrap();
    step(
        &mut served,
        "template added",
        vec![ev(
            FsEventKind::Create,
            &["themes/default/templates/topic.html"],
        )],
        None,
    );
    fs::write(root.join("static/extra.css"), "p { color: blue }\n").unwrap();
    step(
        &mut served,
        "static css",
        vec![ev(FsEventKind::Modify, &["static/extra.css"])],
        Some(0),
    );
    fs::write(root.join("static/style.css"), "body { margin: 0 }\n").unwrap();
    step(
        &mut served,
        "static overrides the theme's style.css",
        vec![ev(FsEventKind::Create, &["static/style.css"])],
        Some(0),
    );
    fs::remove_file(root.join("static/style.css")).unwrap();
    step(
        &mut served,
        "override removed",
        vec![ev(FsEventKind::Remove, &["static/style.css"])],
        Some(0),
    );
    edit(
        "site-config.toml",
        "title = \"Fixture Briefings\"",
        "title = \"Renamed Briefings\"\nhome_count = 2",
    );
    step(
        &mut served,
        "config",
        vec![ev(FsEventKind::Modify, &["site-config.toml"])],
        None,
    );
    // A watcher overflow: everything again, same result.
    step(
        &mut served,
        "rescan",
        vec![FsEvent::new(FsEventKind::Rescan, &[])],
        None,
    );
}

#[test]
fn a_failed_rebuild_is_retried_with_the_next_change() {
    let site = SiteTest::new()
        .file("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n")
        .file("content/b.md", "---\ntitle: B\ndate: 2024-01-02\n---\nB.\n")
        .create();
    let (options, mut live, mut served) = serve_in_memory(&site);
    let layout = Layout::new(live.paths());
    let ev = |rel: &str| {
        let p = std::path::absolute(site.root().join(rel)).unwrap();
        classify(&[FsEvent::new(FsEventKind::Modify, &[&p])], &layout)
    };
    site.write("content/a.md", "---\ntitle: [A\n---\nA.\n");
    let error = live
        .apply(ev("content/a.md"))
        .expect_err("broken front matter fails");
    assert!(error.to_string().contains("a.md:3:"), "{error}");
    // Another document changes while a.md is still broken: still an error, nothing applied.
    site.write(
        "content/b.md",
        "---\ntitle: B2\ndate: 2024-01-02\n---\nB.\n",
    );
    assert!(live.apply(ev("content/b.md")).is_err());
    // a.md fixed: both changes land.
    site.write(
        "content/a.md",
        "---\ntitle: A2\ndate: 2024-01-01\n---\nA.\n",
    );
    let mut rebuilt = live.apply(ev("content/a.md")).unwrap();
    served.apply(&mut rebuilt);
    settle(&mut served, &mut live);
    let home = String::from_utf8(served.files["index.html"].to_vec()).unwrap();
    assert!(home.contains("A2") && home.contains("B2"), "{home}");
    // Two documents claiming one URL: an analyze error; the next change rebuilds in full.
    site.write("content/c.md", "---\ntitle: C\nslug: a\n---\nC.\n");
    assert!(live.apply(ev("content/c.md")).is_err());
    fs::remove_file(site.root().join("content/c.md")).unwrap();
    let mut rebuilt = live.apply(ev("content/c.md")).unwrap();
    served.apply(&mut rebuilt);
    settle(&mut served, &mut live);
    assert_same_tree(&full_build(&options).unwrap(), &served.snapshot());
}

#[test]
fn build_output_never_contains_the_reload_script() {
    let site = fixture().build();
    for (path, bytes) in tree(&site.out()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__dossier"),
            "{path} carries serve's script"
        );
    }
}

/// A title edit renders the document's page before the reload is announced and the lists after
/// it; a request for a list page meanwhile waits and then gets the new bytes, never the old.
#[test]
fn pages_rendered_after_the_reload_are_waited_for() {
    let site = SiteTest::new()
        .file(
            "content/a.md",
            "---\ntitle: Old title\ndate: 2024-01-01\n---\nA.\n",
        )
        .file("content/b.md", "---\ntitle: B\ndate: 2024-01-02\n---\nB.\n")
        .create();
    let (_, mut live, mut served) = serve_in_memory(&site);
    site.write(
        "content/a.md",
        "---\ntitle: New title\ndate: 2024-01-01\n---\nA.\n",
    );
    let path = std::path::absolute(site.root().join("content/a.md")).unwrap();
    let event = FsEvent::new(FsEventKind::Modify, &[path.as_path()]);
    let mut rebuilt = live
        .apply(classify(&[event], &Layout::new(live.paths())))
        .unwrap();
    // Only the edited document's page is rendered before the reload; which other pages
    // changed is found after it, and until then every other page waits.
    let now: Vec<&str> = rebuilt.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(now, ["a/index.html"]);
    assert!(rebuilt.settling);
    served.apply(&mut rebuilt);
    for list in [
        "index.html",
        "archive/index.html",
        "timeline/index.html",
        "b/index.html",
    ] {
        assert!(served.is_stale(list), "{list}");
    }
    assert!(!served.is_stale("a/index.html"));
    assert!(!served.is_stale("robots.txt"));
    let state = Arc::new(ServeState::new(served, "127.0.0.1".parse().unwrap()));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let waiting = state.clone();
        let request = tokio::spawn(async move {
            waiting
                .wait_until_fresh("archive/index.html", Duration::from_secs(20))
                .await;
            waiting.read().files["archive/index.html"].clone()
        });
        tokio::task::yield_now().await;
        assert!(!request.is_finished(), "a stale page was served");
        let later = live.render_deferred().unwrap();
        state.update(|served| {
            let told = served.apply_deferred(later);
            for list in ["index.html", "archive/index.html", "timeline/index.html"] {
                assert!(told.iter().any(|p| p == list), "{told:?}");
            }
            assert!(!told.iter().any(|p| p == "a/index.html"), "{told:?}");
            None
        });
        let archive = request.await.unwrap();
        let archive = String::from_utf8_lossy(&archive);
        assert!(
            archive.contains("New title") && !archive.contains("Old title"),
            "{archive}"
        );
    });
    assert!(!state.read().is_stale("archive/index.html"));
}

/// The hash that names the search index's metadata file (`pagefind.<hash>.pf_meta`).
fn index_hash(entry: &str) -> String {
    let entry: serde_json::Value = serde_json::from_str(entry).expect("pagefind-entry.json");
    entry["languages"]["en"]["hash"]
        .as_str()
        .expect("a hash for en")
        .to_string()
}

#[test]
fn search_index_is_waited_for_at_start_and_the_old_one_outlives_a_swap() {
    let site = fixture().create();
    let server = Server::start(&site);
    // Asked for right after start: the first index is being built, so the request waits for it
    // (a 404 here left a search page opened early without search).
    let entry = server.get("/briefs/pagefind/pagefind-entry.json");
    assert_eq!(entry.status, 200, "{}", entry.body);
    let old = index_hash(&entry.body);
    let alpha = site.root().join("content/alpha.md");
    let text = fs::read_to_string(&alpha).unwrap();
    write(
        &alpha,
        &text.replace("title: Alpha briefing", "title: Alpha about Okinawa"),
    );
    let entry = server.wait_for("/briefs/pagefind/pagefind-entry.json", "change", |r| {
        r.status == 200 && index_hash(&r.body) != old
    });
    let new = index_hash(&entry.body);
    assert_eq!(
        server
            .get(&format!("/briefs/pagefind/pagefind.{new}.pf_meta"))
            .status,
        200
    );
    // A search page that read the old entry just before the swap can still load what it names.
    assert_eq!(
        server
            .get(&format!("/briefs/pagefind/pagefind.{old}.pf_meta"))
            .status,
        200
    );
    assert_eq!(
        server
            .get("/briefs/pagefind/pagefind.en_0000000.pf_meta")
            .status,
        404
    );
}

#[test]
fn serve_takes_content_and_base_url_like_build() {
    let site = SiteTest::new()
        .file(
            "notes/memo.md",
            "---\ntitle: Memo\ndate: 2024-03-04\n---\nFirst text.\n",
        )
        .create();
    let notes = site.root().join("notes");
    let notes = notes.to_string_lossy();
    let server = Server::start_with(
        &site,
        &["--content", &notes, "--base-url", "https://x.example/sub/"],
    );
    assert_eq!(server.get("/").status, 302);
    let page = server.get("/sub/memo/");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("First text."), "{}", page.body);
    write(
        &site.root().join("notes/memo.md"),
        "---\ntitle: Memo\ndate: 2024-03-04\n---\nSecond text.\n",
    );
    server.wait_for("/sub/memo/", "show the edit", |r| {
        r.body.contains("Second text.")
    });
}
