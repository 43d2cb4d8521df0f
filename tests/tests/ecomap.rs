//! Eco-maps through a real server (issue 18): the map is written to its own activity's
//! document by anyone who may write the activity, and nowhere else; what people draw
//! reaches everyone and is kept. Raw websocket traffic, no UI.

use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::ecomap::doc::EcoMapDoc;
use polyphony_shared::ecomap::{CENTRE, Category, Node, Tie};
use polyphony_shared::governance::Refusal;
use polyphony_shared::{Command, DocName, Perspective};
use polyphony_tests::agenda::{AgendaBoard, board_with, of as agenda};
use polyphony_tests::{TestClient, TestServer, http};
use yrs::Transact;

/// A family's eco-map, started, and an idea board.
const MAP_AND_IDEAS: &[(ActivityKind, &str)] =
    &[(ActivityKind::EcoMap, "Our eco-map"), (ActivityKind::IdeaBoard, "Ideas")];

/// The wall clock, in milliseconds since the Unix epoch.
fn now_ms() -> u64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
}

/// Draws a node named `name`, tied to the centre, through `client`.
fn draw(client: &TestClient, name: &str) {
    // The roots are taken before the transaction opens.
    let map = EcoMapDoc::from_doc(client.board.doc().clone());
    let node = Node { id: name.to_lowercase(), name: name.into(), category: Category::School, ..Node::default() };
    let tie = Tie { id: format!("tie-{}", node.id), a: CENTRE.into(), b: node.id.clone(), ..Tie::default() };
    client.edit(move |_, txn| {
        map.add_node(txn, &node);
        map.add_tie(txn, &tie);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_map_is_drawn_only_in_an_eco_map_activity() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let AgendaBoard { board, activities, .. } = board_with(server.addr, "Mila's family", MAP_AND_IDEAS).await?;
    let (map, ideas) = (activities[0], activities[1]);
    let mila = http::join_as_participant(server.addr, board.id, "Mila", Perspective::Citizen).await?;
    let url = |doc| http::ws_url(server.addr, board.id, doc, &mila.token);

    // In the eco-map's document a participant draws, and everyone sees it, kept.
    let drawing = TestClient::connect(&url(DocName::Activity(map))).await?;
    draw(&drawing, "School");
    let reader = TestClient::connect(&board.doc_url(server.addr, DocName::Activity(map))).await?;
    let read = |client: &TestClient| EcoMapDoc::from_doc(client.board.doc().clone()).read();
    reader.wait_until(|_| read(&reader).ties.len() == 1).await?;
    assert_eq!(read(&reader).nodes[0].name, "School");
    assert!(drawing.seen().denials.is_empty(), "{:?}", drawing.seen().denials);

    // Nowhere else, not even by a facilitator: not in an idea board, not in the board's
    // own document.
    for doc in [DocName::Activity(ideas), DocName::Content] {
        let elsewhere = TestClient::connect(&http::ws_url(server.addr, board.id, doc, &board.token)).await?;
        draw(&elsewhere, "Stray");
        elsewhere.wait_for(|seen, _| !seen.denials.is_empty()).await?;
        assert_eq!(elsewhere.seen().denials[0], Refusal::ServerOnly.to_string(), "{doc}");
        let fresh = TestClient::connect(&board.doc_url(server.addr, doc)).await?;
        assert!(read(&fresh).nodes.is_empty(), "nothing of it is kept in {doc}");
    }

    // A projector following the board reads the map but cannot draw.
    let screen = http::join_as_observer(server.addr, board.id, "Projector").await?;
    let follower =
        TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Activity(map), &screen.token)).await?;
    draw(&follower, "Observer");
    follower.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(follower.seen().denials[0], Refusal::Observer.to_string());
    Ok(())
}

/// A facilitator keeps a family's map to the family and their worker: nobody else, the
/// projector included, can read or write it, and someone reading it is closed out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_map_kept_to_its_members_is_closed_to_everyone_else() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let AgendaBoard { board, governed, activities } = board_with(server.addr, "Mila's family", MAP_AND_IDEAS).await?;
    let map = activities[0];
    let mila = http::join_as_participant(server.addr, board.id, "Mila", Perspective::Citizen).await?;
    let dana = http::join_as_participant(server.addr, board.id, "Dana", Perspective::Professional).await?;
    let omar = http::join_as_participant(server.addr, board.id, "Omar", Perspective::Citizen).await?;
    let screen = http::join_as_observer(server.addr, board.id, "Projector").await?;
    let url = |token: &str| http::ws_url(server.addr, board.id, DocName::Activity(map), token);
    let omar_reading = TestClient::connect(&url(&omar.token)).await?;

    let stranger = polyphony_shared::ParticipantId::random_from(&mut (3u8..));
    let members = |members: Vec<_>| Command::SetActivityMembers { activity: map, members };
    let unknown = http::command(server.addr, board.id, &board.token, &members(vec![stranger])).await?;
    assert_eq!(unknown.status, 404);
    let refused = http::command(server.addr, board.id, &mila.token, &members(vec![mila.participant.id])).await?;
    assert_eq!(refused.status, 403, "facilitators only");
    let family = members(vec![mila.participant.id, dana.participant.id]);
    assert_eq!(http::command(server.addr, board.id, &board.token, &family).await?.status, 204);

    assert!(omar_reading.wait_closed().await?.is_some(), "Omar, reading it, is closed out");
    for token in [&omar.token, &screen.token] {
        assert_eq!(http::upgrade_status(&url(token)).await?, 403);
    }
    let drawing = TestClient::connect(&url(&dana.token)).await?;
    draw(&drawing, "School");
    let reader = TestClient::connect(&url(&mila.token)).await?;
    reader.wait_until(|_| EcoMapDoc::from_doc(reader.board.doc().clone()).read().nodes.len() == 1).await?;
    let opened = members(Vec::new());
    assert_eq!(http::command(server.addr, board.id, &board.token, &opened).await?.status, 204);
    governed.wait_until(|_| agenda(&governed).iter().all(|activity| activity.members.is_empty())).await?;
    assert_eq!(http::upgrade_status(&url(&omar.token)).await?, 101, "open to everyone again");
    Ok(())
}

/// Dated versions: the family saves the map as it stands, at the server's clock; nobody
/// else can save one, and nobody forges one by writing it into the document. The projector
/// sees the map only once a facilitator includes it, and then only reads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn versions_are_saved_by_the_server_for_the_map_s_members_and_the_projector_waits_to_be_let_in()
-> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let AgendaBoard { board, governed, activities } = board_with(server.addr, "Mila's family", MAP_AND_IDEAS).await?;
    let (map, ideas) = (activities[0], activities[1]);
    let mila = http::join_as_participant(server.addr, board.id, "Mila", Perspective::Citizen).await?;
    let omar = http::join_as_participant(server.addr, board.id, "Omar", Perspective::Citizen).await?;
    let screen = http::join_as_observer(server.addr, board.id, "Projector").await?;
    let family = Command::SetActivityMembers { activity: map, members: vec![mila.participant.id] };
    assert_eq!(http::command(server.addr, board.id, &board.token, &family).await?.status, 204);
    let url = |token: &str| http::ws_url(server.addr, board.id, DocName::Activity(map), token);
    let drawing = TestClient::connect(&url(&mila.token)).await?;
    draw(&drawing, "School");
    let versions = |client: &TestClient| {
        EcoMapDoc::from_doc(client.board.doc().clone()).versions_in(&client.board.doc().transact())
    };

    // The server has the drawing (a second reader of Mila's receives it) before it is saved.
    let second = TestClient::connect(&url(&mila.token)).await?;
    second.wait_until(|_| EcoMapDoc::from_doc(second.board.doc().clone()).read().nodes.len() == 1).await?;
    let save = |label: &str| Command::SaveMapVersion { activity: map, label: label.into() };
    let before = now_ms();
    assert_eq!(http::command(server.addr, board.id, &mila.token, &save(" First visit ")).await?.status, 204);
    drawing.wait_until(|_| versions(&drawing).len() == 1).await?;
    let saved = &versions(&drawing)[0];
    assert_eq!(saved.label, "First visit");
    assert!((before..=now_ms()).contains(&saved.saved_ms), "dated by the server's clock");
    assert_eq!(saved.map.nodes[0].name, "School", "the map as it stood");

    // Nobody else saves one; nothing out of range; nothing on another kind of activity.
    assert_eq!(http::command(server.addr, board.id, &omar.token, &save("Mine")).await?.status, 403, "not invited");
    assert_eq!(http::command(server.addr, board.id, &screen.token, &save("Mine")).await?.status, 403, "observer");
    let long = http::command(server.addr, board.id, &mila.token, &save(&"x".repeat(81))).await?;
    assert_eq!(long.status, 400);
    assert!(long.body["error"].as_str().unwrap_or_default().contains("80 characters"), "{long:?}");
    let elsewhere = Command::SaveMapVersion { activity: ideas, label: String::new() };
    let not_a_map = http::command(server.addr, board.id, &board.token, &elsewhere).await?;
    assert_eq!(not_a_map.status, 400, "{not_a_map:?}");

    // A version written straight into the document is refused and kept nowhere.
    let forged = EcoMapDoc::from_doc(drawing.board.doc().clone());
    drawing.edit(move |_, txn| {
        let _ = forged.save_version(txn, 1, "Back-dated");
    });
    drawing.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(drawing.seen().denials[0], Refusal::ServerOnly.to_string());
    let fresh = TestClient::connect(&url(&mila.token)).await?;
    fresh.wait_until(|_| !versions(&fresh).is_empty()).await?;
    assert_eq!(versions(&fresh).len(), 1, "only the version the server saved");

    // The projector is let in once a facilitator includes the map, and only then.
    assert_eq!(http::upgrade_status(&url(&screen.token)).await?, 403);
    let include = |include| Command::SetActivityOutputs { activity: map, include };
    assert_eq!(http::command(server.addr, board.id, &mila.token, &include(true)).await?.status, 403);
    assert_eq!(http::command(server.addr, board.id, &board.token, &include(true)).await?.status, 204);
    governed.wait_until(|_| agenda(&governed).iter().any(|activity| activity.in_outputs)).await?;
    let projector = TestClient::connect(&url(&screen.token)).await?;
    projector.wait_until(|_| versions(&projector).len() == 1).await?;
    assert_eq!(http::upgrade_status(&url(&omar.token)).await?, 403, "other participants still may not");
    assert_eq!(http::command(server.addr, board.id, &board.token, &include(false)).await?.status, 204);
    assert!(projector.wait_closed().await?.is_some(), "left out again: the projector is closed out");
    Ok(())
}
