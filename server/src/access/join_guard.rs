//! Slows down guessing of join codes and facilitator keys, without locking out the room.
//!
//! Wrong guesses are counted per minute in three budgets: per client address (an IPv6
//! address by its /64, which one host usually holds whole), per board (for facilitator
//! keys), and in all (for join codes, a guesser spread over many addresses). While any
//! budget a lookup falls under is spent, the lookup is not refused: it joins the slow lane,
//! where one lookup per address runs at a time, each only after a delay (two seconds), and
//! only so many run at once in all ([`SlowLane`]). The right code still gets through (a room
//! of phones behind one venue router, after someone mistyped thirty times, waits a few
//! seconds), while a guesser gets one guess per delay from an address and a bounded number
//! in all. A lookup that cannot get into the lane in time is refused (429).
//!
//! Each lookup reserves a miss before it runs and gives it back if it was right, so many
//! lookups sent at once cannot all slip through. Board ids and tokens need no such guard:
//! they are 128 bits and signed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use polyphony_shared::BoardId;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The window misses are counted in.
pub const MISS_WINDOW: Duration = Duration::from_secs(60);
/// How the slow lane runs.
#[derive(Debug, Clone, Copy)]
pub struct SlowLane {
    /// How long a lookup in it waits before it runs.
    pub delay: Duration,
    /// Longest a lookup waits to get into it before it is refused.
    pub wait: Duration,
    /// Lookups in it at once, from every address together.
    pub size: usize,
}

impl Default for SlowLane {
    fn default() -> Self {
        SlowLane { delay: Duration::from_secs(2), wait: Duration::from_secs(10), size: 16 }
    }
}
/// Counters tracked before old windows are swept out, bounding memory under a scan.
const SWEEP_ABOVE: usize = 10_000;

/// A lookup that has to wait longer than anyone should.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyMisses {
    /// When to try again.
    pub retry_after: Duration,
}

/// How many wrong guesses each budget allows per [`MISS_WINDOW`].
#[derive(Debug, Clone, Copy)]
pub struct MissBudgets {
    /// From one address.
    pub per_address: u32,
    /// Facilitator keys of one board, from everyone.
    pub per_board: u32,
    /// Join codes, from everyone.
    pub in_all: u32,
}

/// What a budget counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Counter {
    Address(IpAddr),
    Board(BoardId),
    All,
}

struct Window {
    started: Instant,
    misses: u32,
}

/// What a lookup is: a join code (counted in all) or a board's facilitator key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guess {
    /// A join code.
    JoinCode,
    /// The facilitator key of a board.
    FacilitatorKey(BoardId),
}

/// Counts wrong join codes and facilitator keys, and runs the slow lane.
pub struct JoinGuard {
    budgets: MissBudgets,
    slow: SlowLane,
    /// A std mutex: each critical section is a few map lookups, never held across `.await`.
    windows: Mutex<HashMap<Counter, Window>>,
    /// One slow lookup at a time per address.
    lines: Mutex<HashMap<IpAddr, Arc<Semaphore>>>,
    lane: Arc<Semaphore>,
}

/// A lookup let through; hold it until the lookup is answered.
#[derive(Debug)]
pub struct Admitted {
    counters: Vec<Counter>,
    _in_lane: Option<(OwnedSemaphorePermit, OwnedSemaphorePermit)>,
}

impl JoinGuard {
    /// A guard with these budgets and slow lane.
    pub fn new(budgets: MissBudgets, slow: SlowLane) -> Self {
        JoinGuard {
            budgets,
            slow,
            windows: Mutex::new(HashMap::new()),
            lines: Mutex::new(HashMap::new()),
            lane: Arc::new(Semaphore::new(slow.size.max(1))),
        }
    }

    /// Lets a lookup from `address` run: at once while its budgets last, else through the
    /// slow lane. The lookup counts as a miss until [`JoinGuard::hit`].
    pub async fn admit(&self, address: IpAddr, guess: Guess) -> Result<Admitted, TooManyMisses> {
        let counters = match guess {
            Guess::JoinCode => vec![Counter::Address(network(address)), Counter::All],
            Guess::FacilitatorKey(board) => vec![Counter::Address(network(address)), Counter::Board(board)],
        };
        let spent = self.reserve(&counters);
        if !spent {
            return Ok(Admitted { counters, _in_lane: None });
        }
        let line = {
            let mut lines = lock(&self.lines);
            if lines.len() > SWEEP_ABOVE {
                lines.retain(|_, line| Arc::strong_count(line) > 1);
            }
            Arc::clone(lines.entry(network(address)).or_insert_with(|| Arc::new(Semaphore::new(1))))
        };
        let entering = async {
            let turn = line.acquire_owned().await.ok()?;
            let lane = Arc::clone(&self.lane).acquire_owned().await.ok()?;
            Some((turn, lane))
        };
        match tokio::time::timeout(self.slow.wait, entering).await {
            Ok(Some(permits)) => {
                tokio::time::sleep(self.slow.delay).await;
                Ok(Admitted { counters, _in_lane: Some(permits) })
            }
            _ => {
                self.give_back(&counters);
                Err(TooManyMisses { retry_after: self.slow.wait })
            }
        }
    }

    /// The admitted lookup was right: it was no miss.
    pub fn hit(&self, admitted: &Admitted) {
        self.give_back(&admitted.counters);
    }

    /// Counts a miss under each counter; true if any budget was spent already.
    fn reserve(&self, counters: &[Counter]) -> bool {
        let mut windows = lock(&self.windows);
        if windows.len() > SWEEP_ABOVE {
            windows.retain(|_, window| window.started.elapsed() < MISS_WINDOW);
        }
        let mut spent = false;
        for counter in counters {
            let window = windows.entry(*counter).or_insert_with(|| Window { started: Instant::now(), misses: 0 });
            if window.started.elapsed() >= MISS_WINDOW {
                *window = Window { started: Instant::now(), misses: 0 };
            }
            spent |= window.misses >= self.budget(*counter);
            window.misses += 1;
        }
        spent
    }

    fn give_back(&self, counters: &[Counter]) {
        let mut windows = lock(&self.windows);
        for counter in counters {
            if let Some(window) = windows.get_mut(counter) {
                window.misses = window.misses.saturating_sub(1);
            }
        }
    }

    fn budget(&self, counter: Counter) -> u32 {
        match counter {
            Counter::Address(_) => self.budgets.per_address,
            Counter::Board(_) => self.budgets.per_board,
            Counter::All => self.budgets.in_all,
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Every update leaves the maps consistent, so a poisoned lock is still usable.
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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

    const BUDGETS: MissBudgets = MissBudgets { per_address: 3, per_board: 4, in_all: 5 };

    fn fast(guard: &JoinGuard, address: IpAddr, guess: Guess) -> bool {
        // A lookup that needs no slow lane is admitted without waiting.
        futures_like_now(guard.admit(address, guess)).is_some()
    }

    /// Polls a future once: `Some` if it finished at once.
    fn futures_like_now<F: std::future::Future>(future: F) -> Option<F::Output> {
        let waker = std::task::Waker::noop();
        let mut context = std::task::Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(output) => Some(output),
            std::task::Poll::Pending => None,
        }
    }

    #[tokio::test]
    async fn each_budget_sends_lookups_to_the_slow_lane_once_spent() {
        let guard = JoinGuard::new(BUDGETS, SlowLane::default());
        let (guesser, neighbour) = (IpAddr::from([10, 0, 0, 1]), IpAddr::from([10, 0, 0, 2]));
        for _ in 0..3 {
            assert!(fast(&guard, guesser, Guess::JoinCode));
        }
        assert!(!fast(&guard, guesser, Guess::JoinCode), "the address spent its budget");
        assert!(fast(&guard, neighbour, Guess::JoinCode));
        assert!(!fast(&guard, IpAddr::from([10, 0, 0, 3]), Guess::JoinCode), "five misses in all");
        let board = BoardId::random_from(&mut (1u8..));
        for address in 20..24u8 {
            assert!(fast(&guard, IpAddr::from([10, 0, 1, address]), Guess::FacilitatorKey(board)));
        }
        assert!(!fast(&guard, IpAddr::from([10, 0, 1, 30]), Guess::FacilitatorKey(board)), "the board's keys");
    }

    #[tokio::test]
    async fn hits_are_given_back_and_an_ipv6_host_counts_as_its_network() {
        let guard = JoinGuard::new(MissBudgets { per_address: 2, per_board: 99, in_all: 99 }, SlowLane::default());
        let phone = IpAddr::from([10, 0, 0, 3]);
        for _ in 0..10 {
            let admitted = futures_like_now(guard.admit(phone, Guess::JoinCode)).and_then(Result::ok);
            guard.hit(&admitted.expect("admitted at once"));
        }
        let first: IpAddr = "2001:db8::1".parse().unwrap_or(phone);
        let same_network: IpAddr = "2001:db8::ffff:2".parse().unwrap_or(phone);
        assert!(fast(&guard, first, Guess::JoinCode));
        assert!(fast(&guard, same_network, Guess::JoinCode));
        assert!(!fast(&guard, first, Guess::JoinCode), "the /64 shares one budget");
    }

    #[tokio::test]
    async fn the_slow_lane_lets_one_lookup_per_address_through_each_delay() {
        let lane = SlowLane { delay: Duration::from_millis(40), wait: Duration::from_millis(190), size: 4 };
        let guard = Arc::new(JoinGuard::new(MissBudgets { per_address: 1, per_board: 99, in_all: 99 }, lane));
        let venue = IpAddr::from([10, 0, 0, 9]);
        assert!(guard.admit(venue, Guess::JoinCode).await.is_ok());
        let started = Instant::now();
        let lookups: Vec<_> = (0..8)
            .map(|_| {
                let guard = Arc::clone(&guard);
                tokio::spawn(async move {
                    let admitted = guard.admit(venue, Guess::JoinCode).await;
                    (admitted.is_ok(), started.elapsed())
                })
            })
            .collect();
        let mut through = Vec::new();
        for lookup in lookups {
            let (admitted, after) = lookup.await.expect("runs");
            if admitted {
                through.push(after);
            }
        }
        through.sort();
        // One per delay while the others wait their turn; the ones still waiting when the
        // wait is over are refused. (Timers only ever run late, so at most this many.)
        assert!((1..=5).contains(&through.len()), "{through:?}");
        for (turn, after) in through.iter().enumerate() {
            assert!(*after >= lane.delay * (turn as u32 + 1), "{through:?}");
        }
        assert!(through.len() < 8, "some waited too long and were refused");
    }
}
