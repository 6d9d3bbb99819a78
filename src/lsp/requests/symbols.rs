//! `textDocument/documentSymbol` (opportunities with their entries) and
//! `textDocument/foldingRange` (each entry folds).

use super::facts;
use crate::lsp::session::Analysis;
use crate::model::Span;
use lsp_types::{DocumentSymbol, FoldingRange, FoldingRangeKind, SymbolKind};

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be named to build one.
pub fn document_symbols(a: &Analysis<'_, '_>) -> Vec<DocumentSymbol> {
    let timeline = facts::checked(a);
    let mut out = Vec::new();
    for opp in &timeline.opportunities {
        let mut children = Vec::new();
        let (mut lo, mut hi) = (u32::MAX, 0);
        for &i in &opp.entries {
            let e = &a.journal.entries[i];
            if e.header.file != 0 {
                continue;
            }
            lo = lo.min(e.block.start);
            hi = hi.max(e.block.end);
            let planned = if e.planned { " !" } else { "" };
            children.push(DocumentSymbol {
                name: format!("{}{planned} {}", e.date, e.kind.as_str()),
                detail: e.title().map(|t| facts::one_line(&t)),
                kind: SymbolKind::EVENT,
                tags: None,
                deprecated: None,
                range: a.range(e.block),
                selection_range: a.range(e.header),
                children: None,
            });
        }
        if children.is_empty() {
            continue;
        }
        let opener = opp
            .opened_by
            .map(|i| &a.journal.entries[i])
            .filter(|e| e.header.file == 0)
            .map_or_else(
                || Span::new(0, lo as usize, lo as usize),
                |e| slug_span(a, e),
            );
        let selection = if opener.start >= lo && opener.end <= hi {
            opener
        } else {
            Span::new(0, lo as usize, lo as usize)
        };
        out.push(DocumentSymbol {
            name: opp.slug.to_string(),
            detail: opp.title(a.journal).map(|t| facts::one_line(&t)),
            kind: SymbolKind::NAMESPACE,
            tags: None,
            deprecated: None,
            range: a.range(Span::new(0, lo as usize, hi as usize)),
            selection_range: a.range(selection),
            children: Some(children),
        });
    }
    out
}

/// Where an entry's slug is in its header.
pub fn slug_span(a: &Analysis<'_, '_>, e: &crate::model::Entry<'_>) -> Span {
    let header = a.journal.sources.text(e.header);
    let start = e.header.start as usize + crate::parse::line::offset(header, e.opportunity);
    Span::new(e.header.file, start, start + e.opportunity.len())
}

pub fn folding_ranges(a: &Analysis<'_, '_>) -> Vec<FoldingRange> {
    a.journal
        .entries
        .iter()
        .filter(|e| e.block.file == 0)
        .filter_map(|e| {
            let r = a.range(e.block);
            (r.end.line > r.start.line).then(|| FoldingRange {
                start_line: r.start.line,
                start_character: None,
                end_line: r.end.line,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: Some(format!("{} {} {}", e.date, e.kind.as_str(), e.opportunity)),
            })
        })
        .collect()
}
