//! `nudge add` (SPEC §3.4): append one entry, parsed and checked before the journal is written.

use super::{escape_line, is_slug, parse_date, read_journal, Failure, Io, JournalArgs};
use crate::diagnostic::Severity;
use crate::model::Kind;
use crate::parse::{self, FsLoader, Storage};
use crate::rules;
use chrono::NaiveDate;
use clap::Args;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The `via:` channels (SPEC §1.1).
const CHANNELS: [&str; 5] = ["email", "phone", "linkedin", "in-person", "other"];

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The kind: apply, interview, thank-you, check-in, reply, withdraw, outcome or note
    kind: String,
    /// The opportunity slug, e.g. acme-sre
    opportunity: String,
    /// The title (apply, interview), the outcome (offer, accepted, declined, rejected), or a
    /// short text
    text: Option<String>,
    #[command(flatten)]
    journal: JournalArgs,
    /// The entry's date, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// The entry's time, HH:MM (24-hour)
    #[arg(long, value_name = "HH:MM", value_parser = parse_time)]
    time: Option<String>,
    /// Mark the entry planned (`!`): a message not sent yet
    #[arg(long)]
    planned: bool,
    /// An interviewer, `Name` or `Name <email>` (interview; repeatable)
    #[arg(long, value_name = "PERSON")]
    with: Vec<String>,
    /// A recipient (thank-you, check-in, withdraw; repeatable)
    #[arg(long, value_name = "PERSON")]
    to: Vec<String>,
    /// When they said they would decide, YYYY-MM-DD (interview, reply)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    expect: Option<NaiveDate>,
    /// The next steps they described (interview, reply)
    #[arg(long, value_name = "TEXT")]
    next: Option<String>,
    /// The point of the conversation a thank-you refers to (thank-you)
    #[arg(long = "ref", value_name = "TEXT")]
    reference: Option<String>,
    /// The new information a check-in offers: a link, an achievement (check-in)
    #[arg(long, value_name = "TEXT")]
    value: Option<String>,
    /// The channel
    #[arg(long, value_name = "CHANNEL", value_parser = clap::builder::PossibleValuesParser::new(CHANNELS))]
    via: Option<String>,
    /// Free text (repeatable)
    #[arg(long, value_name = "TEXT")]
    note: Vec<String>,
    /// The message body from a UTF-8 text file, or `-` for stdin
    #[arg(long, value_name = "FILE")]
    message: Option<PathBuf>,
}

fn parse_time(s: &str) -> Result<String, String> {
    let ok = chrono::NaiveTime::parse_from_str(s, "%H:%M").is_ok()
        && s.len() == 5
        && s.as_bytes()[2] == b':';
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "`{s}` is not a time: times are HH:MM, 24-hour, e.g. 14:00"
        ))
    }
}

/// A one-line attribute value, or why it cannot be one.
fn one_line(flag: &str, value: &str) -> Result<String, Failure> {
    let v = value.trim();
    if v.contains(['\n', '\r']) {
        return Err(Failure(format!(
            "--{flag}: the value must be one line (use --message for a body)"
        )));
    }
    if v.is_empty() {
        return Err(Failure(format!("--{flag}: the value is empty")));
    }
    Ok(v.to_string())
}

/// The body's lines, from a file or stdin; refuses binary and non-UTF-8 input.
fn body(path: &Path) -> Result<Vec<String>, Failure> {
    let shown = escape_line(&path.to_string_lossy());
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(parse::MAX_LINE as u64 * 64)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(parse::MAX_LINE as u64 * 64).read_to_end(&mut bytes))
    };
    read.map_err(|e| Failure(format!("--message: cannot read `{shown}`: {e}")))?;
    if bytes.contains(&0) {
        return Err(Failure(format!(
            "--message: `{shown}` is binary (it holds NUL bytes), not a text message"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure(format!(
            "--message: `{shown}` is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| l.trim_end_matches('\r').trim_end().to_string())
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    if lines.iter().any(|l| l.len() > parse::MAX_LINE - 8) {
        return Err(Failure(format!(
            "--message: `{shown}` has a line longer than {} bytes",
            parse::MAX_LINE - 8
        )));
    }
    Ok(lines)
}

/// The entry's lines (no line ends).
fn entry_lines(args: &AddArgs, kind: Kind, date: NaiveDate) -> Result<Vec<String>, Failure> {
    let mut header = date.to_string();
    if let Some(t) = &args.time {
        header.push(' ');
        header.push_str(t);
    }
    if args.planned {
        header.push_str(" !");
    }
    header.push(' ');
    header.push_str(kind.as_str());
    header.push(' ');
    header.push_str(&args.opportunity);
    if let Some(t) = &args.text {
        let t = one_line("TEXT", t)?;
        header.push(' ');
        if kind == Kind::Outcome {
            header.push_str(&t);
        } else {
            header.push('"');
            header.push_str(&t.replace('\\', "\\\\").replace('"', "\\\""));
            header.push('"');
        }
    }
    let mut lines = vec![header];
    let mut attr = |key: &str, flag: &str, value: &str| -> Result<(), Failure> {
        lines.push(format!("    {key}: {}", one_line(flag, value)?));
        Ok(())
    };
    for w in &args.with {
        attr("with", "with", w)?;
    }
    for t in &args.to {
        attr("to", "to", t)?;
    }
    if let Some(e) = args.expect {
        attr("expect", "expect", &e.to_string())?;
    }
    if let Some(n) = &args.next {
        attr("next", "next", n)?;
    }
    if let Some(r) = &args.reference {
        attr("ref", "ref", r)?;
    }
    if let Some(v) = &args.value {
        attr("value", "value", v)?;
    }
    if let Some(v) = &args.via {
        attr("via", "via", v)?;
    }
    for n in &args.note {
        attr("note", "note", n)?;
    }
    if let Some(m) = &args.message {
        for l in body(m)? {
            lines.push(if l.is_empty() {
                "    |".to_string()
            } else {
                format!("    | {l}")
            });
        }
    }
    Ok(lines)
}

pub fn run(args: AddArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    let kind = Kind::from_word(&args.kind).ok_or_else(|| {
        let mean = crate::suggest::did_you_mean(&args.kind, Kind::ALL.map(Kind::as_str));
        Failure(format!(
            "`{}` is not a kind{mean} (the kinds are apply, interview, thank-you, check-in, reply, withdraw, outcome and note)",
            escape_line(&args.kind)
        ))
    })?;
    if !is_slug(&args.opportunity) {
        return Err(Failure(format!(
            "`{}` is not an opportunity slug (lowercase letters, digits, `.`, `_`, `-`, starting with a letter or digit, e.g. acme-sre)",
            escape_line(&args.opportunity)
        )));
    }
    let path = args.journal.path(None);
    if path == Path::new("-") {
        return Err(Failure(
            "add writes to the journal: give its file with -f PATH, not stdin",
        ));
    }
    // The journal must exist and be readable before anything is built (say so plainly).
    read_journal(&path)?;
    let today = args.journal.today();
    let date = args.date.unwrap_or(today);
    let lines = entry_lines(&args, kind, date)?;
    let shown = path.to_string_lossy().into_owned();
    let mut findings = String::new();
    let color = io.color_out;
    let width = io.width;
    crate::fs::update_journal(&path, |current| {
        let eol = if current.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let mut new = current.to_string();
        if !new.is_empty() && !new.ends_with('\n') {
            new.push_str(eol);
        }
        if !new.trim().is_empty() {
            new.push_str(eol);
        }
        let from = new.len();
        for l in &lines {
            new.push_str(l);
            new.push_str(eol);
        }
        let storage = Storage::new();
        let identity = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        let text: &str = storage.text(new.clone());
        let journal = parse::parse_with(&storage, &mut FsLoader, &shown, identity, text);
        let mut diags = rules::check(&journal, today, &rules::Options::default());
        diags.retain(|d| d.span.file == 0 && d.span.start as usize >= from);
        if let Some(bad) = diags
            .iter()
            .find(|d| d.code().starts_with('J') && d.severity == Severity::Error)
        {
            return Err(format!(
                "the new entry was not added: {} {} (the journal is unchanged)",
                bad.code(),
                escape_line(&bad.message)
            ));
        }
        if !diags.is_empty() {
            findings = crate::render::human(&diags, &journal.sources, color, width);
        }
        Ok(Some(new))
    })?;
    writeln!(
        io.err,
        "added {} {} {} to {}",
        date,
        kind.as_str(),
        args.opportunity,
        escape_line(&shown)
    )?;
    io.out.write_all(findings.as_bytes())?;
    Ok(0)
}
