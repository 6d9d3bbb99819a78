//! First drafts of the messages due for an opportunity: a subject and a body that reference
//! the interview, address the person by name, stay under `max-words`, and pass nudge's own
//! message rules.

use super::due::{Action, ActionKind};
use crate::model::{Journal, Key, Kind, Value};
use crate::timeline::{Opportunity, Round, Settings};
use chrono::NaiveDate;

/// The marked slot where the user writes what only they know.
pub const VALUE_SLOT: &str =
    "[your value-add: an article, a project you finished, a certification]";
/// The slot for the point of the conversation a thank-you refers to.
pub const REF_SLOT: &str = "[the point you discussed]";

/// Sentences a draft drops, in this order, when it would be longer than `max-words`.
const OPTIONAL: [&str; 4] = [
    "If any further information would help, I would be glad to provide it.",
    "I thought you might find it useful.",
    "I remain very interested in the position and the team.",
    "I have decided to withdraw from the process.",
];

/// One drafted message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub action: ActionKind,
    pub opportunity: String,
    pub recipient: Option<String>,
    /// The day to send it: the first day of the action's window.
    pub date: NaiveDate,
    pub subject: String,
    /// The body, one paragraph line per element; empty strings separate paragraphs.
    pub body: Vec<String>,
    /// The `ref:` a thank-you refers to, when the journal knows it.
    pub reference: Option<String>,
    /// The person the message greets (its `to:`), when the round names one.
    pub to: Option<String>,
    /// That person's email address, when the journal has one.
    pub address: Option<String>,
}

/// Whether journal text may go into a draft's body: nothing in it that nudge's own message
/// rules would flag (a demanding or pleading phrase, capitals, "!!", a `[…]` slot), and short.
fn fits_a_body(text: &str) -> bool {
    use crate::rules::tone;
    !text.trim().is_empty() && text.split_whitespace().count() <= 12 && !tone::flags(text)
}

fn first_name(full: &str) -> &str {
    full.split_whitespace().next().unwrap_or(full)
}

fn long_date(d: NaiveDate) -> String {
    d.format("%A, %B %-d").to_string()
}

/// The draft for one due action of `opp`.
pub fn draft(
    journal: &Journal<'_>,
    settings: &Settings,
    opp: &Opportunity<'_>,
    round: &Round<'_>,
    action: &Action,
) -> Draft {
    let interview = &journal.entries[round.interview];
    let title = opp.title(journal).unwrap_or_else(|| opp.slug.to_string());
    // Journal text enters the body only when nudge's own rules would pass it (a title
    // "ASAP!!" must not leak into the message); the subject keeps the title as written.
    let role = if fits_a_body(&title) {
        format!("the {title} role")
    } else {
        "the role".to_string()
    };
    let on = long_date(interview.date);
    let person = match &action.recipient {
        Some(r) => round
            .interviewers
            .iter()
            .find(|iv| iv.person.display() == r.as_str())
            .map(|iv| iv.person),
        None => round.interviewers.first().map(|iv| iv.person),
    };
    let to = action
        .recipient
        .clone()
        .or_else(|| person.map(|p| p.display().to_string()));
    let address = person.and_then(|p| p.email).map(str::to_string);
    let hello = match &to {
        Some(name) if !name.contains('@') && fits_a_body(first_name(name)) => {
            format!("Hi {},", first_name(name))
        }
        _ => "Hello,".to_string(),
    };
    let reference = planned_reference(journal, round, action).filter(|r| fits_a_body(r));
    let sign = "Best regards,".to_string();
    let name = "[Your name]".to_string();
    let (subject, middle): (String, Vec<String>) = match action.action {
        ActionKind::ThankYou => (
            format!("Thank you: {title}"),
            vec![
                format!("Thank you for taking the time to talk with me on {on} about {role}."),
                format!(
                    "I especially enjoyed our conversation about {}, and it left me even more enthusiastic about joining the team.",
                    reference.as_deref().unwrap_or(REF_SLOT)
                ),
                String::new(),
                "If any further information would help, I would be glad to provide it.".to_string(),
            ],
        ),
        ActionKind::CheckIn(1) => (
            format!("Following up: {title}"),
            vec![
                format!("I hope your week is going well. I wanted to follow up on our interview on {on} for {role}."),
                "I remain very interested in the position and the team.".to_string(),
                String::new(),
                "Could you share any update on the timeline when you have a moment?".to_string(),
            ],
        ),
        ActionKind::CheckIn(2) => (
            format!("Something that made me think of our conversation: {title}"),
            vec![
                format!("I came across {VALUE_SLOT} and thought of our conversation about {role}."),
                "I thought you might find it useful.".to_string(),
                String::new(),
                "I remain very interested in the role. Is there any update on the timeline?".to_string(),
            ],
        ),
        ActionKind::CheckIn(_) => (
            format!("Checking in: {title}"),
            vec![
                format!("I wanted to check in one last time about {role} we discussed on {on}."),
                "I remain very interested in the position, and I understand these decisions take time.".to_string(),
                String::new(),
                "Could you share an updated timeline at your convenience? Thank you for your consideration.".to_string(),
            ],
        ),
        ActionKind::Withdraw => (
            format!("Withdrawing my application: {title}"),
            vec![
                format!("Thank you again for considering me for {role} and for your time since our interview on {on}."),
                "I have decided to withdraw from the process.".to_string(),
                String::new(),
                "I enjoyed learning about the team, and I hope our paths cross again in the future.".to_string(),
            ],
        ),
    };
    let mut body = vec![hello, String::new()];
    body.extend(middle);
    body.extend([String::new(), sign, name]);
    // Stay under `max-words`: drop the sentences the message can do without.
    let words = |b: &[String]| {
        b.iter()
            .map(|l| l.split_whitespace().count())
            .sum::<usize>()
    };
    for optional in OPTIONAL {
        if words(&body) <= settings.policy.max_words as usize {
            break;
        }
        body.retain(|l| l != optional);
    }
    Draft {
        action: action.action,
        opportunity: opp.slug.to_string(),
        recipient: action.recipient.clone(),
        date: action.earliest,
        subject,
        body,
        reference,
        to,
        address,
    }
}

/// The `ref:` of a planned thank-you to this recipient, if the user already noted one.
fn planned_reference(journal: &Journal<'_>, round: &Round<'_>, action: &Action) -> Option<String> {
    if action.action != ActionKind::ThankYou {
        return None;
    }
    round
        .planned_thank_yous
        .iter()
        .map(|i| &journal.entries[*i])
        .filter(|e| e.kind == Kind::ThankYou)
        .filter(|e| {
            let to: Vec<_> = e.people(Key::To).collect();
            match &action.recipient {
                Some(r) => {
                    to.is_empty() || to.iter().any(|(p, _)| p.display().eq_ignore_ascii_case(r))
                }
                None => true,
            }
        })
        .find_map(|e| match e.attr(Key::Ref)?.value() {
            Value::Text(t) => Some(t.to_string()),
            _ => None,
        })
}

impl Draft {
    /// The draft dated for `--append`: the first day of its window, or `today` when that day
    /// has passed (SPEC §3.3).
    pub fn dated(mut self, today: NaiveDate) -> Draft {
        self.date = self.date.max(today);
        self
    }

    /// The draft as an RFC 5322 message (`draft --format eml`): `To:` (with the address when
    /// the journal has one; otherwise the name as an empty group, for the mail client to fill),
    /// `Subject:`, `Date:` (the day to send it, 09:00 UTC), MIME headers for UTF-8 plain text,
    /// a blank line and the body. Lines end in CRLF; non-ASCII header text is RFC 2047-encoded.
    pub fn eml(&self) -> String {
        let mut s = String::new();
        if let Some(name) = &self.to {
            let name = name.replace(['\r', '\n'], " ");
            let shown = phrase(&name);
            match &self.address {
                Some(a) if !name.contains('@') => s.push_str(&format!("To: {shown} <{a}>\r\n")),
                Some(a) => s.push_str(&format!("To: {a}\r\n")),
                None if name.contains('@') => s.push_str(&format!("To: {name}\r\n")),
                None => s.push_str(&format!("To: {shown}:;\r\n")),
            }
        }
        s.push_str(&format!(
            "Subject: {}\r\n",
            encoded(&self.subject.replace(['\r', '\n'], " "))
        ));
        s.push_str(&format!(
            "Date: {}\r\n",
            self.date.format("%a, %d %b %Y 09:00:00 +0000")
        ));
        s.push_str("MIME-Version: 1.0\r\n");
        s.push_str("Content-Type: text/plain; charset=utf-8\r\n");
        s.push_str("Content-Transfer-Encoding: 8bit\r\n");
        s.push_str("\r\n");
        for line in &self.body {
            s.push_str(line);
            s.push_str("\r\n");
        }
        s
    }

    /// The message as an email: subject line, blank line, body.
    pub fn email(&self) -> String {
        let mut s = format!("Subject: {}\n\n", self.subject);
        for line in &self.body {
            s.push_str(line);
            s.push('\n');
        }
        s
    }

    /// The draft as a planned journal entry, lines without line ends.
    pub fn entry_lines(&self) -> Vec<String> {
        let kind = match self.action {
            ActionKind::ThankYou => "thank-you",
            ActionKind::CheckIn(_) => "check-in",
            ActionKind::Withdraw => "withdraw",
        };
        let mut lines = vec![format!(
            "{} ! {kind} {}  ; drafted by nudge: edit, send, then remove the `!`",
            self.date, self.opportunity
        )];
        if let Some(r) = self.recipient.as_ref().or(self.to.as_ref()) {
            lines.push(format!("    to: {r}"));
        }
        match self.action {
            ActionKind::ThankYou => lines.push(format!(
                "    ref: {}",
                self.reference.as_deref().unwrap_or(REF_SLOT)
            )),
            ActionKind::CheckIn(2) => lines.push(format!("    value: {VALUE_SLOT}")),
            _ => {}
        }
        lines.push("    via: email".to_string());
        lines.push(format!("    note: subject: {}", self.subject));
        for b in &self.body {
            if b.is_empty() {
                lines.push("    |".to_string());
            } else {
                lines.push(format!("    | {b}"));
            }
        }
        lines
    }
}

/// A display name for an address header: as is when it is plain words, else RFC 2047-encoded
/// (non-ASCII) or quoted (specials such as `,` or `.`).
fn phrase(name: &str) -> String {
    if !name.is_ascii() {
        return encoded(name);
    }
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || "!#$%&'*+-/=?^_`{|}~".contains(c))
    {
        return name.to_string();
    }
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Header text as RFC 2047 `=?utf-8?B?…?=` encoded words when it is not ASCII, folded so no
/// line passes 78 characters.
fn encoded(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > 42 {
            words.push(format!("=?utf-8?B?{}?=", base64(chunk.as_bytes())));
            chunk.clear();
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(format!("=?utf-8?B?{}?=", base64(chunk.as_bytes())));
    }
    words.join("\r\n ")
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * k)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn journal_text_that_nudge_would_flag_stays_out_of_bodies() {
        assert!(fits_a_body("Acme Corp — Senior SRE"));
        assert!(!fits_a_body("ASAP!! Senior SRE"));
        assert!(!fits_a_body("URGENT hire"));
        assert!(!fits_a_body("[title]"));
        assert!(!fits_a_body("I really need this job"));
    }
}
