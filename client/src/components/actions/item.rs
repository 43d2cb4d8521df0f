//! One action on the plan: its words (the card's, typed together), the idea it came from,
//! its dots, where it stands, when it is due, who volunteered ("I'll help"), and its plan:
//! why, who owns it, who supports it, what it needs, the first step, and its impact
//! indicator with where it stands (updated at a later session). Every field is a plain
//! control a keyboard reaches; a change is sent when the field is left.

use leptos::prelude::*;
use polyphony_shared::Section;
use polyphony_shared::actions::{Action, ActionStatus, MAX_FIELD_CHARS, PlanField};
use polyphony_shared::item_ids::CardId;
use polyphony_shared::names::Named;

use crate::components::card_view::CardBody;
use crate::governance::Governance;
use crate::sync::BoardHandle;

/// An action, by its card's id.
#[component]
pub fn ActionItem(
    /// The card's id.
    id: CardId,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let governance = expect_context::<Governance>();
    let actions = board.actions();
    let key = id.clone();
    let action = Memo::new(move |_| actions.with(|actions| actions.iter().find(|action| action.id == key).cloned()));
    let refusal = governance.refusal(Section::Ideas);
    let locked = move || refusal.get().is_some();
    let me = governance.me();
    let mine = move || action.with(|action| action.as_ref().is_some_and(|action| action.volunteers.contains_key(&me)));
    let (status_id, due_id, help_id) = (id.to_string(), id.to_string(), id.to_string());
    let set_status = move |event: leptos::ev::Event| {
        let (id, status) = (status_id.clone(), ActionStatus::named(&event_target_value(&event)).unwrap_or_default());
        board.end_undo_step();
        board.edit_actions(move |plan, txn| plan.set_status(txn, &id, status));
    };
    let set_due = move |event: leptos::ev::Event| {
        let (id, due) = (due_id.clone(), event_target_value(&event));
        board.end_undo_step();
        board.edit_actions(move |plan, txn| plan.set_due(txn, &id, &due));
    };
    let volunteer = move |_| {
        let (id, on) = (help_id.clone(), !mine());
        let name = governance.my_name().unwrap_or_else(|| board.me().name);
        board.end_undo_step();
        board.edit_actions(move |plan, txn| plan.volunteer(txn, &id, me, &name, on));
    };
    let volunteers = move || {
        action.with(|action| {
            action.as_ref().map(|action| {
                let names =
                    action.volunteers.values().map(|name| polyphony_shared::erasure::shown_name(name).to_owned());
                names.collect::<Vec<_>>().join(", ")
            })
        })
    };
    let testid = id.to_string();
    view! {
        <li class="action" data-testid=format!("action-{testid}") data-id=testid.clone()>
            <CardBody id=id.clone() />
            <div class="action-fields">
                <label>"Where it stands"
                    <select data-testid=format!("action-status-{testid}") disabled=locked on:change=set_status
                        prop:value=move || action.with(|action| action.as_ref().map(|action| action.status.as_str()).unwrap_or_default())>
                        {ActionStatus::ALL.into_iter().map(|status| view! { <option value=status.as_str()>{status.label()}</option> }).collect_view()}
                    </select></label>
                <label>"Due"
                    <input type="date" data-testid=format!("action-due-{testid}") disabled=locked on:change=set_due
                        prop:value=move || action.with(|action| action.as_ref().map(|action| action.due.clone()).unwrap_or_default()) /></label>
            </div>
            <p class="volunteers" data-testid=format!("volunteers-{testid}")>
                <button type="button" class="secondary small" data-testid=format!("volunteer-{testid}") disabled=locked
                    aria-pressed=move || mine().to_string() on:click=volunteer>
                    {move || if mine() { "✓ I'm helping" } else { "🙋 I'll help" }}</button>
                " " {move || volunteers().filter(|names| !names.is_empty()).map(|names| format!("Helping: {names}"))}
            </p>
            <details class="action-plan-fields">
                <summary data-testid=format!("plan-{testid}")>{move || summary(action.get().as_ref())}</summary>
                {PlanField::ALL.into_iter().map(|field| view! { <PlanInput id=id.clone() field=field action=action /> }).collect_view()}
            </details>
        </li>
    }
}

/// What the plan's summary says: how much of the plan is written.
fn summary(action: Option<&Action>) -> String {
    let ahead = || PlanField::ALL.into_iter().filter(|field| field.is_planned_ahead());
    let written = action.map_or(0, |action| ahead().filter(|field| action.plan.contains_key(field)).count());
    match written {
        0 => "Plan it: why, who, what it needs, first step, how we will know".to_owned(),
        count if count == ahead().count() => "The plan (complete)".to_owned(),
        count => format!("The plan ({count} of {} written)", ahead().count()),
    }
}

/// One field of the plan: written when it is left.
#[component]
fn PlanInput(id: CardId, field: PlanField, action: Memo<Option<Action>>) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let governance = expect_context::<Governance>();
    let refusal = governance.refusal(Section::Ideas);
    let testid = format!("action-{}-{}", field.key(), id);
    let save = move |event: leptos::ev::Event| {
        let (id, text) = (id.to_string(), event_target_value(&event).trim().to_owned());
        board.end_undo_step();
        board.edit_actions(move |plan, txn| plan.set_field(txn, &id, field, &text));
    };
    view! {
        <label class="plan-field">{field.label()}
            <input type="text" data-testid=testid maxlength=MAX_FIELD_CHARS.to_string() disabled=move || refusal.get().is_some()
                prop:value=move || action.with(|action| action.as_ref().map(|action| action.field(field).to_owned()).unwrap_or_default())
                on:change=save /></label>
    }
}
