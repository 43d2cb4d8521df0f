//! Questions to the panel ([`polyphony_shared::polls::PanelQuestion`]): a field to ask (up
//! to three, anonymously), every question with its upvotes as they come in, the most wanted
//! first and the answered ones last; a big button to upvote a question (not one's own); the
//! facilitator marks questions answered.

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::ids::{ActivityId, PanelQuestionId};
use polyphony_shared::polls::{MAX_PANEL_CHARS, MAX_PANEL_QUESTIONS, PanelQuestion, Poll, PollStatus};

use crate::governance::Governance;

/// The questions as a person reads them: still to answer first (most upvoted first), then
/// the answered ones.
pub fn reading_order(questions: &[PanelQuestion]) -> Vec<PanelQuestion> {
    let mut questions = questions.to_vec();
    questions.sort_by_key(|question| question.answered);
    questions
}

/// The panel's questions, and the field to ask one.
#[component]
pub fn PanelScreen(
    /// The panel activity.
    activity: ActivityId,
    /// Its poll.
    poll: Memo<Option<Poll>>,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let draft = RwSignal::new(String::new());
    let asked = RwSignal::new(crate::sync::my_texts(activity));
    let upvoted = RwSignal::new(crate::sync::my_upvotes(activity));
    let open = Memo::new(move |_| poll.with(|poll| poll.as_ref().is_some_and(|poll| poll.status == PollStatus::Open)));
    let questions = Memo::new(move |_| {
        poll.with(|poll| {
            poll.as_ref().and_then(|poll| poll.results.as_ref()).map(|results| reading_order(&results.questions))
        })
        .unwrap_or_default()
    });
    let may_ask = move || open.get() && !governance.facilitates() && governance.role().can_write_content();
    let ask = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(text) = crate::components::take_draft(draft) else { return };
        let kept = text.clone();
        governance.send_or(
            Command::AskPanel { activity, text },
            move |_| {
                asked.update(|asked| asked.push(kept));
                crate::sync::remember_my_texts(activity, &asked.get_untracked());
            },
            // Refused (too many, closed): what they wrote goes back into the field.
            move |_| draft.set(draft.get_untracked()),
        );
    };
    let upvote = move |question: PanelQuestionId, up: bool| {
        governance.send(Command::UpvotePanel { activity, question, up }, move |_| {
            upvoted.update(|upvoted| {
                upvoted.retain(|id| *id != question);
                if up {
                    upvoted.push(question);
                }
            });
            crate::sync::remember_my_upvotes(activity, &upvoted.get_untracked());
        });
    };
    view! {
        {move || may_ask().then(|| view! {
            <form class="add-row" on:submit=ask>
                <input data-testid="panel-question" aria-label="Your question to the panel" placeholder="Your question…"
                    maxlength=MAX_PANEL_CHARS.to_string()
                    prop:value=move || draft.get() on:input=move |event| draft.set(event_target_value(&event)) />
                <button type="submit" data-testid="ask-panel" disabled=move || { asked.with(Vec::len) >= MAX_PANEL_QUESTIONS }>"Ask"</button>
            </form>
        })}
        <p class="hint" role="status" data-testid="poll-status">{move || match (open.get(), governance.facilitates(), asked.with(Vec::len)) {
            (true, true, _) => "Questions come in from every device without names. Mark each one answered when the panel has answered it.".to_owned(),
            (true, false, 0) => "Ask the panel, or tap ▲ on the questions you want answered. Nobody sees who asked or who upvoted.".to_owned(),
            (true, false, count) => format!("You asked {count} of {MAX_PANEL_QUESTIONS} questions. Tap ▲ on the questions of others you want answered."),
            (false, ..) => "Questions are closed.".to_owned(),
        }}</p>
        <ol class="panel-questions" data-testid="panel-questions" aria-live="polite">
            // Keyed by id: a question keeps its row (and the focus on its button) as its
            // upvotes change and it moves up the list.
            <For each=move || questions.with(|questions| questions.iter().map(|question| question.id).collect::<Vec<_>>()) key=|id| *id let:id>
                {
                    let current = Memo::new(move |_| questions.with(|questions| questions.iter().find(|question| question.id == id).cloned()));
                    let text = current.get_untracked().map(|question| question.text).unwrap_or_default();
                    let total = move || current.with(|question| question.as_ref().map_or(0, PanelQuestion::total));
                    let answered = move || current.with(|question| question.as_ref().is_some_and(|question| question.answered));
                    let mine = asked.with_untracked(|asked| asked.iter().any(|own| own.trim() == text.trim()));
                    let up = move || upvoted.with(|upvoted| upvoted.contains(&id));
                    let can_upvote = move || open.get() && !mine && !governance.facilitates() && governance.role().can_write_content();
                    view! {
                        <li class="panel-question" class:answered=answered data-testid="panel-question-item">
                            <button type="button" class="upvote" aria-pressed=move || up().to_string() disabled=move || !can_upvote()
                                aria-label=move || format!("{}: {} upvotes", if up() { "Take back my upvote" } else { "Upvote" }, total())
                                data-testid="upvote" on:click=move |_| upvote(id, !up())>
                                <span aria-hidden="true">"▲"</span><span class="count">{total}</span>
                            </button>
                            <span class="question-text">{text}</span>
                            {mine.then(|| view! { <span class="badge">"Yours"</span> })}
                            {move || answered().then(|| view! { <span class="badge answered-badge">"✓ Answered"</span> })}
                            {move || governance.facilitates().then(|| view! {
                                <button type="button" class="secondary small" data-testid="mark-answered"
                                    on:click=move |_| governance.command(Command::MarkAnswered { activity, question: id, answered: !answered() })>
                                    {move || if answered() { "Not answered yet" } else { "Mark answered" }}
                                </button>
                            })}
                        </li>
                    }
                }
            </For>
        </ol>
        {move || questions.with(Vec::is_empty).then(|| view! { <p class="hint">"No questions yet."</p> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answered_questions_go_last_and_the_rest_keep_their_order() {
        let question = |seed: u8, votes, answered| PanelQuestion {
            id: PanelQuestionId::random_from(&mut (seed..)),
            text: format!("Q{seed}"),
            votes,
            answered,
        };
        let shown = reading_order(&[
            question(1, [3, 0, 0], true),
            question(2, [2, 0, 0], false),
            question(3, [0, 1, 0], false),
        ]);
        let texts: Vec<&str> = shown.iter().map(|question| question.text.as_str()).collect();
        assert_eq!(texts, ["Q2", "Q3", "Q1"]);
    }
}
