//! Polls through a real server (issue 16): answers are commands, one per person and
//! changeable until the poll closes, kept where no client can read them; counts by
//! perspective appear in governed state only live (when the facilitator says so) or at the
//! reveal; bad answers get a clear 4xx and nothing is counted twice.

use std::collections::BTreeMap;
use std::time::Duration;

use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::governance::{Invalid, Missing, Refusal};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::polls::{PollResults, PollStatus};
use polyphony_shared::{Command, DocName, Perspective};
use polyphony_tests::http;
use polyphony_tests::polls::{board_with_poll, choice, poll_of, send};
use polyphony_tests::{TestClient, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_are_governed_counted_once_and_hidden_until_the_reveal() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let (board, poll, governed) =
        board_with_poll(&server, ActivityKind::Choice, choice(&["Bus", "Lift", "Walk"], false)).await?;
    let join = |name: &'static str, perspective| http::join_as_participant(server.addr, board.id, name, perspective);
    let (ana, bo, cy) = (
        join("Ana", Perspective::Citizen).await?,
        join("Bo", Perspective::Professional).await?,
        join("Cy", Perspective::Citizen).await?,
    );
    let screen = http::join_as_observer(server.addr, board.id, "Projector").await?;
    let answer = |answer: &[u32]| Command::AnswerPoll { activity: poll, answer: answer.to_vec() };

    let early = send(&server, &board, &ana.token, answer(&[0])).await?;
    assert_eq!(early, (409, Refusal::PollNotRunning.to_string()));
    assert_eq!(send(&server, &board, &board.token, Command::StartActivity { activity: poll }).await?.0, 204);

    // Ana changes her mind; Bo and Cy answer; Cy's phone fires ten answers at once.
    for (token, given) in [(&ana.token, &[0][..]), (&ana.token, &[1]), (&bo.token, &[1])] {
        assert_eq!(send(&server, &board, token, answer(given)).await?.0, 204);
    }
    let burst = (0..10).map(|_| send(&server, &board, &cy.token, answer(&[2])));
    for result in futures_util::future::join_all(burst).await {
        assert_eq!(result?.0, 204);
    }

    // Bad answers: a clear reason each, nothing counted.
    let wrong = (400, Refusal::Invalid(Invalid::PollAnswer).to_string());
    assert_eq!(send(&server, &board, &ana.token, answer(&[3])).await?, wrong, "no such option");
    assert_eq!(send(&server, &board, &ana.token, answer(&[0, 1])).await?, wrong, "one answer only");
    assert_eq!(send(&server, &board, &screen.token, answer(&[0])).await?, (403, Refusal::Observer.to_string()));
    assert_eq!(send(&server, &board, "v1.forged.token", answer(&[0])).await?.0, 401);
    let elsewhere = Command::AnswerPoll { activity: ActivityId::random_from(&mut (7u8..)), answer: vec![0] };
    assert_eq!(
        send(&server, &board, &ana.token, elsewhere).await?,
        (404, Refusal::NotFound(Missing::Activity).to_string())
    );

    // Nothing of the answers reaches a client before the reveal, by any channel.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(poll_of(&governed, poll).and_then(|poll| poll.results), None, "no counts before the reveal");
    assert_eq!(http::upgrade_status(&http::ws_url(server.addr, board.id, DocName::Ballots, &board.token)).await?, 403);
    let reset = Command::SetPoll {
        activity: poll,
        options: vec!["A".into(), "B".into()],
        points: 0,
        several: false,
        live: false,
    };
    assert_eq!(send(&server, &board, &board.token, reset).await?, (409, Refusal::PollAnswered.to_string()));

    // Closed, then revealed: counts by perspective, each person once.
    assert_eq!(send(&server, &board, &board.token, Command::ClosePoll { activity: poll }).await?.0, 204);
    assert_eq!(send(&server, &board, &bo.token, answer(&[0])).await?, (409, Refusal::PollClosed.to_string()));
    assert_eq!(send(&server, &board, &board.token, Command::RevealPoll { activity: poll }).await?.0, 204);
    governed.wait_until(|_| poll_of(&governed, poll).is_some_and(|poll| poll.status == PollStatus::Revealed)).await?;
    let expected = PollResults {
        counts: BTreeMap::from([(1, [1, 1, 0]), (2, [1, 0, 0])]),
        answered: [2, 1, 0],
        ..PollResults::default()
    };
    assert_eq!(poll_of(&governed, poll).and_then(|poll| poll.results), Some(expected));

    // The answers as CSV, for the facilitators: perspectives only, sorted.
    let path = format!("/api/boards/{}/polls/{poll}/answers.csv", board.id);
    let as_facilitator = format!("Bearer {}", board.token);
    let csv = http::raw_request(server.addr, "GET", &path, &[("authorization", as_facilitator.as_str())], None).await?;
    assert_eq!(csv.status, 200);
    let text = String::from_utf8(csv.body.to_vec())?;
    assert_eq!(text, "perspective,answer\r\ncitizen,Lift\r\ncitizen,Walk\r\nprofessional,Lift\r\n");
    let as_ana = format!("Bearer {}", ana.token);
    let by_ana = http::raw_request(server.addr, "GET", &path, &[("authorization", as_ana.as_str())], None).await?;
    assert_eq!(by_ana.status, 403, "participants do not download the answers");
    Ok(())
}

/// A scale whose results show live: counts follow the answers within a tick, a removed
/// participant's answer stops counting, and several answers on a scale are refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_scale_shows_counts_as_answers_arrive() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let setup = Command::SetPoll {
        activity: ActivityId::random_from(&mut (0u8..)),
        options: vec!["Not at all".into(), "Completely".into()],
        points: 5,
        several: false,
        live: true,
    };
    let (board, poll, governed) = board_with_poll(&server, ActivityKind::Scale, setup).await?;
    assert_eq!(send(&server, &board, &board.token, Command::StartActivity { activity: poll }).await?.0, 204);
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let bo = http::join_as_participant(server.addr, board.id, "Bo", Perspective::Professional).await?;
    let answer = |point: u32| Command::AnswerPoll { activity: poll, answer: vec![point] };
    assert_eq!(send(&server, &board, &ana.token, answer(4)).await?.0, 204);
    assert_eq!(send(&server, &board, &bo.token, answer(2)).await?.0, 204);
    let off_scale = send(&server, &board, &ana.token, answer(6)).await?;
    assert_eq!(off_scale, (400, Refusal::Invalid(Invalid::PollAnswer).to_string()));
    let counts =
        |governed: &TestClient| poll_of(governed, poll).and_then(|poll| poll.results).map(|results| results.counts);
    governed.wait_until(|_| counts(&governed) == Some(BTreeMap::from([(2, [0, 1, 0]), (4, [1, 0, 0])]))).await?;

    let remove = Command::RemoveParticipant { participant: bo.participant.id };
    assert_eq!(send(&server, &board, &board.token, remove).await?.0, 204);
    assert_eq!(send(&server, &board, &ana.token, answer(5)).await?.0, 204);
    governed.wait_until(|_| counts(&governed) == Some(BTreeMap::from([(5, [1, 0, 0])]))).await?;
    Ok(())
}

/// An open question: answers in a few words, one per person (replaced) or up to three when
/// it takes several, shown as a word cloud and a list without names or order of arrival.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_question_gathers_words_into_a_cloud() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let setup = |several| Command::SetPoll {
        activity: ActivityId::random_from(&mut (0u8..)),
        options: Vec::new(),
        points: 0,
        several,
        live: true,
    };
    let (board, poll, governed) = board_with_poll(&server, ActivityKind::OpenQuestion, setup(false)).await?;
    assert_eq!(send(&server, &board, &board.token, Command::StartActivity { activity: poll }).await?.0, 204);
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let bo = http::join_as_participant(server.addr, board.id, "Bo", Perspective::Professional).await?;
    let screen = http::join_as_observer(server.addr, board.id, "Projector").await?;
    let say = |text: &str| Command::AnswerText { activity: poll, text: text.to_owned() };
    for (token, text) in
        [(&ana.token, "More buses"), (&ana.token, "Later buses!"), (&bo.token, "Lifts from neighbours")]
    {
        assert_eq!(send(&server, &board, token, say(text)).await?.0, 204);
    }
    let long = "x".repeat(polyphony_shared::polls::MAX_TEXT_CHARS + 1);
    assert_eq!(
        send(&server, &board, &ana.token, say(&long)).await?,
        (400, Refusal::Invalid(Invalid::TextAnswer).to_string())
    );
    assert_eq!(send(&server, &board, &screen.token, say("Hello")).await?.0, 403);
    let chosen = Command::AnswerPoll { activity: poll, answer: vec![0] };
    assert_eq!(
        send(&server, &board, &ana.token, chosen).await?,
        (400, Refusal::Invalid(Invalid::NotAPoll).to_string())
    );
    let results = |governed: &TestClient| poll_of(governed, poll).and_then(|poll| poll.results);
    governed.wait_until(|_| results(&governed).is_some_and(|results| results.texts.len() == 2)).await?;
    let seen = results(&governed).unwrap_or_default();
    assert_eq!(seen.texts, ["Later buses!", "Lifts from neighbours"], "Ana's first answer was replaced");
    assert_eq!(
        seen.words,
        BTreeMap::from([("later bus".to_owned(), [1, 0, 0]), ("lift from neighbour".to_owned(), [0, 1, 0])])
    );
    assert_eq!(seen.answered, [1, 1, 0]);

    // A question that takes several: three each, then a clear no.
    let (board, poll, _) = board_with_poll(&server, ActivityKind::OpenQuestion, setup(true)).await?;
    assert_eq!(send(&server, &board, &board.token, Command::StartActivity { activity: poll }).await?.0, 204);
    let cy = http::join_as_participant(server.addr, board.id, "Cy", Perspective::Citizen).await?;
    for text in ["Buses", "Lifts", "Taxis"] {
        assert_eq!(
            send(&server, &board, &cy.token, Command::AnswerText { activity: poll, text: text.into() }).await?.0,
            204
        );
    }
    let fourth = send(&server, &board, &cy.token, Command::AnswerText { activity: poll, text: "Bikes".into() }).await?;
    assert_eq!(fourth, (409, Refusal::EnoughAnswers.to_string()));
    Ok(())
}
