//! Scenarios that are not about steady edit traffic: a burst of tiny updates from one
//! writer, and the cold load of a big board after it was stored and unloaded; and the
//! figures read from `/proc`. Memory per idle board is in [`super::idle`].

use std::time::{Duration, Instant};

use anyhow::Context;

use super::servers::RunningServer;
use crate::TestClient;

/// How long a burst or a load may take before the run gives up on it.
const SLOW_LIMIT: Duration = Duration::from_secs(120);

/// A burst of single-character updates from one writer, read by one other client.
#[derive(Debug, Clone, Copy)]
pub struct Burst {
    /// Updates sent.
    pub updates: usize,
    /// Wall time until the reader held them all.
    pub wall: Duration,
    /// Server CPU seconds spent.
    pub server_cpu: f64,
}

/// Sends `updates` one-character updates as fast as one client can, twice into the same
/// document (the second time it already holds the first burst), and reports both, so the
/// cost per update can be compared at two document sizes.
pub async fn burst(server: &RunningServer, updates: usize) -> anyhow::Result<[Burst; 2]> {
    let urls = server.document_urls("burst", 1).await?;
    let url = urls.first().and_then(|board| board.first()).context("no URL")?;
    let writer = TestClient::connect(url).await?;
    let reader = TestClient::connect(url).await?;
    let mut results = Vec::new();
    for round in 1..=2usize {
        let cpu_before = cpu_seconds(&server.pids())?;
        let started = Instant::now();
        for index in 0..updates {
            let at = ((round - 1) * updates + index) as u32;
            writer.edit(|board, txn| board.insert_problem_text(txn, at, "x"));
        }
        let expected = round * updates;
        let arrived = tokio::time::timeout(SLOW_LIMIT, async {
            loop {
                if reader.board.problem_statement().len() >= expected {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        });
        arrived.await.with_context(|| format!("burst {round} did not arrive in {SLOW_LIMIT:?}"))?;
        let wall = started.elapsed();
        results.push(Burst { updates, wall, server_cpu: cpu_seconds(&server.pids())? - cpu_before });
    }
    writer.close();
    reader.close();
    Ok([results[0], results[1]])
}

/// Opening a big board from storage.
#[derive(Debug, Clone)]
pub struct ColdLoad {
    /// Cards on the board.
    pub cards: usize,
    /// Time from opening the socket to receiving the whole board (the server's answer to
    /// the sync request), each time it was opened cold: the server's part.
    pub received: Vec<Duration>,
    /// Time from opening the socket to holding the whole board in a client replica, each
    /// time it was opened cold: includes the client decoding and applying it.
    pub opens: Vec<Duration>,
}

/// Writes a board of `cards` cards, lets the server store and unload it, then opens it cold
/// `times` times two ways (waiting for it to unload before each): a raw socket timing the
/// arrival of the board, and a client timing until its replica holds every card. Polyphony
/// only: it needs `/healthz` to see the unload, and a server that keeps the board on disk.
pub async fn cold_load(server: &RunningServer, cards: usize, times: usize) -> anyhow::Result<ColdLoad> {
    let addr = server.http_addr().context("cold load needs a Polyphony server")?;
    // Documents other scenarios keep loaded; the cold board has unloaded when the count is back here.
    let others = crate::http::loaded_documents(addr).await?;
    let urls = server.document_urls("cold", 1).await?;
    let url = urls.first().and_then(|board| board.first()).context("no URL")?;
    write_cards(url, cards).await?;
    let mut received = Vec::with_capacity(times);
    let mut opens = Vec::with_capacity(times);
    for _ in 0..times {
        crate::http::wait_until_unloaded(addr, others, SLOW_LIMIT).await?;
        let (elapsed, board) = receive_board(url).await?;
        received.push(elapsed);
        anyhow::ensure!(board.card_texts().len() == cards, "a cold open sent {} cards", board.card_texts().len());

        crate::http::wait_until_unloaded(addr, others, SLOW_LIMIT).await?;
        let started = Instant::now();
        let reader = TestClient::connect(url).await?;
        opens.push(started.elapsed());
        anyhow::ensure!(reader.board.card_texts().len() == cards, "a cold open lost cards");
        reader.close();
    }
    Ok(ColdLoad { cards, received, opens })
}

/// Writes `cards` cards through `url`, a hundred per update, and waits until another client
/// holds them all.
pub async fn write_cards(url: &str, cards: usize) -> anyhow::Result<()> {
    const PER_UPDATE: usize = 100;
    let writer = TestClient::connect(url).await?;
    for first in (0..cards).step_by(PER_UPDATE) {
        writer.edit(|board, txn| {
            for number in first..(first + PER_UPDATE).min(cards) {
                board.set_card_text(txn, &format!("card-{number}"), &format!("Idea number {number}"));
            }
        });
    }
    let observer = TestClient::connect(url).await?;
    let complete = tokio::time::timeout(SLOW_LIMIT, async {
        while observer.board.card_texts().len() < cards {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    complete.await.context("the board never held every card")?;
    writer.close();
    observer.close();
    Ok(())
}

/// Opens a socket, asks for the board, and times the arrival of the answer; then (untimed)
/// builds a replica from it.
async fn receive_board(url: &str) -> anyhow::Result<(Duration, polyphony_shared::BoardDoc)> {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message as WsMessage;
    use yrs::sync::{Message, SyncMessage};

    let started = Instant::now();
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await?;
    let request = polyphony_shared::protocol::sync_step1(yrs::StateVector::default());
    socket.send(WsMessage::Binary(request.into())).await?;
    let answer = tokio::time::timeout(SLOW_LIMIT, async {
        while let Some(message) = socket.next().await {
            let WsMessage::Binary(frame) = message? else { continue };
            for message in polyphony_shared::protocol::decode(&frame)? {
                if let Message::Sync(SyncMessage::SyncStep2(update)) = message {
                    return Ok::<_, anyhow::Error>(update);
                }
            }
        }
        anyhow::bail!("the socket closed before the board arrived")
    });
    let update = answer.await.context("the board never arrived")??;
    let elapsed = started.elapsed();
    socket.close(None).await.ok();
    let board = polyphony_shared::BoardDoc::new();
    let update = <yrs::Update as yrs::updates::decoder::Decode>::decode_v1(&update)?;
    yrs::Transact::transact_mut(board.doc()).apply_update(update)?;
    Ok((elapsed, board))
}

/// CPU seconds (user + system) the processes have used.
pub fn cpu_seconds(pids: &[u32]) -> anyhow::Result<f64> {
    let mut total = 0.0;
    for pid in pids {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
        let fields: Vec<&str> = stat.rsplit(')').next().context("bad stat")?.split_whitespace().collect();
        let ticks: f64 =
            fields.get(11).context("no utime")?.parse::<f64>()? + fields.get(12).context("no stime")?.parse::<f64>()?;
        total += ticks / 100.0;
    }
    Ok(total)
}

/// Resident memory of the processes now, in KiB.
pub fn rss_kib(pids: &[u32]) -> anyhow::Result<f64> {
    status_kib(pids, "VmRSS:")
}

/// Peak resident memory of the processes, in KiB.
pub fn peak_rss_kib(pids: &[u32]) -> anyhow::Result<f64> {
    status_kib(pids, "VmHWM:")
}

fn status_kib(pids: &[u32], field: &str) -> anyhow::Result<f64> {
    let mut total = 0.0;
    for pid in pids {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        let line = status.lines().find(|line| line.starts_with(field)).with_context(|| format!("no {field}"))?;
        total += line.split_whitespace().nth(1).context("no number")?.parse::<f64>()?;
    }
    Ok(total)
}
