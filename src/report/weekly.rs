//! The weekly status report as data: opportunities with their stage, the period's activity,
//! and counts.

use super::due::{self, Action, DueOptions};
use crate::diagnostic::Diagnostic;
use crate::model::{Journal, Key, Kind};
use crate::rules::final_number;
use crate::timeline::{self, Opportunity, Planned, Settings};
use chrono::{Datelike, NaiveDate, TimeDelta};
use serde::Serialize;

/// The Monday–Sunday week holding `date`.
pub fn week_of(date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = date - TimeDelta::days(date.weekday().num_days_from_monday().into());
    (monday, monday + TimeDelta::days(6))
}

/// Where an opportunity stands, as data (`stage_tag` in the JSON, a kebab-case tag); the
/// report's `stage` text ([`Status::stage`]) says it in words.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Only applied: no interview yet.
    Applied,
    /// Interviewed, no decision date known.
    Interviewed,
    /// Before or on the decision date D.
    Waiting,
    /// D has passed and no check-in is numbered yet: check in.
    CheckInDue,
    /// Some check-ins sent, fewer than the final one.
    FollowingUp,
    /// The final check-in was sent: silence is a soft rejection.
    SoftRejection,
    /// Closed by a withdraw or an outcome.
    Closed,
}

/// The next action of an opportunity as data: the same values `due` lists.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct NextAction {
    /// `thank-you`, `check-in-N` or `withdraw`.
    pub action: String,
    pub recipient: Option<String>,
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
    pub status: due::Status,
}

impl NextAction {
    fn of(a: &Action) -> NextAction {
        NextAction {
            action: a.action.name(),
            recipient: a.recipient.clone(),
            earliest: a.earliest,
            latest: a.latest,
            status: a.status,
        }
    }
}

/// One opportunity's line in the report.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Status {
    pub opportunity: String,
    pub title: Option<String>,
    /// The stage as text, e.g. `following up 1/3` (unchanged since v1).
    pub stage: String,
    /// The stage as a tag, e.g. `following-up`.
    pub stage_tag: Stage,
    pub last_contact: Option<NaiveDate>,
    /// Check-ins sent since the decision date (of the interview or the last reply).
    pub check_ins: u32,
    pub max_check_ins: u32,
    pub next_action: Option<String>,
    pub next_earliest: Option<NaiveDate>,
    pub next_latest: Option<NaiveDate>,
    /// The next action as data (`null` when none); `next_action` is its text.
    pub next: Option<NextAction>,
}

/// One entry of the period.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Activity {
    pub date: NaiveDate,
    pub time: Option<String>,
    pub opportunity: String,
    pub kind: &'static str,
    pub planned: bool,
    pub detail: String,
}

/// The period's counts.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Counts {
    pub applications: usize,
    pub interviews: usize,
    pub thank_yous: usize,
    pub check_ins: usize,
    pub replies: usize,
    pub withdrawals: usize,
    pub outcomes: usize,
    /// Replies ÷ (applications + check-ins) sent in the period, as a percentage.
    pub response_rate: Option<f64>,
    /// Median days from the last message sent to each reply received in the period.
    pub median_days_to_reply: Option<f64>,
    /// Errors and warnings on entries dated in the period.
    pub violations: usize,
}

/// The whole report.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub opportunities: Vec<Status>,
    pub activity: Vec<Activity>,
    pub counts: Counts,
}

/// Build the report for `from..=to`, judged as of `today` (or the period's end, if earlier).
/// `diagnostics` are `check`'s findings, counted as violations when they fall in the period.
pub fn report(
    journal: &Journal<'_>,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    diagnostics: &[Diagnostic],
) -> Report {
    parts(journal, today, from, to).finish(diagnostics)
}

/// A report before its findings are counted: what one journal gives, or the fragments of one
/// (the streaming path, [`crate::stream`]) merged with [`Parts::merge`]. Every field is
/// computed per opportunity or per entry, so fragments that hold whole opportunities add up
/// to the whole journal's.
#[derive(Clone, Debug)]
pub struct Parts {
    from: NaiveDate,
    to: NaiveDate,
    /// Each status keyed by the journal order of its opportunity's first entry dated on or
    /// before the as-of day (the in-memory order of first appearance).
    opportunities: Vec<(u32, Status)>,
    /// The period's entries, keyed by journal order.
    activity: Vec<(u32, Activity)>,
    /// Sent entries of the period by kind, in [`Kind::ALL`]'s order.
    sent: [usize; 8],
    /// Days from the last message sent to each reply received in the period.
    waits: Vec<i64>,
    /// The blocks (file, start, end) of the period's entries.
    in_period: Vec<(u32, u32, u32)>,
}

/// The [`Parts`] of `journal` (whole, or a fragment holding whole opportunities).
pub fn parts(journal: &Journal<'_>, today: NaiveDate, from: NaiveDate, to: NaiveDate) -> Parts {
    let opportunities = statuses_in(journal, today, from, to);
    let activity: Vec<(u32, Activity)> = journal
        .entries
        .iter()
        .filter(|e| e.date >= from && e.date <= to)
        .map(|e| {
            let detail = match e.kind {
                Kind::ThankYou | Kind::CheckIn | Kind::Withdraw => {
                    let to: Vec<&str> = e.people(Key::To).map(|(p, _)| p.display()).collect();
                    let mut d = if to.is_empty() {
                        String::new()
                    } else {
                        format!("to {}", to.join(", "))
                    };
                    for key in [Key::Ref, Key::Value] {
                        if let Some(crate::model::Value::Text(t)) = e.attr(key).map(|a| a.value()) {
                            if !d.is_empty() {
                                d.push_str("; ");
                            }
                            d.push_str(&format!("{}: {t}", key.as_str()));
                        }
                    }
                    d
                }
                Kind::Interview => {
                    let with: Vec<&str> = e.people(Key::With).map(|(p, _)| p.display()).collect();
                    let mut d = e.title().unwrap_or_default();
                    if !with.is_empty() {
                        d.push_str(&format!(" (with {})", with.join(", ")));
                    }
                    d.trim().to_string()
                }
                _ => e.title().unwrap_or_default(),
            };
            (
                e.order,
                Activity {
                    date: e.date,
                    time: e.time.map(|t| t.format("%H:%M").to_string()),
                    opportunity: e.opportunity.to_string(),
                    kind: e.kind.as_str(),
                    planned: e.planned,
                    detail,
                },
            )
        })
        .collect();
    let mut sent = [0; 8];
    for e in journal
        .entries
        .iter()
        .filter(|e| !e.planned && e.date >= from && e.date <= to)
    {
        sent[e.kind as usize] += 1;
    }
    // Days from the last message sent to each reply in the period.
    let mut waits: Vec<i64> = Vec::new();
    let mut last_sent: std::collections::HashMap<&str, NaiveDate> =
        std::collections::HashMap::new();
    let mut order: Vec<&crate::model::Entry<'_>> = journal
        .entries
        .iter()
        .filter(|e| !e.planned && e.date <= to)
        .collect();
    order.sort_by_key(|e| (e.date, e.order));
    for e in order {
        match e.kind {
            Kind::Apply | Kind::ThankYou | Kind::CheckIn | Kind::Interview => {
                last_sent.insert(e.opportunity, e.date);
            }
            Kind::Reply if e.date >= from && e.date <= to => {
                if let Some(d) = last_sent.get(e.opportunity) {
                    waits.push((e.date - *d).num_days());
                }
            }
            _ => {}
        }
    }
    let in_period = journal
        .entries
        .iter()
        .filter(|e| e.date >= from && e.date <= to)
        .map(|e| (e.block.file, e.block.start, e.block.end))
        .collect();
    Parts {
        from,
        to,
        opportunities,
        activity,
        sent,
        waits,
        in_period,
    }
}

/// `ls`'s part of a journal: the statuses of its opportunities as of `today`, as [`parts`] of
/// everything up to `today` gives them, without the period's activity, counts and waits (the
/// whole history's activity is most of a big journal).
pub fn statuses(journal: &Journal<'_>, today: NaiveDate) -> Parts {
    Parts {
        from: NaiveDate::MIN,
        to: today,
        opportunities: statuses_in(journal, today, NaiveDate::MIN, today),
        activity: Vec::new(),
        sent: [0; 8],
        waits: Vec::new(),
        in_period: Vec::new(),
    }
}

/// The statuses of [`parts`], keyed by the journal order of each opportunity's first entry.
fn statuses_in(
    journal: &Journal<'_>,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(u32, Status)> {
    let asof = today.min(to);
    let settings = Settings::from_journal(journal);
    let options = DueOptions {
        today: asof,
        within: 0,
        all: true,
    };
    let mut opportunities = Vec::new();
    let mut actions = Vec::new();
    timeline::for_each(journal, &settings, Planned::Pending, Some(asof), |o| {
        if o.opened_by.is_none() || o.closed_by.is_some_and(|c| journal.entries[c].date < from) {
            return;
        }
        actions.clear();
        due::actions_for(journal, &settings, &o, &options, &mut actions);
        actions.sort_by_key(|a| (a.latest, a.earliest, a.action));
        let first = o.entries.iter().map(|i| journal.entries[*i].order).min();
        opportunities.push((
            first.unwrap_or(0),
            status(journal, &settings, &o, asof, &actions),
        ));
    });
    opportunities
}

impl Parts {
    /// The parts of fragments that hold disjoint sets of whole opportunities, as one; `None`
    /// when there are none.
    pub fn merge(parts: impl IntoIterator<Item = Parts>) -> Option<Parts> {
        let mut parts = parts.into_iter();
        let mut all = parts.next()?;
        for p in parts {
            all.opportunities.extend(p.opportunities);
            all.activity.extend(p.activity);
            for (a, b) in all.sent.iter_mut().zip(p.sent) {
                *a += b;
            }
            all.waits.extend(p.waits);
            all.in_period.extend(p.in_period);
        }
        Some(all)
    }

    /// The report, counting `diagnostics` (check's findings) as violations when they fall
    /// in an entry of the period.
    pub fn finish(mut self, diagnostics: &[Diagnostic]) -> Report {
        self.opportunities.sort_by_key(|(first, _)| *first);
        self.activity
            .sort_by(|a, b| (a.1.date, &a.1.time, a.0).cmp(&(b.1.date, &b.1.time, b.0)));
        let counts = self.counts(diagnostics);
        Report {
            from: self.from,
            to: self.to,
            opportunities: self.opportunities.into_iter().map(|(_, s)| s).collect(),
            activity: self.activity.into_iter().map(|(_, a)| a).collect(),
            counts,
        }
    }

    fn counts(&mut self, diagnostics: &[Diagnostic]) -> Counts {
        let sent = |k: Kind| self.sent[k as usize];
        let (applications, check_ins, replies) =
            (sent(Kind::Apply), sent(Kind::CheckIn), sent(Kind::Reply));
        let asked = applications + check_ins;
        let response_rate =
            (asked > 0).then(|| (replies as f64 / asked as f64 * 1000.0).round() / 10.0);
        let waits = &mut self.waits;
        waits.sort_unstable();
        let median_days_to_reply = match waits.len() {
            0 => None,
            n if n % 2 == 1 => Some(waits[n / 2] as f64),
            n => Some((waits[n / 2 - 1] + waits[n / 2]) as f64 / 2.0),
        };
        let in_period = &mut self.in_period;
        in_period.sort_unstable();
        // A diagnostic counts when it lies in an entry of the period: the last entry starting
        // at or before it must reach it (entry blocks do not overlap).
        let violations = diagnostics
            .iter()
            .filter(|d| {
                let k =
                    in_period.partition_point(|(f, s, _)| (*f, *s) <= (d.span.file, d.span.start));
                k > 0 && {
                    let (f, _, e) = in_period[k - 1];
                    f == d.span.file && d.span.start <= e
                }
            })
            .count();
        Counts {
            applications,
            interviews: sent(Kind::Interview),
            thank_yous: sent(Kind::ThankYou),
            check_ins,
            replies,
            withdrawals: sent(Kind::Withdraw),
            outcomes: sent(Kind::Outcome),
            response_rate,
            median_days_to_reply,
            violations,
        }
    }
}

fn status(
    journal: &Journal<'_>,
    settings: &Settings,
    o: &Opportunity<'_>,
    asof: NaiveDate,
    actions: &[Action],
) -> Status {
    let policy = &settings.policy;
    let fin = final_number(policy.max_check_ins);
    let last_contact = o
        .entries
        .iter()
        .map(|i| &journal.entries[*i])
        .filter(|e| !e.planned && e.date <= asof && !matches!(e.kind, Kind::Note | Kind::Outcome))
        .map(|e| e.date)
        .max();
    let seq = o.rounds.last().and_then(|r| r.current());
    let count = seq.map(|s| s.count()).unwrap_or(0);
    let (stage_tag, stage) = if let Some(c) = o.closed_by {
        let e = &journal.entries[c];
        let text = match (e.kind, e.outcome) {
            (Kind::Withdraw, _) => "closed: withdrawn".to_string(),
            (_, Some(out)) => format!("closed: {}", out.as_str()),
            _ => "closed".to_string(),
        };
        (Stage::Closed, text)
    } else if let Some(seq) = seq {
        match seq.deadline {
            _ if count >= fin && fin > 0 => {
                (Stage::SoftRejection, "soft rejection: move on".to_string())
            }
            _ if count > 0 => (Stage::FollowingUp, format!("following up {count}/{fin}")),
            Some(d) if asof <= d => (Stage::Waiting, format!("waiting for the decision date {d}")),
            Some(d) => (
                Stage::CheckInDue,
                format!("decision date {d} passed: check in"),
            ),
            None => (Stage::Interviewed, "interviewed".to_string()),
        }
    } else {
        (Stage::Applied, "applied".to_string())
    };
    let next = actions.iter().find(|a| a.opportunity == o.slug);
    Status {
        opportunity: o.slug.to_string(),
        title: o.title(journal),
        stage,
        stage_tag,
        last_contact,
        check_ins: count,
        max_check_ins: policy.max_check_ins,
        next_action: next.map(|a| match &a.recipient {
            Some(r) => format!("{} to {r}", a.action.name()),
            None => a.action.name(),
        }),
        next_earliest: next.map(|a| a.earliest),
        next_latest: next.map(|a| a.latest),
        next: next.map(NextAction::of),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn violations_count_the_findings_on_entries_of_the_period() {
        let text = "2026-11-02 interview a \"A\"\n    with: Jane\n2026-11-20 interview b \"B\"\n    with: Sam\n2026-11-24 interview c \"C\"\n    with: Ann\n";
        let storage = crate::parse::Storage::new();
        let journal = crate::parse::parse_str(&storage, text, "j");
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let diags = crate::rules::check(&journal, today, &crate::rules::Options::default());
        // X001 on all three; T002 on the with: lines of all three.
        assert_eq!(diags.len(), 6);
        let (from, to) = week_of(today);
        let r = report(&journal, today, from, to, &diags);
        assert_eq!(
            r.counts.violations, 2,
            "only interview c (and its with: line) is in the week"
        );
        let all = report(
            &journal,
            today,
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            to,
            &diags,
        );
        assert_eq!(all.counts.violations, 6);
    }

    #[test]
    fn a_focused_check_counts_the_same_violations_as_a_full_one() {
        let text = crate::generate::journal(4_000, 5);
        let storage = crate::parse::Storage::new();
        let journal = crate::parse::parse_str(&storage, &text, "j");
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let full = crate::rules::check(&journal, today, &crate::rules::Options::default());
        for (from, to) in [
            ("2020-03-02", "2020-03-08"),
            ("2020-06-01", "2020-09-30"),
            ("2019-01-01", "2030-01-01"),
        ] {
            let (from, to): (NaiveDate, NaiveDate) = (from.parse().unwrap(), to.parse().unwrap());
            let options = crate::rules::Options {
                focus: Some((from, to)),
                ..Default::default()
            };
            let focused = crate::rules::check(&journal, today, &options);
            let a = report(&journal, today, from, to, &full).counts.violations;
            let b = report(&journal, today, from, to, &focused)
                .counts
                .violations;
            assert!(
                a > 0 || to - from < chrono::TimeDelta::days(30),
                "no violations in {from}..{to}"
            );
            assert_eq!(a, b, "{from}..{to}");
        }
    }

    #[test]
    fn weeks_run_monday_to_sunday() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(week_of(d("2026-11-29")), (d("2026-11-23"), d("2026-11-29")));
        assert_eq!(week_of(d("2026-11-30")), (d("2026-11-30"), d("2026-12-06")));
        assert_eq!(week_of(d("2027-01-01")), (d("2026-12-28"), d("2027-01-03")));
    }
}
