//! iCalendar (RFC 5545) export of due actions: one all-day event per action spanning its
//! window, with UIDs that stay the same when the window moves, so re-imports update. Written
//! with the `icalendar` crate, which escapes TEXT values and folds lines; journal text goes
//! through [`crate::escape::ics`] first (control characters dropped).

use super::due::Action;
use crate::escape;
use chrono::{NaiveDate, TimeDelta};
use icalendar::{Calendar, Component, Event, Property};

/// The event's UID: opportunity, action and recipient, each percent-encoded so every character
/// of a name is kept (`山田太郎` and `佐藤花子` differ) and the UID stays one token.
pub fn uid(a: &Action) -> String {
    let mut uid = format!("{}.{}", escape::percent(&a.opportunity), a.action.name());
    if let Some(r) = &a.recipient {
        uid.push('.');
        uid.push_str(&escape::percent(r));
    }
    uid.push_str("@nudge");
    uid
}

/// The calendar file for these actions; `today` stamps the events.
pub fn calendar(actions: &[Action], today: NaiveDate) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//nudge//follow-up journal//EN"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    let stamp = format!("{}T000000Z", today.format("%Y%m%d"));
    for a in actions {
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
        let summary = format!("{}{who}: {title}", a.action.name());
        let description = format!(
            "{} ({}). Window {} to {}.",
            a.action.hint(),
            a.status.as_str(),
            a.earliest,
            a.latest
        );
        let event = Event::new()
            .uid(&uid(a))
            .add_property("DTSTAMP", &stamp)
            .append_property(
                Property::new("DTSTART", a.earliest.format("%Y%m%d").to_string())
                    .add_parameter("VALUE", "DATE")
                    .done(),
            )
            .append_property(
                Property::new("DTEND", end.format("%Y%m%d").to_string())
                    .add_parameter("VALUE", "DATE")
                    .done(),
            )
            .summary(&escape::ics(&summary))
            .description(&escape::ics(&description))
            .add_property("TRANSP", "TRANSPARENT")
            .done();
        cal.push(event);
    }
    cal.to_string()
}
