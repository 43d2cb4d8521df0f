//! Applying the canvas layout rules of [`crate::layout`] to the document, inside the
//! transaction of the edit that needs them, so the edit and its tidying travel together.

use yrs::TransactionMut;

use super::BoardDoc;
use crate::layout::{self, Move};

impl BoardDoc {
    /// Moves down whatever now overlaps `first` (a cluster that grew or was dropped, a card
    /// just placed) and whatever that in turn covers.
    pub fn make_room(&self, txn: &mut TransactionMut, first: &str) {
        let moves = layout::make_room(&self.snapshot_in(txn), first);
        self.apply_moves(txn, &moves);
    }

    /// Puts a card into a cluster, making room for the cluster to grow, or takes it out
    /// of any cluster to the first free spot of a canvas `width` pixels wide.
    pub fn put_in_cluster(&self, txn: &mut TransactionMut, card: &str, cluster: Option<&str>, width: f64) {
        match cluster {
            Some(cluster) => {
                self.set_card_cluster(txn, card, Some(cluster));
                self.make_room(txn, cluster);
            }
            None => {
                self.set_card_cluster(txn, card, None);
                let mut snapshot = self.snapshot_in(txn);
                snapshot.cards.retain(|other| other.id != card);
                let (x, y) = layout::free_spot(&layout::Layout::of(&snapshot), layout::CARD, width);
                self.move_card(txn, card, x, y, None);
            }
        }
    }

    /// Moves a loose card to the first free spot if it covers something (a card someone
    /// else placed at the same moment); returns whether it moved.
    pub fn unstack(&self, txn: &mut TransactionMut, card: &str, width: f64) -> bool {
        let mut snapshot = self.snapshot_in(txn);
        if !layout::must_make_way(&layout::Layout::of(&snapshot), card) {
            return false;
        }
        snapshot.cards.retain(|other| other.id != card);
        let (x, y) = layout::free_spot(&layout::Layout::of(&snapshot), layout::CARD, width);
        self.move_card(txn, card, x, y, None);
        true
    }

    /// Tidies the canvas into a grid by cluster for a canvas `width` pixels wide.
    pub fn arrange(&self, txn: &mut TransactionMut, width: f64) {
        let moves = layout::arrange(&self.snapshot_in(txn), width);
        self.apply_moves(txn, &moves);
    }

    fn apply_moves(&self, txn: &mut TransactionMut, moves: &[Move]) {
        for change in moves {
            match change {
                Move::Card { id, x, y } => self.move_card(txn, id, *x, *y, None),
                Move::Cluster { id, x, y } => self.move_cluster(txn, id, *x, *y),
            }
        }
    }
}
