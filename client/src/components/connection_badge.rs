//! Shows whether the board is live, reconnecting or offline, and how many edits wait.

use leptos::prelude::*;

use crate::sync::{BoardHandle, ConnectionState};

fn browser_online() -> bool {
    window().navigator().on_line()
}

/// A status badge for the board's connection.
#[component]
pub fn ConnectionBadge() -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let label = move || {
        let waiting = match board.pending.get() {
            0 => String::new(),
            1 => ", 1 edit waiting".to_owned(),
            many => format!(", {many} edits waiting"),
        };
        match board.state.get() {
            ConnectionState::Connecting => format!("Connecting…{waiting}"),
            ConnectionState::Online => "Online".to_owned(),
            // The browser knows when the device has no network at all; otherwise the server
            // is out of reach and we keep trying.
            ConnectionState::Reconnecting { .. } if !browser_online() => format!("Offline{waiting}"),
            ConnectionState::Reconnecting { .. } => format!("Reconnecting…{waiting}"),
            ConnectionState::Closed(reason) => format!("Disconnected: {reason}{waiting}"),
            ConnectionState::Removed => "Removed from the board".to_owned(),
            ConnectionState::Deleted => "The board was deleted".to_owned(),
        }
    };
    let class = move || match board.state.get() {
        ConnectionState::Online => "badge online",
        ConnectionState::Connecting | ConnectionState::Reconnecting { .. } => "badge waiting",
        ConnectionState::Closed(_) | ConnectionState::Removed | ConnectionState::Deleted => "badge offline",
    };
    view! {
        <span class=class role="status" aria-live="polite" data-testid="connection-state">{label}</span>
        <span class="visually-hidden" data-testid="pending-count">{move || board.pending.get()}</span>
    }
}
