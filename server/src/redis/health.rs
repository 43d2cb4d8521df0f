//! Whether Redis answers: logged once when it stops and once when it comes back.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Shared by everything that talks to Redis. Cheap to clone.
#[derive(Clone)]
pub(super) struct RedisHealth {
    reachable: Arc<AtomicBool>,
}

impl RedisHealth {
    pub(super) fn new() -> Self {
        RedisHealth { reachable: Arc::new(AtomicBool::new(true)) }
    }

    /// Notes the outcome of a Redis call; only connection trouble counts against Redis.
    pub(super) fn record<T>(&self, result: &redis::RedisResult<T>) {
        match result {
            Ok(_) => self.reachable(),
            Err(err) if is_connection_trouble(err) => self.unreachable(err),
            Err(_) => {}
        }
    }

    pub(super) fn reachable(&self) {
        if !self.reachable.swap(true, Ordering::Relaxed) {
            tracing::info!("Redis is reachable again; writing held updates and catching up");
        }
    }

    pub(super) fn unreachable(&self, err: &redis::RedisError) {
        if self.reachable.swap(false, Ordering::Relaxed) {
            tracing::warn!(%err, "Redis is unreachable: serving connected clients from memory, holding their updates");
        }
    }
}

/// Whether an error means Redis could not be reached (as opposed to refusing a command).
pub fn is_connection_trouble(err: &redis::RedisError) -> bool {
    err.is_io_error() || err.is_timeout() || err.is_connection_dropped() || err.is_connection_refusal()
}
