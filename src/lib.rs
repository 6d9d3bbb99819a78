//! nudge: a linter and reporter for a plain-text job-search follow-up journal.
//!
//! Data flows one way: text → [`parse`] → [`model::Journal`] → [`timeline`] → [`rules`] and
//! [`report`] → renderers. Everything below [`cli`] is pure: it takes "today" as an argument.
#![deny(clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod calendar;
pub mod cli;
pub mod diagnostic;
pub mod escape;
pub mod format;
pub mod fs;
#[cfg(test)]
mod generate;
pub mod line_index;
pub mod lsp;
pub mod model;
pub mod parse;
pub mod policy;
pub mod render;
pub mod report;
pub mod rule;
pub mod rules;
pub mod stream;
pub mod suggest;
pub mod timeline;
