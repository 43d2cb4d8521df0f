//! Mutations of real bytes: what a fuzzer does to frames, aimed at lib0's encoding.

use rand::Rng;
use rand::rngs::StdRng;
use yrs::encoding::write::Write;

/// Bytes that mean something in updates and frames: content kinds, info flags, value tags,
/// varint continuation, the edges of a byte.
const INTERESTING_BYTES: [u8; 16] = [0, 1, 2, 4, 7, 8, 10, 0x20, 0x27, 0x40, 0x7f, 0x80, 0x84, 117, 118, 0xff];

/// Varints that mean trouble: huge counts, clocks past `i32`, client ids past 2^53.
const INTERESTING_VARINTS: [u64; 6] = [1 << 28, (1 << 31) - 1, 1 << 31, u32::MAX as u64, 1 << 53, u64::MAX];

/// A mutated copy of `input`: one to four changes, sometimes with bytes from `donor`.
pub fn mutate(input: &[u8], donor: &[u8], rng: &mut StdRng) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..rng.random_range(1..=4) {
        if bytes.is_empty() {
            bytes.push(rng.random());
            continue;
        }
        let at = rng.random_range(0..bytes.len());
        match rng.random_range(0..9) {
            0 => bytes[at] ^= 1 << rng.random_range(0..8),
            1 => bytes[at] = INTERESTING_BYTES[rng.random_range(0..INTERESTING_BYTES.len())],
            2 => {
                let extra: Vec<u8> = (0..rng.random_range(1..8)).map(|_| rng.random()).collect();
                bytes.splice(at..at, extra);
            }
            3 => {
                let end = (at + rng.random_range(1..16)).min(bytes.len());
                bytes.drain(at..end);
            }
            4 => {
                let end = (at + rng.random_range(1..32)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                let to = rng.random_range(0..=bytes.len());
                bytes.splice(to..to, copy);
            }
            5 if !donor.is_empty() => {
                let from = rng.random_range(0..donor.len());
                bytes.truncate(at);
                bytes.extend_from_slice(&donor[from..]);
            }
            6 => bytes[at] = bytes[at].wrapping_add(rng.random_range(1..4)).wrapping_sub(2),
            7 => bytes.truncate(at),
            _ => {
                let mut varint = Vec::new();
                varint.write_var(INTERESTING_VARINTS[rng.random_range(0..INTERESTING_VARINTS.len())]);
                let end = (at + 1).min(bytes.len());
                bytes.splice(at..end, varint);
            }
        }
    }
    bytes
}
