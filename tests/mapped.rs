//! A journal big enough to be mapped (`parse::MAP_FROM`) and streamed, its pages given back as
//! it is read, reads exactly as the same bytes read from stdin (copied into memory).

#[path = "../src/generate.rs"]
mod generate;

use assert_cmd::Command;

fn run(args: &[&str], stdin: Option<&str>) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let mut cmd = Command::cargo_bin("nudge").unwrap();
    cmd.args(args).env_remove("NUDGE_FILE");
    if let Some(text) = stdin {
        cmd.write_stdin(text.to_string());
    }
    let out = cmd.output().unwrap();
    (out.stdout, out.stderr, out.status.code())
}

#[test]
fn a_mapped_journal_reads_as_the_same_bytes_from_stdin() {
    let mut text = generate::journal(45_000, 9);
    // A bad header with its orphaned line, and a control character, past the first pieces.
    let at = text[text.len() / 2..].find("\n2").unwrap() + text.len() / 2 + 1;
    text.insert_str(at, "2026-02-30 note x\n    | skipped \u{1b}\n");
    assert!(text.len() as u64 >= nudge::parse::MAP_FROM);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.nudge");
    std::fs::write(&path, &text).unwrap();
    let file = path.to_str().unwrap();
    for command in [
        &["check", "--format", "json"][..],
        &["check"],
        &["due", "--format", "json", "--all"],
        &[
            "report",
            "--format",
            "json",
            "--from",
            "2020-01-01",
            "--to",
            "2026-11-28",
        ],
    ] {
        let common = ["--today", "2026-11-28"];
        let mapped: Vec<&str> = command
            .iter()
            .chain(&common)
            .chain(&["-f", file])
            .copied()
            .collect();
        let read: Vec<&str> = command
            .iter()
            .chain(&common)
            .chain(&["-f", "-", "--stdin-filename", file])
            .copied()
            .collect();
        let (out, err, code) = run(&mapped, None);
        assert!(
            code == Some(0) || code == Some(1),
            "{command:?}: {}",
            String::from_utf8_lossy(&err)
        );
        assert!(out.len() > 1000, "{command:?} printed too little");
        assert!(
            run(&read, Some(&text)) == (out, err, code),
            "{command:?} differs"
        );
    }
}
