//! Helpers shared by the integration tests.
#![allow(dead_code)]

/// The `nudge` binary with a clean, colourless, fixed-width environment.
pub fn nudge() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("nudge").unwrap();
    c.env_remove("NUDGE_FILE")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    c
}

/// Every journal the project ships: the examples and the rule fixtures.
pub fn corpus() -> Vec<String> {
    let mut files = vec![
        "examples/journal.nudge".to_string(),
        "examples/mistakes.nudge".to_string(),
    ];
    for e in std::fs::read_dir("tests/fixtures/rules").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "nudge") {
            files.push(p.to_string_lossy().into_owned());
        }
    }
    files.sort();
    files
}

/// Compare `got` with `tests/snapshots/NAME`; with `NUDGE_BLESS=1`, write it instead (then
/// review the diff by hand).
pub fn snapshot(name: &str, got: &str) {
    let path = format!("tests/snapshots/{name}");
    if std::env::var_os("NUDGE_BLESS").is_some() {
        std::fs::create_dir_all("tests/snapshots").unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing snapshot {path}"));
    assert_eq!(got, want, "snapshot {path} differs");
}
