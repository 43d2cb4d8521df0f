//! The other poll kinds through a real server (issue 16): a ranking, questions to the
//! panel, moderation of what a poll shows, and carrying an open question's answers on to an
//! idea board. Raw traffic: commands over HTTP, governed state and documents over websockets.

use std::collections::BTreeMap;
use std::time::Duration;

use polyphony_shared::agenda::{ActivityKind, Link};
use polyphony_shared::governance::carry::carried_id;
use polyphony_shared::governance::{Invalid, Missing, Refusal};
use polyphony_shared::ids::PanelQuestionId;
use polyphony_shared::polls::{self, HideWhat, PanelQuestion, PollStatus, hidden_key};
use polyphony_shared::{Command, DocName, Perspective, Phase};
use polyphony_tests::agenda::{add, of as agenda};
use polyphony_tests::http;
use polyphony_tests::polls::{board_with_poll, poll_of, send};
use polyphony_tests::{TestClient, TestServer};

fn set_up(options: &[&str], live: bool) -> Command {
    Command::SetPoll {
        activity: polyphony_shared::ids::ActivityId::random_from(&mut (0u8..)),
        options: options.iter().map(|option| (*option).to_owned()).collect(),
        points: 0,
        several: false,
        live,
    }
}

/// A ranking: everyone puts every option in one place; points by place, by perspective;
/// an order that leaves an option out is refused; a burst of the same answer counts once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ranking_counts_places_once_per_person() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let (board, poll, governed) =
        board_with_poll(&server, ActivityKind::Ranking, set_up(&["Transport", "Housing", "Work"], false)).await?;
    assert_eq!(send(&server, &board, &board.token, Command::StartActivity { activity: poll }).await?.0, 204);
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let bo = http::join_as_participant(server.addr, board.id, "Bo", Perspective::Professional).await?;
    let order = |order: &[u32]| Command::AnswerPoll { activity: poll, answer: order.to_vec() };
    let wrong = (400, Refusal::Invalid(Invalid::PollAnswer).to_string());
    assert_eq!(send(&server, &board, &ana.token, order(&[0, 1])).await?, wrong, "an option left out");
    assert_eq!(send(&server, &board, &ana.token, order(&[0, 0, 1])).await?, wrong, "an option twice");
    let burst = (0..8).map(|_| send(&server, &board, &ana.token, order(&[1, 0, 2])));
    for sent in futures_util::future::join_all(burst).await {
        assert_eq!(sent?.0, 204);
    }
    assert_eq!(send(&server, &board, &bo.token, order(&[0, 1, 2])).await?.0, 204);
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(poll_of(&governed, poll).and_then(|poll| poll.results), None, "hidden until the reveal");
    assert_eq!(send(&server, &board, &board.token, Command::RevealPoll { activity: poll }).await?.0, 204);
    governed.wait_until(|_| poll_of(&governed, poll).is_some_and(|poll| poll.results.is_some())).await?;
    let results = poll_of(&governed, poll).and_then(|poll| poll.results).unwrap_or_default();
    assert_eq!(results.answered, [1, 1, 0]);
    assert_eq!(results.counts, BTreeMap::from([(0, [2, 3, 0]), (1, [3, 2, 0]), (2, [1, 1, 0])]));
    Ok(())
}

/// The questions everyone sees on the panel.
fn questions(governed: &TestClient, activity: polyphony_shared::ids::ActivityId) -> Vec<PanelQuestion> {
    poll_of(governed, activity).and_then(|poll| poll.results).map(|results| results.questions).unwrap_or_default()
}

/// Questions to the panel: asked anonymously, upvoted once per person (never one's own),
/// marked answered and hidden by the facilitator only, with clear refusals.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn questions_to_the_panel_are_asked_upvoted_answered_and_moderated() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let (board, panel, governed) = board_with_poll(&server, ActivityKind::PanelQuestions, set_up(&[], false)).await?;
    assert_eq!(send(&server, &board, &board.token, Command::StartActivity { activity: panel }).await?.0, 204);
    let join = |name: &'static str, perspective| http::join_as_participant(server.addr, board.id, name, perspective);
    let (ana, bo, cy) = (
        join("Ana", Perspective::Citizen).await?,
        join("Bo", Perspective::Professional).await?,
        join("Cy", Perspective::Citizen).await?,
    );
    let screen = http::join_as_observer(server.addr, board.id, "Projector").await?;
    let ask = |text: &str| Command::AskPanel { activity: panel, text: text.to_owned() };
    for (token, text) in [(&ana.token, "When do the buses run on Sundays?"), (&bo.token, "Who pays for the lifts?")] {
        assert_eq!(send(&server, &board, token, ask(text)).await?.0, 204);
    }
    let long = "?".repeat(polls::MAX_PANEL_CHARS + 1);
    assert_eq!(
        send(&server, &board, &ana.token, ask(&long)).await?,
        (400, Refusal::Invalid(Invalid::PanelQuestion).to_string())
    );
    assert_eq!(send(&server, &board, &screen.token, ask("From the projector")).await?.0, 403);
    for text in ["Second?", "Third?"] {
        assert_eq!(send(&server, &board, &ana.token, ask(text)).await?.0, 204);
    }
    assert_eq!(send(&server, &board, &ana.token, ask("Fourth?")).await?, (409, Refusal::EnoughQuestions.to_string()));

    // The panel shows live (a panel is always live), with no name or id of who asked.
    governed.wait_until(|_| questions(&governed, panel).len() == 4).await?;
    let find = |text: &str| questions(&governed, panel).into_iter().find(|question| question.text == text);
    let sundays = find("When do the buses run on Sundays?").map(|question| question.id);
    let sundays = sundays.ok_or_else(|| anyhow::anyhow!("Ana's question is on the panel"))?;
    let published = format!("{:?}", poll_of(&governed, panel));
    for who in [&ana, &bo] {
        assert!(!published.contains(&who.participant.id.to_string()), "no participant id in what everyone sees");
    }

    // Upvotes: once each however often sent, never one's own, never a question not there.
    let upvote = |question, up| Command::UpvotePanel { activity: panel, question, up };
    let burst = (0..6).map(|_| send(&server, &board, &cy.token, upvote(sundays, true)));
    for sent in futures_util::future::join_all(burst).await {
        assert_eq!(sent?.0, 204);
    }
    assert_eq!(send(&server, &board, &bo.token, upvote(sundays, true)).await?.0, 204);
    assert_eq!(
        send(&server, &board, &ana.token, upvote(sundays, true)).await?,
        (409, Refusal::OwnQuestion.to_string())
    );
    let nowhere = PanelQuestionId::random_from(&mut (77u8..));
    assert_eq!(
        send(&server, &board, &cy.token, upvote(nowhere, true)).await?,
        (404, Refusal::NotFound(Missing::PanelQuestion).to_string())
    );
    assert_eq!(send(&server, &board, &screen.token, upvote(sundays, true)).await?.0, 403);
    governed.wait_until(|_| find("When do the buses run on Sundays?").is_some_and(|q| q.votes == [1, 1, 0])).await?;
    assert_eq!(questions(&governed, panel)[0].id, sundays, "most upvoted first");

    // Answered: by a facilitator only, and shown at once.
    let mark = Command::MarkAnswered { activity: panel, question: sundays, answered: true };
    assert_eq!(send(&server, &board, &ana.token, mark.clone()).await?.0, 403);
    assert_eq!(send(&server, &board, &board.token, mark).await?.0, 204);
    governed.wait_until(|_| find("When do the buses run on Sundays?").is_some_and(|q| q.answered)).await?;

    // Hidden with a reason: gone for everyone, no upvotes taken, back when shown again.
    let lifts = find("Who pays for the lifts?").map(|question| question.id.to_string()).unwrap_or_default();
    let hide = Command::HidePollItem {
        activity: panel,
        what: HideWhat::Question,
        text: lifts.clone(),
        reason: "Asked already".into(),
    };
    assert_eq!(send(&server, &board, &bo.token, hide.clone()).await?.0, 403);
    assert_eq!(send(&server, &board, &board.token, hide).await?.0, 204);
    governed.wait_until(|_| find("Who pays for the lifts?").is_none()).await?;
    let hidden_id = PanelQuestionId::parse(&lifts)?;
    assert_eq!(send(&server, &board, &cy.token, upvote(hidden_id, true)).await?.0, 404);
    let key = hidden_key(HideWhat::Question, &lifts).unwrap_or_default();
    let show = Command::ShowPollItem { activity: panel, key: key.clone() };
    assert_eq!(send(&server, &board, &board.token, show.clone()).await?.0, 204);
    governed.wait_until(|_| find("Who pays for the lifts?").is_some()).await?;
    assert_eq!(
        send(&server, &board, &board.token, show).await?,
        (404, Refusal::NotFound(Missing::HiddenItem).to_string())
    );

    // Closed: nothing more is asked or upvoted.
    assert_eq!(send(&server, &board, &board.token, Command::ClosePoll { activity: panel }).await?.0, 204);
    assert_eq!(send(&server, &board, &cy.token, ask("Late?")).await?, (409, Refusal::PollClosed.to_string()));
    assert_eq!(send(&server, &board, &bo.token, upvote(sundays, false)).await?.0, 409);
    let status = poll_of(&governed, panel).map(|poll| poll.status);
    assert!(matches!(status, Some(PollStatus::Closed)), "{status:?}");
    Ok(())
}

/// An open question's answers are moderated (a hidden answer leaves the list and the cloud)
/// and carried on to an idea board as cards, once each, linked back, once they are shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_answers_are_moderated_and_carried_to_an_idea_board() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let (board, poll, governed) = board_with_poll(&server, ActivityKind::OpenQuestion, set_up(&[], false)).await?;
    let added = add(ActivityKind::IdeaBoard, Phase::CoCreation, "What could we try?");
    assert_eq!(send(&server, &board, &board.token, added).await?.0, 204);
    governed.wait_until(|_| agenda(&governed).len() == 2).await?;
    let ideas = agenda(&governed).iter().find(|activity| activity.kind == ActivityKind::IdeaBoard).map(|a| a.id);
    let ideas = ideas.ok_or_else(|| anyhow::anyhow!("the idea board is on the agenda"))?;
    assert_eq!(send(&server, &board, &board.token, Command::StartActivity { activity: poll }).await?.0, 204);
    let join = |name: &'static str, perspective| http::join_as_participant(server.addr, board.id, name, perspective);
    let (ana, bo, cy) = (
        join("Ana", Perspective::Citizen).await?,
        join("Bo", Perspective::Professional).await?,
        join("Cy", Perspective::Citizen).await?,
    );
    for (token, text) in [(&ana.token, "More buses"), (&bo.token, "more buses"), (&cy.token, "You are all idiots")] {
        let answer = Command::AnswerText { activity: poll, text: text.to_owned() };
        assert_eq!(send(&server, &board, token, answer).await?.0, 204);
    }
    let carry = Command::CarryAnswers { activity: poll, to: ideas };
    assert_eq!(
        send(&server, &board, &board.token, carry.clone()).await?,
        (409, Refusal::ResultsNotShown.to_string()),
        "answers not shown yet are not carried"
    );
    let hide = |what, text: &str| Command::HidePollItem {
        activity: poll,
        what,
        text: text.to_owned(),
        reason: "Not respectful".into(),
    };
    assert_eq!(send(&server, &board, &board.token, hide(HideWhat::Answer, "you are all IDIOTS")).await?.0, 204);
    assert_eq!(
        send(&server, &board, &board.token, hide(HideWhat::Question, "you")).await?,
        (400, Refusal::Invalid(Invalid::HiddenItem).to_string())
    );
    assert_eq!(send(&server, &board, &board.token, Command::RevealPoll { activity: poll }).await?.0, 204);
    governed.wait_until(|_| poll_of(&governed, poll).is_some_and(|poll| poll.results.is_some())).await?;
    let results = poll_of(&governed, poll).and_then(|poll| poll.results).unwrap_or_default();
    assert_eq!(results.texts, ["More buses", "more buses"], "the hidden answer is not shown");
    assert_eq!(results.words.keys().collect::<Vec<_>>(), ["more bus"]);
    let hidden = poll_of(&governed, poll).map(|poll| format!("{:?}", poll.hidden)).unwrap_or_default();
    assert!(!hidden.to_lowercase().contains("idiots"), "the hidden words do not reach clients: {hidden}");

    let to_poll = Command::CarryAnswers { activity: poll, to: poll };
    assert_eq!(
        send(&server, &board, &board.token, to_poll).await?,
        (400, Refusal::Invalid(Invalid::CarryAnswers).to_string())
    );
    assert_eq!(send(&server, &board, &ana.token, carry.clone()).await?.0, 403);
    assert_eq!(send(&server, &board, &board.token, carry.clone()).await?.0, 204);
    assert_eq!(send(&server, &board, &board.token, carry).await?.0, 204);
    let target = TestClient::connect(&board.doc_url(server.addr, DocName::Activity(ideas))).await?;
    target.wait_until(|doc| !doc.snapshot().cards.is_empty()).await?;
    let cards: Vec<_> = target
        .board
        .snapshot()
        .cards
        .into_iter()
        .map(|card| (card.id.into_string(), card.text, card.author_name, card.perspective, card.from))
        .collect();
    let item = polls::answer_item("More buses");
    let expected = (
        carried_id(poll, &item),
        "More buses".to_owned(),
        String::new(),
        Perspective::Other,
        Some(Link { activity: poll, item }),
    );
    assert_eq!(cards, [expected], "one card for one answer given twice, none for the hidden one, carried once");
    Ok(())
}
