//! The board's governed document, read-only: phase, timer, locks, rounds, participants,
//! moderation. Only the server writes it, so this side just syncs and publishes a view.
//!
//! It has its own websocket (the y-websocket protocol syncs one document per socket), held
//! like the content's ([`super::socket`]); it reconnects whatever closed it and keeps nothing
//! offline: governed state is live by nature.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use leptos::prelude::*;
use polyphony_shared::governed::{Hidden, ParticipantRecord};
use polyphony_shared::voting::Round;
use polyphony_shared::{BoardId, DocName, Facilitation, GovernedDoc, ParticipantId, RoundId, protocol};

use super::socket::{self, LiveSocket, SocketOwner};
use yrs::sync::{Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, Transact, Update};

/// What the views show of governed state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GovernedView {
    /// Phase, timer, locks, summon, modes.
    pub facilitation: Facilitation,
    /// Everyone who joined, by id.
    pub participants: BTreeMap<ParticipantId, ParticipantRecord>,
    /// Voting rounds, by id.
    pub rounds: BTreeMap<RoundId, Round>,
    /// Hidden cards, by card id.
    pub hidden: BTreeMap<String, Hidden>,
    /// The activities on the agenda, by id.
    pub activities: BTreeMap<polyphony_shared::ids::ActivityId, polyphony_shared::agenda::Activity>,
    /// The polls, by their activity.
    pub polls: BTreeMap<polyphony_shared::ids::ActivityId, polyphony_shared::polls::Poll>,
    /// The World Cafés, by their activity.
    pub cafes: BTreeMap<polyphony_shared::ids::ActivityId, polyphony_shared::cafe::Cafe>,
}

/// A live, read-only replica of the governed document.
struct GovernedSync {
    board: BoardId,
    token: String,
    doc: GovernedDoc,
    view: RwSignal<GovernedView>,
    socket: RefCell<Option<LiveSocket>>,
    attempt: std::cell::Cell<u32>,
    stopped: std::cell::Cell<bool>,
}

/// Starts syncing the governed document; stops when the calling component unmounts.
pub fn follow(board: BoardId, token: String) -> ReadSignal<GovernedView> {
    let view = RwSignal::new(GovernedView::default());
    let sync = Rc::new(GovernedSync {
        board,
        token,
        doc: GovernedDoc::new(),
        view,
        socket: RefCell::new(None),
        attempt: Default::default(),
        stopped: Default::default(),
    });
    socket::open(&sync);
    let on_unmount = send_wrapper::SendWrapper::new(sync);
    on_cleanup(move || {
        let sync = on_unmount.take();
        sync.stopped.set(true);
        if let Some(live) = sync.socket.take() {
            live.detach();
        }
    });
    view.read_only()
}

impl SocketOwner for GovernedSync {
    fn board(&self) -> BoardId {
        self.board
    }

    fn doc_name(&self) -> DocName {
        DocName::Governed
    }

    fn token(&self) -> &str {
        &self.token
    }

    fn stopped(&self) -> bool {
        self.stopped.get()
    }

    fn replace_socket(&self, live: LiveSocket) {
        if let Some(previous) = self.socket.replace(Some(live)) {
            previous.detach();
        }
    }

    fn on_open(&self) {
        // Ask for everything this replica lacks.
        let state_vector = self.doc.doc().transact().state_vector();
        self.send(&protocol::sync_step1(state_vector));
    }

    fn receive(&self, frame: &[u8]) {
        GovernedSync::receive(self, frame);
    }

    /// Governed state is live by nature: whatever closed the socket, try again.
    fn on_close(self: Rc<Self>, _code: u16) {
        if self.stopped.get() {
            return;
        }
        let attempt = self.attempt.get() + 1;
        self.attempt.set(attempt);
        socket::reopen_later(&self, attempt);
    }
}

impl GovernedSync {
    fn receive(&self, frame: &[u8]) {
        let Ok(messages) = protocol::decode(frame) else { return };
        for message in messages {
            match message {
                // This replica never writes, so it has nothing the server lacks.
                Message::Sync(SyncMessage::SyncStep1(_)) => self.send(&protocol::sync_step2(Update::EMPTY_V1.to_vec())),
                Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                    if let Ok(update) = Update::decode_v1(&update) {
                        self.doc.doc().transact_mut().apply_update(update).ok();
                    }
                    self.attempt.set(0);
                    self.publish();
                }
                _ => {}
            }
        }
    }

    fn send(&self, frame: &[u8]) {
        if let Some(live) = self.socket.borrow().as_ref() {
            live.send(frame);
        }
    }

    fn publish(&self) {
        let txn = self.doc.doc().transact();
        let view = GovernedView {
            facilitation: self.doc.facilitation(&txn),
            participants: self.doc.participants(&txn),
            rounds: self.doc.rounds(&txn),
            hidden: self.doc.hidden_cards(&txn),
            activities: self.doc.activities(&txn),
            polls: self.doc.polls(&txn),
            cafes: self.doc.cafes(&txn),
        };
        drop(txn);
        self.view.set(view);
    }
}
