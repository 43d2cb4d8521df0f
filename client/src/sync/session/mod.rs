//! A board session: the local replica, local edits, remote updates, and what is pending.
//!
//! Local edits are applied to the replica at once and sent when the board is online. Made
//! offline, they are counted as pending and saved with the replica; the sync handshake on
//! the next connection delivers them (the server's SyncStep1 asks for everything it lacks).

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::{Rc, Weak};
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use polyphony_shared::{BoardDoc, BoardId, BoardSnapshot, DocName, TextField, UndoHistory, protocol};
use yrs::sync::{Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, StateVector, Transact, TransactionMut, Update};

mod actions;
mod connection;
mod eco;
mod editing;
mod followed;

use super::idle::{self, IdleTask};
use super::presence::{Me, Peer, Presence, RENEW_EVERY};
use super::socket::{self, LiveSocket};
use super::text_binding::TextBinding;
use super::views::Views;
use super::{ConnectionState, offline};

/// The replica is saved to browser storage once changes pause this long…
const SAVE_QUIET: Duration = Duration::from_millis(1_000);
/// …or at the latest this long after the first unsaved change.
const SAVE_AT_MOST: Duration = Duration::from_secs(5);
/// The snapshot's copies of texts catch up once typing pauses this long…
const PUBLISH_QUIET: Duration = Duration::from_millis(400);
/// …or at the latest this long after the first keystroke.
const PUBLISH_AT_MOST: Duration = Duration::from_secs(3);
/// An encoded update with no changes (no structs, no deletions).
const EMPTY_UPDATE: [u8; 2] = [0, 0];

/// A local edit, boxed so the edit path is compiled once rather than once per caller.
pub type Change<'a> = Box<dyn FnOnce(&BoardDoc, &mut TransactionMut) + 'a>;

/// The signals a session writes and components read.
pub struct Signals {
    state: RwSignal<ConnectionState>,
    pending: RwSignal<u32>,
    snapshot: RwSignal<BoardSnapshot>,
    peers: RwSignal<Vec<Peer>>,
    undoable: RwSignal<(bool, bool)>,
    first_sync: RwSignal<Option<Arc<HashSet<polyphony_shared::item_ids::CardId>>>>,
}

/// Read-only views of [`Signals`].
pub struct Readers {
    pub state: ReadSignal<ConnectionState>,
    pub pending: ReadSignal<u32>,
    pub snapshot: ReadSignal<BoardSnapshot>,
    pub peers: ReadSignal<Vec<Peer>>,
    pub undoable: ReadSignal<(bool, bool)>,
    pub first_sync: ReadSignal<Option<Arc<HashSet<polyphony_shared::item_ids::CardId>>>>,
}

impl Signals {
    /// Fresh signals for a board that is still connecting.
    pub fn new() -> Self {
        Signals {
            state: RwSignal::new(ConnectionState::Connecting),
            pending: RwSignal::new(0),
            snapshot: RwSignal::new(BoardSnapshot::default()),
            peers: RwSignal::new(Vec::new()),
            undoable: RwSignal::new((false, false)),
            first_sync: RwSignal::new(None),
        }
    }

    /// The read halves, for components.
    pub fn readers(&self) -> Readers {
        Readers {
            state: self.state.read_only(),
            pending: self.pending.read_only(),
            snapshot: self.snapshot.read_only(),
            peers: self.peers.read_only(),
            undoable: self.undoable.read_only(),
            first_sync: self.first_sync.read_only(),
        }
    }
}

/// One open board.
pub struct Session {
    board: BoardId,
    /// Which of the board's documents: the content, or an activity's.
    name: DocName,
    /// The token the websocket carries.
    token: String,
    /// The replica; replaced by one with a fresh client id when anonymity changes.
    doc: RefCell<BoardDoc>,
    presence: RefCell<Presence>,
    binding: RefCell<TextBinding>,
    /// My own edits, to undo and redo.
    history: RefCell<UndoHistory>,
    /// The field and offset where my last typing ended, to tell a new undo step.
    last_typed: RefCell<Option<(String, u32)>>,
    live: RefCell<Option<LiveSocket>>,
    /// Synced with the server over the current socket.
    online: Cell<bool>,
    /// The current socket opened (the server accepted the pass).
    opened: Cell<bool>,
    /// Whether others see this person present.
    announce: bool,
    attempt: Cell<u32>,
    stopped: Cell<bool>,
    /// Saving the replica in browser storage, when changes pause.
    saving: IdleTask,
    /// Republishing the snapshot after text-only changes, when typing pauses.
    publishing: IdleTask,
    /// Text signals and what changed since they were refreshed.
    views: Views,
    signals: Signals,
    /// The eco-map, its versions and the action plan, once a screen asks for them.
    followed: followed::Followed,
    weak_self: Weak<Session>,
}

impl Session {
    /// Restores the saved replica, publishes it, and starts connecting.
    pub fn start(
        board: BoardId,
        name: DocName,
        me: Me,
        token: String,
        signals: Signals,
        announce: bool,
    ) -> Rc<Session> {
        let doc = BoardDoc::new();
        if let Some(saved) = offline::load_doc(board, name)
            && let Ok(update) = Update::decode_v1(&saved)
        {
            doc.doc().transact_mut().apply_update(update).ok();
        }
        signals.pending.set(offline::load_pending(board, name));
        let views = Views::observe(&doc);
        let history = doc.undo_history(std::sync::Arc::new(|| js_sys::Date::now() as u64));
        let session = Rc::new_cyclic(|weak_self| Session {
            board,
            name,
            token,
            doc: RefCell::new(doc),
            presence: RefCell::new(Presence::new(me)),
            binding: RefCell::new(TextBinding::default()),
            history: RefCell::new(history),
            last_typed: RefCell::new(None),
            live: RefCell::new(None),
            online: Cell::new(false),
            opened: Cell::new(false),
            announce,
            attempt: Cell::new(0),
            stopped: Cell::new(false),
            saving: IdleTask::new(SAVE_QUIET, SAVE_AT_MOST),
            publishing: IdleTask::new(PUBLISH_QUIET, PUBLISH_AT_MOST),
            views,
            signals,
            followed: followed::Followed::new(),
            weak_self: weak_self.clone(),
        });
        session.publish();
        socket::open(&session);
        let weak = Rc::downgrade(&session);
        set_interval(
            move || {
                if let Some(session) = weak.upgrade()
                    && session.online.get()
                {
                    let frame = session.presence.borrow_mut().announce();
                    session.send_presence(frame);
                }
            },
            RENEW_EVERY,
        );
        session
    }

    pub fn board(&self) -> BoardId {
        self.board
    }

    /// Which of the board's documents this session holds.
    pub fn name(&self) -> DocName {
        self.name
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn stopped(&self) -> bool {
        self.stopped.get()
    }

    pub fn me(&self) -> Me {
        self.presence.borrow().me().clone()
    }

    pub fn set_state(&self, state: ConnectionState) {
        self.signals.state.set(state);
    }

    /// The attempt number of the next reconnect.
    pub fn next_attempt(&self) -> u32 {
        let attempt = self.attempt.get() + 1;
        self.attempt.set(attempt);
        attempt
    }

    pub fn replace_socket(&self, live: LiveSocket) {
        if let Some(previous) = self.live.replace(Some(live)) {
            previous.detach();
        }
    }

    /// The socket opened: start the handshake and announce presence.
    pub fn on_open(&self) {
        self.opened.set(true);
        self.send(&protocol::sync_step1(self.doc().state_vector()));
        let frame = self.presence.borrow_mut().announce();
        self.send_presence(frame);
    }

    /// The socket closed; returns whether it had opened.
    pub fn went_offline(&self) -> bool {
        self.online.set(false);
        self.signals.peers.set(Vec::new());
        self.opened.replace(false)
    }

    /// Handles one frame from the server.
    pub fn receive(&self, frame: &[u8]) {
        let Ok(messages) = protocol::decode(frame) else { return };
        for message in messages {
            match message {
                Message::Sync(SyncMessage::SyncStep1(state_vector)) => self.answer_step1(&state_vector),
                Message::Sync(SyncMessage::SyncStep2(update)) => {
                    self.apply_remote(update);
                    if self.signals.first_sync.with_untracked(Option::is_none) {
                        let cards =
                            self.signals.snapshot.with_untracked(|s| s.cards.iter().map(|c| c.id.clone()).collect());
                        self.signals.first_sync.set(Some(Arc::new(cards)));
                    }
                    self.online.set(true);
                    self.attempt.set(0);
                    self.set_state(ConnectionState::Online);
                }
                Message::Sync(SyncMessage::Update(update)) => self.apply_remote(update),
                Message::Awareness(update) => {
                    let mut presence = self.presence.borrow_mut();
                    presence.apply(update);
                    self.signals.peers.set(presence.peers());
                }
                Message::Auth(Some(reason)) => self.refused(&reason),
                _ => {}
            }
        }
    }

    /// The server refused an edit (a locked section, say), so this replica holds something
    /// the board does not, and every later edit would depend on it. Drops the replica and
    /// loads the board afresh, keeping the reason to show after the reload.
    fn refused(&self, reason: &str) {
        offline::forget_doc(self.board, self.name);
        offline::save_pending(self.board, self.name, 0);
        offline::save_text("notice", reason);
        leptos::prelude::window().location().reload().ok();
    }

    /// Sends the server everything it lacks, which includes every edit made offline.
    fn answer_step1(&self, state_vector: &StateVector) {
        let diff = self.doc().doc().transact().encode_diff_v1(state_vector);
        if self.send(&protocol::sync_step2(diff)) {
            self.set_pending(0);
        }
    }

    fn apply_remote(&self, update: Vec<u8>) {
        if update == EMPTY_UPDATE {
            return;
        }
        let mut binding = self.binding.borrow_mut();
        if binding.composing() {
            binding.defer(update);
            return;
        }
        binding.before_remote(&self.doc());
        if let Ok(update) = Update::decode_v1(&update) {
            self.doc().doc().transact_mut().apply_update(update).ok();
        }
        binding.after_remote(&self.doc());
        drop(binding);
        self.changed();
    }

    /// Closes the session for good: withdraws presence, closes the socket, saves.
    pub fn stop(&self) {
        self.stopped.set(true);
        let frame = self.presence.borrow_mut().withdraw();
        self.send_presence(frame);
        if let Some(live) = self.live.take() {
            live.detach();
        }
        self.save_now();
    }

    /// The replica (a cheap handle: clones share the document).
    fn doc(&self) -> BoardDoc {
        self.doc.borrow().clone()
    }

    /// Writes from now on under a fresh yrs client id, in a replica holding the same board.
    /// Anonymity was switched: what I write next must not be tied, by the id it carries, to
    /// what I wrote under my name (or the other way round). Undo starts afresh; edits not
    /// yet delivered keep their old id and go out with the next sync, as before.
    pub fn take_fresh_client_id(&self) {
        let state = self.doc().doc().transact().encode_state_as_update_v1(&StateVector::default());
        let fresh = BoardDoc::new();
        if let Ok(update) = Update::decode_v1(&state) {
            fresh.doc().transact_mut().apply_update(update).ok();
        }
        self.views.watch(&fresh);
        self.history.replace(fresh.undo_history(std::sync::Arc::new(|| js_sys::Date::now() as u64)));
        self.doc.replace(fresh);
        self.publish_undoable();
    }

    fn send(&self, frame: &[u8]) -> bool {
        self.live.borrow().as_ref().is_some_and(|live| live.send(frame))
    }

    /// Sends a presence frame, unless this screen only follows the board (a projector is
    /// nobody taking part, so it is not listed among the people present).
    fn send_presence(&self, frame: Option<Vec<u8>>) {
        if !self.announce {
            return;
        }
        if let Some(frame) = frame {
            self.send(&frame);
        }
    }

    fn set_pending(&self, pending: u32) {
        if self.signals.pending.get_untracked() != pending {
            self.signals.pending.set(pending);
            offline::save_pending(self.board, self.name, pending);
        }
    }

    /// Publishes the new content and schedules saving it.
    fn changed(&self) {
        self.refresh_followed();
        let refreshed = self.views.refresh(&self.doc());
        if refreshed.structure {
            self.publish();
        } else if refreshed.texts {
            idle::request(&self.weak_self, |session| &session.publishing, Session::publish);
        }
        idle::request(&self.weak_self, |session| &session.saving, Session::save_now);
    }

    fn publish(&self) {
        self.publishing.done();
        self.signals.snapshot.set(self.doc().snapshot());
    }

    /// The live text of a field.
    pub fn text(&self, field: &TextField) -> ReadSignal<String> {
        self.views.text(&self.doc(), field)
    }

    fn save_now(&self) {
        self.saving.done();
        let state = self.doc().doc().transact().encode_state_as_update_v1(&StateVector::default());
        offline::save_doc(self.board, self.name, &state);
        offline::save_pending(self.board, self.name, self.signals.pending.get_untracked());
    }
}
