//! The eco-map drawn ([`polyphony_shared::ecomap::svg`], the drawing the export saves too),
//! and what a finger or a mouse does on it: in "Move" a circle follows the finger and stays
//! where it is let go (one step to undo); in "Draw a tie" a line goes from the circle
//! touched to the circle let go over. A tap on a circle or a tie picks it in the list.

use leptos::prelude::*;
use polyphony_shared::ecomap::doc::NodeField;
use polyphony_shared::ecomap::svg::{self, HEIGHT, NODE_RADIUS, WIDTH};
use polyphony_shared::ecomap::{CENTRE, EcoMap, Tie};
use wasm_bindgen::JsCast;

use super::Picked;
use crate::sync::BoardHandle;

/// What a finger does on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Moves circles.
    Move,
    /// Draws ties.
    Tie,
}

/// A gesture under way: the end it started on, and where it started (client pixels).
#[derive(Debug, Clone)]
struct Gesture {
    end: String,
    from: (f64, f64),
    moved: bool,
}

/// The end (a node's id, or the centre) under an element, if any.
fn end_of(element: Option<web_sys::Element>) -> Option<String> {
    let element = element?;
    if let Ok(Some(node)) = element.closest("[data-node]") {
        return node.get_attribute("data-node");
    }
    element.closest("[data-end]").ok().flatten().and_then(|centre| centre.get_attribute("data-end"))
}

/// The map.
#[component]
pub fn Drawing(
    /// The map, followed live.
    map: ReadSignal<EcoMap>,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let picked = expect_context::<Picked>();
    let mode = RwSignal::new(Mode::Move);
    let gesture = StoredValue::new(None::<Gesture>);
    let host = NodeRef::<leptos::html::Div>::new();
    let drawn = Memo::new(move |_| map.with(|map| svg::render(map, &format!("Eco-map of {}", map.end_name(CENTRE)))));
    // Map units per client pixel: the drawing fills the width of its box.
    let scale =
        move || host.get_untracked().map_or(1.0, |host| WIDTH / host.get_bounding_client_rect().width().max(1.0));
    let to_map = move |x: f64, y: f64| {
        let Some(host) = host.get_untracked() else { return (0.0, 0.0) };
        let rect = host.get_bounding_client_rect();
        let k = scale();
        (
            ((x - rect.left()) * k).clamp(NODE_RADIUS, WIDTH - NODE_RADIUS),
            ((y - rect.top()) * k).clamp(NODE_RADIUS, HEIGHT - NODE_RADIUS),
        )
    };
    let down = move |event: web_sys::PointerEvent| {
        let target = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok());
        if let Some(tie) = target.as_ref().and_then(|t| t.closest("[data-tie]").ok().flatten()) {
            picked.0.set(tie.get_attribute("data-tie"));
            return;
        }
        let Some(end) = end_of(target) else { return };
        if let Some(host) = host.get_untracked() {
            host.set_pointer_capture(event.pointer_id()).ok();
        }
        event.prevent_default();
        gesture.set_value(Some(Gesture {
            end,
            from: (f64::from(event.client_x()), f64::from(event.client_y())),
            moved: false,
        }));
    };
    let mv = move |event: web_sys::PointerEvent| {
        let Some(mut now) = gesture.get_value() else { return };
        let (x, y) = (f64::from(event.client_x()), f64::from(event.client_y()));
        now.moved |= (x - now.from.0).hypot(y - now.from.1) > 6.0;
        if mode.get_untracked() == Mode::Move && now.moved && now.end != CENTRE {
            // The circle follows the finger on this screen; the map changes when it is let go.
            let k = scale();
            let shift = format!("translate({} {})", (x - now.from.0) * k, (y - now.from.1) * k);
            if let Some(group) = host
                .get_untracked()
                .and_then(|host| host.query_selector(&format!("[data-node=\"{}\"]", now.end)).ok().flatten())
            {
                group.set_attribute("transform", &shift).ok();
            }
        }
        gesture.set_value(Some(now));
    };
    let up = move |event: web_sys::PointerEvent| {
        let Some(done) = gesture.get_value() else { return };
        gesture.set_value(None);
        let (x, y) = (f64::from(event.client_x()), f64::from(event.client_y()));
        if !done.moved {
            picked.0.set(Some(done.end).filter(|end| end != CENTRE));
            return;
        }
        match mode.get_untracked() {
            Mode::Move if done.end != CENTRE => {
                let (mx, my) = to_map(x, y);
                let (fx, fy) = to_map(done.from.0, done.from.1);
                let Some(node) = map.with_untracked(|map| map.node(&done.end).cloned()) else { return };
                let at = (
                    (node.x + mx - fx).clamp(NODE_RADIUS, WIDTH - NODE_RADIUS).round(),
                    (node.y + my - fy).clamp(NODE_RADIUS, HEIGHT - NODE_RADIUS).round(),
                );
                board.end_undo_step();
                board.edit_map(move |doc, txn| doc.set_node(txn, &node.id, NodeField::At(at.0, at.1)));
            }
            Mode::Move => {}
            Mode::Tie => {
                let over = document().element_from_point(x as f32, y as f32);
                let Some(end) = end_of(over).filter(|end| *end != done.end) else { return };
                let tie = Tie { id: board.new_id(), a: done.end, b: end, ..Tie::default() };
                picked.0.set(Some(tie.id.clone()));
                board.end_undo_step();
                board.edit_map(move |doc, txn| doc.add_tie(txn, &tie));
            }
        }
    };
    let cancel = move |_: web_sys::PointerEvent| {
        gesture.set_value(None);
        // Whatever followed the finger goes back to where the map has it.
        if let Some(host) = host.get_untracked() {
            host.set_inner_html(&drawn.get_untracked());
        }
    };
    let mode_button = move |this: Mode, label: &'static str, testid: &'static str| {
        view! {
            <button type="button" class="secondary small" class:chosen=move || mode.get() == this
                aria-pressed=move || (mode.get() == this).to_string() data-testid=testid
                on:click=move |_| mode.set(this)>{label}</button>
        }
    };
    view! {
        <div class="ecomap-tools" role="group" aria-label="What a finger does on the map">
            {mode_button(Mode::Move, "✋ Move", "map-move")}
            {mode_button(Mode::Tie, "✏ Draw a tie", "map-tie")}
            <span class="hint">{move || match mode.get() {
                Mode::Move => "Drag a circle to move it. Tap a circle or a line to change it in the list.",
                Mode::Tie => "Draw a line from one circle to another with your finger.",
            }}</span>
        </div>
        <div class="ecomap-drawing" data-testid="ecomap-drawing" node_ref=host inner_html=move || drawn.get()
            on:pointerdown=down on:pointermove=mv on:pointerup=up on:pointercancel=cancel></div>
    }
}
