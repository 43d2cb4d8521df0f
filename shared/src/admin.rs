//! The operator's admin API (`/api/admin/…`, behind the operator token): what it lists about
//! a board and the paths it answers, shared by the server, its `polyphony admin` command and
//! the tests.
//!
//! A listing holds what an operator needs to keep personal data no longer than allowed —
//! when a board was made, when someone last used it, how much it stores — and nothing a
//! participant wrote: no names, no cards.

use serde::{Deserialize, Serialize};

use crate::{BoardId, JoinCode};

/// `GET /api/admin/boards`: every stored board.
pub const BOARDS_PATH: &str = "/api/admin/boards";

/// `POST /api/admin/store-copy`: a consistent copy of the whole embedded store, taken while
/// the server serves (a redb file; `polyphony backup` asks for it). A server on Redis
/// answers 409: Redis's own persistence is what to back up there.
pub const STORE_COPY_PATH: &str = "/api/admin/store-copy";

/// One stored board, as the admin API lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminBoard {
    /// The board's id.
    pub id: BoardId,
    /// Its title.
    pub title: String,
    /// Its join code.
    pub join_code: JoinCode,
    /// When it was made, in milliseconds since the Unix epoch.
    pub created_at_ms: u64,
    /// When someone last opened it (at most an hour off while it is in use), in
    /// milliseconds since the Unix epoch; its creation if nobody has since.
    pub last_used_ms: u64,
    /// Bytes its documents, restore points and records take in the store.
    pub stored_bytes: u64,
    /// Whether it is loaded on the instance that answered (someone is on it now).
    pub loaded: bool,
    /// When the names of everyone in it were erased by the retention of data, if they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names_erased_ms: Option<u64>,
}

/// `DELETE` deletes the board and every record of it; `GET` with `/backup.json` appended
/// exports it as a backup file.
pub fn board_path(board: BoardId) -> String {
    format!("{BOARDS_PATH}/{board}")
}

/// `GET`: the board's backup file (everything in it), for a data subject's access request.
pub fn export_path(board: BoardId) -> String {
    format!("{}/backup.json", board_path(board))
}

/// The answer to deleting a board: sent only once the store was asked what it still holds
/// of the board and answered nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletedBoard {
    /// The deleted board's id.
    pub id: BoardId,
    /// When it had been made, in milliseconds since the Unix epoch.
    pub created_at_ms: u64,
}
