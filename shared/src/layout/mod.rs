//! Where cards and clusters sit on the idea canvas, so that nothing covers anything else.
//!
//! A loose card sits at its own position with a fixed footprint ([`CARD`]); longer text
//! scrolls inside it. A cluster's cards are laid out inside it, two to a row in reading
//! order, and the cluster is exactly as tall as its cards need: what a cluster's outline
//! holds is always what belongs to it. New cards, revealed cards and new clusters go to the
//! first free spot ([`free_spot`]); when a cluster grows or is dropped somewhere, what it
//! now covers moves down out of its way ([`make_room`]); [`arrange`] tidies everything into
//! a grid by cluster. All of it is pure: the web client and the server place things alike.

use std::collections::BTreeMap;

use crate::item_ids::{CardId, ClusterId};
use crate::model::{BoardSnapshot, Card};

#[cfg(test)]
mod tests;

/// A card's footprint on the canvas.
pub const CARD: Size = Size { width: 200.0, height: 170.0 };
/// Space kept between neighbours.
pub const GAP: f64 = 20.0;
/// Height of a cluster's title bar.
pub const CLUSTER_HEADER: f64 = 56.0;
/// Padding inside a cluster around its cards.
pub const CLUSTER_PADDING: f64 = 12.0;
/// Cards per row inside a cluster.
pub const CLUSTER_COLUMNS: usize = 2;
/// The canvas width the server places things for (the web client passes its own).
pub const DEFAULT_WIDTH: f64 = 900.0;
/// The farthest down free spots are looked for; a canvas taller than this is already
/// unusable, and the search must end.
const MAX_DEPTH: f64 = 200_000.0;

/// A width and a height in canvas pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// A rectangle on the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Rect {
    /// A rectangle of `size` at (`x`, `y`).
    pub fn at(x: f64, y: f64, size: Size) -> Rect {
        Rect { x, y, width: size.width, height: size.height }
    }

    /// Whether the two overlap (touching edges do not).
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }

    /// Whether a point lies inside.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        (self.x..self.x + self.width).contains(&x) && (self.y..self.y + self.height).contains(&y)
    }

    /// The bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// The same rectangle grown by `margin` on every side.
    fn grown(&self, margin: f64) -> Rect {
        Rect {
            x: self.x - margin,
            y: self.y - margin,
            width: self.width + 2.0 * margin,
            height: self.height + 2.0 * margin,
        }
    }
}

/// Where everything on a board is drawn.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Every card's rectangle, by id.
    pub cards: BTreeMap<CardId, Rect>,
    /// Every cluster's rectangle, by id.
    pub clusters: BTreeMap<ClusterId, Rect>,
    /// Each cluster's cards in reading order.
    pub members: BTreeMap<ClusterId, Vec<CardId>>,
}

impl Layout {
    /// Lays out a board.
    pub fn of(snapshot: &BoardSnapshot) -> Layout {
        let mut layout = Layout::default();
        for cluster in &snapshot.clusters {
            layout.members.insert(cluster.id.clone(), Vec::new());
        }
        let mut grouped: Vec<&Card> = Vec::new();
        for card in &snapshot.cards {
            match card.cluster.as_deref().filter(|cluster| layout.members.contains_key(*cluster)) {
                Some(_) => grouped.push(card),
                None => {
                    layout.cards.insert(card.id.clone(), Rect::at(finite(card.x), finite(card.y), CARD));
                }
            }
        }
        // Inside a cluster, cards keep the order they were dropped in (top to bottom, left
        // to right by their stored position), then by id so every screen agrees.
        grouped.sort_by(|a, b| reading_order(a).partial_cmp(&reading_order(b)).unwrap_or(std::cmp::Ordering::Equal));
        for card in grouped {
            if let Some(members) = card.cluster.as_ref().and_then(|cluster| layout.members.get_mut(cluster)) {
                members.push(card.id.clone());
            }
        }
        for cluster in &snapshot.clusters {
            let count = layout.members.get(&cluster.id).map_or(0, Vec::len);
            let (x, y) = (finite(cluster.x), finite(cluster.y));
            layout.clusters.insert(cluster.id.clone(), Rect::at(x, y, cluster_size(count)));
            for (index, card) in layout.members.get(&cluster.id).into_iter().flatten().enumerate() {
                let (dx, dy) = member_offset(index);
                layout.cards.insert(card.clone(), Rect::at(x + dx, y + dy, CARD));
            }
        }
        layout
    }

    /// The cluster whose outline contains a point.
    pub fn cluster_at(&self, x: f64, y: f64) -> Option<&str> {
        self.clusters.iter().find(|(_, rect)| rect.contains(x, y)).map(|(id, _)| id.as_str())
    }

    /// How wide the canvas must be to show everything.
    pub fn width(&self) -> f64 {
        self.cards.values().chain(self.clusters.values()).map(|rect| rect.x + rect.width).fold(0.0, f64::max)
    }

    /// How tall the canvas must be to show everything.
    pub fn height(&self) -> f64 {
        self.cards.values().chain(self.clusters.values()).map(Rect::bottom).fold(0.0, f64::max)
    }

    /// What new things must not cover: loose cards, and clusters with room for one more
    /// row of cards, so that a cluster can take a few more cards before it pushes.
    fn obstacles(&self) -> Vec<Rect> {
        let in_clusters: std::collections::BTreeSet<&CardId> = self.members.values().flatten().collect();
        let loose = self.cards.iter().filter(|(id, _)| !in_clusters.contains(id)).map(|(_, rect)| *rect);
        let clusters = self.clusters.values().map(|rect| Rect { height: rect.height + CARD.height + GAP, ..*rect });
        loose.chain(clusters).collect()
    }
}

/// Whether a loose card must move out of the way: it covers a cluster, or a loose card
/// that keeps its place. Two people adding a card at once may pick the same free spot;
/// of two cards on one spot only the one with the greater id moves, so the two pages do
/// not both move their card to the same next spot, again and again.
pub fn must_make_way(layout: &Layout, card: &str) -> bool {
    let in_clusters = |id: &str| layout.members.values().any(|members| members.iter().any(|member| *member == id));
    let Some(rect) = layout.cards.get(card).filter(|_| !in_clusters(card)) else { return false };
    let mut stays = layout.cards.iter().filter(|(id, _)| id.as_str() < card && !in_clusters(id)).map(|(_, rect)| rect);
    stays.any(|other| other.intersects(rect)) || layout.clusters.values().any(|cluster| cluster.intersects(rect))
}

/// A cluster's size when it holds `cards` cards (room for one row when empty).
pub fn cluster_size(cards: usize) -> Size {
    let rows = cards.div_ceil(CLUSTER_COLUMNS).max(1) as f64;
    let columns = CLUSTER_COLUMNS as f64;
    Size {
        width: 2.0 * CLUSTER_PADDING + columns * CARD.width + (columns - 1.0) * GAP,
        height: CLUSTER_HEADER + rows * CARD.height + (rows - 1.0) * GAP + CLUSTER_PADDING,
    }
}

/// Where the `index`th card of a cluster sits, from the cluster's corner.
fn member_offset(index: usize) -> (f64, f64) {
    let (column, row) = ((index % CLUSTER_COLUMNS) as f64, (index / CLUSTER_COLUMNS) as f64);
    (CLUSTER_PADDING + column * (CARD.width + GAP), CLUSTER_HEADER + row * (CARD.height + GAP))
}

fn reading_order(card: &Card) -> (f64, f64, &str) {
    (finite(card.y), finite(card.x), card.id.as_str())
}

/// A stored coordinate as drawn: a number someone wrote that is not finite counts as 0.
fn finite(value: f64) -> f64 {
    if value.is_finite() { value } else { 0.0 }
}

/// The first spot (row by row from the top, left to right) where something of `size`
/// covers nothing on the board and keeps a gap to everything, within `width`.
pub fn free_spot(layout: &Layout, size: Size, width: f64) -> (f64, f64) {
    free_spots(layout, size, width, 1).into_iter().next().unwrap_or((GAP, GAP))
}

/// `count` free spots for things of `size`, none covering another (always `count`).
pub fn free_spots(layout: &Layout, size: Size, width: f64, count: usize) -> Vec<(f64, f64)> {
    let mut taken: Vec<Rect> = layout.obstacles().iter().map(|rect| rect.grown(GAP / 2.0)).collect();
    let step = size.width + GAP;
    let columns = (((width - GAP) / step).floor() as usize).max(1);
    let mut spots = Vec::with_capacity(count);
    let mut y = GAP;
    while spots.len() < count && y < MAX_DEPTH {
        for column in 0..columns {
            let x = GAP + column as f64 * step;
            let spot = Rect::at(x, y, size).grown(GAP / 2.0);
            if taken.iter().all(|rect| !rect.intersects(&spot)) {
                spots.push((x, y));
                taken.push(spot);
                if spots.len() == count {
                    break;
                }
            }
        }
        y += GAP;
    }
    // A canvas this deep is unusable anyway; the rest still get a place of their own.
    while spots.len() < count {
        spots.push((GAP, MAX_DEPTH + spots.len() as f64 * (size.height + GAP)));
    }
    spots
}

/// A move that keeps something out of the way.
#[derive(Debug, Clone, PartialEq)]
pub enum Move {
    /// A loose card goes to (`x`, `y`).
    Card {
        /// The card.
        id: CardId,
        /// New left edge.
        x: f64,
        /// New top edge.
        y: f64,
    },
    /// A cluster goes to (`x`, `y`), its cards with it.
    Cluster {
        /// The cluster.
        id: ClusterId,
        /// New left edge.
        x: f64,
        /// New top edge.
        y: f64,
    },
}

/// What must move down so that nothing covers anything, `first` (a cluster that grew or
/// was dropped, a card just placed) keeping its place. Loose cards and clusters that
/// overlap are pushed below whatever covers them, and so on down the canvas.
pub fn make_room(snapshot: &BoardSnapshot, first: &str) -> Vec<Move> {
    let layout = Layout::of(snapshot);
    let in_clusters: std::collections::BTreeSet<&CardId> = layout.members.values().flatten().collect();
    // Everything that can move on its own: loose cards and clusters, top to bottom.
    let mut items: Vec<(bool, String, Rect)> = layout
        .cards
        .iter()
        .filter(|(id, _)| !in_clusters.contains(id))
        .map(|(id, rect)| (false, id.to_string(), *rect))
        .chain(layout.clusters.iter().map(|(id, rect)| (true, id.to_string(), *rect)))
        .collect();
    items.sort_by(|a, b| {
        let key = |item: &(bool, String, Rect)| (item.1 != first, item.2.y, item.2.x);
        key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut settled: Vec<Rect> = Vec::with_capacity(items.len());
    let mut moves = Vec::new();
    for (is_cluster, id, mut rect) in items {
        let mut moved = false;
        while let Some(cover) =
            settled.iter().filter(|other| other.intersects(&rect)).map(Rect::bottom).reduce(f64::max)
        {
            rect.y = cover + GAP;
            moved = true;
        }
        if moved {
            moves.push(if is_cluster {
                Move::Cluster { id: ClusterId::from(id), x: rect.x, y: rect.y }
            } else {
                Move::Card { id: CardId::from(id), x: rect.x, y: rect.y }
            });
        }
        settled.push(rect);
    }
    moves
}

/// A tidy canvas: clusters side by side (wrapping at `width`), each holding its cards,
/// then the loose cards in rows below them.
pub fn arrange(snapshot: &BoardSnapshot, width: f64) -> Vec<Move> {
    let layout = Layout::of(snapshot);
    let mut moves = Vec::new();
    let (mut x, mut y, mut row_height) = (GAP, GAP, 0.0_f64);
    let mut clusters: Vec<(&ClusterId, &Rect)> = layout.clusters.iter().collect();
    clusters.sort_by(|a, b| (a.1.y, a.1.x).partial_cmp(&(b.1.y, b.1.x)).unwrap_or(std::cmp::Ordering::Equal));
    for (id, rect) in clusters {
        if x > GAP && x + rect.width > width {
            (x, y, row_height) = (GAP, y + row_height + GAP, 0.0);
        }
        moves.push(Move::Cluster { id: id.clone(), x, y });
        x += rect.width + GAP;
        row_height = row_height.max(rect.height);
    }
    let top = if row_height > 0.0 { y + row_height + GAP } else { GAP };
    let in_clusters: std::collections::BTreeSet<&CardId> = layout.members.values().flatten().collect();
    let mut loose: Vec<(&CardId, &Rect)> = layout.cards.iter().filter(|(id, _)| !in_clusters.contains(id)).collect();
    loose.sort_by(|a, b| (a.1.y, a.1.x).partial_cmp(&(b.1.y, b.1.x)).unwrap_or(std::cmp::Ordering::Equal));
    let columns = (((width - GAP) / (CARD.width + GAP)).floor() as usize).max(1);
    for (index, (id, _)) in loose.into_iter().enumerate() {
        let (column, row) = ((index % columns) as f64, (index / columns) as f64);
        moves.push(Move::Card {
            id: id.clone(),
            x: GAP + column * (CARD.width + GAP),
            y: top + row * (CARD.height + GAP),
        });
    }
    moves
}
