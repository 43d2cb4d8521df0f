//! The facilitator's "carry forward": the ideas (or questions) with most dots in a revealed
//! round go on to a later activity, each linked back to where it came from (seed 004:
//! results flow on). Shown once a round in an activity has been revealed.

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::RoundId;
use polyphony_shared::agenda::{MAX_CARRIED, in_order};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::voting::{RoundStatus, VoteTarget};

use crate::governance::Governance;

/// A revealed round that ran in an activity: its id, what it counted, the activity, and
/// how it is named in the list.
type Revealed = (RoundId, VoteTarget, ActivityId, String);

/// Picks a revealed round, an activity that collects its items, and how many to carry.
#[component]
pub fn CarryForward() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let revealed = Memo::new(move |_| {
        governance.view.with(|view| {
            view.rounds
                .values()
                .filter(|round| round.status == RoundStatus::Revealed)
                .filter_map(|round| {
                    let activity = view.activities.get(&round.activity?)?;
                    Some((round.id, round.target, activity.id, format!("{} — {}", activity.title, round.title)))
                })
                .collect::<Vec<Revealed>>()
        })
    });
    let chosen_round = RwSignal::new(String::new());
    let round = Memo::new(move |_| {
        let chosen = chosen_round.get();
        revealed.with(|rounds| rounds.iter().find(|round| round.0.to_string() == chosen).or(rounds.first()).cloned())
    });
    // Activities that collect what the round counted, in agenda order, other than its own.
    let targets = Memo::new(move |_| {
        let Some((_, target, from, _)) = round.get() else { return Vec::new() };
        governance.view.with(|view| {
            in_order(view.activities.values().cloned())
                .into_iter()
                .filter(|activity| activity.id != from && activity.kind.collects() == Some(target))
                .map(|activity| (activity.id, activity.title))
                .collect::<Vec<_>>()
        })
    });
    let chosen_target = RwSignal::new(String::new());
    let to = Memo::new(move |_| {
        let chosen = chosen_target.get();
        targets.with(|targets| {
            targets.iter().find(|(id, _)| id.to_string() == chosen).or(targets.first()).map(|(id, _)| *id)
        })
    });
    let count = RwSignal::new("5".to_owned());
    let carry = move |_| {
        let (Some((round, ..)), Some(to)) = (round.get_untracked(), to.get_untracked()) else { return };
        let count = count.get_untracked().trim().parse::<u32>().unwrap_or(0);
        governance.command(Command::CarryForward { round, to, count });
    };
    move || {
        (!revealed.with(Vec::is_empty)).then(|| {
            view! {
                <fieldset class="carry-forward" data-testid="carry-forward">
                    <legend>"Carry forward"</legend>
                    <label>"The results of "
                        <select data-testid="carry-round" on:change=move |event| chosen_round.set(event_target_value(&event))>
                            {move || revealed.get().into_iter().map(|(id, _, _, label)| view! { <option value=id.to_string()>{label}</option> }).collect_view()}
                        </select></label>
                    <label>"To "
                        <select data-testid="carry-to" on:change=move |event| chosen_target.set(event_target_value(&event))>
                            {move || targets.get().into_iter().map(|(id, title)| view! { <option value=id.to_string()>{title}</option> }).collect_view()}
                        </select></label>
                    <label>"How many " <input type="number" min="1" max=MAX_CARRIED.to_string() data-testid="carry-count"
                        prop:value=move || count.get() on:input=move |event| count.set(event_target_value(&event)) /></label>
                    <button type="button" data-testid="carry-button" disabled=move || to.with(Option::is_none) on:click=carry>
                        {move || format!("Carry the top {}", count.get().trim())}</button>
                    {move || to.with(Option::is_none).then(|| view! { <p class="hint">"Add an activity that collects these to carry them there."</p> })}
                </fieldset>
            }
        })
    }
}
