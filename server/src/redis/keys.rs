//! The Redis key layout. Every key of a board carries the board id as a hash tag (`{…}`), so
//! Redis Cluster keeps a board on one shard and the scripts that touch several of its keys
//! stay atomic there.
//!
//! | Key | Type | Holds |
//! |-----|------|-------|
//! | `polyphony:{<board>}:info` | string | the board's metadata (JSON [`polyphony_shared::BoardInfo`]) |
//! | `polyphony:{<board>}:used` | string | when someone last opened the board (ms since the epoch) |
//! | `polyphony:{<board>}:names_erased` | string | when everyone's names on the board were erased (ms) |
//! | `polyphony:join:<code>` | string | the id of the board a join code opens |
//! | `polyphony:token_secret` | string | the secret every instance signs tokens with (32 bytes) |
//! | `polyphony:{<board>}:<doc>:log` | stream | updates after the snapshot; entry id `<seq>-0`, fields `o` (origin instance) and `u` (v1 update) |
//! | `polyphony:{<board>}:<doc>:seq` | string | the last log position handed out |
//! | `polyphony:{<board>}:<doc>:snapshot` | hash | `seq` (the position it covers) and `data` (v1 update of the whole document) |
//! | `polyphony:{<board>}:<doc>:quarantine` | stream | stored updates that no longer apply; fields `r` (reason) and `u` (v1 update) |
//! | `polyphony:{<board>}:<doc>:points` | hash | restore points: id (ms) -> JSON [`polyphony_shared::history::PointInfo`] |
//! | `polyphony:{<board>}:<doc>:point_states` | hash | restore points: id (ms) -> the document then (v1 update) |
//!
//! Pub/sub channel `polyphony:{<board>}:<doc>` carries each stored update (published by the
//! append script, so in log order) and presence frames; see [`super::wire`].

use polyphony_shared::{BoardId, JoinCode};

use crate::store::DocKey;

/// The board's metadata.
pub(super) fn info(board: BoardId) -> String {
    format!("polyphony:{{{board}}}:info")
}

/// When someone last opened the board.
pub(super) fn used(board: BoardId) -> String {
    format!("polyphony:{{{board}}}:used")
}

/// When everyone's names on the board were erased.
pub(super) fn names_erased(board: BoardId) -> String {
    format!("polyphony:{{{board}}}:names_erased")
}

/// The pattern every key of the board matches (for `SCAN`).
pub(super) fn all_of(board: BoardId) -> String {
    format!("polyphony:{{{board}}}:*")
}

/// The pattern every board's keys match (for `SCAN`).
pub(super) const EVERY_BOARD: &str = "polyphony:{*";

/// The board a key belongs to, read from its hash tag.
pub(super) fn board_of(key: &str) -> Option<BoardId> {
    let tagged = key.strip_prefix("polyphony:{")?;
    let (board, _) = tagged.split_once('}')?;
    BoardId::parse(board).ok()
}

/// The join code's board.
pub(super) fn join_code(code: JoinCode) -> String {
    format!("polyphony:join:{code}")
}

/// The secret tokens are signed with, shared by every instance.
pub(super) fn token_secret() -> String {
    "polyphony:token_secret".to_owned()
}

/// The names of one document's keys and channel.
pub(super) struct DocKeys {
    pub log: String,
    pub seq: String,
    pub snapshot: String,
    pub quarantine: String,
    pub points: String,
    pub point_states: String,
    pub channel: String,
}

impl DocKeys {
    pub(super) fn new(key: DocKey) -> Self {
        let channel = format!("polyphony:{{{}}}:{}", key.board, key.doc);
        DocKeys {
            log: format!("{channel}:log"),
            seq: format!("{channel}:seq"),
            snapshot: format!("{channel}:snapshot"),
            quarantine: format!("{channel}:quarantine"),
            points: format!("{channel}:points"),
            point_states: format!("{channel}:point_states"),
            channel,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyphony_shared::DocName;

    #[test]
    fn every_key_of_a_board_shares_its_hash_tag() {
        let board = BoardId::random_from(&mut (1..=16u8));
        let tag = format!("{{{board}}}");
        let doc = DocKeys::new(DocKey { board, doc: DocName::Content });
        for key in [
            info(board),
            used(board),
            names_erased(board),
            doc.log,
            doc.seq,
            doc.snapshot,
            doc.quarantine,
            doc.points,
            doc.point_states,
            doc.channel,
        ] {
            assert_eq!(key.matches('{').count(), 1, "{key}");
            assert!(key.contains(&tag), "{key}");
            assert_eq!(board_of(&key), Some(board), "{key}");
        }
        assert_eq!(board_of(&join_code(JoinCode::random_from(&mut (1..=8u8)))), None);
    }
}
