//! Challenge questions: "How might we …", added, edited together, reordered, deleted.

use leptos::prelude::*;
use polyphony_shared::item_ids::QuestionId;
use polyphony_shared::voting::VoteTarget;
use polyphony_shared::{ItemKind, Section, TextField};

use crate::components::bin::{LastDeleted, delete_item};
use crate::components::carried::{AgreedMark, CarriedFrom};
use crate::components::collab_text::CollabText;
use crate::components::item_votes::ItemVotes;
use crate::components::lock_note::LockNote;
use crate::components::take_draft;
use crate::governance::Governance;
use crate::sync::BoardHandle;

/// The list of challenge questions.
#[component]
pub fn Questions() -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let governance = expect_context::<Governance>();
    let refusal = governance.refusal(Section::Questions);
    let draft = RwSignal::new(String::new());
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        // While locked the question stays in its box, to be added later.
        if refusal.get_untracked().is_some() {
            return;
        }
        let Some(text) = take_draft(draft) else { return };
        let id = board.new_id();
        board.edit(Section::Questions, |doc, txn| doc.add_question(txn, &id, &text));
    };
    let ids = Memo::new(move |_| {
        board.snapshot.with(|snapshot| snapshot.questions.iter().map(|q| q.id.clone()).collect::<Vec<_>>())
    });
    view! {
        <section class="panel questions" aria-labelledby="questions-heading">
            <h2 id="questions-heading">"Challenge questions"</h2>
            <LockNote section=Section::Questions />
            <ol class="question-list" data-testid="questions">
                <For each=move || ids.get() key=|id| id.clone() children=move |id| view! { <QuestionItem id=id ids=ids /> } />
            </ol>
            <form class="add-row" on:submit=add>
                <input aria-label="New challenge question" data-testid="new-question" placeholder="How might we …"
                    prop:value=move || draft.get() on:input=move |event| draft.set(event_target_value(&event)) />
                <button type="submit" data-testid="add-question" disabled=move || refusal.get().is_some()
                    title=move || refusal.get()>"Add question"</button>
            </form>
        </section>
    }
}

/// One question with its reorder and delete buttons.
#[component]
fn QuestionItem(
    /// The question's id.
    id: QuestionId,
    /// All question ids in order, to know where this one stands.
    ids: Memo<Vec<QuestionId>>,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let refusal = expect_context::<Governance>().refusal(Section::Questions);
    let locked = move || refusal.get().is_some();
    let position_id = id.clone();
    let position = Memo::new(move |_| ids.with(|ids| ids.iter().position(|other| other == &position_id).unwrap_or(0)));
    let count = Memo::new(move |_| ids.with(Vec::len));
    let (up_id, down_id, delete_id) = (id.clone(), id.clone(), id.clone());
    let last_deleted = expect_context::<LastDeleted>();
    let from_id = id.clone();
    let from = move || {
        board.snapshot.with(|snapshot| {
            snapshot.questions.iter().find(|question| question.id == from_id).and_then(|question| question.from.clone())
        })
    };
    let move_to = move |id: QuestionId, index: usize| {
        board.edit(Section::Questions, move |doc, txn| doc.move_question(txn, &id, index))
    };
    view! {
        <li class="question">
            <CollabText field=TextField::Question(id.to_string()) label="Challenge question".to_owned() rows=2 testid=format!("question-{id}") />
            <div class="item-actions">
                <button class="secondary" aria-label="Move question up" disabled=move || locked() || position.get() == 0
                    on:click=move |_| move_to(up_id.clone(), position.get_untracked().saturating_sub(1))>"↑"</button>
                <button class="secondary" aria-label="Move question down" disabled=move || { locked() || position.get() + 1 >= count.get() }
                    on:click=move |_| move_to(down_id.clone(), position.get_untracked() + 1)>"↓"</button>
                <button class="danger" aria-label="Delete question" disabled=locked data-testid=format!("delete-question-{id}")
                    on:click=move |_| delete_item(board, last_deleted, ItemKind::Question, delete_id.to_string())>"✕"</button>
            </div>
            <ItemVotes id=id.to_string() target=VoteTarget::Questions />
            <div class="question-notes">
                <AgreedMark id=id.clone() />
                {move || view! { <CarriedFrom from=from() /> }}
            </div>
        </li>
    }
}
