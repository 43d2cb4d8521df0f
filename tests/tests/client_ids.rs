//! Every yrs client id of a board's content belongs to the participant who first wrote
//! under it: raw websocket clients try to write under someone else's.

use anyhow::Context;
use polyphony_shared::{BoardDoc, CardColour, Command, DocName, NewCard, Perspective};
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::{TestClient, TestServer};
use yrs::{ClientID, Doc, GetString, Map, OffsetKind, Options, ReadTxn, Text, Transact, WriteTxn};

fn content_url(server: &TestServer, board: &TestBoard, token: &str) -> String {
    http::ws_url(server.addr, board.id, DocName::Content, token)
}

/// A replica that writes under `client`, as a squatter builds it.
fn replica_under(client: u64) -> BoardDoc {
    let options = Options { client_id: ClientID::new(client), offset_kind: OffsetKind::Utf16, ..Options::default() };
    BoardDoc::from_doc(Doc::with_options(options))
}

fn client_id(board: &BoardDoc) -> u64 {
    board.doc().client_id().get()
}

/// Appends to the problem statement.
fn type_at_end(client: &TestClient, text: &str) {
    client.edit(|board, txn| {
        let statement = txn.get_text("problemStatement").map(|text| text.len(txn)).unwrap_or_default();
        board.insert_problem_text(txn, statement, text);
    });
}

fn statement(client: &TestClient) -> String {
    let txn = client.board.doc().transact();
    txn.get_text("problemStatement").map(|text| text.get_string(&txn)).unwrap_or_default()
}

/// Mallory writes under Ana's client id (public in every state vector): refused, nothing
/// reaches anyone, and Ana goes on typing with her own clocks. The same holds after a
/// restart (the binding is stored with the board), for the server's own id, and nobody
/// writes the bindings themselves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_writes_under_another_persons_client_id() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Client ids").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let mallory = http::join_as_participant(server.addr, board.id, "Mallory", Perspective::Citizen).await?;
    let anas = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    type_at_end(&anas, "Older people are lonely.");
    let observer = TestClient::connect(&server.ws_url(&board)).await?;
    observer.wait_until(|board| board.problem_statement() == "Older people are lonely.").await?;

    let squatter = TestClient::connect_with_replica(
        &content_url(&server, &board, &mallory.token),
        replica_under(client_id(&anas.board)),
    )
    .await?;
    type_at_end(&squatter, " Mallory was here.");
    squatter.wait_for(|seen, _| !seen.denials.is_empty()).await.context("writing under Ana's id is refused")?;
    assert!(squatter.seen().denials[0].contains("another person's device"), "{:?}", squatter.seen().denials);

    type_at_end(&anas, " Care visits are short.");
    let both = "Older people are lonely. Care visits are short.";
    observer.wait_until(|board| board.problem_statement() == both).await?;
    anas.wait_until(|board| board.problem_statement() == both).await?;
    assert_eq!(statement(&observer), both);

    // Mallory under her own id is fine.
    let own = TestClient::connect(&content_url(&server, &board, &mallory.token)).await?;
    type_at_end(&own, " Transport is hard.");
    let three = format!("{both} Transport is hard.");
    observer.wait_until(|board| board.problem_statement() == three).await?;

    // The bindings are the server's to write.
    let forger = TestClient::connect(&content_url(&server, &board, &mallory.token)).await?;
    forger.edit(|_, txn| {
        let writers = txn.get_or_insert_map("writers");
        writers.insert(txn, client_id(&anas.board).to_string(), "mine now");
    });
    forger.wait_for(|seen, _| !seen.denials.is_empty()).await.context("writing a binding is refused")?;

    // The server writes too (anonymity strips Ana's name from her card): its id is its own.
    let card = NewCard {
        id: "card-1",
        text: "Respite care at weekends",
        colour: CardColour::Yellow,
        author_name: "Ana",
        perspective: Perspective::Citizen,
        x: 10.0,
        y: 10.0,
        cluster: None,
    };
    anas.edit(|board, txn| board.add_card(txn, card));
    observer.wait_until(|board| board.card_texts().contains_key("card-1")).await?;
    let anonymous = http::command(server.addr, board.id, &board.token, &Command::SetAnonymous { on: true }).await?;
    assert_eq!(anonymous.status, 204);
    observer.wait_until(|board| board.snapshot().cards.iter().all(|card| card.author_name.is_empty())).await?;
    let server_id = {
        let txn = observer.board.doc().transact();
        let writers = txn.get_map("writers").context("the server keeps bindings")?;
        let server = writers
            .iter(&txn)
            .find(|(_, seal)| matches!(seal, yrs::Out::Any(yrs::Any::String(seal)) if seal.as_ref() == "server"))
            .map(|(id, _)| id.to_owned());
        server.context("the server's own id is bound")?.parse::<u64>()?
    };
    let as_server =
        TestClient::connect_with_replica(&content_url(&server, &board, &mallory.token), replica_under(server_id))
            .await?;
    type_at_end(&as_server, " Signed, the server.");
    as_server.wait_for(|seen, _| !seen.denials.is_empty()).await.context("writing under the server's id is refused")?;

    // After a restart the binding still holds.
    let anas_id = client_id(&anas.board);
    anas.close();
    let server = server.restart().await?;
    let again =
        TestClient::connect_with_replica(&content_url(&server, &board, &mallory.token), replica_under(anas_id)).await?;
    type_at_end(&again, " Mallory again.");
    again.wait_for(|seen, _| !seen.denials.is_empty()).await.context("the binding survives a restart")?;
    let observer = TestClient::connect(&server.ws_url(&board)).await?;
    assert_eq!(observer.board.problem_statement(), three);
    Ok(())
}
