//! The second, explicit step before something that cannot be undone (deleting a board,
//! erasing one's name): a first button opens a question in plain words with "yes" and
//! "no" beside it; nothing happens until "yes".

use leptos::prelude::*;

/// A button that asks before it acts.
#[component]
pub fn SecondStep(
    /// The first button's words ("Delete this board…").
    start: &'static str,
    /// The question, in plain words, saying it cannot be undone.
    question: &'static str,
    /// The "yes" button's words.
    yes: &'static str,
    /// The "no" button's words.
    no: &'static str,
    /// The prefix of the test ids: `{id}`, `{id}-question`, `{id}-confirm`, `{id}-cancel`.
    id: &'static str,
    /// Class of the first button (`danger`, `secondary`).
    class: &'static str,
    /// Set while the action runs: "yes" is disabled meanwhile.
    working: RwSignal<bool>,
    /// What "yes" does.
    on_yes: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    view! {
        <Show when=move || asking.get() fallback=move || view! {
            <button type="button" class=class data-testid=id on:click=move |_| asking.set(true)>{start}</button>
        }>
            <p class="warning" role="alert" data-testid=format!("{id}-question")>{question}</p>
            <div class="actions">
                <button type="button" class="danger" data-testid=format!("{id}-confirm")
                    disabled=move || working.get() on:click=move |_| on_yes.run(())>{yes}</button>
                <button type="button" class="secondary" data-testid=format!("{id}-cancel")
                    on:click=move |_| asking.set(false)>{no}</button>
            </div>
        </Show>
    }
}
