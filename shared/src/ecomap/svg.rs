//! Draws an eco-map as SVG: the one drawing the screen shows and the export saves.
//!
//! The centre is a large circle in the middle, each node a circle in its category's colour
//! with its icon and name, each tie a line from edge to edge: thick when strong, plain when
//! ordinary, dashed when tenuous, jagged when stressful, with arrowheads where resources
//! flow. A legend names the lines and the categories used. All text is escaped.

use std::fmt::Write;

use super::compare::{Mark, Marks};
use super::{CENTRE, Category, EcoMap, Flow, Strength, Tie};

/// The map's width, in map units.
pub const WIDTH: f64 = 1200.0;
/// The map's height.
pub const HEIGHT: f64 = 900.0;
/// Where the centre sits.
pub const CENTRE_AT: (f64, f64) = (WIDTH / 2.0, HEIGHT / 2.0);
/// The centre's radius.
pub const CENTRE_RADIUS: f64 = 110.0;
/// A node's radius.
pub const NODE_RADIUS: f64 = 62.0;
/// The legend's height, below the map.
const LEGEND: f64 = 120.0;

/// How to draw a map: what a screen reader announces for it, what to mark, and the prefix
/// of its element ids, unique on a page that shows several maps.
#[derive(Debug, Clone, Copy)]
pub struct Drawing<'a> {
    /// What a screen reader announces for the map.
    pub title: &'a str,
    /// What appeared, disappeared or changed, outlined and named.
    pub marks: &'a Marks,
    /// The prefix of the drawing's element ids.
    pub key: &'a str,
}

/// The map as an SVG document; `title` is what a screen reader announces for it.
pub fn render(map: &EcoMap, title: &str) -> String {
    render_with(map, &Drawing { title, marks: &Marks::default(), key: "ecomap" })
}

/// The map as an SVG document, drawn as `drawing` says.
pub fn render_with(map: &EcoMap, drawing: &Drawing<'_>) -> String {
    let mut svg = String::with_capacity(4096);
    let height = HEIGHT + LEGEND;
    let key = escape(drawing.key);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{key}-title" font-family="sans-serif">"#
    );
    let _ = write!(svg, r#"<title id="{key}-title">{}</title>"#, escape(drawing.title));
    let _ = write!(
        svg,
        r##"<defs><marker id="{key}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="22" markerHeight="22" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#1f2a44"/></marker></defs><rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    for tie in &map.ties {
        draw_tie(&mut svg, map, tie, &key, drawing.marks.ties.get(&tie.id).copied());
    }
    let (cx, cy) = CENTRE_AT;
    let _ = write!(
        svg,
        r##"<g class="eco-centre" data-end="{CENTRE}"><circle cx="{cx}" cy="{cy}" r="{CENTRE_RADIUS}" fill="#fff7d6" stroke="#1f2a44" stroke-width="4"/>"##
    );
    label(&mut svg, cx, cy - 8.0, &map.end_name(CENTRE), 20.0, true);
    label(&mut svg, cx, cy + 24.0, &map.centre.members, 16.0, false);
    svg.push_str("</g>");
    for node in &map.nodes {
        let (x, y) = (node.x, node.y);
        let _ = write!(
            svg,
            r##"<g class="eco-node" data-node="{}"><circle cx="{x}" cy="{y}" r="{NODE_RADIUS}" fill="{}" stroke="#1f2a44" stroke-width="2"/>"##,
            escape(&node.id),
            node.category.colour()
        );
        label(&mut svg, x, y - 14.0, node.category.icon(), 24.0, false);
        label(&mut svg, x, y + 18.0, &node.name, 17.0, true);
        if let Some(mark) = drawing.marks.nodes.get(&node.id) {
            ring(&mut svg, x, y, *mark);
        }
        svg.push_str("</g>");
    }
    legend(&mut svg, map);
    svg.push_str("</svg>");
    svg
}

/// A marked node's outline, with its mark's word below it (never colour alone).
fn ring(svg: &mut String, x: f64, y: f64, mark: Mark) {
    let dash = if mark == Mark::Disappeared { r#" stroke-dasharray="10 6""# } else { "" };
    let _ = write!(
        svg,
        r#"<circle class="eco-mark" data-mark="{word}" cx="{x}" cy="{y}" r="{}" fill="none" stroke="{colour}" stroke-width="6"{dash}/><text x="{x}" y="{}" text-anchor="middle" font-size="18" font-weight="700" fill="{colour}">{word}</text>"#,
        NODE_RADIUS + 7.0,
        y + NODE_RADIUS + 26.0,
        word = mark.word(),
        colour = mark.colour(),
    );
}

/// A tie from edge to edge of its two circles, with a wide band of its mark's colour under
/// it and the mark's word at its middle when it is marked.
fn draw_tie(svg: &mut String, map: &EcoMap, tie: &Tie, key: &str, mark: Option<Mark>) {
    let (Some((ax, ay)), Some((bx, by))) = (map.end_at(&tie.a), map.end_at(&tie.b)) else { return };
    let radius = |end: &str| if end == CENTRE { CENTRE_RADIUS } else { NODE_RADIUS };
    let length = (bx - ax).hypot(by - ay);
    if length <= radius(&tie.a) + radius(&tie.b) {
        return; // The circles touch: no line to draw.
    }
    let (ux, uy) = ((bx - ax) / length, (by - ay) / length);
    let (x1, y1) = (ax + ux * radius(&tie.a), ay + uy * radius(&tie.a));
    let (x2, y2) = (bx - ux * radius(&tie.b), by - uy * radius(&tie.b));
    let width = match tie.strength {
        Strength::Strong => 7,
        Strength::Ordinary | Strength::Tenuous => 3,
    };
    let dash = if tie.strength == Strength::Tenuous { r#" stroke-dasharray="12 9""# } else { "" };
    let arrow = format!("url(#{key}-arrow)");
    let start =
        if matches!(tie.flow, Flow::Back | Flow::Both) { format!(r#" marker-start="{arrow}""#) } else { String::new() };
    let end = if matches!(tie.flow, Flow::Forward | Flow::Both) {
        format!(r#" marker-end="{arrow}""#)
    } else {
        String::new()
    };
    let path = if tie.stressful { jagged(x1, y1, x2, y2) } else { format!("M{x1:.1} {y1:.1} L{x2:.1} {y2:.1}") };
    if let Some(mark) = mark {
        let _ = write!(
            svg,
            r#"<path class="eco-mark" data-mark="{word}" d="M{x1:.1} {y1:.1} L{x2:.1} {y2:.1}" stroke="{colour}" stroke-opacity="0.35" stroke-width="22" stroke-linecap="round"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="18" font-weight="700" fill="{colour}">{word}</text>"#,
            (x1 + x2) / 2.0,
            (y1 + y2) / 2.0 - 16.0,
            word = mark.word(),
            colour = mark.colour(),
        );
    }
    let _ = write!(
        svg,
        r##"<path class="eco-tie" data-tie="{}" d="{path}" fill="none" stroke="#1f2a44" stroke-width="{width}"{dash}{start}{end}/>"##,
        escape(&tie.id)
    );
}

/// A zigzag from one point to another, for a stressful tie.
fn jagged(x1: f64, y1: f64, x2: f64, y2: f64) -> String {
    let length = (x2 - x1).hypot(y2 - y1);
    let (ux, uy) = ((x2 - x1) / length, (y2 - y1) / length);
    let (nx, ny) = (-uy, ux);
    let teeth = ((length / 22.0).floor() as usize).max(2);
    let mut path = format!("M{x1:.1} {y1:.1}");
    for tooth in 1..teeth {
        let along = length * tooth as f64 / teeth as f64;
        let side = if tooth % 2 == 0 { -9.0 } else { 9.0 };
        let _ = write!(path, " L{:.1} {:.1}", x1 + ux * along + nx * side, y1 + uy * along + ny * side);
    }
    let _ = write!(path, " L{x2:.1} {y2:.1}");
    path
}

/// Centred text, cut to fit a circle.
fn label(svg: &mut String, x: f64, y: f64, text: &str, size: f64, bold: bool) {
    let mut shown: String = text.chars().take(22).collect();
    if text.chars().count() > 22 {
        shown.push('…');
    }
    let weight = if bold { r#" font-weight="700""# } else { "" };
    let _ = write!(
        svg,
        r##"<text x="{x}" y="{y}" text-anchor="middle" dominant-baseline="middle" font-size="{size}"{weight} fill="#1f2a44">{}</text>"##,
        escape(&shown)
    );
}

/// The legend under the map: the four kinds of line, and the categories the map uses.
fn legend(svg: &mut String, map: &EcoMap) {
    let top = HEIGHT + 20.0;
    let lines = [
        ("strong", r#"stroke-width="7""#),
        ("ordinary", r#"stroke-width="3""#),
        ("tenuous", r#"stroke-width="3" stroke-dasharray="12 9""#),
    ];
    let _ = write!(
        svg,
        r##"<g class="eco-legend"><line x1="0" y1="{HEIGHT}" x2="{WIDTH}" y2="{HEIGHT}" stroke="#c9cfdd"/>"##
    );
    for (at, (name, style)) in lines.iter().enumerate() {
        let x = 20.0 + at as f64 * 190.0;
        let _ = write!(svg, r##"<line x1="{x}" y1="{top}" x2="{}" y2="{top}" stroke="#1f2a44" {style}/>"##, x + 70.0);
        let _ =
            write!(svg, r##"<text x="{}" y="{}" font-size="18" fill="#1f2a44">{name}</text>"##, x + 80.0, top + 6.0);
    }
    let x = 20.0 + 3.0 * 190.0;
    let _ =
        write!(svg, r##"<path d="{}" fill="none" stroke="#1f2a44" stroke-width="3"/>"##, jagged(x, top, x + 70.0, top));
    let _ = write!(svg, r##"<text x="{}" y="{}" font-size="18" fill="#1f2a44">stressful</text>"##, x + 80.0, top + 6.0);
    let _ = write!(
        svg,
        r##"<text x="{}" y="{}" font-size="18" fill="#1f2a44">→ resources flow</text>"##,
        x + 220.0,
        top + 6.0
    );
    let mut used: Vec<Category> = map.nodes.iter().map(|node| node.category).collect();
    used.sort();
    used.dedup();
    for (at, category) in used.iter().enumerate() {
        let (x, y) = (20.0 + (at % 6) as f64 * 195.0, top + 40.0 + (at / 6) as f64 * 30.0);
        let _ = write!(
            svg,
            r##"<circle cx="{}" cy="{y}" r="10" fill="{}" stroke="#1f2a44"/><text x="{}" y="{}" font-size="16" fill="#1f2a44">{} {}</text>"##,
            x + 10.0,
            category.colour(),
            x + 26.0,
            y + 5.0,
            category.icon(),
            escape(category.label())
        );
    }
    svg.push_str("</g>");
}

pub use crate::markup::escape;
