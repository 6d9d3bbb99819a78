//! `nudge due`, `nudge report` and `nudge draft` on a journal with opportunities at every
//! stage, with pinned output in every format (insta snapshots in `tests/snapshots/`; review a
//! change with `cargo insta review`).

mod common;

use serde_json::Value;

const STAGES: &str = "tests/fixtures/reports/stages.nudge";
const TODAY: &str = "2026-11-28";

fn nudge() -> assert_cmd::Command {
    let mut c = common::nudge();
    c.env("COLUMNS", "110");
    c
}

fn stdout(args: &[&str]) -> String {
    let out = nudge().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn due_in_every_format_is_pinned() {
    for format in ["table", "markdown", "csv", "json", "ics"] {
        let got = stdout(&["due", "-f", STAGES, "--today", TODAY, "--format", format]);
        insta::assert_snapshot!(format!("due.{format}"), got);
        let eol = if matches!(format, "csv" | "ics") {
            "CRLF"
        } else {
            "LF"
        };
        assert_eq!(common::line_ends(&got), (eol, 1), "{format}");
    }
    let all = stdout(&[
        "due", "-f", STAGES, "--today", TODAY, "--all", "--format", "json",
    ]);
    insta::assert_snapshot!("due-all.json", all);
    assert_eq!(common::line_ends(&all), ("LF", 1));
}

#[test]
fn due_statuses_follow_the_windows() {
    let v: Value = serde_json::from_str(&stdout(&[
        "due", "-f", STAGES, "--today", TODAY, "--format", "json",
    ]))
    .unwrap();
    let rows: Vec<(String, String, String)> = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["opportunity"].as_str().unwrap().to_string(),
                a["action"].as_str().unwrap().to_string(),
                a["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("ci2", "check-in-2", "overdue"),
        ("ty-open", "thank-you", "due"),
        ("wd", "withdraw", "due"),
        ("ci3", "check-in-3", "due"),
        ("pl", "check-in-1", "planned"),
        ("ci1", "check-in-1", "upcoming"),
        ("ty-open", "check-in-1", "upcoming"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(rows, want);
    // The one beyond the horizon appears with --all, and a shorter horizon hides more.
    let all: Value = serde_json::from_str(&stdout(&[
        "due", "-f", STAGES, "--today", TODAY, "--all", "--format", "json",
    ]))
    .unwrap();
    let far = all["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["opportunity"] == "far")
        .unwrap();
    assert_eq!(
        (far["earliest"].as_str(), far["latest"].as_str()),
        (Some("2027-01-04"), Some("2027-01-05"))
    );
    let week: Value = serde_json::from_str(&stdout(&[
        "due", "-f", STAGES, "--today", TODAY, "--within", "7", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(week["actions"].as_array().unwrap().len(), 6);
}

#[test]
fn report_in_every_format_is_pinned() {
    for format in ["table", "markdown", "csv", "json"] {
        let got = stdout(&[
            "report",
            "-f",
            STAGES,
            "--today",
            TODAY,
            "--week",
            "2026-11-23",
            "--format",
            format,
        ]);
        insta::assert_snapshot!(format!("report.{format}"), got);
        let eol = if format == "csv" { "CRLF" } else { "LF" };
        assert_eq!(common::line_ends(&got), (eol, 1), "{format}");
    }
}

fn period(args: &[&str]) -> (String, String) {
    let mut all = vec!["report", "-f", STAGES, "--today", TODAY, "--format", "json"];
    all.extend_from_slice(args);
    let v: Value = serde_json::from_str(&stdout(&all)).unwrap();
    (
        v["from"].as_str().unwrap().to_string(),
        v["to"].as_str().unwrap().to_string(),
    )
}

#[test]
fn report_weeks_run_monday_to_sunday_across_a_year_end() {
    let p = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(period(&[]), p("2026-11-23", "2026-11-29"));
    assert_eq!(
        period(&["--week", "2026-11-29"]),
        p("2026-11-23", "2026-11-29")
    );
    assert_eq!(
        period(&["--week", "2026-11-30"]),
        p("2026-11-30", "2026-12-06")
    );
    assert_eq!(
        period(&["--week", "2027-01-01"]),
        p("2026-12-28", "2027-01-03")
    );
    assert_eq!(
        period(&["--from", "2026-11-01", "--to", "2026-11-30"]),
        p("2026-11-01", "2026-11-30")
    );
    nudge()
        .args([
            "report",
            "-f",
            STAGES,
            "--from",
            "2026-11-30",
            "--to",
            "2026-11-01",
        ])
        .assert()
        .code(2);
}

#[test]
fn report_stages_and_counts() {
    let v: Value = serde_json::from_str(&stdout(&[
        "report", "-f", STAGES, "--today", TODAY, "--format", "json",
    ]))
    .unwrap();
    let stage = |slug: &str| {
        v["opportunities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["opportunity"] == slug)
            .map(|o| o["stage"].as_str().unwrap().to_string())
    };
    assert_eq!(stage("wd").as_deref(), Some("soft rejection: move on"));
    assert_eq!(stage("ci3").as_deref(), Some("following up 2/3"));
    assert_eq!(
        stage("far").as_deref(),
        Some("waiting for the decision date 2026-12-31")
    );
    assert_eq!(
        stage("ci1").as_deref(),
        Some("decision date 2026-11-25 passed: check in")
    );
    assert_eq!(stage("closed"), None, "closed before the week: left out");
    assert_eq!(stage("applied").as_deref(), Some("applied"));
    let c = &v["counts"];
    assert_eq!(
        (
            c["interviews"].as_u64(),
            c["thank_yous"].as_u64(),
            c["applications"].as_u64()
        ),
        (Some(2), Some(2), Some(1))
    );
}

#[test]
fn empty_journal_reports_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.nudge");
    std::fs::write(&p, "").unwrap();
    let f = p.to_str().unwrap();
    assert_eq!(
        stdout(&["due", "-f", f, "--today", TODAY]),
        "Nothing is due within 14 days of 2026-11-28. Enjoy the quiet.\n"
    );
    let v: Value = serde_json::from_str(&stdout(&[
        "due", "-f", f, "--today", TODAY, "--format", "json",
    ]))
    .unwrap();
    assert_eq!(
        v,
        serde_json::json!({"version": 1, "today": "2026-11-28", "actions": []})
    );
    let table = stdout(&["report", "-f", f, "--today", TODAY]);
    assert!(table.contains("Opportunities\n  none\n"), "{table}");
}

#[test]
fn drafts_for_every_action_pass_nudges_own_message_rules() {
    let kinds = [
        ("ty-open", "thank-you"),
        ("ci1", "check-in-1"),
        ("ci2", "check-in-2"),
        ("ci3", "check-in-3"),
        ("wd", "withdraw"),
    ];
    for (slug, action) in kinds {
        let dir = tempfile::tempdir().unwrap();
        let j = dir.path().join("j.nudge");
        std::fs::copy(STAGES, &j).unwrap();
        let j = j.to_str().unwrap();
        let out = stdout(&["draft", slug, "-f", j, "--today", TODAY]);
        assert!(out.contains(&format!("── {action}")), "{slug}: {out}");
        assert!(out.contains("Subject: "));
        insta::assert_snapshot!(format!("draft-{slug}.txt"), out);
        assert_eq!(common::line_ends(&out), ("LF", 2), "{slug}");
        // Appended as planned entries, the drafts check clean: no message rule fires on them.
        nudge()
            .args(["draft", slug, "-f", j, "--today", TODAY, "--append"])
            .assert()
            .success();
        // SPEC v2 §3.3: the draft's `[…]` slots are M008 by design until filled; nothing else.
        let checked = nudge()
            .args(["check", "-f", j, "--today", TODAY, "--format", "json"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&checked.stdout).unwrap();
        let codes: Vec<&str> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert!(
            !codes.is_empty() && codes.iter().all(|c| *c == "M008"),
            "{slug}: the appended draft has more than its slots: {codes:?}"
        );
        let words = out
            .split("Subject:")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .count();
        assert!(words < 150, "{slug}: {words} words");
    }
}

#[test]
fn draft_append_keeps_every_other_byte_including_crlf_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(STAGES)
        .unwrap()
        .replace('\n', "\r\n");
    let original = original.trim_end_matches("\r\n").to_string(); // no final line end
    let j = dir.path().join("j.nudge");
    std::fs::write(&j, &original).unwrap();
    let j = j.to_str().unwrap();
    nudge()
        .args(["draft", "ci1", "-f", j, "--today", TODAY, "--append"])
        .assert()
        .success();
    let after = std::fs::read_to_string(j).unwrap();
    assert!(after.starts_with(&original));
    let added = &after[original.len()..];
    assert!(
        added.starts_with("\r\n\r\n2026-11-30 ! check-in ci1"),
        "{added:?}"
    );
    assert!(!added.replace("\r\n", "").contains('\n'), "mixed line ends");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "temporary file left behind"
    );
}

#[test]
fn draft_append_into_an_include_keeps_the_includer_untouched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(STAGES, dir.path().join("stages.nudge")).unwrap();
    let main = dir.path().join("main.nudge");
    std::fs::write(&main, "; my journal\ninclude stages.nudge\n").unwrap();
    let m = main.to_str().unwrap();
    nudge()
        .args(["draft", "ci1", "-f", m, "--today", TODAY, "--append"])
        .assert()
        .success();
    let after = std::fs::read_to_string(&main).unwrap();
    assert!(after.starts_with("; my journal\ninclude stages.nudge\n\n2026-11-30 ! check-in ci1"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("stages.nudge")).unwrap(),
        std::fs::read_to_string(STAGES).unwrap()
    );
    // Only the draft's slots (M008, by design until filled) fail the check.
    let out = nudge()
        .args(["check", "-f", m, "--today", TODAY, "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["code"] == "M008"));
}

#[test]
fn draft_of_an_unknown_or_finished_opportunity() {
    nudge()
        .args(["draft", "ci", "-f", STAGES, "--today", TODAY])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean"));
    nudge()
        .args(["draft", "closed", "-f", STAGES, "--today", TODAY])
        .assert()
        .success()
        .stderr(predicates::str::contains("it is closed"));
}

#[test]
fn drafts_shrink_to_a_tight_max_words() {
    let dir = tempfile::tempdir().unwrap();
    let j = dir.path().join("j.nudge");
    let text = std::fs::read_to_string(STAGES).unwrap();
    std::fs::write(&j, format!("policy max-words 50\n{text}")).unwrap();
    let j = j.to_str().unwrap();
    let long = stdout(&["draft", "ty-open", "-f", STAGES, "--today", TODAY]);
    let short = stdout(&["draft", "ty-open", "-f", j, "--today", TODAY]);
    let count = |s: &str| {
        s.split("Subject:")
            .nth(1)
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().count())
            .sum::<usize>()
    };
    assert!(count(&long) > 50, "{}", count(&long));
    assert!(count(&short) <= 50, "{}", count(&short));
}

#[test]
fn report_json_has_the_stage_as_a_tag_and_the_next_action_as_data() {
    let v: Value = serde_json::from_str(&stdout(&[
        "report", "-f", STAGES, "--today", TODAY, "--format", "json",
    ]))
    .unwrap();
    assert_eq!(v["version"], 1);
    let opp = |slug: &str| {
        v["opportunities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["opportunity"] == slug)
            .cloned()
            .unwrap()
    };
    let got: Vec<(String, String)> = ["ty-open", "ci1", "ci3", "wd", "far", "applied"]
        .into_iter()
        .map(|s| {
            (
                s.to_string(),
                opp(s)["stage_tag"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("ty-open", "waiting"),
        ("ci1", "check-in-due"),
        ("ci3", "following-up"),
        ("wd", "soft-rejection"),
        ("far", "waiting"),
        ("applied", "applied"),
    ];
    assert_eq!(
        got,
        want.map(|(a, b)| (a.to_string(), b.to_string())).to_vec()
    );
    // The old text fields keep their meaning.
    let ty = opp("ty-open");
    assert_eq!(ty["next_action"], "thank-you to Jane Doe");
    assert_eq!(
        ty["next"],
        serde_json::json!({"action": "thank-you", "recipient": "Jane Doe",
            "earliest": "2026-11-27", "latest": "2026-11-28", "status": "due"})
    );
    assert_eq!(
        opp("ci3")["next"],
        serde_json::json!({"action": "check-in-3", "recipient": null,
            "earliest": "2026-11-27", "latest": "2026-11-30", "status": "due"})
    );
    assert_eq!(opp("applied")["next"], Value::Null);
    // The same values `due` lists.
    let due: Value = serde_json::from_str(&stdout(&[
        "due", "-f", STAGES, "--today", TODAY, "--format", "json", "--all",
    ]))
    .unwrap();
    let a = due["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["opportunity"] == "ci3")
        .unwrap();
    for k in ["action", "recipient", "earliest", "latest", "status"] {
        assert_eq!(a[k], opp("ci3")["next"][k], "{k}");
    }
}
