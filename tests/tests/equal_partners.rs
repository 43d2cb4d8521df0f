//! Equal partners over raw traffic. Assisted participation: a supporter adds someone
//! without a device, adds an idea and dots for them (within that person's own budget), and
//! can do nothing a facilitator does; nobody else may act for anyone, and nobody can forge
//! "added with the help of" on a card. The balance of voices: counts by perspective and by
//! person for facilitators, with a prompt when one perspective dominates; by perspective for
//! everyone once shown.

use anyhow::Context;
use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::governance::Refusal;
use polyphony_shared::voting::MyVotes;
use polyphony_shared::{Command, DocName, GovernedDoc, NewCard, ParticipantId, Perspective, Phase, Role, RoundId};
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::{TestClient, TestServer};
use yrs::Transact;

/// The id of the person called `name`, as a replica of the governed document holds them.
fn person_named(governed: &TestClient, name: &str) -> Option<(ParticipantId, bool)> {
    let doc = GovernedDoc::from_doc(governed.board.doc().clone());
    let people = doc.participants(&governed.board.doc().transact());
    people
        .values()
        .find(|record| record.participant.name == name)
        .map(|record| (record.participant.id, record.assisted))
}

/// Sends a command; its status and the error it reads, if any.
async fn send(server: &TestServer, board: &TestBoard, token: &str, command: &Command) -> anyhow::Result<(u16, String)> {
    let answer = http::command(server.addr, board.id, token, command).await?;
    Ok((answer.status, answer.body["error"].as_str().unwrap_or_default().to_owned()))
}

fn for_person(person: ParticipantId, command: Command) -> Command {
    Command::OnBehalf { person, command: Box::new(command) }
}

async fn votes_of(
    server: &TestServer,
    board: &TestBoard,
    token: &str,
    round: RoundId,
    person: ParticipantId,
) -> anyhow::Result<(u16, Option<MyVotes>)> {
    let path = format!("/api/boards/{}/rounds/{round}/votes?for={person}", board.id);
    let answer = http::request_with_token(server.addr, "GET", &path, token, None).await?;
    Ok((answer.status, serde_json::from_value(answer.body).ok()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supporter_adds_a_person_without_a_device_with_their_idea_and_dots() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let agenda =
        polyphony_tests::agenda::board_with(server.addr, "Assisted", &[(ActivityKind::IdeaBoard, "Ideas")]).await?;
    let (board, governed, activity) = (&agenda.board, &agenda.governed, agenda.activities[0]);
    let sam = http::join_as_participant(server.addr, board.id, "Sam", Perspective::Professional).await?;
    let ben = http::join_as_participant(server.addr, board.id, "Ben", Perspective::Citizen).await?;

    // Only a supporter (or facilitator) adds people without a device.
    let add_olga = Command::AddAssisted { name: "Olga".into(), perspective: Perspective::Citizen };
    assert_eq!(send(&server, board, &sam.token, &add_olga).await?.0, 403, "Sam is not a supporter yet");
    assert_eq!(
        send(&server, board, &board.token, &Command::MakeSupporter { participant: sam.participant.id }).await?.0,
        204
    );
    assert_eq!(send(&server, board, &sam.token, &add_olga).await?.0, 204);
    let taken =
        send(&server, board, &sam.token, &Command::AddAssisted { name: "ben".into(), perspective: Perspective::Other })
            .await?;
    assert_eq!(taken, (409, Refusal::NameTaken.to_string()));
    governed.wait_until(|_| person_named(governed, "Olga").is_some()).await?;
    let (olga, assisted) = person_named(governed, "Olga").context("Olga is on the board")?;
    assert!(assisted, "Olga takes part without a device");

    // Her idea, added by Sam: her name and perspective, marked with Sam's help.
    let card =
        |id: &str, text: &str| Command::AddCard { card: id.into(), text: text.into(), colour: Default::default() };
    assert_eq!(send(&server, board, &sam.token, &for_person(olga, card("olga-1", "Buses after 8 pm"))).await?.0, 204);
    let ideas =
        TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Activity(activity), &board.token)).await?;
    ideas.wait_until(|doc| doc.snapshot().cards.iter().any(|card| card.id.as_str() == "olga-1")).await?;
    let added =
        ideas.board.snapshot().cards.into_iter().find(|card| card.id.as_str() == "olga-1").context("the card")?;
    assert_eq!(
        (added.author_name.as_str(), added.perspective, added.helped_by.as_str()),
        ("Olga", Perspective::Citizen, "Sam")
    );

    // Nobody else acts for anyone, and nobody acts for someone with their own device.
    let by_ben = send(&server, board, &ben.token, &for_person(olga, card("ben-1", "Mine"))).await?;
    assert_eq!(by_ben, (403, Refusal::HelpersOnly.to_string()));
    let for_ben = send(&server, board, &sam.token, &for_person(ben.participant.id, card("sam-1", "For Ben"))).await?;
    assert_eq!(for_ben, (403, Refusal::NotAssisted.to_string()));
    let phase = for_person(olga, Command::SetPhase { phase: Phase::CoCreation });
    assert_eq!(send(&server, board, &sam.token, &phase).await?.0, 400, "only ideas, dots and answers");

    // Her dots count as hers, within her own budget of three; Sam's own are his.
    assert_eq!(send(&server, board, &ben.token, &card("ben-1", "Evening rota")).await?.0, 204);
    let round = polyphony_tests::rounds::open_on_cards(server.addr, board, activity, "Which first?").await?;
    let vote = |item: &str, dots| Command::Vote { round, item: item.into(), dots };
    let (status, body) = send(&server, board, &sam.token, &for_person(olga, vote("olga-1", 2))).await?;
    assert_eq!(status, 200, "{body}");
    let over = send(&server, board, &sam.token, &for_person(olga, vote("ben-1", 2))).await?;
    assert_eq!(over.0, 409, "Olga has one dot left, not two: {}", over.1);
    assert_eq!(send(&server, board, &sam.token, &vote("ben-1", 3)).await?.0, 200, "Sam's own three dots");
    let (status, olga_votes) = votes_of(&server, board, &sam.token, round, olga).await?;
    let olga_votes = olga_votes.context("Olga's votes")?;
    assert_eq!((status, olga_votes.remaining, olga_votes.allocation.get("olga-1")), (200, 1, Some(&2)));
    assert_eq!(votes_of(&server, board, &ben.token, round, olga).await?.0, 403, "Ben does not see Olga's dots");
    assert_eq!(send(&server, board, &board.token, &Command::RevealRound { round }).await?.0, 204);
    governed
        .wait_until(|doc| {
            let rounds = GovernedDoc::from_doc(doc.doc().clone()).rounds(&doc.doc().transact());
            rounds.get(&round).and_then(|round| round.results.clone()).is_some_and(|results| {
                results.get("olga-1").is_some_and(|tally| tally.citizen == 2)
                    && results.get("ben-1").is_some_and(|tally| tally.professional == 3)
            })
        })
        .await?;

    // A supporter runs nothing of the process and reads no ballot.
    for command in [
        Command::SetPhase { phase: Phase::CoCreation },
        Command::RevealRound { round },
        Command::Admit { participant: ben.participant.id },
    ] {
        assert_eq!(
            send(&server, board, &sam.token, &command).await?,
            (403, Refusal::FacilitatorsOnly.to_string()),
            "{command:?}"
        );
    }
    let ballots = http::upgrade_status(&http::ws_url(server.addr, board.id, DocName::Ballots, &sam.token)).await?;
    assert_eq!(ballots, 403);
    let refreshed = GovernedDoc::from_doc(governed.board.doc().clone());
    let sam_now = refreshed.participant(&governed.board.doc().transact(), sam.participant.id).context("Sam")?;
    assert_eq!(sam_now.participant.role, Role::Supporter);
    Ok(())
}

/// "Added with the help of" is the server's to write: a browser that writes it on a card is
/// refused, and no other client nor the store gets it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_forges_who_helped() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Forgery").await?;
    let ben = http::join_as_participant(server.addr, board.id, "Ben", Perspective::Citizen).await?;
    let forger = TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Content, &ben.token)).await?;
    forger.edit(|content, txn| {
        let card = NewCard {
            id: "forged",
            text: "Looks assisted",
            colour: Default::default(),
            author_name: "Ben",
            perspective: Perspective::Citizen,
            x: 0.0,
            y: 0.0,
            cluster: None,
        };
        content.add_card(txn, card);
        content.mark_helped(txn, "forged", "Fatima");
    });
    forger.wait_for(|seen, _| !seen.denials.is_empty()).await.context("the forger is told")?;
    let fresh = TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Content, &board.token)).await?;
    assert!(fresh.board.snapshot().cards.iter().all(|card| card.helped_by.is_empty()), "nothing forged was stored");
    Ok(())
}

/// The balance of voices as the holder of `token` gets it.
async fn balance_for(server: &TestServer, board: &TestBoard, token: &str) -> anyhow::Result<(u16, serde_json::Value)> {
    let answer =
        http::request_with_token(server.addr, "GET", &format!("/api/boards/{}/balance", board.id), token, None).await?;
    Ok((answer.status, answer.body))
}

/// Three citizens and one professional; the professional writes nine of ten cards and the
/// facilitator is prompted. Participants see the balance only once it is shown, by
/// perspective and never by name; dots count for who gave them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_balance_of_voices_counts_by_perspective_and_prompts_the_facilitator() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let agenda =
        polyphony_tests::agenda::board_with(server.addr, "Balance", &[(ActivityKind::IdeaBoard, "Ideas")]).await?;
    let (board, activity) = (&agenda.board, agenda.activities[0]);
    let pia = http::join_as_participant(server.addr, board.id, "Pia", Perspective::Citizen).await?;
    for name in ["Quin", "Rosa"] {
        http::join_as_participant(server.addr, board.id, name, Perspective::Citizen).await?;
    }
    let ben = http::join_as_participant(server.addr, board.id, "Ben", Perspective::Professional).await?;
    let card =
        |id: String, text: &str| Command::AddCard { card: id.into(), text: text.into(), colour: Default::default() };
    for n in 0..9 {
        assert_eq!(send(&server, board, &ben.token, &card(format!("ben-{n}"), "A service idea")).await?.0, 204);
    }
    assert_eq!(send(&server, board, &pia.token, &card("pia-1".into(), "Buses after 8 pm")).await?.0, 204);
    assert_eq!(send(&server, board, &board.token, &card("fay-1".into(), "Facilitators do not count")).await?.0, 204);
    let round = polyphony_tests::rounds::open_on_cards(server.addr, board, activity, "Which first?").await?;
    assert_eq!(send(&server, board, &pia.token, &Command::Vote { round, item: "pia-1".into(), dots: 3 }).await?.0, 200);

    let (status, seen) = balance_for(&server, board, &board.token).await?;
    assert_eq!(status, 200, "{seen}");
    let part = |seen: &serde_json::Value, perspective: &str| {
        seen["perspectives"]
            .as_array()
            .and_then(|parts| parts.iter().find(|part| part["perspective"] == perspective).cloned())
    };
    let citizens = part(&seen, "citizen").context("citizens")?;
    let professionals = part(&seen, "professional").context("professionals")?;
    assert_eq!(
        (citizens["people"].as_u64(), citizens["counts"]["cards"].as_u64(), citizens["counts"]["dots"].as_u64()),
        (Some(3), Some(1), Some(3))
    );
    assert_eq!(
        (
            professionals["people"].as_u64(),
            professionals["counts"]["cards"].as_u64(),
            professionals["counts"]["words"].as_u64()
        ),
        (Some(1), Some(9), Some(27))
    );
    assert_eq!(seen["people"].as_array().map(Vec::len), Some(4), "a facilitator sees each person");
    assert_eq!(
        seen["imbalance"]["perspective"], "professional",
        "nine of thirteen from a quarter of the people: {seen}"
    );

    // Participants: not until it is shown; then by perspective, without names or prompt.
    assert_eq!(balance_for(&server, board, &pia.token).await?.0, 403);
    assert_eq!(send(&server, board, &board.token, &Command::SetBalance { shown: true, prompt_at: 7 }).await?.0, 400);
    assert_eq!(send(&server, board, &board.token, &Command::SetBalance { shown: true, prompt_at: 0 }).await?.0, 204);
    let (status, shown) = balance_for(&server, board, &pia.token).await?;
    assert_eq!(status, 200);
    assert_eq!(shown["people"].as_array().map(Vec::len), Some(0), "no names for participants");
    assert!(shown["imbalance"].is_null());
    assert_eq!(part(&shown, "professional").context("professionals")?["counts"]["cards"].as_u64(), Some(9));
    assert!(!shown.to_string().contains("Ben"), "no name anywhere");
    assert!(
        balance_for(&server, board, &board.token).await?.1["imbalance"].is_null(),
        "the facilitator asked for no prompt"
    );
    Ok(())
}
