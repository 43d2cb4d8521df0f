//! Saving a board's replica in `localStorage`, so edits survive a reload while offline.
//!
//! The whole document is stored as one v1 update (base64), plus the number of edits the
//! server has not confirmed, and the board's metadata so its title shows offline too.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use leptos::prelude::window;
use polyphony_shared::{BoardId, BoardInfo};

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn key(kind: &str, board: BoardId) -> String {
    format!("polyphony.{kind}.{board}")
}

/// The saved replica of a board, if any.
pub fn load_doc(board: BoardId) -> Option<Vec<u8>> {
    let text = storage()?.get_item(&key("doc", board)).ok()??;
    STANDARD.decode(text).ok()
}

/// Saves a board's replica; a full storage is logged and otherwise ignored.
pub fn save_doc(board: BoardId, state: &[u8]) {
    if let Some(storage) = storage()
        && storage.set_item(&key("doc", board), &STANDARD.encode(state)).is_err()
    {
        leptos::logging::warn!("could not save the board in this browser (storage full?)");
    }
}

/// Edits made offline and not yet confirmed.
pub fn load_pending(board: BoardId) -> u32 {
    storage()
        .and_then(|storage| storage.get_item(&key("pending", board)).ok().flatten())
        .and_then(|text| text.parse().ok())
        .unwrap_or(0)
}

/// Records the number of unconfirmed edits.
pub fn save_pending(board: BoardId, pending: u32) {
    if let Some(storage) = storage() {
        storage.set_item(&key("pending", board), &pending.to_string()).ok();
    }
}

/// The board's metadata as last seen online.
pub fn load_info(board: BoardId) -> Option<BoardInfo> {
    let text = storage()?.get_item(&key("info", board)).ok()??;
    serde_json::from_str(&text).ok()
}

/// Remembers the board's metadata for offline use.
pub fn save_info(info: &BoardInfo) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(info)) {
        storage.set_item(&key("info", info.id), &text).ok();
    }
}

/// Reads a small JSON value kept for this browser (such as the person's name).
pub fn load_value<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    let text = storage()?.get_item(&format!("polyphony.{name}")).ok()??;
    serde_json::from_str(&text).ok()
}

/// Keeps a small JSON value for this browser.
pub fn save_value<T: serde::Serialize>(name: &str, value: &T) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(value)) {
        storage.set_item(&format!("polyphony.{name}"), &text).ok();
    }
}
