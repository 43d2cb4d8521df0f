//! The only code that touches the websocket, the board's yrs document and browser storage.
//!
//! [`connect`] opens a board: it restores the replica saved in this browser (so a reload
//! while offline loses nothing), connects over the y-websocket protocol, and reconnects
//! with backoff and jitter. Components get a [`BoardHandle`] from context: signals to read
//! ([`BoardHandle::snapshot`], [`BoardHandle::state`] …) and methods to edit.
//!
//! # Layout
//! - [`session`]: the replica, local edits, remote updates, pending count.
//! - [`socket`]: opening and reopening the websocket.
//! - [`presence`]: who is here and what they are editing (awareness).
//! - [`text_binding`]: the focused text field, its caret, and IME composition.
//! - [`offline`]: saving the replica in `localStorage`.
//! - [`remembered`]: what else the browser keeps between visits (profile, passes, notices).
//! - [`governed`]: the read-only replica of the governed document (phase, timer, rounds …).
//! - [`views`]: text signals per field, so typing re-renders only the field typed in.

pub mod governed;
mod idle;
pub(crate) mod offline;
mod presence;
mod remembered;
mod session;
mod socket;
mod text_binding;
mod views;

use std::rc::Rc;

use leptos::prelude::*;
use polyphony_shared::{BoardDoc, BoardId, BoardSnapshot, DocName, Section, TextField};
use send_wrapper::SendWrapper;
use yrs::TransactionMut;

use crate::governance::Governance;
pub use presence::{Me, Peer};
pub use remembered::*;
use session::Session;
pub use text_binding::textarea_of;

/// Where the board's live connection stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionState {
    /// Opening the first connection.
    Connecting,
    /// Synced with the server; edits flow both ways.
    Online,
    /// The connection dropped; trying again.
    Reconnecting {
        /// How many attempts so far.
        attempt: u32,
    },
    /// The server closed the connection for a reason that reconnecting would not fix.
    Closed(String),
    /// A facilitator removed this person from the board: it stays readable here, and
    /// edits made since are dropped.
    Removed,
    /// The board was deleted, with everything in it; this browser forgot its copy too.
    Deleted,
}

/// What components use to read and edit a board. Cheap to copy; lives as long as the page.
#[derive(Clone, Copy)]
pub struct BoardHandle {
    session: StoredValue<Rc<Session>, LocalStorage>,
    /// The connection state.
    pub state: ReadSignal<ConnectionState>,
    /// Local edits the server has not confirmed yet (made offline).
    pub pending: ReadSignal<u32>,
    /// The board's content, re-read after every change.
    pub snapshot: ReadSignal<BoardSnapshot>,
    /// Everyone else present.
    pub peers: ReadSignal<Vec<Peer>>,
    /// The cards the board held when this page first synced (what arrives later is new).
    pub first_sync: ReadSignal<Option<std::sync::Arc<std::collections::HashSet<polyphony_shared::item_ids::CardId>>>>,
    /// Where each card sits in `snapshot.cards`, by id.
    pub card_index: Memo<std::collections::HashMap<polyphony_shared::item_ids::CardId, usize>>,
    /// Whether I have something to undo and something to redo.
    pub undoable: ReadSignal<(bool, bool)>,
    /// Who may edit which section now (locks, roles).
    governance: Governance,
}

/// Opens one of a board's live documents (its content, or an activity's) as `me`, with the
/// token of this browser's pass; closes it when the calling component unmounts.
pub fn connect(board: BoardId, doc: DocName, me: Me, token: String, governance: Governance) -> BoardHandle {
    let signals = session::Signals::new();
    let handle_signals = signals.readers();
    let announce = governance.role() != polyphony_shared::Role::Observer;
    let session = Session::start(board, doc, me, token, signals, announce);
    let on_unmount = SendWrapper::new(Rc::clone(&session));
    on_cleanup(move || on_unmount.take().stop());
    let state = handle_signals.state;
    let snapshot = handle_signals.snapshot;
    Effect::new(move |_| match state.get() {
        ConnectionState::Removed => governance.removed.set(true),
        ConnectionState::Deleted => governance.deleted.set(true),
        _ => {}
    });
    let handle = BoardHandle {
        session: StoredValue::new_local(session),
        state: handle_signals.state,
        pending: handle_signals.pending,
        snapshot: handle_signals.snapshot,
        peers: handle_signals.peers,
        undoable: handle_signals.undoable,
        first_sync: handle_signals.first_sync,
        card_index: Memo::new(move |_| {
            snapshot
                .with(|snapshot| snapshot.cards.iter().enumerate().map(|(at, card)| (card.id.clone(), at)).collect())
        }),
        governance,
    };
    write_fresh_when_anonymity_changes(handle, governance);
    handle
}

/// When a facilitator turns anonymity on or off, the replica takes a fresh client id, so
/// the ids in the document tie nothing written anonymously to a name.
fn write_fresh_when_anonymity_changes(handle: BoardHandle, governance: Governance) {
    // Known once the governed state has arrived (it always lists someone: the facilitator).
    let anonymity = Memo::new(move |_| {
        governance.view.with(|view| (!view.participants.is_empty()).then_some(view.facilitation.anonymous))
    });
    Effect::new(move |before: Option<Option<bool>>| {
        let before = before.flatten();
        let now = anonymity.get();
        if let (Some(before), Some(now)) = (before, now)
            && before != now
        {
            handle.session.with_value(|session| session.take_fresh_client_id());
        }
        now.or(before)
    });
}

impl BoardHandle {
    /// Makes a local edit of `section` in one transaction and sends it (or keeps it for
    /// later when offline). A locked section is not edited: the server would refuse it.
    ///
    /// The change is boxed so that the edit path is compiled once, not once per caller:
    /// that keeps the download small.
    pub fn edit<'change>(&self, section: Section, change: impl FnOnce(&BoardDoc, &mut TransactionMut) + 'change) {
        if let Some(reason) = self.governance.edit_refusal(section) {
            self.governance.error.set(Some(reason));
            return;
        }
        let change: session::Change<'change> = Box::new(change);
        self.session.with_value(|session| session.edit(change));
    }

    /// The eco-map this document holds (an eco-map activity's), followed live.
    pub fn eco_map(&self) -> ReadSignal<polyphony_shared::ecomap::EcoMap> {
        self.session.with_value(|session| session.eco_map())
    }

    /// The eco-map's saved versions, oldest first, followed live.
    pub fn map_versions(&self) -> ReadSignal<Vec<polyphony_shared::ecomap::versions::MapVersion>> {
        self.session.with_value(|session| session.map_versions())
    }

    /// Makes a local edit of the eco-map in one transaction and sends it; refused (and
    /// said why) where the server would refuse it.
    pub fn edit_map<'change>(
        &self,
        change: impl FnOnce(&polyphony_shared::ecomap::doc::EcoMapDoc, &mut TransactionMut) + 'change,
    ) {
        if let Some(reason) = self.governance.map_refusal() {
            self.governance.error.set(Some(reason));
            return;
        }
        self.session.with_value(|session| session.edit_map(Box::new(change)));
    }

    /// The action plan this document holds (an action-plan activity's), followed live.
    pub fn actions(&self) -> ReadSignal<Vec<polyphony_shared::actions::Action>> {
        self.session.with_value(|session| session.actions())
    }

    /// Makes a local edit of the action plan in one transaction and sends it; refused (and
    /// said why) where the server would refuse it, as any edit of the cards.
    pub fn edit_actions<'change>(
        &self,
        change: impl FnOnce(&polyphony_shared::actions::doc::ActionsDoc, &mut TransactionMut) + 'change,
    ) {
        if let Some(reason) = self.governance.edit_refusal(Section::Ideas) {
            self.governance.error.set(Some(reason));
            return;
        }
        self.session.with_value(|session| session.edit_actions(Box::new(change)));
    }

    /// Undoes my last step (typing, a deleted card …), or redoes the last undone one. Not
    /// while a section I cannot edit is locked: the server would refuse the step.
    pub fn undo(&self, redo: bool) {
        if let Some(reason) = self.governance.edit_refusal_anywhere() {
            self.governance.error.set(Some(reason));
            return;
        }
        self.session.with_value(|session| session.undo(redo));
    }

    /// Ends the current undo step (a new field, a new card).
    pub fn end_undo_step(&self) {
        self.session.with_value(|session| session.end_undo_step());
    }

    /// Whether the board is in anonymous mode (new cards carry no author name).
    pub fn anonymous(&self) -> bool {
        self.governance.view.with_untracked(|view| view.facilitation.anonymous)
    }

    /// The live text of a field: changes only when that text does.
    pub fn text(&self, field: &TextField) -> ReadSignal<String> {
        self.session.with_value(|session| session.text(field))
    }

    /// A text field's element now shows `value` (typing, paste, autocorrect, IME).
    pub fn text_input(&self, field: &TextField, element: &web_sys::HtmlTextAreaElement) {
        self.session.with_value(|session| session.text_input(field, element));
    }

    /// A text field got the focus: remote edits keep its caret, presence shows it.
    pub fn focus(&self, field: TextField, element: web_sys::HtmlTextAreaElement) {
        self.session.with_value(|session| session.focus(field, element));
    }

    /// A text field lost the focus.
    pub fn blur(&self, field: &TextField) {
        self.session.with_value(|session| session.blur(field));
    }

    /// IME composition started or ended in the focused field.
    pub fn composing(&self, composing: bool) {
        self.session.with_value(|session| session.set_composing(composing));
    }

    /// The board's id.
    pub fn board(&self) -> BoardId {
        self.session.with_value(|session| session.board())
    }

    /// The person using this browser.
    pub fn me(&self) -> Me {
        self.session.with_value(|session| session.me())
    }

    /// A new random id for a card, question or cluster.
    pub fn new_id(&self) -> String {
        format!("{:08x}{:08x}", random_u32(), random_u32())
    }
}

fn random_u32() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}
