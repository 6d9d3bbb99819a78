//! iCalendar (RFC 5545) export of due actions: one all-day event per action spanning its
//! window, with UIDs that stay the same when the window moves, so re-imports update.

use super::due::Action;
use chrono::{NaiveDate, TimeDelta};

/// Escape TEXT values (RFC 5545 §3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Fold a content line at 75 octets, never inside a character (RFC 5545 §3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn uid_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The calendar file for these actions; `today` stamps the events.
pub fn calendar(actions: &[Action], today: NaiveDate) -> String {
    let mut out = String::new();
    let stamp = format!("{}T000000Z", today.format("%Y%m%d"));
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//nudge//follow-up journal//EN",
        "CALSCALE:GREGORIAN",
    ] {
        fold(line, &mut out);
    }
    for a in actions {
        let mut uid = format!("{}.{}", uid_part(&a.opportunity), a.action.name());
        if let Some(r) = &a.recipient {
            uid.push('.');
            uid.push_str(&uid_part(r));
        }
        let who = a
            .recipient
            .as_deref()
            .map(|r| format!(" to {r}"))
            .unwrap_or_default();
        let title = a.title.as_deref().unwrap_or(&a.opportunity);
        let end = a
            .latest
            .checked_add_signed(TimeDelta::days(1))
            .unwrap_or(a.latest);
        let lines = [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{uid}@nudge"),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", a.earliest.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")),
            format!(
                "SUMMARY:{}",
                escape(&format!("{}{who}: {title}", a.action.name()))
            ),
            format!(
                "DESCRIPTION:{}",
                escape(&format!(
                    "{} ({}). Window {} to {}.",
                    a.action.hint(),
                    a.status.as_str(),
                    a.earliest,
                    a.latest
                ))
            ),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ];
        for line in &lines {
            fold(line, &mut out);
        }
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_long_lines_on_character_boundaries() {
        let mut out = String::new();
        fold(&"é".repeat(60), &mut out);
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), "é".repeat(60));
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
