//! A poll's screen ([`polyphony_shared::polls`]): big buttons to answer on a phone (an
//! option, several when the poll allows, or a point of the scale), the person's own answer,
//! the counts by perspective when the facilitator shows them, and the facilitator's set-up,
//! close and reveal.

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::ids::ActivityId;
use polyphony_shared::polls::{Poll, PollStatus};

use crate::components::by_perspective::ByPerspective;
use crate::components::evaluation::{EvaluationAnswers, EvaluationResults};
use crate::components::panel_questions::PanelScreen;
use crate::components::poll_controls::PollSetup;
use crate::components::poll_moderation::PollModeration;
use crate::components::poll_ranking::RankingAnswer;
use crate::components::presenter_results::{Bar, ResultBars};
use crate::components::word_cloud::WordCloud;
use crate::governance::Governance;

pub use polyphony_shared::polls::answer_labels;

/// A poll's counts as bars, in the order of its answers; a ranking's points, most first.
pub fn poll_bars(kind: ActivityKind, poll: &Poll) -> Vec<Bar> {
    let rows = polyphony_shared::report::poll_rows(kind, poll);
    rows.into_iter().map(|(label, by_perspective)| Bar { label, by_perspective }).collect()
}

/// The poll of `activity`, of `kind`.
#[component]
pub fn PollScreen(
    /// The poll's activity.
    activity: ActivityId,
    /// Which kind of poll.
    kind: ActivityKind,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let poll = Memo::new(move |_| governance.view.with(|view| view.polls.get(&activity).cloned()));
    // The answering part is built once the poll is set up, not again as counts change.
    let ready = Memo::new(move |_| poll.with(Option::is_some));
    let results = Memo::new(move |_| poll.get().filter(|poll| poll.results.is_some()));
    let moderated = matches!(kind, ActivityKind::OpenQuestion | ActivityKind::PanelQuestions);
    view! {
        <section class="panel poll" data-testid="poll">
            <h2>{kind.label()}</h2>
            {move || governance.facilitates().then(|| view! { <PollSetup activity=activity kind=kind /> })}
            {move || if !ready.get() {
                view! { <p class="hint">"The facilitator is preparing this poll."</p> }.into_any()
            } else {
                match kind {
                    ActivityKind::Ranking => view! { <RankingAnswer activity=activity poll=poll /> }.into_any(),
                    ActivityKind::OpenQuestion => view! { <OpenAnswers activity=activity poll=poll /> }.into_any(),
                    ActivityKind::PanelQuestions => view! { <PanelScreen activity=activity poll=poll /> }.into_any(),
                    ActivityKind::Evaluation => view! { <EvaluationAnswers activity=activity poll=poll /> }.into_any(),
                    _ => view! { <ChoiceAnswers activity=activity kind=kind poll=poll /> }.into_any(),
                }
            }}
            {move || results.get().filter(|_| kind == ActivityKind::Evaluation).map(|poll| view! { <EvaluationResults poll=poll /> })}
            {move || results.get().filter(|_| !matches!(kind, ActivityKind::PanelQuestions | ActivityKind::Evaluation)).map(|poll| {
                let bars = poll_bars(kind, &poll);
                view! {
                    {(!bars.is_empty()).then(|| view! { <ResultBars bars=bars /> })}
                    <ByPerspective kind=kind poll=poll />
                }
            })}
            {move || (moderated && governance.facilitates()).then(|| view! { <PollModeration activity=activity kind=kind poll=poll /> })}
        </section>
    }
}

/// A choice poll's options or a scale's points as big buttons: one tap answers, or ticks
/// when several are allowed (then one button sends them).
#[component]
fn ChoiceAnswers(activity: ActivityId, kind: ActivityKind, poll: Memo<Option<Poll>>) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let mine = RwSignal::new(crate::sync::my_answer(activity));
    let picked = RwSignal::new(Vec::<u32>::new());
    let send = move |answer: Vec<u32>| {
        let kept = answer.clone();
        governance.send(Command::AnswerPoll { activity, answer }, move |_| {
            crate::sync::remember_my_answer(activity, &kept);
            mine.set(Some(kept));
        });
    };
    // The buttons follow what can be answered, not the counts: a tap is never lost to a
    // re-render while others answer.
    let shape = Memo::new(move |_| {
        poll.with(|poll| {
            poll.as_ref().map(|poll| {
                let open = poll.status == PollStatus::Open && !governance.facilitates();
                (answer_labels(kind, poll), poll.several, open, poll.status)
            })
        })
    });
    move || {
        let Some((labels, several, open, status)) = shape.get() else { return ().into_any() };
        let answers = labels.into_iter().map(|(choice, label)| {
            let chosen = move || mine.with(|mine| mine.as_ref().is_some_and(|mine| mine.contains(&choice)));
            let ticked = move || picked.with(|picked| picked.contains(&choice));
            view! {
                <button type="button" class="poll-answer" class:chosen=chosen class:ticked=ticked
                    aria-pressed=move || (chosen() || ticked()).to_string() disabled=!open
                    data-testid=format!("answer-{choice}")
                    on:click=move |_| {
                        if several {
                            picked.update(|picked| if let Some(at) = picked.iter().position(|c| *c == choice) { picked.remove(at); } else { picked.push(choice); });
                        } else {
                            send(vec![choice]);
                        }
                    }>{label}</button>
            }
        }).collect_view();
        view! {
            <div class=if kind == ActivityKind::Scale { "poll-answers scale" } else { "poll-answers" }>{answers}</div>
            {(several && open).then(|| view! {
                <button type="button" data-testid="send-answers" disabled=move || picked.with(Vec::is_empty)
                    on:click=move |_| send(picked.get_untracked())>"Send my answers"</button>
            })}
            <p class="hint" role="status" data-testid="poll-status">{move || match (status, mine.get().is_some(), governance.facilitates()) {
                (PollStatus::Open, _, true) => "People answer on their own devices; nobody sees who answered what.",
                (PollStatus::Open, true, false) => "Your answer is in. You can change it until the poll closes.",
                (PollStatus::Open, false, false) => "Tap your answer. Nobody sees who answered what.",
                _ => "The poll is closed.",
            }}</p>
        }.into_any()
    }
}

/// An open question: a field for a few words, the person's own answers, and the word
/// cloud and answers when shown.
#[component]
fn OpenAnswers(activity: ActivityId, poll: Memo<Option<Poll>>) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let draft = RwSignal::new(String::new());
    let mine = RwSignal::new(crate::sync::my_texts(activity));
    let status = Memo::new(move |_| poll.with(|poll| poll.as_ref().map(|poll| (poll.status, poll.several))));
    let send = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let several = status.get_untracked().is_some_and(|(_, several)| several);
        let Some(text) = crate::components::take_draft(draft) else { return };
        let kept = text.clone();
        governance.send(Command::AnswerText { activity, text }, move |_| {
            mine.update(|mine| {
                if !several {
                    mine.clear();
                }
                mine.push(kept);
            });
            crate::sync::remember_my_texts(activity, &mine.get_untracked());
        });
    };
    let open = move || status.get().is_some_and(|(status, _)| status == PollStatus::Open) && !governance.facilitates();
    let results =
        Memo::new(move |_| poll.with(|poll| poll.as_ref().and_then(|poll| poll.results.clone())).unwrap_or_default());
    view! {
        {move || open().then(|| view! {
            <form class="add-row" on:submit=send>
                <input data-testid="open-answer" aria-label="Your answer" placeholder="A few words…"
                    maxlength=polyphony_shared::polls::MAX_TEXT_CHARS.to_string()
                    prop:value=move || draft.get() on:input=move |event| draft.set(event_target_value(&event)) />
                <button type="submit" data-testid="send-open-answer">"Send"</button>
            </form>
        })}
        {move || (!mine.with(Vec::is_empty)).then(|| view! {
            <p class="hint" data-testid="my-open-answers">"You answered: " {mine.get().join(" · ")}</p>
        })}
        {move || status.get().map(|(status, several)| view! {
            <p class="hint" role="status" data-testid="poll-status">{match (status, several) {
                (PollStatus::Open, true) => "Up to three answers. Nobody sees who wrote what.",
                (PollStatus::Open, false) => "Your newest answer counts. Nobody sees who wrote what.",
                _ => "The question is closed.",
            }}</p>
        })}
        {move || results.with(|results| (!results.words.is_empty()).then(|| view! { <WordCloud words=results.words.clone() /> }))}
        {move || results.with(|results| (!results.texts.is_empty()).then(|| view! {
            <ul class="open-answers" data-testid="open-answers">
                {results.texts.iter().map(|text| view! { <li>{text.clone()}</li> }).collect_view()}
            </ul>
        }))}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyphony_shared::polls::PollResults;
    use std::collections::BTreeMap;

    #[test]
    fn a_scale_names_its_ends_and_bars_follow_the_answers() {
        let scale = Poll {
            options: vec!["Not at all".into(), "Completely".into()],
            points: 5,
            results: Some(PollResults {
                counts: BTreeMap::from([(5, [2, 1, 0])]),
                answered: [2, 1, 0],
                ..PollResults::default()
            }),
            ..Poll::default()
        };
        let labels: Vec<String> =
            answer_labels(ActivityKind::Scale, &scale).into_iter().map(|(_, label)| label).collect();
        assert_eq!(labels, ["1 · Not at all", "2", "3", "4", "5 · Completely"]);
        let bars = poll_bars(ActivityKind::Scale, &scale);
        assert_eq!(bars.len(), 5);
        assert_eq!(bars[4].by_perspective, [2, 1, 0]);
        assert_eq!(bars[0].by_perspective, [0, 0, 0]);
    }
}
