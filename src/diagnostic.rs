//! One plain-data diagnostic type, produced by the parser and the rules alike and turned into
//! miette reports, JSON or tables by the renderers.

use crate::model::{SourceMap, Span};
use crate::rule::Rule;
pub use crate::rule::Severity;

/// A secondary location with its own text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// One finding: a rule, where, what and what to do instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The primary location; its start gives the reported line and column.
    pub span: Span,
    /// The text shown under the primary span.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    pub opportunity: Option<String>,
    /// The changes that resolve the finding, when the rule knows some (the editor offers each
    /// as a quick fix, the first as the preferred one); empty when none.
    pub fixes: Vec<Fix>,
}

/// One replacement of a span's text (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A titled set of edits that resolves a finding, e.g. "Replace with `thank-you`".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// Replace `span` with `replacement`.
    pub fn replace(title: impl Into<String>, span: Span, replacement: impl Into<String>) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
        }
    }

    /// Insert `line` (without line end) as a new line after the line that `span` ends on, in
    /// `text` (the text of `span.file`), using the text's line ending.
    pub fn insert_line_after(title: impl Into<String>, text: &str, span: Span, line: &str) -> Fix {
        let end = (span.end as usize).min(text.len());
        let rest = &text[end..];
        // The line ending of the line the span ends on (LF when it has none).
        let newline = memchr::memchr(b'\n', rest.as_bytes());
        let crlf = newline.is_some_and(|i| text[..end + i].ends_with('\r'));
        let eol = if crlf { "\r\n" } else { "\n" };
        let (at, replacement) = match newline {
            Some(i) => (end + i + 1, format!("{line}{eol}")),
            None => (text.len(), format!("{eol}{line}")),
        };
        Fix::replace(title, Span::new(span.file, at, at), replacement)
    }

    /// [`Fix::insert_line_after`] in the file of `span`, indented as an attribute.
    pub fn add_attribute(sources: &SourceMap<'_>, span: Span, line: &str) -> Fix {
        let text = sources.files.get(span.file as usize).map_or("", |f| f.text);
        let key = line.split(':').next().unwrap_or(line);
        Fix::insert_line_after(
            format!("Insert a `{key}:` line"),
            text,
            span,
            &format!("    {line}"),
        )
    }

    /// Apply the edits to `text` (the edits of one file, not overlapping).
    pub fn apply(&self, text: &str) -> String {
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = text.to_string();
        for e in edits {
            let r = e.span.range();
            if r.end <= out.len() && out.is_char_boundary(r.start) && out.is_char_boundary(r.end) {
                out.replace_range(r, &e.replacement);
            }
        }
        out
    }
}

impl Diagnostic {
    /// A diagnostic of `rule` at its default severity.
    pub fn new(rule: Rule, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.default_severity(),
            message: message.into(),
            help: None,
            span,
            label: None,
            labels: Vec::new(),
            opportunity: None,
            fixes: Vec::new(),
        }
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn label(mut self, text: impl Into<String>) -> Self {
        self.label = Some(text.into());
        self
    }
    pub fn with_label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }
    pub fn opportunity(mut self, slug: &str) -> Self {
        self.opportunity = Some(slug.to_string());
        self
    }
    /// Attach a fix that resolves this finding (after those already attached).
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
    /// The rule's code, e.g. `"C004"`.
    pub fn code(&self) -> &'static str {
        self.rule.code()
    }
    /// The rule's kebab-case name.
    pub fn name(&self) -> &'static str {
        self.rule.name()
    }
}
