//! Results flow on (seed 004), through a real server: the agreed challenge question becomes
//! the next idea board's prompt, a round votes on an activity's own cards, and the ideas
//! with most dots are carried to a later activity, linked back to where they came from.

use polyphony_shared::agenda::{ActivityKind, Link};
use polyphony_shared::governance::carry::carried_id;
use polyphony_shared::governance::{Invalid, Missing, Refusal};
use polyphony_shared::{Command, DocName, Perspective, Phase};
use polyphony_tests::agenda::{add, of as agenda};
use polyphony_tests::client::signed_card;
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::{TestClient, TestServer, rounds};
use yrs::{Map, ReadTxn};

/// Sends `command` as the facilitator and returns the status and the error, if any.
async fn send(server: &TestServer, board: &TestBoard, token: &str, command: Command) -> anyhow::Result<(u16, String)> {
    let answer = http::command(server.addr, board.id, token, &command).await?;
    let error = answer.body.get("error").and_then(|error| error.as_str()).unwrap_or_default().to_owned();
    Ok((answer.status, error))
}

async fn run(server: &TestServer, board: &TestBoard, command: Command) -> anyhow::Result<()> {
    let (status, error) = send(server, board, &board.token, command.clone()).await?;
    anyhow::ensure!(status == 204 || status == 200, "{command:?}: {status} {error}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agreed_question_and_the_top_ideas_carry_forward_with_links() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Getting home").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let bo = http::join_as_participant(server.addr, board.id, "Bo", Perspective::Professional).await?;
    run(&server, &board, add(ActivityKind::ChallengeQuestions, Phase::CoDefinition, "Our question")).await?;
    run(&server, &board, add(ActivityKind::IdeaBoard, Phase::CoCreation, "Ideas")).await?;
    run(&server, &board, add(ActivityKind::IdeaBoard, Phase::Implementation, "What we try first")).await?;
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    governed.wait_until(|_| agenda(&governed).len() == 3).await?;
    let [questions, ideas, first] = [0, 1, 2].map(|at| agenda(&governed)[at].id);
    let url = |token: &str, activity| http::ws_url(server.addr, board.id, DocName::Activity(activity), token);

    // Two questions; the facilitator marks the second as agreed.
    run(&server, &board, Command::StartActivity { activity: questions }).await?;
    let anas_questions = TestClient::connect(&url(&ana.token, questions)).await?;
    anas_questions.edit(|doc, txn| doc.add_question(txn, "q-bus", "How might we get people home after four?"));
    anas_questions.edit(|doc, txn| doc.add_question(txn, "q-lifts", "How might neighbours share lifts?"));
    let watcher = TestClient::connect(&url(&board.token, questions)).await?;
    watcher.wait_until(|doc| doc.snapshot().questions.len() == 2).await?;
    let agree = |activity, question: &str| Command::AgreeQuestion { activity, question: Some(question.into()) };
    assert_eq!(
        send(&server, &board, &ana.token, agree(questions, "q-lifts")).await?.0,
        403,
        "participants do not agree for all"
    );
    let missing = send(&server, &board, &board.token, agree(questions, "q-none")).await?;
    assert_eq!(missing, (404, Refusal::NotFound(Missing::Question).to_string()));
    let not_questions = send(&server, &board, &board.token, agree(ideas, "q-lifts")).await?;
    assert_eq!(not_questions, (400, Refusal::Invalid(Invalid::NotQuestions).to_string()));
    run(&server, &board, agree(questions, "q-lifts")).await?;
    governed.wait_until(|_| agenda(&governed)[1].prompt_from.is_some()).await?;
    let seen = agenda(&governed);
    assert_eq!(seen[0].agreed, Some("q-lifts".into()));
    assert_eq!(seen[1].prompt, "How might neighbours share lifts?", "the next idea board asks the agreed question");
    assert_eq!(seen[1].prompt_from, Some(Link { activity: questions, item: "q-lifts".into() }));
    assert_eq!(seen[2].prompt, ActivityKind::IdeaBoard.default_prompt(), "only the next idea board");

    // Ideas, voted on in their own activity.
    run(&server, &board, Command::StartActivity { activity: ideas }).await?;
    let anas_ideas = TestClient::connect(&url(&ana.token, ideas)).await?;
    let bos_ideas = TestClient::connect(&url(&bo.token, ideas)).await?;
    anas_ideas.edit(signed_card("rota", "A lift rota among neighbours", "Ana", Perspective::Citizen));
    anas_ideas.edit(signed_card("taxi", "Ask the taxi firm for a late fare", "Ana", Perspective::Citizen));
    bos_ideas.edit(signed_card("minibus", "The centre's minibus does a late run", "Bo", Perspective::Professional));
    let ideas_watch = TestClient::connect(&url(&board.token, ideas)).await?;
    ideas_watch.wait_until(|doc| doc.card_texts().len() == 3).await?;
    let round = rounds::open_on_cards(server.addr, &board, ideas, "Which first?").await?;
    let not_carried_yet =
        send(&server, &board, &board.token, Command::CarryForward { round, to: first, count: 2 }).await?;
    assert_eq!(not_carried_yet, (409, Refusal::RoundNotRevealed.to_string()));
    let votes = [
        (ana.token.as_str(), "minibus", 2),
        (&ana.token, "rota", 1),
        (&bo.token, "minibus", 1),
        (&bo.token, "rota", 2),
    ];
    rounds::cast(server.addr, board.id, round, &votes).await?;
    // A card of another document is not in this round.
    let elsewhere = send(&server, &board, &ana.token, Command::Vote { round, item: "q-bus".into(), dots: 0 }).await?;
    assert_eq!(elsewhere.0, 200, "taking dots back always works");
    let (status, _) = send(&server, &board, &bo.token, Command::Vote { round, item: "q-bus".into(), dots: 1 }).await?;
    assert_eq!(status, 409, "an item of another activity is not on this round's board");
    run(&server, &board, Command::RevealRound { round }).await?;

    // The two with most dots go on to "What we try first", linked back; the third stays.
    let wrong_place =
        send(&server, &board, &board.token, Command::CarryForward { round, to: questions, count: 2 }).await?;
    assert_eq!(wrong_place, (400, Refusal::Invalid(Invalid::CarryTarget).to_string()));
    run(&server, &board, Command::CarryForward { round, to: first, count: 2 }).await?;
    run(&server, &board, Command::CarryForward { round, to: first, count: 2 }).await?;
    let carried = TestClient::connect(&url(&ana.token, first)).await?;
    let mut cards: Vec<_> = carried
        .board
        .snapshot()
        .cards
        .into_iter()
        .map(|card| (card.id.into_string(), card.text, card.author_name, card.from))
        .collect();
    cards.sort();
    let link = |item: &str| Some(Link { activity: ideas, item: item.into() });
    let mut expected = vec![
        (
            carried_id(ideas, "minibus"),
            "The centre's minibus does a late run".to_owned(),
            "Bo".to_owned(),
            link("minibus"),
        ),
        (carried_id(ideas, "rota"), "A lift rota among neighbours".to_owned(), "Ana".to_owned(), link("rota")),
    ];
    expected.sort();
    assert_eq!(cards, expected, "carried once, however often the facilitator asks");
    Ok(())
}

/// Only the server says where an item came from: a participant's update that writes the
/// link is refused, on a card of its own or on a carried one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_participant_cannot_forge_where_an_item_came_from() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Getting home").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    run(&server, &board, add(ActivityKind::IdeaBoard, Phase::CoCreation, "Ideas")).await?;
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    governed.wait_until(|_| agenda(&governed).len() == 1).await?;
    let ideas = agenda(&governed)[0].id;
    run(&server, &board, Command::StartActivity { activity: ideas }).await?;
    let anas = TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Activity(ideas), &ana.token)).await?;
    anas.edit(signed_card("mine", "My own idea", "Ana", Perspective::Citizen));
    anas.edit(|_, txn| {
        let card = txn.get_map("cards").and_then(|cards| match cards.get(txn, "mine") {
            Some(yrs::Out::YMap(card)) => Some(card),
            _ => None,
        });
        if let Some(card) = card {
            card.insert(txn, "from", format!("{ideas}/someone-elses"));
        }
    });
    anas.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(anas.seen().denials, [Refusal::ServerOnly.to_string()]);
    let fresh = TestClient::connect(&board.doc_url(server.addr, DocName::Activity(ideas))).await?;
    let cards = fresh.board.snapshot().cards;
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].from, None, "the forged link never reached the board");
    Ok(())
}
