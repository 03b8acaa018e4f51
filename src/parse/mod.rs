//! Parse: one [`SourceFile`] in, one [`Document`] out. Pure: no disk, no globals.
//!
//! The steps are small functions: strip BOM and CRLF, split and read the front matter
//! ([`front_matter`]), render the body ([`markdown`] or [`plain_text`]), then apply the content
//! model's fallbacks for title, date, summary and slug. Warnings are returned beside the
//! document; errors name the file, line and column.

pub(crate) mod body;
pub mod dates;
pub(crate) mod foreign;
pub(crate) mod front_matter;
pub(crate) mod highlight;
pub(crate) mod markdown;
pub(crate) mod plain_text;
pub(crate) mod slug;
pub(crate) mod url;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use crate::config::SiteConfig;
use crate::error::Diagnostic;
use crate::load::SourceFile;
use body::Body;
use dates::DocDate;
use front_matter::{DeclaredEvent, FrontMatter};
use highlight::Highlighter;

/// What the parser needs besides the file: the config and the shared highlighter.
pub struct ParseContext<'a> {
    pub config: &'a SiteConfig,
    pub highlighter: Option<&'a Highlighter>,
    /// The site's content documents, for `{{#include}}` (`None`: includes are left out).
    pub includes: Option<&'a foreign::Includes<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Markdown,
    PlainText,
}

/// Where a document's title came from (the last two are worth a `dossier check` warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleSource {
    FrontMatter,
    Heading,
    FirstLine,
    FileName,
}

/// Where a document's summary came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummarySource {
    FrontMatter,
    Excerpt,
    Description,
    FirstParagraph,
    None,
}

/// One source document, parsed: metadata, passages and rendered body.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub path: PathBuf,
    /// Path under `content/`, with `/` separators.
    pub rel_path: String,
    pub kind: DocKind,
    /// The URL path without slashes around it: `us-japan-2024`, `notes/memo`, or `` for the root.
    pub slug: String,
    /// True when the front matter set the URL (`slug`, `permalink`, `url`, `path`), so the
    /// user chose it: a clash with another such URL stops the build, where a clash of URLs taken
    /// from dated file names is settled by adding the year.
    pub explicit_slug: bool,
    /// Old URL paths (no slashes around) that redirect to this document's page.
    pub aliases: Vec<String>,
    /// The slug parse gave, when analysis changed it to keep two dated file names apart
    /// (`award` for `award-2024`); analysis starts again from it on every run.
    pub parsed_slug: Option<String>,
    /// `index.md`: describes its folder (a section) rather than being a document of its own.
    pub is_section_index: bool,
    pub title: String,
    pub title_source: TitleSource,
    pub date: Option<DocDate>,
    pub updated: Option<DocDate>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub source: Option<String>,
    pub description: Option<String>,
    /// Plain text: front matter `summary`, else the excerpt, else `description`, else the first paragraph.
    pub summary: String,
    pub summary_source: SummarySource,
    /// Topic names as declared in front matter (`topics`, `tags`, `categories`, `themes`).
    pub declared_topics: Vec<String>,
    pub declared_events: Vec<DeclaredEvent>,
    pub draft: bool,
    /// True for standalone pages (`listed: false`): not on the home page, archive or feeds.
    pub unlisted: bool,
    pub image: Option<String>,
    pub extra: BTreeMap<String, Value>,
    pub body: Body,
    /// A hash of what this document was parsed from (its paths and its whole text, and for a
    /// document that includes others, its body as rendered). Parsing is a pure function of that
    /// and the config, so two documents with the same digest under one config are the same
    /// value: `dossier serve` compares documents by it.
    pub source_digest: u64,
    /// Its text includes or names other documents (`{{#include}}`, `{% post_url %}`): serve
    /// parses it again whenever it re-reads any document.
    pub reads_other_documents: bool,
}

impl Document {
    /// A document with only a slug, for unit tests of later steps.
    #[cfg(test)]
    pub fn empty_for_tests(slug: &str) -> Document {
        Document {
            path: PathBuf::from(format!("content/{slug}.md")),
            rel_path: format!("{slug}.md"),
            kind: DocKind::Markdown,
            slug: slug.to_string(),
            explicit_slug: false,
            aliases: Vec::new(),
            parsed_slug: None,
            is_section_index: false,
            title: slug.to_string(),
            title_source: TitleSource::FileName,
            date: None,
            updated: None,
            authors: Vec::new(),
            publisher: None,
            source: None,
            description: None,
            summary: String::new(),
            summary_source: SummarySource::None,
            declared_topics: Vec::new(),
            declared_events: Vec::new(),
            draft: false,
            unlisted: false,
            image: None,
            extra: BTreeMap::new(),
            body: Body::default(),
            source_digest: 0,
            reads_other_documents: false,
        }
    }
}

/// A parsed document and the warnings met on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub document: Document,
    pub warnings: Vec<Diagnostic>,
    /// Template syntax of other generators left out of the body, warned about once per kind
    /// across the site by [`collect`].
    pub left_out: foreign::Tally,
}

/// How long a summary taken from the first paragraph may be, in characters.
const SUMMARY_CHARS: usize = 300;

/// Parses one document.
pub fn parse_document(source: &SourceFile, ctx: &ParseContext) -> Result<Parsed, Diagnostic> {
    let text = normalise_text(&source.text);
    let control_warning = control_characters_warning(&source.text, &source.path);
    let split = front_matter::split(&text, &source.path)?;
    let (fm, mut warnings) = match split.front_matter {
        Some((format, raw)) => {
            front_matter::parse(format, raw, split.front_matter_line, &source.path)?
        }
        None => (FrontMatter::default(), Vec::new()),
    };
    warnings.extend(split.warning.clone());
    warnings.extend(control_warning);
    let mut fm = fm;
    warnings.extend(drop_script_urls(&mut fm, &source.path));
    let raw_front_matter = split.front_matter.map_or("", |(_, raw)| raw);
    warnings.extend(long_slug_warnings(
        source,
        &fm,
        raw_front_matter,
        split.front_matter_line,
    ));
    warnings.extend(file_name_date_warning(source, &fm));
    let at_line = |key: &str| {
        front_matter::find_key_line(raw_front_matter, key).map(|l| l + split.front_matter_line - 1)
    };
    let (url, url_warnings) = chosen_url(&fm, &source.path, &at_line);
    warnings.extend(url_warnings);
    let kind = doc_kind(&source.rel_path, &fm);
    let (body, left_out) = render_body(kind, split.body, &fm, ctx, &source.rel_path);
    let mut tally = foreign::Tally::default();
    if !left_out.is_empty() {
        // Lines by binary search over the body's line ends: a body can leave out thousands.
        let line_ends: Vec<usize> = split.body.match_indices('\n').map(|(i, _)| i).collect();
        tally.add(&source.path, &left_out, &|offset| {
            split.body_line + line_ends.partition_point(|&end| end < offset)
        });
    }
    if body.raw_html_omitted > 0 {
        warnings.push(
            Diagnostic::new(
                &source.path,
                format!("{} raw HTML fragment(s) left out", body.raw_html_omitted),
            )
            .hint("set `unsafe_html = true` under [markdown] in site-config.toml to keep raw HTML"),
        );
    }
    if body.flattened_blocks > 0 {
        warnings.push(
            Diagnostic::new(
                &source.path,
                format!(
                    "{} list(s), quote(s) or emphasis nested deeper than {} levels were flattened",
                    body.flattened_blocks,
                    markdown::MAX_NESTING
                ),
            )
            .hint("nest lists and quotes less deeply; their text is kept, one level up"),
        );
    }
    let document = assemble(source, kind, fm, body, url);
    Ok(Parsed {
        document,
        warnings,
        left_out: tally,
    })
}

/// What the front matter says about the page's URL, checked: the path of `permalink`, `url` or
/// `path`, or the `slug` kept as written, and the aliases. A value that is not safe is a
/// warning, and the URL falls back to the slugified `slug` or the file name.
struct ChosenUrl {
    choice: Option<SlugChoice>,
    aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum SlugChoice {
    /// The whole URL path, from `permalink`, `url` or `path`.
    Path(String),
    /// The last segment, as written.
    Kept(String),
    /// The last segment, slugified (a `slug` that was not safe as written).
    Slugify(String),
}

fn chosen_url(
    fm: &FrontMatter,
    path: &std::path::Path,
    at_line: &dyn Fn(&str) -> Option<usize>,
) -> (ChosenUrl, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let mut warn = |key: &str, message: String, hint: &str| {
        let d = Diagnostic::new(path, message).hint(hint);
        warnings.push(match at_line(key) {
            Some(line) => d.at(line, 1),
            None => d,
        });
    };
    let mut choice = None;
    if let Some((key, value)) = &fm.permalink {
        match url::explicit_path(value) {
            Ok(p) if !p.is_empty() => choice = Some(SlugChoice::Path(p)),
            Ok(_) => {}
            Err(why) => warn(
                key,
                format!("`{key}: {value}` is not used: {why}"),
                "write the page's path, e.g. `/docs/installation/`",
            ),
        }
    }
    if let (None, Some(given)) = (&choice, &fm.slug) {
        choice = Some(match url::explicit_slug(given) {
            Ok(kept) => SlugChoice::Kept(kept),
            // Too long for a folder name: cut, with the warning of `long_slug_warnings`.
            Err(_) if slug::slug_is_cut(given) => SlugChoice::Slugify(given.clone()),
            Err(why) => {
                let fixed = slug::slugify(given);
                warn(
                    "slug",
                    format!("`slug: {given}` is used as `{fixed}`: {why}"),
                    "use letters, digits, `-`, `_` and `.` only",
                );
                SlugChoice::Slugify(given.clone())
            }
        });
    }
    let mut aliases = Vec::new();
    for alias in &fm.aliases {
        match url::explicit_path(alias) {
            Ok(p) if !p.is_empty() => aliases.push(p),
            Ok(_) => warn(
                "aliases",
                format!("alias `{alias}` is the site's home page: no redirect is written"),
                "remove it",
            ),
            Err(why) => warn(
                "aliases",
                format!("alias `{alias}` is not used: {why}"),
                "write old paths on this site, e.g. `/old/path/`",
            ),
        }
    }
    (ChosenUrl { choice, aliases }, warnings)
}

/// Slugs are folder names in the output: a file name, `slug:` or topic too long for one is cut
/// (see [`slug::MAX_SLUG_BYTES`]), and the user is told which document and field it was.
fn long_slug_warnings(
    source: &SourceFile,
    fm: &FrontMatter,
    raw: &str,
    first_line: usize,
) -> Vec<Diagnostic> {
    let at_key = |d: Diagnostic, keys: &[&str]| match keys
        .iter()
        .find_map(|key| front_matter::find_key_line(raw, key))
    {
        Some(line) => d.at_line(line + first_line - 1),
        None => d,
    };
    let max = slug::MAX_SLUG_BYTES;
    let mut warnings = Vec::new();
    let long_part = source
        .rel_path
        .split('/')
        .map(file_stem)
        .find(|part| slug::slug_is_cut(part));
    if let (Some(part), None) = (long_part, &fm.slug) {
        let short: String = part.chars().take(40).collect();
        warnings.push(
            Diagnostic::new(
                &source.path,
                format!("the name `{short}…` is too long for a URL; it was cut to {max} bytes"),
            )
            .hint("rename the file or folder, or set a shorter `slug:` in the front matter"),
        );
    }
    if let Some(given) = fm.slug.as_deref().filter(|s| slug::slug_is_cut(s)) {
        let d = Diagnostic::new(
            &source.path,
            format!("`slug` is longer than {max} bytes; it was cut"),
        )
        .hint(format!("shorten it: `slug: {}`", slug::slugify(given)));
        warnings.push(at_key(d, &["slug"]));
    }
    for topic in fm.topics.iter().filter(|t| slug::slug_is_cut(t)) {
        let short: String = topic.chars().take(40).collect();
        let d = Diagnostic::new(
            &source.path,
            format!(
                "topic `{short}…` is too long for a URL; its page's address is cut to {max} bytes"
            ),
        )
        .hint("give the topic a shorter name");
        warnings.push(at_key(d, &["topics", "tags", "categories", "themes"]));
    }
    warnings
}

/// `source` and `image` end up in `href`/`src`: URLs that would run code are dropped, with a warning.
fn drop_script_urls(fm: &mut FrontMatter, path: &std::path::Path) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (key, field) in [("source", &mut fm.source), ("image", &mut fm.image)] {
        if field.as_deref().is_some_and(crate::escape::is_script_url) {
            *field = None;
            warnings.push(
                Diagnostic::new(path, format!("`{key}` is a script URL; it was left out"))
                    .hint("use an http(s) address or a path"),
            );
        }
    }
    warnings
}

/// Splits parse results into documents and warnings (what other generators' template syntax
/// left out, one warning per kind across the site). A document that does not parse (broken
/// front matter) is skipped, its error becoming a warning, so one bad file never stops a site
/// that could otherwise build; with `strict` (`strict = true` in site-config.toml, and serve's
/// re-reads of edited documents) the errors are returned instead, all at once, so a user fixing
/// a broken site sees every broken file in one run.
pub fn collect_lenient(
    results: impl IntoIterator<Item = Result<Parsed, Diagnostic>>,
    strict: bool,
) -> Result<(Vec<Document>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut documents = Vec::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    let mut left_out = foreign::Tally::default();
    for result in results {
        match result {
            Ok(parsed) => {
                documents.push(parsed.document);
                warnings.extend(parsed.warnings);
                left_out.merge(parsed.left_out);
            }
            Err(e) if strict => errors.push(e),
            Err(e) => warnings.push(skipped(e)),
        }
    }
    warnings.extend(left_out.warnings());
    if errors.is_empty() {
        Ok((documents, warnings))
    } else {
        Err(errors)
    }
}

/// [`collect_lenient`], strict.
pub fn collect(
    results: impl IntoIterator<Item = Result<Parsed, Diagnostic>>,
) -> Result<(Vec<Document>, Vec<Diagnostic>), Vec<Diagnostic>> {
    collect_lenient(results, true)
}

/// A parse error as the warning of a skipped document.
fn skipped(mut e: Diagnostic) -> Diagnostic {
    e.message = format!("{}; this document was skipped", e.message);
    let strict = "set `strict = true` in site-config.toml to stop the build instead";
    e.hint = Some(match e.hint {
        Some(hint) => format!("{hint} ({strict})"),
        None => strict.to_string(),
    });
    e
}

/// Drops a UTF-8 BOM, turns CRLF (and lone CR) line ends into LF, and removes the control
/// characters XML 1.0 does not allow (a NUL or an escape code would make `atom.xml` malformed):
/// vertical tab and form feed (a page break) become spaces, the others go.
pub fn normalise_text(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    if text.chars().any(is_stripped_control) {
        text.chars()
            .filter(|c| !is_stripped_control(*c) || matches!(c, '\u{b}' | '\u{c}'))
            .map(|c| {
                if matches!(c, '\u{b}' | '\u{c}') {
                    ' '
                } else {
                    c
                }
            })
            .collect()
    } else {
        text
    }
}

/// Control characters that `normalise_text` removes (or turns into spaces).
fn is_stripped_control(c: char) -> bool {
    crate::escape::is_forbidden_control(c) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// A warning naming the first control character's line, when the text has any (form feeds,
/// the page breaks of old text files, are taken silently).
fn control_characters_warning(text: &str, path: &std::path::Path) -> Option<Diagnostic> {
    let noisy = |c: char| is_stripped_control(c) && c != '\u{c}';
    let offset = text.find(noisy)?;
    let count = text.chars().filter(|c| noisy(*c)).count();
    let (line, column) = crate::error::line_col(text, offset);
    let first = text[offset..].chars().next().map_or(0, u32::from);
    Some(
        Diagnostic::new(
            path,
            format!("{count} control character(s) removed (the first is U+{first:04X})"),
        )
        .at(line, column)
        .hint("save the file as plain UTF-8 text; control characters are not allowed in web pages and feeds"),
    )
}

/// Markdown for `.md`/`.markdown`, plain text for `.txt`, unless the front matter says otherwise:
/// `format:` decides, and a `.txt` Jekyll post (front matter with `layout`) is markdown, as the
/// scraped posts editors receive are.
fn doc_kind(rel_path: &str, fm: &FrontMatter) -> DocKind {
    match fm.format {
        Some(front_matter::BodyFormat::Markdown) => DocKind::Markdown,
        Some(front_matter::BodyFormat::Text) => DocKind::PlainText,
        None if fm.jekyll => DocKind::Markdown,
        None if rel_path.to_ascii_lowercase().ends_with(".txt") => DocKind::PlainText,
        None => DocKind::Markdown,
    }
}

/// The body, and the template syntax of other generators left out of it (markdown only: a
/// `.txt` is text, and `{{` in it is what its author wrote).
fn render_body(
    kind: DocKind,
    text: &str,
    fm: &FrontMatter,
    ctx: &ParseContext,
    rel_path: &str,
) -> (Body, Vec<foreign::LeftOut>) {
    let take_title = fm.title.is_none();
    let mut left_out = Vec::new();
    let body = match kind {
        DocKind::PlainText => plain_text::render(text, take_title),
        DocKind::Markdown => {
            let rewritten = foreign::rewrite(
                text,
                &foreign::ForeignContext {
                    rel_path,
                    site_title: &ctx.config.title,
                    includes: ctx.includes,
                },
            );
            let base_path = ctx.config.base_path();
            let options = markdown::MarkdownOptions {
                config: &ctx.config.markdown,
                highlighter: ctx.highlighter,
                base_path: &base_path,
                excerpt_separator: fm.excerpt_separator.as_deref().unwrap_or("<!-- more -->"),
                take_title,
            };
            let mut body = markdown::render(&rewritten.text, &options);
            for passage in &mut body.passages {
                passage.source_range = rewritten.source_range(passage.source_range.clone());
            }
            left_out = rewritten.left_out;
            body
        }
    };
    (body.seal(), left_out)
}

fn assemble(
    source: &SourceFile,
    kind: DocKind,
    fm: FrontMatter,
    body: Body,
    url: ChosenUrl,
) -> Document {
    let reads_other_documents = foreign::Includes::needed(std::iter::once(source.text.as_str()));
    let stem = file_stem(&source.rel_path);
    let (stem_without_date, filename_date) = match slug::strip_date_prefix(stem) {
        // Not a calendar date (`2014-13-45-x`): the name stays whole (and a warning says so).
        (_, Some(prefix)) if slug::file_name_date(prefix).is_none() => (stem, None),
        split => split,
    };
    // A folder's page without a title is named after the folder (`functions/_index.md`).
    let name_for_title = match source.rel_path.rsplit('/').nth(1) {
        Some(folder)
            if stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("_index") =>
        {
            folder
        }
        _ => stem_without_date,
    };
    let (title, title_source) = pick_title(&fm, &body, kind, name_for_title);
    let (summary, summary_source) = pick_summary(&fm, &body);
    // `index.md` describes its folder, as Hugo's and Zola's `_index.md` does.
    let is_section_index = (stem.eq_ignore_ascii_case("index")
        || stem.eq_ignore_ascii_case("_index"))
        && kind == DocKind::Markdown;
    Document {
        path: source.path.clone(),
        rel_path: source.rel_path.clone(),
        kind,
        explicit_slug: url.choice.is_some() && !is_section_index,
        slug: document_slug(
            &source.rel_path,
            url.choice
                .unwrap_or_else(|| SlugChoice::Slugify(stem_without_date.to_string())),
            is_section_index,
        ),
        aliases: url.aliases,
        parsed_slug: None,
        is_section_index,
        title,
        title_source,
        date: fm
            .date
            .or_else(|| filename_date.and_then(slug::file_name_date)),
        updated: fm.updated,
        authors: fm.authors,
        publisher: fm.publisher,
        source: fm.source,
        description: fm.description,
        summary,
        summary_source,
        declared_topics: fm.topics,
        declared_events: fm.events,
        draft: fm.draft || crate::load::conventions::is_in_drafts_folder(&source.rel_path),
        unlisted: fm.unlisted,
        image: fm.image,
        extra: fm.extra,
        source_digest: crate::stable_hash::stable_hash(&(
            &source.path,
            &source.rel_path,
            &source.text,
            reads_other_documents.then_some(&body.html),
        )),
        reads_other_documents,
        body,
    }
}

/// A dated file name (`2014-03-03-budget.md`) whose date is not a calendar date, or that
/// disagrees with the front matter's `date`, gets a warning saying which date is used.
fn file_name_date_warning(source: &SourceFile, fm: &FrontMatter) -> Option<Diagnostic> {
    let (_, prefix) = slug::strip_date_prefix(file_stem(&source.rel_path));
    let prefix = prefix?;
    let Some(named) = slug::file_name_date(prefix) else {
        return Some(
            Diagnostic::new(
                &source.path,
                format!(
                    "the file name starts with {prefix}, which is not a date; it stays in the URL"
                ),
            )
            .hint("name dated files YYYY-MM-DD-title.md, or set `date:` in the front matter"),
        );
    };
    let date = fm.date.as_ref()?;
    // Compared at the front matter's precision: `date: 2014-03` agrees with `2014-03-03-x.md`.
    (!named.iso().starts_with(&date.iso())).then(|| {
        Diagnostic::new(
            &source.path,
            format!(
                "the front matter's date ({}) differs from the file name's ({}); the front matter's is used",
                date.iso(),
                named.iso()
            ),
        )
        .hint("change one of them so that they agree")
    })
}

fn file_stem(rel_path: &str) -> &str {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

fn pick_title(fm: &FrontMatter, body: &Body, kind: DocKind, stem: &str) -> (String, TitleSource) {
    if let Some(title) = &fm.title {
        return (title.clone(), TitleSource::FrontMatter);
    }
    if let Some(title) = &body.title {
        let source = match kind {
            DocKind::Markdown => TitleSource::Heading,
            DocKind::PlainText => TitleSource::FirstLine,
        };
        return (title.clone(), source);
    }
    (title_from_file_name(stem), TitleSource::FileName)
}

/// `us-japan_notes` -> `Us japan notes`.
fn title_from_file_name(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_string(),
    }
}

fn pick_summary(fm: &FrontMatter, body: &Body) -> (String, SummarySource) {
    let candidates = [
        (fm.summary.clone(), SummarySource::FrontMatter),
        (body.excerpt.clone(), SummarySource::Excerpt),
        (fm.description.clone(), SummarySource::Description),
        (
            body.first_paragraph()
                .map(|p| truncate_words(p, SUMMARY_CHARS)),
            SummarySource::FirstParagraph,
        ),
    ];
    candidates
        .into_iter()
        .find_map(|(text, source)| text.map(|t| (t, source)))
        .unwrap_or((String::new(), SummarySource::None))
}

/// Cuts text at a word boundary before `max` characters, adding an ellipsis when cut.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// `notes/2024-04-04-memo.md` -> `notes/memo`; `notes/index.md` -> `notes`; `index.md` -> ``;
/// Jekyll's `_posts/2024-04-04-memo.md` -> `memo` and `_docs/a.md` -> `docs/a`.
fn document_slug(rel_path: &str, choice: SlugChoice, is_section_index: bool) -> String {
    if let (SlugChoice::Path(path), false) = (&choice, is_section_index) {
        return path.clone();
    }
    let transparent = crate::load::conventions::URL_TRANSPARENT;
    let mut parts: Vec<String> = rel_path
        .split('/')
        .collect::<Vec<_>>()
        .split_last()
        .map(|(_, dirs)| {
            dirs.iter()
                .filter(|d| !transparent.contains(d))
                .map(|d| slug::slugify(d))
                .collect()
        })
        .unwrap_or_default();
    match choice {
        _ if is_section_index => {}
        SlugChoice::Kept(kept) => parts.push(kept),
        SlugChoice::Slugify(name) | SlugChoice::Path(name) => parts.push(slug::slugify(&name)),
    }
    parts.join("/")
}

/// Parses `text` as `content/<rel>` with the default config, for unit tests.
#[cfg(test)]
pub fn parse_for_tests(rel: &str, text: &str) -> Result<Parsed, Diagnostic> {
    let config = SiteConfig::default();
    let source = SourceFile {
        path: PathBuf::from("content").join(rel),
        rel_path: rel.to_string(),
        text: text.to_string(),
    };
    let ctx = ParseContext {
        config: &config,
        highlighter: None,
        includes: None,
    };
    parse_document(&source, &ctx)
}

/// The document `text` parses into as `content/<rel>`, for unit tests of later steps.
#[cfg(test)]
pub fn parsed_for_tests(rel: &str, text: &str) -> Document {
    match parse_for_tests(rel, text) {
        Ok(parsed) => parsed.document,
        Err(e) => panic!("test document does not parse: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::parse_for_tests as parse;

    #[test]
    fn bom_and_crlf_are_accepted() {
        let d = parse(
            "a.md",
            "\u{feff}---\r\ntitle: A\r\ndate: 2024-01-02\r\n---\r\nBody\r\n",
        )
        .unwrap()
        .document;
        assert_eq!(d.title, "A");
        assert_eq!(d.date.unwrap().iso(), "2024-01-02");
        assert!(d.body.html.contains("<p id=\"p-1\">Body</p>"));
    }

    #[test]
    fn control_characters_are_removed_with_a_warning() {
        let p = parse(
            "a.md",
            "---\ntitle: A\u{0}B\u{1b}[0m\n---\nBody\u{7} text\u{c}here.\n",
        )
        .unwrap();
        assert_eq!(p.document.title, "AB[0m");
        assert!(
            p.document.body.html.contains("Body text here."),
            "{}",
            p.document.body.html
        );
        let w = p
            .warnings
            .iter()
            .find(|w| w.message.contains("control character"))
            .expect("a warning");
        assert_eq!((w.line, w.column), (Some(2), Some(9)), "{w}");
        assert!(w.message.starts_with("3 control"), "{w}");
        assert!(parse("a.md", "Tabs\tand form\u{c}feeds.\n")
            .unwrap()
            .warnings
            .is_empty());
    }

    #[test]
    fn title_fallbacks() {
        let fm = parse("a.md", "---\ntitle: From FM\n---\n# Heading\n")
            .unwrap()
            .document;
        assert_eq!(
            (fm.title.as_str(), fm.title_source),
            ("From FM", TitleSource::FrontMatter)
        );
        let h1 = parse("a.md", "# From Heading\n\nText.").unwrap().document;
        assert_eq!(
            (h1.title.as_str(), h1.title_source),
            ("From Heading", TitleSource::Heading)
        );
        let txt = parse("a.txt", "Plain Text Title Line\n\nText here.")
            .unwrap()
            .document;
        assert_eq!(
            (txt.title.as_str(), txt.title_source),
            ("Plain Text Title Line", TitleSource::FirstLine)
        );
        let name = parse("my-notes.md", "Just text.").unwrap().document;
        assert_eq!(
            (name.title.as_str(), name.title_source),
            ("My notes", TitleSource::FileName)
        );
    }

    #[test]
    fn summary_fallbacks() {
        let s = parse(
            "a.md",
            "---\nsummary: Given.\ndescription: Desc.\n---\nLead.\n\n<!-- more -->\n\nRest.",
        )
        .unwrap();
        assert_eq!(s.document.summary, "Given.");
        let e = parse(
            "a.md",
            "---\ndescription: Desc.\n---\nLead.\n\n<!-- more -->\n\nRest.",
        )
        .unwrap();
        assert_eq!(e.document.summary, "Lead.");
        let d = parse("a.md", "---\ndescription: Desc.\n---\nLead.").unwrap();
        assert_eq!(d.document.summary, "Desc.");
        let p = parse("a.md", "# T\n\nFirst paragraph.\n\nSecond.").unwrap();
        assert_eq!(p.document.summary, "First paragraph.");
    }

    #[test]
    fn jekyll_filename_gives_slug_and_date() {
        let d = parse("2024-04-04-alliance.md", "Text.").unwrap().document;
        assert_eq!(d.slug, "alliance");
        assert_eq!(d.date.unwrap().iso(), "2024-04-04");
    }

    #[test]
    fn format_follows_extension_unless_front_matter_says() {
        assert_eq!(
            parse("a.txt", "*x*").unwrap().document.kind,
            DocKind::PlainText
        );
        assert_eq!(
            parse("a.md", "*x*").unwrap().document.kind,
            DocKind::Markdown
        );
        let jekyll = parse("a.txt", "---\nlayout: post\n---\n### Heading\n\n_lead_")
            .unwrap()
            .document;
        assert_eq!(jekyll.kind, DocKind::Markdown);
        assert!(jekyll.body.html.contains("<em>lead</em>"));
        let forced = parse("a.md", "---\nformat: text\n---\n*x*")
            .unwrap()
            .document;
        assert_eq!(forced.kind, DocKind::PlainText);
        assert!(parse("a.md", "---\nformat: rst\n---\n").is_err());
    }

    #[test]
    fn custom_excerpt_separator() {
        let d = parse(
            "a.md",
            "---\nexcerpt_separator: <excerpt/>\n---\n_Lead in italics._\n\n<excerpt/>\n\nRest.",
        )
        .unwrap()
        .document;
        assert_eq!(d.summary, "Lead in italics.");
        assert!(!d.body.html.contains("excerpt"));
    }

    #[test]
    fn slugs() {
        let name = |s: &str| SlugChoice::Slugify(s.to_string());
        assert_eq!(
            document_slug("notes/Memo One.md", name("Memo One"), false),
            "notes/memo-one"
        );
        assert_eq!(
            document_slug("a.md", name("Custom Slug"), false),
            "custom-slug"
        );
        let kept = SlugChoice::Kept("hugo_mod_tidy".into());
        assert_eq!(
            document_slug("notes/x.md", kept, false),
            "notes/hugo_mod_tidy"
        );
        let path = SlugChoice::Path("docs/home".into());
        assert_eq!(document_slug("notes/x.md", path, false), "docs/home");
        assert_eq!(
            document_slug("notes/index.md", name("index"), true),
            "notes"
        );
        assert_eq!(document_slug("index.md", name("index"), true), "");
        assert_eq!(
            document_slug("_posts/2024-01-02-a.md", name("a"), false),
            "a"
        );
        assert_eq!(
            document_slug("blog/_drafts/b.md", name("b"), false),
            "blog/b"
        );
        assert_eq!(document_slug("_docs/c.md", name("c"), false), "docs/c");
        assert_eq!(
            document_slug("docs/_index.md", name("_index"), true),
            "docs"
        );
    }

    #[test]
    fn front_matter_urls() {
        let d = parse("cmd/x.md", "---\nslug: hugo_mod_tidy\n---\nText.").unwrap();
        assert_eq!(d.document.slug, "cmd/hugo_mod_tidy");
        assert!(d.document.explicit_slug);
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        let d = parse("x.md", "---\ntitle: X\nslug: ../../etc\n---\nText.").unwrap();
        assert_eq!(d.document.slug, "etc");
        assert_eq!(d.warnings[0].line, Some(3), "{}", d.warnings[0]);
        let text = "---\npermalink: /docs/home/\nredirect_from: [/old-home/]\n---\n";
        let d = parse("_docs/home.md", text).unwrap();
        assert_eq!(d.document.slug, "docs/home");
        assert_eq!(d.document.aliases, ["old-home"]);
        let text = "+++\npath = \"about\"\naliases = [\"/about-us/\", \"/../x\"]\n+++\n";
        let d = parse("a.md", text).unwrap();
        assert_eq!(d.document.slug, "about");
        assert_eq!(d.document.aliases, ["about-us"]);
        let w = &d.warnings[0];
        assert!(w.message.contains("alias `/../x` is not used"), "{w}");
        let d = parse("a.md", "---\npermalink: /:year/:title/\n---\n").unwrap();
        assert_eq!(d.document.slug, "a");
        assert!(d.warnings[0].message.contains("placeholders"));
    }

    #[test]
    fn a_folder_page_without_a_title_is_named_after_its_folder() {
        let d = parse("themes/_index.md", "\n+++\nsort_by = \"date\"\n+++\n").unwrap();
        assert_eq!(d.document.title, "Themes");
        let d = parse("post/my-trip/index.md", "Text.").unwrap();
        assert_eq!(d.document.title, "My trip");
    }

    #[test]
    fn jekyll_drafts_and_hugo_sections() {
        assert!(parse("_drafts/a.md", "Text.").unwrap().document.draft);
        assert!(!parse("_posts/a.md", "Text.").unwrap().document.draft);
        let section = parse(
            "functions/_index.md",
            "---\ntitle: Functions\n---\nAll of them.",
        )
        .unwrap()
        .document;
        assert!(section.is_section_index);
        assert_eq!(section.slug, "functions");
    }

    #[test]
    fn a_document_that_does_not_parse_is_skipped_with_a_warning() {
        let results = vec![
            parse("a.md", "# A\n"),
            parse("b.md", "---\ntitle: [B\n---\nBody\n"),
        ];
        let (docs, warnings) = collect_lenient(results.clone(), false).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.ends_with("this document was skipped"),
            "{}",
            warnings[0]
        );
        assert!(warnings[0].line.is_some(), "{}", warnings[0]);
        assert!(warnings[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("strict = true"));
        assert_eq!(collect_lenient(results, true).unwrap_err().len(), 1);
    }

    #[test]
    fn truncation_at_word_boundary() {
        assert_eq!(truncate_words("one two three", 100), "one two three");
        assert_eq!(truncate_words("one two three", 9), "one two…");
    }
}
