//! Opening a big stored board: the server answers its first clients with the stored board
//! while it still builds its own copy; what they send meanwhile waits and is then handled
//! under the usual rules.

use anyhow::Context;
use futures_util::{SinkExt, StreamExt};
use polyphony_shared::{BoardDoc, Command, DocName, Perspective, Section, protocol};
use polyphony_tests::load::special;
use polyphony_tests::{TestClient, TestServer, WAIT, http};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use yrs::sync::Message;
use yrs::{ReadTxn, StateVector, Transact};

type RawSocket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Cards on the board: about 200 KiB stored, well past the size from which the server
/// serves a board while it builds it.
const CARDS: usize = 1_000;

/// Writes `CARDS` cards and waits until the server has unloaded the board.
async fn fill_and_unload(server: &TestServer, url: &str) -> anyhow::Result<()> {
    special::write_cards(url, CARDS).await?;
    http::wait_until_unloaded(server.addr, 0, WAIT).await
}

/// Opens a socket whose first frame asks for the board and carries an edit made on an empty
/// replica, so the edit reaches the server while it is still building the board.
async fn open_with_edit(
    url: &str,
    edit: impl FnOnce(&BoardDoc, &mut yrs::TransactionMut),
) -> anyhow::Result<RawSocket> {
    let replica = BoardDoc::new();
    edit(&replica, &mut replica.doc().transact_mut());
    let update = replica.doc().transact().encode_state_as_update_v1(&StateVector::default());
    let frame = [protocol::sync_step1(StateVector::default()), protocol::update(update)].concat();
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await?;
    socket.send(WsMessage::Binary(frame.into())).await?;
    Ok(socket)
}

/// Reads a raw socket until the server refuses an update; returns the reason.
async fn refusal(socket: &mut RawSocket) -> anyhow::Result<String> {
    let read = async {
        while let Some(message) = socket.next().await {
            let WsMessage::Binary(frame) = message? else { continue };
            for message in protocol::decode(&frame)? {
                if let Message::Auth(reason) = message {
                    return Ok(reason.unwrap_or_default());
                }
            }
        }
        anyhow::bail!("the socket closed without a refusal")
    };
    tokio::time::timeout(WAIT, read).await.context("no refusal arrived")?
}

/// Three clients open the unloaded board at once, one of them editing before its sync is
/// answered: all three hold every card and the edit, and the edit is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_opening_a_big_board_cold_get_it_whole_and_their_edits_count() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| config.idle_unload_secs = 0.3).await?;
    let board = http::create_board(server.addr, "Big and cold").await?;
    let url = server.ws_url(&board);
    fill_and_unload(&server, &url).await?;

    let early = open_with_edit(&url, |board, txn| board.insert_problem_text(txn, 0, "written while the board loads"));
    let (early, first, last) = tokio::join!(early, TestClient::connect(&url), TestClient::connect(&url));
    let (early, first, last) = (early?, first?, last?);
    for client in [&first, &last] {
        client
            .wait_until(|board| {
                board.card_texts().len() == CARDS && board.problem_statement() == "written while the board loads"
            })
            .await
            .context("every client holds the board and the early edit")?;
    }
    first.close();
    last.close();
    drop(early);

    let server = server.restart().await?;
    let after = TestClient::connect(&server.ws_url(&board)).await?;
    assert_eq!(after.board.card_texts().len(), CARDS);
    assert_eq!(after.board.problem_statement(), "written while the board loads");
    Ok(())
}

/// A lock holds on a board opened cold: a participant's new card on the locked idea board,
/// sent before the board is built, is refused once it is, and nobody else receives it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locks_hold_for_updates_sent_while_a_big_board_loads() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| config.idle_unload_secs = 0.3).await?;
    let board = http::create_board(server.addr, "Locked and cold").await?;
    special::write_cards(&server.ws_url(&board), CARDS).await?;
    let lock = http::command(server.addr, board.id, &board.token, &Command::Lock { section: Section::Ideas }).await?;
    assert_eq!(lock.status, 204);
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    http::wait_until_unloaded(server.addr, 0, WAIT).await?;

    let anas_url = http::ws_url(server.addr, board.id, DocName::Content, &ana.token);
    let facilitators_url = server.ws_url(&board);
    let anas = open_with_edit(&anas_url, |board, txn| board.set_card_text(txn, "card-new", "written while locked"));
    let (anas, facilitators) = tokio::join!(anas, TestClient::connect(&facilitators_url));
    let (mut anas, facilitators) = (anas?, facilitators?);
    let reason = refusal(&mut anas).await?;
    assert!(reason.contains("Idea board is locked"), "{reason}");

    facilitators.edit(|board, txn| board.insert_problem_text(txn, 0, "after the refusal"));
    let watcher = TestClient::connect(&server.ws_url(&board)).await?;
    watcher.wait_until(|board| board.problem_statement() == "after the refusal").await?;
    let texts = watcher.board.card_texts();
    assert_eq!(texts.len(), CARDS);
    assert!(!texts.contains_key("card-new"), "the refused update is nowhere");
    Ok(())
}
