//! Finding topic names in text: a tokenizer and an alias matcher, shared by analysis and autolinks.
//!
//! Text is split into word tokens (runs of letters and digits) with their byte ranges; `U.S.`
//! becomes one token `us`, and hyphens, en dashes and other punctuation only separate tokens, so
//! "U.S.-Japan", "US-Japan" and "U.S.–Japan" all read `us japan`. An alias matches a run of
//! whole tokens, so boundaries come for free ("AUKUS" never matches inside "CAUKUSX").
//! Matching ignores case, except for aliases written as acronyms (all capitals, like "US" or
//! "IPEF"), which only match capitalised text, so "US" never matches the pronoun "us".
//! Aliases are indexed by the hash of their first token, so each word of a text is hashed and
//! looked up once (the words themselves are compared only where the hashes agree).

use std::borrow::Cow;
use std::ops::Range;

/// One word of a text: its lowercased form, where it is, and whether it was all capitals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token<'t> {
    /// Borrowed from the lowercased text; owned only for joined abbreviations (`U.S.` -> `us`).
    pub norm: Cow<'t, str>,
    pub range: Range<usize>,
    pub upper: bool,
    /// Its first letter is a capital.
    pub capital: bool,
}

/// Splits text into word tokens; dotted abbreviations (`U.S.`, `e.g.`) become one token.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'static>> {
    let lowered = lowercase_in_place(text);
    scan(text, &lowered)
        .into_iter()
        .map(|t| Token {
            norm: Cow::Owned(t.norm.into_owned()),
            range: t.range,
            upper: t.upper,
            capital: t.capital,
        })
        .collect()
}

/// `text` lowercased character by character where that keeps every byte offset (a character
/// whose lowercase has another length is left as it is), so ranges fit both texts.
pub(crate) fn lowercase_in_place(text: &str) -> Cow<'_, str> {
    // ASCII text (most of it) is checked and lowered byte by byte.
    if text.is_ascii() {
        return match text.bytes().any(|b| b.is_ascii_uppercase()) {
            true => Cow::Owned(text.to_ascii_lowercase()),
            false => Cow::Borrowed(text),
        };
    }
    if !text.chars().any(char::is_uppercase) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The tokens of `text`, with `norm` borrowed from `lowered` (see [`lowercase_in_place`]).
pub(crate) fn scan<'l>(text: &str, lowered: &'l str) -> Vec<Token<'l>> {
    let mut tokens: Vec<Token<'l>> = Vec::new();
    let bytes = text.as_bytes();
    // The start of the word being read (`None`: between words) and its shape so far.
    let mut start: Option<usize> = None;
    let mut shape = Shape::default();
    let mut i = 0;
    // Byte by byte where the text is ASCII (the common case), character by character elsewhere.
    while i < bytes.len() {
        let b = bytes[i];
        let (word_char, len) = if b.is_ascii() {
            let word_char = b.is_ascii_alphanumeric();
            if word_char {
                shape.add_ascii(b);
            }
            (word_char, 1)
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let word_char = c.is_alphanumeric();
            if word_char {
                shape.add(c);
            }
            (word_char, c.len_utf8())
        };
        if word_char {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            push_token(&mut tokens, text, lowered, s..i, std::mem::take(&mut shape));
        }
        i += len;
    }
    if let Some(s) = start {
        push_token(&mut tokens, text, lowered, s..text.len(), shape);
    }
    tokens
}

/// What [`push_token`] needs to know of a word's letters, noted as they are read.
#[derive(Default, Clone, Copy)]
struct Shape {
    letters: bool,
    first_letter_upper: bool,
    /// A letter that is not a capital.
    not_upper: bool,
}

impl Shape {
    #[inline]
    fn letter(&mut self, upper: bool) {
        if !self.letters {
            self.letters = true;
            self.first_letter_upper = upper;
        }
        self.not_upper |= !upper;
    }

    #[inline]
    fn add_ascii(&mut self, b: u8) {
        if b.is_ascii_alphabetic() {
            self.letter(b.is_ascii_uppercase());
        }
    }

    fn add(&mut self, c: char) {
        if c.is_alphabetic() {
            self.letter(c.is_uppercase());
        }
    }
}

#[inline]
fn push_token<'l>(
    tokens: &mut Vec<Token<'l>>,
    text: &str,
    lowered: &'l str,
    range: Range<usize>,
    shape: Shape,
) {
    // `U.S.`: a single letter right after `X.` joins the previous (dotted) token.
    if range.len() <= 4 && single_letter(&text[range.clone()]) {
        if let Some(prev) = tokens.last_mut() {
            let between = &text[prev.range.end..range.start];
            if between == "." && is_abbreviation_run(text, prev.range.clone()) {
                prev.norm.to_mut().push_str(&lowered[range.clone()]);
                prev.range.end = range.end;
                prev.upper = prev.upper && !shape.not_upper;
                return;
            }
        }
    }
    tokens.push(Token {
        norm: Cow::Borrowed(&lowered[range.clone()]),
        upper: shape.letters && !shape.not_upper,
        capital: shape.letters && shape.first_letter_upper,
        range,
    });
}

/// Whether a word is one letter.
fn single_letter(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// True when `range` is a run of single letters joined by dots (`U`, `U.S`).
fn is_abbreviation_run(text: &str, range: Range<usize>) -> bool {
    text[range].split('.').all(|part| part.chars().count() == 1)
}

/// The tokens of an alias, as the matcher compares them.
fn alias_tokens(alias: &str) -> Vec<String> {
    tokenize(alias)
        .into_iter()
        .map(|t| t.norm.into_owned())
        .collect()
}

/// A short hash of a token's normal form: a text whose tokens' hashes do not include all of an
/// alias' ([`alias_token_hashes`]) cannot contain the alias.
pub(crate) fn token_hash(norm: &str) -> u32 {
    crate::stable_hash::stable_hash(norm) as u32
}

/// The hashes of an alias' tokens, as [`token_hash`] gives them for a text.
pub(crate) fn alias_token_hashes(alias: &str) -> Vec<u32> {
    alias_tokens(alias).iter().map(|t| token_hash(t)).collect()
}

/// Whether an alias is an acronym and so must match capitalised text only.
fn is_acronym(alias: &str) -> bool {
    let letters: Vec<char> = alias.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.len() <= 6 && letters.iter().all(|c| c.is_uppercase())
}

/// A place where a topic's alias occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Match {
    pub topic: usize,
    pub range: Range<usize>,
}

#[derive(Debug, Clone)]
struct Pattern {
    tokens: Vec<String>,
    /// The [`token_hash`] of each token: compared before the token itself.
    hashes: Vec<u32>,
    acronym: bool,
    /// Matches a capitalised word only (a one-word name such as "Web").
    capital: bool,
    topic: usize,
}

/// Aliases of many topics, indexed by their first token for one pass over a text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matcher {
    /// By the [`token_hash`] of the first token (what every word of a text is looked up by,
    /// so each word is hashed once, and that hash also serves `find_noting`'s vocabulary).
    by_first: foldhash::HashMap<u32, Vec<Pattern>>,
    /// A hash of the aliases it was made from: what it finds is a function of them alone.
    print: u64,
}

/// A matcher hashes as the aliases it was made from (steps that use one key on it: `memo.rs`).
impl std::hash::Hash for Matcher {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.print.hash(h);
    }
}

impl Matcher {
    /// `aliases[i]` are the names of topic `i` (its title first).
    pub(crate) fn new(aliases: &[Vec<String>]) -> Matcher {
        Matcher::with_capitalised(aliases, &[])
    }

    /// [`Matcher::new`], where the one-word aliases of topic `i` match capitalised words
    /// only if `capitalised[i]` (a name: "Web" does not match "web pages").
    pub(crate) fn with_capitalised(aliases: &[Vec<String>], capitalised: &[bool]) -> Matcher {
        let mut by_first: foldhash::HashMap<u32, Vec<Pattern>> = foldhash::HashMap::default();
        for (topic, names) in aliases.iter().enumerate() {
            for name in names {
                let tokens = alias_tokens(name);
                let hashes: Vec<u32> = tokens.iter().map(|t| token_hash(t)).collect();
                let Some(&first) = hashes.first() else {
                    continue;
                };
                let list = by_first.entry(first).or_default();
                if !list.iter().any(|p| p.topic == topic && p.tokens == tokens) {
                    let capital = capitalised.get(topic).copied().unwrap_or(false)
                        && tokens.len() == 1
                        && name.chars().next().is_some_and(char::is_uppercase);
                    list.push(Pattern {
                        tokens,
                        hashes,
                        acronym: is_acronym(name),
                        capital,
                        topic,
                    });
                }
            }
        }
        for list in by_first.values_mut() {
            // Longest alias first, so "Joint Operations Command" wins over "Joint". (Two first
            // tokens with one hash share a list; each pattern still compares its own tokens.)
            list.sort_by(|a, b| {
                b.tokens
                    .len()
                    .cmp(&a.tokens.len())
                    .then(a.topic.cmp(&b.topic))
            });
        }
        Matcher {
            by_first,
            print: crate::stable_hash::stable_hash(&(aliases, capitalised)),
        }
    }

    /// Every non-overlapping match in `text`, left to right; at one place the longest alias wins,
    /// and every topic whose alias is that long and matches there is reported.
    pub(crate) fn find(&self, text: &str) -> Vec<Match> {
        let lowered = lowercase_in_place(text);
        let tokens = scan(text, &lowered);
        let hashes: Vec<u32> = tokens.iter().map(|t| token_hash(&t.norm)).collect();
        self.find_in_tokens(&tokens, &hashes)
    }

    /// [`Matcher::find`], also adding the hash of every token of `text` to `vocabulary`
    /// (see [`token_hash`]): what an alias needs to be found there at all.
    pub(crate) fn find_noting(&self, text: &str, vocabulary: &mut Vec<u32>) -> Vec<Match> {
        let lowered = lowercase_in_place(text);
        let tokens = scan(text, &lowered);
        let start = vocabulary.len();
        vocabulary.extend(tokens.iter().map(|t| token_hash(&t.norm)));
        self.find_in_tokens(&tokens, &vocabulary[start..])
    }

    /// The matches among `tokens`, whose [`token_hash`]es are `hashes`.
    fn find_in_tokens(&self, tokens: &[Token], hashes: &[u32]) -> Vec<Match> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut best_len = 0;
            if let Some(patterns) = self.by_first.get(&hashes[i]) {
                for p in patterns {
                    if p.tokens.len() < best_len {
                        break;
                    }
                    if matches_at(p, tokens, hashes, i) {
                        best_len = p.tokens.len();
                        let range = tokens[i].range.start..tokens[i + best_len - 1].range.end;
                        if !out
                            .iter()
                            .any(|m: &Match| m.topic == p.topic && m.range == range)
                        {
                            out.push(Match {
                                topic: p.topic,
                                range,
                            });
                        }
                    }
                }
            }
            i += best_len.max(1);
        }
        out
    }
}

/// Whether pattern `p` matches the tokens from `at` on (hashes compared first, then the words).
fn matches_at(p: &Pattern, tokens: &[Token], hashes: &[u32], at: usize) -> bool {
    let end = at + p.tokens.len();
    let (Some(window), Some(window_hashes)) = (tokens.get(at..end), hashes.get(at..end)) else {
        return false;
    };
    window_hashes == p.hashes.as_slice()
        && window.iter().zip(&p.tokens).all(|(t, want)| {
            t.norm == *want && (!p.acronym || t.upper) && (!p.capital || t.capital)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .map(|t| t.norm.into_owned())
            .collect()
    }

    #[test]
    fn punctuation_and_dash_variants_tokenize_alike() {
        for text in [
            "U.S.-Japan",
            "US-Japan",
            "U.S.–Japan",
            "US – Japan",
            "u.s. japan",
        ] {
            assert_eq!(norms(text), ["us", "japan"], "{text}");
        }
        assert_eq!(norms("J-JOC and C2"), ["j", "joc", "and", "c2"]);
        assert_eq!(norms("Kishida’s visit"), ["kishida", "s", "visit"]);
    }

    /// The tokenizer as first written (character by character, shape read back from the
    /// word), against which the byte-wise one is checked.
    fn reference_scan(text: &str) -> Vec<(String, Range<usize>, bool, bool)> {
        let lowered = lowercase_in_place(text);
        let mut out: Vec<(String, Range<usize>, bool, bool)> = Vec::new();
        let mut start: Option<usize> = None;
        let ends = text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')));
        for (i, c) in ends {
            if c.is_alphanumeric() {
                start.get_or_insert(i);
                continue;
            }
            let Some(s) = start.take() else { continue };
            let word = &text[s..i];
            let mut chars = word.chars();
            let single =
                matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
            if let Some(prev) = out.last_mut().filter(|_| single) {
                if &text[prev.1.end..s] == "." && is_abbreviation_run(text, prev.1.clone()) {
                    prev.0.push_str(&lowered[s..i]);
                    prev.1.end = i;
                    prev.2 = prev.2 && word.chars().all(char::is_uppercase);
                    continue;
                }
            }
            let mut letters = word.chars().filter(|c| c.is_alphabetic()).peekable();
            let capital = letters.peek().is_some_and(|c| c.is_uppercase());
            let upper = letters.peek().is_some() && letters.all(char::is_uppercase);
            out.push((lowered[s..i].to_string(), s..i, upper, capital));
        }
        out
    }

    #[test]
    fn scanning_byte_wise_reads_every_text_as_character_wise() {
        for text in [
            "The U.S.-Japan alliance, e.g. AUKUS; 3.a and 2nd C2 j.",
            "Émigré ÉLAN Ωmega İstanbul ǅemal straße ΣΟΦΙΑ x.Y.z",
            "NATO’s “Pillar Two” — 2024–25 U.K. a.b.c. A.B. Z",
            "日本 と 中国 Café CAFÉ 1x2 ⅠⅡ x",
            "",
            "...",
        ] {
            let lowered = lowercase_in_place(text);
            let got: Vec<(String, Range<usize>, bool, bool)> = scan(text, &lowered)
                .into_iter()
                .map(|t| (t.norm.into_owned(), t.range, t.upper, t.capital))
                .collect();
            assert_eq!(got, reference_scan(text), "{text}");
            let chars: String = text
                .chars()
                .map(
                    |c| match (c.to_lowercase().next(), c.to_lowercase().nth(1)) {
                        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                        _ => c,
                    },
                )
                .collect();
            assert_eq!(lowered, chars, "{text}");
        }
    }

    #[test]
    fn words_whose_hashes_collide_are_told_apart() {
        // Two words with one `token_hash`: the matcher looks words up by hash, then compares.
        let mut seen: std::collections::HashMap<u32, String> = Default::default();
        let (a, b) = (0..2_000_000)
            .map(|i| format!("w{i}"))
            .find_map(|w| {
                seen.insert(token_hash(&w), w.clone())
                    .map(|other| (other, w))
            })
            .expect("a collision among two million words");
        let m = matcher(&[&[a.as_str()], &[&format!("{b} x")]]);
        assert_eq!(found(&m, &format!("{b} y")), []);
        assert_eq!(
            found(&m, &format!("{a} {b} x")),
            [(0, a.clone()), (1, format!("{b} x"))]
        );
    }

    #[test]
    fn ranges_point_into_the_text() {
        let text = "The U.S. and Japan";
        let t = tokenize(text);
        assert_eq!(&text[t[1].range.clone()], "U.S");
        assert_eq!(&text[t[3].range.clone()], "Japan");
    }

    fn matcher(topics: &[&[&str]]) -> Matcher {
        let aliases: Vec<Vec<String>> = topics
            .iter()
            .map(|names| names.iter().map(|s| s.to_string()).collect())
            .collect();
        Matcher::new(&aliases)
    }

    fn found(m: &Matcher, text: &str) -> Vec<(usize, String)> {
        m.find(text)
            .into_iter()
            .map(|x| (x.topic, text[x.range].to_string()))
            .collect()
    }

    #[test]
    fn alias_table() {
        let m = matcher(&[
            &[
                "Command and control",
                "C2",
                "Joint Operations Command",
                "J-JOC",
            ],
            &["US-Japan alliance"],
            &["AUKUS"],
            &["United States", "US"],
        ]);
        // (text, expected matches)
        let cases: &[(&str, &[(usize, &str)])] = &[
            (
                "Upgrading command-and-control structures",
                &[(0, "command-and-control")],
            ),
            (
                "Command and Control of forces",
                &[(0, "Command and Control")],
            ),
            (
                "the new J-JOC, a joint operations command",
                &[(0, "J-JOC"), (0, "joint operations command")],
            ),
            (
                "C2 matters; c2 does not (acronyms match capitals only)",
                &[(0, "C2")],
            ),
            (
                "The U.S.–Japan Alliance is old",
                &[(1, "U.S.–Japan Alliance")],
            ),
            ("AUKUS Pillar Two", &[(2, "AUKUS")]),
            ("CAUKUSX is not it", &[]),
            ("aukus in lower case", &[]),
            ("let us go to the US", &[(3, "US")]),
            ("the U.S. said", &[(3, "U.S")]),
            ("commander and controller", &[]),
        ];
        for (text, expected) in cases {
            let want: Vec<(usize, String)> =
                expected.iter().map(|(t, s)| (*t, s.to_string())).collect();
            assert_eq!(found(&m, text), want, "{text}");
        }
    }

    #[test]
    fn longest_alias_wins_at_one_place() {
        let m = matcher(&[&["Joint"], &["Joint Operations Command"]]);
        assert_eq!(
            found(&m, "a Joint Operations Command"),
            [(1, "Joint Operations Command".to_string())]
        );
        assert_eq!(found(&m, "a joint effort"), [(0, "joint".to_string())]);
    }

    #[test]
    fn two_topics_sharing_an_alias_both_match() {
        let m = matcher(&[&["Quad"], &["Quad", "Quadrilateral Security Dialogue"]]);
        let topics: Vec<usize> = m
            .find("the Quad met")
            .into_iter()
            .map(|x| x.topic)
            .collect();
        assert_eq!(topics, [0, 1]);
    }
}
