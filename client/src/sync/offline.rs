//! Saving a board's replica in `localStorage`, so edits survive a reload while offline.
//!
//! The whole document is stored as one v1 update (base64), plus the number of edits the
//! server has not confirmed, and the board's metadata so its title shows offline too.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use leptos::prelude::window;
use polyphony_shared::{BoardId, BoardInfo, DocName};

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn key(kind: &str, board: BoardId) -> String {
    format!("polyphony.{kind}.{board}")
}

/// The key of something kept for one of a board's documents (the content's keeps the key
/// it always had).
fn doc_key(kind: &str, board: BoardId, doc: DocName) -> String {
    match doc {
        DocName::Content => key(kind, board),
        other => format!("polyphony.{kind}.{board}.{other}"),
    }
}

/// The saved replica of one of a board's documents, if any.
pub fn load_doc(board: BoardId, doc: DocName) -> Option<Vec<u8>> {
    let text = storage()?.get_item(&doc_key("doc", board, doc)).ok()??;
    STANDARD.decode(text).ok()
}

/// Saves a document's replica; a full storage is logged and otherwise ignored.
pub fn save_doc(board: BoardId, doc: DocName, state: &[u8]) {
    if let Some(storage) = storage()
        && storage.set_item(&doc_key("doc", board, doc), &STANDARD.encode(state)).is_err()
    {
        leptos::logging::warn!("could not save the board in this browser (storage full?)");
    }
}

/// Drops the saved replica of a document.
pub fn forget_doc(board: BoardId, doc: DocName) {
    if let Some(storage) = storage() {
        storage.remove_item(&doc_key("doc", board, doc)).ok();
    }
}

/// Edits made offline and not yet confirmed.
pub fn load_pending(board: BoardId, doc: DocName) -> u32 {
    storage()
        .and_then(|storage| storage.get_item(&doc_key("pending", board, doc)).ok().flatten())
        .and_then(|text| text.parse().ok())
        .unwrap_or(0)
}

/// Records the number of unconfirmed edits.
pub fn save_pending(board: BoardId, doc: DocName, pending: u32) {
    if let Some(storage) = storage() {
        storage.set_item(&doc_key("pending", board, doc), &pending.to_string()).ok();
    }
}

/// The board's metadata as last seen online.
pub fn load_info(board: BoardId) -> Option<BoardInfo> {
    let text = storage()?.get_item(&key("info", board)).ok()??;
    crate::api::board_info_from(&crate::json::parse(&text)?)
}

/// Remembers the board's metadata for offline use.
pub fn save_info(info: &BoardInfo) {
    if let (Some(storage), Some(text)) = (storage(), crate::api::board_info_json(info)) {
        storage.set_item(&key("info", info.id), &text).ok();
    }
}

/// This browser's pass for a board, if it joined before.
pub fn load_pass(board: BoardId) -> Option<crate::api::Pass> {
    crate::api::Pass::from_json(&storage()?.get_item(&key("pass", board)).ok()??)
}

/// Keeps the pass for a board, so a reload (even offline) does not join again.
pub fn save_pass(board: BoardId, pass: &crate::api::Pass) {
    if let (Some(storage), Some(text)) = (storage(), pass.to_json()) {
        storage.set_item(&key("pass", board), &text).ok();
    }
}

/// Forgets everything this browser kept of a board: its documents, pass, title, keys
/// and notes (every key that names it).
pub fn forget_board(board: BoardId) {
    let Some(storage) = storage() else { return };
    let id = board.to_string();
    let count = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..count).filter_map(|index| storage.key(index).ok().flatten()).collect();
    for key in keys.iter().filter(|key| key.starts_with("polyphony.") && key.contains(&id)) {
        storage.remove_item(key).ok();
    }
}

/// Reads a string kept for this browser (such as the person's profile).
pub fn load_text(name: &str) -> Option<String> {
    storage()?.get_item(&format!("polyphony.{name}")).ok()?
}

/// Reads and forgets a string kept for this browser.
pub fn take_text(name: &str) -> Option<String> {
    let text = load_text(name)?;
    storage()?.remove_item(&format!("polyphony.{name}")).ok();
    Some(text)
}

/// Keeps a string for this browser.
pub fn save_text(name: &str, text: &str) {
    if let Some(storage) = storage() {
        storage.set_item(&format!("polyphony.{name}"), text).ok();
    }
}
