//! Results carried forward: where a carried card or question came from (a link back to
//! its activity, which a person can look back at once it is finished), the agreed mark on a
//! challenge question, and the facilitator's button that sets it.

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::agenda::{ActivityKind, ActivityState, Link};
use polyphony_shared::item_ids::QuestionId;

use crate::components::activity_screen::LookingBack;
use crate::governance::Governance;

/// "From …": the activity a carried item came from. Tapping it looks back at that
/// activity once it is finished.
#[component]
pub fn CarriedFrom(
    /// Where the item came from, if it was carried.
    from: Option<Link>,
) -> impl IntoView {
    let from = from?;
    let governance = expect_context::<Governance>();
    let looking_back = use_context::<LookingBack>();
    let source = governance.view.with_untracked(|view| view.activities.get(&from.activity).cloned())?;
    let label = format!("From “{}”", source.title);
    let finished = source.state == ActivityState::Done;
    Some(match (finished, looking_back) {
        (true, Some(looking_back)) => view! {
            <button type="button" class="carried-from link" data-testid="carried-from"
                title="Look back at where this came from"
                on:click=move |_| looking_back.0.set(Some(from.activity))>{"↩ "}{label}</button>
        }
        .into_any(),
        _ => view! { <span class="carried-from" data-testid="carried-from">{"↩ "}{label}</span> }.into_any(),
    })
}

/// The agreed mark on a challenge question, and for facilitators the button that sets it.
#[component]
pub fn AgreedMark(
    /// The question.
    id: QuestionId,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    // The challenge-questions activity shown here, if this is one.
    let activity = Memo::new(move |_| {
        governance.view.with(|view| {
            view.activities
                .values()
                .find(|activity| {
                    activity.kind == ActivityKind::ChallengeQuestions && activity.document() == governance.document()
                })
                .map(|activity| (activity.id, activity.agreed.clone()))
        })
    });
    let question = StoredValue::new(id);
    let agreed = move || {
        activity.with(|activity| {
            activity.as_ref().is_some_and(|(_, agreed)| agreed.as_ref() == Some(&question.get_value()))
        })
    };
    move || {
        let (activity, _) = activity.get()?;
        let facilitates = governance.facilitates();
        Some(match (agreed(), facilitates) {
            (true, true) => view! {
                <button type="button" class="agreed small" aria-pressed="true" data-testid="agreed"
                    on:click=move |_| governance.command(Command::AgreeQuestion { activity, question: None })>
                    "✓ Agreed"</button>
            }
            .into_any(),
            (true, false) => view! { <p class="agreed" data-testid="agreed">"✓ Agreed"</p> }.into_any(),
            (false, true) => view! {
                <button type="button" class="secondary small" aria-pressed="false" data-testid="agree"
                    on:click=move |_| governance.command(Command::AgreeQuestion { activity, question: Some(question.get_value()) })>
                    "Mark as agreed"</button>
            }
            .into_any(),
            (false, false) => ().into_any(),
        })
    }
}
