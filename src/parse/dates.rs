//! Dates as editors write them in front matter, parsed into a date with a precision.
//!
//! Accepts what Jekyll, Hugo and Zola accept: `2024`, `2024-04`, `2024-04-04`, RFC 3339 and TOML
//! datetimes (with fractional seconds), Jekyll's `2024-04-04 12:00:00 +0800` and its short
//! offsets (`-4`, `-04`, `Z`, `UTC`, a trailing zone name), `2024/02/02`, `2 February 2024`,
//! `February 2, 2024`, `Feb 2024` and RFC 2822. A value only whose start reads
//! (`2023-01-29 18:30:22 2023 -0800`) is taken by [`read_date`] with the rest named, so the
//! caller can warn. The calendar date is the one the editor wrote (no time-zone shifting), so a
//! post dated `2024-04-04 00:30 +0800` is listed on 4 April everywhere.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use serde::Serialize;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date from front matter: the calendar date, its precision and, when given, the exact instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocDate {
    /// The first day of the period for year and month precision.
    pub date: NaiveDate,
    pub precision: Precision,
    pub instant: Option<DateTime<FixedOffset>>,
}

impl DocDate {
    pub fn day(date: NaiveDate) -> Self {
        DocDate {
            date,
            precision: Precision::Day,
            instant: None,
        }
    }

    /// `2024-04-04`, `2024-04` or `2024`, as written at its precision.
    pub fn iso(&self) -> String {
        match self.precision {
            Precision::Year => format!("{:04}", self.date.year()),
            Precision::Month => format!("{:04}-{:02}", self.date.year(), self.date.month()),
            Precision::Day => ymd(&self.date),
        }
    }

    /// RFC 3339 instant for feeds and sitemaps (midnight UTC when no time was given).
    pub fn rfc3339(&self) -> String {
        match self.instant {
            Some(instant) => instant.to_rfc3339(),
            None => format!("{}T00:00:00+00:00", ymd(&self.date)),
        }
    }

    /// Human form at its precision: `4 April 2024`, `April 2024`, `2024`.
    pub fn display(&self) -> String {
        match self.precision {
            Precision::Year => year(&self.date),
            Precision::Month => format!("{} {}", month_name(&self.date), year(&self.date)),
            Precision::Day => day_month(&self.date) + " " + &year(&self.date),
        }
    }

    pub fn year(&self) -> i32 {
        self.date.year()
    }
}

// Dates are formatted often (every list entry, every event), so the common forms are written
// directly rather than through chrono's format-string parser; each gives what chrono's
// `format` gives, and years chrono pads or signs differently (outside 0-9999) go to chrono.

/// `%Y-%m-%d`: `2024-04-04`.
pub fn ymd(date: &NaiveDate) -> String {
    if (0..=9999).contains(&date.year()) {
        format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
    } else {
        date.format("%Y-%m-%d").to_string()
    }
}

/// `%Y`: `2024`.
pub fn year(date: &NaiveDate) -> String {
    if (0..=9999).contains(&date.year()) {
        format!("{:04}", date.year())
    } else {
        date.format("%Y").to_string()
    }
}

/// `%B`: the English month name, `April`.
pub fn month_name(date: &NaiveDate) -> &'static str {
    u8::try_from(date.month())
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok())
        .map_or("", |m| m.name())
}

/// `%-d %B`: `4 April`.
pub fn day_month(date: &NaiveDate) -> String {
    format!("{} {}", date.day(), month_name(date))
}

const HINT: &str = "write dates as YYYY-MM-DD (optionally with a time, e.g. 2024-04-04 12:00:00 +0800), YYYY-MM or YYYY";

/// Parses a front-matter date, all of it; the error is a message for the user with a hint.
pub fn parse_date(raw: &str) -> Result<DocDate, String> {
    let s = raw.trim().trim_matches(|c| c == '"' || c == '\'');
    parse_whole(s).ok_or_else(|| format!("cannot read {raw:?} as a date; {HINT}"))
}

/// What [`read_date`] made of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateRead {
    /// All of it read.
    Whole(DocDate),
    /// Its start read; the rest (named) was left aside.
    Start(DocDate, String),
    /// Nothing read: a message for the user with a hint.
    Unreadable(String),
}

/// Reads a front-matter date as far as it can: all of it, else its longest start of whole
/// words that is a date (`2023-01-29 18:30:22 2023 -0800` reads as `2023-01-29 18:30:22`).
pub fn read_date(raw: &str) -> DateRead {
    let s = raw.trim().trim_matches(|c| c == '"' || c == '\'');
    if let Some(date) = parse_whole(s) {
        return DateRead::Whole(date);
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    for n in (1..words.len()).rev() {
        if let Some(date) = parse_whole(&words[..n].join(" ")) {
            return DateRead::Start(date, words[n..].join(" "));
        }
    }
    DateRead::Unreadable(format!("cannot read {raw:?} as a date; {HINT}"))
}

fn parse_whole(s: &str) -> Option<DocDate> {
    let normal = normalise_zone(s);
    parse_with_time(&normal)
        .or_else(|| parse_partial(&normal))
        .or_else(|| parse_words(s))
        // chrono reads `-13-06-22` and `+12345-01-01`; feeds and ISO text need years 1-9999.
        .filter(|d| (1..=9999).contains(&d.year()))
}

/// Jekyll's and Hugo's zone spellings made chrono's: a trailing `Z`, `UTC` or `GMT` is `+0000`,
/// a one- or two-digit offset (`-4`, `+08`) gets its minutes, a zone name after an offset
/// (`-0700 MST`) goes, and `2024/02/02` is `2024-02-02`.
fn normalise_zone(s: &str) -> String {
    let mut words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    if words.len() >= 3 {
        let last = words[words.len() - 1].as_str();
        let before = words[words.len() - 2].as_str();
        if last.chars().all(|c| c.is_ascii_uppercase()) && is_offset(before) {
            words.pop();
        }
    }
    let several = words.len() > 1;
    if let Some(last) = words.last_mut().filter(|_| several) {
        if words_len_ok(last) {
            if matches!(last.as_str(), "Z" | "UTC" | "GMT") {
                *last = "+0000".into();
            } else if let Some(hours) = short_offset(last) {
                *last = hours;
            }
        }
    }
    if let Some(first) = words.first_mut() {
        if first.len() == 10 && first.as_bytes().get(4) == Some(&b'/') {
            *first = first.replace('/', "-");
        }
    }
    words.join(" ")
}

fn words_len_ok(word: &str) -> bool {
    word.len() <= 6
}

fn is_offset(word: &str) -> bool {
    word.starts_with(['+', '-']) && word[1..].bytes().all(|b| b.is_ascii_digit() || b == b':')
}

/// `-4` -> `-0400`, `+08` -> `+0800`; `None` for anything else.
fn short_offset(word: &str) -> Option<String> {
    let digits = word.strip_prefix(['+', '-'])?;
    let sign = &word[..1];
    if !(1..=2).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{sign}{digits:0>2}00"))
}

/// `2 February 2024`, `February 2, 2024`, `Feb 2 2024`, `February 2024`, RFC 2822.
fn parse_words(s: &str) -> Option<DocDate> {
    if let Ok(instant) = DateTime::parse_from_rfc2822(s) {
        return Some(with_instant(instant));
    }
    let cleaned = s.replace(',', " ");
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    // The year must stand alone as four digits (chrono would read `April 2024` as 20 April 24).
    if !cleaned
        .split(' ')
        .any(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    for fmt in ["%B %Y", "%b %Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(&format!("1 {cleaned}"), &format!("%d {fmt}")) {
            return Some(DocDate {
                date,
                precision: Precision::Month,
                instant: None,
            });
        }
    }
    for fmt in [
        "%d %B %Y",
        "%B %d %Y",
        "%d %b %Y",
        "%b %d %Y",
        "%A %d %B %Y",
        "%a %d %b %Y",
    ] {
        if let Ok(date) = NaiveDate::parse_from_str(&cleaned, fmt) {
            return Some(DocDate::day(date));
        }
    }
    None
}

fn parse_with_time(s: &str) -> Option<DocDate> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(s) {
        return Some(with_instant(instant));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%.f %z",
        "%Y-%m-%dT%H:%M%z",
    ] {
        if let Ok(instant) = DateTime::parse_from_str(s, fmt) {
            return Some(with_instant(instant));
        }
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            let utc = FixedOffset::east_opt(0)?;
            return Some(with_instant(utc.from_utc_datetime(&naive)));
        }
    }
    None
}

fn with_instant(instant: DateTime<FixedOffset>) -> DocDate {
    DocDate {
        date: instant.date_naive(),
        precision: Precision::Day,
        instant: Some(instant),
    }
}

fn parse_partial(s: &str) -> Option<DocDate> {
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (year, month, day, precision) = match parts.as_slice() {
        [y] => (number(y, 4)?, 1, 1, Precision::Year),
        [y, m] => (number(y, 4)?, number(m, 2)?, 1, Precision::Month),
        [y, m, d] => (number(y, 4)?, number(m, 2)?, number(d, 2)?, Precision::Day),
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    Some(DocDate {
        date,
        precision,
        instant: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_formats_match_chrono() {
        for (y, m, d) in [
            (2024, 4, 4),
            (1999, 12, 31),
            (5, 1, 9),
            (9999, 2, 28),
            (-3, 6, 1),
            (12345, 1, 1),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(super::ymd(&date), date.format("%Y-%m-%d").to_string());
            assert_eq!(year(&date), date.format("%Y").to_string());
            assert_eq!(month_name(&date), date.format("%B").to_string());
            assert_eq!(day_month(&date), date.format("%-d %B").to_string());
        }
    }

    #[test]
    fn years_outside_1_to_9999_are_refused() {
        // Found by the front_matter_date fuzz target: chrono's %Y reads a sign.
        for raw in [
            "-13-06-22 1:5:5",
            "-0013-06-22",
            "+12345-01-01T00:00:00Z",
            "0000-01-01",
        ] {
            assert!(parse_date(raw).is_err(), "{raw}");
        }
        assert!(parse_date("9999-12-31").is_ok());
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn date_table() {
        let cases: &[(&str, NaiveDate, Precision)] = &[
            ("2024-04-04", ymd(2024, 4, 4), Precision::Day),
            ("2024-04", ymd(2024, 4, 1), Precision::Month),
            ("2024", ymd(2024, 1, 1), Precision::Year),
            ("2024-04-04 12:00:00 +0800", ymd(2024, 4, 4), Precision::Day),
            ("2024-04-04 00:30:00 +0800", ymd(2024, 4, 4), Precision::Day),
            ("2024-04-04T12:00:00Z", ymd(2024, 4, 4), Precision::Day),
            ("2024-04-04T12:00:00+02:00", ymd(2024, 4, 4), Precision::Day),
            ("2024-04-04 12:00", ymd(2024, 4, 4), Precision::Day),
            ("\"2023-01-13\"", ymd(2023, 1, 13), Precision::Day),
            // Jekyll's short offsets, Hugo's zone names, fractional seconds, TOML datetimes.
            ("2015-03-17 14:00:00 -4", ymd(2015, 3, 17), Precision::Day),
            ("2015-03-17 14:00:00 +08", ymd(2015, 3, 17), Precision::Day),
            ("2015-03-17 14:00:00 Z", ymd(2015, 3, 17), Precision::Day),
            ("2015-03-17 14:00:00 UTC", ymd(2015, 3, 17), Precision::Day),
            (
                "2015-03-17 14:00:00 -0700 MST",
                ymd(2015, 3, 17),
                Precision::Day,
            ),
            (
                "2015-03-17 14:00:00 -07:00",
                ymd(2015, 3, 17),
                Precision::Day,
            ),
            ("2024-04-04T12:00:00.123Z", ymd(2024, 4, 4), Precision::Day),
            (
                "2024-04-04 12:00:00.123456 +0000",
                ymd(2024, 4, 4),
                Precision::Day,
            ),
            ("2024-04-04T12:00:00.5", ymd(2024, 4, 4), Precision::Day),
            (
                "1979-05-27T07:32:00-08:00",
                ymd(1979, 5, 27),
                Precision::Day,
            ),
            ("1979-05-27 07:32:00Z", ymd(1979, 5, 27), Precision::Day),
            ("2024/02/02", ymd(2024, 2, 2), Precision::Day),
            ("2 February 2024", ymd(2024, 2, 2), Precision::Day),
            ("February 2, 2024", ymd(2024, 2, 2), Precision::Day),
            ("Feb 2 2024", ymd(2024, 2, 2), Precision::Day),
            ("Friday, 2 February 2024", ymd(2024, 2, 2), Precision::Day),
            ("April 2024", ymd(2024, 4, 1), Precision::Month),
            (
                "Fri, 02 Feb 2024 15:04:05 -0700",
                ymd(2024, 2, 2),
                Precision::Day,
            ),
        ];
        for (raw, date, precision) in cases {
            let d = parse_date(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!((d.date, d.precision), (*date, *precision), "{raw}");
        }
    }

    #[test]
    fn bad_dates_are_errors() {
        for raw in [
            "2024-13-01",
            "2024-02-30",
            "Smarch 2024",
            "24-04-04",
            "",
            "2024/4",
            "soon",
        ] {
            assert!(parse_date(raw).is_err(), "{raw} should not parse");
            assert!(matches!(read_date(raw), DateRead::Unreadable(_)), "{raw}");
        }
    }

    #[test]
    fn a_readable_start_is_taken_and_the_rest_named() {
        let DateRead::Start(date, rest) = read_date("2023-01-29 18:30:22 2023 -0800") else {
            panic!("the start should read");
        };
        assert_eq!(date.iso(), "2023-01-29");
        assert_eq!(rest, "2023 -0800");
        assert!(matches!(read_date("2024-04-04"), DateRead::Whole(_)));
    }

    #[test]
    fn display_follows_precision() {
        assert_eq!(parse_date("2024-04-07").unwrap().display(), "7 April 2024");
        assert_eq!(parse_date("2025-03").unwrap().display(), "March 2025");
        assert_eq!(parse_date("2025").unwrap().display(), "2025");
        assert_eq!(parse_date("2025-03").unwrap().iso(), "2025-03");
    }

    #[test]
    fn rfc3339_keeps_offset() {
        let d = parse_date("2024-04-04 12:00:00 +0800").unwrap();
        assert_eq!(d.rfc3339(), "2024-04-04T12:00:00+08:00");
        assert_eq!(
            parse_date("2024-04-04").unwrap().rfc3339(),
            "2024-04-04T00:00:00+00:00"
        );
    }
}
