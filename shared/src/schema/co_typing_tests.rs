//! Two people typing into one field at once, modelled as the web client binds a text box:
//! a key changes the box, the box's new value becomes one edit (`text_edit::diff` with the
//! caret), and a remote update pins the caret before it is applied and puts it back after.
//! Whatever the timing, each person's words must stay together.

use proptest::prelude::*;
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, Transact, Update};

use super::{BoardDoc, TextField};
use crate::text_edit::diff;

const FIELD: TextField = TextField::ProblemStatement;

/// One person's text box on one replica of the board.
struct Typist {
    board: BoardDoc,
    /// What the box shows.
    value: String,
    /// The selection in the box, in UTF-16 units.
    selection: (u32, u32),
}

impl Typist {
    fn new(initial: &BoardDoc, caret: u32) -> Typist {
        let board = BoardDoc::new();
        receive_all(initial, &board);
        let value = board.text(&FIELD);
        Typist { board, value, selection: (caret, caret) }
    }

    /// A key press: the box replaces its selection with `letter`, then reports its value.
    fn press(&mut self, letter: char) {
        let units: Vec<u16> = self.value.encode_utf16().collect();
        let (start, end) = (self.selection.0 as usize, self.selection.1 as usize);
        let mut typed = String::from_utf16_lossy(&units[..start]);
        typed.push(letter);
        typed.push_str(&String::from_utf16_lossy(&units[end..]));
        let caret = (start + letter.len_utf16()) as u32;
        self.value = typed;
        self.selection = (caret, caret);
        if let Some(edit) = diff(&self.board.text(&FIELD), &self.value, Some(caret)) {
            self.board.edit_text(&mut self.board.doc().transact_mut(), &FIELD, &edit);
        }
    }

    /// Everything the other replica has that this one lacks arrives as one update.
    fn receive(&mut self, from: &BoardDoc) {
        let pinned = self.board.pin_caret(&FIELD, self.selection.0, self.selection.1);
        receive_all(from, &self.board);
        self.value = self.board.text(&FIELD);
        if let Some(selection) = pinned.and_then(|caret| self.board.caret_offsets(&caret)) {
            self.selection = selection;
        }
    }
}

fn receive_all(from: &BoardDoc, to: &BoardDoc) {
    let update = from.doc().transact().encode_diff_v1(&to.state_vector());
    let update = Update::decode_v1(&update).expect("an update yrs encoded");
    to.doc().transact_mut().apply_update(update).expect("applies");
}

fn board_with(text: &str) -> BoardDoc {
    let board = BoardDoc::new();
    board.set_problem_statement(text);
    board
}

/// Types both sentences, one key at a time in the order `turns` gives (true: the first
/// person), syncing whenever `syncs` says so; returns the text both end with.
fn type_both(initial: &str, carets: (u32, u32), sentences: (&str, &str), schedule: &[(bool, u8)]) -> String {
    let origin = board_with(initial);
    let mut first = Typist::new(&origin, carets.0);
    let mut second = Typist::new(&origin, carets.1);
    let mut letters = (sentences.0.chars(), sentences.1.chars());
    let mut steps = schedule.iter().cycle();
    loop {
        let &(first_turn, sync) = steps.next().expect("a cycled schedule never ends");
        // Whoever has finished lets the other one type.
        let first_turn =
            if first_turn { letters.0.clone().next().is_some() } else { letters.1.clone().next().is_none() };
        let pressed = if first_turn {
            letters.0.next().map(|letter| first.press(letter))
        } else {
            letters.1.next().map(|letter| second.press(letter))
        };
        if sync & 1 == 1 {
            second.receive(&first.board);
        }
        if sync & 2 == 2 {
            first.receive(&second.board);
        }
        if pressed.is_none() && letters.0.clone().next().is_none() && letters.1.clone().next().is_none() {
            break;
        }
    }
    second.receive(&first.board);
    first.receive(&second.board);
    assert_eq!(first.value, second.value, "both boxes show the same text");
    assert_eq!(first.board.text(&FIELD), first.value);
    first.value
}

fn assert_intact(text: &str, sentences: (&str, &str)) {
    assert!(text.contains(sentences.0), "{:?} is not intact in {text:?}", sentences.0);
    assert!(text.contains(sentences.1), "{:?} is not intact in {text:?}", sentences.1);
}

const SENTENCES: (&str, &str) = ("Older people are lonely.", "Care visits are short.");

#[test]
fn typing_at_once_into_an_empty_field_keeps_both_sentences_whole() {
    // Key by key, alternating, each key seen by the other before the next.
    let text = type_both("", (0, 0), SENTENCES, &[(true, 3), (false, 3)]);
    assert_intact(&text, SENTENCES);
    assert_eq!(text.len(), SENTENCES.0.len() + SENTENCES.1.len());
}

#[test]
fn typing_at_once_at_the_end_and_in_a_word_keeps_both_sentences_whole() {
    let existing = "Families wait.";
    let end = existing.len() as u32;
    let text = type_both(existing, (end, end), (" Older people.", " Care is short."), &[(true, 3), (false, 3)]);
    assert_intact(&text, (" Older people.", " Care is short."));
    assert!(text.starts_with(existing));
    // Both carets inside "Families", after "Fami".
    let text = type_both(existing, (4, 4), ("[one]", "<two>"), &[(false, 1), (true, 2), (true, 0), (false, 3)]);
    assert_intact(&text, ("[one]", "<two>"));
    assert!(text.starts_with("Fami") && text.ends_with("lies wait."), "{text:?}");
}

#[test]
fn a_remote_insertion_at_my_caret_does_not_move_my_caret() {
    let origin = board_with("ab");
    let mut mine = Typist::new(&origin, 1);
    let mut theirs = Typist::new(&origin, 1);
    theirs.press('X');
    mine.receive(&theirs.board);
    assert_eq!(mine.value, "aXb");
    assert_eq!(mine.selection, (1, 1), "the caret stays before the other person's letter");
    mine.press('m');
    assert_eq!(mine.value, "amXb");
}

#[test]
fn a_selection_keeps_its_own_characters() {
    let origin = board_with("one two three");
    let mut mine = Typist::new(&origin, 0);
    mine.selection = (4, 7); // "two"
    let mut theirs = Typist::new(&origin, 4);
    theirs.press('<');
    theirs.selection = (8, 8);
    theirs.press('>');
    mine.receive(&theirs.board);
    assert_eq!(mine.value, "one <two> three");
    assert_eq!(mine.selection, (5, 8), "still exactly \"two\"");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any order of keys, any moments of sync, at the same spot or apart: both sentences
    /// end intact and both replicas agree.
    #[test]
    fn each_persons_typing_stays_contiguous(
        existing in prop_oneof![Just(""), Just("Families wait."), Just("ab")],
        carets in (0u32..16, 0u32..16),
        schedule in proptest::collection::vec((any::<bool>(), 0u8..4), 1..40),
    ) {
        let length = existing.len() as u32;
        let carets = (carets.0.min(length), carets.1.min(length));
        let sentences = ("Older people are lonely.", "Care visits are short.");
        let text = type_both(existing, carets, sentences, &schedule);
        prop_assert!(text.contains(sentences.0), "{:?} broken in {:?}", sentences.0, text);
        prop_assert!(text.contains(sentences.1), "{:?} broken in {:?}", sentences.1, text);
        prop_assert_eq!(text.len(), existing.len() + sentences.0.len() + sentences.1.len());
    }
}

/// A clock the test moves by hand.
fn clock() -> (std::sync::Arc<std::sync::atomic::AtomicU64>, std::sync::Arc<dyn yrs::sync::time::Clock>) {
    let now = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(1));
    let read = std::sync::Arc::clone(&now);
    (now, std::sync::Arc::new(move || read.load(std::sync::atomic::Ordering::Relaxed)))
}

#[test]
fn undo_takes_back_my_typing_only() {
    let origin = board_with("");
    let mine = BoardDoc::new();
    receive_all(&origin, &mine);
    let theirs = BoardDoc::new();
    receive_all(&origin, &theirs);
    let (now, clock) = clock();
    let mut history = mine.undo_history(clock);
    let type_at_end = |board: &BoardDoc, text: &str| {
        let mut txn = board.transact_local();
        let length = yrs::Text::len(&board.problem_statement, &txn);
        board.insert_problem_text(&mut txn, length, text);
    };
    for letter in ["M", "i", "n", "e"] {
        type_at_end(&mine, letter);
        now.fetch_add(100, std::sync::atomic::Ordering::Relaxed);
    }
    receive_all(&mine, &theirs);
    theirs.insert_problem_text(&mut theirs.transact_local(), 0, "Theirs ");
    receive_all(&theirs, &mine);
    assert_eq!(mine.text(&FIELD), "Theirs Mine");

    let undone = history.undo().expect("undoing my word is an edit to send");
    assert_eq!(mine.text(&FIELD), "Theirs ", "one step takes back the word typed at once");
    let update = Update::decode_v1(&undone).expect("an update");
    theirs.doc().transact_mut().apply_update(update).expect("applies");
    assert_eq!(theirs.text(&FIELD), "Theirs ", "the other replica receives the undo");
    assert!(history.undo().is_none(), "their text is not mine to undo");

    let redone = history.redo().expect("redo is an edit too");
    assert_eq!(mine.text(&FIELD), "Theirs Mine");
    theirs.doc().transact_mut().apply_update(Update::decode_v1(&redone).expect("an update")).expect("applies");
    assert_eq!(theirs.text(&FIELD), mine.text(&FIELD));
}

#[test]
fn undo_brings_back_a_deleted_card_with_its_text() {
    let mine = BoardDoc::new();
    let (_, clock) = clock();
    let mut history = mine.undo_history(clock);
    let card = crate::schema::NewCard {
        id: "c1",
        text: "Peer mentors",
        colour: crate::model::CardColour::Blue,
        author_name: "Ana",
        perspective: crate::model::Perspective::Citizen,
        x: 10.0,
        y: 20.0,
        cluster: None,
    };
    mine.add_card(&mut mine.transact_local(), card);
    history.end_step();
    mine.delete_card(&mut mine.transact_local(), "c1", 1.0);
    assert!(mine.snapshot().cards.is_empty());
    history.undo().expect("an edit");
    let cards = mine.snapshot().cards;
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].text, "Peer mentors");
    assert_eq!((cards[0].x, cards[0].y), (10.0, 20.0));
}
