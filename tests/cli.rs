//! The command line as a user meets it: output, exit status, files.

mod common;

use common::{nudge, Test};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

fn json(args: &[&str]) -> Value {
    let out = nudge().args(args).output().unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn example_journal_checks_clean_at_its_stated_today() {
    nudge()
        .args(["check", "examples/journal.nudge", "--today", "2026-11-28"])
        .assert()
        .success()
        // SPEC v2 §3: check's human findings go to stdout (v1 printed them on stderr).
        .stdout(predicate::str::contains("no problems found"));
}

#[test]
fn readme_commands_work_as_written() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains("cargo test"),
        "README lacks the test command"
    );
    let run = readme
        .lines()
        .find(|l| {
            l.trim_start()
                .starts_with("cargo run -- check examples/journal.nudge")
        })
        .expect("README lacks the example command");
    let args: Vec<&str> = run.split_whitespace().skip(3).collect();
    nudge().args(&args).assert().success();
}

#[test]
fn mistakes_journal_shows_every_journal_rule_with_excerpts() {
    let out = nudge()
        .args([
            "check",
            "-f",
            "examples/mistakes.nudge",
            "--today",
            "2026-11-28",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for code in ["J001", "J002", "J003", "J004", "J005", "J006", "J007"] {
        assert!(
            text.contains(&format!("{code}(")),
            "{code} missing:\n{text}"
        );
    }
    // A source excerpt with a line number gutter and a label under the columns.
    assert!(
        text.contains(" 10 │ 2026-11-02 thank-yu acme-sre"),
        "{text}"
    );
    assert!(text.contains("help: "));
    assert!(!text.contains('\u{1b}'), "colour with NO_COLOR");
}

#[test]
fn check_json_matches_the_spec_shape() {
    let v = json(&[
        "check",
        "-f",
        "examples/mistakes.nudge",
        "--today",
        "2026-11-28",
        "--format",
        "json",
    ]);
    assert_eq!(v["version"], 1);
    assert_eq!(v["today"], "2026-11-28");
    let d = &v["diagnostics"][0];
    let keys: Vec<&str> = d.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    let mut want = vec![
        "code",
        "name",
        "severity",
        "message",
        "help",
        "file",
        "line",
        "column",
        "opportunity",
    ];
    want.sort();
    let mut got = keys.clone();
    got.sort();
    assert_eq!(got, want);
    assert_eq!(d["code"], "J006");
    assert_eq!(d["file"], "examples/mistakes.nudge");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(10))
    );
    let errors = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(v["summary"]["errors"].as_u64(), Some(errors as u64));
    let t001 = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "T001")
        .unwrap();
    assert_eq!(t001["name"], "late-thank-you");
    assert_eq!(t001["opportunity"], "acme-sre");
}

#[test]
fn exit_status_follows_errors_warnings_and_deny() {
    let cases: [(&str, &[&str], i32, &str); 6] = [
        ("w", &[], 0, "0 errors, 1 warning\n"),
        ("w", &["--deny", "warnings"], 1, "0 errors, 1 warning\n"),
        (
            "w",
            &["--deny", "warnings", "--allow", "future-entry"],
            0,
            "no problems found\n",
        ),
        ("e", &[], 1, "1 error, 0 warnings\n"),
        ("e", &["--allow", "J002"], 0, "no problems found\n"),
        ("d", &[], 0, "0 errors, 1 warning\n"),
    ];
    for (journal, extra, status, summary) in cases {
        Test::new()
            .write(
                "w.nudge",
                "2026-11-02 apply a \"A\"\n2026-11-30 note a later\n",
            )
            .write("e.nudge", "2026-11-02 check-in nowhere\n")
            .write(
                "d.nudge",
                "rule J002 warning\n2026-11-02 check-in nowhere\n",
            )
            .args([
                "check",
                &format!("{{tmp}}/{journal}.nudge"),
                "--today",
                "2026-11-28",
            ])
            .args(extra.iter().copied())
            .stdout_contains(summary)
            .status(status)
            .run();
    }
}

#[test]
fn usage_errors_and_unreadable_input_exit_2_with_one_line() {
    Test::new()
        .args(["check", "{tmp}/nope.nudge"])
        .stderr("nudge: error: cannot read `{tmp}/nope.nudge`: it does not exist (start one with `nudge init {tmp}/nope.nudge`, or pass -f PATH)\n")
        .status(2)
        .run();
    Test::new()
        .args(["check", "--today", "2026-13-01"])
        .stderr("nudge: error: invalid value '2026-13-01' for '--today <DATE>': there is no month 13 (months are 01 to 12) (see `nudge --help`)\n")
        .status(2)
        .run();
    Test::new()
        .args(["check", "--allow", "C0O4", "examples/journal.nudge"])
        .stderr("nudge: error: --allow: unknown rule `C0O4`; did you mean `C004`? (`nudge rules` lists them)\n")
        .status(2)
        .run();
    Test::new()
        .arg("frobnicate")
        .stderr("nudge: error: unrecognized subcommand 'frobnicate' (see `nudge --help`)\n")
        .status(2)
        .run();
    Test::new()
        .args(["check", "{tmp}"])
        .stderr("nudge: error: cannot read `{tmp}`: it is a directory, not a file\n")
        .status(2)
        .run();
    Test::new()
        .write("bad.nudge", b"2026-11-02 note a\n2026-11-03 \xff note a\n")
        .args(["check", "{tmp}/bad.nudge"])
        .stderr("nudge: error: cannot read `{tmp}/bad.nudge`: it is not valid UTF-8: invalid byte at line 2, byte offset 29\n")
        .status(2)
        .run();
}

/// Each way a journal can be unreadable is recognised by its kind (not its wording) and said
/// in one line: from stdin, as a FIFO, when nothing was found, and as an include (J007).
#[test]
fn unreadable_journals_say_why_by_kind() {
    Test::new()
        .args(["check", "-"])
        .stdin(b"2026-11-02 note a\n\xfe")
        .stderr("nudge: error: cannot read `<stdin>`: it is not valid UTF-8: invalid byte at line 2, byte offset 18\n")
        .status(2)
        .run();
    Test::new()
        .args(["check", "-", "--stdin-filename", "x/y.nudge"])
        .stdin(b"\xfe")
        .stderr("nudge: error: cannot read `x/y.nudge`: it is not valid UTF-8: invalid byte at line 1, byte offset 0\n")
        .status(2)
        .run();
    let fifo = Test::new();
    let made = std::process::Command::new("mkfifo")
        .arg(fifo.tmp().join("fifo"))
        .status()
        .is_ok_and(|s| s.success());
    if made {
        fifo.args(["check", "{tmp}/fifo"])
            .stderr("nudge: error: cannot read `{tmp}/fifo`: it is not a regular file\n")
            .status(2)
            .run();
    }
    Test::new()
        .in_tmp()
        .arg("check")
        .stderr_contains("nudge: error: no journal found: tried -f (not given), $NUDGE_FILE (not set), {tmp}/journal.nudge, ")
        .stderr_contains("and the `journal` key of {tmp}/.config/nudge/config.toml (none); start one with `nudge init`, or pass -f PATH\n")
        .status(2)
        .run();
    Test::new()
        .write("inc.nudge", "include sub/none.nudge\ninclude sub\n")
        .write("sub/x.nudge", "")
        .in_tmp()
        .args(["check", "inc.nudge", "--format", "concise"])
        .stdout("inc.nudge:1:9: error J007 cannot include `sub/none.nudge`: it does not exist\ninc.nudge:2:9: error J007 cannot include `sub`: it is a directory, not a file\n")
        .status(1)
        .run();
}

#[test]
fn journal_path_comes_from_flag_then_env_then_default() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "journal.nudge", "2026-11-02 check-in default\n");
    let env = write(dir.path(), "env.nudge", "2026-11-02 check-in from-env\n");
    let out = nudge()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "--today", "2026-11-28"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("default"));
    let out = nudge()
        .current_dir(dir.path())
        .env("NUDGE_FILE", &env)
        .args(["check", "--format", "json", "--today", "2026-11-28"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("from-env"));
}

#[test]
fn rules_and_explain_print_the_catalogue_and_pages() {
    let out = nudge()
        .arg("rules")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for r in nudge::rules::registry::RULES {
        assert!(
            text.contains(r.code()) && text.contains(r.name()),
            "{} missing",
            r.code()
        );
    }
    for word in ["C004", "missing-value-add", "c004"] {
        nudge()
            .args(["explain", word])
            .assert()
            .success()
            .stdout(predicate::str::contains("# C004 missing-value-add"))
            .stdout(predicate::str::contains("## Use instead"));
    }
    nudge()
        .args(["explain", "C0004"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean"));
}

#[test]
fn every_explain_page_has_the_four_sections() {
    for r in nudge::rules::registry::RULES {
        for section in ["## What it does", "## Why", "## Example", "## Use instead"] {
            assert!(
                r.explain().contains(section),
                "{} lacks {section}",
                r.code()
            );
        }
    }
}

#[test]
fn help_is_on_every_command_with_an_example() {
    for cmd in ["check", "due", "report", "rules", "explain", "fmt"] {
        nudge()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}

#[test]
fn includes_are_read_relative_to_the_including_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    write(
        dir.path(),
        "sub/inc.nudge",
        "2026-11-02 interview acme \"Acme\"\n    expect: 2026-11-09\n2026-11-03 check-in acme\n",
    );
    let main = write(
        dir.path(),
        "main.nudge",
        "include sub/inc.nudge\nrule T002 off\n",
    );
    let v = json(&["check", &main, "--format", "json", "--today", "2026-11-28"]);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "C001");
    assert!(d["file"].as_str().unwrap().ends_with("sub/inc.nudge"));
    assert_eq!(d["line"], 3);
}

// ---- hostile input -------------------------------------------------------------------

fn check_bytes(bytes: &[u8]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("j.nudge");
    std::fs::write(&p, bytes).unwrap();
    nudge()
        .args([
            "check",
            p.to_str().unwrap(),
            "--today",
            "2026-11-28",
            "--format",
            "json",
        ])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap()
}

fn codes(out: &std::process::Output) -> Vec<String> {
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn empty_and_bom_only_files_are_clean() {
    for bytes in [&b""[..], b"\xef\xbb\xbf", b"\n\n", b"\r\n"] {
        let out = check_bytes(bytes);
        assert_eq!(out.status.code(), Some(0));
        assert!(codes(&out).is_empty());
    }
}

#[test]
fn binary_and_invalid_utf8_exit_2_with_the_offset() {
    let mut bin: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    bin[0] = 0xff;
    let out = check_bytes(&bin);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("byte offset 0"));
}

#[test]
fn nul_bytes_are_syntax_errors_not_crashes() {
    let out = check_bytes(b"2026-11-02 note a\x00b\n\x00\x00\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(codes(&out).contains(&"J001".to_string()));
}

#[test]
fn a_multi_megabyte_line_is_one_diagnostic() {
    let mut text = b"2026-11-02 note a ".to_vec();
    text.extend(std::iter::repeat_n(b'x', 5_000_000));
    text.extend(b"\n2026-11-02 apply b \"B\"\n");
    let out = check_bytes(&text);
    assert_eq!(codes(&out), vec!["J001"]);
    // The human report does not print the line.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("j.nudge");
    std::fs::write(&p, &text).unwrap();
    let out = nudge()
        .args(["check", p.to_str().unwrap(), "--today", "2026-11-28"])
        .output()
        .unwrap();
    assert!(out.stderr.len() < 2000);
}

#[test]
fn a_hundred_thousand_orphan_lines_each_get_their_diagnostic_quickly() {
    let text = "    | orphan\n".repeat(100_000);
    let out = check_bytes(text.as_bytes());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 100_000);
    assert_eq!(diags[99_999]["line"], 100_000);
    assert_eq!(
        diags[0]["message"],
        "an indented line with no entry above it"
    );
    // The human report prints the first 200 in full and the rest one line each.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("j.nudge");
    std::fs::write(&p, &text).unwrap();
    let out = nudge()
        .args(["check", p.to_str().unwrap(), "--today", "2026-11-28"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stdout).unwrap();
    assert!(
        stderr.contains("j.nudge:100000:5: error[J001] an indented line with no entry above it")
    );
    assert!(
        stderr.ends_with("100000 errors, 0 warnings\n"),
        "{}",
        &stderr[stderr.len() - 100..]
    );
}

#[test]
fn impossible_dates_times_and_huge_slugs_are_syntax_errors() {
    let slug = "a".repeat(10_000);
    let text = format!(
        "2026-02-29 note a\n2026-11-02 24:00 note a\n99999-01-01 note a\n2026-11-02 apply {slug}\n0000-00-00 note a\n"
    );
    let out = check_bytes(text.as_bytes());
    assert_eq!(codes(&out), vec!["J001"; 5]);
}

#[test]
fn hostile_includes_end_with_j007() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("d")).unwrap();
    let me = write(
        dir.path(),
        "me.nudge",
        "include me.nudge\ninclude d\ninclude /dev/zero\n",
    );
    let v = json(&["check", &me, "--format", "json"]);
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["J007", "J007", "J007"]);
    for i in 0..200 {
        write(
            dir.path(),
            &format!("c{i}.nudge"),
            &format!("include c{}.nudge\n", i + 1),
        );
    }
    write(dir.path(), "c200.nudge", "");
    let first = dir.path().join("c0.nudge");
    let v = json(&["check", first.to_str().unwrap(), "--format", "json"]);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "J007");
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("nested more than 64 deep"));
}

// ---- due, report, fmt ----------------------------------------------------------------

#[test]
fn due_json_on_the_example_matches_the_spec_shape() {
    let v = json(&[
        "due",
        "-f",
        "examples/journal.nudge",
        "--today",
        "2026-11-28",
        "--format",
        "json",
    ]);
    assert_eq!(v["version"], 1);
    let a = &v["actions"][0];
    let mut keys: Vec<&str> = a.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "action",
            "earliest",
            "latest",
            "opportunity",
            "planned",
            "recipient",
            "status",
            "title"
        ]
    );
    assert_eq!(a["opportunity"], "acme-sre");
    assert_eq!(a["action"], "check-in-2");
    assert_eq!(
        (a["earliest"].as_str(), a["latest"].as_str()),
        (Some("2026-11-30"), Some("2026-12-02"))
    );
    assert_eq!(a["status"], "upcoming");
    let b = &v["actions"][1];
    assert_eq!(
        (
            b["action"].as_str(),
            b["status"].as_str(),
            b["planned"].as_str()
        ),
        (Some("check-in-1"), Some("planned"), Some("2026-12-01"))
    );
}

#[test]
fn due_says_plainly_when_nothing_is_due() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", "2026-11-02 apply a \"A\"\n");
    nudge()
        .args(["due", "-f", &j, "--today", "2026-11-28"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Nothing is due within 14 days"));
}

#[test]
fn due_ics_is_valid_icalendar() {
    let out = nudge()
        .args([
            "due",
            "-f",
            "examples/journal.nudge",
            "--today",
            "2026-11-28",
            "--format",
            "ics",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let cal: icalendar::Calendar = text.parse().unwrap();
    let events: Vec<_> = cal.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), 2);
    use icalendar::Component;
    assert_eq!(events[0].get_uid(), Some("acme-sre.check-in-2@nudge"));
    assert!(events[0]
        .get_summary()
        .unwrap()
        .starts_with("check-in-2: Acme Corp"));
}

#[test]
fn report_formats_agree() {
    let base = [
        "report",
        "-f",
        "examples/journal.nudge",
        "--today",
        "2026-11-28",
        "--week",
        "2026-11-23",
    ];
    let v = json(&[&base[..], &["--format", "json"]].concat());
    assert_eq!(
        (v["from"].as_str(), v["to"].as_str()),
        (Some("2026-11-23"), Some("2026-11-29"))
    );
    let md = String::from_utf8(
        nudge()
            .args(base)
            .args(["--format", "markdown"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let csv = String::from_utf8(
        nudge()
            .args(base)
            .args(["--format", "csv"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for o in v["opportunities"].as_array().unwrap() {
        let slug = o["opportunity"].as_str().unwrap();
        let stage = o["stage"].as_str().unwrap();
        assert!(md.contains(slug) && md.contains(stage), "{slug} {stage}");
        assert!(csv.contains(slug) && csv.contains(stage));
    }
    assert_eq!(v["counts"]["interviews"], 1);
    let kinds: Vec<&str> = v["activity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["interview", "thank-you", "check-in"]);
}

#[test]
fn fmt_rewrites_in_place_and_check_reports_changes() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(
        dir.path(),
        "j.nudge",
        "2026-11-02   apply  a \"A\"   ; keep me\n\tvia:  email\n\n\n  | hello\n",
    );
    nudge().args(["fmt", "--check", &j]).assert().code(1);
    nudge().args(["fmt", &j]).assert().success();
    assert_eq!(
        std::fs::read_to_string(&j).unwrap(),
        "2026-11-02 apply a \"A\"  ; keep me\n    via: email\n\n    | hello\n"
    );
    nudge().args(["fmt", "--check", &j]).assert().code(0);
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "a temporary file was left behind");
}

#[cfg(unix)]
#[test]
fn fmt_in_a_read_only_directory_leaves_the_journal_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", "2026-11-02   apply a\n");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    // root may write anyway; only assert when the directory really is read-only.
    if std::fs::write(dir.path().join("probe"), "x").is_err() {
        nudge()
            .args(["fmt", &j])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("was not changed"));
        assert_eq!(
            std::fs::read_to_string(&j).unwrap(),
            "2026-11-02   apply a\n"
        );
    }
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let j = write(
        dir.path(),
        "j.nudge",
        &"2026-11-02 check-in nowhere\n".repeat(50_000),
    );
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("nudge"))
        .args(["check", &j, "--format", "json", "--today", "2026-11-28"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(&first[..12], b"{\"version\":1");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The journal has errors: the status says so even though nobody read them all.
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn human_and_json_output_of_the_mistakes_journal_are_pinned() {
    let args = [
        "check",
        "-f",
        "examples/mistakes.nudge",
        "--today",
        "2026-11-28",
    ];
    let human = Test::new()
        .args(args)
        .stdout_contains("errors, ")
        .status(1)
        .run()
        .stdout;
    insta::assert_snapshot!("check-mistakes.human", human);
    assert_eq!(common::line_ends(&human), ("LF", 1));
    let json = Test::new()
        .args(args)
        .args(["--format", "json"])
        .stdout_contains("{\"version\":1")
        .status(1)
        .run()
        .stdout;
    insta::assert_snapshot!("check-mistakes.json", json);
    assert_eq!(common::line_ends(&json), ("LF", 1));
}
