//! One simulated client: joins, optionally writes and moves a cursor, and records arrivals.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use polyphony_shared::{BoardDoc, protocol};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use yrs::block::ClientID;
use yrs::sync::awareness::{AwarenessUpdate, AwarenessUpdateEntry};
use yrs::sync::{Message, SyncMessage};
use yrs::{ReadTxn, Transact};

use super::framing::Framing;
use super::stats::markers;

/// What one simulated client does.
#[derive(Debug, Clone)]
pub struct PeerPlan {
    /// The websocket URL of the document.
    pub url: String,
    /// This client's writer number, if it writes.
    pub writer: Option<u32>,
    /// Edits per second, for writers.
    pub edits_per_sec: f64,
    /// Cursor (awareness) updates per second; 0 for none.
    pub cursor_hz: f64,
    /// The instant marker timestamps count from (shared by all peers of a run).
    pub epoch: Instant,
    /// When writing and cursor moves start.
    pub start_at: Instant,
    /// When writing and cursor moves stop.
    pub stop_at: Instant,
    /// When the client stops listening and disconnects.
    pub leave_at: Instant,
    /// A random number for this client (its awareness id, timer offsets).
    pub seed: u64,
}

/// What one simulated client saw.
#[derive(Debug, Default)]
pub struct PeerOutcome {
    /// Time from opening the socket to holding the initial state; `None` if it never synced.
    pub join: Option<Duration>,
    /// Updates this client sent.
    pub sent: u64,
    /// Latency of each distinct foreign update received.
    pub latencies: Vec<Duration>,
}

/// Runs one client to the end of its plan.
pub async fn run_peer(plan: PeerPlan) -> PeerOutcome {
    let mut outcome = PeerOutcome::default();
    let opened = Instant::now();
    // Like a browser, send each small frame at once (no Nagle delay).
    let framing = Framing::for_url(&plan.url);
    let binary = |message: Vec<u8>| WsMessage::Binary(Bytes::from(framing.wrap(message)));
    // Bounded like everything else here, so a server that never answers cannot stall the run.
    let connecting = tokio_tungstenite::connect_async_with_config(plan.url.as_str(), None, true);
    let Ok(Ok((socket, _))) = tokio::time::timeout_at(plan.leave_at.into(), connecting).await else { return outcome };
    let (mut sink, mut stream) = socket.split();
    let board = BoardDoc::new();
    if let Some(greeting) = framing.greeting()
        && sink.send(WsMessage::Binary(Bytes::from(greeting))).await.is_err()
    {
        return outcome;
    }
    if sink.send(binary(protocol::sync_step1(board.state_vector()))).await.is_err() {
        return outcome;
    }
    // Initial sync: answer the server's SyncStep1, wait for its SyncStep2.
    while outcome.join.is_none() {
        let next = tokio::time::timeout_at(plan.leave_at.into(), stream.next()).await;
        let Ok(Some(Ok(WsMessage::Binary(frame)))) = next else {
            if matches!(next, Ok(Some(Ok(_)))) {
                continue;
            }
            return outcome;
        };
        let Some(frame) = framing.unwrap(&frame) else { continue };
        for message in protocol::decode(&frame).unwrap_or_default() {
            match message {
                Message::Sync(SyncMessage::SyncStep1(state_vector)) => {
                    let diff = board.doc().transact().encode_diff_v1(&state_vector);
                    sink.send(binary(protocol::sync_step2(diff))).await.ok();
                }
                Message::Sync(SyncMessage::SyncStep2(_)) => outcome.join = Some(opened.elapsed()),
                _ => {}
            }
        }
    }

    let mut seen: HashSet<(u32, u32)> = HashSet::new();
    let mut edits = ticker(plan.edits_per_sec, plan.start_at, plan.seed, plan.writer.is_some());
    let mut cursors = ticker(plan.cursor_hz, plan.start_at, plan.seed.rotate_left(17), plan.cursor_hz > 0.0);
    let mut seq = 0u32;
    let mut cursor_clock = 0u32;
    let awareness_id = ClientID::new(plan.seed >> 11);
    loop {
        tokio::select! {
            () = tokio::time::sleep_until(plan.leave_at.into()) => break,
            incoming = stream.next() => match incoming {
                Some(Ok(WsMessage::Binary(frame))) => {
                    let arrived = plan.epoch.elapsed();
                    for (writer, number, micros) in markers(&frame) {
                        if Some(writer) != plan.writer && seen.insert((writer, number)) {
                            outcome.latencies.push(arrived.saturating_sub(Duration::from_micros(micros)));
                        }
                    }
                }
                Some(Ok(_)) => {}
                _ => break,
            },
            _ = edits.tick(), if Instant::now() < plan.stop_at => {
                let Some(writer) = plan.writer else { continue };
                let marker = format!("#{writer}:{seq}:{}#", plan.epoch.elapsed().as_micros());
                let update = {
                    let mut txn = board.doc().transact_mut();
                    board.insert_problem_text(&mut txn, u32::MAX, &marker);
                    txn.encode_update_v1()
                };
                if sink.send(binary(protocol::update(update))).await.is_err() {
                    break;
                }
                seq += 1;
                outcome.sent += 1;
            }
            _ = cursors.tick(), if Instant::now() < plan.stop_at => {
                cursor_clock += 1;
                let json = format!(r#"{{"user":{{"name":"load {}"}},"cursor":{{"x":{},"y":{}}}}}"#, plan.seed % 1000, cursor_clock % 800, cursor_clock % 600);
                let mut clients = HashMap::new();
                clients.insert(awareness_id, AwarenessUpdateEntry { clock: cursor_clock, json: Arc::from(json) });
                if sink.send(binary(protocol::awareness(AwarenessUpdate { clients }))).await.is_err() {
                    break;
                }
            }
        }
    }
    sink.send(WsMessage::Close(None)).await.ok();
    outcome
}

/// An interval at `rate` per second starting at `start` plus a per-client offset, or one that
/// never fires when disabled.
fn ticker(rate: f64, start: Instant, seed: u64, enabled: bool) -> tokio::time::Interval {
    if !enabled || rate <= 0.0 {
        return tokio::time::interval_at(
            (start + Duration::from_secs(365 * 24 * 3600)).into(),
            Duration::from_secs(3600),
        );
    }
    let period = Duration::from_secs_f64(1.0 / rate);
    let offset = period.mul_f64((seed % 1000) as f64 / 1000.0);
    let mut interval = tokio::time::interval_at((start + offset).into(), period);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    interval
}
