//! The problem statement, written together.

use leptos::prelude::*;
use polyphony_shared::TextField;

use crate::components::collab_text::CollabText;

/// The shared problem statement.
#[component]
pub fn ProblemStatement() -> impl IntoView {
    view! {
        <section class="panel problem" aria-labelledby="problem-heading">
            <h2 id="problem-heading">"Problem statement"</h2>
            <p class="hint">"What is the need, seen by citizens and by professionals?"</p>
            <CollabText field=TextField::ProblemStatement label="Problem statement".to_owned()
                placeholder="Describe the problem together…" rows=4 testid="problem-statement" />
        </section>
    }
}
