//! The evaluation activity through a real server (issue 19): it starts with the seeds'
//! statements already set up; each person answers every statement (or leaves some out) and
//! may add a comment, anonymously; bad answers get a clear 4xx; once revealed, everyone sees
//! each statement's counts by perspective and the comments in alphabetical order, and the
//! facilitator's CSV names nobody.

use std::collections::BTreeMap;

use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::evaluation::STARTING_STATEMENTS;
use polyphony_shared::governance::{Invalid, Refusal};
use polyphony_shared::polls::PollStatus;
use polyphony_shared::{Command, Perspective};
use polyphony_tests::TestServer;
use polyphony_tests::agenda::board_with;
use polyphony_tests::http;
use polyphony_tests::polls::{poll_of, send};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_evaluation_is_answered_anonymously_and_read_by_perspective() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let started = board_with(server.addr, "Respite care", &[(ActivityKind::Evaluation, "How was it?")]).await?;
    let (board, governed, evaluation) = (started.board, started.governed, started.activities[0]);
    let statements = poll_of(&governed, evaluation).map(|poll| poll.options);
    let expected: Vec<String> = STARTING_STATEMENTS.iter().map(|statement| (*statement).to_owned()).collect();
    assert_eq!(statements, Some(expected), "set up with the four statements from the start");

    let join = |name: &'static str, perspective| http::join_as_participant(server.addr, board.id, name, perspective);
    let (mila, omar, sam) = (
        join("Mila Horvat", Perspective::Citizen).await?,
        join("Omar Haddad", Perspective::Citizen).await?,
        join("Sam Jensen", Perspective::Professional).await?,
    );
    let answer = |points: &[u32]| Command::AnswerPoll { activity: evaluation, answer: points.to_vec() };
    let comment = |text: &str| Command::AnswerText { activity: evaluation, text: text.to_owned() };
    // Mila changes one answer; Omar leaves "decided as equals" out; Sam felt heard.
    for (token, points) in [
        (&mila.token, &[2, 1, 3, 4][..]),
        (&mila.token, &[2, 1, 3, 5]),
        (&omar.token, &[1, 0, 2, 5]),
        (&sam.token, &[5, 4, 4, 5]),
    ] {
        assert_eq!(send(&server, &board, token, answer(points)).await?.0, 204);
    }
    for (token, said) in
        [(&mila.token, "Mila Horvat wants more time"), (&mila.token, "More time, please"), (&sam.token, "Useful")]
    {
        assert_eq!(send(&server, &board, token, comment(said)).await?.0, 204);
    }

    let wrong = (400, Refusal::Invalid(Invalid::PollAnswer).to_string());
    assert_eq!(send(&server, &board, &omar.token, answer(&[5, 5, 5])).await?, wrong, "a statement short");
    assert_eq!(send(&server, &board, &omar.token, answer(&[6, 5, 5, 5])).await?, wrong, "off the scale");
    assert_eq!(send(&server, &board, &omar.token, answer(&[0, 0, 0, 0])).await?, wrong, "nothing answered");
    let reset = Command::SetPoll {
        activity: evaluation,
        options: vec!["Other".into()],
        points: 0,
        several: false,
        live: false,
    };
    assert_eq!(send(&server, &board, &board.token, reset).await?, (409, Refusal::PollAnswered.to_string()));

    assert_eq!(send(&server, &board, &board.token, Command::RevealPoll { activity: evaluation }).await?.0, 204);
    governed
        .wait_until(|_| poll_of(&governed, evaluation).is_some_and(|poll| poll.status == PollStatus::Revealed))
        .await?;
    let results =
        poll_of(&governed, evaluation).and_then(|poll| poll.results).ok_or_else(|| anyhow::anyhow!("revealed"))?;
    assert_eq!(results.answered, [2, 1, 0]);
    assert_eq!(results.statements[0].counts, BTreeMap::from([(1, [1, 0, 0]), (2, [1, 0, 0]), (5, [0, 1, 0])]));
    assert_eq!(results.statements[1].answered, [1, 1, 0], "Omar left it out");
    assert_eq!(results.statements[0].agreement().scale_alike, Some(false), "citizens felt less heard");
    assert_eq!(results.statements[3].agreement().scale_alike, Some(true));
    assert_eq!(results.texts, ["More time, please", "Useful"], "Mila's newest comment replaces her first");
    assert_eq!(send(&server, &board, &sam.token, answer(&[1, 1, 1, 1])).await?, (409, Refusal::PollClosed.to_string()));

    let path = format!("/api/boards/{}/polls/{evaluation}/answers.csv", board.id);
    let as_facilitator = format!("Bearer {}", board.token);
    let csv = http::raw_request(server.addr, "GET", &path, &[("authorization", as_facilitator.as_str())], None).await?;
    assert_eq!(csv.status, 200);
    let text = String::from_utf8(csv.body.to_vec())?;
    assert!(text.starts_with("perspective,I was heard.,We decided as equals.,"), "{text}");
    assert!(text.contains("citizen,1,,2,5,\r\n") && text.contains("professional,,,,,Useful\r\n"), "{text}");
    // Not even the name Mila typed into the comment she replaced.
    for name in ["Mila", "Omar", "Sam", "Horvat", "Haddad", "Jensen"] {
        assert!(!text.contains(name), "{name} in {text}");
    }
    Ok(())
}
