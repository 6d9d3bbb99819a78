//! `nudge fmt`: the canonical layout of a journal. Every comment, body line and value is kept;
//! only spacing, indentation and blank-line runs change. Lines that do not parse are kept as
//! they are.

use crate::parse::line::BLANKS;
use crate::parse::syntax::{self, LineKind, SyntaxLine};

/// The indentation of attributes, bodies and comments under an entry.
pub const INDENT: &str = "    ";

/// Format a journal text. The line ending of the first line (LF or CRLF) is used throughout,
/// a BOM is kept, runs of blank lines become one (trailing ones go), and the text ends with one
/// line end.
pub fn format(text: &str) -> String {
    let file = syntax::parse(text);
    let crlf = file.lines.first().is_some_and(|l| l.eol == "\r\n");
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(file.bom);
    let mut blank_pending = false;
    for l in &file.lines {
        if matches!(l.kind, LineKind::Blank) {
            // Leading blank lines stay (as one): dropping them could turn a stray U+FEFF at the
            // start of the next line into a byte-order mark.
            blank_pending = true;
            continue;
        }
        if blank_pending {
            out.push_str(eol);
            blank_pending = false;
        }
        let mut line = canonical(l);
        let original_len = l.indent.len() + l.content.len() + l.trailing.len();
        if (line.len() > crate::parse::MAX_LINE) != (original_len > crate::parse::MAX_LINE) {
            // Re-indenting would move the line across the line-length limit, and so change
            // what the journal means (SPEC §4): keep it as it was.
            line = format!("{}{}{}", l.indent, l.content, l.trailing);
        }
        if line.ends_with('\r') {
            // Trimming left a lone CR at the end: keep the line as it was instead.
            line = format!("{}{}{}", l.indent, l.content, l.trailing);
        }
        out.push_str(&line);
        // A line that ends in a lone CR keeps it only when a CRLF follows.
        out.push_str(if line.ends_with('\r') { "\r\n" } else { eol });
    }
    out
}

/// One line in canonical layout.
fn canonical(l: &SyntaxLine<'_>) -> String {
    let indent = if l.indent.is_empty() { "" } else { INDENT };
    let mut s = match &l.kind {
        LineKind::Blank => String::new(),
        LineKind::Comment => format!("{indent}{}", l.content.trim_end_matches(BLANKS)),
        LineKind::Error => format!("{}{}", l.indent, l.content.trim_end_matches(BLANKS)),
        LineKind::Body(b) => match b.trim_end_matches(BLANKS) {
            "" => format!("{INDENT}|"),
            text => format!("{INDENT}| {text}"),
        },
        LineKind::Attribute { key, value: "" } => format!("{INDENT}{key}:"),
        LineKind::Attribute { key, value } => format!("{INDENT}{key}: {value}"),
        LineKind::Directive { word, args: "" } => word.to_string(),
        LineKind::Directive { word, args } => format!("{word} {args}"),
        LineKind::Header(h) => {
            let e = &h.entry;
            let mut s = e.date.format("%Y-%m-%d").to_string();
            if let Some(t) = e.time {
                s.push_str(&t.format(" %H:%M").to_string());
            }
            if e.planned {
                s.push_str(" !");
            }
            s.push(' ');
            s.push_str(e.kind.as_str());
            s.push(' ');
            s.push_str(e.opportunity);
            match (e.text, h.quoted) {
                (Some(t), true) => s.push_str(&format!(" \"{t}\"")),
                (Some(t), false) => s.push_str(&format!(" {t}")),
                (None, _) => {}
            }
            s
        }
    };
    if let Some(c) = l.comment() {
        s.push_str("  ");
        s.push_str(c.trim_end_matches(BLANKS));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_layout_keeps_comments_and_values() {
        let input = "workweek   mon-fri ; ours\n\n\n2026-11-02  10:00 interview  acme \"Acme\"   ; hi\n\twith:   Jane Doe\n  |  Hello there  \n  ; nudge: allow X001\n";
        let want = "workweek mon-fri  ; ours\n\n2026-11-02 10:00 interview acme \"Acme\"  ; hi\n    with: Jane Doe\n    |  Hello there\n    ; nudge: allow X001\n";
        assert_eq!(format(input), want);
        assert_eq!(format(want), want);
    }

    #[test]
    fn keeps_crlf_and_bom_and_bad_lines() {
        let input = "\u{feff}2026-02-30 note x\r\n2026-11-02 note x\r\n";
        assert_eq!(format(input), input);
    }
}
