//! Document sync between many clients over the y-websocket protocol.

use polyphony_tests::{TestClient, TestServer, http};
use yrs::Any;

/// Waits until every client's replica equals `expected`.
async fn all_converge_to(clients: &[TestClient], expected: &Any) -> anyhow::Result<()> {
    for client in clients {
        client.wait_until(|board| &board.to_json() == expected).await?;
    }
    Ok(())
}

/// One character per edit, so concurrent inserts cannot split a marker.
fn marker(index: usize, round: u32) -> char {
    char::from_u32(0x4E00 + index as u32 * 16 + round).unwrap_or('?')
}

/// Twenty clients editing text and a map at once end with identical documents.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_clients_editing_concurrently_converge() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Respite care").await?;
    let url = server.ws_url(&board);
    let mut clients = Vec::new();
    for _ in 0..20 {
        clients.push(TestClient::connect(&url).await?);
    }
    for round in 0..10u32 {
        for (index, client) in clients.iter().enumerate() {
            client.edit(|board, txn| {
                board.insert_problem_text(txn, round * 3 + index as u32, &marker(index, round).to_string());
                board.set_card_text(txn, &format!("card-{index}"), &format!("idea {index} v{round}"));
            });
        }
    }
    // A late joiner fetches the server's state: once it holds all 200 edits, everyone must match it.
    let late = TestClient::connect(&url).await?;
    late.wait_until(|board| board.card_texts().values().filter(|text| text.ends_with("v9")).count() == 20).await?;
    let expected = late.board.to_json();
    all_converge_to(&clients, &expected).await?;
    let text = late.board.problem_statement();
    for index in 0..20 {
        for round in 0..10 {
            assert_eq!(text.matches(marker(index, round)).count(), 1, "edit {index}.{round} once");
        }
    }
    Ok(())
}

/// Five boards edited at the same time never see each other's edits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_boards_show_no_cross_talk() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let mut boards = Vec::new();
    for number in 0..5 {
        let board = http::create_board(server.addr, &format!("Board {number}")).await?;
        let url = server.ws_url(&board);
        let writer = TestClient::connect(&url).await?;
        let reader = TestClient::connect(&url).await?;
        boards.push((number, writer, reader));
    }
    for (number, writer, _) in &boards {
        for edit in 0..5 {
            writer.edit(|board, txn| board.insert_problem_text(txn, 0, &format!("[board {number} edit {edit}]")));
        }
    }
    for (number, _, reader) in &boards {
        reader.wait_until(|board| board.problem_statement().matches("[board").count() == 5).await?;
        let text = reader.board.problem_statement();
        assert_eq!(text.matches(&format!("[board {number} ")).count(), 5, "board {number}: {text}");
    }
    Ok(())
}

/// A client that joins after the edits receives the whole document.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn late_joiner_receives_full_state() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Youth services").await?;
    let url = server.ws_url(&board);
    let early = TestClient::connect(&url).await?;
    early.edit(|board, txn| {
        board.insert_problem_text(txn, 0, "Young carers are not seen by services.");
        board.set_card_text(txn, "a", "school nurse check-in");
    });
    let echo = TestClient::connect(&url).await?;
    echo.wait_until(|board| board.card_texts().len() == 1).await?;
    drop(early);

    let late = TestClient::connect(&url).await?;
    assert_eq!(late.board.to_json(), echo.board.to_json());
    assert_eq!(late.board.problem_statement(), "Young carers are not seen by services.");
    assert_eq!(late.board.schema_version(), Some(polyphony_shared::schema::SCHEMA_VERSION));
    Ok(())
}
