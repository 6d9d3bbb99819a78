//! stdio framing (`Content-Length` headers) that survives bad messages: a body that is not
//! JSON gets a -32700 error response and the server reads on; a JSON value that is not a
//! JSON-RPC message gets -32600 (or is logged when it has no id). Only a frame that cannot be
//! read (a missing or unreadable `Content-Length`, the input ending inside a body) ends it.
//!
//! lsp-server's own stdio transport ends on the first malformed body, so this one bridges
//! stdin/stdout to the server end of a `Connection::memory()` pair.

use super::{Log, LogLevel};
use lsp_server::{Connection, Message};
use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

/// The method of an internal notification that carries an error reply written verbatim (an
/// answer to a message that had no readable id). The server passes it on to the writer.
pub const RAW: &str = "$/nudge/rawReply";

/// The reader and writer threads.
pub struct Threads {
    reader: JoinHandle<Result<(), String>>,
    writer: JoinHandle<()>,
}

impl Threads {
    /// Wait for both threads; the reader's error, if the input was broken.
    pub fn join(self) -> Result<(), String> {
        let read = self
            .reader
            .join()
            .unwrap_or_else(|_| Err("the reader thread failed".into()));
        let _ = self.writer.join();
        read
    }
}

/// A connection whose other end reads stdin and writes stdout.
pub fn stdio(log: Log) -> (Connection, Threads) {
    let (server, client) = Connection::memory();
    let Connection { sender, receiver } = client;
    let writer = std::thread::spawn(move || {
        for message in receiver {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            let written = match &message {
                Message::Notification(n) if n.method == RAW => {
                    let raw = n.params.as_str().unwrap_or("");
                    write!(out, "Content-Length: {}\r\n\r\n{raw}", raw.len())
                        .and_then(|()| out.flush())
                }
                _ => message.write(&mut out),
            };
            if written.is_err() {
                break;
            }
        }
    });
    let reader = std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        loop {
            let body = match read_frame(&mut input) {
                Ok(Some(body)) => body,
                Ok(None) => return Ok(()),
                Err(e) => return Err(format!("cannot read a message: {e}")),
            };
            match decode(&body) {
                Decoded::Message(m) => {
                    let exit = matches!(&m, Message::Notification(n) if n.method == "exit");
                    if sender.send(m).is_err() || exit {
                        return Ok(());
                    }
                }
                Decoded::Reply(reply, why) => {
                    log.at(LogLevel::Error, || why);
                    // Through the server, so that the reply keeps its place among the answers.
                    let raw = lsp_server::Notification::new(RAW.into(), reply);
                    if sender.send(Message::Notification(raw)).is_err() {
                        return Ok(());
                    }
                }
                Decoded::Ignored(why) => log.at(LogLevel::Error, || why),
            }
        }
    });
    (server, Threads { reader, writer })
}

/// Read one frame's body. `Ok(None)` at the end of input before a frame starts.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length = None;
    let mut line = Vec::new();
    let mut first = true;
    loop {
        line.clear();
        let n = input.by_ref().take(8192).read_until(b'\n', &mut line)?;
        if n == 0 {
            return if first {
                Ok(None)
            } else {
                Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the input ended inside a header",
                ))
            };
        }
        first = false;
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if length.is_none() {
                // Blank lines between frames are tolerated.
                first = true;
                continue;
            }
            break;
        }
        let (name, value) = text.split_once(':').ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("malformed header {text:?}"),
            )
        })?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            let n: usize = value.trim().parse().map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("unreadable Content-Length {:?}", value.trim()),
                )
            })?;
            length = Some(n);
        }
    }
    let length = length.unwrap_or(0);
    if length > 1 << 30 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a Content-Length of {length} bytes"),
        ));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

/// What one body is.
#[derive(Debug)]
pub enum Decoded {
    Message(Message),
    /// An error response to write as it is (JSON), and why, for the log.
    Reply(String, String),
    /// Nothing to answer (a bad notification or response); why, for the log.
    Ignored(String),
}

/// Decode one body into a message, or the error to answer.
pub fn decode(body: &[u8]) -> Decoded {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Decoded::Reply(
                error_reply(
                    &serde_json::Value::Null,
                    -32700,
                    &format!("parse error: {e}"),
                ),
                format!("a body that is not JSON: {e}"),
            )
        }
    };
    let id = value.get("id").cloned();
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Decoded::Message(m),
        Err(e) => match id {
            Some(id) if !id.is_null() => Decoded::Reply(
                error_reply(&id, -32600, &format!("invalid request: {e}")),
                format!("an invalid request: {e}"),
            ),
            _ => Decoded::Ignored(format!("ignored a malformed message: {e}")),
        },
    }
}

fn error_reply(id: &serde_json::Value, code: i32, message: &str) -> String {
    serde_json::json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_read_one_by_one_and_a_bad_length_is_an_error() {
        let mut input =
            &b"Content-Length: 2\r\n\r\n{}Content-Length: 4\r\nContent-Type: x\r\n\r\nnull"[..];
        assert_eq!(read_frame(&mut input).unwrap().unwrap(), b"{}");
        assert_eq!(read_frame(&mut input).unwrap().unwrap(), b"null");
        assert!(read_frame(&mut input).unwrap().is_none());
        let mut bad = &b"Content-Length: x\r\n\r\n"[..];
        assert!(read_frame(&mut bad).is_err());
        let mut short = &b"Content-Length: 10\r\n\r\n{}"[..];
        assert!(read_frame(&mut short).is_err());
    }

    #[test]
    fn not_json_is_a_parse_error_and_a_bad_request_is_invalid() {
        match decode(b"{nope") {
            Decoded::Reply(r, _) => {
                assert!(r.contains("-32700") && r.contains("\"id\":null"), "{r}")
            }
            d => panic!("{d:?}"),
        }
        match decode(br#"{"jsonrpc":"2.0","id":7,"method":3}"#) {
            Decoded::Reply(r, _) => assert!(r.contains("-32600") && r.contains("\"id\":7")),
            d => panic!("{d:?}"),
        }
        assert!(matches!(
            decode(br#"{"jsonrpc":"2.0","method":3}"#),
            Decoded::Ignored(_)
        ));
        assert!(matches!(
            decode(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            Decoded::Message(_)
        ));
    }
}
