//! Renderers for diagnostics: miette's graphical report for people, JSON for programs.

pub mod concise;
pub mod github;
pub mod sarif;

use crate::diagnostic::{Diagnostic, Severity};
use crate::line_index::{Encoding, LineIndex};
use crate::model::{SourceMap, Span};
use chrono::NaiveDate;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;
use std::fmt;

/// Line/column lookups for the renderers: one [`LineIndex`] per file, built on first use, so
/// positions are computed in one place ([`crate::line_index`]) for the terminal, JSON, SARIF,
/// GitHub and the editor server alike.
///
/// Positions asked in file order (as the JSON, concise and GitHub renderers ask them) are
/// found by counting line ends from the last one, without an index (4 bytes and more a line,
/// 26 MB on a 1M-entry journal); the index is built only when a position comes before the last.
pub struct Locator<'s, 'a> {
    sources: &'s SourceMap<'a>,
    indexes: Vec<Option<LineIndex>>,
    /// The last position found by counting: file, byte offset, 0-based line, its start.
    cursor: Option<(u32, usize, usize, usize)>,
    /// Where the text counted past and not yet given back starts (see [`RELEASE_EVERY`]).
    released: usize,
}

/// A mapped journal's pages are given back ([`crate::parse::release`]) each time counting
/// has passed this many bytes more of it, so writing the findings of a big file in order does
/// not bring the whole file back into memory.
const RELEASE_EVERY: usize = 8 << 20;

impl<'s, 'a> Locator<'s, 'a> {
    pub fn new(sources: &'s SourceMap<'a>) -> Self {
        Locator {
            sources,
            indexes: vec![None; sources.files.len()],
            cursor: None,
            released: 0,
        }
    }

    fn text(&self, file: u32) -> &'a str {
        self.sources
            .files
            .get(file as usize)
            .map(|f| f.text)
            .unwrap_or("")
    }

    /// The file's index and text (an unknown file indexes as empty text).
    fn index(&mut self, file: u32) -> (&LineIndex, &'a str) {
        let text = self.text(file);
        if self.indexes.len() <= file as usize {
            self.indexes.resize(file as usize + 1, None);
        }
        let index = self.indexes[file as usize].get_or_insert_with(|| LineIndex::new(text));
        (index, text)
    }

    /// 1-based line and column (in characters, a leading BOM not counted) of a span's start.
    pub fn locate(&mut self, span: Span) -> (usize, usize) {
        let (line, col, text) = match self.count(span) {
            Some((line, col)) => (line, col, self.text(span.file)),
            None => {
                let (index, text) = self.index(span.file);
                let pos = index.position(text, span.start, Encoding::Chars);
                (pos.line as usize, pos.col as usize, text)
            }
        };
        let mut column = col + 1;
        if line == 0 && text.starts_with('\u{feff}') {
            column = column.saturating_sub(1).max(1);
        }
        (line + 1, column)
    }

    /// [`Locator::locate`] of a position at or after the last one located (a span's end), that
    /// leaves the counting where it was: the next span's start, at or after the last start, is
    /// still counted on without an index.
    pub fn locate_end(&mut self, span: Span) -> (usize, usize) {
        let cursor = self.cursor;
        let found = self.locate(span);
        self.cursor = cursor;
        found
    }

    /// The 0-based line and column (in characters) of `span`'s start, counted on from the
    /// last position counted; `None` when it comes before it (or the file is indexed).
    fn count(&mut self, span: Span) -> Option<(usize, usize)> {
        let text = self.text(span.file);
        let bytes = text.as_bytes();
        let offset = (span.start as usize).min(text.len());
        if self
            .indexes
            .get(span.file as usize)
            .is_some_and(Option::is_some)
        {
            return None;
        }
        let (from, line, line_start) = match self.cursor {
            Some((file, at, line, start)) if file == span.file => (at, line, start),
            None => (0, 0, 0),
            Some(_) => return None,
        };
        if offset < from {
            return None;
        }
        let gap = &bytes[from..offset];
        let line = line + memchr::memchr_iter(b'\n', gap).count();
        let line_start = memchr::memrchr(b'\n', gap).map_or(line_start, |i| from + i + 1);
        if self.cursor.is_none_or(|(file, ..)| file != span.file) {
            self.released = 0;
        }
        self.cursor = Some((span.file, offset, line, line_start));
        if line_start - self.released.min(line_start) >= RELEASE_EVERY {
            crate::parse::release(text, self.released..line_start);
            self.released = line_start;
        }
        // As the index counts: an offset in the line end is the end of the line, one inside
        // a character is that character's start.
        let end = match memchr::memchr(b'\n', &bytes[line_start..]) {
            Some(i) if i > 0 && bytes[line_start + i - 1] == b'\r' => line_start + i - 1,
            Some(i) => line_start + i,
            None => bytes.len(),
        };
        let mut at = offset.min(end).max(line_start);
        while at > line_start && !text.is_char_boundary(at) {
            at -= 1;
        }
        Some((line, text[line_start..at].chars().count()))
    }

    /// The byte range of lines `line - before ..= end_line + after`, where `line` and
    /// `end_line` hold the span's start and end, and the 0-based number of its first line. The
    /// lines are found around the span (no index is built for a span asked in file order), as
    /// [`LineIndex`] counts them: a line ends at each `\n`.
    fn window(&mut self, span: Span, before: usize, after: usize) -> (usize, usize, usize) {
        let text = self.text(span.file);
        let bytes = text.as_bytes();
        let start = (span.start as usize).min(text.len());
        let end = (span.end.max(span.start) as usize).min(text.len());
        let line = match self.count(span) {
            Some((line, _)) => line,
            None => self.index(span.file).0.line_of(span.start) as usize,
        };
        let line_start = |at: usize| memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let (mut from, mut first) = (line_start(start), line);
        for _ in 0..before {
            if from == 0 {
                break;
            }
            from = line_start(from - 1);
            first -= 1;
        }
        let next_line = |at: usize| memchr::memchr(b'\n', &bytes[at..]).map(|i| at + i + 1);
        let mut to = next_line(end);
        for _ in 0..after {
            to = to.and_then(next_line);
        }
        (from, to.unwrap_or(text.len()), first)
    }
}

/// A window of one file handed to miette, so that rendering reads only the lines it shows. Its
/// text is escaped for the terminal ([`crate::escape::terminal`]); spans are mapped from the
/// file's offsets to the escaped text's with [`Window::map`].
struct Window {
    name: String,
    text: String,
    /// Byte offset and 0-based line of `text` in the file.
    base: usize,
    base_line: usize,
    /// Where the escaped text grows: (offset in the original window, bytes added so far
    /// including this character). Empty when nothing was escaped.
    shifts: Vec<(usize, usize)>,
    /// The primary span's mapped start and its 0-based column in characters (as in JSON).
    primary: Option<(usize, usize)>,
}

impl Window {
    fn new(name: &str, original: &str, base: usize, base_line: usize) -> Window {
        let mut text = String::with_capacity(original.len());
        let mut shifts = Vec::new();
        let mut added = 0;
        for (i, c) in original.char_indices() {
            let mut buf = [0u8; 4];
            let one = c.encode_utf8(&mut buf);
            let next = original[i + c.len_utf8()..].chars().next();
            // A CRLF line end, and the byte-order mark that starts a file, are not journal text.
            let line_end = c == '\r' && next == Some('\n');
            let bom = c == '\u{feff}' && base + i == 0;
            let shown = if line_end || bom {
                std::borrow::Cow::Borrowed(&*one)
            } else {
                crate::escape::terminal(one)
            };
            if shown.len() != one.len() {
                added += shown.len() - one.len();
                shifts.push((i, added));
            }
            text.push_str(&shown);
        }
        Window {
            name: crate::escape::terminal(name).into_owned(),
            text,
            base,
            base_line,
            shifts,
            primary: None,
        }
    }

    /// A file offset → the offset of the same place in the escaped window (same base).
    fn map(&self, offset: usize) -> usize {
        let local = offset.saturating_sub(self.base);
        let k = self.shifts.partition_point(|(at, _)| *at < local);
        let added = if k == 0 { 0 } else { self.shifts[k - 1].1 };
        self.base + local + added
    }

    fn span(&self, span: Span) -> SourceSpan {
        let start = self.map(span.start as usize);
        let end = self.map(span.end as usize).max(start);
        SourceSpan::new(start.into(), end - start)
    }
}

impl SourceCode for Window {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let local = SourceSpan::new(span.offset().saturating_sub(self.base).into(), span.len());
        let c = self.text.read_span(&local, before, after)?;
        // The header's column: in characters of the journal as written, as JSON gives it.
        let column = match self.primary {
            Some((at, column)) if before == 0 && after == 0 && at == span.offset() => column,
            _ => c.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            SourceSpan::new((c.span().offset() + self.base).into(), c.span().len()),
            c.line() + self.base_line,
            column,
            c.line_count(),
        )))
    }
}

struct Report<'d> {
    d: &'d Diagnostic,
    window: Option<Window>,
    /// Message and help escaped for the terminal.
    message: String,
    help: Option<String>,
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{}({})", self.d.code(), self.d.name())))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            _ => miette::Severity::Warning,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.window.as_ref().map(|w| w as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let window = self.window.as_ref()?;
        let text = |t: &str| crate::escape::terminal(t).into_owned();
        let primary = LabeledSpan::new_primary_with_span(
            self.d.label.as_deref().map(text),
            window.span(self.d.span),
        );
        let rest = self
            .d
            .labels
            .iter()
            .filter(|l| l.span.file == self.d.span.file)
            .map(move |l| LabeledSpan::new_with_span(Some(text(&l.text)), window.span(l.span)));
        Some(Box::new(std::iter::once(primary).chain(rest)))
    }
}

/// Diagnostics past this many are printed one line each, so huge outputs stay fast.
pub const MAX_FULL_REPORTS: usize = 200;

/// Lines longer than this are not shown as source excerpts.
const MAX_EXCERPT_LINE: usize = 1000;

/// Render diagnostics as miette's graphical reports, followed by a summary line. Journal text
/// (source lines, paths, messages, help, labels) is escaped for the terminal.
pub fn human(diags: &[Diagnostic], sources: &SourceMap<'_>, color: bool, width: usize) -> String {
    to_string(|out| write_human(out, diags.iter(), sources, color, width))
}

/// [`human`] of the diagnostics `diags` yields (twice: once to count them), in order, written
/// to `out` one report at a time (nothing of the output is held whole).
pub fn write_human<'d>(
    out: &mut dyn std::io::Write,
    diags: impl Iterator<Item = &'d Diagnostic> + Clone,
    sources: &SourceMap<'_>,
    color: bool,
    width: usize,
) -> std::io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(width);
    let mut locator = Locator::new(sources);
    let mut report = String::new();
    for (k, d) in diags.clone().enumerate() {
        report.clear();
        let file = sources.files.get(d.span.file as usize);
        let (line, column) = locator.locate(d.span);
        if k >= MAX_FULL_REPORTS {
            let path = file.map(|f| f.path.as_str()).unwrap_or("");
            writeln!(
                out,
                "{}:{line}:{column}: {}[{}] {}",
                crate::escape::terminal(path),
                d.severity.as_str(),
                d.code(),
                crate::escape::terminal(&d.message)
            )?;
            continue;
        }
        let window = file.and_then(|f| {
            let (from, to, first) = locator.window(d.span, 1, 1);
            let text = f.text.get(from..to)?;
            if text.lines().any(|l| l.len() > MAX_EXCERPT_LINE) {
                return None;
            }
            let mut w = Window::new(&f.path, text, from, first);
            w.primary = Some((w.map(d.span.start as usize), column - 1));
            Some(w)
        });
        let has_window = window.is_some();
        let one = Report {
            d,
            window,
            message: crate::escape::terminal(&d.message).into_owned(),
            help: d
                .help
                .as_deref()
                .map(|h| crate::escape::terminal(h).into_owned()),
        };
        let _ = handler.render_report(&mut report, &one);
        if !has_window {
            if let Some(f) = file {
                use fmt::Write as _;
                let _ = writeln!(
                    report,
                    "  at {}:{line}:{column}",
                    crate::escape::terminal(&f.path)
                );
            }
        }
        report.push('\n');
        out.write_all(report.as_bytes())?;
    }
    out.write_all(summary_line(diags).as_bytes())
}

/// "2 errors, 1 warning" (or "no problems").
pub fn summary_line<'d>(diags: impl IntoIterator<Item = &'d Diagnostic>) -> String {
    let (errors, warnings) = counts(diags);
    if errors == 0 && warnings == 0 {
        return "no problems found\n".into();
    }
    format!(
        "{}, {}\n",
        crate::rules::plural(errors as i64, "error"),
        crate::rules::plural(warnings as i64, "warning")
    )
}

/// Numbers of errors and warnings.
pub fn counts<'d>(diags: impl IntoIterator<Item = &'d Diagnostic>) -> (usize, usize) {
    diags
        .into_iter()
        .fold((0, 0), |(errors, warnings), d| match d.severity {
            Severity::Error => (errors + 1, warnings),
            Severity::Warning => (errors, warnings + 1),
            Severity::Off => (errors, warnings),
        })
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    line: usize,
    column: usize,
    opportunity: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
}

/// The diagnostics array, serialized one at a time (no intermediate vector).
struct JsonList<'s, 'a, I> {
    diags: std::cell::RefCell<Option<I>>,
    sources: &'s SourceMap<'a>,
    locator: std::cell::RefCell<Locator<'s, 'a>>,
}

impl<'d, I: Iterator<Item = &'d Diagnostic>> Serialize for JsonList<'_, '_, I> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut locator = self.locator.borrow_mut();
        let diags = self.diags.borrow_mut().take().into_iter().flatten();
        s.collect_seq(diags.map(|d| {
            let (line, column) = locator.locate(d.span);
            JsonDiagnostic {
                code: d.code(),
                name: d.name(),
                severity: d.severity,
                message: &d.message,
                help: d.help.as_deref(),
                file: self.sources.path(d.span.file),
                line,
                column,
                opportunity: d.opportunity.as_deref(),
            }
        }))
    }
}

#[derive(Serialize)]
struct JsonCheck<L> {
    version: u32,
    today: NaiveDate,
    diagnostics: L,
    summary: JsonSummary,
}

/// Write the `check --format json` document of SPEC §3.1 (one line) to `out`.
pub fn write_json(
    out: &mut dyn std::io::Write,
    diags: &[Diagnostic],
    sources: &SourceMap<'_>,
    today: NaiveDate,
) -> std::io::Result<()> {
    write_json_from(out, diags.iter(), sources, today)
}

/// [`write_json`] of the diagnostics `diags` yields (twice: once to count them), in order.
pub fn write_json_from<'d>(
    out: &mut dyn std::io::Write,
    diags: impl Iterator<Item = &'d Diagnostic> + Clone,
    sources: &SourceMap<'_>,
    today: NaiveDate,
) -> std::io::Result<()> {
    let (errors, warnings) = counts(diags.clone());
    let doc = JsonCheck {
        version: 1,
        today,
        diagnostics: JsonList {
            diags: std::cell::RefCell::new(Some(diags)),
            sources,
            locator: std::cell::RefCell::new(Locator::new(sources)),
        },
        summary: JsonSummary { errors, warnings },
    };
    // serde_json writes a few bytes at a time: into a buffer of its own type (inlined), not
    // through `dyn Write` call by call.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut buffered, &doc)?;
    std::io::Write::write_all(&mut buffered, b"\n")?;
    buffered
        .into_inner()
        .map(|_| ())
        .map_err(|e| e.into_error())
}

/// [`write_json`] into a string.
pub fn json(diags: &[Diagnostic], sources: &SourceMap<'_>, today: NaiveDate) -> String {
    to_string(|out| write_json(out, diags, sources, today))
}

/// What a renderer's `write` writes, as a string (writing into memory cannot fail; the
/// renderers write UTF-8).
pub(crate) fn to_string(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceFile;

    #[test]
    fn counting_in_file_order_locates_as_the_line_index_does() {
        let text = "\u{feff}ab\r\n— 😀 x\n\n\r\nlast\r";
        let sources = SourceMap {
            files: vec![SourceFile {
                path: "j.nudge".into(),
                text,
            }],
        };
        let mut counted = Locator::new(&sources);
        let mut indexed = Locator::new(&sources);
        indexed.index(0);
        for at in 0..=text.len() + 1 {
            let span = Span::new(0, at, at);
            assert_eq!(counted.locate(span), indexed.locate(span), "at {at}");
        }
        assert!(counted.indexes[0].is_none(), "no index built in file order");
    }

    #[test]
    fn windows_and_ends_are_found_as_the_line_index_finds_them() {
        let text = "\u{feff}ab\r\n— 😀 x\n\n\r\nlast\r\nend";
        let sources = SourceMap {
            files: vec![SourceFile {
                path: "j.nudge".into(),
                text,
            }],
        };
        let index = LineIndex::new(text);
        // What the window was when the index found it.
        let indexed = |span: Span, before: usize, after: usize| {
            let line = index.line_of(span.start) as usize;
            let end_line = index.line_of(span.end.max(span.start)) as usize;
            let count = index.line_count() as usize;
            let first = line.saturating_sub(before);
            let last = (end_line + after + 1).min(count);
            let from = index.line_range(first as u32).start;
            let to = if last < count {
                index.line_range(last as u32).start
            } else {
                text.len()
            };
            (from, to, first)
        };
        for start in 0..=text.len() + 1 {
            for end in start..=text.len() + 1 {
                let span = Span::new(0, start, end);
                for (before, after) in [(0, 0), (1, 1), (2, 3)] {
                    let mut counted = Locator::new(&sources);
                    assert_eq!(
                        counted.window(span, before, after),
                        indexed(span, before, after),
                        "{start}..{end} ({before}, {after})"
                    );
                    assert!(counted.indexes[0].is_none());
                }
                let mut counted = Locator::new(&sources);
                let mut reference = Locator::new(&sources);
                reference.index(0);
                assert_eq!(counted.locate(span), reference.locate(span));
                let end_span = Span::new(0, end, end);
                assert_eq!(counted.locate_end(end_span), reference.locate(end_span));
                // Counting goes on from the start, not the end.
                assert_eq!(counted.cursor.map(|c| c.1), Some(start.min(text.len())));
            }
        }
    }

    #[test]
    fn locate_is_the_line_index_in_chars_plus_one_and_skips_a_bom() {
        let text = "\u{feff}ab\r\n— 😀 x\nlast";
        let sources = SourceMap {
            files: vec![SourceFile {
                path: "j.nudge".into(),
                text,
            }],
        };
        let mut l = Locator::new(&sources);
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(l.locate(Span::new(0, at("a"), at("a"))), (1, 1));
        assert_eq!(l.locate(Span::new(0, at("x"), at("x"))), (2, 5));
        assert_eq!(l.locate(Span::new(0, at("last"), at("last"))), (3, 1));
        assert_eq!(l.locate(Span::new(0, text.len(), text.len())), (3, 5));
        // An unknown file locates as an empty text, never a panic.
        assert_eq!(l.locate(Span::new(3, 7, 7)), (1, 1));
        assert_eq!(l.window(Span::new(0, at("x"), at("x")), 1, 0).0, 0);
    }
}
