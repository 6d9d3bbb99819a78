//! The executable grammar (`grammar/nudge.pest`) and the nom parser must agree on which lines
//! are well-formed: on every fixture and example, and on generated lines.

mod common;

use common::corpus;
use nudge::parse::parse_str;
use pest::Parser as _;
use proptest::prelude::*;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/nudge.pest"]
struct Grammar;

/// Diagnostics that are about meaning, not form: the grammar does not check them.
fn semantic(message: &str) -> bool {
    [
        "bytes long",     // slug and line length limits
        "no entry above", // which entry an indented line belongs to
        "reversed",       // policy values out of range or of the wrong shape for the name
        "mixes units",
        "longer than nudge accepts",
        "out of range",
        "unknown rule",
    ]
    .iter()
    .any(|m| message.contains(m))
        && !message.contains("YYYY-MM-DD form")
}

/// Whether nom accepts `line` (in the context of an entry when it is indented), ignoring
/// semantic diagnostics.
fn nom_accepts(line: &str) -> bool {
    let indented = line.starts_with([' ', '\t']);
    let prefix = if indented { "2026-01-01 note x\n" } else { "" };
    let text = format!("{prefix}{line}\n");
    let storage = nudge::parse::Storage::new();
    let journal = parse_str(&storage, &text, "line");
    let from = prefix.len() as u32;
    !journal.diagnostics.iter().any(|d| {
        d.span.start >= from
            && (matches!(d.code(), "J001" | "J006") || d.message.contains("needs a path"))
            && !semantic(&d.message)
    })
}

fn grammar_accepts(line: &str) -> bool {
    Grammar::parse(Rule::line_only, line).is_ok()
}

/// Replace well-formed dates that are not on the calendar (a meaning, not a form) with one
/// that is, so that both sides judge the rest of the line.
fn real_dates(line: &str) -> String {
    let b = line.as_bytes();
    let mut out = line.to_string();
    for i in 0..b.len().saturating_sub(9) {
        let shape = (0..10).all(|k| {
            if k == 4 || k == 7 {
                b[i + k] == b'-'
            } else {
                b[i + k].is_ascii_digit()
            }
        });
        if shape && chrono::NaiveDate::parse_from_str(&line[i..i + 10], "%Y-%m-%d").is_err() {
            out.replace_range(i..i + 10, "2000-01-01");
        }
    }
    out
}

fn assert_agree(line: &str) {
    if line.len() > nudge::parse::MAX_LINE {
        return;
    }
    let line = &real_dates(line);
    let (n, g) = (nom_accepts(line), grammar_accepts(line));
    assert_eq!(
        n,
        g,
        "nom {} but the grammar {} {line:?}",
        verdict(n),
        verdict(g)
    );
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "accepts"
    } else {
        "rejects"
    }
}

#[test]
fn grammar_parses_every_example_and_fixture_as_a_whole() {
    for f in corpus() {
        let text = std::fs::read_to_string(&f).unwrap();
        // Whole files: every line is some line kind (errors are per line, below).
        let ok_lines: String = text
            .lines()
            .filter(|l| grammar_accepts(l))
            .map(|l| format!("{l}\n"))
            .collect();
        Grammar::parse(Rule::journal, &ok_lines).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    assert!(Grammar::parse(Rule::journal, "\u{feff}2026-11-02 note a\r\n    | hi\r\n").is_ok());
}

#[test]
fn grammar_and_parser_agree_on_every_line_of_every_example_and_fixture() {
    let mut lines = 0;
    for f in corpus() {
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            assert_agree(line);
            lines += 1;
        }
    }
    assert!(lines > 300);
}

#[test]
fn grammar_and_parser_agree_on_tricky_lines() {
    for line in [
        "2026-11-02 10:00 ! check-in acme \"A \\\"quoted\\\" title\"  ; c",
        "2026-11-02 ! 10:00 check-in acme",
        "2026-11-02 24:00 note a",
        "2026-11-02 9:30 note a",
        "20260-11-02 note a",
        "2026-11-02 note",
        "2026-11-02 note Acme",
        "2026-11-02 note a \"open",
        "2026-11-02 note a \"a\" b",
        "2026-11-02 note a say \"x ; y\" ; z",
        "2026-11-02 outcome a offer",
        "2026-11-02 outcome a \"rejected\"",
        "2026-11-02 outcome a maybe",
        "2026-11-02 outcome a",
        "workweek sun-thu",
        "workweek mon,tue wed",
        "workweek Monday-Friday ; ours",
        "workweek",
        "workweek,mon",
        "holiday 2026-11-26 Thanksgiving Day",
        "holiday 2026-11-26x",
        "policy first-check-in-after 2..3bd",
        "policy first-check-in-after 2bd..3bd",
        "policy max-check-ins 3",
        "policy follow-up 3",
        "policy assumed-wait",
        "rule C002 off",
        "rule late-thank-you error ; yes",
        "rule C002 loud",
        "include other.nudge",
        "include",
        "holliday 2026-11-26",
        "thank-you acme",
        "    with: Jane Doe <jane@acme.example>",
        "    with: <jane@acme.example>",
        "    with: Jane < jane@acme.example >",
        "    with: Jane <jane@acme",
        "    with: Ja>ne",
        "    to: jane@acme.example",
        "    to: a@b c",
        "    expect: 2026-11-09",
        "    expect: next week",
        "    via: email",
        "    via: pigeon",
        "    ref:",
        "    ref:   ",
        "    colour: blue",
        "    café: au lait",
        "    just words",
        "    | body",
        "\t|",
        "    ; nudge: allow C002",
        "; comment",
        "# comment",
        "   ",
        "2026-11-02 note a\u{a0}",
        "2026-11-02\u{3000}note a",
        "!",
        "|x",
    ] {
        assert_agree(line);
    }
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2026-11-02".to_string()),
        Just("2026-02-30".to_string()),
        Just("10:00".to_string()),
        Just("24:61".to_string()),
        Just("!".to_string()),
        Just("interview".to_string()),
        Just("thank-you".to_string()),
        Just("outcome".to_string()),
        Just("offer".to_string()),
        Just("acme-sre".to_string()),
        Just("Acme".to_string()),
        Just("\"Acme Corp\"".to_string()),
        Just("\"".to_string()),
        Just(";".to_string()),
        Just("#".to_string()),
        Just("|".to_string()),
        Just(":".to_string()),
        Just("<a@b>".to_string()),
        Just("with:".to_string()),
        Just("expect:".to_string()),
        Just("via:".to_string()),
        Just("email".to_string()),
        Just("workweek".to_string()),
        Just("mon-fri".to_string()),
        Just("sun".to_string()),
        Just("holiday".to_string()),
        Just("policy".to_string()),
        Just("max-check-ins".to_string()),
        Just("2..3bd".to_string()),
        Just("rule".to_string()),
        Just("C002".to_string()),
        Just("off".to_string()),
        Just("include".to_string()),
        "[a-z0-9.@<>\"\\\\:;#|!,-]{1,6}",
    ]
}

fn generated_line() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just(""), Just(""), Just("    "), Just("\t")],
        proptest::collection::vec(
            (
                fragment(),
                prop_oneof![Just(" "), Just("  "), Just("\t"), Just("")],
            ),
            1..7,
        ),
    )
        .prop_map(|(indent, parts)| {
            let mut s = indent.to_string();
            for (f, sep) in parts {
                s.push_str(&f);
                s.push_str(sep);
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn grammar_and_parser_agree_on_generated_lines(line in generated_line()) {
        assert_agree(&line);
    }
}
