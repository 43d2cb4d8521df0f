//! Seeds for the fuzzer: real updates and frames from an honest session, plus the hostile
//! inputs the reviews found.

use polyphony_shared::{BoardDoc, CardColour, NewCard, Perspective, protocol};
use rand::Rng;
use rand::rngs::StdRng;
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, StateVector, Transact, Update};

use crate::crafted;

/// What the fuzzer starts from.
pub struct Corpus {
    /// The board every input is applied to: the state of an honest session, as one update.
    pub base: Vec<u8>,
    /// Updates made on top of `base` by honest clients.
    pub updates: Vec<Vec<u8>>,
    /// Whole frames: updates, sync requests and answers, presence.
    pub frames: Vec<Vec<u8>>,
}

/// Builds the corpus from an honest session of three devices, driven by `rng`.
pub fn build(rng: &mut StdRng) -> Corpus {
    let devices: Vec<BoardDoc> = (0..3).map(|_| device(rng)).collect();
    // The schema seed as the server writes it, but from a fixed client, so that a seed gives
    // the same corpus every time (the server's seed comes from a random client).
    {
        let server = device(rng);
        let meta = server.doc().get_or_insert_map("meta");
        let seed = {
            let mut txn = server.doc().transact_mut();
            yrs::Map::insert(&meta, &mut txn, "schemaVersion", polyphony_shared::schema::SCHEMA_VERSION);
            txn.encode_update_v1()
        };
        if let Ok(seed) = Update::decode_v1(&seed) {
            devices[0].doc().transact_mut().apply_update(seed).ok();
        }
    }
    let mut history = Vec::new();
    for step in 0..120 {
        let device = &devices[rng.random_range(0..devices.len())];
        history.extend(edit(device, rng, step));
        if rng.random_bool(0.3) {
            let other = &devices[rng.random_range(0..devices.len())];
            sync(device, other);
        }
    }
    for device in &devices[1..] {
        sync(device, &devices[0]);
    }
    let base = devices[0].doc().transact().encode_state_as_update_v1(&StateVector::default());
    // Updates made on top of the base by a device that holds it.
    let on_top = device(rng);
    if let Ok(update) = Update::decode_v1(&base) {
        on_top.doc().transact_mut().apply_update(update).ok();
    }
    let mut updates: Vec<Vec<u8>> = (0..40).filter_map(|step| edit(&on_top, rng, 1_000 + step)).collect();
    updates.extend(history.into_iter().take(40));
    updates.push(crafted::nested_value_update(7, 40));
    updates.push(crafted::nested_maps_update(8, 6));
    let mut frames: Vec<Vec<u8>> = updates.iter().take(30).map(|update| protocol::update(update.clone())).collect();
    frames.push(protocol::sync_step1(on_top.state_vector()));
    frames.push(protocol::sync_step2(base.clone()));
    frames.push(crafted::presence_frame(4_242, 3));
    frames.push(crafted::request_flood_frame(1, 1));
    frames.extend(crafted::huge_count_frames());
    Corpus { base, updates, frames }
}

/// A device with a client id from `rng`, so that a seed gives the same corpus every time.
fn device(rng: &mut StdRng) -> BoardDoc {
    let options = yrs::Options {
        client_id: yrs::ClientID::new(rng.random_range(1..1 << 32)),
        offset_kind: yrs::OffsetKind::Utf16,
        ..yrs::Options::default()
    };
    BoardDoc::from_doc(yrs::Doc::with_options(options))
}

/// One random edit; returns its update unless it changed nothing.
fn edit(device: &BoardDoc, rng: &mut StdRng, step: usize) -> Option<Vec<u8>> {
    let card = format!("card-{}", rng.random_range(0..6));
    let mut txn = device.doc().transact_mut();
    match rng.random_range(0..7) {
        0 => device.insert_problem_text(&mut txn, rng.random_range(0..30), "co-create 😀 "),
        1 => device.set_card_text(&mut txn, &card, &format!("idea {step}")),
        2 => device.add_card(
            &mut txn,
            NewCard {
                id: &card,
                text: "drop-in hours",
                colour: CardColour::Blue,
                author_name: if rng.random_bool(0.5) { "Ana" } else { "" },
                perspective: Perspective::Citizen,
                x: f64::from(rng.random_range(0..500u16)),
                y: 1.5,
                cluster: None,
            },
        ),
        3 => device.move_card(&mut txn, &card, 10.0, f64::from(step as u32), None),
        4 => device.delete_card(&mut txn, &card, 1.0),
        5 => device.add_question(&mut txn, &format!("q-{}", step % 3), "How might we?"),
        _ => device.add_cluster(&mut txn, &format!("k-{}", step % 2), "Access", 0.0, 0.0),
    }
    let update = txn.encode_update_v1();
    (update != Update::EMPTY_V1).then_some(update)
}

fn sync(from: &BoardDoc, to: &BoardDoc) {
    let diff = from.doc().transact().encode_diff_v1(&to.state_vector());
    if let Ok(update) = Update::decode_v1(&diff) {
        to.doc().transact_mut().apply_update(update).ok();
    }
}
