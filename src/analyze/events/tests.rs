//! Table tests of event extraction, topic assignment and merging.

use super::merge::key_terms;
use super::*;
use crate::parse::body::{Body, Passage, PassageKind};
use crate::parse::dates::parse_date;
use crate::parse::front_matter::DeclaredEvent;

fn doc(slug: &str, date: Option<&str>, passages: &[&str]) -> Document {
    let mut d = Document::empty_for_tests(slug);
    d.title = format!("Title of {slug}");
    d.date = date.map(|s| parse_date(s).expect("test date"));
    d.body = Body {
        passages: passages
            .iter()
            .enumerate()
            .map(|(i, text)| Passage {
                number: i + 1,
                kind: PassageKind::Paragraph,
                text: (*text).to_string(),
                source_range: 0..0,
                masked: Vec::new(),
                code: Vec::new(),
            })
            .collect(),
        ..Body::default()
    };
    d
}

fn topic(name: &str, documents: &[usize]) -> Topic {
    Topic::named_for_tests(name, documents)
}

/// The alias matcher of a topic list, as analysis builds it.
fn matcher(topics: &[Topic]) -> Matcher {
    let aliases: Vec<Vec<String>> = topics.iter().map(|t| t.aliases.clone()).collect();
    Matcher::new(&aliases)
}

/// Runs the timeline with the topics' matcher; each document's topics in topic order.
fn timeline(documents: &[Document], topics: &[Topic]) -> (Vec<Event>, Vec<Diagnostic>) {
    let mut doc_topics = vec![Vec::new(); documents.len()];
    for (t, topic) in topics.iter().enumerate() {
        for filed in &topic.documents {
            if let Some(list) = doc_topics.get_mut(filed.doc) {
                list.push((t, 1));
            }
        }
    }
    super::timeline(
        documents,
        topics,
        &matcher(topics),
        &doc_topics,
        &mut super::EventsCache::default(),
    )
}

/// `iso kind [sources] snippet-start` for each event, for compact assertions.
fn describe(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            let sources: Vec<String> = e
                .sources
                .iter()
                .map(|s| {
                    format!(
                        "{}{}",
                        s.document,
                        s.anchor().map_or(String::new(), |a| format!("#{a}"))
                    )
                })
                .collect();
            let words: String = e
                .snippet
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            format!(
                "{} {:?} [{}] {words}",
                e.date.iso(),
                e.kind,
                sources.join(",")
            )
        })
        .collect()
}

#[test]
fn a_document_gives_published_declared_extracted_and_planned_events() {
    let mut d = doc(
        "a",
        Some("2024-04-04"),
        &[
            "The exercise took place on April 7. The command opens by March 2025.",
            "No dates here.",
        ],
    );
    d.declared_events = vec![DeclaredEvent {
        date: parse_date("2024-04-10").unwrap(),
        title: "State visit".into(),
        topics: vec![],
        source: None,
    }];
    let (events, warnings) = timeline(&[d], &[]);
    assert!(warnings.is_empty());
    assert_eq!(
        describe(&events),
        [
            "2024-04-04 Published [0] Title of a",
            "2024-04-07 Planned [0#p-1] The exercise took",
            "2024-04-10 Planned [0] State visit",
            "2025-03 Planned [0#p-1] The command opens",
        ]
    );
    assert!(events[3].deadline);
}

#[test]
fn undated_documents_keep_absolute_dates_and_warn_about_relative_ones() {
    let d = doc(
        "u",
        None,
        &["Talks began last month. The treaty of 1951 holds."],
    );
    let (events, warnings) = timeline(&[d], &[]);
    assert_eq!(describe(&events), ["1951 Extracted [0#p-1] The treaty of"]);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].message.contains("Talks began last month."),
        "{}",
        warnings[0].message
    );
    assert!(warnings[0].message.contains("p-1"));
}

#[test]
fn topics_come_from_the_sentence_or_fall_back_to_the_document() {
    let topics = [
        topic("Taiwan", &[0]),
        topic("Command and control", &[0]),
        topic("AI", &[]),
    ];
    let table: &[(&str, &[usize])] = &[
        ("Taiwan held drills in May 2023.", &[0]),
        ("New command and control rules came in 2024.", &[1]),
        ("TAIWAN and Command And Control, 2024.", &[0, 1]),
        ("Taiwanese firms grew in 2022.", &[]),
        ("Said in 2021: AI matters.", &[2]),
        ("The chair (ai) spoke.", &[]), // an all-capitals name matches capitals only
        ("Taipei and maintaining ties.", &[]),
    ];
    for (sentence, expected) in table {
        assert_eq!(
            topics_in_sentence(sentence, &matcher(&topics)),
            *expected,
            "{sentence}"
        );
    }
    let d = doc(
        "a",
        Some("2024-01-01"),
        &["Nothing topical happened in 2022."],
    );
    let (events, _) = timeline(&[d], &topics);
    assert_eq!(
        events[0].topics,
        [0, 1],
        "the extracted event falls back to the document's topics"
    );
}

#[test]
fn merging_joins_the_same_happening_across_documents() {
    // (sentence of document 0, sentence of document 1, merged?)
    let table: &[(&str, &str, bool)] = &[
        (
            "Kishida made his first visit to Washington as leader on January 13, 2023.",
            "Kishida’s visit to Washington on January 13, 2023 drew crowds as first leader trip.",
            true,
        ),
        (
            "Kishida made his first visit to Washington as leader in January 2023.",
            "On January 13, 2023, Kishida visited Washington, his first visit as leader.",
            true,
        ),
        (
            "Japan will set up a joint operations command by March 2025.",
            "The joint operations command is due by March 2025 in Japan.",
            true,
        ),
        (
            "Kishida made his first visit to Washington as leader on January 13, 2023.",
            "Kishida made his first visit to Washington as leader on January 20, 2023.",
            false,
        ),
        (
            "The G7 summit met in Hiroshima in May 2023.",
            "Markets in Tokyo fell in May 2023.",
            false,
        ),
        (
            "The joint command opens in 2025 in Tokyo.",
            "The joint command opens on March 3, 2025 in Tokyo.",
            false,
        ),
        // Ranges: the same stretch merges, overlapping stretches do not (the merged event
        // shows one date for every source).
        (
            "Between 2009 and 2012 the coastal patrol programme trained crews in Okinawa.",
            "The coastal patrol programme trained crews in Okinawa between 2009 and 2012.",
            true,
        ),
        (
            "Between 2009 and 2012 the coastal patrol programme trained crews in Okinawa.",
            "The coastal patrol programme trained crews in Okinawa from 2009 to 2011.",
            false,
        ),
        (
            "The coastal patrol programme trained crews in Okinawa between 2009 and 2012.",
            "The coastal patrol programme trained crews in Okinawa in 2010.",
            false,
        ),
    ];
    for (a, b, merged) in table {
        let docs = [
            doc("a", Some("2024-06-01"), &[a]),
            doc("b", Some("2024-06-02"), &[b]),
        ];
        let (events, _) = timeline(&docs, &[]);
        let told: Vec<&Event> = events
            .iter()
            .filter(|e| e.kind != EventKind::Published)
            .collect();
        let expected = if *merged { 1 } else { 2 };
        assert_eq!(told.len(), expected, "{a} / {b}: {:#?}", describe(&events));
        if *merged {
            assert_eq!(told[0].sources.len(), 2);
        }
    }
}

#[test]
fn merging_keeps_the_most_precise_date_and_never_joins_one_document_with_itself() {
    let docs = [
        doc("a", Some("2024-06-01"), &["Kishida made his first visit to Washington as leader in January 2023."]),
        doc(
            "b",
            Some("2024-06-02"),
            &["Kishida made his first visit to Washington as leader on January 13, 2023. Kishida made his first visit to Washington as leader in January 2023."],
        ),
    ];
    let (events, _) = timeline(&docs, &[]);
    let told: Vec<String> = describe(&events)
        .into_iter()
        .filter(|e| !e.contains("Published"))
        .collect();
    assert_eq!(
        told,
        [
            "2023-01 Extracted [1#p-1] Kishida made his",
            "2023-01-13 Extracted [0#p-1,1#p-1] Kishida made his",
        ]
    );
}

#[test]
fn output_is_sorted_oldest_first_and_deterministic() {
    let docs = [
        doc(
            "a",
            Some("2024-06-01"),
            &["In 2020 it began. In March 2021 it grew."],
        ),
        doc("b", Some("2023-01-01"), &["On May 5, 2019 it was planned."]),
    ];
    let (first, _) = timeline(&docs, &[]);
    let (second, _) = timeline(&docs, &[]);
    assert_eq!(first, second);
    let dates: Vec<String> = first.iter().map(|e| e.date.iso()).collect();
    assert_eq!(
        dates,
        ["2019-05-05", "2020", "2021-03", "2023-01-01", "2024-06-01"]
    );
}

#[test]
fn long_sentences_are_cut_at_a_word() {
    let long = format!("{} in 2020.", "word ".repeat(200));
    let s = snippet(&long);
    assert!(
        s.ends_with('…') && s.chars().count() <= SNIPPET_CHARS + 1,
        "{s}"
    );
}

#[test]
fn key_terms_are_stemmed_content_words() {
    let terms: Vec<String> = key_terms("Kishida’s visits to Washington in January were visited")
        .into_iter()
        .collect();
    assert_eq!(terms, ["kishida", "visit", "washington"]);
}

/// `n` told events, one per document, all in March 2020 (one period: the worst case for
/// bucketing by date): every three tell one happening in three words of their own, and each
/// adds two words drawn (a fixed linear congruential sequence) from a small shared vocabulary,
/// so that most pairs of events share a word, but only the tellings of one happening share
/// enough to merge.
fn synthetic_told(n: usize) -> Vec<Told> {
    let word = |mut k: usize, prefix: &str| {
        let mut w = prefix.to_string();
        for _ in 0..4 {
            w.push(char::from(b'a' + (k % 18) as u8));
            k /= 18;
        }
        w
    };
    let mut state: u64 = 42;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let date = EventDate::single(parse_date("2020-03").expect("test date"));
    (0..n)
        .map(|d| {
            let happening = d / 3;
            let mut words: Vec<String> = (0..3).map(|k| word(happening * 3 + k, "hz")).collect();
            words.extend((0..2).map(|_| word(next() % 30, "vq")));
            let snippet = words.join(" ");
            let event = Event {
                date,
                kind: EventKind::Extracted,
                deadline: false,
                sources: vec![EventSource {
                    document: d,
                    passage: Some(1),
                    snippet: snippet.clone(),
                }],
                snippet,
                topics: Vec::new(),
            };
            Told::new(event, "")
        })
        .collect()
}

#[test]
fn merging_work_grows_linearly_with_the_events() {
    let (small, small_work) = super::merge::merge_counted(&synthetic_told(3_000));
    let (large, large_work) = super::merge::merge_counted(&synthetic_told(6_000));
    // Every happening's three tellings are one event.
    assert_eq!(small.len(), 1_000);
    assert_eq!(large.len(), 2_000);
    assert!(large.iter().all(|e| e.sources.len() == 3));
    assert!(
        small_work > 3_000,
        "the test must make the merge compare: {small_work}"
    );
    assert!(
        large_work * 10 <= small_work * 22,
        "twice the events cost {large_work} comparisons against {small_work}"
    );
}

#[test]
fn a_happening_told_in_several_sentences_of_a_document_is_one_event() {
    let topics = [topic("Taiwan", &[0]), topic("Trade", &[0])];
    let d = doc(
        "week",
        Some("2024-05-15"),
        &[
            "This week the talks opened. Delegates arrived this week.",
            "This week Taiwan and trade officials met in Taipei to sign the accord.",
            "Prices fell this week. The accord was signed this week, officials said.",
            // A chronology: one year, two happenings, and one of them told twice.
            "In 2020 the first round of Geneva talks failed over ministers. Budgets grew in 2020.",
            "The 2020 Geneva round of talks failed, ministers said.",
        ],
    );
    let (events, _) = timeline(&[d], &topics);
    assert_eq!(
        describe(&events),
        [
            "2020 Extracted [0#p-4] Budgets grew in",
            "2020 Extracted [0#p-4] In 2020 the",
            "2024-05-09/2024-05-15 Extracted [0#p-2] This week Taiwan",
            "2024-05-15 Published [0] Title of week",
        ]
    );
    // The best sentence names both topics; no other sentence names one.
    assert_eq!(events[2].topics, [0, 1]);
    assert_eq!(events[2].sources.len(), 1);
    assert!(events[1].snippet.contains("first round"), "{:?}", events[1]);
}

#[test]
fn no_events_from_inline_code_code_blocks_paths_or_copyright_lines() {
    let d = crate::parse::parsed_for_tests(
        "a.md",
        "---\ndate: 2024-04-04\n---\nRun `deploy --since 2019` and open `/2008/2012/` now.\n\n\
         ```\nreleased in 2015\n```\n\nThe file report-2010_2012.pdf is old.\n\n© 2025 Example Corp.\n\n\
         Copyright 2019-2024 The Authors.\n\nThe summit met in May 2023.\n",
    );
    let (events, _) = timeline(&[d], &[]);
    let told: Vec<String> = describe(&events)
        .into_iter()
        .filter(|e| !e.contains("Published"))
        .collect();
    assert_eq!(told, ["2023-05 Extracted [0#p-5] The summit met"]);
}

fn publication(document: usize, date: &str, title: &str) -> Event {
    Event {
        date: EventDate::single(parse_date(date).expect("test date")),
        kind: EventKind::Published,
        deadline: false,
        snippet: title.into(),
        sources: vec![EventSource {
            document,
            passage: None,
            snippet: title.into(),
        }],
        topics: Vec::new(),
    }
}

#[test]
fn replacing_publications_in_place_gives_the_events_a_fresh_assembly_gives() {
    let told = |date: &str, words: &str| Event {
        kind: EventKind::Extracted,
        ..publication(9, date, words)
    };
    let merged = vec![
        told("2024-01-01", "Talks."),
        told("2024-02-01", "Budget."),
        told("2024-03-01", "Vote."),
    ];
    let dates = [
        "2024-01-01",
        "2024-02-01",
        "2024-02-01",
        "2024-03-01",
        "2024-04-01",
    ];
    let base: Vec<Option<Event>> = dates
        .iter()
        .enumerate()
        .map(|(d, date)| Some(publication(d, date, &format!("Title {d}"))))
        .collect();
    let edits: Vec<(usize, Option<Event>)> = vec![
        // A title edit (it moves among the events of its day), back and forth.
        (1, Some(publication(1, "2024-02-01", "A new title"))),
        (2, Some(publication(2, "2024-02-01", "Zz last title"))),
        // A date edit to earlier, to later, to the same day as another's.
        (3, Some(publication(3, "2023-12-01", "Title 3"))),
        (0, Some(publication(0, "2024-05-01", "Title 0"))),
        (4, Some(publication(4, "2024-02-01", "Title 1"))),
        // A date removed, and one added.
        (1, None),
    ];
    for (d, new) in edits {
        let mut changed = base.clone();
        changed[d] = new.clone();
        let forth = vec![(d, base[d].clone())];
        let republished = republish(assemble(merged.clone(), &base), forth, &changed);
        assert_eq!(
            republished,
            assemble(merged.clone(), &changed),
            "document {d} becomes {new:?}"
        );
        let back = republish(republished, vec![(d, new)], &base);
        assert_eq!(back, assemble(merged.clone(), &base), "document {d} back");
    }
}

#[test]
fn a_kept_publication_is_one_the_document_still_publishes_and_only_then() {
    let dated = doc("a", Some("2024-03-05"), &[]);
    let undated = doc("b", None, &[]);
    let matcher = Matcher::default();
    let names = TopicNames::new(&[], &matcher);
    let context = |index, doc, fallback| DocContext {
        index,
        doc,
        names: &names,
        fallback,
    };
    let (a, b) = (
        context(0, &dated, &[1, 2][..]),
        context(1, &undated, &[][..]),
    );
    let mine = a.published();
    assert!(a.publishes(mine.as_ref()));
    assert!(b.publishes(None) && !b.publishes(mine.as_ref()) && !a.publishes(None));
    // Each thing a publication is made of tells it apart: position, title, date, topics.
    let mut retitled = dated.clone();
    retitled.title = "Another title".into();
    let mut redated = dated.clone();
    redated.date = parse_date("2024-03-06").ok();
    for other in [
        context(2, &dated, &[1, 2][..]),
        context(0, &retitled, &[1, 2][..]),
        context(0, &redated, &[1, 2][..]),
        context(0, &dated, &[2][..]),
    ] {
        assert!(!other.publishes(mine.as_ref()), "{:?}", other.published());
        assert!(other.publishes(other.published().as_ref()));
    }
    // Keeping the last run's publications gives what making them all anew gives.
    let contexts = [a, b];
    let fresh: Vec<Option<Event>> = contexts.iter().map(DocContext::published).collect();
    let last = vec![context(0, &retitled, &[1, 2][..]).published(), None];
    let (kept, changes) = publish(&contexts, last.clone());
    assert_eq!(kept, fresh);
    assert_eq!(changes, Some(vec![(0, last[0].clone())]));
    assert_eq!(publish(&contexts, Vec::new()), (fresh, None));
}
