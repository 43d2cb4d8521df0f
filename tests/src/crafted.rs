//! Hostile bytes, built by hand: what security reviews sent to crash or exhaust a server.
//!
//! Each function writes the v1 update or y-websocket frame an attacker would, without yrs
//! (which would refuse to encode most of them). Used by the regression tests and the fuzzer.

use polyphony_shared::protocol;
use yrs::encoding::write::Write;

const ANY_ARRAY: u8 = 117;
const ANY_NULL: u8 = 126;
const INFO_ANY_WITH_KEY: u8 = 0x20 | 8;
const INFO_TYPE_WITH_KEY: u8 = 0x20 | 7;
const TYPE_MAP: u8 = 1;

/// An update from `client` (at clock 0) putting, under `cards`/`deep`, a value that is an
/// array nested `depth` deep: a few bytes per level, recursion in every decoder.
pub fn nested_value_update(client: u64, depth: usize) -> Vec<u8> {
    let mut bytes = vec![1, 1];
    bytes.write_var(client);
    bytes.extend([0, INFO_ANY_WITH_KEY, 1]);
    bytes.write_string("cards");
    bytes.write_string("deep");
    bytes.push(1);
    for _ in 0..depth {
        bytes.extend([ANY_ARRAY, 1]);
    }
    bytes.extend([ANY_NULL, 0]);
    bytes
}

/// An update from `client` building a chain of `depth` maps, each inside the one before,
/// starting under `cards`/`chain`.
pub fn nested_maps_update(client: u64, depth: u32) -> Vec<u8> {
    let mut bytes = vec![1];
    bytes.write_var(u64::from(depth));
    bytes.write_var(client);
    bytes.push(0);
    bytes.extend([INFO_TYPE_WITH_KEY, 1]);
    bytes.write_string("cards");
    bytes.write_string("chain");
    bytes.push(TYPE_MAP);
    for clock in 1..depth {
        bytes.extend([INFO_TYPE_WITH_KEY, 0]);
        bytes.write_var(client);
        bytes.write_var(u64::from(clock - 1));
        bytes.write_string("next");
        bytes.push(TYPE_MAP);
    }
    bytes.push(0);
    bytes
}

/// Seven- and eight-byte frames that declare 2^28 entries: a state vector, presence, and an
/// update's client sections. A decoder that reserves before it reads pays 256–512 MiB each.
pub fn huge_count_frames() -> [Vec<u8>; 3] {
    let huge = [0x80, 0x80, 0x80, 0x80, 0x01];
    let wrap = |prefix: &[u8]| {
        let mut frame = prefix.to_vec();
        frame.push(huge.len() as u8);
        frame.extend(huge);
        frame
    };
    [wrap(&[0, 0]), wrap(&[1]), wrap(&[0, 2])]
}

/// One frame holding `requests` sync requests and `queries` presence queries.
pub fn request_flood_frame(requests: usize, queries: usize) -> Vec<u8> {
    let mut frame = Vec::new();
    for _ in 0..requests {
        frame.extend(protocol::sync_step1(yrs::StateVector::default()));
    }
    for _ in 0..queries {
        frame.extend(protocol::encode(&yrs::sync::Message::AwarenessQuery));
    }
    frame
}

/// A presence message for `client` with a state that is not JSON.
pub fn broken_presence_frame(client: u64) -> Vec<u8> {
    let mut payload = vec![1];
    payload.write_var(client);
    payload.push(1);
    payload.write_string(r#"{"unterminated"#);
    let mut frame = vec![1];
    frame.write_var(payload.len() as u64);
    frame.extend(payload);
    frame
}

/// A presence message announcing `client` with a small JSON state.
pub fn presence_frame(client: u64, clock: u32) -> Vec<u8> {
    let mut payload = vec![1];
    payload.write_var(client);
    payload.write_var(u64::from(clock));
    payload.write_string(r#"{"user":{"name":"x"}}"#);
    let mut frame = vec![1];
    frame.write_var(payload.len() as u64);
    frame.extend(payload);
    frame
}

/// An update from `client` putting, under `cards`/`list`, an array holding characters (an
/// emoji, two UTF-16 units): yrs reads an array by clock offsets that can stop inside the
/// character, and reading it never ends.
pub fn characters_in_an_array_update(client: u64) -> Vec<u8> {
    let mut bytes = vec![1, 2];
    bytes.write_var(client);
    bytes.extend([0, INFO_TYPE_WITH_KEY, 1]);
    bytes.write_string("cards");
    bytes.write_string("list");
    bytes.push(0); // An array.
    bytes.extend([4, 0]); // Characters, in the item (client, 0).
    bytes.write_var(client);
    bytes.push(0);
    bytes.write_string("😀");
    bytes.push(0);
    bytes
}
