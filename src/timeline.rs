//! Per-opportunity history: rounds, deadlines, check-in numbers and the closed state.
//!
//! Pure data computed from the journal, the settings and nothing else; the rules and the
//! reports both read it. Entry references are indices into `Journal::entries`.

use crate::calendar::Calendar;
use crate::diagnostic::Severity;
use crate::model::{Directive, Entry, Journal, Key, Kind, Person, Span};
use crate::policy::{Policy, Unit};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use std::collections::HashMap;

/// The journal-wide settings its directives make (the last `policy` or `rule` wins).
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub calendar: Calendar,
    pub policy: Policy,
    /// Severity overrides by rule code.
    pub severities: HashMap<crate::rule::Rule, Severity>,
}

impl Settings {
    pub fn from_journal(journal: &Journal<'_>) -> Settings {
        Settings::from_directives(&journal.directives)
    }

    /// The settings `directives` make, in journal order (the last one wins).
    pub fn from_directives(directives: &[crate::model::DirectiveLine]) -> Settings {
        let mut workweek = None;
        let mut holidays = Vec::new();
        let mut policy = Policy::default();
        let mut severities = HashMap::new();
        for d in directives {
            match &d.directive {
                Directive::Workweek(w) => workweek = Some(*w),
                Directive::Holiday(h) => holidays.push(*h),
                Directive::Policy(s) => policy.apply(*s),
                Directive::Rule { code, severity } => {
                    severities.insert(*code, *severity);
                }
            }
        }
        Settings {
            calendar: Calendar::new(
                workweek.unwrap_or(crate::model::WeekdaySet::MON_FRI),
                holidays,
            ),
            policy,
            severities,
        }
    }
}

/// Whether planned (`!`) entries count as sent: `check` judges them as if sent; `due` does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Planned {
    AsSent,
    Pending,
}

/// One check-in and how it was counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckIn {
    pub entry: usize,
    /// #1, #2 … counting only those after the deadline; `None` for a premature one.
    pub number: Option<u32>,
}

/// The part of a round after the interview or after a reply: its own deadline and count.
#[derive(Clone, Debug)]
pub struct Sequence {
    /// The interview or the reply that starts it.
    pub start: usize,
    /// The decision date D.
    pub deadline: Option<NaiveDate>,
    /// Whether D was assumed (`assumed-wait`) rather than given with `expect:`.
    pub assumed: bool,
    pub check_ins: Vec<CheckIn>,
    /// Planned check-ins not counted (only with [`Planned::Pending`]).
    pub planned_check_ins: Vec<usize>,
}

impl Sequence {
    /// The numbered check-in `n`, if sent.
    pub fn numbered(&self, n: u32) -> Option<usize> {
        self.check_ins
            .iter()
            .find(|c| c.number == Some(n))
            .map(|c| c.entry)
    }
    pub fn count(&self) -> u32 {
        self.check_ins
            .iter()
            .filter_map(|c| c.number)
            .max()
            .unwrap_or(0)
    }
}

/// The thank-you window of a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThankYouWindow {
    /// The last day on which a thank-you is on time when times are not compared.
    pub last_day: NaiveDate,
    /// The exact end, when the interview has a time.
    pub end: Option<NaiveDateTime>,
}

impl ThankYouWindow {
    /// Whether a thank-you on `date` at `time` is late.
    pub fn is_late(&self, date: NaiveDate, time: Option<NaiveTime>) -> bool {
        match (self.end, time) {
            (Some(end), Some(t)) => date.and_time(t) > end,
            _ => date > self.last_day,
        }
    }
}

/// An interviewer of a round and the thank-yous that count for them.
#[derive(Clone, Debug)]
pub struct Interviewer<'a> {
    pub person: Person<'a>,
    pub span: Span,
    pub thanked_by: Vec<usize>,
}

/// An interview and everything up to the next one.
#[derive(Clone, Debug)]
pub struct Round<'a> {
    pub interview: usize,
    pub interviewers: Vec<Interviewer<'a>>,
    /// The interviewers by [`Person::match_keys`], built the first time a round with many
    /// interviewers is asked who a person is ([`Round::named`]).
    by_key: std::sync::OnceLock<PeopleIndex>,
    /// Thank-yous that count for the round when no `with:` was recorded.
    pub thanked_by: Vec<usize>,
    pub window: Option<ThankYouWindow>,
    pub thank_yous: Vec<usize>,
    /// Planned thank-yous not counted (only with [`Planned::Pending`]).
    pub planned_thank_yous: Vec<usize>,
    pub sequences: Vec<Sequence>,
    pub withdraws: Vec<usize>,
}

impl Round<'_> {
    pub fn current(&self) -> Option<&Sequence> {
        self.sequences.last()
    }

    /// The interviewers (indices, increasing) that `person` names ([`Person::matches`]): by
    /// comparing each for a few, by key for many, so a thank-you with thousands of `to:` lines
    /// after an interview with thousands of `with:` lines stays linear.
    pub fn named(&self, person: &Person<'_>) -> Vec<usize> {
        if self.interviewers.len() <= FEW {
            return (0..self.interviewers.len())
                .filter(|k| self.interviewers[*k].person.matches(person))
                .collect();
        }
        let index = self.by_key.get_or_init(|| {
            let mut index = PeopleIndex::default();
            for (k, iv) in self.interviewers.iter().enumerate() {
                let (name, email) = iv.person.match_keys();
                if let Some(name) = name {
                    index.names.entry(name).or_default().push(k);
                }
                if let Some(email) = email {
                    index.emails.entry(email).or_default().push(k);
                }
            }
            index
        });
        let (name, email) = person.match_keys();
        let mut found: Vec<usize> = name
            .and_then(|n| index.names.get(&n))
            .into_iter()
            .chain(email.and_then(|e| index.emails.get(&e)))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Whether `person` names one of the interviewers: [`Round::named`] without its list.
    pub fn names(&self, person: &Person<'_>) -> bool {
        if self.interviewers.len() <= FEW {
            self.interviewers.iter().any(|iv| iv.person.matches(person))
        } else {
            !self.named(person).is_empty()
        }
    }
}

/// Rounds with at most this many interviewers are searched by comparing each.
const FEW: usize = 8;

/// A round's interviewers by name key and by email key ([`Person::match_keys`]).
#[derive(Clone, Debug, Default)]
struct PeopleIndex {
    names: rustc_hash::FxHashMap<String, Vec<usize>>,
    emails: rustc_hash::FxHashMap<String, Vec<usize>>,
}

/// One opportunity's history.
#[derive(Clone, Debug)]
pub struct Opportunity<'a> {
    pub slug: &'a str,
    /// The first apply or interview.
    pub opened_by: Option<usize>,
    /// All entries naming it, by date then journal order.
    pub entries: Vec<usize>,
    pub rounds: Vec<Round<'a>>,
    /// The withdraw or outcome that closed it.
    pub closed_by: Option<usize>,
    /// Check-ins after the close.
    pub after_close: Vec<usize>,
    /// Planned withdrawals and outcomes not counted (only with [`Planned::Pending`]): each
    /// covers the `withdraw` action (SPEC §2.1).
    pub planned_withdraws: Vec<usize>,
    /// Where the close sits in the entry order (date, journal order), if closed.
    pub closed_at: Option<(NaiveDate, u32)>,
}

impl<'a> Opportunity<'a> {
    pub fn title(&self, journal: &Journal<'a>) -> Option<String> {
        let first = self.opened_by.and_then(|i| journal.entries[i].title());
        first.or_else(|| {
            self.entries
                .iter()
                .map(|i| &journal.entries[*i])
                .filter(|e| matches!(e.kind, Kind::Apply | Kind::Interview))
                .find_map(Entry::title)
        })
    }
}

/// All opportunities, in order of first appearance in the journal.
#[derive(Clone, Debug, Default)]
pub struct Timeline<'a> {
    pub opportunities: Vec<Opportunity<'a>>,
    pub index: HashMap<&'a str, usize>,
}

impl<'a> Timeline<'a> {
    pub fn get(&self, slug: &str) -> Option<&Opportunity<'a>> {
        self.index.get(slug).map(|i| &self.opportunities[*i])
    }
}

/// The deadline D after `entry` (an interview or a reply): its `expect:`, else `assumed-wait`.
fn deadline(entry: &Entry<'_>, settings: &Settings) -> (Option<NaiveDate>, bool) {
    match entry.expect() {
        Some(d) => (Some(d), false),
        None => (
            settings
                .calendar
                .add(entry.date, settings.policy.assumed_wait),
            true,
        ),
    }
}

/// The thank-you window of an interview.
pub fn thank_you_window(interview: &Entry<'_>, settings: &Settings) -> Option<ThankYouWindow> {
    let within = settings.policy.thank_you_within;
    let cal = &settings.calendar;
    match interview.time {
        Some(t) => {
            let start = interview.date.and_time(t);
            let end = match within.unit {
                Unit::Hours => {
                    start.checked_add_signed(TimeDelta::try_hours(within.count.into())?)?
                }
                _ => cal.add(interview.date, within)?.and_time(t),
            };
            Some(ThankYouWindow {
                last_day: end.date(),
                end: Some(end),
            })
        }
        None => Some(ThankYouWindow {
            last_day: cal.add(interview.date, within)?,
            end: None,
        }),
    }
}

/// Build the timeline. With [`Planned::Pending`], planned entries are kept apart from the
/// sent history (for `due`); with [`Planned::AsSent`] they count as sent (for `check`).
pub fn build<'a>(journal: &Journal<'a>, settings: &Settings, planned: Planned) -> Timeline<'a> {
    build_until(journal, settings, planned, None)
}

/// [`build`] from the entries dated on or before `until` only (the state as of that day).
pub fn build_until<'a>(
    journal: &Journal<'a>,
    settings: &Settings,
    planned: Planned,
    until: Option<NaiveDate>,
) -> Timeline<'a> {
    let mut timeline = Timeline::default();
    for_each(journal, settings, planned, until, |opp| {
        timeline
            .index
            .insert(opp.slug, timeline.opportunities.len());
        timeline.opportunities.push(opp);
    });
    timeline
}

/// Entry indices grouped by opportunity (groups in order of first appearance), each group by
/// date then journal order: a counting sort, no per-opportunity allocation.
pub fn group(journal: &Journal<'_>, until: Option<NaiveDate>) -> (Vec<u32>, Vec<u32>) {
    let mut ids: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    let mut of_entry: Vec<u32> = Vec::with_capacity(journal.entries.len());
    let mut counts: Vec<u32> = Vec::new();
    // The previous entry's slug and id: neighbours often share their opportunity.
    let mut last: Option<(&str, u32)> = None;
    for e in &journal.entries {
        if until.is_some_and(|u| e.date > u) {
            of_entry.push(u32::MAX);
            continue;
        }
        let id = match last {
            Some((slug, id)) if slug == e.opportunity => id,
            _ => {
                let next = counts.len() as u32;
                let id = *ids.entry(e.opportunity).or_insert(next);
                if id == next {
                    counts.push(0);
                }
                id
            }
        };
        last = Some((e.opportunity, id));
        counts[id as usize] += 1;
        of_entry.push(id);
    }
    // starts[k]..starts[k + 1] is group k.
    let mut starts = Vec::with_capacity(counts.len() + 1);
    let mut total = 0u32;
    for c in &counts {
        starts.push(total);
        total += c;
    }
    starts.push(total);
    let mut fill = starts.clone();
    let mut order = vec![0u32; total as usize];
    for (i, id) in of_entry.iter().enumerate() {
        if *id != u32::MAX {
            order[fill[*id as usize] as usize] = i as u32;
            fill[*id as usize] += 1;
        }
    }
    let entries = &journal.entries;
    for k in 0..counts.len() {
        let group = &mut order[starts[k] as usize..starts[k + 1] as usize];
        group.sort_by_key(|i| order_key(&entries[*i as usize]));
    }
    (order, starts)
}

/// Build each opportunity in turn and hand it to `f`, in order of first appearance. Only one
/// opportunity is in memory at a time: this is how `check` scales to millions of entries.
pub fn for_each<'a>(
    journal: &Journal<'a>,
    settings: &Settings,
    planned: Planned,
    until: Option<NaiveDate>,
    mut f: impl FnMut(Opportunity<'a>),
) {
    let (order, starts) = group(journal, until);
    for w in starts.windows(2) {
        if let Some(opp) = opportunity(
            journal,
            settings,
            planned,
            &order[w[0] as usize..w[1] as usize],
        ) {
            f(opp);
        }
    }
}

/// The slugs of the opportunities a sent `withdraw` or `outcome` closed (as `due` sees them,
/// planned ones not counted), sorted.
pub fn closed<'a>(journal: &Journal<'a>, settings: &Settings) -> Vec<&'a str> {
    let mut closed = Vec::new();
    for_each(journal, settings, Planned::Pending, None, |o| {
        if o.closed_by.is_some() {
            closed.push(o.slug);
        }
    });
    closed.sort_unstable();
    closed
}

/// One opportunity from its group of entry indices (as [`group`] makes them).
pub fn opportunity<'a>(
    journal: &Journal<'a>,
    settings: &Settings,
    planned: Planned,
    group: &[u32],
) -> Option<Opportunity<'a>> {
    let first = *group.first()? as usize;
    let mut opp = Opportunity {
        slug: journal.entries[first].opportunity,
        opened_by: None,
        entries: group.iter().map(|i| *i as usize).collect(),
        rounds: Vec::new(),
        closed_by: None,
        after_close: Vec::new(),
        planned_withdraws: Vec::new(),
        closed_at: None,
    };
    fill(&mut opp, journal, settings, planned);
    Some(opp)
}

fn fill<'a>(
    opp: &mut Opportunity<'a>,
    journal: &Journal<'a>,
    settings: &Settings,
    planned: Planned,
) {
    let entries = &journal.entries;
    let pending = |e: &Entry<'_>| planned == Planned::Pending && e.planned;
    opp.opened_by = opp
        .entries
        .iter()
        .copied()
        .filter(|i| matches!(entries[*i].kind, Kind::Apply | Kind::Interview))
        .min_by_key(|i| order_key(&entries[*i]));
    // Rounds: one per interview that happened, in order. A planned interview is a scheduled
    // one: it starts no round, in `check` as in `due` (SPEC §1.2).
    for &i in &opp.entries {
        let e = &entries[i];
        if e.kind != Kind::Interview || e.planned {
            continue;
        }
        let (d, assumed) = deadline(e, settings);
        opp.rounds.push(Round {
            by_key: std::sync::OnceLock::new(),
            interview: i,
            interviewers: e
                .people(Key::With)
                .map(|(person, span)| Interviewer {
                    person,
                    span,
                    thanked_by: Vec::new(),
                })
                .collect(),
            thanked_by: Vec::new(),
            window: thank_you_window(e, settings),
            thank_yous: Vec::new(),
            planned_thank_yous: Vec::new(),
            sequences: vec![Sequence {
                start: i,
                deadline: d,
                assumed,
                check_ins: Vec::new(),
                planned_check_ins: Vec::new(),
            }],
            withdraws: Vec::new(),
        });
    }
    // An entry belongs to the round of the latest interview before it in entry order: date,
    // then journal order (a thank-you above a same-day second interview is the first round's).
    let round_keys: Vec<(NaiveDate, u32)> = opp
        .rounds
        .iter()
        .map(|r| order_key(&entries[r.interview]))
        .collect();
    let mut closed_at: Option<(NaiveDate, u32)> = None;
    for &i in &opp.entries {
        let e = &entries[i];
        let key = order_key(e);
        let round = round_keys.partition_point(|k| *k <= key).checked_sub(1);
        match e.kind {
            Kind::CheckIn => {
                if closed_at.is_some_and(|c| key > c) {
                    if !pending(e) {
                        opp.after_close.push(i);
                    }
                    continue;
                }
                let Some(r) = round else { continue };
                let Some(seq) = opp.rounds[r].sequences.last_mut() else {
                    continue;
                };
                if pending(e) {
                    seq.planned_check_ins.push(i);
                    continue;
                }
                let premature = seq.deadline.is_none_or(|d| e.date <= d);
                let number = if premature {
                    None
                } else {
                    Some(seq.count() + 1)
                };
                seq.check_ins.push(CheckIn { entry: i, number });
            }
            Kind::Reply if !pending(e) => {
                let Some(r) = round else { continue };
                if opp.rounds[r].interview == i {
                    continue;
                }
                let (d, assumed) = deadline(e, settings);
                opp.rounds[r].sequences.push(Sequence {
                    start: i,
                    deadline: d,
                    assumed,
                    check_ins: Vec::new(),
                    planned_check_ins: Vec::new(),
                });
            }
            Kind::ThankYou => {
                let Some(r) = round else { continue };
                let round = &mut opp.rounds[r];
                if pending(e) {
                    round.planned_thank_yous.push(i);
                    continue;
                }
                round.thank_yous.push(i);
                credit(round, e, i);
            }
            Kind::Withdraw | Kind::Outcome if pending(e) => opp.planned_withdraws.push(i),
            Kind::Withdraw | Kind::Outcome if !pending(e) => {
                if e.kind == Kind::Withdraw {
                    if let Some(r) = round {
                        opp.rounds[r].withdraws.push(i);
                    }
                }
                if opp.closed_by.is_none() {
                    opp.closed_by = Some(i);
                    closed_at = Some(key);
                }
            }
            _ => {}
        }
    }
    opp.closed_at = closed_at;
}

/// The one order of entries (SPEC §1.2): by date, then by position in the journal with
/// includes expanded in place. "Before" and "after" everywhere mean this order.
pub fn order_key(e: &Entry<'_>) -> (NaiveDate, u32) {
    (e.date, e.order)
}

/// The interviewers of `round` that a thank-you's `to:` lines name (SPEC §1.2), increasing;
/// with no `to:` line, the only interviewer if there is one.
pub fn recipients(round: &Round<'_>, e: &Entry<'_>) -> Vec<usize> {
    let mut to = e.people(Key::To).peekable();
    if to.peek().is_none() {
        return if round.interviewers.len() == 1 {
            vec![0]
        } else {
            Vec::new()
        };
    }
    let mut found: Vec<usize> = to.flat_map(|(p, _)| round.named(&p)).collect();
    found.sort_unstable();
    found.dedup();
    found
}

fn credit(round: &mut Round<'_>, e: &Entry<'_>, i: usize) {
    if round.interviewers.is_empty() {
        round.thanked_by.push(i);
        return;
    }
    if round.interviewers.len() <= FEW {
        // No list to build: each interviewer is compared with the `to:` lines.
        for k in 0..round.interviewers.len() {
            let to = || e.people(Key::To);
            let named = match to().next() {
                None => round.interviewers.len() == 1,
                Some(_) => to().any(|(p, _)| p.matches(&round.interviewers[k].person)),
            };
            if named {
                round.interviewers[k].thanked_by.push(i);
            }
        }
        return;
    }
    for k in recipients(round, e) {
        round.interviewers[k].thanked_by.push(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A round whose interviewers are `people` (as `with:` values).
    fn round<'a>(people: &[&'a str]) -> Round<'a> {
        Round {
            by_key: std::sync::OnceLock::new(),
            interview: 0,
            interviewers: people
                .iter()
                .map(|p| Interviewer {
                    person: crate::model::person(p).unwrap(),
                    span: Span::new(0, 0, 0),
                    thanked_by: Vec::new(),
                })
                .collect(),
            thanked_by: Vec::new(),
            window: None,
            thank_yous: Vec::new(),
            planned_thank_yous: Vec::new(),
            sequences: Vec::new(),
            withdraws: Vec::new(),
        }
    }

    #[test]
    fn many_interviewers_are_found_by_key_as_by_comparing_each() {
        let people = [
            "Jane Doe",
            "jane  DOE",
            "Jane Doe <jane@acme.example>",
            "<JANE@Acme.example>",
            "Bob Lee <bob@acme.example>",
            "Émile Zola",
            "ÉMILE zola <ez@x.example>",
            "\u{212a}ate Bush",
            "kate bush",
            "Priya Natarajan",
            "Sam Ortiz <sam@x.example>",
            "A",
        ];
        let many = round(&people);
        assert!(many.interviewers.len() > 8);
        let probes = people.iter().chain(&[
            "jane doe",
            "JANE DOE <nobody@x.example>",
            "Nobody <jane@acme.EXAMPLE>",
            "émile ZOLA",
            "KATE BUSH",
            "Jane",
            "Doe Jane",
            "<sam@X.example>",
            "a",
        ]);
        for probe in probes {
            let p = crate::model::person(probe).unwrap();
            let each: Vec<usize> = (0..many.interviewers.len())
                .filter(|k| many.interviewers[*k].person.matches(&p))
                .collect();
            assert_eq!(many.named(&p), each, "{probe}");
        }
        // Random people over an alphabet of odd whitespace, case pairs, final sigma, dotted
        // I and the Kelvin sign: keys agree with comparing each.
        let parts = [
            "a", "A", "é", "É", "K", "\u{212a}", "k", " ", "\u{a0}", "\t", "\u{2003}", "\u{200b}",
            "Σ", "σ", "ς", "İ", "i\u{307}", "ß", "SS", "",
        ];
        let emails = ["", " <x@y.z>", " <X@Y.Z>", " <ä@y.z>", " <Ä@y.z>"];
        let mut rng = crate::generate::Rng::new(11);
        let mut next = |n: usize| rng.below(n as u64) as usize;
        let texts: Vec<String> = (0..300)
            .map(|_| {
                let name: String = (0..next(5)).map(|_| parts[next(parts.len())]).collect();
                format!("{name}{}", emails[next(emails.len())])
            })
            .collect();
        let people: Vec<&str> = texts
            .iter()
            .map(String::as_str)
            .filter(|t| crate::model::person(t).is_ok())
            .collect();
        let (with, to) = people.split_at(people.len() / 2);
        let random = round(&with[..20]);
        let mut found = 0;
        for probe in to {
            let p = crate::model::person(probe).unwrap();
            let each: Vec<usize> = (0..random.interviewers.len())
                .filter(|k| random.interviewers[*k].person.matches(&p))
                .collect();
            assert_eq!(random.named(&p), each, "{probe:?}");
            found += usize::from(!each.is_empty());
        }
        assert!(found > 20, "the lists should hold matching people: {found}");
        // Found by key: Kelvin sign and K, accents in any case, emails in any case.
        let kate = crate::model::person("KATE BUSH").unwrap();
        assert_eq!(many.named(&kate), vec![7, 8]);
    }
}
