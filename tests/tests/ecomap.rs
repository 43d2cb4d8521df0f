//! Eco-maps through a real server (issue 18): the map is written to its own activity's
//! document by anyone who may write the activity, and nowhere else; what people draw
//! reaches everyone and is kept. Raw websocket traffic, no UI.

use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::ecomap::doc::EcoMapDoc;
use polyphony_shared::ecomap::{CENTRE, Category, Node, Tie};
use polyphony_shared::governance::Refusal;
use polyphony_shared::{Command, DocName, Perspective, Phase};
use polyphony_tests::agenda::{add, of as agenda};
use polyphony_tests::{TestClient, TestServer, http};

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
    let board = http::create_board(server.addr, "Mila's family").await?;
    for (kind, title) in [(ActivityKind::EcoMap, "Our eco-map"), (ActivityKind::IdeaBoard, "Ideas")] {
        let added = add(kind, Phase::CoDefinition, title);
        assert_eq!(http::command(server.addr, board.id, &board.token, &added).await?.status, 204);
    }
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    governed.wait_until(|_| agenda(&governed).len() == 2).await?;
    let find = |kind| agenda(&governed).into_iter().find(|activity| activity.kind == kind).map(|activity| activity.id);
    let (map, ideas) = (find(ActivityKind::EcoMap), find(ActivityKind::IdeaBoard));
    let (Some(map), Some(ideas)) = (map, ideas) else { anyhow::bail!("both activities are on the agenda") };
    let start = Command::StartActivity { activity: map };
    assert_eq!(http::command(server.addr, board.id, &board.token, &start).await?.status, 204);
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
    let board = http::create_board(server.addr, "Mila's family").await?;
    let added = add(ActivityKind::EcoMap, Phase::CoDefinition, "Our eco-map");
    assert_eq!(http::command(server.addr, board.id, &board.token, &added).await?.status, 204);
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    governed.wait_until(|_| agenda(&governed).len() == 1).await?;
    let map = agenda(&governed)[0].id;
    let start = Command::StartActivity { activity: map };
    assert_eq!(http::command(server.addr, board.id, &board.token, &start).await?.status, 204);
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
    governed.wait_until(|_| agenda(&governed)[0].members.is_empty()).await?;
    assert_eq!(http::upgrade_status(&url(&omar.token)).await?, 101, "open to everyone again");
    Ok(())
}
