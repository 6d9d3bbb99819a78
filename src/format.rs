//! `nudge fmt`: the canonical layout of a journal. Every comment, body line and value is kept;
//! only spacing, indentation and blank-line runs change. Lines that do not parse are kept as
//! they are.

use crate::parse::line::{self, Indented};
use crate::parse::{bom_len, lines, MAX_LINE};

/// The indentation of attributes, bodies and comments under an entry.
pub const INDENT: &str = "    ";

/// Format a journal text. The line ending of the first line (LF or CRLF) is used throughout,
/// a BOM is kept, runs of blank lines become one, and the text ends with one line end.
pub fn format(text: &str) -> String {
    let bom = bom_len(text);
    let crlf = lines(text, bom)
        .next()
        .is_some_and(|(_, _, eol)| eol == "\r\n");
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..bom]);
    let mut blank_pending = false;
    let mut any = false;
    for (_, content, _) in lines(text, bom) {
        let trimmed = content.trim_start_matches([' ', '\t']);
        if trimmed.trim().is_empty() {
            blank_pending = any;
            continue;
        }
        if blank_pending {
            out.push_str(eol);
            blank_pending = false;
        }
        any = true;
        out.push_str(&format_line(content, trimmed));
        out.push_str(eol);
    }
    out
}

fn format_line(content: &str, trimmed: &str) -> String {
    if content.len() > MAX_LINE {
        return content.to_string();
    }
    let indented = trimmed.len() != content.len();
    if indented {
        return match line::indented(trimmed.trim_end()) {
            Ok(Indented::Comment(c)) => format!("{INDENT}{c}"),
            Ok(Indented::Body("")) => format!("{INDENT}|"),
            Ok(Indented::Body(b)) => format!("{INDENT}| {}", b.trim_end()),
            Ok(Indented::Attribute { key, value: "" }) => format!("{INDENT}{key}:"),
            Ok(Indented::Attribute { key, value }) => format!("{INDENT}{key}: {value}"),
            Err(_) => content.trim_end().to_string(),
        };
    }
    if trimmed.starts_with(';') || trimmed.starts_with('#') {
        return content.trim_end().to_string();
    }
    if content.as_bytes()[0].is_ascii_digit() {
        let Ok(h) = line::header(content) else {
            return content.trim_end().to_string();
        };
        let mut s = h.date.format("%Y-%m-%d").to_string();
        if let Some(t) = h.time {
            s.push_str(&t.format(" %H:%M").to_string());
        }
        if h.planned {
            s.push_str(" !");
        }
        s.push(' ');
        s.push_str(h.kind.as_str());
        s.push(' ');
        s.push_str(h.opportunity);
        match (h.text, h.quoted) {
            (Some(t), true) => s.push_str(&format!(" \"{t}\"")),
            (Some(t), false) => s.push_str(&format!(" {t}")),
            (None, _) => {}
        }
        if let Some(c) = h.comment {
            s.push_str("  ");
            s.push_str(c.trim_end());
        }
        return s;
    }
    let (body, comment) = line::split_comment(content);
    let (word, rest) = line::directive_word(body);
    let args = rest.trim();
    let mut s = word.to_string();
    if !args.is_empty() {
        s.push(' ');
        s.push_str(args);
    }
    if let Some(c) = comment {
        s.push_str("  ");
        s.push_str(c.trim_end());
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
