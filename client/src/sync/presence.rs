//! Presence: who is on the board and what they are editing, over y-websocket awareness.
//!
//! Each browser publishes `{"user": {"name", "color", "perspective"}, "editing"}` (the
//! `user` shape other Yjs apps use too), renews it every 15 s so the server does not expire
//! it, and withdraws it when the page closes.

use std::sync::Arc;

use polyphony_shared::{Perspective, protocol};
use wasm_bindgen::JsValue;
use yrs::Doc;
use yrs::sync::Clock;
use yrs::sync::awareness::{Awareness, AwarenessUpdate};

/// How often this browser renews its presence (the server drops it after 30 s of silence).
pub const RENEW_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

use crate::json;

/// The person using this browser, as others see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    /// Display name; the only personal data Polyphony keeps.
    pub name: String,
    /// How they take part.
    pub perspective: Perspective,
    /// Avatar colour, a CSS colour.
    pub color: String,
}

/// Someone else on the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    /// Their awareness id (one per open page).
    pub client_id: u64,
    /// Display name.
    pub name: String,
    /// Avatar colour.
    pub color: String,
    /// How they take part.
    pub perspective: Perspective,
    /// The key of the field they are editing (see `TextField::key`), if any.
    pub editing: Option<String>,
}

impl Me {
    /// The `user` object of an awareness state: `{"name", "color", "perspective"}`.
    fn to_user(&self) -> JsValue {
        json::build(&[
            ("name", JsValue::from_str(&self.name)),
            ("color", JsValue::from_str(&self.color)),
            ("perspective", JsValue::from_str(self.perspective.as_str())),
        ])
    }

    fn from_user(user: &JsValue) -> Option<Me> {
        Some(Me {
            name: json::string(user, "name")?,
            color: json::string(user, "color").unwrap_or_else(|| "#555".to_owned()),
            perspective: Perspective::parse(&json::string(user, "perspective").unwrap_or_default()),
        })
    }

    /// The profile as JSON, for browser storage.
    pub fn to_json(&self) -> Option<String> {
        json::stringify(&self.to_user())
    }

    /// Reads a profile kept in browser storage.
    pub fn from_json(text: &str) -> Option<Me> {
        Me::from_user(&json::parse(text)?)
    }
}

/// Milliseconds since the epoch from the browser's clock.
struct BrowserClock;

impl Clock for BrowserClock {
    fn now(&self) -> yrs::sync::Timestamp {
        js_sys::Date::now() as u64
    }
}

/// This browser's presence and everyone else's.
pub struct Presence {
    awareness: Awareness,
    me: Me,
    editing: Option<String>,
}

impl Presence {
    /// Presence for `me`, not yet published.
    pub fn new(me: Me) -> Self {
        Presence { awareness: Awareness::with_clock(Doc::new(), BrowserClock), me, editing: None }
    }

    /// The person using this browser.
    pub fn me(&self) -> &Me {
        &self.me
    }

    /// Publishes (or renews) this browser's state and returns the frame to send.
    pub fn announce(&mut self) -> Option<Vec<u8>> {
        let mut fields = vec![("user", self.me.to_user())];
        if let Some(editing) = &self.editing {
            fields.push(("editing", JsValue::from_str(editing)));
        }
        let state = json::stringify(&json::build(&fields))?;
        self.awareness.set_local_state_raw(state);
        self.own_frame()
    }

    /// Changes what this browser is editing and returns the frame to send.
    pub fn set_editing(&mut self, editing: Option<String>) -> Option<Vec<u8>> {
        self.editing = editing;
        self.announce()
    }

    /// Withdraws this browser's presence and returns the frame to send.
    pub fn withdraw(&mut self) -> Option<Vec<u8>> {
        self.awareness.clean_local_state();
        self.own_frame()
    }

    /// Applies a presence update from the server.
    pub fn apply(&mut self, update: AwarenessUpdate) {
        self.awareness.apply_update(update).ok();
    }

    /// Everyone else present, ordered by name.
    pub fn peers(&self) -> Vec<Peer> {
        let me = self.awareness.client_id();
        let mut peers: Vec<Peer> = self
            .awareness
            .iter()
            .filter(|(client, _)| *client != me)
            .filter_map(|(client, state)| {
                let data: Arc<str> = state.data?;
                let state = json::parse(&data)?;
                let user = Me::from_user(&json::object(&state, "user")?)?;
                Some(Peer {
                    client_id: client.get(),
                    name: user.name,
                    color: user.color,
                    perspective: user.perspective,
                    editing: json::string(&state, "editing"),
                })
            })
            .collect();
        peers.sort_unstable_by(|a, b| a.name.cmp(&b.name).then(a.client_id.cmp(&b.client_id)));
        peers
    }

    fn own_frame(&self) -> Option<Vec<u8>> {
        let update = self.awareness.update_with_clients([self.awareness.client_id()]).ok()?;
        Some(protocol::awareness(update))
    }
}
