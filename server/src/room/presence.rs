//! Presence: the room's awareness entries, which connection set each, and their expiry.
//!
//! yrs's [`Awareness`] applies updates and keeps clocks; this module adds what a server needs
//! on top: when a connection ends, or a client stays silent past the timeout, its entries are
//! removed and the removal is announced to everyone else.

use std::collections::HashMap;
use std::time::Duration;

use polyphony_shared::protocol;
use yrs::Doc;
use yrs::block::ClientID;
use yrs::sync::awareness::{Awareness, AwarenessUpdate};
use yrs::sync::{Clock, time::SystemClock};

use super::ConnId;

/// Awareness entries and their owners.
pub(super) struct Presence {
    /// Created with the first presence a client sends: rooms nobody announces presence in
    /// (governed state, ballots) then cost no awareness document.
    awareness: Option<Awareness>,
    /// Which connection last set each live entry.
    owners: HashMap<ClientID, ConnId>,
}

impl Presence {
    pub(super) fn new() -> Self {
        Presence { awareness: None, owners: HashMap::new() }
    }

    fn awareness(&mut self) -> &mut Awareness {
        // The room itself publishes no presence; this doc only gives Awareness a client id.
        self.awareness.get_or_insert_with(|| Awareness::new(Doc::new()))
    }

    /// Drops the entries of `update` that belong to another connection (or another
    /// instance), so nobody can speak for, rename or hide someone else. Returns whether any
    /// were dropped.
    pub(super) fn keep_own(&self, conn: ConnId, update: &mut AwarenessUpdate) -> bool {
        let before = update.clients.len();
        update.clients.retain(|client, _| self.owners.get(client).is_none_or(|owner| *owner == conn));
        update.clients.len() != before
    }

    /// Applies a client's awareness update and records it as the owner of what it set.
    pub(super) fn apply(&mut self, conn: ConnId, update: AwarenessUpdate) -> Result<(), yrs::sync::awareness::Error> {
        let Some(summary) = self.awareness().apply_update_summary(update)? else {
            return Ok(());
        };
        for client in summary.added.iter().chain(&summary.updated) {
            self.owners.insert(*client, conn);
        }
        for client in &summary.removed {
            self.owners.remove(client);
        }
        Ok(())
    }

    /// A frame with every live entry, for a newcomer or an awareness query.
    pub(super) fn everyone(&self) -> Option<Vec<u8>> {
        if self.owners.is_empty() {
            return None;
        }
        self.awareness.as_ref()?.update().ok().map(protocol::awareness)
    }

    /// Removes the entries a connection set and returns the frame that announces it.
    pub(super) fn remove_connection(&mut self, conn: ConnId) -> Option<Vec<u8>> {
        let clients: Vec<ClientID> =
            self.owners.iter().filter(|(_, owner)| **owner == conn).map(|(client, _)| *client).collect();
        self.remove(clients)
    }

    /// Removes entries not renewed within `timeout` and returns the frame that announces it.
    pub(super) fn expire(&mut self, timeout: Duration) -> Option<Vec<u8>> {
        let now = SystemClock.now();
        let timeout_ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        let Some(awareness) = &self.awareness else { return None };
        let clients: Vec<ClientID> = awareness
            .iter()
            .filter(|(_, state)| state.data.is_some() && now.saturating_sub(state.last_updated) >= timeout_ms)
            .map(|(client, _)| client)
            .collect();
        self.remove(clients)
    }

    fn remove(&mut self, clients: Vec<ClientID>) -> Option<Vec<u8>> {
        if clients.is_empty() {
            return None;
        }
        let awareness = self.awareness.as_mut()?;
        for client in &clients {
            awareness.remove_state(*client);
            self.owners.remove(client);
        }
        awareness.update_with_clients(clients).ok().map(protocol::awareness)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use yrs::sync::awareness::AwarenessUpdateEntry;

    fn entry(client: u64, clock: u32, json: &str) -> AwarenessUpdate {
        let mut clients = HashMap::new();
        clients.insert(ClientID::new(client), AwarenessUpdateEntry { clock, json: Arc::from(json) });
        AwarenessUpdate { clients }
    }

    fn announced(frame: Option<Vec<u8>>) -> AwarenessUpdate {
        let frame = frame.expect("a frame");
        match protocol::decode(&frame).expect("decodes").pop() {
            Some(yrs::sync::Message::Awareness(update)) => update,
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
    fn silent_entries_expire() {
        let mut presence = Presence::new();
        presence.apply(1, entry(10, 1, r#"{"name":"Ana"}"#)).expect("applies");
        assert!(presence.expire(Duration::from_secs(60)).is_none());
        assert!(presence.expire(Duration::ZERO).is_some());
        assert!(presence.everyone().is_none());
    }
}
