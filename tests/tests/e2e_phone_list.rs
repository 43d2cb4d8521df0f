//! End-to-end: a big board on a phone. The list shows the first cards of a long group with
//! "Show more", searches, filters by perspective, folds a group away, and still shows a
//! card someone adds meanwhile.

use polyphony_shared::{CardColour, NewCard, Perspective};
use polyphony_tests::browser::Browser;
use polyphony_tests::{TestClient, TestServer, http};

const RENDERED: &str = "return document.querySelectorAll('[data-testid^=\"list-card-\"]').length";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_list_pages_searches_filters_and_folds() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Big board").await?;
    // Cards are signed by whoever writes them: a seeder and Dana join to write theirs.
    let content_url = |token: &str| http::ws_url(server.addr, board.id, polyphony_shared::DocName::Content, token);
    let seeder = http::join_as_participant(server.addr, board.id, "Seeder", Perspective::Citizen).await?;
    let seeder = TestClient::connect(&content_url(&seeder.token)).await?;
    seeder.edit(|doc, txn| {
        for index in 0..40 {
            let (id, text) =
                (format!("seed{index:02}"), format!("Idea {index} about {}", ["buses", "time"][index % 2]));
            let perspective = if index < 35 { Perspective::Citizen } else { Perspective::Professional };
            let card = NewCard {
                id: &id,
                text: &text,
                colour: CardColour::Yellow,
                author_name: "Seeder",
                perspective,
                x: 20.0,
                y: 20.0 + 190.0 * index as f64,
                cluster: None,
            };
            doc.add_card(txn, card);
        }
    });
    let phone = Browser::start(390, 844).await?;
    phone.join_board(&format!("http://{}{}", server.addr, board.page_path()), "Pia", "citizen").await?;
    phone.wait_for("list-group-none", |group| group.contains("(40)")).await?;
    phone.wait_script(&RENDERED.replace("length", "length === 30")).await?;
    phone
        .wait_script(
            "return document.querySelector('[data-testid=more-list-group-none]').textContent.includes('10 not shown')",
        )
        .await?;

    // A card added meanwhile shows, although it is the 41st.
    let dana = http::join_as_participant(server.addr, board.id, "Dana", Perspective::Professional).await?;
    let dana = TestClient::connect(&content_url(&dana.token)).await?;
    dana.edit(|doc, txn| {
        let card = NewCard {
            id: "late",
            text: "Late idea",
            colour: CardColour::Blue,
            author_name: "Dana",
            perspective: Perspective::Professional,
            x: 20.0,
            y: 9_000.0,
            cluster: None,
        };
        doc.add_card(txn, card);
    });
    phone.find("list-card-late").await?;

    phone.click("more-list-group-none").await?;
    phone.wait_script(&RENDERED.replace("length", "length === 41")).await?;

    // Search narrows to matching texts; the perspective filter to professionals' cards.
    phone.type_into("card-search", "buses").await?;
    phone.wait_script(&RENDERED.replace("length", "length === 20")).await?;
    phone.client.execute("document.querySelector('[data-testid=card-search]').value = ''; document.querySelector('[data-testid=card-search]').dispatchEvent(new Event('input')); return true", vec![]).await?;
    phone.wait_script(&RENDERED.replace("length", "length === 41")).await?;
    phone.script("const s = document.querySelector('[data-testid=card-perspective-filter]'); s.value = 'professional'; s.dispatchEvent(new Event('change')); return true").await?;
    phone.wait_script(&RENDERED.replace("length", "length === 6")).await?;

    // A group folds away under its title.
    phone.script("document.querySelector('[data-testid=list-group-none] summary').click(); return true").await?;
    phone.wait_script("return !document.querySelector('[data-testid=list-group-none]').open").await?;
    phone.quit().await
}
