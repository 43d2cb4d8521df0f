//! My private cards while private writing is on: each can be changed or taken back until
//! the facilitator reveals them all, and everyone sees how many ideas the room has written
//! (never what they say).

use leptos::prelude::*;
use polyphony_shared::item_ids::CardId;

use crate::governance::{Governance, MyDraft};

/// The private-writing box under the "add card" form.
#[component]
pub fn PrivateDrafts() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let progress = move || {
        governance.view.with(|view| progress_text(view.facilitation.private_ideas, view.facilitation.private_writers))
    };
    view! {
        <div class="private-drafts" data-testid="private-drafts">
            <p class="hint">"Private writing: your new ideas stay with you until the facilitator reveals them all. Until then you can change them or take them back."</p>
            <p class="private-progress" data-testid="private-progress" aria-live="polite">{progress}</p>
            // Keyed by card, so a row being changed or taken back keeps its state when
            // another row's answer arrives.
            <ul><For each=move || governance.my_drafts.with(|drafts| drafts.iter().map(|d| d.card.clone()).collect::<Vec<_>>())
                key=|card| card.clone() children=move |card| view! { <DraftItem card=card /> } /></ul>
        </div>
    }
}

/// What a draft row is doing.
#[derive(Clone, PartialEq)]
enum Mode {
    Reading,
    Changing(String),
    ConfirmingWithdrawal,
}

/// One of my private cards.
#[component]
fn DraftItem(
    /// The card id it was submitted with.
    card: CardId,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let mode = RwSignal::new(Mode::Reading);
    let testid = format!("draft-{card}");
    let stored = {
        let card = card.clone();
        Memo::new(move |_| governance.my_drafts.with(|drafts| drafts.iter().find(|d| d.card == card).cloned()))
    };
    let save = move || {
        let Mode::Changing(text) = mode.get_untracked() else { return };
        let text = text.trim().to_owned();
        let Some(draft) = stored.get_untracked().filter(|_| !text.is_empty()) else { return };
        mode.set(Mode::Reading);
        let changed = MyDraft { text: text.clone(), ..draft };
        // Turned down, the new wording stays in the box.
        governance.submit_card(changed, move |_| mode.set(Mode::Changing(text)));
    };
    let text = move || stored.with(|draft| draft.as_ref().map(|draft| draft.text.clone()).unwrap_or_default());
    let withdraw = move || governance.withdraw_card(card.clone());
    view! {
        <li data-testid=testid>
            {move || match mode.get() {
                Mode::Reading => view! {
                    <span class="draft-text">{text()}</span>
                    <span class="draft-actions">
                        <button type="button" class="secondary small" data-testid="change-draft"
                            on:click=move |_| mode.set(Mode::Changing(text()))>"Change"</button>
                        <button type="button" class="secondary small" data-testid="withdraw-draft"
                            on:click=move |_| mode.set(Mode::ConfirmingWithdrawal)>"Take back"</button>
                    </span>
                }.into_any(),
                Mode::Changing(current) => view! {
                    <form class="draft-edit" on:submit=move |event: leptos::ev::SubmitEvent| { event.prevent_default(); save(); }>
                        <textarea aria-label="Change your private idea" data-testid="draft-text" rows="2" maxlength="500"
                            prop:value=current autofocus=true
                            on:input=move |event| mode.set(Mode::Changing(event_target_value(&event)))></textarea>
                        <span class="draft-actions">
                            <button type="submit" class="small" data-testid="save-draft">"Save"</button>
                            <button type="button" class="secondary small" on:click=move |_| mode.set(Mode::Reading)>"Cancel"</button>
                        </span>
                    </form>
                }.into_any(),
                Mode::ConfirmingWithdrawal => view! {
                    <span class="draft-text">{text()}</span>
                    <span class="draft-actions" role="group" aria-label="Take this idea back?">
                        <button type="button" class="danger small" data-testid="confirm-withdraw"
                            on:click={
                                let withdraw = withdraw.clone();
                                move |_| withdraw()
                            }>"Yes, take it back"</button>
                        <button type="button" class="secondary small" on:click=move |_| mode.set(Mode::Reading)>"Keep it"</button>
                    </span>
                }.into_any(),
            }}
        </li>
    }
}

/// "5 ideas written privately so far, by 3 people."
pub fn progress_text(ideas: u32, writers: u32) -> String {
    match (ideas, writers) {
        (0, _) => "No private ideas written yet.".to_owned(),
        (1, _) => "1 idea written privately so far.".to_owned(),
        (ideas, 1) => format!("{ideas} ideas written privately so far, by 1 person."),
        (ideas, writers) => format!("{ideas} ideas written privately so far, by {writers} people."),
    }
}

#[cfg(test)]
mod tests {
    use super::progress_text;

    #[test]
    fn progress_reads_as_a_sentence() {
        assert_eq!(progress_text(0, 0), "No private ideas written yet.");
        assert_eq!(progress_text(1, 1), "1 idea written privately so far.");
        assert_eq!(progress_text(4, 1), "4 ideas written privately so far, by 1 person.");
        assert_eq!(progress_text(12, 5), "12 ideas written privately so far, by 5 people.");
    }
}
