//! SPEC v2 deviations found by reading the SPEC word by word; each test failed before its fix.

use assert_cmd::Command;

const JOURNAL: &str = "\
2026-11-02 10:00 interview acme \"Acme\"
    with: Jane Doe
    expect: 2026-11-09
2026-11-03 thank-you acme
    to: Jane Doe
    ref: x
2026-11-11 check-in acme
    | Any update on the timeline?
2026-11-17 check-in acme
    value: http://x
    | Any update?
2026-11-24 check-in acme
    | Any update?
";

fn run(args: &[&str]) -> (String, String, i32) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.nudge");
    std::fs::write(&path, JOURNAL).unwrap();
    let out = Command::cargo_bin("nudge")
        .unwrap()
        .arg("-f")
        .arg(&path)
        .args(args)
        .args(["--today", "2026-11-30"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

/// §3.6: "CSV: … windows as two columns `earliest,latest`".
#[test]
fn due_csv_has_the_window_as_two_columns() {
    let (out, err, code) = run(&["due", "--all", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "status,action,opportunity,title,to,earliest,latest,planned,what to send\r\n\
         upcoming,withdraw,acme,Acme,,2026-12-15,2026-12-22,,\"optional: thank them, withdraw graciously, keep the door open\"\r\n"
    );
}

/// §3.6: "`report --format csv` prints one table, chosen by
/// `--section opportunities|activity|counts` (default `opportunities`)".
#[test]
fn report_csv_prints_one_table_chosen_by_section() {
    let (out, err, code) = run(&["report", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "opportunity,title,stage,last contact,next action,earliest,latest\r\n\
         acme,Acme,soft rejection: move on,2026-11-24,withdraw,2026-12-15,2026-12-22\r\n"
    );
    let (out, _, code) = run(&["report", "--format", "csv", "--section", "counts"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("measure,value\r\n"), "{out}");
    assert!(!out.contains("opportunity,"), "{out}");
    let (out, _, code) = run(&[
        "report",
        "--format",
        "csv",
        "--section",
        "activity",
        "--week",
        "2026-11-24",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("date,time,opportunity,kind"), "{out}");
    assert!(out.contains("2026-11-24"), "{out}");
    assert!(!out.contains("measure,value"), "{out}");
}

/// §2.1: "`check` lists findings in file order …, then line, column and code" — also for
/// `--message`, whose entry-wide findings sit at 1:1 of the message file (§3.3).
#[test]
fn message_findings_are_sorted_by_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let msg = dir.path().join("m.txt");
    std::fs::write(
        &msg,
        "To: Jane Doe <jane@acme.example>\nSubject: hi\n\nHi Jane, thanks!! ASAP\n",
    )
    .unwrap();
    let (out, err, code) = run(&[
        "check",
        "--message",
        msg.to_str().unwrap(),
        "--as",
        "thank-you",
        "acme",
        "--format",
        "concise",
    ]);
    assert_eq!(code, 1, "{err}");
    let places: Vec<(u32, u32)> = out
        .lines()
        .map(|l| {
            let mut it = l.split(':').skip(1);
            let line = it.next().unwrap().parse().unwrap();
            let col = it.next().unwrap().parse().unwrap();
            (line, col)
        })
        .collect();
    assert!(places.len() >= 3, "{out}");
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(places, sorted, "{out}");
}

/// §3.1: the JSON documents are versioned, `version` first; `rules --format json` too.
#[test]
fn rules_json_starts_with_the_version() {
    let out = Command::cargo_bin("nudge")
        .unwrap()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "{\"version\":1,\"rules\":[{\"code\":\"J001\",\"name\":\"syntax-error\",\"family\":"
        ),
        "{}",
        &text[..200.min(text.len())]
    );
}
