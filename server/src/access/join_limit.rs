//! Limits how often one board can be joined: from one client address, and in all. One
//! person joining ten times could cast ten people's dots "from citizens"; a whole room of
//! phones behind one venue router joins within the first limit, and a script trying
//! thousands of joins meets the second.
//!
//! Joins are counted in windows of [`JOIN_WINDOW`] per board and per (address, board), an
//! IPv6 address by its /64 as in [`super::join_guard`].

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use polyphony_shared::BoardId;

use super::join_guard::{TooManyMisses, network};

/// The window joins are counted in.
pub const JOIN_WINDOW: Duration = Duration::from_secs(600);
/// Joins of one board from one address within [`JOIN_WINDOW`] that facilitators are told of.
pub const BURST: u32 = 5;
/// Windows tracked before old ones are swept out, bounding memory under a scan.
const SWEEP_ABOVE: usize = 10_000;

/// What joins are counted under: a board, and an address (`None` for everyone).
type Counted = (BoardId, Option<IpAddr>);
/// When a window started, and the joins in it.
type Window = (Instant, u32);

/// How many joins a board takes per window.
#[derive(Debug, Clone, Copy)]
pub struct JoinLimits {
    /// From one address.
    pub per_address: u32,
    /// From everyone.
    pub per_board: u32,
}

/// Counts joins per board and per address and board.
pub struct JoinLimiter {
    limits: JoinLimits,
    /// A std mutex: each critical section is a few map lookups, never held across `.await`.
    windows: Mutex<HashMap<Counted, Window>>,
}

impl JoinLimiter {
    /// A limiter with these limits.
    pub fn new(limits: JoinLimits) -> Self {
        JoinLimiter { limits, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts a join of `board` from `address`, or says how long to wait.
    pub fn admit(&self, board: BoardId, address: IpAddr) -> Result<(), TooManyMisses> {
        let mut windows = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if windows.len() > SWEEP_ABOVE {
            windows.retain(|_, (started, _)| started.elapsed() < JOIN_WINDOW);
        }
        let keys = [((board, Some(network(address))), self.limits.per_address), ((board, None), self.limits.per_board)];
        // Check both before counting either, so a refused join counts nowhere.
        for (key, limit) in &keys {
            if let Some((started, joins)) = windows.get(key)
                && started.elapsed() < JOIN_WINDOW
                && *joins >= *limit
            {
                return Err(TooManyMisses { retry_after: JOIN_WINDOW - started.elapsed() });
            }
        }
        for (key, _) in keys {
            let window = windows.entry(key).or_insert((Instant::now(), 0));
            if window.0.elapsed() >= JOIN_WINDOW {
                *window = (Instant::now(), 0);
            }
            window.1 += 1;
        }
        Ok(())
    }

    /// How many people joined `board` from each address that joined it [`BURST`] times or
    /// more in its current window, most first. (Counts only: no address leaves the server.)
    pub fn bursts(&self, board: BoardId) -> Vec<u32> {
        let windows = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut bursts: Vec<u32> = windows
            .iter()
            .filter(|((counted, address), (started, joins))| {
                *counted == board && address.is_some() && started.elapsed() < JOIN_WINDOW && *joins >= BURST
            })
            .map(|(_, (_, joins))| *joins)
            .collect();
        bursts.sort_unstable_by(|a, b| b.cmp(a));
        bursts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_and_a_board_each_have_a_budget() {
        let limiter = JoinLimiter::new(JoinLimits { per_address: 2, per_board: 3 });
        let (board, other_board) = (BoardId::random_from(&mut (1u8..)), BoardId::random_from(&mut (2u8..)));
        let (venue, home, cafe) =
            (IpAddr::from([10, 0, 0, 1]), IpAddr::from([10, 0, 0, 2]), IpAddr::from([10, 0, 0, 3]));
        assert!(limiter.admit(board, venue).is_ok());
        assert!(limiter.admit(board, venue).is_ok());
        assert!(limiter.admit(board, venue).is_err(), "the third join from one address");
        assert!(limiter.admit(other_board, venue).is_ok(), "another board has its own budget");
        assert!(limiter.admit(board, home).is_ok());
        assert!(limiter.admit(board, cafe).is_err(), "the board took three joins");
    }

    #[test]
    fn bursts_from_one_address_are_counted_per_board() {
        let limiter = JoinLimiter::new(JoinLimits { per_address: 60, per_board: 400 });
        let (board, other_board) = (BoardId::random_from(&mut (1u8..)), BoardId::random_from(&mut (2u8..)));
        let (venue, home) = (IpAddr::from([10, 0, 0, 1]), IpAddr::from([10, 0, 0, 2]));
        for _ in 0..BURST + 2 {
            assert!(limiter.admit(board, venue).is_ok());
        }
        for _ in 0..BURST - 1 {
            assert!(limiter.admit(board, home).is_ok());
        }
        assert_eq!(limiter.bursts(board), [BURST + 2], "the board's total is no burst, nor four from home");
        assert!(limiter.bursts(other_board).is_empty());
    }
}
