//! The fixed word knowledge discovery needs: stopwords (where concept phrases break), words
//! that are never a topic on their own, and a background table of common English.
//!
//! `background.txt` is the 8,000 most frequent all-letter English words in rank order, taken
//! from the `wordfreq` 3.1.1 Python package (`top_n_list("en", 40000)`, alphabetic entries
//! only; wordfreq's data is CC BY-SA 4.0, by Robyn Speer and contributors). A word's rank there
//! says how common it is in English at large, so a corpus word that is rare in English
//! ("semiconductors", "deterrence") is specific to the corpus and a common one ("page",
//! "report", "information") is not.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

static BACKGROUND: LazyLock<foldhash::HashMap<&'static str, u32>> = LazyLock::new(|| {
    include_str!("background.txt")
        .lines()
        .enumerate()
        .map(|(rank, word)| (word, rank as u32))
        .collect()
});

/// The rank of a lower-case word in common English (0 = "the"), `None` when it is rarer than
/// the table's 8,000 words.
pub(crate) fn background_rank(word: &str) -> Option<u32> {
    BACKGROUND.get(word).copied()
}

/// The rank of a word or of its singular, whichever is more common: a plural is as common
/// as its singular ("technologies", "platforms"), though the table ranks it lower.
pub(crate) fn lemma_rank(word: &str) -> Option<u32> {
    let singular = super::extract::singular(word);
    match (background_rank(word), background_rank(&singular)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A single word as common in English as this is no concept on its own ("data", "security").
pub(crate) const COMMON_SINGLE: u32 = 4000;
/// A phrase made only of words this common is no concept ("last year", "long time").
pub(crate) const COMMON_PHRASE_WORD: u32 = 400;

/// The English Snowball stemmer (plural and inflection variants share a stem).
pub(crate) fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// Function words and vague words: a concept phrase never contains one, so they split
/// candidates (RAKE's stoplist idea). "of" and "and" may sit inside a phrase, see
/// [`INNER_CONNECTORS`].
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    // Linking verbs: "the evidence remains thin" names no subject.
    "appear",
    "appeared",
    "appears",
    "remain",
    "remained",
    "remains",
    "seem",
    "seemed",
    "seems",
    "tend",
    "tended",
    "tends",
    "above",
    "according",
    "across",
    "after",
    "again",
    "against",
    "ago",
    "ahead",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "always",
    "am",
    "among",
    "amongst",
    "an",
    "and",
    "another",
    "any",
    "anyone",
    "anything",
    "are",
    "around",
    "as",
    "at",
    "away",
    "back",
    "be",
    "became",
    "because",
    "become",
    "becomes",
    "been",
    "before",
    "behind",
    "being",
    "below",
    "beside",
    "besides",
    "best",
    "better",
    "between",
    "beyond",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "certain",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "due",
    "during",
    "each",
    "early",
    "either",
    "else",
    "enough",
    "especially",
    "etc",
    "even",
    "ever",
    "every",
    "few",
    "first",
    "for",
    "former",
    "from",
    "further",
    "get",
    "gets",
    "getting",
    "given",
    "go",
    "goes",
    "going",
    "got",
    "great",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "including",
    "instead",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "late",
    "later",
    "latest",
    "least",
    "less",
    "like",
    "likely",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "near",
    "nearly",
    "need",
    "needs",
    "never",
    "new",
    "next",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "onto",
    "or",
    "other",
    "others",
    "otherwise",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "perhaps",
    "quite",
    "rather",
    "really",
    "recent",
    "recently",
    "same",
    "second",
    "see",
    "seen",
    "several",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "something",
    "soon",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "third",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "today",
    "together",
    "too",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "use",
    "used",
    "using",
    "very",
    "via",
    "was",
    "way",
    "we",
    "well",
    "were",
    "what",
    "whatever",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "s",
    "t",
    "said",
    "says",
    "say",
    "make",
    "makes",
    "made",
    "take",
    "takes",
    "took",
    "also",
    "able",
    "new",
    "old",
    "good",
    "high",
    "low",
    "long",
    "small",
    "large",
    "big",
    "little",
    "key",
    "important",
    "major",
    "main",
    "different",
    "similar",
    "various",
    "whole",
    "full",
    "part",
    "lot",
    "lots",
    "kind",
    "thing",
    "things",
    "time",
    "times",
    "year",
    "years",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "today",
    "yesterday",
    "tomorrow",
    "people",
    "way",
    "ways",
    "example",
    "e",
    "g",
    "eg",
    "ie",
    "vs",
    "mr",
    "ms",
    "dr",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "hundred",
    "thousand",
    "million",
    "billion",
    "percent",
    "read",
    "click",
    "here",
    "page",
    "pages",
    "article",
    "post",
    "posts",
    "blog",
    "share",
    "via",
];

/// Connectors allowed inside a concept phrase ("command and control", "rule of law").
pub(crate) const INNER_CONNECTORS: &[&str] = &["of", "and"];

/// [`STOPWORDS`] as a set: extraction asks about every word of the corpus.
static STOPWORD_SET: LazyLock<foldhash::HashSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.iter().copied().collect());

/// [`GENERIC`] and [`STOPWORDS`] as one set.
static GENERIC_SET: LazyLock<foldhash::HashSet<&'static str>> =
    LazyLock::new(|| GENERIC.iter().chain(STOPWORDS).copied().collect());

pub(crate) fn is_stopword(word: &str) -> bool {
    STOPWORD_SET.contains(word)
}

/// A single word shaped like an adverb, participle or adjective ("closely", "established",
/// "strengthening", "historic", "diplomatic"): no subject on its own.
pub(crate) fn is_modifier_form(word: &str) -> bool {
    [
        "ly", "ed", "ing", "ic", "ical", "ive", "ous", "ful", "able", "ible",
    ]
    .iter()
    .any(|ending| word.ends_with(ending))
}

/// Capitalised words that start sentences, name roles or days, or label a page's parts: never
/// a name alone, and dropped from the start of a run of capitalised words ("Prime Minister
/// Fumio Kishida" is the name "Fumio Kishida").
const GENERIC: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "for",
    "but",
    "and",
    "as",
    "with",
    "by",
    "while",
    "after",
    "although",
    "under",
    "if",
    "it",
    "its",
    "we",
    "our",
    "they",
    "their",
    "he",
    "she",
    "his",
    "her",
    "there",
    "such",
    "both",
    "many",
    "most",
    "some",
    "one",
    "two",
    "three",
    "first",
    "second",
    "new",
    "president",
    "prime",
    "minister",
    "ministers",
    "secretary",
    "general",
    "chairman",
    "chair",
    "director",
    "senior",
    "fellow",
    "mr",
    "mrs",
    "ms",
    "dr",
    "professor",
    "prof",
    "sen",
    "senator",
    "rep",
    "representative",
    "ambassador",
    "chancellor",
    "premier",
    "king",
    "queen",
    "governor",
    "mayor",
    "former",
    "vice",
    "deputy",
    "chief",
    "foreign",
    "defense",
    "defence",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "caption",
    "svg",
    "author",
    "sections",
    "section",
    "commentary",
    "share",
    "read",
    "more",
    "however",
    "meanwhile",
    "still",
    "yet",
    "also",
    "since",
    "during",
    "despite",
    "through",
    "to",
    "from",
    "japanese",
    "american",
    "americans",
    "chinese",
    "korean",
    "european",
    "british",
    "australian",
    "russian",
    "asian",
    "african",
    "western",
    "eastern",
    "when",
    "where",
    "what",
    "why",
    "how",
    "who",
    "not",
    "no",
    "so",
    "or",
    "all",
    "each",
    "every",
    "other",
    "article",
    "articles",
    "page",
    "pages",
    "report",
    "reports",
    "important",
    "documents",
    "document",
    "note",
    "notes",
    "figure",
    "table",
    "chapter",
    "source",
    "sources",
    "image",
    "photo",
    "video",
    "download",
    "click",
    "home",
    "menu",
    "contents",
    "introduction",
    "conclusion",
    "summary",
    "update",
    "updated",
    "posted",
    "published",
    "news",
    "press",
    "release",
    "yes",
    "today",
    "example",
    "examples",
    "overview",
    "step",
    "steps",
    "see",
    "next",
    "previous",
    "back",
    "top",
    "about",
    "contact",
    "search",
    "title",
    "description",
    "date",
    "type",
    "name",
    "value",
    "default",
    "true",
    "false",
    "null",
    "none",
    "note",
    "warning",
    "tip",
    "info",
    // Words of web writing that head many posts and are no subject.
    "topic",
    "topics",
    "insight",
    "insights",
    "improvement",
    "improvements",
    "task",
    "tasks",
    "initiative",
    "initiatives",
    "trend",
    "trends",
    "tips",
    "resource",
    "resources",
    "guidance",
    "stakeholder",
    "stakeholders",
    "professional",
    "professionals",
    "lesson",
    "lessons",
    "idea",
    "ideas",
    "option",
    "options",
    "item",
    "items",
    "word",
    "words",
    "federal",
    "community",
];

/// Nouns that name a kind of document, a form of writing rather than what it is about. A
/// phrase they head with common words only ("joint statement", "case study", "press
/// release", "blog post", "success stories") names a genre, never a subject (see
/// `names_a_genre` in the corpus step); with a rarer word it may ("usability study").
/// Events and media ("webinar", "podcast") are not here: editors file under them.
const DOCUMENT_GENRES: &[&str] = &[
    "article",
    "blog",
    "post",
    "page",
    "report",
    "statement",
    "study",
    "paper",
    "memo",
    "memorandum",
    "brief",
    "briefing",
    "summary",
    "document",
    "newsletter",
    "transcript",
    "release",
    "sheet",
    "factsheet",
    "handbook",
    "essay",
    "editorial",
    "column",
    "letter",
    "bulletin",
    "announcement",
    "recap",
    "roundup",
    "interview",
    "story",
    "commentary",
    "presentation",
    "slide",
];

/// Whether a lower-case singular noun names a kind of document (see [`DOCUMENT_GENRES`]).
pub(crate) fn is_document_genre(word: &str) -> bool {
    DOCUMENT_GENRES.contains(&word)
}

/// A word that is never a topic alone (checked lower-cased; stopwords and months are generic
/// too).
pub(crate) fn is_generic(word: &str) -> bool {
    GENERIC_SET.contains(word) || crate::analyze::dates_in_prose::is_month_name(word)
}

/// Lower-case words allowed inside a name ("Ministry of Defense", "Bank of Japan"). "and",
/// "to", "on" and "in" join too, but a name holding one must prove itself whole (see
/// `extract::name_runs`).
pub(crate) const NAME_CONNECTORS: &[&str] = &[
    "of", "for", "the", "de", "du", "von", "and", "to", "on", "in", "&",
];
/// The connectors of [`NAME_CONNECTORS`] that may also join two separate names.
pub(crate) const WEAK_CONNECTORS: &[&str] = &["and", "to", "on", "in", "&"];

/// Generic words that also open proper names: before another capitalised word they stay in the
/// name ("General Services Administration", "New Zealand", "Federal Election Commission",
/// "Foreign Ministry") instead of being taken off its front.
pub(crate) const NAME_OPENERS: &[&str] = &[
    "general", "new", "first", "federal", "foreign", "defense", "defence", "home",
];

/// A verb this common ("use", "provide") makes its agent noun generic ("user", "provider").
const COMMON_AGENT_VERB: u32 = 1000;

/// The common English adjective a single word is the property noun of, if any: "capability"
/// of "capable", "availability" of "available", "visibility" of "visible". An adjective as
/// common as words that are no concept alone (`COMMON_SINGLE`) makes its noun as generic,
/// while one of a rarer adjective names a subject ("accessibility", "usability",
/// "flexibility").
pub(crate) fn common_adjective_noun(word: &str) -> Option<&'static str> {
    let word = super::extract::singular(word);
    ["ability", "ibility"].iter().find_map(|suffix| {
        let stem = word.strip_suffix(suffix)?;
        // "ability" -> "able", "ibility" -> "ible".
        let adjective = format!("{stem}{}le", &suffix[..2]);
        let (key, rank) = BACKGROUND.get_key_value(adjective.as_str())?;
        (*rank < COMMON_SINGLE).then_some(*key)
    })
}

/// The common English verb a single word is a nominalisation of, if any: an action or result
/// noun ("implementation" of "implement", "interaction", "submission" of "submit",
/// "engagement", "usage", "guidance") or, for a very common verb, an agent noun ("provider").
/// Such a word names what is done, not a subject ("Implementation", "Usage"), while a noun of
/// a verb rarer than common English stays a concept ("innovation", "deterrence", "coercion",
/// "procurement"), and so do nouns of adjectives ("accessibility", "transparency").
pub(crate) fn common_verb_noun(word: &str) -> Option<&'static str> {
    let word = super::extract::singular(word);
    let known = |base: String, min_len: usize, max_rank: u32| {
        let rank = background_rank(&base)?;
        (base.len() >= min_len && rank < max_rank)
            .then(|| BACKGROUND.get_key_value(base.as_str()).map(|(k, _)| *k))
            .flatten()
    };
    let all = u32::MAX;
    if let Some(stem) = word.strip_suffix("ation").filter(|stem| stem.len() >= 3) {
        return ["ate", "", "e"]
            .iter()
            .find_map(|end| known(format!("{stem}{end}"), 4, all));
    }
    if let Some(stem) = word.strip_suffix("ssion") {
        return ["t", "ss"]
            .iter()
            .find_map(|end| known(format!("{stem}{end}"), 5, all));
    }
    if let Some(stem) = word.strip_suffix("tion") {
        return known(format!("{stem}t"), 5, all);
    }
    if let Some(stem) = word.strip_suffix("ment") {
        return known(stem.to_string(), 4, all);
    }
    if let Some(stem) = word.strip_suffix("age") {
        return known(format!("{stem}e"), 3, COMMON_AGENT_VERB);
    }
    if let Some(stem) = word
        .strip_suffix("ance")
        .or_else(|| word.strip_suffix("ence"))
    {
        return ["", "e"]
            .iter()
            .find_map(|end| known(format!("{stem}{end}"), 5, all));
    }
    let stem = word.strip_suffix("er")?;
    [format!("{stem}e"), stem.to_string()]
        .into_iter()
        .find_map(|base| known(base, 4, COMMON_AGENT_VERB))
}

/// A word whose ending makes it a noun whatever its place in a phrase ("usability",
/// "awareness", "federalism", "partnership"): used before another noun it modifies a compound
/// ("usability testing") as a noun does.
pub(crate) fn has_noun_suffix(word: &str) -> bool {
    ["ity", "ness", "ism", "ship"]
        .iter()
        .any(|ending| word.len() > ending.len() + 3 && word.ends_with(ending))
}

/// Acronyms too general to be a topic.
pub(crate) const GENERIC_ACRONYMS: &[&str] = &[
    "us", "usa", "uk", "am", "pm", "ok", "tv", "ii", "iii", "iv", "ceo", "gdp", "faq", "pdf",
    "html", "url", "etc",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn background_ranks_common_words_first() {
        assert_eq!(background_rank("the"), Some(0));
        assert!(background_rank("page").is_some_and(|r| r < COMMON_SINGLE));
        assert!(background_rank("semiconductors").is_none());
        assert!(is_stopword("of") && !is_stopword("privacy"));
        assert!(is_generic("article") && is_generic("march"));
    }

    #[test]
    fn nouns_of_common_verbs_are_found() {
        let base = |w| common_verb_noun(w);
        assert_eq!(base("implementation"), Some("implement"));
        assert_eq!(base("interactions"), Some("interact"));
        assert_eq!(base("usage"), Some("use"));
        assert_eq!(base("presentation"), Some("present"));
        assert_eq!(base("providers"), Some("provide"));
        assert_eq!(base("submissions"), Some("submit"));
        assert_eq!(base("engagement"), Some("engage"));
        for concept in [
            "innovation",
            "deterrence",
            "coercion",
            "procurement",
            "accessibility",
            "semiconductors",
            "developers",
            "governance",
            "station",
            "nation",
            "mission",
        ] {
            assert_eq!(base(concept), None, "{concept}");
        }
    }

    #[test]
    fn nouns_of_common_adjectives_are_found() {
        assert_eq!(common_adjective_noun("capabilities"), Some("capable"));
        assert_eq!(common_adjective_noun("availability"), Some("available"));
        assert_eq!(common_adjective_noun("visibility"), Some("visible"));
        for concept in ["accessibility", "usability", "flexibility", "mobility"] {
            assert_eq!(common_adjective_noun(concept), None, "{concept}");
        }
    }
}
