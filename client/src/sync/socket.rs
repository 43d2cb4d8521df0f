//! Opening the board's websocket, and reopening it with backoff and jitter when it drops.

use std::rc::{Rc, Weak};

use leptos::prelude::*;
use polyphony_shared::backoff::reconnect_delay;
use polyphony_shared::{BoardId, CloseReason, DocName};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

use super::ConnectionState;
use super::session::Session;

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

/// Opens (or reopens) the session's socket.
pub fn open(session: &Rc<Session>) {
    if session.stopped() {
        return;
    }
    let Some(socket) = ws_url(session.board(), session.token()).and_then(|url| WebSocket::new(&url).ok()) else {
        schedule_reconnect(session);
        return;
    };
    socket.set_binary_type(BinaryType::Arraybuffer);

    let weak = Rc::downgrade(session);
    let on_open = Closure::<dyn FnMut()>::new(move || with(&weak, |session| session.on_open()));
    let weak = Rc::downgrade(session);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Ok(buffer) = event.data().dyn_into::<js_sys::ArrayBuffer>() {
            let frame = js_sys::Uint8Array::new(&buffer).to_vec();
            with(&weak, |session| session.receive(&frame));
        }
    });
    let weak = Rc::downgrade(session);
    let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |event: CloseEvent| {
        if let Some(session) = weak.upgrade() {
            closed(&session, event.code());
        }
    });
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    session.replace_socket(LiveSocket { socket, _on_open: on_open, _on_message: on_message, _on_close: on_close });
}

fn closed(session: &Rc<Session>, code: u16) {
    if session.stopped() {
        return;
    }
    let opened = session.went_offline();
    match CloseReason::from_code(code) {
        Some(CloseReason::NotAllowed) => session.removed(),
        Some(reason) if !reason.should_reconnect() => {
            session.set_state(ConnectionState::Closed(reason.reason().to_owned()));
        }
        // A socket refused before it opened may be a pass that is no longer valid (a
        // removed participant reloading): ask over HTTP, which says why, before retrying.
        _ if !opened => {
            let weak = Rc::downgrade(session);
            let (board, token) = (session.board(), session.token().to_owned());
            leptos::task::spawn_local(async move {
                let refused = crate::api::pass_refused(board, &token).await;
                if let Some(session) = weak.upgrade() {
                    if refused { session.removed() } else { schedule_reconnect(&session) }
                }
            });
        }
        _ => schedule_reconnect(session),
    }
}

fn schedule_reconnect(session: &Rc<Session>) {
    let attempt = session.next_attempt();
    session.set_state(ConnectionState::Reconnecting { attempt });
    reopen_later(session, attempt, open);
}

/// Calls `open` on `target` after the backoff for `attempt` (with jitter), unless `target`
/// is gone by then. Shared by the board's socket and the governed document's.
pub(super) fn reopen_later<T: 'static>(target: &Rc<T>, attempt: u32, open: fn(&Rc<T>)) {
    let weak = Rc::downgrade(target);
    set_timeout(
        move || {
            if let Some(target) = weak.upgrade() {
                open(&target);
            }
        },
        reconnect_delay(attempt, js_sys::Math::random()),
    );
}

fn with(weak: &Weak<Session>, act: impl FnOnce(&Session)) {
    if let Some(session) = weak.upgrade() {
        act(&session);
    }
}

/// `ws://host/ws/{board}/content?token=…`, or `wss://` when the page came over https.
fn ws_url(board: BoardId, token: &str) -> Option<String> {
    let location = window().location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    let host = location.host().ok()?;
    let path = polyphony_shared::api::ws_path(board, DocName::Content);
    Some(format!("{scheme}://{host}{path}?token={token}"))
}
