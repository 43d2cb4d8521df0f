//! The "two perspectives" activity (seed 001): the same need as citizens see it and as
//! professionals see it, side by side, and what both agree on in a third column.
//!
//! Its cards are ordinary cards of the activity's document: a card stands in the column of
//! its writer's perspective, and in "What we agree on" once it is in the agreed group (a
//! cluster with a fixed id). Anyone who may write moves a card there or back, so the room
//! agrees together. On a phone the columns stack; from a tablet up they stand side by side.

use leptos::prelude::*;
use polyphony_shared::item_ids::CardId;
use polyphony_shared::layout::{self, Layout};
use polyphony_shared::{BoardDoc, Card, CardColour, NewCard, Perspective, Section};

use crate::components::card_canvas::canvas_width;
use crate::components::card_view::CardBody;
use crate::components::lock_note::LockNote;
use crate::components::take_draft;
use crate::governance::Governance;
use crate::sync::{self, BoardHandle};

/// The cluster that holds what both perspectives agree on.
pub const AGREED: &str = polyphony_shared::model::AGREED_CLUSTER;

/// One column of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    /// How citizens see the need.
    Citizens,
    /// How professionals see it.
    Professionals,
    /// How others see it (shown only when someone else wrote).
    Others,
    /// What both agree on.
    Agreed,
}

impl Column {
    /// The column's heading.
    fn heading(self) -> &'static str {
        match self {
            Column::Citizens => "As citizens see it",
            Column::Professionals => "As professionals see it",
            Column::Others => "As others see it",
            Column::Agreed => "What we agree on",
        }
    }

    fn testid(self) -> &'static str {
        match self {
            Column::Citizens => "column-citizens",
            Column::Professionals => "column-professionals",
            Column::Others => "column-others",
            Column::Agreed => "column-agreed",
        }
    }
}

/// The column a card stands in.
pub fn column_of(card: &Card) -> Column {
    if card.cluster.as_deref() == Some(AGREED) {
        return Column::Agreed;
    }
    match card.perspective {
        Perspective::Citizen => Column::Citizens,
        Perspective::Professional => Column::Professionals,
        Perspective::Other => Column::Others,
    }
}

/// The cards of each column shown, in the order of the board; the others' column only when
/// it has cards.
pub fn columns(cards: &[Card]) -> Vec<(Column, Vec<CardId>)> {
    let mut columns: Vec<(Column, Vec<CardId>)> =
        [Column::Citizens, Column::Professionals, Column::Others, Column::Agreed].map(|c| (c, Vec::new())).into();
    for card in cards {
        if let Some((_, ids)) = columns.iter_mut().find(|(column, _)| *column == column_of(card)) {
            ids.push(card.id.clone());
        }
    }
    columns.retain(|(column, ids)| *column != Column::Others || !ids.is_empty());
    columns
}

/// Puts a card in the agreed group (creating the group the first time) or takes it out.
fn set_agreed(doc: &BoardDoc, txn: &mut yrs::TransactionMut, card: &str, agreed: bool) {
    if agreed && !doc.snapshot_in(txn).clusters.iter().any(|cluster| cluster.id == AGREED) {
        doc.add_cluster(txn, AGREED, Column::Agreed.heading(), 0.0, 0.0);
    }
    doc.set_card_cluster(txn, card, agreed.then_some(AGREED));
}

/// The screen: a field for how you see the need, the columns, and a field for what we
/// agree on.
#[component]
pub fn TwoPerspectives() -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let governance = expect_context::<Governance>();
    let card_refusal = governance.card_refusal();
    let refusal = governance.refusal(Section::Ideas);
    let shown = Memo::new(move |_| board.snapshot.with(|snapshot| columns(&snapshot.cards)));
    let add = move |draft: RwSignal<String>, agreed: bool| {
        if card_refusal.get_untracked().is_some() {
            return;
        }
        let Some(text) = take_draft(draft) else { return };
        let me = board.me();
        let author = governance.my_name().unwrap_or_else(|| me.name.clone());
        let id = board.new_id();
        sync::remember_my_card(board.board(), &id);
        let (x, y) = board.snapshot.with_untracked(|s| layout::free_spot(&Layout::of(s), layout::CARD, canvas_width()));
        board.edit(Section::Ideas, |doc, txn| {
            let card = NewCard {
                id: &id,
                text: &text,
                colour: if agreed { CardColour::Green } else { CardColour::Yellow },
                author_name: if board.anonymous() { "" } else { &author },
                perspective: me.perspective,
                x,
                y,
                cluster: None,
            };
            doc.add_card(txn, card);
            if agreed {
                set_agreed(doc, txn, &id, true);
            }
        });
    };
    let (mine, agreed) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let field = move |draft: RwSignal<String>, in_agreed: bool, testid: &'static str, hint: &'static str| {
        view! {
            <form class="add-row" on:submit=move |event: leptos::ev::SubmitEvent| { event.prevent_default(); add(draft, in_agreed); }>
                <input aria-label=hint data-testid=testid placeholder=hint maxlength="500"
                    prop:value=move || draft.get() on:input=move |event| draft.set(event_target_value(&event)) />
                <button type="submit" data-testid=format!("{testid}-add") disabled=move || card_refusal.get().is_some()
                    title=move || card_refusal.get()>"Add"</button>
            </form>
        }
    };
    view! {
        <section class="panel two-perspectives" aria-labelledby="perspectives-heading">
            <h2 id="perspectives-heading">"How we see the need"</h2>
            <LockNote section=Section::Ideas />
            {field(mine, false, "new-view", "How do you see the need?")}
            <div class="perspective-columns">
                {move || shown.get().into_iter().map(|(column, ids)| view! {
                    <section class="perspective-column" data-testid=column.testid() aria-label=column.heading()>
                        <h3>{column.heading()} <span class="hint">{format!(" ({})", ids.len())}</span></h3>
                        {(column == Column::Agreed).then(|| field(agreed, true, "new-agreed", "Something we both agree on"))}
                        <ul class="perspective-cards">
                            {ids.is_empty().then(|| view! { <li class="hint">"Nothing here yet."</li> })}
                            {ids.into_iter().map(|id| {
                                let in_agreed = column == Column::Agreed;
                                let card = id.to_string();
                                let (label, testid) = if in_agreed {
                                    ("Take back out", format!("disagree-{id}"))
                                } else {
                                    ("We agree on this", format!("agree-{id}"))
                                };
                                view! {
                                    <li class="note list-note" class:colour-green=in_agreed class:colour-yellow=!in_agreed>
                                        <CardBody id=id.clone() />
                                        <button type="button" class="secondary small" data-testid=testid
                                            disabled=move || refusal.get().is_some() title=move || refusal.get()
                                            on:click=move |_| {
                                                let card = card.clone();
                                                board.edit(Section::Ideas, move |doc, txn| set_agreed(doc, txn, &card, !in_agreed));
                                            }>{label}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }).collect_view()}
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: &str, perspective: Perspective, cluster: Option<&str>) -> Card {
        Card {
            id: id.into(),
            text: id.into(),
            colour: CardColour::Yellow,
            author_name: String::new(),
            perspective,
            helped_by: String::new(),
            x: 0.0,
            y: 0.0,
            cluster: cluster.map(Into::into),
            from: None,
        }
    }

    #[test]
    fn cards_stand_in_their_writers_column_until_both_agree() {
        let cards = [
            card("bus", Perspective::Citizen, None),
            card("rota", Perspective::Professional, Some("other-group")),
            card("lift", Perspective::Citizen, Some(AGREED)),
        ];
        let shown: Vec<(Column, Vec<String>)> = columns(&cards)
            .into_iter()
            .map(|(column, ids)| (column, ids.into_iter().map(CardId::into_string).collect()))
            .collect();
        assert_eq!(
            shown,
            [
                (Column::Citizens, vec!["bus".to_owned()]),
                (Column::Professionals, vec!["rota".to_owned()]),
                (Column::Agreed, vec!["lift".to_owned()]),
            ],
            "no column for others until someone else writes"
        );
        let with_other = [card("peer", Perspective::Other, None)];
        assert_eq!(columns(&with_other).len(), 4);
    }
}
