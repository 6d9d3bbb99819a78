//! The send loop (SPEC v2 §1.2, §2.1, §3.2, §3.3): `check --planned`, `check --message`,
//! `nudge sent`, `check --add-allow`, what planned entries cover in `due`, and drafts that a
//! mail client opens.

mod common;

use common::nudge;
use mail_parser::MimeHeaders;
use serde_json::Value;
use std::path::Path;

const TODAY: &str = "2026-11-30";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

/// Run nudge; (exit status, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    run_with(args, None)
}

fn run_with(args: &[&str], stdin: Option<Vec<u8>>) -> (i32, String, String) {
    let mut c = nudge();
    c.args(args);
    if let Some(input) = stdin {
        c.write_stdin(input);
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `check --format json` findings as (line, column, code), with the exit status.
fn findings(args: &[&str]) -> (i32, Vec<(u64, u64, String)>) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = run(&all);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    let list = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (code, list)
}

fn codes(list: &[(u64, u64, String)]) -> Vec<&str> {
    list.iter().map(|(_, _, c)| c.as_str()).collect()
}

const ACME: &str = "\
2026-11-02 10:00 interview acme \"Acme — SRE\"
    with: Jane Doe <jane@acme.example>
    with: Bob Lee
    expect: 2026-11-09
2026-11-02 18:00 thank-you acme
    to: Jane Doe
    ref: the NATS migration
2026-11-02 18:10 thank-you acme
    to: Bob Lee
    ref: the on-call redesign
";

// ── check --planned ────────────────────────────────────────────────────────────────────

#[test]
fn planned_verdict_fails_on_a_warning_in_a_planned_message_and_ignores_history() {
    let dir = tempfile::tempdir().unwrap();
    // History with findings (a late, generic thank-you), a stale planned entry, and one
    // planned message for today with a demanding phrase (a warning).
    let j = write(
        dir.path(),
        "j.nudge",
        &format!(
            "{ACME}2026-11-05 thank-you acme\n    to: Bob Lee\n\
             2026-11-20 ! note acme forgot this\n\
             2026-11-30 ! check-in acme\n    | Any update on the timeline? I need to know.\n"
        ),
    );
    let (code, all) = findings(&["check", &j, "--today", TODAY]);
    assert!(codes(&all).contains(&"T001") && codes(&all).contains(&"P001"));
    assert_eq!(code, 1);
    let (code, planned) = findings(&["check", &j, "--today", TODAY, "--planned"]);
    assert_eq!(codes(&planned), vec!["M002"], "{planned:?}");
    assert_eq!(
        code, 1,
        "a warning in a planned message means: don't send yet"
    );
    let (_, out, _) = run(&["check", &j, "--today", TODAY, "--planned"]);
    assert!(out.contains("don't send yet: 1 finding"), "{out}");
}

#[test]
fn planned_verdict_includes_journal_errors_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(
        dir.path(),
        "j.nudge",
        &format!("{ACME}2026-11-30 ! chek-in acme\n"),
    );
    let (code, list) = findings(&["check", &j, "--today", TODAY, "--planned"]);
    assert_eq!(codes(&list), vec!["J001"]);
    assert_eq!(code, 1);
}

#[test]
fn planned_verdict_with_nothing_planned_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", ACME);
    let (code, out, _) = run(&["check", &j, "--today", TODAY, "--planned"]);
    assert_eq!(code, 0);
    assert!(out.contains("no planned message to judge"), "{out}");
    let ready = write(
        dir.path(),
        "k.nudge",
        &format!(
            "{ACME}2026-12-01 ! check-in acme\n    | Hi Jane, is there any update on the timeline?\n"
        ),
    );
    let (code, out, _) = run(&["check", &ready, "--today", TODAY, "--planned"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ready to send"), "{out}");
}

// ── check --message ────────────────────────────────────────────────────────────────────

#[test]
fn message_findings_point_into_the_message_file_headers_counted() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", ACME);
    let before = std::fs::read(&j).unwrap();
    let m = write(
        dir.path(),
        "draft.eml",
        "To: Jane Doe <jane@acme.example>\nSubject: Following up\n\nHi Jane,\n\nI really need this job. Please reply ASAP.\n[Your name]\n",
    );
    let (code, list) = findings(&[
        "check",
        "-f",
        &j,
        "--today",
        TODAY,
        "--message",
        &m,
        "--as",
        "check-in",
        "acme",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        list,
        vec![
            (4, 1, "M004".to_string()),
            (6, 1, "M003".to_string()),
            (6, 38, "M002".to_string()),
            (7, 1, "M008".to_string()),
        ]
    );
    assert_eq!(
        std::fs::read(&j).unwrap(),
        before,
        "the journal is untouched"
    );
}

#[test]
fn message_entry_wide_findings_sit_at_line_one_and_to_names_become_recipients() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", ACME);
    let m = write(
        dir.path(),
        "ty.txt",
        "TO: Someone Else <x@example.org>\n\nThank you for the talk about NATS.\n",
    );
    // A thank-you to someone who did not interview, with no ref:, late: all entry-wide.
    let (code, list) = findings(&[
        "check",
        "-f",
        &j,
        "--today",
        TODAY,
        "--message",
        &m,
        "--as",
        "thank-you",
        "acme",
    ]);
    assert_eq!(code, 1);
    assert!(list.iter().all(|(l, c, _)| (*l, *c) == (1, 1)), "{list:?}");
    let mut got = codes(&list);
    got.sort();
    assert_eq!(got, vec!["T001", "T003", "T005"]);
    // --to and --ref supply what is missing; the header's name matches an interviewer.
    let m2 = write(
        dir.path(),
        "ty2.txt",
        "To: Jane Doe <jane@acme.example>\n\nThank you for the talk about NATS.\n",
    );
    let (_, list) = findings(&[
        "check",
        "-f",
        &j,
        "--today",
        "2026-11-02",
        "--message",
        &m2,
        "--as",
        "thank-you",
        "acme",
        "--ref",
        "the NATS migration",
    ]);
    assert!(list.is_empty(), "{list:?}");
}

#[test]
fn message_from_stdin_is_never_stale_whatever_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", ACME);
    let (code, out, err) = run_with(
        &[
            "check",
            "-f",
            &j,
            "--today",
            TODAY,
            "--message",
            "-",
            "--as",
            "check-in",
            "acme",
            "--date",
            "2026-11-12",
            "--format",
            "json",
        ],
        Some(b"Hi Jane, any update on the timeline?\n".to_vec()),
    );
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}{out}{err}"));
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, Vec::<&str>::new(), "no P001 for a message: {out}");
    assert_eq!(code, 0);
    assert!(out.contains("<stdin>") || v["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn bad_messages_get_a_clear_error_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", ACME);
    let before = std::fs::read(&j).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "is empty"),
        ("binary", b"Hi\0\x01\x02".to_vec(), "binary"),
        ("big", vec![b'a'; 10 << 20], "over 1 MiB"),
        (
            "headers",
            b"To: Jane Doe\nSubject: hi\nno blank line here".to_vec(),
            "blank line",
        ),
        ("latin1", b"Hi Jos\xe9,\n".to_vec(), "not valid UTF-8"),
    ];
    for (name, bytes, says) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, &bytes).unwrap();
        let p = p.to_str().unwrap();
        let (code, _, err) = run(&[
            "check",
            "-f",
            &j,
            "--today",
            TODAY,
            "--message",
            p,
            "--as",
            "check-in",
            "acme",
        ]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        // The same through stdin.
        let (code, _, err) = run_with(
            &[
                "check",
                "-f",
                &j,
                "--today",
                TODAY,
                "--message",
                "-",
                "--as",
                "check-in",
                "acme",
            ],
            Some(bytes),
        );
        assert_eq!(code, 2, "{name} on stdin: {err}");
    }
    let (code, _, err) = run(&[
        "check",
        "-f",
        &j,
        "--message",
        "/no/such/file",
        "--as",
        "check-in",
        "acme",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let (code, _, err) = run(&[
        "check",
        "-f",
        &j,
        "--message",
        &j,
        "--as",
        "chek-in",
        "acme",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `check-in`"), "{err}");
    assert_eq!(std::fs::read(&j).unwrap(), before);
}

// ── nudge sent ─────────────────────────────────────────────────────────────────────────

#[test]
fn sent_records_the_earliest_planned_entry_and_reminds_of_its_findings() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(
        dir.path(),
        "j.nudge",
        &format!(
            "{ACME}2026-12-02 09:15 ! check-in acme  ; second plan\n    | Any update?\n\
             2026-11-30 09:00 ! check-in acme  ; first plan\n    | Any update?\n"
        ),
    );
    let (code, out, _) = run(&["sent", "acme", "-f", &j, "--today", TODAY]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("went out on 2026-11-30"), "{out}");
    let text = std::fs::read_to_string(&j).unwrap();
    assert!(
        text.contains("\n2026-11-30 09:00 check-in acme  ; first plan\n"),
        "{text}"
    );
    assert!(text.contains("\n2026-12-02 09:15 ! check-in acme  ; second plan\n"));
    // Sent on another day: the date changes and the time goes.
    let (code, _, _) = run(&[
        "sent",
        "acme",
        "-f",
        &j,
        "--today",
        TODAY,
        "--date",
        "2026-12-01",
    ]);
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(&j).unwrap();
    assert!(
        text.contains("\n2026-12-01 check-in acme  ; second plan\n"),
        "{text}"
    );
}

#[test]
fn sent_without_a_planned_entry_exits_2_and_leaves_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", ACME);
    let before = std::fs::read(&j).unwrap();
    let (code, _, err) = run(&["sent", "acme", "-f", &j, "--today", TODAY]);
    assert_eq!(code, 2);
    assert!(err.contains("no planned"), "{err}");
    assert_eq!(std::fs::read(&j).unwrap(), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

// ── suppressions and --add-allow ───────────────────────────────────────────────────────

#[test]
fn add_allow_acknowledges_sent_entries_once_and_never_planned_ones() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(
        dir.path(),
        "j.nudge",
        "2026-11-02 10:00 interview acme \"Acme\"\n    with: Jane Doe\n\
         2026-11-04 thank-you acme\n    to: Jane Doe\n\
         2026-11-30 ! check-in acme\n    | I need to know ASAP.\n\
         2026-11-05 chek-in acme\n",
    );
    let (code, _, err) = run(&["check", &j, "--today", TODAY, "--add-allow"]);
    assert_eq!(code, 1, "still fails: J001 and the planned check-in: {err}");
    let text = std::fs::read_to_string(&j).unwrap();
    assert_eq!(
        text,
        "2026-11-02 10:00 interview acme \"Acme\"\n    with: Jane Doe\n    ; nudge: allow X001 -- acknowledged 2026-11-30\n\
         2026-11-04 thank-you acme\n    to: Jane Doe\n    ; nudge: allow T001, T003 -- acknowledged 2026-11-30\n\
         2026-11-30 ! check-in acme\n    | I need to know ASAP.\n\
         2026-11-05 chek-in acme\n"
    );
    let (_, list) = findings(&["check", &j, "--today", TODAY]);
    let mut left = codes(&list);
    left.sort();
    assert_eq!(left, vec!["J001", "M002", "M002", "M004"], "{list:?}");
    // A second run adds nothing.
    run(&["check", &j, "--today", TODAY, "--add-allow"]);
    assert_eq!(std::fs::read_to_string(&j).unwrap(), text);
}

#[test]
fn add_allow_writes_into_the_included_file_that_holds_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "acme.nudge",
        "2026-11-02 interview acme \"Acme\"\r\n    expect: 2026-11-09\r\n2026-11-05 thank-you acme\r\n    ref: NATS",
    );
    let main = write(dir.path(), "main.nudge", "include acme.nudge\n");
    let (code, _, _) = run(&["check", &main, "--today", TODAY, "--add-allow"]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("acme.nudge")).unwrap(),
        "2026-11-02 interview acme \"Acme\"\r\n    expect: 2026-11-09\r\n2026-11-05 thank-you acme\r\n    ref: NATS\r\n    ; nudge: allow T001 -- acknowledged 2026-11-30\r\n"
    );
    assert_eq!(
        std::fs::read_to_string(&main).unwrap(),
        "include acme.nudge\n"
    );
}

#[test]
fn explain_pages_and_help_on_sent_entries_say_how_to_acknowledge() {
    for code in ["T001", "M008", "P001", "J008", "c004", "several-people"] {
        let (status, out, _) = run(&["explain", code]);
        assert_eq!(status, 0, "{code}");
        assert!(out.contains("; nudge: allow"), "{code}: {out}");
    }
    let (_, out, _) = run(&["explain", "J001"]);
    assert!(out.contains("cannot be acknowledged"), "{out}");
    let dir = tempfile::tempdir().unwrap();
    let j = write(
        dir.path(),
        "j.nudge",
        &format!("{ACME}2026-11-03 thank-you acme\n    to: Jane Doe\n2026-12-01 ! thank-you acme\n    to: Bob Lee\n"),
    );
    let (_, out, _) = run(&["check", &j, "--today", TODAY, "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    for d in v["diagnostics"].as_array().unwrap() {
        let help = d["help"].as_str().unwrap_or("");
        let sent = d["line"].as_u64().unwrap() < 13;
        assert_eq!(
            help.contains("; nudge: allow"),
            sent,
            "line {}: {help}",
            d["line"]
        );
    }
}

#[test]
fn allow_flag_takes_names_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(
        dir.path(),
        "j.nudge",
        "2026-11-02 interview acme \"Acme\"\n    expect: 2026-11-09\n",
    );
    let (code, list) = findings(&[
        "check",
        &j,
        "--today",
        TODAY,
        "--allow",
        "Missing-Thank-You",
    ]);
    assert!(list.is_empty(), "{list:?}");
    assert_eq!(code, 0);
}

// ── due: what planned entries cover ────────────────────────────────────────────────────

fn due(journal: &str, today: &str, extra: &[&str]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", journal);
    let mut args = vec!["due", "-f", &j, "--today", today, "--format", "json"];
    args.extend(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    v["actions"].as_array().unwrap().clone()
}

fn row(a: &Value) -> (String, String, String, Value) {
    (
        a["action"].as_str().unwrap().to_string(),
        a["recipient"].as_str().unwrap_or("").to_string(),
        a["status"].as_str().unwrap().to_string(),
        a["planned"].clone(),
    )
}

#[test]
fn a_stale_planned_thank_you_stays_overdue_until_the_deadline() {
    let j =
        "2026-11-23 10:00 interview acme \"Acme\"\n    with: Jane Doe\n    expect: 2026-12-04\n\
             2026-11-23 ! thank-you acme\n    to: Jane Doe\n    ref: NATS\n";
    let rows: Vec<_> = due(j, TODAY, &[]).iter().map(row).collect();
    assert_eq!(
        rows[0],
        (
            "thank-you".into(),
            "Jane Doe".into(),
            "overdue".into(),
            Value::from("2026-11-23")
        )
    );
    // Without the plan, the missed thank-you is overdue too, until D (2026-12-04) has passed.
    let bare =
        "2026-11-23 10:00 interview acme \"Acme\"\n    with: Jane Doe\n    expect: 2026-12-04\n";
    let rows: Vec<_> = due(bare, "2026-12-04", &[]).iter().map(row).collect();
    assert_eq!(rows[0].0, "thank-you");
    assert_eq!(rows[0].2, "overdue");
    let rows: Vec<_> = due(bare, "2026-12-05", &[]).iter().map(row).collect();
    assert!(rows.iter().all(|r| r.0 != "thank-you"), "{rows:?}");
}

#[test]
fn planned_shows_past_the_horizon_and_premature_plans_cover_nothing() {
    let base = "2026-11-23 10:00 interview acme \"Acme\"\n    expect: 2026-11-25\n\
                2026-11-23 thank-you acme\n    ref: NATS\n";
    // A plan 20 days out is shown whatever --within says.
    let far = format!("{base}2026-12-20 ! check-in acme\n");
    let rows: Vec<_> = due(&far, TODAY, &["--within", "3"])
        .iter()
        .map(row)
        .collect();
    assert_eq!(
        rows,
        vec![(
            "check-in-1".into(),
            String::new(),
            "planned".into(),
            Value::from("2026-12-20")
        )]
    );
    // Dated on or before D, it would be premature: it covers nothing.
    let early = format!("{base}2026-11-25 ! check-in acme\n");
    let rows: Vec<_> = due(&early, TODAY, &[]).iter().map(row).collect();
    assert_eq!(rows[0].3, Value::Null, "{rows:?}");
    assert_eq!(rows[0].2, "due");
    // Several plans: the earliest dated today or later.
    let two = format!("{base}2026-12-03 ! check-in acme\n2026-12-01 ! check-in acme\n2026-11-27 ! check-in acme\n");
    let rows: Vec<_> = due(&two, TODAY, &[]).iter().map(row).collect();
    assert_eq!(rows[0].3, Value::from("2026-12-01"));
    assert_eq!(rows[0].2, "planned");
    // Only stale ones: the latest stale one, and the window's own status.
    let stale = format!("{base}2026-11-26 ! check-in acme\n2026-11-27 ! check-in acme\n");
    let rows: Vec<_> = due(&stale, TODAY, &[]).iter().map(row).collect();
    assert_eq!(rows[0].3, Value::from("2026-11-27"));
    assert_eq!(rows[0].2, "due");
}

#[test]
fn a_planned_outcome_covers_the_withdrawal_and_max_check_ins_zero_has_no_follow_ups() {
    let j = "2026-09-01 interview acme \"Acme\"\n    expect: 2026-09-04\n\
             2026-09-01 thank-you acme\n    ref: NATS\n\
             2026-09-09 check-in acme\n    | Any update?\n\
             2026-09-16 check-in acme\n    value: x\n    | x. Any update?\n\
             2026-09-24 check-in acme\n    | Still interested. Any update?\n\
             2026-12-01 ! outcome acme rejected\n";
    let rows: Vec<_> = due(j, TODAY, &[]).iter().map(row).collect();
    assert_eq!(
        rows,
        vec![(
            "withdraw".into(),
            String::new(),
            "planned".into(),
            Value::from("2026-12-01")
        )]
    );
    let zero =
        "policy max-check-ins 0\n2026-11-23 interview acme \"Acme\"\n    expect: 2026-11-25\n\
                2026-11-23 thank-you acme\n    ref: NATS\n";
    assert!(due(zero, TODAY, &["--all"]).is_empty());
}

// ── drafts ─────────────────────────────────────────────────────────────────────────────

#[test]
fn draft_eml_parses_back_as_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(
        dir.path(),
        "j.nudge",
        "2026-11-30 10:00 interview acme \"Acme — Señor SRE\"\n    with: José Núñez <jose@acme.example>\n    expect: 2026-12-04\n",
    );
    let (code, out, err) = run(&[
        "draft", "acme", "-f", &j, "--today", TODAY, "--format", "eml",
    ]);
    assert_eq!(code, 0, "{err}");
    let msg = mail_parser::MessageParser::default()
        .parse(out.as_bytes())
        .expect("an RFC 5322 message");
    let to = msg.to().and_then(|a| a.first()).unwrap();
    assert_eq!(to.name(), Some("José Núñez"));
    assert_eq!(to.address(), Some("jose@acme.example"));
    assert_eq!(msg.subject(), Some("Thank you: Acme — Señor SRE"));
    assert!(msg.date().is_some());
    assert_eq!(
        msg.content_type().map(|c| (c.ctype(), c.subtype())),
        Some(("text", Some("plain")))
    );
    let body = msg.body_text(0).unwrap();
    assert!(body.starts_with("Hi José,"), "{body}");
    assert!(body.contains("[Your name]"));
}

#[test]
fn journal_titles_never_leak_flagged_phrases_into_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(
        dir.path(),
        "j.nudge",
        "2026-11-02 interview acme \"URGENT: SRE hire ASAP!! I really need this job\"\n    with: JANE DOE\n    expect: 2026-11-09\n\
         2026-11-02 thank-you acme\n    to: JANE DOE\n    ref: NATS\n",
    );
    let (code, _, err) = run(&["draft", "acme", "-f", &j, "--today", TODAY, "--append"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&j).unwrap();
    // Check-in #1's window (2026-11-11 .. 11-12) has passed: the draft is dated today, and
    // greets (and is addressed to) the interviewer.
    assert!(text.contains("\n2026-11-30 ! check-in acme"), "{text}");
    assert!(
        text.contains("\n    to: JANE DOE\n    via: email"),
        "{text}"
    );
    let (_, list) = findings(&["check", &j, "--today", TODAY, "--planned"]);
    assert!(
        codes(&list).iter().all(|c| *c == "M008"),
        "only the slots: {list:?}"
    );
}

#[test]
fn message_with_bom_crlf_and_a_quoted_to_name() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", ACME);
    let m = dir.path().join("m.eml");
    std::fs::write(
        &m,
        "\u{feff}subject: x\r\nTo: \"Lee, Bob\" <bob@acme.example>\r\n\r\nHi Bob,\r\nPlease reply ASAP. Any update?\r\n",
    )
    .unwrap();
    let (_, list) = findings(&[
        "check",
        "-f",
        &j,
        "--today",
        "2026-11-12",
        "--message",
        m.to_str().unwrap(),
        "--as",
        "check-in",
        "acme",
    ]);
    // No J008 for the quoted name (its address is used instead); lines count from the BOM's
    // line, CRLF or not.
    assert_eq!(list, vec![(5, 14, "M002".to_string())]);
}

#[test]
fn due_sorts_by_window_end_then_opportunity_action_and_recipient() {
    let j = "2026-11-30 10:00 interview zeta \"Zeta\"\n    with: Zoe Ng\n    with: Bob Lee\n    expect: 2026-12-10\n\
             2026-11-30 interview alpha \"Alpha\"\n    with: Ann Roe\n    expect: 2026-12-10\n";
    let rows: Vec<(String, String)> = due(j, TODAY, &[])
        .iter()
        .map(|a| {
            (
                a["opportunity"].as_str().unwrap().to_string(),
                a["recipient"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    // All three thank-yous end on 2026-12-01 (24h after 10:00; the whole next day without a
    // time): then by opportunity, then recipient.
    assert_eq!(
        &rows[..3],
        &[
            ("alpha".to_string(), "Ann Roe".to_string()),
            ("zeta".to_string(), "Bob Lee".to_string()),
            ("zeta".to_string(), "Zoe Ng".to_string()),
        ]
    );
}

#[test]
fn sent_writes_the_included_file_that_holds_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let inc = write(
        dir.path(),
        "acme.nudge",
        &format!("{ACME}2026-11-30 ! check-in acme\n    | Any update on the timeline?\n"),
    );
    let main = write(dir.path(), "main.nudge", "; mine\ninclude acme.nudge\n");
    let (code, out, err) = run(&["sent", "acme", "-f", &main, "--today", TODAY]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("acme.nudge:11"), "{out}");
    assert!(std::fs::read_to_string(&inc)
        .unwrap()
        .ends_with("\n2026-11-30 check-in acme\n    | Any update on the timeline?\n"));
    assert_eq!(
        std::fs::read_to_string(&main).unwrap(),
        "; mine\ninclude acme.nudge\n"
    );
}

#[test]
fn several_eml_drafts_come_as_an_mbox_of_messages() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(
        dir.path(),
        "j.nudge",
        "2026-11-30 interview acme \"Acme\"\n    with: Jane Doe <jane@acme.example>\n    with: Bob Lee\n    expect: 2026-12-04\n",
    );
    let (code, out, err) = run(&[
        "draft", "acme", "-f", &j, "--today", TODAY, "--format", "eml",
    ]);
    assert_eq!(code, 0, "{err}");
    let messages: Vec<&str> = out.split("From nudge ").filter(|m| !m.is_empty()).collect();
    assert_eq!(messages.len(), 2, "{out}");
    let mut to = Vec::new();
    for m in messages {
        let body = m.split_once('\n').unwrap().1;
        let msg = mail_parser::MessageParser::default()
            .parse(body.as_bytes())
            .unwrap();
        let t = msg.to().unwrap();
        // Bob has no address: an empty group named after him, for the mail client to fill.
        let name = t
            .first()
            .and_then(|a| a.name())
            .or_else(|| t.as_group().and_then(|g| g[0].name.as_deref()))
            .unwrap()
            .to_string();
        to.push(name);
    }
    to.sort();
    assert_eq!(to, vec!["Bob Lee", "Jane Doe"]);
}
