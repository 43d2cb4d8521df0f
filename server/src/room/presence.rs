//! Presence: the room's awareness entries, which connection set each, and their expiry.
//!
//! The room keeps its own table of entries (y-websocket's awareness: a client id, a clock and
//! a JSON state) instead of a yrs `Awareness`, which remembers every client id it ever saw:
//! a connection inventing ids would grow it without end. Here a connection may hold only a
//! few entries, a state must be JSON of bounded size (the wire check bounds the bytes, this
//! module parses it), and removed entries are forgotten once their tombstone expires.
//! When a connection ends, or a client stays silent past the timeout, its entries are
//! removed and the removal is announced to everyone else.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use polyphony_shared::protocol;
use polyphony_shared::wire::{Limits, scan_frame};
use yrs::block::ClientID;
use yrs::sync::Message;
use yrs::sync::awareness::{AwarenessUpdate, AwarenessUpdateEntry};

use super::ConnId;

/// Entries one connection may hold: a browser tab has one per document.
const ENTRIES_PER_CONNECTION: usize = 4;
/// Entries a room holds in all, counting other instances' clients.
const ENTRIES_PER_ROOM: usize = 10_000;
/// The state y-websocket sends to remove an entry.
const REMOVED: &str = "null";
/// The owner recorded for entries set by clients of other instances.
pub(super) const REMOTE: ConnId = 0;

/// Why a presence message was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PresenceError {
    /// A state that is not JSON.
    #[error("presence state is not json")]
    NotJson,
    /// More entries than a connection may hold.
    #[error("too many presence entries")]
    TooMany,
}

/// What was kept of a presence message.
pub(super) struct Accepted {
    /// The kept entries, as a frame for the others.
    pub(super) frame: Vec<u8>,
    /// Every entry was kept, so the message may be forwarded as it came.
    pub(super) unchanged: bool,
}

struct Entry {
    clock: u32,
    state: Arc<str>,
    owner: ConnId,
    renewed: Instant,
}

/// Awareness entries and their owners.
#[derive(Default)]
pub(super) struct Presence {
    entries: HashMap<ClientID, Entry>,
    /// Clocks of removed entries, kept for a while so that a late, older message cannot
    /// bring them back; forgotten when they expire.
    tombstones: HashMap<ClientID, (u32, Instant)>,
}

impl Presence {
    pub(super) fn new() -> Self {
        Presence::default()
    }

    /// Applies a client's presence message. Entries another connection owns, and updates
    /// older than what the room has, are left out; states must be JSON.
    pub(super) fn apply(&mut self, conn: ConnId, update: AwarenessUpdate) -> Result<Option<Accepted>, PresenceError> {
        let offered = update.clients.len();
        let mut kept = HashMap::new();
        for (client, entry) in update.clients {
            if entry.json.as_ref() != REMOVED && serde_json::from_str::<serde::de::IgnoredAny>(&entry.json).is_err() {
                return Err(PresenceError::NotJson);
            }
            if self.entries.get(&client).is_some_and(|current| current.owner != conn) {
                continue; // Nobody may speak for, rename or hide someone else.
            }
            let new = !self.entries.contains_key(&client) && entry.json.as_ref() != REMOVED;
            if new && (self.owned_by(conn) >= ENTRIES_PER_CONNECTION || self.entries.len() >= ENTRIES_PER_ROOM) {
                return Err(PresenceError::TooMany);
            }
            if self.set(client, &entry, conn) {
                kept.insert(client, entry);
            }
        }
        Ok(self.accepted(kept, offered))
    }

    /// Applies a presence frame from another instance; returns what to send this room's clients.
    pub(super) fn apply_remote(&mut self, frame: &[u8]) -> Option<Bytes> {
        scan_frame(frame, &Limits::STORED).ok()?;
        let mut kept = HashMap::new();
        for message in protocol::read_messages(frame).ok()? {
            let Message::Awareness(update) = message else { continue };
            for (client, entry) in update.clients {
                let known = self.entries.get(&client).is_some_and(|current| current.owner == REMOTE);
                if !known && (self.entries.contains_key(&client) || self.entries.len() >= ENTRIES_PER_ROOM) {
                    continue;
                }
                let valid = entry.json.as_ref() == REMOVED
                    || serde_json::from_str::<serde::de::IgnoredAny>(&entry.json).is_ok();
                if valid && self.set(client, &entry, REMOTE) {
                    kept.insert(client, entry);
                }
            }
        }
        self.accepted(kept, usize::MAX).map(|accepted| Bytes::from(accepted.frame))
    }

    /// Records one entry if it is newer than what the room has; returns whether it did.
    fn set(&mut self, client: ClientID, entry: &AwarenessUpdateEntry, owner: ConnId) -> bool {
        let removal = entry.json.as_ref() == REMOVED;
        let current_clock = self.entries.get(&client).map(|current| current.clock);
        let newer = match current_clock {
            // y-protocols: a newer clock wins; a removal at the same clock wins too.
            Some(clock) => entry.clock > clock || (entry.clock == clock && removal),
            None => self.tombstones.get(&client).is_none_or(|(clock, _)| entry.clock > *clock),
        };
        if !newer || (removal && current_clock.is_none()) {
            return false;
        }
        if removal {
            self.entries.remove(&client);
            self.tombstones.insert(client, (entry.clock, Instant::now()));
        } else {
            self.tombstones.remove(&client);
            let state = Arc::clone(&entry.json);
            self.entries.insert(client, Entry { clock: entry.clock, state, owner, renewed: Instant::now() });
        }
        true
    }

    fn owned_by(&self, conn: ConnId) -> usize {
        self.entries.values().filter(|entry| entry.owner == conn).count()
    }

    fn accepted(&self, kept: HashMap<ClientID, AwarenessUpdateEntry>, offered: usize) -> Option<Accepted> {
        if kept.is_empty() {
            return None;
        }
        let unchanged = kept.len() == offered;
        Some(Accepted { frame: protocol::awareness(AwarenessUpdate { clients: kept }), unchanged })
    }

    /// A frame with every live entry, for a newcomer or an awareness query.
    pub(super) fn everyone(&self) -> Option<Vec<u8>> {
        if self.entries.is_empty() {
            return None;
        }
        let clients = self
            .entries
            .iter()
            .map(|(client, entry)| {
                (*client, AwarenessUpdateEntry { clock: entry.clock, json: Arc::clone(&entry.state) })
            })
            .collect();
        Some(protocol::awareness(AwarenessUpdate { clients }))
    }

    /// Removes the entries a connection set and returns the frame that announces it.
    pub(super) fn remove_connection(&mut self, conn: ConnId) -> Option<Vec<u8>> {
        let clients: Vec<ClientID> =
            self.entries.iter().filter(|(_, entry)| entry.owner == conn).map(|(client, _)| *client).collect();
        self.remove(clients)
    }

    /// Removes entries not renewed within `timeout`, forgets tombstones older than that,
    /// and returns the frame that announces the removals.
    pub(super) fn expire(&mut self, timeout: Duration) -> Option<Vec<u8>> {
        self.tombstones.retain(|_, (_, since)| since.elapsed() < timeout);
        let clients: Vec<ClientID> = self
            .entries
            .iter()
            .filter(|(_, entry)| entry.renewed.elapsed() >= timeout)
            .map(|(client, _)| *client)
            .collect();
        self.remove(clients)
    }

    fn remove(&mut self, clients: Vec<ClientID>) -> Option<Vec<u8>> {
        let mut removals = HashMap::new();
        for client in clients {
            let Some(entry) = self.entries.remove(&client) else { continue };
            let clock = entry.clock.saturating_add(1);
            self.tombstones.insert(client, (clock, Instant::now()));
            removals.insert(client, AwarenessUpdateEntry { clock, json: Arc::from(REMOVED) });
        }
        self.accepted(removals, 0).map(|accepted| accepted.frame)
    }

    /// Entries and tombstones held, for tests of what a connection can make the room keep.
    #[cfg(test)]
    fn held(&self) -> usize {
        self.entries.len() + self.tombstones.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(client: u64, clock: u32, json: &str) -> AwarenessUpdate {
        let mut clients = HashMap::new();
        clients.insert(ClientID::new(client), AwarenessUpdateEntry { clock, json: Arc::from(json) });
        AwarenessUpdate { clients }
    }

    fn announced(frame: Option<Vec<u8>>) -> AwarenessUpdate {
        let frame = frame.expect("a frame");
        match protocol::decode(&frame).expect("decodes").pop() {
            Some(Message::Awareness(update)) => update,
            _ => panic!("not an awareness frame"),
        }
    }

    #[test]
    fn leaving_connection_removes_only_its_entries() {
        let mut presence = Presence::new();
        presence.apply(1, entry(10, 1, r#"{"name":"Ana"}"#)).expect("applies");
        presence.apply(2, entry(20, 1, r#"{"name":"Ben"}"#)).expect("applies");
        let removal = announced(presence.remove_connection(1));
        let gone = &removal.clients[&ClientID::new(10)];
        assert_eq!((gone.clock, gone.json.as_ref()), (2, "null"));
        assert_eq!(removal.clients.len(), 1);
        assert!(presence.everyone().is_some());
        assert!(presence.remove_connection(1).is_none());
    }

    #[test]
    fn silent_entries_expire_and_tombstones_are_forgotten() {
        let mut presence = Presence::new();
        presence.apply(1, entry(10, 1, r#"{"name":"Ana"}"#)).expect("applies");
        assert!(presence.expire(Duration::from_secs(60)).is_none());
        assert!(presence.expire(Duration::ZERO).is_some());
        assert!(presence.everyone().is_none());
        presence.expire(Duration::ZERO);
        assert_eq!(presence.held(), 0);
    }

    #[test]
    fn states_must_be_json_and_others_entries_are_left_alone() {
        let mut presence = Presence::new();
        assert_eq!(presence.apply(1, entry(10, 1, r#"{"unterminated"#)).err(), Some(PresenceError::NotJson));
        presence.apply(1, entry(10, 1, r#"{"name":"Ana"}"#)).expect("applies");
        let hijack = presence.apply(2, entry(10, 5, r#"{"name":"Mallory"}"#)).expect("applies");
        assert!(hijack.is_none(), "another connection's entry is not taken over");
        let stale = presence.apply(1, entry(10, 1, r#"{"name":"Old"}"#)).expect("applies");
        assert!(stale.is_none(), "an older clock changes nothing");
    }

    #[test]
    fn a_connection_cannot_make_the_room_keep_more_than_a_few_ids() {
        let mut presence = Presence::new();
        for client in 0..ENTRIES_PER_CONNECTION as u64 {
            presence.apply(1, entry(client, 1, "{}")).expect("applies");
        }
        assert_eq!(presence.apply(1, entry(999, 1, "{}")).err(), Some(PresenceError::TooMany));
        // Setting and removing ids in turn leaves only expiring tombstones behind.
        for client in 1_000..6_000u64 {
            presence.apply(2, entry(client, 1, "{}")).ok();
            presence.apply(2, entry(client, 2, "null")).ok();
        }
        // The first sweep removes the live entries, the next forgets their tombstones.
        presence.expire(Duration::ZERO);
        presence.expire(Duration::ZERO);
        assert_eq!(presence.held(), 0);
    }
}
