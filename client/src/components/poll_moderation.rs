//! A facilitator's moderation of what a poll shows ([`polyphony_shared::polls::hidden_key`]):
//! hide an answer, a word of the cloud or a question to the panel with a reason, and show
//! it again. The answers themselves stay where the server keeps them.

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::ids::ActivityId;
use polyphony_shared::polls::{HideWhat, Poll};

use crate::governance::Governance;

/// What a hidden key is, in words.
pub fn hidden_label(key: &str) -> &'static str {
    match HideWhat::of_key(key) {
        Some(HideWhat::Word) => "A word",
        Some(HideWhat::Answer) => "An answer",
        Some(HideWhat::Question) => "A question",
        None => "Something",
    }
}

/// What can be hidden now: each shown answer or question (with what it is and its key
/// text), and each word of the cloud.
pub fn hideable(kind: ActivityKind, poll: &Poll) -> Vec<(HideWhat, String, String)> {
    let Some(results) = &poll.results else { return Vec::new() };
    match kind {
        ActivityKind::PanelQuestions => results
            .questions
            .iter()
            .map(|question| (HideWhat::Question, question.id.to_string(), question.text.clone()))
            .collect(),
        ActivityKind::OpenQuestion => {
            let mut answers: Vec<String> = results.texts.clone();
            answers.dedup_by(|a, b| a.to_lowercase() == b.to_lowercase());
            let answers = answers.into_iter().map(|text| (HideWhat::Answer, text.clone(), text));
            let words = results.words.keys().map(|word| (HideWhat::Word, word.clone(), word.clone()));
            answers.chain(words).collect()
        }
        _ => Vec::new(),
    }
}

/// The facilitator's moderation of the poll of `activity`.
#[component]
pub fn PollModeration(
    /// The poll's activity.
    activity: ActivityId,
    /// Open question or questions to the panel.
    kind: ActivityKind,
    /// The poll.
    poll: Memo<Option<Poll>>,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let reason = RwSignal::new("Not in line with our ground rules".to_owned());
    let items =
        Memo::new(move |_| poll.with(|poll| poll.as_ref().map(|poll| hideable(kind, poll)).unwrap_or_default()));
    let hidden = Memo::new(move |_| {
        poll.with(|poll| {
            poll.as_ref().map(|poll| poll.hidden.clone().into_iter().collect::<Vec<_>>()).unwrap_or_default()
        })
    });
    let hide = move |what: HideWhat, text: String| {
        let reason = reason.get_untracked();
        governance.command(Command::HidePollItem { activity, what, text, reason });
    };
    view! {
        <details class="poll-moderation" data-testid="poll-moderation">
            <summary>"Moderate"</summary>
            <label>"Reason, as people will read it "
                <input data-testid="hide-reason" prop:value=move || reason.get()
                    on:input=move |event| reason.set(event_target_value(&event)) /></label>
            <ul class="hideable">
                {move || items.get().into_iter().map(|(what, key, shown)| {
                    let kind_label = match what { HideWhat::Word => "word", HideWhat::Answer => "answer", HideWhat::Question => "question" };
                    view! {
                        <li><span class="badge">{kind_label}</span>" " {shown.clone()}
                            <button type="button" class="secondary small" data-testid="hide-item"
                                aria-label=format!("Hide the {kind_label} “{shown}”")
                                on:click=move |_| hide(what, key.clone())>"Hide"</button></li>
                    }
                }).collect_view()}
            </ul>
            {move || (!hidden.with(Vec::is_empty)).then(|| view! {
                <h4>"Hidden"</h4>
                <ul class="hidden-items" data-testid="hidden-items">
                    {hidden.get().into_iter().map(|(key, why)| {
                        let shown_again = key.clone();
                        view! {
                            <li>{hidden_label(&key)}" hidden: " {why}
                                <button type="button" class="secondary small" data-testid="show-item"
                                    on:click=move |_| governance.command(Command::ShowPollItem { activity, key: shown_again.clone() })>"Show again"</button></li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </details>
    }
}
