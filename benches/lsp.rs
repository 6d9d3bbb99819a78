//! Editing speed of the editor server (SPEC §5): after a keystroke in a 1,000-entry journal
//! (the project's generator), the time until its diagnostics arrive, driving the server over an
//! in-memory connection exactly as an editor drives it over stdio. Target: median ≤ 20 ms.

#[path = "../src/generate.rs"]
mod generate;

use divan::Bencher;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::json;

fn main() {
    divan::main();
}

#[divan::bench(args = [1_000], sample_count = 50)]
fn keystroke_to_diagnostics(bencher: Bencher, entries: usize) {
    let text = generate::journal(entries, 1);
    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || {
        nudge::lsp::serve(&server, nudge::lsp::Log(nudge::lsp::LogLevel::Off))
    });
    let send = |m: Message| client.sender.send(m).unwrap_or(());
    send(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".into(),
        json!({"capabilities": {}, "initializationOptions": {"today": "2026-11-28"}}),
    )));
    let uri = "file:///bench/journal.nudge";
    let wait_diagnostics = || loop {
        match client.receiver.recv() {
            Ok(Message::Notification(n)) if n.method == "textDocument/publishDiagnostics" => {
                return n.params["diagnostics"].as_array().map_or(0, Vec::len)
            }
            Ok(_) => {}
            Err(_) => return 0,
        }
    };
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({"textDocument": {"uri": uri, "languageId": "nudge", "version": 1, "text": text}}),
    )));
    let first = wait_diagnostics();
    assert!(first > 0, "the generated journal has findings");
    // Type one character in the middle of the journal (a comment line, so findings stay).
    let line = text.lines().count() as u32 / 2;
    let mut version = 1;
    bencher.bench_local(|| {
        version += 1;
        send(Message::Notification(Notification::new(
            "textDocument/didChange".into(),
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": "x"}]}),
        )));
        divan::black_box(wait_diagnostics())
    });
    drop(client);
    let _ = handle.join();
}
