//! The analysis cache's invalidation rules: after every kind of edit, an analysis that reuses
//! the cache of the previous one must give exactly what a fresh analysis gives.

use std::path::Path;

use super::*;
use crate::parse::parsed_for_tests as doc;

const A: &str = "---\ntitle: Shipyards\ndate: 2024-03-01\ntopics: [Taiwan]\n---\nSubmarine shipyards expand in Nagoya. The navy signed a contract on 4 March 2024 for submarine hulls.\n\nSee [the memo](c.md) on shipyard labour.\n";
const B: &str = "---\ntitle: Elections\ndate: 2024-02-01\ntopics: [Taiwan, Trade]\n---\nVoters in Taiwan went to the polls in January 2024. Trade with Japan grew.\n";
const C: &str = "---\ntitle: Tariffs\ndate: 2024-01-01\ntopics: [Trade]\n---\nTariff schedules on steel changed on 2 January 2024. Exporters of steel complained.\n";
const D: &str = "---\ntitle: Budget\ndate: 2023-06-01\n---\nThe defence budget grew by 2025 under the plan. Procurement of submarine hulls starts.\n";

fn config(text: &str) -> SiteConfig {
    SiteConfig::parse(text, Path::new("site-config.toml")).expect("test config parses")
}

/// Analyses `docs` with `cache` and without, and checks both corpora are the same.
fn check(docs: &[(&str, String)], config: &SiteConfig, cache: &mut AnalysisCache) {
    let parsed: Vec<Document> = docs.iter().map(|(rel, text)| doc(rel, text)).collect();
    let options = AnalyzeOptions::default();
    let (mut cached, cached_warnings) =
        analyze(parsed.clone(), config, options, cache).expect("analyses");
    let (fresh, fresh_warnings) =
        analyze(parsed, config, options, &mut AnalysisCache::default()).expect("analyses");
    assert_eq!(cached.documents, fresh.documents);
    assert_eq!(cached.topics, fresh.topics);
    assert_eq!(cached.doc_topics, fresh.doc_topics);
    assert_eq!(cached.related, fresh.related);
    assert_eq!(cached.references, fresh.references);
    assert_eq!(cached.events, fresh.events);
    assert_eq!(cached_warnings, fresh_warnings);
    // As `dossier serve` does: the next analysis updates these topics instead of starting anew.
    cache.recycle(&mut cached);
}

fn site(edits: &[(&str, &str, &str)]) -> Vec<(&'static str, String)> {
    let mut docs: Vec<(&'static str, String)> =
        [("a.md", A), ("b.md", B), ("c.md", C), ("d.md", D)]
            .iter()
            .map(|(rel, text)| (*rel, text.to_string()))
            .collect();
    for (rel, from, to) in edits {
        for (r, text) in &mut docs {
            if r == rel {
                *text = text.replace(from, to);
            }
        }
    }
    docs
}

#[test]
fn every_edit_gives_what_a_fresh_analysis_gives() {
    let plain = SiteConfig::default();
    let mut cache = AnalysisCache::default();
    check(&site(&[]), &plain, &mut cache);
    // A title edit: bodies unchanged, the publication event and evidence from the title change.
    check(
        &site(&[("b.md", "Elections", "Taiwan votes")]),
        &plain,
        &mut cache,
    );
    // Title edits (no told event changes): only the publications are replaced. A date edit
    // moves relative dates, so the told events are read again.
    let republished = cache.events.republished;
    check(
        &site(&[("c.md", "title: Tariffs", "title: Steel tariffs")]),
        &plain,
        &mut cache,
    );
    check(&site(&[]), &plain, &mut cache);
    assert_eq!(cache.events.republished, republished + 2);
    check(
        &site(&[("c.md", "date: 2024-01-01", "date: 2024-01-02")]),
        &plain,
        &mut cache,
    );
    check(&site(&[]), &plain, &mut cache);
    // Title and body edits that file a document under other topics (related topics change),
    // and back: the topic set is updated in place, not built anew.
    let refiled = cache.topics.refiled;
    check(
        &site(&[("d.md", "title: Budget", "title: Taiwan budget")]),
        &plain,
        &mut cache,
    );
    check(
        &site(&[(
            "d.md",
            "hulls starts.",
            "hulls starts. Trade grew; Trade fell.",
        )]),
        &plain,
        &mut cache,
    );
    // More mentions of a topic the document is filed under: its quoted passages change.
    check(
        &site(&[(
            "b.md",
            "Trade with Japan grew.",
            "Trade with Japan grew. Taiwan again.",
        )]),
        &plain,
        &mut cache,
    );
    check(&site(&[]), &plain, &mut cache);
    assert_eq!(cache.topics.refiled, refiled + 4);
    // Only the edited document's terms are counted and its links resolved again (and back).
    let (countings, resolutions) = (cache.related.countings(), cache.links.resolutions());
    check(
        &site(&[(
            "c.md",
            "Exporters of steel complained.",
            "Exporters of steel complained loudly.",
        )]),
        &plain,
        &mut cache,
    );
    assert_eq!(cache.related.countings(), countings + 1);
    assert_eq!(cache.links.resolutions(), resolutions + 1);
    check(&site(&[]), &plain, &mut cache);
    // Body edits with the topics as they were: only what the new wording touches is scored
    // again (c's new words are in no other document; then a word shared with a and d).
    let rescored = cache.related.rescored;
    let republished = cache.events.republished;
    check(
        &site(&[(
            "c.md",
            "Exporters of steel complained.",
            "Exporters of steel complained loudly.",
        )]),
        &plain,
        &mut cache,
    );
    // No date in the edited sentence: the document tells the same events, nothing is merged.
    assert_eq!(cache.events.republished, republished + 1);
    check(
        &site(&[(
            "c.md",
            "Exporters of steel complained.",
            "Exporters of steel complained about procurement.",
        )]),
        &plain,
        &mut cache,
    );
    check(&site(&[]), &plain, &mut cache);
    assert_eq!(cache.related.rescored, rescored + 3);
    // A body edit makes c's wording like a's: a's related documents change.
    let like_a = "Tariff schedules on steel changed on 2 January 2024. Submarine shipyards expand; submarine hulls and shipyard contracts.";
    let edited = site(&[(
        "c.md",
        "Tariff schedules on steel changed on 2 January 2024. Exporters of steel complained.",
        like_a,
    )]);
    check(&edited, &plain, &mut cache);
    // A topic alias in the config: new mentions everywhere.
    let curated = config("[topics.shipbuilding]\ntitle = \"Shipbuilding\"\naliases = [\"shipyards\", \"submarine hulls\"]\n");
    check(&edited, &curated, &mut cache);
    check(&edited, &plain, &mut cache);
    // A deleted document.
    let without_d: Vec<_> = edited
        .iter()
        .filter(|(r, _)| *r != "d.md")
        .cloned()
        .collect();
    check(&without_d, &plain, &mut cache);
    check(&edited, &plain, &mut cache);
    // A link retargeted, then its target deleted (a broken-link warning).
    let relinked = site(&[("a.md", "(c.md)", "(d.md)")]);
    check(&relinked, &plain, &mut cache);
    let broken: Vec<_> = relinked
        .iter()
        .filter(|(r, _)| *r != "d.md")
        .cloned()
        .collect();
    check(&broken, &plain, &mut cache);
    // A link by URL to a slug no document has, then a document takes that slug: the linking
    // document is unchanged, but its link now resolves (the names are part of its input).
    let by_url = site(&[("b.md", "grew.", "grew. See [steel](/steel/).")]);
    check(&by_url, &plain, &mut cache);
    let reslugged = site(&[
        ("b.md", "grew.", "grew. See [steel](/steel/)."),
        ("c.md", "title: Tariffs", "title: Tariffs\nslug: steel"),
    ]);
    let (corpus, _) = analyze(
        reslugged.iter().map(|(rel, text)| doc(rel, text)).collect(),
        &plain,
        AnalyzeOptions::default(),
        &mut AnalysisCache::default(),
    )
    .expect("analyses");
    assert!(
        corpus
            .references
            .iter()
            .flatten()
            .any(|r| r.sentence.contains("steel")),
        "b references c at its new URL"
    );
    check(&reslugged, &plain, &mut cache);
    // A title edit changes no link: the references are the last ones, not assembled anew.
    let before = cache.links.last_references();
    check(
        &site(&[
            ("b.md", "grew.", "grew. See [steel](/steel/)."),
            ("c.md", "title: Tariffs", "title: Tariffs\nslug: steel"),
            ("d.md", "title: Budget", "title: Budgets"),
        ]),
        &plain,
        &mut cache,
    );
    let after = cache.links.last_references();
    assert!(matches!((before, after), (Some(b), Some(a)) if std::sync::Arc::ptr_eq(&b, &a)));
    // A date edit reorders the documents (indices shift).
    check(
        &site(&[("d.md", "2023-06-01", "2024-04-01")]),
        &plain,
        &mut cache,
    );
    // A declared topic appears (topic indices shift) and discovery adds suggestions.
    check(
        &site(&[(
            "d.md",
            "date: 2023-06-01",
            "date: 2023-06-01\ntopics: [Budgets]",
        )]),
        &plain,
        &mut cache,
    );
    check(&site(&[]), &config("[topics]\ndiscover = 3\n"), &mut cache);
    check(
        &site(&[("a.md", "Nagoya", "Kobe")]),
        &config("[topics]\ndiscover = 3\n"),
        &mut cache,
    );
}

#[test]
fn a_one_shot_cache_gives_the_same_corpus_and_keeps_no_step_memo() {
    let parsed: Vec<Document> = site(&[]).iter().map(|(rel, text)| doc(rel, text)).collect();
    let config = SiteConfig::default();
    let options = AnalyzeOptions::default();
    let mut kept = AnalysisCache::default();
    let (fresh, _) = analyze(parsed.clone(), &config, options, &mut kept).expect("analyses");
    let mut one_shot = AnalysisCache::one_shot();
    let (once, _) = analyze(parsed, &config, options, &mut one_shot).expect("analyses");
    assert_eq!(once.topics, fresh.topics);
    assert_eq!(once.doc_topics, fresh.doc_topics);
    assert_eq!(once.related, fresh.related);
    assert_eq!(once.events, fresh.events);
    // The kept cache remembers each step's work; the one-shot one freed it once done.
    let memos = |c: &AnalysisCache| {
        (
            c.discover.added,
            c.topics.searched,
            c.related.countings(),
            c.events.holds_merge(),
        )
    };
    let (added, searched, counted, merge) = memos(&kept);
    assert!(added > 0 && searched > 0 && counted > 0 && merge);
    assert_eq!(memos(&one_shot), (0, 0, 0, false));
}
