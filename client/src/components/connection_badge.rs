//! Shows whether the board is live, reconnecting or offline.

use leptos::prelude::*;

use crate::sync::ConnectionState;

/// A small status badge for the board's connection.
#[component]
pub fn ConnectionBadge(
    /// The connection state to show.
    state: ReadSignal<ConnectionState>,
) -> impl IntoView {
    let label = move || match state.get() {
        ConnectionState::Connecting => "Connecting…".to_owned(),
        ConnectionState::Online => "Online".to_owned(),
        ConnectionState::Reconnecting { attempt } => format!("Reconnecting (attempt {attempt})…"),
        ConnectionState::Closed(reason) => format!("Offline: {reason}"),
    };
    let class = move || match state.get() {
        ConnectionState::Online => "badge online",
        ConnectionState::Connecting | ConnectionState::Reconnecting { .. } => "badge waiting",
        ConnectionState::Closed(_) => "badge offline",
    };
    view! { <span class=class role="status" aria-live="polite" data-testid="connection-state">{label}</span> }
}
