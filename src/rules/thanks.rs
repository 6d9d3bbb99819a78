//! Thank-you rules T001–T005 and X001 no-decision-date.

use super::{plural, Context};
use crate::diagnostic::Diagnostic;
use crate::model::{Entry, Key, Kind};
use crate::rule::Rule;
use crate::timeline::{order_key, Opportunity, Round, ThankYouWindow};

fn window_text(w: &ThankYouWindow) -> String {
    match w.end {
        Some(end) => end.format("%Y-%m-%d %H:%M").to_string(),
        None => format!("the end of {}", w.last_day),
    }
}

/// The thank-you and expectation rules of one opportunity. They judge only entries inside a
/// round and before the close (SPEC §1.2); a thank-you after the close still counts for its
/// round.
pub(super) fn opportunity(cx: &Context<'_, '_>, opp: &Opportunity<'_>, out: &mut Vec<Diagnostic>) {
    x001_no_decision_date(cx, opp, out);
    t001_late_thank_you(cx, opp, out);
    t002_missing_thank_you(cx, opp, out);
    t003_generic_thank_you(cx, opp, out);
    t004_group_thank_you(cx, opp, out);
    t005_unknown_recipient(cx, opp, out);
}

/// Whether `e` comes before the opportunity's close (or it is not closed).
fn open(opp: &Opportunity<'_>, e: &Entry<'_>) -> bool {
    opp.closed_at.is_none_or(|c| order_key(e) <= c)
}

/// The thank-yous of `round` before the close.
fn thank_yous<'j, 'a>(
    cx: &Context<'j, 'a>,
    opp: &'j Opportunity<'_>,
    round: &'j Round,
) -> impl Iterator<Item = &'j Entry<'a>> {
    let journal = cx.journal;
    round
        .thank_yous
        .iter()
        .map(move |&t| &journal.entries[t])
        .filter(move |e| open(opp, e))
}

/// X001 no-decision-date (SPEC §3, expectations): a sent interview without `expect:`.
fn x001_no_decision_date(cx: &Context<'_, '_>, opp: &Opportunity<'_>, out: &mut Vec<Diagnostic>) {
    for round in &opp.rounds {
        let e = cx.entry(round.interview);
        if !open(opp, e)
            || !cx.in_focus(e)
            || e.kind != Kind::Interview
            || e.planned
            || e.has(Key::Expect)
        {
            continue;
        }
        let assumed = cx
            .settings
            .calendar
            .add(e.date, cx.settings.policy.assumed_wait);
        let assumed = assumed
            .map(|d| format!("; nudge assumes {d}"))
            .unwrap_or_default();
        out.push(
            Diagnostic::new(
                Rule::X001,
                e.header,
                format!("the interview on {} has no decision date{assumed}", e.date),
            )
            .help("ask \"when should I expect to hear back?\" and record the answer as `expect: YYYY-MM-DD`")
            .opportunity(e.opportunity),
        );
    }
}

/// T001 late-thank-you (SPEC §3, thank-you): a thank-you after the thank-you window.
fn t001_late_thank_you(cx: &Context<'_, '_>, opp: &Opportunity<'_>, out: &mut Vec<Diagnostic>) {
    for round in &opp.rounds {
        let Some(w) = &round.window else { continue };
        let interview = cx.entry(round.interview);
        for e in thank_yous(cx, opp, round).filter(|e| w.is_late(e.date, e.time)) {
            let when = match e.time {
                Some(time) if w.end.is_some() => {
                    format!("{} {}", e.date, time.format("%H:%M"))
                }
                _ => e.date.to_string(),
            };
            let late = (e.date - w.last_day).num_days();
            let by = if late > 0 {
                format!(", {} late", plural(late, "day"))
            } else {
                String::new()
            };
            let interview_at = match interview.time {
                Some(time) => format!("{} {}", interview.date, time.format("%H:%M")),
                None => interview.date.to_string(),
            };
            out.push(
                Diagnostic::new(
                    Rule::T001,
                    e.header,
                    format!(
                        "thank-you sent {when}, after the window closed at {} ({} after the interview on {interview_at}){by}",
                        window_text(w),
                        cx.settings.policy.thank_you_within
                    ),
                )
                .help("send thank-you notes on the day of the interview; for the next round, draft it before the interview")
                .opportunity(e.opportunity),
            );
        }
    }
}

/// T002 missing-thank-you (SPEC §3, thank-you): the window has passed and an interviewer (or,
/// with none recorded, the interview) got no thank-you.
fn t002_missing_thank_you(cx: &Context<'_, '_>, opp: &Opportunity<'_>, out: &mut Vec<Diagnostic>) {
    for round in &opp.rounds {
        let interview = cx.entry(round.interview);
        let Some(w) = &round.window else { continue };
        if cx.today <= w.last_day {
            continue;
        }
        if round.interviewers.is_empty() {
            if round.thanked_by.is_empty() {
                out.push(
                    Diagnostic::new(
                        Rule::T002,
                        interview.header,
                        format!("no thank-you was sent for the interview on {}; the window closed on {}", interview.date, w.last_day),
                    )
                    .help("send a short thank-you now anyway, and record it with `thank-you` and `ref:`")
                    .opportunity(opp.slug),
                );
            }
            continue;
        }
        for iv in &round.interviewers {
            if iv.thanked_by.is_empty() {
                out.push(
                    Diagnostic::new(
                        Rule::T002,
                        iv.span,
                        format!(
                            "{} got no thank-you for the interview on {}; the window closed on {}",
                            iv.person.display(),
                            interview.date,
                            w.last_day
                        ),
                    )
                    .help(format!(
                        "send {} a short thank-you now anyway, and record it: `thank-you {}` with `to: {}`",
                        iv.person.display(),
                        opp.slug,
                        iv.person.display()
                    ))
                    .opportunity(opp.slug),
                );
            }
        }
    }
}

/// T003 generic-thank-you (SPEC §3, thank-you): a thank-you without `ref:`.
fn t003_generic_thank_you(cx: &Context<'_, '_>, opp: &Opportunity<'_>, out: &mut Vec<Diagnostic>) {
    for round in &opp.rounds {
        for e in thank_yous(cx, opp, round).filter(|e| cx.in_focus(e) && !e.has(Key::Ref)) {
            out.push(
                Diagnostic::new(Rule::T003, e.header, "this thank-you refers to nothing specific from the conversation")
                    .help("name one point you discussed and record it as `ref: ...`, e.g. `ref: her team's move to NATS`")
                    .fix(crate::diagnostic::Fix::add_attribute(&cx.journal.sources, e.header, "ref: [the point you discussed]"))
                    .opportunity(e.opportunity),
            );
        }
    }
}

/// T004 group-thank-you (SPEC §3, thank-you): one thank-you with several `to:`.
fn t004_group_thank_you(cx: &Context<'_, '_>, opp: &Opportunity<'_>, out: &mut Vec<Diagnostic>) {
    for round in &opp.rounds {
        for e in thank_yous(cx, opp, round).filter(|e| cx.in_focus(e)) {
            // Most name one person: count before collecting.
            if e.people(Key::To).nth(1).is_none() {
                continue;
            }
            let to: Vec<_> = e.people(Key::To).collect();
            let names: Vec<&str> = to.iter().map(|(p, _)| p.display()).collect();
            out.push(
                Diagnostic::new(
                    Rule::T004,
                    e.header,
                    format!("one thank-you to {} people ({})", to.len(), names.join(", ")),
                )
                .help("write a separate note to each person, each naming what you discussed with them")
                .opportunity(e.opportunity),
            );
        }
    }
}

/// T005 unknown-recipient (SPEC §3, thank-you): a `to:` that matches no interviewer of the
/// round, or no `to:` when the round had several interviewers.
fn t005_unknown_recipient(cx: &Context<'_, '_>, opp: &Opportunity<'_>, out: &mut Vec<Diagnostic>) {
    for round in &opp.rounds {
        let interview = cx.entry(round.interview);
        // The interviewers' names, for the help text only: made when a finding needs them.
        let names = || -> Vec<&str> {
            round
                .interviewers
                .iter()
                .map(|iv| iv.person.display())
                .collect()
        };
        for e in thank_yous(cx, opp, round) {
            let mut to = e.people(Key::To).peekable();
            if to.peek().is_none() {
                if round.interviewers.len() > 1 {
                    out.push(
                        Diagnostic::new(
                            Rule::T005,
                            e.header,
                            format!("this thank-you names no recipient, and the interview on {} had {} interviewers", interview.date, round.interviewers.len()),
                        )
                        .help(format!("add `to:` with the person it went to: {}", names().join(", ")))
                        .opportunity(e.opportunity),
                    );
                }
                continue;
            }
            for (person, span) in to {
                if !round.names(&person) {
                    let names = names();
                    let help = if names.is_empty() {
                        format!(
                            "record who interviewed you with `with:` lines on the interview of {}",
                            interview.date
                        )
                    } else {
                        let closest =
                            crate::suggest::closest(person.display(), names.iter().copied());
                        match closest {
                            Some(c) => format!(
                                "did you mean `{c}`? The interviewers were: {}",
                                names.join(", ")
                            ),
                            None => format!("the interviewers were: {}", names.join(", ")),
                        }
                    };
                    out.push(
                        Diagnostic::new(
                            Rule::T005,
                            span,
                            format!(
                                "`{}` matches no interviewer of the interview on {}",
                                person.display(),
                                interview.date
                            ),
                        )
                        .help(help)
                        .opportunity(e.opportunity),
                    );
                }
            }
        }
    }
}
