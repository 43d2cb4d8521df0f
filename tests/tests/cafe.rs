//! A World Café through a real server (issue 17, first steps): the facilitator sets up the
//! tables and starts the rounds; everyone is seated for every round with hosts staying and
//! perspectives spread; a late joiner is seated at once; moves by hand; clear refusals.

use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::cafe::{Cafe, CafeTable, TableColour};
use polyphony_shared::facilitation::Timer;
use polyphony_shared::governance::{Invalid, Refusal};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::{Command, DocName, GovernedDoc, Perspective, Phase};
use polyphony_tests::agenda::{add, of as agenda};
use polyphony_tests::polls::send;
use polyphony_tests::{TestClient, TestServer, http};
use yrs::Transact;

fn cafe_of(governed: &TestClient, activity: ActivityId) -> Option<Cafe> {
    GovernedDoc::from_doc(governed.board.doc().clone()).cafes(&governed.board.doc().transact()).remove(&activity)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cafe_seats_everyone_for_every_round_and_a_late_joiner_at_once() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Competencies for co-creation").await?;
    let added = add(ActivityKind::WorldCafe, Phase::CoCreation, "Which competencies do we need?");
    assert_eq!(http::command(server.addr, board.id, &board.token, &added).await?.status, 204);
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    governed.wait_until(|_| agenda(&governed).len() == 1).await?;
    let cafe = agenda(&governed)[0].id;

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
        (400, Refusal::Invalid(Invalid::CafeSetup).to_string())
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
