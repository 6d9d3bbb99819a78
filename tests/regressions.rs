//! Inputs that once broke a law (found by the fuzzers or property tests), kept as tests.

use nudge::parse::{parse_str, syntax, Storage};

fn laws(text: &str) {
    let storage = Storage::new();
    let journal = parse_str(&storage, text, "r.nudge");
    for d in &journal.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end as usize <= text.len());
    }
    assert_eq!(syntax::print(&syntax::parse(text)), text);
    let once = nudge::format::format(text);
    assert_eq!(
        nudge::format::format(&once),
        once,
        "fmt is not idempotent on {text:?}"
    );
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let diags = nudge::rules::check(&journal, today, &nudge::rules::Options::default());
    let _ = nudge::render::human(&diags, &journal.sources, false, 80);
}

#[test]
fn fuzz_parse_lone_cr_before_trailing_blanks_of_an_attribute() {
    // fuzz/artifacts/parse/crash-b21d3a71…: `expect: -fry \r  ` formatted to `expect: -fry \r`,
    // which read back with the next LF as a CRLF line end.
    laws("; t\u{10}eE\0\0\0\0\0\0\0-sre \"Acm(\"\n    expect:     -fry \r  \n");
}

#[test]
fn proptest_stray_feff_after_a_leading_blank_line() {
    laws("\r\n\u{feff}    ; nudge: allow C002, T0\n");
}

#[test]
fn lone_carriage_returns_anywhere() {
    for text in [
        "a\r",
        "\r",
        "\r\r\n",
        "2026-11-02 note a\r  \n",
        "    | x\r\n\r",
        "; c\r \n2026-11-02 note a",
    ] {
        laws(text);
    }
}

#[test]
fn fuzz_parse_body_of_only_blanks() {
    // fuzz/artifacts/parse/crash-1f22791e…: `|` followed by a space and a tab formatted to
    // `| ` (trailing space), which read back as an empty body and formatted to `|`.
    laws("2026-11-02 note a\n    | \t\n");
    laws("2026-11-02 note a\n    |\t \n");
}
