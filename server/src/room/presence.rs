//! Presence: the room's awareness entries, which connection set each, and their expiry.
//!
//! The room keeps its own table of entries (y-websocket's awareness: a client id, a clock and
//! a JSON state) instead of a yrs `Awareness`, which remembers every client id it ever saw:
//! a connection inventing ids would grow it without end. Here a connection may hold only a
//! few entries, a state must be JSON of bounded size (the wire check bounds the bytes, this
//! module parses it), and removed entries are forgotten once their tombstone expires.
//! When a connection ends, or a client stays silent past the timeout, its entries are
//! removed and the removal is announced to everyone else.
//!
//! An entry belongs to the participant who set it: nobody else may change or remove it,
//! nor take its id while its tombstone lasts (so a phone that reconnects finds its presence
//! still its own), and each state is rebuilt with what the server knows of its speaker
//! ([`super::presence_stamp`]). A connection holds one entry.
//!
//! What clients set is not passed on message by message: the changed entries gather in
//! [`Presence::take_outgoing`]'s frame, which the room sends with the batch of frames it
//! handled, at most once per [`PACE`]. Quiet, a move goes out at once as before; in a room
//! of a thousand people moving cursors, one frame every [`PACE`] carries everything that
//! changed since the last, instead of a frame per move to every one of them.

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
use super::presence_stamp::{Speaker, stamp};
use polyphony_shared::ParticipantId;

/// Entries one connection may hold: a browser tab has one per document.
const ENTRIES_PER_CONNECTION: usize = 1;
/// Entries a room holds in all, counting other instances' clients.
const ENTRIES_PER_ROOM: usize = 10_000;
/// The state y-websocket sends to remove an entry.
const REMOVED: &str = "null";
/// The shortest time between two frames passing on clients' changes: 20 a second.
pub(super) const PACE: Duration = Duration::from_millis(50);
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

struct Entry {
    clock: u32,
    state: Arc<str>,
    owner: ConnId,
    /// Who set it (`None` for another instance's clients).
    participant: Option<ParticipantId>,
    renewed: Instant,
}

/// Awareness entries and their owners.
#[derive(Default)]
pub(super) struct Presence {
    entries: HashMap<ClientID, Entry>,
    /// Clocks of removed entries and whose they were, kept for a while so that a late,
    /// older message cannot bring them back nor someone else take the id; forgotten when
    /// they expire.
    tombstones: HashMap<ClientID, (u32, Instant, Option<ParticipantId>)>,
    /// Entries clients changed that the room has not passed on yet.
    outgoing: HashMap<ClientID, AwarenessUpdateEntry>,
    /// When changes were last passed on.
    sent_at: Option<Instant>,
}

impl Presence {
    pub(super) fn new() -> Self {
        Presence::default()
    }

    /// Applies a client's presence message from `speaker` on `conn`, adding what changed to
    /// the outgoing frame; returns whether anything did. Entries someone else set, and
    /// updates older than what the room has, are left out; states must be JSON and are
    /// rebuilt with what the server knows of the speaker.
    pub(super) fn apply(
        &mut self,
        conn: ConnId,
        speaker: &Speaker,
        update: AwarenessUpdate,
    ) -> Result<bool, PresenceError> {
        let mut changed = false;
        for (client, mut entry) in update.clients {
            let mine = Some(speaker.participant);
            let taken = match self.entries.get(&client) {
                Some(current) => current.owner == REMOTE || current.participant != mine,
                None => self.tombstones.get(&client).is_some_and(|(_, _, owner)| owner.is_some() && *owner != mine),
            };
            if taken {
                continue; // Nobody may speak for, rename or hide someone else.
            }
            if entry.json.as_ref() != REMOVED {
                entry.json = stamp(&entry.json, speaker).ok_or(PresenceError::NotJson)?;
            }
            // Only a new id counts against the connection: y-websocket echoes the entries it
            // hears, and an entry of the same person may move to her new connection.
            let new = !self.entries.contains_key(&client) && entry.json.as_ref() != REMOVED;
            if new && (self.owned_by(conn) >= ENTRIES_PER_CONNECTION || self.entries.len() >= ENTRIES_PER_ROOM) {
                return Err(PresenceError::TooMany);
            }
            if self.set(client, &entry, conn, mine) {
                self.outgoing.insert(client, entry);
                changed = true;
            }
        }
        Ok(changed)
    }

    /// The frame that passes on every entry changed since the last one, if any was and
    /// the last went out at least [`PACE`] before `now`.
    pub(super) fn take_outgoing(&mut self, now: Instant) -> Option<Vec<u8>> {
        if self.outgoing.is_empty() || self.sent_at.is_some_and(|sent| now < sent + PACE) {
            return None;
        }
        self.sent_at = Some(now);
        Self::frame_of(std::mem::take(&mut self.outgoing))
    }

    /// When changes held back by the pace are due to go out, if any are.
    pub(super) fn outgoing_due(&self) -> Option<Instant> {
        if self.outgoing.is_empty() {
            return None;
        }
        Some(self.sent_at.map_or_else(Instant::now, |sent| sent + PACE))
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
                if valid && self.set(client, &entry, REMOTE, None) {
                    kept.insert(client, entry);
                }
            }
        }
        Self::frame_of(kept).map(Bytes::from)
    }

    /// Records one entry if it is newer than what the room has; returns whether it did.
    fn set(
        &mut self,
        client: ClientID,
        entry: &AwarenessUpdateEntry,
        owner: ConnId,
        participant: Option<ParticipantId>,
    ) -> bool {
        let removal = entry.json.as_ref() == REMOVED;
        let current_clock = self.entries.get(&client).map(|current| current.clock);
        let newer = match current_clock {
            // y-protocols: a newer clock wins; a removal at the same clock wins too.
            Some(clock) => entry.clock > clock || (entry.clock == clock && removal),
            None => self.tombstones.get(&client).is_none_or(|(clock, _, _)| entry.clock > *clock),
        };
        if !newer || (removal && current_clock.is_none()) {
            return false;
        }
        if removal {
            self.entries.remove(&client);
            self.tombstones.insert(client, (entry.clock, Instant::now(), participant));
        } else {
            self.tombstones.remove(&client);
            let state = Arc::clone(&entry.json);
            let renewed = Instant::now();
            self.entries.insert(client, Entry { clock: entry.clock, state, owner, participant, renewed });
        }
        true
    }

    fn owned_by(&self, conn: ConnId) -> usize {
        self.entries.values().filter(|entry| entry.owner == conn).count()
    }

    /// The frame that passes the kept entries on, if any were kept.
    fn frame_of(kept: HashMap<ClientID, AwarenessUpdateEntry>) -> Option<Vec<u8>> {
        (!kept.is_empty()).then(|| protocol::awareness(AwarenessUpdate { clients: kept }))
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
        self.tombstones.retain(|_, (_, since, _)| since.elapsed() < timeout);
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
            // The removal, sent at once, is the last word on the entry.
            self.outgoing.remove(&client);
            let Some(entry) = self.entries.remove(&client) else { continue };
            let clock = entry.clock.saturating_add(1);
            self.tombstones.insert(client, (clock, Instant::now(), entry.participant));
            removals.insert(client, AwarenessUpdateEntry { clock, json: Arc::from(REMOVED) });
        }
        Self::frame_of(removals)
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
    use polyphony_shared::{Perspective, Role};

    fn entry(client: u64, clock: u32, json: &str) -> AwarenessUpdate {
        let mut clients = HashMap::new();
        clients.insert(ClientID::new(client), AwarenessUpdateEntry { clock, json: Arc::from(json) });
        AwarenessUpdate { clients }
    }

    fn speaker(seed: u8, name: &str) -> Speaker {
        Speaker {
            participant: ParticipantId::random_from(&mut (seed..)),
            name: name.into(),
            perspective: Perspective::Citizen,
            role: Role::Participant,
            anonymous: false,
        }
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
        presence.apply(1, &speaker(1, "Ana"), entry(10, 1, r#"{"user":{}}"#)).expect("applies");
        presence.apply(2, &speaker(2, "Ben"), entry(20, 1, r#"{"user":{}}"#)).expect("applies");
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
        presence.apply(1, &speaker(1, "Ana"), entry(10, 1, "{}")).expect("applies");
        assert!(presence.expire(Duration::from_secs(60)).is_none());
        assert!(presence.expire(Duration::ZERO).is_some());
        assert!(presence.everyone().is_none());
        presence.expire(Duration::ZERO);
        assert_eq!(presence.held(), 0);
    }

    #[test]
    fn states_must_be_json_and_others_entries_are_left_alone() {
        let mut presence = Presence::new();
        let (ana, mallory) = (speaker(1, "Ana"), speaker(2, "Mallory"));
        assert_eq!(presence.apply(1, &ana, entry(10, 1, r#"{"unterminated"#)).err(), Some(PresenceError::NotJson));
        presence.apply(1, &ana, entry(10, 1, "{}")).expect("applies");
        let hijack = presence.apply(2, &mallory, entry(10, 5, "{}")).expect("applies");
        assert!(!hijack, "someone else's entry is not taken over");
        let stale = presence.apply(1, &ana, entry(10, 1, "{}")).expect("applies");
        assert!(!stale, "an older clock changes nothing");
        // Ana's phone drops; while it reconnects, her id stays hers.
        presence.remove_connection(1);
        assert!(!presence.apply(2, &mallory, entry(10, 9, "{}")).expect("applies"));
        let back = presence.apply(3, &ana, entry(10, 9, "{}")).expect("applies");
        assert!(back, "Ana takes her presence back on her new connection");
    }

    #[test]
    fn changes_go_out_together_and_a_removal_has_the_last_word() {
        let mut presence = Presence::new();
        presence.apply(1, &speaker(1, "Ana"), entry(10, 1, r#"{"cursor":1}"#)).expect("applies");
        presence.apply(1, &speaker(1, "Ana"), entry(10, 2, r#"{"cursor":2}"#)).expect("applies");
        presence.apply(2, &speaker(2, "Ben"), entry(20, 1, r#"{"cursor":3}"#)).expect("applies");
        let start = Instant::now();
        let together = announced(presence.take_outgoing(start));
        assert_eq!(together.clients.len(), 2, "one frame for both people");
        assert_eq!(together.clients[&ClientID::new(10)].clock, 2, "only Ana's latest move");
        assert!(presence.take_outgoing(start + PACE).is_none(), "nothing changed since");
        assert_eq!(presence.outgoing_due(), None);

        presence.apply(1, &speaker(1, "Ana"), entry(10, 3, r#"{"cursor":5}"#)).expect("applies");
        assert!(presence.take_outgoing(start + PACE / 2).is_none(), "held back by the pace");
        assert_eq!(presence.outgoing_due(), Some(start + PACE));
        assert_eq!(announced(presence.take_outgoing(start + PACE)).clients[&ClientID::new(10)].clock, 3);

        presence.apply(2, &speaker(2, "Ben"), entry(20, 2, r#"{"cursor":4}"#)).expect("applies");
        announced(presence.remove_connection(2));
        assert!(presence.take_outgoing(start + PACE * 3).is_none(), "the removal went out instead of Ben's move");
    }

    #[test]
    fn a_connection_cannot_make_the_room_keep_more_than_one_id() {
        let mut presence = Presence::new();
        let crowd = speaker(3, "Crowd");
        presence.apply(1, &crowd, entry(1, 1, "{}")).expect("applies");
        assert_eq!(presence.apply(1, &crowd, entry(999, 1, "{}")).err(), Some(PresenceError::TooMany));
        // Setting and removing ids in turn leaves only expiring tombstones behind.
        for client in 1_000..6_000u64 {
            presence.apply(2, &crowd, entry(client, 1, "{}")).ok();
            presence.apply(2, &crowd, entry(client, 2, "null")).ok();
        }
        // The first sweep removes the live entries, the next forgets their tombstones.
        presence.expire(Duration::ZERO);
        presence.expire(Duration::ZERO);
        assert_eq!(presence.held(), 0);
    }
}
