//! End-to-end: two people type into the same field at the same time, key by key at human
//! speed, in headless Chromium. Each person's sentence must stay whole on both pages and in
//! a fresh Yjs replica, wherever the two carets are; Ctrl+Z takes back only one's own.

use std::time::Duration;

use polyphony_tests::browser::Browser;
use polyphony_tests::yjs_reader::read_with_yjs;
use polyphony_tests::{TestServer, http};
use rand::{Rng, SeedableRng};

const FIELD: &str = "problem-statement";

/// Where each person's caret is when they start typing.
#[derive(Debug, Clone, Copy)]
enum Spot {
    /// Both at the end of the text (an empty field, at first).
    BothAtEnd,
    /// Both inside the first word, after its fourth letter.
    BothInsideAWord,
    /// One at the start, one at the end.
    Apart,
}

/// Both type at once: returns the text both pages agree on.
async fn type_at_once(
    people: (&Browser, &Browser),
    spot: Spot,
    sentences: (&str, &str),
    seed: u64,
) -> anyhow::Result<String> {
    let end = u32::MAX;
    let carets = match spot {
        Spot::BothAtEnd => (end, end),
        Spot::BothInsideAWord => (4, 4),
        Spot::Apart => (0, end),
    };
    people.0.put_caret(FIELD, carets.0).await?;
    people.1.put_caret(FIELD, carets.1).await?;
    let mut rngs = (rand::rngs::StdRng::seed_from_u64(seed), rand::rngs::StdRng::seed_from_u64(seed + 1));
    let human = |rng: &mut rand::rngs::StdRng| Duration::from_millis(rng.random_range(100..=300));
    let (first, second) = tokio::join!(
        people.0.press_keys(sentences.0, || human(&mut rngs.0)),
        people.1.press_keys(sentences.1, || human(&mut rngs.1)),
    );
    first?;
    second?;
    // Wait until both pages show the same text, then judge it.
    let mut last = (String::new(), String::new());
    let settled = tokio::time::timeout(polyphony_tests::WAIT, async {
        loop {
            last = (people.0.value(FIELD).await?, people.1.value(FIELD).await?);
            if last.0 == last.1 {
                return anyhow::Ok(last.0.clone());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .map_err(|_| anyhow::anyhow!("the pages never agreed: {last:?}"))??;
    for sentence in [sentences.0, sentences.1] {
        anyhow::ensure!(settled.contains(sentence), "{spot:?}: {sentence:?} is not intact in {settled:?}");
    }
    Ok(settled)
}

/// Empty field, end of text, inside a word, and apart: every sentence stays whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_typing_at_once_keep_their_words_whole() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Typing together").await?;
    let url = format!("http://{}{}", server.addr, board.page_path());
    let (phone, laptop) = tokio::try_join!(Browser::start(390, 844), Browser::start(1440, 900))?;
    phone.join_board(&url, "Pia", "citizen").await?;
    laptop.join_board(&url, "Dana", "professional").await?;
    let people = (&phone, &laptop);

    let text = type_at_once(people, Spot::BothAtEnd, ("Older people are lonely.", "Care visits are short."), 1).await?;
    assert_eq!(text.len(), 46, "nothing lost or doubled: {text:?}");
    let text = type_at_once(people, Spot::BothAtEnd, (" Buses stop at six.", " Forms are long."), 3).await?;
    let before_word = text.clone();
    let text = type_at_once(people, Spot::BothInsideAWord, ("[one]", "<two>"), 5).await?;
    assert_eq!(text.len(), before_word.len() + 10, "{text:?}");
    let first_word: String = before_word.chars().take(4).collect();
    assert!(text.starts_with(&first_word), "the word's first letters stay before both insertions: {text:?}");
    let text = type_at_once(people, Spot::Apart, ("Today: ", " The end."), 7).await?;
    assert!(text.starts_with("Today: ") && text.ends_with(" The end."), "{text:?}");

    // Ctrl+Z on the laptop takes back the laptop's last words (a step is what was typed
    // without a half-second pause), never the phone's.
    let undone = text.trim_end_matches(" The end.").to_owned();
    let mut shown = text.clone();
    for _ in 0.." The end.".len() {
        laptop.press_with_ctrl('z').await?;
        shown = laptop.wait_for(FIELD, |now| now != shown).await?;
        assert!(
            shown.starts_with("Today: ") && undone.starts_with(&shown[..undone.len().min(shown.len())]),
            "{shown:?}"
        );
        if shown == undone {
            break;
        }
    }
    assert_eq!(shown, undone, "undo took back exactly the laptop's last sentence");
    phone.wait_for(FIELD, |now| now == undone).await?;

    let yjs = read_with_yjs(server.addr, &board).await?;
    assert_eq!(yjs.problem, undone, "a fresh Yjs replica reads the same text");
    phone.quit().await?;
    laptop.quit().await
}
