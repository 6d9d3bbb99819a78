//! Journal-level rules that need the whole journal: J002 unknown-opportunity, J003 future-entry.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Kind;
use crate::suggest::did_you_mean;
use crate::timeline::Opportunity;
use std::ops::Range;

/// J002 for one opportunity that no `apply` or `interview` opens.
pub(super) fn opportunity(
    cx: &Context<'_, '_>,
    opp: &Opportunity<'_>,
    opened: &[&str],
    out: &mut Vec<Diagnostic>,
) {
    if opp.opened_by.is_some() {
        return;
    }
    let mut mean = None;
    for &i in &opp.entries {
        let e = cx.entry(i);
        if !e.kind.needs_open_opportunity() {
            continue;
        }
        let mean = mean.get_or_insert_with(|| did_you_mean(opp.slug, opened.iter().copied()));
        let message = format!("no `apply` or `interview` opens `{}`{mean}", e.opportunity);
        out.push(
            Diagnostic::new("J002", slug_span(cx, e), message)
                .label("unknown opportunity")
                .help(format!(
                    "fix the slug, or open the opportunity with an entry such as `{} apply {} \"Company — Role\"`",
                    e.date, e.opportunity
                ))
                .opportunity(e.opportunity),
        );
        if let (Some(d), Some(to)) = (
            out.last_mut(),
            crate::suggest::closest(opp.slug, opened.iter().copied()),
        ) {
            d.fix = Some(crate::diagnostic::Fix::replace(
                format!("Replace with `{to}`"),
                d.span,
                to,
            ));
        }
    }
}

/// Where an entry's slug is: found from its place in the header line.
fn slug_span(cx: &Context<'_, '_>, e: &crate::model::Entry<'_>) -> crate::model::Span {
    let header = cx.journal.sources.text(e.header);
    let start = e.header.start as usize + crate::parse::line::offset(header, e.opportunity);
    crate::model::Span::new(e.header.file, start, start + e.opportunity.len())
}

/// The slugs that an `apply` or `interview` opens, for "did you mean".
pub(super) fn opened<'a>(cx: &Context<'_, 'a>) -> Vec<&'a str> {
    let mut v: Vec<&str> = cx
        .journal
        .entries
        .iter()
        .filter(|e| matches!(e.kind, Kind::Apply | Kind::Interview))
        .map(|e| e.opportunity)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// J003 future-entry.
pub(super) fn check(cx: &Context<'_, '_>, range: Range<usize>, out: &mut Vec<Diagnostic>) {
    for e in cx.journal.entries[range].iter().filter(|e| cx.in_focus(e)) {
        if !e.planned && e.date > cx.today {
            let days = (e.date - cx.today).num_days();
            out.push(
                Diagnostic::new(
                    "J003",
                    e.header,
                    format!(
                        "this {} is dated {}, {} after today ({})",
                        e.kind.as_str(),
                        e.date,
                        super::plural(days, "day"),
                        cx.today
                    ),
                )
                .help(format!(
                    "if it is not sent yet, mark it planned: `{} ! {} {}`",
                    e.date,
                    e.kind.as_str(),
                    e.opportunity
                ))
                .opportunity(e.opportunity),
            );
        }
    }
}
