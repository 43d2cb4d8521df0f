//! End-to-end: what would be refused is disabled with the reason in view, and nothing a
//! person typed is thrown away. A citizen on a phone while the facilitator (over HTTP)
//! locks the idea board and runs a dot-voting round; someone removed; and the waiting room,
//! where a facilitator on a laptop lets a phone in and turns a tablet away.

use std::time::Duration;

use polyphony_shared::voting::VoteTarget;
use polyphony_shared::{Command, ParticipantId, Section};
use polyphony_tests::browser::Browser;
use polyphony_tests::{TestServer, WAIT, http};

/// The id of the phone's listed card whose text is `text`.
async fn listed_card(phone: &Browser, text: &str) -> anyhow::Result<String> {
    let found = tokio::time::timeout(WAIT, async {
        loop {
            for element in phone.find_all("list-card-").await.unwrap_or_default() {
                let id = element.attr("data-testid").await.ok().flatten().unwrap_or_default();
                let id = id.trim_start_matches("list-card-").to_owned();
                if phone.value(&format!("card-text-{id}")).await.ok().as_deref() == Some(text) {
                    return id;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    found.await.map_err(|_| anyhow::anyhow!("no card {text:?} on the phone"))
}

async fn disabled(browser: &Browser, testid: &str) -> anyhow::Result<bool> {
    Ok(browser.find(testid).await?.attr("disabled").await?.is_some())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locked_controls_say_why_and_keep_what_was_typed() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Refusals").await?;
    let facilitate = |command: Command| {
        let (addr, id, token) = (server.addr, board.id, board.token.clone());
        async move {
            let answer = http::command(addr, id, &token, &command).await?;
            anyhow::ensure!(answer.status < 300, "{command:?} answered {answer:?}");
            anyhow::Ok(answer)
        }
    };
    let phone = Browser::start(390, 844).await?;
    phone.join_board(&format!("http://{}{}", server.addr, board.page_path()), "Pia", "citizen").await?;
    phone.type_into("new-card", "Evening drop-in").await?;
    phone.click("add-card").await?;
    let first = listed_card(&phone, "Evening drop-in").await?;

    // Locked: the reason shows on the idea board; adding, deleting and moving are off.
    facilitate(Command::Lock { section: Section::Ideas }).await?;
    let note = phone.wait_for("lock-note-ideas", |note| note.contains("locked by the facilitator")).await?;
    assert!(note.contains("Idea"), "the note names the section: {note:?}");
    phone.wait_script("return document.querySelector('[data-testid=add-card]').disabled").await?;
    for control in [format!("delete-card-{first}"), format!("card-colour-{first}"), format!("move-card-{first}")] {
        assert!(disabled(&phone, &control).await?, "{control} is disabled while locked");
    }
    // An idea written and sent with Enter while locked stays in its box.
    phone.type_into("new-card", "Shared calendar\n").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(phone.value("new-card").await?, "Shared calendar", "the idea was not thrown away");
    assert_eq!(phone.find_all("list-card-").await?.len(), 1, "and not added either");

    // Unlocked: the note goes, the kept idea is added with one tap.
    facilitate(Command::Unlock { section: Section::Ideas }).await?;
    phone.wait_script("return !document.querySelector('[data-testid=lock-note-ideas]')").await?;
    phone.wait_script("return !document.querySelector('[data-testid=add-card]').disabled").await?;
    phone.click("add-card").await?;
    let second = listed_card(&phone, "Shared calendar").await?;
    assert_eq!(phone.value("new-card").await?, "", "the box empties once the idea is on the board");

    // One dot to give: after giving it, "+" elsewhere is off and says why, beside the idea.
    let round = Command::OpenRound {
        title: "Which first?".into(),
        target: VoteTarget::Cards,
        budget: 1,
        cap: 1,
        activity: None,
    };
    facilitate(round).await?;
    phone.wait_for(&format!("dots-left-{second}"), |left| left == "1 of 1 dots left").await?;
    phone.click(&format!("vote-{first}")).await?;
    phone.wait_for(&format!("my-dots-{first}"), |dots| dots == "1").await?;
    phone.wait_for(&format!("dots-left-{second}"), |left| left.starts_with("no dots left")).await?;
    assert!(disabled(&phone, &format!("vote-{second}")).await?, "no dots left: + is off");
    phone.screenshot(&polyphony_tests::tests_dir().join("../docs/screenshots/phone-votes.png")).await?;
    phone.quit().await
}

/// A removed participant is told so, the board turns read-only, and a reload does not
/// leave the page retrying forever with edits that can never be saved.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_participant_is_told_and_the_board_turns_read_only() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Removal").await?;
    let phone = Browser::start(390, 844).await?;
    phone.join_board(&format!("http://{}{}", server.addr, board.page_path()), "Pia", "citizen").await?;
    let pass = phone
        .script(&format!("return JSON.parse(localStorage.getItem('polyphony.pass.{}')).participant", board.id))
        .await?;
    let participant = ParticipantId::parse(pass.as_str().unwrap_or_default())?;
    let removal = Command::RemoveParticipant { participant };
    let answer = http::command(server.addr, board.id, &board.token, &removal).await?;
    anyhow::ensure!(answer.status < 300, "removal answered {answer:?}");

    let notice = phone.wait_for("removed-notice", |text| !text.is_empty()).await?;
    assert!(notice.contains("removed from this board by the facilitator"), "{notice:?}");
    phone.wait_for("connection-state", |state| state == "Removed from the board").await?;
    phone.wait_script("return document.querySelector('[data-testid=add-card]').disabled").await?;
    phone.wait_script("return document.querySelector('[data-testid=problem-statement]').readOnly").await?;

    // After a reload the page finds out again instead of reconnecting forever.
    phone.reload().await?;
    phone.wait_for("removed-notice", |text| text.contains("removed from this board")).await?;
    phone.wait_for("connection-state", |state| state == "Removed from the board").await?;
    assert_eq!(phone.text("pending-count").await?, "0", "nothing waits to be sent");
    phone.quit().await
}

/// Clicks the button `testid` in the waiting-room row that names `name`.
async fn in_row_of(browser: &Browser, name: &str, testid: &str) -> anyhow::Result<()> {
    let script = format!(
        "const row = [...document.querySelectorAll('[data-testid=waiting-row]')].find(row => row.textContent.includes({name:?})); \
         if (!row) return false; \
         const button = [...row.querySelectorAll('button')].find(button => button.dataset.testid === {testid:?} || button.textContent === {testid:?}); \
         button.click(); return true"
    );
    browser.wait_script(&script).await
}

/// The waiting room in the browser: the facilitator turns it on from the laptop, a phone and
/// a tablet wait with plain words and nothing to do, the laptop lists both at the top of the
/// page, lets the phone in (which goes straight on to the board and stays in after a reload)
/// and turns the tablet away (which is told so).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_waiting_room_lets_people_in_one_by_one() -> anyhow::Result<()> {
    use polyphony_tests::browser::{DESKTOP, PHONE, TABLET, screenshot_path};
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Waiting room").await?;
    let page = format!("http://{}{}", server.addr, board.page_path());
    let laptop = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    laptop.join_board(&format!("{page}#facilitator={}", board.facilitator_key), "Fatima", "professional").await?;
    laptop.click("admission").await?;
    laptop.wait_script("return document.querySelector('[data-testid=admission]').checked").await?;

    let phone = Browser::start(PHONE.0, PHONE.1).await?;
    phone.introduce(&page, "Pia", "citizen").await?;
    phone.wait_for("lobby-waiting", |text| text.contains("let you in soon")).await?;
    let tablet = Browser::start(TABLET.0, TABLET.1).await?;
    tablet.introduce(&page, "Sam (nurse)", "professional").await?;
    tablet.wait_for("lobby-waiting", |text| text.contains("let you in soon")).await?;
    phone.screenshot(&screenshot_path("phone-waiting-room.png")).await?;

    // Wherever the facilitator is on the page, the bar that stays in view says who waits,
    // and a tap on it brings the waiting room into view.
    laptop.wait_for("waiting-room", |text| text.contains("2 people are waiting to join")).await?;
    let rows = laptop.script("return document.querySelectorAll('[data-testid=waiting-row]').length").await?;
    assert_eq!(rows, 2);
    laptop.script("window.scrollTo(0, document.body.scrollHeight); return true").await?;
    laptop.wait_for("waiting-chip", |text| text == "2 waiting to join").await?;
    let chip_in_view = "const chip = document.querySelector('[data-testid=waiting-chip]').getBoundingClientRect(); \
                        return chip.top >= 0 && chip.bottom <= innerHeight";
    laptop.wait_script(chip_in_view).await?;
    laptop.click("waiting-chip").await?;
    let room_in_view = "const room = document.querySelector('[data-testid=waiting-room]').getBoundingClientRect(); \
                        return room.top >= 0 && room.bottom <= innerHeight";
    laptop.wait_script(room_in_view).await?;
    laptop.screenshot(&screenshot_path("laptop-waiting-room.png")).await?;

    in_row_of(&laptop, "Pia", "let-in").await?;
    phone.wait_for("connection-state", |state| state == "Online").await?;
    laptop.wait_for("waiting-room", |text| text.contains("1 person is waiting")).await?;
    phone.reload().await?;
    phone.wait_for("connection-state", |state| state == "Online").await?;

    in_row_of(&laptop, "Sam", "Turn away").await?;
    tablet.wait_for("lobby-turned-away", |text| text.contains("did not let you into this board")).await?;
    laptop.wait_script("return document.querySelector('[data-testid=waiting-room]').hidden").await?;
    laptop.wait_script("return !document.querySelector('[data-testid=waiting-chip]')").await?;
    tablet.screenshot(&screenshot_path("tablet-turned-away.png")).await?;
    tablet.quit().await?;
    phone.quit().await?;
    laptop.quit().await
}
