//! The whole check on any text: parse → timeline → rules → JSON and human output → due → report.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let storage = nudge::parse::Storage::new();
    let journal = nudge::parse::parse_str(&storage, text, "fuzz.nudge");
    let diags = nudge::rules::check(&journal, today, &nudge::rules::Options::default());
    let json = nudge::render::json(&diags, &journal.sources, today);
    let _: serde_json::Value = serde_json::from_str(&json).unwrap();
    let human = nudge::render::human(&diags, &journal.sources, false, 80);
    // Text that leaves nudge for a terminal carries no raw control character or bidi override.
    assert!(
        !human.chars().any(|c| (c.is_control() && c != '\n' && c != '\t' && c != '\r')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
        "raw control character in human output"
    );
    let options = nudge::report::due::DueOptions { today, within: 14, all: true };
    let actions = nudge::report::due::due(&journal, &options);
    let _ = nudge::report::ics::calendar(&actions, today);
    let _ = nudge::report::weekly::report(&journal, today, today, today, &diags);
});
