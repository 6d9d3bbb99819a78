//! Nothing lost (SPEC §4): safe writes and bounded reads. Each test pins one kind of fault that
//! an earlier nudge had.

mod common;

use common::{nudge, Test};
use nudge::fs::{update_journal, WriteError};
use nudge::parse::ReadErrorKind;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

const TWO_OPEN: &str = "2026-11-27 10:00 interview opa \"A Corp\"\n    with: Jane Doe\n    expect: 2026-12-09\n\n2026-11-27 11:00 interview opb \"B Corp\"\n    with: Bob Lee\n    expect: 2026-12-09\n";

/// Needs re-indenting, so `fmt` writes.
const UNFORMATTED: &str =
    "2026-11-02 interview acme \"Acme\"\n  with: Jane Doe\n  expect: 2026-11-09\n";

#[test]
fn concurrent_draft_appends_both_land_or_one_exits_2() {
    for round in 0..6 {
        let dir = tempfile::tempdir().unwrap();
        let j = write(dir.path(), "j.nudge", TWO_OPEN);
        let spawn = |opp: &str| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("nudge"))
                .args(["draft", opp, "--append", "--today", "2026-11-28", "-f"])
                .arg(&j)
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn("opa"), spawn("opb"));
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let text = std::fs::read_to_string(&j).unwrap();
        let landed_a = text.contains("! thank-you opa");
        let landed_b = text.contains("! thank-you opb");
        for (out, landed) in [(&a, landed_a), (&b, landed_b)] {
            match out.status.code() {
                Some(0) => assert!(landed, "round {round}: exit 0 but the entry is gone"),
                Some(2) => assert!(!landed),
                other => panic!("round {round}: unexpected status {other:?}"),
            }
        }
        assert!(
            text.starts_with(TWO_OPEN),
            "round {round}: the journal lost bytes"
        );
        assert_eq!(
            names(dir.path()),
            ["j.nudge"],
            "no lock or temp file is left"
        );
    }
}

#[test]
fn an_edit_that_lands_between_read_and_rename_is_kept_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    // An editor that writes in place.
    let j = write(dir.path(), "j.nudge", UNFORMATTED);
    let r = update_journal(&j, |text| {
        std::fs::write(&j, "; saved by the editor\n").unwrap();
        Ok(Some(format!("{text}; nudge\n")))
    });
    assert!(matches!(r, Err(WriteError::Changed { .. })), "{r:?}");
    assert_eq!(
        std::fs::read_to_string(&j).unwrap(),
        "; saved by the editor\n"
    );
    // An editor that saves by renaming a new file over the journal.
    let r = update_journal(&j, |text| {
        let other = dir.path().join("editor.tmp");
        std::fs::write(&other, "; renamed over\n").unwrap();
        std::fs::rename(&other, &j).unwrap();
        Ok(Some(format!("{text}; nudge\n")))
    });
    assert!(matches!(r, Err(WriteError::Changed { .. })), "{r:?}");
    assert_eq!(std::fs::read_to_string(&j).unwrap(), "; renamed over\n");
    assert_eq!(names(dir.path()), ["j.nudge"]);
    let message = r.unwrap_err().to_string();
    assert!(
        message.contains("changed while nudge was writing"),
        "{message}"
    );
}

#[test]
fn a_symlinked_journal_is_written_through_its_link_which_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sync")).unwrap();
    let real = write(&dir.path().join("sync"), "real.nudge", UNFORMATTED);
    let link = dir.path().join("j.nudge");
    std::os::unix::fs::symlink("sync/real.nudge", &link).unwrap();
    nudge().arg("fmt").arg(&link).assert().success();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("\n    with: Jane Doe\n"));
    assert_eq!(names(&dir.path().join("sync")), ["real.nudge"]);
}

#[test]
fn a_hard_linked_journal_is_refused_not_split() {
    let t = Test::new().write("j.nudge", UNFORMATTED);
    std::fs::hard_link(t.tmp().join("j.nudge"), t.tmp().join("copy.nudge")).unwrap();
    let out = t
        .args(["fmt", "{tmp}/j.nudge"])
        .stderr("nudge: error: `{tmp}/j.nudge` has 2 hard links; nudge does not write a hard-linked journal, because replacing it would split the links (make it a single file, or a symbolic link, and try again); the file was not changed\n")
        .status(2)
        .file("j.nudge", UNFORMATTED)
        .run();
    let j = out.tmp.path().join("j.nudge");
    assert_eq!(std::fs::metadata(&j).unwrap().nlink(), 2);
}

#[test]
fn a_read_only_journal_is_refused_by_every_writer() {
    let t = Test::new()
        .write("j.nudge", UNFORMATTED)
        .write("k.nudge", TWO_OPEN);
    for name in ["j.nudge", "k.nudge"] {
        let p = t.tmp().join(name);
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    let read_only = |name: &str| {
        format!("nudge: error: `{{tmp}}/{name}` is read-only (mode 0444); nudge does not write it (make it writable with `chmod u+w`, then try again); the file was not changed\n")
    };
    let t = t
        .args(["fmt", "{tmp}/j.nudge"])
        .stderr(&read_only("j.nudge"))
        .status(2)
        .file("j.nudge", UNFORMATTED)
        .file("k.nudge", TWO_OPEN);
    let out = t.run();
    let t = Test::new()
        .write("k.nudge", TWO_OPEN)
        .args(["draft", "opa", "--append", "--today", "2026-11-28", "-f"])
        .arg("{tmp}/k.nudge");
    std::fs::set_permissions(
        t.tmp().join("k.nudge"),
        std::fs::Permissions::from_mode(0o444),
    )
    .unwrap();
    let draft = t
        .stdout_contains("Subject: Thank you: A Corp")
        .stderr(&read_only("k.nudge"))
        .status(2)
        .file("k.nudge", TWO_OPEN)
        .run();
    assert_eq!(names(out.tmp.path()), ["j.nudge", "k.nudge"]);
    assert_eq!(names(draft.tmp.path()), ["k.nudge"]);
}

#[test]
fn the_temporary_file_is_never_readable_by_more_than_the_journal_and_keeps_owner_and_group() {
    let dir = tempfile::tempdir().unwrap();
    let big = UNFORMATTED.repeat(30_000);
    let j = write(dir.path(), "j.nudge", &big);
    std::fs::set_permissions(&j, std::fs::Permissions::from_mode(0o640)).unwrap();
    let root = nix_is_root();
    if root {
        std::os::unix::fs::chown(&j, Some(4321), Some(4321)).unwrap();
    }
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let done = done.clone();
        let dir = dir.path().to_path_buf();
        std::thread::spawn(move || {
            let mut seen = Vec::new();
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                for e in std::fs::read_dir(&dir).unwrap().flatten() {
                    if let Ok(m) = e.metadata() {
                        seen.push((e.file_name(), m.mode() & 0o777));
                    }
                }
            }
            seen
        })
    };
    assert!(update_journal(&j, |t| Ok(Some(nudge::format::format(t)))).unwrap());
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    for (name, mode) in watcher.join().unwrap() {
        // 0600 from creation; the journal's 0640 just before the rename; never more.
        assert!(mode == 0o600 || mode == 0o640, "{name:?} had mode {mode:o}");
    }
    let meta = std::fs::metadata(&j).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o640);
    if root {
        assert_eq!((meta.uid(), meta.gid()), (4321, 4321));
    }
    assert_eq!(names(dir.path()), ["j.nudge"]);
}

fn nix_is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

#[test]
fn a_pre_existing_file_with_a_temporary_name_is_never_touched() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", UNFORMATTED);
    let mut decoys = Vec::new();
    for name in [
        ".j.nudge.AAAAAAAAAAAA.nudge-tmp".to_string(),
        format!(".j.nudge.nudge-{}.tmp", std::process::id()),
        ".j.nudge.tmp".to_string(),
    ] {
        decoys.push(write(dir.path(), &name, "someone else's file\n"));
    }
    // A refused write (the edit changes the file meanwhile) must not remove them either.
    let _ = update_journal(&j, |t| {
        std::fs::write(&j, "; changed\n").unwrap();
        Ok(Some(format!("{t}\n")))
    });
    std::fs::write(&j, UNFORMATTED).unwrap();
    nudge().arg("fmt").arg(&j).assert().success();
    for d in &decoys {
        assert_eq!(
            std::fs::read_to_string(d).unwrap(),
            "someone else's file\n",
            "{}",
            d.display()
        );
    }
    assert_eq!(names(dir.path()).len(), 4);
}

#[test]
fn a_write_that_adds_an_unreadable_line_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", UNFORMATTED);
    let r = update_journal(&j, |t| Ok(Some(format!("{t}10000-01-01 note acme\n"))));
    assert!(
        matches!(r, Err(WriteError::Unreadable { line: 4, .. })),
        "{r:?}"
    );
    assert_eq!(std::fs::read_to_string(&j).unwrap(), UNFORMATTED);
    // A bad line that was already there does not block other changes.
    let with_bad = format!("2026-02-30 note acme\n{UNFORMATTED}");
    std::fs::write(&j, &with_bad).unwrap();
    assert!(update_journal(&j, |t| Ok(Some(format!("{t}; more\n")))).unwrap());
}

#[test]
fn fmt_keeps_every_line_on_its_side_of_the_64_kib_limit() {
    let dir = tempfile::tempdir().unwrap();
    let limit = nudge::parse::MAX_LINE;
    let head = "; today: 2026-11-28\n2026-11-02 note acme \"Acme\"\n";
    // Readable at exactly the limit; re-indented to four spaces it would not be.
    let at_limit = format!(" | {}", "x".repeat(limit - 3));
    // Unreadable one byte over; re-indented from eight spaces to four it would become readable.
    let over = format!("        | {}", "y".repeat(limit + 1 - 10));
    assert_eq!((at_limit.len(), over.len()), (limit, limit + 1));
    let text = format!("{head}{at_limit}\n  with: x\n{over}\n");
    let j = write(dir.path(), "j.nudge", &text);
    let before = nudge()
        .args(["check", "--format", "json", "--today", "2026-11-28"])
        .arg(&j)
        .output()
        .unwrap();
    nudge().arg("fmt").arg(&j).assert().success();
    let after_text = std::fs::read_to_string(&j).unwrap();
    let lens: Vec<usize> = after_text.lines().map(str::len).collect();
    assert_eq!(lens[2], limit);
    assert_eq!(lens[4], limit + 1);
    assert!(
        after_text.contains("\n    with: x\n"),
        "the rest is formatted"
    );
    let after = nudge()
        .args(["check", "--format", "json", "--today", "2026-11-28"])
        .arg(&j)
        .output()
        .unwrap();
    // Re-indenting moves columns; codes, lines and messages stay.
    let findings = |out: &[u8]| -> Vec<(String, u64, String)> {
        let v: serde_json::Value = serde_json::from_slice(out).unwrap();
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let (before, after) = (findings(&before.stdout), findings(&after.stdout));
    assert_eq!(before, after, "fmt changed a finding");
    assert!(before
        .iter()
        .any(|(code, line, _)| code == "J001" && *line == 5));
}

#[test]
fn create_new_never_writes_over_a_file_or_a_link_and_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("new.nudge");
    nudge::fs::create_new(&fresh, "; hello\n").unwrap();
    assert_eq!(std::fs::metadata(&fresh).unwrap().mode() & 0o777, 0o600);
    assert!(nudge::fs::create_new(&fresh, "; again\n").is_err());
    assert_eq!(std::fs::read_to_string(&fresh).unwrap(), "; hello\n");
    let dangling = dir.path().join("link.nudge");
    std::os::unix::fs::symlink(dir.path().join("target.nudge"), &dangling).unwrap();
    assert!(nudge::fs::create_new(&dangling, "; x\n").is_err());
    assert!(!dir.path().join("target.nudge").exists());
}

#[test]
fn write_output_replaces_through_a_link_and_keeps_the_mode() {
    let dir = tempfile::tempdir().unwrap();
    let real = write(dir.path(), "real.html", "old");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("out.html");
    std::os::unix::fs::symlink("real.html", &link).unwrap();
    nudge::fs::write_output(&link, b"new").unwrap();
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::metadata(&real).unwrap().mode() & 0o777, 0o600);
}

// ---- Bounded reads -------------------------------------------------------------------------

fn load_codes(path: &Path) -> (usize, Vec<&'static str>) {
    let storage = nudge::parse::Storage::new();
    let journal = nudge::cli::load(&storage, path).unwrap();
    let codes = journal.diagnostics.iter().map(|d| d.code()).collect();
    (journal.sources.files.len(), codes)
}

#[test]
fn an_include_diamond_of_a_million_paths_reads_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    // f0 includes f1 twice, f1 includes f2 twice, …: 2^20 paths to f20.
    for i in 0..20 {
        let next = format!("include f{}.nudge\n", i + 1);
        write(dir.path(), &format!("f{i}.nudge"), &next.repeat(2));
    }
    write(dir.path(), "f20.nudge", "2026-11-02 apply acme \"Acme\"\n");
    let started = Instant::now();
    let (files, codes) = load_codes(&dir.path().join("f0.nudge"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(files, 21);
    assert_eq!(codes, vec!["J010"; 20]);
}

#[test]
fn a_big_file_included_300_times_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let big = "; a comment line of a big included file, repeated\n".repeat(400_000);
    write(dir.path(), "big.nudge", &big);
    write(dir.path(), "j.nudge", &"include big.nudge\n".repeat(300));
    let (files, codes) = load_codes(&dir.path().join("j.nudge"));
    assert_eq!(files, 2);
    assert_eq!(codes.len(), 299);
    assert!(codes.iter().all(|c| *c == "J010"));
}

#[test]
fn a_file_included_twice_counts_its_check_in_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ci.nudge", "2026-11-12 check-in acme\n");
    std::os::unix::fs::symlink("ci.nudge", dir.path().join("alias.nudge")).unwrap();
    let j = write(
        dir.path(),
        "j.nudge",
        "2026-11-02 interview acme \"Acme\"\n    with: Jane Doe\n    expect: 2026-11-09\n2026-11-02 thank-you acme\n    to: Jane Doe\n    ref: the pager rotation\ninclude ci.nudge\ninclude alias.nudge\n",
    );
    let out = nudge()
        .args(["check", "--format", "json", "--today", "2026-11-28"])
        .arg(&j)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // Counted twice, the check-in would be #2 without a value-add (C004).
    assert_eq!(codes, ["J010"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_fifo_never_hangs_as_journal_or_include() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.nudge");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let out = nudge()
        .args(["check", "--today", "2026-11-28", "-f"])
        .arg(&fifo)
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("is not a regular file"), "{err}");
    let j = write(dir.path(), "j.nudge", "include pipe.nudge\n");
    let out = nudge()
        .args(["check", "--format", "json", "--today", "2026-11-28"])
        .arg(&j)
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\"J007\"") && text.contains("not a regular file"),
        "{text}"
    );
}

#[test]
fn more_than_ten_thousand_files_is_j007() {
    let dir = tempfile::tempdir().unwrap();
    let mut includes = String::new();
    for i in 0..10_001 {
        std::fs::write(dir.path().join(format!("{i}.nudge")), "").unwrap();
        includes.push_str(&format!("include {i}.nudge\n"));
    }
    let j = write(dir.path(), "j.nudge", &includes);
    let (files, codes) = load_codes(&j);
    assert_eq!(files, 10_000);
    assert_eq!(codes, ["J007", "J007"]);
}

#[test]
fn many_concurrent_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", "; start\n");
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let j = j.clone();
            std::thread::spawn(move || {
                for k in 0..25 {
                    let line = format!("; writer {t} line {k}\n");
                    loop {
                        match update_journal(&j, |text| Ok(Some(format!("{text}{line}")))) {
                            Ok(true) => break,
                            // Nudge may refuse (exit 2) but never lose: try again.
                            Err(WriteError::Changed { .. }) => continue,
                            other => panic!("{other:?}"),
                        }
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let text = std::fs::read_to_string(&j).unwrap();
    assert_eq!(text.lines().count(), 1 + 8 * 25, "{text}");
    assert_eq!(names(dir.path()), ["j.nudge"]);
}

#[test]
fn reads_stop_at_the_byte_budget() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.nudge", "; eleven b\n");
    let err = nudge::parse::read_file_limited(&j, 10).unwrap_err();
    assert!(
        matches!(
            err.kind,
            ReadErrorKind::TooLarge {
                size: 11,
                limit: 10
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("is 11 bytes"), "{err}");
    assert_eq!(
        nudge::parse::read_file_limited(&j, 11).unwrap().1,
        "; eleven b\n"
    );
    // A directory and a missing file are reasons, not hangs or panics.
    let directory = nudge::parse::read_file(dir.path()).unwrap_err();
    assert!(matches!(directory.kind, ReadErrorKind::IsDirectory));
    assert_eq!(directory.kind.to_string(), "is a directory, not a file");
    let missing = nudge::parse::read_file(&dir.path().join("nope")).unwrap_err();
    assert!(matches!(missing.kind, ReadErrorKind::NotFound));
    assert_eq!(missing.kind.to_string(), "does not exist");
}

#[test]
fn includes_are_relative_to_the_file_actually_opened() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sync")).unwrap();
    write(
        &dir.path().join("sync"),
        "real.nudge",
        "include part.nudge\n",
    );
    write(
        &dir.path().join("sync"),
        "part.nudge",
        "2026-11-02 apply acme \"Acme\"\n",
    );
    std::os::unix::fs::symlink("sync/real.nudge", dir.path().join("j.nudge")).unwrap();
    let out = nudge()
        .args(["check", "--format", "json", "--today", "2026-11-28"])
        .arg(dir.path().join("j.nudge"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"], serde_json::json!([]), "{v}");
}
