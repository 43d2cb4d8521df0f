//! A text area bound to one collaborative text field of the board.
//!
//! Typing becomes one CRDT edit per input event (see `polyphony_shared::text_edit`); remote
//! edits keep the caret where it was; IME composition is left alone until it ends. The
//! names of others editing the same field are shown under it. Ctrl+Z undoes this person's
//! own edits only (see `polyphony_shared::UndoHistory`), never someone else's.

use leptos::prelude::*;
use polyphony_shared::TextField;

use crate::governance::Governance;
use crate::sync::BoardHandle;
use crate::sync::textarea_of;

/// A collaborative text area.
#[component]
pub fn CollabText(
    /// Which text of the board this edits.
    field: TextField,
    /// The accessible label.
    label: String,
    /// Shown while the text is empty.
    #[prop(optional, into)]
    placeholder: String,
    /// Visible lines.
    #[prop(default = 3)]
    rows: u32,
    /// The `data-testid` for end-to-end tests.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let governance = expect_context::<Governance>();
    let section = field.section();
    let key = field.key();
    // Its own signal: typing here (or by others) re-renders this box and nothing else.
    let value = board.text(&field);
    let editors = Memo::new(move |_| {
        board.peers.with(|peers| {
            peers
                .iter()
                .filter(|peer| peer.editing.as_deref() == Some(key.as_str()))
                .map(|peer| polyphony_shared::erasure::shown_name(&peer.name).to_owned())
                .collect::<Vec<_>>()
        })
    });
    let (input_field, focus_field, blur_field, end_field) = (field.clone(), field.clone(), field.clone(), field);
    view! {
        <div class="collab-text" class:being-edited=move || !editors.get().is_empty()>
            <textarea
                aria-label=label
                placeholder=placeholder
                rows=rows
                data-testid=testid
                readonly=move || !governance.may_edit(section)
                prop:value=move || value.get()
                on:input=move |event| {
                    if let Some(element) = textarea_of(&event) {
                        board.text_input(&input_field, &element);
                    }
                }
                on:focus=move |event| {
                    if let Some(element) = textarea_of(&event) {
                        board.focus(focus_field.clone(), element);
                    }
                }
                on:keydown=move |event| {
                    if let Some(redo) = undo_shortcut(&event) {
                        event.prevent_default();
                        board.undo(redo);
                    }
                }
                on:beforeinput=move |event: web_sys::InputEvent| {
                    // The browser's own history (Edit menu, shake to undo) would undo remote
                    // text too; ours takes back only this person's edits.
                    let redo = match event.input_type().as_str() {
                        "historyUndo" => false,
                        "historyRedo" => true,
                        _ => return,
                    };
                    event.prevent_default();
                    board.undo(redo);
                }
                on:blur=move |_| board.blur(&blur_field)
                on:compositionstart=move |_| board.composing(true)
                on:compositionend=move |event| {
                    board.composing(false);
                    if let Some(element) = textarea_of(&event) {
                        board.text_input(&end_field, &element);
                    }
                }
            ></textarea>
            {move || {
                let editors = editors.get();
                (!editors.is_empty()).then(|| view! { <p class="editing-by" aria-live="polite">{format!("✎ {} editing", names(&editors))}</p> })
            }}
        </div>
    }
}

/// Ctrl+Z (⌘Z) undoes, Ctrl+Shift+Z or Ctrl+Y redoes: `Some(redo)` for such a key.
pub fn undo_shortcut(event: &web_sys::KeyboardEvent) -> Option<bool> {
    if !(event.ctrl_key() || event.meta_key()) || event.alt_key() {
        return None;
    }
    match event.key().to_lowercase().as_str() {
        "z" => Some(event.shift_key()),
        "y" => Some(true),
        _ => None,
    }
}

fn names(editors: &[String]) -> String {
    match editors {
        [one] => format!("{one} is"),
        [first, second] => format!("{first} and {second} are"),
        [first, rest @ ..] => format!("{first} and {} others are", rest.len()),
        [] => String::new(),
    }
}
