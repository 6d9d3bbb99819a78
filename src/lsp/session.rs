//! The open documents and what the client said at `initialize`, plus the one place where
//! byte spans become protocol positions and back.

use crate::diagnostic::Diagnostic;
use crate::line_index::{Encoding, LineCol, LineIndex};
use crate::model::{Journal, Span};
use crate::parse::{self, Loader, Storage};
use crate::rules;
use crate::timeline::Settings;
use chrono::NaiveDate;
use lsp_types::{InitializeParams, Position, PositionEncodingKind, Range, ServerCapabilities, Uri};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// One document the editor has open: its text as the editor has it, indexed once per version.
#[derive(Debug)]
pub struct Document {
    pub text: String,
    pub index: LineIndex,
    pub version: i32,
}

impl Document {
    pub fn new(text: String, version: i32) -> Document {
        let index = LineIndex::new(&text);
        Document {
            text,
            index,
            version,
        }
    }
}

/// The server's state between messages.
#[derive(Debug)]
pub struct Session {
    pub docs: HashMap<Uri, Document>,
    /// How positions are counted: UTF-16 unless the client offered UTF-8.
    pub encoding: Encoding,
    /// `initializationOptions.today`, else the local date on each question.
    pub today: Option<NaiveDate>,
    /// For each open journal, the other files it published diagnostics to (its includes), so
    /// that they can be cleared.
    pub published: HashMap<Uri, Vec<Uri>>,
    /// For each open journal, the files it included at its last check.
    pub included: HashMap<Uri, Vec<Uri>>,
}

impl Session {
    pub fn new(params: &InitializeParams) -> Session {
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let today = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("today"))
            .and_then(|t| t.as_str())
            .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
        Session {
            docs: HashMap::new(),
            encoding: if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            today,
            published: HashMap::new(),
            included: HashMap::new(),
        }
    }

    /// The date the rules judge against.
    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    pub fn capabilities(&self) -> ServerCapabilities {
        use lsp_types::*;
        ServerCapabilities {
            position_encoding: Some(match self.encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                _ => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            inlay_hint_provider: Some(OneOf::Left(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![" ".into(), ":".into(), "-".into()]),
                ..Default::default()
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::SOURCE]),
                ..Default::default()
            })),
            document_formatting_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: Default::default(),
            })),
            semantic_tokens_provider: Some(
                SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
                    legend: super::requests::semantic_tokens::legend(),
                    full: Some(SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    ..Default::default()
                }),
            ),
            ..Default::default()
        }
    }

    /// A protocol position in `text` (indexed by `index`) → byte offset, clamped to the text.
    pub fn offset(&self, text: &str, index: &LineIndex, pos: Position) -> usize {
        index.offset(
            text,
            LineCol {
                line: pos.line,
                col: pos.character,
            },
            self.encoding,
        ) as usize
    }

    /// A byte offset → protocol position.
    pub fn position(&self, text: &str, index: &LineIndex, offset: usize) -> Position {
        let p = index.position(text, offset as u32, self.encoding);
        Position::new(p.line, p.col)
    }

    /// A byte range → protocol range.
    pub fn range(&self, text: &str, index: &LineIndex, start: usize, end: usize) -> Range {
        Range::new(
            self.position(text, index, start),
            self.position(text, index, end.max(start)),
        )
    }

    /// Parse and check the journal open as `uri` (with its includes: open documents as the
    /// editor has them, other files from disk) and hand the result to `f`.
    pub fn with_analysis<R>(&self, uri: &Uri, f: impl FnOnce(&Analysis<'_, '_>) -> R) -> Option<R> {
        let doc = self.docs.get(uri)?;
        let storage = Storage::new();
        let path = uri_to_path(uri);
        let shown = path
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|| uri.as_str().to_string());
        let identity = path
            .as_ref()
            .and_then(|p| std::fs::canonicalize(p).ok())
            .unwrap_or_else(|| PathBuf::from(&shown));
        let journal = if path.is_some() {
            let mut loader = SessionLoader { session: self };
            parse::parse_with(&storage, &mut loader, &shown, identity, &doc.text)
        } else {
            parse::parse_str(&storage, &doc.text, &shown)
        };
        let today = self.today();
        let diagnostics = rules::check(&journal, today, &rules::Options::default());
        let settings = Settings::from_journal(&journal);
        let mut uris = vec![uri.clone()];
        for file in journal.sources.files.iter().skip(1) {
            uris.push(path_to_uri(Path::new(&file.path)).unwrap_or_else(|| uri.clone()));
        }
        let indexes = journal
            .sources
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if i == 0 {
                    doc.index.clone()
                } else {
                    LineIndex::new(f.text)
                }
            })
            .collect();
        let analysis = Analysis {
            session: self,
            journal: &journal,
            diagnostics,
            settings,
            today,
            uris,
            indexes,
        };
        Some(f(&analysis))
    }
}

/// A checked journal, ready for questions from the editor.
pub struct Analysis<'j, 'a> {
    pub session: &'j Session,
    pub journal: &'j Journal<'a>,
    /// Exactly what `nudge check` reports for this text.
    pub diagnostics: Vec<Diagnostic>,
    pub settings: Settings,
    pub today: NaiveDate,
    /// The URI of each file of the journal (file 0 is the open document).
    pub uris: Vec<Uri>,
    indexes: Vec<LineIndex>,
}

impl<'a> Analysis<'_, 'a> {
    /// The text of one file.
    pub fn text(&self, file: u32) -> &'a str {
        self.journal
            .sources
            .files
            .get(file as usize)
            .map_or("", |f| f.text)
    }

    /// A span → protocol range in its own file.
    pub fn range(&self, span: Span) -> Range {
        let text = self.text(span.file);
        match self.indexes.get(span.file as usize) {
            Some(index) => self
                .session
                .range(text, index, span.start as usize, span.end as usize),
            None => Range::default(),
        }
    }

    /// A span → protocol location.
    pub fn location(&self, span: Span) -> lsp_types::Location {
        lsp_types::Location {
            uri: self.uri(span.file),
            range: self.range(span),
        }
    }

    pub fn uri(&self, file: u32) -> Uri {
        self.uris
            .get(file as usize)
            .unwrap_or(&self.uris[0])
            .clone()
    }

    /// A protocol position in the open document → byte offset in file 0.
    pub fn offset(&self, pos: Position) -> usize {
        self.session.offset(self.text(0), &self.indexes[0], pos)
    }

    /// The entry of file 0 whose lines hold byte `offset`.
    pub fn entry_at(&self, offset: usize) -> Option<usize> {
        let offset = offset as u32;
        self.journal
            .entries
            .iter()
            .position(|e| e.block.file == 0 && offset >= e.block.start && offset <= e.block.end)
    }
}

/// Reads includes for the analysis: an open document as the editor has it, else the file.
struct SessionLoader<'s> {
    session: &'s Session,
}

impl Loader for SessionLoader<'_> {
    fn read(&mut self, path: &Path) -> Result<(PathBuf, String), parse::ReadError> {
        if let Some(uri) = path_to_uri(path) {
            if let Some(doc) = self.session.docs.get(&uri) {
                let id = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
                return Ok((id, doc.text.clone()));
            }
        }
        parse::read_file(path)
    }
}

/// `file:///a/b%20c` → `/a/b c`; `None` for another scheme.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    let path = String::from_utf8(out).ok()?;
    Some(PathBuf::from(path))
}

/// `/a/b c` → `file:///a/b%20c` (absolute paths only).
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let s = path.to_str()?;
    if !s.starts_with('/') {
        return None;
    }
    let mut out = String::from("file://");
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_paths_convert_both_ways() {
        let p = Path::new("/tmp/a b/jörnal.nudge");
        let u = path_to_uri(p).unwrap();
        assert_eq!(u.as_str(), "file:///tmp/a%20b/j%C3%B6rnal.nudge");
        assert_eq!(uri_to_path(&u).unwrap(), p);
        let odd = Path::new("/100%/é;#?.nudge");
        assert_eq!(uri_to_path(&path_to_uri(odd).unwrap()).unwrap(), odd);
        let host = Uri::from_str("file://localhost/tmp/j.nudge").unwrap();
        assert_eq!(uri_to_path(&host).unwrap(), Path::new("/tmp/j.nudge"));
        assert!(uri_to_path(&Uri::from_str("untitled:1").unwrap()).is_none());
    }
}
