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
