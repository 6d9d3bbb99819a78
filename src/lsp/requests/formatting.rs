//! `textDocument/formatting`: the text `nudge fmt` writes, sent as the changed lines only.

use crate::lsp::session::{Document, Session};
use lsp_types::TextEdit;
use similar::{DiffTag, TextDiff};

/// Line-level edits that turn the document into `crate::format::format` of it (none when it is
/// already formatted).
pub fn format(session: &Session, doc: &Document) -> Vec<TextEdit> {
    let old = doc.text.as_str();
    let new = crate::format::format(old);
    if new == old {
        return Vec::new();
    }
    let diff = TextDiff::from_lines(old, new.as_str());
    let old_lines: Vec<usize> = line_starts(old);
    let new_lines: Vec<usize> = line_starts(&new);
    let mut edits = Vec::new();
    for op in diff.ops() {
        if op.tag() == DiffTag::Equal {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        let (os, oe) = (old_lines[o.start], old_lines[o.end]);
        let (ns, ne) = (new_lines[n.start], new_lines[n.end]);
        edits.push(TextEdit {
            range: session.range(old, &doc.index, os, oe),
            new_text: new[ns..ne].to_string(),
        });
    }
    edits
}

/// The byte offset where each line starts, and the text's length at the end, as `similar`
/// splits lines (after each `\n`).
fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    if *v.last().unwrap_or(&0) != text.len() {
        v.push(text.len());
    }
    v
}
