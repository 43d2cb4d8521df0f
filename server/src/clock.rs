//! The wall clock the server reads for what people see and what expires (tokens, timers,
//! summons, boards' creation), passed in rather than read from the system everywhere, so a
//! test moves time forward instead of sleeping.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Milliseconds since the Unix epoch, as the server should see them.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Now.
    fn now_ms(&self) -> u64;
}

/// The system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        crate::access::now_ms()
    }
}

/// The system's clock moved forward by hand (for tests).
#[derive(Debug, Default)]
pub struct ShiftedClock {
    ahead_ms: AtomicU64,
}

impl ShiftedClock {
    /// Moves this clock forward.
    pub fn advance(&self, by: Duration) {
        let by = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.ahead_ms.fetch_add(by, Ordering::SeqCst);
    }
}

impl Clock for ShiftedClock {
    fn now_ms(&self) -> u64 {
        crate::access::now_ms().saturating_add(self.ahead_ms.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifted_clock_runs_ahead_by_what_it_was_moved() {
        let clock = ShiftedClock::default();
        let before = SystemClock.now_ms();
        clock.advance(Duration::from_secs(3600));
        let shifted = clock.now_ms();
        assert!(shifted >= before + 3_600_000 && shifted < SystemClock.now_ms() + 3_600_000 + 1_000);
    }
}
