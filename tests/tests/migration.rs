//! Boards stored before the agenda open as boards with one, with nothing lost: a data
//! directory and a Redis snapshot written by the previous version (`tests/fixtures/`).

use std::path::Path;

use anyhow::Context;
use polyphony_shared::agenda::{ActivityHome, ActivityState};
use polyphony_shared::governance::Refusal;
use polyphony_shared::governed::GOVERNED_SCHEMA_VERSION;
use polyphony_shared::{BoardId, BoardSnapshot, Command, DocName, GovernedDoc, Perspective, Section};
use polyphony_tests::agenda::of as agenda;
use polyphony_tests::client::signed_card;
use polyphony_tests::redis_server::RedisServer;
use polyphony_tests::shared_redis::SharedRedis;
use polyphony_tests::{TestClient, TestServer, http, tests_dir};
use yrs::Transact;

/// The fixture's board id.
fn fixture_board(fixture: &Path) -> anyhow::Result<BoardId> {
    Ok(std::fs::read_to_string(fixture.join("BOARD_ID"))?.trim().parse()?)
}

/// The board's words as the previous version wrote them (see the fixture's README).
fn assert_nothing_lost(board: &BoardSnapshot) {
    assert_eq!(board.problem_statement, "The bus to the day centre stops running at four.");
    let questions: Vec<&str> = board.questions.iter().map(|question| question.text.as_str()).collect();
    assert_eq!(questions, ["How might we get people home after four?", "How might neighbours share lifts?"]);
    let cards: Vec<_> = board
        .cards
        .iter()
        .map(|card| (card.id.as_str(), card.text.as_str(), card.author_name.as_str(), card.perspective))
        .collect();
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert!(cards.contains(&("card-rota", "A lift rota among neighbours", "Ana", Perspective::Citizen)));
    assert!(cards.contains(&("card-minibus", "The centre's minibus does a late run", "Bo", Perspective::Professional)));
    let minibus = board.cards.iter().find(|card| card.id == "card-minibus").map(|card| card.cluster.clone());
    assert_eq!(minibus, Some(Some("cluster-rides".into())));
    let clusters: Vec<&str> = board.clusters.iter().map(|cluster| cluster.title.as_str()).collect();
    assert_eq!(clusters, ["Rides"]);
}

/// The agenda a board from before has: its three sections, held by the board's own
/// document, the idea board live (the board was in co-creation), the locked problem
/// statement still locked; the votes revealed before are still there.
fn assert_migrated(governed: &TestClient) {
    let agenda = agenda(governed);
    let summary: Vec<_> = agenda.iter().map(|a| (a.title.as_str(), a.state, a.locked, a.home)).collect();
    assert_eq!(
        summary,
        [
            ("Problem statement", ActivityState::Done, true, ActivityHome::Board),
            ("Challenge questions", ActivityState::Done, false, ActivityHome::Board),
            ("Idea board", ActivityState::Live, false, ActivityHome::Board),
        ]
    );
    let doc = GovernedDoc::from_doc(governed.board.doc().clone());
    let txn = governed.board.doc().transact();
    assert_eq!(doc.schema_version(&txn), Some(GOVERNED_SCHEMA_VERSION));
    let rounds: Vec<_> = doc.rounds(&txn).into_values().collect();
    assert_eq!(rounds.len(), 1);
    let results = rounds[0].results.clone().unwrap_or_default();
    let dots = |card: &str| results.get(card).map(|tally| (tally.total, tally.citizen, tally.professional));
    assert_eq!((dots("card-rota"), dots("card-minibus")), (Some((2, 2, 0)), Some((1, 0, 1))));
}

/// A data directory written by the previous version: the board opens with its agenda, its
/// sections follow their activities (a participant writes ideas, the finished problem
/// statement is read-only until a facilitator starts it and unlocks it), and after a
/// restart the agenda is the same three activities.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_from_before_the_agenda_opens_with_one() -> anyhow::Result<()> {
    let fixture = tests_dir().join("fixtures/board-before-agenda");
    let board = fixture_board(&fixture)?;
    let server = TestServer::start_on_copy_of(&fixture).await?;
    let ana = http::join_as_participant(server.addr, board, "Ana", Perspective::Citizen).await?;
    let governed = TestClient::connect(&http::ws_url(server.addr, board, DocName::Governed, &ana.token)).await?;
    assert_migrated(&governed);
    let content_url = http::ws_url(server.addr, board, DocName::Content, &ana.token);
    let anas = TestClient::connect(&content_url).await?;
    assert_nothing_lost(&anas.board.snapshot());

    // The live idea board takes Ana's card; the finished problem statement does not.
    anas.edit(signed_card("card-new", "Ask the taxi firm", "Ana", Perspective::Citizen));
    anas.edit(|board, txn| board.insert_problem_text(txn, 0, "Late: "));
    anas.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(anas.seen().denials, [Refusal::ActivityDone.to_string()]);
    let fresh = TestClient::connect(&content_url).await?;
    assert!(fresh.board.card_texts().contains_key("card-new"));
    assert_eq!(fresh.board.problem_statement(), "The bus to the day centre stops running at four.");

    // The facilitator runs the problem statement again; its lock came along from before.
    let key = facilitator_token(server.addr, &fixture, board).await?;
    let problem = agenda(&governed).first().map(|activity| activity.id).context("no activity")?;
    let start = http::command(server.addr, board, &key, &Command::StartActivity { activity: problem }).await?;
    assert_eq!(start.status, 204, "{:?}", start.body);
    let writer = TestClient::connect(&content_url).await?;
    writer.edit(|board, txn| board.insert_problem_text(txn, 0, "Still locked: "));
    writer.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(writer.seen().denials, [Refusal::ActivityLocked.to_string()]);
    let unlock = Command::SetActivityLocked { activity: problem, locked: false };
    assert_eq!(http::command(server.addr, board, &key, &unlock).await?.status, 204);
    let writer = TestClient::connect(&content_url).await?;
    writer.edit(|board, txn| board.insert_problem_text(txn, 0, "Agreed: "));
    let watcher = TestClient::connect(&content_url).await?;
    watcher.wait_until(|board| board.problem_statement().starts_with("Agreed: ")).await?;
    assert!(watcher.seen().denials.is_empty() && writer.seen().denials.is_empty());

    let server = server.restart().await?;
    let governed = TestClient::connect(&http::ws_url(server.addr, board, DocName::Governed, &ana.token)).await?;
    let titles: Vec<String> = agenda(&governed).into_iter().map(|activity| activity.title).collect();
    assert_eq!(titles, ["Problem statement", "Challenge questions", "Idea board"]);
    let section = agenda(&governed).into_iter().map(|activity| activity.board_section()).collect::<Vec<_>>();
    assert_eq!(section, [Some(Section::ProblemStatement), Some(Section::Questions), Some(Section::Ideas)]);
    Ok(())
}

/// A facilitator's token for a fixture board, from the facilitator key the previous version
/// gave when it created the board (`FACILITATOR_KEY`).
async fn facilitator_token(addr: std::net::SocketAddr, fixture: &Path, board: BoardId) -> anyhow::Result<String> {
    let request = polyphony_shared::JoinRequest {
        name: "Facilitator".into(),
        perspective: Perspective::Other,
        observer: false,
        facilitator_key: Some(std::fs::read_to_string(fixture.join("FACILITATOR_KEY"))?.trim().to_owned()),
    };
    Ok(http::join(addr, board, &request).await?.token)
}

/// A Redis snapshot written by the previous version, opened by two instances at once:
/// both migrate the board, and it has one agenda of three activities, with nothing lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_from_before_the_agenda_opens_with_one_in_redis() -> anyhow::Result<()> {
    let fixture = tests_dir().join("fixtures/board-before-agenda-redis");
    let board = fixture_board(&fixture)?;
    let redis = RedisServer::start_from_snapshot(&fixture.join("dump.rdb")).await?;
    let (first, second) = (redis.instance().await?, redis.instance().await?);
    let (ana, bo) = tokio::try_join!(
        http::join_as_participant(first.addr, board, "Ana", Perspective::Citizen),
        http::join_as_participant(second.addr, board, "Bo", Perspective::Professional),
    )?;
    let urls = [
        http::ws_url(first.addr, board, DocName::Governed, &ana.token),
        http::ws_url(second.addr, board, DocName::Governed, &bo.token),
    ];
    let (on_first, on_second) = tokio::try_join!(TestClient::connect(&urls[0]), TestClient::connect(&urls[1]))?;
    // Each instance hears the other's migration through Redis; the same three entries.
    for governed in [&on_first, &on_second] {
        governed.wait_until(|_| agenda(governed).len() == 3).await?;
        assert_migrated(governed);
    }
    let content = TestClient::connect(&http::ws_url(second.addr, board, DocName::Content, &bo.token)).await?;
    assert_nothing_lost(&content.board.snapshot());
    let third = redis.instance().await?;
    let joined = http::join_as_participant(third.addr, board, "Cy", Perspective::Citizen).await?;
    let governed = TestClient::connect(&http::ws_url(third.addr, board, DocName::Governed, &joined.token)).await?;
    assert_migrated(&governed);
    Ok(())
}
