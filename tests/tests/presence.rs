//! Presence (awareness): appears for others, disappears on disconnect and after silence.

use polyphony_shared::{DocName, Perspective};
use polyphony_tests::{TestClient, TestServer, http};

/// Presence set by one client reaches the others, and leaves with the client.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_appears_and_disappears_on_disconnect() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Presence").await?;
    let url = server.ws_url(&board);
    let ana = TestClient::connect(&url).await?;
    let ben = TestClient::connect(&url).await?;
    ana.set_presence(r##"{"user":{"name":"Ana","color":"#d33"}}"##);
    let ana_id = ana.presence_id();
    ben.wait_for(|_, _| ben.present_others().contains(&ana_id)).await?;

    // A newcomer receives everyone's presence on join.
    let cleo = TestClient::connect(&url).await?;
    cleo.wait_for(|_, _| cleo.present_others().contains(&ana_id)).await?;

    ana.close();
    ben.wait_for(|_, _| !ben.present_others().contains(&ana_id)).await?;
    cleo.wait_for(|_, _| !cleo.present_others().contains(&ana_id)).await?;
    Ok(())
}

/// A client that stays connected but silent loses its presence after the timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_presence_expires() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| config.awareness_timeout_secs = 1.5).await?;
    let board = http::create_board(server.addr, "Presence").await?;
    let url = server.ws_url(&board);
    let ana = TestClient::connect(&url).await?;
    let ben = TestClient::connect(&url).await?;
    ana.set_presence(r#"{"user":{"name":"Ana"}}"#);
    let ana_id = ana.presence_id();
    ben.wait_for(|_, _| ben.present_others().contains(&ana_id)).await?;
    let shown_at = std::time::Instant::now();
    ben.wait_for(|_, _| !ben.present_others().contains(&ana_id)).await?;
    assert!(shown_at.elapsed().as_secs_f64() >= 1.0, "expired too early");
    assert!(!ana.seen().ended, "a silent client is not disconnected, only its presence expires");
    Ok(())
}

/// Nobody can speak for someone else: a crafted awareness update that renames or removes
/// another client's presence entry is dropped, and everyone keeps seeing the real one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_cannot_be_set_for_another_client() -> anyhow::Result<()> {
    use std::collections::HashMap;
    use std::sync::Arc;
    use yrs::sync::awareness::{AwarenessUpdate, AwarenessUpdateEntry};

    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Impersonation").await?;
    let connect = |name: &'static str| {
        let (addr, id) = (server.addr, board.id);
        async move {
            let joined = http::join_as_participant(addr, id, name, Perspective::Citizen).await?;
            let url = http::ws_url(addr, id, DocName::Content, &joined.token);
            anyhow::Ok((TestClient::connect(&url).await?, url))
        }
    };
    let ((ana, ana_url), (mallory, _), (cleo, _)) =
        (connect("Ana").await?, connect("Mallory").await?, connect("Cleo").await?);
    ana.set_presence(r#"{"user":{"name":"Ana"}}"#);
    let ana_id = ana.presence_id();
    cleo.wait_for(|_, _| cleo.present_others().contains(&ana_id)).await?;

    // Mallory claims Ana's entry with a newer clock: first renamed, then removed (null state).
    for (clock, json) in [(100, r#"{"user":{"name":"Mallory as Ana"}}"#), (101, "null")] {
        let mut clients = HashMap::new();
        clients.insert(yrs::block::ClientID::new(ana_id), AwarenessUpdateEntry { clock, json: Arc::from(json) });
        mallory.send_frame(polyphony_shared::protocol::awareness(AwarenessUpdate { clients }));
    }
    // Her own presence claims to be the facilitator: it shows her server-known name and role.
    mallory.set_presence(r#"{"user":{"name":"Fay Facilitator","role":"facilitator"}}"#);
    let mallory_id = mallory.presence_id();
    cleo.wait_for(|_, _| cleo.present_others().contains(&mallory_id)).await?;
    assert!(cleo.present_others().contains(&ana_id), "Ana's presence was removed by someone else");
    let names = cleo.presence_names();
    assert!(!names.iter().any(|state| state.contains("Mallory as Ana") || state.contains("Fay")), "{names:?}");
    assert!(
        names.iter().any(|state| state.contains(r#""name":"Mallory""#) && state.contains(r#""role":"participant""#))
    );

    // One connection is one person: a second entry closes the connection.
    let mut crowd = HashMap::new();
    for fake in 0..5u64 {
        crowd.insert(yrs::block::ClientID::new(9_000 + fake), AwarenessUpdateEntry { clock: 1, json: Arc::from("{}") });
    }
    mallory.send_frame(polyphony_shared::protocol::awareness(AwarenessUpdate { clients: crowd }));
    mallory.wait_for(|seen, _| seen.ended).await?;
    assert!(cleo.present_others().len() <= 2, "{:?}", cleo.present_others());

    // Ana's connection drops and comes back: while she reconnects, her id stays hers.
    ana.close();
    cleo.wait_for(|_, _| !cleo.present_others().contains(&ana_id)).await?;
    let (squatter, _) = connect("Squatter").await?;
    let mut claim = HashMap::new();
    claim.insert(yrs::block::ClientID::new(ana_id), AwarenessUpdateEntry { clock: 500, json: Arc::from("{}") });
    squatter.send_frame(polyphony_shared::protocol::awareness(AwarenessUpdate { clients: claim }));
    let back = TestClient::connect(&ana_url).await?;
    let mut again = HashMap::new();
    again.insert(yrs::block::ClientID::new(ana_id), AwarenessUpdateEntry { clock: 600, json: Arc::from("{}") });
    back.send_frame(polyphony_shared::protocol::awareness(AwarenessUpdate { clients: again }));
    cleo.wait_for(|_, _| cleo.present_others().contains(&ana_id)).await?;
    let names = cleo.presence_names();
    assert!(names.iter().any(|state| state.contains(r#""name":"Ana""#)), "{names:?}");
    assert!(!names.iter().any(|state| state.contains("Squatter")), "{names:?}");
    Ok(())
}
