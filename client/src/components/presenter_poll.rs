//! A poll on the projector: how many answered, then live SVG charts (bars by perspective
//! for a choice, a scale's distribution and a ranking's points, the word cloud of an open
//! question) with common ground marked, or the questions to the panel, most wanted first.

use leptos::prelude::*;
use polyphony_shared::agenda::{Activity, ActivityKind};
use polyphony_shared::polls::{Poll, PollStatus, agreement};

use crate::components::panel_questions::reading_order;
use crate::components::poll::{answer_labels, poll_bars};
use crate::components::svg_chart::{SvgBars, SvgCloud};
use crate::components::word_cloud::sized;
use crate::governance::Governance;

/// Most questions to the panel shown on the projector.
const MOST_QUESTIONS: usize = 6;

/// The heading over a poll's results on the projector.
pub fn heading(kind: ActivityKind, poll: Option<&Poll>) -> String {
    let Some(poll) = poll else { return "The poll is being prepared.".to_owned() };
    let Some(results) = &poll.results else {
        return "Answer on your phone. Results show when the facilitator reveals them.".to_owned();
    };
    if kind == ActivityKind::PanelQuestions {
        return match results.questions.len() {
            0 => "Ask the panel on your phone.".to_owned(),
            1 => "1 question".to_owned(),
            count => format!("{count} questions"),
        };
    }
    let answered: u32 = results.answered.iter().sum();
    let closed = if poll.status == PollStatus::Open { "" } else { " · closed" };
    match answered {
        1 => format!("1 person answered{closed}"),
        count => format!("{count} people answered{closed}"),
    }
}

/// The poll of `activity` on the projector.
#[component]
pub fn PresenterPoll(
    /// The poll's activity.
    activity: Activity,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let (id, kind) = (activity.id, activity.kind);
    let poll = Memo::new(move |_| governance.view.with(|view| view.polls.get(&id).cloned()));
    let bars =
        Signal::derive(move || poll.with(|poll| poll.as_ref().map(|poll| poll_bars(kind, poll)).unwrap_or_default()));
    let seen = Memo::new(move |_| {
        poll.with(|poll| {
            let poll = poll.as_ref()?;
            Some((agreement(kind, poll, poll.results.as_ref()?), answer_labels(kind, poll)))
        })
    });
    let marked = Signal::derive(move || {
        seen.with(|seen| {
            let Some((seen, labels)) = seen else { return Vec::new() };
            let label = |choice: u32| labels.iter().find(|(at, _)| *at == choice).map(|(_, label)| label.clone());
            seen.options.iter().filter(|option| option.common).filter_map(|option| label(option.choice)).collect()
        })
    });
    let terms = Signal::derive(move || {
        poll.with(|poll| {
            poll.as_ref()
                .and_then(|poll| poll.results.as_ref())
                .map(|results| sized(&results.words))
                .unwrap_or_default()
        })
    });
    let common_words = Signal::derive(move || {
        seen.with(|seen| seen.as_ref().map(|(seen, _)| seen.common_words.iter().cloned().collect()).unwrap_or_default())
    });
    let questions = Memo::new(move |_| {
        poll.with(|poll| {
            poll.as_ref().and_then(|poll| poll.results.as_ref()).map(|results| reading_order(&results.questions))
        })
        .unwrap_or_default()
    });
    let shown = Memo::new(move |_| poll.with(|poll| poll.as_ref().is_some_and(|poll| poll.results.is_some())));
    view! {
        <section class="presenter-results presenter-poll" data-testid="presenter-results">
            <h3 data-testid="presenter-poll-heading">{move || poll.with(|poll| heading(kind, poll.as_ref()))}</h3>
            {move || shown.get().then(|| match kind {
                ActivityKind::OpenQuestion => view! { <SvgCloud terms=terms common=common_words /> }.into_any(),
                ActivityKind::Evaluation => view! {
                    {move || poll.get().map(|poll| view! { <crate::components::evaluation::EvaluationResults poll=poll /> })}
                }.into_any(),
                ActivityKind::PanelQuestions => view! {
                    <ol class="presenter-questions" data-testid="presenter-questions">
                        {move || questions.get().into_iter().take(MOST_QUESTIONS).map(|question| view! {
                            <li class:answered=question.answered>
                                <span class="count">"▲ " {question.total()}</span>" " {question.text}
                                {question.answered.then_some(" ✓")}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
                _ => view! {
                    <SvgBars bars=bars marked=marked />
                    <p class="legend"><span class="segment citizen"></span>" citizens "
                        <span class="segment professional"></span>" professionals "
                        <span class="segment other"></span>" others"
                        {(kind == ActivityKind::Ranking).then_some(" · points: first place earns most")}
                        {move || marked.with(|marked| !marked.is_empty()).then_some(" · ✓ common ground: every perspective chose it")}</p>
                    {move || seen.with(|seen| seen.as_ref().and_then(|(seen, _)| seen.scale_alike).map(|alike| view! {
                        <p class="scale-verdict">{if alike { "Citizens and professionals see it alike." } else { "Citizens and professionals see it differently." }}</p>
                    }))}
                }.into_any(),
            })}
        </section>
    }
}
