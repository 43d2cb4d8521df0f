//! People who take part without a device, for facilitators and supporters: add someone
//! (their name and perspective, as they give it), add their ideas, and give their dots and
//! answers for them ([`crate::governance::Governance::act_for`]).

use leptos::prelude::*;
use polyphony_shared::{Command, Participant, Perspective};

use crate::governance::Governance;

/// The people without a device, and what a helper does for them.
#[component]
pub fn AssistedPeople() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let people = Memo::new(move |_| {
        let mut people: Vec<Participant> = governance.view.with(|view| {
            view.participants
                .values()
                .filter(|record| record.assisted && !record.removed)
                .map(|record| record.participant.clone())
                .collect()
        });
        people.sort_by_key(|person| person.name.to_lowercase());
        people
    });
    let name = RwSignal::new(String::new());
    let perspective = RwSignal::new(Perspective::Citizen);
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let command = Command::AddAssisted { name: name.get_untracked(), perspective: perspective.get_untracked() };
        governance.send(command, move |_| name.set(String::new()));
    };
    // A supporter is here to help: the list starts open for them.
    let open = governance.role() == polyphony_shared::Role::Supporter;
    view! {
        <details class="panel assisted" open=open data-testid="assisted-people">
            <summary>{move || match people.with(Vec::len) {
                0 => "People without a device".to_owned(),
                count => format!("People without a device ({count})"),
            }}</summary>
            <p class="hint">"Someone taking part on paper or without a phone: add them here, then add their ideas and give their dots for them."</p>
            <form class="assisted-add" on:submit=add>
                <label>"Their name " <input maxlength="40" data-testid="assisted-name" autocomplete="off"
                    prop:value=move || name.get() on:input=move |event| name.set(event_target_value(&event)) /></label>
                <label>"Takes part as " <select data-testid="assisted-perspective"
                    on:change=move |event| perspective.set(Perspective::parse(&event_target_value(&event)))>
                    {Perspective::ALL.into_iter().map(|option| view! {
                        <option value=option.as_str() selected=option == Perspective::Citizen>{option.label()}</option>
                    }).collect_view()}
                </select></label>
                <button type="submit" data-testid="assisted-add">"Add this person"</button>
            </form>
            <ul class="assisted-list">
                <For each=move || people.get() key=|person| (person.id, person.name.clone()) let:person>
                    <AssistedPerson person=person />
                </For>
            </ul>
        </details>
    }
}

/// One person without a device: their idea to add, and their dots to give.
#[component]
fn AssistedPerson(person: Participant) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let idea = RwSignal::new(String::new());
    let (id, name) = (person.id, person.name.clone());
    let add_idea = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = idea.get_untracked();
        let card = format!("{}-{}", id, js_sys::Date::now() as u64).into();
        let command = Command::AddCard { card, text, colour: Default::default() };
        governance.send(Command::OnBehalf { person: id, command: Box::new(command) }, move |_| idea.set(String::new()));
    };
    let acting = move || governance.acting_for.with(|acting| acting.as_ref().is_some_and(|(person, _)| *person == id));
    let label = name.clone();
    let toggle = move |_| governance.act_for((!acting()).then(|| (id, label.clone())));
    view! {
        <li class="assisted-person" data-testid="assisted-person">
            <span class="assisted-who"><strong>{name.clone()}</strong> " · " {person.perspective.label()}</span>
            <form class="assisted-idea" on:submit=add_idea>
                <input maxlength="500" data-testid="assisted-idea" aria-label=format!("An idea of {name}'s")
                    placeholder=format!("{name}'s idea") prop:value=move || idea.get()
                    on:input=move |event| idea.set(event_target_value(&event)) />
                <button type="submit" class="small" data-testid="assisted-add-idea">"Add idea"</button>
            </form>
            <button type="button" class="small secondary" data-testid="act-for" aria-pressed=move || acting().to_string()
                on:click=toggle>{move || if acting() { "Back to my own dots" } else { "Give their dots and answers" }}</button>
        </li>
    }
}

/// Said in the bar that stays in view while this browser gives someone else's dots and
/// answers, with the way back.
#[component]
pub fn ActingForNote() -> impl IntoView {
    let governance = expect_context::<Governance>();
    move || {
        governance.acting_for.get().map(|(_, name)| view! {
            <p class="acting-for" role="status" data-testid="acting-for">
                "Giving " <strong>{name.clone()}</strong> "'s dots and answers "
                <button type="button" class="small secondary" on:click=move |_| governance.act_for(None)>"Back to mine"</button>
            </p>
        })
    }
}
