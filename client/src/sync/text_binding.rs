//! The focused text field: keeping its caret while remote edits arrive, and holding remote
//! edits back during IME composition (changing a field under an open composition breaks it
//! on phone keyboards).

use polyphony_shared::{BoardDoc, Caret, TextField};
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;

/// The field being edited and its element.
struct Focused {
    field: TextField,
    element: HtmlTextAreaElement,
}

/// State of the text field that has the focus, if any.
#[derive(Default)]
pub struct TextBinding {
    focused: Option<Focused>,
    composing: bool,
    /// Remote updates received during composition, applied when it ends.
    deferred: Vec<Vec<u8>>,
    pinned: Option<Caret>,
}

impl TextBinding {
    /// Starts tracking a focused field.
    pub fn focus(&mut self, field: TextField, element: HtmlTextAreaElement) {
        self.focused = Some(Focused { field, element });
    }

    /// Stops tracking `field` if it is the focused one; returns whether it was.
    pub fn blur(&mut self, field: &TextField) -> bool {
        if self.focused.as_ref().is_some_and(|focused| &focused.field == field) {
            self.focused = None;
            self.composing = false;
            return true;
        }
        false
    }

    /// Whether an IME composition is open.
    pub fn composing(&self) -> bool {
        self.composing
    }

    /// Records the composition state; returns the updates held back, when it ended.
    pub fn set_composing(&mut self, composing: bool) -> Vec<Vec<u8>> {
        self.composing = composing;
        if composing { Vec::new() } else { std::mem::take(&mut self.deferred) }
    }

    /// Holds a remote update until the composition ends.
    pub fn defer(&mut self, update: Vec<u8>) {
        self.deferred.push(update);
    }

    /// Before a remote update: pins the focused field's selection to its text.
    pub fn before_remote(&mut self, board: &BoardDoc) {
        self.pinned = self.focused.as_ref().and_then(|focused| {
            let start = focused.element.selection_start().ok().flatten()?;
            let end = focused.element.selection_end().ok().flatten()?;
            board.pin_caret(&focused.field, start, end)
        });
    }

    /// After a remote update: shows the field's new text with the selection where it was.
    pub fn after_remote(&mut self, board: &BoardDoc) {
        let pinned = self.pinned.take();
        let Some(focused) = &self.focused else { return };
        let text = board.text(&focused.field);
        if focused.element.value() == text {
            return;
        }
        focused.element.set_value(&text);
        if let Some((start, end)) = pinned.and_then(|caret| board.caret_offsets(&caret)) {
            focused.element.set_selection_range(start, end).ok();
        }
    }
}

/// The textarea an event came from, if it came from one.
pub fn textarea_of(event: &web_sys::Event) -> Option<HtmlTextAreaElement> {
    event.target()?.dyn_into::<HtmlTextAreaElement>().ok()
}
