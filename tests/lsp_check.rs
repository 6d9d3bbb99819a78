//! The server's diagnostics are `nudge check`'s: for every rule fixture and every example
//! journal, the codes, lines and columns published equal those of `nudge check --format json`
//! (columns converted from UTF-16 to characters, as the CLI counts them), in every file.

mod lsp_support;
use lsp_support::Client;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn journals() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in [
        "tests/fixtures/rules",
        "tests/fixtures/reports",
        "tests/fixtures/lsp",
        "examples",
    ] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "nudge") {
                v.push(p);
            }
        }
    }
    v.sort();
    assert!(v.len() > 30, "{v:?}");
    v
}

fn today_of(text: &str) -> String {
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("; today: "))
        .unwrap_or(lsp_support::TODAY)
        .trim()
        .to_string()
}

fn uri_of(p: &Path) -> String {
    nudge::lsp::session::path_to_uri(&std::fs::canonicalize(p).unwrap())
        .unwrap()
        .as_str()
        .to_string()
}

/// A UTF-16 column on `line` of `text` → 1-based characters (with the CLI's BOM rule).
fn char_column(text: &str, line: u64, utf16: u64) -> u64 {
    let l = text.split('\n').nth(line as usize).unwrap_or("");
    let mut units = 0;
    let mut chars = 0;
    for c in l.chars() {
        if units >= utf16 {
            break;
        }
        units += c.len_utf16() as u64;
        chars += 1;
    }
    if line == 0 && text.starts_with('\u{feff}') && chars > 0 {
        chars -= 1;
    }
    chars + 1
}

#[test]
fn server_diagnostics_equal_nudge_check_json_on_every_fixture_and_example() {
    let mut checked = 0;
    for path in journals() {
        let text = std::fs::read_to_string(&path).unwrap();
        let today = today_of(&text);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_nudge"))
            .args(["check", "--format", "json", "--today", &today])
            .arg(&path)
            .output()
            .unwrap();
        let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut want: Vec<(String, String, u64, u64)> = cli["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    uri_of(Path::new(d["file"].as_str().unwrap())),
                    d["code"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                    d["column"].as_u64().unwrap(),
                )
            })
            .collect();
        let mut c = Client::raw();
        c.request(
            "initialize",
            json!({"capabilities": {}, "initializationOptions": {"today": today}}),
        );
        let uri = uri_of(&path);
        c.open(&uri, &text);
        let mut published = c.settle();
        // `open` consumed the document's own diagnostics: ask again with a no-op change.
        let own = c.change(
            &uri,
            2,
            json!([{"range": lsp_support::range(0, 0, 0, 0), "text": ""}]),
        );
        published.insert(uri.clone(), own);
        let mut got = Vec::new();
        for (u, diags) in &published {
            let file_text = if *u == uri {
                text.clone()
            } else {
                let p = nudge::lsp::session::uri_to_path(&u.parse().unwrap()).unwrap();
                std::fs::read_to_string(p).unwrap()
            };
            for d in diags.as_array().unwrap() {
                let start = &d["range"]["start"];
                let line = start["line"].as_u64().unwrap();
                got.push((
                    u.clone(),
                    d["code"].as_str().unwrap().to_string(),
                    line + 1,
                    char_column(&file_text, line, start["character"].as_u64().unwrap()),
                ));
            }
        }
        want.sort();
        got.sort();
        assert_eq!(got, want, "{}", path.display());
        checked += 1;
    }
    assert!(checked > 30);
}
