//! Data protection (issue 22) through real servers: the operator's admin API lists, exports
//! and deletes boards, a deleted board leaves no record in either store and its people are
//! told at once (on every instance); a facilitator deletes their own board; the retention of
//! data deletes boards nobody used for the set days, or erases the names in them; a
//! participant erases their own name and it is then in no stored byte of the board, not in
//! an old log entry nor a restore point, while what they wrote stays.

use std::sync::Arc;
use std::time::Duration;

use polyphony_server::clock::ShiftedClock;
use polyphony_server::config::RetentionAction;
use polyphony_server::store::embedded::EmbeddedStore;
use polyphony_server::store::{DocKey, Store};
use polyphony_shared::admin;
use polyphony_shared::{BoardDoc, BoardId, Command, DocName, GovernedDoc, Perspective};
use polyphony_tests::admin::{OPERATOR_TOKEN as TOKEN, listed, listing};
use polyphony_tests::client::signed_card;
use polyphony_tests::redis_server::RedisServer;
use polyphony_tests::scale_out;
use polyphony_tests::{TestClient, TestServer, http};
use yrs::Transact;

/// Waits (polling) until `done` holds.
async fn eventually<F: Future<Output = anyhow::Result<bool>>>(
    what: &str,
    mut done: impl FnMut() -> F,
) -> anyhow::Result<()> {
    for _ in 0..100 {
        if done().await? {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("{what} did not happen within 10 s")
}

/// The participants' names a reader of the governed document sees.
fn names(governed: &BoardDoc) -> Vec<String> {
    let doc = governed.doc();
    GovernedDoc::from_doc(doc.clone()).participants(&doc.transact()).into_values().map(|r| r.participant.name).collect()
}

#[tokio::test]
async fn the_operator_lists_exports_and_deletes_a_board_that_then_leaves_nothing() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| config.operator_token = Some(TOKEN.into())).await?;
    let addr = server.addr;
    let gone = http::create_board(addr, "Respite care in Ljubljana").await?;
    let kept = http::create_board(addr, "Kept").await?;
    let ana = TestClient::join_as_participant(addr, gone.id, "Ana Novak", Perspective::Citizen).await?;
    ana.edit(signed_card("c1", "More benches", "Ana Novak", Perspective::Citizen));
    let reader = TestClient::connect(&gone.url(addr)).await?;
    reader.wait_until(|board| board.snapshot().cards.len() == 1).await?;

    assert_eq!(http::request(addr, "GET", admin::BOARDS_PATH, None).await?.status, 401, "no token, no listing");
    let wrong = http::request_with_token(addr, "GET", admin::BOARDS_PATH, "guess", None).await?;
    assert_eq!(wrong.status, 401);
    let boards = listing(addr).await?;
    let listed_gone = boards.iter().find(|board| board.id == gone.id).expect("the board is listed");
    assert_eq!(listed_gone.title, "Respite care in Ljubljana");
    assert!(listed_gone.loaded && listed_gone.stored_bytes > 100, "{listed_gone:?}");
    assert!(boards.iter().any(|board| board.id == kept.id));

    let export = http::request_with_token(addr, "GET", &admin::export_path(gone.id), TOKEN, None).await?;
    assert_eq!(export.status, 200);
    assert_eq!(export.body["title"], "Respite care in Ljubljana");
    assert!(export.body["documents"].as_array().is_some_and(|documents| documents.len() >= 3), "{}", export.body);

    let deleted = http::request_with_token(addr, "DELETE", &admin::board_path(gone.id), TOKEN, None).await?;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(deleted.body["id"], gone.id.to_string());
    assert_eq!(reader.wait_closed().await?, Some(4004), "people on the board are told it was deleted");
    assert_eq!(ana.wait_closed().await?, Some(4004));
    assert_eq!(http::upgrade_status(&gone.url(addr)).await?, 404, "no way back in");
    assert_eq!(http::request(addr, "GET", &format!("/api/join/{}", gone.join_code), None).await?.status, 404);
    let again = http::request_with_token(addr, "DELETE", &admin::board_path(gone.id), TOKEN, None).await?;
    assert_eq!(again.status, 404);
    let command = http::command(addr, gone.id, &gone.token, &Command::SavePoint { label: "late".into() }).await?;
    assert_ne!(command.status, 200, "a command for a deleted board is not carried out");
    assert!(!listed(addr, gone.id).await? && listed(addr, kept.id).await?);

    let stopped = server.stop_for_a_while().await?;
    let store = EmbeddedStore::open(stopped.data_dir())?;
    assert_eq!(store.records_of(&gone.info).await?, Vec::<String>::new(), "no record of it is left");
    assert!(!store.records_of(&kept.info).await?.is_empty(), "the check finds what is there");
    assert_eq!(store.board(gone.id).await?, None);
    Ok(())
}

#[tokio::test]
async fn the_admin_api_is_off_without_an_operator_token_and_a_facilitator_deletes_their_own_board() -> anyhow::Result<()>
{
    let server = TestServer::start().await?;
    let addr = server.addr;
    let off = http::request_with_token(addr, "GET", admin::BOARDS_PATH, "anything", None).await?;
    assert_eq!(off.status, 403);
    assert!(off.body["error"].as_str().is_some_and(|error| error.contains("POLYPHONY_OPERATOR_TOKEN")));

    let board = http::create_board(addr, "Our own").await?;
    let bo = http::join_as_participant(addr, board.id, "Bo", Perspective::Professional).await?;
    let path = format!("/api/boards/{}", board.id);
    assert_eq!(http::request_with_token(addr, "DELETE", &path, &bo.token, None).await?.status, 403);
    assert_eq!(http::request(addr, "DELETE", &path, None).await?.status, 401);
    let deleted = http::request_with_token(addr, "DELETE", &path, &board.token, None).await?;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(http::request(addr, "GET", &path, None).await?.status, 404);
    Ok(())
}

/// Deleted on one instance over Redis: closed on the other, no key left.
#[tokio::test]
async fn a_board_deleted_on_one_instance_leaves_no_key_in_redis_and_closes_everywhere() -> anyhow::Result<()> {
    scale_out::deleting_a_board_leaves_no_key_and_closes_everywhere(&RedisServer::start().await?).await
}

#[tokio::test]
async fn the_admin_command_lists_exports_and_deletes() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| config.operator_token = Some(TOKEN.into())).await?;
    let board = http::create_board(server.addr, "Asked to be forgotten").await?;
    let binary = polyphony_tests::server::server_binary()?;
    // Run without blocking: the server answering it runs on this test's runtime.
    let admin = |args: &[&str]| {
        let mut command = tokio::process::Command::new(&binary);
        command.arg("admin").arg("--server").arg(server.addr.to_string()).args(args);
        command.env("POLYPHONY_OPERATOR_TOKEN", TOKEN).env("RUST_LOG", "warn");
        command.output()
    };
    let list = admin(&["list"]).await?;
    let printed = String::from_utf8(list.stdout)?;
    assert!(list.status.success(), "{printed}");
    assert!(printed.contains(&board.id.to_string()) && printed.contains("Asked to be forgotten"), "{printed}");

    let file = tempfile::NamedTempFile::new()?;
    let export = admin(&["export", &board.id.to_string(), "-o", &file.path().display().to_string()]).await?;
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let exported: serde_json::Value = serde_json::from_slice(&std::fs::read(file.path())?)?;
    assert_eq!(exported["title"], "Asked to be forgotten");

    let delete = admin(&["delete", &board.id.to_string()]).await?;
    assert!(delete.status.success(), "{}", String::from_utf8_lossy(&delete.stderr));
    assert!(String::from_utf8(delete.stdout)?.contains("holds nothing of it"));
    let again = admin(&["delete", &board.id.to_string()]).await?;
    assert!(!again.status.success(), "deleting it again fails");
    assert!(String::from_utf8(again.stderr)?.contains("404"));
    let wrong = tokio::process::Command::new(&binary)
        .args(["admin", "--server", &server.addr.to_string(), "--token", "guess", "list"])
        .output()
        .await?;
    assert!(!wrong.status.success() && String::from_utf8(wrong.stderr)?.contains("401"));
    Ok(())
}

/// A server whose retention acts after 30 days, looking often, on a clock the test moves.
async fn retaining(action: RetentionAction, clock: Arc<ShiftedClock>) -> anyhow::Result<TestServer> {
    TestServer::start_with(move |config| {
        config.operator_token = Some(TOKEN.into());
        config.retention_days = 30;
        config.retention_action = action;
        config.retention_sweep_secs = 0.2;
        config.idle_unload_secs = 0.2;
        config.clock = Some(clock);
        // Passes outlive the jump in time, so the test can look at the board afterwards.
        config.token_lifetime_secs = 400 * 24 * 3600;
    })
    .await
}

#[tokio::test]
async fn boards_unused_past_the_retention_are_deleted_but_not_those_in_use() -> anyhow::Result<()> {
    let clock = Arc::new(ShiftedClock::default());
    let server = retaining(RetentionAction::Delete, Arc::clone(&clock)).await?;
    let addr = server.addr;
    let old = http::create_board(addr, "Old").await?;
    let in_use = http::create_board(addr, "In use").await?;
    let someone = TestClient::connect(&in_use.url(addr)).await?;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(listed(addr, old.id).await?, "30 days have not passed");

    clock.advance(Duration::from_secs(31 * 24 * 3600));
    let new = http::create_board(addr, "New").await?;
    eventually("deleting the old board", || async { Ok(!listed(addr, old.id).await?) }).await?;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(listed(addr, new.id).await?, "a board made since stays");
    assert!(listed(addr, in_use.id).await?, "a board someone is on stays");
    assert!(someone.seen().close_code.is_none());

    // Once nobody is on it, it has not been used for 31 days either.
    someone.close();
    eventually("deleting the board once left", || async { Ok(!listed(addr, in_use.id).await?) }).await?;
    Ok(())
}

/// Every stored byte of the board's content, governed and drafts documents (snapshots and
/// logs) and of its restore points.
async fn stored_bytes(store: &EmbeddedStore, board: BoardId) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    for doc in [DocName::Content, DocName::Governed, DocName::Drafts, DocName::Ballots] {
        let key = DocKey { board, doc };
        let stored = store.load(key).await?;
        bytes.extend(stored.snapshot.iter().chain(&stored.updates).flat_map(|part| part.to_vec()));
        for point in store.points(key).await? {
            bytes.extend(store.point(key, point.id).await?.unwrap_or_default());
        }
    }
    Ok(bytes)
}

/// Whether `bytes` hold `text`.
fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|window| window == text.as_bytes())
}

#[tokio::test]
async fn a_participant_erases_their_name_and_it_is_in_no_stored_byte() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let addr = server.addr;
    let board = http::create_board(addr, "Getting home").await?;
    let ana = http::join_as_participant(addr, board.id, "Ana Novak", Perspective::Citizen).await?;
    let bo = http::join_as_participant(addr, board.id, "Bo Berg", Perspective::Professional).await?;
    let ana_socket = TestClient::connect(&http::ws_url(addr, board.id, DocName::Content, &ana.token)).await?;
    ana_socket.edit(signed_card("a1", "Buses after ten", "Ana Novak", Perspective::Citizen));
    let bo_socket = TestClient::connect(&http::ws_url(addr, board.id, DocName::Content, &bo.token)).await?;
    bo_socket.edit(signed_card("b1", "Shared taxis", "Bo Berg", Perspective::Professional));
    let reader = TestClient::connect(&board.url(addr)).await?;
    reader.wait_until(|content| content.snapshot().cards.len() == 2).await?;
    let point = Command::SavePoint { label: "With both names".into() };
    assert_eq!(http::command(addr, board.id, &board.token, &point).await?.status / 100, 2);

    let erased = http::command(addr, board.id, &ana.token, &Command::EraseMyName).await?;
    assert_eq!(erased.status / 100, 2, "{}", erased.body);
    reader
        .wait_until(|content| {
            let cards = content.snapshot().cards;
            cards.iter().any(|card| card.id == "a1" && card.author_name.is_empty())
                && cards.iter().any(|card| card.id == "b1" && card.author_name == "Bo Berg")
        })
        .await?;
    let governed = TestClient::connect(&board.doc_url(addr, DocName::Governed)).await?;
    governed.wait_until(|doc| names(doc).contains(&"Bo Berg".to_owned())).await?;
    let mut seen = names(&governed.board);
    seen.sort();
    assert_eq!(seen, ["", "Bo Berg", "Facilitator"].map(String::from).to_vec(), "her record stays, nameless");
    // Her card stays, by "a participant", and she may go on writing.
    assert_eq!(
        reader.board.snapshot().cards.iter().find(|card| card.id == "a1").map(|c| c.text.clone()).as_deref(),
        Some("Buses after ten")
    );

    let stopped = server.stop_for_a_while().await?;
    let store = EmbeddedStore::open(stopped.data_dir())?;
    let bytes = stored_bytes(&store, board.id).await?;
    assert!(holds(&bytes, "Bo Berg") && holds(&bytes, "Buses after ten"), "the check reads what is stored");
    assert!(!holds(&bytes, "Ana Novak") && !holds(&bytes, "Novak"), "her name is stored nowhere");
    assert_eq!(store.points(DocKey { board: board.id, doc: DocName::Content }).await?.len(), 1, "the point stays");
    Ok(())
}

#[tokio::test]
async fn the_retention_can_erase_everyones_names_instead() -> anyhow::Result<()> {
    let clock = Arc::new(ShiftedClock::default());
    let server = retaining(RetentionAction::EraseNames, Arc::clone(&clock)).await?;
    let addr = server.addr;
    let board = http::create_board(addr, "Getting home").await?;
    let ana = TestClient::join_as_participant(addr, board.id, "Ana Novak", Perspective::Citizen).await?;
    ana.edit(signed_card("a1", "Buses after ten", "Ana Novak", Perspective::Citizen));
    let reader = TestClient::connect(&board.url(addr)).await?;
    reader.wait_until(|content| content.snapshot().cards.len() == 1).await?;
    ana.close();
    reader.close();
    http::wait_until_unloaded(addr, 0, Duration::from_secs(10)).await?;

    clock.advance(Duration::from_secs(31 * 24 * 3600));
    eventually("erasing the names", || async {
        Ok(listing(addr).await?.iter().any(|listed| listed.id == board.id && listed.names_erased_ms.is_some()))
    })
    .await?;
    let reader = TestClient::connect(&board.url(addr)).await?;
    reader.wait_until(|content| content.snapshot().cards.len() == 1).await?;
    assert_eq!(reader.board.snapshot().cards[0].author_name, "", "the card stays, unsigned");
    let governed = TestClient::connect(&board.doc_url(addr, DocName::Governed)).await?;
    governed.wait_until(|doc| !names(doc).is_empty()).await?;
    assert!(names(&governed.board).iter().all(String::is_empty), "{:?}", names(&governed.board));
    // Erased once: opening the board since does not make it erase again and again.
    let erased_at =
        listing(addr).await?.into_iter().find(|listed| listed.id == board.id).and_then(|l| l.names_erased_ms);
    tokio::time::sleep(Duration::from_millis(600)).await;
    let still = listing(addr).await?.into_iter().find(|listed| listed.id == board.id).and_then(|l| l.names_erased_ms);
    assert_eq!(still, erased_at);
    reader.close();
    governed.close();

    let stopped = server.stop_for_a_while().await?;
    let store = EmbeddedStore::open(stopped.data_dir())?;
    let bytes = stored_bytes(&store, board.id).await?;
    assert!(holds(&bytes, "Buses after ten") && !holds(&bytes, "Novak"));
    Ok(())
}
