//! Text → [`Journal`]: splits lines, groups indented lines under their entry, reads
//! directives, expands includes in place, and reports every bad line (J001) without stopping.

pub mod classify;
pub mod line;
mod read;
pub mod syntax;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{
    Allow, Attribute, BodyLine, Directive, DirectiveLine, Entry, FileId, Journal, Key, SourceFile,
    SourceMap, Span, WeekdaySet,
};
use crate::policy;
use crate::rule::Rule;
use crate::rules::registry;
use crate::suggest::did_you_mean;
use chrono::Weekday;
use classify::Shape;
use line::{Indented, LineError};
use std::path::{Path, PathBuf};
use typed_arena::Arena;

/// Lines longer than this are reported (J001) and skipped.
pub const MAX_LINE: usize = 64 * 1024;
/// Includes nested deeper than this are reported (J007).
pub const MAX_INCLUDE_DEPTH: usize = 64;
/// Files larger than this cannot be read (byte offsets are 32-bit).
pub const MAX_FILE: u64 = u32::MAX as u64;
/// At most this many files (the journal and its includes) are read in one run (J007 beyond).
pub const MAX_FILES: usize = 10_000;
/// At most this many bytes are read in all, over every file of one run (J007 beyond): 4 GiB.
pub const MAX_TOTAL: u64 = 4 << 30;

pub use read::{
    decode, read_file, read_file_limited, read_text, release, FsLoader, Loader, Mapped, ReadError,
    ReadErrorKind, Text, MAP_FROM,
};

/// Where a journal's texts and its entries' attributes and body lines live while the journal
/// is used: one allocation per chunk instead of one per entry, and one bump arena per thread.
#[derive(Default)]
pub struct Storage {
    texts: Arena<String>,
    read: Arena<Text>,
    nodes: bumpalo_herd::Herd,
}

impl Storage {
    pub fn new() -> Storage {
        Storage::default()
    }
    /// Keep `text` for as long as the storage lives.
    pub fn text(&self, text: String) -> &str {
        self.texts.alloc(text).as_str()
    }
    /// Keep a text read or mapped by [`read_text`] for as long as the storage lives.
    pub fn keep(&self, text: Text) -> &str {
        self.read.alloc(text)
    }
    /// Keep a copy of `items` (attributes, body lines) for as long as the storage lives.
    pub fn slice<T: Copy>(&self, items: &[T]) -> &[T] {
        self.nodes.get().alloc_slice_copy(items)
    }
}

/// Files at least this big, with no `include`, are parsed in chunks on rayon's threads.
pub const PARALLEL_FROM: usize = 512 << 10;

/// The size of one chunk of a file parsed in parallel. Fixed (not derived from the number of
/// threads), so the chunks, and therefore the result, are the same on any machine.
const CHUNK: usize = 256 << 10;

/// Pass 1 gives back the pages of a mapped file it reads in one piece every this many bytes.
const RELEASE_EVERY: usize = 8 << 20;

/// Files at least this big, or that include others, take the streaming path's two passes
/// ([`index_with`]); smaller ones are parsed whole in one.
pub const STREAM_FROM: usize = 4 << 20;

/// Parse one text with no file system: `include` lines are J007.
pub fn parse_str<'a>(storage: &'a Storage, text: &'a str, path: &str) -> Journal<'a> {
    let mut builder = Builder::new(&storage.nodes, None, None);
    builder.file(path.to_string(), text, PathBuf::from(path));
    builder.journal
}

/// [`index_with`] with no file system: `include` lines are J007 (as in [`parse_str`]).
pub fn index_str<'a>(storage: &'a Storage, text: &'a str, path: &str) -> crate::stream::Index<'a> {
    let mut builder = Builder::new(&storage.nodes, None, None).indexing(true);
    builder.file(path.to_string(), text, PathBuf::from(path));
    let mut index = builder.into_index();
    index.seal();
    index
}

/// Parse `text` (read from `path`) and the files it includes, read through `loader`.
pub fn parse_with<'a>(
    storage: &'a Storage,
    loader: &mut dyn Loader,
    path: &str,
    identity: PathBuf,
    text: &'a str,
) -> Journal<'a> {
    let (mut builder, parts) = read_top(storage, loader, path, identity, text, false, |b| {
        (b.journal, b.order)
    });
    let mut before = 0;
    let journal = &mut builder.journal;
    for (mut part, order) in parts {
        for e in &mut part.entries {
            e.order += before;
        }
        before += order;
        journal.entries.append(&mut part.entries);
        journal.directives.append(&mut part.directives);
        journal.diagnostics.append(&mut part.diagnostics);
    }
    builder.journal
}

/// The streaming path's first pass (see [`crate::stream`]) over `text` (read from `path`) and
/// the files it includes, read through `loader`: directives and the diagnostics of the lines
/// outside entries as [`parse_with`] finds them, and a 16-byte record per entry. Big files with
/// no include are indexed in chunks on rayon's threads, cut where [`parse_with`] cuts them.
///
/// A file under [`STREAM_FROM`] bytes that includes nothing is parsed whole instead (one
/// pass is faster than two, and its model is small): the index then holds the journal.
pub fn index_with<'a>(
    storage: &'a Storage,
    loader: &mut dyn Loader,
    path: &str,
    identity: PathBuf,
    text: &'a str,
) -> crate::stream::Index<'a> {
    index_below(storage, loader, path, identity, text, STREAM_FROM)
}

/// [`index_with`], parsing whole a file under `whole_below` bytes that includes nothing (0:
/// never).
pub fn index_below<'a>(
    storage: &'a Storage,
    loader: &mut dyn Loader,
    path: &str,
    identity: PathBuf,
    text: &'a str,
    whole_below: usize,
) -> crate::stream::Index<'a> {
    if text.len() < whole_below && !includes(text) {
        let journal = parse_with(storage, loader, path, identity, text);
        return crate::stream::Index::whole(journal);
    }
    let (builder, parts) = read_top(storage, loader, path, identity, text, true, |b| {
        let mut part = b.into_index();
        part.records.shrink_to_fit();
        part
    });
    let mut index = builder.into_index();
    index
        .records
        .reserve_exact(parts.iter().map(|p| p.records.len()).sum());
    index.reserve_slugs(parts.iter().map(|p| p.slugs.len()).sum());
    for part in parts {
        index.append(part);
    }
    index.seal();
    index
}

/// What [`parse_with`] and [`index_below`] share: reads the top file `text` (from `path`)
/// through a builder with the storage and `loader` (indexing when `index`). A big file with no
/// include is cut by [`split_point`]: the builder then holds only its source, and each chunk is
/// read on rayon's threads by a builder of its own (file 0, order from 0) that `part` turns
/// into the chunk's result, in the file's order. Otherwise the builder reads the file whole,
/// includes and all, and there are no parts.
fn read_top<'a, 'l, T: Send>(
    storage: &'a Storage,
    loader: &'l mut dyn Loader,
    path: &str,
    identity: PathBuf,
    text: &'a str,
    index: bool,
    part: impl Fn(Builder<'a, '_>) -> T + Sync,
) -> (Builder<'a, 'l>, Vec<T>) {
    let mut builder =
        Builder::new(&storage.nodes, Some(&storage.read), Some(loader)).indexing(index);
    let Some(cuts) = split_point(text) else {
        builder.file(path.to_string(), text, identity);
        return (builder, Vec::new());
    };
    builder.journal.sources.files.push(SourceFile {
        path: path.to_string(),
        text,
    });
    let nodes = &storage.nodes;
    let mut bounds = Vec::with_capacity(cuts.len() + 2);
    bounds.push(bom_len(text));
    bounds.extend(cuts);
    bounds.push(text.len());
    use rayon::prelude::*;
    let parts = bounds
        .par_windows(2)
        .map(|w| {
            let mut b = Builder::new(nodes, None, None).indexing(index);
            b.range(0, text, w[0], w[1]);
            let part = part(b);
            // An index part keeps nothing of its text (its slugs are copied: `Index::push`), so
            // a mapped file's pages go back now: pass 1 holds no more than a chunk per thread.
            if index {
                release(text, w[0]..w[1]);
            }
            part
        })
        .collect();
    (builder, parts)
}

/// The second pass: the entries of `records` (each with its 1-based place in the journal),
/// parsed from their text in `sources` into a journal fragment with the same spans, entries
/// and parser diagnostics that [`parse_with`] gives those entries, but for J009's: pass 1
/// found those on every line, and they are given as `controls`. `records` in journal order.
pub fn parse_records<'a>(
    nodes: &'a bumpalo_herd::Herd,
    sources: &SourceMap<'a>,
    records: impl IntoIterator<Item = (u32, crate::stream::Record)>,
    controls: impl IntoIterator<Item = Diagnostic>,
) -> Journal<'a> {
    let mut b = Builder::new(nodes, None, None);
    b.controls = false;
    b.give_back = true;
    b.journal.diagnostics.extend(controls);
    b.journal.sources = sources.clone();
    for (order, r) in records {
        let text = sources.files.get(r.file as usize).map_or("", |f| f.text);
        b.order = order - 1;
        b.range(r.file, text, r.start as usize, r.end as usize);
    }
    b.journal
}

/// Where to cut a big file with no includes into chunks: starts of entry headers about
/// [`CHUNK`] bytes apart, in increasing order; `None` when the file is parsed whole.
fn split_point(text: &str) -> Option<Vec<usize>> {
    if text.len() < PARALLEL_FROM || includes(text) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut cuts = Vec::new();
    let mut from = CHUNK;
    // The next header start at or after `from`, searched a piece at a time: each look maps a
    // whole folio of the page cache (2 MiB on recent kernels) when the file is mapped, so what
    // lies behind the search is given back as it goes (a long run with no header included).
    let next_header = |cuts: &[usize], mut from: usize| {
        while from < bytes.len() {
            let to = (from + RELEASE_EVERY).min(bytes.len());
            let found = memchr::memchr_iter(b'\n', &bytes[from..to])
                .map(|i| from + i + 1)
                .find(|at| bytes.get(*at).is_some_and(u8::is_ascii_digit));
            release(text, cuts.last().copied().unwrap_or(0)..found.unwrap_or(to));
            if found.is_some() {
                return found;
            }
            from = to;
        }
        None
    };
    while from < text.len() {
        let Some(at) = next_header(&cuts, from) else {
            break;
        };
        cuts.push(at);
        from = at + CHUNK;
    }
    release(text, cuts.last().copied().unwrap_or(0)..text.len());
    (!cuts.is_empty()).then_some(cuts)
}

/// Whether `text` may have an `include` line (a column-0 line starting with the word, the
/// first one after a BOM): such a file is read in one piece, with its includes in place. A
/// mapped file is searched a piece at a time, each piece's pages given back once searched.
fn includes(text: &str) -> bool {
    const PIECE: usize = 8 << 20;
    if text[bom_len(text)..].starts_with("include") {
        return true;
    }
    let finder = memchr::memmem::Finder::new(b"\ninclude");
    let bytes = text.as_bytes();
    let mut from = 0;
    while from < bytes.len() {
        // Overlap the pieces by the needle's length less one, so a match is never cut.
        let to = (from + PIECE).min(bytes.len());
        let found = finder.find(&bytes[from..to]).is_some();
        release(text, from..to);
        if found {
            return true;
        }
        from = if to == bytes.len() { to } else { to - 7 };
    }
    false
}

struct Builder<'a, 'l> {
    nodes: bumpalo_herd::Member<'a>,
    texts: Option<&'a Arena<Text>>,
    loader: Option<&'l mut dyn Loader>,
    journal: Journal<'a>,
    /// Identities of the files being read, outermost first.
    stack: Vec<PathBuf>,
    /// Identities of every file read so far (J010 when one is included again).
    seen: std::collections::HashSet<PathBuf>,
    /// Files and bytes read so far, against [`MAX_FILES`] and [`MAX_TOTAL`].
    files_read: usize,
    bytes_read: u64,
    order: u32,
    /// The attributes and body lines of the entry being read, moved to the storage when it ends.
    attrs: Vec<Attribute<'a>>,
    body: Vec<BodyLine<'a>>,
    allows: Vec<Allow>,
    /// Set when indexing (the streaming path's first pass): entries are recorded, not built.
    index: Option<crate::stream::Index<'a>>,
    /// Whether [`Builder::range`] looks for J009's characters (pass 2 is given pass 1's).
    controls: bool,
    /// Whether [`Builder::range`] gives a mapped file's pages back as it reads (the streaming
    /// path's two passes: what they keep of the text is read again when needed).
    give_back: bool,
}

impl<'a, 'l> Builder<'a, 'l> {
    fn new(
        nodes: &'a bumpalo_herd::Herd,
        texts: Option<&'a Arena<Text>>,
        loader: Option<&'l mut dyn Loader>,
    ) -> Self {
        Builder {
            nodes: nodes.get(),
            texts,
            loader,
            journal: Journal::default(),
            stack: Vec::new(),
            seen: std::collections::HashSet::new(),
            files_read: 0,
            bytes_read: 0,
            order: 0,
            attrs: Vec::new(),
            body: Vec::new(),
            allows: Vec::new(),
            index: None,
            controls: true,
            give_back: false,
        }
    }

    /// With `index`, the builder records entries for the streaming path's first pass instead
    /// of building them.
    fn indexing(mut self, index: bool) -> Self {
        if index {
            self.index = Some(crate::stream::Index::default());
            self.give_back = true;
        }
        self
    }
}

/// What the lines under a column-0 line belong to.
enum Owner<'a> {
    None,
    Entry(Entry<'a>),
    /// A header that failed: its indented lines are skipped.
    Skipped,
    /// An entry recorded by the first pass (its lines are read in the second).
    Indexed,
}

/// Iterate lines as (start offset, content without line end, line end).
pub fn lines(text: &str, from: usize) -> impl Iterator<Item = (usize, &str, &str)> {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let rest = &text[start..];
        let (line, eol) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => {
                pos = start + i + 1;
                if i > 0 && rest.as_bytes()[i - 1] == b'\r' {
                    (&rest[..i - 1], "\r\n")
                } else {
                    (&rest[..i], "\n")
                }
            }
            None => {
                pos = text.len();
                (rest, "")
            }
        };
        Some((start, line, eol))
    })
}

/// Byte length of a UTF-8 BOM at the start of `text`, if any.
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

impl<'a> Builder<'a, '_> {
    /// The first pass's result: the index with the sources, directives and diagnostics.
    fn into_index(self) -> crate::stream::Index<'a> {
        let mut index = self.index.unwrap_or_default();
        index.sources = self.journal.sources;
        index.directives = self.journal.directives;
        index.diagnostics = self.journal.diagnostics;
        index
    }

    fn file(&mut self, path: String, text: &'a str, identity: PathBuf) {
        let id = self.journal.sources.files.len() as FileId;
        self.journal.sources.files.push(SourceFile { path, text });
        self.files_read += 1;
        self.bytes_read += text.len() as u64;
        self.seen.insert(identity.clone());
        self.stack.push(identity);
        self.range(id, text, bom_len(text), text.len());
        self.stack.pop();
        if self.index.is_some() {
            // Pass 1 keeps nothing of the text (`Index::push` copies the slugs).
            release(text, 0..text.len());
        }
    }

    /// Parse the lines of `text[from..to]` (`from` and `to` at line starts).
    fn range(&mut self, id: FileId, text: &'a str, from: usize, to: usize) {
        // On the streaming path a mapped file read in one piece (one with includes, a long
        // stretch with no header, an entry whose comments run on) goes back as it is read,
        // J009's scan included, which then runs a piece ahead of the lines instead of over
        // the whole range first.
        let piecewise = self.give_back && to - from > RELEASE_EVERY;
        if self.controls && !piecewise {
            self.control_characters(id, text, from, to);
        }
        let mut scanned = from;
        let mut owner = Owner::None;
        let mut kept = from;
        for (start, content, _) in lines(&text[..to], from) {
            if piecewise && self.controls && start >= scanned {
                // Up to a line end, so that no line is cut (J009 is once per line).
                let ahead = (start + RELEASE_EVERY).min(to);
                let end = memchr::memchr(b'\n', &text.as_bytes()[ahead..to])
                    .map_or(to, |i| ahead + i + 1);
                self.control_characters(id, text, start, end);
                scanned = end;
            }
            if start - kept >= RELEASE_EVERY && self.give_back {
                release(text, kept..start);
                kept = start;
            }
            let span = Span::new(id, start, start + content.len());
            match classify::shape(content) {
                // SPEC §4: skipped, with a J001. An indented one under a header that failed is
                // skipped with it (SPEC §1: one J001 for the entry); a column-0 comment, as any
                // comment, does not end an entry (and resumes parsing after a failed header).
                Shape::TooLong => {
                    let first = content.as_bytes()[0];
                    let indented = matches!(first, b' ' | b'\t');
                    let comment = matches!(first, b';' | b'#');
                    match owner {
                        // Pass 2 reports what an indexed entry holds.
                        Owner::Indexed if indented || comment => continue,
                        Owner::Skipped if indented => continue,
                        Owner::Skipped if comment => owner = Owner::None,
                        _ if indented || comment => {}
                        _ => {
                            self.finish(&mut owner, start);
                            owner = Owner::Skipped;
                        }
                    }
                    self.error(
                        Span::new(id, start, start),
                        format!(
                            "this line is {} bytes long; nudge reads lines up to {} bytes",
                            content.len(),
                            MAX_LINE
                        ),
                        "split the text over several lines".into(),
                    );
                }
                Shape::Blank => {}
                // A column-0 comment does not end an entry, but parsing resumes here after a
                // header that failed (SPEC §1: "resumes at the next column-0 line").
                Shape::Comment if matches!(owner, Owner::Skipped) => owner = Owner::None,
                Shape::Comment => {}
                Shape::Indented { .. } if matches!(owner, Owner::Indexed) => {}
                Shape::Indented { indent, rest } => {
                    self.indented(&mut owner, id, start + indent.len(), rest);
                }
                Shape::Header => {
                    self.finish(&mut owner, start);
                    owner = match line::header(content) {
                        Ok(h) if self.index.is_some() => self.record(id, start, &h),
                        Ok(h) => Owner::Entry(self.entry(id, start, content, h)),
                        Err(e) => {
                            let fix = kind_fix(id, start, content, &e);
                            self.line_error(id, start, e);
                            if let (Some(d), Some(f)) = (self.journal.diagnostics.last_mut(), fix) {
                                d.fixes.push(f);
                            }
                            Owner::Skipped
                        }
                    };
                }
                Shape::Directive => {
                    self.finish(&mut owner, start);
                    self.directive(id, start, content, span);
                }
            }
        }
        self.finish(&mut owner, to);
    }

    /// The first pass's record of an entry whose header starts at `start`; its end is set
    /// when the next column-0 line (or the end of the range) finishes it.
    fn record(&mut self, id: FileId, start: usize, h: &line::Header<'a>) -> Owner<'a> {
        if let Some(index) = &mut self.index {
            let (nodes, slug) = (&self.nodes, h.entry.opportunity);
            index.push(id, start, slug, h.entry.kind, || &*nodes.alloc_str(slug));
        }
        Owner::Indexed
    }

    /// The entry `h` starts, at `start` in file `id`: its spans, its order and the
    /// suppressions of its inline comment (its indented lines come later).
    fn entry(
        &mut self,
        id: FileId,
        start: usize,
        content: &'a str,
        h: line::Header<'a>,
    ) -> Entry<'a> {
        let mut allows = std::mem::take(&mut self.allows);
        allows.clear();
        if let Some(comment) = h.comment {
            let cstart = start + line::offset(content, comment);
            self.allow(&mut allows, id, cstart, comment);
        }
        self.allows = allows;
        self.order += 1;
        let line = Span::new(id, start, start + content.len());
        Entry {
            header: line,
            block: line,
            order: self.order,
            ..h.entry
        }
    }

    /// End the entry `owner` reads, if any; `end` is where the line that ends it starts.
    fn finish(&mut self, owner: &mut Owner<'a>, end: usize) {
        if let (Owner::Indexed, Some(index)) = (&owner, &mut self.index) {
            index.end_last(end);
        }
        if let Owner::Entry(mut entry) = std::mem::replace(owner, Owner::None) {
            entry.attrs = self.nodes.alloc_slice_copy(&self.attrs);
            entry.body = self.nodes.alloc_slice_copy(&self.body);
            entry.allows = std::mem::take(&mut self.allows).into_boxed_slice();
            self.attrs.clear();
            self.body.clear();
            self.journal.entries.push(entry);
        }
    }

    fn indented(&mut self, owner: &mut Owner<'a>, id: FileId, start: usize, content: &'a str) {
        let span = Span::new(id, start, start + content.len());
        let parsed = line::indented(content);
        let entry = match owner {
            Owner::Skipped | Owner::Indexed => return,
            _ if matches!(parsed, Ok(Indented::Comment(_)))
                && !matches!(owner, Owner::Entry(_)) =>
            {
                return
            }
            Owner::None => {
                self.error(
                    span,
                    "an indented line with no entry above it".into(),
                    "start an entry with its date at column 0 above this line, or remove the indentation".into(),
                );
                return;
            }
            Owner::Entry(entry) => entry,
        };
        entry.block.end = span.end;
        match parsed {
            Err(e) => self.line_error(id, start, e),
            Ok(Indented::Comment(c)) => {
                let mut allows = std::mem::take(&mut self.allows);
                self.allow(&mut allows, id, start, c);
                self.allows = allows;
            }
            Ok(Indented::Body(text)) => {
                let tstart = start + line::offset(content, text);
                self.body.push(BodyLine {
                    text,
                    start: tstart as u32,
                });
            }
            Ok(Indented::Attribute { key, value }) => {
                let key_span = Span::new(id, start, start + key.len());
                let Some(k) = Key::from_word(key) else {
                    let mean = did_you_mean(key, Key::ALL.map(Key::as_str));
                    let d = Diagnostic::new(
                        Rule::J004,
                        key_span,
                        format!("unknown attribute `{key}`{mean}"),
                    )
                    .label("not an attribute nudge knows")
                    .help("the attributes are with, to, expect, next, ref, value, via and note; this line is ignored");
                    let d = match crate::suggest::closest(key, Key::ALL.map(Key::as_str)) {
                        Some(to) => d.fix(crate::diagnostic::Fix::replace(
                            format!("Replace with `{to}`"),
                            key_span,
                            to,
                        )),
                        None => d,
                    };
                    self.push(d, Some(entry.opportunity));
                    return;
                };
                let vstart = start + line::offset(content, value);
                let value_span = Span::new(id, vstart, vstart + value.len());
                if let Err((message, help)) = line::check_value(k, value) {
                    let at = if value.is_empty() {
                        key_span
                    } else {
                        value_span
                    };
                    let d = Diagnostic::new(Rule::J001, at, message).help(help);
                    self.push(d, Some(entry.opportunity));
                    return;
                }
                match k {
                    Key::Expect => {
                        match line::date(content, value) {
                            Ok(_) => {}
                            Err(e) => {
                                let d = Diagnostic::new(
                                Rule::J001,
                                value_span,
                                format!("`expect:` takes a date: {}", e.message),
                            )
                            .help("write the date they gave as YYYY-MM-DD, e.g. `expect: 2026-11-09`");
                                self.push(d, Some(entry.opportunity));
                                return;
                            }
                        }
                    }
                    Key::With | Key::To if line::person(value).is_err() => return,
                    _ => {}
                }
                if !k.allowed_on(entry.kind) {
                    let d = Diagnostic::new(
                        Rule::J005,
                        key_span,
                        format!(
                            "`{}:` does not belong on {} {} entry",
                            k.as_str(),
                            if entry.kind == crate::model::Kind::Interview {
                                "an"
                            } else {
                                "a"
                            },
                            entry.kind.as_str()
                        ),
                    )
                    .help(format!(
                        "`{}:` is read on {} entries; move it or remove it",
                        k.as_str(),
                        k.kinds_text()
                    ));
                    self.push(d, Some(entry.opportunity));
                } else if !k.repeatable() && self.attrs.iter().any(|a| a.key == k) {
                    let d = Diagnostic::new(
                        Rule::J005,
                        key_span,
                        format!("`{}:` is given twice on this entry", k.as_str()),
                    )
                    .help("only the first one counts; keep one line");
                    self.push(d, Some(entry.opportunity));
                }
                self.attrs.push(Attribute {
                    raw: value,
                    start: span.start,
                    len: u16::try_from(span.len()).unwrap_or(u16::MAX),
                    key: k,
                });
            }
        }
    }

    fn allow(&mut self, allows: &mut Vec<Allow>, id: FileId, start: usize, comment: &str) {
        let span = Span::new(id, start, start + comment.len());
        match line::suppression(comment) {
            None => {}
            Some(Err(message)) => {
                let d = Diagnostic::new(Rule::N001, span, message)
                    .help("write `; nudge: allow CODE` with rule codes or names, comma-separated");
                self.journal.diagnostics.push(d);
            }
            Some(Ok(list)) => {
                let list_start = start + line::offset(comment, list);
                let mut rules = Vec::new();
                let mut pos = 0;
                for part in list.split(',') {
                    let lead = part.len() - part.trim_start().len();
                    let name = part.trim();
                    let s = list_start + pos + lead;
                    pos += part.len() + 1;
                    if !name.is_empty() {
                        rules.push((name.to_string(), Span::new(id, s, s + name.len())));
                    }
                }
                allows.push(Allow { rules, span });
            }
        }
    }

    fn directive(&mut self, id: FileId, start: usize, content: &'a str, span: Span) {
        let (body, _) = line::split_comment(content);
        let (word, rest) = line::directive_word(body);
        let args = rest.trim_matches(line::BLANKS);
        let args_span = if args.is_empty() {
            Span::new(id, start + body.len(), start + body.len())
        } else {
            let s = start + line::offset(content, args);
            Span::new(id, s, s + args.len())
        };
        let word_span = Span::new(id, start, start + word.len());
        let result: Result<Option<Directive>, (Span, String, String)> = match word {
            "workweek" => workweek(args)
                .map(|w| Some(Directive::Workweek(w)))
                .map_err(|(m, h)| (args_span, m, h)),
            "holiday" => {
                let tok = args
                    .split(line::is_blank)
                    .find(|t| !t.is_empty())
                    .unwrap_or("");
                if tok.is_empty() {
                    Err((
                        args_span,
                        "`holiday` needs a date".into(),
                        "write `holiday 2026-11-26 Thanksgiving`".into(),
                    ))
                } else {
                    line::date(content, tok).map(|d| Some(Directive::Holiday(d))).map_err(|e| {
                        (Span::new(id, start + e.start, start + e.end), e.message, "write `holiday YYYY-MM-DD [name]`, e.g. `holiday 2026-11-26 Thanksgiving`".into())
                    })
                }
            }
            "policy" => self.policy(args, args_span).map(Some),
            "rule" => rule_directive(args)
                .map(Some)
                .map_err(|(m, h)| (args_span, m, h)),
            "include" => {
                self.include(id, span, args, args_span);
                Ok(None)
            }
            _ => {
                let first = body
                    .split(line::is_blank)
                    .find(|t| !t.is_empty())
                    .unwrap_or(body);
                let mean = did_you_mean(word, classify::DIRECTIVES);
                let help = if crate::model::Kind::from_word(first).is_some() {
                    format!(
                        "an entry starts with its date: `2026-11-02 {}`",
                        body.trim()
                    )
                } else if !mean.is_empty() {
                    format!(
                        "{} The directives are workweek, holiday, policy, rule and include",
                        mean.trim_start_matches("; ")
                    )
                } else {
                    "a column-0 line is an entry (starting with its date), a directive (workweek, holiday, policy, rule, include) or a comment (`;` or `#`)".to_string()
                };
                let shown: String = first.chars().take(40).collect();
                let d = Diagnostic::new(
                    Rule::J001,
                    Span::new(id, start, start + first.len()),
                    format!("expected an entry or a directive, found `{shown}`"),
                )
                .help(help);
                self.journal.diagnostics.push(d);
                Ok(None)
            }
        };
        match result {
            Ok(Some(directive)) => self
                .journal
                .directives
                .push(DirectiveLine { directive, span }),
            Ok(None) => {}
            Err((at, message, help)) => {
                let at = if at.is_empty() { word_span } else { at };
                self.journal
                    .diagnostics
                    .push(Diagnostic::new(Rule::J006, at, message).help(help));
            }
        }
    }

    fn policy(&mut self, args: &str, args_span: Span) -> Result<Directive, (Span, String, String)> {
        let mut parts = args.split(line::is_blank).filter(|t| !t.is_empty());
        let (Some(name), Some(value)) = (parts.next(), parts.next()) else {
            return Err((
                args_span,
                "`policy` needs a name and a value".into(),
                "write `policy NAME VALUE`, e.g. `policy assumed-wait 5bd`".into(),
            ));
        };
        if let Some(extra) = parts.next() {
            return Err((
                args_span,
                format!("unexpected `{extra}` after the policy value"),
                "write `policy NAME VALUE`, e.g. `policy assumed-wait 5bd`".into(),
            ));
        }
        let Some(n) = policy::Name::from_word(name) else {
            let mean = did_you_mean(name, policy::Name::ALL.map(policy::Name::as_str));
            return Err((args_span, format!("unknown policy `{name}`{mean}"), "the policies are thank-you-within, assumed-wait, first-check-in-after, second-check-in-after, third-check-in-after, max-check-ins, withdraw-after and max-words".into()));
        };
        policy::parse_setting(n, value)
            .map(Directive::Policy)
            .map_err(|e| (args_span, e.message, e.help))
    }

    fn include(&mut self, id: FileId, span: Span, args: &str, args_span: Span) {
        let fail = |this: &mut Self, message: String, help: &str| {
            let d = Diagnostic::new(
                Rule::J007,
                if args.is_empty() { span } else { args_span },
                message,
            )
            .help(help.to_string());
            this.journal.diagnostics.push(d);
        };
        let target = args
            .strip_prefix('"')
            .and_then(|a| a.strip_suffix('"'))
            .unwrap_or(args);
        if target.is_empty() {
            return fail(
                self,
                "`include` needs a path".into(),
                "write `include PATH`, relative to this file",
            );
        }
        let (Some(loader), Some(texts)) = (self.loader.as_deref_mut(), self.texts) else {
            return fail(
                self,
                format!("cannot include `{target}` here"),
                "includes are read only from files on disk",
            );
        };
        let here = self.journal.sources.path(id);
        let joined = match Path::new(here).parent() {
            Some(dir) if !Path::new(target).is_absolute() => dir.join(target),
            _ => PathBuf::from(target),
        };
        let shown = clean(&joined);
        // Read relative to the directory of the file actually opened (symlinks resolved: its
        // identity), shown relative to the including file's path as given (SPEC §1.3, §3.1).
        let opened = self
            .stack
            .last()
            .filter(|identity| identity.is_absolute())
            .and_then(|identity| identity.parent());
        let joined = match opened {
            Some(dir) if !Path::new(target).is_absolute() => dir.join(target),
            _ => joined,
        };
        if self.stack.len() >= MAX_INCLUDE_DEPTH {
            return fail(
                self,
                format!("includes are nested more than {MAX_INCLUDE_DEPTH} deep at `{shown}`"),
                "flatten the includes: include the files from one top-level journal",
            );
        }
        let cycle = |this: &mut Self| {
            fail(
                this,
                format!("`{shown}` is already being read: the include would loop"),
                "remove this include; each file should be included once, from one place",
            )
        };
        let again = |this: &mut Self| {
            let d = Diagnostic::new(
                Rule::J010,
                args_span,
                format!("`{shown}` is already included; it is skipped, so its entries count once"),
            )
            .label("included before")
            .help("remove this include; each file is read once, however often it is included");
            this.journal.diagnostics.push(d);
        };
        // Known before reading: a file included again is never read again.
        if let Some(identity) = loader.identify(&joined) {
            if self.stack.contains(&identity) {
                return cycle(self);
            }
            if self.seen.contains(&identity) {
                return again(self);
            }
        }
        if self.files_read >= MAX_FILES {
            return fail(
                self,
                format!(
                    "cannot include `{shown}`: nudge reads at most {MAX_FILES} files in one run"
                ),
                "include fewer files, e.g. one per year instead of one per week",
            );
        }
        let left = MAX_TOTAL.saturating_sub(self.bytes_read);
        match loader.read_text(&joined, left) {
            Err(e) => fail(
                self,
                format!("cannot include `{shown}`: it {}", e.kind),
                "check the path; it is relative to the including file",
            ),
            Ok((identity, _)) if self.stack.contains(&identity) => cycle(self),
            Ok((identity, _)) if self.seen.contains(&identity) => again(self),
            Ok((identity, text)) => {
                let text: &'a str = texts.alloc(text);
                self.file(shown, text, identity);
            }
        }
    }

    /// J009: a control character (other than tab) or a bidirectional override, once per line
    /// of `text[from..to]`, shown escaped.
    fn control_characters(&mut self, id: FileId, text: &str, from: usize, to: usize) {
        let bytes = &text.as_bytes()[..to];
        // Bytes that may start a J009 character (or a CR of a CRLF): chunks with none are
        // skipped whole, so clean text costs a vectorised pass.
        let maybe = |b: u8| {
            (b < 0x20 && b != b'\t' && b != b'\n') | (b == 0x7f) | (b == 0xc2) | (b == 0xe2)
        };
        const CHUNK: usize = 32;
        let mut i = from;
        while i < bytes.len() {
            if let Some(chunk) = bytes.get(i..i + CHUNK) {
                if !chunk.iter().fold(false, |any, b| any | maybe(*b)) {
                    i += CHUNK;
                    continue;
                }
            }
            let end = (i + CHUNK).min(bytes.len());
            while i < end && !maybe(bytes[i]) {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
            let b = bytes[i];
            let hit = match b {
                b'\t' | b'\n' => false,
                b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                0..=0x1f | 0x7f => true,
                0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
                0xe2 => matches!(
                    (bytes.get(i + 1), bytes.get(i + 2)),
                    (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
                ),
                _ => false,
            };
            if !hit {
                i += 1;
                continue;
            }
            let line_end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            let c = text[i..].chars().next().unwrap_or('\0');
            let more = text[i + c.len_utf8()..line_end]
                .chars()
                .filter(|c| crate::escape::is_suspicious(*c))
                .filter(|c| *c != '\r')
                .count();
            let what = if crate::escape::is_bidi_override(c) {
                "a bidirectional override"
            } else {
                "a control character"
            };
            let more = if more > 0 {
                format!(" (and {more} more on this line)")
            } else {
                String::new()
            };
            let d = Diagnostic::new(
                Rule::J009,
                Span::new(id, i, i + c.len_utf8()),
                format!(
                    "{what} `{}` in the journal{more}",
                    crate::escape::visible(c)
                ),
            )
            .label("invisible or acted on by a terminal")
            .help("remove it: retype the text, or paste it as plain text");
            self.journal.diagnostics.push(d);
            i = line_end + 1;
        }
    }

    fn line_error(&mut self, id: FileId, start: usize, e: LineError) {
        let mut d = Diagnostic::new(
            Rule::J001,
            Span::new(id, start + e.start, start + e.end),
            e.message,
        );
        d.help = e.help;
        self.journal.diagnostics.push(d);
    }

    fn error(&mut self, span: Span, message: String, help: String) {
        self.journal
            .diagnostics
            .push(Diagnostic::new(Rule::J001, span, message).help(help));
    }

    fn push(&mut self, d: Diagnostic, opportunity: Option<&str>) {
        let d = match opportunity {
            Some(o) => d.opportunity(o),
            None => d,
        };
        self.journal.diagnostics.push(d);
    }
}

/// The did-you-mean fix of a header whose error sits on its kind (the word after the date,
/// the optional time and the optional `!`).
fn kind_fix(
    id: FileId,
    start: usize,
    content: &str,
    e: &LineError,
) -> Option<crate::diagnostic::Fix> {
    let (body, _) = line::split_comment(content);
    let mut words = body
        .split(line::is_blank)
        .filter(|w| !w.is_empty())
        .skip(1)
        .peekable();
    words.next_if(|w| w.starts_with(|c: char| c.is_ascii_digit()) && w.contains(':'));
    words.next_if(|w| *w == "!");
    let tok = words.next()?;
    if line::offset(content, tok) != e.start || crate::model::Kind::from_word(tok).is_some() {
        return None;
    }
    let to = crate::suggest::closest(tok, crate::model::Kind::ALL.map(crate::model::Kind::as_str))?;
    let at = start + e.start;
    Some(crate::diagnostic::Fix::replace(
        format!("Replace with `{to}`"),
        Span::new(id, at, at + tok.len()),
        to,
    ))
}

/// `a/b/../c` → `a/c`, for showing included paths (reading uses the path as joined).
fn clean(path: &Path) -> String {
    use std::path::Component;
    let mut parts: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            _ => parts.push(c),
        }
    }
    let p: PathBuf = parts.iter().collect();
    p.to_string_lossy().into_owned()
}

fn weekday(word: &str) -> Option<Weekday> {
    let w = word.to_ascii_lowercase();
    let days = [
        ("mon", "monday", Weekday::Mon),
        ("tue", "tuesday", Weekday::Tue),
        ("wed", "wednesday", Weekday::Wed),
        ("thu", "thursday", Weekday::Thu),
        ("fri", "friday", Weekday::Fri),
        ("sat", "saturday", Weekday::Sat),
        ("sun", "sunday", Weekday::Sun),
    ];
    days.iter()
        .find(|(short, long, _)| w == *short || w == *long)
        .map(|(_, _, d)| *d)
}

/// `mon-fri`, `sun mon tue wed thu`, `mon-wed fri`; ranges may wrap (`sun-thu`).
pub fn workweek(args: &str) -> Result<WeekdaySet, (String, String)> {
    let help = "write a range like `mon-fri` or a list like `sun mon tue wed thu`".to_string();
    let mut set = WeekdaySet(0);
    for tok in args
        .split(|c: char| line::is_blank(c) || c == ',')
        .filter(|t| !t.is_empty())
    {
        let day = |w: &str| {
            weekday(w).ok_or_else(|| {
                let mean = did_you_mean(w, ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
                (format!("unknown day `{w}`{mean}"), help.clone())
            })
        };
        match tok.split_once('-') {
            Some((a, b)) => {
                let (mut d, last) = (day(a)?, day(b)?);
                set.insert(d);
                while d != last {
                    d = d.succ();
                    set.insert(d);
                }
            }
            None => set.insert(day(tok)?),
        }
    }
    if set.is_empty() {
        return Err(("the workweek has no days".into(), help));
    }
    Ok(set)
}

fn rule_directive(args: &str) -> Result<Directive, (String, String)> {
    let help = "write `rule CODE|NAME off|warning|error`, e.g. `rule C002 error`".to_string();
    let mut parts = args.split(line::is_blank).filter(|t| !t.is_empty());
    let (Some(code), Some(level)) = (parts.next(), parts.next()) else {
        return Err(("`rule` needs a rule and a severity".into(), help));
    };
    if let Some(extra) = parts.next() {
        return Err((format!("unexpected `{extra}` after the severity"), help));
    }
    let severity = Severity::from_word(level)
        .ok_or_else(|| (format!("unknown severity `{level}`"), help.clone()))?;
    let rule = registry::lookup(code).ok_or_else(|| {
        let mean = registry::did_you_mean(code);
        (
            format!("unknown rule `{code}`{mean}"),
            "`nudge rules` lists the codes and names".to_string(),
        )
    })?;
    Ok(Directive::Rule {
        code: rule,
        severity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoFiles;
    impl Loader for NoFiles {
        fn read(&mut self, path: &Path) -> Result<(PathBuf, String), ReadError> {
            Err(ReadError::new(path, ReadErrorKind::NotFound))
        }
    }

    #[test]
    fn parsing_in_two_halves_gives_the_same_journal() {
        let mut text = crate::generate::journal(45_000, 3);
        // Mistakes on both sides of the middle, and an orphan run at the very end.
        let at = text[text.len() / 3..]
            .find('\n')
            .map_or(0, |i| text.len() / 3 + i + 1);
        text.insert_str(at, "2026-02-30 note x\n    | skipped\n");
        text.push_str("\n2026-11-02 thank-yu x\n    | orphan of a bad header\n");
        assert!(text.len() > PARALLEL_FROM && split_point(&text).is_some());
        let storage = Storage::new();
        let two = parse_with(&storage, &mut NoFiles, "j", PathBuf::from("j"), &text);
        let one = parse_str(&storage, &text, "j");
        assert_eq!(one.entries.len(), two.entries.len());
        assert_eq!(format!("{:?}", one.entries), format!("{:?}", two.entries));
        assert_eq!(one.diagnostics, two.diagnostics);
        assert_eq!(
            format!("{:?}", one.directives),
            format!("{:?}", two.directives)
        );
        assert_eq!(one.diagnostics.len(), 2);
    }

    proptest::proptest! {
        #[test]
        fn j009_is_reported_once_on_every_line_with_a_control_character(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("a".to_string()),
                    proptest::strategy::Just("é — ".to_string()),
                    proptest::strategy::Just("\n".to_string()),
                    proptest::strategy::Just("\r\n".to_string()),
                    proptest::strategy::Just("\t".to_string()),
                    proptest::strategy::Just("\u{1b}[2J".to_string()),
                    proptest::strategy::Just("\r".to_string()),
                    proptest::strategy::Just("\u{85}".to_string()),
                    proptest::strategy::Just("\u{202e}".to_string()),
                    proptest::strategy::Just("\u{2069}".to_string()),
                    proptest::strategy::Just("\u{2070}".to_string()),
                    proptest::strategy::Just("x".repeat(40)),
                ],
                0..60,
            )
        ) {
            let text = format!("; {}", parts.concat());
            let storage = Storage::new();
            let journal = parse_str(&storage, &text, "j");
            let mut got: Vec<usize> = journal
                .diagnostics
                .iter()
                .filter(|d| d.rule == Rule::J009)
                .map(|d| text[..d.span.start as usize].matches('\n').count())
                .collect();
            got.sort();
            let last = text.matches('\n').count();
            let want: Vec<usize> = text
                .split('\n')
                .enumerate()
                .filter(|(i, line)| {
                    // A CR is a line end only when a LF follows it.
                    let line = if *i < last { line.strip_suffix('\r').unwrap_or(line) } else { line };
                    line.chars().any(crate::escape::is_suspicious)
                })
                .map(|(i, _)| i)
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn a_too_long_line_is_skipped_as_the_line_it_would_be() {
        let long = "x".repeat(MAX_LINE + 1);
        let storage = Storage::new();
        // A column-0 comment: the entry goes on (its `expect:` is kept), one J001.
        let text = format!(
            "2026-11-02 interview acme \"A\"\n    with: Jane Doe\n; {long}\n    expect: 2026-11-09\n"
        );
        let j = parse_str(&storage, &text, "j.nudge");
        assert_eq!(j.entries.len(), 1);
        assert!(j.entries[0].expect().is_some());
        let j001 = |j: &Journal<'_>| {
            j.diagnostics
                .iter()
                .filter(|d| d.rule == Rule::J001)
                .count()
        };
        assert_eq!(j001(&j), 1);
        assert!(j.diagnostics.iter().all(|d| d.rule == Rule::J001));
        // Under a header that failed, an indented one is skipped with it: one J001.
        let text = format!(
            "2026-13-02 interview acme\n    note: {long}\n    with: x\n2026-11-02 note acme\n"
        );
        let j = parse_str(&storage, &text, "j.nudge");
        assert_eq!((j001(&j), j.entries.len()), (1, 1), "{:?}", j.diagnostics);
        // ... and a too-long comment resumes parsing, as a comment does: the next indented line
        // is an orphan again.
        let text = format!("2026-13-02 interview acme\n#{long}\n    with: x\n");
        let j = parse_str(&storage, &text, "j.nudge");
        assert_eq!(j.diagnostics.len(), 3, "{:?}", j.diagnostics);
        // A too-long header or directive still ends the entry.
        let text = format!("2026-11-02 interview acme\n2{long}\n    with: x\n");
        let j = parse_str(&storage, &text, "j.nudge");
        assert!(j.entries[0].attrs.is_empty());
    }

    #[test]
    fn files_with_includes_are_not_split() {
        let text = format!(
            "include other.nudge\n{}",
            "2026-11-02 note x\n".repeat(300_000)
        );
        assert!(text.len() > PARALLEL_FROM);
        assert_eq!(split_point(&text), None);
    }
}
