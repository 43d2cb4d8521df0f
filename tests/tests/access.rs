//! Roles and tokens hold against crafted traffic: raw HTTP and websocket clients, no UI.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use polyphony_server::clock::{Clock, ShiftedClock};
use polyphony_shared::{CloseReason, Command, DocName, GovernedDoc, JoinRequest, Perspective, Role};
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::{TestClient, TestServer};
use yrs::{Map, Transact};

/// How long a lookup in the slow lane waits (two seconds), less a little for timers.
const SLOW: Duration = Duration::from_millis(1_900);

fn content_url(server: &TestServer, board: &TestBoard, token: &str) -> String {
    http::ws_url(server.addr, board.id, DocName::Content, token)
}

/// The facilitator key from creating a board makes a facilitator; a wrong key is refused;
/// without a key one joins as a participant, or as an observer on request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_come_from_the_facilitator_key_and_the_request() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Roles").await?;
    let other = http::create_board(server.addr, "Other").await?;
    let as_facilitator = |key: &str| JoinRequest {
        name: "Fa".into(),
        perspective: Perspective::Professional,
        observer: false,
        facilitator_key: Some(key.to_owned()),
    };
    let joined = http::join(server.addr, board.id, &as_facilitator(&board.facilitator_key)).await?;
    assert_eq!(joined.participant.role, Role::Facilitator);
    let wrong = http::try_join(server.addr, board.id, &as_facilitator(&other.facilitator_key)).await?;
    assert_eq!(wrong.status, 403, "{:?}", wrong.body);
    let participant = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    assert_eq!(participant.participant.role, Role::Participant);
    let observer = http::join_as_observer(server.addr, board.id, "Projector").await?;
    assert_eq!(observer.participant.role, Role::Observer);
    let nameless =
        JoinRequest { name: "  ".into(), perspective: Perspective::Other, observer: false, facilitator_key: None };
    let refused = http::try_join(server.addr, board.id, &nameless).await?;
    assert_eq!(refused.status, 400);
    assert!(refused.body["error"].as_str().is_some_and(|error| error.contains("name")), "{:?}", refused.body);

    // Everyone who joined is in governed state, which every client can read.
    let reader = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    reader
        .wait_for(|_, _| {
            let governed = GovernedDoc::from_doc(reader.board.doc().clone());
            let txn = reader.board.doc().transact();
            governed.participants(&txn).len() == 4 // the harness's facilitator, Fa, Ana, Projector
        })
        .await?;
    Ok(())
}

/// A websocket without a token, with a forged or tampered one, with one for another board,
/// or with an expired one, is refused before the upgrade.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websockets_need_a_valid_token_for_the_board() -> anyhow::Result<()> {
    let clock = Arc::new(ShiftedClock::default());
    let server_clock: Arc<dyn Clock> = clock.clone();
    let server = TestServer::start_with(|config| {
        config.token_lifetime_secs = 60;
        config.clock = Some(server_clock);
    })
    .await?;
    let board = http::create_board(server.addr, "Tokens").await?;
    let other = http::create_board(server.addr, "Other").await?;
    let no_token = format!("ws://{}{}", server.addr, board.ws_path(DocName::Content));
    assert_eq!(http::upgrade_status(&no_token).await?, 401);
    assert_eq!(http::upgrade_status(&content_url(&server, &board, "v1.e30.AAAA")).await?, 401);
    let mut tampered = board.token.clone();
    tampered.insert(5, 'x');
    assert_eq!(http::upgrade_status(&content_url(&server, &board, &tampered)).await?, 401);
    assert_eq!(http::upgrade_status(&content_url(&server, &board, &other.token)).await?, 401);
    assert_eq!(http::upgrade_status(&board.url(server.addr)).await?, 101);

    // An hour later (the server's clock moved, nobody waits), the token has expired.
    clock.advance(Duration::from_secs(3_600));
    assert_eq!(http::upgrade_status(&board.url(server.addr)).await?, 401, "an expired token is refused");
    Ok(())
}

/// An observer's updates are refused: the observer is told, nobody else receives them, and
/// they are not stored. Its presence and reading still work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn observers_cannot_write() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Observer").await?;
    let observer = http::join_as_observer(server.addr, board.id, "Projector").await?;
    let writer = TestClient::connect(&server.ws_url(&board)).await?;
    writer.edit(|board, txn| board.insert_problem_text(txn, 0, "written by a participant"));
    let watching = TestClient::connect(&content_url(&server, &board, &observer.token)).await?;
    watching.wait_until(|board| board.problem_statement() == "written by a participant").await?;

    watching.edit(|board, txn| board.set_card_text(txn, "sneaky", "an observer's card"));
    watching.wait_for(|seen, _| !seen.denials.is_empty()).await.context("the observer is told its edit was refused")?;
    writer.edit(|board, txn| board.insert_problem_text(txn, 0, "marker "));
    watching.wait_until(|board| board.problem_statement().starts_with("marker")).await?;
    assert!(!writer.board.card_texts().contains_key("sneaky"), "the refused update reached another client");

    let fresh = TestClient::connect(&server.ws_url(&board)).await?;
    assert!(!fresh.board.card_texts().contains_key("sneaky"), "the refused update was stored");
    Ok(())
}

/// Nobody writes the governed document over the websocket, not even a facilitator: the
/// update is refused and reaches no one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn governed_state_is_read_only_for_every_client() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Governed").await?;
    let url = board.doc_url(server.addr, DocName::Governed);
    let forger = TestClient::connect(&url).await?;
    let reader = TestClient::connect(&url).await?;
    let participants = forger.board.doc().get_or_insert_map("participants");
    forger.edit(|_, txn| {
        participants.insert(txn, "0000000000000000", "a forged participant");
    });
    forger.wait_for(|seen, _| !seen.denials.is_empty()).await.context("the forger is told")?;

    http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let has_forgery = |doc: &yrs::Doc| {
        let participants = doc.get_or_insert_map("participants");
        let txn = doc.transact();
        participants.get(&txn, "0000000000000000").is_some()
    };
    // Ana's join is a server write: once the reader has it, it would have the forgery too.
    reader
        .wait_for(|_, board| {
            let governed = GovernedDoc::from_doc(board.doc().clone());
            let txn = board.doc().transact();
            governed.participants(&txn).values().any(|record| record.participant.name == "Ana")
        })
        .await?;
    assert!(!has_forgery(reader.board.doc()), "a forged governed update reached another client");
    let fresh = TestClient::connect(&url).await?;
    assert!(!has_forgery(fresh.board.doc()), "a forged governed update was stored");
    Ok(())
}

/// A removed participant's connections close with 4003, the old token stops working for
/// websockets and commands, and only facilitators may remove anyone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removed_participants_are_disconnected_and_stay_out() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Removal").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let ben = http::join_as_participant(server.addr, board.id, "Ben", Perspective::Professional).await?;
    let ana_socket = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    let ana_governed = TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Governed, &ana.token)).await?;

    let remove = |participant| Command::RemoveParticipant { participant };
    let by_participant = http::command(server.addr, board.id, &ben.token, &remove(ana.participant.id)).await?;
    assert_eq!(by_participant.status, 403, "{:?}", by_participant.body);
    let body = Some(serde_json::to_string(&remove(ana.participant.id))?);
    let unauthenticated =
        http::request(server.addr, "POST", &format!("/api/boards/{}/commands", board.id), body).await?;
    assert_eq!(unauthenticated.status, 401);

    let removed = http::command(server.addr, board.id, &board.token, &remove(ana.participant.id)).await?;
    assert_eq!(removed.status, 204, "{:?}", removed.body);
    assert_eq!(ana_socket.wait_closed().await?, Some(CloseReason::NotAllowed.code()));
    assert_eq!(ana_governed.wait_closed().await?, Some(CloseReason::NotAllowed.code()));
    assert_eq!(http::upgrade_status(&content_url(&server, &board, &ana.token)).await?, 403);
    let as_removed = http::command(server.addr, board.id, &ana.token, &remove(ben.participant.id)).await?;
    assert_eq!(as_removed.status, 403);
    let missing = polyphony_shared::ParticipantId::random_from(&mut std::iter::repeat(9));
    let unknown = http::command(server.addr, board.id, &board.token, &remove(missing)).await?;
    assert_eq!(unknown.status, 404);
    // Ben is unaffected.
    TestClient::connect(&content_url(&server, &board, &ben.token)).await?;
    Ok(())
}

/// Wrong join codes from one address are limited without locking out the room behind it:
/// past the limit, lookups from the address go one at a time, each after a delay, so the
/// right code still gets through while a guesser gets one guess per delay; lookups sent all
/// at once cannot slip past together, and those that wait too long get 429 and Retry-After.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_join_codes_is_slowed_but_the_right_code_gets_through() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| config.join_misses_per_minute = 5).await?;
    let board = http::create_board(server.addr, "Guessing").await?;
    let right = format!("/api/join/{}", board.join_code);
    assert_eq!(http::request(server.addr, "GET", &right, None).await?.status, 200);
    let wrong_code = if board.join_code.as_str() == "AAAAAA" { "BBBBBB" } else { "AAAAAA" };
    let wrong = format!("/api/join/{wrong_code}");
    for _ in 0..5 {
        assert_eq!(http::request(server.addr, "GET", &wrong, None).await?.status, 404);
    }
    let started = Instant::now();
    assert_eq!(http::request(server.addr, "GET", &right, None).await?.status, 200, "the right code gets through");
    assert!(started.elapsed() >= SLOW, "after a delay: {:?}", started.elapsed());
    let started = Instant::now();
    assert_eq!(http::request(server.addr, "GET", &wrong, None).await?.status, 404);
    assert!(started.elapsed() >= SLOW, "a guess waits too: {:?}", started.elapsed());

    // Lookups sent all at once cannot slip past the limit together.
    let other = TestServer::start_with(|config| config.join_misses_per_minute = 5).await?;
    let started = Instant::now();
    let lookups = (0..20).map(|_| async {
        let answer = http::raw_request(other.addr, "GET", &wrong, &[], None).await;
        answer.map(|answer| (answer.status, started.elapsed(), answer.headers.contains_key("retry-after")))
    });
    let answers: Vec<(u16, Duration, bool)> =
        futures_util::future::join_all(lookups).await.into_iter().collect::<Result<_, _>>()?;
    let at_once = answers.iter().filter(|(status, after, _)| *status == 404 && *after < SLOW).count();
    assert_eq!(at_once, 5, "{answers:?}");
    let misses = answers.iter().filter(|(status, ..)| *status == 404).count();
    let waited = answers.iter().map(|(_, after, _)| *after).max().unwrap_or_default();
    let allowed = 5 + usize::try_from(waited.as_millis() / SLOW.as_millis()).unwrap_or(usize::MAX);
    assert!(misses <= allowed, "{misses} guesses in {waited:?}: {answers:?}");
    let refused: Vec<_> = answers.iter().filter(|(status, ..)| *status == 429).collect();
    assert!(!refused.is_empty() && refused.iter().all(|(.., retry)| *retry), "{answers:?}");
    Ok(())
}

/// Nobody passes for someone else by name: invisible and text-reordering characters are
/// refused, and a participant or observer cannot take a facilitator's name (case and
/// spacing aside); a co-facilitator with the key can.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_cannot_hide_characters_or_copy_a_facilitator() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Names").await?;
    let join = |name: &str, observer: bool, key: Option<String>| JoinRequest {
        name: name.into(),
        perspective: Perspective::Citizen,
        observer,
        facilitator_key: key,
    };
    for hidden in ["Pia\u{200B}", "\u{202E}aiP", "Pi\u{2066}a"] {
        let answer = http::try_join(server.addr, board.id, &join(hidden, false, None)).await?;
        assert_eq!(answer.status, 400, "{hidden:?}: {answer:?}");
        assert!(answer.body["error"].as_str().unwrap_or_default().contains("invisible"), "{answer:?}");
    }
    for copy in ["Facilitator", "  facilitator ", "FACILITATOR"] {
        for observer in [false, true] {
            let answer = http::try_join(server.addr, board.id, &join(copy, observer, None)).await?;
            assert_eq!(answer.status, 409, "{copy:?} as observer {observer}: {answer:?}");
            assert!(answer.body["error"].as_str().unwrap_or_default().contains("facilitator here has that name"));
        }
    }
    let with_key = join("Facilitator", false, Some(board.facilitator_key.clone()));
    assert_eq!(http::try_join(server.addr, board.id, &with_key).await?.status, 200, "a co-facilitator may");
    assert_eq!(http::try_join(server.addr, board.id, &join("Facilitator B.", false, None)).await?.status, 200);
    Ok(())
}

/// One address cannot join a board over and over (to vote as many people), a board takes
/// only so many joins in all, and facilitator keys cannot be guessed quickly: each limit
/// answers 429 with when to come back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joins_and_facilitator_keys_are_limited() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| {
        config.joins_per_address = 3;
        config.join_misses_per_minute = 4;
    })
    .await?;
    let board = http::create_board(server.addr, "Limits").await?;
    // The facilitator's own join counted once; two more people may join from here.
    for name in ["Ana", "Ben"] {
        http::join_as_participant(server.addr, board.id, name, Perspective::Citizen).await?;
    }
    let request = JoinRequest {
        name: "Ana again".into(),
        perspective: Perspective::Citizen,
        observer: false,
        facilitator_key: None,
    };
    let refused = http::try_join(server.addr, board.id, &request).await?;
    assert_eq!(refused.status, 429, "{refused:?}");
    assert!(refused.body["error"].as_str().unwrap_or_default().contains("too many people joined"));
    let other = http::create_board(server.addr, "Another").await?;
    assert_eq!(http::try_join(server.addr, other.id, &request).await?.status, 200, "each board has its own budget");

    let guess = |key: &str| JoinRequest {
        name: "Guesser".into(),
        perspective: Perspective::Other,
        observer: false,
        facilitator_key: Some(key.into()),
    };
    let mut answers = Vec::new();
    for attempt in 0..6 {
        let started = Instant::now();
        let status = http::try_join(server.addr, other.id, &guess(&format!("guess-{attempt}"))).await?.status;
        answers.push((status, started.elapsed() >= SLOW));
    }
    assert!(answers.iter().all(|(status, _)| *status == 403), "{answers:?}");
    assert_eq!(answers.iter().map(|(_, slow)| *slow).collect::<Vec<_>>(), [false, false, false, false, true, true]);
    // The right key still works from here, after the delay.
    let started = Instant::now();
    let mut facilitator = guess(&other.facilitator_key);
    facilitator.name = "Co-facilitator".into();
    let joined = http::try_join(server.addr, other.id, &facilitator).await?;
    assert_eq!((joined.status, joined.body["participant"]["role"].as_str()), (200, Some("facilitator")), "{joined:?}");
    assert!(started.elapsed() >= SLOW);
    Ok(())
}

/// A facilitator link that got out can be replaced: the old key stops working at once,
/// the new one works, facilitators already in keep their role, and only they can replace it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facilitator_key_can_be_replaced() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Keys").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    assert_eq!(http::command(server.addr, board.id, &ana.token, &Command::NewFacilitatorKey).await?.status, 403);
    let replaced = http::command(server.addr, board.id, &board.token, &Command::NewFacilitatorKey).await?;
    assert_eq!(replaced.status, 200, "{replaced:?}");
    let new_key = replaced.body["facilitatorKey"].as_str().context("the new key")?.to_owned();
    assert_ne!(new_key, board.facilitator_key);
    let with = |key: &str, name: &str| JoinRequest {
        name: name.into(),
        perspective: Perspective::Professional,
        observer: false,
        facilitator_key: Some(key.into()),
    };
    assert_eq!(http::try_join(server.addr, board.id, &with(&board.facilitator_key, "Old link")).await?.status, 403);
    let joined = http::try_join(server.addr, board.id, &with(&new_key, "New link")).await?;
    assert_eq!((joined.status, joined.body["participant"]["role"].as_str()), (200, Some("facilitator")), "{joined:?}");
    let still = http::command(server.addr, board.id, &board.token, &Command::SetAnonymous { on: false }).await?;
    assert_eq!(still.status, 204, "the facilitator who replaced it keeps their role");
    Ok(())
}

/// Facilitators see how many joined from one network in a burst (never the address);
/// participants cannot ask.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facilitators_see_joins_in_bursts() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Bursts").await?;
    let path = format!("/api/boards/{}/join-bursts", board.id);
    let quiet = http::request_with_token(server.addr, "GET", &path, &board.token, None).await?;
    assert_eq!(quiet.body["fromOneNetwork"], serde_json::json!([]), "{quiet:?}");
    let mut last = None;
    for name in ["Ana", "Ana 2", "Ana 3", "Ana 4", "Ana 5"] {
        last = Some(http::join_as_participant(server.addr, board.id, name, Perspective::Citizen).await?);
    }
    let burst = http::request_with_token(server.addr, "GET", &path, &board.token, None).await?;
    assert_eq!(burst.status, 200);
    assert_eq!(burst.body["fromOneNetwork"], serde_json::json!([6]), "five and the facilitator: {burst:?}");
    assert_eq!(burst.body["minutes"], 10);
    let participant = last.context("joined")?;
    assert_eq!(http::request_with_token(server.addr, "GET", &path, &participant.token, None).await?.status, 403);
    Ok(())
}
