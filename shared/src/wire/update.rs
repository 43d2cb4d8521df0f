//! The shape of a v1 update, read strictly before yrs sees it.
//!
//! An update is a list of client sections (each a run of blocks with consecutive clocks)
//! followed by a delete set. [`UpdateShape::parse`] reads every field yrs would read, but
//! keeps only what the server needs to judge the update: where each block claims to sit
//! (origins, parent, map key), what kind of content it carries, and which ranges it
//! deletes. It accepts only what an honest Yjs or yrs encoder writes:
//!
//! - every block at least one clock long, clocks within `0..MAX_CLOCK`, one section per
//!   client, delete ranges sorted and not overlapping, one delete entry per client;
//! - content a Yjs peer can read and the board's schema uses: deleted content, strings,
//!   JSON-like values ("any") nested at most [`Limits::max_value_depth`] deep, and arrays,
//!   maps and texts. Legacy JSON content (which yrs and Yjs read differently), binary,
//!   embeds, formatting, XML types and subdocuments are refused;
//! - info bytes with no unknown bits, parent markers of exactly 0 or 1.
//!
//! What it accepts, yrs decodes to the same blocks and Yjs reads the same way.

use std::collections::HashSet;
use std::sync::Arc;

use super::reader::{MAX_SAFE_INTEGER, Reader};
use super::value::TextPrint;
use super::{Limits, WireError};

/// Highest clock (exclusive) a block may reach. yrs compares clocks as `i32` in places, so
/// anything above `i32::MAX` would be misread; no honest client comes near it.
pub const MAX_CLOCK: u32 = i32::MAX as u32;

const INFO_HAS_ORIGIN: u8 = 0x80;
const INFO_HAS_RIGHT_ORIGIN: u8 = 0x40;
const INFO_HAS_PARENT_SUB: u8 = 0x20;
/// The bit between the content reference and the flags: never set by an encoder, and
/// yrs and Yjs read the content reference differently when it is.
const INFO_UNUSED: u8 = 0x10;
const INFO_CONTENT: u8 = 0x0f;

const BLOCK_GC: u8 = 0;
const BLOCK_SKIP: u8 = 10;
const CONTENT_DELETED: u8 = 1;
const CONTENT_STRING: u8 = 4;
const CONTENT_TYPE: u8 = 7;
const CONTENT_ANY: u8 = 8;

const TYPE_ARRAY: u8 = 0;
const TYPE_MAP: u8 = 1;
const TYPE_TEXT: u8 = 2;

/// A block's identity: the client that made it and its first clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlockId {
    /// The yrs client id.
    pub client: u64,
    /// The clock of the block's first element.
    pub clock: u32,
}

/// The kind of a shared type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// `Y.Array`.
    Array,
    /// `Y.Map`.
    Map,
    /// `Y.Text`.
    Text,
}

/// What an item holds, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentShape {
    /// Content that was deleted before it was sent.
    Deleted,
    /// Characters of a text.
    String,
    /// JSON-like values; `blank` when it is exactly one empty string.
    Values {
        /// The single value is `""`.
        blank: bool,
        /// The print of the single value, when it is one string.
        text: Option<TextPrint>,
    },
    /// A nested shared type.
    Type(TypeKind),
}

/// Where an item says it belongs when it has no neighbours to take it from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParentShape {
    /// A root type, by name.
    Root(Arc<str>),
    /// A nested type: the item that holds it.
    Item(BlockId),
}

/// One item block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemShape {
    /// The element to its left when it was made.
    pub origin: Option<BlockId>,
    /// The element to its right when it was made.
    pub right_origin: Option<BlockId>,
    /// Its parent, written only when it has neither origin.
    pub parent: Option<ParentShape>,
    /// Its map key, written only with an explicit parent.
    pub key: Option<Arc<str>>,
    /// What it holds.
    pub content: ContentShape,
}

/// What a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// Garbage-collected content: a range that holds nothing any more.
    Gc,
    /// A range the sender does not have (only in merged updates the server made itself).
    Skip,
    /// An item.
    Item(ItemShape),
}

/// One block of a client section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockShape {
    /// The clock of its first element.
    pub clock: u32,
    /// How many clocks it spans (UTF-16 units for strings).
    pub len: u32,
    /// What it is.
    pub kind: BlockKind,
}

/// The blocks of one client, in clock order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSection {
    /// The client.
    pub client: u64,
    /// Its blocks, consecutive from the first block's clock.
    pub blocks: Vec<BlockShape>,
}

impl ClientSection {
    /// The first clock of the section.
    pub fn start(&self) -> u32 {
        self.blocks.first().map_or(0, |block| block.clock)
    }

    /// The clock after the section's last block.
    pub fn end(&self) -> u32 {
        self.blocks.last().map_or(0, |block| block.clock + block.len)
    }
}

/// The ranges one client's delete set names, sorted and disjoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientDeletes {
    /// The client.
    pub client: u64,
    /// `(clock, len)` pairs.
    pub ranges: Vec<(u32, u32)>,
}

/// A v1 update, read and checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UpdateShape {
    /// Client sections in the order they were written.
    pub sections: Vec<ClientSection>,
    /// The delete set.
    pub deletes: Vec<ClientDeletes>,
}

impl UpdateShape {
    /// Reads a whole v1 update; fails on anything an honest encoder would not write.
    pub fn parse(bytes: &[u8], limits: &Limits) -> Result<UpdateShape, WireError> {
        let mut reader = Reader::new(bytes);
        let shape = read_update(&mut reader, limits)?;
        if !reader.is_done() {
            return Err(WireError::TrailingBytes);
        }
        Ok(shape)
    }

    /// Whether it changes nothing at all.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty() && self.deletes.is_empty()
    }

    /// How many blocks it holds.
    pub fn block_count(&self) -> usize {
        self.sections.iter().map(|section| section.blocks.len()).sum()
    }
}

fn read_update(reader: &mut Reader<'_>, limits: &Limits) -> Result<UpdateShape, WireError> {
    // A section is at least: block count, client, clock, one info byte and a length.
    let section_count = reader.count(4)?;
    let mut sections: Vec<ClientSection> = Vec::with_capacity(section_count);
    let mut clients = HashSet::with_capacity(section_count);
    for _ in 0..section_count {
        let block_count = reader.count(2)?;
        let client = reader.var_uint(MAX_SAFE_INTEGER)?;
        let mut clock = reader.u32()?;
        if block_count == 0 {
            return Err(WireError::EmptyBlock);
        }
        if !clients.insert(client) {
            return Err(WireError::DuplicateClient);
        }
        let mut blocks = Vec::with_capacity(block_count);
        for _ in 0..block_count {
            let (len, kind) = read_block(reader, limits)?;
            if matches!(kind, BlockKind::Skip) && !limits.allow_skips {
                return Err(WireError::Unsupported("skip blocks"));
            }
            let end = clock.checked_add(len).filter(|end| *end <= MAX_CLOCK).ok_or(WireError::OutOfRange)?;
            blocks.push(BlockShape { clock, len, kind });
            clock = end;
        }
        sections.push(ClientSection { client, blocks });
    }
    let deletes = read_delete_set(reader)?;
    Ok(UpdateShape { sections, deletes })
}

fn read_block(reader: &mut Reader<'_>, limits: &Limits) -> Result<(u32, BlockKind), WireError> {
    let info = reader.u8()?;
    match info {
        BLOCK_GC => Ok((non_empty(reader.u32()?)?, BlockKind::Gc)),
        BLOCK_SKIP => Ok((non_empty(reader.u32()?)?, BlockKind::Skip)),
        _ => {
            let (len, item) = read_item(reader, info, limits)?;
            Ok((len, BlockKind::Item(item)))
        }
    }
}

fn read_item(reader: &mut Reader<'_>, info: u8, limits: &Limits) -> Result<(u32, ItemShape), WireError> {
    if info & INFO_UNUSED != 0 {
        return Err(WireError::Unsupported("unknown info bits"));
    }
    let origin = if info & INFO_HAS_ORIGIN != 0 { Some(read_id(reader)?) } else { None };
    let right_origin = if info & INFO_HAS_RIGHT_ORIGIN != 0 { Some(read_id(reader)?) } else { None };
    let has_neighbours = origin.is_some() || right_origin.is_some();
    let (parent, key) = if has_neighbours {
        (None, None)
    } else {
        let parent = match reader.u32()? {
            1 => ParentShape::Root(Arc::from(reader.string()?)),
            0 => ParentShape::Item(read_id(reader)?),
            _ => return Err(WireError::NonCanonical),
        };
        let key = if info & INFO_HAS_PARENT_SUB != 0 { Some(Arc::from(reader.string()?)) } else { None };
        (Some(parent), key)
    };
    let (len, content) = read_content(reader, info & INFO_CONTENT, limits)?;
    Ok((non_empty(len)?, ItemShape { origin, right_origin, parent, key, content }))
}

fn read_id(reader: &mut Reader<'_>) -> Result<BlockId, WireError> {
    let client = reader.var_uint(MAX_SAFE_INTEGER)?;
    let clock = reader.u32()?;
    if clock >= MAX_CLOCK {
        return Err(WireError::OutOfRange);
    }
    Ok(BlockId { client, clock })
}

/// Reads an item's content; returns its length in clocks and its shape.
fn read_content(reader: &mut Reader<'_>, content_ref: u8, limits: &Limits) -> Result<(u32, ContentShape), WireError> {
    match content_ref {
        CONTENT_DELETED => Ok((reader.u32()?, ContentShape::Deleted)),
        CONTENT_STRING => {
            let text = reader.string()?;
            let len = u32::try_from(text.encode_utf16().count()).map_err(|_| WireError::OutOfRange)?;
            Ok((len, ContentShape::String))
        }
        CONTENT_TYPE => {
            let kind = match reader.u8()? {
                TYPE_ARRAY => TypeKind::Array,
                TYPE_MAP => TypeKind::Map,
                TYPE_TEXT => TypeKind::Text,
                _ => return Err(WireError::Unsupported("XML types and subdocuments")),
            };
            Ok((1, ContentShape::Type(kind)))
        }
        CONTENT_ANY => {
            let count = reader.count(1)?;
            let mut last = None;
            for _ in 0..count {
                last = Some(super::value::read_value(reader, limits.max_value_depth)?);
            }
            let single = last.filter(|_| count == 1);
            let blank = single.as_ref().is_some_and(super::value::ValueSummary::is_blank);
            let text = single.as_ref().and_then(super::value::ValueSummary::string);
            let len = u32::try_from(count).map_err(|_| WireError::OutOfRange)?;
            Ok((len, ContentShape::Values { blank, text }))
        }
        _ => Err(WireError::Unsupported("content kinds a board does not use")),
    }
}

fn read_delete_set(reader: &mut Reader<'_>) -> Result<Vec<ClientDeletes>, WireError> {
    // A client entry is at least: client, range count, one clock and one length.
    let client_count = reader.count(4)?;
    let mut deletes: Vec<ClientDeletes> = Vec::with_capacity(client_count);
    let mut clients = HashSet::with_capacity(client_count);
    for _ in 0..client_count {
        let client = reader.var_uint(MAX_SAFE_INTEGER)?;
        if !clients.insert(client) {
            return Err(WireError::DuplicateClient);
        }
        let range_count = reader.count(2)?;
        if range_count == 0 {
            return Err(WireError::EmptyBlock);
        }
        let mut ranges: Vec<(u32, u32)> = Vec::with_capacity(range_count);
        for _ in 0..range_count {
            let clock = reader.u32()?;
            let len = non_empty(reader.u32()?)?;
            if clock.checked_add(len).is_none_or(|end| end > MAX_CLOCK) {
                return Err(WireError::OutOfRange);
            }
            if ranges.last().is_some_and(|(last, last_len)| clock < last + last_len) {
                return Err(WireError::Unordered);
            }
            ranges.push((clock, len));
        }
        deletes.push(ClientDeletes { client, ranges });
    }
    Ok(deletes)
}

fn non_empty(len: u32) -> Result<u32, WireError> {
    if len == 0 { Err(WireError::EmptyBlock) } else { Ok(len) }
}
