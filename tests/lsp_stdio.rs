//! `nudge lsp` as an editor runs it: frames on stdin and stdout, nothing else on stdout, logs
//! on stderr; a body that is not JSON gets -32700 and the server reads on; only a broken frame
//! ends it.

use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};

fn frame(body: &[u8]) -> Vec<u8> {
    let mut v = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    v.extend_from_slice(body);
    v
}

fn msg(v: Value) -> Vec<u8> {
    frame(v.to_string().as_bytes())
}

/// Run `nudge lsp` on `input`; returns the messages on stdout, stderr and the exit status.
fn run(input: &[u8], args: &[&str]) -> (Vec<Value>, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nudge"))
        .arg("lsp")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    let mut rest = &out.stdout[..];
    let mut messages = Vec::new();
    while !rest.is_empty() {
        let head_end = rest
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("only frames on stdout");
        let head = std::str::from_utf8(&rest[..head_end]).unwrap();
        let len: usize = head
            .strip_prefix("Content-Length: ")
            .unwrap()
            .parse()
            .unwrap();
        let body = &rest[head_end + 4..head_end + 4 + len];
        messages.push(serde_json::from_slice(body).unwrap());
        rest = &rest[head_end + 4 + len..];
    }
    (
        messages,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn init() -> Vec<u8> {
    msg(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "initializationOptions": {"today": "2026-11-28"}}}),
    )
}

#[test]
fn a_body_that_is_not_json_gets_a_parse_error_and_the_server_goes_on() {
    let mut input = init();
    input.extend(frame(b"{this is not json"));
    input.extend(msg(json!({"jsonrpc": "2.0", "id": 2, "method": 7})));
    input.extend(msg(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": 5}}),
    ));
    input.extend(msg(
        json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}),
    ));
    input.extend(msg(json!({"jsonrpc": "2.0", "method": "exit"})));
    let (messages, stderr, status) = run(&input, &[]);
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert_eq!(messages[0]["id"], 1);
    assert_eq!(messages[1]["id"], Value::Null);
    assert_eq!(messages[1]["error"]["code"], -32700);
    assert_eq!(messages[2]["id"], 2);
    assert_eq!(messages[2]["error"]["code"], -32600);
    assert_eq!(
        messages[3],
        json!({"jsonrpc": "2.0", "id": 3, "result": null})
    );
    assert!(stderr.contains("not JSON"), "{stderr}");
    assert!(
        stderr.contains("ignored a bad textDocument/didOpen"),
        "{stderr}"
    );
    assert_eq!(status, 0);
}

#[test]
fn diagnostics_arrive_on_stdout_and_logs_stay_on_stderr() {
    let text = std::fs::read_to_string("examples/mistakes.nudge").unwrap();
    let mut input = init();
    input.extend(msg(
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    ));
    input.extend(msg(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///nowhere/mistakes.nudge", "languageId": "nudge", "version": 1, "text": text}}})));
    input.extend(msg(
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    ));
    input.extend(msg(json!({"jsonrpc": "2.0", "method": "exit"})));
    let (messages, stderr, status) = run(&input, &["--log-level", "info"]);
    assert_eq!(messages[1]["method"], "textDocument/publishDiagnostics");
    assert!(
        messages[1]["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .len()
            > 20
    );
    assert!(
        stderr.contains("notification textDocument/didOpen"),
        "{stderr}"
    );
    assert_eq!(status, 0);
}

#[test]
fn a_broken_frame_ends_the_server_with_a_message() {
    let mut input = init();
    input.extend(b"Content-Length: many\r\n\r\n{}");
    let (messages, stderr, status) = run(&input, &[]);
    assert_eq!(messages.len(), 1);
    assert!(stderr.contains("Content-Length"), "{stderr}");
    assert_eq!(status, 1);
}

#[test]
fn exit_without_shutdown_and_the_end_of_input_end_it() {
    let mut input = init();
    input.extend(msg(json!({"jsonrpc": "2.0", "method": "exit"})));
    let (_, _, status) = run(&input, &[]);
    assert_eq!(status, 1);
    let (messages, _, status) = run(&init(), &[]);
    assert_eq!(messages.len(), 1);
    assert_eq!(status, 0);
}

#[test]
fn a_bad_log_level_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_nudge"))
        .args(["lsp", "--log-level", "loud"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("invalid value 'loud' for '--log-level <LEVEL>'"));
}
