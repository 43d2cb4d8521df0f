//! A load scenario and running it against a server.

use std::time::{Duration, Instant};

use rand::Rng;

use super::peer::{PeerPlan, run_peer};
use super::stats::RunResult;

/// Time between the last join and the first edit, so joins do not overlap the measurement.
const SETTLE: Duration = Duration::from_millis(500);
/// Time after the last edit during which clients keep listening for late deliveries.
const DRAIN: Duration = Duration::from_secs(2);

/// What one run does.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// A short name for tables.
    pub name: String,
    /// Boards, each with its own clients.
    pub boards: usize,
    /// Clients per board.
    pub clients_per_board: usize,
    /// Writers per board (the first clients).
    pub writers_per_board: usize,
    /// Edits per second per writer.
    pub edits_per_sec: f64,
    /// Cursor updates per second per client (0 for none).
    pub cursor_hz: f64,
    /// How long writers write.
    pub duration: Duration,
    /// How long joining may take before edits start.
    pub join_window: Duration,
}

/// Runs the scenario on the given documents: per board of the scenario, the document's
/// websocket URL on each server instance. Clients are spread over the instances in turn, so
/// with two instances every other peer of a writer is on the other instance.
pub async fn run_scenario(boards: &[Vec<String>], scenario: &Scenario) -> anyhow::Result<RunResult> {
    anyhow::ensure!(boards.len() == scenario.boards, "need the document URLs of every board");
    anyhow::ensure!(boards.iter().all(|urls| !urls.is_empty()), "a board has no URL");
    let epoch = Instant::now();
    let start_at = epoch + scenario.join_window + SETTLE;
    let stop_at = start_at + scenario.duration;
    let leave_at = stop_at + DRAIN;
    let mut peers = Vec::new();
    for urls in boards {
        for client in 0..scenario.clients_per_board {
            let url = &urls[client % urls.len()];
            let writer = (client < scenario.writers_per_board).then_some(peers.len() as u32);
            let plan = PeerPlan {
                url: url.clone(),
                writer,
                edits_per_sec: scenario.edits_per_sec,
                cursor_hz: scenario.cursor_hz,
                epoch,
                start_at,
                stop_at,
                leave_at,
                seed: rand::rng().random(),
            };
            peers.push(tokio::spawn(run_peer(plan)));
        }
    }
    let mut result = RunResult::default();
    let mut sent_per_board = vec![0u64; boards.len()];
    for (index, peer) in peers.into_iter().enumerate() {
        let outcome = peer.await?;
        match outcome.join {
            Some(join) => result.joins.push(join),
            None => result.failed_clients += 1,
        }
        sent_per_board[index / scenario.clients_per_board] += outcome.sent;
        result.sent += outcome.sent;
        result.delivered += outcome.latencies.len() as u64;
        result.latencies.extend(outcome.latencies);
    }
    result.expected = sent_per_board.iter().map(|sent| sent * (scenario.clients_per_board as u64 - 1)).sum();
    result.latencies.sort();
    result.joins.sort();
    Ok(result)
}
