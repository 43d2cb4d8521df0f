//! A whole co-definition workshop in headless Chromium, at human speed: a facilitator on a
//! laptop starts a board from the co-definition template on the home page and runs three of
//! its activities with a citizen on a phone and a professional on a laptop; the projector
//! shows the activity running now with its results (the README's screenshot); afterwards the
//! phone looks back at the first activity, read-only.

use polyphony_tests::TestServer;
use polyphony_tests::browser::{Browser, DESKTOP, PHONE, screenshot_path};

/// Starts the activity titled `title` from the facilitator's agenda.
fn start(title: &str) -> String {
    format!(
        "const item = [...document.querySelectorAll('.agenda-item')].find(i => i.querySelector('.agenda-title').textContent === {title:?}); \
         item.querySelector('[data-testid=start-activity]').click(); return true"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_co_definition_workshop_runs_through_three_activities() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let fatima = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    fatima.open(&format!("http://{}/", server.addr)).await?;
    fatima.type_into("home-name", "Fatima").await?;
    fatima.click("home-perspective-professional").await?;
    fatima.type_into("board-title", "Getting to the day centre").await?;
    fatima.click("template-co-definition").await?;
    fatima.click("create-board").await?;
    fatima.wait_script("return document.querySelectorAll('.agenda-item').length === 5").await?;
    let page = fatima.script("return location.href").await?;
    let page = page.as_str().unwrap_or_default().split('#').next().unwrap_or_default().to_owned();
    let pia = Browser::start(PHONE.0, PHONE.1).await?;
    let leo = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    pia.join_board(&page, "Pia", "citizen").await?;
    leo.join_board(&page, "Leo (social worker)", "professional").await?;

    // 1. The need, as a shared text: Pia writes, Leo reads it as she types.
    fatima.script(&start("The need, as we see it now")).await?;
    pia.wait_for("live-activity", |text| text.contains("The need, as we see it now")).await?;
    pia.type_into("problem-statement", "The bus to the day centre stops at four.").await?;
    leo.wait_for("problem-statement", |text| text == "The bus to the day centre stops at four.").await?;

    // 2. Strengths and resources: both write, both see each other's.
    fatima.script(&start("Our strengths and resources")).await?;
    for (person, strength) in [(&pia, "My neighbour Joe has a car"), (&leo, "The centre has a minibus")] {
        person.wait_for("live-activity", |text| text.contains("Our strengths and resources")).await?;
        person.type_into("new-card", strength).await?;
        person.click("add-card").await?;
    }
    pia.card_with_text("The centre has a minibus").await?;
    leo.card_with_text("My neighbour Joe has a car").await?;

    // 3. The need from both sides: each in their column; Leo agrees with Pia's view.
    fatima.script(&start("The need, from both sides")).await?;
    pia.wait_for("live-activity", |text| text.contains("The need, from both sides")).await?;
    pia.type_into("new-view", "I miss the afternoon activities").await?;
    pia.click("new-view-add").await?;
    leo.wait_for("live-activity", |text| text.contains("The need, from both sides")).await?;
    leo.type_into("new-view", "Staff cannot drive people home after their shift").await?;
    leo.click("new-view-add").await?;
    let missed = leo.card_with_text("I miss the afternoon activities").await?;
    leo.click(&format!("agree-{missed}")).await?;
    let agreed = "return [...document.querySelectorAll('[data-testid=column-agreed] textarea')].some(t => t.value === 'I miss the afternoon activities')";
    pia.wait_script(agreed).await?;

    // The projector, for the README.
    let projector = Browser::start(1920, 1080).await?;
    projector.open(&format!("{page}/present")).await?;
    projector
        .wait_for("presenter-results", |text| {
            text.contains("What we agree on") && text.contains("I miss the afternoon activities")
        })
        .await?;
    projector.screenshot(&screenshot_path("workshop-presenter.png")).await?;
    projector.quit().await?;

    // Pia looks back at the first activity: her words, read-only.
    pia.script("document.querySelector('.agenda details').open = true; return true").await?;
    pia.script(
        "const item = [...document.querySelectorAll('.agenda-item')].find(i => i.querySelector('.agenda-title').textContent === 'The need, as we see it now'); \
         item.querySelector('[data-testid=look-back]').click(); return true",
    )
    .await?;
    pia.wait_for("looking-back", |text| text.contains("The need, as we see it now")).await?;
    pia.wait_script("const t = document.querySelector('[data-testid=problem-statement]'); return t.value.includes('stops at four') && t.readOnly").await?;
    fatima.quit().await?;
    leo.quit().await?;
    pia.quit().await
}
