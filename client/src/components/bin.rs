//! Deleting cards and questions without losing them: one tap deletes, a notice offers to
//! undo it at once, and facilitators find everything deleted in the bin, to restore it or
//! delete it for good.

use std::time::Duration;

use leptos::prelude::*;
use polyphony_shared::{ItemKind, Section};

use crate::sync::BoardHandle;

/// How long the "deleted · undo" notice stays.
const NOTICE_FOR: Duration = Duration::from_secs(10);

/// What this page deleted last, for the undo notice. Provided by the board page.
#[derive(Clone, Copy)]
pub struct LastDeleted(RwSignal<Option<(ItemKind, String)>>);

impl LastDeleted {
    /// Nothing deleted yet.
    pub fn new() -> Self {
        LastDeleted(RwSignal::new(None))
    }
}

impl Default for LastDeleted {
    fn default() -> Self {
        LastDeleted::new()
    }
}

/// The section an item of `kind` belongs to (its lock applies).
fn section_of(kind: ItemKind) -> Section {
    match kind {
        ItemKind::Card => Section::Ideas,
        ItemKind::Question => Section::Questions,
    }
}

fn name_of(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Card => "Card",
        ItemKind::Question => "Question",
    }
}

/// Deletes a card or question from this page and offers to undo it.
pub fn delete_item(board: BoardHandle, last: LastDeleted, kind: ItemKind, id: String) {
    let last = last.0;
    let at_ms = js_sys::Date::now();
    let target = id.clone();
    board.edit(section_of(kind), move |doc, txn| match kind {
        ItemKind::Card => doc.delete_card(txn, &target, at_ms),
        ItemKind::Question => doc.delete_question(txn, &target, at_ms),
    });
    let shown = Some((kind, id));
    last.set(shown.clone());
    set_timeout(
        move || {
            if last.get_untracked() == shown {
                last.set(None);
            }
        },
        NOTICE_FOR,
    );
}

/// Puts a deleted item back.
fn restore(board: BoardHandle, kind: ItemKind, id: String) {
    board.edit(section_of(kind), move |doc, txn| doc.restore(txn, kind, &id));
}

/// "Card deleted · Undo", at the bottom of the screen for a few seconds after a delete.
#[component]
pub fn DeletedNotice() -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let last = expect_context::<LastDeleted>().0;
    view! {
        <div class="deleted-notice" role="status" aria-live="polite">
            {move || last.get().map(|(kind, id)| view! {
                <p data-testid="deleted-notice">
                    {format!("{} deleted.", name_of(kind))}
                    <button type="button" class="small" data-testid="undo-delete"
                        on:click=move |_| { restore(board, kind, id.clone()); last.set(None); }>"Undo"</button>
                </p>
            })}
        </div>
    }
}

/// The bin, for facilitators: what was deleted, to restore or delete for good.
#[component]
pub fn Bin() -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let deleted = Memo::new(move |_| board.snapshot.with(|snapshot| snapshot.deleted.clone()));
    view! {
        <details class="bin" data-testid="bin">
            <summary>{move || format!("Deleted cards and questions ({})", deleted.with(Vec::len))}</summary>
            {move || deleted.with(Vec::is_empty).then(|| view! { <p class="hint">"Nothing deleted."</p> })}
            <ul>
                {move || deleted.get().into_iter().map(|item| {
                    let (kind, restore_id, purge_id) = (item.kind, item.id.clone(), item.id.clone());
                    let text = if item.text.trim().is_empty() { "(empty)".to_owned() } else { item.text.clone() };
                    view! {
                        <li data-testid=format!("deleted-{}", item.id)>
                            <span class="bin-text">{format!("{}: {text}", name_of(kind))}</span>
                            <span class="hint">{ago(item.at_ms)}</span>
                            <button type="button" class="small" data-testid="restore-deleted"
                                on:click=move |_| restore(board, kind, restore_id.clone())>"Restore"</button>
                            <button type="button" class="danger small" data-testid="purge-deleted"
                                on:click=move |_| {
                                    let id = purge_id.clone();
                                    board.edit(section_of(kind), move |doc, txn| doc.purge(txn, kind, &id));
                                }>"Delete for good"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
}

/// "deleted 5 min ago".
fn ago(at_ms: f64) -> String {
    let minutes = ((js_sys::Date::now() - at_ms) / 60_000.0).floor();
    match minutes {
        m if m < 1.0 => "deleted just now".to_owned(),
        m if m < 120.0 => format!("deleted {m} min ago"),
        m => format!("deleted {} h ago", (m / 60.0).floor()),
    }
}
