//! Table tests of the date grammar: absolute dates, relative ones, traps and resolution.

use super::*;
use crate::parse::dates::parse_date;

/// The document date most tables resolve against: Thursday 4 April 2024.
const DOC: &str = "2024-04-04";

/// Each date of `sentence` as `text => iso` (with `by ` before deadlines), resolved against `doc`.
fn dates(sentence: &str, doc: Option<&str>) -> Vec<String> {
    let doc = doc.map(|d| parse_date(d).expect("test date"));
    find_dates(sentence)
        .into_iter()
        .map(|m| {
            let iso = resolve(m.expr, doc.as_ref()).map_or("?".to_string(), |d| d.iso());
            let by = if m.deadline { "by " } else { "" };
            format!("{} => {by}{iso}", &sentence[m.span])
        })
        .collect()
}

fn check(cases: &[(&str, &[&str])], doc: Option<&str>) {
    for (sentence, expected) in cases {
        assert_eq!(dates(sentence, doc), *expected, "{sentence:?}");
    }
}

#[test]
fn absolute_dates() {
    check(
        &[
            (
                "They met on May 18, 2023, in Hiroshima.",
                &["May 18, 2023 => 2023-05-18"],
            ),
            (
                "They met on 18 May 2023 in Hiroshima.",
                &["18 May 2023 => 2023-05-18"],
            ),
            (
                "The log says 2023-05-18 for the meeting.",
                &["2023-05-18 => 2023-05-18"],
            ),
            (
                "His visit on January 13, 2023 mattered.",
                &["January 13, 2023 => 2023-01-13"],
            ),
            (
                "The command opens in March 2025.",
                &["March 2025 => 2025-03"],
            ),
            (
                "A report, issued in October 2000, said so.",
                &["October 2000 => 2000-10"],
            ),
            ("In 2022, Japan passed a law.", &["2022 => 2022"]),
            ("Spending doubles by 2027.", &["2027 => by 2027"]),
            (
                "A command by March 2025 is planned.",
                &["March 2025 => by 2025-03"],
            ),
            (
                "On the 18th of May 2023 they met.",
                &["18th of May 2023 => 2023-05-18"],
            ),
            (
                "Signed Sept. 9, 2022 in Tokyo.",
                &["Sept. 9, 2022 => 2022-09-09"],
            ),
            ("Output fell in mid-2024 again.", &["2024 => 2024"]),
            (
                "Reports came in 2007, 2012 and 2018.",
                &["2007 => 2007", "2012 => 2012", "2018 => 2018"],
            ),
            (
                "It happened in spring 2021.",
                &["spring 2021 => 2021-03/2021-05"],
            ),
            (
                "The summer of 2019 was hot.",
                &["summer of 2019 => 2019-06/2019-08"],
            ),
        ],
        None,
    );
}

#[test]
fn ranges_stay_ranges() {
    check(
        &[
            (
                "The plan covers 2022–2024 in full.",
                &["2022–2024 => 2022/2024"],
            ),
            ("The 2023-24 budget grew.", &["2023-24 => 2023/2024"]),
            (
                "Between 2020 and 2023 trade grew.",
                &["2020 and 2023 => 2020/2023"],
            ),
            (
                "From 2019 to 2021 little changed.",
                &["2019 to 2021 => 2019/2021"],
            ),
            (
                "Talks ran May 18–20, 2023 in Tokyo.",
                &["May 18–20, 2023 => 2023-05-18/2023-05-20"],
            ),
            (
                "It ran from January to March 2024.",
                &["January to March 2024 => 2024-01/2024-03"],
            ),
            (
                "It ran in 2024 and 2023.",
                &["2024 => 2024", "2023 => 2023"],
            ),
        ],
        None,
    );
}

#[test]
fn relative_dates_take_the_document_date() {
    check(
        &[
            (
                "The exercise took place on April 7.",
                &["April 7 => 2024-04-07"],
            ),
            ("He spoke on April 5 in Tokyo.", &["April 5 => 2024-04-05"]),
            ("She visited last October.", &["last October => 2023-10"]),
            ("Sales rose last month.", &["last month => 2024-03"]),
            (
                "Yesterday’s address was long.",
                &["Yesterday’s => 2024-04-03"],
            ),
            (
                "This week, Tokyo hosted the talks.",
                &["This week => 2024-03-29/2024-04-04"],
            ),
            ("Last year was hard.", &["Last year => 2023"]),
            (
                "Earlier this year the two met.",
                &["Earlier this year => 2024"],
            ),
            ("Next year the plan starts.", &["Next year => 2025"]),
            (
                "This spring’s summit went well.",
                &["This spring’s => 2024-03/2024-05"],
            ),
            ("It was agreed at the April summit.", &["April => 2024-04"]),
            ("In June, the allies met.", &["June => 2024-06"]),
            (
                "Later this year a forum opens.",
                &["Later this year => by 2024"],
            ),
            ("Two years ago they signed.", &["Two years ago => 2022"]),
            ("Last winter was cold.", &["Last winter => 2023-12/2024-02"]),
        ],
        Some(DOC),
    );
}

#[test]
fn relative_dates_need_a_document_date() {
    check(
        &[
            ("The exercise took place on April 7.", &["April 7 => ?"]),
            (
                "Sales rose last month, as in March 2023.",
                &["last month => ?", "March 2023 => 2023-03"],
            ),
        ],
        None,
    );
    // A document dated only by its year places years, not months or days.
    check(
        &[
            ("Sales rose last month.", &["last month => ?"]),
            ("Last year was hard.", &["Last year => 2023"]),
        ],
        Some("2024"),
    );
}

#[test]
fn traps_are_not_dates() {
    let traps = [
        "They concluded 70 agreements during the visit.",
        "The command will have 250 people.",
        "Defense spending passed 1 percent of GDP.",
        "It is the worst in the past 70 years.",
        "The 2+2 meeting was routine.",
        "The G7 leaders met.",
        "Article 5 applies to the islands.",
        "See Section 2.3 for details.",
        "The budget is 1,500 million yen.",
        "Over 2000 troops took part.",
        "Resolution 2231 remains in force.",
        "Japan may march ahead.",
        "Theresa May visited Tokyo.",
        "It costs $2024 per unit.",
        "Some 1950 sailors were on board.",
        "Each June the fleet sails.",
        "In the last year, trade grew.",
        "The F-35 program grew 12% in value.",
        "COVID-19 hit the economy.",
        "They fielded 5G networks.",
        "Chapter 2022 of the code was amended.",
        "The mayor of May County spoke first.",
        "The report lists 2019 incidents of airspace violations.",
        "Table: output by region (index, 2000 = 100).",
        "Real wages (2015=100) fell.",
    ];
    for trap in traps {
        assert_eq!(dates(trap, Some(DOC)), Vec::<String>::new(), "{trap:?}");
    }
}

#[test]
fn resolution_against_document_dates() {
    // (expression, document date, resolved iso)
    let cases: &[(Relative, &str, &str)] = &[
        (
            Relative::NamedMonth {
                month: 10,
                shift: -1,
            },
            "2024-04-04",
            "2023-10",
        ),
        (
            Relative::NamedMonth {
                month: 3,
                shift: -1,
            },
            "2024-04-04",
            "2024-03",
        ),
        (
            Relative::NamedMonth {
                month: 4,
                shift: -1,
            },
            "2024-04-04",
            "2023-04",
        ),
        (
            Relative::NamedMonth { month: 4, shift: 1 },
            "2024-04-04",
            "2025-04",
        ),
        (
            Relative::NamedMonth { month: 6, shift: 1 },
            "2024-04-04",
            "2024-06",
        ),
        (Relative::Months(-1), "2024-01-15", "2023-12"),
        (Relative::Months(1), "2024-12-15", "2025-01"),
        (Relative::Days(-1), "2024-03-01", "2024-02-29"),
        (Relative::Week(-1), "2024-08-02", "2024-07-20/2024-07-26"),
        (
            Relative::Season {
                season: Season::Spring,
                shift: 0,
            },
            "2024-08-02",
            "2024-03/2024-05",
        ),
        (
            Relative::Season {
                season: Season::Spring,
                shift: -1,
            },
            "2024-04-04",
            "2023-03/2023-05",
        ),
        (
            Relative::Season {
                season: Season::Winter,
                shift: 0,
            },
            "2024-01-10",
            "2023-12/2024-02",
        ),
        (
            Relative::Season {
                season: Season::Summer,
                shift: 1,
            },
            "2024-07-01",
            "2025-06/2025-08",
        ),
        (Relative::MonthDay { month: 2, day: 29 }, "2023-06-01", "?"),
        (Relative::Years(-1), "2024", "2023"),
        (Relative::Days(-1), "2024-04", "?"),
    ];
    for (relative, doc, expected) in cases {
        let doc = parse_date(doc).unwrap();
        let got =
            resolve(DateExpr::Relative(*relative), Some(&doc)).map_or("?".into(), |d| d.iso());
        assert_eq!(got, *expected, "{relative:?} at {}", doc.iso());
    }
}

#[test]
fn event_dates_display_at_their_precision() {
    let d = |s: &str| parse_date(s).unwrap();
    let cases: &[(EventDate, &str)] = &[
        (EventDate::single(d("2024-04-07")), "7 April 2024"),
        (EventDate::single(d("2025-03")), "March 2025"),
        (EventDate::single(d("2024")), "2024"),
        (
            EventDate {
                start: d("2024-03"),
                end: Some(d("2024-05")),
            },
            "March – May 2024",
        ),
        (
            EventDate {
                start: d("2022"),
                end: Some(d("2024")),
            },
            "2022 – 2024",
        ),
        (
            EventDate {
                start: d("2024-07-27"),
                end: Some(d("2024-08-02")),
            },
            "27 July – 2 August 2024",
        ),
        (
            EventDate {
                start: d("2023-12"),
                end: Some(d("2024-02")),
            },
            "December 2023 – February 2024",
        ),
    ];
    for (date, expected) in cases {
        assert_eq!(date.display(), *expected);
    }
    assert_eq!(
        EventDate::single(d("2024-02")).last_day(),
        d("2024-02-29").date
    );
}

#[test]
fn no_dates_from_urls_paths_or_copyright_lines() {
    check(
        &[
            (
                "The archive at /2008/2012/ moved in 2019.",
                &["2019 => 2019"],
            ),
            (
                "Read report-2010_2012.pdf from May 2020.",
                &["May 2020 => 2020-05"],
            ),
            ("See https://example.org/2015/06/01/post for it.", &[]),
            ("See www.example.org/news/2015 for it.", &[]),
            ("Open docs/2021/notes.md now.", &[]),
            ("© 2025 Example Corp.", &[]),
            ("Copyright 2019-2024 The Authors.", &[]),
            ("Copyright © 2021 Someone.", &[]),
            ("(c) 2020 Someone.", &[]),
            (
                "The copyright law of 1976 still applies.",
                &["1976 => 1976"],
            ),
            ("The 2008/09 budget passed in 2009.", &["2009 => 2009"]),
        ],
        Some(DOC),
    );
}

#[test]
fn a_passage_may_contain_a_date_when_one_of_its_sentences_may() {
    // Events skip passages this is false of, without splitting them into sentences.
    for passage in [
        "Talks opened. They resumed last week. Nothing else.",
        "No numbers here. The Accord was signed in March.",
        "Budgets grew. 2020 was hard.",
        "It rained yesterday! Then it stopped.",
        "Winter came. Next, the spring talks.",
    ] {
        let any_sentence = crate::analyze::sentences::split_sentences(passage)
            .into_iter()
            .any(|r| may_contain_date(&passage[r]));
        assert!(any_sentence && may_contain_date(passage), "{passage}");
    }
    assert!(!may_contain_date(
        "Officials describe the scheme as voluntary."
    ));
}
