//! Undo and redo of this person's own edits, as buttons (phones have no Ctrl+Z) and as
//! Ctrl+Z / Ctrl+Shift+Z anywhere on the page outside a text box: in the document shown
//! now (the live activity's, a café table's), else the board's own.

use leptos::prelude::*;

use crate::components::collab_text::undo_shortcut;
use crate::sync::BoardHandle;

/// The documents open on the page that undo acts on, the one opened last first (context of
/// the board page). Each screen that opens a document of its own registers it while shown.
#[derive(Clone, Copy)]
pub struct UndoTargets {
    open: RwSignal<Vec<(u64, BoardHandle)>>,
    next: StoredValue<u64>,
}

impl UndoTargets {
    /// None open yet: undo acts on the board's own document.
    pub fn new() -> UndoTargets {
        UndoTargets { open: RwSignal::new(Vec::new()), next: StoredValue::new(0) }
    }

    /// Undo acts on `handle` while the calling component is shown.
    pub fn register(&self, handle: BoardHandle) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.open.update(|open| open.push((id, handle)));
        let open = self.open;
        on_cleanup(move || open.update(|open| open.retain(|(other, _)| *other != id)));
    }

    /// The document undo acts on now, if another than the board's.
    fn current(&self) -> Option<BoardHandle> {
        self.open.with(|open| open.last().map(|(_, handle)| *handle))
    }
}

impl Default for UndoTargets {
    fn default() -> Self {
        UndoTargets::new()
    }
}

/// The undo and redo buttons.
#[component]
pub fn UndoButtons() -> impl IntoView {
    let own = expect_context::<BoardHandle>();
    let targets = use_context::<UndoTargets>();
    let target = move || targets.and_then(|targets| targets.current()).unwrap_or(own);
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
            target().undo(redo);
        }
    });
    on_cleanup(move || shortcut.remove());
    view! {
        <div class="undo-buttons">
            <button type="button" class="secondary small" data-testid="undo" title="Undo my last change (Ctrl+Z)" aria-label="Undo my last change"
                disabled=move || !target().undoable.get().0 on:click=move |_| target().undo(false)>"↶"<span class="wide-only">" Undo"</span></button>
            <button type="button" class="secondary small" data-testid="redo" title="Redo (Ctrl+Shift+Z)" aria-label="Redo"
                disabled=move || !target().undoable.get().1 on:click=move |_| target().undo(true)>"↷"<span class="wide-only">" Redo"</span></button>
        </div>
    }
}
