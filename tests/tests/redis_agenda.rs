//! Redis mode and the agenda: an activity's document, and the rules that govern it, cross
//! instances through a real redis-server.

use std::time::{Duration, Instant};

use polyphony_shared::governance::Refusal;
use polyphony_shared::{Command, DocName, Perspective};
use polyphony_tests::client::signed_card;
use polyphony_tests::redis_server::RedisServer;
use polyphony_tests::shared_redis::SharedRedis;
use polyphony_tests::{TestClient, WAIT, http};

/// An activity's document lives in Redis like any other: a board started from a template
/// on one instance, its activity run from there, is written through the other, and the
/// other enforces the activity's state as governed state changes on the first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activity_runs_across_two_instances() -> anyhow::Result<()> {
    let redis = RedisServer::start().await?;
    let (first, second) = (redis.instance().await?, redis.instance().await?);
    let board = http::create_board_from(first.addr, "Across", Some("co-definition")).await?;
    let ana = http::join_as_participant(second.addr, board.id, "Ana", Perspective::Citizen).await?;
    let governed = TestClient::connect(&board.doc_url(first.addr, DocName::Governed)).await?;
    let agenda = || polyphony_tests::agenda::of(&governed);
    let strengths = agenda().iter().find(|activity| activity.title == "Our strengths and resources").map(|a| a.id);
    let strengths = strengths.ok_or_else(|| anyhow::anyhow!("the template's strengths activity is missing"))?;
    let doc = DocName::Activity(strengths);
    let anas_url = http::ws_url(second.addr, board.id, doc, &ana.token);
    let card = |id| signed_card(id, "My neighbour Joe", "Ana", Perspective::Citizen);

    let early = TestClient::connect(&anas_url).await?;
    early.edit(card("early"));
    early.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(early.seen().denials[0], Refusal::ActivityNotLive.to_string());

    let start =
        http::command(first.addr, board.id, &board.token, &Command::StartActivity { activity: strengths }).await?;
    assert_eq!(start.status, 204);
    let observer = TestClient::connect(&board.doc_url(first.addr, doc)).await?;
    // The second instance learns of the start through Redis; Ana writes once it has.
    let deadline = Instant::now() + WAIT;
    loop {
        let writer = TestClient::connect(&anas_url).await?;
        writer.edit(card("joe"));
        let landed = tokio::time::timeout(
            Duration::from_secs(1),
            observer.wait_until(|doc| doc.card_texts().contains_key("joe")),
        );
        if matches!(landed.await, Ok(Ok(()))) {
            break;
        }
        anyhow::ensure!(Instant::now() < deadline, "the card written on the second instance never arrived");
    }
    let finish =
        http::command(first.addr, board.id, &board.token, &Command::FinishActivity { activity: strengths }).await?;
    assert_eq!(finish.status, 204);
    let deadline = Instant::now() + WAIT;
    loop {
        let late = TestClient::connect(&anas_url).await?;
        late.edit(card("late"));
        let refused = tokio::time::timeout(Duration::from_secs(1), late.wait_for(|seen, _| !seen.denials.is_empty()));
        if matches!(refused.await, Ok(Ok(()))) {
            assert_eq!(late.seen().denials[0], Refusal::ActivityDone.to_string());
            break;
        }
        anyhow::ensure!(Instant::now() < deadline, "the second instance never enforced the finish");
    }
    let fresh = TestClient::connect(&board.doc_url(second.addr, doc)).await?;
    let kept: Vec<String> = fresh.board.card_texts().into_keys().collect();
    assert_eq!(kept, ["joe"], "only the card written while it ran is kept");
    Ok(())
}
