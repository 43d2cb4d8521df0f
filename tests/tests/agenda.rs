//! The agenda is governed state: facilitators build and run it over HTTP, everyone sees it
//! in the governed document, and nobody else can change it.

use polyphony_shared::agenda::{Activity, ActivityKind, ActivityState, Visibility, in_order};
use polyphony_shared::{Command, DocName, GovernedDoc, Perspective, Phase};
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::{TestClient, TestServer};
use yrs::Transact;

fn agenda(client: &TestClient) -> Vec<Activity> {
    let governed = GovernedDoc::from_doc(client.board.doc().clone());
    let activities = governed.activities(&client.board.doc().transact());
    in_order(activities.into_values())
}

fn titles(activities: &[Activity]) -> Vec<&str> {
    activities.iter().map(|activity| activity.title.as_str()).collect()
}

fn add(kind: ActivityKind, phase: Phase, title: &str) -> Command {
    Command::AddActivity {
        kind,
        phase,
        title: title.into(),
        prompt: String::new(),
        instructions: "About ten minutes.".into(),
        minutes: 10,
    }
}

async fn run(server: &TestServer, board: &TestBoard, command: Command) -> anyhow::Result<()> {
    let answer = http::command(server.addr, board.id, &board.token, &command).await?;
    anyhow::ensure!(answer.status == 204, "{command:?}: {} {:?}", answer.status, answer.body);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facilitator_builds_and_runs_the_agenda_that_everyone_sees() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Respite care").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let phone = TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Governed, &ana.token)).await?;

    run(&server, &board, add(ActivityKind::IdeaBoard, Phase::CoCreation, "Ideas")).await?;
    run(&server, &board, add(ActivityKind::Strengths, Phase::CoDefinition, "Our strengths")).await?;
    run(&server, &board, add(ActivityKind::TwoPerspectives, Phase::CoDefinition, "Two views")).await?;
    phone
        .wait_until(|doc| GovernedDoc::from_doc(doc.doc().clone()).activities(&doc.doc().transact()).len() == 3)
        .await?;
    assert_eq!(titles(&agenda(&phone)), ["Our strengths", "Two views", "Ideas"]);

    let views = agenda(&phone)[1].id;
    run(&server, &board, Command::MoveActivity { activity: views, phase: Phase::CoDefinition, index: 0 }).await?;
    let strengths = agenda(&phone).iter().find(|activity| activity.title == "Our strengths").map(|a| a.id);
    let strengths = strengths.ok_or_else(|| anyhow::anyhow!("no strengths activity"))?;
    run(&server, &board, Command::StartActivity { activity: strengths }).await?;
    // The answer comes once the change is stored; the phone sees it right after.
    phone
        .wait_until(|doc| {
            let governed = GovernedDoc::from_doc(doc.doc().clone());
            let activities = governed.activities(&doc.doc().transact());
            activities.get(&strengths).is_some_and(|activity| activity.state == ActivityState::Live)
        })
        .await?;
    let seen = agenda(&phone);
    assert_eq!(titles(&seen), ["Two views", "Our strengths", "Ideas"]);
    assert_eq!(seen[1].prompt, ActivityKind::Strengths.default_prompt());
    assert_eq!(seen[1].visibility, Visibility::Everyone);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_facilitators_change_the_agenda() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Respite care").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let screen = http::join_as_observer(server.addr, board.id, "Projector").await?;
    run(&server, &board, add(ActivityKind::SharedText, Phase::Preparation, "The need")).await?;
    let watcher = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    watcher
        .wait_until(|doc| GovernedDoc::from_doc(doc.doc().clone()).activities(&doc.doc().transact()).len() == 1)
        .await?;
    let need = agenda(&watcher)[0].id;
    let attempts = [
        add(ActivityKind::IdeaBoard, Phase::CoCreation, "Mine"),
        Command::StartActivity { activity: need },
        Command::RemoveActivity { activity: need },
        Command::SetActivityVisibility { activity: need, visibility: Visibility::Facilitators },
    ];
    for command in attempts {
        for token in [&ana.token, &screen.token] {
            let refused = http::command(server.addr, board.id, token, &command).await?;
            assert_eq!(refused.status, 403, "{command:?}: {:?}", refused.body);
        }
    }
    let empty_title = add(ActivityKind::IdeaBoard, Phase::CoCreation, "   ");
    assert_eq!(http::command(server.addr, board.id, &board.token, &empty_title).await?.status, 400);
    let unknown = Command::StartActivity { activity: polyphony_shared::ids::ActivityId::random_from(&mut (1u8..)) };
    assert_eq!(http::command(server.addr, board.id, &board.token, &unknown).await?.status, 404);
    assert_eq!(titles(&agenda(&watcher)), ["The need"], "nothing changed");
    assert_eq!(agenda(&watcher)[0].state, ActivityState::Upcoming);
    Ok(())
}
