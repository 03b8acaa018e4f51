//! Sentences of a passage, for the timeline: each dated sentence becomes one event's snippet.
//!
//! A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets) followed by white
//! space and a capital letter, a digit or an opening quote. A period after a single capital
//! letter ("U.S.", "J. Smith") or after a known abbreviation ("Mr.", "Jan.", "No.") ends no
//! sentence. Pure and allocation-light: sentences are byte ranges of the passage text.

use std::ops::Range;

/// Words that end in a period without ending a sentence (compared case-insensitively).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "no", "nos", "vs", "etc", "e.g", "i.e",
    "gen", "adm", "lt", "col", "capt", "sgt", "sen", "rep", "gov", "pres", "amb", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "co",
    "ltd", "dept", "approx", "fig", "vol", "art", "sec",
];

/// The byte ranges of the sentences of `text`, trimmed, in order; empty ones are left out.
pub(crate) fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (at, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let end = closing_end(text, at + c.len_utf8());
        if c == '.' && is_abbreviation(&text[start..at]) {
            continue;
        }
        if starts_new_sentence(&text[end..]) {
            push_trimmed(text, start..end, &mut sentences);
            start = end;
        }
    }
    if start < bytes.len() {
        push_trimmed(text, start..bytes.len(), &mut sentences);
    }
    sentences
}

/// Past any closing quotes and brackets right after the sentence mark.
fn closing_end(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    let skipped: usize = rest
        .chars()
        .take_while(|c| matches!(c, '"' | '\'' | '”' | '’' | ')' | ']'))
        .map(char::len_utf8)
        .sum();
    from + skipped
}

/// True when the word before the period is an abbreviation or a single letter.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    let last = word.rsplit('.').next().unwrap_or(word);
    let single_letter = last.chars().count() == 1 && last.chars().all(char::is_alphabetic);
    single_letter
        || ABBREVIATIONS
            .iter()
            .any(|a| a.eq_ignore_ascii_case(word) || a.eq_ignore_ascii_case(last))
}

/// Whether the text after a sentence mark begins a new sentence.
fn starts_new_sentence(after: &str) -> bool {
    let trimmed = after.trim_start();
    if trimmed.len() == after.len() && !after.is_empty() {
        return false;
    }
    match trimmed.chars().next() {
        None => true,
        Some(c) => c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '('),
    }
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn sentence_table() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            (
                "The U.S. Navy sailed. It left.",
                &["The U.S. Navy sailed.", "It left."],
            ),
            (
                "Mr. Smith went. Then Dr. Jones.",
                &["Mr. Smith went.", "Then Dr. Jones."],
            ),
            (
                "It grew 2.5 percent. Fine?",
                &["It grew 2.5 percent.", "Fine?"],
            ),
            (
                "He said “stop.” Then left.",
                &["He said “stop.”", "Then left."],
            ),
            (
                "On Jan. 5 they met. Good.",
                &["On Jan. 5 they met.", "Good."],
            ),
            ("No end mark", &["No end mark"]),
            ("In 2022. 2023 was calm.", &["In 2022.", "2023 was calm."]),
            ("  ", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(sentences(text), *expected, "{text:?}");
        }
    }
}
