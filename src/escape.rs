//! Journal text is data: one escaper per place it goes (SPEC §4.1). Every renderer calls the
//! function for its destination on every piece of journal text (titles, names, bodies, paths,
//! messages that quote the journal) before it builds output from it.
//!
//! - [`terminal`] / [`terminal_cell`]: human output, tables, drafts, error messages, paths;
//! - [`markdown`]: Markdown table cells and headings;
//! - [`csv()`]: CSV cells (the `csv` crate adds RFC 4180 quoting afterwards);
//! - [`ics`] / [`ics_text`]: iCalendar TEXT values;
//! - [`html`] / [`html_attribute`]: HTML text nodes and attribute values;
//! - JSON needs none: serde_json escapes what JSON must.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069): text that
/// reorders what follows it on screen.
pub fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What J009 reports: a control character other than tab, or a bidirectional override.
pub fn is_suspicious(c: char) -> bool {
    (c.is_control() && c != '\t') || is_bidi_override(c)
}

/// What the non-terminal destinations drop: control characters and bidirectional overrides
/// (an override is invisible and reorders the text after it: "Trojan Source").
fn dropped(c: char) -> bool {
    c.is_control() || is_bidi_override(c)
}

/// Characters a terminal would act on or hide: controls, bidi overrides and invisible format
/// characters (zero-width marks, line/paragraph separators, a stray byte-order mark).
fn hidden_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || is_bidi_override(c)
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{2060}'..='\u{2064}'
                | '\u{061C}' | '\u{FEFF}'
        )
}

/// The visible escape of one character: `\u{1b}`.
pub fn visible(c: char) -> String {
    format!("\\u{{{:x}}}", c as u32)
}

fn map_chars(s: &str, needs: impl Fn(char) -> bool, f: impl Fn(char, &mut String)) -> Cow<'_, str> {
    if !s.chars().any(&needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if needs(c) {
            f(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for a terminal: control characters other than tab and newline, bidirectional overrides
/// and invisible format characters become visible escapes such as `\u{1b}`; a CR directly
/// before a LF (a CRLF line end) is kept.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(hidden_on_terminal) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(c);
        } else if hidden_on_terminal(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A terminal table cell: as [`terminal`], and a tab becomes a space (a newline too, so a row
/// stays one row).
pub fn terminal_cell(s: &str) -> Cow<'_, str> {
    let t = terminal(s);
    if t.contains(['\t', '\n', '\r']) {
        Cow::Owned(t.replace("\r\n", " ").replace(['\t', '\n', '\r'], " "))
    } else {
        t
    }
}

/// CommonMark punctuation that forms inline markup where a table cell can hold it: emphasis
/// (`*`, `_`), code spans, links and images (`[`, `]`), table pipes, strikethrough (`~`), math
/// (`$`) and the escape itself. Backslash-escaped; `<`, `>` and `&` are encoded as entities
/// instead (raw HTML, autolinks, entity references). Other punctuation (`(`, `-`, `.`, `#`, `!`)
/// has no inline meaning inside a cell and is left alone, so dates and titles stay readable.
fn markdown_special(c: char) -> bool {
    matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$')
}

/// A Markdown table cell or heading text: renders as the same text, never as markup or HTML.
/// Punctuation is backslash-escaped, `<` `>` `&` are encoded, line breaks and tabs become
/// spaces, other control characters are dropped.
pub fn markdown(s: &str) -> Cow<'_, str> {
    map_chars(
        s,
        |c| markdown_special(c) || matches!(c, '<' | '>' | '&') || dropped(c),
        |c, out| match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if dropped(c) => {}
            c => {
                out.push('\\');
                out.push(c);
            }
        },
    )
}

/// Full-width and ASCII characters that make a spreadsheet run a cell as a formula.
fn formula_start(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠')
}

/// A CSV cell (before RFC 4180 quoting): a tab becomes a space, other control characters are
/// dropped; then a cell whose first non-White_Space character is `=`, `+`, `-`, `@` (or their
/// full-width forms) gets a `'` prefix so a spreadsheet shows it as text.
pub fn csv(s: &str) -> Cow<'_, str> {
    let cleaned = map_chars(s, dropped, |c, out| {
        if c == '\t' {
            out.push(' ');
        }
    });
    match cleaned.chars().find(|c| !c.is_whitespace()) {
        Some(c) if formula_start(c) => Cow::Owned(format!("'{cleaned}")),
        _ => cleaned,
    }
}

/// An iCalendar TEXT value for the `icalendar` crate, which adds the RFC 5545 §3.3.11 escaping
/// itself when it writes: control characters dropped (a newline becomes a space).
pub fn ics(s: &str) -> Cow<'_, str> {
    map_chars(s, dropped, |c, out| {
        if c == '\n' {
            out.push(' ');
        }
    })
}

/// An iCalendar TEXT value written by hand: [`ics`], then `\`, `;`, `,` escaped (RFC 5545
/// §3.3.11).
pub fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in ics(s).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encode everything but RFC 3986 unreserved characters (UTF-8 bytes): for UIDs and
/// URIs that must keep every character of a name, distinctly.
pub fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// An HTML text node: `&`, `<`, `>` encoded (quotes too, so the result is also safe in a
/// quoted attribute); control characters other than tab and newline dropped.
pub fn html(s: &str) -> Cow<'_, str> {
    map_chars(
        s,
        |c| matches!(c, '&' | '<' | '>' | '"' | '\'') || (dropped(c) && c != '\t' && c != '\n'),
        |c, out| match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => {}
        },
    )
}

/// An HTML attribute value (to be written between double quotes).
pub fn html_attribute(s: &str) -> Cow<'_, str> {
    html(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_shows_controls_and_bidi_escaped() {
        assert_eq!(terminal("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(terminal("x\u{202e}y\u{2066}"), "x\\u{202e}y\\u{2066}");
        assert_eq!(terminal("tab\tnew\nline"), "tab\tnew\nline");
        assert_eq!(terminal("crlf\r\nlone\rcr"), "crlf\r\nlone\\u{d}cr");
        assert_eq!(terminal("\u{9b}31m\u{7f}"), "\\u{9b}31m\\u{7f}");
        assert_eq!(terminal("mid\u{feff}bom"), "mid\\u{feff}bom");
        assert!(matches!(terminal("Acme — é"), Cow::Borrowed(_)));
        assert_eq!(terminal_cell("a\tb\nc"), "a b c");
    }

    #[test]
    fn markdown_is_inert() {
        assert_eq!(
            markdown("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(
            markdown("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(markdown("*a* _b_ a|b"), "\\*a\\* \\_b\\_ a\\|b");
        assert_eq!(markdown("a\r\nb\tc\u{1b}d"), "a  b cd");
        assert_eq!(
            markdown("2026-11-02 → 2026-11-04"),
            "2026-11-02 → 2026-11-04"
        );
    }

    #[test]
    fn csv_neutralises_formulas_after_spaces() {
        assert_eq!(csv("=1+1"), "'=1+1");
        assert_eq!(csv(" =1+1"), "' =1+1");
        assert_eq!(csv("\u{3000}＝1"), "'\u{3000}＝1");
        assert_eq!(csv("\t-2"), "' -2");
        assert_eq!(csv("a\u{1b}b\r\nc"), "abc");
        assert_eq!(csv("Acme, Inc"), "Acme, Inc");
        assert_eq!(csv("\u{0}@x"), "'@x");
    }

    #[test]
    fn ics_drops_controls_and_escapes_text() {
        assert_eq!(ics_text("a,b;c\\d\u{1b}\r\ne"), "a\\,b\\;c\\\\d e");
        assert_eq!(
            percent("山田 太郎"),
            "%E5%B1%B1%E7%94%B0%20%E5%A4%AA%E9%83%8E"
        );
        assert_ne!(percent("山田太郎"), percent("佐藤花子"));
    }

    #[test]
    fn html_escapes_text_and_attributes() {
        assert_eq!(
            html("<a href=\"x\" onclick='y'>&</a>\u{1b}"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
