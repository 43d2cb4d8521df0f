//! The session's socket ([`super::super::socket`]): what its events mean for the board —
//! a close that removes, ends or retries, and the backoff between tries; stopping for good
//! when the person was removed or the board deleted.

use std::rc::Rc;

use polyphony_shared::{BoardId, CloseReason, DocName};

use super::Session;
use crate::sync::socket::{self, LiveSocket, SocketOwner};
use crate::sync::{ConnectionState, offline};

impl SocketOwner for Session {
    fn board(&self) -> BoardId {
        Session::board(self)
    }

    fn doc_name(&self) -> DocName {
        Session::name(self)
    }

    fn token(&self) -> &str {
        Session::token(self)
    }

    fn stopped(&self) -> bool {
        Session::stopped(self)
    }

    fn replace_socket(&self, live: LiveSocket) {
        Session::replace_socket(self, live);
    }

    fn on_open(&self) {
        Session::on_open(self);
    }

    fn receive(&self, frame: &[u8]) {
        Session::receive(self, frame);
    }

    fn on_close(self: Rc<Self>, code: u16) {
        if Session::stopped(&self) {
            return;
        }
        let opened = self.went_offline();
        match CloseReason::from_code(code) {
            Some(CloseReason::NotAllowed) => self.removed(),
            Some(CloseReason::BoardDeleted) => self.deleted(),
            Some(reason) if !reason.should_reconnect() => {
                self.set_state(ConnectionState::Closed(reason.reason().to_owned()));
            }
            // A socket refused before it opened may be a pass that is no longer valid (a
            // removed participant reloading): ask over HTTP, which says why, before retrying.
            _ if !opened => {
                let weak = Rc::downgrade(&self);
                let (board, token) = (Session::board(&self), Session::token(&self).to_owned());
                leptos::task::spawn_local(async move {
                    let refused = crate::api::pass_refused(board, &token).await;
                    if let Some(session) = weak.upgrade() {
                        if refused { session.removed() } else { schedule_reconnect(&session) }
                    }
                });
            }
            _ => schedule_reconnect(&self),
        }
    }
}

fn schedule_reconnect(session: &Rc<Session>) {
    let attempt = session.next_attempt();
    session.set_state(ConnectionState::Reconnecting { attempt });
    socket::reopen_later(session, attempt);
}

impl Session {
    /// A facilitator removed this person: stop for good, keep showing the board, and drop
    /// the edits that can no longer be saved (with the message that says so).
    pub fn removed(&self) {
        offline::forget_doc(self.board, self.name);
        self.stop_for_good(ConnectionState::Removed);
    }

    /// The board was deleted: stop for good and forget everything this browser kept of it.
    pub fn deleted(&self) {
        offline::forget_board(self.board);
        self.stop_for_good(ConnectionState::Deleted);
    }

    /// Closes the socket and never reconnects; no edit waits any more.
    fn stop_for_good(&self, state: ConnectionState) {
        self.stopped.set(true);
        if let Some(live) = self.live.take() {
            live.detach();
        }
        self.set_pending(0);
        self.set_state(state);
    }
}
