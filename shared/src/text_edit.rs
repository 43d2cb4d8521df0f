//! Turning a text field's new value into one CRDT edit.
//!
//! Browsers report "the value is now X" (typing, autocorrect, IME composition, paste). The
//! edit that turns the old value into X is found by trimming the common prefix and suffix;
//! the caret decides ties, so typing "a" into "aa" at the start inserts at the start.
//! Positions count UTF-16 code units, like JavaScript strings and Yjs.

/// Replace `delete` UTF-16 units at `index` with `insert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    /// Where the edit starts, in UTF-16 units.
    pub index: u32,
    /// How many UTF-16 units to delete there.
    pub delete: u32,
    /// What to insert there afterwards.
    pub insert: String,
}

/// The single edit from `old` to `new`, or `None` if they are equal.
///
/// `caret` is the caret position in `new` (UTF-16 units) right after the change, if known.
pub fn diff(old: &str, new: &str, caret: Option<u32>) -> Option<TextEdit> {
    if old == new {
        return None;
    }
    let old_chars: Vec<char> = old.chars().collect();
    let new_chars: Vec<char> = new.chars().collect();
    let shorter = old_chars.len().min(new_chars.len());
    let common_prefix = old_chars.iter().zip(&new_chars).take_while(|(a, b)| a == b).count();
    let common_suffix = old_chars.iter().rev().zip(new_chars.iter().rev()).take_while(|(a, b)| a == b).count();

    // Keep the changed region ending at the caret where the text allows it.
    let caret_chars = caret.map(|units| utf16_to_char_index(&new_chars, units)).unwrap_or(new_chars.len());
    let suffix = common_suffix.min(new_chars.len() - caret_chars.min(new_chars.len())).min(shorter);
    let prefix = common_prefix.min(shorter - suffix);
    let suffix = common_suffix.min(shorter - prefix);

    let deleted = &old_chars[prefix..old_chars.len() - suffix];
    let inserted: String = new_chars[prefix..new_chars.len() - suffix].iter().collect();
    Some(TextEdit { index: utf16_len(&old_chars[..prefix]), delete: utf16_len(deleted), insert: inserted })
}

/// Applies an edit to a string (the same arithmetic the CRDT performs), for tests and previews.
pub fn apply(text: &str, edit: &TextEdit) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let start = (edit.index as usize).min(units.len());
    let end = (start + edit.delete as usize).min(units.len());
    let mut result = String::from_utf16_lossy(&units[..start]);
    result.push_str(&edit.insert);
    result.push_str(&String::from_utf16_lossy(&units[end..]));
    result
}

/// The length of `text` in UTF-16 units.
pub fn utf16_len_of(text: &str) -> u32 {
    text.encode_utf16().count() as u32
}

fn utf16_len(chars: &[char]) -> u32 {
    chars.iter().map(|c| c.len_utf16() as u32).sum()
}

fn utf16_to_char_index(chars: &[char], units: u32) -> usize {
    let mut seen = 0u32;
    for (index, c) in chars.iter().enumerate() {
        if seen >= units {
            return index;
        }
        seen += c.len_utf16() as u32;
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(index: u32, delete: u32, insert: &str) -> Option<TextEdit> {
        Some(TextEdit { index, delete, insert: insert.into() })
    }

    #[test]
    fn typing_deleting_and_replacing() {
        assert_eq!(diff("hello", "hello!", Some(6)), edit(5, 0, "!"));
        assert_eq!(diff("hello", "hllo", Some(1)), edit(1, 1, ""));
        assert_eq!(diff("the cat sat", "the dog sat", Some(7)), edit(4, 3, "dog"));
        assert_eq!(diff("same", "same", None), None);
    }

    #[test]
    fn caret_breaks_ties_in_repeated_letters() {
        assert_eq!(diff("aa", "aaa", Some(1)), edit(0, 0, "a"));
        assert_eq!(diff("aa", "aaa", Some(2)), edit(1, 0, "a"));
        assert_eq!(diff("aa", "aaa", Some(3)), edit(2, 0, "a"));
        assert_eq!(diff("aaa", "aa", Some(0)), edit(0, 1, ""));
    }

    #[test]
    fn autocorrect_replaces_a_whole_word() {
        let old = "we shoudl meet";
        let new = "we should meet";
        let change = diff(old, new, Some(9)).expect("an edit");
        assert_eq!(apply(old, &change), new);
        assert!(change.delete <= 4);
    }

    #[test]
    fn positions_count_utf16_units() {
        // "😀" is two UTF-16 units; "é" one.
        assert_eq!(diff("😀é", "😀xé", Some(3)), edit(2, 0, "x"));
        assert_eq!(diff("a😀b", "ab", Some(1)), edit(1, 2, ""));
        assert_eq!(utf16_len_of("😀é"), 3);
    }

    #[test]
    fn every_diff_applies_back_to_the_new_text() {
        let samples = ["", "a", "aa", "abc", "a😀b", "élan vital", "ü ü ü", "xyzxyz"];
        for old in samples {
            for new in samples {
                for caret in 0..=utf16_len_of(new) {
                    if let Some(change) = diff(old, new, Some(caret)) {
                        assert_eq!(apply(old, &change), new, "{old:?} -> {new:?} caret {caret}");
                    }
                }
            }
        }
    }
}
