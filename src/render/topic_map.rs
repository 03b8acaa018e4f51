//! The topic map on `/topics/`: a static SVG matrix of which topics travel together.
//!
//! Rows and columns are the most-documented topics; a cell's shade is how strongly the two
//! share documents (the Ochiai strength from analysis). This module computes the geometry as
//! typed values; the template draws it, so the page needs no JavaScript.

use serde::Serialize;

use super::views::Views;

/// How many topics the map shows at most.
const MAP_TOPICS: usize = 14;
const CELL: u32 = 22;
/// A generous width of one character of a 12px label in a system sans-serif font, in SVG units:
/// the labels' room is made from the longest name, so none is cut at either edge.
const CHAR_WIDTH: u32 = 7;
/// Names longer than this many characters may overflow their room (it stops growing).
const LONGEST_LABEL: usize = 40;

#[derive(Debug, Serialize)]
pub(crate) struct MapLabel<'a> {
    pub name: &'a str,
    pub url: String,
    pub x: u32,
    pub y: u32,
}

#[derive(Debug, Serialize)]
pub(crate) struct MapCell {
    pub x: u32,
    pub y: u32,
    /// Fill opacity, `0.05`–`1.00`.
    pub opacity: String,
    /// The cell's tooltip and text alternative.
    pub title: String,
}

/// Everything the template needs to draw the map.
#[derive(Debug, Serialize)]
pub(crate) struct TopicMapView<'a> {
    pub width: u32,
    pub height: u32,
    pub cell: u32,
    pub rows: Vec<MapLabel<'a>>,
    pub columns: Vec<MapLabel<'a>>,
    pub cells: Vec<MapCell>,
    /// A sentence naming the strongest pairs, for screen readers and the caption.
    pub description: String,
}

/// The map, or `None` when fewer than two topics share documents.
pub(crate) fn topic_map<'a>(views: &Views<'a>) -> Option<TopicMapView<'a>> {
    let read = &views.read;
    let topics: Vec<&'a crate::analyze::Topic> = (0..read.topic_count())
        .filter_map(|t| read.topic(t))
        .collect();
    let mut order: Vec<usize> = (0..topics.len())
        .filter(|&t| !topics[t].related.is_empty())
        .collect();
    order.sort_by(|&a, &b| {
        let (ta, tb) = (&topics[a], &topics[b]);
        ta.suggested
            .cmp(&tb.suggested)
            .then(tb.documents.len().cmp(&ta.documents.len()))
            .then(ta.name.cmp(&tb.name))
    });
    order.truncate(MAP_TOPICS);
    if order.len() < 2 {
        return None;
    }
    let n = order.len() as u32;
    let longest = order
        .iter()
        .map(|&t| topics[t].name.chars().count().min(LONGEST_LABEL) as u32)
        .max()
        .unwrap_or(0);
    let label = longest * CHAR_WIDTH;
    // Row labels end 6 units before the cells; column labels rise at 50 degrees from their
    // cell, so they need sin(50°) of their length above the cells and cos(50°) past the last.
    let label_width = label + 12;
    let header_height = label * 77 / 100 + 12;
    let right_margin = (label * 64 / 100 + 6).saturating_sub(CELL / 2).max(10);
    let position = |i: usize| i as u32 * CELL;
    let rows = order
        .iter()
        .enumerate()
        .map(|(i, &t)| MapLabel {
            name: &topics[t].name,
            url: views.url(&format!("topics/{}", topics[t].slug)),
            x: label_width - 6,
            y: header_height + position(i) + CELL * 2 / 3,
        })
        .collect();
    let columns = order
        .iter()
        .enumerate()
        .map(|(i, &t)| MapLabel {
            name: &topics[t].name,
            url: views.url(&format!("topics/{}", topics[t].slug)),
            x: label_width + position(i) + CELL / 2,
            y: header_height - 6,
        })
        .collect();
    let mut cells = Vec::new();
    let mut pairs: Vec<(f64, &str, &str, usize)> = Vec::new();
    for (row, &a) in order.iter().enumerate() {
        for (col, &b) in order.iter().enumerate() {
            let Some(link) = topics[a].related.iter().find(|r| r.topic == b) else {
                continue;
            };
            cells.push(MapCell {
                x: label_width + position(col),
                y: header_height + position(row),
                opacity: format!("{:.2}", link.strength.clamp(0.05, 1.0)),
                title: format!(
                    "{} and {}: {} shared document{}",
                    topics[a].name,
                    topics[b].name,
                    link.shared,
                    if link.shared == 1 { "" } else { "s" }
                ),
            });
            if row < col {
                pairs.push((link.strength, &topics[a].name, &topics[b].name, link.shared));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(y.1)).then(x.2.cmp(y.2)));
    let strongest: Vec<String> = pairs
        .iter()
        .take(3)
        .map(|(_, a, b, shared)| format!("{a} with {b} ({shared} shared)"))
        .collect();
    Some(TopicMapView {
        width: label_width + n * CELL + right_margin,
        height: header_height + n * CELL + 10,
        cell: CELL,
        rows,
        columns,
        cells,
        description: format!(
            "A matrix of the {n} most-documented topics; darker cells mean two topics share more documents. Strongest pairs: {}.",
            strongest.join("; ")
        ),
    })
}
