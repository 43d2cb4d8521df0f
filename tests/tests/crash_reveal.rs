//! Revealing private cards survives a crash at any moment: the server binary is killed
//! with SIGKILL at moments swept across a reveal, restarted, and the reveal repeated; every
//! private idea is then on the board exactly once, and no draft is left behind. The sweep
//! goes on until it has cut at least one reveal between putting the cards on the board and
//! forgetting the drafts, the moment that used to put every card on the board twice.

use std::net::SocketAddr;
use std::time::Instant;

use anyhow::Context;
use polyphony_shared::{CardColour, Command, DocName, Perspective};
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::{ServerProcess, TestClient};
use rand::Rng;

const IDEAS: usize = 20;
const MOST_ROUNDS: u32 = 300;
const ARGS: &[&str] = &["--rate-limit-per-sec", "10000"];

/// A board whose participant Ana wrote [`IDEAS`] private ideas; returns it and Ana's token.
async fn board_with_drafts(addr: SocketAddr, round: u32) -> anyhow::Result<(TestBoard, String)> {
    let board = http::create_board(addr, &format!("Crash {round}")).await?;
    let ana = http::join_as_participant(addr, board.id, "Ana", Perspective::Citizen).await?;
    let on = Command::SetPrivateWriting { on: true };
    anyhow::ensure!(http::command(addr, board.id, &board.token, &on).await?.status == 204);
    for idea in 0..IDEAS {
        let submit = Command::SubmitCard {
            card: format!("idea-{idea}").into(),
            text: format!("Idea {idea} of round {round}"),
            colour: CardColour::Green,
        };
        anyhow::ensure!(http::command(addr, board.id, &ana.token, &submit).await?.status == 204);
    }
    Ok((board, ana.token))
}

async fn card_texts(addr: SocketAddr, board: &TestBoard) -> anyhow::Result<Vec<String>> {
    let content = TestClient::connect(&http::ws_url(addr, board.id, DocName::Content, &board.token)).await?;
    let texts = content.board.snapshot().cards.into_iter().map(|card| card.text).collect();
    content.close();
    Ok(texts)
}

async fn drafts_left(addr: SocketAddr, board: &TestBoard, token: &str) -> anyhow::Result<usize> {
    let path = format!("/api/boards/{}/drafts", board.id);
    let drafts = http::request_with_token(addr, "GET", &path, token, None).await?;
    Ok(drafts.body.as_array().context("a list")?.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reveal_cut_short_by_kill_9_neither_loses_nor_duplicates_a_card() -> anyhow::Result<()> {
    let data_dir = tempfile::tempdir()?;
    let mut server = ServerProcess::spawn(data_dir.path(), ARGS).await?;
    // How long a whole reveal takes here, to sweep the kill across it.
    let (board, _) = board_with_drafts(server.addr, 0).await?;
    let started = Instant::now();
    anyhow::ensure!(http::command(server.addr, board.id, &board.token, &Command::RevealCards).await?.status == 204);
    let reveal_takes = started.elapsed();

    let mut rng = rand::rng();
    let mut cut_between = 0;
    let mut rounds = 0;
    while cut_between < 2 && rounds < MOST_ROUNDS {
        rounds += 1;
        let (board, ana) = board_with_drafts(server.addr, rounds).await?;
        let (addr, board_id, token) = (server.addr, board.id, board.token.clone());
        let reveal = tokio::spawn(async move { http::command(addr, board_id, &token, &Command::RevealCards).await });
        // Kill at a random moment of the reveal, finer than a timer tick.
        let kill_at = reveal_takes.mul_f64(rng.random_range(0.0..1.5));
        let started = Instant::now();
        while started.elapsed() < kill_at {
            tokio::task::yield_now().await;
        }
        server.kill9().await?;
        reveal.await.ok();
        server = ServerProcess::spawn(data_dir.path(), ARGS).await?;

        let before = card_texts(server.addr, &board).await?;
        if !before.is_empty() && drafts_left(server.addr, &board, &ana).await? > 0 {
            cut_between += 1; // Cards on the board, drafts not forgotten: the dangerous moment.
        }
        let again = http::command(server.addr, board.id, &board.token, &Command::RevealCards).await?;
        assert_eq!(again.status, 204, "{again:?}");
        let texts = card_texts(server.addr, &board).await?;
        for idea in 0..IDEAS {
            let text = format!("Idea {idea} of round {rounds}");
            let copies = texts.iter().filter(|card| **card == text).count();
            assert_eq!(copies, 1, "round {rounds}: {text:?} is on the board {copies} times: {texts:?}");
        }
        assert_eq!(drafts_left(server.addr, &board, &ana).await?, 0, "round {rounds}: drafts left behind");
    }
    eprintln!("{cut_between} cuts between cards and drafts in {rounds} rounds; a reveal takes {reveal_takes:?}");
    assert!(cut_between > 0, "no kill in {rounds} rounds fell between the cards and the drafts ({reveal_takes:?})");
    server.kill9().await
}
