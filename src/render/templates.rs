//! Tera templates: the site theme's files over the default theme compiled into the binary.
//!
//! Templates are compiled once per build. A site's `themes/<theme>/templates/x.html` replaces the
//! built-in `x.html`; every other template falls back to the built-in one, so a site needs no
//! theme folder at all. Errors name the template file and, where tera or the template text tells,
//! the line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Tera;

use crate::error::Diagnostic;
use crate::load::ThemeFiles;

/// The default theme's templates, embedded at compile time.
pub(crate) const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../../themes/default/templates/macros.html"),
    ),
    (
        "event-item.html",
        include_str!("../../themes/default/templates/event-item.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "document.html",
        include_str!("../../themes/default/templates/document.html"),
    ),
    (
        "archive.html",
        include_str!("../../themes/default/templates/archive.html"),
    ),
    (
        "section.html",
        include_str!("../../themes/default/templates/section.html"),
    ),
    (
        "topics.html",
        include_str!("../../themes/default/templates/topics.html"),
    ),
    (
        "topic.html",
        include_str!("../../themes/default/templates/topic.html"),
    ),
    (
        "timeline.html",
        include_str!("../../themes/default/templates/timeline.html"),
    ),
    (
        "timeline-year.html",
        include_str!("../../themes/default/templates/timeline-year.html"),
    ),
    (
        "sitemap-index.xml",
        include_str!("../../themes/default/templates/sitemap-index.xml"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "atom.xml",
        include_str!("../../themes/default/templates/atom.xml"),
    ),
    (
        "sitemap.xml",
        include_str!("../../themes/default/templates/sitemap.xml"),
    ),
];

/// The default theme's static files, embedded at compile time.
pub(crate) const DEFAULT_STATIC: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
    (
        "favicon.svg",
        include_str!("../../themes/default/static/favicon.svg"),
    ),
];

/// Compiled templates and where each came from (for error messages).
pub(crate) struct Templates {
    tera: Tera,
    sources: BTreeMap<String, (PathBuf, String)>,
}

impl Templates {
    /// Compiles the built-in templates overridden by the theme's.
    pub(crate) fn new(theme: &ThemeFiles) -> Result<Templates, Diagnostic> {
        let mut sources: BTreeMap<String, (PathBuf, String)> = DEFAULT_TEMPLATES
            .iter()
            .map(|(name, text)| {
                let path = Path::new("<built-in theme>/templates").join(name);
                (name.to_string(), (path, text.to_string()))
            })
            .collect();
        for (name, path, text) in &theme.templates {
            sources.insert(name.clone(), (path.clone(), text.clone()));
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's own escaper also turns `/` into `&#x2F;`, which mangles every URL in an href.
        tera.set_escape_fn(escape_for_tera);
        let raw: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, (_, t))| (n.as_str(), t.as_str()))
            .collect();
        tera.add_raw_templates(raw)
            .map_err(|e| template_error(&sources, &e))?;
        Ok(Templates { tera, sources })
    }

    /// Renders `name` with a typed context.
    pub(crate) fn render(
        &self,
        name: &str,
        context: &impl Serialize,
    ) -> Result<String, Diagnostic> {
        let context = tera::Context::from_serialize(context).map_err(|e| {
            Diagnostic::new(name, format!("cannot pass the page to the template: {e}"))
        })?;
        self.tera
            .render(name, &context)
            .map_err(|e| template_error(&self.sources, &e))
    }
}

fn escape_for_tera(text: &str) -> String {
    crate::escape::html_owned(text)
}

/// A tera error as a diagnostic: the template's path, the line when known, the whole cause chain.
fn template_error(
    sources: &BTreeMap<String, (PathBuf, String)>,
    error: &tera::Error,
) -> Diagnostic {
    let chain = error_chain(error);
    let name = sources
        .keys()
        .filter(|name| chain.contains(&format!("'{name}'")))
        .max_by_key(|name| chain.rfind(&format!("'{name}'")))
        .cloned();
    let (path, text) = name
        .as_ref()
        .and_then(|n| sources.get(n))
        .map(|(p, t)| (p.clone(), t.as_str()))
        .unwrap_or_else(|| (PathBuf::from("templates"), ""));
    let mut d = Diagnostic::new(
        path,
        format!("template error: {}", chain.replace('\n', " ")),
    );
    if let Some((line, col)) = parse_location(&chain).or_else(|| locate_missing_name(&chain, text))
    {
        d = d.at(line, col);
    }
    d.hint("fix the template, or delete it from the theme folder to use the built-in one; the variables templates see are listed in themes/default/README.md")
}

fn error_chain(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// Tera's parse errors contain `--> 3:5`.
fn parse_location(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find("--> ")? + 4..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit() && c != ':')
        .unwrap_or(rest.len());
    let (line, col) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

/// Render errors name a variable in backticks (`doc.titel`); find its first use in the template.
fn locate_missing_name(message: &str, text: &str) -> Option<(usize, usize)> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    let name = &message[start..start + len];
    if name.is_empty() {
        return None;
    }
    let offset = text.find(name)?;
    Some(crate::error::line_col(text, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme_with(name: &str, text: &str) -> ThemeFiles {
        ThemeFiles {
            templates: vec![(
                name.into(),
                PathBuf::from(format!("themes/t/templates/{name}")),
                text.into(),
            )],
            ..ThemeFiles::default()
        }
    }

    #[test]
    fn built_in_templates_compile() {
        assert!(Templates::new(&ThemeFiles::default()).is_ok());
    }

    #[test]
    fn syntax_error_names_template_and_line() {
        let e = Templates::new(&theme_with("404.html", "ok\n{% if %}\n"))
            .err()
            .unwrap();
        assert_eq!(e.path, PathBuf::from("themes/t/templates/404.html"));
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn missing_variable_names_template_and_line() {
        let t = Templates::new(&theme_with("404.html", "line one\n{{ page.nope }}\n")).unwrap();
        #[derive(Serialize)]
        struct Ctx {
            page: BTreeMap<String, String>,
        }
        let e = t
            .render(
                "404.html",
                &Ctx {
                    page: BTreeMap::new(),
                },
            )
            .unwrap_err();
        assert_eq!(e.path, PathBuf::from("themes/t/templates/404.html"));
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn output_is_escaped() {
        let t = Templates::new(&theme_with("x.html", "{{ v }}")).unwrap();
        #[derive(Serialize)]
        struct Ctx {
            v: &'static str,
        }
        assert_eq!(
            t.render("x.html", &Ctx { v: "<b>&" }).unwrap(),
            "&lt;b&gt;&amp;"
        );
    }
}
