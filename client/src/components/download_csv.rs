//! "Download … (CSV)" for a facilitator: fetches a CSV the server makes with this browser's
//! pass and saves it under a file name (a poll's answers, an action plan).

use leptos::prelude::*;

use crate::governance::Governance;

/// A button that downloads the CSV at `path` (under `/api/boards/{board}/`) as `file`.
#[component]
pub fn DownloadCsv(
    /// The path after the board's, such as `polls/{activity}/answers.csv`.
    path: String,
    /// The file's name.
    file: &'static str,
    /// The button's words.
    label: &'static str,
    /// The `data-testid` for end-to-end tests.
    testid: &'static str,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let link = NodeRef::<leptos::html::A>::new();
    let href = RwSignal::new(String::new());
    let download = move |_| {
        let (board, token, path) = (governance.board(), governance.token(), path.clone());
        leptos::task::spawn_local(async move {
            match crate::api::board_csv(board, &path, &token).await {
                Ok(csv) => {
                    href.set(format!("data:text/csv;charset=utf-8,{}", js_sys::encode_uri_component(&csv)));
                    if let Some(link) = link.get_untracked() {
                        link.click();
                    }
                }
                Err(error) => governance.error.set(Some(error.message())),
            }
        });
    };
    view! {
        <button type="button" class="secondary small" data-testid=testid on:click=download>{label}</button>
        <a node_ref=link hidden download=file href=move || href.get() aria-hidden="true" tabindex="-1" data-testid=format!("{testid}-file")></a>
    }
}
