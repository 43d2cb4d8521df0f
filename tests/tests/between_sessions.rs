//! Between sessions (seed 000's "bridging home activities"): a facilitator opens an activity
//! for contributions until a date; participants write in it whenever they come back, and
//! once the date has passed it is done, on a loaded board and on one loaded afterwards.

use std::sync::Arc;
use std::time::Duration;

use polyphony_server::clock::{Clock, ShiftedClock};
use polyphony_shared::agenda::{ActivityKind, ActivityState};
use polyphony_shared::governance::{Invalid, Refusal};
use polyphony_shared::{Command, DocName, Perspective, Phase};
use polyphony_tests::agenda::{add, of as agenda};
use polyphony_tests::client::signed_card;
use polyphony_tests::{TestClient, TestServer, http};

const HOUR_MS: u64 = 3_600_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activity_open_between_sessions_takes_contributions_until_its_date() -> anyhow::Result<()> {
    let clock = Arc::new(ShiftedClock::default());
    let server_clock: Arc<dyn Clock> = clock.clone();
    let server = TestServer::start_with(|config| config.clock = Some(server_clock)).await?;
    let board = http::create_board(server.addr, "Between the workshops").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    for title in ["Ideas from home", "Second thoughts"] {
        let added =
            http::command(server.addr, board.id, &board.token, &add(ActivityKind::IdeaBoard, Phase::CoCreation, title))
                .await?;
        assert_eq!(added.status, 204);
    }
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    governed.wait_until(|_| agenda(&governed).len() == 2).await?;
    let [home, second] = [0, 1].map(|at| agenda(&governed)[at].id);
    let open = |activity, until_ms| Command::OpenActivity { activity, until_ms };

    let past = http::command(server.addr, board.id, &board.token, &open(home, clock.now_ms() - 1)).await?;
    assert_eq!(
        (past.status, past.body["error"].as_str()),
        (400, Some(Refusal::Invalid(Invalid::OpenUntil).to_string().as_str()))
    );
    let by_ana = http::command(server.addr, board.id, &ana.token, &open(home, clock.now_ms() + HOUR_MS)).await?;
    assert_eq!(by_ana.status, 403, "only facilitators open activities");
    let until = clock.now_ms() + HOUR_MS;
    for activity in [home, second] {
        assert_eq!(http::command(server.addr, board.id, &board.token, &open(activity, until)).await?.status, 204);
    }
    governed.wait_until(|_| agenda(&governed).iter().all(|activity| activity.state == ActivityState::Open)).await?;
    assert_eq!(agenda(&governed)[0].open_until_ms, Some(until));

    // Ana writes from home, with no session running.
    let url = |activity| http::ws_url(server.addr, board.id, DocName::Activity(activity), &ana.token);
    let from_home = TestClient::connect(&url(home)).await?;
    from_home.edit(signed_card("bus-pass", "A bus pass for carers", "Ana", Perspective::Citizen));
    let reader = TestClient::connect(&board.doc_url(server.addr, DocName::Activity(home))).await?;
    reader.wait_until(|doc| doc.card_texts().contains_key("bus-pass")).await?;
    assert!(from_home.seen().denials.is_empty());

    // The date passes while the board is loaded: within a tick it is done, and closed to writes.
    clock.advance(Duration::from_millis(2 * HOUR_MS));
    governed.wait_until(|_| agenda(&governed)[0].state == ActivityState::Done).await?;
    assert_eq!(agenda(&governed)[0].open_until_ms, None);
    let late = TestClient::connect(&url(home)).await?;
    late.edit(signed_card("too-late", "One more", "Ana", Perspective::Citizen));
    late.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(late.seen().denials, [Refusal::ActivityDone.to_string()]);

    // A board that was not loaded when the date came closes the activity as it loads.
    let until = clock.now_ms() + HOUR_MS;
    assert_eq!(http::command(server.addr, board.id, &board.token, &open(second, until)).await?.status, 204);
    drop((governed, from_home, reader, late));
    let server = server.restart().await?;
    clock.advance(Duration::from_millis(2 * HOUR_MS));
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    let states: Vec<ActivityState> = agenda(&governed).iter().map(|activity| activity.state).collect();
    assert_eq!(states, [ActivityState::Done, ActivityState::Done], "closed before anyone could write");
    Ok(())
}
