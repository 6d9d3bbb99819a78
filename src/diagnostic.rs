//! One plain-data diagnostic type, produced by the parser and the rules alike and turned into
//! miette reports, JSON or tables by the renderers.

use crate::model::Span;
use crate::rules::registry;
use serde::Serialize;

/// How serious a finding is; `Off` silences a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn from_word(word: &str) -> Option<Severity> {
        match word {
            "off" => Some(Severity::Off),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A secondary location with its own text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// One finding: a rule's code, where, what and what to do instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The primary location; its start gives the reported line and column.
    pub span: Span,
    /// The text shown under the primary span.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    pub opportunity: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of rule `code` at its default severity.
    pub fn new(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        let severity = registry::lookup(code)
            .map(|r| r.severity)
            .unwrap_or(Severity::Error);
        Diagnostic {
            code,
            severity,
            message: message.into(),
            help: None,
            span,
            label: None,
            labels: Vec::new(),
            opportunity: None,
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
    /// The rule's kebab-case name.
    pub fn name(&self) -> &'static str {
        registry::lookup(self.code).map(|r| r.name).unwrap_or("")
    }
}
