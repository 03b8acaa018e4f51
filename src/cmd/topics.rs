//! `dossier topics`: the topics discovery finds (with their evidence: documents, mentions,
//! aliases, example passages), and `--add SLUG` to curate one into `site-config.toml`.

use std::fmt::Write as _;
use std::path::Path;

use crate::analyze::discover::{DiscoverCache, DiscoverOptions, Discovered};
use crate::analyze::{AnalysisCache, Corpus};
use crate::config::SiteConfig;
use crate::error::{Diagnostic, Error, Result};
use crate::parse::truncate_words;
use crate::site::{analyze_documents, load_site, parse_all, BuildOptions};

/// Parses and analyses the site (discovery off, so that the known topics are the curated and
/// declared ones) and returns the corpus with every discovered topic, best first; the first
/// `[topics] discover` of them are the ones a build publishes.
pub fn suggestions(options: &BuildOptions) -> Result<(Corpus, Vec<Discovered>, SiteConfig)> {
    let site = load_site(options)?;
    let mut config = site.config.clone();
    config.topics.discover = Some(0);
    let (documents, _) = parse_all(site.sources, &config)?;
    let (corpus, _drafts, _) = analyze_documents(
        documents,
        &config,
        options.drafts,
        &mut AnalysisCache::default(),
    )?;
    let discover_options = DiscoverOptions {
        site_title: site.config.title.clone(),
        base_url: site.config.base_url.clone(),
        exclude: site.config.topics.exclude.clone(),
        known: corpus
            .topics()
            .iter()
            .flat_map(|t| t.aliases.iter().cloned())
            .collect(),
    };
    let mut found =
        DiscoverCache::default().discover(corpus.documents(), corpus.matcher(), &discover_options);
    let cap = site.config.topics.discover_cap(corpus.documents().len());
    for (rank, d) in found.iter_mut().enumerate() {
        d.published = rank < cap;
    }
    Ok((corpus, found, site.config))
}

/// The listing `dossier topics` prints.
pub fn report(corpus: &Corpus, found: &[Discovered], limit: usize) -> String {
    let mut out = String::new();
    if found.is_empty() {
        out.push_str("Nothing found: no subject or name is central to two or more documents beyond the known topics.\n");
        return out;
    }
    let published = found.iter().filter(|d| d.published).count();
    let _ = writeln!(
        out,
        "Topics found automatically (central to 2+ documents, not curated or declared), best first;\n{published} are published (`[topics] discover`; `exclude` hides one). Curate one with: dossier topics --add SLUG\n"
    );
    for (rank, d) in found.iter().take(limit).enumerate() {
        let _ = writeln!(
            out,
            "{:>3}. {}  [{}]  {:?}, {} documents, {} mentions{}",
            rank + 1,
            d.name,
            d.slug,
            d.kind,
            d.documents.len(),
            d.mentions,
            if d.published { "" } else { "  (not published)" }
        );
        if d.aliases.len() > 1 {
            let _ = writeln!(out, "       also: {}", d.aliases[1..].join(", "));
        }
        for (doc, passage, range) in d.examples.iter().take(2) {
            let Some(document) = corpus.documents().get(*doc) else {
                continue;
            };
            let Some(p) = document.body.passages.get(*passage) else {
                continue;
            };
            let _ = writeln!(
                out,
                "       {}#{}: {}",
                document.slug,
                p.anchor(),
                snippet(&p.text, range.clone())
            );
        }
    }
    out
}

/// Appends `[topics.<slug>]` for a discovered topic to `site-config.toml`, checking that the
/// result still parses.
pub fn add(config_path: &Path, found: &[Discovered], slug: &str) -> Result<String> {
    let Some(topic) = found.iter().find(|d| d.slug == slug) else {
        let known: Vec<&str> = found.iter().take(10).map(|d| d.slug.as_str()).collect();
        return Err(Diagnostic::new(
            config_path,
            format!("no discovered topic with the slug {slug:?}"),
        )
        .hint(format!(
            "run `dossier topics` to list them; the first are: {}",
            known.join(", ")
        ))
        .into());
    };
    let text = std::fs::read_to_string(config_path).map_err(|e| Error::io(config_path, e))?;
    let aliases: Vec<String> = topic.aliases.iter().map(|a| toml_string(a)).collect();
    let table = format!(
        "\n[topics.{slug}]\ntitle = {}\naliases = [{}]\n",
        toml_string(&topic.name),
        aliases.join(", ")
    );
    let mut updated = text.clone();
    if !updated.ends_with('\n') {
        updated.push('\n');
    }
    updated.push_str(&table);
    SiteConfig::parse(&updated, config_path)?;
    let temp = config_path.with_extension("toml.tmp");
    std::fs::write(&temp, &updated).map_err(|e| Error::io(&temp, e))?;
    std::fs::rename(&temp, config_path).map_err(|e| Error::io(config_path, e))?;
    Ok(format!(
        "Added [topics.{slug}] ({}) to {}",
        topic.name,
        config_path.display()
    ))
}

/// About 100 characters of `text` around `range`, with ellipses where cut.
fn snippet(text: &str, range: std::ops::Range<usize>) -> String {
    let mut start = range.start.saturating_sub(40);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let rest = &text[start..];
    let cut = truncate_words(rest, 100);
    let lead = if start > 0 { "…" } else { "" };
    format!("{lead}{cut}")
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
