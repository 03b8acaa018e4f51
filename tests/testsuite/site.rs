//! The test-site builder and the helpers every test module shares.
//!
//! [`SiteTest`] writes a small site (a `site-config.toml` plus any files) into a temporary folder;
//! `.build()` runs the library's build on it and hands back a [`Site`] to read the output from.
//! [`Site::run`] runs the real `dossier` binary in the site folder, for exit codes and messages.
//! [`fixture`] is the one site most tests share: four briefings over three years, a standalone
//! page, topics, static files, a `CNAME` and a base path (`/briefs/`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use dossier::cmd::build::{build, BuildOptions, BuildReport};
use dossier::error::Error;
use tempfile::TempDir;

/// The base URL of the fixture site; every internal link must carry its path.
pub const BASE_URL: &str = "https://org.github.io/briefs/";
pub const BASE_PATH: &str = "/briefs/";

const DEFAULT_CONFIG: &str = "title = \"Test site\"\nbase_url = \"https://example.org/\"\n";

/// A site to be written into a temporary folder.
pub struct SiteTest {
    config: String,
    files: Vec<(String, Vec<u8>)>,
    drafts: bool,
}

impl SiteTest {
    pub fn new() -> SiteTest {
        SiteTest {
            config: DEFAULT_CONFIG.to_string(),
            files: Vec::new(),
            drafts: false,
        }
    }

    /// Replaces the whole `site-config.toml`.
    pub fn config(mut self, text: &str) -> SiteTest {
        self.config = text.to_string();
        self
    }

    /// Adds a file, relative to the site root (`content/a.md`, `static/x.css`, `CNAME`).
    pub fn file(self, rel: &str, text: &str) -> SiteTest {
        self.bytes(rel, text.as_bytes())
    }

    pub fn bytes(mut self, rel: &str, bytes: &[u8]) -> SiteTest {
        self.files.push((rel.to_string(), bytes.to_vec()));
        self
    }

    /// Writes the files in the reverse order (the output must not depend on it).
    pub fn reversed(mut self) -> SiteTest {
        self.files.reverse();
        self
    }

    /// Builds with `drafts: true` (as `dossier build --drafts`).
    pub fn drafts(mut self) -> SiteTest {
        self.drafts = true;
        self
    }

    /// Writes the site without building it.
    pub fn create(self) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        write_file(&dir.path().join("site-config.toml"), self.config.as_bytes());
        for (rel, bytes) in &self.files {
            write_file(&dir.path().join(rel), bytes);
        }
        Site {
            dir,
            drafts: self.drafts,
        }
    }

    /// Writes and builds the site; panics with the error if the build fails.
    pub fn build(self) -> Site {
        let site = self.create();
        site.build();
        site
    }
}

/// A site on disk, built or not.
pub struct Site {
    dir: TempDir,
    drafts: bool,
}

impl Site {
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder, `public/`.
    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// The options `dossier build --root <site>` would use.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            drafts: self.drafts,
            ..BuildOptions::default()
        }
    }

    /// Builds with the default options; panics with the error if the build fails.
    pub fn build(&self) -> BuildReport {
        self.try_build(self.options())
            .unwrap_or_else(|e| panic!("build failed:\n{e}"))
    }

    pub fn try_build(&self, options: BuildOptions) -> Result<BuildReport, Error> {
        build(&options)
    }

    /// Builds with the default options and returns the error's text; panics if it succeeds.
    pub fn build_error(&self) -> String {
        match self.try_build(self.options()) {
            Ok(report) => panic!("build should fail but did: {}", report.summary_line()),
            Err(e) => e.to_string(),
        }
    }

    /// Writes (or overwrites) a file relative to the site root.
    pub fn write(&self, rel: &str, text: &str) {
        write_file(&self.root().join(rel), text.as_bytes());
    }

    /// An output file as text, relative to `public/`.
    pub fn html(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {}: {e}\noutput files: {:#?}",
                path.display(),
                self.files()
            )
        })
    }

    /// Asserts that an output file contains every one of `needles`.
    pub fn check_file_contains(&self, rel: &str, needles: &[&str]) {
        let text = self.html(rel);
        for needle in needles {
            assert!(
                text.contains(needle),
                "{rel} should contain {needle:?}; it is:\n{text}"
            );
        }
    }

    /// Asserts that an output file contains none of `needles`.
    pub fn check_file_lacks(&self, rel: &str, needles: &[&str]) {
        let text = self.html(rel);
        for needle in needles {
            assert!(
                !text.contains(needle),
                "{rel} should not contain {needle:?}; it is:\n{text}"
            );
        }
    }

    /// Every file of `public/`, relative, with `/` separators, sorted.
    pub fn files(&self) -> Vec<String> {
        tree(&self.out()).into_keys().collect()
    }

    /// Runs the `dossier` binary with the site root as working directory.
    /// `dossier build` run as the unprivileged `nobody` (uid 65534) through `setpriv`, for tests
    /// of permission errors while the suite runs as root; `None` where setpriv is missing.
    pub fn build_as_nobody(&self) -> Option<std::process::Output> {
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_dossier"))
            .arg("build")
            .current_dir(self.root())
            .output()
            .ok()
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the whole run shown unless it exited with `code`.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, Some(code), "unexpected exit code:\n{self:#?}");
        self
    }
}

/// Runs the `dossier` binary in `cwd`.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run dossier");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn write_file(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create parent folder");
    }
    fs::write(path, bytes).expect("write file");
}

/// Every file under `dir` (hidden ones included) with its bytes, by relative `/` path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    collect_tree(dir, "", &mut out);
    out
}

fn collect_tree(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("dir entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        if entry.file_type().expect("file type").is_dir() {
            collect_tree(&entry.path(), &format!("{rel}/"), out);
        } else {
            out.insert(rel, fs::read(entry.path()).expect("read file"));
        }
    }
}

/// Names in `dir` (not recursive) that start with `prefix`: leftover staging folders and such.
pub fn entries_starting_with(dir: &Path, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

/// Asserts that `needles` occur in `text` in this order.
pub fn assert_in_order(text: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match text[from..].find(needle) {
            Some(at) => from += at + needle.len(),
            None => panic!("{needle:?} missing, or out of order in {needles:?}, in:\n{text}"),
        }
    }
}

/// The values of every double-quoted `attr="..."` in `html` (the name preceded by whitespace).
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pattern = format!("{attr}=\"");
    html.match_indices(&pattern)
        .filter(|(at, _)| html[..*at].ends_with(|c: char| c.is_ascii_whitespace()))
        .map(|(at, _)| {
            let rest = &html[at + pattern.len()..];
            rest[..rest.find('"').expect("closing quote")].to_string()
        })
        .collect()
}

/// The text of every `<tag>...</tag>` in `xml`.
pub fn element_texts(xml: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.match_indices(&open)
        .map(|(at, _)| {
            let rest = &xml[at + open.len()..];
            rest[..rest.find(&close).expect("closing tag")].to_string()
        })
        .collect()
}

/// The first element of `html` that starts with `open` (`<nav class="toc"`), up to its closing
/// `</tag>`, both included; elements of the same tag must not nest inside it.
pub fn element<'h>(html: &'h str, open: &str, tag: &str) -> &'h str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in:\n{html}"));
    let close = format!("</{tag}>");
    let end = html[start..].find(&close).expect("closing tag") + start + close.len();
    &html[start..end]
}

/// The line number printed after `file:` in a message (`content/a.md:3:7: ...` -> 3).
pub fn line_after(message: &str, file: &str) -> Option<usize> {
    let needle = format!("{file}:");
    let at = message.find(&needle)? + needle.len();
    let digits: String = message[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The shared fixture: four dated briefings (2024, 2024, 2023, 2022), an about page, topics from
/// `topics`/`tags`/`categories`, static files, a `CNAME`, and the base path `/briefs/`.
pub fn fixture() -> SiteTest {
    SiteTest::new()
        .config(&format!(
            "title = \"Fixture Briefings\"\ndescription = \"Test briefings\"\nbase_url = \"{BASE_URL}\"\nauthor = \"Editors\"\n"
        ))
        .file("content/alpha.md", ALPHA)
        .file("content/beta.md", BETA)
        .file("content/notes/gamma.markdown", GAMMA)
        .file("content/2022-09-30-delta-memo.txt", DELTA)
        .file("content/about.md", ABOUT)
        .file("content/index.md", "Welcome to the fixture briefings.\n")
        .file(
            "content/notes/index.md",
            "---\ntitle: Field notes\n---\nNotes from the field; see [the archive](/archive/).\n",
        )
        .file("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
        .bytes("static/files/data.bin", &[0, 159, 146, 150, 255])
        .file("CNAME", "briefs.example.org\n")
}

const ALPHA: &str = r#"---
title: Alpha briefing
date: 2024-04-04
author: Jane Doe
publisher: Example Institute
source: https://example.com/alpha
summary: Alpha in one sentence.
topics: [Command and control, Taiwan]
---

Alpha opens with this paragraph.

## Background

Alpha's background links to [all topics](/topics/) and [elsewhere](https://example.com/x).

![Logo](/img/logo.svg)

## Outlook

- A first point.
- A second point.
"#;

const BETA: &str = "---
title: Beta briefing
date: 2023-06-01
authors: [John Roe, Ann Poe]
tags: [Taiwan]
---

Beta opens with this paragraph.

Beta goes on here.
";

const GAMMA: &str = "+++
title = \"Gamma briefing\"
date = 2024-01-15
categories = [\"Economic security\"]
+++

Gamma opens with this paragraph.
";

const DELTA: &str = "Delta Memo on Shipbuilding

Delta's first paragraph is plain text, a sentence.

Delta's second paragraph, also a sentence.
";

const ABOUT: &str = "---
title: About these briefings
listed: false
---

What the site is.
";

/// Asserts that two folder listings (from [`tree`]) have the same files with the same bytes.
pub fn assert_same_tree(left: &BTreeMap<String, Vec<u8>>, right: &BTreeMap<String, Vec<u8>>) {
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(left), names(right), "the file listings differ");
    for (path, bytes) in left {
        assert!(
            *bytes == right[path],
            "{path} differs:\n--- left\n{}\n--- right\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&right[path])
        );
    }
}

/// The `id` values that occur more than once in `html`.
pub fn duplicate_ids(html: &str) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut duplicates: Vec<String> = attr_values(html, "id")
        .into_iter()
        .filter(|id| !seen.insert(id.clone()))
        .collect();
    duplicates.dedup();
    duplicates
}

/// Collects a child's stdout and stderr lines as they come (read on two threads).
pub fn collect_lines(
    child: &mut std::process::Child,
) -> std::sync::Arc<std::sync::Mutex<Vec<String>>> {
    use std::io::{BufRead, BufReader, Read};
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    for stream in [
        Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().expect("stderr")),
    ] {
        let lines = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                lines.lock().expect("lines").push(line);
            }
        });
    }
    lines
}
