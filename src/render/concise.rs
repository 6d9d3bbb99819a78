//! `check --format concise` (SPEC §3.6): one line per finding,
//! `FILE:LINE:COL: SEVERITY CODE message`, text escaped for a terminal.

use super::Locator;
use crate::diagnostic::Diagnostic;
use crate::model::SourceMap;

/// One line per finding, in the order given (no summary line), written to `out` one at a time
/// from the diagnostics `diags` yields.
pub fn write<'d>(
    out: &mut dyn std::io::Write,
    diags: impl IntoIterator<Item = &'d Diagnostic>,
    sources: &SourceMap<'_>,
) -> std::io::Result<()> {
    let mut locator = Locator::new(sources);
    for d in diags {
        let (line, column) = locator.locate(d.span);
        out.write_all(
            format!(
                "{}:{line}:{column}: {} {} {}\n",
                escape_terminal(sources.path(d.span.file)),
                d.severity.as_str(),
                d.code(),
                escape_terminal(&d.message.replace(['\n', '\r'], " "))
            )
            .as_bytes(),
        )?;
    }
    Ok(())
}

/// Text for one terminal line: control characters other than tab, and bidirectional
/// overrides, shown as `\u{..}` escapes (SPEC §4.1). (The escaping module of SPEC §4.1 is the
/// place for this once it exists; every terminal renderer here calls this one function.)
pub fn escape_terminal(text: &str) -> String {
    crate::escape::terminal(text)
        .replace("\r\n", "\\u{d}\\u{a}")
        .replace('\n', "\\u{a}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_and_bidi_overrides_are_shown_escaped() {
        assert_eq!(
            super::escape_terminal("a\u{1b}[31mb\u{202e}c\td"),
            "a\\u{1b}[31mb\\u{202e}c\td"
        );
    }
}
