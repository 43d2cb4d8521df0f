//! Idea cards and the clusters that group them.

use yrs::types::text::TextPrelim;
use yrs::{Any, Map, MapPrelim, MapRef, Out, ReadTxn, TransactionMut};

use super::bin::is_deleted;
use super::{BoardDoc, entry, number, optional_string, string};
use crate::item_ids::ClusterId;
use crate::model::{Card, CardColour, Cluster, Perspective};

pub(super) const TEXT: &str = "text";
const COLOUR: &str = "colour";
pub(super) const AUTHOR_NAME: &str = "authorName";
const PERSPECTIVE: &str = "perspective";
/// Who added the card for its author (someone without a device); written by the server only.
pub(super) const HELPED_BY: &str = "helpedBy";
pub(super) const X: &str = "x";
pub(super) const Y: &str = "y";
const CLUSTER: &str = "cluster";
const TITLE: &str = "title";

/// What a new card starts with.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCard<'a> {
    /// Stable id, unique on the board.
    pub id: &'a str,
    /// The idea.
    pub text: &'a str,
    /// Its colour.
    pub colour: CardColour,
    /// The author's display name.
    pub author_name: &'a str,
    /// The author's perspective.
    pub perspective: Perspective,
    /// Position on the canvas.
    pub x: f64,
    /// Position on the canvas.
    pub y: f64,
    /// The cluster to put it in.
    pub cluster: Option<&'a str>,
}

impl BoardDoc {
    /// Adds a card.
    pub fn add_card(&self, txn: &mut TransactionMut, card: NewCard<'_>) {
        let prelim = MapPrelim::from_iter([
            (TEXT, yrs::In::from(TextPrelim::new(card.text))),
            (COLOUR, yrs::In::from(Any::from(card.colour.as_str()))),
            (AUTHOR_NAME, yrs::In::from(Any::from(card.author_name))),
            (PERSPECTIVE, yrs::In::from(Any::from(card.perspective.as_str()))),
            (X, yrs::In::from(Any::from(card.x))),
            (Y, yrs::In::from(Any::from(card.y))),
            (CLUSTER, yrs::In::from(Any::from(card.cluster.unwrap_or_default()))),
        ]);
        self.cards.insert(txn, card.id, prelim);
    }

    /// Sets a card's text, creating a plain card if it does not exist yet (used by tests and tools).
    pub fn set_card_text(&self, txn: &mut TransactionMut, card_id: &str, text: &str) {
        match self.card_text(txn, card_id) {
            Some(existing) => {
                use yrs::Text;
                let length = existing.len(txn);
                existing.remove_range(txn, 0, length);
                existing.insert(txn, 0, text);
            }
            None => self.add_card(
                txn,
                NewCard {
                    id: card_id,
                    text,
                    colour: CardColour::default(),
                    author_name: "",
                    perspective: Perspective::Other,
                    x: 0.0,
                    y: 0.0,
                    cluster: None,
                },
            ),
        }
    }

    /// Moves a card on the canvas and into a cluster (or out of any).
    pub fn move_card(&self, txn: &mut TransactionMut, id: &str, x: f64, y: f64, cluster: Option<&str>) {
        if let Some(card) = entry(&self.cards, txn, id) {
            card.insert(txn, X, x);
            card.insert(txn, Y, y);
            card.insert(txn, CLUSTER, cluster.unwrap_or_default());
        }
    }

    /// Puts a card into a cluster (or out of any) without moving it.
    pub fn set_card_cluster(&self, txn: &mut TransactionMut, id: &str, cluster: Option<&str>) {
        if let Some(card) = entry(&self.cards, txn, id) {
            card.insert(txn, CLUSTER, cluster.unwrap_or_default());
        }
    }

    /// Changes a card's colour.
    pub fn set_card_colour(&self, txn: &mut TransactionMut, id: &str, colour: CardColour) {
        if let Some(card) = entry(&self.cards, txn, id) {
            card.insert(txn, COLOUR, colour.as_str());
        }
    }

    /// Marks a card as added for its author by `helper` (someone without a device, whose
    /// ideas a facilitator or supporter adds).
    pub fn mark_helped(&self, txn: &mut TransactionMut, id: &str, helper: &str) {
        if let Some(Out::YMap(card)) = self.cards.get(txn, id) {
            card.insert(txn, HELPED_BY, helper);
        }
    }

    /// Takes the author's name (and a helper's) off every card (deleted ones too) that
    /// carries one.
    pub fn clear_author_names(&self, txn: &mut TransactionMut) {
        let signed: Vec<MapRef> = self
            .cards
            .iter(txn)
            .filter_map(|(_, value)| match value {
                Out::YMap(card)
                    if !string(&card, txn, AUTHOR_NAME).is_empty() || !string(&card, txn, HELPED_BY).is_empty() =>
                {
                    Some(card)
                }
                _ => None,
            })
            .collect();
        for card in signed {
            card.insert(txn, AUTHOR_NAME, "");
            card.remove(txn, HELPED_BY);
        }
    }

    /// Takes the author's name off every card (deleted ones too) an erasure covers; how many.
    pub fn erase_author_names(&self, txn: &mut TransactionMut, erasing: &crate::erasure::Erasing) -> usize {
        let signed: Vec<MapRef> = self
            .cards
            .iter(txn)
            .filter_map(|(_, value)| match value {
                Out::YMap(card) => {
                    let perspective = Perspective::parse(&string(&card, txn, PERSPECTIVE));
                    erasing.signed(&string(&card, txn, AUTHOR_NAME), perspective).then_some(card)
                }
                _ => None,
            })
            .collect();
        for card in &signed {
            card.insert(txn, AUTHOR_NAME, crate::erasure::ERASED_NAME);
        }
        // A helper's name goes too: what they added for others stays, without their name.
        let helped: Vec<MapRef> = self
            .cards
            .iter(txn)
            .filter_map(|(_, value)| match value {
                Out::YMap(card) if erasing.helped(&string(&card, txn, HELPED_BY)) => Some(card),
                _ => None,
            })
            .collect();
        for card in &helped {
            card.remove(txn, HELPED_BY);
        }
        signed.len()
    }

    /// Adds a cluster.
    pub fn add_cluster(&self, txn: &mut TransactionMut, id: &str, title: &str, x: f64, y: f64) {
        let prelim = MapPrelim::from_iter([
            (TITLE, yrs::In::from(Any::from(title))),
            (X, yrs::In::from(Any::from(x))),
            (Y, yrs::In::from(Any::from(y))),
        ]);
        self.clusters.insert(txn, id, prelim);
    }

    /// Renames a cluster.
    pub fn rename_cluster(&self, txn: &mut TransactionMut, id: &str, title: &str) {
        if let Some(cluster) = entry(&self.clusters, txn, id) {
            cluster.insert(txn, TITLE, title);
        }
    }

    /// Moves a cluster and, by the same distance, every card in it.
    pub fn move_cluster(&self, txn: &mut TransactionMut, id: &str, x: f64, y: f64) {
        let Some(cluster) = entry(&self.clusters, txn, id) else { return };
        let (dx, dy) = (x - number(&cluster, txn, X), y - number(&cluster, txn, Y));
        cluster.insert(txn, X, x);
        cluster.insert(txn, Y, y);
        for card in self.read_cards(txn).into_iter().filter(|card| card.cluster.as_deref() == Some(id)) {
            if let Some(map) = entry(&self.cards, txn, &card.id) {
                map.insert(txn, X, card.x + dx);
                map.insert(txn, Y, card.y + dy);
            }
        }
    }

    /// Deletes a cluster; its cards stay where they are, ungrouped.
    pub fn delete_cluster(&self, txn: &mut TransactionMut, id: &str) {
        // Its cards stay where they were drawn inside it, now loose.
        let layout = crate::layout::Layout::of(&self.snapshot_in(txn));
        for card in layout.members.get(id).into_iter().flatten() {
            if let Some(rect) = layout.cards.get(card) {
                self.move_card(txn, card, rect.x, rect.y, None);
            }
        }
        self.clusters.remove(txn, id);
    }

    /// Every card's text by card id.
    pub fn card_texts(&self) -> std::collections::BTreeMap<String, String> {
        self.snapshot().cards.into_iter().map(|card| (card.id.into_string(), card.text)).collect()
    }

    pub(super) fn read_cards(&self, txn: &impl ReadTxn) -> Vec<Card> {
        let mut cards: Vec<Card> = self
            .cards
            .iter(txn)
            .filter_map(|(id, value)| match value {
                Out::YMap(map) if !is_deleted(&map, txn) => Some(Card {
                    id: id.into(),
                    text: string(&map, txn, TEXT),
                    colour: CardColour::parse(&string(&map, txn, COLOUR)),
                    author_name: string(&map, txn, AUTHOR_NAME),
                    helped_by: string(&map, txn, HELPED_BY),
                    perspective: Perspective::parse(&string(&map, txn, PERSPECTIVE)),
                    x: number(&map, txn, X),
                    y: number(&map, txn, Y),
                    cluster: optional_string(&map, txn, CLUSTER).map(ClusterId::from),
                    from: super::carried::carried_from(&map, txn),
                }),
                _ => None,
            })
            .collect();
        cards.sort_unstable_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)).then_with(|| a.id.cmp(&b.id)));
        cards
    }

    pub(super) fn read_clusters(&self, txn: &impl ReadTxn) -> Vec<Cluster> {
        let mut clusters: Vec<Cluster> = self
            .clusters
            .iter(txn)
            .filter_map(|(id, value)| match value {
                Out::YMap(map) => Some(Cluster {
                    id: id.into(),
                    title: string(&map, txn, TITLE),
                    x: number(&map, txn, X),
                    y: number(&map, txn, Y),
                }),
                _ => None,
            })
            .collect();
        clusters.sort_unstable_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)).then_with(|| a.id.cmp(&b.id)));
        clusters
    }

    pub(super) fn card_text(&self, txn: &impl ReadTxn, id: &str) -> Option<yrs::TextRef> {
        match entry(&self.cards, txn, id)?.get(txn, TEXT) {
            Some(Out::YText(text)) => Some(text),
            _ => None,
        }
    }
}
