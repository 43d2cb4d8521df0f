//! The workshop report in headless Chromium (issue 19). After a workshop held to its end on
//! an anonymous board, Dana (facilitating from a laptop) opens the report in a new tab and
//! shares it at a public link; Mila reads that link on her phone without joining anything;
//! the report prints to PDF with `chromium --print-to-pdf` (its first page turned into the
//! README's PNG with pdftoppm), naming nobody; when Dana stops sharing, Mila's phone finds
//! the report gone. A backup of such a board, restored from the home page on a tablet,
//! opens as a new board.

use polyphony_shared::Command;
use polyphony_tests::browser::{Browser, DESKTOP, PHONE, TABLET, screenshot_path};
use polyphony_tests::workshop::{self, NAMES, Workshop};
use polyphony_tests::{TestServer, http, pdf};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facilitator_opens_shares_prints_and_takes_back_the_report() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let Workshop { board, .. } = workshop::hold(server.addr, "Getting home after evening sessions").await?;
    let anonymous = Command::SetAnonymous { on: true };
    assert_eq!(http::command(server.addr, board.id, &board.token, &anonymous).await?.status, 204);

    let page = format!("http://{}{}", server.addr, board.page_path());
    let dana = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    dana.join_board(&format!("{page}#facilitator={}", board.facilitator_key), "Dana", "professional").await?;

    // One click opens the report in a tab of its own.
    let tabs = dana.client.windows().await?.len();
    dana.click("open-report").await?;
    let mut opened = Vec::new();
    for _ in 0..100 {
        opened = dana.client.windows().await?;
        if opened.len() > tabs {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(opened.len(), tabs + 1, "the report opened in a new tab");
    let board_tab = dana.client.window().await?;
    let report_tab = opened.into_iter().find(|tab| *tab != board_tab).ok_or_else(|| anyhow::anyhow!("a new tab"))?;
    dana.client.switch_to_window(report_tab).await?;
    dana.wait_script("return document.title.includes('workshop report') && !!document.querySelector('h1')").await?;
    let buttons = dana.script("return document.querySelectorAll('button, input, script').length").await?;
    assert_eq!(buttons.as_u64(), Some(0), "a report to read and print, without controls");
    dana.client.close_window().await?;
    dana.client.switch_to_window(board_tab).await?;

    // Shared at a public link, which Mila opens on her phone without joining.
    dana.click("share-report").await?;
    dana.wait_script("return (document.querySelector('[data-testid=report-link]')?.value || '').includes('/report/')")
        .await?;
    let link = dana.value("report-link").await?;
    dana.script("document.querySelector('[data-testid=workshop-report]').scrollIntoView(); window.scrollBy(0, -80); return true")
        .await?;
    dana.screenshot(&screenshot_path("report-share-laptop.png")).await?;
    let phone = Browser::start(PHONE.0, PHONE.1).await?;
    phone.open(&link).await?;
    phone
        .wait_script("return document.querySelector('h1')?.textContent === 'Getting home after evening sessions'")
        .await?;
    phone.wait_script("return document.documentElement.scrollWidth <= window.innerWidth").await?;
    let text = phone.script("return document.body.innerText").await?;
    let text = text.as_str().unwrap_or_default();
    assert!(text.contains("The centre's minibus does a late run") && text.contains("1 person"), "{text}");
    phone.screenshot(&screenshot_path("report-phone.png")).await?;

    // Printed to PDF as a browser prints it: readable, naming nobody; its first page for
    // the README.
    let folder = tempfile::tempdir()?;
    let printed = folder.path().join("report.pdf");
    pdf::print_to_pdf(&link, &printed).await?;
    let words = pdf::text_of(&printed).await?;
    for expected in ["WORKSHOP REPORT", "Evening sessions end after the last bus.", "How was it?", "I was heard."] {
        assert!(words.contains(expected), "{expected} missing from the PDF:\n{words}");
    }
    for name in NAMES {
        assert!(!words.contains(name), "{name} in the PDF of an anonymous board");
    }
    pdf::first_page_png(&printed, &screenshot_path("report-page-1.png"), 60).await?;

    // Dana stops sharing: the link answers 404 at once, in words.
    dana.click("stop-sharing-report").await?;
    dana.wait_for("share-report", |text| text.contains("Share a public link")).await?;
    phone.reload().await?;
    phone.wait_script("return document.querySelector('h1')?.textContent === 'This report is not shared'").await?;
    let status =
        http::raw_request(server.addr, "GET", link.trim_start_matches(&format!("http://{}", server.addr)), &[], None)
            .await?;
    assert_eq!(status.status, 404);
    phone.quit().await?;
    dana.quit().await
}

/// A board backed up from one browser is restored from the home page in another: the new
/// board opens with the same agenda and words, its restorer its facilitator.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_is_restored_from_the_home_page_into_a_new_board() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let Workshop { board, .. } = workshop::hold(server.addr, "Getting home").await?;
    let bearer = format!("Bearer {}", board.token);
    let path = format!("/api/boards/{}/backup.json", board.id);
    let backup = http::raw_request(server.addr, "GET", &path, &[("authorization", bearer.as_str())], None).await?;
    assert_eq!(backup.status, 200);
    let folder = tempfile::tempdir()?;
    let file = folder.path().join("board-backup.json");
    tokio::fs::write(&file, &backup.body).await?;

    let tablet = Browser::start(TABLET.0, TABLET.1).await?;
    tablet.open(&format!("http://{}/", server.addr)).await?;
    tablet.type_into("home-name", "Fatima").await?;
    tablet.click("home-perspective-professional").await?;
    tablet.script("document.querySelector('.restore-board').open = true; return true").await?;
    tablet.screenshot(&screenshot_path("restore-tablet.png")).await?;
    tablet.find("restore-file").await?.send_keys(&file.display().to_string()).await?;
    tablet.wait_script("return document.querySelectorAll('.agenda-item').length === 6").await?;
    tablet.wait_script(&format!("return !location.pathname.includes('{}')", board.id)).await?;
    tablet.wait_for("facilitator-panel", |text| text.contains("Workshop report")).await?;
    tablet.quit().await
}
