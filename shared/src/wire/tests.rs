//! What the strict reader accepts from honest encoders, and what it refuses.

use yrs::updates::decoder::Decode;
use yrs::{Map, ReadTxn, StateVector, Text, Transact, Update};

use super::*;
use crate::protocol;
use crate::{BoardDoc, CardColour, NewCard, Perspective};

fn board_with_history() -> BoardDoc {
    let board = BoardDoc::new();
    {
        let mut txn = board.doc().transact_mut();
        board.insert_problem_text(&mut txn, 0, "Older people are lonely 😀");
        board.add_card(
            &mut txn,
            NewCard {
                id: "c1",
                text: "drop-in café",
                colour: CardColour::Yellow,
                author_name: "Ana",
                perspective: Perspective::Citizen,
                x: 1.5,
                y: -2.0,
                cluster: None,
            },
        );
        board.add_question(&mut txn, "q1", "How might we?");
        board.delete_card(&mut txn, "c1", 1.0);
        board.purge(&mut txn, crate::model::ItemKind::Card, "c1");
    }
    board
}

#[test]
fn honest_updates_full_states_and_merges_parse() {
    let board = board_with_history();
    let state = board.doc().transact().encode_state_as_update_v1(&StateVector::default());
    UpdateShape::parse(&state, &Limits::CLIENT).expect("a whole state parses as a client's");
    let other = BoardDoc::new();
    let edit = {
        let mut txn = other.doc().transact_mut();
        other.insert_problem_text(&mut txn, 0, "Care visits are short.");
        txn.encode_update_v1()
    };
    let merged = yrs::merge_updates_v1([state.as_slice(), edit.as_slice()]).expect("merges");
    UpdateShape::parse(&merged, &Limits::STORED).expect("a merge of updates parses");
    for frame in
        [protocol::update(edit.clone()), protocol::sync_step2(state), protocol::sync_step1(board.state_vector())]
    {
        scan_frame(&frame, &Limits::CLIENT).expect("an honest frame scans");
    }
}

/// An update with one client section holding one `Any` item of `value` under root `r`.
fn any_item(value: &[u8]) -> Vec<u8> {
    let mut bytes = vec![1, 1, 7, 0, 8, 1, 1, b'r', 1];
    bytes.extend(value);
    bytes.push(0);
    bytes
}

#[test]
fn deep_values_are_refused_before_anything_recurses() {
    let mut deep = Vec::new();
    for _ in 0..5_000 {
        deep.extend([117, 1]); // An array holding one value...
    }
    deep.push(126); // ...down to a null.
    let update = any_item(&deep);
    assert_eq!(UpdateShape::parse(&update, &Limits::CLIENT), Err(WireError::TooDeep));
    assert_eq!(scan_frame(&protocol::update(update), &Limits::CLIENT), Err(WireError::TooDeep));
}

#[test]
fn tiny_frames_declaring_huge_counts_are_refused() {
    // Counts of 2^28 in a handful of bytes: a state vector, presence, an update's clients.
    let huge = [0x80, 0x80, 0x80, 0x80, 0x01];
    let mut state_vector = vec![0, 0, 5];
    state_vector.extend(huge);
    let mut awareness = vec![1, 5];
    awareness.extend(huge);
    let mut update = vec![0, 2, 5];
    update.extend(huge);
    for frame in [state_vector, awareness, update] {
        assert_eq!(scan_frame(&frame, &Limits::CLIENT), Err(WireError::CountExceedsBytes), "{frame:?}");
    }
}

#[test]
fn shapes_no_honest_encoder_writes_are_refused() {
    let cases: [(&str, Vec<u8>, WireError); 9] = [
        ("zero-length GC block", vec![1, 1, 7, 0, 0, 0, 0], WireError::EmptyBlock),
        ("empty string", vec![1, 1, 7, 0, 4, 1, 1, b'r', 0, 0], WireError::EmptyBlock),
        ("a client written twice", vec![2, 1, 7, 0, 0, 1, 1, 7, 1, 0, 1, 0], WireError::DuplicateClient),
        (
            "legacy JSON content",
            vec![1, 1, 7, 0, 2, 1, 1, b'r', 1, 1, b'1', 0],
            WireError::Unsupported("content kinds a board does not use"),
        ),
        (
            "an unknown info bit",
            vec![1, 1, 7, 0, 0x14, 1, 1, b'r', 1, b'x', 0],
            WireError::Unsupported("unknown info bits"),
        ),
        ("a parent marker of 2", vec![1, 1, 7, 0, 4, 2, 1, b'r', 1, b'x', 0], WireError::NonCanonical),
        ("a clock past i32", vec![1, 1, 7, 0xff, 0xff, 0xff, 0xff, 0x07, 0, 2, 0], WireError::OutOfRange),
        ("delete ranges out of order", vec![0, 1, 7, 2, 5, 1, 1, 1], WireError::Unordered),
        (
            "an XML element",
            vec![1, 1, 7, 0, 7, 1, 1, b'r', 3, 1, b'p', 0],
            WireError::Unsupported("XML types and subdocuments"),
        ),
    ];
    for (what, bytes, error) in cases {
        assert_eq!(UpdateShape::parse(&bytes, &Limits::CLIENT), Err(error), "{what}");
    }
    // yrs itself takes the legacy JSON case and reads one more string than Yjs does.
    assert!(Update::decode_v1(&[1, 1, 7, 0, 2, 1, 1, b'r', 0, 1, b'1', 0]).is_ok());
}

#[test]
fn skip_blocks_and_repeated_requests_are_for_the_server_only() {
    let skip = vec![1, 1, 7, 0, 10, 3, 0];
    assert_eq!(UpdateShape::parse(&skip, &Limits::CLIENT), Err(WireError::Unsupported("skip blocks")));
    assert!(UpdateShape::parse(&skip, &Limits::STORED).is_ok());
    let mut two_requests = protocol::sync_step1(StateVector::default());
    two_requests.extend(protocol::sync_step1(StateVector::default()));
    assert_eq!(scan_frame(&two_requests, &Limits::CLIENT), Err(WireError::RepeatedRequest));
    assert_eq!(scan_frame(&[3, 3], &Limits::CLIENT), Err(WireError::RepeatedRequest));
    assert_eq!(scan_frame(&[2, 0, 0], &Limits::CLIENT), Err(WireError::UnsupportedMessage));
}

#[test]
fn item_shapes_keep_what_the_rules_need() {
    let doc = yrs::Doc::new();
    let cards = doc.get_or_insert_map("cards");
    let text = doc.get_or_insert_text("t");
    let update = {
        let mut txn = doc.transact_mut();
        cards.insert(&mut txn, "k", "");
        text.insert(&mut txn, 0, "ab😀");
        txn.encode_update_v1()
    };
    let shape = UpdateShape::parse(&update, &Limits::CLIENT).expect("parses");
    let blocks: Vec<&BlockShape> = shape.sections.iter().flat_map(|section| &section.blocks).collect();
    let keyed = blocks.iter().find(|block| matches!(&block.kind, BlockKind::Item(item) if item.key.is_some()));
    let Some(BlockShape { kind: BlockKind::Item(item), .. }) = keyed else { panic!("a keyed item") };
    assert_eq!(item.content, ContentShape::Values { blank: true, text: Some(crate::wire::TextPrint::of("")) });
    assert_eq!(item.parent, Some(ParentShape::Root("cards".into())));
    let string = blocks
        .iter()
        .find(|block| matches!(&block.kind, BlockKind::Item(item) if item.content == ContentShape::String));
    assert_eq!(string.map(|block| block.len), Some(4), "lengths count UTF-16 units");
}
