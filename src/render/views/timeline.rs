//! Timeline views: events as templates see them, the `/timeline/` page grouped by year and
//! month, the overview strip's geometry, and each document's and topic's own events.
//!
//! The events arrive sorted oldest first from `analyze::events`; grouping keeps that order, so
//! the page reads as a story and planned events come last. A document's or topic's own events come
//! from the reader (`render::reads`), which indexes them once per corpus.

use serde::Serialize;

use super::{DateView, TopicLinkView, Views};
use crate::analyze::dates_in_prose::EventDate;
use crate::analyze::events::{Event, EventKind, EventSource};
use crate::parse::dates::{self, Precision};

use chrono::Datelike;

/// An event's date at its precision; a range has an end.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EventDateView {
    /// The start at its precision (`2024-04-07`, `2025-03`, `2024`): for `<time datetime>`.
    pub iso: String,
    /// ISO 8601, with `/` between start and end for a range: `2022/2024`.
    pub interval: String,
    /// `7 April 2024`, `March 2025`, `2024`, `March – May 2024`.
    pub display: String,
    pub precision: Precision,
    pub year: i32,
    /// The first and last day the date covers (`2025-03-01`, `2025-03-31`).
    pub first_day: String,
    pub last_day: String,
    pub is_range: bool,
}

/// One source of an event: a document and, for prose, the passage that tells it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EventSourceView<'a> {
    pub title: &'a str,
    /// The document's URL, with `#p-N` when the event comes from a passage.
    pub url: String,
    /// The same, absolute.
    pub permalink: String,
    pub document_url: String,
    pub document_slug: &'a str,
    /// `p-7`, or none for a publication or a front-matter event.
    pub anchor: Option<String>,
    /// The sentence as this source words it.
    pub snippet: &'a str,
    /// The document's own date.
    pub date: Option<DateView>,
}

/// An event on a timeline.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EventView<'a> {
    pub date: EventDateView,
    /// `published`, `declared`, `extracted` or `planned`.
    pub kind: EventKind,
    pub planned: bool,
    /// Written as a deadline ("by March 2025"): show "by" before the date.
    pub deadline: bool,
    /// The sentence that tells it (on a document page: that document's sentence).
    pub snippet: &'a str,
    /// The sources shown: all of them in the JSON exports, at most [`SOURCES_SHOWN`] (besides
    /// the page's own document) on an HTML page.
    pub sources: Vec<EventSourceView<'a>>,
    /// How many documents tell the event, shown or not.
    pub source_count: usize,
    /// Sources left out of `sources` ("and 12 more").
    pub more_sources: usize,
    pub topics: Vec<TopicLinkView<'a>>,
}

/// Sources an HTML page lists for one event, besides the page's own document; the rest are
/// counted (`more_sources`). An event told by hundreds of documents would otherwise repeat
/// hundreds of links on each of their pages, so a page's size would grow with the corpus.
/// The JSON exports list every source.
pub(crate) const SOURCES_SHOWN: usize = 10;

/// Events of one month of a year (or those known only to the year), for `timeline.html`.
#[derive(Debug, Serialize)]
pub(crate) struct TimelineGroupView<'a> {
    /// `March 2024`, or `2024, month not given`.
    pub label: String,
    /// `y-2024-03` or `y-2024-year`.
    pub id: String,
    pub events: Vec<EventView<'a>>,
}

/// A year of the timeline.
#[derive(Debug, Serialize)]
pub(crate) struct TimelineYearView<'a> {
    pub year: i32,
    /// Anchor id: `y-2024`.
    pub id: String,
    pub count: usize,
    pub groups: Vec<TimelineGroupView<'a>>,
}

/// A year of the timeline with its number of events and where it is shown.
#[derive(Debug, Serialize)]
pub(crate) struct TimelineYearLinkView {
    pub year: i32,
    pub count: usize,
    pub url: String,
}

/// One bar of the overview strip: a year, its number of events and the bar's geometry.
#[derive(Debug, Serialize)]
pub(crate) struct StripBarView {
    pub year: i32,
    pub count: usize,
    /// `#y-2024`, or none for a year without events.
    pub url: Option<String>,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// The year written under the bar, for some bars, centred on `label_x`.
    pub label: Option<String>,
    pub label_x: f64,
}

/// The overview strip: event density per year, as an inline SVG with a text alternative.
#[derive(Debug, Serialize)]
pub(crate) struct StripView {
    pub width: f64,
    pub height: f64,
    /// The y of the year labels.
    pub label_y: f64,
    pub bars: Vec<StripBarView>,
    /// Text alternative: `Events per year: 2019: 2, 2020: 5`.
    pub summary: String,
}

/// `timeline` in `timeline.html`.
#[derive(Debug, Serialize)]
pub(crate) struct TimelineView<'a> {
    /// Years oldest first, each with its month groups (empty when `split`).
    pub years: Vec<TimelineYearView<'a>>,
    /// The timeline has more events than one page shows: `/timeline/` is an overview and each
    /// year has pages of its own (`year_links`).
    pub split: bool,
    /// Every year with events, linking to its page (split) or its section (not split).
    pub year_links: Vec<TimelineYearLinkView>,
    /// The events told by the most sources, when split (at most a page's worth of highlights).
    pub most_covered: Vec<EventView<'a>>,
    pub strip: StripView,
    pub count: usize,
    pub planned_count: usize,
}

/// Strip geometry, in SVG user units (the SVG scales to the page width).
const STRIP_WIDTH: f64 = 640.0;
const STRIP_BARS_HEIGHT: f64 = 48.0;
const STRIP_LABEL_ROOM: f64 = 16.0;

impl<'a> Views<'a> {
    fn event_date(date: &EventDate) -> EventDateView {
        EventDateView {
            iso: date.start.iso(),
            interval: date.iso(),
            display: date.display(),
            precision: date.start.precision,
            year: date.start.year(),
            first_day: dates::ymd(&date.first_day()),
            last_day: dates::ymd(&date.last_day()),
            is_range: date.end.is_some(),
        }
    }

    fn event_source(&self, source: &'a EventSource) -> Option<EventSourceView<'a>> {
        let doc = self.read.listed_head(source.document)?;
        let document_url = self.url(doc.slug);
        let anchor = source.anchor();
        let url = match &anchor {
            Some(a) => super::concat(&[&document_url, "#", a]),
            None => document_url.clone(),
        };
        Some(EventSourceView {
            title: doc.title,
            permalink: self.permalink(&url),
            url,
            document_url,
            document_slug: doc.slug,
            anchor,
            snippet: &source.snippet,
            date: self.listed_date(source.document, doc.date),
        })
    }

    /// The view of an event, as the whole corpus tells it, with every source (the exports).
    pub(crate) fn event(&self, event: &'a Event) -> EventView<'a> {
        self.event_showing(event, usize::MAX, None)
    }

    /// The view of an event for an HTML page: at most [`SOURCES_SHOWN`] sources besides the
    /// document `own` (a document page's own, always shown), the rest counted.
    pub(crate) fn event_shown(&self, event: &'a Event, own: Option<usize>) -> EventView<'a> {
        self.event_showing(event, SOURCES_SHOWN, own)
    }

    fn event_showing(&self, event: &'a Event, shown: usize, own: Option<usize>) -> EventView<'a> {
        let mut others = 0;
        let sources: Vec<EventSourceView<'a>> = event
            .sources
            .iter()
            .filter(|s| {
                let is_own = Some(s.document) == own;
                let keep = is_own || others < shown;
                others += usize::from(keep && !is_own);
                keep
            })
            .filter_map(|s| self.event_source(s))
            .collect();
        EventView {
            date: Self::event_date(&event.date),
            kind: event.kind,
            planned: event.kind == EventKind::Planned,
            deadline: event.deadline,
            snippet: &event.snippet,
            source_count: event.sources.len(),
            more_sources: event.sources.len().saturating_sub(sources.len()),
            sources,
            topics: event
                .topics
                .iter()
                .filter_map(|&t| self.topic_link(t))
                .collect(),
        }
    }

    /// The events of one year at positions `within` its list, for the JSON export.
    pub(crate) fn year_events(
        &self,
        year: i32,
        within: std::ops::Range<usize>,
    ) -> Vec<EventView<'a>> {
        self.read
            .year_events(year, within)
            .into_iter()
            .map(|e| self.event(e))
            .collect()
    }

    /// Every event, for `/timeline.json`.
    pub(crate) fn all_events(&self) -> Vec<EventView<'a>> {
        self.read.events().iter().map(|e| self.event(e)).collect()
    }

    /// The events a listed document tells (not its publication), each with its own sentence.
    pub(crate) fn document_events(&self, index: usize) -> Vec<EventView<'a>> {
        self.read
            .document_events(index)
            .into_iter()
            .filter(|e| e.kind != EventKind::Published)
            .map(|e| {
                let mut view = self.event_shown(e, Some(index));
                if let Some(own) = e.sources.iter().find(|s| s.document == index) {
                    view.snippet = &own.snippet;
                }
                view
            })
            .collect()
    }

    /// The newest `newest` events of a topic's timeline, oldest first.
    pub(crate) fn topic_events(&self, t: usize, newest: usize) -> Vec<EventView<'a>> {
        self.read
            .topic_events(t, newest)
            .into_iter()
            .map(|e| self.event_shown(e, None))
            .collect()
    }

    /// Whether the timeline is split into pages per year (more events than one page shows).
    pub(crate) fn timeline_split(&self) -> bool {
        let total: usize = self.read.event_years().iter().map(|(_, n)| n).sum();
        total > self.config.page_size()
    }

    /// `/timeline/`: every event by year and month with the overview strip; when the timeline
    /// is split, the strip, the years and the most-covered events only.
    pub(crate) fn timeline(&self) -> TimelineView<'a> {
        let counts = self.read.event_years();
        let split = counts.iter().map(|(_, n)| n).sum::<usize>() > self.config.page_size();
        let year_links: Vec<TimelineYearLinkView> = counts
            .iter()
            .map(|&(year, count)| TimelineYearLinkView {
                year,
                count,
                url: if split {
                    self.url(&format!("timeline/{year}"))
                } else {
                    format!("#y-{year}")
                },
            })
            .collect();
        let (years, most_covered, planned_count) = if split {
            (Vec::new(), self.most_covered(), None)
        } else {
            let events = self.read.events();
            let planned = events
                .iter()
                .filter(|e| e.kind == EventKind::Planned)
                .count();
            (self.year_groups(events.iter()), Vec::new(), Some(planned))
        };
        let mut strip = strip(&counts);
        for bar in &mut strip.bars {
            if let Some(link) = year_links.iter().find(|l| l.year == bar.year) {
                bar.url = Some(link.url.clone());
            }
        }
        TimelineView {
            count: counts.iter().map(|(_, n)| n).sum(),
            planned_count: planned_count.unwrap_or(0),
            years,
            split,
            year_links,
            most_covered,
            strip,
        }
    }

    /// The events of `year` on page `page` (1-based) of its own timeline page, by month.
    pub(crate) fn timeline_year(&self, year: i32, page: usize) -> Option<TimelineYearView<'a>> {
        let size = self.config.page_size();
        let start = page.saturating_sub(1) * size;
        let events = self.read.year_events(year, start..start + size);
        self.year_groups(events.into_iter()).pop()
    }

    /// Events grouped by year and month, in the order given.
    fn year_groups(&self, events: impl Iterator<Item = &'a Event>) -> Vec<TimelineYearView<'a>> {
        let mut years: Vec<TimelineYearView<'a>> = Vec::new();
        for event in events {
            let year = event.date.start.year();
            if years.last().map_or(true, |y| y.year != year) {
                years.push(TimelineYearView {
                    year,
                    id: format!("y-{year}"),
                    count: 0,
                    groups: Vec::new(),
                });
            }
            let Some(current) = years.last_mut() else {
                continue;
            };
            current.count += 1;
            let (label, id) = group_of(&event.date);
            if current.groups.last().map_or(true, |g| g.id != id) {
                current.groups.push(TimelineGroupView {
                    label,
                    id,
                    events: Vec::new(),
                });
            }
            if let Some(group) = current.groups.last_mut() {
                group.events.push(self.event_shown(event, None));
            }
        }
        years
    }

    /// The events told by the most sources (two at least), most first, then oldest first.
    fn most_covered(&self) -> Vec<EventView<'a>> {
        self.read
            .most_covered(MOST_COVERED)
            .into_iter()
            .map(|e| self.event_shown(e, None))
            .collect()
    }
}

/// How many of the most-covered events `/timeline/` shows when the timeline is split.
const MOST_COVERED: usize = 20;

/// The month group of a date: (`March 2024`, `y-2024-03`), or the year's own group.
fn group_of(date: &EventDate) -> (String, String) {
    let start = date.start;
    let year = start.year();
    match start.precision {
        Precision::Year => (format!("{year}, month not given"), format!("y-{year}-year")),
        _ => (
            format!(
                "{} {}",
                dates::month_name(&start.date),
                dates::year(&start.date)
            ),
            format!("y-{year}-{:02}", start.date.month()),
        ),
    }
}

/// One bar per year from the first to the last year with events (years without events get an
/// empty slot), scaled so the busiest year fills the height.
fn strip(years: &[(i32, usize)]) -> StripView {
    struct Year {
        year: i32,
        count: usize,
    }
    let years: Vec<Year> = years
        .iter()
        .map(|&(year, count)| Year { year, count })
        .collect();
    let (Some(first), Some(last)) = (years.first(), years.last()) else {
        return StripView {
            width: STRIP_WIDTH,
            height: STRIP_BARS_HEIGHT + STRIP_LABEL_ROOM,
            label_y: STRIP_BARS_HEIGHT + STRIP_LABEL_ROOM - 3.0,
            bars: Vec::new(),
            summary: "No events.".into(),
        };
    };
    let span = usize::try_from(last.year - first.year).unwrap_or(0) + 1;
    let slot = STRIP_WIDTH / span as f64;
    let max = years.iter().map(|y| y.count).max().unwrap_or(1).max(1) as f64;
    let label_every = (span / 8).max(1);
    let bars = (0..span)
        .map(|offset| {
            let year = first.year + i32::try_from(offset).unwrap_or(0);
            let count = years.iter().find(|y| y.year == year).map_or(0, |y| y.count);
            let height = if count == 0 {
                0.0
            } else {
                (count as f64 / max * STRIP_BARS_HEIGHT).max(2.0)
            };
            // Every `label_every` years, and the last year unless the previous label is so near
            // that the two would overlap on a phone.
            let labelled = offset % label_every == 0
                || (offset + 1 == span && offset % label_every > label_every / 2);
            StripBarView {
                year,
                count,
                url: (count > 0).then(|| format!("#y-{year}")),
                x: round(offset as f64 * slot + slot * 0.1),
                y: round(STRIP_BARS_HEIGHT - height),
                width: round(slot * 0.8),
                height: round(height),
                label: labelled.then(|| year.to_string()),
                label_x: round(offset as f64 * slot + slot * 0.5),
            }
        })
        .collect();
    let summary = years
        .iter()
        .map(|y| format!("{}: {}", y.year, y.count))
        .collect::<Vec<_>>()
        .join(", ");
    StripView {
        width: STRIP_WIDTH,
        height: STRIP_BARS_HEIGHT + STRIP_LABEL_ROOM,
        label_y: STRIP_BARS_HEIGHT + STRIP_LABEL_ROOM - 3.0,
        bars,
        summary: format!("Events per year: {summary}."),
    }
}

/// Two decimals, so the SVG stays short and the output stable.
fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::events::EventSource;
    use crate::analyze::Corpus;
    use crate::config::SiteConfig;
    use crate::parse::dates::parse_date;
    use crate::parse::Document;

    fn event(date: &str, kind: EventKind) -> Event {
        Event {
            date: EventDate::single(parse_date(date).unwrap()),
            kind,
            deadline: false,
            snippet: format!("Something in {date}."),
            sources: vec![EventSource {
                document: 0,
                passage: Some(1),
                snippet: format!("Something in {date}."),
            }],
            topics: Vec::new(),
        }
    }

    fn year(year: i32) -> (i32, usize) {
        (year, 1)
    }

    #[test]
    fn strip_labels_never_crowd_the_last_year() {
        let labels = |years: &[i32]| -> Vec<i32> {
            let years: Vec<_> = years.iter().map(|&y| year(y)).collect();
            let strip = strip(&years);
            strip
                .bars
                .iter()
                .filter(|b| b.label.is_some())
                .map(|b| b.year)
                .collect()
        };
        // 1945..=2027 is 83 slots, a label every 10 years: 2025 is labelled, 2027 is too near.
        let long = labels(&[1945, 2000, 2025, 2027]);
        assert_eq!(long.first(), Some(&1945));
        assert!(long.contains(&2025) && !long.contains(&2027), "{long:?}");
        // 2000..=2027 (28 slots, a label every 3 years): 2027 falls on a step.
        let mid = labels(&[2000, 2027]);
        assert!(mid.contains(&2027), "{mid:?}");
        // Short spans label every year.
        assert_eq!(labels(&[2022, 2024]), vec![2022, 2023, 2024]);
    }

    #[test]
    fn timeline_groups_by_year_and_month_and_draws_a_strip() {
        let events = vec![
            event("2022", EventKind::Extracted),
            event("2024", EventKind::Extracted),
            event("2024-03", EventKind::Extracted),
            event("2024-03-07", EventKind::Extracted),
            event("2024-05-01", EventKind::Planned),
        ];
        let corpus = Corpus::for_tests(vec![Document::empty_for_tests("a")], events);
        let config = SiteConfig::default();
        let source = crate::render::views::RenderSource::new(&config, &corpus);
        let views = source.views();
        let t = views.timeline();
        let groups: Vec<(i32, Vec<&str>)> = t
            .years
            .iter()
            .map(|y| (y.year, y.groups.iter().map(|g| g.id.as_str()).collect()))
            .collect();
        assert_eq!(
            groups,
            [
                (2022, vec!["y-2022-year"]),
                (2024, vec!["y-2024-year", "y-2024-03", "y-2024-05"])
            ]
        );
        assert_eq!(t.planned_count, 1);
        let bars: Vec<(i32, usize, Option<&str>)> = t
            .strip
            .bars
            .iter()
            .map(|b| (b.year, b.count, b.url.as_deref()))
            .collect();
        assert_eq!(
            bars,
            [
                (2022, 1, Some("#y-2022")),
                (2023, 0, None),
                (2024, 4, Some("#y-2024"))
            ]
        );
        assert_eq!(t.strip.summary, "Events per year: 2022: 1, 2024: 4.");
        let url = &views.document_events(0)[0].sources[0].url;
        assert_eq!(url, "/a/#p-1");
    }
}
