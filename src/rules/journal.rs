//! Journal-level rules: J002 unknown-opportunity, J003 future-entry, J008 several-people and
//! P001 stale-planned.

use super::Context;
use crate::diagnostic::{Diagnostic, Fix};
use crate::model::{Entry, Key, Kind, Span};
use crate::rule::Rule;
use crate::suggest::did_you_mean_text;
use crate::timeline::Opportunity;
use std::ops::Range;

/// J002 for one opportunity that no `apply` or `interview` opens.
pub(super) fn opportunity(
    cx: &Context<'_, '_>,
    opp: &Opportunity<'_>,
    opened: &[&str],
    out: &mut Vec<Diagnostic>,
) {
    if opp.opened_by.is_some() {
        return;
    }
    // The closest opened slug, looked up once for all the opportunity's entries.
    let mut closest = None;
    for &i in &opp.entries {
        let e = cx.entry(i);
        if !e.kind.needs_open_opportunity() {
            continue;
        }
        let closest = *closest
            .get_or_insert_with(|| crate::suggest::closest(opp.slug, opened.iter().copied()));
        let mean = closest.map_or(String::new(), did_you_mean_text);
        let message = format!("no `apply` or `interview` opens `{}`{mean}", e.opportunity);
        out.push(
            Diagnostic::new(Rule::J002, slug_span(cx, e), message)
                .label("unknown opportunity")
                .help(format!(
                    "fix the slug, or open the opportunity with an entry such as `{} apply {} \"Company — Role\"`",
                    e.date, e.opportunity
                ))
                .opportunity(e.opportunity),
        );
        if let (Some(d), Some(to)) = (out.last_mut(), closest) {
            d.fixes.push(crate::diagnostic::Fix::replace(
                format!("Replace with `{to}`"),
                d.span,
                to,
            ));
        }
    }
}

/// Where an entry's slug is: found from its place in the header line.
fn slug_span(cx: &Context<'_, '_>, e: &crate::model::Entry<'_>) -> crate::model::Span {
    let header = cx.journal.sources.text(e.header);
    let start = e.header.start as usize + crate::parse::line::offset(header, e.opportunity);
    crate::model::Span::new(e.header.file, start, start + e.opportunity.len())
}

/// The slugs that an `apply` or `interview` opens, for "did you mean".
pub(super) fn opened<'a>(cx: &Context<'_, 'a>) -> Vec<&'a str> {
    let mut v: Vec<&str> = cx
        .journal
        .entries
        .iter()
        .filter(|e| matches!(e.kind, Kind::Apply | Kind::Interview))
        .map(|e| e.opportunity)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Where a `with:`/`to:` value names several people: the separator's byte range in `raw`
/// (`A, B`, `A; B`, `A and B`, `A & B`), outside any `<email>` (SPEC §2, J008).
pub fn several_people(raw: &str) -> Option<(usize, usize)> {
    let mut depth = 0u32;
    let mut quoted = false;
    let bytes = raw.as_bytes();
    // Every character that matters is ASCII, so bytes give the same places as chars (a byte
    // of a longer character is never ASCII).
    for (i, &c) in bytes.iter().enumerate() {
        match c {
            b'"' => quoted = !quoted,
            _ if quoted => {}
            b'<' => depth += 1,
            b'>' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            b'&' if !(raw[..i].ends_with([' ', '\t']) && raw[i + 1..].starts_with([' ', '\t'])) => {
            }
            b',' | b';' | b'&' => {
                let before = raw[..i].trim();
                let after = raw[i + 1..].trim();
                if !before.is_empty() && !after.is_empty() {
                    return Some((i, i + 1));
                }
            }
            b' ' | b'\t' => {
                let rest = &raw[i + 1..];
                let word = rest.get(..3).filter(|w| w.eq_ignore_ascii_case("and"));
                let ends = bytes.get(i + 4).is_some_and(|b| *b == b' ' || *b == b'\t');
                if word.is_some()
                    && ends
                    && !raw[..i].trim().is_empty()
                    && !raw[i + 4..].trim().is_empty()
                {
                    return Some((i + 1, i + 4));
                }
            }
            _ => {}
        }
    }
    None
}

/// J008 several-people (SPEC §3, journal): a `with:` or `to:` value that names several people.
fn j008_several_people(cx: &Context<'_, '_>, e: &Entry<'_>, out: &mut Vec<Diagnostic>) {
    for a in e
        .attrs
        .iter()
        .filter(|a| matches!(a.key, Key::With | Key::To))
    {
        let Some((s, end)) = several_people(a.raw) else {
            continue;
        };
        let line = a.span(e.header.file);
        // The value ends where the attribute's span ends.
        let vstart = line.end as usize - a.raw.len();
        let key = a.key.as_str();
        out.push(
            Diagnostic::new(
                Rule::J008,
                Span::new(line.file, vstart + s, vstart + end),
                format!(
                    "`{key}: {}` names several people; nudge reads it as one name",
                    a.raw
                ),
            )
            .label("one line per person")
            .help(format!(
                "write one `{key}:` line per person, e.g. `{key}: {}`",
                a.raw[..s].trim()
            ))
            .opportunity(e.opportunity)
            .fix(split_people(cx, line, key, a.raw)),
        );
    }
}

/// The names of a value that names several people, split at every separator that
/// [`several_people`] finds (a leading `and`/`&` left by `A, B, and C` dropped).
fn people(raw: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = raw.trim();
    while let Some((s, end)) = several_people(rest) {
        names.push(rest[..s].trim());
        rest = rest[end..].trim();
    }
    names.push(rest);
    names
        .into_iter()
        .map(|n| {
            let lower = n.get(..4).map(str::to_ascii_lowercase);
            if lower.as_deref() == Some("and ") {
                n[4..].trim()
            } else {
                n.strip_prefix("& ").map_or(n, str::trim)
            }
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// J008's fix: the attribute line `line` replaced by one `key:` line per person, each indented
/// like the original and ended like it.
fn split_people(cx: &Context<'_, '_>, line: Span, key: &str, raw: &str) -> Fix {
    let text = cx
        .journal
        .sources
        .files
        .get(line.file as usize)
        .map_or("", |f| f.text);
    let start = (line.start as usize).min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..start];
    let crlf = text[start..]
        .find('\n')
        .is_some_and(|i| text[..start + i].ends_with('\r'));
    let eol = if crlf { "\r\n" } else { "\n" };
    let lines: Vec<String> = people(raw).iter().map(|n| format!("{key}: {n}")).collect();
    Fix::replace(
        "Split into one line per person",
        line,
        lines.join(&format!("{eol}{indent}")),
    )
}

/// P001 stale-planned (SPEC §3, planned): a planned entry dated before today.
fn p001_stale_planned(cx: &Context<'_, '_>, e: &Entry<'_>, out: &mut Vec<Diagnostic>) {
    if !e.planned || e.date >= cx.today {
        return;
    }
    let days = (cx.today - e.date).num_days();
    let ago = super::plural(days, "day");
    let (message, help) = if e.kind == Kind::Interview {
        (
            format!("this planned interview was scheduled for {}, {ago} before today ({}), and was never recorded as held", e.date, cx.today),
            format!("once it has happened, remove its `!` (`nudge sent {} --date {}`); if it moved, change its date", e.opportunity, e.date),
        )
    } else {
        (
            format!("this planned {} was meant to go out on {}, {ago} before today ({}), and was never recorded as sent", e.kind.as_str(), e.date, cx.today),
            format!("if you sent it, record it: `nudge sent {} --date YYYY-MM-DD`; if not, send it or move its date to today or later", e.opportunity),
        )
    };
    let mut d = Diagnostic::new(Rule::P001, e.header, message)
        .help(help)
        .opportunity(e.opportunity);
    let header = cx
        .journal
        .sources
        .files
        .get(e.header.file as usize)
        .and_then(|f| f.text.get(e.header.range()))
        .unwrap_or("");
    if let Some(new) = crate::parse::line::sent_header(header, cx.today) {
        d = d.fix(Fix::replace("Mark sent today", e.header, new));
    }
    if let Some(new) = crate::parse::line::moved_header(header, cx.today) {
        d = d.fix(Fix::replace("Move to today", e.header, new));
    }
    out.push(d);
}

/// J003 future-entry, J008 several-people, P001 stale-planned.
pub(super) fn check(cx: &Context<'_, '_>, range: Range<usize>, out: &mut Vec<Diagnostic>) {
    for e in cx.journal.entries[range].iter().filter(|e| cx.in_focus(e)) {
        j008_several_people(cx, e, out);
        p001_stale_planned(cx, e, out);
        j003_future_entry(cx, e, out);
    }
}

/// J003 future-entry (SPEC §3, journal): an entry not marked planned dated after today.
fn j003_future_entry(cx: &Context<'_, '_>, e: &Entry<'_>, out: &mut Vec<Diagnostic>) {
    if e.planned || e.date <= cx.today {
        return;
    }
    let days = (e.date - cx.today).num_days();
    out.push(
        Diagnostic::new(
            Rule::J003,
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

#[cfg(test)]
mod tests {
    use super::several_people;

    #[test]
    fn several_people_are_found_between_non_ascii_names() {
        assert_eq!(several_people("Zoë Ñúñez, Ana"), Some((13, 14)));
        assert_eq!(several_people("Zoë and Ana"), Some((5, 8)));
        assert_eq!(several_people("Zoë & Ana"), Some((5, 6)));
        assert_eq!(several_people("Zoë <z,ö@x.example>"), None);
        assert_eq!(several_people("\"Doe, Zoë\""), None);
        assert_eq!(several_people("Zoë Ñandú"), None);
        assert_eq!(several_people("R&D Ltd"), None);
        assert_eq!(several_people("Zoë ,"), None);
    }
}
