//! An eco-map drawn together in headless Chromium (issue 18): Mila's family on a shared
//! tablet and Dana, their social worker, on a laptop. The family names the centre and adds
//! five people and services from the list; Dana sets what each tie is like from hers; on
//! the tablet a finger draws a tie from one circle to another and moves a circle, and the
//! family undoes the move. Both screens show the same map throughout, and Dana saves it as
//! SVG and as a PNG picture.

use fantoccini::Locator;
use polyphony_shared::agenda::ActivityKind;
use polyphony_tests::TestServer;
use polyphony_tests::agenda::{AgendaBoard, board_with};
use polyphony_tests::browser::{Browser, DESKTOP, PHONE, TABLET, screenshot_path};
use polyphony_tests::touch::{self, Lift};

/// The id of the tie whose line starts with `start`, as a screen lists it.
async fn tie_starting(screen: &Browser, start: &str) -> anyhow::Result<String> {
    let script = format!(
        "const li = [...document.querySelectorAll('.ecomap-tie')].find(li => \
         li.querySelector('[data-testid=tie-line]').textContent.startsWith({start:?})); return li ? li.dataset.id : null"
    );
    let mut last = serde_json::Value::Null;
    for _ in 0..100 {
        last = screen.script(&script).await?;
        if let Some(id) = last.as_str() {
            return Ok(id.to_owned());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    anyhow::bail!("no tie starting {start:?} ({last})")
}

/// The control `field` of the tie `tie` on `screen`, in the middle of the screen (clear of
/// the bar at the top), as a person scrolls to it.
async fn tie_field(screen: &Browser, tie: &str, field: &str) -> anyhow::Result<fantoccini::elements::Element> {
    let entry = screen.find(&format!("tie-{tie}")).await?;
    let control = entry.find(Locator::Css(&format!("[data-testid={field}]"))).await?;
    screen.centre(&control).await?;
    Ok(control)
}

/// Chooses `value` in the select `field` of the tie `tie` on `screen`.
async fn set_tie(screen: &Browser, tie: &str, field: &str, value: &str) -> anyhow::Result<()> {
    tie_field(screen, tie, field).await?.select_by_value(value).await?;
    Ok(())
}

/// How many circles and lines a screen's drawing shows.
const DRAWN: &str = "const d = document.querySelector('[data-testid=ecomap-drawing]'); \
                     return [d.querySelectorAll('[data-node]').length, d.querySelectorAll('[data-tie]').length]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_family_and_their_worker_draw_an_eco_map_together() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let AgendaBoard { board, .. } =
        board_with(server.addr, "Mila's family", &[(ActivityKind::EcoMap, "Who is around you?")]).await?;
    let page = format!("http://{}{}", server.addr, board.page_path());
    let tablet = Browser::start(TABLET.0, TABLET.1).await?;
    tablet.join_board(&page, "Mila", "citizen").await?;
    let laptop = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    laptop.join_board(&page, "Dana (social worker)", "professional").await?;

    // The family names the centre and adds five people and services, each tied to them.
    tablet.type_into("centre-name", "The Jansen family\n").await?;
    let people = [
        ("Grandma", "family"),
        ("School", "school"),
        ("GP", "health"),
        ("Neighbours", "neighbours"),
        ("Football club", "leisure"),
    ];
    for (name, category) in people {
        tablet.type_into("node-name", name).await?;
        tablet.find("node-category").await?.select_by_value(category).await?;
        tablet.click("add-node").await?;
        tablet.wait_for("node-name", str::is_empty).await?;
    }
    for screen in [&tablet, &laptop] {
        screen.wait_script(&format!("return JSON.stringify((() => {{ {DRAWN} }})()) === '[5,5]'")).await?;
    }
    laptop.wait_script("return document.querySelector('[data-testid=ecomap-drawing] svg').textContent.includes('The Jansen family')").await?;

    // Dana says what the ties are like: four kinds of line, and which way help flows.
    let school = tie_starting(&laptop, "School").await?;
    set_tie(&laptop, &school, "tie-strength", "strong").await?;
    set_tie(&laptop, &school, "tie-flow", "both").await?;
    let gp = tie_starting(&laptop, "GP").await?;
    set_tie(&laptop, &gp, "tie-strength", "tenuous").await?;
    let grandma = tie_starting(&laptop, "Grandma").await?;
    tie_field(&laptop, &grandma, "tie-stressful").await?.click().await?;
    tablet
        .wait_for(&format!("tie-{school}"), |text| text.contains("School — strong, resources flow both ways"))
        .await?;
    tablet.wait_for(&format!("tie-{grandma}"), |text| text.contains("Grandma — ordinary and stressful")).await?;
    tablet.wait_script("return !!document.querySelector('[data-testid=ecomap-drawing] [stroke-dasharray]')").await?;

    // A finger draws a tie from Grandma to the school, then moves the GP.
    let circle = |name: &str| format!("[data-testid=ecomap-drawing] [data-node='{name}'] circle");
    let id_of = |name: &'static str| {
        format!(
            "return [...document.querySelectorAll('.ecomap-node')].find(li => li.querySelector('input').value === '{name}').dataset.id"
        )
    };
    let grandma_node = tablet.script(&id_of("Grandma")).await?.as_str().unwrap_or_default().to_owned();
    let school_node = tablet.script(&id_of("School")).await?.as_str().unwrap_or_default().to_owned();
    let gp_node = tablet.script(&id_of("GP")).await?.as_str().unwrap_or_default().to_owned();
    tablet.click("map-tie").await?;
    touch::drag(&tablet, &circle(&grandma_node), Lift::Over(&circle(&school_node))).await?;
    for screen in [&tablet, &laptop] {
        screen.wait_script(&format!("return JSON.stringify((() => {{ {DRAWN} }})()) === '[5,6]'")).await?;
    }
    tie_starting(&laptop, "Grandma and School — ordinary").await?;
    tablet.click("map-move").await?;
    let gp_x = format!("return Number(document.querySelector(\"{}\").getAttribute('cx'))", circle(&gp_node));
    let before = tablet.script(&gp_x).await?.as_f64().unwrap_or_default();
    touch::drag(&tablet, &circle(&gp_node), Lift::By(140.0, 60.0)).await?;
    let moved = format!(
        "return Math.abs(Number(document.querySelector(\"{}\").getAttribute('cx')) - {before}) > 50",
        circle(&gp_node)
    );
    laptop.wait_script(&moved).await?;
    tablet.screenshot(&screenshot_path("ecomap-tablet.png")).await?;

    // The family undoes their move: the GP goes back, on both screens; Dana's ties stay.
    tablet.click("undo").await?;
    let back =
        format!("return Number(document.querySelector(\"{}\").getAttribute('cx')) === {before}", circle(&gp_node));
    laptop.wait_script(&back).await?;
    laptop.wait_for(&format!("tie-{school}"), |text| text.contains("strong")).await?;
    laptop.script("document.querySelector('[data-testid=ecomap]').scrollIntoView(); return true").await?;
    laptop.screenshot(&screenshot_path("ecomap-laptop.png")).await?;

    // Dana saves the map for the family's file: the same drawing as SVG, and as a picture.
    let file = "const a = document.querySelector('[data-testid=map-file]');";
    laptop.click("save-svg").await?;
    laptop
        .wait_script(&format!(
            "{file} return a.href.startsWith('data:image/svg+xml') && decodeURIComponent(a.href).includes('Football club') \
             && a.download === 'eco-map-the-jansen-family.svg'"
        ))
        .await?;
    laptop.click("save-png").await?;
    laptop
        .wait_script(&format!(
            "{file} return a.href.startsWith('data:image/png;base64,') && a.href.length > 20000 \
             && a.download === 'eco-map-the-jansen-family.png'"
        ))
        .await?;

    // On a phone the same map fits the width, the list below it.
    let phone = Browser::start(PHONE.0, PHONE.1).await?;
    phone.join_board(&page, "Tom", "citizen").await?;
    phone.wait_script(&format!("return JSON.stringify((() => {{ {DRAWN} }})()) === '[5,6]'")).await?;
    phone.wait_script("return document.documentElement.scrollWidth <= window.innerWidth").await?;
    phone.script("document.querySelector('[data-testid=ecomap]').scrollIntoView(); return true").await?;
    phone.screenshot(&screenshot_path("ecomap-phone.png")).await?;
    phone.quit().await?;
    tablet.quit().await?;
    laptop.quit().await
}

/// Dana, the family's worker, runs the board from a laptop; Mila draws from her phone;
/// Omar, on a tablet, is on the board but not invited to the map; a projector shows the
/// room. Dana keeps the map to Mila, saves a first version, and after the family changed the
/// map, both compare the two: what appeared and what changed kind is marked on the drawings
/// and said in words. The projector shows the map only once Dana includes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_keeps_dated_versions_and_shows_the_map_only_when_included() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let AgendaBoard { board, .. } =
        board_with(server.addr, "Mila's family", &[(ActivityKind::EcoMap, "Who is around you?")]).await?;
    let page = format!("http://{}{}", server.addr, board.page_path());
    let dana = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    dana.join_board(&format!("{page}#facilitator={}", board.facilitator_key), "Dana", "professional").await?;
    let mila = Browser::start(PHONE.0, PHONE.1).await?;
    mila.join_board(&page, "Mila", "citizen").await?;
    let omar = Browser::start(TABLET.0, TABLET.1).await?;
    omar.join_board(&page, "Omar", "citizen").await?;
    omar.find("ecomap").await?;

    // Dana keeps the map to Mila: Omar's screen lets go of it; the projector says it is personal.
    let members = dana.find("map-members").await?;
    dana.centre(&members).await?;
    members.find(Locator::Css("summary")).await?.click().await?;
    dana.click("member-Mila").await?;
    omar.wait_script("return !document.querySelector('[data-testid=ecomap]')").await?;
    let projector = Browser::start(1920, 1080).await?;
    projector.open(&format!("{page}/present")).await?;
    projector.wait_for("presenter-map-private", |text| text.contains("personal")).await?;

    // Mila adds the school from her phone; Dana saves the map as their first version.
    mila.type_into("centre-name", "Mila and Tom\n").await?;
    mila.type_into("node-name", "School").await?;
    mila.find("node-category").await?.select_by_value("school").await?;
    mila.click("add-node").await?;
    dana.wait_script(&format!("return JSON.stringify((() => {{ {DRAWN} }})()) === '[1,1]'")).await?;
    dana.type_into("version-label", "First visit").await?;
    dana.click("save-version").await?;
    for screen in [&dana, &mila] {
        screen.wait_for("version-list", |text| text.contains("First visit")).await?;
    }
    mila.wait_for("map-changes", |text| text.contains("Nothing changed")).await?;

    // The family's life moves on: a football club, and the school tie grows strong.
    mila.type_into("node-name", "Football club").await?;
    mila.find("node-category").await?.select_by_value("leisure").await?;
    mila.click("add-node").await?;
    let school = tie_starting(&dana, "School").await?;
    set_tie(&dana, &school, "tie-strength", "strong").await?;
    for screen in [&dana, &mila] {
        let changes = screen
            .wait_for("map-changes", |text| {
                text.contains("New: Football club (Leisure and sport)")
                    && text.contains("Tie changed: School — was ordinary, no flow marked; now strong, no flow marked")
            })
            .await?;
        assert!(!changes.contains("Gone"), "{changes}");
        let marks = "const after = document.querySelector('[data-testid=compare-after]'); \
                     return [after.querySelectorAll('[data-mark=new]').length, after.querySelectorAll('[data-mark=changed]').length]";
        screen.wait_script(&format!("return JSON.stringify((() => {{ {marks} }})()) === '[2,1]'")).await?;
        screen.wait_script("return document.querySelector('[data-testid=compare-before] svg').textContent.includes('School') \
                            && !document.querySelector('[data-testid=compare-before] svg').textContent.includes('Football')").await?;
    }
    mila.wait_script("return document.documentElement.scrollWidth <= window.innerWidth").await?;
    // The laptop shows both drawings and the changes below them; the phone the later
    // drawing above the changes in words.
    let into_view =
        "document.querySelector('[data-testid=map-compare]').scrollIntoView(); window.scrollBy(0, -90); return true";
    dana.script(into_view).await?;
    dana.screenshot(&screenshot_path("ecomap-compare-laptop.png")).await?;
    mila.script("document.querySelector('[data-testid=map-changes]').scrollIntoView({ block: 'end' }); return true")
        .await?;
    mila.screenshot(&screenshot_path("ecomap-compare-phone.png")).await?;

    // A second version, then comparing the two saved ones: the same changes.
    dana.click("save-version").await?;
    mila.wait_script("return document.querySelectorAll('[data-testid=map-version]').length === 2").await?;
    let first =
        mila.script("return document.querySelector('[data-testid=compare-earlier] option:last-child').value").await?;
    let first = first.as_str().unwrap_or_default().to_owned();
    mila.find("compare-earlier").await?.select_by_value(&first).await?;
    let second =
        mila.script("return document.querySelector('[data-testid=compare-later] option:nth-child(2)').value").await?;
    mila.find("compare-later").await?.select_by_value(second.as_str().unwrap_or_default()).await?;
    mila.wait_for("map-changes", |text| text.contains("New: Football club")).await?;

    // Dana includes the map: the projector draws it, as it is now.
    dana.click("map-in-outputs").await?;
    projector
        .wait_script("const m = document.querySelector('[data-testid=presenter-map] svg'); return !!m && m.textContent.includes('Football club')")
        .await?;
    projector.screenshot(&screenshot_path("ecomap-presenter.png")).await?;
    for screen in [projector, omar, mila] {
        screen.quit().await?;
    }
    dana.quit().await
}
