//! The list view of the idea board (phones): cards grouped by cluster, in canvas reading
//! order (top to bottom, left to right), each with "move to cluster".

use leptos::prelude::*;
use polyphony_shared::Section;

use crate::components::card_view::{CardBody, card_memo};
use crate::governance::Governance;
use crate::sync::BoardHandle;

/// Cards grouped by cluster, then the ungrouped ones.
#[component]
pub fn CardList() -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let groups = Memo::new(move |_| {
        board.snapshot.with(|snapshot| {
            let mut groups: Vec<(Option<String>, String, Vec<String>)> = snapshot
                .clusters
                .iter()
                .map(|cluster| {
                    let ids = snapshot.cards_in(Some(&cluster.id)).map(|card| card.id.clone()).collect();
                    (Some(cluster.id.clone()), cluster.title.clone(), ids)
                })
                .collect();
            let loose: Vec<String> = snapshot.cards_in(None).map(|card| card.id.clone()).collect();
            if !loose.is_empty() || groups.is_empty() {
                groups.push((None, "Not grouped yet".to_owned(), loose));
            }
            groups
        })
    });
    view! {
        <div class="card-list" data-testid="card-list">
            <For each=move || groups.get() key=|group| group.clone() children=move |(cluster, title, ids)| {
                let testid = format!("list-group-{}", cluster.as_deref().unwrap_or("none"));
                view! {
                    <section class="list-group" data-testid=testid>
                        <h3>{title}</h3>
                        <ul>
                            {ids.into_iter().map(|id| view! { <ListCard id=id /> }).collect_view()}
                        </ul>
                    </section>
                }
            } />
        </div>
    }
}

/// One card in the list, with its "move to cluster" choice.
#[component]
fn ListCard(
    /// The card's id.
    id: String,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let card = card_memo(board, id.clone());
    let refusal = expect_context::<Governance>().refusal(Section::Ideas);
    let clusters = Memo::new(move |_| {
        board.snapshot.with(|s| s.clusters.iter().map(|c| (c.id.clone(), c.title.clone())).collect::<Vec<_>>())
    });
    let colour = move || card.with(|card| card.as_ref().map(|card| card.colour.as_str()).unwrap_or("yellow"));
    let current = move || card.with(|card| card.as_ref().and_then(|card| card.cluster.clone()).unwrap_or_default());
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
                    {move || clusters.get().into_iter().map(|(id, title)| view! { <option value=id>{title}</option> }).collect_view()}
                </select>
            </label>
        </li>
    }
}
