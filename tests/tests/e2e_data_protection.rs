//! Data protection in headless Chromium (issue 22). On her phone Ana erases her name from
//! the board after a plain-words question: her card stays, by "A participant", on every
//! screen, and the facilitator's list shows her without a name. Then the facilitator, on a
//! laptop, deletes the board after a second step: the phone and the tablet say at once that
//! it was deleted, the phone keeps nothing of it, and the server knows it no more.

use std::time::Duration;

use polyphony_tests::browser::{Browser, DESKTOP, PHONE, TABLET, screenshot_path};
use polyphony_tests::{TestServer, http};

/// A person's pause between two steps.
async fn pause() {
    tokio::time::sleep(Duration::from_millis(700)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_participant_erases_her_name_and_the_facilitator_deletes_the_board() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Getting home after the last bus").await?;
    let page = format!("http://{}{}", server.addr, board.page_path());
    let facilitator = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    let ana = Browser::start(PHONE.0, PHONE.1).await?;
    let bo = Browser::start(TABLET.0, TABLET.1).await?;
    facilitator.join_board(&format!("{page}#facilitator={}", board.facilitator_key), "Fatima", "professional").await?;
    ana.join_board(&page, "Ana Novak", "citizen").await?;
    bo.join_board(&page, "Bo Berg", "professional").await?;
    ana.type_into("new-card", "Buses after ten").await?;
    ana.click("add-card").await?;
    bo.type_into("new-card", "Shared taxis from the station").await?;
    bo.click("add-card").await?;
    for screen in [&facilitator, &ana, &bo] {
        screen.card_with_text("Buses after ten").await?;
        screen.card_with_text("Shared taxis from the station").await?;
    }
    facilitator.wait_script("return document.body.innerText.includes('Ana Novak')").await?;

    // Ana erases her name: a question first, in plain words.
    pause().await;
    ana.click("your-name-toggle").await?;
    assert_eq!(ana.text("my-name").await?, "Ana Novak");
    ana.click("erase-my-name").await?;
    ana.wait_for("erase-my-name-question", |text| text.contains("cannot be undone")).await?;
    ana.screenshot(&screenshot_path("erase-name-phone.png")).await?;
    pause().await;
    ana.click("erase-my-name-confirm").await?;
    ana.wait_for("board-notice", |text| text.starts_with("Your name was erased from this board")).await?;
    ana.card_with_text("Buses after ten").await?;
    ana.click("your-name-toggle").await?;
    ana.wait_for("name-erased", |text| text.contains("carries no name")).await?;
    assert_eq!(ana.text("my-name").await?, "a participant");
    ana.screenshot(&screenshot_path("name-erased-phone.png")).await?;
    for screen in [&facilitator, &bo, &ana] {
        screen.wait_script("return !document.body.innerText.includes('Ana Novak')").await?;
        screen.wait_script("return document.body.innerText.includes('Bo Berg')").await?;
    }
    let by_a_participant = "return [...document.querySelectorAll('[data-testid=card-author]')]\
                            .some(author => author.textContent.startsWith('A participant'))";
    facilitator.wait_script(by_a_participant).await?;

    // The facilitator deletes the board, after a second step.
    pause().await;
    facilitator.click("delete-board").await?;
    facilitator.wait_for("delete-board-question", |text| text.contains("for good")).await?;
    let section = facilitator.find("delete-board-section").await?;
    facilitator.centre(&section).await?;
    facilitator.screenshot(&screenshot_path("delete-board-laptop.png")).await?;
    facilitator.click("delete-board-cancel").await?;
    facilitator.find("delete-board").await?;
    pause().await;
    facilitator.click("delete-board").await?;
    facilitator.click("delete-board-confirm").await?;
    facilitator.wait_for("home-notice", |text| text.contains("was deleted")).await?;
    for screen in [&ana, &bo] {
        screen.wait_for("board-deleted", |text| text.contains("This board was deleted")).await?;
    }
    ana.screenshot(&screenshot_path("board-deleted-phone.png")).await?;
    let kept = format!("return Object.keys(localStorage).filter(key => key.includes('{}')).length", board.id);
    assert_eq!(ana.script(&kept).await?, 0, "the phone keeps nothing of the board");
    assert_eq!(http::request(server.addr, "GET", &format!("/api/boards/{}", board.id), None).await?.status, 404);
    facilitator.quit().await?;
    bo.quit().await?;
    ana.quit().await
}
