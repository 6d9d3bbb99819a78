//! What the policy's clock says about an entry, asked of the same timeline and due actions the
//! CLI uses: its round, the deadline D, its check-in number, the opportunity's next action.

use crate::lsp::session::Analysis;
use crate::model::Kind;
use crate::report::due::{self, Action, ActionKind, DueOptions};
use crate::timeline::{self, Opportunity, Planned, Timeline};
use chrono::NaiveDate;

/// The timeline as `check` sees it (planned entries count as sent).
pub fn checked<'a>(a: &Analysis<'_, 'a>) -> Timeline<'a> {
    timeline::build(a.journal, &a.settings, Planned::AsSent)
}

/// Where an entry sits in its opportunity's timeline.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct EntryFacts {
    /// 1-based round number.
    pub round: Option<usize>,
    /// The deadline D in force for the entry, and whether it was assumed.
    pub deadline: Option<(NaiveDate, bool)>,
    /// For a check-in: `Some(Some(n))` numbered, `Some(None)` premature.
    pub check_in: Option<Option<u32>>,
    /// For an interview or reply: the D it sets.
    pub sets_deadline: Option<(NaiveDate, bool)>,
}

/// The facts of entry `i` in `opp`.
pub fn entry_facts(opp: &Opportunity<'_>, i: usize) -> EntryFacts {
    let mut facts = EntryFacts::default();
    let pos = |e: usize| opp.entries.iter().position(|x| *x == e);
    let Some(at) = pos(i) else {
        return facts;
    };
    for (k, round) in opp.rounds.iter().enumerate() {
        if pos(round.interview).is_none_or(|p| p > at) {
            continue;
        }
        facts.round = Some(k + 1);
        for seq in &round.sequences {
            if pos(seq.start).is_some_and(|p| p <= at) {
                facts.deadline = seq.deadline.map(|d| (d, seq.assumed));
                if seq.start == i {
                    facts.sets_deadline = facts.deadline;
                }
                if let Some(c) = seq.check_ins.iter().find(|c| c.entry == i) {
                    facts.check_in = Some(c.number);
                }
            }
        }
    }
    facts
}

/// The opportunity's next action, as `nudge draft` picks it: an open thank-you first, else
/// the follow-up; `None` when nothing is due (closed, no interview).
pub fn next_action(a: &Analysis<'_, '_>, slug: &str) -> Option<Action> {
    let pending = timeline::build(a.journal, &a.settings, Planned::Pending);
    let opp = pending.get(slug)?;
    next_action_of(a, &pending, opp)
}

/// [`next_action`] on a timeline built with [`Planned::Pending`].
pub fn next_action_of(
    a: &Analysis<'_, '_>,
    pending: &Timeline<'_>,
    opp: &Opportunity<'_>,
) -> Option<Action> {
    let _ = pending;
    let options = DueOptions {
        today: a.today,
        within: 0,
        all: true,
    };
    let mut out = Vec::new();
    due::actions_for(a.journal, &a.settings, opp, &options, &mut out);
    out.sort_by_key(|x| (x.action != ActionKind::ThankYou, x.latest, x.earliest));
    out.into_iter().next()
}

/// `check-in-2 2026-11-17 → 2026-11-19 (overdue)`: both dates whole, so that they can be
/// searched for.
pub fn action_text(action: &Action) -> String {
    let to = action
        .recipient
        .as_deref()
        .map(|r| format!(" to {}", crate::lsp::requests::facts::one_line(r)))
        .unwrap_or_default();
    format!(
        "{}{to} {} → {} ({})",
        action.action.name(),
        action.earliest,
        action.latest,
        action.status.as_str()
    )
}

/// Journal text shown in an editor: control characters as visible escapes, on one line.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control()
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
        {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether an entry's kind sets a deadline.
pub fn sets_deadline(kind: Kind) -> bool {
    matches!(kind, Kind::Interview | Kind::Reply)
}
