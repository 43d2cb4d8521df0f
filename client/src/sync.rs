//! The only code that touches the websocket and the board's yrs document.
//!
//! [`connect`] opens the board's content document over the y-websocket protocol, keeps a
//! local replica in a [`BoardDoc`], and exposes what components need as signals. When the
//! connection drops it reconnects with exponential backoff and jitter, so a server restart
//! with a roomful of phones does not come back as a storm of simultaneous reconnects.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use leptos::prelude::*;
use polyphony_shared::backoff::reconnect_delay;
use polyphony_shared::{BoardDoc, BoardId, CloseReason, DocName, protocol};
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};
use yrs::sync::{Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, Transact, Update};

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
}

/// The signals a board page reads.
#[derive(Clone, Copy)]
pub struct BoardSync {
    /// The connection state.
    pub state: ReadSignal<ConnectionState>,
    /// The problem statement text.
    pub problem_statement: ReadSignal<String>,
}

/// Opens a board's live document; the connection closes when the calling component unmounts.
pub fn connect(board: BoardId) -> BoardSync {
    let (state, set_state) = signal(ConnectionState::Connecting);
    let (problem_statement, set_problem_statement) = signal(String::new());
    let session = Rc::new(Session {
        board,
        doc: BoardDoc::new(),
        live: RefCell::new(None),
        attempt: Cell::new(0),
        stopped: Cell::new(false),
        set_state,
        set_problem_statement,
    });
    Session::open(&session);
    let on_unmount = SendWrapper::new(session);
    on_cleanup(move || on_unmount.take().stop());
    BoardSync { state, problem_statement }
}

/// One board's replica and its (re)connecting socket.
struct Session {
    board: BoardId,
    doc: BoardDoc,
    live: RefCell<Option<LiveSocket>>,
    attempt: Cell<u32>,
    stopped: Cell<bool>,
    set_state: WriteSignal<ConnectionState>,
    set_problem_statement: WriteSignal<String>,
}

/// An open socket and the callbacks it holds; the callbacks must outlive the socket's events.
struct LiveSocket {
    socket: WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl LiveSocket {
    fn detach(self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        self.socket.close().ok();
    }
}

impl Session {
    fn open(session: &Rc<Session>) {
        if session.stopped.get() {
            return;
        }
        let Some(socket) = ws_url(session.board).and_then(|url| WebSocket::new(&url).ok()) else {
            Session::schedule_reconnect(session);
            return;
        };
        socket.set_binary_type(BinaryType::Arraybuffer);

        let weak = Rc::downgrade(session);
        let on_open = Closure::<dyn FnMut()>::new(move || {
            with_session(&weak, |session| session.send(protocol::sync_step1(session.doc.state_vector())));
        });
        let weak = Rc::downgrade(session);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Ok(buffer) = event.data().dyn_into::<js_sys::ArrayBuffer>() {
                let frame = js_sys::Uint8Array::new(&buffer).to_vec();
                with_session(&weak, |session| session.receive(&frame));
            }
        });
        let weak = Rc::downgrade(session);
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |event: CloseEvent| {
            if let Some(session) = weak.upgrade() {
                Session::closed(&session, event.code());
            }
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let live = LiveSocket { socket, _on_open: on_open, _on_message: on_message, _on_close: on_close };
        if let Some(previous) = session.live.replace(Some(live)) {
            previous.detach();
        }
    }

    fn send(&self, frame: Vec<u8>) {
        if let Some(live) = self.live.borrow().as_ref() {
            live.socket.send_with_u8_array(&frame).ok();
        }
    }

    fn receive(&self, frame: &[u8]) {
        let Ok(messages) = protocol::decode(frame) else { return };
        for message in messages {
            match message {
                Message::Sync(SyncMessage::SyncStep1(state_vector)) => {
                    let diff = self.doc.doc().transact().encode_diff_v1(&state_vector);
                    self.send(protocol::sync_step2(diff));
                }
                Message::Sync(SyncMessage::SyncStep2(update)) => {
                    self.apply(&update);
                    self.attempt.set(0);
                    self.set_state.set(ConnectionState::Online);
                }
                Message::Sync(SyncMessage::Update(update)) => self.apply(&update),
                _ => {}
            }
        }
    }

    fn apply(&self, update: &[u8]) {
        if let Ok(update) = Update::decode_v1(update) {
            self.doc.doc().transact_mut().apply_update(update).ok();
        }
        self.set_problem_statement.set(self.doc.problem_statement());
    }

    fn closed(session: &Rc<Session>, code: u16) {
        if session.stopped.get() {
            return;
        }
        match CloseReason::from_code(code) {
            Some(reason) if !reason.should_reconnect() => {
                session.set_state.set(ConnectionState::Closed(reason.reason().to_owned()));
            }
            _ => Session::schedule_reconnect(session),
        }
    }

    fn schedule_reconnect(session: &Rc<Session>) {
        let attempt = session.attempt.get() + 1;
        session.attempt.set(attempt);
        session.set_state.set(ConnectionState::Reconnecting { attempt });
        let weak = Rc::downgrade(session);
        set_timeout(
            move || {
                if let Some(session) = weak.upgrade() {
                    Session::open(&session);
                }
            },
            reconnect_delay(attempt, js_sys::Math::random()),
        );
    }

    fn stop(&self) {
        self.stopped.set(true);
        if let Some(live) = self.live.take() {
            live.detach();
        }
    }
}

fn with_session(weak: &Weak<Session>, act: impl FnOnce(&Session)) {
    if let Some(session) = weak.upgrade() {
        act(&session);
    }
}

/// `ws://host/ws/{board}/content`, or `wss://` when the page came over https.
fn ws_url(board: BoardId) -> Option<String> {
    let location = window().location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    let host = location.host().ok()?;
    Some(format!("{scheme}://{host}{}", polyphony_shared::api::ws_path(board, DocName::Content)))
}
