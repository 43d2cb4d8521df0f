//! Slows down guessing of join codes: wrong codes are counted per client address, and an
//! address with too many misses in the current minute is refused every lookup (right or
//! wrong) until the minute is over.
//!
//! Only misses count, so a whole room of phones behind one venue router, all typing the
//! right code, is never refused; a guesser is, and cannot tell a hit from a miss meanwhile.
//! Board ids and tokens need no such guard: they are 128 bits and signed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The window misses are counted in.
pub const MISS_WINDOW: Duration = Duration::from_secs(60);
/// Addresses tracked before old windows are swept out, bounding memory under a scan.
const SWEEP_ABOVE: usize = 10_000;

/// An address that has to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyMisses {
    /// When the address may try again.
    pub retry_after: Duration,
}

/// Counts wrong join codes per address.
pub struct JoinGuard {
    misses_per_window: u32,
    /// A std mutex: each critical section is one map lookup, never held across `.await`.
    windows: Mutex<HashMap<IpAddr, Window>>,
}

struct Window {
    started: Instant,
    misses: u32,
}

impl JoinGuard {
    /// A guard that allows `misses_per_window` wrong codes per address per [`MISS_WINDOW`].
    pub fn new(misses_per_window: u32) -> Self {
        JoinGuard { misses_per_window, windows: Mutex::new(HashMap::new()) }
    }

    /// Whether `address` may look up a code now.
    pub fn check(&self, address: IpAddr) -> Result<(), TooManyMisses> {
        let windows = self.lock();
        let Some(window) = windows.get(&address) else { return Ok(()) };
        let elapsed = window.started.elapsed();
        if elapsed >= MISS_WINDOW || window.misses < self.misses_per_window {
            return Ok(());
        }
        Err(TooManyMisses { retry_after: MISS_WINDOW - elapsed })
    }

    /// Records a wrong code from `address`.
    pub fn record_miss(&self, address: IpAddr) {
        let mut windows = self.lock();
        if windows.len() > SWEEP_ABOVE {
            windows.retain(|_, window| window.started.elapsed() < MISS_WINDOW);
        }
        let window = windows.entry(address).or_insert_with(|| Window { started: Instant::now(), misses: 0 });
        if window.started.elapsed() >= MISS_WINDOW {
            *window = Window { started: Instant::now(), misses: 0 };
        }
        window.misses = window.misses.saturating_add(1);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Window>> {
        // Every update leaves the map consistent, so a poisoned lock is still usable.
        self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses_beyond_the_limit_lock_out_that_address_only() {
        let guard = JoinGuard::new(3);
        let guesser = IpAddr::from([10, 0, 0, 1]);
        let neighbour = IpAddr::from([10, 0, 0, 2]);
        for _ in 0..3 {
            assert_eq!(guard.check(guesser), Ok(()));
            guard.record_miss(guesser);
        }
        let refused = guard.check(guesser);
        assert!(matches!(refused, Err(TooManyMisses { retry_after }) if retry_after <= MISS_WINDOW));
        assert_eq!(guard.check(neighbour), Ok(()));
    }
}
