//! `check --format github` (SPEC §3.6): GitHub Actions workflow commands,
//! `::error file=…,line=…,col=…,title=CODE::message`, escaped as GitHub documents.

use super::Locator;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::SourceMap;

/// A workflow-command message: `%`, CR and LF escaped.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow-command property value: `%`, CR, LF, `:` and `,` escaped.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per finding (`::error` or `::warning`), written to `out` one line at a
/// time from the diagnostics `diags` yields.
pub fn write<'d>(
    out: &mut dyn std::io::Write,
    diags: impl IntoIterator<Item = &'d Diagnostic>,
    sources: &SourceMap<'_>,
) -> std::io::Result<()> {
    let mut locator = Locator::new(sources);
    for d in diags {
        let (line, column) = locator.locate(d.span);
        let level = match d.severity {
            Severity::Error => "error",
            _ => "warning",
        };
        let terminal = super::concise::escape_terminal;
        out.write_all(
            format!(
                "::{level} file={},line={line},col={column},title={}::{}\n",
                terminal(&escape_property(sources.path(d.span.file))),
                escape_property(d.code()),
                terminal(&escape_data(&d.message)),
            )
            .as_bytes(),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_githubs_rules() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
