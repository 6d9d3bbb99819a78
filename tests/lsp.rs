//! The editor server over an in-memory connection: every capability of SPEC §5 with exact
//! expected values on `tests/fixtures/lsp/clock.nudge` (a title with `—` and an emoji, so the
//! UTF-16 columns differ from the characters and the bytes), and robustness.

#[path = "../src/generate.rs"]
mod generate;
mod lsp_support;
use lsp_support::*;
use serde_json::{json, Value};

const URI: &str = "file:///tmp/nudge-lsp-test/clock.nudge";

fn clock() -> String {
    std::fs::read_to_string("tests/fixtures/lsp/clock.nudge").unwrap()
}

fn opened() -> Client {
    let mut c = Client::new();
    c.open(URI, &clock());
    c
}

fn doc() -> Value {
    json!({"textDocument": {"uri": URI}})
}

fn codes(diags: &Value) -> Vec<(String, u64, u64, u64, u64)> {
    diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap().to_string(),
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn s(v: &str) -> String {
    v.to_string()
}

#[test]
fn diagnostics_have_utf16_ranges_over_the_labelled_words() {
    let mut c = Client::new();
    let d = c.open(URI, &clock());
    assert_eq!(
        codes(&d),
        vec![
            // The header ends after `—` (1 unit) and `🙂` (2 units): 51, not 50 chars or 55 bytes.
            (s("X001"), 0, 0, 0, 51),
            (s("T003"), 6, 0, 6, 29),
            (s("C001"), 8, 0, 8, 28),
            // `per my last email`, after `Thanks — 🙂 ` on the body line.
            (s("M002"), 10, 18, 10, 35),
        ]
    );
    let x001 = &d[0];
    assert_eq!(x001["severity"], 2);
    assert_eq!(x001["source"], "nudge");
    assert_eq!(x001["codeDescription"]["href"], "nudge:explain/X001");
    assert_eq!(
        x001["message"],
        "the interview on 2026-11-02 has no decision date; nudge assumes 2026-11-09"
    );
    assert_eq!(
        x001["relatedInformation"][0]["message"],
        "help: ask \"when should I expect to hear back?\" and record the answer as `expect: YYYY-MM-DD`; once sent, it cannot be unsent: acknowledge it with an indented `; nudge: allow X001 -- reason` in the entry"
    );
    assert_eq!(d[2]["severity"], 1, "C001 is an error");
    // The M002 label sits on the words, as related information.
    let related = d[3]["relatedInformation"].as_array().unwrap();
    assert_eq!(related[0]["location"]["range"], range(10, 18, 10, 35));
    assert_eq!(related[0]["location"]["uri"], URI);
}

#[test]
fn a_client_offering_utf8_gets_byte_columns() {
    let mut c = Client::with(json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}));
    let d = c.open(URI, &clock());
    assert_eq!(codes(&d)[0], (s("X001"), 0, 0, 0, 55));
    assert_eq!(codes(&d)[3], (s("M002"), 10, 22, 10, 39));
    let c2 = Client::raw();
    drop(c2);
}

#[test]
fn the_server_announces_utf8_only_when_offered() {
    let mut c = Client::raw();
    let r = c.request(
        "initialize",
        json!({"capabilities": {"general": {"positionEncodings": ["utf-8"]}}}),
    );
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-8");
    let mut c = Client::raw();
    let r = c.request("initialize", json!({"capabilities": {}}));
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(r["serverInfo"]["name"], "nudge");
}

#[test]
fn diagnostics_follow_changes_and_are_cleared_when_fixed() {
    let mut c = Client::new();
    let d = c.open(URI, &clock());
    assert_eq!(d.as_array().unwrap().len(), 4);
    // Add `ref:` under the 2026-11-03 thank-you (line 6): T003 goes.
    let d = c.change(
        URI,
        2,
        json!([{"range": range(7, 0, 7, 0), "text": "    ref: the on-call rotation\n"}]),
    );
    assert_eq!(
        codes(&d).iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
        ["X001", "C001", "M002"]
    );
    // Replace everything with a clean journal: an empty list clears the editor's findings.
    let d = c.change(
        URI,
        3,
        json!([{"text": "2026-11-20 apply globex \"Globex\"\n"}]),
    );
    assert_eq!(d, json!([]));
}

#[test]
fn an_edit_after_an_emoji_lands_where_the_editor_means() {
    let mut c = Client::new();
    c.open(URI, &clock());
    // Line 0 col 47 (UTF-16) is just after `🙂 ` in the title (46 characters before it).
    let d = c.change(URI, 2, json!([{"range": range(0, 47, 0, 47), "text": "X"}]));
    assert_eq!(codes(&d)[0], (s("X001"), 0, 0, 0, 52));
    let hover = c.request("textDocument/hover", at(URI, 0, 1));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("Acme — 🙂 XSRE"), "{text}");
}

#[test]
fn today_is_the_initialization_option() {
    let mut c = Client::new();
    let d = c.open(URI, "2026-11-29 apply globex \"Globex\"\n");
    assert_eq!(codes(&d), vec![(s("J003"), 0, 0, 0, 32)]);
    assert!(d[0]["message"].as_str().unwrap().contains("(2026-11-28)"));
}

#[test]
fn hover_on_a_header_tells_the_round_the_deadline_and_the_next_action() {
    let mut c = opened();
    let h = c.request("textDocument/hover", at(URI, 8, 3));
    let text = h["contents"]["value"].as_str().unwrap();
    assert_eq!(h["contents"]["kind"], "markdown");
    assert!(text.starts_with(
        "**check-in** `acme-sre` — Acme — 🙂 SRE\n\nround 1 of 1\n\ndeadline D: 2026-11-09 (assumed: `assumed-wait` after the interview or reply)\n\npremature check-in: on or before D, takes no number\n\nnext: check-in-2 2026-11-18 → 2026-11-20 (overdue)\n\n---\n\n**C001** check-in on 2026-11-05 is 4 days before"
    ), "{text}");
    assert!(text.contains("### C001 contact-before-deadline"));
    assert_eq!(h["range"], range(8, 0, 8, 28));
    let h = c.request("textDocument/hover", at(URI, 9, 3));
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("\n\ncheck-in #1\n\n"));
}

#[test]
fn hover_on_a_rule_code_in_a_suppression_shows_its_page() {
    let mut c = Client::new();
    c.open(
        URI,
        "2026-11-20 apply globex \"Globex\"\n    ; nudge: allow C004, T003 -- why\nrule missing-value-add off\n",
    );
    let h = c.request("textDocument/hover", at(URI, 1, 22));
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("### C004 missing-value-add\n\n"), "{text}");
    assert_eq!(h["range"], range(1, 19, 1, 23));
    let h = c.request("textDocument/hover", at(URI, 2, 8));
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("### C004 missing-value-add"));
    // Nothing to say on a blank spot: null.
    assert_eq!(c.request("textDocument/hover", at(URI, 3, 0)), Value::Null);
}

#[test]
fn inlay_hints_show_the_clock() {
    let mut c = opened();
    let hints = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": URI}, "range": range(0, 0, 20, 0)}),
    );
    let got: Vec<(Value, Value)> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["position"].clone(), h["label"].clone()))
        .collect();
    let pos = |l: u32, c: u32| json!({"line": l, "character": c});
    assert_eq!(
        got,
        vec![
            (pos(0, 51), json!("D 2026-11-09 (assumed)")),
            (pos(8, 28), json!("premature")),
            (pos(9, 28), json!("#1")),
            (
                pos(10, 48),
                json!("next: check-in-2 2026-11-18 → 2026-11-20 (overdue)")
            ),
        ]
    );
    // A given deadline is not marked assumed; only hints inside the range are sent.
    let mut c = Client::new();
    c.open(
        URI,
        "2026-11-02 interview a \"A\"\n    expect: 2026-11-09\n2026-11-02 interview b \"B\"\n",
    );
    let hints = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": URI}, "range": range(0, 0, 0, 99)}),
    );
    assert_eq!(hints.as_array().unwrap().len(), 1);
    assert_eq!(hints[0]["label"], "D 2026-11-09");
}

fn labels(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn completion_offers_what_fits_where_the_cursor_is() {
    let mut c = Client::new();
    let text = "policy \nrule \n2026-11-02 interview acme-sre \"Acme\"\n    with: Jane Doe\n    with: Bob Lee\n2026-11-20 apply globex \"G\"\n2026-11-21 withdraw globex\n2026-11-03 thank-you acme-sre\n    to: \n    \n2026-11-04 \n2026-11-04 check-in \n    ; nudge: allow \n";
    c.open(URI, text);
    // After `policy `: names with their defaults.
    let r = c.request("textDocument/completion", at(URI, 0, 7));
    assert_eq!(labels(&r)[..2], [s("thank-you-within"), s("assumed-wait")]);
    assert_eq!(r[1]["detail"], "default 5bd");
    assert_eq!(r[1]["textEdit"]["newText"], "assumed-wait 5bd");
    // After `rule `: codes and names.
    let r = c.request("textDocument/completion", at(URI, 1, 5));
    assert!(labels(&r).contains(&s("C004")) && labels(&r).contains(&s("missing-value-add")));
    // After `to: `: the round's interviewers.
    let r = c.request("textDocument/completion", at(URI, 8, 8));
    assert_eq!(labels(&r), [s("Jane Doe"), s("Bob Lee")]);
    // An empty indented line under a thank-you: the keys a thank-you takes.
    let r = c.request("textDocument/completion", at(URI, 9, 4));
    assert_eq!(labels(&r), [s("to"), s("ref"), s("via"), s("note")]);
    // After a date: kinds.
    let r = c.request("textDocument/completion", at(URI, 10, 11));
    assert_eq!(labels(&r).len(), 8);
    assert_eq!(labels(&r)[0], "apply");
    // After a kind: slugs, open ones first.
    let r = c.request("textDocument/completion", at(URI, 11, 20));
    let mut items: Vec<(String, String)> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["sortText"].as_str().unwrap().into(),
                i["label"].as_str().unwrap().into(),
            )
        })
        .collect();
    items.sort();
    assert_eq!(
        items,
        [(s("0acme-sre"), s("acme-sre")), (s("1globex"), s("globex"))]
    );
    // In a suppression: rules.
    let r = c.request("textDocument/completion", at(URI, 12, 19));
    assert!(labels(&r).contains(&s("T003")));
    // Where a date starts: today (and the next due date, when later than today).
    let r = c.request("textDocument/completion", at(URI, 13, 0));
    assert_eq!(labels(&r)[0], TODAY);
}

#[test]
fn code_actions_offer_the_fix_the_allow_and_the_next_message() {
    let mut c = opened();
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range(6, 0, 6, 0), "context": {"diagnostics": []}}),
    );
    let actions = r.as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Insert a `ref:` line",
            "Allow T003 for this entry",
            "Insert the next due message: check-in-2 for acme-sre"
        ]
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[0]["diagnostics"][0]["code"], "T003");
    assert_eq!(
        actions[0]["edit"]["changes"][URI],
        json!([{"range": range(7, 0, 7, 0), "newText": "    ref: [the point you discussed]\n"}])
    );
    assert_eq!(
        actions[1]["edit"]["changes"][URI],
        json!([{"range": range(8, 0, 8, 0), "newText": "    ; nudge: allow T003\n"}])
    );
    assert_eq!(actions[2]["kind"], "source");
    let edit = &actions[2]["edit"]["changes"][URI][0];
    assert_eq!(edit["range"], range(13, 0, 13, 0));
    let new = edit["newText"].as_str().unwrap();
    assert!(
        new.starts_with("\n2026-11-28 ! check-in acme-sre  ; drafted by nudge"),
        "{new}"
    );
    assert!(new.contains("\n    value: [your value-add"));
    // `only: ["source"]` leaves the quick fixes out.
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range(6, 0, 6, 0), "context": {"diagnostics": [], "only": ["source"]}}),
    );
    assert_eq!(r.as_array().unwrap().len(), 1);
}

#[test]
fn applying_the_did_you_mean_action_clears_the_finding() {
    let mut c = Client::new();
    let text = "2026-11-20 apply acme \"Acme\"\n    notes: 2026-11-09\n";
    let d = c.open(URI, text);
    assert_eq!(codes(&d), vec![(s("J004"), 1, 4, 1, 9)]);
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range(1, 5, 1, 5), "context": {"diagnostics": []}}),
    );
    assert_eq!(r[0]["title"], "Replace with `note`");
    let edit = r[0]["edit"]["changes"][URI][0].clone();
    assert_eq!(edit, json!({"range": range(1, 4, 1, 9), "newText": "note"}));
    let d = c.change(
        URI,
        2,
        json!([{"range": edit["range"], "text": edit["newText"]}]),
    );
    assert_eq!(d, json!([]));
}

#[test]
fn formatting_gives_the_text_of_nudge_fmt_as_minimal_edits() {
    let mut c = Client::new();
    let text = "2026-11-02 interview acme \"Acme\"\n  expect:   2026-11-09\n    with: Jane Doe\n\n\n\n2026-11-20 apply globex \"G\"\n";
    c.open(URI, text);
    let edits = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(
        edits,
        json!([
            {"range": range(1, 0, 2, 0), "newText": "    expect: 2026-11-09\n"},
            {"range": range(3, 0, 5, 0), "newText": ""}
        ])
    );
    // Applying them gives exactly `nudge fmt`'s text; a formatted text needs no edit.
    assert_eq!(
        nudge::format::format(text),
        "2026-11-02 interview acme \"Acme\"\n    expect: 2026-11-09\n    with: Jane Doe\n\n2026-11-20 apply globex \"G\"\n"
    );
    c.change(URI, 2, json!([{"text": nudge::format::format(text)}]));
    let edits = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(edits, json!([]));
}

#[test]
fn document_symbols_are_opportunities_with_their_entries() {
    let mut c = opened();
    let r = c.request("textDocument/documentSymbol", doc());
    let names: Vec<(&str, usize)> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap(),
                s["children"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(names, [("acme-sre", 5), ("globex", 1)]);
    assert_eq!(r[0]["detail"], "Acme — 🙂 SRE");
    assert_eq!(r[0]["range"], range(0, 0, 10, 48));
    assert_eq!(r[0]["selectionRange"], range(0, 27, 0, 35));
    assert_eq!(r[0]["children"][1]["name"], "2026-11-02 thank-you");
    assert_eq!(r[0]["children"][1]["range"], range(3, 0, 5, 13));
}

#[test]
fn each_entry_of_several_lines_folds() {
    let mut c = opened();
    let r = c.request("textDocument/foldingRange", doc());
    let got: Vec<(u64, u64)> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [(0, 2), (3, 5), (6, 7), (9, 10)]);
}

#[test]
fn definition_goes_from_a_slug_to_the_opener_and_from_to_to_with() {
    let mut c = opened();
    let r = c.request("textDocument/definition", at(URI, 9, 22));
    assert_eq!(r, json!({"uri": URI, "range": range(0, 27, 0, 35)}));
    let r = c.request("textDocument/definition", at(URI, 7, 9));
    assert_eq!(r, json!({"uri": URI, "range": range(2, 4, 2, 17)}));
    assert_eq!(
        c.request("textDocument/definition", at(URI, 11, 0)),
        Value::Null
    );
}

#[test]
fn references_are_every_entry_of_the_opportunity() {
    let mut c = opened();
    let r = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 30}, "context": {"includeDeclaration": true}}),
    );
    let lines: Vec<Value> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"].clone())
        .collect();
    assert_eq!(
        lines,
        [
            range(0, 27, 0, 35),
            range(3, 27, 3, 35),
            range(6, 21, 6, 29),
            range(8, 20, 8, 28),
            range(9, 20, 9, 28)
        ]
    );
}

#[test]
fn rename_changes_every_slug_and_refuses_a_bad_one() {
    let mut c = opened();
    let r = c.request("textDocument/prepareRename", at(URI, 9, 22));
    assert_eq!(
        r,
        json!({"range": range(9, 20, 9, 28), "placeholder": "acme-sre"})
    );
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": {"line": 9, "character": 22}, "newName": "acme"}),
    );
    let edits = r["changes"][URI].as_array().unwrap();
    assert_eq!(edits.len(), 5);
    assert!(edits.iter().all(|e| e["newText"] == "acme"));
    assert_eq!(edits[2]["range"], range(6, 21, 6, 29));
    let e = c
        .call(
            "textDocument/rename",
            json!({"textDocument": {"uri": URI}, "position": {"line": 9, "character": 22}, "newName": "Not A Slug"}),
        )
        .unwrap_err();
    assert_eq!(e["code"], -32602);
}

#[test]
fn rename_reaches_into_included_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("j.nudge");
    std::fs::write(
        dir.path().join("more.nudge"),
        "2026-11-03 thank-you acme\n    ref: x\n",
    )
    .unwrap();
    let text = "include more.nudge\n2026-11-02 interview acme \"A\"\n    expect: 2026-11-09\n";
    std::fs::write(&root, text).unwrap();
    let uri = format!("file://{}", root.display());
    let more = format!("file://{}", dir.path().join("more.nudge").display());
    let mut c = Client::new();
    c.open(&uri, text);
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 23}, "newName": "acme-sre"}),
    );
    assert_eq!(
        r["changes"][&uri],
        json!([{"range": range(1, 21, 1, 25), "newText": "acme-sre"}])
    );
    assert_eq!(
        r["changes"][&more],
        json!([{"range": range(0, 21, 0, 25), "newText": "acme-sre"}])
    );
}

#[test]
fn included_files_come_from_disk_unless_open() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("j.nudge");
    let child = dir.path().join("child.nudge");
    std::fs::write(&child, "2026-11-03 thank-yu acme\n").unwrap();
    let text = "include child.nudge\n2026-11-02 interview acme \"A\"\n    expect: 2026-11-09\n";
    let uri = format!("file://{}", root.display());
    let child_uri = format!("file://{}", child.display());
    let mut c = Client::new();
    c.open(&uri, text);
    // The include's own finding is published for the include.
    let d = c.diagnostics(&child_uri);
    assert_eq!(codes(&d), vec![(s("J001"), 0, 11, 0, 19)]);
    // Open the child with the typo fixed (unsaved): the journal is judged with it, and the
    // child's findings are those of the journal that includes it (no J002 for `acme`).
    let d = c.open(
        &child_uri,
        "2026-11-03 thank-you acme\n    ref: the cache\n",
    );
    assert_eq!(d, json!([]));
    let d = c.diagnostics(&uri);
    assert_eq!(d, json!([]));
    let d = c.change(
        &child_uri,
        2,
        json!([{"range": range(1, 4, 2, 0), "text": ""}]),
    );
    assert_eq!(codes(&d), vec![(s("T003"), 0, 0, 0, 25)]);
    // A missing include is J007 at the include line.
    let d = c.change(&uri, 2, json!([{"text": "include nope.nudge\n"}]));
    assert_eq!(codes(&d), vec![(s("J007"), 0, 8, 0, 18)]);
}

#[test]
fn semantic_tokens_colour_every_part() {
    let mut c = opened();
    let r = c.request("textDocument/semanticTokens/full", doc());
    let data: Vec<u64> = r["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    // Line 0: date, time, kind, slug, the title (15 UTF-16 units: `—` 1, `🙂` 2).
    assert_eq!(
        data[..25],
        [0, 0, 10, 2, 1, 0, 11, 5, 3, 2, 0, 6, 9, 5, 0, 0, 10, 8, 6, 0, 0, 9, 15, 8, 0]
    );
    // Line 1: key `with`, value `Jane Doe`.
    assert_eq!(data[25..35], [1, 4, 4, 7, 0, 0, 6, 8, 8, 0]);
    // The body line (10): one token from `|`, 44 units, type body with `documentation`.
    let legend = nudge::lsp::requests::semantic_tokens::legend();
    assert_eq!(legend.token_types.len(), 11);
    let r = nudge::lsp::requests::semantic_tokens::classify(
        "; c\nworkweek mon-fri  ; x\n2026-11-30 ! note a\n    | hi\n",
    );
    assert_eq!(
        r,
        [
            (0, 3, 0),
            (4, 12, 1),
            (13, 20, 10),
            (22, 25, 0),
            (26, 36, 2),
            (37, 38, 4),
            (39, 43, 5),
            (44, 45, 6),
            (50, 54, 9)
        ]
    );
}

// ── robustness ──────────────────────────────────────────────────────────────────────────

#[test]
fn an_unknown_method_gets_method_not_found_and_the_server_goes_on() {
    let mut c = opened();
    let e = c.call("nudge/whatever", json!({})).unwrap_err();
    assert_eq!(e["code"], -32601);
    assert!(c.request("textDocument/hover", at(URI, 0, 1)).is_object());
}

#[test]
fn malformed_params_get_invalid_params() {
    let mut c = opened();
    let e = c
        .call("textDocument/hover", json!({"nope": 1}))
        .unwrap_err();
    assert_eq!(e["code"], -32602);
    let e = c.call("textDocument/hover", json!("a string")).unwrap_err();
    assert_eq!(e["code"], -32602);
    assert!(c.alive());
}

#[test]
fn a_document_never_opened_gets_an_error_for_every_request() {
    let mut c = opened();
    let other = "file:///tmp/never.nudge";
    for (method, params) in [
        ("textDocument/hover", at(other, 0, 0)),
        ("textDocument/definition", at(other, 0, 0)),
        (
            "textDocument/formatting",
            json!({"textDocument": {"uri": other}, "options": {"tabSize": 4, "insertSpaces": true}}),
        ),
        (
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": other}}),
        ),
        (
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": other}}),
        ),
    ] {
        let e = c.call(method, params).unwrap_err();
        assert_eq!(e["code"], -32602, "{method}");
    }
    // A change to it is logged and ignored.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": other, "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    assert!(c.request("textDocument/hover", at(URI, 0, 1)).is_object());
}

#[test]
fn positions_past_the_end_of_a_line_or_the_file_are_clamped() {
    let mut c = opened();
    for (l, ch) in [(0, 500), (500, 0), (u32::MAX, u32::MAX), (12, 99)] {
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
        ] {
            assert!(c.call(method, at(URI, l, ch)).is_ok(), "{method} {l}:{ch}");
        }
    }
    // A change past the end appends; a reversed range is read in order.
    c.change(
        URI,
        2,
        json!([{"range": range(900, 9, 999, 0), "text": "; end\n"}]),
    );
    c.change(URI, 3, json!([{"range": range(1, 4, 0, 9999), "text": ""}]));
    let r = c.request("textDocument/documentSymbol", doc());
    assert!(r.is_array());
}

#[test]
fn a_change_while_a_request_is_in_flight_is_answered_against_the_new_text() {
    let mut c = opened();
    // The request and the change go out together; the answer is computed on whatever text the
    // server holds, clamped, never a crash.
    c.send(lsp_server::Message::Request(lsp_server::Request::new(
        99.into(),
        "textDocument/hover".into(),
        at(URI, 10, 40),
    )));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "2026-11-20 apply g \"G\"\n"}]}),
    );
    let r = c.request("textDocument/hover", at(URI, 10, 40));
    assert_eq!(r, Value::Null);
    assert!(c.alive());
}

#[test]
fn a_bad_notification_is_ignored() {
    let mut c = opened();
    c.notify("textDocument/didOpen", json!({"textDocument": 3}));
    c.notify("textDocument/didChange", json!(null));
    c.notify("whatever/else", json!({}));
    assert!(c.request("textDocument/hover", at(URI, 0, 1)).is_object());
}

#[test]
fn requests_before_initialize_are_refused_and_shutdown_exit_end_cleanly() {
    let mut c = Client::raw();
    let e = c.call("textDocument/hover", at(URI, 0, 0)).unwrap_err();
    assert_eq!(e["code"], -32002);
    c.request("initialize", json!({"capabilities": {}}));
    assert_eq!(c.shutdown(), Ok(true));
}

#[test]
fn exit_without_shutdown_is_not_clean() {
    let c = Client::new();
    c.notify("exit", Value::Null);
    let mut c = c;
    // The server has returned; joining in drop does not hang.
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert!(!c.alive());
    c.notifications.clear();
}

#[test]
fn random_edits_and_requests_at_random_positions_never_break_the_server() {
    let mut rng = generate::Rng::new(7);
    let mut c = Client::new();
    let text = std::fs::read_to_string("examples/mistakes.nudge").unwrap();
    c.open(URI, &text);
    let pieces = [
        "x",
        "\n",
        "\r\n",
        "—",
        "🙂",
        "    ",
        "| ",
        "2026-11-30 ! check-in acme-sre\n",
        "\"",
        ";",
        ":",
        "\u{202e}",
        "",
    ];
    let methods = [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/definition",
        "textDocument/references",
        "textDocument/prepareRename",
        "textDocument/inlayHint",
        "textDocument/codeAction",
        "textDocument/formatting",
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/semanticTokens/full",
        "textDocument/rename",
    ];
    for version in 2..250 {
        let mut r = |n: u64| rng.below(n) as u32;
        let (l1, c1, l2, c2) = (r(80), r(90), r(80), r(90));
        let piece = pieces[r(pieces.len() as u64) as usize];
        c.change(
            URI,
            version,
            json!([{"range": range(l1, c1, l2, c2), "text": piece}]),
        );
        let method = methods[r(methods.len() as u64) as usize];
        let (l, ch) = (r(90), r(100));
        let params = json!({
            "textDocument": {"uri": URI},
            "position": {"line": l, "character": ch},
            "range": range(l, 0, l + r(10), ch),
            "context": {"diagnostics": [], "includeDeclaration": true},
            "options": {"tabSize": 4, "insertSpaces": true},
            "newName": "renamed",
        });
        if let Err(e) = c.call(method, params) {
            assert_ne!(e["code"], -32603, "{method}: {e}");
        }
    }
    assert!(c.alive());
    assert_eq!(c.shutdown(), Ok(true));
}

#[test]
fn a_stale_planned_entry_offers_mark_sent_and_move_and_either_clears_p001() {
    let text = "2026-11-02 interview acme \"Acme\"\n    with: Jane\n    expect: 2026-11-20\n2026-11-02 thank-you acme\n    to: Jane\n    ref: NATS\n2026-11-24 09:30 ! check-in acme\n";
    for (n, title, header) in [
        (0, "Mark sent today", "2026-11-28 check-in acme"),
        (1, "Move to today", "2026-11-28 09:30 ! check-in acme"),
    ] {
        let mut c = Client::new();
        let d = c.open(URI, text);
        assert!(codes(&d).iter().any(|x| x.0 == "P001"), "{d}");
        let r = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": range(6, 3, 6, 3), "context": {"diagnostics": [], "only": ["quickfix"]}}),
        );
        let titles: Vec<&str> = r
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap())
            .collect();
        assert_eq!(
            titles,
            [
                "Mark sent today",
                "Move to today",
                "Allow P001 for this entry"
            ]
        );
        assert_eq!(r[0]["isPreferred"], true);
        assert_eq!(r[1]["isPreferred"], Value::Null);
        assert_eq!(r[n]["title"], title);
        let edit = r[n]["edit"]["changes"][URI][0].clone();
        assert_eq!(
            edit,
            json!({"range": range(6, 0, 6, 32), "newText": header})
        );
        let d = c.change(
            URI,
            2,
            json!([{"range": edit["range"], "text": edit["newText"]}]),
        );
        assert!(codes(&d).iter().all(|x| x.0 != "P001"), "{d}");
    }
}

#[test]
fn j008_offers_one_line_per_person() {
    let mut c = Client::new();
    let text = "2026-11-28 interview acme \"Acme\"\n    with: Ann & Bob\n    expect: 2026-12-04\n";
    let d = c.open(URI, text);
    assert!(codes(&d).iter().any(|x| x.0 == "J008"), "{d}");
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range(1, 14, 1, 14), "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    assert_eq!(r[0]["title"], "Split into one line per person");
    let edit = r[0]["edit"]["changes"][URI][0].clone();
    assert_eq!(
        edit,
        json!({"range": range(1, 4, 1, 19), "newText": "with: Ann\n    with: Bob"})
    );
    let d = c.change(
        URI,
        2,
        json!([{"range": edit["range"], "text": edit["newText"]}]),
    );
    assert!(codes(&d).iter().all(|x| x.0 != "J008"), "{d}");
}

#[test]
fn applying_the_allow_action_silences_the_finding_and_leaves_no_unused_suppression() {
    let head = "2026-11-02 interview acme \"Acme\"\n    with: Jane Doe\n    expect: 2026-11-09\n2026-11-02 thank-you acme\n    to: Jane Doe";
    // The entry ends the document, with and without a line end.
    for text in [format!("{head}\n"), head.to_string()] {
        let mut c = Client::new();
        let d = c.open(URI, &text);
        assert!(codes(&d).iter().any(|x| x.0 == "T003"), "{d}");
        let r = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": range(3, 0, 3, 0), "context": {"diagnostics": [], "only": ["quickfix"]}}),
        );
        let allow = r
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == "Allow T003 for this entry")
            .unwrap_or_else(|| panic!("no allow action in {r}"));
        let edits = allow["edit"]["changes"][URI].as_array().unwrap();
        assert_eq!(edits.len(), 1);
        let changes: Vec<Value> = edits
            .iter()
            .map(|e| json!({"range": e["range"], "text": e["newText"]}))
            .collect();
        let d = c.change(URI, 2, json!(changes));
        let left = codes(&d);
        assert!(
            left.iter().all(|x| x.0 != "T003" && x.0 != "N001"),
            "{text:?}: {d}"
        );
    }
}
