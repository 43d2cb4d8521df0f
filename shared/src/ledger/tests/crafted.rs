//! Crafted updates that yrs would integrate into a broken document are refused.

use super::super::*;
use crate::BoardDoc;
use crate::wire::{Limits, UpdateShape};

/// An update made by hand on top of a document that holds `base`.
fn crafted(build: impl FnOnce(&mut Vec<u8>)) -> UpdateShape {
    let mut bytes = Vec::new();
    build(&mut bytes);
    UpdateShape::parse(&bytes, &Limits::CLIENT).expect("crafted update parses")
}

/// A ledger holding one client (1) that typed "ab" into the problem statement and created
/// card "c" (a map at clock 2).
fn typed_and_carded() -> Ledger {
    let mut ledger = BoardDoc::ledger(1_000);
    let base = crafted(|bytes| {
        // One section: client 1 from clock 0, two blocks.
        bytes.extend([1, 2, 1, 0]);
        // "ab" into the root text problemStatement.
        bytes.extend([4, 1, 16]);
        bytes.extend(b"problemStatement");
        bytes.extend([2, b'a', b'b']);
        // A map under cards/c.
        bytes.extend([0x20 | 7, 1, 5]);
        bytes.extend(b"cards");
        bytes.extend([1, b'c', 1]);
        bytes.push(0); // No deletes.
    });
    ledger.record(&base).expect("base records");
    ledger
}

#[test]
fn blocks_whose_neighbours_sit_in_different_types_are_refused() {
    let ledger = typed_and_carded();
    // Client 2 inserts with its left origin in the text (1,0) and its right origin on the card (1,2).
    let update = crafted(|bytes| bytes.extend([1, 1, 2, 0, 0x80 | 0x40 | 4, 1, 0, 1, 2, 1, b'x', 0]));
    assert_eq!(ledger.plan(&update, &mut |_| {}).err(), Some(LedgerError::InconsistentPlacement));
}

#[test]
fn blocks_that_wait_on_each_other_are_refused() {
    let ledger = typed_and_carded();
    // Client 2's block sits after client 3's, and client 3's after client 2's.
    let update = crafted(|bytes| {
        bytes.push(2);
        bytes.extend([1, 2, 0, 0x80 | 4, 3, 0, 1, b'x']);
        bytes.extend([1, 3, 0, 0x80 | 4, 2, 0, 1, b'y']);
        bytes.push(0);
    });
    assert_eq!(ledger.plan(&update, &mut |_| {}).err(), Some(LedgerError::Cycle));
    // A block after a hole in its own client's clocks, or after a block nobody sent.
    let hole = crafted(|bytes| bytes.extend([1, 1, 1, 5, 0x80 | 4, 1, 1, 1, b'x', 0]));
    assert_eq!(ledger.plan(&hole, &mut |_| {}).err(), Some(LedgerError::MissingDependency));
    let unknown = crafted(|bytes| bytes.extend([1, 1, 2, 0, 0x80 | 4, 9, 0, 1, b'x', 0]));
    assert_eq!(ledger.plan(&unknown, &mut |_| {}).err(), Some(LedgerError::MissingDependency));
    let beyond = crafted(|bytes| bytes.extend([0, 1, 1, 1, 2, 5]));
    assert_eq!(ledger.plan(&beyond, &mut |_| {}).err(), Some(LedgerError::MissingDependency));
}

#[test]
fn parents_must_be_types_and_keys_must_fit_them() {
    let ledger = typed_and_carded();
    // Parent (1,0) is a character, not a type.
    let leaf_parent = crafted(|bytes| bytes.extend([1, 1, 2, 0, 4, 0, 1, 0, 1, b'x', 0]));
    assert_eq!(ledger.plan(&leaf_parent, &mut |_| {}).err(), Some(LedgerError::InvalidParent));
    // A map entry with no key in the card map.
    let keyless = crafted(|bytes| bytes.extend([1, 1, 2, 0, 8, 0, 1, 2, 1, 0x77, 1, b'x', 0]));
    assert_eq!(ledger.plan(&keyless, &mut |_| {}).err(), Some(LedgerError::KeyMismatch));
    // A keyed entry in the problem statement text.
    let keyed_text = crafted(|bytes| {
        bytes.extend([1, 1, 2, 0, 0x20 | 4, 1, 16]);
        bytes.extend(b"problemStatement");
        bytes.extend([1, b'k', 1, b'x', 0]);
    });
    assert_eq!(ledger.plan(&keyed_text, &mut |_| {}).err(), Some(LedgerError::KeyMismatch));
    // Characters as a map value, and a value inside the problem statement text.
    let characters_in_a_map = crafted(|bytes| bytes.extend([1, 1, 2, 0, 0x20 | 4, 0, 1, 2, 1, b'k', 1, b'x', 0]));
    assert_eq!(ledger.plan(&characters_in_a_map, &mut |_| {}).err(), Some(LedgerError::ContentMismatch));
    let value_in_a_text = crafted(|bytes| bytes.extend([1, 1, 2, 0, 0x80 | 8, 1, 0, 1, 0x77, 1, b'x', 0]));
    assert_eq!(ledger.plan(&value_in_a_text, &mut |_| {}).err(), Some(LedgerError::ContentMismatch));
}

#[test]
fn nested_types_and_long_texts_are_bounded() {
    let ledger = typed_and_carded();
    // Maps nested in the card (depth 1) down to depth 4, one inside the other.
    let deep = crafted(|bytes| {
        bytes.extend([1, 3, 2, 0]);
        bytes.extend([0x20 | 7, 0, 1, 2, 1, b'a', 1]); // (2,0) in card: depth 2
        bytes.extend([0x20 | 7, 0, 2, 0, 1, b'b', 1]); // (2,1) in (2,0): depth 3
        bytes.extend([0x20 | 7, 0, 2, 1, 1, b'c', 1]); // (2,2) in (2,1): depth 4
        bytes.push(0);
    });
    assert_eq!(ledger.plan(&deep, &mut |_| {}).err(), Some(LedgerError::TooDeep));
    // 999 more characters after "ab" pass the 1,000 limit.
    let long = crafted(|bytes| {
        bytes.extend([1, 1, 2, 0, 0x80 | 4, 1, 1]);
        bytes.extend([0xe7, 0x07]);
        bytes.extend(std::iter::repeat_n(b'x', 999));
        bytes.push(0);
    });
    assert_eq!(ledger.plan(&long, &mut |_| {}).err(), Some(LedgerError::TextTooLong { limit: 1_000 }));
}

#[test]
fn resent_and_redeleted_content_changes_nothing() {
    let mut ledger = typed_and_carded();
    let delete_b = crafted(|bytes| bytes.extend([0, 1, 1, 1, 1, 1]));
    let mut touched = 0;
    let plan = ledger.plan(&delete_b, &mut |_| touched += 1).expect("plans");
    assert!(plan.changes_document());
    ledger.commit(plan);
    ledger.mark_deleted(1, 1, 1);
    let plan = ledger.plan(&delete_b, &mut |_| touched += 1).expect("plans");
    assert!(!plan.changes_document(), "deleting it again changes nothing");
    assert_eq!(touched, 1);
}
