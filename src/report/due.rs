//! Due actions (SPEC §2.1) as data: what to send, to whom, in which window, how urgent.

use crate::model::Journal;
use crate::policy::Window;
use crate::rules::final_number;
use crate::timeline::{self, order_key, Opportunity, Planned, Round, Settings, Timeline};
use chrono::{NaiveDate, TimeDelta};
use serde::Serialize;

/// What to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ActionKind {
    ThankYou,
    CheckIn(u32),
    Withdraw,
}

impl ActionKind {
    pub fn name(self) -> String {
        match self {
            ActionKind::ThankYou => "thank-you".into(),
            ActionKind::CheckIn(n) => format!("check-in-{n}"),
            ActionKind::Withdraw => "withdraw".into(),
        }
    }
    /// What the message should contain.
    pub fn hint(self) -> &'static str {
        match self {
            ActionKind::ThankYou => "thank them within the window; name one point you discussed",
            ActionKind::CheckIn(1) => "a brief, polite check-in on the timeline",
            ActionKind::CheckIn(2) => {
                "must carry a value-add: an article, a project, a certification"
            }
            ActionKind::CheckIn(_) => {
                "the final, gracious check-in: restate your interest, ask for an updated timeline"
            }
            ActionKind::Withdraw => "optional: thank them, withdraw graciously, keep the door open",
        }
    }
}

impl ActionKind {
    /// A few words of [`ActionKind::hint`], for narrow tables.
    pub fn short_hint(self) -> &'static str {
        match self {
            ActionKind::ThankYou => "mention one point you discussed",
            ActionKind::CheckIn(1) => "brief and polite",
            ActionKind::CheckIn(2) => "bring a value-add",
            ActionKind::CheckIn(_) => "the final, gracious one",
            ActionKind::Withdraw => "optional; keep the door open",
        }
    }
}

impl Serialize for ActionKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

/// How urgent an action is. `Planned` wins over every other status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Overdue,
    Due,
    Planned,
    Upcoming,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Overdue => "overdue",
            Status::Due => "due",
            Status::Planned => "planned",
            Status::Upcoming => "upcoming",
        }
    }
}

/// A window for people: `2026-11-30 → 12-02` (the year once when both ends share it).
pub fn window_text(earliest: NaiveDate, latest: NaiveDate) -> String {
    use chrono::Datelike;
    if earliest.year() == latest.year() {
        format!("{earliest} → {}", latest.format("%m-%d"))
    } else {
        format!("{earliest} → {latest}")
    }
}

/// One action to take.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Action {
    pub opportunity: String,
    pub title: Option<String>,
    pub action: ActionKind,
    pub recipient: Option<String>,
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
    pub status: Status,
    /// The date of the `!` entry that covers the action.
    pub planned: Option<NaiveDate>,
}

/// Which actions to list.
#[derive(Clone, Copy, Debug)]
pub struct DueOptions {
    pub today: NaiveDate,
    /// Upcoming actions whose window starts within this many days are listed.
    pub within: u32,
    /// List every action, however far away.
    pub all: bool,
}

/// The due actions of every open opportunity, sorted by window end.
pub fn due(journal: &Journal<'_>, options: &DueOptions) -> Vec<Action> {
    let settings = Settings::from_journal(journal);
    let mut out = Vec::new();
    timeline::for_each(journal, &settings, Planned::Pending, None, |opp| {
        actions_for(journal, &settings, &opp, options, &mut out);
    });
    sort(&mut out);
    out
}

/// [`due`] on an already built timeline (built with [`Planned::Pending`]).
pub fn actions(
    journal: &Journal<'_>,
    settings: &Settings,
    timeline: &Timeline<'_>,
    options: &DueOptions,
) -> Vec<Action> {
    let mut out = Vec::new();
    for opp in &timeline.opportunities {
        actions_for(journal, settings, opp, options, &mut out);
    }
    sort(&mut out);
    out
}

/// By window end, then opportunity, action and recipient (SPEC §2.1).
pub fn sort(actions: &mut [Action]) {
    actions.sort_by(|a, b| {
        (a.latest, &a.opportunity, a.action, &a.recipient).cmp(&(
            b.latest,
            &b.opportunity,
            b.action,
            &b.recipient,
        ))
    });
}

/// The due actions of one opportunity, appended to `out` unsorted.
pub fn actions_for(
    journal: &Journal<'_>,
    settings: &Settings,
    opp: &Opportunity<'_>,
    options: &DueOptions,
    out: &mut Vec<Action>,
) {
    if opp.closed_by.is_some() {
        return;
    }
    let Some(round) = opp.rounds.last() else {
        return;
    };
    let title = opp.title(journal);
    let mut push = |action: ActionKind,
                    recipient: Option<String>,
                    window: (NaiveDate, NaiveDate),
                    cover: Option<Cover>| {
        let (earliest, latest) = window;
        // A planned entry dated today or later wins over every status and every horizon; a
        // stale one keeps the window's status, so a forgotten message shows up (SPEC §2.1).
        let status = if cover.is_some_and(|c| !c.stale) {
            Status::Planned
        } else if options.today > latest {
            Status::Overdue
        } else if options.today >= earliest {
            Status::Due
        } else {
            Status::Upcoming
        };
        let horizon = options
            .today
            .checked_add_signed(TimeDelta::days(options.within.into()));
        if status != Status::Planned && !options.all && horizon.is_some_and(|h| earliest > h) {
            return;
        }
        out.push(Action {
            opportunity: opp.slug.to_string(),
            title: title.clone(),
            action,
            recipient,
            earliest,
            latest,
            status,
            planned: cover.map(|c| c.date),
        });
    };
    for (recipient, window, cover) in thank_yous(journal, round, options.today) {
        push(ActionKind::ThankYou, recipient, window, cover);
    }
    if let Some((kind, window, cover)) =
        next_follow_up(journal, settings, opp, round, options.today)
    {
        push(kind, None, window, cover);
    }
}

/// The planned entry that covers an action: its date, and whether it is stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cover {
    date: NaiveDate,
    stale: bool,
}

/// Of the planned entries covering one action: the earliest dated today or later, else the
/// latest stale one (SPEC §2.1).
fn cover(dates: impl Iterator<Item = NaiveDate>, today: NaiveDate) -> Option<Cover> {
    let mut fresh: Option<NaiveDate> = None;
    let mut stale: Option<NaiveDate> = None;
    for d in dates {
        if d >= today {
            fresh = Some(fresh.map_or(d, |f| f.min(d)));
        } else {
            stale = Some(stale.map_or(d, |s| s.max(d)));
        }
    }
    match (fresh, stale) {
        (Some(date), _) => Some(Cover { date, stale: false }),
        (None, Some(date)) => Some(Cover { date, stale: true }),
        (None, None) => None,
    }
}

type Item = (Option<String>, (NaiveDate, NaiveDate), Option<Cover>);

/// A thank-you per interviewer without one, while the window is open; once it has passed
/// with nothing sent, listed (overdue) until the interview's deadline D has passed.
fn thank_yous(journal: &Journal<'_>, round: &Round<'_>, today: NaiveDate) -> Vec<Item> {
    let Some(w) = round.window else {
        return Vec::new();
    };
    let deadline = round.sequences.first().and_then(|s| s.deadline);
    if today > w.last_day && deadline.is_none_or(|d| today > d) {
        return Vec::new();
    }
    let interview = &journal.entries[round.interview];
    let window = (interview.date, w.last_day);
    let planned_for = |k: Option<usize>| {
        let dates = round
            .planned_thank_yous
            .iter()
            .map(|i| &journal.entries[*i])
            .filter(|e| match k {
                Some(k) => timeline::recipients(round, e).contains(&k),
                None => true,
            })
            .map(|e| e.date);
        cover(dates, today)
    };
    if round.interviewers.is_empty() {
        if round.thanked_by.is_empty() {
            return vec![(None, window, planned_for(None))];
        }
        return Vec::new();
    }
    round
        .interviewers
        .iter()
        .enumerate()
        .filter(|(_, iv)| iv.thanked_by.is_empty())
        .map(|(k, iv)| {
            (
                Some(iv.person.display().to_string()),
                window,
                planned_for(Some(k)),
            )
        })
        .collect()
}

/// The next check-in (or the withdrawal) of the round's current sequence.
fn next_follow_up(
    journal: &Journal<'_>,
    settings: &Settings,
    opp: &Opportunity<'_>,
    round: &Round<'_>,
    today: NaiveDate,
) -> Option<(ActionKind, (NaiveDate, NaiveDate), Option<Cover>)> {
    let policy = &settings.policy;
    let seq = round.current()?;
    let fin = final_number(policy.max_check_ins);
    let count = seq.count();
    let window_after = |base: NaiveDate, w: Window| -> Option<(NaiveDate, NaiveDate)> {
        Some((
            settings.calendar.add(base, w.from)?,
            settings.calendar.add(base, w.to)?,
        ))
    };
    let date_of = |n: u32| seq.numbered(n).map(|i| journal.entries[i].date);
    // A planned check-in covers check-in-N only when, sent on its date, it would be numbered
    // N: after D, and not before the last check-in sent.
    let last_sent = seq
        .check_ins
        .last()
        .map(|c| order_key(&journal.entries[c.entry]));
    let planned_check_in = cover(
        seq.planned_check_ins
            .iter()
            .map(|i| &journal.entries[*i])
            .filter(|e| seq.deadline.is_some_and(|d| e.date > d))
            .filter(|e| last_sent.is_none_or(|k| order_key(e) > k))
            .map(|e| e.date),
        today,
    );
    if fin == 0 {
        return None;
    }
    if count == 0 {
        let window = window_after(seq.deadline?, policy.first_check_in_after)?;
        return Some((ActionKind::CheckIn(1), window, planned_check_in));
    }
    if count < fin {
        let w = if count == 1 {
            policy.second_check_in_after
        } else {
            policy.third_check_in_after
        };
        let window = window_after(date_of(count)?, w)?;
        return Some((ActionKind::CheckIn(count + 1), window, planned_check_in));
    }
    let window = window_after(date_of(fin)?, policy.withdraw_after)?;
    // A planned withdraw or outcome covers the withdrawal.
    let planned = cover(
        opp.planned_withdraws
            .iter()
            .map(|i| journal.entries[*i].date),
        today,
    );
    Some((ActionKind::Withdraw, window, planned))
}

#[derive(Serialize)]
struct JsonDue<'a> {
    version: u32,
    today: NaiveDate,
    actions: &'a [Action],
}

/// The `due --format json` document of SPEC §3.1.
pub fn json(actions: &[Action], today: NaiveDate) -> String {
    crate::render::to_string(|out| write_json(out, actions, today))
}

/// [`json`], written to `out` as it is serialised.
pub fn write_json(
    out: &mut dyn std::io::Write,
    actions: &[Action],
    today: NaiveDate,
) -> std::io::Result<()> {
    serde_json::to_writer(
        &mut *out,
        &JsonDue {
            version: 1,
            today,
            actions,
        },
    )?;
    out.write_all(b"\n")
}
