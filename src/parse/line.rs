//! The grammar of one line (nom): headers, directives, attributes, bodies and comments.
//!
//! Every function here works on one line without its line end and reports positions as byte
//! offsets into that line, so the caller can turn them into spans.

use crate::model::{Key, Kind, Outcome};
use crate::suggest::did_you_mean;
use chrono::{NaiveDate, NaiveTime};
use nom::bytes::complete::{tag_no_case, take_while1};
use nom::character::complete::{char, space0, space1};
use nom::combinator::rest;
use nom::{IResult, Parser};

/// A problem in a line: where (byte offsets in the line), what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub help: Option<String>,
}

impl LineError {
    fn at(line: &str, part: &str, message: String, help: Option<String>) -> LineError {
        let start = offset(line, part);
        LineError {
            start,
            end: start + part.len(),
            message,
            help,
        }
    }
}

/// Byte offset of `part` (a subslice of `line`) in `line`.
pub fn offset(line: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(line.as_ptr() as usize)
        .min(line.len())
}

/// An entry header as read from its line: the entry it starts, and what only the line's
/// layout needs (`nudge fmt`, the editor's tokens).
///
/// The entry has no attributes, body lines or suppressions yet, empty spans and order 0: the
/// parser fills those in from the lines under the header and the header's place in the file.
#[derive(Debug, Clone)]
pub struct Header<'a> {
    /// The entry as far as its header line tells.
    pub entry: crate::model::Entry<'a>,
    /// Whether the text was written in quotes (`entry.text` is then their inside).
    pub quoted: bool,
    /// The inline comment, from its `;` or `#`.
    pub comment: Option<&'a str>,
}

/// The characters that separate tokens and are trimmed: space and tab, nothing else.
pub use crate::model::BLANKS;

/// Whether `c` is a space or a tab.
pub fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// The next blank-separated token after at least one blank.
fn next(i: &str) -> Option<(&str, &str)> {
    let (i, _) = space1::<&str, nom::error::Error<&str>>.parse(i).ok()?;
    word(i).ok()
}

fn word(i: &str) -> IResult<&str, &str> {
    take_while1(|c: char| !is_blank(c)).parse(i)
}

/// Split off an inline comment: ` ;` or ` #` outside quotes. Returns the content (trimmed at
/// the end) and the comment from its marker.
pub fn split_comment(line: &str) -> (&str, Option<&str>) {
    let bytes = line.as_bytes();
    let mut in_quote = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_quote => i += 1,
            b'"' => in_quote = !in_quote,
            b';' | b'#' if !in_quote && i > 0 && matches!(bytes[i - 1], b' ' | b'\t') => {
                return (line[..i].trim_end_matches(BLANKS), Some(&line[i..]));
            }
            _ => {}
        }
        i += 1;
    }
    (line.trim_end_matches(BLANKS), None)
}

/// Parse a `YYYY-MM-DD` token into a real date.
pub fn date(line: &str, tok: &str) -> Result<NaiveDate, LineError> {
    let shape = |i| -> IResult<&str, (&str, char, &str, char, &str)> {
        (
            take_while1(|c: char| c.is_ascii_digit()),
            char('-'),
            take_while1(|c: char| c.is_ascii_digit()),
            char('-'),
            take_while1(|c: char| c.is_ascii_digit()),
        )
            .parse(i)
    };
    let form_help = || Some("write dates as YYYY-MM-DD, e.g. 2026-11-02".to_string());
    match shape(tok) {
        Ok(("", (y, _, m, _, d))) => {
            if y.len() > 4 {
                return Err(LineError::at(
                    line,
                    tok,
                    format!("the year of `{tok}` has more than four digits"),
                    form_help(),
                ));
            }
            if y.len() != 4 || m.len() != 2 || d.len() != 2 {
                return Err(LineError::at(
                    line,
                    tok,
                    format!("`{tok}` is not a date in YYYY-MM-DD form"),
                    form_help(),
                ));
            }
            let (y, m, d) = (
                y.parse::<i32>().unwrap_or(0),
                m.parse::<u32>().unwrap_or(0),
                d.parse::<u32>().unwrap_or(0),
            );
            NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
                let help = if (1..=12).contains(&m) {
                    let days = days_in_month(y, m);
                    format!("that month has {days} days")
                } else {
                    "months run from 01 to 12".to_string()
                };
                LineError::at(line, tok, format!("{tok} is not a date"), Some(help))
            })
        }
        _ => Err(LineError::at(
            line,
            tok,
            format!("`{tok}` is not a date in YYYY-MM-DD form"),
            form_help(),
        )),
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|d| NaiveDate::from_ymd_opt(y, m, *d).is_some())
        .unwrap_or(28)
}

fn looks_like_time(tok: &str) -> bool {
    tok.starts_with(|c: char| c.is_ascii_digit()) && tok.contains(':')
}

fn time(line: &str, tok: &str) -> Result<NaiveTime, LineError> {
    let parsed: IResult<&str, (&str, char, &str)> = (
        take_while1(|c: char| c.is_ascii_digit()),
        char(':'),
        take_while1(|c: char| c.is_ascii_digit()),
    )
        .parse(tok);
    let help = Some("write times as HH:MM on a 24-hour clock, e.g. 09:30 or 18:05".to_string());
    match parsed {
        Ok(("", (h, _, m))) if h.len() == 2 && m.len() == 2 => {
            let (h, m) = (h.parse().unwrap_or(99), m.parse().unwrap_or(99));
            NaiveTime::from_hms_opt(h, m, 0)
                .ok_or_else(|| LineError::at(line, tok, format!("{tok} is not a time"), help))
        }
        _ => Err(LineError::at(
            line,
            tok,
            format!("`{tok}` is not a time in HH:MM form"),
            help,
        )),
    }
}

/// The longest slug accepted; longer ones are J001.
pub const MAX_SLUG: usize = 128;

/// Validate an opportunity slug: `[a-z0-9][a-z0-9._-]*`.
pub fn slug<'a>(line: &str, tok: &'a str) -> Result<&'a str, LineError> {
    let valid = |s: &str| {
        let mut bytes = s.bytes();
        bytes
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
    };
    if tok.len() > MAX_SLUG {
        return Err(LineError::at(
            line,
            tok,
            format!(
                "the opportunity slug is {} bytes long; the limit is {MAX_SLUG}",
                tok.len()
            ),
            Some("use a short slug such as `acme-sre`".into()),
        ));
    }
    if valid(tok) {
        return Ok(tok);
    }
    let lower = tok.to_lowercase();
    let help = if valid(&lower) {
        format!("slugs are lowercase: `{lower}`")
    } else {
        "a slug starts with a lowercase letter or digit and continues with lowercase letters, digits, `.`, `_` or `-`, e.g. `acme-sre`".to_string()
    };
    Err(LineError::at(
        line,
        tok,
        format!("`{tok}` is not an opportunity slug"),
        Some(help),
    ))
}

/// A quoted string: returns the inside (escapes kept) and what follows the closing quote.
fn quoted(i: &str) -> IResult<&str, &str> {
    let (i, _) = char('"').parse(i)?;
    let bytes = i.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        match bytes[k] {
            b'\\' => k += 2,
            b'"' => return Ok((&i[k + 1..], &i[..k])),
            _ => k += 1,
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        i,
        nom::error::ErrorKind::Char,
    )))
}

/// Parse an entry header (the line starts with a digit).
pub fn header(line: &str) -> Result<Header<'_>, LineError> {
    let (content, comment) = split_comment(line);
    let missing = |after: &str, what: &str, help: &str| {
        let end = offset(line, after) + after.len();
        LineError {
            start: end,
            end,
            message: format!("expected {what} after `{after}`"),
            help: Some(help.to_string()),
        }
    };
    let (mut rest, date_tok) = word(content).map_err(|_| LineError {
        start: 0,
        end: 0,
        message: "expected a date".into(),
        help: None,
    })?;
    let date = date(line, date_tok)?;
    let kind_help = "an entry reads `DATE [HH:MM] [!] KIND OPPORTUNITY [TEXT]`, e.g. `2026-11-02 10:00 interview acme-sre \"Acme Corp\"`";
    let mut last = date_tok;
    let (r, mut tok) = next(rest).ok_or_else(|| missing(last, "a kind", kind_help))?;
    rest = r;
    let mut time_v = None;
    if looks_like_time(tok) {
        time_v = Some(time(line, tok)?);
        last = tok;
        let (r, t) = next(rest).ok_or_else(|| missing(last, "a kind", kind_help))?;
        rest = r;
        tok = t;
    }
    let mut planned = false;
    if tok == "!" {
        planned = true;
        last = tok;
        let (r, t) = next(rest).ok_or_else(|| missing(last, "a kind", kind_help))?;
        rest = r;
        tok = t;
        if looks_like_time(tok) {
            return Err(LineError::at(
                line,
                tok,
                "the time comes before `!`".into(),
                Some(format!("write `{date_tok} {tok} ! ...`")),
            ));
        }
    }
    if tok.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(LineError::at(
            line,
            tok,
            format!("`{tok}` is not a time: times are HH:MM, 24-hour"),
            Some(format!(
                "write the time as HH:MM, e.g. `{date_tok} 14:00 interview ...` for 2pm"
            )),
        ));
    }
    let kind = Kind::from_word(tok).ok_or_else(|| {
        let mean = did_you_mean(tok, Kind::ALL.map(Kind::as_str));
        let message = format!("unknown kind `{tok}`{mean}");
        LineError::at(
            line,
            tok,
            message,
            Some("the kinds are apply, interview, thank-you, check-in, reply, withdraw, outcome and note".into()),
        )
    })?;
    last = tok;
    let (r, slug_tok) = next(rest).ok_or_else(|| {
        missing(
            last,
            "an opportunity slug",
            "name the opportunity with a slug such as `acme-sre`",
        )
    })?;
    rest = r;
    let opportunity = slug(line, slug_tok)?;
    let (after, _) = space0::<&str, nom::error::Error<&str>>
        .parse(rest)
        .unwrap_or((rest, ""));
    let (text, is_quoted) = if after.starts_with('"') {
        match quoted(after) {
            Ok((tail, inner)) => {
                if !tail.trim_matches(BLANKS).is_empty() {
                    return Err(LineError::at(
                        line,
                        tail.trim_matches(BLANKS),
                        "unexpected text after the quoted text".into(),
                        Some(
                            "put everything inside the quotes, or start a comment with ` ;`".into(),
                        ),
                    ));
                }
                (Some(inner), true)
            }
            Err(_) => {
                return Err(LineError::at(
                    line,
                    after,
                    "the quoted text has no closing `\"`".into(),
                    Some("close the quote, or write `\\\"` for a quote inside it".into()),
                ))
            }
        }
    } else if after.is_empty() {
        (None, false)
    } else {
        (Some(after), false)
    };
    let mut outcome = None;
    if kind == Kind::Outcome {
        let Some(t) = text else {
            return Err(missing(
                slug_tok,
                "the outcome",
                "write one of offer, accepted, declined, rejected, e.g. `2026-11-20 outcome acme-sre offer`",
            ));
        };
        outcome = Some(Outcome::from_word(t.trim_matches(BLANKS)).ok_or_else(|| {
            let mean = did_you_mean(t.trim_matches(BLANKS), Outcome::ALL.map(Outcome::as_str));
            LineError::at(
                line,
                t,
                format!("unknown outcome `{t}`{mean}")
                    .trim_end()
                    .to_string(),
                Some("an outcome is one of offer, accepted, declined, rejected".into()),
            )
        })?);
    }
    Ok(Header {
        entry: crate::model::Entry {
            date,
            time: time_v,
            planned,
            kind,
            opportunity,
            text,
            outcome,
            header: Default::default(),
            block: Default::default(),
            attrs: &[],
            body: &[],
            allows: Box::default(),
            order: 0,
        },
        quoted: is_quoted,
        comment,
    })
}

/// An indented line, after its indentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Indented<'a> {
    Comment(&'a str),
    Body(&'a str),
    Attribute { key: &'a str, value: &'a str },
}

/// Classify and split an indented line (indentation already removed, line end removed).
pub fn indented(content: &str) -> Result<Indented<'_>, LineError> {
    if content.starts_with(';') || content.starts_with('#') {
        return Ok(Indented::Comment(content));
    }
    if let Some(body) = content.strip_prefix('|') {
        return Ok(Indented::Body(body.strip_prefix(' ').unwrap_or(body)));
    }
    let attr: IResult<&str, (&str, &str, char, &str)> = (
        take_while1(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        space0,
        char(':'),
        rest,
    )
        .parse(content);
    match attr {
        Ok((_, (key, _, _, value))) => Ok(Indented::Attribute {
            key,
            value: value.trim_matches(BLANKS),
        }),
        Err(_) => Err(LineError {
            start: 0,
            end: content.len().min(word(content).map(|(_, w)| w.len()).unwrap_or(0)),
            message: "expected `key: value`, `| message text` or a comment".into(),
            help: Some(
                "attributes read `key: value` (e.g. `expect: 2026-11-09`); message lines start with `|`".into(),
            ),
        }),
    }
}

/// Parse `Name`, `Name <email>` or a bare email (the model reads attribute values with it).
pub use crate::model::person;

/// The channels `via:` accepts.
pub const CHANNELS: [&str; 5] = ["email", "phone", "linkedin", "in-person", "other"];

/// Check a known key's value; the error is the message and help.
pub fn check_value(key: Key, value: &str) -> Result<(), (String, String)> {
    if value.is_empty() {
        return Err((
            format!("`{}:` has no value", key.as_str()),
            format!("write a value after `{}:` or remove the line", key.as_str()),
        ));
    }
    match key {
        Key::Via if !CHANNELS.contains(&value) => {
            let mean = did_you_mean(value, CHANNELS);
            Err((
                format!("unknown channel `{value}`{mean}")
                    .trim_end()
                    .to_string(),
                "`via:` takes one of email, phone, linkedin, in-person, other".into(),
            ))
        }
        Key::With | Key::To => person(value).map(|_| ()).map_err(|m| {
            (
                m,
                format!("`{}:` takes `Name` or `Name <email>`", key.as_str()),
            )
        }),
        _ => Ok(()),
    }
}

/// A suppression comment: `; nudge: allow C002, late-thank-you`. Returns the list part, or
/// `None` when the comment is not addressed to nudge.
pub fn suppression(comment: &str) -> Option<Result<&str, String>> {
    let text = comment.trim_start_matches([';', '#']).trim_start();
    let res: IResult<&str, (&str, &str)> = (tag_no_case("nudge"), space0).parse(text);
    let (after, _) = res.ok()?;
    let after = after.strip_prefix(':')?.trim_start();
    let allow: IResult<&str, (&str, &str)> = (tag_no_case("allow"), space1).parse(after);
    match allow {
        // Text after ` -- ` is the reason, not matched (SPEC §3.2).
        Ok((list, _)) if !without_reason(list).trim().is_empty() => {
            Some(Ok(without_reason(list).trim_end()))
        }
        _ => Some(Err(format!(
            "`{}` is not a nudge suppression; write `; nudge: allow CODE, CODE`",
            comment.trim()
        ))),
    }
}

/// A suppression list without its ` -- reason`.
fn without_reason(list: &str) -> &str {
    let mut from = 0;
    while let Some(i) = list[from..].find("--").map(|i| i + from) {
        let before = i == 0 || list[..i].ends_with([' ', '\t']);
        let after = list[i + 2..].is_empty() || list[i + 2..].starts_with([' ', '\t']);
        if before && after {
            return &list[..i];
        }
        from = i + 2;
    }
    list
}

/// The first blank-separated word of a column-0 line and the rest after it.
pub fn directive_word(line: &str) -> (&str, &str) {
    let (rest, w) = word(line).unwrap_or(("", line));
    (w, rest)
}

/// The header of a planned entry once sent on `date`: the `!` removed, the date set, the time
/// kept only when the date is unchanged; everything after the `!` kept byte for byte.
/// `None` when the header has no `!`.
pub fn sent_header(header: &str, date: NaiveDate) -> Option<String> {
    let blank = |c: char| c == ' ' || c == '\t';
    let old_date = header.get(..10)?;
    let mut rest = header.get(10..)?;
    let mut time = None;
    let trimmed = rest.trim_start_matches(blank);
    let token = trimmed.split(blank).next().unwrap_or("");
    if token.len() == 5 && token.as_bytes()[2] == b':' {
        time = Some(token);
        rest = &trimmed[token.len()..];
    }
    let after = rest.trim_start_matches(blank).strip_prefix('!')?;
    if !after.is_empty() && !after.starts_with(blank) {
        return None;
    }
    let new_date = date.to_string();
    let mut out = new_date.clone();
    if let Some(t) = time.filter(|_| new_date == old_date) {
        out.push(' ');
        out.push_str(t);
    }
    out.push(' ');
    out.push_str(after.trim_start_matches(blank));
    Some(out)
}

/// The header of a planned entry moved to `date`: the date replaced, the time, the `!` and
/// everything after kept byte for byte. `None` when the header does not start with a date.
pub fn moved_header(header: &str, date: NaiveDate) -> Option<String> {
    let rest = header.get(10..)?;
    header.get(..10)?.parse::<NaiveDate>().ok()?;
    Some(format!("{date}{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_header() {
        let h = header("2026-11-30 10:00 ! check-in acme-sre \"A \\\"B\\\"\"   ; planned").unwrap();
        let e = &h.entry;
        assert_eq!(e.date, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(e.time, NaiveTime::from_hms_opt(10, 0, 0));
        assert!(e.planned);
        assert_eq!(e.kind, Kind::CheckIn);
        assert_eq!(e.opportunity, "acme-sre");
        assert_eq!(e.text, Some("A \\\"B\\\""));
        assert_eq!(h.comment, Some("; planned"));
    }

    #[test]
    fn header_errors_say_what_and_where() {
        let e = header("2026-02-30 note x").unwrap_err();
        assert_eq!(e.message, "2026-02-30 is not a date");
        assert_eq!((e.start, e.end), (0, 10));
        let e = header("2026-11-02 thank-yu acme").unwrap_err();
        assert_eq!(
            e.message,
            "unknown kind `thank-yu`; did you mean `thank-you`?"
        );
        assert_eq!(e.start, 11);
        let e = header("20260-11-02 note x").unwrap_err();
        assert!(e.message.contains("more than four digits"));
        let e = header("2026-11-02 24:00 note x").unwrap_err();
        assert_eq!(e.message, "24:00 is not a time");
        let e = header("2026-11-02 note Acme").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("slugs are lowercase: `acme`"));
        let e = header("2026-11-02 outcome acme maybe").unwrap_err();
        assert!(e.message.starts_with("unknown outcome `maybe`"));
        let e = header("2026-11-02 interview").unwrap_err();
        assert!(e.message.contains("opportunity slug"));
    }

    #[test]
    fn comments_start_only_after_a_space_outside_quotes() {
        assert_eq!(
            split_comment("a \"x ; y\" ; c"),
            ("a \"x ; y\"", Some("; c"))
        );
        assert_eq!(split_comment("C#dev"), ("C#dev", None));
    }

    #[test]
    fn reads_suppressions() {
        assert_eq!(
            suppression("; nudge: allow C002, T003"),
            Some(Ok("C002, T003"))
        );
        assert_eq!(suppression("; a plain comment"), None);
        assert!(matches!(suppression("; nudge: alow C002"), Some(Err(_))));
    }
}
