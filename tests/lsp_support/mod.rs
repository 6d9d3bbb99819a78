//! An in-memory LSP client for the server's tests: the server runs on a thread over
//! `Connection::memory()`; requests wait for their response, keeping notifications aside.
#![allow(dead_code)]

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::time::Duration;

pub struct Client {
    conn: Option<Connection>,
    server: Option<std::thread::JoinHandle<Result<bool, String>>>,
    next_id: i32,
    pub notifications: VecDeque<Notification>,
}

pub const TODAY: &str = "2026-11-28";

impl Client {
    /// A server initialized with `initializationOptions.today` = [`TODAY`] and UTF-16.
    pub fn new() -> Client {
        Client::with(json!({}))
    }

    /// A server initialized with these client capabilities.
    pub fn with(capabilities: Value) -> Client {
        let mut c = Client::raw();
        let r = c.request(
            "initialize",
            json!({"capabilities": capabilities, "initializationOptions": {"today": TODAY}}),
        );
        assert!(r.get("capabilities").is_some(), "{r}");
        c.notify("initialized", json!({}));
        c
    }

    /// A server not initialized yet.
    pub fn raw() -> Client {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || {
            nudge::lsp::serve(&server, nudge::lsp::Log(nudge::lsp::LogLevel::Off))
        });
        Client {
            conn: Some(client),
            server: Some(handle),
            next_id: 1,
            notifications: VecDeque::new(),
        }
    }

    fn conn(&self) -> &Connection {
        self.conn.as_ref().unwrap()
    }

    pub fn send(&self, m: Message) {
        self.conn().sender.send(m).unwrap();
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    /// Send a request and wait for its response: `Ok(result)` or `Err(error object)`.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(Message::Request(Request::new(
            RequestId::from(id),
            method.into(),
            params,
        )));
        loop {
            match self.recv() {
                Message::Response(r) if r.id == RequestId::from(id) => {
                    return match r.response_result {
                        Err(e) => Err(serde_json::to_value(e).unwrap()),
                        Ok(v) => Ok(v),
                    }
                }
                Message::Notification(n) => self.notifications.push_back(n),
                // An answer to a request sent with `send`.
                Message::Response(_) => {}
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.call(method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    fn recv(&self) -> Message {
        self.conn()
            .receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers within 20 s")
    }

    pub fn open(&mut self, uri: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "nudge", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    /// The next `publishDiagnostics` for `uri` (the `diagnostics` array).
    pub fn diagnostics(&mut self, uri: &str) -> Value {
        loop {
            if let Some(pos) = self.notifications.iter().position(|n| {
                n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri
            }) {
                let n = self.notifications.remove(pos).unwrap();
                return n.params["diagnostics"].clone();
            }
            match self.recv() {
                Message::Notification(n) => self.notifications.push_back(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    /// Every `publishDiagnostics` sent so far, by URI (latest wins): the server answers
    /// requests in order, so all are in by the answer to one more request.
    pub fn settle(&mut self) -> std::collections::BTreeMap<String, Value> {
        let _ = self.call("nudge/settle", Value::Null);
        let mut out = std::collections::BTreeMap::new();
        for n in self.notifications.drain(..) {
            if n.method == "textDocument/publishDiagnostics" {
                out.insert(
                    n.params["uri"].as_str().unwrap().to_string(),
                    n.params["diagnostics"].clone(),
                );
            }
        }
        out
    }

    pub fn change(&mut self, uri: &str, version: i32, changes: Value) -> Value {
        // What was published before this change is stale.
        self.notifications.retain(|n| n.params["uri"] != uri);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
        self.diagnostics(uri)
    }

    /// Shut down cleanly; returns what `serve` returned.
    pub fn shutdown(mut self) -> Result<bool, String> {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }

    /// Whether the server thread is still running.
    pub fn alive(&self) -> bool {
        self.server.as_ref().is_some_and(|h| !h.is_finished())
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // Hang up: the server's receiver ends and its loop returns.
        self.conn.take();
        if let Some(h) = self.server.take() {
            let _ = h.join();
        }
    }
}

/// `{"textDocument": {"uri": …}, "position": {…}}`.
pub fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

pub fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}
