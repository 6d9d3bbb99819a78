//! Thank-you rules T001–T005 and X001 no-decision-date.

use super::{plural, Context};
use crate::diagnostic::Diagnostic;
use crate::model::{Entry, Key, Kind};
use crate::rule::Rule;
use crate::timeline::{order_key, Opportunity, ThankYouWindow};

fn window_text(w: &ThankYouWindow) -> String {
    match w.end {
        Some(end) => end.format("%Y-%m-%d %H:%M").to_string(),
        None => format!("the end of {}", w.last_day),
    }
}

/// X001 for one interview, T003 and T004 for one thank-you: judged only inside a round and
/// before the close (SPEC §1.2), by [`opportunity`].
fn entry_rules(cx: &Context<'_, '_>, e: &Entry<'_>, out: &mut Vec<Diagnostic>) {
    if !cx.in_focus(e) {
        return;
    }
    if e.kind == Kind::Interview && !e.planned && !e.has(Key::Expect) {
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
    if e.kind == Kind::ThankYou {
        if !e.has(Key::Ref) {
            out.push(
                Diagnostic::new(Rule::T003, e.header, "this thank-you refers to nothing specific from the conversation")
                    .help("name one point you discussed and record it as `ref: ...`, e.g. `ref: her team's move to NATS`")
                    .fix(crate::diagnostic::Fix::add_attribute(&cx.journal.sources, e.header, "ref: [the point you discussed]"))
                    .opportunity(e.opportunity),
            );
        }
        let to: Vec<_> = e.people(Key::To).collect();
        if to.len() > 1 {
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

/// The round rules of one opportunity: T001, T002, T005.
pub(super) fn opportunity(cx: &Context<'_, '_>, opp: &Opportunity<'_>, out: &mut Vec<Diagnostic>) {
    let open = |e: &Entry<'_>| opp.closed_at.is_none_or(|c| order_key(e) <= c);
    for round in &opp.rounds {
        let interview = cx.entry(round.interview);
        if open(interview) {
            entry_rules(cx, interview, out);
        }
        let names: Vec<&str> = round
            .interviewers
            .iter()
            .map(|iv| iv.person.display())
            .collect();
        for &t in &round.thank_yous {
            let e = cx.entry(t);
            // After the close a thank-you still counts for its round, but no T rule judges it.
            if !open(e) {
                continue;
            }
            entry_rules(cx, e, out);
            if let Some(w) = &round.window {
                if w.is_late(e.date, e.time) {
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
            let to: Vec<_> = e.people(Key::To).collect();
            if to.is_empty() {
                if round.interviewers.len() > 1 {
                    out.push(
                        Diagnostic::new(
                            Rule::T005,
                            e.header,
                            format!("this thank-you names no recipient, and the interview on {} had {} interviewers", interview.date, round.interviewers.len()),
                        )
                        .help(format!("add `to:` with the person it went to: {}", names.join(", ")))
                        .opportunity(e.opportunity),
                    );
                }
                continue;
            }
            for (person, span) in to {
                if !round
                    .interviewers
                    .iter()
                    .any(|iv| iv.person.matches(&person))
                {
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
