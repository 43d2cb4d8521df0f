//! The ledger against yrs itself: honest sessions (several clients editing a board through
//! a server, in random order, with reconnects that resend what the server has) must plan
//! without a refusal, report the changes deep observers on the server's document see, and
//! keep the same state as yrs.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use proptest::prelude::*;
use yrs::types::{EntryChange, Event, PathSegment};
use yrs::updates::decoder::Decode;
use yrs::{Any, DeepObservable, Doc, GetString, Map, Out, ReadTxn, StateVector, Text, Transact, Update};

use super::super::*;
use crate::schema::ContentChange;
use crate::wire::{Limits, UpdateShape};
use crate::{BoardDoc, CardColour, NewCard, Perspective, Section};

/// What deep observers on the roots saw in one transaction: `loose` has every section that
/// got any event at all, `strict` only those whose event shows a visible change.
#[derive(Default)]
struct Observed {
    loose: BTreeSet<ContentChange>,
    strict: BTreeSet<ContentChange>,
}

/// Whether an event shows a visible change.
fn visible(txn: &yrs::TransactionMut, event: &Event) -> bool {
    match event {
        Event::Text(text) => !text.delta(txn).is_empty(),
        Event::Map(map) => !map.keys(txn).is_empty(),
        Event::Array(array) => !array.delta(txn).is_empty(),
        _ => true,
    }
}

/// Watches every root of a content document the way the server used to, with deep observers.
fn observe(doc: &Doc) -> Arc<Mutex<Observed>> {
    let seen = Arc::new(Mutex::new(Observed::default()));
    let roots = [
        ("problemStatement", ContentChange::Section(Section::ProblemStatement)),
        ("questions", ContentChange::Section(Section::Questions)),
        ("clusters", ContentChange::Section(Section::Ideas)),
        ("meta", ContentChange::Structure),
    ];
    for (name, change) in roots {
        let sink = Arc::clone(&seen);
        let report = move |txn: &yrs::TransactionMut, events: &yrs::types::Events| {
            let Ok(mut seen) = sink.lock() else { return };
            seen.loose.insert(change.clone());
            if events.iter().any(|event| visible(txn, event)) {
                seen.strict.insert(change.clone());
            }
        };
        if name == "problemStatement" {
            doc.get_or_insert_text(name).observe_deep("oracle", report);
        } else {
            doc.get_or_insert_map(name).observe_deep("oracle", report);
        }
    }
    let sink = Arc::clone(&seen);
    doc.get_or_insert_map("cards").observe_deep("oracle", move |txn, events| {
        let Ok(mut seen) = sink.lock() else { return };
        seen.loose.insert(ContentChange::Section(Section::Ideas));
        for event in events.iter() {
            if visible(txn, event) {
                seen.strict.insert(ContentChange::Section(Section::Ideas));
            }
            let map_event = match event {
                Event::Map(map_event) => map_event,
                Event::Text(text) if text.path().back() == Some(&PathSegment::Key("authorName".into())) => {
                    seen.strict.insert(ContentChange::CardAuthor);
                    continue;
                }
                _ => continue,
            };
            let on_card = !map_event.path().is_empty();
            for (key, change) in map_event.keys(txn) {
                let (EntryChange::Inserted(value) | EntryChange::Updated(_, value)) = change else { continue };
                let author = if on_card {
                    key.as_ref() == "authorName" && names(Some(value.clone()))
                } else {
                    matches!(value, Out::YMap(card) if names(card.get(txn, "authorName")))
                };
                if author {
                    seen.strict.insert(ContentChange::CardAuthor);
                }
                if !on_card && matches!(value, Out::YMap(_)) {
                    seen.strict.insert(ContentChange::CardCreated);
                }
            }
        }
    });
    seen
}

fn names(value: Option<Out>) -> bool {
    match value {
        None => false,
        Some(Out::Any(Any::String(name))) => !name.is_empty(),
        Some(_) => true,
    }
}

/// The server side of a session: the document, its ledger, and the oracle.
struct Server {
    board: BoardDoc,
    ledger: Ledger,
    seen: Arc<Mutex<Observed>>,
}

impl Server {
    fn new() -> Self {
        let board = BoardDoc::new();
        let seen = observe(board.doc());
        let mut server = Server { board, ledger: BoardDoc::ledger(1_000_000), seen };
        server.apply(&BoardDoc::seed_update());
        server
    }

    /// Judges, applies and records an honest update, checking the ledger against yrs.
    fn apply(&mut self, update: &[u8]) {
        let shape = UpdateShape::parse(update, &Limits::CLIENT).expect("an honest update parses");
        let decoded = Update::decode_v1(update).expect("decodes");
        let mut blocks = yrs::IdSet::new();
        for section in &shape.sections {
            blocks.insert(
                yrs::ID::new(yrs::ClientID::new(section.client), section.start()),
                section.end() - section.start(),
            );
        }
        assert_eq!(blocks, normalised(&decoded.insertions(true)), "the shape holds the blocks yrs decodes");
        let mut deletes = yrs::IdSet::new();
        for entry in &shape.deletes {
            for &(clock, len) in &entry.ranges {
                deletes.insert(yrs::ID::new(yrs::ClientID::new(entry.client), clock), len);
            }
        }
        assert_eq!(deletes, normalised(decoded.delete_set()), "the shape deletes what yrs decodes");
        let mut predicted = BTreeSet::new();
        let plan = self.ledger.plan(&shape, &mut |touch| BoardDoc::classify(touch, &mut predicted)).expect("plans");
        *self.seen.lock().expect("oracle") = Observed::default();
        let before = self.board.doc().transact().encode_state_as_update_v1(&StateVector::default());
        let deleted = {
            let mut txn = self.board.doc().transact_mut();
            txn.apply_update(decoded).expect("applies");
            txn.delete_set().clone()
        };
        let observed = std::mem::take(&mut *self.seen.lock().expect("oracle"));
        // Every visible change the observers see, the ledger reports; and it reports nothing
        // in a section yrs did not touch at all. (Between the two: changes with no visible
        // effect, such as a card created under an id a concurrent card already won.)
        let sections = |changes: &BTreeSet<ContentChange>| -> BTreeSet<ContentChange> {
            changes
                .iter()
                .filter(|change| matches!(change, ContentChange::Section(_) | ContentChange::Structure))
                .cloned()
                .collect()
        };
        assert!(
            observed.strict.is_subset(&predicted),
            "the ledger reports {predicted:?}, the observers {:?}",
            observed.strict
        );
        assert!(
            sections(&predicted).is_subset(&observed.loose),
            "the ledger reports {predicted:?}, yrs touched {:?}",
            observed.loose
        );
        let after = self.board.doc().transact().encode_state_as_update_v1(&StateVector::default());
        assert_eq!(plan.changes_document(), before != after, "a plan that changes nothing changes nothing");
        self.ledger.commit(plan);
        for (client, ranges) in deleted.iter() {
            for range in ranges.iter() {
                self.ledger.mark_deleted(client.get(), range.start, range.end - range.start);
            }
        }
        for (client, clock) in self.board.doc().transact().state_vector().iter() {
            assert_eq!(self.ledger.state(client.get()), *clock, "same state as yrs");
        }
        let text_len = self.board.problem_statement().encode_utf16().count() as u64;
        assert_eq!(self.ledger.length(&Parent::Root("problemStatement".into())), text_len, "same text length");
    }
}

/// The same set, built range by range, so that equal sets compare equal.
fn normalised(set: &yrs::IdSet) -> yrs::IdSet {
    let mut rebuilt = yrs::IdSet::new();
    for (client, ranges) in set.iter() {
        for range in ranges.iter() {
            rebuilt.insert(yrs::ID::new(*client, range.start), range.end - range.start);
        }
    }
    rebuilt
}

/// One person's device, syncing with the server only.
struct Device {
    board: BoardDoc,
    /// The problem statement, taken before any transaction (taking it inside one deadlocks).
    text: yrs::TextRef,
    unsent: Vec<Vec<u8>>,
}

impl Device {
    fn new() -> Self {
        let board = BoardDoc::new();
        let text = board.doc().get_or_insert_text("problemStatement");
        Device { board, text, unsent: Vec::new() }
    }

    fn edit(&mut self, edit: impl FnOnce(&BoardDoc, &mut yrs::TransactionMut)) {
        let update = {
            let mut txn = self.board.doc().transact_mut();
            edit(&self.board, &mut txn);
            txn.encode_update_v1()
        };
        if update != Update::EMPTY_V1 {
            self.unsent.push(update);
        }
    }

    fn pull(&self, server: &Server) {
        let diff = server.board.doc().transact().encode_diff_v1(&self.board.state_vector());
        self.board.doc().transact_mut().apply_update(Update::decode_v1(&diff).expect("decodes")).expect("applies");
    }
}

#[derive(Debug, Clone)]
enum Op {
    Type { device: usize, at: u32, text: &'static str },
    Erase { device: usize, at: u32, len: u32 },
    AddCard { device: usize, card: u8, signed: bool },
    CardText { device: usize, card: u8, text: &'static str },
    MoveCard { device: usize, card: u8, x: u8 },
    DeleteCard { device: usize, card: u8 },
    AddQuestion { device: usize, question: u8 },
    DeleteQuestion { device: usize, question: u8 },
    Send { device: usize },
    Pull { device: usize },
    Resend { device: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let device = 0..3usize;
    let texts = prop::sample::select(vec!["a", "hello ", "é", "😀 ok", "wait, no"]);
    prop_oneof![
        (device.clone(), 0..40u32, texts.clone()).prop_map(|(device, at, text)| Op::Type { device, at, text }),
        (device.clone(), 0..40u32, 1..6u32).prop_map(|(device, at, len)| Op::Erase { device, at, len }),
        (device.clone(), 0..4u8, any::<bool>()).prop_map(|(device, card, signed)| Op::AddCard { device, card, signed }),
        (device.clone(), 0..4u8, texts).prop_map(|(device, card, text)| Op::CardText { device, card, text }),
        (device.clone(), 0..4u8, any::<u8>()).prop_map(|(device, card, x)| Op::MoveCard { device, card, x }),
        (device.clone(), 0..4u8).prop_map(|(device, card)| Op::DeleteCard { device, card }),
        (device.clone(), 0..3u8).prop_map(|(device, question)| Op::AddQuestion { device, question }),
        (device.clone(), 0..3u8).prop_map(|(device, question)| Op::DeleteQuestion { device, question }),
        device.clone().prop_map(|device| Op::Send { device }),
        device.clone().prop_map(|device| Op::Send { device }),
        device.clone().prop_map(|device| Op::Pull { device }),
        device.prop_map(|device| Op::Resend { device }),
    ]
}

fn run(ops: Vec<Op>) {
    let mut server = Server::new();
    let mut devices: Vec<Device> = (0..3).map(|_| Device::new()).collect();
    for device in &devices {
        device.pull(&server);
    }
    for op in ops {
        match op {
            Op::Type { device, at, text } => {
                devices[device].edit(|board, txn| board.insert_problem_text(txn, at, text))
            }
            Op::Erase { device, at, len } => {
                let text = devices[device].text.clone();
                devices[device].edit(|_, txn| {
                    let total = text.len(txn);
                    if at < total {
                        text.remove_range(txn, at, len.min(total - at));
                    }
                });
            }
            Op::AddCard { device, card, signed } => devices[device].edit(|board, txn| {
                let id = format!("card-{card}");
                let new = NewCard {
                    id: &id,
                    text: "idea",
                    colour: CardColour::Yellow,
                    author_name: if signed { "Ana" } else { "" },
                    perspective: Perspective::Citizen,
                    x: 0.0,
                    y: 0.0,
                    cluster: None,
                };
                board.add_card(txn, new);
            }),
            Op::CardText { device, card, text } => {
                devices[device].edit(|board, txn| board.set_card_text(txn, &format!("card-{card}"), text));
            }
            Op::MoveCard { device, card, x } => {
                devices[device]
                    .edit(|board, txn| board.move_card(txn, &format!("card-{card}"), f64::from(x), 1.0, None));
            }
            Op::DeleteCard { device, card } => {
                devices[device].edit(|board, txn| board.delete_card(txn, &format!("card-{card}"), 1.0))
            }
            Op::AddQuestion { device, question } => {
                devices[device].edit(|board, txn| board.add_question(txn, &format!("q-{question}"), "How might we?"));
            }
            Op::DeleteQuestion { device, question } => {
                devices[device].edit(|board, txn| board.delete_question(txn, &format!("q-{question}"), 1.0));
            }
            Op::Send { device } => {
                if !devices[device].unsent.is_empty() {
                    let update = devices[device].unsent.remove(0);
                    server.apply(&update);
                }
            }
            Op::Pull { device } => {
                // Pulling first sends what is unsent, as a client's sync does.
                for update in std::mem::take(&mut devices[device].unsent) {
                    server.apply(&update);
                }
                devices[device].pull(&server);
            }
            Op::Resend { device } => {
                // A reconnect: everything the server lacks, plus the device's whole delete set.
                let diff = devices[device].board.doc().transact().encode_diff_v1(&server.board.state_vector());
                server.apply(&diff);
                devices[device].unsent.clear();
            }
        }
    }
    for device in &mut devices {
        for update in std::mem::take(&mut device.unsent) {
            server.apply(&update);
        }
    }
    // A ledger built from the document's whole state agrees with the one kept incrementally.
    let state = server.board.doc().transact().encode_state_as_update_v1(&StateVector::default());
    let mut rebuilt = BoardDoc::ledger(1_000_000);
    rebuilt.record(&UpdateShape::parse(&state, &Limits::STORED).expect("state parses")).expect("state records");
    assert_eq!(layout(&rebuilt), layout(&server.ledger));
    let text = server.board.doc().get_or_insert_text("problemStatement");
    assert_eq!(text.get_string(&server.board.doc().transact()), server.board.problem_statement());
}

/// What is visible where, clock by clock, merged into runs: comparable across ledgers
/// whatever their span boundaries.
fn layout(ledger: &Ledger) -> Vec<(u64, u32, u32, String)> {
    let mut runs: Vec<(u64, u32, u32, String)> = Vec::new();
    let mut clients: Vec<_> = ledger.clients.iter().collect();
    clients.sort_by_key(|(client, _)| **client);
    for (client, spans) in clients {
        for span in spans.iter() {
            let what = match (&span.place, span.deleted) {
                (Place::Gone, _) | (_, true) => "gone".to_owned(),
                (Place::In { parent, key }, false) => format!("{parent:?}/{key:?}/{:?}", span.branch),
            };
            // Runs of what is gone merge whatever they were; a live type stays its own run.
            let mergeable = what == "gone" || span.branch.is_none();
            match runs.last_mut() {
                Some(last) if mergeable && last.0 == *client && last.2 == span.start && last.3 == what => {
                    last.2 = span.end();
                }
                _ => runs.push((*client, span.start, span.end(), what)),
            }
        }
    }
    runs
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn honest_sessions_plan_as_yrs_applies(ops in prop::collection::vec(op(), 1..80)) {
        run(ops);
    }
}
