//! `textDocument/definition`, `references`, `prepareRename` and `rename`: a slug goes to the
//! entry that opened its opportunity; its references are every entry of the opportunity (in
//! the journal and its includes); renaming a slug renames it everywhere; a `to:` name goes to
//! the `with:` line of its interviewer.

use super::facts;
use super::symbols::slug_span;
use super::Failure;
use crate::diagnostic::Edit;
use crate::lsp::session::Analysis;
use crate::model::{Key, Span};
use lsp_server::ErrorCode;
use lsp_types::{GotoDefinitionResponse, Location, Position, PrepareRenameResponse, WorkspaceEdit};

/// The slug under `offset` in a header of the open document.
fn slug_at<'a>(a: &Analysis<'_, 'a>, offset: usize) -> Option<(&'a str, Span)> {
    let i = a.entry_at(offset)?;
    let e = &a.journal.entries[i];
    let span = slug_span(a, e);
    (span.start as usize <= offset && offset <= span.end as usize).then_some((e.opportunity, span))
}

/// Every slug of `slug`, in every file of the journal.
fn slug_spans(a: &Analysis<'_, '_>, slug: &str) -> Vec<Span> {
    a.journal
        .entries
        .iter()
        .filter(|e| e.opportunity == slug)
        .map(|e| slug_span(a, e))
        .collect()
}

pub fn definition(a: &Analysis<'_, '_>, pos: Position) -> Option<GotoDefinitionResponse> {
    let offset = a.offset(pos);
    if let Some((slug, _)) = slug_at(a, offset) {
        let timeline = facts::checked(a);
        let opener = timeline.get(slug)?.opened_by?;
        let span = slug_span(a, &a.journal.entries[opener]);
        return Some(GotoDefinitionResponse::Scalar(a.location(span)));
    }
    // A `to:` name → the `with:` line of the round's interviewer it matches.
    let i = a.entry_at(offset)?;
    let e = &a.journal.entries[i];
    let (person, _) = e.people(Key::To).find(|(_, span)| {
        span.file == 0 && span.start as usize <= offset && offset <= span.end as usize
    })?;
    let timeline = facts::checked(a);
    let opp = timeline.get(e.opportunity)?;
    let round = facts::entry_facts(opp, i).round?;
    let interviewer = opp
        .rounds
        .get(round - 1)?
        .interviewers
        .iter()
        .find(|x| x.person.matches(&person))?;
    Some(GotoDefinitionResponse::Scalar(a.location(interviewer.span)))
}

pub fn references(a: &Analysis<'_, '_>, pos: Position) -> Option<Vec<Location>> {
    let (slug, _) = slug_at(a, a.offset(pos))?;
    Some(
        slug_spans(a, slug)
            .into_iter()
            .map(|s| a.location(s))
            .collect(),
    )
}

pub fn prepare_rename(a: &Analysis<'_, '_>, pos: Position) -> Option<PrepareRenameResponse> {
    let (slug, span) = slug_at(a, a.offset(pos))?;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: a.range(span),
        placeholder: slug.to_string(),
    })
}

/// Whether `s` is a slug: `[a-z0-9][a-z0-9._-]*`.
pub fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

pub fn rename(
    a: &Analysis<'_, '_>,
    pos: Position,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>, Failure> {
    let Some((slug, _)) = slug_at(a, a.offset(pos)) else {
        return Ok(None);
    };
    if !is_slug(new_name) {
        return Err((
            ErrorCode::InvalidParams,
            format!("`{new_name}` is not a slug: lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit"),
        ));
    }
    let edits: Vec<Edit> = slug_spans(a, slug)
        .into_iter()
        .map(|span| Edit {
            span,
            replacement: new_name.to_string(),
        })
        .collect();
    Ok(Some(super::code_actions::workspace_edit(a, &edits)))
}
