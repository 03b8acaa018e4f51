//! A randomized differential test of `dossier serve`'s incremental rebuilds.
//!
//! A seeded generator ([`Editor`]) makes sequences of the edits an editor makes to a site of
//! about ten documents: titles, slugs, dates, summaries, descriptions, authors, bodies, links
//! between documents added and removed, topic mentions, declared topics and events, drafts and
//! standalone pages, documents added, deleted and renamed, several documents in one batch, a
//! folder added and removed at once (a `git checkout`), front matter broken and then fixed, a
//! theme override edited, the config edited and a static file written. Each edit is replayed
//! through the engine `dossier serve` runs (see [`crate::serve_harness`]), and after every step
//! every served file must equal a full `dossier build` of the same tree. While a step leaves the
//! site unbuildable (broken front matter) the full build must fail too, and serve must keep the
//! last good site. (The site is `strict`: by default a full build skips a document whose front
//! matter is broken, with a warning, while serve's rebuild keeps the last good page and shows
//! the error; `serve::a_broken_document_at_start_is_skipped_then_served_once_fixed` covers that.) A failure names the seed, the step, the edits so far and the first differing
//! file with an excerpt, then lists every other step that went wrong.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use bytes::Bytes;
use dossier::serve::watch::{FsEvent, FsEventKind};

use crate::serve_harness::{differences, event, excerpt, full_build, rebuild, serve_in_memory};
use crate::site::SiteTest;

/// Seeds, and whether the site searches (the index is the slowest part of a step in debug
/// builds, so one seed keeps it).
const SEEDS: &[(u64, bool)] = &[
    (0x5eed_0001, true),
    (0x5eed_0002, false),
    (0x5eed_0003, false),
];
const STEPS: usize = 72;

#[test]
fn random_edits_serve_what_a_full_build_writes() {
    let mut failures = Vec::new();
    for &(seed, search) in SEEDS {
        failures.extend(run_seed(seed, search, STEPS));
    }
    if let Some(first) = failures.first() {
        let mut report = format!(
            "{} of {} steps left served files different from a full build\n\n",
            failures.len(),
            SEEDS.len() * STEPS
        );
        for f in &failures {
            let _ = writeln!(report, "{}", f.summary());
        }
        let _ = write!(
            report,
            "\nfirst failure: seed {:#x}, step {}\nedits so far:\n{}\n{}",
            first.seed,
            first.step,
            first.edits.join("\n"),
            first.detail
        );
        panic!("{report}");
    }
}

/// A longer run for hunting stale pages by hand (not part of `cargo test`):
/// `SOAK_SEEDS=50 cargo test --test testsuite random_edits_soak -- --ignored` runs that many
/// more seeds of [`STEPS`] steps each, without search.
#[test]
#[ignore = "a long soak run; see its comment"]
fn random_edits_soak() {
    let seeds: u64 = std::env::var("SOAK_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let failures: Vec<Failure> = (0..seeds)
        .flat_map(|i| run_seed(0x50a4_0000 + i, false, STEPS))
        .collect();
    let summaries: Vec<String> = failures.iter().map(Failure::summary).collect();
    assert!(
        failures.is_empty(),
        "{} steps differ:\n{}\n\nfirst: {}",
        failures.len(),
        summaries.join("\n"),
        failures.first().map_or(String::new(), |f| format!(
            "seed {:#x} step {}\n{}\n{}",
            f.seed,
            f.step,
            f.edits.join("\n"),
            f.detail
        ))
    );
}

/// One step whose result differed from a full build.
struct Failure {
    seed: u64,
    step: usize,
    edit: String,
    paths: Vec<String>,
    detail: String,
    edits: Vec<String>,
}

impl Failure {
    fn summary(&self) -> String {
        let shown: Vec<&str> = self.paths.iter().take(8).map(String::as_str).collect();
        format!(
            "seed {:#x} step {} ({}): {} file(s) differ: {}{}",
            self.seed,
            self.step,
            self.edit,
            self.paths.len(),
            shown.join(", "),
            if self.paths.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        )
    }
}

/// Runs `steps` random edits from `seed`; every step that went wrong (after one, serve starts
/// afresh from the tree so that later steps are checked on their own).
fn run_seed(seed: u64, search: bool, steps: usize) -> Vec<Failure> {
    let mut editor = Editor::new(seed, search);
    let site = editor.site().create();
    let root = site.root().to_path_buf();
    let (options, mut live, mut served) = serve_in_memory(&site);
    let first = full_build(&options).expect("the first full build");
    assert!(
        differences(&first, &served.snapshot()).is_empty(),
        "seed {seed:#x}: the first serve build differs from a full build"
    );
    let mut last_good: HashMap<String, Bytes> = served.files.clone();
    let mut edits = Vec::new();
    let mut failures = Vec::new();
    let mut resync = false;
    for step in 1..=steps {
        let (edit, events) = editor.edit(&root);
        edits.push(format!("{step:>3}. {edit}"));
        let full = full_build(&options);
        assert_eq!(
            full.is_err(),
            editor.broken.is_some(),
            "seed {seed:#x} step {step} ({edit}): the full build should fail exactly while front matter is broken: {:?}",
            full.as_ref().err().map(ToString::to_string)
        );
        if resync {
            if let Ok(full) = &full {
                (_, live, served) = serve_in_memory(&site);
                last_good = served.files.clone();
                resync = !differences(full, &served.snapshot()).is_empty();
            }
            continue;
        }
        let result = rebuild(&mut live, &mut served, &events);
        let wrong: Option<(Vec<String>, String)> = match (&full, result) {
            (Ok(full), Ok(_)) => {
                let snapshot = served.snapshot();
                let paths = differences(full, &snapshot);
                last_good = served.files.clone();
                (!paths.is_empty()).then(|| {
                    let detail = excerpt(&paths[0], full, &snapshot);
                    (paths, detail)
                })
            }
            (Err(_), Err(e)) => {
                let broken = editor.broken_file().unwrap_or_default();
                if served.files != last_good {
                    Some((
                        vec!["(served site)".into()],
                        "a failed rebuild changed the served files".into(),
                    ))
                } else if !e.to_string().contains(&broken) {
                    Some((
                        vec!["(error)".into()],
                        format!("the error does not name {broken}: {e}"),
                    ))
                } else {
                    None
                }
            }
            (Ok(_), Err(e)) => Some((
                vec!["(rebuild failed)".into()],
                format!("serve's rebuild failed where a full build succeeds: {e}"),
            )),
            (Err(e), Ok(_)) => Some((
                vec!["(rebuild succeeded)".into()],
                format!("serve's rebuild succeeded where a full build fails: {e}"),
            )),
        };
        if let Some((paths, detail)) = wrong {
            failures.push(Failure {
                seed,
                step,
                edit: edit.clone(),
                paths,
                detail,
                edits: edits.clone(),
            });
            resync = true;
            if let Ok(full) = &full {
                (_, live, served) = serve_in_memory(&site);
                last_good = served.files.clone();
                resync = !differences(full, &served.snapshot()).is_empty();
            }
        }
    }
    failures
}

/// A small deterministic generator (xorshift64*): the same seed gives the same edits everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const TITLES: &[&str] = &[
    "Taiwan strait memo",
    "Shipyards and submarines",
    "Notes on the CPTPP",
    "Budget review",
    "Command and control in practice",
    "A quiet quarter",
    "Economic security outlook",
    "Field report",
];
const SUMMARIES: &[&str] = &[
    "One sentence on Taiwan.",
    "A summary that names no topic.",
    "The shipyards in brief.",
];
const DATES: &[&str] = &[
    "2019-05-01",
    "2021-11-30",
    "2022-06-15",
    "2023-03-03",
    "2024-01-15",
    "2024-04-04",
    "2025-02-02",
];
/// Paragraphs: topic mentions (curated aliases), dates in prose, a heading, plain text.
const PARAGRAPHS: &[&str] = &[
    "Taiwan's coast guard met the navy in Taipei; Taiwan asked for more.",
    "The shipyards delivered submarine hulls to the navy on 4 March 2024.",
    "CPTPP members met in Tokyo on 12 May 2023 to discuss accession to the CPTPP.",
    "Command and control reforms were announced in June 2022.",
    "Nothing in this paragraph names a topic.",
    "Economic security reviews continue, and the shipyard in Busan expanded.",
    "A plain paragraph about budgets and schedules.",
    "## Background\n\nThe background mentions Taiwan once more.",
    "Officials expect a decision by 30 September 2025.",
    "The Japan Coast Guard and the Philippine Navy trained together.",
];
const MENTIONS: &[&str] = &[
    "Taiwan and Taipei came up twice.",
    "The shipyards and one more shipyard were named.",
    "The CPTPP, again the CPTPP.",
];
const TOPICS: &[&str] = &[
    "Taiwan",
    "Shipbuilding",
    "Command and control",
    "Economic security",
    "Brand new",
];
/// Slugs no file name takes (so a slug never clashes).
const SLUGS: &[&str] = &[
    "gamma", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau",
];
/// Names for added and renamed documents.
const NEW_FILES: &[&str] = &[
    "upsilon.md",
    "phi.md",
    "chi.md",
    "psi.md",
    "omega.md",
    "notes/one.md",
    "notes/two.md",
    "notes/three.md",
    "four.markdown",
    "five.md",
];
/// Templates a theme override may replace (a marker goes after `{% block content %}`).
const TEMPLATES: &[&str] = &["document.html", "topic.html", "index.html", "base.html"];

/// One document of the model; written out in full after every change.
#[derive(Clone)]
struct Doc {
    /// Relative to `content/`.
    file: String,
    title: String,
    slug: Option<String>,
    date: Option<String>,
    summary: Option<String>,
    topics: Vec<String>,
    paragraphs: Vec<String>,
    /// Link text and target file (relative to `content/`).
    links: Vec<(String, String)>,
    draft: bool,
    /// `listed: false`: a standalone page.
    unlisted: bool,
    author: Option<String>,
    description: Option<String>,
    /// A declared event (`events:`): date, title, topic.
    event: Option<(String, String, String)>,
    broken: bool,
}

impl Doc {
    fn new(file: &str, title: &str, date: &str, paragraphs: &[&str]) -> Doc {
        Doc {
            file: file.into(),
            title: title.into(),
            slug: None,
            date: Some(date.into()),
            summary: None,
            topics: Vec::new(),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            links: Vec::new(),
            draft: false,
            unlisted: false,
            author: None,
            description: None,
            event: None,
            broken: false,
        }
    }

    fn text(&self) -> String {
        let mut out = String::from("---\n");
        if self.broken {
            let _ = writeln!(out, "title: [{}", self.title);
        } else {
            let _ = writeln!(out, "title: {}", self.title);
        }
        for (key, value) in [
            ("slug", &self.slug),
            ("date", &self.date),
            ("summary", &self.summary),
            ("author", &self.author),
            ("description", &self.description),
        ] {
            if let Some(value) = value {
                let _ = writeln!(out, "{key}: {value}");
            }
        }
        if !self.topics.is_empty() {
            let _ = writeln!(out, "topics: [{}]", self.topics.join(", "));
        }
        if self.draft {
            out.push_str("draft: true\n");
        }
        if self.unlisted {
            out.push_str("listed: false\n");
        }
        if let Some((date, title, topic)) = &self.event {
            let _ = writeln!(
                out,
                "events:\n  - date: {date}\n    title: {title}\n    topics: [{topic}]"
            );
        }
        out.push_str("---\n\n");
        out.push_str(&self.paragraphs.join("\n\n"));
        if !self.links.is_empty() {
            let links: Vec<String> = self
                .links
                .iter()
                .map(|(text, target)| format!("[{text}]({})", relative(&self.file, target)))
                .collect();
            let _ = write!(out, "\n\nSee also {}.", links.join(", "));
        }
        out.push('\n');
        out
    }
}

/// `notes/kappa.md` -> `kappa`.
fn stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.split('.').next().unwrap_or(name)
}

/// The link from the document at `from` to the file `to` (both relative to `content/`).
fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

/// The site's state and the generator of edits to it.
struct Editor {
    rng: Rng,
    search: bool,
    docs: Vec<Doc>,
    /// The index of the document whose front matter is broken.
    broken: Option<usize>,
    config_title: &'static str,
    home_count: usize,
    threshold: usize,
    formosa: bool,
    /// Theme overrides in place: template name and its marker.
    overrides: Vec<(&'static str, usize)>,
    marker: usize,
    picture: bool,
    reports: bool,
}

impl Editor {
    fn new(seed: u64, search: bool) -> Editor {
        let mut docs = vec![
            Doc::new("alpha.md", "Alpha", "2024-04-04", &[PARAGRAPHS[0]]),
            Doc::new("beta.md", "Beta", "2023-06-01", &[PARAGRAPHS[1]]),
            Doc::new("delta.md", "Delta", "2022-09-30", &[PARAGRAPHS[2]]),
            Doc::new("epsilon.md", "Epsilon", "2024-02-02", &[PARAGRAPHS[3]]),
            Doc::new("zeta.md", "Zeta", "2021-01-01", &[PARAGRAPHS[4]]),
            Doc::new("eta.md", "Eta", "2020-07-07", &[PARAGRAPHS[5]]),
            Doc::new("theta.md", "Theta", "2023-12-12", &[PARAGRAPHS[6]]),
            Doc::new("iota.md", "Iota", "2019-03-03", &[PARAGRAPHS[7]]),
            Doc::new("notes/kappa.md", "Kappa", "2024-08-08", &[PARAGRAPHS[8]]),
            Doc::new(
                "notes/omikron.md",
                "Omikron",
                "2025-01-01",
                &[PARAGRAPHS[9]],
            ),
        ];
        // A ring of links (each document links the next), and a few more.
        let files: Vec<String> = docs.iter().map(|d| d.file.clone()).collect();
        for (i, doc) in docs.iter_mut().enumerate() {
            let next = &files[(i + 1) % files.len()];
            doc.links
                .push((format!("the {} note", stem(next)), next.clone()));
        }
        docs[3].links.push(("alpha".into(), "alpha.md".into()));
        docs[8].links.push(("beta".into(), "beta.md".into()));
        docs[1].topics.push("Taiwan".into());
        Editor {
            rng: Rng(seed),
            search,
            docs,
            broken: None,
            config_title: "Random Briefings",
            home_count: 10,
            threshold: 2,
            formosa: false,
            overrides: Vec::new(),
            marker: 0,
            picture: false,
            reports: false,
        }
    }

    fn config(&self) -> String {
        format!(
            "title = \"{}\"\nbase_url = \"https://org.github.io/briefs/\"\nstrict = true\nhome_count = {}\n\n[search]\nenabled = {}\n\n[topics]\nthreshold = {}\n\n[topics.taiwan]\ntitle = \"Taiwan\"\naliases = [\"Taipei\"{}]\n\n[topics.shipbuilding]\ntitle = \"Shipbuilding\"\naliases = [\"shipyards\", \"shipyard\"]\n\n[topics.cptpp]\ntitle = \"CPTPP\"\nkind = \"agreement\"\n",
            self.config_title,
            self.home_count,
            self.search,
            self.threshold,
            if self.formosa { ", \"Formosa\"" } else { "" }
        )
    }

    /// The site before the first edit.
    fn site(&self) -> SiteTest {
        let mut site = SiteTest::new()
            .config(&self.config())
            .file("content/index.md", "Welcome to the random briefings.\n")
            .file(
                "content/about.md",
                "---\ntitle: About\nlisted: false\n---\nWhat the site is.\n",
            )
            .file(
                "content/notes/index.md",
                "---\ntitle: Field notes\n---\nNotes from the field.\n",
            )
            .file("static/extra.css", "p { color: red }\n");
        for doc in &self.docs {
            site = site.file(&format!("content/{}", doc.file), &doc.text());
        }
        site
    }

    fn broken_file(&self) -> Option<String> {
        self.broken.map(|i| self.docs[i].file.clone())
    }

    /// Makes one edit on disk; returns what it was and the events a watcher would report.
    fn edit(&mut self, root: &Path) -> (String, Vec<FsEvent>) {
        if let Some(i) = self.broken {
            if self.rng.chance(60) {
                self.docs[i].broken = false;
                self.broken = None;
                let what = format!("fix the front matter of {}", self.docs[i].file);
                return (what, self.write_doc(root, i));
            }
            return self.edit_document(root, false);
        }
        match self.rng.below(100) {
            0..=51 => self.edit_document(root, true),
            52..=59 => self.burst(root),
            60..=67 => self.add_document(root),
            68..=72 => self.delete_document(root),
            73..=78 => self.rename_document(root),
            79..=83 => self.edit_template(root),
            84..=88 => self.edit_config(root),
            89..=93 => self.edit_static(root),
            _ => self.toggle_reports(root),
        }
    }

    /// An edit inside one document (front matter broken only when `may_break`).
    fn edit_document(&mut self, root: &Path, may_break: bool) -> (String, Vec<FsEvent>) {
        let candidates: Vec<usize> = (0..self.docs.len())
            .filter(|&i| Some(i) != self.broken)
            .collect();
        let i = *self.rng.pick(&candidates);
        let kind = self.rng.below(if may_break { 17 } else { 16 });
        let what = self.change_document(i, kind);
        let what = format!("{}: {what}", self.docs[i].file);
        (what, self.write_doc(root, i))
    }

    /// Two or three documents edited in one batch of events (a search-and-replace across
    /// files, a `git checkout`); never a broken front matter.
    fn burst(&mut self, root: &Path) -> (String, Vec<FsEvent>) {
        let mut whats = Vec::new();
        let mut events = Vec::new();
        for _ in 0..2 + self.rng.below(2) {
            let (what, more) = self.edit_document(root, false);
            whats.push(what);
            events.extend(more);
        }
        (format!("together: {}", whats.join("; ")), events)
    }

    /// Changes the model of document `i` by edit `kind`; says what it did.
    fn change_document(&mut self, i: usize, kind: usize) -> String {
        let others: Vec<String> = self
            .docs
            .iter()
            .filter(|d| d.file != self.docs[i].file)
            .map(|d| d.file.clone())
            .collect();
        let used: Vec<String> = self.docs.iter().filter_map(|d| d.slug.clone()).collect();
        let free_slugs: Vec<&str> = SLUGS
            .iter()
            .copied()
            .filter(|s| !used.iter().any(|u| u == s))
            .collect();
        let rng = &mut self.rng;
        let doc = &mut self.docs[i];
        match kind {
            0 => {
                doc.title = format!("{} {}", rng.pick(TITLES), rng.below(5));
                format!("title {:?}", doc.title)
            }
            1 if free_slugs.is_empty() || (doc.slug.is_some() && rng.chance(40)) => {
                doc.slug = None;
                "slug removed".into()
            }
            1 => {
                doc.slug = Some(rng.pick(&free_slugs).to_string());
                format!("slug: {}", doc.slug.as_deref().unwrap_or(""))
            }
            2 if rng.chance(15) => {
                doc.date = None;
                "date removed".into()
            }
            2 => {
                doc.date = Some(rng.pick(DATES).to_string());
                format!("date: {}", doc.date.as_deref().unwrap_or(""))
            }
            3 if doc.summary.is_some() && rng.chance(40) => {
                doc.summary = None;
                "summary removed".into()
            }
            3 => {
                doc.summary = Some(rng.pick(SUMMARIES).to_string());
                format!("summary {:?}", doc.summary.as_deref().unwrap_or(""))
            }
            4 | 5 if doc.paragraphs.len() > 1 && rng.chance(30) => {
                let at = rng.below(doc.paragraphs.len());
                doc.paragraphs.remove(at);
                format!("body: paragraph {at} removed")
            }
            4 | 5 => {
                let text = rng.pick(PARAGRAPHS).to_string();
                let at = rng.below(doc.paragraphs.len() + 1);
                let short: String = text.chars().take(30).collect();
                if at < doc.paragraphs.len() && rng.chance(50) {
                    doc.paragraphs[at] = text;
                    format!("body: paragraph {at} replaced by {short:?}…")
                } else {
                    doc.paragraphs.insert(at, text);
                    format!("body: {short:?}… inserted at {at}")
                }
            }
            6 | 7 if !doc.links.is_empty() && rng.chance(40) => {
                let at = rng.below(doc.links.len());
                let (_, target) = doc.links.remove(at);
                format!("link to {target} removed")
            }
            6 | 7 => {
                let target = rng.pick(&others).clone();
                let text = format!("the {} note", stem(&target));
                doc.links.push((text, target.clone()));
                format!("link to {target} added")
            }
            8 if rng.chance(40) => {
                let before = doc.paragraphs.len();
                doc.paragraphs.retain(|p| !MENTIONS.contains(&p.as_str()));
                if doc.paragraphs.is_empty() {
                    doc.paragraphs.push(PARAGRAPHS[4].into());
                }
                format!("topic mentions removed ({before} paragraphs before)")
            }
            8 => {
                let mention = rng.pick(MENTIONS).to_string();
                doc.paragraphs.push(mention.clone());
                format!("topic mention {mention:?} added")
            }
            9 if !doc.topics.is_empty() && rng.chance(40) => {
                let at = rng.below(doc.topics.len());
                let topic = doc.topics.remove(at);
                format!("declared topic {topic} removed")
            }
            9 => {
                let topic = rng.pick(TOPICS).to_string();
                if !doc.topics.contains(&topic) {
                    doc.topics.push(topic.clone());
                }
                format!("declared topic {topic} added")
            }
            10 => {
                doc.draft = !doc.draft;
                format!("draft: {}", doc.draft)
            }
            11 => {
                doc.title = format!("{} {}", rng.pick(TITLES), rng.below(5));
                doc.paragraphs.push(rng.pick(PARAGRAPHS).to_string());
                format!("title {:?} and a paragraph", doc.title)
            }
            12 => {
                doc.unlisted = !doc.unlisted;
                format!("listed: {}", !doc.unlisted)
            }
            13 if doc.author.is_some() && rng.chance(40) => {
                doc.author = None;
                "author removed".into()
            }
            13 => {
                doc.author = Some(rng.pick(&["Jane Doe", "John Roe"]).to_string());
                format!("author: {}", doc.author.as_deref().unwrap_or(""))
            }
            14 if doc.description.is_some() && rng.chance(40) => {
                doc.description = None;
                "description removed".into()
            }
            14 => {
                doc.description = Some(rng.pick(SUMMARIES).to_string());
                format!("description {:?}", doc.description.as_deref().unwrap_or(""))
            }
            15 if doc.event.is_some() && rng.chance(40) => {
                doc.event = None;
                "declared event removed".into()
            }
            15 => {
                let event = (
                    rng.pick(DATES).to_string(),
                    rng.pick(&["State visit", "Launch", "Talks"]).to_string(),
                    rng.pick(TOPICS).to_string(),
                );
                let what = format!("declared event {} {} ({})", event.0, event.1, event.2);
                doc.event = Some(event);
                what
            }
            _ => {
                doc.broken = true;
                self.broken = Some(i);
                "front matter broken (unclosed `[` in the title)".into()
            }
        }
    }

    fn write_doc(&self, root: &Path, i: usize) -> Vec<FsEvent> {
        let rel = format!("content/{}", self.docs[i].file);
        fs::write(root.join(&rel), self.docs[i].text()).expect("write document");
        vec![event(root, FsEventKind::Modify, &[&rel])]
    }

    fn free_file(&mut self) -> Option<&'static str> {
        let free: Vec<&'static str> = NEW_FILES
            .iter()
            .copied()
            .filter(|f| !self.docs.iter().any(|d| d.file == *f))
            .collect();
        (!free.is_empty()).then(|| *self.rng.pick(&free))
    }

    fn add_document(&mut self, root: &Path) -> (String, Vec<FsEvent>) {
        let Some(file) = self.free_file() else {
            return self.edit_document(root, true);
        };
        let (title, date) = (*self.rng.pick(TITLES), *self.rng.pick(DATES));
        let mut doc = Doc::new(file, title, date, &[*self.rng.pick(PARAGRAPHS)]);
        if self.rng.chance(50) {
            doc.topics.push(self.rng.pick(TOPICS).to_string());
        }
        if self.rng.chance(50) {
            let target = self.rng.pick(&self.docs).file.clone();
            doc.links.push(("a link".into(), target));
        }
        let rel = format!("content/{file}");
        fs::write(root.join(&rel), doc.text()).expect("write new document");
        self.docs.push(doc);
        (
            format!("{file} added"),
            vec![
                event(root, FsEventKind::Create, &[&rel]),
                event(root, FsEventKind::Modify, &[&rel]),
            ],
        )
    }

    /// A document that is not in `reports/` (that folder comes and goes as a whole).
    fn pick_loose(&mut self) -> Option<usize> {
        let loose: Vec<usize> = (0..self.docs.len())
            .filter(|&i| !self.docs[i].file.starts_with("reports/"))
            .collect();
        (loose.len() > 5).then(|| *self.rng.pick(&loose))
    }

    fn delete_document(&mut self, root: &Path) -> (String, Vec<FsEvent>) {
        let Some(i) = self.pick_loose() else {
            return self.add_document(root);
        };
        let doc = self.docs.remove(i);
        let rel = format!("content/{}", doc.file);
        fs::remove_file(root.join(&rel)).expect("delete document");
        (
            format!("{} deleted", doc.file),
            vec![event(root, FsEventKind::Remove, &[&rel])],
        )
    }

    fn rename_document(&mut self, root: &Path) -> (String, Vec<FsEvent>) {
        let (Some(i), Some(to)) = (self.pick_loose(), self.free_file()) else {
            return self.edit_document(root, true);
        };
        let from = std::mem::replace(&mut self.docs[i].file, to.to_string());
        let (old, new) = (format!("content/{from}"), format!("content/{to}"));
        fs::rename(root.join(&old), root.join(&new)).expect("rename document");
        // Its relative links now start from another folder: the file is written anew, as an
        // editor's "rename and fix links" does.
        let mut events = vec![event(root, FsEventKind::Rename, &[&old, &new])];
        events.extend(self.write_doc(root, i));
        (format!("{from} renamed to {to}"), events)
    }

    /// Adds, changes or removes a theme override of one template (`themes/default/templates/`).
    fn edit_template(&mut self, root: &Path) -> (String, Vec<FsEvent>) {
        let name = *self.rng.pick(TEMPLATES);
        let rel = format!("themes/default/templates/{name}");
        let existing = self.overrides.iter().position(|(n, _)| *n == name);
        if let (Some(at), true) = (existing, self.rng.chance(35)) {
            self.overrides.remove(at);
            fs::remove_file(root.join(&rel)).expect("remove override");
            let events = vec![event(root, FsEventKind::Remove, &[&rel])];
            return (format!("theme override {name} removed"), events);
        }
        self.marker += 1;
        let default = fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/default/templates")
                .join(name),
        )
        .expect("default template");
        let block = "{% block content %}";
        assert!(default.contains(block), "{name} has no content block");
        let text = default.replacen(
            block,
            &format!("{block}<p class=\"marker\">override {}</p>", self.marker),
            1,
        );
        let mut events: Vec<FsEvent> = ["themes", "themes/default", "themes/default/templates"]
            .into_iter()
            .filter(|dir| !root.join(dir).exists())
            .map(|dir| event(root, FsEventKind::Create, &[dir]))
            .collect();
        fs::create_dir_all(root.join("themes/default/templates")).expect("templates folder");
        fs::write(root.join(&rel), text).expect("write override");
        match existing {
            Some(at) => self.overrides[at].1 = self.marker,
            None => self.overrides.push((name, self.marker)),
        }
        let kind = if existing.is_some() {
            FsEventKind::Modify
        } else {
            FsEventKind::Create
        };
        events.push(event(root, kind, &[&rel]));
        (
            format!("theme override {name} (marker {})", self.marker),
            events,
        )
    }

    fn edit_config(&mut self, root: &Path) -> (String, Vec<FsEvent>) {
        let what = match self.rng.below(4) {
            0 => {
                self.config_title = *self.rng.pick(&["Random Briefings", "Renamed Briefings"]);
                format!("config: title {:?}", self.config_title)
            }
            1 => {
                self.home_count = *self.rng.pick(&[2, 3, 10]);
                format!("config: home_count = {}", self.home_count)
            }
            2 => {
                self.threshold = *self.rng.pick(&[1, 2, 3]);
                format!("config: topics.threshold = {}", self.threshold)
            }
            _ => {
                self.formosa = !self.formosa;
                format!(
                    "config: alias Formosa {}",
                    if self.formosa { "added" } else { "removed" }
                )
            }
        };
        fs::write(root.join("site-config.toml"), self.config()).expect("write config");
        (
            what,
            vec![event(root, FsEventKind::Modify, &["site-config.toml"])],
        )
    }

    fn edit_static(&mut self, root: &Path) -> (String, Vec<FsEvent>) {
        if self.rng.chance(50) {
            let css = format!("p {{ color: #{:06x} }}\n", self.rng.next() & 0xff_ffff);
            fs::write(root.join("static/extra.css"), css).expect("write css");
            let events = vec![event(root, FsEventKind::Modify, &["static/extra.css"])];
            return ("static/extra.css changed".into(), events);
        }
        let rel = "static/img/picture.svg";
        self.picture = !self.picture;
        if self.picture {
            let mut events = Vec::new();
            if !root.join("static/img").exists() {
                events.push(event(root, FsEventKind::Create, &["static/img"]));
            }
            fs::create_dir_all(root.join("static/img")).expect("img folder");
            fs::write(
                root.join(rel),
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
            )
            .expect("write svg");
            events.push(event(root, FsEventKind::Create, &[rel]));
            (format!("{rel} added"), events)
        } else {
            fs::remove_file(root.join(rel)).expect("remove svg");
            (
                format!("{rel} removed"),
                vec![event(root, FsEventKind::Remove, &[rel])],
            )
        }
    }

    /// A folder of two documents comes (as `mkdir` and two writes, or a `git checkout`, report
    /// it) or goes as a whole.
    fn toggle_reports(&mut self, root: &Path) -> (String, Vec<FsEvent>) {
        let files = ["reports/r1.md", "reports/r2.md"];
        self.reports = !self.reports;
        if !self.reports {
            self.docs.retain(|d| !d.file.starts_with("reports/"));
            fs::remove_dir_all(root.join("content/reports")).expect("remove reports");
            let mut events: Vec<FsEvent> = files
                .iter()
                .map(|f| event(root, FsEventKind::Remove, &[&format!("content/{f}")]))
                .collect();
            events.push(event(root, FsEventKind::Remove, &["content/reports"]));
            return ("folder reports/ removed".into(), events);
        }
        fs::create_dir_all(root.join("content/reports")).expect("reports folder");
        let mut events = vec![event(root, FsEventKind::Create, &["content/reports"])];
        for (n, file) in files.iter().enumerate() {
            let (date, paragraph) = (*self.rng.pick(DATES), *self.rng.pick(PARAGRAPHS));
            let mut doc = Doc::new(file, &format!("Report {}", n + 1), date, &[paragraph]);
            doc.links.push(("alpha".into(), "alpha.md".into()));
            let rel = format!("content/{file}");
            fs::write(root.join(&rel), doc.text()).expect("write report");
            self.docs.push(doc);
            events.push(event(root, FsEventKind::Create, &[&rel]));
            events.push(event(root, FsEventKind::Modify, &[&rel]));
        }
        ("folder reports/ added with two documents".into(), events)
    }
}
