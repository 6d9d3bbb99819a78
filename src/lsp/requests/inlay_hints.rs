//! `textDocument/inlayHint`: the policy's clock inside the text. After an interview or reply
//! header `D 2026-11-09` (`D 2026-11-09 (assumed)` when no `expect:` gave it); after a check-in
//! `#2` or `premature`; after an opportunity's last entry its next action and window.

use super::facts;
use crate::lsp::session::Analysis;
use crate::model::Span;
use crate::timeline::{self, Planned};
use lsp_types::{InlayHint, InlayHintKind, InlayHintLabel, Range};

pub fn hints(a: &Analysis<'_, '_>, range: Range) -> Vec<InlayHint> {
    let from = a.offset(range.start) as u32;
    let to = a.offset(range.end) as u32;
    let checked = facts::checked(a);
    let pending = timeline::build(a.journal, &a.settings, Planned::Pending);
    let mut out: Vec<(u32, InlayHint)> = Vec::new();
    let mut hint = |at: u32, label: String, tooltip: &str| {
        if at < from || at > to {
            return;
        }
        out.push((
            at,
            InlayHint {
                position: a.range(Span::new(0, at as usize, at as usize)).start,
                label: InlayHintLabel::String(label),
                kind: Some(InlayHintKind::TYPE),
                text_edits: None,
                tooltip: Some(lsp_types::InlayHintTooltip::String(tooltip.to_string())),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            },
        ));
    };
    for opp in &checked.opportunities {
        for &i in &opp.entries {
            let e = &a.journal.entries[i];
            if e.header.file != 0 {
                continue;
            }
            let f = facts::entry_facts(opp, i);
            if facts::sets_deadline(e.kind) && !e.planned {
                if let Some((d, assumed)) = f.sets_deadline {
                    let label = if assumed {
                        format!("D {d} (assumed)")
                    } else {
                        format!("D {d}")
                    };
                    hint(e.header.end, label, "the decision date D of this round");
                }
            }
            match f.check_in {
                Some(Some(n)) => hint(e.header.end, format!("#{n}"), "check-in number after D"),
                Some(None) => hint(
                    e.header.end,
                    "premature".into(),
                    "on or before the deadline D: takes no number (C001)",
                ),
                None => {}
            }
        }
        let Some(&last) = opp.entries.last() else {
            continue;
        };
        let e = &a.journal.entries[last];
        if e.block.file != 0 {
            continue;
        }
        if let Some(p) = pending.get(opp.slug) {
            if let Some(next) = facts::next_action_of(a, &pending, p) {
                hint(
                    e.block.end,
                    format!("next: {}", facts::action_text(&next)),
                    next.action.hint(),
                );
            }
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, h)| h).collect()
}
