//! An action-plan activity's screen (issue 19): the actions carried forward from chosen
//! ideas or written here, as columns by status on a wide screen and as one list grouped by
//! status on a phone. Each action is a card (its words typed together, linked back to the
//! idea it came from, dotted like any card) with its plan beside it ([`item`]).

mod item;

use leptos::prelude::*;
use polyphony_shared::actions::ActionStatus;
use polyphony_shared::{CardColour, NewCard, Section};

use crate::components::download_file::DownloadFile;
use crate::components::lock_note::LockNote;
use crate::governance::Governance;
use crate::sync::{self, BoardHandle};

/// The action plan.
#[component]
pub fn ActionPlanScreen(
    /// The action plan's activity.
    activity: polyphony_shared::ids::ActivityId,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let governance = expect_context::<Governance>();
    let actions = board.actions();
    let refusal = governance.refusal(Section::Ideas);
    let draft = RwSignal::new(String::new());
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let what = draft.get_untracked().trim().to_owned();
        if what.is_empty() {
            return;
        }
        draft.set(String::new());
        let me = board.me();
        let author = governance.my_name().unwrap_or_else(|| me.name.clone());
        let anonymous = board.anonymous();
        let id = board.new_id();
        sync::remember_my_card(board.board(), &id);
        board.end_undo_step();
        board.edit_actions(move |plan, txn| {
            let action = NewCard {
                id: &id,
                text: &what,
                colour: CardColour::Green,
                author_name: if anonymous { "" } else { &author },
                perspective: me.perspective,
                x: 0.0,
                y: 0.0,
                cluster: None,
            };
            plan.add(txn, action);
        });
    };
    view! {
        <section class="panel action-plan" data-testid="action-plan" aria-labelledby="actions-heading">
            <h2 id="actions-heading">"Action plan"</h2>
            <p class="hint">"For each action: why it matters, who does it, who helps, what it needs and the first step. Tap “I'll help” to volunteer."</p>
            <LockNote section=Section::Ideas />
            {governance.facilitates().then(|| view! {
                <DownloadFile path=format!("actions/{activity}/actions.csv") file="actions.csv" label="Download the plan (CSV)" testid="download-actions" />
            })}
            <form class="add-row" on:submit=add>
                <input aria-label="A new action" data-testid="new-action" placeholder="What will we do?" maxlength="500"
                    prop:value=move || draft.get() on:input=move |event| draft.set(event_target_value(&event)) />
                <button type="submit" data-testid="add-action" disabled=move || refusal.get().is_some()
                    title=move || refusal.get()>"Add action"</button>
            </form>
            <div class="action-columns">
                {ActionStatus::ALL.into_iter().map(|status| {
                    let ids = Memo::new(move |_| actions.with(|actions| {
                        actions.iter().filter(|action| action.status == status).map(|action| action.id.clone()).collect::<Vec<_>>()
                    }));
                    view! {
                        <section class="action-column" data-testid=format!("column-{}", status.as_str())
                            aria-label=status.label()>
                            <h3>{status.label()} " " <span class="count">{move || ids.with(Vec::len)}</span></h3>
                            <ul class="action-list">
                                <For each=move || ids.get() key=|id| id.clone() let:id>
                                    <item::ActionItem id=id />
                                </For>
                            </ul>
                        </section>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}
