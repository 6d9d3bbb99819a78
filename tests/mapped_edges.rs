//! A journal read whole (small) and the same journal padded past `parse::MAP_FROM` with
//! comment lines at its end (mapped, streamed, its pages given back while the findings are
//! written) must print the same in every format: padding at the end moves no line.

mod common;
use common::{first_difference, PAD};

#[path = "../src/generate.rs"]
mod generate;

use std::path::Path;

const TODAY: &str = "2026-11-28";

const FORMATS: [&str; 5] = ["human", "concise", "github", "sarif", "json"];

/// Run `check` in `dir` on `j.nudge` in `format`: (status, stdout, stderr).
fn check(dir: &Path, format: &str, extra: &[&str]) -> (i32, String, String) {
    check_on(dir, format, extra, "2")
}

/// [`check`] on `threads` of rayon's.
fn check_on(dir: &Path, format: &str, extra: &[&str], threads: &str) -> (i32, String, String) {
    let out = common::nudge()
        .env("RAYON_NUM_THREADS", threads)
        .current_dir(dir)
        .args([
            "check", "-f", "j.nudge", "--today", TODAY, "--format", format,
        ])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `text` closed by a line end and followed by `lines` padding lines.
fn with_padding(text: &str, lines: usize) -> String {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    out.push_str(&format!("{PAD}{eol}").repeat(lines));
    out
}

/// Every format prints the same for `text` small and padded past 4 MiB (a few padding lines
/// in both, so that the human report's context after the last finding is the same).
#[track_caller]
fn same_when_mapped(text: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let (small, mid, big) = (
        dir.path().join("small"),
        dir.path().join("mid"),
        dir.path().join("big"),
    );
    let lines = (4usize << 20) / PAD.len() + 1;
    // Mid: parsed whole, in chunks (`parse::PARALLEL_FROM`), not streamed.
    for (d, n) in [(&small, 5), (&mid, lines / 3), (&big, lines)] {
        std::fs::create_dir(d).unwrap();
        std::fs::write(d.join("j.nudge"), with_padding(text, n)).unwrap();
    }
    assert!(std::fs::metadata(big.join("j.nudge")).unwrap().len() >= nudge::parse::MAP_FROM);
    for format in FORMATS {
        let (s1, o1, e1) = check(&small, format, extra);
        let (s3, o3, e3) = check(&mid, format, extra);
        assert_eq!((s1, &o1, &e1), (s3, &o3, &e3), "{format}: small and mid");
        let (s2, o2, e2) = check(&big, format, extra);
        assert!(s1 <= 1 && o1.len() > 100, "{format}: {s1} {e1}");
        assert_eq!((s1, &e1), (s2, &e2), "{format}");
        common::assert_same(&o1, &o2, ("small", "mapped"), format_args!("{format}"));
        if format == "sarif" {
            let schema: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string("tests/sarif-schema-2.1.0.json").unwrap(),
            )
            .unwrap();
            let validator = jsonschema::validator_for(&schema).unwrap();
            let log: serde_json::Value = serde_json::from_str(&o2).unwrap();
            let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{errors:#?}");
        }
    }
}

/// Findings everywhere: the example mistakes, long bodies (multi-line spans), control
/// characters, a failed header, non-ASCII text, a last line without a line end.
fn busy() -> String {
    let mut text = std::fs::read_to_string("examples/mistakes.nudge").unwrap();
    for fixture in [
        "M001-long-message",
        "J009-control-character",
        "T002-missing-thank-you",
    ] {
        text.push_str(
            &std::fs::read_to_string(format!("tests/fixtures/rules/{fixture}.nudge")).unwrap(),
        );
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    text.push_str(
        "2026-11-03 note acme-sre \"with a lone \r CR in it\"\n\
         \x20   | body with esc \x1b[31m red and bidi \u{202e} override\n\
         2026-11-02 interview café \"Café — 日本\"\n\
         \x20   with: Jürgen Müller\n\
         2026-11-02 bogus café\n\
         \x20   | skipped\n\
         2026-11-26 outcome café bogus\n\
         2026-11-27 note nowhere-known ; trailing \x07",
    );
    text
}

#[test]
fn every_format_prints_the_same_for_a_mapped_journal() {
    same_when_mapped(&busy(), &[]);
}

#[test]
fn rules_allowed_and_warnings_denied_print_the_same_for_a_mapped_journal() {
    same_when_mapped(&busy(), &["--allow", "J009,T002"]);
    same_when_mapped(
        &busy(),
        &["--deny", "warnings", "--allow", "control-character"],
    );
}

#[test]
fn every_format_prints_the_same_for_a_mapped_journal_with_crlf_and_a_bom() {
    same_when_mapped(&format!("\u{feff}{}", busy().replace('\n', "\r\n")), &[]);
}

/// `check` (and `due`, `report`) on `dir/name` by path (mapped when big) and the same bytes on
/// stdin named as the path (read into memory): the same output, errors and status.
#[track_caller]
fn same_as_stdin(dir: &Path, name: &str, bytes: &[u8]) {
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "human"],
        &["check", "--format", "concise"],
        &["check", "--format", "github"],
        &["check", "--format", "sarif"],
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
    ] {
        let by_path = common::nudge()
            .current_dir(dir)
            .args(args)
            .args(["--today", TODAY, "-f", name])
            .output()
            .unwrap();
        let by_stdin = common::nudge()
            .current_dir(dir)
            .args(args)
            .args(["--today", TODAY, "-f", "-", "--stdin-filename", name])
            .write_stdin(bytes.to_vec())
            .output()
            .unwrap();
        let show = |o: &std::process::Output| {
            (
                o.status.code(),
                String::from_utf8_lossy(&o.stdout)
                    .chars()
                    .take(2000)
                    .collect::<String>(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        };
        assert!(
            by_path.status.code() == by_stdin.status.code()
                && by_path.stdout == by_stdin.stdout
                && by_path.stderr == by_stdin.stderr,
            "{args:?}: by path {:?}\nby stdin {:?}",
            show(&by_path),
            show(&by_stdin)
        );
    }
}

/// The example journal padded with comment lines to exactly `size` bytes (its last line
/// ending in a line end).
fn exactly(size: usize) -> String {
    let mut text = std::fs::read_to_string("examples/journal.nudge").unwrap();
    while text.len() + PAD.len() < size {
        text.push_str(PAD);
        text.push('\n');
    }
    let rest = size - text.len();
    if rest > 0 {
        text.push(';');
        text.push_str(&"x".repeat(rest.saturating_sub(2)));
        if rest >= 2 {
            text.push('\n');
        }
    }
    assert_eq!(text.len(), size);
    text
}

#[test]
fn a_journal_of_exactly_4_mib_and_one_byte_less_read_as_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    for size in [(4 << 20) - 1, 4 << 20, (4 << 20) + 1] {
        let text = exactly(size);
        std::fs::write(dir.path().join("j.nudge"), &text).unwrap();
        same_as_stdin(dir.path(), "j.nudge", text.as_bytes());
    }
}

#[test]
fn bad_utf8_at_the_4_mib_pieces_and_in_the_last_bytes_reads_as_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let text = exactly((12 << 20) + 5);
    let piece = 4usize << 20;
    for (at, bad) in [
        (piece - 1, &b"\xff"[..]),
        (piece, b"\xc3"),
        (piece + 1, b"\xe2\x82"),
        (2 * piece, b"\x80"),
        (text.len() - 1, b"\xc3"),
        (text.len() - 2, b"\xf0\x9f"),
    ] {
        let mut bytes = text.clone().into_bytes();
        bytes[at..at + bad.len()].copy_from_slice(bad);
        std::fs::write(dir.path().join("j.nudge"), &bytes).unwrap();
        same_as_stdin(dir.path(), "j.nudge", &bytes);
    }
}

#[cfg(unix)]
#[test]
fn a_mapped_journal_through_a_symlink_and_included_twice_reads_as_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let big = exactly((5 << 20) + 3);
    std::fs::write(dir.path().join("big.nudge"), &big).unwrap();
    std::os::unix::fs::symlink("big.nudge", dir.path().join("link.nudge")).unwrap();
    same_as_stdin(dir.path(), "link.nudge", big.as_bytes());
    // A top file that includes the big one twice (once through the link), and itself big.
    let top = format!(
        "include big.nudge\ninclude link.nudge\ninclude ./big.nudge\n{}",
        exactly(5 << 20)
    );
    std::fs::write(dir.path().join("top.nudge"), &top).unwrap();
    same_as_stdin(dir.path(), "top.nudge", top.as_bytes());
}

/// A full disk under stdout is one error line in the system's words, exit 2: for output
/// written at the end (a small journal, the last flush) and for `due`'s and `report`'s JSON,
/// written as it is serialised (a big journal).
#[cfg(target_os = "linux")]
#[test]
fn streamed_json_on_a_full_disk_says_what_the_system_said() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // A system without the device: nothing to judge.
    };
    let dir = tempfile::tempdir().unwrap();
    let small = std::fs::read_to_string("examples/journal.nudge").unwrap();
    let mut big = String::new();
    for k in 0..300 {
        big.push_str(&small.replace("acme-sre", &format!("acme-{k}")));
    }
    for text in [small, with_padding(&big, (4 << 20) / PAD.len())] {
        std::fs::write(dir.path().join("j.nudge"), text).unwrap();
        for args in [
            &["due", "--all", "--format", "json"][..],
            &["due", "--all"],
            &[
                "report",
                "--from",
                "2020-01-01",
                "--to",
                "2026-11-29",
                "--format",
                "json",
            ],
            &["report", "--from", "2020-01-01", "--to", "2026-11-29"],
            &["check", "--format", "json"],
        ] {
            let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("nudge"))
                .env_remove("NUDGE_FILE")
                .env("NO_COLOR", "1")
                .current_dir(dir.path())
                .args(args)
                .args(["--today", TODAY, "-f", "j.nudge"])
                .stdout(full.try_clone().unwrap())
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("No space left on device"), "{args:?}: {err}");
        }
    }
}

/// J009 comes from pass 1 when streamed (pass 2 no longer looks): control characters in a
/// header, a comment, a failed header, a skipped line, a suppressed entry, a line over 64 KiB,
/// and an included file.
#[test]
fn control_characters_everywhere_are_found_as_when_read_whole() {
    let long = "word ".repeat(14_000);
    let text = format!(
        "include inc.nudge\n\
         2026-11-02 interview acme \"Acme \x01 Corp\"\n\
         \x20   with: Jane \x02 Doe\n\
         ; column-0 comment \x03\n\
         \x20   | body \x04 {long} \x05\n\
         2026-11-03 thank-you acme ; nudge: allow J009 -- pasted\n\
         \x20   to: Jane \x06 Doe\n\
         2026-11-31 note acme \x07\n\
         \x20   | skipped \x08\n\
         ; {long}\x0b\n\
         2026-11-04 note acme\n\
         holiday 2026-11-26 Thanks\x0egiving\n\
         workweek mon-fri ; \x0f\n\
         2026-11-06 interview globex \"G\"\n\
         \x20   with: Bob \x10 Lee\n\
         rule J009 error ; \x11\n\
         2026-11-08 note globex \x12\n\
         2026-11-09 note acme \x13\n\
         \x20   ; indented comment \x0c\n\
         \x20   | \u{9b}31m C1 and \x7f DEL\n"
    );
    let include = "2026-11-05 note acme \"from the include \x0e\"\n";
    let dir = tempfile::tempdir().unwrap();
    let (small, big) = (dir.path().join("small"), dir.path().join("big"));
    let lines = (4usize << 20) / PAD.len() + 1;
    for (d, n) in [(&small, 5), (&big, lines)] {
        std::fs::create_dir(d).unwrap();
        std::fs::write(d.join("j.nudge"), with_padding(&text, n)).unwrap();
        std::fs::write(d.join("inc.nudge"), include).unwrap();
    }
    for format in FORMATS {
        let (s1, o1, e1) = check(&small, format, &[]);
        let (s2, o2, e2) = check(&big, format, &[]);
        assert!(o1.contains("J009"), "{format}: {o1}");
        assert_eq!((s1, &e1), (s2, &e2), "{format}");
        common::assert_same(&o1, &o2, ("small", "mapped"), format_args!("{format}"));
    }
}

/// Thousands of entries (rules on rayon's threads from 4,096) and hundreds of findings (past
/// the human report's full ones): the same on one thread read whole as on three mapped.
#[test]
fn thousands_of_findings_print_the_same_on_any_threads_mapped_or_not() {
    let text = generate::journal(5_000, 7);
    let dir = tempfile::tempdir().unwrap();
    let (small, big) = (dir.path().join("small"), dir.path().join("big"));
    let lines = (4usize << 20) / PAD.len() + 1;
    for (d, n) in [(&small, 5), (&big, lines)] {
        std::fs::create_dir(d).unwrap();
        std::fs::write(d.join("j.nudge"), with_padding(&text, n)).unwrap();
    }
    for format in FORMATS {
        let (s1, o1, e1) = check_on(&small, format, &[], "1");
        let (s2, o2, e2) = check_on(&big, format, &[], "3");
        assert!(o1.len() > 20_000, "{format}: {}", o1.len());
        assert_eq!((s1, &e1), (s2, &e2), "{format}");
        common::assert_same(&o1, &o2, ("small", "mapped"), format_args!("{format}"));
    }
}

/// `due`'s and `report`'s JSON written on stdout as it is serialised is the JSON `--output`
/// writes through the safe-write path, byte for byte, on a small and a mapped journal.
#[test]
fn streamed_json_on_stdout_is_what_output_writes() {
    let dir = tempfile::tempdir().unwrap();
    let text = generate::journal(3_000, 5);
    for (k, text) in [text.clone(), with_padding(&text, (4 << 20) / PAD.len() + 1)]
        .into_iter()
        .enumerate()
    {
        std::fs::write(dir.path().join("j.nudge"), text).unwrap();
        for args in [
            &["due", "--all", "--format", "json"][..],
            &[
                "report",
                "--from",
                "2020-01-01",
                "--to",
                "2026-11-29",
                "--format",
                "json",
            ],
        ] {
            let run = |more: &[&str]| {
                let out = common::nudge()
                    .current_dir(dir.path())
                    .args(args)
                    .args(["--today", TODAY, "-f", "j.nudge"])
                    .args(more)
                    .output()
                    .unwrap();
                assert_eq!(out.status.code(), Some(0), "{args:?} {more:?}");
                assert!(out.stderr.is_empty(), "{args:?} {more:?}");
                out.stdout
            };
            let streamed = run(&[]);
            assert!(streamed.len() > 10_000, "{args:?}");
            assert_eq!(
                streamed,
                run(&["--output", "-"]),
                "{k} {args:?}: --output -"
            );
            let file = format!("out-{k}-{}.json", args[0]);
            assert!(run(&["--output", &file]).is_empty());
            let written = std::fs::read(dir.path().join(&file)).unwrap();
            assert!(streamed == written, "{k} {args:?}: --output FILE");
        }
    }
}

/// A reader that stops early (`nudge due --format json | head -c 10`) while the JSON of a
/// mapped journal is streamed: no panic, nothing on stderr, the status the command had.
#[test]
fn a_closed_pipe_while_streaming_a_mapped_journal_is_not_an_error() {
    use std::io::Read as _;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let text = with_padding(&generate::journal(3_000, 5), (4 << 20) / PAD.len() + 1);
    std::fs::write(dir.path().join("j.nudge"), text).unwrap();
    for (args, status) in [
        (&["due", "--all", "--format", "json"][..], 0),
        (
            &[
                "report",
                "--from",
                "2020-01-01",
                "--to",
                "2026-11-29",
                "--format",
                "json",
            ],
            0,
        ),
        (&["check", "--format", "sarif"], 1),
        (&["check", "--format", "human"], 1),
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("nudge"))
            .env_remove("NUDGE_FILE")
            .current_dir(dir.path())
            .args(args)
            .args(["--today", TODAY, "-f", "j.nudge"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 10];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.is_empty(), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(status), "{args:?}");
    }
}

/// `text` with padding lines before it, `size` bytes of them exactly (the last one cut to
/// fit), and the number of padding lines.
fn padded_before(text: &str, size: usize) -> (String, usize) {
    let line = format!("{PAD}\n");
    let mut lines = size / line.len();
    if size - lines * line.len() == 1 {
        lines -= 1;
    }
    let mut out = line.repeat(lines);
    let rest = size - out.len();
    if rest > 0 {
        out.push(';');
        out.push_str(&"x".repeat(rest - 2));
        out.push('\n');
        lines += 1;
    }
    assert_eq!(out.len(), size);
    out.push_str(text);
    (out, lines)
}

/// Between `parse::PARALLEL_FROM` and 4 MiB a file is parsed whole in 256 KiB chunks, each cut
/// at the first line after the mark that starts with a digit: the same concise findings (lines
/// moved by the padding) whichever header of a busy journal the first cut lands on.
#[test]
fn a_chunk_cut_on_any_header_parses_as_in_one_piece() {
    cut_on_every_header(&with_padding(&busy(), 5));
    cut_on_every_header(&with_padding(&busy().replace('\n', "\r\n"), 5));
}

#[track_caller]
fn cut_on_every_header(text: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.nudge"), text).unwrap();
    let (s0, whole, e0) = check(dir.path(), "concise", &[]);
    assert!(s0 == 1 && e0.is_empty(), "{e0}");
    let mut at = 0;
    let mut cuts = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if !line.starts_with(|c: char| c.is_ascii_digit()) || start == 0 {
            continue;
        }
        // The line end before the header is the first at or after the 256 KiB mark.
        let (padded, shift) = padded_before(text, (256 << 10) - start + 1);
        let padded = with_padding(&padded, (300 << 10) / PAD.len());
        assert!(padded.len() > 512 << 10 && padded.len() < 4 << 20);
        std::fs::write(dir.path().join("j.nudge"), &padded).unwrap();
        let (s, out, e) = check(dir.path(), "concise", &[]);
        let moved: String = whole
            .lines()
            .map(|l| {
                let mut parts = l.splitn(3, ':');
                let (file, n, rest) = (parts.next().unwrap(), parts.next().unwrap(), parts.next());
                match (n.parse::<usize>(), rest) {
                    (Ok(n), Some(rest)) => format!("{file}:{}:{rest}\n", n + shift),
                    _ => format!("{l}\n"),
                }
            })
            .collect();
        assert_eq!((s, &e), (s0, &e0), "cut at {start}");
        assert!(
            out == moved,
            "cut at {start} ({:?}):\n{}",
            line.chars().take(40).collect::<String>(),
            first_difference(&moved, &out, ("small", "mapped"))
        );
        cuts += 1;
    }
    assert!(cuts > 30, "{cuts}");
}

/// The include scan reads a mapped file in 8 MiB pieces: an `include` line across a piece's
/// end is still found and read.
#[test]
fn an_include_across_the_scans_8_mib_pieces_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("inc.nudge"),
        "2026-11-02 check-in nowhere-included\n",
    )
    .unwrap();
    for k in [0, 1, 4, 7, 8, 9] {
        // "\ninclude" starts `k + 1` bytes before the 8 MiB mark (across it for k < 7).
        let (mut text, _) = padded_before("", (8 << 20) - k);
        text.pop();
        text.push_str("\ninclude inc.nudge\n");
        let text = with_padding(&text, 1000);
        std::fs::write(dir.path().join("j.nudge"), &text).unwrap();
        let (s, out, e) = check(dir.path(), "concise", &[]);
        assert!(
            s == 1 && out.contains("inc.nudge:1:") && e.is_empty(),
            "{k}: {s} {out} {e}"
        );
    }
}

/// Lines at the 64 KiB limit (65,536 bytes, line end excluded, reads; 65,537 is J001):
/// column-0 comments, bodies and headers, LF and CRLF, the same mapped as read whole.
#[test]
fn lines_at_the_64_kib_limit_read_the_same_mapped() {
    let mut text = String::new();
    for n in [65_536, 65_537] {
        for (k, line) in [
            format!(";{}", "x".repeat(n - 1)),
            format!("    | {}", "x".repeat(n - 6)),
            format!("2026-11-03 note acme {}", "x".repeat(n - 21)),
        ]
        .into_iter()
        .enumerate()
        {
            assert_eq!(line.len(), n);
            text.push_str(&format!(
                "2026-11-0{} interview acme \"Acme\"\n    with: Jane Doe\n{line}\n    expect: 2026-11-2{k}\n    | body after\n",
                k + 1
            ));
        }
    }
    same_when_mapped(&text, &[]);
    same_when_mapped(&text.replace('\n', "\r\n"), &[]);
}
