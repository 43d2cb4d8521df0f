//! Well-formed updates with hostile structure: every field decodes, but origins, parents,
//! keys, clocks and delete ranges point anywhere in the board. Byte mutations rarely get
//! past the strict reader; these go on to the ledger and, when it accepts them, to yrs.

use polyphony_shared::wire::{BlockId, BlockKind, Limits, UpdateShape};
use rand::Rng;
use rand::rngs::StdRng;

use yrs::encoding::write::Write;

/// Root names a board has, plus one it does not.
const ROOTS: [&str; 6] = ["problemStatement", "cards", "questions", "clusters", "meta", "elsewhere"];
const KEYS: [&str; 6] = ["text", "authorName", "colour", "x", "card-1", "q-0"];

/// What the generator knows of the board it writes against.
pub struct Known {
    /// Every block id in the base state (first clock of each block, and its last).
    ids: Vec<BlockId>,
    /// Each client's clock in the base state.
    states: Vec<(u64, u32)>,
}

impl Known {
    /// Reads the ids and clocks of a base state.
    pub fn of(base: &[u8]) -> Known {
        let mut known = Known { ids: Vec::new(), states: Vec::new() };
        if let Ok(shape) = UpdateShape::parse(base, &Limits::STORED) {
            for section in &shape.sections {
                for block in &section.blocks {
                    known.ids.push(BlockId { client: section.client, clock: block.clock });
                    if block.len > 1 && !matches!(block.kind, BlockKind::Skip) {
                        known.ids.push(BlockId { client: section.client, clock: block.clock + block.len - 1 });
                    }
                }
                known.states.push((section.client, section.end()));
            }
        }
        known
    }
}

/// A random update against `known`.
pub fn update(known: &Known, rng: &mut StdRng) -> Vec<u8> {
    let mut made: Vec<BlockId> = Vec::new();
    let mut bytes = Vec::new();
    let sections = rng.random_range(1..=3);
    bytes.write_var(sections);
    let mut used = Vec::new();
    for _ in 0..sections {
        let (client, start) = section_start(known, rng, &used);
        used.push(client);
        let blocks = rng.random_range(1..=6u32);
        bytes.write_var(u64::from(blocks));
        bytes.write_var(client);
        bytes.write_var(u64::from(start));
        let mut clock = start;
        for _ in 0..blocks {
            clock += block(known, &made, rng, &mut bytes);
            made.push(BlockId { client, clock: clock - 1 });
        }
    }
    delete_set(known, &made, rng, &mut bytes);
    bytes
}

/// A client for a section and its first clock: a new client at 0, or a known one at its
/// state, just before it (overlap), or just after it (a hole).
fn section_start(known: &Known, rng: &mut StdRng, used: &[u64]) -> (u64, u32) {
    if known.states.is_empty() || rng.random_bool(0.4) {
        let client = rng.random_range(1_000..1_010);
        if !used.contains(&client) {
            return (client, 0);
        }
    }
    let (client, state) = known.states[rng.random_range(0..known.states.len())];
    if used.contains(&client) {
        return (rng.random_range(2_000..3_000), 0);
    }
    let start = match rng.random_range(0..4) {
        0 => state.saturating_sub(rng.random_range(1..4)),
        1 => state + rng.random_range(1..3),
        _ => state,
    };
    (client, start)
}

/// Writes one block; returns its length.
fn block(known: &Known, made: &[BlockId], rng: &mut StdRng, bytes: &mut Vec<u8>) -> u32 {
    if rng.random_bool(0.08) {
        bytes.push(0); // GC
        let len = rng.random_range(1..4);
        bytes.write_var(u64::from(len));
        return len;
    }
    let origin = rng.random_bool(0.6).then(|| some_id(known, made, rng));
    let right = rng.random_bool(0.4).then(|| some_id(known, made, rng));
    let key = rng.random_bool(0.4).then(|| KEYS[rng.random_range(0..KEYS.len())]);
    let (content_ref, content, len) = content(rng);
    let mut info = content_ref;
    if origin.is_some() {
        info |= 0x80;
    }
    if right.is_some() {
        info |= 0x40;
    }
    if key.is_some() {
        info |= 0x20;
    }
    bytes.push(info);
    for id in [origin, right].into_iter().flatten() {
        bytes.write_var(id.client);
        bytes.write_var(u64::from(id.clock));
    }
    if origin.is_none() && right.is_none() {
        if rng.random_bool(0.5) {
            bytes.push(1);
            bytes.write_string(ROOTS[rng.random_range(0..ROOTS.len())]);
        } else {
            bytes.push(0);
            let parent = some_id(known, made, rng);
            bytes.write_var(parent.client);
            bytes.write_var(u64::from(parent.clock));
        }
        if let Some(key) = key {
            bytes.write_string(key);
        }
    }
    bytes.extend(content);
    len
}

/// Some id: a known one (or one past it), or one this update made.
fn some_id(known: &Known, made: &[BlockId], rng: &mut StdRng) -> BlockId {
    if !made.is_empty() && rng.random_bool(0.3) {
        return made[rng.random_range(0..made.len())];
    }
    if known.ids.is_empty() || rng.random_bool(0.05) {
        return BlockId { client: rng.random_range(1..5_000), clock: rng.random_range(0..50) };
    }
    let id = known.ids[rng.random_range(0..known.ids.len())];
    if rng.random_bool(0.1) { BlockId { client: id.client, clock: id.clock + 1 } } else { id }
}

/// Random content: (content reference, bytes, length in clocks).
fn content(rng: &mut StdRng) -> (u8, Vec<u8>, u32) {
    let mut bytes = Vec::new();
    match rng.random_range(0..5) {
        0 => {
            let len = rng.random_range(1..5);
            bytes.write_var(u64::from(len));
            (1, bytes, len)
        }
        1 => {
            let text = ["a", "hé", "😀", "co-create"][rng.random_range(0..4)];
            bytes.write_string(text);
            (4, bytes, text.encode_utf16().count() as u32)
        }
        2 => {
            bytes.push(rng.random_range(0..3)); // Array, Map, Text.
            (7, bytes, 1)
        }
        _ => {
            let count = rng.random_range(1..3);
            bytes.write_var(u64::from(count));
            for _ in 0..count {
                match rng.random_range(0..3) {
                    0 => {
                        bytes.push(119);
                        bytes.write_string(if rng.random_bool(0.5) { "" } else { "Ana" });
                    }
                    1 => bytes.extend([125, rng.random_range(0..60)]),
                    _ => bytes.extend([117, 1, 126]),
                }
            }
            (8, bytes, count)
        }
    }
}

/// A delete set over known and new ids, in order per client.
fn delete_set(known: &Known, made: &[BlockId], rng: &mut StdRng, bytes: &mut Vec<u8>) {
    if rng.random_bool(0.4) {
        bytes.push(0);
        return;
    }
    let mut targets: Vec<BlockId> = (0..rng.random_range(1..4)).map(|_| some_id(known, made, rng)).collect();
    targets.sort();
    targets.dedup_by_key(|id| id.client);
    bytes.write_var(targets.len() as u64);
    for id in targets {
        bytes.write_var(id.client);
        bytes.push(1);
        bytes.write_var(u64::from(id.clock));
        bytes.write_var(u64::from(rng.random_range(1..4u32)));
    }
}
