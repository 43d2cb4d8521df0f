//! The agenda: the workshop's activities, phase by phase, with the one running now on top.
//!
//! Everyone sees the agenda (activities the facilitators are still preparing only they
//! see). Facilitators build and run it here: add an activity, start and finish it, move it,
//! duplicate, lock, keep it to themselves while preparing, or remove it. Every change is a
//! command; the agenda itself is governed state, so every screen shows the same one.

use leptos::prelude::*;
use polyphony_shared::agenda::{Activity, ActivityKind, ActivityState, Visibility, in_order};
use polyphony_shared::{Command, Phase};

use crate::components::between_sessions::{OpenNow, OpenUntilControl, date_and_time};
use crate::components::carried::CarriedFrom;
use crate::components::saved_templates::SaveAsTemplate;
use crate::governance::Governance;

/// The agenda, shown when the board has one.
#[component]
pub fn Agenda(
    /// The board's title, offered as the name when the agenda is saved as a template.
    title: Signal<Option<String>>,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let shown = Memo::new(move |_| {
        let facilitates = governance.facilitates();
        governance.view.with(|view| {
            let visible =
                view.activities.values().filter(|activity| facilitates || activity.visibility == Visibility::Everyone);
            in_order(visible.cloned())
        })
    });
    let live = Memo::new(move |_| shown.with(|all| all.iter().find(|a| a.state == ActivityState::Live).cloned()));
    let has_agenda = move || governance.facilitates() || shown.with(|all| !all.is_empty());
    view! {
        <Show when=has_agenda>
            <section class="panel agenda" data-testid="agenda" aria-label="Agenda">
                {move || live.get().map(|activity| view! { <NowLive activity=activity /> })}
                <OpenNow />
                <details open=move || governance.facilitates() || live.with(Option::is_none)>
                    <summary><h2>"Agenda"</h2></summary>
                    {move || {
                        let all = shown.get();
                        Phase::ALL.into_iter().filter_map(|phase| {
                            let items: Vec<Activity> = all.iter().filter(|a| a.phase == phase).cloned().collect();
                            (!items.is_empty()).then(|| view! {
                                <h3 class="agenda-phase">{phase.label()}</h3>
                                <ol class="agenda-items">
                                    {
                                        let count = items.len();
                                        items.into_iter().enumerate().map(|(at, activity)| {
                                            let place = Place { index: at, last: at + 1 == count };
                                            view! { <AgendaItem activity=activity place=place /> }
                                        }).collect_view()
                                    }
                                </ol>
                            })
                        }).collect_view()
                    }}
                    {move || governance.facilitates().then(|| view! { <AddActivity /> <SaveAsTemplate title=title /> })}
                </details>
            </section>
        </Show>
    }
}

/// Where an activity sits among the activities of its phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    /// Its place, from 0.
    index: usize,
    /// Whether it is the phase's last.
    last: bool,
}

/// The activity running now, with its question, large enough to read from a chair.
#[component]
fn NowLive(activity: Activity) -> impl IntoView {
    let minutes = (activity.minutes > 0).then(|| format!(" · about {} minutes", activity.minutes));
    view! {
        <div class="now-live" role="status" data-testid="live-activity">
            <p class="now-label">"Now · " {activity.kind.label()} {minutes}</p>
            <h2>{activity.title}</h2>
            <p class="prompt">{activity.prompt}</p>
            {activity.prompt_from.map(|from| view! {
                <p class="hint agreed-from">"The question we agreed on. " <CarriedFrom from=Some(from) /></p>
            })}
            {(!activity.instructions.is_empty()).then(|| view! { <p class="hint">{activity.instructions}</p> })}
        </div>
    }
}

/// One activity on the agenda, with the facilitator's controls.
#[component]
fn AgendaItem(activity: Activity, place: Place) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let id = activity.id;
    let state = match activity.state {
        ActivityState::Upcoming => "Next".to_owned(),
        ActivityState::Live => "Now".to_owned(),
        ActivityState::Done => "Done".to_owned(),
        ActivityState::Open => format!("Open until {}", activity.open_until_ms.map(date_and_time).unwrap_or_default()),
    };
    let preparing = activity.visibility == Visibility::Facilitators;
    let testid = format!("activity-{id}");
    let (live, done) = (activity.state == ActivityState::Live, activity.state == ActivityState::Done);
    let stored_state = activity.state.as_str();
    let (title, kind, minutes, locked) = (activity.title.clone(), activity.kind, activity.minutes, activity.locked);
    let looking_back = expect_context::<crate::components::activity_screen::LookingBack>();
    let look_back = done.then(|| {
        view! {
            <button type="button" class="secondary small" data-testid="look-back"
                on:click=move |_| looking_back.0.set(Some(id))>"Look back"</button>
        }
    });
    let take_part = (activity.state == ActivityState::Open).then(|| {
        view! {
            <button type="button" class="small" data-testid="take-part"
                on:click=move |_| looking_back.0.set(Some(id))>"Take part"</button>
        }
    });
    let controls =
        move || governance.facilitates().then(|| view! { <ActivityControls activity=activity.clone() place=place /> });
    view! {
        <li class="agenda-item" class:live=live class:done=done data-testid=testid data-state=stored_state>
            <span class="badge">{state}</span>
            <span class="agenda-title">{title}</span>
            <span class="hint">{kind.label()}
                {(minutes > 0).then(|| format!(" · {minutes} min"))}
                {preparing.then_some(" · being prepared")}
                {locked.then_some(" · locked")}
            </span>
            {look_back}
            {take_part}
            {controls}
        </li>
    }
}

/// Start, finish, move, duplicate, lock, hide while preparing, and remove, for facilitators.
/// One kind of button, listed as data, keeps the download small.
#[component]
fn ActivityControls(activity: Activity, place: Place) -> impl IntoView {
    let Place { index, last } = place;
    let governance = expect_context::<Governance>();
    let (id, phase, locked) = (activity.id, activity.phase, activity.locked);
    let to = move |index: usize| Command::MoveActivity { activity: id, phase, index: index as u32 };
    let (start, start_label, start_testid) = match activity.state {
        ActivityState::Live => (Command::FinishActivity { activity: id }, "Finish", "finish-activity"),
        _ => (Command::StartActivity { activity: id }, "Start", "start-activity"),
    };
    let (visibility, visibility_label) = match activity.visibility {
        Visibility::Everyone => (Visibility::Facilitators, "Hide while preparing"),
        Visibility::Facilitators => (Visibility::Everyone, "Show to everyone"),
    };
    let buttons: Vec<(&'static str, &'static str, &'static str, Option<Command>)> = vec![
        (start_label, start_testid, "small", Some(start)),
        ("↑", "move-up", "secondary small", (index > 0).then(|| to(index - 1))),
        ("↓", "move-down", "secondary small", (!last).then(|| to(index + 1))),
        ("Duplicate", "duplicate-activity", "secondary small", Some(Command::DuplicateActivity { activity: id })),
        (
            if locked { "Unlock" } else { "Lock" },
            "lock-activity",
            "secondary small",
            Some(Command::SetActivityLocked { activity: id, locked: !locked }),
        ),
        (
            visibility_label,
            "prepare-activity",
            "secondary small",
            // A live activity is everyone's (the server refuses to hide it).
            (activity.state != ActivityState::Live)
                .then_some(Command::SetActivityVisibility { activity: id, visibility }),
        ),
        ("Remove", "remove-activity", "danger small", Some(Command::RemoveActivity { activity: id })),
    ];
    let open_until = (activity.state != ActivityState::Open).then(|| view! { <OpenUntilControl activity=id /> });
    view! {
        <span class="agenda-controls">
            {buttons.into_iter().map(|(label, testid, class, command)| {
                let disabled = command.is_none();
                view! {
                    <button type="button" class=class data-testid=testid disabled=disabled
                        on:click=move |_| {
                            if let Some(command) = command.clone() {
                                send(governance, command);
                            }
                        }>{label}</button>
                }
            }).collect_view()}
            {open_until}
        </span>
    }
}

/// Sends an agenda command; taking an activity off the agenda asks first.
fn send(governance: Governance, command: Command) {
    if matches!(command, Command::RemoveActivity { .. }) {
        let sure = window().confirm_with_message("Remove this activity from the agenda?");
        if !sure.unwrap_or(false) {
            return;
        }
    }
    governance.command(command);
}

/// The form that adds an activity at the end of a phase.
#[component]
fn AddActivity() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let kind = RwSignal::new(ActivityKind::Strengths);
    let phase = RwSignal::new(governance.view.with_untracked(|view| view.facilitation.phase));
    let title = RwSignal::new(String::new());
    let minutes = RwSignal::new(String::from("10"));
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let written = title.get_untracked();
        let kind = kind.get_untracked();
        let title_text = if written.trim().is_empty() { kind.label().to_owned() } else { written };
        governance.command(Command::AddActivity {
            kind,
            phase: phase.get_untracked(),
            title: title_text,
            prompt: String::new(),
            instructions: String::new(),
            minutes: minutes.get_untracked().trim().parse().unwrap_or(0),
        });
        title.set(String::new());
    };
    view! {
        <form class="add-activity" on:submit=add data-testid="add-activity">
            <label>"Activity"
                <select data-testid="activity-kind" on:change=move |event| {
                    if let Some(chosen) = ActivityKind::ALL.into_iter().find(|k| k.as_str() == event_target_value(&event)) {
                        kind.set(chosen);
                    }
                }>
                    {ActivityKind::ALL.into_iter().map(|option| view! {
                        <option value=option.as_str() selected=move || kind.get() == option>{option.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Phase"
                <select data-testid="activity-phase" on:change=move |event| {
                    if let Some(chosen) = Phase::parse(&event_target_value(&event)) {
                        phase.set(chosen);
                    }
                }>
                    {Phase::ALL.into_iter().map(|option| view! {
                        <option value=option.as_str() selected=move || phase.get() == option>{option.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Title"
                <input type="text" maxlength="120" data-testid="activity-title" placeholder=move || kind.get().label()
                    prop:value=move || title.get() on:input=move |event| title.set(event_target_value(&event)) />
            </label>
            <label>"Minutes"
                <input type="number" min="0" max="480" inputmode="numeric" data-testid="activity-minutes"
                    prop:value=move || minutes.get() on:input=move |event| minutes.set(event_target_value(&event)) />
            </label>
            <button type="submit" data-testid="add-activity-button">"Add to the agenda"</button>
        </form>
    }
}
