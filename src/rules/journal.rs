//! Journal-level rules that need the whole journal: J002 unknown-opportunity, J003 future-entry.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::suggest::did_you_mean;

pub(super) fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let opened: Vec<&str> = cx
        .timeline
        .opportunities
        .iter()
        .filter(|o| o.opened_by.is_some())
        .map(|o| o.slug)
        .collect();
    for opp in &cx.timeline.opportunities {
        if opp.opened_by.is_some() {
            continue;
        }
        let mean = did_you_mean(opp.slug, opened.iter().copied());
        for &i in &opp.entries {
            let e = cx.entry(i);
            if !e.kind.needs_open_opportunity() {
                continue;
            }
            let message = format!("no `apply` or `interview` opens `{}`{mean}", e.opportunity);
            out.push(
                Diagnostic::new("J002", e.opportunity_span, message)
                    .label("unknown opportunity")
                    .help(format!(
                        "fix the slug, or open the opportunity with an entry such as `{} apply {} \"Company — Role\"`",
                        e.date, e.opportunity
                    ))
                    .opportunity(e.opportunity),
            );
        }
    }
    for e in &cx.journal.entries {
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
