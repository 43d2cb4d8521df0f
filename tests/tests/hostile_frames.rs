//! Hostile frames close only the socket that sent them: the server stays up, stays small,
//! and nothing of them is stored or forwarded. Each test sends what a security review sent.

use anyhow::Context;
use polyphony_shared::{CloseReason, Perspective};
use polyphony_tests::http;
use polyphony_tests::{ServerProcess, TestClient, TestServer, crafted};

/// Two healthy clients on a board, to show the room keeps working around an attacker.
struct Bystanders {
    writer: TestClient,
    reader: TestClient,
}

impl Bystanders {
    async fn join(url: &str) -> anyhow::Result<Bystanders> {
        Ok(Bystanders { writer: TestClient::connect(url).await?, reader: TestClient::connect(url).await? })
    }

    /// An edit from one still reaches the other.
    async fn still_syncing(&self, marker: &str) -> anyhow::Result<()> {
        self.writer.edit(|board, txn| board.set_card_text(txn, marker, marker));
        self.reader.wait_until(|board| board.card_texts().contains_key(marker)).await
    }
}

/// The most memory the process has held, in MiB.
fn peak_rss_mib(server: &ServerProcess) -> anyhow::Result<f64> {
    server.memory_mib("VmHWM:")
}

/// An update whose value nests 5,000 arrays deep overflowed a worker's stack while yrs
/// decoded it, aborting the whole server; 4,000 deep was stored and sent to every browser.
/// Both are now refused with 1007 before anything decodes them, on a server process that
/// stays up for everyone else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deeply_nested_values_are_refused_and_the_server_stays_up() -> anyhow::Result<()> {
    let data = tempfile::tempdir()?;
    let server = ServerProcess::spawn(data.path(), &[]).await?;
    let board = http::create_board(server.addr, "Deep").await?;
    let url = board.url(server.addr);
    let bystanders = Bystanders::join(&url).await?;
    for depth in [4_000, 5_000, 50_000] {
        let attacker = TestClient::join_as_participant(server.addr, board.id, "Mallory", Perspective::Citizen).await?;
        attacker.send_frame(polyphony_shared::protocol::update(crafted::nested_value_update(77, depth)));
        assert_eq!(attacker.wait_closed().await?, Some(CloseReason::MalformedFrame.code()), "depth {depth}");
    }
    bystanders.still_syncing("after deep values").await?;
    let fresh = TestClient::connect(&url).await?;
    assert!(!holds_card_entry(&fresh, "deep"), "nothing of them was stored");
    assert_eq!(server.terminate().await?, Some(0), "the server is still running and shuts down cleanly");
    Ok(())
}

/// Frames of seven or eight bytes declaring 2^28 entries made the server reserve 256–512
/// MiB each. Sent again and again from several sockets, they are refused with 1007 and the
/// server's memory stays where it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tiny_frames_declaring_huge_counts_cost_nothing() -> anyhow::Result<()> {
    let data = tempfile::tempdir()?;
    let server = ServerProcess::spawn(data.path(), &[]).await?;
    let board = http::create_board(server.addr, "Counts").await?;
    let bystanders = Bystanders::join(&board.url(server.addr)).await?;
    let before = peak_rss_mib(&server)?;
    for round in 0..10 {
        for frame in crafted::huge_count_frames() {
            let attacker =
                TestClient::join_as_participant(server.addr, board.id, "Mallory", Perspective::Citizen).await?;
            attacker.send_frame(frame);
            assert_eq!(attacker.wait_closed().await?, Some(CloseReason::MalformedFrame.code()), "round {round}");
        }
    }
    bystanders.still_syncing("after huge counts").await?;
    let after = peak_rss_mib(&server)?;
    assert!(after < before + 64.0, "peak RSS went from {before:.0} MiB to {after:.0} MiB");
    Ok(())
}

/// One 650-byte message holding 150 sync requests and 50 presence queries made the server
/// build and hold a copy of the board per request. A frame may carry one request of each
/// kind; more close the socket with 1008 before any answer is built.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frames_packed_with_requests_are_refused() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Requests").await?;
    let bystanders = Bystanders::join(&board.url(server.addr)).await?;
    let attacker = TestClient::join_as_participant(server.addr, board.id, "Mallory", Perspective::Citizen).await?;
    let frame = crafted::request_flood_frame(150, 50);
    assert!(frame.len() < 700, "the frame is {} bytes", frame.len());
    attacker.send_frame(frame);
    assert_eq!(attacker.wait_closed().await?, Some(CloseReason::RateLimited.code()));
    // Queries count as the work they cause: 300 single queries hit the limit too.
    let flooder = TestClient::join_as_participant(server.addr, board.id, "Flood", Perspective::Citizen).await?;
    for _ in 0..600 {
        flooder.send_frame(crafted::request_flood_frame(0, 1));
    }
    assert_eq!(flooder.wait_closed().await?, Some(CloseReason::RateLimited.code()));
    bystanders.still_syncing("after packed requests").await
}

/// A presence state that is not JSON was forwarded raw and made every y-websocket peer
/// throw. It now closes the sender with 1007, and nobody receives it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_that_is_not_json_is_refused() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Presence").await?;
    let watcher = TestClient::connect(&board.url(server.addr)).await?;
    let attacker = TestClient::join_as_participant(server.addr, board.id, "Mallory", Perspective::Citizen).await?;
    attacker.send_frame(crafted::broken_presence_frame(4242));
    assert_eq!(attacker.wait_closed().await?, Some(CloseReason::MalformedFrame.code()));
    let sent_on = watcher.received_frames().iter().any(|frame| frame.windows(13).any(|w| w == b"unterminated\""));
    assert!(!sent_on, "the broken state reached a peer");
    Ok(())
}

/// One connection announcing 500,000 made-up client ids grew the presence table (and every
/// newcomer's first frame) without end. A connection may hold a few ids; the next one
/// closes it with 1008, and its entries are removed for everyone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_ids_per_connection_are_capped() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Ids").await?;
    let watcher = TestClient::connect(&board.url(server.addr)).await?;
    let attacker = TestClient::join_as_participant(server.addr, board.id, "Mallory", Perspective::Citizen).await?;
    for client in 0..500u64 {
        attacker.send_frame(crafted::presence_frame(1_000 + client, 1));
    }
    assert_eq!(attacker.wait_closed().await?, Some(CloseReason::RateLimited.code()));
    watcher.wait_for(|_, _| watcher.present_others().is_empty()).await.context("the attacker's entries are gone")?;
    // A newcomer is shown everyone present before its sync completes.
    let newcomer = TestClient::connect(&board.url(server.addr)).await?;
    assert!(newcomer.present_others().is_empty(), "a newcomer sees none of the made-up ids");
    Ok(())
}

/// Whether the client's replica has an entry `key` in the cards map, whatever its value.
fn holds_card_entry(client: &TestClient, key: &str) -> bool {
    let json = client.board.to_json();
    let yrs::Any::Map(roots) = json else { return false };
    matches!(roots.get("cards"), Some(yrs::Any::Map(cards)) if cards.contains_key(key))
}
