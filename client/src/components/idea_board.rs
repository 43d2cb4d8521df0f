//! The idea board: adding cards and clusters, shown as a canvas on wide screens and as a
//! list grouped by cluster on phones.

use leptos::prelude::*;
use polyphony_shared::layout::{self, Layout};
use polyphony_shared::{CardColour, NewCard, Section};

use crate::components::card_canvas::{CardCanvas, canvas_width};
use crate::components::card_list::CardList;
use crate::components::lock_note::LockNote;
use crate::components::private_drafts::PrivateDrafts;
use crate::components::take_draft;
use crate::governance::{Governance, MyDraft};
use crate::sync::{self, BoardHandle};

/// Narrowest window width (CSS px) that shows the canvas; below it the list is shown.
const CANVAS_MIN_WIDTH: f64 = 768.0;
/// How many of this page's latest cards it keeps clear of cards placed at the same moment.
const PLACED_KEPT: usize = 20;
/// What the cards view calls its cards: the idea board's ideas, or what an activity
/// collects (strengths, say), provided as context by the activity's screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardsWording {
    /// The section's heading.
    pub heading: &'static str,
    /// The hint in the field for a new card.
    pub placeholder: &'static str,
    /// What a screen reader calls that field.
    pub label: &'static str,
}

impl Default for CardsWording {
    fn default() -> Self {
        CardsWording { heading: "Idea board", placeholder: "Write an idea…", label: "New idea" }
    }
}

/// The idea board section.
#[component]
pub fn IdeaBoard() -> impl IntoView {
    let wording = use_context::<CardsWording>().unwrap_or_default();
    let board = expect_context::<BoardHandle>();
    let governance = expect_context::<Governance>();
    // My private ideas are whatever the server still keeps for me: they were put on the
    // board at the last reveal, so a new private round starts with none listed.
    Effect::new(move |before: Option<bool>| {
        let private = governance.writes_privately();
        if private && before != Some(true) {
            governance.load_my_drafts();
        } else if !private {
            governance.my_drafts.set(Vec::new());
        }
        private
    });
    let wide = RwSignal::new(window_is_wide());
    let resize = window_event_listener(leptos::ev::resize, move |_| wide.set(window_is_wide()));
    on_cleanup(move || resize.remove());

    let refusal = governance.refusal(Section::Ideas);
    // Adding a card works during private writing (it stays private); the rest does not.
    let card_refusal = governance.card_refusal();
    // A memo, so that other changes of governed state (say, the count of private ideas)
    // do not rebuild the private-writing box under someone changing an idea.
    let private = Memo::new(move |_| governance.writes_privately());
    let draft = RwSignal::new(String::new());
    let colour = RwSignal::new(CardColour::Yellow);
    // Cards placed from this page lately: if someone else placed a card on the same free
    // spot at the same moment, this page moves its own card to the next free spot.
    let placed_here = StoredValue::new(Vec::<String>::new());
    Effect::new(move |_| {
        let crowded: Vec<String> = board.snapshot.with(|snapshot| {
            let layout = Layout::of(snapshot);
            placed_here.with_value(|ids| ids.iter().filter(|id| layout::must_make_way(&layout, id)).cloned().collect())
        });
        for id in crowded {
            board.edit(Section::Ideas, move |doc, txn| {
                doc.unstack(txn, &id, canvas_width());
            });
        }
    });
    let add_card = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        // While locked the idea stays in its box, to be added once the board opens again.
        if card_refusal.get_untracked().is_some() {
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
            let card = board.new_id();
            sync::remember_my_card(board.board(), &card);
            governance.submit_card(MyDraft { card: card.into(), text, colour: colour.get_untracked() }, give_back);
            return;
        }
        let me = board.me();
        let author = governance.my_name().unwrap_or_else(|| me.name.clone());
        let anonymous = board.anonymous();
        let id = board.new_id();
        sync::remember_my_card(board.board(), &id);
        placed_here.update_value(|ids| {
            ids.push(id.clone());
            if ids.len() > PLACED_KEPT {
                ids.remove(0);
            }
        });
        // The first free spot, so that a new card never lands on another.
        let (x, y) = board.snapshot.with_untracked(|s| layout::free_spot(&Layout::of(s), layout::CARD, canvas_width()));
        board.edit(Section::Ideas, |doc, txn| {
            let card = NewCard {
                id: &id,
                text: &text,
                colour: colour.get_untracked(),
                author_name: if anonymous { "" } else { &author },
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
        let (x, y) = board
            .snapshot
            .with_untracked(|s| layout::free_spot(&Layout::of(s), layout::cluster_size(0), canvas_width()));
        board.edit(Section::Ideas, |doc, txn| doc.add_cluster(txn, &id, &title, x, y));
    };

    view! {
        <section class="panel ideas" aria-labelledby="ideas-heading">
            <h2 id="ideas-heading">{wording.heading}</h2>
            <LockNote section=Section::Ideas />
            <form class="add-row" on:submit=add_card>
                <input aria-label=wording.label data-testid="new-card" placeholder=wording.placeholder maxlength="500"
                    prop:value=move || draft.get() on:input=move |event| draft.set(event_target_value(&event)) />
                <div class="swatches" role="radiogroup" aria-label="Colour of the new card">
                    {CardColour::ALL.into_iter().map(|option| view! {
                        <button type="button" role="radio" class=format!("swatch colour-{}", option.as_str())
                            aria-label=format!("Colour {}", option.as_str())
                            aria-checked=move || (colour.get() == option).to_string()
                            on:click=move |_| colour.set(option)></button>
                    }).collect_view()}
                </div>
                <button type="submit" data-testid="add-card" disabled=move || card_refusal.get().is_some()
                    title=move || card_refusal.get()>"Add card"</button>
            </form>
            <form class="add-row" on:submit=add_cluster>
                <input aria-label="New cluster title" data-testid="new-cluster" placeholder="Group ideas under a title…" maxlength="80"
                    prop:value=move || cluster_title.get() on:input=move |event| cluster_title.set(event_target_value(&event)) />
                <button type="submit" class="secondary" data-testid="add-cluster" disabled=move || refusal.get().is_some()
                    title=move || refusal.get()>"Add cluster"</button>
            </form>
            {move || private.get().then(|| view! { <PrivateDrafts /> })}
            {move || (wide.get() && governance.facilitates()).then(|| view! {
                <button type="button" class="secondary" data-testid="arrange" disabled=move || refusal.get().is_some()
                    title="Put the clusters side by side and the loose cards in rows below them"
                    on:click=move |_| board.edit(Section::Ideas, |doc, txn| doc.arrange(txn, canvas_width()))>"Arrange the canvas"</button>
            })}
            {move || if wide.get() { view! { <CardCanvas /> }.into_any() } else { view! { <CardList /> }.into_any() }}
        </section>
    }
}

fn window_is_wide() -> bool {
    window().inner_width().ok().and_then(|width| width.as_f64()).is_some_and(|width| width >= CANVAS_MIN_WIDTH)
}
