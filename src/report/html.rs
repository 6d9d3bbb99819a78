//! `report --format html` and `due --format html` (SPEC §3.6): one self-contained HTML5 page —
//! styles inline, no script, no network fetch — with the timeline picture
//! ([`super::timeline_svg`]) above the report's tables.
//!
//! The page is built with `maud`, which escapes every text node and attribute; journal text
//! first goes through [`text`], which makes control characters and bidirectional overrides
//! visible (SPEC §4.1), so no journal text ever becomes markup or script.

use super::due::{self, Action, DueOptions};
use super::table::{Tabular, Tone};
use super::timeline_svg::{self, Bar, Finding, Lane, Mark, Picture};
use super::weekly::Report;
use crate::diagnostic::Diagnostic;
use crate::model::{Journal, Key, Kind, Value};
use crate::timeline::{self, Opportunity, Planned, Settings, Timeline};
use chrono::{NaiveDate, TimeDelta};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use std::collections::HashMap;

/// Journal text made safe to show as HTML text: control characters (tab and newline become a
/// space) and bidirectional overrides (U+202A–U+202E, U+2066–U+2069) are shown as visible
/// escapes such as `\u{1b}`. HTML escaping itself (`<`, `&`, `"`) is left to `maud` and the
/// `svg` crate, which apply it to every text node and attribute.
///
/// The same visible escapes as a terminal table cell ([`crate::escape::terminal_cell`]).
pub fn text(s: &str) -> String {
    crate::escape::terminal_cell(s).into_owned()
}

/// How far the picture may reach beyond the report's period to show a current round, in days.
const REACH: i64 = 92;
/// The most days one picture shows (two years): a longer period shows its part around today.
const MAX_DAYS: i64 = 731;

/// The picture for a weekly report: one lane per opportunity of the report, across the
/// report's period widened to show each one's current round, today and its due windows.
/// `today` is the report's today; findings are `rules::check`'s for the days shown.
pub fn report_picture(journal: &Journal<'_>, today: NaiveDate, report: &Report) -> Picture {
    let settings = Settings::from_journal(journal);
    let tl = timeline::build(journal, &settings, Planned::Pending);
    let actions = due::actions(
        journal,
        &settings,
        &tl,
        &DueOptions {
            today,
            within: 0,
            all: true,
        },
    );
    let lanes: Vec<(&str, Option<String>)> = report
        .opportunities
        .iter()
        .map(|s| (s.opportunity.as_str(), Some(s.stage.clone())))
        .collect();
    build(
        journal,
        &settings,
        &tl,
        today,
        &lanes,
        &actions,
        Some((report.from, report.to)),
    )
}

/// The picture for `due`: one lane per opportunity with a listed action, from the earliest
/// current round (or today) to the last window shown.
pub fn due_picture(journal: &Journal<'_>, today: NaiveDate, actions: &[Action]) -> Picture {
    let settings = Settings::from_journal(journal);
    let tl = timeline::build(journal, &settings, Planned::Pending);
    let mut count: HashMap<&str, usize> = HashMap::new();
    for a in actions {
        *count.entry(a.opportunity.as_str()).or_default() += 1;
    }
    let mut lanes: Vec<(&str, Option<String>)> = Vec::new();
    for o in &tl.opportunities {
        let n = count.get(o.slug).copied().unwrap_or(0);
        if n > 0 {
            let stage = format!("{n} action{} listed", if n == 1 { "" } else { "s" });
            lanes.push((o.slug, Some(stage)));
        }
    }
    build(journal, &settings, &tl, today, &lanes, actions, None)
}

/// The first day of an opportunity's current round (or of the opportunity) and the last day
/// it needs shown: its entries from then on, its decision dates and due windows.
fn current_round(
    journal: &Journal<'_>,
    o: &Opportunity<'_>,
    bars: &[&Action],
) -> Option<(NaiveDate, NaiveDate)> {
    let start = match o.rounds.last() {
        Some(r) => journal.entries[r.interview].date,
        None => journal.entries[o.opened_by.or_else(|| o.entries.first().copied())?].date,
    };
    let mut end = start;
    for i in &o.entries {
        end = end.max(journal.entries[*i].date);
    }
    if let Some(r) = o.rounds.last() {
        for s in &r.sequences {
            end = end.max(s.deadline.unwrap_or(start));
        }
    }
    for a in bars {
        end = end.max(a.latest);
    }
    Some((start, end))
}

fn build(
    journal: &Journal<'_>,
    settings: &Settings,
    tl: &Timeline<'_>,
    today: NaiveDate,
    lanes: &[(&str, Option<String>)],
    actions: &[Action],
    period: Option<(NaiveDate, NaiveDate)>,
) -> Picture {
    let mut by_slug: HashMap<&str, Vec<&Action>> = HashMap::new();
    for a in actions {
        by_slug.entry(a.opportunity.as_str()).or_default().push(a);
    }
    let bars_of = |slug: &str| -> Vec<&Action> { by_slug.get(slug).cloned().unwrap_or_default() };
    // The days shown.
    let (mut from, mut to) = period.unwrap_or((today, today));
    let (lo, hi) = (
        from.checked_sub_signed(TimeDelta::days(REACH))
            .unwrap_or(from),
        to.checked_add_signed(TimeDelta::days(REACH)).unwrap_or(to),
    );
    for (slug, _) in lanes {
        if let Some(o) = tl.get(slug) {
            if let Some((a, b)) = current_round(journal, o, &bars_of(slug)) {
                from = from.min(a.max(lo));
                to = to.max(b.min(hi));
            }
        }
    }
    from = from.min(today.max(lo));
    to = to.max(today.min(hi));
    // A picture of years has no room for days: keep at most MAX_DAYS, today's end of it.
    if (to - from).num_days() >= MAX_DAYS {
        let end = to.min(
            today
                .max(from)
                .checked_add_signed(TimeDelta::days(MAX_DAYS / 2))
                .unwrap_or(to),
        );
        let end = end.max(
            from.checked_add_signed(TimeDelta::days(MAX_DAYS - 1))
                .unwrap_or(end),
        );
        to = end;
        from = end
            .checked_sub_signed(TimeDelta::days(MAX_DAYS - 1))
            .unwrap_or(from);
    }

    let options = crate::rules::Options {
        focus: Some((from, to)),
        ..crate::rules::Options::default()
    };
    let diags = crate::rules::check(journal, today, &options);
    let findings = findings_by_entry(journal, &diags);

    let holidays = holidays(journal);
    let mut days_off = Vec::new();
    let mut d = from;
    while d <= to {
        if !settings.calendar.is_business_day(d) {
            days_off.push((d, holidays.get(&d).cloned()));
        }
        match d.succ_opt() {
            Some(n) => d = n,
            None => break,
        }
    }

    let mut out = Vec::new();
    for (slug, stage) in lanes {
        let Some(o) = tl.get(slug) else { continue };
        let numbers = check_in_numbers(o);
        let mut lane = Lane {
            slug: slug.to_string(),
            title: o.title(journal),
            stage: stage.clone(),
            ..Lane::default()
        };
        for i in &o.entries {
            let e = &journal.entries[*i];
            if e.date < from {
                lane.earlier += 1;
                continue;
            }
            if e.date > to {
                lane.later += 1;
                continue;
            }
            lane.marks.push(Mark {
                date: e.date,
                kind: e.kind,
                planned: e.planned,
                label: label(e, numbers.get(i).copied()),
                findings: findings.get(i).cloned().unwrap_or_default(),
            });
        }
        if let Some(r) = o.rounds.last() {
            if o.closed_by.is_none() {
                lane.deadlines = r
                    .sequences
                    .iter()
                    .filter_map(|s| Some((s.deadline?, s.assumed)))
                    .collect();
            }
        }
        lane.bars = bars_of(slug)
            .into_iter()
            .map(|a| Bar {
                action: match &a.recipient {
                    Some(r) => format!("{} to {r}", a.action.name()),
                    None => a.action.name(),
                },
                earliest: a.earliest,
                latest: a.latest,
                status: a.status,
                planned: a.planned,
            })
            .collect();
        out.push(lane);
    }
    Picture {
        from,
        to,
        today,
        period,
        days_off,
        lanes: out,
    }
}

/// The journal's holidays with their names (the `holiday` line's text after the date).
fn holidays(journal: &Journal<'_>) -> HashMap<NaiveDate, String> {
    let mut out = HashMap::new();
    for d in &journal.directives {
        if let crate::model::Directive::Holiday(date) = d.directive {
            let line = journal.sources.text(d.span);
            let name = line
                .split_whitespace()
                .skip(2)
                .take_while(|w| !w.starts_with(';') && !w.starts_with('#'))
                .collect::<Vec<_>>()
                .join(" ");
            out.insert(date, name);
        }
    }
    out
}

/// Check-in numbers (`Some(n)`) and premature check-ins (`None`) by entry index.
fn check_in_numbers(o: &Opportunity<'_>) -> HashMap<usize, Option<u32>> {
    let mut m = HashMap::new();
    for r in &o.rounds {
        for s in &r.sequences {
            for c in &s.check_ins {
                m.insert(c.entry, c.number);
            }
        }
    }
    m
}

/// An entry in a few words: `check-in #2 to Priya; value: …`.
fn label(e: &crate::model::Entry<'_>, number: Option<Option<u32>>) -> String {
    let mut s = e.kind.as_str().to_string();
    match number {
        Some(Some(n)) => s.push_str(&format!(" #{n}")),
        Some(None) => s.push_str(" (premature)"),
        None => {}
    }
    if let Some(t) = e.time {
        s.push_str(&format!(" at {}", t.format("%H:%M")));
    }
    let people = |key| -> Vec<&str> { e.people(key).map(|(p, _)| p.display()).collect() };
    match e.kind {
        Kind::Interview => {
            if let Some(t) = e.title() {
                s.push_str(&format!(": {t}"));
            }
            let with = people(Key::With);
            if !with.is_empty() {
                s.push_str(&format!(" (with {})", with.join(", ")));
            }
            if let Some(d) = e.expect() {
                s.push_str(&format!("; expect {d}"));
            }
        }
        Kind::ThankYou | Kind::CheckIn | Kind::Withdraw => {
            let to = people(Key::To);
            if !to.is_empty() {
                s.push_str(&format!(" to {}", to.join(", ")));
            }
            for key in [Key::Ref, Key::Value] {
                if let Some(Value::Text(t)) = e.attr(key).map(|a| a.value()) {
                    s.push_str(&format!("; {}: {t}", key.as_str()));
                }
            }
        }
        Kind::Reply => {
            if let Some(t) = e.title() {
                s.push_str(&format!(": {t}"));
            }
            if let Some(d) = e.expect() {
                s.push_str(&format!("; expect {d}"));
            }
        }
        _ => {
            if let Some(t) = e.title() {
                s.push_str(&format!(": {t}"));
            }
        }
    }
    s
}

/// Each entry's findings: a diagnostic belongs to the entry whose block holds its start.
fn findings_by_entry(journal: &Journal<'_>, diags: &[Diagnostic]) -> HashMap<usize, Vec<Finding>> {
    let mut blocks: Vec<(u32, u32, u32, usize)> = journal
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.block.file, e.block.start, e.block.end, i))
        .collect();
    blocks.sort_unstable();
    let mut out: HashMap<usize, Vec<Finding>> = HashMap::new();
    for d in diags {
        let k = blocks.partition_point(|(f, s, _, _)| (*f, *s) <= (d.span.file, d.span.start));
        if k == 0 {
            continue;
        }
        let (f, _, end, i) = blocks[k - 1];
        if f == d.span.file && d.span.start <= end {
            out.entry(i).or_default().push(Finding {
                code: d.code(),
                severity: d.severity,
                message: d.message.clone(),
            });
        }
    }
    out
}

const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #ffffff; color: #1f2937;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1232px; margin: 0 auto; padding: 20px 16px 40px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 24px 0 8px; }
p.meta { margin: 0 0 12px; color: #4b5563; }
figure { margin: 0 0 12px; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 13px; color: #4b5563; margin: 4px 0 0; }
.lane, tr { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
table.narrow { width: auto; min-width: 40%; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #e5e7eb; }
th { background: #f3f4f6; font-weight: 600; border-bottom: 2px solid #9ca3af; }
td.nowrap { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.urgent td { background: #fef2f2; }
tr.urgent td:first-child { color: #991b1b; font-weight: 600; }
tr.current td { background: #fffbeb; }
tr.current td:first-child { color: #92400e; font-weight: 600; }
p.none { color: #4b5563; font-style: italic; }
footer { margin-top: 32px; font-size: 12px; color: #4b5563; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 18px; }
  h2 { font-size: 14px; margin-top: 12px; break-after: avoid; page-break-after: avoid; }
  table { font-size: 10.5px; }
  th, td { padding: 3px 6px; }
  figcaption { display: none; }
  footer { display: none; }
}
"#;

/// Whether a cell is one token (a slug, `check-in-2`) or a date or window, kept on one line.
fn nowrap(cell: &str) -> bool {
    cell.chars().count() <= 24
        && (!cell.contains(' ') || cell.starts_with(|c: char| c.is_ascii_digit()))
}

/// One table section of the page.
fn table(id: &str, name: &str, t: &Tabular) -> Markup {
    html! {
        section aria-labelledby=(id) {
            h2 id=(id) { (name) }
            @if t.rows.is_empty() {
                p.none { "None." }
            } @else {
                table class=[(t.header.len() <= 2).then_some("narrow")] {
                    thead { tr { @for h in &t.header { th scope="col" { (h) } } } }
                    tbody {
                        @for (row, tone) in t.rows.iter().zip(t.tone.iter().chain(std::iter::repeat(&Tone::Plain))) {
                            tr class=[match tone { Tone::Urgent => Some("urgent"), Tone::Current => Some("current"), Tone::Plain => None }] {
                                @for cell in row { td class=[nowrap(cell).then_some("nowrap")] { (text(cell)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The whole page: `heading` (also the document title), a line under it, the picture (when
/// it has lanes), then each `(name, table)` section.
pub fn page(heading: &str, meta: &str, picture: &Picture, sections: &[(&str, Tabular)]) -> String {
    let parts = timeline_svg::render(picture);
    let heading = text(heading);
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                meta name="generator" content="nudge";
                title { (heading) }
                style { (PreEscaped(CSS)) }
            }
            body {
                main {
                    header {
                        h1 { (heading) }
                        p.meta { (text(meta)) }
                    }
                    section.timeline aria-labelledby="h-timeline" {
                        h2 #h-timeline { "Timeline" }
                        @if parts.is_empty() {
                            p.none { "No opportunity to draw." }
                        } @else {
                            @for (k, svg) in parts.iter().enumerate() {
                                figure.timeline-part {
                                    (PreEscaped(svg))
                                    @if k + 1 == parts.len() {
                                        figcaption {
                                            "From " (picture.from) " to " (picture.to)
                                            ". Hover a mark or a window bar for its details."
                                        }
                                    }
                                }
                            }
                            figure.legend { (PreEscaped(timeline_svg::legend())) }
                        }
                    }
                    @for (k, (name, t)) in sections.iter().enumerate() {
                        (table(&format!("h-section-{k}"), name, t))
                    }
                    footer { "Made by nudge from the follow-up journal. Self-contained: no script, nothing fetched." }
                }
            }
        }
    };
    let mut s = markup.into_string();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bidi_overrides_become_visible_escapes() {
        // A CRLF line break is one break: one space (the shared terminal-cell escaper).
        assert_eq!(text("a\tb\nc\r\nd"), "a b c d");
        assert_eq!(text("\x1b[31mred\x07"), "\\u{1b}[31mred\\u{7}");
        assert_eq!(text("\u{202e}fdp.exe\u{2066}"), "\\u{202e}fdp.exe\\u{2066}");
        assert_eq!(text("\u{85}x\u{7f}"), "\\u{85}x\\u{7f}");
        // HTML's own escaping is maud's: the text is left as it is.
        assert_eq!(text("<b> & \"q\" — Café"), "<b> & \"q\" — Café");
    }
}
