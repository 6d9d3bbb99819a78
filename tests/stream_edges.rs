//! The streaming path (`src/stream.rs`) against the whole parse on hostile inputs: a journal
//! and the same journal padded past `parse::PARALLEL_FROM` with comment lines (which add no
//! entry) must give the same `check`, `due`, `report` and `ls`, with line numbers moved by the
//! padding. The padding goes before chosen headers so that pass 1's ~1 MiB chunk cuts land on
//! the entries under test.

mod common;
use common::PAD;

use serde_json::Value;
use std::path::Path;

const TODAY: &str = "2026-11-28";

/// Run nudge in `dir` on `file`: (status, stdout, stderr).
fn run(dir: &Path, file: &str, args: &[&str]) -> (i32, String, String) {
    let out = common::nudge()
        .current_dir(dir)
        .args(&args[..1])
        .args(["-f", file, "--today", TODAY])
        .args(&args[1..])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The commands compared: every one that streams.
const COMMANDS: [&[&str]; 4] = [
    &["check", "--format", "json"],
    &["due", "--all", "--format", "json"],
    &[
        "report",
        "--from",
        "2020-01-01",
        "--to",
        "2026-11-29",
        "--format",
        "json",
    ],
    &["ls", "--all", "--format", "json"],
];

/// `n` padding lines ending in `eol`.
fn pad(n: usize, eol: &str) -> String {
    format!("{PAD}{eol}").repeat(n)
}

/// Padding lines enough for `bytes` bytes.
fn lines_for(bytes: usize) -> usize {
    bytes / (PAD.len() + 1) + 1
}

/// `text` with `bytes` of padding before each line whose 0-based number is in `before` (so
/// that the first header at or after each ~1 MiB mark is one of them), and enough at the
/// end to pass 4 MiB; with the map from old line numbers to new ones.
fn padded(text: &str, before: &[usize], bytes: usize) -> (String, Vec<usize>) {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::new();
    let mut map = vec![0];
    let mut added = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if before.contains(&i) {
            let n = lines_for(bytes);
            out.push_str(&pad(n, eol));
            added += n;
        }
        map.push(i + 1 + added);
        out.push_str(line);
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    let short = (4usize << 20).saturating_sub(out.len());
    out.push_str(&pad(lines_for(short) + 1, eol));
    assert!(out.len() >= 4 << 20);
    (out, map)
}

/// `check`'s JSON with each line number passed through `map`.
fn moved(json: &str, map: Option<&[usize]>) -> String {
    let Ok(mut v) = serde_json::from_str::<Value>(json) else {
        return json.to_string();
    };
    for d in v["diagnostics"].as_array_mut().into_iter().flatten() {
        if let (Some(map), "j.nudge") = (map, d["file"].as_str().unwrap_or("")) {
            let line = d["line"].as_u64().unwrap() as usize;
            d["line"] = map[line].into();
        }
    }
    serde_json::to_string_pretty(&v).unwrap()
}

/// Every streaming command gives the same on `text` (parsed whole) as on `text` padded past
/// the parallel threshold with the padding before the lines `before` (0-based). `extra`
/// files are written beside both.
#[track_caller]
fn same_when_streamed(text: &str, before: &[usize], extra: &[(&str, &str)]) {
    let dir = tempfile::tempdir().unwrap();
    let (small, big) = (dir.path().join("small"), dir.path().join("big"));
    let (long, map) = padded(text, before, 1_050_000);
    for (d, t) in [(&small, text), (&big, long.as_str())] {
        std::fs::create_dir(d).unwrap();
        std::fs::write(d.join("j.nudge"), t).unwrap();
        for (name, content) in extra {
            std::fs::write(d.join(name), content).unwrap();
        }
    }
    for args in COMMANDS {
        let (s1, o1, e1) = run(&small, "j.nudge", args);
        let (s2, o2, e2) = run(&big, "j.nudge", args);
        assert!(s1 <= 1 && e1.is_empty(), "{args:?}: {s1} {e1}");
        let (o1, o2) = if args[0] == "check" {
            (moved(&o1, Some(&map)), moved(&o2, None))
        } else {
            (o1, o2)
        };
        assert_eq!((s1, e1), (s2, e2), "{args:?}");
        common::assert_same(&o1, &o2, ("whole", "streamed"), format_args!("{args:?}"));
    }
}

/// The 0-based numbers of the column-0 lines that start with a digit (entry headers).
fn headers(text: &str) -> Vec<usize> {
    text.split_inclusive('\n')
        .enumerate()
        .filter(|(_, l)| l.starts_with(|c: char| c.is_ascii_digit()))
        .map(|(i, _)| i)
        .collect()
}

const OTHER: &str = "2026-11-02 interview other \"Other\"\n    with: Jane Doe\n";

#[test]
fn a_big_file_whose_first_line_is_an_include_after_a_bom_reads_the_include() {
    let text = format!(
        "\u{feff}include other.nudge\n{}",
        std::fs::read_to_string("examples/journal.nudge").unwrap()
    );
    let hs = headers(&text);
    same_when_streamed(&text, &hs[3..5], &[("other.nudge", OTHER)]);
    // The whole parse of a big file (the send verdict, `add`, the editor server) cuts it in
    // chunks too; it used to report the include as J007 "cannot include here".
    let (long, _) = padded(&text, &hs[3..5], 1_050_000);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.nudge"), long).unwrap();
    std::fs::write(dir.path().join("other.nudge"), OTHER).unwrap();
    let (_, out, _) = run(dir.path(), "j.nudge", &["check", "--planned"]);
    assert!(!out.contains("J007"), "{out}");
}

/// What the whole parse and the streaming path give on the journal `top` of `dir` (with its
/// includes): check's findings and due's actions, each as (whole, streamed).
fn library_both(dir: &Path, top: &str) -> [(String, String); 2] {
    use nudge::parse::{index_with, parse_with, FsLoader, Storage};
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let path = dir.join(top);
    let shown = path.display().to_string();
    let (identity, text) = nudge::parse::read_file(&path).unwrap();
    let storage = Storage::new();
    let text = storage.text(text);
    let journal = parse_with(&storage, &mut FsLoader, &shown, identity.clone(), text);
    let index = index_with(&storage, &mut FsLoader, &shown, identity, text);
    let options = nudge::rules::Options::default();
    let due = nudge::report::due::DueOptions {
        today,
        within: 14,
        all: true,
    };
    [
        (
            format!("{:#?}", nudge::rules::check(&journal, today, &options)),
            format!(
                "{:#?}",
                nudge::stream::check(&index, today, &options, false)
            ),
        ),
        (
            format!("{:#?}", nudge::report::due::due(&journal, &due)),
            format!("{:#?}", nudge::stream::due(&index, &due)),
        ),
    ]
}

#[track_caller]
fn library_same(dir: &Path, top: &str) {
    for (whole, streamed) in library_both(dir, top) {
        common::assert_same(&whole, &streamed, ("whole", "streamed"), "");
    }
}

#[test]
fn includes_of_big_files_cycles_and_repeats_stream_as_they_parse_whole() {
    let dir = tempfile::tempdir().unwrap();
    let journal = std::fs::read_to_string("examples/journal.nudge").unwrap();
    let mistakes = std::fs::read_to_string("examples/mistakes.nudge").unwrap();
    // An included file over 4 MiB with entries past its ~1 MiB marks, which includes others.
    let (big, _) = padded(
        &format!("include small.nudge\ninclude top.nudge\n{mistakes}"),
        &headers(&mistakes)
            .iter()
            .map(|h| h + 2)
            .step_by(3)
            .collect::<Vec<_>>(),
        1_050_000,
    );
    let files = [
        ("top.nudge", format!("include big.nudge\n{journal}include small.nudge\ninclude top.nudge\ninclude nosuch.nudge\n")),
        ("big.nudge", big),
        ("small.nudge", format!("\u{feff}include big.nudge\r\n{OTHER}").replace('\n', "\r\n").replace("\r\r", "\r")),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    library_same(dir.path(), "top.nudge");
    library_same(dir.path(), "big.nudge");
    library_same(dir.path(), "small.nudge");
}

/// A journal with a bit of everything the parser recovers from: orphan indented lines,
/// control characters and a NUL in entries, a lone CR, lines over the limit (indented in an
/// entry, a column-0 comment in an entry, a header), suppressions, directives between the
/// entries of one opportunity, a failed header with its skipped lines, non-ASCII text.
fn hostile() -> String {
    let long = "word ".repeat(14_000);
    let zs = "z".repeat(70_000);
    format!(
        "    | indented before any entry\n\
         \t; indented comment before any entry\n\
         {mistakes}\
         2026-11-03 note acme-sre \"with a lone \r CR in it\"\n\
         \x20   | body with NUL \0 here\n\
         \x20   | body with esc \x1b[31m red\n\
         \x20   | bidi \u{202e} override\n\
         \x20   note: C1 \u{85} next line\n\
         \x20   | {long}\n\
         \x20   ref: after the long line\n\
         2026-11-06 note acme-sre\n\
         ; {zs}\n\
         \x20   | after a long column-0 comment\n\
         2026-11-05 note acme-sre {zs}\n\
         \x20   | orphan under a too-long header\n\
         workweek mon-thu\n\
         2026-11-10 check-in acme-sre   ; nudge: allow C001, bogus -- reason\n\
         \x20   ; nudge: allow T005\n\
         \x20   to: Nobody Here\n\
         holiday 2026-11-26 Thanksgiving\n\
         2026-11-12 check-in acme-sre\n\
         2026-11-02 interview café \"Café — 日本\"\n\
         2026-11-02 interview cafe \"Café — 日本\"\n\
         \x20   with: Jürgen Müller\n\
         2026-11-02 thank-you cafe\n\
         \x20   to: jÜRGEN müller\n\
         2026-11-30 ! check-in cafe\n\
         2026-11-20 ! check-in cafe\n\
         2026-11-02 bogus cafe\n\
         \x20   | skipped\n\
         ; comment resets\n\
         \x20   | now orphan\n\
         2026-11-25 reply acme-sre\n\
         \x20   expect: 2026-12-01\n\
         2026-11-25 ! withdraw globex\n\
         2026-11-26 outcome initech bogus\n\
         2026-11-27 note acme-sre ; trailing ; comment \x07\n\
         \x20   | last line, no line end",
        mistakes = std::fs::read_to_string("examples/mistakes.nudge").unwrap(),
    )
}

#[test]
fn hostile_lines_at_the_chunk_cuts_stream_as_they_parse_whole() {
    let text = hostile();
    let hs = headers(&text);
    // Cuts on the entries holding the long lines, the control characters and the
    // suppressions, and on a failed header.
    let at = |needle: &str| {
        text.split_inclusive('\n')
            .position(|l| l.contains(needle))
            .unwrap()
    };
    let before = [
        at("with a lone"),
        at("2026-11-06 note acme-sre"),
        at("2026-11-10 check-in"),
        at("2026-11-02 bogus cafe"),
    ];
    assert!(before.iter().all(|b| hs.contains(b)));
    same_when_streamed(&text, &before, &[]);
}

#[test]
fn hostile_lines_with_crlf_and_a_bom_stream_as_they_parse_whole() {
    let text = format!("\u{feff}{}", hostile().replace('\n', "\r\n"));
    let hs = headers(&text);
    same_when_streamed(&text, &[hs[4], hs[9], hs[20], hs[hs.len() - 3]], &[]);
}

#[test]
fn an_unknown_opportunity_named_by_thousands_of_entries_is_looked_up_once() {
    // J002's "did you mean" searched every opened slug again for each entry of the unknown
    // opportunity: 3,000 entries × 3,000 slugs took 16 s in a debug build. Its time is measured
    // by `cargo bench --bench scale` (never in a test); this holds the findings.
    let mut text = String::new();
    for k in 0..3_000 {
        text.push_str(&format!("2026-11-02 apply company-number-{k} \"C\"\n"));
    }
    text.push_str(&"2026-11-03 check-in company-numbr-7\n".repeat(3_000));
    let (long, _) = padded(&text, &[], 0);
    let dir = tempfile::tempdir().unwrap();
    for (name, t) in [("small.nudge", &text), ("big.nudge", &long)] {
        std::fs::write(dir.path().join(name), t).unwrap();
        let (status, out, _) = run(dir.path(), name, &["check", "--format", "concise"]);
        assert_eq!(status, 1);
        let found = out
            .matches("opens `company-numbr-7`; did you mean `company-number-7`?")
            .count();
        assert_eq!(found, 3_000, "{name}");
    }
}

#[test]
fn a_big_journal_on_stdin_streams_as_from_its_file_and_bad_utf8_far_in_names_its_line() {
    let text = std::fs::read_to_string("examples/mistakes.nudge").unwrap();
    let hs = headers(&text);
    let (long, _) = padded(&text, &hs[3..6], 1_050_000);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.nudge"), &long).unwrap();
    for args in COMMANDS {
        let from_file = run(dir.path(), "j.nudge", args);
        let out = common::nudge()
            .current_dir(dir.path())
            .args(&args[..1])
            .args(["-f", "-", "--stdin-filename", "j.nudge", "--today", TODAY])
            .args(&args[1..])
            .write_stdin(long.as_bytes())
            .output()
            .unwrap();
        let from_stdin = (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(from_file == from_stdin, "{args:?}");
    }
    let mut bytes = long.into_bytes();
    let at = 3_000_000;
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    bytes.insert(at, 0xff);
    std::fs::write(dir.path().join("j.nudge"), &bytes).unwrap();
    let (status, out, err) = run(dir.path(), "j.nudge", &["check"]);
    assert_eq!((status, out.as_str()), (2, ""));
    assert_eq!(
        err,
        format!("nudge: error: cannot read `j.nudge`: it is not valid UTF-8: invalid byte at line {line}, byte offset {at}\n")
    );
}

/// The same big text judged whole ([`nudge::parse::parse_str`]: never cut), cut in chunks
/// ([`nudge::parse::parse_with`]) and streamed ([`nudge::parse::index_with`]): every finding
/// with its labels and quick fixes, and every due action, must agree.
#[track_caller]
fn cut_or_not(text: &str) {
    use nudge::parse::{index_with, parse_str, parse_with, FsLoader, Storage};
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let storage = Storage::new();
    let whole = parse_str(&storage, text, "j.nudge");
    let cut = parse_with(&storage, &mut FsLoader, "j.nudge", "j.nudge".into(), text);
    let index = index_with(&storage, &mut FsLoader, "j.nudge", "j.nudge".into(), text);
    assert!(!index.records.is_empty(), "not streamed");
    let options = nudge::rules::Options::default();
    let want = format!("{:#?}", nudge::rules::check(&whole, today, &options));
    for got in [
        format!("{:#?}", nudge::rules::check(&cut, today, &options)),
        format!(
            "{:#?}",
            nudge::stream::check(&index, today, &options, false)
        ),
    ] {
        common::assert_same(&want, &got, ("whole", "streamed"), "");
    }
    let due = nudge::report::due::DueOptions {
        today,
        within: 14,
        all: true,
    };
    let want = format!("{:#?}", nudge::report::due::due(&whole, &due));
    let got = format!("{:#?}", nudge::stream::due(&index, &due));
    common::assert_same(&want, &got, ("whole", "streamed"), "");
}

#[test]
fn hostile_text_cut_in_chunks_gives_every_finding_and_fix_of_the_whole_parse() {
    let text = hostile().replace("include mistakes-missing.nudge", "; no include");
    let hs = headers(&text);
    for (k, before) in [&hs[3..6], &hs[10..14], &hs[hs.len() - 6..hs.len() - 2]]
        .into_iter()
        .enumerate()
    {
        let (long, _) = padded(&text, before, 1_050_000 - k * 40_000);
        if k == 1 {
            cut_or_not(&long.replace('\n', "\r\n"));
        } else {
            cut_or_not(&long);
        }
    }
}
