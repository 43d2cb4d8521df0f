//! Backup and restore through real servers (issue 19): a facilitator downloads every
//! document of a board as one JSON file; restored into a new board it holds the same
//! content and results (its report, read by a facilitator of the new board, is the same
//! word for word), in the embedded store and in Redis; a damaged, oversized or foreign
//! file is refused with a clear message and creates nothing (not one key more in Redis).

use polyphony_shared::api::CreatedBoard;
use polyphony_shared::{JoinRequest, Perspective};
use polyphony_tests::redis_server::RedisServer;
use polyphony_tests::shared_redis::SharedRedis;
use polyphony_tests::workshop::{self, Workshop};
use polyphony_tests::{TestServer, http};

/// A GET with a bearer token: the status and the body as text.
async fn get(server: &TestServer, path: &str, token: &str) -> anyhow::Result<(u16, String)> {
    let bearer = format!("Bearer {token}");
    let answer = http::raw_request(server.addr, "GET", path, &[("authorization", bearer.as_str())], None).await?;
    Ok((answer.status, String::from_utf8(answer.body.to_vec())?))
}

/// Posts `body` to the restore endpoint: the status and the JSON answer.
async fn restore(server: &TestServer, body: &str) -> anyhow::Result<(u16, serde_json::Value)> {
    let headers = [("content-type", "application/json")];
    let answer = http::raw_request(server.addr, "POST", "/api/boards/restore", &headers, Some(body.to_owned())).await?;
    Ok((answer.status, serde_json::from_slice(&answer.body).unwrap_or_default()))
}

/// Holds a workshop, backs it up, restores it on `to` and compares the two boards' reports.
async fn round_trip(from: &TestServer, to: &TestServer) -> anyhow::Result<String> {
    let Workshop { board, .. } = workshop::hold(from.addr, "Getting home").await?;
    let (status, backup) = get(from, &format!("/api/boards/{}/backup.json", board.id), &board.token).await?;
    assert_eq!(status, 200);
    let (status, created) = restore(to, &backup).await?;
    assert_eq!(status, 201, "{created}");
    let created: CreatedBoard = serde_json::from_value(created)?;
    assert_ne!(created.board.id, board.id, "a new board");
    assert_eq!(created.board.title, "Getting home");
    let request = JoinRequest {
        name: "Dana".into(),
        perspective: Perspective::Professional,
        observer: false,
        facilitator_key: Some(created.facilitator_key.clone()),
    };
    let dana = http::join(to.addr, created.board.id, &request).await?;
    async fn report(
        server: &TestServer,
        id: polyphony_shared::BoardId,
        token: String,
    ) -> anyhow::Result<(u16, String)> {
        get(server, &format!("/api/boards/{id}/report.md"), &token).await
    }
    let (_, before) = report(from, board.id, board.token.clone()).await?;
    let (status, after) = report(to, created.board.id, dana.token.clone()).await?;
    assert_eq!(status, 200);
    // Word for word, but for the day each was made on.
    let undated = |report: &str| {
        report.lines().filter(|line| !line.starts_with("Workshop report, ")).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(undated(&after), undated(&before), "the same content and results");
    for held in [
        "Evening sessions end after the last bus.",
        "| The centre's minibus does a late run | 2 | 1 | 0 | 3 |",
        "I was heard.",
    ] {
        assert!(after.contains(held), "{held} missing:\n{after}");
    }
    // The old board's participants are on the new one, by name and perspective.
    let (_, page) = report(to, created.board.id, dana.token).await?;
    assert!(page.contains("1 citizen and 1 professional took part"), "{page}");
    Ok(backup)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_backed_up_and_restored_in_the_embedded_store_holds_the_same() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let backup = round_trip(&server, &server).await?;
    // Restored once more: another new board, the original untouched.
    assert_eq!(restore(&server, &backup).await?.0, 201);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_backed_up_and_restored_in_redis_holds_the_same_and_bad_files_create_nothing() -> anyhow::Result<()> {
    let redis = RedisServer::start().await?;
    let (first, second) = (redis.instance().await?, redis.instance().await?);
    let backup = round_trip(&first, &second).await?;

    let client = redis::Client::open(redis.url())?;
    let connection = client.get_multiplexed_async_connection().await?;
    let keys = |mut connection: redis::aio::MultiplexedConnection| async move {
        redis::cmd("DBSIZE").query_async::<u64>(&mut connection).await
    };
    let before = keys(connection.clone()).await?;
    let mut parsed: serde_json::Value = serde_json::from_str(&backup)?;
    let mut foreign = parsed.clone();
    foreign["format"] = "spreadsheet".into();
    let mut newer = parsed.clone();
    newer["version"] = 7.into();
    let mut damaged = parsed.clone();
    damaged["documents"][0]["state"] = "AAAA////".into();
    let mut stray = parsed.clone();
    if let Some(documents) = stray["documents"].as_array_mut() {
        documents.push(serde_json::json!({ "name": "activity-00000000000000000000000000000000", "state": "AAA=" }));
    }
    if let Some(documents) = parsed["documents"].as_array_mut() {
        documents.retain(|document| document["name"] != "governed");
    }
    let oversized = format!("{{\"pad\": \"{}\"}}", "x".repeat(polyphony_shared::backup::MAX_BACKUP_BYTES + 1));
    let refusals = [
        ("not JSON".to_owned(), "not a Polyphony board backup"),
        (foreign.to_string(), "comes from another program"),
        (newer.to_string(), "made by a newer version"),
        (damaged.to_string(), "damaged"),
        (stray.to_string(), "damaged"),
        (parsed.to_string(), "the document governed is missing"),
        (oversized, "larger than 32 MB"),
    ];
    for (file, says) in refusals {
        let (status, answer) = restore(&second, &file).await?;
        let error = answer["error"].as_str().unwrap_or_default();
        assert!(matches!(status, 400 | 413), "{status} {error}");
        assert!(error.contains(says), "{error:?} should say {says:?}");
    }
    assert_eq!(keys(connection.clone()).await?, before, "a refused file creates nothing");
    Ok(())
}
