//! The lexer of other generators' template tags: one tag at a given `{`, or none.
//!
//! It knows the outer shapes only — Hugo shortcodes (`{{< >}}`, `{{% %}}` and their `/* */`
//! escapes), Liquid/Tera statements (`{% %}`) and expressions (`{{ }}`), Zola shortcode calls
//! (`name(...)` inside either) and mdBook directives (`{{#name ...}}`) — and the arguments of a
//! shortcode. What a tag means is decided by the caller ([`super`]). A tag must close within
//! [`MAX_TAG`] bytes, so lexing is bounded whatever the input.

/// The longest tag read, in bytes; a longer one is text.
pub(crate) const MAX_TAG: usize = 2000;

/// One lexed tag and where it ends (exclusive, in bytes from the start of the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lexed<'t> {
    pub end: usize,
    pub tag: Tag<'t>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tag<'t> {
    /// `{{< name args >}}` (`markdown` false) or `{{% name args %}}`; `closing` for `/name`.
    Hugo {
        name: &'t str,
        args: &'t str,
        closing: bool,
        markdown: bool,
        /// `{{< name />}}`: no closing tag follows.
        self_closing: bool,
    },
    /// `{{</* x */>}}`: Hugo's escape, shown to readers as `{{< x >}}`.
    HugoEscaped { inner: &'t str, markdown: bool },
    /// `{% name args %}`: a Liquid or Tera statement.
    Statement { name: &'t str, args: &'t str },
    /// `{% name(args) %}`: a Zola shortcode with a body, closed by `{% end %}`.
    ZolaBlock { name: &'t str },
    /// `{{ name(args) }}`: a Zola shortcode.
    ZolaCall { name: &'t str },
    /// `{{ expression }}`: a Liquid or Tera variable (with filters).
    Expression { variable: &'t str },
    /// `{{ "/a.png" | relative_url }}`: a quoted value and its filters.
    Literal { value: &'t str, filters: &'t str },
    /// `{{#name args}}`: an mdBook directive.
    MdBook { name: &'t str, args: &'t str },
}

/// The tag starting at `at` (which holds a `{`), if there is one.
pub(crate) fn lex(text: &str, at: usize) -> Option<Lexed<'_>> {
    let rest = text.get(at..)?;
    if at > 0 && text.as_bytes()[at - 1] == b'\\' {
        return None; // `\{{#include}}`: escaped, markdown shows it without the backslash
    }
    if let Some(lexed) = hugo_escaped(rest, "{{</*", "*/>}}", false)
        .or_else(|| hugo_escaped(rest, "{{%/*", "*/%}}", true))
    {
        return Some(shift(lexed, at));
    }
    let lexed = if rest.starts_with("{{<") {
        hugo(rest, ">}}", false)
    } else if rest.starts_with("{{%") {
        hugo(rest, "%}}", true)
    } else if rest.starts_with("{{#") {
        mdbook(rest)
    } else if rest.starts_with("{%") {
        statement(rest)
    } else if rest.starts_with("{{") {
        expression(rest)
    } else {
        None
    }?;
    Some(shift(lexed, at))
}

fn shift(lexed: Lexed<'_>, at: usize) -> Lexed<'_> {
    Lexed {
        end: lexed.end + at,
        tag: lexed.tag,
    }
}

/// The text between `open` and the first `close` after it, and the end of `close`.
fn enclosed<'t>(rest: &'t str, open: &str, close: &str) -> Option<(&'t str, usize)> {
    let body = rest.get(open.len()..)?;
    let window = body.get(..body.len().min(MAX_TAG)).unwrap_or(body);
    let window = floor_window(body, window.len());
    let at = window.find(close)?;
    Some((&body[..at], open.len() + at + close.len()))
}

/// `body[..len]` cut back to a character boundary.
fn floor_window(body: &str, mut len: usize) -> &str {
    while !body.is_char_boundary(len) {
        len -= 1;
    }
    &body[..len]
}

fn hugo_escaped<'t>(rest: &'t str, open: &str, close: &str, markdown: bool) -> Option<Lexed<'t>> {
    if !rest.starts_with(open) {
        return None;
    }
    let (inner, end) = enclosed(rest, open, close)?;
    Some(Lexed {
        end,
        tag: Tag::HugoEscaped { inner, markdown },
    })
}

fn hugo<'t>(rest: &'t str, close: &str, markdown: bool) -> Option<Lexed<'t>> {
    let (inner, end) = enclosed(rest, &rest[..3], close)?;
    let inner = inner.trim();
    let self_closing = inner.ends_with('/');
    let inner = inner.trim_end_matches('/').trim_end();
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(name) => (true, name.trim_start()),
        None => (false, inner),
    };
    let (name, args) = split_name(inner);
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    name_ok.then_some(Lexed {
        end,
        tag: Tag::Hugo {
            name,
            args,
            closing,
            markdown,
            self_closing,
        },
    })
}

fn mdbook(rest: &str) -> Option<Lexed<'_>> {
    let (inner, end) = enclosed(rest, "{{#", "}}")?;
    let (name, args) = split_name(inner.trim());
    let name_ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    name_ok.then_some(Lexed {
        end,
        tag: Tag::MdBook { name, args },
    })
}

fn statement(rest: &str) -> Option<Lexed<'_>> {
    let (inner, end) = enclosed(rest, "{%", "%}")?;
    let inner = trim_dashes(inner);
    let name_len = identifier_len(inner)?;
    let (name, after) = inner.split_at(name_len);
    let tag = if after.trim_start().starts_with('(') {
        Tag::ZolaBlock { name }
    } else {
        Tag::Statement {
            name,
            args: after.trim(),
        }
    };
    Some(Lexed { end, tag })
}

fn expression(rest: &str) -> Option<Lexed<'_>> {
    let (inner, end) = enclosed(rest, "{{", "}}")?;
    let inner = trim_dashes(inner);
    if let Some(tag) = literal(inner) {
        return Some(Lexed { end, tag });
    }
    let name_len = identifier_len(inner)?;
    let after = inner[name_len..].trim_start();
    let tag = if after.starts_with('(') {
        Tag::ZolaCall {
            name: &inner[..name_len],
        }
    } else {
        let variable = inner.split('|').next().unwrap_or(inner).trim();
        Tag::Expression { variable }
    };
    Some(Lexed { end, tag })
}

/// `"/a.png" | relative_url`: a quoted value with filters.
fn literal(inner: &str) -> Option<Tag<'_>> {
    let quote = inner.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let close = inner[1..].find(quote)? + 1;
    let filters = inner[close + 1..].trim();
    let filters = filters.strip_prefix('|')?;
    Some(Tag::Literal {
        value: &inner[1..close],
        filters,
    })
}

/// ` - x -` -> `x` (Liquid's whitespace-control dashes).
fn trim_dashes(inner: &str) -> &str {
    inner.trim().trim_matches('-').trim()
}

/// The length of the identifier that opens `s` (`site.baseurl`'s `site`), if it opens with one.
fn identifier_len(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    if !(first.is_alphabetic() || first == '_') {
        return None;
    }
    Some(
        s.find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(s.len()),
    )
}

fn split_name(inner: &str) -> (&str, &str) {
    match inner.find(char::is_whitespace) {
        Some(at) => (&inner[..at], inner[at..].trim()),
        None => (inner, ""),
    }
}

/// A shortcode's arguments: positional (`"x.md"`, `go`) and named (`src="a.png"`), with
/// `"..."`, `'...'` or `` `...` `` quoting. Unclosed quotes run to the end.
pub(crate) fn arguments(args: &str) -> Vec<(Option<&str>, &str)> {
    let mut out = Vec::new();
    let mut rest = args.trim_start();
    while !rest.is_empty() {
        let (name, after_name) = match named_prefix(rest) {
            Some((name, after)) => (Some(name), after),
            None => (None, rest),
        };
        let (value, after) = value(after_name);
        out.push((name, value));
        rest = after.trim_start().trim_start_matches(',').trim_start();
    }
    out
}

/// `src=` / `src: ` at the start of `rest`: the name and what follows the `=`.
fn named_prefix(rest: &str) -> Option<(&str, &str)> {
    let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))?;
    let after = rest[len..].trim_start();
    let after = after
        .strip_prefix('=')
        .or_else(|| after.strip_prefix(':'))?;
    (len > 0).then(|| (&rest[..len], after.trim_start()))
}

fn value(rest: &str) -> (&str, &str) {
    let Some(quote) = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))
    else {
        let end = rest
            .find(|c: char| c.is_whitespace() || c == ',')
            .unwrap_or(rest.len());
        return (&rest[..end], &rest[end..]);
    };
    let body = &rest[1..];
    match body.find(quote) {
        Some(end) => (&body[..end], &body[end + 1..]),
        None => (body, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(text: &str) -> Option<Tag<'_>> {
        lex(text, 0).map(|l| l.tag)
    }

    #[test]
    fn shapes() {
        assert_eq!(
            tag("{{< figure src=\"a.png\" >}}"),
            Some(Tag::Hugo {
                name: "figure",
                args: "src=\"a.png\"",
                closing: false,
                markdown: false,
                self_closing: false
            })
        );
        assert!(matches!(
            tag("{{% /note %}}"),
            Some(Tag::Hugo {
                name: "note",
                closing: true,
                markdown: true,
                ..
            })
        ));
        assert!(matches!(
            tag("{{< br />}}"),
            Some(Tag::Hugo {
                name: "br",
                self_closing: true,
                ..
            })
        ));
        assert_eq!(
            tag("{{</* x */>}}"),
            Some(Tag::HugoEscaped {
                inner: " x ",
                markdown: false
            })
        );
        assert_eq!(
            tag("{%- highlight ruby linenos -%}"),
            Some(Tag::Statement {
                name: "highlight",
                args: "ruby linenos"
            })
        );
        assert_eq!(
            tag("{% note(kind=\"a\") %}"),
            Some(Tag::ZolaBlock { name: "note" })
        );
        assert_eq!(
            tag("{{ youtube(id=\"x\") }}"),
            Some(Tag::ZolaCall { name: "youtube" })
        );
        assert_eq!(
            tag("{{ site.baseurl | prepend: x }}"),
            Some(Tag::Expression {
                variable: "site.baseurl"
            })
        );
        assert_eq!(
            tag("{{#include a.md:2:4}}"),
            Some(Tag::MdBook {
                name: "include",
                args: "a.md:2:4"
            })
        );
    }

    #[test]
    fn not_tags() {
        for text in [
            "{{",
            "{{ }}",
            "{% %}",
            "{{< >}}",
            "{{ 1 + 2 }}",
            "{x}",
            "{{<",
        ] {
            assert_eq!(tag(text), None, "{text}");
        }
        assert_eq!(lex("a\\{{#include x}}", 2), None);
        let long = format!("{{{{ a{} }}}}", " ".repeat(MAX_TAG + 10));
        assert_eq!(tag(&long), None);
    }

    #[test]
    fn shortcode_arguments() {
        assert_eq!(
            arguments(r#""x.md" src="a b.png" alt='it''s' n=3 raw=`q"q`"#),
            [
                (None, "x.md"),
                (Some("src"), "a b.png"),
                (Some("alt"), "it"),
                (None, "s"),
                (Some("n"), "3"),
                (Some("raw"), "q\"q")
            ]
        );
        assert_eq!(
            arguments("go \"linenos=table\""),
            [(None, "go"), (None, "linenos=table")]
        );
    }
}
