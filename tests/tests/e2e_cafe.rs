//! A World Café in headless Chromium (issue 17): Fatima sets up two tables on a laptop and
//! runs two rounds and the harvest; four participants take part (Pia and Omar on phones,
//! Sam hosting from a tablet, Lea on a laptop), each phone showing in big type which table
//! to go to; everyone writes at their own table and finds what the round before wrote
//! there; the projector shows the tables, then the harvest side by side.

use std::collections::BTreeMap;

use polyphony_shared::Phase;
use polyphony_shared::agenda::ActivityKind;
use polyphony_tests::browser::{Browser, DESKTOP, PHONE, TABLET, screenshot_path};
use polyphony_tests::{TestClient, TestServer, http};

/// The notes a screen shows at its table now (the cards' words).
const NOTES_SHOWN: &str = "return [...document.querySelectorAll('[data-testid=table-notes] [data-testid^=card-text-]')]\
                           .map(e => e.value || e.textContent)";

/// The table a participant's card sends them to: "Table 2 · blue", say.
async fn table_of(person: &Browser) -> anyhow::Result<String> {
    let card = person.wait_for("cafe-card", |text| text.starts_with("Table ")).await?;
    Ok(card.split(" · ").take(2).collect::<Vec<_>>().join(" · "))
}

/// Writes a note at the person's table, as they would: the field, then "Add".
async fn write_note(person: &Browser, note: &str) -> anyhow::Result<()> {
    person.type_into("new-card", note).await?;
    person.click("add-card").await?;
    person.wait_script(&format!("const shown = (() => {{ {NOTES_SHOWN} }})(); return shown.includes({note:?})")).await
}

/// Scrolls the element `testid` to the top of the screen, as a person scrolls to it.
async fn scroll_to(person: &Browser, testid: &str) -> anyhow::Result<()> {
    person.find(testid).await?;
    person.script(&format!("document.querySelector('[data-testid={testid}]').scrollIntoView(); return true")).await?;
    Ok(())
}

/// Waits until the person's table shows every one of `notes`.
async fn sees_notes(person: &Browser, notes: &[String]) -> anyhow::Result<()> {
    let wanted = serde_json::to_string(notes)?;
    let check = format!("const shown = (() => {{ {NOTES_SHOWN} }})(); return {wanted}.every(n => shown.includes(n))");
    person.wait_script(&check).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cafe_runs_two_rounds_and_a_harvest_on_phones_tablet_laptops_and_projector() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Competencies for co-creation").await?;
    let add =
        polyphony_tests::agenda::add(ActivityKind::WorldCafe, Phase::CoCreation, "Which competencies do we need?");
    assert_eq!(http::command(server.addr, board.id, &board.token, &add).await?.status, 204);
    let governed = TestClient::connect(&board.doc_url(server.addr, polyphony_shared::DocName::Governed)).await?;
    governed.wait_until(|_| polyphony_tests::agenda::of(&governed).len() == 1).await?;
    let page = format!("http://{}{}", server.addr, board.page_path());

    let fatima = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    fatima.join_board(&format!("{page}#facilitator={}", board.facilitator_key), "Fatima", "professional").await?;
    let people = [
        ("Pia", "citizen", PHONE),
        ("Omar", "citizen", PHONE),
        ("Sam (nurse)", "professional", TABLET),
        ("Lea (council)", "professional", DESKTOP),
    ];
    let mut screens = Vec::new();
    for (name, perspective, (width, height)) in people {
        let screen = Browser::start(width, height).await?;
        screen.join_board(&page, name, perspective).await?;
        screens.push(screen);
    }

    // Fatima starts the café and sets it up: two tables (the second asks its own
    // question), Sam hosts the first, two rounds of ten minutes.
    fatima.script("document.querySelector('.agenda-item [data-testid=start-activity]').click(); return true").await?;
    fatima.wait_for("cafe-setup", |text| text.contains("Set up the World Café")).await?;
    screens[0].wait_for("cafe-card", |text| text.contains("Waiting for the first round")).await?;
    let removes = fatima.find_all("remove-table").await?;
    anyhow::ensure!(removes.len() == 3, "a café starts with three tables");
    fatima.centre(&removes[2]).await?;
    removes[2].click().await?;
    fatima.wait_script("return document.querySelectorAll('[data-testid=cafe-table-fields]').length === 2").await?;
    let questions = fatima.find_all("table-question").await?;
    for (field, question) in
        questions.iter().zip(["Which competencies do we need?", "What do professionals need to learn?"])
    {
        fatima.centre(field).await?;
        field.click().await?;
        field.send_keys(question).await?;
    }
    let host = fatima.find_all("table-host").await?.remove(0);
    fatima.centre(&host).await?;
    host.select_by_label("Sam (nurse)").await?;
    // The second table is also open to people online (mixed with the room).
    let online_table = fatima.find_all("table-remote").await?.remove(1);
    fatima.centre(&online_table).await?;
    online_table.click().await?;
    // A round too long is refused beside the button, in words; then two rounds of ten.
    fatima.find("cafe-minutes").await?.clear().await?;
    fatima.type_into("cafe-minutes", "90").await?;
    fatima.click("save-cafe").await?;
    fatima.wait_for("cafe-setup-error", |text| text.contains("1 to 60 minutes")).await?;
    for (testid, value) in [("cafe-rounds", "2"), ("cafe-minutes", "10")] {
        fatima.find(testid).await?.clear().await?;
        fatima.type_into(testid, value).await?;
    }
    fatima.click("save-cafe").await?;
    fatima.wait_for("cafe-saved", |text| text.starts_with("Saved")).await?;
    scroll_to(&fatima, "cafe-setup").await?;
    fatima.screenshot(&screenshot_path("cafe-setup-laptop.png")).await?;
    // Lea, on her laptop at home, says so before the first round.
    screens[3].click("online").await?;
    screens[3]
        .wait_script("return document.querySelector('[data-testid=online]').getAttribute('aria-pressed') === 'true'")
        .await?;
    fatima.click("start-cafe").await?;
    fatima.wait_for("cafe-round", |text| text == "Round 1 of 2").await?;

    // Round 1: every phone names a table; Sam's says he hosts; each writes a note there.
    let mut first_round: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (screen, (name, ..)) in screens.iter().zip(people) {
        let table = table_of(screen).await?;
        let note = format!("{name}: we need to listen first");
        write_note(screen, &note).await?;
        first_round.entry(table).or_default().push(note);
    }
    screens[2]
        .wait_for("cafe-card", |text| text.contains("you host this table") && text.starts_with("Table 1"))
        .await?;
    screens[2].type_into("table-summary", "Listening comes before solving.").await?;
    // Whoever sits together sees each other's notes live; a phone that reloads keeps its seat.
    for (screen, ..) in screens.iter().zip(people) {
        sees_notes(screen, &first_round[&table_of(screen).await?]).await?;
    }
    let pia_before = table_of(&screens[0]).await?;
    screens[0].reload().await?;
    assert_eq!(table_of(&screens[0]).await?, pia_before, "Pia keeps her seat after a reload");
    scroll_to(&screens[0], "cafe-card").await?;
    screens[0].screenshot(&screenshot_path("cafe-phone.png")).await?;

    let projector = Browser::start(1920, 1080).await?;
    projector.open(&format!("{page}/present")).await?;
    projector
        .wait_for("presenter-tables", |text| {
            text.contains("Round 1 of 2") && text.contains("What do professionals need to learn?")
        })
        .await?;
    projector.screenshot(&screenshot_path("cafe-presenter.png")).await?;
    fatima
        .wait_for("cafe-running", |text| text.contains("Sam (nurse) (host)") && text.contains("Lea (council) (online)"))
        .await?;
    fatima.screenshot(&screenshot_path("cafe-laptop.png")).await?;

    // Round 2: the host stays, and everyone reads what round 1 wrote at their new table.
    fatima.click("next-cafe-round").await?;
    fatima.wait_for("cafe-round", |text| text == "Round 2 of 2").await?;
    projector.wait_for("presenter-tables", |text| text.contains("Round 2 of 2")).await?;
    for screen in &screens {
        screen.wait_for("cafe-card", |text| text.starts_with("Table ")).await?;
    }
    assert!(table_of(&screens[2]).await?.starts_with("Table 1"), "Sam hosts table 1 again");
    for (screen, (name, ..)) in screens.iter().zip(people) {
        let table = table_of(screen).await?;
        sees_notes(screen, &first_round[&table]).await?;
        write_note(screen, &format!("{name}: round two builds on it")).await?;
    }
    screens[2].wait_for("table-summary", |text| text.contains("Listening comes before solving.")).await?;
    scroll_to(&screens[1], "cafe-card").await?;
    screens[1].screenshot(&screenshot_path("cafe-round-two-phone.png")).await?;
    let fits = "return document.documentElement.scrollWidth <= window.innerWidth";
    screens[1].wait_script(fits).await?;

    // The harvest: every table's notes by question, on every screen and the projector.
    fatima.click("next-cafe-round").await?;
    for screen in screens.iter().chain([&fatima]) {
        screen.wait_for("cafe-harvest", |text| text.contains("The harvest")).await?;
    }
    let all_notes = "return document.querySelectorAll('[data-testid^=card-text-]').length";
    screens[3].wait_script(&format!("{all_notes} === 9")).await?;
    projector
        .wait_for("presenter-harvest", |text| {
            text.contains("Which competencies do we need?")
                && text.contains("What do professionals need to learn?")
                && text.contains("Listening comes before solving.")
        })
        .await?;
    projector.screenshot(&screenshot_path("cafe-harvest-presenter.png")).await?;
    scroll_to(&screens[2], "cafe-harvest").await?;
    screens[2].screenshot(&screenshot_path("cafe-harvest-tablet.png")).await?;
    screens[0].wait_script(fits).await?;
    scroll_to(&screens[0], "cafe-harvest").await?;
    screens[0].screenshot(&screenshot_path("cafe-harvest-phone.png")).await?;

    for screen in screens.into_iter().chain([fatima, projector]) {
        screen.quit().await?;
    }
    Ok(())
}
