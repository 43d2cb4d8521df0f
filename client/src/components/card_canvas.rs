//! The canvas (screens 768 px and wider): cards and clusters placed so that nothing
//! covers anything ([`polyphony_shared::layout`]), moved by dragging with mouse, pen or touch
//! (pointer events), or with the arrow keys, at any zoom ([`super::canvas_zoom`]).
//!
//! A card dropped with its centre inside a cluster joins it and takes its place in the
//! cluster's grid; the cluster grows, and what it then covers moves down. Dragging a cluster
//! moves its cards along. The facilitator's "Arrange" tidies everything into a grid.

use leptos::prelude::*;
use polyphony_shared::Section;
use polyphony_shared::item_ids::{CardId, ClusterId};
use polyphony_shared::layout::{self, Layout, Rect};
use wasm_bindgen::JsCast;
use web_sys::PointerEvent;

use crate::components::canvas_zoom::{Zoom, ZoomBar};
use crate::components::card_view::{CardBody, card_memo};
use crate::governance::Governance;
use crate::sync::BoardHandle;

/// Past this many characters a note's text is written smaller, and smaller again past
/// the second, so that an idea of up to about 120 characters fits the note whole; a
/// longer one shows whole while it has the focus (the note grows over its neighbours).
const LONG: usize = 60;
const LONGER: usize = 90;

/// How far one arrow key press moves a card.
const KEY_STEP: f64 = 20.0;

/// What is being dragged.
#[derive(Debug, Clone, PartialEq)]
enum Dragged {
    Card(CardId),
    Cluster(ClusterId),
}

/// A drag in progress: what, where it started, and how far the pointer has moved.
#[derive(Debug, Clone, PartialEq)]
struct Drag {
    item: Dragged,
    pointer_start: (f64, f64),
    item_start: (f64, f64),
    offset: (f64, f64),
    /// The canvas's zoom when the drag started: a pointer move of `d` screen pixels moves
    /// the item `d / scale` canvas pixels.
    scale: f64,
}

/// The cards and clusters on a canvas.
#[component]
pub fn CardCanvas() -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let drag = RwSignal::new(None::<Drag>);
    provide_context(drag);
    let layout = Memo::new(move |_| board.snapshot.with(Layout::of));
    provide_context(layout);
    let card_ids = Memo::new(move |_| layout.with(|layout| layout.cards.keys().cloned().collect::<Vec<_>>()));
    let cluster_ids = Memo::new(move |_| layout.with(|layout| layout.clusters.keys().cloned().collect::<Vec<_>>()));
    let height = move || layout.with(Layout::height).max(400.0) + 200.0;
    let zoom = Zoom(RwSignal::new(1.0));
    provide_context(zoom);
    let content_width = Signal::derive(move || layout.with(Layout::width) + layout::GAP);
    view! {
        <ZoomBar zoom=zoom content_width=content_width />
        <div class="canvas" data-testid="canvas" data-zoom=move || zoom.0.get().to_string()>
            <div class="canvas-plane" style:height=move || px(height()) style:zoom=move || zoom.0.get().to_string()>
                <For each=move || cluster_ids.get() key=|id| id.clone() children=move |id| view! { <ClusterArea id=id /> } />
                <For each=move || card_ids.get() key=|id| id.clone() children=move |id| view! { <CanvasCard id=id /> } />
            </div>
        </div>
    }
}

/// A CSS length in whole pixels (integer formatting keeps float formatting out of the download).
fn px(value: f64) -> String {
    format!("{}px", value.round() as i64)
}

/// The canvas element on this page, if it is shown.
fn canvas_element() -> Option<web_sys::Element> {
    document().query_selector("[data-testid=canvas]").ok().flatten()
}

/// The width of the canvas on screen, in screen pixels.
pub fn visible_canvas_width() -> f64 {
    canvas_element().map(|canvas| f64::from(canvas.client_width())).unwrap_or(0.0)
}

/// The width of the canvas on screen in canvas pixels (zoomed out, more fits), for placing
/// new things within view.
pub fn canvas_width() -> f64 {
    let zoom = canvas_element()
        .and_then(|canvas| canvas.get_attribute("data-zoom"))
        .and_then(|zoom| zoom.parse::<f64>().ok())
        .filter(|zoom| *zoom > 0.0)
        .unwrap_or(1.0);
    Some(visible_canvas_width() / zoom).filter(|width| *width > 0.0).unwrap_or(layout::DEFAULT_WIDTH)
}

/// Where an item is drawn now: its place in the layout.
fn rect_in(layout: Memo<Layout>, pick: impl Fn(&Layout) -> Option<Rect>) -> Rect {
    layout.with(|layout| pick(layout)).unwrap_or(Rect::at(0.0, 0.0, layout::CARD))
}

/// Starts a drag from a pointer press on a handle.
fn start_drag(drag: RwSignal<Option<Drag>>, event: &PointerEvent, item: Dragged, at: (f64, f64), scale: f64) {
    if let Some(target) = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) {
        target.set_pointer_capture(event.pointer_id()).ok();
    }
    event.prevent_default();
    let pointer_start = (f64::from(event.client_x()), f64::from(event.client_y()));
    drag.set(Some(Drag { item, pointer_start, item_start: at, offset: (0.0, 0.0), scale }));
}

/// Follows the pointer while dragging `item`.
fn follow(drag: RwSignal<Option<Drag>>, event: &PointerEvent, item: &Dragged) {
    drag.update(|current| {
        if let Some(current) = current.as_mut().filter(|current| &current.item == item) {
            current.offset = (
                (f64::from(event.client_x()) - current.pointer_start.0) / current.scale,
                (f64::from(event.client_y()) - current.pointer_start.1) / current.scale,
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
    id: CardId,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let drag = expect_context::<RwSignal<Option<Drag>>>();
    let layout = expect_context::<Memo<Layout>>();
    let refusal = expect_context::<Governance>().refusal(Section::Ideas);
    let zoom = expect_context::<Zoom>();
    let rect_id = id.clone();
    let rect = Memo::new(move |_| rect_in(layout, |layout| layout.cards.get(rect_id.as_str()).copied()));
    let item = Dragged::Card(id.clone());
    let member_of = {
        let id = id.clone();
        Memo::new(move |_| {
            layout.with(|layout| layout.members.iter().find(|(_, cards)| cards.contains(&id)).map(|(c, _)| c.clone()))
        })
    };
    let position = {
        let item = item.clone();
        move || {
            let rect = rect.get();
            // A card follows its own drag, and its cluster's.
            let (dx, dy) = match member_of.get() {
                Some(cluster)
                    if drag.with(|d| d.as_ref().is_some_and(|d| d.item == Dragged::Cluster(cluster.clone()))) =>
                {
                    offset_of(drag, &Dragged::Cluster(cluster))
                }
                _ => offset_of(drag, &item),
            };
            (rect.x + dx, rect.y + dy)
        }
    };
    // Dropped with its centre in a cluster, it joins it; anywhere else it is loose there.
    let drop_card = move |id: CardId, x: f64, y: f64| {
        let (width, height) = (layout::CARD.width, layout::CARD.height);
        let cluster =
            layout.with_untracked(|layout| layout.cluster_at(x + width / 2.0, y + height / 2.0).map(str::to_owned));
        board.edit(Section::Ideas, move |doc, txn| {
            doc.move_card(txn, &id, x, y, cluster.as_deref());
            doc.make_room(txn, cluster.as_deref().unwrap_or(&id));
        });
    };
    let card = card_memo(board, id.clone());
    let colour = move || card.with(|card| card.as_ref().map(|card| card.colour.as_str()).unwrap_or("yellow"));
    // A note keeps its footprint; a longer idea is written smaller to fit it.
    let length = Memo::new(move |_| card.with(|card| card.as_ref().map_or(0, |card| card.text.chars().count())));
    let text_size = move || match length.get() {
        length if length <= LONG => "",
        length if length <= LONGER => " long",
        _ => " longer",
    };
    let dragging = {
        let item = item.clone();
        move || drag.with(|current| current.as_ref().is_some_and(|current| current.item == item))
    };
    let (down_item, move_item, up_item) = (item.clone(), item.clone(), item);
    let (up_id, key_id) = (id.clone(), id.clone());
    let left = position.clone();
    view! {
        <article class=move || format!("note colour-{}{}", colour(), text_size()) class:dragging=dragging
            data-testid=format!("canvas-card-{id}") data-cluster=move || member_of.get().map(ClusterId::into_string).unwrap_or_default()
            style:left=move || px(left().0) style:top=move || px(position().1)
            style:width=px(layout::CARD.width) style:height=px(layout::CARD.height)>
            <div class="note-handle" role="button" tabindex="0" aria-label="Move card: drag it, or use the arrow keys"
                data-testid=format!("drag-card-{id}")
                aria-disabled=move || refusal.get().is_some().to_string()
                on:pointerdown=move |event| {
                    if refusal.get_untracked().is_some() {
                        return;
                    }
                    let at = rect.get_untracked();
                    start_drag(drag, &event, down_item.clone(), (at.x, at.y), zoom.0.get_untracked());
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
                    let at = rect.get_untracked();
                    drop_card(key_id.clone(), (at.x + dx).max(0.0), (at.y + dy).max(0.0));
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
    id: ClusterId,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let drag = expect_context::<RwSignal<Option<Drag>>>();
    let lookup = id.clone();
    let cluster =
        Memo::new(move |_| board.snapshot.with(|s| s.clusters.iter().find(|cluster| cluster.id == lookup).cloned()));
    let refusal = expect_context::<Governance>().refusal(Section::Ideas);
    let locked = move || refusal.get().is_some();
    let item = Dragged::Cluster(id.clone());
    let layout = expect_context::<Memo<Layout>>();
    let zoom = expect_context::<Zoom>();
    let rect_id = id.clone();
    let rect = Memo::new(move |_| rect_in(layout, |layout| layout.clusters.get(rect_id.as_str()).copied()));
    let position = {
        let item = item.clone();
        move || {
            let rect = rect.get();
            let (dx, dy) = offset_of(drag, &item);
            (rect.x + dx, rect.y + dy)
        }
    };
    let (down_item, move_item, up_item) = (item.clone(), item.clone(), item);
    let (up_id, rename_id, delete_id) = (id.clone(), id.clone(), id.clone());
    let left = position.clone();
    view! {
        <section class="cluster" data-testid=format!("cluster-{id}") aria-label=move || cluster.with(|c| c.as_ref().map(|c| c.title.clone()))
            style:left=move || px(left().0) style:top=move || px(position().1)
            style:width=move || px(rect.get().width) style:height=move || px(rect.get().height)>
            <header class="cluster-header"
                on:pointerdown=move |event| {
                    if locked() || event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some() {
                        return;
                    }
                    let at = cluster.with_untracked(|c| c.as_ref().map(|c| (c.x, c.y)).unwrap_or_default());
                    start_drag(drag, &event, down_item.clone(), at, zoom.0.get_untracked());
                }
                on:pointermove=move |event| follow(drag, &event, &move_item)
                on:pointerup=move |_| {
                    if let Some((x, y)) = finish(drag, &up_item) {
                        let id = up_id.clone();
                        board.edit(Section::Ideas, move |doc, txn| {
                            doc.move_cluster(txn, &id, x, y);
                            doc.make_room(txn, &id);
                        });
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
