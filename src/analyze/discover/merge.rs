//! Variant merging: the qualified candidates that name one thing become one topic.
//!
//! Joined (union-find): a capitalised name and the lower-case concept with its stems
//! ("Economic Security" in a heading, "economic security" in prose); an acronym and the words
//! documents spell it out with ("Right to Information (RTI)"), or, spelt out nowhere, the
//! multiword candidate its initials spell when their documents overlap ("UX", "user
//! experience"); a surname and the full name it
//! is nearly always used with (a document saying "Kishida" says "Fumio Kishida" too), or,
//! written after a title ("President Obama"), the one full name the documents give it
//! ("Barack Obama"), and the two orders of a two-word name ("Kishida Fumio"); a demonym and
//! its place ("Indians", "India"); a name cut from a longer one at "and" or "of" and the
//! whole name ("Centers for Disease Control", "Veterans Affairs"). Plurals and inflections
//! already share a key (stems). Then a candidate that is (nearly) always part of a longer
//! one goes ("Operations Command" in "Joint Operations Command"). The title: the whole name
//! a shorter spelling joined, the expansion of an acronym (the acronym itself when it is
//! written in three times as many documents: "NASA"), the full name of a person, the most
//! used spelling of a name, or the most used spelling of a concept with a capital first
//! letter.

use std::collections::HashMap;

use super::extract::Kind;
use super::{lexicon, Discovered, Key, Tallies, Tally};

/// Qualified candidates (sorted) grouped into discovered topics, unranked.
pub(crate) fn group(
    qualified: &[Key],
    tallies: &Tallies,
    expansions: &HashMap<String, HashMap<String, u32>>,
) -> Vec<Discovered> {
    let index: HashMap<&Key, usize> = qualified.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut sets = UnionFind::new(qualified.len());
    let stemmer = lexicon::stemmer();
    let mut given_title: HashMap<usize, String> = HashMap::new();
    let mut extra_aliases: HashMap<usize, Vec<String>> = HashMap::new();
    for (i, key) in qualified.iter().enumerate() {
        match key.0 {
            Kind::Name | Kind::Acronym => {
                if let Some(&j) = index.get(&concept_key(&key.1, &stemmer)) {
                    sets.union(i, j);
                }
                // "QUAD" and "Quad".
                if let Some(&j) = index.get(&(Kind::Name, key.1.clone())) {
                    sets.union(i, j);
                }
            }
            Kind::Concept => {}
        }
    }
    join_expansions(
        qualified,
        tallies,
        expansions,
        &index,
        &mut sets,
        &mut given_title,
        &mut extra_aliases,
    );
    join_initials(qualified, tallies, &mut sets, &mut given_title);
    let person_title = join_people(qualified, tallies, &index, &mut sets, &mut extra_aliases);
    for (i, name) in person_title {
        given_title.entry(i).or_insert(name);
    }
    join_demonyms(qualified, &index, &mut sets);
    let wholes = join_fragments(qualified, tallies, &index, &mut sets);
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..qualified.len() {
        members.entry(sets.find(i)).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = members.into_values().collect();
    groups.sort();
    let groups = drop_contained(groups, qualified, tallies);
    groups
        .into_iter()
        .map(|g| {
            let titles = Titles {
                given: &given_title,
                wholes: &wholes,
            };
            assemble(&g, qualified, tallies, &titles, &extra_aliases)
        })
        .collect()
}

/// The key a name's words have as a lower-case concept ("Economic Security": the concept
/// "economic security", by stems; connectors kept).
pub(super) fn concept_key(name: &str, stemmer: &rust_stemmers::Stemmer) -> Key {
    let stems: Vec<String> = name
        .split(' ')
        .map(|w| {
            if lexicon::INNER_CONNECTORS.contains(&w) {
                w.to_string()
            } else {
                super::extract::inflection_key(stemmer, w)
            }
        })
        .collect();
    (Kind::Concept, stems.join(" "))
}

/// An acronym joins the words documents spell it out with ("Right to Information (RTI)"),
/// which title the topic unless the acronym is the form the documents use: written in three
/// times as many documents as its expansion ("NASA"; the expansion stays an alias).
fn join_expansions(
    qualified: &[Key],
    tallies: &Tallies,
    expansions: &HashMap<String, HashMap<String, u32>>,
    index: &HashMap<&Key, usize>,
    sets: &mut UnionFind,
    given_title: &mut HashMap<usize, String>,
    extra_aliases: &mut HashMap<usize, Vec<String>>,
) {
    let stemmer = lexicon::stemmer();
    for (i, key) in qualified.iter().enumerate() {
        if key.0 != Kind::Acronym {
            continue;
        }
        let found = expansions.get(&key.1);
        let Some(surface) = best_expansion(found) else {
            continue;
        };
        let mut spelt_out = found.and_then(|f| f.get(&surface)).copied().unwrap_or(0) as usize;
        let words: Vec<String> = crate::analyze::matching::tokenize(&surface)
            .into_iter()
            .map(|t| t.norm.into_owned())
            .collect();
        let stems: Vec<String> = words
            .iter()
            .map(|w| super::extract::inflection_key(&stemmer, w))
            .collect();
        for other in [
            (Kind::Name, words.join(" ")),
            (Kind::Concept, stems.join(" ")),
        ] {
            if let Some(&j) = index.get(&other) {
                sets.union(i, j);
                spelt_out = spelt_out.max(documents_using(&other, &tallies[&other]));
            }
        }
        if !acronym_prevails(&tallies[key], spelt_out) {
            given_title.insert(i, surface.clone());
        }
        extra_aliases.entry(i).or_default().push(surface);
    }
}

/// How many documents use a candidate (concepts are counted where central only).
fn documents_using(key: &Key, tally: &Tally) -> usize {
    match key.0 {
        Kind::Concept => tally.docs.len(),
        _ => tally.seen.len(),
    }
}

/// Whether an acronym is written in at least three times as many documents as the words it
/// stands for (in `spelt_out` documents): then it is the name readers know ("NASA").
fn acronym_prevails(acronym: &Tally, spelt_out: usize) -> bool {
    acronym.seen.len() >= 3 * spelt_out.max(1)
}

/// An acronym no document spells out joins the multiword topic whose initials spell it
/// ("UX", "user experience") when most documents centred on the smaller of the two use both
/// (three at least): letters alone pair too much ("DC" and "data center"). The words title
/// the topic unless the acronym prevails (see [`acronym_prevails`]).
fn join_initials(
    qualified: &[Key],
    tallies: &Tallies,
    sets: &mut UnionFind,
    given_title: &mut HashMap<usize, String>,
) {
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, (kind, key)) in qualified.iter().enumerate() {
        if *kind == Kind::Acronym {
            continue;
        }
        for initials in initials_of(key) {
            by_initials.entry(initials).or_default().push(j);
        }
    }
    for (i, key) in qualified.iter().enumerate() {
        if key.0 != Kind::Acronym || given_title.contains_key(&i) {
            continue;
        }
        let Some(candidates) = by_initials.get(&key.1) else {
            continue;
        };
        let acronym = &tallies[key];
        let best = candidates
            .iter()
            .map(|&j| {
                let words = &tallies[&qualified[j]];
                let theirs = if qualified[j].0 == Kind::Concept {
                    &words.docs
                } else {
                    &words.seen
                };
                let shared = crate::analyze::shared_count(&acronym.seen, theirs);
                (shared, theirs.len(), j)
            })
            .filter(|&(shared, theirs, _)| {
                shared >= 3 && shared * 2 >= theirs.min(acronym.seen.len())
            })
            .max();
        let Some((_, theirs, j)) = best else {
            continue;
        };
        if sets.find(i) == sets.find(j) {
            continue;
        }
        sets.union(i, j);
        if !acronym_prevails(acronym, theirs) {
            let words = &tallies[&qualified[j]];
            let surface = match qualified[j].0 {
                Kind::Concept => noun_ended_surface(words).unwrap_or_else(|| words.best_surface()),
                _ => words.best_surface(),
            };
            given_title.insert(i, surface);
        }
    }
}

/// The acronyms a multiword key's initials spell (connectors and "the" skipped): one, or
/// two when a word starts with "ex", which acronyms also write as "X" ("user experience":
/// "ue" and "ux").
fn initials_of(key: &str) -> Vec<String> {
    let words: Vec<&str> = key
        .split(' ')
        .filter(|w| !lexicon::INNER_CONNECTORS.contains(w) && *w != "the")
        .collect();
    if words.len() < 2
        || !words
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        return Vec::new();
    }
    let plain: String = words.iter().filter_map(|w| w.chars().next()).collect();
    let with_x: String = words
        .iter()
        .filter_map(|w| match w.strip_prefix("ex") {
            Some(_) => Some('x'),
            None => w.chars().next(),
        })
        .collect();
    if with_x == plain {
        vec![plain]
    } else {
        vec![plain, with_x]
    }
}

fn best_expansion(found: Option<&HashMap<String, u32>>) -> Option<String> {
    found?
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(s, _)| s.clone())
}

/// A surname (one word) joins the two- or three-word name it nearly always comes with (60%
/// of the documents using it use that name too) when one of them follows a title somewhere
/// ("President Biden", "Prime Minister Fumio Kishida": "Taiwan" never joins "Taiwan Strait"), which becomes the title even when it is not
/// central anywhere itself ("Biden" with "Joe Biden"); a surname written after a title joins
/// its usual full name however seldom that is written (see [`usual_full_name`]); a two-word
/// name joins its reversed order.
fn join_people(
    qualified: &[Key],
    tallies: &Tallies,
    index: &HashMap<&Key, usize>,
    sets: &mut UnionFind,
    extra_aliases: &mut HashMap<usize, Vec<String>>,
) -> HashMap<usize, String> {
    // Only the ends that are a qualified one-word name are looked up: the other candidates
    // are passed over without splitting them.
    let surnames: std::collections::HashSet<&str> = qualified
        .iter()
        .filter(|(kind, key)| *kind == Kind::Name && !key.contains(' '))
        .map(|(_, key)| key.as_str())
        .collect();
    let mut by_end: HashMap<&str, Vec<&Key>> = HashMap::new();
    for key in tallies.keys() {
        if key.0 != Kind::Name {
            continue;
        }
        let ends = key.1.split_once(' ').zip(key.1.rsplit_once(' '));
        let Some(((first, _), (_, last))) = ends else {
            continue;
        };
        if !surnames.contains(first) && !surnames.contains(last) {
            continue;
        }
        let words: Vec<&str> = key.1.split(' ').collect();
        let plain = key.0 == Kind::Name
            && (2..=3).contains(&words.len())
            && !words.iter().any(|w| {
                lexicon::is_generic(w) || w.len() < 2 || lexicon::NAME_CONNECTORS.contains(w)
            });
        if plain {
            by_end.entry(words[0]).or_default().push(key);
            by_end.entry(words[words.len() - 1]).or_default().push(key);
        }
    }
    for (i, (kind, key)) in qualified.iter().enumerate() {
        let words: Vec<&str> = key.split(' ').collect();
        if *kind == Kind::Name && words.len() == 2 {
            let reversed: Key = (Kind::Name, format!("{} {}", words[1], words[0]));
            match index.get(&reversed) {
                Some(&j) => sets.union(i, j),
                None => {
                    if let Some(t) = tallies.get(&reversed) {
                        extra_aliases.entry(i).or_default().push(t.best_surface());
                    }
                }
            }
        }
    }
    let mut person_title = HashMap::new();
    for (i, (kind, key)) in qualified.iter().enumerate() {
        if *kind != Kind::Name || key.contains(' ') {
            continue;
        }
        let Some(full_names) = by_end.get(key.as_str()) else {
            continue;
        };
        let own = &tallies[&qualified[i]].seen;
        let surname_titled = tallies[&qualified[i]].person > 0;
        let best = full_names
            .iter()
            .filter(|&&full| surname_titled || tallies[full].person > 0)
            .map(|&full| {
                (
                    crate::analyze::shared_count(own, &tallies[full].seen),
                    tallies[full].count,
                    full,
                )
            })
            .max();
        let full = match best {
            Some((shared, _, full)) if shared * 10 >= own.len() * 6 => full,
            // "President Obama" in most documents, "Barack Obama" in a few: a surname
            // written after a title is that person's, and the full name the documents give
            // it titles the topic.
            _ => match usual_full_name(key, full_names, tallies) {
                Some(full) if surname_titled => full,
                _ => continue,
            },
        };
        match index.get(full) {
            Some(&j) => sets.union(i, j),
            None => {
                let name = tallies[full].best_surface();
                let aliases = extra_aliases.entry(i).or_default();
                aliases.push(name.clone());
                if let [given, family] = full.1.split(' ').collect::<Vec<_>>()[..] {
                    let reversed: Key = (Kind::Name, format!("{family} {given}"));
                    if let Some(t) = tallies.get(&reversed) {
                        aliases.push(t.best_surface());
                    }
                }
                person_title.insert(i, name);
            }
        }
    }
    person_title
}

/// The full name a surname is given with ("Barack Obama" for "Obama"): of the names ending
/// in it, the one used most, in two documents at least and twice as often as any other
/// ("Michelle Obama" is another person); `None` when no one name prevails.
fn usual_full_name<'k>(
    surname: &str,
    full_names: &[&'k Key],
    tallies: &Tallies,
) -> Option<&'k Key> {
    let mut ending: Vec<(u32, &'k Key)> = full_names
        .iter()
        .filter(|full| {
            full.1
                .rsplit_once(' ')
                .is_some_and(|(_, last)| last == surname)
        })
        .map(|&full| (tallies[full].count, full))
        .collect();
    ending.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let (uses, full) = *ending.first()?;
    let rival = ending.get(1).map_or(0, |r| r.0);
    (tallies[full].seen.len() >= 2 && uses >= 2 * rival.max(1)).then_some(full)
}

/// A name cut from a longer one at "and" or "of" is a shorter spelling of it, joined to it
/// when a quarter of the documents writing the short one write the whole too ("Centers for
/// Disease Control" of "Centers for Disease Control and Prevention", "Veterans Affairs" of
/// "Department of Veterans Affairs"): names are kept whole. Only the part before an "and"
/// and the part after an "of" are such spellings; the part after an "and" is a second name
/// ("Information Technology" in "Ministry of Electronics and Information Technology"), a
/// single word is a name of its own ("Energy", "Japan"), and so is a part also written in
/// lower case ("plain language" of "Plain Language and Content Division"). A part before an
/// "and" must be written alone (see [`written_alone`]): extraction gives it with every use of
/// the whole ("National Aeronautics"). Returns the longer names, which title their topic.
fn join_fragments(
    qualified: &[Key],
    tallies: &Tallies,
    index: &HashMap<&Key, usize>,
    sets: &mut UnionFind,
) -> std::collections::HashSet<usize> {
    let stemmer = lexicon::stemmer();
    let mut pairs: Vec<(usize, usize, bool)> = Vec::new();
    for (j, (kind, key)) in qualified.iter().enumerate() {
        if *kind != Kind::Name {
            continue;
        }
        for (part, before_and) in fragments_of(key) {
            let Some(&i) = index.get(&(Kind::Name, part)) else {
                continue;
            };
            if !index.contains_key(&concept_key(&qualified[i].1, &stemmer)) {
                pairs.push((i, j, before_and));
            }
        }
    }
    let held = first_part_uses(
        pairs
            .iter()
            .filter(|p| p.2)
            .map(|p| qualified[p.0].1.as_str())
            .collect(),
        tallies,
    );
    let mut wholes = std::collections::HashSet::new();
    for (i, j, before_and) in pairs {
        let short = &tallies[&qualified[i]];
        let held = held.get(qualified[i].1.as_str()).copied().unwrap_or(0);
        if before_and && !written_alone(short.count, held) {
            continue;
        }
        let shared = crate::analyze::shared_count(&short.seen, &tallies[&qualified[j]].seen);
        if shared * 4 >= short.seen.len() {
            sets.union(i, j);
            wholes.insert(j);
        }
    }
    wholes
}

/// Whether a part given `count` times, `held` of them with the whole it opens, is written
/// alone more than by accident: twice at least, and in a tenth of its uses.
fn written_alone(count: u32, held: u32) -> bool {
    let alone = count.saturating_sub(held);
    alone >= 2 && alone * 10 >= count
}

/// The shorter spellings a name may be cut into (see [`join_fragments`]), of two words at
/// least: what comes before the first "and" (`true`), and what comes after each "of" (or "of
/// the").
fn fragments_of(key: &str) -> Vec<(String, bool)> {
    let words: Vec<&str> = key.split(' ').collect();
    let mut parts = Vec::new();
    let first_connector = words
        .iter()
        .position(|w| lexicon::WEAK_CONNECTORS.contains(w));
    if let Some(p) = first_connector.filter(|&p| words[p] == "and" && p >= 2) {
        parts.push((words[..p].join(" "), true));
    }
    for (p, word) in words.iter().enumerate() {
        if *word == "of" {
            let rest = &words[p + 1..];
            let rest = rest.strip_prefix(&["the"]).unwrap_or(rest);
            if rest.len() >= 2 {
                parts.push((rest.join(" "), false));
            }
        }
    }
    parts
}

/// How often each of `wanted` was given as the first part of a longer name joined by a
/// connector ("National Aeronautics" with each "National Aeronautics and Space
/// Administration"): those uses are the whole's, not the part's own.
fn first_part_uses<'w>(
    wanted: std::collections::HashSet<&'w str>,
    tallies: &Tallies,
) -> HashMap<&'w str, u32> {
    let mut held = HashMap::new();
    if wanted.is_empty() {
        return held;
    }
    for ((kind, key), tally) in tallies {
        if *kind != Kind::Name {
            continue;
        }
        let mut end = 0;
        for word in key.split(' ') {
            if lexicon::WEAK_CONNECTORS.contains(&word) {
                if let Some(&part) = wanted.get(key[..end.max(1) - 1].trim_end()) {
                    *held.entry(part).or_default() += tally.count;
                }
                break;
            }
            end += word.len() + 1;
        }
    }
    held
}

/// "Indian", "Indians" join "India"; "Iranian" joins "Iran".
fn join_demonyms(qualified: &[Key], index: &HashMap<&Key, usize>, sets: &mut UnionFind) {
    for (i, (kind, key)) in qualified.iter().enumerate() {
        if *kind != Kind::Name || key.contains(' ') {
            continue;
        }
        for suffix in ["ians", "ian", "ans", "an", "ns", "n", "ese"] {
            let Some(base) = key.strip_suffix(suffix) else {
                continue;
            };
            if base.len() < 3 {
                continue;
            }
            for place in [base.to_string(), format!("{base}a")] {
                if let Some(&j) = index.get(&(Kind::Name, place)) {
                    if j != i {
                        sets.union(i, j);
                    }
                }
            }
        }
    }
}

/// Drops a group whose every member is contained in longer candidates that together carry
/// most of its uses (C-value's nested terms: "Human Services" inside both "Department of
/// Health and Human Services" and "Health and Human Services"). A run of capitalised words
/// is counted as its longest name (and its parts at "and"), so longer names' uses add up.
fn drop_contained(
    groups: Vec<Vec<usize>>,
    qualified: &[Key],
    tallies: &Tallies,
) -> Vec<Vec<usize>> {
    let by_key: HashMap<&Key, usize> = qualified.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut inside = vec![0u64; qualified.len()];
    for (i, (kind, key)) in qualified.iter().enumerate() {
        let words: Vec<&str> = key.split(' ').collect();
        let count = u64::from(tallies[&qualified[i]].count);
        let mut subs: Vec<usize> = Vec::new();
        for len in 1..words.len() {
            for start in 0..=words.len() - len {
                let sub: Key = (*kind, words[start..start + len].join(" "));
                if let Some(&j) = by_key.get(&sub) {
                    subs.push(j);
                }
            }
        }
        // A shorter candidate found twice in one name ("Office of ... Office") counts once.
        subs.sort_unstable();
        subs.dedup();
        for j in subs {
            let multiword = qualified[j].1.contains(' ');
            inside[j] = match kind {
                // A single name used mostly inside longer ones is still a name of its own
                // ("Google" in "Google Analytics", "Google Maps").
                Kind::Name if multiword => inside[j] + count,
                // A concept's sub-phrases are counted inside each longer phrase too: the
                // longest container alone must carry it.
                _ => inside[j].max(count),
            };
        }
    }
    let absorbed: Vec<bool> = (0..qualified.len())
        .map(|j| inside[j] > 0 && inside[j] * 10 >= u64::from(tallies[&qualified[j]].count) * 7)
        .collect();
    groups
        .into_iter()
        .filter(|g| !g.iter().all(|&i| absorbed[i]))
        .collect()
}

/// What titles a group besides its members' counts: the expansion or full name given to a
/// member, and the whole names shorter spellings were joined to.
struct Titles<'a> {
    given: &'a HashMap<usize, String>,
    wholes: &'a std::collections::HashSet<usize>,
}

fn assemble(
    members: &[usize],
    qualified: &[Key],
    tallies: &Tallies,
    titles: &Titles,
    extra_aliases: &HashMap<usize, Vec<String>>,
) -> Discovered {
    let given_title = titles.given;
    let tally = |i: usize| &tallies[&qualified[i]];
    let count_of = |kind: Kind| -> u32 {
        members
            .iter()
            .filter(|&&i| qualified[i].0 == kind)
            .map(|&i| tally(i).count)
            .sum()
    };
    let kind = if count_of(Kind::Acronym) > count_of(Kind::Name)
        || members
            .iter()
            .any(|&i| qualified[i].0 == Kind::Acronym && given_title.contains_key(&i))
    {
        Kind::Acronym
    } else if count_of(Kind::Name) >= count_of(Kind::Concept) {
        Kind::Name
    } else {
        Kind::Concept
    };
    let name = title(members, qualified, tallies, titles, kind);
    let mut aliases = vec![name.clone()];
    let mut push = |alias: String| {
        if !alias.is_empty() && !aliases.iter().any(|a| a.eq_ignore_ascii_case(&alias)) {
            aliases.push(alias);
        }
    };
    let mut surfaces: Vec<(String, u32)> = members
        .iter()
        .flat_map(|&i| tally(i).surfaces.iter().map(|(s, n)| (s.clone(), *n)))
        .collect();
    surfaces.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (surface, _) in surfaces.into_iter().take(12) {
        if !verb_form_of(&surface, &name) {
            push(surface);
        }
    }
    for &i in members {
        for alias in extra_aliases.get(&i).into_iter().flatten() {
            push(alias.clone());
        }
    }
    let (documents, seen) = match members {
        // Most groups have one member, whose lists are sorted and distinct already.
        [one] => (tally(*one).docs.clone(), tally(*one).seen.len()),
        _ => (
            union_of(members.iter().map(|&i| &tally(i).docs)),
            union_of(members.iter().map(|&i| &tally(i).seen)).len(),
        ),
    };
    let mentions: usize = members.iter().map(|&i| tally(i).count as usize).sum();
    let mut examples: Vec<(usize, usize, std::ops::Range<usize>)> = Vec::new();
    for &i in members {
        for e in &tally(i).examples {
            if examples.len() < 3 && !examples.iter().any(|x| x.0 == e.0) {
                examples.push(e.clone());
            }
        }
    }
    examples.sort_by_key(|e| e.0);
    let words = name.split_whitespace().count();
    let specificity = match kind {
        Kind::Acronym => 1.0,
        Kind::Name if words > 1 => 1.0,
        Kind::Name => 0.9,
        Kind::Concept if words > 1 => 0.95,
        Kind::Concept => single_word_specificity(&name),
    };
    let score =
        (documents.len() + seen) as f64 / 2.0 * specificity + (mentions.max(1) as f64).ln() / 10.0;
    let keys: Vec<&Key> = members.iter().map(|&i| &qualified[i]).collect();
    let written = members
        .iter()
        .flat_map(|&i| tally(i).surfaces.keys().map(String::as_str));
    Discovered {
        slug: super::slug::stable_slug(&name, kind, &keys, written),
        name,
        kind,
        aliases,
        documents,
        seen,
        mentions,
        examples,
        score,
        published: false,
    }
}

/// Whether a spelling is the title's words used as a clause rather than a name: one of its
/// words is a verb's "-ed" or "-ing" form where the title's is not ("redesigned" for
/// "Redesign", "opening data" and "open-sourced" for "Open data" and "Open source"), or a
/// plural subject before the title's last word ("users experience" for "User experience").
/// Such spellings stay out of the aliases, so they file no document under the topic.
fn verb_form_of(surface: &str, title: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split([' ', '-'])
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (theirs, ours) = (words(surface), words(title));
    if theirs.len() != ours.len() || theirs == ours {
        return false;
    }
    let verbal = |w: &str| w.len() >= 5 && (w.ends_with("ed") || w.ends_with("ing"));
    let inflected = theirs.iter().zip(&ours).any(|(t, o)| {
        t != o && verbal(t) && (!verbal(o) || t.ends_with("ed") != o.ends_with("ed"))
    });
    let last = theirs.len() - 1;
    let plural_subject = last > 0
        && theirs[last] == ours[last]
        && theirs[..last]
            .iter()
            .zip(&ours[..last])
            .any(|(t, o)| t != o && super::extract::singular(t) == *o);
    inflected || plural_subject
}

/// The sorted union of sorted lists.
fn union_of<'a>(lists: impl Iterator<Item = &'a Vec<usize>>) -> Vec<usize> {
    let mut all: Vec<usize> = lists.flatten().copied().collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// A single word counts for less the more common it is in English: from 0.35 (one of the
/// 4,000 most common words) to 0.7 (rarer than the background table's 8,000).
fn single_word_specificity(word: &str) -> f64 {
    let rarity = lexicon::lemma_rank(&word.to_lowercase()).map_or(1.0, |rank| {
        ((f64::from(rank) - f64::from(lexicon::COMMON_SINGLE)) / 4000.0).clamp(0.0, 1.0)
    });
    0.35 + 0.35 * rarity
}

/// The best-formed name of a group (see the module comment).
fn title(
    members: &[usize],
    qualified: &[Key],
    tallies: &Tallies,
    titles: &Titles,
    kind: Kind,
) -> String {
    let given_title = titles.given;
    // A whole name titles its shorter spellings, unless an acronym the documents use far
    // more titles the group (an acronym with nothing given does: see `acronym_prevails`).
    let acronym_titles = members
        .iter()
        .any(|&i| qualified[i].0 == Kind::Acronym && !given_title.contains_key(&i));
    let whole = members
        .iter()
        .filter(|i| titles.wholes.contains(i))
        .max_by_key(|&&i| {
            (
                tallies[&qualified[i]].count,
                std::cmp::Reverse(&qualified[i]),
            )
        });
    if let (Some(&whole), false) = (whole, acronym_titles) {
        return tallies[&qualified[whole]].best_surface();
    }
    if let Some(expansion) = members.iter().find_map(|i| given_title.get(i)) {
        // "minimum viable product (MVP)" titles as "Minimum viable product", like a concept.
        return sentence_case(expansion);
    }
    let pick = |wanted: &dyn Fn(&Key) -> bool| {
        members
            .iter()
            .filter(|&&i| wanted(&qualified[i]))
            .max_by(|&&a, &&b| {
                let (ta, tb) = (&tallies[&qualified[a]], &tallies[&qualified[b]]);
                ta.count
                    .cmp(&tb.count)
                    .then(qualified[b].cmp(&qualified[a]))
            })
            .copied()
    };
    let person = pick(&|k: &Key| k.0 == Kind::Name && k.1.contains(' '));
    let chosen = match kind {
        Kind::Name if members.iter().any(|&i| !qualified[i].1.contains(' ')) => person,
        _ => None,
    }
    .or_else(|| pick(&|k: &Key| k.0 == kind))
    .unwrap_or(members[0]);
    let tally = &tallies[&qualified[chosen]];
    let surface = if kind == Kind::Concept {
        noun_ended_surface(tally).unwrap_or_else(|| tally.best_surface())
    } else {
        tally.best_surface()
    };
    if kind == Kind::Concept {
        return sentence_case(&surface);
    }
    surface
}

/// The text with its first letter capitalised.
fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The most used lower-case spelling whose last word is not shaped like an adjective
/// ("defense industry" over "defense industrial"), or a rare gerund ("crowdsourcing").
fn noun_ended_surface(tally: &Tally) -> Option<String> {
    tally
        .surfaces
        .iter()
        .filter(|(s, _)| {
            let last = s.rsplit([' ', '-']).next().unwrap_or(s);
            let gerund = !s.contains([' ', '-']) && super::rare_gerund(s);
            s.chars().next().is_some_and(char::is_lowercase)
                && (gerund
                    || !["al", "ic", "ive", "ing", "ed"]
                        .iter()
                        .any(|e| last.ends_with(e)))
        })
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then(b.0.len().cmp(&a.0.len()))
                .then(b.0.cmp(a.0))
        })
        .map(|(s, _)| s.clone())
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Joins two sets under the smaller root, so groups do not depend on the order of joins.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[high] = low;
        }
    }
}
