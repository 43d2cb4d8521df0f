//! "Delete this board", at the end of the facilitator controls: the board and everything in
//! it go for good, for everyone, after a second, explicit step. The people on it are told
//! at once (their screens show that it was deleted); this browser forgets it too.

use leptos::prelude::*;
use leptos::task::spawn_local;
use polyphony_shared::BoardId;

use crate::api;
use crate::components::second_step::SecondStep;
use crate::governance::Governance;
use crate::sync;

/// The facilitator's way to delete the board.
#[component]
pub fn DeleteBoard(
    /// The board.
    board: BoardId,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let working = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let delete = move || {
        working.set(true);
        problem.set(None);
        let token = governance.token();
        spawn_local(async move {
            match api::delete_board(board, &token).await {
                Ok(()) => {
                    sync::forget_board(board);
                    sync::leave_notice("The board was deleted, with everything in it.");
                    window().location().set_href("/").ok();
                }
                Err(err) => {
                    working.set(false);
                    problem.set(Some(err.message()));
                }
            }
        });
    };
    view! {
        <fieldset class="danger-zone" data-testid="delete-board-section">
            <legend>"Delete this board"</legend>
            <p>"Deletes the board for everyone, for good: its cards, votes, answers, plans, names and \
                restore points. Download a backup first if you may need any of it again."</p>
            <SecondStep id="delete-board" class="danger" start="Delete this board…"
                question="Delete this board and everything in it for good? Everyone on it is disconnected. \
                          This cannot be undone."
                yes="Yes, delete it for good" no="Keep the board" working=working on_yes=Callback::new(move |()| delete()) />
            {move || problem.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
        </fieldset>
    }
}
