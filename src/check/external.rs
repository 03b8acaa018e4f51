//! Links that leave the site: listed by default (how many, which hosts), fetched only with
//! `dossier check --external`.
//!
//! Fetching uses `ureq` (blocking, rustls): a handful of plain threads with a shared queue give
//! the concurrency limit without pulling an async client into the check path, and every request
//! has an overall timeout. A `HEAD` that a server refuses (405, 403, 501) is retried as `GET`.
//! The tests never fetch: [`summary`] and [`failure_message`] are pure.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use super::html::PageScan;
use super::links::{classify, Base, LinkTarget};
use super::{ExternalSummary, Finding, FindingKind};

/// The distinct external URLs of the site, each with the first page (and line) that links it.
pub(crate) fn first_uses(
    pages: &BTreeMap<String, PageScan>,
    base: Base,
) -> BTreeMap<String, (String, usize)> {
    let mut out = BTreeMap::new();
    for (page, scan) in pages {
        for link in &scan.links {
            if let LinkTarget::External { url, .. } = classify(&link.value, page, base) {
                out.entry(url).or_insert_with(|| (page.clone(), link.line));
            }
        }
    }
    out
}

/// How many external URLs, and their hosts.
pub(crate) fn summary(pages: &BTreeMap<String, PageScan>, base: Base) -> ExternalSummary {
    let uses = first_uses(pages, base);
    let hosts: BTreeSet<String> = uses
        .keys()
        .filter_map(|url| match classify(url, "", base) {
            LinkTarget::External { host, .. } => Some(host),
            _ => None,
        })
        .collect();
    ExternalSummary {
        links: uses.len(),
        hosts: hosts.into_iter().collect(),
        urls: uses.into_keys().collect(),
        fetched: false,
    }
}

/// How fetching is limited.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FetchLimits {
    pub timeout: Duration,
    pub concurrency: usize,
}

impl Default for FetchLimits {
    fn default() -> Self {
        FetchLimits {
            timeout: Duration::from_secs(10),
            concurrency: 8,
        }
    }
}

/// What fetching one URL gave: an HTTP status, or why there was none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fetched {
    Status(u16),
    Failed(String),
}

/// The message for a fetch that did not succeed, or `None` for a 2xx/3xx answer.
pub(crate) fn failure_message(url: &str, fetched: &Fetched) -> Option<String> {
    match fetched {
        Fetched::Status(code) if *code < 400 => None,
        Fetched::Status(code) => Some(format!("external link {url:?} answers HTTP {code}")),
        Fetched::Failed(why) => Some(format!("external link {url:?} failed: {why}")),
    }
}

/// Fetches every URL (at most `limits.concurrency` at a time) and reports the failures at the
/// first page that links each one.
pub(crate) fn fetch_all(
    uses: &BTreeMap<String, (String, usize)>,
    limits: FetchLimits,
    output_label: &str,
) -> Vec<Finding> {
    let urls: Vec<&String> = uses.keys().collect();
    let results = fetch_concurrently(&urls, limits);
    results
        .into_iter()
        .filter_map(|(url, fetched)| {
            let message = failure_message(url, &fetched)?;
            let (page, line) = &uses[url];
            Some(
                Finding::error(
                    FindingKind::ExternalLink,
                    format!("{output_label}/{page}"),
                    message,
                )
                .at(*line),
            )
        })
        .collect()
}

fn fetch_concurrently<'u>(urls: &[&'u String], limits: FetchLimits) -> Vec<(&'u String, Fetched)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(urls.len()));
    std::thread::scope(|scope| {
        for _ in 0..limits.concurrency.clamp(1, urls.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(i) else { break };
                let fetched = fetch_one(&agent, url);
                if let Ok(mut r) = results.lock() {
                    r.push((*url, fetched));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by(|a, b| a.0.cmp(b.0));
    results
}

fn fetch_one(agent: &ureq::Agent, url: &str) -> Fetched {
    let url = if url.starts_with("//") {
        format!("https:{url}")
    } else {
        url.to_string()
    };
    match agent.head(&url).call() {
        Ok(resp) if ![403, 405, 501].contains(&resp.status().as_u16()) => {
            Fetched::Status(resp.status().as_u16())
        }
        _ => match agent.get(&url).call() {
            Ok(resp) => Fetched::Status(resp.status().as_u16()),
            Err(e) => Fetched::Failed(e.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::html::scan;

    #[test]
    fn lists_distinct_urls_and_hosts_without_fetching() {
        let base = Base {
            url: "https://org.github.io/briefs/",
            path: "/briefs/",
        };
        let mut pages = BTreeMap::new();
        pages.insert(
            "index.html".to_string(),
            scan("<a href=\"https://a.org/x\"></a>\n<a href=\"https://a.org/x\"></a><a href=\"http://B.org/\"></a><a href=\"https://org.github.io/briefs/\"></a>"),
        );
        let summary = summary(&pages, base);
        assert_eq!(summary.links, 2);
        assert_eq!(summary.hosts, ["a.org", "b.org"]);
        assert!(!summary.fetched);
    }

    #[test]
    fn failures() {
        assert_eq!(failure_message("u", &Fetched::Status(301)), None);
        assert_eq!(
            failure_message("u", &Fetched::Status(404)).as_deref(),
            Some("external link \"u\" answers HTTP 404")
        );
    }
}
