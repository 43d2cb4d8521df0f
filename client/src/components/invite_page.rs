//! `/b/{board_id}/invite`: the join screen for a projector. The QR code as large as the
//! screen allows, the join code in letters readable from the back of the room, and the
//! address to type, with the workshop's title.

use leptos::prelude::*;
use leptos::task::spawn_local;
use polyphony_shared::{BoardId, BoardInfo};

use crate::api;

/// The invite page of a board.
#[component]
pub fn InvitePage(
    /// The board to invite people to.
    id: BoardId,
) -> impl IntoView {
    let info = RwSignal::new(None::<Result<BoardInfo, String>>);
    spawn_local(async move {
        info.set(Some(api::board_info(id).await.map_err(|err| err.message())));
    });
    let origin = window().location().origin().unwrap_or_default();
    move || match info.get() {
        None => view! { <p class="card" role="status">"Loading the invitation…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Some(Ok(board)) => {
            // The join link a QR code carries (the page `/j/{code}`).
            let address = format!("{origin}/j/{}", board.join_code);
            view! {
                <section class="invite-page" data-testid="invite-page">
                    <h1>{board.title.clone()}</h1>
                    <img src=format!("/api/boards/{id}/qr.svg?size=1000") alt="QR code of the join link"
                        data-testid="invite-qr" />
                    <p class="invite-how">"Scan the code, or open " <strong data-testid="invite-address">{address}</strong></p>
                    <p class="invite-how">"or type this code on " <strong>{origin.clone()}</strong> ":"</p>
                    <p class="invite-code" data-testid="invite-code">{board.join_code.to_string()}</p>
                </section>
            }
            .into_any()
        }
    }
}
