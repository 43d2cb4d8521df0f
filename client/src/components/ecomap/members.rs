//! "Who may open this map": an eco-map holds a family's personal data, so a facilitator can
//! keep it to the people named here (the family and their worker). The server enforces it
//! for reading and writing, the projector included; facilitators always may. The projector
//! and exports leave the map out until the facilitator ticks "Show this map on the
//! projector and in exports".

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::erasure::shown_name;
use polyphony_shared::ids::{ActivityId, ParticipantId};

use crate::governance::Governance;

/// The facilitator's choice of who may open the map (nothing for anyone else).
#[component]
pub fn MapMembers(
    /// The eco-map's activity.
    activity: ActivityId,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    if !governance.facilitates() {
        return ().into_any();
    }
    let members = Memo::new(move |_| {
        governance
            .view
            .with(|view| view.activities.get(&activity).map(|activity| activity.members.clone()).unwrap_or_default())
    });
    let people = Memo::new(move |_| {
        governance.view.with(|view| {
            view.participants
                .values()
                .filter(|record| record.present() && record.participant.role.takes_part())
                .map(|record| (record.participant.id, shown_name(&record.participant.name).to_owned()))
                .collect::<Vec<_>>()
        })
    });
    let included = Memo::new(move |_| {
        governance.view.with(|view| view.activities.get(&activity).is_some_and(|activity| activity.in_outputs))
    });
    let include = move |event: leptos::ev::Event| {
        governance.command(Command::SetActivityOutputs { activity, include: event_target_checked(&event) });
    };
    let toggle = move |person: ParticipantId, invited: bool| {
        let mut chosen = members.get_untracked();
        if invited {
            chosen.insert(person);
        } else {
            chosen.remove(&person);
        }
        governance.command(Command::SetActivityMembers { activity, members: chosen.into_iter().collect() });
    };
    view! {
        <details class="ecomap-members" data-testid="map-members">
            <summary>{move || {
                let count = members.with(|members| members.len());
                if count == 0 { "Who may open this map: everyone on the board".to_owned() } else { format!("Who may open this map: {count} people and the facilitators") }
            }}</summary>
            <p class="hint">"An eco-map is personal. Tick the family and their worker to keep it to them: nobody else can open it."</p>
            <ul>
                {move || people.get().into_iter().map(|(id, name)| view! {
                    <li><label class="choice"><input type="checkbox" data-testid=format!("member-{name}")
                        prop:checked=move || members.with(|members| members.contains(&id))
                        on:change=move |event| toggle(id, event_target_checked(&event)) />{name.clone()}</label></li>
                }).collect_view()}
            </ul>
            <label class="choice"><input type="checkbox" data-testid="map-in-outputs" prop:checked=move || included.get()
                on:change=include />"Show this map on the projector and in exports"</label>
            <p class="hint">"Until you tick this, the projector and the workshop report leave the map out."</p>
        </details>
    }
    .into_any()
}
