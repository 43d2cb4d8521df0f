//! Prints what a roomful answering one poll does to Polyphony (issue 16): `--participants`
//! people join, then answer one choice poll within `--seconds`, spread evenly, each with
//! their own pass over HTTP; a presenter follows the live counts over a websocket (on the
//! other instance, when two share the board through Redis). Reports that every answer was
//! counted exactly once (the live counts, then the revealed results and the CSV agree with
//! what was sent), how soon after each answer was sent the presenter's count covered it
//! (p50/p95/p99/max), and the servers' CPU time and peak memory. Not a test: the figures go
//! to `docs/benchmarks.md`.
//!
//! Build first: `cargo build --release -p polyphony-server -p polyphony-tests`, then
//! `target/release/poll-bench` (one instance, then two over Redis).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::ids::ActivityId;
use polyphony_shared::polls::PollStatus;
use polyphony_shared::{Command, DocName, GovernedDoc, Perspective, Phase};
use polyphony_tests::load::special::{cpu_seconds, peak_rss_kib};
use polyphony_tests::redis_server::RedisServer;
use polyphony_tests::shared_redis::SharedRedis;
use polyphony_tests::{ServerProcess, TestClient, http};
use tokio::sync::Mutex;
use yrs::Transact;

#[derive(Parser)]
struct Options {
    /// People who answer.
    #[arg(long, default_value_t = 1000)]
    participants: usize,
    /// Seconds over which they answer.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Only one instance, or only two over Redis.
    #[arg(long)]
    only: Option<String>,
}

/// Joins as many as a roomful may without the join limits meant for strangers.
const FLAGS: [&str; 4] = ["--joins-per-address", "1000000", "--joins-per-board", "1000000"];
const OPTIONS: [&str; 4] = ["By bus", "Someone gives me a lift", "On foot", "I do not come"];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = Options::parse();
    println!("{} participants answer one choice poll within {} s", options.participants, options.seconds);
    for scaled_out in [false, true] {
        let name = if scaled_out { "polyphony×2+redis" } else { "polyphony" };
        if options.only.as_deref().is_some_and(|only| !name.contains(only) || (only == "polyphony" && scaled_out)) {
            continue;
        }
        let data_dir = tempfile::tempdir()?;
        let redis = if scaled_out { Some(RedisServer::start_pinned(0).await?) } else { None };
        let url = redis.as_ref().map(RedisServer::url).unwrap_or_default();
        let mut flags: Vec<&str> = FLAGS.to_vec();
        if scaled_out {
            flags.extend(["--redis-url", url.as_str()]);
        }
        let mut instances = Vec::new();
        for _ in 0..if scaled_out { 2 } else { 1 } {
            instances.push(ServerProcess::spawn_pinned(data_dir.path(), &flags, 0).await?);
        }
        let addrs: Vec<SocketAddr> = instances.iter().map(|instance| instance.addr).collect();
        let mut pids: Vec<u32> = instances.iter().filter_map(ServerProcess::pid).collect();
        pids.extend(redis.as_ref().and_then(RedisServer::pid));
        let run = run(&addrs, &pids, &options).await?;
        println!("{name:<18} {run}");
    }
    Ok(())
}

/// What one run measured.
struct Run {
    counted: u32,
    revealed: u32,
    csv_rows: usize,
    sent: usize,
    latency_ms: [f64; 4],
    cpu_s: f64,
    peak_mib: f64,
    answering_s: f64,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [p50, p95, p99, max] = self.latency_ms;
        write!(
            f,
            "sent {} in {:.1} s · counted live {} · revealed {} · CSV rows {} · answer → presenter p50 {p50:.0} ms, p95 {p95:.0} ms, p99 {p99:.0} ms, max {max:.0} ms · server CPU {:.2} s, peak RSS {:.0} MiB",
            self.sent, self.answering_s, self.counted, self.revealed, self.csv_rows, self.cpu_s, self.peak_mib
        )
    }
}

async fn run(addrs: &[SocketAddr], pids: &[u32], options: &Options) -> anyhow::Result<Run> {
    let first = addrs[0];
    let board = http::create_board(first, "Getting to the day centre").await?;
    let add = polyphony_tests::agenda::add(ActivityKind::Choice, Phase::CoDefinition, "How do you get here?");
    anyhow::ensure!(http::command(first, board.id, &board.token, &add).await?.status == 204);
    let presenter_addr = addrs[addrs.len() - 1];
    let screen = http::join_as_observer(presenter_addr, board.id, "Projector").await?;
    let governed =
        TestClient::connect(&http::ws_url(presenter_addr, board.id, DocName::Governed, &screen.token)).await?;
    governed.wait_until(|_| !polyphony_tests::agenda::of(&governed).is_empty()).await?;
    let poll = polyphony_tests::agenda::of(&governed)[0].id;
    let setup = Command::SetPoll {
        activity: poll,
        options: OPTIONS.iter().map(|option| (*option).to_owned()).collect(),
        points: 0,
        several: false,
        live: true,
    };
    for command in [setup, Command::StartActivity { activity: poll }] {
        anyhow::ensure!(http::command(first, board.id, &board.token, &command).await?.status == 204);
    }

    // Everyone joins first (a third citizens, a third professionals, a third others).
    let perspectives = [Perspective::Citizen, Perspective::Professional, Perspective::Other];
    let mut people = Vec::with_capacity(options.participants);
    for at in 0..options.participants {
        let addr = addrs[at % addrs.len()];
        let joined = http::join_as_participant(addr, board.id, &format!("Person {at}"), perspectives[at % 3]).await?;
        people.push((addr, joined.token));
    }

    // The presenter's count, sampled every 2 ms: when it first covered each number of answers.
    let covered: Arc<Mutex<Vec<Instant>>> = Arc::new(Mutex::new(Vec::new()));
    let watching = tokio::spawn(watch(governed, poll, options.participants, covered.clone()));

    let cpu_before = cpu_seconds(pids)?;
    let start = Instant::now();
    let spacing = Duration::from_secs(options.seconds).as_secs_f64() / options.participants as f64;
    let mut sending = Vec::with_capacity(options.participants);
    for (at, (addr, token)) in people.into_iter().enumerate() {
        let due = start + Duration::from_secs_f64(spacing * at as f64);
        let (board_id, choice) = (board.id, u32::try_from(at % OPTIONS.len())?);
        sending.push(tokio::spawn(async move {
            tokio::time::sleep_until(due.into()).await;
            let sent = Instant::now();
            let answer = Command::AnswerPoll { activity: poll, answer: vec![choice] };
            let status = http::command(addr, board_id, &token, &answer).await?.status;
            anyhow::ensure!(status == 204, "answer refused: {status}");
            Ok::<_, anyhow::Error>((sent, Instant::now()))
        }));
    }
    let mut times = Vec::with_capacity(sending.len());
    for task in sending {
        times.push(task.await??);
    }
    let answering_s = start.elapsed().as_secs_f64();
    let counted = tokio::time::timeout(Duration::from_secs(30), watching).await???;
    let cpu_s = cpu_seconds(pids)? - cpu_before;

    // Each answer, by the order it was acknowledged: the presenter covered it once its count
    // reached that answer's rank.
    times.sort_by_key(|(_, acknowledged)| *acknowledged);
    let covered = covered.lock().await.clone();
    let mut latencies: Vec<f64> = times
        .iter()
        .enumerate()
        .map(|(rank, (sent, _))| {
            covered.get(rank).map_or(f64::INFINITY, |seen| seen.saturating_duration_since(*sent).as_secs_f64() * 1000.0)
        })
        .collect();
    latencies.sort_by(f64::total_cmp);
    let quantile = |q: f64| latencies[((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1];

    // Revealed, the results and the CSV count every answer once.
    anyhow::ensure!(
        http::command(first, board.id, &board.token, &Command::RevealPoll { activity: poll }).await?.status == 204
    );
    let presenter =
        TestClient::connect(&http::ws_url(presenter_addr, board.id, DocName::Governed, &screen.token)).await?;
    presenter.wait_until(|_| revealed_total(&presenter, poll).is_some()).await?;
    let revealed = revealed_total(&presenter, poll).unwrap_or_default();
    let path = format!("/api/boards/{}/polls/{poll}/answers.csv", board.id);
    let bearer = format!("Bearer {}", board.token);
    let csv = http::raw_request(first, "GET", &path, &[("authorization", bearer.as_str())], None).await?;
    let csv_rows = String::from_utf8(csv.body.to_vec())?.lines().count().saturating_sub(1);
    Ok(Run {
        counted,
        revealed,
        csv_rows,
        sent: times.len(),
        latency_ms: [quantile(0.5), quantile(0.95), quantile(0.99), quantile(1.0)],
        cpu_s,
        peak_mib: peak_rss_kib(pids)? / 1024.0,
        answering_s,
    })
}

/// How many answered, as the presenter's replica says.
fn answered(governed: &TestClient, poll: ActivityId) -> u32 {
    let doc = GovernedDoc::from_doc(governed.board.doc().clone());
    let results = doc.polls(&governed.board.doc().transact()).remove(&poll).and_then(|poll| poll.results);
    results.map_or(0, |results| results.answered.iter().sum())
}

/// The revealed results' number of answers, once revealed.
fn revealed_total(governed: &TestClient, poll: ActivityId) -> Option<u32> {
    let doc = GovernedDoc::from_doc(governed.board.doc().clone());
    let poll = doc.polls(&governed.board.doc().transact()).remove(&poll)?;
    let results = poll.results.filter(|_| poll.status == PollStatus::Revealed)?;
    Some(results.counts.values().map(|counts| counts.iter().sum::<u32>()).sum())
}

/// Samples the presenter's count until it reaches `expected` (or stops rising for 10 s);
/// records when each count was first reached.
async fn watch(
    governed: TestClient,
    poll: ActivityId,
    expected: usize,
    covered: Arc<Mutex<Vec<Instant>>>,
) -> anyhow::Result<u32> {
    let mut last_change = Instant::now();
    loop {
        let count = answered(&governed, poll) as usize;
        let now = Instant::now();
        let mut seen = covered.lock().await;
        if count > seen.len() {
            seen.resize(count, now);
            last_change = now;
        }
        if count >= expected || last_change.elapsed() > Duration::from_secs(10) && !seen.is_empty() {
            return Ok(u32::try_from(count)?);
        }
        drop(seen);
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}
