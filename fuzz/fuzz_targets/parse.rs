//! The parser and the formatter on any bytes: no panic, lossless syntax, idempotent fmt.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let storage = nudge::parse::Storage::new();
    let journal = nudge::parse::parse_str(&storage, text, "fuzz.nudge");
    for d in &journal.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end as usize <= text.len());
    }
    let syntax = nudge::parse::syntax::parse(text);
    assert_eq!(nudge::parse::syntax::print(&syntax), text);
    let once = nudge::format::format(text);
    assert_eq!(nudge::format::format(&once), once);
});
