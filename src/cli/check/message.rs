//! `check --message FILE --as KIND OPPORTUNITY` (SPEC §3.3): a message written elsewhere,
//! judged as a planned entry at the end of the journal, without touching the journal.
//!
//! The message file becomes one more source file of the journal: its body lines are the
//! entry's `|` lines, pointing into the file itself, so findings on the body carry the file's
//! own line and column (headers included in the count). The header and attributes are parsed
//! from a short synthetic text placed past the end of the file; findings there are moved to
//! line 1, column 1 of the file.

use super::CheckArgs;
use crate::cli::Failure;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Attribute, BodyLine, Journal, Kind, SourceFile, Span};
use crate::parse::Storage;
use crate::rules;
use chrono::NaiveDate;
use std::io::Read;
use std::path::Path;

/// A message larger than this is refused: a follow-up email is a few kilobytes.
pub const MAX_MESSAGE: u64 = 1 << 20;

/// A message read and split into headers and body, ready to judge.
pub struct Message {
    /// The path as given (`<stdin>` for `-`).
    pub shown: String,
    pub text: String,
    /// The byte offset where the body starts (after the headers' blank line).
    pub body_start: usize,
    pub kind: Kind,
    pub opportunity: String,
    pub date: NaiveDate,
    /// `to:` recipients: the `To:` header's, then `--to`.
    pub to: Vec<String>,
    pub reference: Option<String>,
    pub value: Option<String>,
}

/// Header names that make the first lines RFC 5322 headers.
const HEADERS: [&str; 5] = ["to:", "cc:", "from:", "subject:", "date:"];

fn one_line(s: &str) -> String {
    s.split(['\r', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Check the bytes of a message: not empty, not binary, UTF-8.
pub fn text_of(bytes: Vec<u8>, shown: &str) -> Result<String, Failure> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Failure(format!(
            "`{shown}` is empty: there is no message to check"
        )));
    }
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(Failure(format!(
            "`{shown}` looks binary (a NUL byte at byte offset {at}), not a text message"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Failure(format!(
            "`{shown}` is not valid UTF-8: invalid byte at byte offset {at}"
        ))
    })
}

/// Where the body starts, and the header block, when the first line starts with a header
/// name (any case). Errors when the headers are not followed by a blank line.
pub fn split_headers<'t>(text: &'t str, shown: &str) -> Result<(usize, Option<&'t str>), Failure> {
    let bom = crate::parse::bom_len(text);
    let first = text[bom..].lines().next().unwrap_or("");
    let lower = first.to_ascii_lowercase();
    if !HEADERS.iter().any(|h| lower.starts_with(h)) {
        return Ok((0, None));
    }
    let mut at = bom;
    for line in text[bom..].split_inclusive('\n') {
        let next = at + line.len();
        if line.trim_end_matches(['\r', '\n']).trim().is_empty() {
            return Ok((next, Some(&text[bom..at])));
        }
        at = next;
    }
    Err(Failure(format!(
        "`{shown}` starts with mail headers that no blank line ends: put a blank line between the headers and the body"
    )))
}

/// The `To:` recipients of an RFC 5322 header block, as `Name <address>`, `Name` or `address`.
pub fn recipients(headers: &str) -> Vec<String> {
    let mut raw = headers.replace("\r\n", "\n").into_bytes();
    raw.extend_from_slice(b"\n");
    let Some(parsed) = mail_parser::MessageParser::default().parse_headers(&raw) else {
        return Vec::new();
    };
    let Some(to) = parsed.to() else {
        return Vec::new();
    };
    to.iter()
        .filter_map(|a| {
            let name = a.name().map(one_line).filter(|n| !n.is_empty());
            let address = a.address().map(one_line).filter(|n| !n.is_empty());
            match (name, address) {
                // A name that would read as several people (`"Lee, Bob"`): the address alone.
                (Some(n), Some(a)) if rules::several_people(&n).is_some() => Some(a),
                (Some(n), Some(a)) => Some(format!("{n} <{a}>")),
                (Some(n), None) => Some(n),
                (None, Some(a)) => Some(a),
                (None, None) => None,
            }
        })
        .collect()
}

impl Message {
    /// Read the message named by `--message` and the attributes the other flags give.
    pub fn read(file: &Path, args: &CheckArgs, today: NaiveDate) -> Result<Message, Failure> {
        let stdin = file.as_os_str() == "-";
        let shown = if stdin {
            "<stdin>".to_string()
        } else {
            file.to_string_lossy().into_owned()
        };
        let mut bytes = Vec::new();
        let read = if stdin {
            std::io::stdin()
                .lock()
                .take(MAX_MESSAGE + 1)
                .read_to_end(&mut bytes)
        } else {
            match std::fs::metadata(file) {
                Ok(m) if m.is_dir() => {
                    return Err(Failure(format!("cannot read `{shown}`: it is a directory")))
                }
                _ => {}
            }
            std::fs::File::open(file).and_then(|f| f.take(MAX_MESSAGE + 1).read_to_end(&mut bytes))
        };
        read.map_err(|e| Failure(format!("cannot read `{shown}`: {e}")))?;
        if bytes.len() as u64 > MAX_MESSAGE {
            return Err(Failure(format!(
                "`{shown}` is over 1 MiB: that is not an email; nudge checks messages up to 1 MiB"
            )));
        }
        let text = text_of(bytes, &shown)?;
        let (kind, opportunity) = match args.as_kind.as_slice() {
            [k, o] => (k.as_str(), o.as_str()),
            _ => {
                return Err(Failure(
                    "--as takes a kind and an opportunity, e.g. `--as check-in acme-sre`"
                        .to_string(),
                ))
            }
        };
        let kind = Kind::from_word(kind).ok_or_else(|| {
            let kinds = Kind::ALL.iter().map(|k| k.as_str());
            let mean = crate::suggest::did_you_mean(kind, kinds);
            Failure(format!(
                "--as: `{kind}` is not a kind{mean} (apply, interview, thank-you, check-in, reply, withdraw, outcome, note)"
            ))
        })?;
        let slug_ok = opportunity
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && opportunity
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c));
        if !slug_ok {
            return Err(Failure(format!(
                "--as: `{opportunity}` is not an opportunity slug (lower-case letters, digits, `.`, `_`, `-`)"
            )));
        }
        let (body_start, headers) = split_headers(&text, &shown)?;
        let mut to = headers.map(recipients).unwrap_or_default();
        to.extend(
            args.to
                .iter()
                .map(|t| one_line(t))
                .filter(|t| !t.is_empty()),
        );
        Ok(Message {
            shown,
            body_start,
            kind,
            opportunity: opportunity.to_string(),
            date: args.date.unwrap_or(today),
            to,
            reference: args.reference.as_deref().map(one_line),
            value: args.value.as_deref().map(one_line),
            text,
        })
    }

    /// The synthetic entry text: header and attributes, no body.
    fn entry_text(&self) -> String {
        let mut s = format!(
            "{} ! {} {}\n",
            self.date,
            self.kind.as_str(),
            self.opportunity
        );
        for t in &self.to {
            s.push_str(&format!("    to: {t}\n"));
        }
        if let Some(r) = &self.reference {
            s.push_str(&format!("    ref: {r}\n"));
        }
        if let Some(v) = &self.value {
            s.push_str(&format!("    value: {v}\n"));
        }
        s
    }

    /// Judge the message as a planned entry at the end of `journal` (which gains the message
    /// as one more source file): the findings located in it, and every J finding of error
    /// severity anywhere, with entry-wide findings moved to 1:1 of the message file.
    pub fn judge<'a>(
        &'a self,
        storage: &'a Storage,
        journal: &mut Journal<'a>,
        today: NaiveDate,
        options: &rules::Options,
    ) -> Result<Vec<Diagnostic>, Failure> {
        let file = journal.sources.files.len() as u32;
        let len = self.text.len();
        // Everything synthetic sits past the end of the message text.
        let base = len + 1;
        let synthetic = storage.text(self.entry_text());
        let mini = crate::parse::parse_str(storage, synthetic, &self.shown);
        let shift =
            |span: Span| Span::new(file, base + span.start as usize, base + span.end as usize);
        if let Some(d) = mini
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error && mini.entries.is_empty())
        {
            return Err(Failure(format!("--message: {}", d.message)));
        }
        let Some(template) = mini.entries.first() else {
            return Err(Failure(
                "--message: the message cannot be read as an entry".to_string(),
            ));
        };
        let shifted: Vec<Attribute<'a>> = template
            .attrs
            .iter()
            .map(|a| Attribute {
                start: a.start + base as u32,
                ..*a
            })
            .collect();
        let attrs: &'a [Attribute<'a>] = storage.slice(&shifted);
        let mut body = Vec::new();
        let mut at = self.body_start;
        let mut started = false;
        for line in self.text[self.body_start..].split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let start = if at == 0 {
                crate::parse::bom_len(content)
            } else {
                0
            };
            started |= !content.trim().is_empty();
            if started {
                body.push(BodyLine {
                    text: &content[start..],
                    start: (at + start) as u32,
                });
            }
            at += line.len();
        }
        while body.last().is_some_and(|l| l.text.trim().is_empty()) {
            body.pop();
        }
        let body: &'a [BodyLine<'a>] = storage.slice(&body);
        let mut entry = template.clone();
        entry.header = shift(template.header);
        entry.block = Span::new(file, 0, base + synthetic.len());
        entry.attrs = attrs;
        entry.body = body;
        entry.order = journal.entries.iter().map(|e| e.order).max().unwrap_or(0) + 1;
        journal.sources.files.push(SourceFile {
            path: self.shown.clone(),
            text: &self.text,
        });
        journal
            .diagnostics
            .extend(mini.diagnostics.iter().cloned().map(|mut d| {
                d.span = shift(d.span);
                d
            }));
        journal.entries.push(entry);
        let message = journal.entries.len() - 1;
        let diags = rules::check(journal, today, options);
        let located = rules::entries_of(journal, &diags);
        let at_start = |span: Span| {
            if span.file == file && span.start as usize > len {
                Span::new(file, 0, 0)
            } else {
                span
            }
        };
        let mut out: Vec<Diagnostic> = diags
            .into_iter()
            .zip(located)
            .filter(|(d, e)| {
                // The message is never stale, whatever its date.
                (*e == Some(message) && d.rule != crate::rule::Rule::P001)
                    || (d.code().starts_with('J') && d.severity == Severity::Error)
            })
            .map(|(mut d, _)| {
                d.span = at_start(d.span);
                for l in &mut d.labels {
                    l.span = at_start(l.span);
                }
                d
            })
            .collect();
        // Entry-wide findings moved to 1:1 come first: file order, then line, column, code
        // (SPEC §2.1).
        out.sort_by(|a, b| {
            (a.span.file, a.span.start, a.code()).cmp(&(b.span.file, b.span.start, b.code()))
        });
        Ok(out)
    }
}
