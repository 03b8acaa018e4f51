//! A discovered topic's slug, kept while documents are added.
//!
//! The title of a discovered topic follows counts: an acronym titles its topic once it is
//! written in three times as many documents as its expansion ("HUD" turns into "Housing and
//! Urban Development" and back as documents come and go), and a concept takes its most used
//! spelling ("Tablets", then "Tablet"). A slug made from the title would move with it, and with
//! it the topic's URL, its feed and every link to it. So the slug is made from what adding
//! documents does not change, as long as the topic's variants stay together:
//! - a topic that holds an acronym takes the acronym's slug (`/topics/hud/`), whichever of the
//!   two titles it;
//! - a concept whose title ends in a plural that the documents also write in the singular takes
//!   the singular (`/topics/tablet/` for "Tablets" and for "Tablet"; "News" stays `news`, as no
//!   document writes "new" for it);
//! - anything else takes its title's slug (names differ between spellings by case and
//!   punctuation only, which slugs drop).

use super::extract::{singular, Kind};
use super::Key;
use crate::parse::slug::slugify;

/// The slug of the topic titled `name` of `kind`, whose variants are the `keys` spelt as
/// `surfaces` (see the module comment).
pub(super) fn stable_slug<'s>(
    name: &str,
    kind: Kind,
    keys: &[&Key],
    surfaces: impl IntoIterator<Item = &'s str>,
) -> String {
    if let Some(acronym) = keys
        .iter()
        .filter(|key| key.0 == Kind::Acronym)
        .map(|key| slugify(&key.1))
        .filter(|slug| !slug.is_empty())
        .min_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)))
    {
        return acronym;
    }
    if kind == Kind::Concept {
        if let Some(one) = singular_form(name) {
            let written = surfaces
                .into_iter()
                .any(|surface| surface.eq_ignore_ascii_case(&one));
            if written {
                return slugify(&one);
            }
        }
    }
    slugify(name)
}

/// The name with its last word in the singular, lower case, if that differs from the name.
fn singular_form(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    let (head, last) = match lower.rsplit_once(' ') {
        Some((head, last)) => (format!("{head} "), last),
        None => (String::new(), lower.as_str()),
    };
    let one = singular(last);
    (one != last).then(|| format!("{head}{one}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: Kind, text: &str) -> Key {
        (kind, text.to_string())
    }

    #[test]
    fn an_acronym_gives_the_slug_whichever_title_wins() {
        let keys = [
            key(Kind::Acronym, "hud"),
            key(Kind::Name, "housing and urban development"),
        ];
        let keys: Vec<&Key> = keys.iter().collect();
        for title in ["HUD", "Housing and Urban Development"] {
            assert_eq!(stable_slug(title, Kind::Acronym, &keys, []), "hud");
        }
    }

    #[test]
    fn a_plural_concept_takes_the_singular_the_documents_write() {
        let keys = [key(Kind::Concept, "tablet")];
        let keys: Vec<&Key> = keys.iter().collect();
        for title in ["Tablets", "Tablet"] {
            let slug = stable_slug(title, Kind::Concept, &keys, ["tablets", "Tablet"]);
            assert_eq!(slug, "tablet", "{title}");
        }
        let experts = ["subject matter experts", "subject matter expert"];
        assert_eq!(
            stable_slug("Subject matter experts", Kind::Concept, &keys, experts),
            "subject-matter-expert"
        );
    }

    #[test]
    fn a_plural_never_written_in_the_singular_keeps_its_slug() {
        let keys = [key(Kind::Concept, "news")];
        let keys: Vec<&Key> = keys.iter().collect();
        assert_eq!(stable_slug("News", Kind::Concept, &keys, ["news"]), "news");
        assert_eq!(
            stable_slug(
                "Internet shutdowns",
                Kind::Concept,
                &keys,
                ["internet shutdowns"]
            ),
            "internet-shutdowns"
        );
    }

    #[test]
    fn names_keep_their_title_slug() {
        let keys = [key(Kind::Name, "self-defense forces")];
        let keys: Vec<&Key> = keys.iter().collect();
        let surfaces = ["Self-Defense Forces", "Self Defense Forces"];
        assert_eq!(
            stable_slug("Self-Defense Forces", Kind::Name, &keys, surfaces),
            "self-defense-forces"
        );
    }
}
