//! When a client should try to reconnect: exponential backoff with jitter.
//!
//! After a server restart every client in the room reconnects. Spreading their attempts
//! over time keeps that from becoming a burst of hundreds of simultaneous joins.

use std::time::Duration;

/// First reconnect delay; doubles with every failed attempt.
pub const INITIAL_BACKOFF: Duration = Duration::from_millis(500);
/// Longest reconnect delay.
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// The delay before reconnect attempt `attempt` (1-based): exponential and capped, with the
/// upper half jittered by `random` in `[0, 1)`.
pub fn reconnect_delay(attempt: u32, random: f64) -> Duration {
    let exponential = INITIAL_BACKOFF.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let capped = exponential.min(MAX_BACKOFF);
    capped / 2 + capped.mul_f64(random.clamp(0.0, 1.0) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconnect_delay_grows_is_capped_and_jittered() {
        assert_eq!(reconnect_delay(1, 0.0), Duration::from_millis(250));
        assert_eq!(reconnect_delay(1, 0.999_999).as_millis(), 499);
        assert_eq!(reconnect_delay(3, 0.0), Duration::from_secs(1));
        assert_eq!(reconnect_delay(40, 0.0), MAX_BACKOFF / 2);
        assert!(reconnect_delay(40, 1.0) <= MAX_BACKOFF);
    }
}
