//! `check --format sarif` (SPEC §3.6): a SARIF 2.1.0 log with one run, the rule catalogue as
//! `tool.driver.rules`, 1-based regions counted in Unicode code points.

use super::Locator;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{SourceMap, Span};
use crate::rules::registry;
use serde_json::{json, Value};

/// A path as a relative URI reference: `/` kept, everything outside RFC 3986's unreserved
/// characters percent-encoded (`<stdin>` → `%3Cstdin%3E`), `\` read as `/`.
pub fn uri(path: &str) -> String {
    let mut s = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                s.push(b as char)
            }
            b'\\' => s.push('/'),
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Off => "none",
    }
}

/// The SARIF log as one line of JSON, written to `out` with one result held at a time: the log
/// around the results is written first and last, each result in between as it is made.
pub fn write<'d>(
    out: &mut dyn std::io::Write,
    diags: impl IntoIterator<Item = &'d Diagnostic>,
    sources: &SourceMap<'_>,
) -> std::io::Result<()> {
    let rules: Vec<Value> = registry::RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code(),
                "name": r.name(),
                "shortDescription": {"text": r.summary()},
                "fullDescription": {"text": r.summary()},
                "help": {"text": r.explain(), "markdown": r.explain()},
                "defaultConfiguration": {"level": level(r.default_severity())},
                "properties": {"family": r.family()},
            })
        })
        .collect();
    let mut locator = Locator::new(sources);
    let results = diags.into_iter().map(|d| {
        let (start_line, start_column) = locator.locate(d.span);
        let mut region = json!({"startLine": start_line, "startColumn": start_column});
        if d.span.end > d.span.start {
            let end = Span {
                start: d.span.end,
                ..d.span
            };
            let (end_line, end_column) = locator.locate_end(end);
            region["endLine"] = json!(end_line);
            region["endColumn"] = json!(end_column);
        }
        let mut text = d.message.clone();
        if let Some(h) = &d.help {
            text.push_str("\nhelp: ");
            text.push_str(h);
        }
        let mut result = json!({
            "ruleId": d.code(),
            "level": level(d.severity),
            "message": {"text": text},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(sources.path(d.span.file))},
                    "region": region,
                }
            }],
        });
        if let Some(i) = registry::RULES.iter().position(|r| *r == d.rule) {
            result["ruleIndex"] = json!(i);
        }
        if let Some(o) = &d.opportunity {
            result["properties"] = json!({"opportunity": o});
        }
        result
    });
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "nudge",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": [],
        }],
    });
    // Keys are written sorted, and a key's quotes inside a string are escaped: the one
    // `"results":[]` is the empty list to fill.
    let log = log.to_string();
    let (head, tail) = log
        .split_once("\"results\":[]")
        .unwrap_or((log.as_str(), ""));
    out.write_all(head.as_bytes())?;
    out.write_all(b"\"results\":[")?;
    for (k, result) in results.enumerate() {
        if k > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, &result)?;
    }
    out.write_all(b"]")?;
    out.write_all(tail.as_bytes())?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("dir/my journal.nudge"), "dir/my%20journal.nudge");
        assert_eq!(uri("é"), "%C3%A9");
    }
}
