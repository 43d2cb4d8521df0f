//! End-to-end: equal partners. A facilitator on a laptop makes Sam a supporter; Sam, on a
//! tablet, adds Olga, who takes part without a device, writes her idea and gives her dots;
//! a citizen's phone and the laptop see the idea as Olga's, added with Sam's help, and the
//! revealed dots count as a citizen's. The balance of voices follows: the laptop sees
//! citizens made every contribution so far, and shows the shares to everyone (the phone
//! sees them, without names).

use polyphony_shared::Command;
use polyphony_shared::agenda::ActivityKind;
use polyphony_tests::browser::{Browser, DESKTOP, PHONE, TABLET, screenshot_path};
use polyphony_tests::{TestServer, http};

/// Clicks the first button whose accessible name is `label`.
async fn click_labelled(browser: &Browser, label: &str) -> anyhow::Result<()> {
    let script = format!(
        "const button = document.querySelector('button[aria-label={label:?}]'); if (!button) return false; \
         button.click(); return true"
    );
    browser.wait_script(&script).await
}

/// Waits until a card's author line reads `byline`.
async fn shows_byline(browser: &Browser, byline: &str) -> anyhow::Result<()> {
    browser
        .wait_script(&format!(
            "return [...document.querySelectorAll('[data-testid=card-author]')].some(author => author.textContent === {byline:?})"
        ))
        .await
}

/// The id of the card whose author line reads `byline`, from its vote button.
async fn voted_card(browser: &Browser, byline: &str) -> anyhow::Result<String> {
    let script = format!(
        "const author = [...document.querySelectorAll('[data-testid=card-author]')].find(a => a.textContent === {byline:?}); \
         const card = author && author.closest('[data-testid^=list-card-], [data-testid^=canvas-card-]'); \
         const vote = card && card.querySelector('[data-testid^=vote-]'); return vote ? vote.dataset.testid.slice(5) : null"
    );
    let found = tokio::time::timeout(polyphony_tests::WAIT, async {
        loop {
            if let Ok(serde_json::Value::String(id)) = browser.script(&script).await {
                return id;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    });
    Ok(found.await?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supporter_adds_an_idea_and_dots_for_someone_without_a_device() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let agenda =
        polyphony_tests::agenda::board_with(server.addr, "Transport at night", &[(ActivityKind::IdeaBoard, "Ideas")])
            .await?;
    let (board, activity) = (&agenda.board, agenda.activities[0]);
    let page = format!("http://{}{}", server.addr, board.page_path());
    let laptop = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    laptop.join_board(&format!("{page}#facilitator={}", board.facilitator_key), "Fatima", "professional").await?;
    let tablet = Browser::start(TABLET.0, TABLET.1).await?;
    tablet.join_board(&page, "Sam", "professional").await?;
    let phone = Browser::start(PHONE.0, PHONE.1).await?;
    phone.join_board(&page, "Pia", "citizen").await?;

    click_labelled(&laptop, "Make Sam a supporter").await?;
    tablet.wait_for("assisted-people", |text| text.contains("People without a device")).await?;
    tablet.type_into("assisted-name", "Olga").await?;
    tablet.click("assisted-add").await?;
    tablet.wait_for("assisted-person", |text| text.contains("Olga · Citizen")).await?;
    tablet.type_into("assisted-idea", "Buses after 8 pm").await?;
    tablet.click("assisted-add-idea").await?;

    // Her name and perspective, and who added it for her.
    let byline = "Olga · Citizen";
    shows_byline(&laptop, byline).await?;
    shows_byline(&phone, byline).await?;
    phone.wait_for("card-helped-by", |helped| helped == "added with the help of Sam").await?;
    laptop.wait_for("card-helped-by", |helped| helped == "added with the help of Sam").await?;
    tablet.wait_script("return document.querySelector('[data-testid=assisted-idea]').value === ''").await?;
    tablet.script("document.querySelector('[data-testid=assisted-people]').scrollIntoView(); return true").await?;
    tablet.screenshot(&screenshot_path("tablet-people-without-a-device.png")).await?;
    phone
        .script("document.querySelector('[data-testid=card-helped-by]').scrollIntoView({block: 'center'}); return true")
        .await?;
    phone.screenshot(&screenshot_path("phone-assisted-card.png")).await?;

    // Her dots: Sam gives them from the tablet, within her budget of three.
    let round = polyphony_tests::rounds::open_on_cards(server.addr, board, activity, "Which first?").await?;
    tablet.click("act-for").await?;
    tablet.wait_for("acting-for", |text| text.contains("Giving Olga's dots")).await?;
    let olga_card = voted_card(&tablet, byline).await?;
    tablet.click(&format!("vote-{olga_card}")).await?;
    tablet.wait_for(&format!("my-dots-{olga_card}"), |dots| dots == "1").await?;
    tablet.click(&format!("vote-{olga_card}")).await?;
    tablet.wait_for(&format!("dots-left-{olga_card}"), |left| left == "1 of 3 dots left").await?;
    tablet.screenshot(&screenshot_path("tablet-supporter.png")).await?;
    // Back to his own: three dots, none given.
    tablet.script("document.querySelector('[data-testid=acting-for] button').click(); return true").await?;
    tablet.wait_for(&format!("dots-left-{olga_card}"), |left| left == "3 of 3 dots left").await?;

    http::command(server.addr, board.id, &board.token, &Command::RevealRound { round }).await?;
    // Her two dots count as a citizen's.
    laptop.wait_for(&format!("results-{olga_card}"), |results| results.contains("2 dots · citizens 2 ·")).await?;
    laptop.screenshot(&screenshot_path("laptop-assisted-card.png")).await?;

    // The balance of voices: Olga's card and dots are a citizen's; Pia and Olga are two of
    // the three people taking part (the facilitator does not count).
    laptop.wait_for("balance-citizen", |row| row.contains("100% of contributions · 67% of people")).await?;
    laptop.wait_for("balance-professional", |row| row.contains("0% of contributions · 33% of people")).await?;
    let missing = phone.script("return document.querySelector('[data-testid=balance]')?.hidden ?? true").await?;
    assert_eq!(missing, true, "participants see nothing until it is shown");
    laptop.click("balance-shown").await?;
    phone.wait_for("balance-citizen", |row| row.contains("100% of contributions")).await?;
    let names = phone.script("return document.querySelectorAll('[data-testid=balance-person]').length").await?;
    assert_eq!(names, 0, "no names for participants");
    phone.script("document.querySelector('[data-testid=balance]').scrollIntoView(); return true").await?;
    phone.screenshot(&screenshot_path("phone-balance.png")).await?;
    laptop.script("document.querySelector('[data-testid=balance]').scrollIntoView(); return true").await?;
    laptop.screenshot(&screenshot_path("laptop-balance.png")).await?;
    phone.quit().await?;
    tablet.quit().await?;
    laptop.quit().await
}
