//! Slows down guessing of join codes: wrong codes are counted per client address (an IPv6
//! address by its /64, which one host usually holds whole), and an address with too many
//! misses in the current minute is refused every lookup (right or wrong) until the minute
//! is over.
//!
//! Each lookup reserves a miss before it runs and gives it back if the code was right, so
//! many lookups sent at once cannot all slip through, while a whole room of phones behind
//! one venue router, all typing the right code, is never refused. A guesser is, and cannot
//! tell a hit from a miss meanwhile. Board ids and tokens need no such guard: they are 128
//! bits and signed.

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

    /// Reserves a lookup for `address`: counted as a miss until [`JoinGuard::hit`] gives
    /// it back. Refused when the address has used up its misses for this minute.
    pub fn reserve(&self, address: IpAddr) -> Result<(), TooManyMisses> {
        let mut windows = self.lock();
        if windows.len() > SWEEP_ABOVE {
            windows.retain(|_, window| window.started.elapsed() < MISS_WINDOW);
        }
        let window = windows.entry(network(address)).or_insert_with(|| Window { started: Instant::now(), misses: 0 });
        let elapsed = window.started.elapsed();
        if elapsed >= MISS_WINDOW {
            *window = Window { started: Instant::now(), misses: 0 };
        } else if window.misses >= self.misses_per_window {
            return Err(TooManyMisses { retry_after: MISS_WINDOW - elapsed });
        }
        window.misses += 1;
        Ok(())
    }

    /// The reserved lookup found a board: it was no miss.
    pub fn hit(&self, address: IpAddr) {
        if let Some(window) = self.lock().get_mut(&network(address)) {
            window.misses = window.misses.saturating_sub(1);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Window>> {
        // Every update leaves the map consistent, so a poisoned lock is still usable.
        self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The key misses are counted under: the address, or for IPv6 its /64 network.
pub(super) fn network(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => {
            let mut segments = v6.segments();
            segments[4..].fill(0);
            IpAddr::from(segments)
        }
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
            assert_eq!(guard.reserve(guesser), Ok(()));
        }
        let refused = guard.reserve(guesser);
        assert!(matches!(refused, Err(TooManyMisses { retry_after }) if retry_after <= MISS_WINDOW));
        assert_eq!(guard.reserve(neighbour), Ok(()));
    }

    #[test]
    fn hits_are_given_back_and_an_ipv6_host_counts_as_its_network() {
        let guard = JoinGuard::new(2);
        let phone = IpAddr::from([10, 0, 0, 3]);
        for _ in 0..10 {
            assert_eq!(guard.reserve(phone), Ok(()));
            guard.hit(phone);
        }
        let first: IpAddr = "2001:db8::1".parse().unwrap_or(phone);
        let same_network: IpAddr = "2001:db8::ffff:2".parse().unwrap_or(phone);
        assert_eq!(guard.reserve(first), Ok(()));
        assert_eq!(guard.reserve(same_network), Ok(()));
        assert!(guard.reserve(first).is_err(), "the /64 shares one budget");
    }
}
