//! What everyone sees of the process: the phase and what it is for, the timer, an open
//! voting round with the dots left, locked sections, why a command was refused, and undo.
//! It stays at the top of the screen while the page scrolls, so the timer is always in view.

use std::time::Duration;

use leptos::prelude::*;
use polyphony_shared::voting::{RoundStatus, VoteTarget};
use polyphony_shared::{Section, Timer};

use crate::components::undo_buttons::UndoButtons;
use crate::governance::Governance;

/// The bar under the board header.
#[component]
pub fn FacilitationBar() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let view = governance.view;
    let now = RwSignal::new(js_sys::Date::now());
    let ticking = set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(1)).ok();
    on_cleanup(move || {
        if let Some(ticking) = ticking {
            ticking.clear();
        }
    });
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
    // The end of a running timer, seen live, chimes on a facilitator's device that asked.
    let time_up = Memo::new(move |_| {
        view.with(|view| match &view.facilitation.timer {
            Some(Timer::Running { ends_at_ms, .. }) => (*ends_at_ms as f64) - now.get() < 500.0,
            _ => false,
        })
    });
    Effect::new(move |before: Option<bool>| {
        let up = time_up.get();
        if up && before == Some(false) && governance.facilitates() && crate::chime::enabled() {
            crate::chime::play();
        }
        up
    });
    let timer = move || {
        view.with(|view| view.facilitation.timer.clone()).map(|timer| {
            let (text, class) = match timer {
                Timer::Running { ends_at_ms, label } => {
                    let left = ends_at_ms as f64 - now.get();
                    if left < 500.0 {
                        (format!("{label} — time is up"), "timer done")
                    } else {
                        (format!("{label} {}", clock(left)), "timer")
                    }
                }
                Timer::Paused { remaining_ms, label } => {
                    (format!("{label} {} (paused)", clock(remaining_ms as f64)), "timer paused")
                }
            };
            // The end is announced once; the ticking itself is not read out.
            let role = if class == "timer done" { "alert" } else { "timer" };
            view! { <p class=class role=role data-testid="timer">{text}</p> }
        })
    };
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
            {timer}
            <UndoButtons />
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

/// `m:ss` for a number of milliseconds (0:00 once past), to the nearest second: the
/// server's clock sets the end, and a phone's clock a fraction of a second behind must
/// not show a five-minute timer as 5:01.
fn clock(milliseconds: f64) -> String {
    let seconds = (milliseconds.max(0.0) / 1000.0).round() as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}
