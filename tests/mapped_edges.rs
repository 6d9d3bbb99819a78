//! A journal read whole (small) and the same journal padded past `parse::MAP_FROM` with
//! comment lines at its end (mapped, streamed, its pages given back while the findings are
//! written) must print the same in every format: padding at the end moves no line.

mod common;

use std::path::Path;

const TODAY: &str = "2026-11-28";

/// One comment line of padding.
const PAD: &str =
    "; padding padding padding padding padding padding padding padding padding padding";

const FORMATS: [&str; 5] = ["human", "concise", "github", "sarif", "json"];

/// Run `check` in `dir` on `j.nudge` in `format`: (status, stdout, stderr).
fn check(dir: &Path, format: &str, extra: &[&str]) -> (i32, String, String) {
    let out = common::nudge()
        .current_dir(dir)
        .args(["check", "-f", "j.nudge", "--today", TODAY, "--format", format])
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

/// The first differing lines of two outputs, with a little context.
fn first_difference(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let from = at.saturating_sub(3);
    format!(
        "small:\n{}\nmapped:\n{}",
        a[from..(at + 4).min(a.len())].join("\n"),
        b[from..(at + 4).min(b.len())].join("\n")
    )
}

/// Every format prints the same for `text` small and padded past 4 MiB (a few padding lines
/// in both, so that the human report's context after the last finding is the same).
#[track_caller]
fn same_when_mapped(text: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let (small, big) = (dir.path().join("small"), dir.path().join("big"));
    let lines = (4usize << 20) / PAD.len() + 1;
    for (d, n) in [(&small, 5), (&big, lines)] {
        std::fs::create_dir(d).unwrap();
        std::fs::write(d.join("j.nudge"), with_padding(text, n)).unwrap();
    }
    assert!(std::fs::metadata(big.join("j.nudge")).unwrap().len() >= nudge::parse::MAP_FROM);
    for format in FORMATS {
        let (s1, o1, e1) = check(&small, format, extra);
        let (s2, o2, e2) = check(&big, format, extra);
        assert!(s1 <= 1 && o1.len() > 100, "{format}: {s1} {e1}");
        assert_eq!((s1, &e1), (s2, &e2), "{format}");
        assert!(o1 == o2, "{format} differs:\n{}", first_difference(&o1, &o2));
    }
}

/// Findings everywhere: the example mistakes, long bodies (multi-line spans), control
/// characters, a failed header, non-ASCII text, a last line without a line end.
fn busy() -> String {
    let mut text = std::fs::read_to_string("examples/mistakes.nudge").unwrap();
    for fixture in ["M001-long-message", "J009-control-character", "T002-missing-thank-you"] {
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
fn every_format_prints_the_same_for_a_mapped_journal_with_crlf_and_a_bom() {
    same_when_mapped(&format!("\u{feff}{}", busy().replace('\n', "\r\n")), &[]);
}
