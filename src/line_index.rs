//! One index of a text's line starts, built once, answering both directions between a byte
//! offset and a (line, column) position, with columns counted in characters, UTF-8 bytes or
//! UTF-16 code units.
//!
//! Lines end at `\n` (a `\r` before it belongs to the line end, not to the line). Positions past
//! the end of a line clamp to the line's end; lines past the end of the text clamp to its end.
//! Offsets inside a character clamp back to the character's start.

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Unicode scalar values (what `nudge check` prints).
    Chars,
    /// UTF-8 bytes.
    Utf8,
    /// UTF-16 code units (the Language Server Protocol's default).
    Utf16,
}

/// A 0-based line and a 0-based column in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// The line starts of one text (byte offsets), and whether each line is pure ASCII, so that
/// most conversions are a binary search and a subtraction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    len: u32,
    /// Byte offset of each line's first byte; `starts[0] == 0`.
    starts: Vec<u32>,
    /// Byte offset of each line's content end (before `\r\n` or `\n`).
    ends: Vec<u32>,
    ascii: Vec<bool>,
}

impl LineIndex {
    /// Index `text` (any size up to 4 GiB).
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0u32];
        let mut ends = Vec::new();
        let mut ascii = Vec::new();
        let mut from = 0usize;
        for nl in memchr::memchr_iter(b'\n', bytes) {
            let end = if nl > from && bytes[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            };
            ends.push(end as u32);
            ascii.push(bytes[from..end].is_ascii());
            starts.push(nl as u32 + 1);
            from = nl + 1;
        }
        ends.push(text.len() as u32);
        ascii.push(bytes[from..].is_ascii());
        LineIndex {
            len: text.len() as u32,
            starts,
            ends,
            ascii,
        }
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> u32 {
        self.starts.len() as u32
    }

    /// Byte length of the text indexed.
    pub fn len(&self) -> u32 {
        self.len
    }

    /// Whether the text indexed was empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The byte range of line `line`'s content (without its line end), clamped.
    pub fn line_range(&self, line: u32) -> std::ops::Range<usize> {
        let l = (line as usize).min(self.starts.len() - 1);
        self.starts[l] as usize..self.ends[l] as usize
    }

    /// The 0-based line holding byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: u32) -> u32 {
        let offset = offset.min(self.len);
        (self.starts.partition_point(|s| *s <= offset).max(1) - 1) as u32
    }

    /// Byte offset → position. `text` must be the text the index was built from.
    pub fn position(&self, text: &str, offset: u32, enc: Encoding) -> LineCol {
        let line = self.line_of(offset);
        let l = line as usize;
        let start = self.starts[l] as usize;
        // An offset inside the line end counts as the end of the line.
        let mut offset = (offset as usize).min(self.ends[l] as usize).max(start);
        while offset > start && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let col = if self.ascii[l] || enc == Encoding::Utf8 {
            offset - start
        } else {
            let s = text.get(start..offset).unwrap_or("");
            match enc {
                Encoding::Chars => s.chars().count(),
                Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
                Encoding::Utf8 => s.len(),
            }
        };
        LineCol {
            line,
            col: col as u32,
        }
    }

    /// Position → byte offset. A column past the line's end gives the line's end; a line past
    /// the last gives the end of the text; a column inside a character gives its start.
    pub fn offset(&self, text: &str, pos: LineCol, enc: Encoding) -> u32 {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.len;
        };
        let l = pos.line as usize;
        let end = self.ends[l];
        if self.ascii[l] {
            return (start + pos.col).min(end);
        }
        let line = text.get(start as usize..end as usize).unwrap_or("");
        if enc == Encoding::Utf8 {
            let mut at = (pos.col as usize).min(line.len());
            while at > 0 && !line.is_char_boundary(at) {
                at -= 1;
            }
            return start + at as u32;
        }
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            let w = match enc {
                Encoding::Utf16 => c.len_utf16() as u32,
                _ => 1,
            };
            if units + w > pos.col {
                return start + i as u32;
            }
            units += w;
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lc(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    #[test]
    fn ascii_lines_with_lf_and_crlf() {
        let text = "ab\r\ncd\nef";
        let ix = LineIndex::new(text);
        assert_eq!(ix.line_count(), 3);
        assert_eq!(ix.position(text, 0, Encoding::Utf16), lc(0, 0));
        assert_eq!(ix.position(text, 2, Encoding::Utf16), lc(0, 2));
        // Inside "\r\n": the end of the line.
        assert_eq!(ix.position(text, 3, Encoding::Utf16), lc(0, 2));
        assert_eq!(ix.position(text, 4, Encoding::Utf16), lc(1, 0));
        assert_eq!(ix.position(text, 9, Encoding::Chars), lc(2, 2));
        assert_eq!(ix.offset(text, lc(1, 1), Encoding::Utf16), 5);
        assert_eq!(ix.line_range(0), 0..2);
    }

    #[test]
    fn dash_and_emoji_count_differently_in_each_encoding() {
        // "—" is 3 UTF-8 bytes, 1 UTF-16 unit; "🙂" is 4 bytes, 2 UTF-16 units.
        let text = "a — 🙂 x\n";
        let ix = LineIndex::new(text);
        let x = text.find('x').unwrap() as u32;
        assert_eq!(x, 11);
        assert_eq!(ix.position(text, x, Encoding::Utf8), lc(0, 11));
        assert_eq!(ix.position(text, x, Encoding::Utf16), lc(0, 7));
        assert_eq!(ix.position(text, x, Encoding::Chars), lc(0, 6));
        assert_eq!(ix.offset(text, lc(0, 7), Encoding::Utf16), x);
        assert_eq!(ix.offset(text, lc(0, 6), Encoding::Chars), x);
        assert_eq!(ix.offset(text, lc(0, 11), Encoding::Utf8), x);
        // Inside the emoji's surrogate pair or its bytes: its start.
        let emoji = text.find('🙂').unwrap() as u32;
        assert_eq!(ix.offset(text, lc(0, 5), Encoding::Utf16), emoji);
        assert_eq!(ix.offset(text, lc(0, 9), Encoding::Utf8), emoji);
        assert_eq!(ix.position(text, emoji + 2, Encoding::Utf16), lc(0, 4));
    }

    #[test]
    fn positions_past_the_end_clamp() {
        let text = "ab\ncd";
        let ix = LineIndex::new(text);
        assert_eq!(ix.offset(text, lc(0, 99), Encoding::Utf16), 2);
        assert_eq!(ix.offset(text, lc(7, 0), Encoding::Utf16), 5);
        assert_eq!(ix.position(text, 99, Encoding::Utf16), lc(1, 2));
        let empty = LineIndex::new("");
        assert_eq!(empty.position("", 0, Encoding::Utf16), lc(0, 0));
        assert_eq!(empty.offset("", lc(3, 3), Encoding::Utf16), 0);
    }

    proptest! {
        #[test]
        fn every_char_boundary_round_trips(text in "(\\PC|\r|\n|—|🙂){0,60}") {
            let ix = LineIndex::new(&text);
            for enc in [Encoding::Chars, Encoding::Utf8, Encoding::Utf16] {
                for (i, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                    let pos = ix.position(&text, i as u32, enc);
                    let back = ix.offset(&text, pos, enc);
                    let in_line_end = text[..i].ends_with('\r') && text[i..].starts_with('\n');
                    if in_line_end {
                        prop_assert_eq!(back as usize, i - 1);
                    } else {
                        prop_assert_eq!(back as usize, i);
                    }
                }
            }
        }

        #[test]
        fn any_position_maps_inside_the_text(text in "(\\PC|\n|🙂){0,40}", line in 0u32..10, col in 0u32..80) {
            let ix = LineIndex::new(&text);
            for enc in [Encoding::Chars, Encoding::Utf8, Encoding::Utf16] {
                let off = ix.offset(&text, LineCol { line, col }, enc) as usize;
                prop_assert!(off <= text.len());
                prop_assert!(text.is_char_boundary(off));
            }
        }
    }
}
