//! The problem statement, written together.

use leptos::prelude::*;
use polyphony_shared::{Section, TextField};

use crate::components::collab_text::CollabText;
use crate::components::lock_note::LockNote;

/// The shared problem statement.
#[component]
pub fn ProblemStatement() -> impl IntoView {
    view! {
        <section class="panel problem" aria-labelledby="problem-heading">
            <h2 id="problem-heading">"Problem statement"</h2>
            <p class="hint">"What is the need, seen by citizens and by professionals?"</p>
            <LockNote section=Section::ProblemStatement />
            <CollabText field=TextField::ProblemStatement label="Problem statement".to_owned()
                placeholder="Describe the problem together…" rows=4 testid="problem-statement" />
        </section>
    }
}
