//! `textDocument/codeAction`: each finding's own fixes (`Diagnostic.fixes`, made by the rule that
//! knows it), "allow CODE for this entry" for any finding located in an entry, and the source
//! action "insert the next due message" (the draft `nudge draft` writes, as a planned entry).

use super::facts;
use crate::diagnostic::{Edit, Fix};
use crate::lsp::notifications::to_lsp;
use crate::lsp::session::Analysis;
use crate::model::Span;
use crate::report::draft;
use crate::report::due::Status;
use crate::timeline::{self, Planned};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

pub fn actions(a: &Analysis<'_, '_>, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let from = a.offset(params.range.start) as u32;
    let to = a.offset(params.range.end) as u32;
    let wanted = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let mut out = Vec::new();
    if wanted(&CodeActionKind::QUICKFIX) {
        let mut allowed: Vec<(usize, crate::rule::Rule)> = Vec::new();
        for d in &a.diagnostics {
            if d.span.file != 0 || d.span.start > to || d.span.end < from {
                continue;
            }
            let shown = to_lsp(a, d);
            for (n, fix) in d.fixes.iter().enumerate() {
                out.push(action(
                    a,
                    fix,
                    CodeActionKind::QUICKFIX,
                    Some(shown.clone()),
                    n == 0,
                ));
            }
            let Some(i) = a.entry_at(d.span.start as usize) else {
                continue;
            };
            if allowed.contains(&(i, d.rule)) {
                continue;
            }
            allowed.push((i, d.rule));
            let e = &a.journal.entries[i];
            let fix = Fix::insert_line_after(
                format!("Allow {} for this entry", d.code()),
                a.text(0),
                e.block,
                &format!("    ; nudge: allow {}", d.code()),
            );
            out.push(action(
                a,
                &fix,
                CodeActionKind::QUICKFIX,
                Some(shown),
                false,
            ));
        }
    }
    if wanted(&CodeActionKind::SOURCE) {
        if let Some(fix) = next_message(a, from as usize) {
            out.push(action(a, &fix, CodeActionKind::SOURCE, None, false));
        }
    }
    out
}

fn action(
    a: &Analysis<'_, '_>,
    fix: &Fix,
    kind: CodeActionKind,
    diagnostic: Option<lsp_types::Diagnostic>,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title: fix.title.clone(),
        kind: Some(kind),
        diagnostics: diagnostic.map(|d| vec![d]),
        edit: Some(workspace_edit(a, &fix.edits)),
        command: None,
        is_preferred: preferred.then_some(true),
        disabled: None,
        data: None,
    })
}

/// Edits (byte spans in the journal's files) as a workspace edit over the files' URIs.
// lsp-types keys `WorkspaceEdit::changes` by `Uri`, whose hash never changes in practice.
#[allow(clippy::mutable_key_type)]
pub fn workspace_edit(a: &Analysis<'_, '_>, edits: &[Edit]) -> WorkspaceEdit {
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for e in edits {
        changes
            .entry(a.uri(e.span.file))
            .or_default()
            .push(TextEdit {
                range: a.range(e.span),
                new_text: e.replacement.clone(),
            });
    }
    WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }
}

/// The draft of the next due message for the opportunity of the entry at `offset` (else the
/// most urgent opportunity), appended to the document as a planned entry dated on the first
/// day of its window, or today when that day has passed.
fn next_message(a: &Analysis<'_, '_>, offset: usize) -> Option<Fix> {
    let pending = timeline::build(a.journal, &a.settings, Planned::Pending);
    let here = a.entry_at(offset).map(|i| a.journal.entries[i].opportunity);
    let candidates: Vec<_> = match here.and_then(|slug| pending.get(slug)) {
        Some(opp) => vec![opp],
        None => pending.opportunities.iter().collect(),
    };
    let (opp, action) = candidates
        .into_iter()
        .filter_map(|opp| Some((opp, facts::next_action_of(a, &pending, opp)?)))
        .filter(|(_, x)| x.status != Status::Planned)
        .min_by_key(|(_, x)| (x.latest, x.earliest))?;
    let round = opp.rounds.last()?;
    let mut d = draft::draft(a.journal, &a.settings, opp, round, &action);
    d.date = d.date.max(a.today);
    let text = a.text(0);
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut insert = String::new();
    if !text.is_empty() && !text.ends_with('\n') {
        insert.push_str(eol);
    }
    if !text.is_empty() {
        insert.push_str(eol);
    }
    for line in d.entry_lines() {
        insert.push_str(&line);
        insert.push_str(eol);
    }
    Some(Fix::replace(
        format!(
            "Insert the next due message: {} for {}",
            action.action.name(),
            opp.slug
        ),
        Span::new(0, text.len(), text.len()),
        insert,
    ))
}
