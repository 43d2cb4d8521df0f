//! Why a section cannot be changed now (locked by the facilitator, or following only),
//! shown at the top of the section, where the person is looking.

use leptos::prelude::*;
use polyphony_shared::Section;

use crate::governance::Governance;

/// The reason `section` is read-only for me, when it is.
#[component]
pub fn LockNote(
    /// The section.
    section: Section,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let refusal = governance.refusal(section);
    move || {
        refusal.get().map(|reason| {
            view! { <p class="lock-note" role="status" data-testid=format!("lock-note-{}", section.as_str())>"🔒 " {reason}</p> }
        })
    }
}
