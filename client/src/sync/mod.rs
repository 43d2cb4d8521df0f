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
//! - [`governed`]: the read-only replica of the governed document (phase, timer, rounds …).
//! - [`views`]: text signals per field, so typing re-renders only the field typed in.

pub mod governed;
mod idle;
pub(crate) mod offline;
mod presence;
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

/// The profile this browser used last, if any.
pub fn offline_me() -> Option<Me> {
    Me::from_json(&offline::load_text("me")?)
}

/// Remembers the profile for the next board.
pub fn remember_me(me: &Me) {
    if let Some(text) = me.to_json() {
        offline::save_text("me", &text);
    }
}

/// A board's metadata as last seen online, for showing it offline.
pub fn cached_info(board: BoardId) -> Option<polyphony_shared::BoardInfo> {
    offline::load_info(board)
}

/// This browser's pass for a board, if it joined before.
pub fn cached_pass(board: BoardId) -> Option<crate::api::Pass> {
    offline::load_pass(board)
}

/// Remembers the pass for a board.
pub fn remember_pass(board: BoardId, pass: &crate::api::Pass) {
    offline::save_pass(board, pass);
}

/// The pass this browser's presenter view uses for a board (an observer's, kept apart from
/// the pass of whoever takes part in the board on this browser).
pub fn presenter_pass(board: BoardId) -> Option<crate::api::Pass> {
    crate::api::Pass::from_json(&offline::load_text(&format!("presenter.{board}"))?)
}

/// Keeps the presenter view's pass for a board.
pub fn remember_presenter_pass(board: BoardId, pass: &crate::api::Pass) {
    if let Some(json) = pass.to_json() {
        offline::save_text(&format!("presenter.{board}"), &json);
    }
}

/// Keeps the facilitator key of a board this browser created, to show the facilitator link.
pub fn remember_facilitator_key(board: BoardId, key: &str) {
    offline::save_text(&format!("facilitator.{board}"), key);
}

/// The facilitator key of a board this browser created.
pub fn facilitator_key(board: BoardId) -> Option<String> {
    offline::load_text(&format!("facilitator.{board}"))
}

/// Remembers that this browser wrote a card, so its author sees why it was hidden, even
/// on an anonymous board where the card carries no name.
pub fn remember_my_card(board: BoardId, card: &str) {
    let name = format!("mine.{board}");
    let mut mine = offline::load_text(&name).unwrap_or_default();
    mine.push_str(card);
    mine.push(' ');
    offline::save_text(&name, &mine);
}

/// Whether this browser wrote the card.
pub fn is_my_card(board: BoardId, card: &str) -> bool {
    offline::load_text(&format!("mine.{board}")).is_some_and(|mine| mine.split(' ').any(|id| id == card))
}

/// Forgets everything this browser kept of a board (it was deleted).
pub fn forget_board(board: BoardId) {
    offline::forget_board(board);
}

/// Leaves a message for the next page this browser shows (once).
pub fn leave_notice(text: &str) {
    offline::save_text("notice", text);
}

/// Remembers that the person erased their name from this board: from now on their
/// presence there shows no name either.
pub fn remember_nameless(board: BoardId) {
    offline::save_text(&format!("nameless.{board}"), "1");
}

/// Whether the person erased their name from this board.
pub fn is_nameless(board: BoardId) -> bool {
    offline::load_text(&format!("nameless.{board}")).is_some()
}

/// A message left for the person before the page reloaded (why an edit was refused), once.
pub fn take_notice() -> Option<String> {
    offline::take_text("notice")
}

/// Remembers a board's metadata for offline use.
pub fn remember_info(info: &polyphony_shared::BoardInfo) {
    offline::save_info(info);
}

/// The agenda as this browser last saw it on a board ([`crate::visits::Seen`]), if it was
/// here before.
pub fn last_visit(board: BoardId) -> Option<String> {
    offline::load_text(&format!("visit.{board}"))
}

/// Keeps the agenda as this browser sees it now, for the next visit.
pub fn remember_visit(board: BoardId, seen: &str) {
    offline::save_text(&format!("visit.{board}"), seen);
}

/// The cards of one of a board's documents this browser had seen when it last showed it.
pub fn seen_cards(board: BoardId, doc: DocName) -> Option<std::collections::HashSet<String>> {
    let text = offline::load_text(&format!("seen.{board}.{doc}"))?;
    Some(text.split(' ').filter(|id| !id.is_empty()).map(str::to_owned).collect())
}

/// Keeps the cards this browser has seen in one of a board's documents.
pub fn remember_seen_cards<'a>(board: BoardId, doc: DocName, cards: impl Iterator<Item = &'a str>) {
    offline::save_text(&format!("seen.{board}.{doc}"), &cards.collect::<Vec<_>>().join(" "));
}

/// The agendas this browser saved as templates, as JSON text.
pub fn saved_templates() -> Option<String> {
    offline::load_text("templates")
}

/// Keeps the agendas this browser saved as templates.
pub fn remember_saved_templates(json: &str) {
    offline::save_text("templates", json);
}

/// This browser's answer to a poll, as it last sent it.
pub fn my_answer(activity: polyphony_shared::ids::ActivityId) -> Option<Vec<u32>> {
    let text = offline::load_text(&format!("answer.{activity}"))?;
    text.split(',').map(|choice| choice.parse().ok()).collect()
}

/// Keeps this browser's answer to a poll (the server keeps it too, where only it reads it).
pub fn remember_my_answer(activity: polyphony_shared::ids::ActivityId, answer: &[u32]) {
    let text: Vec<String> = answer.iter().map(u32::to_string).collect();
    offline::save_text(&format!("answer.{activity}"), &text.join(","));
}

/// This browser's answers in words to an open question.
pub fn my_texts(activity: polyphony_shared::ids::ActivityId) -> Vec<String> {
    offline::load_text(&format!("texts.{activity}"))
        .map(|text| text.split('\n').filter(|line| !line.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The questions to the panel this browser upvoted.
pub fn my_upvotes(activity: polyphony_shared::ids::ActivityId) -> Vec<polyphony_shared::ids::PanelQuestionId> {
    let kept = offline::load_text(&format!("upvotes.{activity}")).unwrap_or_default();
    kept.split(',').filter_map(|id| polyphony_shared::ids::PanelQuestionId::parse(id).ok()).collect()
}

/// Keeps the questions to the panel this browser upvoted.
pub fn remember_my_upvotes(
    activity: polyphony_shared::ids::ActivityId,
    upvoted: &[polyphony_shared::ids::PanelQuestionId],
) {
    let ids: Vec<String> = upvoted.iter().map(ToString::to_string).collect();
    offline::save_text(&format!("upvotes.{activity}"), &ids.join(","));
}

/// Keeps this browser's answers in words to an open question.
pub fn remember_my_texts(activity: polyphony_shared::ids::ActivityId, texts: &[String]) {
    offline::save_text(&format!("texts.{activity}"), &texts.join("\n"));
}
