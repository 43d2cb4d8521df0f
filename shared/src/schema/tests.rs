//! Schema tests: operations, caret pinning, and convergence under random interleavings.

use proptest::prelude::*;
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, Transact, Update};

use super::*;
use crate::model::{CardColour, Perspective};
use crate::text_edit::{TextEdit, diff};

fn exchange(from: &BoardDoc, to: &BoardDoc) {
    let update = from.doc().transact().encode_diff_v1(&to.state_vector());
    let update = Update::decode_v1(&update).expect("valid update");
    to.doc().transact_mut().apply_update(update).expect("applies");
}

fn card<'a>(id: &'a str, text: &'a str, x: f64, y: f64) -> NewCard<'a> {
    NewCard {
        id,
        text,
        colour: CardColour::Blue,
        author_name: "Ana",
        perspective: Perspective::Citizen,
        x,
        y,
        cluster: None,
    }
}

#[test]
fn seed_update_records_schema_version() {
    let board = BoardDoc::new();
    let seed = Update::decode_v1(&BoardDoc::seed_update()).expect("valid update");
    board.doc().transact_mut().apply_update(seed).expect("applies");
    assert_eq!(board.schema_version(), Some(SCHEMA_VERSION));
}

#[test]
fn cards_clusters_and_questions_read_back() {
    let board = BoardDoc::new();
    {
        let mut txn = board.doc().transact_mut();
        board.add_card(&mut txn, card("c1", "drop-in hours", 300.0, 10.0));
        board.add_card(&mut txn, card("c2", "peer mentors", 10.0, 10.0));
        board.add_cluster(&mut txn, "k1", "Access", 0.0, 200.0);
        board.move_card(&mut txn, "c1", 20.0, 220.0, Some("k1"));
        board.add_question(&mut txn, "q1", "How might we shorten waits?");
        board.add_question(&mut txn, "q2", "How might we reach young carers?");
        board.move_question(&mut txn, "q2", 0);
    }
    let snapshot = board.snapshot();
    assert_eq!(snapshot.cards.iter().map(|card| card.id.as_str()).collect::<Vec<_>>(), ["c2", "c1"]);
    assert_eq!(snapshot.cards[1].cluster.as_deref(), Some("k1"));
    assert_eq!(snapshot.cards[1].perspective, Perspective::Citizen);
    assert_eq!(snapshot.cards_in(Some("k1")).count(), 1);
    assert_eq!(snapshot.questions.iter().map(|question| question.id.as_str()).collect::<Vec<_>>(), ["q2", "q1"]);

    let mut txn = board.doc().transact_mut();
    board.move_cluster(&mut txn, "k1", 100.0, 300.0);
    board.delete_question(&mut txn, "q1", 1.0);
    drop(txn);
    let moved = board.snapshot();
    let member = moved.cards.iter().find(|card| card.id == "c1").expect("card");
    assert_eq!((member.x, member.y), (120.0, 320.0), "cards move with their cluster");
    assert_eq!(moved.questions.len(), 1);

    let mut txn = board.doc().transact_mut();
    board.delete_cluster(&mut txn, "k1");
    drop(txn);
    assert!(board.snapshot().cards.iter().all(|card| card.cluster.is_none()));
}

#[test]
fn text_fields_edit_through_diffs() {
    let board = BoardDoc::new();
    {
        let mut txn = board.doc().transact_mut();
        board.add_card(&mut txn, card("c1", "drop in", 0.0, 0.0));
    }
    let field = TextField::Card("c1".into());
    let change = diff(&board.text(&field), "drop-in hours", Some(13)).expect("changed");
    assert!(board.edit_text(&mut board.doc().transact_mut(), &field, &change));
    assert_eq!(board.text(&field), "drop-in hours");
    let gone = TextField::Card("nope".into());
    assert!(!board.edit_text(
        &mut board.doc().transact_mut(),
        &gone,
        &TextEdit { index: 0, delete: 0, insert: "x".into() }
    ));
}

#[test]
fn remote_edits_before_the_caret_shift_it_and_after_do_not() {
    let local = BoardDoc::new();
    let remote = BoardDoc::new();
    local.set_problem_statement("Families wait too long.");
    exchange(&local, &remote);
    // The local person has "wait" selected (offsets 9..13).
    let caret = local.pin_caret(&TextField::ProblemStatement, 9, 13).expect("pinned");
    {
        let mut txn = remote.doc().transact_mut();
        remote.insert_problem_text(&mut txn, 0, "Many ");
        remote.insert_problem_text(&mut txn, 100, " Really.");
    }
    exchange(&remote, &local);
    assert_eq!(local.problem_statement(), "Many Families wait too long. Really.");
    assert_eq!(local.caret_offsets(&caret), Some((14, 18)));
}

/// One random operation a participant may perform.
#[derive(Debug, Clone)]
enum Op {
    Type { at: u32, text: String },
    Erase { at: u32, length: u32 },
    AddCard { id: u8, x: i16, y: i16 },
    MoveCard { id: u8, x: i16, y: i16, cluster: Option<u8> },
    DeleteCard { id: u8 },
    EditCard { id: u8, text: String },
    AddCluster { id: u8 },
    AddQuestion { id: u8 },
    MoveQuestion { id: u8, to: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u32..40, "[a-zé😀 ]{1,4}").prop_map(|(at, text)| Op::Type { at, text }),
        (0u32..40, 1u32..4).prop_map(|(at, length)| Op::Erase { at, length }),
        (0u8..6, any::<i16>(), any::<i16>()).prop_map(|(id, x, y)| Op::AddCard { id, x, y }),
        (0u8..6, any::<i16>(), any::<i16>(), proptest::option::of(0u8..3))
            .prop_map(|(id, x, y, cluster)| Op::MoveCard { id, x, y, cluster }),
        (0u8..6).prop_map(|id| Op::DeleteCard { id }),
        (0u8..6, "[a-z ]{0,6}").prop_map(|(id, text)| Op::EditCard { id, text }),
        (0u8..3).prop_map(|id| Op::AddCluster { id }),
        (0u8..4).prop_map(|id| Op::AddQuestion { id }),
        (0u8..4, 0u8..4).prop_map(|(id, to)| Op::MoveQuestion { id, to }),
    ]
}

fn perform(board: &BoardDoc, op: &Op) {
    let mut txn = board.doc().transact_mut();
    match op {
        Op::Type { at, text } => board.insert_problem_text(&mut txn, *at, text),
        Op::Erase { at, length } => {
            drop(txn);
            let text = board.problem_statement();
            let units = crate::text_edit::utf16_len_of(&text);
            let start = (*at).min(units);
            let change = TextEdit { index: start, delete: (*length).min(units - start), insert: String::new() };
            board.edit_text(&mut board.doc().transact_mut(), &TextField::ProblemStatement, &change);
        }
        Op::AddCard { id, x, y } => {
            board.add_card(&mut txn, card(&format!("c{id}"), "idea", f64::from(*x), f64::from(*y)))
        }
        Op::MoveCard { id, x, y, cluster } => {
            let cluster = cluster.map(|cluster| format!("k{cluster}"));
            board.move_card(&mut txn, &format!("c{id}"), f64::from(*x), f64::from(*y), cluster.as_deref());
        }
        Op::DeleteCard { id } => board.delete_card(&mut txn, &format!("c{id}"), 1.0),
        Op::EditCard { id, text } => {
            let field = TextField::Card(format!("c{id}"));
            let edit = TextEdit { index: 0, delete: 0, insert: text.clone() };
            board.edit_text(&mut txn, &field, &edit);
        }
        Op::AddCluster { id } => board.add_cluster(&mut txn, &format!("k{id}"), "group", 0.0, 0.0),
        Op::AddQuestion { id } => board.add_question(&mut txn, &format!("q{id}"), "How might we"),
        Op::MoveQuestion { id, to } => board.move_question(&mut txn, &format!("q{id}"), usize::from(*to)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Three replicas apply random operations with random partial syncs in between; after a
    /// full exchange they hold identical documents and identical snapshots.
    #[test]
    fn random_concurrent_edits_converge(
        steps in proptest::collection::vec((0usize..3, op(), proptest::option::of((0usize..3, 0usize..3))), 1..60)
    ) {
        let replicas = [BoardDoc::new(), BoardDoc::new(), BoardDoc::new()];
        for (replica, operation, sync) in &steps {
            perform(&replicas[*replica], operation);
            if let Some((from, to)) = sync {
                exchange(&replicas[*from], &replicas[*to]);
            }
        }
        for from in 0..3 {
            for to in 0..3 {
                if from != to {
                    exchange(&replicas[from], &replicas[to]);
                }
            }
        }
        let expected = replicas[0].snapshot();
        for replica in &replicas[1..] {
            prop_assert_eq!(replica.to_json(), replicas[0].to_json());
            prop_assert_eq!(replica.snapshot(), expected.clone());
        }
        let text = replicas[0].doc().transact().state_vector();
        prop_assert!(text.len() <= 3);
    }
}

#[test]
fn two_pages_that_placed_cards_on_one_spot_unstack_once() {
    let (laptop, tablet) = (BoardDoc::new(), BoardDoc::new());
    laptop
        .doc()
        .transact_mut()
        .apply_update(Update::decode_v1(&BoardDoc::seed_update()).expect("valid"))
        .expect("applies");
    exchange(&laptop, &tablet);
    // Both pages chose the same free spot for their new card at the same moment.
    laptop.add_card(&mut laptop.doc().transact_mut(), card("b-laptop", "Buses", 20.0, 20.0));
    tablet.add_card(&mut tablet.doc().transact_mut(), card("a-tablet", "Time", 20.0, 20.0));
    exchange(&laptop, &tablet);
    exchange(&tablet, &laptop);
    // Each page unstacks its own card, at the same moment again.
    let moved_laptop = laptop.unstack(&mut laptop.doc().transact_mut(), "b-laptop", 900.0);
    let moved_tablet = tablet.unstack(&mut tablet.doc().transact_mut(), "a-tablet", 900.0);
    assert!(moved_laptop && !moved_tablet, "only the card with the greater id moves");
    exchange(&laptop, &tablet);
    exchange(&tablet, &laptop);
    let layout = crate::layout::Layout::of(&tablet.snapshot());
    assert!(!crate::layout::must_make_way(&layout, "b-laptop") && !crate::layout::must_make_way(&layout, "a-tablet"));
    assert_eq!(laptop.snapshot(), tablet.snapshot());
}

#[test]
fn a_deleted_card_waits_in_the_bin_and_comes_back_whole() {
    use crate::model::ItemKind;
    let (mine, theirs) = (BoardDoc::new(), BoardDoc::new());
    mine.add_card(&mut mine.doc().transact_mut(), card("c1", "Buses", 40.0, 60.0));
    mine.add_question(&mut mine.doc().transact_mut(), "q1", "How might we?");
    exchange(&mine, &theirs);
    mine.delete_card(&mut mine.doc().transact_mut(), "c1", 1_000.0);
    mine.delete_question(&mut mine.doc().transact_mut(), "q1", 2_000.0);
    // Someone else still typing on the card at that moment keeps their words.
    let edit = TextEdit { index: 5, delete: 0, insert: " at night".into() };
    theirs.edit_text(&mut theirs.doc().transact_mut(), &TextField::Card("c1".into()), &edit);
    exchange(&theirs, &mine);
    let snapshot = mine.snapshot();
    assert!(snapshot.cards.is_empty() && snapshot.questions.is_empty());
    assert!(!mine.is_on_board(&mine.doc().transact(), ItemKind::Card, "c1"));
    let bin: Vec<(ItemKind, &str, &str)> =
        snapshot.deleted.iter().map(|item| (item.kind, item.id.as_str(), item.text.as_str())).collect();
    assert_eq!(bin, [(ItemKind::Question, "q1", "How might we?"), (ItemKind::Card, "c1", "Buses at night")]);

    exchange(&mine, &theirs);
    theirs.restore(&mut theirs.doc().transact_mut(), ItemKind::Card, "c1");
    exchange(&theirs, &mine);
    let cards = mine.snapshot().cards;
    assert_eq!((cards[0].text.as_str(), cards[0].x, cards[0].y), ("Buses at night", 40.0, 60.0));
    assert!(mine.is_on_board(&mine.doc().transact(), ItemKind::Card, "c1"));
    assert!(!mine.is_on_board(&mine.doc().transact(), ItemKind::Question, "c1"), "a card is no question");

    // Deleting for good takes only what is in the bin.
    mine.purge(&mut mine.doc().transact_mut(), ItemKind::Card, "c1");
    mine.purge(&mut mine.doc().transact_mut(), ItemKind::Question, "q1");
    let snapshot = mine.snapshot();
    assert_eq!(snapshot.cards.len(), 1);
    assert!(snapshot.deleted.is_empty() && snapshot.questions.is_empty());
}
