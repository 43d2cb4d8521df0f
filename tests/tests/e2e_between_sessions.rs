//! Between sessions in headless Chromium: a facilitator on a laptop keeps an activity open
//! until next week; a participant on a phone writes in it from home and leaves; someone on
//! a tablet adds more, the facilitator adds to the agenda; when the phone comes back it reads
//! what changed since its last visit and sees which cards are new.

use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::{DocName, Phase};
use polyphony_tests::browser::{Browser, DESKTOP, PHONE, TABLET, screenshot_path};
use polyphony_tests::{TestClient, TestServer, http};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_participant_comes_back_and_sees_what_changed() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Carers between the workshops").await?;
    let add = polyphony_tests::agenda::add(ActivityKind::IdeaBoard, Phase::CoCreation, "Ideas from home");
    assert_eq!(http::command(server.addr, board.id, &board.token, &add).await?.status, 204);
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    governed.wait_until(|_| polyphony_tests::agenda::of(&governed).len() == 1).await?;
    let page = format!("http://{}{}", server.addr, board.page_path());
    let facilitator = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    let pia = Browser::start(PHONE.0, PHONE.1).await?;
    facilitator.join_board(&format!("{page}#facilitator={}", board.facilitator_key), "Fatima", "professional").await?;
    pia.join_board(&page, "Pia", "citizen").await?;

    // The facilitator keeps the activity open until next week, from the agenda.
    facilitator.script("document.querySelector('[data-testid=open-between-sessions]').click(); return true").await?;
    facilitator.click("open-activity").await?;
    pia.wait_for("open-now", |text| {
        text.contains("Open for your contributions until") && text.contains("Ideas from home")
    })
    .await?;
    pia.click("go-to-open").await?;
    pia.wait_for("taking-part", |text| text.contains("is open for contributions until")).await?;
    pia.type_into("new-card", "A neighbour could sit with Mum on Tuesdays").await?;
    pia.click("add-card").await?;
    pia.card_with_text("A neighbour could sit with Mum on Tuesdays").await?;
    // At human speed: a few seconds on the page, then Pia leaves.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    pia.open(&format!("http://{}/", server.addr)).await?;

    // Meanwhile Sam writes from a tablet and the facilitator adds to the agenda.
    let sam = Browser::start(TABLET.0, TABLET.1).await?;
    sam.join_board(&page, "Sam", "professional").await?;
    sam.click("go-to-open").await?;
    for idea in ["Respite vouchers for evenings", "A carers' café at the library"] {
        sam.type_into("new-card", idea).await?;
        sam.click("add-card").await?;
        sam.card_with_text(idea).await?;
    }
    let plan = polyphony_tests::agenda::add(ActivityKind::IdeaBoard, Phase::Implementation, "What we ask the council");
    assert_eq!(http::command(server.addr, board.id, &board.token, &plan).await?.status, 204);
    governed.wait_until(|_| polyphony_tests::agenda::of(&governed).len() == 2).await?;

    // Pia comes back with her pass: what changed, and the two new cards marked.
    pia.open(&page).await?;
    pia.wait_for("since-last-visit", |text| text.contains("New on the agenda: “What we ask the council”")).await?;
    pia.screenshot(&screenshot_path("since-last-visit-phone.png")).await?;
    pia.click("seen-changes").await?;
    pia.click("go-to-open").await?;
    pia.wait_for("new-since-visit", |text| text.starts_with("2 new cards since your last visit")).await?;
    let marked = "return [...document.querySelectorAll('[data-testid=new-badge]')].map(badge => \
                  badge.closest('.card, li, article, [data-card]')?.querySelector('textarea')?.value).sort().join('|')";
    let marked = pia.script(marked).await?;
    assert_eq!(
        marked.as_str(),
        Some("A carers' café at the library|Respite vouchers for evenings"),
        "her own card is not new to her"
    );
    pia.script("document.querySelector('[data-testid=new-badge]').scrollIntoView({ block: 'center' }); return true")
        .await?;
    pia.screenshot(&screenshot_path("new-since-visit-phone.png")).await?;
    facilitator.quit().await?;
    sam.quit().await?;
    pia.quit().await
}
