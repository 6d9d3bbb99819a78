//! The editor server, `nudge lsp` (SPEC §5): the Language Server Protocol 3.17 over stdio.
//!
//! A renderer like the others: it asks the same library the CLI uses for the same
//! diagnostics, timelines, drafts and formatting, and only translates them (positions in the
//! client's encoding, LSP kinds). The layout follows ruff's server: a [`session::Session`]
//! owns the open documents; one module per request ([`requests`]) and one for the document
//! notifications ([`notifications`]); positions are converted only at the edge
//! ([`session::Session::range`] and friends). The loop is rust-analyzer's `lsp-server`
//! example: a plain `match` on the method, easy to drive over `Connection::memory()`.

pub mod notifications;
pub mod requests;
pub mod session;
mod transport;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use serde_json::Value;
use session::Session;

/// How much the server writes to stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default, clap::ValueEnum)]
pub enum LogLevel {
    /// Nothing.
    Off,
    /// Failures only: a bad message, a frame that cannot be read.
    #[default]
    Error,
    /// Also what the server ignores.
    Warn,
    /// Also every request and notification received.
    Info,
    /// Also timings.
    Debug,
}

/// Logging to stderr (never stdout: stdout carries the protocol).
#[derive(Clone, Copy, Debug, Default)]
pub struct Log(pub LogLevel);

impl Log {
    pub fn at(&self, level: LogLevel, message: impl FnOnce() -> String) {
        if level <= self.0 && level != LogLevel::Off {
            eprintln!("nudge lsp: {:?}: {}", level, message());
        }
    }
}

/// Run the server on stdin/stdout until `exit` or the end of input. Returns the exit status:
/// 0 after `shutdown` + `exit` (or end of input), 1 when `exit` came without `shutdown` or a
/// frame could not be read.
pub fn run_stdio(level: LogLevel) -> i32 {
    let log = Log(level);
    let (connection, threads) = transport::stdio(log);
    let result = serve(&connection, log);
    drop(connection);
    let frame = threads.join();
    match (result, frame) {
        (Ok(true), Ok(())) => 0,
        (Ok(_), Ok(())) => 1,
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("nudge lsp: {e}");
            1
        }
    }
}

/// Serve one client over `connection` until `exit` or until the client hangs up. Returns
/// whether the session ended cleanly (`shutdown` before `exit`, or the client hung up).
pub fn serve(connection: &Connection, log: Log) -> Result<bool, String> {
    let Some(mut session) = initialize(connection, log)? else {
        return Ok(false);
    };
    let mut shut_down = false;
    while let Ok(message) = connection.receiver.recv() {
        match message {
            Message::Request(req) => {
                log.at(LogLevel::Info, || {
                    format!("request {} {}", req.id, req.method)
                });
                if shut_down {
                    respond(
                        connection,
                        Response::new_err(
                            req.id,
                            ErrorCode::InvalidRequest as i32,
                            "the server is shutting down".into(),
                        ),
                    );
                    continue;
                }
                if req.method == "shutdown" {
                    shut_down = true;
                    respond(connection, Response::new_ok(req.id, Value::Null));
                    continue;
                }
                let id = req.id.clone();
                // A bug in one handler answers that request with an error; the server goes on.
                let response = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    requests::dispatch(&mut session, req)
                }))
                .unwrap_or_else(|_| {
                    Response::new_err(
                        id,
                        ErrorCode::InternalError as i32,
                        "internal error (reported on stderr)".into(),
                    )
                });
                respond(connection, response);
            }
            Message::Notification(n) => {
                log.at(LogLevel::Info, || format!("notification {}", n.method));
                if n.method == transport::RAW {
                    let _ = connection.sender.send(Message::Notification(n));
                    continue;
                }
                if n.method == "exit" {
                    return Ok(shut_down);
                }
                let started = std::time::Instant::now();
                let method = n.method.clone();
                let sent = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    notifications::dispatch(&mut session, n, log)
                }))
                .unwrap_or_else(|_| {
                    log.at(LogLevel::Error, || format!("internal error in {method}"));
                    Vec::new()
                });
                for out in sent {
                    if connection.sender.send(Message::Notification(out)).is_err() {
                        return Ok(true);
                    }
                }
                log.at(LogLevel::Debug, || {
                    format!("handled in {:?}", started.elapsed())
                });
            }
            Message::Response(r) => {
                log.at(LogLevel::Warn, || format!("ignored a response ({})", r.id));
            }
        }
    }
    Ok(true)
}

fn respond(connection: &Connection, response: Response) {
    let _ = connection.sender.send(Message::Response(response));
}

/// Wait for `initialize`, answer it with the capabilities, and build the session. Requests
/// before it get `ServerNotInitialized`; `exit` before it ends the server.
fn initialize(connection: &Connection, log: Log) -> Result<Option<Session>, String> {
    loop {
        let Ok(message) = connection.receiver.recv() else {
            return Ok(None);
        };
        match message {
            Message::Request(req) if req.method == "initialize" => {
                let params: lsp_types::InitializeParams =
                    match serde_json::from_value(req.params.clone()) {
                        Ok(p) => p,
                        Err(e) => {
                            respond(
                                connection,
                                Response::new_err(
                                    req.id,
                                    ErrorCode::InvalidParams as i32,
                                    format!("bad initialize params: {e}"),
                                ),
                            );
                            continue;
                        }
                    };
                let session = Session::new(&params);
                let result = lsp_types::InitializeResult {
                    capabilities: session.capabilities(),
                    server_info: Some(lsp_types::ServerInfo {
                        name: "nudge".into(),
                        version: Some(env!("CARGO_PKG_VERSION").into()),
                    }),
                };
                respond(connection, Response::new_ok(req.id, result));
                return Ok(Some(session));
            }
            Message::Request(Request { id, method, .. }) => {
                log.at(LogLevel::Warn, || format!("{method} before initialize"));
                respond(
                    connection,
                    Response::new_err(
                        id,
                        ErrorCode::ServerNotInitialized as i32,
                        "the server is not initialized yet".into(),
                    ),
                );
            }
            Message::Notification(Notification { method, .. }) if method == "exit" => {
                return Ok(None);
            }
            Message::Notification(n) if n.method == transport::RAW => {
                let _ = connection.sender.send(Message::Notification(n));
            }
            _ => {}
        }
    }
}
