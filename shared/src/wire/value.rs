//! JSON-like values ("any" in lib0) inside item content, read with a bound on nesting.
//!
//! yrs and Yjs decode nested arrays and objects recursively with no limit, so a few
//! kilobytes nested thousands deep overflow the stack of whoever decodes them: the server's
//! worker thread, or a browser's wasm. Reading them here first, to a fixed depth, keeps
//! such values away from both.

use super::WireError;
use super::reader::Reader;

const UNDEFINED: u8 = 127;
const NULL: u8 = 126;
const INTEGER: u8 = 125;
const FLOAT32: u8 = 124;
const FLOAT64: u8 = 123;
const BIGINT: u8 = 122;
const FALSE: u8 = 121;
const TRUE: u8 = 120;
const STRING: u8 = 119;
const OBJECT: u8 = 118;
const ARRAY: u8 = 117;
const BUFFER: u8 = 116;

/// What the caller needs to know of a value it skipped over.
pub(crate) struct ValueSummary {
    string: Option<TextPrint>,
}

impl ValueSummary {
    /// Whether the value is the empty string.
    pub(crate) fn is_blank(&self) -> bool {
        self.string == Some(TextPrint::of(""))
    }

    /// The print of the value, if it is a string.
    pub(crate) fn string(&self) -> Option<TextPrint> {
        self.string
    }
}

/// A fingerprint of a string value (64-bit FNV-1a of its UTF-8), so that a rule can compare
/// what an update writes with an expected text without keeping the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextPrint(u64);

impl TextPrint {
    /// The print of `text`.
    pub fn of(text: &str) -> TextPrint {
        const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        TextPrint(text.bytes().fold(OFFSET, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME)))
    }

    /// The print as a number, for ids that must follow from a text (the same on every
    /// server instance).
    pub(crate) fn bits(self) -> u64 {
        self.0
    }
}

/// Reads one value whose arrays and objects nest at most `max_depth` deep.
pub(crate) fn read_value(reader: &mut Reader<'_>, max_depth: usize) -> Result<ValueSummary, WireError> {
    read_at(reader, max_depth, 0)
}

fn read_at(reader: &mut Reader<'_>, max_depth: usize, depth: usize) -> Result<ValueSummary, WireError> {
    let mut string = None;
    match reader.u8()? {
        UNDEFINED | NULL | FALSE | TRUE => {}
        INTEGER => {
            reader.var_int()?;
        }
        // A board's numbers are positions and orders: NaN or an infinity would put a card
        // nowhere on every screen.
        FLOAT32 => {
            let bytes: [u8; 4] = reader.bytes(4)?.try_into().map_err(|_| WireError::Truncated)?;
            if !f32::from_be_bytes(bytes).is_finite() {
                return Err(WireError::OutOfRange);
            }
        }
        FLOAT64 => {
            let bytes: [u8; 8] = reader.bytes(8)?.try_into().map_err(|_| WireError::Truncated)?;
            if !f64::from_be_bytes(bytes).is_finite() {
                return Err(WireError::OutOfRange);
            }
        }
        BIGINT => {
            reader.bytes(8)?;
        }
        STRING => string = Some(TextPrint::of(reader.string()?)),
        BUFFER => {
            reader.buffer()?;
        }
        OBJECT => {
            if depth >= max_depth {
                return Err(WireError::TooDeep);
            }
            // Each entry is at least a key length and a value tag.
            for _ in 0..reader.count(2)? {
                reader.string()?;
                read_at(reader, max_depth, depth + 1)?;
            }
        }
        ARRAY => {
            if depth >= max_depth {
                return Err(WireError::TooDeep);
            }
            for _ in 0..reader.count(1)? {
                read_at(reader, max_depth, depth + 1)?;
            }
        }
        _ => return Err(WireError::Unsupported("unknown value tags")),
    }
    Ok(ValueSummary { string })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested_arrays(depth: usize) -> Vec<u8> {
        let mut bytes = Vec::new();
        for _ in 0..depth {
            bytes.extend([ARRAY, 1]);
        }
        bytes.push(NULL);
        bytes
    }

    #[test]
    fn nesting_is_bounded_without_recursing_past_the_bound() {
        assert!(read_value(&mut Reader::new(&nested_arrays(16)), 16).is_ok());
        assert_eq!(read_value(&mut Reader::new(&nested_arrays(17)), 16).err(), Some(WireError::TooDeep));
        // Far past any stack: refused at the bound, in constant stack.
        assert_eq!(read_value(&mut Reader::new(&nested_arrays(100_000)), 16).err(), Some(WireError::TooDeep));
    }

    #[test]
    fn scalars_read_and_blank_strings_are_told_apart() {
        let mut reader = Reader::new(&[STRING, 0, STRING, 1, b'a', FLOAT64, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert!(read_value(&mut reader, 4).expect("blank").is_blank());
        assert!(!read_value(&mut reader, 4).expect("a").is_blank());
        assert!(read_value(&mut reader, 4).is_ok());
        assert!(reader.is_done());
        assert!(read_value(&mut Reader::new(&[99]), 4).is_err());
        let nan = [&[FLOAT64][..], &f64::NAN.to_be_bytes()].concat();
        assert_eq!(read_value(&mut Reader::new(&nan), 4).err(), Some(WireError::OutOfRange));
        let infinity = [&[FLOAT32][..], &f32::INFINITY.to_be_bytes()].concat();
        assert_eq!(read_value(&mut Reader::new(&infinity), 4).err(), Some(WireError::OutOfRange));
    }
}
