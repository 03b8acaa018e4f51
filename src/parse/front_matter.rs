//! Front matter: splitting it off a document and reading its fields.
//!
//! YAML between `---` lines or TOML between `+++` lines, or none. Both are first parsed into a
//! generic map (syntax errors carry the line and column in the *document*), then the known fields
//! are read with their types checked (type errors name the key's line). Unknown keys land in
//! `extra`; an unknown key that is close to a known one ("titel") is a warning with a suggestion.
//! Everything here is pure: text in, values and diagnostics out.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::dates::{read_date, DateRead, DocDate};
use crate::error::{line_col, Diagnostic};

/// Fields a document's front matter may set (see README "Writing content").
pub(crate) const KNOWN_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "author",
    "authors",
    "publisher",
    "source",
    "description",
    "summary",
    "topics",
    "tags",
    "categories",
    "themes",
    "events",
    "draft",
    "listed",
    "slug",
    "image",
    "excerpt_separator",
    "format",
    "keywords",
    "taxonomies",
    "permalink",
    "url",
    "path",
    "aliases",
    "redirect_from",
];

/// Keys other tools write that dossier accepts silently (they go to `extra`).
const TOLERATED_KEYS: &[&str] = &["layout", "published", "lang", "weight"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Yaml,
    Toml,
}

/// A document split into its front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    pub front_matter: Option<(Format, &'a str)>,
    /// 1-based line in the document where the front matter text starts.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// 1-based line in the document where the body starts.
    pub body_line: usize,
    /// A fence that was read leniently (`----`), or front matter missing its opening fence.
    pub warning: Option<Diagnostic>,
}

/// How a body is to be read, when the front matter says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyFormat {
    Markdown,
    Text,
}

/// A date-carrying entry of the `events:` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredEvent {
    pub date: DocDate,
    pub title: String,
    pub topics: Vec<String>,
    pub source: Option<String>,
}

/// The typed front matter of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<DocDate>,
    pub updated: Option<DocDate>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub source: Option<String>,
    pub description: Option<String>,
    pub summary: Option<String>,
    pub topics: Vec<String>,
    pub events: Vec<DeclaredEvent>,
    pub draft: bool,
    /// `listed: false`: a standalone page (like "About"), linked from the navigation instead of
    /// being listed with the briefings on the home page, archive and feeds.
    pub unlisted: bool,
    pub slug: Option<String>,
    /// The page's URL path as `permalink` (Jekyll), `url` (Hugo) or `path` (Zola) sets it:
    /// `(key, value as written)`.
    pub permalink: Option<(&'static str, String)>,
    /// Old URLs that redirect to the page: `aliases` (Hugo, Zola), `redirect_from` (Jekyll).
    pub aliases: Vec<String>,
    pub image: Option<String>,
    pub excerpt_separator: Option<String>,
    /// `format: markdown` or `format: text`: overrides what the file extension says.
    pub format: Option<BodyFormat>,
    /// True when the front matter looks like a Jekyll post's (it has a `layout`).
    pub jekyll: bool,
    /// Every other key, for templates (`doc.extra.<key>`).
    pub extra: BTreeMap<String, Value>,
}

/// Splits `text` (already free of BOM and CRLF) into front matter and body.
///
/// The opening fence is the first line that is not blank (Zola themes put a blank line before
/// `+++`), with any indentation. A fence of more than three marks (`----`) or one after blank
/// lines opens front matter only when what follows closes and reads like `key: value` fields;
/// `----` is then accepted with a warning. A document that starts with known `key: value` lines
/// and a `---` line, but no opening fence, gets a warning instead of its keys passing silently.
pub(crate) fn split<'t>(text: &'t str, path: &Path) -> Result<Split<'t>, Diagnostic> {
    let no_front_matter = || Split {
        front_matter: None,
        front_matter_line: 1,
        body: text,
        body_line: 1,
        warning: missing_opening_fence(text, path),
    };
    let Some(open) = opening_fence(text) else {
        return Ok(no_front_matter());
    };
    let lenient = open.line > 1 || open.indented || open.marks > 3;
    let Some(close) = closing_fence(text, &open) else {
        if lenient {
            return Ok(no_front_matter());
        }
        let fence = open.fence();
        return Err(Diagnostic::new(
            path,
            format!("front matter opened with `{fence}` is never closed"),
        )
        .at(open.line, 1)
        .hint(format!(
            "add a line with only `{fence}` after the last front-matter field"
        )));
    };
    let raw = &text[open.end..close.start];
    if lenient && !looks_like_fields(raw, open.format) {
        return Ok(no_front_matter());
    }
    let warning = (open.marks > 3).then(|| {
        let fence = open.fence();
        let written = fence[..1].repeat(open.marks);
        Diagnostic::new(
            path,
            format!("front matter fence `{written}` read as `{fence}`"),
        )
        .at(open.line, 1)
        .hint(format!("write the fence lines as exactly `{fence}`"))
    });
    Ok(Split {
        front_matter: Some((open.format, raw)),
        front_matter_line: open.line + 1,
        body: &text[close.end..],
        body_line: close.line + 1,
        warning,
    })
}

/// A front-matter fence line: where it is and what it opens.
struct Fence {
    format: Format,
    /// How many `-` or `+` the line has (3 for a well-formed fence).
    marks: usize,
    indented: bool,
    /// 1-based line number.
    line: usize,
    /// Byte offsets of the line's start and of the byte after its newline.
    start: usize,
    end: usize,
}

impl Fence {
    fn fence(&self) -> &'static str {
        match self.format {
            Format::Yaml => "---",
            Format::Toml => "+++",
        }
    }
}

/// Lines of `text` with their 1-based number and byte range (newline included).
fn lines_at(text: &str, from: usize) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut offset = from;
    text[from..].split_inclusive('\n').map(move |line| {
        let start = offset;
        offset += line.len();
        (start, offset, line)
    })
}

/// A line of three or more `-` (YAML) or `+` (TOML) and nothing else but spaces.
fn fence_marks(line: &str) -> Option<(Format, usize)> {
    let trimmed = line.trim();
    let format = match trimmed.chars().next()? {
        '-' => Format::Yaml,
        '+' => Format::Toml,
        _ => return None,
    };
    let mark = trimmed.as_bytes()[0];
    let all_marks = trimmed.bytes().all(|b| b == mark);
    (all_marks && trimmed.len() >= 3).then_some((format, trimmed.len()))
}

/// The first non-blank line, when it is a fence.
fn opening_fence(text: &str) -> Option<Fence> {
    let (index, (start, end, line)) = lines_at(text, 0)
        .enumerate()
        .find(|(_, (_, _, line))| !line.trim().is_empty())?;
    let (format, marks) = fence_marks(line)?;
    Some(Fence {
        format,
        marks,
        indented: line.starts_with([' ', '\t']),
        line: index + 1,
        start,
        end,
    })
}

/// The fence that closes `open`: `---` (or `...` for YAML), or as many marks as it opened with.
fn closing_fence(text: &str, open: &Fence) -> Option<Fence> {
    lines_at(text, open.end)
        .enumerate()
        .find_map(|(index, (start, end, line))| {
            // An indented `---` closes only an indented fence (in YAML it may be block text).
            let indent_fits = open.indented || !line.starts_with([' ', '\t']);
            let closes = indent_fits
                && match fence_marks(line) {
                    Some((format, marks)) => {
                        format == open.format && (marks == 3 || marks == open.marks)
                    }
                    None => open.format == Format::Yaml && line.trim() == "...",
                };
            closes.then_some(Fence {
                format: open.format,
                marks: open.marks,
                indented: false,
                line: open.line + index + 1,
                start,
                end,
            })
        })
}

/// True when the first meaningful line of `raw` is a `key: value` (YAML) or `key = value` (TOML).
fn looks_like_fields(raw: &str, format: Format) -> bool {
    let separator = match format {
        Format::Yaml => ':',
        Format::Toml => '=',
    };
    raw.lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .and_then(|line| line.split_once(separator))
        .is_some_and(|(key, _)| is_key(key.trim_end()))
}

fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 40
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
}

/// A document that opens with known `key: value` lines and then a `---` line: front matter whose
/// opening fence is missing. Its keys would be printed as the body, so the user hears of it.
fn missing_opening_fence(text: &str, path: &Path) -> Option<Diagnostic> {
    let mut known = 0;
    for (index, (_, _, line)) in lines_at(text, 0).enumerate().take(40) {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some((Format::Yaml, _)) = fence_marks(trimmed) {
            return (known > 0).then(|| {
                Diagnostic::new(
                    path,
                    "this looks like front matter without an opening `---`; its fields are shown as text",
                )
                .at(index + 1, 1)
                .hint("add a line with only `---` before the first field")
            });
        }
        let key = trimmed.split_once(':').map(|(k, _)| k.trim_end())?;
        if !is_key(key) {
            return None;
        }
        if KNOWN_KEYS.contains(&key.to_lowercase().as_str()) {
            known += 1;
        }
    }
    None
}

/// Parses front matter text into typed fields. `first_line` is the document line where `raw`
/// starts, so that messages point into the document. Returns the warnings beside the value.
pub(crate) fn parse(
    format: Format,
    raw: &str,
    first_line: usize,
    path: &Path,
) -> Result<(FrontMatter, Vec<Diagnostic>), Diagnostic> {
    let map = match format {
        Format::Yaml => parse_yaml(raw, first_line, path)?,
        Format::Toml => parse_toml(raw, first_line, path)?,
    };
    let fields = Fields {
        raw,
        first_line,
        path,
        warnings: std::cell::RefCell::default(),
    };
    let (fm, mut warnings) = fields.read(map)?;
    warnings.splice(0..0, fields.warnings.take());
    Ok((fm, warnings))
}

fn parse_yaml(
    raw: &str,
    first_line: usize,
    path: &Path,
) -> Result<serde_json::Map<String, Value>, Diagnostic> {
    if raw.trim().is_empty() {
        return Ok(serde_json::Map::new());
    }
    let value: serde_yaml::Value = serde_yaml::from_str(raw).map_err(|e| {
        let mut d = Diagnostic::new(path, format!("invalid YAML front matter: {}", yaml_message(&e)));
        d = match e.location() {
            Some(loc) => d.at(loc.line() + first_line - 1, loc.column()),
            None => d.at_line(first_line),
        };
        let tab_line = raw.lines().position(|l| l.starts_with('\t') || l.contains(":\t"));
        match tab_line {
            Some(i) => d.hint(format!(
                "YAML does not allow tabs for indentation; replace the tab on line {} with spaces",
                i + first_line
            )),
            None => d.hint(
                "quote values that contain `: ` or start with a special character, e.g. title: \"A: B\"",
            ),
        }
    })?;
    let spelling = source_spelling(raw, &value);
    match yaml_to_json(value) {
        Value::Object(mut map) => {
            if let Some(spelling) = spelling {
                keep_source_spelling(&mut map, &spelling);
            }
            Ok(map)
        }
        Value::Null => Ok(serde_json::Map::new()),
        _ => Err(
            Diagnostic::new(path, "front matter must be a list of `key: value` fields")
                .at(first_line, 1)
                .hint("write one field per line, e.g. `title: My briefing`"),
        ),
    }
}

/// Text fields whose scalars keep their source spelling (`title: 1.10` is "1.10", not 1.1).
const TEXT_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "author",
    "authors",
    "publisher",
    "source",
    "description",
    "summary",
    "topics",
    "tags",
    "categories",
    "themes",
    "slug",
    "permalink",
    "url",
    "path",
    "aliases",
    "redirect_from",
    "image",
    "excerpt_separator",
    "format",
];
/// The text fields of an `events:` entry.
const EVENT_TEXT_KEYS: &[&str] = &["date", "title", "topics", "source"];

/// Every scalar of the front matter as written: YAML resolves `1.10` to a number, so the text
/// fields take their scalars from a second pass that asks for each scalar as a string, guided by
/// the shape the first pass found. `None` if that pass fails (the typed values are kept then).
fn source_spelling(raw: &str, shape: &serde_yaml::Value) -> Option<Spelling> {
    use serde::de::DeserializeSeed;
    Guide(shape)
        .deserialize(serde_yaml::Deserializer::from_str(raw))
        .ok()
}

/// A YAML value with every scalar as its source text.
#[derive(Debug)]
enum Spelling {
    Scalar(String),
    Sequence(Vec<Spelling>),
    Mapping(Vec<(String, Spelling)>),
    Other,
}

/// Replaces non-string scalars of the text fields (and of events' text fields) by their spelling.
fn keep_source_spelling(map: &mut serde_json::Map<String, Value>, spelling: &Spelling) {
    let Spelling::Mapping(entries) = spelling else {
        return;
    };
    for (key, spelt) in entries {
        let Some(value) = map.get_mut(key) else {
            continue;
        };
        if TEXT_KEYS.contains(&key.as_str()) {
            respell(value, spelt);
        } else if key == "events" {
            let (Value::Array(events), Spelling::Sequence(spelt_events)) = (value, spelt) else {
                continue;
            };
            for (event, spelt_event) in events.iter_mut().zip(spelt_events) {
                let (Value::Object(fields), Spelling::Mapping(spelt_fields)) = (event, spelt_event)
                else {
                    continue;
                };
                for (field, spelt_field) in spelt_fields {
                    if let Some(value) = fields.get_mut(field) {
                        if EVENT_TEXT_KEYS.contains(&field.as_str()) {
                            respell(value, spelt_field);
                        }
                    }
                }
            }
        }
    }
}

/// A number, boolean or written-out null becomes the text it was written as.
fn respell(value: &mut Value, spelling: &Spelling) {
    match (value, spelling) {
        (Value::Array(items), Spelling::Sequence(spelt)) => {
            for (item, spelt) in items.iter_mut().zip(spelt) {
                respell(item, spelt);
            }
        }
        (value @ (Value::Number(_) | Value::Bool(_) | Value::Null), Spelling::Scalar(text))
            if !text.is_empty() =>
        {
            *value = Value::String(text.clone());
        }
        _ => {}
    }
}

/// Walks the YAML again, asking for scalars as strings where the shape has a scalar.
struct Guide<'v>(&'v serde_yaml::Value);

impl<'de> serde::de::DeserializeSeed<'de> for Guide<'_> {
    type Value = Spelling;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Spelling, D::Error> {
        use serde_yaml::Value as Y;
        match self.0 {
            Y::Sequence(items) => d.deserialize_seq(GuideVisitor(self.0, items.len())),
            Y::Mapping(map) => d.deserialize_map(GuideVisitor(self.0, map.len())),
            Y::Tagged(_) => {
                <serde::de::IgnoredAny as serde::Deserialize>::deserialize(d)?;
                Ok(Spelling::Other)
            }
            _ => d.deserialize_str(GuideVisitor(self.0, 0)),
        }
    }
}

struct GuideVisitor<'v>(&'v serde_yaml::Value, usize);

impl<'de> serde::de::Visitor<'de> for GuideVisitor<'_> {
    type Value = Spelling;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("front matter of the shape read before")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Spelling, E> {
        Ok(Spelling::Scalar(v.to_string()))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Spelling, A::Error> {
        let serde_yaml::Value::Sequence(items) = self.0 else {
            return Err(serde::de::Error::custom("shape changed"));
        };
        let mut out = Vec::with_capacity(self.1);
        for item in items {
            match seq.next_element_seed(Guide(item))? {
                Some(spelt) => out.push(spelt),
                None => return Err(serde::de::Error::custom("shape changed")),
            }
        }
        Ok(Spelling::Sequence(out))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Spelling, A::Error> {
        let serde_yaml::Value::Mapping(entries) = self.0 else {
            return Err(serde::de::Error::custom("shape changed"));
        };
        let mut out = Vec::with_capacity(self.1);
        for (key, value) in entries {
            let Some(Spelling::Scalar(key)) = map.next_key_seed(Guide(key))? else {
                return Err(serde::de::Error::custom("shape changed"));
            };
            out.push((key, map.next_value_seed(Guide(value))?));
        }
        Ok(Spelling::Mapping(out))
    }
}

fn yaml_message(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    // serde_yaml appends " at line X column Y"; the location is printed separately.
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

fn yaml_to_json(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64().map_or(Value::Null, Value::from)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

/// A mapping key as text: scalars as written (`1`, `true`); a sequence or mapping used as a key
/// (YAML's `? [a, b]`) is no front-matter field, and stringifying nested ones grows
/// exponentially (each level escapes the quotes of the one inside), so it becomes a marker.
fn yaml_key(key: serde_yaml::Value) -> String {
    use serde_yaml::Value as Y;
    match key {
        Y::String(s) => s,
        Y::Tagged(tagged) => yaml_key(tagged.value),
        Y::Sequence(_) | Y::Mapping(_) => "(complex key)".to_string(),
        scalar => match yaml_to_json(scalar) {
            Value::String(s) => s,
            v => v.to_string(),
        },
    }
}

fn parse_toml(
    raw: &str,
    first_line: usize,
    path: &Path,
) -> Result<serde_json::Map<String, Value>, Diagnostic> {
    let table: toml::Table = toml::from_str(raw).map_err(|e| {
        let message = e
            .message()
            .lines()
            .next()
            .unwrap_or("syntax error")
            .to_string();
        let mut d = Diagnostic::new(path, format!("invalid TOML front matter: {message}"));
        if let Some(span) = e.span() {
            let (line, col) = line_col(raw, span.start);
            d = d.at(line + first_line - 1, col);
        }
        d.hint("TOML needs `key = value` with strings in quotes, e.g. title = \"My briefing\"")
    })?;
    let mut map = table
        .into_iter()
        .map(|(k, v)| (k, toml_to_json(v)))
        .collect();
    if let Some(spelling) = toml_spelling(raw) {
        keep_source_spelling(&mut map, &spelling);
    }
    Ok(map)
}

/// Every scalar of TOML front matter as written (`title = 1.10` is "1.10" in a text field, as
/// in YAML): `toml_edit` keeps each value's source text. `None` if it cannot read it.
fn toml_spelling(raw: &str) -> Option<Spelling> {
    let doc: toml_edit::DocumentMut = raw.parse().ok()?;
    Some(toml_table_spelling(doc.as_table()))
}

fn toml_table_spelling(table: &toml_edit::Table) -> Spelling {
    Spelling::Mapping(
        table
            .iter()
            .map(|(k, item)| (k.to_string(), toml_item_spelling(item)))
            .collect(),
    )
}

fn toml_item_spelling(item: &toml_edit::Item) -> Spelling {
    match item {
        toml_edit::Item::Value(v) => toml_value_spelling(v),
        toml_edit::Item::Table(t) => toml_table_spelling(t),
        toml_edit::Item::ArrayOfTables(a) => {
            Spelling::Sequence(a.iter().map(toml_table_spelling).collect())
        }
        toml_edit::Item::None => Spelling::Other,
    }
}

fn toml_value_spelling(value: &toml_edit::Value) -> Spelling {
    use toml_edit::Value as V;
    let raw = match value {
        V::Array(items) => {
            return Spelling::Sequence(items.iter().map(toml_value_spelling).collect())
        }
        V::InlineTable(t) => {
            return Spelling::Mapping(
                t.iter()
                    .map(|(k, v)| (k.to_string(), toml_value_spelling(v)))
                    .collect(),
            )
        }
        V::String(_) | V::Datetime(_) => return Spelling::Other,
        V::Integer(f) => f.as_repr().and_then(|r| r.as_raw().as_str()),
        V::Float(f) => f.as_repr().and_then(|r| r.as_raw().as_str()),
        V::Boolean(f) => f.as_repr().and_then(|r| r.as_raw().as_str()),
    };
    raw.map_or(Spelling::Other, |r| Spelling::Scalar(r.trim().to_string()))
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// The line of a top-level `key:` / `key =` in front matter text (1-based within `text`).
pub(crate) fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
        })
        .map(|i| i + 1)
}

/// The line of `key:` in the `index`-th item (0-based) of a block-style `events:` list, or of the
/// item itself when `key` is not found there (1-based within `text`). `None` for a flow list.
fn find_event_key_line(text: &str, index: usize, key: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let events = find_key_line(text, "events")?;
    let mut item_indent = None;
    let mut item = None;
    let mut seen = 0;
    for (n, line) in lines.iter().enumerate().skip(events) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent == 0 && !trimmed.starts_with('-') {
            break; // the next top-level key
        }
        let is_item = trimmed.starts_with('-') && *item_indent.get_or_insert(indent) == indent;
        if is_item {
            if item.is_some() {
                break;
            }
            if seen == index {
                item = Some(n + 1);
            }
            seen += 1;
        }
        if item.is_some() && !key.is_empty() {
            let field = trimmed.trim_start_matches(['-', ' ']);
            if field
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
            {
                return Some(n + 1);
            }
        }
    }
    item
}

/// Reads typed fields out of the generic map, locating errors by key.
struct Fields<'a> {
    raw: &'a str,
    first_line: usize,
    path: &'a Path,
    /// What reading noticed but could go on from (a date read in part, or not at all).
    warnings: std::cell::RefCell<Vec<Diagnostic>>,
}

impl Fields<'_> {
    fn read(
        &self,
        mut map: serde_json::Map<String, Value>,
    ) -> Result<(FrontMatter, Vec<Diagnostic>), Diagnostic> {
        let mut fm = FrontMatter {
            title: self.text(&mut map, "title")?,
            date: self.date(&mut map, "date")?,
            updated: self.date(&mut map, "updated")?,
            publisher: self.text(&mut map, "publisher")?,
            source: self.text(&mut map, "source")?,
            description: self.text(&mut map, "description")?,
            summary: self.text(&mut map, "summary")?,
            slug: self.text(&mut map, "slug")?,
            image: self.text(&mut map, "image")?,
            excerpt_separator: self.text(&mut map, "excerpt_separator")?,
            draft: self.boolean(&mut map, "draft")?.unwrap_or(false),
            unlisted: !self.boolean(&mut map, "listed")?.unwrap_or(true),
            ..FrontMatter::default()
        };
        fm.authors = self.list(&mut map, "author")?;
        fm.authors.extend(self.list(&mut map, "authors")?);
        let mut declared = Vec::new();
        for key in ["topics", "tags", "categories", "themes", "keywords"] {
            declared.extend(self.list(&mut map, key)?);
        }
        declared.extend(self.taxonomies(&mut map)?);
        {
            for topic in declared {
                if !fm.topics.iter().any(|t| t.eq_ignore_ascii_case(&topic)) {
                    fm.topics.push(topic);
                }
            }
        }
        // Eleventy's and Jekyll's `permalink: false`: the page is not to be written.
        if matches!(map.get("permalink"), Some(Value::Bool(false)))
            || map.get("permalink").and_then(Value::as_str) == Some("false")
        {
            map.remove("permalink");
            fm.draft = true;
        }
        for key in ["permalink", "url", "path"] {
            if let Some(value) = self.text(&mut map, key)? {
                fm.permalink.get_or_insert((key, value));
            }
        }
        fm.aliases = self.list(&mut map, "aliases")?;
        fm.aliases.extend(self.list(&mut map, "redirect_from")?);
        fm.events = self.events(&mut map)?;
        fm.format = self.format(&mut map)?;
        fm.jekyll = map.contains_key("layout");
        let warnings = self.unknown_key_warnings(&map);
        fm.extra = map.into_iter().collect();
        Ok((fm, warnings))
    }

    fn error(&self, key: &str, message: String, hint: &str) -> Diagnostic {
        let d = Diagnostic::new(self.path, message).hint(hint);
        match find_key_line(self.raw, key) {
            Some(line) => d.at(line + self.first_line - 1, 1),
            None => d.at_line(self.first_line),
        }
    }

    fn text(
        &self,
        map: &mut serde_json::Map<String, Value>,
        key: &str,
    ) -> Result<Option<String>, Diagnostic> {
        match map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(_) => Err(self.error(
                key,
                format!("`{key}` must be text, not a list or a map"),
                "write it on one line, e.g. `title: My briefing`",
            )),
        }
    }

    fn boolean(
        &self,
        map: &mut serde_json::Map<String, Value>,
        key: &str,
    ) -> Result<Option<bool>, Diagnostic> {
        match map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(Value::String(s)) if s == "true" || s == "false" => Ok(Some(s == "true")),
            Some(_) => Err(self.error(
                key,
                format!("`{key}` must be true or false"),
                "e.g. `draft: true`",
            )),
        }
    }

    fn date(
        &self,
        map: &mut serde_json::Map<String, Value>,
        key: &str,
    ) -> Result<Option<DocDate>, Diagnostic> {
        let fallback = if key == "date" {
            "the file name's date is used if it has one, else the document is undated"
        } else {
            "it is left out"
        };
        Ok(self.date_or(map, key, fallback))
    }

    /// A date as far as it reads; what it could not read is a warning ending in `fallback`.
    fn date_or(
        &self,
        map: &mut serde_json::Map<String, Value>,
        key: &str,
        fallback: &str,
    ) -> Option<DocDate> {
        let raw = match map.remove(key) {
            None | Some(Value::Null) => return None,
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) => n.to_string(),
            Some(_) => String::from("(a list or map)"),
        };
        match read_date(&raw) {
            DateRead::Whole(date) => Some(date),
            DateRead::Start(date, rest) => {
                let message = format!(
                    "`{key}`: read {raw:?} as {}; `{rest}` was left aside",
                    date.iso()
                );
                self.warn(key, message, "write it as e.g. `2024-04-04 12:00:00 +0800`");
                Some(date)
            }
            DateRead::Unreadable(msg) => {
                self.warn(
                    key,
                    format!("`{key}`: {msg}; {fallback}"),
                    "e.g. `date: 2024-04-04`",
                );
                None
            }
        }
    }

    fn warn(&self, key: &str, message: String, hint: &str) {
        let d = self.error(key, message, hint);
        self.warnings.borrow_mut().push(d);
    }

    /// A string or a list of strings; a comma-separated string is split.
    fn list(
        &self,
        map: &mut serde_json::Map<String, Value>,
        key: &str,
    ) -> Result<Vec<String>, Diagnostic> {
        let items = match map.remove(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) if key == "author" => vec![s],
            Some(Value::String(s)) => s.split(',').map(str::to_string).collect(),
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    Value::Number(n) => Ok(n.to_string()),
                    _ => Err(self.error(
                        key,
                        format!("`{key}` must be a list of names"),
                        "e.g. `topics: [Taiwan, AUKUS]`",
                    )),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(self.error(
                    key,
                    format!("`{key}` must be a name or a list of names"),
                    "e.g. `topics: [Taiwan, AUKUS]`",
                ))
            }
        };
        Ok(items
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect())
    }

    /// Zola's `[taxonomies]` table: its `tags`, `categories` (and any other list) as topics.
    fn taxonomies(
        &self,
        map: &mut serde_json::Map<String, Value>,
    ) -> Result<Vec<String>, Diagnostic> {
        let Some(Value::Object(mut table)) = map.remove("taxonomies") else {
            return Ok(Vec::new());
        };
        let keys: Vec<String> = table.keys().cloned().collect();
        let mut topics = Vec::new();
        for key in keys {
            topics.extend(self.list(&mut table, &key)?);
        }
        Ok(topics)
    }

    fn events(
        &self,
        map: &mut serde_json::Map<String, Value>,
    ) -> Result<Vec<DeclaredEvent>, Diagnostic> {
        let hint = "each event needs a date and a title, e.g.\n    events:\n      - date: 2024-04-10\n        title: State visit to Washington";
        let items = match map.remove("events") {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(Value::Array(items)) => items,
            Some(_) => return Err(self.error("events", "`events` must be a list".into(), hint)),
        };
        let mut events = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let Value::Object(mut entry) = item else {
                return Err(self.error(
                    "events",
                    format!("event {} is not a `date`/`title` map", i + 1),
                    hint,
                ));
            };
            let at = |key: &str| {
                let line = find_event_key_line(self.raw, i, key);
                move |e: Diagnostic| match line {
                    Some(line) => e.at(line + self.first_line - 1, 1),
                    None => e,
                }
            };
            let written = entry.get("date").is_some_and(|v| !v.is_null());
            let before = self.warnings.borrow().len();
            let left_out = format!("event {} is left out", i + 1);
            let date = self.date_or(&mut entry, "date", &left_out);
            if let Some(new) = self.warnings.borrow_mut().get_mut(before..) {
                for w in new.iter_mut() {
                    *w = at("date")(w.clone());
                }
            }
            let title = self.text(&mut entry, "title").map_err(at("title"))?;
            if written && date.is_none() {
                continue;
            }
            let (Some(date), Some(title)) = (date, title) else {
                return Err(at("")(self.error(
                    "events",
                    format!("event {} needs both `date` and `title`", i + 1),
                    hint,
                )));
            };
            events.push(DeclaredEvent {
                date,
                title,
                topics: self.list(&mut entry, "topics").map_err(at("topics"))?,
                source: self.text(&mut entry, "source").map_err(at("source"))?,
            });
        }
        Ok(events)
    }

    fn format(
        &self,
        map: &mut serde_json::Map<String, Value>,
    ) -> Result<Option<BodyFormat>, Diagnostic> {
        match self
            .text(map, "format")?
            .map(|f| f.to_lowercase())
            .as_deref()
        {
            None => Ok(None),
            Some("markdown" | "md") => Ok(Some(BodyFormat::Markdown)),
            Some("text" | "txt" | "plain") => Ok(Some(BodyFormat::Text)),
            Some(other) => Err(self.error(
                "format",
                format!("unknown format {other:?}"),
                "use `format: markdown` or `format: text`",
            )),
        }
    }

    fn unknown_key_warnings(&self, map: &serde_json::Map<String, Value>) -> Vec<Diagnostic> {
        map.keys()
            .filter(|key| !TOLERATED_KEYS.contains(&key.as_str()))
            .filter_map(|key| {
                let suggestion = closest_known_key(key)?;
                let d = Diagnostic::new(self.path, format!("unknown front-matter key `{key}`; did you mean `{suggestion}`?"))
                    .hint(format!("rename it to `{suggestion}`, or keep it: unknown keys are passed to templates as `doc.extra.{key}`"));
                Some(match find_key_line(self.raw, key) {
                    Some(line) => d.at(line + self.first_line - 1, 1),
                    None => d,
                })
            })
            .collect()
    }
}

/// The known key a misspelt one most likely means, if any is close enough.
pub(crate) fn closest_known_key(key: &str) -> Option<&'static str> {
    // A distance of at most 2 needs lengths within 2 of each other: checking that first keeps
    // a huge key (YAML complex keys can stringify to one) from costing its length squared.
    let longest = KNOWN_KEYS.iter().map(|k| k.len()).max().unwrap_or(0);
    if key.len() > longest + 2 {
        return None;
    }
    let lower = key.to_lowercase();
    KNOWN_KEYS
        .iter()
        .copied()
        .filter(|known| *known != lower && known.len().abs_diff(lower.chars().count()) <= 2)
        .map(|known| (known, strsim::damerau_levenshtein(&lower, known)))
        .filter(|(known, distance)| *distance <= if known.len() > 5 { 2 } else { 1 })
        .min_by_key(|(_, distance)| *distance)
        .map(|(known, _)| known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_complex_keys_cost_little() {
        // Found by the `front_matter` fuzz target: each level of `? - ?` used to double the key.
        let raw = format!("{}x: 1\n", "? - ".repeat(40));
        let started = std::time::Instant::now();
        let _ = parse(Format::Yaml, &raw, 2, p());
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn a_huge_unknown_key_gets_no_suggestion_and_costs_little() {
        let key = "? - ".repeat(100_000);
        let started = std::time::Instant::now();
        assert_eq!(closest_known_key(&key), None);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(closest_known_key("titel"), Some("title"));
    }

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    /// Splits and parses a whole document, as `parse::document` does.
    fn front(text: &str) -> Result<(FrontMatter, Vec<Diagnostic>), Diagnostic> {
        let s = split(text, p())?;
        let (format, raw) = s.front_matter.expect("front matter");
        parse(format, raw, s.front_matter_line, p())
    }

    #[test]
    fn split_table() {
        // (document, has front matter, body, body line)
        let cases: &[(&str, bool, &str, usize)] = &[
            ("---\ntitle: A\n---\nBody", true, "Body", 4),
            ("+++\ntitle = \"A\"\n+++\nBody", true, "Body", 4),
            ("No front matter\n---\n", false, "No front matter\n---\n", 1),
            ("---\n---\nBody", true, "Body", 3),
            ("---  \ntitle: A\n---   \nBody", true, "Body", 4),
            ("---\ntitle: A\n...\nBody", true, "Body", 4),
            ("---\nsummary: |\n  ---\n  x\n---\nBody", true, "Body", 6),
        ];
        for (text, has, body, body_line) in cases {
            let s = split(text, p()).unwrap();
            assert_eq!(s.front_matter.is_some(), *has, "{text:?}");
            assert_eq!(s.body, *body, "{text:?}");
            assert_eq!(s.body_line, *body_line, "{text:?}");
        }
    }

    #[test]
    fn lenient_fences_open_front_matter() {
        // (document, body, body line, warns)
        let cases: &[(&str, &str, usize, bool)] = &[
            (" ---\ntitle: A\n---\nBody", "Body", 4, false),
            ("\n\n+++\ntitle = \"A\"\n+++\nBody", "Body", 6, false),
            ("  \n---\ntitle: A\n---\nBody", "Body", 5, false),
            ("\t---\ntitle: A\n ---\nBody", "Body", 4, false),
            ("----\ntitle: A\n----\nBody", "Body", 4, true),
            ("-----\ntitle: A\n---\nBody", "Body", 4, true),
        ];
        for (text, body, body_line, warns) in cases {
            let s = split(text, p()).unwrap();
            let (_, raw) = s.front_matter.unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(
                raw.trim(),
                if text.contains('=') {
                    "title = \"A\""
                } else {
                    "title: A"
                }
            );
            assert_eq!((s.body, s.body_line), (*body, *body_line), "{text:?}");
            assert_eq!(s.warning.is_some(), *warns, "{text:?}");
        }
        let (fm, _) = front("\n----\ntitle: A\n----\nBody").unwrap();
        assert_eq!(fm.title.as_deref(), Some("A"));
        let w = split("----\ntitle: A\n----\n", p())
            .unwrap()
            .warning
            .unwrap();
        assert_eq!(w.line, Some(1));
        assert!(w.message.contains("`----`"), "{w}");
    }

    #[test]
    fn rules_that_are_not_front_matter_stay_body() {
        for text in [
            "\n---\nSome text after a rule.\n",
            "----\n\nJust text, no fields.\n\n----\nMore.\n",
            "\n***\n",
            "",
            "\n\n",
        ] {
            let s = split(text, p()).unwrap();
            assert!(s.front_matter.is_none(), "{text:?}");
            assert_eq!(s.body, text);
            assert!(s.warning.is_none(), "{text:?}");
        }
    }

    #[test]
    fn fields_without_an_opening_fence_warn() {
        let s = split("title: A\ndate: 2024-01-01\n---\nBody", p()).unwrap();
        assert!(s.front_matter.is_none());
        let w = s.warning.expect("a warning");
        assert_eq!(w.line, Some(3));
        assert!(w.hint.unwrap().contains("---"));
        // A setext heading with a colon is not front matter.
        assert!(split("Note: read this\n---\nBody", p())
            .unwrap()
            .warning
            .is_none());
    }

    #[test]
    fn text_fields_keep_their_source_spelling() {
        let (fm, _) = front("---\ntitle: 1.10\npublisher: 0x1F\ndescription: 1e3\nsummary: true\nslug: null\ntags: [1.10, 0o17, 2.50, plain]\nauthor: 007\nweight: 1.10\ndate: 2024\nevents:\n  - date: 2025-03\n    title: 3.0\n    topics: [1.20]\n---\n").unwrap();
        assert_eq!(fm.title.as_deref(), Some("1.10"));
        assert_eq!(fm.publisher.as_deref(), Some("0x1F"));
        assert_eq!(fm.description.as_deref(), Some("1e3"));
        assert_eq!(fm.summary.as_deref(), Some("true"));
        assert_eq!(fm.slug.as_deref(), Some("null"));
        assert_eq!(fm.topics, vec!["1.10", "0o17", "2.50", "plain"]);
        assert_eq!(fm.authors, vec!["007"]);
        assert_eq!(fm.date.unwrap().iso(), "2024");
        assert_eq!(fm.events[0].title, "3.0");
        assert_eq!(fm.events[0].topics, vec!["1.20"]);
        // Other keys stay typed for templates; an empty value stays empty.
        assert_eq!(fm.extra.get("weight"), Some(&serde_json::json!(1.1)));
        let (fm, _) = front("---\ntitle:\ntags: [a, b]\n---\n").unwrap();
        assert_eq!(fm.title, None);
    }

    #[test]
    fn toml_text_fields_keep_their_source_spelling() {
        let (fm, _) = front("+++\ntitle = 1.10\npublisher = 0x1F\ndescription = 1e3\nsummary = true\ntags = [1.10, 0o17, \"plain\"]\nweight = 1.10\n[[events]]\ndate = \"2025-03\"\ntitle = 3.0\n+++\n").unwrap();
        assert_eq!(fm.title.as_deref(), Some("1.10"));
        assert_eq!(fm.publisher.as_deref(), Some("0x1F"));
        assert_eq!(fm.description.as_deref(), Some("1e3"));
        assert_eq!(fm.summary.as_deref(), Some("true"));
        assert_eq!(fm.topics, vec!["1.10", "0o17", "plain"]);
        assert_eq!(fm.events[0].title, "3.0");
        assert_eq!(fm.extra.get("weight"), Some(&serde_json::json!(1.1)));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("---\ntitle: A\nBody", p()).unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn yaml_and_toml_give_the_same_fields() {
        let yaml = "---\ntitle: A\ndate: 2024-04-04\nauthor: Jane Doe\ntags: [Taiwan, AUKUS]\ndraft: true\nmood: calm\n---\n";
        let toml = "+++\ntitle = \"A\"\ndate = 2024-04-04\nauthor = \"Jane Doe\"\ntags = [\"Taiwan\", \"AUKUS\"]\ndraft = true\nmood = \"calm\"\n+++\n";
        let (a, _) = front(yaml).unwrap();
        let (b, _) = front(toml).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.title.as_deref(), Some("A"));
        assert_eq!(a.authors, vec!["Jane Doe"]);
        assert_eq!(a.topics, vec!["Taiwan", "AUKUS"]);
        assert!(a.draft);
        assert_eq!(a.extra.get("mood"), Some(&Value::String("calm".into())));
    }

    #[test]
    fn jekyll_header_reads_as_is() {
        let text = "---\nlayout: post\ntitle : U.S.-Japan Alliance In 2024\nauthor: Richard L. Armitage and Joseph S. Nye\ndate  : 2024-04-04 12:00:00 +0800\nimage : https://i.imgur.com/x.jpeg\n#image_caption: \"\"\ndescription: \"Toward an Integrated Alliance\"\nexcerpt_separator: <excerpt/>\n---\n";
        let (fm, warnings) = front(text).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(fm.title.as_deref(), Some("U.S.-Japan Alliance In 2024"));
        assert_eq!(fm.date.unwrap().iso(), "2024-04-04");
        assert_eq!(fm.authors, vec!["Richard L. Armitage and Joseph S. Nye"]);
        assert_eq!(
            fm.description.as_deref(),
            Some("Toward an Integrated Alliance")
        );
        assert_eq!(fm.excerpt_separator.as_deref(), Some("<excerpt/>"));
    }

    #[test]
    fn broken_yaml_names_the_document_line() {
        let e = front("---\ntitle: A\ndate: [2024\nauthor: B\n---\nBody").unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{e}");
        assert!(matches!(e.line, Some(3..=5)), "{e}");
    }

    #[test]
    fn yaml_errors_without_a_location_name_the_first_line() {
        // Found by the front_matter fuzz target: a second YAML document has no location.
        let e = parse(Format::Yaml, "a: 1\n---\nb: 2\n", 2, p()).unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn tabs_get_a_hint() {
        let e = front("---\ntitle: A\nevents:\n\t- date: 2024\n---\n").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.hint.unwrap().contains("tabs"));
    }

    #[test]
    fn broken_toml_names_the_document_line() {
        let e = front("+++\ntitle = \"A\"\ndate = \n+++\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn unreadable_dates_warn_at_their_line_and_are_left_out() {
        let (fm, w) = front("---\ntitle: A\ndate: Smarch 2024\n---\n").unwrap();
        assert_eq!(fm.date, None);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].line, Some(3));
        assert!(w[0].message.contains("file name's date"), "{}", w[0]);
        let (fm, w) = front("---\ndate: 2023-01-29 18:30:22 2023 -0800\n---\n").unwrap();
        assert_eq!(fm.date.unwrap().iso(), "2023-01-29");
        assert!(
            w[0].message.contains("`2023 -0800` was left aside"),
            "{}",
            w[0]
        );
        let (fm, w) = front("---\ndate: 2015-03-17 14:00:00 -4\n---\n").unwrap();
        assert_eq!(fm.date.unwrap().rfc3339(), "2015-03-17T14:00:00-04:00");
        assert!(w.is_empty());
    }

    #[test]
    fn permalink_false_is_not_published() {
        let (fm, w) = front("---\ntitle: A\npermalink: false\n---\n").unwrap();
        assert!(fm.draft);
        assert_eq!(fm.permalink, None);
        assert!(w.is_empty());
        let (fm, _) = front("---\npermalink: /a/\n---\n").unwrap();
        assert!(!fm.draft);
    }

    #[test]
    fn hugo_keywords_and_zola_taxonomies_are_declared_topics() {
        let (fm, _) = front("---\nkeywords: [templates, Go]\ntags: [go]\n---\n").unwrap();
        assert_eq!(fm.topics, ["go", "templates"]);
        let (fm, w) = front(
            "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"rust\"]\ncategories = [\"Guides\"]\n+++\n",
        )
        .unwrap();
        assert_eq!(fm.topics, ["Guides", "rust"]);
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn wrong_type_names_its_line() {
        let e = front("---\ntitle:\n  - a\n  - b\n---\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn misspelt_key_warns_with_suggestion() {
        let (fm, warnings) = front("---\ntitel: A\n---\n").unwrap();
        assert_eq!(fm.title, None);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("did you mean `title`"));
        assert_eq!(warnings[0].line, Some(2));
    }

    #[test]
    fn events_are_typed() {
        let (fm, _) = front("---\nevents:\n  - date: 2025-03\n    title: Joint command\n    topics: [Command and control]\n---\n").unwrap();
        assert_eq!(fm.events.len(), 1);
        assert_eq!(fm.events[0].date.iso(), "2025-03");
        assert_eq!(fm.events[0].topics, vec!["Command and control"]);
        assert!(front("---\nevents:\n  - title: No date\n---\n").is_err());
    }

    #[test]
    fn bad_event_dates_name_the_event_line() {
        let text = "---\ntitle: A\ndate: 2024-01-01\nevents:\n  - date: 2024-02-01\n    title: One\n  - title: Two\n    date: not a date\n---\n";
        let (fm, w) = front(text).unwrap();
        assert_eq!(fm.events.len(), 1);
        assert_eq!(w[0].line, Some(8), "{}", w[0]);
        assert!(w[0].message.contains("event 2 is left out"), "{}", w[0]);
        let e =
            front("---\nevents:\n  - date: 2024-02-01\n    title: One\n  -\n    title: Two\n---\n")
                .unwrap_err();
        assert_eq!(e.line, Some(5), "{e}");
        let e = front("---\nevents:\n- date: 2024-02-01\n  title: [a, b]\n---\n").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
    }

    #[test]
    fn closest_keys() {
        assert_eq!(closest_known_key("titel"), Some("title"));
        assert_eq!(closest_known_key("autor"), Some("author"));
        assert_eq!(closest_known_key("publsher"), Some("publisher"));
        assert_eq!(closest_known_key("mood"), None);
        assert_eq!(closest_known_key("weight"), None);
    }
}
