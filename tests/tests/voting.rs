//! Dot voting holds against crafted traffic: budget, cap, identity, hidden results, frozen
//! rounds, and the reveal per perspective.

use polyphony_shared::voting::{MyVotes, Round, RoundStatus, Tally, VoteTarget};
use polyphony_shared::{Command, DocName, GovernedDoc, Perspective, RoundId};
use polyphony_tests::client::put_cards;
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::{TestClient, TestServer};
use yrs::Transact;

async fn open_round(server: &TestServer, board: &TestBoard, budget: u32, cap: u32) -> anyhow::Result<RoundId> {
    let open = Command::OpenRound {
        title: "Which ideas first?".into(),
        target: VoteTarget::Cards,
        budget,
        cap,
        activity: None,
    };
    let opened = http::command(server.addr, board.id, &board.token, &open).await?;
    anyhow::ensure!(opened.status == 200, "open round answered {opened:?}");
    Ok(RoundId::parse(opened.body["round"].as_str().unwrap_or_default())?)
}

async fn vote(
    server: &TestServer,
    board: &TestBoard,
    token: &str,
    round: RoundId,
    item: &str,
    dots: u32,
) -> anyhow::Result<http::JsonResponse> {
    http::command(server.addr, board.id, token, &Command::Vote { round, item: item.into(), dots }).await
}

fn round_seen(client: &TestClient, round: RoundId) -> Option<Round> {
    let governed = GovernedDoc::from_doc(client.board.doc().clone());
    let txn = client.board.doc().transact();
    governed.round(&txn, round)
}

/// Votes stay within the per-person budget and the per-item cap, observers cannot vote,
/// participants cannot run rounds, and nobody can read the ballots before the reveal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes_stay_within_budget_and_cap() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Dots").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let screen = http::join_as_observer(server.addr, board.id, "Projector").await?;
    put_cards(&server.ws_url(&board), &["card-a", "card-b"]).await?;
    let round = open_round(&server, &board, 3, 2).await?;

    let first = vote(&server, &board, &ana.token, round, "card-a", 2).await?;
    assert_eq!(first.status, 200, "{:?}", first.body);
    let mine: MyVotes = serde_json::from_value(first.body)?;
    assert_eq!(mine.remaining, 1);
    let over_budget = vote(&server, &board, &ana.token, round, "card-b", 2).await?;
    assert_eq!(over_budget.status, 409, "{:?}", over_budget.body);
    assert!(
        over_budget.body["error"].as_str().is_some_and(|error| error.contains("1 dots left")),
        "{:?}",
        over_budget.body
    );
    let over_cap = vote(&server, &board, &ana.token, round, "card-a", 3).await?;
    assert_eq!(over_cap.status, 409, "{:?}", over_cap.body);
    assert_eq!(vote(&server, &board, &ana.token, round, "card-b", 1).await?.status, 200);
    let taken_back = vote(&server, &board, &ana.token, round, "card-a", 0).await?;
    let mine: MyVotes = serde_json::from_value(taken_back.body)?;
    assert_eq!((mine.remaining, mine.allocation.len()), (2, 1));

    assert_eq!(vote(&server, &board, &screen.token, round, "card-a", 1).await?.status, 403, "observers cannot vote");
    let unknown_round = RoundId::random_from(&mut std::iter::repeat(7));
    assert_eq!(vote(&server, &board, &ana.token, unknown_round, "card-a", 1).await?.status, 409);
    for command in [Command::CloseRound { round }, Command::RevealRound { round }] {
        assert_eq!(http::command(server.addr, board.id, &ana.token, &command).await?.status, 403);
    }
    let mine = http::request_with_token(
        server.addr,
        "GET",
        &format!("/api/boards/{}/rounds/{round}/votes", board.id),
        &ana.token,
        None,
    )
    .await?;
    assert_eq!(mine.body["remaining"], 2);

    let ballots_url = http::ws_url(server.addr, board.id, DocName::Ballots, &board.token);
    let refused = tokio_tungstenite::connect_async(ballots_url).await;
    assert!(
        matches!(&refused, Err(tokio_tungstenite::tungstenite::Error::Http(response)) if response.status() == 403),
        "even a facilitator cannot read the ballots"
    );
    let anas_view = TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Governed, &ana.token)).await?;
    let seen = round_seen(&anas_view, round).ok_or_else(|| anyhow::anyhow!("the round is not in governed state"))?;
    assert_eq!((seen.status, seen.results), (RoundStatus::Open, None), "results stay hidden while the round is open");
    Ok(())
}

/// A closed round takes no votes; the reveal shows the dots per item, combined and per
/// perspective, to everyone, and cannot be repeated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reveal_shows_results_per_perspective_and_closed_rounds_are_frozen() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Reveal").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let ben = http::join_as_participant(server.addr, board.id, "Ben", Perspective::Professional).await?;
    put_cards(&server.ws_url(&board), &["card-a", "card-b"]).await?;
    let round = open_round(&server, &board, 5, 3).await?;
    assert_eq!(vote(&server, &board, &ana.token, round, "card-a", 2).await?.status, 200);
    assert_eq!(vote(&server, &board, &ben.token, round, "card-a", 1).await?.status, 200);
    assert_eq!(vote(&server, &board, &ben.token, round, "card-b", 1).await?.status, 200);

    assert_eq!(http::command(server.addr, board.id, &board.token, &Command::CloseRound { round }).await?.status, 204);
    assert_eq!(vote(&server, &board, &ana.token, round, "card-b", 1).await?.status, 409, "a closed round is frozen");
    assert_eq!(http::command(server.addr, board.id, &board.token, &Command::RevealRound { round }).await?.status, 204);
    let again = http::command(server.addr, board.id, &board.token, &Command::RevealRound { round }).await?;
    assert_eq!(again.status, 409);

    let bens_view = TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Governed, &ben.token)).await?;
    let revealed = round_seen(&bens_view, round).ok_or_else(|| anyhow::anyhow!("no round"))?;
    assert_eq!(revealed.status, RoundStatus::Revealed);
    let results = revealed.results.unwrap_or_default();
    assert_eq!(results.get("card-a"), Some(&Tally { total: 3, citizen: 2, professional: 1, other: 0 }));
    assert_eq!(results.get("card-b"), Some(&Tally { total: 1, citizen: 0, professional: 1, other: 0 }));
    Ok(())
}

/// Dots go only on items of the round's kind that are on the board and visible, and a
/// participant removed by the facilitator does not count in the reveal; taking dots back
/// from an item that went away is always possible.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes_count_only_real_visible_items_and_present_people() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Stuffing").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let sock = http::join_as_participant(server.addr, board.id, "Sock", Perspective::Citizen).await?;
    put_cards(&server.ws_url(&board), &["card-a", "card-b", "card-c"]).await?;
    let facilitators = TestClient::connect(&server.ws_url(&board)).await?;
    facilitators.edit(|board, txn| board.add_question(txn, "q-1", "How might we?"));
    let round = open_round(&server, &board, 5, 3).await?;

    for (item, why) in [("made-up", "an unknown id"), ("q-1", "a question in a round on ideas")] {
        let refused = vote(&server, &board, &ana.token, round, item, 1).await?;
        assert_eq!(refused.status, 409, "{why}: {:?}", refused.body);
    }
    assert_eq!(vote(&server, &board, &ana.token, round, "card-b", 1).await?.status, 200);
    let hide = Command::HideCard { card: "card-b".into(), reason: "personal data".into() };
    assert_eq!(http::command(server.addr, board.id, &board.token, &hide).await?.status, 204);
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    governed
        .wait_until(|doc| !GovernedDoc::from_doc(doc.doc().clone()).hidden_cards(&doc.doc().transact()).is_empty())
        .await?;
    let on_hidden = vote(&server, &board, &ana.token, round, "card-b", 2).await?;
    assert_eq!(on_hidden.status, 409, "a hidden card takes no dots: {:?}", on_hidden.body);
    assert_eq!(vote(&server, &board, &ana.token, round, "card-b", 0).await?.status, 200, "dots come back");
    facilitators.edit(|board, txn| board.delete_card(txn, "card-c", 1.0));
    let writer = TestClient::connect(&server.ws_url(&board)).await?;
    writer.wait_until(|board| !board.card_texts().contains_key("card-c")).await?;
    assert_eq!(vote(&server, &board, &ana.token, round, "card-c", 1).await?.status, 409, "a deleted card");

    assert_eq!(vote(&server, &board, &ana.token, round, "card-a", 1).await?.status, 200);
    assert_eq!(vote(&server, &board, &sock.token, round, "card-a", 3).await?.status, 200);
    let remove = Command::RemoveParticipant { participant: sock.participant.id };
    assert_eq!(http::command(server.addr, board.id, &board.token, &remove).await?.status, 204);
    assert_eq!(http::command(server.addr, board.id, &board.token, &Command::RevealRound { round }).await?.status, 204);
    governed.wait_until(|doc| round_seen_in(doc, round).is_some_and(|round| round.results.is_some())).await?;
    let results = round_seen(&governed, round).and_then(|round| round.results).unwrap_or_default();
    assert_eq!(results.get("card-a"), Some(&Tally { total: 1, citizen: 1, professional: 0, other: 0 }));
    Ok(())
}

fn round_seen_in(board: &polyphony_shared::BoardDoc, round: RoundId) -> Option<Round> {
    GovernedDoc::from_doc(board.doc().clone()).round(&board.doc().transact(), round)
}
