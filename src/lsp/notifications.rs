//! Document notifications (`didOpen`, `didChange`, `didClose`, `didSave`) and the
//! diagnostics they publish.

use super::session::{Analysis, Document, Session};
use super::{Log, LogLevel};
use crate::diagnostic::Severity;
use lsp_server::Notification;
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString, PublishDiagnosticsParams, Uri,
};
use std::str::FromStr;

/// Handle one notification; returns the notifications to send back. A bad one is logged and
/// ignored.
pub fn dispatch(session: &mut Session, n: Notification, log: Log) -> Vec<Notification> {
    let method = n.method.clone();
    let result = match method.as_str() {
        DidOpenTextDocument::METHOD => n
            .extract::<lsp_types::DidOpenTextDocumentParams>(&method)
            .map(|p| {
                let uri = p.text_document.uri;
                session.docs.insert(
                    uri.clone(),
                    Document::new(p.text_document.text, p.text_document.version),
                );
                refresh(session, &uri)
            }),
        DidChangeTextDocument::METHOD => n
            .extract::<lsp_types::DidChangeTextDocumentParams>(&method)
            .map(|p| {
                let uri = p.text_document.uri;
                let encoding = session.encoding;
                let Some(doc) = session.docs.get_mut(&uri) else {
                    log.at(LogLevel::Warn, || {
                        format!("didChange for {} which is not open", uri.as_str())
                    });
                    return Vec::new();
                };
                for change in p.content_changes {
                    match change.range {
                        None => doc.text = change.text,
                        Some(r) => {
                            let at = |pos: lsp_types::Position| {
                                doc.index.offset(
                                    &doc.text,
                                    crate::line_index::LineCol {
                                        line: pos.line,
                                        col: pos.character,
                                    },
                                    encoding,
                                ) as usize
                            };
                            let (a, b) = (at(r.start), at(r.end));
                            let (a, b) = (a.min(b), a.max(b));
                            doc.text.replace_range(a..b, &change.text);
                        }
                    }
                    doc.index = crate::line_index::LineIndex::new(&doc.text);
                }
                doc.version = p.text_document.version;
                refresh(session, &uri)
            }),
        DidCloseTextDocument::METHOD => n
            .extract::<lsp_types::DidCloseTextDocumentParams>(&method)
            .map(|p| {
                let uri = p.text_document.uri;
                session.docs.remove(&uri);
                session.included.remove(&uri);
                let mut out = vec![publish(uri.clone(), Vec::new(), None)];
                for other in session.published.remove(&uri).unwrap_or_default() {
                    out.push(publish(other, Vec::new(), None));
                }
                // Journals that include it now read it from disk.
                out.extend(refresh_includers(session, &uri));
                out
            }),
        DidSaveTextDocument::METHOD => n
            .extract::<lsp_types::DidSaveTextDocumentParams>(&method)
            .map(|p| {
                let uri = p.text_document.uri;
                if session.docs.contains_key(&uri) {
                    refresh(session, &uri)
                } else {
                    Vec::new()
                }
            }),
        "initialized" | "$/cancelRequest" | "$/setTrace" | "workspace/didChangeConfiguration" => {
            Ok(Vec::new())
        }
        _ => {
            log.at(LogLevel::Warn, || format!("ignored notification {method}"));
            Ok(Vec::new())
        }
    };
    result.unwrap_or_else(|e| {
        log.at(LogLevel::Error, || format!("ignored a bad {method}: {e}"));
        Vec::new()
    })
}

/// Diagnostics after `uri` changed: a file that an open journal includes is judged as part of
/// that journal (its findings come from there); any other is a journal of its own.
fn refresh(session: &mut Session, uri: &Uri) -> Vec<Notification> {
    let includers = includers(session, uri);
    if includers.is_empty() {
        return diagnostics_for(session, uri);
    }
    let mut out = Vec::new();
    for root in includers {
        out.extend(diagnostics_for(session, &root));
    }
    out
}

fn includers(session: &Session, uri: &Uri) -> Vec<Uri> {
    let mut v: Vec<Uri> = session
        .included
        .iter()
        .filter(|(root, inc)| *root != uri && inc.contains(uri) && session.docs.contains_key(*root))
        .map(|(root, _)| root.clone())
        .collect();
    v.sort();
    v
}

fn refresh_includers(session: &mut Session, uri: &Uri) -> Vec<Notification> {
    let mut out = Vec::new();
    for root in includers(session, uri) {
        out.extend(diagnostics_for(session, &root));
    }
    out
}

/// Check the journal open as `uri` and publish its findings: those in the document itself,
/// and those in the files it includes, open or not (cleared when they go away).
pub fn diagnostics_for(session: &mut Session, uri: &Uri) -> Vec<Notification> {
    let Some((per_file, included)) = session.with_analysis(uri, |a| {
        let mut per_file: Vec<(Uri, Vec<lsp_types::Diagnostic>)> =
            a.uris.iter().map(|u| (u.clone(), Vec::new())).collect();
        for d in &a.diagnostics {
            if let Some(slot) = per_file.get_mut(d.span.file as usize) {
                slot.1.push(to_lsp(a, d));
            }
        }
        (per_file, a.uris[1..].to_vec())
    }) else {
        return Vec::new();
    };
    let version = session.docs.get(uri).map(|d| d.version);
    let mut out = Vec::new();
    let mut extra: Vec<Uri> = Vec::new();
    for (i, (target, diags)) in per_file.into_iter().enumerate() {
        if i == 0 {
            out.push(publish(target, diags, version));
        } else if !extra.contains(&target) {
            extra.push(target.clone());
            out.push(publish(target, diags, None));
        }
    }
    for old in session.published.remove(uri).unwrap_or_default() {
        if !extra.contains(&old) && !session.docs.contains_key(&old) && &old != uri {
            out.push(publish(old, Vec::new(), None));
        }
    }
    session.published.insert(uri.clone(), extra);
    session.included.insert(uri.clone(), included);
    out
}

fn publish(
    uri: Uri,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) -> Notification {
    Notification::new(
        PublishDiagnostics::METHOD.to_string(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    )
}

/// One finding as the protocol shows it: the range over the labelled words, severity, code,
/// `codeDescription` naming the rule, and the labels and help as related information.
pub fn to_lsp(a: &Analysis<'_, '_>, d: &crate::diagnostic::Diagnostic) -> lsp_types::Diagnostic {
    let here = a.location(d.span);
    let mut related = Vec::new();
    if let Some(label) = &d.label {
        related.push(DiagnosticRelatedInformation {
            location: here.clone(),
            message: label.clone(),
        });
    }
    for l in &d.labels {
        related.push(DiagnosticRelatedInformation {
            location: a.location(l.span),
            message: l.text.clone(),
        });
    }
    if let Some(help) = &d.help {
        related.push(DiagnosticRelatedInformation {
            location: here.clone(),
            message: format!("help: {help}"),
        });
    }
    lsp_types::Diagnostic {
        range: here.range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            _ => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code().to_string())),
        code_description: rule_uri(d.code()).map(|href| lsp_types::CodeDescription { href }),
        source: Some("nudge".into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The URI naming a rule's explain page: `nudge:explain/C004` (`nudge explain C004` prints it;
/// hover shows it).
pub fn rule_uri(code: &str) -> Option<Uri> {
    Uri::from_str(&format!("nudge:explain/{code}")).ok()
}
