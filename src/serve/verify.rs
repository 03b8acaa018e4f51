//! `dossier serve --verify`: the served site compared with a render of every page from scratch.
//!
//! For users who suspect a stale page. After each incremental rebuild (and its deferred pages)
//! [`LiveSite::verify`](super::live::LiveSite::verify) renders every page and fixed file from
//! the corpus in memory, and [`differing_paths`] names every generated file whose served bytes
//! are not those: changed, missing, or served though no page makes it any more. Copied static
//! files (read from disk on request) and the search index (rebuilt in the background) are not
//! compared.

use std::collections::HashSet;

use super::state::{is_index_file, Served};
use crate::render::OutputFile;

/// Output paths where `served` differs from `fresh` (every generated file of a full render),
/// sorted.
pub(crate) fn differing_paths(fresh: &[OutputFile], served: &Served) -> Vec<String> {
    let mut out: Vec<String> = fresh
        .iter()
        .filter(|f| served.files.get(&f.path).map(|b| b.as_ref()) != Some(f.bytes.as_slice()))
        .map(|f| f.path.clone())
        .collect();
    let made: HashSet<&str> = fresh.iter().map(|f| f.path.as_str()).collect();
    out.extend(
        served
            .files
            .keys()
            .filter(|p| !made.contains(p.as_str()) && !is_index_file(p))
            .cloned(),
    );
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path.to_string(), text.to_string())
    }

    #[test]
    fn changed_missing_and_leftover_files_are_named_and_the_index_is_not() {
        let fresh = [
            file("a/index.html", "a"),
            file("b/index.html", "b"),
            file("index.html", "home"),
        ];
        let mut served = Served::default();
        for (path, text) in [
            ("a/index.html", "a"),
            ("b/index.html", "old b"),
            ("gone/index.html", "gone"),
            ("pagefind/pagefind-entry.json", "{}"),
        ] {
            served
                .files
                .insert(path.to_string(), Bytes::from(text.to_string()));
        }
        assert_eq!(
            differing_paths(&fresh, &served),
            ["b/index.html", "gone/index.html", "index.html"]
        );
    }
}
