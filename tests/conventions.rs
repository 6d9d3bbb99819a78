//! Command-line manners (SPEC v2 §3, §3.4–3.6): shared options, stdin, colour, quiet, journal
//! discovery, the config file, the daily commands, check's output formats, tables that fit.

mod common;

use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

const STAGES: &str = "tests/fixtures/reports/stages.nudge";
const EXAMPLE: &str = "examples/journal.nudge";
const TODAY: &str = "2026-11-28";

/// nudge with an empty config directory, so a user's own config never leaks in.
fn nudge(config: &Path) -> assert_cmd::Command {
    let mut c = common::nudge();
    c.env("XDG_CONFIG_HOME", config).env_remove("TERM");
    c
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn out_of(a: &assert_cmd::assert::Assert) -> (String, String) {
    let o = a.get_output();
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Exit 2 with exactly one line on stderr containing `needle`, nothing on stdout.
fn one_line_error(a: assert_cmd::assert::Assert, needle: &str) {
    let a = a.code(2);
    let (out, err) = out_of(&a);
    assert!(out.is_empty(), "stdout: {out}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("nudge: error: "), "{err}");
    assert!(err.contains(needle), "`{needle}` not in: {err}");
}

// ── Options every command shares ─────────────────────────────────────────────

#[test]
fn global_options_go_before_or_after_the_command() {
    let c = tmp();
    let before = nudge(c.path())
        .args(["-f", STAGES, "--today", TODAY, "due", "--format", "json"])
        .assert()
        .success();
    let after = nudge(c.path())
        .args(["due", "--format", "json", "-f", STAGES, "--today", TODAY])
        .assert()
        .success();
    assert_eq!(out_of(&before).0, out_of(&after).0);
    assert!(out_of(&before).0.contains("\"actions\""));
}

#[test]
fn dash_reads_the_journal_from_stdin_named_stdin() {
    let c = tmp();
    let text = "2026-11-02 check-in nowhere\n";
    for args in [
        vec!["check", "-", "--format", "concise"],
        vec!["-f", "-", "check", "--format", "concise"],
    ] {
        let a = nudge(c.path())
            .args(&args)
            .args(["--today", TODAY])
            .write_stdin(text)
            .assert()
            .code(1);
        let (out, _) = out_of(&a);
        assert!(out.starts_with("<stdin>:1:21: error J002 "), "{out}");
        assert_eq!(out.lines().count(), 1);
    }
    let a = nudge(c.path())
        .args([
            "check",
            "-",
            "--stdin-filename",
            "mine.nudge",
            "--format",
            "concise",
        ])
        .args(["--today", TODAY])
        .write_stdin(text)
        .assert()
        .code(1);
    assert!(
        out_of(&a).0.starts_with("mine.nudge:1:"),
        "{:?}",
        out_of(&a)
    );
    // --stdin-filename without stdin is a mistake worth a word.
    one_line_error(
        nudge(c.path())
            .args(["check", STAGES, "--stdin-filename", "x.nudge"])
            .assert(),
        "--stdin-filename",
    );
}

#[test]
fn stdin_includes_are_read_relative_to_the_current_directory() {
    let c = tmp();
    let d = tmp();
    write(
        d.path(),
        "sub/more.nudge",
        "2026-11-02 check-in from-include\n",
    );
    let a = nudge(c.path())
        .current_dir(d.path())
        .args(["check", "-", "--format", "json", "--today", TODAY])
        .write_stdin("include sub/more.nudge\n")
        .assert()
        .code(1);
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "J002");
    assert_eq!(v["diagnostics"][0]["file"], "sub/more.nudge");
}

#[test]
fn colour_follows_the_flag_the_config_and_the_terminal() {
    let c = tmp();
    let red = |a: &assert_cmd::assert::Assert| out_of(a).0.contains('\u{1b}');
    let base = ["due", "-f", STAGES, "--today", TODAY];
    // Not a terminal: no colour by default, even without NO_COLOR.
    let a = nudge(c.path())
        .env_remove("NO_COLOR")
        .args(base)
        .assert()
        .success();
    assert!(!red(&a));
    let a = nudge(c.path())
        .args(base)
        .args(["--color", "always"])
        .assert()
        .success();
    assert!(red(&a), "--color always colours");
    let a = nudge(c.path())
        .args(base)
        .args(["--color", "never"])
        .assert()
        .success();
    assert!(!red(&a));
    write(c.path(), "nudge/config.toml", "color = \"always\"\n");
    let a = nudge(c.path()).args(base).assert().success();
    assert!(red(&a), "the config's color applies");
    let a = nudge(c.path())
        .args(base)
        .args(["--color", "never"])
        .assert()
        .success();
    assert!(!red(&a), "the command line wins over the config");
    one_line_error(
        nudge(tmp().path())
            .args(base)
            .args(["--color", "sometimes"])
            .assert(),
        "sometimes",
    );
}

#[test]
fn quiet_prints_nothing_and_keeps_the_exit_status() {
    let c = tmp();
    nudge(c.path())
        .args(["-q", "check", "examples/mistakes.nudge", "--today", TODAY])
        .assert()
        .code(1)
        .stdout("")
        .stderr("");
    nudge(c.path())
        .args(["due", "--quiet", "-f", STAGES, "--today", TODAY])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    // SPEC §3.5: -q means "no normal output, only the exit status", whatever the format.
    nudge(c.path())
        .args([
            "-q",
            "check",
            "--format",
            "json",
            "examples/mistakes.nudge",
            "--today",
            TODAY,
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr("");
    // Errors about the invocation still reach stderr.
    one_line_error(
        nudge(c.path())
            .args(["-q", "check", "/nonexistent/j.nudge"])
            .assert(),
        "does not exist",
    );
}

#[test]
fn the_journal_is_found_in_the_nearest_parent() {
    let c = tmp();
    let d = tmp();
    write(
        d.path(),
        "journal.nudge",
        "2026-11-02 check-in from-parent\n",
    );
    std::fs::create_dir_all(d.path().join("a/b")).unwrap();
    let a = nudge(c.path())
        .current_dir(d.path().join("a/b"))
        .args(["check", "--format", "concise", "--today", TODAY])
        .assert()
        .code(1);
    let (out, _) = out_of(&a);
    assert!(out.starts_with("../../journal.nudge:1:"), "{out}");
    assert!(out.contains("from-parent"));
}

#[test]
fn the_config_journal_is_the_last_resort_and_a_missing_one_says_how_to_start() {
    let c = tmp();
    let d = tmp();
    write(
        c.path(),
        "nudge/j.nudge",
        "2026-11-02 check-in from-config\n",
    );
    write(c.path(), "nudge/config.toml", "journal = \"j.nudge\"\n");
    let a = nudge(c.path())
        .current_dir(d.path())
        .args(["check", "--format", "concise", "--today", TODAY])
        .assert()
        .code(1);
    assert!(out_of(&a).0.contains("from-config"));
    // $NUDGE_FILE wins over the config.
    let env = write(d.path(), "env.nudge", "2026-11-02 check-in from-env\n");
    let a = nudge(c.path())
        .current_dir(d.path())
        .env("NUDGE_FILE", &env)
        .args(["check", "--format", "concise", "--today", TODAY])
        .assert()
        .code(1);
    assert!(out_of(&a).0.contains("from-env"));
    let empty = tmp();
    let a = nudge(empty.path())
        .current_dir(d.path())
        .args(["due"])
        .assert();
    let (_, err) = out_of(&a.code(2));
    assert_eq!(err.lines().count(), 1, "{err}");
    for needle in ["$NUDGE_FILE", "journal.nudge", "config.toml", "nudge init"] {
        assert!(err.contains(needle), "`{needle}` not in {err}");
    }
}

#[test]
fn bad_config_files_name_the_file_line_and_key() {
    let cases = [
        (
            "name = \"Ann\"\ncolour = \"never\"\n",
            "line 2, key `colour`",
        ),
        ("within = \"soon\"\n", "line 1, key `within`"),
        ("color = \"blue\"\n", "line 1, key `color`"),
        ("within = 99999\n", "key `within`"),
        ("not toml at all\n", "line 1"),
    ];
    for (text, needle) in cases {
        let c = tmp();
        write(c.path(), "nudge/config.toml", text);
        let a = nudge(c.path()).args(["rules"]).assert();
        one_line_error(a, needle);
        let a = nudge(c.path()).args(["rules"]).assert();
        assert!(out_of(&a).1.contains("config.toml"));
    }
    let c = tmp();
    std::fs::create_dir_all(c.path().join("nudge/config.toml")).unwrap();
    one_line_error(nudge(c.path()).args(["rules"]).assert(), "cannot be read");
}

#[test]
fn config_within_name_and_signature_are_used() {
    let c = tmp();
    write(
        c.path(),
        "nudge/config.toml",
        "name = \"Ann Lee\"\nsignature = \"SRE, Berlin\"\nwithin = 0\n",
    );
    let wide = nudge(tmp().path())
        .args(["due", "-f", STAGES, "--today", TODAY, "--format", "json"])
        .assert()
        .success();
    let narrow = nudge(c.path())
        .args(["due", "-f", STAGES, "--today", TODAY, "--format", "json"])
        .assert()
        .success();
    let n = |a: &assert_cmd::assert::Assert| {
        let v: Value = serde_json::from_str(&out_of(a).0).unwrap();
        v["actions"].as_array().unwrap().len()
    };
    assert!(n(&narrow) < n(&wide), "within = 0 lists fewer actions");
    let flag = nudge(c.path())
        .args([
            "due", "-f", STAGES, "--today", TODAY, "--format", "json", "--within", "14",
        ])
        .assert()
        .success();
    assert_eq!(n(&flag), n(&wide), "--within wins over the config");
    let a = nudge(c.path())
        .args(["draft", "ci1", "-f", STAGES, "--today", TODAY])
        .assert()
        .success();
    let (out, _) = out_of(&a);
    assert!(out.contains("Ann Lee\nSRE, Berlin\n"), "{out}");
    assert!(!out.contains("[Your name]"), "{out}");
}

// ── Daily commands ───────────────────────────────────────────────────────────

#[test]
fn init_writes_a_starter_that_checks_clean_and_never_overwrites() {
    let c = tmp();
    let d = tmp();
    nudge(c.path())
        .current_dir(d.path())
        .args(["init"])
        .assert()
        .success()
        .stdout("");
    let p = d.path().join("journal.nudge");
    let text = std::fs::read_to_string(&p).unwrap();
    for needle in [
        "policy thank-you-within 24h",
        "policy max-check-ins 3",
        "; 2026-11-02 10:00 interview acme-sre",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o600
    );
    nudge(c.path())
        .current_dir(d.path())
        .args(["check", "--today", TODAY])
        .assert()
        .success();
    // Uncommenting the example gives a journal that parses.
    let example: String = text
        .lines()
        .map(|l| {
            l.strip_prefix("; 20")
                .map(|r| format!("20{r}"))
                .unwrap_or_else(|| {
                    l.strip_prefix(";     ")
                        .map(|r| format!("    {r}"))
                        .unwrap_or(l.to_string())
                })
        })
        .collect::<Vec<_>>()
        .join("\n");
    let a = nudge(c.path())
        .args(["check", "-", "--format", "json", "--today", TODAY])
        .write_stdin(example)
        .assert();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "J001"),
        "{v}"
    );
    one_line_error(
        nudge(c.path())
            .current_dir(d.path())
            .args(["init"])
            .assert(),
        "already exists",
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
    std::os::unix::fs::symlink(d.path().join("nowhere"), d.path().join("link.nudge")).unwrap();
    one_line_error(
        nudge(c.path())
            .current_dir(d.path())
            .args(["init", "link.nudge"])
            .assert(),
        "already exists",
    );
    assert!(
        !d.path().join("nowhere").exists(),
        "init wrote through a dangling link"
    );
}

#[test]
fn add_appends_a_checked_entry() {
    let c = tmp();
    let d = tmp();
    let j = write(
        d.path(),
        "j.nudge",
        "2026-11-02 10:00 interview acme \"Acme\"\n    with: Jane Doe\n    expect: 2026-11-09\n",
    );
    let body = write(d.path(), "note.txt", "Hi Jane,\n\nthank you for today.\n");
    let a = nudge(c.path())
        .args([
            "add",
            "thank-you",
            "acme",
            "-f",
            &j,
            "--date",
            "2026-11-02",
            "--time",
            "18:00",
        ])
        .args([
            "--to",
            "Jane Doe",
            "--via",
            "email",
            "--message",
            &body,
            "--today",
            TODAY,
        ])
        .assert()
        .success();
    let (out, err) = out_of(&a);
    assert!(
        out.contains("T003"),
        "the new entry's findings are printed: {out}"
    );
    assert!(err.contains("added"), "{err}");
    let text = std::fs::read_to_string(&j).unwrap();
    assert!(
        text.ends_with(
            "    expect: 2026-11-09\n\n2026-11-02 18:00 thank-you acme\n    to: Jane Doe\n    via: email\n    | Hi Jane,\n    |\n    | thank you for today.\n"
        ),
        "{text}"
    );
    nudge(c.path())
        .args([
            "add",
            "check-in",
            "acme",
            "-f",
            &j,
            "--planned",
            "--date",
            "2026-12-01",
        ])
        .args([
            "--value",
            "https://example.org/post",
            "--message",
            "-",
            "--today",
            TODAY,
        ])
        .write_stdin("Any news on the timeline?\n")
        .assert()
        .success();
    let text = std::fs::read_to_string(&j).unwrap();
    assert!(text.contains("2026-12-01 ! check-in acme\n    value: https://example.org/post\n    | Any news on the timeline?\n"));
    let a = nudge(c.path())
        .args([
            "add",
            "interview",
            "beta",
            "Beta \"Labs\" Inc",
            "-f",
            &j,
            "--today",
            TODAY,
        ])
        .args(["--with", "Ann <ann@beta.example>", "--expect", "2026-12-05"])
        .assert()
        .success();
    drop(a);
    let text = std::fs::read_to_string(&j).unwrap();
    assert!(
        text.contains("2026-11-28 interview beta \"Beta \\\"Labs\\\" Inc\"\n"),
        "{text}"
    );
    nudge(c.path())
        .args(["check", &j, "--today", TODAY, "--format", "json"])
        .assert()
        .stdout(predicate::str::contains("J001").not());
}

#[test]
fn add_refuses_bad_input_and_leaves_the_journal_untouched() {
    let c = tmp();
    let d = tmp();
    let j = write(d.path(), "j.nudge", "2026-11-02 interview acme \"Acme\"\n");
    let binary = d.path().join("body.bin");
    std::fs::write(&binary, b"\x7fELF\x00\x01\x02").unwrap();
    let binary = binary.to_string_lossy().into_owned();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["check-in", "nowhere"], "J002"),
        (
            vec!["check-in", "acme", "--date", "next week"],
            "YYYY-MM-DD",
        ),
        (
            vec!["check-in", "acme", "--date", "2026-02-30"],
            "February 2026",
        ),
        (vec!["check-in", "acme", "--time", "2pm"], "HH:MM"),
        (vec!["check-in", "Acme Corp"], "not an opportunity slug"),
        (vec!["chek-in", "acme"], "did you mean `check-in`"),
        (vec!["check-in", "acme", "--via", "pigeon"], "pigeon"),
        (vec!["check-in", "acme", "--message", &binary], "binary"),
        (
            vec!["check-in", "acme", "--message", "/nonexistent/x"],
            "cannot read",
        ),
        (
            vec![
                "interview",
                "acme",
                "--expect",
                "2026-11-09",
                "--expect",
                "2026-11-10",
            ],
            "expect",
        ),
        (vec!["outcome", "acme", "maybe"], "J001"),
        (vec!["note", "acme", "--note", "two\nlines"], "one line"),
    ];
    for (args, needle) in cases {
        let a = nudge(c.path())
            .arg("add")
            .args(&args)
            .args(["-f", &j, "--today", TODAY])
            .assert();
        one_line_error(a, needle);
        assert_eq!(
            std::fs::read_to_string(&j).unwrap(),
            "2026-11-02 interview acme \"Acme\"\n",
            "{args:?} changed the journal"
        );
    }
    one_line_error(
        nudge(c.path())
            .args(["add", "note", "acme", "-f", "-"])
            .write_stdin("")
            .assert(),
        "stdin",
    );
}

#[test]
fn ls_lists_open_opportunities_and_all_with_all() {
    let c = tmp();
    let a = nudge(c.path())
        .args(["ls", "-f", EXAMPLE, "--today", TODAY, "--format", "json"])
        .assert()
        .success();
    let v: Value = serde_json::from_str(&out_of(&a).0).unwrap();
    assert_eq!(v["version"], 1);
    let slugs: Vec<&str> = v["opportunities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["opportunity"].as_str().unwrap())
        .collect();
    assert!(
        slugs.contains(&"acme-sre") && !slugs.contains(&"globex-data"),
        "{slugs:?}"
    );
    let a = nudge(c.path())
        .args(["ls", "--all", "-f", EXAMPLE, "--today", TODAY])
        .assert()
        .success();
    let (out, _) = out_of(&a);
    assert!(
        out.contains("globex-data") && out.contains("closed"),
        "{out}"
    );
    assert!(out.contains("check-in-2"));
    let a = nudge(c.path())
        .args([
            "ls",
            "--opportunity",
            "acme-sre",
            "-f",
            EXAMPLE,
            "--today",
            TODAY,
        ])
        .assert()
        .success();
    let (out, _) = out_of(&a);
    assert!(
        out.contains("acme-sre") && !out.contains("umbrella-ops"),
        "{out}"
    );
    one_line_error(
        nudge(c.path())
            .args(["ls", "--format", "yaml", "-f", EXAMPLE])
            .assert(),
        "yaml",
    );
}

#[test]
fn opportunity_limits_check_due_and_report_but_keeps_unattached_findings() {
    let c = tmp();
    let d = tmp();
    let j = write(
        d.path(),
        "j.nudge",
        "workweek mon-fry\n2026-11-02 check-in nowhere\n2026-11-02 interview a \"A\"\n2026-11-02 interview b \"B\"\n",
    );
    let a = nudge(c.path())
        .args([
            "check",
            &j,
            "--opportunity",
            "a",
            "--format",
            "json",
            "--today",
            TODAY,
        ])
        .assert()
        .code(1);
    let v: Value = serde_json::from_str(&out_of(&a).0).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(
        diags.iter().any(|d| d["code"] == "J006"),
        "unattached findings kept"
    );
    assert!(diags.iter().any(|d| d["opportunity"] == "a"));
    assert!(diags
        .iter()
        .all(|d| d["opportunity"] != "b" && d["opportunity"] != "nowhere"));
    let a = nudge(c.path())
        .args([
            "due",
            "-f",
            STAGES,
            "--opportunity",
            "ci1",
            "--opportunity",
            "wd",
        ])
        .args(["--format", "json", "--today", TODAY])
        .assert()
        .success();
    let v: Value = serde_json::from_str(&out_of(&a).0).unwrap();
    let mut opps: Vec<&str> = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["opportunity"].as_str().unwrap())
        .collect();
    opps.dedup();
    assert_eq!(opps, ["wd", "ci1"]);
    let a = nudge(c.path())
        .args([
            "report",
            "-f",
            STAGES,
            "--opportunity",
            "ci1",
            "--format",
            "json",
            "--today",
            TODAY,
        ])
        .assert()
        .success();
    let v: Value = serde_json::from_str(&out_of(&a).0).unwrap();
    assert_eq!(v["opportunities"].as_array().unwrap().len(), 1);
    one_line_error(
        nudge(c.path())
            .args(["due", "-f", STAGES, "--opportunity", "ci9"])
            .assert(),
        "did you mean `ci1`",
    );
    one_line_error(
        nudge(c.path())
            .args(["due", "-f", STAGES, "--opportunity", "Not A Slug"])
            .assert(),
        "not a slug",
    );
}

#[test]
fn completions_are_valid_bash_and_every_shell_is_offered() {
    let c = tmp();
    let a = nudge(c.path())
        .args(["completions", "bash"])
        .assert()
        .success();
    let script = out_of(&a).0;
    assert!(script.contains("nudge") && script.contains("--opportunity"));
    let p = write(c.path(), "nudge.bash", &script);
    let status = std::process::Command::new("bash")
        .args(["-n", &p])
        .status()
        .unwrap();
    assert!(status.success(), "bash -n rejected the completion script");
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let a = nudge(c.path())
            .args(["completions", shell])
            .assert()
            .success();
        assert!(!out_of(&a).0.is_empty());
    }
    one_line_error(
        nudge(c.path()).args(["completions", "tcsh"]).assert(),
        "tcsh",
    );
}

#[test]
fn a_closed_pipe_never_panics_completions_or_man() {
    use std::process::{Command, Stdio};
    for args in [
        vec!["completions", "bash"],
        vec!["man"],
        vec!["rules", "--format", "json"],
        vec!["due", "-f", STAGES, "--all", "--today", TODAY],
    ] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("nudge"))
            .args(&args)
            .env("XDG_CONFIG_HOME", "/nonexistent")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.is_empty(), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn man_page_renders() {
    let c = tmp();
    let a = nudge(c.path()).args(["man"]).assert().success();
    let page = out_of(&a).0;
    assert!(
        page.starts_with(".ie") || page.contains(".TH nudge"),
        "{}",
        &page[..200]
    );
    let p = write(c.path(), "nudge.1", &page);
    let man = std::process::Command::new("man")
        .args(["-l", &p])
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "80")
        .output();
    match man {
        Err(_) => eprintln!("SKIPPED: `man` is not installed; the page was not rendered"),
        Ok(o) => {
            let text = String::from_utf8_lossy(&o.stdout);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            assert!(text.contains("NAME") && text.contains("nudge"), "{text}");
        }
    }
}

#[test]
fn fmt_diff_shows_the_changes_and_writes_nothing() {
    let c = tmp();
    let d = tmp();
    let messy = "2026-11-02   interview acme \"Acme\"\n  with: Jane\n";
    let j = write(d.path(), "j.nudge", messy);
    let a = nudge(c.path()).args(["fmt", "--diff", &j]).assert().code(1);
    let (out, _) = out_of(&a);
    assert!(out.starts_with("--- a/"), "{out}");
    assert!(
        out.contains("\n+++ b/") && out.contains("@@ ") && out.contains("-  with: Jane"),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(&j).unwrap(), messy);
    nudge(c.path()).args(["fmt", &j]).assert().success();
    nudge(c.path())
        .args(["fmt", "--diff", &j])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn rules_as_json() {
    let c = tmp();
    let a = nudge(c.path())
        .args(["rules", "--format", "json"])
        .assert()
        .success();
    let v: Value = serde_json::from_str(&out_of(&a).0).unwrap();
    let rules = v["rules"].as_array().unwrap();
    assert!(rules.len() >= 25);
    let t001 = rules.iter().find(|r| r["code"] == "T001").unwrap();
    assert_eq!(t001["name"], "late-thank-you");
    assert_eq!(t001["severity"], "error");
    assert!(t001["explain"].as_str().unwrap().contains("## Why"));
}

// ── check's output formats ───────────────────────────────────────────────────

#[test]
fn check_concise_is_one_line_per_finding_on_stdout() {
    let c = tmp();
    let a = nudge(c.path())
        .args([
            "check",
            "examples/mistakes.nudge",
            "--format",
            "concise",
            "--today",
            TODAY,
        ])
        .assert()
        .code(1);
    let (out, err) = out_of(&a);
    assert!(err.is_empty());
    let json = nudge(c.path())
        .args([
            "check",
            "examples/mistakes.nudge",
            "--format",
            "json",
            "--today",
            TODAY,
        ])
        .assert();
    let v: Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(out.lines().count(), diags.len());
    for (line, d) in out.lines().zip(diags) {
        let want = format!(
            "{}:{}:{}: {} {} {}",
            d["file"].as_str().unwrap(),
            d["line"],
            d["column"],
            d["severity"].as_str().unwrap(),
            d["code"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        assert_eq!(line, want);
    }
}

#[test]
fn check_human_goes_to_stdout() {
    let c = tmp();
    let a = nudge(c.path())
        .args(["check", "examples/mistakes.nudge", "--today", TODAY])
        .assert()
        .code(1);
    let (out, err) = out_of(&a);
    assert!(out.contains("J002(unknown-opportunity)"), "{out}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn check_github_annotations_escape_as_documented() {
    let c = tmp();
    let a = nudge(c.path())
        .args([
            "check",
            "-",
            "--stdin-filename",
            "a,b:c.nudge",
            "--format",
            "github",
            "--today",
            TODAY,
        ])
        .write_stdin("2026-11-02 check-in nowhere\n2026-11-03 note nowhere 50%\n")
        .assert()
        .code(1);
    let (out, _) = out_of(&a);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=a%2Cb%3Ac.nudge,line=1,col=21,title=J002::"),
        "{first}"
    );
    for line in out.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning "),
            "{line}"
        );
    }
}

#[test]
fn check_sarif_is_valid_against_the_official_schema() {
    let c = tmp();
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/sarif-schema-2.1.0.json").unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (args, stdin) in [
        (vec!["check", "examples/mistakes.nudge"], None),
        (vec!["check", "examples/journal.nudge"], None),
        (
            vec!["check", "-"],
            Some("2026-11-02 check-in nowhere\n    | Hi — é\n"),
        ),
    ] {
        let mut cmd = nudge(c.path());
        cmd.args(&args)
            .args(["--format", "sarif", "--today", TODAY]);
        if let Some(s) = stdin {
            cmd.write_stdin(s);
        }
        let a = cmd.assert();
        let log: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        assert_eq!(log["version"], "2.1.0");
        let runs = log["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0]["columnKind"], "unicodeCodePoints");
        assert!(runs[0]["tool"]["driver"]["rules"].as_array().unwrap().len() >= 25);
        if stdin.is_some() {
            let r = &runs[0]["results"][0];
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uri"], "%3Cstdin%3E");
            assert_eq!(loc["region"]["startLine"], 1);
            assert_eq!(loc["region"]["startColumn"], 21);
            assert_eq!(r["ruleId"], "J002");
        }
    }
}

// ── Messages made precise ────────────────────────────────────────────────────

#[test]
fn messages_say_what_is_wrong() {
    let c = tmp();
    let a = nudge(c.path())
        .args(["check", "-", "--format", "concise", "--today", TODAY])
        .write_stdin("2026-11-02 2pm interview acme \"Acme\"\n")
        .assert()
        .code(1);
    assert!(out_of(&a).0.contains("times are HH:MM"), "{:?}", out_of(&a));
    one_line_error(
        nudge(c.path())
            .args(["due", "-f", STAGES, "--today", "2026-13-01"])
            .assert(),
        "month 13",
    );
    let a = nudge(c.path())
        .args(["check", "-", "--format", "json", "--today", TODAY])
        .write_stdin("2026-11-02 interview acme \"A\"\n2026-11-03 check-in acme\n")
        .assert();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let c001 = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "C001")
        .unwrap()
        .clone();
    let help = c001["help"].as_str().unwrap();
    assert!(!help.contains("they said"), "{help}");
    assert!(help.contains("assume"), "{help}");
    for args in [
        vec!["explain", "J004"],
        vec!["--help"],
        vec!["add", "--help"],
    ] {
        let a = nudge(c.path()).args(&args).assert().success();
        assert!(
            out_of(&a)
                .0
                .contains("email, phone, linkedin, in-person, other"),
            "{args:?}"
        );
    }
}

#[test]
fn usage_errors_are_one_line() {
    let c = tmp();
    one_line_error(nudge(c.path()).args(["frobnicate"]).assert(), "frobnicate");
    one_line_error(
        nudge(c.path())
            .args(["check", "--format", "xml", STAGES])
            .assert(),
        "possible values",
    );
    one_line_error(
        nudge(c.path()).args(["due", "--within", "-3"]).assert(),
        "-3",
    );
}

// ── Tables that fit ──────────────────────────────────────────────────────────

fn table(columns: &str, args: &[&str]) -> String {
    let c = tmp();
    let a = nudge(c.path())
        .env("COLUMNS", columns)
        .args(args)
        .args(["--today", TODAY])
        .assert()
        .success();
    out_of(&a).0
}

/// Every word of `words` appears whole in `out` (never split across lines).
fn words_whole(out: &str, words: &[&str]) {
    for w in words {
        assert!(out.contains(w), "`{w}` was cut:\n{out}");
    }
}

#[test]
fn tables_fit_the_width_and_never_cut_a_word() {
    for columns in ["80", "0", "-5", "junk"] {
        let out = table(columns, &["due", "-f", STAGES, "--all"]);
        for line in out.lines() {
            assert!(line.chars().count() <= 80, "{columns}: {line}");
        }
        words_whole(
            &out,
            &["opportunity", "check-in-1", "check-in-2", "upcoming"],
        );
        assert_eq!(out, table("80", &["due", "-f", STAGES, "--all"]));
    }
    // Narrow: the title goes first, then the detail, and a note says so.
    let out = table("60", &["due", "-f", STAGES]);
    assert!(!out.lines().nth(1).unwrap().contains("title"), "{out}");
    assert!(out.contains("note: the `title`"), "{out}");
    for line in out.lines() {
        assert!(line.chars().count() <= 60, "{line}");
    }
    words_whole(&out, &["opportunity", "check-in-1", "overdue"]);
    // Wide: nothing dropped, no note.
    let out = table("200", &["due", "-f", STAGES]);
    assert!(out.contains("title") && !out.contains("note:"), "{out}");
}

#[test]
fn east_asian_titles_break_between_wide_characters() {
    let c = tmp();
    let d = tmp();
    let j = write(
        d.path(),
        "j.nudge",
        "2026-11-23 interview tokyo \"東京株式会社のシニアサイト信頼性エンジニアの募集\"\n    expect: 2026-11-25\n",
    );
    let a = nudge(c.path())
        .env("COLUMNS", "80")
        .args(["ls", "-f", &j, "--today", TODAY])
        .assert()
        .success();
    let out = out_of(&a).0;
    for line in out.lines() {
        let w: usize = line
            .chars()
            .map(|ch| {
                if ch > '\u{2e80}' && ch != '┆' && ch != '│' {
                    2
                } else {
                    1
                }
            })
            .sum();
        assert!(w <= 80, "{line}");
    }
    // The title is kept, broken between its wide characters, and no other word is cut.
    assert!(out.contains("東京") && !out.contains("note:"), "{out}");
    words_whole(&out, &["opportunity", "2026-11-23", "check-in-1"]);
}

#[test]
fn table_snapshots_at_four_widths() {
    for columns in ["60", "80", "120", "200"] {
        let due = table(columns, &["due", "-f", EXAMPLE, "--all"]);
        insta::assert_snapshot!(format!("due_{columns}"), due);
        let stages = table(columns, &["due", "-f", STAGES]);
        insta::assert_snapshot!(format!("due_stages_{columns}"), stages);
        let ls = table(columns, &["ls", "-f", EXAMPLE, "--all"]);
        insta::assert_snapshot!(format!("ls_{columns}"), ls);
    }
}

#[test]
fn fmt_of_stdin_prints_the_formatted_text() {
    let c = tmp();
    nudge(c.path())
        .args(["fmt", "-"])
        .write_stdin("2026-11-02   interview acme \"Acme\"\n  with: Jane\n")
        .assert()
        .success()
        .stdout("2026-11-02 interview acme \"Acme\"\n    with: Jane\n");
    let a = nudge(c.path())
        .args(["fmt", "--diff", "-"])
        .write_stdin("2026-11-02   interview acme \"Acme\"\n")
        .assert()
        .code(1);
    assert!(
        out_of(&a).0.starts_with("--- a/<stdin>\n+++ b/<stdin>\n"),
        "{:?}",
        out_of(&a)
    );
}

/// The `.rs` files under `dir`, recursively, with their text.
fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path.display().to_string(), text));
        }
    }
    out
}

#[test]
fn the_diagnostic_type_depends_on_the_rule_catalogue_and_not_back() {
    // diagnostic.rs → rule.rs, a leaf: the catalogue imports nothing of the crate, and the
    // diagnostic type knows nothing of the registry or the rules.
    let diagnostic = std::fs::read_to_string("src/diagnostic.rs").unwrap();
    for word in ["registry", "rules::"] {
        assert!(
            !diagnostic.contains(word),
            "src/diagnostic.rs mentions `{word}`"
        );
    }
    let rule = std::fs::read_to_string("src/rule.rs").unwrap();
    for word in ["crate::", "diagnostic::"] {
        assert!(!rule.contains(word), "src/rule.rs mentions `{word}`");
    }
}

#[test]
fn rule_codes_are_written_as_rule_variants_in_the_code() {
    // A code in a string literal compiles with a typo; `Rule::C004` does not. Only the explain
    // pages, user-facing text and tests spell codes out.
    let mut found = Vec::new();
    for (path, text) in sources(Path::new("src")) {
        for (n, line) in text.lines().enumerate() {
            let b = line.as_bytes();
            let literal = (0..b.len().saturating_sub(5)).any(|i| {
                b[i] == b'"'
                    && b"JTCXWMNP".contains(&b[i + 1])
                    && b[i + 2..i + 5].iter().all(u8::is_ascii_digit)
                    && b[i + 5] == b'"'
            });
            if literal && !line.trim_start().starts_with("//") {
                found.push(format!("{path}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "rule codes as string literals:\n{}",
        found.join("\n")
    );
}

/// The dependency direction (issue 11): the parser, the rules, the reports and the front ends
/// build on the model; the model names none of them, so it never needs the grammar to be read.
#[test]
fn the_model_imports_no_layer_above_it() {
    let text = std::fs::read_to_string("src/model.rs").unwrap();
    // Every path the file names from the crate: `crate::a::b`, and each item of `crate::{a, b}`.
    let mut named = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            named.extend(group.split(',').map(|p| p.trim().to_string()));
        } else {
            named.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    for path in &named {
        let top = path.split("::").next().unwrap_or_default();
        assert!(
            !["parse", "rules", "cli", "render", "report", "lsp", "format", "timeline"]
                .contains(&top),
            "src/model.rs names crate::{path}; move what it needs to the model or a leaf module"
        );
    }
}
