//! The grammar of one line (nom): headers, directives, attributes, bodies and comments.
//!
//! Every function here works on one line without its line end and reports positions as byte
//! offsets into that line, so the caller can turn them into spans.

use crate::model::{Key, Kind, Outcome};
use crate::suggest::did_you_mean;
use chrono::{NaiveDate, NaiveTime};
use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while1};
use nom::character::complete::{char, digit1, satisfy, space0, space1};
use nom::combinator::{all_consuming, opt, peek, recognize, rest, verify};
use nom::error::ErrorKind;
use nom::multi::many0_count;
use nom::sequence::{preceded, terminated};
use nom::{IResult, Offset, Parser};

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

/// What the grammar's parsers return: nom's result over a line's text, with nom's plain error
/// (the callers turn a failure into a [`LineError`] that says what was expected where).
type Res<'a, O = &'a str> = IResult<&'a str, O>;

/// Whether the byte `b` is a space or a tab.
fn is_blank_byte(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// A nom error at `i`, for the parsers written by hand below.
fn fail<'a, O>(i: &'a str, kind: ErrorKind) -> Res<'a, O> {
    Err(nom::Err::Error(nom::error::Error::new(i, kind)))
}

/// `p`, a recognizer over the bytes of a line, as a parser of its text: the bytes `p`
/// consumed, found with `nom::Offset`.
///
/// nom's predicates over `&[u8]` are plain byte loops, where over `&str` they decode every
/// character; the grammar's tokens end at ASCII bytes (blanks, `:`, quotes, markers), so the
/// split always falls on a character boundary.
fn on_bytes<'a, O>(
    mut p: impl Parser<&'a [u8], Output = O, Error = nom::error::Error<&'a [u8]>>,
) -> impl FnMut(&'a str) -> Res<'a> {
    move |i: &'a str| {
        let bytes = i.as_bytes();
        match p.parse(bytes) {
            Ok((rest, _)) => {
                let (head, tail) = i.split_at(bytes.offset(rest));
                Ok((tail, head))
            }
            Err(e) => Err(e.map_input(|at| &i[bytes.offset(at)..])),
        }
    }
}

/// Blanks, at least one (nom's `space1` over bytes).
fn blanks1(i: &str) -> Res<'_> {
    on_bytes(space1).parse(i)
}

/// Blanks, possibly none (nom's `space0` over bytes).
fn blanks0(i: &str) -> Res<'_> {
    on_bytes(space0).parse(i)
}

/// The next blank-separated token after at least one blank: (rest, token).
fn next(i: &str) -> Res<'_> {
    preceded(blanks1, word).parse(i)
}

/// The leading non-blank characters of `i`, at least one: (rest, word).
///
/// nom's `take_till1(is_blank)` written out: tokens are found eight bytes at a time by
/// [`first_blank`], which reads a header's date, kind and slug in a few steps where nom's
/// scan decodes and tests every character.
fn word(i: &str) -> Res<'_> {
    match first_blank(i.as_bytes()) {
        0 => fail(i, ErrorKind::TakeTill1),
        // A blank is ASCII, so the split is on a character boundary.
        n => Ok((&i[n..], &i[..n])),
    }
}

/// Where the first blank (space or tab) of `b` is, else `b.len()`: eight bytes at a time.
fn first_blank(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `w` equal to `c`; the lowest one set is exact (a borrow
    // only flags bytes above a real match).
    let equal = |w: u64, c: u8| {
        let x = w ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    let mut k = 0;
    while let Some(chunk) = b.get(k..k + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let m = equal(w, b' ') | equal(w, b'\t');
        if m != 0 {
            return k + (m.trailing_zeros() / 8) as usize;
        }
        k += 8;
    }
    k + b[k..]
        .iter()
        .position(|c| is_blank_byte(*c))
        .unwrap_or(b.len() - k)
}

/// `s` without its leading blanks (nom's `space0`, which cannot fail).
fn skip_blanks(s: &str) -> &str {
    blanks0(s).map_or(s, |(rest, _)| rest)
}

/// `s` without its trailing blanks (`s.trim_end_matches(BLANKS)`).
///
/// Trimming reads from the end, which nom's forward parsers do not: a byte loop.
fn trim_end_blanks(s: &str) -> &str {
    let n = s.bytes().rev().take_while(|b| is_blank_byte(*b)).count();
    &s[..s.len() - n]
}

/// `s` without its leading and trailing blanks (`s.trim_matches(BLANKS)`).
fn trim_blanks(s: &str) -> &str {
    trim_end_blanks(skip_blanks(s))
}

/// The value of ASCII digits (as `digit1` recognizes them).
fn number(s: &str) -> u32 {
    s.bytes().fold(0u32, |n, b| {
        n.wrapping_mul(10).wrapping_add(u32::from(b - b'0'))
    })
}

/// `tok` as one or more ASCII digits, `sep`, one or more ASCII digits (and with `sep2`, a
/// second separator and digits), nothing else: the digit runs (the third empty without
/// `sep2`).
fn digit_runs(tok: &str, sep: u8, sep2: Option<u8>) -> Option<[&str; 3]> {
    let third = |i| -> Res<'_> {
        match sep2 {
            Some(s) => preceded(char(char::from(s)), digit1).parse(i),
            None => Ok((i, "")),
        }
    };
    let runs: Res<'_, _> =
        all_consuming((terminated(digit1, char(char::from(sep))), digit1, third)).parse(tok);
    runs.ok().map(|(_, (a, b, c))| [a, b, c])
}

/// The content of a line before its inline comment: everything up to a `;` or `#` that
/// follows a blank outside quotes (the rest is the comment, from its marker, or empty).
///
/// Plain text, then quoted texts each followed by plain text: the plain runs end at a quote
/// or a comment marker found by memchr (a few instructions for many bytes), and most lines,
/// without any marker, are taken whole after one memchr.
fn before_comment(line: &str) -> Res<'_> {
    if memchr::memchr2(b';', b'#', line.as_bytes()).is_none() {
        return Ok((&line[line.len()..], line));
    }
    // An unclosed quote runs to the end of the line.
    let quote = alt((recognize(quoted_text), preceded(char('"'), rest)));
    // Plain runs only at the start and after a quoted text, where a marker starts no comment.
    recognize((opt(plain_run), many0_count((quote, opt(plain_run))))).parse(line)
}

/// Text up to a quote or to a comment marker after a blank, at least one byte (memchr3 for
/// the next quote or marker). A marker at the start of `i` follows the start of the line or
/// a closing quote, so it starts no comment.
fn plain_run(i: &str) -> Res<'_> {
    let b = i.as_bytes();
    let mut k = 0;
    while let Some(at) = memchr::memchr3(b'"', b';', b'#', &b[k..]).map(|n| k + n) {
        if b[at] == b'"' || (at > 0 && is_blank_byte(b[at - 1])) {
            return match at {
                0 => fail(i, ErrorKind::TakeTill1),
                // Quotes and markers are ASCII: a character boundary.
                _ => Ok((&i[at..], &i[..at])),
            };
        }
        k = at + 1;
    }
    match i.len() {
        0 => fail(i, ErrorKind::TakeTill1),
        n => Ok((&i[n..], &i[..n])),
    }
}

/// Split off an inline comment: ` ;` or ` #` outside quotes. Returns the content (trimmed at
/// the end) and the comment from its marker.
pub fn split_comment(line: &str) -> (&str, Option<&str>) {
    match before_comment(line) {
        Ok((comment, content)) if !comment.is_empty() => (trim_end_blanks(content), Some(comment)),
        _ => (trim_end_blanks(line), None),
    }
}

/// Parse a `YYYY-MM-DD` token into a real date.
pub fn date(line: &str, tok: &str) -> Result<NaiveDate, LineError> {
    // The usual case first: ten bytes in the right places, a real date.
    if let Some(d) = crate::model::exact_date(tok) {
        return Ok(d);
    }
    let form_help = || Some("write dates as YYYY-MM-DD, e.g. 2026-11-02".to_string());
    match digit_runs(tok, b'-', Some(b'-')) {
        Some([y, m, d]) => {
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
            let (y, m, d) = (number(y) as i32, number(m), number(d));
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
    let help = Some("write times as HH:MM on a 24-hour clock, e.g. 09:30 or 18:05".to_string());
    match digit_runs(tok, b':', None) {
        Some([h, m, _]) if h.len() == 2 && m.len() == 2 => {
            let (h, m) = (number(h), number(m));
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

/// The bytes a slug continues with: `a`–`z`, `0`–`9`, `.`, `_`, `-`.
static SLUG_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(b as u8, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-');
        b += 1;
    }
    t
};

/// A slug: `[a-z0-9][a-z0-9._-]*` (the slug bytes, the first one checked after the run).
fn slug_text(i: &str) -> Res<'_> {
    let bytes = take_while1(|b: u8| SLUG_BYTES[usize::from(b)]);
    let first = |s: &[u8]| s[0].is_ascii_lowercase() || s[0].is_ascii_digit();
    on_bytes(verify(bytes, first)).parse(i)
}

/// Validate an opportunity slug: `[a-z0-9][a-z0-9._-]*`.
pub fn slug<'a>(line: &str, tok: &'a str) -> Result<&'a str, LineError> {
    let valid = |s: &str| slug_text(s).is_ok_and(|(rest, _)| rest.is_empty());
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

/// A quoted string: (what follows the closing quote, the inside with escapes kept).
fn quoted_text(i: &str) -> Res<'_> {
    preceded(char('"'), quoted_inside).parse(i)
}

/// The inside of a quoted string up to its closing quote, which is consumed: memchr2 finds
/// the next quote or backslash (which escapes the byte after it) many bytes at a time.
fn quoted_inside(i: &str) -> Res<'_> {
    let bytes = i.as_bytes();
    let mut k = 0;
    while let Some(at) = memchr::memchr2(b'"', b'\\', bytes.get(k..).unwrap_or_default()) {
        k += at;
        if bytes[k] == b'"' {
            return Ok((&i[k + 1..], &i[..k]));
        }
        k += 2;
    }
    fail(i, ErrorKind::Char)
}

/// [`quoted_text`] as the tests read it: `None` without a quoted string.
#[cfg(test)]
fn quoted(i: &str) -> Option<(&str, &str)> {
    quoted_text(i).ok()
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
    let (r, mut tok) = next(rest).map_err(|_| missing(last, "a kind", kind_help))?;
    rest = r;
    let mut time_v = None;
    if looks_like_time(tok) {
        time_v = Some(time(line, tok)?);
        last = tok;
        let (r, t) = next(rest).map_err(|_| missing(last, "a kind", kind_help))?;
        rest = r;
        tok = t;
    }
    let mut planned = false;
    if tok == "!" {
        planned = true;
        last = tok;
        let (r, t) = next(rest).map_err(|_| missing(last, "a kind", kind_help))?;
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
    let (r, slug_tok) = next(rest).map_err(|_| {
        missing(
            last,
            "an opportunity slug",
            "name the opportunity with a slug such as `acme-sre`",
        )
    })?;
    rest = r;
    let opportunity = slug(line, slug_tok)?;
    let after = skip_blanks(rest);
    let (text, is_quoted) = if after.starts_with('"') {
        match quoted_text(after) {
            Ok((tail, inner)) => {
                if !trim_blanks(tail).is_empty() {
                    return Err(LineError::at(
                        line,
                        trim_blanks(tail),
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
    // A comment from its marker; `|`, one optional space, the message text; `key`, optional
    // blanks, `:`, the value.
    let comment = preceded(peek(satisfy(|c| c == ';' || c == '#')), rest).map(Indented::Comment);
    let body = preceded((char('|'), opt(char(' '))), rest).map(Indented::Body);
    let key = on_bytes(take_while1(|b: u8| {
        b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
    }));
    let attribute =
        (terminated(key, (blanks0, char(':'))), rest).map(|(key, value)| Indented::Attribute {
            key,
            value: trim_blanks(value),
        });
    // Most indented lines are attributes; the three start differently, so the order is free.
    let parsed: Res<'_, Indented<'_>> = alt((attribute, body, comment)).parse(content);
    match parsed {
        Ok((_, line)) => Ok(line),
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

    /// The grammar of the parsers before they were written byte by byte (nom), kept to pin
    /// that they accept and reject exactly the same tokens.
    mod before {
        use nom::bytes::complete::take_while1;
        use nom::character::complete::{char, space0};
        use nom::combinator::rest;
        use nom::{IResult, Parser};

        pub fn date_shape(i: &str) -> Option<(&str, &str, &str)> {
            let r: IResult<&str, (&str, char, &str, char, &str)> = (
                take_while1(|c: char| c.is_ascii_digit()),
                char('-'),
                take_while1(|c: char| c.is_ascii_digit()),
                char('-'),
                take_while1(|c: char| c.is_ascii_digit()),
            )
                .parse(i);
            match r {
                Ok(("", (y, _, m, _, d))) => Some((y, m, d)),
                _ => None,
            }
        }

        pub fn time_shape(i: &str) -> Option<(&str, &str)> {
            let r: IResult<&str, (&str, char, &str)> = (
                take_while1(|c: char| c.is_ascii_digit()),
                char(':'),
                take_while1(|c: char| c.is_ascii_digit()),
            )
                .parse(i);
            match r {
                Ok(("", (h, _, m))) => Some((h, m)),
                _ => None,
            }
        }

        pub fn attribute(content: &str) -> Option<(&str, &str)> {
            let r: IResult<&str, (&str, &str, char, &str)> = (
                take_while1(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                space0,
                char(':'),
                rest,
            )
                .parse(content);
            r.ok()
                .map(|(_, (k, _, _, v))| (k, v.trim_matches(super::BLANKS)))
        }

        pub fn split_comment(line: &str) -> (&str, Option<&str>) {
            let bytes = line.as_bytes();
            let mut in_quote = false;
            let mut i = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' if in_quote => i += 1,
                    b'"' => in_quote = !in_quote,
                    b';' | b'#' if !in_quote && i > 0 && matches!(bytes[i - 1], b' ' | b'\t') => {
                        return (line[..i].trim_end_matches(super::BLANKS), Some(&line[i..]));
                    }
                    _ => {}
                }
                i += 1;
            }
            (line.trim_end_matches(super::BLANKS), None)
        }
    }

    /// Every string of up to `len` characters from `alphabet`.
    fn strings(alphabet: &[char], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    /// `base` and every token one edit away from it: a character from `alphabet` replacing,
    /// inserted before, or removing each character.
    fn edits(base: &str, alphabet: &[char]) -> Vec<String> {
        let chars: Vec<char> = base.chars().collect();
        let mut out = vec![base.to_string()];
        for i in 0..=chars.len() {
            for c in alphabet {
                let mut v = chars.clone();
                v.insert(i, *c);
                out.push(v.iter().collect());
                if i < chars.len() {
                    let mut v = chars.clone();
                    v[i] = *c;
                    out.push(v.iter().collect());
                }
            }
            if i < chars.len() {
                let mut v = chars.clone();
                v.remove(i);
                out.push(v.iter().collect());
            }
        }
        out
    }

    #[test]
    fn dates_are_real_yyyy_mm_dd_dates_only() {
        let ok = |t: &str| date(t, t).ok();
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(ok("2024-02-29"), ymd(2024, 2, 29));
        assert_eq!(ok("0000-01-01"), ymd(0, 1, 1));
        assert_eq!(ok("9999-12-31"), ymd(9999, 12, 31));
        assert_eq!(ok("2000-02-29"), ymd(2000, 2, 29));
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-04-31",
            "2026-00-10",
            "2026-13-01",
            "2026-01-00",
            "2026-01-32",
            "+2026-01-01",
            "-2026-01-01",
            "2026-+1-01",
            "2026-01--1",
            " 2026-01-01",
            "2026-01-01 ",
            "2026 -01-01",
            "2026-1-01",
            "2026-01-1",
            "2026-001-01",
            "2026-01-001",
            "026-01-01",
            "20260-01-01",
            "99999999999-01-01",
            "2026-01-01-01",
            "2026/01/01",
            "2026-01",
            "",
            "-",
            "--",
            "2026-01-0\u{663}",
            "\u{663}026-01-01",
            "２０２６-01-01",
            "2026-01-01\u{0}",
        ] {
            assert_eq!(ok(bad), None, "{bad:?}");
        }
        assert_eq!(
            date("2026-02-29", "2026-02-29")
                .unwrap_err()
                .help
                .as_deref(),
            Some("that month has 28 days")
        );
        assert!(date("20260-01-01", "20260-01-01")
            .unwrap_err()
            .message
            .contains("more than four digits"));
    }

    /// The byte-by-byte date and time parsers read exactly the tokens nom's grammar read,
    /// into the same values, with the same errors.
    #[test]
    fn dates_and_times_read_as_before() {
        let alphabet = [
            '0', '1', '2', '9', '-', ':', '+', ' ', '\t', 'x', '\u{663}', 'é',
        ];
        let mut tokens: Vec<String> = strings(&alphabet[..9], 4);
        for base in [
            "2024-02-29",
            "2026-11-30",
            "0000-01-01",
            "10:30",
            "23:59",
            "24:00",
        ] {
            tokens.extend(edits(base, &alphabet));
        }
        for t in &tokens {
            let was = before::date_shape(t).map(|(y, m, d)| {
                if y.len() > 4 {
                    return Err("long");
                }
                if y.len() != 4 || m.len() != 2 || d.len() != 2 {
                    return Err("form");
                }
                NaiveDate::from_ymd_opt(
                    y.parse().unwrap_or(0),
                    m.parse().unwrap_or(0),
                    d.parse().unwrap_or(0),
                )
                .ok_or("not a date")
            });
            let now = match date(t, t) {
                Ok(d) => Some(Ok(d)),
                Err(e) if e.message.contains("more than four digits") => Some(Err("long")),
                Err(e) if e.message.contains("YYYY-MM-DD form") => {
                    (digit_runs(t, b'-', Some(b'-')).is_some()).then_some(Err("form"))
                }
                Err(_) => Some(Err("not a date")),
            };
            assert_eq!(now, was, "{t:?}");
            let was = before::time_shape(t).filter(|(h, m)| h.len() == 2 && m.len() == 2);
            let was = was
                .map(|(h, m)| NaiveTime::from_hms_opt(h.parse().unwrap(), m.parse().unwrap(), 0));
            let now = match time(t, t) {
                Ok(v) => Some(Some(v)),
                Err(e) if e.message.contains("HH:MM form") => None,
                Err(_) => Some(None),
            };
            assert_eq!(now, was, "{t:?}");
        }
    }

    #[test]
    fn comments_split_as_before() {
        for line in strings(&[' ', '"', '\\', ';', '#', 'a', '\t'], 6) {
            assert_eq!(
                split_comment(&line),
                before::split_comment(&line),
                "{line:?}"
            );
        }
    }

    #[test]
    fn attributes_split_as_before() {
        for line in strings(&['a', '-', '_', ':', ' ', '\t', 'é', '|', ';'], 5) {
            let now = match indented(&line) {
                Ok(Indented::Attribute { key, value }) => Some((key, value)),
                _ => None,
            };
            let was = if line.starts_with([';', '#', '|']) {
                None
            } else {
                before::attribute(&line)
            };
            assert_eq!(now, was, "{line:?}");
        }
    }

    #[test]
    fn the_first_blank_is_found_at_any_place() {
        // Bytes one bit away from a space or a tab, and the blanks themselves.
        for fill in [b'a', 0xa0, 0x89, 0x21, 0x08, 0x00, 0xff] {
            for len in 0..20 {
                for at in 0..=len {
                    for blank in [b' ', b'\t'] {
                        let mut b = vec![fill; len];
                        if at < len {
                            b[at] = blank;
                            if at + 1 < len {
                                b[at + 1] = b' ';
                            }
                        }
                        let want = b.iter().position(|c| *c == b' ' || *c == b'\t');
                        assert_eq!(first_blank(&b), want.unwrap_or(len), "{b:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn quoted_texts_end_at_the_first_unescaped_quote() {
        assert_eq!(quoted("\"a\\\"b\" x"), Some((" x", "a\\\"b")));
        assert_eq!(quoted("\"a\\\\\" x"), Some((" x", "a\\\\")));
        assert_eq!(quoted("\"ab\\\""), None);
        assert_eq!(quoted("\"ab\\"), None);
        assert_eq!(quoted("\"\""), Some(("", "")));
        assert_eq!(quoted("x\"\""), None);
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
