//! The site configuration, read from `site-config.toml` and validated once.
//!
//! [`SiteConfig::parse`] is pure: text in, a validated config (or a located error) out. Unknown
//! keys are errors that name their line, so a typo never silently does nothing. The rest of the
//! pipeline receives `&SiteConfig` and never reads the file again.

use std::path::Path;

use serde::Deserialize;

use crate::error::{line_col, Diagnostic};

/// Everything `site-config.toml` may say.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Where the site is published, e.g. `https://org.github.io/briefs/`. Its path is the prefix
    /// of every internal link.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub output_dir: String,
    pub content_dir: String,
    pub author: Option<String>,
    /// How many documents the home page and the Atom feed list.
    pub home_count: usize,
    pub feed_count: usize,
    /// How many entries one page of a list shows (the archive, a topic's documents, a year of
    /// the timeline); longer lists are split over numbered pages, so no page grows with the site.
    pub per_page: usize,
    /// Stop the build on a document whose front matter cannot be read. Off by default: such a
    /// document is skipped with a warning naming its line, and the rest of the site builds.
    pub strict: bool,
    pub markdown: MarkdownConfig,
    pub highlight: HighlightConfig,
    pub topics: TopicsConfig,
    pub search: SearchConfig,
    /// Free-form values handed to templates as `site.extra`.
    pub extra: toml::Table,
}

impl SiteConfig {
    /// Entries per page of a split list (`per_page`, at least one).
    pub fn page_size(&self) -> usize {
        self.per_page.max(1)
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Briefings".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            theme: "default".into(),
            output_dir: "public".into(),
            content_dir: "content".into(),
            author: None,
            home_count: 20,
            feed_count: 20,
            per_page: 100,
            strict: false,
            markdown: MarkdownConfig::default(),
            highlight: HighlightConfig::default(),
            topics: TopicsConfig::default(),
            search: SearchConfig::default(),
            extra: toml::Table::new(),
        }
    }
}

/// `[search]`: the Pagefind index of document and topic pages behind `/search/`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Build the index and the `/search/` page. On by default; off makes builds faster.
    pub enabled: bool,
    /// Pages per shard of the index: each shard is built, written and freed on its own, so
    /// this bounds the index's memory; the browser merges the shards into one search.
    pub shard_pages: usize,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            shard_pages: 1000,
        }
    }
}

/// `[markdown]`: how documents are turned into HTML.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Curly quotes, en and em dashes, ellipses.
    pub smart_punctuation: bool,
    /// Pass raw HTML in markdown through. Off by default (as in Hugo): raw HTML is shown as text.
    pub unsafe_html: bool,
    /// Highlight fenced code blocks with syntect.
    pub highlight_code: bool,
    /// Deepest heading level listed in a document's table of contents.
    pub toc_depth: u8,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            unsafe_html: false,
            highlight_code: true,
            toc_depth: 3,
        }
    }
}

/// `[highlight]`: the syntect themes used for the light and dark code CSS.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct HighlightConfig {
    pub light_theme: String,
    pub dark_theme: String,
}

impl Default for HighlightConfig {
    fn default() -> Self {
        HighlightConfig {
            light_theme: "InspiredGitHub".into(),
            dark_theme: "base16-ocean.dark".into(),
        }
    }
}

/// `[topics]`: how topics are detected and shown, and the curated topics
/// (`[topics.command-and-control]` tables).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default)]
pub struct TopicsConfig {
    /// Mentions a document needs to be filed under a topic it does not declare (one mention in
    /// its title, summary or a heading is enough).
    pub threshold: usize,
    /// Link a topic's first mention in a document to its page (`first`), every one (`all`), or none.
    pub autolink: AutolinkMode,
    /// Publish at most this many discovered topics (pages marked as found automatically);
    /// `0` turns discovery off; unset, the count grows with the corpus
    /// (`analyze::discover::default_cap`).
    pub discover: Option<usize>,
    /// Names, aliases or slugs that discovery never publishes.
    pub exclude: Vec<String>,
    /// Related documents shown on a document page.
    pub related: usize,
    /// Key passages quoted per document on a topic page.
    pub passages: usize,
    /// Documents quoted on a topic page (the newest); older ones are listed by title and date.
    pub quoted_documents: usize,
    /// Curated topics by slug.
    #[serde(flatten)]
    pub curated: std::collections::BTreeMap<String, CuratedTopic>,
}

impl TopicsConfig {
    /// How many discovered topics a corpus of `documents` publishes.
    pub fn discover_cap(&self, documents: usize) -> usize {
        self.discover
            .unwrap_or_else(|| crate::analyze::discover::default_cap(documents))
    }
}

impl Default for TopicsConfig {
    fn default() -> Self {
        TopicsConfig {
            threshold: 2,
            autolink: AutolinkMode::First,
            discover: None,
            exclude: Vec::new(),
            related: 5,
            passages: 3,
            quoted_documents: 50,
            curated: std::collections::BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AutolinkMode {
    First,
    All,
    None,
}

/// What kind of thing a topic is; topics are grouped by kind on `/topics/`.
#[derive(
    Debug, Clone, Copy, Default, Deserialize, serde::Serialize, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "lowercase")]
pub enum TopicKind {
    #[default]
    Theme,
    Person,
    Organization,
    Place,
    Agreement,
}

/// One `[topics.<slug>]` table.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CuratedTopic {
    pub title: String,
    pub description: Option<String>,
    pub aliases: Vec<String>,
    pub kind: TopicKind,
    /// The slug of a broader topic.
    pub parent: Option<String>,
}

impl SiteConfig {
    /// Parses and validates `site-config.toml` text; `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<SiteConfig, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut config: SiteConfig = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::new(path, first_line(e.message()));
            if let Some(span) = e.span() {
                let (line, col) = line_col(text, span.start);
                d = d.at(line, col);
            }
            d.hint(config_hint(e.message()))
        })?;
        config.base_url = normalize_base_url(&config.base_url)
            .map_err(|msg| locate_key(Diagnostic::new(path, msg), text, "base_url"))?;
        if config.theme.trim().is_empty() || config.theme.contains(['/', '\\']) {
            return Err(locate_key(
                Diagnostic::new(path, format!("invalid theme name {:?}", config.theme)),
                text,
                "theme",
            )
            .hint("a theme is a folder name under themes/, e.g. theme = \"default\""));
        }
        check_highlight_themes(&config.highlight, text, path)?;
        Ok(config)
    }

    /// The path part of `base_url`, always starting and ending with `/` (`/briefs/`, or `/`).
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }
}

/// `[highlight]` names must be syntect themes; the error names the key's line.
fn check_highlight_themes(
    config: &HighlightConfig,
    text: &str,
    path: &Path,
) -> Result<(), Diagnostic> {
    let known = crate::parse::highlight::theme_names();
    for (key, name) in [
        ("light_theme", &config.light_theme),
        ("dark_theme", &config.dark_theme),
    ] {
        if !known.contains(name) {
            let d = Diagnostic::new(path, format!("unknown highlight theme {name:?}"))
                .hint(format!("use one of: {}", known.join(", ")));
            return Err(locate_key(d, text, key));
        }
    }
    Ok(())
}

/// Ensures a trailing slash and a usable scheme; `/` alone (no host) is allowed for local use.
pub(crate) fn normalize_base_url(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    if raw.is_empty() || raw == "/" {
        return Ok("/".into());
    }
    let ok_scheme =
        raw.starts_with("https://") || raw.starts_with("http://") || raw.starts_with('/');
    if !ok_scheme || raw.contains(char::is_whitespace) {
        return Err(format!(
            "base_url {raw:?} must be an absolute http(s) URL such as \"https://org.github.io/briefs/\""
        ));
    }
    let mut url = raw.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// `https://host/a/b/` -> `/a/b/`; `https://host` -> `/`; `/a/` -> `/a/`.
pub(crate) fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"));
    let path = match after_scheme {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => base_url,
    };
    let mut path = path.to_string();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

fn config_hint(message: &str) -> String {
    if message.contains("CuratedTopic") {
        "under [topics], plain keys are settings (threshold, autolink, discover, exclude, related, passages, quoted_documents) and tables are topics: [topics.my-topic] with title, aliases, description, kind, parent".into()
    } else if message.contains("unknown field") {
        "remove the key or fix its spelling; see README.md \"Configuration\" for the known keys"
            .into()
    } else {
        "check the TOML syntax: strings in quotes, one `key = value` per line".into()
    }
}

/// Adds the line of `key = ...` to a diagnostic about that key, when it can be found.
fn locate_key(d: Diagnostic, text: &str, key: &str) -> Diagnostic {
    match crate::parse::front_matter::find_key_line(text, key) {
        Some(line) => d.at_line(line),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        SiteConfig::parse(text, Path::new("site-config.toml"))
    }

    #[test]
    fn empty_config_gets_defaults() {
        let c = parse("").unwrap();
        assert_eq!(c.output_dir, "public");
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let e = parse("title = \"x\"\ntittle = \"y\"\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("tittle"), "{e}");
    }

    #[test]
    fn unknown_nested_key_is_an_error() {
        let e = parse("[markdown]\nsmart = true\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn base_path_from_base_url() {
        let c = parse("base_url = \"https://org.github.io/briefs\"").unwrap();
        assert_eq!(c.base_url, "https://org.github.io/briefs/");
        assert_eq!(c.base_path(), "/briefs/");
        assert_eq!(base_path_of("https://example.org"), "/");
    }

    #[test]
    fn bad_base_url_names_the_line() {
        let e = parse("title = \"t\"\nbase_url = \"ftp://x\"\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn topics_settings_and_curated_tables() {
        let c = parse("[topics]\nthreshold = 3\nautolink = \"all\"\n\n[topics.command-and-control]\ntitle = \"Command and control\"\naliases = [\"C2\", \"J-JOC\"]\nkind = \"theme\"\n").unwrap();
        assert_eq!(c.topics.threshold, 3);
        assert_eq!(c.topics.autolink, AutolinkMode::All);
        let t = &c.topics.curated["command-and-control"];
        assert_eq!(t.aliases, ["C2", "J-JOC"]);
        assert_eq!(
            parse("[topics]\ndiscover = 5\n")
                .unwrap()
                .topics
                .discover_cap(1000),
            5
        );
    }

    #[test]
    fn discovery_is_on_by_default_off_with_zero_and_excludes() {
        let unset = parse("title = \"x\"\n").unwrap().topics;
        assert!(unset.discover_cap(5) >= 20, "on, with a cap, when not set");
        assert!(unset.discover_cap(10_000) > unset.discover_cap(100));
        let off = parse("[topics]\ndiscover = 0\nexclude = [\"Page\"]\n")
            .unwrap()
            .topics;
        assert_eq!(off.discover_cap(5), 0);
        assert_eq!(off.exclude, ["Page"]);
    }

    #[test]
    fn topics_errors_are_located() {
        let e = parse("[topics.taiwan]\ntitle = \"Taiwan\"\nalias = [\"ROC\"]\n").unwrap_err();
        assert!(e.message.contains("alias"), "{e}");
        let e = parse("[topics]\nthreshhold = 3\n").unwrap_err();
        assert!(e.hint.unwrap().contains("threshold"), "{}", e.message);
        let e = parse("[topics.x]\nkind = \"planet\"\n").unwrap_err();
        assert!(e.message.contains("planet"), "{e}");
    }

    #[test]
    fn unknown_highlight_theme_names_its_line() {
        let e = parse("[highlight]\nlight_theme = \"Solarized\"\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.hint.unwrap().contains("Solarized (light)"));
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let e = parse("title = \"x\nfoo").unwrap_err();
        assert!(e.line.is_some());
    }
}
