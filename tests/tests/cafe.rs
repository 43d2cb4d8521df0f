//! A World Café through a real server (issue 17, first steps): the facilitator sets up the
//! tables and starts the rounds; everyone is seated for every round with hosts staying and
//! perspectives spread; a late joiner is seated at once; moves by hand; clear refusals.

use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::cafe::{Cafe, CafeSetupError, CafeTable, TableColour};
use polyphony_shared::facilitation::Timer;
use polyphony_shared::governance::carry::carried_id;
use polyphony_shared::governance::{Invalid, Refusal};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::voting::VoteTarget;
use polyphony_shared::{Command, DocName, GovernedDoc, Perspective, Phase, RoundId};
use polyphony_tests::agenda::{add, of as agenda};
use polyphony_tests::client::signed_card;
use polyphony_tests::polls::send;
use polyphony_tests::{TestClient, TestServer, http};
use yrs::Transact;

fn cafe_of(governed: &TestClient, activity: ActivityId) -> Option<Cafe> {
    GovernedDoc::from_doc(governed.board.doc().clone()).cafes(&governed.board.doc().transact()).remove(&activity)
}

/// A board titled `title` with a World Café asking `question` on its agenda, a client
/// following its governed state, and the café's activity.
async fn board_with_cafe(
    server: &TestServer,
    title: &str,
    question: &str,
) -> anyhow::Result<(http::TestBoard, TestClient, ActivityId)> {
    let board = http::create_board(server.addr, title).await?;
    let added = add(ActivityKind::WorldCafe, Phase::CoCreation, question);
    assert_eq!(http::command(server.addr, board.id, &board.token, &added).await?.status, 204);
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    governed.wait_until(|_| agenda(&governed).len() == 1).await?;
    let cafe = agenda(&governed)[0].id;
    Ok((board, governed, cafe))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cafe_seats_everyone_for_every_round_and_a_late_joiner_at_once() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let (board, governed, cafe) =
        board_with_cafe(&server, "Competencies for co-creation", "Which competencies do we need?").await?;

    let perspectives = [Perspective::Citizen, Perspective::Professional];
    let mut people = Vec::new();
    for at in 0..8 {
        let name = format!("Person {at}");
        people.push(http::join_as_participant(server.addr, board.id, &name, perspectives[at % 2]).await?);
    }
    let screen = http::join_as_observer(server.addr, board.id, "Projector").await?;
    let host = people[0].participant.id;
    let table = |question: &str, colour, host| CafeTable { question: question.into(), colour, host, remote: false };
    let setup = |tables: Vec<CafeTable>| Command::SetCafe {
        activity: cafe,
        tables,
        rounds: 2,
        round_minutes: 15,
        remote_together: false,
    };
    let tables = vec![
        table("What do citizens bring?", TableColour::Red, Some(host)),
        table("What do professionals bring?", TableColour::Blue, None),
        table("What do we learn together?", TableColour::Green, None),
    ];
    assert_eq!(send(&server, &board, &people[1].token, setup(tables.clone())).await?.0, 403, "facilitators only");
    let one_table = setup(vec![table("Alone?", TableColour::Red, None)]);
    assert_eq!(
        send(&server, &board, &board.token, one_table).await?,
        (400, Refusal::Invalid(Invalid::CafeSetup(CafeSetupError::Tables)).to_string())
    );
    let not_a_cafe = Command::NextCafeRound { activity: ActivityId::random_from(&mut (9u8..)) };
    assert_eq!(send(&server, &board, &board.token, not_a_cafe).await?.0, 404);
    assert_eq!(
        send(&server, &board, &board.token, Command::NextCafeRound { activity: cafe }).await?,
        (409, Refusal::CafeNotSetUp.to_string())
    );
    assert_eq!(send(&server, &board, &board.token, setup(tables.clone())).await?.0, 204);

    // The first round seats the eight participants (not the observer, not the facilitator)
    // for both rounds: the host stays, four citizens and four professionals over three
    // tables, and the round's timer runs.
    assert_eq!(send(&server, &board, &board.token, Command::NextCafeRound { activity: cafe }).await?.0, 204);
    governed.wait_until(|_| cafe_of(&governed, cafe).is_some_and(|cafe| cafe.round == 1)).await?;
    let running = cafe_of(&governed, cafe).unwrap_or_default();
    assert_eq!(running.seating.len(), 2);
    for round in &running.seating {
        assert_eq!(round.len(), 8, "{round:?}");
        assert_eq!(round.get(&host), Some(&0), "the host stays");
        assert!(!round.contains_key(&screen.participant.id), "an observer is not seated");
        for table in 0..3 {
            for perspective in perspectives {
                let here = people
                    .iter()
                    .filter(|person| person.participant.perspective == perspective)
                    .filter(|person| round.get(&person.participant.id) == Some(&table))
                    .count();
                assert!((1..=2).contains(&here), "{here} of {perspective:?} at table {table}");
            }
        }
    }
    let timer =
        GovernedDoc::from_doc(governed.board.doc().clone()).facilitation(&governed.board.doc().transact()).timer;
    assert!(matches!(timer, Some(Timer::Running { ref label, .. }) if label == "Round 1 of 2"), "{timer:?}");
    assert_eq!(send(&server, &board, &board.token, setup(tables)).await?, (409, Refusal::CafeRunning.to_string()));

    // Someone who arrives now is seated at once, in this round and the next.
    let late = http::join_as_participant(server.addr, board.id, "Late", Perspective::Citizen).await?;
    governed
        .wait_until(|_| {
            cafe_of(&governed, cafe)
                .is_some_and(|cafe| cafe.seating.iter().all(|round| round.contains_key(&late.participant.id)))
        })
        .await?;

    // Moved by hand for this round; a host stays.
    let seat = |participant, table| Command::SeatAtTable { activity: cafe, participant, table };
    assert_eq!(send(&server, &board, &board.token, seat(late.participant.id, 2)).await?.0, 204);
    governed
        .wait_until(|_| cafe_of(&governed, cafe).is_some_and(|cafe| cafe.table_now(late.participant.id) == Some(2)))
        .await?;
    let (status, reason) = send(&server, &board, &board.token, seat(host, 1)).await?;
    assert_eq!(status, 409);
    assert!(reason.contains("host stays"), "{reason}");

    // Round two, then the harvest (no timer).
    for _ in 0..2 {
        assert_eq!(send(&server, &board, &board.token, Command::NextCafeRound { activity: cafe }).await?.0, 204);
    }
    governed.wait_until(|_| cafe_of(&governed, cafe).is_some_and(|cafe| cafe.harvesting())).await?;
    let timer =
        GovernedDoc::from_doc(governed.board.doc().clone()).facilitation(&governed.board.doc().transact()).timer;
    assert_eq!(timer, None);
    Ok(())
}

/// Each table's notes are a document of their own: while a round runs a participant writes
/// only at the table they sit at (the server refuses the others, and keeps nothing of it),
/// reads every table, and finds what earlier rounds wrote; the harvest gathers every table
/// into the café's own document, one cluster per question, once however often asked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_write_only_at_their_own_table_and_the_harvest_gathers_every_table() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let (board, governed, cafe) =
        board_with_cafe(&server, "Competencies for co-creation", "Which competencies do we need?").await?;
    let mut people = Vec::new();
    for (name, perspective) in [("Ana", Perspective::Citizen), ("Ben", Perspective::Professional)] {
        people.push(http::join_as_participant(server.addr, board.id, name, perspective).await?);
    }
    let tables = vec![
        CafeTable { question: "What do citizens bring?".into(), colour: TableColour::Red, host: None, remote: false },
        CafeTable {
            question: "What do we learn together?".into(),
            colour: TableColour::Blue,
            host: None,
            remote: false,
        },
    ];
    let setup = Command::SetCafe { activity: cafe, tables, rounds: 2, round_minutes: 10, remote_together: false };
    for command in [setup, Command::StartActivity { activity: cafe }] {
        assert_eq!(send(&server, &board, &board.token, command).await?.0, 204);
    }
    let gather = Command::GatherCafeNotes { activity: cafe };
    let (status, reason) = send(&server, &board, &board.token, gather.clone()).await?;
    assert_eq!((status, reason.contains("harvest")), (409, true), "{reason}");
    assert_eq!(send(&server, &board, &board.token, Command::NextCafeRound { activity: cafe }).await?.0, 204);
    governed.wait_until(|_| cafe_of(&governed, cafe).is_some_and(|cafe| cafe.round == 1)).await?;
    let table_doc = |table| DocName::Table { cafe, table };
    let url = |table, token: &str| http::ws_url(server.addr, board.id, table_doc(table), token);
    let missing = url(2, &people[0].token);
    assert_eq!(http::upgrade_status(&missing).await?, 404, "the café has two tables");

    // Round 1: each writes at their table; at the other, the server refuses and keeps nothing.
    let seated = |round: usize, who: usize| {
        let cafe = cafe_of(&governed, cafe).unwrap_or_default();
        cafe.seating[round].get(&people[who].participant.id).copied().unwrap_or_default() as u8
    };
    let names = ["Ana", "Ben"];
    for who in 0..2 {
        let (own, other) = (seated(0, who), 1 - seated(0, who));
        let perspective = people[who].participant.perspective;
        let at_own = TestClient::connect(&url(own, &people[who].token)).await?;
        let text = format!("{} in round 1", names[who]);
        at_own.edit(signed_card(&format!("r1-{who}"), &text, names[who], perspective));
        let at_other = TestClient::connect(&url(other, &people[who].token)).await?;
        at_other.edit(signed_card(&format!("stray-{who}"), "Not my table", names[who], perspective));
        at_other.wait_for(|seen, _| !seen.denials.is_empty()).await?;
        assert_eq!(at_other.seen().denials[0], Refusal::NotAtThisTable.to_string());
        let reader = TestClient::connect(&board.doc_url(server.addr, table_doc(own))).await?;
        reader.wait_until(|doc| doc.card_texts().contains_key(&format!("r1-{who}"))).await?;
    }
    let summary = TestClient::connect(&url(seated(0, 0), &people[0].token)).await?;
    summary.edit(|doc, txn| doc.insert_problem_text(txn, 0, "Lived experience counts."));

    // Round 2: whoever moved writes at the new table and reads what round 1 left there.
    assert_eq!(send(&server, &board, &board.token, Command::NextCafeRound { activity: cafe }).await?.0, 204);
    governed.wait_until(|_| cafe_of(&governed, cafe).is_some_and(|cafe| cafe.round == 2)).await?;
    for who in 0..2 {
        let here = TestClient::connect(&url(seated(1, who), &people[who].token)).await?;
        let earlier = here.board.card_texts().len();
        assert!(earlier >= 1, "round 1's notes are there to read");
        here.edit(signed_card(&format!("r2-{who}"), "Round two", names[who], people[who].participant.perspective));
        let reader = TestClient::connect(&board.doc_url(server.addr, table_doc(seated(1, who)))).await?;
        reader.wait_until(|doc| doc.card_texts().contains_key(&format!("r2-{who}"))).await?;
        assert!(here.seen().denials.is_empty(), "{:?}", here.seen().denials);
    }

    // The harvest: the tables rest, and their notes are gathered by question, once.
    assert_eq!(send(&server, &board, &board.token, Command::NextCafeRound { activity: cafe }).await?.0, 204);
    let resting = TestClient::connect(&url(0, &people[0].token)).await?;
    resting.edit(signed_card("late", "After the rounds", "Ana", Perspective::Citizen));
    resting.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(resting.seen().denials[0], Refusal::NoRoundRunning.to_string());
    assert_eq!(send(&server, &board, &board.token, gather).await?.0, 204, "gathering again");
    let harvest = TestClient::connect(&board.doc_url(server.addr, DocName::Activity(cafe))).await?;
    harvest.wait_until(|doc| doc.snapshot().cards.len() == 5).await?;
    let snapshot = harvest.board.snapshot();
    let titles: Vec<&str> = snapshot.clusters.iter().map(|cluster| cluster.title.as_str()).collect();
    assert_eq!(titles, ["What do citizens bring?", "What do we learn together?"]);
    let texts: Vec<&str> = snapshot.cards.iter().map(|card| card.text.as_str()).collect();
    let summary_at = seated(0, 0) + 1;
    let colour = ["red", "blue"][usize::from(seated(0, 0))];
    assert!(texts.contains(&format!("Table {summary_at} ({colour}): Lived experience counts.").as_str()), "{texts:?}");
    assert!(!texts.contains(&"Not my table") && !texts.contains(&"After the rounds"), "{texts:?}");
    assert!(snapshot.cards.iter().all(|card| card.cluster.is_some()), "grouped by question");

    // The room dots the insights; the one with most dots goes on to an idea board.
    let onward = add(ActivityKind::IdeaBoard, Phase::CoCreation, "What we take forward");
    assert_eq!(http::command(server.addr, board.id, &board.token, &onward).await?.status, 204);
    governed.wait_until(|_| agenda(&governed).len() == 2).await?;
    let to = agenda(&governed).into_iter().find(|activity| activity.id != cafe).map(|activity| activity.id);
    let to = to.ok_or_else(|| anyhow::anyhow!("the idea board is on the agenda"))?;
    let open = Command::OpenRound {
        title: "Which insights matter most?".into(),
        target: VoteTarget::Cards,
        budget: 3,
        cap: 3,
        activity: Some(cafe),
    };
    let opened = http::command(server.addr, board.id, &board.token, &open).await?;
    assert_eq!(opened.status, 200, "{:?}", opened.body);
    let round: RoundId = serde_json::from_value(opened.body["round"].clone())?;
    let summary = carried_id(cafe, &format!("t{}-summary", seated(0, 0)));
    for person in &people {
        let vote = Command::Vote { round, item: summary.clone(), dots: 2 };
        assert_eq!(send(&server, &board, &person.token, vote).await?.0, 200);
    }
    for command in [Command::RevealRound { round }, Command::CarryForward { round, to, count: 1 }] {
        assert_eq!(send(&server, &board, &board.token, command).await?.0, 204);
    }
    let forward = TestClient::connect(&board.doc_url(server.addr, DocName::Activity(to))).await?;
    forward.wait_until(|doc| doc.snapshot().cards.len() == 1).await?;
    assert!(forward.board.snapshot().cards[0].text.ends_with("Lived experience counts."));
    Ok(())
}

/// People who say they take part online sit at the online tables, together, when the
/// facilitator keeps them together; an observer says nothing of the kind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_online_sit_together_at_the_online_tables() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let (board, governed, cafe) = board_with_cafe(&server, "A hybrid café", "What would help?").await?;
    let table = |question: &str, remote| CafeTable { question: question.into(), remote, ..CafeTable::default() };
    let tables = vec![table("In the room", false), table("Online", true), table("Also in the room", false)];
    let setup = Command::SetCafe { activity: cafe, tables, rounds: 2, round_minutes: 10, remote_together: true };
    assert_eq!(send(&server, &board, &board.token, setup).await?.0, 204);
    let mut people = Vec::new();
    for at in 0..6 {
        let perspective = [Perspective::Citizen, Perspective::Professional][at % 2];
        people.push(http::join_as_participant(server.addr, board.id, &format!("P{at}"), perspective).await?);
    }
    let online = Command::SetCafeOnline { activity: cafe, online: true };
    for person in &people[..2] {
        assert_eq!(send(&server, &board, &person.token, online.clone()).await?.0, 204);
    }
    let screen = http::join_as_observer(server.addr, board.id, "Projector").await?;
    assert_eq!(send(&server, &board, &screen.token, online).await?.0, 403);
    assert_eq!(send(&server, &board, &board.token, Command::NextCafeRound { activity: cafe }).await?.0, 204);
    governed.wait_until(|_| cafe_of(&governed, cafe).is_some_and(|cafe| cafe.round == 1)).await?;
    let running = cafe_of(&governed, cafe).unwrap_or_default();
    assert_eq!(running.online.len(), 2);
    for round in &running.seating {
        for (at, person) in people.iter().enumerate() {
            let seat = round.get(&person.participant.id).copied();
            if at < 2 {
                assert_eq!(seat, Some(1), "P{at} is online");
            } else {
                assert!(matches!(seat, Some(0 | 2)), "P{at} is in the room: {seat:?}");
            }
        }
    }
    Ok(())
}
