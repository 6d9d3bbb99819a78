//! `textDocument/semanticTokens/full`: dates, times, `!`, kinds, slugs, keys, values, bodies,
//! comments and directives, from the same line classifier `nudge fmt` uses, so any LSP editor
//! colours a journal without a grammar.

use crate::lsp::session::{Document, Session};
use crate::parse::line;
use crate::parse::syntax::{self, LineKind};
use lsp_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
    SemanticTokensResult,
};

/// Token types, by index.
pub const COMMENT: u32 = 0;
pub const DIRECTIVE: u32 = 1;
pub const DATE: u32 = 2;
pub const TIME: u32 = 3;
pub const PLANNED: u32 = 4;
pub const KIND: u32 = 5;
pub const SLUG: u32 = 6;
pub const KEY: u32 = 7;
pub const VALUE: u32 = 8;
pub const BODY: u32 = 9;
pub const ARGUMENT: u32 = 10;

/// The legend: standard token types so every theme colours them; dates, times and bodies
/// carry a modifier that tells them apart (`date`, `time`, `documentation`).
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: vec![
            SemanticTokenType::COMMENT,
            SemanticTokenType::MACRO,
            SemanticTokenType::NUMBER,
            SemanticTokenType::NUMBER,
            SemanticTokenType::OPERATOR,
            SemanticTokenType::KEYWORD,
            SemanticTokenType::NAMESPACE,
            SemanticTokenType::PROPERTY,
            SemanticTokenType::STRING,
            SemanticTokenType::STRING,
            SemanticTokenType::PARAMETER,
        ],
        token_modifiers: vec![
            SemanticTokenModifier::new("date"),
            SemanticTokenModifier::new("time"),
            SemanticTokenModifier::DOCUMENTATION,
        ],
    }
}

fn modifiers(kind: u32) -> u32 {
    match kind {
        DATE => 1,
        TIME => 2,
        BODY => 4,
        _ => 0,
    }
}

/// The tokens of one document as (byte start, byte end, type), in order.
pub fn classify(text: &str) -> Vec<(usize, usize, u32)> {
    let file = syntax::parse(text);
    let mut out = Vec::new();
    for ((start, _, _), l) in crate::parse::lines(text, file.bom.len()).zip(&file.lines) {
        let content_start = start + l.indent.len();
        let at = |part: &str| content_start + line::offset(l.content, part);
        let mut push = |s: usize, len: usize, kind: u32| {
            if len > 0 {
                out.push((s, s + len, kind));
            }
        };
        match &l.kind {
            LineKind::Blank | LineKind::Error => {}
            LineKind::Comment => push(content_start, l.content.len(), COMMENT),
            LineKind::Body(_) => push(content_start, l.content.len(), BODY),
            LineKind::Attribute { key, value } => {
                push(content_start, key.len(), KEY);
                push(at(value), value.len(), VALUE);
            }
            LineKind::Directive { word, args } => {
                push(content_start, word.len(), DIRECTIVE);
                push(at(args), args.len(), ARGUMENT);
            }
            LineKind::Header(h) => {
                let opportunity = h.entry.opportunity;
                let mut words = l
                    .content
                    .split(line::is_blank)
                    .filter(|w| !w.is_empty())
                    .peekable();
                if let Some(date) = words.next() {
                    push(at(date), date.len(), DATE);
                }
                if let Some(t) = words.next_if(|w| w.contains(':')) {
                    push(at(t), t.len(), TIME);
                }
                if let Some(p) = words.next_if(|w| *w == "!") {
                    push(at(p), 1, PLANNED);
                }
                if let Some(k) = words.next() {
                    push(at(k), k.len(), KIND);
                }
                let slug = at(opportunity);
                push(slug, opportunity.len(), SLUG);
                let rest_start = slug + opportunity.len();
                let end = content_start + l.content.len();
                let rest = &text[rest_start..end];
                let lead = rest.len() - rest.trim_start_matches(line::BLANKS).len();
                push(rest_start + lead, rest.len() - lead, VALUE);
            }
        }
        if let Some(c) = l.comment() {
            let s = content_start + l.content.len() + (l.trailing.len() - c.len());
            push(s, c.len(), COMMENT);
        }
    }
    out
}

pub fn full(session: &Session, doc: &Document) -> SemanticTokensResult {
    let mut data = Vec::new();
    let (mut prev_line, mut prev_col) = (0, 0);
    for (s, e, kind) in classify(&doc.text) {
        let a = session.position(&doc.text, &doc.index, s);
        let b = session.position(&doc.text, &doc.index, e);
        if b.line != a.line {
            continue;
        }
        let delta_line = a.line - prev_line;
        let delta_start = if delta_line == 0 {
            a.character - prev_col
        } else {
            a.character
        };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length: b.character - a.character,
            token_type: kind,
            token_modifiers_bitset: modifiers(kind),
        });
        prev_line = a.line;
        prev_col = a.character;
    }
    SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    })
}
