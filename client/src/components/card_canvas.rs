//! The canvas (screens 768 px and wider): cards and clusters placed freely, moved by
//! dragging with mouse, pen or touch (pointer events), or with the arrow keys.
//!
//! A card dropped with its centre inside a cluster joins that cluster; dragging a cluster
//! moves its cards along.

use leptos::prelude::*;
use polyphony_shared::{BoardSnapshot, Cluster, Section};
use wasm_bindgen::JsCast;
use web_sys::PointerEvent;

use crate::components::card_view::{CardBody, card_memo};
use crate::governance::Governance;
use crate::sync::BoardHandle;

/// Width of a card on the canvas.
pub const CARD_WIDTH: f64 = 200.0;
/// Height used to find a card's centre when dropping it.
pub const CARD_HEIGHT: f64 = 130.0;
/// Horizontal distance between grid slots for new cards.
pub const CARD_SLOT_WIDTH: f64 = 220.0;
/// Vertical distance between grid slots for new cards.
pub const CARD_SLOT_HEIGHT: f64 = 170.0;
/// Size of a cluster's area.
pub const CLUSTER_WIDTH: f64 = 460.0;
/// Size of a cluster's area.
pub const CLUSTER_HEIGHT: f64 = 320.0;
/// How far one arrow key press moves a card.
const KEY_STEP: f64 = 20.0;

/// What is being dragged.
#[derive(Debug, Clone, PartialEq)]
enum Dragged {
    Card(String),
    Cluster(String),
}

/// A drag in progress: what, where it started, and how far the pointer has moved.
#[derive(Debug, Clone, PartialEq)]
struct Drag {
    item: Dragged,
    pointer_start: (f64, f64),
    item_start: (f64, f64),
    offset: (f64, f64),
}

/// The cards and clusters on a canvas.
#[component]
pub fn CardCanvas() -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let drag = RwSignal::new(None::<Drag>);
    provide_context(drag);
    let card_ids =
        Memo::new(move |_| board.snapshot.with(|s| s.cards.iter().map(|card| card.id.clone()).collect::<Vec<_>>()));
    let cluster_ids = Memo::new(move |_| {
        board.snapshot.with(|s| s.clusters.iter().map(|cluster| cluster.id.clone()).collect::<Vec<_>>())
    });
    let height = move || board.snapshot.with(canvas_height);
    view! {
        <div class="canvas" data-testid="canvas" style:height=move || px(height())>
            <For each=move || cluster_ids.get() key=|id| id.clone() children=move |id| view! { <ClusterArea id=id /> } />
            <For each=move || card_ids.get() key=|id| id.clone() children=move |id| view! { <CanvasCard id=id /> } />
        </div>
    }
}

/// A CSS length in whole pixels (integer formatting keeps float formatting out of the download).
fn px(value: f64) -> String {
    format!("{}px", value.round() as i64)
}

fn canvas_height(snapshot: &BoardSnapshot) -> f64 {
    let cards = snapshot.cards.iter().map(|card| card.y + CARD_HEIGHT);
    let clusters = snapshot.clusters.iter().map(|cluster| cluster.y + CLUSTER_HEIGHT);
    cards.chain(clusters).fold(400.0, f64::max) + 200.0
}

/// The cluster whose area contains a point.
fn cluster_at(clusters: &[Cluster], x: f64, y: f64) -> Option<String> {
    clusters
        .iter()
        .find(|cluster| {
            (cluster.x..cluster.x + CLUSTER_WIDTH).contains(&x) && (cluster.y..cluster.y + CLUSTER_HEIGHT).contains(&y)
        })
        .map(|cluster| cluster.id.clone())
}

/// Starts a drag from a pointer press on a handle.
fn start_drag(drag: RwSignal<Option<Drag>>, event: &PointerEvent, item: Dragged, at: (f64, f64)) {
    if let Some(target) = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) {
        target.set_pointer_capture(event.pointer_id()).ok();
    }
    event.prevent_default();
    let pointer_start = (f64::from(event.client_x()), f64::from(event.client_y()));
    drag.set(Some(Drag { item, pointer_start, item_start: at, offset: (0.0, 0.0) }));
}

/// Follows the pointer while dragging `item`.
fn follow(drag: RwSignal<Option<Drag>>, event: &PointerEvent, item: &Dragged) {
    drag.update(|current| {
        if let Some(current) = current.as_mut().filter(|current| &current.item == item) {
            current.offset = (
                f64::from(event.client_x()) - current.pointer_start.0,
                f64::from(event.client_y()) - current.pointer_start.1,
            );
        }
    });
}

/// Ends a drag of `item` and returns where it was dropped.
fn finish(drag: RwSignal<Option<Drag>>, item: &Dragged) -> Option<(f64, f64)> {
    let current = drag.get_untracked().filter(|current| &current.item == item)?;
    drag.set(None);
    let (dx, dy) = current.offset;
    if dx.abs() < 1.0 && dy.abs() < 1.0 {
        return None;
    }
    Some(((current.item_start.0 + dx).max(0.0), (current.item_start.1 + dy).max(0.0)))
}

/// Offset to draw `item` at while it is dragged.
fn offset_of(drag: RwSignal<Option<Drag>>, item: &Dragged) -> (f64, f64) {
    drag.with(|current| {
        current.as_ref().filter(|current| &current.item == item).map(|current| current.offset).unwrap_or_default()
    })
}

/// One card on the canvas.
#[component]
fn CanvasCard(
    /// The card's id.
    id: String,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let drag = expect_context::<RwSignal<Option<Drag>>>();
    let card = card_memo(board, id.clone());
    let refusal = expect_context::<Governance>().refusal(Section::Ideas);
    let item = Dragged::Card(id.clone());
    let position = {
        let item = item.clone();
        move || {
            let (x, y) = card.with(|card| card.as_ref().map(|card| (card.x, card.y)).unwrap_or_default());
            let (dx, dy) = offset_of(drag, &item);
            (x + dx, y + dy)
        }
    };
    let drop_card = move |id: String, x: f64, y: f64| {
        let cluster =
            board.snapshot.with_untracked(|s| cluster_at(&s.clusters, x + CARD_WIDTH / 2.0, y + CARD_HEIGHT / 2.0));
        board.edit(Section::Ideas, move |doc, txn| doc.move_card(txn, &id, x, y, cluster.as_deref()));
    };
    let colour = move || card.with(|card| card.as_ref().map(|card| card.colour.as_str()).unwrap_or("yellow"));
    let dragging = {
        let item = item.clone();
        move || drag.with(|current| current.as_ref().is_some_and(|current| current.item == item))
    };
    let (down_item, move_item, up_item) = (item.clone(), item.clone(), item);
    let (up_id, key_id) = (id.clone(), id.clone());
    let left = position.clone();
    view! {
        <article class=move || format!("note colour-{}", colour()) class:dragging=dragging
            data-testid=format!("canvas-card-{id}")
            style:left=move || px(left().0) style:top=move || px(position().1)>
            <div class="note-handle" role="button" tabindex="0" aria-label="Move card: drag it, or use the arrow keys"
                data-testid=format!("drag-card-{id}")
                aria-disabled=move || refusal.get().is_some().to_string()
                on:pointerdown=move |event| {
                    if refusal.get_untracked().is_some() {
                        return;
                    }
                    let at = card.with_untracked(|card| card.as_ref().map(|card| (card.x, card.y)).unwrap_or_default());
                    start_drag(drag, &event, down_item.clone(), at);
                }
                on:pointermove=move |event| follow(drag, &event, &move_item)
                on:pointerup=move |_| {
                    if let Some((x, y)) = finish(drag, &up_item) {
                        drop_card(up_id.clone(), x, y);
                    }
                }
                on:pointercancel=move |_| drag.set(None)
                on:keydown=move |event| {
                    let (dx, dy) = match event.key().as_str() {
                        "ArrowLeft" => (-KEY_STEP, 0.0),
                        "ArrowRight" => (KEY_STEP, 0.0),
                        "ArrowUp" => (0.0, -KEY_STEP),
                        "ArrowDown" => (0.0, KEY_STEP),
                        _ => return,
                    };
                    event.prevent_default();
                    if refusal.get_untracked().is_some() {
                        return;
                    }
                    let (x, y) = card.with_untracked(|card| card.as_ref().map(|card| (card.x, card.y)).unwrap_or_default());
                    drop_card(key_id.clone(), (x + dx).max(0.0), (y + dy).max(0.0));
                }>
                "⠿"
            </div>
            <CardBody id=id.clone() />
        </article>
    }
}

/// One cluster's area on the canvas.
#[component]
fn ClusterArea(
    /// The cluster's id.
    id: String,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let drag = expect_context::<RwSignal<Option<Drag>>>();
    let lookup = id.clone();
    let cluster =
        Memo::new(move |_| board.snapshot.with(|s| s.clusters.iter().find(|cluster| cluster.id == lookup).cloned()));
    let refusal = expect_context::<Governance>().refusal(Section::Ideas);
    let locked = move || refusal.get().is_some();
    let item = Dragged::Cluster(id.clone());
    let position = {
        let item = item.clone();
        move || {
            let (x, y) = cluster.with(|cluster| cluster.as_ref().map(|c| (c.x, c.y)).unwrap_or_default());
            let (dx, dy) = offset_of(drag, &item);
            (x + dx, y + dy)
        }
    };
    let (down_item, move_item, up_item) = (item.clone(), item.clone(), item);
    let (up_id, rename_id, delete_id) = (id.clone(), id.clone(), id.clone());
    let left = position.clone();
    view! {
        <section class="cluster" data-testid=format!("cluster-{id}") aria-label=move || cluster.with(|c| c.as_ref().map(|c| c.title.clone()))
            style:left=move || px(left().0) style:top=move || px(position().1)
            style:width=px(CLUSTER_WIDTH) style:height=px(CLUSTER_HEIGHT)>
            <header class="cluster-header"
                on:pointerdown=move |event| {
                    if locked() || event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some() {
                        return;
                    }
                    let at = cluster.with_untracked(|c| c.as_ref().map(|c| (c.x, c.y)).unwrap_or_default());
                    start_drag(drag, &event, down_item.clone(), at);
                }
                on:pointermove=move |event| follow(drag, &event, &move_item)
                on:pointerup=move |_| {
                    if let Some((x, y)) = finish(drag, &up_item) {
                        let id = up_id.clone();
                        board.edit(Section::Ideas, move |doc, txn| doc.move_cluster(txn, &id, x, y));
                    }
                }
                on:pointercancel=move |_| drag.set(None)>
                <span class="grip" aria-hidden="true">"⠿"</span>
                <input class="cluster-title" aria-label="Cluster title" readonly=locked prop:value=move || cluster.with(|c| c.as_ref().map(|c| c.title.clone()))
                    on:change=move |event| {
                        let (id, title) = (rename_id.clone(), event_target_value(&event));
                        board.edit(Section::Ideas, move |doc, txn| doc.rename_cluster(txn, &id, &title));
                    } />
                <button class="danger small" aria-label="Delete cluster (its cards stay)" disabled=locked
                    on:click=move |_| { let id = delete_id.clone(); board.edit(Section::Ideas, move |doc, txn| doc.delete_cluster(txn, &id)) }>"✕"</button>
            </header>
        </section>
    }
}
