//! The list view of the idea board (phones): a search box and a perspective filter, then
//! cards grouped by cluster in canvas reading order (top to bottom, left to right), each
//! group folding away, each card with "move to cluster".

use leptos::prelude::*;
use polyphony_shared::anonymity::Disclosure;
use polyphony_shared::card_filter::CardFilter;
use polyphony_shared::item_ids::{CardId, ClusterId};
use polyphony_shared::voting::{Round, RoundStatus, VoteTarget};
use polyphony_shared::{Perspective, Section};

use crate::components::card_view::{CardBody, card_memo};
use crate::governance::Governance;
use crate::sync::BoardHandle;

/// Cards a group shows before "Show more".
const CARDS_SHOWN: usize = 30;

/// Search and a perspective filter, then cards grouped by cluster (each group folds away),
/// then the ungrouped ones. A card added or changed re-renders that card, not its group.
#[component]
pub fn CardList() -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let filter = RwSignal::new(CardFilter::default());
    let governance = expect_context::<Governance>();
    // After a reveal the list can put the ideas with most dots first.
    let revealed = Memo::new(move |_| {
        governance.view.with(|view| {
            view.rounds
                .values()
                .rev()
                .find(|r| {
                    r.status == RoundStatus::Revealed
                        && r.target == VoteTarget::Cards
                        && governance.counts_here(view, r)
                })
                .cloned()
        })
    });
    let by_dots = RwSignal::new(false);
    let groups = Memo::new(move |_| {
        board.snapshot.with(|snapshot| {
            let mut groups: Vec<(Option<ClusterId>, String)> =
                snapshot.clusters.iter().map(|cluster| (Some(cluster.id.clone()), cluster.title.clone())).collect();
            if snapshot.cards_in(None).next().is_some() || groups.is_empty() {
                groups.push((None, "Not grouped yet".to_owned()));
            }
            groups
        })
    });
    view! {
        <div class="card-list" data-testid="card-list">
            <div class="list-filter" role="search">
                <input type="search" aria-label="Find ideas" placeholder="Find ideas or people…" data-testid="card-search"
                    prop:value=move || filter.with(|f| f.words.clone())
                    on:input=move |event| filter.update(|f| f.words = event_target_value(&event)) />
                <select aria-label="Show ideas from" data-testid="card-perspective-filter"
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        filter.update(|f| f.perspective = Perspective::ALL.into_iter().find(|p| p.as_str() == value));
                    }>
                    <option value="">"Everyone"</option>
                    {Perspective::ALL.into_iter().map(|p| view! { <option value=p.as_str()>{p.label()}</option> }).collect_view()}
                </select>
            </div>
            {move || revealed.with(Option::is_some).then(|| view! {
                <label class="choice sort-by-dots">
                    <input type="checkbox" data-testid="sort-by-dots" prop:checked=move || by_dots.get()
                        on:change=move |event| by_dots.set(event_target_checked(&event)) />
                    "Most dots first"
                </label>
            })}
            <For each=move || groups.get() key=|group| group.clone() children=move |(cluster, title)| {
                let order = Signal::derive(move || if by_dots.get() { revealed.get() } else { None });
                view! { <ListGroup cluster=cluster title=title filter=filter order=order /> }
            } />
        </div>
    }
}

/// One cluster's cards (or the ungrouped ones), folding away under its title.
#[component]
fn ListGroup(
    /// The cluster, or `None` for the ungrouped cards.
    cluster: Option<ClusterId>,
    /// What the group is called.
    title: String,
    /// What the person is looking for.
    filter: RwSignal<CardFilter>,
    /// A revealed round to order the cards by (most dots first), if asked for.
    order: Signal<Option<Round>>,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let testid = format!("list-group-{}", cluster.as_deref().unwrap_or("none"));
    // A long group shows its first cards and a button for the rest: a phone stays quick,
    // and the page short enough to scroll through.
    let shown = RwSignal::new(CARDS_SHOWN);
    let governance = expect_context::<Governance>();
    let anonymous = Memo::new(move |_| governance.view.with(|view| view.facilitation.anonymous));
    let all = Memo::new(move |_| {
        filter.with(|filter| {
            board.snapshot.with(|snapshot| {
                let crowded = governance.crowded.get();
                let shown = Disclosure { anonymous: anonymous.get(), crowded: &crowded };
                let mut ids = snapshot
                    .cards_in(cluster.as_deref())
                    .filter(|card| filter.matches(card, shown))
                    .map(|card| card.id.clone())
                    .collect::<Vec<_>>();
                order.with(|round| {
                    if let Some(round) = round {
                        // A stable sort: cards with as many dots keep their reading order.
                        ids.sort_by_key(|id| std::cmp::Reverse(round.dots_of(id)));
                    }
                });
                ids
            })
        })
    });
    // Cards that arrive while the page is open are always shown (after the first ones), so
    // new ideas appear even in a long group.
    let ids = Memo::new(move |_| {
        let limit = shown.get();
        board.first_sync.with(|known| {
            all.with(|all| {
                all.iter()
                    .enumerate()
                    .filter(|(at, id)| *at < limit || known.as_ref().is_some_and(|known| !known.contains(*id)))
                    .map(|(_, id)| id.clone())
                    .collect::<Vec<_>>()
            })
        })
    });
    let hidden = move || all.with(Vec::len).saturating_sub(ids.with(Vec::len));
    let more_testid = format!("more-{testid}");
    view! {
        <details class="list-group" data-testid=testid open>
            <summary><h3>{title} " " <span class="count">{move || format!("({})", all.with(Vec::len))}</span></h3></summary>
            <ul>
                <For each=move || ids.get() key=|id| id.clone() children=move |id| view! { <ListCard id=id /> } />
            </ul>
            {move || (hidden() > 0).then(|| view! {
                <button type="button" class="secondary more" data-testid=more_testid.clone()
                    on:click=move |_| shown.update(|shown| *shown += CARDS_SHOWN)>
                    {move || format!("Show {} more ({} not shown)", hidden().min(CARDS_SHOWN), hidden())}
                </button>
            })}
        </details>
    }
}

/// One card in the list, with its "move to cluster" choice.
#[component]
fn ListCard(
    /// The card's id.
    id: CardId,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let card = card_memo(board, id.clone());
    let refusal = expect_context::<Governance>().refusal(Section::Ideas);
    let clusters = Memo::new(move |_| {
        board.snapshot.with(|s| s.clusters.iter().map(|c| (c.id.clone(), c.title.clone())).collect::<Vec<_>>())
    });
    let colour = move || card.with(|card| card.as_ref().map(|card| card.colour.as_str()).unwrap_or("yellow"));
    let current = move || {
        card.with(|card| {
            card.as_ref().and_then(|card| card.cluster.clone()).map(ClusterId::into_string).unwrap_or_default()
        })
    };
    let move_id = id.clone();
    view! {
        <li class=move || format!("note list-note colour-{}", colour()) data-testid=format!("list-card-{id}")>
            <CardBody id=id.clone() />
            <label class="move-to">
                "Move to cluster "
                <select data-testid=format!("move-card-{id}") prop:value=current disabled=move || refusal.get().is_some()
                    on:change=move |event| {
                        let (id, target) = (move_id.clone(), event_target_value(&event));
                        board.edit(Section::Ideas, move |doc, txn| {
                            let cluster = Some(target.as_str()).filter(|target| !target.is_empty());
                            doc.put_in_cluster(txn, &id, cluster, polyphony_shared::layout::DEFAULT_WIDTH);
                        });
                    }>
                    <option value="">"No cluster"</option>
                    {move || clusters.get().into_iter().map(|(id, title)| view! { <option value=id.into_string()>{title}</option> }).collect_view()}
                </select>
            </label>
        </li>
    }
}
