//! End-to-end, at human speed: a facilitator on a tablet saves a moment, a participant on a
//! phone deletes two ideas by mistake, and the facilitator brings one back from the history,
//! then the whole board. More people join from one network, and the facilitator is told;
//! the facilitator link is replaced.

use polyphony_tests::browser::{Browser, PHONE, TABLET};
use polyphony_tests::{TestServer, http};

async fn delete_on_phone(phone: &Browser, card: &str) -> anyhow::Result<()> {
    phone.click(&format!("card-menu-{card}")).await?;
    phone.click(&format!("delete-card-{card}")).await?;
    phone.wait_script(&format!("return !document.querySelector('[data-testid=list-card-{card}]')")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facilitator_goes_back_to_an_earlier_moment() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Neighbourhood care").await?;
    let page = format!("http://{}{}", server.addr, board.page_path());
    let (tablet, phone) = tokio::try_join!(Browser::start(TABLET.0, TABLET.1), Browser::start(PHONE.0, PHONE.1))?;
    tablet.join_board(&format!("{page}#facilitator={}", board.facilitator_key), "Fatima", "professional").await?;
    phone.join_board(&page, "Pia", "citizen").await?;
    for idea in ["Lunch club", "Lift share"] {
        phone.type_into("new-card", idea).await?;
        phone.click("add-card").await?;
    }
    let (lunch, lift) = (phone.card_with_text("Lunch club").await?, phone.card_with_text("Lift share").await?);
    tablet.card_with_text("Lift share").await?;

    // The facilitator saves the moment before the break.
    tablet.script("document.querySelector('[data-testid=history]').open = true; return true").await?;
    tablet.type_into("point-label", "Before the break").await?;
    tablet.click("save-point").await?;
    tablet
        .wait_script("return [...document.querySelectorAll('li[data-testid^=point-]')].some(li => li.textContent.includes('Before the break'))")
        .await?;

    // Pia deletes both ideas by mistake.
    delete_on_phone(&phone, &lunch).await?;
    delete_on_phone(&phone, &lift).await?;

    // The facilitator looks at the moment and brings back one idea, then everything.
    let look = "const li = [...document.querySelectorAll('li[data-testid^=point-]')].find(li => li.querySelector('span').textContent.endsWith('· Before the break'));
                li.querySelector('[data-testid=preview-point]').click(); return true";
    tablet.script(look).await?;
    tablet.find("point-preview").await?;
    tablet.screenshot(&polyphony_tests::tests_dir().join("../docs/screenshots/history-tablet.png")).await?;
    tablet.click(&format!("bring-back-{lunch}")).await?;
    phone.find(&format!("list-card-{lunch}")).await?;
    assert!(phone.find_all(&format!("list-card-{lift}")).await?.is_empty(), "only the one card comes back");
    tablet.script(look).await?;
    tablet.find(&format!("bring-back-{lift}")).await?;
    tablet.script("window.confirm = () => true; return true").await?;
    tablet.click("go-back").await?;
    phone.find(&format!("list-card-{lift}")).await?;
    assert_eq!(phone.value(&format!("card-text-{lift}")).await?, "Lift share");
    // Going back was saved first, so it can be undone too.
    tablet
        .wait_script("return [...document.querySelectorAll('li[data-testid^=point-]')].some(li => li.textContent.includes('Before going back'))")
        .await?;

    // More people join from the same network: the facilitator is told, without addresses.
    for name in ["Sam", "Sam B.", "Sam C."] {
        http::join_as_participant(server.addr, board.id, name, polyphony_shared::Perspective::Citizen).await?;
    }
    tablet.wait_for("join-burst", |note| note.starts_with("6 people joined from one network")).await?;
    tablet
        .script("document.querySelector('[data-testid=join-burst]').scrollIntoView({block: 'center'}); return true")
        .await?;
    tablet.screenshot(&polyphony_tests::tests_dir().join("../docs/screenshots/join-burst-tablet.png")).await?;
    // The facilitator link got out: a new one replaces it.
    let old_link = tablet.value("facilitator-link").await?;
    tablet.click("new-facilitator-key").await?;
    tablet.wait_for("facilitator-link", |link| link.contains("#facilitator=") && link != old_link).await?;
    tablet.quit().await?;
    phone.quit().await
}
