//! The one classifier of physical lines (SPEC §1): the checker's driver and the lossless
//! syntax (`nudge fmt`, semantic tokens) both ask [`shape`] what a line is, then read its parts
//! with the parsers of [`super::line`].

use super::MAX_LINE;

/// The directive words a column-0 line may start with (SPEC §1.2).
pub const DIRECTIVES: [&str; 5] = ["workweek", "holiday", "policy", "rule", "include"];

/// What one physical line is, from its first bytes alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape<'a> {
    /// Longer than [`MAX_LINE`] bytes: reported and skipped, never read.
    TooLong,
    /// Empty, or blanks only.
    Blank,
    /// A comment at column 0 (`;` or `#`).
    Comment,
    /// A line under an entry: its indentation (spaces and tabs) and the rest, which
    /// [`super::line::indented`] reads as a comment, a body line or an attribute.
    Indented { indent: &'a str, rest: &'a str },
    /// A column-0 line starting with a digit: an entry header ([`super::line::header`]).
    Header,
    /// Any other column-0 line: a directive, its word one of [`DIRECTIVES`] when it is good.
    Directive,
}

/// Classify `line` (its line end removed).
pub fn shape(line: &str) -> Shape<'_> {
    if line.len() > MAX_LINE {
        return Shape::TooLong;
    }
    // Blanks are ASCII, so the byte count is where the rest starts.
    let indent = line
        .bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count();
    let rest = &line[indent..];
    if rest.is_empty() {
        return Shape::Blank;
    }
    if rest.len() != line.len() {
        let indent = &line[..line.len() - rest.len()];
        return Shape::Indented { indent, rest };
    }
    match line.as_bytes()[0] {
        b';' | b'#' => Shape::Comment,
        b'0'..=b'9' => Shape::Header,
        _ => Shape::Directive,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape(""), Shape::Blank);
        assert_eq!(shape(" \t"), Shape::Blank);
        assert_eq!(shape("; a"), Shape::Comment);
        assert_eq!(shape("# a"), Shape::Comment);
        assert_eq!(
            shape("\t; a"),
            Shape::Indented {
                indent: "\t",
                rest: "; a"
            }
        );
        assert_eq!(
            shape("    with: Jane"),
            Shape::Indented {
                indent: "    ",
                rest: "with: Jane"
            }
        );
        assert_eq!(shape("2026-11-02 note x"), Shape::Header);
        assert_eq!(shape("workweek mon-fri"), Shape::Directive);
        assert_eq!(shape("hello"), Shape::Directive);
        assert_eq!(shape(&"x".repeat(MAX_LINE + 1)), Shape::TooLong);
        assert_eq!(shape(&"x".repeat(MAX_LINE)), Shape::Directive);
    }
}
