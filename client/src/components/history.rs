//! The facilitator's history: restore points of the board (taken every few minutes while
//! people write, before every phase change and every restore, or by hand), a look at what
//! one holds, and going back to it, for the whole board or one card.

use leptos::prelude::*;
use leptos::task::spawn_local;
use polyphony_shared::Command;
use polyphony_shared::history::{PointInfo, PointPreview};
use polyphony_shared::item_ids::CardId;
use wasm_bindgen::JsValue;

use crate::api;
use crate::governance::Governance;

/// The history section of the facilitator panel.
#[component]
pub fn History() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let points = RwSignal::new(Vec::<PointInfo>::new());
    let shown = RwSignal::new(None::<PointPreview>);
    let label = RwSignal::new(String::new());
    let refresh = move || {
        let (board, token) = (governance.board(), governance.token());
        spawn_local(async move {
            if let Ok(listed) = api::points(board, &token).await {
                points.set(listed);
            }
        });
    };
    let look = move |id: u64| {
        let (board, token) = (governance.board(), governance.token());
        spawn_local(async move {
            if let Ok(preview) = api::point_preview(board, &token, id).await {
                shown.set(Some(preview));
            }
        });
    };
    let go_back = move |point: u64, card: Option<CardId>| {
        governance.send(Command::GoBack { point, card }, move |_| {
            shown.set(None);
            refresh();
        });
    };
    view! {
        <details class="history" data-testid="history" on:toggle=move |_| refresh()>
            <summary>"History: go back to an earlier moment"</summary>
            <p class="hint">"The board is saved every few minutes while people write, and before every phase change. Going back keeps the present too: it is saved first."</p>
            <form class="row" on:submit=move |event| {
                event.prevent_default();
                let name = label.get_untracked();
                let name = if name.trim().is_empty() { "Saved by the facilitator".to_owned() } else { name };
                governance.send(Command::SavePoint { label: name }, move |_| {
                    label.set(String::new());
                    refresh();
                });
            }>
                <input type="text" maxlength="60" placeholder="Name this moment (optional)" aria-label="Name of the restore point"
                    data-testid="point-label" prop:value=move || label.get() on:input=move |event| label.set(event_target_value(&event)) />
                <button type="submit" class="secondary small" data-testid="save-point">"Save this moment"</button>
            </form>
            <ul class="points">
                {move || points.get().into_iter().map(|point| {
                    let id = point.id;
                    view! {
                        <li data-testid=format!("point-{id}")>
                            <span>{format!("{} · {}", clock(point.id), point.label)}</span>
                            <span class="hint">{format!(" {} cards, {} questions ", point.cards, point.questions)}</span>
                            <button type="button" class="small" data-testid="preview-point" on:click=move |_| look(id)>"Look"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || shown.get().map(|preview| {
                let point = preview.info.id;
                view! {
                    <section class="point-preview" data-testid="point-preview" aria-label="What the board held then">
                        <h3>{format!("{} · {}", clock(point), preview.info.label)}</h3>
                        <p class="point-statement">{preview.problem_statement.clone()}</p>
                        <ul>{preview.questions.iter().map(|question| view! { <li>{question.clone()}</li> }).collect_view()}</ul>
                        <ul class="point-cards">
                            {preview.cards.into_iter().map(|card| {
                                let id = card.id.clone();
                                let back = (!card.unchanged).then(|| view! {
                                    <button type="button" class="small" data-testid=format!("bring-back-{id}")
                                        on:click=move |_| go_back(point, Some(id.clone()))>"Bring this card back"</button>
                                });
                                let text = if card.text.is_empty() { "(hidden card)".to_owned() } else { card.text };
                                view! { <li>{text} {back}</li> }
                            }).collect_view()}
                        </ul>
                        <button type="button" class="danger small" data-testid="go-back"
                            on:click=move |_| {
                                let sure = window().confirm_with_message("Bring the whole board back to this moment? What was added since goes to the bin.");
                                if sure.unwrap_or(false) {
                                    go_back(point, None);
                                }
                            }>"Go back to this moment"</button>
                    </section>
                }
            })}
        </details>
    }
}

/// A point's time of day, in the browser's time zone ("14:05").
fn clock(id: u64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(id as f64));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}
