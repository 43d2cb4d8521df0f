//! The idea board: adding cards and clusters, shown as a canvas on wide screens and as a
//! list grouped by cluster on phones.

use leptos::prelude::*;
use polyphony_shared::{BoardSnapshot, CardColour, NewCard, Section};

use crate::components::card_canvas::{CARD_SLOT_HEIGHT, CARD_SLOT_WIDTH, CLUSTER_HEIGHT, CLUSTER_WIDTH, CardCanvas};
use crate::components::card_list::CardList;
use crate::components::lock_note::LockNote;
use crate::components::take_draft;
use crate::governance::Governance;
use crate::sync::{self, BoardHandle};

/// Narrowest window width (CSS px) that shows the canvas; below it the list is shown.
const CANVAS_MIN_WIDTH: f64 = 768.0;
/// Cards per row when new cards are laid out on the canvas.
const CARDS_PER_ROW: usize = 4;
/// Clusters per row when new clusters are laid out on the canvas.
const CLUSTERS_PER_ROW: usize = 2;

/// The idea board section.
#[component]
pub fn IdeaBoard() -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let governance = expect_context::<Governance>();
    governance.load_my_drafts();
    let wide = RwSignal::new(window_is_wide());
    let resize = window_event_listener(leptos::ev::resize, move |_| wide.set(window_is_wide()));
    on_cleanup(move || resize.remove());

    let refusal = governance.refusal(Section::Ideas);
    let draft = RwSignal::new(String::new());
    let colour = RwSignal::new(CardColour::Yellow);
    let add_card = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        // While locked the idea stays in its box, to be added once the board opens again.
        if refusal.get_untracked().is_some() {
            return;
        }
        let Some(text) = take_draft(draft) else { return };
        if governance.writes_privately() {
            let kept = text.clone();
            // A refused private card goes back into the box rather than being lost.
            let give_back = move |_| {
                draft.update(|draft| {
                    if draft.is_empty() {
                        *draft = kept
                    }
                })
            };
            governance.submit_card(board.new_id(), text, colour.get_untracked().as_str(), give_back);
            return;
        }
        let me = board.me();
        let anonymous = board.anonymous();
        let id = board.new_id();
        sync::remember_my_card(board.board(), &id);
        let (x, y) = board.snapshot.with_untracked(next_card_slot);
        board.edit(Section::Ideas, |doc, txn| {
            let card = NewCard {
                id: &id,
                text: &text,
                colour: colour.get_untracked(),
                author_name: if anonymous { "" } else { &me.name },
                perspective: me.perspective,
                x,
                y,
                cluster: None,
            };
            doc.add_card(txn, card);
        });
    };
    let cluster_title = RwSignal::new(String::new());
    let add_cluster = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if refusal.get_untracked().is_some() {
            return;
        }
        let Some(title) = take_draft(cluster_title) else { return };
        let id = board.new_id();
        let (x, y) = board.snapshot.with_untracked(next_cluster_slot);
        board.edit(Section::Ideas, |doc, txn| doc.add_cluster(txn, &id, &title, x, y));
    };

    view! {
        <section class="panel ideas" aria-labelledby="ideas-heading">
            <h2 id="ideas-heading">"Idea board"</h2>
            <LockNote section=Section::Ideas />
            <form class="add-row" on:submit=add_card>
                <input aria-label="New idea" data-testid="new-card" placeholder="Write an idea…" maxlength="500"
                    prop:value=move || draft.get() on:input=move |event| draft.set(event_target_value(&event)) />
                <div class="swatches" role="radiogroup" aria-label="Colour of the new card">
                    {CardColour::ALL.into_iter().map(|option| view! {
                        <button type="button" role="radio" class=format!("swatch colour-{}", option.as_str())
                            aria-label=format!("Colour {}", option.as_str())
                            aria-checked=move || (colour.get() == option).to_string()
                            on:click=move |_| colour.set(option)></button>
                    }).collect_view()}
                </div>
                <button type="submit" data-testid="add-card" disabled=move || refusal.get().is_some()
                    title=move || refusal.get()>"Add card"</button>
            </form>
            <form class="add-row" on:submit=add_cluster>
                <input aria-label="New cluster title" data-testid="new-cluster" placeholder="Group ideas under a title…" maxlength="80"
                    prop:value=move || cluster_title.get() on:input=move |event| cluster_title.set(event_target_value(&event)) />
                <button type="submit" class="secondary" data-testid="add-cluster" disabled=move || refusal.get().is_some()
                    title=move || refusal.get()>"Add cluster"</button>
            </form>
            {move || governance.writes_privately().then(|| view! {
                <div class="private-drafts" data-testid="private-drafts">
                    <p class="hint">"Private writing: your new ideas stay with you until the facilitator reveals them all."</p>
                    <ul>{move || governance.my_drafts.get().into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul>
                </div>
            })}
            {move || if wide.get() { view! { <CardCanvas /> }.into_any() } else { view! { <CardList /> }.into_any() }}
        </section>
    }
}

fn window_is_wide() -> bool {
    window().inner_width().ok().and_then(|width| width.as_f64()).is_some_and(|width| width >= CANVAS_MIN_WIDTH)
}

/// Where a new card goes on the canvas: the next free slot of a grid below the clusters.
fn next_card_slot(snapshot: &BoardSnapshot) -> (f64, f64) {
    let top = snapshot.clusters.iter().map(|cluster| cluster.y + CLUSTER_HEIGHT).fold(0.0, f64::max) + 20.0;
    let loose = snapshot.cards_in(None).count();
    let column = (loose % CARDS_PER_ROW) as f64;
    let row = (loose / CARDS_PER_ROW) as f64;
    (20.0 + column * CARD_SLOT_WIDTH, top + row * CARD_SLOT_HEIGHT)
}

/// Where a new cluster goes: the next slot of a grid of clusters at the top.
fn next_cluster_slot(snapshot: &BoardSnapshot) -> (f64, f64) {
    let count = snapshot.clusters.len();
    let column = (count % CLUSTERS_PER_ROW) as f64;
    let row = (count / CLUSTERS_PER_ROW) as f64;
    (20.0 + column * (CLUSTER_WIDTH + 20.0), 20.0 + row * (CLUSTER_HEIGHT + 20.0))
}
