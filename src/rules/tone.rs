//! Message rules M001–M008: length, tone, content and unfilled slots of the messages you send. The phrase lists live here and
//! nowhere else; `nudge explain` documents them.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{Entry, Kind, Span};
use crate::rule::Rule;
use crate::timeline::Opportunity;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::ops::Range;
use std::sync::OnceLock;

/// Phrases that make a message demanding (M002).
pub const DEMANDING: &[&str] = &[
    "asap",
    "as soon as possible",
    "i need to know",
    "i need an answer",
    "i expect a response",
    "i expect an answer",
    "i expect to hear",
    "why haven't you",
    "why have you not",
    "why hasn't anyone",
    "per my last email",
    "per my previous email",
    "as per my last",
    "you haven't responded",
    "you have not responded",
    "you haven't replied",
    "you have not replied",
    "respond immediately",
    "reply immediately",
    "i demand",
    "i insist",
    "this is unacceptable",
    "i'm still waiting",
    "i am still waiting",
    "waste of my time",
    "final notice",
    "get back to me today",
    "i deserve an answer",
];

/// Pleading phrases that make a message desperate (M003).
pub const PLEADING: &[&str] = &[
    "i really need this job",
    "i really need this",
    "i need this job",
    "i'm begging",
    "i am begging",
    "begging",
    "i beg",
    "desperate",
    "desperately",
    "please please",
    "any job",
    "i'll do anything",
    "i will do anything",
    "i'm running out of",
    "i am running out of",
    "my last hope",
    "please give me a chance",
];

/// Polite requests that make a check-in a call to action (M004); a `?` counts too.
pub const REQUESTS: &[&str] = &[
    "at your convenience",
    "any update",
    "any news",
    "an update on",
    "update on the timeline",
    "could you",
    "would you",
    "would it be possible",
    "i would appreciate",
    "i'd appreciate",
    "i would be grateful",
    "i'd be grateful",
    "let me know",
    "when you have a moment",
    "whenever you",
    "if you could",
    "happy to provide",
    "glad to provide",
    "i would love to hear",
    "i'd love to hear",
    "look forward to hearing",
    "please feel free",
];

/// Capitalised words that are acronyms, not emphasis (M003).
pub const ACRONYMS: &[&str] = &[
    "AI", "API", "AR", "ASAP", "AWS", "B2B", "CD", "CEO", "CFO", "CI", "CLI", "COO", "CPU", "CSS",
    "CTO", "CV", "DNS", "EOD", "EOW", "ETA", "ETL", "EU", "FAQ", "FYI", "GCP", "GDPR", "GPU",
    "GRPC", "HIPAA", "HR", "HTML", "HTTP", "HTTPS", "IBM", "IDE", "IOT", "IP", "JSON", "KPI",
    "LLC", "LLM", "ML", "MBA", "NASA", "NATS", "NDA", "NLP", "NYC", "OK", "OKR", "PDF", "PHD",
    "PM", "PR", "PTO", "QA", "RAM", "REST", "RFC", "ROI", "SAAS", "SDK", "SF", "SLA", "SLI", "SLO",
    "SOC", "SQL", "SRE", "SSD", "SSO", "TBD", "TCP", "TDD", "UDP", "UI", "UK", "URL", "US", "USA",
    "UX", "VP", "VPN", "XML", "YAML",
];

/// Short capitalised words that are emphasis (longer ones are emphasis unless acronyms).
const SHORT_EMPHASIS: &[&str] = &[
    "NO", "NOT", "YES", "SO", "ALL", "ANY", "NOW", "ME", "JOB", "BIG", "YOU", "MY",
];

/// A match of a phrase: (start, end, phrase) in bytes of the text searched.
pub type Found = (usize, usize, &'static str);

/// The automaton and, per pattern, its list and its phrase in that list.
type Automaton = (AhoCorasick, Vec<(usize, usize)>);

/// Phrase lists compiled together once into one Aho-Corasick automaton (a DFA): ASCII
/// case-insensitive, a curly apostrophe matching `'`, matches kept only on word boundaries.
/// One search finds the matches of every list.
pub struct Phrases {
    lists: &'static [&'static [&'static str]],
    automaton: OnceLock<Option<Automaton>>,
}

impl Phrases {
    pub const fn new(lists: &'static [&'static [&'static str]]) -> Phrases {
        Phrases {
            lists,
            automaton: OnceLock::new(),
        }
    }

    fn automaton(&self) -> Option<&Automaton> {
        self.automaton
            .get_or_init(|| {
                let mut patterns: Vec<(usize, String)> = Vec::new();
                let mut owner = Vec::new();
                for (l, list) in self.lists.iter().enumerate() {
                    for (k, p) in list.iter().enumerate() {
                        for variant in [
                            p.to_string(),
                            p.replace('\'', "\u{2019}"),
                            p.replace('\'', "\u{2018}"),
                        ] {
                            let variant = (l, variant);
                            if !patterns.contains(&variant) {
                                patterns.push(variant);
                                owner.push((l, k));
                            }
                        }
                    }
                }
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(patterns.iter().map(|(_, p)| p))
                    .ok()
                    .map(|a| (a, owner))
            })
            .as_ref()
    }

    /// Matches of the first list in `text` (see [`Phrases::find_each`]).
    pub fn find(&self, text: &str) -> Vec<Found> {
        let [all] = self.find_each(text);
        all
    }

    /// Matches of each of the first `N` lists in `text`, sorted, on word boundaries; where
    /// matches of one list overlap the longest is kept ("i'm begging" over "begging").
    pub fn find_each<const N: usize>(&self, text: &str) -> [Vec<Found>; N] {
        let mut out: [Vec<Found>; N] = std::array::from_fn(|_| Vec::new());
        let Some((ac, owner)) = self.automaton() else {
            return out;
        };
        let word_char_before = |i: usize| {
            text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        };
        let word_char_after =
            |i: usize| text[i..].chars().next().is_some_and(char::is_alphanumeric);
        for m in ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            let (l, k) = owner[m.pattern().as_usize()];
            let Some(all) = out.get_mut(l) else {
                continue;
            };
            if !text.is_char_boundary(s) || !text.is_char_boundary(e) || e > text.len() {
                continue;
            }
            if word_char_before(s) || word_char_after(e) {
                continue;
            }
            if all.iter().any(|(a, b, _)| *a <= s && e <= *b) {
                continue;
            }
            all.retain(|(a, b, _)| !(s <= *a && *b <= e));
            all.push((s, e, self.lists[l][k]));
        }
        for all in &mut out {
            all.sort();
        }
        out
    }
}

/// A status request: what check-in #2 should not open with (M005).
pub const STATUS_REQUEST: &[&str] = &[
    "any update",
    "an update",
    "update on",
    "updates",
    "timeline",
    "decision",
    "status",
    "hear back",
    "heard back",
    "next steps",
    "any news",
    "where things stand",
];
/// Continued interest, for the final check-in (M006).
pub const INTEREST: &[&str] = &[
    "interested",
    "interest",
    "excited",
    "keen",
    "enthusiastic",
    "eager",
    "still want",
    "would love to join",
];
/// A request for an updated timeline, for the final check-in (M006); a `?` counts too.
pub const TIMELINE_ASK: &[&str] = &[
    "timeline",
    "update",
    "updates",
    "next steps",
    "time frame",
    "timeframe",
    "decision",
];
/// Thanks, for a withdrawal (M007).
pub const THANKS: &[&str] = &[
    "thank",
    "thanks",
    "thank you",
    "thankful",
    "grateful",
    "appreciate",
    "appreciated",
    "appreciative",
];
/// Keeping the door open, for a withdrawal (M007).
pub const DOOR_OPEN: &[&str] = &[
    "future",
    "in touch",
    "paths cross",
    "other opportunities",
    "reach out",
    "again",
    "down the road",
    "door open",
    "stay connected",
    "keep me in mind",
];

/// Demanding (M002) and pleading (M003) phrases, found in one search.
static TONE_SET: Phrases = Phrases::new(&[DEMANDING, PLEADING]);
static STATUS_SET: Phrases = Phrases::new(&[STATUS_REQUEST]);
/// Interest and a timeline request, for the final check-in (M006).
static FINAL_SET: Phrases = Phrases::new(&[INTEREST, TIMELINE_ASK]);
/// Thanks and keeping the door open, for a withdrawal (M007).
static WITHDRAWAL_SET: Phrases = Phrases::new(&[THANKS, DOOR_OPEN]);
static REQUESTS_SET: Phrases = Phrases::new(&[REQUESTS]);

/// The first sentence of a message after its greeting ("Hi Jane," is not a sentence).
pub fn first_sentence(text: &str) -> &str {
    let trimmed = text.trim_start();
    let bytes = trimmed.as_bytes();
    let greeting = [
        "hi",
        "hello",
        "dear",
        "hey",
        "good morning",
        "good afternoon",
    ]
    .iter()
    .any(|g| {
        bytes
            .get(..g.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(g.as_bytes()))
            && matches!(bytes.get(g.len()), Some(b' ' | b','))
    });
    let after = match (greeting, trimmed.find([',', '\n'])) {
        (true, Some(i)) => &trimmed[i + 1..],
        _ => trimmed,
    };
    let after = after.trim_start();
    let end = after
        .find(['.', '?', '!'])
        .map(|i| i + 1)
        .unwrap_or(after.len());
    &after[..end]
}

/// The span of the first body line of `e` and the body's text, when it has a body.
fn body_of(e: &Entry<'_>) -> Option<(Span, String)> {
    let first = e.body.first()?;
    Some((first.span(e.header.file), e.body_text()))
}

/// The sent check-ins numbered `n` in one opportunity.
fn numbered<'j, 'a>(
    cx: &Context<'j, 'a>,
    opp: &'j Opportunity<'_>,
    n: u32,
) -> impl Iterator<Item = &'j Entry<'a>> {
    let journal = cx.journal;
    opp.rounds
        .iter()
        .flat_map(|r| &r.sequences)
        .flat_map(|s| &s.check_ins)
        .filter(move |c| c.number == Some(n))
        .map(move |c| &journal.entries[c.entry])
}

/// M005 value-add-not-first (SPEC §3, message): check-in #2 whose body opens with the status
/// request.
fn m005_value_add_not_first(
    cx: &Context<'_, '_>,
    opp: &Opportunity<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for e in numbered(cx, opp, 2) {
        let Some((first, text)) = body_of(e) else {
            continue;
        };
        let opening = first_sentence(&text);
        let value = e.attr(crate::model::Key::Value).map(|a| match a.value() {
            crate::model::Value::Text(t) => t,
            _ => "",
        });
        let offers =
            value.is_some_and(|v| !v.is_empty() && opening.contains(v)) || opening.contains("http");
        if STATUS_SET.find(opening).is_empty() || offers {
            continue;
        }
        out.push(
            Diagnostic::new(Rule::M005, first, "check-in #2 opens with the status request; lead with the value-add")
                .help("open with what you bring (\"I came across this study on on-call load and thought of our talk\"), then ask about the timeline")
                .opportunity(e.opportunity),
        );
    }
}

/// M006 incomplete-final-check-in (SPEC §3, message): the final check-in (#3, or
/// #`max-check-ins` when that is lower, SPEC §1.2) does not restate interest or ask for an
/// updated timeline.
fn m006_incomplete_final_check_in(
    cx: &Context<'_, '_>,
    opp: &Opportunity<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let last = super::checkins::final_number(cx.settings.policy.max_check_ins);
    if last == 0 {
        return;
    }
    for e in numbered(cx, opp, last) {
        let Some((first, text)) = body_of(e) else {
            continue;
        };
        let [interest, timeline] = FINAL_SET.find_each(&text);
        let interest = !interest.is_empty();
        let asks = text.contains('?') || !timeline.is_empty();
        let message = match (interest, asks) {
            (true, true) => continue,
            (false, true) => "the final check-in does not say you are still interested",
            (true, false) => "the final check-in does not ask for an updated timeline",
            (false, false) => {
                "the final check-in neither restates your interest nor asks for an updated timeline"
            }
        };
        out.push(
            Diagnostic::new(Rule::M006, first, message)
                .help("say you remain very interested, and ask: \"Could you share an updated timeline?\"")
                .opportunity(e.opportunity),
        );
    }
}

/// M007 graceless-withdrawal (SPEC §3, message): a withdrawal that does not thank them or
/// keep the door open.
fn m007_graceless_withdrawal(cx: &Context<'_, '_>, e: &Entry<'_>, out: &mut Vec<Diagnostic>) {
    if e.kind != Kind::Withdraw || !cx.in_focus(e) {
        return;
    }
    let Some((first, text)) = body_of(e) else {
        return;
    };
    let [thanks, door] = WITHDRAWAL_SET.find_each(&text);
    let (thanks, door) = (!thanks.is_empty(), !door.is_empty());
    let message = match (thanks, door) {
        (true, true) => return,
        (false, true) => "the withdrawal does not thank them",
        (true, false) => "the withdrawal does not keep the door open",
        (false, false) => "the withdrawal neither thanks them nor keeps the door open",
    };
    out.push(
        Diagnostic::new(Rule::M007, first, message)
            .help("thank them for their time, and close with \"I hope our paths cross again in the future\"")
            .opportunity(e.opportunity),
    );
}

/// The message rules that read one opportunity: M005 and M006.
pub(super) fn opportunity(cx: &Context<'_, '_>, opp: &Opportunity<'_>, out: &mut Vec<Diagnostic>) {
    m005_value_add_not_first(cx, opp, out);
    m006_incomplete_final_check_in(cx, opp, out);
}

/// Words in capitals for emphasis: (start, end).
pub fn shouted_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // A shouted word has two capitals in a row: most lines have none. (A fold over pairs,
    // not `any`, so the compiler can vectorise it.)
    let bytes = text.as_bytes();
    let capitals = bytes
        .iter()
        .zip(bytes.get(1..).unwrap_or_default())
        .fold(false, |any, (a, b)| {
            any | (a.is_ascii_uppercase() & b.is_ascii_uppercase())
        });
    if !capitals {
        return out;
    }
    let mut start = None;
    let bytes_end = text.len();
    let mut push = |s: usize, e: usize| {
        let w = &text[s..e];
        let letters = w.chars().all(|c| c.is_ascii_uppercase());
        if !letters || w.len() < 2 || ACRONYMS.contains(&w) {
            return;
        }
        if w.len() >= 4 || SHORT_EMPHASIS.contains(&w) {
            out.push((s, e));
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            push(s, i);
        }
    }
    if let Some(s) = start {
        push(s, bytes_end);
    }
    out
}

fn sub(span: Span, s: usize, e: usize) -> Span {
    Span {
        file: span.file,
        start: span.start + s as u32,
        end: span.start + e as u32,
    }
}

/// Number of words in a body: runs of non-whitespace (Unicode whitespace, as
/// [`str::split_whitespace`]).
pub fn word_count(e: &Entry<'_>) -> usize {
    e.body.iter().map(|l| words_in(l.text)).sum()
}

/// `text.split_whitespace().count()`, counted byte by byte when `text` is ASCII.
fn words_in(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // The ASCII characters `char::is_whitespace` accepts: \t \n \x0b \x0c \r and space.
    let blank = |b: u8| (b == b' ') | b.wrapping_sub(b'\t').lt(&5);
    // A word starts at a non-blank byte that opens the text or follows a blank one.
    let bytes = text.as_bytes();
    let first = bytes.first().is_some_and(|b| !blank(*b));
    let (before, after) = match bytes.len() {
        0 => (&[][..], &[][..]),
        n => (&bytes[..n - 1], &bytes[1..]),
    };
    // Counted in u32 lanes (a line is at most MAX_LINE bytes) over equal-length slices, so
    // the loop vectorises.
    let later: u32 = before
        .iter()
        .zip(after)
        .map(|(a, b)| u32::from(blank(*a) & !blank(*b)))
        .sum();
    usize::from(first) + later as usize
}

/// Whether `text` holds anything M002, M003 or M008 would flag: a demanding or pleading
/// phrase, a word in capitals for emphasis, "!!", or a `[…]` slot.
pub fn flags(text: &str) -> bool {
    TONE_SET.find_each::<2>(text).iter().any(|f| !f.is_empty())
        || !shouted_words(text).is_empty()
        || text.contains("!!")
        || !slots(text).is_empty()
}

/// The kinds whose messages M001–M004 and M008 judge: what you send (SPEC §2).
pub fn is_sent_message(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Apply | Kind::ThankYou | Kind::CheckIn | Kind::Withdraw
    )
}

/// At most this many M002 (and M003) findings per entry; the last one sums up the rest.
pub const PER_ENTRY: usize = 5;

/// The `[…]` slots in `text` as byte ranges: not a Markdown link `[text](url)`, not a numeric
/// reference `[1]` (M008).
pub fn slots(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if memchr::memchr(b'[', text.as_bytes()).is_none() {
        return out;
    }
    let mut from = 0;
    while let Some(open) = text[from..].find('[').map(|i| i + from) {
        let rest = &text[open + 1..];
        let Some(close) = rest.find([']', '[']) else {
            break;
        };
        if rest.as_bytes()[close] == b'[' {
            from = open + 1 + close;
            continue;
        }
        let inner = &rest[..close];
        let end = open + 1 + close + 1;
        let link = text[end..].starts_with('(');
        let numeric = inner
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == ' ' || c == '-');
        if !inner.trim().is_empty() && !link && !numeric {
            out.push((open, end));
        }
        from = end;
    }
    out
}

/// Push `found` (span, message) of one rule and entry, capped at [`PER_ENTRY`]: the last one
/// shown says how many more there are.
fn capped(
    out: &mut Vec<Diagnostic>,
    e: &Entry<'_>,
    code: Rule,
    found: Vec<(Span, String)>,
    label: &str,
    help: &str,
) {
    let total = found.len();
    for (k, (span, mut message)) in found.into_iter().take(PER_ENTRY).enumerate() {
        if k + 1 == PER_ENTRY && total > PER_ENTRY {
            message.push_str(&format!(" (and {} more)", total - PER_ENTRY));
        }
        out.push(
            Diagnostic::new(code, span, message)
                .label(label)
                .help(help)
                .opportunity(e.opportunity),
        );
    }
}

/// M008 unfilled-placeholder (SPEC §3, message): slots in the body, `ref:` and `value:` of a
/// sent message.
fn m008_unfilled_placeholder(e: &Entry<'_>, out: &mut Vec<Diagnostic>) {
    let file = e.header.file;
    let places = e
        .attrs
        .iter()
        .filter(|a| matches!(a.key, crate::model::Key::Ref | crate::model::Key::Value))
        .map(|a| {
            let line = a.span(file);
            let start = line.end as usize - a.raw.len();
            (Span::new(file, start, line.end as usize), a.raw)
        })
        .chain(e.body.iter().map(|l| (l.span(file), l.text)));
    for (span, text) in places {
        for (s, end) in slots(text) {
            out.push(
                Diagnostic::new(
                    Rule::M008,
                    sub(span, s, end),
                    format!("`{}` is a slot left to fill in", &text[s..end]),
                )
                .label("fill this in")
                .help("replace the slot with your own words before you send the message")
                .opportunity(e.opportunity),
            );
        }
    }
}

/// The message rules that read one entry, over `range` of the journal's entries.
pub(super) fn check(cx: &Context<'_, '_>, range: Range<usize>, out: &mut Vec<Diagnostic>) {
    for e in &cx.journal.entries[range] {
        m007_graceless_withdrawal(cx, e, out);
        if !is_sent_message(e.kind) || !cx.in_focus(e) {
            continue;
        }
        m008_unfilled_placeholder(e, out);
        m001_long_message(cx, e, out);
        // Each body line's demanding and pleading phrases, for M002 and M003.
        let phrases: Vec<[Vec<Found>; 2]> =
            e.body.iter().map(|l| TONE_SET.find_each(l.text)).collect();
        m002_demanding_tone(e, &phrases, out);
        m003_desperate_tone(e, &phrases, out);
        m004_missing_call_to_action(e, out);
    }
}

/// M001 long-message (SPEC §3, message): a body over `max-words` words.
fn m001_long_message(cx: &Context<'_, '_>, e: &Entry<'_>, out: &mut Vec<Diagnostic>) {
    let Some(first) = e.body.first() else { return };
    let max = cx.settings.policy.max_words as usize;
    let words = word_count(e);
    if words > max {
        out.push(
            Diagnostic::new(Rule::M001, first.span(e.header.file), format!("the message is {words} words long; keep it to {max}"))
                .help("cut it to three short paragraphs: thanks, the one point to remember, a polite close")
                .opportunity(e.opportunity),
        );
    }
}

/// M002 demanding-tone (SPEC §3, message): demanding phrases in a body, at most
/// [`PER_ENTRY`] shown.
fn m002_demanding_tone(e: &Entry<'_>, phrases: &[[Vec<Found>; 2]], out: &mut Vec<Diagnostic>) {
    let mut demands: Vec<(Span, String)> = Vec::new();
    for (line, [demanding, _]) in e.body.iter().zip(phrases) {
        let span = line.span(e.header.file);
        for &(s, end, _) in demanding {
            if demands.len() > PER_ENTRY {
                // Past the cap only the count matters.
                demands.push((span, String::new()));
                continue;
            }
            let phrase = &line.text[s..end];
            demands.push((sub(span, s, end), format!("`{phrase}` sounds demanding")));
        }
    }
    capped(
        out,
        e,
        Rule::M002,
        demands,
        "demanding",
        "ask instead of requiring: \"I'd love to hear about the timeline whenever it suits you\"",
    );
}

/// M003 desperate-tone (SPEC §3, message): pleading phrases, words in capitals and repeated
/// exclamation marks in a body, at most [`PER_ENTRY`] shown; what is inside a demanding phrase
/// (M002) is not reported again.
fn m003_desperate_tone(e: &Entry<'_>, phrases: &[[Vec<Found>; 2]], out: &mut Vec<Diagnostic>) {
    let mut desperation: Vec<(Span, String)> = Vec::new();
    for (line, [demanding, pleading]) in e.body.iter().zip(phrases) {
        let span = line.span(e.header.file);
        let inside_demand =
            |s: usize, end: usize| demanding.iter().any(|(a, b, _)| *a <= s && end <= *b);
        let mut desperate: Vec<(usize, usize, String)> = Vec::new();
        for &(s, end, _) in pleading {
            if !inside_demand(s, end) {
                desperate.push((
                    s,
                    end,
                    format!("`{}` sounds like pleading", &line.text[s..end]),
                ));
            }
        }
        let pleading: Vec<(usize, usize)> = desperate.iter().map(|(s, e, _)| (*s, *e)).collect();
        for (s, end) in shouted_words(line.text) {
            let inside_plea = pleading.iter().any(|(a, b)| *a <= s && end <= *b);
            if !inside_demand(s, end) && !inside_plea {
                desperate.push((
                    s,
                    end,
                    format!("`{}` in capitals reads as shouting", &line.text[s..end]),
                ));
            }
        }
        for (s, end) in exclamations(line.text) {
            desperate.push((s, end, "repeated exclamation marks".to_string()));
        }
        desperate.sort_by_key(|(s, _, _)| *s);
        desperation.extend(
            desperate
                .into_iter()
                .map(|(s, end, message)| (sub(span, s, end), message)),
        );
    }
    capped(
        out,
        e,
        Rule::M003,
        desperation,
        "desperate",
        "write with calm confidence: \"I remain very interested in the role\"",
    );
}

/// Runs of two or more `!` in `text`, as byte ranges (M003).
fn exclamations(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut k = 0;
    // From one `!` to the next (memchr): a run of two or more is one finding.
    while let Some(at) = memchr::memchr(b'!', &bytes[k..]) {
        let s = k + at;
        k = s + 1;
        if bytes.get(k) == Some(&b'!') {
            while k < bytes.len() && bytes[k] == b'!' {
                k += 1;
            }
            out.push((s, k));
        }
    }
    out
}

/// M004 missing-call-to-action (SPEC §3, message): a check-in body that asks for nothing.
fn m004_missing_call_to_action(e: &Entry<'_>, out: &mut Vec<Diagnostic>) {
    let Some(first) = e.body.first() else { return };
    if e.kind != Kind::CheckIn {
        return;
    }
    // A `?` anywhere first: the phrase search is the slower test.
    let asked = e.body.iter().any(|line| line.text.contains('?'))
        || e.body
            .iter()
            .any(|line| !REQUESTS_SET.find(line.text).is_empty());
    if !asked {
        out.push(
            Diagnostic::new(
                Rule::M004,
                first.span(e.header.file),
                "this check-in asks for nothing",
            )
            .help("end with one polite request, e.g. \"Is there any update on the timeline?\"")
            .opportunity(e.opportunity),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_on_word_boundaries_only() {
        let demanding = |t| TONE_SET.find_each::<2>(t)[0].clone();
        let pleading = |t| TONE_SET.find_each::<2>(t)[1].clone();
        assert_eq!(demanding("Please reply ASAP."), vec![(13, 17, "asap")]);
        assert!(demanding("wasap asapx").is_empty());
        assert_eq!(demanding("Why haven\u{2019}t you")[0].2, "why haven't you");
        assert!(demanding("I'd love to know").is_empty());
        assert_eq!(pleading("I'm begging you")[0].2, "i'm begging");
        assert_eq!(pleading("Café desperate")[0].2, "desperate");
    }

    /// Each list of a combined set finds what it finds alone, also where the lists share a
    /// phrase or their matches overlap.
    #[test]
    fn combined_lists_find_what_each_finds_alone() {
        static ALONE: [Phrases; 2] = [Phrases::new(&[DEMANDING]), Phrases::new(&[PLEADING])];
        static SHARED: Phrases =
            Phrases::new(&[&["any update", "update"], &["update on", "update"]]);
        static FIRST: Phrases = Phrases::new(&[&["any update", "update"]]);
        static SECOND: Phrases = Phrases::new(&[&["update on", "update"]]);
        let texts = [
            "Per my last email, I need to know your decision ASAP!!",
            "I'm begging: please please, I really need this job. Any update on the timeline?",
            "I am still waiting, desperately. Why haven\u{2019}t you replied? I\u{2018}m begging",
            "Update, updates, any update; update on it",
            "",
        ];
        for t in texts {
            let [d, p] = TONE_SET.find_each(t);
            assert_eq!(d, ALONE[0].find(t), "{t}");
            assert_eq!(p, ALONE[1].find(t), "{t}");
            let [a, b] = SHARED.find_each(t);
            assert_eq!(a, FIRST.find(t), "{t}");
            assert_eq!(b, SECOND.find(t), "{t}");
        }
        assert_eq!(SHARED.find_each::<2>("update")[1], vec![(0, 6, "update")]);
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for t in [
            "",
            " ",
            "one",
            "  two  words ",
            "tab\tnew\nline\rcr\x0bvt\x0cff x",
            "\x1c\x1d are not whitespace",
            "non\u{a0}breaking\u{2003}em space\u{3000}ideographic — dash",
            "caf\u{e9} au lait",
        ] {
            assert_eq!(words_in(t), t.split_whitespace().count(), "{t:?}");
        }
        for b in 0..=127u8 {
            let t = format!("a{}b", b as char);
            assert_eq!(words_in(&t), t.split_whitespace().count(), "{b}");
        }
    }

    #[test]
    fn exclamation_runs_of_two_or_more() {
        assert_eq!(
            exclamations("a! b!! c!!! !x!!"),
            vec![(4, 6), (8, 11), (14, 16)]
        );
        assert_eq!(exclamations("!!"), vec![(0, 2)]);
        assert!(exclamations("! ! ¡!").is_empty());
        assert!(exclamations("").is_empty());
    }

    #[test]
    fn first_sentences_skip_a_greeting() {
        let cases = [
            (
                "Hi Jane, I came across this. Then more",
                "I came across this.",
            ),
            ("  HELLO, any update? x", "any update?"),
            ("Good Morning team,\nthe study! x", "the study!"),
            ("Dear Ms. Park, x", "x"),
            ("Hiya, any news", "Hiya, any news"),
            ("Dear\tJane, x", "Dear\tJane, x"),
            ("Hi", "Hi"),
            ("Hi,", ""),
            ("Héllo, there.", "Héllo, there."),
            ("hey Jane no comma", "hey Jane no comma"),
            ("", ""),
        ];
        for (text, want) in cases {
            assert_eq!(first_sentence(text), want, "{text:?}");
        }
    }

    #[test]
    fn capitals_are_shouting_unless_acronyms() {
        let t = "I am REALLY keen on the SRE role at AWS, NOT kidding";
        let words: Vec<&str> = shouted_words(t)
            .into_iter()
            .map(|(s, e)| &t[s..e])
            .collect();
        assert_eq!(words, vec!["REALLY", "NOT"]);
        for (t, want) in [
            ("AB", 0),
            ("xAB", 0),
            ("A B", 0),
            ("ok ABCD", 1),
            ("ABCD", 1),
            ("", 0),
        ] {
            assert_eq!(shouted_words(t).len(), want, "{t:?}");
        }
    }
}
