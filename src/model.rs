//! The journal as data: entries, attributes and directives, borrowed from the source text.
//!
//! Every element keeps the byte span it came from so that diagnostics can point at the exact
//! columns; spans are plain offsets into one file of the [`SourceMap`].

use chrono::{NaiveDate, NaiveTime, Weekday};
use std::ops::Range;

/// Index of a file in the [`SourceMap`].
pub type FileId = u32;

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// One file of the journal: the path as given (or as included) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile<'a> {
    pub path: String,
    pub text: &'a str,
}

/// All files read for one journal, in the order they were first read.
#[derive(Debug, Clone, Default)]
pub struct SourceMap<'a> {
    pub files: Vec<SourceFile<'a>>,
}

impl<'a> SourceMap<'a> {
    pub fn text(&self, span: Span) -> &'a str {
        self.files
            .get(span.file as usize)
            .and_then(|f| f.text.get(span.range()))
            .unwrap_or("")
    }
    pub fn path(&self, file: FileId) -> &str {
        self.files
            .get(file as usize)
            .map(|f| f.path.as_str())
            .unwrap_or("")
    }
}

/// What an entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Apply,
    Interview,
    ThankYou,
    CheckIn,
    Reply,
    Withdraw,
    Outcome,
    Note,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Apply,
        Kind::Interview,
        Kind::ThankYou,
        Kind::CheckIn,
        Kind::Reply,
        Kind::Withdraw,
        Kind::Outcome,
        Kind::Note,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Apply => "apply",
            Kind::Interview => "interview",
            Kind::ThankYou => "thank-you",
            Kind::CheckIn => "check-in",
            Kind::Reply => "reply",
            Kind::Withdraw => "withdraw",
            Kind::Outcome => "outcome",
            Kind::Note => "note",
        }
    }
    pub fn from_word(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == word)
    }
    /// Kinds that must name an opportunity already opened (J002).
    pub fn needs_open_opportunity(self) -> bool {
        matches!(
            self,
            Kind::ThankYou | Kind::CheckIn | Kind::Reply | Kind::Withdraw | Kind::Outcome
        )
    }
}

/// The value of an `outcome` entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Offer,
    Accepted,
    Declined,
    Rejected,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Offer,
        Outcome::Accepted,
        Outcome::Declined,
        Outcome::Rejected,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Offer => "offer",
            Outcome::Accepted => "accepted",
            Outcome::Declined => "declined",
            Outcome::Rejected => "rejected",
        }
    }
    pub fn from_word(word: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == word)
    }
}

/// The attribute keys of SPEC §1.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    With,
    To,
    Expect,
    Next,
    Ref,
    Value,
    Via,
    Note,
}

impl Key {
    pub const ALL: [Key; 8] = [
        Key::With,
        Key::To,
        Key::Expect,
        Key::Next,
        Key::Ref,
        Key::Value,
        Key::Via,
        Key::Note,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Key::With => "with",
            Key::To => "to",
            Key::Expect => "expect",
            Key::Next => "next",
            Key::Ref => "ref",
            Key::Value => "value",
            Key::Via => "via",
            Key::Note => "note",
        }
    }
    pub fn from_word(word: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.as_str() == word)
    }
    /// Whether the key may be given more than once on one entry.
    pub fn repeatable(self) -> bool {
        matches!(self, Key::With | Key::To | Key::Note)
    }
    /// Whether an entry of `kind` takes this key (SPEC §1.1).
    pub fn allowed_on(self, kind: Kind) -> bool {
        match self {
            Key::With => kind == Kind::Interview,
            Key::To => matches!(kind, Kind::ThankYou | Kind::CheckIn | Kind::Withdraw),
            Key::Expect | Key::Next => matches!(kind, Kind::Interview | Kind::Reply),
            Key::Ref => kind == Kind::ThankYou,
            Key::Value => kind == Kind::CheckIn,
            Key::Via | Key::Note => true,
        }
    }
    /// The kinds that take this key, for help text.
    pub fn kinds_text(self) -> &'static str {
        match self {
            Key::With => "interview",
            Key::To => "thank-you, check-in and withdraw",
            Key::Expect | Key::Next => "interview and reply",
            Key::Ref => "thank-you",
            Key::Value => "check-in",
            Key::Via | Key::Note => "every kind",
        }
    }
}

/// The characters that separate tokens and are trimmed: space and tab, nothing else.
pub const BLANKS: [char; 2] = [' ', '\t'];

/// Parse `Name`, `Name <email>` or a bare email; the error says what is wrong, in one line.
pub fn person(value: &str) -> Result<Person<'_>, String> {
    // A plain name (no `<`, `>` or `@`), the usual case, in one pass over the bytes.
    if !value.bytes().any(|b| matches!(b, b'<' | b'>' | b'@')) {
        return Ok(Person {
            name: value,
            email: None,
        });
    }
    if let Some(lt) = value.find('<') {
        let name = value[..lt].trim_matches(BLANKS);
        if name.contains('>') {
            return Err("a `>` without `<`".into());
        }
        let inner = value[lt + 1..].strip_suffix('>').ok_or_else(|| {
            "an email in angle brackets must close with `>` at the end of the line".to_string()
        })?;
        let email = inner.trim_matches(BLANKS);
        if !email.contains('@') || email.contains([' ', '\t', '<', '>']) {
            return Err(format!("`{email}` is not an email address"));
        }
        return Ok(Person {
            name,
            email: Some(email),
        });
    }
    if value.contains('>') {
        return Err("a `>` without `<`".into());
    }
    if value.contains('@') && !value.contains(BLANKS) {
        return Ok(Person {
            name: "",
            email: Some(value),
        });
    }
    Ok(Person {
        name: value,
        email: None,
    })
}

/// A person: an interviewer (`with:`) or a recipient (`to:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Person<'a> {
    /// The name, possibly empty when only an email was given.
    pub name: &'a str,
    pub email: Option<&'a str>,
}

impl<'a> Person<'a> {
    /// Whether two people are the same: by name (case-insensitive) or by email.
    pub fn matches(&self, other: &Person<'_>) -> bool {
        let names =
            !self.name.is_empty() && !other.name.is_empty() && normalized_eq(self.name, other.name);
        let emails = match (self.email, other.email) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        };
        names || emails
    }
    /// What [`Person::matches`] compares, as keys: the name's words lowercased and joined by
    /// one space (none for an empty name), and the email in ASCII lowercase. Two people match
    /// exactly when a key of one equals the same key of the other.
    pub fn match_keys(&self) -> (Option<String>, Option<String>) {
        let name = (!self.name.is_empty()).then(|| {
            let words: Vec<String> = self
                .name
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
            words.join(" ")
        });
        (name, self.email.map(str::to_ascii_lowercase))
    }
    /// How to call this person in messages and tables.
    pub fn display(&self) -> &'a str {
        if self.name.is_empty() {
            self.email.unwrap_or("")
        } else {
            self.name
        }
    }
}

fn normalized_eq(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let mut a = a.split_whitespace();
    let mut b = b.split_whitespace();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if words_eq(x, y) => {}
            _ => return false,
        }
    }
}

/// `x.to_lowercase() == y.to_lowercase()`, without allocating when both are ASCII.
fn words_eq(x: &str, y: &str) -> bool {
    if x.is_ascii() && y.is_ascii() {
        x.eq_ignore_ascii_case(y)
    } else {
        x.to_lowercase() == y.to_lowercase()
    }
}

/// A parsed attribute value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    Person(Person<'a>),
    Date(NaiveDate),
    Text(&'a str),
}

/// One `key: value` line under an entry: 24 bytes, the value read when asked for (the parser
/// has already checked that it reads).
#[derive(Clone, Copy, Debug)]
pub struct Attribute<'a> {
    /// The value as written, trimmed.
    pub raw: &'a str,
    /// Where the line's key starts in its file, and the length up to the end of the value.
    pub start: u32,
    pub len: u16,
    pub key: Key,
}

impl<'a> Attribute<'a> {
    /// The value, parsed for its key: a date for `expect:`, a person for `with:` and `to:`.
    pub fn value(&self) -> Value<'a> {
        match self.key {
            Key::Expect => exact_date(self.raw)
                .or_else(|| NaiveDate::parse_from_str(self.raw, "%Y-%m-%d").ok())
                .map(Value::Date)
                .unwrap_or(Value::Text(self.raw)),
            Key::With | Key::To => person(self.raw)
                .map(Value::Person)
                .unwrap_or(Value::Text(self.raw)),
            _ => Value::Text(self.raw),
        }
    }
    /// The line from the key to the end of the value, in `file`.
    pub fn span(&self, file: FileId) -> Span {
        Span::new(
            file,
            self.start as usize,
            self.start as usize + self.len as usize,
        )
    }
}

/// `tok` as a date when it is exactly `YYYY-MM-DD` in ASCII digits (ten bytes) and a real
/// date (year 0000 to 9999); `None` otherwise. The fast path of date parsing: chrono's
/// `%Y-%m-%d` and the journal grammar both read such a token as this date.
pub fn exact_date(tok: &str) -> Option<NaiveDate> {
    let b: &[u8; 10] = tok.as_bytes().try_into().ok()?;
    // Each digit's value; a byte that is not a digit gives 10 or more.
    let n = |k: usize| u32::from(b[k].wrapping_sub(b'0'));
    let digits = [n(0), n(1), n(2), n(3), n(5), n(6), n(8), n(9)];
    if b[4] != b'-' || b[7] != b'-' || digits.iter().any(|d| *d > 9) {
        return None;
    }
    let y = n(0) * 1000 + n(1) * 100 + n(2) * 10 + n(3);
    NaiveDate::from_ymd_opt(y as i32, n(5) * 10 + n(6), n(8) * 10 + n(9))
}

/// One `| text` line under an entry.
#[derive(Clone, Copy, Debug)]
pub struct BodyLine<'a> {
    /// The text after `|` and one optional space.
    pub text: &'a str,
    /// Where `text` starts in its file (so labels point at words in the line).
    pub start: u32,
}

impl BodyLine<'_> {
    /// The span of the text in `file`.
    pub fn span(&self, file: FileId) -> Span {
        Span::new(
            file,
            self.start as usize,
            self.start as usize + self.text.len(),
        )
    }
}

/// A `; nudge: allow CODE, NAME` comment inside an entry.
#[derive(Clone, Debug)]
pub struct Allow {
    /// Codes as written (resolved against the registry by the rules layer).
    pub rules: Vec<(String, Span)>,
    pub span: Span,
}

/// One dated line of the journal with its indented lines.
///
/// The parser's header grammar (`parse::line::header`) gives the fields read from the header
/// line; the parser then sets the spans and the order and adds the indented lines.
#[derive(Clone, Debug)]
pub struct Entry<'a> {
    pub date: NaiveDate,
    /// The `HH:MM` after the date, if any.
    pub time: Option<NaiveTime>,
    /// Whether the header has `!`: a message planned, not yet sent.
    pub planned: bool,
    pub kind: Kind,
    /// The opportunity slug.
    pub opportunity: &'a str,
    /// The text as written: the content of the quotes (escapes not yet removed) or the bare rest.
    pub text: Option<&'a str>,
    /// The value of an `outcome` entry (`None` for the other kinds).
    pub outcome: Option<Outcome>,
    /// The header line (without its line end).
    pub header: Span,
    /// From the header's start to the end of its last indented line.
    pub block: Span,
    /// The `key: value` lines, in order; those with an unknown key or a bad value left out.
    pub attrs: &'a [Attribute<'a>],
    /// The `| text` lines, in order.
    pub body: &'a [BodyLine<'a>],
    /// The suppression comments, on the header line or under it.
    pub allows: Box<[Allow]>,
    /// Position in the journal with includes expanded in place (1-based).
    pub order: u32,
}

impl<'a> Entry<'a> {
    pub fn attr(&self, key: Key) -> Option<&Attribute<'a>> {
        self.attrs.iter().find(|a| a.key == key)
    }
    pub fn attrs_of(&self, key: Key) -> impl Iterator<Item = &Attribute<'a>> {
        self.attrs.iter().filter(move |a| a.key == key)
    }
    pub fn has(&self, key: Key) -> bool {
        self.attr(key).is_some()
    }
    pub fn expect(&self) -> Option<NaiveDate> {
        match self.attr(Key::Expect)?.value() {
            Value::Date(d) => Some(d),
            _ => None,
        }
    }
    pub fn people(&self, key: Key) -> impl Iterator<Item = (Person<'a>, Span)> + '_ {
        let file = self.header.file;
        self.attrs_of(key).filter_map(move |a| match a.value() {
            Value::Person(p) => Some((p, a.span(file))),
            _ => None,
        })
    }
    /// The title (apply/interview) or text, with quote escapes removed.
    pub fn title(&self) -> Option<String> {
        self.text.map(unescape)
    }
    /// The body as one message: its lines joined by newlines.
    pub fn body_text(&self) -> String {
        let mut s = String::new();
        for (i, line) in self.body.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(line.text);
        }
        s
    }
}

/// Remove `\"` and `\\` escapes from quoted text.
pub fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n) => out.push(n),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A set of weekdays, Monday = bit 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeekdaySet(pub u8);

impl WeekdaySet {
    pub const MON_FRI: WeekdaySet = WeekdaySet(0b0001_1111);
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }
    pub fn insert(&mut self, day: Weekday) {
        self.0 |= 1 << day.num_days_from_monday();
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// A journal-wide setting.
#[derive(Clone, Debug)]
pub enum Directive {
    Workweek(WeekdaySet),
    Holiday(NaiveDate),
    Policy(crate::policy::Setting),
    Rule {
        code: crate::rule::Rule,
        severity: crate::diagnostic::Severity,
    },
}

/// A directive line with its location.
#[derive(Clone, Debug)]
pub struct DirectiveLine {
    pub directive: Directive,
    pub span: Span,
}

/// A parsed journal: files, entries in journal order, directives, and the parser's diagnostics.
#[derive(Debug, Default)]
pub struct Journal<'a> {
    pub sources: SourceMap<'a>,
    pub entries: Vec<Entry<'a>>,
    pub directives: Vec<DirectiveLine>,
    pub diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_people() {
        assert_eq!(
            person("Jane Doe <jane@acme.example>"),
            Ok(Person {
                name: "Jane Doe",
                email: Some("jane@acme.example")
            })
        );
        assert_eq!(person("jane@acme.example").unwrap().name, "");
        assert!(person("Jane <jane@acme").is_err());
    }

    /// Where the fast path reads a date, chrono's `%Y-%m-%d` reads the same date, and it
    /// reads every plain `YYYY-MM-DD` date chrono reads.
    #[test]
    fn exact_dates_are_what_chrono_reads() {
        let chrono = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
        let alphabet = [
            '0', '1', '2', '9', '-', '+', ' ', '\t', 'x', '\u{663}', '\u{ff12}',
        ];
        let mut tokens = Vec::new();
        for base in [
            "2024-02-29",
            "2026-02-29",
            "0000-01-01",
            "9999-12-31",
            "2026-11-30",
        ] {
            let chars: Vec<char> = base.chars().collect();
            tokens.push(base.to_string());
            for i in 0..=chars.len() {
                for c in alphabet {
                    let mut v = chars.clone();
                    v.insert(i, c);
                    tokens.push(v.iter().collect::<String>());
                    if i < chars.len() {
                        v.remove(i + 1);
                        tokens.push(v.iter().collect());
                    }
                }
            }
        }
        for t in &tokens {
            match exact_date(t) {
                Some(d) => assert_eq!(chrono(t), Some(d), "{t:?}"),
                None if t.len() == 10 && t.is_ascii() && t.as_bytes()[4] == b'-' => {
                    let plain = t.bytes().enumerate().all(|(k, b)| match k {
                        4 | 7 => b == b'-',
                        _ => b.is_ascii_digit(),
                    });
                    assert!(!plain || chrono(t).is_none(), "{t:?}");
                }
                None => {}
            }
        }
        assert_eq!(
            exact_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(exact_date("0000-01-01"), NaiveDate::from_ymd_opt(0, 1, 1));
        for bad in [
            "2026-02-29",
            "+2026-01-01",
            "2026-1-01",
            " 2026-01-01",
            "2026-01-01 ",
        ] {
            assert_eq!(exact_date(bad), None, "{bad:?}");
        }
        let expect = |raw| Attribute {
            raw,
            start: 0,
            len: 0,
            key: Key::Expect,
        };
        // What only chrono reads is still read.
        assert_eq!(
            expect("2026-1-5").value(),
            Value::Date(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap())
        );
        assert_eq!(expect("2026-02-29").value(), Value::Text("2026-02-29"));
    }

    #[test]
    fn names_compare_as_lowercased_words() {
        for (a, b) in [
            ("Jane Doe", "jane  DOE"),
            ("Jane", "Jane Doe"),
            ("\u{212a}im", "kim"),
            ("Zoë", "ZOË"),
            ("İpek", "i\u{307}pek"),
            ("Straße", "STRASSE"),
            ("a", "b"),
        ] {
            let lowered = |s: &str| {
                s.split_whitespace()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            };
            assert_eq!(normalized_eq(a, b), lowered(a) == lowered(b), "{a} / {b}");
        }
    }
}
