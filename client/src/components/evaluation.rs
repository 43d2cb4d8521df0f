//! An evaluation's screen ([`polyphony_shared::evaluation`]): each statement with five
//! answers in plain words as big buttons (a statement may be left out), a comment in one's
//! own words, and one "Send" that can be sent again while the evaluation is open. Once the
//! facilitator reveals it, everyone sees each statement's averages side by side by
//! perspective, with "seen differently" in words, and the comments.

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::evaluation::{LEFT_OUT, POINTS, point_label};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::polls::{MAX_TEXT_CHARS, Poll, PollStatus};

use crate::governance::Governance;

const PERSPECTIVES: [&str; 3] = ["Citizens", "Professionals", "Others"];

/// One average point, with the answer it is closest to: "4.5 · Mostly".
pub fn said(average: f64) -> String {
    // Rounded to the nearest point of a five-point scale, so it fits a u32.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let nearest = average.round().clamp(1.0, f64::from(POINTS)) as u32;
    format!("{average:.1} · {}", point_label(nearest))
}

/// The points this browser gave, one per statement (left out where none was kept).
fn kept_points(activity: ActivityId, statements: usize) -> Vec<u32> {
    let mut points = crate::sync::my_answer(activity).unwrap_or_default();
    points.resize(statements, LEFT_OUT);
    points
}

/// The form a participant answers.
#[component]
pub fn EvaluationAnswers(
    /// The evaluation's activity.
    activity: ActivityId,
    /// Its poll: the statements and where it stands.
    poll: Memo<Option<Poll>>,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    // The form follows the statements and whether it is open, not the counts.
    let shape = Memo::new(move |_| poll.with(|poll| poll.as_ref().map(|poll| (poll.options.clone(), poll.status))));
    let statements = shape.with_untracked(|shape| shape.as_ref().map_or(0, |(statements, _)| statements.len()));
    let points = RwSignal::new(kept_points(activity, statements));
    let sent = RwSignal::new(crate::sync::my_answer(activity).is_some());
    let comment = RwSignal::new(crate::sync::my_texts(activity).first().cloned().unwrap_or_default());
    let send = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let answer = points.get_untracked();
        let kept = answer.clone();
        governance.send(Command::AnswerPoll { activity, answer }, move |_| {
            crate::sync::remember_my_answer(activity, &kept);
            sent.set(true);
        });
        let text = comment.get_untracked().trim().to_owned();
        if !text.is_empty() {
            let kept = text.clone();
            governance.send(Command::AnswerText { activity, text }, move |_| {
                crate::sync::remember_my_texts(activity, &[kept]);
            });
        }
    };
    move || {
        let Some((statements, status)) = shape.get() else { return ().into_any() };
        let open = status == PollStatus::Open && !governance.facilitates();
        if points.with_untracked(Vec::len) != statements.len() {
            points.set(kept_points(activity, statements.len()));
        }
        let rows = statements
            .into_iter()
            .enumerate()
            .map(|(at, statement)| {
                let buttons = (1..=POINTS)
                    .map(|point| {
                        let chosen = move || points.with(|points| points.get(at) == Some(&point));
                        view! {
                            <button type="button" class="poll-answer" class:chosen=chosen
                                aria-pressed=move || chosen().to_string() disabled=!open
                                data-testid=format!("evaluation-{at}-{point}")
                                on:click=move |_| points.update(|points| {
                                    if let Some(given) = points.get_mut(at) {
                                        *given = if *given == point { LEFT_OUT } else { point };
                                    }
                                })>{point_label(point)}</button>
                        }
                    })
                    .collect_view();
                view! {
                    <fieldset class="evaluation-statement" data-testid="evaluation-statement">
                        <legend>{statement}</legend>
                        <div class="poll-answers scale">{buttons}</div>
                    </fieldset>
                }
            })
            .collect_view();
        let nothing_given = move || points.with(|points| points.iter().all(|point| *point == LEFT_OUT));
        view! {
            <form class="evaluation-form" on:submit=send>
                {rows}
                <label class="evaluation-comment">"Anything else you want to tell us? (optional)"
                    <textarea rows="3" data-testid="evaluation-comment" maxlength=MAX_TEXT_CHARS.to_string() disabled=!open
                        prop:value=move || comment.get() on:input=move |event| comment.set(event_target_value(&event))></textarea>
                </label>
                {open.then(|| view! {
                    <button type="submit" data-testid="send-evaluation" disabled=nothing_given>
                        {move || if sent.get() { "Send my changes" } else { "Send my answers" }}</button>
                })}
                <p class="hint" role="status" data-testid="poll-status">{move || match (status, sent.get(), governance.facilitates()) {
                    (PollStatus::Open, _, true) => "People answer on their own devices; nobody sees who answered what.",
                    (PollStatus::Open, true, false) => "Thank you, your answers are in. You can change them until the evaluation closes.",
                    (PollStatus::Open, false, false) => "Tap what fits; skip any you prefer not to answer. Nobody sees who answered what.",
                    _ => "The evaluation is closed. Thank you.",
                }}</p>
            </form>
        }
        .into_any()
    }
}

/// Each statement's averages by perspective, and the comments.
#[component]
pub fn EvaluationResults(
    /// The evaluation, with results.
    poll: Poll,
) -> impl IntoView {
    let Some(results) = poll.results.clone() else { return ().into_any() };
    let seen: Vec<_> = results.statements.iter().map(|statement| statement.agreement()).collect();
    let columns: Vec<usize> = (0..3).filter(|at| seen.iter().any(|seen| seen.averages[*at].is_some())).collect();
    let people: u32 = results.answered.iter().sum();
    let rows = poll
        .options
        .iter()
        .zip(results.statements.iter().zip(&seen))
        .map(|(statement, (counts, seen))| {
            let badge = match seen.scale_alike {
                Some(false) => view! { " " <span class="badge seen-differently" data-testid="seen-differently">"Seen differently"</span> }.into_any(),
                Some(true) => view! { " " <span class="badge common-ground">"Seen alike"</span> }.into_any(),
                None => ().into_any(),
            };
            view! {
                <tr>
                    <th scope="row">{statement.clone()}{badge}</th>
                    {columns.iter().map(|at| view! { <td data-label=PERSPECTIVES[*at]>{seen.averages[*at].map(said).unwrap_or_else(|| "–".to_owned())}</td> }).collect_view()}
                    <td data-label="Everyone">{counts.average().map(said).unwrap_or_else(|| "–".to_owned())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="by-perspective evaluation-results" data-testid="evaluation-results">
            <h3>"How it was, by perspective"</h3>
            <table>
                <caption class="hint">{match people { 1 => "1 person answered. ".to_owned(), count => format!("{count} people answered. ") }}
                    {format!("Average answer, from 1 ({}) to {POINTS} ({}).", point_label(1), point_label(POINTS))}</caption>
                <thead><tr><th scope="col">"Statement"</th>
                    {columns.iter().map(|at| view! { <th scope="col">{PERSPECTIVES[*at]}</th> }).collect_view()}
                    <th scope="col">"Everyone"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {(!results.texts.is_empty()).then(|| view! {
                <h4>"Comments"</h4>
                <ul class="open-answers" data-testid="evaluation-comments">
                    {results.texts.iter().map(|text| view! { <li>{text.clone()}</li> }).collect_view()}
                </ul>
            })}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_average_is_said_with_the_nearest_answer() {
        assert_eq!(said(4.5), "4.5 · Completely");
        assert_eq!(said(4.4), "4.4 · Mostly");
        assert_eq!(said(1.0), "1.0 · Not at all");
        assert_eq!(said(2.6), "2.6 · Partly");
    }
}
