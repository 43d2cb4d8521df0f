//! The workshop report through a real server (issue 19): a facilitator gets the whole board
//! as HTML and Markdown (participants do not); the challenge, the agreed question, ideas
//! with their dots by perspective, polls, the action plan and the evaluation are in it, a
//! personal eco-map only once the facilitator includes it; on an anonymous board no
//! participant's name appears in any export (grep of the bytes); the public link shows the
//! same report, stops at once when taken back (404), and sharing again makes a new link.

use polyphony_shared::Command;
use polyphony_tests::TestServer;
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::workshop::{self, Workshop};

/// A GET with a bearer token (none: without); the status and the body as text.
async fn get(server: &TestServer, path: &str, token: Option<&str>) -> anyhow::Result<(u16, String)> {
    let bearer = token.map(|token| format!("Bearer {token}"));
    let headers: Vec<(&str, &str)> = bearer.iter().map(|bearer| ("authorization", bearer.as_str())).collect();
    let answer = http::raw_request(server.addr, "GET", path, &headers, None).await?;
    Ok((answer.status, String::from_utf8(answer.body.to_vec())?))
}

async fn command(server: &TestServer, board: &TestBoard, command: Command) -> anyhow::Result<http::JsonResponse> {
    http::command(server.addr, board.id, &board.token, &command).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_tells_the_whole_workshop_and_names_nobody_once_anonymous() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let Workshop { board, activities, mila, .. } = workshop::hold(server.addr, "Getting home").await?;
    let [_, _, ideas, map, plan, evaluation] = activities[..] else { anyhow::bail!("six activities") };

    let html_path = format!("/api/boards/{}/report.html", board.id);
    let md_path = format!("/api/boards/{}/report.md", board.id);
    assert_eq!(get(&server, &html_path, Some(&mila.token)).await?.0, 403, "facilitators only");
    assert_eq!(get(&server, &html_path, None).await?.0, 401);
    let (status, page) = get(&server, &html_path, Some(&board.token)).await?;
    assert_eq!(status, 200);
    for expected in [
        "Getting home",
        "1 citizen and 1 professional took part",
        "Evening sessions end after the last bus.",
        r#"<p class="agreed">How might we get everyone home safely?</p>"#,
        r#"<th scope="row">The centre&#39;s minibus does a late run</th><td class="number">2</td><td class="number">1</td>"#,
        "Ask the bus company for a later bus",
        "<dd>Omar Haddad</dd>",
        "I was heard.",
        "This map is personal",
    ] {
        assert!(page.contains(expected), "{expected} missing from the report:\n{page}");
    }
    assert!(!page.contains("Granny Vesna"), "a personal map stays out");
    let include = Command::SetActivityOutputs { activity: map, include: true };
    assert_eq!(command(&server, &board, include).await?.status, 204);
    let (_, page) = get(&server, &html_path, Some(&board.token)).await?;
    assert!(page.contains("Granny Vesna") && page.contains("<svg"), "included by the facilitator");
    let (status, markdown) = get(&server, &md_path, Some(&board.token)).await?;
    assert_eq!(status, 200);
    assert!(markdown.contains("**The question we agreed on:** How might we get everyone home safely?"), "{markdown}");
    assert!(markdown.contains("| The centre's minibus does a late run | 2 | 1 | 0 | 3 |"), "{markdown}");

    // Shared: the same report at a public link, read without any token.
    let share = command(&server, &board, Command::ShareReport { on: true }).await?;
    let link = share.body["reportLink"].as_str().unwrap_or_default().to_owned();
    assert!(link.starts_with(&format!("/report/{}/", board.id)), "{:?}", share.body);
    let (status, public) = get(&server, &link, None).await?;
    assert_eq!((status, public.contains("Ask the bus company for a later bus")), (200, true));
    let again = command(&server, &board, Command::ShareReport { on: true }).await?;
    assert_eq!(again.body["reportLink"].as_str(), Some(link.as_str()), "the same link while shared");
    let by_mila = http::command(server.addr, board.id, &mila.token, &Command::ShareReport { on: true }).await?;
    assert_eq!(by_mila.status, 403);

    // Anonymous: nobody is named in the report, its Markdown, the public link or a CSV.
    assert_eq!(command(&server, &board, Command::SetAnonymous { on: true }).await?.status, 204);
    let cards_path = format!("/api/boards/{}/cards/{ideas}/cards.csv", board.id);
    let csvs = [
        cards_path.clone(),
        format!("/api/boards/{}/actions/{plan}/actions.csv", board.id),
        format!("/api/boards/{}/polls/{evaluation}/answers.csv", board.id),
    ];
    let mut exports = vec![
        get(&server, &html_path, Some(&board.token)).await?.1,
        get(&server, &md_path, Some(&board.token)).await?.1,
        get(&server, &link, None).await?.1,
    ];
    for csv in &csvs {
        exports.push(get(&server, csv, Some(&board.token)).await?.1);
    }
    for export in &exports {
        for name in workshop::NAMES {
            assert!(!export.contains(name), "{name} named in an export of an anonymous board:\n{export}");
        }
    }
    let cards = &exports[3];
    assert!(cards.contains("The centre's minibus does a late run,,citizen,,2,1,0,3\r\n"), "{cards}");
    assert_eq!(get(&server, &cards_path, Some(&mila.token)).await?.0, 403, "facilitators only");
    let not_cards = format!("/api/boards/{}/cards/{evaluation}/cards.csv", board.id);
    assert_eq!(get(&server, &not_cards, Some(&board.token)).await?.0, 400);
    assert!(exports[0].contains("nobody is named") && exports[0].contains("<dd>1 person</dd>"), "{}", exports[0]);

    // Taken back: 404 at once, like a link that never was; a new share is a new link.
    assert_eq!(command(&server, &board, Command::ShareReport { on: false }).await?.status, 204);
    assert_eq!(get(&server, &link, None).await?.0, 404);
    let forged = format!("/report/{}/not-a-key", board.id);
    assert_eq!(get(&server, &forged, None).await?.0, 404);
    assert_eq!(get(&server, "/report/not-a-board/key", None).await?.0, 404);
    let renewed = command(&server, &board, Command::ShareReport { on: true }).await?;
    let new_link = renewed.body["reportLink"].as_str().unwrap_or_default().to_owned();
    assert_ne!(new_link, link);
    assert_eq!(get(&server, &new_link, None).await?.0, 200);
    assert_eq!(get(&server, &link, None).await?.0, 404, "the old link stays dead");
    Ok(())
}
