//! End-to-end: joining, the timer, a projector and the people present, as a citizen on a
//! phone, a professional on a laptop and a projector see them.

use std::time::Duration;

use polyphony_shared::Command;
use polyphony_tests::browser::Browser;
use polyphony_tests::{TestServer, http};

async fn active_element_id(browser: &Browser) -> anyhow::Result<String> {
    Ok(browser.script("return document.activeElement.id").await?.as_str().unwrap_or_default().to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_timer_projector_and_avatars() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Loneliness in Eastside").await?;
    let url = format!("http://{}{}", server.addr, board.page_path());

    // The join form names the workshop, preselects nothing, and says what is missing next
    // to the field, which gets the focus.
    let phone = Browser::start(390, 844).await?;
    phone.open(&url).await?;
    phone.wait_for("gate-workshop", |title| title == "Loneliness in Eastside").await?;
    let checked = phone.script("return document.querySelectorAll('input[type=radio]:checked').length").await?;
    assert_eq!(checked, 0, "no perspective is chosen for the person");
    phone.click("enter-board").await?;
    phone.wait_for("gate-problem", |problem| problem.contains("your name")).await?;
    assert_eq!(active_element_id(&phone).await?, "gate-name");
    phone.type_into("gate-name", "Pia").await?;
    phone.click("enter-board").await?;
    phone.wait_for("gate-problem", |problem| problem.contains("how you take part")).await?;
    assert_eq!(active_element_id(&phone).await?, "gate-perspective-citizen");
    phone.click("gate-perspective-citizen").await?;
    phone.click("enter-board").await?;
    phone.wait_for("connection-state", |state| state == "Online").await?;

    // A five-minute timer reads 5:00, not 5:01; at the end it says so.
    let start = |seconds| Command::StartTimer { seconds, label: "Ideas".into() };
    http::command(server.addr, board.id, &board.token, &start(300)).await?;
    let shown = phone.wait_for("timer", |timer| timer.starts_with("Ideas")).await?;
    assert!(shown == "Ideas 5:00" || shown == "Ideas 4:59", "{shown:?}");
    http::command(server.addr, board.id, &board.token, &start(1)).await?;
    phone.wait_for("timer", |timer| timer == "Ideas — time is up").await?;

    // Two initials tell "Bea Lund" apart; the full name shows on a tap.
    let laptop = Browser::start(1440, 900).await?;
    laptop.join_board(&url, "Bea Lund", "professional").await?;
    phone.wait_for("peer", |initials| initials.starts_with("BL")).await?;
    phone.script("document.querySelector('[data-testid=peer]').focus(); return true").await?;
    let name = phone
        .script("return getComputedStyle(document.querySelector('[data-testid=peer]'), '::after').content")
        .await?;
    assert!(name.as_str().unwrap_or_default().contains("Bea Lund"), "{name}");

    // A projector follows the board: no editing controls, and not among the people present.
    let projector = Browser::start(1920, 1080).await?;
    projector.open(&url).await?;
    projector.type_into("gate-name", "Projector").await?;
    projector.click("gate-perspective-other").await?;
    projector.click("gate-observer").await?;
    projector.click("enter-board").await?;
    projector.wait_for("connection-state", |state| state == "Online").await?;
    let hidden = "return ['add-card', 'undo', 'new-question'].every(id => \
                  document.querySelector(`[data-testid=${id}]`).getClientRects().length === 0)";
    projector.wait_script(hidden).await?;
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let peers = phone.script("return document.querySelectorAll('[data-testid=peer]').length").await?;
    assert_eq!(peers, 1, "the phone lists Bea, not the projector");
    projector.screenshot(&polyphony_tests::tests_dir().join("../docs/screenshots/projector.png")).await?;

    // "Show it large" is a join screen: the workshop, the QR code, the address and the code.
    projector.open(&format!("http://{}/b/{}/invite", server.addr, board.id)).await?;
    projector.wait_for("invite-code", |code| code == board.join_code.to_string()).await?;
    let address = projector.text("invite-address").await?;
    assert!(address.ends_with(&format!("/j/{}", board.join_code)), "{address}");
    projector
        .wait_script(
            "const qr = document.querySelector('[data-testid=invite-qr]'); return qr.complete && qr.naturalWidth > 0",
        )
        .await?;
    projector.screenshot(&polyphony_tests::tests_dir().join("../docs/screenshots/invite.png")).await?;

    // Someone taking the facilitator's name is told why and gets back to the form.
    projector.script("localStorage.clear(); return true").await?;
    projector.open(&url).await?;
    projector.type_into("gate-name", "facilitator").await?;
    projector.click("gate-perspective-citizen").await?;
    projector.click("enter-board").await?;
    projector.wait_for("joining", |text| text.contains("a facilitator here has that name")).await?;
    projector.screenshot(&polyphony_tests::tests_dir().join("../docs/screenshots/name-taken.png")).await?;
    projector.click("change-name").await?;
    projector
        .script("const name = document.querySelector('[data-testid=gate-name]'); name.value = ''; name.dispatchEvent(new Event('input', {bubbles: true})); return true")
        .await?;
    projector.type_into("gate-name", "Fay Lind").await?;
    projector.click("gate-perspective-citizen").await?;
    projector.click("enter-board").await?;
    projector.wait_for("connection-state", |state| state == "Online").await?;

    projector.quit().await?;
    laptop.quit().await?;
    phone.quit().await
}
