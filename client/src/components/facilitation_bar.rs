//! What everyone sees of the process: the phase and what it is for, the timer, an open
//! voting round with the dots left, locked sections, why a command was refused, and undo.
//! It stays at the top of the screen while the page scrolls, so the timer is always in view.

use leptos::prelude::*;
use polyphony_shared::Section;
use polyphony_shared::voting::{RoundStatus, VoteTarget};

use crate::components::timer::TimerDisplay;
use crate::components::undo_buttons::UndoButtons;
use crate::governance::Governance;

/// The bar under the board header.
#[component]
pub fn FacilitationBar() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let view = governance.view;
    let phase = move || view.with(|view| view.facilitation.phase);
    // A summon newer than what this page saw at first brings the section into view.
    let seen_summon = StoredValue::new(None::<u64>);
    Effect::new(move |_| {
        let Some((section, at_ms)) = view.with(|view| view.facilitation.summon) else { return };
        let first = seen_summon.get_value().is_none() && at_ms < js_sys::Date::now() as u64 - SUMMON_FRESH_MS;
        seen_summon.set_value(Some(at_ms));
        if first {
            return;
        }
        let heading = match section {
            Section::ProblemStatement => "problem-heading",
            Section::Questions => "questions-heading",
            Section::Ideas => "ideas-heading",
        };
        if let Some(element) = document().get_element_by_id(heading) {
            element.scroll_into_view();
        }
    });
    let open_round = move || {
        let round = view.with(|view| view.rounds.values().find(|round| round.status == RoundStatus::Open).cloned())?;
        let left = governance.dots_left.with(|left| left.get(&round.id.to_string()).copied()).unwrap_or(round.budget);
        let on = match round.target {
            VoteTarget::Cards => "ideas",
            VoteTarget::Questions => "questions",
        };
        Some(view! {
            <p class="round" data-testid="votes-left">
                <strong>{round.title}</strong> " — vote on the " {on} ": " {left} " of " {round.budget} " dots left"
            </p>
        })
    };
    let locked = move || {
        let labels: Vec<&str> =
            view.with(|view| view.facilitation.locked.iter().map(|section| section.label()).collect());
        (!labels.is_empty()).then(|| {
            view! { <p class="locked-note" data-testid="locked-note">"Locked by the facilitator: " {labels.join(", ")}</p> }
        })
    };
    view! {
        <section class="facilitation-bar" aria-label="Workshop process" data-testid="facilitation-bar">
            <p class="phase">
                <strong data-testid="phase">{move || phase().label()}</strong>
                " " <span class="purpose">{move || phase().purpose()}</span>
            </p>
            <TimerDisplay />
            <UndoButtons />
            <crate::components::lobby::WaitingChip />
            <crate::components::assisted::ActingForNote />
            <crate::components::balance::BalancePrompt />
            {open_round}
            {locked}
            {move || governance.error.get().map(|message| view! {
                <p class="error" role="alert" data-testid="command-error">{message}</p>
            })}
        </section>
    }
}

/// A summon older than this when the page opens is history, not a call to follow.
const SUMMON_FRESH_MS: u64 = 10_000;
