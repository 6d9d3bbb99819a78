//! `textDocument/hover`: a rule's explain page on a code in a suppression or `rule` line, or on
//! a finding; on an entry header its round, deadline D, check-in number and next action.

use super::facts;
use crate::lsp::session::Analysis;
use crate::rule::Rule;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

/// The explain page of a rule, as Markdown.
pub fn page(rule: Rule) -> String {
    format!(
        "### {} {}\n\n{} (default: {})\n\n{}",
        rule.code(),
        rule.name(),
        rule.summary(),
        rule.default_severity().as_str(),
        rule.explain()
    )
}

pub fn hover(a: &Analysis<'_, '_>, pos: Position) -> Option<Hover> {
    let text = a.text(0);
    let offset = a.offset(pos);
    let line = a.journal.sources.files.first().map(|_| {
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        (start, &text[start..end])
    });
    // A rule code or name in `; nudge: allow …` or `rule CODE …`.
    if let (Some((start, word)), Some((line_start, line))) = (super::word_at(text, offset), line) {
        let before = &text[line_start..start];
        let in_allow = before.contains("nudge:") && before.contains("allow");
        let in_rule = line.starts_with("rule ") || line.starts_with("rule\t");
        if in_allow || in_rule {
            if let Some(rule) = Rule::lookup(word) {
                return Some(markdown(a, page(rule), Some((start, start + word.len()))));
            }
        }
    }
    let mut parts = Vec::new();
    let mut range = None;
    if let Some(i) = a.entry_at(offset) {
        let e = &a.journal.entries[i];
        if offset as u32 <= e.header.end && offset as u32 >= e.header.start {
            parts.push(entry_text(a, i));
            range = Some((e.header.start as usize, e.header.end as usize));
        }
    }
    let mut seen = Vec::new();
    for d in &a.diagnostics {
        let (s, en) = (d.span.start as usize, d.span.end as usize);
        if d.span.file == 0 && s <= offset && offset <= en && !seen.contains(&d.rule) {
            seen.push(d.rule);
            parts.push(format!(
                "**{}** {}\n\n{}",
                d.code(),
                facts::one_line(&d.message),
                page(d.rule)
            ));
            range.get_or_insert((s, en));
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(markdown(a, parts.join("\n\n---\n\n"), range))
}

fn markdown(a: &Analysis<'_, '_>, value: String, range: Option<(usize, usize)>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: range.map(|(s, e)| a.range(crate::model::Span::new(0, s, e))),
    }
}

/// What the policy's clock says about entry `i`, as Markdown lines.
pub fn entry_text(a: &Analysis<'_, '_>, i: usize) -> String {
    let e = &a.journal.entries[i];
    let timeline = facts::checked(a);
    let mut lines = vec![format!(
        "**{}{}** `{}`",
        if e.planned { "planned " } else { "" },
        e.kind.as_str(),
        e.opportunity
    )];
    let Some(opp) = timeline.get(e.opportunity) else {
        return lines.join("\n\n");
    };
    if let Some(title) = opp.title(a.journal) {
        lines[0].push_str(&format!(" — {}", facts::one_line(&title)));
    }
    let f = facts::entry_facts(opp, i);
    match f.round {
        Some(r) => lines.push(format!("round {r} of {}", opp.rounds.len())),
        None => lines.push("before the first interview: no round".into()),
    }
    if let Some((d, assumed)) = f.deadline {
        let how = if assumed {
            "assumed: `assumed-wait` after the interview or reply"
        } else {
            "given by `expect:`"
        };
        lines.push(format!("deadline D: {d} ({how})"));
    }
    match f.check_in {
        Some(Some(n)) => lines.push(format!("check-in #{n}")),
        Some(None) => lines.push("premature check-in: on or before D, takes no number".into()),
        None => {}
    }
    if opp.closed_by.is_some() {
        lines.push("the opportunity is closed".into());
    } else if let Some(next) = facts::next_action(a, e.opportunity) {
        lines.push(format!("next: {}", facts::action_text(&next)));
    }
    lines.join("\n\n")
}
