//! The date grammar: finds the dates in one sentence and resolves them against a document date.
//!
//! A sentence is cut into tokens (words, numbers, punctuation, with byte offsets); small matchers
//! then try, at each token, the date shapes of English prose from the most specific to the
//! least: ISO dates, "May 18, 2023", "18 May 2023", "March 2025", "April 7", seasons, relative
//! phrases ("last month", "this week", "earlier this year"), a month with a cue ("in June",
//! "the April summit") and bare years ("in 2022", "by 2027"). Numbers that are counts, not years
//! ("250 people", "1 percent", "Article 5", "the past 70 years", "G7", "2+2", an index base
//! "2015 = 100") are refused by
//! the year guard. Two dates joined by "to", "-" or "and" after "between" become one range.
//!
//! [`find_dates`] gives [`DateExpr`]s, some relative; [`resolve`] turns one into an
//! [`EventDate`] given the document's date (relative ones need it). Everything here is pure.

use std::ops::Range;

use chrono::{Datelike, Duration, NaiveDate};

use crate::parse::dates::{self, DocDate, Precision};

/// A calendar date at year, month or day precision, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// A season of the northern hemisphere (the sources are about Japan and the US).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

/// A date that needs the document's date to be placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relative {
    /// "April 7": the document's year.
    MonthDay { month: u32, day: u32 },
    /// "in June", "the April summit": the document's year.
    Month(u32),
    /// "last October" (-1), "this October" (0), "next October" (1).
    NamedMonth { month: u32, shift: i32 },
    /// "this spring" (0), "last summer" (-1), "next winter" (1).
    Season { season: Season, shift: i32 },
    /// "yesterday" (-1), "3 days ago" (-3).
    Days(i64),
    /// "this week" (0), "last week" (-1), "next week" (1): seven-day spans.
    Week(i32),
    /// "this month" (0), "last month" (-1), "2 months ago" (-2).
    Months(i32),
    /// "this year", "earlier this year" (0), "last year" (-1), "next year" (1).
    Years(i32),
}

/// What a date in prose says, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateExpr {
    Absolute(Ymd),
    /// "2022–2024", "between March and May 2023", "May 18–20, 2023".
    Range(Ymd, Ymd),
    /// "spring 2024", "the summer of 2023".
    SeasonOf(Season, i32),
    Relative(Relative),
}

impl DateExpr {
    /// Counted from the day the document was written ("yesterday", "this week", "last month",
    /// "last October", "this spring", "next year"): in one document, every such mention of
    /// one date points at the same moment of its news. "April 7" and "in June" only borrow
    /// the document's year.
    pub fn is_deictic(&self) -> bool {
        matches!(
            self,
            DateExpr::Relative(
                Relative::NamedMonth { .. }
                    | Relative::Season { .. }
                    | Relative::Days(_)
                    | Relative::Week(_)
                    | Relative::Months(_)
                    | Relative::Years(_)
            )
        )
    }
}

/// One date found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub expr: DateExpr,
    /// Byte range of the date's words in the sentence.
    pub span: Range<usize>,
    /// Written as a deadline: "by March 2025", "until 2027", "later this year".
    pub deadline: bool,
}

/// A resolved date: a start at its precision and, for ranges, an end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventDate {
    pub start: DocDate,
    pub end: Option<DocDate>,
}

impl EventDate {
    pub fn single(start: DocDate) -> EventDate {
        EventDate { start, end: None }
    }

    /// The first day the date covers.
    pub fn first_day(&self) -> NaiveDate {
        self.start.date
    }

    /// The last day the date covers (the end of a range, of a month, of a year).
    pub fn last_day(&self) -> NaiveDate {
        period_end(&self.end.unwrap_or(self.start))
    }

    /// `2024-04-07`, `2025-03`, `2024`, or a range `2022/2024` (ISO 8601 interval).
    pub fn iso(&self) -> String {
        match self.end {
            None => self.start.iso(),
            Some(end) => format!("{}/{}", self.start.iso(), end.iso()),
        }
    }

    /// `7 April 2024`, `March 2025`, `2024`, `March – May 2024`, `2022 – 2024`.
    pub fn display(&self) -> String {
        let Some(end) = self.end else {
            return self.start.display();
        };
        let same_year = self.start.year() == end.year();
        let start = match (self.start.precision, same_year) {
            (Precision::Month, true) => dates::month_name(&self.start.date).to_string(),
            (Precision::Day, true) => dates::day_month(&self.start.date),
            _ => self.start.display(),
        };
        format!("{start} – {}", end.display())
    }

    /// Whether the two dates share at least one day.
    pub fn overlaps(&self, other: &EventDate) -> bool {
        self.first_day() <= other.last_day() && other.first_day() <= self.last_day()
    }
}

/// The last day of a date's period at its precision.
pub fn period_end(date: &DocDate) -> NaiveDate {
    let d = date.date;
    match date.precision {
        Precision::Day => d,
        Precision::Month => month_end(d.year(), d.month()).unwrap_or(d),
        Precision::Year => NaiveDate::from_ymd_opt(d.year(), 12, 31).unwrap_or(d),
    }
}

fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    /// Digits only, or digits with an ordinal suffix ("18th").
    Number,
    /// A number that is no year or day: "1,500", "2.5".
    OtherNumber,
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
    end: usize,
}

impl Token<'_> {
    /// The word without a possessive `'s` / `’s`.
    fn word(&self) -> &str {
        if self.kind != Kind::Word {
            return "";
        }
        self.text
            .strip_suffix("’s")
            .or_else(|| self.text.strip_suffix("'s"))
            .or_else(|| self.text.strip_suffix('’'))
            .unwrap_or(self.text)
    }

    fn is(&self, word: &str) -> bool {
        self.kind == Kind::Word && self.word().eq_ignore_ascii_case(word)
    }

    fn is_any(&self, words: &[&str]) -> bool {
        self.kind == Kind::Word && words.iter().any(|w| self.word().eq_ignore_ascii_case(w))
    }

    fn is_capitalized(&self) -> bool {
        self.text.starts_with(|c: char| c.is_uppercase())
    }

    fn number(&self) -> Option<u32> {
        if self.kind != Kind::Number {
            return None;
        }
        let digits = self
            .text
            .trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if digits.len() > 4 {
            return None;
        }
        digits.parse().ok()
    }

    fn is_ordinal(&self) -> bool {
        self.kind == Kind::Number && self.text.ends_with(|c: char| c.is_ascii_alphabetic())
    }

    fn is_punct(&self, chars: &str) -> bool {
        self.kind == Kind::Punct && chars.contains(self.text)
    }
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            let end = start + c.len_utf8();
            tokens.push(token(text, Kind::Punct, start, end));
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            let joins = next.is_alphanumeric()
                || (is_apostrophe(next) && followed_by_letter(text, at + next.len_utf8()))
                || (matches!(next, ',' | '.')
                    && c.is_ascii_digit()
                    && text[start..at]
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
                    && text[at + 1..].starts_with(|d: char| d.is_ascii_digit()));
            if !joins {
                break;
            }
            end = at + next.len_utf8();
            chars.next();
        }
        tokens.push(token(text, classify(&text[start..end]), start, end));
    }
    tokens
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn followed_by_letter(text: &str, at: usize) -> bool {
    text[at..].starts_with(|c: char| c.is_alphabetic())
}

fn classify(text: &str) -> Kind {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &text[digits..];
    if digits == 0 {
        Kind::Word
    } else if rest.is_empty() || ["st", "nd", "rd", "th"].contains(&rest) {
        Kind::Number
    } else if rest.starts_with([',', '.']) {
        Kind::OtherNumber
    } else {
        Kind::Word
    }
}

fn token(text: &str, kind: Kind, start: usize, end: usize) -> Token<'_> {
    Token {
        kind,
        text: &text[start..end],
        start,
        end,
    }
}

// ---------------------------------------------------------------------------------------------
// Word lists

/// True for a full month name in any case ("March", "march"): other steps use it to keep
/// month names out of their key terms and name candidates.
pub fn is_month_name(word: &str) -> bool {
    MONTHS.iter().any(|m| m.eq_ignore_ascii_case(word))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const MONTH_ABBREVIATIONS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Words after which a month standing alone is a date ("in June", "since April").
const MONTH_CUES: &[&str] = &[
    "in", "on", "since", "until", "till", "by", "during", "through", "early", "late", "mid",
    "before", "after", "from", "of", "the", "between",
];

/// Words before a number that make it a label or a quantity, not a year.
const NOT_YEAR_BEFORE: &[&str] = &[
    "article",
    "section",
    "chapter",
    "paragraph",
    "clause",
    "resolution",
    "no",
    "number",
    "page",
    "pages",
    "p",
    "pp",
    "room",
    "flight",
    "route",
    "highway",
    "item",
    "rule",
    "part",
    "volume",
    "vol",
    "table",
    "figure",
    "fig",
    "form",
    "about",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "some",
    "around",
    "than",
    "total",
    "exactly",
    "only",
    "just",
    "type",
    "model",
    "unit",
    "code",
    "hull",
    "bill",
];

/// Words after a number that make it a quantity.
const QUANTITY_NOUNS: &[&str] = &[
    "people",
    "persons",
    "troops",
    "soldiers",
    "sailors",
    "marines",
    "personnel",
    "staff",
    "employees",
    "workers",
    "jobs",
    "residents",
    "citizens",
    "members",
    "delegates",
    "students",
    "visitors",
    "tourists",
    "refugees",
    "migrants",
    "casualties",
    "deaths",
    "dead",
    "lives",
    "victims",
    "units",
    "tons",
    "tonnes",
    "barrels",
    "dollars",
    "yen",
    "euros",
    "yuan",
    "won",
    "km",
    "kilometers",
    "kilometres",
    "miles",
    "meters",
    "metres",
    "feet",
    "acres",
    "hectares",
    "percent",
    "per",
    "times",
    "missiles",
    "rockets",
    "ships",
    "vessels",
    "aircraft",
    "planes",
    "jets",
    "fighters",
    "tanks",
    "vehicles",
    "cars",
    "agreements",
    "deals",
    "projects",
    "companies",
    "firms",
    "cases",
    "votes",
    "seats",
    "rounds",
    "shells",
    "items",
    "pages",
    "words",
    "hours",
    "minutes",
    "seconds",
    "days",
    "weeks",
    "months",
    "years",
    "decades",
    "centuries",
    "points",
    "sites",
    "bases",
    "satellites",
    "drones",
    "warheads",
    "households",
    "homes",
    "men",
    "women",
    "children",
    "million",
    "billion",
    "trillion",
    "thousand",
    "hundred",
    "kg",
    "mw",
    "gw",
    "participants",
    "countries",
    "nations",
    "states",
    "officials",
    "officers",
];

/// Words before a year followed by a plural noun that keep it a year ("the 2024 elections").
const YEAR_DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "of", "in", "by",
    "since", "until", "for", "from", "to", "during", "after", "before", "and", "or", "mid",
    "early", "late", "on", "at", "through",
];

const SEASONS: &[(&str, Season)] = &[
    ("spring", Season::Spring),
    ("summer", Season::Summer),
    ("autumn", Season::Autumn),
    ("fall", Season::Autumn),
    ("winter", Season::Winter),
];

const SMALL_NUMBERS: &[(&str, u32)] = &[
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
];

/// The month number of a capitalized month name (or abbreviation when `abbreviated` is allowed).
fn month_of(token: &Token, abbreviated: bool) -> Option<u32> {
    if token.kind != Kind::Word || !token.is_capitalized() {
        return None;
    }
    let word = token.word();
    let full = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(word));
    let short = || {
        abbreviated
            .then(|| {
                MONTH_ABBREVIATIONS
                    .iter()
                    .position(|m| m.eq_ignore_ascii_case(word))
                    .or_else(|| word.eq_ignore_ascii_case("sept").then_some(8))
            })
            .flatten()
    };
    full.or_else(short).and_then(|i| u32::try_from(i + 1).ok())
}

fn season_of(token: &Token) -> Option<Season> {
    SEASONS
        .iter()
        .find(|(name, _)| token.is(name))
        .map(|(_, season)| *season)
}

// ---------------------------------------------------------------------------------------------
// Matchers: each looks at the tokens from position `i` and returns what it read and how many
// tokens it used.

struct Cursor<'t, 'a> {
    tokens: &'t [Token<'a>],
}

type Match = (DateExpr, usize);

impl<'a> Cursor<'_, 'a> {
    fn get(&self, i: usize) -> Option<&Token<'a>> {
        self.tokens.get(i)
    }

    fn prev(&self, i: usize) -> Option<&Token<'a>> {
        i.checked_sub(1).and_then(|p| self.tokens.get(p))
    }

    /// Tokens `i` and `i + 1` touch (no space between them).
    fn touching(&self, i: usize) -> bool {
        match (self.get(i), self.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// A plain four-digit year at `i`, 1800–2100, with no sign of being a count or a label.
    fn year_at(&self, i: usize) -> Option<i32> {
        let t = self.get(i)?;
        if t.is_ordinal() || t.text.len() != 4 {
            return None;
        }
        let year = i32::try_from(t.number()?).ok()?;
        if !(1800..=2100).contains(&year) {
            return None;
        }
        if let Some(p) = self.prev(i) {
            let glued = p.end == t.start;
            let period_prefix = p.is_punct("-")
                && self
                    .prev(i - 1)
                    .is_some_and(|w| w.is_any(&["mid", "early", "late", "pre", "post"]));
            if p.is_any(NOT_YEAR_BEFORE)
                || p.is_punct("$#£€¥+")
                || (glued && !period_prefix && (p.kind == Kind::Word || p.is_punct("-/.")))
            {
                return None;
            }
        }
        if let Some(n) = self.get(i + 1) {
            let glued = n.start == t.end;
            // "2015 = 100": the base of an index, not a happening.
            if n.is_any(QUANTITY_NOUNS) || n.is_punct("%+=") || (glued && n.is_punct("/:")) {
                return None;
            }
            if self.counts_plural(i, n) {
                return None;
            }
        }
        Some(year)
    }

    /// "lists 2019 incidents": a number before a plural noun, with no determiner or
    /// preposition before it ("the 2024 elections", "in 2019 exports" stay years).
    fn counts_plural(&self, i: usize, next: &Token) -> bool {
        let w = next.text;
        let plural = next.kind == Kind::Word
            && !next.is_capitalized()
            && w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("’s")
            && !w.ends_with("'s");
        plural
            && !self
                .prev(i)
                .is_some_and(|p| p.is_any(YEAR_DETERMINERS) || p.kind == Kind::Punct)
    }

    /// A day of the month (1–31) at `i`, possibly an ordinal ("18th").
    fn day_at(&self, i: usize) -> Option<u32> {
        let t = self.get(i)?;
        let day = t.number()?;
        let digits = t.text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        ((1..=31).contains(&day) && digits.len() <= 2).then_some(day)
    }

    /// An optional comma at `i`: how many tokens it takes (0 or 1).
    fn comma(&self, i: usize) -> usize {
        usize::from(self.get(i).is_some_and(|t| t.is_punct(",")))
    }

    /// `.` right after an abbreviated month: how many tokens it takes.
    fn abbreviation_dot(&self, i: usize) -> usize {
        usize::from(self.touching(i) && self.get(i + 1).is_some_and(|t| t.is_punct(".")))
    }

    fn is_dash(&self, i: usize) -> bool {
        self.get(i).is_some_and(|t| t.is_punct("-–—"))
    }

    /// `2023-05-18`, `2024-04` (a month when the second part is no later two-digit year).
    fn iso(&self, i: usize) -> Option<Match> {
        let year = self.year_at(i).or_else(|| self.glued_year(i))?;
        if !(self.touching(i) && self.is_dash(i + 1) && self.touching(i + 1)) {
            return None;
        }
        let second = self.get(i + 2)?;
        if second.text.len() != 2 || second.is_ordinal() {
            return None;
        }
        let month = second.number()?;
        let two_digit_range = u32::try_from(year % 100).is_ok_and(|yy| month > yy);
        if two_digit_range || !(1..=12).contains(&month) {
            return None;
        }
        let day = (self.touching(i + 2) && self.is_dash(i + 3) && self.touching(i + 3))
            .then(|| self.get(i + 4))
            .flatten()
            .filter(|t| t.text.len() == 2)
            .and_then(Token::number);
        let ymd = Ymd {
            year,
            month: Some(month),
            day,
        };
        valid(ymd)?;
        Some((DateExpr::Absolute(ymd), if day.is_some() { 5 } else { 3 }))
    }

    /// A four-digit year in the ISO shape, where the year guard would refuse the glued dash.
    fn glued_year(&self, i: usize) -> Option<i32> {
        let t = self.get(i)?;
        (t.kind == Kind::Number && t.text.len() == 4 && !t.is_ordinal())
            .then(|| t.number())
            .flatten()
            .and_then(|n| i32::try_from(n).ok())
            .filter(|y| (1800..=2100).contains(y))
    }

    /// `May 18, 2023`, `May 18–20, 2023`, `April 7`, `Jan. 5`.
    fn month_day(&self, i: usize) -> Option<Match> {
        let month = month_of(self.get(i)?, true)?;
        let mut j = i + 1 + self.abbreviation_dot(i);
        let day = self.day_at(j)?;
        if self.get(j + 1).is_some_and(|t| t.is_any(QUANTITY_NOUNS)) {
            return None;
        }
        j += 1;
        let last_day = if self.is_dash(j) {
            self.day_at(j + 1).inspect(|_| j += 2)
        } else {
            None
        };
        let comma = self.comma(j);
        let first = Ymd {
            year: 0,
            month: Some(month),
            day: Some(day),
        };
        match self.year_at(j + comma) {
            Some(year) => {
                let start = Ymd { year, ..first };
                valid(start)?;
                let expr = match last_day {
                    Some(d) if d > day => DateExpr::Range(
                        start,
                        valid(Ymd {
                            day: Some(d),
                            ..start
                        })?,
                    ),
                    _ => DateExpr::Absolute(start),
                };
                Some((expr, j + comma + 1 - i))
            }
            None => {
                valid(Ymd {
                    year: 2000,
                    ..first
                })?;
                Some((DateExpr::Relative(Relative::MonthDay { month, day }), j - i))
            }
        }
    }

    /// `18 May 2023`, `7 April`, `18th of May 2023`.
    fn day_month(&self, i: usize) -> Option<Match> {
        let day = self.day_at(i)?;
        let of = usize::from(self.get(i + 1).is_some_and(|t| t.is("of")));
        if of == 1 && !self.get(i)?.is_ordinal() {
            return None;
        }
        let m = i + 1 + of;
        let month = month_of(self.get(m)?, true)?;
        let j = m + 1 + self.abbreviation_dot(m);
        let comma = self.comma(j);
        match self.year_at(j + comma) {
            Some(year) => {
                let ymd = valid(Ymd {
                    year,
                    month: Some(month),
                    day: Some(day),
                })?;
                Some((DateExpr::Absolute(ymd), j + comma + 1 - i))
            }
            None => {
                valid(Ymd {
                    year: 2000,
                    month: Some(month),
                    day: Some(day),
                })?;
                Some((DateExpr::Relative(Relative::MonthDay { month, day }), j - i))
            }
        }
    }

    /// `9–11 July 2023`, `from 9 to 11 July 2023`: a span of days in one month.
    fn day_span(&self, i: usize) -> Option<Match> {
        let first = self.day_at(i)?;
        let connector = self.get(i + 1)?;
        if !(connector.is_punct("-–—") || connector.is_any(&["to", "and", "through"])) {
            return None;
        }
        let (DateExpr::Absolute(end), used) = self.day_month(i + 2)? else {
            return None;
        };
        let start = valid(Ymd {
            day: Some(first),
            ..end
        })?;
        (end.day > Some(first)).then_some((DateExpr::Range(start, end), used + 2))
    }

    /// `March 2025`, `Oct. 2000`, `March of 2025`.
    fn month_year(&self, i: usize) -> Option<Match> {
        let month = month_of(self.get(i)?, true)?;
        let mut j = i + 1 + self.abbreviation_dot(i);
        j += self.comma(j);
        if self.get(j).is_some_and(|t| t.is("of")) {
            j += 1;
        }
        let year = self.year_at(j)?;
        Some((
            DateExpr::Absolute(Ymd {
                year,
                month: Some(month),
                day: None,
            }),
            j + 1 - i,
        ))
    }

    /// `spring 2024`, `the summer of 2023`; `this spring`, `last winter`, `next fall`.
    fn season(&self, i: usize) -> Option<Match> {
        let first = self.get(i)?;
        if let Some(season) = season_of(first) {
            let of = usize::from(self.get(i + 1).is_some_and(|t| t.is("of")));
            let year = self.year_at(i + 1 + of)?;
            return Some((DateExpr::SeasonOf(season, year), 2 + of));
        }
        let shift = shift_of(first)?;
        let season = season_of(self.get(i + 1)?)?;
        Some((DateExpr::Relative(Relative::Season { season, shift }), 2))
    }

    /// `last October`, `this March`, `next June`.
    fn named_month(&self, i: usize) -> Option<Match> {
        let shift = shift_of(self.get(i)?)?;
        let month = month_of(self.get(i + 1)?, false)?;
        Some((DateExpr::Relative(Relative::NamedMonth { month, shift }), 2))
    }

    /// `yesterday`, `(earlier|later) this week/month/year`, `last year`, `next month`.
    fn relative(&self, i: usize) -> Option<Match> {
        let t = self.get(i)?;
        if t.is("yesterday") {
            return Some((DateExpr::Relative(Relative::Days(-1)), 1));
        }
        let modifier = usize::from(t.is_any(&["earlier", "later"]));
        let shift_token = self.get(i + modifier)?;
        let shift = shift_of(shift_token)?;
        if modifier == 0
            && self
                .prev(i)
                .is_some_and(|p| p.is_any(&["the", "a", "past"]))
        {
            return None;
        }
        let unit = self.get(i + modifier + 1)?;
        let expr = if unit.is("week") {
            Relative::Week(shift)
        } else if unit.is("month") {
            Relative::Months(shift)
        } else if unit.is("year") {
            Relative::Years(shift)
        } else {
            return None;
        };
        Some((DateExpr::Relative(expr), modifier + 2))
    }

    /// `two years ago`, `3 months ago`, `a week ago` is left out (too vague to place).
    fn ago(&self, i: usize) -> Option<Match> {
        let t = self.get(i)?;
        let n = t
            .number()
            .filter(|_| !t.is_ordinal())
            .or_else(|| SMALL_NUMBERS.iter().find(|(w, _)| t.is(w)).map(|(_, n)| *n))?;
        let unit = self.get(i + 1)?;
        if !self.get(i + 2)?.is("ago") {
            return None;
        }
        let n = i32::try_from(n).ok()?;
        let expr = if unit.is_any(&["day", "days"]) {
            Relative::Days(-i64::from(n))
        } else if unit.is_any(&["month", "months"]) {
            Relative::Months(-n)
        } else if unit.is_any(&["year", "years"]) {
            Relative::Years(-n)
        } else {
            return None;
        };
        Some((DateExpr::Relative(expr), 3))
    }

    /// A month standing alone after a cue: `in June`, `the April summit`, `mid-May`.
    fn cued_month(&self, i: usize) -> Option<Match> {
        let month = month_of(self.get(i)?, false)?;
        let cue = self.prev(i)?;
        if !cue.is_any(MONTH_CUES) && !cue.is_punct("-") {
            return None;
        }
        let next = self.get(i + 1);
        let name_follows = next.is_some_and(|n| n.kind == Kind::Word && n.is_capitalized());
        if cue.is_any(&["the", "of"]) && name_follows {
            // "the mayor of May County", "the May Fourth Movement": a name, not a month.
            return None;
        }
        if cue.is("the") && !next.is_some_and(|n| n.kind == Kind::Word) {
            // "the April summit": a noun must follow.
            return None;
        }
        Some((DateExpr::Relative(Relative::Month(month)), 1))
    }

    /// `2022–24`, `2019-2020` written as one piece.
    fn year_span(&self, i: usize) -> Option<Match> {
        let from = self.year_at(i).or_else(|| self.glued_year(i))?;
        if !(self.touching(i) && self.is_dash(i + 1) && self.touching(i + 1)) {
            return None;
        }
        let second = self.get(i + 2)?;
        let n = i32::try_from(second.number()?).ok()?;
        let to = match second.text.len() {
            2 => from - from % 100 + n,
            4 => n,
            _ => return None,
        };
        (to > from && to - from < 100).then(|| (DateExpr::Range(year_only(from), year_only(to)), 3))
    }

    fn year(&self, i: usize) -> Option<Match> {
        let year = self.year_at(i)?;
        Some((DateExpr::Absolute(year_only(year)), 1))
    }
}

fn year_only(year: i32) -> Ymd {
    Ymd {
        year,
        month: None,
        day: None,
    }
}

fn shift_of(token: &Token) -> Option<i32> {
    if token.is("last") {
        Some(-1)
    } else if token.is("this") {
        Some(0)
    } else if token.is("next") {
        Some(1)
    } else {
        None
    }
}

fn valid(ymd: Ymd) -> Option<Ymd> {
    ymd_date(ymd).map(|_| ymd)
}

/// The date of a [`Ymd`], at its precision (the first day of a month or year).
pub fn ymd_date(ymd: Ymd) -> Option<DocDate> {
    let (month, day, precision) = match (ymd.month, ymd.day) {
        (None, _) => (1, 1, Precision::Year),
        (Some(m), None) => (m, 1, Precision::Month),
        (Some(m), Some(d)) => (m, d, Precision::Day),
    };
    Some(DocDate {
        date: NaiveDate::from_ymd_opt(ymd.year, month, day)?,
        precision,
        instant: None,
    })
}

// ---------------------------------------------------------------------------------------------
// Finding dates in a sentence

impl Cursor<'_, '_> {
    /// The matchers, most specific first; the first that matches at token `i` wins.
    fn any_date(&self, i: usize) -> Option<Match> {
        self.iso(i)
            .or_else(|| self.year_span(i))
            .or_else(|| self.month_day(i))
            .or_else(|| self.day_span(i))
            .or_else(|| self.day_month(i))
            .or_else(|| self.month_year(i))
            .or_else(|| self.season(i))
            .or_else(|| self.named_month(i))
            .or_else(|| self.relative(i))
            .or_else(|| self.ago(i))
            .or_else(|| self.cued_month(i))
            .or_else(|| self.year(i))
    }
}

/// Every date in `sentence`, in order; adjacent dates joined by "to"/"–" become ranges.
pub fn find_dates(sentence: &str) -> Vec<DateMention> {
    if !may_contain_date(sentence) {
        return Vec::new();
    }
    let tokens = tokenize(sentence);
    let cursor = Cursor { tokens: &tokens };
    let mut found: Vec<(DateExpr, Range<usize>)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match cursor.any_date(i) {
            Some((expr, used)) => {
                found.push((expr, i..i + used));
                i += used.max(1);
            }
            None => i += 1,
        }
    }
    let found = join_ranges(&cursor, found);
    found
        .into_iter()
        .map(|(expr, range)| DateMention {
            expr,
            span: tokens[range.start].start..tokens[range.end - 1].end,
            deadline: is_deadline(&cursor, &range),
        })
        .filter(|m| is_prose(sentence, &m.span))
        .collect()
}

/// The dates of a sentence's visible prose: as [`find_dates`], without those overlapping
/// `hidden` (byte ranges of the sentence: inline code).
pub fn find_prose_dates(sentence: &str, hidden: &[Range<usize>]) -> Vec<DateMention> {
    let mut found = find_dates(sentence);
    if !hidden.is_empty() {
        found.retain(|m| {
            !hidden
                .iter()
                .any(|h| h.start < m.span.end && m.span.start < h.end)
        });
    }
    found
}

/// Whether a date's words are prose: not part of a URL or file path (`/2008/2012/`,
/// `report-2010_2012.pdf`, `https://x.org/2015/06/`), nor a copyright line's year
/// (`© 2025`, `Copyright 2019-2024`, `(c) 2020`).
fn is_prose(sentence: &str, span: &Range<usize>) -> bool {
    let first = word_around(sentence, span.start);
    let last = word_around(sentence, span.end.saturating_sub(1));
    !is_path_like(first) && !is_path_like(last) && !after_copyright(&sentence[..span.start])
}

/// The whitespace-separated word of `text` holding byte `at`.
fn word_around(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    &text[start..end.max(start)]
}

/// A URL, a path or a file name: what no date in prose is written as.
fn is_path_like(word: &str) -> bool {
    let word = word.trim_matches(|c: char| {
        matches!(
            c,
            '(' | ')'
                | '['
                | ']'
                | '"'
                | '\''
                | '“'
                | '”'
                | '‘'
                | '’'
                | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '<'
                | '>'
                | '*'
        )
    });
    let word = word.trim_end_matches('.');
    if word.contains("://") || word.starts_with("www.") || word.contains(['_', '\\', '@', '=']) {
        return true;
    }
    let slashes = word.matches('/').count();
    if slashes >= 2 || (slashes == 1 && (word.starts_with('/') || word.ends_with('/'))) {
        return true;
    }
    has_file_extension(word)
}

/// `report.pdf`, `notes-2021.md`: a name, a dot and 2 to 5 lowercase letters or digits.
fn has_file_extension(word: &str) -> bool {
    let Some((name, ext)) = word.rsplit_once('.') else {
        return false;
    };
    !name.is_empty()
        && (2..=5).contains(&ext.len())
        && ext.starts_with(|c: char| c.is_ascii_lowercase())
        && ext
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && !name.ends_with('.')
}

/// Whether `before` (the sentence up to a date) ends in a copyright sign or word.
fn after_copyright(before: &str) -> bool {
    let before = before.trim_end().to_lowercase();
    ["©", "(c)", "copyright", "copr."]
        .iter()
        .any(|mark| before.ends_with(mark))
}

/// A cheap, one-pass test that lets most dateless sentences skip tokenizing: a digit, a
/// capitalized month, "yesterday", or a unit or season word with a shift word ("last", "this",
/// "next", "ago") somewhere in the sentence. True of a text when true of any of its sentences
/// (it reads whole words), so a passage it is false of needs no splitting into sentences.
pub(crate) fn may_contain_date(sentence: &str) -> bool {
    let (mut unit, mut shift) = (false, false);
    for word in sentence.split(|c: char| !c.is_alphanumeric()) {
        let Some(first) = word.bytes().next() else {
            continue;
        };
        if first.is_ascii_digit() {
            return true;
        }
        if !(3..=9).contains(&word.len()) {
            continue;
        }
        let is = |w: &str| word.eq_ignore_ascii_case(w);
        if first.is_ascii_uppercase() && MONTHS.iter().any(|m| is(m)) || is("yesterday") {
            return true;
        }
        // Only words starting as one of the listed ones are compared with them.
        let initial = first.to_ascii_lowercase();
        unit |= b"wmydsaf".contains(&initial)
            && [
                "week", "weeks", "month", "months", "year", "years", "day", "days", "spring",
                "summer", "autumn", "fall", "winter",
            ]
            .iter()
            .any(|w| is(w));
        shift |=
            b"ltna".contains(&initial) && ["last", "this", "next", "ago"].iter().any(|w| is(w));
        if unit && shift {
            return true;
        }
    }
    false
}

/// "between 2020 and 2023", "from March to May 2024", "2022 to 2024", "2022 – 2024".
fn join_ranges(
    cursor: &Cursor,
    found: Vec<(DateExpr, Range<usize>)>,
) -> Vec<(DateExpr, Range<usize>)> {
    let mut out: Vec<(DateExpr, Range<usize>)> = Vec::with_capacity(found.len());
    for (expr, range) in found {
        if let Some((last_expr, last_range)) = out.last_mut() {
            if let Some(joined) = join(cursor, (*last_expr, last_range), (expr, &range)) {
                *last_expr = joined;
                last_range.end = range.end;
                continue;
            }
        }
        out.push((expr, range));
    }
    out
}

fn join(
    cursor: &Cursor,
    (a, a_range): (DateExpr, &Range<usize>),
    (b, b_range): (DateExpr, &Range<usize>),
) -> Option<DateExpr> {
    let between = b_range.start.checked_sub(a_range.end)?;
    if between != 1 {
        return None;
    }
    let connector = cursor.get(a_range.end)?;
    let after_between = cursor.prev(a_range.start).is_some_and(|t| t.is("between"));
    let joins = connector.is_punct("-–—")
        || connector.is_any(&["to", "through", "until", "till"])
        || (connector.is("and") && after_between);
    if !joins {
        return None;
    }
    let (from, to) = match (a, b) {
        (DateExpr::Absolute(from), DateExpr::Absolute(to)) => (from, to),
        // "from January to March 2024": the first month takes the second's year.
        (DateExpr::Relative(Relative::Month(m)), DateExpr::Absolute(to)) if to.month.is_some() => {
            let from = Ymd {
                year: to.year,
                month: Some(m),
                day: None,
            };
            (from, to)
        }
        _ => return None,
    };
    (ymd_date(from)? < ymd_date(to)?).then_some(DateExpr::Range(from, to))
}

/// "by March 2025", "no later than 2030", "later this year".
fn is_deadline(cursor: &Cursor, range: &Range<usize>) -> bool {
    let first = cursor.get(range.start);
    if first.is_some_and(|t| t.is("later")) {
        return true;
    }
    let before = cursor.prev(range.start);
    before.is_some_and(|t| t.is_any(&["by", "than"]))
}

// ---------------------------------------------------------------------------------------------
// Resolution against the document's date

/// Places a date expression; `None` when it needs a document date (or a finer one) it lacks.
pub fn resolve(expr: DateExpr, doc: Option<&DocDate>) -> Option<EventDate> {
    match expr {
        DateExpr::Absolute(ymd) => ymd_date(ymd).map(EventDate::single),
        DateExpr::Range(from, to) => Some(EventDate {
            start: ymd_date(from)?,
            end: Some(ymd_date(to)?),
        }),
        DateExpr::SeasonOf(season, year) => season_span(season, year),
        DateExpr::Relative(relative) => resolve_relative(relative, doc?),
    }
}

fn resolve_relative(relative: Relative, doc: &DocDate) -> Option<EventDate> {
    let (year, month) = (doc.date.year(), doc.date.month());
    let needs = |p: Precision| (doc.precision >= p).then_some(());
    match relative {
        Relative::MonthDay { month, day } => {
            needs(Precision::Year)?;
            day_date(year, month, day).map(EventDate::single)
        }
        Relative::Month(m) => {
            needs(Precision::Year)?;
            month_date(year, m).map(EventDate::single)
        }
        Relative::NamedMonth { month: m, shift } => {
            needs(Precision::Month)?;
            let y = match shift {
                s if s < 0 => year - i32::from(m >= month),
                s if s > 0 => year + i32::from(m <= month),
                _ => year,
            };
            month_date(y, m).map(EventDate::single)
        }
        Relative::Season { season, shift } => {
            needs(Precision::Month)?;
            shifted_season(season, shift, year, month)
        }
        Relative::Days(n) => {
            needs(Precision::Day)?;
            let date = doc.date.checked_add_signed(Duration::days(n))?;
            Some(EventDate::single(DocDate::day(date)))
        }
        Relative::Week(shift) => {
            needs(Precision::Day)?;
            let end = doc
                .date
                .checked_add_signed(Duration::days(7 * i64::from(shift)))?;
            let start = end.checked_sub_signed(Duration::days(6))?;
            Some(EventDate {
                start: DocDate::day(start),
                end: Some(DocDate::day(end)),
            })
        }
        Relative::Months(shift) => {
            needs(Precision::Month)?;
            let index = year * 12 + i32::try_from(month).ok()? - 1 + shift;
            let m = u32::try_from(index.rem_euclid(12) + 1).ok()?;
            month_date(index.div_euclid(12), m).map(EventDate::single)
        }
        Relative::Years(shift) => {
            let start = ymd_date(year_only(year + shift))?;
            Some(EventDate::single(start))
        }
    }
}

fn day_date(year: i32, month: u32, day: u32) -> Option<DocDate> {
    NaiveDate::from_ymd_opt(year, month, day).map(DocDate::day)
}

fn month_date(year: i32, month: u32) -> Option<DocDate> {
    ymd_date(Ymd {
        year,
        month: Some(month),
        day: None,
    })
}

/// The first month of a season and the year offset of its last month (winter ends next year).
fn season_months(season: Season) -> (u32, u32) {
    match season {
        Season::Spring => (3, 5),
        Season::Summer => (6, 8),
        Season::Autumn => (9, 11),
        Season::Winter => (12, 2),
    }
}

/// A season as a month range: winter 2023 is December 2023 – February 2024.
fn season_span(season: Season, year: i32) -> Option<EventDate> {
    let (first, last) = season_months(season);
    let end_year = if last < first { year + 1 } else { year };
    Some(EventDate {
        start: month_date(year, first)?,
        end: Some(month_date(end_year, last)?),
    })
}

/// "this spring" is the doc year's spring (the current winter when in January–February);
/// "last" is the latest one that ended before the document's month, "next" the first to start
/// after it.
fn shifted_season(season: Season, shift: i32, year: i32, month: u32) -> Option<EventDate> {
    let doc_month = year * 12 + i32::try_from(month).ok()?;
    let index = |d: &DocDate| d.date.year() * 12 + i32::try_from(d.date.month()).unwrap_or(1);
    let mut y = if season == Season::Winter && month <= 2 {
        year - 1
    } else {
        year
    };
    let mut span = season_span(season, y)?;
    if shift < 0 {
        while index(&span.end.unwrap_or(span.start)) >= doc_month {
            y -= 1;
            span = season_span(season, y)?;
        }
    } else if shift > 0 {
        while index(&span.start) <= doc_month {
            y += 1;
            span = season_span(season, y)?;
        }
    }
    Some(span)
}

#[cfg(test)]
mod tests;
