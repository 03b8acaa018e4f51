//! Text from documents and the config is escaped everywhere it lands: no output file (HTML, XML,
//! text) ever contains the raw payload.

use crate::site::{tree, SiteTest};

const PAYLOAD: &str = "<script>alert(1)</script> \"quotes\"";
const ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quotes&quot;";

fn hostile_site() -> SiteTest {
    // YAML single quotes keep the double quotes; TOML gets them escaped.
    let yaml = format!("'{PAYLOAD}'");
    let toml = PAYLOAD.replace('"', "\\\"");
    SiteTest::new()
        .config(&format!(
            "title = \"{toml}\"\ndescription = \"{toml}\"\nauthor = \"{toml}\"\nbase_url = \"https://example.org/\"\n"
        ))
        .file(
            "content/hostile.md",
            &format!(
                "---\ntitle: {yaml}\nauthor: {yaml}\npublisher: {yaml}\nsummary: {yaml}\ndescription: {yaml}\ntopics: [{yaml}]\ndate: 2024-01-01\nmood: {yaml}\n---\n\nBody text.\n\n## A \\<script\\>alert(1)\\</script\\> heading\n\nMore.\n\n## Second heading\n"
            ),
        )
        .file(
            "content/hostile-text.txt",
            &format!("{PAYLOAD} as a title line\n\nBody, a sentence.\n\n{PAYLOAD} as a heading\n\nText, {PAYLOAD}.\n"),
        )
        .file("content/about.md", &format!("---\ntitle: {yaml}\nlisted: false\n---\nAbout.\n"))
}

#[test]
fn payload_never_appears_unescaped_in_any_output_file() {
    let site = hostile_site().build();
    let files = tree(&site.out());
    assert!(files.len() > 10, "{:#?}", files.keys());
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for raw in ["<script>alert(1)</script>", "\"quotes\""] {
            assert!(!text.contains(raw), "{path} contains {raw:?}:\n{text}");
        }
    }
}

#[test]
fn payload_is_shown_escaped_where_it_belongs() {
    let site = hostile_site().build();
    site.check_file_contains(
        "hostile/index.html",
        &[
            &format!("<h1>{ESCAPED}</h1>"),
            &format!("<title>{ESCAPED} · {ESCAPED}</title>"),
        ],
    );
    site.check_file_contains(
        "hostile-text/index.html",
        &[&format!("<h1>{ESCAPED} as a title line</h1>")],
    );
    site.check_file_contains("atom.xml", &[&format!("<title>{ESCAPED}</title>")]);
    let topic_pages: Vec<String> = site
        .files()
        .into_iter()
        .filter(|f| {
            f.starts_with("topics/") && f.ends_with("/index.html") && f != "topics/index.html"
        })
        .collect();
    assert_eq!(topic_pages.len(), 1, "{topic_pages:?}");
    site.check_file_contains(&topic_pages[0], &[&format!("<h1>{ESCAPED}</h1>")]);
}
