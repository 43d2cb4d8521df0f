//! Anonymity and private writing hold in an activity's own document as on the board's: an
//! anonymous board takes the names off the activity's cards too and refuses new ones, and
//! private cards written during an activity are revealed into it.

use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::governance::Refusal;
use polyphony_shared::{CardColour, Command, DocName, Perspective, Phase};
use polyphony_tests::agenda::{add, of as agenda};
use polyphony_tests::client::signed_card;
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::{TestClient, TestServer};

async fn run(server: &TestServer, board: &TestBoard, token: &str, command: Command) -> anyhow::Result<()> {
    let answer = http::command(server.addr, board.id, token, &command).await?;
    anyhow::ensure!(answer.status == 204, "{command:?}: {} {:?}", answer.status, answer.body);
    Ok(())
}

/// A board with one idea-board activity, live, and Ana, a citizen, on it.
async fn live_ideas(server: &TestServer) -> anyhow::Result<(TestBoard, String, DocName)> {
    let board = http::create_board(server.addr, "Weekend respite").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    run(server, &board, &board.token, add(ActivityKind::IdeaBoard, Phase::CoCreation, "Ideas")).await?;
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    governed.wait_until(|_| agenda(&governed).len() == 1).await?;
    let ideas = agenda(&governed)[0].id;
    run(server, &board, &board.token, Command::StartActivity { activity: ideas }).await?;
    Ok((board, ana.token, DocName::Activity(ideas)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymity_takes_the_names_off_an_activitys_cards() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let (board, ana, ideas) = live_ideas(&server).await?;
    let url = http::ws_url(server.addr, board.id, ideas, &ana);
    let before = TestClient::connect(&url).await?;
    before.edit(signed_card("signed", "Saturday sitters", "Ana", Perspective::Citizen));
    let reader = TestClient::connect(&board.doc_url(server.addr, ideas)).await?;
    reader.wait_until(|doc| doc.card_texts().contains_key("signed")).await?;
    run(&server, &board, &board.token, Command::SetAnonymous { on: true }).await?;
    let fresh = TestClient::connect(&board.doc_url(server.addr, ideas)).await?;
    let names: Vec<String> = fresh.board.snapshot().cards.into_iter().map(|card| card.author_name).collect();
    assert_eq!(names, [""], "the name left the activity's document");
    let after = TestClient::connect(&url).await?;
    after.edit(signed_card("named", "Sunday lunch club", "Ana", Perspective::Citizen));
    after.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(after.seen().denials, [Refusal::Anonymous.to_string()]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_cards_written_during_an_activity_are_revealed_into_it() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let (board, ana, ideas) = live_ideas(&server).await?;
    run(&server, &board, &board.token, Command::SetPrivateWriting { on: true }).await?;
    let direct = TestClient::connect(&http::ws_url(server.addr, board.id, ideas, &ana)).await?;
    direct.edit(signed_card("direct", "On the board at once", "Ana", Perspective::Citizen));
    direct.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(direct.seen().denials, [Refusal::PrivateWriting.to_string()]);
    let private = Command::SubmitCard { card: "mine".into(), text: "A sitter rota".into(), colour: CardColour::Green };
    run(&server, &board, &ana, private).await?;
    run(&server, &board, &board.token, Command::RevealCards).await?;
    let activity = TestClient::connect(&board.doc_url(server.addr, ideas)).await?;
    assert_eq!(activity.board.card_texts().into_values().collect::<Vec<_>>(), ["A sitter rota"]);
    let own = TestClient::connect(&board.doc_url(server.addr, DocName::Content)).await?;
    assert!(own.board.card_texts().is_empty(), "not on the board's own idea board");
    Ok(())
}
