//! Check-in rules C001–C007 and W001 early-withdrawal.

use super::{plural, Context};
use crate::diagnostic::Diagnostic;
use crate::model::{Key, Kind};
use crate::policy::Window;
use crate::rule::Rule;
use crate::timeline::Opportunity;
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

pub(super) fn opportunity(cx: &Context<'_, '_>, opp: &Opportunity<'_>, out: &mut Vec<Diagnostic>) {
    let policy = &cx.settings.policy;
    if let Some(c) = opp.closed_by {
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
    for round in &opp.rounds {
        for seq in &round.sequences {
            let start = cx.entry(seq.start);
            let Some(d) = seq.deadline else { continue };
            let source = match (start.kind, seq.assumed) {
                (Kind::Reply, false) => {
                    format!("the decision date {d} given in the reply of {}", start.date)
                }
                (Kind::Reply, true) => format!(
                    "the assumed decision date {d} ({} after the reply of {})",
                    policy.assumed_wait, start.date
                ),
                (_, false) => format!("the decision date {d}"),
                (_, true) => format!(
                    "the assumed decision date {d} ({} after the interview)",
                    policy.assumed_wait
                ),
            };
            let mut previous: Option<NaiveDate> = None;
            for c in &seq.check_ins {
                let e = cx.entry(c.entry);
                let Some(n) = c.number else {
                    let when = if e.date == d {
                        "on".to_string()
                    } else {
                        format!("{} before", plural((d - e.date).num_days(), "day"))
                    };
                    let earliest = first_day(cx, d, policy.first_check_in_after)
                        .map(|f| format!("; check-in #1 is due from {f}"))
                        .unwrap_or_default();
                    out.push(
                        Diagnostic::new(
                            Rule::C001,
                            e.header,
                            format!("check-in on {} is {when} {source}", e.date),
                        )
                        .help(format!(
                            "{}: do not contact them until after {d}{earliest}",
                            if seq.assumed {
                                "no decision date was given, so nudge assumes one"
                            } else {
                                "they said when they would decide"
                            }
                        ))
                        .opportunity(opp.slug),
                    );
                    continue;
                };
                // Above `max-check-ins`: C006 and no other C rule (SPEC §1.2).
                if n > policy.max_check_ins {
                    out.push(
                        Diagnostic::new(
                            Rule::C006,
                            e.header,
                            format!("check-in #{n} on {} is more than the {} the policy allows after {source}", e.date, policy.max_check_ins),
                        )
                        .help("silence after the final check-in is a soft rejection: do not send it; move on, and send a gracious withdrawal later if you like")
                        .opportunity(opp.slug),
                    );
                    previous = Some(e.date);
                    continue;
                }
                let (code, base, window, name) = match n {
                    1 => (
                        Rule::C002,
                        Some(d),
                        policy.first_check_in_after,
                        source.clone(),
                    ),
                    2 => (
                        Rule::C003,
                        previous,
                        policy.second_check_in_after,
                        previous
                            .map(|p| format!("check-in #1 on {p}"))
                            .unwrap_or_default(),
                    ),
                    3 => (
                        Rule::C005,
                        previous,
                        policy.third_check_in_after,
                        previous
                            .map(|p| format!("check-in #2 on {p}"))
                            .unwrap_or_default(),
                    ),
                    _ => (Rule::C002, None, policy.first_check_in_after, String::new()),
                };
                if let Some(base) = base {
                    if let Some(first) = first_day(cx, base, window) {
                        if e.date < first {
                            out.push(
                                Diagnostic::new(
                                    code,
                                    e.header,
                                    format!("check-in #{n} on {} is {} after {name}; wait until {first}", e.date, gap(cx, window, base, e.date))
                                        .replace(" is 0 business days after", " comes before the first business day after"),
                                )
                                .help(format!("send check-in #{n} {} after {}: from {first}", window, if n == 1 { "the decision date" } else { "the previous check-in" }))
                                .opportunity(opp.slug),
                            );
                        }
                    }
                }
                if n == 2 && !e.has(Key::Value) {
                    out.push(
                        Diagnostic::new(Rule::C004, e.header, format!("check-in #2 on {} offers nothing new", e.date))
                            .help("bring a value-add and record it as `value: ...`: a relevant article, a finished project, a new certification")
                            .fix(crate::diagnostic::Fix::add_attribute(&cx.journal.sources, e.header, "value: [link or news]"))
                            .opportunity(opp.slug),
                    );
                }
                previous = Some(e.date);
            }
        }
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
}
