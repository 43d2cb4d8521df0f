//! The agenda in headless Chromium: a facilitator on a laptop builds a short agenda and runs
//! it; a participant on a phone and one on a tablet follow the activity that is live.

use polyphony_tests::browser::{Browser, DESKTOP, PHONE, TABLET, screenshot_path, workshop_of_three};
use polyphony_tests::{TestServer, http};

/// Chooses an option of a drop-down as a person does: the value changes, then `change` fires.
fn choose(testid: &str, value: &str) -> String {
    format!(
        "const select = document.querySelector('[data-testid={testid}]'); select.value = '{value}'; \
         select.dispatchEvent(new Event('change', {{ bubbles: true }})); return true"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facilitator_builds_and_runs_an_agenda_everyone_follows() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Respite care for families").await?;
    let page = format!("http://{}{}", server.addr, board.page_path());
    let (facilitator, pia, sam) = workshop_of_three(&page, &board.facilitator_key).await?;
    assert!(pia.find_all("agenda").await?.is_empty(), "no agenda yet: a participant sees nothing of it");

    // Two activities, added the way a facilitator does: kind, phase, title, minutes.
    facilitator.script(&choose("activity-kind", "strengths")).await?;
    facilitator.script(&choose("activity-phase", "co-definition")).await?;
    facilitator.type_into("activity-title", "Our strengths").await?;
    facilitator.click("add-activity-button").await?;
    facilitator.wait_script("return document.querySelectorAll('[data-testid^=activity-]').length >= 1 && !!document.querySelector('.agenda-item')").await?;
    facilitator.script(&choose("activity-kind", "idea-board")).await?;
    facilitator.script(&choose("activity-phase", "co-creation")).await?;
    facilitator.type_into("activity-title", "Ideas for weekends").await?;
    facilitator.click("add-activity-button").await?;
    facilitator.wait_script("return document.querySelectorAll('.agenda-item').length === 2").await?;
    pia.wait_script("return document.querySelectorAll('.agenda-item').length === 2").await?;
    // Alone in its phase, an activity can move neither up nor down.
    let stuck = "return [...document.querySelectorAll('[data-testid=move-up], [data-testid=move-down]')].every(b => b.disabled)";
    facilitator.wait_script(stuck).await?;

    // Starting the first puts it on top of every screen, with its question.
    facilitator
        .script("document.querySelector('.agenda-item [data-testid=start-activity]').click(); return true")
        .await?;
    for person in [&pia, &sam, &facilitator] {
        person
            .wait_for("live-activity", |text| {
                text.contains("Our strengths") && text.contains("What are your strengths")
            })
            .await?;
    }
    // The live activity has its own screen: Pia's card goes to its document and Sam sees it.
    pia.wait_for("activity-screen", |text| text.contains("Strengths and resources")).await?;
    pia.type_into("new-card", "My neighbour Joe drives me to the shops").await?;
    pia.click("add-card").await?;
    sam.card_with_text("My neighbour Joe drives me to the shops").await?;
    // Locked, the activity says so on the phone, where Pia is writing.
    facilitator
        .script("document.querySelector('.agenda-item.live [data-testid=lock-activity]').click(); return true")
        .await?;
    pia.wait_for("lock-note-ideas", |text| text.contains("This activity is locked by the facilitator")).await?;
    facilitator
        .script("document.querySelector('.agenda-item.live [data-testid=lock-activity]').click(); return true")
        .await?;
    pia.wait_script("return !document.querySelector('[data-testid=lock-note-ideas]')").await?;
    pia.screenshot(&screenshot_path("agenda-phone.png")).await?;
    sam.screenshot(&screenshot_path("agenda-tablet.png")).await?;
    facilitator.screenshot(&screenshot_path("agenda-laptop.png")).await?;

    // The presenter view on a projector shows the live activity, the timer and how to join,
    // and the presenter is not among the people present.
    let projector = Browser::start(1920, 1080).await?;
    projector.open(&format!("{page}/present")).await?;
    projector.wait_for("presenter-activity", |text| text.contains("Our strengths")).await?;
    projector
        .wait_for("presenter-results", |text| text.contains("1 card so far") && text.contains("From citizens"))
        .await?;
    let timer = polyphony_shared::Command::StartTimer { seconds: 600, label: "Strengths".into() };
    assert_eq!(http::command(server.addr, board.id, &board.token, &timer).await?.status, 204);
    projector.wait_for("timer", |text| text.starts_with("Strengths 9:") || text.starts_with("Strengths 10:")).await?;
    projector.wait_for("presenter-code", |code| code == board.join_code.to_string()).await?;
    assert!(projector.find_all("add-card").await?.is_empty(), "no editing controls on the projector");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let present = facilitator.script("return document.querySelectorAll('[data-testid=peer]').length").await?;
    assert_eq!(present.as_u64(), Some(2), "Pia and Sam; the presenter is not listed among the people present");
    projector.screenshot(&screenshot_path("presenter.png")).await?;
    projector.quit().await?;

    // Starting the next one finishes the first.
    facilitator
        .script("document.querySelectorAll('.agenda-item [data-testid=start-activity]')[0].click(); return true")
        .await?;
    pia.wait_for("live-activity", |text| text.contains("Ideas for weekends")).await?;
    // The next activity starts with an empty screen of its own.
    let joe_gone = "return ![...document.querySelectorAll('textarea')].some(t => t.value.includes('Joe'))";
    pia.wait_script(joe_gone).await?;
    // Pia looks back at the finished activity: Joe is there, read-only; then back to now.
    pia.script("document.querySelector('.agenda details').open = true; return true").await?;
    pia.click("look-back").await?;
    pia.wait_for("looking-back", |text| text.contains("Our strengths")).await?;
    pia.wait_for("lock-note-ideas", |text| text.contains("This activity is finished")).await?;
    pia.wait_script(
        "return [...document.querySelectorAll('textarea')].some(t => t.value.includes('Joe') && t.readOnly)",
    )
    .await?;
    pia.script("document.querySelector('[data-testid=looking-back]').scrollIntoView(); return true").await?;
    pia.screenshot(&screenshot_path("look-back-phone.png")).await?;
    pia.click("back-to-now").await?;
    pia.wait_script(joe_gone).await?;
    pia.wait_script(
        "return [...document.querySelectorAll('.agenda-item')].map(item => item.dataset.state).join() === 'done,live'",
    )
    .await?;
    facilitator.quit().await?;
    pia.quit().await?;
    sam.quit().await
}

/// A facilitator starts a board from the home page with a workshop template, seeing what it
/// holds before creating it; the board opens with that agenda.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_starts_from_a_template_chosen_on_the_home_page() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let tablet = Browser::start(TABLET.0, TABLET.1).await?;
    tablet.open(&format!("http://{}/", server.addr)).await?;
    tablet.type_into("home-name", "Fatima").await?;
    tablet.click("home-perspective-professional").await?;
    tablet.type_into("board-title", "Loneliness in Hillside").await?;
    tablet.click("template-world-cafe").await?;
    let listed = |text: &str| text.contains("Table rounds") && !text.contains("Table rounds (coming soon)");
    tablet.wait_for("template-preview", listed).await?;
    tablet.click("template-co-definition").await?;
    tablet.wait_for("template-preview", |text| text.contains("Our strengths and resources")).await?;
    tablet.screenshot(&screenshot_path("templates-tablet.png")).await?;
    tablet.click("create-board").await?;
    tablet.wait_for("connection-state", |state| state == "Online").await?;
    tablet.wait_script("return document.querySelectorAll('.agenda-item').length === 5").await?;
    let first = tablet.script("return document.querySelector('.agenda-item .agenda-title').textContent").await?;
    assert_eq!(first.as_str(), Some("The need, as we see it now"));
    // The facilitator saves the agenda as a template and starts the next board from it.
    tablet.script("window.prompt = () => 'Our co-definition'; return true").await?;
    tablet.click("save-template").await?;
    tablet.wait_for("template-saved", |text| text.contains("Saved as “Our co-definition”")).await?;
    tablet.open(&format!("http://{}/", server.addr)).await?;
    tablet.type_into("board-title", "Loneliness, second round").await?;
    tablet.click("template-saved-0").await?;
    tablet.wait_for("template-preview", |text| text.contains("Our strengths and resources")).await?;
    tablet.click("create-board").await?;
    tablet.wait_for("connection-state", |state| state == "Online").await?;
    tablet.wait_script("return document.querySelectorAll('.agenda-item').length === 5").await?;
    tablet.quit().await?;

    // On a phone the choice and its preview fit the width.
    let phone = Browser::start(PHONE.0, PHONE.1).await?;
    phone.open(&format!("http://{}/", server.addr)).await?;
    phone.click("template-co-creation").await?;
    phone.wait_for("template-preview", |text| text.contains("Action plan") && !text.contains("coming soon")).await?;
    let fits = "return document.documentElement.scrollWidth <= window.innerWidth";
    phone.wait_script(fits).await?;
    phone
        .script(
            "document.querySelector('[data-testid=template-preview]').scrollIntoView({block: 'center'}); return true",
        )
        .await?;
    phone.screenshot(&screenshot_path("templates-phone.png")).await?;
    phone.quit().await
}

/// A board stored before the agenda, opened in the browser: a phone sees its three sections
/// on the agenda with the idea board live and its cards on it; the facilitator on a laptop
/// runs the challenge questions, where the phone adds one; the phone looks back at the
/// problem statement, read-only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_from_before_the_agenda_runs_as_an_agenda() -> anyhow::Result<()> {
    let fixture = polyphony_tests::tests_dir().join("fixtures/board-before-agenda");
    let board = std::fs::read_to_string(fixture.join("BOARD_ID"))?.trim().to_owned();
    let key = std::fs::read_to_string(fixture.join("FACILITATOR_KEY"))?.trim().to_owned();
    let server = TestServer::with_web_client_on_copy_of(&fixture).await?;
    let page = format!("http://{}/b/{board}", server.addr);
    let facilitator = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    let pia = Browser::start(PHONE.0, PHONE.1).await?;
    facilitator.join_board(&format!("{page}#facilitator={key}"), "Fatima", "professional").await?;
    pia.join_board(&page, "Pia", "citizen").await?;
    let states = "return [...document.querySelectorAll('.agenda-item')].map(item => item.dataset.state).join()";
    pia.wait_script(&format!("{states} === 'done,done,live'")).await?;
    pia.wait_for("live-activity", |text| text.contains("Idea board")).await?;
    pia.card_with_text("A lift rota among neighbours").await?;
    pia.card_with_text("The centre's minibus does a late run").await?;

    facilitator
        .script("document.querySelectorAll('.agenda-item [data-testid=start-activity]')[1].click(); return true")
        .await?;
    pia.wait_for("live-activity", |text| text.contains("Challenge questions")).await?;
    let question = |text: &str| {
        format!(
            "return [...document.querySelectorAll('[data-testid=questions] textarea, [data-testid=questions] input')]\
             .some(field => field.value === {text:?})"
        )
    };
    pia.wait_script(&question("How might neighbours share lifts?")).await?;
    pia.type_into("new-question", "How might the minibus run later?").await?;
    pia.click("add-question").await?;
    facilitator.wait_script(&question("How might the minibus run later?")).await?;
    pia.script("document.querySelector('[data-testid=live-activity]').scrollIntoView(); return true").await?;
    pia.screenshot(&screenshot_path("migrated-board-phone.png")).await?;

    pia.script("document.querySelector('.agenda details').open = true; return true").await?;
    pia.script("document.querySelector('.agenda-item [data-testid=look-back]').click(); return true").await?;
    pia.wait_for("looking-back", |text| text.contains("Problem statement")).await?;
    pia.wait_script(
        "return [...document.querySelectorAll('textarea')].some(t => t.value.includes('stops running at four') && t.readOnly)",
    )
    .await?;
    facilitator.quit().await?;
    pia.quit().await
}
