//! End-to-end, at human speed: private writing, anonymity and the bin, with a facilitator
//! on a tablet and a citizen on a phone. Private ideas are changed and taken back before
//! the reveal, the room sees how many were written, the facilitator's own idea waits for
//! the reveal too, anonymous cards stay nameless, and deleted cards come back. A timer's end
//! chimes on the facilitator's tablet, which asked for it, and not on the phone.

use std::time::Duration;

use anyhow::Context;
use polyphony_shared::Command;
use polyphony_tests::browser::{Browser, PHONE, TABLET};
use polyphony_tests::{TestClient, TestServer, http};
use yrs::branch::BranchID;
use yrs::{Map, Out, ReadTxn, Transact};

/// Clicks the button `button` inside my private idea that reads `text`.
async fn on_draft(page: &Browser, text: &str, button: &str) -> anyhow::Result<()> {
    let script = format!(
        "const item = [...document.querySelectorAll('[data-testid=private-drafts] li')]
           .find(li => li.querySelector('.draft-text') && li.querySelector('.draft-text').textContent === {text:?});
         const button = item && item.querySelector('[data-testid={button}]');
         if (!button) return false;
         button.click();
         return true;"
    );
    page.wait_script(&script).await
}

/// The texts of my private ideas as listed.
async fn drafts(page: &Browser) -> anyhow::Result<Vec<String>> {
    let listed = page
        .script(
            "return [...document.querySelectorAll('[data-testid=private-drafts] .draft-text')].map(t => t.textContent)",
        )
        .await?;
    Ok(serde_json::from_value(listed)?)
}

/// The yrs client id that created a card.
fn card_writer(client: &TestClient, card: &str) -> anyhow::Result<u64> {
    let txn = client.board.doc().transact();
    let cards = txn.get_map("cards").context("cards")?;
    let Some(Out::YMap(card)) = cards.get(&txn, card) else { anyhow::bail!("no card {card}") };
    match card.as_ref().id() {
        BranchID::Nested(id) => Ok(id.client.get()),
        BranchID::Root(_) => anyhow::bail!("a card is not a root"),
    }
}

async fn pause() {
    tokio::time::sleep(Duration::from_millis(400)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_ideas_anonymity_and_the_bin_in_a_workshop() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Evening services").await?;
    let page = format!("http://{}{}", server.addr, board.page_path());
    let (tablet, phone) = tokio::try_join!(Browser::start(TABLET.0, TABLET.1), Browser::start(PHONE.0, PHONE.1))?;
    tablet.join_board(&format!("{page}#facilitator={}", board.facilitator_key), "Fatima", "professional").await?;
    phone.join_board(&page, "Pia", "citizen").await?;

    // The facilitator asks for a chime; the tablet plays it at the end of a timer, the
    // phone stays silent. (Tones are counted where the page starts them.)
    let count_tones = "window.__tones = 0; const start = AudioScheduledSourceNode.prototype.start;
        AudioScheduledSourceNode.prototype.start = function (...when) { window.__tones += 1; return start.apply(this, when); };
        return true";
    tablet.script(count_tones).await?;
    phone.script(count_tones).await?;
    tablet.click("timer-chime").await?;
    tablet.wait_script("return window.__tones === 2").await?; // the preview
    let timer = Command::StartTimer { seconds: 2, label: "Ideas".into() };
    assert_eq!(http::command(server.addr, board.id, &board.token, &timer).await?.status, 204);
    tablet.wait_for("timer", |timer| timer == "Ideas — time is up").await?;
    tablet.wait_script("return window.__tones === 4").await?;
    phone.wait_for("timer", |timer| timer == "Ideas — time is up").await?;
    assert_eq!(phone.script("return window.__tones").await?, 0, "participants' phones stay silent");
    assert_eq!(http::command(server.addr, board.id, &board.token, &Command::StopTimer).await?.status, 204);

    // The facilitator starts private writing; the phone says so.
    tablet.click("private-writing").await?;
    phone.wait_for("private-progress", |text| text == "No private ideas written yet.").await?;
    for idea in ["Evening drop-in", "Bus pass"] {
        phone.type_into("new-card", idea).await?;
        phone.click("add-card").await?;
        pause().await;
    }
    // The facilitator's own idea waits for the reveal like everyone's.
    tablet.type_into("new-card", "Ask the library").await?;
    tablet.click("add-card").await?;
    tablet.wait_for("private-progress", |text| text == "3 ideas written privately so far, by 2 people.").await?;
    phone.wait_for("private-progress", |text| text == "3 ideas written privately so far, by 2 people.").await?;
    tablet
        .wait_script("return document.querySelector('[data-testid=reveal-cards]').textContent.includes('(3)')")
        .await?;
    assert_eq!(drafts(&tablet).await?, ["Ask the library"]);
    assert!(phone.find_all("list-card-").await?.is_empty(), "nothing is public before the reveal");

    // Pia rewords one idea and takes the other back.
    on_draft(&phone, "Bus pass", "change-draft").await?;
    phone.put_caret("draft-text", 0).await?;
    phone.press_keys("Free ", || Duration::from_millis(120)).await?;
    phone.click("save-draft").await?;
    on_draft(&phone, "Evening drop-in", "withdraw-draft").await?;
    phone.screenshot(&polyphony_tests::tests_dir().join("../docs/screenshots/private-writing-phone.png")).await?;
    on_draft(&phone, "Evening drop-in", "confirm-withdraw").await?;
    phone.wait_for("private-progress", |text| text == "2 ideas written privately so far, by 2 people.").await?;
    phone.wait_script("return document.querySelectorAll('[data-testid=private-drafts] li').length === 1").await?;
    assert_eq!(drafts(&phone).await?, ["Free Bus pass"]);

    // Anonymous from before the reveal: with one citizen in the room, the card says only
    // "Anonymous"; turning anonymity off afterwards brings no name back ("A participant").
    tablet.click("anonymous").await?;
    pause().await;
    tablet.click("reveal-cards").await?;
    let card = phone.card_with_text("Free Bus pass").await?;
    tablet.card_with_text("Ask the library").await?;
    phone.wait_script("return !document.querySelector('[data-testid=private-drafts]')").await?;
    let byline = format!(
        "return document.querySelector('[data-testid=list-card-{card}] [data-testid=card-author]').textContent"
    );
    assert_eq!(phone.script(&byline).await?, "Anonymous");
    tablet.click("anonymous").await?;
    pause().await;
    assert_eq!(phone.script(&byline).await?, "A participant", "a card written anonymously keeps no name");

    // Pia deletes her card by mistake and undoes it from the notice.
    phone.click(&format!("card-menu-{card}")).await?;
    phone.click(&format!("delete-card-{card}")).await?;
    phone.wait_for("deleted-notice", |text| text.starts_with("Card deleted.")).await?;
    phone.wait_script(&format!("return !document.querySelector('[data-testid=list-card-{card}]')")).await?;
    phone.screenshot(&polyphony_tests::tests_dir().join("../docs/screenshots/deleted-notice-phone.png")).await?;
    phone.click("undo-delete").await?;
    phone.find(&format!("list-card-{card}")).await?;
    assert_eq!(phone.value(&format!("card-text-{card}")).await?, "Free Bus pass");

    // Deleted again; the facilitator restores it from the bin.
    phone.click(&format!("card-menu-{card}")).await?;
    phone.click(&format!("delete-card-{card}")).await?;
    tablet
        .wait_script("return document.querySelector('[data-testid=bin] summary').textContent.endsWith('(1)')")
        .await?;
    tablet.script("document.querySelector('[data-testid=bin]').open = true; return true").await?;
    tablet.wait_for(&format!("deleted-{card}"), |text| text.contains("Free Bus pass")).await?;
    tablet
        .script(&format!("document.querySelector('[data-testid=deleted-{card}]').scrollIntoView(); return true"))
        .await?;
    tablet.screenshot(&polyphony_tests::tests_dir().join("../docs/screenshots/bin-tablet.png")).await?;
    tablet
        .script(&format!(
            "document.querySelector('[data-testid=deleted-{card}] [data-testid=restore-deleted]').click(); return true"
        ))
        .await?;
    phone.find(&format!("list-card-{card}")).await?;
    assert_eq!(phone.value(&format!("card-text-{card}")).await?, "Free Bus pass");
    tablet
        .wait_script("return document.querySelector('[data-testid=bin] summary').textContent.endsWith('(0)')")
        .await?;

    // Anonymity on: Pia's phone writes under a fresh client id, so nothing in the document
    // ties her anonymous idea to the one she signed before.
    let observer = TestClient::connect(&server.ws_url(&board)).await?;
    phone.type_into("new-card", "Signed idea").await?;
    phone.click("add-card").await?;
    let signed = phone.card_with_text("Signed idea").await?;
    tablet.click("anonymous").await?;
    pause().await;
    phone.type_into("new-card", "Unsigned idea").await?;
    phone.click("add-card").await?;
    let unsigned = phone.card_with_text("Unsigned idea").await?;
    observer.wait_until(|board| board.card_texts().contains_key(&unsigned)).await?;
    let (signed_by, unsigned_by) = (card_writer(&observer, &signed)?, card_writer(&observer, &unsigned)?);
    assert_ne!(signed_by, unsigned_by, "the anonymous card carries the client id of the signed one");
    tablet.click("anonymous").await?;

    // The facilitator hides Pia's signed idea: its words leave the phone's replica and its
    // saved copy; Pia reads why and what she wrote; restoring brings it back.
    tablet.script("window.prompt = () => 'it names a neighbour'; return true").await?;
    tablet.click(&format!("card-menu-{signed}")).await?;
    tablet.click(&format!("hide-card-{signed}")).await?;
    phone.wait_for("hidden-note", |note| note == "The facilitator hid your card: it names a neighbour").await?;
    phone.wait_script("return [...document.querySelectorAll('.withheld-words')].some(p => p.textContent === 'You wrote: “Signed idea”')").await?;
    tablet.wait_for(&format!("withheld-{signed}"), |words| words == "Signed idea").await?;
    let saved = format!(
        "const saved = localStorage.getItem('polyphony.doc.{}'); return !!saved && !atob(saved).includes('Signed idea')",
        board.id
    );
    phone.wait_script(&saved).await?;
    assert!(!observer.board.card_texts().values().any(|text| text == "Signed idea"));
    phone
        .script("document.querySelector('[data-testid=hidden-note]').scrollIntoView({block: 'center'}); return true")
        .await?;
    phone.screenshot(&polyphony_tests::tests_dir().join("../docs/screenshots/hidden-card-phone.png")).await?;
    tablet.click(&format!("card-menu-{signed}")).await?;
    tablet.click(&format!("restore-card-{signed}")).await?;
    phone.wait_for(&format!("card-text-{signed}"), |text| text == "Signed idea").await?;

    // A long idea on the canvas is written smaller, whole, on a note of the usual size; a
    // longer one shows whole while it has the focus.
    let fits = |id: &str, focused: bool| {
        format!(
            "const t = document.querySelector('[data-testid=card-text-{id}]'); {}
             const note = t.closest('.note').getBoundingClientRect().height;
             return t.scrollHeight <= t.clientHeight + 2 && (note === 170) === {}",
            if focused { "t.focus();" } else { "t.blur();" },
            !focused
        )
    };
    let long = "Evening drop-in at the community centre with a social worker and a nurse, twice a week";
    let longer = "Evening drop-in at the community centre with a social worker, a nurse and a volunteer \
                  who speaks Arabic, every Tuesday and Thursday, with tea and a quiet corner for families";
    for text in [long, longer] {
        tablet.type_into("new-card", text).await?;
        tablet.click("add-card").await?;
    }
    let (long, longer) = (tablet.card_with_text(long).await?, tablet.card_with_text(longer).await?);
    tablet.wait_script(&fits(&long, false)).await?;
    tablet.wait_script(&fits(&longer, true)).await?;
    tablet.script(&format!("document.querySelector('[data-testid=canvas-card-{long}]').scrollIntoView({{block: 'center'}}); return true")).await?;
    tablet.screenshot(&polyphony_tests::tests_dir().join("../docs/screenshots/long-notes-tablet.png")).await?;
    tablet.quit().await?;
    phone.quit().await
}
