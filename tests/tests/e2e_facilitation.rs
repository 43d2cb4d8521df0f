//! End-to-end facilitation in headless Chromium: a facilitator on a tablet-sized screen and
//! two participants, one on a phone, go from co-definition to co-creation with a dot-voting
//! round and its reveal.

use polyphony_tests::browser::{Browser, DESKTOP, PHONE, TABLET, screenshot_path};
use polyphony_tests::{TestServer, http};

/// The facilitator steps the phases, runs a voting round and reveals it; both participants
/// see the phase, their dots left, and the results per perspective.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facilitator_runs_co_definition_to_co_creation_with_a_vote() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Respite care for families").await?;
    let page = format!("http://{}{}", server.addr, board.page_path());
    let facilitator_link = format!("{page}#facilitator={}", board.facilitator_key);
    let facilitator = Browser::start(TABLET.0, TABLET.1).await?;
    let pia = Browser::start(PHONE.0, PHONE.1).await?;
    let sam = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    facilitator.join_board(&facilitator_link, "Fatima (facilitator)", "professional").await?;
    facilitator.find("facilitator-panel").await?;
    let link = facilitator.value("facilitator-link").await?;

    assert!(
        link.ends_with(&format!("#facilitator={}", board.facilitator_key)),
        "the panel shows the facilitator link: {link}"
    );
    pia.join_board(&page, "Pia", "citizen").await?;
    sam.join_board(&page, "Sam (nurse)", "professional").await?;
    assert!(pia.find_all("facilitator-panel").await?.is_empty(), "participants get no facilitator controls");

    // Co-definition: everyone sees the phase and what it is for.
    facilitator.click("phase-co-definition").await?;
    for person in [&pia, &sam] {
        person.wait_for("phase", |phase| phase == "Co-definition").await?;
    }
    sam.type_into("new-card", "Evening drop-in at the health centre").await?;
    sam.click("add-card").await?;
    let drop_in = facilitator.card_with_text("Evening drop-in at the health centre").await?;
    pia.type_into("new-card", "Peer mentors who have been carers").await?;
    pia.click("add-card").await?;
    let mentors = facilitator.card_with_text("Peer mentors who have been carers").await?;

    // Co-creation with a voting round: three dots each, at most two per idea.
    facilitator.click("phase-co-creation").await?;
    pia.wait_for("phase", |phase| phase == "Co-creation").await?;
    let budget = facilitator.find("round-budget").await?;
    budget.clear().await?;
    budget.send_keys("3").await?;
    let cap = facilitator.find("round-cap").await?;
    cap.clear().await?;
    cap.send_keys("2").await?;
    facilitator.click("open-round").await?;
    pia.wait_for("votes-left", |text| text.contains("3 of 3 dots left")).await?;

    for _ in 0..2 {
        pia.click(&format!("vote-{mentors}")).await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    pia.wait_for("votes-left", |text| text.contains("1 of 3 dots left")).await?;
    pia.wait_for(&format!("my-dots-{mentors}"), |dots| dots == "2").await?;
    sam.click(&format!("vote-{mentors}")).await?;
    sam.wait_for("votes-left", |text| text.contains("2 of 3 dots left")).await?;
    sam.click(&format!("vote-{drop_in}")).await?;
    sam.wait_for("votes-left", |text| text.contains("1 of 3 dots left")).await?;

    // The reveal shows the dots per idea, combined and per perspective, to everyone.
    facilitator.click("reveal-round").await?;
    for person in [&pia, &sam, &facilitator] {
        person
            .wait_for(&format!("results-{mentors}"), |text| {
                text.starts_with("★ most dots · ") && text.contains("3 dots · citizens 2 · professionals 1")
            })
            .await?;
        person
            .wait_for(&format!("results-{drop_in}"), |text| {
                text.starts_with("★ 2nd · ") && text.contains("— 1 dot · citizens 0 · professionals 1")
            })
            .await?;
    }
    // On the phone, "Most dots first" puts the chosen idea (added second) at the top.
    let first = |card: &str| {
        format!("return document.querySelector('[data-testid^=\"list-card-\"]').dataset.testid === 'list-card-{card}'")
    };
    pia.wait_script(&first(&drop_in)).await?;
    pia.click("sort-by-dots").await?;
    pia.wait_script(&first(&mentors)).await?;

    // Locking the idea board shows why on the phone and makes its cards read-only.
    facilitator.click("lock-ideas").await?;
    pia.wait_for("locked-note", |text| text.contains("Idea board")).await?;
    let readonly = format!("return document.querySelector('[data-testid=card-text-{mentors}]').readOnly === true");
    pia.wait_script(&readonly).await?;

    let results = format!(
        "document.querySelector('[data-testid=results-{mentors}]').scrollIntoView({{block: 'center'}}); return true"
    );
    pia.script(&results).await?;
    facilitator.script("window.scrollTo(0, 0); return true").await?;
    pia.screenshot(&screenshot_path("phone-vote.png")).await?;
    facilitator.screenshot(&screenshot_path("facilitator.png")).await?;
    facilitator.quit().await?;
    pia.quit().await?;
    sam.quit().await
}
