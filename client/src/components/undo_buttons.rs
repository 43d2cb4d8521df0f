//! Undo and redo of this person's own edits, as buttons (phones have no Ctrl+Z) and as
//! Ctrl+Z / Ctrl+Shift+Z anywhere on the page outside a text box.

use leptos::prelude::*;

use crate::components::collab_text::undo_shortcut;
use crate::sync::BoardHandle;

/// The undo and redo buttons.
#[component]
pub fn UndoButtons() -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let shortcut = window_event_listener(leptos::ev::keydown, move |event| {
        let in_a_box = event
            .target()
            .and_then(|target| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok())
            .is_some_and(|element| matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if in_a_box {
            return;
        }
        if let Some(redo) = undo_shortcut(&event) {
            event.prevent_default();
            board.undo(redo);
        }
    });
    on_cleanup(move || shortcut.remove());
    view! {
        <div class="undo-buttons">
            <button type="button" class="secondary small" data-testid="undo" title="Undo my last change (Ctrl+Z)" aria-label="Undo my last change"
                disabled=move || !board.undoable.get().0 on:click=move |_| board.undo(false)>"↶"<span class="wide-only">" Undo"</span></button>
            <button type="button" class="secondary small" data-testid="redo" title="Redo (Ctrl+Shift+Z)" aria-label="Redo"
                disabled=move || !board.undoable.get().1 on:click=move |_| board.undo(true)>"↷"<span class="wide-only">" Redo"</span></button>
        </div>
    }
}
