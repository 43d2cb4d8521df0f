//! The eco-map as a list: the centre, then each person or service with its ties, each
//! field editable with the keyboard; every change a drag could make is possible here.

use leptos::prelude::*;
use polyphony_shared::ecomap::doc::{NodeField, TieField};
use polyphony_shared::ecomap::{
    CENTRE, Category, EcoMap, Flow, MAX_NAME_CHARS, MAX_NOTE_CHARS, Node, Strength, Tie, phrase,
};
use polyphony_shared::names::Named;

use super::Picked;
use crate::sync::BoardHandle;

/// The list.
#[component]
pub fn MapList(
    /// The map, followed live.
    map: ReadSignal<EcoMap>,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let centre = move || map.with(|map| map.centre.clone());
    let set_centre = move |name: Option<String>, members: Option<String>| {
        let mut centre = map.with_untracked(|map| map.centre.clone());
        centre.name = name.unwrap_or(centre.name);
        centre.members = members.unwrap_or(centre.members);
        board.edit_map(move |doc, txn| doc.set_centre(txn, &centre));
    };
    view! {
        <div class="ecomap-list" data-testid="ecomap-list">
            <fieldset class="ecomap-centre">
                <legend>"In the middle"</legend>
                <label>"Who is at the centre" <input type="text" data-testid="centre-name" maxlength=MAX_NAME_CHARS.to_string()
                    placeholder="The Jansen family" prop:value=move || centre().name
                    on:change=move |event| set_centre(Some(event_target_value(&event)), None) /></label>
                <label>"Who belongs to it" <input type="text" data-testid="centre-members" maxlength=MAX_NOTE_CHARS.to_string()
                    placeholder="Mila, her mother Ana, baby Tom" prop:value=move || centre().members
                    on:change=move |event| set_centre(None, Some(event_target_value(&event))) /></label>
            </fieldset>
            <AddNode map=map />
            <h3>"People and services"</h3>
            <ul class="ecomap-nodes">
                <For each=move || map.with(|map| map.nodes.clone()) key=|node| node.id.clone() let:node>
                    <NodeItem node=node map=map />
                </For>
            </ul>
            <h3>"Ties"</h3>
            <ul class="ecomap-ties">
                <For each=move || map.with(|map| map.ties.clone()) key=|tie| tie.id.clone() let:tie>
                    <TieItem id=tie.id map=map />
                </For>
            </ul>
            <AddTie map=map />
        </div>
    }
}

/// "Add a person or service": a name and a kind, tied to the centre unless unticked.
#[component]
fn AddNode(map: ReadSignal<EcoMap>) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let name = RwSignal::new(String::new());
    let category = RwSignal::new(Category::Family);
    let tied = RwSignal::new(true);
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let written = name.get_untracked().trim().to_owned();
        if written.is_empty() {
            return;
        }
        let (x, y) = map.with_untracked(EcoMap::free_spot);
        let node =
            Node { id: board.new_id(), name: written, category: category.get_untracked(), note: String::new(), x, y };
        let tie = tied.get_untracked().then(|| Tie {
            id: board.new_id(),
            a: CENTRE.into(),
            b: node.id.clone(),
            ..Tie::default()
        });
        board.edit_map(move |doc, txn| {
            doc.add_node(txn, &node);
            if let Some(tie) = &tie {
                doc.add_tie(txn, tie);
            }
        });
        name.set(String::new());
    };
    view! {
        <form class="ecomap-add" on:submit=add>
            <label>"Add a person or service" <input type="text" data-testid="node-name" maxlength=MAX_NAME_CHARS.to_string()
                placeholder="Grandma, school, GP…" prop:value=move || name.get() on:input=move |event| name.set(event_target_value(&event)) /></label>
            <label>"Kind" <CategoryChoice chosen=Signal::from(category.read_only()) on_choose=move |chosen| category.set(chosen) testid="node-category" /></label>
            <label class="choice"><input type="checkbox" prop:checked=move || tied.get() data-testid="node-tied"
                on:change=move |event| tied.set(event_target_checked(&event)) />"Tie it to the middle"</label>
            <button type="submit" data-testid="add-node">"Add"</button>
        </form>
    }
}

/// A select of the categories.
#[component]
fn CategoryChoice(
    chosen: Signal<Category>,
    on_choose: impl Fn(Category) + 'static,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <select data-testid=testid on:change=move |event| {
            if let Some(category) = Category::named(&event_target_value(&event)) { on_choose(category); }
        }>
            {Category::ALL.iter().map(|category| view! {
                <option value=category.as_str() selected=move || chosen.get() == *category>{category.icon()} " " {category.label()}</option>
            }).collect_view()}
        </select>
    }
}

/// One person or service, editable.
#[component]
fn NodeItem(node: Node, map: ReadSignal<EcoMap>) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let picked = expect_context::<Picked>();
    let id = node.id.clone();
    let current = {
        let id = id.clone();
        Memo::new(move |_| map.with(|map| map.node(&id).cloned().unwrap_or_default()))
    };
    let set = {
        let id = id.clone();
        move |field: NodeField| {
            let id = id.clone();
            board.edit_map(move |doc, txn| doc.set_node(txn, &id, field));
        }
    };
    let (set_name, set_note) = (set.clone(), set.clone());
    let remove = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            board.edit_map(move |doc, txn| doc.remove_node(txn, &id));
        }
    };
    let is_picked = {
        let id = id.clone();
        move || picked.0.with(|picked| picked.as_deref() == Some(id.as_str()))
    };
    view! {
        <li class="ecomap-node" class:picked=is_picked data-testid=format!("node-{id}") data-id=id.clone()>
            <label>"Name" <input type="text" maxlength=MAX_NAME_CHARS.to_string() prop:value=move || current.get().name
                on:change=move |event| set_name(NodeField::Name(event_target_value(&event))) /></label>
            <label>"Kind" <CategoryChoice chosen=Signal::derive(move || current.get().category)
                on_choose=move |category| set(NodeField::Category(category)) testid="node-kind" /></label>
            <label>"Note" <input type="text" maxlength=MAX_NOTE_CHARS.to_string() prop:value=move || current.get().note
                on:change=move |event| set_note(NodeField::Note(event_target_value(&event))) /></label>
            <button type="button" class="secondary small" on:click=remove
                aria-label=move || format!("Remove {}", current.get().name)>"Remove"</button>
        </li>
    }
}

/// One tie: what it is like, in words, and its strength, stress, flow and note to change.
#[component]
fn TieItem(id: String, map: ReadSignal<EcoMap>) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let picked = expect_context::<Picked>();
    let current = {
        let id = id.clone();
        Memo::new(move |_| map.with(|map| map.ties.iter().find(|tie| tie.id == id).cloned().unwrap_or_default()))
    };
    let line = move || map.with(|map| phrase::tie_line(map, &current.get()));
    let names = move || {
        map.with(|map| {
            let tie = current.get();
            (map.end_name(&tie.a), map.end_name(&tie.b))
        })
    };
    let set = {
        let id = id.clone();
        move |field: TieField| {
            let id = id.clone();
            board.edit_map(move |doc, txn| doc.set_tie(txn, &id, field));
        }
    };
    let (set_flow, set_stress, set_note) = (set.clone(), set.clone(), set.clone());
    let remove = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            board.edit_map(move |doc, txn| doc.remove_tie(txn, &id));
        }
    };
    let is_picked = {
        let id = id.clone();
        move || picked.0.with(|picked| picked.as_deref() == Some(id.as_str()))
    };
    view! {
        <li class="ecomap-tie" class:picked=is_picked data-testid=format!("tie-{id}") data-id=id.clone()>
            <p class="tie-line" data-testid="tie-line">{line}</p>
            <div class="tie-fields">
                <label>"Tie" <select data-testid="tie-strength" on:change=move |event| {
                    if let Some(strength) = Strength::named(&event_target_value(&event)) { set(TieField::Strength(strength)); }
                }>
                    {Strength::ALL.iter().map(|strength| view! {
                        <option value=strength.as_str() selected=move || current.get().strength == *strength>{strength.as_str()}</option>
                    }).collect_view()}
                </select></label>
                <label class="choice"><input type="checkbox" data-testid="tie-stressful" prop:checked=move || current.get().stressful
                    on:change=move |event| set_stress(TieField::Stressful(event_target_checked(&event))) />"Stressful"</label>
                <label>"Help flows" <select data-testid="tie-flow" on:change=move |event| {
                    if let Some(flow) = Flow::named(&event_target_value(&event)) { set_flow(TieField::Flow(flow)); }
                }>
                    {Flow::ALL.iter().map(|flow| view! {
                        <option value=flow.as_str() selected=move || current.get().flow == *flow>{move || {
                            let (a, b) = names();
                            match flow {
                                Flow::None => "not marked".to_owned(),
                                Flow::Forward => format!("{a} → {b}"),
                                Flow::Back => format!("{b} → {a}"),
                                Flow::Both => "both ways".to_owned(),
                            }
                        }}</option>
                    }).collect_view()}
                </select></label>
                <label>"Note" <input type="text" maxlength=MAX_NOTE_CHARS.to_string() prop:value=move || current.get().note
                    on:change=move |event| set_note(TieField::Note(event_target_value(&event))) /></label>
                <button type="button" class="secondary small" on:click=remove>"Remove tie"</button>
            </div>
        </li>
    }
}

/// "Add a tie": between any two ends, by their names.
#[component]
fn AddTie(map: ReadSignal<EcoMap>) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let ends = move || {
        map.with(|map| {
            std::iter::once((CENTRE.to_owned(), map.end_name(CENTRE)))
                .chain(map.nodes.iter().map(|node| (node.id.clone(), node.name.clone())))
                .collect::<Vec<_>>()
        })
    };
    let (a, b) = (RwSignal::new(CENTRE.to_owned()), RwSignal::new(String::new()));
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (a, b) = (a.get_untracked(), b.get_untracked());
        if a == b || b.is_empty() {
            return;
        }
        let tie = Tie { id: board.new_id(), a, b, ..Tie::default() };
        board.edit_map(move |doc, txn| doc.add_tie(txn, &tie));
    };
    let choice = move |chosen: RwSignal<String>, testid: &'static str| {
        view! {
            <select data-testid=testid on:change=move |event| chosen.set(event_target_value(&event))>
                <option value="" selected=move || chosen.get().is_empty()>"Choose…"</option>
                {move || ends().into_iter().map(|(id, name)| {
                    let value = id.clone();
                    view! { <option value=id selected=move || chosen.get() == value>{name}</option> }
                }).collect_view()}
            </select>
        }
    };
    view! {
        <form class="ecomap-add" on:submit=add>
            <label>"Add a tie from " {choice(a, "tie-from")}</label>
            <label>" to " {choice(b, "tie-to")}</label>
            <button type="submit" data-testid="add-tie">"Add tie"</button>
        </form>
    }
}
