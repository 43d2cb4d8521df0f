//! The workshop timer as everyone sees it, ticking once a second: running, paused, or
//! time up (announced once). On a facilitator's device that asked for it, the end chimes.

use std::time::Duration;

use leptos::prelude::*;
use polyphony_shared::Timer;

use crate::governance::Governance;

/// The timer, when one is set.
#[component]
pub fn TimerDisplay() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let view = governance.view;
    let now = RwSignal::new(js_sys::Date::now());
    let ticking = set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(1)).ok();
    on_cleanup(move || {
        if let Some(ticking) = ticking {
            ticking.clear();
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
    move || {
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
    }
}

/// `m:ss` for a number of milliseconds (0:00 once past), to the nearest second: the
/// server's clock sets the end, and a phone's clock a fraction of a second behind must
/// not show a five-minute timer as 5:01.
fn clock(milliseconds: f64) -> String {
    let seconds = (milliseconds.max(0.0) / 1000.0).round() as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}
