//! Check-in rules C001–C007 and W001 early-withdrawal.

use super::{plural, Context};
use crate::diagnostic::Diagnostic;
use crate::model::{Key, Kind};
use crate::policy::Window;
use crate::rule::Rule;
use crate::timeline::{Opportunity, Round, Sequence};
use chrono::NaiveDate;

/// The first day of `window` after `base`, if it exists.
fn first_day(cx: &Context<'_, '_>, base: NaiveDate, window: Window) -> Option<NaiveDate> {
    cx.settings.calendar.add(base, window.from)
}

fn gap(cx: &Context<'_, '_>, window: Window, from: NaiveDate, to: NaiveDate) -> String {
    match window.from.unit {
        crate::policy::Unit::BusinessDays => plural(
            cx.settings.calendar.business_days_between(from, to),
            "business day",
        ),
        _ => plural((to - from).num_days(), "day"),
    }
}

/// The check-in number that ends the sequence: #3, or fewer when `max-check-ins` is lower.
pub fn final_number(max: u32) -> u32 {
    max.min(3)
}

/// The check-in rules, each over the whole opportunity.
pub(super) fn opportunity(cx: &Context<'_, '_>, opp: &Opportunity<'_>, out: &mut Vec<Diagnostic>) {
    c007_contact_after_close(cx, opp, out);
    for round in &opp.rounds {
        for seq in &round.sequences {
            let Some(d) = seq.deadline else { continue };
            let seq = Judged {
                seq,
                deadline: d,
                source: decision_source(cx, seq, d),
            };
            c001_contact_before_deadline(cx, opp, &seq, out);
            c006_too_many_check_ins(cx, opp, &seq, out);
            c002_c003_c005_check_in_too_soon(cx, opp, &seq, out);
            c004_missing_value_add(cx, opp, &seq, out);
        }
        w001_early_withdrawal(cx, opp, round, out);
    }
}

/// A sequence with a decision date D, as the check-in rules judge it.
struct Judged<'s> {
    seq: &'s Sequence,
    deadline: NaiveDate,
    /// The decision date as messages name it, e.g. "the decision date 2026-11-09".
    source: String,
}

impl Judged<'_> {
    /// The numbered check-ins with their number and the date of the numbered check-in before
    /// them, in order.
    fn numbered<'c>(
        &'c self,
        cx: &'c Context<'_, '_>,
    ) -> impl Iterator<Item = (u32, usize, Option<NaiveDate>)> + 'c {
        let mut previous = None;
        self.seq.check_ins.iter().filter_map(move |c| {
            let n = c.number?;
            let before = previous;
            previous = Some(cx.entry(c.entry).date);
            Some((n, c.entry, before))
        })
    }

    /// The numbered check-in `n` within `max-check-ins`, with the date of the one before it.
    fn within_max(&self, cx: &Context<'_, '_>, n: u32) -> Option<(usize, Option<NaiveDate>)> {
        if n > cx.settings.policy.max_check_ins {
            return None;
        }
        self.numbered(cx)
            .find(|(m, _, _)| *m == n)
            .map(|(_, i, previous)| (i, previous))
    }
}

/// How messages name the decision date `d` of `seq`: given or assumed, after an interview or
/// a reply.
fn decision_source(cx: &Context<'_, '_>, seq: &Sequence, d: NaiveDate) -> String {
    use std::fmt::Write;
    let policy = &cx.settings.policy;
    let start = cx.entry(seq.start);
    // Built by hand: every sequence gets one, most are never shown.
    let mut s = String::with_capacity(64);
    s.push_str(if seq.assumed {
        "the assumed decision date "
    } else {
        "the decision date "
    });
    super::push_date(&mut s, d);
    match (start.kind, seq.assumed) {
        (Kind::Reply, false) => {
            s.push_str(" given in the reply of ");
            super::push_date(&mut s, start.date);
        }
        (Kind::Reply, true) => {
            let _ = write!(s, " ({} after the reply of ", policy.assumed_wait);
            super::push_date(&mut s, start.date);
            s.push(')');
        }
        (_, false) => {}
        (_, true) => {
            let _ = write!(s, " ({} after the interview)", policy.assumed_wait);
        }
    }
    s
}

/// C007 contact-after-close (SPEC §3, check-in): a check-in after a `withdraw` or an `outcome`.
fn c007_contact_after_close(
    cx: &Context<'_, '_>,
    opp: &Opportunity<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(c) = opp.closed_by else { return };
    let closer = cx.entry(c);
    // T, X, C and W rules judge only entries inside a round (SPEC §1.2): a check-in
    // before the first interview (or with none at all) gets no C007 either.
    let first_interview = opp
        .rounds
        .first()
        .map(|r| crate::timeline::order_key(cx.entry(r.interview)));
    for &i in &opp.after_close {
        let e = cx.entry(i);
        if first_interview.is_none_or(|first| crate::timeline::order_key(e) < first) {
            continue;
        }
        let how = match closer.kind {
            Kind::Withdraw => "you withdrew".to_string(),
            _ => format!(
                "the outcome `{}` was recorded",
                closer.outcome.map(|o| o.as_str()).unwrap_or("")
            ),
        };
        out.push(
            Diagnostic::new(
                Rule::C007,
                e.header,
                format!(
                    "check-in on {} after the opportunity was closed on {}: {how}",
                    e.date, closer.date
                ),
            )
            .help("do not send it; if you want feedback, record a `note` instead")
            .opportunity(opp.slug),
        );
    }
}

/// C001 contact-before-deadline (SPEC §3, check-in): a check-in on or before D.
fn c001_contact_before_deadline(
    cx: &Context<'_, '_>,
    opp: &Opportunity<'_>,
    seq: &Judged<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let d = seq.deadline;
    for c in seq.seq.check_ins.iter().filter(|c| c.number.is_none()) {
        let e = cx.entry(c.entry);
        let when = if e.date == d {
            "on".to_string()
        } else {
            format!("{} before", plural((d - e.date).num_days(), "day"))
        };
        let earliest = first_day(cx, d, cx.settings.policy.first_check_in_after)
            .map(|f| format!("; check-in #1 is due from {f}"))
            .unwrap_or_default();
        out.push(
            Diagnostic::new(
                Rule::C001,
                e.header,
                format!("check-in on {} is {when} {}", e.date, seq.source),
            )
            .help(format!(
                "{}: do not contact them until after {d}{earliest}",
                if seq.seq.assumed {
                    "no decision date was given, so nudge assumes one"
                } else {
                    "they said when they would decide"
                }
            ))
            .opportunity(opp.slug),
        );
    }
}

/// C006 too-many-check-ins (SPEC §3, check-in): a check-in numbered above `max-check-ins`; no
/// other C rule judges it (SPEC §1.2).
fn c006_too_many_check_ins(
    cx: &Context<'_, '_>,
    opp: &Opportunity<'_>,
    seq: &Judged<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let max = cx.settings.policy.max_check_ins;
    for (n, i, _) in seq.numbered(cx).filter(|(n, _, _)| *n > max) {
        let e = cx.entry(i);
        out.push(
            Diagnostic::new(
                Rule::C006,
                e.header,
                format!("check-in #{n} on {} is more than the {max} the policy allows after {}", e.date, seq.source),
            )
            .help("silence after the final check-in is a soft rejection: do not send it; move on, and send a gracious withdrawal later if you like")
            .opportunity(opp.slug),
        );
    }
}

/// C002 first-check-in-too-soon, C003 second-check-in-too-soon and C005
/// third-check-in-too-soon (SPEC §3, check-in): check-in #1, #2 or #3 before the first day of
/// `first-check-in-after` counted from D, `second-check-in-after` counted from check-in #1,
/// or `third-check-in-after` counted from check-in #2. Judged in that order.
fn c002_c003_c005_check_in_too_soon(
    cx: &Context<'_, '_>,
    opp: &Opportunity<'_>,
    seq: &Judged<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let policy = &cx.settings.policy;
    for (rule, n, window) in [
        (Rule::C002, 1, policy.first_check_in_after),
        (Rule::C003, 2, policy.second_check_in_after),
        (Rule::C005, 3, policy.third_check_in_after),
    ] {
        check_in_too_soon(cx, opp, seq, rule, n, window, out);
    }
}

/// Check-in #`n` (within `max-check-ins`) judged against its `window`, counted from D for #1
/// and from check-in #`n - 1` after it (C002, C003, C005).
fn check_in_too_soon(
    cx: &Context<'_, '_>,
    opp: &Opportunity<'_>,
    seq: &Judged<'_>,
    rule: Rule,
    n: u32,
    window: Window,
    out: &mut Vec<Diagnostic>,
) {
    let Some((i, previous)) = seq.within_max(cx, n) else {
        return;
    };
    // What the window counts from, as the message and the help name it, e.g. "check-in #1
    // on 2026-11-11" and "the previous check-in".
    let previous_check_in;
    let (base, after, from) = match previous {
        _ if n == 1 => (seq.deadline, seq.source.as_str(), "the decision date"),
        Some(p) => {
            previous_check_in = format!("check-in #{} on {p}", n - 1);
            (p, previous_check_in.as_str(), "the previous check-in")
        }
        None => return,
    };
    let e = cx.entry(i);
    let Some(first) = first_day(cx, base, window) else {
        return;
    };
    if e.date >= first {
        return;
    }
    let gap = gap(cx, window, base, e.date);
    let how_soon = if gap == "0 business days" {
        "comes before the first business day after".to_string()
    } else {
        format!("is {gap} after")
    };
    out.push(
        Diagnostic::new(
            rule,
            e.header,
            format!(
                "check-in #{n} on {} {how_soon} {after}; wait until {first}",
                e.date
            ),
        )
        .help(format!(
            "send check-in #{n} {window} after {from}: from {first}"
        ))
        .opportunity(opp.slug),
    );
}

/// C004 missing-value-add (SPEC §3, check-in): check-in #2 without `value:`.
fn c004_missing_value_add(
    cx: &Context<'_, '_>,
    opp: &Opportunity<'_>,
    seq: &Judged<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some((i, _)) = seq.within_max(cx, 2) else {
        return;
    };
    let e = cx.entry(i);
    if e.has(Key::Value) {
        return;
    }
    out.push(
        Diagnostic::new(Rule::C004, e.header, format!("check-in #2 on {} offers nothing new", e.date))
            .help("bring a value-add and record it as `value: ...`: a relevant article, a finished project, a new certification")
            .fix(crate::diagnostic::Fix::add_attribute(&cx.journal.sources, e.header, "value: [link or news]"))
            .opportunity(opp.slug),
    );
}

/// W001 early-withdrawal (SPEC §3, withdraw): a withdraw after the final check-in but before
/// the first day of `withdraw-after`.
fn w001_early_withdrawal(
    cx: &Context<'_, '_>,
    opp: &Opportunity<'_>,
    round: &Round,
    out: &mut Vec<Diagnostic>,
) {
    let policy = &cx.settings.policy;
    for &w in &round.withdraws {
        let e = cx.entry(w);
        // After the close, no W rule (the closing withdrawal itself is judged).
        if opp
            .closed_at
            .is_some_and(|c| crate::timeline::order_key(e) > c)
        {
            continue;
        }
        let fin = final_number(policy.max_check_ins);
        let last = round
            .sequences
            .iter()
            .rev()
            .find(|s| (cx.entry(s.start).date, cx.entry(s.start).order) <= (e.date, e.order))
            .and_then(|s| s.numbered(fin).filter(|_| fin > 0));
        let Some(last) = last.map(|i| cx.entry(i)) else {
            continue;
        };
        if (last.date, last.order) > (e.date, e.order) {
            continue;
        }
        if let Some(first) = first_day(cx, last.date, policy.withdraw_after) {
            if e.date < first {
                out.push(
                    Diagnostic::new(
                        Rule::W001,
                        e.header,
                        format!(
                            "withdrawal on {} is {} after the final check-in (#{fin} on {}); wait until {first}",
                            e.date,
                            plural((e.date - last.date).num_days(), "day"),
                            last.date
                        ),
                    )
                    .help(format!("give them {} after the final check-in before you withdraw", policy.withdraw_after))
                    .opportunity(opp.slug),
                );
            }
        }
    }
}
