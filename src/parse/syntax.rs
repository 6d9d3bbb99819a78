//! The lossless syntax of a journal: every line with its indentation, content, trailing
//! trivia (blanks and an inline comment) and line end. [`print()`] gives the input back byte for
//! byte; `nudge fmt` prints the same lines canonically.

use super::classify::{shape, Shape, DIRECTIVES};
use super::line::{self, Header, Indented};
use super::{bom_len, lines};

/// What a line is, with its parsed parts.
#[derive(Debug, Clone)]
pub enum LineKind<'a> {
    Blank,
    /// A comment line (at column 0 or indented).
    Comment,
    Header(Header<'a>),
    /// A directive: its word and its arguments (the inline comment is in the trailing trivia).
    Directive {
        word: &'a str,
        args: &'a str,
    },
    Attribute {
        key: &'a str,
        value: &'a str,
    },
    Body(&'a str),
    /// A line that does not parse; printed as it is.
    Error,
}

/// One physical line, split so that `indent + content + trailing + eol` is the line.
#[derive(Debug, Clone)]
pub struct SyntaxLine<'a> {
    pub indent: &'a str,
    pub content: &'a str,
    /// Blanks after the content and an inline comment, if any.
    pub trailing: &'a str,
    pub eol: &'a str,
    pub kind: LineKind<'a>,
}

impl SyntaxLine<'_> {
    /// The inline comment in the trailing trivia, from its `;` or `#`.
    pub fn comment(&self) -> Option<&str> {
        let c = self.trailing.trim_start_matches(line::BLANKS);
        (!c.is_empty()).then_some(c)
    }
}

/// A journal file as lines.
#[derive(Debug, Clone)]
pub struct SyntaxFile<'a> {
    pub bom: &'a str,
    pub lines: Vec<SyntaxLine<'a>>,
}

/// Split a text into syntax lines.
pub fn parse(text: &str) -> SyntaxFile<'_> {
    let bom = &text[..bom_len(text)];
    let lines = lines(text, bom.len())
        .map(|(_, content, eol)| classify(content, eol))
        .collect();
    SyntaxFile { bom, lines }
}

fn classify<'a>(full: &'a str, eol: &'a str) -> SyntaxLine<'a> {
    let body = full.trim_start_matches(line::BLANKS);
    let indent = &full[..full.len() - body.len()];
    let whole = |kind| SyntaxLine {
        indent,
        content: body,
        trailing: "",
        eol,
        kind,
    };
    let split = |content: &'a str, kind| {
        let end = line::offset(body, content) + content.len();
        SyntaxLine {
            indent,
            content: &body[..end],
            trailing: &body[end..],
            eol,
            kind,
        }
    };
    match shape(full) {
        Shape::TooLong => whole(LineKind::Error),
        Shape::Blank => SyntaxLine {
            indent: "",
            content: "",
            trailing: full,
            eol,
            kind: LineKind::Blank,
        },
        Shape::Comment => whole(LineKind::Comment),
        Shape::Indented { rest, .. } => match line::indented(rest) {
            Ok(Indented::Comment(_)) => whole(LineKind::Comment),
            Ok(Indented::Body(text)) => whole(LineKind::Body(text)),
            Ok(Indented::Attribute { key, value }) => {
                let trimmed = body.trim_end_matches(line::BLANKS);
                split(trimmed, LineKind::Attribute { key, value })
            }
            Err(_) => whole(LineKind::Error),
        },
        Shape::Header => match line::header(body) {
            Ok(h) => split(line::split_comment(body).0, LineKind::Header(h)),
            Err(_) => whole(LineKind::Error),
        },
        Shape::Directive => {
            let (content, _) = line::split_comment(body);
            let (word, rest) = line::directive_word(content);
            let args = rest.trim_matches(line::BLANKS);
            if DIRECTIVES.contains(&word) {
                split(content, LineKind::Directive { word, args })
            } else {
                whole(LineKind::Error)
            }
        }
    }
}

/// The text back, byte for byte.
pub fn print(file: &SyntaxFile<'_>) -> String {
    let mut out = String::from(file.bom);
    for l in &file.lines {
        out.push_str(l.indent);
        out.push_str(l.content);
        out.push_str(l.trailing);
        out.push_str(l.eol);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_trivia_from_content() {
        let f = parse("2026-11-02 note a \"t\"   ; hi\r\n\tvia: email  \n");
        assert_eq!(f.lines[0].content, "2026-11-02 note a \"t\"");
        assert_eq!(f.lines[0].comment(), Some("; hi"));
        assert_eq!(f.lines[0].eol, "\r\n");
        assert_eq!(f.lines[1].indent, "\t");
        assert_eq!(f.lines[1].trailing, "  ");
    }

    proptest! {
        #[test]
        fn printing_gives_any_text_back(s in "(\u{feff})?([ \t;#|\"!:a-z0-9\r\n-]|2026-11-02|interview|with:){0,80}") {
            prop_assert_eq!(print(&parse(&s)), s);
        }
    }
}
