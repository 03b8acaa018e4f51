//! The words extraction has met, each looked up once per use: what the lexicon says about it
//! (stopword, rank in common English, connector), its inflection key, and a number for it and
//! for its key, so that a concept phrase is keyed by up to four numbers ([`PhraseKey`]) rather
//! than by a string built for each of its uses.
//!
//! One table per thread, shared by the documents the thread extracts (a corpus repeats its
//! vocabulary: stemming each document's words anew was a fifth of the extraction). The numbers
//! mean something only inside the table that gave them, so a document takes the table for
//! the whole of its extraction ([`WordTable::take`]) and every key leaves it as its string
//! ([`WordTable::phrase`]): what extraction gives does not depend on the table's history.

use rust_stemmers::Stemmer;

use super::extract::inflection_key;
use super::lexicon::{background_rank, is_stopword, INNER_CONNECTORS};

type Map<K, V> = foldhash::HashMap<K, V>;

/// A concept phrase's key: the numbers of its words' keys (connectors as themselves), the
/// first in the highest bits that are not zero, 32 bits each (numbers start at 1, so a
/// shorter phrase never equals a longer one).
pub(super) type PhraseKey = u128;

/// Most words in a phrase key.
pub(super) const PHRASE_WORDS: usize = 4;

/// What extraction needs to know about one lower-case word.
#[derive(Debug, Clone, Copy)]
pub(super) struct Lexeme {
    /// The word's own number.
    pub id: u32,
    /// The number of what it adds to a concept phrase's key: its inflection key, or the word
    /// itself for a connector ("of", "and").
    pub part: u32,
    /// Its rank in common English (`lexicon::background_rank`), `u32::MAX` when rarer.
    pub rank: u32,
    /// Long enough, letters only and no stopword: a word a concept can hold.
    pub concept: bool,
    /// One of `lexicon::INNER_CONNECTORS`.
    pub connector: bool,
}

/// The words one thread has met (see the module's comment).
#[derive(Default)]
pub(super) struct WordTable {
    lexemes: Map<String, Lexeme>,
    numbers: Map<String, u32>,
    /// By number; number 0 is no string.
    strings: Vec<String>,
}

thread_local! {
    static TABLE: std::cell::RefCell<WordTable> = std::cell::RefCell::new(WordTable::default());
}

#[cfg(test)]
thread_local! {
    /// How many words this thread has stemmed (for tests).
    pub(super) static STEMMED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Most words a thread's table keeps: beyond, the next document starts a new one.
const TABLE_LIMIT: usize = 200_000;

impl WordTable {
    /// The thread's table, for one document's extraction (a new one when it grew too big).
    pub(super) fn take() -> WordTable {
        let table = TABLE.with(|cell| cell.take());
        if table.lexemes.len() >= TABLE_LIMIT {
            return WordTable::default();
        }
        table
    }

    /// Gives the table back to the thread for its next document.
    pub(super) fn put_back(self) {
        TABLE.with(|cell| cell.replace(self));
    }

    /// What the table knows about a lower-case word, learnt on first sight.
    pub(super) fn lexeme(&mut self, stemmer: &Stemmer, word: &str) -> Lexeme {
        if let Some(lexeme) = self.lexemes.get(word) {
            return *lexeme;
        }
        let connector = INNER_CONNECTORS.contains(&word);
        let id = self.number(word);
        let part = if connector {
            id
        } else {
            #[cfg(test)]
            STEMMED.with(|n| n.set(n.get() + 1));
            let key = inflection_key(stemmer, word);
            self.number(&key)
        };
        let lexeme = Lexeme {
            id,
            part,
            rank: background_rank(word).unwrap_or(u32::MAX),
            concept: word.len() >= 3 && word.chars().all(char::is_alphabetic) && !is_stopword(word),
            connector,
        };
        self.lexemes.insert(word.to_string(), lexeme);
        lexeme
    }

    /// The number of a word met before, if any.
    pub(super) fn known(&self, word: &str) -> Option<u32> {
        self.numbers.get(word).copied()
    }

    fn number(&mut self, s: &str) -> u32 {
        if let Some(&n) = self.numbers.get(s) {
            return n;
        }
        if self.strings.is_empty() {
            self.strings.push(String::new());
        }
        let n = self.strings.len() as u32;
        self.strings.push(s.to_string());
        self.numbers.insert(s.to_string(), n);
        n
    }

    /// A phrase key as words joined by spaces.
    pub(super) fn phrase(&self, key: PhraseKey) -> String {
        let mut out = String::new();
        for slot in (0..PHRASE_WORDS).rev() {
            let n = (key >> (32 * slot)) as u32;
            if n == 0 {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(self.strings.get(n as usize).map_or("", String::as_str));
        }
        out
    }
}

/// `key` with one more word's number at its end.
pub(super) fn extend(key: PhraseKey, part: u32) -> PhraseKey {
    (key << 32) | PhraseKey::from(part)
}

/// The key of the words' parts in order, `None` when they are more than a key holds (no
/// phrase that long is counted).
pub(super) fn key_of(parts: impl ExactSizeIterator<Item = u32>) -> Option<PhraseKey> {
    (parts.len() <= PHRASE_WORDS).then(|| parts.fold(0, extend))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_key_reads_back_as_its_words() {
        let stemmer = super::super::lexicon::stemmer();
        let mut table = WordTable::default();
        let words = ["supply", "chains", "of", "semiconductors"];
        let parts: Vec<u32> = words
            .iter()
            .map(|w| table.lexeme(&stemmer, w).part)
            .collect();
        let key = key_of(parts.iter().copied()).unwrap_or_default();
        assert_eq!(table.phrase(key), "suppli chain of semiconductor");
        assert_ne!(key, key_of(parts[1..].iter().copied()).unwrap_or_default());
        assert_eq!(key_of([1, 2, 3, 4, 5].into_iter()), None);
        assert_eq!(
            table.known("chains"),
            Some(table.lexeme(&stemmer, "chains").id)
        );
    }
}
