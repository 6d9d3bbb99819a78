//! The one catalogue of rules: code, name, family, default severity, summary and explain page.

use crate::diagnostic::Severity;

/// A rule of the catalogue.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub family: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// The `nudge explain` page: what it does, why, a bad and a good example.
    pub explain: &'static str,
}

use Severity::{Error, Warning};

macro_rules! rule {
    ($code:literal, $name:literal, $family:literal, $sev:expr, $summary:literal, $explain:literal) => {
        Rule {
            code: $code,
            name: $name,
            family: $family,
            severity: $sev,
            summary: $summary,
            explain: $explain,
        }
    };
}

/// Every rule, in catalogue order.
pub static RULES: &[Rule] = &[
    rule!("J001", "syntax-error", "journal", Error,
        "A line cannot be parsed",
        "## What it does\nReports every line the parser cannot read: a bad date or time, an unknown kind, a malformed slug or attribute value, an indented line with no entry above it. The parser recovers and reports every bad line, not only the first; a bad header skips its indented lines with it.\n\n## Why\nA line nudge cannot read is a line whose follow-up it cannot judge: a mistyped thank-you looks like a missing one.\n\n## Example\n```\n2026-02-30 thank-yu acme-sre\n```\n\n## Use instead\n```\n2026-03-02 thank-you acme-sre\n```\n"),
    rule!("J002", "unknown-opportunity", "journal", Error,
        "An entry names an opportunity that was never opened",
        "## What it does\nReports a thank-you, check-in, reply, withdraw or outcome whose opportunity slug is not opened by any `apply` or `interview` in the journal, and suggests the closest slug.\n\n## Why\nA typo in a slug silently moves a follow-up out of its opportunity: the check-in would not count and the rules would judge the wrong history.\n\n## Example\n```\n2026-11-02 interview acme-sre \"Acme Corp\"\n2026-11-03 thank-you acme-ser\n```\n\n## Use instead\n```\n2026-11-02 interview acme-sre \"Acme Corp\"\n2026-11-03 thank-you acme-sre\n```\n"),
    rule!("J003", "future-entry", "journal", Warning,
        "An entry that is not planned is dated after today",
        "## What it does\nReports an entry dated after today that is not marked planned with `!`.\n\n## Why\nA message you have not sent yet is a plan; recording it as sent makes nudge count it. Mark plans with `!` and remove the `!` once sent.\n\n## Example\n```\n2026-12-24 check-in acme-sre\n```\n\n## Use instead\n```\n2026-12-24 ! check-in acme-sre\n```\n"),
    rule!("J004", "unknown-attribute", "journal", Warning,
        "An attribute key that nudge does not know",
        "## What it does\nReports an attribute whose key is not one of `with`, `to`, `expect`, `next`, `ref`, `value`, `via`, `note`, and suggests the closest key.\n\n## Why\nA mistyped key is ignored: `expcet: 2026-11-09` leaves the interview without a decision date.\n\n## Example\n```\n2026-11-02 interview acme-sre\n    expcet: 2026-11-09\n```\n\n## Use instead\n```\n2026-11-02 interview acme-sre\n    expect: 2026-11-09\n```\n"),
    rule!("J005", "misplaced-attribute", "journal", Warning,
        "A known key on a kind that does not take it, or a single key given twice",
        "## What it does\nReports an attribute on an entry kind that does not take it (`ref:` on a check-in) and a non-repeatable key given twice on one entry.\n\n## Why\nnudge reads each key only where it has a meaning: a `value:` on a thank-you is not a value-add, and the second `expect:` would be ignored.\n\n## Example\n```\n2026-11-11 check-in acme-sre\n    ref: the on-call redesign\n```\n\n## Use instead\n```\n2026-11-11 check-in acme-sre\n    value: https://example.org/on-call-write-up\n```\n"),
    rule!("J006", "invalid-directive", "journal", Error,
        "A bad workweek, holiday, policy or rule line or value",
        "## What it does\nReports a `workweek`, `holiday`, `policy` or `rule` directive that cannot be read or whose value is out of range: an unknown day, an empty workweek, an impossible date, an unknown policy or rule, a malformed duration, a reversed range.\n\n## Why\nA directive nudge cannot read falls back to the default, and the schedule would silently differ from the one you meant.\n\n## Example\n```\nworkweek mon-fry\npolicy first-check-in-after 3..2bd\n```\n\n## Use instead\n```\nworkweek mon-fri\npolicy first-check-in-after 2..3bd\n```\n"),
    rule!("J007", "include-error", "journal", Error,
        "An include is missing, unreadable, not a regular file, cyclic, or over the limits",
        "## What it does\nReports an `include` whose file is missing, unreadable, not a regular file, not UTF-8, nested too deep, already being read (a cycle), or over the limits: at most 10,000 files and 4 GiB are read in one run.\n\n## Why\nThe entries of an included file that cannot be read are missing from every check and report.\n\n## Example\n```\ninclude 2026/novmber.nudge\n```\n\n## Use instead\n```\ninclude 2026/november.nudge\n```\n"),
    rule!("J008", "several-people", "journal", Warning,
        "A `with:` or `to:` value that names several people",
        "## What it does\nReports a `with:` or `to:` value that names several people: `Jane Doe, Bob Lee`, `Jane; Bob`, `Jane and Bob`, `Jane & Bob` (a comma or `&` inside an `<email>` does not count). The value is kept as one name.\n\n## Why\nnudge matches thank-yous to interviewers one person at a time: `with: Jane and Bob` is one interviewer called \"Jane and Bob\", so a thank-you `to: Jane` matches no one and Bob is never owed one.\n\n## Example\n```\n2026-11-02 interview acme-sre\n    with: Jane Doe, Bob Lee\n```\n\n## Use instead\n```\n2026-11-02 interview acme-sre\n    with: Jane Doe\n    with: Bob Lee\n```\n"),
    rule!("J009", "control-character", "journal", Warning,
        "A control character or a bidirectional override in the journal",
        "## What it does\nReports a control character other than tab (an escape, a bell, a lone carriage return, a C1 control) or a bidirectional override (U+202A–U+202E, U+2066–U+2069) in the journal, once per line, shown escaped as `\\u{1b}`.\n\n## Why\nThese characters are invisible in an editor, and a terminal acts on them: an escape sequence pasted with an email can clear the screen, rewrite the clipboard or hide text, and a bidirectional override shows text in another order than it is read. nudge always prints them escaped; the journal is better without them.\n\n## Example\n```\n2026-11-02 interview acme-sre \"Acme\\u{1b}[2J Corp\"\n```\n\n## Use instead\n```\n2026-11-02 interview acme-sre \"Acme Corp\"\n```\n"),
    rule!("J010", "duplicate-include", "journal", Warning,
        "A file already included is included again",
        "## What it does\nReports an `include` of a file that was already read (compared by its resolved path, symlinks followed). The file is skipped, so its entries count once; an include of a file that is still being read is a cycle (J007) instead.\n\n## Why\nA file read twice would count its check-ins twice: a single check-in would become #1 and #2.\n\n## Example\n```\ninclude 2026/november.nudge\ninclude 2026/../2026/november.nudge\n```\n\n## Use instead\n```\ninclude 2026/november.nudge\n```\n"),
    rule!("P001", "stale-planned", "planned", Warning,
        "A planned entry dated before today",
        "## What it does\nReports a planned entry (`!`) dated before today: a message that was meant to go out and was never recorded as sent. `check` still counts it as sent on its date; `due` keeps its action listed with its real status (overdue, due or upcoming).\n\n## Why\nA plan left in the past silences the reminders it stands for: a forgotten thank-you looks sent. Either it went out (record it) or it did not (send it, or move its date).\n\n## Example\n```\n2026-11-20 ! check-in acme-sre\n```\n(with today 2026-11-30)\n\n## Use instead\n```\nnudge sent acme-sre --date 2026-11-20\n```\nwhich records it as\n```\n2026-11-20 check-in acme-sre\n```\nor, if it never went out, move it: `2026-11-30 ! check-in acme-sre`.\n"),
    rule!("T001", "late-thank-you", "thank-you", Error,
        "A thank-you sent after the thank-you window",
        "## What it does\nReports a thank-you sent after the interview's time plus `thank-you-within` (24 hours by default). When the interview or the note has no time, dates are compared: the note is on time through the date on which the window ends, and an interview without a time allows the next calendar day.\n\n## Why\nA thank-you note works while the conversation is fresh: the guidance is to send it within 24 hours, before the panel compares notes.\n\n## Example\n```\n2026-11-02 10:00 interview acme-sre\n    with: Jane Doe\n2026-11-04 thank-you acme-sre\n    to: Jane Doe\n```\n\n## Use instead\n```\n2026-11-02 10:00 interview acme-sre\n    with: Jane Doe\n2026-11-02 18:30 thank-you acme-sre\n    to: Jane Doe\n    ref: the Kafka to NATS migration\n```\n"),
    rule!("T002", "missing-thank-you", "thank-you", Error,
        "The thank-you window has passed and an interviewer got no thank-you",
        "## What it does\nOnce the thank-you window has passed (today is after its last day), reports each interviewer of the round who got no thank-you, on time or late, at that interviewer's `with:` line. A round without `with:` needs one thank-you.\n\n## Why\nEvery person who gave you their time should hear from you; a panel member left out notices.\n\n## Example\n```\n2026-11-02 interview acme-sre\n    with: Jane Doe\n    with: Bob Lee\n2026-11-02 thank-you acme-sre\n    to: Jane Doe\n```\n\n## Use instead\n```\n2026-11-02 thank-you acme-sre\n    to: Jane Doe\n    ref: the NATS migration\n2026-11-02 thank-you acme-sre\n    to: Bob Lee\n    ref: the on-call redesign\n```\n"),
    rule!("T003", "generic-thank-you", "thank-you", Warning,
        "A thank-you without `ref:`",
        "## What it does\nReports a thank-you that records no `ref:`, the specific point of the conversation it refers to.\n\n## Why\nA note that names something you talked about shows you listened; a generic one reads like a template.\n\n## Example\n```\n2026-11-02 thank-you acme-sre\n    to: Jane Doe\n```\n\n## Use instead\n```\n2026-11-02 thank-you acme-sre\n    to: Jane Doe\n    ref: her team's move from Kafka to NATS\n```\n"),
    rule!("T004", "group-thank-you", "thank-you", Warning,
        "One thank-you with several `to:`",
        "## What it does\nReports a thank-you addressed to several people at once. It still counts for each of them.\n\n## Why\nEach interviewer asked different questions; a note to each person, naming what you discussed with them, lands better than a group email.\n\n## Example\n```\n2026-11-02 thank-you acme-sre\n    to: Jane Doe\n    to: Bob Lee\n```\n\n## Use instead\n```\n2026-11-02 thank-you acme-sre\n    to: Jane Doe\n    ref: the NATS migration\n2026-11-02 thank-you acme-sre\n    to: Bob Lee\n    ref: the on-call rotation\n```\n"),
    rule!("T005", "unknown-recipient", "thank-you", Warning,
        "A thank-you `to:` that matches no interviewer of the round",
        "## What it does\nReports a thank-you `to:` that matches no interviewer of the round (by name, case-insensitive, or by email), and a thank-you without `to:` when the round has several interviewers.\n\n## Why\nA recipient nudge cannot match leaves the interviewer it was meant for counted as forgotten, or the note went to the wrong person.\n\n## Example\n```\n2026-11-02 interview acme-sre\n    with: Jane Doe\n2026-11-02 thank-you acme-sre\n    to: Jane Dough\n```\n\n## Use instead\n```\n2026-11-02 thank-you acme-sre\n    to: Jane Doe\n```\n"),
    rule!("X001", "no-decision-date", "expectations", Warning,
        "An interview without `expect:`",
        "## What it does\nReports an interview that records no `expect:` date. nudge then assumes the decision comes `assumed-wait` (5 business days) after the interview.\n\n## Why\nAsking \"when should I expect to hear back?\" at the end of the interview gives you the date before which you should not chase them.\n\n## Example\n```\n2026-11-02 interview acme-sre \"Acme Corp\"\n    with: Jane Doe\n```\n\n## Use instead\n```\n2026-11-02 interview acme-sre \"Acme Corp\"\n    with: Jane Doe\n    expect: 2026-11-09\n```\n"),
    rule!("C001", "contact-before-deadline", "check-in", Error,
        "A check-in on or before the decision date",
        "## What it does\nReports a check-in dated on or before the round's decision date D: the interview's (or last reply's) `expect:`, else `assumed-wait` business days after it. Such a check-in takes no number.\n\n## Why\nThey told you when they would decide. Asking before then reads as impatience and does not speed anything up.\n\n## Example\n```\n2026-11-02 interview acme-sre\n    expect: 2026-11-09\n2026-11-06 check-in acme-sre\n```\n\n## Use instead\n```\n2026-11-11 check-in acme-sre\n```\n"),
    rule!("C002", "first-check-in-too-soon", "check-in", Warning,
        "Check-in #1 before the first day of `first-check-in-after`",
        "## What it does\nReports check-in #1 sent after the decision date D but before the first day of `first-check-in-after` (by default D + 2 business days).\n\n## Why\nDecisions slip by a day or two; give them two to three business days past the date before you ask.\n\n## Example\n```\n2026-11-02 interview acme-sre\n    expect: 2026-11-09\n2026-11-10 check-in acme-sre\n```\n\n## Use instead\n```\n2026-11-11 check-in acme-sre\n```\n"),
    rule!("C003", "second-check-in-too-soon", "check-in", Warning,
        "Check-in #2 before the first day of `second-check-in-after`",
        "## What it does\nReports check-in #2 sent before the first day of `second-check-in-after` (by default check-in #1 + 6 days).\n\n## Why\nAbout one week between the first and the second check-in keeps you present without pressing.\n\n## Example\n```\n2026-11-11 check-in acme-sre\n2026-11-13 check-in acme-sre\n    value: https://example.org/write-up\n```\n\n## Use instead\n```\n2026-11-18 check-in acme-sre\n    value: https://example.org/write-up\n```\n"),
    rule!("C004", "missing-value-add", "check-in", Error,
        "Check-in #2 without `value:`",
        "## What it does\nReports check-in #2 that records no `value:`, the new information it offers.\n\n## Why\nA second \"any news?\" adds nothing. Bring something new: a relevant article, a project you finished, a certification.\n\n## Example\n```\n2026-11-18 check-in acme-sre\n```\n\n## Use instead\n```\n2026-11-18 check-in acme-sre\n    value: https://example.org/sre-burnout-study\n```\n"),
    rule!("C005", "third-check-in-too-soon", "check-in", Warning,
        "Check-in #3 before the first day of `third-check-in-after`",
        "## What it does\nReports check-in #3 sent before the first day of `third-check-in-after` (by default check-in #2 + 7 days).\n\n## Why\nThe final check-in comes 7 to 10 days after the second; sooner, it reads as pressure.\n\n## Example\n```\n2026-11-18 check-in acme-sre\n    value: https://example.org/study\n2026-11-20 check-in acme-sre\n```\n\n## Use instead\n```\n2026-11-25 check-in acme-sre\n```\n"),
    rule!("C006", "too-many-check-ins", "check-in", Error,
        "A check-in numbered above `max-check-ins`",
        "## What it does\nReports a check-in numbered above `max-check-ins` (3 by default) since the decision date of the interview or of the last reply.\n\n## Why\nSilence after the final check-in is a soft rejection. A fourth message will not change the answer; put the energy into other opportunities, and send a gracious withdrawal later if you like.\n\n## Example\n```\n2026-11-11 check-in acme-sre\n2026-11-18 check-in acme-sre\n2026-11-25 check-in acme-sre\n2026-12-02 check-in acme-sre\n```\n\n## Use instead\n```\n2026-12-16 withdraw acme-sre\n```\n"),
    rule!("C007", "contact-after-close", "check-in", Error,
        "A check-in after the opportunity was closed",
        "## What it does\nReports a check-in after a `withdraw` or an `outcome` closed the opportunity. No other check-in rule is applied to it.\n\n## Why\nOnce you withdrew or they decided, the process is over; another check-in confuses the record and the recruiter.\n\n## Example\n```\n2026-11-20 outcome acme-sre rejected\n2026-11-25 check-in acme-sre\n```\n\n## Use instead\n```\n2026-11-20 outcome acme-sre rejected\n2026-11-25 note acme-sre asked Jane for feedback on LinkedIn\n```\n"),
    rule!("W001", "early-withdrawal", "withdraw", Warning,
        "A withdrawal too soon after the final check-in",
        "## What it does\nReports a withdraw after check-in #3 but before the first day of `withdraw-after` (by default #3 + 21 days). It does not fire when there was no check-in #3.\n\n## Why\nHiring slows down for many reasons; three to four weeks after the final check-in is the time to close the loop graciously.\n\n## Example\n```\n2026-11-25 check-in acme-sre\n2026-11-30 withdraw acme-sre\n```\n\n## Use instead\n```\n2026-12-16 withdraw acme-sre\n```\n"),
    rule!("M001", "long-message", "message", Warning,
        "A message body over `max-words` words",
        "## What it does\nCounts the words of an entry's `|` body and reports it when it is over `max-words` (150 by default).\n\n## Why\nRecruiters read follow-ups on a phone between meetings; a brief note gets read to the end.\n\n## Example\nA body of four paragraphs retelling the whole interview.\n\n## Use instead\nThree short paragraphs: thanks, the one point you want them to remember, a polite close.\n"),
    rule!("M002", "demanding-tone", "message", Warning,
        "A message body with demanding phrases",
        "## What it does\nReports demanding phrases in a body, matched case-insensitively on word boundaries: \"ASAP\", \"as soon as possible\", \"I need to know\", \"I expect a response\", \"why haven't you\", \"per my last email\", \"you haven't responded\", \"respond immediately\", \"right away\", \"I demand\", \"you need to\", \"you must\", \"I insist\", \"this is unacceptable\", \"still waiting\", \"waste of my time\", \"final notice\".\n\n## Why\nThe employer owes you nothing yet; a demanding note turns a maybe into a no.\n\n## Example\n```\n    | I need to know your decision ASAP.\n```\n\n## Use instead\n```\n    | I'd love to hear about the timeline whenever it suits you.\n```\n"),
    rule!("M003", "desperate-tone", "message", Warning,
        "A message body with desperate signals",
        "## What it does\nReports repeated exclamation marks (\"!!\"), words of two or more letters written in capitals for emphasis (known acronyms such as SRE, AWS or ASAP, and \"I\", are not emphasis), and pleading phrases: \"I really need this job\", \"I'm begging\", \"begging\", \"desperate\", \"please please\", \"any job\", \"I'll do anything\", \"I'm running out of\", \"my last hope\". A phrase that is demanding (M002) is not also reported here.\n\n## Why\nConfidence persuades; pleading makes the reader uneasy about the hire.\n\n## Example\n```\n    | I am REALLY excited and I really need this job!!\n```\n\n## Use instead\n```\n    | I remain very interested in the role and the team.\n```\n"),
    rule!("M004", "missing-call-to-action", "message", Warning,
        "A check-in body with no polite request",
        "## What it does\nReports a check-in whose body asks for nothing: no question mark and no polite request such as \"at your convenience\", \"any update on the timeline\", \"could you\", \"would you\", \"I would appreciate\", \"let me know\", \"happy to provide\".\n\n## Why\nA check-in that asks nothing gets nothing back; one clear, polite request makes the reply easy.\n\n## Example\n```\n    | I am still interested in the role.\n```\n\n## Use instead\n```\n    | I am still interested in the role. Is there any update on the timeline?\n```\n"),
    rule!("M005", "value-add-not-first", "message", Warning,
        "Check-in #2 opens with the status request instead of its value-add",
        "## What it does\nReports a check-in #2 whose body (after the greeting) opens with a status request (an update, the timeline, a decision) before it offers anything new. It only reads bodies: a check-in without `|` lines is not judged.\n\n## Why\nThe second check-in earns its place with the value it brings. Lead with the article, project or certification; the question about the timeline comes last.\n\n## Example\n```\n2026-11-18 check-in acme-sre\n    value: https://example.org/sre-burnout-study\n    | Hi Jane, is there any update on the timeline? Also, here is a study.\n```\n\n## Use instead\n```\n2026-11-18 check-in acme-sre\n    value: https://example.org/sre-burnout-study\n    | Hi Jane, this study on SRE burnout made me think of our talk about on-call.\n    | Is there any update on the timeline?\n```\n"),
    rule!("M006", "incomplete-final-check-in", "message", Warning,
        "Check-in #3 does not restate interest or ask for an updated timeline",
        "## What it does\nReports a check-in #3 whose body does not say you are still interested (\"interested\", \"keen\", \"excited\", \"enthusiastic\") or does not ask for an updated timeline (\"timeline\", \"update\", \"next steps\", or a question).\n\n## Why\nThe final check-in is your last word in the process: say clearly that you still want the role, and make it easy to answer with a date.\n\n## Example\n```\n    | Just checking in again.\n```\n\n## Use instead\n```\n    | I remain very interested in the role. Could you share an updated timeline?\n```\n"),
    rule!("M007", "graceless-withdrawal", "message", Warning,
        "A withdrawal that does not thank them or keep the door open",
        "## What it does\nReports a withdraw whose body does not thank them (\"thank\", \"grateful\", \"appreciate\") or does not keep the door open (\"future\", \"in touch\", \"paths cross\", \"other opportunities\", \"reach out\", \"again\").\n\n## Why\nRecruiters move between companies and remember how people leave. A gracious withdrawal costs two sentences and keeps the relationship.\n\n## Example\n```\n    | I am withdrawing my application.\n```\n\n## Use instead\n```\n    | Thank you for your time and consideration. I am withdrawing my application,\n    | and I hope our paths cross again in the future.\n```\n"),
    rule!("M008", "unfilled-placeholder", "message", Error,
        "A `[...]` slot left unfilled in a message",
        "## What it does\nReports a `[...]` slot in the body, `ref:` or `value:` of an apply, thank-you, check-in or withdraw: the marks nudge's own drafts leave for what only you can write (`[the point you discussed]`, `[Your name]`, `[your value-add: ...]`). A Markdown link `[text](url)` and a numeric reference such as `[1]` are not slots.\n\n## Why\nA message that goes out with `[Your name]` in it tells the reader it was a template.\n\n## Example\n```\n2026-11-02 ! thank-you acme-sre\n    to: Jane Doe\n    ref: [the point you discussed]\n    | Best regards,\n    | [Your name]\n```\n\n## Use instead\n```\n2026-11-02 ! thank-you acme-sre\n    to: Jane Doe\n    ref: the move from Kafka to NATS\n    | Best regards,\n    | Sam\n```\n"),
    rule!("N001", "unused-suppression", "nudge", Warning,
        "A `; nudge: allow` comment that silenced nothing",
        "## What it does\nReports an in-entry suppression `; nudge: allow CODE` that silenced no diagnostic of that entry, or that names a rule nudge does not know.\n\n## Why\nSuppressions outlive the problem they were written for; a stale one would hide the next real finding.\n\n## Example\n```\n2026-11-02 thank-you acme-sre\n    ; nudge: allow T003\n    ref: the NATS migration\n```\n\n## Use instead\n```\n2026-11-02 thank-you acme-sre\n    ref: the NATS migration\n```\n"),
];

/// The rule with this code or name (both case-insensitive).
pub fn lookup(code_or_name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| {
        r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name)
    })
}

/// `; did you mean `C004`?` for an unknown rule code or name, or nothing.
pub fn did_you_mean(word: &str) -> String {
    let words = RULES.iter().flat_map(|r| [r.code, r.name]);
    crate::suggest::did_you_mean(word, words)
}

/// A rule's whole explain page: [`Rule::explain`] and how to acknowledge a finding on a
/// message already sent (SPEC §3.2), or why it cannot be acknowledged.
pub fn page(r: &Rule) -> String {
    let how = if super::acknowledgeable(r.code) {
        format!(
            "\n## Acknowledging it\nA finding on a message already sent cannot be fixed. Acknowledge it with an indented comment in the entry, with your reason after ` -- `:\n```\n    ; nudge: allow {} -- sent late, lesson learned\n```\n`nudge check --add-allow` adds such a line to every sent entry that has findings; planned entries are never acknowledged this way: fix them before you send.\n",
            r.code
        )
    } else if r.code == "N001" {
        "\n## Acknowledging it\nN001 cannot be acknowledged with `; nudge: allow`: remove the suppression that silences nothing.\n".to_string()
    } else {
        format!(
            "\n## Acknowledging it\n{} cannot be acknowledged with `; nudge: allow {}`: nudge cannot judge a journal it cannot read whole, so fix it.\n",
            r.code, r.code
        )
    };
    format!("{}{how}", r.explain)
}
