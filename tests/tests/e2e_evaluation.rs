//! An evaluation in headless Chromium (issue 19): at the end of the workshop Mila (a citizen,
//! on her phone) and Sam (a professional, on a tablet) answer how it was for them, skipping
//! what they prefer not to say and adding a comment; Dana, facilitating from a laptop, adds
//! a statement of her own first and reveals the results, which every screen and the
//! projector show by perspective, with what citizens and professionals saw differently.

use polyphony_shared::agenda::ActivityKind;
use polyphony_tests::TestServer;
use polyphony_tests::agenda::{AgendaBoard, board_with};
use polyphony_tests::browser::{Browser, DESKTOP, PHONE, TABLET, screenshot_path};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_says_how_the_workshop_was_and_sees_it_by_perspective() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let activities = [(ActivityKind::Evaluation, "How was it for you?")];
    let AgendaBoard { board, .. } = board_with(server.addr, "Getting home", &activities).await?;
    let page = format!("http://{}{}", server.addr, board.page_path());
    let dana = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    dana.join_board(&format!("{page}#facilitator={}", board.facilitator_key), "Dana", "professional").await?;

    // Dana adds a statement about the room before anyone answers.
    dana.wait_for("poll-options", |_| true).await?;
    dana.script("document.querySelector('.poll-setup').open = true; return true").await?;
    let statements = dana.value("poll-options").await?;
    assert!(statements.starts_with("I was heard."), "{statements}");
    dana.script(
        "const box = document.querySelector('[data-testid=poll-options]'); box.value += '\\nThe room was easy to reach.'; \
         box.dispatchEvent(new Event('input', { bubbles: true })); return true",
    )
    .await?;
    dana.click("save-poll").await?;
    dana.wait_for("poll-status", |text| text.contains("nobody sees who answered what")).await?;

    let mila = Browser::start(PHONE.0, PHONE.1).await?;
    mila.join_board(&page, "Mila", "citizen").await?;
    let sam = Browser::start(TABLET.0, TABLET.1).await?;
    sam.join_board(&page, "Sam", "professional").await?;
    mila.wait_for("evaluation-4-1", |text| text == "Not at all").await?;
    assert_eq!(mila.find_all("evaluation-statement").await?.len(), 5, "four statements and Dana's");

    // Mila felt only a little heard, leaves "decided as equals" out, and says why.
    for tap in ["evaluation-0-2", "evaluation-2-3", "evaluation-3-5", "evaluation-4-4"] {
        mila.click(tap).await?;
    }
    mila.type_into("evaluation-comment", "I needed more time to read the papers.").await?;
    mila.screenshot(&screenshot_path("evaluation-phone.png")).await?;
    mila.click("send-evaluation").await?;
    mila.wait_for("poll-status", |text| text.starts_with("Thank you, your answers are in")).await?;
    let pressed = mila
        .script("return document.querySelector('[data-testid=evaluation-0-2]').getAttribute('aria-pressed')")
        .await?;
    assert_eq!(pressed.as_str(), Some("true"), "her own answer stays marked");

    for tap in ["evaluation-0-5", "evaluation-1-5", "evaluation-2-4", "evaluation-3-5", "evaluation-4-5"] {
        sam.click(tap).await?;
    }
    sam.click("send-evaluation").await?;
    sam.wait_for("poll-status", |text| text.starts_with("Thank you")).await?;

    let projector = Browser::start(1920, 1080).await?;
    projector.open(&format!("{page}/present")).await?;
    projector
        .wait_for("presenter-poll-heading", |text| text.contains("Results show when the facilitator reveals them"))
        .await?;

    dana.click("reveal-poll").await?;
    for screen in [&mila, &sam, &dana, &projector] {
        screen
            .wait_for("evaluation-results", |text| {
                text.contains("2 people answered")
                    && text.contains("I was heard. Seen differently")
                    && text.contains("2.0 · A little")
                    && text.contains("I needed more time to read the papers.")
            })
            .await?;
    }
    let closed = mila.text("poll-status").await?;
    assert_eq!(closed, "The evaluation is closed. Thank you.");
    mila.wait_script("return document.documentElement.scrollWidth <= window.innerWidth").await?;
    mila.script("document.querySelector('[data-testid=evaluation-results]').scrollIntoView(); return true").await?;
    mila.screenshot(&screenshot_path("evaluation-results-phone.png")).await?;
    projector.screenshot(&screenshot_path("evaluation-presenter.png")).await?;
    for screen in [mila, sam, dana, projector] {
        screen.quit().await?;
    }
    Ok(())
}
