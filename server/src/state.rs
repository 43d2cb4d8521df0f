//! What every handler can reach: passed explicitly through axum's `State`, never global.

use std::num::NonZeroU32;
use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::access::join_guard::{MissBudgets, SlowLane};
use crate::access::{JoinGuard, JoinLimiter, JoinLimits, Signer};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::connection::ConnectionLimits;
use crate::history::PointSettings;
use crate::room::{RoomSettings, Rooms};
use crate::store::Store;

/// Shared server state. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Board metadata and documents.
    pub store: Arc<dyn Store>,
    /// Loaded board documents.
    pub rooms: Rooms,
    /// Signs and checks tokens and facilitator keys.
    pub signer: Signer,
    /// Counts wrong join codes and facilitator keys per client address.
    pub join_guard: Arc<JoinGuard>,
    /// Counts joins per board and per address.
    pub join_limiter: Arc<JoinLimiter>,
    /// How long a token from joining stays valid, in milliseconds.
    pub token_lifetime_ms: u64,
    /// Limits applied to every websocket connection.
    pub limits: ConnectionLimits,
    /// Largest websocket message accepted, in bytes.
    pub max_message_bytes: usize,
    /// The longest text a document holds (a restored backup is checked against it).
    pub max_text_len: u64,
    /// The operator's token, which `/metrics` asks for when it is set.
    pub operator_token: Option<String>,
    /// The wall clock (token expiry, timers, summons).
    pub clock: Arc<dyn Clock>,
    /// Cancelled when the server shuts down.
    pub shutdown: CancellationToken,
}

impl AppState {
    /// Builds the state from the configuration and an opened store.
    pub fn new(
        config: &Config,
        store: Arc<dyn Store>,
        rooms: Rooms,
        signer: Signer,
        shutdown: CancellationToken,
    ) -> Self {
        AppState {
            store,
            rooms,
            signer,
            join_guard: Arc::new(JoinGuard::new(
                MissBudgets {
                    per_address: config.join_misses_per_minute,
                    per_board: config.key_misses_per_board_per_minute,
                    in_all: config.join_misses_in_all_per_minute,
                },
                SlowLane::default(),
            )),
            join_limiter: Arc::new(JoinLimiter::new(JoinLimits {
                per_address: config.joins_per_address,
                per_board: config.joins_per_board,
            })),
            token_lifetime_ms: config.token_lifetime_secs.saturating_mul(1000),
            limits: connection_limits(config),
            max_message_bytes: config.max_message_bytes,
            max_text_len: config.max_text_chars,
            operator_token: config.operator_token.clone().filter(|token| !token.trim().is_empty()),
            clock: clock(config),
            shutdown,
        }
    }
}

/// The wall clock the configuration asks for (the system's, unless a test moves time).
pub fn clock(config: &Config) -> Arc<dyn crate::clock::Clock> {
    config.clock.clone().unwrap_or_else(|| Arc::new(SystemClock))
}

/// Room timing from the configuration.
pub fn room_settings(config: &Config) -> RoomSettings {
    RoomSettings {
        idle_unload: config.idle_unload(),
        awareness_timeout: config.awareness_timeout(),
        client_timeout: config.client_timeout(),
        compact_after_updates: config.compact_after_updates.max(1),
        max_text_len: config.max_text_chars,
        max_document_bytes: config.max_board_bytes,
        points: point_settings(config),
    }
}

/// How often restore points are taken and how many are kept.
pub fn point_settings(config: &Config) -> PointSettings {
    PointSettings {
        every: std::time::Duration::from_secs(config.restore_point_every_secs.max(1)),
        kept: config.restore_points_kept.max(1),
    }
}

fn connection_limits(config: &Config) -> ConnectionLimits {
    ConnectionLimits {
        messages_per_sec: NonZeroU32::new(config.rate_limit_per_sec).unwrap_or(NonZeroU32::MIN),
        burst: NonZeroU32::new(config.rate_limit_burst).unwrap_or(NonZeroU32::MIN),
        client_timeout: config.client_timeout(),
    }
}
