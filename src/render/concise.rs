//! `check --format concise` (SPEC §3.6): one line per finding,
//! `FILE:LINE:COL: SEVERITY CODE message`, text escaped for a terminal.

use super::Locator;
use crate::diagnostic::Diagnostic;
use crate::model::SourceMap;

/// One line per finding, in the order given; no summary line.
pub fn render(diags: &[Diagnostic], sources: &SourceMap<'_>) -> String {
    let mut locator = Locator::new(sources);
    let mut out = String::new();
    for d in diags {
        let (line, column) = locator.locate(d.span);
        out.push_str(&format!(
            "{}:{line}:{column}: {} {} {}\n",
            crate::cli::escape_line(sources.path(d.span.file)),
            d.severity.as_str(),
            d.code,
            crate::cli::escape_line(&d.message.replace(['\n', '\r'], " "))
        ));
    }
    out
}
