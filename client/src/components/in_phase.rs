//! Shows a section in the phases that include it: participants see only the current
//! phase's sections; facilitators see every section, marked when participants do not.

use leptos::prelude::*;
use polyphony_shared::Section;

use crate::governance::Governance;

/// A board section shown according to the current phase.
#[component]
pub fn InPhase(
    /// Which section this is.
    section: Section,
    /// The section itself.
    children: ChildrenFn,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let shown = governance.shows(section);
    move || match (shown.get(), governance.facilitates()) {
        (true, _) => Some(children().into_any()),
        (false, true) => Some(
            view! {
                <div class="off-phase" data-testid=format!("off-phase-{}", section.as_str())>
                    <p class="hint">"Participants do not see this section in this phase."</p>
                    {children()}
                </div>
            }
            .into_any(),
        ),
        (false, false) => None,
    }
}
