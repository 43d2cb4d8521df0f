//! The board header: title, join code, connection state, and who is here.

use leptos::prelude::*;

use crate::components::connection_badge::ConnectionBadge;
use crate::components::presence_bar::PresenceBar;

/// The top of a board page.
#[component]
pub fn BoardHeader(
    /// The board title, once known.
    title: Signal<Option<String>>,
    /// The code others join with, once known.
    join_code: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <header class="board-header">
            <div class="title-row">
                <h1 data-testid="board-title-heading">{move || title.get().unwrap_or_else(|| "Board".to_owned())}</h1>
                <ConnectionBadge />
            </div>
            <div class="meta-row">
                {move || join_code.get().map(|code| view! {
                    <p class="join-code">"Join code " <strong data-testid="join-code-shown">{code}</strong></p>
                })}
                <PresenceBar />
            </div>
        </header>
    }
}
