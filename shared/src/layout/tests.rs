//! Layout tests: free spots cover nothing, clusters hold exactly their cards, and making
//! room or arranging leaves no overlaps, for random boards.

use proptest::prelude::*;

use super::*;
use crate::model::{Card, CardColour, Cluster, Perspective};

fn card(id: usize, x: f64, y: f64, cluster: Option<usize>) -> Card {
    Card {
        id: format!("card{id}").into(),
        text: String::new(),
        colour: CardColour::Yellow,
        author_name: String::new(),
        perspective: Perspective::Citizen,
        helped_by: String::new(),
        x,
        y,
        cluster: cluster.map(|cluster| format!("cluster{cluster}").into()),
        from: None,
    }
}

fn cluster(id: usize, x: f64, y: f64) -> Cluster {
    Cluster { id: format!("cluster{id}").into(), title: String::new(), x, y }
}

/// Applies moves as the web client does.
fn apply(snapshot: &mut BoardSnapshot, moves: &[Move]) {
    for change in moves {
        match change {
            Move::Card { id, x, y } => {
                if let Some(card) = snapshot.cards.iter_mut().find(|card| &card.id == id) {
                    (card.x, card.y) = (*x, *y);
                }
            }
            Move::Cluster { id, x, y } => {
                if let Some(cluster) = snapshot.clusters.iter_mut().find(|cluster| &cluster.id == id) {
                    (cluster.x, cluster.y) = (*x, *y);
                }
            }
        }
    }
}

/// No two loose things overlap, and a cluster's outline holds exactly its members.
fn assert_tidy(snapshot: &BoardSnapshot) {
    let layout = Layout::of(snapshot);
    let cards: Vec<(&CardId, &Rect)> = layout.cards.iter().collect();
    for (index, (a, first)) in cards.iter().enumerate() {
        for (b, second) in &cards[index + 1..] {
            assert!(!first.intersects(second), "cards {a} and {b} overlap: {first:?} {second:?}");
        }
    }
    let clusters: Vec<(&ClusterId, &Rect)> = layout.clusters.iter().collect();
    for (index, (a, first)) in clusters.iter().enumerate() {
        for (b, second) in &clusters[index + 1..] {
            assert!(!first.intersects(second), "clusters {a} and {b} overlap");
        }
    }
    for (cluster, outline) in &layout.clusters {
        let members = &layout.members[cluster];
        for (card, rect) in &layout.cards {
            let inside = outline.intersects(rect);
            assert_eq!(inside, members.contains(card), "card {card} vs cluster {cluster}: inside {inside}");
        }
    }
}

#[test]
fn a_cluster_grows_to_hold_its_cards() {
    let mut snapshot = BoardSnapshot { clusters: vec![cluster(0, 20.0, 20.0)], ..Default::default() };
    for id in 0..5 {
        snapshot.cards.push(card(id, 0.0, id as f64, Some(0)));
    }
    let layout = Layout::of(&snapshot);
    let outline = layout.clusters["cluster0"];
    assert_eq!(outline.height, cluster_size(5).height);
    assert!(cluster_size(5).height > cluster_size(2).height);
    for id in 0..5 {
        let rect = layout.cards[format!("card{id}").as_str()];
        assert!(
            rect.x >= outline.x
                && rect.bottom() <= outline.bottom()
                && rect.x + rect.width <= outline.x + outline.width
        );
    }
    assert_eq!(layout.members["cluster0"], ["card0", "card1", "card2", "card3", "card4"]);
}

#[test]
fn a_card_of_a_deleted_cluster_is_loose() {
    let snapshot = BoardSnapshot { cards: vec![card(0, 300.0, 400.0, Some(9))], ..Default::default() };
    assert_eq!(Layout::of(&snapshot).cards["card0"], Rect::at(300.0, 400.0, CARD));
}

#[test]
fn free_spots_fill_rows_left_to_right() {
    let spots = free_spots(&Layout::default(), CARD, DEFAULT_WIDTH, 5);
    assert_eq!(spots[0], (GAP, GAP));
    assert_eq!(spots[1], (GAP + CARD.width + GAP, GAP));
    assert!(spots[4].1 > GAP, "the fifth card starts a new row on a 900 px canvas");
}

fn board() -> impl Strategy<Value = BoardSnapshot> {
    let clusters = proptest::collection::vec((0.0..800.0f64, 0.0..1500.0f64), 0..4);
    let cards = proptest::collection::vec((0.0..800.0f64, 0.0..1500.0f64, proptest::option::of(0usize..5)), 0..25);
    (clusters, cards).prop_map(|(clusters, cards)| BoardSnapshot {
        clusters: clusters.into_iter().enumerate().map(|(id, (x, y))| cluster(id, x, y)).collect(),
        cards: cards.into_iter().enumerate().map(|(id, (x, y, cluster))| card(id, x, y, cluster)).collect(),
        ..Default::default()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn free_spots_cover_nothing(snapshot in board(), count in 1usize..12) {
        let layout = Layout::of(&snapshot);
        let spots = free_spots(&layout, CARD, DEFAULT_WIDTH, count);
        prop_assert_eq!(spots.len(), count);
        let rects: Vec<Rect> = spots.iter().map(|&(x, y)| Rect::at(x, y, CARD)).collect();
        for (index, rect) in rects.iter().enumerate() {
            for other in layout.cards.values().chain(layout.clusters.values()).chain(&rects[index + 1..]) {
                prop_assert!(!rect.intersects(other), "{:?} covers {:?}", rect, other);
            }
        }
    }

    #[test]
    fn making_room_leaves_no_overlap(mut snapshot in board(), first in 0usize..6) {
        let moves = make_room(&snapshot, &format!("cluster{first}"));
        apply(&mut snapshot, &moves);
        assert_tidy(&snapshot);
        prop_assert!(make_room(&snapshot, "").is_empty(), "a tidy board needs no more room");
    }

    #[test]
    fn arranging_leaves_no_overlap(mut snapshot in board(), width in 500.0..2000.0f64) {
        let moves = arrange(&snapshot, width);
        apply(&mut snapshot, &moves);
        assert_tidy(&snapshot);
    }
}
