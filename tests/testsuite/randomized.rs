//! Randomized tests of the parsing steps (the fuzz targets' checks, `dossier::fuzzing`, on
//! inputs built from a seeded generator), so `cargo test` exercises them without cargo-fuzz:
//! front matter, front-matter dates, dates in prose, slugs and paths, `.txt` and markdown.

use dossier::fuzzing;

/// A small deterministic generator (xorshift64*): the same inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Up to `pieces` fragments from `alphabet`, concatenated.
    fn text(&mut self, alphabet: &[&str], pieces: usize) -> String {
        let count = self.below(pieces + 1);
        (0..count)
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }
}

const STRUCTURE: &[&str] = &[
    "---",
    "+++",
    "----",
    "...",
    "\n",
    "\n\n",
    " ",
    "\t",
    "\r\n",
    "\u{feff}",
    "\u{0}",
    "\u{1b}",
    "title: ",
    "title = ",
    "date: ",
    "tags: [",
    "]",
    ", ",
    "events:\n  - date: ",
    "    title: ",
    ": ",
    "\"",
    "'",
    "#",
    "- ",
    "> ",
    "* ",
    "_",
    "`",
    "```",
    "[a](b.md)",
    "<!-- more -->",
    "<b>",
    "&",
    "1.10",
    "0x1F",
    "1e3",
    "true",
    "null",
    "~",
    "2024-04-04",
    "2024-13-40",
    "é",
    "北京",
    "🙂",
    "Memo",
    "SVG",
    "Caption",
    "Approved.",
    "A sentence that ends.",
    "Word",
];

const DATES: &[&str] = &[
    "2024",
    "-",
    "04",
    "13",
    "31",
    "0",
    " ",
    "T",
    "12:00:00",
    "+0800",
    "Z",
    "April",
    "4",
    ", ",
    "early",
    "late",
    "mid-",
    "spring",
    "the",
    "of",
    "in",
    "on",
    "by",
    "until",
    "to",
    "–",
    "last",
    "next",
    "year",
    "month",
    "week",
    "ago",
    "three",
    "days",
    "Q2",
    "1990s",
    "'",
    ".",
    "9999",
    "0000",
    "February 29",
    "é",
];

fn run(seed: u64, rounds: usize, alphabet: &[&str], pieces: usize, check: fn(&str)) {
    let mut rng = Rng(seed);
    for _ in 0..rounds {
        let input = rng.text(alphabet, pieces);
        check(&input);
    }
}

#[test]
fn front_matter_never_panics_and_keeps_its_promises() {
    run(1, 3000, STRUCTURE, 40, fuzzing::front_matter);
}

#[test]
fn dates_never_panic() {
    run(2, 5000, DATES, 8, fuzzing::front_matter_date);
    run(3, 3000, DATES, 30, fuzzing::prose_dates);
}

#[test]
fn slugs_are_safe_folder_names() {
    run(4, 1000, STRUCTURE, 60, fuzzing::slug_and_path);
    fuzzing::slug_and_path(&"x".repeat(300));
    fuzzing::slug_and_path("..");
}

#[test]
fn txt_reader_loses_no_word() {
    run(5, 3000, STRUCTURE, 40, fuzzing::plain_text);
}

#[test]
fn markdown_passages_are_in_order_and_in_range() {
    run(6, 3000, STRUCTURE, 60, fuzzing::markdown_passages);
}
