//! Unit tests of discovery over small documents: candidates, merging, rejection.

use super::*;

fn doc(rel: &str, text: &str) -> Document {
    crate::parse::parsed_for_tests(rel, text)
}

fn names(found: &[Discovered]) -> Vec<&str> {
    found.iter().map(|d| d.name.as_str()).collect()
}

fn found(texts: &[&str]) -> Vec<Discovered> {
    let docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| doc(&format!("d{i}.md"), t))
        .collect();
    discover(&docs, &Matcher::default())
}

/// Discovery over two documents of `text` and three unrelated ones (so that what the two
/// share is in fewer than half of the documents).
fn found_in_two(text: &str) -> Vec<Discovered> {
    found(&[
        text,
        text,
        "Unrelated text about rivers and rivers.",
        "More about lakes and lakes.",
        "Football again and football.",
    ])
}

/// Discovery over `documents` with a new cache (a build) and no site options.
fn discover(documents: &[Document], existing: &Matcher) -> Vec<Discovered> {
    DiscoverCache::default().discover(documents, existing, &DiscoverOptions::default())
}

/// Discovery over `documents` with a new cache under `options`, no topics known.
fn discover_under(documents: &[Document], options: &DiscoverOptions) -> Vec<Discovered> {
    DiscoverCache::default().discover(documents, &Matcher::default(), options)
}

fn topic<'a>(found: &'a [Discovered], name: &str) -> Option<&'a Discovered> {
    found.iter().find(|d| d.name == name)
}

/// Asserts that the topic lists `alias` among its aliases.
fn assert_alias(topic: &Discovered, alias: &str) {
    assert!(
        topic.aliases.iter().any(|a| a == alias),
        "{alias} not in {:?}",
        topic.aliases
    );
}

#[test]
fn concepts_in_lower_case_are_found_and_plurals_merge() {
    let f = found(&[
        "Supply chains matter. Resilient supply chains need data protection, and data protection needs care.",
        "A supply chain broke; the supply chain for chips. Nothing on privacy here.",
        "Weather was fine. Birds sang. Nothing else.",
        "Other news entirely, about football and about football.",
    ]);
    let chain = topic(&f, "Supply chain").expect("supply chain found");
    assert_eq!(chain.documents, [0, 1]);
    assert!(
        chain
            .aliases
            .iter()
            .any(|a| a.eq_ignore_ascii_case("supply chains")),
        "{:?}",
        chain.aliases
    );
    assert!(
        !names(&f)
            .iter()
            .any(|n| n.eq_ignore_ascii_case("supply chains")),
        "{:?}",
        names(&f)
    );
}

#[test]
fn whole_names_with_and_and_of_are_kept() {
    let text = "The Ministry of Electronics and Information Technology ruled. Again the Ministry of Electronics and Information Technology spoke.";
    let f = found(&[
        text,
        text,
        "Unrelated text about rivers.",
        "More about lakes.",
    ]);
    let n = names(&f);
    assert!(
        n.contains(&"Ministry of Electronics and Information Technology"),
        "{n:?}"
    );
    assert!(!n.contains(&"Ministry of Electronics"), "{n:?}");
    assert!(!n.contains(&"Information Technology"), "{n:?}");
}

#[test]
fn two_names_joined_by_and_stay_two() {
    let f = found(&[
        "Kishida met Biden. Later Kishida and Biden spoke, and Kishida and Biden agreed.",
        "Kishida and Biden again; Kishida and Biden.",
        "Biden alone went on, and Biden spoke. Kishida alone, as Kishida said.",
        "Nothing here about rivers.",
    ]);
    assert!(
        !names(&f).iter().any(|n| n.contains(" and ")),
        "{:?}",
        names(&f)
    );
}

#[test]
fn nothing_from_code_urls_paths_or_template_syntax() {
    let text = "Set `Zion National Park` in `VERSION`.\n\n```\nZion National Park\nZion National Park\n```\n\nSee https://example.org/Zion/National_Park and content/Zion/Park.md, {{< figure src=\"Zion National Park\" >}}.\n\n{{< legacy-img src=\"a.jpg\" >}} and {{< legacy-img src=\"b.jpg\" >}} and {% include Zion National Park %}.";
    let f = found(&[text, text, "Unrelated.", "Unrelated too."]);
    let n = names(&f);
    assert!(
        !n.iter().any(|x| x.contains("Zion")
            || x.contains("VERSION")
            || x.contains("example")
            || x.contains("egacy")),
        "{n:?}"
    );
}

#[test]
fn acronyms_merge_with_their_expansion() {
    let f = found(&[
        "The Right to Information (RTI) law passed. RTI requests grew.",
        "Filing RTIs is easy; RTI officers reply.",
        "Unrelated text about rivers.",
        "More about lakes.",
    ]);
    let rti = topic(&f, "Right to Information").expect("titled by its expansion");
    assert_eq!(rti.documents, [0, 1]);
    for alias in ["RTI", "RTIs"] {
        assert_alias(rti, alias);
    }
    assert_eq!(
        f.iter()
            .filter(|d| d.aliases.iter().any(|a| a.starts_with("RTI")))
            .count(),
        1
    );
}

#[test]
fn an_expansion_never_starts_with_a_connector() {
    let f = found(&[
        "The Office of Management and Budget (OMB) ruled. OMB met the Right to Information (RTI) panel.",
        "OMB spoke to RTI officers; OMB wrote, and RTI agreed.",
        "Unrelated text about rivers.",
        "More about lakes.",
    ]);
    let n = names(&f);
    assert!(n.contains(&"Office of Management and Budget"), "{n:?}");
    assert!(n.contains(&"Right to Information"), "{n:?}");
}

#[test]
fn an_expansion_in_lower_case_titles_in_sentence_case() {
    let f = found(&[
        "We shipped a minimum viable product (MVP) first. The MVP grew.",
        "Each MVP taught us; an MVP is small.",
        "Unrelated text about rivers.",
        "More about lakes.",
    ]);
    assert!(
        topic(&f, "Minimum viable product").is_some(),
        "{:?}",
        names(&f)
    );
}

#[test]
fn three_spellings_of_a_person_are_one_topic() {
    let f = found(&[
        "Prime Minister Fumio Kishida spoke, and later Kishida said more; then Kishida left.",
        "Fumio Kishida arrived. Then Kishida spoke again, as Kishida does.",
        "Kishida Fumio, as Japanese sources write it, met the team of Fumio Kishida.",
        "Unrelated text about rivers.",
        "More about lakes.",
    ]);
    let n = names(&f);
    assert!(n.contains(&"Fumio Kishida"), "{n:?}");
    assert!(
        !n.contains(&"Kishida") && !n.contains(&"Kishida Fumio"),
        "{n:?}"
    );
    let person = topic(&f, "Fumio Kishida").unwrap();
    assert_alias(person, "Kishida Fumio");
}

#[test]
fn a_place_does_not_join_a_longer_place_name() {
    let f = found(&[
        "Elections in Taiwan went well, and in Taiwan again. The Taiwan Strait is narrow.",
        "Crossings of the Taiwan Strait; tension in the Taiwan Strait over Taiwan.",
        "Exports from Taiwan grew, as Taiwan planned.",
        "Unrelated text about rivers.",
        "More about lakes.",
    ]);
    let n = names(&f);
    assert!(
        n.contains(&"Taiwan") && n.contains(&"Taiwan Strait"),
        "{n:?}"
    );
}

#[test]
fn generic_words_boilerplate_and_the_site_name_are_rejected() {
    let mut texts: Vec<String> = (0..10)
        .map(|i| format!("Read the Article here. Acme Policy Watch reports on topic {i}. Acme Policy Watch again. Page one."))
        .collect();
    texts.push("The deterrence of war; about deterrence. Acme Policy Watch.".into());
    texts.push("On deterrence, and nuclear deterrence. The Article and the Page.".into());
    let docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| doc(&format!("d{i}.md"), t))
        .collect();
    let options = DiscoverOptions {
        site_title: "Policy Notes".into(),
        ..DiscoverOptions::default()
    };
    let f = discover_under(&docs, &options);
    let n = names(&f);
    assert!(n.contains(&"Deterrence"), "{n:?}");
    for rejected in ["Article", "Page", "Acme Policy Watch"] {
        assert!(!n.contains(&rejected), "{rejected} in {n:?}");
    }
    let site = DiscoverOptions {
        site_title: "Deterrence".into(),
        ..DiscoverOptions::default()
    };
    let f = discover_under(&docs, &site);
    assert!(!names(&f).contains(&"Deterrence"), "the site's own name");
    let excluded = DiscoverOptions {
        exclude: vec!["deterrence".into()],
        ..DiscoverOptions::default()
    };
    let f = discover_under(&docs, &excluded);
    assert!(!names(&f).contains(&"Deterrence"), "`exclude` hides it");
}

#[test]
fn known_topics_are_not_found_again() {
    let docs = vec![
        doc(
            "a.md",
            "AUKUS grew. AUKUS again. Camp David mattered, Camp David.",
        ),
        doc("b.md", "AUKUS again. Camp David again."),
    ];
    let existing = Matcher::new(&[vec!["AUKUS".into()]]);
    let n: Vec<String> = discover(&docs, &existing)
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(n, ["Camp David"]);
}

#[test]
fn extraction_is_memoized_per_document() {
    let mut docs = vec![
        doc("a.md", "The deterrence of war; about deterrence."),
        doc("b.md", "On deterrence, and nuclear deterrence."),
    ];
    let mut cache = DiscoverCache::default();
    let first = cache.terms(&docs);
    docs[1] = doc("b.md", "On coercion, and economic coercion.");
    let second = cache.terms(&docs);
    assert!(
        Arc::ptr_eq(&first[0], &second[0]),
        "unchanged document kept"
    );
    assert!(
        !Arc::ptr_eq(&first[1], &second[1]),
        "edited document read again"
    );
}

#[test]
fn an_edit_updates_the_added_up_candidates_as_a_fresh_run_finds_them() {
    let texts = [
        "Supply chains matter. Resilient supply chains need data protection, and data protection needs care. The Quad met.",
        "A supply chain broke; the supply chain for chips. The Quad and the QUAD again.",
        "Data protection rules, data protection laws. President Joe Biden spoke.",
        "Joe Biden and Biden again on supply chains and supply chains.",
        "Nothing shared at all here.",
    ];
    let mut docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| doc(&format!("d{i}.md"), t))
        .collect();
    let mut cache = DiscoverCache::default();
    let options = DiscoverOptions::default();
    let first = cache.discover(&docs, &Matcher::default(), &options);
    assert_eq!(first, discover(&docs, &Matcher::default()));
    let edits = [
        (0, "Nothing left of it. The Quad met."),
        (
            2,
            "Data protection rules, data protection laws, and supply chains, supply chains.",
        ),
        (0, texts[0]),
        (4, "Now the Quad, the Quad; and President Biden."),
    ];
    for (d, text) in edits {
        docs[d] = doc(&format!("d{d}.md"), text);
        let added = cache.added;
        let cached = cache.discover(&docs, &Matcher::default(), &options);
        assert_eq!(
            cached,
            discover(&docs, &Matcher::default()),
            "after editing d{d}"
        );
        assert_eq!(cache.added, added + 1, "only d{d} is added up again");
    }
}

#[test]
fn the_site_named_by_its_host_is_no_topic_even_without_a_title() {
    // Posts of a site called after its domain, which they link to by absolute URL.
    let texts: Vec<String> = (0..6)
        .map(|i| format!("Talk {i} is hosted by DigitalGov; the DigitalGov team and DigitalGov staff spoke. See [the guide](https://digital.gov/guides/{i}/) on accessibility and accessibility, and [a file](https://s3.amazonaws.com/f{i}.pdf)."))
        .collect();
    let docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| doc(&format!("d{i}.md"), t))
        .chain((6..14).map(|i| {
            doc(
                &format!("d{i}.md"),
                "Unrelated notes on rivers; [a file](https://s3.amazonaws.com/x.pdf).",
            )
        }))
        .collect();
    let n = |options: &DiscoverOptions| {
        discover_under(&docs, options)
            .into_iter()
            .map(|d| d.name)
            .collect::<Vec<_>>()
    };
    let found = n(&DiscoverOptions::default());
    assert!(!found.contains(&"DigitalGov".to_string()), "{found:?}");
    assert!(found.iter().any(|t| t == "Accessibility"), "{found:?}");
    // Named by `base_url` alone.
    let unlinked: Vec<Document> = docs
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.body.links.clear();
            d
        })
        .collect();
    let with_host = DiscoverOptions {
        base_url: "https://www.digital.gov/".into(),
        ..DiscoverOptions::default()
    };
    let names_of = |options: &DiscoverOptions| {
        discover_under(&unlinked, options)
            .into_iter()
            .map(|d| d.name)
            .collect::<Vec<_>>()
    };
    let plain = names_of(&DiscoverOptions::default());
    assert!(plain.contains(&"DigitalGov".to_string()), "{plain:?}");
    assert!(!names_of(&with_host).contains(&"DigitalGov".to_string()));
}

#[test]
fn a_name_led_by_an_acronym_is_not_cut_into_a_fragment() {
    let f = found(&[
        "At the moment, U.S. Forces Japan is a command led by a general without authority; the plan will increase what U.S. Forces Japan can do.",
        "It remains to be seen whether the upgraded U.S. Forces Japan will be led by a new commander for the time being.",
        "Rivers and lakes, then more rivers.",
        "Football news and football.",
    ]);
    let n = names(&f);
    assert!(!n.contains(&"Forces Japan"), "{n:?}");
    assert!(n.iter().any(|t| t.ends_with("Forces Japan")), "{n:?}");
}

#[test]
fn edits_of_links_and_credits_update_the_rejected_names_as_a_fresh_run() {
    // The site's own name is rejected once a tenth of the documents (and two) link to its
    // host, and a publisher's name is never a topic: both are counted per document, so an
    // edit that adds or removes a link or a credit must give what a fresh run gives.
    let talk = |i: usize, linked: bool, credit: &str| {
        let link = match linked {
            true => format!(" See [the guide](https://digital.gov/guides/{i}/)."),
            false => String::new(),
        };
        format!("---\ntitle: Talk {i}\n{credit}---\nTalk {i} is hosted by DigitalGov; the DigitalGov team and DigitalGov staff spoke on accessibility and accessibility, with Rivera Labs and Rivera Labs.{link}\n")
    };
    let mut docs: Vec<Document> = (0..6)
        .map(|i| doc(&format!("d{i}.md"), &talk(i, false, "")))
        .chain((6..14).map(|i| doc(&format!("d{i}.md"), "Unrelated notes on rivers.")))
        .collect();
    let mut cache = DiscoverCache::default();
    let options = DiscoverOptions::default();
    let run = |cache: &mut DiscoverCache, docs: &[Document]| {
        let cached = cache.discover(docs, &Matcher::default(), &options);
        assert_eq!(cached, discover(docs, &Matcher::default()));
        cached.into_iter().map(|d| d.name).collect::<Vec<_>>()
    };
    let first = run(&mut cache, &docs);
    assert!(first.contains(&"DigitalGov".to_string()), "{first:?}");
    assert!(first.contains(&"Rivera Labs".to_string()), "{first:?}");
    docs[0] = doc("d0.md", &talk(0, true, ""));
    run(&mut cache, &docs);
    docs[1] = doc("d1.md", &talk(1, true, "publisher: Rivera Labs\n"));
    let linked = run(&mut cache, &docs);
    assert!(!linked.contains(&"DigitalGov".to_string()), "{linked:?}");
    assert!(!linked.contains(&"Rivera Labs".to_string()), "{linked:?}");
    docs[1] = doc("d1.md", &talk(1, false, ""));
    let unlinked = run(&mut cache, &docs);
    assert!(unlinked.contains(&"DigitalGov".to_string()), "{unlinked:?}");
    assert!(
        unlinked.contains(&"Rivera Labs".to_string()),
        "{unlinked:?}"
    );
}

#[test]
fn verbs_modifiers_and_linking_phrases_are_no_topics() {
    let text = "Ministries want to reallocate grants for semiconductors, and banks would reallocate loans. \
        So agencies reallocate; so cities reallocate. Towns try to reallocate more. \
        The evidence remains thin, and support remains thin; short-term plans meet short-term budgets. \
        Exports of semiconductors grew, and the semiconductors went to ports. \
        Budgets went to cyber-security. Ports lack cyber-security.";
    let f = found_in_two(text);
    let n = names(&f);
    assert!(n.contains(&"Semiconductors"), "{n:?}");
    assert!(n.contains(&"Cyber-security"), "{n:?}");
    for noise in [
        "Reallocate",
        "Short-term",
        "Remains thin",
        "Evidence remains thin",
    ] {
        assert!(!n.contains(&noise), "{noise} in {n:?}");
    }
}

#[test]
fn an_edit_that_leaves_every_candidate_as_it_was_reuses_the_last_topics() {
    let texts = [
        "---\ntitle: One\n---\nSupply chains matter. Resilient supply chains need data protection, and data protection needs care.",
        "---\ntitle: Two\n---\nA supply chain broke; the supply chain for chips. Data protection rules, data protection laws.",
        "---\ntitle: Three\n---\nNothing shared at all here.",
    ];
    let mut docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| doc(&format!("d{i}.md"), t))
        .collect();
    let config = TopicsConfig::default();
    let options = DiscoverOptions::default();
    let mut cache = DiscoverCache::default();
    let run = |cache: &mut DiscoverCache, docs: &[Document]| {
        let (matcher, known) = cache.known_names(&Declared::of(docs), &config);
        let options = DiscoverOptions {
            known,
            ..options.clone()
        };
        let cached = cache.discover(docs, &matcher, &options);
        let fresh = DiscoverCache::default().discover(docs, &matcher, &options);
        assert_eq!(cached, fresh);
        cached
    };
    let first = run(&mut cache, &docs);
    assert!(!first.is_empty());
    let steps = cache.corpus_steps;
    // Another title of no candidate's words: the same candidates, the step is not run again.
    docs[2] = doc("d2.md", &texts[2].replace("Three", "3"));
    assert_eq!(run(&mut cache, &docs), first);
    assert_eq!(cache.corpus_steps, steps, "nothing added up changed");
    // New candidates: the step runs again.
    docs[2] = doc(
        "d2.md",
        "---\ntitle: 3\n---\nData protection again, and data protection; supply chains.",
    );
    run(&mut cache, &docs);
    assert_eq!(cache.corpus_steps, steps + 1);
    // Other options: again, though no candidate changed.
    let other = DiscoverOptions {
        exclude: vec!["data protection".into()],
        ..options.clone()
    };
    let (matcher, known) = cache.known_names(&Declared::of(&docs), &config);
    let other = DiscoverOptions { known, ..other };
    assert_eq!(
        cache.discover(&docs, &matcher, &other),
        DiscoverCache::default().discover(&docs, &matcher, &other)
    );
    assert_eq!(cache.corpus_steps, steps + 2);
}

#[test]
fn names_led_by_a_generic_word_stay_whole() {
    let text = "Staff of the General Services Administration met. The General Services Administration \
        agreed, and the Federal Election Commission spoke twice; the Federal Election Commission voted. \
        New Zealand joined, as New Zealand does. The Department of the Interior wrote to the \
        Department of the Interior.";
    let f = found_in_two(text);
    let n = names(&f);
    for whole in [
        "General Services Administration",
        "Federal Election Commission",
        "New Zealand",
        "Department of the Interior",
    ] {
        assert!(n.contains(&whole), "{whole} not in {n:?}");
    }
    assert!(!n.contains(&"Services Administration"), "{n:?}");
}

#[test]
fn contractions_are_no_candidates() {
    let text = "The database doesn’t know, and it doesn't care. Rules aren’t plain, rules don’t \
        bend, rules won't. Exports of semiconductors, and imports of semiconductors.";
    let f = found_in_two(text);
    let n = names(&f);
    assert!(n.contains(&"Semiconductors"), "{n:?}");
    for part in ["Doesn", "Aren", "Don", "Won"] {
        assert!(!n.contains(&part), "{part} in {n:?}");
    }
}

#[test]
fn phrases_never_cut_a_hyphenated_compound() {
    let text = "We practise user-centered design, and human-centered design, in user-centered \
        design reviews; human-centered design wins.";
    let f = found_in_two(text);
    let n = names(&f);
    assert!(!n.contains(&"Centered design"), "{n:?}");
    assert!(
        n.iter()
            .any(|t| t.eq_ignore_ascii_case("user-centered design")),
        "{n:?}"
    );
}

#[test]
fn a_phrase_also_written_with_a_hyphen_is_still_a_phrase() {
    let f = found(&[
        "The defense-industrial agenda, the defense-industrial ties, the defense-industrial base.",
        "A defense industry. The defense-industrial plans, the defense-industrial links.",
        "Unrelated text about rivers.",
        "More about lakes.",
        "Football again and football.",
    ]);
    assert!(topic(&f, "Defense industry").is_some(), "{:?}", names(&f));
}

#[test]
fn a_verb_after_a_plural_subject_is_no_topic() {
    let text = "Online, users interact with forms and visitors interact with maps; \
        residents interact with portals, and citizens interact with agencies. \
        Good portals help, and portals need care.";
    let f = found_in_two(text);
    let n = names(&f);
    assert!(n.contains(&"Portals"), "{n:?}");
    for noise in ["Interact", "Users interact", "Visitors interact"] {
        assert!(!n.contains(&noise), "{noise} in {n:?}");
    }
}

#[test]
fn a_plural_of_a_common_word_is_as_generic_as_the_word() {
    let text = "New technologies reach platforms; the technologies and the platforms grew. \
        Audiences like platforms, and audiences like technologies. \
        Semiconductors need supply chains; the semiconductors and the supply chains. \
        Internet shutdowns hurt, and internet shutdowns spread.";
    let f = found_in_two(text);
    let n = names(&f);
    for kept in ["Semiconductors", "Supply chains", "Internet shutdowns"] {
        assert!(n.contains(&kept), "{kept} not in {n:?}");
    }
    for generic in ["Technologies", "Platforms", "Audiences"] {
        assert!(!n.contains(&generic), "{generic} in {n:?}");
    }
}

#[test]
fn a_mixed_case_acronym_pairs_with_its_expansion() {
    let f = found(&[
        "The Department of Defense (DoD) buys drones. DoD contracts grew.",
        "DoD budgets rose; the DoD said so.",
        "McCain spoke twice. McCain left.",
        "Unrelated text about rivers.",
        "More about lakes.",
    ]);
    let dod = topic(&f, "Department of Defense").expect("titled by its expansion");
    assert_eq!(dod.documents, [0, 1]);
    assert_alias(dod, "DoD");
    assert_eq!(
        f.iter()
            .filter(|d| d.aliases.iter().any(|a| a == "DoD"))
            .count(),
        1,
        "{:?}",
        names(&f)
    );
    assert!(
        f.iter()
            .all(|d| d.kind != Kind::Acronym || d.name != "McCain"),
        "{f:?}"
    );
}

#[test]
fn an_acronym_the_documents_use_far_more_titles_the_topic() {
    let f = found(&[
        "The National Aeronautics and Space Administration (NASA) flies probes. Then NASA said so.",
        "Probes from NASA went far; the data of NASA helps.",
        "Rockets by NASA rise, and the budget of NASA grows.",
        "Images from NASA, and maps from NASA.",
        "Unrelated text about rivers.",
        "More about lakes.",
        "Football again.",
        "Cricket again.",
        "Tennis again.",
    ]);
    let nasa = topic(&f, "NASA").expect("titled by its acronym");
    assert!(
        nasa.aliases
            .iter()
            .any(|a| a == "National Aeronautics and Space Administration"),
        "{:?}",
        nasa.aliases
    );
    assert!(nasa.documents.len() >= 3, "{:?}", nasa.documents);
}

#[test]
fn an_acronym_pairs_with_the_topic_its_initials_spell_where_both_are_used() {
    let ux = "Good user experience matters; user experience research helps. UX teams test, and UX grows.";
    let f = found(&[
        ux,
        ux,
        ux,
        "DC offices open. DC staff commute to DC.",
        "DC streets are busy, DC traffic too.",
        "DC parks and DC museums.",
        "A data center cools servers; the data center hums.",
        "Each data center needs power; data center costs rise.",
        "A new data center and an old data center.",
        "Unrelated text about rivers.",
        "More about lakes.",
    ]);
    let topic_ux = topic(&f, "User experience").expect("titled by its words");
    assert!(
        topic_ux.aliases.iter().any(|a| a == "UX"),
        "{:?} {:?}",
        topic_ux.aliases,
        names(&f)
    );
    assert!(topic(&f, "UX").is_none(), "{:?}", names(&f));
    let dc = topic(&f, "DC").expect("DC stays apart");
    assert!(
        !dc.aliases
            .iter()
            .any(|a| a.eq_ignore_ascii_case("data center")),
        "{:?}",
        dc.aliases
    );
    assert!(topic(&f, "Data center").is_some(), "{:?}", names(&f));
}

#[test]
fn verb_forms_are_no_aliases_of_a_noun_topic() {
    let text = "The redesign of the site took months; a redesign needs tests. \
        Our redesign and their redesigns. The agency redesigned its forms, and cities redesigned theirs. \
        Open data helps; open data and opening data portals.";
    let f = found_in_two(text);
    let redesign = topic(&f, "Redesign").expect("redesign found");
    assert_alias(redesign, "redesigns");
    assert!(
        !redesign.aliases.iter().any(|a| a.contains("redesigned")),
        "{:?}",
        redesign.aliases
    );
    let open = topic(&f, "Open data").expect("open data found");
    assert!(
        !open.aliases.iter().any(|a| a.contains("opening")),
        "{:?}",
        open.aliases
    );
}

#[test]
fn a_rare_noun_mostly_modifying_a_compound_is_still_a_topic() {
    let text =
        "Crowdsourcing projects grew, crowdsourcing platforms spread and crowdsourcing tools \
        improved; crowdsourcing campaigns ran. The value of crowdsourcing is clear. \
        Analysts want to reanalyze data, and teams reanalyze results; the reanalyze step.";
    let f = found_in_two(text);
    let n = names(&f);
    assert!(n.contains(&"Crowdsourcing"), "{n:?}");
    assert!(!n.contains(&"Reanalyze"), "{n:?}");
}

#[test]
fn an_api_is_a_subject() {
    let f = found_in_two(
        "The application programming interface (API) opens data. Each API has keys, and APIs scale.",
    );
    assert!(
        f.iter().any(|d| d.aliases.iter().any(|a| a == "API")),
        "{:?}",
        names(&f)
    );
}

#[test]
fn a_name_with_and_stays_whole_when_its_parts_are_nearly_always_inside_it() {
    let f = found(&[
        "In the spring the Food and Drug Administration ruled on labels, and later the Food and Drug Administration spoke about them.",
        "These rules of the Food and Drug Administration matter; the Food and Drug Administration wrote them with care.",
        "Some people say that Food matters most, and the Drug Administration said so in one long letter.",
        "Unrelated text about rivers.",
        "More about lakes.",
        "Football again.",
    ]);
    let n = names(&f);
    assert!(n.contains(&"Food and Drug Administration"), "{n:?}");
    assert!(!n.contains(&"Drug Administration"), "{n:?}");
}

#[test]
fn a_word_used_only_in_passing_in_many_documents_is_no_topic() {
    let mut texts: Vec<String> = (0..10)
        .map(|i| {
            format!(
                "Story {i} thanks colleagues once, and then colleagues left. \
                 It covers semiconductors, and semiconductors again, and semiconductors once more."
            )
        })
        .collect();
    texts.extend((0..12).map(|i| format!("Unrelated note {i} about rivers and lakes.")));
    let docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| doc(&format!("d{i}.md"), t))
        .collect();
    let f = discover(&docs, &Matcher::default());
    let n = names(&f);
    assert!(n.contains(&"Semiconductors"), "{n:?}");
    assert!(!n.contains(&"Colleagues"), "{n:?}");
}

#[test]
fn a_noun_of_a_common_verb_alone_is_no_topic() {
    let text = "The implementation was slow; the implementation failed, and one \
        implementation grew. The usage was high; the usage fell, and the usage rose. \
        The deterrence was strong; the deterrence held, and the deterrence failed. \
        The coercion was strong; the coercion held, and the coercion failed.";
    let f = found_in_two(text);
    let n = names(&f);
    for kept in ["Deterrence", "Coercion"] {
        assert!(n.contains(&kept), "{kept} not in {n:?}");
    }
    for generic in ["Implementation", "Usage"] {
        assert!(!n.contains(&generic), "{generic} in {n:?}");
    }
}

#[test]
fn a_fragment_of_longer_names_goes_when_they_hold_most_of_its_uses() {
    let department =
        "In the spring the Department of Health and Human Services ruled on the new labels, \
        and later on the Department of Health and Human Services spoke about them at length.";
    let short =
        "The rules that the staff of Health and Human Services wrote this year matter a lot; \
        people at Health and Human Services wrote them with much care and over many months.";
    // "Health" is used on its own far more than inside the name.
    let health = "The team that runs Health met at noon, and the board of Health agreed; \
        then Health said more, and Health wrote it down for the staff.";
    let f = found(&[
        department,
        department,
        short,
        short,
        &format!("{short} Some of them say that Human Services should be a field of its own."),
        health,
        health,
        "Unrelated text about rivers.",
        "More about lakes.",
        "Football again.",
        "Tennis again.",
    ]);
    let n = names(&f);
    assert!(
        n.contains(&"Department of Health and Human Services"),
        "{n:?}"
    );
    assert!(n.contains(&"Health and Human Services"), "{n:?}");
    assert!(!n.contains(&"Human Services"), "{n:?}");
}

#[test]
fn a_rare_noun_by_its_suffix_is_a_topic_though_it_mostly_modifies() {
    let text = "Usability testing helps; usability tests ran, usability labs opened, usability \
        studies grew, usability reviews spread, usability audits began and usability experts \
        came. The usability mattered.";
    let f = found_in_two(text);
    let n = names(&f);
    assert!(n.contains(&"Usability"), "{n:?}");
}

#[test]
fn a_surname_after_a_title_joins_the_full_name_written_seldom() {
    let titled = "President Obama spoke on the budget, and later Obama wrote to the staff.";
    let f = found(&[
        titled,
        titled,
        titled,
        "President Obama again, and Obama once more on the plan.",
        "Barack Obama signed the order; President Obama said so.",
        "Barack Obama spoke; Michelle Obama came too.",
        "Unrelated text about rivers.",
        "More about lakes.",
        "Football again.",
        "Tennis again.",
        "Golf again.",
        "Chess again.",
        "Cycling again.",
    ]);
    let n = names(&f);
    assert!(!n.contains(&"Obama"), "{n:?}");
    let person = topic(&f, "Barack Obama").unwrap_or_else(|| panic!("{n:?}"));
    assert_alias(person, "Obama");
}

#[test]
fn a_phrase_naming_a_kind_of_document_is_no_topic() {
    let text = "The joint statement named the goals, and the joint statement set dates. \
        A case study followed, and the case study found gains. The usability study ran, \
        and the usability study was read. Supply chains matter, supply chains grow.";
    let f = found_in_two(text);
    let n = names(&f);
    assert!(n.contains(&"Supply chains"), "{n:?}");
    assert!(n.contains(&"Usability study"), "{n:?}");
    for genre in ["Joint statement", "Case study"] {
        assert!(!n.contains(&genre), "{genre} in {n:?}");
    }
}

#[test]
fn a_name_cut_at_and_or_of_is_a_spelling_of_the_whole_name() {
    let both = "The Centers for Disease Control and Prevention ruled, and the Centers for \
        Disease Control and Prevention spoke; the Centers for Disease Control wrote more. The \
        Department of Veterans Affairs agreed, the Department of Veterans Affairs signed, as \
        Veterans Affairs does.";
    let ministry = "The Ministry of Electronics and Information Technology ruled, and the \
        Ministry of Electronics and Information Technology spoke on Information Technology, \
        as Information Technology grows.";
    let f = found(&[
        both,
        both,
        "The Centers for Disease Control warned, the Centers for Disease Control said. \
        Veterans Affairs answered, and Veterans Affairs wrote.",
        ministry,
        ministry,
        "Information Technology again; Information Technology.",
        "The National Oceanic and Atmospheric Administration wrote, and the National Oceanic \
        and Atmospheric Administration said more.",
        "The National Oceanic and Atmospheric Administration ruled, as the National Oceanic \
        and Atmospheric Administration does.",
        "Unrelated text about rivers.",
        "More about lakes.",
        "Football again.",
        "Tennis again.",
        "Golf again.",
        "Chess again.",
    ]);
    let n = names(&f);
    for cut in ["Centers for Disease Control", "Veterans Affairs"] {
        assert!(!n.contains(&cut), "{cut} in {n:?}");
    }
    for (whole, alias) in [
        (
            "Centers for Disease Control and Prevention",
            "Centers for Disease Control",
        ),
        ("Department of Veterans Affairs", "Veterans Affairs"),
    ] {
        let t = topic(&f, whole).unwrap_or_else(|| panic!("{whole} not in {n:?}"));
        assert_alias(t, alias);
    }
    // The part after an "and" is a second name.
    assert!(n.contains(&"Information Technology"), "{n:?}");
    // A part before an "and" never written alone is no spelling of the whole.
    let noaa = topic(&f, "National Oceanic and Atmospheric Administration")
        .unwrap_or_else(|| panic!("{n:?}"));
    assert!(
        !noaa.aliases.iter().any(|a| a == "National Oceanic"),
        "{:?}",
        noaa.aliases
    );
}

#[test]
fn a_noun_of_a_common_adjective_alone_is_no_topic() {
    let text = "Capabilities matter. We build capabilities. The team has capabilities. \
        Accessibility helps. We build accessibility. The team has accessibility.";
    let f = found_in_two(text);
    let n = names(&f);
    assert!(n.contains(&"Accessibility"), "{n:?}");
    assert!(!n.iter().any(|t| t.starts_with("Capabilit")), "{n:?}");
}
