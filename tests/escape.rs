//! Text that leaves nudge (SPEC §4.1): one hostile journal — every control character, escape
//! sequences (clear screen, OSC 52 clipboard write, OSC 8 link), bidirectional overrides and
//! Markdown/HTML/formula lookalikes in titles, names and bodies — rendered in every format,
//! with assertions on the bytes that come out.

mod common;

use common::nudge;

const TODAY: &str = "2026-11-28";

fn controls() -> String {
    (0u32..32)
        .chain(0x7f..0xa0)
        .filter(|c| *c != 0x0a)
        .filter_map(char::from_u32)
        .collect()
}

fn bidi() -> String {
    (0x202au32..=0x202e)
        .chain(0x2066..=0x2069)
        .filter_map(char::from_u32)
        .collect()
}

const SEQUENCES: &str = "\u{1b}[2J\u{1b}]52;c;aGVsbG8=\u{7}\u{1b}]8;;http://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\\u{9b}31m";
const MARKUP: &str = "<script>alert(1)</script> [x](javascript:alert(1)) *b* _i_ |p| &amp;";

fn hostile() -> String {
    let title = format!("Evil {SEQUENCES}{}{}{MARKUP}", controls(), bidi());
    let name = "Mallory\u{1b}[31m\u{202e}eoD";
    format!(
        "2026-11-20 10:00 interview evil \"{title}\"\n    with: {name}\n    expect: 2026-11-23\n\
         2026-11-20 18:00 thank-you evil\n    to: {name}\n    ref: {SEQUENCES}{bidi}\n    | Hi {SEQUENCES}{ctl}{bidi}\n\
         2026-11-24 check-in evil\n    | any update{SEQUENCES}?\n\
         2026-11-27 10:00 interview csv1 \" =1+1\"\n    with: =HYPERLINK(\"http://x\")\n    expect: 2026-12-09\n\
         2026-11-27 10:00 interview csv2 \"＝SUM(A1)\"\n    with: @cmd\n    expect: 2026-12-09\n\
         2026-11-27 10:00 interview csv3 \"\t-2+3\"\n    with: +x\n    expect: 2026-12-09\n\
         2026-11-27 10:00 interview yamada \"Yamada\"\n    with: 山田太郎\n    with: 佐藤花子\n    expect: 2026-12-09\n",
        bidi = bidi(),
        ctl = controls(),
    )
}

struct Run {
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let j = dir.path().join("hostile\u{1b}[2J.nudge");
    std::fs::write(&j, hostile()).unwrap();
    let out = nudge()
        .env("COLUMNS", "1000")
        .args(args)
        .args(["--today", TODAY, "-f"])
        .arg(&j)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    Run {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// A character no terminal output may carry raw.
fn raw_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_terminal_safe(what: &str, text: &str) {
    let bad: Vec<String> = text
        .chars()
        .filter(|c| raw_on_terminal(*c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(bad.is_empty(), "{what}: raw {bad:?} in\n{text}");
}

#[test]
fn terminal_formats_show_every_control_character_escaped() {
    for args in [
        &["check"][..],
        &["check", "--format", "human"],
        &["due"],
        &["due", "--all"],
        &["report"],
        &["draft", "evil"],
        &["draft", "csv1"],
    ] {
        let r = run(args);
        assert_terminal_safe(&format!("{args:?} stdout"), &r.stdout);
        assert_terminal_safe(&format!("{args:?} stderr"), &r.stderr);
        let both = format!("{}{}", r.stdout, r.stderr);
        if args != ["draft", "csv1"] {
            assert!(
                both.contains("\\u{1b}"),
                "{args:?} shows the escape visibly:\n{both}"
            );
        }
    }
    let check = run(&["check"]);
    let both = format!("{}{}", check.stdout, check.stderr);
    assert!(both.contains("\\u{202e}"));
    // The path is escaped too.
    assert!(both.contains("hostile\\u{1b}[2J.nudge"), "{both}");
}

#[test]
fn check_json_and_human_agree_on_lines_and_columns() {
    let json = run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let human = run(&["check"]);
    let both = format!("{}{}", human.stdout, human.stderr);
    for d in v["diagnostics"].as_array().unwrap() {
        let at = format!(
            ".nudge:{}:{}]",
            d["line"].as_u64().unwrap(),
            d["column"].as_u64().unwrap()
        );
        assert!(both.contains(&at), "human output lacks {at}:\n{both}");
    }
    let j009: Vec<u64> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "J009")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    // Once per line that holds one: title, with:, to:, ref:, body, check-in body.
    assert_eq!(j009, [1, 2, 5, 6, 7, 9]);
}

#[test]
fn markdown_cells_are_inert() {
    for args in [
        &["due", "--all", "--format", "markdown"][..],
        &["report", "--format", "markdown"],
    ] {
        let md = run(args).stdout;
        assert_terminal_safe(&format!("{args:?}"), &md);
        assert!(!md.contains('<'), "{args:?}: raw < in\n{md}");
        assert!(!md.contains("\r"), "{args:?}");
        assert!(md.contains("&lt;script&gt;"), "{md}");
        assert!(md.contains("\\[x\\]"), "{md}");
        assert!(md.contains("\\*b\\* \\_i\\_ \\|p\\| &amp;amp;"), "{md}");
        // Every row keeps its column count: nothing split a row or added a cell.
        let mut columns = None;
        for line in md.lines() {
            if !line.starts_with('|') {
                columns = None;
                continue;
            }
            let cells = line.replace("\\|", "").matches('|').count();
            assert_eq!(cells, *columns.get_or_insert(cells), "{line}");
        }
    }
}

#[test]
fn csv_cells_are_neutralised() {
    for args in [
        &["due", "--all", "--format", "csv"][..],
        &["report", "--format", "csv"],
    ] {
        let text = run(args).stdout;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut cells = 0;
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                cells += 1;
                assert!(
                    !cell.chars().any(|c| raw_on_terminal(c) || c == '\t'),
                    "{args:?}: control character in {cell:?}"
                );
                let first = cell.chars().find(|c| !c.is_whitespace());
                assert!(
                    !matches!(
                        first,
                        Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠')
                    ),
                    "{args:?}: live formula {cell:?}"
                );
            }
        }
        assert!(cells > 20);
        assert!(text.contains("' =1+1"), "{text}");
        assert!(text.contains("'＝SUM(A1)"), "{text}");
    }
}

#[test]
fn ics_drops_control_characters_and_keeps_names_apart() {
    let text = run(&["due", "--all", "--format", "ics"]).stdout;
    for line in text.split("\r\n") {
        assert!(!line.chars().any(raw_on_terminal), "{line:?}");
    }
    let cal: icalendar::Calendar = text.parse().unwrap();
    use icalendar::Component;
    let events: Vec<_> = cal.components.iter().filter_map(|c| c.as_event()).collect();
    let uids: Vec<&str> = events.iter().filter_map(|e| e.get_uid()).collect();
    let mut unique = uids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), uids.len(), "{uids:?}");
    let yamada: Vec<&&str> = uids.iter().filter(|u| u.contains("thank-you.%E")).collect();
    assert_eq!(yamada.len(), 2, "{uids:?}");
    let evil = events
        .iter()
        .find(|e| e.get_summary().is_some_and(|s| s.contains("Evil")))
        .unwrap();
    let summary = evil.get_summary().unwrap();
    assert!(
        summary.contains("Evil [2J]52;c;aGVsbG8=]8;;http://evil.examplelink]8;;31m<script>"),
        "{summary}"
    );
    assert!(
        summary.contains("<script>"),
        "ICS TEXT keeps the text as text: {summary}"
    );
}

#[test]
fn json_outputs_stay_valid_json_with_the_text_intact() {
    for args in [
        &["check", "--format", "json"][..],
        &["due", "--all", "--format", "json"],
        &["report", "--format", "json"],
    ] {
        let text = run(args).stdout;
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(!text.contains('\u{1b}'), "serde_json escapes ESC");
        if args[0] != "check" {
            assert!(v.to_string().contains("\\u001b[2J"), "{args:?}");
        }
    }
}

#[test]
fn a_stray_mid_file_bom_prints_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let j = dir.path().join("j.nudge");
    std::fs::write(
        &j,
        "\u{feff}2026-11-02 note acme x\n\u{feff}2026-11-03 note acme y\n",
    )
    .unwrap();
    let out = nudge()
        .args(["check", "--today", TODAY])
        .arg(&j)
        .output()
        .unwrap();
    let both = format!(
        "{}{}",
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap()
    );
    assert!(both.contains("\\u{feff}"), "{both}");
    assert_eq!(
        both.matches('\u{feff}').count(),
        1,
        "only the real BOM of line 1:\n{both}"
    );
}

#[test]
fn human_header_columns_count_characters_like_json() {
    let dir = tempfile::tempdir().unwrap();
    let j = dir.path().join("j.nudge");
    // A BOM, an é and an em dash before the finding on line 1; a tab on line 2.
    std::fs::write(
        &j,
        "\u{feff}2026-11-02 interview acme \"é — x\"  ; é — \u{7}\n\t—é: x\n",
    )
    .unwrap();
    let json = nudge()
        .args(["check", "--format", "json", "--today", TODAY])
        .arg(&j)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let human = nudge()
        .args(["check", "--today", TODAY])
        .arg(&j)
        .output()
        .unwrap();
    let both = format!(
        "{}{}",
        String::from_utf8(human.stdout).unwrap(),
        String::from_utf8(human.stderr).unwrap()
    );
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(diags
        .iter()
        .any(|d| d["code"] == "J009" && d["column"] == 42));
    for d in diags {
        let at = format!("j.nudge:{}:{}]", d["line"], d["column"]);
        assert!(both.contains(&at), "{at} missing in\n{both}");
    }
}

#[test]
fn usage_errors_and_paths_in_errors_are_escaped() {
    let out = nudge()
        .args(["due", "--today", "2026-11-28\u{1b}[2J\u{202e}"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_terminal_safe("usage error", &err);
    // clap drops what looks like styling (ESC[2J); the rest is shown escaped.
    assert!(err.contains("\\u{202e}"), "{err}");
    let out = nudge()
        .args([
            "check",
            "--today",
            TODAY,
            "-f",
            "missing\u{1b}]52;c;eA==\u{7}.nudge",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_terminal_safe("missing journal", &err);
    assert!(
        err.contains("missing\\u{1b}]52;c;eA==\\u{7}.nudge"),
        "{err}"
    );
}
