//! `textDocument/completion`: kinds; opportunity slugs (open ones first) after a kind;
//! attribute keys allowed for the entry's kind; the round's interviewers after `to:`; rule
//! codes and names after `allow` and `rule`; policy names with their defaults after `policy`;
//! today and the next due date where a date starts.

use super::facts;
use crate::lsp::session::Analysis;
use crate::model::{Key, Kind, Span};
use crate::report::due::{self, DueOptions, Status};
use crate::rules::registry;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionResponse, CompletionTextEdit, Position, TextEdit,
};

/// The policies and their defaults (SPEC §1.3).
pub const POLICIES: [(&str, &str); 8] = [
    ("thank-you-within", "24h"),
    ("assumed-wait", "5bd"),
    ("first-check-in-after", "2..3bd"),
    ("second-check-in-after", "6..8d"),
    ("third-check-in-after", "7..10d"),
    ("max-check-ins", "3"),
    ("withdraw-after", "21..28d"),
    ("max-words", "150"),
];

struct Items<'x, 'j, 'a> {
    a: &'x Analysis<'j, 'a>,
    /// The span the chosen item replaces: the word typed so far.
    span: Span,
    out: Vec<CompletionItem>,
}

impl Items<'_, '_, '_> {
    fn push(
        &mut self,
        label: &str,
        kind: CompletionItemKind,
        detail: &str,
        insert: &str,
        sort: &str,
    ) {
        self.out.push(CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail: (!detail.is_empty()).then(|| detail.to_string()),
            sort_text: Some(format!("{sort}{label}")),
            filter_text: Some(label.to_string()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: self.a.range(self.span),
                new_text: insert.to_string(),
            })),
            ..Default::default()
        });
    }
}

pub fn complete(a: &Analysis<'_, '_>, pos: Position) -> Option<CompletionResponse> {
    let text = a.text(0);
    let offset = a.offset(pos);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..offset];
    let word_start = offset
        - prefix
            .chars()
            .rev()
            .take_while(|c| !c.is_whitespace() && *c != ',' && *c != ':')
            .map(char::len_utf8)
            .sum::<usize>();
    let mut items = Items {
        a,
        span: Span::new(0, word_start, offset),
        out: Vec::new(),
    };
    let trimmed = prefix.trim_start_matches([' ', '\t']);
    let indented = trimmed.len() != prefix.len();
    if trimmed.starts_with(';') || trimmed.starts_with('#') {
        let lower = trimmed.to_lowercase();
        if lower.contains("nudge:") && lower.contains("allow") {
            rules(&mut items);
        }
    } else if indented {
        let entry = entry_before(a, offset);
        match trimmed.split_once(':') {
            Some(("to", _)) => {
                if let Some(i) = entry {
                    interviewers(&mut items, i);
                }
            }
            Some(("expect", _)) => dates(&mut items),
            Some(_) => {}
            None if !trimmed.contains([' ', '\t']) => {
                let kind = entry.map(|i| a.journal.entries[i].kind);
                for k in Key::ALL {
                    if kind.is_none_or(|kind| k.allowed_on(kind)) {
                        let insert = format!("{}: ", k.as_str());
                        items.push(
                            k.as_str(),
                            CompletionItemKind::PROPERTY,
                            k.kinds_text(),
                            &insert,
                            "",
                        );
                    }
                }
            }
            None => {}
        }
    } else {
        let words: Vec<&str> = trimmed
            .split([' ', '\t'])
            .filter(|w| !w.is_empty())
            .collect();
        let typing = !trimmed.is_empty() && !trimmed.ends_with([' ', '\t']);
        // The index of the word being typed (a complete word when `typing` is false).
        let at = if typing { words.len() - 1 } else { words.len() };
        match words.first().copied() {
            None => dates(&mut items),
            Some(w) if w.starts_with(|c: char| c.is_ascii_digit()) => {
                if at == 0 {
                    dates(&mut items);
                } else {
                    let mut kind_at = 1;
                    if words
                        .get(kind_at)
                        .is_some_and(|t| t.contains(':') && kind_at < at)
                    {
                        kind_at += 1;
                    }
                    if words.get(kind_at) == Some(&"!") && kind_at < at {
                        kind_at += 1;
                    }
                    if at == kind_at {
                        for k in Kind::ALL {
                            items.push(
                                k.as_str(),
                                CompletionItemKind::KEYWORD,
                                "kind",
                                k.as_str(),
                                "",
                            );
                        }
                    } else if at == kind_at + 1
                        && words
                            .get(kind_at)
                            .and_then(|k| Kind::from_word(k))
                            .is_some()
                    {
                        slugs(&mut items);
                    }
                }
            }
            Some("rule") if at == 1 => rules(&mut items),
            Some("rule") if at == 2 => {
                for s in ["off", "warning", "error"] {
                    items.push(s, CompletionItemKind::ENUM_MEMBER, "severity", s, "");
                }
            }
            Some("policy") if at == 1 => {
                for (name, default) in POLICIES {
                    let insert = format!("{name} {default}");
                    items.push(
                        name,
                        CompletionItemKind::PROPERTY,
                        &format!("default {default}"),
                        &insert,
                        "",
                    );
                }
            }
            Some(_) => {}
        }
    }
    Some(CompletionResponse::Array(items.out))
}

/// The entry of file 0 that a line at `offset` would belong to: the last header above it.
fn entry_before(a: &Analysis<'_, '_>, offset: usize) -> Option<usize> {
    a.journal
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.header.file == 0 && (e.header.start as usize) < offset)
        .max_by_key(|(_, e)| e.header.start)
        .map(|(i, _)| i)
}

fn rules(items: &mut Items<'_, '_, '_>) {
    for r in registry::RULES {
        items.push(
            r.code(),
            CompletionItemKind::CONSTANT,
            r.name(),
            r.code(),
            "0",
        );
        items.push(
            r.name(),
            CompletionItemKind::CONSTANT,
            r.code(),
            r.name(),
            "1",
        );
    }
}

fn slugs(items: &mut Items<'_, '_, '_>) {
    let timeline = facts::checked(items.a);
    for opp in timeline
        .opportunities
        .iter()
        .filter(|o| o.opened_by.is_some())
    {
        let open = opp.closed_by.is_none();
        let title = opp.title(items.a.journal).unwrap_or_default();
        let detail = if open {
            facts::one_line(&title)
        } else {
            format!("{} (closed)", facts::one_line(&title))
        };
        items.push(
            opp.slug,
            CompletionItemKind::MODULE,
            &detail,
            opp.slug,
            if open { "0" } else { "1" },
        );
    }
}

fn interviewers(items: &mut Items<'_, '_, '_>, i: usize) {
    let a = items.a;
    let e = &a.journal.entries[i];
    let timeline = facts::checked(a);
    let Some(opp) = timeline.get(e.opportunity) else {
        return;
    };
    let f = facts::entry_facts(opp, i);
    let Some(round) = f.round.and_then(|r| opp.rounds.get(r - 1)) else {
        return;
    };
    let names: Vec<String> = round
        .interviewers
        .iter()
        .map(|p| p.person.display().to_string())
        .collect();
    for name in names {
        let shown = facts::one_line(&name);
        items.push(&shown, CompletionItemKind::VALUE, "interviewer", &name, "");
    }
}

fn dates(items: &mut Items<'_, '_, '_>) {
    let a = items.a;
    let today = a.today.to_string();
    items.push(&today, CompletionItemKind::VALUE, "today", &today, "0");
    let options = DueOptions {
        today: a.today,
        within: 0,
        all: true,
    };
    let next = due::due(a.journal, &options)
        .into_iter()
        .filter(|x| x.status != Status::Planned)
        .min_by_key(|x| (x.earliest.max(a.today), x.latest));
    if let Some(x) = next {
        let date = x.earliest.max(a.today).to_string();
        let detail = format!("next due: {} {}", x.action.name(), x.opportunity);
        if date != today {
            items.push(&date, CompletionItemKind::VALUE, &detail, &date, "1");
        } else if let Some(first) = items.out.first_mut() {
            first.detail = Some(format!("today — {detail}"));
        }
    }
}
