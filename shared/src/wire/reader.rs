//! A strict reader of lib0's binary encoding (the one under y-websocket and yrs updates).
//!
//! yrs's own decoder is lenient in ways that matter to a server reading bytes from strangers:
//! it wraps 32-bit varints that overflow, and reserves memory for counts before checking
//! that the bytes for them exist. This reader accepts only what an honest encoder writes:
//! minimal varints within the range of their field, lengths within the bytes that remain,
//! and UTF-8 strings. Everything it rejects would be rejected, misread or read differently
//! by yrs or by Yjs.

use super::WireError;

/// The largest integer Yjs reads exactly (JavaScript's `Number.MAX_SAFE_INTEGER`): client
/// ids and integers beyond it would mean something else to a browser peer.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Reads values from a byte slice, front to back.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, position: 0 }
    }

    /// Bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.position
    }

    /// Whether every byte was read.
    pub(crate) fn is_done(&self) -> bool {
        self.remaining() == 0
    }

    pub(crate) fn u8(&mut self) -> Result<u8, WireError> {
        let byte = *self.bytes.get(self.position).ok_or(WireError::Truncated)?;
        self.position += 1;
        Ok(byte)
    }

    /// The next `len` bytes.
    pub(crate) fn bytes(&mut self, len: usize) -> Result<&'a [u8], WireError> {
        if len > self.remaining() {
            return Err(WireError::Truncated);
        }
        let slice = &self.bytes[self.position..self.position + len];
        self.position += len;
        Ok(slice)
    }

    /// An unsigned varint no larger than `max`, written in the fewest bytes.
    pub(crate) fn var_uint(&mut self, max: u64) -> Result<u64, WireError> {
        let mut value: u64 = 0;
        let mut shift = 0u32;
        loop {
            let byte = self.u8()?;
            let bits = u64::from(byte & 0x7f);
            if shift >= 64 || (shift > 0 && bits >> (64 - shift) != 0) {
                return Err(WireError::OutOfRange);
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                // A last byte of zero (after the first) is padding an honest encoder never writes.
                if shift > 0 && bits == 0 {
                    return Err(WireError::NonCanonical);
                }
                return if value <= max { Ok(value) } else { Err(WireError::OutOfRange) };
            }
            shift += 7;
        }
    }

    /// An unsigned 32-bit varint.
    pub(crate) fn u32(&mut self) -> Result<u32, WireError> {
        let value = self.var_uint(u64::from(u32::MAX))?;
        u32::try_from(value).map_err(|_| WireError::OutOfRange)
    }

    /// A count of things that each take at least `min_bytes`: never more than the bytes left
    /// could hold, so nothing is ever reserved for things that are not there.
    pub(crate) fn count(&mut self, min_bytes: usize) -> Result<usize, WireError> {
        let count = usize::try_from(self.u32()?).map_err(|_| WireError::OutOfRange)?;
        if count.saturating_mul(min_bytes.max(1)) > self.remaining() {
            return Err(WireError::CountExceedsBytes);
        }
        Ok(count)
    }

    /// A signed varint in lib0's layout (sign in the first byte), at most 53 bits.
    pub(crate) fn var_int(&mut self) -> Result<i64, WireError> {
        let first = self.u8()?;
        let negative = first & 0x40 != 0;
        let mut magnitude = u64::from(first & 0x3f);
        let mut shift = 6u32;
        let mut more = first & 0x80 != 0;
        while more {
            let byte = self.u8()?;
            let bits = u64::from(byte & 0x7f);
            if shift > 53 {
                return Err(WireError::OutOfRange);
            }
            magnitude |= bits << shift;
            more = byte & 0x80 != 0;
            if !more && bits == 0 {
                return Err(WireError::NonCanonical);
            }
            shift += 7;
        }
        if magnitude > MAX_SAFE_INTEGER {
            return Err(WireError::OutOfRange);
        }
        let magnitude = i64::try_from(magnitude).map_err(|_| WireError::OutOfRange)?;
        Ok(if negative { -magnitude } else { magnitude })
    }

    /// A length-prefixed byte buffer.
    pub(crate) fn buffer(&mut self) -> Result<&'a [u8], WireError> {
        let len = self.count(1)?;
        self.bytes(len)
    }

    /// A length-prefixed UTF-8 string.
    pub(crate) fn string(&mut self) -> Result<&'a str, WireError> {
        std::str::from_utf8(self.buffer()?).map_err(|_| WireError::NotUtf8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uint(bytes: &[u8]) -> Result<u64, WireError> {
        Reader::new(bytes).var_uint(u64::MAX)
    }

    #[test]
    fn varints_read_as_lib0_writes_them() {
        assert_eq!(uint(&[0]), Ok(0));
        assert_eq!(uint(&[0x7f]), Ok(127));
        assert_eq!(uint(&[0x80, 0x01]), Ok(128));
        assert_eq!(uint(&[0xff, 0xff, 0xff, 0xff, 0x0f]), Ok(u64::from(u32::MAX)));
    }

    #[test]
    fn padded_overlong_and_truncated_varints_are_refused() {
        assert_eq!(uint(&[0x80, 0x00]), Err(WireError::NonCanonical));
        assert_eq!(uint(&[0x80]), Err(WireError::Truncated));
        assert_eq!(Reader::new(&[0x80, 0x80, 0x80, 0x80, 0x10]).u32(), Err(WireError::OutOfRange));
        assert_eq!(uint(&[0xff; 11]), Err(WireError::OutOfRange));
    }

    #[test]
    fn signed_varints_follow_lib0() {
        assert_eq!(Reader::new(&[0x05]).var_int(), Ok(5));
        assert_eq!(Reader::new(&[0x45]).var_int(), Ok(-5));
        assert_eq!(Reader::new(&[0x80, 0x01]).var_int(), Ok(64));
        assert_eq!(Reader::new(&[0x80, 0x00]).var_int(), Err(WireError::NonCanonical));
        let mut beyond = vec![0xbf];
        beyond.extend([0xff; 7]);
        beyond.push(0x7f);
        assert_eq!(Reader::new(&beyond).var_int(), Err(WireError::OutOfRange));
    }

    #[test]
    fn counts_cannot_promise_more_than_the_bytes_hold() {
        // Seven bytes that declare 2^28 entries: refused before anything is reserved.
        assert_eq!(Reader::new(&[0x80, 0x80, 0x80, 0x80, 0x01, 0, 0]).count(1), Err(WireError::CountExceedsBytes));
        assert_eq!(Reader::new(&[2, 0, 0]).count(1), Ok(2));
        assert_eq!(Reader::new(&[2, 0, 0]).count(2), Err(WireError::CountExceedsBytes));
    }

    #[test]
    fn strings_must_be_utf8_and_whole() {
        assert_eq!(Reader::new(&[2, b'h', b'i']).string(), Ok("hi"));
        assert_eq!(Reader::new(&[2, 0xff, 0xfe]).string(), Err(WireError::NotUtf8));
        assert_eq!(Reader::new(&[3, b'h', b'i']).string(), Err(WireError::CountExceedsBytes));
    }
}
