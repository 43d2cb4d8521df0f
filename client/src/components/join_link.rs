//! `/j/{code}`: a join link (the one a QR code carries) that resolves to its board.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};
use polyphony_shared::JoinCode;

use crate::api;

/// Looks up the code and replaces this page with the board.
#[component]
pub fn JoinLink() -> impl IntoView {
    let params = use_params_map();
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let code = params.with_untracked(|params| params.get("code")).unwrap_or_default();
    match JoinCode::parse(&code) {
        Ok(code) => spawn_local(async move {
            match api::board_by_code(code).await {
                Ok(board) => navigate(&board.page_path(), NavigateOptions { replace: true, ..Default::default() }),
                Err(err) => error.set(Some(err.to_string())),
            }
        }),
        Err(err) => error.set(Some(err.to_string())),
    }
    view! {
        {move || match error.get() {
            Some(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
            None => view! { <p>"Opening the board…"</p> }.into_any(),
        }}
    }
}
