//! A hidden card's words leave every replica: raw websocket clients and the HTTP API.

use anyhow::Context;
use polyphony_shared::withheld::Withheld;
use polyphony_shared::{CardColour, Command, DocName, NewCard, Perspective};
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::{TestClient, TestServer};
use yrs::{ReadTxn, StateVector, Transact};

const PRIVATE: &str = "Joe at number 12 drinks";

fn content_url(server: &TestServer, board: &TestBoard, token: &str) -> String {
    http::ws_url(server.addr, board.id, DocName::Content, token)
}

fn holds(client: &TestClient, words: &str) -> bool {
    let state = client.board.doc().transact().encode_state_as_update_v1(&StateVector::default());
    state.windows(words.len()).any(|window| window == words.as_bytes())
}

async fn withheld(server: &TestServer, board: &TestBoard, token: &str) -> anyhow::Result<Vec<Withheld>> {
    let path = format!("/api/boards/{}/withheld", board.id);
    let response = http::request_with_token(server.addr, "GET", &path, token, None).await?;
    anyhow::ensure!(response.status == 200, "withheld: {} {:?}", response.status, response.body);
    Ok(serde_json::from_value(response.body)?)
}

/// Ana's card names a neighbour. Once a facilitator hides it, its words are in no replica:
/// not in Ben's (who had them), not in a client that syncs afterwards, and nobody can type
/// into it. Ana and the facilitators can read the words back; Ben cannot. Restoring puts
/// them back for everyone, with the card where it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hidden_cards_words_leave_every_replica_until_restored() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Hiding").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let ben = http::join_as_participant(server.addr, board.id, "Ben", Perspective::Professional).await?;
    let anas = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    let card = NewCard {
        id: "card-1",
        text: PRIVATE,
        colour: CardColour::Pink,
        author_name: "Ana",
        perspective: Perspective::Citizen,
        x: 120.0,
        y: 80.0,
        cluster: None,
    };
    anas.edit(|board, txn| board.add_card(txn, card));
    let bens = TestClient::connect(&content_url(&server, &board, &ben.token)).await?;
    bens.wait_until(|board| board.card_texts().get("card-1").map(String::as_str) == Some(PRIVATE)).await?;

    let hide = Command::HideCard { card: "card-1".into(), reason: "it names a neighbour".into() };
    assert_eq!(http::command(server.addr, board.id, &board.token, &hide).await?.status, 204);
    bens.wait_until(|board| board.card_texts().get("card-1").is_some_and(String::is_empty)).await?;
    assert!(!holds(&bens, PRIVATE) && !holds(&bens, "Ana"), "Ben's replica still holds the words");
    let late = TestClient::connect(&content_url(&server, &board, &ben.token)).await?;
    let leaked =
        late.received_frames().iter().any(|frame| frame.windows(PRIVATE.len()).any(|w| w == PRIVATE.as_bytes()));
    assert!(!leaked, "a client that synced after the hide received the words");
    let snapshot = late.board.snapshot();
    let placeholder = snapshot.cards.iter().find(|card| card.id == "card-1").context("the card keeps its place")?;
    assert_eq!((placeholder.x, placeholder.y, placeholder.colour), (120.0, 80.0, CardColour::Pink));

    // Nobody types into it, the author included.
    let typing = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    typing.edit(|board, txn| board.set_card_text(txn, "card-1", "Joe again"));
    typing.wait_for(|seen, _| !seen.denials.is_empty()).await.context("typing into a hidden card is refused")?;
    assert!(typing.seen().denials[0].contains("hidden"), "{:?}", typing.seen().denials);
    // Moving it is fine (a page making room for a new card may move it).
    let mover = TestClient::connect(&content_url(&server, &board, &ben.token)).await?;
    mover.edit(|board, txn| board.move_card(txn, "card-1", 300.0, 80.0, None));
    bens.wait_until(|board| board.snapshot().cards.iter().any(|card| card.id == "card-1" && card.x == 300.0)).await?;

    // The author and the facilitators read the words back; nobody else does.
    let for_ana = withheld(&server, &board, &ana.token).await?;
    assert_eq!(for_ana.iter().map(|words| words.text.as_str()).collect::<Vec<_>>(), [PRIVATE]);
    assert_eq!(withheld(&server, &board, &board.token).await?.len(), 1);
    assert!(withheld(&server, &board, &ben.token).await?.is_empty());
    // Hiding again keeps the words.
    assert_eq!(http::command(server.addr, board.id, &board.token, &hide).await?.status, 204);
    assert_eq!(withheld(&server, &board, &board.token).await?[0].text, PRIVATE);

    // Kept over a restart, then restored.
    let server = server.restart().await?;
    assert_eq!(withheld(&server, &board, &ana.token).await?[0].author_name, "Ana");
    let restore = Command::RestoreCard { card: "card-1".into() };
    assert_eq!(http::command(server.addr, board.id, &board.token, &restore).await?.status, 204);
    let after = TestClient::connect(&content_url(&server, &board, &ben.token)).await?;
    after.wait_until(|board| board.card_texts().get("card-1").map(String::as_str) == Some(PRIVATE)).await?;
    let restored = after.board.snapshot().cards.into_iter().find(|card| card.id == "card-1").context("card")?;
    assert_eq!((restored.author_name.as_str(), restored.x), ("Ana", 300.0));
    assert!(withheld(&server, &board, &board.token).await?.is_empty());
    assert_eq!(http::command(server.addr, board.id, &board.token, &restore).await?.status, 404);
    Ok(())
}
