//! One module per request. [`dispatch`] decodes the parameters, finds the document and hands
//! both to the handler; a request it cannot serve gets an error response, never a crash.

pub mod code_actions;
pub mod completion;
pub mod facts;
pub mod formatting;
pub mod hover;
pub mod inlay_hints;
pub mod navigation;
pub mod semantic_tokens;
pub mod symbols;

use super::session::{Analysis, Session};
use lsp_server::{ErrorCode, Request, Response};
use lsp_types::request::Request as _;
use lsp_types::request::*;
use lsp_types::Uri;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Why a request failed: an LSP error code and a message.
pub type Failure = (ErrorCode, String);

/// Answer one request.
pub fn dispatch(session: &mut Session, req: Request) -> Response {
    let id = req.id.clone();
    let result = match req.method.as_str() {
        HoverRequest::METHOD => with::<lsp_types::HoverParams>(session, &req, |s, p| {
            let pos = &p.text_document_position_params;
            analyse(s, &pos.text_document.uri, |a| hover::hover(a, pos.position))
        }),
        InlayHintRequest::METHOD => with::<lsp_types::InlayHintParams>(session, &req, |s, p| {
            analyse(s, &p.text_document.uri, |a| inlay_hints::hints(a, p.range))
        }),
        Completion::METHOD => with::<lsp_types::CompletionParams>(session, &req, |s, p| {
            let pos = &p.text_document_position;
            analyse(s, &pos.text_document.uri, |a| {
                completion::complete(a, pos.position)
            })
        }),
        CodeActionRequest::METHOD => with::<lsp_types::CodeActionParams>(session, &req, |s, p| {
            analyse(s, &p.text_document.uri, |a| code_actions::actions(a, &p))
        }),
        Formatting::METHOD => with::<lsp_types::DocumentFormattingParams>(session, &req, |s, p| {
            let doc = open(s, &p.text_document.uri)?;
            to_value(formatting::format(s, doc))
        }),
        DocumentSymbolRequest::METHOD => {
            with::<lsp_types::DocumentSymbolParams>(session, &req, |s, p| {
                analyse(s, &p.text_document.uri, symbols::document_symbols)
            })
        }
        FoldingRangeRequest::METHOD => {
            with::<lsp_types::FoldingRangeParams>(session, &req, |s, p| {
                analyse(s, &p.text_document.uri, symbols::folding_ranges)
            })
        }
        GotoDefinition::METHOD => with::<lsp_types::GotoDefinitionParams>(session, &req, |s, p| {
            let pos = &p.text_document_position_params;
            analyse(s, &pos.text_document.uri, |a| {
                navigation::definition(a, pos.position)
            })
        }),
        References::METHOD => with::<lsp_types::ReferenceParams>(session, &req, |s, p| {
            let pos = &p.text_document_position;
            analyse(s, &pos.text_document.uri, |a| {
                navigation::references(a, pos.position)
            })
        }),
        PrepareRenameRequest::METHOD => {
            with::<lsp_types::TextDocumentPositionParams>(session, &req, |s, p| {
                analyse(s, &p.text_document.uri, |a| {
                    navigation::prepare_rename(a, p.position)
                })
            })
        }
        Rename::METHOD => with::<lsp_types::RenameParams>(session, &req, |s, p| {
            let pos = &p.text_document_position;
            let result = s.with_analysis(&pos.text_document.uri, |a| {
                navigation::rename(a, pos.position, &p.new_name)
            });
            match result {
                None => Err(not_open(&pos.text_document.uri)),
                Some(Err(e)) => Err(e),
                Some(Ok(edit)) => to_value(edit),
            }
        }),
        SemanticTokensFullRequest::METHOD => {
            with::<lsp_types::SemanticTokensParams>(session, &req, |s, p| {
                let doc = open(s, &p.text_document.uri)?;
                to_value(semantic_tokens::full(s, doc))
            })
        }
        method => Err((
            ErrorCode::MethodNotFound,
            format!("nudge does not serve `{method}`"),
        )),
    };
    match result {
        Ok(v) => Response::new_ok(id, v),
        Err((code, message)) => Response::new_err(id, code as i32, message),
    }
}

fn with<P: DeserializeOwned>(
    session: &mut Session,
    req: &Request,
    f: impl FnOnce(&mut Session, P) -> Result<Value, Failure>,
) -> Result<Value, Failure> {
    let params: P = serde_json::from_value(req.params.clone()).map_err(|e| {
        (
            ErrorCode::InvalidParams,
            format!("bad parameters for {}: {e}", req.method),
        )
    })?;
    f(session, params)
}

fn not_open(uri: &Uri) -> Failure {
    (
        ErrorCode::InvalidParams,
        format!("{} is not open (send didOpen first)", uri.as_str()),
    )
}

fn open<'s>(session: &'s Session, uri: &Uri) -> Result<&'s super::session::Document, Failure> {
    session.docs.get(uri).ok_or_else(|| not_open(uri))
}

fn analyse<R: serde::Serialize>(
    session: &Session,
    uri: &Uri,
    f: impl FnOnce(&Analysis<'_, '_>) -> R,
) -> Result<Value, Failure> {
    match session.with_analysis(uri, f) {
        Some(r) => to_value(r),
        None => Err(not_open(uri)),
    }
}

fn to_value<R: serde::Serialize>(r: R) -> Result<Value, Failure> {
    serde_json::to_value(r).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

/// The word (letters, digits, `-`, `_`, `.`) around byte `offset` of `text`, with its start.
pub fn word_at(text: &str, offset: usize) -> Option<(usize, &str)> {
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    (end > start).then(|| (start, &text[start..end]))
}
