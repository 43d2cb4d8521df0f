//! What a facilitator does with a poll: set it up, close it and reveal its results, step
//! to the previous or next poll on the agenda (from a tablet while the projector follows),
//! download the answers as CSV, and carry an open question's answers on to an idea board.

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::agenda::{Activity, ActivityKind, ActivityState, in_order};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::polls::MAX_POINTS;

use crate::components::download_file::DownloadFile;
use crate::governance::Governance;

/// The facilitator's set-up of a poll, then close and reveal.
#[component]
pub fn PollSetup(
    /// The poll's activity.
    activity: ActivityId,
    /// Its kind.
    kind: ActivityKind,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let current = governance.view.with_untracked(|view| view.polls.get(&activity).cloned()).unwrap_or_default();
    let options = RwSignal::new(current.options.join("\n"));
    let points = RwSignal::new(if current.points > 0 { current.points } else { 5 }.to_string());
    let several = RwSignal::new(current.several);
    let live = RwSignal::new(current.live);
    let save = move |_| {
        let written: Vec<String> =
            options.get_untracked().lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect();
        governance.command(Command::SetPoll {
            activity,
            options: written,
            points: points.get_untracked().trim().parse().unwrap_or(0),
            several: several.get_untracked(),
            live: live.get_untracked(),
        });
    };
    let open_question = kind == ActivityKind::OpenQuestion;
    let with_options =
        matches!(kind, ActivityKind::Choice | ActivityKind::Scale | ActivityKind::Ranking | ActivityKind::Evaluation);
    let (options_label, options_hint) = match kind {
        ActivityKind::Scale => ("Labels of the two ends (one per line)", "Not at all\nCompletely"),
        ActivityKind::Ranking => ("What to put in order (one per line)", "Transport\nHousing\nWork"),
        ActivityKind::Evaluation => ("Statements (one per line)", "I was heard.\nThe room was easy to reach."),
        _ => ("Options (one per line)", "By bus\nSomeone gives me a lift\nOn foot"),
    };
    view! {
        <details class="poll-setup" open=governance.view.with_untracked(|view| !view.polls.contains_key(&activity))>
            <summary>{if kind == ActivityKind::Evaluation { "Change the statements" } else { "Set up the poll" }}</summary>
            {with_options.then(|| view! {
                <label>{options_label}
                    <textarea rows="4" data-testid="poll-options" placeholder=options_hint
                        prop:value=move || options.get() on:input=move |event| options.set(event_target_value(&event))></textarea>
                </label>
            })}
            {(kind == ActivityKind::Scale).then(|| view! {
                <label>"Points " <input type="number" min="2" max=MAX_POINTS.to_string() data-testid="poll-points"
                    prop:value=move || points.get() on:input=move |event| points.set(event_target_value(&event)) /></label>
            })}
            {matches!(kind, ActivityKind::Choice | ActivityKind::OpenQuestion).then(|| view! {
                <label class="choice"><input type="checkbox" data-testid="poll-several" prop:checked=move || several.get()
                    on:change=move |event| several.set(event_target_checked(&event)) />
                    {if open_question { "People may give up to three answers" } else { "People may choose several" }}</label>
            })}
            {(kind == ActivityKind::PanelQuestions).then(|| view! {
                <p class="hint">"Questions show to everyone as they come in; people upvote the ones they want answered."</p>
            })}
            {(kind != ActivityKind::PanelQuestions).then(|| view! {
            <label class="choice"><input type="checkbox" data-testid="poll-live" prop:checked=move || live.get()
                on:change=move |event| live.set(event_target_checked(&event)) />"Show results while people answer"</label>
            })}
            <button type="button" data-testid="save-poll" on:click=save>"Save the poll"</button>
        </details>
        <div class="poll-controls">
            <button type="button" class="secondary small" data-testid="close-poll"
                on:click=move |_| governance.command(Command::ClosePoll { activity })>"Close the poll"</button>
            <button type="button" class="small" data-testid="reveal-poll"
                on:click=move |_| governance.command(Command::RevealPoll { activity })>"Reveal the results"</button>
            <DownloadAnswers activity=activity />
        </div>
        <StepThroughPolls activity=activity />
        {matches!(kind, ActivityKind::OpenQuestion | ActivityKind::PanelQuestions).then(|| view! { <CarryAnswers activity=activity /> })}
    }
}

/// The polls on the agenda around `activity`: the one before and the one after it.
pub fn neighbour_polls(agenda: &[Activity], activity: ActivityId) -> (Option<Activity>, Option<Activity>) {
    let polls: Vec<&Activity> = agenda.iter().filter(|other| other.kind.is_poll()).collect();
    let at = polls.iter().position(|other| other.id == activity);
    let Some(at) = at else { return (None, None) };
    let before = at.checked_sub(1).and_then(|before| polls.get(before)).map(|other| (*other).clone());
    (before, polls.get(at + 1).map(|other| (*other).clone()))
}

/// Buttons to start the poll before or after this one: a facilitator steps through the
/// questions from a tablet, and every screen and the projector follow the live activity.
#[component]
fn StepThroughPolls(activity: ActivityId) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let around = Memo::new(move |_| {
        let agenda = governance.view.with(|view| in_order(view.activities.values().cloned()));
        neighbour_polls(&agenda, activity)
    });
    let step = move |to: Option<Activity>, testid: &'static str, label: &'static str| {
        to.map(|to| {
            let title = to.title.clone();
            let again = to.state == ActivityState::Done;
            let id = to.id;
            view! {
                <button type="button" class="secondary" data-testid=testid
                    on:click=move |_| governance.command(Command::StartActivity { activity: id })>
                    {label} <span class="step-title">{title}</span>{again.then_some(" (again)")}
                </button>
            }
        })
    };
    move || {
        let (before, after) = around.get();
        (before.is_some() || after.is_some()).then(|| {
            view! {
                <nav class="poll-steps" aria-label="Step through the polls">
                    {step(before, "previous-poll", "◀ Previous: ")}
                    {step(after, "next-poll", "Next: ")}
                </nav>
            }
        })
    }
}

/// Downloads the poll's answers as CSV (anonymous: perspectives only).
#[component]
fn DownloadAnswers(activity: ActivityId) -> impl IntoView {
    let path = format!("polls/{activity}/answers.csv");
    view! { <DownloadFile path=path file="answers.csv" label="Download the answers (CSV)" testid="download-answers" /> }
}

/// Carries the answers in words on to an idea board on the agenda, as cards.
#[component]
fn CarryAnswers(activity: ActivityId) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let boards = Memo::new(move |_| {
        let agenda = governance.view.with(|view| in_order(view.activities.values().cloned()));
        agenda
            .into_iter()
            .filter(|other| other.kind.collects() == Some(polyphony_shared::voting::VoteTarget::Cards))
            .map(|other| (other.id, other.title))
            .collect::<Vec<_>>()
    });
    let chosen = RwSignal::new(String::new());
    let carried = RwSignal::new(false);
    let carry = move |_| {
        let to = chosen.get_untracked();
        let to = ActivityId::parse(&to).ok().or_else(|| boards.get_untracked().first().map(|(id, _)| *id));
        if let Some(to) = to {
            governance.send(Command::CarryAnswers { activity, to }, move |_| carried.set(true));
        }
    };
    move || {
        (!boards.with(Vec::is_empty)).then(|| view! {
        <div class="carry-answers">
            <label>"Carry the answers to "
                <select data-testid="carry-answers-to" on:change=move |event| chosen.set(event_target_value(&event))>
                    {boards.get().into_iter().map(|(id, title)| view! { <option value=id.to_string()>{title}</option> }).collect_view()}
                </select>
            </label>
            <button type="button" class="secondary small" data-testid="carry-answers" on:click=carry>"Carry as cards"</button>
            {move || carried.get().then(|| view! { <span class="hint" role="status">"Carried: each answer is a card there, linked back."</span> })}
        </div>
    })
    }
}
