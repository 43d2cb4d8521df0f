//! `/j/{code}`: a join link (the one a QR code carries) that resolves to its board.

use leptos::prelude::*;
use leptos::task::spawn_local;
use polyphony_shared::JoinCode;

use crate::api;
use crate::route::Navigator;

/// Looks up the code and replaces this page with the board.
#[component]
pub fn JoinLink(
    /// The code from the link.
    code: JoinCode,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let navigator = expect_context::<Navigator>();
    spawn_local(async move {
        match api::board_by_code(code).await {
            Ok(board) => navigator.go(&board.page_path(), true),
            Err(err) => error.set(Some(err.message())),
        }
    });
    view! {
        {move || match error.get() {
            Some(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
            None => view! { <p>"Opening the board…"</p> }.into_any(),
        }}
    }
}
