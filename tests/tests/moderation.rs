//! Moderation and anonymity are enforced by the server: raw HTTP and websocket clients.

use anyhow::Context;
use polyphony_shared::{CardColour, Command, DocName, GovernedDoc, NewCard, Perspective};
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::{TestClient, TestServer};
use yrs::Transact;

fn content_url(server: &TestServer, board: &TestBoard, token: &str) -> String {
    http::ws_url(server.addr, board.id, DocName::Content, token)
}

fn card<'a>(id: &'a str, author_name: &'a str) -> NewCard<'a> {
    NewCard {
        id,
        text: "Respite care at weekends",
        colour: CardColour::Yellow,
        author_name,
        perspective: Perspective::Citizen,
        x: 10.0,
        y: 10.0,
        cluster: None,
    }
}

/// A facilitator hides a card with a reason everyone's replica carries (the author's view
/// shows it) and restores it; participants cannot moderate; a reason is required.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facilitators_hide_cards_with_a_reason_and_restore_them() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Moderation").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let anas_view = TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Governed, &ana.token)).await?;
    let anas_board = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    anas_board.edit(|board, txn| board.add_card(txn, card("card-1", "Ana")));
    let observer = TestClient::connect(&server.ws_url(&board)).await?;
    observer.wait_until(|board| board.card_texts().contains_key("card-1")).await?;
    let missing = Command::HideCard { card: "no-such-card".into(), reason: "gone".into() };
    assert_eq!(http::command(server.addr, board.id, &board.token, &missing).await?.status, 404);
    let hide = Command::HideCard { card: "card-1".into(), reason: "it names a neighbour".into() };
    assert_eq!(http::command(server.addr, board.id, &ana.token, &hide).await?.status, 403);
    let no_reason = Command::HideCard { card: "card-1".into(), reason: "  ".into() };
    assert_eq!(http::command(server.addr, board.id, &board.token, &no_reason).await?.status, 400);
    assert_eq!(http::command(server.addr, board.id, &board.token, &hide).await?.status, 204);
    let hidden_reason = |client: &TestClient| {
        let governed = GovernedDoc::from_doc(client.board.doc().clone());
        let txn = client.board.doc().transact();
        governed.hidden_cards(&txn).get("card-1").map(|hidden| hidden.reason.clone())
    };
    anas_view.wait_until(|_| hidden_reason(&anas_view).is_some()).await?;
    assert_eq!(hidden_reason(&anas_view).as_deref(), Some("it names a neighbour"));

    let restore = Command::RestoreCard { card: "card-1".into() };
    assert_eq!(http::command(server.addr, board.id, &board.token, &restore).await?.status, 204);
    anas_view.wait_until(|_| hidden_reason(&anas_view).is_none()).await?;
    assert_eq!(http::command(server.addr, board.id, &board.token, &restore).await?.status, 404);
    Ok(())
}

/// In anonymous mode an update that names a card's author is refused before anyone gets
/// it, so no frame another participant receives carries the author's name; anonymous cards
/// flow as usual.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_mode_keeps_author_names_out_of_every_frame() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Anonymous").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana Lopes", Perspective::Citizen).await?;
    let ben = http::join_as_participant(server.addr, board.id, "Ben", Perspective::Professional).await?;
    let on = http::command(server.addr, board.id, &board.token, &Command::SetAnonymous { on: true }).await?;
    assert_eq!(on.status, 204);
    let bens = TestClient::connect(&content_url(&server, &board, &ben.token)).await?;

    let signing = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    signing.edit(|board, txn| board.add_card(txn, card("signed", "Ana Lopes")));
    signing.wait_for(|seen, _| !seen.denials.is_empty()).await.context("a signed card is refused")?;
    assert!(signing.seen().denials[0].contains("anonymous"), "{:?}", signing.seen().denials);

    // An author name as a shared text, empty at first, to be typed into later: refused too.
    let nested = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    nested.edit(|board, txn| board.add_card(txn, card("nested", "")));
    let cards = nested.board.doc().get_or_insert_map("cards");
    nested.edit(|_, txn| {
        use yrs::Map;
        if let Some(yrs::Out::YMap(card)) = cards.get(txn, "nested") {
            card.insert(txn, "authorName", yrs::types::text::TextPrelim::new(""));
        }
    });
    nested.wait_for(|seen, _| !seen.denials.is_empty()).await.context("a text author name is refused")?;

    let anonymous = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    anonymous.edit(|board, txn| board.add_card(txn, card("unsigned", "")));
    bens.wait_until(|board| board.card_texts().contains_key("unsigned")).await?;
    assert!(!bens.board.card_texts().contains_key("signed"));
    let leaked = bens.received_frames().iter().any(|frame| frame.windows(9).any(|window| window == b"Ana Lopes"));
    assert!(!leaked, "a frame sent to another participant carries the author's name");

    let off = http::command(server.addr, board.id, &board.token, &Command::SetAnonymous { on: false }).await?;
    assert_eq!(off.status, 204);
    Ok(())
}

/// Nobody signs a card with someone else's name, nor changes who wrote a card: a new card
/// carries its writer's own name (or none), and an author name is written only with the
/// card. A participant's honest card goes through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cards_carry_their_writers_name_and_keep_it() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Authorship").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana Lopes", Perspective::Citizen).await?;
    let mallory = http::join_as_participant(server.addr, board.id, "Mallory", Perspective::Citizen).await?;
    let anas = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    anas.edit(|board, txn| board.add_card(txn, card("honest", "Ana Lopes")));
    let observer = TestClient::connect(&server.ws_url(&board)).await?;
    observer.wait_until(|board| board.card_texts().contains_key("honest")).await?;

    let forger = TestClient::connect(&content_url(&server, &board, &mallory.token)).await?;
    forger.edit(|board, txn| board.add_card(txn, card("forged", "Ana Lopes")));
    forger.wait_for(|seen, _| !seen.denials.is_empty()).await.context("a card signed as Ana is refused")?;
    assert!(forger.seen().denials[0].contains("own name"), "{:?}", forger.seen().denials);

    let renamer = TestClient::connect(&content_url(&server, &board, &mallory.token)).await?;
    let cards = renamer.board.doc().get_or_insert_map("cards");
    renamer.edit(|_, txn| {
        use yrs::Map;
        if let Some(yrs::Out::YMap(card)) = cards.get(txn, "honest") {
            card.insert(txn, "authorName", "Mallory");
        }
    });
    renamer.wait_for(|seen, _| !seen.denials.is_empty()).await.context("renaming Ana's card is refused")?;
    assert!(renamer.seen().denials[0].contains("cannot be changed"), "{:?}", renamer.seen().denials);

    let own = TestClient::connect(&content_url(&server, &board, &mallory.token)).await?;
    own.edit(|board, txn| board.add_card(txn, card("mine", "Mallory")));
    observer.wait_until(|board| board.card_texts().contains_key("mine")).await?;
    let cards = observer.board.snapshot().cards;
    let author = |id: &str| cards.iter().find(|card| card.id == id).map(|card| card.author_name.clone());
    assert_eq!(author("honest").as_deref(), Some("Ana Lopes"));
    assert_eq!(author("forged"), None);
    Ok(())
}

/// Turning anonymous mode on takes the names off the cards already on the board: a client
/// that syncs afterwards receives no name in any frame, and the cards stay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymity_strips_the_names_of_earlier_cards() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Strip").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana Lopes", Perspective::Citizen).await?;
    let anas = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    anas.edit(|board, txn| board.add_card(txn, card("before", "Ana Lopes")));
    let early = TestClient::connect(&server.ws_url(&board)).await?;
    early.wait_until(|board| board.card_texts().contains_key("before")).await?;

    let on = http::command(server.addr, board.id, &board.token, &Command::SetAnonymous { on: true }).await?;
    assert_eq!(on.status, 204);
    early.wait_until(|board| board.snapshot().cards.iter().all(|card| card.author_name.is_empty())).await?;
    let late = TestClient::connect(&server.ws_url(&board)).await?;
    late.wait_until(|board| board.card_texts().contains_key("before")).await?;
    let leaked = late.received_frames().iter().any(|frame| frame.windows(9).any(|window| window == b"Ana Lopes"));
    assert!(!leaked, "a client that joined after anonymity was turned on received a name");
    Ok(())
}
