//! Hostile bytes, built by hand: what security reviews sent to crash or exhaust a server.
//!
//! Each function writes the v1 update or y-websocket frame an attacker would, without yrs
//! (which would refuse to encode most of them). Used by the regression tests and the fuzzer.

use polyphony_shared::protocol;

const ANY_ARRAY: u8 = 117;
const ANY_NULL: u8 = 126;
const INFO_ANY_WITH_KEY: u8 = 0x20 | 8;
const INFO_TYPE_WITH_KEY: u8 = 0x20 | 7;
const TYPE_MAP: u8 = 1;

/// Appends an unsigned lib0 varint.
pub fn var_uint(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

/// Appends a length-prefixed string.
pub fn string(bytes: &mut Vec<u8>, text: &str) {
    var_uint(bytes, text.len() as u64);
    bytes.extend_from_slice(text.as_bytes());
}

/// An update from `client` (at clock 0) putting, under `cards`/`deep`, a value that is an
/// array nested `depth` deep: a few bytes per level, recursion in every decoder.
pub fn nested_value_update(client: u64, depth: usize) -> Vec<u8> {
    let mut bytes = vec![1, 1];
    var_uint(&mut bytes, client);
    bytes.extend([0, INFO_ANY_WITH_KEY, 1]);
    string(&mut bytes, "cards");
    string(&mut bytes, "deep");
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
    var_uint(&mut bytes, u64::from(depth));
    var_uint(&mut bytes, client);
    bytes.push(0);
    bytes.extend([INFO_TYPE_WITH_KEY, 1]);
    string(&mut bytes, "cards");
    string(&mut bytes, "chain");
    bytes.push(TYPE_MAP);
    for clock in 1..depth {
        bytes.extend([INFO_TYPE_WITH_KEY, 0]);
        var_uint(&mut bytes, client);
        var_uint(&mut bytes, u64::from(clock - 1));
        string(&mut bytes, "next");
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
    var_uint(&mut payload, client);
    payload.push(1);
    string(&mut payload, r#"{"unterminated"#);
    let mut frame = vec![1];
    var_uint(&mut frame, payload.len() as u64);
    frame.extend(payload);
    frame
}

/// A presence message announcing `client` with a small JSON state.
pub fn presence_frame(client: u64, clock: u32) -> Vec<u8> {
    let mut payload = vec![1];
    var_uint(&mut payload, client);
    var_uint(&mut payload, u64::from(clock));
    string(&mut payload, r#"{"user":{"name":"x"}}"#);
    let mut frame = vec![1];
    var_uint(&mut frame, payload.len() as u64);
    frame.extend(payload);
    frame
}

/// An update from `client` putting, under `cards`/`list`, an array holding characters (an
/// emoji, two UTF-16 units): yrs reads an array by clock offsets that can stop inside the
/// character, and reading it never ends.
pub fn characters_in_an_array_update(client: u64) -> Vec<u8> {
    let mut bytes = vec![1, 2];
    var_uint(&mut bytes, client);
    bytes.extend([0, INFO_TYPE_WITH_KEY, 1]);
    string(&mut bytes, "cards");
    string(&mut bytes, "list");
    bytes.push(0); // An array.
    bytes.extend([4, 0]); // Characters, in the item (client, 0).
    var_uint(&mut bytes, client);
    bytes.push(0);
    string(&mut bytes, "😀");
    bytes.push(0);
    bytes
}
