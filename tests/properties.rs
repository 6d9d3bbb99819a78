//! Laws that hold for every input: the parser never panics and always locates its findings,
//! printing the syntax back is lossless, `fmt` is idempotent and loses nothing, the timeline
//! never numbers a premature check-in, and due windows never start before what they follow.

mod common;
#[path = "../src/generate.rs"]
mod generate;

use chrono::NaiveDate;
use nudge::model::{Journal, Kind};
use nudge::parse::{parse_str, syntax, Storage};
use nudge::report::due::{self, ActionKind, DueOptions};
use nudge::rules::{self, Options};
use nudge::timeline::{self, Planned, Settings};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// Journal-shaped text: real fragments glued with blanks, line ends and noise.
fn journalish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("2026-11-02 ".to_string()),
        Just("2026-11-0".to_string()),
        Just("10:00 ".to_string()),
        Just("! ".to_string()),
        Just("interview acme \"Acme\"\n".to_string()),
        Just("thank-you acme\n".to_string()),
        Just("check-in acme\n".to_string()),
        Just("reply acme\n".to_string()),
        Just("withdraw acme\n".to_string()),
        Just("outcome acme offer\n".to_string()),
        Just("    with: Jane <j@x>\n".to_string()),
        Just("    to: jane\n".to_string()),
        Just("    expect: 2026-11-09\n".to_string()),
        Just("    value: v\n".to_string()),
        Just("    | ASAP!! I NEED this? \n".to_string()),
        Just("    ; nudge: allow C002, T0\n".to_string()),
        Just("include x\n".to_string()),
        Just("workweek sun-thu\n".to_string()),
        Just("holiday 2026-11-10\n".to_string()),
        Just("policy max-check-ins 1\n".to_string()),
        Just("policy first-check-in-after 0..0d\n".to_string()),
        Just("rule C001 off\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        any::<String>(),
        "[ \t;#|\"!:<>@a-z0-9.-]{0,12}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn run_everything(text: &str) {
    let storage = Storage::new();
    let journal = parse_str(&storage, text, "j.nudge");
    let diags = rules::check(&journal, today(), &Options::default());
    for d in &diags {
        let len = text.len() as u32;
        assert!(d.span.start <= d.span.end && d.span.end <= len, "{d:?}");
        assert!(
            text.is_char_boundary(d.span.start as usize)
                && text.is_char_boundary(d.span.end as usize)
        );
    }
    let human = nudge::render::human(&diags, &journal.sources, false, 80);
    assert!(human.ends_with('\n'));
    let json = nudge::render::json(&diags, &journal.sources, today());
    let _: serde_json::Value = serde_json::from_str(&json).unwrap();
    let actions = due::due(
        &journal,
        &DueOptions {
            today: today(),
            within: 14,
            all: true,
        },
    );
    let _ = due::json(&actions, today());
    let _ = nudge::report::weekly::report(&journal, today(), today(), today(), &diags);
}

/// What an entry means, without where it is.
fn meaning(j: &Journal<'_>) -> Vec<String> {
    j.entries
        .iter()
        .map(|e| {
            let attrs: Vec<String> = e
                .attrs
                .iter()
                .map(|a| format!("{:?}={:?}", a.key, a.value()))
                .collect();
            let body: Vec<&str> = e.body.iter().map(|b| b.text.trim_end()).collect();
            format!(
                "{} {:?} {} {:?} {} {:?} {:?} {:?} {}",
                e.date,
                e.time,
                e.planned,
                e.kind,
                e.opportunity,
                e.text,
                attrs,
                body,
                e.allows.len()
            )
        })
        .collect()
}

fn comments(text: &str) -> Vec<String> {
    syntax::parse(text)
        .lines
        .iter()
        .filter_map(|l| match l.kind {
            syntax::LineKind::Comment => Some(l.content.trim_end().to_string()),
            _ => l.comment().map(|c| c.trim_end().to_string()),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_whole_pipeline_never_panics(text in journalish()) {
        run_everything(&text);
    }

    #[test]
    fn printing_the_syntax_back_is_lossless(text in journalish()) {
        prop_assert_eq!(syntax::print(&syntax::parse(&text)), text);
    }

    #[test]
    fn fmt_is_idempotent_and_loses_no_meaning_or_comment(text in journalish()) {
        let once = nudge::format::format(&text);
        prop_assert_eq!(nudge::format::format(&once), once.clone());
        prop_assert_eq!(meaning(&parse_str(&Storage::new(), &text, "j")), meaning(&parse_str(&Storage::new(), &once, "j")));
        prop_assert_eq!(comments(&text), comments(&once));
        let before: Vec<_> = parse_str(&Storage::new(), &text, "j").diagnostics.iter().map(|d| d.code()).collect();
        let after: Vec<_> = parse_str(&Storage::new(), &once, "j").diagnostics.iter().map(|d| d.code()).collect();
        prop_assert_eq!(before, after);
    }
}

/// A generated journal with random edits (lines dropped, duplicated or swapped).
fn edited_journal() -> impl Strategy<Value = String> {
    (
        1u64..10_000,
        proptest::collection::vec((0usize..400, 0u8..3), 0..30),
    )
        .prop_map(|(seed, edits)| {
            let text = generate::journal(60, seed);
            let mut lines: Vec<&str> = text.lines().collect();
            for (at, op) in edits {
                if lines.is_empty() {
                    break;
                }
                let i = at % lines.len();
                match op {
                    0 => {
                        lines.remove(i);
                    }
                    1 => {
                        let l = lines[i];
                        lines.insert(i, l)
                    }
                    _ => {
                        let j = (i * 7 + 3) % lines.len();
                        lines.swap(i, j)
                    }
                }
            }
            lines.join("\n")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn no_premature_check_in_is_ever_numbered(text in edited_journal()) {
        let storage = Storage::new();
        let journal = parse_str(&storage, &text, "j");
        let settings = Settings::from_journal(&journal);
        for planned in [Planned::AsSent, Planned::Pending] {
            let t = timeline::build(&journal, &settings, planned);
            for opp in &t.opportunities {
                for round in &opp.rounds {
                    for seq in &round.sequences {
                        let mut last = 0;
                        for c in &seq.check_ins {
                            let e = &journal.entries[c.entry];
                            prop_assert_eq!(e.kind, Kind::CheckIn);
                            match (c.number, seq.deadline) {
                                (Some(n), Some(d)) => {
                                    prop_assert!(e.date > d, "#{} on {} is not after D {}", n, e.date, d);
                                    prop_assert_eq!(n, last + 1);
                                    last = n;
                                }
                                (Some(_), None) => prop_assert!(false, "numbered without a deadline"),
                                (None, Some(d)) => prop_assert!(e.date <= d),
                                (None, None) => {}
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn due_windows_start_on_or_after_what_they_follow(text in edited_journal()) {
        let storage = Storage::new();
        let journal = parse_str(&storage, &text, "j");
        let settings = Settings::from_journal(&journal);
        let t = timeline::build(&journal, &settings, Planned::Pending);
        let actions = due::actions(&journal, &settings, &t, &DueOptions { today: today(), within: 0, all: true });
        for a in &actions {
            prop_assert!(a.earliest <= a.latest);
            let opp = t.get(&a.opportunity).unwrap();
            let round = opp.rounds.last().unwrap();
            let seq = round.current().unwrap();
            let follows = match a.action {
                ActionKind::ThankYou => journal.entries[round.interview].date,
                ActionKind::CheckIn(1) => seq.deadline.unwrap(),
                ActionKind::CheckIn(n) => journal.entries[seq.numbered(n - 1).unwrap()].date,
                ActionKind::Withdraw => journal.entries[seq.numbered(3).unwrap()].date,
            };
            prop_assert!(a.earliest >= follows, "{:?} starts {} before {}", a.action, a.earliest, follows);
            if !matches!(a.action, ActionKind::ThankYou) {
                prop_assert!(a.earliest > follows);
            }
        }
    }
}

#[test]
fn printing_every_fixture_and_example_back_is_byte_for_byte() {
    let files = common::corpus();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert_eq!(syntax::print(&syntax::parse(&text)), text, "{f}");
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(syntax::print(&syntax::parse(&crlf)), crlf, "{f} with CRLF");
        // And fmt keeps every entry's meaning.
        let formatted = nudge::format::format(&text);
        assert_eq!(
            meaning(&parse_str(&Storage::new(), &text, "j")),
            meaning(&parse_str(&Storage::new(), &formatted, "j")),
            "{f}"
        );
    }
}

#[test]
fn fmt_never_turns_a_stray_feff_into_a_bom() {
    // Found by proptest: dropping the leading blank line made line 2's U+FEFF a BOM.
    let text = "\r\n\u{feff}    ; nudge: allow C002, T0\n";
    let once = nudge::format::format(text);
    assert_eq!(comments(text), comments(&once));
    assert_eq!(nudge::format::format(&once), once);
}

#[test]
fn the_example_journal_is_already_formatted() {
    let text = std::fs::read_to_string("examples/journal.nudge").unwrap();
    assert_eq!(nudge::format::format(&text), text);
}

/// The generator the benches and these laws rely on: the requested size, clean, the same
/// journal for a seed.
#[test]
fn generates_about_the_requested_size_deterministically() {
    let a = generate::journal(1000, 7);
    assert_eq!(a, generate::journal(1000, 7));
    let storage = nudge::parse::Storage::new();
    let parsed = nudge::parse::parse_str(&storage, &a, "gen");
    assert!(
        (1000..1010).contains(&parsed.entries.len()),
        "{}",
        parsed.entries.len()
    );
    assert!(
        parsed.diagnostics.is_empty(),
        "{:?}",
        parsed.diagnostics.first()
    );
    assert!(a.len() > 90_000 && a.len() < 130_000, "{}", a.len());
}

/// One classifier (issue 11): on every fixture and example, the lines the checker reads as
/// entry headers are the lines `fmt`'s syntax calls headers, and a line the syntax calls an
/// attribute under a header is one the checker keeps as an attribute or reports.
#[test]
fn the_checker_and_fmt_classify_every_line_alike() {
    for f in common::corpus() {
        let text = std::fs::read_to_string(&f).unwrap();
        let file = syntax::parse(&text);
        let (mut headers, mut attrs, mut under_entry) = (Vec::new(), Vec::new(), false);
        let mut at = file.bom.len();
        for l in &file.lines {
            match l.kind {
                syntax::LineKind::Header(_) => {
                    headers.push(at);
                    under_entry = true;
                }
                syntax::LineKind::Attribute { .. } if under_entry => {
                    attrs.push(at + l.indent.len()..at + l.indent.len() + l.content.len())
                }
                syntax::LineKind::Error | syntax::LineKind::Directive { .. }
                    if l.indent.is_empty() =>
                {
                    under_entry = false
                }
                _ => {}
            }
            at += l.indent.len() + l.content.len() + l.trailing.len() + l.eol.len();
        }
        let storage = Storage::new();
        let journal = parse_str(&storage, &text, "j");
        let checked: Vec<usize> = journal
            .entries
            .iter()
            .map(|e| e.header.start as usize)
            .collect();
        assert_eq!(checked, headers, "{f}: entry headers");
        let kept: Vec<usize> = journal
            .entries
            .iter()
            .flat_map(|e| e.attrs.iter().map(|a| a.start as usize))
            .collect();
        for line in &attrs {
            let reported = journal
                .diagnostics
                .iter()
                .any(|d| line.contains(&(d.span.start as usize)));
            assert!(
                kept.contains(&line.start) || reported,
                "{f}: the attribute at byte {} is neither kept nor reported",
                line.start
            );
        }
        assert!(
            kept.iter().all(|k| attrs.iter().any(|a| a.start == *k)),
            "{f}: the checker keeps an attribute the syntax does not call one"
        );
    }
}
