//! One way to hold a board document's websocket, for every document the page follows (the
//! content it edits, the governed state it reads): open it, hand frames to its owner, and
//! reopen it with backoff and jitter when it drops, as its owner decides.

use std::rc::{Rc, Weak};

use leptos::prelude::*;
use polyphony_shared::backoff::reconnect_delay;
use polyphony_shared::{BoardId, DocName};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

/// What owns a document's socket: the document it follows and what happens on its events.
pub trait SocketOwner: 'static {
    /// The board.
    fn board(&self) -> BoardId;
    /// Which of its documents.
    fn doc_name(&self) -> DocName;
    /// This browser's pass for the board.
    fn token(&self) -> &str;
    /// Closed for good: no socket is opened again.
    fn stopped(&self) -> bool;
    /// Keeps the new socket (dropping the one before).
    fn replace_socket(&self, live: LiveSocket);
    /// The socket opened.
    fn on_open(&self);
    /// A frame from the server.
    fn receive(&self, frame: &[u8]);
    /// The socket closed with `code`; the owner reconnects ([`reopen_later`]) or not.
    fn on_close(self: Rc<Self>, code: u16);
}

/// An open socket and the callbacks it holds; the callbacks must outlive the socket's events.
pub struct LiveSocket {
    socket: WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl LiveSocket {
    /// Sends one binary frame if the socket is open.
    pub fn send(&self, frame: &[u8]) -> bool {
        self.socket.ready_state() == WebSocket::OPEN && self.socket.send_with_u8_array(frame).is_ok()
    }

    /// Closes the socket without firing our callbacks.
    pub fn detach(self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        self.socket.close().ok();
    }
}

/// Opens (or reopens) the owner's socket; a socket that cannot even be made counts as a
/// close that may be retried.
pub fn open<T: SocketOwner>(owner: &Rc<T>) {
    if owner.stopped() {
        return;
    }
    let url = ws_url(owner.board(), owner.doc_name(), owner.token());
    let Some(socket) = url.and_then(|url| WebSocket::new(&url).ok()) else {
        Rc::clone(owner).on_close(polyphony_shared::CloseReason::GoingAway.code());
        return;
    };
    socket.set_binary_type(BinaryType::Arraybuffer);

    let weak = Rc::downgrade(owner);
    let on_open = Closure::<dyn FnMut()>::new(move || with(&weak, |owner| owner.on_open()));
    let weak = Rc::downgrade(owner);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Ok(buffer) = event.data().dyn_into::<js_sys::ArrayBuffer>() {
            let frame = js_sys::Uint8Array::new(&buffer).to_vec();
            with(&weak, |owner| owner.receive(&frame));
        }
    });
    let weak = Rc::downgrade(owner);
    let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |event: CloseEvent| {
        if let Some(owner) = weak.upgrade() {
            owner.on_close(event.code());
        }
    });
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    owner.replace_socket(LiveSocket { socket, _on_open: on_open, _on_message: on_message, _on_close: on_close });
}

/// Opens the owner's socket again after the backoff for `attempt` (with jitter), unless the
/// owner is gone by then.
pub fn reopen_later<T: SocketOwner>(owner: &Rc<T>, attempt: u32) {
    let weak = Rc::downgrade(owner);
    set_timeout(
        move || {
            if let Some(owner) = weak.upgrade() {
                open(&owner);
            }
        },
        reconnect_delay(attempt, js_sys::Math::random()),
    );
}

fn with<T>(weak: &Weak<T>, act: impl FnOnce(&T)) {
    if let Some(owner) = weak.upgrade() {
        act(&owner);
    }
}

/// `ws://host/ws/{board}/{doc}?token=…`, or `wss://` when the page came over https.
fn ws_url(board: BoardId, doc: DocName, token: &str) -> Option<String> {
    let location = window().location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    let host = location.host().ok()?;
    let path = polyphony_shared::api::ws_path(board, doc);
    Some(format!("{scheme}://{host}{path}?token={token}"))
}
