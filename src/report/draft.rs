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
    let on = long_date(interview.date);
    let to = action.recipient.clone().or_else(|| {
        round
            .interviewers
            .first()
            .map(|iv| iv.person.display().to_string())
    });
    let hello = match &to {
        Some(name) if !name.contains('@') => format!("Hi {},", first_name(name)),
        _ => "Hello,".to_string(),
    };
    let reference = planned_reference(journal, round, action);
    let sign = "Best regards,".to_string();
    let name = "[Your name]".to_string();
    let (subject, middle): (String, Vec<String>) = match action.action {
        ActionKind::ThankYou => (
            format!("Thank you: {title}"),
            vec![
                format!("Thank you for taking the time to talk with me on {on} about the {title} role."),
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
                format!("I hope your week is going well. I wanted to follow up on our interview on {on} for the {title} role."),
                "I remain very interested in the position and the team.".to_string(),
                String::new(),
                "Could you share any update on the timeline when you have a moment?".to_string(),
            ],
        ),
        ActionKind::CheckIn(2) => (
            format!("Something that made me think of our conversation: {title}"),
            vec![
                format!("I came across {VALUE_SLOT} and thought of our conversation about the {title} role."),
                "I thought you might find it useful.".to_string(),
                String::new(),
                "I remain very interested in the role. Is there any update on the timeline?".to_string(),
            ],
        ),
        ActionKind::CheckIn(_) => (
            format!("Checking in: {title}"),
            vec![
                format!("I wanted to check in one last time about the {title} role we discussed on {on}."),
                "I remain very interested in the position, and I understand these decisions take time.".to_string(),
                String::new(),
                "Could you share an updated timeline at your convenience? Thank you for your consideration.".to_string(),
            ],
        ),
        ActionKind::Withdraw => (
            format!("Withdrawing my application: {title}"),
            vec![
                format!("Thank you again for considering me for the {title} role and for your time since our interview on {on}."),
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
        if let Some(r) = &self.recipient {
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
