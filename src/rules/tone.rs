//! Message rules M001–M004: length and tone of `|` bodies. The phrase lists live here and
//! nowhere else; `nudge explain` documents them.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{Entry, Kind, Span};

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

fn same_char(text: char, phrase: char) -> bool {
    text.to_ascii_lowercase() == phrase
        || (phrase == '\'' && matches!(text, '\u{2019}' | '\u{2018}'))
}

/// Byte ranges where `phrase` (lowercase ASCII) occurs in `text`, case-insensitively and on
/// word boundaries; a curly apostrophe matches `'`.
pub fn find_phrase(text: &str, phrase: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let first = phrase.chars().next().unwrap_or(' ');
    let mut prev_alnum = false;
    for (start, c) in text.char_indices() {
        let boundary = !prev_alnum;
        prev_alnum = c.is_alphanumeric();
        if !boundary || !same_char(c, first) {
            continue;
        }
        let mut it = text[start..].char_indices();
        let mut end = None;
        let mut ok = true;
        for p in phrase.chars() {
            match it.next() {
                Some((_, t)) if same_char(t, p) => {}
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            let rest = it.next();
            end = Some(match rest {
                Some((k, _)) => start + k,
                None => text.len(),
            });
            if rest.is_some_and(|(_, t)| t.is_alphanumeric()) {
                end = None;
            }
        }
        if let Some(end) = end {
            found.push((start, end));
        }
    }
    found
}

/// All matches of a phrase list in one body line: (start, end, phrase).
fn matches<'p>(text: &str, phrases: &[&'p str]) -> Vec<(usize, usize, &'p str)> {
    let mut all: Vec<(usize, usize, &str)> = Vec::new();
    for p in phrases {
        for (s, e) in find_phrase(text, p) {
            // Keep the longest match where phrases overlap ("begging" inside "i'm begging").
            if all.iter().any(|(a, b, _)| *a <= s && e <= *b) {
                continue;
            }
            all.retain(|(a, b, _)| !(s <= *a && *b <= e));
            all.push((s, e, p));
        }
    }
    all.sort();
    all
}

/// Words in capitals for emphasis: (start, end).
pub fn shouted_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
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

/// Number of words in a body.
pub fn word_count(e: &Entry<'_>) -> usize {
    e.body
        .iter()
        .map(|l| l.text.split_whitespace().count())
        .sum()
}

pub(super) fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let max = cx.settings.policy.max_words as usize;
    for e in cx.journal.entries.iter().filter(|e| !e.body.is_empty()) {
        let first = e.body[0].span;
        let words = word_count(e);
        if words > max {
            out.push(
                Diagnostic::new("M001", first, format!("the message is {words} words long; keep it to {max}"))
                    .help("cut it to three short paragraphs: thanks, the one point to remember, a polite close")
                    .opportunity(e.opportunity),
            );
        }
        let mut asked = false;
        for line in &e.body {
            let demanding = matches(line.text, DEMANDING);
            for (s, end, _) in &demanding {
                let phrase = &line.text[*s..*end];
                out.push(
                    Diagnostic::new("M002", sub(line.span, *s, *end), format!("`{phrase}` sounds demanding"))
                        .label("demanding")
                        .help("ask instead of requiring: \"I'd love to hear about the timeline whenever it suits you\"")
                        .opportunity(e.opportunity),
                );
            }
            let inside_demand =
                |s: usize, end: usize| demanding.iter().any(|(a, b, _)| *a <= s && end <= *b);
            let mut desperate: Vec<(usize, usize, String)> = Vec::new();
            for (s, end, _) in matches(line.text, PLEADING) {
                if !inside_demand(s, end) {
                    desperate.push((
                        s,
                        end,
                        format!("`{}` sounds like pleading", &line.text[s..end]),
                    ));
                }
            }
            let pleading: Vec<(usize, usize)> =
                desperate.iter().map(|(s, e, _)| (*s, *e)).collect();
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
            let bytes = line.text.as_bytes();
            let mut k = 0;
            while k < bytes.len() {
                if bytes[k] == b'!' && bytes.get(k + 1) == Some(&b'!') {
                    let s = k;
                    while k < bytes.len() && bytes[k] == b'!' {
                        k += 1;
                    }
                    desperate.push((s, k, "repeated exclamation marks".to_string()));
                } else {
                    k += 1;
                }
            }
            desperate.sort_by_key(|(s, _, _)| *s);
            for (s, end, message) in desperate {
                out.push(
                    Diagnostic::new("M003", sub(line.span, s, end), message)
                        .label("desperate")
                        .help(
                            "write with calm confidence: \"I remain very interested in the role\"",
                        )
                        .opportunity(e.opportunity),
                );
            }
            if line.text.contains('?') || !matches(line.text, REQUESTS).is_empty() {
                asked = true;
            }
        }
        if e.kind == Kind::CheckIn && !asked {
            out.push(
                Diagnostic::new("M004", first, "this check-in asks for nothing")
                    .help("end with one polite request, e.g. \"Is there any update on the timeline?\"")
                    .opportunity(e.opportunity),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_on_word_boundaries_only() {
        assert_eq!(find_phrase("Please reply ASAP.", "asap"), vec![(13, 17)]);
        assert!(find_phrase("wasap", "asap").is_empty());
        assert_eq!(
            find_phrase("Why haven\u{2019}t you", "why haven't you").len(),
            1
        );
        assert!(find_phrase("I'd love to know", "i need to know").is_empty());
    }

    #[test]
    fn capitals_are_shouting_unless_acronyms() {
        let t = "I am REALLY keen on the SRE role at AWS, NOT kidding";
        let words: Vec<&str> = shouted_words(t)
            .into_iter()
            .map(|(s, e)| &t[s..e])
            .collect();
        assert_eq!(words, vec!["REALLY", "NOT"]);
    }
}
