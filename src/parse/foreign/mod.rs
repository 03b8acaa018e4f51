//! Template syntax of other generators, rewritten before the markdown pass.
//!
//! Editors bring Jekyll posts, Hugo and Zola pages and mdBook chapters as they are. Their
//! bodies hold template syntax that those generators expand and dossier does not: Liquid
//! (`{% highlight %}`, `{% link %}`, `{{ site.baseurl }}`), Hugo shortcodes (`{{< ref >}}`,
//! `{{< figure >}}`), Zola shortcodes (`{{ youtube(...) }}`) and mdBook directives
//! (`{{#include}}`). This pass turns the common tags into the markdown they stand for (fenced
//! code, content links, images, included documents), removes the rest, and reports every
//! removed tag ([`LeftOut`]) so the build can print one grouped warning per kind ([`Tally`]).
//! No tag reaches a reader as text.
//!
//! Code is left alone: fenced and indented code blocks and inline code (found with
//! pulldown-cmark's offset iterator over the same text) keep every byte, with one exception:
//! Hugo's escape `{{</* x */>}}`, which Hugo itself shows as `{{< x >}}` in code too.
//! The pass returns the new text with a map back to the original offsets, so passages keep
//! their source ranges (`dossier check` names the line of a broken link with them).
//! Plain-text (`.txt`) documents are not passed through it: they are text, not templates.
//! Linear: every tag is lexed within a bounded window, and a search for a closing tag that
//! failed is not repeated.

mod tags;
mod tally;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag as MdTag};

use tags::{arguments, lex, Lexed, Tag};
pub(crate) use tally::LeftOut;
pub(crate) use tally::Tally;

/// Content documents by content path (`notes/a.md`), for `{{#include}}` (only documents the
/// loader read, inside the content folder and through no symlink out of the site, can be
/// included) and for `{% post_url %}` (which names a post without its extension).
#[derive(Debug, Default)]
pub struct Includes<'a> {
    texts: HashMap<&'a str, &'a str>,
}

impl<'a> Includes<'a> {
    pub fn new(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Includes {
            texts: sources.into_iter().collect(),
        }
    }

    /// Whether any of `texts` asks to include a file (else the map need not be built).
    pub fn needed<'t>(mut texts: impl Iterator<Item = &'t str>) -> bool {
        texts.any(|t| {
            t.contains("{{#include")
                || t.contains("include_relative")
                || t.contains("include \"")
                || t.contains("post_url")
        })
    }
}

/// What the pass needs besides the text.
pub(crate) struct ForeignContext<'a> {
    /// The document's content path, for relative links and includes.
    pub rel_path: &'a str,
    /// `{{ site.title }}`.
    pub site_title: &'a str,
    pub includes: Option<&'a Includes<'a>>,
}

/// A body with the template syntax rewritten, a map back to the original offsets and what
/// was left out.
#[derive(Debug)]
pub(crate) struct Rewritten<'t> {
    pub text: Cow<'t, str>,
    segments: Vec<Segment>,
    pub left_out: Vec<LeftOut>,
}

/// A piece of the output: copied from `src` byte for byte, or written in place of `src`.
#[derive(Debug, Clone)]
struct Segment {
    out: usize,
    src: Range<usize>,
    copied: bool,
}

impl Rewritten<'_> {
    /// The range of the original text that produced `range` of the rewritten one.
    pub(crate) fn source_range(&self, range: Range<usize>) -> Range<usize> {
        if self.segments.is_empty() {
            return range;
        }
        let start = self.map(range.start, false);
        let end = self.map(range.end, true).max(start);
        start..end
    }

    /// Whether the original `range` is in the output byte for byte (one copied piece), else
    /// which written piece took it: `Some(src)` of the first one overlapping it.
    pub(crate) fn fate(
        &self,
        original: &str,
        range: &Range<usize>,
    ) -> Result<(), Option<Range<usize>>> {
        if self.segments.is_empty() {
            return Ok(());
        }
        let copied = self.segments.iter().any(|s| {
            s.copied
                && s.src.start <= range.start
                && range.end <= s.src.end
                && self
                    .text
                    .get(s.out + range.start - s.src.start..s.out + range.end - s.src.start)
                    == original.get(range.clone())
        });
        if copied {
            return Ok(());
        }
        Err(self
            .segments
            .iter()
            .find(|s| !s.copied && s.src.start < range.end && range.start < s.src.end)
            .map(|s| s.src.clone()))
    }

    fn map(&self, offset: usize, is_end: bool) -> usize {
        let i = self.segments.partition_point(|s| {
            if is_end {
                s.out < offset
            } else {
                s.out <= offset
            }
        });
        let Some(seg) = i.checked_sub(1).and_then(|i| self.segments.get(i)) else {
            return 0;
        };
        if seg.copied {
            (seg.src.start + (offset - seg.out)).min(seg.src.end)
        } else if is_end {
            seg.src.end
        } else {
            seg.src.start
        }
    }
}

/// How deep includes may nest (an included document including another...).
const MAX_INCLUDE_DEPTH: usize = 3;

/// Rewrites the template syntax of a markdown body.
pub(crate) fn rewrite<'t>(text: &'t str, ctx: &ForeignContext) -> Rewritten<'t> {
    rewrite_at(text, ctx, 0)
}

fn rewrite_at<'t>(text: &'t str, ctx: &ForeignContext, depth: usize) -> Rewritten<'t> {
    if !text.contains("{{") && !text.contains("{%") {
        return Rewritten {
            text: Cow::Borrowed(text),
            segments: Vec::new(),
            left_out: Vec::new(),
        };
    }
    let mut pass = Pass {
        text,
        ctx,
        depth,
        out: String::with_capacity(text.len()),
        segments: Vec::new(),
        left_out: Vec::new(),
        copied: 0,
        no_close: HashSet::new(),
        closers: None,
    };
    pass.run(&code_ranges(text));
    Rewritten {
        text: Cow::Owned(pass.out),
        segments: pass.segments,
        left_out: pass.left_out,
    }
}

/// The byte ranges of code blocks and inline code, in order, not overlapping.
pub(crate) fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        if matches!(event, Event::Start(MdTag::CodeBlock(_)) | Event::Code(_)) {
            match ranges.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => ranges.push(range),
            }
        }
    }
    ranges
}

/// Shortcodes whose inner text is prose: their tags go, their text stays, no warning.
const PROSE_SHORTCODES: &[&str] = &[
    "note",
    "notice",
    "tip",
    "hint",
    "info",
    "warning",
    "caution",
    "important",
    "danger",
    "admonition",
    "callout",
    "alert",
    "aside",
    "details",
    "expand",
    "collapse",
    "quote",
    "center",
    "tabs",
    "tab",
    "columns",
    "column",
];

struct Pass<'t, 'c> {
    text: &'t str,
    ctx: &'c ForeignContext<'c>,
    depth: usize,
    out: String,
    segments: Vec<Segment>,
    left_out: Vec<LeftOut>,
    /// The original text is written out up to here.
    copied: usize,
    /// Closing tags searched for in vain: searching again from further on cannot succeed.
    no_close: HashSet<String>,
    /// Where each Hugo shortcode's closing tags are (`/name` -> starts, in order), built on
    /// first need: whether a shortcode is paired is then a lookup, not a scan to the end.
    closers: Option<HashMap<String, Vec<usize>>>,
}

impl Pass<'_, '_> {
    fn run(&mut self, code: &[Range<usize>]) {
        let mut at = 0;
        let mut next_code = 0;
        while let Some(found) = self.text[at..].find('{') {
            let i = at + found;
            while code.get(next_code).is_some_and(|r| r.end <= i) {
                next_code += 1;
            }
            if let Some(range) = code.get(next_code).filter(|r| r.start <= i).cloned() {
                self.copy_to(range.start);
                self.code(range.clone());
                at = range.end;
                continue;
            }
            // A tag never reaches into code (`{{ a `x }}``: the code keeps its `}}`).
            let before_code = |end: usize| code.get(next_code).map_or(true, |r| end <= r.start);
            at = match lex(self.text, i).filter(|l| before_code(l.end)) {
                Some(lexed) => {
                    self.copy_to(i);
                    self.tag(i, lexed)
                }
                None => i + 1,
            };
        }
        self.copy_to(self.text.len());
    }

    /// Copies the original text from where it was last written up to `end`.
    fn copy_to(&mut self, end: usize) {
        if end > self.copied {
            self.copy_range(self.copied..end);
        }
    }

    fn copy_range(&mut self, range: Range<usize>) {
        self.segments.push(Segment {
            out: self.out.len(),
            src: range.clone(),
            copied: true,
        });
        self.out.push_str(&self.text[range.clone()]);
        self.copied = range.end;
    }

    /// Writes `with` in place of `src`.
    fn replace(&mut self, src: Range<usize>, with: &str) {
        self.segments.push(Segment {
            out: self.out.len(),
            src: src.clone(),
            copied: false,
        });
        self.out.push_str(with);
        self.copied = src.end;
    }

    fn leave_out(&mut self, kind: String, what: &'static str, offset: usize) {
        self.left_out.push(LeftOut { kind, what, offset });
    }

    /// Code keeps every byte, but for Hugo's `{{</* */>}}` escape, which Hugo shows unescaped.
    fn code(&mut self, range: Range<usize>) {
        let code = &self.text[range.clone()];
        if code.contains("{{</*") || code.contains("{{%/*") {
            let shown = code
                .replace("{{</*", "{{<")
                .replace("*/>}}", ">}}")
                .replace("{{%/*", "{{%")
                .replace("*/%}}", "%}}");
            self.replace(range, &shown);
        } else {
            self.copy_range(range);
        }
    }

    /// Handles the tag lexed at `i`; returns where scanning goes on.
    fn tag(&mut self, i: usize, lexed: Lexed) -> usize {
        let end = lexed.end;
        match lexed.tag {
            Tag::HugoEscaped { inner, markdown } => {
                let (open, close) = if markdown { ("%", "%") } else { ("<", ">") };
                self.replace(i..end, &format!("{{{{{open}{inner}{close}}}}}"));
                end
            }
            Tag::Hugo { closing: true, .. } => {
                self.replace(i..end, "");
                end
            }
            Tag::Hugo {
                name,
                args,
                self_closing,
                ..
            } => self.hugo(i, end, name, args, self_closing),
            Tag::Statement { name, args } => self.liquid(i, end, name, args),
            Tag::ZolaBlock { name } => {
                if !PROSE_SHORTCODES.contains(&name) {
                    let kind = format!("Zola shortcode `{name}`");
                    self.leave_out(kind, "left out, the text it encloses kept", i);
                }
                self.replace(i..end, "");
                end
            }
            Tag::ZolaCall { name } => {
                self.leave_out(format!("Zola shortcode `{name}`"), "left out", i);
                self.replace(i..end, "");
                end
            }
            Tag::Expression { variable } => {
                let value = self.variable(i, variable);
                self.replace(i..end, &value);
                end
            }
            Tag::Literal { value, filters } => {
                let shown = url_filters(value, filters);
                if shown.is_none() {
                    let kind = "Liquid expression with filters".to_string();
                    self.leave_out(kind, "left out", i);
                }
                self.replace(i..end, shown.unwrap_or_default());
                end
            }
            Tag::MdBook { name, args } => self.mdbook(i, end, name, args),
        }
    }

    fn liquid(&mut self, i: usize, end: usize, name: &str, args: &str) -> usize {
        match name {
            "raw" => match self.find_close(end, "raw", "endraw") {
                Some(close) => {
                    self.replace(i..end, "");
                    self.copy_range(end..close.start);
                    self.replace(close.clone(), "");
                    close.end
                }
                None => self.drop(i, end),
            },
            "comment" => match self.find_close(end, "comment", "endcomment") {
                Some(close) => self.drop(i, close.end),
                None => self.drop(i, end),
            },
            "highlight" => {
                let lang = args.split_whitespace().next().unwrap_or("");
                self.fenced(i, end, lang, ("highlight", "endhighlight"))
            }
            "link" => {
                let target = unquote(args).trim_start_matches('/').to_string();
                self.link(i..end, &target)
            }
            "post_url" => {
                let target = self.post_path(unquote(args).trim_start_matches('/'));
                self.link(i..end, &target)
            }
            "include_relative" => {
                let path = unquote(args.split_whitespace().next().unwrap_or(""));
                self.include(i..end, path, "Liquid `include_relative`")
            }
            "for" | "capture" | "case" | "tablerow" => {
                let kind = format!("Liquid tag `{name}`");
                self.leave_out(kind, "left out with its body", i);
                let close = format!("end{name}");
                match self.find_close(end, name, &close) {
                    Some(close) => self.drop(i, close.end),
                    None => self.drop(i, end),
                }
            }
            "else" | "elsif" | "when" | "end" | "endraw" | "endcomment" | "endhighlight" => {
                self.drop(i, end)
            }
            _ if name.starts_with("end") => self.drop(i, end),
            _ => {
                self.leave_out(format!("Liquid tag `{name}`"), "left out", i);
                self.drop(i, end)
            }
        }
    }

    /// `_posts/<name>.md`, or `.markdown` when the content folder has that file instead.
    fn post_path(&self, name: &str) -> String {
        let md = format!("_posts/{name}.md");
        let markdown = format!("_posts/{name}.markdown");
        match self.ctx.includes {
            Some(files)
                if !files.texts.contains_key(md.as_str())
                    && files.texts.contains_key(markdown.as_str()) =>
            {
                markdown
            }
            _ => md,
        }
    }

    fn drop(&mut self, i: usize, end: usize) -> usize {
        self.replace(i..end, "");
        end
    }

    /// `{{ site.baseurl }}` is empty (links then start at the site's root, and the markdown
    /// pass adds the base path); `{{ site.title }}` is the site's; others are left out.
    fn variable(&mut self, i: usize, variable: &str) -> String {
        match variable {
            "site.baseurl" | "site.url" | "site.base_url" | "config.base_url" | "base_url"
            | "site.BaseURL" | ".Site.BaseURL" => String::new(),
            "site.title" | "config.title" => markdown_escape(self.ctx.site_title),
            _ => {
                // Grouped by their first name: `featured.topic` and `featured.speaker` are one kind.
                let root: String = variable
                    .split(['.', '['])
                    .next()
                    .unwrap_or(variable)
                    .chars()
                    .take(40)
                    .collect();
                let shown = if root.len() < variable.len() {
                    format!("{root}.…")
                } else {
                    root
                };
                self.leave_out(format!("template variable `{shown}`"), "left out", i);
                String::new()
            }
        }
    }

    fn hugo(&mut self, i: usize, end: usize, name: &str, args: &str, alone: bool) -> usize {
        let args = arguments(args);
        let named = |key: &str| args.iter().find(|(k, _)| *k == Some(key)).map(|(_, v)| *v);
        let first = args.iter().find(|(k, _)| k.is_none()).map(|(_, v)| *v);
        match name {
            "ref" | "relref" => {
                let target = first.or_else(|| named("path")).unwrap_or("");
                let target = with_extension(target);
                self.link(i..end, &target)
            }
            "figure" => {
                let image = figure(&named);
                self.replace(i..end, &image);
                end
            }
            "highlight" if !alone => {
                self.fenced(i, end, first.unwrap_or(""), ("highlight", "/highlight"))
            }
            "code-toggle" if !alone => self.fenced(i, end, "toml", ("code-toggle", "/code-toggle")),
            "code" if !alone => self.fenced(i, end, named("lang").unwrap_or(""), ("code", "/code")),
            "include" => self.include(i..end, first.unwrap_or(""), "Hugo shortcode `include`"),
            _ if PROSE_SHORTCODES.contains(&name) => self.drop(i, end),
            _ => {
                let kind = format!("Hugo shortcode `{name}`");
                let paired = !alone && self.closed_later(name, end);
                let what = if paired {
                    "tags left out, the text they enclose kept"
                } else {
                    "left out"
                };
                self.leave_out(kind, what, i);
                self.drop(i, end)
            }
        }
    }

    fn mdbook(&mut self, i: usize, end: usize, name: &str, args: &str) -> usize {
        match name {
            "include" => self.include(i..end, args, "mdBook `{{#include}}`"),
            _ => {
                let kind = format!("mdBook `{{{{#{name}}}}}`");
                self.leave_out(kind, "left out", i);
                self.drop(i, end)
            }
        }
    }

    /// A content link to `target` (a content path), written relative to the document so the
    /// link resolver finds it whatever the base path.
    fn link(&mut self, tag: Range<usize>, target: &str) -> usize {
        let (path, fragment) = target.split_once('#').map_or((target, ""), |(p, f)| (p, f));
        let up = self.ctx.rel_path.matches('/').count();
        let mut url = format!("{}{}", "../".repeat(up), path.replace(' ', "%20"));
        if !fragment.is_empty() {
            url = format!("{url}#{fragment}");
        }
        let end = tag.end;
        self.replace(tag, &url);
        end
    }

    /// A code block from an opening tag to its closing one (`pair`: the opening tag's name and
    /// the closing one's), as a fenced block; without a closing tag the tag is left out.
    fn fenced(&mut self, i: usize, end: usize, lang: &str, pair: (&str, &str)) -> usize {
        let Some(close) = self.find_close(end, pair.0, pair.1) else {
            let kind = match pair.1.strip_prefix('/') {
                Some(_) => format!("Hugo shortcode `{}` without its closing tag", pair.0),
                None => format!("Liquid tag `{}` without its closing tag", pair.0),
            };
            self.leave_out(kind, "left out", i);
            return self.drop(i, end);
        };
        let line_start = self.text[..i].rfind('\n').map_or(0, |n| n + 1);
        let before = &self.text[line_start..i];
        let indent: String = if before.trim().is_empty() {
            before.to_string()
        } else {
            String::new()
        };
        let lead = if before.trim().is_empty() { "" } else { "\n" };
        let code = self.text[end..close.start].trim_start_matches([' ', '\t']);
        let code = code.strip_prefix('\n').unwrap_or(code);
        let code = code.trim_end_matches([' ', '\t']).trim_end_matches('\n');
        let fence = "`".repeat(longest_backtick_run(code).max(2) + 1);
        let lang: String = lang
            .trim_matches(['"', '\''])
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '+' | '#' | '-' | '.'))
            .collect();
        let tail = if self.text[close.end..].starts_with('\n') || close.end == self.text.len() {
            ""
        } else {
            "\n"
        };
        let block = format!("{lead}{fence}{lang}\n{code}\n{indent}{fence}{tail}");
        self.replace(i..close.end, &block);
        close.end
    }

    /// Whether a Hugo `{{< /name >}}` comes after `from`.
    fn closed_later(&mut self, name: &str, from: usize) -> bool {
        let text = self.text;
        let closers = self.closers.get_or_insert_with(|| hugo_closers(text));
        closers
            .get(name)
            .and_then(|starts| starts.last())
            .is_some_and(|&last| last >= from)
    }

    /// The range of the tag that closes `open` after `from` (nested `open`s counted), lexed
    /// the same way; `None` when there is none.
    fn find_close(&mut self, from: usize, open: &str, close: &str) -> Option<Range<usize>> {
        if self.no_close.contains(close) {
            return None;
        }
        let mut depth = 0usize;
        let mut at = from;
        while let Some(found) = self.text[at..].find('{') {
            let i = at + found;
            let Some(lexed) = lex(self.text, i) else {
                at = i + 1;
                continue;
            };
            let is_close = match &lexed.tag {
                Tag::Hugo { name, closing, .. } => *closing && format!("/{name}") == close,
                Tag::Statement { name, .. } => *name == close,
                _ => false,
            };
            let is_open = match &lexed.tag {
                Tag::Hugo { name, closing, .. } => !*closing && *name == open,
                Tag::Statement { name, .. } => *name == open,
                _ => false,
            };
            if is_close {
                if depth == 0 {
                    return Some(i..lexed.end);
                }
                depth -= 1;
            } else if is_open && open != "raw" && open != "comment" {
                depth += 1;
            }
            at = lexed.end;
        }
        self.no_close.insert(close.to_string());
        None
    }

    /// Includes a content document (`path`, relative to this one or `/`-rooted at the content
    /// folder; `:2:10` lines or `:anchor` as mdBook reads them), rewritten in turn.
    fn include(&mut self, tag: Range<usize>, spec: &str, label: &str) -> usize {
        let spec = unquote(spec);
        let (path, part) = spec.split_once(':').map_or((spec, ""), |(p, r)| (p, r));
        let found = self.included(path);
        let end = tag.end;
        match found {
            Some(text) if self.depth < MAX_INCLUDE_DEPTH => {
                let text = crate::parse::normalise_text(text);
                let body = crate::parse::front_matter::split(&text, Path::new(path))
                    .map_or(text.as_str(), |s| s.body);
                let piece = select_lines(body, part);
                let nested = rewrite_at(&piece, self.ctx, self.depth + 1);
                for item in nested.left_out {
                    self.leave_out(item.kind, item.what, tag.start);
                }
                self.replace(tag, &nested.text);
            }
            _ => {
                let kind =
                    format!("{label} of a file that is not a document of the content folder");
                self.leave_out(kind, "left out", tag.start);
                self.replace(tag, "");
            }
        }
        end
    }

    fn included(&self, path: &str) -> Option<&str> {
        let includes = self.ctx.includes?;
        let joined = match path.strip_prefix('/') {
            Some(root) => root.to_string(),
            None => match self.ctx.rel_path.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/{path}"),
                None => path.to_string(),
            },
        };
        let rel = super::url::normalize_path(&joined)?;
        includes.texts.get(rel.as_str()).copied()
    }
}

/// The start of every closing Hugo shortcode tag, by name.
fn hugo_closers(text: &str) -> HashMap<String, Vec<usize>> {
    let mut closers: HashMap<String, Vec<usize>> = HashMap::new();
    let mut at = 0;
    while let Some(found) = text[at..].find("{{") {
        let i = at + found;
        at = match lex(text, i) {
            Some(Lexed {
                end,
                tag:
                    Tag::Hugo {
                        name,
                        closing: true,
                        ..
                    },
            }) => {
                closers.entry(name.to_string()).or_default().push(i);
                end
            }
            _ => i + 2,
        };
    }
    closers
}

/// `{{ "/assets/a.png" | relative_url }}`: the path, when the filters only make it a URL.
fn url_filters<'v>(value: &'v str, filters: &str) -> Option<&'v str> {
    let url_only = filters
        .split('|')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .all(|f| {
            matches!(
                f,
                "relative_url" | "absolute_url" | "prepend: site.baseurl" | "uri_escape"
            )
        });
    url_only.then_some(value)
}

/// mdBook's line selection: `2` (line 2), `2:10`, `:10`, `2:` (1-based, inclusive) or an
/// anchor name (between `ANCHOR: name` and `ANCHOR_END: name`); empty: everything.
fn select_lines(text: &str, part: &str) -> String {
    if part.is_empty() {
        return text.to_string();
    }
    let lines: Vec<&str> = text.lines().collect();
    let number = |s: &str| s.trim().parse::<usize>().ok();
    let (from, to) = match part.split_once(':') {
        Some((a, b)) => (number(a), number(b)),
        None => match number(part) {
            Some(n) => (Some(n), Some(n)),
            None => return anchored(&lines, part.trim()),
        },
    };
    let from = from.unwrap_or(1).max(1) - 1;
    let to = to.unwrap_or(lines.len()).min(lines.len());
    lines.get(from..to.max(from)).unwrap_or(&[]).join("\n")
}

fn anchored(lines: &[&str], anchor: &str) -> String {
    let start = format!("ANCHOR: {anchor}");
    let stop = format!("ANCHOR_END: {anchor}");
    lines
        .iter()
        .skip_while(|l| !l.contains(&start))
        .skip(1)
        .take_while(|l| !l.contains(&stop))
        .filter(|l| !l.contains("ANCHOR"))
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

/// `"x.md"` / `'x.md'` -> `x.md`.
fn unquote(s: &str) -> &str {
    s.trim().trim_matches(['"', '\'']).trim()
}

/// Hugo refs may leave out `.md` (`ref "/about"`); content paths have it.
fn with_extension(target: &str) -> String {
    let (path, fragment) = target
        .split_once('#')
        .map_or((target, None), |(p, f)| (p, Some(f)));
    let path = path.trim_end_matches('/');
    let name = path.rsplit('/').next().unwrap_or(path);
    let path = if path.is_empty() || name.contains('.') {
        path.to_string()
    } else {
        format!("{path}.md")
    };
    let path = path.trim_start_matches('/');
    match fragment {
        Some(f) => format!("{path}#{f}"),
        None => path.to_string(),
    }
}

/// A Hugo `figure` as a markdown image, its caption as an emphasised line below; every piece
/// of text escaped for markdown.
fn figure<'a>(named: &dyn Fn(&str) -> Option<&'a str>) -> String {
    let src: String = named("src")
        .unwrap_or("")
        .chars()
        .filter(|c| !matches!(c, '<' | '>' | '\n' | '\r'))
        .collect();
    let alt = named("alt").or_else(|| named("caption")).unwrap_or("");
    let title = named("title")
        .map(|t| format!(" \"{}\"", markdown_escape(t)))
        .unwrap_or_default();
    let mut image = format!("![{}](<{src}>{title})", markdown_escape(alt));
    if let Some(caption) = named("caption").filter(|c| !c.trim().is_empty()) {
        image.push_str(&format!("\n\n*{}*\n", markdown_escape(caption)));
    }
    image
}

/// Text made literal for markdown: every ASCII punctuation character backslash-escaped,
/// line breaks made spaces.
fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

fn longest_backtick_run(code: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

#[cfg(test)]
mod tests;
