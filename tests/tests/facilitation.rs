//! Facilitation is enforced by the server: raw HTTP and websocket clients, no UI.

use anyhow::Context;
use polyphony_shared::{Command, DocName, Facilitation, GovernedDoc, Perspective, Phase, Section, Timer, protocol};
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::{TestClient, TestServer};
use yrs::{Doc, ReadTxn, Text, Transact};

fn governed_state(client: &TestClient) -> Facilitation {
    let governed = GovernedDoc::from_doc(client.board.doc().clone());
    let txn = client.board.doc().transact();
    governed.facilitation(&txn)
}

fn content_url(server: &TestServer, board: &TestBoard, token: &str) -> String {
    http::ws_url(server.addr, board.id, DocName::Content, token)
}

fn every_facilitator_command() -> Vec<Command> {
    let someone = polyphony_shared::ParticipantId::random_from(&mut std::iter::repeat(3));
    vec![
        Command::SetPhase { phase: Phase::CoCreation },
        Command::StartTimer { seconds: 60, label: "Brainstorm".into() },
        Command::PauseTimer,
        Command::ResumeTimer,
        Command::StopTimer,
        Command::Lock { section: Section::Ideas },
        Command::Unlock { section: Section::Ideas },
        Command::Summon { section: Section::Ideas },
        Command::SetPrivateWriting { on: true },
        Command::SetAnonymous { on: true },
        Command::MakeFacilitator { participant: someone },
        Command::RemoveParticipant { participant: someone },
    ]
}

/// Participants and observers cannot change phase, timer, locks, modes or roles: every
/// such command is refused with 403 and governed state stays as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_facilitators_run_the_process() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Power").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let screen = http::join_as_observer(server.addr, board.id, "Projector").await?;
    let watcher = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    for command in every_facilitator_command() {
        for token in [&ana.token, &screen.token] {
            let refused = http::command(server.addr, board.id, token, &command).await?;
            assert_eq!(refused.status, 403, "{command:?}: {:?}", refused.body);
        }
    }
    let bogus = http::request_with_token(
        server.addr,
        "POST",
        &format!("/api/boards/{}/commands", board.id),
        &board.token,
        Some(r#"{"type":"set_phase","phase":"party"}"#.into()),
    )
    .await?;
    assert_eq!(bogus.status, 422, "an unknown phase is refused: {:?}", bogus.body);
    let fresh = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    assert_eq!(governed_state(&fresh), Facilitation::default());
    assert_eq!(governed_state(&watcher), Facilitation::default());
    Ok(())
}

/// A facilitator's phase, timer, lock and summon reach every participant's replica, and
/// survive a server restart with the same timer end (the server's clock decides it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facilitator_commands_reach_everyone_and_last() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Process").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let anas_view = TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Governed, &ana.token)).await?;
    for command in [
        Command::SetPhase { phase: Phase::CoDefinition },
        Command::StartTimer { seconds: 600, label: "Perspectives".into() },
        Command::Lock { section: Section::ProblemStatement },
        Command::SetPhaseSections {
            phase: Phase::CoDefinition,
            sections: vec![Section::Questions, Section::ProblemStatement],
        },
        Command::Summon { section: Section::Questions },
    ] {
        let done = http::command(server.addr, board.id, &board.token, &command).await?;
        assert_eq!(done.status, 204, "{command:?}: {:?}", done.body);
    }
    anas_view.wait_until(|_| governed_state(&anas_view).summon.is_some()).await?;
    let seen = governed_state(&anas_view);
    assert_eq!(seen.phase, Phase::CoDefinition);
    assert_eq!(seen.locked, vec![Section::ProblemStatement]);
    assert_eq!(seen.summon.map(|(section, _)| section), Some(Section::Questions));
    assert_eq!(seen.sections_of(Phase::CoDefinition), vec![Section::ProblemStatement, Section::Questions]);
    assert!(!seen.shows(Section::Ideas), "the idea board is not shown in this board's co-definition");
    assert_eq!(seen.sections_of(Phase::CoCreation), Section::ALL.to_vec(), "other phases keep every section");
    let Some(Timer::Running { ends_at_ms, label }) = seen.timer.clone() else { anyhow::bail!("no timer: {seen:?}") };
    assert_eq!(label, "Perspectives");
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as u64;
    assert!((now_ms + 590_000..=now_ms + 600_000).contains(&ends_at_ms), "ends at {ends_at_ms}, now {now_ms}");

    let server = server.restart().await?;
    let after = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    assert_eq!(governed_state(&after), seen, "facilitation state survives a restart unchanged");

    // The next phase starts without the last phase's timer.
    let next = Command::SetPhase { phase: Phase::CoCreation };
    assert_eq!(http::command(server.addr, board.id, &board.token, &next).await?.status, 204);
    after.wait_until(|_| governed_state(&after).phase == Phase::CoCreation).await?;
    assert_eq!(governed_state(&after).timer, None, "the timer did not carry over");
    Ok(())
}

/// A participant's update into a locked section is refused: the sender is told, nobody else
/// receives it, it is not stored, and an update touching a locked and an open section is
/// refused whole. Open sections stay editable; facilitators may edit locked ones; after
/// unlocking, participants may again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locked_sections_refuse_participant_updates() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Locks").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let ben = http::join_as_participant(server.addr, board.id, "Ben", Perspective::Professional).await?;
    let anas = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    let bens = TestClient::connect(&content_url(&server, &board, &ben.token)).await?;
    let facilitators = TestClient::connect(&server.ws_url(&board)).await?;
    let lock = http::command(server.addr, board.id, &board.token, &Command::Lock { section: Section::Ideas }).await?;
    assert_eq!(lock.status, 204);

    anas.edit(|board, txn| board.set_card_text(txn, "locked-out", "written while locked"));
    anas.wait_for(|seen, _| !seen.denials.is_empty()).await.context("Ana is told the idea board is locked")?;
    assert!(anas.seen().denials[0].contains("Idea board is locked"), "{:?}", anas.seen().denials);
    // A refused client's replica holds what the board does not; it resyncs from scratch
    // (the web client drops its replica), as each step below does.
    let anas = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    anas.edit(|board, txn| {
        board.insert_problem_text(txn, 0, "mixed ");
        board.set_card_text(txn, "also-locked-out", "in the same update");
    });
    anas.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert!(anas.seen().denials[0].contains("Idea board is locked"), "{:?}", anas.seen().denials);
    let anas = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    anas.edit(|board, txn| board.insert_problem_text(txn, 0, "open section"));
    bens.wait_until(|board| board.problem_statement().contains("open section")).await?;
    facilitators.edit(|board, txn| board.set_card_text(txn, "by-facilitator", "facilitators may"));
    bens.wait_until(|board| board.card_texts().contains_key("by-facilitator")).await?;
    let cards = bens.board.card_texts();
    assert!(!cards.contains_key("locked-out") && !cards.contains_key("also-locked-out"), "{cards:?}");
    assert!(!bens.board.problem_statement().contains("mixed"), "a refused update is refused whole");

    let stored = TestClient::connect(&server.ws_url(&board)).await?;
    assert!(!stored.board.card_texts().contains_key("locked-out"), "a refused update was stored");
    assert!(stored.board.problem_statement().contains("open section"));

    let unlock =
        http::command(server.addr, board.id, &board.token, &Command::Unlock { section: Section::Ideas }).await?;
    assert_eq!(unlock.status, 204);
    // The rules changed before the command was answered: the first edit goes through.
    let fresh_ana = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    fresh_ana.edit(|board, txn| board.set_card_text(txn, "after-unlock", "open again"));
    bens.wait_until(|board| board.card_texts().contains_key("after-unlock"))
        .await
        .context("unlocking let Ana write")?;
    assert!(fresh_ana.seen().denials.is_empty(), "{:?}", fresh_ana.seen().denials);
    Ok(())
}

/// An update that depends on changes the server does not have (a gap in its author's
/// clock) is refused, so it cannot slip into a locked section later under another update.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_with_gaps_are_refused() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Gaps").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let crafted = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    let observer = TestClient::connect(&server.ws_url(&board)).await?;

    // Two edits by one author; only the second is sent, so it has a gap before it.
    let doc = Doc::with_client_id(4242);
    let text = doc.get_or_insert_text("problemStatement");
    text.insert(&mut doc.transact_mut(), 0, "first ");
    let before = doc.transact().state_vector();
    text.insert(&mut doc.transact_mut(), 6, "second");
    let gapped = doc.transact().encode_diff_v1(&before);
    crafted.send_frame(protocol::update(gapped));
    crafted.wait_for(|seen, _| !seen.denials.is_empty()).await.context("the gapped update is refused")?;
    crafted.edit(|board, txn| board.insert_problem_text(txn, 0, "marker"));
    observer.wait_until(|board| board.problem_statement().contains("marker")).await?;
    assert!(!observer.board.problem_statement().contains("second"));
    Ok(())
}

/// A participant promoted to co-facilitator can run the process with the token they
/// already hold: roles come from governed state, not from the token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_promoted_co_facilitator_runs_the_process_with_the_same_token() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Co-facilitation").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let phase = Command::SetPhase { phase: Phase::CoCreation };
    assert_eq!(http::command(server.addr, board.id, &ana.token, &phase).await?.status, 403);
    let promote = Command::MakeFacilitator { participant: ana.participant.id };
    assert_eq!(http::command(server.addr, board.id, &board.token, &promote).await?.status, 204);
    assert_eq!(http::command(server.addr, board.id, &ana.token, &phase).await?.status, 204);
    Ok(())
}

/// Clients write only the parts of the content document the schema gives them: the
/// metadata and made-up roots are refused; and a client that keeps sending refused updates
/// is closed (each one that had to be undone cost the room a rebuild).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_cannot_write_outside_the_schema_or_flood_refusals() -> anyhow::Result<()> {
    use yrs::Map;

    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Schema").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let observer = TestClient::connect(&server.ws_url(&board)).await?;
    for root in ["meta", "madeUpRoot"] {
        let crafted = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
        let map = crafted.board.doc().get_or_insert_map(root);
        crafted.edit(|_, txn| {
            map.insert(txn, "schemaVersion", 99);
        });
        crafted
            .wait_for(|seen, _| !seen.denials.is_empty())
            .await
            .with_context(|| format!("writing {root} is refused"))?;
    }
    let fresh = TestClient::connect(&server.ws_url(&board)).await?;
    assert_eq!(fresh.board.schema_version(), Some(polyphony_shared::schema::SCHEMA_VERSION));

    let lock = http::command(server.addr, board.id, &board.token, &Command::Lock { section: Section::Ideas }).await?;
    assert_eq!(lock.status, 204);
    let flooder = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    for attempt in 0..20 {
        flooder.edit(|board, txn| board.set_card_text(txn, &format!("flood-{attempt}"), "x"));
    }
    assert_eq!(flooder.wait_closed().await?, Some(polyphony_shared::CloseReason::RateLimited.code()));
    observer.edit(|board, txn| board.insert_problem_text(txn, 0, "still fine"));
    fresh.wait_until(|board| board.problem_statement() == "still fine").await?;
    Ok(())
}
