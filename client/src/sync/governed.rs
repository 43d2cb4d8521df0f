//! The board's governed document, read-only: phase, timer, locks, rounds, participants,
//! moderation. Only the server writes it, so this side just syncs and publishes a view.
//!
//! It has its own websocket (the y-websocket protocol syncs one document per socket),
//! reconnects with backoff, and keeps nothing offline: governed state is live by nature.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use leptos::prelude::*;
use polyphony_shared::governed::{Hidden, ParticipantRecord};
use polyphony_shared::voting::Round;
use polyphony_shared::{BoardId, DocName, Facilitation, GovernedDoc, ParticipantId, RoundId, protocol};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BinaryType, MessageEvent, WebSocket};
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
}

/// An open socket and the callbacks it holds (they must outlive its events).
struct LiveSocket {
    socket: WebSocket,
    _callbacks: [Closure<dyn FnMut(JsValue)>; 3],
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
    open(&sync);
    let on_unmount = send_wrapper::SendWrapper::new(sync);
    on_cleanup(move || {
        let sync = on_unmount.take();
        sync.stopped.set(true);
        if let Some(live) = sync.socket.take() {
            live.socket.set_onmessage(None);
            live.socket.set_onclose(None);
            live.socket.close().ok();
        }
    });
    view.read_only()
}

fn open(sync: &Rc<GovernedSync>) {
    if sync.stopped.get() {
        return;
    }
    let location = window().location();
    let scheme = if location.protocol().ok().as_deref() == Some("https:") { "wss" } else { "ws" };
    let host = location.host().unwrap_or_default();
    let path = polyphony_shared::api::ws_path(sync.board, DocName::Governed);
    let Ok(socket) = WebSocket::new(&format!("{scheme}://{host}{path}?token={}", sync.token)) else {
        return retry(sync);
    };
    socket.set_binary_type(BinaryType::Arraybuffer);
    let weak = Rc::downgrade(sync);
    let on_open = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        if let Some(sync) = weak.upgrade() {
            // Ask for everything: this replica starts empty after every reconnect's resync.
            let state_vector = sync.doc.doc().transact().state_vector();
            sync.send(&protocol::sync_step1(state_vector));
        }
    });
    let weak = Rc::downgrade(sync);
    let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let data = event.unchecked_into::<MessageEvent>().data();
        if let (Some(sync), Ok(buffer)) = (weak.upgrade(), data.dyn_into::<js_sys::ArrayBuffer>()) {
            sync.receive(&js_sys::Uint8Array::new(&buffer).to_vec());
        }
    });
    let weak = Rc::downgrade(sync);
    let on_close = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        if let Some(sync) = weak.upgrade() {
            retry(&sync);
        }
    });
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    sync.socket.replace(Some(LiveSocket { socket, _callbacks: [on_open, on_message, on_close] }));
}

fn retry(sync: &Rc<GovernedSync>) {
    if sync.stopped.get() {
        return;
    }
    let attempt = sync.attempt.get() + 1;
    sync.attempt.set(attempt);
    super::socket::reopen_later(sync, attempt, open);
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
            live.socket.send_with_u8_array(frame).ok();
        }
    }

    fn publish(&self) {
        let txn = self.doc.doc().transact();
        let view = GovernedView {
            facilitation: self.doc.facilitation(&txn),
            participants: self.doc.participants(&txn),
            rounds: self.doc.rounds(&txn),
            hidden: self.doc.hidden_cards(&txn),
        };
        drop(txn);
        self.view.set(view);
    }
}
