//! The agenda is governed state: facilitators build and run it over HTTP, everyone sees it
//! in the governed document, and nobody else can change it.

use polyphony_shared::agenda::{Activity, ActivityKind, ActivityState, Visibility};
use polyphony_shared::api::InputError;
use polyphony_shared::governance::Refusal;
use polyphony_shared::templates::Template;
use polyphony_shared::{Command, CreateBoardRequest, DocName, GovernedDoc, Perspective, Phase};
use polyphony_tests::agenda::{add, of as agenda};
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::{TestClient, TestServer};
use yrs::Transact;

fn titles(activities: &[Activity]) -> Vec<&str> {
    activities.iter().map(|activity| activity.title.as_str()).collect()
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

/// A card of Ana's, signed with her name, as her browser writes it.
fn anas_card(id: &str) -> impl FnOnce(&polyphony_shared::BoardDoc, &mut yrs::TransactionMut) + '_ {
    polyphony_tests::client::signed_card(id, "Respite at weekends", "Ana", Perspective::Citizen)
}

/// Each activity has a document of its own. A participant writes to it only while it is
/// live and unlocked; a done activity is read-only; one the facilitators are preparing
/// cannot even be opened. Raw websocket traffic, no UI.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn participants_write_an_activity_only_while_it_runs() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Respite care").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    run(&server, &board, add(ActivityKind::IdeaBoard, Phase::CoCreation, "Ideas")).await?;
    let watcher = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    watcher
        .wait_until(|doc| GovernedDoc::from_doc(doc.doc().clone()).activities(&doc.doc().transact()).len() == 1)
        .await?;
    let ideas = agenda(&watcher)[0].id;
    let doc = DocName::Activity(ideas);
    let anas_url = http::ws_url(server.addr, board.id, doc, &ana.token);
    let observer = TestClient::connect(&board.doc_url(server.addr, doc)).await?;

    // Upcoming: readable, not writable.
    let early = TestClient::connect(&anas_url).await?;
    early.edit(anas_card("early"));
    early.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(early.seen().denials[0], Refusal::ActivityNotLive.to_string());

    // Live: her card reaches everyone.
    run(&server, &board, Command::StartActivity { activity: ideas }).await?;
    let live = TestClient::connect(&anas_url).await?;
    live.edit(anas_card("live"));
    observer.wait_until(|doc| doc.card_texts().contains_key("live")).await?;

    // Locked, then done: refused again, and nothing of it is kept.
    run(&server, &board, Command::SetActivityLocked { activity: ideas, locked: true }).await?;
    let locked = TestClient::connect(&anas_url).await?;
    locked.edit(anas_card("locked"));
    locked.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(locked.seen().denials[0], Refusal::ActivityLocked.to_string());
    run(&server, &board, Command::SetActivityLocked { activity: ideas, locked: false }).await?;
    run(&server, &board, Command::FinishActivity { activity: ideas }).await?;
    let done = TestClient::connect(&anas_url).await?;
    done.edit(anas_card("late"));
    done.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(done.seen().denials[0], Refusal::ActivityDone.to_string());
    let stored = TestClient::connect(&board.doc_url(server.addr, doc)).await?;
    assert_eq!(stored.board.card_texts().into_keys().collect::<Vec<_>>(), ["live"], "only the live card is kept");
    let schema = Some(polyphony_shared::schema::SCHEMA_VERSION);
    assert_eq!(stored.board.schema_version(), schema, "an activity's document starts with its schema");

    // Kept with the facilitators: not even readable, and a reader is closed out.
    run(&server, &board, Command::SetActivityVisibility { activity: ideas, visibility: Visibility::Facilitators })
        .await?;
    assert_eq!(http::upgrade_status(&anas_url).await?, 403, "kept with the facilitators");
    assert!(live.wait_closed().await?.is_some(), "a participant reading it is closed out");
    let unknown = DocName::Activity(polyphony_shared::ids::ActivityId::random_from(&mut (9u8..)));
    let missing = http::ws_url(server.addr, board.id, unknown, &ana.token);
    assert_eq!(http::upgrade_status(&missing).await?, 404, "not on the agenda");
    Ok(())
}

/// A board created from a template starts with its agenda; kinds still to come are left
/// off, and an unknown template is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_starts_from_a_template() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board_from(server.addr, "Loneliness", Some("co-definition")).await?;
    let watcher = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    let seen = agenda(&watcher);
    assert_eq!(
        titles(&seen),
        [
            "The need, as we see it now",
            "Our strengths and resources",
            "The need, from both sides",
            "Our challenge question",
            "First ideas"
        ]
    );
    assert!(seen.iter().all(|activity| activity.state == ActivityState::Upcoming));
    let cafe = http::create_board_from(server.addr, "Tables", Some("world-cafe")).await?;
    let watcher = TestClient::connect(&cafe.doc_url(server.addr, DocName::Governed)).await?;
    let expected = ["Our question for the tables", "Table rounds", "What we take forward"];
    assert_eq!(titles(&agenda(&watcher)), expected);
    let body = r#"{"title":"Nope","template":"picnic"}"#.to_owned();
    let refused = http::request(server.addr, "POST", "/api/boards", Some(body)).await?;
    assert_eq!(refused.status, 400, "{:?}", refused.body);
    Ok(())
}

/// A facilitator saves a board's agenda as a template and starts another board from it:
/// the same activities, fresh; a saved template that does not fit is refused with a reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_starts_from_an_agenda_saved_as_a_template() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let first = http::create_board_from(server.addr, "March workshop", Some("co-definition")).await?;
    run(&server, &first, add(ActivityKind::IdeaBoard, Phase::Implementation, "What we ask the council")).await?;
    let watcher = TestClient::connect(&first.doc_url(server.addr, DocName::Governed)).await?;
    watcher.wait_until(|_| agenda(&watcher).len() == 6).await?;
    let saved = Template::from_agenda("Our co-definition", "As we ran it in March", agenda(&watcher));
    let ask = |agenda| CreateBoardRequest { title: "May workshop".into(), template: None, agenda };
    let second = http::create_board_asking(server.addr, &ask(Some(saved.clone()))).await?;
    let again = TestClient::connect(&second.doc_url(server.addr, DocName::Governed)).await?;
    let shape = |agenda: Vec<Activity>| -> Vec<_> {
        agenda.into_iter().map(|a| (a.kind, a.phase, a.title, a.prompt, a.minutes, a.state)).collect()
    };
    assert_eq!(shape(agenda(&again)), shape(agenda(&watcher)));
    let mut too_long = saved;
    too_long.activities[0].title = "x".repeat(500);
    let refused =
        http::request(server.addr, "POST", "/api/boards", Some(serde_json::to_string(&ask(Some(too_long)))?)).await?;
    assert_eq!(refused.status, 400);
    assert_eq!(refused.body["error"].as_str(), Some(InputError::InvalidTemplate.to_string().as_str()));
    Ok(())
}

/// A phone joining a board of 30 activities holding 5,000 cards in all downloads the agenda
/// and the live activity, not the whole board. Prints the figures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_downloads_only_the_agenda_and_the_live_activity() -> anyhow::Result<()> {
    const ACTIVITIES: usize = 30;
    const CARDS_EACH: usize = 167; // About 5,000 in all.
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "A long programme").await?;
    for at in 0..ACTIVITIES {
        run(&server, &board, add(ActivityKind::IdeaBoard, Phase::CoCreation, &format!("Round {at}"))).await?;
    }
    let watcher = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    watcher
        .wait_until(|doc| {
            GovernedDoc::from_doc(doc.doc().clone()).activities(&doc.doc().transact()).len() == ACTIVITIES
        })
        .await?;
    let activities = agenda(&watcher);
    for activity in &activities {
        let ids: Vec<String> = (0..CARDS_EACH).map(|card| format!("{}-card-{card}", activity.id)).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        polyphony_tests::client::put_cards(&board.doc_url(server.addr, DocName::Activity(activity.id)), &ids).await?;
    }
    run(&server, &board, Command::StartActivity { activity: activities[0].id }).await?;

    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let received = |client: &TestClient| client.received_frames().iter().map(|frame| frame.len()).sum::<usize>();
    let governed = TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Governed, &ana.token)).await?;
    let live =
        TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Activity(activities[0].id), &ana.token))
            .await?;
    live.wait_until(|doc| doc.card_texts().len() == CARDS_EACH).await?;
    let phone = received(&governed) + received(&live);
    let mut whole = 0;
    for activity in &activities {
        let all = TestClient::connect(&board.doc_url(server.addr, DocName::Activity(activity.id))).await?;
        all.wait_until(|doc| doc.card_texts().len() == CARDS_EACH).await?;
        whole += received(&all);
    }
    whole += received(&governed);
    eprintln!(
        "a phone joining {ACTIVITIES} activities with {} cards downloads {phone} bytes (agenda {} + live activity {}) \
         of the {whole} bytes the whole board takes ({:.1}%)",
        ACTIVITIES * CARDS_EACH,
        received(&governed),
        received(&live),
        100.0 * phone as f64 / whole as f64
    );
    assert!(phone * 10 < whole, "the phone downloaded {phone} of {whole} bytes");
    Ok(())
}
